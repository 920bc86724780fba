/*
 * client.c: lab 02: the client protocol.
 *
 * Your file. Write the lecture's client: resolve the server's name, create
 * a socket, connect it to the server's address and port, print
 * "Connected to NAME:PORT", then hand the socket to the given client()
 * loop (../common/echo.h) and close it when client() returns. Build and
 * try it with
 *     make && ./client localhost 5555     (first, in another terminal: nc -l 5555)
 * and grade it with `make grade LAB=02-client` from the kit's top folder.
 * The handout (handouts/02-client.md) walks through each step.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 1: the arguments. The lecture trusts atoi(argv[2]); instead,
     * unless there are exactly two arguments and parse_port(argv[2], 1)
     * (../common/args.h) accepts the port, print "usage: ./client HOST PORT"
     * on stderr and exit(2). */

    /* TODO 2: resolve the host, argv[1]: a name such as localhost or a
     * numeric address such as 127.0.0.1. The lecture uses gethostbyname()
     * (IPv4 only; copy server->h_addr into the address's sin_addr);
     * getaddrinfo() is the modern way, knows IPv6 (::1) too, and may give
     * several addresses to try in turn. If the host cannot be resolved, for
     * any reason, print exactly "ERROR, no such host" on stderr and exit(1):
     * the lecture's exit(0) tells a script that all went well. */

    /* TODO 3: socket(): a TCP socket (SOCK_STREAM) of the address's family. */

    /* TODO 4: connect() to the address at the port, in network byte order
     * (htons). On failure: error("ERROR connecting"). */

    /* TODO 5: print "Connected to NAME:PORT" (NAME as typed or as the
     * resolver names it, PORT as given) and fflush(stdout). */

    /* TODO 6: run the given client() loop on the socket, then close() it.
     * Exit 0, or 1 if client() returned -1 (the server went away). */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

/*
 * server.c: lab 03: the server protocol, version 1 (one client at a time).
 *
 * Your file. Write the lecture's server: create a socket, bind it to the
 * port, listen, then accept one connection at a time and hand it to the
 * given server() loop (../common/echo.h), closing it when the client
 * leaves. Build and try it with
 *     make && ./server 5555        (then, in another terminal: nc localhost 5555)
 * and grade it with `make grade LAB=03-server-v1` from the kit's top folder.
 * The handout (handouts/03-server-v1.md) walks through each step.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"

#define BACKLOG 5  /* connections the kernel queues before accept() */

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 1: the arguments. The lecture trusts atoi(argv[1]); instead,
     * unless there is exactly one argument and parse_port(argv[1], 0)
     * (../common/args.h) accepts it, print "usage: ./server PORT" on
     * stderr and exit(2). */

    /* TODO 2: SIGPIPE. A client that leaves while the server is still
     * echoing to it makes write() raise SIGPIPE, which ends the whole
     * server. Ignore it, so that write() returns -1 (EPIPE) instead. */

    /* TODO 3: socket(): a TCP socket (AF_INET, SOCK_STREAM). */

    /* TODO 4: setsockopt() SO_REUSEADDR, so that a restarted server can
     * bind its port at once instead of a minute later. */

    /* TODO 5: bind() to every local address (INADDR_ANY) at the port, in
     * network byte order (htons). On failure: error("ERROR on binding"). */

    /* TODO 6: listen(), then ask getsockname() which port you got (port 0
     * lets the kernel choose), print "listening on port N" and
     * fflush(stdout): on a pipe or file, stdio would keep the line. */

    /* TODO 7: forever: accept() a connection; server() it; close() it.
     * A failed accept() is reported (perror) and the loop goes on. */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

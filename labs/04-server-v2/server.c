/*
 * server.c: lab 04: the server protocol, version 2 (a child per
 * connection; the parent waits for it).
 *
 * Your file. The set-up you wrote in lab 03 is given now: listen_on() and
 * bound_port() in ../common/listener.h. This lab is about what happens
 * after accept(): fork a child to serve the connection, and have the parent
 * wait for that child before it accepts the next one. Build and try it with
 *     make && ./server 5555        (then, in another terminal: nc localhost 5555)
 * and grade it with `make grade LAB=04-server-v2` from the kit's top folder.
 * The handout (handouts/04-server-v2.md) draws the parent and the child.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"
#include "listener.h"

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 1: the arguments, as in lab 03: exactly one, accepted by
     * parse_port(argv[1], 0); otherwise "usage: ./server PORT" on stderr
     * and exit(2). */

    /* TODO 2: ignore SIGPIPE, as in lab 03 (the children inherit it). */

    /* TODO 3: sockfd = listen_on(port, &failed); on -1, error(failed).
     * Print "listening on port N" with N from bound_port(sockfd), and
     * fflush(stdout): besides reaching a pipe, this empties the stdio
     * buffer that every child would otherwise inherit and print again. */

    /* TODO 4: forever:
     *   accept() a connection (on failure: perror, and go on);
     *   fork();
     *   in the child (fork returned 0): close the listening socket, call
     *     server() on the connection, close it, and _exit(0): the child
     *     must never fall back into this loop;
     *   in the parent: close the connection (the child has its own copy),
     *     then waitpid() for that child before accepting again. */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

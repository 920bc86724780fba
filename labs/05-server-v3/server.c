/*
 * server.c: lab 05: the server protocol, version 3 (a child per
 * connection, no waiting: clients are served at the same time).
 *
 * Your file. Start from your lab 04 server: the parent no longer waits for
 * each child, so it needs another way to reap the children that exit (a
 * SIGCHLD handler), and accept() must survive being interrupted by that
 * signal. Build and try it with
 *     make && ./server 5555        (then, in two other terminals: nc localhost 5555)
 * and grade it with `make grade LAB=05-server-v3` from the kit's top folder.
 * The handout (handouts/05-server-v3.md) explains reaping and EINTR.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* TODO 1: a SIGCHLD handler that reaps every child that has exited:
 * signals do not queue, so one SIGCHLD may stand for several exits. Keep
 * it tiny: save errno, loop on waitpid(-1, NULL, WNOHANG) > 0, restore
 * errno (see signal-safety(7) for what a handler may call). */

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 2: the arguments, as in lab 03 (usage and exit 2). */

    /* TODO 3: ignore SIGPIPE; install your SIGCHLD handler with
     * sigaction() (decide on sa_flags: what should happen to an accept()
     * that the signal interrupts?). */

    /* TODO 4: listen_on(), print "listening on port N", fflush(stdout),
     * as in lab 04. */

    /* TODO 5: forever: accept (if it fails with errno EINTR, a child
     * exited: just try again); fork; the child serves and _exit()s as in
     * lab 04; the parent closes its copy of the connection and goes
     * straight back to accept(), without waiting. */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

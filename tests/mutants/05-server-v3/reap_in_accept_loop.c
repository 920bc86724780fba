/* check: burst_reaped, no_zombies — no SIGCHLD handler: the accept loop calls waitpid(-1, NULL, WNOHANG) once before each accept(), so a child that exits stays a zombie until the next client comes, and one call reaps one child however many have exited. */
/*
 * server.c: lab 05 reference solution: the server protocol, version 3.
 *
 * As version 2, but the parent does not wait for the child: it goes back
 * to accept() at once, so clients are served at the same time. Children
 * that have exited are reaped in the accept loop. Made correct:
 * - accept() interrupted by a signal is simply retried;
 * - each process closes the socket it does not use, so that descriptors
 *   do not pile up in the parent over thousands of connections.
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

/*
 * serve_in_child: the child's whole life. It serves one connection and
 * exits; it must never return into the parent's accept loop.
 */
static void serve_in_child(int sockfd, int newsockfd)
{
    /* The listening socket is the parent's: a child holding a copy would
     * keep the port open after the parent is gone. */
    close(sockfd);
    server(newsockfd);
    close(newsockfd);
    _exit(0);  /* not exit(): the parent's stdio buffers are not ours to flush */
}

int main(int argc, char *argv[])
{
    int sockfd, newsockfd, portno;
    const char *failed;
    pid_t pid;

    if (argc != 2 || (portno = parse_port(argv[1], 0)) < 0) {
        fprintf(stderr, "usage: %s PORT   (0 lets the kernel choose)\n", argv[0]);
        exit(2);
    }
    /* A child writing to a client that has gone gets EPIPE, not death. */
    signal(SIGPIPE, SIG_IGN);
    sockfd = listen_on(portno, &failed);             /* socket, bind, listen */
    if (sockfd < 0)
        error(failed);
    if ((portno = bound_port(sockfd)) < 0)
        error("ERROR on getsockname");
    printf("listening on port %d\n", portno);
    fflush(stdout);  /* also empties the buffer every child would inherit */

    while (1) {
        /* Reap a child that has exited, without blocking the server. */
        waitpid(-1, NULL, WNOHANG);
        newsockfd = accept(sockfd, NULL, NULL);      /* accept */
        if (newsockfd < 0) {
            if (errno != EINTR)  /* EINTR: a child exited; just go on */
                perror("ERROR on accept");
            continue;
        }
        pid = fork();                                /* fork */
        if (pid < 0) {
            perror("ERROR on fork");  /* this client is lost, not the server */
            close(newsockfd);
            continue;
        }
        if (pid == 0)
            serve_in_child(sockfd, newsockfd);       /* child: serve */
        /* Parent: the child has its own copy of the connection. Ours must
         * go, or the connection stays open after the child closes it (the
         * client never sees end of file) and descriptors pile up. No wait:
         * the loop reaps the child once it has exited. */
        close(newsockfd);
    }
}

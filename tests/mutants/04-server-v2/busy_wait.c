/* check: parent_waits, no_zombies — the parent polls waitpid() with WNOHANG in a loop until the child is done: it still serves one client at a time and reaps every child, but it spins on the CPU the whole time a client is connected instead of sleeping in wait(). */
/*
 * server.c: lab 04 reference solution: the server protocol, version 2.
 *
 * The lecture's fork server: the parent accepts a connection and forks a
 * child to serve it, then waits for that child before it accepts again.
 * Still one client at a time, but each is served by a process of its own,
 * so a crash while serving one client no longer takes the server down.
 * Made correct:
 * - each process closes the socket it does not use (see the comments);
 * - the child ends with _exit(), never by falling back into the accept loop;
 * - a child that died (of a signal, say) is just one connection lost;
 * - stdout is flushed before fork(), so nothing buffered is printed twice.
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
        newsockfd = accept(sockfd, NULL, NULL);      /* accept */
        if (newsockfd < 0) {
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
         * client never sees end of file) and descriptors leak. */
        close(newsockfd);
        /* Poll until the child is done: WNOHANG never hangs the server. */
        while (waitpid(pid, NULL, WNOHANG) == 0)   /* wait */
            ;
    }
}

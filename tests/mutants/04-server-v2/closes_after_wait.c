/* check: parent_closes_connection — the parent closes its copy of the connection only after waitpid() returns, so it holds the connection the whole time the child serves it (harmless here only because the parent waits; in v3 it is a leak). */
/*
 * server.c: lab 04 reference solution: the server protocol, version 2.
 *
 * The lecture's fork server: the parent accepts a connection and forks a
 * child to serve it, then waits for that child before it accepts again.
 * Still one client at a time, but each is served by a process of its own,
 * so a crash while serving one client no longer takes the server down.
 * Made correct:
 * - the child closes the listening socket, and the parent the connection
 *   once the child is done with it (see the comments);
 * - the child ends with _exit(), never by falling back into the accept loop;
 * - wait() is retried when a signal interrupts it, and a child that died
 *   (of a signal, say) is just one connection lost;
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
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)   /* wait */
            ;
        /* Parent: the child has finished with the connection: close it. */
        close(newsockfd);
    }
}

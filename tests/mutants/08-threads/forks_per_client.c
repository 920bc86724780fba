/* check: thread_serves — hands in a lab 05 server: a child process per connection (fork), not a thread; every shared check passes, but this lab's server is one process. */
/*
 * server.c: lab 05 reference solution: the server protocol, version 3.
 *
 * As version 2, but the parent does not wait for the child: it goes back
 * to accept() at once, so clients are served at the same time. Children
 * that have exited are reaped by a SIGCHLD handler. Made correct:
 * - the handler reaps every child that has exited, in a loop: signals do
 *   not queue, so one SIGCHLD may stand for many exits;
 * - the handler saves and restores errno and calls only async-signal-safe
 *   functions (waitpid is one; see signal-safety(7));
 * - accept() interrupted by SIGCHLD is simply retried (SA_RESTART restarts
 *   it, and EINTR is handled as well, for systems that do not);
 * - each process closes the socket it does not use, so that descriptors
 *   do not pile up in the parent over thousands of connections.
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

/* reap_children: the SIGCHLD handler. Reaps every child that has exited,
 * without blocking, and leaves errno as the interrupted code had it. */
static void reap_children(int sig)
{
    int saved_errno = errno;

    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved_errno;
}

/* on_child_exit: installs reap_children for SIGCHLD. Returns 0 or -1. */
static int on_child_exit(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap_children;
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: a slow call (accept) interrupted by the signal is
     * restarted; SA_NOCLDSTOP: a stopped child is no reason to wake. */
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    return sigaction(SIGCHLD, &sa, NULL);
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
    if (on_child_exit() < 0)
        error("ERROR installing the SIGCHLD handler");
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
         * the handler reaps the child when it exits. */
        close(newsockfd);
    }
}

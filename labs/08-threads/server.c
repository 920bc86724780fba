/*
 * server.c: lab 08: a thread per connection (and, as a stretch goal, a
 * fixed pool of threads).
 *
 * Your file. Start from your lab 05 server: where it forked a child per
 * connection, create a thread instead (pthread_create()); the main thread
 * goes straight back to accept(). Threads live in one process and share
 * its descriptors, its memory and its signal dispositions, which changes
 * what must be closed, what must be passed, and what a thread may do when
 * it is done. Build and try it with
 *     make && ./server 5555        (then, in two other terminals: nc localhost 5555)
 * and grade it with `make grade LAB=08-threads` from the kit's top folder.
 * The handout (handouts/08-threads.md) explains threads, detaching, and
 * passing the descriptor.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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

/* TODO 1: the thread's function, void *name(void *arg): it gets the
 * connection's descriptor through arg, calls server() on it, closes it,
 * and ends. Think about how a thread ends without ending the process, and
 * about what arg holds: the descriptor itself, or the address of a
 * variable that main() is about to change? */

/* TODO 2: a helper that creates a thread running TODO 1's function for
 * one connection, and makes sure that nobody has to pthread_join() it
 * (its stack must be given back when it ends). Return 0, or -1 with errno
 * set: pthread functions return their error number instead of setting
 * errno. */

/* STRETCH (0 points; see the handout): a pool. A queue of descriptors
 * guarded by a mutex, condition variables to sleep on, and THREADS worker
 * threads, created before the accept loop, that take a descriptor, serve
 * it, close it and take the next. */

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 3: the arguments: ./server PORT, as in lab 05 (usage and exit
     * 2). With the stretch goal, ./server PORT THREADS too, THREADS a
     * decimal number from 1 to 1000 (parse_count() reads it). */

    /* TODO 4: ignore SIGPIPE, as in lab 05: what does it kill now? */

    /* TODO 5: listen_on(), print "listening on port N", fflush(stdout),
     * as in lab 05. */

    /* TODO 6: forever: accept (retry on EINTR); hand the new connection
     * to a thread (TODO 2) and go straight back to accept(). What should
     * the main thread close now, and what not? If no thread can be made,
     * that client is lost, not the server. */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

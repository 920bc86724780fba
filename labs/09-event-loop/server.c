/*
 * server.c: lab 09: one process, one thread, and an event loop that serves
 * every client at the same time.
 *
 * Your file. No fork() and no threads this time: the server waits in
 * poll() until some socket is ready, serves what is ready without ever
 * blocking, and waits again. Build and try it with
 *     make && ./server 5555        (then, in two other terminals: nc localhost 5555)
 * and grade it with `make grade LAB=09-event-loop` from the kit's top folder.
 * The handout (handouts/09-event-loop.md) explains readiness, the
 * per-connection buffer and back-pressure. Unlike labs 03-08, the server
 * prints nothing per request: a printf() that blocks would stop everyone.
 */
#define _GNU_SOURCE  /* accept4(), if you use it */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "listener.h"

#define BUFFER_SIZE 65536  /* bytes a connection may hold: read, not yet written back */

/* One client. buf[start..end) was read from it and not yet written back. */
struct conn {
    int fd;
    int eof;            /* the client has closed its side: write the rest, then close */
    size_t start, end;
    char buf[BUFFER_SIZE];
};

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

/* TODO 1: the connections. Keep a table of struct conn * by descriptor
 * (NULL where there is none) and the array of struct pollfd that poll()
 * watches: the listening socket first, then one entry per connection.
 * Write small functions with a contract comment each, for instance:
 *   add_connection(fd)      a new connection: its struct, its pollfd entry
 *   close_connection(c)     close() its socket, drop its entry, free it
 *   on_readable(c)          one read() into the room left in c's buffer;
 *                           0 bytes: the client closed (end of file);
 *                           then try to write back what the buffer holds
 *   on_writable(c)          one write() of what c holds; keep what the
 *                           socket did not take (a partial write)
 *   wanted(c)               POLLIN while the buffer has room and no end of
 *                           file; POLLOUT only while it holds bytes
 * Errors of one connection (read() or write() returning -1 with an errno
 * other than EAGAIN) end that connection, never the server. */

/* TODO 2: accept_clients(sockfd): accept() until it fails with EAGAIN
 * (one readiness report may stand for several clients); each new socket
 * non-blocking (fcntl() with O_NONBLOCK, or accept4() with SOCK_NONBLOCK)
 * and added with add_connection(). */

/* TODO 3 (stretch, 0 points): `./server PORT epoll` runs the same loop on
 * epoll (epoll_create1, epoll_ctl, epoll_wait). Share the per-connection
 * functions between the two: only the waiting differs. */

int main(int argc, char *argv[])
{
    int sockfd = -1, port = -1;

    /* TODO 4: the arguments: PORT, then optionally poll or epoll
     * (usage and exit 2 for anything else, as in lab 03). */

    /* TODO 5: ignore SIGPIPE (a write to a client that has gone must not
     * kill the process that serves everyone); listen_on(); make the
     * listening socket non-blocking; print "listening on port N" and
     * fflush(stdout). */

    /* TODO 6: the event loop, forever: poll() with no timeout (-1) on the
     * listening socket and every connection; then accept_clients() if the
     * listening socket is readable, and for each connection that poll()
     * reported, on_writable() / on_readable(); close the connections
     * that failed, or that reached end of file with nothing left to
     * write; update each one's events from wanted(). */

    (void)argc, (void)argv, (void)sockfd, (void)port, (void)error;
    return 1;
}

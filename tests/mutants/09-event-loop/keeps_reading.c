/* check: memory — a connection's buffer grows (realloc) whenever it is full, so the server never stops reading: a client that never reads its echo makes it hold everything that client sends. (slow_reader catches it alone, but not under load: a busy machine slows this server's reading until it looks stopped.) */
/*
 * server.c: lab 09 reference solution: one process, one thread, and an
 * event loop that serves every client at the same time.
 *
 * Nothing here blocks: the listening socket and every connection are
 * non-blocking, and the only place the server sleeps is poll() (or
 * epoll_wait(), with the word `epoll`), which wakes it when some socket is
 * ready. Each connection has a buffer of its own: what was read and not yet
 * written back waits there. Made correct:
 * - a write may take only part of what it is given: the rest stays in the
 *   buffer, and the server asks to hear when the socket can take more
 *   (POLLOUT), only while it holds bytes to write;
 * - a full buffer stops the reading from that connection (back-pressure):
 *   a client that never reads its echo costs one buffer and stalls nobody;
 * - at end of file the server writes what it still holds, then closes;
 * - an error on one connection ends that connection, never the server.
 * Unlike labs 03-08 it does not print each request: a printf() to a
 * terminal or a full pipe would block the one thread that serves everyone.
 */
#define _GNU_SOURCE  /* accept4() */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "listener.h"

#define BUFFER_SIZE 65536  /* bytes a connection may hold: read, not yet written back */
#define MAX_EVENTS  512    /* epoll: ready sockets taken per epoll_wait() */
#define MAX_FDS     65536  /* the tables' size when RLIMIT_NOFILE allows more */

/* What the loop wants to hear about a socket, and what it hears. Errors
 * and hang-ups come as both: the next read() or write() says which. */
enum { WANT_READ = 1, WANT_WRITE = 2 };

/* One client. buf[start..end) was read and is not yet written back. */
struct conn {
    int fd;
    int interest;   /* WANT_* as the backend was last told */
    int eof;        /* the client has closed its side: write the rest, then close */
    size_t start, end, size;
    char *buf;          /* grows when full: never refuse a client's bytes */
};

/* A ready socket, as the backend reports it. */
struct event {
    int fd;
    int ready;      /* WANT_* */
};

/*
 * The readiness backend: poll() or epoll. The event loop and every
 * per-connection function use only these; the two backends differ in how
 * they keep the interest set, nothing else.
 */
struct backend {
    int (*open)(void);                 /* 0, or -1 with errno */
    int (*watch)(int fd, int want);    /* a new socket: 0, or -1 with errno */
    int (*change)(int fd, int want);   /* 0, or -1 with errno */
    void (*forget)(int fd);            /* called before fd is closed */
    int (*wait)(struct event **ready); /* sleeps; the count of ready sockets, or -1 */
};

static const struct backend *be;  /* the one chosen in main */
static struct conn **conns;       /* by descriptor; NULL where none */
static int max_fds;               /* descriptors are below it; so are the sockets' counts */

/* make_tables: sizes the tables by the descriptors the process may open
 * (RLIMIT_NOFILE, at most MAX_FDS: a descriptor beyond is refused).
 * Returns 0, or -1 with errno. */
static int make_tables(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return -1;
    max_fds = rl.rlim_cur < MAX_FDS ? (int)rl.rlim_cur : MAX_FDS;
    conns = calloc(max_fds, sizeof *conns);
    return conns ? 0 : -1;
}

/* ---- the poll() backend: an array of pollfd, and where each fd is in it */

static struct pollfd *pfds;      /* npfds of them, in no order */
static struct event *poll_ready;
static int *slot_of;             /* by descriptor: its index in pfds */
static int npfds;

static short poll_events(int want)
{
    return (want & WANT_READ ? POLLIN : 0) | (want & WANT_WRITE ? POLLOUT : 0);
}

static int poll_open(void)
{
    pfds = calloc(max_fds, sizeof *pfds);
    poll_ready = calloc(max_fds, sizeof *poll_ready);
    slot_of = calloc(max_fds, sizeof *slot_of);
    return pfds && poll_ready && slot_of ? 0 : -1;
}

static int poll_watch(int fd, int want)
{
    pfds[npfds] = (struct pollfd){ .fd = fd, .events = poll_events(want) };
    slot_of[fd] = npfds++;
    return 0;
}

static int poll_change(int fd, int want)
{
    pfds[slot_of[fd]].events = poll_events(want);
    return 0;
}

/* The last entry moves into the hole: the array stays dense. */
static void poll_forget(int fd)
{
    int i = slot_of[fd];

    pfds[i] = pfds[--npfds];
    slot_of[pfds[i].fd] = i;
}

/* The ready sockets are copied out before any is handled: handling one
 * may add or remove entries of pfds. */
static int poll_wait(struct event **ready)
{
    int n = poll(pfds, npfds, -1), found = 0;

    for (int i = 0; i < npfds && found < n; i++) {
        short r = pfds[i].revents;

        if (r == 0)
            continue;
        poll_ready[found].fd = pfds[i].fd;
        poll_ready[found++].ready = (r & (POLLIN | POLLERR | POLLHUP) ? WANT_READ : 0) |
                                    (r & (POLLOUT | POLLERR | POLLHUP) ? WANT_WRITE : 0);
    }
    *ready = poll_ready;
    return n < 0 ? -1 : found;
}

static const struct backend poll_backend = {
    poll_open, poll_watch, poll_change, poll_forget, poll_wait
};

/* ---- the epoll backend: the kernel keeps the interest set */

static int epfd = -1;

static uint32_t epoll_events(int want)
{
    return (want & WANT_READ ? EPOLLIN : 0) | (want & WANT_WRITE ? EPOLLOUT : 0);
}

static int epoll_open(void)
{
    epfd = epoll_create1(EPOLL_CLOEXEC);
    return epfd < 0 ? -1 : 0;
}

static int epoll_ctl_fd(int op, int fd, int want)
{
    struct epoll_event ev = { .events = epoll_events(want), .data.fd = fd };

    return epoll_ctl(epfd, op, fd, &ev);
}

static int epoll_watch(int fd, int want)
{
    return epoll_ctl_fd(EPOLL_CTL_ADD, fd, want);
}

static int epoll_change(int fd, int want)
{
    return epoll_ctl_fd(EPOLL_CTL_MOD, fd, want);
}

/* Nothing to do: closing the only descriptor of a socket takes it out of
 * the epoll set, and an EPOLL_CTL_DEL would cost a system call per client. */
static void epoll_forget(int fd)
{
    (void)fd;
}

static int epoll_wait_ready(struct event **ready)
{
    static struct epoll_event evs[MAX_EVENTS];
    static struct event found[MAX_EVENTS];
    int n = epoll_wait(epfd, evs, MAX_EVENTS, -1);

    for (int i = 0; i < n; i++) {
        uint32_t r = evs[i].events;

        found[i].fd = evs[i].data.fd;
        found[i].ready = (r & (EPOLLIN | EPOLLERR | EPOLLHUP) ? WANT_READ : 0) |
                         (r & (EPOLLOUT | EPOLLERR | EPOLLHUP) ? WANT_WRITE : 0);
    }
    *ready = found;
    return n;
}

static const struct backend epoll_backend = {
    epoll_open, epoll_watch, epoll_change, epoll_forget, epoll_wait_ready
};

/* ---- connections: the same code for both backends */

/* wanted: what connection c needs to hear about now. Reading while the
 * buffer has room and the client has not closed; writing only while the
 * buffer holds bytes (asking for POLLOUT otherwise wakes the loop at once,
 * every time: a busy loop). */
static int wanted(const struct conn *c)
{
    return (!c->eof ? WANT_READ : 0) |
           (c->end > c->start ? WANT_WRITE : 0);
}

/* close_connection: forgets c and closes its socket. */
static void close_connection(struct conn *c)
{
    be->forget(c->fd);
    close(c->fd);
    conns[c->fd] = NULL;
    free(c->buf);
    free(c);
}

/* on_writable: writes what c holds, as much as the socket takes now.
 * Returns 0, or -1 when the connection has failed (the client is gone). */
static int on_writable(struct conn *c)
{
    ssize_t n = write(c->fd, c->buf + c->start, c->end - c->start);

    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
    c->start += n;
    if (c->start == c->end)  /* all written: the whole buffer is free again */
        c->start = c->end = 0;
    return 0;
}

/* on_readable: reads what fits into c's buffer and at once tries to write
 * it back (the socket can usually take it: no need to wait for POLLOUT).
 * Returns 0, or -1 when the connection has failed. */
static int on_readable(struct conn *c)
{
    ssize_t n;

    if (c->end == c->size) {
        char *bigger = realloc(c->buf, 2 * c->size);

        if (!bigger)
            return -1;
        c->buf = bigger;
        c->size *= 2;
    }
    n = read(c->fd, c->buf + c->end, c->size - c->end);

    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
    if (n == 0) {
        c->eof = 1;
        return 0;
    }
    c->end += n;
    return on_writable(c);
}

/* on_event: serves connection c, which the backend reported READY (WANT_*).
 * Closes it when it failed, or when the client has closed and everything
 * was written back; otherwise tells the backend what c needs next, when
 * that changed (in the steady state nothing changes: no extra call). */
static void on_event(struct conn *c, int ready)
{
    int failed = 0, want;

    if ((ready & WANT_WRITE) && c->end > c->start)
        failed = on_writable(c) < 0;
    /* A full buffer is never read into: read() of 0 bytes returns 0,
     * which would look like end of file. */
    if (!failed && (ready & WANT_READ) && !c->eof)
        failed = on_readable(c) < 0;
    want = wanted(c);
    if (failed || (c->eof && !(want & WANT_WRITE))) {
        close_connection(c);
        return;
    }
    if (want != c->interest) {
        if (be->change(c->fd, want) < 0) {
            close_connection(c);
            return;
        }
        c->interest = want;
    }
}

/* add_connection: makes fd (non-blocking, just accepted) a connection the
 * loop watches. Returns 0, or -1 with errno; the caller then closes fd. */
static int add_connection(int fd)
{
    struct conn *c;

    if (fd >= max_fds) {
        errno = EMFILE;
        return -1;
    }
    if (!(c = malloc(sizeof *c)))
        return -1;
    if (!(c->buf = malloc(BUFFER_SIZE))) {
        free(c);
        return -1;
    }
    c->size = BUFFER_SIZE;
    c->fd = fd;
    c->interest = WANT_READ;
    c->eof = 0;
    c->start = c->end = 0;
    if (be->watch(fd, WANT_READ) < 0) {
        free(c->buf);
        free(c);
        return -1;
    }
    conns[fd] = c;
    return 0;
}

/* accept_clients: accepts every connection that is waiting, until accept4
 * says EAGAIN (one readiness event may stand for many clients). A client
 * that cannot be taken on is closed; the server goes on. */
static void accept_clients(int sockfd)
{
    for (;;) {
        int fd = accept4(sockfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0) {
            /* EAGAIN: no one left. Anything else (ECONNABORTED, EMFILE)
             * concerns one client, or passes: the next event retries. */
            return;
        }
        if (add_connection(fd) < 0)
            close(fd);
    }
}

/* serve_forever: the event loop. Returns -1 with errno only when waiting
 * itself fails. */
static int serve_forever(int sockfd)
{
    struct event *ready;

    for (;;) {
        int n = be->wait(&ready);

        if (n < 0 && errno != EINTR)
            return -1;
        for (int i = 0; i < n; i++) {
            int fd = ready[i].fd;

            if (fd == sockfd)
                accept_clients(sockfd);
            /* A connection closed earlier in this round may still have an
             * event in the list: it has no entry any more. */
            else if (conns[fd])
                on_event(conns[fd], ready[i].ready);
        }
    }
}

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

/* backend_named: the backend a command-line word names, or NULL. */
static const struct backend *backend_named(const char *word)
{
    if (strcmp(word, "poll") == 0)
        return &poll_backend;
    if (strcmp(word, "epoll") == 0)
        return &epoll_backend;
    return NULL;
}

int main(int argc, char *argv[])
{
    int sockfd, portno = -1;
    const char *failed;

    if (argc == 2 || argc == 3)
        portno = parse_port(argv[1], 0);
    be = argc == 3 ? backend_named(argv[2]) : &poll_backend;
    if (portno < 0 || !be) {
        fprintf(stderr, "usage: %s PORT [poll|epoll]   (0 lets the kernel choose)\n", argv[0]);
        exit(2);
    }
    /* Writing to a client that has gone must fail with EPIPE, not kill
     * the one process that serves everyone. */
    signal(SIGPIPE, SIG_IGN);
    sockfd = listen_on(portno, &failed);                 /* socket, bind, listen */
    if (sockfd < 0)
        error(failed);
    /* listen_on's queue of 128 suits the fork and thread servers; this
     * one takes thousands of clients arriving at once, so it asks for the
     * longest queue the kernel allows (listen() again only changes the
     * queue's length). */
    if (listen(sockfd, SOMAXCONN) < 0)
        error("ERROR on listen");
    /* Non-blocking: the client that made the socket readable may be gone
     * by the time we call accept(), which must then not block. */
    if (fcntl(sockfd, F_SETFL, fcntl(sockfd, F_GETFL) | O_NONBLOCK) < 0)
        error("ERROR making the listening socket non-blocking");
    if ((portno = bound_port(sockfd)) < 0)
        error("ERROR on getsockname");
    if (make_tables() < 0 || be->open() < 0 || be->watch(sockfd, WANT_READ) < 0)
        error("ERROR setting up the event loop");
    printf("listening on port %d\n", portno);
    fflush(stdout);

    serve_forever(sockfd);                               /* the event loop */
    error("ERROR waiting for events");
}

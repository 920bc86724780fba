/*
 * echo.c: the echo loops of lab 01: its reference solution, and given code
 * from lab 02 on (the network labs link it; see echo.h).
 *
 * The lecture's getreq/client/server, made correct:
 * - getreq flushes its prompt, so it shows on a pipe or file too;
 * - every write is a full write (writen), since write() may write less;
 * - the client reads back the whole echo, which may come in pieces;
 * - the server's only length is what read() returned (data may hold NULs);
 * - the client stops with an ERROR line when the server goes away, instead
 *   of prompting on and dying of SIGPIPE at its next write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "echo.h"

#define MAXIN  4096  /* longest request getreq() reads, with its NUL byte */
#define MAXOUT 4096  /* the client's receive buffer: holds any echo */
#define MAXREQ 4096  /* the server's chunk size: any size works */

/* The client reads back as many bytes as it sent, all into rcvbuf. */
_Static_assert(MAXOUT >= MAXIN, "an echo must fit in the receive buffer");

/*
 * writen: write all n bytes of buf to fd, after Stevens' UNP: write() may
 * write fewer bytes than asked (a socket's buffer is full, a signal came).
 * Returns n, or -1 with errno set.
 */
static ssize_t writen(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t left = n;

    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return (ssize_t)n;
}

/*
 * readn: read exactly n bytes from fd into buf, in as many read() calls as
 * it takes: a stream socket keeps no message boundaries, so one read() may
 * return part of what the peer wrote.
 * Returns n, fewer than n if end of file came first, or -1 with errno set.
 */
static ssize_t readn(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;

    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* client_error: print the client's ERROR line and give client()'s -1. */
static int client_error(const char *what)
{
    fprintf(stderr, "ERROR %s: %s\n", what, strerror(errno));
    return -1;
}

char *getreq(char *inbuf, int len)
{
    printf("REQ: ");               /* prompt */
    /* stdout is line-buffered on a terminal but fully buffered on a pipe
     * or file, where a prompt without a newline would wait in the buffer
     * until exit. */
    fflush(stdout);
    memset(inbuf, 0, len);         /* clear for good measure */
    return fgets(inbuf, len, stdin); /* read up to a EOL */
}

int client(int sockfd)
{
    char sndbuf[MAXIN];
    char rcvbuf[MAXOUT];
    size_t len;
    ssize_t n;

    /* The lecture tests strlen(sndbuf) > 0 on the cleared buffer; at end
     * of input getreq() returns NULL, which says the same thing directly.
     * A blank line is "\n", one byte: a request like any other. */
    while (getreq(sndbuf, MAXIN) != NULL) {
        len = strlen(sndbuf);
        if (writen(sockfd, sndbuf, len) < 0)                 /* send */
            return client_error("writing to socket");
        n = readn(sockfd, rcvbuf, len);                      /* receive */
        if (n < 0)
            return client_error("reading from socket");
        if ((size_t)n < len) {
            /* End of file before the whole echo: the server has gone.
             * Writing the next request would raise SIGPIPE. */
            fprintf(stderr, "ERROR the server closed the connection\n");
            return -1;
        }
        if (writen(STDOUT_FILENO, rcvbuf, (size_t)n) < 0)   /* echo */
            return client_error("writing to stdout");
    }
    return 0;
}

void server(int consockfd)
{
    char reqbuf[MAXREQ];
    ssize_t n;

    /* No memset and no NUL terminator: the data may contain NUL bytes,
     * so n, the count read() returned, is the only length there is. */
    while (1) {
        n = read(consockfd, reqbuf, MAXREQ);                 /* Recv */
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)     /* 0: the client closed; -1: the connection broke */
            return;
        /* Printing is for whoever watches the server; a failure there
         * must not cost the client its echo, so it is not checked. */
        (void)writen(STDOUT_FILENO, reqbuf, (size_t)n);
        if (writen(consockfd, reqbuf, (size_t)n) < 0)        /* echo */
            return;
    }
}

/*
 * echo.c: lab 01: communication looks like file I/O.
 *
 * Your file. Write the three functions declared (with their contracts) in
 * echo.h. The given driver, echo_driver.c, connects your client() to your
 * server() through a socketpair; build and try it with
 *     make && ./echo
 * and grade it with `make grade LAB=01-echo-io` from the kit's top folder.
 *
 * Start from the lecture's code, then make it correct: each TODO below says
 * where the lecture's version breaks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "echo.h"

/* Buffer sizes, as in the lecture. A request must fit a 1000-byte line. */
#define MAXIN  4096  /* longest request getreq() reads, with its NUL byte */
#define MAXOUT 4096  /* the client's receive buffer */
#define MAXREQ 4096  /* the server's chunk size */

/*
 * Hint: write() may write fewer bytes than you asked for, and read() may
 * return fewer bytes than the peer wrote. Two small static helpers make
 * client() and server() short:
 *   - writen(fd, buf, n): call write() until all n bytes are written;
 *     return n, or -1 if a write() fails (retry if errno is EINTR);
 *   - readn(fd, buf, n): call read() until n bytes have arrived; return
 *     how many arrived (fewer than n if read() returned 0 first), or -1.
 */

char *getreq(char *inbuf, int len)
{
    /* TODO, as in the lecture:
     *  1. print the prompt "REQ: " with printf();
     *  2. flush stdout: when stdout is a pipe or a file, stdio keeps the
     *     prompt in its buffer, and nobody would see it (fflush);
     *  3. clear inbuf (memset, len bytes);
     *  4. read one line with fgets(inbuf, len, stdin) and return what
     *     fgets returned (NULL at end of input).
     */
    (void)inbuf;
    (void)len;
    return NULL;
}

int client(int sockfd)
{
    /* TODO, as in the lecture, with its bugs fixed:
     *  1. declare sndbuf[MAXIN] and rcvbuf[MAXOUT];
     *  2. loop while getreq(sndbuf, MAXIN) does not return NULL (a blank
     *     line, "\n", is a request too: send it);
     *  3. send: write all strlen(sndbuf) bytes to sockfd (not just what one
     *     write() took);
     *  4. receive: read back exactly as many bytes as you sent; the echo
     *     may arrive in several pieces, so one read() is not enough;
     *  5. if read() returns 0 before the whole echo came, the server has
     *     gone: print a line starting "ERROR" on stderr and return -1
     *     (the lecture's loop would prompt again and die of SIGPIPE at its
     *     next write); do the same if a read() or write() fails;
     *  6. echo: write all the bytes you received to STDOUT_FILENO;
     *  7. at end of input, return 0.
     */
    (void)sockfd;
    return 0;
}

void server(int consockfd)
{
    /* TODO, as in the lecture, with its bugs fixed:
     *  1. declare reqbuf[MAXREQ];
     *  2. loop: n = read(consockfd, reqbuf, MAXREQ);
     *  3. if n is 0 (the client closed) or -1 (an error), return;
     *  4. write the n bytes to STDOUT_FILENO, then write them back to
     *     consockfd: all n bytes each time;
     *  5. n is the only length: the data may contain NUL bytes, so never
     *     use strlen(reqbuf) here.
     */
    (void)consockfd;
}

/*
 * server.c: lab 03 reference solution: the server protocol, version 1.
 *
 * The lecture's sequential server: socket, bind, listen, then accept one
 * connection at a time and serve it with the given server() loop. Made
 * correct:
 * - the port is checked (usage, exit 2) instead of trusted to atoi();
 * - SO_REUSEADDR, so that a restarted server can bind its port at once;
 * - the real port is printed (port 0 lets the kernel choose) and flushed,
 *   so it reaches a pipe or file too;
 * - SIGPIPE is ignored: a client that vanishes while it is being echoed to
 *   costs that connection, not the server;
 * - a failed accept() is reported and the server goes on; only set-up
 *   failures end it;
 * - every connection is closed when its client leaves.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"

#define BACKLOG 5  /* connections the kernel queues before accept() */

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

/*
 * listen_on: a TCP socket listening on every local address at port
 * (0: the kernel chooses). Returns the socket, or -1 with errno set and
 * *step naming the call that failed.
 */
static int listen_on(int port, const char **step)
{
    struct sockaddr_in serv_addr;
    int one = 1;
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);

    *step = "ERROR opening socket";
    if (sockfd < 0)
        return -1;
    /* Lets bind() take a port that connections of an earlier run still
     * hold (TIME_WAIT): without it a restart fails for about a minute. */
    *step = "ERROR setting SO_REUSEADDR";
    if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        goto fail;
    memset(&serv_addr, 0, sizeof serv_addr);
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = htonl(INADDR_ANY);
    serv_addr.sin_port = htons(port);
    *step = "ERROR on binding";
    if (bind(sockfd, (struct sockaddr *)&serv_addr, sizeof serv_addr) < 0)
        goto fail;
    *step = "ERROR on listen";
    if (listen(sockfd, BACKLOG) < 0)
        goto fail;
    return sockfd;
fail:
    {
        int saved = errno;
        close(sockfd);
        errno = saved;
    }
    return -1;
}

/* bound_port: the port sockfd is bound to, or -1 with errno set. */
static int bound_port(int sockfd)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;

    if (getsockname(sockfd, (struct sockaddr *)&addr, &len) < 0)
        return -1;
    return ntohs(addr.sin_port);
}

int main(int argc, char *argv[])
{
    int sockfd, newsockfd, port;
    const char *step;

    if (argc != 2 || (port = parse_port(argv[1], 0)) < 0) {
        fprintf(stderr, "usage: %s PORT   (0 lets the kernel choose)\n", argv[0]);
        exit(2);
    }
    /* A client that resets its connection makes our next write() raise
     * SIGPIPE, which would end the whole server: take EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);

    sockfd = listen_on(port, &step);                     /* socket, bind, listen */
    if (sockfd < 0)
        error(step);
    if ((port = bound_port(sockfd)) < 0)
        error("ERROR on getsockname");
    printf("listening on port %d\n", port);
    fflush(stdout);  /* on a pipe or file stdio would keep it */

    while (1) {
        newsockfd = accept(sockfd, NULL, NULL);          /* accept */
        if (newsockfd < 0) {
            /* One failed connection (the client gave up, a signal came,
             * descriptors ran out for a moment) must not end the server. */
            perror("ERROR on accept");
            continue;
        }
        server(newsockfd);                               /* read, write ... */
        close(newsockfd);                                /* ... close */
    }
}

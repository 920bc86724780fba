/* check: echo — server() is given the listening socket instead of the connection */
/*
 * server.c: lab 03 reference solution: the server protocol, version 1.
 *
 * The lecture's sequential server: socket, bind, listen, then accept one
 * connection at a time and serve it with the given server() loop. Made
 * correct:
 * - the port is checked (usage, exit 2) instead of trusted to atoi();
 * - SO_REUSEADDR, so that a restarted server can bind its port at once;
 * - the real port is printed (port 0 lets the kernel choose) and flushed,
 *   so that it reaches a pipe or a file too;
 * - SIGPIPE is ignored: a client that leaves while it is being echoed to
 *   costs its own connection, not the server;
 * - a failed accept() is reported and the server goes on: only set-up
 *   failures end it;
 * - every connection is closed when its client leaves.
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

int main(int argc, char *argv[])
{
    int sockfd, newsockfd, portno, one = 1;
    struct sockaddr_in serv_addr;
    socklen_t addrlen = sizeof serv_addr;

    if (argc != 2 || (portno = parse_port(argv[1], 0)) < 0) {
        fprintf(stderr, "usage: %s PORT   (0 lets the kernel choose)\n", argv[0]);
        exit(2);
    }
    /* A client that leaves while we still echo to it makes write() raise
     * SIGPIPE, which would end the whole server: take EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);

    sockfd = socket(AF_INET, SOCK_STREAM, 0);                    /* create */
    if (sockfd < 0)
        error("ERROR opening socket");
    /* Lets bind() take a port that connections of an earlier run still
     * hold: without it a restart fails for about a minute. */
    if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        error("ERROR setting SO_REUSEADDR");
    memset(&serv_addr, 0, sizeof serv_addr);
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = htonl(INADDR_ANY);
    serv_addr.sin_port = htons(portno);                          /* network byte order */
    if (bind(sockfd, (struct sockaddr *)&serv_addr, sizeof serv_addr) < 0)   /* bind */
        error("ERROR on binding");
    if (listen(sockfd, 5) < 0)                                   /* listen */
        error("ERROR on listen");
    /* Port 0 asked the kernel to choose: getsockname() says which. */
    if (getsockname(sockfd, (struct sockaddr *)&serv_addr, &addrlen) < 0)
        error("ERROR on getsockname");
    printf("listening on port %d\n", ntohs(serv_addr.sin_port));
    fflush(stdout);  /* on a pipe or a file, stdio would keep the line */

    while (1) {
        newsockfd = accept(sockfd, NULL, NULL);                  /* accept */
        if (newsockfd < 0) {
            /* One failed connection (the client gave up, a signal came,
             * descriptors ran out for a moment) must not end the server. */
            perror("ERROR on accept");
            continue;
        }
        server(sockfd);                                          /* read, write */
        close(newsockfd);                                        /* close */
    }
}

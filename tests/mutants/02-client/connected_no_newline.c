/* check: connected — the Connected line has no newline, so the prompt follows on the same line: "Connected to 127.0.0.1:PORTREQ: ". */
/*
 * client.c: lab 02: the client protocol.
 *
 * The lecture's client with gethostbyname(), as a student writes it.
 */
#include <errno.h>
#include <netdb.h>
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
    int sockfd, port, status;
    struct sockaddr_in serv_addr;
    struct hostent *server;

    if (argc != 3 || (port = parse_port(argv[2], 1)) < 0) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        exit(2);
    }
    signal(SIGPIPE, SIG_IGN);

    server = gethostbyname(argv[1]);                   /* resolve host */
    if (server == NULL) {
        fprintf(stderr, "ERROR, no such host\n");
        exit(1);
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);          /* create socket */
    if (sockfd < 0)
        error("ERROR opening socket");
    memset(&serv_addr, 0, sizeof serv_addr);
    serv_addr.sin_family = AF_INET;
    memcpy(&serv_addr.sin_addr.s_addr, server->h_addr, server->h_length);
    serv_addr.sin_port = htons(port);
    if (connect(sockfd, (struct sockaddr *)&serv_addr, sizeof serv_addr) < 0)  /* connect */
        error("ERROR connecting");
    printf("Connected to %s:%d", server->h_name, port);
    fflush(stdout);

    status = client(sockfd);                           /* write, read ... */
    close(sockfd);                                     /* ... close */
    return status < 0 ? 1 : 0;
}

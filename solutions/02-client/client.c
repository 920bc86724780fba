/*
 * client.c: lab 02 reference solution: the client protocol.
 *
 * The lecture's client: resolve the server's name, create a socket,
 * connect it to the server's address and port, then hand it to the given
 * client() loop and close it at the end. Made correct:
 * - the arguments are checked (usage, exit 2) instead of trusted to atoi();
 * - getaddrinfo() instead of gethostbyname(): it knows IPv6 as well as
 *   IPv4, and a name may have several addresses, which are tried in turn
 *   (localhost may be ::1 first, while the server listens on 127.0.0.1);
 * - a name that cannot be resolved, for any reason, gives the lecture's
 *   "ERROR, no such host", and every failure exits 1, never 0;
 * - SIGPIPE is ignored, so a server that goes away costs an ERROR line
 *   from client() and exit status 1, not a silent death;
 * - the exit status says whether client() ended well.
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

/*
 * resolve: the addresses of host (a name or a numeric address, IPv4 or
 * IPv6) for a TCP connection, in the order the resolver prefers them.
 * Returns 0 and sets *addrs (the caller frees it with freeaddrinfo), or -1
 * when the host cannot be resolved, for whatever reason.
 */
static int resolve(const char *host, struct addrinfo **addrs)
{
    struct addrinfo hints;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;       /* IPv4 or IPv6, whichever host has */
    hints.ai_socktype = SOCK_STREAM;   /* TCP */
    return getaddrinfo(host, NULL, &hints, addrs) == 0 ? 0 : -1;
}

/*
 * set_port: puts port into the address sa, in network byte order (htons):
 * the bytes on the wire are big-endian whatever the machine is.
 */
static void set_port(struct sockaddr *sa, int port)
{
    if (sa->sa_family == AF_INET6)
        ((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
    else
        ((struct sockaddr_in *)sa)->sin_port = htons(port);
}

/*
 * connect_any: a TCP socket connected to port at the first of addrs that
 * accepts. Returns the socket (the caller closes it), or -1 with errno set
 * by the last address's failure (e.g. ECONNREFUSED).
 */
static int connect_any(struct addrinfo *addrs, int port)
{
    struct addrinfo *ai;
    int sockfd = -1;

    for (ai = addrs; ai != NULL; ai = ai->ai_next) {
        sockfd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);  /* socket */
        if (sockfd < 0)
            continue;           /* e.g. IPv6 switched off: try the next */
        set_port(ai->ai_addr, port);
        if (connect(sockfd, ai->ai_addr, ai->ai_addrlen) == 0)             /* connect */
            return sockfd;
        {
            int saved = errno;  /* close() must not hide why connect failed */
            close(sockfd);
            errno = saved;
        }
        sockfd = -1;
    }
    return -1;
}

int main(int argc, char *argv[])
{
    struct addrinfo *addrs;
    int sockfd, port, status;

    if (argc != 3 || (port = parse_port(argv[2], 1)) < 0) {
        fprintf(stderr, "usage: %s HOST PORT   (PORT from 1 to 65535)\n", argv[0]);
        exit(2);
    }
    /* Writing to a connection the server has reset raises SIGPIPE, which
     * would end us without a word: take EPIPE, which client() reports. */
    signal(SIGPIPE, SIG_IGN);

    if (resolve(argv[1], &addrs) < 0) {                  /* resolve host */
        fprintf(stderr, "ERROR, no such host\n");
        exit(1);
    }
    sockfd = connect_any(addrs, port);                   /* socket, connect */
    freeaddrinfo(addrs);
    if (sockfd < 0)
        error("ERROR connecting");
    printf("Connected to %s:%d\n", argv[1], port);
    fflush(stdout);  /* before client() prompts, whatever stdout is */

    status = client(sockfd);                             /* write, read ... */
    close(sockfd);                                       /* ... close */
    return status < 0 ? 1 : 0;
}

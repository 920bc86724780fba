/* listener.c: see listener.h. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listener.h"

/* Connections the kernel queues before accept(). Lab 03 writes the lecture's
 * 5; the servers built on this function are measured under load in lab 10,
 * where a burst of connections beyond a queue of 5 is dropped and the
 * clients' connect() waits a whole second to send its SYN again. */
#define BACKLOG 128

/* Closes fd without losing errno (the reason for the failure that led here). */
static void close_keeping_errno(int fd)
{
    int saved = errno;

    close(fd);
    errno = saved;
}

int listen_on(int port, const char **failed)
{
    struct sockaddr_in addr;
    int one = 1;
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);

    if (sockfd < 0) {
        *failed = "ERROR opening socket";
        return -1;
    }
    /* Without it, bind() fails for about a minute after a restart while
     * connections of the earlier run still hold the port. */
    if (setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        *failed = "ERROR setting SO_REUSEADDR";
        close_keeping_errno(sockfd);
        return -1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        *failed = "ERROR on binding";
        close_keeping_errno(sockfd);
        return -1;
    }
    if (listen(sockfd, BACKLOG) < 0) {
        *failed = "ERROR on listen";
        close_keeping_errno(sockfd);
        return -1;
    }
    return sockfd;
}

int bound_port(int sockfd)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;

    if (getsockname(sockfd, (struct sockaddr *)&addr, &len) < 0)
        return -1;
    return ntohs(addr.sin_port);
}

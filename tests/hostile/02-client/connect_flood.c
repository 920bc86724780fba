/* hostile: the client connects and closes again in a tight loop without end, flooding the grader's own peer server; every check still ends and the grader keeps up. verdict: score=0 connected=FAIL */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    struct addrinfo hints, *ai;

    if (argc != 3)
        return 2;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0)
        return 1;
    for (;;) {
        int fd = socket(ai->ai_family, SOCK_STREAM, 0);
        connect(fd, ai->ai_addr, ai->ai_addrlen);
        close(fd);
    }
}

/* hostile: the server listens, then every process forks without end; the process limit holds, nothing is served, and no process outlives the check. verdict: echo=FAIL */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 5) < 0)
        return 1;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    printf("listening on port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;)
        fork();
}

/* hostile: the server prints its listening line, then floods stdout without end instead of accepting; the flood is capped and drained, and grading ends. verdict: echo=FAIL */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    char line[4096];

    addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 5) < 0)
        return 1;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    printf("listening on port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (;;)
        write(1, line, sizeof line);
}

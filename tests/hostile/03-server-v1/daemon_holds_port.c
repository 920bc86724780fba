/* hostile: the server listens, then hands its socket to a daemon (double fork, setsid) that echoes forever, and exits at once; the daemon must not outlive the check. verdict: listening=FAIL */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 5) < 0)
        return 1;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            for (;;) {
                char buf[4096];
                ssize_t n;
                int c = accept(fd, NULL, NULL);
                while ((n = read(c, buf, sizeof buf)) > 0)
                    write(c, buf, n);
                close(c);
            }
        }
        _exit(0);
    }
    printf("listening on port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    _exit(0);
}

/* hostile: the server hands its listening socket to a daemon (double fork, setsid) that echoes forever, keeps no copy itself, prints its line and sleeps; the daemon is no process of the server's, and it must not outlive the check. verdict: listening=FAIL */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The daemon: echoes every connection on fd, forever. */
static void serve_forever(int fd)
{
    for (;;) {
        char buf[4096];
        ssize_t n;
        int c = accept(fd, NULL, NULL);

        while ((n = read(c, buf, sizeof buf)) > 0)
            write(c, buf, n);
        close(c);
    }
}

int main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    pid_t middle;

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 5) < 0)
        return 1;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    middle = fork();
    if (middle == 0) {
        setsid();
        if (fork() == 0)
            serve_forever(fd);
        _exit(0);
    }
    /* Once the middle process is gone, the daemon is an orphan: no longer
     * in this process's tree. */
    waitpid(middle, NULL, 0);
    close(fd);
    printf("listening on port %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;)
        pause();
}

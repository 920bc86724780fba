/* hostile: the server listens, then every thread it has makes threads without end, each touching 1 MiB of its stack; the process limit and the address-space limit of lab 08 (raised for 500 threads) hold, nothing is served, and no thread outlives the check. verdict: echo=FAIL */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *multiply(void *arg)
{
    volatile char page[1 << 20];
    pthread_t tid;

    memset((char *)page, 1, sizeof page);
    for (;;)
        pthread_create(&tid, NULL, multiply, arg);
    return NULL;
}

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
    multiply(NULL);
}

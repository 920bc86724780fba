/* check: trickle — the thread echoes the client's lines with stdio (fdopen, fgets) instead of the given server(): a request is echoed only once its newline has come, so a client that sends one byte at a time and waits for each byte's echo waits forever. */
/*
 * server.c: lab 08 reference solution: a thread per connection, and (with
 * THREADS) a fixed pool of threads.
 *
 * The lecture's version 3 with fork() replaced by pthread_create(): the
 * main thread accepts, a new thread serves the connection, and the main
 * thread goes straight back to accept(). Made correct:
 * - the descriptor is handed to the thread by value, inside the pointer
 *   argument itself: the address of the loop's variable would be read by
 *   the thread after the next accept() may have changed it;
 * - threads are detached, so that each one's stack is given back when it
 *   ends (a thread nobody joins or detaches keeps it, as a zombie keeps
 *   its process slot);
 * - threads share one table of descriptors: nobody closes the "other"
 *   socket, as fork's child and parent did; the serving thread closes its
 *   connection, and only that;
 * - SIGPIPE is ignored: it would kill the whole process, every thread,
 *   for one client that left;
 * - a thread ends by returning, never by exit(), which ends the process.
 * With THREADS, THREADS workers are created before the accept loop and
 * take connections from a queue (a mutex and two condition variables):
 * at most THREADS clients are served at once, the others wait their turn.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "echo.h"
#include "listener.h"

#define MAXTHREADS  1000  /* the largest pool allowed on the command line */
#define QUEUE_SLOTS 64    /* accepted connections waiting for a worker */

/* error: the lecture's error(): the message and why, then exit 1. */
static void error(const char *msg)
{
    perror(msg);
    exit(1);
}

/*
 * serve_connection: a connection thread's whole life. arg is not a pointer
 * but the descriptor itself, carried in the pointer's bits (see
 * start_connection_thread). Serves it, closes it, and ends the thread by
 * returning: exit() here would end the whole server.
 */
static void *serve_connection(void *arg)
{
    int newsockfd = (int)(intptr_t)arg;
    FILE *in = fdopen(newsockfd, "r");
    char line[1024];

    /* Requests are lines: echo each one once it is whole. */
    while (in != NULL && fgets(line, sizeof line, in) != NULL) {
        printf("%s", line);
        fflush(stdout);
        write(newsockfd, line, strlen(line));
    }
    if (in != NULL)
        fclose(in);  /* closes newsockfd too */
    else
        close(newsockfd);
    return NULL;
}

/*
 * start_connection_thread: a detached thread that serves newsockfd and
 * closes it. Returns 0; or -1 with errno set, when no thread could be
 * made: newsockfd is then still the caller's to close.
 */
static int start_connection_thread(int newsockfd)
{
    pthread_t tid;
    int err;

    /* By value: &newsockfd would point at a variable that the next
     * accept() overwrites, perhaps before the new thread has read it. */
    err = pthread_create(&tid, NULL, serve_connection, (void *)(intptr_t)newsockfd);
    if (err != 0) {
        errno = err;  /* pthread functions return the error, errno is untouched */
        return -1;
    }
    /* Nobody will join it: detached, its stack is freed when it ends. */
    pthread_detach(tid);
    return 0;
}

/*
 * The pool's queue: connections the main thread accepted and no worker has
 * taken yet, oldest at head. Every field is read and written with lock
 * held; the condition variables let the threads sleep instead of polling.
 */
static struct {
    int fds[QUEUE_SLOTS];
    int head, count;
    pthread_mutex_t lock;
    pthread_cond_t not_empty;  /* workers sleep here until there is work */
    pthread_cond_t not_full;   /* the main thread sleeps here while it is full */
} queue = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
};

/* queue_put: adds fd at the tail, waiting while the queue is full (the
 * clients behind it then wait in listen()'s queue, in the kernel). */
static void queue_put(int fd)
{
    pthread_mutex_lock(&queue.lock);
    while (queue.count == QUEUE_SLOTS)  /* a loop: wake-ups may be spurious */
        pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.fds[(queue.head + queue.count) % QUEUE_SLOTS] = fd;
    queue.count++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
}

/* queue_take: removes and returns the oldest fd, sleeping until there is
 * one. The caller owns it and closes it. */
static int queue_take(void)
{
    int fd;

    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0)
        pthread_cond_wait(&queue.not_empty, &queue.lock);
    fd = queue.fds[queue.head];
    queue.head = (queue.head + 1) % QUEUE_SLOTS;
    queue.count--;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
    return fd;
}

/* pool_worker: a pool thread's life: take a connection, serve it, close
 * it, take the next one. Never returns. */
static void *pool_worker(void *arg)
{
    int fd;

    (void)arg;
    while (1) {
        fd = queue_take();
        server(fd);
        close(fd);
    }
    return NULL;
}

/*
 * start_pool: n detached worker threads, all waiting on the queue. Returns
 * 0; or -1 with errno set when a thread could not be made (the server then
 * gives up: a pool smaller than asked is not what was asked for).
 */
static int start_pool(int n)
{
    pthread_t tid;
    int i, err;

    for (i = 0; i < n; i++) {
        err = pthread_create(&tid, NULL, pool_worker, NULL);
        if (err != 0) {
            errno = err;
            return -1;
        }
        pthread_detach(tid);
    }
    return 0;
}

/* parse_threads: THREADS as given on the command line, 1..MAXTHREADS;
 * -1 for anything else. */
static int parse_threads(const char *text)
{
    int n = parse_count(text);

    return n >= 1 && n <= MAXTHREADS ? n : -1;
}

int main(int argc, char *argv[])
{
    int sockfd, newsockfd, portno, nthreads = 0;
    const char *failed;

    if ((argc != 2 && argc != 3) || (portno = parse_port(argv[1], 0)) < 0 ||
        (argc == 3 && (nthreads = parse_threads(argv[2])) < 0)) {
        fprintf(stderr, "usage: %s PORT [THREADS]   (PORT 0 lets the kernel choose;"
                " THREADS 1..%d: a pool of that many threads)\n", argv[0], MAXTHREADS);
        exit(2);
    }
    /* A thread writing to a client that has gone gets EPIPE; SIGPIPE
     * would kill the process, and with it every other client's thread. */
    signal(SIGPIPE, SIG_IGN);
    sockfd = listen_on(portno, &failed);             /* socket, bind, listen */
    if (sockfd < 0)
        error(failed);
    if ((portno = bound_port(sockfd)) < 0)
        error("ERROR on getsockname");
    if (nthreads > 0 && start_pool(nthreads) < 0)
        error("ERROR creating the pool's threads");
    printf("listening on port %d\n", portno);
    fflush(stdout);

    while (1) {
        newsockfd = accept(sockfd, NULL, NULL);      /* accept */
        if (newsockfd < 0) {
            if (errno != EINTR)
                perror("ERROR on accept");
            continue;
        }
        if (nthreads > 0) {
            queue_put(newsockfd);                    /* a worker serves it */
            continue;
        }
        /* No close of newsockfd here, unlike v3's parent: the thread
         * shares this very descriptor, and closes it when it is done. */
        if (start_connection_thread(newsockfd) < 0) { /* pthread_create */
            perror("ERROR on pthread_create");  /* this client is lost, not the server */
            close(newsockfd);
        }
    }
}

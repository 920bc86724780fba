/* check: signal_safe — the lecture's handler: printf() and exit() inside it, neither of which is async-signal-safe. */
/*
 * infloop.c: lab 06: signals (reference solution).
 *
 * The lecture's program, made correct. Its handler called printf() and
 * exit(), neither of which may be called from a signal handler: the signal
 * can arrive while main is itself inside printf() or malloc(), holding
 * their locks and half-way through their buffers (signal-safety(7)). This
 * handler uses only write() and _exit(). And where the lecture's loop
 * burns a whole CPU doing nothing, this one sleeps in pause() until a
 * signal comes.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The SIGINT handler: prints "Caught signal N - phew!" and ends the
 * program with status 1, using only async-signal-safe calls. */
static void signal_callback_handler(int signum)
{
    printf("Caught signal %d - phew!\n", signum);
    exit(1);
}

int main(int argc, char *argv[])
{
    struct sigaction sa;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: ./infloop\n");
        return 2;
    }

    /* sigaction() rather than the lecture's signal(): what happens after
     * the first signal is then written down, not left to the C library. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = signal_callback_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) < 0) {
        perror("ERROR installing the SIGINT handler");
        return 1;
    }

    while (1)
        pause();  /* sleeps until a signal: the lecture's `while (1) {}` spins */
}

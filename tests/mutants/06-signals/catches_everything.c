/* check: sigterm — the handler is installed for every signal "to be safe": SIGTERM then prints "Caught signal 15 - phew!" and exits 1 instead of ending the program as SIGTERM should. */
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
#include <string.h>
#include <unistd.h>

/* Copies the text s to p; returns where it ends. Async-signal-safe. */
static char *append_text(char *p, const char *s)
{
    while (*s != '\0')
        *p++ = *s++;
    return p;
}

/* Writes the decimal digits of n (n >= 0) to p; returns where they end.
 * Async-signal-safe: snprintf() is not on signal-safety(7)'s list. */
static char *append_number(char *p, int n)
{
    char digits[12];
    int k = 0;

    do
        digits[k++] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    while (k > 0)
        *p++ = digits[--k];
    return p;
}

/* The SIGINT handler: prints "Caught signal N - phew!" and ends the
 * program with status 1, using only async-signal-safe calls. */
static void signal_callback_handler(int signum)
{
    char msg[64], *end = msg;

    end = append_text(end, "Caught signal ");
    end = append_number(end, signum);
    end = append_text(end, " - phew!\n");
    /* One write() of the whole line; _exit(), because exit() runs atexit
     * handlers and flushes stdio buffers main may be in the middle of. */
    if (write(STDOUT_FILENO, msg, (size_t)(end - msg)) < 0)
        _exit(1);
    _exit(1);
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
    for (int sig = 1; sig < NSIG; sig++)
        sigaction(sig, &sa, NULL);  /* SIGKILL and SIGSTOP refuse: fine */

    while (1)
        pause();  /* sleeps until a signal: the lecture's `while (1) {}` spins */
}

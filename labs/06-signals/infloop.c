/*
 * infloop.c: lab 06: signals.
 *
 * Your file. Write the lecture's program: install a handler for SIGINT
 * (what ^C sends), then loop forever; when SIGINT comes, the handler prints
 * "Caught signal 2 - phew!" and ends the program with exit status 1. Build
 * and try it with
 *     make && ./infloop        (then press ^C; or, from another terminal,
 *                               kill -INT $(pgrep -n infloop))
 * and grade it with `make grade LAB=06-signals` from the kit's top folder.
 * The handout (handouts/06-signals.md) walks through each step, and why
 * the lecture's printf() inside a handler is a bug waiting to happen.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The SIGINT handler: prints "Caught signal N - phew!" (N is signum) on
 * stdout and ends the program with exit status 1. The kernel calls it in
 * the middle of whatever main was doing. */
static void signal_callback_handler(int signum)
{
    /* TODO 2: print the line and exit with status 1, as the lecture does.
     * Then (the stretch check) use only async-signal-safe calls, listed in
     * `man 7 signal-safety`: printf() and exit() are not there; write()
     * and _exit() are. */
    (void)signum;
}

int main(int argc, char *argv[])
{
    /* TODO 1: the arguments. ./infloop takes none: with any, print
     * "usage: ./infloop" on stderr and return 2. */

    /* TODO 3: install signal_callback_handler for SIGINT with sigaction()
     * (sa_handler, an empty sa_mask, sa_flags 0). If that fails: a line
     * starting "ERROR" on stderr (perror does it) and return 1. */

    /* TODO 4: loop forever. The lecture's `while (1) {}` works but keeps a
     * CPU busy doing nothing; `while (1) pause();` sleeps until a signal
     * comes (the stretch check measures it). */

    (void)argc, (void)argv, (void)signal_callback_handler;
    return 1;
}

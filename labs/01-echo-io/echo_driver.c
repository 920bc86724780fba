/*
 * echo_driver.c: the program ./echo of lab 01 (given; do not change).
 *
 * Usage: ./echo   (no arguments)
 *
 * Two processes talk through a socket exactly as they would read and write
 * a file: socketpair() gives two connected descriptors, fork() gives two
 * processes. The child runs your server() on one end, the parent runs your
 * client() on the other. Type lines; each goes to the server, which prints
 * it and sends it back; the client prints the echo. End the input (^D on a
 * terminal) to stop both.
 *
 * Exit status: 0 at end of input, 1 if client() returned -1 or something
 * else failed (a line starting "ERROR" says what), 2 for bad arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "echo.h"

/* die: report a failed set-up step as the lab's ERROR line and exit 1. */
static void die(const char *what)
{
    fprintf(stderr, "ERROR %s: %s\n", what, strerror(errno));
    exit(1);
}

/*
 * run_server: the child's whole life: serve the connection, then exit.
 * Never returns. _exit, not exit: the child must not run the parent's
 * atexit handlers; fflush first so that output the server printed with
 * stdio is not lost (the parent flushed before fork(), so everything in
 * the child's buffers is the child's own).
 */
static void run_server(int fd)
{
    server(fd);
    fflush(stdout);
    _exit(0);
}

/*
 * finish: the parent's end: wait for the server and choose the exit
 * status. Returns 1 if client() failed (client_rc == -1) or the server
 * process died of a signal, else 0.
 */
static int finish(pid_t child, int client_rc)
{
    int status;

    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR)
            die("waiting for the server process");
    }
    if (WIFSIGNALED(status)) {
        /* Without this line a crashing server would look like success. */
        fprintf(stderr, "ERROR the server process was killed by signal %d (%s)\n",
                WTERMSIG(status), strsignal(WTERMSIG(status)));
        return 1;
    }
    return client_rc == -1 ? 1 : 0;
}

int main(int argc, char *argv[])
{
    int sv[2];
    pid_t pid;
    int rc;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: echo\n");
        return 2;
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        die("opening socket pair");

    /* Anything still in stdout's buffer would otherwise be printed twice:
     * once by each process. */
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        die("on fork");
    if (pid == 0) {
        /* The child keeps only its own end: if it kept sv[0] too, the
         * socket would never look closed to it and server() would wait
         * forever for more requests after the client has gone. */
        close(sv[0]);
        run_server(sv[1]);
    }
    /* Same reason, the other way round: the client must see end of file
     * if the server process goes away. */
    close(sv[1]);

    /* If the server dies, client()'s next write() fails with EPIPE and it
     * reports an ERROR line, instead of the whole program vanishing
     * silently on SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    rc = client(sv[0]);

    /* Closing our end is how the server learns that we are done: its
     * read() returns 0. */
    close(sv[0]);
    return finish(pid, rc);
}

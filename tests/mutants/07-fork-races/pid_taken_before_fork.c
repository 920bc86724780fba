/* check: pids — getpid() is called once, before fork(): the child then prints the parent's PID on its lines. */
/*
 * fork.c: lab 07: fork races (reference solution).
 *
 * The lecture's program, made correct. After fork() two processes print at
 * once, and the scheduler alone decides how their lines interleave: run it
 * twice and the order differs (uncomment the sleep(1) calls to slow it down
 * and watch). Each process's own lines always come in its own order.
 *
 * Two things the lecture's version gets wrong on a pipe or a file: the
 * "forking" line, still in stdout's buffer at fork(), is printed by both
 * processes; and the parent may end before its child, so a shell prompt (or
 * a grader) takes the output as finished while the child still prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"

#define DEFAULT_COUNT 100  /* lines per process when N is not given */

int main(int argc, char *argv[])
{
    int n = DEFAULT_COUNT, i;
    pid_t cpid, mypid;

    if (argc > 2 || (argc == 2 && (n = parse_count(argv[1])) < 0)) {
        fprintf(stderr, "usage: ./fork [N]\n");
        return 2;
    }

    mypid = getpid();
    printf("[%d] forking\n", mypid);
    /* On a pipe or a file stdout is fully buffered: without this flush
     * the line is still in the buffer that fork() copies, and both
     * processes print it when they exit. */
    fflush(stdout);

    cpid = fork();
    if (cpid > 0) {
        mypid = getpid();
        printf("[%d] parent of [%d]\n", mypid, cpid);
        for (i = 0; i < n; i++) {
            printf("[%d] parent: %d\n", mypid, i);
            // sleep(1);
        }
        /* Wait until the child is done: whoever started us takes our exit
         * as the end of all the output. */
        if (waitpid(cpid, NULL, 0) < 0) {
            perror("ERROR waiting for the child");
            return 1;
        }
    } else if (cpid == 0) {
        printf("[%d] child\n", mypid);
        for (i = 0; i > -n; i--) {
            printf("[%d] child: %d\n", mypid, i);
            // sleep(1);
        }
        /* exit() (through return) flushes the child's own buffer. */
    } else {
        perror("ERROR on fork");
        return 1;
    }
    return 0;
}

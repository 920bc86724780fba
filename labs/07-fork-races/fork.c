/*
 * fork.c: lab 07: fork races.
 *
 * Your file. Write the lecture's program: print "[PID] forking", fork(),
 * and let both processes print N numbered lines at once, the parent
 * counting up, the child counting down. Build and try it with
 *     make && ./fork 5        (then ./fork 5 | cat, and ./fork 5 > out.txt)
 * and grade it with `make grade LAB=07-fork-races` from the kit's top
 * folder. The handout (handouts/07-fork-races.md) walks through each step,
 * and why the output differs from run to run.
 *
 * Every line is "[PID] ..." where PID is the getpid() of the process that
 * prints it:
 *     [PID] forking                 once, before fork()
 *     [PID] parent of [CPID]        the parent, CPID being what fork() returned
 *     [PID] parent: i               the parent, for i = 0, 1, .., N-1
 *     [CPID] child                  the child
 *     [CPID] child: i               the child, for i = 0, -1, .., -(N-1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"

#define DEFAULT_COUNT 100  /* lines per process when N is not given */

int main(int argc, char *argv[])
{
    int n = DEFAULT_COUNT;

    /* TODO 1: the arguments: none (N is DEFAULT_COUNT) or one, N, which
     * parse_count(argv[1]) (../common/args.h) must accept. Otherwise print
     * "usage: ./fork [N]" on stderr and return 2. */

    /* TODO 2: print "[PID] forking" (getpid()). Then think about stdout's
     * buffer before you fork: on a pipe or a file, stdio keeps the line
     * in memory, and fork() copies that memory. */

    /* TODO 3: fork(). In the parent (fork() returned the child's PID):
     * "[PID] parent of [CPID]", then "[PID] parent: i" for i = 0 .. n-1.
     * In the child (fork() returned 0): "[PID] child", then
     * "[PID] child: i" for i = 0, -1, .. -(n-1). If fork() fails: a line
     * starting "ERROR" on stderr (perror) and return 1. */

    /* TODO 4: the parent waits for its child (waitpid) before it returns
     * 0: whoever started ./fork takes its exit as the end of the output. */

    (void)argc, (void)argv, (void)n;
    return 1;
}

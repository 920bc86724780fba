/* hostile: forks a child that ignores SIGHUP and keeps running, then kills its own parent, the sandbox's supervisor, with SIGKILL (where it can see one: inside a PID namespace getppid() is 0) and sleeps; a supervisor of another user (root grading), or out of sight (namespaces tier), survives it and ends the run; graded by an ordinary user in the fallback tier the supervisor dies and the child is left behind (a known gap: tests/run fails there). verdict: score=0 usage=FAIL connected=FAIL */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	pid_t parent = getppid();

	(void)argv;
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	signal(SIGHUP, SIG_IGN);  /* before the fork: the child outlives its terminal */
	if (fork() == 0)
		for (;;)
			pause();
	/* kill(0, ...) would kill our own group instead: only a parent in sight */
	if (parent > 1 && kill(parent, SIGKILL) < 0)
		printf("kill(%d, SIGKILL): %s\n", (int)parent, strerror(errno));
	for (;;)
		pause();
}

/* hostile: stops its parent with SIGSTOP (the sandbox's supervisor, where it can see one: inside a PID namespace getppid() is 0), then forks a child that ignores SIGHUP, stops the client itself with kill(getppid(), SIGSTOP) and keeps printing; the stopped client never connects, and every check still ends; graded by an ordinary user in the fallback tier the supervisor is stopped, then killed, and the child is left behind (a known gap: tests/run fails there). verdict: score=0 usage=FAIL connected=FAIL */
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
	/* kill(0, ...) would stop our own group instead: only a parent in sight */
	if (parent > 1 && kill(parent, SIGSTOP) < 0)
		printf("kill(%d, SIGSTOP): %s\n", (int)parent, strerror(errno));
	if (fork() == 0) {
		signal(SIGHUP, SIG_IGN);  /* outlives its terminal */
		kill(getppid(), SIGSTOP);
		for (;;) {
			printf("[%d] child: still running\n", (int)getpid());
			fflush(stdout);
			usleep(10 * 1000);
		}
	}
	for (;;)
		pause();
}

/* hostile: kill(-1, SIGKILL) over and over, every millisecond, with a correct SIGINT handler; it attacks only when it is sure to be inside the sandbox's PID namespace (getpid() small, /proc/1/comm is sandbox-init), where it can reach nothing outside, and elsewhere exits 3 at once, harming nothing. tier: namespaces. verdict: usage=FAIL handler=PASS runs=PASS kill_int=PASS ctrl_c=PASS sigterm=PASS */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_sigint(int sig)
{
	static const char line[] = "Caught signal 2 - phew!\n";

	(void)sig;
	write(1, line, sizeof line - 1);
	_exit(1);
}

/* 1 when this process runs in the sandbox's own PID namespace. */
static int inside_sandbox(void)
{
	char comm[32] = "";
	ssize_t n;
	int fd;

	if (getpid() > 10)
		return 0;
	fd = open("/proc/1/comm", O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, comm, sizeof comm - 1);
	close(fd);
	return n > 0 && strcmp(comm, "sandbox-init\n") == 0;
}

int main(int argc, char *argv[])
{
	struct timespec tick = { 0, 1000 * 1000 };
	struct sigaction sa;
	int i;

	(void)argv;
	if (argc > 1)
		return 2;  /* ends at once, without a usage line */
	if (!inside_sandbox()) {
		fprintf(stderr, "kill_all: not inside the sandbox's PID namespace: doing nothing\n");
		return 3;
	}
	/* The targets first, so that they do not inherit the handler: a child
	 * still alive when ^C comes would print the line a second time. */
	for (i = 0; i < 3; i++)
		if (fork() == 0)
			for (;;)
				pause();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	for (;;) {
		kill(-1, SIGKILL);  /* every process it may signal but itself */
		nanosleep(&tick, NULL);
	}
}

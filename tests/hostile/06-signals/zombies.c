/* hostile: forks hundreds of children that exit at once and are never waited for (the process limit stops it at about 63 zombies), then installs a correct handler and idles: the zombies disturb no check, and none outlives the run. verdict: usage=FAIL handler=PASS runs=PASS kill_int=PASS ctrl_c=PASS sigterm=PASS */
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void on_sigint(int sig)
{
	static const char line[] = "Caught signal 2 - phew!\n";

	(void)sig;
	write(1, line, sizeof line - 1);
	_exit(1);
}

int main(int argc, char *argv[])
{
	struct sigaction sa;
	int i;

	(void)argv;
	if (argc > 1)
		return 2;  /* ends at once, without a usage line */
	for (i = 0; i < 500; i++)
		if (fork() == 0)
			_exit(0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	for (;;)
		pause();
}

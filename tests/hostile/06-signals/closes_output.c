/* hostile: installs a SIGINT handler that prints into the void and returns, ignores SIGHUP, closes stdout and stderr, and keeps running: its line can never arrive, and the checks that wait for it end at their timeout. verdict: usage=FAIL handler=PASS runs=PASS kill_int=FAIL ctrl_c=FAIL sigterm=PASS */
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void on_sigint(int sig)
{
	static const char line[] = "Caught signal 2 - phew!\n";

	(void)sig;
	write(1, line, sizeof line - 1);  /* EBADF: nobody hears it */
}

int main(int argc, char *argv[])
{
	struct sigaction sa;

	(void)argv;
	if (argc > 1)
		return 2;  /* ends at once, without a usage line */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	close(1);
	close(2);
	for (;;)
		pause();
}

/* hostile: the parent exits at once; its child leaves the session (setsid), ignores SIGTERM and SIGHUP, and floods stdout for ever. verdict: score=0 terminal=FAIL */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (fork() != 0)
		return 0;
	setsid();
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (;;)
		fputs("[1] child: 0\n", stdout);
}

/* hostile: installs the handler, then stops itself with SIGSTOP: every signal the grader sends stays pending, and no check may wait for it longer than its timeout. verdict: kill_int=FAIL ctrl_c=FAIL sigterm=FAIL */
#include <signal.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

int main(void)
{
	signal(SIGINT, handler);
	signal(SIGTERM, handler);
	for (;;)
		raise(SIGSTOP);
}

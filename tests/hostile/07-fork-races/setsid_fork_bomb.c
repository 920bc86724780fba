/* hostile: the parent exits at once; its child leaves the session with setsid(), and every process forks without end, each new one leaving its session too; the process limit holds the bomb, and the namespace or the sweep ends every process of it. verdict: score=0 usage=FAIL terminal=FAIL */
#include <unistd.h>

int main(void)
{
	if (fork() != 0)
		return 0;
	for (;;) {
		setsid();
		fork();
	}
}

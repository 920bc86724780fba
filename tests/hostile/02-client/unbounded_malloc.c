/* hostile: allocates memory without end and touches every byte, 1 MiB at a time and then in ever smaller pieces, and sleeps holding it all: the memory limit (RLIMIT_AS, 512 MiB) stops it. verdict: score=0 usage=FAIL connected=FAIL */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	size_t size = 1 << 20;

	(void)argv;
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	while (size >= 4096) {
		char *p = malloc(size);

		if (p == NULL)
			size /= 2;
		else
			memset(p, 1, size);
	}
	for (;;)
		pause();
}

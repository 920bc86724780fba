/* hostile: opens descriptors until it may open no more (sockets, pipes, dup), after trying to raise RLIMIT_NOFILE, then forks, and every child closes what it inherited and does the same: thousands of descriptors in all, held until the end; the descriptor and process limits hold it. verdict: score=0 usage=FAIL connected=FAIL */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* Opens descriptors until every kind is refused; returns how many. */
static int open_all(void)
{
	struct rlimit more = { 1 << 20, 1 << 20 };
	int opened = 0, progress = 1, fds[2];

	setrlimit(RLIMIT_NOFILE, &more);  /* EPERM above the hard limit */
	while (progress) {
		progress = 0;
		if (socket(AF_INET, SOCK_STREAM, 0) >= 0)
			opened++, progress = 1;
		if (pipe(fds) == 0)
			opened += 2, progress = 1;
		if (dup(0) >= 0)
			opened++, progress = 1;
	}
	return opened;
}

int main(int argc, char *argv[])
{
	int i;

	(void)argv;
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	for (i = 0; i < 200; i++) {
		printf("[%d] holds %d descriptors\n", (int)getpid(), open_all());
		fflush(stdout);
		if (fork() != 0)
			break;  /* the parent holds its own; the child starts afresh */
		close_range(3, ~0U, 0);
	}
	for (;;)
		pause();
}

/* hostile: with SIGXFSZ ignored, writes without end to a file of its own in its folder (where it may) and to its stdout when that is a file: RLIMIT_FSIZE stops each at 16 MiB (write fails with EFBIG), and it exits 0; on a terminal or a pipe it writes nothing. verdict: score=0 terminal=FAIL file=FAIL */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char block[1 << 16];

/* Writes until the kernel refuses; returns the bytes written. */
static long fill(int fd)
{
	long total = 0;
	ssize_t n;

	while ((n = write(fd, block, sizeof block)) > 0)
		total += n;
	return total;
}

int main(void)
{
	struct stat st;
	int fd;

	signal(SIGXFSZ, SIG_IGN);
	/* lines of 64 bytes, so that the grader shows only a few of them */
	for (size_t i = 0; i < sizeof block; i += 64) {
		memset(block + i, 'x', 63);
		block[i + 63] = '\n';
	}
	fd = open("huge.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0)
		fprintf(stderr, "huge.bin: %ld bytes\n", fill(fd));
	if (fstat(1, &st) == 0 && S_ISREG(st.st_mode))
		fprintf(stderr, "stdout: %ld bytes\n", fill(1));
	return 0;
}

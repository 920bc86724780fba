/* hostile: creates a file socklab-pwned-PID-XXXXXX in every folder outside its build folder it can think of (/tmp, /var/tmp, /dev/shm, /run/lock, $HOME, $PWD, the grader's work folder, its parent folders) and prints a line `socklab-pwned: N files written` and their names, then exits 1. In the namespaces tier every mount is read-only to it: N is 0. The fallback tier cannot keep files out of shared folders such as /tmp (DESIGN §4): tests/containment shows them there, and tests/run removes them. verdict: score=0 usage=FAIL connected=FAIL */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	const char *folders[] = { "/tmp", "/var/tmp", "/dev/shm", "/run/lock", getenv("HOME"),
				  getenv("PWD"), getenv("OLDPWD"), "..", "../.." };
	char written[16][PATH_MAX];
	int n = 0, i;
	size_t k;

	(void)argv;
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	for (k = 0; k < sizeof folders / sizeof folders[0]; k++) {
		char path[PATH_MAX];
		int fd;

		if (folders[k] == NULL)
			continue;
		snprintf(path, sizeof path, "%s/socklab-pwned-%d-XXXXXX", folders[k], (int)getpid());
		fd = mkstemp(path);
		if (fd < 0)
			continue;
		if (write(fd, "pwned\n", 6) != 6)
			perror(path);
		close(fd);
		snprintf(written[n++], sizeof written[0], "%s", path);
	}
	printf("socklab-pwned: %d files written\n", n);
	for (i = 0; i < n; i++)
		printf("%s\n", written[i]);
	return 1;
}

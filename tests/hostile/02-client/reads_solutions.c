/* hostile: looks for the kit's reference solution and the grader's checks of this lab (relative guesses from its folder, $PWD, $OLDPWD, the cwd and command lines of every process it can see, common install folders) and prints a line `socklab-leak: N files read` and what it read, then exits 1. In the namespaces tier the kit shows empty to it (the sandbox's --hide) and its environment names nothing of the grader's: N is 0. The fallback tier cannot hide a world-readable kit (DESIGN §4): tests/containment shows what it read there. verdict: score=0 usage=FAIL connected=FAIL */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *wanted[] = { "solutions/02-client/client.c", "harness/02-client/checks.exp" };
static char found[16][512];
static int nfound;

/* Reads KIT/what for every wanted file not found yet; notes what it read. */
static void try_kit(const char *kit)
{
	char path[PATH_MAX + 64], first[80];
	size_t k;

	for (k = 0; k < sizeof wanted / sizeof wanted[0] && nfound < 16; k++) {
		ssize_t n;
		int fd, i, seen = 0;

		for (i = 0; i < nfound; i++)
			seen |= strstr(found[i], wanted[k]) != NULL;
		snprintf(path, sizeof path, "%s/%s", kit, wanted[k]);
		if (seen || (fd = open(path, O_RDONLY)) < 0)
			continue;
		n = read(fd, first, sizeof first - 1);
		close(fd);
		if (n <= 0)
			continue;
		first[n] = '\0';
		first[strcspn(first, "\n")] = '\0';
		snprintf(found[nfound++], sizeof found[0], "%.400s: %.79s", path, first);
	}
}

/* The kit guessed from a sandbox command line (…/build/sandbox run …). */
static void try_command_lines(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;

	while (proc != NULL && (e = readdir(proc)) != NULL) {
		char path[300], cmd[PATH_MAX], *at;
		ssize_t n;
		int fd;

		snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || (fd = open(path, O_RDONLY)) < 0)
			continue;
		n = read(fd, cmd, sizeof cmd - 1);
		close(fd);
		if (n <= 0)
			continue;
		cmd[n] = '\0';
		if ((at = strstr(cmd, "/build/sandbox")) != NULL) {
			*at = '\0';
			try_kit(cmd);
		}
		snprintf(path, sizeof path, "/proc/%s/cwd", e->d_name);
		try_kit(path);
	}
	if (proc != NULL)
		closedir(proc);
}

int main(int argc, char *argv[])
{
	static const char *guesses[] = { "..", "../..", "../../..", "/autograder/source", "/opt/socklab",
					 "/srv/socklab", "/usr/local/share/socklab" };
	size_t k;
	int i;

	(void)argv;
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	for (k = 0; k < sizeof guesses / sizeof guesses[0]; k++)
		try_kit(guesses[k]);
	if (getenv("PWD") != NULL)
		try_kit(getenv("PWD"));
	if (getenv("OLDPWD") != NULL)
		try_kit(getenv("OLDPWD"));
	try_command_lines();
	printf("socklab-leak: %d files read\n", nfound);
	for (i = 0; i < nfound; i++)
		printf("%s\n", found[i]);
	return 1;
}

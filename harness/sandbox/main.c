/* sandbox: how socklab runs code it does not trust.
 *
 *   sandbox probe           which isolation this machine allows: prints
 *                           `namespaces`, or `fallback: REASON`
 *   sandbox netns -- CMD    runs CMD (the harness) in a new network namespace
 *                           where only loopback exists, and it is up
 *   sandbox run [...] -- PROGRAM [ARG...]
 *                           runs one student program under limits; see
 *                           supervise.c and `sandbox run` without arguments
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int supervise(const struct run_options *opt);

/* Enters a new network namespace (and, for a non-root user, a user namespace
 * in which the caller keeps its own ids), with loopback up. Returns 0 or -1. */
static int enter_private_network(void)
{
	if (getuid() == 0)
		return unshare(CLONE_NEWNET) < 0 ? -1 : loopback_up();
	return enter_user_namespace(CLONE_NEWNET) < 0 ? -1 : loopback_up();
}

/* Tries, in a child, everything `run` and `netns` will need. */
static int probe(void)
{
	int fds[2], status;
	char reason[200] = "";
	pid_t pid;

	if (pipe(fds) < 0)
		return perror("sandbox: pipe"), 2;
	pid = fork();
	if (pid == 0) {
		const char *step = "network namespace";
		pid_t inner;

		close(fds[0]);
		if (enter_private_network() == 0) {
			step = "PID namespace";
			if (unshare(CLONE_NEWPID | CLONE_NEWNS) == 0) {
				inner = fork();
				if (inner == 0)
					_exit(getpid() == 1 ? 0 : 1);
				if (inner > 0 && waitpid(inner, &status, 0) == inner &&
				    WIFEXITED(status) && WEXITSTATUS(status) == 0)
					_exit(0);
			}
		}
		dprintf(fds[1], "%s: %s", step, strerror(errno));
		_exit(1);
	}
	close(fds[1]);
	if (read(fds[0], reason, sizeof reason - 1) < 0)
		reason[0] = '\0';
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		printf("fallback: %s\n", reason[0] ? reason : "cannot fork");
		return 0;
	}
	printf("namespaces\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct run_options opt;

	if (argc >= 2 && strcmp(argv[1], "probe") == 0)
		return probe();
	if (argc >= 4 && strcmp(argv[1], "netns") == 0 && strcmp(argv[2], "--") == 0) {
		if (enter_private_network() < 0) {
			fprintf(stderr, "sandbox: cannot create a private network: %s\n", strerror(errno));
			return 125;
		}
		execvp(argv[3], argv + 3);
		fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[3], strerror(errno));
		return 127;
	}
	if (argc >= 2 && strcmp(argv[1], "run") == 0) {
		if (parse_run_options(argc - 2, argv + 2, &opt) < 0)
			return 2;
		return supervise(&opt);
	}
	fprintf(stderr, "usage: sandbox probe | sandbox netns -- CMD [ARG...] | sandbox run [OPTION...] -- PROGRAM [ARG...]\n");
	return 2;
}

/* The sandbox: runs one untrusted student program so that, whatever it does,
 * the run ends in bounded time, within its limits, with nothing left behind.
 *
 * Process tree of `sandbox run` in the namespaces tier:
 *
 *     supervisor (this program, stays privileged, outside the new PID namespace)
 *       +-- init     (PID 1 inside: reaps orphans; when it dies, the kernel
 *       |             kills everything else in the namespace)
 *       +-- program  (PID 2 inside, the student's program, unprivileged)
 *             +-- whatever it forks
 *
 * In the fallback tier there is no init: the supervisor is a child subreaper,
 * so orphans and setsid() escapees come back to it, and it sweeps them.
 *
 * The supervisor sits between the program and the harness. On a terminal it
 * gives the program a pty of its own and relays both ways, so the program
 * still sees a terminal while its output is counted and capped; on pipes it
 * relays stdout and stderr the same way. Regular files are passed through and
 * capped by RLIMIT_FSIZE. When the program exits (or the wall-time limit hits,
 * or the harness sends SIGTERM/SIGHUP) every process of the run is killed, the
 * remaining output is drained, a report is written, and the supervisor exits
 * with the program's status, dying of the same signal if the program did.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		errno = EINVAL;
		return -1;
	}
	*out = v;
	return 0;
}

static void usage_line(void)
{
	fprintf(stderr, "usage: sandbox run [--tier namespaces|fallback] [--wall S] [--cpu S]"
		" [--mem MIB] [--procs N] [--files N] [--fsize MIB] [--output BYTES]"
		" [--report FILE] [--pidfile FILE] [--dir DIR] [--uid-base N] [--io terminal|pipes]"
		" [--stdout FILE] [--env NAME=VALUE]... [--hide DIR]... [--writable FILE]"
		" -- PROGRAM [ARG...]\n");
}

int parse_run_options(int argc, char **argv, struct run_options *opt)
{
	static const struct { const char *name; size_t off; long max; } numeric[] = {
		{ "--wall", offsetof(struct limits, wall_seconds), 3600 },
		{ "--cpu", offsetof(struct limits, cpu_seconds), 3600 },
		{ "--mem", offsetof(struct limits, mem_mib), 1 << 20 },
		{ "--procs", offsetof(struct limits, procs), 1 << 16 },
		{ "--files", offsetof(struct limits, files), 1 << 20 },
		{ "--fsize", offsetof(struct limits, fsize_mib), 1 << 20 },
		{ "--output", offsetof(struct limits, output_bytes), LONG_MAX },
	};
	int i;

	*opt = (struct run_options){
		.tier = TIER_NAMESPACES,
		.limits = { .wall_seconds = 60, .cpu_seconds = 10, .mem_mib = 512,
			    .procs = 64, .files = 256, .fsize_mib = 16,
			    .output_bytes = 1 << 20 },
		.uid_base = 0x40000000,
	};
	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
		size_t k;
		long v;

		if (value == NULL)
			goto bad;
		i++;
		if (strcmp(name, "--tier") == 0) {
			if (strcmp(value, "namespaces") == 0)
				opt->tier = TIER_NAMESPACES;
			else if (strcmp(value, "fallback") == 0)
				opt->tier = TIER_FALLBACK;
			else
				goto bad;
			continue;
		}
		if (strcmp(name, "--io") == 0) {
			if (strcmp(value, "terminal") != 0 && strcmp(value, "pipes") != 0)
				goto bad;
			opt->pipes = strcmp(value, "pipes") == 0;
			continue;
		}
		if (strcmp(name, "--report") == 0) { opt->report_path = value; continue; }
		if (strcmp(name, "--stdout") == 0) { opt->stdout_path = value; continue; }
		if (strcmp(name, "--hide") == 0) {
			if (value[0] != '/' ||
			    opt->nhide == (int)(sizeof opt->hide / sizeof opt->hide[0]))
				goto bad;
			opt->hide[opt->nhide++] = value;
			continue;
		}
		if (strcmp(name, "--env") == 0) {
			if (strchr(value, '=') == NULL || value[0] == '=' ||
			    opt->nenv == (int)(sizeof opt->env / sizeof opt->env[0]))
				goto bad;
			opt->env[opt->nenv++] = (char *)value;
			continue;
		}
		if (strcmp(name, "--writable") == 0) {
			if (value[0] != '/')
				goto bad;
			opt->writable = value;
			continue;
		}
		if (strcmp(name, "--pidfile") == 0) { opt->pid_path = value; continue; }
		if (strcmp(name, "--dir") == 0) { opt->dir = value; continue; }
		if (strcmp(name, "--uid-base") == 0) {
			/* room above it for every pid (pid_max is at most 2^22) */
			if (parse_number(value, 1000, 0xFFFFFFFFL - (1L << 22), &v) != 0)
				goto bad;
			opt->uid_base = (unsigned long)v;
			continue;
		}
		for (k = 0; k < sizeof numeric / sizeof numeric[0]; k++)
			if (strcmp(name, numeric[k].name) == 0)
				break;
		if (k == sizeof numeric / sizeof numeric[0] ||
		    parse_number(value, 1, numeric[k].max, &v) != 0)
			goto bad;
		/* wall and cpu are ints, the rest longs */
		if (k < 2)
			*(int *)((char *)&opt->limits + numeric[k].off) = (int)v;
		else
			*(long *)((char *)&opt->limits + numeric[k].off) = v;
	}
	if (i + 1 >= argc)
		goto bad;
	opt->argv = argv + i + 1;
	return 0;
bad:
	usage_line();
	return -1;
}

/* Reads one /proc file into buf (NUL-terminated). Returns its length or -1. */
static ssize_t read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((size_t)total < size - 1 &&
	       (n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

/* Appends the children of every thread of pid to pids[*n]. Returns -1 when
 * pid's task folder cannot be opened (it is gone). */
static int append_children(pid_t pid, pid_t *pids, int *n, int max)
{
	char path[320], buf[4096];
	struct dirent *task;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((task = readdir(dir)) != NULL) {
		char *p, *end;

		if (task->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%s/children", (int)pid, task->d_name);
		if (read_small_file(path, buf, sizeof buf) <= 0)
			continue;
		for (p = buf; *n < max; p = end) {
			long child = strtol(p, &end, 10);
			if (end == p)
				break;
			pids[(*n)++] = (pid_t)child;
		}
	}
	closedir(dir);
	return 0;
}

int list_descendants(pid_t root, pid_t *pids, int max)
{
	int n = 0, next;

	if (append_children(root, pids, &n, max) < 0)
		return -1;
	/* breadth first: pids[next] is the next process whose children we list */
	for (next = 0; next < n && n < max; next++)
		append_children(pids[next], pids, &n, max);
	return n;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

int kill_descendants(int deadline_ms)
{
	enum { MAX_PIDS = 8192 };
	static pid_t pids[MAX_PIDS];
	long end = now_ms() + deadline_ms;
	sigset_t chld, old;
	int n, i;

	/* SIGCHLD is blocked so that sigtimedwait() can wait for it: every
	 * killed process dies as our child sooner or later (its parent dies
	 * too, and a subreaper inherits orphans). */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	for (;;) {
		struct timespec tick = { 0, 10 * 1000000 };

		n = list_descendants(getpid(), pids, MAX_PIDS);
		if (n < 0)
			n = 0;
		for (i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (n == 0 || now_ms() >= end)
			break;
		sigtimedwait(&chld, NULL, &tick);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return n;
}

const char *signal_name(int sig, char buf[16])
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev != NULL)
		return abbrev;
	snprintf(buf, 16, "%d", sig);
	return buf;
}

/* Writes TEXT to a /proc file. Returns 0, or -1 with errno set. */
static int write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int enter_user_namespace(int also)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(CLONE_NEWUSER | also) < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
	if (write_proc("/proc/self/setgroups", "deny") < 0 ||
	    write_proc("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
	return write_proc("/proc/self/gid_map", map);
}

int loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

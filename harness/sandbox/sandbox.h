/* The sandbox that every student program runs in: limits, isolation and a
 * guaranteed clean-up. The pieces with a contract of their own are declared
 * here so that the kit's unit tests (tests/unit/test_sandbox.c) can call them.
 */
#ifndef SOCKLAB_SANDBOX_H
#define SOCKLAB_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

enum tier { TIER_NAMESPACES, TIER_FALLBACK };

/* What the harness asked for on the command line of `sandbox run`. */
struct limits {
	int wall_seconds;       /* the whole run, all processes */
	int cpu_seconds;        /* RLIMIT_CPU of each process */
	long mem_mib;           /* RLIMIT_AS of each process */
	long procs;             /* RLIMIT_NPROC of the run's user */
	long files;             /* RLIMIT_NOFILE */
	long fsize_mib;         /* RLIMIT_FSIZE */
	long output_bytes;      /* bytes of stdout+stderr passed on; the rest is drained and dropped */
};

struct run_options {
	enum tier tier;
	struct limits limits;
	const char *report_path;  /* NULL: no report */
	const char *pid_path;     /* NULL: no pid file */
	const char *dir;          /* NULL: stay where we are */
	int pipes;                /* --io pipes: stdout and stderr are pipes even on a terminal */
	const char *stdout_path;  /* NULL, or a regular file (created, emptied) for stdout; implies pipes */
	unsigned long uid_base;   /* root runs the program as uid_base + supervisor pid */
	char *env[8];             /* --env NAME=VALUE: set for the program only */
	int nenv;
	const char *hide[4];      /* --hide DIR: an empty folder to the program (namespaces tier) */
	int nhide;
	const char *writable;     /* --writable FILE: created for the program, which may write it (a trace) */
	char **argv;              /* the program and its arguments */
};

/* Parses the words after `sandbox run`. Returns 0 and fills *opt, or -1 after
 * printing a usage line on stderr. Defaults apply to what is not given. */
int parse_run_options(int argc, char **argv, struct run_options *opt);

/* Parses a whole decimal number in [min, max] into *out. Returns 0, or -1 with
 * errno EINVAL when s is not such a number (empty, sign, junk, out of range). */
int parse_number(const char *s, long min, long max, long *out);

/* Appends to pids[] the pid of every live descendant of root (children,
 * grandchildren, ...), read from /proc/PID/task/TID/children. Returns how many
 * were found (at most max), or -1 with errno set when root's own entry cannot
 * be read. Zombies are included: they still hold their pid. */
int list_descendants(pid_t root, pid_t *pids, int max);

/* Kills every descendant of the calling process with SIGKILL and reaps the
 * ones that are its children, round after round, until none is left or
 * `deadline_ms` has passed. Needs PR_SET_CHILD_SUBREAPER on the caller so that
 * orphans (setsid daemons, double forks) come back to it. Returns the number
 * of descendants still alive at the end (0 on success). */
int kill_descendants(int deadline_ms);

/* The name of a signal without its SIG prefix ("SEGV"), or its number. */
const char *signal_name(int sig, char buf[16]);

/* For a non-root caller: enters a new user namespace, together with the
 * namespaces in `also` (CLONE_NEW* flags), keeping its own uid and gid
 * (each mapped to itself). It holds every capability in the new namespaces
 * until it execs a program, which then holds none. Returns 0 or -1. */
int enter_user_namespace(int also);

/* Brings the loopback interface up in the caller's network namespace.
 * Returns 0, or -1 with errno set. */
int loopback_up(void);

#endif

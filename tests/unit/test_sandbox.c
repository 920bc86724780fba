/* Unit tests of the sandbox's own C parts (harness/sandbox), and of
 * `sandbox run` end to end in both tiers: exit status, signals, the output
 * cap, the wall-time limit. That daemons and fork bombs are swept is shown
 * by tests/hostile, graded in both tiers with a count of what is left.
 * Built and run by tests/unit/Makefile (`make -C tests/unit run`).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

static void parse_number_takes_plain_decimals_only(void **state)
{
	long v = -1;

	(void)state;
	assert_int_equal(parse_number("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_number("0", 0, 100, &v), 0);
	assert_int_equal(parse_number("", 0, 100, &v), -1);
	assert_int_equal(parse_number("-1", -5, 100, &v), -1);
	assert_int_equal(parse_number("+1", 0, 100, &v), -1);
	assert_int_equal(parse_number("12x", 0, 100, &v), -1);
	assert_int_equal(parse_number("101", 0, 100, &v), -1);
	assert_int_equal(parse_number("99999999999999999999", 0, 100, &v), -1);
	assert_int_equal(errno, EINVAL);
}

static void parse_run_options_reads_limits_and_program(void **state)
{
	char *argv[] = { "--wall", "7", "--tier", "fallback", "--output", "100",
			 "--writable", "/tmp/trace.out", "--", "prog", "a", NULL };
	struct run_options opt;

	(void)state;
	assert_int_equal(parse_run_options(10, argv, &opt), 0);
	assert_string_equal(opt.writable, "/tmp/trace.out");
	assert_int_equal(opt.limits.wall_seconds, 7);
	assert_int_equal(opt.limits.output_bytes, 100);
	assert_int_equal(opt.limits.cpu_seconds, 10);  /* a default */
	assert_int_equal(opt.tier, TIER_FALLBACK);
	assert_string_equal(opt.argv[0], "prog");
	assert_string_equal(opt.argv[1], "a");
}

static void parse_run_options_rejects_bad_words(void **state)
{
	char *no_program[] = { "--wall", "7", "--", NULL };
	char *bad_tier[] = { "--tier", "chroot", "--", "p", NULL };
	char *bad_number[] = { "--wall", "soon", "--", "p", NULL };
	char *unknown[] = { "--colour", "1", "--", "p", NULL };
	/* relative: it would name a file of wherever the program runs */
	char *relative_writable[] = { "--writable", "trace.out", "--", "p", NULL };
	struct run_options opt;

	(void)state;
	assert_int_equal(parse_run_options(4, relative_writable, &opt), -1);
	assert_int_equal(parse_run_options(3, no_program, &opt), -1);
	assert_int_equal(parse_run_options(4, bad_tier, &opt), -1);
	assert_int_equal(parse_run_options(4, bad_number, &opt), -1);
	assert_int_equal(parse_run_options(4, unknown, &opt), -1);
}

static void signal_name_drops_the_prefix(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(signal_name(SIGSEGV, buf), "SEGV");
	assert_string_equal(signal_name(SIGPIPE, buf), "PIPE");
}

/* A child that forks a grandchild; both wait for SIGKILL. */
static pid_t fork_family(void)
{
	pid_t child = fork();

	if (child == 0) {
		if (fork() == 0)
			for (;;)
				pause();
		for (;;)
			pause();
	}
	return child;
}

static void list_descendants_finds_grandchildren(void **state)
{
	pid_t pids[16], child = fork_family();
	int n = 0, tries;

	(void)state;
	assert_true(child > 0);
	/* the grandchild appears once the child has forked it */
	for (tries = 0; tries < 100000 && n < 2; tries++)
		n = list_descendants(getpid(), pids, 16);
	assert_int_equal(n, 2);
	assert_int_equal(pids[0], child);
	kill(pids[1], SIGKILL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

/* In a child of ours that is a subreaper: an orphan that escaped with
 * setsid() must still be found and killed. */
static void kill_descendants_gets_setsid_escapees(void **state)
{
	pid_t tester = fork();
	int status;

	(void)state;
	if (tester == 0) {
		pid_t pids[16];
		int fds[2];
		char byte;

		prctl(PR_SET_CHILD_SUBREAPER, 1);
		if (pipe(fds) < 0)
			_exit(10);
		if (fork() == 0) {
			if (fork() == 0) {
				setsid();
				if (write(fds[1], "x", 1) != 1)
					_exit(1);
				for (;;)
					pause();
			}
			_exit(0);  /* the escapee is now an orphan */
		}
		if (read(fds[0], &byte, 1) != 1)
			_exit(11);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (list_descendants(getpid(), pids, 16) < 1)
			_exit(12);  /* the orphan did not come back to us */
		if (kill_descendants(2000) != 0)
			_exit(13);
		_exit(list_descendants(getpid(), pids, 16) == 0 ? 0 : 14);
	}
	assert_int_equal(waitpid(tester, &status, 0), tester);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void loopback_up_makes_127_0_0_1_reachable(void **state)
{
	pid_t tester = fork();
	int status;

	(void)state;
	if (tester == 0) {
		struct sockaddr_in addr = { .sin_family = AF_INET,
					    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t len = sizeof addr;
		int listener, client;

		if (unshare(CLONE_NEWNET) < 0)
			_exit(77);  /* not root: nothing to test here */
		if (loopback_up() < 0)
			_exit(10);
		listener = socket(AF_INET, SOCK_STREAM, 0);
		client = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 1) < 0 ||
		    getsockname(listener, (struct sockaddr *)&addr, &len) < 0)
			_exit(11);
		_exit(connect(client, (struct sockaddr *)&addr, sizeof addr) == 0 ? 0 : 12);
	}
	assert_int_equal(waitpid(tester, &status, 0), tester);
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Runs `sandbox run --tier TIER EXTRA -- sh -c SCRIPT` with stdout on a pipe
 * (read into out, at most size-1 bytes) and returns its wait status. */
static int sandbox_sh(const char *tier, const char *extra, const char *script, char *out, size_t size)
{
	char cmd[1024];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof cmd, "%s run --tier %s %s -- sh -c '%s'",
		 getenv("SANDBOX"), tier, extra, script);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	return pclose(p);
}

static const char *tiers[] = { "namespaces", "fallback" };

static void run_passes_exit_status_and_output(void **state)
{
	char out[256];
	int i, status;

	(void)state;
	for (i = 0; i < 2; i++) {
		status = sandbox_sh(tiers[i], "", "echo hello; exit 3", out, sizeof out);
		assert_string_equal(out, "hello\n");
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 3);
	}
}

static void run_dies_of_the_programs_signal(void **state)
{
	char out[256];
	int i, status;

	(void)state;
	for (i = 0; i < 2; i++) {
		status = sandbox_sh(tiers[i], "", "kill -SEGV $$", out, sizeof out);
		/* popen's shell reports a signal death as 128 + N */
		assert_int_equal(WEXITSTATUS(status), 128 + SIGSEGV);
	}
}

static void run_caps_output_and_keeps_draining(void **state)
{
	static char out[1 << 16];
	int i, status;

	(void)state;
	for (i = 0; i < 2; i++) {
		status = sandbox_sh(tiers[i], "--output 1000", "head -c 1000000 /dev/zero | tr \"\\\\0\" A; exit 5",
				    out, sizeof out);
		/* the program finished its megabyte (it was never blocked) */
		assert_int_equal(WEXITSTATUS(status), 5);
		assert_true(strlen(out) < 1200);
		assert_non_null(strstr(out, "output limit reached"));
	}
}

/* --stdout /dev/null: the program writes to /dev/null itself (no relay, so a
 * server printing every request under load costs nothing more), and neither
 * the output cap nor the file size limit stops it. */
static void run_passes_dev_null_through(void **state)
{
	char out[256];
	int i, status;

	(void)state;
	for (i = 0; i < 2; i++) {
		status = sandbox_sh(tiers[i], "--stdout /dev/null --output 1000 --fsize 1",
				    "[ \"$(readlink /proc/$$/fd/1)\" = /dev/null ] || exit 9; "
				    "head -c 5000000 /dev/zero; exit 4", out, sizeof out);
		assert_int_equal(WEXITSTATUS(status), 4);
		assert_string_equal(out, "");
	}
}

static void run_stops_at_the_wall_time_limit(void **state)
{
	char out[256];
	int status;

	(void)state;
	status = sandbox_sh("namespaces", "--wall 1", "exec sleep 30", out, sizeof out);
	assert_int_equal(WEXITSTATUS(status), 124);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_number_takes_plain_decimals_only),
		cmocka_unit_test(parse_run_options_reads_limits_and_program),
		cmocka_unit_test(parse_run_options_rejects_bad_words),
		cmocka_unit_test(signal_name_drops_the_prefix),
		cmocka_unit_test(list_descendants_finds_grandchildren),
		cmocka_unit_test(kill_descendants_gets_setsid_escapees),
		cmocka_unit_test(loopback_up_makes_127_0_0_1_reachable),
		cmocka_unit_test(run_passes_exit_status_and_output),
		cmocka_unit_test(run_dies_of_the_programs_signal),
		cmocka_unit_test(run_caps_output_and_keeps_draining),
		cmocka_unit_test(run_passes_dev_null_through),
		cmocka_unit_test(run_stops_at_the_wall_time_limit),
	};

	if (getenv("SANDBOX") == NULL) {
		fprintf(stderr, "test_sandbox: set SANDBOX to the sandbox binary\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

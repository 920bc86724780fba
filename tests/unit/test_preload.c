/* Unit tests of the harness's LD_PRELOAD library (harness/preload/
 * signal_safety.c), which lab 06's signal_safe check trusts: it names each
 * unsafe call made inside a handler, once, names nothing outside one, and the
 * program still sees its own handlers. Every case runs in a forked child
 * whose stderr the parent reads. Built by tests/unit/Makefile and run there
 * with LD_PRELOAD=build/signal_safety.so.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ENTERED "socklab-preload: handler entered for signal 2\n"
#define UNSAFE(name) "socklab-preload: unsafe " name "() in handler for signal 2\n"

static volatile sig_atomic_t seen_signo, seen_pid;
static void (*under_test)(int);  /* set by the parent, installed by its child */
static char err_text[4096];      /* a child's stderr, read by run_child */

/* Handlers. Their printf formats take an argument so that the compiler
 * cannot turn them into puts(). */
static void printf_and_exit(int sig)
{
	printf("caught %d\n", sig);
	exit(3);
}

static void write_and_return(int sig)
{
	(void)sig;
	if (write(STDOUT_FILENO, "caught\n", 7) < 0)
		_exit(4);
}

static void write_and_exit(int sig)
{
	write_and_return(sig);
	_exit(5);
}

static void printf_twice(int sig)
{
	printf("caught %d\n", sig);
	printf("still %d\n", sig);
}

static void keep_siginfo(int sig, siginfo_t *info, void *context)
{
	(void)sig, (void)context;
	seen_signo = info->si_signo;
	seen_pid = info->si_pid;
}

/* Installs handler for SIGINT with sigaction(); returns its result. */
static int install(void (*handler)(int))
{
	struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART };

	sigemptyset(&act.sa_mask);
	return sigaction(SIGINT, &act, NULL);
}

/* Runs scenario in a forked child with stdout on /dev/null and stderr on a
 * pipe, reads that pipe to EOF into out (at most size-1 bytes kept, always
 * NUL-terminated) and returns the child's exit code, or 128+N if signal N
 * killed it. A scenario returns its exit code and never asserts; alarm()
 * bounds it, so the read to EOF ends even if it hangs. */
static int run_child(int (*scenario)(void), char *out, size_t size)
{
	int fds[2], status;
	size_t n = 0;
	ssize_t got;
	char buf[512];
	pid_t child;

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);  /* the child must not write the parent's buffers again */
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		static const int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGSYS };
		int null = open("/dev/null", O_WRONLY);

		/* a crash kills the child: cmocka's handlers would longjmp it
		 * back into the parent's test run */
		for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
			signal(crashes[i], SIG_DFL);
		alarm(5);
		if (null < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(fds[1], STDERR_FILENO) < 0)
			_exit(10);
		close(fds[0]);
		_exit(scenario());
	}
	close(fds[1]);
	while ((got = read(fds[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < got && n < size - 1; i++)
			out[n++] = buf[i];
	out[n] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* How many times line occurs in text. */
static int count(const char *text, const char *line)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, line)) != NULL; p += strlen(line))
		n++;
	return n;
}

/* Installs under_test for SIGINT and raises SIGINT twice (a handler that
 * exits only gets the first). */
static int raise_twice_into_under_test(void)
{
	if (install(under_test) < 0)
		return 11;
	raise(SIGINT);
	raise(SIGINT);
	return 0;
}

static void unsafe_calls_in_a_handler_are_named(void **state)
{
	(void)state;
	under_test = printf_and_exit;
	assert_int_equal(run_child(raise_twice_into_under_test, err_text, sizeof err_text), 3);
	assert_int_equal(count(err_text, ENTERED), 1);
	assert_int_equal(count(err_text, UNSAFE("printf")), 1);
	assert_int_equal(count(err_text, UNSAFE("exit")), 1);
}

static void a_safe_handler_is_entered_and_not_named(void **state)
{
	(void)state;
	under_test = write_and_exit;
	assert_int_equal(run_child(raise_twice_into_under_test, err_text, sizeof err_text), 5);
	assert_int_equal(count(err_text, ENTERED), 1);
	assert_null(strstr(err_text, "unsafe"));
}

/* printf and malloc before and after a handler that returns. */
static int printf_around_a_safe_handler(void)
{
	free(malloc(16));
	printf("before %d\n", 1);
	if (install(write_and_return) < 0)
		return 11;
	raise(SIGINT);
	printf("after %d\n", 2);
	free(malloc(16));
	return 0;
}

static void unsafe_calls_outside_a_handler_are_not_named(void **state)
{
	(void)state;
	assert_int_equal(run_child(printf_around_a_safe_handler, err_text, sizeof err_text), 0);
	assert_int_equal(count(err_text, ENTERED), 1);
	assert_null(strstr(err_text, "unsafe"));
}

static int query_handler(void)
{
	struct sigaction old;

	if (install(write_and_return) < 0 || sigaction(SIGINT, NULL, &old) < 0)
		return 11;
	if (old.sa_handler != write_and_return || !(old.sa_flags & SA_RESTART))
		return 12;
	memset(&old, 0, sizeof old);
	if (sigaction(SIGINT, &(struct sigaction){ .sa_handler = printf_twice }, &old) < 0)
		return 13;
	return old.sa_handler == write_and_return ? 0 : 14;
}

static void sigaction_returns_the_programs_handler_not_the_trampoline(void **state)
{
	(void)state;
	assert_int_equal(run_child(query_handler, err_text, sizeof err_text), 0);
}

static int signal_chain(void)
{
	signal(SIGINT, SIG_DFL);
	if (signal(SIGINT, write_and_return) != SIG_DFL)
		return 11;
	if (signal(SIGINT, printf_twice) != write_and_return)
		return 12;
	return signal(SIGINT, SIG_DFL) == printf_twice ? 0 : 13;
}

static void signal_returns_the_previous_handler(void **state)
{
	(void)state;
	assert_int_equal(run_child(signal_chain, err_text, sizeof err_text), 0);
}

static int kill_into_siginfo_handler(void)
{
	struct sigaction act = { .sa_sigaction = keep_siginfo, .sa_flags = SA_SIGINFO }, old;

	sigemptyset(&act.sa_mask);
	if (sigaction(SIGINT, &act, NULL) < 0 || sigaction(SIGINT, NULL, &old) < 0)
		return 11;
	if (old.sa_sigaction != keep_siginfo)
		return 12;
	kill(getpid(), SIGINT);  /* delivered before kill() returns */
	return seen_signo == SIGINT && seen_pid == getpid() ? 0 : 13;
}

static void siginfo_handlers_get_their_siginfo_through_the_trampoline(void **state)
{
	(void)state;
	assert_int_equal(run_child(kill_into_siginfo_handler, err_text, sizeof err_text), 0);
	assert_int_equal(count(err_text, ENTERED), 1);
}

static void each_unsafe_function_is_named_once_per_process(void **state)
{
	(void)state;
	under_test = printf_twice;
	assert_int_equal(run_child(raise_twice_into_under_test, err_text, sizeof err_text), 0);
	assert_int_equal(count(err_text, ENTERED), 2);
	assert_int_equal(count(err_text, UNSAFE("printf")), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unsafe_calls_in_a_handler_are_named),
		cmocka_unit_test(a_safe_handler_is_entered_and_not_named),
		cmocka_unit_test(unsafe_calls_outside_a_handler_are_not_named),
		cmocka_unit_test(sigaction_returns_the_programs_handler_not_the_trampoline),
		cmocka_unit_test(signal_returns_the_previous_handler),
		cmocka_unit_test(siginfo_handlers_get_their_siginfo_through_the_trampoline),
		cmocka_unit_test(each_unsafe_function_is_named_once_per_process),
	};
	const char *preload = getenv("LD_PRELOAD");

	if (preload == NULL || *preload == '\0') {
		fprintf(stderr, "test_preload: run with LD_PRELOAD=build/signal_safety.so\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * unit.h: small helpers for socklab's cmocka unit tests, shared by the labs.
 *
 * The tests run STUDENT code, which may hang, crash or die of a signal. So
 * a test runs the student's function in a forked child with a time limit
 * (unit_fork, unit_wait), plays the other side itself (unit_xfer), and
 * asserts only in the parent, after the child is gone, with a message a
 * student can act on (unit_status, unit_show). A forked child never
 * asserts: it reports through its exit status or unit_shared() memory.
 *
 * Link with -Wl,--wrap=write,--wrap=read to make unit_cap_write() and
 * unit_cap_read() take effect (and build with -O0 -U_FORTIFY_SOURCE, or
 * read() escapes the wrap as __read_chk). Without --wrap the caps are
 * ignored and everything else works.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/types.h>

/*
 * How long, in milliseconds, student code may run in one child before it
 * is stopped. 2000 by default, multiplied by the environment variable
 * UNIT_TIMEOUT_SCALE when set (the grader's --timeout-scale). Only a broken
 * program ever waits this long.
 */
extern int unit_limit_ms;

/*
 * unit_run: the test program's main: run the tests of the array (n of
 * them; see UNIT_RUN), or with one argument only those whose name matches
 * that pattern ('*' and '?' wildcards, cmocka_set_test_filter). Ignores
 * SIGPIPE in the test process, so that writing to a dead child fails with
 * EPIPE instead of killing the tests.
 * Returns the number of failed tests (cmocka's count), or 2 for a usage
 * error.
 */
int unit_run(int argc, char **argv, const char *group,
             const struct CMUnitTest *tests, size_t n);
#define UNIT_RUN(argc, argv, tests) \
    unit_run((argc), (argv), #tests, (tests), sizeof(tests) / sizeof((tests)[0]))

/*
 * unit_fork: fork a child to run student code, like fork(): returns the
 * child's pid in the parent, 0 in the child, -1 with errno set.
 * Before forking, stdio's buffers are flushed so the child cannot print
 * the tests' own output again. The child becomes a process-group leader;
 * its fd 0 becomes `in` (-1: /dev/null) and `stdin` starts afresh there;
 * its fds 1 and 2 become `out` and `err` (-1: left as they are), and
 * stdout is buffered as in a freshly started program (fully on a file or
 * pipe); every signal is back to its default action (cmocka's handlers
 * and the tests' ignored SIGPIPE included), none is blocked, files it
 * writes stop at 16 MiB (SIGXFSZ), and a timer
 * kills the child with SIGALRM after
 * unit_limit_ms. The child must end with _exit(), never return or assert.
 */
pid_t unit_fork(int in, int out, int err);

/*
 * unit_wait: wait for a child from unit_fork (at most unit_limit_ms plus a
 * second, then it is killed with SIGKILL), then kill whatever is left in
 * its process group. Returns the wait status, or -1 if pid is not a child.
 */
int unit_wait(pid_t pid);

/*
 * unit_status: describe a wait status for a student, e.g. "exited with
 * status 3", "was killed by SIGPIPE", "did not finish within 2 s".
 * Returns a static string, valid until the next call.
 */
const char *unit_status(int status);

/* unit_exited_ok: did the child call _exit(0)? */
int unit_exited_ok(int status);

/*
 * unit_shared: n bytes of zeroed memory that a child and its parent share
 * (a child reports its results there). Fails the test if mmap fails.
 * Give it back with unit_unshare(p, n).
 */
void *unit_shared(size_t n);
void unit_unshare(void *p, size_t n);

/*
 * unit_tmpfile: a nameless file (in memory) holding the len bytes
 * of data, its offset at 0: a child's stdin, or (len 0) a place to capture
 * a child's output. Returns the fd; fails the test on error.
 */
int unit_tmpfile(const void *data, size_t len);

/*
 * unit_slurp: read a whole (temporary) file from its start into buf, at
 * most cap bytes, and NUL-terminate it (buf holds cap + 1 bytes).
 * Returns the number of bytes read.
 */
size_t unit_slurp(int fd, char *buf, size_t cap);

/* What unit_xfer did. */
struct unit_xfer {
    size_t sent;   /* bytes written */
    size_t got;    /* bytes read */
    int eof;       /* read() returned 0: the other side closed */
    int err;       /* errno of a failed read or write, else 0 */
    int timedout;  /* the time ran out first */
};

/*
 * unit_xfer: play the peer: write outlen bytes of out to fd while reading
 * into in, until want bytes have arrived (and all is sent), end of file,
 * an error, or timeout_ms. Writing and reading go on together, so a peer
 * that echoes as it reads never deadlocks with us. fd stays blocking on
 * return. Fills *x.
 */
void unit_xfer(int fd, const void *out, size_t outlen, void *in, size_t want,
               int timeout_ms, struct unit_xfer *x);

/*
 * unit_show: bytes as a quoted C-like string for a message ("ab\0\n"),
 * control bytes visible, long data cut with its size. Returns one of a few
 * rotating static buffers: up to eight calls can share one message.
 */
const char *unit_show(const void *data, size_t len);

/* unit_strip: remove every occurrence of pat from the string s, in place;
 * returns s. (For prompts mixed into a program's output.) */
char *unit_strip(char *s, const char *pat);

/*
 * unit_cap_write, unit_cap_read: from now on (in this process), write() or
 * read() on fd handles at most max bytes per call, as a busy socket would
 * (max 0: no cap). For children, to test that student code loops.
 */
void unit_cap_write(int fd, size_t max);
void unit_cap_read(int fd, size_t max);

#endif /* UNIT_H */

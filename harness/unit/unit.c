/*
 * unit.c: helpers for socklab's cmocka unit tests (see unit.h).
 */
#define _GNU_SOURCE  /* sigabbrev_np */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int unit_limit_ms = 2000;

/* Set once a child ran out of its time limit. The tests that follow in the
 * same run call the same student code and would each wait out the limit
 * too: they are skipped, so a hostile or stuck submission costs one limit
 * per check, not one per test. */
static int unit_hung;

/* ---- running the tests ---- */

/* scale_limit: apply UNIT_TIMEOUT_SCALE, if set and sensible. */
static void scale_limit(void)
{
    const char *s = getenv("UNIT_TIMEOUT_SCALE");
    double f;

    if (s == NULL || *s == '\0')
        return;
    f = strtod(s, NULL);
    if (f > 0 && f <= 100)
        unit_limit_ms = (int)(unit_limit_ms * f);
}

int unit_run(int argc, char **argv, const char *group,
             const struct CMUnitTest *tests, size_t n)
{
    if (argc > 2) {
        fprintf(stderr, "usage: %s [PATTERN]\n", argv[0]);
        return 2;
    }
    if (argc == 2)
        cmocka_set_test_filter(argv[1]);
    scale_limit();
    signal(SIGPIPE, SIG_IGN);
    return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}

/* ---- children ---- */

/* now_ms: a monotonic clock in milliseconds, for deadlines. */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sleep_ms: sleep about ms milliseconds. */
static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* move_fd: make `from` the child's descriptor `to` (from -1: keep `to`). */
static void move_fd(int from, int to)
{
    if (from >= 0 && from != to)
        dup2(from, to);
}

/*
 * child_setup: make a fresh child look like a freshly started program
 * whose stdin is `in` and whose output goes to `out` and `err`. Failures
 * here are not the student's: they show up as the test failing with the
 * child's odd exit status 127.
 */
static void child_setup(int in, int out, int err)
{
    struct itimerval limit = { { 0, 0 }, { unit_limit_ms / 1000,
                                           (unit_limit_ms % 1000) * 1000 } };
    struct rlimit fsize = { 16 << 20, 16 << 20 };
    sigset_t none;
    int sig;

    /* A group of its own, so unit_wait can kill whatever it forks. */
    setpgid(0, 0);
    if (in < 0)
        in = open("/dev/null", O_RDONLY);
    if (in < 0)
        _exit(127);
    move_fd(in, STDIN_FILENO);
    move_fd(out, STDOUT_FILENO);
    move_fd(err, STDERR_FILENO);
    /* stdin's stream has never been read by the tests: forget any old end
     * of file and read the new fd 0 from the start. */
    clearerr(stdin);
    /* The tests' stdout may be a terminal (line-buffered), while the
     * student's program would see a file or pipe (fully buffered):
     * prompts that are not flushed must stay unseen here too. glibc
     * allows this change after the flush unit_fork did. */
    setvbuf(stdout, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
    /* As the sandbox starts programs: default actions for all signals.
     * The tests ignore SIGPIPE, the student's code must not; and cmocka
     * catches SIGSEGV and friends to jump back into its test runner: a
     * crashing child would go on running the rest of the tests. */
    for (sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* An output flood into a temporary file stops at 16 MiB (SIGXFSZ),
     * not when the disk is full. */
    setrlimit(RLIMIT_FSIZE, &fsize);
    setitimer(ITIMER_REAL, &limit, NULL);
}

pid_t unit_fork(int in, int out, int err)
{
    pid_t pid;

    if (unit_hung) {
        print_message("not run: an earlier test of this run hung, this one would too\n");
        skip();
    }
    fflush(NULL);
    pid = fork();
    if (pid == 0)
        child_setup(in, out, err);
    else if (pid > 0)
        setpgid(pid, pid);  /* both sides, so no kill can miss the group */
    return pid;
}

int unit_wait(pid_t pid)
{
    long long deadline = now_ms() + unit_limit_ms + 1000;
    int status;
    pid_t r;

    if (pid <= 1)
        return -1;  /* never kill(-0) or kill(-1): that is us or everyone */
    while ((r = waitpid(pid, &status, WNOHANG)) == 0) {
        if (now_ms() > deadline) {
            /* The child outlived its own timer (it blocked SIGALRM?). */
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            r = waitpid(pid, &status, 0);
            unit_hung = 1;
            break;
        }
        sleep_ms(1);
    }
    if (r != pid)
        return -1;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        unit_hung = 1;
    /* Sweep grandchildren that would hold sockets open. */
    kill(-pid, SIGKILL);
    return status;
}

const char *unit_status(int status)
{
    static char buf[160];
    int sig;

    if (status == -1) {
        snprintf(buf, sizeof buf, "could not be waited for");
    } else if (WIFEXITED(status)) {
        snprintf(buf, sizeof buf, "exited with status %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        sig = WTERMSIG(status);
        if (sig == SIGALRM || sig == SIGKILL)
            snprintf(buf, sizeof buf,
                     "did not finish within %d.%d s (stuck in a loop or "
                     "waiting for input that never comes?)",
                     unit_limit_ms / 1000, unit_limit_ms % 1000 / 100);
        else
            snprintf(buf, sizeof buf, "was killed by SIG%s (%s)",
                     sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
                     strsignal(sig));
    } else {
        snprintf(buf, sizeof buf, "ended with wait status 0x%x", status);
    }
    return buf;
}

int unit_exited_ok(int status)
{
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void *unit_shared(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        fail_msg("test setup: mmap: %s", strerror(errno));
    return p;
}

void unit_unshare(void *p, size_t n)
{
    munmap(p, n);
}

/* ---- files ---- */

int unit_tmpfile(const void *data, size_t len)
{
    /* In memory: the sandbox leaves the program no folder it may write to. */
    int fd = memfd_create("socklab-unit", 0);
    const char *p = data;
    ssize_t w;

    if (fd < 0)
        fail_msg("test setup: memfd_create: %s", strerror(errno));
    while (len > 0) {
        w = pwrite(fd, p, len, p - (const char *)data);
        if (w <= 0)
            fail_msg("test setup: writing a temporary file: %s", strerror(errno));
        p += w;
        len -= (size_t)w;
    }
    return fd;
}

size_t unit_slurp(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    ssize_t r;

    while (got < cap && (r = pread(fd, buf + got, cap - got, (off_t)got)) > 0)
        got += (size_t)r;
    buf[got] = '\0';
    return got;
}

/* ---- playing the peer ---- */

/* xfer_events: what to poll for at this point of an exchange. */
static short xfer_events(const struct unit_xfer *x, size_t outlen, size_t want)
{
    short ev = 0;

    if (x->sent < outlen)
        ev |= POLLOUT;
    if (x->got < want)
        ev |= POLLIN;
    return ev;
}

/* xfer_step: one non-blocking read or write as poll allows; 0 to go on,
 * -1 when the exchange is over (end of file or an error, noted in *x). */
static int xfer_step(int fd, short revents, const char *out, size_t outlen,
                     char *in, size_t want, struct unit_xfer *x)
{
    ssize_t n;

    if (revents & POLLNVAL)
        return x->err = EBADF, -1;
    if (x->got < want && (revents & (POLLIN | POLLHUP | POLLERR))) {
        n = read(fd, in + x->got, want - x->got);
        if (n == 0) {
            x->eof = 1;
            return -1;
        }
        if (n > 0)
            x->got += (size_t)n;
        else if (errno != EAGAIN && errno != EINTR)
            return x->err = errno, -1;
    }
    if (x->sent < outlen && (revents & (POLLOUT | POLLHUP | POLLERR))) {
        n = write(fd, out + x->sent, outlen - x->sent);
        if (n > 0)
            x->sent += (size_t)n;
        else if (n < 0 && errno != EAGAIN && errno != EINTR)
            return x->err = errno, -1;
    }
    return 0;
}

void unit_xfer(int fd, const void *out, size_t outlen, void *in, size_t want,
               int timeout_ms, struct unit_xfer *x)
{
    long long deadline = now_ms() + timeout_ms;
    int flags = fcntl(fd, F_GETFL);
    struct pollfd p = { .fd = fd };
    long long left;
    int r;

    memset(x, 0, sizeof *x);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    while ((p.events = xfer_events(x, outlen, want)) != 0) {
        left = deadline - now_ms();
        r = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (r == 0) {
            x->timedout = 1;
            break;
        }
        if (r < 0) {
            if (errno == EINTR)
                continue;
            x->err = errno;
            break;
        }
        if (xfer_step(fd, p.revents, out, outlen, in, want, x) < 0)
            break;
    }
    fcntl(fd, F_SETFL, flags);
}

/* ---- messages ---- */

/* show_byte: append byte c to s, visible; returns the chars written. */
static int show_byte(char *s, unsigned char c)
{
    switch (c) {
    case '\n': return sprintf(s, "\\n");
    case '\r': return sprintf(s, "\\r");
    case '\t': return sprintf(s, "\\t");
    case '\0': return sprintf(s, "\\0");
    case '\\': return sprintf(s, "\\\\");
    case '"':  return sprintf(s, "\\\"");
    }
    if (c < 0x20 || c >= 0x7f)
        return sprintf(s, "\\x%02x", c);
    *s = (char)c;
    return 1;
}

const char *unit_show(const void *data, size_t len)
{
    enum { SHOWN = 60 };           /* bytes shown before cutting */
    static char bufs[8][SHOWN * 4 + 64];
    static int next;
    char *buf = bufs[next++ % 8];
    const unsigned char *p = data;
    char *s = buf;
    size_t i;

    *s++ = '"';
    for (i = 0; i < len && i < SHOWN; i++)
        s += show_byte(s, p[i]);
    *s++ = '"';
    *s = '\0';
    if (len > SHOWN)
        sprintf(s, "... (%zu bytes)", len);
    return buf;
}

char *unit_strip(char *s, const char *pat)
{
    size_t n = strlen(pat);
    char *hit;

    while (n > 0 && (hit = strstr(s, pat)) != NULL)
        memmove(hit, hit + n, strlen(hit + n) + 1);
    return s;
}

/* ---- capped read() and write(), via -Wl,--wrap ---- */

/* Weak: without --wrap these stay NULL and the wrappers are never called. */
extern ssize_t __real_write(int fd, const void *buf, size_t n) __attribute__((weak));
extern ssize_t __real_read(int fd, void *buf, size_t n) __attribute__((weak));
ssize_t __wrap_write(int fd, const void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

enum { CAPPED_FDS = 256 };
static size_t write_cap[CAPPED_FDS];
static size_t read_cap[CAPPED_FDS];

/* capped: n, or less if fd has a cap in caps. */
static size_t capped(const size_t *caps, int fd, size_t n)
{
    if (fd >= 0 && fd < CAPPED_FDS && caps[fd] > 0 && n > caps[fd])
        return caps[fd];
    return n;
}

void unit_cap_write(int fd, size_t max)
{
    if (fd >= 0 && fd < CAPPED_FDS)
        write_cap[fd] = max;
}

void unit_cap_read(int fd, size_t max)
{
    if (fd >= 0 && fd < CAPPED_FDS)
        read_cap[fd] = max;
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
    return __real_write(fd, buf, capped(write_cap, fd, n));
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
    return __real_read(fd, buf, capped(read_cap, fd, n));
}

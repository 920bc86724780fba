/*
 * unit_echo.c: cmocka tests of lab 01's getreq(), client() and server().
 *
 * Built by the grader, from the kit's root, with the student's echo.c:
 *   cc -std=gnu11 -Wall -Wextra -O0 -U_FORTIFY_SOURCE -g -I labs/01-echo-io -I harness/unit harness/01-echo-io/unit_echo.c harness/unit/unit.c <path-to-student>/echo.c -lcmocka -Wl,--wrap=write,--wrap=read -o unit_echo
 * Run: ./unit_echo [PATTERN]   (e.g. 'server_echoes_*'); the exit status
 * is the number of failed tests.
 *
 * The test names are the grader's contract: getreq_* (check getreq),
 * server_echoes_* (binary), client_reads_echo_in_pieces (pieces),
 * *_survives_short_writes (short_writes), server_returns_at_eof
 * (server_eof), client_reports_closed_server (peer_closes).
 *
 * Every student function runs in a forked child with a time limit
 * (unit_fork); the test plays the other end of a socketpair and asserts
 * only after the child is gone, with a message naming what was sent, what
 * came back and the likely cause.
 */
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "echo.h"

#define PROMPT "REQ: "

enum {
    BIG = 64 * 1024,     /* the largest message a test sends */
    GETREQ_BUF = 32,     /* the buffer the getreq tests pass */
    GETREQ_CALLS = 5,    /* the most getreq calls one test makes */
    CLIENT_OUT = 4096    /* the most client output a test looks at */
};

/* ---------------------------------------------------------------------
 * Shared bits
 * --------------------------------------------------------------------- */

/* make_pair: a connected socketpair, or the test fails. */
static void make_pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        fail_msg("test setup: socketpair: %s", strerror(errno));
}

/* start_child: unit_fork, or the test fails. */
static pid_t start_child(int in, int out, int err)
{
    pid_t pid = unit_fork(in, out, err);

    if (pid < 0)
        fail_msg("test setup: fork: %s", strerror(errno));
    return pid;
}

/* ended_by_timer: did the child run out of time? */
static int ended_by_timer(int status)
{
    return status != -1 && WIFSIGNALED(status) &&
           (WTERMSIG(status) == SIGALRM || WTERMSIG(status) == SIGKILL);
}

/*
 * diff_bytes: compare what came back (got) with what should have (want).
 * Returns NULL if they are equal, else a phrase for a student such as
 * "2 of 10 bytes ("ab"): the first NUL byte ended the message ...",
 * in a static buffer valid until the next call.
 */
static const char *diff_bytes(const char *want, size_t wlen,
                              const char *got, size_t glen)
{
    static char msg[512];
    const char *nul = memchr(want, '\0', wlen);
    size_t i = 0;
    int n;

    while (i < wlen && i < glen && want[i] == got[i])
        i++;
    if (i == wlen && glen == wlen)
        return NULL;
    if (i == glen)
        n = snprintf(msg, sizeof msg, "%zu of %zu bytes (%s)", glen, wlen,
                     unit_show(got, glen));
    else if (i == wlen)
        n = snprintf(msg, sizeof msg, "%zu bytes, %zu more than expected (%s)",
                     glen, glen - wlen, unit_show(got, glen));
    else
        n = snprintf(msg, sizeof msg,
                     "%zu bytes that differ from byte %zu on: expected %s, got %s",
                     glen, i, unit_show(want + i, wlen - i), unit_show(got + i, glen - i));
    /* Going wrong exactly at a NUL byte is strlen()'s signature. */
    if (i == 0 || i >= wlen || want[i] != '\0')
        return msg;
    snprintf(msg + n, sizeof msg - (size_t)n, "%s",
             want + i == nul && i == glen
             ? ": the first NUL byte ended the message. Is the length "
               "strlen()? Use the count read() returned"
             : ". It went wrong at a NUL byte: is a length strlen()? Use the "
               "count read() returned");
    return msg;
}

/* fill_line: len bytes of letters ending in a newline: a long request. */
static void fill_line(char *buf, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i++)
        buf[i] = (char)('a' + i % 26);
    buf[len - 1] = '\n';
}

/* how_xfer_ended: why the peer stopped waiting, as a phrase. */
static const char *how_xfer_ended(const struct unit_xfer *x)
{
    if (x->eof || x->err == ECONNRESET || x->err == EPIPE)
        return "then the connection was closed";
    if (x->timedout)
        return "then nothing more came for the whole time limit";
    if (x->err)
        return strerror(x->err);
    return "";
}

/* ---------------------------------------------------------------------
 * getreq
 * --------------------------------------------------------------------- */

/* What one getreq() call did, seen from inside the child. */
struct getreq_call {
    int null;                 /* it returned NULL */
    int not_inbuf;            /* it returned a pointer other than inbuf */
    int overran;              /* it changed bytes past inbuf[len - 1] */
    char line[GETREQ_BUF];    /* the string it returned */
};

/* What the child reports: its calls, how many of them finished. */
struct getreq_calls {
    int done;
    struct getreq_call call[GETREQ_CALLS];
};

/* getreq_child: in the child: call getreq(buf, len) n times, report in
 * *res, and _exit. buf has room past len to catch overruns. */
static void getreq_child(int len, int n, struct getreq_calls *res)
{
    char buf[GETREQ_BUF + 16];
    char *r;
    size_t i;
    int k;

    for (k = 0; k < n; k++) {
        memset(buf, '#', sizeof buf);
        r = getreq(buf, len);
        res->call[k].null = r == NULL;
        res->call[k].not_inbuf = r != NULL && r != buf;
        if (r != NULL)
            snprintf(res->call[k].line, GETREQ_BUF, "%s", r);
        for (i = (size_t)len; i < sizeof buf; i++)
            if (buf[i] != '#')
                res->call[k].overran = 1;
        res->done = k + 1;
    }
    _exit(0);
}

/*
 * check_getreq: feed input to getreq(buf, len) on stdin, call it once per
 * entry of want (a string, or NULL for end of input), and fail with hint
 * unless each call returns its entry.
 */
static void check_getreq(const char *input, int len, const char *const *want,
                         int n, const char *hint)
{
    struct getreq_calls *res = unit_shared(sizeof *res);
    int in = unit_tmpfile(input, strlen(input));
    int out = unit_tmpfile(NULL, 0);
    pid_t pid = start_child(in, out, -1);
    struct getreq_calls got;
    int status, k;

    if (pid == 0)
        getreq_child(len, n, res);
    status = unit_wait(pid);
    got = *res;
    unit_unshare(res, sizeof *res);
    close(in);
    close(out);

    for (k = 0; k < n; k++) {
        const struct getreq_call *c = &got.call[k];
        if (k >= got.done)
            fail_msg("on input %s, getreq(buf, %d) call %d %s",
                     unit_show(input, strlen(input)), len, k + 1, unit_status(status));
        if (c->overran)
            fail_msg("on input %s, getreq(buf, %d) call %d wrote past the %d "
                     "bytes of buf: use len for memset and fgets, not a constant",
                     unit_show(input, strlen(input)), len, k + 1, len);
        if (want[k] == NULL && !c->null)
            fail_msg("on input %s, getreq(buf, %d) call %d returned %s; "
                     "expected NULL at end of input. %s",
                     unit_show(input, strlen(input)), len, k + 1,
                     unit_show(c->line, strlen(c->line)), hint);
        if (want[k] != NULL && c->null)
            fail_msg("on input %s, getreq(buf, %d) call %d returned NULL; "
                     "expected %s. %s", unit_show(input, strlen(input)), len,
                     k + 1, unit_show(want[k], strlen(want[k])), hint);
        if (want[k] != NULL && c->not_inbuf)
            fail_msg("getreq(buf, %d) call %d returned a pointer other than "
                     "buf: return what fgets(inbuf, len, stdin) returns", len, k + 1);
        if (want[k] != NULL && strcmp(c->line, want[k]) != 0)
            fail_msg("on input %s, getreq(buf, %d) call %d returned %s; "
                     "expected %s. %s", unit_show(input, strlen(input)), len,
                     k + 1, unit_show(c->line, strlen(c->line)),
                     unit_show(want[k], strlen(want[k])), hint);
    }
}

/*
 * The prompt must be on stdout (a pipe, as under a grader or `| cat`)
 * while getreq() waits for input: the test sends the line only once it has
 * seen "REQ: ".
 */
static void getreq_prints_prompt_flushed(void **state)
{
    char seen[64];
    struct unit_xfer x, rest;
    int in[2], out[2];
    int status;
    pid_t pid;

    (void)state;
    if (pipe(in) < 0 || pipe(out) < 0)
        fail_msg("test setup: pipe: %s", strerror(errno));
    pid = start_child(in[0], out[1], -1);
    if (pid == 0) {
        char buf[GETREQ_BUF];
        close(in[1]);
        close(out[0]);
        getreq(buf, sizeof buf);
        _exit(0);   /* no flush here: an unflushed prompt is never seen */
    }
    close(in[0]);
    close(out[1]);
    /* Half the limit, so the child is still there to be fed afterwards. */
    unit_xfer(out[0], NULL, 0, seen, strlen(PROMPT), unit_limit_ms / 2, &x);
    if (write(in[1], "hello\n", 6) < 0) {
        /* The child is gone already: its status says why. */
    }
    close(in[1]);
    status = unit_wait(pid);
    unit_xfer(out[0], NULL, 0, seen + x.got, sizeof seen - 1 - x.got, 200, &rest);
    close(out[0]);

    if (x.got == strlen(PROMPT) && memcmp(seen, PROMPT, x.got) == 0)
        return;
    if (x.got == 0 && (x.timedout || ended_by_timer(status)))
        fail_msg("getreq() waited for input without showing the prompt "
                 "\"REQ: \" on stdout (a pipe here, as when a grader or "
                 "`| cat` reads it). printf() keeps it in stdio's buffer until "
                 "a newline or exit: print it, then fflush(stdout), then "
                 "call fgets()");
    if (x.got == 0)
        fail_msg("getreq() %s without printing anything on stdout before "
                 "reading input; expected the prompt \"REQ: \"",
                 unit_exited_ok(status) ? "returned" : unit_status(status));
    fail_msg("before reading input, getreq() printed %s on stdout; expected "
             "exactly \"REQ: \"", unit_show(seen, x.got + rest.got));
}

static void getreq_returns_line_with_newline(void **state)
{
    static const char *const want[] = { "hello\n", "world\n" };

    (void)state;
    check_getreq("hello\nworld\n", GETREQ_BUF, want, 2,
                 "getreq() returns each line as fgets() reads it, newline "
                 "included, one line per call");
}

static void getreq_splits_long_line(void **state)
{
    static const char *const want[] = { "abcdefg", "hijklmn", "opq\n", NULL };

    (void)state;
    check_getreq("abcdefghijklmnopq\n", 8, want, 4,
                 "fgets(inbuf, len, stdin) reads at most len-1 bytes, so a "
                 "longer line comes back in pieces: pass len on, not MAXIN");
}

static void getreq_returns_null_at_eof(void **state)
{
    static const char *const want[] = { "last\n", "no newline", NULL, NULL };

    (void)state;
    check_getreq("last\nno newline", GETREQ_BUF, want, 4,
                 "at end of input fgets() returns NULL (after the last line, "
                 "even one without a newline): return what fgets() returned");
}

/* ---------------------------------------------------------------------
 * server
 * --------------------------------------------------------------------- */

/* What a run of server() did, seen from the test (its peer). */
struct server_run {
    struct unit_xfer x;   /* the exchange: sent, echoed back, how it ended */
    int status;           /* how the child ended after the test closed */
    size_t printed;       /* bytes server() wrote on its stdout */
};

static char server_echo[BIG];        /* what server() sent back */
static char server_print[BIG + 1];   /* what server() printed */

/*
 * run_server: run server() in a child on one end of a socketpair, its
 * stdout on a temporary file and its writes (socket and stdout) capped at
 * cap bytes per call (0: no cap). As its client, send len bytes of msg
 * while reading len bytes back, then close and wait for the child.
 */
static void run_server(const char *msg, size_t len, size_t cap,
                       struct server_run *r)
{
    int out = unit_tmpfile(NULL, 0);
    pid_t pid;
    int sv[2];

    make_pair(sv);
    pid = start_child(-1, out, -1);
    if (pid == 0) {
        close(sv[0]);
        unit_cap_write(sv[1], cap);
        unit_cap_write(STDOUT_FILENO, cap);
        server(sv[1]);
        fflush(stdout);
        _exit(0);
    }
    close(sv[1]);
    unit_xfer(sv[0], msg, len, server_echo, len, unit_limit_ms, &r->x);
    close(sv[0]);   /* server()'s read() returns 0 now */
    r->status = unit_wait(pid);
    r->printed = unit_slurp(out, server_print, BIG);
    close(out);
}

/*
 * check_server_copies: fail with hint unless server() echoed msg byte for
 * byte to its client and printed it byte for byte on stdout.
 */
static void check_server_copies(const struct server_run *r, const char *msg,
                                size_t len, const char *hint)
{
    const char *d = diff_bytes(msg, len, server_echo, r->x.got);

    if (d != NULL)
        fail_msg("sent %s to server(); it echoed %s (%s; server() %s). %s",
                 unit_show(msg, len), d,
                 how_xfer_ended(&r->x),
                 unit_exited_ok(r->status) ? "returned" : unit_status(r->status),
                 hint);
    d = diff_bytes(msg, len, server_print, r->printed);
    if (d != NULL)
        fail_msg("sent %s to server(); it echoed them all but printed on "
                 "stdout %s. Print every chunk with write(STDOUT_FILENO, "
                 "reqbuf, n) before echoing it. %s", unit_show(msg, len), d, hint);
}

static void server_echoes_nul_bytes(void **state)
{
    static const char msg[] = "ab\0cd\0\0ef\n";
    struct server_run r;

    (void)state;
    run_server(msg, sizeof msg - 1, 0, &r);
    check_server_copies(&r, msg, sizeof msg - 1,
                        "Binary data: the length is what read() returned.");
}

static void server_echoes_64k(void **state)
{
    static char msg[BIG];
    struct server_run r;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof msg; i++)   /* every byte value, NUL included */
        msg[i] = (char)('A' + i * 7 % 253);
    run_server(msg, sizeof msg, 0, &r);
    check_server_copies(&r, msg, sizeof msg,
                        "64 KiB come in many reads: echo each chunk, all of "
                        "it, and go on reading until read() returns 0.");
}

static void server_survives_short_writes(void **state)
{
    static char msg[1000];
    struct server_run r;

    (void)state;
    fill_line(msg, sizeof msg);
    run_server(msg, sizeof msg, 3, &r);
    check_server_copies(&r, msg, sizeof msg,
                        "Here each write() wrote at most 3 bytes, as a busy "
                        "socket may: write() returns how many it wrote; loop "
                        "until all n bytes are written (writen, after Stevens).");
}

static void server_returns_at_eof(void **state)
{
    struct server_run r;

    (void)state;
    run_server("bye\n", 4, 0, &r);
    if (r.x.got != 4)
        fail_msg("server() did not echo \"bye\\n\" before the client closed "
                 "the connection: it echoed %s (%s; server() %s)",
                 unit_show(server_echo, r.x.got), how_xfer_ended(&r.x),
                 unit_exited_ok(r.status) ? "returned" : unit_status(r.status));
    if (ended_by_timer(r.status))
        fail_msg("server() did not return within %d ms after the client "
                 "closed the connection. At end of file read() returns 0: "
                 "return then (the lecture's test is n <= 0), or the server "
                 "loops forever", unit_limit_ms);
    if (!unit_exited_ok(r.status))
        fail_msg("after the client closed the connection, server() %s "
                 "instead of returning", unit_status(r.status));
}

/* ---------------------------------------------------------------------
 * client
 * --------------------------------------------------------------------- */

/* What a client test does: the client's input, and the test's server. */
struct client_script {
    const char *input;          /* the client's stdin */
    const char *const *reqs;    /* the requests expected, NULL-terminated */
    int shout;                  /* answer in upper case: the client must
                                   print what it received, not what it sent */
    int hang_up;                /* read the first request, then close */
    size_t read_cap;            /* bytes per read() on the client's socket */
    size_t write_cap;           /* bytes per write() on its socket and stdout */
};

/* What client() did. */
struct client_run {
    char complaint[768];        /* what the test's server saw go wrong */
    int status;                 /* how the child ended */
    int returned;               /* client() returned ... */
    int rc;                     /* ... this */
    size_t outlen;              /* bytes it printed on stdout */
};

static char client_out[CLIENT_OUT + 1];   /* its stdout, prompts and all */
static char client_err[CLIENT_OUT + 1];   /* its stderr */

/* unread: bytes we sent that the client has not read yet, or -1 if the
 * system cannot tell (SIOCOUTQ). */
static int unread(int fd)
{
    int n;

    return ioctl(fd, SIOCOUTQ, &n) < 0 ? -1 : n;
}

/* complain: note the first thing that went wrong; returns -1. */
static int complain(struct client_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int complain(struct client_run *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->complaint, sizeof r->complaint, fmt, ap);
    va_end(ap);
    return -1;
}

/* serve_one: play the server for request k (want): receive it whole, then
 * (unless hanging up) answer it. Returns 0, or -1 after complaining. */
static int serve_one(int fd, const struct client_script *s, int k,
                     struct client_run *r)
{
    static char req[BIG], ans[BIG];
    const char *want = s->reqs[k];
    size_t len = strlen(want), i;
    struct unit_xfer x;

    unit_xfer(fd, NULL, 0, req, len, unit_limit_ms, &x);
    if (x.got == 0 && x.eof)
        return complain(r, "request %d: expected %s; the client sent nothing "
                        "and closed the connection (client() returned or "
                        "died)", k + 1, unit_show(want, len));
    if (x.got == 0)
        return complain(r, "request %d: expected %s; the client sent nothing "
                        "(%s)", k + 1, unit_show(want, len), how_xfer_ended(&x));
    if (x.got == len && memcmp(req, want, len) != 0)
        return complain(r, "request %d: expected %s; the client sent %s",
                        k + 1, unit_show(want, len), unit_show(req, x.got));
    if (x.got < len)
        return complain(r, "request %d: expected %s; the client sent %s "
                        "(%s)", k + 1, unit_show(want, len),
                        unit_show(req, x.got), how_xfer_ended(&x));
    if (k > 0 && unread(fd) > 0)
        return complain(r, "request %d arrived before the client had read "
                        "the whole echo of request %d: read until as many "
                        "bytes have come back as were sent", k + 1, k);
    if (s->hang_up)
        return 0;
    for (i = 0; i < len; i++)
        ans[i] = s->shout && want[i] >= 'a' && want[i] <= 'z'
                 ? (char)(want[i] - 'a' + 'A') : want[i];
    unit_xfer(fd, ans, len, NULL, 0, unit_limit_ms, &x);
    if (x.sent < len)
        return complain(r, "request %d: could not send its echo to the "
                        "client (%s)", k + 1, how_xfer_ended(&x));
    return 0;
}

/* finish_serving: after the requests: wait for client() to end with the
 * connection still open, then check that it sent nothing more. */
static void finish_serving(int fd, pid_t pid, struct client_run *r)
{
    char extra[64];
    struct unit_xfer x;

    r->status = unit_wait(pid);
    unit_xfer(fd, NULL, 0, extra, sizeof extra, 200, &x);
    if (x.got > 0 && r->complaint[0] == '\0')
        complain(r, "after its last request the client sent %s more",
                 unit_show(extra, x.got));
}

/*
 * run_client: run client() in a child with script s: its stdin, stdout
 * and stderr on temporary files, its socket's reads and writes capped;
 * the test plays the server. Fills *r.
 */
static void run_client(const struct client_script *s, struct client_run *r)
{
    struct client_run *shared = unit_shared(sizeof *shared);
    int in = unit_tmpfile(s->input, strlen(s->input));
    int out = unit_tmpfile(NULL, 0), err = unit_tmpfile(NULL, 0);
    int sv[2], k, ok = 0;
    pid_t pid;

    make_pair(sv);
    pid = start_child(in, out, err);
    if (pid == 0) {
        close(sv[0]);
        unit_cap_read(sv[1], s->read_cap);
        unit_cap_write(sv[1], s->write_cap);
        unit_cap_write(STDOUT_FILENO, s->write_cap);
        shared->rc = client(sv[1]);
        shared->returned = 1;
        fflush(stdout);   /* as exit() would: the child ends with _exit */
        _exit(0);
    }
    close(sv[1]);
    memset(r, 0, sizeof *r);
    for (k = 0; s->reqs[k] != NULL && ok == 0; k++)
        ok = serve_one(sv[0], s, k, r);
    if (ok == 0 && !s->hang_up) {
        finish_serving(sv[0], pid, r);
    } else {
        close(sv[0]);   /* hang up, or stop a client that went wrong */
        sv[0] = -1;
        r->status = unit_wait(pid);
    }
    if (sv[0] >= 0)
        close(sv[0]);
    r->returned = shared->returned;
    r->rc = shared->rc;
    unit_unshare(shared, sizeof *shared);
    r->outlen = unit_slurp(out, client_out, CLIENT_OUT);
    unit_slurp(err, client_err, CLIENT_OUT);
    close(in);
    close(out);
    close(err);
}

/* what_client_did: how the child ended, as a phrase. */
static const char *what_client_did(const struct client_run *r)
{
    static char buf[256];

    if (r->returned)
        snprintf(buf, sizeof buf, "client() returned %d", r->rc);
    else
        snprintf(buf, sizeof buf, "client() %s", unit_status(r->status));
    return buf;
}

/*
 * check_client_echoes: fail with hint unless the test's server got every
 * request as expected and the client printed `want` (its prompts left out:
 * they are getreq's business, tested above).
 */
static void check_client_echoes(const struct client_script *s,
                                const struct client_run *r,
                                const char *want, const char *hint)
{
    const char *d;

    if (r->complaint[0] != '\0')
        fail_msg("input %s: %s; %s. %s", unit_show(s->input, strlen(s->input)),
                 r->complaint, what_client_did(r), hint);
    unit_strip(client_out, PROMPT);
    d = diff_bytes(want, strlen(want), client_out, strlen(client_out));
    if (d != NULL)
        fail_msg("input %s: the test's server echoed %s, but the client "
                 "printed (prompts left out) %s; %s. %s",
                 unit_show(s->input, strlen(s->input)), unit_show(want, strlen(want)),
                 d, what_client_did(r), hint);
}

/* expect_echoes: run client() with script s; fail with hint unless it
 * behaved as check_client_echoes says. */
static void expect_echoes(const struct client_script *s, const char *want,
                          const char *hint)
{
    struct client_run r;

    run_client(s, &r);
    check_client_echoes(s, &r, want, hint);
}

static void client_sends_line_and_prints_echo(void **state)
{
    static const char *const reqs[] = { "hello\n", NULL };
    const struct client_script s = { .input = "hello\n", .reqs = reqs, .shout = 1 };

    (void)state;
    expect_echoes(&s, "HELLO\n",
                  "(The test's server answers in upper case.) Send the "
                  "line to sockfd, read the echo back and write what you "
                  "read to STDOUT_FILENO.");
}

static void client_sends_blank_line(void **state)
{
    static const char *const reqs[] = { "\n", "after\n", NULL };
    const struct client_script s = { .input = "\nafter\n", .reqs = reqs };

    (void)state;
    expect_echoes(&s, "\nafter\n",
                  "A blank line is the request \"\\n\", one byte: send "
                  "it and print its echo like any other; only end of "
                  "input (getreq() returns NULL) ends the loop.");
}

static void client_reads_echo_in_pieces(void **state)
{
    static const char *const reqs[] = { "hello\n", "world\n", NULL };
    const struct client_script s = { .input = "hello\nworld\n", .reqs = reqs,
                                     .read_cap = 1 };

    (void)state;
    expect_echoes(&s, "hello\nworld\n",
                  "Here each read() on the socket returned 1 byte: a "
                  "stream socket keeps no message boundaries, so one "
                  "read() may bring part of the echo. Keep reading "
                  "until as many bytes have come back as you sent, and "
                  "only then print them and ask for the next request.");
}

static void client_survives_short_writes(void **state)
{
    static char line[301];   /* 300 bytes and the NUL */
    static const char *reqs[] = { "hello, short writes\n", line, NULL };
    static char input[sizeof line + 32];
    const struct client_script s = { .input = input, .reqs = reqs, .write_cap = 3 };

    (void)state;
    fill_line(line, sizeof line - 1);
    snprintf(input, sizeof input, "%s%s", reqs[0], line);
    expect_echoes(&s, input,
                  "Here each write() (to the socket and to stdout) "
                  "wrote at most 3 bytes, as a busy socket may: write() "
                  "returns how many it wrote; loop until all are "
                  "written (writen, after Stevens).");
}

static void client_returns_0_at_eof(void **state)
{
    static const char *const reqs[] = { "hello\n", NULL };
    const struct client_script s = { .input = "hello\n", .reqs = reqs };
    struct client_run r;

    (void)state;
    run_client(&s, &r);
    if (r.complaint[0] != '\0')
        fail_msg("input \"hello\\n\": %s; %s", r.complaint, what_client_did(&r));
    if (!r.returned)
        fail_msg("at end of input (the server still connected) %s; expected "
                 "it to return 0 once getreq() returns NULL",
                 what_client_did(&r));
    if (r.rc != 0)
        fail_msg("at end of input client() returned %d; expected 0", r.rc);
}

static void client_reports_closed_server(void **state)
{
    static const char *const reqs[] = { "hello\n", NULL };
    const struct client_script s = { .input = "hello\nworld\n", .reqs = reqs,
                                     .hang_up = 1 };
    struct client_run r;

    (void)state;
    run_client(&s, &r);
    if (r.complaint[0] != '\0')
        fail_msg("input \"hello\\nworld\\n\": %s; %s", r.complaint,
                 what_client_did(&r));
    if (!r.returned && WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGPIPE)
        fail_msg("the server read \"hello\\n\" and closed the connection "
                 "without answering; client() was killed by SIGPIPE: it wrote "
                 "the next request to a socket whose peer had closed. When "
                 "read() returns 0 before the whole echo has come, the server "
                 "has gone: print a line starting \"ERROR\" on stderr and "
                 "return -1");
    if (!r.returned || r.rc != -1)
        fail_msg("the server read \"hello\\n\" and closed the connection "
                 "without answering; %s, expected it to return -1 (read() "
                 "returning 0 means the server has gone)", what_client_did(&r));
    if (strncmp(client_err, "ERROR", 5) != 0 && strstr(client_err, "\nERROR") == NULL)
        fail_msg("the server closed the connection and client() returned -1, "
                 "but stderr had no line starting \"ERROR\" (it had %s)",
                 unit_show(client_err, strlen(client_err)));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest echo_tests[] = {
        cmocka_unit_test(getreq_prints_prompt_flushed),
        cmocka_unit_test(getreq_returns_line_with_newline),
        cmocka_unit_test(getreq_splits_long_line),
        cmocka_unit_test(getreq_returns_null_at_eof),
        cmocka_unit_test(server_echoes_nul_bytes),
        cmocka_unit_test(server_echoes_64k),
        cmocka_unit_test(server_survives_short_writes),
        cmocka_unit_test(server_returns_at_eof),
        cmocka_unit_test(client_sends_line_and_prints_echo),
        cmocka_unit_test(client_sends_blank_line),
        cmocka_unit_test(client_reads_echo_in_pieces),
        cmocka_unit_test(client_survives_short_writes),
        cmocka_unit_test(client_returns_0_at_eof),
        cmocka_unit_test(client_reports_closed_server),
    };

    return UNIT_RUN(argc, argv, echo_tests);
}

/* signal_safety.so: notices calls that a signal handler must not make.
 *
 * Lab 06's stretch check `signal_safe` runs the student's program with this
 * library in LD_PRELOAD. It stands between the program and sigaction() and
 * signal(): every handler the program installs is run through a trampoline
 * that marks "inside a handler" for the handler's duration. Meanwhile the
 * C library functions that signal-safety(7) leaves off its list (stdio,
 * malloc and friends, exit) are wrapped: called inside a handler, each is
 * named once on stderr, then does its work as usual, so the program behaves
 * exactly as without the library.
 *
 * Lines on stderr, for the grader:
 *     socklab-preload: handler entered for signal N
 *     socklab-preload: unsafe NAME() in handler for signal N
 * The first proves the library was loaded and the handler ran; the second
 * names each unsafe call, once per function.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc's own entry points, so that wrapping malloc needs no dlsym(), which
 * may itself allocate. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static struct sigaction installed[NSIG];  /* what the program asked for */
static volatile sig_atomic_t handling;    /* the signal being handled, or 0 */

/* Writes text to stderr with write(): this library must be signal-safe itself. */
static void say(const char *text)
{
	if (write(STDERR_FILENO, text, strlen(text)) < 0)
		return;
}

/* Writes "socklab-preload: WHAT for signal N\n", WHAT in two parts. */
static void say_line(const char *what, const char *name, const char *rest, int sig)
{
	char digits[4] = { (char)('0' + sig / 10 % 10), (char)('0' + sig % 10), '\n', '\0' };

	say("socklab-preload: ");
	say(what);
	say(name);
	say(rest);
	say(sig >= 10 ? digits : digits + 1);
}

/* Called at the top of every wrapped function: names it once per run when a
 * handler is running. */
static void unsafe(const char *name)
{
	static char named[64][24];
	static int nnamed;
	int k;

	if (handling == 0)
		return;
	for (k = 0; k < nnamed; k++)
		if (strcmp(named[k], name) == 0)
			return;
	if (nnamed < 64)
		strncpy(named[nnamed++], name, sizeof named[0] - 1);
	say_line("unsafe ", name, "() in handler for signal ", handling);
}

static void trampoline(int sig)
{
	int outer = handling;

	handling = sig;
	say_line("handler", "", " entered for signal ", sig);
	installed[sig].sa_handler(sig);
	handling = outer;
}

static void trampoline_info(int sig, siginfo_t *info, void *context)
{
	int outer = handling;

	handling = sig;
	say_line("handler", "", " entered for signal ", sig);
	installed[sig].sa_sigaction(sig, info, context);
	handling = outer;
}

/* 1 when act installs a function (not SIG_DFL or SIG_IGN) for sig. */
static int installs_function(int sig, const struct sigaction *act)
{
	if (act == NULL || sig <= 0 || sig >= NSIG)
		return 0;
	if (act->sa_flags & SA_SIGINFO)
		return act->sa_sigaction != NULL;
	return act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	static int (*real)(int, const struct sigaction *, struct sigaction *);
	struct sigaction through, before;
	int r;

	if (real == NULL)
		real = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT, "sigaction");
	if (sig > 0 && sig < NSIG)
		before = installed[sig];
	if (installs_function(sig, act)) {
		installed[sig] = *act;
		through = *act;
		if (act->sa_flags & SA_SIGINFO)
			through.sa_sigaction = trampoline_info;
		else
			through.sa_handler = trampoline;
		act = &through;
	}
	r = real(sig, act, old);
	if (r < 0 && sig > 0 && sig < NSIG)
		installed[sig] = before;
	/* The program sees its own handler, never the trampoline. */
	if (r == 0 && old != NULL && (old->sa_handler == trampoline ||
				      old->sa_sigaction == trampoline_info))
		*old = before;
	return r;
}

/* glibc's signal(): BSD semantics, the handler stays and calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof act);
	act.sa_handler = handler;
	sigemptyset(&act.sa_mask);
	sigaddset(&act.sa_mask, sig);
	act.sa_flags = SA_RESTART;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* The real function NAME, looked up once. */
#define REAL(type, name) \
	static type real_##name; \
	if (real_##name == NULL) \
		real_##name = (type)dlsym(RTLD_NEXT, #name)

typedef int (*vfprintf_fn)(FILE *, const char *, va_list);
typedef int (*vsnprintf_fn)(char *, size_t, const char *, va_list);
typedef int (*vsprintf_fn)(char *, const char *, va_list);
typedef int (*vdprintf_fn)(int, const char *, va_list);

/* A variadic function of the printf family, forwarded through its v-form
 * REAL (of type TYPE) with the arguments ARGS (ap holds the variadic part).
 * SHOWN is the name the student wrote: _FORTIFY_SOURCE turns printf into
 * __printf_chk and so on. */
#define VA_FORWARD(name, shown, type, real, params, args)               \
	int name params                                                 \
	{                                                               \
		va_list ap;                                             \
		int r;                                                  \
		REAL(type, real);                                       \
		unsafe(shown);                                          \
		va_start(ap, fmt);                                      \
		r = real_##real args;                                   \
		va_end(ap);                                             \
		return r;                                               \
	}

#define UNUSED __attribute__((unused))
VA_FORWARD(printf, "printf", vfprintf_fn, vfprintf, (const char *fmt, ...), (stdout, fmt, ap))
VA_FORWARD(fprintf, "fprintf", vfprintf_fn, vfprintf, (FILE *f, const char *fmt, ...), (f, fmt, ap))
VA_FORWARD(dprintf, "dprintf", vdprintf_fn, vdprintf, (int fd, const char *fmt, ...), (fd, fmt, ap))
VA_FORWARD(snprintf, "snprintf", vsnprintf_fn, vsnprintf, (char *buf, size_t size, const char *fmt, ...),
	   (buf, size, fmt, ap))
VA_FORWARD(sprintf, "sprintf", vsprintf_fn, vsprintf, (char *buf, const char *fmt, ...), (buf, fmt, ap))
VA_FORWARD(__printf_chk, "printf", vfprintf_fn, vfprintf, (int flag UNUSED, const char *fmt, ...),
	   (stdout, fmt, ap))
VA_FORWARD(__fprintf_chk, "fprintf", vfprintf_fn, vfprintf,
	   (FILE *f, int flag UNUSED, const char *fmt, ...), (f, fmt, ap))
VA_FORWARD(__snprintf_chk, "snprintf", vsnprintf_fn, vsnprintf,
	   (char *buf, size_t size, int flag UNUSED, size_t room UNUSED, const char *fmt, ...),
	   (buf, size, fmt, ap))
VA_FORWARD(__sprintf_chk, "sprintf", vsprintf_fn, vsprintf,
	   (char *buf, int flag UNUSED, size_t room UNUSED, const char *fmt, ...), (buf, fmt, ap))

int vprintf(const char *fmt, va_list ap)
{
	REAL(vfprintf_fn, vfprintf);
	unsafe("vprintf");
	return real_vfprintf(stdout, fmt, ap);
}

int vfprintf(FILE *stream, const char *fmt, va_list ap)
{
	REAL(vfprintf_fn, vfprintf);
	unsafe("vfprintf");
	return real_vfprintf(stream, fmt, ap);
}

/* Forwards a wrapped function of one fixed signature to the real one. */
#define FORWARD(ret, name, params, args)                                \
	ret name params                                                 \
	{                                                               \
		typedef ret (*fn) params;                               \
		REAL(fn, name);                                         \
		unsafe(#name);                                          \
		return real_##name args;                                \
	}

FORWARD(int, puts, (const char *s), (s))
FORWARD(int, fputs, (const char *s, FILE *f), (s, f))
FORWARD(int, putchar, (int c), (c))
FORWARD(int, fputc, (int c, FILE *f), (c, f))
FORWARD(int, putc, (int c, FILE *f), (c, f))
FORWARD(size_t, fwrite, (const void *p, size_t size, size_t n, FILE *f), (p, size, n, f))
FORWARD(int, fflush, (FILE *f), (f))
FORWARD(char *, strerror, (int e), (e))

void perror(const char *s)
{
	typedef void (*fn)(const char *);
	REAL(fn, perror);
	unsafe("perror");
	real_perror(s);
}

void *malloc(size_t n)
{
	unsafe("malloc");
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	unsafe("calloc");
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	unsafe("realloc");
	return __libc_realloc(p, n);
}

void free(void *p)
{
	unsafe("free");
	__libc_free(p);
}

void exit(int status)
{
	typedef void (*fn)(int);
	REAL(fn, exit);
	unsafe("exit");
	real_exit(status);
	_exit(status);  /* not reached: keeps the noreturn promise */
}

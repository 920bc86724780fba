/*
 * signals.c: a Tcl command, signal_trap, that runs a Tcl command when a
 * signal comes, for the kit's expect programs (grade, watch, demo, trace,
 * batch). Built as build/socklab_signals.so, loaded by harness/lib/signals.tcl
 * (outside harness/lib, which the hosted graders hide from the compiler).
 *
 * Why not expect's own `trap`: its signal handler calls Tcl_AsyncMark,
 * which in a threaded Tcl (Debian's) locks the notifier's mutex. A signal
 * that comes while the main thread holds that mutex (it does, briefly,
 * each time the event loop wakes) deadlocks the process: ^C in the middle
 * of a grading froze `make watch` with SIGINT blocked, so that a second ^C
 * did nothing either. Here the handler only records the signal and writes
 * a byte to a pipe (both async-signal-safe); a thread of our own reads the
 * pipe and calls Tcl_AsyncMark, as any thread may, and Tcl runs the command
 * in the main thread at its next safe point, as it ran trap's.
 *
 *   signal_trap COMMAND SIGNALS
 * COMMAND (a command prefix) is called with the signal's number appended;
 * SIGNALS is a list of names (SIGINT or INT) or numbers.
 */
#define _GNU_SOURCE  /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <tcl.h>

static int wake_pipe[2] = { -1, -1 };     /* the handler writes, the relay reads */
static volatile sig_atomic_t pending[NSIG];
static Tcl_Obj *commands[NSIG];           /* COMMAND of each trapped signal, or NULL */
static Tcl_AsyncHandler async;            /* runs the commands in the main thread */
static Tcl_Interp *main_interp;

/* on_signal: the handler. Only async-signal-safe work: a flag and a byte.
 * A full pipe loses the byte, not the signal: the flag is already set. */
static void on_signal(int sig)
{
	int saved = errno;
	unsigned char byte = (unsigned char)sig;

	pending[sig] = 1;
	if (write(wake_pipe[1], &byte, 1) < 0) {
		/* full: a byte already waits, which will wake the relay */
	}
	errno = saved;
}

/* relay: the thread that turns each byte into a Tcl_AsyncMark, outside any
 * signal handler. It blocks every signal, so that none is handled here. */
static void *relay(void *unused)
{
	unsigned char byte;

	(void)unused;
	for (;;) {
		ssize_t n = read(wake_pipe[0], &byte, 1);

		if (n == 1)
			Tcl_AsyncMark(async);
		else if (n == 0 || errno != EINTR)
			return NULL;  /* the pipe is gone: the process is ending */
	}
}

/* run_pending: Tcl's async callback, in the main thread between two
 * commands. Runs the command of each signal that came, leaving the
 * interpreter's result and the code of what was interrupted as they were. */
static int run_pending(ClientData unused, Tcl_Interp *interp, int code)
{
	int sig;

	(void)unused;
	if (interp == NULL)
		interp = main_interp;
	for (sig = 1; sig < NSIG; sig++) {
		Tcl_InterpState saved;
		Tcl_Obj *call;

		if (!pending[sig] || commands[sig] == NULL)
			continue;
		pending[sig] = 0;
		saved = Tcl_SaveInterpState(interp, code);
		call = Tcl_DuplicateObj(commands[sig]);
		Tcl_IncrRefCount(call);
		Tcl_ListObjAppendElement(NULL, call, Tcl_NewIntObj(sig));
		if (Tcl_EvalObjEx(interp, call, TCL_EVAL_GLOBAL) == TCL_ERROR)
			Tcl_BackgroundException(interp, TCL_ERROR);
		Tcl_DecrRefCount(call);
		code = Tcl_RestoreInterpState(interp, saved);
	}
	return code;
}

/* signal_number: the number of NAME (SIGINT, INT or 2), or 0. */
static int signal_number(const char *name)
{
	static const struct { const char *name; int sig; } known[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "TERM", SIGTERM },
		{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "CHLD", SIGCHLD },
	};
	size_t k;
	char *end;
	long n;

	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (k = 0; k < sizeof known / sizeof known[0]; k++)
		if (strcasecmp(name, known[k].name) == 0)
			return known[k].sig;
	n = strtol(name, &end, 10);
	return *name != '\0' && *end == '\0' && n > 0 && n < NSIG ? (int)n : 0;
}

/* signal_trap COMMAND SIGNALS */
static int signal_trap_cmd(ClientData unused, Tcl_Interp *interp, int objc, Tcl_Obj *const objv[])
{
	Tcl_Obj **names;
	int count, k;

	(void)unused;
	if (objc != 3) {
		Tcl_WrongNumArgs(interp, 1, objv, "command signals");
		return TCL_ERROR;
	}
	if (Tcl_ListObjGetElements(interp, objv[2], &count, &names) != TCL_OK)
		return TCL_ERROR;
	for (k = 0; k < count; k++) {
		int sig = signal_number(Tcl_GetString(names[k]));
		struct sigaction sa;

		if (sig == 0 || sig == SIGKILL || sig == SIGSTOP) {
			Tcl_SetObjResult(interp, Tcl_ObjPrintf("signal_trap: no signal named \"%s\"",
							       Tcl_GetString(names[k])));
			return TCL_ERROR;
		}
		if (commands[sig] != NULL)
			Tcl_DecrRefCount(commands[sig]);
		commands[sig] = objv[1];
		Tcl_IncrRefCount(commands[sig]);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART;
		if (sigaction(sig, &sa, NULL) < 0) {
			Tcl_SetObjResult(interp, Tcl_ObjPrintf("signal_trap: sigaction: %s", strerror(errno)));
			return TCL_ERROR;
		}
	}
	return TCL_OK;
}

/* start_relay: the pipe (close-on-exec, so that no child holds it; its
 * write end non-blocking, for the handler) and the relay thread, with
 * every signal blocked. Returns 0, or -1 with errno set. */
static int start_relay(void)
{
	sigset_t all, old;
	pthread_t thread;
	int err;

	if (pipe2(wake_pipe, O_CLOEXEC) < 0)
		return -1;
	if (fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK) < 0)
		return -1;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, relay, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		errno = err;
		return -1;
	}
	pthread_detach(thread);
	return 0;
}

/* Socklab_signals_Init: `load build/socklab_signals.so Socklab_signals`. */
int Socklab_signals_Init(Tcl_Interp *interp)
{
	if (Tcl_InitStubs(interp, "8.6", 0) == NULL)
		return TCL_ERROR;
	if (main_interp == NULL) {
		main_interp = interp;
		async = Tcl_AsyncCreate(run_pending, NULL);
		if (start_relay() < 0) {
			Tcl_SetObjResult(interp, Tcl_ObjPrintf("socklab_signals: %s", strerror(errno)));
			return TCL_ERROR;
		}
	}
	Tcl_CreateObjCommand(interp, "signal_trap", signal_trap_cmd, NULL, NULL);
	return TCL_OK;
}

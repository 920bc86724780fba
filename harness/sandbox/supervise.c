/* `sandbox run`: the supervisor. See sandbox.c for the picture. */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <grp.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SANDBOX_ERROR 125    /* as env(1): the sandbox itself failed */
#define EXIT_EXEC_FAILED 127

enum { RELAY_CHUNK = 4096 };

/* One relay from a descriptor of the program's to one of the harness's. */
struct relay {
	int from;            /* -1 once closed */
	int to;
	char buf[RELAY_CHUNK + 128];  /* room for the output-limit note */
	size_t len, off;     /* bytes in buf waiting to go out */
};

static volatile sig_atomic_t got_terminate, got_alarm;

static void on_terminate(int sig) { (void)sig; got_terminate = 1; }
static void on_alarm(int sig) { (void)sig; got_alarm = 1; }
static void on_child(int sig) { (void)sig; }

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sandbox: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	_exit(EXIT_SANDBOX_ERROR);
}

/* Enters new PID and mount namespaces. A non-root caller also enters a new
 * user namespace in which it keeps its own uid (mapped to itself), so the
 * program it later execs holds no capabilities. Returns 0 or -1. */
static int enter_namespaces(void)
{
	if (getuid() == 0)
		return unshare(CLONE_NEWPID | CLONE_NEWNS);
	return enter_user_namespace(CLONE_NEWPID | CLONE_NEWNS);
}

/* PID 1 of the run's namespace: shows the program a /proc of its own, then
 * reaps orphans until the supervisor kills it (and with it, the namespace).
 * Tells the supervisor through ready_fd when /proc is mounted. */
static void run_init(int ready_fd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "sandbox-init");
	/* Best effort: a user namespace may refuse a proc mount when parts
	 * of the host's /proc are covered; the program then sees host PIDs. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if (write(ready_fd, "", 1) < 0)
		_exit(1);
	close(ready_fd);
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}

/* mount_setattr(2) (Linux 5.12), by number: older C libraries lack it. */
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
struct sealing_attr { uint64_t attr_set, attr_clr, propagation, userns_fd; };
enum { SEAL_READ_ONLY = 0x1 /* MOUNT_ATTR_RDONLY */, SEAL_RECURSIVE = 0x8000 /* AT_RECURSIVE */ };

/* Namespaces tier: the program's own view of the files, in a mount
 * namespace of its own. The folders in opt->hide (the kit, with its
 * solutions and checks) show empty, and every mount is read-only, so
 * whatever path it guesses the program can read no answer and leave no
 * file behind (its stdout file and terminal are open already), except the
 * --writable file, bound onto itself as a writable mount of its own. Best
 * effort: an old kernel, or a user namespace's locked mounts, may refuse. */
static void seal_files(const struct run_options *opt)
{
	struct sealing_attr read_only = { .attr_set = SEAL_READ_ONLY };
	struct sealing_attr writable = { .attr_clr = SEAL_READ_ONLY };
	int k;

	if (unshare(CLONE_NEWNS) < 0)
		return;
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	for (k = 0; k < opt->nhide; k++)
		mount("tmpfs", opt->hide[k], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		      "size=4k,mode=0555");
	syscall(SYS_mount_setattr, AT_FDCWD, "/", SEAL_RECURSIVE, &read_only, sizeof read_only);
	if (opt->writable != NULL && mount(opt->writable, opt->writable, NULL, MS_BIND, NULL) == 0)
		syscall(SYS_mount_setattr, AT_FDCWD, opt->writable, 0, &writable, sizeof writable);
}

/* --writable FILE: the one file the program may write (strace's output when
 * a trace runs it), created empty and given to the run's user. */
static void create_writable(const struct run_options *opt, uid_t run_uid)
{
	int fd;

	if (opt->writable == NULL)
		return;
	fd = open(opt->writable, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || (run_uid != 0 && fchown(fd, run_uid, run_uid) < 0))
		die("cannot create %s", opt->writable);
	close(fd);
}

/* A small environment of the sandbox's making, then opt->env: nothing of
 * the grader's (its $PWD and $OLDPWD would name the kit). */
static void clean_environment(const struct run_options *opt)
{
	const char *term = getenv("TERM");
	char *saved_term = term != NULL ? strdup(term) : NULL;
	int k;

	clearenv();
	if (setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1) < 0 || setenv("LANG", "C", 1) < 0 ||
	    setenv("HOME", opt->dir != NULL ? opt->dir : "/", 1) < 0 ||
	    (saved_term != NULL && setenv("TERM", saved_term, 1) < 0))
		die("setenv");
	for (k = 0; k < opt->nenv; k++)
		if (putenv(opt->env[k]) != 0)
			die("putenv");
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(resource, &rl) < 0)
		die("setrlimit");
}

/* Below the grader: a busy student program must not starve the
 * supervisor, the harness or anything else on the machine. Where the
 * kernel schedules sessions as groups (autogroup, on by default in many
 * distributions, and here), the setsid() before this made a group of its
 * own, and a process's nice value only weighs inside its group: the
 * group's nice is set as well, or a fork bomb's group would weigh as much
 * as the grader's. Best effort: the file is missing where autogroup is
 * not built in, and an unprivileged writer may be asked to come back
 * (EAGAIN: the kernel allows one such write per tenth of a second). */
static void lower_priority(void)
{
	static const char nice10[] = "10\n";
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int fd, tries;

	if (setpriority(PRIO_PROCESS, 0, 10) < 0)
		die("setpriority");
	fd = open("/proc/self/autogroup", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (tries = 0; tries < 6; tries++) {
		if (write(fd, nice10, sizeof nice10 - 1) >= 0 || errno != EAGAIN)
			break;
		nanosleep(&pause, NULL);
	}
	close(fd);
}

/* Everything the program's process does between fork and exec: its own
 * session and terminal, its descriptors, limits, user, signals, folder.
 * exec_fd (close-on-exec) is kept open until the exec, which closes it: that
 * tells the supervisor the program's own code now runs. */
static void run_program(const struct run_options *opt, int in_fd, int out_fd, int err_fd,
			uid_t run_uid, int exec_fd)
{
	const struct limits *l = &opt->limits;
	sigset_t none;
	int sig;

	setsid();
	if (isatty(out_fd))
		ioctl(out_fd, TIOCSCTTY, 0);
	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		die("dup2");
	if (exec_fd > 3)
		close_range(3, exec_fd - 1, 0);
	close_range(exec_fd + 1, ~0U, 0);

	lower_priority();
	set_limit(RLIMIT_CORE, 0, 0);
	set_limit(RLIMIT_CPU, l->cpu_seconds, l->cpu_seconds + 1);
	set_limit(RLIMIT_AS, (rlim_t)l->mem_mib << 20, (rlim_t)l->mem_mib << 20);
	set_limit(RLIMIT_NPROC, l->procs, l->procs);
	set_limit(RLIMIT_NOFILE, l->files, l->files);
	set_limit(RLIMIT_FSIZE, (rlim_t)l->fsize_mib << 20, (rlim_t)l->fsize_mib << 20);
	create_writable(opt, run_uid);
	if (opt->tier == TIER_NAMESPACES)
		seal_files(opt);
	if (opt->dir != NULL && chdir(opt->dir) < 0)
		die("cannot enter %s", opt->dir);
	if (run_uid != 0) {
		if (setgroups(0, NULL) < 0 || setgid(run_uid) < 0 || setuid(run_uid) < 0)
			die("cannot switch to user %u", (unsigned)run_uid);
	}
	/* After the credential change, which clears it: die with the supervisor. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	/* DESIGN §3: programs start with default dispositions and an empty mask. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	clean_environment(opt);
	execvp(opt->argv[0], opt->argv);
	fprintf(stderr, "sandbox: cannot run %s: %s\n", opt->argv[0], strerror(errno));
	_exit(EXIT_EXEC_FAILED);
}

/* Opens a pty for the program, with the harness terminal's settings (so
 * expect's `stty -echo` reaches the program's terminal) and window size.
 * Returns the master and sets *slave, or dies. */
static int open_inner_pty(int *slave)
{
	struct termios tio;
	struct winsize ws;
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("cannot open a pty");
	*slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0)
		die("cannot open %s", ptsname(master));
	if (tcgetattr(0, &tio) == 0)
		tcsetattr(*slave, TCSANOW, &tio);
	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(*slave, TIOCSWINSZ, &ws);
	return master;
}

/* Puts the harness's terminal in raw mode: its line discipline must pass
 * every byte (^C, ^D, newlines) through untouched to the program's own pty,
 * where they take effect. Saves the old settings in *saved. */
static void make_raw(int fd, struct termios *saved)
{
	struct termios raw;

	if (tcgetattr(fd, saved) < 0)
		return;
	raw = *saved;
	cfmakeraw(&raw);
	tcsetattr(fd, TCSANOW, &raw);
}

/* Passes on what is waiting in r->buf. Returns 0 when it is all out, -1
 * when the harness cannot take more now. A harness that is gone gets
 * nothing more: the bytes are dropped. */
static int flush_relay(struct relay *r)
{
	while (r->off < r->len) {
		ssize_t n = write(r->to, r->buf + r->off, r->len - r->off);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return -1;
		if (n <= 0) {
			r->off = r->len;
			break;
		}
		r->off += n;
	}
	r->off = r->len = 0;
	return 0;
}

/* Reads what the program wrote into r->buf, counting every byte and keeping
 * at most `cap` bytes in all; past it, bytes are read and dropped so that the
 * program never blocks on a full pipe. Returns the bytes read, 0 when the
 * source is finished (EOF, or EIO from a pty nobody holds), -1 when nothing
 * is there now. */
static ssize_t fill_relay(struct relay *r, long *total, long cap, int *capped)
{
	static const char note[] = "\r\n[sandbox: output limit reached; the rest was discarded]\r\n";
	ssize_t n = read(r->from, r->buf, RELAY_CHUNK);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return -1;
	if (n <= 0)
		return 0;
	if (*total >= cap) {
		r->len = 0;
	} else if (*total + n > cap) {
		r->len = cap - *total;
		memcpy(r->buf + r->len, note, sizeof note - 1);
		r->len += sizeof note - 1;
		*capped = 1;
	} else {
		r->len = n;
	}
	r->off = 0;
	*total += n;
	return n;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static double cpu_seconds_of_children(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The report the harness reads after the run: one `key value` per line. */
static void write_report(const char *path, const char *tier, const char *ended, int status,
			 double wall, double cpu, long output, int capped, int leftover,
			 long pid_inside)
{
	char tmp[4096], sigbuf[16];
	FILE *f;

	if (path == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f, "tier %s\nended %s\n", tier, ended);
	if (strcmp(ended, "program") == 0) {
		if (WIFSIGNALED(status))
			fprintf(f, "signal SIG%s\n", signal_name(WTERMSIG(status), sigbuf));
		else
			fprintf(f, "exit %d\n", WEXITSTATUS(status));
	}
	fprintf(f, "wall %.3f\ncpu %.3f\noutput %ld\ncapped %d\nleftover %d\npid_inside %ld\n",
		wall, cpu, output, capped, leftover, pid_inside);
	fclose(f);
	rename(tmp, path);
}

/* The pid the program sees for itself (getpid() inside its PID namespace):
 * the last number of the NSpid line of PID's status in host_proc, the
 * host's /proc opened before init covered /proc with the namespace's own.
 * The program cannot be gone yet: only we reap it. Returns pid itself
 * when there is no such line. */
static long pid_inside(int host_proc, pid_t pid)
{
	char path[64], line[256];
	long inside = pid;
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "%d/status", (int)pid);
	fd = openat(host_proc, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (f = fdopen(fd, "r")) == NULL) {
		if (fd >= 0)
			close(fd);
		return inside;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *last;

		if (strncmp(line, "NSpid:", 6) != 0)
			continue;
		last = strrchr(line, '\t');
		if (last != NULL)
			inside = strtol(last + 1, NULL, 10);
		break;
	}
	fclose(f);
	return inside;
}

static void write_pidfile(const char *path, pid_t pid)
{
	char tmp[4096];
	FILE *f;

	if (path == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f, "%d\n", (int)pid);
	fclose(f);
	rename(tmp, path);
}

static void install(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Leaves the way the program left: same exit code, or the same signal. */
static void exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		struct rlimit no_core = { 0, 0 };
		sigset_t one;

		setrlimit(RLIMIT_CORE, &no_core);
		signal(WTERMSIG(status), SIG_DFL);
		sigemptyset(&one);
		sigaddset(&one, WTERMSIG(status));
		sigprocmask(SIG_UNBLOCK, &one, NULL);
		raise(WTERMSIG(status));
		_exit(128 + WTERMSIG(status));
	}
	_exit(WEXITSTATUS(status));
}

/* Kills every process of the run. Returns how many could not be killed. */
static int kill_run(int ns, pid_t init, pid_t program)
{
	if (ns) {
		/* Killing PID 1 kills the whole namespace, escapees included. */
		kill(init, SIGKILL);
		kill(program, SIGKILL);
		while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
			;
		return 0;
	}
	kill(program, SIGKILL);
	return kill_descendants(2000);
}

/* Sets up the descriptors the program gets: a pty of its own when the
 * harness gave us a terminal, else a pipe for each of stdout and stderr
 * that is not a regular file. Fills relays[] and returns how many. */
static int setup_io(int use_pty, struct relay *relays, int *in_fd, int *out_fd, int *err_fd)
{
	int fds[2] = { 1, 2 }, n = 0, k;

	if (use_pty) {
		int slave;

		relays[0] = (struct relay){ .from = open_inner_pty(&slave), .to = 1 };
		*in_fd = *out_fd = *err_fd = slave;
		return 1;
	}
	for (k = 0; k < 2; k++) {
		struct stat st;
		int p[2];

		if (fstat(fds[k], &st) == 0 && S_ISREG(st.st_mode))
			continue;  /* a file: RLIMIT_FSIZE caps it */
		/* /dev/null (a character device, not a terminal): it never fills
		 * and costs the program one cheap write, so there is nothing to
		 * cap; relaying it would cost a wake-up of ours per write (a
		 * server under load that prints every request: lab 10). */
		if (S_ISCHR(st.st_mode) && !isatty(fds[k]))
			continue;
		if (pipe2(p, O_CLOEXEC) < 0)
			die("pipe");
		relays[n++] = (struct relay){ .from = p[0], .to = fds[k] };
		*(k == 0 ? out_fd : err_fd) = p[1];
	}
	return n;
}

/* Waits until the program's process has exec'ed (or died trying): the
 * close-on-exec write end of this pipe, its only copy held by that process,
 * then closes, and read() returns 0. */
static void wait_for_exec(int fd)
{
	char byte;

	while (read(fd, &byte, 1) < 0 && errno == EINTR)
		;
	close(fd);
}

/* --stdout FILE: the program's stdout is FILE itself, as with `./fork > FILE`
 * (stdio buffers fully there, as on a pipe, but nothing relays it). The
 * supervisor opens it, so the program needs no right to the folder; setup_io
 * passes a regular file through, and RLIMIT_FSIZE caps it. FILE may also be
 * /dev/null (O_CREAT and O_TRUNC do nothing to a device), passed through too. */
static void redirect_stdout(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || dup2(fd, 1) < 0)
		die("cannot open %s", path);
	close(fd);
}

/* Starts init in fresh namespaces and waits until it is ready. Returns its pid. */
static pid_t start_init(const sigset_t *unblocked)
{
	int ready[2];
	char byte;
	pid_t init;

	if (enter_namespaces() < 0)
		die("cannot create namespaces (try --tier fallback)");
	if (pipe2(ready, O_CLOEXEC) < 0)
		die("pipe");
	init = fork();
	if (init < 0)
		die("fork");
	if (init == 0) {
		close(ready[0]);
		sigprocmask(SIG_SETMASK, unblocked, NULL);
		run_init(ready[1]);
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		die("the namespace's init did not start");
	close(ready[0]);
	return init;
}

/* Relays output and input until the program exits, the wall time is up or
 * the harness tells us to stop. Returns what ended the run; *status gets the
 * program's wait status when it was the program. */
static const char *relay_until_done(struct relay *relays, int nrelays, int master, pid_t program,
				    const sigset_t *unblocked, long cap, long *total, int *capped,
				    int *status)
{
	for (;;) {
		struct pollfd pfd[3];
		int np = 0, k, ws;
		pid_t w;

		while ((w = waitpid(-1, &ws, WNOHANG)) > 0)
			if (w == program) {
				*status = ws;
				return "program";
			}
		if (got_terminate)
			return "terminated";
		if (got_alarm)
			return "walltime";
		for (k = 0; k < nrelays; k++) {
			int pending = relays[k].len > relays[k].off;

			pfd[np].fd = pending ? relays[k].to : relays[k].from;
			pfd[np++].events = pending ? POLLOUT : POLLIN;
		}
		if (master >= 0) {
			pfd[np].fd = 0;
			pfd[np++].events = POLLIN;
		}
		if (ppoll(pfd, np, NULL, unblocked) < 0)
			continue;  /* a signal: look at the flags and children */
		for (k = 0; k < nrelays; k++) {
			if (!pfd[k].revents)
				continue;
			if (relays[k].len > relays[k].off)
				flush_relay(&relays[k]);
			else if (fill_relay(&relays[k], total, cap, capped) == 0)
				relays[k--] = relays[--nrelays];  /* finished: poll it no more */
		}
		if (master >= 0 && pfd[np - 1].revents) {
			char buf[4096];
			ssize_t n = read(0, buf, sizeof buf);

			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				return "terminated";  /* the harness hung up */
			if (n > 0 && write(master, buf, n) < 0)
				continue;  /* the program's terminal is gone: it is exiting */
		}
	}
}

int supervise(const struct run_options *opt)
{
	/* --io pipes: a server's stdout must be a pipe, as when a TA or a
	 * supervisor captures it, even though the harness holds a terminal. */
	int use_pty = !opt->pipes && !opt->stdout_path && isatty(0) && isatty(1);
	int ns = opt->tier == TIER_NAMESPACES;
	struct relay relays[2];
	int nrelays, in_fd = 0, out_fd = 1, err_fd = 2, master = -1;
	struct termios saved;
	struct timespec t0;
	sigset_t blocked, unblocked;
	pid_t init = -1, program;
	/* Root runs each program as a user of its own, so that RLIMIT_NPROC
	 * counts only this run's processes and no run can signal another. */
	uid_t run_uid = getuid() == 0 ? (uid_t)(opt->uid_base + getpid()) : 0;
	long total = 0;
	int capped = 0, status = 0, leftover, k;
	int host_proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), exec_pipe[2];
	long inside;
	const char *ended;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGCHLD);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGHUP);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGALRM);
	sigprocmask(SIG_BLOCK, &blocked, &unblocked);
	install(SIGTERM, on_terminate);
	install(SIGHUP, on_terminate);
	install(SIGINT, on_terminate);
	install(SIGALRM, on_alarm);
	install(SIGCHLD, on_child);
	signal(SIGPIPE, SIG_IGN);

	if (opt->stdout_path != NULL)
		redirect_stdout(opt->stdout_path);
	nrelays = setup_io(use_pty, relays, &in_fd, &out_fd, &err_fd);
	if (use_pty)
		master = relays[0].from;
	if (ns)
		init = start_init(&unblocked);
	else
		prctl(PR_SET_CHILD_SUBREAPER, 1);

	/* Raw before the program can run: a ^C the harness types once the
	 * program is ready must reach the program's terminal, not raise SIGINT
	 * in this supervisor through the harness's own terminal. */
	if (use_pty)
		make_raw(0, &saved);
	if (pipe2(exec_pipe, O_CLOEXEC) < 0)
		die("pipe");
	program = fork();
	if (program < 0)
		die("fork");
	if (program == 0) {
		close(exec_pipe[0]);
		run_program(opt, in_fd, out_fd, err_fd, run_uid, exec_pipe[1]);
	}
	/* The pid file appears once the program's own code runs: until its
	 * exec, the process still has the supervisor's signal handlers, and a
	 * harness reading SigCgt would take them for the program's. */
	close(exec_pipe[1]);
	wait_for_exec(exec_pipe[0]);
	write_pidfile(opt->pid_path, program);
	inside = pid_inside(host_proc, program);
	if (host_proc >= 0)
		close(host_proc);
	/* Keep no copy of the program's ends, so that reading ours ends (EOF,
	 * or EIO on the pty) once every process of the run has gone. */
	if (in_fd != 0)
		close(in_fd);
	if (out_fd != 1 && out_fd != in_fd)
		close(out_fd);
	if (err_fd != 2 && err_fd != out_fd)
		close(err_fd);
	for (k = 0; k < nrelays; k++) {
		fcntl(relays[k].from, F_SETFL, O_NONBLOCK);
		fcntl(relays[k].to, F_SETFL, fcntl(relays[k].to, F_GETFL) | O_NONBLOCK);
	}
	alarm(opt->limits.wall_seconds);

	ended = relay_until_done(relays, nrelays, master, program, &unblocked,
				 opt->limits.output_bytes, &total, &capped, &status);
	alarm(0);
	leftover = kill_run(ns, init, program);

	/* Deliver what is still buffered: the last lines before the end. */
	for (k = 0; k < nrelays; k++) {
		fcntl(relays[k].to, F_SETFL, fcntl(relays[k].to, F_GETFL) & ~O_NONBLOCK);
		do
			flush_relay(&relays[k]);
		while (fill_relay(&relays[k], &total, opt->limits.output_bytes, &capped) > 0);
	}
	if (use_pty)
		tcsetattr(0, TCSANOW, &saved);
	write_report(opt->report_path, ns ? "namespaces" : "fallback", ended, status,
		     seconds_since(&t0), cpu_seconds_of_children(), total, capped, leftover, inside);
	if (strcmp(ended, "program") == 0)
		exit_like(status);
	_exit(strcmp(ended, "walltime") == 0 ? 124 : 143);
}

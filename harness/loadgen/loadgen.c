/* loadgen: the kit's load generator (lab 10, and harness/perf/run's only
 * client). It drives an echo server over loopback in one of three modes and
 * verifies every byte that comes back:
 *
 *   req     N persistent connections, each in a closed loop: send one
 *           message, read its whole echo, send the next (requests/s, latency)
 *   rate    N slots, each in a loop: connect, send one message, read its
 *           echo, close (connections/s, latency of the whole exchange)
 *   stream  N persistent connections, each keeping up to a window of bytes
 *           in flight (MB/s)
 *
 * One thread, one epoll set, non-blocking sockets: the server under test,
 * not the generator, must be the bottleneck, so the per-request work is one
 * send and usually one recv, and messages are written straight out of the
 * pattern table (lgcore.c) and checked against it with memcmp. The run
 * always stops by its duration, whatever the server does.
 *
 * Exit status: 0 when every echoed byte was right and no connection failed,
 * 1 after a mismatch or a failed connection (ERROR lines on stderr), 2 for
 * bad arguments (a usage line). `loadgen` without arguments shows the usage.
 */
#define _GNU_SOURCE
#include "lgcore.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum conn_state { C_IDLE, C_CONNECTING, C_ACTIVE, C_DEAD };

#define NONE UINT64_MAX

/* One connection (req, stream) or one slot's current connection (rate). */
struct conn {
	int fd;                 /* -1 when closed; closed by finish_exchange or conn_fail */
	uint32_t id;            /* K in messages: the connection's (slot's) number */
	uint8_t state;
	uint8_t out;            /* EPOLLOUT is in the interest set */
	uint32_t shift;         /* req, rate: the current request's pattern */
	uint64_t req;           /* req, rate: the current request's number on this connection */
	uint64_t sent, rcvd;    /* req, rate: of the current request; stream: of the whole stream */
	uint64_t t0;            /* when the current request (rate: its connect) began; stream: the tracked message */
	uint64_t tracked;       /* stream: the message whose latency is being sampled, or NONE */
	uint64_t done;          /* requests this connection completed */
};

/* The whole run: one of these, owned by main. */
struct run {
	struct lg_options opt;
	int epfd;
	struct conn *conns;
	uint64_t now, start, deadline;   /* CLOCK_MONOTONIC, ns */
	long live;                       /* connections that can still make progress */
	uint64_t issued;                 /* requests (rate: connections) begun, for -n */
	uint64_t budget;                 /* stream: bytes that may still be sent, for -n */
	int stop;                        /* a mismatch: the run ends now */
	uint64_t connections, requests, bytes, conn_errors;
	char first_error[256];
	char mismatch[256];
	struct lg_hist hist;
};

static unsigned char rbuf[LG_CHUNK];  /* every recv lands here: one thread */

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* --- Failures ------------------------------------------------------------------ */

/* Connection c failed (why: its first words): counts it, keeps the first
 * reason, closes its fd. The run goes on with the others. */
static void conn_fail(struct run *r, struct conn *c, const char *why)
{
	if (r->conn_errors++ == 0)
		snprintf(r->first_error, sizeof r->first_error, "connection %u: %s", c->id, why);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = C_DEAD;
	r->live--;
}

/* conn_fail with strerror(err) after what. */
static void conn_fail_errno(struct run *r, struct conn *c, const char *what, int err)
{
	char why[160];

	snprintf(why, sizeof why, "%s: %s", what, strerror(err));
	conn_fail(r, c, why);
}

/* The echo differs from what was sent at byte `byte` of request `req`: the
 * run stops here, with the first mismatch as its error. */
static void mismatch(struct run *r, struct conn *c, uint64_t req, uint64_t byte, unsigned want, unsigned got)
{
	snprintf(r->mismatch, sizeof r->mismatch, "connection %u: byte %llu of request %llu: expected 0x%02x, got 0x%02x",
		 c->id, (unsigned long long)byte, (unsigned long long)req, want, got);
	r->stop = 1;
}

/* --- Sockets ---------------------------------------------------------------------- */

/* Puts c's fd in the epoll set, or changes its events: always readable, and
 * writable when want_out. Returns 0 or -1 with errno. */
static int watch(struct run *r, struct conn *c, int add, int want_out)
{
	struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};

	if (epoll_ctl(r->epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &ev) < 0)
		return -1;
	c->out = (uint8_t)want_out;
	return 0;
}

/* Asks for EPOLLOUT or stops asking; a failure fails the connection. */
static void want_out(struct run *r, struct conn *c, int on)
{
	if (c->out != on && watch(r, c, 0, on) < 0)
		conn_fail_errno(r, c, "epoll_ctl", errno);
}

/* Opens c's socket and starts a non-blocking connect, in the epoll set
 * (writable means connected). Returns 1 when the connect completed at once,
 * 0 when it is pending, -1 with errno on failure (c->fd then closed). */
static int start_connect(struct run *r, struct conn *c)
{
	int one = 1;

	c->fd = socket(r->opt.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (r->opt.nodelay && setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		goto fail;
	c->t0 = r->now;
	if (connect(c->fd, (struct sockaddr *)&r->opt.addr, r->opt.addrlen) == 0) {
		c->state = C_ACTIVE;
		return watch(r, c, 1, 0) < 0 ? -1 : 1;
	}
	if (errno != EINPROGRESS)
		goto fail;
	c->state = C_CONNECTING;
	if (watch(r, c, 1, 1) < 0)
		goto fail;
	return 0;
fail:
	one = errno;
	close(c->fd);
	c->fd = -1;
	errno = one;
	return -1;
}

/* --- req and rate: one message at a time --------------------------------------------- */

/* Sends what is left of c's current message, as far as the socket takes it;
 * asks for EPOLLOUT when it takes less. */
static void send_message(struct run *r, struct conn *c)
{
	ssize_t n;

	while (c->sent < r->opt.size) {
		n = send(c->fd, lg_pattern_at(c->shift, c->sent), min64(r->opt.size - c->sent, LG_CHUNK),
			 MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				want_out(r, c, 1);
			else
				conn_fail_errno(r, c, "send", errno);
			return;
		}
		c->sent += (uint64_t)n;
	}
	want_out(r, c, 0);
}

/* Begins c's next request, unless -n has been reached (c then rests). */
static void begin_request(struct run *r, struct conn *c)
{
	if (r->opt.count && r->issued >= r->opt.count) {
		c->state = C_IDLE;
		r->live--;
		return;
	}
	r->issued++;
	c->shift = lg_shift(c->id, c->req);
	c->sent = c->rcvd = 0;
	if (r->opt.mode == LG_REQ)
		c->t0 = r->now;
	send_message(r, c);
}

/* c's connect finished (or failed: err). */
static void connected(struct run *r, struct conn *c, int err)
{
	if (err) {
		conn_fail_errno(r, c, "connect", err);
		return;
	}
	c->state = C_ACTIVE;
	if (r->opt.mode != LG_RATE)
		r->connections++;
	if (r->opt.mode == LG_STREAM)
		return;  /* the EPOLLOUT that follows starts the stream */
	begin_request(r, c);
}

/* rate: slot c opens its next connection, unless -n has been reached. */
static void begin_exchange(struct run *r, struct conn *c)
{
	int status;

	if (r->opt.count && r->issued >= r->opt.count) {
		c->state = C_IDLE;
		r->live--;
		return;
	}
	status = start_connect(r, c);
	if (status < 0) {
		c->state = C_ACTIVE;  /* conn_fail counts it down from live */
		conn_fail_errno(r, c, "connect", errno);
	} else if (status == 1) {
		connected(r, c, 0);
	}
}

/* c's request is wholly echoed: its latency is recorded and the next one
 * begins (rate: the connection is closed and the slot connects again). */
static void finish_request(struct run *r, struct conn *c)
{
	lg_hist_add(&r->hist, r->now - c->t0);
	r->requests++;
	c->req++;
	c->done++;
	if (r->opt.mode == LG_REQ) {
		begin_request(r, c);
		return;
	}
	r->connections++;
	close(c->fd);
	c->fd = -1;
	c->out = 0;
	begin_exchange(r, c);
}

/* c is readable: reads at most what its request still expects, checks it
 * against the pattern, and finishes the request when all has come. */
static void read_echo(struct run *r, struct conn *c)
{
	uint64_t want = c->state == C_ACTIVE ? r->opt.size - c->rcvd : 0;
	ssize_t n = recv(c->fd, rbuf, want ? min64(want, LG_CHUNK) : LG_CHUNK, 0);
	char why[160];
	long bad;

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_fail_errno(r, c, "recv", errno);
		return;
	}
	if (n == 0) {
		if (c->state == C_IDLE) {  /* done with it: the server may close */
			close(c->fd);
			c->fd = -1;
			c->state = C_DEAD;
			return;
		}
		snprintf(why, sizeof why, "the server closed the connection after %llu of %llu bytes of request %llu's echo",
			 (unsigned long long)c->rcvd, (unsigned long long)r->opt.size, (unsigned long long)c->req);
		conn_fail(r, c, why);
		return;
	}
	if (want == 0) {  /* nothing was sent that these bytes could echo */
		snprintf(why, sizeof why, "the server sent %zd bytes after the echo of its last request", n);
		conn_fail(r, c, why);
		return;
	}
	bad = lg_verify(c->shift, c->rcvd, rbuf, (size_t)n);
	if (bad >= 0) {
		mismatch(r, c, c->req, c->rcvd + (uint64_t)bad, *lg_pattern_at(c->shift, c->rcvd + (uint64_t)bad),
			 rbuf[bad]);
		return;
	}
	c->rcvd += (uint64_t)n;
	r->bytes += (uint64_t)n;
	if (c->rcvd == r->opt.size)
		finish_request(r, c);
}

/* --- stream: a window of bytes in flight ---------------------------------------------- */

#define STREAM_IOV 1024               /* IOV_MAX on Linux */
#define STREAM_BURST (256u * 1024)    /* at most this much per sendmsg */

/* Sends as much of c's stream as its window (and -n's budget) allows and the
 * socket takes; asks for EPOLLOUT when the socket is full. Samples the
 * latency of one message at a time: the first one that begins here. */
static void send_stream(struct run *r, struct conn *c)
{
	static struct iovec iov[STREAM_IOV];
	uint64_t size = r->opt.size, room, off, end;
	struct msghdr msg = {.msg_iov = iov};
	ssize_t n;

	for (;;) {
		room = r->opt.window - (c->sent - c->rcvd);
		room = min64(min64(room, r->budget), STREAM_BURST);
		if (room == 0) {
			want_out(r, c, 0);  /* the next echo makes room */
			return;
		}
		/* One iovec per message piece: each has a pattern of its own. */
		for (off = c->sent, msg.msg_iovlen = 0; off < c->sent + room && msg.msg_iovlen < STREAM_IOV; off = end) {
			end = min64(min64((off / size + 1) * size, c->sent + room), off + LG_CHUNK);
			iov[msg.msg_iovlen].iov_base = (void *)lg_pattern_at(lg_shift(c->id, off / size), off % size);
			iov[msg.msg_iovlen++].iov_len = end - off;
		}
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				want_out(r, c, 1);
			else
				conn_fail_errno(r, c, "send", errno);
			return;
		}
		if (c->tracked == NONE && (c->sent + size - 1) / size * size < c->sent + (uint64_t)n) {
			c->tracked = (c->sent + size - 1) / size;
			c->t0 = r->now;
		}
		c->sent += (uint64_t)n;
		r->budget -= (uint64_t)n;
	}
}

/* c is readable: reads what came, checks it message piece by message piece,
 * counts the messages it completes, and refills the window. */
static void read_stream(struct run *r, struct conn *c)
{
	uint64_t size = r->opt.size, off, end, before = c->rcvd;
	ssize_t n = recv(c->fd, rbuf, LG_CHUNK, 0);
	char why[160];
	long bad;

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_fail_errno(r, c, "recv", errno);
		return;
	}
	if (n == 0) {
		snprintf(why, sizeof why, "the server closed the connection after echoing %llu of %llu bytes sent",
			 (unsigned long long)c->rcvd, (unsigned long long)c->sent);
		conn_fail(r, c, why);
		return;
	}
	for (off = before; off < before + (uint64_t)n; off = end) {
		end = min64((off / size + 1) * size, before + (uint64_t)n);
		bad = lg_verify(lg_shift(c->id, off / size), off % size, rbuf + (off - before), end - off);
		if (bad >= 0) {
			mismatch(r, c, off / size, off % size + (uint64_t)bad,
				 *lg_pattern_at(lg_shift(c->id, off / size), off % size + (uint64_t)bad),
				 rbuf[off - before + (uint64_t)bad]);
			return;
		}
	}
	if (before + (uint64_t)n > c->sent) {
		snprintf(why, sizeof why, "the server sent %llu bytes more than it was sent",
			 (unsigned long long)(before + (uint64_t)n - c->sent));
		conn_fail(r, c, why);
		return;
	}
	c->rcvd += (uint64_t)n;
	r->bytes += (uint64_t)n;
	r->requests += c->rcvd / size - before / size;
	c->done += c->rcvd / size - before / size;
	if (c->tracked != NONE && (c->tracked + 1) * size <= c->rcvd) {
		lg_hist_add(&r->hist, r->now - c->t0);
		c->tracked = NONE;
	}
	if (r->opt.count && r->bytes >= r->opt.count)
		r->stop = 1;  /* every byte of -n has come back */
	else if (!c->out)
		send_stream(r, c);
}

/* --- The loop ---------------------------------------------------------------------------- */

/* One epoll event for c. */
static void handle(struct run *r, struct conn *c, uint32_t events)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (c->state == C_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		connected(r, c, err);
		if (r->opt.mode != LG_STREAM || c->state != C_ACTIVE)
			return;
		events = EPOLLOUT;
	}
	if (c->state == C_DEAD)
		return;
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		if (r->opt.mode == LG_STREAM)
			read_stream(r, c);
		else
			read_echo(r, c);
	}
	if ((events & EPOLLOUT) && c->state == C_ACTIVE && !r->stop) {
		if (r->opt.mode == LG_STREAM)
			send_stream(r, c);
		else
			send_message(r, c);
	}
}

/* Opens every connection (rate: every slot's first one). Returns 0, or -1
 * with errno when the epoll set cannot be made. */
static int open_all(struct run *r)
{
	long i;
	int status;

	r->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epfd < 0)
		return -1;
	for (i = 0; i < r->opt.conns; i++) {
		struct conn *c = &r->conns[i];

		c->fd = -1;
		c->id = (uint32_t)i;
		c->tracked = NONE;
		c->state = C_ACTIVE;
		r->live++;
		if (r->opt.mode == LG_RATE) {
			begin_exchange(r, c);
			continue;
		}
		status = start_connect(r, c);
		if (status < 0) {
			conn_fail_errno(r, c, "connect", errno);
		} else if (status == 1) {
			connected(r, c, 0);
			if (r->opt.mode == LG_STREAM)
				send_stream(r, c);
		}
	}
	return 0;
}

/* Runs until the deadline, a mismatch, or nothing left to do. Returns 0, or
 * -1 with errno when epoll_wait fails. */
static int run_loop(struct run *r)
{
	struct epoll_event ev[512];
	int i, n;

	while (!r->stop && r->live > 0 && r->now < r->deadline) {
		/* Round the wait up: waking before the deadline only loops again. */
		n = epoll_wait(r->epfd, ev, 512, (int)((r->deadline - r->now + 999999) / 1000000));
		r->now = monotonic_ns();
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r->now >= r->deadline)
			break;  /* what came after the deadline is not counted */
		for (i = 0; i < n && !r->stop; i++)
			handle(r, ev[i].data.ptr, ev[i].events);
	}
	return 0;
}

/* Counts what was still under way at the end and folds its age into the
 * latency maximum (ns). */
static uint64_t count_unfinished(struct run *r, uint64_t *max_ns)
{
	uint64_t unfinished = 0, size = r->opt.size, age;
	long i;

	for (i = 0; i < r->opt.conns; i++) {
		struct conn *c = &r->conns[i];

		if (c->state == C_CONNECTING) {
			unfinished++;
		} else if (c->state == C_ACTIVE && r->opt.mode != LG_STREAM) {
			unfinished++;  /* a request is always under way on an active connection */
		} else if (c->state == C_ACTIVE) {
			/* Messages with bytes still out; a stream that -n cut
			 * mid-message and that came back whole has none. */
			if (c->sent > c->rcvd)
				unfinished += (c->sent + size - 1) / size - c->rcvd / size;
			if (c->tracked == NONE)
				continue;
		} else {
			continue;
		}
		age = r->now - c->t0;
		if (age > *max_ns)
			*max_ns = age;
	}
	return unfinished;
}

/* The connections that completed no request (none in rate mode, whose slots
 * are not connections that last). */
static uint64_t count_starved(const struct run *r)
{
	uint64_t starved = 0;
	long i;

	if (r->opt.mode == LG_RATE)
		return 0;
	for (i = 0; i < r->opt.conns; i++)
		starved += r->conns[i].done == 0;
	return starved;
}

/* --- Main: parse, set up, run, report ----------------------------------------------------- */

/* Makes room for the connections' descriptors: raises RLIMIT_NOFILE's soft
 * limit to the hard one when -c needs it. Returns 1 when it raised it, 0
 * when there was room, -1 when the hard limit is too low (*have set). */
static int room_for(long conns, rlim_t *have)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)conns + 16;  /* stdio, epoll, and a few spare */

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	*have = rl.rlim_cur;
	if (rl.rlim_cur >= need)
		return 0;
	*have = rl.rlim_max;
	if (rl.rlim_max < need)
		return -1;
	rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &rl) < 0 ? -1 : 1;
}

static void print_report(const struct run *r, const char *label, const struct lg_result *res)
{
	const struct lg_options *o = &r->opt;
	double s = res->seconds > 0 ? res->seconds : 1;

	printf("%s\n", label);
	printf("  mode         %s, %ld connection%s, %llu-byte messages", lg_mode_name(o->mode), o->conns,
	       o->conns == 1 ? "" : "s", (unsigned long long)o->size);
	if (o->mode == LG_STREAM)
		printf(", window %llu bytes", (unsigned long long)o->window);
	printf("%s\n", o->nodelay ? ", TCP_NODELAY" : "");
	printf("  ran          %.3f s (of %.3f s)\n", res->seconds, o->duration);
	printf("  connections  %llu %s (%.1f/s)\n", (unsigned long long)res->connections,
	       o->mode == LG_RATE ? "completed" : "established", (double)res->connections / s);
	printf("  requests     %llu (%.1f/s)\n", (unsigned long long)res->requests, (double)res->requests / s);
	printf("  echoed       %llu bytes (%.3f MB/s), every byte verified\n", (unsigned long long)res->bytes,
	       (double)res->bytes / s / 1e6);
	printf("  latency      p50 %.1f us, p99 %.1f us, max %.1f us (%s; percentiles within 0.4%%)\n", res->p50_us,
	       res->p99_us, res->max_us, o->mode == LG_STREAM ? "one message in flight per connection sampled" : "every request");
	printf("  errors       %llu\n", (unsigned long long)res->errors);
	printf("  unfinished   %llu (still waiting when the run ended: not errors)\n", (unsigned long long)res->unfinished);
	if (o->mode != LG_RATE && res->starved > 0)
		printf("  starved      %llu of %ld connections completed no request\n", (unsigned long long)res->starved,
		       o->conns);
}

int main(int argc, char **argv)
{
	static struct run run;
	struct run *r = &run;
	struct lg_result res = {0};
	char why[256], label[128], *line;
	uint64_t max_ns;
	rlim_t have = 0;
	int raised, len;

	if (lg_parse_args(argc, argv, &r->opt, why, sizeof why) < 0) {
		fprintf(stderr, "%s\nloadgen: %s\n", lg_usage(), why);
		return 2;
	}
	raised = room_for(r->opt.conns, &have);
	if (raised < 0) {
		fprintf(stderr, "ERROR: -c %ld needs %ld file descriptors, but RLIMIT_NOFILE allows %llu "
				"(raise the hard limit: ulimit -Hn, as root)\n",
			r->opt.conns, r->opt.conns + 16, (unsigned long long)have);
		return 1;
	}
	r->conns = calloc((size_t)r->opt.conns, sizeof *r->conns);
	if (r->conns == NULL) {
		fprintf(stderr, "ERROR: out of memory\n");
		return 1;
	}
	lg_pattern_init();
	if (r->opt.label == NULL) {
		snprintf(label, sizeof label, r->opt.addr.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", r->opt.host,
			 r->opt.port);
		r->opt.label = label;
	}
	if (!r->opt.quiet) {
		if (raised == 1)
			printf("loadgen: raised RLIMIT_NOFILE's soft limit to %llu for %ld connections\n",
			       (unsigned long long)have, r->opt.conns);
		printf("loadgen: %s mode, %ld connection%s to %s for %.3f s\n", lg_mode_name(r->opt.mode),
		       r->opt.conns, r->opt.conns == 1 ? "" : "s", r->opt.label, r->opt.duration);
		fflush(stdout);
	}

	r->budget = r->opt.mode == LG_STREAM && r->opt.count ? r->opt.count : UINT64_MAX;
	r->now = r->start = monotonic_ns();
	r->deadline = r->start + (uint64_t)(r->opt.duration * 1e9);
	if (open_all(r) < 0 || run_loop(r) < 0) {
		fprintf(stderr, "ERROR: epoll: %s\n", strerror(errno));
		return 1;
	}
	if (r->now > r->deadline)
		r->now = r->deadline;

	res.seconds = (double)(r->now - r->start) / 1e9;
	res.connections = r->connections;
	res.requests = r->requests;
	res.bytes = r->bytes;
	max_ns = r->hist.max;
	res.unfinished = count_unfinished(r, &max_ns);
	res.starved = count_starved(r);
	res.p50_us = (double)lg_hist_percentile(&r->hist, 50) / 1e3;
	res.p99_us = (double)lg_hist_percentile(&r->hist, 99) / 1e3;
	res.max_us = (double)max_ns / 1e3;
	res.errors = r->conn_errors + (r->mismatch[0] != '\0');

	if (r->opt.csv) {
		len = lg_csv_line(NULL, 0, r->opt.label, &r->opt, &res);
		line = malloc((size_t)len + 1);
		if (line == NULL) {
			fprintf(stderr, "ERROR: out of memory\n");
			return 1;
		}
		lg_csv_line(line, (size_t)len + 1, r->opt.label, &r->opt, &res);
		if (r->opt.csv == 2)
			printf("%s\n", lg_csv_header());
		printf("%s\n", line);
		free(line);
	} else {
		print_report(r, r->opt.label, &res);
	}
	fflush(stdout);
	if (r->mismatch[0])
		fprintf(stderr, "ERROR: %s\n", r->mismatch);
	if (r->conn_errors)
		fprintf(stderr, "ERROR: %llu connection%s failed; the first: %s\n", (unsigned long long)r->conn_errors,
			r->conn_errors == 1 ? "" : "s", r->first_error);
	return res.errors ? 1 : 0;
}

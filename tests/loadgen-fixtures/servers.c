/* The echo servers tests/loadgen drives build/loadgen against: one correct
 * and fast, the others wrong in one way each, so that every check of the
 * generator has a server that must pass it or must be caught.
 *
 *   servers MODE [-6]    listens on 127.0.0.1 (-6: ::1), port 0, prints
 *                        `listening on port N` and serves until killed
 *
 *   echo        a correct single-threaded epoll echo server
 *   silent      accepts and reads, never answers
 *   noaccept    listens (backlog 1) and never accepts
 *   flip        echoes, with byte 100 of each connection's stream flipped
 *   droptail    echoes, but a read that fills its 16 KiB buffer (part of a
 *               message larger than the buffer) is echoed only in half
 *   swap        pairs connections in accept order and echoes each one's
 *               bytes to the other of its pair
 *   closeearly  echoes half of its first read, then closes
 *
 * Exit status: 2 for bad arguments, 1 when it cannot listen; otherwise it
 * runs until a signal ends it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF (16 * 1024)
#define MAX_FD 65536

enum mode { ECHO, SILENT, NOACCEPT, FLIP, DROPTAIL, SWAP, CLOSEEARLY };

static const char *mode_names[] = {"echo", "silent", "noaccept", "flip", "droptail", "swap", "closeearly"};

static enum mode mode;
static unsigned long long offset[MAX_FD];  /* bytes read so far, per fd */
static int peer[MAX_FD];                   /* swap: the other of the pair, or -1 */
static int waiting = -1;                   /* swap: an accepted fd without a pair yet */

/* Writes all n bytes of buf to fd (blocking). Returns 0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A listening socket on loopback port 0. Returns its fd, or -1 with errno. */
static int listen_loopback(int v6, int backlog)
{
	struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if ((v6 ? bind(fd, (struct sockaddr *)&a6, sizeof a6) : bind(fd, (struct sockaddr *)&a4, sizeof a4)) < 0 ||
	    listen(fd, backlog) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The port fd is bound to, or -1. */
static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port);
}

/* Closes connection fd (and, in swap mode, its pair's link to it). */
static void drop(int fd)
{
	if (mode == SWAP && peer[fd] >= 0)
		peer[peer[fd]] = -1;
	if (waiting == fd)
		waiting = -1;
	close(fd);
}

/* Serves one readable connection in the fixture's way. */
static void serve(int fd)
{
	static char buf[BUF];
	ssize_t n = read(fd, buf, sizeof buf);
	unsigned long long at = offset[fd];
	size_t len;

	if (n <= 0) {
		drop(fd);
		return;
	}
	offset[fd] += (unsigned long long)n;
	len = (size_t)n;
	switch (mode) {
	case SILENT:
		return;
	case FLIP:
		if (at <= 100 && 100 < at + len)
			buf[100 - at] ^= 0x01;
		break;
	case DROPTAIL:
		if (len == sizeof buf)
			len /= 2;
		break;
	case SWAP:
		if (peer[fd] < 0)
			return;  /* no pair yet: its bytes are lost, as a buggy server's would be */
		if (write_all(peer[fd], buf, len) < 0)
			drop(peer[fd]);
		return;
	case CLOSEEARLY:
		write_all(fd, buf, len / 2);
		drop(fd);
		return;
	default:
		break;
	}
	if (write_all(fd, buf, len) < 0)
		drop(fd);
}

/* Accepts one connection into the epoll set. */
static void accept_one(int lfd, int ep)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN};

	if (fd < 0)
		return;
	if (fd >= MAX_FD) {
		close(fd);
		return;
	}
	offset[fd] = 0;
	peer[fd] = -1;
	if (mode == SWAP) {
		if (waiting >= 0) {
			peer[fd] = waiting;
			peer[waiting] = fd;
			waiting = -1;
		} else {
			waiting = fd;
		}
	}
	ev.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		close(fd);
}

int main(int argc, char **argv)
{
	struct epoll_event ev = {.events = EPOLLIN}, evs[256];
	int lfd, ep, n, i, v6 = argc == 3 && strcmp(argv[2], "-6") == 0;

	for (i = 0; argc >= 2 && i < (int)(sizeof mode_names / sizeof *mode_names); i++)
		if (strcmp(argv[1], mode_names[i]) == 0)
			break;
	if (argc < 2 || argc > 3 || (argc == 3 && !v6) || i == (int)(sizeof mode_names / sizeof *mode_names)) {
		fprintf(stderr, "usage: servers echo|silent|noaccept|flip|droptail|swap|closeearly [-6]\n");
		return 2;
	}
	mode = (enum mode)i;
	signal(SIGPIPE, SIG_IGN);  /* a client that left is a failed write, not a death */
	lfd = listen_loopback(v6, mode == NOACCEPT ? 1 : 1024);
	if (lfd < 0) {
		fprintf(stderr, "ERROR: listen: %s\n", strerror(errno));
		return 1;
	}
	printf("listening on port %d\n", bound_port(lfd));
	fflush(stdout);
	if (mode == NOACCEPT)
		for (;;)
			pause();
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.fd = lfd;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) {
		fprintf(stderr, "ERROR: epoll: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		n = epoll_wait(ep, evs, 256, -1);
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == lfd)
				accept_one(lfd, ep);
			else
				serve(evs[i].data.fd);
		}
	}
}

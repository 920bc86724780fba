/*
 * libevent_echo.c: the performance lab's yardstick, an echo server written
 * the way libevent's own documentation writes one: a listener that hands
 * each connection to a bufferevent, and a read callback that moves
 * everything read into the output buffer. One thread, one event loop, no
 * printing of requests: what lab 09 builds by hand, done by a library that
 * many real servers use (memcached, tmux, Tor).
 *
 *   ./libevent_echo PORT     (0 lets the kernel choose)
 *
 * Like the labs' servers it prints `listening on port N` (flushed) once it
 * listens, so that the perf script starts every server the same way.
 * Exits 2 with a usage line for a bad PORT, 1 with an ERROR line when it
 * cannot listen.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

/* parse_port: PORT as a whole decimal number in 0..65535, or -1. */
static int parse_port(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > 65535)
		return -1;
	return (int)v;
}

/* on_read: echo. The bytes move from the input buffer to the output buffer
 * without a copy of ours; libevent writes them when the socket can take
 * them, and keeps reading meanwhile. */
static void on_read(struct bufferevent *bev, void *arg)
{
	(void)arg;
	evbuffer_add_buffer(bufferevent_get_output(bev), bufferevent_get_input(bev));
}

/* on_event: the client closed or the connection broke. Freeing the
 * bufferevent closes the socket (BEV_OPT_CLOSE_ON_FREE); the server goes on. */
static void on_event(struct bufferevent *bev, short what, void *arg)
{
	(void)arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		bufferevent_free(bev);
}

/* on_accept: a new connection (already non-blocking) gets a bufferevent of
 * its own. When one cannot be made, only that client is lost. */
static void on_accept(struct evconnlistener *listener, evutil_socket_t fd,
		      struct sockaddr *addr, int len, void *arg)
{
	struct event_base *base = evconnlistener_get_base(listener);
	struct bufferevent *bev;

	(void)addr, (void)len, (void)arg;
	bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		evutil_closesocket(fd);
		return;
	}
	bufferevent_setcb(bev, on_read, NULL, on_event, NULL);
	if (bufferevent_enable(bev, EV_READ | EV_WRITE) < 0)
		bufferevent_free(bev);
}

/* bound_port: the port fd is bound to (the kernel's choice for port 0), or -1. */
static int bound_port(evutil_socket_t fd)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof addr;

	if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
		return -1;
	return ntohs(addr.sin_port);
}

int main(int argc, char *argv[])
{
	struct sockaddr_in addr;
	struct event_base *base;
	struct evconnlistener *listener;
	int port;

	if (argc != 2 || (port = parse_port(argv[1])) < 0) {
		fprintf(stderr, "usage: %s PORT   (0 lets the kernel choose)\n", argv[0]);
		return 2;
	}
	/* A client that leaves while we write costs EPIPE, not the server. */
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if (base == NULL) {
		fprintf(stderr, "ERROR cannot create the event base\n");
		return 1;
	}
	/* Every IPv4 address, as the labs' servers listen. */
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons((unsigned short)port);
	listener = evconnlistener_new_bind(base, on_accept, NULL,
					   LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1,
					   (struct sockaddr *)&addr, sizeof addr);
	if (listener == NULL || (port = bound_port(evconnlistener_get_fd(listener))) < 0) {
		fprintf(stderr, "ERROR on binding: %s\n", strerror(errno));
		return 1;
	}
	printf("listening on port %d\n", port);
	fflush(stdout);
	event_base_dispatch(base);
	evconnlistener_free(listener);
	event_base_free(base);
	return 0;
}

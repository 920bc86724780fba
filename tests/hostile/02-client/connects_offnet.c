/* hostile: tries to reach 192.0.2.1 and 2001:db8::1 (TEST-NET addresses, routed nowhere) on the given port with TCP, and sends each a UDP datagram, only once it has seen that its network is private (no interface but lo, no route off it), where every attempt fails at once with no route and nothing leaves the machine; elsewhere it exits 3 at once, sending nothing. tier: namespaces. verdict: score=0 usage=FAIL connected=FAIL */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* 1 when every line of /proc/net/FILE (after the header) passes ok(). */
static int every_line(const char *file, int (*ok)(const char *line))
{
	char path[64], line[512];
	int fine = 1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/net/%s", file);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (strcmp(file, "ipv6_route") != 0)
		fgets(line, sizeof line, f);  /* the header */
	if (strcmp(file, "dev") == 0)
		fgets(line, sizeof line, f);  /* its second line */
	while (fine && fgets(line, sizeof line, f) != NULL)
		fine = ok(line);
	fclose(f);
	return fine;
}

static int is_lo_device(const char *line) { return strncmp(line + strspn(line, " "), "lo:", 3) == 0; }
static int is_nothing(const char *line) { (void)line; return 0; }
static int is_on_lo(const char *line)
{
	const char *end = line + strcspn(line, "\n");

	return end - line >= 3 && strncmp(end - 3, " lo", 3) == 0;
}

/* 1 when nothing sent here can leave the machine: lo is the only interface,
 * IPv4 has no route at all (lo's are in the local table), IPv6 only lo's. */
static int network_is_private(void)
{
	return every_line("dev", is_lo_device) && every_line("route", is_nothing) &&
	       every_line("ipv6_route", is_on_lo);
}

static void attempt(int family, const char *address, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof *in4 : sizeof *in6;
	int tcp = socket(family, SOCK_STREAM, 0), udp = socket(family, SOCK_DGRAM, 0);

	memset(&ss, 0, sizeof ss);
	ss.ss_family = family;
	if (family == AF_INET) {
		in4->sin_port = htons(port);
		inet_pton(AF_INET, address, &in4->sin_addr);
	} else {
		in6->sin6_port = htons(port);
		inet_pton(AF_INET6, address, &in6->sin6_addr);
	}
	if (connect(tcp, (struct sockaddr *)&ss, len) < 0)
		fprintf(stderr, "ERROR connecting to %s: %s\n", address, strerror(errno));
	if (sendto(udp, "x", 1, 0, (struct sockaddr *)&ss, len) < 0)
		fprintf(stderr, "ERROR sending to %s: %s\n", address, strerror(errno));
	close(tcp);
	close(udp);
}

int main(int argc, char *argv[])
{
	if (argc != 3)
		return 2;  /* ends at once, without a usage line */
	if (!network_is_private()) {
		fprintf(stderr, "connects_offnet: this network is not private: sending nothing\n");
		return 3;
	}
	attempt(AF_INET, "192.0.2.1", atoi(argv[2]));
	attempt(AF_INET6, "2001:db8::1", atoi(argv[2]));
	return 1;
}

/* hostile: server() starts a daemon that leaves the session with setsid(), holds TCP port 7777 and lives on; the client prompts and echoes nothing. The sweep must kill the daemon. verdict: echo=FAIL */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "echo.h"

static void daemon_holding_port(void)
{
	struct sockaddr_in addr;
	int fd;

	if (fork() != 0)
		return;
	setsid();
	if (fork() != 0)
		_exit(0);  /* the double fork: the daemon is nobody's child */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(7777);
	bind(fd, (struct sockaddr *)&addr, sizeof addr);
	listen(fd, 5);
	for (;;)
		pause();
}

char *getreq(char *inbuf, int len)
{
	printf("REQ: ");
	fflush(stdout);
	return fgets(inbuf, len, stdin);
}

int client(int sockfd)
{
	char buf[128];

	(void)sockfd;
	while (getreq(buf, sizeof buf) != NULL)
		;
	return 0;
}

void server(int consockfd)
{
	(void)consockfd;
	daemon_holding_port();
	for (;;)
		pause();
}

/* hostile: ignores its PORT and tries to listen on privileged ports instead (80, 443, 22, 25, 7, 1); an unprivileged program may bind none of them, so it prints an ERROR line and exits 1 without ever listening. verdict: score=0 listening=FAIL */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "echo.h"

int main(void)
{
	static const int ports[] = { 80, 443, 22, 25, 7, 1 };
	struct sockaddr_in addr;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1, con;
	size_t k;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	for (k = 0; k < sizeof ports / sizeof ports[0]; k++) {
		addr.sin_port = htons(ports[k]);
		if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(fd, 5) == 0)
			break;
	}
	if (k == sizeof ports / sizeof ports[0]) {
		fprintf(stderr, "ERROR on binding: %s\n", strerror(errno));
		return 1;
	}
	printf("listening on port %d\n", ports[k]);
	fflush(stdout);
	while ((con = accept(fd, NULL, NULL)) >= 0) {
		server(con);
		close(con);
	}
	return 1;
}

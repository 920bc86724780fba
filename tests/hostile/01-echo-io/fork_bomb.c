/* hostile: client() and server() fork without end, each child forking again; the process limit holds it and nothing survives the check. verdict: score=0 prompt=FAIL */
#include <unistd.h>
#include "echo.h"

static void bomb(void)
{
	for (;;)
		fork();
}

char *getreq(char *inbuf, int len) { (void)inbuf; (void)len; bomb(); return 0; }
int client(int sockfd) { (void)sockfd; bomb(); return 0; }
void server(int consockfd) { (void)consockfd; bomb(); }

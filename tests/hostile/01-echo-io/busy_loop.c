/* hostile: getreq() spins forever without printing; the CPU-time and wall-time limits end it. verdict: score=0 prompt=FAIL */
#include "echo.h"

char *getreq(char *inbuf, int len)
{
	volatile unsigned long spin = 0;

	(void)inbuf;
	(void)len;
	for (;;)
		spin++;
}

int client(int sockfd) { getreq(0, 0); return sockfd; }
void server(int consockfd) { (void)consockfd; for (;;) ; }

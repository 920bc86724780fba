/* hostile: getreq() floods stdout without end instead of prompting; output is capped and drained, and the check still ends. verdict: score=0 prompt=FAIL */
#include <string.h>
#include <unistd.h>
#include "echo.h"

char *getreq(char *inbuf, int len)
{
	char flood[4096];

	(void)inbuf;
	(void)len;
	memset(flood, 'A', sizeof flood);
	for (;;)
		if (write(STDOUT_FILENO, flood, sizeof flood) < 0)
			continue;
}

int client(int sockfd) { (void)sockfd; getreq(0, 0); return 0; }
void server(int consockfd) { (void)consockfd; getreq(0, 0); }

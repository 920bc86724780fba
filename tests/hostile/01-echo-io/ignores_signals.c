/* hostile: every process ignores SIGTERM, SIGHUP and SIGINT and stops nothing on its own; only SIGKILL (through the namespace or the sweep) ends it. verdict: score=0 prompt=FAIL */
#include <signal.h>
#include <unistd.h>
#include "echo.h"

static void ignore_polite_signals(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
}

char *getreq(char *inbuf, int len) { (void)inbuf; (void)len; ignore_polite_signals(); for (;;) pause(); }
int client(int sockfd) { (void)sockfd; getreq(0, 0); return 0; }
void server(int consockfd) { (void)consockfd; getreq(0, 0); }

/* hostile: every function blocks forever in pause(), never printing or exiting. verdict: score=0 prompt=FAIL */
#include <unistd.h>
#include "echo.h"

char *getreq(char *inbuf, int len) { (void)inbuf; (void)len; for (;;) pause(); }
int client(int sockfd) { (void)sockfd; for (;;) pause(); }
void server(int consockfd) { (void)consockfd; for (;;) pause(); }

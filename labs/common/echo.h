/*
 * echo.h: the three functions of lab 01 (given; do not change).
 *
 * The lecture's point: talking to another process through a socket looks
 * just like file I/O. client() and server() use only read() and write() on
 * a descriptor; the driver (echo_driver.c) connects them with a socketpair.
 * From lab 02 on these functions are given code with exactly these
 * signatures.
 */
#ifndef ECHO_H
#define ECHO_H

/*
 * getreq: print the prompt "REQ: " on stdout and flush it (so it shows even
 * when stdout is a pipe or a file), then read one line from the stdin
 * stream as fgets() does: at most len-1 bytes, the newline kept, a longer
 * line coming back in pieces of len-1 bytes. inbuf holds len bytes.
 * Returns inbuf, or NULL at end of input (or on a read error).
 */
char *getreq(char *inbuf, int len);

/*
 * client: until end of input, get a request with getreq(), write all of it
 * to sockfd, read back the complete echo (as many bytes as were sent; it
 * may arrive in several pieces) and write it to stdout. A blank line is a
 * request like any other.
 * Returns 0 at end of input. Returns -1, after printing a line starting
 * "ERROR" on stderr, when the server closes the connection or a read or
 * write fails. The caller keeps sockfd and closes it.
 */
int client(int sockfd);

/*
 * server: until read() returns 0 (the client closed) or an error: read a
 * chunk from consockfd, write it to stdout, then write it back to
 * consockfd. Binary-safe: the length of a chunk is what read() returned
 * (never strlen), and every byte is written even when write() writes
 * fewer bytes than asked. Returns; the caller closes consockfd.
 */
void server(int consockfd);

#endif /* ECHO_H */

/*
 * listener.h: the server set-up that lab 03 writes in main() (socket,
 * SO_REUSEADDR, bind, listen), made a function: given code in labs 04 and
 * 05, whose lessons are fork and wait.
 */
#ifndef LISTENER_H
#define LISTENER_H

/*
 * listen_on: a TCP socket listening on every local IPv4 address at port
 * (0: the kernel chooses one), with SO_REUSEADDR set so that a restarted
 * server can take its port at once. Returns the socket; or -1 with errno
 * set and *failed naming the step that failed, as the lab's error line
 * starts ("ERROR on binding" when the port is taken).
 */
int listen_on(int port, const char **failed);

/*
 * bound_port: the port sockfd is bound to (the one the kernel chose for
 * port 0). Returns it, or -1 with errno set.
 */
int bound_port(int sockfd);

#endif /* LISTENER_H */

/*
 * args.h: reading the command line of the network labs (given code).
 *
 * The lecture uses atoi(argv[1]), which turns "80x", "-1" and "hello" into
 * ports without a word. Every socklab program instead exits 2 with a usage
 * line when an argument is not what it should be.
 */
#ifndef ARGS_H
#define ARGS_H

/*
 * parse_port: the port written in text, a whole decimal number from lowest
 * (0 for a server, where 0 lets the kernel choose; 1 for a client) to 65535.
 * Returns the port, or -1 when text is anything else (empty, a sign, other
 * characters, out of range).
 */
int parse_port(const char *text, int lowest);

/*
 * parse_count: the count written in text, a whole decimal number from 0 to
 * INT_MAX (lab 07's N). Returns it, or -1 when text is anything else.
 */
int parse_count(const char *text);

#endif /* ARGS_H */

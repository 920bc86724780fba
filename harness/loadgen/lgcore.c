/* lgcore.c: see lgcore.h. */
#define _GNU_SOURCE
#include "lgcore.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- The command line -------------------------------------------------------- */

const char *lg_usage(void)
{
	return "usage: loadgen [-m req|rate|stream] [-c CONNS] [-s BYTES] [-d SECS] [-n COUNT] [-w BYTES]"
	       " [--nodelay] [--csv|--csv-header] [-l LABEL] [-q] HOST PORT";
}

/* Digits only (strtoull alone takes spaces and signs): the number they make
 * if it lies in [lowest, highest], with *end after them. Returns -1 if none. */
static int parse_digits(const char *text, const char **end, uint64_t lowest, uint64_t highest, uint64_t *out)
{
	uint64_t value = 0;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (value > (UINT64_MAX - 9) / 10)
			return -1;
		value = value * 10 + (uint64_t)(*p - '0');
	}
	if (value < lowest || value > highest)
		return -1;
	*end = p;
	*out = value;
	return 0;
}

/* A whole decimal number in [lowest, highest], nothing after it. */
static int parse_whole(const char *text, uint64_t lowest, uint64_t highest, uint64_t *out)
{
	const char *end;

	return parse_digits(text, &end, lowest, highest, out) < 0 || *end != '\0' ? -1 : 0;
}

int lg_parse_bytes(const char *text, uint64_t lowest, uint64_t highest, uint64_t *out)
{
	const char *end;
	uint64_t value, unit = 1;

	if (parse_digits(text, &end, 0, UINT64_MAX >> 20, &value) < 0)
		return -1;
	if (*end == 'k')
		unit = 1024, end++;
	else if (*end == 'M')
		unit = 1024 * 1024, end++;
	if (*end != '\0' || value * unit < lowest || value * unit > highest)
		return -1;
	*out = value * unit;
	return 0;
}

int lg_parse_seconds(const char *text, double lowest, double highest, double *out)
{
	size_t digits = strspn(text, "0123456789"), point = 0, fraction = 0;
	double value;

	/* strtod alone takes signs, exponents, hex, "inf" and "nan": allow
	 * 12, 12.5, 0.05 and .5 only. */
	if (text[digits] == '.') {
		point = 1;
		fraction = strspn(text + digits + 1, "0123456789");
	}
	if (digits + fraction == 0 || text[digits + point + fraction] != '\0' || digits > 9)
		return -1;
	value = strtod(text, NULL);
	if (!(value >= lowest && value <= highest))
		return -1;
	*out = value;
	return 0;
}

int lg_loopback_addr(const char *host, int port, struct sockaddr_storage *addr, socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;
	struct in6_addr a6;

	memset(addr, 0, sizeof *addr);
	/* localhost is 127.0.0.1 by definition here: a lookup could consult a
	 * resolver, and a resolver is not on this machine. */
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		if ((ntohl(in4->sin_addr.s_addr) >> 24) != 127)
			goto not_loopback;
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6) != 1) {
		errno = EINVAL;
		return -1;
	}
	/* ::ffff:127.x.y.z is 127.0.0.0/8 too: connect to it as plain IPv4. */
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		if (a6.s6_addr[12] != 127)
			goto not_loopback;
		in4->sin_family = AF_INET;
		memcpy(&in4->sin_addr, &a6.s6_addr[12], 4);
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		return 0;
	}
	if (!IN6_IS_ADDR_LOOPBACK(&a6))
		goto not_loopback;
	in6->sin6_family = AF_INET6;
	in6->sin6_addr = a6;
	in6->sin6_port = htons((uint16_t)port);
	*len = sizeof *in6;
	return 0;
not_loopback:
	memset(addr, 0, sizeof *addr);
	errno = EADDRNOTAVAIL;
	return -1;
}

/* Writes a reason into why and returns -1, for lg_parse_args's error paths. */
static int reason(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct option long_options[] = {
	{"mode", required_argument, NULL, 'm'},
	{"conns", required_argument, NULL, 'c'},
	{"size", required_argument, NULL, 's'},
	{"duration", required_argument, NULL, 'd'},
	{"count", required_argument, NULL, 'n'},
	{"window", required_argument, NULL, 'w'},
	{"label", required_argument, NULL, 'l'},
	{"nodelay", no_argument, NULL, 'N'},
	{"csv", no_argument, NULL, 'C'},
	{"csv-header", no_argument, NULL, 'H'},
	{NULL, 0, NULL, 0},
};

/* Applies one option (getopt's c and optarg) to *opt. Returns 0 or -1 with
 * the reason in why. */
static int apply_option(int c, const char *arg, struct lg_options *opt, char *why, size_t whylen)
{
	uint64_t n;

	switch (c) {
	case 'm':
		if (strcmp(arg, "req") == 0)
			opt->mode = LG_REQ;
		else if (strcmp(arg, "rate") == 0)
			opt->mode = LG_RATE;
		else if (strcmp(arg, "stream") == 0)
			opt->mode = LG_STREAM;
		else
			return reason(why, whylen, "-m: '%s' is not req, rate or stream", arg);
		return 0;
	case 'c':
		if (parse_whole(arg, 1, LG_MAX_CONNS, &n) < 0)
			return reason(why, whylen, "-c: '%s' is not a number of connections in 1..%d", arg, LG_MAX_CONNS);
		opt->conns = (long)n;
		return 0;
	case 's':
		if (lg_parse_bytes(arg, 1, LG_MAX_SIZE, &opt->size) < 0)
			return reason(why, whylen, "-s: '%s' is not a size in 1..%lu (suffixes k, M)", arg, LG_MAX_SIZE);
		return 0;
	case 'w':
		if (lg_parse_bytes(arg, 1, LG_MAX_SIZE, &opt->window) < 0)
			return reason(why, whylen, "-w: '%s' is not a window in 1..%lu (suffixes k, M)", arg, LG_MAX_SIZE);
		return 0;
	case 'd':
		if (lg_parse_seconds(arg, 0.05, 60, &opt->duration) < 0)
			return reason(why, whylen, "-d: '%s' is not a number of seconds in 0.05..60", arg);
		return 0;
	case 'n':
		if (parse_whole(arg, 1, UINT64_MAX / 2, &opt->count) < 0)
			return reason(why, whylen, "-n: '%s' is not a positive count", arg);
		return 0;
	case 'l':
		opt->label = arg;
		return 0;
	case 'q':
		opt->quiet = 1;
		return 0;
	case 'N':
		opt->nodelay = 1;
		return 0;
	case 'C':
		opt->csv = opt->csv ? opt->csv : 1;
		return 0;
	case 'H':
		opt->csv = 2;
		return 0;
	}
	return reason(why, whylen, "unknown option");
}

int lg_parse_args(int argc, char **argv, struct lg_options *opt, char *why, size_t whylen)
{
	uint64_t port;
	int c;

	memset(opt, 0, sizeof *opt);
	opt->mode = LG_REQ;
	opt->conns = 1;
	opt->size = 64;
	opt->duration = 1;
	opt->window = 256 * 1024;
	/* optind 0 makes glibc start over (the unit tests parse many lines);
	 * opterr 0 because a helper never prints. The leading '+' stops at the
	 * first operand, as POSIX has it. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:m:c:s:d:n:w:l:q", long_options, NULL)) != -1) {
		if (c == '?')
			return optopt ? reason(why, whylen, "unknown option -%c", optopt)
				      : reason(why, whylen, "unknown option %s", argv[optind - 1]);
		if (c == ':')
			return optopt ? reason(why, whylen, "option -%c needs a value", optopt)
				      : reason(why, whylen, "option %s needs a value", argv[optind - 1]);
		if (apply_option(c, optarg, opt, why, whylen) < 0)
			return -1;
	}
	if (argc - optind != 2)
		return reason(why, whylen, "expected HOST PORT after the options, got %d word%s", argc - optind,
			      argc - optind == 1 ? "" : "s");
	opt->host = argv[optind];
	if (parse_whole(argv[optind + 1], 1, 65535, &port) < 0)
		return reason(why, whylen, "PORT '%s' is not a number in 1..65535", argv[optind + 1]);
	opt->port = (int)port;
	if (lg_loopback_addr(opt->host, opt->port, &opt->addr, &opt->addrlen) < 0)
		return errno == EADDRNOTAVAIL
			       ? reason(why, whylen, "HOST %s is not a loopback address (127.0.0.0/8, ::1): "
						     "the kit sends no traffic off this machine", opt->host)
			       : reason(why, whylen, "HOST '%s' is not an IP address or localhost", opt->host);
	return 0;
}

/* --- The pattern ------------------------------------------------------------- */

/* The period, then LG_CHUNK bytes more (the period's start again), so that
 * any LG_CHUNK bytes from any entry point lie in one piece. */
static unsigned char table[LG_PERIOD + LG_CHUNK];
static int table_ready;

/* splitmix64's finalizer: a cheap, well-mixed hash of x. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void lg_pattern_init(void)
{
	uint64_t i;

	if (table_ready)
		return;
	for (i = 0; i < LG_PERIOD; i++)
		table[i] = (unsigned char)(mix64(i + 1) >> 56);
	/* The tail repeats the start (LG_CHUNK is longer than the period: the
	 * copy overlaps, so byte by byte). */
	for (; i < sizeof table; i++)
		table[i] = table[i - LG_PERIOD];
	table_ready = 1;
}

/* Steps between the shifts of consecutive requests: not a multiple of the
 * (prime) period, so P requests in a row all enter the table differently. */
#define LG_STEP 40503u

uint32_t lg_shift(uint32_t conn, uint64_t req)
{
	uint64_t base = mix64((uint64_t)conn + 0x9e3779b97f4a7c15ULL) % LG_PERIOD;

	return (uint32_t)((base + (req % LG_PERIOD) * LG_STEP) % LG_PERIOD);
}

const unsigned char *lg_pattern_at(uint32_t shift, uint64_t offset)
{
	return table + (shift + offset % LG_PERIOD) % LG_PERIOD;
}

long lg_verify(uint32_t shift, uint64_t offset, const void *buf, size_t n)
{
	const unsigned char *want = lg_pattern_at(shift, offset), *got = buf;
	size_t i;

	if (memcmp(want, got, n) == 0)
		return -1;
	for (i = 0; want[i] == got[i]; i++)
		;
	return (long)i;
}

/* --- Latency ------------------------------------------------------------------- */

/* The bucket of a sample: itself below 256; above, the top 8 bits of the
 * value (128..255) within its power of two. */
static size_t bucket_of(uint64_t ns)
{
	int e;

	if (ns < 256)
		return (size_t)ns;
	e = 63 - __builtin_clzll(ns);
	return 256 + (size_t)(e - 8) * 128 + (size_t)((ns >> (e - 7)) - 128);
}

/* The middle of bucket b (its value, below 256). */
static uint64_t bucket_middle(size_t b)
{
	size_t e, m;

	if (b < 256)
		return b;
	e = (b - 256) / 128 + 8;
	m = (b - 256) % 128 + 128;
	return ((uint64_t)m << (e - 7)) + ((1ULL << (e - 7)) >> 1);
}

void lg_hist_add(struct lg_hist *h, uint64_t ns)
{
	h->bucket[bucket_of(ns)]++;
	h->count++;
	if (ns > h->max)
		h->max = ns;
}

uint64_t lg_hist_percentile(const struct lg_hist *h, double p)
{
	uint64_t rank, seen = 0, value;
	size_t b;

	if (h->count == 0)
		return 0;
	/* Nearest rank: the smallest sample with at least p% of all at or below it. */
	rank = (uint64_t)(p / 100 * (double)h->count);
	if ((double)rank < p / 100 * (double)h->count)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank >= h->count)
		return h->max;  /* the last sample is known exactly */
	for (b = 0; b < LG_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			break;
	}
	value = bucket_middle(b);
	return value > h->max ? h->max : value;
}

/* --- The results ------------------------------------------------------------------ */

const char *lg_mode_name(enum lg_mode mode)
{
	return mode == LG_RATE ? "rate" : mode == LG_STREAM ? "stream" : "req";
}

const char *lg_csv_header(void)
{
	return "label,mode,conns,size,seconds,connections,requests,bytes,conn_per_s,req_per_s,mb_per_s,"
	       "p50_us,p99_us,max_us,errors,unfinished,starved";
}

/* Puts c at buf[at] when it fits with room for the final NUL. */
static void put(char *buf, size_t len, size_t at, char c)
{
	if (at + 1 < len)
		buf[at] = c;
}

/* Writes label into buf as a CSV field: quoted, with quotes doubled, when it
 * holds a comma, a quote or a line end. Returns the length it needed; buf is
 * NUL-terminated when len > 0. */
static size_t csv_field(char *buf, size_t len, const char *label)
{
	size_t need = 0;
	const char *p;

	if (strpbrk(label, ",\"\r\n") == NULL)
		return (size_t)snprintf(buf, len, "%s", label);
	put(buf, len, need++, '"');
	for (p = label; *p != '\0'; p++) {
		if (*p == '"')
			put(buf, len, need++, '"');
		put(buf, len, need++, *p);
	}
	put(buf, len, need++, '"');
	if (len > 0)
		buf[need < len ? need : len - 1] = '\0';
	return need;
}

int lg_csv_line(char *buf, size_t len, const char *label, const struct lg_options *opt,
		const struct lg_result *res)
{
	size_t head = csv_field(buf, len, label);
	double s = res->seconds > 0 ? res->seconds : 1;

	return (int)head + snprintf(head < len ? buf + head : NULL, head < len ? len - head : 0,
				    ",%s,%ld,%llu,%.3f,%llu,%llu,%llu,%.1f,%.1f,%.3f,%.1f,%.1f,%.1f,%llu,%llu,%llu",
				    lg_mode_name(opt->mode), opt->conns, (unsigned long long)opt->size,
				    res->seconds, (unsigned long long)res->connections,
				    (unsigned long long)res->requests, (unsigned long long)res->bytes,
				    (double)res->connections / s, (double)res->requests / s,
				    (double)res->bytes / s / 1e6, res->p50_us, res->p99_us, res->max_us,
				    (unsigned long long)res->errors, (unsigned long long)res->unfinished,
				    (unsigned long long)res->starved);
}

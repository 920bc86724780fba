/* The load generator's pure parts: its command line, the loopback rule, the
 * byte pattern every message carries, the latency histogram and the report's
 * CSV line. Nothing here touches the network, prints or exits, so that
 * tests/unit/test_loadgen.c can hold each piece to its contract; loadgen.c
 * (the event loop and main) is the only caller.
 */
#ifndef SOCKLAB_LGCORE_H
#define SOCKLAB_LGCORE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

enum lg_mode { LG_REQ, LG_RATE, LG_STREAM };

#define LG_MAX_CONNS 10000
#define LG_MAX_SIZE (64UL << 20)

/* What the command line asked for. */
struct lg_options {
	enum lg_mode mode;
	long conns;                   /* 1..LG_MAX_CONNS */
	uint64_t size;                /* message size, 1..LG_MAX_SIZE */
	double duration;              /* seconds, 0.05..60 */
	uint64_t count;               /* 0: no count bound */
	uint64_t window;              /* stream mode's bytes in flight per connection */
	int nodelay;
	int csv;                      /* 0: the report; 1: a CSV line; 2: header and line */
	int quiet;
	const char *label;            /* NULL: the report names HOST:PORT */
	const char *host;
	int port;
	struct sockaddr_storage addr; /* HOST and PORT, a loopback address */
	socklen_t addrlen;
};

/* Parses the command line into *opt. Returns 0, or -1 with a one-line reason
 * (no newline) in why[0..whylen) for a usage error. It only parses: nothing
 * is resolved (HOST must be a literal or `localhost`) and nothing is sent. */
int lg_parse_args(int argc, char **argv, struct lg_options *opt, char *why, size_t whylen);

/* The usage line (no trailing newline), for main to print. */
const char *lg_usage(void);

/* Fills *addr with HOST (an IPv4 or IPv6 literal, or `localhost`, which is
 * 127.0.0.1 without any lookup) and port, and sets *len. Returns 0, or -1
 * with errno EINVAL when HOST is not such a literal, and EADDRNOTAVAIL when it
 * is not a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104). */
int lg_loopback_addr(const char *host, int port, struct sockaddr_storage *addr, socklen_t *len);

/* Parses a byte count: decimal digits with an optional suffix k (KiB) or M
 * (MiB), within [lowest, highest]. Returns 0 and sets *out, or -1. */
int lg_parse_bytes(const char *text, uint64_t lowest, uint64_t highest, uint64_t *out);

/* Parses a decimal number of seconds (digits, an optional fraction) within
 * [lowest, highest]. Returns 0 and sets *out, or -1. */
int lg_parse_seconds(const char *text, double lowest, double highest, double *out);

/* --- The pattern ------------------------------------------------------------
 * Byte i of request r on connection k is table[(shift(k, r) + i) mod P]:
 * a pseudo-random table of period P, entered at a point that depends on the
 * connection and the request. Consecutive requests of one connection never
 * share a shift (within P requests), two connections almost never do (1 in
 * P), and a misplaced run of bytes matches by chance with odds 1/256 per
 * byte. Generating a message costs nothing (it is written straight out of
 * the table) and checking an echo is a memcmp against the table. */
#define LG_PERIOD 65521u              /* a prime: no buffer size is a multiple */
#define LG_CHUNK (64u * 1024)         /* the longest piece read or written at once */

/* Fills the table (idempotent). Call once before any other lg_pattern_*. */
void lg_pattern_init(void);

/* The shift of request req on connection conn, in [0, LG_PERIOD). */
uint32_t lg_shift(uint32_t conn, uint64_t req);

/* The expected bytes of a request with this shift from offset on: valid for
 * LG_CHUNK bytes. Points into the table; nobody frees it. */
const unsigned char *lg_pattern_at(uint32_t shift, uint64_t offset);

/* Compares buf[0..n), n <= LG_CHUNK, with the bytes expected from offset on.
 * Returns -1 when they are equal, else the index in buf of the first byte
 * that differs. */
long lg_verify(uint32_t shift, uint64_t offset, const void *buf, size_t n);

/* --- Latency ------------------------------------------------------------------
 * A log-linear histogram of nanoseconds: exact below 256 ns, then 128
 * buckets per power of two, so a percentile (the middle of its bucket) is
 * off by at most 1/256 (0.4%). Constant memory, constant time per sample. */
#define LG_HIST_BUCKETS (256 + 56 * 128)

struct lg_hist {
	uint64_t count;
	uint64_t max;                 /* exact */
	uint64_t bucket[LG_HIST_BUCKETS];
};

/* Records one sample (ns). */
void lg_hist_add(struct lg_hist *h, uint64_t ns);

/* The nearest-rank p-th percentile (0 < p <= 100) in ns, within 0.4%, never
 * above the exact maximum (which p100 is); 0 for an empty histogram. */
uint64_t lg_hist_percentile(const struct lg_hist *h, double p);

/* --- The results -------------------------------------------------------------- */
struct lg_result {
	double seconds;               /* how long the run actually took */
	uint64_t connections;         /* established (req, stream) or completed (rate) */
	uint64_t requests;            /* completed requests (messages, in stream mode) */
	uint64_t bytes;               /* echoed bytes, all verified */
	double p50_us, p99_us, max_us;
	uint64_t errors;              /* failed connections and mismatches */
	uint64_t unfinished;          /* requests still waiting, connects still pending */
	uint64_t starved;             /* connections (req, stream) that completed no request:
				       * a server serving one client at a time starves the rest */
};

/* The mode's name on the command line: "req", "rate", "stream". */
const char *lg_mode_name(enum lg_mode mode);

/* The CSV header line, without a newline. */
const char *lg_csv_header(void);

/* Writes the CSV line for one run (no newline; the label quoted as RFC 4180
 * has it when it holds a comma, a quote or a line end) into buf. Returns the
 * length it needed, as snprintf does. */
int lg_csv_line(char *buf, size_t len, const char *label, const struct lg_options *opt,
		const struct lg_result *res);

#endif

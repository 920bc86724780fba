/* Unit tests of the load generator's pure parts (harness/loadgen/lgcore.c):
 * its command line, the loopback rule, the byte pattern that catches a
 * server mixing up bytes, the latency histogram and the CSV line that lab
 * 10's perf script reads. Built and run by tests/unit/Makefile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lgcore.h"

/* Parses the words of line (space-separated, at most 31) as a command line
 * after the program's name. Returns what lg_parse_args returned; the reason
 * is in why. */
static int parse(const char *line, struct lg_options *opt, char *why, size_t whylen)
{
	static char copy[512];
	char *argv[32] = {"loadgen"}, *word;
	int argc = 1;

	snprintf(copy, sizeof copy, "%s", line);
	for (word = strtok(copy, " "); word != NULL && argc < 31; word = strtok(NULL, " "))
		argv[argc++] = word;
	argv[argc] = NULL;
	why[0] = '\0';
	return lg_parse_args(argc, argv, opt, why, whylen);
}

/* The line must be refused, with a reason that contains `about`. */
static void refused(const char *line, const char *about)
{
	struct lg_options opt;
	char why[256];

	if (parse(line, &opt, why, sizeof why) != -1)
		fail_msg("accepted: %s", line);
	if (strstr(why, about) == NULL)
		fail_msg("refused `%s` saying `%s`, which does not mention `%s`", line, why, about);
}

static void parse_args_has_the_documented_defaults(void **state)
{
	struct lg_options opt;
	char why[256];

	(void)state;
	assert_int_equal(parse("127.0.0.1 7000", &opt, why, sizeof why), 0);
	assert_int_equal(opt.mode, LG_REQ);
	assert_int_equal(opt.conns, 1);
	assert_int_equal(opt.size, 64);
	assert_true(opt.duration == 1.0);
	assert_int_equal(opt.count, 0);
	assert_int_equal(opt.window, 256 * 1024);
	assert_int_equal(opt.nodelay, 0);
	assert_int_equal(opt.csv, 0);
	assert_int_equal(opt.quiet, 0);
	assert_null(opt.label);
	assert_string_equal(opt.host, "127.0.0.1");
	assert_int_equal(opt.port, 7000);
	assert_int_equal(opt.addr.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&opt.addr)->sin_port), 7000);
}

static void parse_args_takes_every_option_short_and_long(void **state)
{
	struct lg_options opt;
	char why[256];

	(void)state;
	assert_int_equal(parse("-m rate -c 64 -s 4k -d 0.5 -n 1000 -w 1M --nodelay --csv -l v3 -q ::1 80",
			       &opt, why, sizeof why), 0);
	assert_int_equal(opt.mode, LG_RATE);
	assert_int_equal(opt.conns, 64);
	assert_int_equal(opt.size, 4096);
	assert_true(opt.duration == 0.5);
	assert_int_equal(opt.count, 1000);
	assert_int_equal(opt.window, 1 << 20);
	assert_int_equal(opt.nodelay, 1);
	assert_int_equal(opt.csv, 1);
	assert_int_equal(opt.quiet, 1);
	assert_string_equal(opt.label, "v3");
	assert_int_equal(opt.addr.ss_family, AF_INET6);
	assert_int_equal(parse("--mode=stream --conns 2 --size=64M --duration 60 --count 5 --window 1 "
			       "--label x --csv-header localhost 65535", &opt, why, sizeof why), 0);
	assert_int_equal(opt.mode, LG_STREAM);
	assert_int_equal(opt.conns, 2);
	assert_int_equal(opt.size, 64 << 20);
	assert_true(opt.duration == 60);
	assert_int_equal(opt.count, 5);
	assert_int_equal(opt.window, 1);
	assert_int_equal(opt.csv, 2);
	assert_int_equal(opt.addr.ss_family, AF_INET);
	/* --csv after --csv-header keeps the header */
	assert_int_equal(parse("--csv-header --csv 127.0.0.1 1", &opt, why, sizeof why), 0);
	assert_int_equal(opt.csv, 2);
	assert_int_equal(parse("-m req 127.0.0.1 1", &opt, why, sizeof why), 0);
	assert_int_equal(opt.mode, LG_REQ);
}

static void parse_args_refuses_bad_values_with_a_reason(void **state)
{
	(void)state;
	refused("", "HOST PORT");
	refused("127.0.0.1", "HOST PORT");
	refused("127.0.0.1 80 extra", "HOST PORT");
	refused("127.0.0.1 0", "PORT");
	refused("127.0.0.1 65536", "PORT");
	refused("127.0.0.1 8x", "PORT");
	refused("-m fast 127.0.0.1 80", "-m");
	refused("-c 0 127.0.0.1 80", "-c");
	refused("-c 10001 127.0.0.1 80", "-c");
	refused("-c -1 127.0.0.1 80", "-c");
	refused("-c 1e3 127.0.0.1 80", "-c");
	refused("-s 0 127.0.0.1 80", "-s");
	refused("-s 65M 127.0.0.1 80", "-s");
	refused("-s 64G 127.0.0.1 80", "-s");
	refused("-s 1kk 127.0.0.1 80", "-s");
	refused("-s k 127.0.0.1 80", "-s");
	refused("-d 0.01 127.0.0.1 80", "-d");
	refused("-d 61 127.0.0.1 80", "-d");
	refused("-d 1e1 127.0.0.1 80", "-d");
	refused("-d -1 127.0.0.1 80", "-d");
	refused("-d nan 127.0.0.1 80", "-d");
	refused("-d . 127.0.0.1 80", "-d");
	refused("-n 0 127.0.0.1 80", "-n");
	refused("-n x 127.0.0.1 80", "-n");
	refused("-w 0 127.0.0.1 80", "-w");
	refused("-x 127.0.0.1 80", "unknown option -x");
	refused("--fast 127.0.0.1 80", "unknown option --fast");
	refused("127.0.0.1 80 -c", "HOST PORT");
	refused("-c", "needs a value");
	refused("--size", "needs a value");
}

static void parse_args_refuses_hosts_off_this_machine(void **state)
{
	(void)state;
	refused("10.0.0.1 80", "not a loopback address");
	refused("8.8.8.8 80", "not a loopback address");
	refused("::ffff:8.8.8.8 80", "not a loopback address");
	refused("0.0.0.0 80", "not a loopback address");
	refused(":: 80", "not a loopback address");
	refused("fe80::1 80", "not a loopback address");
	refused("example.com 80", "not an IP address or localhost");
	refused("localhost.localdomain 80", "not an IP address or localhost");
	refused("127.1 80", "not an IP address or localhost");
}

static void loopback_addr_takes_127_8_and_ipv6_loopback(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;

	(void)state;
	assert_int_equal(lg_loopback_addr("127.0.0.1", 5, &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(len, sizeof *in4);
	assert_int_equal(ntohl(in4->sin_addr.s_addr), 0x7f000001);
	assert_int_equal(ntohs(in4->sin_port), 5);
	assert_int_equal(lg_loopback_addr("127.255.255.254", 5, &ss, &len), 0);
	assert_int_equal(lg_loopback_addr("localhost", 6, &ss, &len), 0);
	assert_int_equal(ntohl(in4->sin_addr.s_addr), 0x7f000001);
	assert_int_equal(lg_loopback_addr("::ffff:127.0.0.2", 7, &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohl(in4->sin_addr.s_addr), 0x7f000002);
	assert_int_equal(lg_loopback_addr("::1", 8, &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(len, sizeof *in6);
	assert_true(IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr));
	assert_int_equal(ntohs(in6->sin6_port), 8);

	errno = 0;
	assert_int_equal(lg_loopback_addr("128.0.0.1", 5, &ss, &len), -1);
	assert_int_equal(errno, EADDRNOTAVAIL);
	errno = 0;
	assert_int_equal(lg_loopback_addr("::2", 5, &ss, &len), -1);
	assert_int_equal(errno, EADDRNOTAVAIL);
	errno = 0;
	assert_int_equal(lg_loopback_addr("LOCALHOST", 5, &ss, &len), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(lg_loopback_addr("::1%lo", 5, &ss, &len), -1);
	assert_int_equal(errno, EINVAL);
}

static void parse_bytes_and_seconds_take_their_forms_only(void **state)
{
	uint64_t b = 0;
	double s = 0;

	(void)state;
	assert_int_equal(lg_parse_bytes("1", 1, 100, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(lg_parse_bytes("2k", 1, 1 << 30, &b), 0);
	assert_int_equal(b, 2048);
	assert_int_equal(lg_parse_bytes("3M", 1, 1 << 30, &b), 0);
	assert_int_equal(b, 3 << 20);
	assert_int_equal(lg_parse_bytes("101", 1, 100, &b), -1);
	assert_int_equal(lg_parse_bytes("1K", 1, 1 << 30, &b), -1);
	assert_int_equal(lg_parse_bytes(" 1", 1, 100, &b), -1);
	assert_int_equal(lg_parse_bytes("99999999999999999999", 1, UINT64_MAX, &b), -1);
	assert_int_equal(lg_parse_bytes("17592186044416M", 1, UINT64_MAX, &b), -1);  /* 2^44 MiB overflows */

	assert_int_equal(lg_parse_seconds("0.05", 0.05, 60, &s), 0);
	assert_true(s == 0.05);
	assert_int_equal(lg_parse_seconds(".5", 0.05, 60, &s), 0);
	assert_true(s == 0.5);
	assert_int_equal(lg_parse_seconds("2.", 0.05, 60, &s), 0);
	assert_true(s == 2);
	assert_int_equal(lg_parse_seconds("60.000", 0.05, 60, &s), 0);
	assert_int_equal(lg_parse_seconds("60.001", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("0.049", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("+1", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("0x10", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("inf", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("", 0.05, 60, &s), -1);
	assert_int_equal(lg_parse_seconds("1.2.3", 0.05, 60, &s), -1);
}

static void pattern_is_one_periodic_sequence_from_any_entry(void **state)
{
	const unsigned char *a, *b;
	uint32_t shift = lg_shift(3, 7);
	uint64_t off;

	(void)state;
	lg_pattern_init();
	/* LG_CHUNK bytes from any entry point are the sequence's next bytes... */
	a = lg_pattern_at(shift, 0);
	for (off = 1; off < LG_CHUNK; off += 4099) {
		b = lg_pattern_at(shift, off);
		assert_memory_equal(a + off, b, LG_CHUNK - off);
	}
	/* ... with period LG_PERIOD, at any offset of a large message. */
	assert_ptr_equal(lg_pattern_at(shift, 5), lg_pattern_at(shift, 5 + LG_PERIOD));
	assert_ptr_equal(lg_pattern_at(shift, 5), lg_pattern_at(shift, 5 + 1000ULL * LG_PERIOD));
	a = lg_pattern_at(LG_PERIOD - 1, 0);
	b = lg_pattern_at(0, 0);
	assert_int_equal(a[1], b[0]);
	assert_memory_equal(a + 1, b, LG_CHUNK - 1);
}

static void shifts_differ_between_requests_and_connections(void **state)
{
	static unsigned char seen[LG_PERIOD];
	uint64_t r;
	uint32_t k, s;
	int collisions = 0;

	(void)state;
	lg_pattern_init();
	/* One connection's requests: no two of P in a row share a shift. */
	memset(seen, 0, sizeof seen);
	for (r = 1000000; r < 1000000 + LG_PERIOD; r++) {
		s = lg_shift(42, r);
		assert_true(s < LG_PERIOD);
		assert_false(seen[s]);
		seen[s] = 1;
	}
	/* Connections: a shared shift is rare (1 in P), as for random picks. */
	memset(seen, 0, sizeof seen);
	for (k = 0; k < 1000; k++) {
		s = lg_shift(k, 0);
		collisions += seen[s];
		seen[s] = 1;
	}
	assert_true(collisions <= 30);
	/* Two connections' first messages differ, byte 0 included. */
	assert_memory_not_equal(lg_pattern_at(lg_shift(0, 0), 0), lg_pattern_at(lg_shift(1, 0), 0), 64);
	assert_memory_not_equal(lg_pattern_at(lg_shift(0, 0), 0), lg_pattern_at(lg_shift(0, 1), 0), 64);
}

static void verify_finds_the_first_wrong_byte(void **state)
{
	unsigned char buf[LG_CHUNK];
	uint32_t shift = lg_shift(9, 12345);

	(void)state;
	lg_pattern_init();
	memcpy(buf, lg_pattern_at(shift, 70000), sizeof buf);
	assert_int_equal(lg_verify(shift, 70000, buf, sizeof buf), -1);
	assert_int_equal(lg_verify(shift, 70000, buf, 1), -1);
	buf[1000] ^= 0x80;
	buf[2000] ^= 0x01;
	assert_int_equal(lg_verify(shift, 70000, buf, sizeof buf), 1000);
	assert_int_equal(lg_verify(shift, 70000, buf, 1000), -1);
	/* The same bytes, expected one byte later: a dropped byte is caught at once. */
	memcpy(buf, lg_pattern_at(shift, 0), 64);
	assert_int_not_equal(lg_verify(shift, 1, buf, 64), -1);
	/* Another connection's bytes. */
	assert_int_not_equal(lg_verify(lg_shift(10, 12345), 70000, lg_pattern_at(shift, 70000), 64), -1);
}

static void histogram_is_exact_below_256_ns(void **state)
{
	static struct lg_hist h;
	uint64_t v;

	(void)state;
	memset(&h, 0, sizeof h);
	assert_int_equal(lg_hist_percentile(&h, 50), 0);
	for (v = 1; v <= 200; v++)
		lg_hist_add(&h, v);
	assert_int_equal(h.count, 200);
	assert_int_equal(h.max, 200);
	assert_int_equal(lg_hist_percentile(&h, 50), 100);
	assert_int_equal(lg_hist_percentile(&h, 99), 198);
	assert_int_equal(lg_hist_percentile(&h, 100), 200);
	assert_int_equal(lg_hist_percentile(&h, 0.1), 1);
}

static void histogram_percentiles_are_within_0_4_percent(void **state)
{
	static struct lg_hist h;
	uint64_t v, got, want;
	double p;

	(void)state;
	memset(&h, 0, sizeof h);
	/* 1 us .. 100 ms in 100,000 steps: the p-th percentile is p% of 100 ms. */
	for (v = 1; v <= 100000; v++)
		lg_hist_add(&h, v * 1000);
	for (p = 1; p <= 100; p += 0.5) {
		want = (uint64_t)(p * 1000) * 1000;
		got = lg_hist_percentile(&h, p);
		if (got < want * 0.996 || got > want * 1.004)
			fail_msg("p%.1f: got %llu ns, want %llu ns", p, (unsigned long long)got, (unsigned long long)want);
	}
	assert_int_equal(lg_hist_percentile(&h, 100), 100000000);
	/* One huge sample: its percentile is never above the exact maximum. */
	memset(&h, 0, sizeof h);
	lg_hist_add(&h, 60000000001ULL);
	assert_int_equal(lg_hist_percentile(&h, 50), 60000000001ULL);
	lg_hist_add(&h, UINT64_MAX);
	assert_int_equal(lg_hist_percentile(&h, 100), UINT64_MAX);
}

/* How many fields a CSV line has (a quoted field may hold commas). */
static int csv_fields(const char *line)
{
	int fields = 1, quoted = 0;

	for (; *line; line++) {
		if (*line == '"')
			quoted = !quoted;
		else if (*line == ',' && !quoted)
			fields++;
	}
	return fields;
}

static void csv_has_the_17_columns_in_order(void **state)
{
	struct lg_options opt;
	struct lg_result res = {.seconds = 2, .connections = 64, .requests = 200000, .bytes = 12800000,
				.p50_us = 12.34, .p99_us = 99.9, .max_us = 1500, .errors = 0, .unfinished = 64,
				.starved = 3};
	char why[256], line[512];
	int len;

	(void)state;
	assert_string_equal(lg_csv_header(), "label,mode,conns,size,seconds,connections,requests,bytes,conn_per_s,"
					     "req_per_s,mb_per_s,p50_us,p99_us,max_us,errors,unfinished,starved");
	assert_int_equal(csv_fields(lg_csv_header()), 17);
	assert_int_equal(parse("-c 64 -m req 127.0.0.1 80", &opt, why, sizeof why), 0);
	len = lg_csv_line(line, sizeof line, "v3", &opt, &res);
	assert_int_equal(len, (int)strlen(line));
	assert_string_equal(line, "v3,req,64,64,2.000,64,200000,12800000,32.0,100000.0,6.400,12.3,99.9,1500.0,0,64,3");
	/* A label with a comma or a quote is quoted; the line keeps 17 fields. */
	lg_csv_line(line, sizeof line, "v2, \"fork\"", &opt, &res);
	assert_int_equal(strncmp(line, "\"v2, \"\"fork\"\"\",req,", 19), 0);
	assert_int_equal(csv_fields(line), 17);
	/* Too small a buffer: cut and terminated, the needed length returned. */
	assert_int_equal(lg_csv_line(line, 10, "v2, \"fork\"", &opt, &res), (int)strlen("\"v2, \"\"fork\"\"\"") +
			 (int)strlen(",req,64,64,2.000,64,200000,12800000,32.0,100000.0,6.400,12.3,99.9,1500.0,0,64,3"));
	assert_int_equal(strlen(line), 9);
	assert_int_equal(lg_csv_line(NULL, 0, "v3", &opt, &res), len);
	assert_string_equal(lg_mode_name(LG_RATE), "rate");
	assert_string_equal(lg_mode_name(LG_STREAM), "stream");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_args_has_the_documented_defaults),
		cmocka_unit_test(parse_args_takes_every_option_short_and_long),
		cmocka_unit_test(parse_args_refuses_bad_values_with_a_reason),
		cmocka_unit_test(parse_args_refuses_hosts_off_this_machine),
		cmocka_unit_test(loopback_addr_takes_127_8_and_ipv6_loopback),
		cmocka_unit_test(parse_bytes_and_seconds_take_their_forms_only),
		cmocka_unit_test(pattern_is_one_periodic_sequence_from_any_entry),
		cmocka_unit_test(shifts_differ_between_requests_and_connections),
		cmocka_unit_test(verify_finds_the_first_wrong_byte),
		cmocka_unit_test(histogram_is_exact_below_256_ns),
		cmocka_unit_test(histogram_percentiles_are_within_0_4_percent),
		cmocka_unit_test(csv_has_the_17_columns_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of the given code the network labs share (labs/common):
 * parse_port() and the lab 03 set-up given to labs 04 and 05 (listen_on,
 * bound_port). Students build on these contracts without reading them, so
 * they are held to them here. Built and run by tests/unit/Makefile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "listener.h"

static void parse_port_takes_plain_decimals_in_range(void **state)
{
    (void)state;
    assert_int_equal(parse_port("0", 0), 0);
    assert_int_equal(parse_port("5555", 1), 5555);
    assert_int_equal(parse_port("65535", 1), 65535);
    assert_int_equal(parse_port("0", 1), -1);      /* a client needs a real port */
    assert_int_equal(parse_port("65536", 0), -1);
    assert_int_equal(parse_port("", 0), -1);
    assert_int_equal(parse_port("80x", 0), -1);
    assert_int_equal(parse_port("-1", 0), -1);
    assert_int_equal(parse_port("+80", 0), -1);
    assert_int_equal(parse_port(" 80", 0), -1);
    assert_int_equal(parse_port("99999999999999999999", 0), -1);
}

static void parse_count_takes_plain_decimals_from_0(void **state)
{
    (void)state;
    assert_int_equal(parse_count("0"), 0);
    assert_int_equal(parse_count("100"), 100);
    assert_int_equal(parse_count("2147483647"), 2147483647);
    assert_int_equal(parse_count("2147483648"), -1);
    assert_int_equal(parse_count(""), -1);
    assert_int_equal(parse_count("-1"), -1);
    assert_int_equal(parse_count("+5"), -1);
    assert_int_equal(parse_count("5 "), -1);
    assert_int_equal(parse_count("ten"), -1);
}

/* A socket option as an int. */
static int int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof value;

    assert_int_equal(getsockopt(fd, level, name, &value, &len), 0);
    return value;
}

static void listen_on_port_0_listens_on_a_chosen_port_with_reuseaddr(void **state)
{
    const char *failed = NULL;
    int fd = listen_on(0, &failed);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(int_option(fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
    assert_int_equal(int_option(fd, SOL_SOCKET, SO_REUSEADDR), 1);
    assert_true(bound_port(fd) > 0);
    close(fd);
}

static void listen_on_a_taken_port_fails_on_binding(void **state)
{
    const char *failed = NULL;
    int first = listen_on(0, &failed), second;

    (void)state;
    assert_true(first >= 0);
    errno = 0;
    second = listen_on(bound_port(first), &failed);
    assert_int_equal(second, -1);
    assert_int_equal(errno, EADDRINUSE);
    assert_string_equal(failed, "ERROR on binding");
    close(first);
}

static void bound_port_of_a_closed_descriptor_is_an_error(void **state)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    (void)state;
    close(fd);
    errno = 0;
    assert_int_equal(bound_port(fd), -1);
    assert_int_equal(errno, EBADF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_port_takes_plain_decimals_in_range),
        cmocka_unit_test(parse_count_takes_plain_decimals_from_0),
        cmocka_unit_test(listen_on_port_0_listens_on_a_chosen_port_with_reuseaddr),
        cmocka_unit_test(listen_on_a_taken_port_fails_on_binding),
        cmocka_unit_test(bound_port_of_a_closed_descriptor_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

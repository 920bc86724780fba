/* args.c: see args.h. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "args.h"

/* The whole decimal number in text if it lies in [lowest, highest], else -1. */
static long parse_decimal(const char *text, long lowest, long highest)
{
    char *end;
    long value;

    /* strtol alone accepts leading spaces and a sign: allow digits only. */
    if (!isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < lowest || value > highest)
        return -1;
    return value;
}

int parse_port(const char *text, int lowest)
{
    return (int)parse_decimal(text, lowest, 65535);
}

int parse_count(const char *text)
{
    return (int)parse_decimal(text, 0, INT_MAX);
}

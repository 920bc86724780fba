/* args.c: see args.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "args.h"

int parse_port(const char *text, int lowest)
{
    char *end;
    long port;

    /* strtol alone accepts leading spaces and a sign: allow digits only. */
    if (!isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    port = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || port < lowest || port > 65535)
        return -1;
    return (int)port;
}

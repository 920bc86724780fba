# Rules shared by every lab's Makefile. A lab's Makefile sets PROGRAMS,
# names each program's objects (e.g. `echo: echo.o echo_driver.o`, or
# `server: server.o ../common/echo.o ../common/args.o` for given code that
# several labs share, kept in labs/common/) and includes this file. The grader builds with these same rules, so what
# compiles here is what gets graded.
#
# A lab with unit tests also sets UNIT (the test binary, built from
# harness/<lab>/<UNIT>.c), UNIT_WRAP (functions the tests intercept with
# --wrap) and names the student files it links (e.g. `unit_echo: echo.c`).
# `make unit` builds it: the grader's unit tests, to run by hand.
CC     ?= cc
CFLAGS ?= -g -O2
# override: `make CFLAGS=-O0` adds to these instead of replacing them.
override CFLAGS += -std=gnu11 -Wall -Wextra -I../common
KIT    ?= ../..
LAB    := $(notdir $(CURDIR))
comma  := ,

.PHONY: all unit clean
all: $(PROGRAMS)
unit: $(UNIT)

$(PROGRAMS):
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# -O0 -U_FORTIFY_SOURCE: fortified read() becomes __read_chk, which --wrap
# does not intercept.
ifneq ($(UNIT),)
$(UNIT): $(KIT)/harness/$(LAB)/$(UNIT).c $(KIT)/harness/unit/unit.c
	$(CC) -std=gnu11 -Wall -Wextra -O0 -U_FORTIFY_SOURCE -g -I. -I../common -I$(KIT)/harness/unit \
		$^ -lcmocka $(UNIT_WRAP:%=-Wl$(comma)--wrap=%) -o $@
endif

# Only the ../common objects that have their source beside them: a student
# kit may ship one compiled instead (echo.o, whose source is lab 01's
# answer), and make clean must not delete what cannot be rebuilt.
clean:
	rm -f $(PROGRAMS) $(UNIT) *.o $(patsubst %.c,%.o,$(wildcard ../common/*.c))

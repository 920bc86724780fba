# socklab: a C teaching kit for Unix processes and sockets. See README.md.
#   make                  build every lab in labs/ (your work)
#   make grade [LAB=id] [SRC=dir]   grade your work (or SRC's) lab by lab
#   make test             the kit's own tests (maintainers)
#   make bench            how long grading takes (median of several runs)
#   make clean
LAB ?=
SRC ?= labs
LABS := $(patsubst labs/%/Makefile,%,$(wildcard labs/[0-9]*/Makefile))
SANDBOX_SRC := $(wildcard harness/sandbox/*.c) harness/sandbox/sandbox.h

.PHONY: all grade test bench clean
all:
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab || exit 1; done

build/sandbox: $(SANDBOX_SRC)
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $(filter %.c,$^)

# Lab 06's signal_safe check preloads it into the student's program.
build/signal_safety.so: harness/preload/signal_safety.c
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -shared -fPIC -o $@ $< -ldl

grade:
	harness/grade --src $(SRC) $(LAB)

test:
	tests/run

bench:
	tests/bench

clean:
	rm -rf build .transcripts
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab clean; done

# socklab: a C teaching kit for Unix processes and sockets. See README.md.
#   make                  build every lab in labs/ (your work)
#   make grade [LAB=id] [SRC=dir]   grade your work (or SRC's) lab by lab
#   make test             the kit's own tests (maintainers)
#   make trace LAB=id [SRC=dir]     the lab's program traced: who calls what, in columns
#   make watch LAB=id     regrade on every save, showing what changed
#   make hint LAB=id      the next hint for each check that failed
#   make progress         which labs and checks pass, from your last gradings
#   make demo LAB=id [SRC=dir]      the lab's scenario step by step, for a lecture (tmux)
#   make handouts         the handouts as web pages, in build/handouts/
#   make loadgen          the load generator, build/loadgen (lab 10)
#   make perf [SRC=dir]   lab 10: every server version under load, a table and plots in build/perf/
#   make test-browser     the handout pages checked in headless Chromium (maintainers)
#   make bench            how long grading takes (median of several runs)
#   make dist [LABS=...]  the student kit (no solutions), in build/
#   make gradescope / make autolab   hosted graders' files, in build/
#   make clean
LAB ?=
SRC ?= labs
LABS := $(patsubst labs/%/Makefile,%,$(wildcard labs/[0-9]*/Makefile))
SANDBOX_SRC := $(wildcard harness/sandbox/*.c) harness/sandbox/sandbox.h

.PHONY: all tools grade test bench clean dist gradescope autolab trace watch hint progress demo handouts test-browser loadgen perf
all:
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab || exit 1; done

# What the grader and its tools run on, built by their wrappers (harness/grade,
# watch, demo, trace, grade-batch) before they start.
tools: build/sandbox build/signal_safety.so build/socklab_signals.so

build/sandbox: $(SANDBOX_SRC)
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $(filter %.c,$^)

# Lab 06's signal_safe check preloads it into the student's program.
build/signal_safety.so: harness/preload/signal_safety.c
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -shared -fPIC -o $@ $< -ldl

# The kit's expect programs load it for their signal handlers
# (harness/lib/signals.tcl): expect's own trap can deadlock a threaded Tcl.
TCL_FLAGS = $(shell pkg-config --cflags tcl 2>/dev/null || echo -I/usr/include/tcl8.6)
build/socklab_signals.so: harness/signals/signals.c
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -shared -fPIC $(TCL_FLAGS) -DUSE_TCL_STUBS -o $@ $< -ltclstub8.6 -lpthread

# The load generator (lab 10, and the perf script's only client).
LOADGEN_SRC := $(wildcard harness/loadgen/*.c) $(wildcard harness/loadgen/*.h)
loadgen: build/loadgen
build/loadgen: $(LOADGEN_SRC)
	$(call lab10_only,harness/loadgen/loadgen.c)
	@mkdir -p build
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $(filter %.c,$^) -lm

grade:
	harness/grade --src $(SRC) $(LAB)

# The teaching tools. LAB is required where a tool works on one lab.
need_lab = @[ -n "$(LAB)" ] || { echo "make $@: name the lab, e.g. make $@ LAB=03-server-v1" >&2; exit 2; }

trace:
	$(need_lab)
	harness/trace --src $(SRC) $(LAB)

watch:
	$(need_lab)
	harness/watch --src $(SRC) $(LAB)

hint:
	$(need_lab)
	harness/hint $(LAB)

progress:
	harness/progress

demo:
	$(need_lab)
	harness/demo --src $(SRC) $(LAB)

handouts:
	harness/handouts/build

perf:
	$(call lab10_only,harness/perf/run)
	harness/perf/run --src $(SRC)

# A student kit without a server lab has no lab 10 (harness/dist).
lab10_only = @[ -e $(1) ] || { echo "make $@: lab 10 (make perf) is not part of this kit" >&2; exit 2; }

test-browser:
	$(call maintainers_only,tests/browser/run)
	tests/browser/run

# The maintainers' targets run scripts that the student kit (make dist) does
# not ship; there they say so instead of failing obscurely.
maintainers_only = @[ -x $(1) ] || { echo "make $@: not part of the student kit" >&2; exit 2; }

test:
	$(call maintainers_only,tests/run)
	tests/run

bench:
	$(call maintainers_only,tests/bench)
	tests/bench

# The student kit: `make dist [LABS="01-echo-io 02-client"]` (default: all).
dist:
	$(call maintainers_only,harness/dist)
	harness/dist $(if $(filter command line,$(origin LABS)),$(LABS))

# Hosted graders: the Gradescope autograder zip and the Autolab files.
gradescope:
	$(call maintainers_only,harness/hosted/gradescope/build)
	harness/hosted/gradescope/build
autolab:
	$(call maintainers_only,harness/hosted/autolab/build)
	harness/hosted/autolab/build

clean:
	rm -rf build .transcripts
	@for lab in $(LABS); do $(MAKE) -s -C labs/$$lab clean; done

#!/usr/bin/env bash
# setup.sh: Gradescope runs it once, as root on Ubuntu, when it builds the
# autograder's image, from /autograder/source (the unpacked zip). Installs
# the packages grading needs (harness/lib/deps.sh: gcc, make, expect,
# tcllib, libcmocka-dev) and builds the sandbox, so that grading starts at
# once.
set -eu
cd "$(dirname "$0")"
chmod +x run_autograder harness/grade harness/lib/deps.sh harness/hosted/lib/grade-labs \
	harness/hosted/lib/hide-and-exec harness/hosted/lib/bin/make
harness/lib/deps.sh grade
make -s build/sandbox build/signal_safety.so
echo "socklab: autograder ready ($(build/sandbox probe))"

#!/usr/bin/env bash
# setup.sh: Gradescope runs it once, as root on Ubuntu, when it builds the
# autograder's image, from /autograder/source (the unpacked zip). Installs
# the packages grading needs (harness/lib/deps.sh: gcc, make, expect,
# tcllib, tcl-dev, libcmocka-dev) and builds the sandbox and the grader's
# signal handlers (make tools), so that grading starts at once.
set -eu
cd "$(dirname "$0")"
chmod +x run_autograder harness/grade harness/lib/deps.sh harness/hosted/lib/grade-labs \
	harness/hosted/lib/hide-and-exec harness/hosted/lib/bin/make
harness/lib/deps.sh grade
make -s tools
echo "socklab: autograder ready ($(build/sandbox probe))"

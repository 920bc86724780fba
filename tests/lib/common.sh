# tests/lib/common.sh: what the kit's test scripts share, sourced from the
# kit's folder with $kit set: their result lines, a lab's student file, and
# the processes of a grading's run users.

passed=0 failed=0
failure_lines=()  # each failure's name and the first line of its first reason

# One result line each, in the format tests/run reads from every part:
# pass WHAT; fail WHAT REASON... (every line of every REASON indented under
# WHAT); skip WHAT WHY.
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() {
	failed=$((failed + 1))
	failure_lines+=("$1${2:+: ${2%%$'\n'*}}")
	echo "FAIL  $1"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/      /'
}
skip() { echo "SKIP  $1 (skipped: $2)"; }

# The lab a file of the kit belongs to (tests/mutants/LAB/x.c, solutions/LAB/x.c).
lab_of() { basename "$(dirname "$1")"; }

. "$kit/harness/lib/labs.sh"  # student_file LAB

# How many run users one grading may have: root runs each program as uid
# SOCKLAB_UID_BASE + the supervisor's pid, and pid_max is at most 2^22.
run_users=4194304

# run_processes FIRST LAST: the pids of processes of run users FIRST..LAST,
# one a line. A non-root grader's programs keep its uid: for it, any
# process running a file of a grader's build folder (/tmp/socklab.*).
run_processes() {
	local first=$1 last=$2 me p exe
	me=$(id -u)
	# One awk over every status file: a process that ends meanwhile is
	# only a file that cannot be read (2>/dev/null).
	awk -v first="$first" -v last="$last" -v me="$me" '
		FNR == 1 { seen = 0 }
		/^Uid:/ && !seen { seen = 1
			if ($2 + 0 >= first + 0 && $2 + 0 <= last + 0 && $2 != me) {
				split(FILENAME, part, "/"); print part[3] }
			nextfile }' /proc/[0-9]*/status 2>/dev/null
	[ "$me" = 0 ] && return 0
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null)
		[[ $exe == /tmp/socklab.* ]] && echo "${p#/proc/}"
	done
}

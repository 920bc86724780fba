# tests/lib/common.sh: what the kit's test scripts share, sourced from the
# kit's folder: their result lines, a lab's student file, and the processes
# of a grading's run users.

passed=0 failed=0

# One result line each, in the format tests/run reads from every part:
# pass WHAT; fail WHAT REASON... (every line of every REASON indented under
# WHAT); skip WHAT WHY.
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/      /'; }
skip() { echo "SKIP  $1 (skipped: $2)"; }

# The lab a file of the kit belongs to (tests/mutants/LAB/x.c, solutions/LAB/x.c).
lab_of() { basename "$(dirname "$1")"; }

# The file a student hands in for LAB, as its checks name it.
student_file() { sed -n 's/^ *student \(.*\)$/\1/p' "harness/$1/checks.exp"; }

# How many run users one grading may have: root runs each program as uid
# SOCKLAB_UID_BASE + the supervisor's pid, and pid_max is at most 2^22.
run_users=4194304

# run_processes FIRST LAST: the pids of processes of run users FIRST..LAST,
# one a line. A non-root grader's programs keep its uid: for it, any
# process running a file of a grader's build folder (/tmp/socklab.*).
run_processes() {
	local first=$1 last=$2 me p uid exe
	me=$(id -u)
	for p in /proc/[0-9]*; do
		uid=$(awk '/^Uid:/ {print $2; exit}' "$p/status" 2>/dev/null) || continue
		exe=$(readlink "$p/exe" 2>/dev/null)
		if { [ -n "$uid" ] && [ "$uid" -ge "$first" ] && [ "$uid" -le "$last" ] && [ "$uid" != "$me" ]; } ||
			{ [ "$me" != 0 ] && [[ $exe == /tmp/socklab.* ]]; }; then
			echo "${p#/proc/}"
		fi
	done
}

# harness/lib/labs.sh: what the kit's bash scripts read of a lab from its
# checks (harness/LAB/checks.exp). Sourced by a script that has set $kit to
# the kit's root folder.

# student_file LAB: the file a student hands in for LAB, as its checks name
# it (the `student FILE` line).
student_file() { sed -n 's/^ *student \(.*\)$/\1/p' "$kit/harness/$1/checks.exp"; }

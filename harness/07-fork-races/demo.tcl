# Lab 07's live demo (harness/demo): ./fork 5 on a terminal, on a pipe and
# into a file. The lines of parent and child may interleave differently
# each time, but none is printed twice; the trace shows why: one write()
# per line on a terminal, one per buffer on a pipe or file.
panes {{{shell terminal} trace}}

step {./fork 5 on the terminal} {
    traced shell "./fork 5"
    exits shell 0
    once shell forking
    sees shell "parent: 4"
    sees shell "child: -4"
}
step {./fork 5 | cat: stdout is now a pipe} {
    traced shell "./fork 5" "| cat"
    exits shell 0
    once shell forking -note "flushed before fork(), so the child's copy of the buffer is empty"
    sees shell "parent: 4"
    sees shell "child: -4"
}
step {./fork 5 > out.txt; cat out.txt: stdout is a file} {
    traced shell "./fork 5" "> out.txt; cat out.txt"
    exits shell 0
    once shell forking
    sees shell "parent: 4"
    sees shell "child: -4"
}

# Lab 01's live demo (harness/demo): ./echo, whose parent (client) and child
# (server) talk through a socketpair as through a file; the trace shows the
# read()s and write()s on both ends.
panes {{echo trace}}

step {start ./echo: socketpair(), fork(); the child runs server(), the parent client()} {
    traced echo ./echo
    sees echo "REQ:" -note "the parent's prompt"
    children echo 1 -note "the child, which runs server()"
}
step {type a line: hello} {
    type echo hello
    answered echo hello -copies 3 -note "typed, printed by the child's server(), echoed by client()"
}
step {type another line} {
    type echo "communication looks like file I/O"
    answered echo "communication looks like file I/O" -copies 3
}
step {end of input: ^D} {
    key echo C-d
    exits echo 0 -note "the parent closed its end, the child read end of file, and the parent waited for it"
}

# Lab 06's live demo (harness/demo): ./infloop stopped by ^C from its
# terminal, then by kill -INT from another one; each time its handler says
# so and ends it with status 1.
panes {{infloop trace} {{shell "another terminal"}}}

step {start ./infloop} {
    traced infloop ./infloop
    catches infloop INT -note "the handler is installed before the loop"
}
step {press ^C: the terminal sends SIGINT to the program} {
    key infloop C-c
    sees infloop "Caught signal 2 - phew!"
    exits infloop 1 -note "the handler ended it with status 1"
}
step {start ./infloop again} {
    traced infloop ./infloop
    catches infloop INT
}
step {from another terminal: kill -INT [program_pid infloop]} {
    signal_from shell INT infloop
    sees infloop "Caught signal 2 - phew!"
    exits infloop 1
}

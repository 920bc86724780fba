# Lab 02's live demo (harness/demo): ./client against the kit's echo server
# (harness/lib/demo_peer.tcl), which then goes away; then a host that does
# not exist, only inside a private network, where looking it up sends
# nothing (outside one it would ask the DNS server).
panes {{client trace} {{server "echo server"}}}

step {start an echo server (the kit's, in Tcl) on port $port} {
    run server "echo_server $port"
    sees server "listening on port $port"
}
step {the client connects: ./client 127.0.0.1 $port} {
    traced client "./client 127.0.0.1 $port"
    sees client "Connected to 127.0.0.1:$port"
    sees server "connection from" -note "the server sees the connection"
}
step {type a line} {
    type client "hello, server"
    answered client "hello, server"
}
step {the server goes away: ^C in its pane} {
    key server C-c
    exits server
    blocked client read -note "the client does not know yet: it waits in fgets() for the next line"
}
step {type another line: the client finds the server gone} {
    type client "are you there?"
    sees client ERROR
    exits client 1
}
step {a host that does not exist: ./client nosuchhost.invalid 80} {
    if {$private_network} {
        traced client "./client nosuchhost.invalid 80"
        sees client "ERROR, no such host"
        exits client 1
    } else {
        skipped "outside a private network, looking the name up would ask your DNS server"
    }
}

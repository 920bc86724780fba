# Lab 04's live demo (harness/demo): the server labs' scenario
# (harness/lib/demo_servers.tcl) on v2: a child serves each client, but the
# parent waits for it (wait4 in ps), so client 2 is answered only when
# client 1 leaves.
server_scenario v2

# Lab 05's live demo (harness/demo): the server labs' scenario
# (harness/lib/demo_servers.tcl) on v3: a child per client and no waiting,
# so both clients are served at once, and each child is reaped as it exits.
server_scenario v3

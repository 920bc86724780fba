# Lab 08's live demo (harness/demo): the server labs' scenario
# (harness/lib/demo_servers.tcl) with a thread per client: both clients
# are served at once, and a thread that ends is gone without a join.
server_scenario threads

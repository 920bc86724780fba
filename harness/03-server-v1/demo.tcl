# Lab 03's live demo (harness/demo): the server labs' scenario
# (harness/lib/demo_servers.tcl) on v1, which serves one client at a time:
# client 2 is answered only when client 1 leaves.
server_scenario v1

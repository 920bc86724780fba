# Lab 09's live demo (harness/demo): the server labs' scenario
# (harness/lib/demo_servers.tcl) on the event loop: one thread in poll()
# serves both clients at once, with no child and no thread.
server_scenario loop

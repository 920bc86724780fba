# signals.tcl: what the kit's expect programs do when a signal comes (^C,
# a batch's time limit, a hosted engine stopping them, the terminal
# closing). expect's own `trap` runs its handler through Tcl_AsyncMark,
# which can deadlock a threaded Tcl (harness/signals/signals.c says how);
# signal_trap COMMAND SIGNALS, from build/socklab_signals.so, calls
# COMMAND with the signal's number appended, safely. Each program's
# wrapper builds it first (make build/socklab_signals.so). Needs $::kit.
load [file join $::kit build socklab_signals.so] Socklab_signals

# exit_on_signal SCRIPT: on SIGINT, SIGTERM or SIGHUP, runs SCRIPT (at
# global level), then exits with 128 + the signal's number, as a shell
# reports a program a signal ended.
proc exit_on_signal {script} {
    signal_trap [list apply {{script sig} {
        uplevel #0 $script
        exit [expr {128 + $sig}]
    }} $script] {SIGINT SIGTERM SIGHUP}
}

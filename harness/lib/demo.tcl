# demo.tcl: a lab's live demo, step by step, for a lecture. Run by
# harness/demo (which checks the packages and, where it can, puts us in a
# private network where only loopback exists):
#
#   harness/demo [--src DIR] [--auto] [--plain] LAB
#
# It builds LAB from DIR as the grader does, picks a free port, then plays
# the lab's scenario (harness/LAB/demo.tcl), one step per key press:
# - in tmux, on a terminal: the programs' panes, a trace pane and the
#   demo's own pane at the bottom, on a private tmux server. That pane runs
#   this same script as the controller (--controller WORK);
# - otherwise (no tmux, SOCKLAB_DEMO_PLAIN=1, --plain, --auto, or no
#   terminal) as a plain transcript: each step's caption, then what each
#   pane printed, labelled. It waits for Enter between steps only on a
#   terminal and without --auto.
# Whatever ends it (the end and q, ^C, the terminal closing, a signal), it
# kills every process it started and its tmux server, and restores the
# terminal.
#
# Exit status: 0 every effect came as the scenario expects, 1 some did not
# (or the lab does not build), 2 the demo could not run.

package require cmdline

set kit [file normalize [file join [file dirname [info script]] .. ..]]
foreach part {signals procfs peers trace build labs demo_panes demo_steps demo_servers} {
    source [file join $kit harness lib $part.tcl]
}

set usage "usage: harness/demo \[--src DIR\] \[--auto\] \[--plain\] LAB"

proc usage_error {message} {
    puts stderr "demo: $message"
    puts stderr $::usage
    exit 2
}

# Every lab that has a scenario.
proc demo_labs {} {
    lmap f [lsort [glob -nocomplain -directory [file join $::kit harness] {[0-9]*/demo.tcl}]] {
        file tail [file dirname $f]
    }
}

# Reads the command line into globals; returns the lab.
proc parse_command_line {argv} {
    set options {
        {src.arg labs}
        {auto}
        {plain}
        {private-network.arg 0}
        {controller.arg ""}
    }
    if {[catch {cmdline::getoptions argv $options ""} parsed]} {
        usage_error "unknown option or missing value"
    }
    set ::src [dict get $parsed src]
    set ::auto [dict get $parsed auto]
    set ::plain [expr {[dict get $parsed plain] || [dict get $parsed auto] ||
                       ([info exists ::env(SOCKLAB_DEMO_PLAIN)] && $::env(SOCKLAB_DEMO_PLAIN) eq "1")}]
    set ::private_network [dict get $parsed private-network]
    set ::controller [dict get $parsed controller]
    if {$::controller ne ""} {
        return ""
    }
    if {[llength $argv] != 1} {
        usage_error "name one lab (the labs are: [join [demo_labs] {, }])"
    }
    set lab [lindex $argv 0]
    if {$lab ni [demo_labs]} {
        usage_error "no lab named '$lab' has a demo (the labs are: [join [demo_labs] {, }])"
    }
    if {![file isdirectory $::src]} {
        usage_error "--src $::src: no such folder"
    }
    return $lab
}


# The line client the server scenarios type: OpenBSD's nc, which can shut
# down its sending side at end of input (-N), or the kit's own.
proc line_client {} {
    if {![catch {exec sh -c {nc -h 2>&1 | grep -q OpenBSD}}]} {
        return "nc -N"
    }
    return line_client
}

# 1 when COMMAND is on the PATH.
proc have {command} {
    return [expr {[auto_execok $command] ne ""}]
}

# 1 when CHANNEL is a terminal (only a terminal channel has -mode).
proc is_terminal {channel} {
    return [expr {![catch {fconfigure $channel -mode}]}]
}

# What the controller needs to know, as a script it sources.
proc write_settings {} {
    set script {}
    foreach name {lab src build rc port private_network have_strace nc strace_options socket} {
        lappend script [list set ::$name [set ::$name]]
    }
    write_file [file join $::work settings.tcl] [join $script \n]
}

# Loads the lab's scenario into ::scenario with what its steps may use.
proc load_scenario {} {
    set ::scenario::lab [dict get $::lab id]
    set ::scenario::port $::port
    set ::scenario::nc $::nc
    set ::scenario::private_network $::private_network
    set ::scenario::version ""
    namespace eval ::scenario [list source [file join $::kit harness [dict get $::lab id] demo.tcl]]
}

# ---- everything the demo started, and how it all ends ----

# The processes the demo started: those in the sessions of its panes'
# shells, any process running a program of the build folder (also one
# that left its session with setsid), and their descendants. Zombies are
# dead already.
proc demo_processes {} {
    set sessions {}
    foreach file [glob -nocomplain -directory [prompts_folder] *] {
        lappend sessions [lindex [proc_read $file] 0]
    }
    set found {}
    foreach dir [glob -nocomplain -directory /proc {[0-9]*}] {
        set pid [file tail $dir]
        set fields [stat_fields $pid]
        if {$pid == [pid] || [lindex $fields 0] in {Z ""}} {
            continue
        }
        if {[lindex $fields 3] in $sessions ||
            [string first $::build/ [exe_of $pid]] == 0} {
            lappend found {*}[process_tree $pid]
        }
    }
    return [lsort -unique -integer $found]
}

# Kills (SIGKILL) every process the demo started, and their process
# groups, until none is left (a second round catches what forked meanwhile).
proc stop_everything {} {
    set own_group [lindex [stat_fields [pid]] 2]
    for {set round 0} {$round < 100} {incr round} {
        set pids [demo_processes]
        if {![llength $pids]} {
            return
        }
        set targets $pids
        foreach pid $pids {
            set group [lindex [stat_fields $pid] 2]
            if {$group ne "" && $group != $own_group} {
                lappend targets -$group
            }
        }
        catch {exec bash -c {kill -KILL -- "$@" 2>/dev/null; :} bash {*}[lsort -unique $targets] </dev/null}
        after 10
    }
}

# Ends the demo: stops everything, closes the panes, restores the
# terminal and removes the work folder. Safe to call twice.
proc finish_demo {} {
    if {[info exists ::finished]} {
        return
    }
    set ::finished 1
    # Nothing interrupts the cleaning up: in tmux, ending the server
    # hangs up the controller's own pane.
    trap SIG_IGN {SIGINT SIGTERM SIGHUP}
    stop_everything
    restore_terminal
    catch {$::backend\::finish}
    if {$::controller eq ""} {
        file delete -force $::work
    }
}

# On a terminal the demo reads single keys, unechoed; this undoes it.
proc take_keys {} {
    set ::saved_stty [exec stty -g <@stdin]
    exec stty -icanon -echo min 1 <@stdin
    fconfigure stdin -blocking 0 -buffering none
}

proc restore_terminal {} {
    if {[info exists ::saved_stty]} {
        catch {exec stty $::saved_stty <@stdin}
    }
}

# ^C, a signal, the terminal closing: end as q does, with 128 + signal.
# A controller hung up has lost its pane to the tmux client's parent,
# which is ending the demo and says how.
proc on_signal {sig} {
    set code [expr {128 + $sig}]
    if {$::controller ne "" && $sig != 1} {
        record_status $code
    }
    finish_demo
    exit $code
}

# The controller's exit status, for the tmux client's parent to exit with.
proc record_status {status} {
    write_file [file join $::work status] $status
}

# Plays the scenario in this process; returns the exit status.
proc play_here {} {
    signal_trap on_signal {SIGINT SIGTERM SIGHUP}
    if {$::interactive} {
        take_keys
    }
    load_scenario
    if {[catch {demo::play} missed options] &&
        [dict get $options -errorcode] ne "DEMO_QUIT"} {
        set ::failure [dict get $options -errorinfo]
        return 2
    }
    # Quit (q) or at the end: what counts is the effects of the steps played.
    return [expr {$demo::missed ? 1 : 0}]
}

# ---- the two modes ----

# Plain: the transcript, in this process.
proc run_plain {} {
    set ::backend plain
    set ::interactive [expr {!$::auto && [is_terminal stdin] && [is_terminal stdout]}]
    set status [play_here]
    finish_demo
    if {[info exists ::failure]} {
        puts stderr "demo: $::failure"
    }
    return $status
}

# The private tmux server's settings (none of the user's): each pane's
# title on its border, the lab and port on the status line, and history
# enough for a whole demo. Returns the file's path.
proc write_tmux_conf {} {
    set conf [file join $::work tmux.conf]
    write_file $conf [join [list \
        "set -g status-left '\[socklab\] '" \
        "set -g status-right '[dict get $::lab id], port $::port '" \
        "set -g pane-border-status top" \
        "set -g pane-border-format ' #{pane_title} '" \
        "set -g history-limit 50000" \
        "set -s escape-time 10"] \n]
    return $conf
}

proc write_file {path text} {
    set f [open $path w]
    puts $f $text
    close $f
}

# tmux: a private server whose first pane runs the controller; this
# process is the tmux client's parent, and cleans up after it.
proc run_tmux {} {
    set conf [write_tmux_conf]
    write_settings
    set ::backend tmux
    signal_trap on_signal {SIGINT SIGTERM SIGHUP}
    set ::saved_stty [exec stty -g <@stdin]
    set controller [list exec expect -f [file join $::kit harness lib demo.tcl] -- --controller $::work]
    set client [exec env -u TMUX tmux -L $::socket -f $conf new-session -s socklab \
        -n [dict get $::lab id] [join $controller] <@stdin >@stdout 2>@stderr &]
    # Waiting in a loop, not in exec, lets a signal end the demo at once.
    while {[process_state $client] ni {Z ""}} {
        after 50
    }
    set failure [proc_read [file join $::work error]]
    set status [string trim [proc_read [file join $::work status]]]
    finish_demo
    if {$failure ne ""} {
        puts stderr "demo: $failure"
    }
    if {$status eq ""} {
        puts stderr "demo: the demo's own pane ended before the demo did"
        return 2
    }
    return $status
}

# The controller, in the demo's own pane: plays the scenario, then ends
# the tmux server (and with it this pane).
proc run_controller {} {
    set ::work $::controller
    source [file join $::work settings.tcl]
    set ::backend tmux
    set ::interactive 1
    set status [play_here]
    if {[info exists ::failure]} {
        write_file [file join $::work error] $::failure
    }
    record_status $status
    finish_demo
    return $status
}

proc main {argv} {
    set lab [parse_command_line $argv]
    if {$::controller ne ""} {
        return [run_controller]
    }
    # The lab as build_lab needs it, without the unit tests: a demo runs
    # the program only.
    set ::lab [dict replace [dict get [lab_declaration $lab] lab] unit ""]
    set ::work [exec mktemp -d /tmp/socklab-demo-[pid].XXXXXX]
    set ::werror 0
    set ::socket socklab-demo-[pid]
    set built [build_lab]
    if {[dict get $built outcome] ne "PASS"} {
        puts "demo: $lab does not build: [dict get $built why]"
        if {[dict exists $built output]} {
            puts [dict get $built output]
        }
        file delete -force $::work
        return 1
    }
    if {[dict get $built warnings] ne ""} {
        puts "demo: the compiler warns:\n[dict get $built warnings]"
    }
    set ::port [free_port]
    set ::have_strace [have strace]
    set ::nc [line_client]
    set ::strace_options [strace_options]
    set ::rc [shell_rc]
    if {!$::plain && [have tmux] && [is_terminal stdin] && [is_terminal stdout]} {
        return [run_tmux]
    }
    if {!$::plain && ![have tmux]} {
        puts "demo: tmux is not installed: the steps come one after the other instead"
    }
    return [run_plain]
}

exit [main $argv]

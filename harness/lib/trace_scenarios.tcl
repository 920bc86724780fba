# trace_scenarios.tcl: for each lab, the short session that a trace records
# (harness/trace, and the grader when a server check fails), and which of
# the trace's findings are mistakes in that lab. A scenario drives the
# program with the checks' own helpers; the program runs under strace in the
# sandbox (see traced_by in programs.tcl), the grader's peers log what they
# do (peer_log in peers.tcl), and trace.tcl merges the two.

# lab -> program (the traced process's name in the picture), scenario (a
# proc), and mistakes (the finding ids that are bugs in this lab: the
# other findings are facts, such as a v3 parent accepting while its
# children still serve).
set trace_labs {
    01-echo-io    {program echo    scenario trace_echo_io mistakes {}}
    02-client     {program client  scenario trace_client  mistakes {}}
    03-server-v1  {program server  scenario trace_server
                   mistakes {connection_not_closed no_reuseaddr accept_interrupted_exits}}
    04-server-v2  {program server  scenario trace_server
                   mistakes {child_keeps_listener parent_keeps_connection parent_accepts_while_child_runs
                             child_not_reaped child_accepts parent_serves connection_not_closed
                             no_reuseaddr}}
    05-server-v3  {program server  scenario trace_server
                   mistakes {child_keeps_listener parent_keeps_connection parent_blocks_in_wait
                             child_not_reaped child_accepts parent_serves connection_not_closed
                             no_reuseaddr accept_interrupted_exits}}
    08-threads    {program server  scenario trace_server
                   mistakes {connection_not_closed no_reuseaddr}}
    09-event-loop {program server  scenario trace_server
                   mistakes {connection_not_closed no_reuseaddr}}
    06-signals    {program infloop scenario trace_signals mistakes {}}
    07-fork-races {program fork    scenario trace_fork    mistakes {}}
}

# check id -> the findings that explain its failure, shown in its report.
set trace_explains {
    closes                   {connection_not_closed}
    many                     {parent_keeps_connection connection_not_closed}
    restart                  {no_reuseaddr}
    child_serves             {parent_serves}
    child_closes_listener    {child_keeps_listener}
    parent_closes_connection {parent_keeps_connection}
    parent_waits             {parent_accepts_while_child_runs}
    queued                   {parent_accepts_while_child_runs}
    no_zombies               {child_not_reaped}
    burst_reaped             {child_not_reaped}
    concurrent               {parent_blocks_in_wait}
    ten                      {parent_blocks_in_wait}
    eintr                    {accept_interrupted_exits}
    kill_child               {child_accepts}
}

# The pid of the traced program itself (strace's child), once it runs;
# "" when it never does. Not just any child of strace: at start strace
# forks short-lived children of its own to probe ptrace's features.
proc traced_pid {h} {
    set pid ""
    wait_until {[set pid [program_child $h]] ne "" || [program_ended $h]} [positive_ms] 5
    return $pid
}

# The child of run H's strace that has become the program (it no longer
# runs strace's code), or "".
proc program_child {h} {
    if {[program_pid $h] eq ""} {
        return ""
    }
    foreach child [children_of [program_pid $h]] {
        if {[string trim [proc_read /proc/$child/comm]] ni {strace ""}} {
            return $child
        }
    }
    return ""
}

# Logs an action of the grader's own on the program (a signal it sends).
proc trace_grader_does {what detail} {
    if {$::peer_log_on} {
        lappend ::peer_log [list [clock microseconds] "the grader" $what "" $detail]
    }
}

# The servers (v1, v2, v3, threads, the event loop): two clients, the
# second arriving while the first is served. v1 and v2 make it wait, v3 serves it at once: the
# picture shows who serves whom, who waits, and who closes what.
proc trace_server {} {
    lassign [server_on] h port
    set c1 [client_with_echo $port "client 1" "hello\n"]
    set c2 [peer_connect $port "client 2"]
    peer_send $c2 "hi\n"
    # Served at once (v3, threads, the event loop) or not (v1, v2): either
    # way the picture tells, once the server has served client 2 or has
    # shown it will not. A fixed window would not do: on a busy machine
    # the event loop's echo once came after it.
    set server [traced_pid $h]
    set remote [local_port $c2]
    wait_until {[string length [peer_unread $c2]] > 0 || [nobody_reads $server $port $remote]} [positive_ms] 20
    peer_close $c1
    peer_expect $c2 "hi\n" "the echo of client 2's line"
    peer_close $c2
    # The server has done all that the clients' leaving asks of it before
    # ^C: its picture shows it, not the signal's end.
    wait_until {[nothing_pending [program_pid $h]]} [positive_ms] 20
    trace_interrupt $h $server
}

# Whether the strace STRACE and the server it traces (its child, and that
# child's own children) have nothing left to do: all their threads sleep
# (holds_twice). What a client's leaving
# sets off is a chain of wake-ups (the server reads the end of file and
# closes; a child exits, strace sees it and only then tells the parent,
# who reaps it), and each link wakes the next before it sleeps, so some
# thread is runnable until the chain ends. On a busy machine ^C once came
# before the event loop had read its clients' end of file, and before v2's
# parent had reaped its last child. A server that never reaps or never
# closes is left as it is, with its mistake.
proc nothing_pending {strace} {
    return [holds_twice {[all_asleep [process_tree $strace]]}]
}

# ^C for the traced program PID of run H, as the lecture stops a server;
# waits for the end (the trace's last lines).
proc trace_interrupt {h pid} {
    if {$pid ne "" && $pid > 1 && ![program_ended $h]} {
        trace_grader_does kill SIGINT
        catch {exec kill -INT $pid}
    }
    wait_until {[program_ended $h]} [positive_ms] 5
}

# Lab 01: ./echo, one line typed, then end of input.
proc trace_echo_io {} {
    set h [start echo]
    expect_output $h "REQ: " "the prompt"
    send_text $h "hello\n"
    expect_output $h "hello\nhello\nREQ: " "the line echoed"
    send_eof $h
    expect_exit $h "the input ended, but ./echo still ran"
}

# Lab 02: ./client against the grader's echo server, one line, then end of
# input.
proc trace_client {} {
    set server [peer_server]
    set h [start client 127.0.0.1 $::peer($server,port)]
    expect_output_until $h "REQ: " "the first prompt"
    send_text $h "hello\n"
    expect_output $h "hello\nREQ: " "the echo of hello"
    send_eof $h
    expect_exit $h "the input ended, but ./client still ran"
}

# Lab 06: ./infloop, then SIGINT once its handler is installed.
proc trace_signals {} {
    set h [start infloop]
    set pid [traced_pid $h]
    wait_until {$pid ne "" && [signal_in_mask $pid SigCgt 2] || [program_ended $h]} [positive_ms] 5
    trace_interrupt $h $pid
}

# Lab 07: ./fork 3 with stdout on a pipe.
proc trace_fork {} {
    set h [start -pipes fork 3]
    read_to_end $h [positive_timeout]
}

# How much of a trace is drawn: a program that loops on a failing call
# writes megabytes of trace in a second, and no picture is read that far.
set trace_max_lines 3000

# The first trace_max_lines whole lines of the strace output in PATH, and a
# last line "... cut" when there was more.
proc trace_head {path} {
    set f [open $path]
    set text [read $f [expr {$::trace_max_lines * 400}]]
    set more [expr {![eof $f]}]
    close $f
    set lines [split $text \n]
    if {$more || [llength $lines] > $::trace_max_lines} {
        set lines [lrange $lines 0 [expr {min([llength $lines] - 2, $::trace_max_lines - 1)}]]
        lappend lines "cut"
    }
    return [join $lines \n]
}

# Records LAB's scenario, the lab's program being built in $::build.
# Returns a dict: model (trace.tcl's), mistakes (the findings that are bugs
# in this lab), stopped (why the scenario stopped early, or ""), raw (the
# file strace wrote, in the work folder).
proc record_trace {lab} {
    set spec [dict get $::trace_labs $lab]
    set ::trace_into [file join $::work trace.[incr ::nruns].out]
    set ::peer_log {}
    set ::peer_log_on 1
    set ::check_handles {}
    set ::server_handle ""
    set stopped ""
    if {[catch {[dict get $spec scenario]} message options]} {
        set stopped $message
        if {[lindex [dict get $options -errorcode] 1] ne "FAIL"} {
            set stopped "the trace's scenario failed: $message"
        }
    }
    finish_all
    # The recording ends here, whatever happens below: a later check's
    # programs must not run under strace.
    set ::peer_log_on 0
    set raw $::trace_into
    set ::trace_into ""
    set peers $::peer_log
    peer_close_all
    set text [trace_head $raw]
    set model [trace_model [strace_calls $text] $peers [dict get $spec program]]
    set mistakes {}
    foreach finding [dict get $model findings] {
        if {[lindex $finding 0] in [dict get $spec mistakes]} {
            lappend mistakes $finding
        }
    }
    return [dict create model $model mistakes $mistakes stopped $stopped raw $raw]
}

# The lines a failed check's report adds from a trace of the lab (recorded
# once per grading, on the first failure that a finding can explain): for
# each kind of finding that explains CHECK, its first instance and the piece
# of the picture where it shows (the process and its parent, the last rows
# up to the finding).
proc trace_explanation {lab check} {
    if {![dict exists $::trace_labs $lab] || ![dict exists $::trace_explains $check]
        || [auto_execok strace] eq ""} {
        return {}
    }
    if {![info exists ::trace_recorded($lab)]} {
        set ::trace_recorded($lab) [record_trace $lab]
    }
    set trace $::trace_recorded($lab)
    set m [dict get $trace model]
    set lines {}
    set told {}
    foreach finding [dict get $trace mistakes] {
        lassign $finding id column text row
        if {$id ni [dict get $::trace_explains $check] || $id in $told} {
            continue
        }
        lappend told $id
        set parent [dict get $m column,$column parent]
        set shown [concat $column [expr {$parent eq "" ? "" : $parent}]]
        set rows {}
        for {set i $row} {$i >= 0 && [llength $rows] < 6} {incr i -1} {
            if {[lindex [dict get $m rows] $i 1] in $shown} {
                set rows [linsert $rows 0 $i]
            }
        }
        lappend lines "the trace of a short session (make trace LAB=$lab) shows: $text" \
            {*}[split [trace_text $m 100 $rows $shown] \n]
    }
    return $lines
}

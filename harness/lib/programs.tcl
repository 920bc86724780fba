# programs.tcl: student programs under test, each in the sandbox, and the
# expect helpers that talk to them. Every helper that waits turns a timeout
# or an early exit into a named failure (DejaGnu's expect_after idea, made
# explicit per call), so a check body reads like what it checks.
#
# A handle is an expect spawn id; run($h,...) holds what we know of it.

# The positive wait: how long an awaited event (a prompt, an echo, an exit)
# may take before it counts as missing. Whole seconds, as expect wants.
proc positive_timeout {} {
    return [expr {max(1, int(ceil(5 * $::scale)))}]
}

# Starts PROGRAM (a file of the lab's build folder) with ARGS in the sandbox,
# on a pty of its own. Returns the handle; the check's clean-up stops it.
# Options before PROGRAM: `-pipes` gives it pipes for stdout and stderr
# instead (the grader still reads them), as when a TA or a supervisor
# captures a server's output: stdio buffers it fully there. `-file PATH`
# sends its stdout to the regular file PATH, as `> PATH` does (stderr on a
# pipe); read it once the program has ended. `-env NAME=VALUE` sets an
# environment variable for the program alone.
proc start {args} {
    global run
    set io [list --io terminal]
    set env {}
    while {[string match -* [lindex $args 0]]} {
        set args [lassign $args option]
        switch -- $option {
            -pipes  { set io [list --io pipes] }
            -file   { set args [lassign $args path]; set io [list --io pipes --stdout $path] }
            -env    { set args [lassign $args setting]; lappend env --env $setting }
            default { error "start: unknown option $option" }
        }
    }
    set args [lassign $args program]
    set n [incr ::nruns]
    set report [file join $::work run$n.report]
    set pidfile [file join $::work run$n.pid]
    set uid_base [expr {[info exists ::env(SOCKLAB_UID_BASE)] ? $::env(SOCKLAB_UID_BASE) : 1073741824}]
    # The program sees none of the grader's environment, and (namespaces
    # tier) the kit shows empty to it: no solutions, no checks.
    lappend env --env UNIT_TIMEOUT_SCALE=$::scale --hide $::kit
    spawn -noecho $::sandbox run --tier $::tier --wall [expr {20 * [positive_timeout]}] \
        {*}[lab_limits] --uid-base $uid_base --report $report --pidfile $pidfile --dir $::build {*}$io {*}$env \
        {*}[lindex [traced_by] 0] -- {*}[lindex [traced_by] 1] [file join $::build $program] {*}$args
    set h $spawn_id
    array unset run $h,*  ;# spawn ids are reused from check to check
    set run($h,supervisor) [exp_pid -i $h]
    set run($h,report) $report
    set run($h,pidfile) $pidfile
    set run($h,command) [join [concat ./$program $args]]
    set run($h,seen) ""
    set run($h,done) 0
    set run($h,background) 0
    lappend ::check_handles $h
    return $h
}

# The sandbox options for the lab's own limits: its declaration may raise
# the defaults (sandbox.c) with `limits {procs N files N mem MIB}`, as a
# thread per connection needs (500 clients: 500 threads, 500 descriptors,
# 500 stacks of address space). Empty for a lab that keeps the defaults.
proc lab_limits {} {
    if {![info exists ::lab] || ![dict exists $::lab limits]} {
        return {}
    }
    set options {}
    dict for {name value} [dict get $::lab limits] {
        lappend options --$name $value
    }
    return $options
}

# While a trace records (harness/trace), ::trace_into names the file that
# strace writes: the program runs under strace, whose output file is the one
# file the sandbox lets it write. Returns the words that go between the
# file the sandbox lets it write. Returns {sandbox-options tracer-command},
# two empty lists when no trace records.
set trace_into ""
proc traced_by {} {
    if {$::trace_into eq ""} {
        return {{} {}}
    }
    return [list [list --writable $::trace_into] [list strace -o $::trace_into {*}[strace_options]]]
}

# The pid of the program (as the grader sees it), once the sandbox has
# started it; "" before that or when it could not start.
proc program_pid {h} {
    global run
    if {![info exists run($h,pid)]} {
        set pid [string trim [proc_read $run($h,pidfile)]]
        if {$pid eq ""} {
            return ""
        }
        set run($h,pid) $pid
    }
    return $run($h,pid)
}

# 1 when the program has ended: its output reached end of file, or its
# process is gone (or a zombie) although the end of its output has not been
# read yet.
proc program_ended {h} {
    if {$::run($h,done)} {
        return 1
    }
    set pid [program_pid $h]
    return [expr {$pid ne "" && [process_state $pid] in {"" Z X}}]
}

# From now on, takes whatever the program prints in the background (into
# run(h,seen)), so that a server that prints every request never blocks on
# a full terminal while the check talks to it through sockets; its end
# wakes any wait_until. A later expect on h must not be used.
proc drain_in_background {h} {
    set ::run($h,background) 1
    expect_background {
        -i $h -re {.+} {
            append ::run($expect_out(spawn_id),seen) $expect_out(buffer)
            incr ::peer_wakeups
        }
        -i $h eof {
            append ::run($expect_out(spawn_id),seen) $expect_out(buffer)
            set ::run($expect_out(spawn_id),done) 1
            incr ::peer_wakeups
        }
    }
}

# Sends TEXT to the program's terminal, as typed; remembers it for the report
# (::check_sent: what the check sent, in order, as {who bytes}).
proc send_text {h text} {
    lappend ::check_sent [list "" $text]
    send_log "\n>>> sent [visible $text]\n"
    send -i $h -- $text
}

# Ends the program's input, as ^D typed at the start of a line does.
proc send_eof {h} {
    lappend ::check_sent [list "" "^D"]
    send_log "\n>>> sent ^D (end of input)\n"
    send -i $h -- "\004"
}

# Waits until the program has printed exactly TEXT after what it printed
# before (newlines as the terminal shows them), and returns as soon as it
# has. WHAT says in words what we waited for. Fails at once when the program
# exits first, after the positive timeout when it never prints it, and when
# it printed something else on the way.
proc expect_output {h text what} {
    set got [expect_output_until $h $text $what]
    if {$got ne $text} {
        fail -expected $text -got $got -why "the program printed something else where $what should be"
    }
}

# Like expect_output, but anything may come before TEXT. Returns all that
# was printed up to and including TEXT.
proc expect_output_until {h text what} {
    global run
    set pattern [string map [list \n \r\n] $text]
    expect {
        -i $h -timeout [positive_timeout] -ex $pattern {
            append run($h,seen) $expect_out(buffer)
            return [string map [list \r\n \n] $expect_out(buffer)]
        }
        -i $h eof {
            append run($h,seen) $expect_out(buffer)
            set run($h,done) 1
            fail -expected $text -got [seen_by $h] \
                -why "the program [exit_description $h] before printing $what"
        }
        -i $h timeout {
            take_unmatched $h
            fail -expected $text -got [seen_by $h] \
                -why "the program did not print $what within [positive_timeout] s"
        }
    }
}

# Waits for the program to end and returns its report (a dict: ended, exit
# or signal, wall, cpu, output, capped). Fails when it is still running
# after the positive timeout; WHY_RUNNING then says what that means.
proc expect_exit {h why_running} {
    if {![read_to_end $h [positive_timeout]]} {
        fail -got [seen_by $h] -why $why_running
    }
    return [finish $h]
}

# Reads what the program prints into run(h,seen) until its end of file, at
# most SECONDS. Returns 1 at the end of file, 0 when the time ran out.
# Output is taken as it comes: expect keeps only match_max bytes of what no
# pattern took. -continue_timer: a program that prints without end must
# still time out.
proc read_to_end {h seconds} {
    global run
    expect {
        -i $h -timeout $seconds -re {.+} {
            append run($h,seen) $expect_out(buffer)
            exp_continue -continue_timer
        }
        -i $h eof {
            append run($h,seen) $expect_out(buffer)
            set run($h,done) 1
            return 1
        }
        -i $h timeout {
            take_unmatched $h
            return 0
        }
    }
}

# Moves whatever the program printed that no pattern took into run(h,seen).
proc take_unmatched {h} {
    expect {
        -i $h -timeout 0 -re {.+} { append ::run($h,seen) $expect_out(buffer) }
        -i $h eof { append ::run($h,seen) $expect_out(buffer); set ::run($h,done) 1 }
        -i $h timeout {}
    }
}

# All the program printed during this check, as the terminal showed it but
# with the pty's \r\n turned back into \n.
proc seen_by {h} {
    return [string map [list \r\n \n] $::run($h,seen)]
}

# Stops the program if it still runs (the supervisor kills every process of
# the run), then reaps it. Returns its report. Safe to call twice.
proc finish {h} {
    global run
    if {[info exists run($h,report_dict)]} {
        return $run($h,report_dict)
    }
    if {$run($h,background)} {
        catch {expect_background -i $h}  ;# the expect below takes over
        set run($h,background) 0
    }
    if {!$run($h,done) && $run($h,supervisor) > 1} {
        catch {exec kill -TERM $run($h,supervisor)}
        expect {
            -i $h -timeout [positive_timeout] eof {}
            -i $h timeout { catch {exec kill -KILL $run($h,supervisor)} }
        }
        set run($h,done) 1
    }
    catch {close -i $h}
    catch {wait -i $h}
    set run($h,report_dict) [read_report $run($h,report)]
    return $run($h,report_dict)
}

# The sandbox's report as a dict; an empty one when it wrote none.
proc read_report {path} {
    set report [dict create]
    if {[catch {open $path} f]} {
        return $report
    }
    foreach line [split [read $f] \n] {
        if {[llength $line] == 2} {
            dict set report {*}$line
        }
    }
    close $f
    return $report
}

# The value of KEY in the dict TABLE, or "" when it has none.
proc lookup {key table} {
    if {[dict exists $table $key]} {
        return [dict get $table $key]
    }
    return ""
}

# How the program ended, in words a student understands.
proc exit_description {h} {
    return [describe_end [finish $h]]
}

proc describe_end {report} {
    if {![dict exists $report ended]} {
        return "ended without a report from the sandbox"
    }
    switch [dict get $report ended] {
        walltime   { return "was stopped: it ran past the time limit" }
        terminated { return "was stopped by the grader" }
    }
    if {[dict exists $report signal]} {
        set sig [dict get $report signal]
        set why [lookup $sig {
            SIGSEGV "segmentation fault: a bad pointer or a buffer overrun"
            SIGPIPE "it wrote to a connection the other side had closed"
            SIGABRT "abort(), often a failed assert or a corrupted heap"
            SIGBUS  "bus error: a bad pointer"
            SIGFPE  "arithmetic error, such as a division by zero"
            SIGXCPU "it used up its CPU-time limit: an endless loop?"
            SIGKILL "killed: it ran out of a limit"
        }]
        return "was killed by $sig[expr {$why eq "" ? "" : " ($why)"}]"
    }
    return "exited with status [dict get $report exit]"
}

# Stops every program the current check started.
proc finish_all {} {
    foreach h $::check_handles {
        catch {finish $h}
    }
    set ::check_handles {}
}

# Runs PROGRAM with ARGS in the sandbox to its end (at most three positive
# timeouts: a unit-test binary runs many tests) and returns {report output}.
proc run_to_end {program args} {
    set h [start $program {*}$args]
    read_to_end $h [expr {3 * [positive_timeout]}]
    return [list [finish $h] [seen_by $h]]
}

# Waits for the program to end, then judges its end (see judge_end). WHAT
# says what happened to it ("its connection was refused").
proc expect_end {h status pattern what} {
    set report [expect_exit $h "$what, but [program_name $h] still ran after [positive_timeout] s"]
    judge_end $h $report $status $pattern $what
}

# Fails unless the program, whose sandbox report is REPORT, exited with
# STATUS and, when PATTERN is not "", printed a line matching the glob
# PATTERN (after any prompts "REQ: " that begin it: stderr shares the
# terminal, so an ERROR line may follow a prompt).
proc judge_end {h report status pattern what} {
    set end [describe_end $report]
    set printed [seen_by $h]
    set line_ok [expr {$pattern eq ""}]
    foreach line [split $printed \n] {
        regsub {^(REQ: )+} $line "" line
        if {[string match $pattern $line]} {
            set line_ok 1
        }
    }
    if {$end ne "exited with status $status" || !$line_ok} {
        set wanted "exit status $status"
        if {$pattern ne ""} {
            if {[string index $pattern end] eq "*"} {
                set wanted "a line starting \"[string trimright $pattern *]\" and $wanted"
            } else {
                set wanted "the line \"$pattern\" and $wanted"
            }
        }
        fail -got $printed -why "$what, and [program_name $h] $end; expected $wanted"
    }
}

# DESIGN §3: each of the argument lists in BAD makes PROGRAM print a line
# starting "usage:" and exit with status 2.
proc expect_usage {program bad} {
    foreach args $bad {
        set with [expr {$args eq "" ? "with no arguments" : "with arguments \"$args\""}]
        expect_end [start $program {*}$args] 2 "usage:*" "$with, it must print its usage"
    }
}

# The program as the student runs it ("./server").
proc program_name {h} {
    return [lindex $::run($h,command) 0]
}

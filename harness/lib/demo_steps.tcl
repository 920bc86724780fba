# demo_steps.tcl: a live demo's scenario and the engine that plays it
# (harness/demo). A lab's scenario (harness/<lab>/demo.tcl) is data: its
# panes, then its steps, each a caption and a body of actions (what to type
# where) and effects (what must then be seen, and within how long):
#
#   panes {{server trace} {{client1 "client 1"} ps}} server
#   step {client 1 connects: $nc 127.0.0.1 $port} {
#       run client1 "$nc 127.0.0.1 $port"
#       connected client1
#   }
#
# A pane is an id, or {id label}; `trace` is where the traces show, `ps`
# shows the processes of the program in the pane named last. Captions and
# bodies are evaluated in the namespace ::scenario, which holds $lab, $port,
# $nc (the line client), $private_network and, for the server labs,
# $version.
#
# Effects wait, never sleep: a positive one resolves as soon as it is seen
# and gives up after 5 s, or at once when the pane's program has ended; a
# negative one (unanswered) watches for 300 ms. Each prints one line: ok,
# MISSING (it did not come) or UNEXPECTED (it came, and should not have).
# Needs demo_panes.tcl and procfs.tcl; $::backend is tmux or plain.

namespace eval demo {
    variable rows {}         ;# the layout: rows of pane ids
    variable labels          ;# pane id -> what captions and transcripts call it
    variable ps_of ""        ;# the pane whose program the ps pane shows
    variable steps {}        ;# {caption body} for each step
    variable marks           ;# pane id -> its text when the step began
    variable started         ;# pane id -> its prompts when its command was typed
    variable typed           ;# {pane text} -> copies of text in the pane before it was typed
    variable traces          ;# program -> how many times it was traced
    variable results {}      ;# this step's effect lines
    variable missed 0        ;# effects that went wrong, in every step so far
    variable positive_ms 5000  ;# how long an effect is awaited
    variable negative_ms 300   ;# how long an effect that must not come is watched for
    array set labels {}
    array set marks {}
    array set started {}
    array set typed {}
    array set traces {}
}
namespace eval scenario {
    namespace path ::demo
}

# ---- the scenario's vocabulary: layout and steps ----

# panes ROWS ?PS_OF?: the layout, rows from top to bottom, each a list of
# panes from left to right; the ps pane shows the processes of PS_OF's
# program.
proc demo::panes {layout {of ""}} {
    variable rows
    variable labels
    variable ps_of $of
    set rows {}
    foreach row $layout {
        set ids {}
        foreach cell $row {
            lassign $cell id label
            set labels($id) [expr {$label eq "" ? $id : $label}]
            lappend ids $id
        }
        lappend rows $ids
    }
}

# step CAPTION BODY: the next step; both are evaluated when it is played.
proc demo::step {caption body} {
    variable steps
    lappend steps [list $caption $body]
}

# Evaluates SCRIPT (in the caller) when the scenario's $version is one of
# VERSIONS: what differs between the three server labs.
proc demo::on {versions script} {
    if {$::scenario::version in $versions} {
        uplevel 1 $script
    }
}

# What captions and transcripts call pane ID.
proc label {id} {
    return $demo::labels($id)
}

# ---- actions ----

# A command line for PANE's shell; its end is what `exits` waits for.
proc demo::run {pane command} {
    variable started
    set started($pane) [llength [prompts $pane]]
    $::backend\::type $pane $command
}

# Runs PROGRAM (and its arguments) in PANE under strace, AFTER (a
# redirection, a pipe) following it, and shows the trace in the trace pane
# from its first line. Without strace, just runs it.
proc demo::traced {pane program {after ""}} {
    variable traces
    if {!$::have_strace} {
        run $pane [string trim "$program $after"]
        return
    }
    set name [file tail [lindex $program 0]]
    set n [incr traces($name)]
    set file $name[expr {$n > 1 ? "-$n" : ""}].trace
    close [open [file join $::build $file] w]  ;# so that following it can start first
    follow_in_trace_pane $file
    run $pane [string trim "strace -o $file \$STRACE $program $after"]
}

# Starts the trace pane's follower on FILE, after stopping the one before.
proc demo::follow_in_trace_pane {file} {
    if {![info exists demo::labels(trace)]} {
        return
    }
    if {[running trace]} {
        $::backend\::key trace C-c
        await trace $demo::positive_ms {[ended trace]}
    }
    regsub {(-[0-9]+)?\.trace$} $file "" program  ;# server-2.trace: ./server's second run
    run trace "follow $file $program"
}

# A line of input for the program running in PANE (TEXT, then Enter).
# With no program running, its shell would take TEXT for a command: then
# nothing is typed, and the effects that follow say what is missing.
proc demo::type {pane text} {
    variable typed
    if {![running $pane]} {
        skipped "\"$text\" not typed: [label $pane] runs no program"
        return
    }
    set typed([list $pane $text]) [copies $text [$::backend\::text $pane]]
    $::backend\::type $pane $text
}

# A key for PANE: C-c (interrupt) or C-d (end of input), only while a
# program runs there (^D would end its shell).
proc demo::key {pane key} {
    if {![running $pane]} {
        skipped "$key not pressed: [label $pane] runs no program"
        return
    }
    $::backend\::key $pane $key
}

# In PANE's shell, `kill -SIG PID` for the program running in TARGET.
proc demo::signal_from {pane sig target} {
    set pid [program_pid $target]
    if {$pid eq ""} {
        result missing "[label $target] is not running: there is no process to send SIG$sig to"
        return
    }
    run $pane "kill -$sig $pid"
}

# A step that cannot run here: says why instead (in the step's body, an
# `if` chooses between it and the step's actions).
proc demo::skipped {why} {
    report "  skipped: $why"
}

# One line under the step's caption: at once in tmux, after the step's
# output in a transcript.
proc demo::report {line} {
    variable results
    lappend results $line
    if {$::backend eq "tmux"} {
        say $line
    }
}

# ---- effects ----

# Reports an effect: KIND ok, missing or unexpected; TEXT says what.
proc demo::result {kind text} {
    variable missed
    if {$kind ne "ok"} {
        incr missed
    }
    report "  [dict get {ok ok: missing MISSING: unexpected UNEXPECTED:} $kind] $text"
}

# The options an effect takes after its arguments: -note (said when it
# goes as the scenario expects) and -else (said when it does not).
proc demo::notes {options} {
    return [dict merge {-note "" -else ""} $options]
}

# Says how an effect went: TEXT, with the scenario's note for that outcome.
proc demo::judge {kind text options} {
    set note [dict get [notes $options] [expr {$kind eq "ok" ? "-note" : "-else"}]]
    result $kind [expr {$note eq "" ? $text : "$text ($note)"}]
}

# Polls CONDITION (an expression, in the caller) until it holds or MS have
# passed, or PANE's program has ended and it still does not hold. Returns
# "" when it holds, "ended" or "timeout". Keys are read meanwhile (q quits).
proc demo::await {pane ms condition} {
    set deadline [expr {[clock milliseconds] + $ms}]
    while 1 {
        if {[uplevel 1 [list expr $condition]]} {
            return ""
        }
        if {$pane ne "" && [ended $pane]} {
            # Its last output may have come with its end.
            return [expr {[uplevel 1 [list expr $condition]] ? "" : "ended"}]
        }
        if {[clock milliseconds] >= $deadline} {
            return timeout
        }
        idle 25
    }
}

# Why a positive effect in PANE did not come: WHY from await.
proc demo::missing_because {pane why ms} {
    if {$why eq "ended"} {
        return "[label $pane]'s program ended ([last_status $pane]) first"
    }
    return "not within [expr {$ms / 1000.0}] s"
}

# TEXT appears in PANE's output during this step.
proc demo::sees {pane text args} {
    set why [await $pane $demo::positive_ms {[copies $text [new_text $pane]] > 0}]
    if {$why eq ""} {
        judge ok "[label $pane] printed \"$text\"" $args
    } else {
        judge missing "[label $pane] did not print \"$text\": [missing_because $pane $why $demo::positive_ms]" $args
    }
}

# TEXT, typed into PANE with `type`, came back: it appears COPIES times
# (-copies; 2: the terminal's echo of the typing, then the answer) more
# than before it was typed.
proc demo::answered {pane text args} {
    set want [expr {[answer_base $pane $text] + [dict_option $args -copies 2]}]
    set why [await $pane $demo::positive_ms {[copies $text [$::backend\::text $pane]] >= $want}]
    if {$why eq ""} {
        judge ok "[label $pane] got the echo of \"$text\"" $args
    } else {
        judge missing "[label $pane] got no answer to \"$text\": [missing_because $pane $why $demo::positive_ms]" $args
    }
}

# The negative of answered: no echo of TEXT in PANE within 300 ms.
proc demo::unanswered {pane text args} {
    set want [expr {[answer_base $pane $text] + 2}]
    set why [await "" $demo::negative_ms {[copies $text [$::backend\::text $pane]] >= $want}]
    if {$why eq "timeout"} {
        judge ok "[label $pane] got no answer to \"$text\" within $demo::negative_ms ms" $args
    } else {
        judge unexpected "[label $pane] got the echo of \"$text\" at once" $args
    }
}

# The program in PANE holds a TCP connection to the demo's port.
proc demo::connected {pane args} {
    set why [await $pane $demo::positive_ms {[connected_to $pane $::scenario::port]}]
    if {$why eq ""} {
        judge ok "[label $pane] is connected to port $::scenario::port" $args
    } else {
        judge missing "[label $pane] did not connect: [missing_because $pane $why $demo::positive_ms]" $args
    }
}

# Says how an effect on the lab's program in PANE went, from await's WHY:
# ok, with SAID; missing, because the program is not running (it cannot
# WANT: "have 2 threads"), or with WRONG, what it is instead.
proc demo::judge_program {pane why want said wrong options} {
    if {$why eq ""} {
        judge ok $said $options
    } elseif {[program_pid $pane] eq ""} {
        judge missing "[label $pane] is not running, so it cannot $want" $options
    } else {
        judge missing $wrong $options
    }
}

# The lab's program in PANE (its first process) is blocked in one of the
# system calls CALLS, as /proc/PID/syscall says.
proc demo::blocked {pane calls args} {
    set why [await $pane $demo::positive_ms {[blocked_in [program_pid $pane]] in $calls}]
    set pid [program_pid $pane]
    set call [lindex $calls 0]()
    judge_program $pane $why "be blocked in $call" "[label $pane] (pid $pid) is blocked in $call" \
        "[label $pane] (pid $pid) is not blocked in $call but in [blocked_in $pid]" $args
}

# The lab's program in PANE has exactly N children alive.
proc demo::children {pane n args} {
    set why [await $pane $demo::positive_ms {[llength [live_children [program_pid $pane]]] == $n}]
    set pid [program_pid $pane]
    set kids [expr {$pid eq "" ? {} : [live_children $pid]}]
    set said "[label $pane] (pid $pid) has [plural [llength $kids] child children][expr {[llength $kids] ? ": [join $kids {, }]" : ""}]"
    judge_program $pane $why "have $n children" $said "$said, not $n" $args
}

# The lab's program in PANE has exactly N threads, its main thread among
# them (Threads in /proc/PID/status).
proc demo::threads {pane n args} {
    set why [await $pane $demo::positive_ms {[program_pid $pane] ne "" && [thread_count [program_pid $pane]] == $n}]
    set pid [program_pid $pane]
    set said "[label $pane] (pid $pid) has [plural [expr {$pid eq "" ? 0 : [thread_count $pid]}] thread threads]"
    judge_program $pane $why "have [plural $n thread threads]" $said "$said, not $n" $args
}

# The lab's program in PANE has no zombie child (all are reaped).
proc demo::reaped {pane args} {
    set why [await $pane $demo::positive_ms {[program_pid $pane] ne "" && ![llength [zombie_children [program_pid $pane]]]}]
    if {$why eq ""} {
        judge ok "[label $pane] has no zombie child" $args
    } else {
        set pid [program_pid $pane]
        judge missing "[label $pane] [expr {$pid eq "" ? "is not running" : "has zombie children: [join [zombie_children $pid] {, }]"}]" $args
    }
}

# The lab's program in PANE has a handler for signal SIG (a name: INT):
# its bit is set in SigCgt of /proc/PID/status.
proc demo::catches {pane sig args} {
    set nr [dict get {HUP 1 INT 2 QUIT 3 TERM 15 CHLD 17} $sig]
    set why [await $pane $demo::positive_ms {[program_pid $pane] ne "" && [signal_in_mask [program_pid $pane] SigCgt $nr]}]
    set pid [program_pid $pane]
    if {$why eq ""} {
        judge ok "[label $pane] (pid $pid) catches SIG$sig: SigCgt [signal_mask $pid SigCgt] in /proc/$pid/status" $args
    } else {
        judge missing "[label $pane] has no handler for SIG$sig: [missing_because $pane $why $demo::positive_ms]" $args
    }
}

# PANE's command has ended, with exit status STATUS ("" for any).
proc demo::exits {pane {status ""} args} {
    set why [await "" $demo::positive_ms {[ended $pane]}]
    if {$why ne ""} {
        judge missing "[label $pane]'s program still runs after [expr {$demo::positive_ms / 1000}] s" $args
    } elseif {$status ne "" && [lindex [last_prompt $pane] 1] != $status} {
        judge unexpected "[label $pane]'s program ended with [last_status $pane], not $status" $args
    } else {
        judge ok "[label $pane]'s program ended with [last_status $pane]" $args
    }
}

# Once PANE's command has ended, TEXT appears exactly once in what it
# printed during this step (nothing printed twice).
proc demo::once {pane text args} {
    await "" $demo::positive_ms {[ended $pane]}
    set n [copies $text [new_text $pane]]
    if {$n == 1} {
        judge ok "[label $pane] printed \"$text\" once" $args
    } elseif {$n == 0} {
        judge missing "[label $pane] did not print \"$text\"" $args
    } else {
        judge unexpected "[label $pane] printed \"$text\" $n times" $args
    }
}

# ---- what the effects read ----

# The lines of PANE's prompts file: "SHELL-PID STATUS" for each prompt.
proc demo::prompts {pane} {
    return [split [string trim [proc_read [file join [prompts_folder] $pane]]] \n]
}

# The last line of PANE's prompts file: its shell's pid and the status of
# the command before that prompt.
proc demo::last_prompt {pane} {
    return [lindex [prompts $pane] end]
}

# The pid of PANE's shell, "" until it has prompted once.
proc demo::shell_pid {pane} {
    return [lindex [prompts $pane] 0 0]
}

# 1 when the command last typed in PANE has ended (its shell prompted again).
proc demo::ended {pane} {
    variable started
    return [expr {[info exists started($pane)] && [llength [prompts $pane]] > $started($pane)}]
}

# 1 while the command last typed in PANE runs.
proc demo::running {pane} {
    variable started
    return [expr {[info exists started($pane)] && ![ended $pane]}]
}

# How PANE's last command ended, in words.
proc demo::last_status {pane} {
    set status [lindex [last_prompt $pane] 1]
    if {$status > 128} {
        return "status $status: killed by signal [expr {$status - 128}]"
    }
    return "status $status"
}

# The first process in PANE running a program of the build folder (the
# lab's program; its children come after it), or "".
proc demo::program_pid {pane} {
    set shell [shell_pid $pane]
    if {$shell eq ""} {
        return ""
    }
    foreach pid [lrange [process_tree $shell] 1 end] {
        if {[string first $::build/ [exe_of $pid]] == 0 &&
            [process_state $pid] ni {Z ""}} {
            return $pid
        }
    }
    return ""
}

# The program PID runs (the link /proc/PID/exe), or "".
proc exe_of {pid} {
    if {[catch {file readlink /proc/$pid/exe} exe]} {
        return ""
    }
    return $exe
}

# 1 when a process of PANE's command holds an established TCP connection
# to PORT.
proc demo::connected_to {pane port} {
    set shell [shell_pid $pane]
    if {$shell eq ""} {
        return 0
    }
    set held [dict create]
    foreach pid [lrange [process_tree $shell] 1 end] {
        set held [dict merge $held [socket_inodes $pid]]
    }
    foreach s [tcp_sockets] {
        if {[dict get $s state] eq "ESTABLISHED" && [dict get $s remote_port] == $port &&
            [dict exists $held [dict get $s inode]]} {
            return 1
        }
    }
    return 0
}

# How many times NEEDLE occurs in HAYSTACK.
proc demo::copies {needle haystack} {
    set n 0
    set at 0
    while {[set at [string first $needle $haystack $at]] >= 0} {
        incr n
        incr at [string length $needle]
    }
    return $n
}

# The copies of TEXT in PANE before `type` typed it there.
proc demo::answer_base {pane text} {
    variable typed
    set key [list $pane $text]
    return [expr {[info exists typed($key)] ? $typed($key) : 0}]
}

# Option NAME of an effect's OPTIONS, or DEFAULT.
proc demo::dict_option {options name default} {
    return [expr {[dict exists $options $name] ? [dict get $options $name] : $default}]
}

proc demo::plural {n one many} {
    return "$n [expr {$n == 1 ? $one : $many}]"
}

# What PANE has shown since this step began (its text grows at its end;
# should it not, all of it).
proc demo::new_text {pane} {
    variable marks
    set text [$::backend\::text $pane]
    if {[string first $marks($pane) $text] != 0} {
        return $text
    }
    return [string range $text [string length $marks($pane)] end]
}

# The same, as a transcript shows it: whole lines (a line the step went on
# with is shown from its start), without an idle prompt at the end.
proc demo::step_lines {pane} {
    variable marks
    set new [new_text $pane]
    if {[string index $new 0] eq "\n"} {
        set new [string range $new 1 end]
    } elseif {$new ne ""} {
        set new [lindex [split $marks($pane) \n] end]$new
    }
    set lines [split $new \n]
    if {[lindex $lines end] eq "\$"} {
        set lines [lrange $lines 0 end-1]
    }
    return [expr {$new eq "" ? {} : $lines}]
}

# ---- the engine ----

# Prints a line on the demo's own output at once.
proc say {text} {
    puts $text
    flush stdout
}

# Lets MS pass while keeping the panes read and the keyboard watched: q
# quits, any other key is kept for wait_for_enter.
proc demo::idle {ms} {
    variable pending
    if {$::backend eq "plain"} {
        plain::drain
    }
    if {$::interactive} {
        set key [read stdin 1]
        # End of file: the terminal has gone (its window closed).
        if {$key in {q Q} || [eof stdin]} {
            error "quit" "" DEMO_QUIT
        }
        if {$key ne ""} {
            set pending $key
        }
    }
    after $ms
}

# Waits for Enter (returns) or q (quits). Keys pressed while the step
# before ran do not count: a double press never skips a step.
proc demo::wait_for_enter {} {
    variable pending ""
    while {$pending ni {"\n" "\r"}} {
        idle 30
    }
}

# Waits until the panes have printed nothing for 300 ms (at most 2 s), so
# that a plain transcript shows each step's output with the step: the
# trace pane's follower reads its file every 200 ms.
proc demo::settle {} {
    set deadline [expr {[clock milliseconds] + 2000}]
    set before ""
    set quiet_since [clock milliseconds]
    while {[clock milliseconds] < $deadline} {
        set now [join [lmap id [concat {*}$demo::rows] {string length [plain::text $id]}]]
        if {$now ne $before} {
            set before $now
            set quiet_since [clock milliseconds]
        } elseif {[clock milliseconds] - $quiet_since >= 300} {
            return
        }
        idle 20
    }
}

# The ps pane, up to date: the processes of the program it shows (the
# parent and its children, zombies too), with their state and what they
# wait in (WCHAN); one line per thread (LWP) while any has more than one.
proc demo::refresh_ps {} {
    variable ps_of
    if {$ps_of eq "" || ![info exists demo::labels(ps)]} {
        return
    }
    set pid [program_pid $ps_of]
    set clear [expr {$::backend eq "tmux" ? "clear; " : ""}]
    if {$pid eq ""} {
        if {$clear ne ""} {
            run ps "clear"
        }
        return
    }
    set tree [process_tree $pid]
    set format "-o pid,ppid,stat,wchan:14,cmd"
    foreach p $tree {
        set threads [thread_count $p]  ;# "" once gone
        if {$threads ne "" && $threads > 1} {
            set format "-L -o pid,lwp,ppid,stat,wchan:14,cmd"
        }
    }
    run ps "${clear}ps $format -p [join $tree ,]"
    await "" $demo::positive_ms {[ended ps]}
}

# The start of every step: each pane's text, to tell what the step adds.
proc demo::mark_panes {} {
    variable marks
    foreach id [concat {*}$demo::rows] {
        set marks($id) [$::backend\::text $id]
    }
}

# The plain transcript of a step: each pane's new lines, labelled, then
# the effects' lines.
proc demo::print_transcript {} {
    settle
    set width [tcl::mathfunc::max {*}[lmap id [concat {*}$demo::rows] {string length [label $id]}]]
    foreach id [concat {*}$demo::rows] {
        foreach line [step_lines $id] {
            say [format "  %-*s | %s" $width [label $id] $line]
        }
    }
    foreach line $demo::results {
        say $line
    }
}

# Plays every step; returns how many effects went wrong. q quits (an
# error with code DEMO_QUIT).
proc demo::play {} {
    variable steps
    variable results
    set n [llength $steps]
    $::backend\::start $demo::rows
    foreach id [concat {*}$demo::rows] {
        if {[await "" $demo::positive_ms {[llength [prompts $id]] > 0}] ne ""} {
            error "the shell of pane [label $id] did not start within 5 s"
        }
    }
    say "socklab demo: $::scenario::lab, from $::src (port $::scenario::port[expr {$::scenario::private_network ? ", in a private network" : ""}])"
    say "$n steps."
    for {set k 1} {$k <= $n} {incr k} {
        lassign [lindex $steps $k-1] caption body
        set caption [namespace eval ::scenario [list subst $caption]]
        if {$::interactive} {
            say "press Enter for step $k/$n ($caption), q to quit"
            wait_for_enter
        }
        say ""
        say "step $k/$n: $caption"
        mark_panes
        set results {}
        namespace eval ::scenario $body
        refresh_ps
        if {$::backend eq "plain"} {
            print_transcript
        }
    }
    say ""
    say "the demo is over: $n steps, [expr {$demo::missed ? "$demo::missed effects missing or unexpected" : "every effect seen"}]"
    if {$::interactive} {
        say "press q to quit"
        while 1 {
            idle 50
        }
    }
    return $demo::missed
}

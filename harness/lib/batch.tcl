# batch.tcl: socklab's batch grader, run by harness/grade-batch (which has
# checked the packages and built the sandbox). Grades every submission of a
# folder with harness/grade, several at a time, and writes the summaries.
#
#   harness/grade-batch SUBMISSIONS --out DIR [--jobs N] [--labs LAB,...|LAB ...]
#                       [--force] [--timeout-scale F]
#
# How a grading is kept apart from the others: harness/grade already runs in
# a network of its own (no port is shared) and builds in a fresh temporary
# folder; here each one also gets a range of run users of its own
# (SOCKLAB_UID_BASE, one range per parallel slot), a session of its own (so
# that a grading that overruns its time can be killed whole), and writes
# only into its own folder under DIR/.partial/. That folder becomes
# DIR/<student> by one rename once the grading has ended with complete
# results: a result in DIR/<student> is therefore always finished, and an
# interrupted run leaves nothing that a later run would take as finished.
#
# Exit status: 0 every submission graded, 2 bad usage or some submission
# could not be graded (the grader failed or overran), 130 interrupted.

package require json

set kit [file normalize [file join [file dirname [info script]] .. ..]]
source [file join $kit harness lib signals.tcl]
source [file join $kit harness lib batch_summary.tcl]
source [file join $kit harness lib labs.tcl]

set usage "usage: harness/grade-batch SUBMISSIONS --out DIR \[--jobs N\] \[--labs LAB,...|LAB ...\] \[--force\] \[--timeout-scale F\]"

# Each parallel slot's run users: a range of pid_max (4194304) uids from
# this base on, away from the default (0x40000000) and from tests/run's
# ranges (0x50000000 on), so that what a grading leaves behind, if anything,
# is told apart. SOCKLAB_BATCH_UID_BASE moves it (the kit's tests use it).
set uid_range 4194304

# The grader and its time limit per lab. The kit's tests replace them
# (SOCKLAB_BATCH_GRADER, SOCKLAB_BATCH_LAB_SECONDS) to see what a batch does
# when a grading fails or hangs.
set grader [file join $kit harness grade]
if {[info exists env(SOCKLAB_BATCH_GRADER)]} {
    set grader [file normalize $env(SOCKLAB_BATCH_GRADER)]
}
set lab_seconds 120
if {[info exists env(SOCKLAB_BATCH_LAB_SECONDS)] && [string is double -strict $env(SOCKLAB_BATCH_LAB_SECONDS)]} {
    set lab_seconds $env(SOCKLAB_BATCH_LAB_SECONDS)
}

proc usage_error {message} {
    puts stderr "grade-batch: $message"
    puts stderr $::usage
    exit 2
}

# Reads the command line into ::opt (submissions out jobs labs force scale
# tty). Options may come before or after SUBMISSIONS; `--` ends them.
proc parse_command_line {argv} {
    array set ::opt {submissions "" out "" jobs "" labs {} force 0 scale 1 tty 0 cpus 1}
    set words {}
    while {[llength $argv]} {
        set argv [lassign $argv word]
        if {$word eq "--"} {
            lappend words {*}$argv
            break
        }
        if {[regexp {^(--[a-z-]+)=(.*)$} $word -> word value]} {
            set argv [linsert $argv 0 $value]
        }
        switch -- $word {
            --out - --jobs - --timeout-scale - --labs - --tty - --cpus {
                if {![llength $argv]} {
                    usage_error "$word needs a value"
                }
                set argv [lassign $argv value]
                switch -- $word {
                    --out           { set ::opt(out) $value }
                    --jobs          { set ::opt(jobs) $value }
                    --timeout-scale { set ::opt(scale) $value }
                    --labs          { lappend ::opt(labs) {*}[split $value ,] }
                    --tty           { set ::opt(tty) $value }
                    --cpus          { set ::opt(cpus) $value }
                }
            }
            --force { set ::opt(force) 1 }
            -h - --help {
                puts $::usage
                exit 0
            }
            default {
                if {[string match -* $word]} {
                    usage_error "unknown option $word (a folder whose name starts with - goes after --)"
                }
                lappend words $word
            }
        }
    }
    if {![llength $words]} {
        usage_error "name the folder of submissions"
    }
    set ::opt(submissions) [lindex $words 0]
    lappend ::opt(labs) {*}[lrange $words 1 end]
    set ::opt(labs) [lsearch -all -inline -not -exact $::opt(labs) ""]
    check_options
}

# Dies with a usage error when an option's value makes no sense.
proc check_options {} {
    if {$::opt(jobs) eq ""} {
        set ::opt(jobs) [expr {[string is integer -strict $::opt(cpus)] && $::opt(cpus) > 0 ? $::opt(cpus) : 1}]
    }
    if {![string is integer -strict $::opt(jobs)] || $::opt(jobs) < 1 || $::opt(jobs) > 64} {
        usage_error "--jobs takes a whole number from 1 to 64"
    }
    if {![string is double -strict $::opt(scale)] || $::opt(scale) <= 0} {
        usage_error "--timeout-scale takes a positive number"
    }
    if {![file isdirectory $::opt(submissions)]} {
        usage_error "$::opt(submissions): no such folder"
    }
    if {$::opt(out) eq ""} {
        usage_error "say where the results go with --out DIR"
    }
    set ::opt(submissions) [file normalize $::opt(submissions)]
    set ::opt(out) [file normalize $::opt(out)]
    if {$::opt(out) eq $::opt(submissions)} {
        usage_error "--out must not be the folder of submissions itself"
    }
    set known [known_labs]
    foreach lab $::opt(labs) {
        if {$lab ni $known} {
            usage_error "no lab named '$lab' (the labs are: [join $known {, }])"
        }
    }
    set ::opt(labs) [lsort -unique $::opt(labs)]
    set base [expr {[info exists ::env(SOCKLAB_BATCH_UID_BASE)] ? $::env(SOCKLAB_BATCH_UID_BASE) : 0xC0000000}]
    if {![string is wide -strict $base] || $base < 65536 ||
        $base + $::opt(jobs) * $::uid_range > 0xFFFFFFFE} {
        usage_error "SOCKLAB_BATCH_UID_BASE=$base leaves no room for $::opt(jobs) ranges of run users"
    }
    set ::uid_base $base
}

# The students: every sub-folder of SUBMISSIONS, sorted, except hidden ones
# (.git, .DS_Store) and the output folder should it lie inside. Other
# entries (a stray file) are named on stderr and left out. A name that the
# output folder itself uses is an error: returns {} after saying why.
proc list_students {} {
    set students {}
    foreach path [glob -nocomplain -directory $::opt(submissions) -tails * .*] {
        set full [inside $::opt(submissions) $path]
        if {[string match .* $path] || [file normalize $full] eq $::opt(out)} {
            continue
        }
        if {![file isdirectory $full]} {
            puts stderr "grade-batch: ignoring [visible $path]: not a folder"
            continue
        }
        if {$path in {summary.csv summary.html}} {
            error "a submission named $path would be overwritten by the summary of the same name: rename it"
        }
        lappend students $path
    }
    return [lsort -dictionary $students]
}

# The labs to grade when none was named: every lab that some submission has
# a folder for. Empty when the submissions are all flat.
proc labs_found {students} {
    set found {}
    foreach lab [known_labs] {
        foreach student $students {
            if {[file isdirectory [inside $::opt(submissions) $student $lab]]} {
                lappend found $lab
                break
            }
        }
    }
    return $found
}

# The path of NAME (a student's folder name) inside DIR, then PARTS. Tcl
# takes a name starting with ~ for a home folder (`~root` is /root): such a
# name is joined as ./~root.
proc inside {dir name args} {
    if {[string match ~* $name]} {
        set name ./$name
    }
    return [file join $dir $name {*}$args]
}

# TEXT with control characters shown as \xNN, for a line on the terminal.
proc visible {text} {
    set out ""
    foreach ch [split $text ""] {
        scan $ch %c code
        append out [expr {$code < 32 || $code == 127 ? [format {\x%02x} $code] : $ch}]
    }
    return $out
}

# The results of STUDENT in DIR as a dict (the harness's JSON), when they
# are complete for every lab in LABS; otherwise an error saying what is
# missing. "Complete": the file parses, has a score and a maximum, and holds
# a result for each lab (an earlier run may have graded other labs).
proc finished_results {student labs} {
    set path [inside $::opt(out) $student results.json]
    set f [open $path]
    fconfigure $f -encoding utf-8
    set text [read $f]
    close $f
    set results [json::json2dict $text]
    foreach key {score max_score tests} {
        if {![dict exists $results $key]} {
            error "$path has no $key"
        }
    }
    set graded {}
    foreach t [dict get $results tests] {
        lappend graded [dict get $t extra_data lab]
    }
    foreach lab $labs {
        if {$lab ni $graded} {
            error "$path has no result for $lab"
        }
    }
    return $results
}

proc is_finished {student labs} {
    return [expr {![catch {finished_results $student $labs}]}]
}

# --- The output folder's lock: one grade-batch writes to DIR at a time ------

# Takes DIR/.lock (holding our pid), or returns an error naming the live
# grade-batch that holds it. A lock left by a run that is gone is taken over.
proc take_lock {} {
    set lock [file join $::opt(out) .lock]
    for {set try 0} {$try < 2} {incr try} {
        if {![catch {open $lock {WRONLY CREAT EXCL}} f]} {
            puts $f [pid]
            close $f
            set ::lock $lock
            return
        }
        set holder [string trim [read_file $lock]]
        if {[string is integer -strict $holder] && $holder != [pid] &&
            [string match *batch.tcl* [read_file /proc/$holder/cmdline]]} {
            error "$::opt(out) is being written by another grade-batch (pid $holder)"
        }
        file delete $lock
    }
    error "cannot take the lock $lock"
}

proc release_lock {} {
    if {[info exists ::lock]} {
        file delete $::lock
    }
}

# The contents of PATH, or "" when it cannot be read.
proc read_file {path} {
    if {[catch {open $path} f]} {
        return ""
    }
    fconfigure $f -translation binary
    set text [read $f]
    close $f
    return $text
}

# --- Gradings: one harness/grade per submission, up to --jobs at a time -----

# The grading of one submission: g($slot,...) holds its channel, pgid,
# student, work folder, log channel, start time and timer.

# Starts grading STUDENT in SLOT: harness/grade, in a session of its own,
# its output (stdout and stderr) read here into report.txt, its results and
# transcripts written into a fresh folder under DIR/.partial/.
proc start_grading {slot student} {
    global g
    set work [file join $::opt(out) .partial [incr ::nstarted]-[pid]]
    file mkdir [file join $work transcripts]
    set log [open [file join $work report.txt] w]
    fconfigure $log -translation binary
    set ::env(SOCKLAB_UID_BASE) [expr {$::uid_base + $slot * $::uid_range}]
    set ::env(NO_COLOR) 1
    # Every word is an absolute path or a lab id: none can look like one of
    # open's redirections (<, >, 2>, |).
    set cmd [list setsid $::grader \
                 --src [inside $::opt(submissions) $student] \
                 --json [file join $work results.json] \
                 --transcripts [file join $work transcripts] \
                 --timeout-scale $::opt(scale) {*}$::opt(labs)]
    set chan [open |[concat $cmd [list </dev/null 2>@1]] r]
    fconfigure $chan -blocking 0 -translation binary
    array set g [list $slot,chan $chan $slot,pgid [lindex [pid $chan] 0] $slot,student $student \
                     $slot,work $work $slot,log $log $slot,t0 [clock milliseconds] $slot,overran 0]
    set g($slot,timer) [after [grading_limit_ms] [list overrun $slot]]
    fileevent $chan readable [list on_output $slot]
}

# How long one grading may take before it is stopped as hung: the harness
# promises a minute per lab even for hostile code (DESIGN §4); twice that,
# scaled like the waits.
proc grading_limit_ms {} {
    return [expr {int(1000 * $::lab_seconds * [llength $::opt(labs)] * max(1.0, $::opt(scale)))}]
}

# Copies what the grading printed into its report; at its end, finishes it.
proc on_output {slot} {
    global g
    set data [read $g($slot,chan)]
    catch {puts -nonewline $g($slot,log) $data}  ;# a full disk must not wedge the batch
    if {[eof $g($slot,chan)]} {
        fconfigure $g($slot,chan) -blocking 1  ;# so that close waits for its status
        finish_grading $slot [grading_status $g($slot,chan)]
    }
}

# Sends SIGNAL (TERM, KILL) to the process group PGID, quietly: it may be
# gone already. Through bash's own kill: /bin/kill (procps) may be missing.
proc kill_group {signal pgid} {
    catch {exec bash -c {kill -s "$1" -- "-$2"} kill_group $signal $pgid 2>/dev/null}
}

# The grading in SLOT overran its time: its whole session is stopped
# (SIGTERM, then SIGKILL 3 s later); its end of output then finishes it as
# failed. Should that end never come (something outside the session holds
# its output open), the grading is abandoned 5 s after the SIGKILL.
proc overrun {slot} {
    global g
    set g($slot,overran) 1
    kill_group TERM $g($slot,pgid)
    set g($slot,timer) [after 3000 [list overrun_kill $slot]]
}

proc overrun_kill {slot} {
    global g
    kill_group KILL $g($slot,pgid)
    set g($slot,timer) [after 5000 [list abandon $slot]]
}

proc abandon {slot} {
    global g
    fileevent $g($slot,chan) readable {}
    catch {close $g($slot,chan)}  ;# non-blocking: does not wait for the process
    finish_grading $slot abandoned
}

# The grading in SLOT has ended, its channel closed: STATUS says whether it
# graded (0: all passed, 1: some check did not) or could not (2, died,
# overran). Finished results are moved into place; then the slot takes the
# next submission.
proc finish_grading {slot status} {
    global g
    after cancel $g($slot,timer)
    close $g($slot,log)
    set seconds [expr {([clock milliseconds] - $g($slot,t0)) / 1000.0}]
    set student $g($slot,student)
    set work $g($slot,work)
    if {$g($slot,overran)} {
        set status "stopped: still running after its limit of [format %.0f [expr {[grading_limit_ms] / 1000.0}]] s"
    }
    if {$status in {0 1} && ![catch {install_results $student $work} problem]} {
        incr ::ngraded
        lassign [score_of_file $student] score max
        progress_graded $student "$score/$max" $seconds
    } else {
        if {$status in {0 1}} {
            set status "exit status $status, but $problem"
        } elseif {[string is integer -strict $status]} {
            set status "exit status $status"
        }
        incr ::nfailed
        progress_failed $student $status [keep_failure $student $work]
    }
    lappend ::free_slots $slot
    array unset g $slot,*
    fill_slots
}

# The exit status of a pipeline that has reached its end, or how it died.
proc grading_status {chan} {
    if {![catch {close $chan} message options]} {
        return 0
    }
    set code [dict get $options -errorcode]
    switch -- [lindex $code 0] {
        CHILDSTATUS { return [lindex $code 2] }
        CHILDKILLED { return "killed by [lindex $code 2]" }
        default     { return "could not be run: $message" }
    }
}

# Moves a finished grading's folder WORK to DIR/STUDENT, replacing what was
# there (--force). Errors when the results are not complete.
proc install_results {student work} {
    set target [inside $::opt(out) $student]
    set results [file join $work results.json]
    if {![file isfile $results]} {
        error "it wrote no results"
    }
    if {[catch {json::json2dict [read_file $results]} message]} {
        error "its results do not parse: $message"
    }
    if {[file exists $target]} {
        set old [file join $::opt(out) .partial old-[incr ::nstarted]-[pid]]
        file rename $target $old
        file rename $work $target
        file delete -force $old
    } else {
        file rename $work $target
    }
}

# Keeps the report of a grading that failed as DIR/STUDENT/grade-failed.txt
# (earlier finished results there, if any, stay as they were). Returns its
# path.
proc keep_failure {student work} {
    set target [inside $::opt(out) $student]
    file mkdir $target
    set kept [file join $target grade-failed.txt]
    file rename -force [file join $work report.txt] $kept
    file delete -force $work
    return $kept
}

# STUDENT's score and maximum, from their results file.
proc score_of_file {student} {
    set results [json::json2dict [read_file [inside $::opt(out) $student results.json]]]
    return [list [dict get $results score] [dict get $results max_score]]
}

# Starts gradings while a slot is free and a submission waits; when nothing
# runs any more, the batch is done.
proc fill_slots {} {
    while {[llength $::free_slots] && [llength $::queue]} {
        set ::queue [lassign $::queue student]
        set ::free_slots [lassign $::free_slots slot]
        start_grading $slot $student
    }
    progress_draw
    if {[llength $::free_slots] == $::opt(jobs)} {
        set ::batch_done 1
    }
}

# --- Progress ---------------------------------------------------------------

# Prints a progress line (puts's options and text) at once. A closed stdout
# (`grade-batch ... | head`) must not stop the batch half-way through
# finishing a grading: errors are dropped.
proc say {args} {
    catch {
        puts {*}$args
        flush stdout
    }
}

# On a terminal: one line, redrawn in place (a bar, done/total, failures,
# ETA). Otherwise: one plain line per finished submission.
proc progress_graded {student score seconds} {
    if {!$::opt(tty)} {
        say [format "graded  %s  %s  %.1f s" [visible $student] $score $seconds]
    }
}

proc progress_failed {student why kept} {
    progress_clear
    say "FAILED  [visible $student]: could not be graded ($why); see [visible $kept]"
}

proc progress_clear {} {
    if {$::opt(tty)} {
        say -nonewline "\r\033\[K"
    }
}

proc progress_draw {} {
    if {!$::opt(tty) || $::ntograde == 0} {
        return
    }
    set done [expr {$::ngraded + $::nfailed}]
    set width 20
    set filled [expr {$done * $width / $::ntograde}]
    set bar [string repeat # $filled][string repeat . [expr {$width - $filled}]]
    set elapsed [expr {([clock milliseconds] - $::t0) / 1000.0}]
    set eta "--"
    if {$done > 0} {
        set eta [duration [expr {$elapsed * ($::ntograde - $done) / $done}]]
    }
    # Under 80 columns, so that it never wraps and \r always redraws it.
    say -nonewline [format "\r\033\[K\[%s\] %d/%d done, %d failed to grade, %d running, ETA %s" \
        $bar $done $::ntograde $::nfailed [expr {$::opt(jobs) - [llength $::free_slots]}] \
        $eta]
}

# Redraws the progress line every second (the clock and ETA move on).
proc progress_tick {} {
    progress_draw
    if {!$::batch_done} {
        set ::tick [after 1000 progress_tick]
    }
}

# SECONDS as 1h02m, 3m05s or 42s.
proc duration {seconds} {
    set s [expr {int(round($seconds))}]
    if {$s >= 3600} {
        return [format "%dh%02dm" [expr {$s / 3600}] [expr {$s % 3600 / 60}]]
    }
    if {$s >= 60} {
        return [format "%dm%02ds" [expr {$s / 60}] [expr {$s % 60}]]
    }
    return "${s}s"
}

# --- Interruption -----------------------------------------------------------

# ^C (or SIGTERM, SIGHUP): stops every running grading's session (SIGTERM,
# then SIGKILL for what is still there after at most 2 s), drops the
# unfinished folders, and exits (130, whichever signal it was: signal_trap
# passes its number as the one argument). What finished before stays; a
# later run grades the rest.
proc interrupted {args} {
    global g
    progress_clear
    puts stderr "grade-batch: interrupted: stopping the running gradings"
    set pgids {}
    foreach key [array names g *,pgid] {
        lappend pgids $g($key)
        kill_group TERM $g($key)
    }
    for {set i 0} {$i < 40 && [any_running $pgids]} {incr i} {
        after 50
    }
    foreach pgid $pgids {
        kill_group KILL $pgid
    }
    file delete -force [file join $::opt(out) .partial]
    release_lock
    puts stderr "grade-batch: $::ngraded graded in this run are kept; run the same command again to grade the rest"
    exit 130
}

# 1 when one of the processes PIDS still runs (a zombie, which we have not
# reaped yet, has ended).
proc any_running {pids} {
    foreach pid $pids {
        set stat [read_file /proc/$pid/stat]
        set state [lindex [string range $stat [string last ) $stat]+2 end] 0]
        if {$state ni {"" Z X}} {
            return 1
        }
    }
    return 0
}

# --- Main -------------------------------------------------------------------

proc main {argv} {
    parse_command_line $argv
    if {[catch {list_students} students]} {
        usage_error $students
    }
    if {![llength $students]} {
        usage_error "$::opt(submissions) holds no submission folder"
    }
    if {![llength $::opt(labs)]} {
        set ::opt(labs) [labs_found $students]
        if {![llength $::opt(labs)]} {
            usage_error "the submissions are flat folders (no lab folder such as [lindex [known_labs] 0]/): name the labs to grade"
        }
    }
    file mkdir $::opt(out)
    if {[catch take_lock problem]} {
        puts stderr "grade-batch: $problem"
        exit 2
    }
    signal_trap interrupted {SIGINT SIGTERM SIGHUP}
    file delete -force [file join $::opt(out) .partial]  ;# what an interrupted run left
    file mkdir [file join $::opt(out) .partial]

    set ::queue {}
    foreach student $students {
        if {$::opt(force) || ![is_finished $student $::opt(labs)]} {
            lappend ::queue $student
        }
    }
    set ::ntograde [llength $::queue]
    set ::ngraded 0
    set ::nfailed 0
    set ::nstarted 0
    set ::batch_done 0
    set ::t0 [clock milliseconds]
    set kept [expr {[llength $students] - $::ntograde}]
    say "grade-batch: [llength $students] submissions, labs [join $::opt(labs) {, }]:\
          $::ntograde to grade with $::opt(jobs) job[expr {$::opt(jobs) == 1 ? "" : "s"}][expr {$kept ? ", $kept already graded (--force grades them again)" : ""}]"

    set ::free_slots {}
    for {set slot 0} {$slot < $::opt(jobs)} {incr slot} {
        lappend ::free_slots $slot
    }
    if {$::opt(tty)} {
        progress_tick
    }
    fill_slots
    if {!$::batch_done} {
        vwait ::batch_done
    }
    if {[info exists ::tick]} {
        after cancel $::tick
    }
    progress_draw
    progress_clear

    file delete -force [file join $::opt(out) .partial]
    set summary [write_summaries $students]
    release_lock
    say [format "grade-batch: graded %d, failed to grade %d, kept %d, in %s; %d of %d submissions have results" \
              $::ngraded $::nfailed $kept [duration [expr {([clock milliseconds] - $::t0) / 1000.0}]] \
              [dict get $summary graded] [llength $students]]
    say "grade-batch: [file join $::opt(out) summary.csv]"
    say "grade-batch: [file join $::opt(out) summary.html]"
    if {$::nfailed} {
        puts stderr "grade-batch: $::nfailed submissions could not be graded: see their grade-failed.txt"
        return 2
    }
    return 0
}

exit [main $argv]

# grade.tcl: socklab's autograder, run by harness/grade (which checks the
# packages, builds the sandbox and puts us in a private network first).
#
#   harness/grade [--src DIR] [--json FILE] [--jobs N] [--timeout-scale F]
#                 [-v] [--transcripts DIR] [--werror] [--record] [LAB[:CHECK,...] ...]
#
# A grading of the student's own work is recorded for make hint, make
# progress and make watch (results.tcl): each lab graded whole from the
# kit's labs/ folder (the default, as make grade does), unless --json sends
# the results elsewhere (the kit's tests, hosted graders). --record records
# in any case. A TA's --src, or a rerun of some checks (LAB:CHECK), is not
# recorded.
#
# Exit status: 0 every check passed, 1 some check did not, 2 the grader
# could not run.

package require cmdline

set kit [file normalize [file join [file dirname [info script]] .. ..]]
foreach part {signals text procfs programs peers checks servers report build results labs trace trace_draw trace_scenarios} {
    source [file join $kit harness lib $part.tcl]
}

set usage "usage: harness/grade \[--src DIR\] \[--json FILE\] \[--jobs N\] \[--timeout-scale F\] \[-v\] \[--transcripts DIR\] \[--werror\] \[--record\] \[LAB\[:CHECK,...\] ...\]"

proc usage_error {message} {
    puts stderr "grade: $message"
    puts stderr $::usage
    exit 2
}

# Reads the command line into globals; returns the LAB[:CHECKS] words.
proc parse_command_line {argv} {
    set options {
        {src.arg labs}
        {json.arg ""}
        {jobs.arg 1}
        {timeout-scale.arg 1}
        {v}
        {transcripts.arg ""}
        {werror}
        {record}
        {tier.arg namespaces}
        {sandbox.arg ""}
        {colour.arg 0}
    }
    if {[catch {cmdline::getoptions argv $options ""} parsed]} {
        usage_error "unknown option or missing value"
    }
    set ::src [dict get $parsed src]
    set ::json_path [dict get $parsed json]
    set ::jobs [dict get $parsed jobs]
    set ::scale [dict get $parsed timeout-scale]
    set ::verbose [dict get $parsed v]
    set ::transcripts [dict get $parsed transcripts]
    set ::werror [dict get $parsed werror]
    set ::record [expr {[dict get $parsed record] ||
                        ([file normalize $::src] eq [file join $::kit labs] && $::json_path eq "")}]
    set ::tier [dict get $parsed tier]
    set ::sandbox [dict get $parsed sandbox]
    set ::colour [dict get $parsed colour]
    if {![string is integer -strict $::jobs] || $::jobs < 1} {
        usage_error "--jobs takes a whole number from 1 up"
    }
    if {![string is double -strict $::scale] || $::scale <= 0} {
        usage_error "--timeout-scale takes a positive number"
    }
    if {![file isdirectory $::src]} {
        usage_error "--src $::src: no such folder"
    }
    if {$::verbose && $::transcripts eq ""} {
        set ::transcripts [file join $::kit .transcripts]
    }
    if {$::transcripts ne ""} {
        set ::transcripts [file normalize $::transcripts]
    }
    return $argv
}

# The labs to grade, each with the checks to run ({} for all): from the
# command line, or every lab that --src has a folder for.
proc requested_labs {words} {
    set known [known_labs]
    set wanted {}
    foreach word $words {
        lassign [split $word :] lab only
        if {$lab ni $known} {
            usage_error "no lab named '$lab' (the labs are: [join $known {, }])"
        }
        dict lappend wanted $lab {*}[split $only ,]
        if {![dict exists $wanted $lab]} {
            dict set wanted $lab {}
        }
    }
    if {[dict size $wanted] == 0} {
        foreach lab $known {
            if {[file isdirectory [file join $::src $lab]]} {
                dict set wanted $lab {}
            }
        }
        if {[dict size $wanted] == 0} {
            usage_error "--src $::src holds no lab folder (such as [lindex $known 0]/); name the lab to grade a flat folder"
        }
    }
    return $wanted
}

# Grades one lab: its checks file, the build, then each check in order.
# Returns the results, printing each as it comes.
proc grade_lab {lab only} {
    source [file join $::kit harness $lab checks.exp]
    print_lab_heading
    set results [dict create]
    set r [build_lab]
    print_result $r
    dict set results build $r
    foreach c $::checks {
        set id [dict get $c id]
        if {[llength $only] && $id ni $only} {
            continue
        }
        if {[dict get $results build outcome] ne "PASS"} {
            set r [dict create lab $lab check $id title [dict get $c title] max [dict get $c points] \
                       score 0 stretch [dict get $c stretch] hint "" try "" seconds 0.0 \
                       outcome "NOT RUN" why "the lab does not build"]
        } else {
            set r [run_check $c $results]
        }
        print_result $r
        dict set results $id $r
    }
    set list [dict values $results]
    print_score "Score" $list
    return $list
}

proc main {argv} {
    set wanted [requested_labs [parse_command_line $argv]]
    set ::work [exec mktemp -d /tmp/socklab.XXXXXX]
    file attributes $::work -permissions 0755
    # Stopped from outside (^C, a batch's time limit, a hosted engine): leave no
    # work folder behind. Closing our ptys on exit ends every program's run.
    exit_on_signal {file delete -force $::work}
    set ::nruns 0
    set ::check_handles {}
    log_user 0
    set ::stty_init -echo  ;# the tty's own echo must never satisfy a pattern
    say "socklab grader: sandbox tier $::tier"
    set all {}
    dict for {lab only} $wanted {
        set started [clock seconds]
        set results [grade_lab $lab $only]
        if {$::record && $only eq ""} {
            record_results $lab $results $started
        }
        lappend all {*}$results
    }
    if {[dict size $wanted] > 1} {
        say ""
        print_score "Total" $all
    }
    if {$::json_path ne ""} {
        set f [open $::json_path w]
        puts $f [results_json $all]
        close $f
    }
    file delete -force $::work
    foreach r $all {
        if {[dict get $r outcome] ni {PASS SKIPPED} && ![dict get $r stretch]} {
            return 1
        }
    }
    return 0
}

exit [main $argv]

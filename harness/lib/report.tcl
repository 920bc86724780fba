# report.tcl: what a student reads on the terminal, and the JSON a hosted
# grader (Gradescope's results format) reads.

package require json::write

# The detail lines of a result that did not pass: what was sent, expected
# and seen, why, a hint and how to try it by hand. Plain text, no colour.
proc result_details {r} {
    set lines {}
    if {[dict exists $r notes]} {
        foreach note [dict get $r notes] {
            lappend lines "note:      $note"
        }
    }
    if {[dict exists $r why]} {
        lappend lines "why:       [dict get $r why]"
    }
    if {[dict exists $r sent] && [llength [dict get $r sent]]} {
        set shown {}
        foreach item [dict get $r sent] {
            lassign $item who s action
            set text [expr {$s eq "^D" ? "^D (end of input)" : [visible $s 120]}]
            if {$action ne ""} {
                set text $action  ;# not bytes: what a peer did (closed, ...)
            }
            lappend shown [expr {$who eq "" ? $text : "$who $text"}]
        }
        if {[llength $shown] > 8} {
            set shown [concat [lrange $shown 0 6] [list "... ([expr {[llength $shown] - 7}] more)"]]
        }
        lappend lines "sent:      [join $shown {, then }]"
    }
    if {[dict exists $r expected]} {
        lappend lines "expected:  [visible [dict get $r expected]]"
    }
    if {[dict exists $r got]} {
        lappend lines "got:       [visible [dict get $r got]]"
    }
    if {[dict exists $r output]} {
        foreach l [split [string trimright [dict get $r output]] \n] {
            lappend lines "  | $l"
        }
    }
    if {[dict exists $r picture]} {
        lappend lines "trace:     [lindex [dict get $r picture] 0]"
        foreach l [lrange [dict get $r picture] 1 end] {
            lappend lines "  | $l"
        }
    }
    if {[dict get $r outcome] in {FAIL ERROR}} {
        if {[dict get $r hint] ne ""} {
            lappend lines "hint:      [dict get $r hint]"
        }
        if {[dict get $r try] ne ""} {
            set try [dict get $r try]
            if {![string match make* $try]} {
                set try "make && $try"
            }
            lappend lines "try:       cd [try_folder [dict get $r lab]] && $try"
        }
        lappend lines "rerun:     [rerun_command [dict get $r lab] [dict get $r check]]"
        if {$::transcripts ne ""} {
            lappend lines "transcript: [file join $::transcripts [dict get $r lab] [dict get $r check].log]"
        }
    }
    if {[dict exists $r trace] && $::verbose} {
        lappend lines {*}[split [dict get $r trace] \n]
    }
    return $lines
}

# Where the student would build and run the lab by hand.
proc try_folder {lab} {
    if {[file isdirectory [file join $::src $lab]]} {
        return [file join $::src $lab]
    }
    return "labs/$lab  (after copying your files there)"
}

# The command that grades this one check again, with its transcript.
proc rerun_command {lab check} {
    set cmd "harness/grade"
    if {$::src ne "labs"} {
        append cmd " --src $::src"
    }
    return "$cmd -v $lab:$check"
}

proc paint {colour text} {
    if {!$::colour} {
        return $text
    }
    set code [dict get {green 32 red 31 yellow 33 bold 1 dim 2} $colour]
    return "\033\[${code}m$text\033\[0m"
}

# Prints TEXT and a newline on stdout. A reader that went away (`| head`)
# must not stop the grading: the JSON file and the exit status still come.
proc say {text} {
    catch {puts $text}
}

# Prints a lab's heading.
proc print_lab_heading {} {
    say ""
    say [paint bold "[dict get $::lab id]: [dict get $::lab title]"]
}

# Prints one result as it comes in: a line, and details unless it passed.
proc print_result {r} {
    set outcome [dict get $r outcome]
    set colour [dict get {PASS green FAIL red ERROR red "NOT RUN" yellow SKIPPED yellow} $outcome]
    set points [expr {[dict get $r stretch] ? "stretch" : "[dict get $r score]/[dict get $r max]"}]
    say [format "  %s %-14s %-7s %s" [paint $colour [format %-7s $outcome]] \
              [dict get $r check] $points [dict get $r title]]
    if {$outcome in {FAIL ERROR}} {
        foreach line [result_details $r] {
            say "          $line"
        }
    } elseif {$outcome in {"NOT RUN" SKIPPED}} {
        say [paint dim "          [dict get $r why]"]
    } elseif {[dict exists $r notes]} {
        foreach line [result_details $r] {
            say "          $line"
        }
    } elseif {[dict exists $r warnings] && [dict get $r warnings] ne ""} {
        say [paint yellow "          compiler warnings (not fatal, but read them):"]
        foreach line [lrange [split [dict get $r warnings] \n] 0 19] {
            say "            $line"
        }
    }
}

# Score and maximum of a list of results: stretch checks and checks skipped
# for the sandbox tier count for neither.
proc score_of {results} {
    set score 0
    set max 0
    foreach r $results {
        if {[dict get $r stretch] || [dict get $r outcome] eq "SKIPPED"} {
            continue
        }
        incr score [dict get $r score]
        incr max [dict get $r max]
    }
    return [list $score $max]
}

proc print_score {label results} {
    lassign [score_of $results] score max
    set colour [expr {$score == $max ? "green" : "bold"}]
    say [paint $colour "  $label: $score/$max"]
}

# The results as a Gradescope-compatible JSON object.
proc results_json {results} {
    lassign [score_of $results] score max
    set tests {}
    foreach r $results {
        set output [join [result_details $r] \n]
        if {[dict get $r outcome] in {"NOT RUN" SKIPPED}} {
            set output [dict get $r why]
        }
        lappend tests [json::write object \
            name [json::write string "[dict get $r lab]: [dict get $r title]"] \
            score [dict get $r score] \
            max_score [dict get $r max] \
            status [json::write string [expr {[dict get $r outcome] eq "PASS" ? "passed" : "failed"}]] \
            output [json::write string $output] \
            extra_data [json::write object \
                lab [json::write string [dict get $r lab]] \
                check [json::write string [dict get $r check]] \
                outcome [json::write string [dict get $r outcome]] \
                stretch [expr {[dict get $r stretch] ? "true" : "false"}] \
                seconds [dict get $r seconds]]]
    }
    return [json::write object \
        score $score \
        max_score $max \
        output [json::write string "socklab: sandbox tier $::tier"] \
        tests [json::write array {*}$tests]]
}

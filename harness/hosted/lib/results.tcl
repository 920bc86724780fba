# results.tcl: the results a hosted grader hands to its engine, put together
# from what harness/grade left for each lab, complete or not.
#
#   expect -f results.tcl checks KIT LAB...
#       each lab's checks, one per line, tab-separated: LAB CHECK POINTS
#       STRETCH TITLE (build first, as the grader runs them)
#   expect -f results.tcl merge KIT MANIFEST OUT
#       writes OUT (atomically: OUT.tmp, then a rename): a Gradescope results
#       object (DESIGN §4, `--json`) for the labs MANIFEST lists, one line
#       each, tab-separated: LAB JSON LOG REASON. REASON empty: the grader
#       ended and JSON holds the lab's results. Otherwise REASON says why the
#       lab's grading did not finish (or never started): the checks LOG shows
#       as graded keep their result, and every other check of the lab is
#       reported "not graded" with REASON. A line whose LAB is "-" is a
#       note: its REASON goes into the results' output as it is.
#   expect -f results.tcl autolab JSON [LAB...]
#       Autolab's autoresult line for a results object: {"scores": {LAB: N, ...}},
#       each LAB named (0 when JSON has no test of it) and then every other
#       lab of JSON; with no readable JSON, every LAB named scores 0
#   expect -f results.tcl total JSON
#       `SCORE MAX` of a results object
#
# Runs under expect (not tclsh): the checks files it reads for the list of a
# lab's checks source the harness's library, which uses expect's commands.

package require json
package require json::write

# Every check of LAB as the grader declares it: a list of dicts with id,
# points, stretch, title; the build check first (as grade.tcl runs it).
proc lab_checks {kit lab} {
    set ::kit $kit
    set ::checks {}
    uplevel #0 [list source [file join $kit harness $lab checks.exp]]
    set list [list [dict create id build points 0 stretch 0 \
                        title "compiles and links with the given code"]]
    foreach c $::checks {
        lappend list [dict create id [dict get $c id] points [dict get $c points] \
                          stretch [dict get $c stretch] title [dict get $c title]]
    }
    return $list
}

# Loads the harness library that the checks files use, once.
proc load_harness {kit} {
    if {[info exists ::harness_loaded]} {
        return
    }
    set ::kit $kit
    foreach part {text procfs programs peers checks servers} {
        uplevel #0 [list source [file join $kit harness lib $part.tcl]]
    }
    set ::harness_loaded 1
}

# The results of LAB that harness/grade printed in LOG before it stopped:
# a dict from check id to a test (as in the JSON: name, score, max_score,
# status, output, extra_data). Result lines start in column 3 (`  PASS
# build   0/0   title`); their detail lines, indented 10, follow. What a
# student program printed is only ever shown indented, so it cannot pass
# for a result line.
proc results_in_log {lab log} {
    set found [dict create]
    if {$log eq "" || ![file readable $log]} {
        return $found
    }
    set f [open $log]
    set text [read $f]
    close $f
    set in_lab 0
    set current ""
    foreach line [split [string map {\r ""} $text] \n] {
        if {[regexp {^(\S+): } $line -> heading]} {
            set in_lab [expr {$heading eq $lab}]
            set current ""
            continue
        }
        if {!$in_lab} {
            continue
        }
        if {[regexp {^  (PASS|FAIL|ERROR|NOT RUN|SKIPPED) +(\S+) +(stretch|(\d+)/(\d+)) +(.*)$} \
                 $line -> outcome id points score max title]} {
            set stretch [expr {$points eq "stretch"}]
            if {$stretch} {
                set score 0
                set max 0
            }
            dict set found $id [test $lab $id $title $score $max $outcome $stretch ""]
            set current $id
        } elseif {$current ne "" && [string match "          *" $line]} {
            set t [dict get $found $current]
            set output [dict get $t output]
            dict set t output [expr {$output eq "" ? "" : "$output\n"}][string range $line 10 end]
            dict set found $current $t
        } else {
            set current ""
        }
    }
    return $found
}

# One test of the results object, as a dict.
proc test {lab id title score max outcome stretch output} {
    return [dict create name "$lab: $title" score $score max_score $max \
                status [expr {$outcome eq "PASS" ? "passed" : "failed"}] output $output \
                extra_data [dict create lab $lab check $id outcome $outcome \
                                stretch $stretch seconds 0.0]]
}

# The tests of a results file written by harness/grade --json, or an error
# when there is none or it does not parse.
proc tests_in_json {path} {
    set f [open $path]
    set results [json::json2dict [read $f]]
    close $f
    set tests [dict get $results tests]
    if {![llength $tests]} {
        error "no tests in $path"
    }
    return [list $tests [dict get $results output]]
}

# JSON text of one test dict.
proc test_json {t} {
    set extra [dict get $t extra_data]
    set stretch [expr {[dict exists $extra stretch] && [string is true -strict [dict get $extra stretch]]}]
    set seconds [expr {[dict exists $extra seconds] ? [dict get $extra seconds] : 0.0}]
    return [json::write object \
        name [json::write string [dict get $t name]] \
        score [dict get $t score] \
        max_score [dict get $t max_score] \
        status [json::write string [dict get $t status]] \
        output [json::write string [dict get $t output]] \
        extra_data [json::write object \
            lab [json::write string [dict get $extra lab]] \
            check [json::write string [dict get $extra check]] \
            outcome [json::write string [dict get $extra outcome]] \
            stretch [expr {$stretch ? "true" : "false"}] \
            seconds $seconds]]
}

# Score and maximum of a list of tests, as the grader counts them: stretch
# checks and checks skipped for the sandbox tier count for neither.
proc totals {tests} {
    set score 0
    set max 0
    foreach t $tests {
        set extra [dict get $t extra_data]
        if {([dict exists $extra stretch] && [string is true -strict [dict get $extra stretch]]) ||
            [dict get $extra outcome] eq "SKIPPED"} {
            continue
        }
        set score [expr {$score + [dict get $t score]}]
        set max [expr {$max + [dict get $t max_score]}]
    }
    return [list $score $max]
}

# The tests of one lab of the manifest, and a line for the summary.
proc lab_tests {kit lab json log reason} {
    if {$reason eq ""} {
        if {![catch {tests_in_json $json} got]} {
            lassign $got tests output
            lassign [totals $tests] score max
            return [list $tests "$lab: $score/$max ($output)"]
        }
        set reason "the grader wrote no results for this lab ($got)"
    }
    set graded [results_in_log $lab $log]
    set tests {}
    set missing 0
    foreach c [lab_checks $kit $lab] {
        set id [dict get $c id]
        if {[dict exists $graded $id]} {
            lappend tests [dict get $graded $id]
            continue
        }
        incr missing
        lappend tests [test $lab $id [dict get $c title] 0 [dict get $c points] "NOT RUN" \
                           [dict get $c stretch] "not graded: $reason"]
    }
    lassign [totals $tests] score max
    return [list $tests "$lab: $score/$max, $missing of [llength $tests] checks not graded: $reason"]
}

proc merge {kit manifest out} {
    load_harness $kit
    set f [open $manifest]
    set lines [split [string trim [read $f]] \n]
    close $f
    set all {}
    set summary {}
    foreach line $lines {
        lassign [split $line \t] lab json log reason
        if {$lab eq "-"} {
            lappend summary $reason  ;# a note for the student
            continue
        }
        if {$lab eq ""} {
            continue
        }
        lassign [lab_tests $kit $lab $json $log $reason] tests text
        lappend all {*}$tests
        lappend summary $text
    }
    lassign [totals $all] score max
    set jsons {}
    foreach t $all {
        lappend jsons [test_json $t]
    }
    set text [json::write object \
        score $score \
        max_score $max \
        output [json::write string "socklab: $score/$max\n[join $summary \n]"] \
        tests [json::write array {*}$jsons]]
    set tmp $out.tmp
    set f [open $tmp w]
    puts $f $text
    close $f
    file rename -force $tmp $out
}

proc read_results {path} {
    set f [open $path]
    set results [json::json2dict [read $f]]
    close $f
    return $results
}

# {"scores": {LAB: N, ...}}: the score of each lab of LABS (0 if PATH has
# none of its tests), then of the other labs PATH has tests of.
proc autolab_line {path labs} {
    set scores [dict create]
    foreach lab $labs {
        dict set scores $lab {}
    }
    if {[catch {dict get [read_results $path] tests} tests]} {
        set tests {}
    }
    foreach t $tests {
        set extra [dict get $t extra_data]
        dict lappend scores [dict get $extra lab] $t
    }
    set pairs {}
    dict for {lab tests} $scores {
        lappend pairs $lab [lindex [totals $tests] 0]
    }
    json::write indented 0
    return [string map {":" ": " "," ", "} [json::write object scores [json::write object {*}$pairs]]]
}

proc main {argv} {
    set args [lassign $argv command]
    switch -- $command {
        checks {
            set args [lassign $args kit]
            load_harness $kit
            foreach lab $args {
                foreach c [lab_checks $kit $lab] {
                    puts [join [list $lab [dict get $c id] [dict get $c points] \
                                    [dict get $c stretch] [dict get $c title]] \t]
                }
            }
        }
        merge {
            merge {*}$args
        }
        autolab {
            puts [autolab_line [lindex $args 0] [lrange $args 1 end]]
        }
        total {
            set results [read_results [lindex $args 0]]
            puts "[dict get $results score] [dict get $results max_score]"
        }
        default {
            puts stderr "usage: expect -f results.tcl checks KIT LAB... | merge KIT MANIFEST OUT | autolab JSON [LAB...] | total JSON"
            return 2
        }
    }
    return 0
}

log_user 0
exit [main $argv]

# results.tcl: the student's recorded gradings, which make hint, make
# progress and make watch read.
#
# build/results/<lab>.json holds the last grading of a lab of the student's
# own work, as `harness/grade --json` writes it (one file per lab). Its
# modification time is when that grading began: a student file saved later
# was not graded ("stale"). build/results/<lab>.hints holds how many hints
# make hint has shown for each check that fails (`check count` lines).
#
# Needs $::kit. Reading needs tcllib's json package, which harness/grade's
# packages include.

proc results_dir {} {
    return [file join $::kit build results]
}

proc results_path {lab} {
    return [file join [results_dir] $lab.json]
}

proc hint_state_path {lab} {
    return [file join [results_dir] $lab.hints]
}

# Writes TEXT to PATH through a temporary file in the same folder and one
# rename, so that a reader sees the old file or the new one, never half of
# one. MTIME (seconds), when given, becomes the file's modification time.
proc write_atomically {path text {mtime ""}} {
    file mkdir [file dirname $path]
    set tmp $path.tmp[pid]
    set f [open $tmp w]
    puts -nonewline $f $text
    close $f
    if {$mtime ne ""} {
        file mtime $tmp $mtime
    }
    file rename -force $tmp $path
}

# Records RESULTS, the results of a grading of LAB that began at STARTED
# (seconds), as results_json (report.tcl) writes them. A check that passes
# starts again at its first hint when it fails later.
proc record_results {lab results started} {
    write_atomically [results_path $lab] [results_json $results]\n $started
    set state [read_hint_state $lab]
    set shown [dict size $state]
    foreach r $results {
        if {[dict get $r outcome] eq "PASS"} {
            dict unset state [dict get $r check]
        }
    }
    if {[dict size $state] != $shown} {
        write_hint_state $lab $state
    }
}

# The last recorded grading of LAB (read_results_file); {} when there is
# none.
proc read_results {lab} {
    set path [results_path $lab]
    if {![file isfile $path]} {
        return {}
    }
    return [read_results_file $lab $path]
}

# The grading of LAB in the results file PATH (as harness/grade --json
# writes it): a dict with score, max, graded (the file's modification
# time, in seconds), order (the check ids in grading order) and checks (id
# -> dict of title, outcome, score, max, stretch, output). Raises an error
# when PATH cannot be read as results.
proc read_results_file {lab path} {
    package require json
    set f [open $path]
    set object [json::json2dict [read $f]]
    close $f
    set r [dict create score [dict get $object score] max [dict get $object max_score] \
               graded [file mtime $path] order {} checks {}]
    foreach test [dict get $object tests] {
        set extra [dict get $test extra_data]
        set id [dict get $extra check]
        dict lappend r order $id
        dict set r checks $id [dict create \
            title [string range [dict get $test name] [string length "$lab: "] end] \
            outcome [dict get $extra outcome] score [dict get $test score] \
            max [dict get $test max_score] stretch [dict get $extra stretch] \
            output [dict get $test output]]
    }
    return $r
}

# The student files of LAB, as its checks file names them.
proc student_files {lab} {
    set f [open [file join $::kit harness $lab checks.exp]]
    set text [read $f]
    close $f
    if {![regexp -line {^\s*student\s+(.+)$} $text -> files]} {
        return {}
    }
    return [string trim $files]
}

# The student files of LAB (paths from the kit) saved after its recorded
# grading R (from read_results) began: those the grading did not see.
proc stale_files {lab r} {
    set stale {}
    foreach name [student_files $lab] {
        set path [file join labs $lab $name]
        set full [file join $::kit $path]
        if {[file exists $full] && [file mtime $full] > [dict get $r graded]} {
            lappend stale $path
        }
    }
    return $stale
}

# How many hints make hint has shown for each failing check of LAB: a dict
# check -> count.
proc read_hint_state {lab} {
    set state [dict create]
    if {[catch {open [hint_state_path $lab]} f]} {
        return $state
    }
    foreach line [split [read $f] \n] {
        if {[regexp {^(\S+) ([0-9]+)$} $line -> check count]} {
            dict set state $check $count
        }
    }
    close $f
    return $state
}

proc write_hint_state {lab state} {
    set text ""
    dict for {check count} $state {
        append text "$check $count\n"
    }
    write_atomically [hint_state_path $lab] $text
}

# When a time (seconds) was, in words for a student: "3 min ago (14:02)",
# "yesterday 23:10", "2024-05-01 09:00".
proc when_graded {seconds} {
    set age [expr {[clock seconds] - $seconds}]
    set at [clock format $seconds -format %H:%M]
    if {$age < 60} {
        return "just now ($at)"
    }
    if {$age < 3600} {
        return "[expr {$age / 60}] min ago ($at)"
    }
    set day [clock format $seconds -format %Y-%m-%d]
    if {$day eq [clock format [clock seconds] -format %Y-%m-%d]} {
        return "today $at"
    }
    if {$day eq [clock format [clock add [clock seconds] -1 day] -format %Y-%m-%d]} {
        return "yesterday $at"
    }
    return "$day $at"
}

# TEXT cut to at most N characters, ending in "..." when it was cut.
proc shorten {text n} {
    if {[string length $text] <= $n} {
        return $text
    }
    return "[string trimright [string range $text 0 [expr {$n - 4}]]]..."
}

# TEXT as lines of at most WIDTH characters (a longer word stays whole),
# each starting with INDENT.
proc wrap {text indent {width 76}} {
    set lines {}
    set line ""
    foreach word [split $text " "] {
        if {$line ne "" && [string length "$indent$line $word"] > $width} {
            lappend lines $indent$line
            set line $word
        } elseif {$line eq ""} {
            set line $word
        } else {
            append line " " $word
        }
    }
    lappend lines $indent$line
    return [join $lines \n]
}

# Whether to colour what goes to stdout: on a terminal, unless NO_COLOR is
# set (as harness/grade decides).
proc colour_wanted {} {
    if {[info exists ::env(NO_COLOR)] && $::env(NO_COLOR) ne ""} {
        return 0
    }
    return [expr {![catch {exec test -t 1 >@ stdout}]}]
}

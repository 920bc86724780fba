# checks.tcl: how a lab declares its checks, and how they are run.
#
# A lab's harness/<lab>/checks.exp reads like the list of what is graded:
#
#   lab 01-echo-io "communication looks like file I/O" {
#       student echo.c
#       unit unit_echo
#   }
#   check prompt 1 "prints the prompt REQ: before reading a line" \
#       -hints {"where to look" "narrower" "the mechanism"} -try "./echo" {
#       set h [start echo]
#       expect_output $h "REQ: " "the prompt REQ:"
#   }
#   unit_check binary 2 "server() echoes binary data byte for byte" server_echoes_*
#
# Options of `check`: -needs {ids} (besides build, which every check needs),
# -hints {TEXT ...} (from where to look to the mechanism: the report shows
# the first, `make hint` reveals the others one at a time), -hint TEXT (a
# single hint), -try TEXT (what to run by hand, from the lab's folder),
# -stretch (shown, worth 0), -namespaces-only (skipped in the fallback tier).
# A body passes by returning; it fails through `fail` (or a helper that
# calls it); any other error is the harness's, reported as ERROR.

# A setting that a lab's checks file may change (`set ::NAME VALUE`, after
# its `lab` line), and its DEFAULT: every lab starts again from the
# default, whatever the lab graded before it set.
proc lab_setting {name default} {
    dict set ::lab_settings $name $default
    set ::$name $default
}
set lab_settings {}

# Declares the lab whose checks follow.
proc lab {id title spec} {
    dict for {name default} $::lab_settings {
        set ::$name $default
    }
    set ::lab [dict create id $id title $title student {} unit {}]
    foreach {key value} [string map [list \n " "] $spec] {
        dict set ::lab $key $value
    }
    set ::checks {}
}

# Declares a check. See the top of this file.
proc check {id points title args} {
    set body [lindex $args end]
    set c [dict create id $id points $points title $title needs {} hints {} try "" \
               stretch 0 namespaces_only 0 body $body]
    set opts [lrange $args 0 end-1]
    for {set i 0} {$i < [llength $opts]} {incr i} {
        set opt [lindex $opts $i]
        switch -- $opt {
            -stretch         { dict set c stretch 1; dict set c points 0 }
            -namespaces-only { dict set c namespaces_only 1 }
            -hint            { dict set c hints [list [lindex $opts [incr i]]] }
            -needs - -hints - -try {
                dict set c [string range $opt 1 end] [lindex $opts [incr i]]
            }
            default { error "check $id: unknown option $opt" }
        }
    }
    # The report shows one hint: the first, which says where to look.
    dict set c hint [lindex [dict get $c hints] 0]
    lappend ::checks $c
}

# A check that runs the lab's cmocka tests whose names match PATTERN, on the
# student's functions. The tests' own messages say what went wrong.
proc unit_check {id points title pattern args} {
    set binary [dict get $::lab unit]
    check $id $points $title {*}$args -try "make $binary && ./$binary '$pattern'" \
        [list run_unit_tests $binary $pattern]
}

# Raises a check failure. Options: -why (required: one sentence), -expected
# and -got (bytes, shown with control characters visible), -output (lines of
# text to show as they are, such as a test's own messages).
proc fail {args} {
    return -code error -errorcode [list SOCKLAB FAIL $args] [dict get $args -why]
}

# Adds a line the report shows under the check whatever its outcome: a fact
# worth knowing that is not a verdict (how runs of a racy program differed).
proc note {text} {
    lappend ::check_notes $text
    send_log "\n>>> note: $text\n"
}

# The body of a unit check: the tests' binary, sandboxed like any program.
proc run_unit_tests {binary pattern} {
    lassign [run_to_end $binary $pattern] report output
    if {[dict exists $report exit] && [dict get $report exit] == 0} {
        return
    }
    fail -output [cmocka_summary $output] \
        -why "the unit tests failed (the test binary [describe_end $report]): see what they report below"
}

# The lines of a cmocka run that say what failed: the tests' own messages
# and crashes, without cmocka's banners and file:line markers.
proc cmocka_summary {output} {
    set keep {}
    foreach line [split [string map [list \r\n \n] $output] \n] {
        if {([string match {\[*} $line] && ![string match *exception* $line]) ||
            [regexp {^ *[0-9]+ FAILED TEST} $line] || [string trim $line] eq ""} {
            continue
        }
        lappend keep $line
    }
    return [join [lrange $keep 0 39] \n]
}

# Runs one declared check and returns its result (a dict). RESULTS so far
# decide whether its dependencies passed.
proc run_check {c results} {
    set id [dict get $c id]
    set r [dict create lab [dict get $::lab id] check $id title [dict get $c title] \
               max [dict get $c points] score 0 stretch [dict get $c stretch] \
               hint [dict get $c hint] try [dict get $c try] seconds 0.0]
    if {[dict get $c namespaces_only] && $::tier ne "namespaces"} {
        return [dict merge $r {outcome SKIPPED why "needs the namespaces tier of the sandbox, which this machine does not allow"}]
    }
    foreach need [concat build [dict get $c needs]] {
        if {![dict exists $results $need]} {
            continue  ;# filtered out of this run: assume nothing
        }
        if {[dict get $results $need outcome] ne "PASS"} {
            return [dict merge $r [list outcome "NOT RUN" why "needs check '$need' to pass first"]]
        }
    }
    set ::check_handles {}
    set ::check_sent {}
    set ::check_notes {}
    set ::server_handle ""  ;# the server under test, once a check starts one
    set ::server_args {}    ;# the words after ./server PORT (servers.tcl)
    transcript_open $id
    set t0 [clock milliseconds]
    set code [catch {uplevel #0 [dict get $c body]} message options]
    set sent $::check_sent
    finish_all
    peer_close_all
    transcript_close
    if {[llength $::check_notes]} {
        dict set r notes $::check_notes
    }
    dict set r seconds [format %.3f [expr {([clock milliseconds] - $t0) / 1000.0}]]
    if {$code == 0 || $code == 2} {
        return [dict merge $r [list outcome PASS score [dict get $c points]]]
    }
    set ecode [dict get $options -errorcode]
    if {[lindex $ecode 0] eq "SOCKLAB" && [lindex $ecode 1] eq "FAIL"} {
        set details [lindex $ecode 2]
        dict set r outcome FAIL
        dict set r why [dict get $details -why]
        dict set r sent $sent
        foreach key {expected got output} {
            if {[dict exists $details -$key]} {
                dict set r $key [dict get $details -$key]
            }
        }
        return [explained_by_trace $r $results]
    }
    return [dict merge $r [list outcome ERROR why "the grader could not decide: $message" \
                               trace [dict get $options -errorinfo]]]
}

# The failed result R with, when a trace of the lab can explain it, the
# piece of the picture that does (r's `picture`: lines). Only for a server
# that echoes (RESULTS so far): the trace's session needs one that works
# that far, and a hostile program is not worth a second run.
proc explained_by_trace {r results} {
    if {![dict exists $results echo] || [dict get $results echo outcome] ne "PASS"} {
        return $r
    }
    # The picture is added detail: a trace that cannot be had (no strace,
    # a program that defeats it) never changes the verdict.
    if {![catch {trace_explanation [dict get $r lab] [dict get $r check]} lines] && [llength $lines]} {
        dict set r picture $lines
    }
    return $r
}

# -v: each check's transcript (what the programs printed, what was sent) goes
# to a file of its own under the transcripts folder.
proc transcript_open {check} {
    if {$::transcripts eq ""} {
        return
    }
    set dir [file join $::transcripts [dict get $::lab id]]
    file mkdir $dir
    set ::transcript_file [file join $dir $check.log]
    log_file -a -noappend $::transcript_file
}

proc transcript_close {} {
    if {$::transcripts ne ""} {
        log_file
    }
}

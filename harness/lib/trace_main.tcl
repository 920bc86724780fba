# trace_main.tcl: harness/trace, the lab's program drawn as the lecture
# draws the protocol, from what it really did (strace -f) in a short
# scripted session. Run by harness/trace (packages, sandbox, private
# network first).
#
#   harness/trace [--src DIR] [--svg FILE] [--html FILE] [--json FILE]
#                 [--raw FILE] [--width N] LAB
# (--raw: strace's own output, every call with its arguments)
#   harness/trace --follow FILE [NAME]   (live: one line per event as
#                                    strace writes FILE, until stopped;
#                                    NAME: the program's, "program" if not given)
#
# Exit status: 0 the picture was drawn, 1 the lab does not build, 2 bad
# usage or the trace could not run.

package require cmdline
package require json::write

set kit [file normalize [file join [file dirname [info script]] .. ..]]
foreach part {text procfs programs peers checks servers report build trace trace_draw trace_scenarios} {
    source [file join $kit harness lib $part.tcl]
}

set usage "usage: harness/trace \[--src DIR\] \[--svg FILE\] \[--html FILE\] \[--json FILE\] \[--raw FILE\] \[--width N\] LAB\n       harness/trace --follow STRACE_OUTPUT \[NAME\]"

proc usage_error {message} {
    puts stderr "trace: $message"
    puts stderr $::usage
    exit 2
}

# The model as JSON, for the kit's tests of the picture's structure: the
# columns (name, kind, pid, parent's name, end), the rows (ms, column's
# name, text, style, arrow's source column's name) and the findings.
proc model_json {m mistakes stopped} {
    set name_of {}
    foreach col [dict get $m columns] {
        dict set name_of $col [dict get $m column,$col name]
    }
    set columns {}
    foreach col [dict get $m columns] {
        set c [dict get $m column,$col]
        set parent [dict get $c parent]
        lappend columns [json::write object name [json::write string [dict get $c name]] \
            kind [json::write string [dict get $c kind]] pid [json::write string [dict get $c pid]] \
            parent [json::write string [expr {$parent eq "" ? "" : [dict get $name_of $parent]}]] \
            end [json::write string [dict get $c end]]]
    }
    set rows {}
    foreach row [dict get $m rows] {
        lassign $row t col text style from
        lappend rows [json::write object ms [row_ms $m $row] column [json::write string [dict get $name_of $col]] \
            text [json::write string $text] style [json::write string $style] \
            from [json::write string [expr {$from eq "" ? "" : [dict get $name_of $from]}]]]
    }
    set findings {}
    foreach f [dict get $m findings] {
        lassign $f id col text
        lappend findings [json::write object id [json::write string $id] \
            column [json::write string [dict get $name_of $col]] text [json::write string $text] \
            mistake [expr {$f in $mistakes ? "true" : "false"}]]
    }
    return [json::write object columns [json::write array {*}$columns] rows [json::write array {*}$rows] \
        findings [json::write array {*}$findings] stopped [json::write string $stopped] \
        cut [expr {[dict get $m cut] ? "true" : "false"}]]
}

# ARGV with its options (-NAME VALUE for each NAME in VALUED) moved before
# the other words, so that the lab may come first (`trace LAB --svg F`).
proc options_first {argv valued} {
    set options {}
    set words {}
    for {set i 0} {$i < [llength $argv]} {incr i} {
        set word [lindex $argv $i]
        if {[string trimleft $word -] in $valued && [string match -* $word]} {
            lappend options $word [lindex $argv [incr i]]
        } else {
            lappend words $word
        }
    }
    return [concat $options $words]
}

proc write_file {path text} {
    set f [open $path w]
    puts $f $text
    close $f
}

# --follow: prints each event of the growing strace output PATH once, as
# "ms  process  event", until stopped (a live demo's trace pane); PROGRAM
# names the first process. Polls the file every 200 ms: it is a display,
# nothing waits on it.
proc follow {path program} {
    set shown [dict create]
    set start ""
    while 1 {
        set text ""
        if {![catch {open $path} f]} {
            set text [read $f]
            close $f
        }
        set m [trace_model [strace_calls $text] {} $program]
        foreach row [dict get $m rows] {
            lassign $row t col text style
            set key [list $t $col $text]
            if {[dict exists $shown $key]} {
                continue
            }
            dict set shown $key 1
            if {$start eq ""} {
                set start $t
            }
            set c [dict get $m column,$col]
            puts [format "%8.1f  %-16s %s" [expr {($t - $start) * 1000}] \
                "[dict get $c name] [dict get $c pid]" $text]
        }
        flush stdout
        after 200
    }
}

proc main {argv} {
    if {[lindex $argv 0] eq "--follow"} {
        if {[llength $argv] ni {2 3}} {
            usage_error "--follow takes the strace output file, and the program's name"
        }
        follow [lindex $argv 1] [expr {[llength $argv] == 3 ? [lindex $argv 2] : "program"}]
    }
    set options {
        {src.arg labs} {svg.arg ""} {html.arg ""} {json.arg ""} {raw.arg ""} {width.arg 0}
        {tier.arg namespaces} {sandbox.arg ""}
    }
    set argv [options_first $argv {src svg html json raw width tier sandbox}]
    if {[catch {cmdline::getoptions argv $options ""} parsed]} {
        usage_error "unknown option or missing value"
    }
    if {[llength $argv] != 1} {
        usage_error "name one lab"
    }
    set lab [lindex $argv 0]
    if {![dict exists $::trace_labs $lab]} {
        set traced "the labs it draws are: [join [dict keys $::trace_labs] {, }]"
        if {[file exists [file join $::kit harness $lab checks.exp]]} {
            usage_error "lab $lab has no traced scenario yet ($traced)"
        }
        usage_error "no lab named '$lab' ($traced)"
    }
    set ::src [dict get $parsed src]
    if {![file isdirectory $::src]} {
        usage_error "--src $::src: no such folder"
    }
    set width [dict get $parsed width]
    if {![string is integer -strict $width] || $width < 0} {
        usage_error "--width takes a whole number"
    }
    if {$width == 0} {
        set width [expr {[info exists ::env(COLUMNS)] ? $::env(COLUMNS) : 120}]
    }
    set ::tier [dict get $parsed tier]
    set ::sandbox [dict get $parsed sandbox]
    set ::scale 1
    set ::werror 0
    set ::transcripts ""
    set ::nruns 0
    set ::check_handles {}
    set ::work [exec mktemp -d /tmp/socklab.XXXXXX]
    file attributes $::work -permissions 0755
    # Only a trace has a work folder to clean up: --follow, above, runs
    # under tclsh (the demo's trace pane) without signal handlers.
    source [file join $::kit harness lib signals.tcl]
    exit_on_signal {file delete -force $::work}
    log_user 0
    set ::stty_init -echo

    source [file join $::kit harness $lab checks.exp]
    set built [build_lab]
    if {[dict get $built outcome] ne "PASS"} {
        puts stderr "trace: $lab does not build: [dict get $built why]"
        if {[dict exists $built output]} {
            puts stderr [dict get $built output]
        }
        file delete -force $::work
        return 1
    }
    set trace [record_trace $lab]
    if {[dict get $parsed raw] ne ""} {
        file copy -force [dict get $trace raw] [dict get $parsed raw]
    }
    file delete -force $::work
    set m [dict get $trace model]
    set title "$lab, traced: [file join $::src $lab]"
    puts "$title\n"
    puts [trace_text $m $width]
    if {[dict get $m cut]} {
        puts "\nThe trace was cut after $::trace_max_lines lines of strace's output: the program made calls without end."
    }
    if {[dict get $trace stopped] ne ""} {
        puts "\nThe session stopped early: [dict get $trace stopped]"
    }
    foreach f [dict get $trace mistakes] {
        puts "\nThe trace shows: [lindex $f 2]"
    }
    if {[dict get $parsed svg] ne ""} {
        write_file [dict get $parsed svg] [trace_svg $m $title]
    }
    if {[dict get $parsed html] ne ""} {
        write_file [dict get $parsed html] [trace_html $m $title [dict get $trace mistakes]]
    }
    if {[dict get $parsed json] ne ""} {
        write_file [dict get $parsed json] [model_json $m [dict get $trace mistakes] [dict get $trace stopped]]
    }
    return 0
}

exit [main $argv]

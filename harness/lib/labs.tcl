# labs.tcl: which labs the kit has (the grader, the batch grader and the
# student tools share it). Needs $::kit.

# What LAB's checks file declares: a dict with lab (its `lab` dict: id,
# title, student, unit) and checks (each check's dict, in order). The file
# is read in an interpreter of its own that knows only how checks are
# declared (checks.tcl, servers.tcl), so that nothing of it runs.
proc lab_declaration {lab} {
    set declare [interp create]
    foreach part {checks servers} {
        $declare eval [list source [file join $::kit harness lib $part.tcl]]
    }
    $declare eval [list source [file join $::kit harness $lab checks.exp]]
    set declared [dict create lab [$declare eval {set ::lab}] checks [$declare eval {set ::checks}]]
    interp delete $declare
    return $declared
}

# Every lab that has checks, in order.
proc known_labs {} {
    set labs {}
    foreach f [lsort [glob -nocomplain -directory [file join $::kit harness] */checks.exp]] {
        lappend labs [file tail [file dirname $f]]
    }
    return $labs
}

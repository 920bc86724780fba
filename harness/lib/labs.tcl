# labs.tcl: which labs the kit has (the grader, the batch grader and the
# student tools share it). Needs $::kit.

# Every lab that has checks, in order.
proc known_labs {} {
    set labs {}
    foreach f [lsort [glob -nocomplain -directory [file join $::kit harness] */checks.exp]] {
        lappend labs [file tail [file dirname $f]]
    }
    return $labs
}

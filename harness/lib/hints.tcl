# hints.tcl: a lab's checks as make hint needs them: each check's hints,
# from where to look to the mechanism, and the checks it needs. Needs $::kit
# and build.tcl (the build check, which is the kit's, not a lab's).

# The checks of LAB in the order they are graded, build first: a list of
# dicts with id, title, hints and needs.
proc lab_checks {lab} {
    set checks [list [dict create id build title $::build_title hints $::build_hints needs {}]]
    foreach c [dict get [lab_declaration $lab] checks] {
        lappend checks [dict filter $c key id title hints needs]
    }
    return $checks
}

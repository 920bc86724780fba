# hints.tcl: a lab's checks as make hint needs them: each check's hints,
# from where to look to the mechanism, and the checks it needs. Needs $::kit.

# The build check is the kit's, not a lab's, so its hints are here; the
# first is the one the grader's report shows (build.tcl).
set build_hints {
    "Fix the first error first: later ones often follow from it."
    "Build it by hand in the lab's folder (make) and read the first error: its file:line, and the line above it, since a missing semicolon or closing brace is often reported one line late."
    "\"implicit declaration\" means a missing #include (the function's man page names its header, e.g. man 2 accept); \"undefined reference\" a function that is declared but never defined, or misspelt."
}

# The checks of LAB in the order they are graded, build first: a list of
# dicts with id, title, hints and needs. Its checks file is read in an
# interpreter of its own that knows only how checks are declared
# (checks.tcl, servers.tcl), so that nothing of it runs.
proc lab_checks {lab} {
    set declare [interp create]
    foreach part {checks servers} {
        $declare eval [list source [file join $::kit harness lib $part.tcl]]
    }
    $declare eval [list source [file join $::kit harness $lab checks.exp]]
    set checks [list [dict create id build title "compiles and links with the given code" \
                          hints $::build_hints needs {}]]
    foreach c [$declare eval {set ::checks}] {
        lappend checks [dict filter $c key id title hints needs]
    }
    interp delete $declare
    return $checks
}

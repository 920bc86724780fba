# build.tcl: the `build` check, which the grader and the trace share: the
# kit's given code and the student's files, copied into a fresh folder of
# the work folder ($::work) and compiled with the kit's rules. Needs $::kit,
# $::src and $::werror, and the lab being declared ($::lab).

# The build check's title and hints (make hint shows them one at a time;
# the grader's report shows the first).
set build_title "compiles and links with the given code"
set build_hints {
    "Fix the first error first: later ones often follow from it."
    "Build it by hand in the lab's folder (make) and read the first error: its file:line, and the line above it, since a missing semicolon or closing brace is often reported one line late."
    "\"implicit declaration\" means a missing #include (the function's man page names its header, e.g. man 2 accept); \"undefined reference\" a function that is declared but never defined, or misspelt."
}

# Where the student's files of LAB are: DIR/LAB/ in a kit-shaped tree, or
# DIR itself when it is a flat folder.
proc student_folder {lab} {
    set nested [file join $::src $lab]
    if {[file isdirectory $nested]} {
        return $nested
    }
    return $::src
}

# The file to compile for the student file PATH: PATH itself when it is a
# regular file. A symbolic link is followed only to a file of the kit's labs/ (lab
# 01's reference is the given labs/common/echo.c): one pointing elsewhere
# could make the grader copy any file it can read. Errors say why not.
proc student_file_contents {path} {
    if {[file type $path] ne "link"} {
        return $path
    }
    set target [file normalize [file join [file dirname $path] [file readlink $path]]]
    # Only into labs/: a link into solutions/ or the checks would hand the
    # compiler (and its error messages) what the student must not see.
    if {[string first $::kit/labs/ $target] != 0 || ![file isfile $target] ||
        [file type $target] eq "link"} {
        error "[file tail $path] is a symbolic link to a file outside the kit's labs/ folder"
    }
    return $target
}

# Runs a command in the build, at most a minute; returns {status output}.
proc build_step {args} {
    set status [catch {exec timeout 60 {*}$args 2>@1} output]
    return [list $status $output]
}

# The `build` check: copies the kit's given code and the student's files
# into a fresh folder and compiles them with the kit's rules.
proc build_lab {} {
    set lab [dict get $::lab id]
    set r [dict create lab $lab check build title $::build_title \
               max 0 score 0 stretch 0 hint "" try "make" seconds 0.0 warnings ""]
    set t0 [clock milliseconds]
    set ::build [file join $::work $lab]
    file delete -force $::build [file join $::work common]
    file copy [file join $::kit labs common] [file join $::work common]
    file copy [file join $::kit labs $lab] $::build
    foreach f [glob -nocomplain -directory $::build *] {
        if {[file tail $f] ni {Makefile} && ![string match *.\[ch\] $f]} {
            file delete -force $f  ;# a student's old binaries and objects
        }
    }
    foreach student [dict get $::lab student] {
        set from [file join [student_folder $lab] $student]
        if {![file isfile $from]} {
            return [dict merge $r [list outcome FAIL \
                why "there is no $student in [student_folder $lab]" \
                hint "Your work goes in $student; pass the folder that holds it with --src."]]
        }
        if {[catch {student_file_contents $from} real]} {
            return [dict merge $r [list outcome FAIL why $real \
                hint "Hand in $student itself, as a regular file."]]
        }
        file copy -force $real [file join $::build $student]
    }
    set cflags "-g -O2[expr {$::werror ? " -Werror" : ""}]"
    lassign [build_step env CFLAGS=$cflags make -s -C $::build KIT=$::kit all \
                 {*}[expr {[dict get $::lab unit] ne "" ? "unit" : ""}]] status output
    exec chmod -R a+rX $::work  ;# programs run as a user of their own
    dict set r seconds [format %.3f [expr {([clock milliseconds] - $t0) / 1000.0}]]
    if {$status != 0} {
        return [dict merge $r [list outcome FAIL why "the compiler reported errors" output $output \
            hint [lindex $::build_hints 0]]]
    }
    return [dict merge $r [list outcome PASS warnings [string trim $output]]]
}

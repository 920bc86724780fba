# harness/handouts/build.tcl: the handouts as web pages (make handouts).
#   tclsh build.tcl KIT TRACES
# Renders KIT/handouts/*.md into KIT/build/handouts/: one standalone page
# per lab with a nav bar (index, previous lab, next lab), an index page,
# the shared stylesheet, the protocol pictures and, when TRACES is not 0,
# a trace of each lab's reference program drawn by harness/trace. The pages
# load nothing from the network, so they work offline from file://.
# Writes nothing outside KIT/build/handouts. Exit 0 (a trace that could not
# be drawn is a warning on stderr and a note on its page); 1 when a handout
# shows a picture that does not exist.
package require Tcl 8.6
package require Markdown

set kit [file normalize [lindex $argv 0]]
source [file join $kit harness lib text.tcl]  ;# html_escape
set traces [expr {[lindex $argv 1] ne "0"}]
set out [file join $kit build handouts]
# harness/trace takes --src and --svg relative to the kit's folder.
cd $kit

# Seconds one lab's trace may take before it counts as failed.
set trace_timeout 180

proc read_text {path} {
    set f [open $path r]
    fconfigure $f -encoding utf-8
    set text [read $f]
    close $f
    return $text
}

proc write_text {path text} {
    set f [open $path w]
    fconfigure $f -encoding utf-8
    puts -nonewline $f $text
    close $f
}

proc warn {message} {
    puts stderr "handouts: $message"
}

# map_matches RE TEXT CMD: TEXT with every match of RE replaced by what
# CMD returns, called with the whole match and then each subexpression.
# (Tcl 8.6's regsub has no -command.)
proc map_matches {re text cmd} {
    set result ""
    set start 0
    while {[set spans [regexp -start $start -indices -inline -- $re $text]] ne ""} {
        set groups {}
        foreach span $spans {
            lappend groups [string range $text {*}$span]
        }
        lassign [lindex $spans 0] from to
        append result [string range $text $start $from-1] [{*}$cmd {*}$groups]
        set start [expr {max($to + 1, $from + 1)}]
        if {$to < $from} {
            # An empty match: keep the character it stood before and move on.
            append result [string index $text $from]
        }
    }
    append result [string range $text $start end]
}

# lab_heading MD NAME: a dict about handout NAME (its file name without
# .md) from its first line, "# Lab 01: echo-io: the title": heading (the
# whole line), short ("Lab 01"), title ("the title"). A handout of another
# shape keeps its first line as heading and title.
proc lab_heading {md name} {
    set first [string trim [lindex [split $md \n] 0]]
    set heading [string trimleft $first "# "]
    if {[regexp {^(Lab [0-9]+): [^:]+: (.*)$} $heading -> short title]} {
        return [dict create heading $heading short $short title $title]
    }
    return [dict create heading $heading short $name title $heading]
}

# markdown_to_html MD: the HTML fragment for Markdown text MD.
# Markdown 1.2.2 escapes a fenced code block twice (&lt; shows as "&lt;")
# unless a converter is registered for its language, so every language
# the text uses, and none, gets one that keeps the code as it is.
proc markdown_to_html {md} {
    Markdown::register "" keep_code
    foreach {- lang} [regexp -all -inline -line {^\s*(?:```|~~~)\{?([^\s\}]+)} $md] {
        Markdown::register [string tolower $lang] keep_code
    }
    lassign [set_aside_nested_code $md] md blocks
    set html [Markdown::convert $md]
    dict for {token block} $blocks {
        regsub "(?:<p>)?${token}(?:</p>)?" $html [regsub -all {[&\\]} $block {\\&}] html
    }
    return $html
}

# set_aside_nested_code MD: [list MD' BLOCKS]. Markdown 1.2.2 knows fenced
# code only at the left margin: inside a list item it runs the code into one
# line of text. So each indented fenced block is set aside as HTML in the
# dict BLOCKS, and MD' holds a token in its place, joined to the item's
# text so that the block stays inside the item when it is put back.
proc set_aside_nested_code {md} {
    set lines {}
    set blocks {}
    set code {}
    foreach line [split $md \n] {
        if {[info exists indent]} {
            if {[regexp {^\s*(```|~~~)\s*$} $line]} {
                set token socklabcode[dict size $blocks]x
                dict set blocks $token "<pre class='code'><code$class>[html_escape [join $code \n]]</code></pre>"
                while {[llength $lines] && [string trim [lindex $lines end]] eq ""} {
                    set lines [lrange $lines 0 end-1]
                }
                lappend lines $indent$token
                unset indent
                set code {}
            } else {
                lappend code [regsub "^$indent" $line ""]
            }
        } elseif {[regexp {^( +)(?:```|~~~)\{?([^\s\}]*)} $line -> indent lang]} {
            set class [expr {$lang eq "" ? "" : " class='[html_escape [string tolower $lang]]'"}]
        } else {
            lappend lines $line
        }
    }
    return [list [join $lines \n] $blocks]
}

# keep_code CODE: CODE as it is (already escaped once by Markdown).
proc keep_code {code} {
    return $code
}

# slug TEXT: an id for a heading whose HTML is TEXT ("The picture" ->
# "the-picture"), so that a link can point at any section.
proc slug {text} {
    set words [string tolower [regsub -all {<[^>]*>} $text ""]]
    set words [regsub -all {&[a-z]+;|[^a-z0-9]+} $words -]
    return [string trim $words -]
}

# add_heading_ids HTML: HTML with an id on every heading, unique in the page.
proc add_heading_ids {html} {
    set ::used_ids {}
    map_matches {<h([1-6])>(.*?)</h\1>} $html heading_with_id
}

# heading_with_id MATCH LEVEL TEXT: the heading <hLEVEL>TEXT</hLEVEL> with
# an id no earlier heading of the page has.
proc heading_with_id {match level text} {
    set id [slug $text]
    if {$id eq ""} {
        set id section
    }
    set base $id
    for {set n 2} {$id in $::used_ids} {incr n} {
        set id $base-$n
    }
    lappend ::used_ids $id
    return "<h$level id=\"$id\">$text</h$level>"
}

# rewrite_links HTML NAMES PAGE: HTML of handout PAGE (one of NAMES) whose
# links work from build/handouts/.
# A link to a handout (03-server-v1.md, ../handouts/03-server-v1.md#x)
# goes to its page; a link to another file of the kit (labs/..., ../labs/...)
# would lead nowhere from build/handouts/, so it becomes the file's name
# as code. Links within the page and to other sites are kept.
# (Every quantifier is lazy: in Tcl the first one decides for the whole RE,
# and a greedy one would run from the first link to the last </a>.)
proc rewrite_links {html names page} {
    map_matches {<a href="([^"]*?)"([^>]*?)>(.*?)</a>} $html [list link_for $names $page]
}

# link_for NAMES PAGE MATCH HREF ATTRS TEXT: the link MATCH of PAGE, as it
# must be in PAGE's web page.
proc link_for {names page match href attrs text} {
    if {[string match #* $href] || [regexp {^[a-zA-Z][a-zA-Z0-9+.-]*:|^//} $href]} {
        return $match
    }
    regexp {^([^#]*)(#.*)?$} $href -> path fragment
    set target [file normalize [file join $::kit handouts $path]]
    set name [file rootname [file tail $target]]
    if {[file dirname $target] eq [file join $::kit handouts] && [file extension $target] eq ".md"
        && $name in $names} {
        return "<a href=\"$name.html$fragment\"$attrs>$text</a>"
    }
    return [kit_file_as_code $page $path $target $text]
}

# kit_file_as_code PAGE PATH TARGET TEXT: a link of handout PAGE to a file
# of the kit, as the file's name relative to the kit (labs/x.c), after TEXT
# unless TEXT already says it. A kit path such as labs/... is understood
# from the kit's top too, as a reader of the handouts would.
proc kit_file_as_code {page path target text} {
    set kit_relative [string map [list $::kit/ ""] $target]
    if {![file exists $target]} {
        set from_top [file normalize [file join $::kit $path]]
        if {[file exists $from_top]} {
            set kit_relative [string map [list $::kit/ ""] $from_top]
        } else {
            warn "handouts/$page.md links to $path, which is not a file of the kit: shown as code"
            set kit_relative $path
        }
    }
    set code "<code>[html_escape $kit_relative]</code>"
    if {[regsub -all {<[^>]*>} $text ""] in [list $path $kit_relative]} {
        return $code
    }
    return "$text ($code)"
}

# missing_images HTML: the list of the srcs of the images of HTML that are
# not files under handouts/ (pictures/x.svg).
proc missing_images {html} {
    set missing {}
    foreach {- src} [regexp -all -inline {<img src="([^"]*)"} $html] {
        if {![regexp {^[a-zA-Z][a-zA-Z0-9+.-]*:} $src]
            && ![file isfile [file join $::kit handouts $src]]} {
            lappend missing $src
        }
    }
    return $missing
}

# traces_unavailable: why no lab's trace can be drawn in this build, or "".
proc traces_unavailable {} {
    if {!$::traces} {
        return "This build skipped the traces (make handouts TRACES=0)."
    }
    if {![file executable harness/trace]} {
        return "This kit has no harness/trace, so the reference could not be traced."
    }
    if {![file isdirectory solutions]} {
        return "The reference solutions are not part of this kit, so there is no trace of them here."
    }
    return ""
}

# draw_trace LAB: draws the reference's trace of LAB into
# build/handouts/traces/LAB.svg with harness/trace. Returns "" when the
# picture is there, else why it is not (a sentence, for the page's note),
# after a warning if harness/trace failed.
proc draw_trace {lab} {
    if {$::no_traces ne ""} {
        return $::no_traces
    }
    set svg build/handouts/traces/$lab.svg
    file mkdir [file dirname $svg]
    if {[catch {exec timeout -k 5 $::trace_timeout harness/trace $lab --src solutions --svg $svg 2>@1} output]} {
        set why [exec_failure $output $::errorCode]
    } elseif {![file isfile $svg] || ![string match *<svg* [read_text $svg]]} {
        set why "it wrote no SVG picture"
    } else {
        return ""
    }
    file delete $svg
    warn "$lab: no trace: harness/trace failed: $why"
    return "harness/trace failed for this lab: $why"
}

# exec_failure OUTPUT ERRORCODE: why a command run by exec (under timeout)
# failed, in a few words: its exit status and the last line it printed.
proc exec_failure {output errorcode} {
    lassign $errorcode kind - status
    if {$kind ne "CHILDSTATUS"} {
        return $output
    }
    if {$status == 124} {
        return "it took more than $::trace_timeout s"
    }
    # exec adds a line of its own after what the command printed.
    set lines [lsearch -all -inline -not -exact [split [string trim $output] \n] "child process exited abnormally"]
    if {[llength $lines] == 0} {
        return "exit status $status"
    }
    return "exit status $status: [lindex $lines end]"
}

# trace_section LAB: the page's section on the reference's trace: the
# picture, or a note that says plainly why there is none.
proc trace_section {lab} {
    set why [draw_trace $lab]
    set html "<section class=\"trace\">\n<h2 id=\"what-the-reference-does-traced\">What the reference does, traced</h2>\n"
    append html "<p>The reference solution of this lab, run under <code>strace</code> by " \
        "<code>harness/trace</code>: one column per process, each system call of the " \
        "protocol in the order it happened. To get the same picture of your own program, " \
        "run <code>make trace LAB=$lab</code> from the kit's folder.</p>\n"
    if {$why eq ""} {
        append html "<figure class=\"trace-picture\"><a href=\"traces/$lab.svg\">" \
            "<img src=\"traces/$lab.svg\" alt=\"the system calls of the reference of $lab, " \
            "one column per process\"/></a>\n" \
            "<figcaption>The reference of $lab, traced (open the picture for its full size)." \
            "</figcaption></figure>\n"
    } else {
        append html "<p class=\"note trace-note\">No trace on this page: [html_escape $why]</p>\n"
    }
    append html "</section>\n"
}

# after_picture HTML SECTION: HTML with SECTION at the end of the section
# "The picture", next to the lecture's picture it complements; at the end
# of the page if there is none.
proc after_picture {html section} {
    set picture [string first {id="the-picture">} $html]
    if {$picture >= 0} {
        set next [string first "<h2 " $html $picture]
        if {$next >= 0} {
            return [string range $html 0 $next-1]$section\n[string range $html $next end]
        }
    }
    return $html\n$section
}

# nav NAMES HEADINGS I: the nav bar of page I of NAMES (-1: the index).
proc nav {names headings i} {
    set html "<nav class=\"labs\">\n<a href=\"index.html\" rel=\"index\">All labs</a>\n"
    foreach {rel step arrow} {prev -1 "&larr;" next 1 "&rarr;"} {
        set j [expr {$i + $step}]
        if {$i < 0 || $j < 0 || $j >= [llength $names]} {
            continue
        }
        set h [lindex $headings $j]
        set label "[dict get $h short]: [html_escape [dict get $h title]]"
        if {$rel eq "prev"} {
            set label "$arrow $label"
        } else {
            set label "$label $arrow"
        }
        append html "<a href=\"[lindex $names $j].html\" rel=\"$rel\">$label</a>\n"
    }
    append html "</nav>\n"
}

# page TITLE NAV BODY: a standalone HTML page.
proc page {title nav body} {
    return "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>[html_escape $title]</title>
<link rel=\"stylesheet\" href=\"style.css\">
</head>
<body>
$nav<main>
$body
</main>
$nav</body>
</html>
"
}

# lab_page NAMES HEADINGS I: the page of handout I, or an error when the
# handout shows a picture that does not exist.
proc lab_page {names headings i} {
    set name [lindex $names $i]
    set html [markdown_to_html [read_text [file join $::kit handouts $name.md]]]
    set missing [missing_images $html]
    if {[llength $missing]} {
        error "handouts/$name.md shows [join $missing {, }], which handouts/ does not hold"
    }
    set html [rewrite_links [add_heading_ids $html] $names $name]
    # A lab with a program to trace (lab 10 measures the others: none).
    if {[file exists [file join $::kit harness $name checks.exp]]} {
        set html [after_picture $html [trace_section $name]]
    }
    return [page "[dict get [lindex $headings $i] heading] (socklab)" [nav $names $headings $i] $html]
}

# index_page NAMES HEADINGS: the index: every lab, its folder and title.
proc index_page {names headings} {
    set rows ""
    foreach name $names h $headings {
        append rows "<tr><td><a href=\"$name.html\">[dict get $h short]</a></td>" \
            "<td><code>$name</code></td><td>[html_escape [dict get $h title]]</td></tr>\n"
    }
    set body "<h1 id=\"socklab-handouts\">socklab: the handouts</h1>
<p>One handout per lab, in the order of the lecture: communication between
processes looks like file I/O, the client and the server protocols, fork and
wait, signals, fork races. Each page shows the lab's protocol as a picture
and, below it, what the reference program does, traced.</p>
<table class=\"labs\">
<thead><tr><th>lab</th><th>folder</th><th>what it is about</th></tr></thead>
<tbody>
$rows</tbody>
</table>
<p>Grade a lab with <code>make grade LAB=01-echo-io</code> from the kit's folder.</p>"
    return [page "socklab: the handouts" [nav $names $headings -1] $body]
}

proc main {} {
    set names {}
    foreach md [lsort [glob -directory [file join $::kit handouts] *.md]] {
        lappend names [file rootname [file tail $md]]
    }
    set headings {}
    foreach name $names {
        lappend headings [lab_heading [read_text [file join $::kit handouts $name.md]] $name]
    }
    set ::no_traces [traces_unavailable]
    if {$::traces && $::no_traces ne ""} {
        warn "no traces: $::no_traces"
    }
    # A fresh folder: no page of a handout that has since gone.
    file delete -force $::out
    file mkdir $::out
    file copy [file join $::kit harness handouts style.css] $::out
    if {[file isdirectory [file join $::kit handouts pictures]]} {
        file copy [file join $::kit handouts pictures] $::out
    }
    for {set i 0} {$i < [llength $names]} {incr i} {
        if {[catch {lab_page $names $headings $i} html]} {
            warn $html
            exit 1
        }
        write_text [file join $::out [lindex $names $i].html] $html
    }
    write_text [file join $::out index.html] [index_page $names $headings]
    puts "handouts: [llength $names] pages in build/handouts/index.html"
}

main

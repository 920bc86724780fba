# batch_summary.tcl: the summaries of a batch (harness/grade-batch), read
# back from every student's results.json: DIR/summary.csv for a
# spreadsheet and DIR/summary.html for a TA's browser.
#
# Everything a student controls (a folder's name, anything printed) is
# escaped before it reaches the page or a spreadsheet cell; the page loads
# nothing from outside (its style and its sorting script are inline).

package require csv
package require json

# Writes DIR/summary.csv and DIR/summary.html for STUDENTS (each through a
# temporary file and a rename, so a reader never sees half of one). Returns
# a dict: graded (how many students have results).
proc write_summaries {students} {
    set batch [gather_results $students]
    write_atomically [file join $::opt(out) summary.csv] [summary_csv $batch]
    write_atomically [file join $::opt(out) summary.html] [summary_html $batch]
    set graded 0
    foreach student $students {
        incr graded [dict exists $batch student $student results]
    }
    return [dict create graded $graded]
}

proc write_atomically {path text} {
    set tmp $path.tmp-[pid]
    set f [open $tmp w]
    fconfigure $f -encoding utf-8 -translation lf
    puts -nonewline $f $text
    close $f
    file rename -force $tmp $path
}

# The batch as one dict:
#   students: the students, in order
#   labs: the labs graded
#   student STUDENT results: {LAB {score S max M} ...} (absent: no results)
#   student STUDENT outcome LAB:CHECK: PASS FAIL ERROR "NOT RUN" SKIPPED
#   student STUDENT failed: 1 when the last grading failed
#   checks: {LAB:CHECK {lab L check C title T max M stretch 0|1} ...}, in order
#   max LAB: the lab's maximum (the largest any result gives)
proc gather_results {students} {
    set batch [dict create students $students labs $::opt(labs) checks {}]
    foreach lab $::opt(labs) {
        dict set batch max $lab 0
    }
    foreach student $students {
        dict set batch student $student failed \
            [file exists [inside $::opt(out) $student grade-failed.txt]]
        if {[catch {finished_results $student $::opt(labs)} results]} {
            continue
        }
        foreach lab $::opt(labs) {
            dict set batch student $student results $lab {score 0 max 0}
        }
        foreach t [dict get $results tests] {
            set extra [dict get $t extra_data]
            set lab [dict get $extra lab]
            if {$lab ni $::opt(labs)} {
                continue  ;# graded by an earlier run, not asked for now
            }
            set key $lab:[dict get $extra check]
            set outcome [dict get $extra outcome]
            set stretch [expr {[dict exists $extra stretch] && [dict get $extra stretch]}]
            dict set batch student $student outcome $key $outcome
            if {![dict exists $batch checks $key]} {
                set title [dict get $t name]
                if {[string first "$lab: " $title] == 0} {
                    set title [string range $title [string length "$lab: "] end]
                }
                dict set batch checks $key [dict create lab $lab check [dict get $extra check] \
                    title $title max [dict get $t max_score] stretch $stretch]
            }
            if {!$stretch && $outcome ne "SKIPPED"} {
                dict with batch student $student results $lab {
                    incr score [dict get $t score]
                    incr max [dict get $t max_score]
                }
            }
        }
        foreach lab $::opt(labs) {
            set m [dict get $batch student $student results $lab max]
            dict set batch max $lab [expr {max($m, [dict get $batch max $lab])}]
        }
    }
    return $batch
}

# STUDENT's score in LAB, or "" when they have no results.
proc lab_score {batch student lab} {
    if {![dict exists $batch student $student results]} {
        return ""
    }
    return [dict get $batch student $student results $lab score]
}

proc total_score {batch student} {
    if {![dict exists $batch student $student results]} {
        return ""
    }
    set total 0
    foreach lab [dict get $batch labs] {
        incr total [lab_score $batch $student $lab]
    }
    return $total
}

proc total_max {batch} {
    set total 0
    foreach lab [dict get $batch labs] {
        incr total [dict get $batch max $lab]
    }
    return $total
}

# --- summary.csv ----------------------------------------------------------

# One row per student: student, the score of each lab, total; cells empty
# for a student who could not be graded. The header names the labs; the
# last row, whose student cell is `(max)`, holds each lab's maximum.
proc summary_csv {batch} {
    set labs [dict get $batch labs]
    set rows [list [csv::join [list student {*}$labs total]]]
    foreach student [dict get $batch students] {
        set row [list [spreadsheet_safe $student]]
        foreach lab $labs {
            lappend row [lab_score $batch $student $lab]
        }
        lappend row [total_score $batch $student]
        lappend rows [csv::join $row]
    }
    set row [list (max)]
    foreach lab $labs {
        lappend row [dict get $batch max $lab]
    }
    lappend row [total_max $batch]
    lappend rows [csv::join $row]
    return [join $rows \n]\n
}

# A cell a spreadsheet will not take for a formula: a name starting with
# = + - @ or a tab or carriage return gets a leading ' (OWASP's advice for
# CSV injection), which spreadsheets show as text.
proc spreadsheet_safe {text} {
    if {[regexp "^\[=+\\-@\t\r\]" $text]} {
        return '$text
    }
    return $text
}

# --- summary.html -------------------------------------------------------

# TEXT safe in HTML text and in a double- or single-quoted attribute.
proc html {text} {
    return [string map {& &amp; < &lt; > &gt; \" &quot; ' &#39;} $text]
}

# A relative link to PARTS (a student's folder name, then file names), each
# part percent-encoded as UTF-8 so that any folder name makes a working link.
proc href {args} {
    set encoded {}
    foreach part $args {
        set out ""
        foreach byte [split [encoding convertto utf-8 $part] ""] {
            if {[regexp {[A-Za-z0-9._~-]} $byte]} {
                append out $byte
            } else {
                append out [format %%%02X [scan $byte %c]]
            }
        }
        lappend encoded $out
    }
    return [join $encoded /]
}

# The page: the grades (students x labs, sortable), then each check with how
# many students did not pass it and links to their transcripts of it.
proc summary_html {batch} {
    set labs [dict get $batch labs]
    set n [llength [dict get $batch students]]
    append page "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" \
        "<title>socklab: batch grades</title>\n<style>\n[html_style]</style>\n</head>\n<body>\n" \
        "<h1>socklab: batch grades</h1>\n" \
        "<p>[html $n] submissions, labs [html [join $labs {, }]], summarised\
         [html [clock format [clock seconds] -format {%Y-%m-%d %H:%M %Z}]]. Click a column's\
         heading to sort by it; click again to reverse. A student's name links to their\
         full report.</p>\n" \
        [html_grades $batch] [html_checks $batch] [html_not_graded $batch] \
        "<script>\n[html_script]</script>\n</body>\n</html>\n"
    return $page
}

proc html_grades {batch} {
    set labs [dict get $batch labs]
    append out "<h2>Grades</h2>\n<table id=\"grades\" class=\"sortable\">\n<thead><tr>" \
        "<th data-type=\"text\">student</th>"
    foreach lab $labs {
        append out "<th data-type=\"number\">[html $lab] <span class=\"max\">/[dict get $batch max $lab]</span></th>"
    }
    append out "<th data-type=\"number\">total <span class=\"max\">/[total_max $batch]</span></th></tr></thead>\n<tbody>\n"
    foreach student [dict get $batch students] {
        append out "<tr><td data-sort=\"[html $student]\"><a href=\"[html [href $student report.txt]]\">[html $student]</a></td>"
        foreach lab $labs {
            append out [html_score_cell [lab_score $batch $student $lab] [dict get $batch max $lab]]
        }
        append out [html_score_cell [total_score $batch $student] [total_max $batch]] "</tr>\n"
    }
    append out "</tbody>\n</table>\n"
    return $out
}

# A score's cell: coloured by how full it is; "not graded" when empty.
proc html_score_cell {score max} {
    if {$score eq ""} {
        return "<td data-sort=\"-1\" class=\"none\">not graded</td>"
    }
    set class [expr {$score == $max ? "full" : ($score == 0 ? "zero" : "part")}]
    return "<td data-sort=\"$score\" class=\"$class\">$score</td>"
}

# Each check, in order: how many students failed it (FAIL or ERROR), each
# linked to their transcript of the check (their report when the check left
# no transcript, as `build` does), and how many did not get to run it.
proc html_checks {batch} {
    append out "<h2>Checks</h2>\n<p>For each check, the students who did not pass it, each linked to\
        their transcript of that check (or to their report when the check keeps none, as\
        <code>build</code> does); \u201cnot run\u201d counts those whose earlier check it needed\
        failed.</p>\n<table id=\"checks\" class=\"sortable\">\n<thead><tr>" \
        "<th data-type=\"text\">lab</th><th data-type=\"text\">check</th><th data-type=\"number\">points</th>" \
        "<th data-type=\"text\">title</th><th data-type=\"number\">failed</th>" \
        "<th data-type=\"number\">not run</th><th data-type=\"text\">students who failed it</th></tr></thead>\n<tbody>\n"
    dict for {key c} [dict get $batch checks] {
        set failed {}
        set not_run 0
        foreach student [dict get $batch students] {
            if {![dict exists $batch student $student outcome $key]} {
                continue
            }
            switch -- [dict get $batch student $student outcome $key] {
                FAIL - ERROR { lappend failed [html_transcript_link $student $c] }
                "NOT RUN"    { incr not_run }
            }
        }
        set points [expr {[dict get $c stretch] ? "stretch" : [dict get $c max]}]
        append out "<tr><td>[html [dict get $c lab]]</td><td>[html [dict get $c check]]</td>" \
            "<td data-sort=\"[dict get $c max]\">[html $points]</td><td>[html [dict get $c title]]</td>" \
            "<td class=\"[expr {[llength $failed] ? "part" : "full"}]\">[llength $failed]</td>" \
            "<td>$not_run</td><td class=\"who\">[join $failed {, }]</td></tr>\n"
    }
    append out "</tbody>\n</table>\n"
    return $out
}

# A link to STUDENT's transcript of check C, or to their report when the
# check kept no transcript.
proc html_transcript_link {student c} {
    set transcript [list transcripts [dict get $c lab] [dict get $c check].log]
    if {[file isfile [inside $::opt(out) $student {*}$transcript]]} {
        set link [href $student {*}$transcript]
    } else {
        set link [href $student report.txt]
    }
    return "<a href=\"[html $link]\">[html $student]</a>"
}

# The students without results, each linked to why.
proc html_not_graded {batch} {
    set items {}
    foreach student [dict get $batch students] {
        if {[dict exists $batch student $student results]} {
            continue
        }
        if {[dict get $batch student $student failed]} {
            lappend items "<li><a href=\"[html [href $student grade-failed.txt]]\">[html $student]</a>: the grader could not grade it (see its report)</li>"
        } else {
            lappend items "<li>[html $student]: not graded yet</li>"
        }
    }
    if {![llength $items]} {
        return ""
    }
    return "<h2>Not graded</h2>\n<ul>\n[join $items \n]\n</ul>\n"
}

proc html_style {} {
    return {body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \25B2"; }
th[aria-sort=descending]::after { content: " \25BC"; }
td.full { background: #e6f4e6; }
td.part { background: #fff4d6; }
td.zero, td.none { background: #fbe3e3; }
td.who { max-width: 40em; }
.max { color: #777; font-weight: normal; }
}
}

# Sorting: a click on a heading sorts its table's rows by that column
# (numbers as numbers, text as text; data-sort overrides a cell's text);
# a second click reverses.
proc html_script {} {
    return {document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0], col = th.cellIndex;
    var numeric = th.getAttribute('data-type') === 'number';
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    function key(row) {
      var cell = row.cells[col], v = cell.getAttribute('data-sort');
      if (v === null) v = cell.textContent;
      return numeric ? parseFloat(v) || 0 : v;
    }
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return dir * (numeric ? x - y : String(x).localeCompare(String(y)));
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
}
}

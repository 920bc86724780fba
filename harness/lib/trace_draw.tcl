# trace_draw.tcl: the trace's model (trace.tcl) drawn as the lecture draws
# the protocol: one column per process, time going down, arrows for
# connections and data. As text for the terminal, as SVG for a page.

# Whether column COL is alive at row index I of model M, and how: "" (not
# yet, or no more), "live", or "blocked" (inside a call that waits).
proc lifeline_at {m col i} {
    set t [lindex [dict get $m rows] $i 0]
    set c [dict get $m column,$col]
    set ended [dict get $c ended]
    if {$t < [dict get $c born] || ($ended ne "" && $t > $ended)} {
        return ""
    }
    foreach span [dict get $m blocked,$col] {
        if {[lindex $span 0] < $t && $t < [lindex $span 1]} {
            return blocked
        }
    }
    return live
}

# Milliseconds since the trace began, as a row's time stamp.
proc row_ms {m row} {
    return [format %.1f [expr {([lindex $row 0] - [dict get $m start]) * 1000}]]
}

# TEXT cut or padded to exactly WIDTH characters.
proc fit {text width} {
    if {[string length $text] > $width} {
        set text "[string range $text 0 [expr {$width - 2}]]…"
    }
    return [format %-${width}s $text]
}

# The model M as text, WIDTH characters wide at most (columns share it).
# For an excerpt, ROWS (the indices of the rows to draw) and COLUMNS (the
# keys of the columns to draw, in the picture's order); default all.
proc trace_text {m width {rows ""} {columns ""}} {
    if {$columns eq ""} {
        set columns [dict get $m columns]
    } else {
        set columns [lmap col [dict get $m columns] {expr {$col in $columns ? $col : [continue]}}]
    }
    set n [llength $columns]
    set cw [expr {max(16, min(34, ($width - 9) / max(1, $n)))}]
    set out [format %8s "ms"]
    set rule [format %8s ""]
    foreach col $columns {
        append out " [fit [dict get $m column,$col name] $cw]"
        append rule " [fit [string repeat ─ [expr {$cw - 2}]] $cw]"
    }
    lappend lines [string trimright $out] [string trimright $rule]
    if {$rows eq ""} {
        set rows [lsearch -all [dict get $m rows] *]
    }
    foreach i $rows {
        lappend lines [string trimright [text_row $m $i $cw $columns]]
    }
    return [join $lines \n]
}

# One row of the text picture, in COLUMNS: the event in its column, the lifelines of
# the others (│ running, ┊ blocked in a call), and an arrow when the event
# came from another column.
proc text_row {m i cw columns} {
    set row [lindex [dict get $m rows] $i]
    lassign $row t target text style from
    set ti [lsearch -exact $columns $target]
    set fi [expr {$from eq "" ? -1 : [lsearch -exact $columns $from]}]
    set out [format %8s [row_ms $m $row]]
    for {set k 0} {$k < [llength $columns]} {incr k} {
        set col [lindex $columns $k]
        if {$k == $ti} {
            set arrow [expr {$fi < 0 ? "" : ($fi < $ti ? "▶ " : "◀ ")}]
            set cell [fit "$arrow$text" $cw]
        } elseif {$fi >= 0 && (($k > $fi && $k < $ti) || ($k < $fi && $k > $ti))} {
            set cell [string repeat ─ $cw]
        } elseif {$k == $fi} {
            # The arrow leaves the source's lifeline, at the start of its cell.
            set cell [expr {$fi < $ti ? "├[string repeat ─ [expr {$cw - 1}]]" : [fit ┤ $cw]}]
        } else {
            set cell [fit [lindex {"" │ ┊} [lsearch {"" live blocked} [lifeline_at $m $col $i]]] $cw]
        }
        append out " $cell"
    }
    return $out
}

# ---------------------------------------------------------------------------
# SVG

# The model M as a standalone SVG picture, titled TITLE.
proc trace_svg {m title} {
    set columns [dict get $m columns]
    set rows [dict get $m rows]
    set cw 190
    set rh 20
    set left 60
    set top 70
    set width [expr {$left + [llength $columns] * $cw + 120}]  ;# room for the last column's text
    set height [expr {$top + [llength $rows] * $rh + 30}]
    set x_of {}
    set k 0
    foreach col $columns {
        dict set x_of $col [expr {$left + $k * $cw + $cw / 2}]
        incr k
    }
    lappend svg "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"$width\" height=\"$height\" viewBox=\"0 0 $width $height\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\" role=\"img\">"
    lappend svg "<title>[html_escape $title]</title>"
    lappend svg {<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>}
    lappend svg "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    lappend svg "<text x=\"8\" y=\"20\" font-size=\"13\" font-weight=\"bold\">[html_escape $title]</text>"
    lappend svg "<text x=\"8\" y=\"[expr {$top - 8}]\" fill=\"#777\">ms</text>"
    foreach col $columns {
        set c [dict get $m column,$col]
        set x [dict get $x_of $col]
        set fill [expr {[dict get $c kind] eq "peer" ? "#e8f0fe" : ([dict get $c parent] eq "" ? "#fde8d8" : "#e6f4ea")}]
        lappend svg "<rect x=\"[expr {$x - $cw / 2 + 6}]\" y=\"30\" width=\"[expr {$cw - 12}]\" height=\"24\" rx=\"4\" fill=\"$fill\" stroke=\"#888\"/>"
        lappend svg "<text x=\"$x\" y=\"46\" text-anchor=\"middle\" font-weight=\"bold\">[html_escape [svg_column_title $c]]</text>"
        lappend svg {*}[svg_lifeline $m $col $x $top $rh]
    }
    set i 0
    foreach row $rows {
        lassign $row t col text style from
        set y [expr {$top + $i * $rh + 14}]
        set x [dict get $x_of $col]
        lappend svg "<text x=\"8\" y=\"$y\" fill=\"#777\">[row_ms $m $row]</text>"
        if {$from ne "" && [dict exists $x_of $from]} {
            set fx [dict get $x_of $from]
            set tx [expr {$fx < $x ? $x - 4 : $x + 4}]
            lappend svg "<line class=\"arrow\" x1=\"$fx\" y1=\"[expr {$y - 4}]\" x2=\"$tx\" y2=\"[expr {$y - 4}]\" stroke=\"#444\" marker-end=\"url(#arrow)\"/>"
        }
        set colour [dict get {call #111 blocked #b06000 signal #c5221f exit #555 peer #1a4f9c} $style]
        set anchor [expr {$from ne "" && [dict exists $x_of $from] && [dict get $x_of $from] > $x ? "end" : "start"}]
        set tx [expr {$anchor eq "start" ? $x + 8 : $x - 8}]
        lappend svg "<text class=\"event\" x=\"$tx\" y=\"$y\" text-anchor=\"$anchor\" fill=\"$colour\"><tspan>[html_escape $text]</tspan></text>"
        incr i
    }
    lappend svg "</svg>"
    return [join $svg \n]
}

# A column's heading: its name, and its pid when it is a process.
proc svg_column_title {c} {
    if {[dict get $c kind] eq "process"} {
        return "[dict get $c name] (pid [dict get $c pid])"
    }
    return [dict get $c name]
}

# The lifeline of column COL at X: a line from its first row to its last,
# dashed while it is blocked in a call.
proc svg_lifeline {m col x top rh} {
    set parts {}
    set rows [dict get $m rows]
    set first ""
    set last ""
    set i 0
    foreach row $rows {
        set state [lifeline_at $m $col $i]
        if {$state ne ""} {
            if {$first eq ""} { set first $i }
            set last $i
            set y [expr {$top + $i * $rh}]
            set dash [expr {$state eq "blocked" ? " stroke-dasharray=\"3,3\"" : ""}]
            lappend parts "<line x1=\"$x\" y1=\"$y\" x2=\"$x\" y2=\"[expr {$y + $rh}]\" stroke=\"#999\"$dash/>"
        }
        incr i
    }
    return $parts
}

# A standalone HTML page: the SVG picture, the findings and the text.
proc trace_html {m title findings} {
    set page {<!DOCTYPE html>}
    lappend page "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>[html_escape $title]</title>"
    lappend page {<style>body{font-family:sans-serif;margin:1.5em;max-width:100%}pre{font-size:12px;background:#f6f6f6;padding:.6em;overflow-x:auto}.findings li{color:#a50e0e}</style></head><body>}
    lappend page "<h1>[html_escape $title]</h1>"
    lappend page "<p>One column per process, time going down. A solid line: the process runs; dashed: it is blocked in a call (accept, read, wait). Arrows: a connection accepted, bytes arriving, a child forked, a child reaped.</p>"
    if {[llength $findings]} {
        lappend page "<h2>What the trace shows</h2><ul class=\"findings\">"
        foreach f $findings {
            lappend page "<li>[html_escape [lindex $f 2]]</li>"
        }
        lappend page "</ul>"
    }
    lappend page [trace_svg $m $title]
    lappend page "<h2>As text</h2><pre>[html_escape [trace_text $m 160]]</pre>"
    lappend page "</body></html>"
    return [join $page \n]
}

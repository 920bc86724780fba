# text.tcl: text the checks send, and ways to compare what comes back.

# TEXT with control characters made visible, in double quotes, cut after
# LIMIT characters (saying how much more there was).
proc visible {text {limit 400}} {
    set more [expr {[string length $text] - $limit}]
    if {$more > 0} {
        set text [string range $text 0 [expr {$limit - 1}]]
    }
    set out ""
    foreach ch [split $text ""] {
        scan $ch %c code
        switch -- $ch {
            \n { append out {\n} }
            \r { append out {\r} }
            \t { append out {\t} }
            \\ { append out {\\} }
            \" { append out {\"} }
            default {
                if {$code < 32 || $code == 127} {
                    append out [format {\x%02x} $code]
                } else {
                    append out $ch
                }
            }
        }
    }
    set out "\"$out\""
    if {$more > 0} {
        append out " ... ($more more bytes)"
    }
    return $out
}

# A line of about N bytes that ends in "END\n", made of numbered words so
# that a lost, repeated or moved piece shows.
proc long_line {n} {
    set line ""
    for {set i 1} {[string length $line] < $n - 4} {incr i} {
        append line [format "%04d " $i]
    }
    return "[string range $line 0 [expr {$n - 5}]]END\n"
}

# Whether PRINTED is LINE printed twice by two writers sharing a terminal:
# a first copy (the server's print) and a second (the client's echo), cut
# into pieces and interleaved, the second never ahead of the first.
proc interleaves_twice {line printed} {
    set n [string length $line]
    if {[string length $printed] != 2 * $n} {
        return 0
    }
    # states: how much of the first copy is printed; the second copy has
    # the rest of what was seen so far.
    set states {0}
    set pos 0
    foreach ch [split $printed ""] {
        set next {}
        foreach first $states {
            set second [expr {$pos - $first}]
            if {$first < $n && [string index $line $first] eq $ch} {
                lappend next [expr {$first + 1}]
            }
            if {$second < $first && [string index $line $second] eq $ch} {
                lappend next $first
            }
        }
        set states [lsort -unique -integer $next]
        if {![llength $states]} {
            return 0
        }
        incr pos
    }
    return 1
}

# N bytes of binary data holding every byte value, NUL included, in a
# pattern that does not repeat within 64 KiB (so a lost or repeated block
# shows).
proc binary_blob {n} {
    set blob ""
    for {set block 0} {[string length $blob] < $n} {incr block} {
        set values {}
        for {set i 0} {$i < 256} {incr i} {
            lappend values [expr {($i * 7 + $block * 13) & 255}]
        }
        append blob [binary format c* $values]
    }
    return [string range $blob 0 [expr {$n - 1}]]
}

# TEXT made safe inside HTML or SVG text and quoted attributes.
proc html_escape {text} {
    return [string map {& &amp; < &lt; > &gt; \" &quot;} $text]
}

# demo_panes.tcl: the panes of a live demo (harness/demo), each an
# interactive shell on a terminal of its own, in one of two back ends with
# the same procs:
#   tmux::   panes of a tmux window on the demo's private server (-L), the
#            demo's own pane at the bottom;
#   plain::  shells spawned by expect, their output kept for a transcript.
# Both start every shell with the same rc file (shell_rc), which after each
# command appends "PID STATUS" to the pane's prompts file: that is how the
# demo knows a shell's pid, and when a command has ended and how.
#
# Each back end has: start ROWS (ROWS: the layout, rows of pane ids), type ID
# TEXT (TEXT then Enter), key ID KEY (C-c or C-d), text ID (everything the
# pane has shown, see clean_text) and finish.
# Needs $::work, $::build, $::kit, $::socket (tmux) and $::strace_options.

# The folder of the prompts files, one per pane, named after the pane.
proc prompts_folder {} {
    return [file join $::work prompts]
}

# The command that shows a trace as it grows, until killed: harness/trace
# --follow once it can, `tail -f` until then. The one place to switch.
proc follow_command {} {
    set trace [file join $::kit harness trace]
    if {[file executable $trace] &&
        ![catch {exec sh -c {"$1" --help 2>&1 | grep -q -- --follow} sh $trace}]} {
        return "\"$trace\" --follow \"\$1\" \"\$2\""
    }
    return {tail -n +1 -f "$1"}
}

# Writes the panes' rc file and returns its path. It gives every shell a
# plain prompt, the prompts file, $STRACE (strace.options, one line) and
# short names for the kit's peers, and starts it in the build folder.
proc shell_rc {} {
    set peer [file join $::kit harness lib demo_peer.tcl]
    set rc [file join $::work demo.bashrc]
    set f [open $rc w]
    puts $f [join [list \
        {PS1='$ '} {PS2='> '} {HISTFILE=} \
        "PROMPT_COMMAND='echo \"\$\$ \$?\" >>\"[prompts_folder]/\$SOCKLAB_DEMO_PANE\"'" \
        "STRACE='[join $::strace_options { }]'" \
        "follow() { [follow_command]; }" \
        "echo_server() { tclsh '$peer' serve \"\$@\"; }" \
        "line_client() { tclsh '$peer' connect \"\$@\"; }" \
        {bind 'set enable-bracketed-paste off' 2>/dev/null} \
        "cd '$::build'"] \n]
    close $f
    file mkdir [prompts_folder]
    return $rc
}

# TEXT as a terminal shows it: no carriage returns, escape sequences or
# trailing blanks, and no blank lines at the end. Both back ends return
# this form, so a pane's text only grows at its end.
proc clean_text {text} {
    regsub -all {\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]|[\r\x07]} \
        $text "" text
    regsub -all -line {[ \t]+$} $text "" text
    return [string trimright $text "\n"]
}

namespace eval tmux {
    variable ids  ;# pane id (server, client1, ...) -> tmux's pane id (%3)
    array set ids {}
}

# Runs a tmux command on the demo's private server; returns its output.
# Not on our stdin: a tmux client leaves its stdin blocking, and ours is
# shared with it and must stay non-blocking (see take_keys).
proc tmux::cmd {args} {
    return [exec env -u TMUX tmux -L $::socket {*}$args </dev/null]
}

# Splits tmux pane TARGET (-v: a pane below; -h: to the right; -b before
# instead), the new pane PERCENT of it, with pane ID's shell in it.
proc tmux::new_pane {target how percent id} {
    variable ids
    set ids($id) [cmd split-window {*}$how -d -t $target -l $percent% -P -F {#{pane_id}} \
        -e SOCKLAB_DEMO_PANE=$id -c $::build "exec bash --rcfile '$::rc' -i"]
    cmd select-pane -t $ids($id) -T [label $id]
    return $ids($id)
}

# Builds the layout above the demo's own pane (this process's): ROWS from
# top to bottom, each a list of pane ids from left to right, equal sizes.
proc tmux::start {rows} {
    set demo $::env(TMUX_PANE)
    set first [new_pane $demo {-v -b} 80 [lindex $rows 0 0]]
    set n [llength $rows]
    for {set r 0} {$r < $n} {incr r} {
        if {$r + 1 < $n} {
            # The rows below this one take their share of its height.
            set next [new_pane $first -v [rest_share [expr {$n - $r}]] [lindex $rows $r+1 0]]
        }
        fill_row $first [lindex $rows $r]
        if {$r + 1 < $n} {
            set first $next
        }
    }
    cmd select-pane -t $demo -T "demo: [dict get $::lab id]"
}

# Splits the pane FIRST (the row's first pane, IDS' first) into the row's
# panes, from left to right.
proc tmux::fill_row {first ids} {
    set n [llength $ids]
    set cell $first
    for {set c 1} {$c < $n} {incr c} {
        set cell [new_pane $cell -h [rest_share [expr {$n - $c + 1}]] [lindex $ids $c]]
    }
}

# The percentage of a pane to split off for all but the first of N equal parts.
proc tmux::rest_share {n} {
    return [expr {100 * ($n - 1) / $n}]
}

# Each back end's type, key and text: see the top of this file.
proc tmux::type {id text} {
    variable ids
    if {$text ne ""} {
        cmd send-keys -t $ids($id) -l -- $text
    }
    cmd send-keys -t $ids($id) Enter
}

proc tmux::key {id key} {
    variable ids
    cmd send-keys -t $ids($id) $key
}

# The pane's whole history and screen, wrapped lines joined.
proc tmux::text {id} {
    variable ids
    return [clean_text [cmd capture-pane -p -J -S - -E - -t $ids($id)]]
}

# Ends the private server, and with it every pane (this one too), and
# removes its socket, which tmux leaves behind.
proc tmux::finish {} {
    set dir [expr {[info exists ::env(TMUX_TMPDIR)] ? $::env(TMUX_TMPDIR) : "/tmp"}]
    set path [file join $dir tmux-[exec id -u] $::socket]
    catch {cmd kill-server}
    file delete $path
}

namespace eval plain {
    variable spawned  ;# spawn id -> pane id
    variable raw      ;# pane id -> everything it printed, up to kept_bytes
    # How much of a pane's output the transcript keeps: a program that
    # floods its terminal is still drained, but the rest is dropped (the
    # text then stops growing, as a full scrollback would).
    variable kept_bytes 1048576
    set spawned [dict create]
    array set raw {}
}

# Spawns every pane's shell on a pty of its own, wide enough that no
# command line wraps.
proc plain::start {rows} {
    variable spawned
    variable raw
    set ::stty_init {columns 200 rows 50}
    log_user 0  ;# the panes' output is shown step by step, labelled
    foreach id [concat {*}$rows] {
        spawn -noecho env SOCKLAB_DEMO_PANE=$id TERM=dumb bash --rcfile $::rc -i
        dict set spawned $spawn_id $id
        set raw($id) ""
    }
}

# Reads whatever the panes have printed so far, without waiting.
proc plain::drain {} {
    variable spawned
    variable raw
    variable kept_bytes
    set live [dict keys $spawned]
    if {![llength $live]} {
        return
    }
    expect -timeout 0 -i $live -re {.+} {
        set id [dict get $spawned $expect_out(spawn_id)]
        if {[string length $raw($id)] < $kept_bytes} {
            append raw($id) $expect_out(0,string)
            if {[string length $raw($id)] >= $kept_bytes} {
                append raw($id) "\n\[socklab demo: this pane printed over $kept_bytes bytes; the rest is not shown\]\n"
            }
        }
        exp_continue
    } eof {
        dict unset spawned $expect_out(spawn_id)  ;# the shell is gone
    } timeout {
    }
}

proc plain::type {id text} {
    send -i [spawn_of $id] -- "$text\r"
}

proc plain::key {id key} {
    send -i [spawn_of $id] -- [dict get {C-c \x03 C-d \x04} $key]
}

proc plain::text {id} {
    variable raw
    drain
    return [clean_text $raw($id)]
}

# The spawn id of pane ID's shell.
proc plain::spawn_of {id} {
    variable spawned
    dict for {sid pane} $spawned {
        if {$pane eq $id} {
            return $sid
        }
    }
    error "pane $id has no shell"
}

# Closes every pane's terminal and reaps its shell. Kill first (see
# stop_everything): a closed pty only hangs up the foreground group.
proc plain::finish {} {
    variable spawned
    dict for {sid pane} $spawned {
        catch {close -i $sid}
        catch {wait -i $sid}
    }
    set spawned [dict create]
}

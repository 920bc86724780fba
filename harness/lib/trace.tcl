# trace.tcl: what a program really did, read from `strace -f` (run with
# harness/lib/strace.options), merged with what the grader's own peers did,
# and turned into the lecture's picture: one column per process (client,
# server parent, each child), one row per event, arrows for connections and
# data. This file reads and models; trace_draw.tcl draws.
#
# A call is a dict:
#   t      when it returned, or happened (seconds since the epoch)
#   since  when a call that blocked began ("" when it did not block)
#   pid    the process (as the traced program sees pids)
#   call   the system call's name; `signal` (a signal arrived: args is its
#          name) or `exit` (args is "exited with N" or "killed by SIGX");
#          `cut` last when the text was cut (see trace_head)
#   args   the arguments as strace printed them
#   ret    the result as strace printed it ("" when the trace ended first)

# The words of the one strace command line that traces and live demos
# share (harness/lib/strace.options, a word a line). Needs $::kit.
proc strace_options {} {
    set f [open [file join $::kit harness lib strace.options]]
    set words [lsearch -all -inline -not [split [read $f] \n] ""]
    close $f
    return $words
}

# The calls in strace's output TEXT, in the order they returned. A call that
# strace split (`<unfinished ...>` then `<... resumed>`) is one call with a
# `since`; one still unfinished when the trace ended has ret "".
proc strace_calls {text} {
    set calls {}
    foreach line [split $text \n] {
        if {$line eq "cut"} {
            lappend calls [dict create t 0 since "" pid 0 call cut args "" ret ""]
            break
        }
        if {![regexp {^(\d+)\s+(\d+\.\d+)\s+(.*)$} $line - pid t rest]} {
            continue
        }
        set since ""
        # -T: a finished call ends in <seconds spent in it>; strace stamps
        # it with the time it began, and the picture wants when it returned.
        # (A resumed call is stamped when it returned already.)
        set spent ""
        regexp {^(.*) <(\d+\.\d+)>$} $rest - rest spent
        if {[regexp {^--- (SIG[A-Z0-9]+) } $rest - signal]} {
            lappend calls [dict create t $t since "" pid $pid call signal args $signal ret ""]
        } elseif {[regexp {^\+\+\+ (.*) \+\+\+$} $rest - how]} {
            lappend calls [dict create t $t since "" pid $pid call exit args $how ret ""]
        } elseif {[regexp {^(\w+)\((.*) <unfinished \.\.\.>$} $rest - name partial]} {
            set pending($pid) [list $t $name $partial]
        } elseif {[regexp {^<\.\.\. (\w+) resumed>(.*)$} $rest - name tail]} {
            if {[info exists pending($pid)]} {
                lassign $pending($pid) since - partial
                unset pending($pid)
                lappend calls {*}[strace_call $t $since $pid "$name\($partial$tail"]
            }
        } else {
            if {$spent ne ""} {
                set since $t
                set t [format %.6f [expr {$t + $spent}]]
            }
            lappend calls {*}[strace_call $t $since $pid $rest]
        }
    }
    foreach pid [lsort -integer [array names pending]] {
        lassign $pending($pid) since name partial
        lappend calls [dict create t $since since $since pid $pid call $name args $partial ret ""]
    }
    return $calls
}

# One finished call TEXT (`name(args) = result`) as a list of one call
# dict, or an empty list when TEXT is not one.
proc strace_call {t since pid text} {
    if {![regexp {^(\w+)\((.*)\)\s+=\s+(.*)$} $text - name args ret]} {
        return {}
    }
    return [list [dict create t $t since $since pid $pid call $name args $args ret $ret]]
}

# A descriptor as strace -yy prints it, `4<TCP:[127.0.0.1:5555->127.0.0.1:40000]>`:
# returns {fd what}, what being the part in angle brackets ("" when none).
proc fd_word {word} {
    if {[regexp {^(-?\d+)(?:<(.*)>)?$} [string trim $word] - fd what]} {
        return [list $fd $what]
    }
    return [list "" ""]
}

# The descriptor a call's ARGS start with, as fd_word reads it.
proc fd_arg {args_text} {
    if {[regexp {^(-?\d+(?:<.*?>)?)(?:, |$)} $args_text - word]} {
        return [fd_word $word]
    }
    return [list "" ""]
}

# The string argument of a read or write as strace printed it (C escapes,
# `...` when cut), or "".
proc data_arg {args_text} {
    if {[regexp {^[^,]*, ("(?:[^"\\]|\\.)*"(?:\.\.\.)?)} $args_text - data]} {
        return $data
    }
    return ""
}

# The number a call returned, or "" when it returned none (`?`, an error).
proc ret_number {ret} {
    if {[regexp {^(-?\d+)} $ret - n]} {
        return $n
    }
    return ""
}

# What a TCP or Unix socket's decoration says: {kind key other}, where KEY
# names this end and OTHER the end it talks to (ports for TCP, inodes for
# Unix sockets); kind is tcp, listen, unix or "" for anything else.
proc socket_ends {what} {
    if {[regexp {^TCPv?6?:\[.*:(\d+)->.*:(\d+)\]$} $what - here there]} {
        return [list tcp $here $there]
    }
    if {[regexp {^TCPv?6?:\[.*:(\d+)\]$} $what - here]} {
        return [list listen $here ""]
    }
    if {[regexp {^UNIX(?:-STREAM)?:\[(\d+)->(\d+)\]$} $what - here there]} {
        return [list unix $here $there]
    }
    return [list "" "" ""]
}

# ---------------------------------------------------------------------------
# The model: processes (columns), rows and findings, built from the calls
# and the peers' log (see peer_log in peers.tcl) by trace_model.

# Builds the picture's model of a run. CALLS from strace_calls, PEERS from
# ::peer_log, PROGRAM the name of the traced program's first process
# ("server"). Returns a dict:
#   columns   column keys, left to right: the peers, then the processes in
#             the order they appeared
#   column,K  {name kind pid born ended end} (kind peer or process)
#   rows      {t column text style from since}, in time order: FROM is the
#             column an arrow comes from ("" for none); style is call,
#             blocked, signal, exit or peer
#   findings  {id column text row} facts about descriptors, forks and waits
#   start     the time of the first row
#   cut       1 when the trace was cut (the picture shows only its start)
# When CALL takes effect in the model: when it returned, except a fork or
# a thread's creation, which takes effect as it begins. The new process
# may run (and close descriptors) before strace sees its parent's call
# return, on a busy machine often: it must inherit its table first.
proc event_time {call} {
    if {[dict get $call call] in {clone clone3 fork vfork} && [dict get $call since] ne ""} {
        return [dict get $call since]
    }
    return [dict get $call t]
}

proc trace_model {calls peers program} {
    set m [dict create columns {} rows {} findings {}]
    set events {}
    set cut 0
    foreach call $calls {
        if {[dict get $call call] eq "cut"} {
            set cut 1
        } else {
            lappend events [list [event_time $call] process $call]
        }
    }
    set last [expr {[llength $events] ? [lindex $events end 0] : 0}]
    foreach p $peers {
        set t [expr {[lindex $p 0] / 1e6}]
        if {!$cut || $t <= $last} {
            lappend events [list $t peer $p]
        }
    }
    # The model is built by one model_* proc per kind of call, which share
    # this state (tm_ for trace model):
    #   tm_model       the model so far
    #   tm_fds         (TABLE,FD) -> what the descriptor is (tm_open), where
    #                  TABLE is the column whose descriptor table it is
    #   tm_table_of    a thread's column -> the column whose table it shares
    #   tm_state       facts per column: SO_REUSEADDR set, descriptors forked
    #                  or at end of file, children reaped, ...
    #   tm_writers     end -> {began column} of every write to it
    #   tm_peer_ports  a peer's own port -> its name
    set ::tm_model $m
    set ::tm_program $program
    array unset ::tm_fds
    array unset ::tm_table_of
    set ::tm_threads 0
    array unset ::tm_state
    set ::tm_children 0
    set ::tm_writers [dict create]
    set ::tm_peer_ports [dict create]
    foreach p $peers {
        if {[lindex $p 2] in {connect accept}} {
            dict set ::tm_peer_ports [lindex $p 3] [lindex $p 1]
        }
    }
    foreach e [lsort -real -index 0 $events] {
        lassign $e t kind what
        if {$kind eq "peer"} {
            model_peer_event {*}$what
        } else {
            model_call $what
        }
    }
    model_at_end
    set m [resolve_writers $::tm_model]
    # A blocking call's "waits" row is known only once the call returns:
    # rows go in time order now, and findings point at their row again.
    set rows [lsort -real -index 0 [dict get $m rows]]
    dict set m rows $rows
    set findings {}
    foreach f [dict get $m findings] {
        set at [lindex $f 3]
        set row 0
        while {$row + 1 < [llength $rows] && [lindex $rows $row+1 0] <= $at} {
            incr row
        }
        lappend findings [lreplace $f 3 3 $row]
    }
    dict set m findings $findings
    dict set m start [expr {[llength $rows] ? [lindex $rows 0 0] : 0}]
    dict set m cut $cut
    return [blocked_spans $m]
}

# M with, for each column, blocked,COLUMN: the spans {from to} during which
# it was blocked in a call (from its "waits" row to its next row).
proc blocked_spans {m} {
    set open [dict create]
    foreach col [dict get $m columns] {
        dict set m blocked,$col {}
    }
    foreach row [dict get $m rows] {
        lassign $row t col - style
        if {[dict exists $open $col]} {
            dict lappend m blocked,$col [list [dict get $open $col] $t]
            dict unset open $col
        }
        if {$style eq "blocked"} {
            dict set open $col $t
        }
    }
    dict for {col from} $open {
        dict lappend m blocked,$col [list $from Inf]
    }
    return $m
}

# The column key of process PID, adding its column on first sight: the
# first process is the program, every later one a child.
proc tm_process {pid t {name ""}} {
    set key p$pid
    if {![dict exists $::tm_model column,$key]} {
        if {$name ne ""} {
            # named by its creator (a thread)
        } elseif {[llength [lsearch -all -glob [dict get $::tm_model columns] p*]] > 0} {
            set name "child [incr ::tm_children]"
        } else {
            set name $::tm_program
        }
        dict lappend ::tm_model columns $key
        dict set ::tm_model column,$key [dict create name $name kind process pid $pid \
            born $t ended "" end "" parent ""]
    }
    return $key
}

# The column whose descriptor table COL uses: its own, or for a thread the
# table of the process it belongs to (threads share one table: a descriptor
# a thread closes is closed for all of them).
proc tm_table {col} {
    if {[info exists ::tm_table_of($col)]} {
        return $::tm_table_of($col)
    }
    return $col
}

# 1 when COL is a thread that a process made (not the process's first).
proc tm_is_thread {col} {
    return [info exists ::tm_table_of($col)]
}

# The column key of the peer named WHO, adding its column on first sight:
# the grader's clients and servers on the left, the grader itself (which
# only sends signals) on the right.
proc tm_peer {who t} {
    set key "peer:$who"
    if {![dict exists $::tm_model column,$key]} {
        set at [expr {$who eq "the grader" ? "end"
                      : [llength [lsearch -all -glob [dict get $::tm_model columns] peer:*]]}]
        dict set ::tm_model columns [linsert [dict get $::tm_model columns] $at $key]
        dict set ::tm_model column,$key [dict create name $who kind peer pid "" \
            born $t ended "" end "" parent ""]
    }
    return $key
}

# Adds a row; returns its index.
proc tm_row {t column text {style call} {from ""} {since ""}} {
    dict lappend ::tm_model rows [list $t $column $text $style $from $since]
    return [expr {[llength [dict get $::tm_model rows]] - 1}]
}

# Records a finding about COLUMN, once per id and column, at row ROW (an
# index; past the last row: the last). It keeps the row's time, since rows
# are sorted at the end (see trace_model).
proc tm_finding {id column text row} {
    foreach f [dict get $::tm_model findings] {
        if {[lindex $f 0] eq $id && [lindex $f 1] eq $column} {
            return
        }
    }
    set rows [dict get $::tm_model rows]
    set at [lindex $rows [expr {min($row, [llength $rows] - 1)}] 0]
    dict lappend ::tm_model findings [list $id $column $text $at]
}

proc tm_name {column} {
    return [dict get $::tm_model column,$column name]
}

# One line of what a peer of the grader's did.
proc model_peer_event {us who what port bytes} {
    set t [expr {$us / 1e6}]
    set col [tm_peer $who $t]
    switch -- $what {
        connect  { tm_row $t $col "connect()" peer }
        accept   {
            # The program connected: the arrow comes from its first process.
            set program [lsearch -inline -glob [dict get $::tm_model columns] p*]
            tm_row $t $col "accept() = a connection" peer $program
        }
        send     {
            tm_row $t $col "send [visible_short $bytes]" peer
            tm_wrote tcp:$port $col $t
        }
        receive  { tm_row $t $col "receive [visible_short $bytes]" peer [tm_writer_of tcp:to:$port] }
        shutdown { tm_row $t $col "shutdown(SHUT_WR)" peer }
        close    {
            tm_row $t $col "close()" peer
            dict set ::tm_model column,$col ended $t
        }
        kill     {
            tm_row $t $col "kill($bytes)" peer
            set ::tm_state(signal_from,$bytes) $col
        }
    }
}

# COL began writing to the end KEY at time BEGAN.
proc tm_wrote {key col began} {
    dict lappend ::tm_writers $key [list $began $col]
}

# An arrow's source that is known only once every write is in: who wrote
# to KEY last before the row that reads (see resolve_writers). A read can
# return before the write that fed it does, so the order in which calls
# returned cannot tell.
proc tm_writer_of {key} {
    return "?$key"
}

# M's rows with each deferred source (tm_writer_of) replaced by the column
# that last began writing to its end before the row's time ("" if none).
proc resolve_writers {m} {
    set rows {}
    foreach row [dict get $m rows] {
        set from [lindex $row 4]
        if {[string index $from 0] eq "?"} {
            set writer ""
            if {[dict exists $::tm_writers [string range $from 1 end]]} {
                foreach write [dict get $::tm_writers [string range $from 1 end]] {
                    if {[lindex $write 0] <= [lindex $row 0]} {
                        set writer [lindex $write 1]
                    }
                }
            }
            set row [lreplace $row 4 4 $writer]
        }
        lappend rows $row
    }
    dict set m rows $rows
    return $m
}

# Bytes as a short quoted preview with control characters visible, cut
# with "…" past LIMIT characters.
proc visible_short {bytes {limit 12}} {
    set shown [string range [visible $bytes $limit] 1 end]
    regsub {" \.\.\. \(\d+ more bytes\)$} $shown {…"} shown
    return "\"$shown"
}

# The name of descriptor FD of process COL as the student knows it.
proc fd_name {col fd} {
    set table [tm_table $col]
    if {[info exists ::tm_fds($table,$fd)]} {
        return [dict get $::tm_fds($table,$fd) name]
    }
    return [lindex {stdin stdout stderr} $fd]
}

# Remembers what descriptor FD of COL is: a dict with name, kind (listen,
# tcp, unix, file) and who (the peer at the other end, for tcp).
proc tm_open {col fd kind name {who ""}} {
    set ::tm_fds([tm_table $col],$fd) [dict create kind $kind name $name who $who]
}

# The descriptors of COL: a dict fd -> what.
proc tm_fds_of {col} {
    set fds [dict create]
    foreach key [array names ::tm_fds [tm_table $col],*] {
        dict set fds [lindex [split $key ,] end] $::tm_fds($key)
    }
    return $fds
}

# What an accepted or connected socket's decoration says about its peer.
proc tm_connection {what} {
    lassign [socket_ends $what] kind here there
    if {$kind eq "tcp" && [dict exists $::tm_peer_ports $there]} {
        return [list tcp [dict get $::tm_peer_ports $there] $there]
    }
    if {$kind eq "tcp" && [dict exists $::tm_peer_ports $here]} {
        return [list tcp [dict get $::tm_peer_ports $here] $here]
    }
    return [list $kind "" $there]
}

# When CALL began (strace -T gives it for every call).
proc call_began {call} {
    return [expr {[dict get $call since] eq "" ? [dict get $call t] : [dict get $call since]}]
}

# Models one call of the traced program.
proc model_call {call} {
    set col [tm_process [dict get $call pid] [dict get $call t]]
    set finished [expr {[dict get $call ret] ne "" || [dict get $call call] in {signal exit}}]
    if {[waited $call]} {
        tm_row [dict get $call since] $col "[call_label $call] …" blocked
    }
    set handler model_[dict get $call call]
    if {$finished && [info commands $handler] ne ""} {
        $handler $col $call
    }
}

# 1 when CALL blocked: a call that can wait for another process (not a
# WNOHANG poll) and took over 2 ms, or had not returned when the trace
# ended. Any call can take 2 ms on a busy machine: a socket() or a WNOHANG
# wait4() that did was preempted, not blocked.
proc waited {call} {
    set name [dict get $call call]
    if {[dict get $call since] eq "" || $name ni {accept accept4 read write connect wait4 waitid pause rt_sigsuspend
                                                  poll ppoll epoll_wait epoll_pwait}
        || ($name in {wait4 waitid} && [string match *WNOHANG* [dict get $call args]])
        || ($name in {read write} && [string match /* [lindex [fd_arg [dict get $call args]] 1]])} {
        return 0  ;# (a file, such as the loader reading a library, waits for no process)
    }
    return [expr {[dict get $call ret] eq "" || [dict get $call t] - [dict get $call since] > 0.002}]
}

# How a call that blocked reads in its "waits" row.
proc call_label {call} {
    lassign [fd_arg [dict get $call args]] fd
    switch -- [dict get $call call] {
        accept - accept4 { return "accept($fd) waits" }
        read - write     { return "[dict get $call call]($fd) waits" }
        wait4 - waitid   { return "wait() waits" }
        pause            { return "pause() waits" }
        rt_sigsuspend    { return "sigsuspend() waits" }
        connect          { return "connect($fd) waits" }
        poll - ppoll     { return "poll() waits" }
        epoll_wait - epoll_pwait { return "epoll_wait() waits" }
    }
}

# An event loop's wait for readiness (lab 09): one row for what it found.
proc model_poll {col call} {
    set n [ret_number [dict get $call ret]]
    set name [expr {[string match epoll* [dict get $call call]] ? "epoll_wait" : "poll"}]
    if {$n ne "" && $n > 0} {
        tm_row [dict get $call t] $col "${name}() = $n ready"
    }
}
proc model_ppoll {col call} { model_poll $col $call }
proc model_epoll_wait {col call} { model_poll $col $call }
proc model_epoll_pwait {col call} { model_poll $col $call }

# 1 when CALL on a non-blocking socket found nothing to do (EAGAIN): an
# event loop's normal way of learning that it has taken all there was.
proc would_block {call} {
    return [string match {-1 EAGAIN*} [dict get $call ret]]
}

proc model_socket {col call} {
    lassign [fd_word [dict get $call ret]] fd
    if {$fd ne "" && $fd >= 0} {
        tm_open $col $fd socket "a socket"
        tm_row [dict get $call t] $col "socket() = $fd"
    }
}

proc model_socketpair {col call} {
    if {[regexp {\[(\d+)<(.*?)>, (\d+)<(.*?)>\]} [dict get $call args] - a wa b wb]} {
        tm_open $col $a unix "socketpair end $a" [lindex [socket_ends $wa] 1]
        tm_open $col $b unix "socketpair end $b" [lindex [socket_ends $wb] 1]
        tm_row [dict get $call t] $col "socketpair() = \[$a, $b\]"
    }
}

proc model_setsockopt {col call} {
    if {[regexp {SO_REUSEADDR} [dict get $call args]]} {
        lassign [fd_arg [dict get $call args]] fd
        set ::tm_state($col,reuseaddr) 1
        tm_row [dict get $call t] $col "setsockopt($fd, SO_REUSEADDR)"
    }
}

proc model_bind {col call} {
    lassign [fd_arg [dict get $call args]] fd
    regexp {sin6?_port=htons\((\d+)\)} [dict get $call args] - port
    set text "bind($fd, port [expr {[info exists port] ? $port : "?"}])"
    if {[ret_number [dict get $call ret]] != 0} {
        append text " fails"
    }
    set row [tm_row [dict get $call t] $col $text]
    if {![info exists ::tm_state($col,reuseaddr)]} {
        tm_finding no_reuseaddr $col "[tm_name $col] called bind() without setsockopt(SO_REUSEADDR) first" $row
    }
}

# listen(FD, BACKLOG), with the backlog shown: the length of the queue of
# connections the kernel completes before accept() takes them (lab 09 asks
# again for a longer one).
proc model_listen {col call} {
    lassign [fd_arg [dict get $call args]] fd
    regexp {, (\d+)$} [dict get $call args] - backlog
    tm_open $col $fd listen "the listening socket"
    tm_row [dict get $call t] $col "listen($fd[expr {[info exists backlog] ? ", $backlog" : ""}])"
}

proc model_accept4 {col call} { model_accept $col $call }
proc model_accept {col call} {
    lassign [fd_arg [dict get $call args]] listener
    lassign [fd_word [dict get $call ret]] fd what
    set t [dict get $call t]
    tm_accepting $col [expr {[dict get $call since] eq "" ? $t : [dict get $call since]}]
    if {[string match child* [tm_name $col]]} {
        tm_finding child_accepts $col "[tm_name $col] called accept() itself: after serving, a child must exit, not go back to the server's loop" \
            [llength [dict get $::tm_model rows]]
    }
    if {[would_block $call]} {
        tm_row $t $col "accept($listener): none waiting (EAGAIN)"
        return
    }
    if {$fd eq "" || $fd < 0} {
        set why [expr {[string match *ERESTART* [dict get $call ret]] || [string match *EINTR* [dict get $call ret]]
                       ? "interrupted" : "fails"}]
        set row [tm_row $t $col "accept($listener) $why"]
        set ::tm_state($col,interrupted) $row
        return
    }
    lassign [tm_connection $what] kind who port
    tm_open $col $fd tcp [expr {$who eq "" ? "a connection" : "$who's connection"}] $who
    set from [expr {$who eq "" ? "" : "peer:$who"}]
    tm_row $t $col "accept($listener) = $fd[expr {$who eq "" ? "" : ": $who"}]" call $from
}

# The children COL forked and has not waited for (yet).
proc tm_unreaped_children {col} {
    set children {}
    foreach child [lsearch -all -inline -glob [dict get $::tm_model columns] p*] {
        if {[dict get $::tm_model column,$child parent] eq $col && ![info exists ::tm_state(reaped,$child)]} {
            lappend children $child
        }
    }
    return $children
}

# COL calls CALL (wait, accept): a finding when it still holds a
# connection it forked a child for: the parent is done with it at fork.
proc tm_holding_while {col call} {
    set rows [expr {[llength [dict get $::tm_model rows]]}]
    dict for {fd what} [tm_fds_of $col] {
        if {[dict get $what kind] eq "tcp" && [info exists ::tm_state([tm_table $col],forked_$fd)]} {
            tm_finding parent_keeps_connection $col \
                "[tm_name $col] forked a child for [dict get $what name] but still held fd $fd when it called $call: close it in the parent right after fork()" $rows
        }
    }
}

# An accept of COL that began at time BEGAN: findings about what it still
# held then, and which children still ran.
proc tm_accepting {col began} {
    tm_holding_while $col "accept()"
    set rows [expr {[llength [dict get $::tm_model rows]] - 1}]
    dict for {fd what} [tm_fds_of $col] {
        if {[dict get $what kind] ne "tcp"} {
            continue
        }
        set table [tm_table $col]
        if {[info exists ::tm_state($table,eof_$fd)] && ![info exists ::tm_state($table,forked_$fd)]} {
            tm_finding connection_not_closed $col \
                "[tm_name $col] read end of file on [dict get $what name] (fd $fd) but went back to accept() without closing it" $rows
        }
    }
    # Children forked and not waited for, while the parent accepts again.
    foreach child_col [tm_unreaped_children $col] {
        set ended [dict get $::tm_model column,$child_col ended]
        if {$ended eq "" || $ended > $began} {
            tm_finding parent_accepts_while_child_runs $col \
                "[tm_name $col] went back to accept() while [tm_name $child_col] was still serving: it did not wait for it" $rows
        }
    }
}

proc model_connect {col call} {
    lassign [fd_arg [dict get $call args]] fd
    regexp {sin6?_port=htons\((\d+)\)} [dict get $call args] - port
    if {[ret_number [dict get $call ret]] == 0} {
        tm_open $col $fd tcp "the connection"
        tm_row [dict get $call t] $col "connect($fd, port [expr {[info exists port] ? $port : "?"}])"
    } else {
        tm_row [dict get $call t] $col "connect($fd) fails: [lrange [dict get $call ret] 1 1]"
    }
}

proc model_shutdown {col call} {
    lassign [fd_arg [dict get $call args]] fd
    tm_row [dict get $call t] $col "shutdown($fd)"
}

# The peer at the other end of socket decoration WHAT of COL's fd FD:
# the grader's peer's column, or "" when none is known.
proc tm_peer_column {col fd what} {
    lassign [tm_connection $what] kind who port
    if {$kind eq "tcp" && $who ne ""} {
        set table [tm_table $col]
        if {[info exists ::tm_fds($table,$fd)]} {
            dict set ::tm_fds($table,$fd) who $who
            dict set ::tm_fds($table,$fd) name "$who's connection"
        }
        return [list peer:$who $port]
    }
    return [list "" ""]
}

proc model_read {col call} {
    lassign [fd_arg [dict get $call args]] fd what
    if {[string match /* $what] && $fd > 2} {
        return  ;# the loader reading a library
    }
    set n [ret_number [dict get $call ret]]
    set t [dict get $call t]
    set from ""
    lassign [socket_ends $what] kind here there
    if {$kind eq "tcp"} {
        lassign [tm_peer_column $col $fd $what] from
    } elseif {$kind eq "unix"} {
        set from [tm_writer_of unix:$there]
    }
    if {[would_block $call]} {
        tm_row $t $col "read($fd): nothing yet (EAGAIN)"
        return
    } elseif {$n eq ""} {
        tm_row $t $col "read($fd) fails"
    } elseif {$n == 0} {
        set ::tm_state([tm_table $col],eof_$fd) 1
        tm_row $t $col "read($fd) = 0: end of file"
    } else {
        tm_row $t $col "read($fd) = $n [visible_short [c_unescape [data_arg [dict get $call args]]]]" call $from
    }
    if {$kind eq "tcp"} {
        tm_serving $col $fd
    }
}

proc model_write {col call} {
    lassign [fd_arg [dict get $call args]] fd what
    set n [ret_number [dict get $call ret]]
    set t [dict get $call t]
    set data [visible_short [c_unescape [data_arg [dict get $call args]]] [expr {$fd in {1 2} ? 26 : 12}]]
    lassign [socket_ends $what] kind here there
    if {$kind eq "tcp"} {
        lassign [tm_peer_column $col $fd $what] - port
        tm_wrote tcp:to:$port $col [call_began $call]
    } elseif {$kind eq "unix"} {
        tm_wrote unix:$here $col [call_began $call]
    }
    if {$kind eq "" && $fd in {1 2}} {
        tm_row $t $col "[lindex {- prints errors:} $fd] $data"
    } elseif {$n eq ""} {
        tm_row $t $col "write($fd) fails: [lrange [dict get $call ret] 1 1]"
    } else {
        tm_row $t $col "write($fd) = $n $data"
    }
    if {$kind eq "tcp"} {
        tm_serving $col $fd
    }
}

# COL has just used connection FD (its last row): findings about serving
# while holding the listening socket, or serving in the parent.
proc tm_serving {col fd} {
    set rows [expr {[llength [dict get $::tm_model rows]] - 1}]
    if {[tm_is_thread $col]} {
        return  ;# a thread serves with the process's one table: nothing to close
    }
    if {[string match child* [tm_name $col]]} {
        dict for {lfd what} [tm_fds_of $col] {
            if {[dict get $what kind] eq "listen"} {
                tm_finding child_keeps_listener $col \
                    "[tm_name $col] served its client while still holding fd $lfd, the listening socket: close it first thing in the child" $rows
            }
        }
    } elseif {![info exists ::tm_state([tm_table $col],forked_$fd)]} {
        tm_finding parent_serves $col "[tm_name $col] served a client itself, in the process that accepts" $rows
    }
}

proc model_close {col call} {
    lassign [fd_arg [dict get $call args]] fd what
    if {[string match /* $what] && $fd > 2} {
        return  ;# the loader closing a library
    }
    set name [fd_name $col $fd]
    set table [tm_table $col]
    unset -nocomplain ::tm_fds($table,$fd) ::tm_state($table,forked_$fd) ::tm_state($table,eof_$fd)
    tm_row [dict get $call t] $col "close($fd)[expr {$name eq "" ? "" : ": $name"}]"
}

proc model_clone {col call} {
    set child [ret_number [dict get $call ret]]
    if {$child eq "" || $child <= 0} {
        tm_row [dict get $call t] $col "fork() fails"
        return
    }
    set t [event_time $call]
    if {[string match *CLONE_THREAD* [dict get $call args]]} {
        model_thread_created $col $child $t
        return
    }
    set child_col [tm_process $child $t]
    dict set ::tm_model column,$child_col parent $col
    foreach key [array names ::tm_fds $col,*] {
        set ::tm_fds($child_col,[lindex [split $key ,] end]) $::tm_fds($key)
    }
    dict for {fd what} [tm_fds_of $col] {
        if {[dict get $what kind] eq "tcp"} {
            set ::tm_state($col,forked_$fd) 1
        }
    }
    tm_row $t $col "fork() = $child: [tm_name $child_col]"
    tm_row $t $child_col "fork() = 0: the child starts" call $col
}
proc model_clone3 {col call} { model_clone $col $call }

# COL created thread TID (pthread_create) at time T: a column of its own
# that shares COL's descriptors, and is nobody's child to reap.
proc model_thread_created {col tid t} {
    set thread_col [tm_process $tid $t "thread [incr ::tm_threads]"]
    set ::tm_table_of($thread_col) [tm_table $col]
    tm_row $t $col "pthread_create(): [tm_name $thread_col]"
    tm_row $t $thread_col "the thread starts" call $col
}
proc model_fork {col call} { model_clone $col $call }
proc model_vfork {col call} { model_clone $col $call }

proc model_waitid {col call} { model_wait4 $col $call }
proc model_wait4 {col call} {
    tm_holding_while $col "wait()"
    set pid [ret_number [dict get $call ret]]
    if {$pid eq "" || $pid <= 0} {
        return  ;# a WNOHANG poll that found nothing: not worth a row
    }
    set child_col p$pid
    if {[waited $call]} {
        tm_finding parent_blocks_in_wait $col \
            "[tm_name $col] was blocked in wait() until its child ended: meanwhile no new client is accepted" \
            [llength [dict get $::tm_model rows]]
    }
    set ::tm_state(reaped,$child_col) 1
    set name [expr {[dict exists $::tm_model column,$child_col] ? [tm_name $child_col] : "pid $pid"}]
    tm_row [dict get $call t] $col "wait() = $pid: $name reaped" call $child_col
}

proc model_kill {col call} {
    tm_row [dict get $call t] $col "kill([string map {", " " "} [dict get $call args]])"
}

proc model_rt_sigaction {col call} {
    set args [dict get $call args]
    if {![regexp {^(SIG\w+), \{sa_handler=([^,]+),} $args - signal handler]} {
        return  ;# a query (no new action)
    }
    if {[string match SIGRT* $signal]} {
        return  ;# the C library's own (its threads use it), not the program's
    }
    if {$handler in {SIG_IGN SIG_DFL}} {
        tm_row [dict get $call t] $col "signal($signal, $handler)"
    } else {
        set flags [expr {[string match *SA_RESTART* $args] ? ", SA_RESTART" : ""}]
        tm_row [dict get $call t] $col "sigaction($signal, handler$flags)"
    }
}

proc model_pause {col call} {
    tm_row [dict get $call t] $col "pause() returns"
}
proc model_rt_sigsuspend {col call} {
    tm_row [dict get $call t] $col "sigsuspend() returns"
}

# A signal arriving: the arrow comes from the grader when it sent it, and
# from the child that has just ended for SIGCHLD.
proc model_signal {col call} {
    set signal [dict get $call args]
    set from ""
    if {[info exists ::tm_state(signal_from,$signal)]} {
        set from $::tm_state(signal_from,$signal)
        unset ::tm_state(signal_from,$signal)
    } elseif {$signal eq "SIGCHLD" && [info exists ::tm_state($col,last_child_ended)]} {
        set from $::tm_state($col,last_child_ended)
    }
    tm_row [dict get $call t] $col "signal $signal arrives" signal $from
}

proc model_exit {col call} {
    set t [dict get $call t]
    set how [dict get $call args]
    regsub {^exited with } $how {exit(} how
    if {[string match exit(* $how]} {
        append how ")"
    }
    dict set ::tm_model column,$col ended $t
    dict set ::tm_model column,$col end $how
    set parent [dict get $::tm_model column,$col parent]
    if {$parent ne ""} {
        set ::tm_state($parent,last_child_ended) $col
    }
    tm_row $t $col $how exit
    if {[tm_is_thread $col]} {
        return  ;# the process, and its descriptors, live on
    }
    foreach key [array names ::tm_fds $col,*] {
        unset ::tm_fds($key)
    }
}

# At the end of the trace: children never reaped, and the interrupted
# accept that ended the server.
proc model_at_end {} {
    set rows [expr {[llength [dict get $::tm_model rows]] - 1}]
    foreach col [dict get $::tm_model columns] {
        set c [dict get $::tm_model column,$col]
        if {[dict get $c kind] ne "process"} {
            continue
        }
        if {[dict get $c parent] ne "" && [dict get $c ended] ne "" && ![info exists ::tm_state(reaped,$col)]
            && [dict get $::tm_model column,[dict get $c parent] ended] ne [dict get $c ended]} {
            tm_finding child_not_reaped $col \
                "[dict get $c name] exited, but its parent never waited for it: it stayed a zombie" $rows
        }
        if {[info exists ::tm_state($col,interrupted)] && [string match exit(* [dict get $c end]]} {
            tm_finding accept_interrupted_exits $col \
                "[dict get $c name]'s accept() was interrupted by a signal, and then it exited instead of calling accept() again" \
                $::tm_state($col,interrupted)
        }
    }
}

# A C string as strace prints it ("hello\n"...) back into its bytes.
proc c_unescape {quoted} {
    if {![regexp {^"(.*)"(\.\.\.)?$} $quoted - body]} {
        return ""
    }
    return [subst -nocommands -novariables $body]
}

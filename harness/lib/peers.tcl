# peers.tcl: the harness's own network peers. A check never lets two
# student programs talk to each other: a client is graded against a peer
# server of ours that records every byte it receives, a server against peer
# clients of ours. Both are plain Tcl sockets on loopback, non-blocking and
# binary, driven by the event loop (which expect also runs while it waits).
#
# A connection is a Tcl channel; peer($c,...) holds what we know of it:
#   who       its name in reports ("client 1", "the grader's server")
#   received  every byte that came in, in order
#   taken     how many of them a peer_expect has already matched
#   eof       1 once the other side closed (or reset) the connection
#   error     the error that ended it, if any ("connection reset by peer")
# A peer server is a listening channel with peer($s,port) and
# peer($s,conns), the connections it accepted, oldest first.

# The positive wait in milliseconds (see positive_timeout).
proc positive_ms {} {
    return [expr {1000 * [positive_timeout]}]
}

# The negative window: how long "nothing happens" is watched (DESIGN §4).
proc negative_ms {} {
    return 300
}

# Runs the event loop until the expression CONDITION (evaluated in the
# caller's frame) holds, at most MS milliseconds. Returns 1 as soon as it
# holds, 0 when the time is up. Wakes on every peer event, on every line a
# background program prints, and every POLL ms when POLL > 0 (for facts read
# from /proc, which send no events).
proc wait_until {condition ms {poll 0}} {
    set deadline [expr {[clock milliseconds] + $ms}]
    while {![uplevel 1 [list expr $condition]]} {
        set left [expr {$deadline - [clock milliseconds]}]
        if {$left <= 0} {
            return 0
        }
        if {$poll > 0 && $poll < $left} {
            set left $poll
        }
        set timer [after $left {incr ::peer_wakeups}]
        vwait ::peer_wakeups
        after cancel $timer
    }
    return 1
}

# Whether the expression CONDITION (evaluated in the caller's frame) holds
# now and again 20 ms later. For facts read from /proc one process or
# thread at a time: a hand-over between two of them (one wakes the other,
# then sleeps) can fall between two reads once, not twice in a row.
proc holds_twice {condition} {
    if {![uplevel 1 [list expr $condition]]} {
        return 0
    }
    after 20
    return [uplevel 1 [list expr $condition]]
}

# Like wait_until, for what comes in many pieces (megabytes of echo): waits
# until CONDITION holds as long as the expression AMOUNT keeps growing, each
# growth within MS of the one before, and CAP ms at most in all. A slow
# machine slows the pieces down, it does not stop them; a server that stops
# sending is found MS after its last piece. Returns 1 when CONDITION holds,
# 0 when AMOUNT stood still for MS or the CAP is up.
proc wait_while_growing {condition amount ms cap} {
    set end [expr {[clock milliseconds] + $cap}]
    while {1} {
        set before [uplevel 1 [list expr $amount]]
        set left [expr {min($ms, $end - [clock milliseconds])}]
        if {$left <= 0 || ![uplevel 1 [list wait_until "($condition) || ($amount) > $before" $left]]} {
            return 0
        }
        if {[uplevel 1 [list expr $condition]]} {
            return 1
        }
    }
}

# The port of the channel CHAN on the grader's side (a connection's own
# port, or a listener's).
proc local_port {chan} {
    return [lindex [fconfigure $chan -sockname] 2]
}

# When a trace records ($::peer_log_on), what the peers did, in order:
# {microseconds who what port bytes}, where WHAT is connect, accept, send,
# receive, shutdown or close, PORT the peer's own port on the connection
# (how the trace tells which of the program's sockets it is), and BYTES
# what was sent or received.
set peer_log_on 0
set peer_log {}
proc peer_log_event {c what {bytes ""} {when ""}} {
    if {!$::peer_log_on} {
        return
    }
    set port ""
    catch {set port [local_port $c]}
    if {$when eq ""} {
        set when [clock microseconds]
    }
    lappend ::peer_log [list $when $::peer($c,who) $what $port $bytes]
}

# Makes channel C a peer connection named WHO.
proc peer_adopt {c who} {
    global peer
    fconfigure $c -blocking 0 -translation binary -buffering full
    set peer($c,who) $who
    set peer($c,received) ""
    set peer($c,taken) 0
    set peer($c,eof) 0
    set peer($c,error) ""
    lappend ::peer_channels $c
    fileevent $c readable [list peer_readable $c]
}

# Event handler: takes what arrived on C; echoes it back when C belongs to
# an echoing peer server.
proc peer_readable {c} {
    global peer
    if {[catch {read $c} data]} {
        set peer($c,error) [socket_error_reason $data]
        set data ""
    }
    if {$data ne ""} {
        append peer($c,received) $data
        send_log "\n<<< $peer($c,who) received [visible $data 200]\n"
        peer_log_event $c receive $data
        if {[info exists peer($c,echo)] && $peer($c,echo)} {
            catch {puts -nonewline $c $data; flush $c}
            peer_log_event $c send $data
        }
    }
    if {$peer($c,error) ne "" || [eof $c]} {
        set peer($c,eof) 1
        fileevent $c readable {}
    }
    incr ::peer_wakeups
}

# The reason in a Tcl socket error message, as words in a sentence
# ("couldn't open socket: connection refused" -> "connection refused").
proc socket_error_reason {message} {
    return [string trim [string tolower [lindex [split $message :] end]]]
}

# Opens a connection to ADDRESS:PORT as WHO and returns it. Returns ""
# with the reason in ::peer_refused when the connection is refused.
proc peer_try_connect {port who {address 127.0.0.1}} {
    set began [clock microseconds]  ;# a trace draws the connect when it began
    if {[catch {socket $address $port} c]} {
        set ::peer_refused [socket_error_reason $c]
        return ""
    }
    peer_adopt $c $who
    send_log "\n>>> $who connected to $address:$port\n"
    peer_log_event $c connect "" $began
    return $c
}

# Like peer_try_connect, but a refused connection fails the check.
proc peer_connect {port who {address 127.0.0.1}} {
    set c [peer_try_connect $port $who $address]
    if {$c eq ""} {
        fail -why "$who could not connect to the server on port $port: $::peer_refused[server_state_note]"
    }
    return $c
}

# Opens N connections to PORT at once, as clients 1..N, and returns them in
# order once every one is established. None waits for the one before: past
# listen()'s queue, a server that does not accept() leaves a connection in
# the kernel's retries for minutes, and a blocking connect would wait them
# out. Fails when a connection is refused, or some are still not
# established after the positive wait.
proc peer_connect_many {port n} {
    set conns {}
    for {set i 1} {$i <= $n} {incr i} {
        if {[catch {socket -async 127.0.0.1 $port} c]} {
            fail -why "client $i could not connect to the server on port $port: [socket_error_reason $c][server_state_note]"
        }
        peer_adopt $c "client $i"
        lappend conns $c
    }
    send_log "\n>>> clients 1 to $n connected to 127.0.0.1:$port at once\n"
    wait_until {[llength [peers_connecting $conns]] == 0} [positive_ms] 10
    set waiting [peers_connecting $conns]
    if {[llength $waiting] > 0} {
        fail -why "[llength $waiting] of the $n clients that connected at once were still not connected after [positive_timeout] s (the first: $::peer([lindex $waiting 0],who)): the kernel queues only so many connections that the server has not accepted[server_state_note]"
    }
    foreach c $conns {
        if {[set error [fconfigure $c -error]] ne ""} {
            fail -why "$::peer($c,who) could not connect to the server on port $port: $error[server_state_note]"
        }
    }
    return $conns
}

# The connections among CONNS whose connect() is still under way.
proc peers_connecting {conns} {
    return [lmap c $conns {expr {[fconfigure $c -connecting] ? $c : [continue]}}]
}

# Sends BYTES on connection C (in the background if the socket is full).
proc peer_send {c bytes} {
    lappend ::check_sent [list "$::peer($c,who):" $bytes]
    send_log "\n>>> $::peer($c,who) sent [visible $bytes 200]\n"
    peer_log_event $c send $bytes
    if {[catch {puts -nonewline $c $bytes; flush $c} err]} {
        fail -why "$::peer($c,who) could not send: [string tolower $err][server_state_note]"
    }
}

# The bytes that came in on C and no peer_expect has matched yet.
proc peer_unread {c} {
    return [string range $::peer($c,received) $::peer($c,taken) end]
}

# Waits until exactly BYTES have come in on C after what was matched
# before; WHAT says what they are ("the echo of hello"). Fails when other
# bytes come, the connection ends first, or nothing complete comes within
# the positive wait.
proc peer_expect {c bytes what} {
    global peer
    set n [string length $bytes]
    wait_until {[string length [peer_unread $c]] >= $n || $peer($c,eof)} [positive_ms]
    set got [peer_unread $c]
    if {[string range $got 0 [expr {$n - 1}]] eq $bytes} {
        incr peer($c,taken) $n
        return
    }
    set who $peer($c,who)
    if {[string length $got] < $n && [string equal -length [string length $got] $got $bytes]} {
        if {$peer($c,eof)} {
            set why "the connection ended before $who got $what ([string length $got] of $n bytes came)"
        } else {
            set why "$who got [string length $got] of the $n bytes of $what within [positive_timeout] s"
        }
    } else {
        set why "$who got other bytes than $what"
    }
    fail -expected $bytes -got $got -why "$why[server_state_note]"
}

# The negative window: fails when anything comes in on C within it. WHAT
# says why nothing should ("client 2 is queued until client 1 leaves").
proc peer_expect_silence {c what} {
    if {[wait_until {[string length [peer_unread $c]] > 0 || $::peer($c,eof)} [negative_ms]]} {
        fail -got [peer_unread $c] -why "$what, but $::peer($c,who) [peer_news $c] within [negative_ms] ms"
    }
}

# What happened on C, in words: for a failure report.
proc peer_news {c} {
    if {[string length [peer_unread $c]] > 0} {
        return "received [string length [peer_unread $c]] bytes"
    }
    return "saw the connection closed"
}

# Waits until the other side of C has closed the connection, with every
# byte before that already matched. WHAT says why it should close.
proc peer_expect_eof {c what} {
    global peer
    if {![wait_until {$peer($c,eof)} [positive_ms]]} {
        fail -why "$what, but the connection was still open after [positive_timeout] s"
    }
    if {[peer_unread $c] ne ""} {
        fail -got [peer_unread $c] -why "$what, but first $peer($c,who) received bytes it did not expect"
    }
}

# Closes C entirely.
proc peer_close {c} {
    lappend ::check_sent [list "$::peer($c,who)" "" "closed the connection"]
    send_log "\n>>> $::peer($c,who) closed the connection\n"
    peer_log_event $c close
    catch {close $c}
    set ::peer_channels [lsearch -all -inline -not -exact $::peer_channels $c]
}

# Sends BYTES on C and closes it as soon as the kernel has taken them all,
# before any echo can have come back: the connection ends with an orderly
# close (FIN), and the server's writes of the echo then meet a reset.
# Fails when the bytes cannot be handed over within the positive wait.
proc peer_send_and_leave {c bytes} {
    peer_send $c $bytes
    if {![wait_until {[chan pending output $c] == 0} [positive_ms] 1]} {
        fail -why "$::peer($c,who) could not hand its [string length $bytes] bytes to the kernel within [positive_timeout] s[server_state_note]"
    }
    peer_close $c
}

# Sends BYTES on C, stops reading, and once the echo has come (unread, in
# the kernel's buffer) closes C: closing a socket with data unread makes
# the kernel reset the connection (RST) instead of closing it in order.
# Fails when no echo comes within the positive wait.
proc peer_reset {c bytes} {
    fileevent $c readable {}
    peer_send $c $bytes
    set port [local_port $c]
    if {![wait_until {[unread_in_kernel $port] > 0} [positive_ms] 2]} {
        fail -why "$::peer($c,who) got no echo of [visible $bytes 40] within [positive_timeout] s[server_state_note]"
    }
    lappend ::check_sent [list "$::peer($c,who)" "" "reset the connection"]
    send_log "\n>>> $::peer($c,who) reset the connection (closed with its echo unread)\n"
    peer_close $c
}

# Bytes received on the connection with local port PORT (the grader's end;
# or, with REMOTE, the end on PORT that talks to port REMOTE, such as a
# server's end of a connection) that nobody has read yet.
proc unread_in_kernel {port {remote ""}} {
    foreach s [tcp_sockets] {
        if {[dict get $s local_port] == $port && [dict get $s state] eq "ESTABLISHED" &&
            ($remote eq "" || [dict get $s remote_port] == $remote)} {
            return [dict get $s rx_queue]
        }
    }
    return 0
}

# Closes C for writing only: the other side reads end of file, and C can
# still receive (TCP's half close, shutdown(SHUT_WR)).
proc peer_shutdown {c} {
    lappend ::check_sent [list "$::peer($c,who)" "" "closed its sending side (shutdown)"]
    send_log "\n>>> $::peer($c,who) closed its sending side (shutdown)\n"
    peer_log_event $c shutdown
    if {[catch {close $c write} err]} {
        fail -why "$::peer($c,who) could not close its sending side: $err[server_state_note]"
    }
}

# Starts a peer server of the grader's on ADDRESS:PORT (0: the kernel
# chooses) that records what it receives and, if ECHO, echoes it back.
# Returns the listening channel, or "" when the port cannot be had.
proc peer_server {{port 0} {echo 1} {address 127.0.0.1}} {
    if {[catch {socket -server [list peer_accepted $echo] -myaddr $address $port} s]} {
        return ""
    }
    set ::peer($s,port) [local_port $s]
    set ::peer($s,conns) {}
    set ::peer($s,excess) 0
    set ::peer_listener($s) $s
    lappend ::peer_channels $s
    return $s
}

# Event handler of a peer server: adopts the new connection.
proc peer_accepted {echo c address port} {
    set listener [peer_listener_of $c]
    # A client that connects in a loop must not drown the grader (expect's
    # select() cannot watch descriptors past 1024): past the cap, connections
    # are counted and closed at once.
    if {[llength $::peer($listener,conns)] >= $::peer_max_connections} {
        incr ::peer($listener,excess)
        close $c
        return
    }
    lappend ::peer($listener,conns) $c
    set ::peer($c,echo) $echo
    peer_adopt $c "the grader's server"
    send_log "\n<<< the grader's server accepted a connection from $address:$port\n"
    peer_log_event $c accept
    incr ::peer_wakeups  ;# a wait for this connection ends now
}

# The peer server whose port C is connected to.
proc peer_listener_of {c} {
    set port [local_port $c]
    foreach s [array names ::peer_listener] {
        if {$::peer($s,port) == $port} {
            return $s
        }
    }
    return ""
}

# A port nothing listens on: taken from the kernel, then let go (in the
# grader's private network nothing else can take it in between).
proc free_port {} {
    set s [socket -server {apply {args {}}} -myaddr 127.0.0.1 0]
    set port [local_port $s]
    close $s
    return $port
}

# Closes every peer channel of the check (DESIGN §4: each check cleans up).
proc peer_close_all {} {
    foreach c $::peer_channels {
        catch {close $c}
    }
    set ::peer_channels {}
    array unset ::peer
    array unset ::peer_listener
}

# Appended to a failure while a server is under test: how it ended, if it did.
# A failure on the network often means the server died: its end is awaited
# (at most a second; this runs only on the way to a failure) and told.
proc server_state_note {} {
    if {![info exists ::server_handle] || $::server_handle eq "" ||
        [lsearch -exact $::check_handles $::server_handle] < 0} {
        return ""
    }
    set h $::server_handle
    if {$::run($h,background)} {
        wait_until {[program_ended $h]} 1000
    }
    if {![program_ended $h]} {
        return [zombie_note $h]
    }
    return " (the server [exit_description $::server_handle])"
}

# A server whose children never end, or are never reaped, runs into the
# process limit: its fork() fails and clients go unserved. Says so when
# that may be the cause.
proc zombie_note {h} {
    set pid [program_pid $h]
    set children [llength [children_of $pid]]
    if {$children < 10} {
        return ""
    }
    set zombies [llength [zombie_children $pid]]
    return " (the server has $children children, $zombies of them zombies: children that never end, or end and are never waited for, count against the limit of processes, so fork() fails)"
}

set peer_channels {}
set peer_wakeups 0
set peer_max_connections 64  ;# per peer server and check

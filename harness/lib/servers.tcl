# servers.tcl: what the three server labs (03, 04, 05) share: starting a
# student's ./server and knowing it is ready, and the checks that every
# version must pass. A lab's checks.exp names the shared checks it grades
# (`server_checks listening given_port echo ...`) and adds its own.

# Starts ./server ARGS with stdout on a pipe, waits for its line
# `listening on port N` and confirms, from /proc, that one of its processes
# holds a LISTEN socket on N (readiness is observed, never probed by a
# connect: a probe would make a fork server fork). Returns the handle, with
# the port in run(h,port); from then on the server's output is drained in
# the background and its end wakes every wait. Fails when the server exits,
# stays silent, or prints a port it does not listen on.
proc start_server {args} {
    global run
    set h [start -pipes server {*}$args]
    set ::server_handle $h
    expect {
        -i $h -timeout [positive_timeout] -re {listening on port ([0-9]+)\r\n} {
            append run($h,seen) $expect_out(buffer)
            set port $expect_out(1,string)
        }
        -i $h eof {
            append run($h,seen) $expect_out(buffer)
            set run($h,done) 1
            fail -expected "listening on port N\n" -got [seen_by $h] \
                -why "the server [exit_description $h] before printing \"listening on port N\""
        }
        -i $h timeout {
            take_unmatched $h
            fail -expected "listening on port N\n" -got [seen_by $h] \
                -why "the server did not print \"listening on port N\" within [positive_timeout] s with its stdout on a pipe (stdio holds output back there until fflush)"
        }
    }
    set pid [program_pid $h]
    set ports [listening_ports $pid]
    if {$port ni $ports} {
        fail -got [seen_by $h] -why "the server printed \"listening on port $port\", but [listening_summary $ports]"
    }
    set run($h,port) $port
    drain_in_background $h
    return $h
}

# Whether the connection from port REMOTE to the server PID's PORT holds
# bytes that no thread of the server's processes is about to read: they
# wait in the kernel while every thread sleeps (holds_twice). A thread
# woken by their arrival stays runnable until it has read them, however
# little CPU it gets, so a slow server that still reads is never taken for
# one that has stopped; the queue is read before and after the threads'
# states so that bytes read in between are seen as read.
proc nobody_reads {pid port remote} {
    return [holds_twice {[unread_in_kernel $port $remote] > 0 && [all_asleep [process_tree $pid]]
                         && [unread_in_kernel $port $remote] > 0}]
}

# Waits until server H on PORT has stopped reading the connection from the
# grader's port CLIENT (nobody_reads). Returns 1; 0 when that does not
# happen within the positive wait (the server keeps reading everything).
# Watching the bytes alone would not do: on a busy machine a server below
# the grader that still reads, slowly, looked stopped for a whole window.
proc server_stops_reading {h port client} {
    return [wait_until {[nobody_reads [program_pid $h] $port $client] || [program_ended $h]} [positive_ms] 5]
}

# The seconds server H's threads spend running or ready to run (see
# busy_seconds) over MS milliseconds in which nothing is asked of it: a
# sleeping server, almost none; a thread that spins, all MS, however busy
# the machine (the program runs below the grader, and may get little CPU).
# Fails when the server ends meanwhile; WHILE says what its clients do.
proc idle_busy_seconds {h ms while} {
    set pid [program_pid $h]
    set before [busy_seconds $pid]
    wait_until {[program_ended $h]} $ms
    expect_server_running $h $while
    return [expr {max(0, [busy_seconds $pid] - $before)}]
}

# In words, which ports the server's processes listen on.
proc listening_summary {ports} {
    if {[llength $ports] == 0} {
        return "none of its processes holds a listening socket (print the line after listen())"
    }
    return "its listening socket is on port [join $ports {, }] (print the port getsockname() gives)"
}

# Starts the server on PORT (default 0), followed by the words of
# ::server_args (empty unless the check set it: `./server 0 epoll`), and
# returns its handle and port.
proc server_on {{port 0}} {
    set h [start_server $port {*}$::server_args]
    return [list $h $::run($h,port)]
}
set server_args {}

# Connects as WHO, sends TEXT and waits for its echo. Returns the connection.
proc client_with_echo {port who text} {
    set c [peer_connect $port $who]
    peer_send $c $text
    peer_expect $c $text "the echo of [visible $text 40]"
    return $c
}

# Fails unless the server is still running; WHAT says what it went through.
proc expect_server_running {h what} {
    if {[program_ended $h]} {
        fail -got [seen_by $h] -why "after $what the server [exit_description $h]"
    }
}

# N bytes of binary data in which every 64 KiB block is different (it
# starts with its number), so that blocks lost, repeated or swapped on the
# way back are told apart.
proc numbered_blob {n} {
    set block [string range [binary_blob 65536] 15 end]
    set blocks {}
    for {set i 0} {$i * 65536 < $n} {incr i} {
        lappend blocks [format "block %08d\n" $i] $block
    }
    # One join: appending block by block copies the whole blob each time.
    return [string range [join $blocks ""] 0 [expr {$n - 1}]]
}

# In words, where GOT first differs from WANT (both bytes): the offset
# and the two bytes there, or that one is a prefix of the other.
proc first_difference {want got} {
    set n [expr {min([string length $want], [string length $got])}]
    set lo 0
    # Whole 64 KiB stretches first: string equal is fast, a byte loop is not.
    while {$lo + 65536 <= $n && [string equal [string range $want $lo [expr {$lo + 65535}]] \
                                              [string range $got $lo [expr {$lo + 65535}]]]} {
        incr lo 65536
    }
    for {} {$lo < $n} {incr lo} {
        if {[string index $want $lo] ne [string index $got $lo]} {
            binary scan [string index $want $lo] cu w
            binary scan [string index $got $lo] cu g
            return [format "the first %d bytes came back right; byte %d was 0x%02x instead of 0x%02x" $lo $lo $g $w]
        }
    }
    if {[string length $got] < [string length $want]} {
        return "only the first [string length $got] of the [string length $want] bytes came back"
    }
    return "[expr {[string length $got] - [string length $want]}] bytes more than were sent came back"
}

# Waits until BYTES have come back whole on connection C (WHAT names them,
# in words), however long they are: as long as they keep coming, each piece
# within the positive wait of the one before (a server starved of CPU
# echoed 4 MiB at 0.6 MB/s beside make test's other jobs), six positive
# waits at most. A report names the first byte that differs rather than
# showing megabytes.
proc peer_expect_large {c bytes what} {
    global peer
    set n [string length $bytes]
    set cap [expr {6 * [positive_ms]}]
    set t0 [clock milliseconds]
    wait_while_growing {[string length [peer_unread $c]] >= $n || $peer($c,eof)} \
        {[string length [peer_unread $c]]} [positive_ms] $cap
    set got [peer_unread $c]
    if {[string length $got] >= $n && [string equal -length $n $got $bytes]} {
        incr peer($c,taken) $n
        return
    }
    set why [first_difference $bytes [string range $got 0 [expr {$n - 1}]]]
    if {[string length $got] < $n && !$peer($c,eof)} {
        if {[clock milliseconds] - $t0 >= $cap} {
            append why " within [expr {$cap / 1000}] s"
        } else {
            append why ", then nothing more for [positive_timeout] s"
        }
    } elseif {[string length $got] < $n} {
        append why " before the connection ended"
    }
    fail -why "$peer($c,who) sent $what: $why[server_state_note]"
}

# Waits until the server's process PID holds exactly WANT descriptors
# (it may still be closing the last connection); returns how many it holds.
proc settle_fds {pid want} {
    wait_until {[dict size [open_fds $pid]] <= $want} [positive_ms] 5
    return [dict size [open_fds $pid]]
}

# The inode of server H's end of connection C, or "" before it is accepted.
proc connection_inode {h c} {
    return [server_end_inode $::run($h,port) [local_port $c]]
}

# The processes of server H that hold the server's end of connection C
# (the one accept() returned), once one does: a list of pids; fails when
# none does within the positive wait.
proc connection_holders {h c} {
    set pid [program_pid $h]
    set found [wait_until {[llength [set holders [holders_of $pid [connection_inode $h $c]]]] > 0} [positive_ms] 5]
    if {!$found} {
        fail -why "no process of the server holds the connection of $::peer($c,who)[server_state_note]"
    }
    return $holders
}

# The child of server H that serves connection C: fails when it is the
# parent itself that holds the connection and no child does. Right after
# fork() both processes hold it until one of them closes it, a moment that
# lasts on a busy machine: a child counts once it waits to read from the
# client, or when it still holds the connection after the positive wait.
proc serving_child {h c} {
    set pid [program_pid $h]
    connection_holders $h $c
    set inode [connection_inode $h $c]
    # children: the last sample, when the wait ends either way
    wait_until {[llength [set children [lsearch -all -inline -not -exact [holders_of $pid $inode] $pid]]] > 0
                && [blocked_in [lindex $children 0]] in {read recvfrom poll ppoll select pselect6 epoll_wait epoll_pwait}} \
        [positive_ms] 5
    if {[llength $children] == 0} {
        fail -why "the connection of $::peer($c,who) is held by the server's parent process only: no child serves it (fork() after accept(), and let the child call server())"
    }
    return [lindex $children 0]
}

# Waits until the parent of server H is blocked in accept(), so that a
# child's exit interrupts exactly that call (a signal that comes while the
# parent is elsewhere interrupts nothing). Fails when it does not get there.
proc wait_parent_in_accept {h} {
    set parent [program_pid $h]
    if {![wait_until {[blocked_in $parent] in {accept accept4} || [program_ended $h]} [positive_ms] 2]} {
        fail -why "the server's parent was not back in accept() [positive_timeout] s after its last client was served (it was in [blocked_in $parent])"
    }
    expect_server_running $h "its last client was served"
}

# Kills process PID of the server under test with SIGKILL (never pid 0 or 1).
proc kill_server_process {pid} {
    if {$pid > 1} {
        send_log "\n>>> the grader killed process $pid with SIGKILL\n"
        catch {exec kill -KILL $pid}
    }
}

# After WHAT (every client has left), waits until server H's parent has no
# children left at all, at most the positive wait. Fails when the server
# has ended, or when children still run (they should have ended); returns
# how many children are left as zombies (exited, never waited for).
proc children_left_as_zombies {h what} {
    set parent [program_pid $h]
    wait_until {[llength [children_of $parent]] == 0 || [program_ended $h]} [positive_ms] 10
    expect_server_running $h $what
    set live [llength [live_children $parent]]
    if {$live > 0} {
        fail -why "$live children of the server still ran [positive_timeout] s after $what: does each child _exit() once server() returns?"
    }
    return [llength [zombie_children $parent]]
}

# Waits until server H's parent has no zombie children, at most the
# positive wait; returns how many are left.
proc settle_zombies {h} {
    set pid [program_pid $h]
    wait_until {[llength [zombie_children $pid]] == 0} [positive_ms] 10
    return [llength [zombie_children $pid]]
}

# ---------------------------------------------------------------------------
# The shared checks. Each entry: id points title options body. The bodies
# are written for any version; versions differ in who serves (the parent or
# a child), which the checks do not look at.

set server_check_specs {
listening 2 "prints \"listening on port N\" (flushed, on a pipe) and listens there; port 0 lets the kernel choose" {
    -hints {
        "After listen(), ask getsockname() for the real port (bound_port() does it in labs 04 and 05), print it and flush stdout: on a pipe stdio keeps output until the buffer fills."
        "Run ./server 0 | cat: no line at all means it is still in stdout's buffer; \"port 0\" means you printed the port you asked for, not the one the kernel chose."
        "printf() \"listening on port %d\\n\" with the sin_port that getsockname() filled in, turned to host byte order (ntohs()), then fflush() on stdout, all before the accept() loop blocks."
    }
    -try "./server 0 | cat"
} {
    lassign [server_on 0] h port
    if {$port == 0} {
        fail -got [seen_by $h] -why "the server printed port 0: print the port getsockname() reports after bind(), not the one asked for"
    }
}

given_port 1 "listens on the port it is given" {
    -needs listening
    -hints {
        "Convert the port with htons() before bind(); print the port you listen on."
        "./server 5555 | cat must say port 5555; ss -ltn shows where it really listens: 45845 instead of 5555 means the port's two bytes are swapped."
        "sin_port holds the port in network byte order: htons() of the number parse_port() returned; sin_addr is INADDR_ANY and sin_family AF_INET."
    }
    -try "./server 5555 | cat"
} {
    set port [free_port]
    lassign [server_on $port] h got
    if {$got != $port} {
        fail -got [seen_by $h] -why "asked to listen on port $port, the server listens on port $got"
    }
}

usage 1 "bad arguments: a usage line on stderr and exit status 2" {
    -hints {
        "Without exactly one argument, or when parse_port() returns -1, print \"usage: ./server PORT\" on stderr and exit(2)."
        "Try ./server, ./server 80x and ./server 1 2, each followed by echo $?: the line must go to stderr (fprintf() to stderr, not printf()) and the status must be 2."
        "Check argc != 2 before touching argv[1], then parse_port() with 0 as the lowest port allowed; on either, fprintf() to stderr and exit(2) before any socket is made."
    }
    -try "./server; echo \$?"
} {
    expect_usage server {{} {80x} {65536} {-1} {1 2}}
}

echo 2 "echoes lines and binary data (NUL bytes, 64 KiB) byte for byte" {
    -needs listening
    -hints {
        "The given server() echoes every byte; accept() a connection and hand server() the new socket (not the listening one)."
        "Connect with nc 127.0.0.1 5555 and type: nothing back means server() never runs on that connection, or runs on the wrong descriptor."
        "accept() on the listening socket returns a new descriptor for this one client: that is the one server() reads and writes. The listening socket only accepts."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555"
} {
    lassign [server_on] h port
    set c [client_with_echo $port "client 1" "hello\n"]
    set lines "one\ntwo\nthree\n"
    peer_send $c $lines
    peer_expect $c $lines "the echo of three lines sent at once"
    set blob [binary_blob 65536]
    peer_send $c $blob
    peer_expect $c $blob "the echo of 64 KiB of binary data"
}

closes 1 "closes the connection when the client leaves (the client reads end of file)" {
    -needs echo
    -hints {
        "When server() returns, the client has closed: close() the connection socket, or the client never sees end of file and the descriptor leaks."
        "Run the try command: nc must end by itself after the echo. If it hangs, some process still holds the connection open (in labs 04 and 05, the parent's copy counts too)."
        "Once server() returns, close() the descriptor that accept() gave you: the client's read() sees end of file only when every copy of it is closed."
    }
    -try "./server 5555    # then, in another terminal: echo bye | nc -N 127.0.0.1 5555   (nc should end by itself)"
} {
    lassign [server_on] h port
    set c [client_with_echo $port "client 1" "bye\n"]
    peer_shutdown $c
    peer_expect_eof $c "client 1 closed its side, so the server should close the connection"
}

queued 2 "serves one client at a time: a second client waits until the first leaves" {
    -needs echo
    -hints {
        "Serve the connection completely (until the client leaves), close it, and only then accept() the next one."
        "Connect two nc's: the second must get no echo until the first quits. If both are echoed at once, the second is served before the first is done."
        "The loop is accept(), serve until server() returns, close(), and only then the next accept(): meanwhile the kernel keeps the second client in listen()'s queue."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (and the same in a third)"
} {
    lassign [server_on] h port
    set c1 [client_with_echo $port "client 1" "first\n"]
    set c2 [peer_connect $port "client 2"]
    peer_send $c2 "second\n"
    peer_expect_silence $c2 "client 2 must wait while client 1 is connected"
    peer_close $c1
    peer_expect $c2 "second\n" "the echo of \"second\" once client 1 has left"
}

many 1 "100 clients one after another, with no descriptor left open" {
    -needs closes
    -hints {
        "Every accept() gives a new descriptor: close it when the client leaves (in every process that holds it)."
        "Run the try command and count the lines of ls -l /proc/PID/fd: a client that has left must not leave a socket behind in the server."
        "Every accept() must be matched by a close() of its descriptor once server() returns; otherwise, after about a thousand clients, accept() fails with EMFILE."
    }
    -try "./server 5555    # then, in another terminal: for i in \$(seq 100); do echo \$i | nc -N 127.0.0.1 5555; done; ls -l /proc/\$(pgrep -o server)/fd"
} {
    lassign [server_on] h port
    set pid [program_pid $h]
    set before [dict size [open_fds $pid]]
    for {set i 1} {$i <= $::many_clients} {incr i} {
        peer_close [client_with_echo $port "client $i" "request $i\n"]
    }
    set after [settle_fds $pid $before]
    if {$after > $before} {
        fail -why "the server held $before descriptors before the first client and $after after $::many_clients clients had left: connections are not closed"
    }
    expect_server_running $h "$::many_clients clients"
}

reset 1 "a client that resets its connection, or leaves before reading its echo, does not stop the server" {
    -needs queued
    -hints {
        "Writing to a connection whose client has gone raises SIGPIPE, which kills the process: ignoring SIGPIPE (signal() with SIG_IGN) makes write() return -1 (EPIPE) instead. A read() or write() that fails ends that connection, never the server."
        "Follow the try command, then echo $? where the server ran: 141 is 128 + 13, killed by SIGPIPE; 1 means an error of one connection ended the whole server."
        "Ignore SIGPIPE once, at the start of main, before any fork() (children inherit it); where accept(), read() or write() fail for one client, report it and go back to accept()."
    }
    -try "./server 5555    # then, in a second terminal: nc 127.0.0.1 5555 (stay); in a third: head -c 65536 /dev/zero | nc 127.0.0.1 5555, ^C it, then ^C the second: does the server live on?"
} {
    lassign [server_on] h port
    set c1 [client_with_echo $port "client 1" "start\n"]
    # Client 2 sends 64 KiB while it waits in the queue and leaves before
    # it is served: when the server echoes, the first write meets a reset
    # and the next raises SIGPIPE.
    peer_send_and_leave [peer_connect $port "client 2"] [binary_blob 65536]
    # Client 1 resets its connection in the middle: the server's read()
    # fails with ECONNRESET.
    peer_reset $c1 "reset me\n"
    client_with_echo $port "client 3" "still there?\n"
    expect_server_running $h "client 1 reset its connection and client 2 left without reading its echo"
}

restart 1 "restarts at once on the same port, even right after a client was connected (SO_REUSEADDR)" {
    -needs {given_port echo}
    -hints {
        "Before bind(), set the SO_REUSEADDR option of the listening socket (setsockopt(), level SOL_SOCKET). Without it the port stays taken for a minute after the server stops."
        "Start the server, connect with nc, stop the server with ^C and start it again at once: \"ERROR on binding: Address already in use\" is the old connection's TIME_WAIT holding the port."
        "setsockopt() with SOL_SOCKET, SO_REUSEADDR and an int option value of 1, called after socket() and before bind(), its result checked (man 7 socket)."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (leave it open, stop the server with ^C, start it again at once)"
} {
    lassign [server_on [free_port]] h port
    set c [client_with_echo $port "client 1" "hello\n"]
    finish $h  ;# the server stops while client 1 is still connected
    set h2 [start server $port]
    set ::server_handle $h2
    set printed [expect_output_until $h2 "\n" "its first line after a restart on port $port"]
    if {$printed ne "listening on port $port\n"} {
        fail -expected "listening on port $port\n" -got $printed \
            -why "restarted at once on port $port, the server did not listen again"
    }
}

taken 1 "a port already in use gives \"ERROR on binding\" and exit status 1" {
    -needs given_port
    -hints {
        "Check what bind() returns: on -1 print a line starting \"ERROR on binding\" on stderr (perror does) and exit(1)."
        "Run nc -l 5555 in one terminal, then ./server 5555; echo $? in another: the line must start with \"ERROR on binding\" and the status must be 1, not 0 and not a crash."
        "bind() returns -1 with errno EADDRINUSE: perror() with the text \"ERROR on binding\" adds the reason after it; then exit(1). The lecture's error() does both."
    }
    -try "./server 5555; echo \$?    # with the port taken, e.g. by nc -l 5555 in another terminal"
} {
    set holder [socket -server {apply {args {}}} 0]
    lappend ::peer_channels $holder
    set port [local_port $holder]
    expect_end [start server $port] 1 "ERROR on binding*" "the port $port was already in use"
}

crowd 2 "500 clients connected at once are all served" {
    -needs echo
    -hints {
        "Every client that connects must be accepted and served while the others stay connected: nothing may wait for one client to leave, and nothing may run out after a few hundred."
        "Run the try command: if some connections get no echo, count what your server holds (ls /proc/$(pgrep -o server)/task | wc -l, ls /proc/$(pgrep -o server)/fd | wc -l) and look for a creation or an accept() that fails without a word."
        "Check every accept() and every creation of a thread or a connection's state for failure and say why on stderr; each connection must get its own descriptor, its own buffer and its own state, none shared with the next client."
    }
    -try "make -C ../.. loadgen && ./server 5555    # then, in another terminal: ../../build/loadgen -c 500 -d 2 127.0.0.1 5555"
} {
    lassign [server_on] h port
    set clients [peer_connect_many $port $::crowd_clients]
    # Only now, with all of them connected, does any client speak: each
    # echo shows that its connection was accepted and is being served.
    set i 0
    foreach c $clients {
        peer_send $c "client [incr i]\n"
    }
    set i 0
    foreach c $clients {
        incr i
        peer_expect $c "client $i\n" "the echo of client $i, one of $::crowd_clients clients connected at once"
    }
    expect_server_running $h "$::crowd_clients clients connected at once"
}

big 2 "echoes 4 MiB sent at once, byte for byte and in order" {
    -needs echo
    -hints {
        "A large message comes in many pieces and goes out in many pieces: every byte read must be written back, in order, even when a write() takes fewer bytes than it was given."
        "Send a file and compare (the try command): cmp names the first byte that differs. Fewer bytes back means the rest of a short write was dropped; other bytes mean data was overwritten before it was sent."
        "Keep what write() did not take and write it later, before anything read after it; never read new bytes over ones not yet written back."
    }
    -try "./server 5555    # then, in another terminal: head -c 4194304 /dev/urandom > big; nc -N 127.0.0.1 5555 < big > back; cmp big back"
} {
    lassign [server_on] h port
    set c [peer_connect $port "client 1"]
    set blob [numbered_blob 4194304]
    peer_send $c $blob
    peer_expect_large $c $blob "4 MiB at once"
    expect_server_running $h "a client sent 4 MiB"
}

trickle 1 "echoes a client that sends one byte at a time, and another at the same time" {
    -needs echo
    -hints {
        "Bytes may come one at a time: echo whatever read() returned as soon as it comes, without waiting for a whole line or a full buffer."
        "Type slowly into nc (the try command): if nothing comes back until you press Enter, or until many bytes are in, the server waits for more than it has."
        "Each time a connection has bytes to read, take what is there (one byte is a whole chunk) and send that much back; never wait on one connection for more bytes while others wait on you."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (type slowly; a second nc in a third terminal)"
} {
    lassign [server_on] h port
    set slow [peer_connect $port "client 1"]
    set other [peer_connect $port "client 2"]
    set line "one byte at a time\n"
    set n 0
    foreach byte [split $line ""] {
        peer_send $slow $byte
        peer_expect $slow $byte "the echo of byte [incr n] of [visible $line], sent alone"
        if {$n % 6 == 0} {
            peer_send $other "line $n\n"
            peer_expect $other "line $n\n" "client 2's echo while client 1 sends one byte at a time"
        }
    }
}

slow_reader 2 "a client that never reads its echo stalls nobody else" {
    -needs echo
    -hints {
        "A client that sends and never reads fills the connection: the server cannot write to it any more. That may stop the work for that client, never the work for the others."
        "With one client pushing data it never reads (the try command), connect a second nc: no echo means the process that serves everyone is stuck in a write() to the first."
        "Write to a connection only what it can take now and keep the rest for when it can take more; while a client's echo is stuck, stop reading from that client (its own bytes wait in the kernel) and go on with the others."
    }
    -try "./server 5555    # then, in another terminal: head -c 33554432 /dev/zero | nc 127.0.0.1 5555 > /dev/null & kill -STOP \$!   and, in a third: nc 127.0.0.1 5555"
} {
    lassign [server_on] h port
    set stuck [peer_connect $port "client 1"]
    fileevent $stuck readable {}  ;# client 1 never reads
    set stuck_port [local_port $stuck]
    # More than all the buffers of the way can hold (client 1's and the
    # server's, each a few MiB at most on loopback).
    peer_send $stuck [string repeat [binary_blob 65536] 512]
    # Stuck: the server's echo waits unread at client 1, and the server has
    # stopped reading what client 1 sends, as it must while it cannot write
    # the echo. Only then does client 2's echo decide: a server that writes
    # to client 1 whatever it costs is blocked by now.
    if {![server_stops_reading $h $port $stuck_port]} {
        if {[unread_in_kernel $stuck_port] == 0} {
            fail -why "client 1 sent 32 MiB and got no echo within [positive_timeout] s[server_state_note]"
        }
        fail -why "client 1 read none of its echo, and in [positive_timeout] s the server never rested with client 1's bytes left unread: it keeps reading them into memory, or keeps trying to write to client 1, where it should stop both until client 1 can take more[server_state_note]"
    }
    client_with_echo $port "client 2" "hello, while client 1 reads nothing\n"
    expect_server_running $h "client 1 stopped reading its echo"
}

child_serves 2 "a child process serves each connection" {
    -needs echo
    -hints {
        "After accept(), fork(): the child (fork() returned 0) calls server() on the new connection and exits; the parent does not serve."
        "ps -f --ppid $(pgrep -o server) while nc is connected: no child listed means nothing was forked, or the parent served the client itself before or after forking."
        "fork() returns 0 in the child and the child's pid in the parent: branch on it. Only the 0 branch calls server(), then ends with _exit()."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (and in a third: ps -f --ppid \$(pgrep -o server))"
} {
    lassign [server_on] h port
    set c [client_with_echo $port "client 1" "who serves me?\n"]
    serving_child $h $c
}

child_closes_listener 1 "the child closes the listening socket" {
    -needs child_serves
    -hints {
        "The child only serves its one connection: it closes the listening socket first thing after fork() returns 0."
        "ls -l /proc/$(pgrep -n server)/fd while nc is connected: the child should hold one socket (the connection), not two."
        "In the branch where fork() returned 0, close() the descriptor that socket() (or listen_on()) gave you before calling server(): the parent keeps listening with its own copy."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (and in a third: ls -l /proc/\$(pgrep -n server)/fd)"
} {
    lassign [server_on] h port
    set c [client_with_echo $port "client 1" "hello\n"]
    set child [serving_child $h $c]
    set listener [listening_inode $port]
    if {![wait_until {![dict exists [socket_inodes $child] $listener]} [positive_ms] 5]} {
        fail -why "the child serving client 1 (pid $child) still holds the listening socket (its fd [dict get [socket_inodes $child] $listener]) while it serves"
    }
}

parent_closes_connection 1 "the parent closes its copy of the connection" {
    -needs child_serves
    -hints {
        "After fork() both processes hold the connection socket: the parent, which does not serve it, must close its copy at once."
        "ls -l /proc/$(pgrep -o server)/fd while nc is connected: the parent should hold the listening socket only, not the client's connection."
        "In the parent's branch (fork() returned a pid > 0), close() the descriptor that accept() returned, before it waits or accepts again."
    }
    -try "./server 5555    # then, in another terminal: nc 127.0.0.1 5555   (and in a third: ls -l /proc/\$(pgrep -o server)/fd)"
} {
    lassign [server_on] h port
    set c [client_with_echo $port "client 1" "hello\n"]
    serving_child $h $c
    set parent [program_pid $h]
    if {![wait_until {$parent ni [connection_holders $h $c]} [positive_ms] 5]} {
        fail -why "while a child serves client 1, the parent (pid $parent) still holds the connection socket too, [positive_timeout] s after it was accepted"
    }
}
}

# Declares the shared checks named in IDS, in that order, for the lab
# being declared. A check's options and title can be changed with
# `ID {-hints {TEXT ...} title TEXT}` entries in OVERRIDES.
proc server_checks {ids {overrides {}}} {
    foreach {id points title options body} $::server_check_specs {
        dict set specs $id [list $points $title $options $body]
    }
    foreach id $ids {
        lassign [dict get $specs $id] points title options body
        if {[dict exists $overrides $id]} {
            set changes [dict get $overrides $id]
            if {[dict exists $changes title]} {
                set title [dict get $changes title]
                dict unset changes title
            }
            set options [dict merge $options $changes]
        }
        check $id $points $title {*}$options $body
    }
}

# How many clients the `many` check sends one after another, and how many
# the `crowd` check holds connected at once: lab settings (checks.tcl), so
# a lab may change them (`set ::many_clients 200`) for itself alone.
lab_setting many_clients 100
lab_setting crowd_clients 500

# procfs.tcl: white-box facts about a running program, read from /proc
# (DESIGN §4): its processes and their states, its descriptors, the socket
# each one is, which sockets listen, and which system call a process is
# blocked in. No ptrace: a check never needs strace to decide.
#
# PIDs here are as the grader sees them (the sandbox's pid file), also when
# the program runs in a PID namespace of its own.

# The contents of a /proc file, or "" when it cannot be read (the process
# is gone, or was never there).
proc proc_read {path} {
    if {[catch {open $path} f]} {
        return ""
    }
    # Reading can fail too: the process may exit between open and read.
    if {[catch {read $f} text]} {
        set text ""
    }
    close $f
    return $text
}

# The children of PID (every thread's), oldest first.
proc children_of {pid} {
    set kids {}
    foreach task [glob -nocomplain -directory /proc/$pid/task *] {
        lappend kids {*}[proc_read $task/children]
    }
    return [lsort -integer -unique $kids]
}

# PID and all its descendants.
proc process_tree {pid} {
    set tree [list $pid]
    foreach kid [children_of $pid] {
        lappend tree {*}[process_tree $kid]
    }
    return $tree
}

# The state letter of PID (R running, S sleeping, Z zombie, ...), or ""
# when it is gone.
proc process_state {pid} {
    return [lindex [stat_fields $pid] 0]
}

# Whether every thread of the processes PIDS sleeps (S) or has ended (Z).
proc all_asleep {pids} {
    foreach pid $pids {
        foreach task [glob -nocomplain -tails -directory /proc/$pid/task *] {
            if {[process_state $task] ni {S Z ""}} {  ;# a thread's id names it in /proc too
                return 0
            }
        }
    }
    return 1
}

# The fields of /proc/PID/stat after the command name: state, ppid,
# process group, session, ...; {} when PID is gone. (The name, in
# parentheses, may itself hold spaces or ")": the last ")" ends it.)
proc stat_fields {pid} {
    set stat [proc_read /proc/$pid/stat]
    return [string range $stat [string last ")" $stat]+2 end]
}

# The children of PID that are zombies: exited, never waited for.
proc zombie_children {pid} {
    set zombies {}
    foreach kid [children_of $pid] {
        if {[process_state $kid] eq "Z"} {
            lappend zombies $kid
        }
    }
    return $zombies
}

# The children of PID that are still alive (not zombies).
proc live_children {pid} {
    set live {}
    foreach kid [children_of $pid] {
        set state [process_state $kid]
        if {$state ni {"" Z X}} {
            lappend live $kid
        }
    }
    return $live
}

# PID's open descriptors as a dict: fd number -> what it is (the link's
# text, e.g. "socket:[12345]", "/dev/pts/3", "pipe:[678]").
proc open_fds {pid} {
    set fds [dict create]
    foreach path [glob -nocomplain -directory /proc/$pid/fd *] {
        if {![catch {file readlink $path} target]} {
            dict set fds [file tail $path] $target
        }
    }
    return $fds
}

# The inodes of the sockets PID holds, as a dict: inode -> fd.
proc socket_inodes {pid} {
    set inodes [dict create]
    dict for {fd target} [open_fds $pid] {
        if {[regexp {^socket:\[([0-9]+)\]$} $target -> inode]} {
            dict set inodes $inode $fd
        }
    }
    return $inodes
}

# The TCP sockets of the grader's network (IPv4 and IPv6) as a list of
# dicts with keys inode, state (LISTEN, ESTABLISHED, ...), local_port,
# remote_port and rx_queue (bytes received that nobody has read yet).
proc tcp_sockets {} {
    set states {01 ESTABLISHED 02 SYN_SENT 03 SYN_RECV 04 FIN_WAIT1 05 FIN_WAIT2
        06 TIME_WAIT 07 CLOSE 08 CLOSE_WAIT 09 LAST_ACK 0A LISTEN 0B CLOSING}
    set sockets {}
    foreach file {/proc/net/tcp /proc/net/tcp6} {
        foreach line [lrange [split [proc_read $file] \n] 1 end] {
            if {[llength $line] < 10} {
                continue
            }
            lassign $line - local remote state queues - - - - inode
            lappend sockets [dict create inode $inode \
                rx_queue [scan [lindex [split $queues :] 1] %x] \
                state [expr {[dict exists $states $state] ? [dict get $states $state] : $state}] \
                local_port [scan [lindex [split $local :] end] %x] \
                remote_port [scan [lindex [split $remote :] end] %x]]
        }
    }
    return $sockets
}

# The ports on which a process of PID's tree holds a LISTEN socket.
proc listening_ports {pid} {
    set held [dict create]
    foreach p [process_tree $pid] {
        set held [dict merge $held [socket_inodes $p]]
    }
    set ports {}
    foreach s [tcp_sockets] {
        if {[dict get $s state] eq "LISTEN" && [dict exists $held [dict get $s inode]]} {
            lappend ports [dict get $s local_port]
        }
    }
    return [lsort -integer -unique $ports]
}

# The inode of the LISTEN socket on PORT, or "".
proc listening_inode {port} {
    foreach s [tcp_sockets] {
        if {[dict get $s state] eq "LISTEN" && [dict get $s local_port] == $port} {
            return [dict get $s inode]
        }
    }
    return ""
}

# The inode of the server's end of a connection: the socket on local port
# SERVER_PORT whose peer is on CLIENT_PORT; "" when there is none (yet).
proc server_end_inode {server_port client_port} {
    foreach s [tcp_sockets] {
        if {[dict get $s local_port] == $server_port && [dict get $s remote_port] == $client_port} {
            return [dict get $s inode]
        }
    }
    return ""
}

# Which process of PID's tree holds socket INODE: a list of pids.
proc holders_of {pid inode} {
    set holders {}
    foreach p [process_tree $pid] {
        if {[dict exists [socket_inodes $p] $inode]} {
            lappend holders $p
        }
    }
    return $holders
}

# The system call PID is blocked in, by name where we know it (x86-64
# numbers: 0 read, 43 accept, 61 wait4, 288 accept4, 7 poll, 232
# epoll_wait, 34 pause, 202 futex: a lock, a condition variable or a
# pthread_join, ...), "running" when it is on a CPU or waiting
# for one, "syscall -1" when it is off the CPU but not in a system call
# (preempted), "" when gone.
# Blocked means asleep (state S or D) before and after the syscall file
# is read: a process preempted on its way out of accept() still shows
# accept there, runnable, and is about to do something else.
proc blocked_in {pid} {
    set before [process_state $pid]
    set text [proc_read /proc/$pid/syscall]
    if {$text eq ""} {
        return ""
    }
    set nr [lindex $text 0]
    if {![string is integer -strict $nr]} {
        return $nr  ;# "running"
    }
    if {$nr >= 0 && ($before ni {S D} || [process_state $pid] ni {S D})} {
        return running
    }
    set names {0 read 1 write 7 poll 23 select 34 pause 35 nanosleep 43 accept 45 recvfrom
        61 wait4 130 rt_sigsuspend 202 futex 230 clock_nanosleep 232 epoll_wait 247 waitid
        270 pselect6 271 ppoll 281 epoll_pwait 288 accept4}
    return [expr {[dict exists $names $nr] ? [dict get $names $nr] : "syscall $nr"}]
}

# The signal mask FIELD (SigCgt: caught, SigIgn: ignored, SigBlk, SigPnd)
# of /proc/PID/status, as the hex digits it shows; "" when PID is gone.
# Reading SigCgt before sending a signal removes the race with start-up.
proc signal_mask {pid field} {
    if {![regexp -line "^$field:\\s*(\[0-9a-fA-F\]+)" [proc_read /proc/$pid/status] -> mask]} {
        return ""
    }
    return $mask
}

# 1 when signal number SIG is in PID's mask FIELD (see signal_mask): bit SIG-1.
proc signal_in_mask {pid field sig} {
    set mask [signal_mask $pid $field]
    return [expr {$mask ne "" && (("0x$mask" >> ($sig - 1)) & 1) == 1}]
}

# The time PID's threads have spent running or ready to run, in seconds:
# on a CPU, or waiting in a run queue for one (the first two fields of
# /proc/PID/task/TID/schedstat, in ns). Unlike CPU time it does not depend
# on how busy the machine is: a thread that never sleeps is ready all the
# time, whoever gets the CPU; a sleeping one is not. The CPU time where
# the kernel keeps no schedstat; "" when PID is gone.
proc busy_seconds {pid} {
    set ns 0
    set found 0
    foreach file [glob -nocomplain /proc/$pid/task/*/schedstat] {
        # A thread may end between glob and read: it just counts no more.
        if {[scan [proc_read $file] "%lld %lld" running waiting] == 2} {
            set ns [expr {$ns + $running + $waiting}]
            set found 1
        }
    }
    if {!$found} {
        return [cpu_seconds $pid]
    }
    return [expr {$ns / 1e9}]
}

# The CPU time PID has used so far, in seconds (user + system, from
# /proc/PID/stat), or "" when it is gone.
proc cpu_seconds {pid} {
    set stat [proc_read /proc/$pid/stat]
    set fields [string range $stat [string last ")" $stat]+2 end]
    # After the name: state is field 3 of stat, utime 14 and stime 15.
    if {[llength $fields] < 13} {
        return ""
    }
    return [expr {([lindex $fields 11] + [lindex $fields 12]) / double([clock_ticks])}]
}

# The kernel's clock ticks per second (USER_HZ), in which /proc counts CPU time.
proc clock_ticks {} {
    if {![info exists ::clock_ticks]} {
        set ::clock_ticks [exec getconf CLK_TCK]
    }
    return $::clock_ticks
}

# The value of FIELD in /proc/PID/status, its first word ("Threads" -> 3,
# "VmSize" -> 4100608, in kB), or "" when PID is gone or has no such field.
proc status_field {pid field} {
    if {![regexp -line "^$field:\\s*(\\S+)" [proc_read /proc/$pid/status] -> value]} {
        return ""
    }
    return $value
}

# How many threads process PID has (1 for one that made none), or "" when
# it is gone.
proc thread_count {pid} {
    return [status_field $pid Threads]
}

# How many memory mappings PID has (lines of /proc/PID/maps), or "" when it
# is gone. Each thread's stack is two (the stack and its guard page): they
# stay until the thread, once ended, is joined, or at once if detached.
proc mapping_count {pid} {
    set maps [proc_read /proc/$pid/maps]
    if {$maps eq ""} {
        return ""
    }
    return [llength [split [string trimright $maps \n] \n]]
}

# The file status flags of descriptor FD of PID (the `flags` line of
# /proc/PID/fdinfo/FD, octal there) as an integer, or "" when either is
# gone. O_NONBLOCK is 04000 on Linux.
proc fd_flags {pid fd} {
    if {![regexp -line {^flags:\s*([0-7]+)} [proc_read /proc/$pid/fdinfo/$fd] -> flags]} {
        return ""
    }
    return [scan $flags %o]
}

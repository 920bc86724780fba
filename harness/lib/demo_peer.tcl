# demo_peer.tcl: the live demos' own peers (harness/demo), run in a pane:
#   tclsh demo_peer.tcl serve PORT         an echo server on 127.0.0.1:PORT
#   tclsh demo_peer.tcl connect HOST PORT  a line client, where OpenBSD's nc
#                                          (nc -N) is not installed
# The server is what lab 02's client talks to: it says `listening on port
# N`, then shows each connection and each line it echoes, so that the class
# sees both ends. It serves any number of clients at once and ends on ^C.
# The client sends each line typed and prints what comes back; at end of
# input (^D) it shuts down its sending side and ends when the server closes,
# as nc -N does.

# serve: listens on 127.0.0.1:PORT until killed.
proc serve {port} {
    socket -server accepted -myaddr 127.0.0.1 $port
    puts "listening on port $port"
    vwait forever
}

# A new connection: echo every byte back, show each line on the way.
proc accepted {sock host port} {
    puts "connection from $host:$port"
    fconfigure $sock -translation binary -blocking 0 -buffering none
    fileevent $sock readable [list echo_back $sock "$host:$port"]
}

# Echoes what SOCK has; closes it (and says so) at end of file.
proc echo_back {sock who} {
    if {[catch {read $sock} data] || ($data eq "" && [eof $sock])} {
        catch {close $sock}
        puts "$who closed the connection"
        return
    }
    puts -nonewline "echo: $data"
    flush stdout
    catch {puts -nonewline $sock $data}
}

# connect: stdin to the server, the server to stdout, until the server
# closes; exits 1 with an ERROR line when it cannot connect.
proc connect {host port} {
    if {[catch {socket $host $port} sock]} {
        puts stderr "ERROR connecting to $host:$port: $sock"
        exit 1
    }
    fconfigure $sock -translation binary -blocking 0 -buffering none
    fconfigure stdin -translation binary -blocking 0
    fileevent stdin readable [list forward $sock]
    fileevent $sock readable [list show $sock]
    vwait forever
}

# One typed line (or end of input) to the server.
proc forward {sock} {
    set data [read stdin]
    if {$data eq "" && [eof stdin]} {
        fileevent stdin readable {}
        catch {chan close $sock write}  ;# the server reads end of file
        return
    }
    catch {puts -nonewline $sock $data}
}

# What the server sent, to stdout; the end when it closes.
proc show {sock} {
    if {[catch {read $sock} data] || ($data eq "" && [eof $sock])} {
        exit 0
    }
    puts -nonewline $data
    flush stdout
}

fconfigure stdout -translation binary
switch -- [lindex $argv 0] {
    serve { serve [lindex $argv 1] }
    connect { connect [lindex $argv 1] [lindex $argv 2] }
    default {
        puts stderr "usage: demo_peer.tcl serve PORT | demo_peer.tcl connect HOST PORT"
        exit 2
    }
}

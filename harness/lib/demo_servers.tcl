# demo_servers.tcl: the live demo the server labs share (harness/demo): one
# server, two clients, and the same steps for each way of serving, so that
# they can be shown side by side:
#   v1       (lab 03) client 2 waits while the server reads client 1;
#   v2       (lab 04) client 2 waits too, the parent blocked in wait4 for
#            client 1's child;
#   v3       (lab 05) a child per client and no waiting: both are served;
#   threads  (lab 08) a thread per client instead of a child: both are
#            served, and nobody reaps or joins;
#   loop     (lab 09) one thread and one poll() for every client: both are
#            served, with no child and no thread.
# Each lab's demo.tcl calls server_scenario with its version, and `on`
# holds what the versions do differently. The ps pane shows the server's
# processes (and threads) after every step.

# The panes and steps of the server labs' demo, for VERSION (v1, v2, v3,
# threads, loop).
proc demo::server_scenario {version} {
    set ::scenario::version $version
    panes {{server trace} {{client1 "client 1"} {client2 "client 2"} ps}} server

    step {start the server: ./server $port} {
        traced server "./server $port"
        sees server "listening on port $port"
        on {v1 v2 v3 threads} {
            blocked server {accept accept4} -note "waiting for a client"
        }
        on loop {
            blocked server {poll ppoll} -note "waiting for the listening socket to have a client"
        }
    }
    step {client 1 connects: $nc 127.0.0.1 $port} {
        run client1 "$nc 127.0.0.1 $port"
        connected client1
        on v1 {
            blocked server read -note "it accepted client 1 and now reads its requests"
        }
        on v2 {
            children server 1 -note "a child serves client 1"
            blocked server wait4 -note "the parent waits for that child"
        }
        on v3 {
            children server 1 -note "a child serves client 1"
            blocked server {accept accept4} -note "the parent is back in accept() at once"
        }
        on threads {
            threads server 2 -note "a new thread serves client 1"
            blocked server {accept accept4} -note "the main thread is back in accept() at once"
        }
        on loop {
            threads server 1 -note "no child and no thread: one loop serves every client"
            blocked server {poll ppoll} -note "poll() now watches the listening socket and client 1"
        }
    }
    step {client 1 types a line} {
        type client1 "hello from client 1"
        answered client1 "hello from client 1"
        on {v1 v2 v3 threads} {
            sees server "hello from client 1" -note "the server prints each request"
        }
    }
    step {client 2 connects: $nc 127.0.0.1 $port} {
        run client2 "$nc 127.0.0.1 $port"
        connected client2 -note "the kernel completes the connection; only accept() hands it to the server"
        on v1 {
            blocked server read -note "still reading client 1's requests: nobody calls accept()"
        }
        on v2 {
            children server 1 -note "still only client 1's child"
            blocked server wait4 -note "still waiting for that child: nobody calls accept()"
        }
        on v3 {
            children server 2 -note "one child per client"
        }
        on threads {
            threads server 3 -note "one thread per client, and the main thread"
        }
        on loop {
            threads server 1 -note "still one thread"
            blocked server {poll ppoll} -note "poll() watches both clients and the listening socket"
        }
    }
    step {client 2 types a line} {
        type client2 "hello from client 2"
        on {v1 v2} {
            unanswered client2 "hello from client 2" \
                -note "as expected: client 2 waits in the listen queue until client 1 leaves" \
                -else "this server serves two clients at once, which $version does not"
        }
        on v3 {
            answered client2 "hello from client 2" -note "served at once, while client 1 is still connected" \
                -else "v3 serves it at once: does the parent wait for its child?"
        }
        on threads {
            answered client2 "hello from client 2" -note "served at once, while client 1 is still connected" \
                -else "a thread per client serves it at once: does the main thread join client 1's thread?"
        }
        on loop {
            answered client2 "hello from client 2" -note "served by the same thread, while client 1 is still connected" \
                -else "the loop serves it at once: does it block in read() on client 1?"
        }
    }
    step {client 1 leaves: ^D} {
        key client1 C-d
        exits client1
        on {v1 v2} {
            answered client2 "hello from client 2" -note "now the server accepts client 2 and reads the line that waited" \
                -else "once client 1 has left, the server should accept client 2: does it stop serving at end of file?"
        }
        on v1 {
            blocked server read -note "serving client 2"
        }
        on v2 {
            children server 1 -note "a new child, for client 2"
            blocked server wait4
        }
        on v3 {
            children server 1 -note "client 1's child has exited"
            reaped server -note "and was reaped at once"
        }
        on threads {
            threads server 2 -note "client 1's thread has ended; detached, it needs no join"
        }
        on loop {
            blocked server {poll ppoll} -note "the loop read client 1's end of file, closed it, and polls on"
        }
    }
    step {client 2 leaves: ^D} {
        key client2 C-d
        exits client2
        on {v1 v2 v3 threads} {
            blocked server {accept accept4} -note "waiting for the next client"
        }
        on {v2 v3} {
            children server 0
            reaped server
        }
        on threads {
            threads server 1 -note "only the main thread is left"
        }
        on loop {
            blocked server {poll ppoll} -note "waiting for the next client"
        }
    }
    step {stop the server: ^C} {
        key server C-c
        exits server
    }
}

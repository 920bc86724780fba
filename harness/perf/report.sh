# harness/perf/report.sh: the perf run's report, sourced by harness/perf/run
# once every server has been measured: the table (terminal and table.txt),
# the plots (gnuplot: PNG and SVG of each) and the ratios (ratios.csv).
# Reads $out/results.csv and $scratch/status.csv (NAME,STATUS in the run's
# order); uses the run's settings ($cpu_conns, $rate_conns, $bulk_conns,
# $msg, $net_tier). Each function returns non-zero on failure and prints
# only what it was asked to print.

# The awk prelude every reader of results.csv shares: col["req_per_s"] is
# that column's number.
csv_awk='BEGIN { FS = "," } FNR == 1 && FILENAME ~ /results.csv$/ { for (i = 1; i <= NF; i++) col[$i] = i; next }'

# status_of NAME: the server's status, "ok" or what went wrong; a server
# that ran but never completed a request is "no answer"; the load
# generator's errors (failed connections, wrong bytes: loadgen.log says
# which) are counted.
status_of() {
	local s errors
	s=$(awk -F, -v n="$1" '$1 == n { sub(/^[^,]*,/, ""); print; exit }' "$scratch/status.csv")
	if [ "$s" = ok ] && [ -s "$out/results.csv" ] &&
		! awk "$csv_awk"' $1 == n && $col["series"] == "requests" && $col["requests"] > 0 { found = 1 } END { exit !found }' \
			n="$1" "$out/results.csv"; then
		s="no answer (no request completed)"
	fi
	errors=$(awk "$csv_awk"' $1 == n { e += $col["errors"] } END { print e + 0 }' n="$1" "$out/results.csv" 2>/dev/null)
	[ "${errors:-0}" = 0 ] || s="$s; $errors errors (see loadgen.log)"
	echo "$s"
}

# table: servers as rows, the key figures as columns.
table() {
	local name concs
	concs=$(awk "$csv_awk"' $col["series"] == "requests" { print $col["conns"] }' "$out/results.csv" 2>/dev/null | sort -nu | tr '\n' ' ')
	{
		printf '%-14s' server
		for c in $concs; do printf ' %9s' "req/s c=$c"; done
		printf ' %9s %9s %9s %15s %6s  %s\n' "max ms" "conn/s" "MB/s max" "p50/p99 us c=$cpu_conns" "cpu" "status"
		for name in "${order[@]}"; do
			awk "$csv_awk"'
			$1 == n && $col["series"] == "requests" {
				req[$col["conns"]] = $col["req_per_s"]; last = $col["conns"]; wait = sprintf("%.0f", $col["max_us"] / 1000)
				if ($col["conns"] == cc) {
					lat = sprintf("%d/%d", $col["p50_us"], $col["p99_us"])
					if ($col["wall_s"] > 0) cpu = sprintf("%.2f", $col["server_cpu_s"] / $col["wall_s"])
				}
			}
			$1 == n && $col["series"] == "connections" { rate = sprintf("%.0f", $col["conn_per_s"]) }
			$1 == n && $col["series"] == "throughput" && $col["mb_per_s"] + 0 > mb + 0 { mb = sprintf("%.0f", $col["mb_per_s"]) }
			END {
				printf "%-14s", n
				k = split(concs, cs, " ")
				for (i = 1; i <= k; i++) printf " %9s", (cs[i] in req) ? sprintf("%.0f", req[cs[i]]) : "-"
				printf " %9s %9s %9s %15s %6s  %s\n", (last != "") ? wait : "-", rate != "" ? rate : "-",
					mb != "" ? mb : "-", lat != "" ? lat : "-", cpu != "" ? cpu : "-", st
			}' n="$name" cc="$cpu_conns" concs="$concs" st="$(status_of "$name")" "$out/results.csv" 2>/dev/null ||
				printf '%-14s %s\n' "$name" "$(status_of "$name")"
		done
		echo
		echo "req/s: $msg-byte echoes, each client sends its next request when the answer is back (closed loop);"
		echo "max ms: the longest wait for an answer at the highest concurrency (a client never served waits the whole point);"
		echo "conn/s: $rate_conns clients that connect, echo $msg bytes, close; MB/s max: $bulk_conns clients echoing, best message size;"
		echo "cpu: CPU time of the server's process and its children / wall time, at $cpu_conns connections (1.00: one core)."
	} >"$out/table.txt"
	cat "$out/table.txt"
}

# plot_data: the plots' data files in $scratch/plot/, one block per server
# (gnuplot's `index`), and the servers' names in the same order.
plot_data() {
	local name
	mkdir -p "$scratch/plot"
	: >"$scratch/plot/req.dat" ; : >"$scratch/plot/req.names"
	: >"$scratch/plot/stream.dat" ; : >"$scratch/plot/stream.names"
	: >"$scratch/plot/rate.dat"
	for name in "${order[@]}"; do
		awk "$csv_awk"' $1 == n && $col["series"] == "requests" && $col["requests"] > 0 {
			print $col["conns"], $col["req_per_s"], $col["p50_us"] / 1000, $col["p99_us"] / 1000 }' \
			n="$name" "$out/results.csv" >"$scratch/plot/one"
		if [ -s "$scratch/plot/one" ]; then
			{ cat "$scratch/plot/one"; printf '\n\n'; } >>"$scratch/plot/req.dat"
			printf '%s ' "$name" >>"$scratch/plot/req.names"
		fi
		awk "$csv_awk"' $1 == n && $col["series"] == "throughput" && $col["mb_per_s"] > 0 {
			print $col["size"], $col["mb_per_s"] }' n="$name" "$out/results.csv" >"$scratch/plot/one"
		if [ -s "$scratch/plot/one" ]; then
			{ cat "$scratch/plot/one"; printf '\n\n'; } >>"$scratch/plot/stream.dat"
			printf '%s ' "$name" >>"$scratch/plot/stream.names"
		fi
		awk "$csv_awk"' $1 == n && $col["series"] == "connections" { printf "%s %.0f\n", n, $col["conn_per_s"] }' \
			n="$name" "$out/results.csv" >>"$scratch/plot/rate.dat"
	done
}

# plot NAME: draws $scratch/plot/NAME.gp into $out/NAME.png and $out/NAME.svg.
plot() {
	local gp=$scratch/plot/$1.gp
	gnuplot -e "set terminal pngcairo size 1000,640 font 'sans,10'; set output '$out/$1.png'" "$gp" \
		2>>"$scratch/plot/gnuplot.err" &&
		gnuplot -e "set terminal svg size 1000,640 font 'sans,10' background '#ffffff'; set output '$out/$1.svg'" "$gp" \
			2>>"$scratch/plot/gnuplot.err"
}

# The lines for every server of a names file: `plot for [i=...]` with
# each block's name as its title.
series() {  # FILE-STEM USING
	local names
	names=$(<"$scratch/plot/$1.names")
	echo "names = '$names'"
	echo "plot for [i = 1:words(names)] '$scratch/plot/$1.dat' index (i - 1) using $2 with linespoints lt i lw 2 pt (i % 7 + 1) title word(names, i)"
}

plots() {
	plot_data
	# Twelve colours, none twice: gnuplot's default eight would repeat.
	local setting="set grid; set key outside right top; set tics nomirror
colours = '#4477aa #ee6677 #228833 #ccbb44 #66ccee #aa3377 #bbbbbb #000000 #ee7733 #0077bb #cc3311 #009988'
do for [i = 1:12] { set linetype i lc rgb word(colours, i) }"
	# 1. requests/s against concurrency
	{
		echo "$setting"
		echo "set title 'Requests per second as clients grow ($msg-byte echo; each client waits for its answer before the next request)'"
		echo "set xlabel 'concurrent connections (clients)'; set ylabel 'requests per second (all clients together)'"
		echo "set logscale x 2; set xrange [0.8:320]; set yrange [0:*]"
		series req 1:2
	} >"$scratch/plot/requests.gp"
	# 2. connections/s, one bar per server
	{
		echo "$setting"
		echo "set title 'New connections per second ($rate_conns clients: connect, echo $msg bytes, close, again)'"
		echo "set ylabel 'connections per second'; set yrange [0:*]"
		echo "set style fill solid 0.6; set boxwidth 0.6; set xtics rotate by -30"
		echo "unset key"
		echo "plot '$scratch/plot/rate.dat' using 0:2:xtic(1) with boxes lc rgb '#4477aa' title 'connections per second', \\"
		echo "     '' using 0:2:2 with labels offset 0,0.7 notitle"
	} >"$scratch/plot/connections.gp"
	# 3. MB/s against message size
	{
		echo "$setting"
		echo "set title 'Throughput by message size ($bulk_conns clients, each echoing one message at a time)'"
		echo "set xlabel 'message size (one write by the client, echoed whole)'; set ylabel 'MB/s echoed (all clients together)'"
		echo "set logscale x 2; set yrange [0:*]"
		echo "set xtics ('64 B' 64, '1 KiB' 1024, '4 KiB' 4096, '16 KiB' 16384, '64 KiB' 65536, '256 KiB' 262144, '1 MiB' 1048576)"
		series stream 1:2
	} >"$scratch/plot/throughput.gp"
	# 4. latency, p50 and p99, against concurrency
	{
		echo "$setting"
		echo "set multiplot layout 1,2 title 'Latency of one $msg-byte echo as clients grow (log scales)'"
		echo "set logscale xy; set xrange [0.8:320]; set xlabel 'concurrent connections'; set key top left"
		echo "set title 'median (p50)'; set ylabel 'milliseconds'"
		series req 1:3
		echo "set title '99th percentile (p99)'; unset key"
		series req 1:4
		echo "unset multiplot"
	} >"$scratch/plot/latency.gp"
	local p ok=0
	for p in requests connections throughput latency; do
		plot "$p" || ok=1
	done
	[ "$ok" = 0 ] || sed 's/^/gnuplot: /' "$scratch/plot/gnuplot.err" >&2
	return $ok
}

# ratios: the figures issue 7 asks for, from this run, into ratios.csv and
# on the terminal, each with its goal and whether it is met. The fastest
# server is chosen among those whose status is ok: one that crashed later
# in the run has no CPU share to show for its point.
ratios() {
	local name whole=""
	for name in "${order[@]}"; do
		[ "$(status_of "$name")" != ok ] || whole+=" $name "
	done
	awk "$csv_awk"'
	$col["series"] == "requests" && $col["conns"] == cc {
		req[$1] = $col["req_per_s"]
		if (index(whole, " " $1 " ") && $col["req_per_s"] + 0 > best + 0) { best = $col["req_per_s"]; fastest = $1
			share = ($col["wall_s"] > 0) ? $col["server_cpu_s"] / $col["wall_s"] : 0 }
	}
	$col["series"] == "connections" { rate[$1] = $col["conn_per_s"] }
	function ratio(what, a, b, goal, note,    v) {
		if (a + 0 > 0 && b + 0 > 0) {
			v = a / b
			printf "%s,%.3f,%.2f,%s,%s\n", what, v, goal, (v >= goal) ? "met" : "NOT met", note
		} else {
			printf "%s,,%.2f,n/a,%s\n", what, goal, note
		}
	}
	END {
		ratio("epoll req/s / libevent req/s at " cc " connections", req["epoll"], req["libevent"], 1.0, "")
		ratio("epoll conn/s / libevent conn/s", rate["epoll"], rate["libevent"], 0.9, "")
		ratio("v3 (fork) conn/s / socat fork conn/s", rate["v3"], rate["socat"], 1.3, "")
		ratio("CPU share of the fastest server at " cc " connections", share, (fastest != "") ? 1 : 0, 0.95, fastest)
	}' cc="$cpu_conns" whole="$whole" "$out/results.csv" >"$out/ratios.csv"
	echo
	echo "ratios (this run; goal in brackets):"
	awk -F, '{ printf "  %-56s %6s  (>= %s) %s%s\n", $1, ($2 == "") ? "-" : $2, $3,
		($4 == "n/a") ? "n/a: a server is missing" : "goal " $4, ($5 != "") ? " (" $5 ")" : "" }' \
		"$out/ratios.csv"
}

report_all() {
	echo
	if [ -s "$out/results.csv" ]; then
		table
		plots || echo "ERROR gnuplot failed: some plots are missing" >&2
		ratios
	else
		for name in "${order[@]}"; do printf '%-14s %s\n' "$name" "$(status_of "$name")"; done | tee "$out/table.txt"
	fi
	[ "$net_tier" = namespaces ] || echo "note: measured without a private network (see above)"
}

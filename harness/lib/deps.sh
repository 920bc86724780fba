#!/usr/bin/env bash
# deps.sh: makes sure the packages socklab needs are here; installs the
# missing ones with apt-get where it can, saying what it installs.
#   deps.sh grade   what grading needs
#   deps.sh test    what the kit's own tests need on top
#   deps.sh trace | demo | watch | browser | perf   what those tools need on top
# Exit 0 when everything is there, 2 (after printing the exact command to
# run) when something is missing and cannot be installed from here.
set -u

want=${1:-grade}
missing=()

have_cmd() { command -v "$1" >/dev/null 2>&1; }
# tests/interop needs OpenBSD's nc (-N: shut down writing at end of input).
have_openbsd_nc() { have_cmd nc && nc -h 2>&1 | grep -q OpenBSD; }
# A script piped into tclsh exits 0 even when it fails: the probe exits
# with its own verdict.
have_tcl_pkgs() { echo 'exit [catch {package require json::write; package require cmdline}]' | tclsh >/dev/null 2>&1; }
# Tcl's headers and stubs library: the expect programs' signal handlers
# (build/socklab_signals.so) are built against them.
have_tcl_dev() {
	printf '#include <tcl.h>\nint main(void){return 0;}\n' |
		cc $(pkg-config --cflags tcl 2>/dev/null || echo -I/usr/include/tcl8.6) -x c -c - -o /dev/null >/dev/null 2>&1
}
have_cmocka() {
	printf '#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <setjmp.h>\n#include <cmocka.h>\nint main(void){return 0;}\n' |
		cc -x c - -lcmocka -o /dev/null >/dev/null 2>&1
}

# The performance lab (harness/perf/run): real peers to measure against
# (socat, ncat, a libevent echo server built against libevent-dev with
# pkg-config) and gnuplot for the plots (-nox: no X11 needed).
have_libevent() { pkg-config --exists libevent 2>/dev/null; }
perf_deps() {
	check socat have_cmd socat
	check ncat have_cmd ncat
	check pkg-config have_cmd pkg-config
	check libevent-dev have_libevent
	check gnuplot-nox have_cmd gnuplot
}

# Each line: Debian package, then the probe that says it is present.
check() { "${@:2}" || missing+=("$1"); }
# The same, for a probe that compiles: without a compiler the package is
# missing as well (gcc is installed with it).
cc_check() { if have_cmd cc; then check "$@"; else missing+=("$1"); fi; }
check gcc have_cmd cc
check make have_cmd make
check expect have_cmd expect
check tcllib have_tcl_pkgs
cc_check libcmocka-dev have_cmocka
cc_check tcl-dev have_tcl_dev
# The teaching tools: traces (strace), live demos (tmux), watch mode
# (inotifywait), and the handouts' browser test (Chromium, Node.js and npm).
case $want in
trace) check strace have_cmd strace ;;
demo) check strace have_cmd strace; check tmux have_cmd tmux; check procps have_cmd ps ;;
watch) check inotify-tools have_cmd inotifywait ;;
browser) check chromium have_cmd chromium; check nodejs have_cmd node; check npm have_cmd npm ;;
perf) perf_deps ;;
esac
if [ "$want" = test ]; then
	check strace have_cmd strace
	check tmux have_cmd tmux
	check procps have_cmd ps
	check socat have_cmd socat
	check netcat-openbsd have_openbsd_nc
	check telnet have_cmd telnet
	# tests/hosted: the Gradescope zip (make gradescope), unpacked as Gradescope does.
	check zip have_cmd zip
	check unzip have_cmd unzip
	# tests/perf: the performance lab's script, its peers and plots
	# (xmllint checks that the SVG plots parse).
	perf_deps
	check libxml2-utils have_cmd xmllint
fi

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || { have_cmd sudo && sudo -n true 2>/dev/null && sudo=sudo; }
if have_cmd apt-get && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
	echo "socklab: installing ${missing[*]} (apt-get)" >&2
	if $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
	   { $sudo apt-get update -qq >/dev/null 2>&1 &&
	     $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
		exit 0
	fi
	echo "socklab: apt-get could not install ${missing[*]}" >&2
fi
echo "socklab: missing packages: ${missing[*]}" >&2
echo "socklab: install them with:  sudo apt-get install ${missing[*]}" >&2
exit 2

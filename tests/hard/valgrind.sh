#!/bin/sh
# valgrind.sh: valgrind memcheck finds no error and no definite or possible
# leak (--error-exitcode=99 --leak-check=full) in typical runs: ping -c 3
# on 127.0.0.1 and ::1, traceroute -n to 127.0.0.1 and -I to ::1, and, in
# the lab (root), traceroute across a 3-router chain with every method and
# family, names included (its lookup children are traced too), --mtu,
# -e, --back, a silent router, an unreachable host; ping across the chain
# with flood, preload, adaptive, options, IP timestamps, ICMP timestamp
# requests and ICMP errors (time exceeded, frag needed, unreachable);
# both tools as nobody (datagram sockets, error queues). Each run must also end with its normal status.
# In an AddressSanitizer build (valgrind cannot run it) the same runs go
# without valgrind, and ASan/LSan/UBSan must stay silent instead. A run
# that hangs is killed (90 s under valgrind, 60 s without) and fails.
. "$top_srcdir/tests/hard/hard_lib.sh"
h_need_bins
TMPD=$(mktemp -d)

if h_asan_build "$PING" || h_asan_build "$TRACEROUTE"; then
	echo "info: AddressSanitizer build: the runs are checked by ASan/LSan"
	VG="timeout -s KILL 60"
	CHILDREN=
	CHECKER=ASan
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
	export ASAN_OPTIONS
else
	command -v valgrind >/dev/null 2>&1 || h_skip_all "valgrind not found"
	VG="timeout -s KILL 90 valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite,possible --track-fds=no
	    --child-silent-after-fork=no --trace-children=no -q"
	CHILDREN=--trace-children=yes
	CHECKER=memcheck
fi

# vg WHAT WANT_STATUS PREFIX... -- TOOL ARGS...: PREFIX runs the command
# (empty, or lab_exec NS)
vg() {
	_w=$1 _want=$2
	shift 2
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	_st=$?
	if [ "$_st" = 99 ] || grep -q '^==[0-9]*==' "$TMPD/err" ||
	    h_sanitized "$TMPD/err"; then
		h_fail "$_w: $CHECKER: $(grep -E '^==|runtime error' \
		    "$TMPD/err" | head -12 | tr '\n' '|')"
	elif [ "$_st" != "$_want" ]; then
		h_fail "$_w: exit $_st, want $_want: $(head -3 "$TMPD/err" |
		    tr '\n' '|')"
	else
		h_ok "$_w: $CHECKER clean, exit $_st"
	fi
}

# ping on loopback needs root or a ping_group_range holding our group
can_ping=1
if [ "$(id -u)" != 0 ]; then
	set -- $(cat /proc/sys/net/ipv4/ping_group_range)
	_g=$(id -g)
	[ "$_g" -ge "$1" ] && [ "$_g" -le "$2" ] || can_ping=0
fi
if [ $can_ping = 1 ]; then
	vg "ping -c 3 127.0.0.1" 0 $VG "$PING" -n -c 3 -i 0.2 127.0.0.1
	vg "ping -6 -c 3 ::1" 0 $VG "$PING" -6 -n -c 3 -i 0.2 ::1
else
	h_skip "ping on loopback: not root and ping_group_range excludes us"
fi
vg "traceroute -n 127.0.0.1" 0 $VG "$TRACEROUTE" -n 127.0.0.1
vg "traceroute -n -I ::1" 0 $VG "$TRACEROUTE" -n -I ::1

if [ "$(id -u)" != 0 ] || [ "${ICMPTOOLS_NO_LAB:-0}" = 1 ]; then
	h_skip "lab runs: need root and the lab"
	rm -rf "$TMPD"
	h_done
fi
# the lab part (lib.sh would exit 77 for the whole test: checked above)
. "$top_srcdir/tests/lab/lib.sh"
lab_init
trap '_s=$?; trap - EXIT; rm -rf "$TMPD"; lab_teardown; exit $_s' EXIT
lab_chain 3
lab_hosts s hard-r1 198.18.0.2 2001:2::2
lab_hosts s hard-r2 198.18.1.2 2001:2:0:1::2
NSDIR=/etc/netns/$(lab_ns s)
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"
for fam in 4 6; do
	dst=$(lab_dst_addr $fam)
	for m in "" -I -T -U; do
		vg "lab traceroute -$fam $m -n" 0 \
		    lab_exec s $VG "$TRACEROUTE" -$fam $m -n "$dst"
	done
	vg "lab traceroute -$fam (names)" 0 \
	    lab_exec s $VG $CHILDREN "$TRACEROUTE" -$fam "$dst"
	vg "lab traceroute -$fam -m 2 (not reached)" 1 \
	    lab_exec s $VG "$TRACEROUTE" --exit-status -$fam -n -m 2 "$dst"
	vg "lab ping -$fam -c 3" 0 \
	    lab_exec s $VG "$PING" -$fam -n -c 3 -i 0.2 "$dst"
done
vg "lab ping -c 3 -R" 0 lab_exec s $VG "$PING" -n -c 3 -i 0.2 -R \
    "$(lab_dst_addr 4)"
# as nobody: the unprivileged paths (ICMP datagram sockets, UDP with the
# error queue)
for fam in 4 6; do
	dst=$(lab_dst_addr $fam)
	for m in "" -I -U; do
		vg "lab nobody traceroute -$fam $m" 0 \
		    lab_unpriv_cmd $VG "$TRACEROUTE" -$fam $m -n "$dst"
	done
	vg "lab nobody ping -$fam" 0 \
	    lab_unpriv_cmd $VG "$PING" -$fam -n -c 3 -i 0.2 "$dst"
	vg "lab nobody ping -$fam -t 1 (errors from the error queue)" 1 \
	    lab_unpriv_cmd $VG "$PING" -$fam -n -c 2 -i 0.2 -t 1 "$dst"
done
D4=$(lab_dst_addr 4)
for a in "-f -c 2000 -q" "-c 3 -i 0.2 -s 1400 -p ff00 -D -O -v" \
    "-c 2 -i 0.2 -T tsonly" "-c 2 -i 0.2 --type=timestamp" \
    "-c 3 -i 0.2 -A" "-c 3 -l 3 -i 0.2"; do
	vg "lab ping $a" 0 lab_exec s $VG "$PING" -n $a "$D4"
done
vg "lab ping -t 1 (time exceeded)" 1 \
    lab_exec s $VG "$PING" -n -c 2 -i 0.2 -t 1 "$D4"
lab_mtu 2 1300
for a in "--mtu" "-I --mtu" "-e" "--back" "-q 1 -N 1" "--classic"; do
	vg "lab traceroute $a (link 2 MTU 1300)" 0 \
	    lab_exec s $VG "$TRACEROUTE" -n $a "$D4" 1400
done
vg "lab ping -M do -s 1400 (frag needed)" 1 \
    lab_exec s $VG "$PING" -n -c 2 -i 0.2 -M do -s 1400 "$D4"
lab_silent 2
vg "lab traceroute, silent router 2" 0 \
    lab_exec s $VG "$TRACEROUTE" -n -w 1 "$D4"
lab_route_err 2 unreachable
vg "lab ping to an unreachable host" 1 \
    lab_exec s $VG "$PING" -n -c 2 -i 0.2 -W 1 "$(lab_dst_addr 4)"
vg "lab traceroute to an unreachable host" 1 \
    lab_exec s $VG "$TRACEROUTE" --exit-status -n "$(lab_dst_addr 4)"
h_done

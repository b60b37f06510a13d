#!/bin/sh
# faults.sh: faults from outside, in the lab (s -- r1 -- r2 -- d), both
# tools.
# (a) stdout closed early: "tool | head -1" ends in < 3 s, by SIGPIPE or a
#     clean exit, never a crash; with SIGPIPE ignored (EPIPE) no crash
#     and no hang.
# (a') stdout is /dev/full: exit 2 with one line, never a silent 0.
# (b) SIGINT while the name lookup hangs (the netns resolv.conf points at
#     an address of d that drops everything): gone < 2 s, no crash.
#     SIGINT while waiting for replies: ping prints its statistics block,
#     transmitted = the echo requests d counted, exit 1 without replies,
#     0 with (also in a flood); traceroute stops < 2 s. A storm of SIGQUIT
#     during a flood: no crash, no hang, every echo accounted for.
# (c) s's link goes down mid-run: ping keeps running, ends with a summary
#     where every transmitted echo reached d (nft counter) or was reported
#     as a send error, exit 0 (-c: some replies came) or 1 (-c with -w:
#     not all of them; -c then counts replies, as iputils), no crash.
# (d) sequence wrap: ping -f -c 70000: 70000 received, no duplicate, d
#     counted exactly 70000 requests.
# (e) memory flat: VmRSS sampled every 0.25 s during a 300000-echo flood
#     (1000000 with ICMPTOOLS_SOAK=1; 100000 ends in about a second on a
#     veth) varies < 256 kB after the first second (not in an
#     AddressSanitizer build: its quarantine grows).
# (f) few file descriptors (ulimit -n 3..10) or little memory (ulimit -v
#     3000..6000 kB): each run works or exits 2 with one line naming the
#     cause (not a wrong one), never a crash.
# (i) s's link is deleted mid-run (ping -I dev, -I addr; traceroute -i):
#     ping goes on and accounts for every echo, traceroute stops with one
#     line, no crash.
# (c) and (i) run last: taking the link down flushes s's routes.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/hard/hard_lib.sh"
h_need_bins
command -v timeout >/dev/null 2>&1 || h_skip_all "timeout not found"
env --default-signal=INT true 2>/dev/null ||
    h_skip_all "env --default-signal not supported (coreutils < 8.31)"

lab_init
TMPD=$(mktemp -d)
chmod 755 "$TMPD"
trap '_s=$?; trap - EXIT; rm -rf "$TMPD"; lab_teardown; exit $_s' EXIT
N=2
lab_chain $N
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)
D4W=198.18.$N.98	# second address of d (for a concurrent run)
S4=198.18.$N.99		# sink: d drops everything sent to it
S6=2001:2:0:$N::99
lab_exec d ip addr add "$D4W/24" dev l$N
lab_exec d ip addr add "$S4/24" dev l$N
lab_exec d ip addr add "$S6/64" dev l$N nodad
lab_nft d "add table inet hard
add counter inet hard sink
add counter inet hard req4
add counter inet hard req4w
add counter inet hard req6
add chain inet hard in { type filter hook input priority -5; }
add rule inet hard in ip daddr $S4 counter name sink drop
add rule inet hard in ip6 daddr $S6 counter name sink drop
add rule inet hard in ip daddr $D4 icmp type echo-request counter name req4
add rule inet hard in ip daddr $D4W icmp type echo-request counter name req4w
add rule inet hard in ip6 daddr $D6 icmpv6 type echo-request counter name req6"
lab_settle_neigh() {	# resolve d's extra addresses before timing anything
	lab_exec s ping -c 1 -W 1 "$D4W" >/dev/null 2>&1
}
lab_settle_neigh

# private copies: their /proc/PID/exe is ours alone (other tests may run
# the same binaries at the same time)
cp "$PING" "$TMPD/ping"
cp "$TRACEROUTE" "$TMPD/traceroute"
P=$TMPD/ping
T=$TMPD/traceroute
ctr() {
	lab_counter d "$1" || echo 0
}

# no_crash WHAT STATUS ERRFILE
no_crash() {
	if h_crash_status "$2"; then
		h_fail "$1: died with status $2: $(head -3 "$3" | tr '\n' '|')"
	elif h_sanitized "$3"; then
		h_fail "$1: crash/sanitizer report: $(head -3 "$3" | tr '\n' '|')"
	else
		h_ok "$1: no crash (status $2)"
	fi
}

# ---- (a) stdout closed early
# piped WHAT SIGOPT LIMIT_MS STATUSES TOOL ARGS...: "TOOL | head -1"
piped() {
	_w=$1 _sig=$2 _lim=$3 _want=$4
	shift 4
	_t0=$(h_now_ms)
	{
		lab_exec s env $_sig "$@" 2>"$TMPD/p.err"
		echo $? >"$TMPD/p.st"
	} | head -1 >"$TMPD/p.out"
	_ms=$(($(h_now_ms) - _t0))
	_st=$(cat "$TMPD/p.st")
	if [ "$_ms" -lt "$_lim" ]; then
		h_ok "$_w: done in $_ms ms"
	else
		h_fail "$_w: took $_ms ms (limit $_lim)"
	fi
	case " $_want " in
	*" $_st "*) h_ok "$_w: status $_st" ;;
	*) h_fail "$_w: status $_st, want one of: $_want" ;;
	esac
	no_crash "$_w" "$_st" "$TMPD/p.err"
	[ -s "$TMPD/p.out" ] || h_fail "$_w: head got no line"
}
piped "ping | head -1" --default-signal=PIPE 3000 "141 0 1 2" \
    "$P" -n -c 100 -i 0.2 "$D4"
piped "ping | head -1, SIGPIPE ignored" --ignore-signal=PIPE 5000 "0 1 2" \
    "$P" -n -c 10 -i 0.2 "$D4"
# -z 0.3: hop 2's line comes 0.3 s after the header, when head is gone
piped "traceroute | head -1 (silent tail)" --default-signal=PIPE 3000 \
    "141 0 1 2" "$T" -n -N 1 -q 1 -z 0.3 -w 3,0,0 -m 10 "$S4"
piped "traceroute | head -1, SIGPIPE ignored" --ignore-signal=PIPE 3000 \
    "0 1 2" "$T" -n "$D4"

# ---- (a') stdout on a full device (issue 10.7): exit 2, one line
# naming the write error, for both tools (quiet ping too: the summary)
if [ -w /dev/full ]; then
	for run in "$P -n -c 2 -i 0.2 $D4" "$P -q -n -c 2 -i 0.2 $D4" \
	    "$T -n -q 1 $D4" "$T -n -q 1 --exit-status $D6"; do
		# shellcheck disable=SC2086
		lab_exec s $run >/dev/full 2>"$TMPD/full.err"
		st=$?
		if [ $st = 2 ] && [ "$(wc -l <"$TMPD/full.err")" = 1 ] &&
		    grep -q 'write error: No space left on device' "$TMPD/full.err"; then
			h_ok "$(basename "${run%% *}") ${run#* } > /dev/full: exit 2, one line"
		else
			h_fail "${run} > /dev/full: exit $st: $(tr '\n' '|' <"$TMPD/full.err")"
		fi
	done
fi

# ---- (b) SIGINT
# interrupt WHAT AFTER_S BIN ARGS...: start in s (SIGINT at its default),
# SIGINT after AFTER_S seconds; sets INT_ST (exit status), INT_MS (ms from
# the signal to the end), INT_ALIVE (1 if it was running at the signal);
# output in $TMPD/i.out, $TMPD/i.err
interrupt() {
	_w=$1 _after=$2 _bin=$3
	shift 2
	lab_exec s env --default-signal=INT,PIPE "$@" >"$TMPD/i.out" \
	    2>"$TMPD/i.err" &
	_job=$!
	_pid=$(h_wait_pid_of "$_bin" 3)
	sleep "$_after"
	INT_ALIVE=0
	if [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null; then
		INT_ALIVE=1
		kill -INT "$_pid"
	fi
	_t0=$(h_now_ms)
	h_wait_gone "${_pid:-$_job}" 5 || kill -KILL "$_pid" 2>/dev/null
	wait "$_job"
	INT_ST=$?
	INT_MS=$(($(h_now_ms) - _t0))
	[ "$INT_ALIVE" = 1 ] || h_fail "$_w: not running when SIGINT was due:" \
	    "$(head -3 "$TMPD/i.err" | tr '\n' '|')"
}

NSDIR=/etc/netns/$(lab_ns s)
mkdir -p "$NSDIR"
printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$S4" \
    >"$NSDIR/resolv.conf"
for tool in ping traceroute; do
	[ $tool = ping ] && bin=$P || bin=$T
	before=$(ctr sink)
	interrupt "$tool resolving" 1 "$bin" hang.hard.invalid
	after=$(ctr sink)
	if [ "$after" -gt "$before" ]; then
		h_ok "$tool resolving: its DNS query reached the sink ($((after - before)))"
	else
		h_fail "$tool resolving: no DNS query seen by d: not resolving?"
	fi
	if [ "$INT_MS" -lt 2000 ]; then
		h_ok "$tool resolving: gone $INT_MS ms after SIGINT"
	else
		h_fail "$tool resolving: still running $INT_MS ms after SIGINT"
	fi
	case $INT_ST in
	1|2|130) h_ok "$tool resolving: status $INT_ST after SIGINT" ;;
	*) h_fail "$tool resolving: status $INT_ST after SIGINT (want 1, 2 or 130)" ;;
	esac
	no_crash "$tool resolving + SIGINT" "$INT_ST" "$TMPD/i.err"
done
# SIGINT to a traceroute whose reverse lookups hang: its lookup children
# must not outlive it (they are not in the signal's process group when
# the signal comes from kill(1) or timeout(1))
interrupt "traceroute names" 1.5 "$T" -I -q 1 -N 1 -w 3,0,0 -m 5 "$S4"
sleep 1
left=$(h_pids_of "$T" | wc -l | tr -d ' ')
if [ "$left" = 0 ]; then
	h_ok "traceroute names + SIGINT: no lookup child left 1 s later"
else
	h_fail "traceroute names + SIGINT: $left lookup children left 1 s later"
fi
for p in $(h_pids_of "$T"); do
	kill -KILL "$p"
done
rm -f "$NSDIR/resolv.conf"

# ping's statistics on SIGINT: STATS WHAT COUNTER DST WANT_ST REPLIES(0|1)
sigint_stats() {
	_w=$1 _c=$2 _dst=$3 _wst=$4 _rep=$5
	shift 5
	_b=$(ctr "$_c")
	interrupt "$_w" 1.5 "$P" -n -i 0.2 "$@" "$_dst"
	sleep 0.2
	_sent=$(($(ctr "$_c") - _b))
	_o=$TMPD/i.out
	_tx=$(h_summary_field "$_o" transmitted)
	_rx=$(h_summary_field "$_o" received)
	if grep -q "^--- $_dst ping statistics ---\$" "$_o"; then
		h_ok "$_w: statistics block printed"
	else
		h_fail "$_w: no '--- $_dst ping statistics ---' line: $(tail -3 \
		    "$_o" | tr '\n' '|')"
	fi
	if [ -n "$_tx" ] && [ "$_tx" = "$_sent" ] && [ "$_tx" -ge 3 ]; then
		h_ok "$_w: $_tx transmitted = $_sent counted by d"
	else
		h_fail "$_w: transmitted '$_tx', d counted $_sent"
	fi
	if [ "$_rep" = 0 ]; then
		[ "$_rx" = 0 ] && grep -q ' 100% packet loss' "$_o" &&
		    h_ok "$_w: 0 received, 100% packet loss" ||
		    h_fail "$_w: $(grep transmitted "$_o")"
	else
		[ -n "$_rx" ] && [ "$_rx" -ge $((_tx - 1)) ] &&
		    [ "$_rx" -le "$_tx" ] &&
		    grep -Eq '^rtt min/avg/max/mdev = ' "$_o" &&
		    h_ok "$_w: $_rx received of $_tx, rtt line" ||
		    h_fail "$_w: $(grep -E 'transmitted|rtt' "$_o" | tr '\n' '|')"
	fi
	if [ "$INT_ST" = "$_wst" ]; then
		h_ok "$_w: exit $INT_ST"
	else
		h_fail "$_w: exit $INT_ST, want $_wst"
	fi
	[ "$INT_MS" -lt 2000 ] || h_fail "$_w: $INT_MS ms to stop"
	no_crash "$_w" "$INT_ST" "$TMPD/i.err"
}
sigint_stats "ping -4 SIGINT, no replies" sink "$S4" 1 0 -4
sigint_stats "ping -6 SIGINT, no replies" sink "$S6" 1 0 -6
sigint_stats "ping -4 SIGINT, replies" req4 "$D4" 0 1 -4
sigint_stats "ping -6 SIGINT, replies" req6 "$D6" 0 1 -6

# SIGINT in the middle of a flood: the block still adds up (a reply may
# be in flight when the signal lands)
b=$(ctr req4)
interrupt "ping -f SIGINT" 1 "$P" -n -q -f "$D4"
sleep 0.2
n=$(($(ctr req4) - b))
tx=$(h_summary_field "$TMPD/i.out" transmitted)
rx=$(h_summary_field "$TMPD/i.out" received)
if [ "$INT_ST" = 0 ] && [ -n "$tx" ] && [ "$tx" = "$n" ] && [ "$tx" -gt 1000 ] &&
    [ "$rx" -ge $((tx - 1)) ] && [ "$rx" -le "$tx" ]; then
	h_ok "ping -f SIGINT: exit 0, $tx transmitted = d's $n, $rx received"
else
	h_fail "ping -f SIGINT: exit $INT_ST, d counted $n: $(grep transmitted \
	    "$TMPD/i.out")"
fi
no_crash "ping -f SIGINT" "$INT_ST" "$TMPD/i.err"

# a storm of SIGQUIT (interim statistics) during a flood: no crash, no
# hang, the run completes with every echo accounted for
b=$(ctr req4)
lab_exec s env --default-signal=INT,QUIT "$P" -n -q -f -c 300000 "$D4" \
    >"$TMPD/g.out" 2>"$TMPD/g.err" &
job=$!
pid=$(h_wait_pid_of "$P" 3)
sent=0
while [ -n "$pid" ] && [ $sent -lt 300 ] && kill -QUIT "$pid" 2>/dev/null; do
	sent=$((sent + 1))
	sleep 0.003
done
if [ -n "$pid" ] && ! h_wait_gone "$pid" 60; then
	kill -KILL "$pid" 2>/dev/null
	h_fail "SIGQUIT storm: ping still running 60 s later (deadlock?)"
fi
wait "$job"
st=$?
n=$(($(ctr req4) - b))
rx=$(h_summary_field "$TMPD/g.out" received)
ni=$(grep -c 'packets' "$TMPD/g.err")
if [ "$st" = 0 ] && [ "$rx" = 300000 ] && [ "$n" = 300000 ] && [ "$ni" -ge 1 ]
then
	h_ok "SIGQUIT storm ($sent signals): 300000 received, d counted $n, $ni interim lines"
else
	h_fail "SIGQUIT storm ($sent signals): exit $st, received '$rx', d" \
	    "counted $n, $ni interim lines: $(grep -v packets "$TMPD/g.err" |
	    head -3)"
fi
no_crash "SIGQUIT storm" "$st" "$TMPD/g.err"

interrupt "traceroute waiting" 1.5 "$T" -n -N 1 -q 1 -w 5,0,0 -m 6 "$S4"
if [ "$INT_MS" -lt 2000 ]; then
	h_ok "traceroute waiting: gone $INT_MS ms after SIGINT"
else
	h_fail "traceroute waiting: $INT_MS ms after SIGINT"
fi
case $INT_ST in
1|2|130) h_ok "traceroute waiting: status $INT_ST" ;;
*) h_fail "traceroute waiting: status $INT_ST (want 1, 2 or 130)" ;;
esac
no_crash "traceroute waiting + SIGINT" "$INT_ST" "$TMPD/i.err"

# ---- (d) sequence wrap past 65535
b=$(ctr req4)
t0=$(h_now_ms)
lab_exec s timeout -s KILL 60 "$P" -n -f -c 70000 "$D4" >"$TMPD/d.out" \
    2>"$TMPD/d.err"
st=$?
ms=$(($(h_now_ms) - t0))
n=$(($(ctr req4) - b))
tx=$(h_summary_field "$TMPD/d.out" transmitted)
rx=$(h_summary_field "$TMPD/d.out" received)
dups=$(h_summary_field "$TMPD/d.out" duplicates)
if [ "$st" = 0 ] && [ "$tx" = 70000 ] && [ "$rx" = 70000 ]; then
	h_ok "flood 70000: exit 0, 70000 transmitted, 70000 received ($ms ms)"
else
	h_fail "flood 70000: exit $st, $(grep transmitted "$TMPD/d.out")"
fi
[ "$n" = 70000 ] && h_ok "flood 70000: d counted 70000 requests" ||
    h_fail "flood 70000: d counted $n requests"
if [ "${dups:-0}" = 0 ] && ! grep -q 'DUP!' "$TMPD/d.out"; then
	h_ok "flood 70000: no duplicate after the wrap"
else
	h_fail "flood 70000: duplicates: '$dups'"
fi
grep -q ' 0% packet loss' "$TMPD/d.out" && h_ok "flood 70000: 0% loss" ||
    h_fail "flood 70000: $(grep transmitted "$TMPD/d.out")"
no_crash "flood 70000" "$st" "$TMPD/d.err"

# ---- (e) memory flat over a long flood
if h_asan_build "$PING"; then
	h_skip "memory flat: AddressSanitizer build (quarantine grows)"
else
	if [ "${ICMPTOOLS_SOAK:-0}" = 1 ]; then
		count=1000000
		lim=900
	else
		count=300000
		lim=120
	fi
	b=$(ctr req4)
	lab_exec s timeout -s KILL $lim "$P" -n -q -f -c $count "$D4" \
	    >"$TMPD/e.out" 2>"$TMPD/e.err" &
	job=$!
	pid=$(h_wait_pid_of "$P" 3)
	: >"$TMPD/rss"
	i=0
	while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
		rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" \
		    2>/dev/null)
		[ -n "$rss" ] && [ $i -ge 4 ] && echo "$rss" >>"$TMPD/rss"
		sleep 0.25
		i=$((i + 1))
	done
	wait "$job"
	st=$?
	n=$(($(ctr req4) - b))
	# flat: the second half of the run (in time) never exceeds the
	# first half's peak by 256 kB (a loaded machine may still be
	# touching its buffers for the first time in the first half; a leak
	# of even a byte per echo keeps growing through the second)
	set -- $(awk '{ v[NR] = $1 } END {
	    h = int(NR / 2); a = 0; b = 0
	    for (i = 1; i <= NR; i++)
		if (i <= h) { if (v[i] > a) a = v[i] } else if (v[i] > b) b = v[i]
	    print NR + 0, a + 0, b + 0 }' "$TMPD/rss")
	if [ "$1" -lt 4 ]; then
		h_skip "memory flat: only $1 samples after the first second"
	elif [ $(($3 - $2)) -lt 256 ]; then
		h_ok "memory flat over $count echoes: VmRSS peak $2 kB, then $3 kB ($1 samples)"
	else
		h_fail "memory grows over $count echoes: VmRSS peak $2 kB, then $3 kB ($1 samples)"
	fi
	rx=$(h_summary_field "$TMPD/e.out" received)
	if [ "$st" = 0 ] && [ "$rx" = $count ] && [ "$n" = $count ]; then
		h_ok "flood $count: all received, d counted $n"
	else
		h_fail "flood $count: exit $st, received '$rx', d counted $n"
	fi
	no_crash "flood $count" "$st" "$TMPD/e.err"
fi
# ---- (f) resource limits: with few file descriptors (ulimit -n) or
# little memory (ulimit -v), a run either works or exits 2 with one line
# on stderr naming the cause; never a crash. Loopback only.
# limited WHAT LIMIT CAUSE_RE TOOL ARGS...: sets LIM_FAILED when it failed
limited() {
	_w=$1 _l=$2 _re=$3
	shift 3
	# LeakSanitizer needs descriptors of its own to scan at exit
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    lab_exec s sh -c "ulimit $_l && exec \"\$0\" \"\$@\"" "$@" \
	    >"$TMPD/l.out" 2>"$TMPD/l.err"
	_st=$?
	_n=$(wc -l <"$TMPD/l.err" | tr -d ' ')
	LIM_FAILED=0
	# ld.so itself can run out before main (exit 127): not our code
	if [ "$_st" = 127 ] && grep -Eq \
	    'error while loading shared|cannot allocate TLS' "$TMPD/l.err"; then
		return 0
	fi
	if h_crash_status "$_st" || h_sanitized "$TMPD/l.err"; then
		h_fail "$_w (ulimit $_l): crash, status $_st: $(head -3 \
		    "$TMPD/l.err" | tr '\n' '|')"
	elif [ "$_st" = 0 ]; then
		return 0
	elif [ "$_st" = 2 ] && [ "$_n" = 1 ] && grep -Eq "$_re" "$TMPD/l.err"
	then
		LIM_FAILED=1
	else
		h_fail "$_w (ulimit $_l): exit $_st, $_n lines, want 2 and one" \
		    "line matching /$_re/: $(head -c 300 "$TMPD/l.err" |
		    tr '\n' '|')"
		LIM_FAILED=1
	fi
}
for tool in ping traceroute; do
	# traceroute: --exit-status makes a failing system call 2 (2.1.2: 1)
	[ $tool = ping ] && bin=$P one="-c 1" || bin=$T one="-q 1 --exit-status"
	nf=0 nt=0 f0=$T_FAILS
	for n in 3 4 5 6 7 8 10; do
		for a in "-n $one 127.0.0.1" "-n $one ::1"; do
			limited "$tool $a" "-n $n" 'Too many open files|descriptor' \
			    "$bin" $a
			nt=$((nt + 1))
			nf=$((nf + LIM_FAILED))
		done
	done
	[ "$nf" -ge 1 ] || h_fail "$tool: no run failed with ulimit -n 3"
	[ "$T_FAILS" = "$f0" ] &&
	    h_ok "$tool with few descriptors: $nf of $nt runs refused cleanly, the rest worked"
	if h_asan_build "$bin"; then
		h_skip "$tool under ulimit -v: AddressSanitizer build"
		continue
	fi
	nf=0 nt=0 f0=$T_FAILS
	v=3000
	while [ $v -le 6000 ]; do
		limited "$tool" "-v $v" 'memory|allocat' "$bin" -n $one 127.0.0.1
		nt=$((nt + 1))
		nf=$((nf + LIM_FAILED))
		v=$((v + 100))
	done
	[ "$T_FAILS" = "$f0" ] &&
	    h_ok "$tool with little memory: $nf of $nt runs refused cleanly, the rest worked"
done

# ---- (c) s's link down mid-run: two pings at once (to two addresses of
# d, counted apart), one with -c 20, one with -c 20 -w 8
b1=$(ctr req4)
b2=$(ctr req4w)
lab_exec s "$P" -n -i 0.2 -c 20 "$D4" >"$TMPD/c1.out" 2>"$TMPD/c1.err" &
j1=$!
lab_exec s "$P" -n -i 0.2 -c 20 -w 8 "$D4W" >"$TMPD/c2.out" \
    2>"$TMPD/c2.err" &
j2=$!
sleep 1
lab_exec s ip link set l0 down
sleep 1.5
alive=0
for p in $(h_pids_of "$P"); do
	alive=$((alive + 1))
done
if [ "$alive" = 2 ]; then
	h_ok "link down: both pings still running 1.5 s later"
else
	h_fail "link down: $alive of 2 pings still running 1.5 s later"
fi
wait "$j1"
st1=$?
wait "$j2"
st2=$?
lab_exec s ip link set l0 up
lab__settle
# the link's down took s's route to the lab with it (IPv4 is enough now)
lab_exec s ip route replace 198.18.0.0/15 via 198.18.0.2
c1=$(($(ctr req4) - b1))
c2=$(($(ctr req4w) - b2))
# check_down WHAT OUT ERR STATUS WANT_STATUS COUNTED WANT_TX: every
# transmitted echo either reached d (COUNTED) or failed to leave s and was
# reported on stderr (one line each, iputils style); one more may have been
# lost on the wire as the link went down. WANT_TX: the exact count, or ""
check_down() {
	_tx=$(h_summary_field "$2" transmitted)
	_rx=$(h_summary_field "$2" received)
	_loss=$(h_summary_field "$2" "packet loss")
	_lines=$(grep -c ' bytes from ' "$2")
	_nerr=$(grep -Eic 'unreachable|sendmsg|sendto|send:' "$3")
	_gap=$((${_tx:-0} - $6 - _nerr))
	if [ -n "$_tx" ] && { [ -z "$7" ] || [ "$_tx" = "$7" ]; } &&
	    [ "$_gap" -ge 0 ] && [ "$_gap" -le 1 ]; then
		h_ok "$1: $_tx transmitted = $6 counted by d + $_nerr send errors$([ "$_gap" = 1 ] && echo " + 1 lost")"
	else
		h_fail "$1: transmitted '$_tx' (want ${7:-any}), d counted $6," \
		    "$_nerr send errors reported"
	fi
	if [ -n "$_rx" ] && [ "$_rx" -ge 1 ] && [ "$_rx" -lt 20 ] &&
	    [ "$_rx" -le "$6" ] && [ "$_rx" = "$_lines" ]; then
		h_ok "$1: $_rx received = reply lines, <= d's $6"
	else
		h_fail "$1: received '$_rx', reply lines $_lines, d counted $6"
	fi
	_want=$(awk -v t="$_tx" -v r="$_rx" \
	    'BEGIN { if (t > 0) printf "%g", (t - r) * 100 / t }')
	if [ "$_loss" = "$_want" ]; then
		h_ok "$1: $_loss% packet loss"
	else
		h_fail "$1: '$_loss%' packet loss, want $_want%"
	fi
	if [ "$4" = "$5" ]; then
		h_ok "$1: exit $4"
	else
		h_fail "$1: exit $4, want $5"
	fi
	no_crash "$1" "$4" "$3"
}
check_down "link down, -c 20" "$TMPD/c1.out" "$TMPD/c1.err" "$st1" 0 "$c1" \
    20
# with -w, -c counts replies (iputils): it sends until the deadline
check_down "link down, -c 20 -w 8" "$TMPD/c2.out" "$TMPD/c2.err" "$st2" 1 \
    "$c2" ""

# ---- (i) the device goes away mid-run (bound with -I / -i, or by
# source address): ping keeps going and accounts; traceroute stops with
# one line naming the error; nobody crashes
lab_exec s "$P" -n -I l0 -i 0.2 -c 15 "$D4" >"$TMPD/i1.out" \
    2>"$TMPD/i1.err" &
j1=$!
lab_exec s "$P" -n -I 198.18.0.1 -i 0.2 -c 15 "$D4" >"$TMPD/i2.out" \
    2>"$TMPD/i2.err" &
j2=$!
lab_exec s "$T" -n -i l0 -q 1 -N 1 -z 0.5 -m 10 "$S4" >"$TMPD/i3.out" \
    2>"$TMPD/i3.err" &
j3=$!
sleep 1
lab_exec s ip link del l0
for k in 1 2; do
	eval "wait \$j$k"
	st=$?
	tx=$(h_summary_field "$TMPD/i$k.out" transmitted)
	rx=$(h_summary_field "$TMPD/i$k.out" received)
	ne=$(grep -c . "$TMPD/i$k.err")
	[ $k = 1 ] && w="ping -I l0, l0 deleted" || w="ping -I 198.18.0.1, l0 deleted"
	if [ "$st" = 0 ] && [ "$tx" = 15 ] && [ "$rx" -ge 1 ] &&
	    [ $((tx - rx)) = "$ne" ]; then
		h_ok "$w: exit 0, 15 transmitted, $rx received, $ne send errors"
	else
		h_fail "$w: exit $st, $(grep transmitted "$TMPD/i$k.out"), $ne" \
		    "lines on stderr: $(head -2 "$TMPD/i$k.err")"
	fi
	no_crash "$w" "$st" "$TMPD/i$k.err"
done
wait "$j3"
st=$?
w="traceroute -i l0, l0 deleted"
if { [ "$st" = 1 ] || [ "$st" = 2 ]; } &&
    [ "$(wc -l <"$TMPD/i3.err")" -le 1 ]; then
	h_ok "$w: exit $st: $(cat "$TMPD/i3.err")"
else
	h_fail "$w: exit $st: $(head -3 "$TMPD/i3.err")"
fi
no_crash "$w" "$st" "$TMPD/i3.err"
h_done

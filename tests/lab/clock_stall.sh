#!/bin/sh
# clock_stall.sh (issue 8.1): no stall of the process and no wall-clock
# step changes a round-trip time. tests/peers/clockshim.so (LD_PRELOAD)
# sleeps 3 ms before clock reads, or steps the wall clock by +-10 s as
# user space sees it. Over a 1-router chain (true RTT well under 1 ms)
# every RTT ping and traceroute print must stay above 0 (a stall used to
# be taken off the RTT: time=0.000) and below 1.5 ms (the stall is never
# counted in), with no RTT negative or of seconds after a step.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
SHIM=$top_builddir/tests/peers/clockshim.so
[ -f "$SHIM" ] || { echo "SKIP: $SHIM not built"; exit 77; }
# an ASan build's runtime insists on coming first otherwise
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
lab_init
lab_chain 1

# times_ok WHAT: every "time=X ms" of ping's output in (0, 1.5)
times_ok() {
	_n=$(grep -c 'time=' "$PG_OUT")
	_bad=$(awk '/time=/ { for (i = 1; i <= NF; i++) if ($i ~ /^time=/) {
		t = substr($i, 6) + 0; if (t <= 0 || t >= 1.5) print t } }' \
	    "$PG_OUT" | tr '\n' ' ')
	if [ "$_n" -ge 8 ] && [ -z "$_bad" ]; then
		lab_ok "$1: $_n replies, every time in (0, 1.5) ms"
	else
		lab_fail "$1: $_n replies; out of (0, 1.5) ms: $_bad"
		sed 's/^/	| /' "$PG_OUT" "$PG_ERR"
	fi
}

# shim_ping WHAT ENV...: ping d 10 times under the shim with ENV
shim_ping() {
	_w=$1 f=$2
	shift 2
	lab_exec s env LD_PRELOAD="$SHIM" "$@" "$PING" -n -c 10 -i 0.05 \
	    "$(lab_dst_addr $f)" >"$PG_OUT" 2>"$PG_ERR"
	PG_RC=$?
	pg_status 0 "-$f $_w"
	times_ok "-$f $_w"
}

for f in 4 6; do
	shim_ping "no shim effect" $f CLOCKSHIM_STALL_NS=0
	shim_ping "3 ms stall before each wall-clock read" $f \
	    CLOCKSHIM_STALL_NS=3000000
	shim_ping "3 ms stall before every clock read" $f \
	    CLOCKSHIM_STALL_NS=3000000 CLOCKSHIM_STALL_ALL=1
	shim_ping "wall clock +10 s after 4 reads" $f \
	    CLOCKSHIM_STEP_NS=10000000000 CLOCKSHIM_STEP_AFTER=4
	shim_ping "wall clock -10 s after 4 reads" $f \
	    CLOCKSHIM_STEP_NS=-10000000000 CLOCKSHIM_STEP_AFTER=4
done

# a flood: the smallest of 20000 RTTs is a real one, not 0.000
pg_run s -n -q -f -c 20000 "$(lab_dst_addr 4)"
pg_status 0 "flood"
min=$(sed -n 's|^rtt min/avg/max/mdev = \([0-9.]*\)/.*|\1|p' "$PG_OUT")
if [ -n "$min" ] && awk -v m="$min" 'BEGIN { exit !(m > 0) }'; then
	lab_ok "flood of 20000: min $min ms > 0"
else
	lab_fail "flood of 20000: min '$min'"
	cat "$PG_OUT"
fi

# traceroute: every RTT of both hops in (0, 1.5) ms under a stall and a
# step
for f in 4 6; do
	for env in CLOCKSHIM_STALL_NS=3000000 \
	    "CLOCKSHIM_STEP_NS=-10000000000 CLOCKSHIM_STEP_AFTER=2"; do
		# shellcheck disable=SC2086
		lab_exec s env LD_PRELOAD="$SHIM" $env "$TRACEROUTE" -$f -n \
		    -q 3 "$(lab_dst_addr $f)" >"$PG_OUT" 2>"$PG_ERR"
		bad=$(awk 'NR > 1 { for (i = 2; i < NF; i++)
			if ($(i + 1) == "ms") {
				t = $i + 0; n++
				if (t <= 0 || t >= 1.5) print t
			}
		    }
		    END { if (n != 6) print "count=" n + 0 }' "$PG_OUT" 2>&1 |
		    tr '\n' ' ')
		if [ -z "$bad" ]; then
			lab_ok "traceroute -$f under $env: 6 RTTs in (0, 1.5) ms"
		else
			lab_fail "traceroute -$f under $env: $bad"
			sed 's/^/	| /' "$PG_OUT" "$PG_ERR"
		fi
	done
done
pg_done

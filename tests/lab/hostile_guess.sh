#!/bin/sh
# hostile_guess.sh (issue 14.1): an off-path forger that predicts the
# probes as an attacker could when traceroute derived their identity from
# its pid and the time (tests/peers/guesser: Time Exceeded messages from a
# spoofed 198.18.77.1, every 20 ms, quoting the predicted probes of the
# last and next 2 seconds). On a chain of 3 with r2 silent, the probes of
# hop 2 stay open for the whole wait: none of the forgeries may show up.
# Control: the same forger told the source port of a --classic --sport
# trace (everything such probes carry) is believed, so the forgeries are
# well formed and the check above can fail.
. "$top_srcdir/tests/lab/lib.sh"
lab_init
lab_chain 3
lab_silent 2
G=$top_builddir/tests/peers/guesser
T=$(mktemp -d)
trap '_s=$?; trap - EXIT; rm -rf "$T"; lab_teardown; exit $_s' EXIT
D=$(lab_dst_addr 4)
S=$(lab_src_addr 4)

# run MODE GUESSER-ARGS...: traceroute in s (as root: raw UDP probes),
# the guesser in r1 fed with the tracer's pid
run() {
	_mode=$1
	shift
	# shellcheck disable=SC2086
	ip netns exec "$(lab_ns s)" "$TRACEROUTE" -n -q 3 -w 3,0,0 -m 4 \
	    $_mode "$D" >"$T/o" 2>&1 &
	_p=$!
	# the tracer's own pid (ip netns exec becomes it)
	_pid=$(pgrep -n -f "^$TRACEROUTE -n -q 3 -w 3,0,0 -m 4") || _pid=$_p
	lab_exec r1 "$G" -t "$S" -d "$D" -p "$_pid" -T 4 "$@" >"$T/g" 2>&1 &
	_g=$!
	wait $_p
	wait $_g
}

run ""
n=$(awk '/^sent/ { print $2 }' "$T/g")
if [ "${n:-0}" -gt 1000 ] && ! grep -q 198.18.77.1 "$T/o" &&
    [ "$(awk 'NR == 3 { print $2 $3 $4 }' "$T/o")" = '***' ]; then
	lab_ok "keyed probes: $n predicted forgeries, none believed, hop 2 '* * *'"
else
	lab_fail "keyed probes: $n sent: $(tr '\n' '|' <"$T/o")"
fi
run "--classic --sport=40000" -P 40000 -c
n=$(awk '/^sent/ { print $2 }' "$T/g")
if [ "${n:-0}" -gt 100 ] && awk 'NR == 3' "$T/o" | grep -q 198.18.77.1; then
	lab_ok "control: told the port of a --classic --sport trace, $n forgeries show 198.18.77.1 at hop 2"
else
	lab_fail "control: $n sent, not believed: $(tr '\n' '|' <"$T/o")"
fi
lab_done

#!/bin/sh
# lab_echo.sh: the first integration test (issue 2): the shared module
# exchanges a real echo with hop k of a chain of 3, k = 1..4, IPv4 and
# IPv6, through its one-call API (icmpt_echo) and its handle
# (open/add/send/recv/close: the reply comes from hop k's address with
# the TTL its distance gives). The truth is counted by nft in hop k's
# node: exactly the requests echo1 sent arrived there. An address of the
# lab that does not exist fails (exit 1, the Net Unreachable from r1
# named), a TTL too small fails with Time Exceeded from the router where
# it expired, a destination dropping echoes times out, and as nobody
# (ICMP datagram socket) the echo still works.
. "$top_srcdir/tests/lab/lib.sh"
lab_init
ECHO1=$top_builddir/tests/peers/echo1
[ -x "$ECHO1" ] || { echo "SKIP: $ECHO1 not built (make check builds it)"; exit 77; }
OUT=$(mktemp)
chmod 644 "$OUT"
N=3
lab_chain $N

canon() {
	case $1 in
	*:*) getent ahostsv6 "$1" | awk 'NR == 1 { print $1 }' ;;
	*) echo "$1" ;;
	esac
}
node_of() {	# hop k -> its node
	if [ "$1" = $((N + 1)) ]; then echo d; else echo "r$1"; fi
}
run() {	# want-status what args...
	_w=$1
	_what=$2
	shift 2
	lab_exec s "$ECHO1" "$@" >"$OUT" 2>&1
	_st=$?
	if [ $_st = "$_w" ]; then
		lab_ok "$_what: exit $_st: $(head -1 "$OUT")"
	else
		lab_fail "$_what: exit $_st, want $_w: $(tr '\n' '|' <"$OUT")"
	fi
}

k=1
while [ $k -le $((N + 1)) ]; do
	lab_nft "$(node_of $k)" 'add table inet labecho
add counter inet labecho req
add chain inet labecho in { type filter hook input priority 0; }
add rule inet labecho in ip saddr 198.18.0.1 icmp type echo-request counter name req
add rule inet labecho in ip6 saddr 2001:2::1 icmpv6 type echo-request counter name req'
	k=$((k + 1))
done

for f in 4 6; do
	k=1
	while [ $k -le $((N + 1)) ]; do
		A=$(lab_hop_addr $f $k)
		before=$(lab_counter "$(node_of $k)" req)
		run 0 "-$f icmpt_echo hop $k ($A)" "$A"
		grep -Eq "^rtt [0-9]+\.[0-9]{3} ms from $A\$" "$OUT" ||
		    lab_fail "-$f hop $k: output '$(cat "$OUT")'"
		run 0 "-$f low level hop $k" -l "$A"
		grep -Eq "^reply from $(canon "$A") seq=[0-9]+ ttl=$((65 - k)) rtt=[0-9]+\.[0-9]{3} ms raw=1\$" "$OUT" ||
		    lab_fail "-$f hop $k low level: '$(cat "$OUT")'"
		after=$(lab_counter "$(node_of $k)" req)
		[ $((after - before)) = 2 ] &&
		    lab_ok "-$f hop $k received exactly our 2 requests" ||
		    lab_fail "-$f hop $k received $((after - before)) requests, want 2"
		k=$((k + 1))
	done
	D=$(lab_dst_addr $f)
	run 1 "-$f TTL 2 to d" -l -t 2 "$D"
	grep -Eq "^error (11/0|3/0) from $(canon "$(lab_hop_addr $f 2)") seq=[0-9]+\$" "$OUT" ||
	    lab_fail "-$f TTL 2: '$(cat "$OUT")'"
done

run 1 "a lab address that does not exist (198.18.250.9)" 198.18.250.9
grep -q "198.18.0.2" "$OUT" || grep -qi "timeout" "$OUT" ||
    lab_fail "198.18.250.9: '$(cat "$OUT")'"
run 1 "-6 a lab address that does not exist (2001:2:0:250::9)" 2001:2:0:250::9

# icmpt_trace: hop k is router k (3 probes, 3 answers), the last is d;
# -T 2 does not reach d (1); as nobody too. (After the Net Unreachable
# above: r1's Time Exceeded create its record of s, and Linux lets that
# record send a route error only a second later (net.ipv4.route.
# error_cost, global, not per namespace).)
for f in 4 6; do
	D=$(lab_dst_addr $f)
	run 0 "-$f icmpt_trace" -T 10 "$D"
	bad=
	for k in 1 2 3 4; do
		grep -qx "hop $k $(canon "$(lab_hop_addr $f $k)") sent 3 received 3 note -" "$OUT" ||
		    bad="$bad $k"
	done
	[ -z "$bad" ] && [ "$(wc -l <"$OUT")" = 4 ] &&
	    lab_ok "-$f icmpt_trace: hops 1-4 are the lab's, 3 of 3 answered" ||
	    lab_fail "-$f icmpt_trace: hops$bad wrong: $(tr '\n' '|' <"$OUT")"
	run 1 "-$f icmpt_trace -T 2 (not reached)" -T 2 "$D"
	lab_unpriv_cmd "$ECHO1" -T 10 "$D" >"$OUT" 2>&1
	[ $? = 0 ] && grep -qx "hop 4 $(canon "$D") sent 3 received 3 note -" "$OUT" &&
	    lab_ok "-$f nobody icmpt_trace reaches d" ||
	    lab_fail "-$f nobody icmpt_trace: $(tr '\n' '|' <"$OUT")"
done

lab_unpriv_cmd "$ECHO1" -l "$(lab_dst_addr 4)" >"$OUT" 2>&1
st=$?
[ $st = 0 ] && grep -q " raw=0\$" "$OUT" &&
    lab_ok "nobody: datagram socket: $(cat "$OUT")" ||
    lab_fail "nobody: exit $st: $(cat "$OUT")"
lab_unpriv_cmd "$ECHO1" "$(lab_dst_addr 6)" >"$OUT" 2>&1
[ $? = 0 ] && lab_ok "nobody -6: $(cat "$OUT")" || lab_fail "nobody -6: $(cat "$OUT")"

lab_loss d 100
t0=$(date +%s%N)
run 1 "d drops every echo: timeout" -l -w 500 "$(lab_dst_addr 4)"
t1=$(date +%s%N)
grep -qi timeout "$OUT" || lab_fail "no 'timeout' in '$(cat "$OUT")'"
ms=$(( (t1 - t0) / 1000000 ))
[ $ms -ge 450 ] && [ $ms -lt 2000 ] && lab_ok "timeout after $ms ms" ||
    lab_fail "timeout after $ms ms (-w 500)"
rm -f "$OUT"
lab_done

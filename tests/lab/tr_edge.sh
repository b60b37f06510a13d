#!/bin/sh
# tr_edge.sh (issue 8.5): traceroute's edge cases against 2.1.2's
# behaviour, on a chain of 3 routers.
# (a) -w 0 and -w 0.00001: a probe is given up only when the sockets were
#     read after its wait ended without its answer, so answers already
#     there are taken (2.1.2 shows the whole path on a fast one): the four
#     hops in at least 2 of 3 runs, and never an address that is not the
#     lab's for its hop.
# (b) --classic -p 65535, root and nobody: the ports go 65535, 1, 2, ...
#     (port 0 is skipped: no UDP socket can send to it), counted by nft at
#     r1; the trace reaches d, exit 0.
# (c) a v4-mapped destination (::ffff:a.b.c.d) is traced over IPv4, also
#     with -4; with -6 it is refused: exit 2, one line.
# (d) -z 10 is 10 ms, -z 0.05 50 ms (issue 10.3); (e) -r (SO_DONTROUTE):
#     an attached host is traced, another fails with 2.1.2's line and
#     status (issue 10.4); (f) -d (SO_DEBUG) is refused to a user as in
#     2.1.2.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
OUT=$(mktemp)
trap '_s=$?; trap - EXIT; rm -f "$OUT" "$OUT.err"; lab_teardown; exit $_s' EXIT

# hop_truth FILE FAMILY: every address on hop k is router k's (or d's,
# from hop 4 on)
hop_truth() {
	_bad=
	for _k in $(awk 'NR > 1 { print $1 }' "$1"); do
		_want=$(tr_canon "$(lab_hop_addr "$2" $((_k > 4 ? 4 : _k)))")
		for _a in $(tr_hop_addrs "$1" "$_k"); do
			[ "$_a" = "$_want" ] || _bad="$_bad hop $_k=$_a"
		done
	done
	[ -z "$_bad" ] || echo "$_bad"
}

for fam in 4 6; do
	d=$(lab_dst_addr $fam)
	for w in 0 0.00001; do
		full=0 wrong=
		for run in 1 2 3; do
			lab_exec s "$TRACEROUTE" -$fam -n -w $w "$d" >"$OUT" 2>&1
			st=$?
			[ $st = 0 ] && [ "$(tr_nlines "$OUT")" = 4 ] &&
			    [ "$(grep -c ' ms' "$OUT")" = 4 ] && full=$((full + 1))
			wrong="$wrong$(hop_truth "$OUT" $fam)"
		done
		if [ $full -ge 2 ]; then
			tr_ok "-$fam -w $w: the whole path in $full of 3 runs"
		else
			tr_fail "-$fam -w $w: the whole path in $full of 3 runs: $(tr '\n' '|' <"$OUT")"
		fi
		[ -z "$wrong" ] && tr_ok "-$fam -w $w: every address true" ||
		    tr_fail "-$fam -w $w: wrong addresses:$wrong"
	done
done

# (b) the port sequence past 65535, counted where it passes r1
ports="65535 0 1 2 3 4 5 6 7 8 9 10 11"
for who in root nobody; do
	{
		echo "table inet edge {"
		echo "chain pre { type filter hook prerouting priority 0;"
		for p in $ports; do echo "udp dport $p counter"; done
		echo "}"
		echo "}"
	} | lab_exec r1 nft -f - || tr_fail "nft rules did not load"
	if [ $who = root ]; then
		lab_exec s "$TRACEROUTE" -4 -n --classic -p 65535 \
		    "$(lab_dst_addr 4)" >"$OUT" 2>&1
	else
		lab_unpriv_cmd "$TRACEROUTE" -4 -n --classic -p 65535 \
		    "$(lab_dst_addr 4)" >"$OUT" 2>&1
	fi
	tr_expect_status $? 0 "--classic -p 65535 as $who"
	tr_expect_hop "$OUT" 4 "$(lab_dst_addr 4)"
	got=$(lab_exec r1 nft list chain inet edge pre |
	    awk '/udp dport/ { printf "%s:%s ", $3, $6 }')
	want="65535:1 0:0 1:1 2:1 3:1 4:1 5:1 6:1 7:1 8:1 9:1 10:1 11:1 "
	[ "$got" = "$want" ] && tr_ok "$who: ports 65535, then 1..11 once each, never 0" ||
	    tr_fail "$who: port counters '$got', want '$want'"
	lab_exec r1 nft delete table inet edge
done

# (c) v4-mapped addresses
m=::ffff:$(lab_dst_addr 4)
for opt in "" -4; do
	# shellcheck disable=SC2086
	lab_exec s "$TRACEROUTE" -n $opt "$m" >"$OUT" 2>&1
	tr_expect_status $? 0 "$m $opt"
	head -1 "$OUT" | grep -q "^traceroute to $m ($(lab_dst_addr 4)), 30 hops max, 60 byte packets\$" &&
	    tr_ok "$m $opt: traced over IPv4" ||
	    tr_fail "$m $opt: header $(head -1 "$OUT")"
	tr_expect_hop "$OUT" 4 "$(lab_dst_addr 4)"
done
lab_exec s "$TRACEROUTE" -n -6 "$m" >"$OUT" 2>"$OUT.err"
st=$?
[ $st = 2 ] && [ ! -s "$OUT" ] && [ "$(wc -l <"$OUT.err")" = 1 ] &&
    tr_ok "-6 $m: exit 2: $(cat "$OUT.err")" ||
    tr_fail "-6 $m: exit $st: $(cat "$OUT" "$OUT.err" | tr '\n' '|')"
# (d) -z: 10 and above are milliseconds (2.1.2's binary): -z 10 puts
# 10 ms between the 12 probes to d (> 100 ms, far below 10 s); -z 0.05
# is seconds.
for z in 10 0.05; do
	t0=$(date +%s%N)
	lab_exec s "$TRACEROUTE" -4 -n -N 1 -z $z "$(lab_dst_addr 4)" >"$OUT" 2>&1
	st=$? ms=$((($(date +%s%N) - t0) / 1000000))
	if [ $st = 0 ] && [ $ms -ge 100 ] && [ $ms -lt 3000 ]; then
		tr_ok "-z $z: 12 probes in $ms ms (11 gaps of 10 or 50 ms)"
	else
		tr_fail "-z $z: exit $st in $ms ms"
	fi
done
# (e) -r: SO_DONTROUTE, a host on no attached network fails as in 2.1.2
lab_exec s "$TRACEROUTE" -4 -n -r "$(lab_hop_addr 4 1)" >"$OUT" 2>&1
tr_expect_status $? 0 "-r to r1 (attached)"
tr_expect_hop "$OUT" 1 "$(lab_hop_addr 4 1)"
lab_exec s "$TRACEROUTE" -4 -n -r "$(lab_dst_addr 4)" >"$OUT" 2>"$OUT.err"
st=$?
[ $st = 1 ] && grep -qx 'traceroute: connect: Network is unreachable' "$OUT.err" &&
    tr_ok "-r to d (not attached): exit 1, $(cat "$OUT.err")" ||
    tr_fail "-r to d: exit $st: $(cat "$OUT" "$OUT.err" | tr '\n' '|')"
if [ -x /usr/sbin/traceroute ]; then
	lab_exec s /usr/sbin/traceroute -4 -n -r "$(lab_dst_addr 4)" \
	    >"$OUT" 2>"$OUT.err"
	st=$?
	[ $st = 1 ] && grep -q 'connect: Network is unreachable' "$OUT.err" &&
	    tr_ok "-r to d: 2.1.2 the same (exit 1)" ||
	    tr_fail "-r to d: 2.1.2 exit $st"
fi
lab_exec s "$TRACEROUTE" --exit-status -4 -n -r "$(lab_dst_addr 4)" \
    >"$OUT" 2>&1
tr_expect_status $? 2 "-r to d, --exit-status"
# (f) -d: SO_DEBUG, refused to a user as 2.1.2 refuses it
lab_exec s "$TRACEROUTE" -4 -n -d "$(lab_hop_addr 4 1)" >"$OUT" 2>&1
tr_expect_status $? 0 "-d as root"
lab_unpriv_cmd "$TRACEROUTE" -4 -n -d "$(lab_hop_addr 4 1)" >"$OUT" 2>&1
st=$?
[ $st = 1 ] && grep -qx 'traceroute: SO_DEBUG: Permission denied' "$OUT" &&
    tr_ok "-d as nobody: exit 1, one line" ||
    tr_fail "-d as nobody: exit $st: $(tr '\n' '|' <"$OUT")"
tr_done

#!/bin/sh
# tr_report.sh (issue 12.1, 12.3): traceroute --report against the lab's
# truth, on a chain of 3 (hops: r1 r2 r3 d).
#  (a) r2 forwards the probes to d over link 2; nft there drops every
#      third probe of each hop beyond it (the second, fifth, ...) and
#      counts per hop what it forwarded and what it dropped. For every
#      method (default, -I, -T, -U) and both families: hops 1 and 2 lose
#      nothing, and on hops 3 and 4 Snt - received (JSON and the table's
#      Loss%) is exactly the drop counter's count; every hop has Snt =
#      CYCLES, its own address, and what r2 forwarded is what we sent.
#  (b) -q 2 -f 2: 2 rounds per cycle from hop 2; -m 3: not reached
#      (status 0, 1 with --exit-status); names from the hosts file.
#  (c) every router's ICMP rate limit back to the kernel's defaults
#      (1 s per source, burst 6): at the default pacing (--interval=1)
#      no hop loses anything, --report=10 in about 9 s.
#  (d) r2 limits its own ICMP errors hard (icmp_ratelimit 10 s) and
#      forwards everything: its hop shows loss and is flagged ('?' and
#      the legend; local_loss in JSON), the hops after it lose nothing,
#      and r2 forwarded every probe of theirs.
#  (e) SIGINT during --report=1000: the table (and JSON) of the rounds
#      done, marked interrupted, status 0; its counts still the truth.
#  (f) on a terminal (script(1)'s pty) a "round K of N" line, erased
#      before the table; never in a file.
#  (g) the diamond with --classic: hop 2 answered from r2a and r2b, each
#      address on its own line with its own counts, adding up to the hop.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
. "$top_srcdir/tests/lab/tr_json_lib.sh"
tj_need
lab_init
lab_chain 3
T=$(mktemp -d)
NSDIR=/etc/netns/$(lab_ns s)
# no name server in the lab: only the hosts file answers
mkdir -p "$NSDIR"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)

# (c) first, while no router has answered us yet: the kernel's own limits
# everywhere, and the pacing loses nothing
for n in s r1 r2 r3 d; do
	lab__sysctl $n net.ipv4.icmp_ratelimit=1000 \
	    net.ipv4.icmp_msgs_per_sec=1000 net.ipv4.icmp_msgs_burst=50 \
	    net.ipv6.icmp.ratelimit=1000
done
_t0=$(date +%s%N)
lab_exec s "$TRACEROUTE" -4 -n --report=10 --json "$D4" >"$T/out" 2>"$T/err"
_t1=$(date +%s%N)
tj_valid "$TJ_REPORT" "$T/out" "default pacing"
tj_eq "$T/out" "[h['received'] for h in d['hops']]" "[10, 10, 10, 10]" \
    "default pacing under the kernel's rate limits: no hop loses an answer"
_ms=$(((_t1 - _t0) / 1000000))
[ $_ms -ge 8900 ] && [ $_ms -le 10500 ] &&
    tr_ok "--report=10 took $_ms ms (9 intervals)" ||
    tr_fail "--report=10 took $_ms ms, want 9 s"

for n in s r1 r2 r3 d; do
	lab__sysctl $n net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
	    net.ipv4.icmp_msgs_per_sec=1000000 net.ipv4.icmp_msgs_burst=1000000
done

# hop K's object in the document
hop() {
	echo "[h for h in d['hops'] if h['ttl'] == $1][0]"
}

# the drop on link 2: hop K's probes have TTL K - 2 in r2's forward hook
# (after its decrement)
lab_nft r2 "add table inet labrep
add counter inet labrep drop3
add counter inet labrep drop4
add counter inet labrep fwd3
add counter inet labrep fwd4
add chain inet labrep pass { type filter hook forward priority 0; }
add rule inet labrep pass ip daddr $D4 ip ttl 1 counter name fwd3
add rule inet labrep pass ip daddr $D4 ip ttl 2 counter name fwd4
add rule inet labrep pass ip6 daddr $D6 ip6 hoplimit 1 counter name fwd3
add rule inet labrep pass ip6 daddr $D6 ip6 hoplimit 2 counter name fwd4
add rule inet labrep pass ip daddr $D4 ip ttl 1 numgen inc mod 3 1 counter name drop3 drop
add rule inet labrep pass ip daddr $D4 ip ttl 2 numgen inc mod 3 1 counter name drop4 drop
add rule inet labrep pass ip6 daddr $D6 ip6 hoplimit 1 numgen inc mod 3 1 counter name drop3 drop
add rule inet labrep pass ip6 daddr $D6 ip6 hoplimit 2 numgen inc mod 3 1 counter name drop4 drop"

counters() {
	for _c in drop3 drop4 fwd3 fwd4; do
		printf '%s ' "$(lab_counter r2 $_c)"
	done
}

# truth_case FAMILY METHOD...: (a) for one method
truth_case() {
	_f=$1
	shift
	_w="-$_f ${*:-default}"
	set -- $(counters) "$@"
	_d3=$1 _d4=$2 _p3=$3 _p4=$4
	shift 4
	lab_exec s "$TRACEROUTE" -$_f -n --report=10 --interval=0.1 --json \
	    "$@" "$(lab_dst_addr $_f)" >"$T/out" 2>"$T/err"
	_rc=$?
	set -- $(counters)
	_d3=$(($1 - _d3)) _d4=$(($2 - _d4)) _p3=$(($3 - _p3)) _p4=$(($4 - _p4))
	tr_expect_status $_rc 0 "$_w"
	tj_valid "$TJ_REPORT" "$T/out" "$_w" || return
	[ "$_d3" -gt 0 ] && [ "$_d4" -gt 0 ] ||
	    tr_fail "$_w: nft dropped nothing ($_d3, $_d4): no truth to check"
	{
		tj_spec "$_w: reached" "d['reached']" true
		tj_spec "$_w: hops 1-4" "[h['ttl'] for h in d['hops']]" \
		    "[1, 2, 3, 4]"
		for _k in 1 2 3 4; do
			_h=$(hop $_k)
			_a=$(tr_canon "$(lab_hop_addr $_f $_k)")
			tj_spec "$_w: hop $_k is $_a" \
			    "[a['address'] for a in $_h['addresses']]" "[\"$_a\"]"
			tj_spec "$_w: hop $_k: Snt 10" "$_h['sent']" 10
		done
		tj_spec "$_w: hop 1 lost nothing" "$(hop 1)['received']" 10
		tj_spec "$_w: hop 2 lost nothing" "$(hop 2)['received']" 10
		tj_spec "$_w: hop 3 lost what nft dropped ($_d3)" \
		    "$(hop 3)['sent'] - $(hop 3)['received']" "$_d3"
		tj_spec "$_w: hop 4 lost what nft dropped ($_d4)" \
		    "$(hop 4)['sent'] - $(hop 4)['received']" "$_d4"
		tj_spec "$_w: hop 3 Loss% $((_d3 * 10))" "$(hop 3)['loss_pct']" \
		    "$((_d3 * 10)).0"
		tj_spec "$_w: r2 forwarded every probe of hop 3 ($_p3)" \
		    "$(hop 3)['sent']" "$_p3"
		tj_spec "$_w: r2 forwarded every probe of hop 4 ($_p4)" \
		    "$(hop 4)['sent']" "$_p4"
		tj_spec "$_w: no hop flagged" \
		    "[h['local_loss'] for h in d['hops']]" \
		    "[false, false, false, false]"
	} >"$T/spec"
	tj_checks "$T/out" <"$T/spec"
}

# table_case FAMILY: the same truth in the table: Loss% and Snt per hop
table_case() {
	_f=$1
	set -- $(counters)
	_d3=$1 _d4=$2
	lab_exec s "$TRACEROUTE" -$_f -n --report=10 --interval=0.1 \
	    "$(lab_dst_addr $_f)" >"$T/out" 2>"$T/err"
	tr_expect_status $? 0 "-$_f table"
	set -- $(counters)
	_d3=$(($1 - _d3)) _d4=$(($2 - _d4))
	_want="1 0.0% 10
2 0.0% 10
3 $((_d3 * 10)).0% 10
4 $((_d4 * 10)).0% 10"
	_got=$(awk '/^ *[0-9]+\.\|-- / { sub(/\..*/, "", $1); print $1, $3, $4 }' \
	    "$T/out")
	[ "$_got" = "$_want" ] && tr_ok "-$_f table: Loss% and Snt are the truth" ||
	    { tr_fail "-$_f table: want '$_want', got '$_got'"; cat "$T/out"; }
	head -2 "$T/out" | tail -1 | grep -Eq '^HOST: .* Loss% +Snt +Last +Avg +Best +Wrst +StDev$' &&
	    tr_ok "-$_f table: mtr's columns" ||
	    tr_fail "-$_f table header: $(head -2 "$T/out" | tail -1)"
	grep -q '^?' "$T/out" && tr_fail "-$_f table: a legend for flagged hops"
}

# (a)
for f in 4 6; do
	for m in "" -I -T -U; do
		truth_case $f $m
	done
	table_case $f
done

# (b) -q 2 -f 2, -m 3, names
lab_hosts s r1.lab "$(lab_hop_addr 4 1)"
lab_hosts s r3.lab "$(lab_hop_addr 4 3)"
lab_exec s "$TRACEROUTE" -4 -n -q 2 -f 2 --report=3 --interval=0.1 --json \
    "$D4" >"$T/out" 2>"$T/err"
tj_valid "$TJ_REPORT" "$T/out" "-q 2 -f 2"
tj_eq "$T/out" "[h['ttl'] for h in d['hops']]" "[2, 3, 4]" "-f 2: hops 2-4"
tj_eq "$T/out" "[h['sent'] for h in d['hops']]" "[6, 6, 6]" \
    "-q 2: 6 probes per hop in 3 cycles"
tj_eq "$T/out" "[d['report']['cycles'], d['report']['rounds'], d['queries']]" \
    "[3, 6, 2]" "-q 2: 3 cycles of 2 rounds"
lab_exec s "$TRACEROUTE" -4 -m 3 --report=2 --interval=0.1 "$D4" \
    >"$T/out" 2>"$T/err"
tr_expect_status $? 0 "-m 3 (not reached)"
_got=$(sed -n 's/^ *\([0-9]*\)\.|-- \(.*[^ ]\)  *\([0-9.]*%\).*/\1 \2 \3/p' \
    "$T/out")
_want="1 r1.lab (198.18.0.2) 0.0%
2 198.18.1.2 0.0%
3 r3.lab (198.18.2.2) 0.0%"
[ "$_got" = "$_want" ] &&
    tr_ok "-m 3: 3 hops, names from the hosts file" ||
    { tr_fail "-m 3: want '$_want', got '$_got'"; cat "$T/out"; }
lab_exec s "$TRACEROUTE" --exit-status -4 -m 3 --report=2 --interval=0.1 \
    --json "$D4" >"$T/out" 2>"$T/err"
tr_expect_status $? 1 "-m 3 --exit-status"
tj_valid "$TJ_REPORT" "$T/out" "-m 3"
tj_eq "$T/out" "[d['reached'], $(hop 1)['addresses'][0]['name'], $(hop 2)['addresses'][0]['name']]" \
    '[false, "r1.lab", null]' "-m 3: not reached; JSON names (null without one)"

lab_nft r2 "delete table inet labrep"

# (d) r2 limits its own errors hard (IPv6's limit is scaled by the
# route's prefix: /48 gives a quarter), forwards everything
lab__sysctl r2 net.ipv4.icmp_ratelimit=10000 net.ipv6.icmp.ratelimit=40000
lab_nft r2 "add table inet labfwd
add counter inet labfwd passed
add chain inet labfwd pass { type filter hook forward priority 0; }
add rule inet labfwd pass ip daddr $D4 counter name passed
add rule inet labfwd pass ip6 daddr $D6 counter name passed"
for f in 4 6; do
	_p0=$(lab_counter r2 passed)
	lab_exec s "$TRACEROUTE" -$f -n --report=10 --interval=0.2 --json \
	    "$(lab_dst_addr $f)" >"$T/out" 2>"$T/err"
	_p1=$(lab_counter r2 passed)
	tj_valid "$TJ_REPORT" "$T/out" "-$f rate-limited r2"
	_l2=$(tj_get "$T/out" "$(hop 2)['sent'] - $(hop 2)['received']")
	[ "${_l2:-0}" -gt 0 ] && tr_ok "-$f: r2's hop lost $_l2 answers to its rate limit" ||
	    tr_fail "-$f: r2 lost nothing: its limit did not act"
	tj_eq "$T/out" "[h['local_loss'] for h in d['hops']]" \
	    "[false, true, false, false]" "-$f: r2's hop flagged, no other"
	tj_eq "$T/out" "[h['received'] for h in d['hops'] if h['ttl'] > 2]" \
	    "[10, 10]" "-$f: the hops after r2 lost nothing"
	tj_eq "$T/out" "$(hop 3)['sent'] + $(hop 4)['sent']" "$((_p1 - _p0))" \
	    "-$f: r2 forwarded every probe beyond it ($((_p1 - _p0)))"
	lab_exec s "$TRACEROUTE" -$f -n --report=5 --interval=0.2 \
	    "$(lab_dst_addr $f)" >"$T/out" 2>"$T/err"
	grep -Eq '^  2\.\|-- .* +[0-9.]+%\?' "$T/out" &&
	    grep -q '^?  a later hop lost less' "$T/out" &&
	    ! grep -Eq '^  [134]\.\|-- .*%\?' "$T/out" &&
	    tr_ok "-$f table: hop 2 marked '?', the legend under the table" ||
	    { tr_fail "-$f table: no mark or legend"; cat "$T/out"; }
done
lab_nft r2 "delete table inet labfwd"
for n in s r1 r2 r3 d; do
	lab__sysctl $n net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
	    net.ipv4.icmp_msgs_per_sec=1000000 net.ipv4.icmp_msgs_burst=1000000
done

# (e) SIGINT mid-run, the drop back on (the tool itself in the
# background, not a shell around it)
lab_nft r2 "add table inet labrep
add counter inet labrep drop3
add counter inet labrep drop4
add counter inet labrep fwd3
add counter inet labrep fwd4
add chain inet labrep pass { type filter hook forward priority 0; }
add rule inet labrep pass ip daddr $D4 ip ttl 1 numgen inc mod 3 1 counter name drop3 drop
add rule inet labrep pass ip daddr $D4 ip ttl 2 numgen inc mod 3 1 counter name drop4 drop"
for mode in table json; do
	_j=
	[ $mode = json ] && _j=--json
	set -- $(counters)
	_d3=$1 _d4=$2
	ip netns exec "$(lab_ns s)" "$TRACEROUTE" -4 -n --report=1000 \
	    --interval=0.1 $_j "$D4" >"$T/out" 2>"$T/err" &
	_pid=$!
	sleep 1.5
	kill -INT $_pid
	wait $_pid
	_rc=$?
	set -- $(counters)
	_d3=$(($1 - _d3)) _d4=$(($2 - _d4))
	tr_expect_status $_rc 0 "SIGINT ($mode)"
	if [ $mode = table ]; then
		_s=$(awk '$1 == "4.|--" { print $4 }' "$T/out")
		[ "${_s:-0}" -ge 5 ] && [ "${_s:-0}" -le 30 ] &&
		    grep -q '^(interrupted' "$T/out" &&
		    tr_ok "SIGINT: the table of $_s rounds, marked interrupted" ||
		    { tr_fail "SIGINT: no table of the rounds done"; cat "$T/out" "$T/err"; }
		continue
	fi
	tj_valid "$TJ_REPORT" "$T/out" "SIGINT (json)" || continue
	tj_eq "$T/out" "d['interrupted']" true "SIGINT: interrupted"
	_s=$(tj_get "$T/out" "$(hop 4)['sent']")
	[ "${_s:-0}" -ge 5 ] && [ "${_s:-0}" -le 30 ] &&
	    tr_ok "SIGINT: $_s rounds" || tr_fail "SIGINT: $_s rounds"
	# a dropped probe may still have been waited for at the stop
	for k in 3 4; do
		eval "_d=\$_d$k"
		_l=$(tj_get "$T/out" "$(hop $k)['sent'] - $(hop $k)['received']")
		[ "${_l:-x}" -le "$_d" ] && [ "$_d" -le $((_l + 1)) ] &&
		    tr_ok "SIGINT: hop $k lost $_l, nft dropped $_d" ||
		    tr_fail "SIGINT: hop $k lost '$_l', nft dropped $_d"
	done
done

# (f) progress on a terminal only
if command -v script >/dev/null 2>&1; then
	lab_exec s script -qec "$TRACEROUTE -4 -n --report=3 --interval=0.2 $D4" \
	    /dev/null >"$T/tty" 2>&1
	grep -q 'round 3 of 3' "$T/tty" && grep -q "$(printf '\033\\[K')" "$T/tty" &&
	    grep -q '4\.|-- ' "$T/tty" &&
	    tr_ok "a terminal shows 'round K of 3', erased before the table" ||
	    { tr_fail "no progress on a terminal"; LC_ALL=C cat -v "$T/tty"; }
	lab_exec s "$TRACEROUTE" -4 -n --report=3 --interval=0.2 "$D4" \
	    >"$T/out" 2>"$T/err"
	grep -q 'round' "$T/out" "$T/err" &&
	    tr_fail "progress written to a file" ||
	    tr_ok "no progress when stdout is a file"
else
	tr_ok "SKIP (f): script(1) not found"
fi

# (g) a hop of two addresses
lab_teardown
lab_diamond
lab_exec s "$TRACEROUTE" -4 -n --classic --report=20 --interval=0.05 --json \
    "$LAB_DST4" >"$T/out" 2>"$T/err"
tj_valid "$TJ_REPORT" "$T/out" "diamond"
tj_eq "$T/out" "sorted(a['address'] for a in $(hop 2)['addresses'])" \
    '["198.18.1.2", "198.18.2.2"]' "diamond: hop 2 answered from r2a and r2b"
tj_eq "$T/out" "sum(a['received'] for a in $(hop 2)['addresses']) == $(hop 2)['received'] == 20" \
    true "diamond: their answers add up to the hop's 20"
lab_exec s "$TRACEROUTE" -4 -n --classic --report=20 --interval=0.05 \
    "$LAB_DST4" >"$T/out" 2>"$T/err"
_n=$(awk '/^    \|   198\.18\.[12]\.2 +[0-9]+\/20 /' "$T/out" | wc -l)
[ "$_n" = 2 ] && grep -q '^N/M ' "$T/out" &&
    tr_ok "diamond table: a line per address with N/20, the legend" ||
    { tr_fail "diamond table: $_n address lines"; cat "$T/out"; }

rm -rf "$T" "$NSDIR/resolv.conf"
tr_done

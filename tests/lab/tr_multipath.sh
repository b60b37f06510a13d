#!/bin/sh
# tr_multipath.sh: traceroute --multipath against the lab's multipath
# topologies (lab_multipath: 2-, 3- and 4-way diamonds, branches of
# unequal length, a nested and a meshed diamond, per-packet balancing).
# The truth is the lab's graph: hop k's interfaces are the routers k links
# from s (each answers from one address), the links are the lab's links.
#
# At --multipath=99.9 (per-vertex confidence: a second successor of a
# vertex is missed in at most 0.1% of the runs) every interface and link
# must be found in at least 19 of 20 runs per topology, family and method
# (default UDP, -T), and nothing the lab does not have is ever printed.
# -I: Linux hashes no ICMP echo field (policy 1 hashes ports, ICMP has
# none), so the trace is one path of the graph. Per-packet balancing
# (nftables numgen marks at r1, counted) must be reported at hop 2 in 19
# of 20 runs and, where reported, no link inferred out of it (the
# interfaces and the links into hop 2 found in 19 of 20). At the default
# 95%, 20 runs of every topology are counted (IPv4, udp) and must find
# each interface and link in 14: the confidence is per vertex, the rule
# misses a second branch in 3.1% of the runs and a link is lost with
# either of its ends (about 94% per link in the meshed diamond, measured
# over 150 runs), so 19 of 20 would fail by design.
# The probes the tool says it sent are the packets nft counts leaving s.
# IPv6 routers that hash the flow label and not the ports (policy 0):
# the same 19 of 20, one label per flow. Unprivileged: UDP and ICMP as
# nobody.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
RUNS=20
CONF=99.9
TMP=$(mktemp -d)
trap '_s=$?; trap - EXIT; rm -rf "$TMP"; lab_teardown; exit $_s' EXIT

# runs WHAT N CMD...: N traces; every line seen is counted in $TMP/seen
# (one count per run), lines not in $TMP/truth go to $TMP/invented
runs() {
	_w=$1 _n=$2
	shift 2
	: >"$TMP/seen"
	: >"$TMP/wide"
	: >"$TMP/ppviol"
	_i=0
	while [ $_i -lt "$_n" ]; do
		"$@" >"$TMP/out" 2>&1
		tr_mp_parse "$TMP/out" >"$TMP/got"
		cat "$TMP/got" >>"$TMP/seen"
		# a hop reported per-packet has no link out of it
		awk -v r=$_i '$1 == "P" { pp[$2] = 1 } $1 == "L" { l[$2] = 1 }
		    END { for (h in pp) if (h in l) print "run " r " hop " h }' \
		    "$TMP/got" >>"$TMP/ppviol"
		awk '$1 == "I" { n[$2]++ } END { for (h in n) if (n[h] > 1)
		    print "run '$_i' hop " h ": " n[h] " interfaces" }' \
		    "$TMP/got" >>"$TMP/wide"
		grep -v '^P ' "$TMP/got" | comm -23 - "$TMP/truth" |
		    sed "s/^/$_w run $_i: invented /" >>"$TMP/invented"
		_i=$((_i + 1))
	done
}

# count LINE: in how many runs LINE was seen
count() {
	grep -cxF "$1" "$TMP/seen"
}

# expect_all WHAT MIN: every truth line seen in MIN runs at least
expect_all() {
	_bad=0 _min=$RUNS
	while read -r _l; do
		_c=$(count "$_l")
		[ "$_c" -lt "$_min" ] && _min=$_c
		if [ "$_c" -lt "$2" ]; then
			tr_fail "$1: '$_l' in $_c of $RUNS runs"
			_bad=1
		fi
	done <"$TMP/truth"
	[ $_bad = 0 ] && tr_ok "$1: $(wc -l <"$TMP/truth" | tr -d ' ') interfaces and links, each in $_min+ of $RUNS runs"
}

# nothing invented so far
expect_clean() {
	if [ -s "$TMP/invented" ]; then
		tr_fail "$1: $(wc -l <"$TMP/invented" | tr -d ' ') invented lines, first: $(head -1 "$TMP/invented")"
	else
		tr_ok "$1: nothing invented"
	fi
	: >"$TMP/invented"
}

# one_path WHAT: every run printed one interface per hop
one_path() {
	if [ -s "$TMP/wide" ] || grep -q '^P ' "$TMP/seen"; then
		tr_fail "$1: not one path: $(head -1 "$TMP/wide")"
	else
		tr_ok "$1: one path, one interface per hop in every run"
	fi
}

# sent_counted FAM ARGS: the probes printed = the packets counted at s
sent_counted() {
	_f=$1
	shift
	lab_exec s nft reset counter inet labmp out >/dev/null 2>&1
	lab_exec s "$TRACEROUTE" -n -$_f "$@" "$(lab_dst_addr $_f)" >"$TMP/out" 2>&1
	_p=$(sed -n 's/^multipath: \([0-9]*\) probes sent.*/\1/p' "$TMP/out")
	_c=$(lab_counter s out)
	if [ -n "$_p" ] && [ "$_p" = "$_c" ]; then
		tr_ok "-$_f $*: $_p probes sent, $_c counted leaving s"
	else
		tr_fail "-$_f $*: '$_p' probes printed, '$_c' counted leaving s"
	fi
}

count_at_s() {
	lab_nft s "add table inet labmp
add counter inet labmp out
add chain inet labmp o { type filter hook output priority 0; }
add rule inet labmp o ip daddr $LAB_DST4 meta l4proto { udp, tcp, icmp } counter name out
add rule inet labmp o ip6 daddr $LAB_DST6 meta l4proto { udp, tcp, ipv6-icmp } counter name out"
}

for topo in 2way 3way 4way unequal nested meshed; do
	lab_teardown
	lab_multipath $topo
	count_at_s
	for fam in 4 6; do
		tr_mp_truth $fam >"$TMP/truth"
		dst=$(lab_dst_addr $fam)
		for m in "" -T; do
			runs "$topo -$fam $m" $RUNS lab_exec s "$TRACEROUTE" -n \
			    -$fam $m --multipath=$CONF "$dst"
			expect_all "$topo -$fam ${m:-udp} at $CONF%" 19
			expect_clean "$topo -$fam ${m:-udp}"
		done
		runs "$topo -$fam -I" 3 lab_exec s "$TRACEROUTE" -n -$fam -I \
		    --multipath=$CONF "$dst"
		one_path "$topo -$fam -I"
		expect_clean "$topo -$fam -I"
	done
	# the default 95%, counted (IPv4, udp)
	tr_mp_truth 4 >"$TMP/truth"
	runs "$topo -4 95%" $RUNS lab_exec s "$TRACEROUTE" -n --multipath \
	    "$LAB_DST4"
	expect_all "$topo -4 udp at the default 95%" 14
	expect_clean "$topo -4 udp at 95%"
	sent_counted 4 --multipath
	sent_counted 6 -T --multipath
done

# per-packet balancing at r1
lab_teardown
lab_multipath perpacket
for fam in 4 6; do
	tr_mp_truth $fam >"$TMP/truth"
	dst=$(lab_dst_addr $fam)
	for m in "" -T -I; do
		runs "perpacket -$fam $m" $RUNS lab_exec s "$TRACEROUTE" -n -$fam \
		    $m --multipath=$CONF "$dst"
		grep -v '^L 2 ' "$TMP/truth" >"$TMP/truth.all"
		mv "$TMP/truth" "$TMP/truth.pp"
		mv "$TMP/truth.all" "$TMP/truth"
		expect_all "perpacket -$fam ${m:-udp} interfaces" 19
		mv "$TMP/truth.pp" "$TMP/truth"
		c=$(count "P 2")
		if [ "$c" -ge 19 ]; then
			tr_ok "perpacket -$fam ${m:-udp}: per-packet balancing reported at hop 2 in $c of $RUNS runs"
		else
			tr_fail "perpacket -$fam ${m:-udp}: per-packet balancing reported at hop 2 in $c of $RUNS runs"
		fi
		if [ -s "$TMP/ppviol" ]; then
			tr_fail "perpacket -$fam ${m:-udp}: a link inferred out of a hop reported per-packet: $(head -1 "$TMP/ppviol")"
		else
			tr_ok "perpacket -$fam ${m:-udp}: no link out of the hop reported per-packet"
		fi
		expect_clean "perpacket -$fam ${m:-udp}"
	done
done
p1=$(lab_counter r1 pp1)
p2=$(lab_counter r1 pp2)
if [ "${p1:-0}" -gt 0 ] && [ "${p2:-0}" -gt 0 ]; then
	tr_ok "r1 sprayed the probes: $p1 and $p2 per mark"
else
	tr_fail "r1 did not spray: '$p1' and '$p2' per mark"
fi

# IPv6 routers hashing the flow label, not the ports (policy 0): the
# label must vary per flow (raw sockets: we write it; nobody: the
# kernel's, from the ports); nft sees one label per flow leaving s
lab_teardown
LAB_MP_V6POLICY=0 lab_multipath 2way
tr_mp_truth 6 >"$TMP/truth"
lab_nft s "add table inet labfl
add set inet labfl fl { typeof ip6 flowlabel; flags dynamic; }
add chain inet labfl o { type filter hook output priority 0; }
add rule inet labfl o ip6 daddr $LAB_DST6 update @fl { ip6 flowlabel }"
for m in "" -T; do
	runs "label -6 $m" $RUNS lab_exec s "$TRACEROUTE" -n -6 $m \
	    --multipath=$CONF "$LAB_DST6"
	expect_all "v6 policy 0 (flow label) ${m:-udp} at $CONF%" 19
	expect_clean "v6 policy 0 ${m:-udp}"
done
n=$(lab_exec s nft list set inet labfl fl | sed -n '/elements/,/}/p' |
    tr ',' '\n' | grep -c '[0-9]')
if [ "$n" -ge 20 ]; then
	tr_ok "v6 policy 0: $n flow labels left s"
else
	tr_fail "v6 policy 0: only $n flow label(s) left s"
fi
runs "label -6 nobody" $RUNS lab_unpriv_cmd "$TRACEROUTE" -n -6 \
    --multipath=$CONF "$LAB_DST6"
expect_all "v6 policy 0 (flow label) udp as nobody at $CONF%" 19
expect_clean "v6 policy 0 udp as nobody"

# the closing line at the default confidence
lab_teardown
lab_multipath 2way
tr_mp_truth 4 >"$TMP/truth"
lab_exec s "$TRACEROUTE" -n --multipath "$LAB_DST4" >"$TMP/out" 2>&1
if grep -q 'confidence reached 9[5-9]\.[0-9]% (asked 95%)' "$TMP/out"; then
	tr_ok "2way: $(tail -1 "$TMP/out")"
else
	tr_fail "2way: closing line: $(tail -1 "$TMP/out")"
fi

# --json: the same graph
lab_exec s "$TRACEROUTE" -n --multipath=$CONF --json "$LAB_DST4" >"$TMP/json"
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))["multipath"]
for h in j["hops"]:
    for n in h["nodes"]:
        print("I", h["ttl"], n["addr"])
for l in j["links"]:
    print("L", l["ttl"], l["from"], l["to"])
assert j["probes_sent"] > 0 and 0.999 <= j["confidence"] <= 0.999 + 1e-9
' "$TMP/json" | sort -u >"$TMP/got" 2>"$TMP/err"
	if cmp -s "$TMP/got" "$TMP/truth"; then
		tr_ok "--json: the lab's graph ($(wc -l <"$TMP/got" | tr -d ' ') nodes and links)"
	else
		tr_fail "--json: $(diff "$TMP/truth" "$TMP/got" | tr '\n' ' ') $(cat "$TMP/err")"
	fi
else
	echo "note: no python3, --json not checked"
fi

# hop 1: one probe while s's route to d has one next hop; the rule's n_1
# (6 at 95%) once it is a multipath route (two next hops, two addresses
# of r1) or a policy rule could pick a table per probe, both families
hop1_probes() {
	lab_exec s "$TRACEROUTE" -n --multipath --json "$@" >"$TMP/json1"
	python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["multipath"]["hops"][0]["probes"])
' "$TMP/json1" 2>/dev/null || echo none
}
# hop1_expect WHAT MIN MAX DST: hop 1 took MIN to MAX probes (-$fam)
hop1_expect() {
	_n=$(hop1_probes -$fam "$4")
	if [ "$_n" != none ] && [ "$_n" -ge "$2" ] && [ "$_n" -le "$3" ]; then
		tr_ok "$1: $_n probes"
	else
		tr_fail "$1: $_n probes (want $2 to $3)"
	fi
}
if command -v python3 >/dev/null 2>&1; then
	ip -n "$LAB_PFX-r1" addr add 198.18.0.3/24 dev l0 &&
	    ip -n "$LAB_PFX-r1" addr add 2001:2::3/64 dev l0 nodad ||
	    tr_fail "r1: no second address"
	for fam in 4 6; do
		dst=$(lab_dst_addr $fam)
		via=198.18.0.2 via2=198.18.0.3 len=32
		[ $fam = 6 ] && via=2001:2::2 via2=2001:2::3 len=128
		hop1_expect "-$fam: hop 1 after one next hop" 1 1 "$dst"
		ip -n "$LAB_PFX-s" -$fam route add "$dst/$len" \
		    nexthop via $via dev l0 nexthop via $via2 dev l0 ||
		    tr_fail "-$fam: no multipath route at s"
		hop1_expect "-$fam: hop 1 after a multipath route" 6 999 "$dst"
		ip -n "$LAB_PFX-s" -$fam route del "$dst/$len"
		# a policy rule by protocol (an empty table: every probe
		# still goes by main) could send probes apart: no shortcut
		ip -n "$LAB_PFX-s" -$fam rule add ipproto udp table 100 ||
		    tr_fail "-$fam: no rule at s"
		hop1_expect "-$fam: hop 1 under a rule by protocol" 6 999 "$dst"
		ip -n "$LAB_PFX-s" -$fam rule del ipproto udp table 100
	done
	ip -n "$LAB_PFX-r1" addr del 198.18.0.3/24 dev l0
	ip -n "$LAB_PFX-r1" addr del 2001:2::3/64 dev l0
fi

# unprivileged: UDP (the error queue) and ICMP (ping socket)
for fam in 4 6; do
	tr_mp_truth $fam >"$TMP/truth"
	runs "nobody -$fam" $RUNS lab_unpriv_cmd "$TRACEROUTE" -n -$fam \
	    --multipath=$CONF "$(lab_dst_addr $fam)"
	expect_all "2way -$fam udp as nobody" 19
	expect_clean "2way -$fam udp as nobody"
	runs "nobody -$fam -I" 3 lab_unpriv_cmd "$TRACEROUTE" -n -$fam -I \
	    --multipath=$CONF "$(lab_dst_addr $fam)"
	one_path "2way -$fam -I as nobody"
	expect_clean "2way -$fam -I as nobody"
done

# bad input: one line, exit 2
for a in "--multipath=120" "--multipath=abc" "-U --multipath" "--multipath --classic" "--multipath --report"; do
	# shellcheck disable=SC2086
	lab_exec s "$TRACEROUTE" $a "$LAB_DST4" >"$TMP/out" 2>&1
	st=$?
	if [ $st = 2 ] && [ "$(wc -l <"$TMP/out")" = 1 ]; then
		tr_ok "'$a': exit 2, $(cat "$TMP/out")"
	else
		tr_fail "'$a': exit $st: $(cat "$TMP/out")"
	fi
done
tr_done

#!/bin/sh
# tr_json.sh (issue 12.2, 12.3): every path of traceroute --json gives one
# valid document (doc/schema/traceroute.schema.json, or the report's
# schema with --report), read strictly (ASCII only, no raw control byte,
# no duplicate key), and what it says is the lab's truth. Chain of 3.
#  (a) every method, both families: hop k's probes come from router k,
#      the destination answers last, reached; target, family, method.
#  (b) no reply at all (-f 2 past a blackhole): every probe null, not
#      reached; the same as a report.
#  (c) ICMP errors: r2's route to d prohibited: hop 2 answers with its
#      annotation (!X), the trace ends there.
#  (d) SIGINT mid-run: a complete document, interrupted; a report too.
#  (e) edge values: -q 1 -m 1, -f 4 -m 4, -q 10, --report=1 -q 1.
#  (f) hostile names from the hosts file (quotes, backslashes, ESC, BEL,
#      DEL, C1, invalid UTF-8 of several kinds, valid UTF-8), for hops
#      and for the target as typed: escaped, and decoded they are the
#      bytes as Python's UTF-8 decoder replaces them.
#  (g) errors that end the program: unknown host, a bad option, a bad
#      number, --report=0, an unknown interface: one JSON error object on
#      stdout with the exit status, one line on stderr, the same status.
#  (h) -e: a forger in r2 answers with an MPLS stack of 2 labels and an
#      object of an unknown class: the labels and the object's bytes are
#      the forger's, in a trace and in a report.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
. "$top_srcdir/tests/lab/tr_json_lib.sh"
. "$top_srcdir/tests/lab/hostile_lib.sh"
tj_need
lab_init
lab_chain 3
T=$(mktemp -d)
chmod 755 "$T"
NSDIR=/etc/netns/$(lab_ns s)
mkdir -p "$NSDIR"
# no name server in the lab: only the hosts file answers, lookups of
# anything else fail at once inside it
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"
D4=$(lab_dst_addr 4)

# run WHAT ARGS...: stdout in $T/out, stderr in $T/err, status in $RC
run() {
	_w=$1
	shift
	lab_exec s "$TRACEROUTE" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# (a)
for f in 4 6; do
	for m in "" -I -T -U; do
		_w="-$f ${m:-default}"
		run "$_w" -$f -n --json $m "$(lab_dst_addr $f)"
		tr_expect_status $RC 0 "$_w"
		tj_valid "$TJ_TRACE" "$T/out" "$_w" || continue
		{
			for k in 1 2 3 4; do
				_a=$(tr_canon "$(lab_hop_addr $f $k)")
				tj_spec "$_w: hop $k's probes from $_a" \
				    "sorted(set(p['address'] for p in d['hops'][$((k - 1))]['probes']))" \
				    "[\"$_a\"]"
			done
			tj_spec "$_w: 4 hops of 3 probes" \
			    "[(h['ttl'], len(h['probes'])) for h in d['hops']]" \
			    "[[1, 3], [2, 3], [3, 3], [4, 3]]"
			tj_spec "$_w: reached" "[d['reached'], d['interrupted']]" \
			    "[true, false]"
			tj_spec "$_w: target" "d['target']" \
			    "{\"name\": \"$(lab_dst_addr $f)\", \"address\": \"$(tr_canon "$(lab_dst_addr $f)")\"}"
			tj_spec "$_w: family, method" "[d['family'], d['method']]" \
			    "[\"ipv$f\", \"$(case $m in -I) echo icmp;; -T) echo tcp;; -U) echo udp;; *) echo default;; esac)\"]"
			tj_spec "$_w: every answer's rtt" \
			    "all(p['rtt_ms'] >= 0 and p['annotation'] is None for h in d['hops'] for p in h['probes'])" \
			    true
		} >"$T/spec"
		tj_checks "$T/out" <"$T/spec"
	done
done

# (b) nothing answers: r2 drops what goes to d without a word
lab_route_err 2 blackhole
run "-f 2 past a blackhole" -4 -n --json -f 2 -m 4 -w 0.3 "$D4"
tr_expect_status $RC 0 "no reply at all"
tj_valid "$TJ_TRACE" "$T/out" "no reply at all" &&
    tj_eq "$T/out" "[[p['address'], p['rtt_ms']] for h in d['hops'] for p in h['probes']] == [[None, None]] * 9 and not d['reached']" \
    true "no reply at all: 9 null probes, not reached"
run "report, no reply" -4 -n --json --report=2 --interval=0.1 -f 2 -m 3 \
    -w 0.2 "$D4"
tj_valid "$TJ_REPORT" "$T/out" "report, no reply at all" &&
    tj_eq "$T/out" "[[h['sent'], h['received'], h['avg_ms'], h['addresses']] for h in d['hops']]" \
    "[[2, 0, null, []], [2, 0, null, []]]" "report, no reply: Snt 2, nothing back, nulls"
# (d) SIGINT while hops wait for answers that never come
for mode in trace report; do
	_a=
	[ $mode = report ] && _a="--report=50 --interval=0.1"
	ip netns exec "$(lab_ns s)" "$TRACEROUTE" -4 -n --json $_a -w 5 \
	    "$D4" >"$T/out" 2>"$T/err" &
	_pid=$!
	sleep 1.2
	kill -INT $_pid
	wait $_pid
	tr_expect_status $? 0 "SIGINT ($mode)"
	[ $mode = trace ] && _s=$TJ_TRACE || _s=$TJ_REPORT
	tj_valid "$_s" "$T/out" "SIGINT ($mode)" &&
	    tj_eq "$T/out" "d['interrupted'] and not d['reached'] and d['hops'][0]['ttl'] == 1" \
	    true "SIGINT ($mode): interrupted, hop 1 kept"
done
lab_teardown
lab_chain 3
mkdir -p "$NSDIR"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"

# (c) an ICMP error: r2 says administratively prohibited. IPv4 route
# errors have a limit of their own, not per namespace (net.ipv4.route.
# error_cost, _burst: 1 s each after 5): 2 rounds and 1 probe need 3
lab_route_err 2 prohibit
for f in 4 6; do
	run "-$f prohibited report" -$f -n --json --report=2 --interval=0.1 \
	    "$(lab_dst_addr $f)"
	tj_valid "$TJ_REPORT" "$T/out" "-$f prohibited, report" &&
	    tj_eq "$T/out" "[len(d['hops']), d['hops'][1]['addresses'][0]['annotation'], d['hops'][1]['received']]" \
	    '[2, "!X", 2]' "-$f prohibited, report: the annotation per address"
	run "-$f prohibited" -$f -n -q 1 --json "$(lab_dst_addr $f)"
	tj_valid "$TJ_TRACE" "$T/out" "-$f prohibited" &&
	    tj_eq "$T/out" "[len(d['hops']), d['hops'][1]['probes'][0]['annotation'], d['hops'][1]['probes'][0]['address'], d['reached']]" \
	    "[2, \"!X\", \"$(tr_canon "$(lab_hop_addr $f 2)")\", false]" \
	    "-$f prohibited: hop 2 answers !X, the trace ends"
done
lab_teardown
lab_chain 3
mkdir -p "$NSDIR"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"

# (e) edge values
run "-q 1 -m 1" -4 -n --json -q 1 -m 1 "$D4"
tj_valid "$TJ_TRACE" "$T/out" "-q 1 -m 1" &&
    tj_eq "$T/out" "[len(d['hops']), len(d['hops'][0]['probes']), d['reached']]" \
    "[1, 1, false]" "-q 1 -m 1: one hop, one probe"
run "-f 4 -m 4" -4 -n --json -f 4 -m 4 "$D4"
tj_valid "$TJ_TRACE" "$T/out" "-f 4 -m 4" &&
    tj_eq "$T/out" "[[h['ttl'] for h in d['hops']], d['reached'], d['first_ttl'], d['max_ttl']]" \
    "[[4], true, 4, 4]" "-f 4 -m 4: hop 4 alone"
run "-q 10" -6 -n --json -q 10 "$(lab_dst_addr 6)"
tj_valid "$TJ_TRACE" "$T/out" "-q 10" &&
    tj_eq "$T/out" "[len(h['probes']) for h in d['hops']]" "[10, 10, 10, 10]" \
    "-q 10: ten probes a hop"
run "--report=1" -4 -n --json --report=1 "$D4"
tj_valid "$TJ_REPORT" "$T/out" "--report=1" &&
    tj_eq "$T/out" "[h['sent'] for h in d['hops']]" "[1, 1, 1, 1]" \
    "--report=1: one probe a hop"

# (f) hostile names: hops 1-3 and the destination, looked up and typed
N1=$(printf 'r1"q\\b\033[2J\007\177')
N2=$(printf 'r\303\266t\303\251r\302\233\377x\300\257')
N3=$(printf 'e\355\240\200\342\202x\360\237\230')
ND=$(printf 'd\033]0;t\007\376.lab')
lab_hosts s "$N1" "$(lab_hop_addr 4 1)"
lab_hosts s "$N2" "$(lab_hop_addr 4 2)"
lab_hosts s "$N3" "$(lab_hop_addr 4 3)"
lab_hosts s "$ND" "$D4"
if ! lab_exec s getent hosts "$(lab_hop_addr 4 1)" | grep -q "$(printf '\033')"; then
	tr_ok "SKIP (f): the resolver does not return raw names here"
else
	# each name's bytes in hex, for Python to decode
	hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
	for loc in C C.UTF-8; do
		lab_exec s env LC_ALL=$loc "$TRACEROUTE" -4 -q 1 --json "$ND" \
		    >"$T/out" 2>"$T/err"
		_w="LC_ALL=$loc hostile names"
		tj_valid "$TJ_TRACE" "$T/out" "$_w" || continue
		{
			_k=0
			for n in "$N1" "$N2" "$N3" "$ND"; do
				tj_spec "$_w: hop $((_k + 1))'s name decodes to its bytes, invalid UTF-8 replaced" \
				    "d['hops'][$_k]['probes'][0]['name'] == bytes.fromhex('$(hex "$n")').decode('utf-8', 'replace')" \
				    true
				_k=$((_k + 1))
			done
			tj_spec "$_w: the target's name as typed" \
			    "d['target']['name'] == bytes.fromhex('$(hex "$ND")').decode('utf-8', 'replace')" \
			    true
		} >"$T/spec"
		tj_checks "$T/out" <"$T/spec"
		lab_exec s env LC_ALL=$loc "$TRACEROUTE" -4 --json --report=1 \
		    "$ND" >"$T/out" 2>"$T/err"
		tj_valid "$TJ_REPORT" "$T/out" "$_w (report)" &&
		    tj_eq "$T/out" "d['hops'][0]['addresses'][0]['name'] == bytes.fromhex('$(hex "$N1")').decode('utf-8', 'replace')" \
		    true "$_w (report): hop 1's name"
	done
fi

# (g) errors that end the program
err_case() {	# WHAT STATUS ARGS...
	_w=$1 _st=$2
	shift 2
	run "$_w" "$@"
	tr_expect_status $RC "$_st" "$_w"
	tj_valid "$TJ_TRACE" "$T/out" "$_w" &&
	    tj_eq "$T/out" "sorted(d) == ['error', 'exit_status'] and d['exit_status'] == $_st" \
	    true "$_w: an error object with status $_st"
	[ "$(wc -l <"$T/err")" = 1 ] && tr_ok "$_w: one line on stderr" ||
	    tr_fail "$_w: stderr: $(cat "$T/err")"
	tj_valid "$TJ_REPORT" "$T/out" "$_w (report's schema)" >/dev/null ||
	    tr_fail "$_w: not an error of the report's schema"
}
err_case "unknown host" 2 --json nosuchhost.invalid
tj_eq "$T/out" "'nosuchhost.invalid' in d['error']" true "unknown host named"
err_case "unknown host, report" 2 --json --report nosuchhost.invalid
err_case "bad option" 2 --json -Z "$D4"
err_case "bad option before --json" 2 -q 11 --json "$D4"
err_case "--report=0" 2 --report=0 --json "$D4"
err_case "no host" 2 --json -n
err_case "unknown interface" 1 --json -i trnosuchdev "$D4"
err_case "unknown interface, --exit-status" 2 --json --exit-status \
    -i trnosuchdev "$D4"
run "hostile bad option" --json -q "$(printf '1\033[2J\377')" "$D4"
tj_valid "$TJ_TRACE" "$T/out" "a bad option's hostile argument"

# (h) -e: r2's Time Exceeded from the forger, with extensions
if [ -x "$FORGER" ]; then
	lab_nft r2 'add table inet labext
add chain inet labext out { type filter hook output priority 0; }
add rule inet labext out meta mark 0xf0f0 icmp type time-exceeded accept
add rule inet labext out meta mark 0xf0f0 icmpv6 type time-exceeded accept
add rule inet labext out icmp type time-exceeded drop
add rule inet labext out icmpv6 type time-exceeded drop'
	_mpls='[{"label": 1000000, "tc": 0, "s": false, "ttl": 250}, {"label": 1000001, "tc": 1, "s": true, "ttl": 249}]'
	for f in 4 6; do
		hs_forger_start r2 "$T/forger" -t "$(lab_src_addr $f)" -n 1000 \
		    -k err_ext -L 2 -u -l rfc -s "$(lab_hop_addr 4 2)" \
		    -S "$(lab_hop_addr 6 2)" || continue
		run "-$f -e" -$f -n -e -m 2 -w 1 --json "$(lab_dst_addr $f)"
		tj_valid "$TJ_TRACE" "$T/out" "-$f -e" &&
		    tj_eq "$T/out" "[d['hops'][1]['probes'][0]['extensions'][0]['mpls'], d['hops'][1]['probes'][0]['extensions'][1]]" \
		    "[$_mpls, {\"class\": 99, \"ctype\": 0, \"data\": \"0001020304050607\"}]" \
		    "-$f -e: the forger's two labels and its class 99 object"
		run "-$f -e report" -$f -n -e -m 2 -w 1 --json --report=2 \
		    --interval=0.1 "$(lab_dst_addr $f)"
		tj_valid "$TJ_REPORT" "$T/out" "-$f -e report" &&
		    tj_eq "$T/out" "d['hops'][1]['addresses'][0]['extensions'][0]['mpls']" \
		    "$_mpls" "-$f -e report: the labels per address"
		hs_forger_stop "$T/forger"
	done
else
	tr_ok "SKIP (h): $FORGER not built"
fi

rm -rf "$T" "$NSDIR/resolv.conf"
lab_done

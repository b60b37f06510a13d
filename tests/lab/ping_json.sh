#!/bin/sh
# ping_json.sh (issue 12, ping's part): every path of ping -j gives JSON
# Lines only on stdout, each line valid against doc/schema/ping.schema.json
# read strictly (ASCII only, no raw control byte, no duplicate key), and
# what the lines say is the lab's truth. Chain of 2 (s - r1 - r2 - d).
#  (a) replies, both families: seq 1..3 from d's address, ttl 62, a time,
#      no dup; the summary 3/3, loss 0, rtt ordered; no header, stderr
#      empty.
#  (b) d drops 30% of the requests (nft): transmitted - received and the
#      loss are the nft counter's.
#  (c) no reply at all (d drops every request): only the summary, rtt
#      null, loss 100, exit 1; -c 1 -W 1 with and without a reply.
#  (d) ICMP errors: -t 1 through the chain: Time Exceeded objects from
#      r1 (type 11 / ICMPv6 3, code 0), counted in errors; also as nobody
#      (an ICMP datagram socket: the error queue's type and code).
#  (e) duplicates: d sends every reply twice (nft dup): dup objects,
#      duplicates = the nft counter.
#  (f) SIGINT mid-run, with replies and without: the summary still comes,
#      valid, its counts those of the lines before it.
#  (g) hostile names from s's hosts file (quotes, backslashes, ESC, BEL,
#      DEL, C1, invalid UTF-8) for d and for r1: the reply's and the
#      error's "name" and the summary's host decode to the bytes as
#      Python's UTF-8 decoder replaces them, in C and C.UTF-8.
#  (h) errors that end the program: unknown host (the lab's hosts file
#      only, no name server answers), bad options before and after -j, no
#      host, a raw socket refused to nobody: one error object with the
#      status, one line on stderr, the same exit status; -j -V.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
PJ_PY=$top_srcdir/tests/lab/ping_json.py
PJ_SCHEMA=$top_srcdir/doc/schema/ping.schema.json
command -v python3 >/dev/null 2>&1 ||
    { echo "SKIP: python3 not found (needed to read the JSON)"; exit 77; }
python3 "$PJ_PY" have ||
    { echo "SKIP: python3-jsonschema not installed (apt-get install python3-jsonschema)"; exit 77; }

# pj_valid WHAT: $PG_OUT is valid JSON Lines of the schema
pj_valid() {
	_pj_r=$(python3 "$PJ_PY" valid "$PJ_SCHEMA" "$PG_OUT" 2>&1)
	if [ $? = 0 ]; then
		lab_ok "$1: valid JSON Lines ($(wc -l <"$PG_OUT") lines)"
		return 0
	fi
	lab_fail "$1: not valid: $_pj_r"
	sed 's/^/	| /' "$PG_OUT" | head -20 | LC_ALL=C cat -v
	return 1
}

# pj_checks: the checks on stdin ("WHAT<tab>EXPR<tab>WANT") over $PG_OUT
pj_checks() {
	_pj_o=$(python3 "$PJ_PY" check "$PG_OUT" 2>&1)
	printf '%s\n' "$_pj_o"
	_pj_n=$(printf '%s\n' "$_pj_o" | grep -c '^FAIL')
	T_FAILS=$((T_FAILS + _pj_n))
	printf '%s\n' "$_pj_o" | grep -q '^ok: ' || [ "$_pj_n" -gt 0 ] ||
	    lab_fail "pj_checks: no check ran: $_pj_o"
}

# pj_spec WHAT EXPR WANT: one line for pj_checks
pj_spec() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3"
}

# pj_one WHAT EXPR WANT: one check
pj_one() {
	pj_spec "$@" | pj_checks
}

# pj_stderr_lines N WHAT
pj_stderr_lines() {
	_pj_l=$(wc -l <"$PG_ERR")
	[ "$_pj_l" = "$1" ] && lab_ok "$2: $1 line(s) on stderr" ||
	    lab_fail "$2: $_pj_l lines on stderr, want $1: $(cat "$PG_ERR")"
}

# the lab's name service: the hosts file, and a name server that is not
# there (lookups of anything else fail at once, never leave the lab)
lab_resolv() {
	mkdir -p "/etc/netns/$(lab_ns s)"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
	    >"/etc/netns/$(lab_ns s)/resolv.conf"
}

lab_init
lab_chain 2
lab_resolv
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)

# (a)
for f in 4 6; do
	d=$(pg_canon "$(lab_dst_addr $f)")
	pg_run s -$f -j -c 3 -i 0.2 "$(lab_dst_addr $f)"
	pg_status 0 "-$f replies"
	pj_valid "-$f replies" || continue
	pj_stderr_lines 0 "-$f replies"
	{
		pj_spec "-$f: three replies, then the summary" \
		    "[len(R), len(L), sorted(s) == sorted(['host', 'address', 'transmitted', 'received', 'duplicates', 'corrupted', 'errors', 'loss', 'time', 'rtt'])]" \
		    "[3, 4, true]"
		pj_spec "-$f: seq 1..3 from d, ttl 62, 64 bytes, no dup" \
		    "[[o['seq'], o['host'], o['ttl'], o['bytes'], o['dup']] for o in R]" \
		    "[[1, \"$d\", 62, 64, false], [2, \"$d\", 62, 64, false], [3, \"$d\", 62, 64, false]]"
		pj_spec "-$f: every time a number" \
		    "all(type(o['time']) is float and o['time'] >= 0 for o in R)" true
		pj_spec "-$f: no name with a numeric host" \
		    "any('name' in o for o in L)" false
		pj_spec "-$f: summary counts" \
		    "[s['host'], s['address'], s['transmitted'], s['received'], s['duplicates'], s['errors'], s['loss']]" \
		    "[\"$(lab_dst_addr $f)\", \"$d\", 3, 3, 0, 0, 0.0]"
		pj_spec "-$f: rtt min <= avg <= max, from the replies" \
		    "[s['rtt']['min'] <= s['rtt']['avg'] <= s['rtt']['max'], s['rtt']['min'] == min(o['time'] for o in R), s['rtt']['max'] == max(o['time'] for o in R)]" \
		    "[true, true, true]"
		pj_spec "-$f: time spans the 2 intervals" \
		    "390 <= s['time'] <= 700" true
	} | pj_checks
done
# -D, -v: their fields; -q: the summary alone
pg_run s -4 -j -D -v -c 2 -i 0.2 "$D4"
pj_valid "-D -v" &&
    pj_one "-D -v: ident and a timestamp of now" \
    "[all(type(o['ident']) is int and abs(o['timestamp'] - $(date +%s)) < 30 for o in R), len(R)]" \
    "[true, 2]"
pg_run s -6 -j -q -c 2 -i 0.2 "$D6"
pg_status 0 "-q"
pj_valid "-q" && pj_one "-q: the summary alone" \
    "[len(L), s['received']]" "[1, 2]"

# (b) 30% loss at d
lab_loss d 30
before=0
for f in 4 6; do
	pg_run s -$f -j -n -q -c 200 -i 0.002 -W 1 "$(lab_dst_addr $f)"
	pg_status 0 "-$f with 30% loss"
	drops=$(lab_counter d loss)
	n=$((drops - before))
	before=$drops
	pj_valid "-$f with 30% loss" || continue
	[ "$n" -gt 20 ] && lab_ok "-$f: $n drops" ||
	    lab_fail "-$f: too few drops ($n)"
	pj_one "-$f: transmitted, lost, loss = nft's count" \
	    "[s['transmitted'], s['transmitted'] - s['received'], s['loss']]" \
	    "[200, $n, $(python3 -c "print(round($n * 100 / 200, 3))")]"
done
lab_teardown

# (c) nothing comes back: d drops every request
lab_chain 2
lab_resolv
lab_loss d 100
for f in 4 6; do
	pg_run s -$f -j -c 2 -i 0.2 -W 1 "$(lab_dst_addr $f)"
	pg_status 1 "-$f no reply"
	pj_valid "-$f no reply" &&
	    pj_one "-$f no reply: only the summary, rtt null, loss 100" \
	    "[len(L), s['transmitted'], s['received'], s['rtt'], s['loss']]" \
	    "[1, 2, 0, null, 100.0]"
	pg_run s -$f -j -c 1 -W 1 "$(lab_dst_addr $f)"
	pg_status 1 "-$f -c 1 -W 1, no reply"
	pj_valid "-$f -c 1 -W 1, no reply" &&
	    pj_one "-$f -c 1 -W 1, no reply: 1 sent, 0 back" \
	    "[len(L), s['transmitted'], s['received'], s['rtt'], s['time']]" \
	    "[1, 1, 0, null, 0]"
done
# (f) SIGINT while nothing answers: the summary still comes
ip netns exec "$(lab_ns s)" "$PING" -4 -j -i 0.2 "$D4" >"$PG_OUT" \
    2>"$PG_ERR" &
pid=$!
sleep 1.1
kill -INT $pid
wait $pid
PG_RC=$?
pg_status 1 "SIGINT, no reply"
pj_valid "SIGINT, no reply" &&
    pj_one "SIGINT, no reply: the summary, 4 to 7 sent, rtt null" \
    "[len(L), 4 <= s['transmitted'] <= 7, s['received'], s['rtt']]" \
    "[1, true, 0, null]"
lab_teardown

lab_chain 2
lab_resolv
# (c) -c 1 -W 1 with a reply
pg_run s -4 -j -c 1 -W 1 "$D4"
pg_status 0 "-c 1 -W 1"
pj_valid "-c 1 -W 1" &&
    pj_one "-c 1 -W 1: one reply, the summary" \
    "[len(R), len(L), s['transmitted'], s['received'], s['rtt']['min'] == R[0]['time']]" \
    "[1, 2, 1, 1, true]"
# (f) SIGINT with replies: the summary counts the lines before it
ip netns exec "$(lab_ns s)" "$PING" -6 -j -i 0.2 "$D6" >"$PG_OUT" \
    2>"$PG_ERR" &
pid=$!
sleep 1.1
kill -INT $pid
wait $pid
PG_RC=$?
pg_status 0 "SIGINT, replies"
pj_valid "SIGINT, replies" &&
    pj_one "SIGINT, replies: the summary last, its counts the lines'" \
    "[len(L) == len(R) + 1, s['received'] == len(R), s['transmitted'] in (len(R), len(R) + 1), len(R) >= 4, s['rtt'] is not None]" \
    "[true, true, true, true, true]"

# (d) -t 1: r1's Time Exceeded, root (raw) and nobody (datagram socket)
for who in root nobody; do
	for f in 4 6; do
		r1=$(pg_canon "$(lab_hop_addr $f 1)")
		[ $f = 4 ] && t=11 || t=3
		if [ $who = root ]; then
			pg_run s -$f -j -t 1 -c 3 -i 0.2 -W 1 "$(lab_dst_addr $f)"
		else
			lab_unpriv_cmd "$PING" -$f -j -t 1 -c 3 -i 0.2 -W 1 \
			    "$(lab_dst_addr $f)" >"$PG_OUT" 2>"$PG_ERR"
			PG_RC=$?
		fi
		w="-$f -t 1 ($who)"
		pg_status 1 "$w"
		pj_valid "$w" || continue
		pj_one "$w: Time Exceeded from r1, type $t code 0, seq 1..3" \
		    "[[o['seq'], o['host'], o['type'], o['code']] for o in E] + [len(R), s['errors'], s['received']]" \
		    "[[1, \"$r1\", $t, 0], [2, \"$r1\", $t, 0], [3, \"$r1\", $t, 0], 0, 3, 0]"
		pj_one "$w: the error's text" "E[0]['error']" \
		    "$([ $f = 4 ] && echo "Time to live exceeded" || echo "Time exceeded: Hop limit")"
	done
done

# (e) duplicates: every reply of d twice
lab_dup d
before=0
for f in 4 6; do
	pg_run s -$f -j -c 5 -i 0.2 "$(lab_dst_addr $f)"
	pg_status 0 "-$f duplicated replies"
	dups=$(lab_counter d dup)
	n=$((dups - before))
	before=$dups
	pj_valid "-$f duplicated replies" &&
	    pj_one "-$f: dup objects, duplicates = nft's dup counter" \
	    "[len([o for o in R if not o['dup']]), len([o for o in R if o['dup']]), s['received'], s['duplicates'], sorted(set(o['seq'] for o in R if o['dup']))]" \
	    "[5, $n, 5, $n, [1, 2, 3, 4, 5]]"
done
lab_teardown

# (g) hostile names: d and r1 in s's hosts file
lab_chain 2
lab_resolv
N1=$(printf 'r1"q\\b\033[2J\007\177')
ND=$(printf 'd\033]0;t\007\376\302\233\\".lab')
lab_hosts s "$N1" "$(lab_hop_addr 4 1)" "$(lab_hop_addr 6 1)"
lab_hosts s "$ND" "$D4" "$D6"
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
dec() { echo "bytes.fromhex('$(hex "$1")').decode('utf-8', 'replace')"; }
if ! lab_exec s getent hosts "$D4" | grep -q "$(printf '\033')"; then
	lab_ok "SKIP (g): the resolver does not return raw names here"
else
	for loc in C C.UTF-8; do
		for f in 4 6; do
			w="LC_ALL=$loc -$f hostile names"
			lab_exec s env LC_ALL=$loc "$PING" -$f -j -c 2 -i 0.2 \
			    "$ND" >"$PG_OUT" 2>"$PG_ERR"
			PG_RC=$?
			pg_status 0 "$w"
			pj_valid "$w" || continue
			pj_one "$w: the replies' name and the summary's host are the bytes" \
			    "[[o['name'] == $(dec "$ND") for o in R], s['host'] == $(dec "$ND"), s['address']]" \
			    "[[true, true], true, \"$(pg_canon "$(lab_dst_addr $f)")\"]"
			lab_exec s env LC_ALL=$loc "$PING" -$f -j -t 1 -c 1 -W 1 \
			    "$ND" >"$PG_OUT" 2>"$PG_ERR"
			PG_RC=$?
			pj_valid "$w, -t 1" &&
			    pj_one "$w, -t 1: r1's name on its error" \
			    "[E[0]['name'] == $(dec "$N1"), E[0]['host']]" \
			    "[true, \"$(pg_canon "$(lab_hop_addr $f 1)")\"]"
		done
	done
	# -n: no names at all
	pg_run s -4 -j -n -c 1 "$ND"
	pj_valid "-n, hostile names" && pj_one "-n: no name" \
	    "[any('name' in o for o in L), s['host'] == $(dec "$ND")]" \
	    "[false, true]"
fi

# (h) errors that end the program
err_case() {	# WHAT STATUS ARGS...
	_w=$1 _st=$2
	shift 2
	pg_run s "$@"
	pg_status "$_st" "$_w"
	pj_valid "$_w" &&
	    pj_one "$_w: one error object, status $_st" \
	    "[len(L), sorted(s), s['exit_status']]" \
	    "[1, [\"error\", \"exit_status\"], $_st]"
	pj_stderr_lines 1 "$_w"
}
err_case "unknown host" 2 -j -c 1 nosuchhost.lab
pj_one "unknown host: named, the line stderr has" \
    "[s['error'].startswith('nosuchhost.lab: '), open('$PG_ERR').read().rstrip('\\n').endswith(': ' + s['error'])]" \
    "[true, true]"
err_case "bad option after -j" 2 -j -Z "$D4"
err_case "bad option before -j" 2 -Z -j "$D4"
err_case "bad number after --json" 2 --json -c 0 "$D4"
err_case "bad -W, bundled -nj" 2 -nj -W abc "$D4"
err_case "no host" 2 -j -n
err_case "hostile bad argument" 2 -j -M "$(printf 'do\033[2J\377"')" "$D4"
err_case "IPv4-only option to IPv6" 2 -j -R "$D6"
# a raw socket refused: nobody asks for a timestamp request
lab_unpriv_cmd "$PING" -j --type=timestamp -c 1 "$D4" >"$PG_OUT" \
    2>"$PG_ERR"
PG_RC=$?
pg_status 2 "raw socket refused"
pj_valid "raw socket refused" &&
    pj_one "raw socket refused: the error object" \
    "[len(L), 'raw socket' in s['error'], s['exit_status']]" \
    "[1, true, 2]"
# -j is not -j's argument: -c's
pg_run s -c -j "$D4"
pg_status 2 "-c -j"
[ -s "$PG_OUT" ] && lab_fail "-c -j: stdout not empty: $(cat "$PG_OUT")" ||
    lab_ok "-c -j: -j is -c's argument, no JSON"
# -j -V
pg_run s -j -V
pg_status 0 "-j -V"
pj_valid "-j -V" && pj_one "-j -V: the version object" \
    "[len(L), sorted(s)]" '[1, ["package", "version"]]'

rm -f "/etc/netns/$(lab_ns s)/resolv.conf"
pg_done

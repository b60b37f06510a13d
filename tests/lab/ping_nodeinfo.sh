#!/bin/sh
# ping_nodeinfo.sh: ping -N (ICMPv6 Node Information queries, RFC 4620)
# against our responder tests/peers/nid in d, one router away (Linux does
# not answer them): -N name prints the name nid was given, -N ipv6 / ipv4
# the addresses it was given (an extra one added to d here), -N
# ipv6-global only the global ones; a refused qtype prints "refused";
# replies with a wrong nonce are not counted (received = the genuine
# replies nid logged); the subject nid logged is the one -N subject-*=
# named (or d's address by default); names with escape bytes are printed
# escaped, compression pointers and truncated labels as parse errors;
# -N help exits 0; bad -N words, -4 -N and an IPv4 target exit 2 with one
# line on stderr; without a responder nothing is received (exit 1).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
d6=$(lab_dst_addr 6)
d4=$(lab_dst_addr 4)
x6=2001:2:0:77::5
lab_exec d ip addr add "$x6/128" dev lo

NID=${NID:-$top_builddir/tests/peers/nid}
if [ ! -x "$NID" ]; then
	NID=$(mktemp)
	${CC:-cc} -O2 -o "$NID" "$top_srcdir/tests/peers/nid.c" ||
	    { echo "SKIP: cannot build nid"; exit 77; }
fi
LOG=$(mktemp)
chmod 666 "$LOG"
NPID=
NREAL=

# nid_start ARGS...: nid in d, logging to $LOG (emptied)
nid_start() {
	: >"$LOG"
	lab_exec d "$NID" -o "$LOG" "$@" &
	NPID=$!
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		# the peer's own pid: killing the netns wrapper leaves it
		NREAL=$(sed -n 's/^nid: ready pid //p' "$LOG" 2>/dev/null)
		[ -n "$NREAL" ] && return
		sleep 0.2
	done
	lab_fail "nid did not start"
}

nid_stop() {
	[ -n "$NREAL" ] && kill "$NREAL" 2>/dev/null
	wait "$NPID" 2>/dev/null
	NPID=
	NREAL=
}
trap 'nid_stop; rm -f "$LOG"' EXIT

# no responder: queries go unanswered
pg_run s -n -c 1 -W 0.5 -N name "$d6"
pg_status 1 "no responder"
pg_eq "$(pg_field 2)" 0 "nothing received"

nid_start -n nid.lab.example -n short -6 "$d6" -6 "$x6" -6 fe80::5 \
    -4 "$d4" -4 198.18.77.5 -r 4
# the name: nid's two names, the one without a dot not fully qualified
pg_run s -n -c 3 -i 0.2 -N name "$d6"
pg_status 0 "-N name"
pg_eq "$(pg_count "^[0-9]+ bytes from $d6: nid\.lab\.example\., short; seq=[123]; ttl=63 time=[0-9.]+ ms\$")" 3 \
    "three replies with nid's names, hop limit 63"
pg_eq "$(pg_field 1)/$(pg_field 2)" 3/3 "3 transmitted, 3 received"
pg_grep '^rtt min/avg/max/mdev = ' "RTT statistics"
pg_eq "$(grep -c "^query 2001:2::1 qtype=2 code=0 flags=0x0 .* subject=$d6\$" "$LOG")" 3 \
    "nid saw 3 name queries about d's address"
pg_eq "$(grep -c "^reply 2001:2::1 seq=[123] code=0" "$LOG")" 3 "nid answered 3"
# each query's nonce differs
pg_eq "$(grep '^query' "$LOG" | sed 's/.*nonce=\([0-9a-f]*\).*/\1/' |
    sort -u | wc -l | tr -d ' ')" 3 "three different nonces"
# --json: the same answers as JSON Lines valid against the schema, the
# names in a nodeinfo field (a validator without jsonschema: not checked)
if command -v python3 >/dev/null 2>&1 &&
    python3 "$top_srcdir/tests/lab/ping_json.py" have; then
	pg_run s -n -c 2 -i 0.2 -j -N name "$d6"
	pg_status 0 "-j -N name"
	r=$(python3 "$top_srcdir/tests/lab/ping_json.py" valid \
	    "$top_srcdir/doc/schema/ping.schema.json" "$PG_OUT" 2>&1) &&
	    lab_ok "-j -N name: valid JSON Lines" ||
	    lab_fail "-j -N name: $r"
	pg_eq "$(grep -c '"nodeinfo": *"nid\.lab\.example\., short"' "$PG_OUT")" 2 \
	    "-j -N name: two replies carry nid's names"
else
	echo "note: python3-jsonschema missing, -j -N not checked"
fi

pg_run s -n -c 1 -N ipv6 "$d6"
pg_status 0 "-N ipv6"
pg_grep "^76 bytes from $d6: $d6, $x6, fe80::5; seq=1; ttl=63 time=" \
    "d's IPv6 addresses as nid was given them"
pg_run s -n -c 1 -N ipv6-global "$d6"
pg_grep "^56 bytes from $d6: $d6, $x6; seq=1; ttl=63 " \
    "-N ipv6-global: only the global ones"
pg_eq "$(grep -c '^query .* qtype=3 code=0 flags=0x20 ' "$LOG")" 1 \
    "the query had flag G"
pg_run s -n -c 1 -N ipv6-linklocal -N ipv6-all "$d6"
pg_grep "^36 bytes from $d6: fe80::5; seq=1; " "-N ipv6-linklocal"
pg_eq "$(grep -c '^query .* qtype=3 code=0 flags=0xa ' "$LOG")" 1 \
    "flags L and A add up"

# qtype 4 is refused by this nid
pg_run s -n -c 2 -i 0.2 -N ipv4 "$d6"
pg_status 0 "-N ipv4 refused"
pg_eq "$(pg_count "^16 bytes from $d6: refused; seq=[12]; ttl=63 time=")" 2 \
    "printed as refused"
nid_stop

nid_start -n nid.lab.example -6 "$d6" -4 "$d4" -4 198.18.77.5
pg_run s -n -c 1 -N ipv4-all "$d6"
pg_grep "^32 bytes from $d6: $d4, 198\.18\.77\.5; seq=1; ttl=63 " \
    "-N ipv4-all: d's IPv4 addresses"
pg_eq "$(grep -c '^query .* qtype=4 code=0 flags=0x2 ' "$LOG")" 1 \
    "ipv4-all: flag A"
# the subject, as nid received it
pg_run s -n -c 1 -N name -N "subject-ipv6=$x6" "$d6"
pg_status 0 "-N subject-ipv6"
pg_eq "$(grep -c "^query 2001:2::1 qtype=2 code=0 .* subject=$x6\$" "$LOG")" 1 \
    "nid got subject $x6"
pg_run s -n -c 1 -N ipv4 -N subject-ipv4=198.18.77.5 "$d6"
pg_eq "$(grep -c '^query .* qtype=4 code=2 .* subject=198\.18\.77\.5$' "$LOG")" 1 \
    "nid got IPv4 subject 198.18.77.5"
pg_run s -n -c 1 -N ipv6 -N subject-name=Nid.Lab.Example "$d6"
pg_eq "$(grep -c '^query .* qtype=3 code=1 .* subject=nid\.lab\.example\.$' "$LOG")" 1 \
    "subject-name with dots: fully qualified, lower case"
pg_run s -n -c 1 -N ipv6 -N subject-name=nid "$d6"
pg_eq "$(grep -c '^query .* qtype=3 code=1 .* subject=nid$' "$LOG")" 1 \
    "subject-name without a dot: not fully qualified"
pg_run s -n -c 1 -N ipv6 -N subject-fqdn=nid "$d6"
pg_eq "$(grep -c '^query .* qtype=3 code=1 .* subject=nid\.$' "$LOG")" 1 \
    "subject-fqdn: fully qualified"
nid_stop

# wrong nonces: two forged copies before each genuine reply
nid_start -n nid.lab.example -H nonce
pg_run s -n -c 3 -i 0.3 -N name "$d6"
pg_status 0 "-N name with forged nonces around"
pg_eq "$(grep -c '^hostile .* nonce' "$LOG")" 6 "nid forged 6 replies"
pg_eq "$(pg_field 2)" "$(grep -c '^reply ' "$LOG")" \
    "received = the genuine replies"
pg_eq "$(pg_field 3)" 0 "no duplicates"
pg_eq "$(pg_count 'bytes from')" 3 "three reply lines"
nid_stop

# hostile names with the right nonce: escaped, or a parse error
nid_start -n nid.lab.example -H escape
pg_run s -n -c 2 -i 0.3 -N name "$d6"
pg_grep "^[0-9]+ bytes from $d6: \\\\x1b\[31mx\\\\x07\\\\x0a\\\\x2ey\\\\x9b\\\\\\\\\.org\.; seq=1; " \
    "escape bytes in a label printed escaped"
if LC_ALL=C grep -q "$(printf '\033')" "$PG_OUT"; then
	lab_fail "an ESC byte reached the terminal"
else
	lab_ok "no ESC byte in the output"
fi
pg_grep "^[0-9]+ bytes from $d6: nid\.lab\.example\.; seq=1; .*\(DUP!\)" \
    "the genuine reply after it is a duplicate"
nid_stop
nid_start -n nid.lab.example -H label -H long
pg_run s -n -c 2 -i 0.3 -N name "$d6"
pg_grep "^[0-9]+ bytes from $d6: parse error \(compression\); seq=1; " \
    "a compression pointer: refused"
pg_grep "^[0-9]+ bytes from $d6: parse error \(truncated\); seq=1; " \
    "a label past the end: truncated"
pg_eq "$(pg_field 2)" 2 "2 received (the first answer to each query)"
pg_grep "^[0-9]+ bytes from $d6: nid\.lab\.example\.; seq=1; .*\(DUP!\)" \
    "the genuine reply: a duplicate"
nid_stop

# the words
pg_run s -N help
pg_status 0 "-N help"
pg_grep '^  subject-fqdn=NAME$' "-N help lists subject-fqdn"
for bad in nam ipv6-bogus subject-ipv6 subject-ipv6=zz subject-name=a..b; do
	pg_run s -N name -N "$bad" "$d6"
	pg_status 2 "-N $bad"
	pg_eq "$(wc -l <"$PG_ERR" | tr -d ' ')" 1 "-N $bad: one stderr line"
done
pg_run s -N name -N ipv4 "$d6"
pg_status 2 "two qtypes"
grep -q 'Qtype conflict' "$PG_ERR" && lab_ok "Qtype conflict" ||
    lab_fail "no Qtype conflict: $(cat "$PG_ERR")"
pg_run s -4 -N name "$d4"
pg_status 2 "-4 -N"
grep -q 'NodeInfo client is for IPv6 only' "$PG_ERR" &&
    lab_ok "-4 -N: IPv6 only" || lab_fail "-4 -N said: $(cat "$PG_ERR")"
pg_run s -N name "$d4"
pg_status 2 "-N to an IPv4 address"
pg_eq "$(wc -l <"$PG_ERR" | tr -d ' ')" 1 "IPv4 target: one stderr line"
pg_done

#!/bin/sh
# tr_exit.sh: exit statuses. 0 when the destination answered; 1 when the
# trace ended without it (-m below the destination); 2 with exactly one
# line on stderr and nothing on stdout for a bad option, a bad number, an
# unknown host and an unknown interface.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
OUT=$(mktemp)
ERR=$(mktemp)
NSDIR=/etc/netns/$(lab_ns s)
# no name server in the lab: lookups fail at once, nothing leaves it
lab_hosts s trlocal 198.18.0.1
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"

lab_exec s "$TRACEROUTE" -n "$(lab_dst_addr 4)" >"$OUT" 2>"$ERR"
tr_expect_status $? 0 "destination reached"
lab_exec s "$TRACEROUTE" -n -m 2 "$(lab_dst_addr 4)" >"$OUT" 2>"$ERR"
tr_expect_status $? 1 "-m 2: destination not reached"
[ "$(tr_nlines "$OUT")" = 2 ] || tr_fail "-m 2: $(tr_nlines "$OUT") lines"
tr_expect_hop "$OUT" 2 "$(lab_hop_addr 4 2)"

bad() {	# what args...: exit 2, one line on stderr naming it, no stdout
	_w=$1; shift
	lab_exec s "$TRACEROUTE" "$@" >"$OUT" 2>"$ERR"
	tr_expect_status $? 2 "$_w"
	[ -s "$OUT" ] && tr_fail "$_w: wrote to stdout: $(head -1 "$OUT")"
	[ "$(wc -l <"$ERR")" = 1 ] ||
	    tr_fail "$_w: $(wc -l <"$ERR") lines on stderr: $(cat "$ERR")"
}
bad "unknown option" -Z "$(lab_dst_addr 4)"
grep -q -- "-Z" "$ERR" || tr_fail "no -Z in: $(cat "$ERR")"
bad "bad -q" -q abc "$(lab_dst_addr 4)"
grep -q "abc" "$ERR" || tr_fail "no abc in: $(cat "$ERR")"
bad "-m too big" -m 300 "$(lab_dst_addr 4)"
bad "no host" -n
bad "unknown host" nosuchhost.invalid
grep -q "nosuchhost.invalid" "$ERR" || tr_fail "host not named: $(cat "$ERR")"
bad "unknown interface" -i trnosuchdev "$(lab_dst_addr 4)"
grep -q "trnosuchdev" "$ERR" || tr_fail "device not named: $(cat "$ERR")"
bad "-4 with an IPv6 address" -4 "$(lab_dst_addr 6)"
rm -f "$OUT" "$ERR" "$NSDIR/resolv.conf"
tr_done

#!/bin/sh
# tr_exit.sh (issue 10.10): exit statuses, side by side with traceroute
# 2.1.2 on the same lab (chain of 3). By default as 2.1.2: 0 whenever the
# trace ran (reached or not), 1 for a failing system call (unknown
# interface), 2 for a bad option, a bad number or an unknown host. With
# --exit-status: 0 reached, 1 not reached, 2 any error. Every error is one
# line on stderr and nothing on stdout.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
OUT=$(mktemp)
ERR=$(mktemp)
NSDIR=/etc/netns/$(lab_ns s)
REF=/usr/sbin/traceroute
# no name server in the lab: lookups fail at once, nothing leaves it
lab_hosts s trlocal 198.18.0.1
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
    >"$NSDIR/resolv.conf"
D=$(lab_dst_addr 4)

# case WHAT DEFAULT EXITSTATUS ERRLINE ARGS...: our status both ways (and
# 2.1.2's, which must equal DEFAULT); ERRLINE 1: one line on stderr and
# nothing on stdout, 0: a trace on stdout
case_() {
	_w=$1 _d=$2 _e=$3 _l=$4
	shift 4
	lab_exec s "$TRACEROUTE" "$@" >"$OUT" 2>"$ERR"
	tr_expect_status $? "$_d" "$_w"
	if [ "$_l" = 1 ]; then
		[ ! -s "$OUT" ] && [ "$(wc -l <"$ERR")" = 1 ] ||
		    tr_fail "$_w: stdout '$(head -1 "$OUT")', stderr $(wc -l <"$ERR") lines: $(cat "$ERR")"
	fi
	lab_exec s "$TRACEROUTE" --exit-status "$@" >"$OUT" 2>"$ERR"
	tr_expect_status $? "$_e" "$_w, --exit-status"
	if [ -x "$REF" ]; then
		lab_exec s "$REF" "$@" >/dev/null 2>&1
		tr_expect_status $? "$_d" "$_w: traceroute 2.1.2"
	fi
}
case_ "destination reached" 0 0 0 -n "$D"
case_ "-m 2: not reached" 0 1 0 -n -m 2 "$D"
[ "$(tr_nlines "$OUT")" = 2 ] || tr_fail "-m 2: $(tr_nlines "$OUT") lines"
tr_expect_hop "$OUT" 2 "$(lab_hop_addr 4 2)"
case_ "unknown option" 2 2 1 -Z "$D"
grep -q -- "-Z" "$ERR" || tr_fail "no -Z in: $(cat "$ERR")"
case_ "bad -q" 2 2 1 -q abc "$D"
grep -q "abc" "$ERR" || tr_fail "no abc in: $(cat "$ERR")"
case_ "-m too big" 2 2 1 -m 300 "$D"
case_ "no host" 2 2 1 -n
case_ "unknown host" 2 2 1 nosuchhost.invalid
grep -q "nosuchhost.invalid" "$ERR" || tr_fail "host not named: $(cat "$ERR")"
case_ "unknown interface" 1 2 1 -i trnosuchdev "$D"
grep -q "trnosuchdev" "$ERR" || tr_fail "device not named: $(cat "$ERR")"
lab_exec s "$TRACEROUTE" -4 "$(lab_dst_addr 6)" >"$OUT" 2>"$ERR"
tr_expect_status $? 2 "-4 with an IPv6 address"
rm -f "$OUT" "$ERR" "$NSDIR/resolv.conf"
tr_done

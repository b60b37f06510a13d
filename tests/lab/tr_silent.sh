#!/bin/sh
# tr_silent.sh: a router that never sends Time Exceeded shows "* * *" and
# the hops after it still appear (v4 and v6, counted by nft); a destination
# that drops everything gives 30 hop lines, each '*' after the full wait,
# in well under 2.1.2's time (the silent tail does not cost a full wait
# per batch) and exit 1 with --exit-status; --gap-limit stops early.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 4
lab_silent 2
OUT=$(mktemp)
for fam in 4 6; do
	for m in "" -I; do
		lab_exec s "$TRACEROUTE" -n -$fam $m "$(lab_dst_addr $fam)" \
		    >"$OUT" 2>&1
		tr_expect_status $? 0 "-$fam $m silent r2"
		tr_expect_line "$OUT" 2 '^ 2  \* \* \*$'
		for k in 1 3 4 5; do
			tr_expect_hop "$OUT" $k "$(lab_hop_addr $fam $k)"
		done
	done
done
# lib.sh counts what lab_silent drops; its counter name is lib.sh's
c=$(lab_counter r2 silent 2>/dev/null)
if [ -z "$c" ]; then
	echo "note: no counter 'silent' in r2, drop count not checked"
elif [ "$c" -gt 0 ]; then
	tr_ok "r2 dropped $c Time Exceeded"
else
	tr_fail "r2's silent counter is $c"
fi

lab_nft d 'add table inet trdrop
add chain inet trdrop in { type filter hook input priority 0; }
add rule inet trdrop in drop'
t0=$(date +%s)
lab_exec s "$TRACEROUTE" -n --exit-status "$(lab_dst_addr 4)" >"$OUT" 2>&1
st=$?
t1=$(date +%s)
tr_expect_status $st 1 "destination drops everything (--exit-status)"
[ "$(tr_nlines "$OUT")" = 30 ] && tr_ok "30 hop lines" ||
    tr_fail "$(tr_nlines "$OUT") hop lines, want 30"
for k in 5 6 17 30; do
	tr_expect_line "$OUT" $k "^ ?$k  \\* \\* \\*\$"
done
tr_expect_hop "$OUT" 4 "$(lab_hop_addr 4 4)"
# every '*' waited the full MAX (5 s: no evidence beyond hop 4), but the
# probes were sent while the earlier ones waited: about 5 + 5 s, where
# 2.1.2 takes 5 s per window of 16 (25 s)
el=$((t1 - t0))
[ $el -ge 5 ] && [ $el -le 13 ] && tr_ok "silent tail took $el s (5..13)" ||
    tr_fail "silent tail took $el s (want 5..13)"

lab_exec s "$TRACEROUTE" -n --gap-limit=3 "$(lab_dst_addr 4)" >"$OUT" 2>&1
tr_expect_status $? 0 "--gap-limit=3 (not reached: 0, as 2.1.2)"
# hop 2 (silent) resets nothing: 5, 6, 7 are the three silent ones
[ "$(tr_nlines "$OUT")" = 7 ] && tr_ok "gap limit: 7 hop lines" ||
    tr_fail "gap limit: $(tr_nlines "$OUT") hop lines, want 7"
rm -f "$OUT"
tr_done

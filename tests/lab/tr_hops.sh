#!/bin/sh
# tr_hops.sh: on a chain of 3 routers, hop k of every method (udp, -I, -T,
# -U) and family shows router k's address, the last hop the destination,
# and the exit status is 0.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
OUT=$(mktemp)
for fam in 4 6; do
	for m in "" -I -T -U; do
		lab_exec s "$TRACEROUTE" -n -$fam $m -w 2 "$(lab_dst_addr $fam)" \
		    >"$OUT" 2>&1
		tr_expect_status $? 0 "-$fam $m"
		head -1 "$OUT" | grep -q "^traceroute to $(lab_dst_addr $fam) " ||
		    tr_fail "-$fam $m header: $(head -1 "$OUT")"
		for k in 1 2 3 4; do
			tr_expect_hop "$OUT" $k "$(lab_hop_addr $fam $k)"
		done
		[ "$(tr_nlines "$OUT")" = 4 ] ||
		    tr_fail "-$fam $m: $(tr_nlines "$OUT") hop lines, want 4"
		# every probe answered: three times per line
		for k in 1 2 3 4; do
			tr_expect_line "$OUT" $k '( [0-9]+\.[0-9]{3} ms.*){3}'
		done
	done
done
rm -f "$OUT"
tr_done

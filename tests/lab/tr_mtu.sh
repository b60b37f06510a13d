#!/bin/sh
# tr_mtu.sh: link 2 (r2 - r3) has MTU 1400, link 3 (r3 - r4) 1300.
# --mtu shows F=1400 on hop 3 and F=1300 on hop 4 (where the path MTU
# changes: the probe of TTL 3 is the first to cross link 2), nowhere else
# but hop 1 (the source's own link, 1500); -F with 1450-byte packets gets
# !F-1400 from r2 at hop 3 and stops there (--exit-status: 1). IPv4 and
# IPv6.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 4
lab_mtu 2 1400
lab_mtu 3 1300
OUT=$(mktemp)
for fam in 4 6; do
	lab_exec s "$TRACEROUTE" -n -$fam --mtu "$(lab_dst_addr $fam)" \
	    >"$OUT" 2>&1
	tr_expect_status $? 0 "--mtu -$fam"
	tr_expect_line "$OUT" 3 ' ms F=1400( |$)'
	tr_expect_line "$OUT" 4 ' ms F=1300( |$)'
	for k in 2 5; do
		awk -v k=$k 'NR > 1 && $1 == k' "$OUT" | grep -q 'F=' &&
		    tr_fail "-$fam: F= on hop $k"
	done
	for k in 1 2 3 4 5; do
		tr_expect_hop "$OUT" $k "$(lab_hop_addr $fam $k)"
	done
	lab_exec s "$TRACEROUTE" --exit-status -n -$fam -F \
	    "$(lab_dst_addr $fam)" 1450 >"$OUT" 2>&1
	tr_expect_status $? 1 "-F 1450 -$fam --exit-status"
	tr_expect_hop "$OUT" 3 "$(lab_hop_addr $fam 2)"
	tr_expect_line "$OUT" 3 '( +[0-9.]+ ms !F-1400){3}$'
	[ "$(tr_nlines "$OUT")" = 3 ] || tr_fail "-F: trace went past hop 3"
done
rm -f "$OUT"
tr_done

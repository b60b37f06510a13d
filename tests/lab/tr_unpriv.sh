#!/bin/sh
# tr_unpriv.sh: as user nobody (no capabilities), the default UDP method
# (UDP socket + IP_RECVERR) and -I (ICMP datagram socket) trace the chain
# correctly in both families; -T fails with exit 2 and says it needs
# cap_net_raw.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
OUT=$(mktemp)
chmod 666 "$OUT"
for fam in 4 6; do
	for m in "" -I -U; do
		lab_unpriv_cmd "$TRACEROUTE" -n -$fam $m "$(lab_dst_addr $fam)" \
		    >"$OUT" 2>&1
		tr_expect_status $? 0 "nobody -$fam $m"
		for k in 1 2 3 4; do
			tr_expect_hop "$OUT" $k "$(lab_hop_addr $fam $k)"
		done
	done
done
lab_unpriv_cmd "$TRACEROUTE" -n -T "$(lab_dst_addr 4)" >"$OUT" 2>&1
tr_expect_status $? 1 "nobody -T (2.1.2's status for a socket error)"
grep -q "cap_net_raw" "$OUT" || tr_fail "-T as nobody: $(cat "$OUT")"
[ "$(wc -l <"$OUT")" = 1 ] || tr_fail "-T as nobody: not one line"
rm -f "$OUT"
tr_done

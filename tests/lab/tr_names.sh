#!/bin/sh
# tr_names.sh: without -n, names come from the source namespace's
# /etc/netns/<ns>/hosts (router 2 and the destination, v4 and v6),
# addresses without a name print as "addr (addr)"; -n prints none; a
# destination given by name is resolved from the same file. With a name
# server that never answers (the destination, dropping port 53, 1 s
# timeout), the lookups of all hops run in parallel: the trace takes
# about one timeout, not one per address.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
lab_hosts s trhop2 "$(lab_hop_addr 4 2)" "$(lab_hop_addr 6 2)"
lab_hosts s trdest "$(lab_dst_addr 4)"
OUT=$(mktemp)
lab_exec s "$TRACEROUTE" trdest >"$OUT" 2>&1
tr_expect_status $? 0 "trace to a name"
head -1 "$OUT" | grep -q "^traceroute to trdest ($(lab_dst_addr 4)), 30 hops max, 60 byte packets\$" ||
    tr_fail "header: $(head -1 "$OUT")"
a1=$(lab_hop_addr 4 1)
tr_expect_line "$OUT" 2 "^ 2  trhop2 \\($(lab_hop_addr 4 2)\\)  "
tr_expect_line "$OUT" 1 "^ 1  $a1 \\($a1\\)  "
tr_expect_line "$OUT" 4 "^ 4  trdest \\($(lab_dst_addr 4)\\)  "
a6=$(tr_canon "$(lab_hop_addr 6 2)")
lab_exec s "$TRACEROUTE" -6 "$(lab_dst_addr 6)" >"$OUT" 2>&1
tr_expect_status $? 0 "-6 with names"
tr_expect_line "$OUT" 2 "^ 2  trhop2 \\($a6\\)  "
lab_exec s "$TRACEROUTE" -n trdest >"$OUT" 2>&1
awk 'NR > 1' "$OUT" | grep -q trhop2 && tr_fail "-n printed a name"
tr_expect_hop "$OUT" 2 "$(lab_hop_addr 4 2)"

NSDIR=/etc/netns/$(lab_ns s)
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$(lab_dst_addr 4)" \
    >"$NSDIR/resolv.conf"
lab_nft d 'add table inet trdns
add chain inet trdns in { type filter hook input priority 0; }
add counter inet trdns dns
add rule inet trdns in udp dport 53 counter name dns drop
add rule inet trdns in tcp dport 53 counter name dns drop'
t0=$(date +%s%N)
lab_exec s "$TRACEROUTE" "$(lab_dst_addr 4)" >"$OUT" 2>&1
st=$?
t1=$(date +%s%N)
rm -f "$NSDIR/resolv.conf"
tr_expect_status $st 0 "trace with a silent name server"
tr_expect_line "$OUT" 2 "^ 2  trhop2 \\($(lab_hop_addr 4 2)\\)  "
tr_expect_line "$OUT" 3 "^ 3  $(lab_hop_addr 4 3) \\($(lab_hop_addr 4 3)\\)  "
c=$(lab_exec d nft list counter inet trdns dns | sed -n 's/.*packets \([0-9]*\).*/\1/p')
[ "${c:-0}" -ge 2 ] && tr_ok "name server asked $c times" ||
    tr_fail "name server asked '${c}' times"
ms=$(( (t1 - t0) / 1000000 ))
# 2 unnamed addresses (r1, r3): 2 s if looked up one after the other
[ $ms -lt 1800 ] && tr_ok "lookups in parallel: $ms ms" ||
    tr_fail "lookups took $ms ms (serial?)"
rm -f "$OUT"
tr_done

#!/bin/sh
# tr_names.sh: without -n, names come from the source namespace's
# /etc/netns/<ns>/hosts (router 2 and the destination, v4 and v6),
# addresses without a name print as "addr (addr)"; -n prints none; a
# destination given by name is resolved from the same file.
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
rm -f "$OUT"
tr_done

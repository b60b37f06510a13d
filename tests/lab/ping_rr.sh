#!/bin/sh
# ping_rr.sh: -R records the chain: out through s, r1, r2, r3 (their
# left-side addresses 198.18.K.1), d, and back (right-side 198.18.K.2),
# exactly as the kernels fill the option; a second reply with the same
# route says "(same route)". -T tsonly fills its 9 slots and counts the
# tenth node (s on the way back) as unrecorded.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 3
d=$(lab_dst_addr 4)
pg_run s -n -c 2 -i 0.2 -R "$d"
pg_status 0 "-R"
pg_grep "^PING $d \($d\) 56\(124\) bytes of data\.\$" "-R header"
got=$(awk '/^RR:/ { on = 1; sub(/^RR: */, "") }
    on && NF == 0 { exit }
    on { gsub(/[ \t]/, ""); printf "%s ", $0 }' "$PG_OUT")
want="198.18.0.1 198.18.1.1 198.18.2.1 198.18.3.1 198.18.3.2 198.18.3.2 198.18.2.2 198.18.1.2 198.18.0.2 "
pg_eq "$got" "$want" "record route lists the chain"
pg_grep "icmp_seq=2 ttl=61 time=[0-9.]+ ms	\(same route\)\$" \
    "second reply: same route"

pg_run s -n -c 1 -T tsonly "$d"
pg_status 0 "-T tsonly"
pg_eq "$(awk '/^TS:/ { on = 1 } on && NF == 0 { exit }
    on && /^(TS: )?[ \t]+[0-9]/ { n++ } END { print n + 0 }' "$PG_OUT")" 9 \
    "nine timestamps"
pg_grep "^Unrecorded hops: 1\$" "the tenth node overflows"
pg_run s -n -c 1 -T tsandaddr "$d"
pg_status 0 "-T tsandaddr"
pg_grep "^TS: 	198.18.0.1	[0-9]+ absolute\$" "tsandaddr starts at s"
pg_done

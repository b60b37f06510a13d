#!/bin/sh
# ping_echo.sh: echo across a chain of 3 routers, both families: every
# reply comes from d with the TTL d sent (64) minus the 3 routers, the
# statistics count them, the exit status is 0; a sequence wrap past 65535
# in a flood yields neither a loss nor a false duplicate.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 3
for f in 4 6; do
	d=$(lab_dst_addr $f)
	pg_run s -n -c 3 -i 0.2 "$d"
	pg_status 0 "-$f echo"
	pg_eq "$(pg_count "^64 bytes from $d: icmp_seq=[123] ttl=61 time=[0-9.]+ ms\$")" 3 \
	    "-$f three replies from d, ttl 64 - 3 hops"
	pg_eq "$(pg_field 1)/$(pg_field 2)" 3/3 "-$f transmitted/received"
	pg_grep '^rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$' \
	    "-$f rtt line"
	# hop count from the TTL: one short of d is r3's Time Exceeded
	pg_run s -n -c 1 -t 3 "$d"
	pg_status 1 "-$f -t 3"
	pg_grep "^From $(lab_hop_addr $f 3) icmp_seq=1 Time" "-$f -t 3 stops at r3"
	pg_run s -n -c 1 -t 4 "$d"
	pg_status 0 "-$f -t 4 reaches d"
done
# 70000 requests: the sequence wraps once
pg_run s -n -q -f -c 70000 "$(lab_dst_addr 4)"
pg_status 0 "flood past the sequence wrap"
pg_eq "$(pg_field 2)/$(pg_field 3)" 70000/0 "wrap: received/duplicates"
pg_done

#!/bin/sh
# tr_gateway.sh: -g (IPv4 loose source route) in the ECMP diamond, every
# node accepting source routes: through r2a the second hop is always r2a,
# through r2b always r2b, whatever r1's hash would choose; the trace still
# reaches the destination (hops r1, gateway, r3, d).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_diamond
OUT=$(mktemp)
for n in s r1 r2a r2b r3 d; do
	lab_exec $n sh -c 'for f in /proc/sys/net/ipv4/conf/*/accept_source_route;
	    do echo 1 >"$f"; done'
done

addrs_of() {
	lab_exec "$1" ip -4 -o addr show | awk '$2 != "lo" { sub(/\/.*/, "", $4); print $4 }'
}
# the gateway address: the one of the node's addresses r1 reaches directly
gw_of() {
	for a in $(addrs_of "$1"); do
		lab_exec r1 ip -4 route get "$a" | grep -q " via " || { echo "$a"; return; }
	done
}
for g in r2a r2b; do
	GW=$(gw_of $g)
	[ -n "$GW" ] || { tr_fail "no address of $g next to r1"; continue; }
	i=0
	while [ $i -lt 5 ]; do
		for m in "" -I; do
			lab_exec s "$TRACEROUTE" -n $m --sport=$((41000 + i)) -g "$GW" \
			    "$(lab_dst_addr 4)" >"$OUT" 2>&1
			tr_expect_status $? 0 "-g $GW ($g) $m run $i"
			for x in $(tr_hop_addrs "$OUT" 2); do
				addrs_of $g | grep -qx "$x" ||
				    tr_fail "-g $g: hop 2 is $x: $(sed -n 3p "$OUT")"
			done
			tr_expect_hop "$OUT" 4 "$(lab_dst_addr 4)"
		done
		i=$((i + 1))
	done
done
rm -f "$OUT"
tr_done

#!/bin/sh
# ping_route.sh: IPv4 loose source routes in the ECMP diamond (every node
# accepting source routes): -g through r2a puts every request through r2a
# and none through r2b (nft counters on both), and the other way round;
# iputils' form "ping GATEWAY HOST" does the same; a strict route (-G)
# naming r1, r2b, r3 goes through r2b; the header shows the 40 bytes of
# option room.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_diamond
d=$(lab_dst_addr 4)
for n in s r1 r2a r2b r3 d; do
	lab_exec $n sh -c 'for f in /proc/sys/net/ipv4/conf/*/accept_source_route;
	    do echo 1 >"$f"; done'
done
for n in r2a r2b; do
	lab_nft $n "add table inet pgsrr
add counter inet pgsrr via
add chain inet pgsrr pre { type filter hook prerouting priority 0; }
add rule inet pgsrr pre ip saddr 198.18.0.1 icmp type echo-request counter name via"
done
# the gateway address: the one of the node's addresses r1 reaches directly
gw_of() {
	for a in $(lab_exec "$1" ip -4 -o addr show | awk '$2 != "lo" {
	    sub(/\/.*/, "", $4); print $4 }'); do
		lab_exec r1 ip -4 route get "$a" | grep -q " via " ||
		    { echo "$a"; return; }
	done
}
via() {
	lab_counter "$1" via
}
a0=0 b0=0
for g in r2a r2b r2a-operand; do
	n=${g%-operand}
	gw=$(gw_of $n)
	if [ "$g" = "$n" ]; then
		pg_run s -n -c 4 -i 0.2 -g "$gw" "$d"
	else
		pg_run s -n -c 4 -i 0.2 "$gw" "$d"
	fi
	pg_status 0 "source route via $g ($gw)"
	pg_grep "^PING $d \($d\) 56\(124\) bytes of data\.\$" "$g: header"
	pg_eq "$(pg_count "^64 bytes from $d: icmp_seq=[1-4] ")" 4 "$g: replies"
	a=$(via r2a) b=$(via r2b)
	if [ $n = r2a ]; then
		pg_eq "$((a - a0))/$((b - b0))" 4/0 "$g: requests through r2a/r2b"
	else
		pg_eq "$((a - a0))/$((b - b0))" 0/4 "$g: requests through r2a/r2b"
	fi
	a0=$a b0=$b
done
# strict: every hop named, each next to the previous one
pg_run s -n -c 4 -i 0.2 -G 198.18.0.2 -G 198.18.2.2 -G 198.18.4.2 "$d"
pg_status 0 "strict source route r1, r2b, r3"
a=$(via r2a) b=$(via r2b)
pg_eq "$((a - a0))/$((b - b0))" 0/4 "strict: requests through r2a/r2b"
pg_done

#!/bin/sh
# ping_errors.sh: each error kind from the lab, printed iputils-style from
# the router that sent it and counted as +N errors (exit 1): prohibit,
# unreachable and net-unreachable routes at r2, a small MTU link with
# -M do (then local errors), and a blackhole (silence: 100% loss).
# IPv4 route errors are rate limited per peer by the kernel (a new peer
# starts with no tokens, earns one a second): a first request creates the
# peer, a pause fills the bucket.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 3
r2_4=$(lab_hop_addr 4 2)
r2_6=$(lab_hop_addr 6 2)

kind() {	# route-kind text4 text6
	lab_route_err 2 "$1"
	lab_exec s "$PING" -n -c 1 -W 0.2 "$(lab_dst_addr 4)" >/dev/null 2>&1
	sleep 3
	for f in 4 6; do
		if [ $f = 4 ]; then a=$r2_4 t=$2; else a=$r2_6 t=$3; fi
		pg_run s -n -c 3 -i 0.2 -W 1 "$(lab_dst_addr $f)"
		pg_status 1 "$1 -$f"
		pg_eq "$(pg_count "^From $a icmp_seq=[123] $t\$")" 3 \
		    "$1 -$f: three '$t' from r2"
		pg_eq "$(pg_field 2)/$(pg_field 4)" 0/3 "$1 -$f received/errors"
	done
}

kind prohibit "Packet filtered" \
    "Destination unreachable: Administratively prohibited"
lab_teardown
lab_chain 3
kind unreachable "Destination Host Unreachable" \
    "Destination unreachable: No route"
lab_teardown
lab_chain 3
kind netunreach "Destination Net Unreachable" \
    "Destination unreachable: No route"
lab_teardown

lab_chain 3
lab_mtu 2 1280
for f in 4 6; do
	pg_run s -n -c 3 -i 0.2 -M do -s 1400 "$(lab_dst_addr $f)"
	pg_status 1 "-M do over a 1280 link -$f"
	if [ $f = 4 ]; then
		t="Frag needed and DF set \(mtu = 1280\)"
		a=$r2_4
	else
		t="Packet too big: mtu=1280"
		a=$r2_6
	fi
	pg_grep "^From $a icmp_seq=1 $t\$" "-$f first request: r2 says the MTU"
	grep -q "local error: message too long, mtu=1280" "$PG_ERR" &&
	    lab_ok "-$f then local errors" ||
	    lab_fail "-$f no local error: $(cat "$PG_ERR")"
	pg_eq "$(pg_field 4)" 3 "-$f errors"
	pg_run s -n -c 2 -i 0.2 -M do -s 1200 "$(lab_dst_addr $f)"
	pg_status 0 "-$f -s 1200 fits the link"
done

lab_route_err 2 blackhole
for f in 4 6; do
	pg_run s -n -c 2 -i 0.2 -W 0.5 "$(lab_dst_addr $f)"
	pg_status 1 "blackhole -$f"
	pg_grep "^2 packets transmitted, 0 received, 100% packet loss" \
	    "blackhole -$f: silence"
done
pg_done

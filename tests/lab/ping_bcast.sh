#!/bin/sh
# ping_bcast.sh: on a LAN of s and 3 hosts, -b to the broadcast address
# gets a reply from every host for every request (the extras are
# duplicates, shown as DUP! only with -v, as iputils); without -b ping
# refuses the broadcast address (exit 2, iputils' message).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_lan 3
b=$(lab_lan_bcast)
pg_run s -n -b -c 2 -i 0.5 -W 1 "$b"
pg_status 0 "-b broadcast"
grep -q "WARNING: pinging broadcast address" "$PG_ERR" &&
    lab_ok "broadcast warning" || lab_fail "no broadcast warning"
for k in 1 2 3; do
	a=$(lab_lan_addr $k)
	pg_eq "$(pg_count "^64 bytes from $a: icmp_seq=[12] ttl=64 time=[0-9.]+ ms\$")" 2 \
	    "host $k ($a) answered both requests"
done
dups=$(pg_field 3)
[ "$dups" -ge 4 ] && lab_ok "extra replies are duplicates ($dups)" ||
    lab_fail "duplicates: $dups"
pg_eq "$(pg_count 'DUP!')" 0 "no DUP! without -v"
pg_run s -n -b -v -c 1 -W 1 "$b"
[ "$(pg_count 'DUP!')" -ge 2 ] && lab_ok "DUP! with -v" ||
    lab_fail "-v: $(pg_count 'DUP!') DUP! lines"

pg_run s -n -c 1 "$b"
pg_status 2 "broadcast without -b"
pg_eq "$(cat "$PG_ERR")" "$PING: Do you want to ping broadcast? Then -b. If not, check your local firewall rules" \
    "iputils' refusal"
pg_eq "$(wc -c <"$PG_OUT")" 0 "nothing on stdout"
pg_done

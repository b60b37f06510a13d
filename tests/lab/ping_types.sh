#!/bin/sh
# ping_types.sh: ICMP Timestamp requests (--type=timestamp) answered by d
# (Linux answers them), printed with the three times, the receive time
# within a second of our clock; Address Mask requests (--type=address)
# answered by our responder tests/peers/maskd in d with the mask it was
# given, and not answered without it (exit 1); IPv6 refuses both (exit 2).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 2
d=$(lab_dst_addr 4)

pg_run s -n -c 2 -i 0.2 --type=timestamp "$d"
pg_status 0 "timestamp request"
pg_eq "$(pg_count "^20 bytes from $d: icmp_seq=[12] ttl=62 time=[0-9.]+ ms\$")" 2 \
    "two timestamp replies from d"
pg_eq "$(pg_count '^icmp_[ort]time = [0-9]+ \([0-9:.]+ UT\)$')" 6 \
    "originate, receive, transmit times"
now=$(($(date +%s) % 86400 * 1000))
rt=$(awk '/^icmp_rtime/ { print $3; exit }' "$PG_OUT")
diff=$((rt - now))
[ "${diff#-}" -lt 2000 ] && lab_ok "receive time is d's clock (${diff} ms)" ||
    lab_fail "receive time $rt, now $now"

MASKD=${MASKD:-$top_builddir/tests/peers/maskd}
if [ ! -x "$MASKD" ]; then
	MASKD=$(mktemp)
	${CC:-cc} -O2 -o "$MASKD" "$top_srcdir/tests/peers/maskd.c" ||
	    { echo "SKIP: cannot build maskd"; exit 77; }
fi
pg_run s -n -c 1 -W 0.5 --type=address "$d"
pg_status 1 "mask request without a responder"
LOG=$(mktemp)
lab_exec d "$MASKD" -m 255.255.240.0 -o "$LOG" &
MPID=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ready "$LOG" 2>/dev/null && break
	sleep 0.2
done
pg_run s -n -c 3 -i 0.2 --address "$d"
kill $MPID 2>/dev/null
wait $MPID 2>/dev/null
pg_status 0 "mask request answered by maskd"
pg_eq "$(pg_count "^12 bytes from $d: icmp_seq=[123] ttl=62 time=[0-9.]+ ms\$")" 3 \
    "three mask replies"
pg_eq "$(pg_count '^icmp_mask = 255.255.240.0$')" 3 "the mask maskd gave"
pg_eq "$(grep -c '^reply 198.18.0.1 ' "$LOG")" 3 "maskd answered 3"
rm -f "$LOG"

pg_run s -n -c 1 -6 --type=timestamp "$(lab_dst_addr 6)"
pg_status 2 "IPv6 timestamp request"
pg_done

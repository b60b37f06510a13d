#!/bin/sh
# ping_damage.sh: d's replies are damaged on the way out: nft swaps the
# data words 0x1415 and 0x1617 (bytes #20-23 of iputils' fill), which
# leaves the ICMP checksum valid, so only ping's payload check can see
# it: every reply says "wrong data byte #20 should be 0x14 but was 0x16"
# and still counts as received with its RTT (the stamp is intact).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
d=$(lab_dst_addr 4)
lab_nft d 'add table ip mangle
add chain ip mangle out { type filter hook output priority 0; }
add counter ip mangle swapped
add rule ip mangle out icmp type echo-reply counter name swapped @th,224,16 set 0x1617 @th,240,16 set 0x1415'
pg_run s -n -c 3 -i 0.2 "$d"
pg_status 0 "damaged replies still arrive"
pg_eq "$(pg_count '^wrong data byte #20 should be 0x14 but was 0x16$')" 3 \
    "three damage reports"
pg_eq "$(pg_count "^64 bytes from $d: icmp_seq=[123] ttl=63 time=[0-9.]+ ms\$")" 3 \
    "replies keep their RTT"
pg_eq "$(lab_counter d swapped)" 3 "nft damaged 3"
pg_grep '^#16	10 11 12 13 16 17 14 15 18 ' "iputils-style dump"
pg_done

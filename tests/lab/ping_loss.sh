#!/bin/sh
# ping_loss.sh: d drops 30% of the echo requests at random (nft numgen);
# the requests ping reports lost equal the nft drop counter, per family;
# duplicates: d sends every reply twice (netdev egress dup), each one is
# marked DUP! and counted as +N duplicates, equal to the nft counter.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
lab_loss d 30
before=0
for f in 4 6; do
	pg_run s -n -q -c 300 -i 0.002 -W 1 "$(lab_dst_addr $f)"
	pg_status 0 "-$f with 30% loss"
	sent=$(pg_field 1)
	got=$(pg_field 2)
	drops=$(lab_counter d loss)
	pg_eq "$((sent - got))" "$((drops - before))" \
	    "-$f lost requests = nft drops"
	[ "$((drops - before))" -gt 30 ] && lab_ok "-$f some drops" ||
	    lab_fail "-$f too few drops: $((drops - before))"
	before=$drops
done
lab_teardown

lab_chain 1
lab_dup d
before=0
for f in 4 6; do
	pg_run s -n -c 5 -i 0.2 "$(lab_dst_addr $f)"
	pg_status 0 "-$f duplicated replies"
	dups=$(lab_counter d dup)
	pg_eq "$(pg_field 2)/$(pg_field 3)" "5/$((dups - before))" \
	    "-$f received/duplicates = 5/nft dup counter"
	pg_eq "$(pg_count '^64 bytes from .* \(DUP!\)$')" 5 "-$f DUP! lines"
	before=$dups
done
pg_done

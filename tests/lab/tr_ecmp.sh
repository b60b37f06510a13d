#!/bin/sh
# tr_ecmp.sh: the ECMP diamond (r1 balances over r2a and r2b by L4 hash).
# Flow-stable probes: traced 20 times per method (udp, -I, -T, -U) and
# family, and with 8 different source ports, no line ever mixes r2a's and
# r2b's addresses; over the source ports both branches are seen (the lab
# does balance), so the stability is not an accident of hashing.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_diamond
OUT=$(mktemp)
SEEN=$(mktemp)

addrs_of() {	# node: every address of the node, canonical, one a line
	lab_exec "$1" ip -o addr show | awk '{ sub(/\/.*/, "", $4); print $4 }' |
	    while read -r a; do tr_canon "$a"; done
}
A=$(addrs_of r2a)
B=$(addrs_of r2b)

# check_lines WHAT: print a line for every hop of $OUT mixing r2a and r2b;
# note which branches were seen in $SEEN
check_lines() {	# what
	awk 'NR > 1 { print $1 }' "$OUT" | while read -r k; do
		ina=0; inb=0
		for x in $(tr_hop_addrs "$OUT" "$k"); do
			echo "$A" | grep -qx "$x" && ina=1
			echo "$B" | grep -qx "$x" && inb=1
		done
		if [ $ina = 1 ] && [ $inb = 1 ]; then
			echo "MIXED $1 hop $k: $(awk -v k="$k" 'NR > 1 && $1 == k' "$OUT")"
		fi
		[ $ina = 1 ] && echo a >>"$SEEN"
		[ $inb = 1 ] && echo b >>"$SEEN"
	done
}

mixed=0
runs=0
for fam in 4 6; do
	for m in "" -I -T -U; do
		i=0
		while [ $i -lt 20 ]; do
			lab_exec s "$TRACEROUTE" -n -$fam $m "$(lab_dst_addr $fam)" \
			    >"$OUT" 2>&1
			r=$(check_lines "-$fam $m run $i")
			[ -n "$r" ] && { echo "$r"; mixed=$((mixed + 1)); }
			runs=$((runs + 1))
			i=$((i + 1))
		done
	done
	: >"$SEEN"
	for sp in 40001 40002 40003 40004 40005 40006 40007 40008; do
		lab_exec s "$TRACEROUTE" -n -$fam --sport=$sp "$(lab_dst_addr $fam)" \
		    >"$OUT" 2>&1
		r=$(check_lines "-$fam --sport=$sp")
		[ -n "$r" ] && { echo "$r"; mixed=$((mixed + 1)); }
		runs=$((runs + 1))
	done
	if grep -qx a "$SEEN" && grep -qx b "$SEEN"; then
		tr_ok "-$fam: both branches seen over 8 source ports"
	else
		tr_fail "-$fam: only '$(sort -u "$SEEN" | tr '\n' ' ')' seen over 8 source ports"
	fi
done
[ $mixed = 0 ] && tr_ok "no mixed line in $runs traces" ||
    tr_fail "$mixed of $runs traces mixed r2a and r2b on one line"
rm -f "$OUT" "$SEEN"
tr_done

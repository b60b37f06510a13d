#!/bin/sh
# bench/tr_speed.sh: time to finish, our traceroute against traceroute
# 2.1.2 (/usr/sbin/traceroute), side by side on the same lab chain:
#   (a) every hop answers, (b) one silent middle router,
#   (c) the destination drops everything (30 hops printed),
#   (d) the destination answers 2 s late (tests/peers/delayq): the same
#       lines as 2.1.2 (its RTTs), no slower than it.
# Prints the mean wall time of each tool and the ratio ours/2.1.2.
# Targets (issue 4): (a), (b) ratio <= 1.0; (c) ratio <= 0.3; (issue 10)
# (d) ratio <= 1.0.
# Usage: make bench-tr  (as root; RUNS=N to change the repetitions)
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lab/lib.sh"
lab_init
OLD=/usr/sbin/traceroute
[ -x "$OLD" ] || { echo "SKIP: $OLD not installed"; exit 77; }
RUNS=${RUNS:-30}
HOPS=5

# scenario NAME RUNS WARMUP: both tools under hyperfine (same lab, same
# run), mean wall time and the ratio ours/2.1.2
scenario() {
	_tr_dst=$(lab_dst_addr 4)
	_tr_csv=$(mktemp)
	# hyperfine itself runs in the source namespace: the times hold
	# the tools only, not `ip netns exec`
	lab_exec s hyperfine -N -i -w "$3" -r "$2" --export-csv "$_tr_csv" \
	    "$TRACEROUTE -n $_tr_dst" "$OLD -n $_tr_dst" >/dev/null 2>&1 ||
	    { echo "$1: hyperfine failed"; rm -f "$_tr_csv"; return; }
	awk -F, -v n="$1" 'NR == 2 { a = $2 } NR == 3 { b = $2 } END {
		printf "%-34s ours %9.1f ms   2.1.2 %9.1f ms   ratio %.3f\n",
		    n, a * 1000, b * 1000, (b > 0 ? a / b : 0) }' "$_tr_csv"
	rm -f "$_tr_csv"
}

command -v hyperfine >/dev/null || { echo "SKIP: hyperfine missing"; exit 77; }
lab_chain $HOPS
# Linux also limits all ICMP errors of a namespace together (1000/s, burst
# 50, per namespace): hundreds of back-to-back traces would hit it and
# measure the limiter, so lift it in every router, for both tools alike.
for _tr_k in $(seq 1 $HOPS) ; do
	lab_exec r$_tr_k sysctl -qw net.ipv4.icmp_msgs_per_sec=1000000 \
	    net.ipv4.icmp_msgs_burst=1000000
done
lab_exec d sysctl -qw net.ipv4.icmp_msgs_per_sec=1000000 \
    net.ipv4.icmp_msgs_burst=1000000
# warm up neighbour caches so neither tool pays for ARP/ND
lab_exec s "$TRACEROUTE" -n "$(lab_dst_addr 4)" >/dev/null 2>&1
echo "chain of $HOPS routers, -n, default options; mean of $RUNS runs ((c): 2)"
scenario "(a) all hops answer" "$RUNS" 3
lab_silent 3
scenario "(b) silent router r3" "$RUNS" 3
lab_nft d 'add table inet benchdrop
add chain inet benchdrop in { type filter hook input priority 0; }
add rule inet benchdrop in drop'
scenario "(c) destination drops everything" 2 0
ip netns exec "$LAB_PFX-d" nft delete table inet benchdrop
ip netns exec "$LAB_PFX-r3" nft delete table inet labsilent
DELAYQ=${DELAYQ:-$top_builddir/tests/peers/delayq}
if [ -x "$DELAYQ" ] && command -v iptables >/dev/null; then
	lab_delay d 2000
	scenario "(d) destination 2 s away" 3 0
	# the same lines as 2.1.2 (times aside)
	_tr_o=$(mktemp) _tr_r=$(mktemp)
	lab_exec s "$TRACEROUTE" -n "$(lab_dst_addr 4)" 2>&1 |
	    sed -E 's/  [0-9]+\.[0-9]{3} ms//g' >"$_tr_o"
	lab_exec s "$OLD" -n "$(lab_dst_addr 4)" 2>&1 |
	    sed -E 's/  [0-9]+\.[0-9]{3} ms//g' >"$_tr_r"
	if cmp -s "$_tr_o" "$_tr_r"; then
		echo "(d) the same lines as 2.1.2"
	else
		echo "(d) lines differ: ours, then 2.1.2:"
		cat "$_tr_o" "$_tr_r"
	fi
	rm -f "$_tr_o" "$_tr_r"
	lab_undelay d
else
	echo "(d) skipped: tests/peers/delayq not built (make check builds it) or no iptables"
fi

#!/bin/sh
# bench/report.sh (issue 12.3): traceroute --report=10 against mtr --report
# -c 10 (Debian's mtr-tiny), side by side in one run on the same lab: a
# chain of 4 routers with the kernel's own ICMP rate limits back in every
# node (1 s per source, burst 6: what a real router does), and nft on
# link 2 dropping every fourth forwarded probe of each hop beyond it,
# counted per hop. For each tool, ICMP (ours -I, mtr's default) and UDP
# (ours by default, mtr -u): the wall time, and whether every hop's
# Loss% x Snt equals the counted truth (hops 1-2: 0, hops 3-5: nft's
# drops of that hop's probes while that tool ran).
# Target: the same truth as mtr at no more wall time.
# Usage: make bench-report (as root; apt-get install mtr-tiny; not in CI)
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lab/lib.sh"
MTR=${MTR:-mtr}
command -v "$MTR" >/dev/null 2>&1 ||
    { echo "SKIP: mtr not installed (apt-get install mtr-tiny)"; exit 77; }
[ -x "$TRACEROUTE" ] || { echo "SKIP: $TRACEROUTE not built"; exit 77; }
lab_init
HOPS=4
lab_chain $HOPS
D=$(lab_dst_addr 4)
NODES="s d"
for k in $(seq 1 $HOPS); do
	NODES="$NODES r$k"
done
# the kernel's defaults, as a router on the way has them
for n in $NODES; do
	lab__sysctl $n net.ipv4.icmp_ratelimit=1000 \
	    net.ipv4.icmp_msgs_per_sec=1000 net.ipv4.icmp_msgs_burst=50
done
# hop K's probes reach r2's forward hook with TTL K - 2
_s="add table inet benchrep
add chain inet benchrep pass { type filter hook forward priority 0; }"
for k in 3 4 5; do
	_s="$_s
add counter inet benchrep drop$k
add rule inet benchrep pass ip daddr $D ip ttl $((k - 2)) numgen inc mod 4 1 counter name drop$k drop"
done
lab_nft r2 "$_s"
T=$(mktemp -d)

drops() {
	for k in 3 4 5; do
		printf '%s ' "$(lab_counter r2 drop$k)"
	done
}

# one TOOL-NAME CMD...: run it, time it, compare its table to the truth
one() {
	_n=$1
	shift
	set -- "$(drops)" "$@"
	_d0=$1
	shift
	_t0=$(date +%s%N)
	lab_exec s "$@" >"$T/out" 2>"$T/err"
	_t1=$(date +%s%N)
	set -- $_d0 $(drops)
	_want="1:0 2:0 3:$(($4 - $1)) 4:$(($5 - $2)) 5:$(($6 - $3))"
	# hop: Loss% x Snt / 100, rounded (both tools print one decimal)
	_got=$(awk '/^ *[0-9]+\.\|-- / { sub(/\..*/, "", $1); l = $3;
	    sub(/%.*/, "", l); printf "%s%s:%d", sep, $1,
	    int(l * $4 / 100 + 0.5); sep = " " }' "$T/out")
	_snt=$(awk '/^ *[0-9]+\.\|-- / { printf "%s%s", sep, $4; sep = "," }' \
	    "$T/out")
	if [ "$_got" = "$_want" ]; then
		_ok=yes
	else
		_ok="NO (lost $_got, truth $_want)"
	fi
	printf '%-26s %6d ms   Snt %-15s  loss = truth: %s\n' "$_n" \
	    $(((_t1 - _t0) / 1000000)) "$_snt" "$_ok"
	[ -n "$VERBOSE" ] && sed 's/^/    /' "$T/out"
}

# neighbour caches warm, and every router's allowance full again
lab_exec s ping -c 1 -W 1 "$D" >/dev/null 2>&1
sleep 6
echo "chain of $HOPS routers, kernel ICMP rate limits, nft drops 1/4 of the"
echo "probes to hops 3-5 on link 2; 10 cycles, -n"
one "ours -I --report=10" "$TRACEROUTE" -I -n --report=10 "$D"
sleep 6
one "mtr --report -c 10" "$MTR" -n --report -c 10 "$D"
sleep 6
one "ours --report=10 (UDP)" "$TRACEROUTE" -n --report=10 "$D"
sleep 6
one "mtr -u --report -c 10" "$MTR" -u -n --report -c 10 "$D"
rm -rf "$T"

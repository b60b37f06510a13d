#!/bin/sh
# bench/many_speed.sh: one round of echoes to many destinations (issue 9),
# ours against fping and liboping's oping, side by side in one lab run:
# r1 of a chain of 1 answers for every address of $PREFIX (default
# 198.19.0.0/17, 32768 addresses, routed as local), s reaches it across
# one veth. Each tool gets the same 32768 addresses and one request per
# address:
#   ours   tests/peers/many_echo -q -w 2000 PREFIX (one handle of the
#          public API: icmpt_add each address, icmpt_send_all,
#          icmpt_recv until all answered or 2 s)
#   fping  fping -q -i 0 -c 1 -t 2000 -f LIST (-i 0: no pacing between
#          hosts, its default is 10 ms each; -q: one summary line per
#          host; -t: wait 2 s as ours)
#   fping-a  fping -a -i 0 -r 0 -t 2000 -f LIST (the same round, but
#          only the alive list on stdout: -c writes one unbuffered
#          stderr line per host, 32768 write(2) calls of fping's time)
#   oping  oping -c 1 -w 2 -f LIST
# For each: wall time, CPU time (user + system) and peak RSS from GNU
# time (/usr/bin/time: Debian package "time"; the benchmark is not in
# CI), and the replies received. Every address must answer: a tool that
# lost replies is flagged. Figures are the median of $RUNS runs (the
# tools alternate, so drift in the machine's load hits all alike).
# Note: the kernel's work for a round trip on a veth (the destination's
# answer included) runs in the sending process's softirq context and is
# counted as that tool's system time.
# Targets for ours: wall <= fping's, CPU <= 0.5 x fping's, RSS <= fping's.
# Usage: make bench-many  (as root; RUNS=, PREFIX=, TOOLS= to change)
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lab/lib.sh"
lab_init
GTIME=${GTIME:-/usr/bin/time}
MANY=${MANY:-$top_builddir/tests/peers/many_echo}
RUNS=${RUNS:-3}
PREFIX=${PREFIX:-198.19.0.0/17}
TOOLS=${TOOLS:-ours fping fping-a oping}
"$GTIME" -f %e true >/dev/null 2>&1 ||
    { echo "SKIP: GNU time ($GTIME, package 'time') missing"; exit 77; }
[ -x "$MANY" ] || { echo "SKIP: $MANY not built (make bench-many builds it)"; exit 77; }
for t in $TOOLS; do
	[ "$t" = ours ] || command -v "${t%-a}" >/dev/null ||
	    { echo "SKIP: $t missing"; exit 77; }
done
case $PREFIX in
198.19.*/*) ;;
*) echo "bench: PREFIX must be inside 198.19.0.0/16"; exit 2 ;;
esac
LEN=${PREFIX#*/}
NADDR=$((1 << (32 - LEN)))

lab_chain 1
ip -n "$(lab_ns r1)" route add local "$PREFIX" dev lo ||
    lab__die "cannot route $PREFIX as local in r1"
WORK=$(mktemp -d)
chmod 755 "$WORK"
LIST=$WORK/list
# every address of the prefix, one a line
awk -v p="${PREFIX%/*}" -v n=$NADDR 'BEGIN {
	split(p, o, "."); b = ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4]
	b -= b % n
	for (i = 0; i < n; i++) {
		a = b + i
		printf "%d.%d.%d.%d\n", int(a / 16777216), int(a / 65536) % 256,
		    int(a / 256) % 256, a % 256
	}
}' >"$LIST"
[ "$(wc -l <"$LIST")" = $NADDR ] || lab__die "address list is not $NADDR long"
# neighbour caches warm for every tool alike
lab_exec s "$MANY" -q -w 500 "${PREFIX%/*}/32" >/dev/null 2>&1

# run TOOL: one round; prints "wall user sys cpu rss_kb replies"
run() {
	_o=$WORK/out _t=$WORK/time
	case $1 in
	ours)	lab_exec s "$GTIME" -o "$_t" -f '%e %U %S %M' \
		    "$MANY" -q -w 2000 "$PREFIX" >"$_o" 2>&1 ;;
	fping)	lab_exec s "$GTIME" -o "$_t" -f '%e %U %S %M' \
		    fping -q -i 0 -c 1 -t 2000 -f "$LIST" >"$_o" 2>&1 ;;
	fping-a) lab_exec s "$GTIME" -o "$_t" -f '%e %U %S %M' \
		    fping -a -i 0 -r 0 -t 2000 -f "$LIST" >"$_o" 2>/dev/null ;;
	oping)	lab_exec s "$GTIME" -o "$_t" -f '%e %U %S %M' \
		    oping -c 1 -w 2 -f "$LIST" >"$_o" 2>&1 ;;
	esac
	case $1 in
	ours)	_r=$(sed -n 's/^sent .* answered \([0-9]*\) .*/\1/p' "$_o") ;;
	fping)	_r=$(grep -c ' : xmt/rcv/%loss = 1/1/' "$_o") ;;
	fping-a) _r=$(grep -c '^198\.19\.' "$_o") ;;
	oping)	_r=$(grep -c ' bytes from ' "$_o") ;;
	esac
	awk -v r="${_r:-0}" 'END { printf "%s %s %s %.2f %d %d\n", $1, $2, $3,
	    $2 + $3, $4, r }' "$_t"
}

echo "one round to $NADDR addresses ($PREFIX, local in r1, one veth away);" \
    "median of $RUNS runs"
for i in $(seq "$RUNS"); do
	for t in $TOOLS; do
		echo "$t $(run $t)" >>"$WORK/all"
	done
done
printf '%-7s %7s %7s %7s %7s %7s %8s\n' tool wall_s user_s sys_s cpu_s \
    rss_MB replies
for t in $TOOLS; do
	# the median of each column on its own
	for c in 2 3 4 5 6 7; do
		awk -v t=$t -v c=$c '$1 == t { print $c }' "$WORK/all" |
		    sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
	done | paste -sd' ' | awk -v t=$t -v n=$NADDR '{
		printf "%-7s %7.2f %7.2f %7.2f %7.2f %7.1f %8d%s\n", t, $1, $2,
		    $3, $4, $5 / 1024, $6,
		    ($6 < n ? "  LOST " n - $6 " replies" : "") }'
done | tee "$WORK/table"
awk '$1 == "ours" { w = $2; c = $5; m = $6 }
    $1 == "fping" || $1 == "fping-a" { fw[$1] = $2; fc[$1] = $5; fm[$1] = $6 }
    END { for (f in fw)
	printf "ours/%s: wall %.2f (target <= 1), CPU %.2f (<= 0.5), RSS %.2f (<= 1)\n",
	    f, (fw[f] > 0 ? w / fw[f] : 0), (fc[f] > 0 ? c / fc[f] : 0),
	    (fm[f] > 0 ? m / fm[f] : 0) }' "$WORK/table" | sort
echo "all runs (tool wall user sys cpu rss_kb replies):"
sed 's/^/  /' "$WORK/all"
rm -rf "$WORK"

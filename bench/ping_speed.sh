#!/bin/sh
# bench/ping_speed.sh: flood speed, our ping against iputils ping
# (/usr/bin/ping), side by side across one lab veth (s -> r1):
#   packets/s  : -q -f -c $COUNT (default 100000), best of $RUNS runs
#                (the tools alternate), wall time of the tool alone
#                (timed inside namespace s), no loss allowed
#   instr/echo : user-space instructions per echo under callgrind,
#                (Ir(-c N2) - Ir(-c N1)) / (N2 - N1), so start-up and
#                name lookup cancel out
# Prints both tools and the ratios ours/iputils.
# Targets (issue 3): packets/s ratio >= 1.0; instructions ratio <= 0.5.
# Usage: make bench-ping  (as root; COUNT=, RUNS=, N1=, N2= to change,
# CG=0 to skip callgrind)
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lab/lib.sh"
lab_init
OLD=${OLD:-/usr/bin/ping}
[ -x "$OLD" ] || { echo "SKIP: $OLD not installed"; exit 77; }
COUNT=${COUNT:-100000}
RUNS=${RUNS:-3}
N1=${N1:-2000}
N2=${N2:-12000}
lab_chain 1
DST=$(lab_hop_addr 4 1)
lab_exec s "$PING" -n -c 2 -i 0.2 "$DST" >/dev/null 2>&1 ||
    { echo "bench: $PING cannot reach $DST"; exit 1; }

# pps TOOL: packets/s of one flood (0 if it lost anything or failed)
pps() {
	lab_exec s sh -c '
	t0=$(date +%s%N)
	out=$("$1" -n -q -f -c '"$COUNT"' "$2" 2>&1) || { echo 0; exit; }
	t1=$(date +%s%N)
	echo "$out" | grep -q " 0% packet loss" || { echo 0; exit; }
	echo $(('"$COUNT"' * 1000000000 / (t1 - t0)))' sh "$1" "$DST"
}

# ir TOOL N: user-space instructions (callgrind Ir) of one -f -c N run
ir() {
	_pb_f=$(mktemp)
	lab_exec s valgrind -q --tool=callgrind --callgrind-out-file="$_pb_f" \
	    "$1" -n -q -f -c "$2" "$DST" >/dev/null 2>&1
	awk '/^summary:/ { print $2 }' "$_pb_f"
	rm -f "$_pb_f"
}

CG=${CG:-1}
command -v valgrind >/dev/null || { CG=0; echo "note: valgrind missing, no instruction counts"; }
echo "flood across one veth (s -> r1 $DST), -q -f -c $COUNT, best of $RUNS"
# alternate the tools so drift in the machine's load hits both alike
p_new=0
p_old=0
for i in $(seq "$RUNS"); do
	p=$(pps "$PING"); [ "$p" -gt "$p_new" ] && p_new=$p
	p=$(pps "$OLD"); [ "$p" -gt "$p_old" ] && p_old=$p
done
echo "packets/s     ours $p_new   iputils $p_old" |
    awk '{ printf "%s ratio %.2f (target >= 1.00)\n", $0,
	($5 > 0 ? $3 / $5 : 0) }'
if [ "$CG" = 1 ]; then
	a1=$(ir "$PING" "$N1"); a2=$(ir "$PING" "$N2")
	# valgrind refuses file capabilities: a plain copy (we are root)
	OLDCP=$(mktemp)
	cp "$OLD" "$OLDCP" && chmod 755 "$OLDCP"
	b1=$(ir "$OLDCP" "$N1"); b2=$(ir "$OLDCP" "$N2")
	rm -f "$OLDCP"
	echo "$a1 $a2 $b1 $b2" | awk -v n=$((N2 - N1)) '{
		a = ($2 - $1) / n; b = ($4 - $3) / n
		printf "instr/echo    ours %.0f   iputils %.0f   ratio %.2f (target <= 0.50)\n",
		    a, b, (b > 0 ? a / b : 0) }'
fi

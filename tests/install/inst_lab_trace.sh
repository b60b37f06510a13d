#!/bin/sh
# inst_lab_trace.sh: the examples built from the installed library
# (inst_examples.sh) trace a chain of 3 routers, both families, as
# icmpt_trace(3) documents: exit 0, "trace D reached hops 4", hop k's
# address is router k's (k = 1..3) and hop 4 is d, every probe of each hop
# answered (3 of 3), no note; and with r2 silent (nft drops its Time
# Exceeded, counted), hop 2 is "*" with 0 of 3 received while hops 1, 3
# and d still answer. Root only (lab), else SKIP 77.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/install/inst_lib.sh"
lab_init
PROGS=
for x in "$EX_C" "$EX_STATIC" "$EX_CXX"; do
	[ -x "$x" ] && PROGS="$PROGS $x"
done
[ -x "$EX_C" ] || { echo "FAIL: $EX_C not built (inst_examples.sh)"; exit 1; }
OUT=$(mktemp)
chmod 644 "$OUT"
N=3
lab_chain $N

trace_run() {	# PROG ARGS...
	_p=$1
	shift
	lab_exec s env LD_LIBRARY_PATH="$I_LIB" "$_p" -t "$@" >"$OUT" 2>&1
	st=$?
}

# hop_is K ADDR RECEIVED: hop K's line
hop_is() {
	grep -q "^hop $1 $2 sent 3 received $3 note -\$" "$OUT"
}

check_trace() {	# name family silent-hop|0
	_n=$1 _f=$2 _s=$3
	D=$(lab_dst_addr "$_f")
	if [ "$st" != 0 ] || ! grep -q "^trace $D reached hops $((N + 1))\$" "$OUT"; then
		lab_fail "$_n -$_f: exit $st, want 0 and 'trace $D reached hops $((N + 1))': $(tr '\n' '|' <"$OUT")"
		return
	fi
	lab_ok "$_n -$_f: reached $D in $((N + 1)) hops"
	k=1
	while [ $k -le $((N + 1)) ]; do
		if [ "$k" = "$_s" ]; then
			hop_is $k '\*' 0 && lab_ok "$_n -$_f: hop $k silent: * 0/3" ||
			    lab_fail "$_n -$_f: hop $k (silent) wrong: $(grep "^hop $k " "$OUT")"
		else
			A=$(lab_hop_addr "$_f" $k)
			[ $k = $((N + 1)) ] && A=$D
			hop_is $k "$A" 3 && lab_ok "$_n -$_f: hop $k is $A, 3/3" ||
			    lab_fail "$_n -$_f: hop $k want $A 3/3: $(grep "^hop $k " "$OUT")"
		fi
		k=$((k + 1))
	done
}

for p in $PROGS; do
	for f in 4 6; do
		trace_run "$p" -q 3 -m 10 "$(lab_dst_addr $f)"
		check_trace "$(basename "$p")" $f 0
	done
done

lab_silent 2
for f in 4 6; do
	b=$(lab_counter r2 silent)
	trace_run "$EX_C" -q 3 -m 10 "$(lab_dst_addr $f)"
	a=$(lab_counter r2 silent)
	check_trace "$(basename "$EX_C") r2 silent" $f 2
	[ $((a - b)) -ge 3 ] && lab_ok "-$f: r2 withheld $((a - b)) Time Exceeded" ||
	    lab_fail "-$f: r2's nft counted $((a - b)) Time Exceeded, want >= 3"
done
rm -f "$OUT"
lab_done

#!/bin/sh
# inst_lab_echo.sh: the examples built from the installed library
# (inst_examples.sh) echo through a chain of 3 routers, both families:
#  - every request answered: "echo D sent 5 received 5 lost 0", and nft
#    on d counted exactly the 5 requests sent (C, C static, C++);
#  - d's nft drops requests 1 and 2 of every 6 (numgen inc, counted):
#    the loss each program reports equals the drop counter (2), and
#    the requests that reached d equal those answered;
#  - as nobody (ICMP datagram sockets), the C example still echoes.
# Root only (lab), else SKIP 77.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/install/inst_lib.sh"
lab_init
PROGS=
for x in "$EX_C" "$EX_STATIC" "$EX_CXX"; do
	[ -x "$x" ] && PROGS="$PROGS $x"
done
[ -x "$EX_C" ] || { echo "FAIL: $EX_C not built (inst_examples.sh)"; exit 1; }
[ "${INST_HAVE_CXX:-no}" = yes ] && [ ! -x "$EX_CXX" ] &&
    lab_fail "$EX_CXX not built (inst_examples.sh)"
OUT=$(mktemp)
chmod 644 "$OUT"
lab_chain 3

# requests from s that reach d's input ("req"), per family and in all
lab_nft d 'add table inet instecho
add counter inet instecho req
add chain inet instecho in { type filter hook input priority 0; }
add rule inet instecho in ip saddr 198.18.0.1 icmp type echo-request counter name req
add rule inet instecho in ip6 saddr 2001:2::1 icmpv6 type echo-request counter name req'

# echo PROG ARGS...: run in s; sets S R L (sent, received, lost), st
echo_run() {
	_p=$1
	shift
	lab_exec s env LD_LIBRARY_PATH="$I_LIB" "$_p" -e "$@" >"$OUT" 2>&1
	st=$?
	set -- $(sed -n 's/^echo [^ ]* sent \([0-9]*\) received \([0-9]*\) lost \([0-9]*\) .*/\1 \2 \3/p' "$OUT")
	S=${1:-x} R=${2:-x} L=${3:-x}
}

for p in $PROGS; do
	n=$(basename "$p")
	for f in 4 6; do
		D=$(lab_dst_addr $f)
		b=$(lab_counter d req)
		echo_run "$p" -c 5 "$D"
		a=$(lab_counter d req)
		[ "$st/$S/$R/$L" = "0/5/5/0" ] &&
		    lab_ok "$n -$f: 5 sent, 5 received, 0 lost" ||
		    lab_fail "$n -$f $D: exit $st, want 0 and 5/5/0: $(tr '\n' '|' <"$OUT")"
		[ $((a - b)) = 5 ] && lab_ok "$n -$f: nft on d counted exactly 5 requests" ||
		    lab_fail "$n -$f: nft on d counted $((a - b)) requests, want 5"
		grep -Eq '^rtt [0-9]+\.[0-9]{3} [0-9]+\.[0-9]{3} [0-9]+\.[0-9]{3} [0-9]+\.[0-9]{3} ms$' "$OUT" ||
		    lab_fail "$n -$f: no rtt line: $(tr '\n' '|' <"$OUT")"
	done
done

# exact loss: requests 1 and 2 of every 6 dropped at d's prerouting
# (before the "req" counter), a fresh table per run so each starts at 1
for p in $PROGS; do
	n=$(basename "$p")
	for f in 4 6; do
		D=$(lab_dst_addr $f)
		lab_exec d nft delete table inet instloss 2>/dev/null
		lab_nft d 'add table inet instloss
add counter inet instloss drops
add chain inet instloss pre { type filter hook prerouting priority -10; }
add rule inet instloss pre icmp type echo-request numgen inc mod 6 < 2 counter name drops drop
add rule inet instloss pre icmpv6 type echo-request numgen inc mod 6 < 2 counter name drops drop'
		b=$(lab_counter d req)
		echo_run "$p" -c 6 "$D"
		a=$(lab_counter d req)
		drops=$(lab_counter d drops)
		[ "$S" = 6 ] && [ "$L" = "$drops" ] && [ "$drops" = 2 ] &&
		    lab_ok "$n -$f: reported loss $L = nft drops $drops" ||
		    lab_fail "$n -$f: sent $S lost $L, nft dropped $drops (want 6, 2 = 2): $(tr '\n' '|' <"$OUT")"
		[ "$R" = $((a - b)) ] && [ "$st" = 0 ] &&
		    lab_ok "$n -$f: received $R = requests that reached d" ||
		    lab_fail "$n -$f: exit $st, received $R, $((a - b)) reached d"
	done
done
lab_exec d nft delete table inet instloss

# unprivileged: ICMP datagram sockets, when nobody can reach the files
so=$I_LIB/libicmptools.so.$I_MAJOR
[ "${ICMPT_SHARED:-yes}" = yes ] || so=$EX_C
if lab_unpriv_cmd test -x "$EX_C" -a -r "$so"; then
	for f in 4 6; do
		D=$(lab_dst_addr $f)
		lab_unpriv_cmd env LD_LIBRARY_PATH="$I_LIB" "$EX_C" -e -c 3 "$D" \
		    >"$OUT" 2>&1
		st=$?
		grep -q "^echo $D sent 3 received 3 lost 0 " "$OUT" && [ $st = 0 ] &&
		    lab_ok "nobody -$f: 3 sent, 3 received" ||
		    lab_fail "nobody -$f: exit $st: $(tr '\n' '|' <"$OUT")"
	done
else
	echo "note: nobody cannot run $EX_C: unprivileged echo not checked"
fi
rm -f "$OUT"
lab_done

#!/bin/sh
# signals.sh (issue 8.2): no signal loses or cuts a line. Each tool runs
# under tests/peers/slowpipe, whose stdout pipe is almost full, so the
# tool blocks in write(2) at once; signals arrive while it is blocked
# there (SIGQUIT, SIGWINCH, SIGCHLD, SIGSTOP/SIGCONT, SIGINT last). Every
# reply ping counted must be on its own complete line, every hop of
# traceroute too. Lab: s -- r1 -- r2 -- d.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/hard/hard_lib.sh"
h_need_bins
SLOW=$top_builddir/tests/peers/slowpipe
[ -x "$SLOW" ] || h_skip_all "$SLOW not built"
lab_init
T=$(mktemp -d)
chmod 755 "$T"
trap '_s=$?; trap - EXIT; rm -rf "$T"; lab_teardown; exit $_s' EXIT
lab_chain 2

# replies WHAT FAMILY WANT: the header is the first line, the reply lines
# of $T/out are complete, one
# per sequence, as many as the summary's received count (WANT if given)
replies() {
	_d=$(lab_dst_addr "$2")
	case $_d in *:*) _d=$(getent ahostsv6 "$_d" | awk 'NR == 1 { print $1 }') ;; esac
	_rx=$(sed -n 's/.* transmitted, \([0-9]*\) received.*/\1/p' "$T/out")
	_full=$(grep -Ec "^64 bytes from $_d: icmp_seq=[0-9]+ ttl=62 time=[0-9.]+ ms\$" "$T/out")
	_any=$(grep -c 'bytes from' "$T/out")
	_seqs=$(sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$T/out" | sort -n |
	    uniq | wc -l)
	if [ "$(head -1 "$T/out" | cut -c1-5)" = "PING " ] &&
	    [ -n "$_rx" ] && [ "$_full" = "$_rx" ] && [ "$_any" = "$_rx" ] &&
	    [ "$_seqs" = "$_rx" ] && { [ -z "$3" ] || [ "$_rx" = "$3" ]; }; then
		h_ok "$1: $_rx received, $_full complete reply lines, one per sequence"
	else
		h_fail "$1: received '$_rx', $_full complete lines of $_any, $_seqs sequences (want ${3:-same})"
		grep -v 'bytes from' "$T/out" | sed 's/^/	| /'
	fi
}

# run NAME SIGNALS CMD...: CMD under slowpipe; $T/out, $T/err, $RC; all
# signals must have been sent while CMD was blocked writing
run() {
	_w=$1 _k=$2
	shift 2
	"$SLOW" -k "$_k" -- "$@" >"$T/out" 2>"$T/err"
	RC=$?
	_n=$(echo "$_k" | tr ',' '\n' | wc -l)
	grep -q "^slowpipe: sent $_n of $_n " "$T/err" ||
	    h_fail "$_w: not every signal found it blocked: $(grep slowpipe "$T/err")"
}

sigs="QUIT,QUIT,QUIT,WINCH,CHLD,STOP,CONT,QUIT"
for f in 4 6; do
	d=$(lab_dst_addr $f)
	run "-$f ping -i 0.002 -c 300" "$sigs" \
	    ip netns exec "$(lab_ns s)" "$PING" -n -i 0.002 -c 300 "$d"
	[ "$RC" = 0 ] && h_ok "-$f ping: exit 0" || h_fail "-$f ping: exit $RC"
	replies "-$f ping, $sigs while blocked" $f 300
	# SIGINT while blocked ends the run; no line is lost or cut
	run "-$f ping, INT" "QUIT,WINCH,INT" \
	    ip netns exec "$(lab_ns s)" "$PING" -n -i 0.002 -c 100000 "$d"
	[ "$RC" = 0 ] && h_ok "-$f ping, SIGINT: exit 0" ||
	    h_fail "-$f ping, SIGINT: exit $RC"
	replies "-$f ping, SIGINT while blocked" $f
	if grep -q '^--- .* ping statistics ---$' "$T/out"; then
		h_ok "-$f ping, SIGINT: statistics printed"
	else
		h_fail "-$f ping, SIGINT: no statistics"
	fi
	# as nobody (ICMP datagram socket)
	lab__sysctl s "net.ipv4.ping_group_range=0 2147483647"
	run "-$f nobody ping" "QUIT,WINCH,STOP,CONT,QUIT" \
	    ip netns exec "$(lab_ns s)" setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups --inh-caps=-all \
	    "$PING" -n -i 0.2 -c 8 "$d"
	replies "-$f nobody ping, signals while blocked" $f 8
done

# traceroute, names looked up by child processes (their SIGCHLD too)
lab_hosts s hop-one "$(lab_hop_addr 4 1)" "$(lab_hop_addr 6 1)"
lab_hosts s hop-two "$(lab_hop_addr 4 2)" "$(lab_hop_addr 6 2)"
lab_hosts s dest "$(lab_dst_addr 4)" "$(lab_dst_addr 6)"
for f in 4 6; do
	for n in -n ""; do
		# shellcheck disable=SC2086
		run "-$f traceroute $n" "WINCH,CHLD,STOP,CONT,WINCH" \
		    ip netns exec "$(lab_ns s)" "$TRACEROUTE" -$f $n -q 3 \
		    "$(lab_dst_addr $f)"
		hops=$(grep -Ec '^ ?[123]  [^ ].* ms  .* ms  .* ms$' "$T/out")
		if [ "$RC" = 0 ] && [ "$hops" = 3 ] &&
		    [ "$(grep -c . "$T/out")" = 4 ]; then
			h_ok "-$f traceroute $n: header and 3 complete hop lines"
		else
			h_fail "-$f traceroute $n: exit $RC, $hops complete hop lines"
			sed 's/^/	| /' "$T/out" "$T/err"
		fi
	done
done
h_done

#!/bin/sh
# hostile_tr.sh (issue 5): traceroute under attack. On a chain of 3 the
# forger runs in d and answers every probe that reaches d (UDP, TCP SYN,
# ICMP echo; v4 and v6) with forgeries, after the kernel's genuine answer:
# Port Unreachable quoting the probe with other ports, Time Exceeded
# quoting a packet that is not the probe, Destination Unreachable quoting
# the probe sent to another address (all three from a spoofed source,
# 198.18.77.1 / 2001:2:0:77::1), for echo probes replies with a foreign
# id, damaged, truncated, bad checksum, oversized, duplicated, sequence
# 1000 back, altered data; and junk. For every method (udp, -I, -T, -U)
# and family as root, and udp / -I as nobody, traceroute must: exit 0,
# not crash, no sanitizer report; print exactly 4 hop lines, hop k showing
# only router k's address (the destination's on hop 4); print no forged
# address. The forger's report shows the attack happened (probes seen,
# forgeries sent). Then the forger moves to r2, in the middle of the path:
# it sees the probes of TTL 2 and up while their hops are still open and
# answers with everything a careful matcher must refuse (foreign id, bad
# checksum, sequence 1000 back, errors quoting other packets, ports or
# destinations, junk); the same must hold. (Echo replies with our id and
# sequence "from d" are left out there: they would be indistinguishable
# from d's own.) Third, with router 3 silent and hop 3 waited for, the
# forger in r2 answers at once, so its forgeries arrive while hop 3's
# probes are open: hop 3 must stay "* * *". A control shows the checks can
# fail: an exactly quoted forged Time Exceeded does show on hop 3.
# With $ICMPTOOLS_SAN_BUILD set, that build's traceroute runs too.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
. "$top_srcdir/tests/lab/hostile_lib.sh"
lab_init
[ -x "$TRACEROUTE" ] || { echo "SKIP: $TRACEROUTE not built"; exit 77; }
[ -x "$FORGER" ] || { echo "SKIP: $FORGER not built (make check builds it)"; exit 77; }
T=$(mktemp -d)
chmod 755 "$T"
N=3
lab_chain $N

trace() {	# tool family mode method...
	_tool=$1 _f=$2 _mode=$3
	shift 3
	_w="-$_f $_mode $* $(basename "$(dirname "$(dirname "$_tool")")")/traceroute, forger in $AT"
	_d=$(lab_dst_addr $_f)
	hs_forger_start $AT "$T/forger" -t "$(lab_src_addr $_f)" -n 200 -j 10 \
	    -r 4242 $KINDS || return
	if [ "$_mode" = root ]; then
		lab_exec s "$_tool" -n -$_f $TRW "$@" "$_d" >"$T/out" 2>"$T/err"
	else
		lab_unpriv_cmd "$_tool" -n -$_f $TRW "$@" "$_d" >"$T/out" 2>"$T/err"
	fi
	_st=$?
	sleep 0.2
	hs_forger_stop "$T/forger"
	hs_clean "$_w" $_st "$T/err"
	[ $_st = 0 ] && lab_ok "$_w: exit 0" ||
	    lab_fail "$_w: exit $_st: $(head -3 "$T/err")"
	_bad=0
	_k=1
	while [ $_k -le $((N + 1)) ]; do
		_a=$(tr_hop_addrs "$T/out" $_k | sort -u)
		_want=$(tr_canon "$(lab_hop_addr $_f $_k)")
		[ "$_k" = "$SILENT" ] && _want=
		[ "$_a" = "$_want" ] || {
			_bad=1
			lab_fail "$_w: hop $_k: $(awk -v k=$_k 'NR > 1 && $1 == k' "$T/out")"
		}
		_k=$((_k + 1))
	done
	[ $_bad = 0 ] && lab_ok "$_w: hops 1-$((N + 1)) are the chain's"
	[ "$(tr_nlines "$T/out")" = $((N + 1)) ] ||
	    lab_fail "$_w: $(tr_nlines "$T/out") hop lines, want $((N + 1))"
	if grep -Eq '198\.18\.77\.|2001:2:0:77::|198\.18\.99\.99|2001:2:0:99::' "$T/out"; then
		lab_fail "$_w: a forged address printed: $(tr '\n' '|' <"$T/out")"
	else
		lab_ok "$_w: no forged address"
	fi
	case " $* " in
	*" -I "*) _p=echo _k=foreign_id ;;
	*" -T "*) _p=tcp _k=err_ports ;;
	*) _p=udp _k=err_ports ;;
	esac
	_seen=$(hs_seen "$T/forger" $_p $_f)
	_sent=$(hs_sent "$T/forger" $_k $_f)
	_all=$(awk -v f=$_f '$1 == "sent" && $3 == f { n += $4 } END { print n + 0 }' "$T/forger")
	[ "$_seen" -gt 0 ] && [ "$_sent" -gt 0 ] &&
	    lab_ok "$_w: forger saw $_seen $_p probes, sent $_all forgeries" ||
	    lab_fail "$_w: forger saw $_seen $_p probes, sent $_sent $_k"
}

for tool in $(hs_tools TRACEROUTE); do
	AT=d
	KINDS=
	TRW=
	SILENT=
	for f in 4 6; do
		for m in "" -I -T -U; do
			trace "$tool" $f root $m
		done
		for m in "" -I; do
			trace "$tool" $f nobody $m
		done
	done
	AT=r2
	KINDS="-k foreign_id,badsum,late,err_foreign,err_otherdst,err_ports,junk"
	for f in 4 6; do
		for m in "" -I -T; do
			trace "$tool" $f root $m
		done
		for m in "" -I; do
			trace "$tool" $f nobody $m
		done
	done
done

# open hops: r3 never answers and hop 3 is waited for (-w 1,0,0: no
# adaptive shortening), the forger in r2 answers at once (-d 0): its
# forgeries arrive while hop 3's probes are open and must not fill it
lab_silent 3
AT=r2
KINDS="-d 0 -k foreign_id,badsum,late,err_foreign,err_otherdst,err_ports,junk"
TRW="-w 1,0,0"
SILENT=3
for f in 4 6; do
	for m in "" -I -T; do
		trace "$TRACEROUTE" $f root $m
	done
	for m in "" -I; do
		trace "$TRACEROUTE" $f nobody $m
	done
done

# control: the same with a Time Exceeded quoting the probe exactly (no
# receiver can refuse it): it is taken on hop 3, so the checks above
# would see a misattribution
hs_forger_start r2 "$T/forger" -t "$(lab_src_addr 4)" -n 200 -j 0 -d 0 \
    -k err_exact
lab_exec s "$TRACEROUTE" -n -4 -w 1,0,0 "$(lab_dst_addr 4)" >"$T/out" 2>&1
hs_forger_stop "$T/forger"
if tr_hop_addrs "$T/out" 3 | grep -qx 198.18.77.1; then
	lab_ok "control: an exact forged quote shows on hop 3 ($(hs_sent "$T/forger" err_exact 4) sent)"
else
	lab_fail "control: exact forged quotes not seen: $(tr '\n' '|' <"$T/out")"
fi
rm -rf "$T"
lab_done

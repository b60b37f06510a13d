#!/bin/sh
# tr_methods.sh (issue 10.5, 10.6): traceroute 2.1.2's other methods and
# -O, on a chain of 3 routers, against the lab's truth.
# (a) -M raw (protocol 253), -P 47, -D (DCCP over a raw socket: this
#     kernel has no DCCP sockets), -UL, -M tcpconn, both families, root:
#     hops 1..3 are r1..r3, hop 4 is d with d's answer (!P, or ICMPv6's
#     parameter problem !<4-1>, for a protocol d does not know; UDP-Lite's
#     port unreachable and tcpconn's reset show no annotation), exit 0;
#     side by side with 2.1.2 (all but -D, which 2.1.2 cannot open): the
#     same lines but for the times.
# (b) the wire, counted by nft on r1: each method's packets are what 2.1.2
#     sends (protocol, port, length: raw 60/80, DCCP-Request 40/60 to port
#     33434, UDP-Lite to 53, -T a SYN of 60/80 bytes with the system's
#     options, -O mss=100,sack 48); tcpconn's probes all leave from one
#     port (one flow).
# (c) -O: -T -O info shows <rst,ack> where nothing listens, <syn,ack>
#     where something does (tests/peers/tcplisten), as 2.1.2; -O ack,info
#     a bare <rst>; -O help prints the method's options, exit 0; an
#     unknown keyword is one line, exit 2; a method without options
#     ignores -O (2.1.2).
# (d) as nobody: -UL and tcpconn trace; raw, -P and -D say they need raw
#     sockets in one line, exit 1 (2.1.2's status).
# (e) the minimum lengths, 28 (IPv6 48) bytes: the header says so, nft
#     sees packets of that length, every hop is still true (udp as root
#     and nobody, -I, -UL, -P).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 3
T=$(mktemp -d)
trap '_s=$?; trap - EXIT; rm -rf "$T"; lab_teardown; exit $_s' EXIT
REF=/usr/sbin/traceroute
# every probe's answer is part of the truth here, and the lab's RTTs are a
# few microseconds: 2.1.2's HERE and NEAR (ours as well) would give the
# other probes of a hop (RTT + 1 ms) * 3, which a loaded machine can miss;
# this test is not about waiting (tr_slow.sh is), so both wait 5 s flat
W="-w 5,0,0"
LISTEN=$top_builddir/tests/peers/tcplisten

# truth FILE FAMILY [ANNOT]: 4 hop lines, hop k is router k, hop 4 is d,
# 3 answers each, hop 4 annotated ANNOT on every probe (or none at all)
truth() {
	_bad=
	[ "$(tr_nlines "$1")" = 4 ] || _bad="$(tr_nlines "$1") hop lines"
	for _k in 1 2 3 4; do
		_a=$(tr_hop_addrs "$1" $_k | sort -u)
		[ "$_a" = "$(tr_canon "$(lab_hop_addr "$2" $_k)")" ] ||
		    _bad="$_bad hop $_k='$_a'"
		[ "$(awk -v k=$_k 'NR > 1 && $1 == k' "$1" | grep -o ' ms' |
		    wc -l)" = 3 ] || _bad="$_bad hop $_k not 3 answers"
	done
	_n=$(awk 'NR > 1 && $1 == 4' "$1" | grep -o ' !' | wc -l)
	if [ -n "$3" ]; then
		[ "$(awk 'NR > 1 && $1 == 4' "$1" | grep -oF " $3" | wc -l)" = 3 ] &&
		    [ "$_n" = 3 ] || _bad="$_bad hop 4 not '$3' x3"
	else
		[ "$_n" = 0 ] || _bad="$_bad hop 4 annotated"
	fi
	[ -z "$_bad" ] || echo "$_bad"
}

# skeleton FILE: the lines without the times
skeleton() {
	sed -E 's/  [0-9]+\.[0-9]{3} ms//g' "$1"
}

# (a) every method, both families, and 2.1.2 beside it
for f in 4 6; do
	d=$(lab_dst_addr $f)
	[ $f = 4 ] && unk='!P' || unk='!<4-1>'
	for m in "-M raw:$unk" "-P 47:$unk" "-D:$unk" "-UL:" "-M tcpconn:"; do
		opt=${m%%:*} an=${m#*:}
		lab_exec s "$TRACEROUTE" $W -$f -n $opt "$d" >"$T/o" 2>&1
		st=$?
		bad=$(truth "$T/o" $f "$an")
		[ $st = 0 ] && [ -z "$bad" ] &&
		    tr_ok "-$f $opt: r1, r2, r3, d${an:+ $an}, exit 0" ||
		    tr_fail "-$f $opt: exit $st,$bad: $(tr '\n' '|' <"$T/o")"
		[ "$opt" = -D ] || [ ! -x "$REF" ] && continue
		lab_exec s "$REF" $W -$f -n $opt "$d" >"$T/r" 2>&1
		[ "$(skeleton "$T/o")" = "$(skeleton "$T/r")" ] &&
		    tr_ok "-$f $opt: the lines of 2.1.2" ||
		    tr_fail "-$f $opt: 2.1.2 $(tr '\n' '|' <"$T/r")"
	done
done

# (b) the wire at r1: what each method sends
lab_nft r1 'table inet w {
	counter raw4 { }
	counter raw6 { }
	counter gre4 { }
	counter dccp4 { }
	counter dccp6 { }
	counter lite4 { }
	counter lite6 { }
	counter syn4 { }
	counter syn6 { }
	counter syn48 { }
	counter short4 { }
	counter short6 { }
	chain f {
		type filter hook forward priority 0;
		meta l4proto 253 ip length 60 counter name raw4
		meta l4proto 253 ip6 length 40 counter name raw6
		meta l4proto 47 ip length 60 counter name gre4
		dccp dport 33434 dccp type request ip length 40 counter name dccp4
		dccp dport 33434 dccp type request ip6 length 20 counter name dccp6
		meta l4proto udplite udplite dport 53 ip length 60 counter name lite4
		meta l4proto udplite udplite dport 53 ip6 length 40 counter name lite6
		tcp dport 80 tcp flags & (syn | ack) == syn ip length 60 counter name syn4
		tcp dport 80 tcp flags & (syn | ack) == syn ip6 length 40 counter name syn6
		tcp dport 80 tcp flags & (syn | ack) == syn ip length 48 counter name syn48
		ip length 28 counter name short4
		ip6 length 8 counter name short6
	}
}'
ip netns exec "$LAB_PFX-r1" nft list chain inet w f | grep -q 'counter name "syn48"' ||
    tr_fail "the r1 counters did not load"
wire() {	# FAMILY COUNTER OPTIONS...: run, then the counter has >= 9
	_f=$1 _c=$2
	shift 2
	_before=$(lab_counter r1 "$_c")
	lab_exec s "$TRACEROUTE" $W -$_f -n "$@" "$(lab_dst_addr $_f)" >"$T/w" 2>&1
	_got=$(($(lab_counter r1 "$_c") - _before))
	# every probe of hops 2..4 passes r1: 9 at least
	[ $_got -ge 9 ] && tr_ok "-$_f $*: $_got packets counted as $_c at r1" ||
	    tr_fail "-$_f $*: $_got packets counted as $_c: $(tr '\n' '|' <"$T/w")"
}
wire 4 raw4 -M raw
wire 6 raw6 -M raw
wire 4 gre4 -P 47
wire 4 dccp4 -D
wire 6 dccp6 -D
wire 4 lite4 -UL
wire 6 lite6 -UL
# the system's settings here: SACK, timestamps and window scaling are on
[ "$(lab_exec s sysctl -n net.ipv4.tcp_sack)$(lab_exec s sysctl -n net.ipv4.tcp_timestamps)$(lab_exec s sysctl -n net.ipv4.tcp_window_scaling)" = 111 ] ||
    tr_fail "s's tcp sysctls are not 1 1 1"
wire 4 syn4 -T
wire 6 syn6 -T
wire 4 syn48 -T -O mss=100,sack
head -1 "$T/w" | grep -q ', 48 byte packets$' && tr_ok "-T -O mss=100,sack: 48 byte packets" ||
    tr_fail "-T -O mss=100,sack header: $(head -1 "$T/w")"
# tcpconn: one local port for every probe
lab_nft s 'table inet c {
	set ports { type inet_service; flags dynamic; }
	chain o {
		type filter hook output priority 0;
		tcp dport 80 tcp flags & (syn | ack) == syn add @ports { tcp sport }
	}
}'
for f in 4 6; do
	ip netns exec "$LAB_PFX-s" nft flush set inet c ports
	lab_exec s "$TRACEROUTE" $W -$f -n -M tcpconn "$(lab_dst_addr $f)" >"$T/o" 2>&1
	np=$(ip netns exec "$LAB_PFX-s" nft -j list set inet c ports |
	    grep -o '"elem": \[[^]]*\]' | grep -o '[0-9]\+' | wc -l)
	[ "$np" = 1 ] && [ -z "$(truth "$T/o" $f)" ] &&
	    tr_ok "-$f -M tcpconn: 12 probes from 1 port" ||
	    tr_fail "-$f -M tcpconn: $np source ports: $(tr '\n' '|' <"$T/o")"
done

# (c) -O
for f in 4 6; do
	d=$(lab_dst_addr $f)
	lab_exec s "$TRACEROUTE" $W -$f -n -T -O info "$d" >"$T/o" 2>&1
	tr_expect_line "$T/o" 4 "^ 4  $(tr_canon "$d") <rst,ack>  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$"
	lab_exec s "$TRACEROUTE" $W -$f -n -T -O ack,info "$d" >"$T/o" 2>&1
	tr_expect_line "$T/o" 4 "^ 4  $(tr_canon "$d") <rst>  "
	if [ -x "$REF" ]; then
		lab_exec s "$REF" $W -$f -n -T -O ack,info "$d" >"$T/r" 2>&1
		[ "$(skeleton "$T/o")" = "$(skeleton "$T/r")" ] &&
		    tr_ok "-$f -T -O ack,info: the lines of 2.1.2" ||
		    tr_fail "-$f -T -O ack,info: 2.1.2 $(tr '\n' '|' <"$T/r"), ours $(tr '\n' '|' <"$T/o")"
	fi
	# the last family's "ready" must not stand for this one's
	rm -f "$T/l"
	(ip netns exec "$LAB_PFX-d" "$LISTEN" "$d" 80 >"$T/l" 2>&1 &)
	i=0
	until grep -q ready "$T/l" 2>/dev/null || [ $i -gt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	lab_exec s "$TRACEROUTE" $W -$f -n -T -O info "$d" >"$T/o" 2>&1
	tr_expect_line "$T/o" 4 "^ 4  $(tr_canon "$d") <syn,ack>  "
	lab_exec s "$TRACEROUTE" $W -$f -n -M tcpconn "$d" >"$T/o" 2>&1
	bad=$(truth "$T/o" $f)
	[ -z "$bad" ] && tr_ok "-$f -M tcpconn to a listener: d at hop 4" ||
	    tr_fail "-$f -M tcpconn to a listener:$bad: $(tr '\n' '|' <"$T/o")"
	pkill -f "$LISTEN" 2>/dev/null
done
"$TRACEROUTE" -M tcp -O help >"$T/o" 2>&1
tr_expect_status $? 0 "-M tcp -O help"
for k in syn ack fin rst psh urg ece cwr flags=NUM ecn sack timestamps \
    window_scaling sysctl reuse mss=NUM info; do
	grep -q "^  $k " "$T/o" || tr_fail "-O help does not list $k"
done
awk 'length > 79 { bad = 1 } END { exit bad }' "$T/o" &&
    tr_ok "-O help: every keyword, lines within 79 columns" ||
    tr_fail "-O help: a line over 79 columns"
"$TRACEROUTE" -T -O bogus "$(lab_dst_addr 4)" >"$T/o" 2>&1
st=$?
[ $st = 2 ] && [ "$(wc -l <"$T/o")" = 1 ] && grep -q bogus "$T/o" &&
    tr_ok "-O bogus: one line naming it, exit 2" ||
    tr_fail "-O bogus: exit $st: $(cat "$T/o")"
lab_exec s "$TRACEROUTE" $W -n -M tcpconn -O whatever "$(lab_dst_addr 4)" >"$T/o" 2>&1
[ $? = 0 ] && [ -z "$(truth "$T/o" 4)" ] &&
    tr_ok "-M tcpconn -O whatever: ignored, as 2.1.2" ||
    tr_fail "-M tcpconn -O whatever: $(tr '\n' '|' <"$T/o")"

# (d) as nobody
for m in -UL "-M tcpconn"; do
	for f in 4 6; do
		lab_unpriv_cmd "$TRACEROUTE" $W -$f -n $m "$(lab_dst_addr $f)" >"$T/o" 2>&1
		st=$?
		bad=$(truth "$T/o" $f)
		[ $st = 0 ] && [ -z "$bad" ] && tr_ok "nobody -$f $m: the whole path" ||
		    tr_fail "nobody -$f $m: exit $st,$bad: $(tr '\n' '|' <"$T/o")"
	done
done
for m in "-M raw" "-P 47" -D; do
	lab_unpriv_cmd "$TRACEROUTE" -n $m "$(lab_dst_addr 4)" >"$T/o" 2>&1
	st=$?
	[ $st = 1 ] && [ "$(wc -l <"$T/o")" = 1 ] && grep -q 'raw sockets' "$T/o" &&
	    tr_ok "nobody $m: needs raw sockets, one line, exit 1" ||
	    tr_fail "nobody $m: exit $st: $(cat "$T/o")"
done

# (e) the minimum lengths
short() {	# WHO FAMILY OPTIONS...
	_w=$1 _f=$2
	shift 2
	[ $_f = 4 ] && _c=short4 _len=28 || _c=short6 _len=48
	_before=$(lab_counter r1 $_c)
	if [ $_w = nobody ]; then
		lab_unpriv_cmd "$TRACEROUTE" $W -$_f -n "$@" "$(lab_dst_addr $_f)" 10 >"$T/o" 2>&1
	else
		lab_exec s "$TRACEROUTE" $W -$_f -n "$@" "$(lab_dst_addr $_f)" 10 >"$T/o" 2>&1
	fi
	_got=$(($(lab_counter r1 $_c) - _before))
	_bad=$(truth "$T/o" $_f "$( [ "$1" = -P ] && { [ $_f = 4 ] && echo '!P' || echo '!<4-1>'; })")
	head -1 "$T/o" | grep -q ", $_len byte packets\$" && [ $_got -ge 9 ] &&
	    [ -z "$_bad" ] && tr_ok "$_w -$_f $* ... 10: $_len-byte packets ($_got at r1), the whole path" ||
	    tr_fail "$_w -$_f $* ... 10: $_got at r1,$_bad: $(tr '\n' '|' <"$T/o")"
}
for f in 4 6; do
	short root $f
	short nobody $f
	short root $f -I
	short root $f -UL
	short root $f -P 47
done
tr_done

#!/bin/sh
# lab_peers.sh: the lab's C peers tell the truth.
# maskd: answers an Address Mask Request with its configured mask (Linux
# itself does not: a router stays silent), ignores a request with a bad
# checksum, and logs both.
# forger: against iputils ping (a naive victim) on a chain of 2, it sees
# every echo request, forges for the first -n of them, and what it says
# it sent is what left d (nft counter of its socket mark), what came from
# its spoofed address is what reached s, and the kernel's genuine
# replies are untouched; the forgeries do reach the victim (iputils
# reports the damaged data and the duplicates). UDP probes are seen too.
# delayq (lab_delay, the delay element): replies of a delayed d come as
# late as asked (within 50 ms), both families; a router whose errors are
# delayed still forwards at once.
# whoisd (traceroute -A's registry): over TCP from s, both families, a
# query gets every route object of its table covering the address, in
# table order; an address none covers "No entries"; slow, close and raw
# do as told; it logs each query as read and counts its connections.
. "$top_srcdir/tests/lab/lib.sh"
lab_init
MASKD=$top_builddir/tests/peers/maskd
FORGER=$top_builddir/tests/peers/forger
for p in "$MASKD" "$FORGER"; do
	[ -x "$p" ] || { echo "SKIP: $p not built (make check builds it)"; exit 77; }
done
IPING=$(command -v ping) || { echo "SKIP: no iputils ping"; exit 77; }
T=$(mktemp -d)
lab_chain 2
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)

# wait_for FILE REGEX: up to 5 s
wait_for() {
	_i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 50 ] && return 1
		sleep 0.1
	done
	return 0
}
# start_peer NODE LOG CMD...: run CMD in NODE logging to LOG; PEER_PID is
# its pid once it says "ready pid N", else empty. (Not in a command
# substitution: the shell would wait for the peer's end of the pipe.)
start_peer() {
	_n=$1
	_l=$2
	shift 2
	PEER_PID=
	ip netns exec "$(lab_ns "$_n")" "$@" -o "$_l" </dev/null >/dev/null \
	    2>>"$_l.err" &
	if ! wait_for "$_l" "ready pid [0-9]+"; then
		lab_fail "$* did not start: $(cat "$_l.err")"
		return 1
	fi
	PEER_PID=$(sed -n 's/.*ready pid \([0-9]*\).*/\1/p' "$_l")
}
stop_peer() {	# pid log done-regex
	kill "$1" 2>/dev/null
	wait_for "$2" "$3" || lab_fail "peer $1 did not report at exit"
}
val() {	# file key...: the number ending the line that starts with key...
	_f=$1
	shift
	awk -v k="$*" 'index($0, k " ") == 1 { print $NF; f = 1 } END { if (!f) print "none" }' "$_f"
}

# --- maskd
lab_exec r1 "$MASKD" -q "$(lab_hop_addr 4 1)" -w 500 >"$T/q0" 2>&1
[ $? = 1 ] && lab_ok "Linux (r1) does not answer mask requests" ||
    lab_fail "r1 answered a mask request: $(cat "$T/q0")"
start_peer d "$T/maskd" "$MASKD" -m 255.255.254.0
mp=$PEER_PID
if [ -n "$mp" ]; then
	lab_exec s "$MASKD" -q "$D4" -w 2000 >"$T/q1" 2>&1
	st=$?
	[ $st = 0 ] && grep -qx "mask 255.255.254.0 from $D4" "$T/q1" &&
	    lab_ok "maskd answers 255.255.254.0" ||
	    lab_fail "mask query: exit $st: $(cat "$T/q1")"
	lab_exec s "$MASKD" -q "$D4" -b -w 500 >"$T/q2" 2>&1
	st=$?
	[ $st = 1 ] && lab_ok "a request with a bad checksum is not answered" ||
	    lab_fail "bad-checksum query: exit $st: $(cat "$T/q2")"
	stop_peer "$mp" "$T/maskd" "^maskd: answered"
	grep -qx "maskd: answered 1 ignored 1" "$T/maskd" &&
	    grep -q "^ignored 198.18.0.1: bad checksum" "$T/maskd" &&
	    lab_ok "maskd log: 1 answered, 1 ignored (bad checksum)" ||
	    lab_fail "maskd log: $(tr '\n' '|' <"$T/maskd")"
fi

# --- forger against iputils ping
lab_nft d 'add table inet labtruth
add counter inet labtruth genuine
add counter inet labtruth forged
add chain inet labtruth out { type filter hook output priority 0; }
add rule inet labtruth out meta mark 0xf0f0 counter name forged
add rule inet labtruth out meta mark 0 icmp type echo-reply counter name genuine
add rule inet labtruth out meta mark 0 icmpv6 type echo-reply counter name genuine'
lab_nft s 'add table inet labtruth
add counter inet labtruth spoofed
add chain inet labtruth in { type filter hook input priority 0; }
add rule inet labtruth in ip saddr 198.18.77.1 counter name spoofed
add rule inet labtruth in ip6 saddr 2001:2:0:77::1 counter name spoofed'
FL=$T/forger
# all kinds but late: iputils would count those as replies and stop early
start_peer d "$FL" "$FORGER" -t "$(lab_src_addr 4)" -t "$(lab_src_addr 6)" \
    -n 3 -j 10 -r 42 -k foreign_id,damaged,truncated,badsum,oversized,dup,badtime,err_foreign,err_otherdst,err_ports,junk
fp=$PEER_PID
[ -n "$fp" ] || lab_done
lab_exec s "$IPING" -n -c 5 -i 0.3 "$D4" >"$T/p4" 2>&1
lab_exec s "$IPING" -n -c 5 -i 0.3 "$D6" >"$T/p6" 2>&1
i=0
while [ $i -lt 3 ]; do
	lab_exec s bash -c "echo x >/dev/udp/$D4/33434" 2>/dev/null
	i=$((i + 1))
done
sleep 0.2
stop_peer "$fp" "$FL" "^forger: done"

total=0
for f in 4 6; do
	[ "$(val "$FL" seen echo $f)" = 5 ] && lab_ok "-$f forger saw 5 echo requests" ||
	    lab_fail "-$f forger saw $(val "$FL" seen echo $f) echo requests"
	[ "$(val "$FL" forged-for $f)" = 3 ] && lab_ok "-$f forged for 3 probes" ||
	    lab_fail "-$f forged for $(val "$FL" forged-for $f) probes"
	[ "$(val "$FL" sent late $f)" = 0 ] || lab_fail "-$f sent late with -k"
	for k in foreign_id damaged truncated badsum oversized dup badtime \
	    err_foreign err_otherdst; do
		[ "$(val "$FL" sent $k $f)" = 3 ] ||
		    lab_fail "-$f sent $k: $(val "$FL" sent $k $f), want 3"
	done
	[ "$(val "$FL" sent junk $f)" = 30 ] ||
	    lab_fail "-$f sent junk: $(val "$FL" sent junk $f), want 30"
	[ "$(val "$FL" sent err_ports $f)" = 0 ] ||
	    lab_fail "-$f err_ports for echo probes"
	total=$(awk -v f=$f -v t=$total '$1 == "sent" && $3 == f { t += $4 } END { print t }' "$FL")
done
[ "$(val "$FL" seen udp 4)" = 3 ] && lab_ok "forger saw 3 UDP probes" ||
    lab_fail "forger saw $(val "$FL" seen udp 4) UDP probes"
fg=$(lab_counter d forged)
[ "$fg" = "$total" ] && lab_ok "d sent $fg marked packets = forger's count" ||
    lab_fail "d sent $fg marked packets, forger says $total"
g=$(lab_counter d genuine)
[ "$g" = 10 ] && lab_ok "10 genuine echo replies" || lab_fail "genuine replies: $g"
sp=$(lab_counter s spoofed)
errs=0
for f in 4 6; do
	errs=$((errs + $(val "$FL" sent err_foreign $f) + $(val "$FL" sent err_otherdst $f) +
	    $(val "$FL" sent err_ports $f)))
done
junk=$(($(val "$FL" sent junk 4) + $(val "$FL" sent junk 6)))
[ "$sp" -ge "$errs" ] && [ "$sp" -le $((errs + junk)) ] &&
    lab_ok "s got $sp packets from the spoofed source ($errs errors + junk)" ||
    lab_fail "s got $sp packets from the spoofed source, want $errs..$((errs + junk))"
# the forgeries reach the (naive) victim intact
w=$(grep -c "^wrong data byte" "$T/p4")
[ "$w" = 3 ] && lab_ok "iputils saw 3 damaged replies" ||
    lab_fail "iputils saw $w damaged replies: $(tr '\n' '|' <"$T/p4")"
grep -q "icmp_seq=1 .*(DUP!)" "$T/p6" && lab_ok "-6 forged duplicates reach s" ||
    lab_fail "-6 no duplicate: $(tr '\n' '|' <"$T/p6")"

# late: a reply with our id, 1000 sequence numbers back
start_peer d "$FL.late" "$FORGER" -t "$(lab_src_addr 4)" -n 1 -k late
fp=$PEER_PID
[ -n "$fp" ] || lab_done
lab_exec s "$IPING" -n -c 2 -i 0.3 "$D4" >"$T/pl" 2>&1
stop_peer "$fp" "$FL.late" "^forger: done"
[ "$(val "$FL.late" sent late 4)" = 1 ] && grep -q "icmp_seq=64537 " "$T/pl" &&
    lab_ok "late: 1 sent, iputils saw icmp_seq=64537" ||
    lab_fail "late: $(val "$FL.late" sent late 4) sent: $(tr '\n' '|' <"$T/pl")"
# --- whoisd, queried from s with bash's /dev/tcp
WHOISD=$top_builddir/tests/peers/whoisd
# wq ADDR QUERY: the whole answer of the whoisd at ADDR:43 to QUERY CRLF
wq() {
	lab_exec s bash -c 'exec 3<>"/dev/tcp/$1/43" && printf "%s\r\n" "$2" >&3 &&
	    cat <&3' sh "$1" "$2"
}
if [ -x "$WHOISD" ]; then
	printf '%s\n' 'route 198.18.0.0/15 AS64500' 'route 198.18.1.0/24 AS64501' \
	    'route 198.18.2.0/24 AS64502' 'route 2001:2::/48 AS64510' \
	    'slow 198.18.1.7 600' 'close 198.18.1.8' 'raw 198.18.1.9 a\x07b\r\n' \
	    >"$T/wtab"
	start_peer d "$T/whoisd" "$WHOISD" -l "$D4" -l "$D6" -t "$T/wtab"
	wp=$PEER_PID
fi
if [ -n "${wp:-}" ]; then
	wq "$D4" 198.18.1.2 >"$T/w1"
	[ "$(awk '$1 == "route:" || $1 == "origin:" { printf "%s ", $2 }' "$T/w1")" = \
	    "198.18.0.0/15 AS64500 198.18.1.0/24 AS64501 " ] &&
	    lab_ok "whoisd: 198.18.1.2 gets its 2 covering objects" ||
	    lab_fail "whoisd 198.18.1.2: $(tr '\n' '|' <"$T/w1")"
	wq "$D6" 2001:2:0:1::2 >"$T/w2"
	[ "$(awk '$1 ~ /^route/ || $1 == "origin:" { printf "%s ", $1 $2 }' "$T/w2")" = \
	    "route6:2001:2::/48 origin:AS64510 " ] &&
	    lab_ok "whoisd -6: route6 object" ||
	    lab_fail "whoisd -6: $(tr '\n' '|' <"$T/w2")"
	wq "$D4" 192.0.2.1 >"$T/w3"
	grep -qx '%  No entries found for the selected source(s).' "$T/w3" &&
	    [ "$(wc -l <"$T/w3")" = 1 ] && lab_ok "whoisd: no entries" ||
	    lab_fail "whoisd no entries: $(tr '\n' '|' <"$T/w3")"
	t0=$(date +%s%N)
	wq "$D4" 198.18.1.7 >"$T/w4"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ $ms -ge 600 ] && [ $ms -lt 1100 ] && grep -q 'AS64501' "$T/w4" &&
	    lab_ok "whoisd: slow 600 answers after $ms ms" ||
	    lab_fail "whoisd slow: $ms ms: $(tr '\n' '|' <"$T/w4")"
	wq "$D4" 198.18.1.8 >"$T/w5"
	[ ! -s "$T/w5" ] && lab_ok "whoisd: close answers nothing" ||
	    lab_fail "whoisd close: $(tr '\n' '|' <"$T/w5")"
	wq "$D4" 198.18.1.9 >"$T/w6"
	[ "$(od -An -c "$T/w6" | tr -s ' ')" = " a \a b \r \n" ] &&
	    lab_ok "whoisd: raw answer byte for byte" ||
	    lab_fail "whoisd raw: $(od -An -c "$T/w6")"
	stop_peer "$wp" "$T/whoisd" "^whoisd: connections"
	grep -qx "whoisd: connections 6" "$T/whoisd" &&
	    grep -Fqx "query 198.18.0.1 '198.18.1.2\\r\\n' objects" "$T/whoisd" &&
	    grep -Fqx "query 2001:2::1 '2001:2:0:1::2\\r\\n' objects" "$T/whoisd" &&
	    [ "$(grep -c '^query ' "$T/whoisd")" = 6 ] &&
	    lab_ok "whoisd log: 6 connections, the queries as sent" ||
	    lab_fail "whoisd log: $(tr '\n' '|' <"$T/whoisd")"
fi

# delayq (lab_delay): iputils ping through a delayed d measures the delay
# (within 50 ms) in both families, and only the delayed node's packets
# wait: a router with delayed errors still forwards at once
if command -v iptables >/dev/null 2>&1; then
	# rtt_near FILE MS: every reply's time within [MS, MS + 50)
	rtt_near() {
		awk -v lo="$2" -v hi="$(($2 + 50))" '/time=/ { n++
			for (i = 1; i <= NF; i++) if ($i ~ /^time=/) t = substr($i, 6) + 0
			if (t < lo || t >= hi) bad++ }
		    END { exit !(n == 3 && bad == 0) }' "$1"
	}
	lab_delay d 700
	for f in 4 6; do
		eval "dd=\$D$f"
		lab_exec s "$IPING" -n -c 3 -i 0.2 "$dd" >"$T/dl" 2>&1
		rtt_near "$T/dl" 700 && lab_ok "-$f delayq: 3 replies 700..750 ms late" ||
		    lab_fail "-$f delayq: $(grep time= "$T/dl" | tr '\n' '|')"
	done
	lab_undelay d
	lab_delay r1 700 errors
	lab_exec s "$IPING" -n -c 3 -i 0.2 "$D4" >"$T/dl" 2>&1
	awk '/time=/ { for (i = 1; i <= NF; i++) if ($i ~ /^time=/) if (substr($i, 6) + 0 >= 50) bad++; n++ }
	    END { exit !(n == 3 && bad == 0) }' "$T/dl" &&
	    lab_ok "delayq errors: r1 still forwards at once" ||
	    lab_fail "delayq errors: forwarding delayed: $(grep time= "$T/dl" | tr '\n' '|')"
	lab_exec s "$IPING" -n -c 3 -i 0.2 -t 1 -W 2 "$D4" >"$T/dl" 2>&1
	w=$(grep -c '^From 198.18.0.2 icmp_seq=. Time to live exceeded' "$T/dl")
	[ "$w" = 3 ] && lab_ok "delayq errors: r1's 3 Time Exceeded arrive" ||
	    lab_fail "delayq errors: $w Time Exceeded: $(tr '\n' '|' <"$T/dl")"
else
	echo "SKIP: iptables not found: delayq not checked"
	exit 77
fi
rm -rf "$T"
lab_done

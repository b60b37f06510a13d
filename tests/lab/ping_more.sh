#!/bin/sh
# ping_more.sh (issue 11.3, 11.4, 11.6, 11.7): iputils' other options and
# IPv6 scopes, against the lab's truth, on a chain of 1 router.
# (a) scopes: r1's link-local address with %l0 and with -I l0 is answered
#     from it, "%l0" in the header and the reply lines as iputils prints
#     them; ff02::1%l0 is answered by s itself and r1 (2 replies per
#     request: N received, +N duplicates); with -L (no multicast loop)
#     only r1: no duplicate; with -C (connect) the replies come from other
#     addresses than ff02::1 and none gets through.
# (b) -e: d's nft counter sees every request with that identifier, as root
#     (raw socket) and as nobody (the datagram socket's port); -e 0 as
#     nobody says it needs a raw socket.
# (c) -F: d counts the requests carrying the flow label; -m: s counts the
#     requests with that mark; -S: SO_SNDBUF set to it (strace: nothing
#     else shows a raw socket's buffer); -B: the socket bound to s's
#     address (ss), not without it; -d: as root it runs, as nobody it is
#     refused (one line, exit 2).
# (d) -r: r1 (attached) answers; d (not attached) fails at once with
#     "connect: Network is unreachable", exit 2.
# (e) -U: under a 3 ms stall before every clock read (tests/peers/
#     clockshim.so) the user-space round trips are 3 ms or more, the
#     kernel-stamped ones (without -U) under 1.5 ms.
# (f) -v: iputils' socket line on stderr, the lookup line, ident=N.
# (g) a name with both A and AAAA records is pinged in getaddrinfo's
#     order (here /etc/netns/s/gai.conf puts 2001:2::/48 first), -4/-6
#     override it.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)
R1=198.18.0.2
LL=$(ip -n "$(lab_ns r1)" -6 addr show dev l0 scope link |
    awk '/inet6/ { sub(/\/.*/, "", $2); print $2; exit }')
[ -n "$LL" ] || lab_fail "r1 has no link-local address on l0"
NSDIR=/etc/netns/$(lab_ns s)
trap '_s=$?; trap - EXIT; rm -rf "$NSDIR" "$PG_OUT" "$PG_ERR"; lab_teardown; exit $_s' EXIT

# (a) scopes
pg_run s -n -c 3 -i 0.2 "$LL%l0"
pg_status 0 "$LL%l0"
pg_grep "^PING $LL%l0\\($LL%l0\\) 56 data bytes\$" "header keeps %l0"
pg_eq "$(pg_count "^64 bytes from $LL%l0: icmp_seq=[123] ttl=64 time=")" 3 \
    "3 replies from $LL%l0"
pg_run s -n -c 3 -i 0.2 -I l0 "$LL"
pg_status 0 "-I l0 $LL"
pg_eq "$(pg_count "^64 bytes from $LL%l0: icmp_seq=[123] ttl=64 time=")" 3 \
    "-I l0: 3 replies from $LL%l0"
pg_run s -n -c 4 -i 0.2 "ff02::1%l0"
pg_status 0 "ff02::1%l0"
pg_eq "$(pg_field 2) $(pg_field 3)" "4 4" "ff02::1%l0: s and r1 answer: 4 received, +4 duplicates"
pg_eq "$(pg_count "^64 bytes from $LL%l0: icmp_seq=")" 4 "ff02::1%l0: r1 answered each"
pg_run s -n -c 4 -i 0.2 -L "ff02::1%l0"
pg_status 0 "-L ff02::1%l0"
pg_eq "$(pg_field 2) $(pg_field 3)" "4 0" "-L: only r1 answers: 4 received, no duplicate"
pg_run s -n -c 2 -i 0.2 -W 1 -C "ff02::1%l0"
pg_status 1 "-C ff02::1%l0"
pg_eq "$(pg_field 2)" 0 "-C: the socket is connected to ff02::1, the unicast replies do not reach it"

# (b) -e
lab_nft d 'table inet ide {
	counter e4 { }
	counter e6 { }
	chain i {
		type filter hook input priority 0;
		icmp type echo-request icmp id 4242 counter name e4
		icmpv6 type echo-request icmpv6 id 4242 counter name e6
	}
}'
for who in root nobody; do
	for f in 4 6; do
		b=$(lab_counter d e$f)
		if [ $who = root ]; then
			pg_run s -n -c 3 -i 0.2 -e 4242 "$(lab_dst_addr $f)"
		else
			lab_unpriv_cmd "$PING" -n -c 3 -i 0.2 -e 4242 "$(lab_dst_addr $f)" \
			    >"$PG_OUT" 2>"$PG_ERR"
			PG_RC=$?
		fi
		pg_status 0 "$who -$f -e 4242"
		pg_eq "$(($(lab_counter d e$f) - b))" 3 "$who -$f -e 4242: d saw 3 requests with id 4242"
	done
done
lab_unpriv_cmd "$PING" -n -c 1 -e 0 "$D4" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 2 "nobody -e 0"
[ "$(wc -l <"$PG_ERR")" = 1 ] && grep -q 'raw' "$PG_ERR" &&
    lab_ok "nobody -e 0: needs a raw socket: $(cat "$PG_ERR")" ||
    lab_fail "nobody -e 0: $(cat "$PG_ERR")"

# (c) -F, -m, -S, -B, -d
lab_nft d 'table inet fl {
	counter f { }
	chain i {
		type filter hook input priority 0;
		ip6 flowlabel 0x12345 icmpv6 type echo-request counter name f
	}
}'
lab_nft s 'table inet mk {
	counter m4 { }
	counter m6 { }
	chain o {
		type filter hook output priority 0;
		meta mark 77 icmp type echo-request counter name m4
		meta mark 77 icmpv6 type echo-request counter name m6
	}
}'
b=$(lab_counter d f)
pg_run s -n -c 3 -i 0.2 -F 0x12345 "$D6"
pg_status 0 "-F 0x12345"
pg_eq "$(($(lab_counter d f) - b))" 3 "-F: d saw 3 requests with flow label 0x12345"
for f in 4 6; do
	b=$(lab_counter s m$f)
	pg_run s -n -c 3 -i 0.2 -m 77 "$(lab_dst_addr $f)"
	pg_status 0 "-$f -m 77"
	pg_eq "$(($(lab_counter s m$f) - b))" 3 "-$f -m 77: 3 requests marked 77"
done
# the socket as the kernel shows it, while a slow ping runs
sock_line() {	# ARGS...: ss's line for ping's raw socket
	lab_exec s "$PING" -n -c 20 -i 0.2 "$@" "$D4" >/dev/null 2>&1 &
	_p=$!
	sleep 0.5
	_l=$(lab_exec s ss -w -a -n -p 2>/dev/null | grep '"ping"' | head -1)
	kill $_p 2>/dev/null
	wait $_p 2>/dev/null
	echo "$_l" | awk '{ print $4 }'
}
l=$(sock_line -B)
[ "$l" = 198.18.0.1:1 ] && lab_ok "-B: the socket is bound to 198.18.0.1 (ss: $l)" ||
    lab_fail "-B: not bound to s's address: '$l'"
l=$(sock_line)
[ "$l" = 0.0.0.0:1 ] && lab_ok "without -B: not bound (ss: $l)" ||
    lab_fail "without -B: '$l'"
# the send buffer has no other witness than the call that sets it
if command -v strace >/dev/null 2>&1; then
	# LeakSanitizer cannot run under ptrace (it aborts the sanitizer
	# build at exit): off for this one run
	lab_exec s env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -e trace=setsockopt -o "$PG_ERR" "$PING" -n -c 1 \
	    -S 9000 "$D4" >"$PG_OUT" 2>/dev/null
	PG_RC=$?
	pg_status 0 "-S 9000"
	grep -q 'SO_SNDBUF, \[9000\], 4) = 0' "$PG_ERR" &&
	    lab_ok "-S 9000: SO_SNDBUF 9000 set" ||
	    lab_fail "-S 9000: $(grep SNDBUF "$PG_ERR")"
else
	lab_fail "strace is missing (for -S)"
fi
pg_run s -n -c 1 -d "$D4"
pg_status 0 "root -d"
lab_unpriv_cmd "$PING" -n -c 1 -d "$D4" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 2 "nobody -d"
[ "$(wc -l <"$PG_ERR")" = 1 ] && grep -q SO_DEBUG "$PG_ERR" &&
    lab_ok "nobody -d: $(cat "$PG_ERR")" || lab_fail "nobody -d: $(cat "$PG_ERR")"

# (d) -r
pg_run s -n -c 2 -i 0.2 -r "$R1"
pg_status 0 "-r to r1 (attached)"
pg_run s -n -c 2 -i 0.2 -r "$D4"
pg_status 2 "-r to d (not attached)"
pg_eq "$(cat "$PG_ERR")" "$PING: connect: Network is unreachable" "-r to d: one line"
pg_eq "$(wc -c <"$PG_OUT" | tr -d ' ')" 0 "-r to d: nothing on stdout"

# (e) -U
SHIM=$top_builddir/tests/peers/clockshim.so
if [ -f "$SHIM" ]; then
	for u in "" -U; do
		lab_exec s env LD_PRELOAD="$SHIM" CLOCKSHIM_STALL_NS=3000000 \
		    CLOCKSHIM_STALL_ALL=1 ASAN_OPTIONS=verify_asan_link_order=0 \
		    "$PING" -n -c 5 -i 0.05 $u "$D4" >"$PG_OUT" 2>"$PG_ERR"
		PG_RC=$?
		pg_status 0 "stalled clock reads ${u:-(kernel stamps)}"
		bad=$(awk -v u="$u" '/time=/ { for (i = 1; i <= NF; i++) if ($i ~ /^time=/) {
			t = substr($i, 6) + 0; if ((u == "" && t >= 1.5) || (u != "" && t < 3)) print t } }' "$PG_OUT")
		n=$(grep -c 'time=' "$PG_OUT")
		[ "$n" = 5 ] && [ -z "$bad" ] &&
		    lab_ok "${u:-without -U}: $n times $( [ -n "$u" ] && echo '>= 3 ms (user to user)' || echo '< 1.5 ms (the kernel'"'"'s receive stamp)')" ||
		    lab_fail "${u:-without -U}: $n times, wrong: $bad"
	done
else
	lab_fail "$SHIM not built"
fi

# (f) -v
pg_run s -n -c 1 -v "$D4"
pg_status 0 "-v"
grep -Eq "^$PING: sock4.fd: [0-9]+ \\(socktype: SOCK_RAW\\), sock6.fd: -?[0-9]+ \\(socktype: [A-Z_0-9]+\\), hints.ai_family: AF_UNSPEC\$" "$PG_ERR" &&
    lab_ok "-v: iputils' socket line" || lab_fail "-v stderr: $(cat "$PG_ERR")"
pg_grep "^ai->ai_family: AF_INET, ai->ai_canonname: '$D4'\$" "-v: the lookup line"
pg_grep "^64 bytes from $D4: icmp_seq=1 ident=[0-9]+ ttl=63 time=" "-v: ident= in the reply"

# (g) getaddrinfo's order for a name with A and AAAA
mkdir -p "$NSDIR"
printf '%s both.lab\n%s both.lab\n' "$D4" "$D6" >"$NSDIR/hosts"
printf 'precedence ::1/128 50\nprecedence 2001:2::/48 45\nprecedence ::ffff:0:0/96 35\n' >"$NSDIR/gai.conf"
first=$(lab_exec s getent ahosts both.lab | awk 'NR == 1 { print $1 }')
pg_run s -c 1 both.lab
pg_status 0 "both.lab"
pg_grep "^PING both.lab\\(both.lab \\($D6\\)\\) 56 data bytes\$" "both.lab: IPv6 first, as getaddrinfo orders it ($first)"
[ "$first" = "$D6" ] && lab_ok "getaddrinfo agrees: $first" || lab_fail "getaddrinfo gave $first"
pg_run s -4 -c 1 both.lab
pg_grep "^PING both.lab \\($D4\\) 56\\(84\\) bytes of data.\$" "-4 both.lab: IPv4"
if [ -x /usr/bin/ping ]; then
	lab_exec s /usr/bin/ping -c 1 both.lab >"$PG_OUT" 2>&1
	pg_grep "^PING both.lab\\(both.lab \\($D6\\)\\) 56 data bytes\$" "iputils picks the same"
fi
pg_done

#!/bin/sh
# lab_selftest.sh: the lab itself tells the truth, checked with kernel
# tools only (ip, nft, and iputils ping inside the lab's namespaces, to lab
# addresses only). On a chain of 4: every hop answers in both families
# with the TTL/hop limit its distance gives, routes go where lib.sh says;
# the small-MTU link refuses DF packets above its MTU and passes them at
# it; loss drops exactly its counter; dup duplicates every reply; the
# silent router sends no Time Exceeded (counted) while its neighbours do;
# each error route answers with its ICMP message from the right router;
# the LAN's hosts all answer a broadcast; nobody runs without
# capabilities; hosts files resolve. On the diamond, 16 UDP flows use both
# branches. Teardown leaves no namespace, on exit and on SIGTERM.
. "$top_srcdir/tests/lab/lib.sh"
lab_init
OUT=$(mktemp)
command -v ping >/dev/null 2>&1 || { echo "SKIP: no iputils ping"; exit 77; }
IPING=$(command -v ping)

# ping4/ping6 NODE ARGS...: iputils ping inside NODE, output in $OUT
ping4() {
	_n=$1
	shift
	lab_exec "$_n" "$IPING" -4 -n "$@" >"$OUT" 2>&1
}
ping6() {
	_n=$1
	shift
	lab_exec "$_n" "$IPING" -6 -n "$@" >"$OUT" 2>&1
}
# a number of the statistics line: transmitted, received, duplicates,
# errors (0 when absent)
stat_of() {
	awk -v w="$1" -F', ' '/ packets transmitted, / {
		for (i = 1; i <= NF; i++) {
			split($i, a, " ")
			if (a[2] == w || (a[2] == "packets" && a[3] == w))
				n = a[1]
		}
	} END { sub(/^\+/, "", n); print n + 0 }' "$OUT"
}
expect_out() {	# what regex
	if grep -Eq -- "$2" "$OUT"; then
		lab_ok "$1"
	else
		lab_fail "$1: no /$2/ in: $(tr '\n' '|' <"$OUT")"
	fi
}
expect_not() {	# what regex
	if grep -Eq -- "$2" "$OUT"; then
		lab_fail "$1: /$2/ in: $(tr '\n' '|' <"$OUT")"
	else
		lab_ok "$1"
	fi
}
pingf() {	# family node args...
	_f=$1
	shift
	if [ "$_f" = 6 ]; then ping6 "$@"; else ping4 "$@"; fi
}
canon() {	# the printed form of an IPv6 address (2001:2:0:0::2 -> 2001:2::2)
	case $1 in
	*:*) getent ahostsv6 "$1" | awk 'NR == 1 { print $1 }' ;;
	*) echo "$1" ;;
	esac
}

N=4
lab_chain $N
# first, while r1's per-source error budget is full (IPv4 route errors
# are rate limited: 1/s, burst 5, shared with the ICMP errors it sends)
pingf 4 s -c 1 -W 1 198.18.250.9
expect_out "an address of the lab that does not exist: net unreachable at r1" \
    "^From 198.18.0.2 icmp_seq=1 Destination Net Unreachable"
for f in 4 6; do
	D=$(lab_dst_addr $f)
	[ "$D" = "$(lab_hop_addr $f $((N + 1)))" ] &&
	    lab_ok "-$f destination is hop $((N + 1))" ||
	    lab_fail "-$f lab_dst_addr $D != lab_hop_addr $((N + 1))"
	# s routes everything of the lab through r1; d only back to rN
	lab_exec s ip -$f route get "$D" | grep -q " via $(canon "$(lab_hop_addr $f 1)") dev l0 " &&
	    lab_ok "-$f s -> d via r1" ||
	    lab_fail "-$f s -> d: $(lab_exec s ip -$f route get "$D" | head -1)"
	lab_exec d ip -$f route get "$(lab_src_addr $f)" | grep -q " dev l$N " &&
	    lab_ok "-$f d -> s via link $N" ||
	    lab_fail "-$f d -> s: $(lab_exec d ip -$f route get "$(lab_src_addr $f)" | head -1)"
	k=1
	while [ $k -le $((N + 1)) ]; do
		A=$(lab_hop_addr $f $k)
		pingf $f s -c 1 -W 2 "$A"
		# replies start at 64 and lose one per router on the way back
		expect_out "-$f hop $k ($A) answers at distance $k" \
		    "from $(canon "$A"): icmp_seq=1 ttl=$((65 - k)) "
		k=$((k + 1))
	done
	# a probe with TTL k dies at router k, which answers from hop k's address
	for k in 1 3; do
		pingf $f s -c 1 -W 2 -t $k "$D"
		expect_out "-$f TTL $k expires at hop $k" \
		    "^From $(canon "$(lab_hop_addr $f $k)") icmp_seq=1 Time"
	done
done

# small MTU on link 2 (r2 - r3)
lab_mtu 2 1400
for f in 4 6; do
	D=$(lab_dst_addr $f)
	pingf $f s -c 1 -W 2 -M do -s 1400 "$D"
	expect_out "-$f DF 1400-byte payload refused with mtu 1400" \
	    "From $(canon "$(lab_hop_addr $f 2)") icmp_seq=1 .*mtu.*1400"
	expect_out "-$f ... and not answered" " 0 received"
	[ $f = 4 ] && s=$((1400 - 28)) || s=$((1400 - 48))
	pingf $f s -c 1 -W 2 -M do -s $s "$D"
	expect_out "-$f DF packet of exactly 1400 bytes passes" " 1 received"
done

# loss: every request dropped is counted, every other one answered
lab_loss d 30
before=0
for f in 4 6; do
	pingf $f s -q -c 60 -i 0.01 -W 1 "$(lab_dst_addr $f)"
	c=$(lab_counter d loss)
	tx=$(stat_of transmitted)
	rx=$(stat_of received)
	if [ -n "$c" ] && [ "$((c - before))" -gt 0 ] &&
	    [ "$((tx - rx))" = "$((c - before))" ]; then
		lab_ok "-$f loss: $((c - before)) dropped = $tx - $rx unanswered"
	else
		lab_fail "-$f loss: counter $c - $before, ping $tx/$rx"
	fi
	before=$c
done
lab_exec d nft delete table inet labloss

# dup: every reply twice (ping exits on the last original, so its copy
# may go unread: at least count - 1 duplicates)
lab_dup d
before=0
for f in 4 6; do
	pingf $f s -c 4 -i 0.2 -W 1 "$(lab_dst_addr $f)"
	c=$(lab_counter d dup)
	dups=$(stat_of duplicates)
	if [ "$((c - before))" = 4 ] && [ "${dups:-0}" -ge 3 ]; then
		lab_ok "-$f dup: 4 replies copied, +$dups duplicates"
	else
		lab_fail "-$f dup: counter $c - $before, +$dups duplicates"
	fi
	before=$c
done
lab_exec d nft delete table netdev labdup
pingf 4 s -c 2 -i 0.2 "$(lab_dst_addr 4)"
expect_not "no duplicates once dup is removed" "DUP|duplicates"

# silent router 2: no Time Exceeded from it, but from its neighbours
lab_silent 2
for f in 4 6; do
	D=$(lab_dst_addr $f)
	pingf $f s -c 1 -W 1 -t 2 "$D"
	expect_not "-$f silent r2 sends nothing for TTL 2" "^From "
	pingf $f s -c 1 -W 2 -t 3 "$D"
	expect_out "-$f r3 still answers TTL 3" \
	    "^From $(canon "$(lab_hop_addr $f 3)") icmp_seq=1 Time"
done
c=$(lab_counter r2 silent)
[ "${c:-0}" = 2 ] && lab_ok "r2 dropped 2 Time Exceeded" ||
    lab_fail "r2's silent counter is '$c', want 2"
lab_counter r3 silent >/dev/null && lab_fail "r3 has a silent counter"

# error routes, farthest first, each cutting the path earlier
lab_route_err 4 blackhole
for f in 4 6; do
	pingf $f s -c 1 -W 1 "$(lab_dst_addr $f)"
	expect_out "-$f blackhole at r4: no answer" " 0 received"
	expect_not "-$f blackhole at r4: no error" "^From |errors"
	pingf $f s -c 1 -W 2 "$(lab_hop_addr $f 4)"
	expect_out "-$f r4 itself still answers" " 1 received"
done
check_err() {	# kind K text4 text6
	lab_route_err $2 $1
	pingf 4 s -c 2 -i 0.3 -W 1 "$(lab_dst_addr 4)"
	expect_out "$1 at r$2 (-4)" "^From $(lab_hop_addr 4 $2) icmp_seq=[12] $3\$"
	pingf 6 s -c 1 -W 1 "$(lab_dst_addr 6)"
	expect_out "$1 at r$2 (-6)" \
	    "^From $(canon "$(lab_hop_addr 6 $2)") icmp_seq=1 $4\$"
}
check_err prohibit 3 "Packet filtered" \
    "Destination unreachable: Administratively prohibited"
check_err unreachable 2 "Destination Host Unreachable" \
    "Destination unreachable: No route"
check_err netunreach 1 "Destination Net Unreachable" \
    "Destination unreachable: No route"
c=$(lab_counter r1 rterr)
[ "${c:-0}" -ge 2 ] && lab_ok "r1 rejected $c probes" ||
    lab_fail "r1's rterr counter is '$c'"

# the LAN: every host answers a broadcast ping
M=3
lab_lan $M
ping4 s -b -c 2 -i 0.5 -W 1 "$(lab_lan_bcast)"
got=$(sed -n 's/^64 bytes from \(198\.18\.100\.[0-9]*\): .*/\1/p' "$OUT" |
    grep -vx "$(lab_lan_addr 0)" | sort -u | tr '\n' ' ')
want=$(k=1; while [ $k -le $M ]; do lab_lan_addr $k; k=$((k + 1)); done |
    sort -u | tr '\n' ' ')
[ "$got" = "$want" ] && lab_ok "broadcast answered by $M hosts: $got" ||
    lab_fail "broadcast answered by '$got', want '$want'"
pingf 6 s -c 1 -W 2 "$(lab_lan_addr 6 $M)"
expect_out "-6 LAN host $M answers" " 1 received"

# unprivileged runs: nobody, no capabilities
u=$(lab_unpriv_cmd sh -c 'id -u; grep ^CapEff: /proc/self/status' | tr '\n\t' '  ')
[ "$u" = "65534 CapEff: 0000000000000000 " ] && lab_ok "nobody, CapEff 0" ||
    lab_fail "lab_unpriv_cmd: '$u'"

# names from /etc/netns/<ns>/hosts
lab_hosts s labhop2 "$(lab_hop_addr 4 2)" "$(lab_hop_addr 6 2)"
a=$(lab_exec s getent ahostsv4 labhop2 | awk 'NR == 1 { print $1 }')
[ "$a" = "$(lab_hop_addr 4 2)" ] && lab_ok "hosts file: labhop2 is $a" ||
    lab_fail "hosts file: labhop2 is '$a'"
getent ahostsv4 labhop2 >/dev/null && lab_fail "labhop2 known outside the lab"

# teardown, then the diamond in the same run
lab_teardown
left=$(ip netns list | grep -c "^$LAB_PFX-")
[ "$left" = 0 ] && lab_ok "lab_teardown removed every namespace" ||
    lab_fail "$left namespaces left after lab_teardown"
[ -d "/etc/netns/$(lab_ns s)" ] && lab_fail "/etc/netns/$(lab_ns s) left"

lab_diamond
for f in 4 6; do
	pingf $f s -c 1 -W 2 "$(lab_dst_addr $f)"
	expect_out "-$f diamond: d answers 4 hops away" "ttl=61 "
done
for n in r2a r2b; do
	lab_nft $n 'add table inet labsel
add counter inet labsel flows4
add counter inet labsel flows6
add chain inet labsel fw { type filter hook forward priority 0; }
add rule inet labsel fw ip daddr 198.18.5.2 udp dport 33434 counter name flows4
add rule inet labsel fw ip6 daddr 2001:2:0:5::2 udp dport 33434 counter name flows6'
done
# 16 flows a family: a new UDP socket (new source port) each
i=0
while [ $i -lt 16 ]; do
	lab_exec s bash -c "echo x >/dev/udp/$(lab_dst_addr 4)/33434;
	    echo x >/dev/udp/$(lab_dst_addr 6)/33434" 2>/dev/null
	i=$((i + 1))
done
for f in 4 6; do
	a=$(lab_counter r2a flows$f)
	b=$(lab_counter r2b flows$f)
	if [ "${a:-0}" -gt 0 ] && [ "${b:-0}" -gt 0 ] && [ $((a + b)) = 16 ]; then
		lab_ok "-$f diamond: 16 flows, $a via r2a, $b via r2b"
	else
		lab_fail "-$f diamond: r2a $a, r2b $b of 16 flows"
	fi
done

# teardown from the trap: a child that exits 3, one killed by SIGTERM
CHILD=$(mktemp)
cat >"$CHILD" <<'EOF'
. "$top_srcdir/tests/lab/lib.sh"
lab_init
lab_chain 1
[ "$2" = exit ] && { echo "$LAB_PFX" >"$1"; exit 3; }
sleep 30 &
_s=$!
echo "$LAB_PFX $_s" >"$1"
wait $_s
EOF
PF=$(mktemp)
sh "$CHILD" "$PF" exit >/dev/null 2>&1
st=$?
p=$(cat "$PF")
[ $st = 3 ] && lab_ok "trap keeps the exit status" || lab_fail "exit status $st, want 3"
[ -n "$p" ] && [ "$(ip netns list | grep -c "^$p-")" = 0 ] &&
    lab_ok "trap on exit removed $p-*" || lab_fail "namespaces '$p-*' left on exit"
: >"$PF"
sh "$CHILD" "$PF" term >/dev/null 2>&1 &
cpid=$!
i=0
while [ ! -s "$PF" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r p spid <"$PF"
kill -TERM $cpid
wait $cpid
st=$?
kill "$spid" 2>/dev/null
[ $st = 143 ] && lab_ok "SIGTERM: exit 143" || lab_fail "SIGTERM: exit $st"
[ -n "$p" ] && [ "$(ip netns list | grep -c "^$p-")" = 0 ] &&
    lab_ok "trap on SIGTERM removed $p-*" || lab_fail "namespaces '$p-*' left on SIGTERM"
rm -f "$CHILD" "$PF" "$OUT"
lab_done

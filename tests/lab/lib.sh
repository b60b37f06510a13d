# tests/lab/lib.sh: network namespace topologies for the lab tests (POSIX
# sh, sourced). Every node is a network namespace named <prefix>-<node>,
# the prefix unique per run; everything is torn down by a trap on EXIT,
# INT and TERM. Only 198.18.0.0/15 and 2001:2::/48 are used, inside the
# namespaces made here, plus loopback.
#
# Topologies (lab_multipath NAME: the multipath ones, at the end):
#   lab_chain N    s --link0-- r1 --link1-- ... rN --linkN-- d
#                  link k: 198.18.k.0/24, 2001:2:0:k::/64, left .1/::1,
#                  right .2/::2
#   lab_diamond    s -0- r1 -1- r2a -3- r3 -5- d
#                         r1 -2- r2b -4- r3      (r1: ECMP over r2a/r2b)
#   lab_lan M      s, h1..hM on a bridge (namespace "lan"), 198.18.100.0/24
#                  and 2001:2:0:100::/64, s = .1, hK = .(K+1)
# Faults: lab_silent, lab_route_err, lab_mtu, lab_loss, lab_dup, lab_nft,
# lab_delay (userspace delay element, tests/peers/delayq).
# Queries: lab_ns, lab_exec, lab_hop_addr, lab_dst_addr, lab_src_addr,
# lab_lan_addr, lab_lan_bcast, lab_counter, lab_link_dev.

if [ "${ICMPTOOLS_NO_LAB:-0}" = 1 ]; then
	echo "SKIP: lab disabled (ICMPTOOLS_NO_LAB=1)"
	exit 77
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the lab needs root (network namespaces)"
	exit 77
fi
for _lab_t in ip nft sysctl; do
	if ! command -v $_lab_t >/dev/null 2>&1; then
		echo "SKIP: $_lab_t not found"
		exit 77
	fi
done
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$top_builddir}"
: "${PING:=$top_builddir/ping}"
: "${TRACEROUTE:=$top_builddir/traceroute}"
export PING TRACEROUTE top_srcdir top_builddir

LAB_PFX=
LAB_TOPO=
LAB_N=0

lab__die() {
	echo "lab: $*" >&2
	exit 99
}

# lab_teardown: kill what runs in our namespaces, delete them and their
# /etc/netns directories. Safe to call more than once; the prefix and the
# trap stay, so a test may build another topology afterwards.
lab_teardown() {
	[ -n "$LAB_PFX" ] || return 0
	for _lab_n in $(ip netns list 2>/dev/null | awk '{ print $1 }' |
	    grep "^$LAB_PFX-"); do
		_lab_p=$(ip netns pids "$_lab_n" 2>/dev/null)
		[ -n "$_lab_p" ] && kill -9 $_lab_p 2>/dev/null
		ip netns del "$_lab_n" 2>/dev/null
		rm -rf "/etc/netns/$_lab_n"
	done
	# a process that was still starting when we listed the pids
	for _lab_n in $(ip netns list 2>/dev/null | awk '{ print $1 }' |
	    grep "^$LAB_PFX-"); do
		ip netns del "$_lab_n" 2>/dev/null
	done
	return 0
}

# Result helpers: lab_ok/lab_fail print one line each; lab_done exits 1
# if anything failed, else 0.

. "$top_srcdir/tests/report.sh"

lab_ok() {
	t_ok "$@"
}

lab_fail() {
	t_fail "$@"
}

# lab_check WHAT CMD...: ok if CMD succeeds, else fail
lab_check() {
	_lab_w=$1
	shift
	if "$@"; then
		lab_ok "$_lab_w"
	else
		lab_fail "$_lab_w"
	fi
}

lab_done() {
	t_done
}

lab_init() {
	[ -n "$LAB_PFX" ] && return 0
	_lab_r=$(od -An -N2 -tu2 /dev/urandom 2>/dev/null | tr -d ' ')
	LAB_PFX="it$$x${_lab_r:-0}"
	trap '_lab_s=$?; trap - EXIT; lab_teardown; exit $_lab_s' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	trap 'exit 141' PIPE
	if ! ip netns add "$LAB_PFX-probe" 2>/dev/null; then
		echo "SKIP: cannot create network namespaces"
		exit 77
	fi
	if ! ip netns exec "$LAB_PFX-probe" nft list tables >/dev/null 2>&1; then
		echo "SKIP: nftables does not work in a namespace"
		exit 77
	fi
	ip netns del "$LAB_PFX-probe"
}

lab_ns() {
	echo "$LAB_PFX-$1"
}

lab_exec() {
	_lab_x=$1
	shift
	ip netns exec "$LAB_PFX-$_lab_x" "$@"
}

# lab__sysctl NODE name=value...: unknown names are ignored (-e)
lab__sysctl() {
	_lab_x=$1
	shift
	ip netns exec "$LAB_PFX-$_lab_x" sysctl -q -e -w "$@" >/dev/null
}

# lab__node NAME: create namespace NAME once (lo up, rate limits lifted,
# no DAD, no rp_filter)
lab__node() {
	[ -n "$LAB_PFX" ] || lab_init
	ip netns list | awk '{ print $1 }' | grep -qx "$LAB_PFX-$1" && return 0
	ip netns add "$LAB_PFX-$1" || lab__die "cannot create namespace $1"
	ip -n "$LAB_PFX-$1" link set lo up
	lab__sysctl "$1" net.ipv4.icmp_ratelimit=0 \
	    net.ipv4.icmp_msgs_per_sec=1000000 \
	    net.ipv4.icmp_msgs_burst=1000000 \
	    net.ipv6.icmp.ratelimit=0 \
	    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
	    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
	    net.ipv6.conf.all.dad_transmits=0 \
	    net.ipv6.conf.default.dad_transmits=0 \
	    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
}

lab__router() {
	lab__node "$1"
	lab__sysctl "$1" net.ipv4.ip_forward=1 \
	    net.ipv6.conf.all.forwarding=1 net.ipv6.conf.default.forwarding=1
}

# lab__link ID A B NET4 NET6: veth "lID" in both A and B; A gets .1/::1,
# B .2/::2 (NET4 "198.18.x", NET6 "2001:2:0:x")
lab__link() {
	_lab_a=$LAB_PFX-$2
	_lab_b=$LAB_PFX-$3
	ip -n "$_lab_a" link add "l$1" type veth peer name "l$1" netns "$_lab_b" ||
	    lab__die "cannot create link $1 ($2 - $3)"
	ip -n "$_lab_a" addr add "$4.1/24" dev "l$1"
	ip -n "$_lab_b" addr add "$4.2/24" dev "l$1"
	ip -n "$_lab_a" addr add "$5::1/64" dev "l$1" nodad
	ip -n "$_lab_b" addr add "$5::2/64" dev "l$1" nodad
	ip -n "$_lab_a" link set "l$1" up
	ip -n "$_lab_b" link set "l$1" up
	eval "LAB_LINK_$1=\"$2 $3\""
}

# lab__route NODE NET GW4 GW6: NET is "x" (198.18.x.0/24, 2001:2:0:x::/64)
# or "all" (198.18.0.0/15, 2001:2::/48)
lab__route() {
	if [ "$2" = all ]; then
		ip -n "$LAB_PFX-$1" route add 198.18.0.0/15 via "$3"
		ip -n "$LAB_PFX-$1" -6 route add 2001:2::/48 via "$4"
	else
		ip -n "$LAB_PFX-$1" route add "198.18.$2.0/24" via "$3"
		ip -n "$LAB_PFX-$1" -6 route add "2001:2:0:$2::/64" via "$4"
	fi
}

# lab__settle: wait (at most 5 s) until every link of ours is up with its
# queue attached: the kernel activates a new device's queue from a
# deferred link event (up to a second later) and drops what is sent
# before that, so a first probe would be lost.
lab__settle() {
	_lab_i=0
	while [ $_lab_i -lt 50 ]; do
		_lab_busy=0
		for _lab_n in $(ip netns list | awk '{ print $1 }' |
		    grep "^$LAB_PFX-"); do
			if ip -n "$_lab_n" -o link show 2>/dev/null | grep -v ': lo:' |
			    grep -Eq 'qdisc noop|state (DOWN|LOWERLAYERDOWN|UNKNOWN)'; then
				_lab_busy=1
				break
			fi
		done
		[ $_lab_busy = 0 ] && return 0
		sleep 0.1
		_lab_i=$((_lab_i + 1))
	done
	echo "lab: links still not ready after 5 s" >&2
}

# lab__warm: one echo from s to d per family until it is answered (5 s at
# most): the neighbour entries of every link on the way and back exist
# before a test's first burst of probes (under load a burst sent while
# they are being resolved lost its first answers)
lab__warm() {
	for _lab_f in 4 6; do
		_lab_i=0
		until ip netns exec "$LAB_PFX-s" "$PING" -$_lab_f -n -q -c 1 \
		    -W 0.5 "$(lab_dst_addr $_lab_f)" >/dev/null 2>&1; do
			_lab_i=$((_lab_i + 1))
			[ $_lab_i -ge 10 ] && {
				echo "lab: d not answering over IPv$_lab_f" >&2
				break
			}
		done
	done
}

# node at position P of the chain (0 = s, N+1 = d)
lab__chain_node() {
	if [ "$1" = 0 ]; then
		echo s
	elif [ "$1" = $((LAB_N + 1)) ]; then
		echo d
	else
		echo "r$1"
	fi
}

# lab_chain N: s, r1..rN, d. Routes: s and every node past r1 send the
# whole lab prefix to the left; nodes send the links to their right to
# the right neighbour. r1 has no aggregate, so an address of the lab that
# does not exist gets Network Unreachable from r1 (and never loops).
lab_chain() {
	[ "$1" -ge 1 ] 2>/dev/null || lab__die "lab_chain: bad N '$1'"
	LAB_TOPO=chain
	LAB_N=$1
	lab__node s
	lab__node d
	_lab_k=1
	while [ $_lab_k -le "$LAB_N" ]; do
		lab__router "r$_lab_k"
		_lab_k=$((_lab_k + 1))
	done
	_lab_k=0
	while [ $_lab_k -le "$LAB_N" ]; do
		lab__link $_lab_k "$(lab__chain_node $_lab_k)" \
		    "$(lab__chain_node $((_lab_k + 1)))" \
		    "198.18.$_lab_k" "2001:2:0:$_lab_k"
		_lab_k=$((_lab_k + 1))
	done
	_lab_p=0
	while [ $_lab_p -le $((LAB_N + 1)) ]; do
		_lab_x=$(lab__chain_node $_lab_p)
		if [ $_lab_p = 0 ]; then
			lab__route s all 198.18.0.2 2001:2::2
		elif [ $_lab_p -ge 2 ]; then
			_lab_l=$((_lab_p - 1))
			lab__route "$_lab_x" all "198.18.$_lab_l.1" \
			    "2001:2:0:$_lab_l::1"
		fi
		if [ $_lab_p -ge 1 ]; then
			_lab_j=$((_lab_p + 1))
			while [ $_lab_j -le "$LAB_N" ]; do
				lab__route "$_lab_x" $_lab_j "198.18.$_lab_p.2" \
				    "2001:2:0:$_lab_p::2"
				_lab_j=$((_lab_j + 1))
			done
		fi
		_lab_p=$((_lab_p + 1))
	done
	LAB_DST4=198.18.$LAB_N.2
	LAB_DST6=2001:2:0:$LAB_N::2
	lab__settle
	lab__warm
}

# lab_diamond: s - r1 - {r2a, r2b} - r3 - d; r1 balances d's network over
# r2a and r2b by L4 hash (v4 and v6); r3 answers back through r2a.
lab_diamond() {
	LAB_TOPO=diamond
	LAB_N=3
	lab__node s
	lab__node d
	for _lab_x in r1 r2a r2b r3; do
		lab__router $_lab_x
	done
	lab__link 0 s r1 198.18.0 2001:2:0:0
	lab__link 1 r1 r2a 198.18.1 2001:2:0:1
	lab__link 2 r1 r2b 198.18.2 2001:2:0:2
	lab__link 3 r2a r3 198.18.3 2001:2:0:3
	lab__link 4 r2b r3 198.18.4 2001:2:0:4
	lab__link 5 r3 d 198.18.5 2001:2:0:5
	lab__route s all 198.18.0.2 2001:2::2
	lab__route r1 3 198.18.1.2 2001:2:0:1::2
	lab__route r1 4 198.18.2.2 2001:2:0:2::2
	ip -n "$LAB_PFX-r1" route add 198.18.5.0/24 \
	    nexthop via 198.18.1.2 dev l1 nexthop via 198.18.2.2 dev l2
	ip -n "$LAB_PFX-r1" -6 route add 2001:2:0:5::/64 \
	    nexthop via 2001:2:0:1::2 dev l1 nexthop via 2001:2:0:2::2 dev l2
	lab__sysctl r1 net.ipv4.fib_multipath_hash_policy=1 \
	    net.ipv6.fib_multipath_hash_policy=1
	lab__route r2a all 198.18.1.1 2001:2:0:1::1
	lab__route r2a 4 198.18.3.2 2001:2:0:3::2
	lab__route r2a 5 198.18.3.2 2001:2:0:3::2
	lab__route r2b all 198.18.2.1 2001:2:0:2::1
	lab__route r2b 3 198.18.4.2 2001:2:0:4::2
	lab__route r2b 5 198.18.4.2 2001:2:0:4::2
	lab__route r3 all 198.18.3.1 2001:2:0:3::1
	lab__route d all 198.18.5.1 2001:2:0:5::1
	LAB_DST4=198.18.5.2
	LAB_DST6=2001:2:0:5::2
	lab__settle
	lab__warm
}

# lab_hop_addr 4|6 K: the address hop K answers from. In the diamond,
# hop 2 is r2a's (r2b answers from 198.18.2.2 on the flows hashed to it).
lab_hop_addr() {
	if [ "$LAB_TOPO" = diamond ]; then
		case $2 in
		1) _lab_l=0 ;;
		2) _lab_l=1 ;;
		3) _lab_l=3 ;;
		*) _lab_l=5 ;;
		esac
	else
		_lab_l=$(($2 - 1))
	fi
	# as the tools print it (RFC 5952: link 0's 2001:2:0:0::2 is
	# 2001:2::2)
	if [ "$1" = 6 ] && [ "$_lab_l" = 0 ]; then
		echo "2001:2::2"
	elif [ "$1" = 6 ]; then
		echo "2001:2:0:$_lab_l::2"
	else
		echo "198.18.$_lab_l.2"
	fi
}

lab_dst_addr() {
	if [ "$1" = 6 ]; then
		echo "$LAB_DST6"
	else
		echo "$LAB_DST4"
	fi
}

lab_src_addr() {
	if [ "$1" = 6 ]; then
		echo 2001:2::1
	else
		echo 198.18.0.1
	fi
}

# lab_link_dev K: "NODE DEV" for both ends of link K (the device is lK)
lab_link_dev() {
	eval "_lab_e=\$LAB_LINK_$1"
	[ -n "$_lab_e" ] || return 1
	echo "$_lab_e"
}

# lab_nft NS SCRIPT: load an nft script in NS
lab_nft() {
	printf '%s\n' "$2" | ip netns exec "$LAB_PFX-$1" nft -f - ||
	    lab__die "nft script failed in $1"
}

# lab_counter NS NAME: packets of the named counter NAME, summed over all
# tables of NS; nothing printed (status 1) if there is none
lab_counter() {
	ip netns exec "$LAB_PFX-$1" nft list counters 2>/dev/null | awk -v n="$2" '
	    $1 == "counter" && ($2 == n || $2 == "\"" n "\"") { on = 1; next }
	    on && $1 == "packets" { s += $2; found = 1; on = 0 }
	    END { if (found) print s; exit !found }'
}

# lab_silent K: router K never sends Time Exceeded (counted: "silent")
lab_silent() {
	lab_nft "r$1" 'add table inet labsilent
add counter inet labsilent silent
add chain inet labsilent out { type filter hook output priority 0; }
add rule inet labsilent out icmp type time-exceeded counter name silent drop
add rule inet labsilent out icmpv6 type time-exceeded counter name silent drop'
}

# lab_route_err K prohibit|unreachable|blackhole|netunreach: router K's
# route to d (v4 and v6) becomes that kind. Route types give what Linux
# gives (v4: admin prohibited, host unreachable, silent; v6: admin
# prohibited, no route, silent); netunreach is an nft reject at
# prerouting (before the TTL check, like a route) with net-unreachable /
# icmpv6 no-route, counted as "rterr".
lab_route_err() {
	_lab_x=$LAB_PFX-r$1
	case $2 in
	prohibit | unreachable | blackhole)
		ip -n "$_lab_x" route replace "$2" "$LAB_DST4/32" &&
		    ip -n "$_lab_x" -6 route replace "$2" "$LAB_DST6/128" ||
		    lab__die "lab_route_err: route failed"
		;;
	netunreach)
		lab_nft "r$1" "add table inet labrterr
add counter inet labrterr rterr
add chain inet labrterr pre { type filter hook prerouting priority 0; }
add rule inet labrterr pre ip daddr $LAB_DST4 counter name rterr reject with icmp type net-unreachable
add rule inet labrterr pre ip6 daddr $LAB_DST6 counter name rterr reject with icmpv6 type no-route"
		;;
	*)
		lab__die "lab_route_err: unknown kind '$2'"
		;;
	esac
}

# lab_mtu K MTU: both ends of link K
lab_mtu() {
	set -- "$1" "$2" $(lab_link_dev "$1")
	[ $# = 4 ] || lab__die "lab_mtu: no link $1"
	ip -n "$LAB_PFX-$3" link set "l$1" mtu "$2" &&
	    ip -n "$LAB_PFX-$4" link set "l$1" mtu "$2" ||
	    lab__die "lab_mtu: cannot set $2 on link $1"
}

# lab_loss NS PCT [v4|v6|both]: drop PCT% of the echo requests arriving
# in NS (prerouting: for NS and beyond), counted as "loss"
lab_loss() {
	_lab_f=${3:-both}
	# numgen's values are 0..99: "< 100" is refused, so 100% is plain
	if [ "$2" -ge 100 ] 2>/dev/null; then
		_lab_m=
	elif [ "$2" -ge 0 ] 2>/dev/null; then
		_lab_m="numgen random mod 100 < $2 "
	else
		lab__die "lab_loss: bad percentage '$2'"
	fi
	_lab_s="add table inet labloss
add counter inet labloss loss
add chain inet labloss pre { type filter hook prerouting priority -10; }"
	[ "$_lab_f" != v6 ] && _lab_s="$_lab_s
add rule inet labloss pre icmp type echo-request ${_lab_m}counter name loss drop"
	[ "$_lab_f" != v4 ] && _lab_s="$_lab_s
add rule inet labloss pre icmpv6 type echo-request ${_lab_m}counter name loss drop"
	lab_nft "$1" "$_lab_s"
}

# lab_dup NS: every echo reply leaving NS by any of its links is sent
# twice (netdev egress dup), counted as "dup" (the originals). The copy
# passes the egress hook again: the mark set on the original (and so on
# its copy) keeps it from being copied again; veth clears marks between
# namespaces.
LAB_DUPMARK=0x1ab0d0
lab_dup() {
	# "dup" is an nft keyword: the counter object is made with JSON
	printf '%s\n' '{"nftables": [{"table": {"family": "netdev", "name": "labdup"}},
{"counter": {"family": "netdev", "table": "labdup", "name": "dup"}}]}' |
	    ip netns exec "$LAB_PFX-$1" nft -j -f - ||
	    lab__die "lab_dup: nft failed in $1"
	_lab_s=
	for _lab_d in $(ip -n "$LAB_PFX-$1" -o link show | awk -F': ' '
	    { sub(/@.*/, "", $2); if ($2 != "lo") print $2 }'); do
		_lab_s="$_lab_s
add chain netdev labdup e$_lab_d { type filter hook egress device $_lab_d priority 0; }
add rule netdev labdup e$_lab_d icmp type echo-reply meta mark != $LAB_DUPMARK meta mark set $LAB_DUPMARK counter name \"dup\" dup to $_lab_d
add rule netdev labdup e$_lab_d icmpv6 type echo-reply meta mark != $LAB_DUPMARK meta mark set $LAB_DUPMARK counter name \"dup\" dup to $_lab_d"
	done
	lab_nft "$1" "$_lab_s"
}

# lab_lan M: s and h1..hM on one bridge in namespace "lan"; the hosts
# answer broadcast pings
lab_lan() {
	[ "$1" -ge 1 ] 2>/dev/null || lab__die "lab_lan: bad M '$1'"
	LAB_LAN_M=$1
	lab__node lan
	ip -n "$LAB_PFX-lan" link add br0 type bridge || lab__die "no bridge"
	ip -n "$LAB_PFX-lan" link set br0 up
	_lab_k=0
	while [ $_lab_k -le "$1" ]; do
		if [ $_lab_k = 0 ]; then _lab_x=s; else _lab_x=h$_lab_k; fi
		lab__node $_lab_x
		ip -n "$LAB_PFX-lan" link add "p$_lab_x" type veth peer \
		    name lan0 netns "$LAB_PFX-$_lab_x" ||
		    lab__die "lab_lan: cannot link $_lab_x"
		ip -n "$LAB_PFX-lan" link set "p$_lab_x" master br0 up
		ip -n "$LAB_PFX-$_lab_x" addr add \
		    "198.18.100.$((_lab_k + 1))/24" brd 198.18.100.255 dev lan0
		ip -n "$LAB_PFX-$_lab_x" addr add \
		    "2001:2:0:100::$((_lab_k + 1))/64" dev lan0 nodad
		ip -n "$LAB_PFX-$_lab_x" link set lan0 up
		lab__sysctl $_lab_x net.ipv4.icmp_echo_ignore_broadcasts=0
		_lab_k=$((_lab_k + 1))
	done
	lab__settle
}

# lab_lan_addr [4|6] K: host K's address (K = 0 is s)
lab_lan_addr() {
	if [ $# = 2 ]; then
		[ "$1" = 6 ] && { echo "2001:2:0:100::$(($2 + 1))"; return; }
		shift
	fi
	echo "198.18.100.$(($1 + 1))"
}

lab_lan_bcast() {
	echo 198.18.100.255
}

# lab_hosts NS NAME ADDR...: "ADDR NAME" lines in NS's /etc/hosts
lab_hosts() {
	_lab_h=/etc/netns/$LAB_PFX-$1
	_lab_m=$2
	shift 2
	mkdir -p "$_lab_h"
	[ -f "$_lab_h/hosts" ] ||
	    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' \
	    >"$_lab_h/hosts"
	for _lab_a in "$@"; do
		printf '%s\t%s\n' "$_lab_a" "$_lab_m" >>"$_lab_h/hosts"
	done
}

# lab_delay NODE MS [errors]: every packet addressed to NODE itself (both
# families, any protocol) reaches it MS ms late, held by tests/peers/delayq
# through an NFQUEUE rule in NODE's INPUT chain (there is no netem): NODE
# answers everything MS ms late. Its input, not its output: an ICMP error
# held after the kernel made it stays charged to the kernel's per-CPU ICMP
# socket (a send buffer of 2 x 64 KB), and with a few hundred held the
# kernel drops the next ones (IcmpOutErrors): a lab artefact, not a slow
# host. With "errors", only NODE's own ICMP time exceeded and destination
# unreachable messages leave MS ms late (OUTPUT: a slow router whose
# forwarding is not; keep their number small). Packets NODE forwards are
# never delayed. The queue number is fixed per node.
lab_delay() {
	_lab_d=$1 _lab_ms=$2 _lab_w=${3:-all}
	command -v iptables >/dev/null 2>&1 ||
	    lab__die "lab_delay: iptables (NFQUEUE) not found"
	_lab_bin=${DELAYQ:-$top_builddir/tests/peers/delayq}
	[ -x "$_lab_bin" ] || lab__die "lab_delay: $_lab_bin not built"
	_lab_log=/tmp/$LAB_PFX-$_lab_d.delayq
	lab_undelay "$_lab_d"
	# a former queue's "ready pid" must not stand for this one's
	rm -f "$_lab_log"
	# not a job of this shell: the teardown's kill -9 stays quiet
	(ip netns exec "$LAB_PFX-$_lab_d" "$_lab_bin" -d "$_lab_ms" -q 7 \
	    >"$_lab_log" 2>&1 </dev/null &)
	_lab_i=0
	until grep -q '^delayq: ready' "$_lab_log" 2>/dev/null; do
		_lab_i=$((_lab_i + 1))
		[ $_lab_i -gt 50 ] && lab__die "delayq did not start: $(cat "$_lab_log")"
		sleep 0.1
	done
	for _lab_t in iptables ip6tables; do
		if [ "$_lab_w" = errors ]; then
			if [ $_lab_t = iptables ]; then
				_lab_m="-p icmp --icmp-type"
				_lab_types="time-exceeded destination-unreachable"
			else
				_lab_m="-p ipv6-icmp --icmpv6-type"
				_lab_types="time-exceeded destination-unreachable"
			fi
			for _lab_y in $_lab_types; do
				# shellcheck disable=SC2086
				ip netns exec "$LAB_PFX-$_lab_d" $_lab_t -A OUTPUT \
				    $_lab_m $_lab_y -j NFQUEUE --queue-num 7 &&
				ip netns exec "$LAB_PFX-$_lab_d" $_lab_t -C OUTPUT \
				    $_lab_m $_lab_y -j NFQUEUE --queue-num 7 ||
				    lab__die "lab_delay: $_lab_t rule did not load"
			done
		else
			# neighbour discovery goes at once (else every
			# first IPv6 packet waits twice)
			[ $_lab_t = ip6tables ] && for _lab_y in \
			    neighbour-solicitation neighbour-advertisement; do
				ip netns exec "$LAB_PFX-$_lab_d" ip6tables -A INPUT \
				    -p ipv6-icmp --icmpv6-type $_lab_y -j ACCEPT
			done
			ip netns exec "$LAB_PFX-$_lab_d" $_lab_t -A INPUT \
			    -j NFQUEUE --queue-num 7 &&
			ip netns exec "$LAB_PFX-$_lab_d" $_lab_t -C INPUT \
			    -j NFQUEUE --queue-num 7 ||
			    lab__die "lab_delay: $_lab_t rule did not load"
		fi
	done
	eval "LAB_DELAYQ_$_lab_d=$(sed -n 's/^delayq: ready pid //p' "$_lab_log")"
	rm -f "$_lab_log"
}

# lab_undelay NODE: remove NODE's delay rules and stop its delayq
lab_undelay() {
	for _lab_t in iptables ip6tables; do
		ip netns exec "$LAB_PFX-$1" $_lab_t -F OUTPUT 2>/dev/null
		ip netns exec "$LAB_PFX-$1" $_lab_t -F INPUT 2>/dev/null
	done
	eval "_lab_p=\${LAB_DELAYQ_$1:-}"
	if [ -n "$_lab_p" ]; then
		kill "$_lab_p" 2>/dev/null
		while kill -0 "$_lab_p" 2>/dev/null; do sleep 0.05; done
		eval "LAB_DELAYQ_$1="
	fi
}

# lab_unpriv_cmd CMD...: run CMD in s as nobody, no capabilities; ICMP
# datagram sockets allowed for every group in s
lab_unpriv_cmd() {
	lab__sysctl s "net.ipv4.ping_group_range=0 2147483647"
	ip netns exec "$LAB_PFX-s" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups --inh-caps=-all "$@"
}

# Multipath topologies (traceroute --multipath): a graph of routers given
# as links "K A B" (link K from A towards d to B: 198.18.K.0/24 and
# 2001:2:0:K::/64, A .1/::1, B .2/::2). Every router balances d's network
# over all its links towards d by the L4 hash (fib_multipath_hash_policy
# 1, v4 and v6; a random seed of its own per router and run), sends its
# answers back over its first link in (the first line naming it as B)
# and answers from that link's .2 address, whatever link a probe came in
# on: one address per router (lab_mp_addr). d has one link in.
# LAB_MP_V6POLICY=0: IPv6 hashes addresses and the flow label only.
# LAB_MP_EDGES keeps the links, one "K A B" a line.
#   2way       r1 -> {a, b} -> c            3way / 4way: the same, wider
#   unequal    r1 -> {a -> a2, b} -> c      (c at hop 3 and hop 4)
#   nested     r1 -> {a -> {a1, a2}, b -> b1} -> c
#   meshed     r1 -> {a, b}, a and b both -> {x, y} -> c
#   perpacket  2way, r1 spraying packets (lab_mp_per_packet)
lab__mp_edges() {
	case $1 in
	2way | perpacket)
		echo "0 s r1;1 r1 a;2 r1 b;3 a c;4 b c;5 c d" ;;
	3way)
		echo "0 s r1;1 r1 a;2 r1 b;3 r1 e;4 a c;5 b c;6 e c;7 c d" ;;
	4way)
		echo "0 s r1;1 r1 a;2 r1 b;3 r1 e;4 r1 f;5 a c;6 b c;7 e c;8 f c;9 c d" ;;
	unequal)
		echo "0 s r1;1 r1 a;2 r1 b;3 a a2;4 a2 c;5 b c;6 c d" ;;
	nested)
		echo "0 s r1;1 r1 a;2 r1 b;3 a a1;4 a a2;5 b b1;6 a1 c;7 a2 c;8 b1 c;9 c d" ;;
	meshed)
		echo "0 s r1;1 r1 a;2 r1 b;3 a x;4 a y;5 b x;6 b y;7 x c;8 y c;9 c d" ;;
	*)
		lab__die "lab_multipath: unknown topology '$1'" ;;
	esac | tr ';' '\n'
}

# lab__mp_routes NODE DL: NODE's way back to s (its first link in) and to
# d's link DL (every link out, one nexthop each)
lab__mp_routes() {
	_lab_in=$(echo "$LAB_MP_EDGES" | awk -v n="$1" '$3 == n { print $1; exit }')
	_lab_o4= _lab_o6= _lab_no=0
	for _lab_k in $(echo "$LAB_MP_EDGES" | awk -v n="$1" '$2 == n { print $1 }'); do
		_lab_o4="$_lab_o4 nexthop via 198.18.$_lab_k.2 dev l$_lab_k"
		_lab_o6="$_lab_o6 nexthop via 2001:2:0:$_lab_k::2 dev l$_lab_k"
		_lab_no=$((_lab_no + 1))
	done
	# (link 0 and d's link are attached where they end); the way back
	# names the source, so the router answers from that one address
	# whatever link a probe came in on (IPv6: else the link's, RFC 4443
	# 2.2)
	if [ "$_lab_in" != 0 ]; then
		ip -n "$LAB_PFX-$1" route add 198.18.0.0/24 \
		    via "198.18.$_lab_in.1" src "198.18.$_lab_in.2" &&
		    ip -n "$LAB_PFX-$1" -6 route add 2001:2:0:0::/64 \
		    via "2001:2:0:$_lab_in::1" src "2001:2:0:$_lab_in::2" ||
		    lab__die "lab_multipath: way back of $1"
	fi
	if ! echo "$LAB_MP_EDGES" | grep -q "^$2 $1 "; then
		# shellcheck disable=SC2086
		ip -n "$LAB_PFX-$1" route add "198.18.$2.0/24" $_lab_o4 &&
		    ip -n "$LAB_PFX-$1" -6 route add "2001:2:0:$2::/64" \
		    $_lab_o6 || lab__die "lab_multipath: routes of $1"
	fi
	# a seed of its own per router and run (one kernel, one seed would
	# have every router hash a flow alike: a router after another
	# would send all the flows it gets down one link)
	_lab_seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	lab__sysctl "$1" net.ipv4.fib_multipath_hash_policy=1 \
	    "net.ipv6.fib_multipath_hash_policy=${LAB_MP_V6POLICY:-1}" \
	    "net.ipv4.fib_multipath_hash_seed=$_lab_seed"
}

# lab_multipath NAME: build topology NAME (above); LAB_DST4/6 is d
lab_multipath() {
	LAB_TOPO=multipath
	LAB_MP_EDGES=$(lab__mp_edges "$1")
	LAB_N=0
	for _lab_x in $(echo "$LAB_MP_EDGES" | awk '{ print $2; print $3 }' |
	    sort -u); do
		case $_lab_x in
		s | d) lab__node "$_lab_x" ;;
		*) lab__router "$_lab_x" ;;
		esac
	done
	while read -r _lab_k _lab_a _lab_b; do
		lab__link "$_lab_k" "$_lab_a" "$_lab_b" "198.18.$_lab_k" \
		    "2001:2:0:$_lab_k"
	done <<LABEOF
$LAB_MP_EDGES
LABEOF
	_lab_dl=$(echo "$LAB_MP_EDGES" | awk '$3 == "d" { print $1 }')
	for _lab_x in $(echo "$LAB_MP_EDGES" | awk '$2 != "s" { print $2 }' |
	    sort -u); do
		lab__mp_routes "$_lab_x" "$_lab_dl"
	done
	lab__route s all 198.18.0.2 2001:2::2
	lab__route d all "198.18.$_lab_dl.1" "2001:2:0:$_lab_dl::1"
	LAB_DST4=198.18.$_lab_dl.2
	LAB_DST6=2001:2:0:$_lab_dl::2
	[ "$1" = perpacket ] && lab_mp_per_packet r1
	lab__settle
}

# lab_mp_per_packet NODE: NODE sends each packet for d over one of its
# links out at random: nftables numgen marks 1..N at prerouting, ip rule
# fwmark i -> table 100+i, a route over link i only. Counted per mark as
# "pp1".."ppN".
lab_mp_per_packet() {
	_lab_ks=$(echo "$LAB_MP_EDGES" | awk -v n="$1" '$2 == n { print $1 }')
	_lab_no=$(echo "$_lab_ks" | wc -w)
	_lab_s="add table inet labpp
add chain inet labpp pre { type filter hook prerouting priority -150; }
add rule inet labpp pre ip daddr $LAB_DST4 meta mark set numgen random mod $_lab_no offset 1
add rule inet labpp pre ip6 daddr $LAB_DST6 meta mark set numgen random mod $_lab_no offset 1"
	_lab_i=0
	for _lab_k in $_lab_ks; do
		_lab_i=$((_lab_i + 1))
		_lab_s="$_lab_s
add counter inet labpp pp$_lab_i
add rule inet labpp pre meta mark $_lab_i counter name pp$_lab_i"
		ip -n "$LAB_PFX-$1" rule add fwmark $_lab_i table $((100 + _lab_i)) &&
		    ip -n "$LAB_PFX-$1" -6 rule add fwmark $_lab_i table $((100 + _lab_i)) &&
		    ip -n "$LAB_PFX-$1" route add "$LAB_DST4/32" via "198.18.$_lab_k.2" \
		    table $((100 + _lab_i)) &&
		    ip -n "$LAB_PFX-$1" -6 route add "$LAB_DST6/128" \
		    via "2001:2:0:$_lab_k::2" table $((100 + _lab_i)) ||
		    lab__die "lab_mp_per_packet: rules of $1"
	done
	lab_nft "$1" "$_lab_s"
}

# lab_mp_addr 4|6 NODE: the address NODE answers from (its first link in)
lab_mp_addr() {
	_lab_in=$(echo "$LAB_MP_EDGES" | awk -v n="$2" '$3 == n { print $1; exit }')
	if [ "$1" = 6 ] && [ "$_lab_in" = 0 ]; then
		echo 2001:2::2
	elif [ "$1" = 6 ]; then
		echo "2001:2:0:$_lab_in::2"
	else
		echo "198.18.$_lab_in.2"
	fi
}

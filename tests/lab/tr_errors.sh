#!/bin/sh
# tr_errors.sh: annotations from the lab's error routes and nft rejects,
# in one chain of 4 routers, each step breaking the path earlier:
# a destination rejecting the protocol -> !P (the destination answered:
# exit 0); prohibit at r3 -> !X on hop 3; unreachable at r2 -> !H on hop 2;
# netunreach at r1 -> !N on hop 1. Each ends the trace at that hop
# (--exit-status: 1, not reached).
# IPv4 route errors (ip_error) are rate limited per peer by the kernel
# (net.ipv4.route.error_cost/error_burst: global, not per namespace; a new
# peer starts with no tokens, then earns one a second, five at most): a
# first probe creates the peer, a pause fills the bucket, then all three
# probes of the hop must carry the annotation.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
OUT=$(mktemp)

check_kind() {	# what hop annotation family
	if [ $4 = 4 ]; then
		lab_exec s "$TRACEROUTE" -n -q 1 -f $2 -m $2 -w 0.2 \
		    "$(lab_dst_addr 4)" >/dev/null 2>&1
		sleep 4
	fi
	lab_exec s "$TRACEROUTE" --exit-status -n -$4 "$(lab_dst_addr $4)" \
	    >"$OUT" 2>&1
	tr_expect_status $? 1 "$1 (-$4, --exit-status)"
	tr_expect_hop "$OUT" $2 "$(lab_hop_addr $4 $2)"
	tr_expect_line "$OUT" $2 "( +[0-9.]+ ms $3){3}\$"
	[ "$(tr_nlines "$OUT")" = $2 ] ||
	    tr_fail "$1: $(tr_nlines "$OUT") hop lines, want $2"
}

lab_chain 4
lab_nft d 'add table inet trrej
add chain inet trrej in { type filter hook input priority 0; }
add rule inet trrej in ip protocol udp reject with icmp type prot-unreachable'
lab_exec s "$TRACEROUTE" -n "$(lab_dst_addr 4)" >"$OUT" 2>&1
tr_expect_status $? 0 "destination rejects the protocol"
tr_expect_hop "$OUT" 5 "$(lab_dst_addr 4)"
tr_expect_line "$OUT" 5 '( +[0-9.]+ ms !P){3}$'

lab_route_err 3 prohibit
check_kind prohibit 3 '!X' 4
check_kind prohibit 3 '!X' 6
lab_route_err 2 unreachable
check_kind unreachable 2 '!H' 4
lab_route_err 1 netunreach
check_kind netunreach 1 '!N' 4
check_kind netunreach 1 '!N' 6
rm -f "$OUT"
tr_done

#!/bin/sh
# lib_many.sh: one handle of the installed API, many destinations (issue
# 9): tests/peers/many_echo adds every address of a prefix to ONE handle,
# sends one echo request to each (icmpt_send_all) and reports the
# destinations that got no answer. d of a chain of 1 answers for 1024
# addresses per family (198.19.64.0/22 and 2001:2:0:6400::/118 routed as
# local), and nftables in d drops the requests to a known set of them
# (every 7th, and a run of 20), counting each drop. Asserted, for IPv4,
# IPv6, both families in one handle, as root (raw sockets) and as nobody
# (ICMP datagram sockets), reading with icmpt_recv's own wait and (-p)
# with poll() on icmpt_fd(), and with requests that need fragments (1400
# data bytes; 400 over a 400-byte link): exactly the dropped addresses are reported
# lost, every other address answered exactly once (a 300 ms linger
# catches duplicates), from its own address, no error, and the drop
# counter grew by the number reported lost.
. "$top_srcdir/tests/lab/lib.sh"
lab_init
MANY=$top_builddir/tests/peers/many_echo
[ -x "$MANY" ] || { echo "SKIP: $MANY not built (make check builds it)"; exit 77; }
P4=198.19.64.0/22
P6=2001:2:0:6400::/118
N=1024
RUN_LO=500	# indices RUN_LO..RUN_HI are dropped as one run
RUN_HI=519
OUT=$(mktemp)
WANT=$(mktemp)
GOT=$(mktemp)
chmod 644 "$OUT"

lab_chain 1
ip -n "$(lab_ns d)" route add local $P4 dev lo &&
    ip -n "$(lab_ns d)" -6 route add local $P6 dev lo &&
    ip -n "$(lab_ns r1)" route add $P4 via "$(lab_hop_addr 4 2)" &&
    ip -n "$(lab_ns r1)" -6 route add $P6 via "$(lab_hop_addr 6 2)" ||
    lab__die "routes for $P4 / $P6 did not load"

# addr 4|6 I: address I of the prefix, as inet_ntop writes it
addr() {
	if [ "$1" = 4 ]; then
		echo "198.19.$((64 + $2 / 256)).$(($2 % 256))"
	elif [ "$2" = 0 ]; then
		echo "2001:2:0:6400::"
	else
		printf '2001:2:0:6400::%x\n' "$2"
	fi
}
dropped() {	# dropped I: is index I in the drop set?
	[ $(($1 % 7)) = 0 ] || { [ "$1" -ge $RUN_LO ] && [ "$1" -le $RUN_HI ]; }
}
for f in 4 6; do
	i=0
	while [ $i -lt $N ]; do
		dropped $i && addr $f $i
		i=$((i + 1))
	done >"$WANT.$f"
done
ND=$(wc -l <"$WANT.4")
[ "$ND" = 164 ] || lab__die "drop set has $ND addresses, want 164"

elements() {	# elements FILE: "a, b, c"
	paste -sd, "$1" | sed 's/,/, /g'
}
lab_nft d "add table inet labmany
add counter inet labmany lost4
add counter inet labmany lost6
add set inet labmany drop4 { type ipv4_addr; }
add set inet labmany drop6 { type ipv6_addr; }
add element inet labmany drop4 { $(elements "$WANT.4") }
add element inet labmany drop6 { $(elements "$WANT.6") }
add chain inet labmany in { type filter hook input priority 0; }
add rule inet labmany in ip daddr @drop4 icmp type echo-request counter name lost4 drop
add rule inet labmany in ip6 daddr @drop6 icmpv6 type echo-request counter name lost6 drop"
# the rules are there and the sets hold exactly the addresses meant
for f in 4 6; do
	lab_exec d nft list set inet labmany drop$f | tr -s ' ,{}\t' '\n\n\n\n\n' |
	    grep -E '^(198\.19\.|2001:2:0:6400:)' | sort >"$GOT"
	sort "$WANT.$f" | cmp -s - "$GOT" &&
	    lab_ok "nft set drop$f holds the $ND addresses" ||
	    lab_fail "nft set drop$f: $(wc -l <"$GOT") addresses, want $ND"
	lab_exec d nft list chain inet labmany in | grep -q "@drop$f .*counter name \"*lost$f\"* drop" &&
	    lab_ok "nft rule for drop$f loaded" ||
	    lab_fail "nft rule for drop$f missing: $(lab_exec d nft list chain inet labmany in | tr '\n' '|')"
done

# one WHO FAMS [-p] PREFIXES...: one run, then every assertion
one() {
	_who=$1 _fams=$2
	shift 2
	_what="$_who, $*"
	for f in 4 6; do eval "_b$f=\$(lab_counter d lost$f)"; done
	if [ "$_who" = nobody ]; then
		lab_unpriv_cmd "$MANY" -l 300 "$@" >"$OUT" 2>&1
	else
		lab_exec s "$MANY" -l 300 "$@" >"$OUT" 2>&1
	fi
	_st=$?
	: >"$WANT"
	_nd=0
	for f in $_fams; do
		cat "$WANT.$f" >>"$WANT"
		_nd=$((_nd + ND))
	done
	_n=$((N * $(echo $_fams | wc -w)))
	# exit 1: some were lost (as meant); the rest says whether it's right
	[ $_st = 1 ] && lab_ok "$_what: exit 1" ||
	    lab_fail "$_what: exit $_st: $(head -3 "$OUT" | tr '\n' '|')"
	sed -n 's/^lost //p' "$OUT" | sort >"$GOT"
	sort "$WANT" | cmp -s - "$GOT" &&
	    lab_ok "$_what: exactly the $_nd dropped addresses lost" ||
	    lab_fail "$_what: lost $(wc -l <"$GOT") addresses, want $_nd; diff: $(sort "$WANT" | diff - "$GOT" | grep '^[<>]' | head -5 | tr '\n' ' ')"
	grep -Eq '^(dup|error|from) ' "$OUT" &&
	    lab_fail "$_what: $(grep -E '^(dup|error|from) ' "$OUT" | head -3 | tr '\n' '|')" ||
	    lab_ok "$_what: no duplicate, no error, every reply from its address"
	_sum="sent $_n answered $((_n - _nd)) lost $_nd dup 0 errors 0"
	grep -q "^$_sum not_ours 0 " "$OUT" &&
	    lab_ok "$_what: $(tail -1 "$OUT")" ||
	    lab_fail "$_what: summary '$(tail -1 "$OUT")', want '$_sum not_ours 0 ...'"
	_raw=1
	[ "$_who" = nobody ] && _raw=0
	for f in $_fams; do
		grep -q " raw$f=$_raw\( \|\$\)" "$OUT" ||
		    lab_fail "$_what: IPv$f socket not raw=$_raw: $(tail -1 "$OUT")"
		eval "_d=\$((\$(lab_counter d lost$f) - _b$f))"
		[ "$_d" = "$ND" ] &&
		    lab_ok "$_what: nft dropped $_d IPv$f requests = lost" ||
		    lab_fail "$_what: nft dropped $_d IPv$f requests, $ND lost"
	done
	# the other family was not touched
	for f in 4 6; do
		case " $_fams " in *" $f "*) continue ;; esac
		eval "_d=\$((\$(lab_counter d lost$f) - _b$f))"
		[ "$_d" = 0 ] || lab_fail "$_what: $_d IPv$f drops, want 0"
	done
}

one root 4 $P4
one root 6 $P6
one root "4 6" $P4 $P6
# the answers that came while icmpt_send_all sent are held in the
# handle: poll() on icmpt_fd() must still see them
one root "4 6" -p $P4 $P6
one nobody 4 $P4
one nobody 6 $P6
one nobody "4 6" $P6 $P4
one nobody "4 6" -p $P6 $P4
# requests too large for the handle's IPv4 "do" PMTU mode (it goes back
# to the kernel's default: fragments allowed), and, with link 0 at 400
# bytes (IPv4 only from here: IPv6 needs 1280), requests the kernel
# refuses in "do" (EMSGSIZE) and must send again fragmented
one root "4 6" -s 1400 $P4 $P6
lab_mtu 0 400
one root 4 -s 400 $P4
one nobody 4 -s 400 $P4
rm -f "$OUT" "$WANT" "$WANT.4" "$WANT.6" "$GOT"
lab_done

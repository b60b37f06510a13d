#!/bin/sh
# check_icmp_lab.sh: icmp.h's one-call trace and echo through a lab chain
# (s - r1 - r2 - d), both families, as root (raw sockets) and as nobody
# (ICMP datagram sockets: Time Exceeded arrives through the error queue).
# Asserts the lab's truth: hop k answers from lab_hop_addr, the last hop is
# d, and a silent router shows as "*" while its nft counter counts.
. "${top_srcdir:-.}/tests/lab/lib.sh"

EX=${ICMP_EXAMPLE:-$top_builddir/tests/unit/icmp_example}
[ -x "$EX" ] || { echo "SKIP: $EX not built"; exit 77; }

lab_init
lab_chain 2

# canon ADDR: the lab's IPv6 text as inet_ntop writes it (2001:2:0:0::2 is
# 2001:2::2; the other lab addresses are already canonical)
canon() {
	echo "$1" | sed 's/:0:0::/::/'
}

# trace_ok FAM OUT: hops 1, 2 are r1, r2 (time-exceeded), hop 3 is d
trace_ok() {
	_f=$1
	_o=$2
	_h1=$(canon "$(lab_hop_addr "$_f" 1)")
	_h2=$(canon "$(lab_hop_addr "$_f" 2)")
	_d=$(canon "$(lab_dst_addr "$_f")")
	printf '%s\n' "$_o" | awk -v h1="$_h1" -v h2="$_h2" -v d="$_d" '
	    NR == 1 && $1 == 1 && $2 == h1 && $5 == "time-exceeded" { ok++ }
	    NR == 2 && $1 == 2 && $2 == h2 && $5 == "time-exceeded" { ok++ }
	    NR == 3 && $1 == 3 && $2 == d && $5 == "echo-reply" { ok++ }
	    END { exit !(ok == 3 && NR == 3) }'
}

for f in 4 6; do
	d=$(lab_dst_addr $f)
	out=$(lab_exec s "$EX" -t 8 "$d")
	rc=$?
	echo "$out" | sed "s/^/  v$f root: /"
	lab_check "v$f trace as root: exit 0" [ "$rc" -eq 0 ]
	lab_check "v$f trace as root: r1, r2, d" trace_ok $f "$out"

	out=$(lab_unpriv_cmd "$EX" -t 8 "$d")
	rc=$?
	echo "$out" | sed "s/^/  v$f nobody: /"
	lab_check "v$f trace as nobody: exit 0" [ "$rc" -eq 0 ]
	lab_check "v$f trace as nobody: r1, r2, d" trace_ok $f "$out"

	out=$(lab_unpriv_cmd "$EX" "$d")
	rc=$?
	echo "  v$f echo as nobody: $out"
	lab_check "v$f echo as nobody" [ "$rc" -eq 0 ]
	case $out in
	"echo-reply from $d: "*) lab_ok "v$f echo reply from d" ;;
	*) lab_fail "v$f echo reply from d" ;;
	esac
done

# r2 silent: hop 2 is "*", and r2 really dropped its Time Exceeded
lab_silent 2
for f in 4 6; do
	before=$(lab_counter r2 silent)
	out=$(lab_exec s "$EX" -t 8 "$(lab_dst_addr $f)")
	after=$(lab_counter r2 silent)
	echo "$out" | sed "s/^/  v$f silent r2: /"
	lab_check "v$f silent hop 2 is *" \
	    [ "$(echo "$out" | sed -n 2p)" = "2 *" ]
	lab_check "v$f hop 3 still d" \
	    [ "$(echo "$out" | sed -n 3p | cut -d' ' -f2)" = "$(lab_dst_addr $f)" ]
	lab_check "v$f r2 counted a dropped Time Exceeded ($before -> $after)" \
	    [ "${after:-0}" -gt "${before:-0}" ]
done
lab_done

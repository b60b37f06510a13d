#!/bin/sh
# tr_esc_names.sh (issue 8.4): hostile names reach neither tool's output
# raw. On a chain of 2, the source's hosts file (glibc's files backend
# hands getnameinfo the bytes as they are) names r1 "evil<ESC>[2Jname",
# r2 "rötér" (UTF-8) and the destination "dst<ESC>]0;t<BEL><U+009B>x<DEL>"
# (v4) and "v6<ESC>[1mdst" (v6). ping (header, replies, Time Exceeded from
# r1 and r2, statistics; IPv4 and IPv6) and traceroute (header, every
# hop's name; IPv4 and IPv6), both without -n, under LC_ALL=C and
# LC_ALL=C.UTF-8, must print:
#   - no raw control byte (C0 but the newline, DEL, C1) on stdout/stderr;
#   - each name escaped (\x1b, \x07, \xc2\x9b, \x7f) on the lines where the
#     lab says it belongs (the address in parentheses is the hop's);
#   - "rötér" as it is under C.UTF-8, as r\xc3\xb6t\xc3\xa9r under C (and
#     no byte >= 0x80 at all under C).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
lab_init
lab_chain 2
[ -x "$PING" ] || { echo "SKIP: $PING not built"; exit 77; }

ESC=$(printf '\033')
N_R1=$(printf 'evil\033[2Jname')
N_R2=$(printf 'r\303\266t\303\251r')
N_D4=$(printf 'dst\033]0;t\007\302\233x\177')
N_D6=$(printf 'v6\033[1mdst')
E_R1='evil\x1b[2Jname'
E_R2C='r\xc3\xb6t\xc3\xa9r'
E_D4='dst\x1b]0;t\x07\xc2\x9bx\x7f'
E_D6='v6\x1b[1mdst'
R1_4=$(lab_hop_addr 4 1)
R2_4=$(lab_hop_addr 4 2)
D4=$(lab_dst_addr 4)
R1_6=$(tr_canon "$(lab_hop_addr 6 1)")
R2_6=$(tr_canon "$(lab_hop_addr 6 2)")
D6=$(tr_canon "$(lab_dst_addr 6)")
lab_hosts s "$N_R1" "$R1_4" "$R1_6"
lab_hosts s "$N_R2" "$R2_4" "$R2_6"
lab_hosts s "$N_D4" "$D4"
lab_hosts s "$N_D6" "$D6"

# the premise: the resolver returns the raw bytes (else nothing to test)
lab_exec s getent hosts "$R1_4" | grep -q "$ESC" ||
    { echo "SKIP: the resolver does not return raw names here"; exit 77; }

OUT=$(mktemp)
ERR=$(mktemp)
ALL=$(mktemp)

# run LOCALE TOOL ARGS...: stdout in $OUT, stderr in $ERR, status in $RC
run() {
	_loc=$1
	_bin=$2
	shift 2
	lab_exec s env LC_ALL="$_loc" "$_bin" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	cat "$OUT" "$ERR" >"$ALL"
	# our own log shows the names harmless too
	WHAT=$(printf 'LC_ALL=%s %s %s' "$_loc" "$(basename "$_bin")" "$*" |
	    LC_ALL=C cat -v)
}

show() {
	LC_ALL=C sed 's/^/	| /' "$ALL" | LC_ALL=C cat -v
}

# has FIXED-TEXT WHAT: some output line holds the text
has() {
	if grep -Fq -- "$1" "$OUT"; then
		tr_ok "$WHAT: $2"
	else
		tr_fail "$WHAT: $2: no line holds '$1'"
		show
	fi
}

# status WANT
status() {
	[ "$RC" = "$1" ] && tr_ok "$WHAT: exit $1" || {
		tr_fail "$WHAT: exit $RC, want $1"; show; }
}

# clean LOCALE: no raw control byte but the newline; under C no byte
# outside printable ASCII either
clean() {
	if LC_ALL=C tr -d '\n' <"$ALL" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		tr_fail "$WHAT: raw control byte in the output"
		show
	elif LC_ALL=C tr -d '\n' <"$ALL" | LC_ALL=C grep -q "$(printf \
	    '[\200-\237]')"; then
		tr_fail "$WHAT: raw C1 byte in the output"
		show
	elif [ "$1" = C ] && LC_ALL=C tr -d '\n' <"$ALL" |
	    LC_ALL=C grep -q '[^ -~]'; then
		tr_fail "$WHAT: raw byte >= 0x80 under C"
		show
	else
		tr_ok "$WHAT: no raw control byte"
	fi
}

for loc in C C.UTF-8; do
	if [ "$loc" = C ]; then
		e_r2=$E_R2C
	else
		if ! LC_ALL=C.UTF-8 locale charmap 2>/dev/null | grep -q UTF-8
		then
			echo "info: no C.UTF-8 locale: UTF-8 runs skipped"
			continue
		fi
		e_r2=$N_R2
	fi

	run $loc "$PING" -c 1 -W 2 "$N_D4"
	status 0
	clean $loc
	has "PING $E_D4 ($D4) 56(84) bytes of data." "header"
	has "64 bytes from $E_D4 ($D4): icmp_seq=1 ttl=62 time=" "reply"
	has "--- $E_D4 ping statistics ---" "statistics"

	run $loc "$PING" -c 1 -t 1 -W 2 "$N_D4"
	status 1
	clean $loc
	has "From $E_R1 ($R1_4) icmp_seq=1 Time to live exceeded" "r1 error"

	run $loc "$PING" -c 1 -t 2 -W 2 "$N_D4"
	status 1
	clean $loc
	has "From $e_r2 ($R2_4) icmp_seq=1 Time to live exceeded" "r2 error"

	run $loc "$PING" -6 -c 1 -W 2 "$N_D6"
	status 0
	clean $loc
	has "PING $E_D6($E_D6 ($D6)) 56 data bytes" "-6 header"
	has "64 bytes from $E_D6 ($D6): icmp_seq=1 ttl=62 time=" "-6 reply"

	run $loc "$TRACEROUTE" -q 1 -w 2 "$N_D4"
	status 0
	clean $loc
	has "traceroute to $E_D4 ($D4), 30 hops max, 60 byte packets" \
	    "header"
	has " 1  $E_R1 ($R1_4)  " "hop 1"
	has " 2  $e_r2 ($R2_4)  " "hop 2"
	has " 3  $E_D4 ($D4)  " "hop 3"

	run $loc "$TRACEROUTE" -6 -q 1 -w 2 "$N_D6"
	status 0
	clean $loc
	has "traceroute to $E_D6 ($D6), 30 hops max, 80 byte packets" \
	    "-6 header"
	has " 1  $E_R1 ($R1_6)  " "-6 hop 1"
	has " 2  $e_r2 ($R2_6)  " "-6 hop 2"
	has " 3  $E_D6 ($D6)  " "-6 hop 3"
done
rm -f "$OUT" "$ERR" "$ALL"
tr_done

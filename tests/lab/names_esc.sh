#!/bin/sh
# names_esc.sh (issue 8.4): names from an NSS source that does not filter
# (the netns hosts file) holding terminal escapes, a newline-free CSI, DEL
# and invalid UTF-8 are printed escaped by both tools, never raw; a valid
# UTF-8 name is kept under a UTF-8 locale and escaped under C. The reverse
# names are hop 1 (r1) and the destination d of a chain of 1 router.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
UTF8=C.UTF-8
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || UTF8=
EVIL=$(printf 'evil\033[2J\033]0;owned\007\177\377x')
NICE=$(printf 'r\303\266ter')
lab_hosts s "$EVIL" "$(lab_hop_addr 4 1)" "$(lab_hop_addr 6 1)"
lab_hosts s "$NICE" "$(lab_dst_addr 4)" "$(lab_dst_addr 6)"

# no_raw WHAT FILE: no byte below 0x20 but newline, no DEL, no 0xff, and
# the escapes of EVIL are there
no_raw() {
	if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177\377]')" "$2"; then
		lab_fail "$1: a raw control byte: $(od -c "$2" | head -5 | tr '\n' '|')"
	elif grep -qF 'evil\x1b[2J\x1b]0;owned\x07\x7f\xffx' "$2"; then
		lab_ok "$1: printed escaped"
	else
		lab_fail "$1: escaped name missing: $(tr '\n' '|' <"$2")"
	fi
}

for loc in C $UTF8; do
	for f in 4 6; do
		# ping -t 1 to d by name (so sources are looked up, as
		# iputils): r1 answers Time Exceeded, its name is EVIL
		LC_ALL=$loc lab_exec s "$PING" -$f -c 1 -t 1 -W 1 "$NICE" \
		    >"$PG_OUT" 2>&1
		no_raw "$loc -$f ping From line" "$PG_OUT"
		LC_ALL=$loc lab_exec s "$TRACEROUTE" -$f -q 1 \
		    "$(lab_dst_addr $f)" >"$PG_OUT" 2>&1
		no_raw "$loc -$f traceroute hop 1" "$PG_OUT"
		# the destination's UTF-8 name
		want=$NICE
		[ $loc = C ] && want='r\xc3\xb6ter'
		if grep -qF "2  $want (" "$PG_OUT"; then
			lab_ok "$loc -$f traceroute: d's UTF-8 name as '$want'"
		else
			lab_fail "$loc -$f traceroute: want '$want': $(tr '\n' '|' <"$PG_OUT")"
		fi
		LC_ALL=$loc lab_exec s "$PING" -$f -c 1 "$NICE" >"$PG_OUT" 2>&1
		if grep -qF "bytes from $want (" "$PG_OUT" &&
		    grep -qF -- "--- $want ping statistics ---" "$PG_OUT"; then
			lab_ok "$loc -$f ping $NICE: name as '$want'"
		else
			lab_fail "$loc -$f ping $NICE: $(tr '\n' '|' <"$PG_OUT")"
		fi
	done
done
pg_done

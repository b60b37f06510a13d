#!/bin/sh
# badargs.sh: a table of invalid command lines for ping and traceroute.
# Each row must exit 2 with nothing on stdout and exactly one line on
# stderr that names the problem (an extended regex per row, usually the
# bad value or the option), and no sanitizer report (which would add lines).
# An argument holding control bytes is echoed escaped (\xNN), never raw:
# no raw control byte may reach stderr (checked for every row); ${NL} and
# ${ESC} in the table's arguments are a newline and an escape.
#
# Nothing leaves the machine: when it can, the test re-runs itself in a
# private network namespace (unshare -n, or unshare -rn for a normal
# user) holding only an "up" loopback, so a wrongly accepted row pings
# 127.0.0.1 / ::1 at most, the unknown-host rows fail without any DNS
# query reaching a real server and a lab address has no route at all
# (rows marked ISO; also those that need a ping socket before failing).
# Without such a namespace the ISO rows are skipped
# (the others still run). No root and no lab needed.
#
# traceroute's failing system calls (a device, a source, no route) exit 1
# by default, as 2.1.2; those rows say --exit-status, which makes every
# error 2 (tests/lab/tr_exit.sh checks the default).
#
# BADARGS_TABLE=FILE replaces the built-in table (to prove it can fail).
. "$top_srcdir/tests/hard/hard_lib.sh"
h_need_bins

if [ -z "$HARD_ISOLATED" ]; then
	for _u in "unshare -n" "unshare -rn"; do
		if $_u sh -c 'ip link set lo up' >/dev/null 2>&1; then
			HARD_ISOLATED=1 exec $_u sh -c \
			    'ip link set lo up && exec sh "$0"' "$0"
		fi
	done
	HARD_ISOLATED=0
fi
if [ "$HARD_ISOLATED" = 1 ]; then
	echo "info: running in a private network namespace (only lo)"
else
	echo "info: no private network namespace: unknown-host rows skipped"
fi

OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"' EXIT

# host names that must not resolve: nothing of .invalid may be in hosts
BADHOST=no.such.host.invalid
if grep -q '\.invalid' /etc/hosts 2>/dev/null; then
	h_fail "/etc/hosts holds a .invalid name: fix the machine"
fi

# tool <TAB> regex naming the problem <TAB> arguments (shell words)
# X0 is a standalone 0, Xx a standalone x.
table() {
	if [ -n "$BADARGS_TABLE" ]; then
		cat "$BADARGS_TABLE"
		return
	fi
	cat <<'ROWS'
ping	X0	-c 0 127.0.0.1
ping	-1	-c -1 127.0.0.1
ping	5x	-c 5x 127.0.0.1
ping	99999999999999999999	-c 99999999999999999999 127.0.0.1
ping	''	-c '' 127.0.0.1
ping	-1	-i -1 127.0.0.1
ping	0\.2x	-i 0.2x 127.0.0.1
ping	nan	-i nan 127.0.0.1
ping	-1	-W -1 127.0.0.1
ping	Xx	-W x 127.0.0.1
ping	Xx	-w x 127.0.0.1
ping	-1	-w -1 127.0.0.1
ping	65508	-s 65508 127.0.0.1
ping	65528	-6 -s 65528 ::1
ping	-1	-s -1 127.0.0.1
ping	256	-t 256 127.0.0.1
ping	X0	-t 0 127.0.0.1
ping	xyz	-p xyz 127.0.0.1
ping	foo	-M foo 127.0.0.1
ping	bar	-T bar 127.0.0.1
ping	300	-Q 300 127.0.0.1
ping	70000	-l 70000 127.0.0.1
ping	X0	-l 0 127.0.0.1
ping	'c'|-c|count	127.0.0.1 -c
ping	9223372036854775808	-c 9223372036854775808 127.0.0.1
ping	4294967297	-t 4294967297 127.0.0.1
ping	4294967352	-s 4294967352 127.0.0.1
ping	2147483648	-w 2147483648 127.0.0.1
ping	1e400	-i 1e400 127.0.0.1
ping	inf	-W inf 127.0.0.1
ping	0x100|256	-Q 0x100 127.0.0.1
ping	i{16}	ISO -I IFNAMSIZ_LONG 127.0.0.1
ping	HOST_LONG	ISO -n -c 1 HOST_LONG
ping	'i'|-i|interval	127.0.0.1 -i
ping	bogus	--bogus 127.0.0.1
ping	'Z'|-Z	-Z 127.0.0.1
ping	Xx	--count=x 127.0.0.1
ping	bogus	--type=bogus 127.0.0.1
ping	[Dd]estination|host	
ping	[Dd]estination|host	-c 1
ping	no\.such\.host\.invalid	ISO -c 1 no.such.host.invalid
ping	no\.such\.host\.invalid	ISO -6 -c 1 no.such.host.invalid
ping	-4.*-6|-6.*-4	-4 -6 127.0.0.1
ping	::1	-4 ::1
ping	127\.0\.0\.1	-6 127.0.0.1
ping	nosuchdev0	ISO -I nosuchdev0 127.0.0.1
traceroute	probes per hop|-q	-q 0 127.0.0.1
traceroute	probes per hop|-q	-q 11 127.0.0.1
traceroute	Xx	-q x 127.0.0.1
traceroute	-q	127.0.0.1 -q
traceroute	4294967297|-q|probes per hop	-q 4294967297 127.0.0.1
traceroute	4294967551|-m|max hops	-m 4294967551 127.0.0.1
traceroute	4294967297|-N	-N 4294967297 127.0.0.1
traceroute	4294967376|-p	-p 4294967376 127.0.0.1
traceroute	18446744073709551616|packetlen	127.0.0.1 18446744073709551616
traceroute	0x100000|-l	-l 0x100000 127.0.0.1
traceroute	1e400|-w	-w 1e400 127.0.0.1
traceroute	inf|-z	-z inf 127.0.0.1
traceroute	[Gg]ateways|8	-g 198.18.0.1,198.18.0.2,198.18.0.3,198.18.0.4,198.18.0.5,198.18.0.6,198.18.0.7,198.18.0.8,198.18.0.9 127.0.0.1
traceroute	i{16}	--exit-status -i IFNAMSIZ_LONG 127.0.0.1
traceroute	HOST_LONG	ISO -n HOST_LONG
traceroute	hop	-m 0 127.0.0.1
traceroute	255|256|max hops	-m 256 127.0.0.1
traceroute	Xx	-m x 127.0.0.1
traceroute	first hop|-f	-f 0 127.0.0.1
traceroute	first hop|-f	-f 5 -m 3 127.0.0.1
traceroute	-1	-w -1 127.0.0.1
traceroute	a,b	-w a,b 127.0.0.1
traceroute	1,2,3,4	-w 1,2,3,4 127.0.0.1
traceroute	-N	-N 0 127.0.0.1
traceroute	70000	-p 70000 127.0.0.1
traceroute	Xx	-p x 127.0.0.1
traceroute	Xx	-z x 127.0.0.1
traceroute	-1	-z -1 127.0.0.1
traceroute	300	-t 300 127.0.0.1
traceroute	Xx	-l x 127.0.0.1
traceroute	1048576	-l 1048576 127.0.0.1
traceroute	-g|gateway	-6 -g ::1 ::1
traceroute	-T|-I|tcp|icmp|conflict	-T -I 127.0.0.1
traceroute	foo	-M foo 127.0.0.1
traceroute	bogus	--bogus 127.0.0.1
traceroute	-Z	-Z 127.0.0.1
traceroute	host	
traceroute	host	-n -q 1
traceroute	-4.*-6|-6.*-4	-4 -6 127.0.0.1
traceroute	::1	-4 ::1
traceroute	127\.0\.0\.1	-6 127.0.0.1
traceroute	no\.such\.host\.invalid	ISO no.such.host.invalid
traceroute	198\.18\.5\.5: Network is unreachable	ISO --exit-status -n 198.18.5.5
traceroute	2001:2::5: Network is unreachable	ISO --exit-status -n 2001:2::5
ping	[Uu]nreachable	ISO -n -c 1 198.18.5.5
ping	[Uu]nreachable	ISO -n -c 1 2001:2::5
traceroute	70000	127.0.0.1 70000
traceroute	5x	127.0.0.1 5x
traceroute	extra	127.0.0.1 100 extra
traceroute	sport	--sport=0 127.0.0.1
traceroute	fwmark|Xx	--fwmark=x 127.0.0.1
traceroute	gap-limit	--gap-limit=0 127.0.0.1
traceroute	nosuchdev0	--exit-status -i nosuchdev0 127.0.0.1
traceroute	198\.18\.255\.254	--exit-status -s 198.18.255.254 127.0.0.1
ping	no\\x0asuch	ISO -c 1 "$(printf 'no\nsuch.invalid')"
ping	\\x1b\[31mred	ISO -c 1 "$(printf '\033[31mred.invalid')"
ping	1\\x1b\]0;x	-c "$(printf '1\033]0;x')" 127.0.0.1
ping	\\x0d	-p "$(printf 'ff\r')" 127.0.0.1
traceroute	no\\x0asuch	ISO "$(printf 'no\nsuch.invalid')"
traceroute	3\\x1b\[2J	-q "$(printf '3\033[2J')" 127.0.0.1
traceroute	1\\x0a2	-w "$(printf '1\n2')" 127.0.0.1
ping	foo\\x0abar\\x1b\[2J	ISO -c 1 "foo${NL}bar${ESC}[2J"
ping	'5\\x0a\\x1bx'	-c "5${NL}${ESC}x" 127.0.0.1
ping	'\\x1b'	-"${ESC}" 127.0.0.1
ping	--bo\\x1bgus	"--bo${ESC}gus" 127.0.0.1
ping	x\\x0ay	-p "x${NL}y" 127.0.0.1
ping	do\\x0a\\x1b\[31m	-M "do${NL}${ESC}[31m" 127.0.0.1
ping	eth\\x0a0	ISO -I "eth${NL}0" 127.0.0.1
ping	198\.18\.0\.1\\x0a	-c 1 -T tsprespec 198.18.0.1 "198.18.0.1${NL}" 127.0.0.1
traceroute	foo\\x0abar\\x1b\[2J	ISO "foo${NL}bar${ESC}[2J"
traceroute	1\\x0a\\x1b	-q "1${NL}${ESC}" 127.0.0.1
traceroute	5\\x0a\\x1b\[2J	127.0.0.1 "5${NL}${ESC}[2J"
traceroute	eth\\x0a0	--exit-status -i "eth${NL}0" 127.0.0.1
traceroute	198\.18\.0\.1\\x0a	--exit-status -s "198.18.0.1${NL}" 127.0.0.1
traceroute	\\x1b	-g "${ESC}" 127.0.0.1
traceroute	--bo\\x1bgus	"--bo${ESC}gus" 127.0.0.1
ROWS
}

# the row's regex: X0 / Xx stand for a 0 / an x that is a word of its own
key_re() {
	case "$1" in
	X0) echo '(^|[^0-9.])0([^0-9.]|$)' ;;
	Xx) echo '(^|[^A-Za-z])x([^A-Za-z]|$)' ;;
	fwmark\|Xx) echo 'fwmark|(^|[^A-Za-z])x([^A-Za-z]|$)' ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# an interface name longer than IFNAMSIZ, a host name longer than DNS
# allows (4000 characters: no lookup can succeed, buffers are tried)
IFLONG=$(printf '%0100d' 0 | tr 0 i)
HOSTLONG=$(printf '%04000d' 0 | tr 0 a).invalid
rows=0
TAB=$(printf '\t')
NL='
'
ESC=$(printf '\033')
table >"$OUT.rows"
while IFS="$TAB" read -r tool key args; do
	[ -n "$tool" ] || continue
	case "$args" in
	ISO\ *)
		args=${args#ISO }
		if [ "$HARD_ISOLATED" != 1 ]; then
			h_skip "$tool $args (needs the private namespace)"
			continue
		fi
		;;
	esac
	case "$tool" in
	ping) bin=$PING ;;
	traceroute) bin=$TRACEROUTE ;;
	*) h_fail "bad table row: $tool"; continue ;;
	esac
	rows=$((rows + 1))
	args=$(printf '%s' "$args" | sed "s/IFNAMSIZ_LONG/$IFLONG/g; s/HOST_LONG/$HOSTLONG/g")
	key=$(printf '%s' "$key" | sed "s/IFNAMSIZ_LONG/$IFLONG/g; s/HOST_LONG/$HOSTLONG/g")
	what=$(printf '%s %.150s' "$tool" "$args")
	eval "set -- $args"
	timeout -s KILL 10 "$bin" "$@" </dev/null >"$OUT" 2>"$ERR"
	st=$?
	nerr=$(wc -l <"$ERR" | tr -d ' ')
	re=$(key_re "$key")
	bad=""
	[ "$st" = 2 ] || bad="exit $st, want 2;"
	[ -s "$OUT" ] && bad="$bad stdout: '$(head -c 120 "$OUT" |
	    tr '\n' '|')';"
	[ "$nerr" = 1 ] || bad="$bad $nerr lines on stderr;"
	grep -Eq -- "$re" "$ERR" || bad="$bad stderr does not match /$re/;"
	LC_ALL=C tr -d '\n' <"$ERR" | LC_ALL=C grep -q '[[:cntrl:]]' &&
	    bad="$bad raw control byte on stderr;"
	h_sanitized "$ERR" && bad="$bad sanitizer/crash report;"
	if [ -z "$bad" ]; then
		h_ok "$what: $(head -1 "$ERR")"
	else
		h_fail "$what: $bad stderr: '$(head -c 300 "$ERR" |
		    tr '\n' '|')'"
	fi
done <"$OUT.rows"
rm -f "$OUT.rows"
# issue 8.6: no usable source at all (a namespace whose loopback is down):
# at once, exit 2, one line naming connect's error, as iputils
for a in ::1 127.0.0.1; do
	if ! unshare -n true 2>/dev/null; then
		h_skip "ping $a with loopback down (no unshare -n here)"
		continue
	fi
	t0=$(h_now_ms)
	timeout -s KILL 10 unshare -n "$PING" -c 1 "$a" </dev/null >"$OUT" \
	    2>"$ERR"
	st=$? ms=$(($(h_now_ms) - t0))
	if [ $st = 2 ] && [ ! -s "$OUT" ] && [ "$(wc -l <"$ERR")" = 1 ] &&
	    grep -Eq 'connect: (Cannot assign requested address|Network is unreachable)$' "$ERR" &&
	    [ $ms -lt 2000 ]; then
		h_ok "ping $a, loopback down: exit 2 in $ms ms: $(cat "$ERR")"
	else
		h_fail "ping $a, loopback down: exit $st in $ms ms: $(tr '\n' '|' <"$OUT" "$ERR")"
	fi
done
echo "info: $rows rows"
[ "$rows" -ge 40 ] || [ -n "$BADARGS_TABLE" ] ||
    h_fail "only $rows rows ran (want >= 40)"
h_done

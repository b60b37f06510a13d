#!/bin/sh
# tr_as.sh (issue 10.6): traceroute -A against the lab's registry
# (tests/peers/whoisd in d, RA_SERVER = d) on a chain of 3 routers.
# (a) every hop line shows, right after its address, exactly the origin
#     the table gives for that address (the most specific route, equal
#     ones joined, [*] for an address no route covers): both families,
#     -n and names, udp and -I; one connection per address, the query as
#     2.1.2 sends it; s sends no TCP SYN but to RA_SERVER port 43 and no
#     DNS query; 2.1.2 on the same registry shows the same brackets.
# (b) failures: a registry that closes without an answer is [*] (as
#     2.1.2); a reset, a refused or a dropped connection and a reply over
#     1 MiB are [!!]; a registry answering in 1 s costs the trace that
#     second once (the lookups run in parallel), one answering in 10 s
#     is [!!] after the 3 s bound: the trace ends within 3 s + margin.
# (c) hostile replies: control bytes come out escaped (2.1.2's raw bytes,
#     escaped, are the same text); a line cut where 2.1.2's reader cuts
#     it, garbage before the objects, a long reply: the table's origins.
# (d) the registry by name from s's hosts file (also the default,
#     whois.radb.net), RA_SERVICE, an unknown registry or service:
#     status 2 and one line before any output.
# (e) a lookup child runs without any capability (after the drop).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
WHOISD=$top_builddir/tests/peers/whoisd
[ -x "$WHOISD" ] || { echo "SKIP: $WHOISD not built (make check builds it)"; exit 77; }
command -v bash >/dev/null 2>&1 || { echo "SKIP: no bash (/dev/tcp)"; exit 77; }
REF=/usr/sbin/traceroute
[ -x "$REF" ] && "$REF" --help 2>&1 | grep -q -- --as-path-lookups || REF=
lab_init
lab_chain 3
T=$(mktemp -d)
trap '_s=$?; trap - EXIT; rm -rf "$T"; lab_teardown; exit $_s' EXIT
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)
RA=
PORT=
# the lab's name server is r1 (nothing listens: refused at once)
NSDIR=/etc/netns/$(lab_ns s)
mkdir -p "$NSDIR"
printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$(lab_hop_addr 4 1)" \
    >"$NSDIR/resolv.conf"

cat >"$T/tab" <<'EOF'
# hop 1 (198.18.0.2): /24 beats /23; hop 2: two /24; hop 3: none; d: /32
route 198.18.0.0/23 AS64600
route 198.18.0.0/24 AS64501
route 198.18.1.0/24 AS64502
route 198.18.1.0/24 AS64503
route 198.18.3.0/24 AS64504
route 198.18.3.2/32 AS64505
route 2001:2::/63 AS64610
route 2001:2::/64 AS64511
route 2001:2:0:1::/64 AS64512
route 2001:2:0:1::/64 AS64513
route 2001:2:0:3::/64 AS64514
route 2001:2:0:3::2/128 AS64515
EOF
# the truth: hop:bracket text
EXP4="1:AS64501 2:AS64502/AS64503 3:* 4:AS64505"
EXP6="1:AS64511 2:AS64512/AS64513 3:* 4:AS64515"

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
wait_for() {	# FILE REGEX: up to 5 s
	_i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -gt 50 ] && return 1
		sleep 0.1
	done
}
# whois_start TABLE-LINES... : a whoisd on d (D4 and D6, port $PORT or
# 43) answering the base table plus the given lines first; WLOG its log
whois_start() {
	{ printf '%s\n' "$@"; cat "$T/tab"; } >"$T/tab.run"
	WLOG=$T/wlog.$(now_ms)
	ip netns exec "$(lab_ns d)" "$WHOISD" -l "$D4" -l "$D6" -p "${PORT:-43}" \
	    -t "$T/tab.run" -o "$WLOG" </dev/null >/dev/null 2>"$WLOG.err" &
	wait_for "$WLOG" "ready pid" || lab__die "whoisd: $(cat "$WLOG.err")"
	WPID=$(sed -n 's/^whoisd: ready pid //p' "$WLOG")
}
whois_stop() {
	kill "$WPID"
	wait_for "$WLOG" "^whoisd: connections" ||
	    tr_fail "whoisd $WPID did not stop"
}
conns() {
	grep -c '^conn ' "$WLOG"
}
# run FILE FAM ARGS...: our traceroute -FAM -A ARGS to d, RA_SERVER $RA
# or else d's address of that family; RUN_ST, RUN_MS its status and time
run() {
	_f=$1 _fam=$2
	shift 2
	eval "_ra=\${RA:-\$D$_fam}"
	_t0=$(now_ms)
	lab_exec s env RA_SERVER="$_ra" "$TRACEROUTE" -$_fam -A "$@" \
	    "$(lab_dst_addr $_fam)" >"$_f" 2>"$_f.err"
	RUN_ST=$?
	RUN_MS=$(($(now_ms) - _t0))
}
# brackets FILE: "hop:[text] ..." per line, for comparing runs
brackets() {
	awk 'NR > 1 { s = $1; for (i = 2; i <= NF; i++) if ($i ~ /^\[/) s = s " " $i
	    print s }' "$1" | tr '\n' '|'
}
# expect_as FILE FAM NAMES WHAT EXP: every hop line of FILE starts with
# "K  ADDR [TEXT]  " (NAMES=1: "K  ADDR (ADDR) [TEXT]  ", hop 2 named
# trhop2) and has no other bracket; 4 hop lines
expect_as() {
	_bad=
	for _e in $5; do
		_k=${_e%%:*}
		_a=$(tr_canon "$(lab_hop_addr $2 $_k)")
		_h=$_a
		if [ "$3" = 1 ]; then
			_h="$_a ($_a)"
			[ $_k = 2 ] && _h="trhop2 ($_a)"
		fi
		# (in the environment: awk -v would undo the escapes)
		want=$(printf '%2d  %s [%s]  ' $_k "$_h" "${_e#*:}") awk -v k="$_k" '
		    NR > 1 && $1 == k { n++; if (index($0, ENVIRON["want"]) != 1) bad = 1
			if (gsub(/ \[/, "&") != 1) bad = 1 }
		    END { exit !(n == 1 && !bad) }' "$1" || _bad="$_bad $_k"
	done
	if [ -z "$_bad" ] && [ "$(tr_nlines "$1")" = 4 ]; then
		tr_ok "$4: every hop's origin is the table's"
	else
		tr_fail "$4: hops$_bad: $(tr '\n' '|' <"$1") $(cat "$1.err")"
	fi
}
# expect_queries WHAT FAM N0: the queries since connection N0 are the 4
# hop addresses of FAM, each once, as 2.1.2 sends them
expect_queries() {
	_want=$(for _k in 1 2 3 4; do
		printf "'%s\\\\r\\\\n'\n" "$(tr_canon "$(lab_hop_addr $2 $_k)")"
	done | sort | tr '\n' ' ')
	# (printed doubled: tr_fail's echo takes a backslash away)
	_got=$(grep '^query ' "$WLOG" | tail -n +$(($3 + 1)) |
	    awk '{ print $3 }' | sort | tr '\n' ' ')
	[ "$_got" = "$_want" ] && [ "$(($(conns) - $3))" = 4 ] &&
	    tr_ok "$1: 4 connections, one query per address" ||
	    tr_fail "$1: $(($(conns) - $3)) connections, queries $(printf '%s' \
		"$_got" | sed 's/\\/\\\\/g'), want $(printf '%s' "$_want" |
		sed 's/\\/\\\\/g')"
}
# ref FAM RA [FILTER]: 2.1.2's -n -A to d with RA_SERVER RA into $T/ref
# (through FILTER); tried again once if a hop had no answer at all (a
# probe lost in the lab is not what is compared); REF_N0 the registry's
# connections before the run kept
ref() {
	for _try in 1 2; do
		REF_N0=$(conns)
		lab_exec s env RA_SERVER="$2" "$REF" -$1 -n -A \
		    "$(lab_dst_addr $1)" >"$T/ref.raw" 2>&1
		${3:-cat} <"$T/ref.raw" >"$T/ref"
		[ "$(awk 'NR > 1 { for (i = 2; i <= NF; i++) if ($i ~ /^\[/) {
		    n++; break } } END { print n + 0 }' "$T/ref")" = 4 ] &&
		    [ "$(tr_nlines "$T/ref")" = 4 ] && break
	done
}
# all_as TEXT: the truth when every hop shows TEXT
all_as() {
	echo "1:$1 2:$1 3:$1 4:$1"
}

# --- (a) the table's truth
lab_nft s "add table inet tras
add counter inet tras ra
add counter inet tras other
add counter inet tras dns
add chain inet tras out { type filter hook output priority 0; }
add rule inet tras out ip daddr $D4 tcp dport 43 tcp flags & (syn | ack) == syn counter name ra accept
add rule inet tras out ip6 daddr $D6 tcp dport 43 tcp flags & (syn | ack) == syn counter name ra accept
add rule inet tras out tcp flags & (syn | ack) == syn counter name other
add rule inet tras out udp dport 53 counter name dns
add rule inet tras out tcp dport 53 counter name dns"
whois_start
lab_exec s "$TRACEROUTE" -n "$D4" >"$T/base" 2>&1
t0=$(now_ms)
lab_exec s "$TRACEROUTE" -n "$D4" >"$T/base" 2>&1
BASE=$(($(now_ms) - t0))
for fam in 4 6; do
	eval "exp=\$EXP$fam"
	for m in "" -I; do
		n0=$(conns)
		run "$T/o" $fam -n $m
		tr_expect_status $RUN_ST 0 "-$fam -n -A $m"
		expect_as "$T/o" $fam 0 "-$fam -n ${m:-udp}" "$exp"
		expect_queries "-$fam -n ${m:-udp}" $fam "$n0"
	done
	if [ -n "$REF" ]; then
		ref $fam "$(lab_dst_addr $fam)"
		[ "$(brackets "$T/ref")" = "$(brackets "$T/o")" ] &&
		    tr_ok "-$fam: 2.1.2 shows the same: $(brackets "$T/ref")" ||
		    tr_fail "-$fam: 2.1.2 '$(brackets "$T/ref")', ours '$(brackets "$T/o")'"
		expect_queries "-$fam 2.1.2" $fam "$REF_N0"
	fi
done
# an IPv4 registry for an IPv6 trace
n0=$(conns)
RA=$D4
run "$T/o" 6 -n
RA=
expect_as "$T/o" 6 0 "-6, registry on IPv4" "$EXP6"
expect_queries "-6, registry on IPv4" 6 "$n0"
c=$(lab_counter s other)
[ "$c" = 0 ] && tr_ok "no TCP SYN but to RA_SERVER:43" ||
    tr_fail "$c TCP SYNs to elsewhere"
c=$(lab_counter s ra)
[ "$c" = "$(conns)" ] && tr_ok "$c SYNs to RA_SERVER:43 = whoisd's connections" ||
    tr_fail "$c SYNs to RA_SERVER:43, whoisd saw $(conns)"
c=$(lab_counter s dns)
[ "$c" = 0 ] && tr_ok "no DNS query with -n" || tr_fail "$c DNS packets with -n"
# names: hop 2 from the hosts file, the others by their address
lab_hosts s trhop2 "$(lab_hop_addr 4 2)" "$(lab_hop_addr 6 2)"
for fam in 4 6; do
	eval "exp=\$EXP$fam"
	run "$T/o" $fam
	expect_as "$T/o" $fam 1 "-$fam with names" "$exp"
done
whois_stop

# --- (b) failures and slow registries
expect_fast() {	# WHAT MS
	[ "$RUN_MS" -lt "$2" ] && tr_ok "$1: $RUN_MS ms (< $2)" ||
	    tr_fail "$1: $RUN_MS ms, want < $2"
}
whois_start 'close *'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "closed without an answer" "$(all_as '*')"
if [ -n "$REF" ]; then
	ref 4 "$D4"
	[ "$(brackets "$T/ref")" = "$(brackets "$T/o")" ] &&
	    tr_ok "closed: 2.1.2 shows the same" ||
	    tr_fail "closed: 2.1.2 '$(brackets "$T/ref")', ours '$(brackets "$T/o")'"
fi
whois_stop
whois_start 'reset *'
run "$T/o" 6 -n
expect_as "$T/o" 6 0 "-6 reset" "$(all_as '!!')"
whois_stop
# nobody listening (r3): refused at once
RA=$(lab_hop_addr 4 3)
run "$T/o" 4 -n
RA=
expect_as "$T/o" 4 0 "refused" "$(all_as '!!')"
expect_fast "refused" $((BASE + 1000))
if [ -n "$REF" ]; then
	ref 4 "$(lab_hop_addr 4 3)"
	[ "$(brackets "$T/ref")" = "$(brackets "$T/o")" ] &&
	    tr_ok "refused: 2.1.2 shows the same" ||
	    tr_fail "refused: 2.1.2 '$(brackets "$T/ref")', ours '$(brackets "$T/o")'"
fi
# every SYN dropped: the bound
lab_nft d 'add table inet trasdrop
add counter inet trasdrop dropped
add chain inet trasdrop in { type filter hook input priority 0; }
add rule inet trasdrop in tcp dport 43 counter name dropped drop'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "dropped" "$(all_as '!!')"
[ "$RUN_MS" -ge 2900 ] && [ "$RUN_MS" -lt $((BASE + 4500)) ] &&
    tr_ok "dropped: $RUN_MS ms (the 3 s bound once, base $BASE ms)" ||
    tr_fail "dropped: $RUN_MS ms, want 3000..$((BASE + 4500))"
c=$(lab_counter d dropped)
[ "$c" -ge 4 ] && tr_ok "dropped: $c SYNs reached d" || tr_fail "dropped: $c SYNs"
lab_exec d nft delete table inet trasdrop
whois_start 'slow * 1000'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "1 s registry" "$EXP4"
[ "$RUN_MS" -ge 950 ] && [ "$RUN_MS" -lt $((BASE + 2000)) ] &&
    tr_ok "1 s registry: $RUN_MS ms (once, not per address)" ||
    tr_fail "1 s registry: $RUN_MS ms, want 1000..$((BASE + 2000))"
whois_stop
whois_start 'slow * 10000'
n0=$(conns)
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "10 s registry" "$(all_as '!!')"
[ "$RUN_MS" -ge 2900 ] && [ "$RUN_MS" -lt $((BASE + 4500)) ] &&
    tr_ok "10 s registry: $RUN_MS ms (the 3 s bound once)" ||
    tr_fail "10 s registry: $RUN_MS ms, want 3000..$((BASE + 4500))"
expect_queries "10 s registry" 4 "$n0"
whois_stop
whois_start 'huge * 2000000'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "a 2 MB reply" "$(all_as '!!')"
whois_stop
whois_start 'huge * 400000'
run "$T/o" 6 -n
expect_as "$T/o" 6 0 "-6 a 400 kB reply" "$EXP6"
whois_stop

# --- (c) hostile replies
# esc_perl: bytes but newline and printable ASCII as \xNN (as ours)
esc_perl() {
	perl -pe 's/([^\n -~])/sprintf("\\x%02x", ord($1))/ge'
}
whois_start 'raw * route:\x20198.18.0.0/16\norigin:\x20AS1\x1b[2J\x07\x9b\n'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "control bytes" "$(all_as 'AS1\x1b[2J\x07\x9b')"
LC_ALL=C tr -d '\n' <"$T/o" | LC_ALL=C grep -q '[^ -~]' &&
    tr_fail "a raw control or non-ASCII byte in the output" ||
    tr_ok "no raw control byte in the output"
if [ -n "$REF" ] && command -v perl >/dev/null 2>&1; then
	ref 4 "$D4" esc_perl
	[ "$(brackets "$T/ref")" = "$(brackets "$T/o")" ] &&
	    tr_ok "control bytes: 2.1.2's raw bytes, escaped, are ours" ||
	    tr_fail "control bytes: 2.1.2 '$(brackets "$T/ref")', ours '$(brackets "$T/o")'"
fi
whois_stop
whois_start 'longline * 5000'
run "$T/o" 4 -n
expect_as "$T/o" 4 0 "a line cut at 1023 bytes" "$EXP4"
if [ -n "$REF" ]; then
	ref 4 "$D4"
	grep -q 'AS666' "$T/ref" &&
	    tr_ok "a line cut at 1023 bytes: 2.1.2 is fooled, we are not" ||
	    tr_fail "a line cut at 1023 bytes: 2.1.2 shows $(brackets "$T/ref")"
fi
whois_stop
whois_start 'garbage * 20000'
run "$T/o" 6 -n
expect_as "$T/o" 6 0 "-6 garbage first" "$EXP6"
LC_ALL=C tr -d '\n' <"$T/o" | LC_ALL=C grep -q '[^ -~]' &&
    tr_fail "garbage: a raw byte in the output" || tr_ok "garbage: clean output"
whois_stop

# --- (d) the registry by name, RA_SERVICE, unknown ones
dns0=$(lab_counter s dns)
lab_hosts s whois.lab.test "$D4"
lab_hosts s whois.radb.net "$D4"
whois_start
n0=$(conns)
RA=whois.lab.test
run "$T/o" 4 -n
RA=
expect_as "$T/o" 4 0 "RA_SERVER=whois.lab.test" "$EXP4"
expect_queries "RA_SERVER=whois.lab.test" 4 "$n0"
n0=$(conns)
lab_exec s env -u RA_SERVER "$TRACEROUTE" -n -A "$D4" >"$T/o" 2>"$T/o.err"
expect_as "$T/o" 4 0 "default registry whois.radb.net (hosts file: d)" "$EXP4"
expect_queries "default registry" 4 "$n0"
c=$(($(lab_counter s dns) - dns0))
[ "$c" = 0 ] && tr_ok "registry names from the hosts file: no DNS query" ||
    tr_fail "$c DNS packets for a registry in the hosts file"
whois_stop
PORT=4343
whois_start
PORT=
lab_exec s env RA_SERVER="$D4" RA_SERVICE=4343 "$TRACEROUTE" -n -A "$D4" \
    >"$T/o" 2>"$T/o.err"
expect_as "$T/o" 4 0 "RA_SERVICE=4343" "$EXP4"
whois_stop
# expect_error WHAT LINE-PREFIX: status 2, nothing on stdout, one line
expect_error() {
	[ "$RUN_ST" = 2 ] && [ ! -s "$T/o" ] && [ "$(wc -l <"$T/o.err")" = 1 ] &&
	    grep -q "^$2" "$T/o.err" &&
	    tr_ok "$1: status 2, '$(cat "$T/o.err")'" ||
	    tr_fail "$1: status $RUN_ST: $(cat "$T/o" "$T/o.err" | tr '\n' '|')"
}
lab_exec s env RA_SERVER="$D4" RA_SERVICE=nosuchsvc "$TRACEROUTE" -n -A "$D4" \
    >"$T/o" 2>"$T/o.err"
RUN_ST=$?
expect_error "RA_SERVICE=nosuchsvc" "traceroute: $D4/nosuchsvc: "
RA=nosuch.lab.test
run "$T/o" 4 -n
RA=
expect_error "RA_SERVER=nosuch.lab.test" "traceroute: nosuch.lab.test/nicname: "

# --- (e) no capability in a lookup
whois_start 'slow * 2000'
# (its pid from the shell it replaces)
lab_exec s sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$T/pid" env \
    RA_SERVER="$D4" "$TRACEROUTE" -n -A "$D4" >"$T/o" 2>&1 &
job=$!
sleep 0.7
tp=$(cat "$T/pid")
kids=$(grep -l "^PPid:[[:space:]]*$tp\$" /proc/[0-9]*/status 2>/dev/null)
caps=$(for k in $kids; do awk '/^CapEff/ { print $2 }' "$k"; done | sort -u)
wait $job
[ "$(echo $kids | wc -w)" = 4 ] && [ "$caps" = 0000000000000000 ] &&
    tr_ok "4 lookup children at once, CapEff $caps" ||
    tr_fail "lookup children of $tp: '$(echo $kids)' CapEff '$caps'"
expect_as "$T/o" 4 0 "2 s registry" "$EXP4"
whois_stop
rm -f "$NSDIR/resolv.conf"
tr_done

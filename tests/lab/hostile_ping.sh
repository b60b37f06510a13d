#!/bin/sh
# hostile_ping.sh (issue 5): ping under attack. On a chain of 2 the forger
# runs in d, sees every echo request and, after the kernel's genuine reply,
# answers the first ones with forgeries: foreign id, damaged data,
# truncated, bad checksum, oversized (65000 bytes, fragmented), exact
# duplicate, very late (sequence 1000 back), altered send time, ICMP
# errors quoting packets that are not our requests (other id, other
# destination), and a flood of junk. The truth: d's nft counts the
# genuine replies (forgeries carry the forger's socket mark), s's nft
# counts what arrived, the forger reports what it sent. For IPv4 and
# IPv6, as root (raw socket) and as nobody (ICMP datagram socket), and a
# fast run (-i 0.01, 150 requests, heavy junk), ping must:
#   - exit 0, not crash, no sanitizer report;
#   - count received == genuine replies == transmitted (never inflated);
#   - count duplicates only from replies carrying our id and sequence with
#     a valid checksum: at least the exact copies, at most copies +
#     damaged + truncated + oversized + altered-time;
#   - report every damaged reply ("wrong data byte", v4/v6 root) and
#     every altered send time without an RTT ("FORGED TIMESTAMP");
#   - never print an RTT of 1 s or more (the lab's are < 10 ms);
#   - attribute no error: no "From" line, no "+N errors", no forged
#     source address anywhere.
# A control shows the checks can fail: errors quoting our request exactly
# (indistinguishable from real ones) are reported.
# With $ICMPTOOLS_SAN_BUILD set, the same runs use that build's ping too.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/hostile_lib.sh"
lab_init
[ -x "$PING" ] || { echo "SKIP: $PING not built"; exit 77; }
[ -x "$FORGER" ] || { echo "SKIP: $FORGER not built (make check builds it)"; exit 77; }
T=$(mktemp -d)
chmod 755 "$T"
lab_chain 2
for f in 4 6; do
	eval "S$f=\$(lab_src_addr $f) D$f=\$(lab_dst_addr $f)"
done
lab_nft d "add table inet labtruth
add counter inet labtruth genuine4
add counter inet labtruth genuine6
add chain inet labtruth out { type filter hook output priority 0; }
add rule inet labtruth out meta mark 0 ip daddr $S4 icmp type echo-reply counter name genuine4
add rule inet labtruth out meta mark 0 ip6 daddr $S6 icmpv6 type echo-reply counter name genuine6"
lab_nft s "add table inet labtruth
add counter inet labtruth arrive4
add counter inet labtruth arrive6
add chain inet labtruth in { type filter hook input priority 0; }
add rule inet labtruth in ip saddr $D4 icmp type echo-reply counter name arrive4
add rule inet labtruth in ip6 saddr $D6 icmpv6 type echo-reply counter name arrive6"

# stat WORD FILE: a number of ping's statistics line (0 if absent)
stat() {
	awk -v w="$1" -F', ' '/ packets transmitted, / {
		for (i = 1; i <= NF; i++) {
			split($i, a, " ")
			if (a[2] == w || (a[2] == "packets" && a[3] == w))
				n = a[1]
		}
	} END { sub(/^\+/, "", n); print n + 0 }' "$2"
}

# attack TOOL FAMILY MODE COUNT INTERVAL FORGE JUNK [PING ARGS...]
# MODE root|nobody; FORGE: requests the forger answers (the last ones are
# left clean so every forgery is read before ping exits)
attack() {
	_tool=$1 _f=$2 _mode=$3 _c=$4 _i=$5 _n=$6 _j=$7
	shift 7
	_w="-$_f $_mode $(basename "$(dirname "$(dirname "$_tool")")")/ping"
	[ $# -gt 0 ] && _w="$_w $*"
	eval "_s=\$S$_f _d=\$D$_f"
	_g0=$(lab_counter d genuine$_f)
	_a0=$(lab_counter s arrive$_f)
	hs_forger_start d "$T/forger" -t "$_s" -n "$_n" -j "$_j" -r 4242 ||
	    return
	if [ "$_mode" = root ]; then
		lab_exec s "$_tool" -n -c "$_c" -i "$_i" "$@" "$_d" \
		    >"$T/out" 2>"$T/err"
	else
		lab_unpriv_cmd "$_tool" -n -c "$_c" -i "$_i" "$@" "$_d" \
		    >"$T/out" 2>"$T/err"
	fi
	_st=$?
	sleep 0.2
	hs_forger_stop "$T/forger"
	cat "$T/err" >>"$T/out.all"
	hs_clean "$_w" $_st "$T/err"
	[ $_st = 0 ] && lab_ok "$_w: exit 0" ||
	    lab_fail "$_w: exit $_st: $(head -3 "$T/err")"

	_g=$(($(lab_counter d genuine$_f) - _g0))
	_arr=$(($(lab_counter s arrive$_f) - _a0))
	_tx=$(stat transmitted "$T/out")
	_rx=$(stat received "$T/out")
	_dups=$(stat duplicates "$T/out")
	if [ "$_tx" = "$_c" ] && [ "$_rx" = "$_g" ] && [ "$_g" = "$_c" ]; then
		lab_ok "$_w: $_tx transmitted, $_rx received = $_g genuine"
	else
		lab_fail "$_w: $_tx transmitted, $_rx received, $_g genuine, want $_c: $(grep 'packets transmitted' "$T/out")"
	fi

	# what the forger did, and that it reached s
	_ff=$(awk -v f=$_f '$1 == "forged-for" && $2 == f { print $3 }' "$T/forger")
	[ "$_ff" = "$_n" ] || lab_fail "$_w: forger forged for '$_ff' requests, want $_n"
	_echo=0
	for _k in foreign_id damaged truncated badsum oversized dup late badtime; do
		_echo=$((_echo + $(hs_sent "$T/forger" $_k $_f)))
	done
	[ "$_arr" -ge $((_g + _echo)) ] &&
	    lab_ok "$_w: $_arr replies reached s (>= $_g genuine + $_echo forged)" ||
	    lab_fail "$_w: only $_arr replies reached s, $_g genuine + $_echo forged sent"

	_dup=$(hs_sent "$T/forger" dup $_f)
	_dmg=$(hs_sent "$T/forger" damaged $_f)
	_bt=$(hs_sent "$T/forger" badtime $_f)
	_hi=$((_dup + _dmg + $(hs_sent "$T/forger" truncated $_f) +
	    $(hs_sent "$T/forger" oversized $_f) + _bt))
	if [ "$_dup" -gt 0 ] && [ "$_dups" -ge "$_dup" ] && [ "$_dups" -le "$_hi" ]; then
		lab_ok "$_w: +$_dups duplicates ($_dup copies sent, at most $_hi ours)"
	else
		lab_fail "$_w: +$_dups duplicates, want $_dup..$_hi"
	fi
	# per-reply lines: not with -q; as nobody the kernel's ping socket
	# already drops what a raw socket shows
	if [ "$_mode" = root ] && ! echo " $* " | grep -q " -q "; then
		_n1=$(grep -c "^wrong data byte" "$T/out")
		[ "$_n1" = "$_dmg" ] &&
		    lab_ok "$_w: $_n1 damaged replies reported" ||
		    lab_fail "$_w: $_n1 'wrong data byte', $_dmg damaged sent"
		_n2=$(grep -c "FORGED TIMESTAMP" "$T/out")
		[ "$_n2" = "$_bt" ] &&
		    lab_ok "$_w: $_n2 altered send times reported" ||
		    lab_fail "$_w: $_n2 'FORGED TIMESTAMP', $_bt altered sent"
		grep "FORGED TIMESTAMP" "$T/out" | grep -q "time=" &&
		    lab_fail "$_w: an RTT from an altered send time"
	fi
	_big=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$T/out" |
	    awk '$1 >= 1000 { n++ } END { print n + 0 }')
	_max=$(sed -n 's|^rtt min/avg/max/mdev = [0-9.]*/[0-9.]*/\([0-9.]*\)/.*|\1|p' "$T/out")
	if [ "$_big" = 0 ] && [ -n "$_max" ] &&
	    awk -v m="$_max" 'BEGIN { exit !(m < 1000) }'; then
		lab_ok "$_w: every RTT < 1 s (max $_max ms)"
	else
		lab_fail "$_w: $_big RTTs >= 1 s, max '$_max'"
	fi
	if grep -Eq '^From |errors|198\.18\.77\.|2001:2:0:77::|198\.18\.99\.99|2001:2:0:99::' "$T/out"; then
		lab_fail "$_w: a forged error attributed: $(grep -E -m 3 '^From |errors|77|99' "$T/out" | tr '\n' '|')"
	else
		lab_ok "$_w: no error attributed"
	fi
}

for tool in $(hs_tools PING); do
	for f in 4 6; do
		attack "$tool" $f root 8 0.2 6 20
		attack "$tool" $f nobody 6 0.2 4 20
		attack "$tool" $f root 150 0.01 100 30 -q
	done
done

# control: an error quoting our request exactly cannot be told from a
# real one; ping reports it, so the checks above would see a forged error
# (-n 1: an error settles its request for -c as a reply does)
hs_forger_start d "$T/forger" -t "$S4" -n 1 -j 0 -k err_exact
lab_exec s "$PING" -n -c 3 -i 0.2 "$D4" >"$T/out" 2>&1
hs_forger_stop "$T/forger"
c=$(grep -c "^From 198.18.77.1 icmp_seq=1 " "$T/out")
[ "$c" = 1 ] && [ "$(stat errors "$T/out")" = 1 ] &&
    lab_ok "control: an exactly quoted forged error is reported" ||
    lab_fail "control: exact forged errors: $(tr '\n' '|' <"$T/out")"
# issue 8.3: copies of an error never end a run early. The forger sends
# 5 copies of an exactly quoted Time Exceeded for request 1 (3 over IPv6
# as nobody); d answers every request: -c 4 sends 4 and receives 4, and
# every copy is reported as an error
copies() {	# FAMILY MODE COPIES
	eval "_s=\$S$1 _d=\$D$1"
	_w="-$1 $2: $3 copies of an error for request 1"
	hs_forger_start d "$T/forger" -t "$_s" -n 1 -x "$3" -j 0 -d 0 \
	    -k err_exact || return
	if [ "$2" = root ]; then
		lab_exec s "$PING" -n -c 4 -i 0.2 "$_d" >"$T/out" 2>&1
	else
		lab_unpriv_cmd "$PING" -n -c 4 -i 0.2 "$_d" >"$T/out" 2>&1
	fi
	_st=$?
	hs_forger_stop "$T/forger"
	_sent=$(hs_sent "$T/forger" err_exact "$1")
	_line=$(grep 'packets transmitted' "$T/out")
	if [ "$_sent" = "$3" ] && [ $_st = 0 ] &&
	    [ "$(stat transmitted "$T/out")" = 4 ] &&
	    [ "$(stat received "$T/out")" = 4 ] &&
	    [ "$(stat errors "$T/out")" = "$3" ] &&
	    [ "$(grep -c '^From .* icmp_seq=1 Time' "$T/out")" = "$3" ]; then
		lab_ok "$_w: $_line"
	else
		lab_fail "$_w: forger sent $_sent, exit $_st: $(tr '\n' '|' <"$T/out")"
	fi
}
copies 4 root 5
copies 6 root 5
copies 4 nobody 5
copies 6 nobody 3
rm -rf "$T"
lab_done

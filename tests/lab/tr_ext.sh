#!/bin/sh
# tr_ext.sh (issue 8, item 7): traceroute -e against traceroute 2.1.2, side
# by side in the same lab. On a chain of 2 router r2 sends no Time Exceeded
# of its own (nft drops the unmarked ones, counted "genuine"); the forger
# in r2 answers each probe there with a Time Exceeded from r2's address
# that carries an RFC 4884 extension structure (counted "forged"): an MPLS
# stack of L labels and, in some cases, an object of an unknown class,
# with the RFC 4884 length attribute compliant (rfc), absent (none, as
# pre-RFC routers send) or pointing past the end (past). For each case,
# family and method (udp, -I): our traceroute -e and
# /usr/sbin/traceroute -e (2.1.2) both show hop 2 as r2 with the same
# extension text, and that text is the one the forger sent (built here
# from the same rule); as root the whole hop line matches but for the
# times. The same as nobody (answers from the error queue, where the
# kernel passes no length attribute). 12 labels make more than 255
# characters.
# With $ICMPTOOLS_SAN_BUILD set, that build's traceroute runs too.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
. "$top_srcdir/tests/lab/hostile_lib.sh"
REF=${TRACEROUTE_212:-/usr/sbin/traceroute}
lab_init
[ -x "$TRACEROUTE" ] || { echo "SKIP: $TRACEROUTE not built"; exit 77; }
[ -x "$FORGER" ] || { echo "SKIP: $FORGER not built (make check builds it)"; exit 77; }
if ! "$REF" -V 2>&1 | grep -q 'version 2\.1\.2'; then
	echo "SKIP: $REF is not traceroute 2.1.2"
	exit 77
fi
T=$(mktemp -d)
chmod 755 "$T"
lab_chain 2
lab_nft r2 'add table inet labext
add counter inet labext genuine
add counter inet labext forged
add chain inet labext out { type filter hook output priority 0; }
add rule inet labext out meta mark 0xf0f0 icmp type time-exceeded counter name forged accept
add rule inet labext out meta mark 0xf0f0 icmpv6 type time-exceeded counter name forged accept
add rule inet labext out icmp type time-exceeded counter name genuine drop
add rule inet labext out icmpv6 type time-exceeded counter name genuine drop'

# want_text LABELS UNKNOWN: the text 2.1.2 prints for what the forger sends
want_text() {
	awk -v n="$1" -v u="$2" 'BEGIN {
		s = ""
		if (n > 0) {
			s = "MPLS:"
			for (i = 0; i < n; i++)
				s = s sprintf("%sL=%d,E=%d,S=%d,T=%d",
				    i ? "/" : "", 1000000 + i, i % 8,
				    i == n - 1, 250 - i)
		}
		if (u)
			s = s (s == "" ? "" : ";") "99/0:00010203,04050607"
		print s
	}'
}

# ext_of FILE: the <...> text of hop 2's line (once per address shown)
ext_of() {
	awk 'NR > 1 && $1 == 2 {
		for (i = 2; i <= NF; i++)
			if ($i ~ /^<.*>$/)
				print substr($i, 2, length($i) - 2)
	}' "$1" | sort -u
}

run() {	# tool outfile family mode method...
	_t=$1 _o=$2 _f=$3 _md=$4
	shift 4
	if [ "$_md" = root ]; then
		lab_exec s "$_t" -n -e -$_f -m 2 -w 1 "$@" \
		    "$(lab_dst_addr $_f)" >"$_o" 2>"$_o.err"
	else
		lab_unpriv_cmd "$_t" -n -e -$_f -m 2 -w 1 "$@" \
		    "$(lab_dst_addr $_f)" >"$_o" 2>"$_o.err"
	fi
}

case_() {	# family labels unknown lenmode mode method...
	_f=$1 _l=$2 _u=$3 _m=$4 _md=$5
	shift 5
	_w="-$_f $_md $* -L $_l${_u:+ -u} -l $_m"
	_r2=$(lab_hop_addr $_f 2)
	_want=$(want_text $_l ${_u:-0})
	_n0=$(lab_counter r2 forged)
	hs_forger_start r2 "$T/forger" -t "$(lab_src_addr $_f)" -n 1000 \
	    -k err_ext -L $_l ${_u:+-u} -l $_m -s "$(lab_hop_addr 4 2)" \
	    -S "$(lab_hop_addr 6 2)" || return
	run "$REF" "$T/ref" $_f $_md "$@"
	_rs=$?
	for _tool in $TOOLS; do
		run "$_tool" "$T/our" $_f $_md "$@"
		_st=$?
		hs_clean "$_w" $_st "$T/our.err"
		tr_expect_hop "$T/our" 2 "$_r2"
		_got=$(ext_of "$T/our")
		[ "$_got" = "$_want" ] && lab_ok "$_w: ours shows the forger's extension (${#_want} characters)" ||
		    lab_fail "$_w: ours: want <$_want>, hop 2: $(awk 'NR > 1 && $1 == 2' "$T/our")"
		[ "$_got" = "$(ext_of "$T/ref")" ] &&
		    lab_ok "$_w: ours and 2.1.2 print the same extension text" ||
		    lab_fail "$_w: 2.1.2 prints <$(ext_of "$T/ref")>, ours <$_got>"
		# (2.1.2 -I as nobody loses some replies: lines differ)
		[ "$_md" = root ] || continue
		_ours=$(awk 'NR > 1 && $1 == 2' "$T/our" | sed 's/  [0-9.]* ms//g')
		_refs=$(awk 'NR > 1 && $1 == 2' "$T/ref" | sed 's/  [0-9.]* ms//g')
		[ "$_ours" = "$_refs" ] && lab_ok "$_w: hop 2 lines match but for times" ||
		    lab_fail "$_w: hop 2: 2.1.2 '$_refs', ours '$_ours'"
	done
	hs_forger_stop "$T/forger"
	[ $_rs -lt 128 ] && [ "$(ext_of "$T/ref")" = "$_want" ] &&
	    lab_ok "$_w: 2.1.2 shows the forger's extension" ||
	    lab_fail "$_w: 2.1.2 (exit $_rs): $(tr '\n' '|' <"$T/ref") $(head -2 "$T/ref.err")"
	_n1=$(lab_counter r2 forged)
	[ "$_n1" -gt "$_n0" ] && lab_ok "$_w: r2 sent $((_n1 - _n0)) forged Time Exceeded" ||
	    lab_fail "$_w: no forged Time Exceeded left r2"
}

TOOLS=$(hs_tools TRACEROUTE)
for f in 4 6; do
	for md in root nobody; do
		for m in "" -I; do
			case_ $f 12 1 rfc $md $m
			case_ $f 12 1 past $md $m
			case_ $f 2 "" none $md $m
			case_ $f 2 "" past $md $m
			case_ $f 0 1 rfc $md $m
		done
	done
done
_g=$(lab_counter r2 genuine)
[ "${_g:-0}" -gt 0 ] && lab_ok "r2's own Time Exceeded dropped ($_g)" ||
    lab_fail "r2 sent no Time Exceeded of its own: the forger had no probes to answer"
rm -rf "$T"
lab_done

#!/bin/sh
# privs.sh: both tools hold no privilege while they run.
# Copies of the built ping and traceroute are installed (a) with file
# capability cap_net_raw+ep and (b) setuid root, and run as nobody in the
# lab (ping_group_range "1 0" in the source namespace, so only the raw
# socket the privilege buys can work), among them runs whose host lookup
# hangs and a traceroute whose reverse lookups (children) hang: the name
# server is an address that drops everything. Mid-run, /proc/PID/status of
# every process running the copy must show CapEff, CapPrm, CapInh, CapAmb
# all zero, the four Uid (and Gid) fields equal to nobody's (nogroup's),
# no supplementary group but nogroup, and NoNewPrivs 1 (priv.h contract);
# the runs still work (ping: 20 replies; traceroute: the routers' addresses
# on hops 1-2; the hung lookups: exit 2 naming the host). Run by root
# itself, the same runs must hold no capability either (uid 0, CapEff 0).
# Without privilege and with ping_group_range "1 0", ping and traceroute
# -I / -T as nobody exit 2 with one line on stderr that says why. With the
# range opened, ping works as nobody with no privilege at all, and refuses
# (exit 2, one line) what only privileged users may do: -i below 0.2 s,
# -f, -l above 3.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/hard/hard_lib.sh"
h_need_bins
for _t in setcap setpriv getent timeout; do
	command -v $_t >/dev/null 2>&1 || h_skip_all "$_t not found"
done
NOBODY=$(id -u nobody 2>/dev/null) || h_skip_all "no user nobody"
NOGROUP=$(getent group nogroup | cut -d: -f3)
[ -n "$NOGROUP" ] || h_skip_all "no group nogroup"

lab_init
TMPD=$(mktemp -d)
chmod 755 "$TMPD"
trap '_s=$?; trap - EXIT; rm -rf "$TMPD"; lab_teardown; exit $_s' EXIT
lab_chain 2
D4=$(lab_dst_addr 4)
D6=$(lab_dst_addr 6)
# a second address of d that drops everything: traces to it reach hop 2
# and then wait (the process lives long enough to be sampled)
S4=198.18.2.99
S6=2001:2:0:2::99
lab_exec d ip addr add "$S4/24" dev l2
lab_exec d ip addr add "$S6/64" dev l2 nodad
lab_nft d "add table inet hardsink
add counter inet hardsink sink
add chain inet hardsink in { type filter hook input priority -5; }
add rule inet hardsink in ip daddr $S4 counter name sink drop
add rule inet hardsink in ip6 daddr $S6 counter name sink drop"
lab__sysctl s "net.ipv4.ping_group_range=1 0"

# install MODE TOOL NAME: a copy of TOOL in its own directory, with the
# privilege MODE (cap, suid, none); prints the copy's path
install_copy() {
	_dir=$TMPD/$1-$3
	mkdir -p "$_dir"
	chmod 755 "$_dir"
	case $2 in
	ping) cp "$PING" "$_dir/ping"; _b=$_dir/ping ;;
	traceroute) cp "$TRACEROUTE" "$_dir/traceroute"; _b=$_dir/traceroute ;;
	esac
	chown root:root "$_b"
	case $1 in
	cap) setcap cap_net_raw+ep "$_b" || return 1; chmod 755 "$_b" ;;
	suid) chmod 4755 "$_b" ;;
	none) chmod 755 "$_b" ;;
	esac
	echo "$_b"
}

as_nobody() {
	lab_exec s setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# runs: NAME TOOL ARGS (each gets its own copy per mode)
RUNS="ping4|ping|-n -4 -i 0.2 -c 20 $D4
ping6|ping|-n -6 -i 0.2 -c 20 $D6
trI4|traceroute|-n -I -N 1 -q 1 -w 3,0,0 -m 4 $S4
trT4|traceroute|-n -T -N 1 -q 1 -w 3,0,0 -m 4 $S4
trI6|traceroute|-n -6 -I -N 1 -q 1 -w 3,0,0 -m 4 $S6
resP|ping|-c 1 hang.hard.invalid
resT|traceroute|-I hang.hard.invalid
namT|traceroute|-I -N 1 -q 1 -w 3,0,0 -m 4 $S4"
# resP, resT: the lookup of the host hangs (the name server is the sink);
# namT: the reverse lookups of the hops hang, in traceroute's children
NSDIR=/etc/netns/$(lab_ns s)
mkdir -p "$NSDIR"
printf 'nameserver %s\noptions timeout:3 attempts:1\n' "$S4" \
    >"$NSDIR/resolv.conf"
TAB=$(printf '\t')
NL='
'

# start every run for every mode at once, as nobody
JOBS=
for mode in cap suid root; do
	_oldifs=$IFS
	IFS=$NL
	for r in $RUNS; do
		IFS=$_oldifs
		name=${r%%|*}
		rest=${r#*|}
		tool=${rest%%|*}
		args=${rest#*|}
		_m=$mode
		[ $mode = root ] && _m=none
		bin=$(install_copy $_m $tool $mode-$name) || {
			h_fail "$mode $name: cannot install the copy"
			continue
		}
		# a run that hangs is killed (and then fails its checks)
		if [ $mode = root ]; then
			lab_exec s timeout -s KILL 60 "$bin" $args \
			    >"$TMPD/$mode-$name.out" 2>"$TMPD/$mode-$name.err" &
		else
			as_nobody timeout -s KILL 60 "$bin" $args \
			    >"$TMPD/$mode-$name.out" 2>"$TMPD/$mode-$name.err" &
		fi
		JOBS="$JOBS$mode-$name$TAB$!$TAB$bin$NL"
	done
	IFS=$_oldifs
done

# sample each one ~1 s after it started (privileges long dropped; the
# lookups still hanging): every process running the copy, children too
sleep 1
printf '%s' "$JOBS" >"$TMPD/jobs"
while IFS="$TAB" read -r run job bin; do
	: >"$TMPD/$run.pids"
	for pid in $(h_pids_of "$bin"); do
		cp "/proc/$pid/status" "$TMPD/$run.status.$pid" 2>/dev/null &&
		    echo "$pid" >>"$TMPD/$run.pids"
	done
	if [ ! -s "$TMPD/$run.pids" ]; then
		h_fail "$run: not running 1 s after start: $(cat \
		    "$TMPD/$run.err" | head -3)"
	fi
done <"$TMPD/jobs"

field() {	# field STATUSFILE NAME
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^[ \t]+/, ""); print; exit }' \
	    "$1"
}

# check_ids RUN STATUSFILE WHO
check_ids() {
	_r=$1 _f=$2 _who=$3
	for f in CapEff CapPrm CapInh CapAmb; do
		v=$(field "$_f" $f)
		if [ "$v" = 0000000000000000 ]; then
			h_ok "$_r$_who: $f 0 mid-run"
		else
			h_fail "$_r$_who: $f '$v' mid-run"
		fi
	done
	case $_r in
	root-*) wu=0 wg=0 ;;
	*) wu=$NOBODY wg=$NOGROUP ;;
	esac
	set -- $(field "$_f" Uid)
	if [ $# = 4 ] && [ "$1" = "$wu" ] && [ "$2" = "$wu" ] &&
	    [ "$3" = "$wu" ] && [ "$4" = "$wu" ]; then
		h_ok "$_r$_who: Uid $* (euid == uid)"
	else
		h_fail "$_r$_who: Uid '$*', want 4 x $wu"
	fi
	set -- $(field "$_f" Gid)
	if [ $# = 4 ] && [ "$1" = "$wg" ] && [ "$2" = "$wg" ] &&
	    [ "$3" = "$wg" ] && [ "$4" = "$wg" ]; then
		h_ok "$_r$_who: Gid $*"
	else
		h_fail "$_r$_who: Gid '$*', want 4 x $wg"
	fi
	g=$(field "$_f" Groups)
	case "$g" in
	""|"$wg") h_ok "$_r$_who: Groups '$g'" ;;
	*) h_fail "$_r$_who: supplementary groups '$g'" ;;
	esac
	v=$(field "$_f" NoNewPrivs)
	if [ "$v" = 1 ]; then
		h_ok "$_r$_who: NoNewPrivs 1"
	else
		h_fail "$_r$_who: NoNewPrivs '$v' (priv_drop sets PR_SET_NO_NEW_PRIVS)"
	fi
}

while IFS="$TAB" read -r run job bin; do
	wait "$job"
	st=$?
	[ -s "$TMPD/$run.pids" ] || continue
	first=$(head -1 "$TMPD/$run.pids")
	np=$(wc -l <"$TMPD/$run.pids" | tr -d ' ')
	for pid in $(cat "$TMPD/$run.pids"); do
		who=
		[ "$pid" != "$first" ] && who=" (child $pid)"
		check_ids "$run" "$TMPD/$run.status.$pid" "$who"
	done
	case $run in
	*namT) [ "$np" -ge 2 ] && h_ok "$run: $np processes sampled (lookup children)" ||
		h_fail "$run: no lookup child sampled ($np process)" ;;
	esac
	out=$TMPD/$run.out
	case $run in
	*-res?)
		if [ "$st" = 2 ] && [ "$(wc -l <"$TMPD/$run.err")" = 1 ] &&
		    grep -q hang.hard.invalid "$TMPD/$run.err"; then
			h_ok "$run: exit 2: $(cat "$TMPD/$run.err")"
		else
			h_fail "$run: exit $st: $(head -3 "$TMPD/$run.err")"
		fi
		;;
	*ping*)
		if [ "$st" = 0 ] && [ "$(h_summary_field "$out" transmitted)" = 20 ] &&
		    [ "$(h_summary_field "$out" received)" = 20 ]; then
			h_ok "$run: exit 0, 20 transmitted, 20 received"
		else
			h_fail "$run: exit $st: $(grep -E 'transmitted' "$out") $(head -2 "$TMPD/$run.err")"
		fi
		;;
	*)
		case $run in *6) fam=6 ;; *) fam=4 ;; esac
		h1=$(awk 'NR > 1 && $1 == 1 { print $2 }' "$out")
		h2=$(awk 'NR > 1 && $1 == 2 { print $2 }' "$out")
		# not reached: 0, as traceroute 2.1.2 (no --exit-status)
		if [ "$st" = 0 ] && [ "$h1" = "$(h_canon "$(lab_hop_addr $fam 1)")" ] &&
		    [ "$h2" = "$(h_canon "$(lab_hop_addr $fam 2)")" ]; then
			h_ok "$run: exit 0, hops 1-2 are $h1 $h2"
		else
			h_fail "$run: exit $st, hops '$h1' '$h2': $(head -4 "$out" |
			    tr '\n' '|') $(head -2 "$TMPD/$run.err")"
		fi
		;;
	esac
	h_sanitized "$TMPD/$run.err" &&
	    h_fail "$run: sanitizer/crash: $(head -3 "$TMPD/$run.err")"
done <"$TMPD/jobs"

# no privilege, ping_group_range "1 0": a clear error, exit 2
# expect_refusal NAME REGEX BIN ARGS...
expect_refusal() {
	_n=$1
	_re=$2
	shift 2
	as_nobody "$@" >"$TMPD/r.out" 2>"$TMPD/r.err"
	_st=$?
	_l=$(wc -l <"$TMPD/r.err" | tr -d ' ')
	if [ "$_st" = 2 ] && [ "$_l" = 1 ] && [ ! -s "$TMPD/r.out" ] &&
	    grep -Eq -- "$_re" "$TMPD/r.err"; then
		h_ok "$_n refused: $(cat "$TMPD/r.err")"
	else
		h_fail "$_n: exit $_st, $_l lines on stderr (want 2, 1 line" \
		    "matching /$_re/, no stdout): $(head -c 300 "$TMPD/r.err" |
		    tr '\n' '|') stdout: $(head -c 100 "$TMPD/r.out")"
	fi
}
P=$(install_copy none ping plain)
T=$(install_copy none traceroute plain)
expect_refusal "nobody ping -4" 'ping_group_range|[Pp]ermi' \
    "$P" -n -c 1 -W 1 "$D4"
expect_refusal "nobody ping -6" 'ping_group_range|[Pp]ermi' \
    "$P" -n -6 -c 1 -W 1 "$D6"
# traceroute: --exit-status, else a socket error is 1 as in 2.1.2
expect_refusal "nobody traceroute -T" 'cap_net_raw|[Pp]ermi|root' \
    "$T" --exit-status -n -T -q 1 "$D4"
expect_refusal "nobody traceroute -I" \
    'ping_group_range|cap_net_raw|[Pp]ermi' "$T" --exit-status -n -I -q 1 "$D4"

# the range open: no privilege at all, and still working
lab__sysctl s "net.ipv4.ping_group_range=0 2147483647"
# what only a privileged user may ask for: an interval under 2 ms and
# flood (iputils since 20210722; it refuses them after its PING header,
# so do we: stdout is that one line), preload > 3 (before anything)
expect_late_refusal() {	# NAME REGEX CMD...: exit 2, one stderr line, header
	_n=$1
	_re=$2
	shift 2
	as_nobody "$@" >"$TMPD/r.out" 2>"$TMPD/r.err"
	_st=$?
	_l=$(wc -l <"$TMPD/r.err" | tr -d ' ')
	if [ "$_st" = 2 ] && [ "$_l" = 1 ] &&
	    [ "$(wc -l <"$TMPD/r.out" | tr -d ' ')" = 1 ] &&
	    grep -q '^PING ' "$TMPD/r.out" &&
	    grep -Eq -- "$_re" "$TMPD/r.err"; then
		h_ok "$_n refused after the header: $(cat "$TMPD/r.err")"
	else
		h_fail "$_n: exit $_st, $_l lines on stderr (want 2, 1 line" \
		    "matching /$_re/, the header alone on stdout):" \
		    "$(head -c 300 "$TMPD/r.err" | tr '\n' '|') stdout:" \
		    "$(head -c 200 "$TMPD/r.out" | tr '\n' '|')"
	fi
}
expect_late_refusal "nobody ping -i 0.001" '2 ?ms|interval' \
    "$P" -n -c 2 -i 0.001 "$D4"
expect_late_refusal "nobody ping -i 0.0019" '2 ?ms|interval' \
    "$P" -n -c 1 -i 0.0019 "$D4"
expect_late_refusal "nobody ping -f" '2 ?ms|flood' "$P" -n -c 2 -f "$D4"
as_nobody "$P" -n -c 5 -i 0.002 "$D4" >"$TMPD/u.out" 2>"$TMPD/u.err"
st=$?
[ "$st" = 0 ] && [ "$(h_summary_field "$TMPD/u.out" received)" = 5 ] &&
    [ ! -s "$TMPD/u.err" ] &&
    h_ok "nobody ping -i 0.002 (the user minimum): 5 replies" ||
    h_fail "nobody ping -i 0.002: exit $st: $(tail -2 "$TMPD/u.out" |
	tr '\n' '|') $(head -2 "$TMPD/u.err")"
expect_refusal "nobody ping -l 4" 'preload|3' "$P" -n -c 2 -l 4 "$D4"
for fam in 4 6; do
	as_nobody "$P" -n -$fam -c 3 -i 0.2 "$(lab_dst_addr $fam)" \
	    >"$TMPD/u.out" 2>"$TMPD/u.err"
	st=$?
	if [ "$st" = 0 ] && [ "$(h_summary_field "$TMPD/u.out" received)" = 3 ]
	then
		h_ok "nobody ping -$fam over an ICMP datagram socket: 3 replies"
	else
		h_fail "nobody ping -$fam (datagram): exit $st: $(tail -2 \
		    "$TMPD/u.out") $(head -2 "$TMPD/u.err")"
	fi
done
h_done

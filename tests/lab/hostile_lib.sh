# tests/lab/hostile_lib.sh: running tests/peers/forger beside the tools
# (sourced after lib.sh; defines functions only).
#
# hs_forger_start NODE LOG ARGS...: start the forger in NODE with ARGS,
#	logging to LOG; waits for it to listen. HS_FORGER_PID is its pid.
# hs_forger_stop LOG: SIGTERM, wait for its report.
# hs_sent LOG KIND FAMILY, hs_seen LOG PROTO FAMILY: numbers it reported.
# hs_clean WHAT STATUS ERRFILE: the tool did not crash (status < 128) and
#	no sanitizer spoke on stderr.
# hs_tools VAR: "normal" and, if $ICMPTOOLS_SAN_BUILD has one, the
#	sanitizer build's binary of VAR (PING or TRACEROUTE), one a line.

FORGER=${FORGER:-$top_builddir/tests/peers/forger}

hs_wait_for() {	# file regex
	_hs_i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		_hs_i=$((_hs_i + 1))
		[ $_hs_i -gt 50 ] && return 1
		sleep 0.1
	done
	return 0
}

hs_forger_start() {
	_hs_n=$1
	_hs_l=$2
	shift 2
	HS_FORGER_PID=
	: >"$_hs_l"
	# not through a shell function: the background shell would hold
	# its caller's descriptors for the forger's lifetime
	ip netns exec "$(lab_ns "$_hs_n")" "$FORGER" "$@" -o "$_hs_l" \
	    </dev/null >/dev/null 2>>"$_hs_l.err" &
	if ! hs_wait_for "$_hs_l" "^forger: ready pid [0-9]+"; then
		lab_fail "forger did not start: $(cat "$_hs_l.err")"
		return 1
	fi
	HS_FORGER_PID=$(sed -n 's/^forger: ready pid \([0-9]*\).*/\1/p' "$_hs_l")
}

hs_forger_stop() {
	[ -n "$HS_FORGER_PID" ] && kill "$HS_FORGER_PID" 2>/dev/null
	hs_wait_for "$1" "^forger: done" ||
	    lab_fail "forger gave no report: $(cat "$1.err" 2>/dev/null)"
	HS_FORGER_PID=
}

hs_sent() {
	awk -v k="$2" -v f="$3" '$1 == "sent" && $2 == k && $3 == f { n = $4 }
	    END { print n + 0 }' "$1"
}

hs_seen() {
	awk -v k="$2" -v f="$3" '$1 == "seen" && $2 == k && $3 == f { n = $4 }
	    END { print n + 0 }' "$1"
}

hs_clean() {
	if [ "$2" -ge 128 ]; then
		lab_fail "$1: killed by signal $(($2 - 128))"
	elif grep -Eq 'runtime error|Sanitizer|AddressSanitizer|LeakSanitizer' "$3"; then
		lab_fail "$1: sanitizer report: $(grep -E -m 3 'runtime error|Sanitizer' "$3" | tr '\n' '|')"
	else
		lab_ok "$1: no crash, no sanitizer report"
	fi
}

hs_tools() {
	eval "_hs_b=\$$1"
	echo "$_hs_b"
	if [ -n "${ICMPTOOLS_SAN_BUILD:-}" ]; then
		case $1 in
		PING) _hs_s=$ICMPTOOLS_SAN_BUILD/ping ;;
		*) _hs_s=$ICMPTOOLS_SAN_BUILD/traceroute ;;
		esac
		[ -x "$_hs_s" ] && [ "$_hs_s" != "$_hs_b" ] && echo "$_hs_s"
	fi
	return 0
}

# tests/hard/hard_lib.sh: assertions shared by the hardening tests
# (sourced; defines functions and PING/TRACEROUTE defaults only).
# Every assertion prints one "ok:" or "FAIL:" line; h_done exits 0 if
# none failed, else 1. A test that cannot run prints "SKIP: reason" and
# exits 77 (h_skip_all).

: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$top_builddir}"
: "${PING:=$top_builddir/ping}"
: "${TRACEROUTE:=$top_builddir/traceroute}"

. "$top_srcdir/tests/report.sh"

h_ok() {
	t_ok "$@"
}

h_fail() {
	t_fail "$@"
}

# h_skip WHAT: one part of a test does not run here (printed, not counted)
h_skip() {
	echo "skip: $*"
}

h_skip_all() {
	echo "SKIP: $*"
	exit 77
}

h_done() {
	t_done
}

# h_known WHAT BUG CMD...: a check for a reported, not yet fixed bug: "ok:"
# if CMD succeeds, else "KNOWN:" (printed, not counted as a failure)
h_known() {
	_w=$1
	_b=$2
	shift 2
	if "$@"; then
		h_ok "$_w"
	else
		echo "KNOWN: $_w ($_b)"
	fi
}

# h_check WHAT CMD...: ok if CMD succeeds
h_check() {
	_w=$1
	shift
	if "$@"; then
		h_ok "$_w"
	else
		h_fail "$_w"
	fi
}

# h_need_bins: both programs built and executable, else skip the test
h_need_bins() {
	for _b in "$PING" "$TRACEROUTE"; do
		[ -x "$_b" ] || h_skip_all "$_b is not built"
	done
}

# h_now_ms: monotonic enough for test timing (wall clock, ms)
h_now_ms() {
	date +%s%3N
}

# h_crash_status ST: true if ST is a death by a crash signal (ILL, TRAP,
# ABRT, BUS, FPE, SEGV, SYS) or timeout(1)'s "killed" (124, 137)
h_crash_status() {
	case "$1" in
	124|132|133|134|135|136|137|139|159) return 0 ;;
	esac
	return 1
}

# h_sanitized FILE: true if FILE holds a sanitizer, valgrind or crash report
h_sanitized() {
	grep -Eq 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Segmentation fault|core dumped|stack smashing|double free|free\(\): |malloc\(\): ' \
	    "$1"
}

# h_asan_build BIN: true if BIN was built with AddressSanitizer
h_asan_build() {
	grep -q __asan_init "$1" 2>/dev/null
}

# h_pids_of EXE: pids whose /proc/PID/exe is EXE (exact path); the
# candidates come from pgrep -f (fast), each checked by its exe link
h_pids_of() {
	for _p in $(pgrep -f -- "^$1( |\$)" 2>/dev/null); do
		[ "$(readlink "/proc/$_p/exe" 2>/dev/null)" = "$1" ] &&
		    echo "$_p"
	done
	return 0
}

# h_wait_pid_of EXE SECONDS: print the first pid running EXE, waiting up
# to SECONDS for it to appear; nothing if it never does
h_wait_pid_of() {
	_n=0
	while [ "$_n" -lt $(($2 * 20)) ]; do
		_pid=$(h_pids_of "$1" | head -1)
		if [ -n "$_pid" ]; then
			echo "$_pid"
			return 0
		fi
		sleep 0.05
		_n=$((_n + 1))
	done
	return 1
}

# h_wait_gone PID SECONDS: true if PID is gone within SECONDS
h_wait_gone() {
	_n=0
	while [ "$_n" -lt $(($2 * 20)) ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
		_n=$((_n + 1))
	done
	return 1
}

# h_status_field PID FIELD: the value part of FIELD: in /proc/PID/status
h_status_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^[ \t]+/, ""); print; exit }' \
	    "/proc/$1/status" 2>/dev/null
}

# h_summary_field FILE WHAT: from ping's "N packets transmitted, N
# received, [+N duplicates, +N errors,] P% packet loss" line, the number
# before WHAT (transmitted, received, duplicates, errors, packet loss)
h_summary_field() {
	awk -v w="$2" '/packets transmitted/ {
		n = split($0, f, ",")
		for (i = 1; i <= n; i++) {
			if (index(f[i], w) == 0)
				continue
			s = f[i]
			gsub(/^[ +]+/, "", s)
			split(s, g, /[ %]/)
			print g[1]
			exit
		}
		if (w != "transmitted" && w != "received" && w != "packet loss")
			print 0
		exit
	}' "$1"
}

# h_canon ADDR: the canonical text of a numeric address (2001:2:0:0::2 is
# printed as 2001:2::2); no lookup is made for a numeric address
h_canon() {
	case "$1" in
	*:*) getent ahostsv6 "$1" | awk 'NR == 1 { print $1 }' ;;
	*) echo "$1" ;;
	esac
}

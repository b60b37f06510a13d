# tests/lab/ping_lib.sh: assertions shared by the ping lab tests (sourced
# after lib.sh). Results go through lib.sh's lab_ok / lab_fail; a test
# ends with pg_done.

PG_OUT=$(mktemp)
PG_ERR=$(mktemp)
chmod 666 "$PG_OUT" "$PG_ERR"

# pg_done: remove the capture files, then lab_done (exit 0 or 1)
pg_done() {
	rm -f "$PG_OUT" "$PG_ERR"
	lab_done
}

# pg_run NODE ARGS...: run ping in NODE; stdout in $PG_OUT, stderr in
# $PG_ERR, exit status in $PG_RC
pg_run() {
	_pg_n=$1
	shift
	lab_exec "$_pg_n" "$PING" "$@" >"$PG_OUT" 2>"$PG_ERR"
	PG_RC=$?
}

# pg_status WANT WHAT
pg_status() {
	if [ "$PG_RC" = "$1" ]; then
		lab_ok "$2: exit $1"
	else
		lab_fail "$2: exit $PG_RC, want $1"
		sed 's/^/	| /' "$PG_OUT" "$PG_ERR"
	fi
}

# pg_grep REGEX WHAT: a line of stdout matches (extended regex)
pg_grep() {
	if grep -Eq -- "$1" "$PG_OUT"; then
		lab_ok "$2"
	else
		lab_fail "$2: no line matches /$1/"
		sed 's/^/	| /' "$PG_OUT" "$PG_ERR"
	fi
}

# pg_count REGEX: how many stdout lines match
pg_count() {
	grep -Ec -- "$1" "$PG_OUT"
}

# pg_field N: from "A packets transmitted, B received, +C duplicates,
# +D errors, ...": 1 = transmitted, 2 = received, 3 = duplicates,
# 4 = errors (0 when absent)
pg_field() {
	awk -v f="$1" '/packets transmitted/ {
		t = $1; r = $4; d = 0; e = 0
		for (i = 1; i <= NF; i++) {
			if ($(i + 1) ~ /^duplicates/) d = substr($i, 2)
			if ($(i + 1) ~ /^errors/) e = substr($i, 2)
		}
		v[1] = t; v[2] = r; v[3] = d; v[4] = e
		print v[f]
	}' "$PG_OUT"
}

# pg_eq GOT WANT WHAT
pg_eq() {
	if [ "$1" = "$2" ]; then
		lab_ok "$3 ($1)"
	else
		lab_fail "$3: got '$1', want '$2'"
		sed 's/^/	| /' "$PG_OUT" "$PG_ERR"
	fi
}

# pg_ping_pid PID: the ping process started under PID (a subshell, ip
# netns exec, setpriv ...): the first descendant whose command is "ping";
# waits up to 2 s for it to appear
pg_ping_pid() {
	for _pg_i in 1 2 3 4 5 6 7 8 9 10; do
		_pg_p=$(ps -e -o pid=,ppid=,comm= | awk -v root="$1" '
		    { par[$1] = $2; cmd[$1] = $3 }
		    END {
			for (p in par) {
				if (cmd[p] != "ping") continue
				for (q = par[p]; q > 1; q = par[q])
					if (q == root) { print p; exit }
			}
		    }')
		[ -n "$_pg_p" ] && { echo "$_pg_p"; return 0; }
		sleep 0.2
	done
	return 1
}

# pg_canon ADDR: the canonical text of a numeric address, as ping prints
# it (2001:2:0:0::2 is 2001:2::2)
pg_canon() {
	case "$1" in
	*:*) getent ahostsv6 "$1" | awk 'NR == 1 { print $1 }' ;;
	*) echo "$1" ;;
	esac
}

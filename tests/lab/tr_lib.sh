# tests/lab/tr_lib.sh: assertions shared by the traceroute lab tests
# (sourced after lib.sh; defines functions only).

. "$top_srcdir/tests/report.sh"

tr_fail() {
	t_fail "$@"
}

tr_ok() {
	t_ok "$@"
}

# The addresses printed on hop K's line of FILE (numeric output: the
# fields that are neither times, "ms", "*" nor annotations).
tr_hop_addrs() {
	awk -v k="$2" '$1 == k && NR > 1 {
		for (i = 2; i <= NF; i++) {
			f = $i
			gsub(/[()]/, "", f)
			if (f == "*" || f == "ms" || f ~ /^!/ || f ~ /^F=/ ||
			    f ~ /^[0-9]+\.[0-9]+$/ || f ~ /^<.*>$/ || f ~ /^'"'"'/)
				continue
			if (f ~ /^[0-9.]+$/ || f ~ /:/)
				print f
		}
	}' "$1"
}

# tr_canon ADDR: the canonical text of a numeric address (2001:2:0:0::2 is
# printed as 2001:2::2)
tr_canon() {
	case "$1" in
	*:*) getent ahostsv6 "$1" | awk 'NR == 1 { print $1 }' ;;
	*) echo "$1" ;;
	esac
}

# tr_expect_hop FILE K ADDR: hop K printed, and every address on it is ADDR
tr_expect_hop() {
	_a=$(tr_hop_addrs "$1" "$2" | sort -u)
	if [ "$_a" = "$(tr_canon "$3")" ]; then
		tr_ok "hop $2 is $3"
	else
		tr_fail "hop $2: want $3, got '$(echo $_a)' in: $(awk -v k="$2" \
		    'NR > 1 && $1 == k' "$1")"
	fi
}

# tr_expect_line FILE K REGEX: hop K's line matches the extended regex
tr_expect_line() {
	if awk -v k="$2" 'NR > 1 && $1 == k' "$1" | grep -Eq -- "$3"; then
		tr_ok "hop $2 matches /$3/"
	else
		tr_fail "hop $2 does not match /$3/: $(awk -v k="$2" \
		    'NR > 1 && $1 == k' "$1")"
	fi
}

# tr_expect_status GOT WANT WHAT
tr_expect_status() {
	if [ "$1" = "$2" ]; then
		tr_ok "$3: exit $1"
	else
		tr_fail "$3: exit $1, want $2"
	fi
}

tr_nlines() {
	awk 'NR > 1' "$1" | wc -l | tr -d ' '
}

tr_done() {
	t_done
}

# tr_mp_truth FAM: the graph of lab_multipath's topology as "I hop addr"
# (an interface) and "L hop from to" (a link from hop to hop + 1) lines
tr_mp_truth() {
	_f=$1
	for _n in $(echo "$LAB_MP_EDGES" | awk '{ print $3 }' | sort -u); do
		echo "A $_n $(lab_mp_addr "$_f" "$_n")"
	done | awk -v edges="$LAB_MP_EDGES" '
	    $1 == "A" { addr[$2] = $3 }
	    END {
		n = split(edges, e, "\n")
		for (i = 1; i <= n; i++) {
			split(e[i], f, " ")
			succ[f[2]] = succ[f[2]] " " f[3]
		}
		at["s"] = 1
		for (h = 1; h <= 30; h++) {
			delete nx
			for (u in at) {
				if (u == "d")
					continue
				m = split(succ[u], s, " ")
				for (j = 1; j <= m; j++) {
					nx[s[j]] = 1
					if (u != "s")
						print "L", h - 1, addr[u], addr[s[j]]
				}
			}
			delete at
			for (v in nx) {
				at[v] = 1
				print "I", h, addr[v]
			}
		}
	    }' | sort -u
}

# tr_mp_parse FILE: the same lines from traceroute -n --multipath's output,
# and "P hop" for per-packet balancing
tr_mp_parse() {
	awk '
	    /^traceroute to/ || /^multipath:/ { next }
	    /per-packet/ { print "P", hop; next }
	    {
		i = 1
		if ($1 ~ /^[0-9]+$/) { hop = $1; i = 2 }
		if ($i == "*")
			next
		print "I", hop, $i
		for (j = i + 1; j <= NF; j++) {
			if ($j == "->" || $j == "?")
				continue
			if ($j ~ /^\(/)
				break
			print "L", hop, $i, $j
		}
	    }' "$1" | sort -u
}

#!/bin/sh
# bench/multipath.sh: probes sent to enumerate each multipath topology of
# the lab (lab_multipath), ours (traceroute --multipath, UDP) side by
# side with scamper's tracelb (-P udp-dport) at the same confidence, in
# one run. For each: the mean probes over RUNS runs (min-max), in how
# many runs every interface and link of the lab was found (ours: the
# printed graph against the lab's; scamper: the interfaces it names, its
# links being paths between branching points), ours / scamper, and both
# against the bound no discovery at that confidence can go below.
# scamper waits 150 ms between probes (-W 15, its least). Needs root and
# scamper (Debian package scamper); not part of make check.
#   RUNS (5), CONF (95; scamper takes 95 or 99), TOPOS.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/tr_lib.sh"
if ! command -v scamper >/dev/null 2>&1 ||
    ! command -v sc_warts2json >/dev/null 2>&1; then
	echo "SKIP: scamper not found (apt-get install scamper)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not found (reads scamper's JSON)"
	exit 77
fi
: "${RUNS:=5}" "${CONF:=95}"
: "${TOPOS:=2way 3way 4way unequal nested meshed}"
lab_init
TMP=$(mktemp -d)
trap '_s=$?; trap - EXIT; rm -rf "$TMP"; lab_teardown; exit $_s' EXIT

# ours TOPO: "probes found" per run
ours() {
	lab_exec s "$TRACEROUTE" -n --multipath="$CONF" "$LAB_DST4" \
	    >"$TMP/out" 2>&1
	tr_mp_parse "$TMP/out" | grep -v '^P ' >"$TMP/got"
	_p=$(sed -n 's/^multipath: \([0-9]*\) probes sent.*/\1/p' "$TMP/out")
	cmp -s "$TMP/got" "$TMP/truth" && echo "${_p:-0} 1" ||
	    echo "${_p:-0} 0"
}

# theirs: "probes found" per run (found: every interface of the truth)
theirs() {
	rm -f "$TMP/sc.warts"
	lab_exec s scamper -p 1000 -O warts -o "$TMP/sc.warts" \
	    -c "tracelb -P udp-dport -c $CONF -W 15" -i "$LAB_DST4" \
	    >/dev/null 2>&1
	sc_warts2json "$TMP/sc.warts" 2>/dev/null | python3 -c '
import json, sys
want = set(l.split()[2] for l in open(sys.argv[1]) if l.startswith("I "))
for line in sys.stdin:
    d = json.loads(line)
    if d.get("type") != "tracelb":
        continue
    got = set()
    for n in d.get("nodes", []):
        got.add(n["addr"])
        for link in n.get("links", []):
            for hop in link:
                got.add(hop["addr"])
    print(d["probec"], 1 if want <= got else 0)
' "$TMP/truth"
}

# bound: the fewest probes any discovery needs to rule out, at CONF, one
# more interface at every hop of the truth: n_K at a hop of K interfaces
# (the MDA's stopping point: fewer probes over K + 1 equally likely ones
# miss one more often than 1 - CONF allows, whatever the rule), 1 at
# hop 1 (one router behind s's one route) and where the destination is
# all there is; interfaces next to the destination counted without it
bound() {
	python3 -c '
import sys
conf, dst = float(sys.argv[1]) / 100, sys.argv[2]
def miss(K, n):
    p = [1.0] + [0.0] * K
    for _ in range(n):
        p = [0.0] + [p[j] * j / K + p[j - 1] * (K - j + 1) / K
                     for j in range(1, K + 1)]
    return 1 - p[K]
def nk(k):
    n = 1
    while miss(k + 1, n) > 1 - conf + 1e-12:
        n += 1
    return n
hops = {}
for l in open(sys.argv[3]):
    f = l.split()
    if f[0] == "I":
        hops.setdefault(int(f[1]), set()).add(f[2])
total = 0
for h, ifs in hops.items():
    k = len(ifs - {dst})
    total += 1 if h == 1 or k == 0 else nk(k)
print(total)
' "$CONF" "$LAB_DST4" "$TMP/truth"
}

# stats FILE: "mean min max found"
stats() {
	awk '{ s += $1; f += $2; if (NR == 1 || $1 < lo) lo = $1
	    if ($1 > hi) hi = $1 }
	    END { printf "%.1f %d %d %d\n", s / NR, lo, hi, f }' "$1"
}

printf '%-9s %22s %8s %22s %8s %7s %6s %9s\n' topology "ours: probes" found \
    "scamper: probes" found ratio bound "vs bound"
for topo in $TOPOS; do
	lab_teardown
	lab_multipath "$topo"
	tr_mp_truth 4 >"$TMP/truth"
	: >"$TMP/o"
	: >"$TMP/t"
	i=0
	while [ $i -lt "$RUNS" ]; do
		ours >>"$TMP/o"
		theirs >>"$TMP/t"
		i=$((i + 1))
	done
	set -- $(stats "$TMP/o") $(stats "$TMP/t") $(bound)
	printf '%-9s %8s (%4s-%4s) %6s/%s %8s (%4s-%4s) %6s/%s %7s %6s %9s\n' \
	    "$topo" "$1" "$2" "$3" "$4" "$RUNS" "$5" "$6" "$7" "$8" "$RUNS" \
	    "$(awk -v a="$1" -v b="$5" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
	    "$9" "$(awk -v a="$1" -v b="$5" -v c="$9" \
	    'BEGIN { printf "%.2f/%.2f", a / c, b / c }')"
done
echo "confidence $CONF%, $RUNS runs per topology, UDP over IPv4; found: runs in"
echo "which every interface (and, ours, every link) of the lab was found;"
echo "bound: the fewest probes that rule out one more interface per hop at"
echo "$CONF% (n_K per hop of K), vs bound: ours/bound, scamper/bound"

#!/bin/sh
# check_symbols.sh: the installed library's surface is exactly the
# documented API. Five lists of function names must be equal:
#   - the functions icmptools.h declares (read by the C preprocessor, so
#     comments do not count),
#   - icmptools.sym's version node (what the .so exports and the static
#     archive keeps global),
#   - the functions the section 3 man pages document (their NAME lines),
#   - the symbols libicmptools.so exports (nm -D), each in the version
#     node ICMPTOOLS_<soname major>, the node's own symbol aside,
#   - the global symbols the static libicmptools.a defines (nm -g).
# Also: the soname is libicmptools.so.<CURRENT - AGE> of -version-info.
# Any difference fails, naming the name and the lists it is missing from.
: "${top_srcdir:?}" "${top_builddir:?}"
: "${ICMPT_CC:=cc}" "${ICMPT_LT_VERSION:?}" "${ICMPT_MAN3:?}"
NM=${NM:-nm}
READELF=${READELF:-readelf}
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# header: every identifier icmpt_* followed by "(" once comments are gone
$ICMPT_CC -E -P -x c "$top_srcdir/src/lib/icmptools.h" >"$T/pp" ||
    { echo "ERROR: $ICMPT_CC -E icmptools.h failed"; exit 99; }
grep -oE '\bicmpt_[A-Za-z0-9_]*[[:space:]]*\(' "$T/pp" |
    sed 's/[[:space:](]//g' | sort -u >"$T/header"
n=$(wc -l <"$T/header")
[ "$n" -ge 20 ] || { echo "FAIL: only $n functions found in icmptools.h"; exit 1; }

# every name of the global: part (what is not icmpt_* must fail too)
awk '/^[[:space:]]*global:/ { on = 1; next } /^[[:space:]]*local:/ { on = 0 }
    on && /^[[:space:]]*[A-Za-z_][A-Za-z0-9_*]*;/ {
	sub(/^[[:space:]]*/, ""); sub(/;.*/, ""); print }' \
    "$top_srcdir/src/lib/icmptools.sym" | sort -u >"$T/sym"
node=$(sed -n 's/^\(ICMPTOOLS_[0-9.]*\)[[:space:]]*{.*/\1/p' \
    "$top_srcdir/src/lib/icmptools.sym")

# man pages: the .Nm names of each page's NAME section
for p in $ICMPT_MAN3; do
	awk '/^\.Sh / { s = $2 } s == "NAME" && /^\.Nm / { print $2 }' \
	    "$top_srcdir/$p"
done | grep '^icmpt_' | sort -u >"$T/man"

compare() {	# LIST-FILE WHAT
	comm -23 "$T/header" "$1" | while read -r f; do
		echo "FAIL: $f: declared in icmptools.h, not in $2"
	done
	comm -13 "$T/header" "$1" | while read -r f; do
		echo "FAIL: $f: in $2, not declared in icmptools.h"
	done
	d=$( (comm -23 "$T/header" "$1"; comm -13 "$T/header" "$1") | wc -l)
	if [ "$d" = 0 ]; then
		echo "ok: $2: the $(wc -l <"$1") functions of icmptools.h"
	else
		fails=$((fails + d))
	fi
}

compare "$T/sym" "icmptools.sym"
compare "$T/man" "the man pages' NAME sections"

la=$top_builddir/src/lib/libicmptools.la
libs=$top_builddir/src/lib/.libs
[ -f "$la" ] || { echo "ERROR: $la not built"; exit 99; }
cur=${ICMPT_LT_VERSION%%:*}
age=${ICMPT_LT_VERSION##*:}
major=$((cur - age))
[ "$node" = "ICMPTOOLS_$major" ] && echo "ok: version node $node" ||
    fail "icmptools.sym's node is '$node', want ICMPTOOLS_$major"

if [ "${ICMPT_SHARED:-yes}" = yes ]; then
	so=$libs/libicmptools.so.$major
	if [ ! -f "$so" ]; then
		fail "$so not built"
	else
		soname=$($READELF -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
		[ "$soname" = "libicmptools.so.$major" ] &&
		    echo "ok: soname $soname" ||
		    fail "soname '$soname', want libicmptools.so.$major"
		$NM -D --defined-only "$so" >"$T/nm.so" ||
		    { echo "ERROR: nm -D $so"; exit 99; }
		# "T icmpt_echo@@ICMPTOOLS_0"; "A ICMPTOOLS_0": the node
		awk -v node="$node" '
		    NF >= 2 && $NF != node {
			n = $NF; v = ""
			if ((i = index(n, "@")) > 0) {
				v = substr(n, i); n = substr(n, 1, i - 1)
			}
			if (v != "@@" node) print "unversioned " n
			print n }' "$T/nm.so" | sort -u >"$T/so.all"
		grep '^unversioned ' "$T/so.all" | while read -r _ f; do
			echo "FAIL: $f exported outside $node"
		done
		u=$(grep -c '^unversioned ' "$T/so.all")
		fails=$((fails + u))
		grep -v '^unversioned ' "$T/so.all" >"$T/so"
		compare "$T/so" "libicmptools.so (nm -D)"
	fi
else
	echo "note: shared library disabled (--disable-shared): not checked"
fi

if [ "${ICMPT_STATIC:-yes}" != yes ]; then
	echo "note: static library disabled (--disable-static): not checked"
elif [ "${ICMPT_LOCALIZED:-no}" != yes ]; then
	echo "note: no objcopy: the static archive keeps every module's globals"
else
	$NM -g --defined-only "$libs/libicmptools.a" |
	    awk 'NF == 3 { print $3 }' | sort -u >"$T/a"
	compare "$T/a" "libicmptools.a (nm -g)"
fi
echo "$fails difference(s)"
[ "$fails" = 0 ]

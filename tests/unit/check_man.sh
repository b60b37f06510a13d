#!/bin/sh
# check_man.sh: every option a tool's --help lists (short and long) is
# documented in its man page. Fails on the first tool with an option the
# page does not mention, naming it.
: "${top_srcdir:?}" "${top_builddir:?}"
fails=0
checked=0

# The page as plain text: groff escapes for '-' undone, fonts dropped.
page_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/-/g' "$1"
}

check_tool() {	# tool page
	help=$("$top_builddir/$1" --help 2>&1) || {
		echo "FAIL: $1 --help exited non-zero"; fails=$((fails + 1)); }
	text=$(page_text "$top_srcdir/man/$2")
	opts=$(printf '%s\n' "$help" |
	    grep -oE '(^|[[ ,])-(-[a-z][a-z0-9-]*|[a-zA-Z0-9])\b' |
	    sed -e 's/^[[ ,]*//' | sort -u)
	for o in $opts; do
		checked=$((checked + 1))
		if printf '%s\n' "$text" | grep -qe "$o\\b"; then
			:
		else
			echo "FAIL: $1: option $o is not in man/$2"
			fails=$((fails + 1))
		fi
	done
}

check_tool ping ping.8
check_tool traceroute traceroute.8
echo "$checked options checked, $fails undocumented"
[ "$checked" -ge 60 ] || { echo "FAIL: too few options found in --help"; exit 1; }
[ "$fails" = 0 ]

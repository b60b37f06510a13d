#!/bin/sh
# check_man3.sh: every function of icmptools.h has a section 3 man page:
# its own (man/NAME.3), or a link NAME.3 (MLINKS3 in man/man.am) to the
# page whose NAME section lists it. Every name a NAME section lists is a
# function of the header and appears in that page's SYNOPSIS (.Fn/.Fo);
# every link points to a page that lists it; every page is installed
# (dist_man_MANS). Fails naming each function or page in fault.
: "${top_srcdir:?}" "${ICMPT_CC:=cc}" "${ICMPT_MAN3:?}"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

$ICMPT_CC -E -P -x c "$top_srcdir/src/lib/icmptools.h" |
    grep -oE '\bicmpt_[A-Za-z0-9_]*[[:space:]]*\(' |
    sed 's/[[:space:](]//g' | sort -u >"$T/header"
[ -s "$T/header" ] || { echo "ERROR: no function in icmptools.h"; exit 99; }

names_of() {	# page: the .Nm names of its NAME section
	awk '/^\.Sh / { s = $2 } s == "NAME" && /^\.Nm / { print $2 }' "$1"
}
synopsis_of() {	# page: the functions its SYNOPSIS declares
	awk '/^\.Sh / { s = $2 }
	    s == "SYNOPSIS" && /^\.F[no] / { print $2 }' "$1" | tr -d '"'
}
page_of() {	# name: the page it is documented on, by file or link
	if [ -f "$top_srcdir/man/$1.3" ]; then
		echo "$1"
		return
	fi
	for l in $ICMPT_MLINKS3; do
		[ "${l%%:*}" = "$1" ] && { echo "${l#*:}"; return; }
	done
}

for p in "$top_srcdir"/man/*.3; do
	b=man/$(basename "$p")
	case " $ICMPT_MAN3 " in
	*" $b "*) ;;
	*) fail "$b is not in dist_man_MANS (MAN3_PAGES)" ;;
	esac
done

while read -r f; do
	pg=$(page_of "$f")
	if [ -z "$pg" ]; then
		fail "$f: no man/$f.3 and no MLINKS3 entry"
		continue
	fi
	m=$top_srcdir/man/$pg.3
	[ -f "$m" ] || { fail "$f: MLINKS3 points to man/$pg.3, missing"; continue; }
	names_of "$m" | grep -qx "$f" ||
	    fail "$f: man/$pg.3's NAME section does not list it"
	synopsis_of "$m" | grep -qx "$f" ||
	    fail "$f: man/$pg.3's SYNOPSIS does not declare it (.Fn/.Fo)"
	echo "ok: $f: man/$pg.3"
done <"$T/header"

for p in $ICMPT_MAN3; do
	b=$(basename "$p" .3)
	for n in $(names_of "$top_srcdir/$p"); do
		[ "$n" = icmptools ] && continue
		grep -qx "$n" "$T/header" ||
		    fail "$p lists $n, which icmptools.h does not declare"
		[ "$n" = "$b" ] && continue
		[ "$(page_of "$n")" = "$b" ] ||
		    fail "$p lists $n: MLINKS3 needs $n:$b"
	done
done
for l in $ICMPT_MLINKS3; do
	[ -f "$top_srcdir/man/${l#*:}.3" ] || fail "MLINKS3 $l: no man/${l#*:}.3"
	[ -f "$top_srcdir/man/${l%%:*}.3" ] &&
	    fail "MLINKS3 $l: man/${l%%:*}.3 is a page of its own"
done
echo "$(wc -l <"$T/header") functions, $fails problem(s)"
[ "$fails" = 0 ]

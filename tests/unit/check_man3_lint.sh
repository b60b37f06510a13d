#!/bin/sh
# check_man3_lint.sh: mandoc -Tlint finds nothing in the section 3 pages,
# style messages included; only "referenced manual not found" (which
# depends on the pages installed on this machine) is let through.
: "${top_srcdir:?}" "${ICMPT_MAN3:?}"
command -v mandoc >/dev/null 2>&1 ||
    { echo "SKIP: mandoc not found (apt-get install mandoc)"; exit 77; }
fails=0
for p in $ICMPT_MAN3; do
	out=$(cd "$top_srcdir" && mandoc -Tlint -W style "$p" 2>&1 |
	    grep -v -e 'referenced manual not found' -e 'mandoc.db')
	if [ -n "$out" ]; then
		printf 'FAIL: %s\n%s\n' "$p" "$out"
		fails=$((fails + 1))
	else
		echo "ok: $p"
	fi
done
[ "$fails" = 0 ]

#!/bin/sh
# check_priv_lint.sh: privilege calls live in src/lib/priv.c only (in the
# spirit of mtr's capability-drop.py). Fails if any other src/*.c calls
# cap_*() or setuid/seteuid/setresuid/setgid/setegid/setresgid/setgroups.
# Comments are ignored. First proves it can fail: a planted offender must
# be caught, a clean file must pass.
#   usage: check_priv_lint.sh [file.c ...]   (default: $top_srcdir/src/*.c)

srcdir=${top_srcdir:-$(dirname "$0")/../..}
pat='(^|[^A-Za-z0-9_])(cap_[A-Za-z0-9_]+|setuid|seteuid|setresuid|setgid|setegid|setresgid|setgroups)[[:space:]]*\('

# scan FILE...: print "file:line: text" for each offending call; 1 if any.
scan() {
	rc=0
	for f in "$@"; do
		case "$f" in */priv.c|priv.c) continue ;; esac
		if [ ! -r "$f" ]; then
			echo "$f: cannot read"; rc=1; continue
		fi
		# drop string literals, /* */ and // comments (in one pass, so
		# a quote in a comment or "/*" in a string cannot confuse it),
		# keeping line numbers
		hits=$(perl -0pe 's{("(?:\\.|[^"\\\n])*")|(/\*.*?\*/)|(//[^\n]*)}{ defined $1 ? q("") : do { my $c = $&; $c =~ tr/\n//cd; $c } }gse' "$f" |
		    grep -nE "$pat") || continue
		printf '%s\n' "$hits" | sed "s|^|$f:|"
		rc=1
	done
	return $rc
}

command -v perl >/dev/null 2>&1 || { echo "SKIP: perl not found"; exit 77; }

# self-test: the lint must be able to fail
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/bad.c" <<'EOC'
#include <unistd.h>
int f(void) { return setresuid (0, 0, 0); }
EOC
cat >"$tmp/bad2.c" <<'EOC'
void g(void) { cap_t c = cap_get_proc(); (void)c; }
EOC
cat >"$tmp/good.c" <<'EOC'
/* setuid(0) and cap_get_proc() in a comment are fine,
 * even over two lines: setgroups(1, &g) */
int my_setuid_count(void); /* not a call of setuid */
int h(void) { return my_setuid_count(); } // setgid(0)
const char *m = "run setcap cap_net_raw (as root)";
const char *n = "a \" quote /* and setuid(0) in a string";
EOC
cp "$tmp/bad.c" "$tmp/priv.c"
if scan "$tmp/bad.c" >/dev/null; then
	echo "FAIL: lint missed setresuid() in a planted file"; exit 1
fi
if scan "$tmp/bad2.c" >/dev/null; then
	echo "FAIL: lint missed cap_get_proc() in a planted file"; exit 1
fi
if ! out=$(scan "$tmp/good.c" "$tmp/priv.c"); then
	echo "FAIL: lint flagged a clean file or priv.c:"; echo "$out"; exit 1
fi

if [ $# -eq 0 ]; then
	set -- "$srcdir"/src/*/*.c
fi
if ! out=$(scan "$@"); then
	echo "FAIL: privilege calls outside src/lib/priv.c:"
	echo "$out"
	exit 1
fi
echo "PASS: no cap_*() or set*id() calls outside src/lib/priv.c ($# files)"
exit 0

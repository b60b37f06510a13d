#!/bin/sh
# inst_examples.sh: examples/ built the way a program outside the tree
# is, from the installed files only: flags from pkg-config reading the
# installed icmptools.pc, <icmptools.h> from the installed include dir
# (the compiler's dependency list must name no file of the source tree),
# -Wall -Wextra -Wpedantic -Werror (the header is clean C99 and C++11).
#   examples/icmpt_echo_trace         C, the shared library
#   examples/icmpt_echo_trace-static  C, libicmptools.a (pkg-config --static)
#   examples/icmpt_handle             C++, the shared library
# Each then answers a bad command line with one line and exit 2, and as
# root echoes 127.0.0.1 twice. inst_lab_*.sh take them to the lab.
. "$top_srcdir/tests/install/inst_lib.sh"
mkdir -p "$EX_DIR" || exit 99
rm -f "$EX_C" "$EX_STATIC" "$EX_CXX"
cflags=$(inst_pc --cflags icmptools) && libs=$(inst_pc --libs icmptools) &&
    slibs=$(inst_pc --static --libs icmptools) ||
    { echo "FAIL: pkg-config does not know icmptools in $I_PC"; exit 1; }
# no .so (--disable-shared): -licmptools is the archive, which needs
# Libs.private like any static link
[ "${ICMPT_SHARED:-yes}" = yes ] || libs=$slibs
# the archive, not the .so, for -licmptools
slibs=$(printf '%s\n' "$slibs" | sed 's/\(^\| \)-licmptools\( \|$\)/\1-l:libicmptools.a\2/')

# deps FILE: the dependency list names the installed header and no file
# under the source tree's src/
deps() {
	if grep -q "$I_INC/icmptools.h" "$1" &&
	    ! grep -q "$top_srcdir/src/" "$1"; then
		inst_ok "$(basename "$1" .d): <icmptools.h> from $I_INC only"
	else
		inst_fail "$(basename "$1" .d): headers: $(tr '\\\n' '  ' <"$1")"
	fi
}

build() {	# what out compiler-and-flags...
	_w=$1 _o=$2
	shift 2
	if "$@" 2>"$_o.err"; then
		inst_ok "$_w built: $*"
		deps "$_o.d"
	else
		inst_fail "$_w did not build: $*: $(cat "$_o.err")"
	fi
	rm -f "$_o.err"
}

# shellcheck disable=SC2086
build "C example (shared)" "$EX_C" ${INST_CC:-cc} $INST_CFLAGS -std=c99 \
    -Wall -Wextra -Wpedantic -Werror $cflags -MD -MF "$EX_C.d" \
    -o "$EX_C" "$top_srcdir/examples/icmpt_echo_trace.c" $libs
if [ "${ICMPT_STATIC:-yes}" = yes ]; then
	# shellcheck disable=SC2086
	build "C example (static)" "$EX_STATIC" ${INST_CC:-cc} $INST_CFLAGS \
	    -std=c99 -Wall -Wextra -Wpedantic -Werror $cflags \
	    -MD -MF "$EX_STATIC.d" -o "$EX_STATIC" \
	    "$top_srcdir/examples/icmpt_echo_trace.c" $slibs
else
	echo "note: --disable-static: no static example"
fi
if [ "${INST_HAVE_CXX:-no}" = yes ]; then
	# shellcheck disable=SC2086
	build "C++ example" "$EX_CXX" ${INST_CXX:-c++} $INST_CXXFLAGS \
	    -std=c++11 -Wall -Wextra -Wpedantic -Werror $cflags \
	    -MD -MF "$EX_CXX.d" -o "$EX_CXX" \
	    "$top_srcdir/examples/icmpt_handle.cc" $libs
else
	echo "note: no C++ compiler (configure): examples/icmpt_handle.cc not built"
fi

# linked as meant: the shared ones need libicmptools.so.MAJOR and load
# the installed one, the static one needs none
for x in "$EX_C" "$EX_CXX"; do
	[ -x "$x" ] && [ "${ICMPT_SHARED:-yes}" = yes ] || continue
	$READELF -d "$x" | grep -q "NEEDED.*\[libicmptools.so.$I_MAJOR\]" &&
	    inst_ok "$(basename "$x") needs libicmptools.so.$I_MAJOR" ||
	    inst_fail "$(basename "$x") does not need libicmptools.so.$I_MAJOR"
	got=$(inst_run env LD_TRACE_LOADED_OBJECTS=1 "$x" |
	    awk '$1 ~ /^libicmptools/ { print $3 }')
	[ "$(readlink -f "$got")" = "$(readlink -f "$I_LIB/libicmptools.so.$I_MAJOR")" ] &&
	    inst_ok "$(basename "$x") loads $got" ||
	    inst_fail "$(basename "$x") loads '$got', not the installed library"
done
if [ -x "$EX_STATIC" ]; then
	$READELF -d "$EX_STATIC" | grep -q 'NEEDED.*libicmptools' &&
	    inst_fail "icmpt_echo_trace-static needs libicmptools.so" ||
	    inst_ok "icmpt_echo_trace-static carries the library"
fi

for x in "$EX_C" "$EX_STATIC" "$EX_CXX"; do
	[ -x "$x" ] || continue
	n=$(basename "$x")
	err=$(inst_run "$x" -c 0 127.0.0.1 2>&1 >/dev/null)
	st=$?
	[ $st = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
	    inst_ok "$n -c 0: exit 2, '$err'" ||
	    inst_fail "$n -c 0: exit $st, stderr '$err'"
	[ "$(id -u)" = 0 ] || continue
	out=$(inst_run "$x" -e -c 2 127.0.0.1 2>&1)
	st=$?
	case $out in
	"echo 127.0.0.1 sent 2 received 2 lost 0 duplicates 0 errors 0"*)
		[ $st = 0 ] && inst_ok "$n -e -c 2 127.0.0.1: $(echo $out)" ||
		    inst_fail "$n 127.0.0.1: exit $st" ;;
	*) inst_fail "$n -e -c 2 127.0.0.1: exit $st: $out" ;;
	esac
done
inst_done

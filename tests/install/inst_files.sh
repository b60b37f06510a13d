#!/bin/sh
# inst_files.sh: make install put every file of the library where a
# program outside the tree looks for it, and kept the tools as they were:
# the header (and no internal one), icmptools.pc (version, flags, what a
# static link needs), libicmptools.so.MAJOR (soname, the name ldconfig
# gives it, the dev link), libicmptools.a (only icmpt_* global), a man
# page for every function, the tools with cap_net_raw (root + setcap)
# and their traceroute6 links, the tools not depending on the .so.
. "$top_srcdir/tests/install/inst_lib.sh"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT

# header
if cmp -s "$I_INC/icmptools.h" "$top_srcdir/src/lib/icmptools.h"; then
	inst_ok "icmptools.h in $I_INC"
else
	inst_fail "$I_INC/icmptools.h missing or not the source's"
fi
for h in cksum.h sock.h parse.h match.h priv.h rd.h config.h; do
	[ -e "$I_INC/$h" ] && inst_fail "internal header $h installed"
done

# the JSON schemas (doc/doc.am)
for s in traceroute.schema.json traceroute-report.schema.json \
    ping.schema.json; do
	if cmp -s "$inst_destdir$inst_schemadir/$s" "$top_srcdir/doc/schema/$s"
	then
		inst_ok "$s in $inst_schemadir"
	else
		inst_fail "$inst_schemadir/$s missing or not the source's"
	fi
done

# pkg-config
if inst_pc --exists icmptools; then
	v=$(inst_pc --modversion icmptools)
	[ "$v" = "$ICMPT_VERSION" ] && inst_ok "pkg-config: icmptools $v" ||
	    inst_fail "pkg-config --modversion '$v', want $ICMPT_VERSION"
	inst_pc --validate icmptools 2>/dev/null &&
	    inst_ok "icmptools.pc validates" ||
	    inst_fail "pkg-config --validate icmptools: $(inst_pc --validate icmptools 2>&1)"
	libs=" $(inst_pc --libs icmptools) "
	case $libs in
	*" -licmptools "*) inst_ok "--libs: $libs" ;;
	*) inst_fail "--libs without -licmptools: '$libs'" ;;
	esac
	case $libs in
	*" -L$I_LIB "* | *" -L$I_LIB/ "*) ;;
	*) case $inst_libdir in
	   /usr/lib | /usr/lib64 | /lib | /lib64) ;;
	   *) inst_fail "--libs without -L$I_LIB: '$libs'" ;;
	   esac ;;
	esac
	cflags=$(inst_pc --cflags icmptools)
	case " $cflags " in
	*" -I$I_INC "*) inst_ok "--cflags: $cflags" ;;
	*) [ "$inst_includedir" = /usr/include ] || inst_fail "--cflags '$cflags', want -I$I_INC" ;;
	esac
	slibs=" $(inst_pc --static --libs icmptools) "
	for l in $ICMPT_CAP_LIBS -lm; do
		case $slibs in
		*" $l "*) inst_ok "--static --libs has $l" ;;
		*) inst_fail "--static --libs '$slibs' lacks $l" ;;
		esac
	done
else
	inst_fail "pkg-config finds no icmptools.pc in $I_PC"
fi

# shared library: libicmptools.so.MAJOR -> the file, soname = that name
so=$I_LIB/libicmptools.so.$I_MAJOR
if [ "${ICMPT_SHARED:-yes}" != yes ]; then
	[ -e "$so" ] && inst_fail "$so installed by a --disable-shared build" ||
	    echo "note: --disable-shared: no shared library to check"
elif [ -f "$so" ]; then
	real=$(readlink -f "$so")
	sn=$($READELF -d "$real" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
	[ "$sn" = "libicmptools.so.$I_MAJOR" ] &&
	    inst_ok "soname $sn ($(basename "$real"))" ||
	    inst_fail "soname of $real is '$sn', want libicmptools.so.$I_MAJOR"
	[ "$(readlink -f "$I_LIB/libicmptools.so")" = "$real" ] &&
	    inst_ok "libicmptools.so -> $(basename "$real")" ||
	    inst_fail "libicmptools.so does not lead to $real"
	# ldconfig makes the soname link itself: the same name
	LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
	if [ -x "$LDCONFIG" ]; then
		cp "$real" "$T/"
		"$LDCONFIG" -n "$T" 2>/dev/null
		[ -L "$T/libicmptools.so.$I_MAJOR" ] &&
		    inst_ok "ldconfig -n names it libicmptools.so.$I_MAJOR" ||
		    inst_fail "ldconfig -n made: $(ls "$T" | tr '\n' ' ')"
	fi
	extra=$(nm -D --defined-only "$real" | awk '$NF !~ /^(icmpt_|ICMPTOOLS_)/')
	[ -z "$extra" ] && inst_ok "the .so exports only icmpt_*" ||
	    inst_fail "the .so exports: $extra"
else
	inst_fail "$so not installed"
fi

# static archive: only the documented functions are global
a=$I_LIB/libicmptools.a
if [ "${ICMPT_STATIC:-yes}" != yes ]; then
	echo "note: --disable-static: no static archive to check"
elif [ "${ICMPT_LOCALIZED:-no}" != yes ]; then
	echo "note: no objcopy: the archive keeps every module's globals"
elif [ -f "$a" ]; then
	nm -g --defined-only "$a" | awk 'NF == 3 { print $3 }' | sort -u >"$T/a"
	inst_functions >"$T/h"
	if cmp -s "$T/a" "$T/h"; then
		inst_ok "libicmptools.a: the $(wc -l <"$T/h") functions global, nothing else"
	else
		inst_fail "libicmptools.a globals differ from icmptools.h: $(diff "$T/h" "$T/a" | grep '^[<>]' | tr '\n' ' ' | cut -c1-300)"
	fi
else
	inst_fail "$a not installed"
fi

# man pages: every function, the overview, traceroute6.8
n=0
for f in icmptools $(inst_functions); do
	if [ -f "$I_MAN3/$f.3" ]; then
		n=$((n + 1))
	else
		inst_fail "no man page $I_MAN3/$f.3"
	fi
done
inst_ok "$n section 3 pages in $I_MAN3"
[ "$(readlink "$I_MAN8/traceroute6.8")" = traceroute.8 ] &&
    inst_ok "traceroute6.8 -> traceroute.8" ||
    inst_fail "traceroute6.8 is not a link to traceroute.8"

# tools: traceroute6 link, capability, no dependency on the .so
[ "$(readlink "$I_BIN/traceroute6")" = traceroute ] &&
    inst_ok "traceroute6 -> traceroute" ||
    inst_fail "$I_BIN/traceroute6 is not a link to traceroute"
for l in ping4 ping6; do
	[ "$(readlink "$I_BIN/$l")" = ping ] && [ "$(readlink "$I_MAN8/$l.8")" = ping.8 ] &&
	    inst_ok "$l -> ping, $l.8 -> ping.8" ||
	    inst_fail "$I_BIN/$l or $I_MAN8/$l.8 is not a link to ping"
done
# ping4 / ping6 pick their family from their name, as iputils'
"$I_BIN/ping4" -c 1 -n ::1 >/dev/null 2>&1 && inst_fail "ping4 pinged ::1" ||
    inst_ok "ping4 refuses an IPv6 address"
"$I_BIN/ping6" -c 1 -n 127.0.0.1 >/dev/null 2>&1 && inst_fail "ping6 pinged 127.0.0.1" ||
    inst_ok "ping6 refuses an IPv4 address"
GETCAP=
[ -n "${SETCAP:-}" ] && GETCAP=$(dirname "$SETCAP")/getcap
for p in ping traceroute; do
	[ -x "$I_BIN/$p" ] || { inst_fail "$I_BIN/$p not installed"; continue; }
	$READELF -d "$I_BIN/$p" | grep -q 'NEEDED.*libicmptools' &&
	    inst_fail "$p needs libicmptools.so (it should carry the modules)" ||
	    inst_ok "$p carries the modules (no libicmptools.so needed)"
	if [ "$(id -u)" = 0 ] && [ -x "$GETCAP" ]; then
		c=$("$GETCAP" "$I_BIN/$p")
		case $c in
		*cap_net_raw[=+]ep* | *cap_net_raw=ep*) inst_ok "$p: $c" ;;
		*) inst_fail "$p has no cap_net_raw: '$c'" ;;
		esac
	else
		echo "note: not root or no setcap: $p's capability not checked"
	fi
done
inst_done

# tests/install/inst_lib.sh: what the installcheck tests share (POSIX
# sh, sourced): the installed paths (DESTDIR + the configured dirs, from
# the environment make installcheck sets), pkg-config that sees only the
# installed icmptools.pc, the examples' paths, and ok/fail lines.
: "${top_srcdir:?}" "${top_builddir:?}"
: "${inst_prefix:?run from make installcheck}" "${inst_libdir:?}"
: "${inst_destdir=}"
I_BIN=$inst_destdir$inst_bindir
I_LIB=$inst_destdir$inst_libdir
I_INC=$inst_destdir$inst_includedir
I_PC=$inst_destdir$inst_pkgconfigdir
I_MAN3=$inst_destdir$inst_man3dir
I_MAN8=$inst_destdir$inst_man8dir
EX_DIR=$top_builddir/examples
EX_C=$EX_DIR/icmpt_echo_trace
EX_STATIC=$EX_DIR/icmpt_echo_trace-static
EX_CXX=$EX_DIR/icmpt_handle
READELF=${READELF:-readelf}
_lt=${ICMPT_LT_VERSION:-0:0:0}
I_MAJOR=$((${_lt%%:*} - ${_lt##*:}))

# pkg-config reading only the installed .pc; with DESTDIR, the paths it
# prints are moved under it (sysroot)
inst_pc() {
	PKG_CONFIG_PATH=$I_PC PKG_CONFIG_LIBDIR=$I_PC \
	    PKG_CONFIG_SYSROOT_DIR=$inst_destdir \
	    "${PKG_CONFIG:-pkg-config}" "$@"
}

# run an example with the installed shared library
inst_run() {
	LD_LIBRARY_PATH=$I_LIB "$@"
}

. "$top_srcdir/tests/report.sh"
inst_ok() {
	t_ok "$@"
}
inst_fail() {
	t_fail "$@"
}
inst_done() {
	t_done
}

# the functions icmptools.h declares, one per line
inst_functions() {
	${INST_CC:-cc} -E -P -x c "$top_srcdir/src/lib/icmptools.h" |
	    grep -oE '\bicmpt_[A-Za-z0-9_]*[[:space:]]*\(' |
	    sed 's/[[:space:](]//g' | sort -u
}

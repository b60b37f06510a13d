#!/usr/bin/env bash
# The whole test suite, as README.md and CI run it:
#   1. a plain build in build/ and `make check` (unit tests; as root also
#      the network-namespace lab tests),
#   2. `make install` of that build into a scratch DESTDIR, `make
#      installcheck` there (the installed library as an outside program
#      sees it: files, pkg-config, examples/ built and run in the lab),
#      then `make uninstall`, which must leave nothing,
#   3. the same tests in an ASan+UBSan build in build-san/,
#   4. `make distcheck` (lab tests skipped there: they already ran above),
#   5. a short libFuzzer run of every harness over its seeds (needs clang).
# Ends with one line "N passed, N failed" counting every test of every
# step (skips are reported on the line before it), and exits non-zero if
# anything failed. With CI=true a skipped test counts as a failure: CI
# runs as root with everything installed, so nothing has a reason to skip.
set -u
cd "$(dirname "$0")/.." || exit 2
src=$(pwd)
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-20}
pass=0 fail=0 skip=0

# Add the counts from an automake test-suite.log to the totals.
count_log() {
	local log=$1 p f s
	if [ ! -f "$log" ]; then
		echo "run-all: no $log: the test step did not run" >&2
		fail=$((fail + 1))
		return
	fi
	p=$(awk '/^# (PASS|XFAIL):/ { n += $3 } END { print n + 0 }' "$log")
	f=$(awk '/^# (FAIL|XPASS|ERROR):/ { n += $3 } END { print n + 0 }' "$log")
	s=$(awk '/^# SKIP:/ { n += $3 } END { print n + 0 }' "$log")
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
	if [ "${f:-0}" != 0 ] || [ "${s:-0}" != 0 ]; then
		# test-suite.log holds the log of every test that did not pass.
		sed -n '/^\(FAIL\|ERROR\|XPASS\|SKIP\): /,$p' "$log" | head -200
	fi
}

step() {
	echo "=== $*"
}

step "bootstrap"
autoreconf -fi || exit 2

build() {	# build DIR CONFIGURE-ARGS...
	local dir=$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && "$src/configure" -q "$@" && make -j"$jobs" >/dev/null)
}

step "plain build + make check"
if build "$src/build"; then
	(cd "$src/build" && make -j"$jobs" check >/dev/null 2>&1)
	count_log "$src/build/test-suite.log"
else
	echo "run-all: plain build failed" >&2
	fail=$((fail + 1))
fi

step "make install (DESTDIR) + make installcheck + make uninstall"
dest=$src/build/_dest
if [ -f "$src/build/Makefile" ]; then
	rm -rf "$dest"
	if (cd "$src/build" && make install DESTDIR="$dest" >"$src/build/install.out" 2>&1); then
		(cd "$src/build" && make installcheck DESTDIR="$dest" >"$src/build/installcheck.out" 2>&1)
		count_log "$src/build/installcheck.log"
		(cd "$src/build" && make uninstall DESTDIR="$dest" >/dev/null 2>&1)
		left=$(find "$dest" ! -type d 2>/dev/null | head -20)
		if [ -n "$left" ]; then
			echo "run-all: make uninstall left:"
			echo "$left"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	else
		tail -40 "$src/build/install.out"
		fail=$((fail + 1))
	fi
	rm -rf "$dest"
else
	echo "run-all: no plain build to install" >&2
	fail=$((fail + 1))
fi

step "ASan+UBSan build + make check"
if build "$src/build-san" --enable-sanitizers; then
	(cd "$src/build-san" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    make -j"$jobs" check >/dev/null 2>&1)
	count_log "$src/build-san/test-suite.log"
else
	echo "run-all: sanitizer build failed" >&2
	fail=$((fail + 1))
fi

step "make distcheck"
if (cd "$src/build" && ICMPTOOLS_NO_LAB=1 make -j"$jobs" distcheck >"$src/build/distcheck.out" 2>&1); then
	pass=$((pass + 1))
else
	tail -40 "$src/build/distcheck.out"
	fail=$((fail + 1))
fi

step "fuzz (${fuzz_seconds}s per harness)"
if (cd "$src/build" && make fuzz >/dev/null 2>&1); then
	if (cd "$src/build" && make fuzz-run FUZZ_SECONDS="$fuzz_seconds" >"$src/build/fuzz.out" 2>&1); then
		pass=$((pass + 1))
	else
		tail -40 "$src/build/fuzz.out"
		fail=$((fail + 1))
	fi
else
	echo "run-all: fuzzers did not build (clang + libclang-rt-14-dev needed)"
	skip=$((skip + 1))
fi

if [ "${CI:-}" = true ] && [ "$skip" != 0 ]; then
	echo "run-all: $skip test(s) skipped under CI: counted as failures"
	fail=$((fail + skip))
fi
echo "run-all: $skip skipped"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

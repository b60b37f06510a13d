# report.sh: the one pass/fail reporter of the shell tests (lab, tr,
# hard, install: lab_ok, tr_ok, h_ok and inst_ok are names for t_ok).
# t_done ends the test: "N passed, N failed", exit 1 on any failure.
if [ -z "${T_REPORT:-}" ]; then
	T_REPORT=1
	T_OKS=0
	T_FAILS=0
fi

t_ok() {
	echo "ok: $*"
	T_OKS=$((T_OKS + 1))
}

t_fail() {
	echo "FAIL: $*"
	T_FAILS=$((T_FAILS + 1))
}

t_done() {
	echo "$T_OKS passed, $T_FAILS failed"
	[ "$T_FAILS" -eq 0 ] && exit 0
	exit 1
}

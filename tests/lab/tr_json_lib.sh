# tests/lab/tr_json_lib.sh: the JSON side of the traceroute lab tests
# (sourced after lib.sh and tr_lib.sh; defines functions only). Documents
# are read by tests/lab/tr_json.py: strictly (ASCII only, no raw control
# byte, no duplicate key) and against the schemas in doc/schema/.

TJ_PY=$top_srcdir/tests/lab/tr_json.py
TJ_TRACE=$top_srcdir/doc/schema/traceroute.schema.json
TJ_REPORT=$top_srcdir/doc/schema/traceroute-report.schema.json

# tj_need: SKIP (77) unless python3 and its jsonschema module are here
tj_need() {
	command -v python3 >/dev/null 2>&1 ||
	    { echo "SKIP: python3 not found (needed to read the JSON)"; exit 77; }
	python3 "$TJ_PY" have ||
	    { echo "SKIP: python3-jsonschema not installed (apt-get install python3-jsonschema)"; exit 77; }
}

# tj_valid SCHEMA FILE WHAT: FILE is a valid document of SCHEMA
tj_valid() {
	_tj_r=$(python3 "$TJ_PY" valid "$1" "$2" 2>&1)
	if [ $? = 0 ]; then
		tr_ok "$3: valid JSON ($(basename "$1"))"
		return 0
	fi
	tr_fail "$3: not valid against $(basename "$1"): $_tj_r"
	sed 's/^/	| /' "$2" | head -20 | LC_ALL=C cat -v
	return 1
}

# tj_get FILE EXPR: EXPR over the document d (tr_json.py get)
tj_get() {
	python3 "$TJ_PY" get "$1" "$2" 2>/dev/null
}

# tj_eq FILE EXPR WANT WHAT: EXPR is WANT
tj_eq() {
	_tj_g=$(tj_get "$1" "$2")
	if [ "$_tj_g" = "$3" ]; then
		tr_ok "$4"
	else
		tr_fail "$4: $2 is '$_tj_g', want '$3'"
	fi
}

# tj_checks FILE: the checks on stdin, one per line "WHAT<tab>EXPR<tab>WANT"
# (tj_eq's arguments), in one python run; each FAIL counted
tj_checks() {
	_tj_o=$(python3 "$TJ_PY" check "$1" 2>&1)
	printf '%s\n' "$_tj_o"
	_tj_n=$(printf '%s\n' "$_tj_o" | grep -c '^FAIL')
	T_FAILS=$((T_FAILS + _tj_n))
	printf '%s\n' "$_tj_o" | grep -q '^ok: ' || [ "$_tj_n" -gt 0 ] ||
	    tr_fail "tj_checks: no check ran: $_tj_o"
}

# tj_spec WHAT EXPR WANT: one line for tj_checks
tj_spec() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3"
}

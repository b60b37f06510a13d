#!/bin/sh
# check_schema_doc.sh: traceroute's JSON schemas (doc/schema/) are valid
# JSON Schema (draft 7), and every field name they define appears in
# traceroute(8)'s REPORT AND JSON section, so the field tables and the
# schemas the tests validate against cannot drift apart.
: "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 ||
    { echo "SKIP: python3 not found"; exit 77; }
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "SKIP: python3-jsonschema not installed (apt-get install python3-jsonschema)"; exit 77; }
python3 - "$top_srcdir" <<'PY'
import json, re, sys
import jsonschema

top = sys.argv[1]
page = open(top + "/man/traceroute.8").read()
sec = page[page.index(".SH REPORT AND JSON"):page.index(".SH SEE ALSO")]
sec = sec.replace("\\-", "-").replace("\\&", "")
fails = 0


def names(node, out):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            out.add(k)
        for v in node.values():
            names(v, out)
    elif isinstance(node, list):
        for v in node:
            names(v, out)


for f in ("traceroute.schema.json", "traceroute-report.schema.json"):
    schema = json.load(open(top + "/doc/schema/" + f))
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        print("ok: %s is valid JSON Schema" % f)
    except jsonschema.SchemaError as e:
        print("FAIL: %s: %s" % (f, e.message))
        fails += 1
    found = set()
    names(schema, found)
    missing = [n for n in sorted(found) if not re.search(
        r"(^|[^a-z_])" + re.escape(n) + r"([^a-z_]|$)", sec, re.M)]
    for n in missing:
        print("FAIL: %s: field %s is not in traceroute(8)" % (f, n))
    fails += len(missing)
    if not missing:
        print("ok: %s: %d fields, all in traceroute(8)" % (f, len(found)))
sys.exit(1 if fails else 0)
PY

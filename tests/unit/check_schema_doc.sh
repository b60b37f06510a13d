#!/bin/sh
# check_schema_doc.sh: the JSON schemas (doc/schema/) are valid JSON
# Schema (draft 7), and every field name they define appears in their man
# page's section (traceroute(8): REPORT AND JSON, ping(8): JSON OUTPUT),
# so the field tables and the schemas the tests validate against cannot
# drift apart. A field missing from a page fails, naming it.
: "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 ||
    { echo "SKIP: python3 not found"; exit 77; }
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "SKIP: python3-jsonschema not installed (apt-get install python3-jsonschema)"; exit 77; }
python3 - "$top_srcdir" <<'PY'
import json, re, sys
import jsonschema

top = sys.argv[1]


def section(page, start, end):
    text = open(top + "/man/" + page).read()
    sec = text[text.index(start):text.index(end)]
    for esc, plain in (("\\-", "-"), ("\\&", ""), ("\\%", ""),
                       ("\\(dq", '"')):
        sec = sec.replace(esc, plain)
    return sec


pages = {
    "traceroute.8": section("traceroute.8", ".SH REPORT AND JSON",
                            ".SH SEE ALSO"),
    "ping.8": section("ping.8", ".SH JSON OUTPUT", ".SH SEQUENCE NUMBERS"),
}
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


for f, page in (("traceroute.schema.json", "traceroute.8"),
                ("traceroute-report.schema.json", "traceroute.8"),
                ("ping.schema.json", "ping.8")):
    sec = pages[page]
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
        print("FAIL: %s: field %s is not in %s" % (f, n, page))
    fails += len(missing)
    if not missing:
        print("ok: %s: %d fields, all in %s" % (f, len(found), page))
sys.exit(1 if fails else 0)
PY

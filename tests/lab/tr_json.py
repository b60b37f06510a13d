#!/usr/bin/env python3
# tests/lab/tr_json.py: what the traceroute JSON tests ask of a document.
#   tr_json.py have                 exit 0 if jsonschema can be imported
#   tr_json.py valid SCHEMA FILE    FILE is one JSON document, strictly:
#       only printable ASCII, spaces and newlines (every other byte must
#       be escaped); no duplicate key, no NaN/Infinity; valid against
#       SCHEMA (Draft 7). Exit 0, else 1 with the reason on stdout.
#   tr_json.py get FILE EXPR        print EXPR evaluated with the document
#       as d (strings as they are, anything else as JSON)
#   tr_json.py check FILE < SPECS   each line "WHAT<tab>EXPR<tab>WANT":
#       "ok: WHAT" if EXPR (printed as by get) is WANT, else "FAIL: ..."
#       (one python for many checks)
import json
import sys


def strict_load(path):
    raw = open(path, "rb").read()
    for i, b in enumerate(raw):
        if b != 0x0a and b != 0x20 and not 0x21 <= b <= 0x7e:
            raise ValueError("raw byte 0x%02x at offset %d" % (b, i))

    def no_dups(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key in %s" % keys)
        return dict(pairs)

    def no_const(c):
        raise ValueError("non-standard constant " + c)

    return json.loads(raw.decode("ascii"), object_pairs_hook=no_dups,
                      parse_constant=no_const)


def evaluate(d, expr):
    v = eval(expr, {"d": d, "len": len, "sum": sum, "all": all,
                    "any": any, "sorted": sorted, "set": set})
    return v if isinstance(v, str) else json.dumps(v)


def main():
    if sys.argv[1] == "have":
        try:
            import jsonschema  # noqa: F401
        except ImportError:
            return 1
        return 0
    if sys.argv[1] == "valid":
        import jsonschema
        schema = json.load(open(sys.argv[2]))
        try:
            doc = strict_load(sys.argv[3])
            jsonschema.Draft7Validator(schema).validate(doc)
        except (ValueError, jsonschema.ValidationError) as e:
            print(str(e).splitlines()[0][:300])
            return 1
        return 0
    if sys.argv[1] == "get":
        d = strict_load(sys.argv[2])
        print(evaluate(d, sys.argv[3]))
        return 0
    if sys.argv[1] == "check":
        d = strict_load(sys.argv[2])
        for line in sys.stdin:
            what, expr, want = line.rstrip("\n").split("\t")
            try:
                got = evaluate(d, expr)
            except Exception as e:  # a missing hop, a wrong type
                got = "(%s)" % e
            if got == want:
                print("ok: " + what)
            else:
                print("FAIL: %s: %s is '%s', want '%s'" %
                      (what, expr, got, want))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

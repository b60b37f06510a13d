#!/usr/bin/env python3
# tests/lab/ping_json.py: what the ping --json tests ask of its output,
# JSON Lines (tr_json.py's strict reading, line by line).
#   ping_json.py have               exit 0 if jsonschema can be imported
#   ping_json.py valid SCHEMA FILE  FILE is JSON Lines: at least one line,
#       each one JSON object and nothing else, strictly (only printable
#       ASCII and spaces, every other byte escaped; no duplicate key, no
#       NaN/Infinity), each valid against SCHEMA (Draft 7). Exit 0, else 1
#       with the line number and the reason on stdout.
#   ping_json.py check FILE < SPECS each line "WHAT<tab>EXPR<tab>WANT":
#       "ok: WHAT" if EXPR, evaluated with L = the list of objects, s =
#       the last one, R = the replies, E = the ICMP errors (printed as a
#       string or as JSON), is WANT, else "FAIL: ..."
import json
import sys


def strict_lines(path):
    raw = open(path, "rb").read()
    if not raw.endswith(b"\n"):
        raise ValueError("no newline at the end (%d bytes)" % len(raw))
    out = []
    for n, line in enumerate(raw[:-1].split(b"\n"), 1):
        for i, b in enumerate(line):
            if not 0x20 <= b <= 0x7e:
                raise ValueError("line %d: raw byte 0x%02x at %d" % (n, b, i))

        def no_dups(pairs):
            keys = [k for k, _ in pairs]
            if len(keys) != len(set(keys)):
                raise ValueError("line %d: duplicate key in %s" % (n, keys))
            return dict(pairs)

        def no_const(c):
            raise ValueError("line %d: non-standard constant %s" % (n, c))

        try:
            v = json.loads(line.decode("ascii"), object_pairs_hook=no_dups,
                           parse_constant=no_const)
        except json.JSONDecodeError as e:
            raise ValueError("line %d: %s: %r" % (n, e, line[:80]))
        if not isinstance(v, dict):
            raise ValueError("line %d: not an object" % n)
        out.append(v)
    return out


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
        val = jsonschema.Draft7Validator(schema)
        try:
            objs = strict_lines(sys.argv[3])
            for n, o in enumerate(objs, 1):
                err = next(iter(val.iter_errors(o)), None)
                if err is not None:
                    raise ValueError("line %d: %s" % (n, str(err).splitlines()[0]))
        except ValueError as e:
            print(str(e)[:300])
            return 1
        return 0
    if sys.argv[1] == "check":
        L = strict_lines(sys.argv[2])
        env = {"L": L, "s": L[-1] if L else None,
               "R": [o for o in L if "bytes" in o],
               "E": [o for o in L if "type" in o and "error" in o],
               "len": len, "sum": sum, "all": all, "any": any,
               "sorted": sorted, "set": set, "round": round,
               "bytes": bytes}
        for line in sys.stdin:
            what, expr, want = line.rstrip("\n").split("\t")
            try:
                v = eval(expr, env)
                got = v if isinstance(v, str) else json.dumps(v)
            except Exception as e:  # a missing line, a wrong type
                got = "(%s)" % e
            if got == want:
                print("ok: " + what)
            else:
                print("FAIL: %s: %s is '%s', want '%s'" % (what, expr, got,
                                                          want))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compare `flowmap analyze --json` outputs of two builds, apart from keys
added since the older one.

usage: jsonsame.py BEFORE_DIR AFTER_DIR [--working]

Compares every *.json of BEFORE_DIR with the file of the same name in
AFTER_DIR after removing, at any depth, the keys added since: wait_causes,
calendars, recommendations. Key order and values must match exactly (both
sides are parsed and re-serialized the same way, so equal values give equal
text). With --working the working-time twins (working_mean, working_median,
working_p90, working_max, working_min, working_sum) are removed too, which
checks that every elapsed figure is unchanged where calendars now apply.

Prints one line per file: "same", "same without working_*" (the file gained
working-time twins), or "DIFFERS" with the first differing path. Exits 1
when a file differs.
"""
import json
import os
import sys

ADDED = {"wait_causes", "calendars", "recommendations"}
WORKING = {"working_mean", "working_median", "working_p90", "working_max", "working_min", "working_sum"}


def strip(v, drop):
    if isinstance(v, list):
        return [strip(x, drop) for x in v]
    if not isinstance(v, dict):
        return v
    return {k: strip(x, drop) for k, x in v.items() if k not in drop}


def has_working(v):
    if isinstance(v, list):
        return any(has_working(x) for x in v)
    if isinstance(v, dict):
        return any(k in WORKING or has_working(x) for k, x in v.items())
    return False


def first_diff(a, b, path="$"):
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        if list(a) != list(b):
            return path + " (keys " + str([k for k in a if k not in b] + [k for k in b if k not in a]) + " or their order)"
        for k in a:
            d = first_diff(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path + " (length)"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else path


def load(path):
    with open(path) as f:
        return json.load(f, object_pairs_hook=dict)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    working = "--working" in sys.argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = args
    bad = False
    for name in sorted(os.listdir(before)):
        if not name.endswith(".json"):
            continue
        b_path, a_path = os.path.join(before, name), os.path.join(after, name)
        if not os.path.exists(a_path):
            continue
        try:
            b, a = load(b_path), load(a_path)
        except ValueError:
            continue  # not analyze --json output (e.g. an error message)
        if not isinstance(b, dict) or "log" not in b:
            continue
        b1, a1 = strip(b, ADDED), strip(a, ADDED)
        text = lambda v: json.dumps(v, indent=2, ensure_ascii=False)
        if text(b1) == text(a1):
            print("%-40s same" % name)
            continue
        if working and has_working(a1):
            b2, a2 = strip(b1, WORKING), strip(a1, WORKING)
            if text(b2) == text(a2):
                print("%-40s same without working_*" % name)
                continue
            a1, b1 = a2, b2
        bad = True
        print("%-40s DIFFERS at %s" % (name, first_diff(b1, a1)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

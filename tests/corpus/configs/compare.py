#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Replay the verdict corpus against ditto-checkconf.

Usage: compare.py path/to/ditto-checkconf [-v]
Every case whose exit code differs from named-checkconf's (expected.tsv)
and is not listed with a reason in known-differences.tsv is a failure;
for the semantic cases (sem/) the first message must match too.
ditto's own warnings about dittod (lines saying "... by dittod") are not
messages of named-checkconf and are left out of that comparison.
Prints the agreement rate; exits 1 on any unexplained disagreement or when
agreement drops below 99%.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.abspath(__file__))


def main():
    tool = os.path.abspath(sys.argv[1])
    verbose = "-v" in sys.argv
    known = {}
    kd = os.path.join(TOP, "known-differences.tsv")
    if os.path.exists(kd):
        for line in open(kd):
            if line.strip() and not line.startswith("#"):
                case, reason = line.rstrip("\n").split("\t", 1)
                known[case] = reason
    total = agree = explained = 0
    bad = []
    for line in open(os.path.join(TOP, "expected.tsv")):
        case, rc, msg = line.rstrip("\n").split("\t", 2)
        d, fn = os.path.split(case)
        p = subprocess.run([tool, fn], cwd=os.path.join(TOP, d),
                           capture_output=True, text=True, timeout=60)
        total += 1
        if p.returncode not in (0, 1):
            bad.append((case, "crash/abnormal exit %d" % p.returncode,
                        p.stderr.strip()))
            continue
        out = [ln for ln in (p.stdout + p.stderr).strip().splitlines()
               if " by dittod" not in ln]
        first = re.sub(r"^[^:]*:\d+: ", "", out[0]) if out else ""
        if p.returncode == int(rc) and (d != "sem" or first == msg):
            agree += 1
            continue
        if case in known:
            explained += 1
            continue
        got = p.stderr.strip().splitlines()
        bad.append((case, "named rc=%s %r" % (rc, msg),
                    "ditto rc=%d %r" % (p.returncode,
                                        got[0] if got else "")))
    for b in bad:
        print("DISAGREE %s: %s / %s" % b)
    pct = 100.0 * agree / total if total else 100.0
    print("corpus: %d cases, %d agree (%.2f%%), %d explained, %d "
          "unexplained" % (total, agree, pct, explained, len(bad)))
    return 1 if bad or pct < 99.0 else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Run ditto-checkzone over the verdict corpus and compare with the
verdicts named-checkzone gave (tests/corpus/zones/gen.py recorded them).

For each case: the exit status and the message lines must be identical;
for zones that load, the -D dump must be byte-identical. A disagreement is
tolerated only when allowlist.txt names it: "<case> <verdict|messages|dump>
<reason...>". Prints the agreement figures; exits 1 on any disagreement
that is not allowed (or an allowlist entry that no longer applies, so the
list does not rot).

Usage: compare.py <ditto-checkzone> [cases-dir] [allowlist] [-v]
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_allow(path):
    allow = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                sys.exit("allowlist: entry without a reason: " + line)
            allow[(parts[0], parts[1])] = parts[2]
    return allow


def run(binary, args, cwd):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def main():
    verbose = "-v" in sys.argv
    argv = [a for a in sys.argv[1:] if a != "-v"]
    if not argv:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[0])
    cases = argv[1] if len(argv) > 1 else os.path.join(HERE, "zones", "cases")
    allow = load_allow(argv[2] if len(argv) > 2 else
                       os.path.join(HERE, "zones", "allowlist.txt"))
    names = sorted(f[:-5] for f in os.listdir(cases) if f.endswith(".zone"))
    stats = {"verdict": [0, 0], "messages": [0, 0], "dump": [0, 0]}
    bad, used = [], set()
    for name in names:
        with open(os.path.join(cases, name + ".args")) as f:
            words = f.read().split()
        origin, extra = words[0], words[1:]
        with open(os.path.join(cases, name + ".expected")) as f:
            exp = f.read()
        exp_lines = exp.splitlines()
        exp_rc = int(exp_lines[-1].split("=")[1])
        rc, out, err = run(binary, ["-i", "local"] + extra +
                           [origin, name + ".zone"], cases)
        results = {"verdict": rc == exp_rc,
                   "messages": (out + err).splitlines() == exp_lines[:-1]}
        dumpf = os.path.join(cases, name + ".dump")
        if os.path.exists(dumpf) and rc == 0:
            _, dout, _ = run(binary, ["-i", "local"] + extra +
                             ["-D", "-o", "-", origin, name + ".zone"],
                             cases)
            with open(dumpf) as f:
                results["dump"] = dout == f.read()
        for what, ok in results.items():
            stats[what][0] += ok
            stats[what][1] += 1
            if ok:
                continue
            if (name, what) in allow:
                used.add((name, what))
                continue
            bad.append((name, what))
            if verbose:
                print("--- %s %s" % (name, what))
                if what != "dump":
                    print("expected:\n" + exp + "got (exit=%d):\n%s%s" %
                          (rc, out, err))
    for what, (ok, total) in stats.items():
        pct = 100.0 * ok / total if total else 100.0
        print("%-8s agree %4d / %4d (%.1f%%)" % (what, ok, total, pct))
    stale = sorted(set(allow) - used)
    for name, what in bad:
        print("DISAGREE %s %s" % (name, what))
    for name, what in stale:
        print("STALE allowlist entry: %s %s" % (name, what))
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main())

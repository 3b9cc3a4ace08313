#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Write a dnsperf query file ("name type" per line) drawn from a zone file.

Reads a simple one-RR-per-line master file (as written by
contrib/bench/checkzone/genzone.py: "$ORIGIN", "$TTL", then
"owner [ttl] [class] type rdata"; relative or absolute owners; a line
starting with blank space repeats the previous owner) and writes a shuffled
mix of queries, by default:

  60 %  existing authoritative data: (owner, type) pairs from the zone,
        including CNAME owners asked for A (the server follows the chain)
        and DS at delegation points (answered by the parent)
  10 %  NODATA: an existing authoritative owner, a type it does not have
  15 %  NXDOMAIN: a name that does not exist (random label under the apex,
        or a label below an existing leaf)
  15 %  referrals: names at or below a delegation point (the cut itself,
        a glue name, or a made-up name under it)

Deterministic (fixed seed). Usage:
  genqueries.py ZONEFILE ORIGIN [COUNT] > queries.txt
COUNT defaults to the number of records in the zone, clamped to
[100000, 1000000], so that a 1M-record zone is queried across most of its
names (cache pressure) and a small zone still gets a long file.
"""
import random
import sys

CLASSES = {"IN", "CH", "HS", "CS"}
PROBE_TYPES = ["A", "AAAA", "MX", "TXT", "SRV", "NS", "CAA", "PTR"]


def absolute(name, origin):
    if name == "@":
        return origin
    if name.endswith("."):
        return name.lower()
    if origin == ".":
        return (name + ".").lower()
    return (name + "." + origin).lower()


def parse(path, origin):
    """Return {owner: set(types)} for every owner in the file."""
    types = {}
    owner = origin
    with open(path, encoding="ascii", errors="replace") as f:
        for line in f:
            if not line.strip() or line.startswith(";"):
                continue
            if line.startswith("$ORIGIN"):
                origin = absolute(line.split()[1], ".")
                continue
            if line.startswith("$"):
                continue
            tok = line.split()
            if line[0] in " \t":
                tok.insert(0, None)
            else:
                owner = absolute(tok[0], origin)
            i = 1
            while i < len(tok) and (tok[i].isdigit() or tok[i].upper() in CLASSES):
                i += 1
            if i >= len(tok):
                continue
            types.setdefault(owner, set()).add(tok[i].upper())
    return types


def under(name, cuts):
    """Return the delegation point at or above name, or None."""
    labels = name.split(".")
    for k in range(len(labels) - 1):
        cand = ".".join(labels[k:])
        if cand in cuts:
            return cand
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: genqueries.py ZONEFILE ORIGIN [COUNT]")
    origin = absolute(sys.argv[2], ".")
    types = parse(sys.argv[1], origin)
    nrec = sum(len(t) for t in types.values())
    count = int(sys.argv[3]) if len(sys.argv) > 3 else min(max(nrec, 100000), 1000000)
    cuts = {o for o, t in types.items() if "NS" in t and o != origin}
    auth, below = [], []
    for o in sorted(types):
        (below if under(o, cuts) else auth).append(o)
    leaves = [o for o in auth if o != origin]
    r = random.Random(2)
    cutlist = sorted(cuts)
    dscuts = [c for c in cutlist if "DS" in types[c]]
    out = []
    for _ in range(count):
        k = r.random()
        if k < 0.60 or not (cutlist and leaves):
            if dscuts and r.random() < 0.05:
                out.append((r.choice(dscuts), "DS"))
                continue
            o = r.choice(auth)
            t = r.choice(sorted(types[o]))
            if t == "CNAME" and r.random() < 0.5:
                t = "A"
            out.append((o, t))
        elif k < 0.70:
            o = r.choice(leaves)
            for _ in range(8):
                if "CNAME" not in types[o]:
                    break
                o = r.choice(leaves)
            have = types[o]
            if "CNAME" in have:
                o = origin
                have = types[o]
            cand = [t for t in PROBE_TYPES if t not in have]
            out.append((o, r.choice(cand)))
        elif k < 0.85:
            if r.random() < 0.5:
                out.append(("nx%d.%s" % (r.getrandbits(31), origin), "A"))
            else:
                out.append(("www." + r.choice(leaves), r.choice(["A", "AAAA"])))
        else:
            c = r.choice(cutlist)
            j = r.random()
            if j < 0.4:
                out.append((c, "A"))
            elif j < 0.7:
                glue = [o for o in (("ns1." + c), ("ns2." + c)) if o in types]
                out.append((r.choice(glue) if glue else c, "A"))
            else:
                out.append(("www." + c, r.choice(["A", "AAAA", "MX"])))
    w = sys.stdout.write
    for o, t in out:
        w("%s %s\n" % (o, t))
    sys.stderr.write("%d queries from %d names (%d delegations)\n"
                     % (len(out), len(types), len(cuts)))


if __name__ == "__main__":
    main()

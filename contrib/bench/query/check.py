#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""qbench: ask every server the same sample of queries and compare answers.

Usage: check.py QUERYFILE SAMPLES NAME=PORT [NAME=PORT ...]
The first server is the reference. For each query the comparison key is
(rcode, AA bit, answer RRsets with rdata, and - when the answer is empty -
the owner/type of the authority RRsets). Prints per-server mismatch counts
and a few examples. Exit status 0 (the harness reports, it does not judge).
"""
import random
import sys

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype


def key(resp):
    if resp is None:
        return ("TIMEOUT",)
    ans = sorted("%s %s %s" % (r.name, dns.rdatatype.to_text(r.rdtype),
                               " ".join(sorted(x.to_text() for x in r)))
                 for r in resp.answer)
    auth = ()
    if not ans:
        auth = tuple(sorted("%s %s" % (r.name, dns.rdatatype.to_text(r.rdtype))
                            for r in resp.authority))
    return (dns.rcode.to_text(resp.rcode()), bool(resp.flags & dns.flags.AA),
            tuple(ans), auth)


def ask(name, qtype, port):
    q = dns.message.make_query(name, qtype)
    q.flags &= ~dns.flags.RD
    for _ in range(2):
        try:
            return dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
        except Exception:  # timeout or garbage: retried once, then reported
            pass
    return None


def main():
    with open(sys.argv[1]) as f:
        lines = [l.split() for l in f if l.strip()]
    n = int(sys.argv[2])
    servers = [(a.split("=")[0], int(a.split("=")[1])) for a in sys.argv[3:]]
    sample = random.Random(3).sample(lines, min(n, len(lines)))
    ref = servers[0][0]
    bad = {s: [] for s, _ in servers}
    rcodes = {}
    for name, qtype in sample:
        keys = {s: key(ask(name, qtype, p)) for s, p in servers}
        r0 = keys[ref][0]
        rcodes[r0] = rcodes.get(r0, 0) + 1
        for s, _ in servers[1:]:
            if keys[s] != keys[ref]:
                bad[s].append((name, qtype, keys[ref], keys[s]))
    print("check: %d sampled queries, reference %s, its rcodes %s"
          % (len(sample), ref, dict(sorted(rcodes.items()))))
    for s, _ in servers[1:]:
        print("check: %-7s %d/%d differ from %s" % (s, len(bad[s]), len(sample), ref))
        for name, qtype, a, b in bad[s][:3]:
            print("  %s %s\n    %s: %s\n    %s: %s" % (name, qtype, ref, a, s, b))


if __name__ == "__main__":
    main()

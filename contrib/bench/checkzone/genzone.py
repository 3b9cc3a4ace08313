#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Write a realistic zone of about N records (default 1,000,000) to stdout.

Mix per "host" name: A (most), AAAA, MX, TXT, SRV, CNAME aliases, and
delegations (2 NS each, in-bailiwick glue A/AAAA, a DS on half of them).
Owner names are shuffled so the loader cannot rely on sorted input.
Deterministic (fixed seed). Usage: genzone.py [N] [origin] > zone.db
"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
origin = sys.argv[2] if len(sys.argv) > 2 else "bench.example"
r = random.Random(1)
out = sys.stdout
w = out.write
w("$ORIGIN %s.\n$TTL 3600\n" % origin)
w("@ IN SOA ns1 hostmaster 2026010101 7200 3600 1209600 300\n")
w("@ NS ns1\n@ NS ns2\nns1 A 192.0.2.1\nns2 AAAA 2001:db8::2\n")
w("@ MX 10 mail\nmail A 192.0.2.25\n")
count = 8
ids = list(range(n))
r.shuffle(ids)
for i in ids:
    if count >= n:
        break
    k = r.random()
    h = "h%d" % i
    if k < 0.40:
        w("%s A 10.%d.%d.%d\n" % (h, i >> 16 & 255, i >> 8 & 255, i & 255))
        count += 1
        if r.random() < 0.3:
            w("%s AAAA 2001:db8:%x::%x\n" % (h, i >> 16, i & 0xffff))
            count += 1
    elif k < 0.55:
        w("%s 300 IN A 10.%d.%d.%d\n%s AAAA 2001:db8::%x\n%s MX 10 mail\n"
          % (h, i >> 16 & 255, i >> 8 & 255, i & 255, h, i & 0xffff, h))
        count += 3
    elif k < 0.68:
        w('%s TXT "v=spf1 ip4:10.%d.0.0/16 -all"\n%s TXT "id=%08x"\n'
          % (h, i & 255, h, r.getrandbits(32)))
        count += 2
    elif k < 0.78:
        w("%s CNAME h%d\n" % (h, r.randrange(n // 2)))
        count += 1
    elif k < 0.85:
        w("_sip._tcp.%s SRV 10 60 5060 sip.%s\nsip.%s A 10.9.%d.%d\n"
          % (h, h, h, i >> 8 & 255, i & 255))
        count += 2
    else:
        z = "d%d" % i
        w("%s NS ns1.%s\n%s NS ns2.%s\nns1.%s A 10.8.%d.%d\nns2.%s AAAA 2001:db8:8::%x\n"
          % (z, z, z, z, z, i >> 8 & 255, i & 255, z, i & 0xffff))
        count += 4
        if i % 2 == 0:
            w("%s DS %d 13 2 %064X\n" % (z, i & 0xffff, r.getrandbits(256)))
            count += 1
sys.stderr.write("%d records\n" % count)

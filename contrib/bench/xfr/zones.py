#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""xfrbench zone helpers.

  zones.py small DIR N        write N zones zNNNN.small.example of 10
                              records each (serial 1) to DIR/<name>.db and
                              their names, one per line, to stdout
  zones.py change FILE C      in FILE (a genzone.py zone) give the first 10
                              plain "hN A 10.x.y.z" records new addresses
                              (change number C), add 1 to the SOA serial
                              (rewritten in place); print
                              "<new serial> <first changed name> <address>"
"""
import os
import re
import sys


def small(d, n):
    for i in range(1, n + 1):
        z = "z%04d.small.example" % i
        with open(os.path.join(d, z + ".db"), "w") as f:
            f.write("$ORIGIN %s.\n$TTL 3600\n"
                    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                    "@ NS ns1\n@ NS ns2\nns1 A 192.0.2.1\nns2 A 192.0.2.2\n"
                    "@ MX 10 mail\nmail A 192.0.2.25\nwww A 192.0.2.80\n"
                    "www AAAA 2001:db8::80\n@ TXT \"zone %d\"\n" % (z, i))
        print(z)


SOA = re.compile(r"^(@ IN SOA \S+ \S+ )(\d+)( .*)$")
PLAIN_A = re.compile(r"^(h\d+) A 10\.\S+$")


def change(path, c):
    with open(path) as f:
        lines = f.read().split("\n")
    serial = None
    changed = []
    for k, line in enumerate(lines):
        if serial is None:
            m = SOA.match(line)
            if m:
                serial = int(m.group(2)) + 1
                lines[k] = "%s%d%s" % (m.group(1), serial, m.group(3))
                continue
        if len(changed) < 10:
            m = PLAIN_A.match(line)
            if m:
                addr = "10.250.%d.%d" % (c % 250, len(changed))
                lines[k] = "%s A %s" % (m.group(1), addr)
                changed.append((m.group(1), addr))
        if serial is not None and len(changed) == 10:
            break
    if serial is None or len(changed) < 10:
        sys.exit("zones.py: %s: no SOA or fewer than 10 plain A records" % path)
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    print(serial, changed[0][0], changed[0][1])


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "small":
        small(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "change":
        change(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)

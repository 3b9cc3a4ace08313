#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Verify with dnspython the messages ditto signed (tsig_interop_test with
# DITTO_TSIG_EXPORT=DIR): DIR/<alg>.tcp holds a request and a 4-message
# response stream (third unsigned) as TCP frames.
# Usage: interop.py DIR       exit status 0 when every file verifies
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vectors  # noqa: E402  (fixes time.time to the vectors' time)

import dns.message  # noqa: E402


def frames(data):
    pos = 0
    while pos < len(data):
        (n,) = struct.unpack("!H", data[pos:pos + 2])
        yield data[pos + 2:pos + 2 + n]
        pos += 2 + n


def check(path, key):
    msgs = list(frames(open(path, "rb").read()))
    if len(msgs) != 5:
        raise ValueError("%s: %d messages" % (path, len(msgs)))
    q = dns.message.from_wire(msgs[0], keyring=key)
    if not q.had_tsig:
        raise ValueError("%s: request not signed" % path)
    ctx = None
    for i, w in enumerate(msgs[1:]):
        r = dns.message.from_wire(w, keyring=key, request_mac=q.mac,
                                  tsig_ctx=ctx, multi=True)
        if r.had_tsig != (i != 2):
            raise ValueError("%s: message %d signed=%s" % (path, i + 1,
                                                           r.had_tsig))
        ctx = r.tsig_ctx
    # a tampered octet must be caught
    bad = bytearray(msgs[1])
    bad[2] ^= 0x04  # the AA bit
    try:
        dns.message.from_wire(bytes(bad), keyring=key, request_mac=q.mac)
    except dns.tsig.BadSignature:
        pass
    else:
        raise ValueError("%s: tampered message verified" % path)


def main():
    d = sys.argv[1]
    for idx, (text, _) in enumerate(gen_vectors.ALGS):
        _, _, key = gen_vectors.key_for(idx)
        check(os.path.join(d, text + ".tcp"), key)
        print("ok %s" % text)


main()

#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Seeds for tests/fuzz/journal_replay.c: ditto journals (format 1, see
# lib/zone/journal.h) for example.com/IN, each prefixed by the mode byte.
import os
import struct
import sys

CRC_POLY = 0x82F63B78
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ CRC_POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def wname(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


ORIGIN = wname("example.com.")


def header(gen, first_seq, serial):
    h = b"DITTOJNL" + struct.pack(">IIQQIHH", 1, 300, gen, first_seq,
                                  serial, 1, len(ORIGIN))
    h += ORIGIN.ljust(256, b"\0")
    return h + struct.pack(">I", crc32c(h))


def soa(serial):
    return wname("ns1.example.com.") + wname("hostmaster.example.com.") + \
        struct.pack(">IIIII", serial, 3600, 600, 86400, 300)


def rr(owner, rtype, ttl, rdata):
    return wname(owner) + struct.pack(">HHIH", rtype, 1, ttl,
                                      len(rdata)) + rdata


def entry(seq, frm, to, dels, adds):
    body = b"".join(dels) + b"".join(adds)
    h = struct.pack(">IIQIIII", 0x444A4531, len(body), seq, frm, to,
                    len(dels), len(adds))
    return h + struct.pack(">I", crc32c(h + body)) + body


def step(seq, frm, extra_del=(), extra_add=()):
    dels = [rr("example.com.", 6, 3600, soa(frm))] + list(extra_del)
    adds = [rr("example.com.", 6, 3600, soa(frm + 1))] + list(extra_add)
    return entry(seq, frm, frm + 1, dels, adds)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    a1 = rr("www.example.com.", 1, 300, bytes([192, 0, 2, 1]))
    a2 = rr("www.example.com.", 1, 300, bytes([192, 0, 2, 2]))
    txt = rr("t.example.com.", 16, 60, b"\x05hello")
    mx = rr("example.com.", 15, 300, b"\x00\x0a" + wname("mx.example.com."))
    seeds = {}
    hdr = header(0x0123456789ABCDEF, 1, 10)
    seeds["empty"] = b"\0" + hdr
    e1 = step(1, 10, extra_add=[txt])
    e2 = step(2, 11, extra_del=[a1], extra_add=[a2, mx])
    e3 = step(3, 12, extra_del=[txt])
    seeds["one"] = b"\0" + hdr + e1
    seeds["three"] = b"\0" + hdr + e1 + e2 + e3
    seeds["three_fixcrc"] = b"\1" + hdr + e1 + e2 + e3
    seeds["torn"] = b"\0" + hdr + e1 + e2 + e3[:len(e3) // 2]
    bad = bytearray(e2)
    bad[40] ^= 0x20
    seeds["badcrc"] = b"\0" + hdr + e1 + bytes(bad) + e3
    # a delete of a record the zone does not have (replay stops)
    e2x = step(2, 11, extra_del=[txt, txt])
    seeds["baddelete"] = b"\1" + hdr + e1 + e2x
    # serial wrap
    hw = header(7, 41, 0xFFFFFFFE)
    seeds["wrap"] = b"\0" + hw + step(41, 0xFFFFFFFE) + \
        entry(42, 0xFFFFFFFF, 0, [rr("example.com.", 6, 3600,
                                     soa(0xFFFFFFFF))],
              [rr("example.com.", 6, 3600, soa(0))])
    seeds["headeronly_short"] = b"\0" + hdr[:150]
    seeds["otherzone"] = b"\1" + hdr.replace(ORIGIN, wname("example.net."))
    for name, data in seeds.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(os.path.dirname(__file__), "corpus", "journal_replay"))

#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Seeds for tests/fuzz/ccserver_feed.c: a mode byte (chunking, see
# next_step() there) then bytes from an rndc client. Built from the
# captured frames of protocols/rndc.md §9 (C1 null, C2 status with the
# server's nonce, M1 null under hmac-md5) and from frames signed here
# with the same key and clock; some truncated or mutated.
import base64
import hashlib
import hmac
import os
import struct
import sys

C1 = bytes.fromhex(
    "000000d200000001055f61757468020000006304687368610100000059a37a35"
    "64542f706151456f49445a396757475736436977394766523132584d67455670"
    "6377697635473132343d00000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000055f6374726c02000000"
    "3c045f736572010000000a32373130343036383934045f74696d010000000a31"
    "373935323138383835045f657870010000000a31373935323138393435055f64"
    "617461020000000e047479706501000000046e756c6c")
C2 = bytes.fromhex(
    "000000ea00000001055f61757468020000006304687368610100000059a33435"
    "634a45446e7a32644b634f683868345736575562326d434238416f6f704f354a"
    "4f696551575134756f3d00000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000055f6374726c02000000"
    "52045f736572010000000a32373130343036383935045f74696d010000000a31"
    "373935323138383835045f657870010000000a31373935323138393435065f6e"
    "6f6e6365010000000a33383434393932323530055f6461746102000000100474"
    "7970650100000006737461747573")
M1 = bytes.fromhex(
    "0000008f00000001055f61757468020000002004686d643501000000164b592b"
    "62614439715770644f646545534c4b76576367055f6374726c020000003c045f"
    "736572010000000a32393831373835343633045f74696d010000000a31373935"
    "323138383930045f657870010000000a31373935323138393530055f64617461"
    "020000000e047479706501000000046e756c6c")
SECRET = base64.b64decode("c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx")
NOW, NONCE = 1795218885, 3844992250


def value(v):
    if isinstance(v, dict):
        body = table(v)
        return b"\x02" + struct.pack(">I", len(body)) + body
    v = v.encode() if isinstance(v, str) else v
    return b"\x01" + struct.pack(">I", len(v)) + v


def table(d):
    return b"".join(bytes([len(k)]) + k.encode() + value(v)
                    for k, v in d.items())


def frame(ser, data, nonce=None, tim=NOW):
    ctrl = {"_ser": str(ser), "_tim": str(tim), "_exp": str(tim + 60)}
    if nonce is not None:
        ctrl["_nonce"] = str(nonce)
    region = table({"_ctrl": ctrl, "_data": data})
    b64 = base64.b64encode(hmac.new(SECRET, region, hashlib.sha256).digest())
    auth = table({"_auth": {"hsha": bytes([163]) + b64 +
                            b"\0" * (88 - len(b64))}})
    body = struct.pack(">I", 1) + auth + region
    return struct.pack(">I", len(body)) + body


def flip(b, at):
    return b[:at] + bytes([b[at] ^ 0x20]) + b[at + 1:]


def seeds():
    zone = frame(100, {"type": "zonestatus example.com IN"}, NONCE)
    add = frame(101, {"type": "addzone x.test { type primary; file "
                      "\"x.db\"; };"}, NONCE)
    return {
        "c1": b"\x00" + C1,
        "c1c2": b"\x00" + C1 + C2,
        "c1c2-bytewise": b"\x03" + C1 + C2,
        "c1c2-growing": b"\x01" + C1 + C2,
        "c1c2-geometric": b"\x02" + C1 + C2,
        "c1c2-chunk64": bytes([(63 << 2) | 3]) + C1 + C2,
        "m1": b"\x00" + M1,
        "c1-twice": b"\x00" + C1 + C1,
        "c2-first": b"\x00" + C2,
        "c1-truncated": b"\x00" + C1[:150],
        "c1c2-truncated": b"\x02" + C1 + C2[:200],
        "c1-badhmac": b"\x00" + flip(C1, 40),
        "c1-badctrl": b"\x00" + flip(C1, 0x90),
        "c1c2-badnonce": b"\x00" + C1 + flip(C2, 0xd0),
        "c1-version2": b"\x00" + C1[:7] + b"\x02" + C1[8:],
        "c1-longer": b"\x00" + struct.pack(">I", 0xd3) + C1[4:] + b"\0",
        "zero-length": b"\x00" + struct.pack(">I", 0),
        "oversized": b"\x00" + struct.pack(">I", 40000) + b"x" * 64,
        "c1-zone-add": b"\x00" + C1 + zone + add,
        "stale": b"\x00" + frame(7, {"type": "null"}, tim=NOW - 400),
        "notype": b"\x00" + C1 + frame(8, {"x": "y"}, NONCE),
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus",
        "ccserver_feed")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

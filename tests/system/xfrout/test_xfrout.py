#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod as the upstream of other secondaries (AXFR and
IXFR out, allow-transfer, TSIG, transfers-out, bad clients).

Usage: test_xfrout.py <dittod> [named]   (exit status 0 when all pass)

dittod serves a primary zone from a file (prim.test, ~3000 records), a
primary zone only key "xk" may transfer (locked.test), a large primary
zone (big.test) and a secondary zone (sec.test) fed by a real named
primary, which changes it once so that dittod's journal holds an IXFR.
Steps (each asserts; later ones depend on earlier ones):
  axfr         content of prim.test by AXFR equals the zone file; several
               messages (many-answers, 20 KB)
  tsig         AXFR of locked.test signed with xk: dnspython verifies the
               TSIG of every message; unsigned: REFUSED + security line
  secondary    sec.test AXFR from dittod equals named's
  ixfr         named changes sec.test; dittod takes it by IXFR; an IXFR
               from serial 1 gives exactly the change
  ixfr_old     IXFR from a serial not in the journal: AXFR-style
  ixfr_current IXFR at the current serial: the single SOA
  udp          IXFR over UDP: the single SOA; AXFR over UDP: FORMERR;
               unknown zone: NOTAUTH
  quota        transfers-out 1: a slow reader holds big.test; a second
               AXFR gets SERVFAIL ("quota reached"); queries are answered
               meanwhile; after the reader leaves, AXFR works again
  pipeline     a query sent after an AXFR on the same connection is
               answered once the transfer ended
  bad          garbage SOA in an IXFR (FORMERR), a huge junk request, a
               client that disconnects mid-transfer, 150 connections at
               once; dittod answers throughout
Every process is stopped by its PID in `finally`.
"""
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rrset
import dns.tsigkeyring
import dns.zone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import Proc, free_port, wait_for  # noqa: E402

KEYNAME = "xk"
SECRET = "Fe/IWQlmgcQzySVKHpYpWfyL1A5KU1T6/3rcKuW8BTk="
KEYRING = dns.tsigkeyring.from_text({KEYNAME: ("hmac-sha256", SECRET)})

DITTO_CONF = """key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	transfers-out 1;
	min-refresh-time 1;
	min-retry-time 1;
}};
zone "prim.test" {{ type primary; file "prim.db"; }};
zone "big.test" {{ type primary; file "big.db"; }};
zone "locked.test" {{ type primary; file "locked.db";
	allow-transfer {{ key "{key}"; }}; }};
zone "sec.test" {{ type secondary; file "sec.db";
	primaries {{ 127.0.0.1 port {nport}; }}; }};
"""

NAMED_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify explicit;
	also-notify {{ 127.0.0.1 port {dport}; }};
	notify-delay 0;
	ixfr-from-differences yes;
	dnssec-validation no;
	session-keyfile "{dir}/session.key";
	max-ixfr-ratio unlimited;
}};
zone "sec.test" {{ type primary; file "sec.db"; }};
"""

SEC_ZONE = """$TTL 300
@	SOA	ns1 hostmaster {serial} 3 1 600 60
	NS	ns1
ns1	A	192.0.2.1
www	A	{www}
{extra}
""" + "".join("pad%d\tTXT\t\"padding\"\n" % i for i in range(20))


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def udp(port, name, rdtype, timeout=2.0):
    q = dns.message.make_query(name, rdtype)
    return dns.query.udp(q, "127.0.0.1", port=port, timeout=timeout)


def serial_of(port, zone):
    r = udp(port, zone, "SOA", timeout=0.5)
    if r.rcode() != dns.rcode.NOERROR or not r.answer:
        return None
    return r.answer[0][0].serial


def xfr_messages(port, zone, rdtype="AXFR", serial=0, keyring=None):
    """Every message of a transfer (dnspython checks the TSIG of each)."""
    return list(dns.query.xfr("127.0.0.1", zone, rdtype=rdtype,
                              serial=serial, port=port, keyring=keyring,
                              keyname=KEYNAME if keyring else None,
                              keyalgorithm="hmac-sha256", lifetime=20,
                              relativize=False))


def records(msgs):
    """The answer records of a transfer as a list of (name, type, text)."""
    out = []
    for m in msgs:
        for rrset in m.answer:
            for rd in rrset:
                out.append((rrset.name.to_text().lower(), rrset.rdtype,
                            rd.to_text()))
    return out


def zone_records(z):
    out = set()
    for name, node in z.nodes.items():
        for rds in node.rdatasets:
            for rd in rds:
                n = name.derelativize(z.origin).to_text().lower()
                out.add((n, rds.rdtype, rd.to_text(origin=z.origin,
                                                     relativize=False)))
    return out


def raw_tcp(port, wire, read=True, timeout=5.0):
    """Send one framed message; the first framed response (or None)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(struct.pack("!H", len(wire)) + wire)
        if not read:
            return None
        hdr = recv_exact(s, 2)
        if hdr is None:
            return None
        body = recv_exact(s, struct.unpack("!H", hdr)[0])
        return dns.message.from_wire(body, ignore_trailing=True)


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class Env:
    def __init__(self, dittod, named):
        self.dir = tempfile.mkdtemp(prefix="xfrout-test-")
        self.ndir = os.path.join(self.dir, "named")
        os.mkdir(self.ndir)
        self.dport, self.nport = free_port(), free_port()
        self.dittod_bin, self.named_bin = dittod, named
        self.dittod = self.named = None
        write(os.path.join(self.dir, "named.conf"), DITTO_CONF.format(
            dir=self.dir, port=self.dport, nport=self.nport, key=KEYNAME,
            secret=SECRET))
        write(os.path.join(self.ndir, "named.conf"), NAMED_CONF.format(
            dir=self.ndir, port=self.nport, dport=self.dport))
        self.prim = self.make_zone("prim.test", 3000, 7)
        self.make_zone("big.test", 60000, 1)
        self.make_zone("locked.test", 2000, 3)
        self.set_sec(1, "192.0.2.10", "old\tA\t192.0.2.66")

    def make_zone(self, origin, n, serial):
        lines = ["$ORIGIN %s." % origin, "$TTL 300",
                 "@ SOA ns1 hostmaster %d 3600 600 86400 300" % serial,
                 "@ NS ns1", "ns1 A 192.0.2.1"]
        for i in range(n):
            lines.append('h%d TXT "record %d of the %s zone, padding"'
                         % (i, i, origin))
        text = "\n".join(lines) + "\n"
        write(os.path.join(self.dir, origin.split(".")[0] + ".db"), text)
        return dns.zone.from_text(text, origin=origin, relativize=False)

    def set_sec(self, serial, www, extra=""):
        write(os.path.join(self.ndir, "sec.db"),
              SEC_ZONE.format(serial=serial, www=www, extra=extra))

    def start(self):
        self.named = Proc([self.named_bin, "-g", "-c",
                           os.path.join(self.ndir, "named.conf")],
                          os.path.join(self.ndir, "named.log"))
        wait_for("named", lambda: serial_of(self.nport, "sec.test"), 20)
        self.dittod = Proc([self.dittod_bin, "-g", "-n", "2", "-c",
                            os.path.join(self.dir, "named.conf")],
                           os.path.join(self.dir, "dittod.log"))
        wait_for("dittod", lambda: serial_of(self.dport, "prim.test"), 20)

    def dlog(self):
        return self.dittod.text()

    def cleanup(self, keep):
        for p in (self.dittod, self.named):
            if p is not None:
                p.stop()
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


# ---- the steps ----

def step_axfr(e):
    msgs = xfr_messages(e.dport, "prim.test")
    got = records(msgs)
    soa = [r for r in got if r[1] == dns.rdatatype.SOA]
    assert got[0][1] == dns.rdatatype.SOA and got[-1][1] == \
        dns.rdatatype.SOA and len(soa) == 2, (got[:2], got[-2:])
    assert set(got) == zone_records(e.prim), "AXFR differs from the file"
    assert len(got) == len(zone_records(e.prim)) + 1, len(got)
    assert len(msgs) > 3, "expected many-answers messages, got %d" % \
        len(msgs)
    for m in msgs:
        assert m.flags & dns.flags.AA and m.rcode() == dns.rcode.NOERROR
    log = e.dlog()
    assert "(prim.test): transfer of 'prim.test/IN': AXFR started " \
        "(serial 7)" in log, log[-2000:]
    assert "transfer of 'prim.test/IN': AXFR ended: %d messages, %d " \
        "records" % (len(msgs), len(got)) in log, log[-2000:]
    return "%d records in %d messages" % (len(got), len(msgs))


def step_tsig(e):
    msgs = xfr_messages(e.dport, "locked.test", keyring=KEYRING)
    assert all(m.had_tsig for m in msgs), "a message was not signed"
    assert len(records(msgs)) == 2000 + 3 + 1
    assert len(msgs) > 2, "expected several signed messages"
    log = e.dlog()
    assert "/key xk (locked.test): transfer of 'locked.test/IN': AXFR " \
        "started: TSIG xk (serial 3)" in log, log[-2000:]
    q = dns.message.make_query("locked.test", "AXFR")
    r = dns.query.tcp(q, "127.0.0.1", port=e.dport, timeout=5)
    assert r.rcode() == dns.rcode.REFUSED, dns.rcode.to_text(r.rcode())
    assert not r.answer
    wait_for("denied line", lambda: "security: error: client @0x" in
             e.dlog() and "(locked.test): zone transfer "
             "'locked.test/AXFR/IN' denied" in e.dlog(), 5)
    # a bad signature: NOTAUTH with a TSIG error (BADSIG)
    bad = dns.tsigkeyring.from_text(
        {KEYNAME: ("hmac-sha256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")})
    q = dns.message.make_query("locked.test", "AXFR")
    q.use_tsig(bad, keyname=KEYNAME, algorithm="hmac-sha256")
    try:
        r = dns.query.tcp(q, "127.0.0.1", port=e.dport, timeout=5)
        rc = r.rcode()
    except dns.tsig.PeerBadSignature:
        rc = dns.rcode.NOTAUTH
    assert rc == dns.rcode.NOTAUTH, dns.rcode.to_text(rc)
    return "%d signed messages; unsigned REFUSED; bad key NOTAUTH" % \
        len(msgs)


def sec_records(port):
    return set(records(xfr_messages(port, "sec.test"))[1:])


def step_secondary(e):
    wait_for("sec.test at dittod", lambda: serial_of(e.dport, "sec.test")
             == 1, 20)
    assert sec_records(e.dport) == sec_records(e.nport)
    return ""


def step_ixfr(e):
    e.set_sec(2, "192.0.2.20", "new\tA\t192.0.2.99")
    os.kill(e.named.proc.pid, signal.SIGHUP)
    wait_for("serial 2 at dittod", lambda: serial_of(e.dport, "sec.test")
             == 2, 20)
    assert sec_records(e.dport) == sec_records(e.nport)
    got = records(xfr_messages(e.dport, "sec.test", "IXFR", serial=1))
    soas = [i for i, r in enumerate(got) if r[1] == dns.rdatatype.SOA]
    assert len(soas) == 4, got
    serials = [int(got[i][2].split()[2]) for i in soas]
    assert serials == [2, 1, 2, 2], serials
    deleted = set(got[soas[1] + 1:soas[2]])
    added = set(got[soas[2] + 1:soas[3]])
    assert deleted == {("old.sec.test.", dns.rdatatype.A, "192.0.2.66"),
                       ("www.sec.test.", dns.rdatatype.A, "192.0.2.10")}, \
        deleted
    assert added == {("new.sec.test.", dns.rdatatype.A, "192.0.2.99"),
                     ("www.sec.test.", dns.rdatatype.A, "192.0.2.20")}, \
        added
    log = e.dlog()
    assert "transfer of 'sec.test/IN': IXFR started (serial 1 -> 2)" in log
    assert "transfer of 'sec.test/IN': IXFR ended: 1 messages, 8 records" \
        in log, log[-1500:]
    return "deleted %d, added %d" % (len(deleted), len(added))


def step_ixfr_old(e):
    msgs = xfr_messages(e.dport, "prim.test", "IXFR", serial=3)
    got = records(msgs)
    assert set(got) == zone_records(e.prim), "AXFR-style IXFR differs"
    log = e.dlog()
    assert "transfer of 'prim.test/IN': AXFR-style IXFR started " \
        "(serial 7)" in log, log[-1500:]
    got2 = records(xfr_messages(e.dport, "sec.test", "IXFR",
                                serial=4000000000))
    # 4000000000 is "before" 2 in serial arithmetic: not in the journal
    assert len(got2) > 4 and got2[1][1] != dns.rdatatype.SOA, got2[:3]
    return "%d records" % len(got)


def step_ixfr_current(e):
    q = dns.message.make_query("prim.test", "IXFR")
    q.authority.append(dns.rrset.from_text(
        "prim.test.", 0, "IN", "SOA", "a. b. 7 0 0 0 0"))
    r = dns.query.tcp(q, "127.0.0.1", port=e.dport, timeout=5)
    assert r.rcode() == dns.rcode.NOERROR and len(r.answer) == 1
    assert r.answer[0].rdtype == dns.rdatatype.SOA
    assert r.answer[0][0].serial == 7
    return ""


def step_udp(e):
    q = dns.message.make_query("prim.test", "IXFR")
    q.authority.append(dns.rrset.from_text(
        "prim.test.", 0, "IN", "SOA", "a. b. 1 0 0 0 0"))
    r = dns.query.udp(q, "127.0.0.1", port=e.dport, timeout=3)
    assert r.rcode() == dns.rcode.NOERROR and len(r.answer) == 1, r
    assert r.answer[0][0].serial == 7
    r = udp(e.dport, "prim.test", "AXFR")
    assert r.rcode() == dns.rcode.FORMERR, r
    q = dns.message.make_query("nowhere.test", "IXFR")
    q.authority.append(dns.rrset.from_text(
        "nowhere.test.", 0, "IN", "SOA", "a. b. 1 0 0 0 0"))
    r = dns.query.udp(q, "127.0.0.1", port=e.dport, timeout=3)
    assert r.rcode() == dns.rcode.NOTAUTH, r
    q = dns.message.make_query("locked.test", "IXFR")
    q.authority.append(dns.rrset.from_text(
        "locked.test.", 0, "IN", "SOA", "a. b. 1 0 0 0 0"))
    r = dns.query.udp(q, "127.0.0.1", port=e.dport, timeout=3)
    assert r.rcode() == dns.rcode.REFUSED, r
    q.use_tsig(KEYRING, keyname=KEYNAME, algorithm="hmac-sha256")
    r = dns.query.udp(q, "127.0.0.1", port=e.dport, timeout=3)
    assert r.rcode() == dns.rcode.NOERROR and r.had_tsig, r
    return ""


def slow_reader(port, zone):
    """A connection that asks for an AXFR and does not read."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    w = dns.message.make_query(zone, "AXFR").to_wire()
    s.sendall(struct.pack("!H", len(w)) + w)
    return s


def step_quota(e):
    s = slow_reader(e.dport, "big.test")
    try:
        wait_for("big.test started", lambda: "transfer of 'big.test/IN': "
                 "AXFR started" in e.dlog(), 5)
        q = dns.message.make_query("prim.test", "AXFR")
        r = dns.query.tcp(q, "127.0.0.1", port=e.dport, timeout=5)
        assert r.rcode() == dns.rcode.SERVFAIL, dns.rcode.to_text(r.rcode())
        assert "xfer-out: warning: AXFR request denied: quota reached" in \
            e.dlog()
        t0 = time.monotonic()
        for i in range(200):
            r = udp(e.dport, "h%d.prim.test" % i, "TXT")
            assert r.rcode() == dns.rcode.NOERROR and r.answer
        took = time.monotonic() - t0
    finally:
        s.close()
    wait_for("cut transfer logged", lambda: "transfer of 'big.test/IN': "
             "send: connection reset" in e.dlog(), 10)
    n = len(records(xfr_messages(e.dport, "prim.test")))
    assert n == len(zone_records(e.prim)) + 1
    return "200 queries in %.2fs during a stalled transfer" % took


def step_bad(e):
    # an IXFR whose authority SOA rdata is garbage
    q = dns.message.make_query("prim.test", "IXFR")
    wire = bytearray(q.to_wire())
    wire[8:10] = b"\x00\x01"  # NSCOUNT 1
    wire += b"\xc0\x0c\x00\x06\x00\x01\x00\x00\x00\x00\x00\x03\x01\x02\x03"
    r = raw_tcp(e.dport, bytes(wire))
    assert r is not None and r.rcode() == dns.rcode.FORMERR, r
    # a 65535-octet junk request: closed or answered, never a crash
    junk = bytes([0x12, 0x34, 0x00, 0x00]) + bytes(range(256)) * 255 + \
        b"\x00" * (65535 - 4 - 256 * 255)
    try:
        raw_tcp(e.dport, junk, timeout=3)
    except (OSError, dns.exception.DNSException):
        pass
    # disconnect in the middle of a large transfer
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", e.dport)) as s:
            w = dns.message.make_query("big.test", "AXFR").to_wire()
            s.sendall(struct.pack("!H", len(w)) + w)
            s.recv(30000)
    # many connections at once, each asking for a transfer
    socks = []
    try:
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", e.dport))
            w = dns.message.make_query("prim.test", "AXFR").to_wire()
            s.sendall(struct.pack("!H", len(w)) + w)
            socks.append(s)
        r = udp(e.dport, "www.sec.test", "A")
        assert r.rcode() == dns.rcode.NOERROR, r
    finally:
        for s in socks:
            s.close()
    wait_for("slot free", lambda: len(records(xfr_messages(
        e.dport, "locked.test", keyring=KEYRING))) == 2004, 20)
    assert e.dittod.alive()
    return ""


def step_pipeline(e):
    """A query pipelined after an AXFR on the same connection is answered
    after the transfer (the pool keeps serving the connection)."""
    a = dns.message.make_query("prim.test", "AXFR")
    b = dns.message.make_query("www.sec.test", "A")
    with socket.create_connection(("127.0.0.1", e.dport), timeout=10) as s:
        for m in (a, b):
            w = m.to_wire()
            s.sendall(struct.pack("!H", len(w)) + w)
        soas, n = 0, 0
        for _ in range(1000):
            hdr = recv_exact(s, 2)
            assert hdr is not None, "closed after %d messages" % n
            r = dns.message.from_wire(
                recv_exact(s, struct.unpack("!H", hdr)[0]))
            n += 1
            if r.id == b.id:
                assert soas == 2, "answer before the transfer ended"
                assert r.answer[0][0].to_text() == "192.0.2.20"
                return "%d messages then the answer" % n
            soas += sum(1 for x in r.answer
                        if x.rdtype == dns.rdatatype.SOA)
    raise AssertionError("no answer to the pipelined query")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    dittod = os.path.abspath(sys.argv[1])
    named = sys.argv[2] if len(sys.argv) > 2 else shutil.which("named") \
        or "/usr/sbin/named"
    e = Env(dittod, named)
    failed = False
    t0 = time.monotonic()
    try:
        e.start()
        for step in (step_axfr, step_tsig, step_secondary, step_ixfr,
                     step_ixfr_old, step_ixfr_current, step_udp,
                     step_quota, step_pipeline, step_bad):
            try:
                info = step(e)
                print("PASS %s%s" % (step.__name__[5:],
                                     " (%s)" % info if info else ""))
            except (AssertionError, OSError,
                    dns.exception.DNSException) as ex:
                print("FAIL %s: %s" % (step.__name__[5:], str(ex)[:2000]))
                failed = True
                break
        rc = e.dittod.stop()
        text = e.dittod.text()
        e.dittod = None
        if rc != 0 or "Sanitizer" in text or "runtime error" in text:
            print("FAIL stop: exit status %s or a sanitizer report" % rc)
            failed = True
        else:
            print("PASS stop")
    finally:
        e.cleanup(keep=failed or bool(os.environ.get("XFROUT_KEEP")))
        if failed:
            print("logs kept in %s" % e.dir)
    print("total %.1fs" % (time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod against a misbehaving primary: a scripted
UDP+TCP primary on 127.0.0.4 (TSIG hmac-sha256 on everything) serves one
zone per case. dittod first transfers a good version (serial 1); then
the script misbehaves for that zone, a NOTIFY triggers a refresh, and
dittod must keep serving serial 1, log the reason and stay up; then the
script behaves again and the next NOTIFY makes dittod converge (serial 2,
content equal).

Usage: test_xfrbad.py <dittod>   (exit status 0 when all pass)

Cases: trunc (connection closed mid-AXFR), badend (closing SOA differs),
outside (a record outside the zone), badtsig (a bad MAC on the second
message), ixfrdel (an IXFR deleting a record we do not have: AXFR
fallback converges at once), stall (the primary stops sending:
max-transfer-idle-in 1 minute, the smallest allowed; run in the
background while the others go on), endless (an endless stream stopped by
max-records), garbage (random bytes as a message), mutate (40 transfers
of good messages with random bytes changed or cut short, unsigned).
Every process is stopped by its PID in `finally`.
"""
import os
import random
import shutil
import socket
import struct
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "xfrin"))
from test_xfrin import Proc, free_port, recv_full, wait_for  # noqa: E402

import dns.exception
import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rrset
import dns.tsigkeyring

KEYNAME = "bad-key"
SECRET = "q0o5UdQ7sYb1N1gBHtMbQxH6Xh2sBhsm0YzGg0m3m4k="
KEYRING = dns.tsigkeyring.from_text({KEYNAME: ("hmac-sha256", SECRET)})
PRIMARY = "127.0.0.4"
CASES = ["trunc", "badend", "outside", "badtsig", "ixfrdel", "stall",
         "endless", "garbage", "mutate"]
MUTATE_ROUNDS = 40

DITTO_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	min-refresh-time 1;
	min-retry-time 1;
	max-transfer-time-in 2;
	max-transfer-idle-in 1;
}};
key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
primaries scripted {{ {prim} port {pport} key "{key}"; }};
{zones}
"""

ZONE_CONF = """zone "{zone}" {{
	type secondary;
	primaries {{ {prim} }};
	file "sec-{zone}.db";{extra}
}};
"""


# endless: a low max-records; stall: AXFR only, or the AXFR fallback after
# the IXFR's idle timeout would stall for another minute
ZONE_EXTRA = {"endless": "\n\tmax-records 60;",
              "stall": "\n\trequest-ixfr no;"}


def zname(case):
    return case + ".bad.test"


def rr(name, rdtype, text, ttl=300):
    return dns.rrset.from_text(name, ttl, "IN", rdtype, text)


class Primary:
    """The scripted primary: per zone a serial and a mode."""

    def __init__(self, port):
        self.port = port
        self.state = {zname(c): [1, "good"] for c in CASES}
        self.requests = []
        self.lock = threading.Lock()
        self.stop_ev = threading.Event()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((PRIMARY, port))
        self.udp.settimeout(0.2)
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((PRIMARY, port))
        self.tcp.listen(16)
        self.tcp.settimeout(0.2)
        self.threads = [threading.Thread(target=self.serve_udp),
                        threading.Thread(target=self.serve_tcp)]
        self.conns = []
        for t in self.threads:
            t.start()

    def set(self, zone, serial, mode):
        with self.lock:
            self.state[zone] = [serial, mode]

    def get(self, zone):
        with self.lock:
            return tuple(self.state[zone])

    def soa(self, zone, serial):
        return rr(zone + ".", "SOA", "ns1.%s. hostmaster.%s. %d 300 60 3600 "
                  "60" % (zone, zone, serial))

    def content(self, zone, serial):
        """(SOA, the other RRsets) of the good version `serial`."""
        z = zone + "."
        rest = [rr(z, "NS", "ns1." + z), rr("ns1." + z, "A", "192.0.2.1"),
                rr("www." + z, "A", "192.0.2.%d" % (10 + serial)),
                rr("txt." + z, "TXT", '"serial %d"' % serial)]
        for i in range(12):
            rest.append(rr("h%d.%s" % (i, z), "AAAA", "2001:db8::%x" % i))
        return self.soa(zone, serial), rest

    def response(self, q, answer, ctx=None):
        r = dns.message.make_response(q)
        r.flags |= dns.flags.AA
        r.answer = answer
        wire = r.to_wire(multi=True, tsig_ctx=ctx)
        return wire, getattr(r, "tsig_ctx", None)

    def messages(self, q, zone, qt):
        """The wire messages of the answer to a transfer request."""
        serial, mode = self.get(zone)
        soa, rest = self.content(zone, serial)
        half = len(rest) // 2
        if qt == dns.rdatatype.IXFR and mode == "ixfrdel":
            old = q.authority[0][0].serial
            _, oldrest = self.content(zone, old)
            www_old = [x for x in oldrest if x.name.labels[0] == b"www"]
            www_new = [x for x in rest if x.name.labels[0] == b"www"]
            bogus = rr("nonexistent.%s." % zone, "A", "203.0.113.9")
            plan = [[soa, self.soa(zone, old), bogus] + www_old,
                    [soa] + www_new + [soa]]
        elif mode == "badend":
            plan = [[soa] + rest[:half], rest[half:] +
                    [self.soa(zone, serial + 1000)]]
        elif mode == "outside":
            plan = [[soa] + rest[:half], rest[half:] +
                    [rr("www.elsewhere.test.", "A", "192.0.2.99"), soa]]
        else:
            plan = [[soa] + rest[:half], rest[half:] + [soa]]
        out = []
        ctx = None
        for answer in plan:
            wire, ctx = self.response(q, answer, ctx)
            out.append(wire)
        if mode == "badtsig":
            # the MAC is followed by original id, error and other len
            w = bytearray(out[1])
            w[-7] ^= 0x55
            out[1] = bytes(w)
        return out

    def serve_udp(self):
        while not self.stop_ev.is_set():
            try:
                data, peer = self.udp.recvfrom(65535)
            except socket.timeout:
                continue
            try:
                q = dns.message.from_wire(data, keyring=KEYRING)
                zone = q.question[0].name.to_text(True).lower()
                serial, _ = self.get(zone)
                self.requests.append((zone, "SOA/udp"))
                wire, _ = self.response(q, [self.soa(zone, serial)])
                self.udp.sendto(wire, peer)
            except Exception:
                pass

    def serve_tcp(self):
        while not self.stop_ev.is_set():
            try:
                c, peer = self.tcp.accept()
            except socket.timeout:
                continue
            t = threading.Thread(target=self.serve_conn, args=(c,))
            self.conns.append(t)
            t.start()

    def serve_conn(self, c):
        try:
            c.settimeout(5)
            n = struct.unpack("!H", recv_full(c, 2))[0]
            q = dns.message.from_wire(recv_full(c, n), keyring=KEYRING)
            zone = q.question[0].name.to_text(True).lower()
            qt = q.question[0].rdtype
            serial, mode = self.get(zone)
            self.requests.append((zone, dns.rdatatype.to_text(qt)))
            if qt == dns.rdatatype.SOA:
                wire, _ = self.response(q, [self.soa(zone, serial)])
                c.sendall(struct.pack("!H", len(wire)) + wire)
                return
            self.transfer(c, q, zone, qt, mode)
        except Exception:
            pass
        finally:
            c.close()

    def send(self, c, wire):
        c.sendall(struct.pack("!H", len(wire)) + wire)

    def transfer(self, c, q, zone, qt, mode):
        msgs = self.messages(q, zone, qt)
        if mode == "trunc":
            self.send(c, msgs[0])
            c.sendall(struct.pack("!H", len(msgs[1])) + msgs[1][:20])
        elif mode == "stall":
            self.send(c, msgs[0])
            # from now on announce serial 1 again: the retry that follows
            # the failure at once finds the zone up to date instead of
            # stalling for another minute
            self.set(zone, 1, "good")
            self.held(c)
        elif mode == "endless":
            self.endless(c, q, zone)
        elif mode == "mutate":
            self.mutated(c, msgs)
        elif mode == "garbage":
            junk = random.Random(7).randbytes(300)
            c.sendall(struct.pack("!H", len(junk)) + junk)
        else:
            for w in msgs:
                self.send(c, w)

    def mutated(self, c, msgs):
        """The good (unsigned) messages with a few bytes changed, some
        cut short; the same bytes on every run."""
        self.nmutated = getattr(self, "nmutated", 0) + 1
        rnd = random.Random(self.nmutated)
        for w in msgs:
            w = bytearray(w)
            for _ in range(rnd.randint(1, 4)):
                w[rnd.randrange(len(w))] = rnd.randrange(256)
            if rnd.random() < 0.2:
                w = w[:rnd.randrange(len(w))]
            self.send(c, bytes(w))

    def held(self, c):
        """Send nothing more until dittod hangs up (its idle timer)."""
        c.settimeout(1)
        for _ in range(150):
            if self.stop_ev.is_set():
                return
            try:
                if not c.recv(1):
                    self.stall_closed = time.monotonic()
                    return
            except socket.timeout:
                continue

    def endless(self, c, q, zone):
        serial, _ = self.get(zone)
        soa, _ = self.content(zone, serial)
        ctx = None
        for i in range(20000):  # bounded; dittod hangs up long before
            if self.stop_ev.is_set():
                return
            answer = [soa] if i == 0 else []
            answer += [rr("e%d-%d.%s." % (i, j, zone), "A", "192.0.2.7")
                       for j in range(40)]
            wire, ctx = self.response(q, answer, ctx)
            self.send(c, wire)
            self.sent_endless = i + 1

    def stop(self):
        self.stop_ev.set()
        for t in self.threads + self.conns:
            t.join(10)
        self.udp.close()
        self.tcp.close()


def query(port, name, rdtype, timeout=1.0):
    q = dns.message.make_query(name, rdtype)
    return dns.query.udp(q, "127.0.0.1", port=port, timeout=timeout)


def serial_of(port, zone):
    r = query(port, zone, "SOA", timeout=0.5)
    if r.rcode() != dns.rcode.NOERROR or not r.answer:
        return None
    return r.answer[0][0].serial


def send_notify(dport, zone, serial):
    q = dns.message.make_query(zone, "SOA")
    q.flags = dns.flags.AA
    q.set_opcode(dns.opcode.NOTIFY)
    q.answer.append(rr(zone + ".", "SOA", "ns1.%s. hostmaster.%s. %d 300 "
                       "60 3600 60" % (zone, zone, serial)))
    q.use_tsig(KEYRING, keyname=KEYNAME, algorithm="hmac-sha256")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((PRIMARY, 0))
        s.settimeout(3)
        s.sendto(q.to_wire(), ("127.0.0.1", dport))
        r = dns.message.from_wire(s.recv(65535), keyring=KEYRING,
                                  request_mac=q.mac)
    finally:
        s.close()
    assert r.rcode() == dns.rcode.NOERROR, r


class Env:
    def __init__(self, dittod):
        self.dir = tempfile.mkdtemp(prefix="xfrbad-test-")
        self.dport = free_port("127.0.0.1")
        self.pport = free_port(PRIMARY)
        self.dittod_bin = dittod
        self.dittod = self.prim = None
        zones = "".join(ZONE_CONF.format(
            zone=zname(c), extra=ZONE_EXTRA.get(c, ""),
            prim="scripted;" if c != "mutate" else "%s port %d;" %
            (PRIMARY, self.pport)) for c in CASES)
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(DITTO_CONF.format(dir=self.dir, port=self.dport,
                                      prim=PRIMARY, pport=self.pport,
                                      key=KEYNAME, secret=SECRET,
                                      zones=zones))

    def start_dittod(self):
        self.dittod = Proc([self.dittod_bin, "-g", "-n", "2", "-c",
                            os.path.join(self.dir, "named.conf")],
                           os.path.join(self.dir, "dittod.log"))

    def dlog(self):
        return self.dittod.text()

    def cleanup(self, keep):
        if self.dittod is not None:
            self.dittod.stop()
        if self.prim is not None:
            self.prim.stop()
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def assert_content(e, zone, serial):
    """dittod answers every RRset of the script's version `serial`."""
    soa, rest = e.prim.content(zone, serial)
    for want in [soa] + rest:
        r = query(e.dport, want.name.to_text(), want.rdtype)
        assert r.rcode() == dns.rcode.NOERROR and r.flags & dns.flags.AA, r
        got = [x for x in r.answer if x.name == want.name and
               x.rdtype == want.rdtype]
        assert got and set(got[0]) == set(want), (zone, want, r)
    return len(rest) + 1


def zone_lines(log, zone, since=0):
    return [ln for ln in log[since:].splitlines() if "'%s/IN'" % zone in ln]


REASONS = {
    "trunc": "end of file",
    "badend": "start and ending SOA records are different",
    "outside": "record outside the zone 'www.elsewhere.test",
    "badtsig": "tsig verify failure (BADSIG) at message 2",
    "ixfrdel": "delete of record we do not have",
    "stall": "timed out",
    "endless": "too many records",
    "garbage": "malformed message",
}


def misbehave(e, case):
    """Switch `case` to its bad mode and NOTIFY; the log mark."""
    zone = zname(case)
    mark = len(e.dlog())
    e.prim.set(zone, 2, case)
    send_notify(e.dport, zone, 2)
    return mark


def check_failed(e, case, mark, timeout=15):
    """dittod logged the reason, keeps serial 1 and is alive."""
    zone = zname(case)
    reason = REASONS[case]
    line = wait_for("%s: '%s' logged" % (case, reason), lambda: [
        ln for ln in zone_lines(e.dlog(), zone, mark) if reason in ln],
        timeout)[0]
    assert e.dittod.alive(), "dittod died"
    assert serial_of(e.dport, zone) == 1, "%s: serial changed" % case
    assert_content(e, zone, 1)
    assert not [ln for ln in zone_lines(e.dlog(), zone, mark)
                if "Transfer completed" in ln], case
    return line


def converge(e, case):
    zone = zname(case)
    e.prim.set(zone, 2, "good")
    send_notify(e.dport, zone, 2)
    wait_for("%s: serial 2" % case, lambda: serial_of(e.dport, zone) == 2,
             15)
    assert_content(e, zone, 2)


def run_case(e, case):
    mark = misbehave(e, case)
    line = check_failed(e, case, mark)
    converge(e, case)
    return line.split("xfer-in: ")[-1].split(": ", 1)[-1][:120]


def step_initial(e):
    for c in CASES:
        wait_for("initial AXFR of " + zname(c),
                 lambda: serial_of(e.dport, zname(c)) == 1, 30)
        assert_content(e, zname(c), 1)
    assert "transferred serial 1: TSIG '%s'" % KEYNAME in e.dlog()
    return "%d zones at serial 1" % len(CASES)


def step_ixfrdel(e):
    # the IXFR is bad but the AXFR that follows is good: converges at once
    zone = zname("ixfrdel")
    mark = len(e.dlog())
    e.prim.set(zone, 2, "ixfrdel")
    send_notify(e.dport, zone, 2)
    wait_for("serial 2 by AXFR", lambda: serial_of(e.dport, zone) == 2, 15)
    assert_content(e, zone, 2)
    lines = zone_lines(e.dlog(), zone, mark)
    assert [ln for ln in lines if "requesting IXFR from serial 1" in ln]
    fb = [ln for ln in lines if REASONS["ixfrdel"] in ln and
          "falling back to AXFR" in ln]
    assert fb, lines
    assert [ln for ln in lines if "requesting AXFR" in ln], lines
    r = query(e.dport, "nonexistent." + zone, "A")
    assert r.rcode() == dns.rcode.NXDOMAIN, r
    return fb[0].split("xfer-in: ")[-1].split(": ", 1)[-1][:120]


def step_mutate(e):
    """Transfers of damaged messages: dittod must stay up and whatever it
    takes must be a whole version; then the good zone converges."""
    zone = zname("mutate")
    outcomes = {}
    for i in range(MUTATE_ROUNDS):
        before = len(zone_lines(e.dlog(), zone, 0))
        done = len([ln for ln in zone_lines(e.dlog(), zone, 0)
                    if "Transfer status: " in ln])
        e.prim.set(zone, 2 + i, "mutate")
        send_notify(e.dport, zone, 2 + i)
        wait_for("round %d" % i, lambda: len([
            ln for ln in zone_lines(e.dlog(), zone, 0)
            if "Transfer status: " in ln]) > done, 10)
        assert e.dittod.alive(), "dittod died in round %d" % i
        for ln in zone_lines(e.dlog(), zone, 0)[before:]:
            if "Transfer status: " in ln:
                st = ln.split("Transfer status: ")[1]
                outcomes[st] = outcomes.get(st, 0) + 1
        assert serial_of(e.dport, zone) is not None
    e.prim.set(zone, 100, "good")
    send_notify(e.dport, zone, 100)
    wait_for("serial 100", lambda: serial_of(e.dport, zone) == 100, 15)
    assert_content(e, zone, 100)
    return ", ".join("%s %d" % kv for kv in sorted(outcomes.items()))


def step_endless(e):
    line = run_case(e, "endless")
    sent = getattr(e.prim, "sent_endless", 0)
    assert 0 < sent < 20000, sent
    return "%s (script sent %d messages)" % (line, sent)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    e = Env(os.path.abspath(sys.argv[1]))
    failed = False
    t0 = time.monotonic()
    try:
        e.prim = Primary(e.pport)
        e.start_dittod()
        steps = [("initial", lambda: step_initial(e))]
        stall = {}

        def stall_start():
            stall["t"] = time.monotonic()
            stall["mark"] = misbehave(e, "stall")
            wait_for("stalled transfer", lambda: e.prim.requests.count(
                (zname("stall"), "AXFR")) == 2, 10)
            return "transfer stalled; checked at the end"

        def stall_end():
            line = check_failed(e, "stall", stall["mark"], 100)
            took = getattr(e.prim, "stall_closed", 0) - stall["t"]
            assert 55 <= took < 90, "idle timeout after %.1fs" % took
            converge(e, "stall")
            return "%s after %.0fs" % (
                line.split("xfer-in: ")[-1].split(": ", 1)[-1][:100], took)

        steps.append(("stall-start", stall_start))
        for c in ("trunc", "badend", "outside", "badtsig", "garbage"):
            steps.append((c, lambda c=c: run_case(e, c)))
        steps.append(("ixfrdel", lambda: step_ixfrdel(e)))
        steps.append(("endless", lambda: step_endless(e)))
        steps.append(("mutate", lambda: step_mutate(e)))
        steps.append(("stall", stall_end))
        for name, fn in steps:
            try:
                info = fn()
                print("PASS %s%s" % (name, " (%s)" % info if info else ""),
                      flush=True)
            except (AssertionError, OSError,
                    dns.exception.DNSException) as ex:
                print("FAIL %s: %s" % (name, str(ex)[:2000]), flush=True)
                failed = True
                break
        rc = e.dittod.stop()
        e.dittod = None
        with open(os.path.join(e.dir, "dittod.log"), errors="replace") as f:
            text = f.read()
        if rc != 0 or "Sanitizer" in text or "runtime error" in text:
            print("FAIL stop: exit status %s or a sanitizer report" % rc)
            failed = True
        else:
            print("PASS stop")
    finally:
        e.cleanup(keep=failed or bool(os.environ.get("XFRBAD_KEEP")))
        if failed:
            print("logs kept in %s" % e.dir)
    print("total %.1fs" % (time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

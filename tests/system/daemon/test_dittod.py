#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod: start it on 127.0.0.1 with a random port and its
own directory, ask it questions with dnspython, reload and stop it.

Usage: test_dittod.py <path to dittod>   (exit status 0 when all pass)
Each test_* function is independent of the others except for the shared
daemon; the reload and stop tests run last. The daemon is always killed by
its PID at the end.
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

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

COOKIE_SECRET = bytes.fromhex("e5e973e5a6b2a43f48e7dc849e37bfcf")

ZONE = """$TTL 3600
@	SOA	ns1 hostmaster {serial} 7200 3600 1209600 300
	NS	ns1
	NS	ns2
ns1	A	192.0.2.1
ns2	A	198.51.100.2
www	A	{www}
big	TXT	"{a}"
big	TXT	"{b}"
big	TXT	"{c}"
"""

CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	server-id "ditto-test";
	version "ditto-test-version";
	hostname "ditto-host";
	tcp-clients 4;
	tcp-initial-timeout 20;
	tcp-idle-timeout 20;
	cookie-secret "{secret}";
	blackhole {{ 127.0.0.3; }};
}};
zone "example.com" {{ type primary; file "db.example.com"; }};
zone "restricted.test" {{
	type primary; file "db.restricted"; allow-query {{ 127.0.0.2; }};
}};
zone "broken.test" {{ type primary; file "db.broken"; }};
zone "sec.test" {{
	type secondary; primaries {{ 127.0.0.1 port 9; }}; file "db.sec";
}};
zone "nofile.test" {{
	type secondary; primaries {{ 127.0.0.1 port 9; }}; file "db.nofile";
}};
zone "fwd.test" {{ type forward; forwarders {{ 127.0.0.9; }}; }};
zone "." {{ type hint; file "/dev/null"; }};
"""

SMALL = """$TTL 300
@	SOA	ns hostmaster 1 7200 3600 1209600 300
	NS	ns
ns	A	192.0.2.53
"""


class Daemon:
    """One dittod process with its directory, port and log."""

    def __init__(self, binary):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="dittod-test-")
        self.port = free_port()
        self.proc = None
        self.logpath = os.path.join(self.dir, "dittod.log")
        self.write_zone(1, "192.0.2.80")
        for name, text in (("db.restricted", SMALL), ("db.sec", SMALL),
                           ("db.broken", "@ SOA broken\n")):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(text)
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(CONF.format(dir=self.dir, port=self.port,
                                secret=COOKIE_SECRET.hex()))

    def write_zone(self, serial, www):
        text = ZONE.format(serial=serial, www=www, a="a" * 200,
                           b="b" * 200, c="c" * 200)
        path = os.path.join(self.dir, "db.example.com")
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.rename(path + ".tmp", path)

    def start(self):
        self.log = open(self.logpath, "w")
        self.proc = subprocess.Popen(
            [self.binary, "-g", "-n", "2", "-c",
             os.path.join(self.dir, "named.conf")],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("dittod exited at start:\n" +
                                     self.logtext())
            try:
                r = udp(self, dns.message.make_query("example.com", "SOA"),
                        timeout=0.3)
                if r is not None:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("dittod did not answer within 15 s:\n" +
                             self.logtext())

    def logtext(self):
        with open(self.logpath) as f:
            return f.read()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def udp_raw(d, wire, source="127.0.0.1", timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((source, 0))
        s.settimeout(timeout)
        s.sendto(wire, ("127.0.0.1", d.port))
        return s.recv(65535)
    except socket.timeout:
        return None
    finally:
        s.close()


def udp(d, msg, source="127.0.0.1", timeout=2.0):
    r = udp_raw(d, msg.to_wire(), source, timeout)
    return None if r is None else dns.message.from_wire(r)


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def tcp_read(s):
    (n,) = struct.unpack("!H", recv_exact(s, 2))
    return dns.message.from_wire(recv_exact(s, n))


def tcp_connect(d):
    s = socket.create_connection(("127.0.0.1", d.port), timeout=5)
    return s


def tcp(d, msg):
    s = tcp_connect(d)
    try:
        w = msg.to_wire()
        s.sendall(struct.pack("!H", len(w)) + w)
        return tcp_read(s)
    finally:
        s.close()


def q(name, rdtype="A", **kw):
    return dns.message.make_query(name, rdtype, **kw)


def siphash24(key, data):
    """SipHash-2-4 (reference algorithm), for checking server cookies."""
    mask = (1 << 64) - 1

    def rotl(x, b):
        return ((x << b) | (x >> (64 - b))) & mask

    def rounds(v, n):
        for _ in range(n):
            v[0] = (v[0] + v[1]) & mask
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & mask
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & mask
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & mask
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]
    tail = len(data) % 8
    for i in range(0, len(data) - tail, 8):
        (m,) = struct.unpack("<Q", data[i:i + 8])
        v[3] ^= m
        rounds(v, 2)
        v[0] ^= m
    b = (len(data) & 0xFF) << 56
    for i in range(tail):
        b |= data[len(data) - tail + i] << (8 * i)
    v[3] ^= b
    rounds(v, 2)
    v[0] ^= b
    v[2] ^= 0xFF
    rounds(v, 4)
    return struct.pack("<Q", v[0] ^ v[1] ^ v[2] ^ v[3])


def option(msg, code):
    for o in msg.options:
        if o.otype == code:
            return o.to_wire() if hasattr(o, "to_wire") else o.data
    return None


# ---- the tests ----

def test_siphash_vector(d):
    # RFC 9018 appendix A.1, so the cookie check below means something
    h = siphash24(COOKIE_SECRET, bytes.fromhex("2464c4abcf10c957") +
                  bytes.fromhex("010000005cf79f11") +
                  socket.inet_aton("198.51.100.100"))
    assert h.hex() == "1f8130c3eee29480", h.hex()


def test_primary_answer(d):
    r = udp(d, q("www.example.com"))
    assert r.rcode() == dns.rcode.NOERROR
    assert r.flags & dns.flags.AA
    assert [str(x) for x in r.answer[0]] == ["192.0.2.80"]
    r = udp(d, q("nope.example.com"))
    assert r.rcode() == dns.rcode.NXDOMAIN and r.flags & dns.flags.AA
    assert r.authority[0].rdtype == dns.rdatatype.SOA


def test_refused_outside(d):
    r = udp(d, q("www.example.org"))
    assert r.rcode() == dns.rcode.REFUSED
    assert not r.flags & dns.flags.AA and not r.answer
    r = udp(d, q("www.fwd.test"))   # forward zones are not served
    assert r.rcode() == dns.rcode.REFUSED


def test_zone_states(d):
    assert udp(d, q("broken.test", "SOA")).rcode() == dns.rcode.SERVFAIL
    assert udp(d, q("nofile.test", "SOA")).rcode() == dns.rcode.SERVFAIL
    r = udp(d, q("ns.sec.test"))
    assert r.rcode() == dns.rcode.NOERROR
    assert [str(x) for x in r.answer[0]] == ["192.0.2.53"]
    log = d.logtext()
    assert log.count("zone 'fwd.test': type forward is not served by "
                     "dittod; skipped") == 1, log
    assert log.count("zone '.': type hint is not served") == 1, log
    assert "zone example.com/IN: loaded serial 1" in log, log
    assert "zone broken.test/IN: not loaded due to errors." in log, log


def test_chaos(d):
    for name, text in (("version.bind", "ditto-test-version"),
                       ("hostname.bind", "ditto-host"),
                       ("id.server", "ditto-test")):
        r = udp(d, q(name, "TXT", rdclass="CH"))
        assert r.rcode() == dns.rcode.NOERROR, name
        assert r.flags & dns.flags.AA
        assert [s.decode() for s in r.answer[0][0].strings] == [text]
    r = udp(d, q("foo.bind", "TXT", rdclass="CH"))
    assert r.rcode() == dns.rcode.REFUSED
    r = udp(d, q("x.version.bind", "TXT", rdclass="CH"))
    assert r.rcode() == dns.rcode.NXDOMAIN


def test_badvers(d):
    m = q("example.com", "SOA")
    m.use_edns(1)
    r = udp(d, m)
    assert r.rcode() == dns.rcode.BADVERS, r.rcode()
    assert r.edns == 0 and not r.answer


def test_formerr(d):
    m = q("example.com", "SOA")
    m.question.append(m.question[0])
    r = udp_raw(d, m.to_wire())
    assert r is not None and (r[3] & 0xF) == dns.rcode.FORMERR
    assert struct.unpack("!H", r[4:6])[0] == 0
    for bad in (q("example.com", "SOA", rdclass="ANY"),
                q("example.com", "AXFR"), q("example.com", "OPT")):
        r = udp(d, bad)
        assert r.rcode() == dns.rcode.FORMERR, bad
        assert len(r.question) == 1
    r = udp_raw(d, bytes.fromhex("123401000001000000000000c00c00010001"))
    assert r is not None and r[:2] == b"\x12\x34" and r[3] & 0xF == 1
    m = q("example.com", "SOA")
    m.set_opcode(dns.opcode.IQUERY)
    r = udp(d, m)
    assert r.rcode() == dns.rcode.NOTIMP and not r.question


def test_silence(d):
    w = bytearray(q("www.example.com").to_wire())
    w[2] |= 0x80      # a response: named never answers it
    assert udp_raw(d, bytes(w), timeout=0.5) is None
    assert udp_raw(d, b"\x12\x34\x01", timeout=0.5) is None


def test_nsid(d):
    r = udp(d, q("example.com", "SOA", use_edns=0,
                 options=[dns.edns.GenericOption(dns.edns.NSID, b"")]))
    assert option(r, dns.edns.NSID) == b"ditto-test"
    r = udp(d, q("example.com", "SOA", use_edns=0))
    assert option(r, dns.edns.NSID) is None


def test_cookie(d):
    client = bytes.fromhex("0102030405060708")
    r = udp(d, q("example.com", "SOA", use_edns=0,
                 options=[dns.edns.GenericOption(dns.edns.COOKIE, client)]))
    c = option(r, dns.edns.COOKIE)
    assert c is not None and len(c) == 24, c
    assert c[:8] == client and c[8] == 1 and c[9:12] == b"\0\0\0"
    want = siphash24(COOKIE_SECRET, client + c[8:16] +
                     socket.inet_aton("127.0.0.1"))
    assert c[16:] == want, (c.hex(), want.hex())
    ts = struct.unpack("!I", c[12:16])[0]
    assert abs(ts - time.time()) < 300
    # a cookie-only query (no question) learns the server cookie
    wire = struct.pack("!HHHHHH", 7, 0, 0, 0, 0, 1) + bytes.fromhex(
        "000029100000000000000c000a0008") + client
    r = dns.message.from_wire(udp_raw(d, wire))
    assert r.rcode() == dns.rcode.NOERROR and option(r, 10)[:8] == client
    # malformed cookie length: FORMERR
    r = udp(d, q("example.com", "SOA", use_edns=0,
                 options=[dns.edns.GenericOption(dns.edns.COOKIE, b"1234567")]))
    assert r.rcode() == dns.rcode.FORMERR


def test_truncation(d):
    r = udp(d, q("big.example.com", "TXT"))
    assert r.flags & dns.flags.TC and not r.answer
    r = udp(d, q("big.example.com", "TXT", use_edns=0, payload=4096))
    assert not r.flags & dns.flags.TC     # max-udp-size 1232 is enough
    r = tcp(d, q("big.example.com", "TXT"))
    assert not r.flags & dns.flags.TC and len(r.answer[0]) == 3


def test_tcp_pipelining(d):
    s = tcp_connect(d)
    try:
        data = b""
        ids = []
        for i in range(8):
            m = q("www.example.com" if i % 2 else "big.example.com",
                  "A" if i % 2 else "TXT")
            ids.append(m.id)
            w = m.to_wire()
            data += struct.pack("!H", len(w)) + w
        s.sendall(data)       # all of them in one write
        got = [tcp_read(s) for _ in ids]
        assert sorted(m.id for m in got) == sorted(ids)
        assert all(m.rcode() == dns.rcode.NOERROR for m in got)
    finally:
        s.close()


def test_tcp_clients_limit(d):
    conns = [tcp_connect(d) for _ in range(4)]
    try:
        for s in conns:        # all four are served
            w = q("www.example.com").to_wire()
            s.sendall(struct.pack("!H", len(w)) + w)
            assert tcp_read(s).rcode() == dns.rcode.NOERROR
        extra = tcp_connect(d)
        extra.settimeout(3)
        try:
            w = q("www.example.com").to_wire()
            extra.sendall(struct.pack("!H", len(w)) + w)
            closed = extra.recv(2) == b""
        except (ConnectionResetError, BrokenPipeError):
            closed = True
        except socket.timeout:
            closed = False
        finally:
            extra.close()
        assert closed, "a fifth connection was served with tcp-clients 4"
    finally:
        for s in conns:
            s.close()
    # the slots come back: wait until a new connection is served
    deadline = time.monotonic() + 5
    while True:
        try:
            if tcp(d, q("www.example.com")).rcode() == dns.rcode.NOERROR:
                break
        except (OSError, EOFError):
            pass
        assert time.monotonic() < deadline, "slots not released"
        time.sleep(0.1)


def test_tcp_timeouts(d):
    s = tcp_connect(d)         # says nothing: tcp-initial-timeout (2 s)
    s.settimeout(6)
    t0 = time.monotonic()
    try:
        assert s.recv(1) == b""
    except ConnectionResetError:
        pass
    dt = time.monotonic() - t0
    s.close()
    assert 1.5 <= dt <= 5, dt
    # a reader that never reads: many large answers, then dropped
    s = tcp_connect(d)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    w = q("big.example.com", "TXT").to_wire()
    one = struct.pack("!H", len(w)) + w
    s.settimeout(0.2)
    sent = 0
    try:
        for _ in range(2000):
            sent += s.send(one * 20)
    except (socket.timeout, BlockingIOError, BrokenPipeError,
            ConnectionResetError):
        pass
    deadline = time.monotonic() + 8
    closed = False
    s.settimeout(0.5)
    while time.monotonic() < deadline and not closed:
        time.sleep(0.5)
        try:
            s.send(one)
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        except socket.timeout:
            pass
    s.close()
    assert closed, "a connection that never reads was kept open"


def test_allow_query(d):
    r = udp(d, q("ns.restricted.test"))
    assert r.rcode() == dns.rcode.REFUSED
    r = udp(d, q("ns.restricted.test"), source="127.0.0.2")
    assert r.rcode() == dns.rcode.NOERROR


def test_blackhole(d):
    assert udp(d, q("www.example.com"), source="127.0.0.3",
               timeout=0.5) is None
    assert udp(d, q("www.example.com"), source="127.0.0.4") is not None


def test_notify(d):
    m = q("example.com", "SOA")
    m.set_opcode(dns.opcode.NOTIFY)
    r = udp(d, m)
    assert r.rcode() == dns.rcode.NOERROR and r.flags & dns.flags.AA
    m = q("example.org", "SOA")
    m.set_opcode(dns.opcode.NOTIFY)
    assert udp(d, m).rcode() == dns.rcode.NOTAUTH


def test_reload(d):
    d.write_zone(2, "192.0.2.99")
    os.kill(d.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while True:
        r = udp(d, q("www.example.com"))
        if r is not None and [str(x) for x in r.answer[0]] == ["192.0.2.99"]:
            break
        assert time.monotonic() < deadline, "reload not seen"
        time.sleep(0.1)
    assert "zone example.com/IN: loaded serial 2" in d.logtext()
    # unchanged zones keep serving, and are not read again
    assert d.logtext().count("zone sec.test/IN: loaded serial 1") == 1
    assert udp(d, q("ns.sec.test")).rcode() == dns.rcode.NOERROR


def test_stop(d):
    pidfile = os.path.join(d.dir, "dittod.pid")
    with open(pidfile) as f:
        assert int(f.read()) == d.proc.pid
    os.kill(d.proc.pid, signal.SIGTERM)
    rc = d.proc.wait(timeout=10)
    assert rc == 0, rc
    assert not os.path.exists(pidfile)
    assert "exiting" in d.logtext()


TESTS = [test_siphash_vector, test_primary_answer, test_refused_outside,
         test_zone_states, test_chaos, test_badvers, test_formerr,
         test_silence, test_nsid, test_cookie, test_truncation,
         test_tcp_pipelining, test_tcp_clients_limit, test_tcp_timeouts,
         test_allow_query, test_blackhole, test_notify, test_reload,
         test_stop]


def main():
    binary = sys.argv[1]
    d = Daemon(binary)
    failed = 0
    try:
        d.start()
        for t in TESTS:
            try:
                t(d)
                print("PASS", t.__name__)
            except Exception as e:   # report and go on
                failed += 1
                print("FAIL", t.__name__, type(e).__name__, e)
    finally:
        if failed:
            print("---- dittod log ----")
            print(d.logtext()[-4000:])
        d.kill()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of the query path's counters and `rndc stats`: dittod and a
real named serve the same zones (each in its own directory, random
loopback ports), get the same mix of requests, and the real rndc dumps
both servers' statistics to statistics-file; the counters that apply to an
authoritative server must be equal.

Usage: test_stats.py <dittod> <named>   (exit 0 when all checks pass)

The mix: UDP and TCP queries with answers, NODATA, NXDOMAIN, a referral,
a truncated answer, REFUSED (allow-query and no zone, with and without
RD), SERVFAIL (a secondary whose primary is down), meta types (MAILA,
TYPE200, type 0), types above 255, EDNS with NSID, EXPIRE, an unknown
option, TCP keepalive, padding, client subnet, four kinds of COOKIE (new,
bad size, bad time, match), EDNS version 1 (BADVERS), a good and a bad
TSIG, NOTIFY, UPDATE, STATUS and opcode 3 and 7 (NOTIMP), IXFR over UDP
refused and allowed, a FORMERR (two questions) and a question-less query.

Checks:
  equal     the sections "Incoming Requests", "Incoming Queries",
            "Outgoing Rcodes", "Name Server Statistics" and the NOTIFY
            lines of "Zone Maintenance Statistics" of both dumps are
            equal, line by line (the SOA and transfer lines depend on
            the refresh timing of the secondary whose primary is down)
  values    a few counters have the value the mix implies (so that two
            servers that count nothing do not pass)
  format    dittod's dump has named's frame: "+++ Statistics Dump +++ (t)"
            and "--- Statistics Dump --- (t)", and a second `rndc stats`
            appends a second dump
Every process is stopped by its PID in `finally`; every wait is bounded.
"""
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rrset
import dns.tsigkeyring

SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="
TSIG = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"
ZONE = """$TTL 300
@ IN SOA ns1 host 1 3600 600 86400 300
  IN NS ns1
ns1 IN A 127.0.0.1
www IN A 192.0.2.1
mail IN MX 10 www
sub IN NS ns.sub
ns.sub IN A 192.0.2.9
""" + "".join('big IN TXT "%s"\n' % (chr(97 + i) * 200) for i in range(8))
CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
key "tk" {{ algorithm hmac-sha256; secret "{tsig}"; }};
controls {{ inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
	keys {{ "rndc-key"; }}; }};
options {{
	directory "{dir}";
	pid-file "{dir}/server.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	server-id "stats-test";
	statistics-file "{dir}/named.stats";
	notify no;
}};
zone "example.com" {{ type primary; file "ex.zone";
	allow-transfer {{ key tk; }}; }};
zone "refused.test" {{ type primary; file "ex.zone";
	allow-query {{ none; }}; }};
zone "down.test" {{ type secondary; primaries {{ 127.0.0.1 port {dead}; }}; }};
"""

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def free_port(taken):
    for _ in range(200):
        p = random.randint(20000, 32767)
        ok = p not in taken
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            taken.add(p)
            return p
    raise RuntimeError("no free port")


class Server:
    def __init__(self, name, argv0, top, taken):
        self.name = name
        self.dir = os.path.join(top, name)
        os.mkdir(self.dir)
        self.port, self.cport = free_port(taken), free_port(taken)
        with open(os.path.join(self.dir, "ex.zone"), "w") as f:
            f.write(ZONE)
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(CONF.format(secret=SECRET, tsig=TSIG, cport=self.cport,
                                dir=self.dir, port=self.port,
                                dead=free_port(taken)))
        with open(os.path.join(self.dir, "rndc.conf"), "w") as f:
            f.write('key "rndc-key" { algorithm hmac-sha256; secret "%s";'
                    ' };\noptions { default-key "rndc-key"; };\n' % SECRET)
        self.out = open(os.path.join(self.dir, "stderr.txt"), "w")
        self.proc = subprocess.Popen(
            [argv0, "-g", "-n", "1", "-c",
             os.path.join(self.dir, "named.conf")],
            stdout=self.out, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited at start" % name)
            if self.rndc("status", quiet=True)[0] == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not start" % name)

    def rndc(self, *args, quiet=False):
        p = subprocess.run(
            ["rndc", "-c", os.path.join(self.dir, "rndc.conf"), "-s",
             "127.0.0.1", "-p", str(self.cport)] + list(args),
            capture_output=True, text=True, timeout=20)
        if p.returncode != 0 and not quiet:
            print("%s: rndc %s: %s" % (self.name, " ".join(args),
                                        p.stderr.strip()))
        return p.returncode, p.stdout

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.out.close()


def raw_udp(port, wire):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    try:
        s.sendto(wire, ("127.0.0.1", port))
        return s.recv(65535)
    except OSError:
        return None
    finally:
        s.close()


def q(name, t, **kw):
    return dns.message.make_query(name, t, **kw)


def opt(code, data):
    return dns.edns.GenericOption(code, data)


def with_edns_version(m, version):
    """The wire form of \a m with its OPT version byte set."""
    w = bytearray(m.to_wire())
    # OPT is the last record: name 0, type 41, class, then TTL: ext, ver
    i = w.rfind(b"\x00\x00\x29")
    w[i + 6] = version
    return bytes(w)


def server_cookie(port):
    """A valid client+server cookie from the server, or None."""
    cc = os.urandom(8)
    r = dns.query.udp(q("www.example.com", "A", use_edns=0,
                        options=[opt(10, cc)]),
                      "127.0.0.1", port=port, timeout=3)
    for o in r.options:
        if o.otype == 10:
            return o.data if hasattr(o, "data") else o.to_wire()
    return None


def mix(port):
    """Send the mix; returns the number of requests sent."""
    ring = dns.tsigkeyring.from_text({"tk": ("hmac-sha256", TSIG)})
    bad = dns.tsigkeyring.from_text(
        {"tk": ("hmac-sha256", "YmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFkYmFk")})
    n = 0

    def udp(m):
        nonlocal n
        n += 1
        try:
            return dns.query.udp(m, "127.0.0.1", port=port, timeout=3,
                                 ignore_trailing=True)
        except Exception as e:  # the bad TSIG reply does not verify
            return e

    def tcp(m):
        nonlocal n
        n += 1
        return dns.query.tcp(m, "127.0.0.1", port=port, timeout=3)

    def raw(w):
        nonlocal n
        n += 1
        return raw_udp(port, w)

    udp(q("www.example.com", "A"))
    udp(q("www.example.com", "AAAA"))
    udp(q("nope.example.com", "A"))
    udp(q("x.sub.example.com", "A"))
    tcp(q("mail.example.com", "MX"))
    tcp(q("nope.example.com", "MX"))
    udp(q("big.example.com", "TXT"))                    # truncated
    udp(q("www.refused.test", "A"))                     # allow-query
    udp(q("www.other.test", "A"))                       # no zone
    m = q("www.other.test", "A")
    m.flags &= ~dns.flags.RD
    udp(m)                                              # AuthQryRej
    udp(q("www.down.test", "A"))                        # SERVFAIL
    for t in (65001, 260, 99, 200, 0, "MAILA", "ANY"):
        udp(q("www.example.com", t))
    udp(q("www.example.com", "A", use_edns=0))
    for o in ([opt(3, b"")], [opt(9, b"")], [opt(65001, b"ab")],
              [opt(11, b"")], [opt(12, b"\0\0")],
              [dns.edns.ECSOption("192.0.2.0", 24)],
              [opt(10, os.urandom(8))],
              [opt(10, os.urandom(8) + bytes(12))],
              [opt(10, os.urandom(8) + b"\x01\0\0\0" + bytes(12))]):
        udp(q("www.example.com", "A", use_edns=0, options=o))
    sc = server_cookie(port)
    n += 1
    if sc is not None:
        udp(q("www.example.com", "A", use_edns=0, options=[opt(10, sc)]))
    raw(with_edns_version(q("www.example.com", "A", use_edns=0), 1))
    m = q("www.example.com", "A")
    m.use_tsig(ring, keyname="tk")
    udp(m)
    m = q("www.example.com", "A")
    m.use_tsig(bad, keyname="tk")
    udp(m)
    m = q("example.com", "SOA")
    m.set_opcode(dns.opcode.NOTIFY)
    m.flags &= ~dns.flags.RD
    udp(m)
    m = q("example.com", "SOA")
    m.set_opcode(dns.opcode.UPDATE)
    udp(m)
    for op in (2, 3, 7):
        w = bytearray(q("example.com", "SOA").to_wire())
        w[2] = (w[2] & 0x87) | (op << 3)
        raw(bytes(w))
    soa = dns.rrset.from_text("example.com.", 0, "IN", "SOA",
                              "ns1.example.com. host.example.com. "
                              "0 1 1 1 1")
    m = q("example.com", "IXFR")
    m.authority.append(soa)
    udp(m)                                              # XfrRej
    m = q("example.com", "IXFR")
    m.authority.append(soa)
    m.use_tsig(ring, keyname="tk")
    udp(m)
    hdr = bytes.fromhex("123400000002000000000000")
    qn = b"\x03www\x00\x00\x01\x00\x01"
    raw(hdr + qn + qn)                                  # FORMERR
    raw(bytes.fromhex("123500000000000000000000"))      # no question
    return n


SECTIONS = ("Incoming Requests", "Incoming Queries", "Outgoing Rcodes",
            "Name Server Statistics", "Zone Maintenance Statistics")
LINE = re.compile(r"^\s{0,19}(\d+) (.+)$")


def last_dump(path):
    """{section: {what: value}} of the last dump in \a path."""
    with open(path) as f:
        text = f.read()
    dumps = text.split("+++ Statistics Dump +++")
    out, sec = {}, None
    for ln in dumps[-1].splitlines():
        if ln.startswith("++ "):
            sec = ln.strip("+ ")
            out[sec] = {}
        elif ln.startswith("[") or sec is None:
            continue
        else:
            m = LINE.match(ln)
            if m:
                out[sec][m.group(2)] = int(m.group(1))
    return out, len(dumps) - 1


def dump(srv):
    check(srv.rndc("stats")[0] == 0, "%s: rndc stats" % srv.name)
    path = os.path.join(srv.dir, "named.stats")
    deadline = time.time() + 10
    while time.time() < deadline and not os.path.exists(path):
        time.sleep(0.1)
    return last_dump(path)


def main():
    dittod, named = sys.argv[1], sys.argv[2]
    top = tempfile.mkdtemp(prefix="ditto-stats-")
    servers, taken = [], set()
    try:
        for name, argv0 in (("named", named), ("dittod", dittod)):
            servers.append(Server(name, argv0, top, taken))
        results = {}
        for srv in servers:
            sent = mix(srv.port)
            results[srv.name] = dump(srv)
        nd, _ = results["named"]
        dd, ndumps = results["dittod"]
        for sec in SECTIONS:
            a, b = nd.get(sec, {}), dd.get(sec, {})
            for k in sorted(set(a) | set(b)):
                if sec.startswith("Zone") and "notifies" not in k:
                    continue  # transfers in: timing (tests/system/health)
                check(a.get(k) == b.get(k), "equal: %s: %s: named %s, "
                      "dittod %s" % (sec, k, a.get(k), b.get(k)))
        ns = dd.get("Name Server Statistics", {})
        for what, want in (("IPv4 requests received", sent),
                           ("queries resulted in SERVFAIL", 1),
                           ("truncated responses sent", 1),
                           ("COOKIE - match", 1),
                           ("requests with unsupported EDNS version "
                            "received", 1),
                           ("auth queries rejected", 1),
                           ("recursive queries rejected", 2)):
            check(ns.get(what) == want, "values: %s = %s (got %s)" %
                  (what, want, ns.get(what)))
        check(dd.get("Incoming Queries", {}).get("Others") == 3,
              "values: 3 queries of type 0 or above 255 as Others")
        d2, ndumps2 = dump(servers[1])
        check(ndumps == 1 and ndumps2 == 2,
              "format: rndc stats appends (%d then %d dumps)" %
              (ndumps, ndumps2))
        with open(os.path.join(servers[1].dir, "named.stats")) as f:
            text = f.read()
        check(re.match(r"\+\+\+ Statistics Dump \+\+\+ \(\d+\)\n", text)
              is not None and re.search(
                  r"\n--- Statistics Dump --- \(\d+\)\n$", text)
              is not None, "format: named's frame lines")
    finally:
        for srv in servers:
            srv.stop()
        if not failures:
            shutil.rmtree(top, ignore_errors=True)
        else:
            print("left %s" % top)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

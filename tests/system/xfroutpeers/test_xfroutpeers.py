#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of an upstream U (dittod, or BIND named to prove the test
logic) serving zones to BIND, NSD and Knot DNS secondaries: AXFR out, IXFR
out, NOTIFY out, allow-transfer with TSIG hmac-sha256. Loopback only,
random ports, every wait bounded, every process stopped by its PID.

Usage: test_xfroutpeers.py [--upstream dittod|named] [--dittod PATH]
                           [--peers "named nsd knot"] [--keep]
(exit status 0 when every check passes; one PASS/FAIL line per check)

Servers:
  P    named: primary of sec.test and chain.test (ixfr-from-differences,
       NOTIFY to U)
  U    the upstream under test: primary of prim.test (file,
       ixfr-from-differences yes) and big.test (~200k records), secondary
       of sec.test and chain.test from P; allow-transfer { key k; };
       notify explicit with also-notify to every downstream (signed)
  U2   a second instance of the upstream kind: secondary of chain.test
       from U, NOTIFY to the named downstream
  downstreams  named, nsd, knotd: secondaries of prim.test and sec.test
       from U with TSIG; the named one also of chain.test from U2

Checks (in order; a later one may depend on an earlier one):
  ucontent  U's AXFR of prim.test equals the zone file, of sec.test and
            chain.test equals P's AXFR
  initial   every downstream holds U's serial and U's exact content
            (AXFR from the downstream vs AXFR from U)
  change1/2 prim.test edited + `rndc reload prim.test` on U; sec.test
            changed on P; U's NOTIFY brings every downstream to the new
            serial (SOA refresh 300 s: only a NOTIFY can) with U's
            content; each downstream logged U's NOTIFY; IXFR used: U's
            transfer-out log names an IXFR (and no AXFR) to each
            downstream's own source address, and Knot's log says
            "IXFR, incoming" (named 9.18 and NSD do not name the type)
  chain     P -> U -> U2 -> named downstream: three successive changes on
            P; the bottom converges on P's serial and content each time
  ixfr      IXFR to U: from a serial older than its history -> AXFR-style
            answer with the full content; from a serial in its history ->
            incremental answer that turns the old content into the
            current one; from the current serial -> one SOA; without the
            key -> REFUSED (or NOTAUTH)
  slow      a client reads big.test's AXFR very slowly while clients cut
            transfers short (RST, close after the request, half a
            request): queries keep being answered, other AXFRs (dnspython,
            kdig) complete, U stays up; the slow transfer then completes
            with every record
  stop      U exits with status 0 and no sanitizer report (dittod)
"""
import argparse
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "xfrin"))
import test_xfrin as X  # noqa: E402

import dns.exception  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.query  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402
import dns.tsigkeyring  # noqa: E402
import dns.zone  # noqa: E402

KEY = "xfrout-key"
SECRET = "Fe/IWQlmgcQzySVKHpYpWfyL1A5KU1T6/3rcKuW8BTk="
RNDCSECRET = "c2VjcmV0IGZvciB0aGUgcm5kYyBrZXkgb2YgeGZyb3V0IQ=="
KEYRING = dns.tsigkeyring.from_text({KEY: ("hmac-sha256", SECRET)})
BIG = 200000          # records of big.test besides the apex
CLIENT = "127.0.0.2"  # this script's transfers (told apart in U's log)
# each downstream transfers from its own address, told apart in U's log
SOURCE = {"named": "127.0.0.3", "nsd": "127.0.0.4", "knot": "127.0.0.5"}
WAIT = 30             # seconds a downstream gets to converge
SLOWFOR = 6           # seconds the slow reader reads slowly

# ---- zone contents ----

HEAD = """$ORIGIN {zone}.
$TTL 300
@	SOA	ns1 hostmaster {serial} 300 2 3600 60
	NS	ns1
	NS	ns2
ns1	A	192.0.2.1
ns2	A	192.0.2.2
www	A	192.0.2.{low}
mail	MX	10 ns1
txt	TXT	"serial {serial}" "zone {zone}"
sub	NS	ns.sub
ns.sub	A	192.0.2.53
srv	SRV	0 5 5060 www
"""

VERSIONS = [
    "old\tA\t192.0.2.66\nmulti\tA\t10.0.0.1\nmulti\tA\t10.0.0.2\n"
    "alias\tCNAME\twww\n",
    "multi\tA\t10.0.0.1\nmulti\tA\t10.0.0.2\nmulti\tA\t10.0.0.3\n"
    "new\tAAAA\t2001:db8::1\nalias\tCNAME\tmail\n",
    "multi\tA\t10.0.0.2\nmulti\tA\t10.0.0.3\nnew\tAAAA\t2001:db8::1\n"
    "new\tTXT\t\"v2 with \\\"quotes\\\" and ; semicolon\"\n"
    "alias\tCNAME\tmail\n"
    + "".join("h%d\tA\t198.51.100.%d\n" % (i, i) for i in range(60)),
    "multi\tA\t10.0.0.9\n"
    + "".join("h%d\tA\t198.51.100.%d\n" % (i, i + 100) for i in range(30)),
]


def zone_text(zone, serial, version):
    return HEAD.format(zone=zone, serial=serial, low=serial % 250 + 1) + \
        VERSIONS[version % len(VERSIONS)]


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def write_big(path, zone):
    with open(path + ".tmp", "w") as f:
        f.write(HEAD.format(zone=zone, serial=1, low=1))
        for i in range(BIG):
            f.write("r%d\tA\t10.%d.%d.%d\n" % (i, (i >> 16) & 255,
                                               (i >> 8) & 255, i & 255))
    os.rename(path + ".tmp", path)
    # apex SOA + every other record; the AXFR repeats the SOA at the end
    return BIG + 11


# ---- configurations ----

UP_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/up.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	dnssec-validation no;
	session-keyfile "{dir}/session.key";
	notify explicit;
	notify-delay 0;
	also-notify {{ {also} }};
	allow-transfer {{ key "{key}"; }};
	max-ixfr-ratio unlimited;
	min-refresh-time 1;
	min-retry-time 1;
}};
key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
key "rndc-key" {{ algorithm hmac-sha256; secret "{rsecret}"; }};
controls {{
	inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
{zones}
"""

ZONE_PRIMARY = """zone "{zone}" {{
	type primary;
	file "{zone}.db";
	ixfr-from-differences yes;
}};
"""

ZONE_SECONDARY = """zone "{zone}" {{
	type secondary;
	primaries {{ 127.0.0.1 port {pport} key "{key}"; }};
	file "{zone}.sec";
{more}}};
"""

RNDC_CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{rsecret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""

NAMED_DOWN = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	dnssec-validation no;
	session-keyfile "{dir}/session.key";
	notify no;
	transfer-source {src};
	allow-transfer {{ any; }};
	allow-notify {{ 127.0.0.1; }};
}};
key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
{zones}
"""

NSD_DOWN = """server:
	ip-address: 127.0.0.1@{port}
	port: {port}
	do-ip6: no
	zonesdir: "{dir}"
	pidfile: "{dir}/nsd.pid"
	xfrdfile: "{dir}/xfrd.state"
	zonelistfile: "{dir}/zone.list"
	database: ""
	username: ""
	chroot: ""
	server-count: 1
	verbosity: 2
	xfrd-reload-timeout: 0
remote-control:
	control-enable: yes
	control-interface: "{dir}/nsd.ctl"
key:
	name: "{key}"
	algorithm: hmac-sha256
	secret: "{secret}"
"""

NSD_ZONE = """zone:
	name: "{zone}"
	zonefile: "{zone}.zone"
	request-xfr: 127.0.0.1@{uport} {key}
	outgoing-interface: {src}
	allow-notify: 127.0.0.1 {key}
	provide-xfr: 127.0.0.0/8 NOKEY
"""

KNOT_DOWN = """server:
    rundir: "{dir}"
    listen: 127.0.0.1@{port}
    background-workers: 1
    udp-workers: 1
    tcp-workers: 1
control:
    listen: "{dir}/knot.sock"
database:
    storage: "{dir}"
log:
  - target: stderr
    any: info
key:
  - id: {key}
    algorithm: hmac-sha256
    secret: {secret}
remote:
  - id: up
    address: 127.0.0.1@{uport}
    via: {src}
    key: {key}
acl:
  - id: notify-from-up
    address: 127.0.0.1
    key: {key}
    action: notify
  - id: xfr-out
    address: 127.0.0.0/8
    action: transfer
template:
  - id: default
    storage: "{dir}"
    master: up
    acl: [notify-from-up, xfr-out]
    zonefile-sync: -1
    semantic-checks: off
zone:
{zones}"""


# ---- DNS helpers ----

def query(port, name, rdtype, keyring=None, timeout=1.0):
    q = dns.message.make_query(name, rdtype)
    if keyring is not None:
        q.use_tsig(keyring, keyname=KEY, algorithm="hmac-sha256")
    return dns.query.udp(q, "127.0.0.1", port=port, timeout=timeout)


def serial_at(port, zone):
    try:
        r = query(port, zone, "SOA", timeout=0.5)
    except (OSError, dns.exception.DNSException):
        return None
    if r.rcode() != dns.rcode.NOERROR or not r.answer:
        return None
    return r.answer[0][0].serial


def content(port, zone, keyring=None, rdtype="AXFR", serial=0):
    """The zone by AXFR as {(name, type): (frozenset(ttl), frozenset(rdata
    text))}, the trailing SOA left out."""
    out = {}
    first = True
    for msg in dns.query.xfr("127.0.0.1", zone, port=port, keyring=keyring,
                             keyname=KEY if keyring else None,
                             keyalgorithm="hmac-sha256", lifetime=30,
                             relativize=False, rdtype=rdtype, serial=serial,
                             source=CLIENT):
        for rr in msg.answer:
            if rr.rdtype == dns.rdatatype.SOA and not first:
                continue
            first = False
            add_rrset(out, rr)
    return freeze(out)


def add_rrset(out, rr):
    key = (rr.name.to_text().lower(), rr.rdtype)
    ttls, rds = out.setdefault(key, (set(), set()))
    ttls.add(rr.ttl)
    rds.update(r.to_text() for r in rr)


def freeze(d):
    return {k: (frozenset(t), frozenset(r)) for k, (t, r) in d.items()}


def file_content(zone, text):
    z = dns.zone.from_text(text, origin=zone, relativize=False)
    out = {}
    for name, node in z.nodes.items():
        for rds in node.rdatasets:
            key = (name.to_text().lower(), rds.rdtype)
            out[key] = (frozenset([rds.ttl]),
                        frozenset(r.to_text() for r in rds))
    return out


def diff_text(want, got):
    lines = []
    for k in sorted(set(want) | set(got), key=str):
        if want.get(k) != got.get(k):
            lines.append("%s %s: want %s got %s" % (
                k[0], dns.rdatatype.to_text(k[1]), want.get(k), got.get(k)))
    return "; ".join(lines[:8]) + (" ..." if len(lines) > 8 else "")


def assert_same(want, got, what):
    assert want == got, "%s differs: %s" % (what, diff_text(want, got))


def ixfr_records(port, zone, serial, keyring=KEYRING):
    """The records of an IXFR answer in order: [(name, type, ttl, text)]."""
    recs = []
    for msg in dns.query.xfr("127.0.0.1", zone, port=port, keyring=keyring,
                             keyname=KEY, keyalgorithm="hmac-sha256",
                             lifetime=30, relativize=False,
                             rdtype=dns.rdatatype.IXFR, serial=serial,
                             source=CLIENT):
        for rr in msg.answer:
            for rd in rr:
                recs.append((rr.name.to_text().lower(), rr.rdtype, rr.ttl,
                             rd.to_text()))
    return recs


def apply_ixfr(base, recs):
    """Apply an IXFR answer to `base` (content() form). Returns (kind,
    content) with kind "axfr-style", "incremental" or "current"."""
    soa = dns.rdatatype.SOA
    assert recs and recs[0][1] == soa, "IXFR answer does not start with SOA"
    if len(recs) == 1:
        return "current", base
    if recs[1][1] != soa:
        out = {}
        assert recs[-1][1] == soa and recs[-1][3] == recs[0][3], \
            "AXFR-style answer does not end with the first SOA"
        for name, t, ttl, text in recs[:-1]:
            ttls, rds = out.setdefault((name, t), (set(), set()))
            ttls.add(ttl)
            rds.add(text)
        return "axfr-style", freeze(out)
    cur = {k: (set(t), set(r)) for k, (t, r) in base.items()}
    i, n = 1, len(recs) - 1
    steps = 0
    while i < n:
        assert recs[i][1] == soa, "step %d: no SOA(from)" % steps
        i += 1
        while i < n and recs[i][1] != soa:
            name, t, ttl, text = recs[i]
            assert (name, t) in cur and text in cur[(name, t)][1], \
                "IXFR deletes %s %s %s which is not there" % (name, t, text)
            cur[(name, t)][1].discard(text)
            if not cur[(name, t)][1]:
                del cur[(name, t)]
            i += 1
        assert i < n, "step %d: no SOA(to)" % steps
        name, t, ttl, text = recs[i]
        cur[(name, t)] = ({ttl}, {text})  # the new SOA replaces the old
        i += 1
        while i < n and recs[i][1] != soa:
            name, t, ttl, text = recs[i]
            ttls, rds = cur.setdefault((name, t), (set(), set()))
            if not rds:
                ttls.clear()
            ttls.add(ttl)
            rds.add(text)
            i += 1
        steps += 1
    assert recs[-1][3] == recs[0][3], "IXFR does not end with the new SOA"
    return "incremental", freeze(cur)


# ---- processes ----

class Server:
    """One server process with a config in its own directory."""

    def __init__(self, top, name, kind, binpath=None):
        self.name = name
        self.kind = kind            # named | dittod | nsd | knot
        self.bin = binpath
        self.dir = os.path.join(top, name)
        os.mkdir(self.dir)
        self.port = X.free_port()
        self.cport = X.free_port()
        self.proc = None
        self.conf = None
        self.rndcconf = None
        self.logpath = os.path.join(self.dir, name + ".log")

    def argv(self):
        if self.kind == "named":
            return [self.bin or "named", "-g", "-n", "1", "-c", self.conf]
        if self.kind == "dittod":
            return [self.bin, "-g", "-n", "2", "-c", self.conf]
        if self.kind == "nsd":
            return ["nsd", "-d", "-c", self.conf]
        return ["knotd", "-c", self.conf]

    def start(self):
        self.proc = X.Proc(self.argv(), self.logpath)

    def alive(self):
        return self.proc is not None and self.proc.alive()

    def stop(self):
        if self.proc is None:
            return None
        rc = self.proc.stop()
        self.proc = None
        return rc

    def log(self):
        try:
            with open(self.logpath, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def rndc(self, *args):
        p = subprocess.run(["rndc", "-c", self.rndcconf] + list(args),
                           capture_output=True, text=True, timeout=20)
        assert p.returncode == 0, ("rndc", args, p.stdout, p.stderr)
        return p.stdout


def named_like(top, name, kind, binpath, zones, also):
    """P, U or U2: a named.conf that both named and dittod read."""
    s = Server(top, name, kind, binpath)
    s.conf = os.path.join(s.dir, "named.conf")
    s.rndcconf = os.path.join(s.dir, "rndc.conf")
    s.zones_text = zones
    s.also = also
    write(s.rndcconf, RNDC_CONF.format(rsecret=RNDCSECRET, cport=s.cport))
    return s


def finish_conf(s):
    write(s.conf, UP_CONF.format(
        dir=s.dir, port=s.port, cport=s.cport, key=KEY, secret=SECRET,
        rsecret=RNDCSECRET, zones=s.zones_text(s), also=s.also(s)))


def also_list(ports):
    if not ports:
        return ""
    return " ".join('127.0.0.1 port %d key "%s";' % (p, KEY) for p in ports)


class Env:
    def __init__(self, args):
        self.args = args
        self.top = tempfile.mkdtemp(prefix="xfroutpeers-test-")
        ukind = args.upstream
        ubin = args.dittod if ukind == "dittod" else None
        self.down = []
        for kind in args.peers.split():
            self.down.append(Server(self.top, "down-" + kind, kind))
        self.p = named_like(self.top, "P", "named", None,
                            self._pzones, lambda s: also_list([self.u.port]))
        self.u = named_like(self.top, "U", ukind, ubin, self._uzones,
                            lambda s: also_list([d.port for d in self.down]))
        self.u2 = named_like(self.top, "U2", ukind, ubin, self._u2zones,
                             lambda s: also_list(
                                 [d.port for d in self.down
                                  if d.kind == "named"]))
        self.serial = {"prim.test": 100, "sec.test": 1, "chain.test": 10}
        self.version = {"prim.test": 0, "sec.test": 0, "chain.test": 0}
        self.text = {}
        for zone, srv in (("prim.test", self.u), ("sec.test", self.p),
                          ("chain.test", self.p)):
            self.set_zone(zone, srv, bump=False)
        self.bigcount = write_big(os.path.join(self.u.dir, "big.test.db"),
                                  "big.test")
        for s in (self.p, self.u, self.u2):
            finish_conf(s)
        for d in self.down:
            self._down_conf(d)

    # zone statements
    def _pzones(self, s):
        return ZONE_PRIMARY.format(zone="sec.test") + \
            ZONE_PRIMARY.format(zone="chain.test")

    def _uzones(self, s):
        more_chain = '\talso-notify { %s };\n' % also_list([self.u2.port])
        # big.test is not on the downstreams: no NOTIFY for it
        return (ZONE_PRIMARY.format(zone="prim.test")
                + ZONE_PRIMARY.format(zone="big.test").replace(
                    "\tixfr-from-differences yes;\n", "\tnotify no;\n")
                + ZONE_SECONDARY.format(zone="sec.test", pport=self.p.port,
                                        key=KEY, more="")
                + ZONE_SECONDARY.format(zone="chain.test", pport=self.p.port,
                                        key=KEY, more=more_chain))

    def _u2zones(self, s):
        return ZONE_SECONDARY.format(zone="chain.test", pport=self.u.port,
                                     key=KEY, more="")

    def _down_conf(self, d):
        zones = ["prim.test", "sec.test"]
        if d.kind == "named":
            d.conf = os.path.join(d.dir, "named.conf")
            text = "".join(ZONE_SECONDARY.format(
                zone=z, pport=self.u.port, key=KEY, more="") for z in zones)
            text += ZONE_SECONDARY.format(zone="chain.test",
                                          pport=self.u2.port, key=KEY,
                                          more="")
            write(d.conf, NAMED_DOWN.format(dir=d.dir, port=d.port, key=KEY,
                                            secret=SECRET, zones=text,
                                            src=SOURCE[d.kind]))
        elif d.kind == "nsd":
            d.conf = os.path.join(d.dir, "nsd.conf")
            text = NSD_DOWN.format(dir=d.dir, port=d.port, key=KEY,
                                   secret=SECRET, src=SOURCE[d.kind])
            text += "".join(NSD_ZONE.format(zone=z, uport=self.u.port,
                                            key=KEY, src=SOURCE[d.kind])
                            for z in zones)
            write(d.conf, text)
        else:
            d.conf = os.path.join(d.dir, "knot.conf")
            text = "".join("  - domain: %s\n" % z for z in zones)
            write(d.conf, KNOT_DOWN.format(dir=d.dir, port=d.port, key=KEY,
                                           secret=SECRET, uport=self.u.port,
                                           zones=text, src=SOURCE[d.kind]))

    def set_zone(self, zone, srv, bump=True):
        if bump:
            self.serial[zone] += 1
            self.version[zone] += 1
        text = zone_text(zone, self.serial[zone], self.version[zone])
        self.text[(zone, self.serial[zone])] = text
        write(os.path.join(srv.dir, zone + ".db"), text)

    def owner(self, zone):
        return self.u if zone == "prim.test" else self.p

    def change(self, zone):
        """Edit the zone at its primary and `rndc reload` it there."""
        srv = self.owner(zone)
        self.set_zone(zone, srv)
        srv.rndc("reload", zone)
        want = self.serial[zone]
        X.wait_for("%s serial %d at %s" % (zone, want, srv.name),
                   lambda: serial_at(srv.port, zone) == want, 15)

    def all_servers(self):
        return [self.u, self.u2, self.p] + self.down

    def cleanup(self, keep):
        for s in self.all_servers():
            try:
                s.stop()
            except Exception:  # noqa: BLE001 -- stop the others anyway
                pass
        if keep:
            print("logs kept in %s" % self.top)
        else:
            shutil.rmtree(self.top, ignore_errors=True)


# ---- checks ----

def wait_serial(srv, zone, serial, timeout=WAIT):
    X.wait_for("%s: %s serial %d" % (srv.name, zone, serial),
               lambda: serial_at(srv.port, zone) == serial, timeout)


def step_start(e):
    e.p.start()
    X.wait_for("P up", lambda: serial_at(e.p.port, "sec.test") == 1, 20)
    e.u.start()
    X.wait_for("U serves prim.test",
               lambda: serial_at(e.u.port, "prim.test") == 100, 30)
    wait_serial(e.u, "sec.test", 1)
    wait_serial(e.u, "chain.test", 10)
    X.wait_for("U serves big.test",
               lambda: serial_at(e.u.port, "big.test") == 1, 60)
    e.u2.start()
    wait_serial(e.u2, "chain.test", 10)
    for d in e.down:
        d.start()
    return "P, U (%s), U2, %s up" % (e.u.kind,
                                     " ".join(d.kind for d in e.down))


def step_ucontent(e):
    want = freeze_file(e, "prim.test")
    got = content(e.u.port, "prim.test", KEYRING)
    assert_same(want, got, "U's prim.test vs its file")
    for zone in ("sec.test", "chain.test"):
        assert_same(content(e.p.port, zone, KEYRING),
                    content(e.u.port, zone, KEYRING), "U's %s vs P's" % zone)
    # allow-transfer { key k; }: no key, no transfer
    try:
        content(e.u.port, "prim.test", None)
        refused = False
    except dns.exception.DNSException:
        refused = True
    assert refused, "U transferred prim.test without the key"
    return "prim.test = file (%d rrsets), sec/chain = P, keyless refused" \
        % len(want)


def freeze_file(e, zone):
    return file_content(zone, e.text[(zone, e.serial[zone])])


def check_downstreams(e, zones):
    """Every downstream reaches U's serial of every zone with U's content.
    Every downstream is checked (a failing one does not hide the others);
    the failures are reported together."""
    notes = []
    errors = []
    for zone in zones:
        want = content(e.u.port, zone, KEYRING)
        assert_same(freeze_file(e, zone) if zone == "prim.test" else
                    content(e.p.port, zone, KEYRING), want,
                    "U's %s" % zone)
        for d in e.down:
            try:
                wait_serial(d, zone, e.serial[zone])
                assert_same(want, content(d.port, zone), "%s's %s vs U's"
                            % (d.kind, zone))
            except (AssertionError, OSError,
                    dns.exception.DNSException) as ex:
                errors.append("%s %s: %s" % (d.kind, zone, ex))
        notes.append("%s %d" % (zone, e.serial[zone]))
    assert not errors, "; ".join(errors) + refresh_hints(e)
    return notes


def refresh_hints(e):
    """The downstreams' own words about failed refreshes, for the report."""
    out = []
    for d in e.down:
        bad = [ln for ln in d.log().splitlines()
               if ("failure" in ln.lower() or "error" in ln.lower() or
                   "failed" in ln.lower()) and "zone file" not in ln and
               "zonefile" not in ln]
        if bad:
            out.append("%s log: %s" % (d.kind, bad[-1][-200:]))
    return (" || " + " | ".join(out)) if out else ""


def step_initial(e):
    t0 = time.monotonic()
    notes = check_downstreams(e, ["prim.test", "sec.test"])
    return "%s equal on %s after %.1fs" % (
        ", ".join(notes), " ".join(d.kind for d in e.down),
        time.monotonic() - t0)


def own_log_ixfr(kind, text, zone):
    """Whether the downstream's own log says it took an IXFR of zone:
    True, False, or None when it does not say (named 9.18 and NSD at
    info level name no transfer type on the receiving side)."""
    if kind != "knot":
        return None
    return any("[%s.] IXFR, incoming" % zone in ln and "finished" in ln
               for ln in text.splitlines())


def notify_in_log(kind, text, zone):
    """Whether the downstream logged a NOTIFY for zone (from U)."""
    want = {"named": "received notify for zone '%s'" % zone,
            "nsd": "notify for %s. from 127.0.0.1" % zone,
            "knot": "[%s.] notify, incoming, remote 127.0.0.1@" % zone}[kind]
    return want in text


def up_xfr_lines(text, zone, addr):
    """U's transfer-out log lines for zone to a client at addr."""
    return [ln for ln in text.splitlines()
            if zone in ln and addr + "#" in ln and
            ("IXFR" in ln or "AXFR" in ln)]


def step_change(e):
    marks = {d.name: len(d.log()) for d in e.down}
    umark = len(e.u.log())
    t0 = time.monotonic()
    e.change("prim.test")
    e.change("sec.test")
    notes = check_downstreams(e, ["prim.test", "sec.test"])
    took = time.monotonic() - t0
    utext = e.u.log()[umark:]
    bad = []
    seen = []
    for d in e.down:
        text = d.log()[marks[d.name]:]
        for zone in ("prim.test", "sec.test"):
            lines = up_xfr_lines(utext, zone, SOURCE[d.kind])
            if not [ln for ln in lines if "IXFR" in ln]:
                bad.append("U logged no IXFR of %s to %s (%s): %s" % (
                    zone, d.kind, SOURCE[d.kind], lines))
            if [ln for ln in lines if "AXFR" in ln]:
                bad.append("U logged an AXFR of %s to %s: %s" % (
                    zone, d.kind, lines))
            if not notify_in_log(d.kind, text, zone):
                bad.append("%s's log shows no NOTIFY for %s" % (d.kind,
                                                              zone))
            own = own_log_ixfr(d.kind, text, zone)
            if own is False:
                bad.append("%s's log shows no incoming IXFR of %s" % (
                    d.kind, zone))
            elif own:
                seen.append(d.kind)
    assert not bad, "; ".join(bad)
    return "%s in %.1fs; NOTIFY logged by every downstream; U logged " \
        "IXFR out to every downstream; own log says IXFR: %s" % (", ".join(notes), took,
                           " ".join(sorted(set(seen))) or "-")


def step_chain(e):
    bottom = [d for d in e.down if d.kind == "named"]
    assert bottom, "the chain needs the named downstream"
    b = bottom[0]
    zone = "chain.test"
    times = []
    bottom_errors = []
    for _ in range(3):
        t0 = time.monotonic()
        e.change(zone)
        want = content(e.p.port, zone, KEYRING)
        wait_serial(e.u2, zone, e.serial[zone])
        assert_same(want, content(e.u2.port, zone, KEYRING),
                    "U2's chain.test vs P's")
        try:
            # after a first failure, do not wait the full time again
            wait_serial(b, zone, e.serial[zone],
                        5 if bottom_errors else WAIT)
            times.append(time.monotonic() - t0)
            assert_same(want, content(b.port, zone), "bottom's chain.test "
                        "(serial %d) vs P's" % e.serial[zone])
        except (AssertionError, dns.exception.DNSException) as ex:
            bottom_errors.append("serial %d: %s" % (e.serial[zone], ex))
    assert not bottom_errors, "U2 followed P every time (content equal), " \
        "the bottom did not: %s%s" % ("; ".join(bottom_errors),
                                      refresh_hints(e))
    return "serials %d..%d reached the bottom in %s s" % (
        e.serial[zone] - 2, e.serial[zone],
        "/".join("%.1f" % t for t in times))


def step_ixfr(e):
    zone = "prim.test"
    cur = e.serial[zone]
    want = content(e.u.port, zone, KEYRING)
    notes = []
    # older than the history: AXFR-style, the whole zone
    recs = ixfr_records(e.u.port, zone, 50)
    kind, got = apply_ixfr({}, recs)
    assert kind == "axfr-style", "IXFR from 50 (before the history): %s" % (
        kind)
    assert_same(want, got, "AXFR-style IXFR from serial 50")
    notes.append("from 50: axfr-style, %d records" % len(recs))
    # a serial in the history: incremental, and it applies cleanly
    for old in range(100, cur):
        base = file_content(zone, e.text[(zone, old)])
        recs = ixfr_records(e.u.port, zone, old)
        kind, got = apply_ixfr(base, recs)
        assert kind == "incremental", "IXFR from %d: %s" % (old, kind)
        assert_same(want, got, "IXFR from %d applied" % old)
        notes.append("from %d: incremental, %d records" % (old, len(recs)))
    recs = ixfr_records(e.u.port, zone, cur)
    assert len(recs) == 1 and recs[0][1] == dns.rdatatype.SOA, \
        "IXFR from the current serial: %d records" % len(recs)
    notes.append("current: one SOA")
    # the secondary zone's history (from the transfers in)
    zone = "sec.test"
    want = content(e.u.port, zone, KEYRING)
    kind, got = apply_ixfr({}, ixfr_records(e.u.port, zone, 0))
    assert kind == "axfr-style" and got == want, "sec.test IXFR from 0: " \
        "%s" % kind
    kind, got = apply_ixfr(file_content(zone, e.text[(zone, 1)]),
                           ixfr_records(e.u.port, zone, 1))
    assert kind == "incremental", "sec.test IXFR from 1: %s" % kind
    assert_same(want, got, "sec.test IXFR from 1 applied")
    notes.append("sec.test from 0: axfr-style, from 1: incremental")
    # without the key
    r = tcp_query(e.u.port, dns.message.make_query("prim.test", "IXFR"))
    assert r.rcode() in (dns.rcode.REFUSED, dns.rcode.NOTAUTH), \
        "keyless IXFR: %s" % dns.rcode.to_text(r.rcode())
    notes.append("keyless: %s" % dns.rcode.to_text(r.rcode()))
    return "; ".join(notes)


def tcp_query(port, q, timeout=5):
    return dns.query.tcp(q, "127.0.0.1", port=port, timeout=timeout)


# ---- slow and vanishing downstreams ----

def signed_axfr_wire(zone):
    q = dns.message.make_query(zone, "AXFR")
    q.use_tsig(KEYRING, keyname=KEY, algorithm="hmac-sha256")
    w = q.to_wire()
    return struct.pack("!H", len(w)) + w


def connect(port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    return s


class SlowReader(threading.Thread):
    """AXFR of big.test read a few hundred octets at a time; after
    `release` it reads the rest at full speed and counts the records."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.release = threading.Event()
        self.slow_bytes = 0
        self.records = 0
        self.messages = 0
        self.error = None
        self.rcodes = set()
        self.done = False

    def run(self):
        try:
            s = connect(self.port, rcvbuf=4096)
            s.sendall(signed_axfr_wire("big.test"))
            buf = b""
            deadline = time.monotonic() + 120
            while not self.release.is_set() and time.monotonic() < deadline:
                chunk = s.recv(256)
                if not chunk:
                    raise EOFError("closed during the slow phase after %d "
                                   "octets" % self.slow_bytes)
                self.slow_bytes += len(chunk)
                buf += chunk
                time.sleep(0.05)
            s.settimeout(30)
            buf = self.count(s, buf, deadline + 60)
            self.done = True
            s.close()
        except Exception as ex:  # noqa: BLE001 -- reported by the check
            self.error = "%s: %s" % (type(ex).__name__, ex)

    def count(self, s, buf, deadline):
        want_total = None
        while time.monotonic() < deadline:
            while len(buf) >= 2:
                n = struct.unpack("!H", buf[:2])[0]
                if len(buf) < 2 + n:
                    break
                m = buf[2:2 + n]
                buf = buf[2 + n:]
                self.messages += 1
                self.rcodes.add(m[3] & 15)
                self.records += struct.unpack("!H", m[6:8])[0]
                if want_total is not None and self.records >= want_total:
                    return buf
            if want_total is None:
                want_total = self.want
            if self.records >= want_total:
                return buf
            chunk = s.recv(65536)
            if not chunk:
                raise EOFError("closed after %d records" % self.records)
            buf += chunk
        raise TimeoutError("slow transfer not done: %d records" %
                           self.records)


def vanish(port, how):
    """A client that goes away mid-transfer."""
    try:
        s = connect(port, rcvbuf=8192)
        w = signed_axfr_wire("big.test")
        if how == "half-request":
            s.sendall(w[:len(w) // 2])
        else:
            s.sendall(w)
        if how == "rst":
            got = 0
            while got < 20000:
                c = s.recv(4096)
                if not c:
                    break
                got += len(c)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        s.close()
    except OSError:
        pass


def kdig_axfr(port, zone, timeout=90):
    p = subprocess.run(["kdig", "-p", str(port), "@127.0.0.1",
                        "-y", "hmac-sha256:%s:%s" % (KEY, SECRET),
                        "AXFR", zone, "+noall", "+answer"],
                       capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, ("kdig", p.returncode, p.stderr[-500:])
    return len([ln for ln in p.stdout.splitlines() if ln.strip() and
                not ln.startswith(";")])


def step_slow(e):
    port = e.u.port
    slow = SlowReader(port)
    slow.want = e.bigcount + 1
    t_slow = time.monotonic()
    slow.start()
    X.wait_for("the slow reader started", lambda: slow.slow_bytes > 1000 or
               slow.error, 10)
    assert slow.error is None, slow.error
    # queries answered all along, measured in a thread
    stop = threading.Event()
    lat = []
    qerr = []

    def prober():
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                r = query(port, "www.prim.test", "A", timeout=1.0)
                if r.rcode() != dns.rcode.NOERROR or not r.answer:
                    qerr.append(dns.rcode.to_text(r.rcode()))
                lat.append(time.monotonic() - t0)
            except (OSError, dns.exception.DNSException) as ex:
                qerr.append(type(ex).__name__)
            time.sleep(0.05)

    pt = threading.Thread(target=prober, daemon=True)
    pt.start()
    notes = []
    try:
        for how in ("rst", "close", "half-request") * 3:
            vanish(port, how)
        t0 = time.monotonic()
        got = content(port, "prim.test", KEYRING)
        assert_same(freeze_file(e, "prim.test"), got,
                    "prim.test AXFR during the slow transfer")
        notes.append("prim.test AXFR %.2fs" % (time.monotonic() - t0))
        t0 = time.monotonic()
        n = kdig_axfr(port, "big.test")
        assert n == e.bigcount + 1, "kdig big.test: %d records, want %d" % (
            n, e.bigcount + 1)
        notes.append("kdig big.test %d records %.1fs" % (
            n, time.monotonic() - t0))
        for how in ("rst", "close", "half-request"):
            vanish(port, how)
        # the slow reader keeps reading slowly for SLOWFOR seconds in all
        while time.monotonic() - t_slow < SLOWFOR and slow.error is None:
            time.sleep(0.2)
    finally:
        stop.set()
        pt.join(5)
    assert slow.error is None, "slow reader: %s" % slow.error
    assert not slow.done and slow.slow_bytes < 5000000, \
        "the slow reader was not slow (%d octets)" % slow.slow_bytes
    assert e.u.alive(), "U died"
    assert not qerr, "queries failed during the slow transfer: %s" % (
        qerr[:10])
    assert lat, "no query was made"
    notes.append("%d queries, max %.0f ms" % (len(lat), max(lat) * 1000))
    slowbytes = slow.slow_bytes
    slow.release.set()
    slow.join(150)
    assert not slow.is_alive(), "slow reader still running"
    assert slow.error is None, "slow reader: %s" % slow.error
    assert slow.rcodes == {0}, "slow transfer rcodes %s" % slow.rcodes
    assert slow.records == e.bigcount + 1, "slow transfer: %d records, " \
        "want %d" % (slow.records, e.bigcount + 1)
    notes.append("slow reader: %d octets slowly, then %d records in %d "
                 "messages" % (slowbytes, slow.records, slow.messages))
    assert e.u.alive(), "U died"
    r = query(port, "prim.test", "SOA")
    assert r.rcode() == dns.rcode.NOERROR and r.answer, "final query"
    return "; ".join(notes)


def step_stop(e):
    rc = e.u.stop()
    text = e.u.log()
    assert rc == 0, "U exit status %s" % rc
    assert "Sanitizer" not in text and "runtime error" not in text, \
        "sanitizer report in U's log"
    rc2 = e.u2.stop()
    assert rc2 == 0, "U2 exit status %s" % rc2
    text = e.u2.log()
    assert "Sanitizer" not in text and "runtime error" not in text, \
        "sanitizer report in U2's log"
    return "exit 0, no sanitizer report"


STEPS = [("start", step_start), ("ucontent", step_ucontent),
         ("initial", step_initial), ("change1", step_change),
         ("change2", step_change), ("chain", step_chain),
         ("ixfr", step_ixfr), ("slow", step_slow), ("stop", step_stop)]
# a failure of these makes the rest meaningless
FATAL = {"start"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", choices=("dittod", "named"),
                    default="dittod")
    ap.add_argument("--dittod", default=None)
    ap.add_argument("--peers", default="named nsd knot")
    ap.add_argument("--steps", default=None,
                    help="comma-separated subset of the checks")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if args.upstream == "dittod":
        if not args.dittod:
            ap.error("--dittod PATH is needed with --upstream dittod")
        args.dittod = os.path.abspath(args.dittod)
    wanted = set(args.steps.split(",")) if args.steps else None
    e = Env(args)
    failed = []
    t0 = time.monotonic()
    try:
        for name, step in STEPS:
            if wanted is not None and name not in wanted and \
                    name not in FATAL:
                continue
            try:
                info = step(e)
                print("PASS %s%s" % (name, " (%s)" % info if info else ""),
                      flush=True)
            except (AssertionError, OSError, subprocess.SubprocessError,
                    dns.exception.DNSException, EOFError) as ex:
                print("FAIL %s: %s: %s" % (name, type(ex).__name__,
                                           str(ex)[:3000]), flush=True)
                failed.append(name)
                if name in FATAL:
                    break
            for s in e.all_servers():
                if s.proc is not None and not s.alive():
                    print("FAIL %s: %s exited (see %s)" % (
                        name, s.name, s.logpath), flush=True)
                    failed.append(name + ":" + s.name)
                    s.proc = None
    finally:
        e.cleanup(bool(failed) or args.keep)
    print("upstream %s: %d failed (%s); total %.1fs" % (
        args.upstream, len(failed), " ".join(failed) or "none",
        time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

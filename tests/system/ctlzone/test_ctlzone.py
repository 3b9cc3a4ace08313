#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of the rndc zone commands: the real rndc against dittod and
against a real named running the same configuration; every reply (stdout,
stderr, exit status) must be equal, dates aside.

Usage: test_ctlzone.py <dittod> [named]   (exit status 0 when all pass)

Processes: `upstream` (named, primary of sec.test on loopback), `named`
and `dittod` (the same named.conf: sec.test secondary of upstream, the
primary zone example.test, allow-new-zones yes, a controls statement with a
key of this test's temp dir). Then: addzone -> the zone answers -> dittod
restarts -> still there; a named started on dittod's directory reads
dittod's NZD; modzone; delzone. Every process is stopped by its PID.
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

import dns.message
import dns.query
import dns.rcode

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

SECRET = "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"
ZONE = """$TTL 300
@	SOA	ns1 hostmaster {serial} 3600 600 86400 60
	NS	ns1
ns1	A	192.0.2.1
www	A	192.0.2.2
"""

UPSTREAM = """options {{
	directory "{dir}"; pid-file "{dir}/named.pid";
	listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
	recursion no; dnssec-validation no; notify no;
	session-keyfile "{dir}/session.key"; ixfr-from-differences yes;
	max-ixfr-ratio unlimited;
}};
controls {{ }};
zone "sec.test" {{ type primary; file "sec.test.db"; }};
"""

SERVER = """options {{
	directory "{dir}"; pid-file "{dir}/server.pid";
	listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
	recursion no; dnssec-validation no; notify no;
	session-keyfile "{dir}/session.key";
	allow-new-zones {anz};
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{ inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
	keys {{ "rndc-key"; }}; }};
zone "example.test" {{ type primary; file "example.test.db"; }};
zone "sec.test" {{ type secondary; file "sec.test.bk";
	primaries {{ 127.0.0.1 port {uport}; }}; }};
"""

RNDC = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""

DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT")

FAILED = []


def check(what, cond, detail=""):
    print("%s %s%s" % ("ok  " if cond else "FAIL", what,
                       "" if cond else ": " + detail))
    if not cond:
        FAILED.append(what)


class Server:
    """named or dittod on its own directory, ports and rndc.conf."""

    def __init__(self, argv0, root, name, uport, anz="yes"):
        self.argv0, self.name = argv0, name
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port, self.cport = free_port(), free_port()
        self.conf = os.path.join(self.dir, "named.conf")
        with open(self.conf, "w") as f:
            f.write(SERVER.format(dir=self.dir, port=self.port,
                                  cport=self.cport, uport=uport,
                                  secret=SECRET, anz=anz))
        self.rndcconf = os.path.join(self.dir, "rndc.conf")
        with open(self.rndcconf, "w") as f:
            f.write(RNDC.format(secret=SECRET, cport=self.cport))
        for z in ("example.test", "new.test"):
            with open(os.path.join(self.dir, z + ".db"), "w") as f:
                f.write(ZONE.format(serial=2024020201))
        self.proc = None

    def start(self):
        log = open(os.path.join(self.dir, self.name + ".log"), "a")
        self.proc = subprocess.Popen([self.argv0, "-g", "-c", self.conf],
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.rndc("null")[2] == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not start" % self.name)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def rndc(self, *args):
        r = subprocess.run(["rndc", "-c", self.rndcconf] + list(args),
                           capture_output=True, text=True, timeout=30)
        return r.stdout, r.stderr, r.returncode

    def soa(self, zone):
        q = dns.message.make_query(zone, "SOA")
        try:
            r = dns.query.udp(q, "127.0.0.1", port=self.port, timeout=2)
        except Exception:  # noqa: BLE001 - a timeout is a failure here
            return None
        return r.rcode(), r.answer


def norm(s, server):
    s = DATE.sub("<date>", s)
    return s.replace(server.dir, "<dir>")


def compare(named, ditto, *args):
    a, b = named.rndc(*args), ditto.rndc(*args)
    a = tuple(norm(x, named) if isinstance(x, str) else x for x in a)
    b = tuple(norm(x, ditto) if isinstance(x, str) else x for x in b)
    check("rndc %s" % " ".join(args), a == b,
          "named %r, dittod %r" % (a, b))
    return b


def wait_loaded(srv, zone):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        r = srv.soa(zone)
        if r is not None and r[0] == dns.rcode.NOERROR and r[1]:
            return True
        time.sleep(0.2)
    return False


def serial_of(srv, zone):
    r = srv.soa(zone)
    if r is None or not r[1]:
        return None
    return r[1][0][0].serial


def sync_after_ixfr(up, up_dir, ditto):
    """An IXFR leaves an entry in dittod's journal; rndc sync -clean folds
    it into the zone file (the dumper writes it in the background)."""
    bk = os.path.join(ditto.dir, "sec.test.bk")
    size = lambda p: os.path.getsize(p) if os.path.exists(p) else 0  # noqa
    jsize0 = size(bk + ".dj")
    with open(os.path.join(up_dir, "sec.test.db"), "w") as f:
        f.write(ZONE.format(serial=2024010102).replace(
            "192.0.2.2", "192.0.2.22"))
    up.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    got = None
    while time.monotonic() < deadline:
        ditto.rndc("refresh", "sec.test")
        got = serial_of(ditto, "sec.test")
        if got == 2024010102:
            break
        time.sleep(0.3)
    check("dittod transferred serial 2024010102", got == 2024010102,
          str(got))
    jsize = size(bk + ".dj")
    check("the IXFR went to the journal", jsize > jsize0,
          "%d <= %d" % (jsize, jsize0))
    with open(bk) as f:
        check("the zone file lags until the sync", "2024010102" not in
              f.read())
    out, err, rc = ditto.rndc("sync", "-clean", "sec.test")
    check("rndc sync -clean sec.test succeeds", rc == 0, err)
    text = ""
    while time.monotonic() < deadline + 10:
        with open(bk) as f:
            text = f.read()
        # the fold writes the zone file first, then the journal
        if "2024010102" in text and size(bk + ".dj") < jsize:
            break
        time.sleep(0.1)
    check("the zone file holds serial 2024010102 after sync",
          "2024010102" in text and "192.0.2.22" in text, text[:200])
    check("the journal kept no history after sync -clean",
          size(bk + ".dj") < jsize, "%d >= %d" % (size(bk + ".dj"), jsize))


def ixfr_to(up, up_dir, ditto, serial, addr):
    with open(os.path.join(up_dir, "sec.test.db"), "w") as f:
        f.write(ZONE.format(serial=serial).replace("192.0.2.2", addr))
    up.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ditto.rndc("refresh", "sec.test")
        if serial_of(ditto, "sec.test") == serial:
            return True
        time.sleep(0.3)
    return False


def zonefile_has(ditto, serial):
    with open(os.path.join(ditto.dir, "sec.test.bk")) as f:
        return str(serial) in f.read()


def halt_and_stop(up, up_dir, ditto):
    """rndc halt leaves the journal unfolded (it replays at the next
    start); rndc stop folds it into the zone file."""
    check("dittod transferred serial 2024010103",
          ixfr_to(up, up_dir, ditto, 2024010103, "192.0.2.23"))
    for cmd, folded in (("halt", False), ("stop", True)):
        out, err, rc = ditto.rndc(cmd)
        check("rndc %s succeeds" % cmd, rc == 0, err)
        try:
            code = ditto.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            code = None
        check("dittod exits 0 after rndc %s" % cmd, code == 0, str(code))
        ditto.proc = None
        check("the zone file %s serial 2024010103 after rndc %s" %
              ("holds" if folded else "does not hold yet", cmd),
              zonefile_has(ditto, 2024010103) == folded)
        ditto.start()
        check("serial 2024010103 served after the restart (%s)" % cmd,
              serial_of(ditto, "sec.test") == 2024010103)


def main():
    dittod = sys.argv[1]
    named_bin = sys.argv[2] if len(sys.argv) > 2 else "/usr/sbin/named"
    if shutil.which("rndc") is None or not os.path.exists(named_bin):
        print("SKIP: rndc or named missing")
        return 0
    root = tempfile.mkdtemp(prefix="ctlzone.")
    procs = []
    try:
        up_dir = os.path.join(root, "upstream")
        os.makedirs(up_dir)
        uport = free_port()
        with open(os.path.join(up_dir, "named.conf"), "w") as f:
            f.write(UPSTREAM.format(dir=up_dir, port=uport))
        with open(os.path.join(up_dir, "sec.test.db"), "w") as f:
            f.write(ZONE.format(serial=2024010101))
        up = subprocess.Popen([named_bin, "-g", "-c",
                               os.path.join(up_dir, "named.conf")],
                              stdout=open(os.path.join(up_dir, "log"), "w"),
                              stderr=subprocess.STDOUT)
        procs.append(up)
        named = Server(named_bin, root, "named", uport)
        ditto = Server(dittod, root, "dittod", uport)
        for s in (named, ditto):
            s.start()
            procs.append(s)
        for s in (named, ditto):
            check("%s serves sec.test" % s.name, wait_loaded(s, "sec.test"))

        # the commands on the zones of named.conf, and the errors
        for args in (
            ["zonestatus", "example.test"],
            ["zonestatus", "sec.test"],
            ["zonestatus"],
            ["zonestatus", "nosuch.test"],
            ["zonestatus", "sec.test", "CH"],
            ["zonestatus", "sec.test", "FOO"],
            ["zonestatus", "sec.test", "IN", "otherview"],
            ["zonestatus", "bad..name"],
            ["showzone", "example.test"],
            ["showzone", "sec.test"],
            ["showzone", "nosuch.test"],
            ["refresh", "sec.test"],
            ["refresh", "example.test"],
            ["retransfer", "sec.test"],
            ["retransfer", "example.test"],
            ["reload", "example.test"],
            ["reload", "sec.test"],
            ["freeze", "example.test"],
            ["freeze", "sec.test"],
            ["thaw", "example.test"],
            ["thaw", "sec.test"],
            ["freeze"],
            ["thaw"],
            ["sync"],
            ["sync", "-clean"],
            ["sync", "example.test"],
            ["sync", "nosuch.test"],
            ["-r", "refresh", "nosuch.test"],
        ):
            compare(named, ditto, *args)

        # sync -clean after an IXFR: the journal is folded into the file;
        # halt leaves the next IXFR in the journal, stop folds it
        sync_after_ixfr(up, up_dir, ditto)
        halt_and_stop(up, up_dir, ditto)

        # addzone / modzone / delzone
        for args in (
            ["addzone", 'new.test { type primary; file "new.test.db"; };'],
            ["addzone", 'new.test { type primary; file "new.test.db"; };'],
            ["addzone", "sec.test { type secondary; file \"x.db\"; "
                        "primaries { 127.0.0.1; }; };"],
            ["addzone", 'bad.test { type primary; };'],
            ["addzone", 'bad.test { type primary; file "x"; foo; };'],
            ["addzone", 'bad.test { type primary; file "x" };'],
            ["addzone", "bad.test"],
            ["addzone"],
            ["addzone", 'bad.test IN { type primary; file "nofile.db"; };'],
            ["addzone", 'bad.test CH { type primary; file "x.db"; };'],
            ["addzone", 'bad.test IN foo { type primary; file "x.db"; };'],
            ["addzone", 'bad..test { type primary; file "x.db"; };'],
            ["addzone", "fwd.test { type forward; forwarders { 127.0.0.1; "
                        "}; };"],
            ["addzone", "sec2.test { type secondary; file \"sec2.bk\"; "
                        "primaries { 127.0.0.1 port %d; }; };" % uport],
            ["showzone", "new.test"],
            ["modzone", "new.test { type primary; file \"new.test.db\"; "
                        "notify no; };"],
            ["showzone", "new.test"],
            ["modzone", 'nosuch.test { type primary; file "x.db"; };'],
            ["modzone", "new.test"],
        ):
            compare(named, ditto, *args)
        for s in (named, ditto):
            check("%s answers new.test" % s.name, wait_loaded(s, "new.test"))
        compare(named, ditto, "zonestatus", "new.test")
        dump = subprocess.run(["mdb_dump", "-n", "-p",
                               os.path.join(ditto.dir, "_default.nzd")],
                              capture_output=True, text=True)
        ndump = subprocess.run(["mdb_dump", "-n", "-p",
                                os.path.join(named.dir, "_default.nzd")],
                               capture_output=True, text=True)
        body = lambda t: t[t.find("HEADER=END"):]  # noqa: E731
        check("dittod's NZD holds what named's does",
              body(dump.stdout) == body(ndump.stdout) and dump.stdout,
              "%r vs %r" % (dump.stdout, ndump.stdout))

        # restart: the new zones come back from the NZD
        ditto.stop()
        ditto.start()
        check("dittod answers new.test after a restart",
              wait_loaded(ditto, "new.test"))
        compare(named, ditto, "showzone", "new.test")

        # named reads dittod's NZD
        ditto.stop()
        other = Server(named_bin, root, "dittod", uport)  # same dir
        other.start()
        procs.append(other)
        check("named loads new.test from dittod's NZD",
              wait_loaded(other, "new.test"))
        other.stop()
        ditto.start()

        for args in (
            ["delzone"],
            ["delzone", "nosuch.test"],
            ["delzone", "sec2.test"],
            ["delzone", "-clean", "new.test"],
            ["zonestatus", "new.test"],
        ):
            compare(named, ditto, *args)
        out, err, rc = ditto.rndc("modzone", 'example.test { type primary; '
                                  'file "example.test.db"; };')
        check("dittod refuses modzone of a named.conf zone",
              rc == 1 and "defined in named.conf" in err, err)
        check("delzone -clean removed the file",
              not os.path.exists(os.path.join(ditto.dir, "new.test.db")))

        # allow-new-zones no
        for s in (named, ditto):
            s.stop()
        named2 = Server(named_bin, root, "named2", uport, anz="no")
        ditto2 = Server(dittod, root, "dittod2", uport, anz="no")
        for s in (named2, ditto2):
            s.start()
            procs.append(s)
        for args in (
            ["showzone", "example.test"],
            ["addzone", 'new.test { type primary; file "new.test.db"; };'],
        ):
            compare(named2, ditto2, *args)
        # A zone of named.conf: named drops / changes it in memory until
        # the next reload; dittod refuses, saying so (a known difference).
        for args in (["delzone", "example.test"],):
            out, err, rc = ditto2.rndc(*args)
            check("dittod refuses %s of a named.conf zone" % args[0],
                  rc == 1 and "defined in named.conf" in err, err)
        check("example.test still served",
              wait_loaded(ditto2, "example.test"))
    finally:
        for p in procs:
            if isinstance(p, Server):
                p.stop()
            elif p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
                p.wait(timeout=15)
        if not FAILED:
            if not os.environ.get("CTLZONE_KEEP"):
                shutil.rmtree(root, ignore_errors=True)
            else:
                print("kept", root)
        else:
            print("logs kept in", root)
    print("%d failed" % len(FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())

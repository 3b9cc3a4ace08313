#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of `dittoctl sync-check` on loopback, against a dittod
secondary and against a named secondary of the same named primary.

Usage: test_synccheck.py <dittoctl> <named> [dittod]   (exit 0: all pass)

Processes: `primary` (named: a.test, and b.test whose queries and
transfers need the TSIG key "xfr"; `notify no`, so a change there is not
pushed), and one secondary at a time (dittod, then named) with a control
channel. For each secondary:
  1. both zones current                      -> exit 0, "SYNC OK"
  2. -j                                      -> JSON with every field
  3. a.test changed on the primary only (no NOTIFY, refresh 1h):
     default thresholds                      -> exit 0, "within thresholds"
     --warn-behind 0                         -> exit 1, gap 1
     --warn-behind 0 --crit-behind 0         -> exit 2
  4. the primary killed                      -> exit 2, "unreachable"
  5. rndc to a port nobody listens on        -> exit 3
  and a configuration that does not load     -> exit 3.
Every process is started here and stopped by its PID; every wait is
bounded.
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import dns.message
import dns.query
import dns.tsigkeyring

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

RNDC_SECRET = "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"
XFR_SECRET = "eGZyLWtleS1mb3Itc3luYy1jaGVjay10ZXN0cy0wMQ=="

ZONE = """$TTL 300
@	SOA	ns1 hostmaster {serial} 3600 600 86400 60
	NS	ns1
ns1	A	192.0.2.1
www	A	192.0.2.{serial}
"""

PRIMARY = """options {{
	directory "{dir}"; pid-file "{dir}/named.pid";
	listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
	recursion no; dnssec-validation no; notify no;
	session-keyfile "{dir}/session.key";
}};
key "xfr" {{ algorithm hmac-sha256; secret "{xfr}"; }};
controls {{ }};
zone "a.test" {{ type primary; file "a.test.db"; }};
zone "b.test" {{ type primary; file "b.test.db";
	allow-query {{ key "xfr"; }}; allow-transfer {{ key "xfr"; }}; }};
"""

SECONDARY = """options {{
	directory "{dir}"; pid-file "{dir}/server.pid";
	listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
	recursion no; dnssec-validation no; notify no;
	session-keyfile "{dir}/session.key";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{rndc}"; }};
key "xfr" {{ algorithm hmac-sha256; secret "{xfr}"; }};
controls {{ inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
	keys {{ "rndc-key"; }}; }};
zone "a.test" {{ type secondary; file "a.test.bk";
	primaries {{ 127.0.0.1 port {pport}; }}; }};
zone "b.test" {{ type secondary; file "b.test.bk";
	primaries {{ 127.0.0.1 port {pport} key "xfr"; }}; }};
"""

RNDC = """key "rndc-key" {{ algorithm hmac-sha256; secret "{rndc}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""

FAILED = []
KEYRING = dns.tsigkeyring.from_text({"xfr": ("hmac-sha256", XFR_SECRET)})


def check(what, cond, detail=""):
    print("%s %s%s" % ("ok  " if cond else "FAIL", what,
                       "" if cond else ": " + detail))
    sys.stdout.flush()
    if not cond:
        FAILED.append(what)


def serial_at(port, zone, signed=False):
    q = dns.message.make_query(zone, "SOA")
    if signed:
        q.use_tsig(KEYRING, keyname="xfr", algorithm="hmac-sha256")
    try:
        r = dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
    except Exception:  # noqa: BLE001 - no answer is "no serial" here
        return None
    if not r.answer:
        return None
    return r.answer[0][0].serial


def wait_serial(port, zone, serial, signed=False, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if serial_at(port, zone, signed) == serial:
            return True
        time.sleep(0.2)
    return False


class Proc:
    def __init__(self, argv, log):
        self.log = open(log, "a")
        self.p = subprocess.Popen(argv, stdout=self.log,
                                  stderr=subprocess.STDOUT)

    def hup(self):
        if self.p.poll() is None:
            os.kill(self.p.pid, signal.SIGHUP)

    def stop(self):
        if self.p.poll() is None:
            os.kill(self.p.pid, signal.SIGTERM)
            try:
                self.p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.p.pid, signal.SIGKILL)
                self.p.wait()
        self.log.close()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class Setup:
    """The primary and one secondary (dittod or named) in a temp dir."""

    def __init__(self, root, kind, server_bin, named):
        self.kind = kind
        self.pdir = os.path.join(root, kind + "-primary")
        self.sdir = os.path.join(root, kind + "-secondary")
        os.makedirs(self.pdir)
        os.makedirs(self.sdir)
        self.pport, self.sport = free_port(), free_port()
        self.cport = free_port()
        write(os.path.join(self.pdir, "named.conf"),
              PRIMARY.format(dir=self.pdir, port=self.pport, xfr=XFR_SECRET))
        for z in ("a.test", "b.test"):
            write(os.path.join(self.pdir, z + ".db"), ZONE.format(serial=1))
        self.conf = os.path.join(self.sdir, "named.conf")
        write(self.conf, SECONDARY.format(
            dir=self.sdir, port=self.sport, cport=self.cport,
            pport=self.pport, rndc=RNDC_SECRET, xfr=XFR_SECRET))
        self.rndcconf = os.path.join(self.sdir, "rndc.conf")
        write(self.rndcconf, RNDC.format(rndc=RNDC_SECRET, cport=self.cport))
        self.named, self.server_bin = named, server_bin
        self.primary = self.secondary = None

    def start(self):
        self.primary = Proc([self.named, "-g", "-c",
                             os.path.join(self.pdir, "named.conf")],
                            os.path.join(self.pdir, "primary.log"))
        if not wait_serial(self.pport, "a.test", 1):
            raise RuntimeError("primary did not start")
        self.secondary = Proc([self.server_bin, "-g", "-c", self.conf],
                              os.path.join(self.sdir, "secondary.log"))
        ok = (wait_serial(self.sport, "a.test", 1) and
              wait_serial(self.sport, "b.test", 1))
        check("%s: secondary has both zones" % self.kind, ok)
        return ok

    def stop(self):
        for p in (self.secondary, self.primary):
            if p is not None:
                p.stop()


def run(dittoctl, args, rndcconf, timeout=60):
    r = subprocess.run([dittoctl, "-c", rndcconf] + args,
                       capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def sync_check(ctl, s, *extra):
    return run(ctl, ["sync-check", "-C", s.conf] + list(extra), s.rndcconf)


def check_json(kind, out, status, gap_a):
    try:
        doc = json.loads(out)
    except ValueError as e:
        check("%s: -j output is JSON" % kind, False, "%s: %r" % (e, out))
        return None
    check("%s: -j status %s" % (kind, status), doc.get("status") == status,
          out)
    zones = {z["zone"]: z for z in doc.get("zones", [])}
    check("%s: -j has both zones" % kind,
          sorted(zones) == ["a.test", "b.test"], out)
    fields = ("zone", "view", "status", "code", "reason", "type", "serial",
              "serial_source", "server", "primary_serial", "serial_gap",
              "behind", "behind_for", "last_refresh", "last_refresh_source",
              "since_last_refresh", "last_loaded", "next_refresh",
              "expires", "expire_left", "expire_interval", "expired",
              "primaries_reachable", "primaries")
    for name, z in zones.items():
        missing = [f for f in fields if f not in z]
        check("%s: -j %s has every field" % (kind, name), not missing,
              "missing %s" % missing)
    a = zones.get("a.test", {})
    check("%s: -j a.test serial_gap %d" % (kind, gap_a),
          a.get("serial_gap") == gap_a, repr(a))
    check("%s: -j a.test serial from the SOA" % (kind),
          a.get("serial_source") == "soa", repr(a))
    ex = a.get("expire_left")
    check("%s: -j a.test expire_left in (0, 86400]" % kind,
          isinstance(ex, int) and 0 < ex <= 86400, repr(ex))
    b = zones.get("b.test", {})
    prim = (b.get("primaries") or [{}])[0]
    check("%s: -j b.test primary signed and reachable" % kind,
          prim.get("key") == "xfr" and prim.get("reachable") is True and
          prim.get("serial") == 1, repr(prim))
    return doc


def scenario(ctl, s):
    k = s.kind
    rc, out, err = sync_check(ctl, s)
    check("%s: current -> exit 0" % k, rc == 0, "%d %r %r" % (rc, out, err))
    check("%s: current -> SYNC OK line" % k,
          out.startswith("SYNC OK - 2 zones in sync |"), out)
    rc, out, err = sync_check(ctl, s, "-j")
    check("%s: current -j -> exit 0" % k, rc == 0, "%d %r" % (rc, err))
    check_json(k, out, "OK", 0)

    # the primary changes a.test; NOTIFY is off and refresh is 1h
    write(os.path.join(s.pdir, "a.test.db"), ZONE.format(serial=2))
    s.primary.hup()
    check("%s: primary now serves serial 2" % k,
          wait_serial(s.pport, "a.test", 2))
    check("%s: secondary still serves 1" % k,
          serial_at(s.sport, "a.test") == 1)
    rc, out, err = sync_check(ctl, s)
    check("%s: behind, default thresholds -> exit 0" % k, rc == 0,
          "%d %r" % (rc, out))
    check("%s: behind within thresholds is said" % k,
          "serial 1 < 2" in out and "within thresholds" in out, out)
    rc, out, err = sync_check(ctl, s, "--warn-behind", "0")
    check("%s: behind, --warn-behind 0 -> exit 1" % k, rc == 1,
          "%d %r" % (rc, out))
    check("%s: behind -> WARNING line names the zone" % k,
          out.startswith("SYNC WARNING - 1 of 2 zones behind: a.test "
                         "serial 1 < 2"), out)
    check("%s: perfdata has the gap" % k, "'a.test serial_gap'=1;" in out,
          out)
    rc, out, err = sync_check(ctl, s, "-w", "0", "-c", "0", "-j")
    check("%s: behind, crit 0 -> exit 2" % k, rc == 2, "%d %r" % (rc, out))
    doc = check_json(k, out, "CRITICAL", 1)
    if doc:
        a = [z for z in doc["zones"] if z["zone"] == "a.test"][0]
        check("%s: -j behind true, behind_for >= 0" % k,
              a["behind"] is True and isinstance(a["behind_for"], int) and
              a["behind_for"] >= 0 and a["primary_serial"] == 2, repr(a))
    rc, out, err = sync_check(ctl, s, "b.test")
    check("%s: only b.test named -> exit 0" % k, rc == 0 and
          out.startswith("SYNC OK - 1 zone in sync"), "%d %r" % (rc, out))

    # the primary goes away
    s.primary.stop()
    s.primary = None
    rc, out, err = sync_check(ctl, s, "-t", "1", "--tries", "1")
    check("%s: primary down -> exit 2" % k, rc == 2, "%d %r" % (rc, out))
    check("%s: primary down -> 'unreachable'" % k,
          out.startswith("SYNC CRITICAL") and "unreachable" in out, out)

    # rndc to nobody
    port = free_port()
    rc, out, err = run(ctl, ["-p", str(port), "sync-check", "-C", s.conf],
                       s.rndcconf)
    check("%s: server unreachable -> exit 3" % k, rc == 3,
          "%d %r %r" % (rc, out, err))
    check("%s: server unreachable -> UNKNOWN line" % k,
          out.startswith("SYNC UNKNOWN"), out)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    ctl, named = sys.argv[1], sys.argv[2]
    dittod = sys.argv[3] if len(sys.argv) > 3 else None
    root = tempfile.mkdtemp(prefix="synccheck-")
    try:
        bad = os.path.join(root, "bad.conf")
        write(bad, "options { no-such-option yes; };\n")
        rndc = os.path.join(root, "rndc.conf")
        write(rndc, RNDC.format(rndc=RNDC_SECRET, cport=free_port()))
        rc, out, err = run(ctl, ["sync-check", "-C", bad], rndc)
        check("config that does not load -> exit 3", rc == 3 and
              out.startswith("SYNC UNKNOWN - cannot load"), "%d %r" % (rc, out))
        rc, out, err = run(ctl, ["sync-check", "--warn-behind", "x"], rndc)
        check("bad threshold -> exit 3", rc == 3, "%d %r" % (rc, err))
        kinds = [("named", named)]
        if dittod:
            kinds.insert(0, ("dittod", dittod))
        for kind, binary in kinds:
            s = Setup(root, kind, binary, named)
            try:
                if s.start():
                    scenario(ctl, s)
            finally:
                s.stop()
    finally:
        if FAILED:
            print("logs kept in", root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("%d failed" % len(FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())

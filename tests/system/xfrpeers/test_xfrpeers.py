#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod as the secondary of NSD and Knot DNS primaries
(TSIG hmac-sha256 on transfers, SOA queries and NOTIFY), on loopback with
random ports.

Usage: test_xfrpeers.py <dittod> [nsd|knot ...]  (exit 0 when all pass)

Per primary:
  initial   dittod AXFRs the zone; every name/type of the primary's AXFR
            is asked of dittod and must be equal
  notify    the zone changes (NSD: new zone file + nsd-control reload;
            Knot: new zone file + knotc zone-reload with zonefile-load
            difference, so Knot serves an IXFR); the primary's NOTIFY makes
            dittod refresh (SOA refresh is 300 s: only the NOTIFY can)
  outage    the primary is stopped (by PID); a NOTIFY makes dittod fail
            and retry; the zone changes; the primary comes back; dittod
            converges on its retry timer
Reuses the helpers of tests/system/xfrin/test_xfrin.py. Every process is
stopped by its PID in `finally`.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "xfrin"))
import test_xfrin as X  # noqa: E402

import dns.exception  # noqa: E402
import dns.rcode  # noqa: E402

KEY, SECRET = X.KEYNAME, X.SECRET

ZONE_TEXT = """$ORIGIN {zone}.
$TTL 300
@	SOA	ns1 hostmaster {serial} 300 2 3600 60
	NS	ns1
ns1	A	192.0.2.1
www	A	192.0.2.{serial}
mail	MX	10 ns1
txt	TXT	"serial {serial}" "by {who}"
{extra}
"""

DITTO_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	min-refresh-time 1;
	min-retry-time 1;
	max-transfer-time-in 1;
	max-transfer-idle-in 1;
}};
key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
{zones}
"""

DITTO_ZONE = """zone "{zone}" {{
	type secondary;
	primaries {{ 127.0.0.1 port {pport} key "{key}"; }};
	file "sec-{zone}.db";
}};
"""

NSD_CONF = """server:
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
zone:
	name: "{zone}"
	zonefile: "{zone}.zone"
	notify: 127.0.0.1@{dport} {key}
	provide-xfr: 127.0.0.1 {key}
"""

KNOT_CONF = """server:
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
  - id: ditto
    address: 127.0.0.1@{dport}
    key: {key}
acl:
  - id: xfr
    address: 127.0.0.1
    key: {key}
    action: transfer
zone:
  - domain: {zone}
    storage: "{dir}"
    file: "{zone}.zone"
    notify: ditto
    acl: xfr
    zonefile-load: difference
    journal-content: changes
    zonefile-sync: -1
    semantic-checks: off
"""


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


class Peer:
    """One primary implementation."""

    def __init__(self, kind, top, dport):
        self.kind = kind
        self.zone = "%s.peer.test" % kind
        self.dir = os.path.join(top, kind)
        os.mkdir(self.dir)
        self.port = X.free_port()
        self.dport = dport
        self.proc = None
        self.serial = 1
        sub = dict(dir=self.dir, port=self.port, dport=dport, key=KEY,
                   secret=SECRET, zone=self.zone)
        self.conf = os.path.join(self.dir, kind + ".conf")
        write(self.conf, (NSD_CONF if kind == "nsd" else KNOT_CONF)
              .format(**sub))
        self.set_zone(1)

    def set_zone(self, serial, extra=""):
        self.serial = serial
        write(os.path.join(self.dir, self.zone + ".zone"), ZONE_TEXT.format(
            zone=self.zone, serial=serial, who=self.kind, extra=extra))

    def start(self):
        if self.kind == "nsd":
            argv = ["nsd", "-d", "-c", self.conf]
        else:
            argv = ["knotd", "-c", self.conf]
        self.proc = X.Proc(argv, os.path.join(self.dir, self.kind + ".log"))
        X.wait_for(self.kind + " up", lambda: self.serial_at_primary()
                   == self.serial, 20)

    def stop(self):
        if self.proc is not None:
            self.proc.stop()
            self.proc = None

    def serial_at_primary(self):
        r = X.query(self.port, self.zone, "SOA", keyring=X.KEYRING,
                    timeout=0.5)
        if r.rcode() != dns.rcode.NOERROR or not r.answer:
            return None
        return r.answer[0][0].serial

    def reload(self):
        if self.kind == "nsd":
            argv = ["nsd-control", "-c", self.conf, "reload", self.zone]
        else:
            argv = ["knotc", "-c", self.conf, "zone-reload", self.zone]
        p = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        assert p.returncode == 0, (argv, p.stdout, p.stderr)
        X.wait_for(self.kind + " reloaded", lambda: self.serial_at_primary()
                   == self.serial, 10)


def dserial(dport, zone):
    r = X.query(dport, zone, "SOA", timeout=0.5)
    if r.rcode() != dns.rcode.NOERROR or not r.answer:
        return None
    return r.answer[0][0].serial


def same(p, dport):
    want = X.axfr_rrsets(p.port, p.zone, X.KEYRING)
    got = X.dittod_rrsets(dport, want)
    assert got == want, "content differs:\n%r\n%r" % (want, got)
    return len(want)


def zlines(log, zone, mark):
    return [ln for ln in log[mark:].splitlines() if zone in ln]


def step_initial(p, d):
    X.wait_for("initial AXFR", lambda: dserial(d.dport, p.zone) == 1, 20)
    n = same(p, d.dport)
    lines = zlines(d.text(), p.zone, 0)
    assert [ln for ln in lines if "requesting AXFR" in ln], lines
    assert [ln for ln in lines if "transferred serial 1: TSIG '%s'" % KEY
            in ln], lines
    return "%d rrsets equal" % n


def step_notify(p, d):
    mark = len(d.text())
    p.set_zone(2, "new\tAAAA\t2001:db8::2\nnew\tA\t192.0.2.200")
    t0 = time.monotonic()
    p.reload()
    X.wait_for("refresh after NOTIFY", lambda: dserial(d.dport, p.zone)
               == 2, 15)
    took = time.monotonic() - t0
    n = same(p, d.dport)
    lines = zlines(d.text(), p.zone, mark)
    assert [ln for ln in lines if "received notify for zone '%s': TSIG '%s'"
            % (p.zone, KEY) in ln], lines
    assert [ln for ln in lines if "requesting IXFR from serial 1" in ln]
    done = [ln for ln in lines if "transferred serial 2" in ln]
    assert done, lines
    if p.kind == "knot":
        assert "(incremental" in done[0], done
    return "%.2fs, %d rrsets equal; %s" % (took, n,
                                           done[0].split("serial 2: ")[-1])


def step_outage(p, d):
    mark = len(d.text())
    p.stop()
    X.send_notify(d.dport, p.zone, keyring=X.KEYRING, serial=3)
    X.wait_for("a failed refresh", lambda: [
        ln for ln in zlines(d.text(), p.zone, mark)
        if "refresh failed" in ln], 15)
    p.set_zone(3, "new\tA\t192.0.2.201")
    assert dserial(d.dport, p.zone) == 2  # still serving
    t0 = time.monotonic()
    p.start()
    X.wait_for("convergence after the outage",
               lambda: dserial(d.dport, p.zone) == 3, 20)
    took = time.monotonic() - t0
    n = same(p, d.dport)
    return "serial 3 %.2fs after %s came back, %d rrsets equal" % (
        took, p.kind, n)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    dittod = os.path.abspath(sys.argv[1])
    kinds = sys.argv[2:] or ["nsd", "knot"]
    top = tempfile.mkdtemp(prefix="xfrpeers-test-")
    dport = X.free_port()
    peers = [Peer(k, top, dport) for k in kinds]
    zones = "".join(DITTO_ZONE.format(zone=p.zone, pport=p.port, key=KEY)
                    for p in peers)
    write(os.path.join(top, "named.conf"), DITTO_CONF.format(
        dir=top, port=dport, key=KEY, secret=SECRET, zones=zones))
    failed = False
    d = None
    t0 = time.monotonic()
    try:
        for p in peers:
            p.start()
        d = X.Proc([dittod, "-g", "-n", "2", "-c",
                    os.path.join(top, "named.conf")],
                   os.path.join(top, "dittod.log"))
        d.dport = dport
        for p in peers:
            for name, step in (("initial", step_initial),
                               ("notify", step_notify),
                               ("outage", step_outage)):
                try:
                    info = step(p, d)
                    print("PASS %s %s%s" % (p.kind, name, " (%s)" % info
                                            if info else ""), flush=True)
                except (AssertionError, OSError,
                        dns.exception.DNSException) as ex:
                    print("FAIL %s %s: %s" % (p.kind, name, str(ex)[:2000]),
                          flush=True)
                    failed = True
                    break
            if failed:
                break
        rc = d.stop()
        text = d.text()
        d = None
        if rc != 0 or "Sanitizer" in text or "runtime error" in text:
            print("FAIL stop: exit status %s or a sanitizer report" % rc)
            failed = True
        else:
            print("PASS stop")
    finally:
        if d is not None:
            d.stop()
        for p in peers:
            p.stop()
        if failed or os.environ.get("XFRPEERS_KEEP"):
            print("logs kept in %s" % top)
        else:
            shutil.rmtree(top, ignore_errors=True)
    print("total %.1fs" % (time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

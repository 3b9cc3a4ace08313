#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of dittod's transfer, NOTIFY and sync-health counters: a
real named is the primary of a secondary zone of dittod; the counters are
read from dittod's statistics channel (/metrics) and `rndc stats`.

Usage: test_health.py <dittod> <named>   (exit status 0 when all pass)

  bootstrap   dittod starts without data: one AXFR; bytes, records and
              one duration sample; NOTIFY out to a listener (127.0.0.3)
  ixfr        named reloads serial 2 and notifies: a NOTIFY in, an SOA
              query, one IXFR; the primary's serial is 2, it is up, the
              zone state is ok and not behind
  uptodate    `rndc refresh` (the real rndc against dittod): an SOA query
              that finds the zone current
  xfrout      an AXFR from 127.0.0.2 is REFUSED (allow-transfer), one from
              127.0.0.1 completes: refused 1, AXFR out 1; named.stats
              (rndc stats) has the server's XfrRej and XfrReqDone lines
  refused     named goes to serial 3 but refuses transfers: the failure
              is counted as "refused", the primary is down with serial 3,
              the zone is retrying and behind (serial gap 1)
  down        named stopped, `rndc refresh`: a "network" (or "timeout")
              failure, the primary down, the zone retrying
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
import threading
import time
import urllib.request

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.zone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import Proc, free_port, wait_for  # noqa: E402

# every address the test binds or sends from: ports are free on all
ADDRS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")

SECRET = "Fe/IWQlmgcQzySVKHpYpWfyL1A5KU1T6/3rcKuW8BTk="
ZONE = "h.test"


class Listener(threading.Thread):
    """A downstream server: records NOTIFY ids and serials, answers."""

    def __init__(self, addr, port):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))
        self.sock.settimeout(0.2)
        self.got = []
        self.lock = threading.Lock()
        self.running = True
        self.start()

    def run(self):
        while self.running:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                m = dns.message.from_wire(data)
            except Exception:  # noqa: BLE001 - not a NOTIFY
                continue
            serial = None
            for rrset in m.answer:
                if rrset.rdtype == dns.rdatatype.SOA:
                    serial = rrset[0].serial
            with self.lock:
                self.got.append((m.id, serial))
            self.sock.sendto(dns.message.make_response(m).to_wire(), peer)

    def serials(self):
        with self.lock:
            return [s for _, s in self.got]

    def sets(self):
        with self.lock:
            return len({i for i, _ in self.got})

    def close(self):
        self.running = False
        self.sock.close()


ZONE_TEXT = """$TTL 300
@	SOA	ns1 hostmaster {serial} 3600 {retry} 86400 60
	NS	ns1
ns1	A	127.0.0.1
{extra}
"""

NAMED_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {nport} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify explicit;
	also-notify {{ 127.0.0.1 port {port}; }};
	notify-delay 0;
	dnssec-validation no;
	ixfr-from-differences yes;
	allow-transfer {{ {allow} }};
	session-keyfile "{dir}/session.key";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {ncport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
zone "{zone}" {{ type primary; file "{zone}.db"; }};
"""

DITTO_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	port {port};
	listen-on {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	notify-rate 100;
	statistics-file "{dir}/named.stats";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
statistics-channels {{
	inet 127.0.0.1 port {sport} allow {{ 127.0.0.1; }};
}};
zone "{zone}" {{
	type secondary;
	primaries {{ 127.0.0.1 port {nport}; }};
	file "{zone}.db";
	allow-transfer {{ 127.0.0.1; }};
	notify explicit;
	notify-delay 0;
	also-notify {{ 127.0.0.3 port {lport}; }};
}};
"""

RNDC_CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """[(name, {labels}, value)] of a Prometheus text exposition."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError("bad metrics line %r" % line)
        labels = dict(LABEL.findall(m.group(3) or ""))
        out.append((m.group(1), labels, float(m.group(4))))
    return out


class Test:
    def __init__(self, dittod, named):
        self.dittod_bin, self.named_bin = dittod, named
        self.dir = tempfile.mkdtemp(prefix="ditto-health-")
        self.ndir = os.path.join(self.dir, "n")
        os.mkdir(self.ndir)
        self.port, self.cport, self.sport = (free_port(*ADDRS), free_port(*ADDRS),
                                             free_port(*ADDRS))
        self.nport, self.ncport, self.lport = (free_port(*ADDRS), free_port(*ADDRS),
                                               free_port(*ADDRS))
        self.named = None
        self.dittod = None
        self.listener = None

    # ---- helpers ----

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def named_zone(self, serial, nrecs, allow="any;"):
        extra = "\n".join("h%d\tA\t192.0.2.%d" % (i, i % 250 + 1)
                          for i in range(nrecs))
        self.write(os.path.join(self.ndir, ZONE + ".db"),
                   ZONE_TEXT.format(serial=serial, retry=3600, extra=extra))
        self.write(os.path.join(self.ndir, "named.conf"), NAMED_CONF.format(
            dir=self.ndir, nport=self.nport, port=self.port, allow=allow,
            secret=SECRET, ncport=self.ncport, zone=ZONE))

    def rndc(self, conf, *args):
        return subprocess.run(["rndc", "-c", conf] + list(args),
                              capture_output=True, text=True, timeout=30)

    def drndc(self, *args):
        return self.rndc(os.path.join(self.dir, "rndc.conf"), *args)

    def nrndc(self, *args):
        return self.rndc(os.path.join(self.ndir, "rndc.conf"), *args)

    def metrics(self):
        url = "http://127.0.0.1:%d/metrics" % self.sport
        with urllib.request.urlopen(url, timeout=10) as r:
            return parse_metrics(r.read().decode())

    def m(self, name, **want):
        """The value of the zone's sample \\a name with labels \\a want
        (None when absent)."""
        for n, labels, v in self.metrics():
            if n != name or labels.get("zone", ZONE) not in (ZONE,
                                                            ZONE + "."):
                continue
            if all(labels.get(k) == str(x) for k, x in want.items()):
                return v
        return None

    def mz(self, name, **want):
        v = self.m(name, **want)
        return 0 if v is None else v

    def serial(self):
        q = dns.message.make_query(ZONE, dns.rdatatype.SOA)
        r = dns.query.udp(q, "127.0.0.1", port=self.port, timeout=2)
        for rrset in r.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                return rrset[0].serial
        return None

    def primary(self):
        return "127.0.0.1#%d" % self.nport

    # ---- setup ----

    def start(self):
        self.named_zone(1, 20)
        self.write(os.path.join(self.ndir, "rndc.conf"),
                   RNDC_CONF.format(secret=SECRET, cport=self.ncport))
        self.named = Proc([self.named_bin, "-g", "-c",
                           os.path.join(self.ndir, "named.conf")],
                          os.path.join(self.ndir, "named.log"))
        wait_for("named", lambda: "running" in self.named.text(), 20)
        self.listener = Listener("127.0.0.3", self.lport)
        self.write(os.path.join(self.dir, "named.conf"), DITTO_CONF.format(
            dir=self.dir, port=self.port, secret=SECRET, cport=self.cport,
            sport=self.sport, nport=self.nport, lport=self.lport,
            zone=ZONE))
        self.write(os.path.join(self.dir, "rndc.conf"),
                   RNDC_CONF.format(secret=SECRET, cport=self.cport))
        self.dittod = Proc([self.dittod_bin, "-g", "-d", "1", "-n", "1",
                            "-c", os.path.join(self.dir, "named.conf")],
                           os.path.join(self.dir, "dittod.log"))
        wait_for("dittod running", lambda: "running" in self.dittod.text(),
                 20)

    # ---- the steps ----

    def test_bootstrap(self):
        wait_for("serial 1", lambda: self.serial() == 1, 30)
        wait_for("metrics", lambda: self.m("ditto_xfr_in_total",
                                           kind="axfr") == 1, 10)
        assert self.mz("ditto_xfr_in_total", kind="ixfr") == 0
        assert self.mz("ditto_xfr_in_total", kind="ixfr_fallback") == 0
        # 23 records + the closing SOA
        assert self.m("ditto_xfr_in_records_total") == 24, \
            self.m("ditto_xfr_in_records_total")
        assert self.m("ditto_xfr_in_bytes_total") > 300
        assert self.m("ditto_xfr_in_duration_seconds_count") == 1
        wait_for("NOTIFY out of serial 1",
                 lambda: 1 in self.listener.serials(), 10)
        wait_for("notify out counted",
                 lambda: self.m("ditto_notify_out_total") == 1, 5)
        print("ok bootstrap")

    def test_ixfr(self):
        nin = self.mz("ditto_notify_in_total")
        soa = self.mz("ditto_soa_queries_total")
        self.named_zone(2, 21)
        r = self.nrndc("reload", ZONE)
        assert r.returncode == 0, r
        wait_for("serial 2", lambda: self.serial() == 2, 30)
        wait_for("ixfr counted", lambda: self.m("ditto_xfr_in_total",
                                                kind="ixfr") == 1, 10)
        assert self.m("ditto_xfr_in_total", kind="axfr") == 1
        assert self.mz("ditto_notify_in_total") >= nin + 1
        assert self.mz("ditto_soa_queries_total") >= soa + 1
        assert self.m("ditto_xfr_in_duration_seconds_count") == 2
        assert self.m("ditto_zone_primary_serial",
                      primary=self.primary()) == 2
        assert self.m("ditto_zone_primary_up", primary=self.primary()) == 1
        assert self.m("ditto_zone_state", state="ok") == 1
        assert self.m("ditto_zone_state", state="retrying") == 0
        assert self.m("ditto_zone_behind_seconds") == 0
        wait_for("NOTIFY out of serial 2",
                 lambda: 2 in self.listener.serials(), 10)
        wait_for("notify out counted", lambda: self.m(
            "ditto_notify_out_total") == self.listener.sets(), 5)
        print("ok ixfr")

    def test_uptodate(self):
        up = self.mz("ditto_xfr_in_total", kind="uptodate")
        soa = self.mz("ditto_soa_queries_total")
        r = self.drndc("refresh", ZONE)
        assert r.returncode == 0, r
        wait_for("up to date counted", lambda: self.mz(
            "ditto_xfr_in_total", kind="uptodate") == up + 1, 20)
        assert self.mz("ditto_soa_queries_total") >= soa + 1
        assert self.m("ditto_xfr_in_total", kind="axfr") == 1
        assert self.m("ditto_xfr_in_total", kind="ixfr") == 1
        assert self.mz("ditto_xfr_in_failures_total", reason="timeout") == 0
        print("ok uptodate")

    def test_xfrout(self):
        q = dns.message.make_query(ZONE, dns.rdatatype.AXFR)
        r = dns.query.tcp(q, "127.0.0.1", port=self.port, timeout=10,
                          source="127.0.0.2")
        assert r.rcode() == dns.rcode.REFUSED, r
        z = dns.zone.from_xfr(dns.query.xfr("127.0.0.1", ZONE,
                                            port=self.port, timeout=10))
        assert z is not None
        wait_for("transfer out counted", lambda: self.m(
            "ditto_xfr_out_total", kind="axfr") == 1, 10)
        assert self.m("ditto_xfr_out_refused_total") == 1
        assert self.mz("ditto_xfr_out_total", kind="ixfr") == 0
        # the server's counters in named's dump format
        r = self.drndc("stats")
        assert r.returncode == 0, r
        path = os.path.join(self.dir, "named.stats")
        text = wait_for("named.stats", lambda: os.path.exists(path) and
                        open(path).read(), 10)
        for want in (r"^\s+1 transfer requests rejected$",
                     r"^\s+1 requested transfers completed$"):
            assert re.search(want, text, re.M), (want, text[-3000:])
        # the zone's own section (named's zonestats names)
        zs = text.split("++ Per Zone Maintenance Statistics ++")[-1]
        zs = zs.split("[%s]" % ZONE, 1)[-1].split("[", 1)[0]
        for want in (r"^\s+1 IPv4 AXFR requested$",
                     r"^\s+1 IPv4 IXFR requested$",
                     r"^\s+2 transfer requests succeeded$",
                     r"^\s+2 IPv4 notifies sent$",
                     r"^\s+[1-9][0-9]* IPv4 notifies received$",
                     r"^\s+[2-9] IPv4 SOA queries sent$"):
            assert re.search(want, zs, re.M), (want, zs)
        print("ok xfrout")

    def test_refused(self):
        fails = self.mz("ditto_xfr_in_failures_total", reason="refused")
        self.named_zone(3, 22, allow="none;")
        r = self.nrndc("reload")
        assert r.returncode == 0, r
        wait_for("refused counted", lambda: self.mz(
            "ditto_xfr_in_failures_total", reason="refused") >= fails + 1,
            30)
        assert self.serial() == 2
        wait_for("retrying", lambda: self.m("ditto_zone_state",
                                            state="retrying") == 1, 10)
        assert self.m("ditto_zone_primary_serial",
                      primary=self.primary()) == 3
        assert self.m("ditto_zone_primary_up", primary=self.primary()) == 0
        assert self.m("ditto_zone_serial_gap") == 1
        wait_for("behind", lambda: self.m("ditto_zone_behind_seconds") >= 1,
                 10)
        print("ok refused")

    def test_down(self):
        self.named.stop()
        net = (self.mz("ditto_xfr_in_failures_total", reason="network") +
               self.mz("ditto_xfr_in_failures_total", reason="timeout"))
        r = self.drndc("refresh", ZONE)
        assert r.returncode == 0, r
        wait_for("network failure counted", lambda: (
            self.mz("ditto_xfr_in_failures_total", reason="network") +
            self.mz("ditto_xfr_in_failures_total", reason="timeout")) >=
            net + 1, 40)
        wait_for("retrying", lambda: self.m("ditto_zone_state",
                                            state="retrying") == 1, 10)
        assert self.m("ditto_zone_primary_up", primary=self.primary()) == 0
        # still serving the old copy, and still behind
        assert self.serial() == 2
        assert self.m("ditto_zone_behind_seconds") >= 1
        r = self.drndc("zonestatus", ZONE)
        assert r.returncode == 0 and "serial: 2" in r.stdout, r
        print("ok down")

    def stop(self):
        for p in (self.dittod, self.named):
            if p is not None:
                p.stop()
        if self.listener is not None:
            self.listener.close()


def main():
    if len(sys.argv) < 3:
        print("usage: test_health.py <dittod> <named>")
        return 2
    t = Test(sys.argv[1], sys.argv[2])
    ok = False
    try:
        t.start()
        t.test_bootstrap()
        t.test_ixfr()
        t.test_uptodate()
        t.test_xfrout()
        t.test_refused()
        t.test_down()
        ok = True
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        import traceback
        traceback.print_exc()
        print("FAIL:", repr(e))
    finally:
        t.stop()
        if not ok:
            print("---- dittod log ----")
            try:
                print(t.dittod.text()[-8000:])
            except Exception:  # noqa: BLE001
                pass
    if ok:
        shutil.rmtree(t.dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

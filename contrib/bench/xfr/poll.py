#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""xfrbench pollers (UDP, 127.0.0.1, every loop bounded by a timeout).

  poll.py serial PORT SERIAL TIMEOUT SYNC ZONE...
      Touch SYNC.ready once imports are done, wait for SYNC (written by
      run.sh right before it starts the server: its start time, epoch
      seconds), then poll until every ZONE answers its SOA with AA and
      SERIAL. Zones listed in a file: "@FILE". With more than 50 zones a
      sample (every 100th) is polled every 10 ms first, then all pending
      zones are swept every 20 ms. Prints "<seconds from start> <zones>".
  poll.py ixfr PPORT SPORT ZONE SERIAL NAME ADDR TIMEOUT LOG -- CMD...
      Run CMD (the primary's `rndc reload ZONE`) and poll, every ms,
      the primary (PPORT) until it answers ZONE's SOA with SERIAL and the
      secondary (SPORT) until it answers NAME A with ADDR. Prints
      "<rndc ms> <primary serving ms> <secondary serving ms> <notify ms>",
      all from the moment CMD was started; <notify ms> is the time stamp
      (1 ms resolution, local time) of the primary's log line "zone
      ZONE/IN: sending notifies (serial SERIAL)" in LOG, or nan.
"""
import os
import select
import socket
import subprocess
import sys
import time

import dns.flags
import dns.message
import dns.rdatatype

now = time.time


def mkquery(name, rdtype, qid):
    q = dns.message.make_query(name, rdtype)
    q.id = qid
    q.flags &= ~dns.flags.RD
    return q.to_wire()


def parse(wire):
    try:
        return dns.message.from_wire(wire)
    except Exception:  # a malformed answer just does not count
        return None


def soa_serial(m):
    if m is None or not m.flags & dns.flags.AA or m.rcode() != 0:
        return None
    for rrset in m.answer:
        if rrset.rdtype == dns.rdatatype.SOA:
            return rrset[0].serial
    return None


def a_addrs(m):
    if m is None or not m.flags & dns.flags.AA or m.rcode() != 0:
        return set()
    return {rd.address for rrset in m.answer
            if rrset.rdtype == dns.rdatatype.A for rd in rrset}


def serial_mode(port, serial, timeout, sync, zones):
    if len(zones) == 1 and zones[0].startswith("@"):
        with open(zones[0][1:]) as f:
            zones = f.read().split()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.connect(("127.0.0.1", port))
    wires = [mkquery(z, "SOA", i) for i, z in enumerate(zones)]
    open(sync + ".ready", "w").close()
    end = now() + 60
    while not os.path.exists(sync):
        if now() > end:
            sys.exit("poll.py: no start signal")
        time.sleep(0.0005)
    time.sleep(0.001)
    with open(sync) as f:
        t0 = float(f.read())
    end = t0 + timeout
    pending = set(range(len(zones)))
    last = None
    sample = set(range(0, len(zones), 100)) if len(zones) > 50 else None
    while pending and now() < end:
        batch = sorted(sample & pending if sample else pending)
        if sample is not None and not batch:
            sample = None
            continue
        for i in batch:
            try:
                s.send(wires[i])
            except OSError:  # ECONNREFUSED before the server listens
                pass
        wait = 0.005 if len(batch) < 50 else 0.02
        stop = now() + wait
        while pending:
            left = stop - now()
            if left <= 0 or not select.select([s], [], [], left)[0]:
                break
            try:
                w = s.recv(65535)
            except OSError:
                continue
            t = now()
            m = parse(w)
            if m is not None and m.id in pending and soa_serial(m) == serial:
                pending.discard(m.id)
                last = t
    if pending:
        sys.exit("poll.py: %d of %d zones not at serial %d after %ss"
                 % (len(pending), len(zones), serial, timeout))
    print("%.3f %d" % (last - t0, len(zones)))


def notify_time(log, zone, serial):
    key = "zone %s/IN: sending notifies (serial %d)" % (zone, serial)
    try:
        with open(log, errors="replace") as f:
            hits = [line for line in f if key in line]
    except OSError:
        return None
    if not hits:
        return None
    stamp = " ".join(hits[-1].split()[:2])  # 21-Nov-2026 03:27:02.296
    day, frac = stamp.rsplit(".", 1)
    t = time.mktime(time.strptime(day, "%d-%b-%Y %H:%M:%S"))
    return t + int(frac) / 10 ** len(frac)


def ixfr_mode(pport, sport, zone, serial, name, addr, timeout, log, cmd):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    pq = mkquery(zone, "SOA", 1)
    sq = mkquery(name, "A", 2)
    t0 = now()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    trndc = tprim = tsec = None
    end = t0 + timeout
    while (tprim is None or tsec is None or trndc is None) and now() < end:
        if trndc is None and proc.poll() is not None:
            trndc = now()
            if proc.returncode != 0:
                sys.exit("poll.py: %s failed" % " ".join(cmd))
        if tprim is None:
            s.sendto(pq, ("127.0.0.1", pport))
        if tsec is None:
            s.sendto(sq, ("127.0.0.1", sport))
        stop = now() + 0.001
        while True:
            left = stop - now()
            if left <= 0 or not select.select([s], [], [], left)[0]:
                break
            w, src = s.recvfrom(65535)
            t = now()
            m = parse(w)
            if m is None:
                continue
            if src[1] == pport and m.id == 1 and tprim is None \
                    and soa_serial(m) == serial:
                tprim = t
            elif src[1] == sport and m.id == 2 and tsec is None \
                    and addr in a_addrs(m):
                tsec = t
    if tprim is None or tsec is None:
        sys.exit("poll.py: %s not served (primary %s, secondary %s) after %ss"
                 % (name, tprim is not None, tsec is not None, timeout))
    tn = None
    for _ in range(100):  # the log line may lag the NOTIFY a little
        tn = notify_time(log, zone, serial)
        if tn is not None:
            break
        time.sleep(0.01)
    print("%.1f %.1f %.1f %s" % ((trndc - t0) * 1e3, (tprim - t0) * 1e3,
                                 (tsec - t0) * 1e3,
                                 "nan" if tn is None else
                                 "%.1f" % ((tn - t0) * 1e3)))


def main(a):
    if len(a) >= 6 and a[0] == "serial":
        serial_mode(int(a[1]), int(a[2]), float(a[3]), a[4], a[5:])
    elif len(a) >= 11 and a[0] == "ixfr" and a[9] == "--":
        ixfr_mode(int(a[1]), int(a[2]), a[3], int(a[4]), a[5], a[6],
                  float(a[7]), a[8], a[10:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

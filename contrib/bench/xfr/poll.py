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
      zones are swept every 20 ms. Prints "<seconds from start> <zones>
      <ticks>": <ticks> is the CPU (utime+stime+cutime+cstime, clock
      ticks) of the server's processes read from /proc right when the
      last zone answered: the tree of the pid in SYNC.pid (written by
      run.sh after the start) and of the pids in the *.pid files of
      SYNC's directory; "nan" without SYNC.pid.
  poll.py ixfr MODE PPORT SPORT NPORT ZONE SERIAL NAME ADDR TIMEOUT PPID
          -- CMD...
      A change of ZONE at the primary (PPORT, process PPID), timed at the
      secondary (SPORT). The primary's own NOTIFYs go to NPORT, where this
      poller answers them (and never forwards them). Run CMD (the
      primary's `rndc reload ZONE`), poll the primary's SOA every ms until
      it has SERIAL, then, by MODE:
        idle: stop polling; check the secondary still answers NAME A
              without ADDR; wait (at most 60 s) until the primary's CPU
              time has not moved for 200 ms; send a NOTIFY (with the
              primary's SOA) to the secondary.
        busy: forward at once the primary's NOTIFY for SERIAL, on arrival
              (the primary is still busy after the reload).
      Meanwhile poll the secondary (NAME A) every 0.5 ms until it answers
      with ADDR. Resend the NOTIFY every second without an answer (at
      most 5 times). Prints "key=value" pairs, times in ms from the start
      of CMD ("nan" if none): rndc (CMD returned), primary (primary
      answered SERIAL), pnotify (the primary's NOTIFY arrived), idle
      (idle primary seen), notify (our NOTIFY sent), ack (the secondary
      answered it), secondary (the secondary answered ADDR), resends.
"""
import glob
import os
import select
import socket
import subprocess
import sys
import time

import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdatatype

now = time.time
NAN = float("nan")
POLL_S = 0.0005      # secondary poll interval
PRIMARY_POLL_S = 0.001
IDLE_QUIET_S = 0.2   # the primary's CPU time must not move this long
IDLE_STEP_S = 0.02
IDLE_LIMIT_S = 60.0
NOTIFY_RETRY_S = 1.0
NOTIFY_RETRIES = 5
QID_SOA, QID_A, QID_NOTIFY, QID_CHECK = 1, 2, 3, 4


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


def soa_rrset(m):
    if m is None or not m.flags & dns.flags.AA or m.rcode() != 0:
        return None
    for rrset in m.answer:
        if rrset.rdtype == dns.rdatatype.SOA:
            return rrset
    return None


def soa_serial(m):
    rrset = soa_rrset(m)
    return None if rrset is None else rrset[0].serial


def skip_name(w, off):
    """Offset after the (possibly compressed) name at off; IndexError on a
    name that runs past the message."""
    for _ in range(128):
        n = w[off]
        if n == 0:
            return off + 1
        if n >= 0xc0:
            return off + 2
        off += 1 + n
    raise IndexError("name too long")


def fast_soa(w):
    """(id, serial) of an authoritative NOERROR answer whose first answer
    record is an SOA, else None. Reads the wire directly: dnspython's
    parser costs ~50 us an answer, which made the 2,000-zone sweep the
    bottleneck of the small-zones test rather than the server."""
    try:
        if len(w) < 12 or not w[2] & 0x04 or w[3] & 0x0f or w[7] == 0 \
                and w[6] == 0:
            return None
        off = skip_name(w, 12) + 4
        off = skip_name(w, off)
        if w[off] != 0 or w[off + 1] != 6:
            return None
        off = skip_name(w, skip_name(w, off + 10))
        if off + 4 > len(w):
            return None
        return (w[0] << 8 | w[1], int.from_bytes(w[off:off + 4], "big"))
    except IndexError:
        return None


def a_addrs(m):
    if m is None or not m.flags & dns.flags.AA or m.rcode() != 0:
        return set()
    return {rd.address for rrset in m.answer
            if rrset.rdtype == dns.rdatatype.A for rd in rrset}


# --- CPU time of a process tree, from /proc ---------------------------------

def stat_fields(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None


def pid_tree(roots):
    """The pids of roots and all their descendants (one /proc scan)."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            f = stat_fields(int(d))
            if f is not None:
                children.setdefault(int(f[1]), []).append(int(d))
    seen = set()
    todo = [p for p in roots if os.path.isdir("/proc/%d" % p)]
    while todo:  # bounded: every pid is visited once
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(children.get(p, []))
    return seen


def ticks(pids):
    total = 0
    for p in pids:
        f = stat_fields(p)
        if f is not None:  # fields 14-17 of stat: utime stime cutime cstime
            total += sum(int(x) for x in f[11:15])
    return total


def server_ticks(sync):
    try:
        with open(sync + ".pid") as f:
            roots = [int(f.read().split()[0])]
    except (OSError, ValueError, IndexError):
        return None
    for pf in glob.glob(os.path.join(os.path.dirname(sync), "*.pid")):
        if pf == sync + ".pid":
            continue
        try:
            with open(pf) as f:
                roots.append(int(f.read().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    return ticks(pid_tree(roots))


# --- serial mode -------------------------------------------------------------

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
            r = fast_soa(w)
            if r is not None and r[0] in pending and r[1] == serial:
                pending.discard(r[0])
                last = t
    cpu = server_ticks(sync) if not pending else None
    if pending:
        sys.exit("poll.py: %d of %d zones not at serial %d after %ss"
                 % (len(pending), len(zones), serial, timeout))
    print("%.3f %d %s" % (last - t0, len(zones),
                          "nan" if cpu is None else cpu))


# --- ixfr mode ---------------------------------------------------------------

def mknotify(zone, soa, qid):
    n = dns.message.make_query(zone, "SOA")
    n.id = qid
    n.flags = dns.flags.AA
    n.set_opcode(dns.opcode.NOTIFY)
    if soa is not None:
        n.answer.append(soa)
    return n.to_wire()


class Ixfr:
    """State of one timed change; every wait is bounded by self.end."""

    def __init__(self, a):
        self.mode, self.pport, self.sport, nport = a[0], int(a[1]), \
            int(a[2]), int(a[3])
        self.zone, self.serial, self.name, self.addr = a[4], int(a[5]), \
            a[6], a[7]
        self.timeout, self.ppid, self.cmd = float(a[8]), int(a[9]), a[11:]
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.ns.bind(("127.0.0.1", nport))
        self.pq = mkquery(self.zone, "SOA", QID_SOA)
        self.sq = mkquery(self.name, "A", QID_A)
        self.soa = None
        self.t = dict.fromkeys(("rndc", "primary", "pnotify", "idle",
                                "notify", "ack", "secondary"))
        self.resends = 0
        self.check = None  # the secondary's answer before our NOTIFY
        self.t0 = self.end = None

    def send_notify(self):
        if self.soa is None:
            sys.exit("poll.py: no SOA of %s to notify with" % self.zone)
        self.s.sendto(mknotify(self.zone, self.soa, QID_NOTIFY),
                      ("127.0.0.1", self.sport))

    def primary_notify(self, w, src):
        m = parse(w)
        if m is None or m.opcode() != dns.opcode.NOTIFY:
            return
        r = dns.message.make_response(m)
        r.flags |= dns.flags.AA
        self.ns.sendto(r.to_wire(), src)
        if soa_serial(m) == self.serial or (
                soa_rrset(m) is None and
                m.question and m.question[0].name.to_text(True) == self.zone):
            if self.t["pnotify"] is None:
                self.t["pnotify"] = now()
                if soa_rrset(m) is not None:
                    self.soa = soa_rrset(m)
                if self.mode == "busy":
                    self.t["notify"] = now()
                    self.send_notify()

    def answer(self, w, src, t):
        m = parse(w)
        if m is None:
            return
        if src[1] == self.pport and m.id == QID_SOA and \
                self.t["primary"] is None and soa_serial(m) == self.serial:
            self.t["primary"] = t
            self.soa = soa_rrset(m)
        elif src[1] == self.sport and m.id == QID_NOTIFY and \
                m.opcode() == dns.opcode.NOTIFY and self.t["ack"] is None:
            if m.rcode() != dns.rcode.NOERROR:
                sys.exit("poll.py: the secondary answered our NOTIFY with %s"
                         % dns.rcode.to_text(m.rcode()))
            self.t["ack"] = t
        elif src[1] == self.sport and m.id == QID_A and \
                self.t["secondary"] is None and self.addr in a_addrs(m):
            self.t["secondary"] = t
        elif src[1] == self.sport and m.id == QID_CHECK:
            self.check = m

    def pump(self, wait):
        """Handle every packet that arrives within wait seconds."""
        stop = now() + wait
        while True:
            left = stop - now()
            r = select.select([self.s, self.ns], [], [], max(left, 0))[0]
            if not r:
                if left <= 0:
                    return
                continue
            for sock in r:
                try:
                    w, src = sock.recvfrom(65535)
                except OSError:
                    continue
                t = now()
                if sock is self.ns:
                    self.primary_notify(w, src)
                else:
                    self.answer(w, src, t)
            if left <= 0:
                return

    def rndc_done(self):
        if self.t["rndc"] is None and self.proc.poll() is not None:
            self.t["rndc"] = now()
            if self.proc.returncode != 0:
                sys.exit("poll.py: %s failed" % " ".join(self.cmd))

    def wait_primary(self, poll_secondary):
        """Until the primary serves SERIAL (and the secondary ADDR)."""
        nextp = nexts = now()
        while now() < self.end:
            self.rndc_done()
            done = self.t["primary"] is not None and \
                self.t["rndc"] is not None
            if poll_secondary:
                done = done and self.t["secondary"] is not None
            if done:
                return
            t = now()
            if self.t["primary"] is None and t >= nextp:
                self.s.sendto(self.pq, ("127.0.0.1", self.pport))
                nextp = t + PRIMARY_POLL_S
            if poll_secondary and self.t["secondary"] is None and t >= nexts:
                self.s.sendto(self.sq, ("127.0.0.1", self.sport))
                nexts = t + POLL_S
            self.pump(min(POLL_S, PRIMARY_POLL_S))
        sys.exit("poll.py: %s not served (primary %s, secondary %s) after %ss"
                 % (self.name, self.t["primary"] is not None,
                    self.t["secondary"] is not None, self.timeout))

    def check_secondary(self):
        """The secondary must not have the change before our NOTIFY."""
        q = mkquery(self.name, "A", QID_CHECK)
        for _ in range(10):
            self.s.sendto(q, ("127.0.0.1", self.sport))
            self.pump(0.1)
            if self.check is not None:
                break
        if self.check is None:
            sys.exit("poll.py: the secondary does not answer %s" % self.name)
        if self.addr in a_addrs(self.check):
            sys.exit("poll.py: the secondary has %s %s before any NOTIFY"
                     % (self.name, self.addr))

    def wait_idle(self):
        last, since = None, now()
        limit = now() + IDLE_LIMIT_S
        while now() < limit:
            v = ticks([self.ppid])
            t = now()
            if v != last:
                last, since = v, t
            elif t - since >= IDLE_QUIET_S:
                self.t["idle"] = t
                return
            self.pump(IDLE_STEP_S)  # answers the primary's NOTIFY
        sys.exit("poll.py: the primary was not idle within %ss"
                 % IDLE_LIMIT_S)

    def wait_secondary(self):
        nexts, nextn = now(), None
        while self.t["secondary"] is None and now() < self.end:
            t = now()
            if t >= nexts:
                self.s.sendto(self.sq, ("127.0.0.1", self.sport))
                nexts = t + POLL_S
            if self.t["notify"] is not None and self.t["ack"] is None:
                if nextn is None:
                    nextn = self.t["notify"] + NOTIFY_RETRY_S
                elif t >= nextn and self.resends < NOTIFY_RETRIES:
                    self.resends += 1
                    self.send_notify()
                    nextn = t + NOTIFY_RETRY_S
            self.pump(max(0.0, nexts - now()))
        if self.t["secondary"] is None:
            sys.exit("poll.py: the secondary does not answer %s %s after %ss"
                     % (self.name, self.addr, self.timeout))

    def run(self):
        self.t0 = now()
        self.end = self.t0 + self.timeout
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL)
        if self.mode == "idle":
            self.wait_primary(False)
            self.check_secondary()
            self.wait_idle()
            self.t["notify"] = now()
            self.send_notify()
        else:
            self.wait_primary(True)
            if self.t["pnotify"] is None:
                sys.exit("poll.py: the secondary served %s without the "
                         "primary's NOTIFY" % self.name)
        self.wait_secondary()
        self.pump(0.05)  # a late NOTIFY answer
        out = ["%s=%s" % (k, "nan" if v is None else
                          "%.2f" % ((v - self.t0) * 1e3))
               for k, v in self.t.items()]
        print(" ".join(out + ["resends=%d" % self.resends]))


def main(a):
    if len(a) >= 6 and a[0] == "serial":
        serial_mode(int(a[1]), int(a[2]), float(a[3]), a[4], a[5:])
    elif len(a) >= 13 and a[0] == "ixfr" and a[1] in ("idle", "busy") \
            and a[11] == "--":
        Ixfr(a[1:]).run()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

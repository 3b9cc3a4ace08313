#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Generate the checkzone verdict corpus and record named-checkzone's verdicts.

Every zone here is written by this script (never taken from BIND's tests):
hand-written cases per RR type, per syntax feature and per check violation,
signed zones made with dnssec-keygen/dnssec-signzone (NSEC and NSEC3; keys
live in a temporary directory and are thrown away), and seeded random zones.

For each case NAME it writes into cases/:
  NAME.zone      the master file
  NAME.args      "<origin> [extra named-checkzone options]"
  NAME.expected  named-checkzone -i local [opts] origin NAME.zone:
                 its output lines, then "exit=N"
  NAME.dump      for zones that load: the stdout of ... -D -o - ...

Usage: gen.py [--no-oracle]   (deterministic: random cases use a fixed seed)
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
HEAD = ["$TTL 3600",
        "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300",
        "@ IN NS ns1", "@ IN NS ns2", "ns1 IN A 192.0.2.1",
        "ns2 IN AAAA 2001:db8::2"]

cases = {}


def add(name, lines, origin="example.com", args="", head=True):
    body = (HEAD if head else []) + list(lines)
    cases[name] = ("\n".join(body) + "\n", origin, args)


def types_valid():
    t = {
        "a": ["www A 192.0.2.10", "www A 192.0.2.11", "www 60 IN A 10.0.0.1"],
        "aaaa": ["v6 AAAA 2001:db8::1", "v6 AAAA ::ffff:192.0.2.1",
                 "v6b AAAA 2001:DB8:0:0:0:0:0:1"],
        "mx": ["@ MX 10 mail", "@ MX 20 mail2.example.net.",
               "mail A 192.0.2.20", "nullmx MX 0 ."],
        "txt": ['t TXT "hello world"', 't TXT "a" "b" "c"',
                r't2 TXT "quote \" inside" semi\;colon', "t3 TXT unquoted",
                r't4 TXT "\065\066\067"', 't5 TXT ""'],
        "cname": ["alias CNAME www", "www A 192.0.2.10",
                  "ext CNAME www.example.net."],
        "ptr": ["p PTR www.example.net."],
        "hinfo": ['h HINFO "PC" "Linux"', "h2 HINFO x86 unix"],
        "srv": ["_sip._tcp SRV 10 60 5060 sip", "sip A 192.0.2.30",
                "_ldap._tcp SRV 0 0 389 ldap.example.net.",
                "_none._tcp SRV 0 0 0 ."],
        "naptr": ['n NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .',
                  'n NAPTR 102 10 "S" "SIP+D2U" "" _sip._udp'],
        "caa": ['@ CAA 0 issue "letsencrypt.org"',
                '@ CAA 128 tbs "Unknown"', '@ CAA 0 iodef "mailto:a@b.c"'],
        "sshfp": ["s SSHFP 1 1 0123456789abcdef0123456789abcdef01234567",
                  "s SSHFP 4 2 " + "ab" * 32],
        "tlsa": ["_443._tcp TLSA 3 1 1 " + "cd" * 32,
                 "_25._tcp TLSA 2 0 1 " + "0E" * 32],
        "ds": ["sub NS ns.sub", "ns.sub A 192.0.2.50",
               "sub DS 12345 13 2 " + "AA" * 32,
               "sub DS 12345 8 1 " + "bb" * 20],
        "loc": ["l LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
                "l2 LOC 1 N 1 E 0m"],
        "rp": ["@ RP hostmaster.example.com. t.example.com.", "t TXT x"],
        "afsdb": ["a AFSDB 1 ns1"],
        "dname": ["d DNAME example.net."],
        "uri": ['_http._tcp URI 10 1 "http://www.example.com/"'],
        "svcb": ["_dns SVCB 1 ns1 alpn=dot port=853",
                 "h HTTPS 1 . alpn=h2,h3 ipv4hint=192.0.2.1",
                 "h2 HTTPS 0 www.example.net."],
        "openpgpkey": ["o OPENPGPKEY AQIDBAUGBwgJ"],
        "cert": ["c CERT PGP 0 0 AQIDBAUGBwgJ", "c2 CERT 1 2 3 AQID"],
        "dhcid": ["d DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="],
        "generic": [r"g TYPE65280 \# 4 0A000001", r"g2 TYPE1234 \# 0",
                    r"g3 A \# 4 C0000201"],
        "spf": ['@ SPF "v=spf1 -all"', '@ TXT "v=spf1 -all"'],
        "eui": ["e EUI48 00-00-5e-00-53-2a", "e EUI64 00-00-5e-ef-10-00-00-2a"],
        "nid": ["n NID 10 0014:4fff:ff20:ee64", "n L32 10 10.1.2.0",
                "n L64 10 2001:0db8:1140:1000", "n LP 10 l64-subnet1"],
        "hip": ["h HIP 2 200100107B1A74DF365639CC39F1D578 "
                "AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D"],
        "minfo": ["m MINFO rmail emai"],
        "wks": ["w WKS 192.0.2.1 TCP 21 25 80"],
        "kx": ["k KX 10 ns1"],
        "csync": ["@ CSYNC 66 3 A NS AAAA"],
        "zonemd": ["@ ZONEMD 2024010101 1 1 " + "ef" * 48],
        "apl": ["a APL 1:192.168.32.0/21 !1:192.168.38.0/28",
                "a2 APL 2:2001:db8::/32"],
        "ipseckey": ["i IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
                     "i2 IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="],
        "nsap": ["n NSAP 0x47.0005.80.005a00.0000.0001.e133.ffffff000161.00"],
        "x25": ["x X25 311061700956"], "isdn": ['i ISDN "150862028003217" "004"'],
        "rt": ["r RT 10 ns1"], "px": ["p PX 10 net2.it. PRMD-net2.ADMD-p400.C-it."],
        "gpos": ["g GPOS -32.6882 116.8652 10.0"],
        "mb": ["m MB ns1", "m2 MG ns1", "m3 MR ns1"],
        "null": [r"n NULL \# 3 010203"],
        "smimea": ["s SMIMEA 3 0 1 " + "aa" * 32],
        "cds": ["@ CDS 0 0 0 00", "@ CDNSKEY 0 3 0 AA=="],
        "talink": ["t TALINK . b.example.com."],
        "ninfo": ['n NINFO "hello"'], "avc": ['a AVC "app-name:WOLFGANG|app-class:OAM"'],
        "amtrelay": ["a AMTRELAY 10 0 1 203.0.113.15", "a2 AMTRELAY 10 1 3 amtrelays.example.com."],
        "doa": [],
    }
    for k, v in t.items():
        if v:
            add("type-" + k, v)


def syntax():
    add("syn-parens", ["@ SOA ns1 hostmaster (", "   2 ; serial", "   3600 )"][:0] +
        ["www A ( 192.0.2.1 )", "t TXT ( \"multi\"", "  \"line\" )"])
    add("syn-soa-multiline", [
        "$TTL 1h", "@ IN SOA ns1.example.com. hostmaster.example.com. (",
        "  2024010101 ; serial", "  2h ; refresh", "  1h ; retry",
        "  2w ; expire", "  5m ) ; minimum", "@ NS ns1", "ns1 A 192.0.2.1"],
        head=False)
    add("syn-comments", ["; a comment", "www A 192.0.2.1 ; trailing",
                         "   ; indented comment", ""])
    add("syn-owner-omitted", ["www A 192.0.2.1", "    AAAA 2001:db8::1",
                              "\tTXT \"same owner\""])
    add("syn-class-omitted", ["a 300 A 192.0.2.1", "b A 192.0.2.2",
                              "c IN 300 A 192.0.2.3", "d 300 IN A 192.0.2.4"])
    add("syn-ttl-forms", ["a 1h A 192.0.2.1", "b 1w2d3h4m5s A 192.0.2.2",
                          "c 1D A 192.0.2.3", "d 0 A 192.0.2.4",
                          "$TTL 2h", "e A 192.0.2.5", "f 2147483647 A 192.0.2.6"])
    add("syn-origin", ["$ORIGIN sub.example.com.", "www A 192.0.2.1",
                       "@ TXT \"at sub\"", "$ORIGIN example.com.",
                       "back A 192.0.2.2"])
    add("syn-escapes", [r"a\.b A 192.0.2.1", r"\065bc A 192.0.2.2",
                        r"sp\032ace TXT x", r"t TXT \"q\"", r"x\\y TXT z",
                        r"\@at TXT a"])
    add("syn-generate", ["$GENERATE 1-20 host$ A 192.0.2.$",
                         "$GENERATE 1-10/2 h${10,3,d} AAAA 2001:db8::$",
                         "$GENERATE 0-5 $.rev PTR host$.example.com.",
                         "$GENERATE 1-3 c$ CNAME host$"])
    add("syn-case", ["WWW A 192.0.2.1", "www TXT lower", "Mixed.Case A 192.0.2.2",
                     "mixed.case TXT x"])
    add("syn-absolute", ["www.example.com. A 192.0.2.1",
                         "example.com. MX 10 www.example.com."])
    add("syn-no-ttl", ["@ SOA ns1 hostmaster 1 2 3 4 300", "@ NS ns1",
                       "ns1 A 192.0.2.1", "a A 192.0.2.2"], head=False)
    add("syn-ttl-prior", ["r 10 A 192.0.2.1", "r 20 A 192.0.2.2",
                          "r A 192.0.2.3", "r TXT other"])
    add("syn-ttl-later-group", ["r 10 A 192.0.2.1", "x A 192.0.2.9",
                                "r 20 A 192.0.2.2"])
    add("syn-duplicates", ["d A 192.0.2.1", "d A 192.0.2.1",
                           "d A 192.0.2.2", "e TXT x", "d A 192.0.2.1"])
    add("syn-order", ["z A 192.0.2.1", "a A 192.0.2.1", "a.b.c A 192.0.2.1",
                      "*.w A 192.0.2.1", "w A 192.0.2.3", "_x TXT y",
                      "yljkjljk A 192.0.2.1", "Z A 192.0.2.2",
                      "zABC A 192.0.2.5", "z.a A 192.0.2.6",
                      r"\001 A 192.0.2.7", r"\200 TXT x", "- TXT x"])
    add("syn-type-order", ["m TXT x", "m A 192.0.2.1", "m AAAA ::1",
                           "m MX 1 ns1", "m HINFO a b", "m TYPE999 \\# 0",
                           "m RP . ."])
    add("syn-long-owner", ["a" * 60 + " A 192.0.2.1",
                           "b" * 63 + "." + "c" * 63 + " TXT x",
                           "x" * 27 + " TXT y", "y" * 28 + " 1 TXT y"])
    add("syn-long-txt", ['t TXT "' + "x" * 255 + '" "' + "y" * 200 + '"'])
    add("syn-include-none", ["www A 192.0.2.1"])
    add("syn-class-in-ttl", ["a IN 1h A 192.0.2.1", "b 1h IN A 192.0.2.2"])
    add("syn-crlf", ["www A 192.0.2.1\r", "x TXT y\r"])


def broken():
    b = {
        "cname-and-other": (["w CNAME x", "w A 192.0.2.1", "w TXT a"], ""),
        "cname-and-other-rev": (["w A 192.0.2.1", "w TXT a", "w CNAME x",
                                 "w MX 1 ns1"], ""),
        "cname-and-other-split": (["w A 192.0.2.1", "v A 192.0.2.1",
                                   "w CNAME x"], ""),
        "cname-twice": (["w CNAME x", "w CNAME y"], ""),
        "cname-twice-split": (["w CNAME x", "v A 192.0.2.1", "w CNAME y"], ""),
        "cname-same-twice": (["w CNAME x", "w CNAME x"], ""),
        "cname-rrsig-nsec": (["w CNAME x", "w NSEC z A", ], ""),
        "soa-twice": (["@ SOA ns1 hm 2 2 3 4 5"], ""),
        "dname-twice": (["d DNAME a.", "d DNAME b."], ""),
        "bad-owner-a": (["bad_name A 192.0.2.1"], ""),
        "bad-owner-a-fail": (["bad_name A 192.0.2.1"], "-k fail"),
        "bad-owner-a-ignore": (["bad_name A 192.0.2.1"], "-k ignore"),
        "bad-owner-mx": (["b_1 MX 1 ns1", "b_2 AAAA ::1", "-a A 192.0.2.1",
                          "a- A 192.0.2.1", "1a A 192.0.2.1",
                          "*.b_6 A 192.0.2.1", "ok-1 A 192.0.2.1"], ""),
        "bad-owner-other": (["b_3 NS ns1", "b_4 SRV 1 1 1 ns1",
                             "b_5 CNAME ns1", "b_6 TXT x",
                             "b_7 HINFO a b"], ""),
        "bad-target": (["sub NS bad_x.example.org.", "@ MX 1 bad_m",
                        "bad_m TXT x", "s SRV 1 1 1 bad_z",
                        "x AFSDB 1 bad_a", "x RT 1 bad_r",
                        "k KX 1 bad_k", "c CNAME bad_c"], ""),
        "bad-target-fail": (["sub NS bad_x.example.org.", "c CNAME bad_c"],
                            "-k fail"),
        "mx-address": (["@ MX 10 192.0.2.1", "x MX 10 1.2.3.4."], ""),
        "mx-address-fail": (["@ MX 10 192.0.2.1"], "-m fail"),
        "mx-address-ignore": (["@ MX 10 192.0.2.1"], "-m ignore"),
        "ns-address": (["sub NS 192.0.2.1"], ""),
        "ns-address-fail": (["sub NS 192.0.2.1"], "-n fail"),
        "mx-noaddr": (["@ MX 1 nx"], ""),
        "mx-noaddr-fail": (["@ MX 1 nx"], "-m fail"),
        "mx-cname": (["@ MX 1 c", "c CNAME ns1"], ""),
        "mx-cname-fail": (["@ MX 1 c", "c CNAME ns1"], "-M fail"),
        "mx-cname-ignore": (["@ MX 1 c", "c CNAME ns1"], "-M ignore"),
        "mx-ooz": (["@ MX 1 mail.example.org."], ""),
        "mx-dname": (["d DNAME example.net.", "x MX 1 m.d"], ""),
        "srv-noaddr": (["_a._tcp SRV 1 1 1 nx"], "-S fail"),
        "srv-cname": (["_a._tcp SRV 1 1 1 c", "c CNAME ns1"], ""),
        "srv-cname-fail": (["_a._tcp SRV 1 1 1 c", "c CNAME ns1"], "-S fail"),
        "spf-no-txt": (['x SPF "v=spf1 -all"'], ""),
        "spf-other-txt": (['y SPF "v=spf1 -all"', 'y TXT "v=spf2"'], ""),
        "spf-ignore": (['x SPF "v=spf1 -all"'], "-T ignore"),
        "wildcard-internal": (["a.*.w A 192.0.2.1", "*.ok TXT x"], ""),
        "wildcard-ignore": (["a.*.w TXT x"], "-W ignore"),
        "glue-missing": (["sub NS ns.sub", "sub NS ns.other.example.net."], ""),
        "glue-cname": (["sub NS c", "c CNAME ns1"], ""),
        "glue-sibling": (["sub3 NS ns.sub4", "sub4 NS ns.sub4"], ""),
        "glue-sibling-ok": (["sub NS ns.sub2", "sub2 NS ns.sub2",
                             "ns.sub2 A 192.0.2.9"], "-i local-sibling"),
        "glue-noaddr-inzone": (["sub NS nx"], ""),
        "glue-occluded-cname": (["sub NS ns.sub", "ns.sub CNAME ns1"], ""),
        "deleg-occluded-data": (["sub NS ns.sub", "ns.sub A 192.0.2.1",
                                 "x.sub TXT a", "sub MX 1 nx"], ""),
        "apex-ns-noaddr": (["@ NS ns3"], ""),
        "apex-ns-cname": (["@ NS c", "c CNAME ns1"], ""),
        "apex-ns-glue": (["@ NS ns.sub", "sub NS ns.sub",
                          "ns.sub A 192.0.2.7"], ""),
        "apex-ns-ooz": (["@ NS ns.example.org."], ""),
        "ooz-data": (["foo.org. A 192.0.2.1", "www A 192.0.2.1"], ""),
        "bad-ip": (["a A 1.2.3", "b A 192.0.2.1"], ""),
        "bad-ip-many": (["a A 1.2.3", "b A 256.1.1.1", "bad_x A 192.0.2.1"],
                        ""),
        "bad-aaaa": (["a AAAA 2001:db8::g"], ""),
        "bad-type": (["a FOO 1"], ""),
        "bad-class": (["a CH A 192.0.2.1"], ""),
        "bad-ttl": (["a 1x A 192.0.2.1"], ""),
        "bad-quote": (['a TXT "unterminated'], ""),
        "bad-paren": (["a A ( 192.0.2.1"], ""),
        "bad-paren-close": (["a A 192.0.2.1 )"], ""),
        "bad-directive": (["$FOO bar"], ""),
        "bad-base64": (["k DNSKEY 256 3 13 !!!!"], ""),
        "bad-hex": (["s SSHFP 1 1 xyz"], ""),
        "bad-mx-missing": (["@ MX 10"], ""),
        "bad-extra": (["a A 192.0.2.1 192.0.2.2"], ""),
        "bad-label-long": (["a" * 64 + " A 192.0.2.1"], ""),
        "bad-escape": ([r"a\999 A 192.0.2.1"], ""),
        "soa-not-apex": (["x SOA ns1 hm 2 2 3 4 5", "y A 192.0.2.1"], ""),
        "include-missing": (["$INCLUDE does-not-exist.db"], ""),
        "obsolete-md": (["m MD ns1"], ""),
        "sig-expired": (["ns1 RRSIG A 13 3 300 20200101000000 20191201000000 "
                         "12345 example.com. AQIDBAUGBwgJ"], ""),
    }
    for k, (lines, args) in b.items():
        add("bad-" + k if not k.startswith("bad-") else k, lines, args=args)
    add("bad-no-soa", ["$TTL 300", "@ NS ns1", "ns1 A 192.0.2.1"], head=False)
    add("bad-no-ns", ["$TTL 300", "@ SOA ns1 hm 1 2 3 4 5",
                      "ns1 A 192.0.2.1"], head=False)
    add("bad-empty", ["; nothing"], head=False)
    add("bad-no-ttl-first", ["a A 192.0.2.1", "$TTL 300",
                             "@ SOA ns1 hm 1 2 3 4 5", "@ NS ns1",
                             "ns1 A 192.0.2.1"], head=False)


def signed(tmp):
    """Sign a few zones for real; keep only the signed text."""
    base = ["$TTL 300", "@ SOA ns1 hostmaster 1 7200 3600 1209600 300",
            "@ NS ns1", "@ NS ns2", "ns1 A 192.0.2.1", "ns2 AAAA 2001:db8::2",
            "www A 192.0.2.10", "www AAAA 2001:db8::10", "@ MX 10 mail",
            "mail A 192.0.2.20", 'txt TXT "signed text"',
            "sub NS ns.sub", "ns.sub A 192.0.2.50",
            "secure NS ns.secure", "ns.secure A 192.0.2.51",
            "secure DS 12345 13 2 " + "AB" * 32, "*.wild A 192.0.2.99",
            "alias CNAME www", "a.b.c.d TXT deep"]
    variants = [("nsec-ecdsa", ["-a", "ECDSAP256SHA256"], []),
                ("nsec-rsa", ["-a", "RSASHA256", "-b", "1024"], []),
                ("nsec3-ecdsa", ["-a", "ECDSAP256SHA256"],
                 ["-3", "abcd", "-H", "1"]),
                ("nsec3-optout", ["-a", "ECDSAP256SHA256"],
                 ["-3", "-", "-A", "-H", "0"]),
                ("nsec-ed25519", ["-a", "ED25519"], []),
                ("nsec3-rsa", ["-a", "RSASHA512", "-b", "1024"],
                 ["-3", "0102030405", "-H", "2"])]
    for name, kopts, sopts in variants:
        origin = name + ".example"
        d = os.path.join(tmp, name)
        os.makedirs(d)
        keys = []
        for extra in (["-f", "KSK"], []):
            out = subprocess.run(["dnssec-keygen", "-q", "-K", d] + kopts +
                                 extra + [origin], capture_output=True,
                                 text=True, check=True).stdout.strip()
            keys.append(out)
        zf = os.path.join(d, "zone")
        with open(zf, "w") as f:
            f.write("\n".join(base) + "\n")
            for k in keys:
                with open(os.path.join(d, k + ".key")) as kf:
                    f.write(kf.read())
        subprocess.run(["dnssec-signzone", "-q", "-K", d, "-d", d, "-o",
                        origin, "-s", "20250101000000", "-e",
                        "20800101000000", "-f", zf + ".signed"] + sopts +
                       [zf], capture_output=True, check=True, cwd=d)
        with open(zf + ".signed") as f:
            text = f.read()
        # Drop the comment with the signing time so reruns are stable.
        text = "".join(l for l in text.splitlines(True)
                       if not l.startswith("; File written on"))
        cases["signed-" + name] = (text, origin, "")
        # The same zone flattened to one line per record (full dump style).
        cases["signed-" + name + "-broken-cname"] = (
            text + "www.%s. 300 IN CNAME x\n" % origin, origin, "")


def rand_name(r):
    labels = ["www", "mail", "a", "b", "host", "srv", "db", "x1", "web-2",
              "Mixed", "deep", "_tcp", "_sip", "z", "ns"]
    n = r.randint(1, 3)
    return ".".join(r.choice(labels) + (str(r.randint(0, 9)) if r.random() < .5 else "")
                    for _ in range(n))


def rand_record(r, names):
    owner = r.choice(names)
    k = r.random()
    if k < .25:
        return "%s A 192.0.2.%d" % (owner, r.randint(0, 255))
    if k < .35:
        return "%s AAAA 2001:db8::%x" % (owner, r.randint(0, 65535))
    if k < .45:
        return "%s MX %d %s" % (owner, r.randint(0, 50), r.choice(names))
    if k < .55:
        return '%s TXT "%s"' % (owner, "t%d" % r.randint(0, 99))
    if k < .62:
        return "cn%d CNAME %s" % (r.randint(0, 10**6), r.choice(names))
    if k < .68:
        return "%s SRV 0 1 %d %s" % (owner, r.randint(1, 9999), r.choice(names))
    if k < .72:
        return "%s NS %s" % (owner, r.choice(names))
    if k < .76:
        return "%s %d A 192.0.2.%d" % (owner, r.choice([60, 300, 3600]),
                                       r.randint(0, 255))
    if k < .80:
        return "%s DS %d 13 2 %s" % (owner, r.randint(1, 65535), "%064X" % r.getrandbits(256))
    if k < .84:
        return '%s CAA 0 issue "ca%d.example"' % (owner, r.randint(0, 9))
    if k < .88:
        return "%s SSHFP 1 2 %064x" % (owner, r.getrandbits(256))
    if k < .91:
        return "%s PTR %s" % (owner, r.choice(names))
    if k < .94:
        return '%s HINFO "cpu%d" "os"' % (owner, r.randint(0, 3))
    if k < .97:
        return "%s NAPTR 10 10 \"u\" \"E2U+sip\" \"!^.*$!sip:x@y!\" ." % owner
    return "%s TYPE%d \\# 2 %04x" % (owner, r.randint(1000, 2000), r.getrandbits(16))


def random_zones(n):
    r = random.Random(20260101)
    for i in range(n):
        names = ["@"] + [rand_name(r) for _ in range(r.randint(3, 25))]
        lines = [rand_record(r, names) for _ in range(r.randint(5, 60))]
        add("rand-%03d" % i, lines)


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    oracle = "--no-oracle" not in sys.argv
    types_valid()
    syntax()
    broken()
    tmp = tempfile.mkdtemp(prefix="ditto-corpus-")
    try:
        signed(tmp)
    finally:
        shutil.rmtree(tmp)
    random_zones(400)
    if os.path.isdir(CASES):
        shutil.rmtree(CASES)
    os.makedirs(CASES)
    for name, (text, origin, args) in sorted(cases.items()):
        zf = name + ".zone"
        with open(os.path.join(CASES, zf), "w", newline="") as f:
            f.write(text)
        with open(os.path.join(CASES, name + ".args"), "w") as f:
            f.write((origin + " " + args).strip() + "\n")
        if not oracle:
            continue
        extra = args.split()
        rc, out, err = run(["named-checkzone", "-i", "local"] + extra +
                           [origin, zf], CASES)
        with open(os.path.join(CASES, name + ".expected"), "w") as f:
            f.write(out + err + "exit=%d\n" % rc)
        if rc == 0:
            rc2, out2, _ = run(["named-checkzone", "-i", "local"] + extra +
                               ["-D", "-o", "-", origin, zf], CASES)
            with open(os.path.join(CASES, name + ".dump"), "w") as f:
                f.write(out2)
    print("%d cases" % len(cases))


if __name__ == "__main__":
    main()

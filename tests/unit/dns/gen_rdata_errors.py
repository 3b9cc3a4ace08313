#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Test-data generator: BIND's rdata error texts for many bad records.

For each type, a valid record is mutated (truncated, extended, each token
replaced by a bad value, plus hand-written cases). Each mutant is loaded by
`named-checkzone -i local` in a zone of its own (valid SOA and NS), and the
error BIND prints is captured:

    dns_rdata_fromtext: FILE:LINE: near 'TOKEN': CAUSE
    zone example.com/IN: loading from master file FILE failed: CAUSE

The pairs (record -> message after "FILE:LINE: ", cause) are written as a
C table between the GENERATED markers of rdata_errors.h (included by
rdata_test.c), which compares them
with ditto_rdata_fromstring()'s err->msg and err->summary. Records BIND
accepts are kept too (the test then expects success). Cases whose error
does not come from dns_rdata_fromtext are left out of the table.

Usage: gen_rdata_errors.py [--jobs N] [--write tests/unit/dns/rdata_errors.h]
Needs named-checkzone (BIND 9.18) on PATH.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

ORIGIN = "example.com."

# One valid record per type: (type, rdata). The mutations start from these.
GOOD = [
    ("A", "1.2.3.4"),
    ("NS", "ns.example.com."),
    ("MD", "a.example."),
    ("MF", "a.example."),
    ("CNAME", "a.example."),
    ("SOA", "ns hostmaster 1 2 3 4 5"),
    ("MB", "a.example."),
    ("MG", "a.example."),
    ("MR", "a.example."),
    ("NULL", "\\# 1 00"),
    ("WKS", "10.0.0.1 tcp 25 80"),
    ("PTR", "a.example."),
    ("HINFO", "cpu os"),
    ("MINFO", "a. b."),
    ("MX", "10 mail.example."),
    ("TXT", '"hello" world'),
    ("RP", "a. b."),
    ("AFSDB", "1 a.example."),
    ("X25", "311061700956"),
    ("ISDN", "150862028003217 004"),
    ("RT", "10 a.example."),
    ("NSAP", "0x47.0005.80.005a00.0000.0001.e133.ffffff000161.00"),
    ("NSAP-PTR", "a.example."),
    ("SIG", "A 8 2 300 20300101000000 20200101000000 12345 example. AAAA"),
    ("KEY", "256 3 8 AwEAAQ=="),
    ("PX", "10 a. b."),
    ("GPOS", "-32.6882 116.8652 10.0"),
    ("AAAA", "2001:db8::1"),
    ("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"),
    ("NXT", "a.example. A NS"),
    ("EID", "0123abcd"),
    ("NIMLOC", "0123abcd"),
    ("SRV", "1 2 3 a.example."),
    ("ATMA", "39246f00e7c9c0312000100100001234567800"),
    ("NAPTR", '100 10 "u" "E2U+sip" "!^.*$!sip:a@b!" .'),
    ("KX", "10 a.example."),
    ("CERT", "PGP 0 RSASHA256 AAAA"),
    ("A6", "64 ::1 a.example."),
    ("DNAME", "a.example."),
    ("SINK", "1 2 3 AAAA"),
    ("APL", "1:192.168.0.0/16 !2:2001:db8::/32"),
    ("DS", "12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE"),
    ("SSHFP", "1 1 0123456789abcdef0123456789abcdef01234567"),
    ("IPSECKEY", "10 1 2 192.0.2.1 AQNRU3mG"),
    ("RRSIG", "A 8 2 300 20300101000000 20200101000000 12345 example. AAAA"),
    ("NSEC", "a.example. A NS RRSIG"),
    ("DNSKEY", "256 3 8 AwEAAQ=="),
    ("DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="),
    ("NSEC3", "1 0 10 AABB 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S A RRSIG"),
    ("NSEC3PARAM", "1 0 10 AABB"),
    ("TLSA", "3 1 1 0123456789abcdef"),
    ("SMIMEA", "3 1 1 0123456789abcdef"),
    ("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAQ== a.example."),
    ("NINFO", '"info" more'),
    ("RKEY", "0 3 8 AAAA"),
    ("TALINK", "a. b."),
    ("CDS", "12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE"),
    ("CDNSKEY", "256 3 8 AwEAAQ=="),
    ("OPENPGPKEY", "AAAA"),
    ("CSYNC", "66 3 A NS AAAA"),
    ("ZONEMD", "1 1 1 " + "00" * 48),
    ("SVCB", '1 a.example. alpn="h2,h3" port=443 ipv4hint=1.2.3.4'),
    ("HTTPS", '1 . alpn=h2 ipv6hint=2001:db8::1 mandatory=alpn'),
    ("DSYNC", "CDS NOTIFY 443 a.example."),
    ("HHIT", "AAAA"),
    ("BRID", "AAAA"),
    ("SPF", '"v=spf1 -all"'),
    ("NID", "10 0:0:0:1"),
    ("L32", "10 10.1.2.0"),
    ("L64", "10 2001:db8:1140:1000"),
    ("LP", "10 l64.example."),
    ("EUI48", "00-00-5e-00-53-2a"),
    ("EUI64", "00-00-5e-ef-10-00-00-2a"),
    ("URI", '10 1 "ftp://ftp1.example.com/public"'),
    ("CAA", '0 issue "ca.example.net"'),
    ("AVC", '"app-name:WOLFGANG|app-class:OAM"'),
    ("DOA", '0 1 2 "" aGVsbG8='),
    ("AMTRELAY", "0 0 1 192.0.2.1"),
    ("RESINFO", "qnamemin exterr=15,16,17"),
    ("WALLET", '"BTC" "abc"'),
    ("TA", "12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE"),
    ("DLV", "12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE"),
]

# Replacement values tried at every token position.
BAD_VALUES = [
    "abc", "-1", "256", "65536", "4294967296", "99999999999", '"7"',
    "a..b", "x" * 64 + ".", "a\\256", "1.2.3", "::g", "=", "zz", "Z9",
    "0x", ".", "@", "7", "1h",
]

# Hand-written cases: (type, rdata).
EXTRA = [
    ("A", "1.2.3.4.5"), ("A", "01.2.3.4"), ("A", "1.2.3.256"),
    ("A", "\"1.2.3.4\""), ("A", "1.2.3.4 ; comment"),
    ("AAAA", "1::2::3"), ("AAAA", "1.2.3.4"), ("AAAA", "::ffff:1.2.3"),
    ("AAAA", "12345::"),
    ("TXT", "x" * 256), ('TXT', '"' + "y" * 256 + '"'),
    ("TXT", "a\\"), ("TXT", "a\\25"), ("TXT", "a\\2x5"), ("TXT", "a\\999"),
    ("TXT", "\"a\\999\""), ("TXT", ""), ("HINFO", "\"a\""),
    ("NS", "a\\"), ("NS", "a\\2"), ("NS", "a\\999.b"),
    ("NS", ("a" * 63 + ".") * 4 + "b"), ("NS", "a.." ), ("NS", "..a"),
    ("NS", "\"quoted.name.\""), ("NS", "*.a."), ("NS", "a b"),
    ("MX", "10"), ("MX", "10 a. b."), ("MX", "1e3 a."), ("MX", "0x10 a."),
    ("MX", "+5 a."), ("MX", "65535 a."), ("MX", "65536 a."),
    ("SOA", "ns hm 1 2 3 4"), ("SOA", "ns hm 1 2 3 4 5 6"),
    ("SOA", "ns hm 1 1w2d 3 4 5"), ("SOA", "ns hm 1 1x 3 4 5"),
    ("SOA", "ns hm 1 h 3 4 5"), ("SOA", "ns hm 1 1h1 3 4 5"),
    ("SOA", "ns hm 4294967296 1 1 1 1"), ("SOA", "ns hm 1 4294967296 1 1 1"),
    ("SOA", "ns hm 1 9999999w 1 1 1"), ("SOA", "ns hm 1 1 1 1 1h2h"),
    ("SOA", "ns hm -1 1 1 1 1"), ("SOA", "ns hm 1 1 1 1 ''"),
    ("WKS", "10.0.0.1 tcp nosuchservice"), ("WKS", "10.0.0.1 nosuchproto 25"),
    ("WKS", "10.0.0.1 tcp 65536"), ("WKS", "10.0.0.1 udp domain"),
    ("WKS", "10.0.0.1 6 smtp"), ("WKS", "10.0.0.1"), ("WKS", "10.0.0.1 300 1"),
    ("WKS", "10.0.0.1 tcp -1"),
    ("LOC", "52 N 4 E 0m"), ("LOC", "91 N 4 E 0m"), ("LOC", "52 60 N 4 E 0m"),
    ("LOC", "52 1 60 N 4 E 0m"), ("LOC", "52 1 1.0001 N 4 E 0m"),
    ("LOC", "52 X 4 E 0m"), ("LOC", "52 N 181 E 0m"), ("LOC", "52 N 4 E"),
    ("LOC", "52 N 4 E -100001m"), ("LOC", "52 N 4 E 42849673m"),
    ("LOC", "52 N 4 E 0m 1m 1m 1m 1m"), ("LOC", "52 N 4 E 0m 90000001m"),
    ("LOC", "52 N 4 E 0.001m"), ("LOC", "52 N 4 E 0m 1.001m"),
    ("LOC", "52 N 4 W x"), ("LOC", "52 S 4 W 0"), ("LOC", "-52 N 4 E 0m"),
    ("LOC", "52 1.5 N 4 E 0m"), ("LOC", "52 N"), ("LOC", "52"),
    ("LOC", "52 N 4 E 0m 1x"), ("LOC", "52 N 4 E 0mm"),
    ("APL", "1:1.2.3.4/33"), ("APL", "2:::/129"), ("APL", "3:1.2.3.4/8"),
    ("APL", "1:1.2.3/8"), ("APL", "1:1.2.3.4"), ("APL", "1.2.3.4/8"),
    ("APL", "!!1:1.2.3.4/8"), ("APL", "1:1.2.3.4/x"), ("APL", "1:1.2.3.4/"),
    ("APL", "x:1.2.3.4/8"), ("APL", "1:1.2.3.4/8 2:1.2.3.4/8"),
    ("APL", "65536:1.2.3.4/8"), ("APL", "1:1.2.3.4/0800"),
    ("SVCB", "1 . key65536=x"), ("SVCB", "1 . unknownkey=x"),
    ("SVCB", "1 . alpn"), ("SVCB", "1 . alpn="), ("SVCB", "1 . port=x"),
    ("SVCB", "1 . port=65536"), ("SVCB", "1 . ipv4hint=1.2.3"),
    ("SVCB", "1 . ipv6hint=1.2.3.4"), ("SVCB", "1 . mandatory=alpn"),
    ("SVCB", "1 . mandatory=mandatory alpn=h2"),
    ("SVCB", "1 . no-default-alpn"), ("SVCB", "1 . no-default-alpn=x alpn=h2"),
    ("SVCB", "1 . alpn=h2 alpn=h3"), ("SVCB", "1 . ech=!!!"),
    ("SVCB", "1 . port=1 port=2"), ("SVCB", "1 . key1=h2"),
    ("SVCB", "1 . mandatory=key99"), ("SVCB", "1 . alpn=\"a,,b\""),
    ("SVCB", "1 . dohpath=/q"), ("SVCB", "1 . dohpath=/q{?dns}"),
    ("SVCB", "0 . alpn=h2"), ("SVCB", "1 a"), ("SVCB", "1 . =x"),
    ("SVCB", "1 . \"alpn=h2\""), ("SVCB", "1 . alpn=\"\""),
    ("HTTPS", "1 . mandatory=port"), ("HTTPS", "1 . ipv4hint="),
    ("CAA", "0 issue"), ("CAA", "0 \"\" \"x\""), ("CAA", "0 is-sue \"x\""),
    ("CAA", "256 issue \"x\""), ("CAA", "0 issue x y"),
    ("CAA", "0 " + "t" * 256 + " \"x\""), ("CAA", "0 issue \"a\\999\""),
    ("URI", "10 1 ftp://unquoted"), ("URI", "10 1 \"\""), ("URI", "10 1"),
    ("DS", "12345 NOSUCHALG 1 00"), ("DS", "12345 8 NOSUCHDIGEST 00"),
    ("DS", "12345 8 1 0"), ("DS", "12345 8 1 00"), ("DS", "12345 8 1 zz"),
    ("DS", "12345 8 1"), ("DS", "12345 256 1 00"), ("DS", "12345 8 256 00"),
    ("DS", "12345 RSASHA256 SHA-256 " + "00" * 32),
    ("DS", "12345 8 2 " + "00" * 31), ("DS", "1 8 3 00"), ("DS", "1 8 5 00"),
    ("DS", "1 8 4 00"), ("SSHFP", "1 3 00"), ("SSHFP", "4 2 00"),
    ("ZONEMD", "1 1 2 00"), ("ZONEMD", "1 1 1 0000 00 \"x\""),
    ("ATMA", "a.b"), ("ATMA", "ab..cd"), ("ATMA", ".abcd"), ("ATMA", "abcd."),
    ("NSAP", "0x4.7"), ("NSAP", "0x.47"), ("NSAP", "0X47"),
    ("LOC", "90 1 N 4 E 0"), ("LOC", "52 n 4 e 0"), ("LOC", "52 22 23 X 4 E 0"),
    ("LOC", "52 N 180 1 E 0"), ("LOC", "52 22 59.9999 N 4 E 0"),
    ("LOC", "52 22 +1 N 4 E 0"), ("LOC", "52 22 .5 N 4 E 0"),
    ("LOC", "52 N 4 E +1m"), ("LOC", "52 N 4 E 1.m"), ("LOC", "52 N 4 E -0.5"),
    ("LOC", "52 N 4 E 1 9e9"), ("LOC", "52 N 4 E 1 \"2\""),
    ("LOC", "52 N 4 E 0m 10m 10m 10M"), ("LOC", "52 N 4 E 0 0.1m 0.05m 10.5m"),
    ("RRSIG", "A 8 3 300 20300101000000 20200101000000 1 x.example.com. AAAA"),
    ("RRSIG", "A 8 1 300 20300101000000 20200101000000 1 *.a. AAAA"),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!a!!\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!(a)!\\\\2!\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!(a)!\\\\1!i\" ."),
    ("KEY", "NOCONF|ZONE 3 8 AAAA"), ("KEY", "ZON 3 8 AAAA"), ("KEY", "1f 3 8 AAAA"),
    ("RKEY", "\\# 5 015d04eadb"), ("NSEC", "a. A 7"), ("CSYNC", "1 2 A 7"),
    ("DNSKEY", "256 3 NOSUCH AAAA"), ("DNSKEY", "256 3 8 A"),
    ("DNSKEY", "256 3 8 AAA="), ("DNSKEY", "256 3 8 AA=A"),
    ("DNSKEY", "256 3 8 AAAA ===="), ("DNSKEY", "256 3 8 AA== AAAA"),
    ("DNSKEY", "256 3 8 A!AA"), ("DNSKEY", "256 3 8"),
    ("DNSKEY", "256 3 8 AB=="), ("DNSKEY", "65536 3 8 AAAA"),
    ("DNSKEY", "256 3 ECDSAP256SHA256 AAAA"), ("DNSKEY", "256 3 253 AAAA"),
    ("KEY", "49152 3 8"), ("KEY", "256 3 8"), ("KEY", "NOCONF 3 8"),
    ("KEY", "0xc000 3 8"),
    ("CERT", "NOSUCH 0 8 AAAA"), ("CERT", "PGP 0 NOSUCH AAAA"),
    ("CERT", "65536 0 8 AAAA"), ("CERT", "PGP 65536 8 AAAA"),
    ("CERT", "PGP 0 256 AAAA"), ("CERT", "URI 0 0 AAAA"),
    ("RRSIG", "A 8 2 300 2030010100000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20301301000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300132000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300101250000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300101006000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300101000060 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 19690101000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 1234567890 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 12345678901 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 2030010100000x 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300229000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "NOSUCHTYPE 8 2 300 20300101000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "TYPE65536 8 2 300 20300101000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 1w 20300101000000 20200101000000 1 e. AAAA"),
    ("RRSIG", "A 8 2 300 20300101000000 20200101000000 1 e."),
    ("RRSIG", "A 8 2 300 20300101000000 20200101000000 1 e. AAA"),
    ("RRSIG", "TYPE1 NOSUCH 2 300 20300101000000 20200101000000 1 e. AAAA"),
    ("NSEC", "a. NOSUCHTYPE"), ("NSEC", "a."), ("NSEC", "a. TYPE65536"),
    ("NSEC", "a. TYPE0"), ("NSEC", "a. TYPE65535"), ("NSEC", "a. a"),
    ("NSEC", "a. \"A\""), ("NSEC", "a. A A"),
    ("NXT", "a. TYPE128"), ("NXT", "a. TYPE127"), ("NXT", "a."),
    ("NXT", "a. TYPE0"),
    ("NSEC3", "1 0 10 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S"),
    ("NSEC3", "1 0 10 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3"),
    ("NSEC3", "1 0 10 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3W"),
    ("NSEC3", "1 0 10 - 2VPTU5TI"), ("NSEC3", "1 0 10 - 2V"),
    ("NSEC3", "1 0 10 ZZ 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S"),
    ("NSEC3", "1 0 10 A 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S"),
    ("NSEC3", "1 0 10 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S NOSUCH"),
    ("NSEC3", "1 0 10 " + "AA" * 256 + " 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S"),
    ("NSEC3", "1 0 10 - -"), ("NSEC3", "1 0 10 -"),
    ("NSEC3PARAM", "1 0 10"), ("NSEC3PARAM", "1 0 10 zz"),
    ("NSEC3PARAM", "1 0 10 abc"), ("NSEC3PARAM", "1 0 10 - x"),
    ("NSEC3PARAM", "1 0 10 " + "AA" * 256),
    ("SSHFP", "1 1 0123"), ("SSHFP", "1 2 0123"), ("SSHFP", "1 1"),
    ("SSHFP", "1 1 zz"), ("SSHFP", "1 1 012"),
    ("TLSA", "3 1 1"), ("TLSA", "3 1 1 0"), ("TLSA", "3 1 1 xx"),
    ("TLSA", "3 1 1 00 0"),
    ("ZONEMD", "1 1 1 00"), ("ZONEMD", "1 1 2 " + "00" * 48),
    ("ZONEMD", "1 1 1"), ("ZONEMD", "1 1 3 00"),
    ("IPSECKEY", "10 0 2 . AQNRU3mG"), ("IPSECKEY", "10 0 2 x AQNRU3mG"),
    ("IPSECKEY", "10 1 2 1.2.3 AQNRU3mG"), ("IPSECKEY", "10 2 2 1.2.3.4 A"),
    ("IPSECKEY", "10 3 2 a..b AQNRU3mG"), ("IPSECKEY", "10 4 2 . AQNRU3mG"),
    ("IPSECKEY", "10 1 2 1.2.3.4"), ("IPSECKEY", "10 1 2 1.2.3.4 !"),
    ("IPSECKEY", "10 0 2 ."), ("IPSECKEY", "256 0 2 . AQNRU3mG"),
    ("AMTRELAY", "0 2 1 1.2.3.4"), ("AMTRELAY", "0 0 4 ."),
    ("AMTRELAY", "0 0 0 x"), ("AMTRELAY", "0 0 1 1.2.3"),
    ("AMTRELAY", "0 0 2 1.2.3.4"), ("AMTRELAY", "0 0 3 a..b"),
    ("AMTRELAY", "0 0 1"), ("AMTRELAY", "0 0 0"), ("AMTRELAY", "0 0 0 . x"),
    ("AMTRELAY", "0 1 0 ."), ("AMTRELAY", "0 0 128 ."),
    ("HIP", "2 zz AwEAAQ=="), ("HIP", "2 00 !"), ("HIP", "2 00"),
    ("HIP", "2"), ("HIP", "2 0 AAAA"), ("HIP", "2 00 AAAA a..b"),
    ("HIP", "256 00 AAAA"), ("HIP", "2 " + "00" * 256 + " AAAA"),
    ("A6", "129 ::1 a."), ("A6", "0 ::1"), ("A6", "0 ::1 a."),
    ("A6", "64 1.2.3.4 a."), ("A6", "128 a."), ("A6", "128"), ("A6", "64 ::1"),
    ("A6", "x ::1 a."),
    ("NSAP", "47"), ("NSAP", "0x4"), ("NSAP", "0x"), ("NSAP", "0xzz"),
    ("NSAP", "0x47..00"), ("NSAP", "0x47.0"),
    ("ATMA", "+"), ("ATMA", "+12a"), ("ATMA", "zz"), ("ATMA", "0"),
    ("ATMA", "1.2"), ("ATMA", ""), ("ATMA", "12 34"),
    ("EUI48", "00-00-5e-00-53"), ("EUI48", "00:00:5e:00:53:2a"),
    ("EUI48", "00-00-5e-00-53-2g"), ("EUI48", "0-00-5e-00-53-2a"),
    ("EUI64", "00-00-5e-ef-10-00-00"), ("EUI64", "00-00-5e-ef-10-00-00-2a-1"),
    ("NID", "10 0:0:0"), ("NID", "10 0:0:0:0:0"), ("NID", "10 0:0:0:12345"),
    ("NID", "10 0:0:0:g"), ("L64", "10 0::1:2"), ("L32", "10 1.2.3"),
    ("LP", "10 a..b"), ("LP", "65536 a."),
    ("X25", "123"), ("X25", "12a4"), ("X25", "\"1234\""), ("X25", "1234 5"),
    ("ISDN", "1 2 3"), ("ISDN", "\"\""),
    ("GPOS", "1 2"), ("GPOS", "x 2 3"), ("GPOS", "1 2 3 4"),
    ("GPOS", "91 0 0"), ("GPOS", "0 181 0"), ("GPOS", "1.2.3 0 0"),
    ("SINK", "1 2"), ("SINK", "1 2 3 !"), ("SINK", "256 2 3"),
    ("DOA", "0 1 2 \"\""), ("DOA", "0 1 2 \"\" -"), ("DOA", "0 1 2 \"\" !"),
    ("DOA", "4294967296 1 2 \"\" -"), ("DOA", "0 1 256 \"\" -"),
    ("CSYNC", "1 2"), ("CSYNC", "1 2 NOSUCH"), ("CSYNC", "1 65536 A"),
    ("DSYNC", "NOSUCH NOTIFY 1 a."), ("DSYNC", "CDS NOSUCH 1 a."),
    ("DSYNC", "CDS 256 1 a."), ("DSYNC", "CDS 1 65536 a."),
    ("DSYNC", "CDS 1 1"),
    ("NULL", "abc"), ("NULL", "\\# 2 00"), ("NULL", "\\# 1 0000"),
    ("NULL", "\\# 1 zz"), ("NULL", "\\# x 00"), ("NULL", "\\# 65536 00"),
    ("NULL", "\\# 1"), ("NULL", "\\#"), ("NULL", "\\# 0"),
    ("NULL", "\\# 1 0"), ("NULL", "\\# 2 0 0 0"),
    ("A", "\\# 4 01020304"), ("A", "\\# 3 010203"), ("A", "\\# 4 0102"),
    ("A", "\\# 5 0102030405"), ("A", "\\#4 01020304"), ("A", "\\# 4"),
    ("A", "\\# 4 01020304 05"), ("MX", "\\# 3 000a00"),
    ("MX", "\\# 4 000a0161"), ("TXT", "\\# 2 05 61"),
    ("SOA", "\\# 1 00"), ("NS", "\\# 1 05"), ("NS", "\\# 2 c000"),
    ("UINFO", "x"), ("UID", "1"), ("GID", "1"), ("UNSPEC", "x"),
    ("TYPE9999", "x"), ("TYPE9999", "\\# 1 00"), ("TYPE9999", "\\# 1 0g"),
    ("NAPTR", "100 10 u E2U+sip \"!^.*$!sip:a@b!\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\""),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\" a..b"),
    ("NAPTR", "100 10 \"u!\" \"E2U+sip\" \"\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"(\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!a!b\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!a!b!c\" ."),
    ("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!a!b!\" x."),
    ("TXT", "\"a\" \"" + "b" * 300 + "\""),
    ("SPF", ""), ("AVC", ""), ("RESINFO", ""), ("WALLET", ""),
    ("HHIT", ""), ("BRID", ""), ("OPENPGPKEY", ""), ("DHCID", ""),
    ("OPENPGPKEY", "A==="), ("DHCID", "AAAA="), ("HHIT", "A"),
    ("EID", "0"), ("EID", ""), ("NIMLOC", "zz"),
    ("TALINK", "a."), ("TALINK", "a. b. c."),
    ("RP", "a."), ("MINFO", "a. a..b"), ("PX", "10 a."),
    ("SRV", "1 2 a."), ("SRV", "1 2 65536 a."), ("SRV", "1 2 3 4 a."),
    ("CNAME", "a b"), ("DNAME", ""), ("PTR", "@ x"),
]


def mutants(rtype, rdata):
    toks = tokenize(rdata)
    out = []
    for k in range(len(toks)):
        out.append(" ".join(toks[:k]))
    for extra in ("extra", "5", '"q"'):
        out.append(" ".join(toks + [extra]))
    for i in range(len(toks)):
        for v in BAD_VALUES:
            if v == toks[i]:
                continue
            out.append(" ".join(toks[:i] + [v] + toks[i + 1:]))
    return [(rtype, m) for m in out]


def tokenize(s):
    """Whitespace split that keeps double-quoted strings whole."""
    return re.findall(r'"(?:[^"\\]|\\.)*"|\S+', s)


ZONE = """$ORIGIN {origin}
$TTL 300
@ IN SOA ns hostmaster 1 2 3 4 5
@ IN NS ns
ns IN A 1.2.3.4
x IN {rtype} {rdata}
"""

# SOA records are tried as the zone's own SOA (also on line 6).
ZONE_SOA = """$ORIGIN {origin}
$TTL 300
@ IN NS ns
ns IN A 1.2.3.4
; the record under test
@ IN {rtype} {rdata}
"""

ERR_RE = re.compile(r"^([a-z_]+): [^:]*:6: (.*)$")
SUM_RE = re.compile(r"loading from master file [^ ]* failed: (.*)$")


def run_bind(case):
    rtype, rdata = case
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "z.db")
        with open(path, "w", encoding="latin-1") as f:
            zone = ZONE_SOA if rtype == "SOA" else ZONE
            f.write(zone.format(origin=ORIGIN, rtype=rtype, rdata=rdata))
        p = subprocess.run(["named-checkzone", "-i", "local", "-k", "ignore",
                            "example.com", path], capture_output=True, text=True,
                           encoding="latin-1", timeout=60, check=False)
    prefix = msg = summary = None
    for line in (p.stdout + p.stderr).splitlines():
        m = ERR_RE.match(line)
        if m and prefix is None:
            prefix, msg = m.group(1), m.group(2)
        m = SUM_RE.search(line)
        if m:
            summary = m.group(1)
    if p.returncode == 0:
        return (rtype, rdata, "ok", None, None)
    if prefix is None or summary is None:
        return (rtype, rdata, "other", None, None)
    return (rtype, rdata, prefix, msg, summary)


def shown_at(rdata, msg):
    """Which token BIND showed: its index, "eol", or "q" (quoted)."""
    if msg.startswith("near eol"):
        return "eol"
    m = re.match(r"near '(.*)': ", msg)
    if not m:
        return "q"
    toks = tokenize(rdata)
    return toks.index(m.group(1)) if m.group(1) in toks else "?"


def cstr(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif o < 0x20 or o >= 0x7f:
            out.append("\\%03o" % o)
        elif ch == "?":
            out.append("\\?")  # no trigraphs
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def emit(rows):
    lines = ["/* BEGIN GENERATED by gen_rdata_errors.py: do not edit */",
             "static const struct err_row err_rows[] = {"]
    for rtype, rdata, msg, summary in rows:
        if msg is None:
            lines.append("\t{ %s, %s, NULL, NULL }," % (cstr(rtype),
                                                         cstr(rdata)))
        else:
            lines.append("\t{ %s, %s,\n\t  %s,\n\t  %s }," % (
                cstr(rtype), cstr(rdata), cstr(msg), cstr(summary)))
    lines.append("};")
    lines.append("/* END GENERATED */")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write", help="rdata_errors.h to update in place")
    ap.add_argument("--tsv", help="also write all results here")
    args = ap.parse_args()

    cases = []
    seen = set()
    for rtype, rdata in GOOD:
        for c in [(rtype, rdata)] + mutants(rtype, rdata):
            if c not in seen:
                seen.add(c)
                cases.append(c)
    for c in EXTRA:
        if c not in seen:
            seen.add(c)
            cases.append(c)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(run_bind, cases))

    if args.tsv:
        with open(args.tsv, "w", encoding="latin-1") as f:
            for r in results:
                f.write("\t".join("" if x is None else x for x in r) + "\n")

    # One row per (type, cause, position of the token shown) among the
    # mutants, every hand-written case, and one accepted record per type.
    # MD and MF are left out: BIND reports them as obsolete at the master
    # file level whatever their rdata.
    extra = set(EXTRA)
    rows, keys = [], set()
    for rtype, rdata, prefix, msg, summary in results:
        if rtype in ("MD", "MF"):
            continue
        if prefix == "ok":
            key = (rtype, "ok", rdata if (rtype, rdata) in extra else "")
        elif prefix == "dns_rdata_fromtext":
            key = (rtype, summary, shown_at(rdata, msg))
            if (rtype, rdata) in extra:
                key += (rdata,)
        else:
            continue
        if key in keys:
            continue
        keys.add(key)
        rows.append((rtype, rdata, msg, summary))
    print("%d cases, %d rows" % (len(results), len(rows)), file=sys.stderr)
    text = emit(rows)
    if args.write:
        with open(args.write, encoding="utf-8") as f:
            src = f.read()
        begin = src.index("/* BEGIN GENERATED by gen_rdata_errors.py")
        end = src.index("/* END GENERATED */") + len("/* END GENERATED */\n")
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(src[:begin] + text + src[end:])
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()

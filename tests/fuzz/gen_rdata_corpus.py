#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Writes the seed corpora of the rdata fuzz targets:
#   corpus/rdata_fromtext/<n>: 2-byte type (big endian) + presentation text
#   corpus/rdata_fromwire/<n>: 2-byte type + wire rdata (from dnspython)
# Usage: gen_rdata_corpus.py   (run from anywhere; needs python3-dnspython)
import os
import dns.rdata
import dns.rdataclass
import dns.rdatatype

SEEDS = r'''
A 192.0.2.1
NS ns.example.
CNAME www
SOA ns hostmaster 2024010101 3600 900 604800 300
MX 10 Mail.Example.
TXT "hello" "a\"b" "\255"
AAAA 2001:db8::1
PTR host.example.
HINFO "PC" "Linux"
MINFO a. b.
RP mbox.example. txt.example.
AFSDB 1 afs.example.
RT 10 relay.example.
PX 10 a.example. b.example.
X25 311061700956
ISDN 150862028003217 004
NSAP 0x47000580005a0000000001e133ffffff00016100
WKS 192.0.2.1 tcp 25 80
LOC 52 22 23.5 N 4 53 32.123 E -2.00m 1.5m 10000m 10m
SRV 0 5 5060 sip.example.
NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.
KX 10 kx.example.
CERT PGP 0 0 AAAA
A6 64 ::1:2:3:4 prefix.example.
DNAME target.example.
APL 1:192.168.32.0/21 !2:2001:db8::/32
DS 12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE1B8BB2E3D5F6C0E53E7F1A2B
SSHFP 1 1 123456789abcdef67890123456789abcdef67890
IPSECKEY 10 3 2 gw.example. AQNR
RRSIG A 8 2 3600 20300101000000 20200101000000 1234 example. AAAA
NSEC a.example. A NS SOA RRSIG NSEC TYPE1234
DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
NSEC3 1 0 10 ab 0123456789abcdefghijklmnopqrstuv A NS RRSIG
NSEC3PARAM 1 0 10 abcd
TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
SMIMEA 3 1 1 0C72AC70
HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAbdx rvs1.example.
CDS 0 0 0 00
CDNSKEY 0 3 0 AA==
OPENPGPKEY AAAA
CSYNC 66 3 A NS AAAA
ZONEMD 2018031500 1 240 FEBEFEBEFEBEFEBEFEBEFEBE
SVCB 1 . alpn=h2,h3 port=443 ipv4hint=1.2.3.4 mandatory=port,alpn
HTTPS 1 svc.example. alpn="h\\,2" no-default-alpn ech=AAAA ipv6hint=::1 key65000="x"
SPF "v=spf1 -all"
NID 10 14:4fff:ff20:ee64
L32 10 1.2.3.4
L64 10 2001:db8:1140:1000
LP 10 l64.example.
EUI48 01-23-45-67-89-ab
EUI64 01-23-45-67-89-ab-cd-ef
URI 10 1 "ftp://ftp1.example.com/public"
CAA 0 issue "ca.example; x=y"
DLV 12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE
TA 12345 8 1 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE
KEY 49152 3 8
SIG A 8 2 3600 20300101000000 20200101000000 1234 example. AAAA
NXT a.example. A MX
AMTRELAY 10 1 3 relay.example.
DOA 1 2 3 "text/plain" -
AVC "app-name:x"
ATMA +61200000000
EID 1234
SINK 1 2 3 AAAA
GPOS -32.6882 116.8652 10.0
TALINK a. b.
NINFO "x"
RKEY 0 3 8 AAAA
DSYNC CDS NOTIFY 5359 a.example.
TSIG hmac-sha256. 1700000000 300 4 AAAAAA== 1234 BADTIME 6 AAAAAAAA
TKEY gss-tsig. 20200101000000 20300101000000 3 NOERROR 4 AAAAAA== 0
TYPE999 \# 4 0a000001
NULL \# 2 abcd
OPT \# 8 000a0004deadbeef
A 1.2.3
TXT "unterminated
SVCB 1 . mandatory=alpn
LOC 90 1 0 N 180 W 0
'''

TYPES = {'TSIG': 250, 'TKEY': 249, 'OPT': 41, 'NULL': 10, 'TYPE999': 999,
         'NXT': 30, 'SIG': 24, 'KEY': 25, 'A6': 38, 'DSYNC': 66,
         'SMIMEA': 53, 'RKEY': 57, 'TALINK': 58, 'ZONEMD': 63, 'NID': 104,
         'L32': 105, 'L64': 106, 'LP': 107, 'EUI48': 108, 'EUI64': 109,
         'AVC': 258, 'DOA': 259, 'AMTRELAY': 260, 'ATMA': 34, 'EID': 31,
         'SINK': 40, 'NINFO': 56, 'CSYNC': 62, 'TA': 32768, 'DLV': 32769}


def typenum(name):
    if name in TYPES:
        return TYPES[name]
    return int(dns.rdatatype.from_text(name))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    tdir = os.path.join(here, 'corpus', 'rdata_fromtext')
    wdir = os.path.join(here, 'corpus', 'rdata_fromwire')
    os.makedirs(tdir, exist_ok=True)
    os.makedirs(wdir, exist_ok=True)
    nt = nw = 0
    for line in SEEDS.strip().split('\n'):
        name, _, text = line.partition(' ')
        t = typenum(name)
        with open(os.path.join(tdir, 'seed%03d' % nt), 'wb') as f:
            f.write(t.to_bytes(2, 'big') + text.encode())
        nt += 1
        try:
            rd = dns.rdata.from_text(dns.rdataclass.IN, t, text,
                                     origin=dns.name.root)
            wire = rd.to_wire()
        except Exception:
            continue
        with open(os.path.join(wdir, 'seed%03d' % nw), 'wb') as f:
            f.write(t.to_bytes(2, 'big') + wire)
        nw += 1
    # compressed names inside rdata (the fuzz input is the message)
    extra = [(15, b'\x00\x0a\xc0\x00'), (2, b'\xc0\x00'), (6, b'\x00' * 22),
             (47, b'\x00\x00\x01\x40'), (64, b'\x00\x01\x00')]
    for t, wire in extra:
        with open(os.path.join(wdir, 'seed%03d' % nw), 'wb') as f:
            f.write(t.to_bytes(2, 'big') + wire)
        nw += 1
    print('wrote', nt, 'text and', nw, 'wire seeds')


if __name__ == '__main__':
    main()

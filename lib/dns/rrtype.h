/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RR type and class numbers, names and properties. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

enum {
	DITTO_TYPE_A = 1,
	DITTO_TYPE_NS = 2,
	DITTO_TYPE_MD = 3,
	DITTO_TYPE_MF = 4,
	DITTO_TYPE_CNAME = 5,
	DITTO_TYPE_SOA = 6,
	DITTO_TYPE_MB = 7,
	DITTO_TYPE_MG = 8,
	DITTO_TYPE_MR = 9,
	DITTO_TYPE_NULL = 10,
	DITTO_TYPE_WKS = 11,
	DITTO_TYPE_PTR = 12,
	DITTO_TYPE_HINFO = 13,
	DITTO_TYPE_MINFO = 14,
	DITTO_TYPE_MX = 15,
	DITTO_TYPE_TXT = 16,
	DITTO_TYPE_RP = 17,
	DITTO_TYPE_AFSDB = 18,
	DITTO_TYPE_X25 = 19,
	DITTO_TYPE_ISDN = 20,
	DITTO_TYPE_RT = 21,
	DITTO_TYPE_NSAP = 22,
	DITTO_TYPE_NSAP_PTR = 23,
	DITTO_TYPE_SIG = 24,
	DITTO_TYPE_KEY = 25,
	DITTO_TYPE_PX = 26,
	DITTO_TYPE_GPOS = 27,
	DITTO_TYPE_AAAA = 28,
	DITTO_TYPE_LOC = 29,
	DITTO_TYPE_NXT = 30,
	DITTO_TYPE_EID = 31,
	DITTO_TYPE_NIMLOC = 32,
	DITTO_TYPE_SRV = 33,
	DITTO_TYPE_ATMA = 34,
	DITTO_TYPE_NAPTR = 35,
	DITTO_TYPE_KX = 36,
	DITTO_TYPE_CERT = 37,
	DITTO_TYPE_A6 = 38,
	DITTO_TYPE_DNAME = 39,
	DITTO_TYPE_SINK = 40,
	DITTO_TYPE_OPT = 41,
	DITTO_TYPE_APL = 42,
	DITTO_TYPE_DS = 43,
	DITTO_TYPE_SSHFP = 44,
	DITTO_TYPE_IPSECKEY = 45,
	DITTO_TYPE_RRSIG = 46,
	DITTO_TYPE_NSEC = 47,
	DITTO_TYPE_DNSKEY = 48,
	DITTO_TYPE_DHCID = 49,
	DITTO_TYPE_NSEC3 = 50,
	DITTO_TYPE_NSEC3PARAM = 51,
	DITTO_TYPE_TLSA = 52,
	DITTO_TYPE_SMIMEA = 53,
	DITTO_TYPE_HIP = 55,
	DITTO_TYPE_NINFO = 56,
	DITTO_TYPE_RKEY = 57,
	DITTO_TYPE_TALINK = 58,
	DITTO_TYPE_CDS = 59,
	DITTO_TYPE_CDNSKEY = 60,
	DITTO_TYPE_OPENPGPKEY = 61,
	DITTO_TYPE_CSYNC = 62,
	DITTO_TYPE_ZONEMD = 63,
	DITTO_TYPE_SVCB = 64,
	DITTO_TYPE_HTTPS = 65,
	DITTO_TYPE_DSYNC = 66,
	DITTO_TYPE_HHIT = 67,
	DITTO_TYPE_BRID = 68,
	DITTO_TYPE_SPF = 99,
	DITTO_TYPE_UINFO = 100,
	DITTO_TYPE_UID = 101,
	DITTO_TYPE_GID = 102,
	DITTO_TYPE_UNSPEC = 103,
	DITTO_TYPE_NID = 104,
	DITTO_TYPE_L32 = 105,
	DITTO_TYPE_L64 = 106,
	DITTO_TYPE_LP = 107,
	DITTO_TYPE_EUI48 = 108,
	DITTO_TYPE_EUI64 = 109,
	DITTO_TYPE_TKEY = 249,
	DITTO_TYPE_TSIG = 250,
	DITTO_TYPE_IXFR = 251,
	DITTO_TYPE_AXFR = 252,
	DITTO_TYPE_MAILB = 253,
	DITTO_TYPE_MAILA = 254,
	DITTO_TYPE_ANY = 255,
	DITTO_TYPE_URI = 256,
	DITTO_TYPE_CAA = 257,
	DITTO_TYPE_AVC = 258,
	DITTO_TYPE_DOA = 259,
	DITTO_TYPE_AMTRELAY = 260,
	DITTO_TYPE_RESINFO = 261,
	DITTO_TYPE_WALLET = 262,
	DITTO_TYPE_TA = 32768,
	DITTO_TYPE_DLV = 32769,
};

enum {
	DITTO_CLASS_IN = 1,
	DITTO_CLASS_CH = 3,
	DITTO_CLASS_HS = 4,
	DITTO_CLASS_NONE = 254,
	DITTO_CLASS_ANY = 255,
};

/*! Longest text of a type or class ("TYPE65535", "CLASS65535"), with NUL. */
#define DITTO_RRTYPE_MAXTEXT 16

/*!
 * \brief Mnemonic of a type ("AAAA"), or NULL when it has none.
 * Thread safety: safe.
 */
const char *ditto_rrtype_name(uint16_t type);

/*!
 * \brief Text of a type: its mnemonic, or "TYPEnnn" (RFC 3597).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_rrtype_totext(uint16_t type, char *buf, size_t bufsize);

/*!
 * \brief Parse a type mnemonic (any case) or "TYPEnnn".
 * \retval DITTO_R_SUCCESS, DITTO_R_BADTYPE
 */
ditto_result_t ditto_rrtype_fromtext(const char *text, size_t len,
                                     uint16_t *type) DITTO_MUSTCHECK;

/*! \brief Text of a class: "IN", "CH", "HS", "NONE", "ANY" or "CLASSnnn". */
ditto_result_t ditto_rrclass_totext(uint16_t rclass, char *buf, size_t bufsize);

/*!
 * \brief Parse a class mnemonic (any case) or "CLASSnnn".
 * \retval DITTO_R_SUCCESS, DITTO_R_BADCLASS
 */
ditto_result_t ditto_rrclass_fromtext(const char *text, size_t len,
                                      uint16_t *rclass) DITTO_MUSTCHECK;

/*! \brief Meta and question-only types (OPT, TSIG, TKEY, IXFR, AXFR, MAILA,
 * MAILB, ANY): never stored in a zone. */
bool ditto_rrtype_ismeta(uint16_t type);

/*! \brief Types whose records are the only ones of their kind at a name in
 * a zone that may coexist with CNAME (RRSIG, NSEC, KEY, NXT). */
bool ditto_rrtype_cname_compatible(uint16_t type);

/*! \brief Singleton types: at most one record per RRset (SOA, CNAME,
 * DNAME). */
bool ditto_rrtype_issingleton(uint16_t type);

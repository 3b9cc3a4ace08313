/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RR type and class numbers, names and properties.
 *
 * The mnemonic table follows the set BIND 9.18 knows (named-rrchecker -T),
 * plus the meta and question types. Unknown numbers print as TYPEnnn /
 * CLASSnnn (RFC 3597), and those forms are always accepted on input.
 */
#include "dns/rrtype.h"

#include <string.h>

#include "util/assert.h"

/*
 * Type names are on the path of every record a master file or a message
 * dump goes through, so both directions avoid snprintf and strlen: totext
 * indexes a table by number (the few types above 262 are special-cased),
 * fromtext folds the token to upper case once and binary-searches a table
 * sorted by name, with the lengths precomputed.
 */
typedef struct tname {
	const char *name; /*!< mnemonic, or NULL */
	uint8_t len;      /*!< strlen(name) */
} typename_t;

#define N(x) [DITTO_TYPE_##x] = { #x, sizeof(#x) - 1 }

/* Indexed by type number, 0..DITTO_TYPE_WALLET. */
static const typename_t bynumber[DITTO_TYPE_WALLET + 1] = {
	N(A),
	N(NS),
	N(MD),
	N(MF),
	N(CNAME),
	N(SOA),
	N(MB),
	N(MG),
	N(MR),
	N(NULL),
	N(WKS),
	N(PTR),
	N(HINFO),
	N(MINFO),
	N(MX),
	N(TXT),
	N(RP),
	N(AFSDB),
	N(X25),
	N(ISDN),
	N(RT),
	N(NSAP),
	[DITTO_TYPE_NSAP_PTR] = { "NSAP-PTR", 8 },
	N(SIG),
	N(KEY),
	N(PX),
	N(GPOS),
	N(AAAA),
	N(LOC),
	N(NXT),
	N(EID),
	N(NIMLOC),
	N(SRV),
	N(ATMA),
	N(NAPTR),
	N(KX),
	N(CERT),
	N(A6),
	N(DNAME),
	N(SINK),
	N(OPT),
	N(APL),
	N(DS),
	N(SSHFP),
	N(IPSECKEY),
	N(RRSIG),
	N(NSEC),
	N(DNSKEY),
	N(DHCID),
	N(NSEC3),
	N(NSEC3PARAM),
	N(TLSA),
	N(SMIMEA),
	N(HIP),
	N(NINFO),
	N(RKEY),
	N(TALINK),
	N(CDS),
	N(CDNSKEY),
	N(OPENPGPKEY),
	N(CSYNC),
	N(ZONEMD),
	N(SVCB),
	N(HTTPS),
	N(DSYNC),
	N(HHIT),
	N(BRID),
	N(SPF),
	N(UINFO),
	N(UID),
	N(GID),
	N(UNSPEC),
	N(NID),
	N(L32),
	N(L64),
	N(LP),
	N(EUI48),
	N(EUI64),
	N(TKEY),
	N(TSIG),
	N(IXFR),
	N(AXFR),
	N(MAILB),
	N(MAILA),
	N(ANY),
	N(URI),
	N(CAA),
	N(AVC),
	N(DOA),
	N(AMTRELAY),
	N(RESINFO),
	N(WALLET),
};

static const typename_t ta_name = { "TA", 2 }, dlv_name = { "DLV", 3 };

typedef struct typeentry {
	const char *name; /*!< mnemonic, upper case */
	uint8_t len;      /*!< strlen(name) */
	uint16_t type;    /*!< its number */
} typeentry_t;

#define A(x)                                       \
	{                                          \
#x, sizeof(#x) - 1, DITTO_TYPE_##x \
	}

/* Sorted by name (strcmp order), for fromtext. */
static const typeentry_t byname[] = {
	A(A),          A(A6),
	A(AAAA),       A(AFSDB),
	A(AMTRELAY),   A(ANY),
	A(APL),        A(ATMA),
	A(AVC),        A(AXFR),
	A(BRID),       A(CAA),
	A(CDNSKEY),    A(CDS),
	A(CERT),       A(CNAME),
	A(CSYNC),      A(DHCID),
	A(DLV),        A(DNAME),
	A(DNSKEY),     A(DOA),
	A(DS),         A(DSYNC),
	A(EID),        A(EUI48),
	A(EUI64),      A(GID),
	A(GPOS),       A(HHIT),
	A(HINFO),      A(HIP),
	A(HTTPS),      A(IPSECKEY),
	A(ISDN),       A(IXFR),
	A(KEY),        A(KX),
	A(L32),        A(L64),
	A(LOC),        A(LP),
	A(MAILA),      A(MAILB),
	A(MB),         A(MD),
	A(MF),         A(MG),
	A(MINFO),      A(MR),
	A(MX),         A(NAPTR),
	A(NID),        A(NIMLOC),
	A(NINFO),      A(NS),
	A(NSAP),       { "NSAP-PTR", 8, DITTO_TYPE_NSAP_PTR },
	A(NSEC),       A(NSEC3),
	A(NSEC3PARAM), A(NULL),
	A(NXT),        A(OPENPGPKEY),
	A(OPT),        A(PTR),
	A(PX),         A(RESINFO),
	A(RKEY),       A(RP),
	A(RRSIG),      A(RT),
	A(SIG),        A(SINK),
	A(SMIMEA),     A(SOA),
	A(SPF),        A(SRV),
	A(SSHFP),      A(SVCB),
	A(TA),         A(TALINK),
	A(TKEY),       A(TLSA),
	A(TSIG),       A(TXT),
	A(UID),        A(UINFO),
	A(UNSPEC),     A(URI),
	A(WALLET),     A(WKS),
	A(X25),        A(ZONEMD),
};

#define NBYNAME (sizeof(byname) / sizeof(byname[0]))

static const typename_t *
lookup_number(uint16_t type)
{
	if (type <= DITTO_TYPE_WALLET) {
		return bynumber[type].name != NULL ? &bynumber[type] : NULL;
	}
	if (type == DITTO_TYPE_TA) {
		return &ta_name;
	}
	return type == DITTO_TYPE_DLV ? &dlv_name : NULL;
}

const char *
ditto_rrtype_name(uint16_t type)
{
	const typename_t *t = lookup_number(type);
	return t != NULL ? t->name : NULL;
}

/* "<prefix><n>" into buf; false when it does not fit. */
static bool
put_prefixed(char *buf, size_t bufsize, const char *prefix, size_t plen,
             unsigned int n)
{
	char digits[5];
	size_t nd = 0;
	do {
		digits[nd++] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0 && nd < sizeof(digits));
	if (bufsize <= plen + nd) {
		return false;
	}
	memcpy(buf, prefix, plen);
	for (size_t i = 0; i < nd; i++) {
		buf[plen + i] = digits[nd - 1 - i];
	}
	buf[plen + nd] = '\0';
	return true;
}

ditto_result_t
ditto_rrtype_totext(uint16_t type, char *buf, size_t bufsize)
{
	REQUIRE(buf != NULL);
	const typename_t *t = lookup_number(type);
	if (t == NULL) {
		return put_prefixed(buf, bufsize, "TYPE", 4, type)
		               ? DITTO_R_SUCCESS
		               : DITTO_R_NOSPACE;
	}
	if (bufsize <= t->len) {
		return DITTO_R_NOSPACE;
	}
	memcpy(buf, t->name, (size_t)t->len + 1);
	return DITTO_R_SUCCESS;
}

/* Upper-case copy of text into up (size > len); false if not a letter,
 * digit or '-' somewhere (no mnemonic has anything else). */
static bool
fold(const char *text, size_t len, char *up)
{
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c >= 'a' && c <= 'z') {
			c = (char)(c - 32);
		} else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		             c == '-')) {
			return false;
		}
		up[i] = c;
	}
	return true;
}

/* "<prefix>nnn" (prefix upper case, text already folded), nnn 0..65535. */
static bool
prefixed_number(const char *up, size_t len, const char *prefix, size_t plen,
                uint16_t *v)
{
	if (len <= plen || len > plen + 5 || memcmp(up, prefix, plen) != 0) {
		return false;
	}
	uint32_t n = 0;
	for (size_t i = plen; i < len; i++) {
		if (up[i] < '0' || up[i] > '9') {
			return false;
		}
		n = n * 10 + (uint32_t)(up[i] - '0');
	}
	if (n > 0xffff) {
		return false;
	}
	*v = (uint16_t)n;
	return true;
}

/* Longest mnemonic or TYPEnnnnn. */
#define MAXNAME 10

ditto_result_t
ditto_rrtype_fromtext(const char *text, size_t len, uint16_t *type)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(type != NULL);
	char up[MAXNAME];
	if (len == 0 || len > MAXNAME || !fold(text, len, up)) {
		return DITTO_R_BADTYPE;
	}
	size_t lo = 0, hi = NBYNAME;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const typeentry_t *e = &byname[mid];
		size_t n = len < e->len ? len : e->len;
		int c = memcmp(up, e->name, n);
		if (c == 0) {
			c = len < e->len ? -1 : len > e->len ? 1 : 0;
		}
		if (c == 0) {
			*type = e->type;
			return DITTO_R_SUCCESS;
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	if (prefixed_number(up, len, "TYPE", 4, type)) {
		return DITTO_R_SUCCESS;
	}
	return DITTO_R_BADTYPE;
}

typedef struct classname {
	uint16_t rclass;
	const char *name;
	uint8_t len;
} classname_t;

/* The first five are the printed names. */
static const classname_t classnames[] = {
	{ DITTO_CLASS_IN, "IN", 2 },     { DITTO_CLASS_CH, "CH", 2 },
	{ DITTO_CLASS_HS, "HS", 2 },     { DITTO_CLASS_NONE, "NONE", 4 },
	{ DITTO_CLASS_ANY, "ANY", 3 },   { DITTO_CLASS_CH, "CHAOS", 5 },
	{ DITTO_CLASS_HS, "HESIOD", 6 },
};

ditto_result_t
ditto_rrclass_totext(uint16_t rclass, char *buf, size_t bufsize)
{
	REQUIRE(buf != NULL);
	for (size_t i = 0; i < 5; i++) {
		if (classnames[i].rclass == rclass) {
			size_t n = classnames[i].len;
			if (bufsize <= n) {
				return DITTO_R_NOSPACE;
			}
			memcpy(buf, classnames[i].name, n + 1);
			return DITTO_R_SUCCESS;
		}
	}
	return put_prefixed(buf, bufsize, "CLASS", 5, rclass) ? DITTO_R_SUCCESS
	                                                      : DITTO_R_NOSPACE;
}

ditto_result_t
ditto_rrclass_fromtext(const char *text, size_t len, uint16_t *rclass)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(rclass != NULL);
	char up[MAXNAME];
	if (len == 0 || len > MAXNAME || !fold(text, len, up)) {
		return DITTO_R_BADCLASS;
	}
	for (size_t i = 0; i < sizeof(classnames) / sizeof(classnames[0]);
	     i++) {
		if (classnames[i].len == len &&
		    memcmp(up, classnames[i].name, len) == 0) {
			*rclass = classnames[i].rclass;
			return DITTO_R_SUCCESS;
		}
	}
	if (prefixed_number(up, len, "CLASS", 5, rclass)) {
		return DITTO_R_SUCCESS;
	}
	return DITTO_R_BADCLASS;
}

bool
ditto_rrtype_ismeta(uint16_t type)
{
	switch (type) {
	case DITTO_TYPE_OPT:
	case DITTO_TYPE_TSIG:
	case DITTO_TYPE_TKEY:
	case DITTO_TYPE_IXFR:
	case DITTO_TYPE_AXFR:
	case DITTO_TYPE_MAILA:
	case DITTO_TYPE_MAILB:
	case DITTO_TYPE_ANY:
		return true;
	default:
		return false;
	}
}

bool
ditto_rrtype_cname_compatible(uint16_t type)
{
	return type == DITTO_TYPE_RRSIG || type == DITTO_TYPE_NSEC ||
	       type == DITTO_TYPE_KEY || type == DITTO_TYPE_NXT;
}

bool
ditto_rrtype_issingleton(uint16_t type)
{
	return type == DITTO_TYPE_SOA || type == DITTO_TYPE_CNAME ||
	       type == DITTO_TYPE_DNAME;
}

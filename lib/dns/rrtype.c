/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RR type and class numbers, names and properties.
 *
 * The mnemonic table follows the set BIND 9.18 knows (named-rrchecker -T),
 * plus the meta and question types. Unknown numbers print as TYPEnnn /
 * CLASSnnn (RFC 3597), and those forms are always accepted on input.
 */
#include "dns/rrtype.h"

#include <stdio.h>
#include <string.h>

#include "util/assert.h"

typedef struct typename
{
	uint16_t type;
	const char *name;
}
typename_t;

#define T(x)                       \
	{                          \
		DITTO_TYPE_##x, #x \
	}

/* Sorted by number, so totext can binary-search. */
static const typename_t typenames[] = {
	T(A),
	T(NS),
	T(MD),
	T(MF),
	T(CNAME),
	T(SOA),
	T(MB),
	T(MG),
	T(MR),
	T(NULL),
	T(WKS),
	T(PTR),
	T(HINFO),
	T(MINFO),
	T(MX),
	T(TXT),
	T(RP),
	T(AFSDB),
	T(X25),
	T(ISDN),
	T(RT),
	T(NSAP),
	{ DITTO_TYPE_NSAP_PTR, "NSAP-PTR" },
	T(SIG),
	T(KEY),
	T(PX),
	T(GPOS),
	T(AAAA),
	T(LOC),
	T(NXT),
	T(EID),
	T(NIMLOC),
	T(SRV),
	T(ATMA),
	T(NAPTR),
	T(KX),
	T(CERT),
	T(A6),
	T(DNAME),
	T(SINK),
	T(OPT),
	T(APL),
	T(DS),
	T(SSHFP),
	T(IPSECKEY),
	T(RRSIG),
	T(NSEC),
	T(DNSKEY),
	T(DHCID),
	T(NSEC3),
	T(NSEC3PARAM),
	T(TLSA),
	T(SMIMEA),
	T(HIP),
	T(NINFO),
	T(RKEY),
	T(TALINK),
	T(CDS),
	T(CDNSKEY),
	T(OPENPGPKEY),
	T(CSYNC),
	T(ZONEMD),
	T(SVCB),
	T(HTTPS),
	T(DSYNC),
	T(HHIT),
	T(BRID),
	T(SPF),
	T(UINFO),
	T(UID),
	T(GID),
	T(UNSPEC),
	T(NID),
	T(L32),
	T(L64),
	T(LP),
	T(EUI48),
	T(EUI64),
	T(TKEY),
	T(TSIG),
	T(IXFR),
	T(AXFR),
	T(MAILB),
	T(MAILA),
	T(ANY),
	T(URI),
	T(CAA),
	T(AVC),
	T(DOA),
	T(AMTRELAY),
	T(RESINFO),
	T(WALLET),
	T(TA),
	T(DLV),
};

#define NTYPES (sizeof(typenames) / sizeof(typenames[0]))

const char *
ditto_rrtype_name(uint16_t type)
{
	size_t lo = 0, hi = NTYPES;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (typenames[mid].type == type) {
			return typenames[mid].name;
		}
		if (typenames[mid].type < type) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

ditto_result_t
ditto_rrtype_totext(uint16_t type, char *buf, size_t bufsize)
{
	REQUIRE(buf != NULL);
	const char *name = ditto_rrtype_name(type);
	int n = name != NULL ? snprintf(buf, bufsize, "%s", name)
	                     : snprintf(buf, bufsize, "TYPE%u", type);
	return n < 0 || (size_t)n >= bufsize ? DITTO_R_NOSPACE
	                                     : DITTO_R_SUCCESS;
}

static bool
caseeq(const char *a, size_t alen, const char *b)
{
	size_t n = strlen(b);
	if (alen != n) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'a' && x <= 'z') {
			x = (char)(x - 32);
		}
		if (x != y) {
			return false;
		}
	}
	return true;
}

/* "<prefix>nnn" with nnn decimal 0..65535. */
static bool
prefixed_number(const char *text, size_t len, const char *prefix, uint16_t *v)
{
	size_t plen = strlen(prefix);
	if (len <= plen || len > plen + 5) {
		return false;
	}
	for (size_t i = 0; i < plen; i++) {
		char c = text[i];
		if (c >= 'a' && c <= 'z') {
			c = (char)(c - 32);
		}
		if (c != prefix[i]) {
			return false;
		}
	}
	uint32_t n = 0;
	for (size_t i = plen; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return false;
		}
		n = n * 10 + (uint32_t)(text[i] - '0');
	}
	if (n > 0xffff) {
		return false;
	}
	*v = (uint16_t)n;
	return true;
}

ditto_result_t
ditto_rrtype_fromtext(const char *text, size_t len, uint16_t *type)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(type != NULL);
	for (size_t i = 0; i < NTYPES; i++) {
		if (caseeq(text, len, typenames[i].name)) {
			*type = typenames[i].type;
			return DITTO_R_SUCCESS;
		}
	}
	if (prefixed_number(text, len, "TYPE", type)) {
		return DITTO_R_SUCCESS;
	}
	return DITTO_R_BADTYPE;
}

typedef struct classname {
	uint16_t rclass;
	const char *name;
} classname_t;

static const classname_t classnames[] = {
	{ DITTO_CLASS_IN, "IN" },     { DITTO_CLASS_CH, "CH" },
	{ DITTO_CLASS_HS, "HS" },     { DITTO_CLASS_NONE, "NONE" },
	{ DITTO_CLASS_ANY, "ANY" },   { DITTO_CLASS_CH, "CHAOS" },
	{ DITTO_CLASS_HS, "HESIOD" },
};

ditto_result_t
ditto_rrclass_totext(uint16_t rclass, char *buf, size_t bufsize)
{
	REQUIRE(buf != NULL);
	const char *name = NULL;
	for (size_t i = 0; i < 5; i++) {
		if (classnames[i].rclass == rclass) {
			name = classnames[i].name;
			break;
		}
	}
	int n = name != NULL ? snprintf(buf, bufsize, "%s", name)
	                     : snprintf(buf, bufsize, "CLASS%u", rclass);
	return n < 0 || (size_t)n >= bufsize ? DITTO_R_NOSPACE
	                                     : DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rrclass_fromtext(const char *text, size_t len, uint16_t *rclass)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(rclass != NULL);
	for (size_t i = 0; i < sizeof(classnames) / sizeof(classnames[0]);
	     i++) {
		if (caseeq(text, len, classnames[i].name)) {
			*rclass = classnames[i].rclass;
			return DITTO_R_SUCCESS;
		}
	}
	if (prefixed_number(text, len, "CLASS", rclass)) {
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

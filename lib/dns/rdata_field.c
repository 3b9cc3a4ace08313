/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata field kinds: wire check, text output and text input of each.
 *
 * A type is a list of field kinds (rdata.c); this file implements the
 * common kinds. The special kinds that take the rest of an rdata (LOC,
 * APL, SVCB parameters, ...) live in rdata_special.c and rdata_svcb.c. A
 * check function gets the bytes left in the rdata and returns how many the
 * field uses, or FORMERR; it never reads past `avail`.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rdata_p.h"
#include "dns/rrtype.h"
#include "util/hex.h"

#define TOKARG(t) (int)((t)->len > RD_TOKSHOW ? RD_TOKSHOW : (t)->len), (t)->s

/* ---- fixed sizes ---- */

static ditto_result_t
fixed(size_t n, size_t avail, size_t *used)
{
	if (avail < n) {
		return DITTO_R_FORMERR;
	}
	*used = n;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
rest(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
rest_nonempty(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = avail;
	return avail == 0 ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

static ditto_result_t
check1(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return fixed(1, avail, used);
}

static ditto_result_t
check2(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return fixed(2, avail, used);
}

static ditto_result_t
check4(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return fixed(4, avail, used);
}

static ditto_result_t
check16(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return fixed(16, avail, used);
}

/* Length byte plus that many bytes. */
static ditto_result_t
check_counted(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail < 1 || avail < 1 + (size_t)p[0]) {
		return DITTO_R_FORMERR;
	}
	*used = 1 + (size_t)p[0];
	return DITTO_R_SUCCESS;
}

/* ---- names ---- */

ditto_result_t
ditto__rd_name_check(const uint8_t *rd, const uint8_t *p, size_t avail,
                     size_t *used)
{
	(void)rd;
	if (ditto_name_check(p, avail, true, used) != DITTO_R_SUCCESS) {
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__rd_name_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	char buf[DITTO_NAME_MAXTEXT];
	size_t n;
	(void)len;
	if (ditto_name_totext(p, tx->origin, buf, sizeof(buf), &n) !=
	    DITTO_R_SUCCESS) {
		tx->o.full = true;
		return DITTO_R_NOSPACE;
	}
	ditto__rd_putmem(&tx->o, buf, n);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
name_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto__rd_name(tc, t);
}

static const rd_kindops_t name_ops = { ditto__rd_name_check,
	                               ditto__rd_name_totext, name_fromtext };

/* ---- integers ---- */

static ditto_result_t
u8_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u", p[0]);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
u16_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u", ditto_read16(p));
	return DITTO_R_SUCCESS;
}

static ditto_result_t
u32_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u", ditto_read32(p));
	return DITTO_R_SUCCESS;
}

static ditto_result_t
put_number(rd_tc_t *tc, uint32_t max, int width)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_number(tc, t, max, "number", &v);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (width == 1) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	} else if (width == 2) {
		ditto_buf_put16(tc->out, (uint16_t)v);
	} else {
		ditto_buf_put32(tc->out, v);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
u8_fromtext(rd_tc_t *tc)
{
	return put_number(tc, 0xff, 1);
}

static ditto_result_t
u16_fromtext(rd_tc_t *tc)
{
	return put_number(tc, 0xffff, 2);
}

static ditto_result_t
u32_fromtext(rd_tc_t *tc)
{
	return put_number(tc, 0xffffffffu, 4);
}

static const rd_kindops_t u8_ops = { check1, u8_totext, u8_fromtext };
static const rd_kindops_t u16_ops = { check2, u16_totext, u16_fromtext };
static const rd_kindops_t u32_ops = { check4, u32_totext, u32_fromtext };

/* TTL-style: a number, or units 1w2d3h4m5s (any case), as BIND. */
static ditto_result_t
parse_ttl(const ditto_token_t *t, uint32_t *out)
{
	uint64_t total = 0, n = 0;
	bool digits = false, units = false;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (c >= '0' && c <= '9') {
			n = n * 10 + (uint64_t)(c - '0');
			digits = true;
			if (n > 0xffffffffULL) {
				return DITTO_R_RANGE;
			}
			continue;
		}
		uint64_t mult;
		switch (c | 0x20) {
		case 'w':
			mult = 604800;
			break;
		case 'd':
			mult = 86400;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'm':
			mult = 60;
			break;
		case 's':
			mult = 1;
			break;
		default:
			return DITTO_R_SYNTAX;
		}
		if (!digits) {
			return DITTO_R_SYNTAX;
		}
		total += n * mult;
		if (total > 0xffffffffULL) {
			return DITTO_R_RANGE;
		}
		n = 0;
		digits = false;
		units = true;
	}
	if (digits) {
		if (units) {
			return DITTO_R_SYNTAX;
		}
		total = n;
	} else if (!units) {
		return DITTO_R_SYNTAX;
	}
	*out = (uint32_t)total;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
ttl_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	r = parse_ttl(t, &v);
	if (r == DITTO_R_RANGE) {
		return ditto__rd_fail(tc, r, "time value '%.*s' out of range",
		                      TOKARG(t));
	}
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "bad time value '%.*s'", TOKARG(t));
	}
	ditto_buf_put32(tc->out, v);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t ttl_ops = { check4, u32_totext, ttl_fromtext };

/* ---- type, algorithm, digest mnemonics ---- */

static ditto_result_t
type_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	char buf[DITTO_RRTYPE_MAXTEXT];
	(void)len;
	if (ditto_rrtype_totext(ditto_read16(p), buf, sizeof(buf)) !=
	    DITTO_R_SUCCESS) {
		return DITTO_R_NOSPACE;
	}
	ditto__rd_puts(&tx->o, buf);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
type_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint16_t type;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (ditto_rrtype_fromtext(t->s, t->len, &type) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_BADTYPE,
		                      "unknown RR type '%.*s'", TOKARG(t));
	}
	ditto_buf_put16(tc->out, type);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t type_ops = { check2, type_totext, type_fromtext };

typedef struct mnemonic {
	uint32_t value;
	const char *name;
} mnemonic_t;

static const mnemonic_t algorithms[] = {
	{ 1, "RSAMD5" },
	{ 2, "DH" },
	{ 3, "DSA" },
	{ 4, "ECC" },
	{ 5, "RSASHA1" },
	{ 6, "NSEC3DSA" },
	{ 6, "DSA-NSEC3-SHA1" },
	{ 7, "NSEC3RSASHA1" },
	{ 7, "RSASHA1-NSEC3-SHA1" },
	{ 8, "RSASHA256" },
	{ 10, "RSASHA512" },
	{ 12, "ECCGOST" },
	{ 13, "ECDSAP256SHA256" },
	{ 14, "ECDSAP384SHA384" },
	{ 15, "ED25519" },
	{ 16, "ED448" },
	{ 252, "INDIRECT" },
	{ 253, "PRIVATEDNS" },
	{ 254, "PRIVATEOID" },
	{ 0, NULL },
};

static const mnemonic_t digests[] = {
	{ 1, "SHA-1" }, { 1, "SHA1" },    { 2, "SHA-256" }, { 2, "SHA256" },
	{ 3, "GOST" },  { 4, "SHA-384" }, { 4, "SHA384" },  { 0, NULL },
};

static const mnemonic_t certtypes[] = {
	{ 1, "PKIX" },  { 2, "SPKI" },  { 3, "PGP" },    { 4, "IPKIX" },
	{ 5, "ISPKI" }, { 6, "IPGP" },  { 7, "ACPKIX" }, { 8, "IACPKIX" },
	{ 253, "URI" }, { 254, "OID" }, { 0, NULL },
};

static const mnemonic_t dsyncschemes[] = {
	{ 1, "NOTIFY" },
	{ 0, NULL },
};

/* A number up to max, or one of the mnemonics. */
static ditto_result_t
mnemonic_value(rd_tc_t *tc, const ditto_token_t *t, const mnemonic_t *tab,
               uint32_t max, const char *what, uint32_t *v)
{
	if (t->len > 0 && t->s[0] >= '0' && t->s[0] <= '9') {
		return ditto__rd_number(tc, t, max, what, v);
	}
	for (const mnemonic_t *m = tab; m->name != NULL; m++) {
		if (ditto__rd_tokeq(t, m->name)) {
			*v = m->value;
			return DITTO_R_SUCCESS;
		}
	}
	return ditto__rd_fail(tc, DITTO_R_SYNTAX, "unknown %s '%.*s'", what,
	                      TOKARG(t));
}

ditto_result_t
ditto__rd_algorithm(rd_tc_t *tc, const ditto_token_t *t, uint32_t *v)
{
	return mnemonic_value(tc, t, algorithms, 0xff, "algorithm", v);
}

static ditto_result_t
alg_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_algorithm(tc, t, &v);
	}
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	}
	return r;
}

static ditto_result_t
digest_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = mnemonic_value(tc, t, digests, 0xff, "digest type", &v);
	}
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	}
	return r;
}

static const rd_kindops_t alg_ops = { check1, u8_totext, alg_fromtext };
static const rd_kindops_t digest_ops = { check1, u8_totext, digest_fromtext };

static ditto_result_t
certtype_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	uint16_t v = ditto_read16(p);
	(void)len;
	for (const mnemonic_t *m = certtypes; m->name != NULL; m++) {
		if (m->value == v) {
			ditto__rd_puts(&tx->o, m->name);
			return DITTO_R_SUCCESS;
		}
	}
	ditto__rd_printf(&tx->o, "%u", v);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
certtype_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = mnemonic_value(tc, t, certtypes, 0xffff, "certificate type",
		                   &v);
	}
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put16(tc->out, (uint16_t)v);
	}
	return r;
}

static const rd_kindops_t certtype_ops = { check2, certtype_totext,
	                                   certtype_fromtext };

/* CERT prints its algorithm as a mnemonic (BIND's dns_secalg_totext). */
static ditto_result_t
certalg_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	for (const mnemonic_t *m = algorithms; m->name != NULL; m++) {
		if (m->value == p[0]) {
			ditto__rd_puts(&tx->o, m->name);
			return DITTO_R_SUCCESS;
		}
	}
	ditto__rd_printf(&tx->o, "%u", p[0]);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t certalg_ops = { check1, certalg_totext,
	                                  alg_fromtext };

static ditto_result_t
dsyncsch_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	if (p[0] == 1) {
		ditto__rd_puts(&tx->o, "NOTIFY");
	} else {
		ditto__rd_printf(&tx->o, "%u", p[0]);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
dsyncsch_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = mnemonic_value(tc, t, dsyncschemes, 0xff, "scheme", &v);
	}
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	}
	return r;
}

static const rd_kindops_t dsyncsch_ops = { check1, dsyncsch_totext,
	                                   dsyncsch_fromtext };

/* ---- RRSIG time ---- */

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
isleap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * YYYYMMDDHHMMSS -> seconds since the epoch, modulo 2^32. Years from 1901
 * are read (BIND takes 1970 on), so that every time BIND prints, such as
 * 19691231235959 for 0xffffffff, reads back.
 */
static ditto_result_t
parse_time14(const char *s, uint32_t *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30,
		                          31, 31, 30, 31, 30, 31 };
	unsigned v[6] = { 0 };
	static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
	for (int f = 0, k = 0; f < 6; f++) {
		for (int j = 0; j < widths[f]; j++, k++) {
			if (s[k] < '0' || s[k] > '9') {
				return DITTO_R_SYNTAX;
			}
			v[f] = v[f] * 10 + (unsigned)(s[k] - '0');
		}
	}
	if (v[0] < 1901 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 ||
	    v[4] > 59 || v[5] > 60) {
		return DITTO_R_RANGE;
	}
	unsigned dim = mdays[v[1] - 1] + (v[1] == 2 && isleap(v[0]) ? 1 : 0);
	if (v[2] > dim) {
		return DITTO_R_RANGE;
	}
	int64_t t = days_from_civil(v[0], v[1], v[2]) * 86400 +
	            (int64_t)v[3] * 3600 + (int64_t)v[4] * 60 + v[5];
	*out = (uint32_t)(uint64_t)t;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
time_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v = 0;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len <= 10 && t->len > 0 && t->s[0] != '-') {
		r = ditto__rd_number(tc, t, 0xffffffffu, "time", &v);
	} else if (t->len == 14) {
		r = parse_time14(t->s, &v);
		if (r != DITTO_R_SUCCESS) {
			r = ditto__rd_fail(tc, r, "bad time '%.*s'", TOKARG(t));
		}
	} else {
		r = ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad time '%.*s'",
		                   TOKARG(t));
	}
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put32(tc->out, v);
	}
	return r;
}

/*
 * BIND maps the 32-bit value to the moment closest to now (serial number
 * arithmetic), so the text of a far time depends on the current date.
 */
static ditto_result_t
time_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	int64_t now = (int64_t)time(NULL);
	int64_t t = (int64_t)ditto_read32(p);
	for (int i = 0; i < 4 && now - t >= 0x7fffffffLL; i++) {
		t += 0x100000000LL;
	}
	for (int i = 0; i < 4 && t - now > 0x7fffffffLL; i++) {
		t -= 0x100000000LL;
	}
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	/* civil from days (Howard Hinnant's algorithm) */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	ditto__rd_printf(&tx->o, "%04lld%02u%02u%02u%02u%02u", (long long)y, m,
	                 d, (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
	                 (unsigned)(secs % 60));
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t time_ops = { check4, time_totext, time_fromtext };

/* ---- addresses ---- */

static ditto_result_t
addr_fromtext(rd_tc_t *tc, int af)
{
	const ditto_token_t *t;
	char buf[64];
	uint8_t addr[16];
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len >= sizeof(buf)) {
		goto bad;
	}
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (inet_pton(af, buf, addr) != 1) {
		goto bad;
	}
	if (ditto_buf_avail(tc->out) < (af == AF_INET ? 4u : 16u)) {
		return ditto__rd_fail(tc, DITTO_R_NOSPACE, "rdata too long");
	}
	ditto_buf_putmem(tc->out, addr, af == AF_INET ? 4 : 16);
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad %s address '%.*s'",
	                      af == AF_INET ? "IPv4" : "IPv6", TOKARG(t));
}

static ditto_result_t
a_fromtext(rd_tc_t *tc)
{
	return addr_fromtext(tc, AF_INET);
}

static ditto_result_t
aaaa_fromtext(rd_tc_t *tc)
{
	return addr_fromtext(tc, AF_INET6);
}

static ditto_result_t
a_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
aaaa_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	(void)len;
	if (inet_ntop(AF_INET6, p, buf, sizeof(buf)) == NULL) {
		return DITTO_R_FORMERR;
	}
	ditto__rd_puts(&tx->o, buf);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t a_ops = { check4, a_totext, a_fromtext };
static const rd_kindops_t aaaa_ops = { check16, aaaa_totext, aaaa_fromtext };

/* ---- character-strings ---- */

static ditto_result_t
string_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_putstring(&tx->o, p + 1, p[0]);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
put_string(rd_tc_t *tc, const ditto_token_t *t)
{
	uint8_t buf[256];
	size_t n;
	ditto_result_t r = ditto__rd_unescape(t, buf, 255, &n);
	if (r == DITTO_R_RANGE) {
		return ditto__rd_fail(tc, r,
		                      "character-string longer than 255 bytes");
	}
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, r, "bad escape in '%.*s'", TOKARG(t));
	}
	if (ditto_buf_avail(tc->out) < n + 1) {
		return ditto__rd_fail(tc, DITTO_R_NOSPACE, "rdata too long");
	}
	ditto_buf_put8(tc->out, (uint8_t)n);
	ditto_buf_putmem(tc->out, buf, n);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
string_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return put_string(tc, t);
}

static ditto_result_t
stropt_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	if (avail == 0) {
		*used = 0;
		return DITTO_R_SUCCESS;
	}
	return check_counted(rd, p, avail, used);
}

static ditto_result_t
stropt_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	if (len == 0) {
		return DITTO_R_SUCCESS;
	}
	return string_totext(tx, p, len);
}

static ditto_result_t
stropt_fromtext(rd_tc_t *tc)
{
	if (!ditto__rd_more(tc)) {
		return DITTO_R_SUCCESS;
	}
	return string_fromtext(tc);
}

static ditto_result_t
strs_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail == 0) {
		return DITTO_R_FORMERR;
	}
	size_t o = 0;
	while (o < avail) {
		if ((size_t)p[o] + 1 > avail - o) {
			return DITTO_R_FORMERR;
		}
		o += (size_t)p[o] + 1;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
strs_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	for (size_t o = 0; o < len && !tx->o.full; o += (size_t)p[o] + 1) {
		if (o > 0) {
			ditto__rd_puts(&tx->o, " ");
		}
		ditto__rd_putstring(&tx->o, p + o + 1, p[o]);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
strs_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	while (r == DITTO_R_SUCCESS) {
		r = put_string(tc, t);
		if (r != DITTO_R_SUCCESS || !ditto__rd_more(tc)) {
			break;
		}
		r = ditto__rd_next(tc, &t);
	}
	return r;
}

/* X25 PSDN address: digits only, at least 4 (BIND). */
static ditto_result_t
x25_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	ditto_result_t r = check_counted(rd, p, avail, used);
	if (r != DITTO_R_SUCCESS || p[0] < 4) {
		return DITTO_R_FORMERR;
	}
	for (size_t i = 1; i <= p[0]; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return DITTO_R_FORMERR;
		}
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
x25_fromtext(rd_tc_t *tc)
{
	size_t start = tc->out->pos;
	ditto_result_t r = string_fromtext(tc);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t used;
	if (x25_check(NULL, tc->out->base + start, tc->out->pos - start,
	              &used) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "bad X25 address: need 4+ digits");
	}
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t str_ops = { check_counted, string_totext,
	                              string_fromtext };
static const rd_kindops_t stropt_ops = { stropt_check, stropt_totext,
	                                 stropt_fromtext };
static const rd_kindops_t strs_ops = { strs_check, strs_totext, strs_fromtext };
static const rd_kindops_t x25_ops = { x25_check, string_totext, x25_fromtext };

/* Rest of the rdata as one quoted string (URI target, CAA value). */
static ditto_result_t
strend_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	ditto__rd_putstring(&tx->o, p, len);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
strend_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint8_t buf[DITTO_RDATA_MAX];
	size_t n;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (tc->type == DITTO_TYPE_URI && !t->quoted) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "URI target must be quoted");
	}
	r = ditto__rd_unescape(t, buf, sizeof(buf), &n);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_BADESCAPE,
		                      "bad escape in '%.*s'", TOKARG(t));
	}
	if (ditto_buf_avail(tc->out) < n) {
		return ditto__rd_fail(tc, DITTO_R_NOSPACE, "rdata too long");
	}
	ditto_buf_putmem(tc->out, buf, n);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t strend_ops = { rest, strend_totext, strend_fromtext };

/* CAA tag: 1..255 letters and digits. */
static ditto_result_t
caatag_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	ditto_result_t r = check_counted(rd, p, avail, used);
	if (r != DITTO_R_SUCCESS || p[0] == 0) {
		return DITTO_R_FORMERR;
	}
	for (size_t i = 1; i <= p[0]; i++) {
		uint8_t c = p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z'))) {
			return DITTO_R_FORMERR;
		}
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
caatag_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_putmem(&tx->o, (const char *)p + 1, p[0]);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
caatag_fromtext(rd_tc_t *tc)
{
	size_t start = tc->out->pos;
	ditto_result_t r = string_fromtext(tc);
	size_t used;
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (caatag_check(NULL, tc->out->base + start, tc->out->pos - start,
	                 &used) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "bad CAA tag: letters and digits only");
	}
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t caatag_ops = { caatag_check, caatag_totext,
	                                 caatag_fromtext };

/* ---- base64 and hex ---- */

static ditto_result_t
b64_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	ditto__rd_putb64(&tx->o, p, len, RD_CHUNK);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
b64_fromtext(rd_tc_t *tc)
{
	return ditto__rd_b64rest(tc, false);
}

static ditto_result_t
b64opt_fromtext(rd_tc_t *tc)
{
	return ditto__rd_b64rest(tc, true);
}

static ditto_result_t
b64dash_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	if (len == 0) {
		ditto__rd_puts(&tx->o, "-");
		return DITTO_R_SUCCESS;
	}
	return b64_totext(tx, p, len);
}

static ditto_result_t
b64dash_fromtext(rd_tc_t *tc)
{
	if (tc->i + 1 == tc->ntok && ditto__rd_tokeq(&tc->tok[tc->i], "-")) {
		tc->i++;
		return DITTO_R_SUCCESS;
	}
	return ditto__rd_b64rest(tc, false);
}

/* KEY: no key material only when the flags say "no key" (0xc000). */
static ditto_result_t
keydata_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)p;
	*used = avail;
	if (avail == 0 && (ditto_read16(rd) & 0xc000) != 0xc000) {
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
keydata_fromtext(rd_tc_t *tc)
{
	bool nokey = tc->out->pos >= 4 &&
	             (ditto_read16(tc->out->base) & 0xc000) == 0xc000;
	return ditto__rd_b64rest(tc, nokey);
}

static ditto_result_t
hex_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	ditto__rd_puthex(&tx->o, p, len, RD_CHUNK);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
hex_fromtext(rd_tc_t *tc)
{
	return ditto__rd_hexrest(tc, false);
}

static ditto_result_t
hexopt_fromtext(rd_tc_t *tc)
{
	return ditto__rd_hexrest(tc, true);
}

static const rd_kindops_t b64_ops = { rest_nonempty, b64_totext, b64_fromtext };
static const rd_kindops_t b64opt_ops = { rest, b64_totext, b64opt_fromtext };
static const rd_kindops_t b64dash_ops = { rest, b64dash_totext,
	                                  b64dash_fromtext };
static const rd_kindops_t keydata_ops = { keydata_check, b64_totext,
	                                  keydata_fromtext };
static const rd_kindops_t hex_ops = { rest_nonempty, hex_totext, hex_fromtext };
static const rd_kindops_t hexopt_ops = { rest, hex_totext, hexopt_fromtext };

/* NSEC3 salt: length byte + hex, "-" when empty. */
static ditto_result_t
salt_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	if (p[0] == 0) {
		ditto__rd_puts(&tx->o, "-");
	} else {
		ditto__rd_puthex(&tx->o, p + 1, p[0], 0);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
salt_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (ditto__rd_tokeq(t, "-")) {
		ditto_buf_put8(tc->out, 0);
		return DITTO_R_SUCCESS;
	}
	if (t->len > 510) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "salt longer than 255 bytes");
	}
	size_t lenpos = tc->out->pos;
	ditto_buf_put8(tc->out, 0);
	r = ditto_hex_decode(t->s, t->len, tc->out);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc,
		                      r == DITTO_R_NOSPACE ? r : DITTO_R_BADHEX,
		                      "bad hex salt '%.*s'", TOKARG(t));
	}
	tc->out->base[lenpos] = (uint8_t)(tc->out->pos - lenpos - 1);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t salt_ops = { check_counted, salt_totext,
	                               salt_fromtext };

/* NSEC3 next hashed owner: length byte (>= 1) + base32hex. */
static ditto_result_t
b32_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	ditto_result_t r = check_counted(rd, p, avail, used);
	return r != DITTO_R_SUCCESS || p[0] == 0 ? DITTO_R_FORMERR : r;
}

static ditto_result_t
b32_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	char buf[420];
	(void)len;
	if (ditto_base32hex_encode(p + 1, p[0], buf, sizeof(buf)) !=
	    DITTO_R_SUCCESS) {
		return DITTO_R_NOSPACE;
	}
	ditto__rd_puts(&tx->o, buf);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
b32_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t lenpos = tc->out->pos;
	uint8_t tmp[256];
	ditto_buf_t b;
	ditto_buf_init(&b, tmp, 255);
	r = ditto_base32hex_decode(t->s, t->len, &b);
	if (r != DITTO_R_SUCCESS || b.pos == 0) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "bad base32hex hash '%.*s'", TOKARG(t));
	}
	ditto_buf_put8(tc->out, (uint8_t)b.pos);
	ditto_buf_putmem(tc->out, tmp, b.pos);
	(void)lenpos;
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t b32_ops = { b32_check, b32_totext, b32_fromtext };

/* ---- type bitmaps (RFC 4034 section 4.1.2) ---- */

static ditto_result_t
bitmap_check_common(const uint8_t *p, size_t avail, bool nonempty)
{
	size_t o = 0;
	int last = -1;
	if (avail == 0) {
		return nonempty ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
	}
	while (o < avail) {
		if (avail - o < 2) {
			return DITTO_R_FORMERR;
		}
		uint8_t win = p[o], len = p[o + 1];
		if ((int)win <= last || len == 0 || len > 32 ||
		    avail - o - 2 < len || p[o + 1 + len] == 0) {
			return DITTO_R_FORMERR;
		}
		last = win;
		o += 2 + (size_t)len;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
bitmap_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	*used = avail;
	return bitmap_check_common(p, avail, false);
}

static ditto_result_t
bitmapne_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	*used = avail;
	return bitmap_check_common(p, avail, true);
}

static void
put_type(rd_tx_t *tx, uint16_t type, bool *first)
{
	char buf[DITTO_RRTYPE_MAXTEXT];
	if (ditto_rrtype_totext(type, buf, sizeof(buf)) != DITTO_R_SUCCESS) {
		return;
	}
	if (!*first) {
		ditto__rd_puts(&tx->o, " ");
	}
	*first = false;
	ditto__rd_puts(&tx->o, buf);
}

static ditto_result_t
bitmap_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	bool first = true;
	for (size_t o = 0; o + 2 <= len && !tx->o.full;) {
		uint8_t win = p[o], n = p[o + 1];
		for (unsigned i = 0; i < n && o + 2 + i < len; i++) {
			for (unsigned b = 0; b < 8; b++) {
				if (p[o + 2 + i] & (0x80 >> b)) {
					put_type(tx,
					         (uint16_t)(win * 256 + i * 8 +
					                    b),
					         &first);
				}
			}
		}
		o += 2 + (size_t)n;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
collect_types(rd_tc_t *tc, uint8_t *bits, unsigned int maxtype)
{
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t = &tc->tok[tc->i++];
		uint16_t type;
		if (ditto_rrtype_fromtext(t->s, t->len, &type) !=
		    DITTO_R_SUCCESS) {
			return ditto__rd_fail(tc, DITTO_R_BADTYPE,
			                      "unknown RR type '%.*s'",
			                      TOKARG(t));
		}
		if (type > maxtype) {
			return ditto__rd_fail(tc, DITTO_R_RANGE,
			                      "type '%.*s' too large for NXT",
			                      TOKARG(t));
		}
		bits[type / 8] |= (uint8_t)(0x80 >> (type % 8));
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
bitmap_fromtext_common(rd_tc_t *tc, bool nonempty)
{
	static const uint8_t zero32[32];
	uint8_t bits[8192];
	memset(bits, 0, sizeof(bits));
	ditto_result_t r = collect_types(tc, bits, 65535);
	bool any = false;
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	for (unsigned w = 0; w < 256; w++) {
		const uint8_t *win = bits + w * 32;
		if (memcmp(win, zero32, 32) == 0) {
			continue;
		}
		unsigned n = 32;
		while (win[n - 1] == 0) {
			n--;
		}
		if (ditto_buf_avail(tc->out) < n + 2) {
			return ditto__rd_fail(tc, DITTO_R_NOSPACE,
			                      "rdata too long");
		}
		ditto_buf_put8(tc->out, (uint8_t)w);
		ditto_buf_put8(tc->out, (uint8_t)n);
		ditto_buf_putmem(tc->out, win, n);
		any = true;
	}
	if (!any && nonempty) {
		return ditto__rd_fail(tc, DITTO_R_UNEXPECTEDEND,
		                      "empty type bitmap");
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
bitmap_fromtext(rd_tc_t *tc)
{
	return bitmap_fromtext_common(tc, false);
}

static ditto_result_t
bitmapne_fromtext(rd_tc_t *tc)
{
	return bitmap_fromtext_common(tc, true);
}

static const rd_kindops_t bitmap_ops = { bitmap_check, bitmap_totext,
	                                 bitmap_fromtext };
static const rd_kindops_t bitmapne_ops = { bitmapne_check, bitmap_totext,
	                                   bitmapne_fromtext };

/* NXT (RFC 2535): one block for types 1..127, trailing zeros trimmed. */
static ditto_result_t
nxtmap_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail > 16 ||
	    (avail > 0 && ((p[0] & 0x80) != 0 || p[avail - 1] == 0))) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
nxtmap_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	bool first = true;
	for (size_t i = 0; i < len; i++) {
		for (unsigned b = 0; b < 8; b++) {
			if (p[i] & (0x80 >> b)) {
				put_type(tx, (uint16_t)(i * 8 + b), &first);
			}
		}
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
nxtmap_fromtext(rd_tc_t *tc)
{
	uint8_t bits[16] = { 0 };
	ditto_result_t r = collect_types(tc, bits, 127);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (bits[0] & 0x80) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "type 0 not allowed in NXT");
	}
	size_t n = 16;
	while (n > 0 && bits[n - 1] == 0) {
		n--;
	}
	ditto_buf_putmem(tc->out, bits, n);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t nxtmap_ops = { nxtmap_check, nxtmap_totext,
	                                 nxtmap_fromtext };

const rd_kindops_t *const ditto__rd_kinds[F_NKINDS] = {
	[F_NAMEC] = &name_ops,
	[F_NAME] = &name_ops,
	[F_NAMEN] = &name_ops,
	[F_U8] = &u8_ops,
	[F_U16] = &u16_ops,
	[F_U32] = &u32_ops,
	[F_TTL] = &ttl_ops,
	[F_TYPE] = &type_ops,
	[F_ALG] = &alg_ops,
	[F_CERTALG] = &certalg_ops,
	[F_DIGEST] = &digest_ops,
	[F_TIME] = &time_ops,
	[F_A] = &a_ops,
	[F_AAAA] = &aaaa_ops,
	[F_STR] = &str_ops,
	[F_STROPT] = &stropt_ops,
	[F_STRS] = &strs_ops,
	[F_X25] = &x25_ops,
	[F_B64] = &b64_ops,
	[F_B64OPT] = &b64opt_ops,
	[F_B64DASH] = &b64dash_ops,
	[F_KEYDATA] = &keydata_ops,
	[F_HEX] = &hex_ops,
	[F_HEXOPT] = &hexopt_ops,
	[F_SALT] = &salt_ops,
	[F_B32] = &b32_ops,
	[F_BITMAP] = &bitmap_ops,
	[F_BITMAPNE] = &bitmapne_ops,
	[F_NXTMAP] = &nxtmap_ops,
	[F_EUI48] = &ditto__rd_eui48_ops,
	[F_EUI64] = &ditto__rd_eui64_ops,
	[F_ILNP] = &ditto__rd_ilnp_ops,
	[F_STREND] = &strend_ops,
	[F_CAATAG] = &caatag_ops,
	[F_CERTTYPE] = &certtype_ops,
	[F_PROTO] = &ditto__rd_proto_ops,
	[F_PORTMAP] = &ditto__rd_portmap_ops,
	[F_DSYNCSCH] = &dsyncsch_ops,
	[F_LOC] = &ditto__rd_loc_ops,
	[F_APL] = &ditto__rd_apl_ops,
	[F_SVCPARAMS] = &ditto__rd_svcparams_ops,
	[F_IPSECKEY] = &ditto__rd_ipseckey_ops,
	[F_HIP] = &ditto__rd_hip_ops,
	[F_AMTRELAY] = &ditto__rd_amtrelay_ops,
	[F_A6] = &ditto__rd_a6_ops,
	[F_NSAP] = &ditto__rd_nsap_ops,
	[F_ATMA] = &ditto__rd_atma_ops,
	[F_TSIG] = &ditto__rd_tsig_ops,
	[F_TKEY] = &ditto__rd_tkey_ops,
	[F_OPT] = &ditto__rd_opt_ops,
};

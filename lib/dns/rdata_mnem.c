/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata field kinds read as mnemonics or numbers: RR types, DNSSEC
 * algorithms, digest types, CERT types, KEY flags and protocols, DSYNC
 * schemes, and the RRSIG/SIG times.
 *
 * The rules of what is accepted, and the cause reported when not, follow
 * BIND 9.18 (checked with named-checkzone): a mnemonic field takes a number
 * when the token starts with a digit and is at most 12 characters, else a
 * mnemonic ("unknown class/type" when there is none); numbers beyond the
 * field are "out of range". KEY flags also take hexadecimal and
 * '|'-separated flag names ("unknown flag"). Errors are shown at the token.
 */
#include <string.h>
#include <time.h>

#include "dns/rdata_p.h"
#include "dns/rrtype.h"

static ditto_result_t
check1(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = 1;
	return avail < 1 ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

static ditto_result_t
check2(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = 2;
	return avail < 2 ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

static ditto_result_t
check4(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = 4;
	return avail < 4 ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

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

static int
digit(char c, unsigned int base)
{
	int v = c >= '0' && c <= '9'   ? c - '0'
	        : c >= 'a' && c <= 'z' ? c - 'a' + 10
	        : c >= 'A' && c <= 'Z' ? c - 'A' + 10
	                               : 99;
	return v < (int)base ? v : -1;
}

/*
 * Unsigned number in \a base over the whole of s (strtoul-like: base 16
 * may start with 0x). SUCCESS, RANGE (over 2^32-1) or SYNTAX.
 */
static ditto_result_t
parse_u32(const char *s, size_t len, unsigned int base, uint32_t *v)
{
	size_t i = 0;
	uint64_t n = 0;
	bool over = false;
	if (base == 16 && len > 2 && s[0] == '0' && (s[1] | 0x20) == 'x' &&
	    digit(s[2], 16) >= 0) {
		i = 2;
	}
	if (i >= len) {
		return DITTO_R_SYNTAX;
	}
	for (; i < len; i++) {
		int d = digit(s[i], base);
		if (d < 0) {
			return DITTO_R_SYNTAX;
		}
		n = n * base + (uint64_t)d;
		if (n > 0xffffffffULL) {
			over = true;
			n = 0xffffffffULL + 1;
		}
	}
	if (over) {
		return DITTO_R_RANGE;
	}
	*v = (uint32_t)n;
	return DITTO_R_SUCCESS;
}

/* A number in a mnemonic field: SUCCESS, RANGE, or SYNTAX (not one). */
static ditto_result_t
maybe_numeric(const ditto_token_t *t, uint32_t max, bool hex, uint32_t *v)
{
	if (t->len == 0 || t->len > 12 || t->s[0] < '0' || t->s[0] > '9') {
		return DITTO_R_SYNTAX;
	}
	ditto_result_t r = parse_u32(t->s, t->len, 10, v);
	if (r == DITTO_R_SYNTAX && hex) {
		r = parse_u32(t->s, t->len, 16, v);
	}
	if (r == DITTO_R_SUCCESS && *v > max) {
		r = DITTO_R_RANGE;
	}
	return r;
}

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

static const mnemonic_t secprotos[] = {
	{ 0, "NONE" },  { 1, "TLS" },   { 2, "EMAIL" }, { 3, "DNSSEC" },
	{ 4, "IPSEC" }, { 255, "ALL" }, { 0, NULL },
};

static const mnemonic_t hashalgs[] = {
	{ 1, "SHA-1" },
	{ 0, NULL },
};

static const mnemonic_t dsyncschemes[] = {
	{ 1, "NOTIFY" },
	{ 0, NULL },
};

/* A number up to max, or one of the mnemonics; errors at the token. */
static ditto_result_t
mnemonic_value(rd_tc_t *tc, const mnemonic_t *tab, uint32_t max, uint32_t *v)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	r = maybe_numeric(t, max, false, v);
	if (r != DITTO_R_SYNTAX) {
		return r == DITTO_R_SUCCESS ? r : ditto__rd_tokerr(tc, r, NULL);
	}
	for (const mnemonic_t *m = tab; m->name != NULL; m++) {
		if (ditto__rd_tokeq(t, m->name)) {
			*v = m->value;
			return DITTO_R_SUCCESS;
		}
	}
	return ditto__rd_tokerr(tc, DITTO_R_BADTYPE, NULL);
}

static ditto_result_t
put8_mnemonic(rd_tc_t *tc, const mnemonic_t *tab)
{
	uint32_t v;
	ditto_result_t r = mnemonic_value(tc, tab, 0xff, &v);
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	}
	return r;
}

static ditto_result_t
alg_fromtext(rd_tc_t *tc)
{
	return put8_mnemonic(tc, algorithms);
}

static ditto_result_t
digest_fromtext(rd_tc_t *tc)
{
	return put8_mnemonic(tc, digests);
}

static ditto_result_t
secproto_fromtext(rd_tc_t *tc)
{
	return put8_mnemonic(tc, secprotos);
}

static ditto_result_t
hashalg_fromtext(rd_tc_t *tc)
{
	return put8_mnemonic(tc, hashalgs);
}

/* BIND shows DSYNC scheme errors at the token after it. */
static ditto_result_t
dsyncsch_fromtext(rd_tc_t *tc)
{
	if (ditto__rd_more(tc) && tc->tok[tc->i].quoted) {
		tc->i++;
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_UNEXPTOKEN);
	}
	ditto_err_t *err = tc->err;
	tc->err = NULL;
	ditto_result_t r = put8_mnemonic(tc, dsyncschemes);
	tc->err = err;
	return r == DITTO_R_SUCCESS ? r : ditto__rd_err(tc, r, NULL);
}

const rd_kindops_t ditto__rd_alg_ops = { check1, u8_totext, alg_fromtext };
const rd_kindops_t ditto__rd_digest_ops = { check1, u8_totext,
	                                    digest_fromtext };
const rd_kindops_t ditto__rd_hashalg_ops = { check1, u8_totext,
	                                     hashalg_fromtext };
const rd_kindops_t ditto__rd_secproto_ops = { check1, u8_totext,
	                                      secproto_fromtext };

static ditto_result_t
print_mnemonic(rd_tx_t *tx, const mnemonic_t *tab, uint32_t v)
{
	for (const mnemonic_t *m = tab; m->name != NULL; m++) {
		if (m->value == v) {
			ditto__rd_puts(&tx->o, m->name);
			return DITTO_R_SUCCESS;
		}
	}
	ditto__rd_printf(&tx->o, "%u", v);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
certtype_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	return print_mnemonic(tx, certtypes, ditto_read16(p));
}

static ditto_result_t
certtype_fromtext(rd_tc_t *tc)
{
	uint32_t v;
	ditto_result_t r = mnemonic_value(tc, certtypes, 0xffff, &v);
	if (r == DITTO_R_SUCCESS) {
		ditto_buf_put16(tc->out, (uint16_t)v);
	}
	return r;
}

const rd_kindops_t ditto__rd_certtype_ops = { check2, certtype_totext,
	                                      certtype_fromtext };

/* CERT prints its algorithm as a mnemonic (BIND's dns_secalg_totext). */
static ditto_result_t
certalg_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	return print_mnemonic(tx, algorithms, p[0]);
}

const rd_kindops_t ditto__rd_certalg_ops = { check1, certalg_totext,
	                                     alg_fromtext };

static ditto_result_t
dsyncsch_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	return print_mnemonic(tx, dsyncschemes, p[0]);
}

const rd_kindops_t ditto__rd_dsyncsch_ops = { check1, dsyncsch_totext,
	                                      dsyncsch_fromtext };

/* ---- KEY flags (RFC 2535 names) ---- */

static const mnemonic_t keyflags[] = {
	{ 0x4000, "NOCONF" }, { 0x8000, "NOAUTH" }, { 0xC000, "NOKEY" },
	{ 0x2000, "FLAG2" },  { 0x1000, "EXTEND" }, { 0x0800, "FLAG4" },
	{ 0x0400, "FLAG5" },  { 0x0000, "USER" },   { 0x0100, "ZONE" },
	{ 0x0200, "HOST" },   { 0x0300, "NTYP3" },  { 0x0080, "FLAG8" },
	{ 0x0040, "FLAG9" },  { 0x0020, "FLAG10" }, { 0x0010, "FLAG11" },
	{ 0x0000, "SIG0" },   { 0x0001, "SIG1" },   { 0x0002, "SIG2" },
	{ 0x0003, "SIG3" },   { 0x0004, "SIG4" },   { 0x0005, "SIG5" },
	{ 0x0006, "SIG6" },   { 0x0007, "SIG7" },   { 0x0008, "SIG8" },
	{ 0x0009, "SIG9" },   { 0x000A, "SIG10" },  { 0x000B, "SIG11" },
	{ 0x000C, "SIG12" },  { 0x000D, "SIG13" },  { 0x000E, "SIG14" },
	{ 0x000F, "SIG15" },  { 0, NULL },
};

/* One flag name; like BIND, a leading part of a name matches it. */
static bool
keyflag(const char *s, size_t len, uint32_t *v)
{
	for (const mnemonic_t *m = keyflags; m->name != NULL; m++) {
		size_t n = strlen(m->name);
		size_t k = 0;
		while (k < len && k < n &&
		       (s[k] | 0x20) == (m->name[k] | 0x20)) {
			k++;
		}
		if (k == len || (k == n && len <= n)) {
			*v |= m->value;
			return true;
		}
	}
	return false;
}

static ditto_result_t
keyflags_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v = 0;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	r = maybe_numeric(t, 0xffff, true, &v);
	if (r == DITTO_R_RANGE) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	if (r != DITTO_R_SUCCESS) {
		v = 0;
		for (size_t i = 0; i < t->len;) {
			const char *bar = memchr(t->s + i, '|', t->len - i);
			size_t n = bar != NULL ? (size_t)(bar - (t->s + i))
			                       : t->len - i;
			if (!keyflag(t->s + i, n, &v)) {
				return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
				                        RD_S_UNKFLAG);
			}
			i += n + (bar != NULL ? 1 : 0);
		}
	}
	if (tc->type == DITTO_TYPE_RKEY && v != 0) {
		return ditto__rd_tokerr(tc, DITTO_R_FORMERR, NULL);
	}
	ditto_buf_put16(tc->out, (uint16_t)v);
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_keyflags_ops = { check2, u16_totext,
	                                      keyflags_fromtext };

/* ---- RR type ---- */

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

/*
 * A type mnemonic, TYPEnnn, or (as BIND's SIG, RRSIG and DSYNC read it
 * with strtol) a decimal number with an optional sign: out of 0..65535 is
 * "out of range", trailing junk "unknown class/type".
 */
static ditto_result_t
type_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint16_t type;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (ditto_rrtype_fromtext(t->s, t->len, &type) != DITTO_R_SUCCESS) {
		size_t i = 0;
		bool neg = false;
		uint64_t n = 0;
		if (i < t->len && (t->s[i] == '-' || t->s[i] == '+')) {
			neg = t->s[i++] == '-';
		}
		size_t start = i;
		for (; i < t->len && t->s[i] >= '0' && t->s[i] <= '9'; i++) {
			n = n < 100000 ? n * 10 + (uint64_t)(t->s[i] - '0') : n;
		}
		if (i > start && ((neg && n > 0) || n > 65535)) {
			return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
		}
		if (i == start || i != t->len) {
			return ditto__rd_tokerr(tc, DITTO_R_BADTYPE, NULL);
		}
		type = (uint16_t)n;
	}
	ditto_buf_put16(tc->out, type);
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_type_ops = { check2, type_totext, type_fromtext };

/* ---- RRSIG and SIG times ---- */

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
parse_time14(const ditto_token_t *t, uint32_t *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30,
		                          31, 31, 30, 31, 30, 31 };
	static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
	unsigned v[6] = { 0 };
	if (t->len != 14) {
		return DITTO_R_SYNTAX;
	}
	for (int f = 0, k = 0; f < 6; f++) {
		for (int j = 0; j < widths[f]; j++, k++) {
			if (t->s[k] < '0' || t->s[k] > '9') {
				return DITTO_R_SYNTAX;
			}
			v[f] = v[f] * 10 + (unsigned)(t->s[k] - '0');
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
	int64_t s = days_from_civil(v[0], v[1], v[2]) * 86400 +
	            (int64_t)v[3] * 3600 + (int64_t)v[4] * 60 + v[5];
	*out = (uint32_t)(uint64_t)s;
	return DITTO_R_SUCCESS;
}

/* RRSIG: also a plain number of up to 10 characters (BIND). */
static ditto_result_t
time_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t v = 0;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (tc->type != DITTO_TYPE_SIG && t->len <= 10 && t->s[0] != '-' &&
	    t->s[0] != '+') {
		r = parse_u32(t->s, t->len, 10, &v);
	} else {
		r = parse_time14(t, &v);
	}
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	ditto_buf_put32(tc->out, v);
	return DITTO_R_SUCCESS;
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

const rd_kindops_t ditto__rd_time_ops = { check4, time_totext, time_fromtext };

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata special kinds: LOC, APL, IPSECKEY, HIP, AMTRELAY, A6, NSAP, ATMA,
 * TSIG, TKEY and OPT.
 *
 * Each kind takes the rest of the rdata and has its own wire check, text
 * output and text input, following BIND 9.18's presentation forms (checked
 * against named-rrchecker). Names inside these kinds (IPSECKEY gateway, HIP
 * rendezvous servers, AMTRELAY relay, A6 prefix) are never compressed and
 * are not reported by ditto_rdata_names().
 */
#include <arpa/inet.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata_p.h"
#include "util/base64.h"
#include "util/hex.h"

/* ================= LOC (RFC 1876) ================= */

static const uint32_t pow10[] = { 1,         10,        100,     1000,
	                          10000,     100000,    1000000, 10000000,
	                          100000000, 1000000000 };

static bool
precision_ok(uint8_t b)
{
	return (b >> 4) <= 9 && (b & 15) <= 9;
}

static ditto_result_t
loc_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail != 16 || p[0] != 0 || !precision_ok(p[1]) ||
	    !precision_ok(p[2]) || !precision_ok(p[3])) {
		return DITTO_R_FORMERR;
	}
	uint32_t lat = ditto_read32(p + 4), lon = ditto_read32(p + 8);
	if (lat < 0x80000000u - 90u * 3600000u ||
	    lat > 0x80000000u + 90u * 3600000u ||
	    lon < 0x80000000u - 180u * 3600000u ||
	    lon > 0x80000000u + 180u * 3600000u) {
		return DITTO_R_FORMERR;
	}
	*used = 16;
	return DITTO_R_SUCCESS;
}

static void
put_precision(rd_out_t *o, uint8_t b)
{
	uint32_t m = b >> 4, e = b & 15;
	if (e >= 2) {
		ditto__rd_printf(o, " %um", m * pow10[e - 2]);
	} else {
		ditto__rd_printf(o, " 0.%02um", m * pow10[e]);
	}
}

static void
put_angle(rd_out_t *o, uint32_t v, char pos, char neg)
{
	int64_t d = (int64_t)v - 0x80000000LL;
	char hemi = d >= 0 ? pos : neg;
	uint64_t a = (uint64_t)(d >= 0 ? d : -d);
	ditto__rd_printf(o, "%u %u %u.%03u %c", (unsigned)(a / 3600000),
	                 (unsigned)(a / 60000 % 60), (unsigned)(a / 1000 % 60),
	                 (unsigned)(a % 1000), hemi);
}

static ditto_result_t
loc_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	put_angle(&tx->o, ditto_read32(p + 4), 'N', 'S');
	ditto__rd_puts(&tx->o, " ");
	put_angle(&tx->o, ditto_read32(p + 8), 'E', 'W');
	int64_t alt = (int64_t)ditto_read32(p + 12) - 10000000;
	uint64_t a = (uint64_t)(alt >= 0 ? alt : -alt);
	ditto__rd_printf(&tx->o, " %s%u.%02um", alt < 0 ? "-" : "",
	                 (unsigned)(a / 100), (unsigned)(a % 100));
	put_precision(&tx->o, p[1]);
	put_precision(&tx->o, p[2]);
	put_precision(&tx->o, p[3]);
	return DITTO_R_SUCCESS;
}

/*
 * Text input follows BIND 9.18, whose numbers here are strtol() with a
 * fixed number of fraction digits: "52 22 23.5 N", "-2.5m", "+1", ".5" and
 * "1." all read. Errors are shown at the token: "not a valid number" for
 * degrees and minutes, "syntax error" for other malformed parts, and "out
 * of range" beyond the limits.
 */

/* strtol() prefix of the token: sign and digits; *end is what follows. */
static int64_t
loc_strtol(const ditto_token_t *t, size_t *end)
{
	size_t i = 0;
	bool neg = false;
	int64_t v = 0;
	if (i < t->len && (t->s[i] == '-' || t->s[i] == '+')) {
		neg = t->s[i++] == '-';
	}
	size_t start = i;
	for (; i < t->len && t->s[i] >= '0' && t->s[i] <= '9'; i++) {
		v = v < 100000000000LL ? v * 10 + (t->s[i] - '0') : v;
	}
	*end = i > start ? i : 0;
	return neg ? -v : v;
}

/*
 * "m[.f][m]" as BIND reads LOC values: strtol, then up to \a nfrac
 * fraction digits, then 'm' if \a meters. *ip gets the integer part,
 * *fp the fraction scaled to nfrac digits (sign of the integer, but not
 * for "-0.x", as in BIND). False on bad syntax.
 */
static bool
loc_decimal(const ditto_token_t *t, unsigned nfrac, bool meters, int64_t *ip,
            int64_t *fp)
{
	size_t i;
	int64_t f = 0;
	unsigned k = 0;
	*ip = loc_strtol(t, &i);
	if (i < t->len && t->s[i] == '.') {
		for (i++; k < nfrac && i < t->len && t->s[i] >= '0' &&
		          t->s[i] <= '9';
		     i++, k++) {
			f = f * 10 +
			    (*ip < 0 ? -(t->s[i] - '0') : t->s[i] - '0');
		}
	}
	for (; k < nfrac; k++) {
		f *= 10;
	}
	if (meters && i < t->len && t->s[i] == 'm') {
		i++;
	}
	*fp = f;
	/* at least one digit, before or after the point */
	bool digit = false;
	for (size_t j = 0; j < t->len && !digit; j++) {
		digit = t->s[j] >= '0' && t->s[j] <= '9';
	}
	return digit && i == t->len;
}

static bool
is_hemi(const ditto_token_t *t, char pos, char neg)
{
	return !t->quoted && t->len == 1 && (t->s[0] == pos || t->s[0] == neg);
}

/* degrees [minutes [seconds]] hemisphere -> milliarcseconds from 2^31 */
static ditto_result_t
loc_angle(rd_tc_t *tc, uint32_t maxdeg, char pos, char neg, uint32_t *out)
{
	uint32_t deg, min = 0;
	int64_t sec = 0, ms = 0;
	const ditto_token_t *t;
	ditto_result_t result;
	CHECK(ditto__rd_getnumber(tc, maxdeg, &deg));
	CHECK(ditto__rd_string(tc, &t));
	if (!is_hemi(t, pos, neg)) {
		tc->i--;
		CHECK(ditto__rd_getnumber(tc, 59, &min));
		if (deg == maxdeg && min != 0) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL));
		}
		CHECK(ditto__rd_string(tc, &t));
	}
	if (!is_hemi(t, pos, neg)) {
		if (!loc_decimal(t, 3, false, &sec, &ms)) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL));
		}
		if (sec < 0 || sec > 59 || (deg == maxdeg && (sec | ms) != 0)) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL));
		}
		CHECK(ditto__rd_string(tc, &t));
		if (!is_hemi(t, pos, neg)) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL));
		}
	}
	int64_t v = ((int64_t)deg * 3600 + min * 60 + sec) * 1000 + ms;
	*out = (uint32_t)(0x80000000LL + (t->s[0] == neg ? -v : v));
	return DITTO_R_SUCCESS;
cleanup:
	return result;
}

/* BIND's size/precision byte from metres and centimetres. */
static uint8_t
precision_byte(int64_t m, int64_t cm)
{
	unsigned man, exp = 0;
	if (m > 0) {
		int64_t p = 1;
		while (exp < 7 && m >= p * 10) {
			p *= 10;
			exp++;
		}
		man = (unsigned)(m / p);
		exp += 2;
	} else if (cm >= 10) {
		man = (unsigned)(cm / 10);
		exp = 1;
	} else {
		man = (unsigned)cm;
	}
	return (uint8_t)((man << 4) + exp);
}

static ditto_result_t
loc_fromtext(rd_tc_t *tc)
{
	uint32_t lat, lon;
	int64_t m, cm;
	uint8_t prec[3] = { 0x12, 0x16, 0x13 };
	const ditto_token_t *t;
	ditto_result_t result;
	CHECK(loc_angle(tc, 90, 'N', 'S', &lat));
	CHECK(loc_angle(tc, 180, 'E', 'W', &lon));
	CHECK(ditto__rd_string(tc, &t));
	if (!loc_decimal(t, 2, true, &m, &cm)) {
		CLEANUP(ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL));
	}
	if (m < -100000 || m > 42849672 || (m == -100000 && cm != 0) ||
	    (m == 42849672 && cm > 95)) {
		CLEANUP(ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL));
	}
	uint32_t alt = (uint32_t)((m + 100000) * 100 + cm);
	for (int i = 0; i < 3 && ditto__rd_more(tc); i++) {
		int64_t pm, pcm;
		CHECK(ditto__rd_string(tc, &t));
		if (!loc_decimal(t, 2, true, &pm, &pcm)) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL));
		}
		if (pm < 0 || pm > 90000000) {
			CLEANUP(ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL));
		}
		prec[i] = precision_byte(pm, pcm);
	}
	ditto_buf_put8(tc->out, 0);
	ditto_buf_putmem(tc->out, prec, 3);
	ditto_buf_put32(tc->out, lat);
	ditto_buf_put32(tc->out, lon);
	ditto_buf_put32(tc->out, alt);
	return DITTO_R_SUCCESS;
cleanup:
	return result;
}

const rd_kindops_t ditto__rd_loc_ops = { loc_check, loc_totext, loc_fromtext };

/* ================= APL (RFC 3123) ================= */

static ditto_result_t
apl_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	size_t o = 0;
	while (o < avail) {
		if (avail - o < 4) {
			return DITTO_R_FORMERR;
		}
		uint16_t fam = ditto_read16(p + o);
		uint8_t prefix = p[o + 2], afdlen = p[o + 3] & 0x7f;
		if (avail - o - 4 < afdlen) {
			return DITTO_R_FORMERR;
		}
		if ((fam == 1 && (prefix > 32 || afdlen > 4)) ||
		    (fam == 2 && (prefix > 128 || afdlen > 16))) {
			return DITTO_R_FORMERR;
		}
		if (afdlen > 0 && p[o + 4 + afdlen - 1] == 0) {
			return DITTO_R_FORMERR;
		}
		o += 4 + (size_t)afdlen;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
apl_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	for (size_t o = 0; o < len; o += 4 + (size_t)(p[o + 3] & 0x7f)) {
		if (ditto_read16(p + o) != 1 && ditto_read16(p + o) != 2) {
			/* BIND prints the whole rdata generically */
			tx->o.pos = 0;
			ditto__rd_printf(&tx->o, "\\# %zu", len);
			if (len > 0) {
				ditto__rd_puts(&tx->o, " ");
				ditto__rd_puthex(&tx->o, p, len, RD_CHUNK);
			}
			return DITTO_R_SUCCESS;
		}
	}
	for (size_t o = 0; o < len;) {
		uint16_t fam = ditto_read16(p + o);
		uint8_t afdlen = p[o + 3] & 0x7f;
		uint8_t addr[16] = { 0 };
		char buf[INET6_ADDRSTRLEN];
		memcpy(addr, p + o + 4, afdlen);
		if (inet_ntop(fam == 1 ? AF_INET : AF_INET6, addr, buf,
		              sizeof(buf)) == NULL) {
			return DITTO_R_FORMERR;
		}
		ditto__rd_printf(&tx->o, "%s%s%u:%s/%u", o > 0 ? " " : "",
		                 (p[o + 3] & 0x80) ? "!" : "", fam, buf,
		                 p[o + 2]);
		o += 4 + (size_t)afdlen;
	}
	return DITTO_R_SUCCESS;
}

/* Decimal digits only, as isc_parse_uint32: SUCCESS, RANGE or SYNTAX. */
static ditto_result_t
apl_number(const char *s, size_t len, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;
	if (len == 0) {
		return DITTO_R_SYNTAX;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return DITTO_R_SYNTAX;
		}
		n = n <= 0xffffffffULL ? n * 10 + (uint64_t)(s[i] - '0') : n;
	}
	if (n > max) {
		return DITTO_R_RANGE;
	}
	*v = (uint32_t)n;
	return DITTO_R_SUCCESS;
}

/*
 * [!]family:address/prefix. As BIND: a malformed item is a syntax error,
 * a bad prefix "not a valid number", a family other than 1 and 2 "not
 * implemented"; all shown at the item.
 */
static ditto_result_t
apl_item(rd_tc_t *tc, const ditto_token_t *t)
{
	char buf[64];
	uint8_t addr[16];
	uint32_t fam, prefix;
	size_t i = t->len > 0 && t->s[0] == '!' ? 1 : 0;
	const char *s = t->s + i, *end = t->s + t->len;
	const char *colon = memchr(s, ':', (size_t)(end - s));
	if (colon == NULL) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	ditto_result_t r = apl_number(s, (size_t)(colon - s), 0xffff, &fam);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	const char *slash = memchr(colon, '/', (size_t)(end - colon));
	if (slash == NULL) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	r = apl_number(slash + 1, (size_t)(end - slash - 1), 0xff, &prefix);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(
		        tc, r, r == DITTO_R_RANGE ? NULL : RD_S_BADNUMBER);
	}
	if (fam != 1 && fam != 2) {
		return ditto__rd_tokerr(tc, DITTO_R_NOTIMPLEMENTED, NULL);
	}
	size_t alen = (size_t)(slash - colon - 1);
	if (alen >= sizeof(buf)) {
		alen = sizeof(buf) - 1;
	}
	memcpy(buf, colon + 1, alen);
	buf[alen] = '\0';
	if (inet_pton(fam == 1 ? AF_INET : AF_INET6, buf, addr) != 1) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
		                        fam == 1 ? RD_S_BADQUAD : RD_S_BADAAAA);
	}
	if (prefix > (fam == 1 ? 32u : 128u)) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	alen = fam == 1 ? 4 : 16;
	while (alen > 0 && addr[alen - 1] == 0) {
		alen--;
	}
	if (ditto_buf_avail(tc->out) < 4 + alen) {
		return ditto__rd_tokerr(tc, DITTO_R_NOSPACE, NULL);
	}
	ditto_buf_put16(tc->out, (uint16_t)fam);
	ditto_buf_put8(tc->out, (uint8_t)prefix);
	ditto_buf_put8(tc->out, (uint8_t)(alen | (i == 1 ? 0x80 : 0)));
	ditto_buf_putmem(tc->out, addr, alen);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
apl_fromtext(rd_tc_t *tc)
{
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r == DITTO_R_SUCCESS) {
			r = apl_item(tc, t);
		}
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_apl_ops = { apl_check, apl_totext, apl_fromtext };

/* ======== gateways: IPSECKEY (RFC 4025) and AMTRELAY (RFC 8777) ======== */

/* Length of a gateway of type \a gt at p, or FORMERR. */
static ditto_result_t
gateway_len(uint8_t gt, const uint8_t *p, size_t avail, size_t *len)
{
	switch (gt) {
	case 0:
		*len = 0;
		return DITTO_R_SUCCESS;
	case 1:
		*len = 4;
		break;
	case 2:
		*len = 16;
		break;
	case 3:
		if (ditto_name_check(p, avail, true, len) != DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
		return DITTO_R_SUCCESS;
	default:
		return DITTO_R_FORMERR;
	}
	return avail < *len ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

static void
gateway_totext(rd_tx_t *tx, uint8_t gt, const uint8_t *p)
{
	char buf[DITTO_NAME_MAXTEXT];
	size_t n;
	switch (gt) {
	case 0:
		ditto__rd_puts(&tx->o, ".");
		break;
	case 1:
		ditto__rd_printf(&tx->o, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
		break;
	case 2:
		if (inet_ntop(AF_INET6, p, buf, sizeof(buf)) != NULL) {
			ditto__rd_puts(&tx->o, buf);
		}
		break;
	default:
		if (ditto_name_totext(p, tx->origin, buf, sizeof(buf), &n) ==
		    DITTO_R_SUCCESS) {
			ditto__rd_putmem(&tx->o, buf, n);
		} else {
			tx->o.full = true;
		}
		break;
	}
}

/* Gateway or relay of type \a gt; \a name_next: name errors are shown
 * at the next token (AMTRELAY in BIND), else at the name. */
static ditto_result_t
gateway_fromtext(rd_tc_t *tc, uint8_t gt, bool name_next)
{
	const ditto_token_t *t;
	uint8_t addr[16];
	ditto_result_t r;
	if (gt == 1 || gt == 2) {
		r = ditto__rd_addr(tc, gt == 1 ? AF_INET : AF_INET6, addr);
		if (r == DITTO_R_SUCCESS) {
			ditto_buf_putmem(tc->out, addr, gt == 1 ? 4 : 16);
		}
		return r;
	}
	r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (gt == 0) {
		if (!ditto__rd_tokeq(t, ".")) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
		}
		return DITTO_R_SUCCESS;
	}
	ditto_err_t *err = tc->err;
	if (name_next) {
		tc->err = NULL;
	}
	r = ditto__rd_name(tc, t);
	tc->err = err;
	if (r != DITTO_R_SUCCESS && name_next) {
		return ditto__rd_err(tc, r, NULL);
	}
	return r;
}

/* IPSECKEY after precedence: gwtype, algorithm, gateway, key. */
static ditto_result_t
ipseckey_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	size_t glen;
	(void)rd;
	if (avail < 2 ||
	    gateway_len(p[0], p + 2, avail - 2, &glen) != DITTO_R_SUCCESS ||
	    avail - 2 - glen == 0) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
ipseckey_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	size_t glen = 0;
	(void)gateway_len(p[0], p + 2, len - 2, &glen);
	ditto__rd_printf(&tx->o, "%u %u ", p[0], p[1]);
	gateway_totext(tx, p[0], p + 2);
	ditto__rd_puts(&tx->o, " ");
	ditto__rd_putb64(&tx->o, p + 2 + glen, len - 2 - glen, RD_CHUNK);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
ipseckey_fromtext(rd_tc_t *tc)
{
	uint32_t gt, alg;
	ditto_result_t r = ditto__rd_getnumber(tc, 3, &gt);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_getnumber(tc, 0xff, &alg);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_buf_put8(tc->out, (uint8_t)gt);
	ditto_buf_put8(tc->out, (uint8_t)alg);
	r = gateway_fromtext(tc, (uint8_t)gt, false);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto__rd_b64rest(tc, false);
}

const rd_kindops_t ditto__rd_ipseckey_ops = { ipseckey_check, ipseckey_totext,
	                                      ipseckey_fromtext };

/* AMTRELAY after precedence: D bit + type, relay. */
static ditto_result_t
amtrelay_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	size_t glen;
	(void)rd;
	if (avail < 1 ||
	    gateway_len(p[0] & 0x7f, p + 1, avail - 1, &glen) !=
	            DITTO_R_SUCCESS ||
	    avail - 1 != glen) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
amtrelay_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u %u ", p[0] >> 7, p[0] & 0x7f);
	gateway_totext(tx, p[0] & 0x7f, p + 1);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
amtrelay_fromtext(rd_tc_t *tc)
{
	uint32_t d, gt;
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_getnumber(tc, 1, &d);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_getnumber(tc, 0x7f, &gt);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (gt > 3) {
		/* BIND reads the relay, then gives up */
		r = ditto__rd_string(tc, &t);
		return r != DITTO_R_SUCCESS
		               ? r
		               : ditto__rd_err(tc, DITTO_R_NOTIMPLEMENTED,
		                               NULL);
	}
	ditto_buf_put8(tc->out, (uint8_t)(d << 7 | gt));
	return gateway_fromtext(tc, (uint8_t)gt, true);
}

const rd_kindops_t ditto__rd_amtrelay_ops = { amtrelay_check, amtrelay_totext,
	                                      amtrelay_fromtext };

/* ================= HIP (RFC 8005) ================= */

static ditto_result_t
hip_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail < 4) {
		return DITTO_R_FORMERR;
	}
	size_t hitlen = p[0], pklen = ditto_read16(p + 2);
	if (hitlen == 0 || pklen == 0 || avail - 4 < hitlen + pklen) {
		return DITTO_R_FORMERR;
	}
	for (size_t o = 4 + hitlen + pklen; o < avail;) {
		size_t nlen;
		if (ditto_name_check(p + o, avail - o, true, &nlen) !=
		    DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
		o += nlen;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
hip_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	size_t hitlen = p[0], pklen = ditto_read16(p + 2);
	ditto__rd_printf(&tx->o, "%u ", p[1]);
	ditto__rd_puthex(&tx->o, p + 4, hitlen, 0);
	ditto__rd_puts(&tx->o, " ");
	ditto__rd_putb64(&tx->o, p + 4 + hitlen, pklen, 0);
	for (size_t o = 4 + hitlen + pklen; o < len && !tx->o.full;) {
		ditto__rd_puts(&tx->o, " ");
		gateway_totext(tx, 3, p + o);
		o += ditto_name_length(p + o);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
hip_fromtext(rd_tc_t *tc)
{
	uint32_t alg;
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_getnumber(tc, 0xff, &alg);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_string(tc, &t);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len > 510) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	size_t start = tc->out->pos;
	ditto_buf_put8(tc->out, 0);
	ditto_buf_put8(tc->out, (uint8_t)alg);
	ditto_buf_put16(tc->out, 0);
	r = ditto_hex_decode(t->s, t->len, tc->out);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	size_t hitlen = tc->out->pos - start - 4;
	r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t pkstart = tc->out->pos;
	r = ditto_base64_decode(t->s, t->len, tc->out);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	tc->out->base[start] = (uint8_t)hitlen;
	ditto_write16(tc->out->base + start + 2,
	              (uint16_t)(tc->out->pos - pkstart));
	while (ditto__rd_more(tc)) {
		r = ditto__rd_string(tc, &t);
		if (r == DITTO_R_SUCCESS) {
			r = ditto__rd_name(tc, t);
		}
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_hip_ops = { hip_check, hip_totext, hip_fromtext };

/* ================= A6 (RFC 2874) ================= */

static ditto_result_t
a6_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail < 1 || p[0] > 128) {
		return DITTO_R_FORMERR;
	}
	size_t slen = (size_t)(128 - p[0] + 7) / 8, nlen = 0;
	if (avail - 1 < slen) {
		return DITTO_R_FORMERR;
	}
	if (p[0] > 0 && ditto_name_check(p + 1 + slen, avail - 1 - slen, false,
	                                 &nlen) != DITTO_R_SUCCESS) {
		return DITTO_R_FORMERR;
	}
	if (1 + slen + nlen != avail) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
a6_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	uint8_t addr[16] = { 0 };
	char buf[INET6_ADDRSTRLEN];
	size_t slen = (size_t)(128 - p[0] + 7) / 8;
	(void)len;
	ditto__rd_printf(&tx->o, "%u ", p[0]);
	if (slen > 0) {
		memcpy(addr + 16 - slen, p + 1, slen);
		if (inet_ntop(AF_INET6, addr, buf, sizeof(buf)) != NULL) {
			ditto__rd_puts(&tx->o, buf);
		}
	}
	if (p[0] > 0) {
		ditto__rd_puts(&tx->o, " ");
		gateway_totext(tx, 3, p + 1 + slen);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
a6_fromtext(rd_tc_t *tc)
{
	uint32_t plen;
	ditto_result_t r = ditto__rd_getnumber(tc, 128, &plen);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_buf_put8(tc->out, (uint8_t)plen);
	size_t slen = (128 - plen + 7) / 8;
	if (slen > 0) {
		uint8_t addr[16];
		r = ditto__rd_addr(tc, AF_INET6, addr);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		/* the prefix bits are not sent */
		addr[16 - slen] &= (uint8_t)(0xff >> (plen % 8));
		ditto_buf_putmem(tc->out, addr + 16 - slen, slen);
	}
	if (plen > 0) {
		const ditto_token_t *t;
		r = ditto__rd_string(tc, &t);
		if (r == DITTO_R_SUCCESS) {
			r = ditto__rd_name(tc, t);
		}
	}
	return r;
}

const rd_kindops_t ditto__rd_a6_ops = { a6_check, a6_totext, a6_fromtext };

/* ================= NSAP, ATMA ================= */

static ditto_result_t
nonempty_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	*used = avail;
	return avail == 0 ? DITTO_R_FORMERR : DITTO_R_SUCCESS;
}

static void
put_lowerhex(rd_out_t *o, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		ditto__rd_printf(o, "%02x", p[i]);
	}
}

static ditto_result_t
nsap_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	ditto__rd_puts(&tx->o, "0x");
	put_lowerhex(&tx->o, p, len);
	return DITTO_R_SUCCESS;
}

/* hex digits with optional dots, into out; false on bad syntax. */
static ditto_result_t
dotted_hex(const char *s, size_t len, ditto_buf_t *out)
{
	ditto_hex_dec_t d;
	ditto_hex_dec_init(&d);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			continue;
		}
		ditto_result_t r = ditto_hex_dec_feed(&d, s + i, 1, out);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
	return ditto_hex_dec_finish(&d);
}

/* Only hex digits and dots, and an odd number of digits. */
static bool
hex_pending(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		bool hex = (s[i] >= '0' && s[i] <= '9') ||
		           ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f');
		if (!hex && s[i] != '.') {
			return false;
		}
		n += hex ? 1 : 0;
	}
	return n % 2 == 1;
}

static ditto_result_t
nsap_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	/* BIND: too short or an odd number of digits is an unexpected end */
	if (t->len < 2) {
		return ditto__rd_tokerr(tc, DITTO_R_UNEXPECTEDEND, NULL);
	}
	if (t->s[0] != '0' || (t->s[1] | 0x20) != 'x') {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	size_t start = tc->out->pos;
	r = dotted_hex(t->s + 2, t->len - 2, tc->out);
	if (r == DITTO_R_BADHEX && hex_pending(t->s + 2, t->len - 2)) {
		r = DITTO_R_UNEXPECTEDEND;
	} else if (r == DITTO_R_BADHEX) {
		r = DITTO_R_SYNTAX;
	}
	if (r == DITTO_R_SUCCESS && tc->out->pos == start) {
		r = DITTO_R_UNEXPECTEDEND;
	}
	return r == DITTO_R_SUCCESS ? r : ditto__rd_tokerr(tc, r, NULL);
}

const rd_kindops_t ditto__rd_nsap_ops = { nonempty_check, nsap_totext,
	                                  nsap_fromtext };

static ditto_result_t
atma_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail < 2 || p[0] > 1) {
		return DITTO_R_FORMERR; /* format: 0 AESA, 1 E.164 */
	}
	if (p[0] == 1) {
		for (size_t i = 1; i < avail; i++) {
			if (p[i] < '0' || p[i] > '9') {
				return DITTO_R_FORMERR;
			}
		}
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
atma_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	if (p[0] == 1) {
		ditto__rd_puts(&tx->o, "+");
		ditto__rd_putmem(&tx->o, (const char *)p + 1, len - 1);
	} else {
		put_lowerhex(&tx->o, p + 1, len - 1);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
atma_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len > 0 && t->s[0] == '+') {
		if (t->len < 2) {
			return ditto__rd_tokerr(tc, DITTO_R_UNEXPECTEDEND,
			                        NULL);
		}
		for (size_t i = 1; i < t->len; i++) {
			if (t->s[i] < '0' || t->s[i] > '9') {
				goto bad;
			}
		}
		ditto_buf_put8(tc->out, 1);
		ditto_buf_putmem(tc->out, t->s + 1, t->len - 1);
		return DITTO_R_SUCCESS;
	}
	/* BIND: no leading or doubled dot; ending after a dot or inside a
	 * byte is an unexpected end */
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] == '.' && (i == 0 || t->s[i - 1] == '.')) {
			goto bad;
		}
	}
	ditto_buf_put8(tc->out, 0);
	r = dotted_hex(t->s, t->len, tc->out);
	if (r == DITTO_R_SUCCESS && t->s[t->len - 1] == '.') {
		r = DITTO_R_UNEXPECTEDEND;
	}
	if (r == DITTO_R_BADHEX && hex_pending(t->s, t->len)) {
		r = DITTO_R_UNEXPECTEDEND;
	}
	if (r == DITTO_R_UNEXPECTEDEND) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	if (r != DITTO_R_SUCCESS) {
		goto bad;
	}
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
}

const rd_kindops_t ditto__rd_atma_ops = { atma_check, atma_totext,
	                                  atma_fromtext };

/* ================= TSIG, TKEY (wire, and BIND's text) ================= */

static const char *const tsigerrs[] = {
	[0] = "NOERROR",    [1] = "FORMERR",  [2] = "SERVFAIL",
	[3] = "NXDOMAIN",   [4] = "NOTIMP",   [5] = "REFUSED",
	[6] = "YXDOMAIN",   [7] = "YXRRSET",  [8] = "NXRRSET",
	[9] = "NOTAUTH",    [10] = "NOTZONE", [16] = "BADSIG",
	[17] = "BADKEY",    [18] = "BADTIME", [19] = "BADMODE",
	[20] = "BADNAME",   [21] = "BADALG",  [22] = "BADTRUNC",
	[23] = "BADCOOKIE",
};

#define NTSIGERRS (sizeof(tsigerrs) / sizeof(tsigerrs[0]))

static void
put_tsigerr(rd_out_t *o, uint16_t e)
{
	if (e < NTSIGERRS && tsigerrs[e] != NULL) {
		ditto__rd_puts(o, tsigerrs[e]);
	} else {
		ditto__rd_printf(o, "%u", e);
	}
}

static ditto_result_t
tsigerr_fromtext(rd_tc_t *tc, uint32_t *v)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	for (size_t i = 0; i < NTSIGERRS; i++) {
		if (tsigerrs[i] != NULL && ditto__rd_tokeq(t, tsigerrs[i])) {
			*v = (uint32_t)i;
			return DITTO_R_SUCCESS;
		}
	}
	return ditto__rd_number(tc, t, 0xffff, v);
}

/* u16 length + data, at p; *len gets the total. */
static bool
counted16(const uint8_t *p, size_t avail, size_t *len)
{
	if (avail < 2 || avail - 2 < ditto_read16(p)) {
		return false;
	}
	*len = 2 + (size_t)ditto_read16(p);
	return true;
}

/* length (text) then base64 of exactly that many bytes (absent if 0) */
static ditto_result_t
counted_b64_fromtext(rd_tc_t *tc)
{
	uint32_t n;
	ditto_result_t r = ditto__rd_getnumber(tc, 0xffff, &n);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t lenpos = tc->out->pos;
	ditto_buf_put16(tc->out, 0);
	if (n > 0) {
		const ditto_token_t *t;
		r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_base64_decode(t->s, t->len, tc->out);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_tokerr(tc, r, NULL);
		}
	}
	if (tc->out->pos - lenpos - 2 != n) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	ditto_write16(tc->out->base + lenpos, (uint16_t)n);
	return DITTO_R_SUCCESS;
}

static void
counted_b64_totext(rd_out_t *o, const uint8_t *p)
{
	uint16_t n = ditto_read16(p);
	ditto__rd_printf(o, " %u", n);
	if (n > 0) {
		ditto__rd_puts(o, " ");
		ditto__rd_putb64(o, p + 2, n, 0);
	}
}

/* TSIG after the algorithm name. */
static ditto_result_t
tsig_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	size_t mac, other;
	(void)rd;
	if (avail < 10 || !counted16(p + 8, avail - 8, &mac) ||
	    avail - 8 - mac < 4 ||
	    !counted16(p + 12 + mac, avail - 12 - mac, &other) ||
	    12 + mac + other != avail) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
tsig_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	uint64_t when = ((uint64_t)ditto_read16(p) << 32) | ditto_read32(p + 2);
	size_t mac = 2 + (size_t)ditto_read16(p + 8);
	(void)len;
	ditto__rd_printf(&tx->o, "%llu %u", (unsigned long long)when,
	                 ditto_read16(p + 6));
	counted_b64_totext(&tx->o, p + 8);
	ditto__rd_printf(&tx->o, " %u ", ditto_read16(p + 8 + mac));
	put_tsigerr(&tx->o, ditto_read16(p + 10 + mac));
	counted_b64_totext(&tx->o, p + 12 + mac);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
tsig_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t fudge, id, e;
	ditto_result_t result = ditto__rd_next(tc, &t);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	uint64_t when = 0;
	if (t->len == 0 || t->len > 15) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
		}
		when = when * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (when > 0xffffffffffffULL) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	ditto_buf_put16(tc->out, (uint16_t)(when >> 32));
	ditto_buf_put32(tc->out, (uint32_t)when);
	CHECK(ditto__rd_getnumber(tc, 0xffff, &fudge));
	ditto_buf_put16(tc->out, (uint16_t)fudge);
	CHECK(counted_b64_fromtext(tc));
	CHECK(ditto__rd_getnumber(tc, 0xffff, &id));
	CHECK(tsigerr_fromtext(tc, &e));
	ditto_buf_put16(tc->out, (uint16_t)id);
	ditto_buf_put16(tc->out, (uint16_t)e);
	CHECK(counted_b64_fromtext(tc));
	return DITTO_R_SUCCESS;
cleanup:
	return result;
}

const rd_kindops_t ditto__rd_tsig_ops = { tsig_check, tsig_totext,
	                                  tsig_fromtext };

/* TKEY after the algorithm name. */
static ditto_result_t
tkey_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	size_t key, other;
	(void)rd;
	if (avail < 12 || !counted16(p + 12, avail - 12, &key) ||
	    !counted16(p + 12 + key, avail - 12 - key, &other) ||
	    12 + key + other != avail) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
tkey_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	const rd_kindops_t *time = ditto__rd_kinds[F_TIME];
	(void)len;
	(void)time->totext(tx, p, 4);
	ditto__rd_puts(&tx->o, " ");
	(void)time->totext(tx, p + 4, 4);
	ditto__rd_printf(&tx->o, " %u ", ditto_read16(p + 8));
	put_tsigerr(&tx->o, ditto_read16(p + 10));
	counted_b64_totext(&tx->o, p + 12);
	counted_b64_totext(&tx->o, p + 14 + ditto_read16(p + 12));
	return DITTO_R_SUCCESS;
}

static ditto_result_t
tkey_fromtext(rd_tc_t *tc)
{
	const rd_kindops_t *time = ditto__rd_kinds[F_TIME];
	uint32_t mode, e;
	ditto_result_t result;
	CHECK(time->fromtext(tc));
	CHECK(time->fromtext(tc));
	CHECK(ditto__rd_getnumber(tc, 0xffff, &mode));
	CHECK(tsigerr_fromtext(tc, &e));
	ditto_buf_put16(tc->out, (uint16_t)mode);
	ditto_buf_put16(tc->out, (uint16_t)e);
	CHECK(counted_b64_fromtext(tc));
	CHECK(counted_b64_fromtext(tc));
	return DITTO_R_SUCCESS;
cleanup:
	return result;
}

const rd_kindops_t ditto__rd_tkey_ops = { tkey_check, tkey_totext,
	                                  tkey_fromtext };

/* ================= OPT (RFC 6891) ================= */

static ditto_result_t
opt_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	for (size_t o = 0; o < avail;) {
		size_t n;
		if (avail - o < 2 || !counted16(p + o + 2, avail - o - 2, &n)) {
			return DITTO_R_FORMERR;
		}
		o += 2 + n;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

/* OPT has no presentation form: the generic one. */
static ditto_result_t
opt_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	ditto__rd_printf(&tx->o, "\\# %zu", len);
	if (len > 0) {
		ditto__rd_puts(&tx->o, " ");
		ditto__rd_puthex(&tx->o, p, len, RD_CHUNK);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
opt_fromtext(rd_tc_t *tc)
{
	return ditto__rd_err(tc, DITTO_R_NOTIMPLEMENTED, NULL);
}

const rd_kindops_t ditto__rd_opt_ops = { opt_check, opt_totext, opt_fromtext };

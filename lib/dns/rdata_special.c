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

#define TOKARG(t) (int)((t)->len > RD_TOKSHOW ? RD_TOKSHOW : (t)->len), (t)->s

static ditto_result_t
next_number(rd_tc_t *tc, uint32_t max, const char *what, uint32_t *v)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto__rd_number(tc, t, max, what, v);
}

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
 * "int[.frac]" with at most \a maxfrac fraction digits, an optional sign
 * and an optional trailing 'm'; result scaled by 10^maxfrac.
 */
static bool
parse_decimal(const ditto_token_t *t, unsigned maxfrac, bool sign, bool m,
              int64_t *out)
{
	size_t i = 0, n = t->len;
	bool neg = false;
	int64_t v = 0;
	unsigned frac = 0, digits = 0;
	if (m && n > 0 && (t->s[n - 1] == 'm' || t->s[n - 1] == 'M')) {
		n--;
	}
	if (sign && i < n && t->s[i] == '-') {
		neg = true;
		i++;
	}
	for (; i < n && t->s[i] >= '0' && t->s[i] <= '9'; i++, digits++) {
		v = v * 10 + (t->s[i] - '0');
		if (v > 100000000000LL) {
			return false;
		}
	}
	if (digits == 0) {
		return false;
	}
	if (i < n && t->s[i] == '.') {
		for (i++; i < n && t->s[i] >= '0' && t->s[i] <= '9'; i++) {
			if (++frac > maxfrac) {
				return false;
			}
			v = v * 10 + (t->s[i] - '0');
		}
	}
	if (i != n) {
		return false;
	}
	for (; frac < maxfrac; frac++) {
		v *= 10;
	}
	*out = neg ? -v : v;
	return true;
}

/* degrees [minutes [seconds]] hemisphere -> milliarcseconds from 2^31 */
static ditto_result_t
loc_angle(rd_tc_t *tc, unsigned maxdeg, char pos, char neg, uint32_t *out)
{
	int64_t part[3] = { 0, 0, 0 };
	const ditto_token_t *t;
	int k = 0;
	for (;;) {
		ditto_result_t r = ditto__rd_next(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		if (t->len == 1 && (t->s[0] == pos || t->s[0] == neg)) {
			break;
		}
		if (k == 3 ||
		    !parse_decimal(t, k == 2 ? 3 : 0, false, false, &part[k])) {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "bad LOC coordinate '%.*s'",
			                      TOKARG(t));
		}
		k++;
	}
	if (k == 0) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "LOC coordinate without degrees");
	}
	if (part[0] > maxdeg || part[1] > 59 || part[2] > 59999) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "LOC coordinate out of range");
	}
	int64_t ms = part[0] * 3600000 + part[1] * 60000 + part[2];
	if (ms > (int64_t)maxdeg * 3600000) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "LOC coordinate out of range");
	}
	bool south = t->s[0] == neg;
	*out = (uint32_t)(0x80000000LL + (south ? -ms : ms));
	return DITTO_R_SUCCESS;
}

/* centimetres -> mantissa/exponent byte, truncating like BIND */
static uint8_t
precision_byte(int64_t cm)
{
	unsigned e = 0;
	while (cm >= 10 && e < 9) {
		cm /= 10;
		e++;
	}
	return (uint8_t)((cm << 4) | e);
}

static ditto_result_t
loc_fromtext(rd_tc_t *tc)
{
	uint32_t lat, lon;
	int64_t alt, prec[3] = { 100, 1000000, 1000 };
	const ditto_token_t *t;
	ditto_result_t r = loc_angle(tc, 90, 'N', 'S', &lat);
	if (r == DITTO_R_SUCCESS) {
		r = loc_angle(tc, 180, 'E', 'W', &lon);
	}
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_next(tc, &t);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (!parse_decimal(t, 2, true, true, &alt)) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "bad LOC altitude '%.*s'", TOKARG(t));
	}
	if (alt < -10000000 || alt > 4284967295LL) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "LOC altitude out of range");
	}
	for (int i = 0; i < 3 && ditto__rd_more(tc); i++) {
		t = &tc->tok[tc->i++];
		if (!parse_decimal(t, 2, false, true, &prec[i])) {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "bad LOC precision '%.*s'",
			                      TOKARG(t));
		}
		if (prec[i] > 9000000000LL) {
			return ditto__rd_fail(tc, DITTO_R_RANGE,
			                      "LOC precision out of range");
		}
	}
	ditto_buf_put8(tc->out, 0);
	for (int i = 0; i < 3; i++) {
		ditto_buf_put8(tc->out, precision_byte(prec[i]));
	}
	ditto_buf_put32(tc->out, lat);
	ditto_buf_put32(tc->out, lon);
	ditto_buf_put32(tc->out, (uint32_t)(alt + 10000000));
	return DITTO_R_SUCCESS;
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

static ditto_result_t
apl_item(rd_tc_t *tc, const ditto_token_t *t)
{
	char buf[64];
	uint8_t addr[16];
	size_t i = 0;
	bool negate = t->len > 0 && t->s[0] == '!';
	i = negate ? 1 : 0;
	if (t->len - i < 4 || t->len >= sizeof(buf)) {
		goto bad;
	}
	memcpy(buf, t->s + i, t->len - i);
	buf[t->len - i] = '\0';
	char *colon = strchr(buf, ':'), *slash = strrchr(buf, '/');
	if (colon == NULL || slash == NULL || slash < colon) {
		goto bad;
	}
	*colon = *slash = '\0';
	unsigned fam = 0, prefix = 0;
	if (strcmp(buf, "1") == 0) {
		fam = 1;
	} else if (strcmp(buf, "2") == 0) {
		fam = 2;
	} else {
		return ditto__rd_fail(tc, DITTO_R_NOTIMPLEMENTED,
		                      "unsupported APL family in '%.*s'",
		                      TOKARG(t));
	}
	if (inet_pton(fam == 1 ? AF_INET : AF_INET6, colon + 1, addr) != 1) {
		goto bad;
	}
	size_t plen = strlen(slash + 1);
	if (plen == 0 || plen > 3) {
		goto bad;
	}
	for (size_t k = 0; k < plen; k++) {
		if (slash[1 + k] < '0' || slash[1 + k] > '9') {
			goto bad;
		}
		prefix = prefix * 10 + (unsigned)(slash[1 + k] - '0');
	}
	if (prefix > (fam == 1 ? 32u : 128u)) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "APL prefix out of range in '%.*s'",
		                      TOKARG(t));
	}
	size_t alen = fam == 1 ? 4 : 16;
	while (alen > 0 && addr[alen - 1] == 0) {
		alen--;
	}
	if (ditto_buf_avail(tc->out) < 4 + alen) {
		return ditto__rd_fail(tc, DITTO_R_NOSPACE, "rdata too long");
	}
	ditto_buf_put16(tc->out, (uint16_t)fam);
	ditto_buf_put8(tc->out, (uint8_t)prefix);
	ditto_buf_put8(tc->out, (uint8_t)(alen | (negate ? 0x80 : 0)));
	ditto_buf_putmem(tc->out, addr, alen);
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad APL item '%.*s'",
	                      TOKARG(t));
}

static ditto_result_t
apl_fromtext(rd_tc_t *tc)
{
	while (ditto__rd_more(tc)) {
		ditto_result_t r = apl_item(tc, &tc->tok[tc->i++]);
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

static ditto_result_t
gateway_fromtext(rd_tc_t *tc, uint8_t gt)
{
	const ditto_token_t *t;
	char buf[64];
	uint8_t addr[16];
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (gt == 0) {
		if (!ditto__rd_tokeq(t, ".")) {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "gateway must be '.' for type 0");
		}
		return DITTO_R_SUCCESS;
	}
	if (gt == 3) {
		return ditto__rd_name(tc, t);
	}
	int af = gt == 1 ? AF_INET : AF_INET6;
	if (t->len >= sizeof(buf)) {
		goto bad;
	}
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (inet_pton(af, buf, addr) != 1) {
		goto bad;
	}
	ditto_buf_putmem(tc->out, addr, gt == 1 ? 4 : 16);
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad gateway address '%.*s'",
	                      TOKARG(t));
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
	ditto_result_t r = next_number(tc, 0xff, "gateway type", &gt);
	if (r == DITTO_R_SUCCESS) {
		r = next_number(tc, 0xff, "algorithm", &alg);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (gt > 3) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "gateway type %u out of range (0..3)",
		                      gt);
	}
	ditto_buf_put8(tc->out, (uint8_t)gt);
	ditto_buf_put8(tc->out, (uint8_t)alg);
	r = gateway_fromtext(tc, (uint8_t)gt);
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
	ditto_result_t r = next_number(tc, 1, "discovery flag", &d);
	if (r == DITTO_R_SUCCESS) {
		r = next_number(tc, 0x7f, "relay type", &gt);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (gt > 3) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "relay type %u out of range (0..3)", gt);
	}
	ditto_buf_put8(tc->out, (uint8_t)(d << 7 | gt));
	return gateway_fromtext(tc, (uint8_t)gt);
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
	ditto_result_t r = next_number(tc, 0xff, "algorithm", &alg);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_next(tc, &t);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t start = tc->out->pos;
	ditto_buf_put8(tc->out, 0);
	ditto_buf_put8(tc->out, (uint8_t)alg);
	ditto_buf_put16(tc->out, 0);
	if (t->len > 510 ||
	    ditto_hex_decode(t->s, t->len, tc->out) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_BADHEX, "bad HIT '%.*s'",
		                      TOKARG(t));
	}
	size_t hitlen = tc->out->pos - start - 4;
	r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t pkstart = tc->out->pos;
	r = ditto_base64_decode(t->s, t->len, tc->out);
	if (r != DITTO_R_SUCCESS || tc->out->pos == pkstart) {
		return ditto__rd_fail(tc, DITTO_R_BADBASE64,
		                      "bad HIP public key");
	}
	tc->out->base[start] = (uint8_t)hitlen;
	ditto_write16(tc->out->base + start + 2,
	              (uint16_t)(tc->out->pos - pkstart));
	while (ditto__rd_more(tc)) {
		r = ditto__rd_name(tc, &tc->tok[tc->i++]);
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
	ditto_result_t r = next_number(tc, 128, "prefix length", &plen);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_buf_put8(tc->out, (uint8_t)plen);
	size_t slen = (128 - plen + 7) / 8;
	if (slen > 0) {
		const ditto_token_t *t;
		char buf[64];
		uint8_t addr[16];
		r = ditto__rd_next(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		if (t->len >= sizeof(buf)) {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "bad IPv6 address");
		}
		memcpy(buf, t->s, t->len);
		buf[t->len] = '\0';
		if (inet_pton(AF_INET6, buf, addr) != 1) {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "bad IPv6 address '%s'", buf);
		}
		/* the prefix bits are not sent */
		addr[16 - slen] &= (uint8_t)(0xff >> (plen % 8));
		ditto_buf_putmem(tc->out, addr + 16 - slen, slen);
	}
	if (plen > 0) {
		const ditto_token_t *t;
		r = ditto__rd_next(tc, &t);
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

static ditto_result_t
nsap_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len < 4 || t->s[0] != '0' || (t->s[1] | 0x20) != 'x') {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "NSAP must start with 0x: '%.*s'",
		                      TOKARG(t));
	}
	r = dotted_hex(t->s + 2, t->len - 2, tc->out);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, r, "bad NSAP '%.*s'", TOKARG(t));
	}
	return DITTO_R_SUCCESS;
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
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len > 0 && t->s[0] == '+') {
		if (t->len < 2) {
			goto bad;
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
	ditto_buf_put8(tc->out, 0);
	size_t start = tc->out->pos;
	if (dotted_hex(t->s, t->len, tc->out) != DITTO_R_SUCCESS ||
	    tc->out->pos == start) {
		goto bad;
	}
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad ATMA address '%.*s'",
	                      TOKARG(t));
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
	return ditto__rd_number(tc, t, 0xffff, "error", v);
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
counted_b64_fromtext(rd_tc_t *tc, const char *what)
{
	uint32_t n;
	ditto_result_t r = next_number(tc, 0xffff, what, &n);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t lenpos = tc->out->pos;
	ditto_buf_put16(tc->out, 0);
	if (n > 0) {
		const ditto_token_t *t;
		r = ditto__rd_next(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_base64_decode(t->s, t->len, tc->out);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_fail(tc, DITTO_R_BADBASE64,
			                      "bad base64 %s", what);
		}
	}
	if (tc->out->pos - lenpos - 2 != n) {
		return ditto__rd_fail(tc, DITTO_R_SYNTAX,
		                      "%s length does not match its data",
		                      what);
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
		return ditto__rd_fail(tc, DITTO_R_SYNTAX, "bad time signed");
	}
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return ditto__rd_fail(tc, DITTO_R_SYNTAX,
			                      "bad time signed");
		}
		when = when * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (when > 0xffffffffffffULL) {
		return ditto__rd_fail(tc, DITTO_R_RANGE,
		                      "time signed out of range");
	}
	ditto_buf_put16(tc->out, (uint16_t)(when >> 32));
	ditto_buf_put32(tc->out, (uint32_t)when);
	CHECK(next_number(tc, 0xffff, "fudge", &fudge));
	ditto_buf_put16(tc->out, (uint16_t)fudge);
	CHECK(counted_b64_fromtext(tc, "MAC"));
	CHECK(next_number(tc, 0xffff, "original id", &id));
	CHECK(tsigerr_fromtext(tc, &e));
	ditto_buf_put16(tc->out, (uint16_t)id);
	ditto_buf_put16(tc->out, (uint16_t)e);
	CHECK(counted_b64_fromtext(tc, "other data"));
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
	CHECK(next_number(tc, 0xffff, "mode", &mode));
	CHECK(tsigerr_fromtext(tc, &e));
	ditto_buf_put16(tc->out, (uint16_t)mode);
	ditto_buf_put16(tc->out, (uint16_t)e);
	CHECK(counted_b64_fromtext(tc, "key"));
	CHECK(counted_b64_fromtext(tc, "other data"));
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
	return ditto__rd_fail(tc, DITTO_R_SYNTAX,
	                      "OPT needs the generic form \\# len hex");
}

const rd_kindops_t ditto__rd_opt_ops = { opt_check, opt_totext, opt_fromtext };

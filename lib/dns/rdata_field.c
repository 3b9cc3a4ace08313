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

/* ---- fixed sizes ---- */

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
check2(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(2, avail, used);
}

static ditto_result_t
check4(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(4, avail, used);
}

static ditto_result_t
check16(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(16, avail, used);
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

/* Labels of a wire name, the root not counted. */
static unsigned int
name_labels(const uint8_t *n)
{
	unsigned int k = 0;
	for (size_t o = 0; n[o] != 0 && k < 128; o += (size_t)n[o] + 1) {
		k++;
	}
	return k;
}

/*
 * BIND's quirks: an SVCB/HTTPS target may be quoted; LP shows name errors
 * at the token after the name; an RRSIG signer may not have more labels
 * than the labels field says ("out of range").
 */
static ditto_result_t
name_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	size_t start = tc->out->pos;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_token_t u = *t;
	if (tc->type == DITTO_TYPE_SVCB || tc->type == DITTO_TYPE_HTTPS) {
		u.quoted = false;
	}
	if (tc->type == DITTO_TYPE_LP && !t->quoted) {
		ditto_err_t *err = tc->err;
		tc->err = NULL;
		r = ditto__rd_name(tc, &u);
		tc->err = err;
		return r == DITTO_R_SUCCESS ? r : ditto__rd_err(tc, r, NULL);
	}
	r = ditto__rd_name(tc, &u);
	if (r == DITTO_R_SUCCESS && tc->type == DITTO_TYPE_RRSIG &&
	    name_labels(tc->out->base + start) > tc->out->base[3]) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	return r;
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
	uint32_t v;
	ditto_result_t r = ditto__rd_getnumber(tc, max, &v);
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

/* As BIND's uint8_tobuffer/uint16_tobuffer: out of range shown at the
 * token after the number. */
static ditto_result_t
put_number_next(rd_tc_t *tc, uint32_t max, int width)
{
	const ditto_token_t *t;
	uint32_t v;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r == DITTO_R_SUCCESS) {
		r = ditto__rd_number(tc, t, 0xffffffffu, &v);
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (v > max) {
		return ditto__rd_err(tc, DITTO_R_RANGE, NULL);
	}
	if (width == 1) {
		ditto_buf_put8(tc->out, (uint8_t)v);
	} else {
		ditto_buf_put16(tc->out, (uint16_t)v);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
u8n_fromtext(rd_tc_t *tc)
{
	return put_number_next(tc, 0xff, 1);
}

static ditto_result_t
u16n_fromtext(rd_tc_t *tc)
{
	return put_number_next(tc, 0xffff, 2);
}

static const rd_kindops_t u8_ops = { ditto__rd_check1, u8_totext, u8_fromtext };
static const rd_kindops_t u8n_ops = { ditto__rd_check1, u8_totext,
	                              u8n_fromtext };
static const rd_kindops_t u16n_ops = { check2, u16_totext, u16n_fromtext };
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
				/* BIND: a plain number too large is a syntax
				 * error, units adding up too far a range one */
				return units ? DITTO_R_RANGE : DITTO_R_SYNTAX;
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
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	r = parse_ttl(t, &v);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	ditto_buf_put32(tc->out, v);
	return DITTO_R_SUCCESS;
}

static const rd_kindops_t ttl_ops = { check4, u32_totext, ttl_fromtext };

/* ---- addresses ---- */

static ditto_result_t
addr_fromtext(rd_tc_t *tc, int af)
{
	uint8_t addr[16];
	ditto_result_t r = ditto__rd_addr(tc, af, addr);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_buf_putmem(tc->out, addr, af == AF_INET ? 4 : 16);
	return DITTO_R_SUCCESS;
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
	/* BIND: a bad escape or a string over 255 bytes is a syntax error */
	if (ditto__rd_unescape(t, buf, 255, &n) != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	if (ditto_buf_avail(tc->out) < n + 1) {
		return ditto__rd_tokerr(tc, DITTO_R_NOSPACE, NULL);
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

/* BIND: under 4 characters is a syntax error, a non-digit out of range. */
static ditto_result_t
x25_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len < 4) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
		}
	}
	return put_string(tc, t);
}

/*
 * NAPTR regexp (RFC 3403): empty, or delim regex delim replacement delim
 * flags, where the delimiter is not a digit, a backslash or 'i', the only
 * flag is 'i', back-references \1..\9 name existing groups, and the
 * regex has balanced parentheses and brackets. BIND rejects anything else
 * as a syntax error.
 */
static bool
regex_ok(const uint8_t *p, size_t len)
{
	if (len == 0) {
		return true;
	}
	uint8_t delim = p[0];
	if ((delim >= '0' && delim <= '9') || delim == '\\' || delim == 'i' ||
	    delim == 0) {
		return false;
	}
	int part = 0, depth = 0;
	unsigned int groups = 0;
	bool bracket = false;
	for (size_t i = 1; i < len; i++) {
		uint8_t c = p[i];
		if (c == 0) {
			return false;
		}
		if (c == delim && !bracket) {
			if (part == 2 || (part == 0 && depth != 0)) {
				return false;
			}
			part++;
			continue;
		}
		if (part == 2) {
			if (c != 'i') {
				return false;
			}
			continue;
		}
		if (c == '\\') {
			if (++i >= len) {
				return false;
			}
			if (part == 1 && p[i] >= '0' && p[i] <= '9' &&
			    (p[i] == '0' ||
			     (unsigned int)(p[i] - '0') > groups)) {
				return false;
			}
			continue;
		}
		if (part == 0 && bracket) {
			bracket = c != ']';
		} else if (part == 0 && c == '[') {
			bracket = true;
		} else if (part == 0 && c == '(') {
			depth++;
			groups++;
		} else if (part == 0 && c == ')' && --depth < 0) {
			return false;
		}
	}
	return part == 2;
}

static ditto_result_t
regex_fromtext(rd_tc_t *tc)
{
	size_t start = tc->out->pos;
	ditto_result_t r = string_fromtext(tc);
	if (r == DITTO_R_SUCCESS &&
	    !regex_ok(tc->out->base + start + 1, tc->out->pos - start - 1)) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	return r;
}

static const rd_kindops_t str_ops = { check_counted, string_totext,
	                              string_fromtext };
/* BIND checks the regexp on the wire too. */
static ditto_result_t
regex_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	ditto_result_t r = check_counted(rd, p, avail, used);
	if (r == DITTO_R_SUCCESS && !regex_ok(p + 1, p[0])) {
		return DITTO_R_FORMERR;
	}
	return r;
}

static const rd_kindops_t regex_ops = { regex_check, string_totext,
	                                regex_fromtext };
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
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
	}
	if (ditto__rd_unescape(t, buf, sizeof(buf), &n) != DITTO_R_SUCCESS) {
		return ditto__rd_err(tc, DITTO_R_SYNTAX, NULL);
	}
	if (ditto_buf_avail(tc->out) < n) {
		return ditto__rd_err(tc, DITTO_R_NOSPACE, NULL);
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

/* BIND: over 255 bytes is out of range (shown at the next token), any
 * character but a letter or digit a syntax error. */
static ditto_result_t
caatag_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len > 255) {
		return ditto__rd_err(tc, DITTO_R_RANGE, NULL);
	}
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z'))) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
		}
	}
	ditto_buf_put8(tc->out, (uint8_t)t->len);
	ditto_buf_putmem(tc->out, t->s, t->len);
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

/* Digest length BIND reads for the record's digest type, or 0. */
static size_t
digest_len(const rd_tc_t *tc)
{
	const uint8_t *b = tc->out->base;
	switch (tc->type) {
	case DITTO_TYPE_DS:
	case DITTO_TYPE_CDS:
	case DITTO_TYPE_TA:
	case DITTO_TYPE_DLV:
		return b[3] == 1 ? 20 : b[3] == 2 ? 32 : b[3] == 4 ? 48 : 0;
	case DITTO_TYPE_SSHFP:
		return b[1] == 1 ? 20 : b[1] == 2 ? 32 : 0;
	case DITTO_TYPE_ZONEMD:
		return b[5] == 1 ? 48 : b[5] == 2 ? 64 : 0;
	default:
		return 0;
	}
}

static ditto_result_t
hex_fromtext(rd_tc_t *tc)
{
	size_t n = digest_len(tc);
	if (n > 0 && tc->type == DITTO_TYPE_ZONEMD) {
		/* BIND reports any bad ZONEMD digest as too short */
		size_t at = tc->i;
		ditto_err_t *err = tc->err;
		tc->err = NULL;
		ditto_result_t r = ditto__rd_hexlen(tc, n);
		tc->err = err;
		if (r != DITTO_R_SUCCESS) {
			while (at < tc->ntok && !tc->tok[at].quoted) {
				at++;
			}
			return ditto__rd_failat(tc, at, DITTO_R_UNEXPECTEDEND,
			                        NULL);
		}
		return r;
	}
	if (n > 0) {
		return ditto__rd_hexlen(tc, n);
	}
	size_t start = tc->out->pos;
	ditto_result_t r = ditto__rd_hexrest(tc, false);
	if (r == DITTO_R_SUCCESS && tc->type == DITTO_TYPE_ZONEMD &&
	    tc->out->pos - start < 12) {
		/* RFC 8976: a digest has at least 12 octets */
		return ditto__rd_err(tc, DITTO_R_UNEXPECTEDEND, NULL);
	}
	return r;
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
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (ditto__rd_tokeq(t, "-")) {
		ditto_buf_put8(tc->out, 0);
		return DITTO_R_SUCCESS;
	}
	if (t->len > 510) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_TOOLONG);
	}
	uint8_t tmp[256];
	ditto_buf_t b;
	ditto_buf_init(&b, tmp, 255);
	r = ditto_hex_decode(t->s, t->len, &b);
	if (r != DITTO_R_SUCCESS) {
		/* BIND shows the token after the salt */
		return ditto__rd_err(tc, r, NULL);
	}
	ditto_buf_put8(tc->out, (uint8_t)b.pos);
	ditto_buf_putmem(tc->out, tmp, b.pos);
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
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	uint8_t tmp[256];
	ditto_buf_t b;
	ditto_buf_init(&b, tmp, 255);
	r = ditto_base32hex_decode(t->s, t->len, &b);
	if (r == DITTO_R_NOSPACE) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	if (r != DITTO_R_SUCCESS || b.pos == 0) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_BADBASE32);
	}
	if (tc->out->base[0] == 1 && b.pos != 20) {
		/* SHA-1 hashes are 20 bytes */
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	ditto_buf_put8(tc->out, (uint8_t)b.pos);
	ditto_buf_putmem(tc->out, tmp, b.pos);
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

/* Type mnemonics (or TYPEnnn) up to the end; errors at the token. */
static ditto_result_t
collect_types(rd_tc_t *tc, uint8_t *bits)
{
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t;
		uint16_t type;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		if (ditto_rrtype_fromtext(t->s, t->len, &type) !=
		    DITTO_R_SUCCESS) {
			return ditto__rd_tokerr(tc, DITTO_R_BADTYPE, NULL);
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
	ditto_result_t r = collect_types(tc, bits);
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
			return ditto__rd_err(tc, DITTO_R_NOSPACE, NULL);
		}
		ditto_buf_put8(tc->out, (uint8_t)w);
		ditto_buf_put8(tc->out, (uint8_t)n);
		ditto_buf_putmem(tc->out, win, n);
		any = true;
	}
	if (!any && nonempty) {
		return ditto__rd_err(tc, DITTO_R_FORMERR, NULL);
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

/* A whole-token decimal with optional sign, truncated to 16 bits. */
static ditto_result_t
nxt_number(const ditto_token_t *t, uint16_t *type)
{
	size_t i = t->len > 0 && (t->s[0] == '-' || t->s[0] == '+') ? 1 : 0;
	bool neg = i == 1 && t->s[0] == '-';
	uint64_t n = 0;
	if (i == t->len) {
		return DITTO_R_SYNTAX;
	}
	for (; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return DITTO_R_SYNTAX;
		}
		/* strtol saturates at LONG_MAX (64-bit here) */
		n = n < 0x0cccccccccccccccULL
		            ? n * 10 + (uint64_t)(t->s[i] - '0')
		            : 0x7fffffffffffffffULL;
	}
	/* and BIND keeps the low 16 bits */
	*type = (uint16_t)(neg ? 0 - n : n);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
nxtmap_fromtext(rd_tc_t *tc)
{
	uint8_t bits[16] = { 0 };
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t;
		uint16_t type;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		/* BIND: strtol first (any sign), then the mnemonic */
		if (nxt_number(t, &type) != DITTO_R_SUCCESS &&
		    ditto_rrtype_fromtext(t->s, t->len, &type) !=
		            DITTO_R_SUCCESS) {
			return ditto__rd_tokerr(tc, DITTO_R_BADTYPE, NULL);
		}
		if (type < 1 || type > 127) {
			return ditto__rd_err(tc, DITTO_R_RANGE, NULL);
		}
		bits[type / 8] |= (uint8_t)(0x80 >> (type % 8));
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
	[F_TYPE] = &ditto__rd_type_ops,
	[F_ALG] = &ditto__rd_alg_ops,
	[F_CERTALG] = &ditto__rd_certalg_ops,
	[F_DIGEST] = &ditto__rd_digest_ops,
	[F_TIME] = &ditto__rd_time_ops,
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
	[F_CERTTYPE] = &ditto__rd_certtype_ops,
	[F_PROTO] = &ditto__rd_proto_ops,
	[F_PORTMAP] = &ditto__rd_portmap_ops,
	[F_DSYNCSCH] = &ditto__rd_dsyncsch_ops,
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
	[F_KEYFLAGS] = &ditto__rd_keyflags_ops,
	[F_SECPROTO] = &ditto__rd_secproto_ops,
	[F_HASHALG] = &ditto__rd_hashalg_ops,
	[F_U8N] = &u8n_ops,
	[F_U16N] = &u16n_ops,
	[F_REGEX] = &regex_ops,
};

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata text helpers: the bounded text writer and the token reader.
 *
 * The writer never overruns: once something does not fit, `full` is set and
 * later writes are dropped; the caller turns that into DITTO_R_NOSPACE. The
 * token helpers turn master-file tokens into numbers, names, unescaped
 * strings, base64 and hex, and word the error reasons for the operator.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata_p.h"
#include "util/base64.h"
#include "util/hex.h"
#include "util/result.h"

void
ditto__rd_putmem(rd_out_t *o, const char *s, size_t len)
{
	if (o->full || o->size - o->pos <= len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->pos, s, len);
	o->pos += len;
	o->buf[o->pos] = '\0';
}

void
ditto__rd_puts(rd_out_t *o, const char *s)
{
	ditto__rd_putmem(o, s, strlen(s));
}

void
ditto__rd_printf(rd_out_t *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		o->full = true;
		return;
	}
	ditto__rd_putmem(o, tmp, (size_t)n);
}

void
ditto__rd_puthex(rd_out_t *o, const uint8_t *p, size_t len, size_t chunk)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < len && !o->full; i++) {
		if (chunk != 0 && col == chunk) {
			ditto__rd_putmem(o, " ", 1);
			col = 0;
		}
		char two[2] = { digits[p[i] >> 4], digits[p[i] & 15] };
		ditto__rd_putmem(o, two, 2);
		col += 2;
	}
}

void
ditto__rd_putb64(rd_out_t *o, const uint8_t *p, size_t len, size_t chunk)
{
	/* 42 bytes encode to exactly 56 characters, with no padding */
	const size_t step = 42;
	for (size_t i = 0; i < len && !o->full; i += step) {
		char tmp[57];
		size_t n = len - i < step ? len - i : step;
		if (ditto_base64_encode(p + i, n, tmp, sizeof(tmp)) !=
		    DITTO_R_SUCCESS) {
			o->full = true;
			return;
		}
		if (i > 0 && chunk != 0) {
			ditto__rd_putmem(o, " ", 1);
		}
		ditto__rd_puts(o, tmp);
	}
}

/* A character-string in double quotes with BIND's escapes. */
void
ditto__rd_putstring(rd_out_t *o, const uint8_t *p, size_t len)
{
	ditto__rd_putmem(o, "\"", 1);
	for (size_t i = 0; i < len && !o->full; i++) {
		uint8_t c = p[i];
		if (c < 0x20 || c >= 0x7f) {
			ditto__rd_printf(o, "\\%03u", c);
		} else if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			ditto__rd_putmem(o, e, 2);
		} else {
			char ch = (char)c;
			ditto__rd_putmem(o, &ch, 1);
		}
	}
	ditto__rd_putmem(o, "\"", 1);
}

bool
ditto__rd_more(const rd_tc_t *tc)
{
	return tc->i < tc->ntok;
}

const char *
ditto__rd_summary(ditto_result_t r)
{
	switch (r) {
	case DITTO_R_UNEXPECTEDEND:
		return "unexpected end of input";
	case DITTO_R_EXTRADATA:
		return "extra input text";
	case DITTO_R_RANGE:
		return "out of range";
	case DITTO_R_SYNTAX:
		return "syntax error";
	case DITTO_R_BADTYPE:
		return "unknown class/type";
	case DITTO_R_BADBASE64:
		return "bad base64 encoding";
	case DITTO_R_BADHEX:
		return "bad hex encoding";
	case DITTO_R_BADESCAPE:
		return "bad escape";
	case DITTO_R_EMPTYLABEL:
		return "empty label";
	case DITTO_R_LABELTOOLONG:
		return "label too long";
	case DITTO_R_NAMETOOLONG:
	case DITTO_R_NOSPACE:
		return "ran out of space";
	case DITTO_R_FORMERR:
		return "FORMERR";
	case DITTO_R_NOTIMPLEMENTED:
		return "not implemented";
	case DITTO_R_EXISTS:
		return RD_S_DUPLICATE;
	default:
		return ditto_result_totext(r);
	}
}

ditto_result_t
ditto__rd_failat(rd_tc_t *tc, size_t idx, ditto_result_t r, const char *summary)
{
	ditto_err_t *err = tc->err;
	if (err == NULL) {
		return r;
	}
	if (summary == NULL) {
		summary = ditto__rd_summary(r);
	}
	if (idx >= tc->ntok) {
		ditto_err_set(err, "near eol: %s", summary);
	} else if (tc->tok[idx].quoted) {
		ditto_err_set(err, "%s", summary);
	} else {
		const ditto_token_t *t = &tc->tok[idx];
		ditto_err_set(err, "near '%.*s': %s",
		              (int)(t->len > DITTO_ERR_MAXMSG ? DITTO_ERR_MAXMSG
		                                              : t->len),
		              t->s, summary);
	}
	ditto_err_summary(err, summary);
	err->offset = idx;
	return r;
}

ditto_result_t
ditto__rd_tokerr(rd_tc_t *tc, ditto_result_t r, const char *summary)
{
	return ditto__rd_failat(tc, tc->i > 0 ? tc->i - 1 : 0, r, summary);
}

ditto_result_t
ditto__rd_err(rd_tc_t *tc, ditto_result_t r, const char *summary)
{
	return ditto__rd_failat(tc, tc->i, r, summary);
}

ditto_result_t
ditto__rd_next(rd_tc_t *tc, const ditto_token_t **tok)
{
	if (tc->i >= tc->ntok) {
		*tok = NULL;
		return ditto__rd_err(tc, DITTO_R_UNEXPECTEDEND, NULL);
	}
	*tok = &tc->tok[tc->i++];
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__rd_string(rd_tc_t *tc, const ditto_token_t **tok)
{
	ditto_result_t r = ditto__rd_next(tc, tok);
	if (r == DITTO_R_SUCCESS && (*tok)->quoted) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_UNEXPTOKEN);
	}
	return r;
}

ditto_result_t
ditto__rd_getnumber(rd_tc_t *tc, uint32_t max, uint32_t *v)
{
	const ditto_token_t *t;
	ditto_result_t r = ditto__rd_next(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto__rd_number(tc, t, max, v);
}

bool
ditto__rd_tokeq(const ditto_token_t *t, const char *s)
{
	size_t n = strlen(s);
	if (t->len != n) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char a = t->s[i], b = s[i];
		if (a >= 'A' && a <= 'Z') {
			a = (char)(a + 32);
		}
		if (b >= 'A' && b <= 'Z') {
			b = (char)(b + 32);
		}
		if (a != b) {
			return false;
		}
	}
	return true;
}

bool
ditto__rd_isnumber(const ditto_token_t *t)
{
	if (t->len == 0 || t->quoted) {
		return false;
	}
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return false;
		}
	}
	return true;
}

/*
 * As BIND's lexer reads a number: all decimal digits, at most 2^32-1
 * ("out of range" beyond); anything else, or quoted, is "not a valid
 * number". Both show the token.
 */
ditto_result_t
ditto__rd_number(rd_tc_t *tc, const ditto_token_t *t, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;
	if (!ditto__rd_isnumber(t)) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_BADNUMBER);
	}
	for (size_t i = 0; i < t->len && n <= 0xffffffffULL; i++) {
		n = n * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (n > max) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	*v = (uint32_t)n;
	return DITTO_R_SUCCESS;
}

/* \X and \DDD escapes of a character-string token. */
ditto_result_t
ditto__rd_unescape(const ditto_token_t *t, uint8_t *out, size_t outsize,
                   size_t *outlen)
{
	size_t n = 0;
	for (size_t i = 0; i < t->len; i++) {
		uint8_t c = (uint8_t)t->s[i];
		if (c == '\\') {
			if (i + 1 >= t->len) {
				return DITTO_R_BADESCAPE;
			}
			c = (uint8_t)t->s[++i];
			if (c >= '0' && c <= '9') {
				if (i + 2 >= t->len) {
					return DITTO_R_BADESCAPE;
				}
				unsigned int v = 0;
				for (int k = 0; k < 3; k++, i++) {
					char d = t->s[i];
					if (d < '0' || d > '9') {
						return DITTO_R_BADESCAPE;
					}
					v = v * 10 + (unsigned int)(d - '0');
				}
				i--;
				if (v > 255) {
					return DITTO_R_BADESCAPE;
				}
				c = (uint8_t)v;
			}
		}
		if (n >= outsize) {
			return DITTO_R_RANGE;
		}
		out[n++] = c;
	}
	*outlen = n;
	return DITTO_R_SUCCESS;
}

/* A name token; BIND reports its errors at the token. */
ditto_result_t
ditto__rd_name(rd_tc_t *tc, const ditto_token_t *t)
{
	ditto_name_storage_t name;
	size_t len, bs = 0;
	ditto_err_t nerr;
	if (t->quoted) {
		return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, RD_S_UNEXPTOKEN);
	}
	ditto_result_t r = ditto_name_fromtext(t->s, t->len, tc->origin, name,
	                                       &len, &nerr);
	if (r == DITTO_R_BADESCAPE) {
		/* a name that ends inside an escape ran out of input */
		while (bs < t->len && bs < 4 && t->s[t->len - 1 - bs] != '\\') {
			bs++;
		}
		if (bs < t->len && t->s[t->len - 1 - bs] == '\\') {
			bool digits = true;
			for (size_t k = 0; k < bs; k++) {
				char c = t->s[t->len - bs + k];
				digits = digits && c >= '0' && c <= '9';
			}
			if (bs == 0 || (digits && bs < 3)) {
				r = DITTO_R_UNEXPECTEDEND;
			}
		}
	}
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_tokerr(tc, r, NULL);
	}
	if (ditto_buf_avail(tc->out) < len) {
		return ditto__rd_tokerr(tc, DITTO_R_NOSPACE, NULL);
	}
	ditto_buf_putmem(tc->out, name, len);
	return DITTO_R_SUCCESS;
}

/*
 * Base64 over tokens up to the end of the line, or up to the token where
 * padding ends it (the rest is left for the caller). A bad character shows
 * the token after it, the end of data "eol", as BIND does.
 */
ditto_result_t
ditto__rd_b64rest(rd_tc_t *tc, bool allow_empty)
{
	ditto_base64_dec_t d;
	ditto_base64_dec_init(&d);
	if (!ditto__rd_more(tc) && !allow_empty) {
		return ditto__rd_err(tc, DITTO_R_UNEXPECTEDEND, NULL);
	}
	while (ditto__rd_more(tc) && !d.done) {
		const ditto_token_t *t;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_base64_dec_feed(&d, t->s, t->len, tc->out);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_err(tc, r, NULL);
		}
	}
	if (ditto_base64_dec_finish(&d) != DITTO_R_SUCCESS) {
		return ditto__rd_err(tc, DITTO_R_BADBASE64, NULL);
	}
	return DITTO_R_SUCCESS;
}

/* Hex over tokens up to the end of the line; errors as for base64. */
ditto_result_t
ditto__rd_hexrest(rd_tc_t *tc, bool allow_empty)
{
	ditto_hex_dec_t d;
	ditto_hex_dec_init(&d);
	if (!ditto__rd_more(tc) && !allow_empty) {
		return ditto__rd_err(tc, DITTO_R_UNEXPECTEDEND, NULL);
	}
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_hex_dec_feed(&d, t->s, t->len, tc->out);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_err(tc, r, NULL);
		}
	}
	if (ditto_hex_dec_finish(&d) != DITTO_R_SUCCESS) {
		return ditto__rd_err(tc, DITTO_R_BADHEX, NULL);
	}
	return DITTO_R_SUCCESS;
}

/* An IPv4 or IPv6 address token (inet_pton, as BIND); errors at it. */
ditto_result_t
ditto__rd_addr(rd_tc_t *tc, int af, uint8_t *addr)
{
	const ditto_token_t *t;
	char buf[64];
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (t->len < sizeof(buf)) {
		memcpy(buf, t->s, t->len);
		buf[t->len] = '\0';
		if (inet_pton(af, buf, addr) == 1) {
			return DITTO_R_SUCCESS;
		}
	}
	return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
	                        af == AF_INET ? RD_S_BADQUAD : RD_S_BADAAAA);
}

/*
 * Exactly \a n bytes of hex: tokens are read until there are n bytes, as
 * BIND reads digests of a known type. The line ending first is "unexpected
 * end of input", a quoted token "unexpected token", more digits in the
 * last token than fit or a bad digit "bad hex encoding" (shown at the
 * next token); tokens after it are left to the caller.
 */
ditto_result_t
ditto__rd_hexlen(rd_tc_t *tc, size_t n)
{
	ditto_hex_dec_t d;
	ditto_buf_t b;
	if (ditto_buf_avail(tc->out) < n) {
		return ditto__rd_err(tc, DITTO_R_NOSPACE, NULL);
	}
	ditto_buf_init(&b, tc->out->base + tc->out->pos, n);
	ditto_hex_dec_init(&d);
	while (b.pos < n) {
		const ditto_token_t *t;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_hex_dec_feed(&d, t->s, t->len, &b);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_err(tc, DITTO_R_BADHEX, NULL);
		}
	}
	if (ditto_hex_dec_finish(&d) != DITTO_R_SUCCESS) {
		return ditto__rd_err(tc, DITTO_R_BADHEX, NULL);
	}
	tc->out->pos += n;
	return DITTO_R_SUCCESS;
}

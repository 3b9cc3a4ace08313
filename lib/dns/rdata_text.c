/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata text helpers: the bounded text writer and the token reader.
 *
 * The writer never overruns: once something does not fit, `full` is set and
 * later writes are dropped; the caller turns that into DITTO_R_NOSPACE. The
 * token helpers turn master-file tokens into numbers, names, unescaped
 * strings, base64 and hex, and word the error reasons for the operator.
 */
#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata_p.h"
#include "util/base64.h"
#include "util/hex.h"

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

ditto_result_t
ditto__rd_fail(rd_tc_t *tc, ditto_result_t r, const char *fmt, ...)
{
	if (tc->err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(tc->err->msg, sizeof(tc->err->msg), fmt, ap);
		va_end(ap);
		tc->err->offset = tc->i > 0 ? tc->i - 1 : 0;
	}
	return r;
}

ditto_result_t
ditto__rd_next(rd_tc_t *tc, const ditto_token_t **tok)
{
	if (tc->i >= tc->ntok) {
		return ditto__rd_fail(tc, DITTO_R_UNEXPECTEDEND,
		                      "unexpected end of input");
	}
	*tok = &tc->tok[tc->i++];
	return DITTO_R_SUCCESS;
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

/* Decimal only, as BIND's lexer reads numbers. */
ditto_result_t
ditto__rd_number(rd_tc_t *tc, const ditto_token_t *t, uint32_t max,
                 const char *what, uint32_t *v)
{
	uint64_t n = 0;
	if (t->len == 0 || t->quoted) {
		goto bad;
	}
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			goto bad;
		}
		n = n * 10 + (uint64_t)(t->s[i] - '0');
		if (n > 0xffffffffULL) {
			break;
		}
	}
	if (n > max) {
		return ditto__rd_fail(
		        tc, DITTO_R_RANGE, "%s '%.*s' out of range (0..%u)",
		        what, (int)(t->len > RD_TOKSHOW ? RD_TOKSHOW : t->len),
		        t->s, max);
	}
	*v = (uint32_t)n;
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_fail(
	        tc, DITTO_R_SYNTAX, "bad %s '%.*s': not a number", what,
	        (int)(t->len > RD_TOKSHOW ? RD_TOKSHOW : t->len), t->s);
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

ditto_result_t
ditto__rd_name(rd_tc_t *tc, const ditto_token_t *t)
{
	ditto_name_storage_t name;
	size_t len;
	ditto_err_t nerr;
	ditto_result_t r = ditto_name_fromtext(t->s, t->len, tc->origin, name,
	                                       &len, &nerr);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_fail(
		        tc, r, "bad name '%.*s': %s",
		        (int)(t->len > RD_TOKSHOW ? RD_TOKSHOW : t->len), t->s,
		        nerr.msg);
	}
	if (ditto_buf_avail(tc->out) < len) {
		return ditto__rd_fail(tc, DITTO_R_NOSPACE, "rdata too long");
	}
	ditto_buf_putmem(tc->out, name, len);
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__rd_b64rest(rd_tc_t *tc, bool allow_empty)
{
	ditto_base64_dec_t d;
	ditto_base64_dec_init(&d);
	if (!ditto__rd_more(tc) && !allow_empty) {
		return ditto__rd_fail(tc, DITTO_R_UNEXPECTEDEND,
		                      "unexpected end of input");
	}
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t = &tc->tok[tc->i++];
		if (d.done) {
			return ditto__rd_fail(tc, DITTO_R_EXTRADATA,
			                      "extra input text after base64");
		}
		ditto_result_t r =
		        ditto_base64_dec_feed(&d, t->s, t->len, tc->out);
		if (r == DITTO_R_NOSPACE) {
			return ditto__rd_fail(tc, r, "rdata too long");
		}
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_fail(tc, r, "bad base64 encoding");
		}
	}
	if (ditto_base64_dec_finish(&d) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_BADBASE64,
		                      "bad base64 encoding");
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__rd_hexrest(rd_tc_t *tc, bool allow_empty)
{
	ditto_hex_dec_t d;
	ditto_hex_dec_init(&d);
	if (!ditto__rd_more(tc) && !allow_empty) {
		return ditto__rd_fail(tc, DITTO_R_UNEXPECTEDEND,
		                      "unexpected end of input");
	}
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t = &tc->tok[tc->i++];
		ditto_result_t r =
		        ditto_hex_dec_feed(&d, t->s, t->len, tc->out);
		if (r == DITTO_R_NOSPACE) {
			return ditto__rd_fail(tc, r, "rdata too long");
		}
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_fail(tc, r, "bad hex encoding");
		}
	}
	if (ditto_hex_dec_finish(&d) != DITTO_R_SUCCESS) {
		return ditto__rd_fail(tc, DITTO_R_BADHEX,
		                      "bad hex encoding (odd digits)");
	}
	return DITTO_R_SUCCESS;
}

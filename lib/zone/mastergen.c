/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* $GENERATE: range[/step] lhs [ttl] [class] type rhs, as BIND 9.18. */

/*
 * Design
 * ------
 * The directive's tokens are checked once (range, TTL, class, type), then
 * for each value of the range the two templates are substituted into a
 * fixed buffer: `$` is the value, `$$` a literal dollar, `\X` is copied
 * with its backslash (so an escaped `$` stays literal), and
 * `${offset[,width[,base]]}` formats value+offset with base d, o, x, X
 * (zero-padded to width) or n, N (nibbles, least significant first,
 * separated by dots, as for ip6.arpa; width counts the dots too). The owner
 * text is parsed as a name relative to $ORIGIN; the rhs text is split into
 * tokens (quotes, escapes) and given to ditto_rdata_fromtext().
 *
 * Limits (BIND's): start and stop are at most 2^31-1, a width is below 128,
 * value+offset must fit a signed 32-bit integer. The loop is bounded by the
 * range and, when set, by opts->max_records.
 */
#include <stdio.h>
#include <string.h>

#include "util/assert.h"
#include "zone/master_p.h"

#define GEN_MAXWIDTH 127

typedef struct genfmt {
	int64_t offset;
	uint32_t width;
	char base;
} genfmt_t;

static bool
isdigit_(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at s[*i], saturating; false when there are none. */
static bool
parse_digits(const char *s, size_t len, size_t *i, uint64_t *v)
{
	size_t k = *i;
	uint64_t x = 0;
	while (k < len && isdigit_(s[k])) {
		x = x > (UINT64_MAX - 9) / 10 ? UINT64_MAX
		                              : x * 10 + (uint64_t)(s[k] - '0');
		k++;
	}
	if (k == *i) {
		return false;
	}
	*i = k;
	*v = x;
	return true;
}

/* "{offset[,width[,base]]}" starting at the brace s[*i]. */
static ditto_result_t
parse_fmt(const char *s, size_t len, size_t *i, genfmt_t *f, ditto_err_t *err)
{
	size_t k = *i + 1;
	bool neg = false;
	uint64_t v;

	f->width = 0;
	f->base = 'd';
	if (k < len && (s[k] == '+' || s[k] == '-')) {
		neg = s[k] == '-';
		k++;
	}
	if (!parse_digits(s, len, &k, &v)) {
		goto syntax;
	}
	/* sscanf("%d") semantics: the long value truncated to int */
	v = v > INT64_MAX ? (uint64_t)INT64_MAX : v;
	f->offset = (int32_t)(uint32_t)(neg ? (uint64_t)(-(int64_t)v) : v);
	if (k < len && s[k] == ',') {
		k++;
		if (k < len && s[k] == '-') {
			ditto_err_set(err, "ran out of space");
			return DITTO_R_NOSPACE;
		}
		if (!parse_digits(s, len, &k, &v)) {
			goto syntax;
		}
		if (v > GEN_MAXWIDTH) {
			ditto_err_set(err, "ran out of space");
			return DITTO_R_NOSPACE;
		}
		f->width = (uint32_t)v;
		if (k < len && s[k] == ',') {
			k++;
			if (k >= len || strchr("doxXnN", s[k]) == NULL ||
			    s[k] == '\0') {
				goto syntax;
			}
			f->base = s[k++];
		}
	}
	if (k >= len || s[k] != '}') {
		goto syntax;
	}
	*i = k + 1;
	return DITTO_R_SUCCESS;
syntax:
	ditto_err_set(err, "syntax error");
	return DITTO_R_SYNTAX;
}

/* Nibble form of v: see the design note. Returns the length. */
static size_t
nibbles(uint32_t v, uint32_t width, bool upper, char *buf)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;
	for (;;) {
		buf[n++] = digits[v & 0xf];
		v >>= 4;
		if (v == 0 && n >= width) {
			break;
		}
		buf[n++] = '.';
		if (v == 0 && n >= width) {
			break;
		}
	}
	return n;
}

static ditto_result_t
format_value(const genfmt_t *f, int64_t it, char *buf, size_t *len,
             ditto_err_t *err)
{
	int64_t v = it + f->offset;
	int n = 0;
	if (v > INT32_MAX || v < INT32_MIN) {
		ditto_err_set(err, "out of range");
		return DITTO_R_RANGE;
	}
	int w = (int)f->width;
	unsigned int u = (unsigned int)(int)v;
	switch (f->base) {
	case 'o':
		n = snprintf(buf, 160, "%0*o", w, u);
		break;
	case 'x':
		n = snprintf(buf, 160, "%0*x", w, u);
		break;
	case 'X':
		n = snprintf(buf, 160, "%0*X", w, u);
		break;
	case 'n':
		*len = nibbles(u, f->width, false, buf);
		return DITTO_R_SUCCESS;
	case 'N':
		*len = nibbles(u, f->width, true, buf);
		return DITTO_R_SUCCESS;
	default:
		n = snprintf(buf, 160, "%0*d", w, (int)v);
		break;
	}
	*len = n > 0 ? (size_t)n : 0;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__master_gensubst(const char *s, size_t len, int64_t it, char *out,
                       size_t outsize, size_t *outlen, ditto_err_t *err)
{
	size_t o = 0;
	char num[160];
	size_t nlen;

	for (size_t i = 0; i < len;) {
		const char *piece = s + i;
		size_t plen = 1;
		if (s[i] == '\\') {
			plen = i + 1 < len ? 2 : 1;
			i += plen;
		} else if (s[i] == '$' && i + 1 < len && s[i + 1] == '$') {
			i += 2;
		} else if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			genfmt_t f;
			i++;
			ditto_result_t r = parse_fmt(s, len, &i, &f, err);
			if (r == DITTO_R_SUCCESS) {
				r = format_value(&f, it, num, &nlen, err);
			}
			if (r != DITTO_R_SUCCESS) {
				return r;
			}
			piece = num;
			plen = nlen;
		} else if (s[i] == '$') {
			nlen = (size_t)snprintf(num, sizeof(num), "%lld",
			                        (long long)it);
			piece = num;
			plen = nlen;
			i++;
		} else {
			i++;
		}
		if (plen > outsize - o) {
			ditto_err_set(err, "ran out of space");
			return DITTO_R_NOSPACE;
		}
		memcpy(out + o, piece, plen);
		o += plen;
	}
	*outlen = o;
	return DITTO_R_SUCCESS;
}

/* "start-stop[/step]": digits only, start <= stop <= 2^31-1, step >= 1. */
static bool
parse_range(const ditto_token_t *t, uint64_t *start, uint64_t *stop,
            uint64_t *step)
{
	size_t i = 0;
	if (t->quoted || !parse_digits(t->s, t->len, &i, start) ||
	    i >= t->len || t->s[i] != '-') {
		return false;
	}
	i++;
	if (!parse_digits(t->s, t->len, &i, stop)) {
		return false;
	}
	*step = 1;
	if (i < t->len) {
		if (t->s[i] != '/') {
			return false;
		}
		i++;
		if (!parse_digits(t->s, t->len, &i, step) || i != t->len) {
			return false;
		}
	}
	if (*step > ((uint64_t)1 << 32)) {
		*step = (uint64_t)1 << 32; /* one value; keeps v + step exact */
	}
	return *step != 0 && *start <= *stop && *stop <= INT32_MAX;
}

static ditto_result_t
gen_error(ditto__master_t *ctx, ditto_result_t r, uint32_t line,
          const char *msg)
{
	return ditto__master_error(ctx, r, ditto_result_totext(r), "$GENERATE",
	                           line, "%s", msg);
}

/* One value of the range: owner, rdata, sink. */
static ditto_result_t
gen_one(ditto__master_t *ctx, const ditto_token_t *lhs,
        const ditto_token_t *rhs, const ditto__mrrhead_t *h, uint32_t ttl,
        int64_t it, uint32_t line)
{
	ditto_name_storage_t owner;
	ditto_err_t e;
	size_t len, ntok, rdlen;
	ditto_result_t r;

	r = ditto__master_gensubst(lhs->s, lhs->len, it, ctx->gentext,
	                           sizeof(ctx->gentext), &len, &e);
	if (r == DITTO_R_SUCCESS) {
		r = ditto_name_fromtext(ctx->gentext, len, ctx->origin, owner,
		                        NULL, &e);
	}
	if (r == DITTO_R_SUCCESS) {
		r = ditto__master_gensubst(rhs->s, rhs->len, it, ctx->gentext,
		                           sizeof(ctx->gentext), &len, &e);
	}
	if (r == DITTO_R_SUCCESS) {
		r = ditto_lexer_split(ctx->gentext, len, ctx->gentok,
		                      GEN_MAXTOK, &ntok, &e);
	}
	if (r == DITTO_R_SUCCESS) {
		r = ditto_rdata_fromtext(h->type, ctx->rclass, ctx->gentok,
		                         ntok, ctx->origin, ctx->rdata,
		                         sizeof(ctx->rdata), &rdlen, &e);
	}
	if (r != DITTO_R_SUCCESS) {
		/* BIND gives only the result's words here */
		return gen_error(ctx, r, line, ditto_result_totext(r));
	}
	return ditto__master_emit(ctx, owner, h->type, ttl, ctx->rdata, rdlen,
	                          line);
}

ditto_result_t
ditto__master_generate(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	const ditto_token_t *tok = rec->tok;
	size_t n = rec->ntok, i = 3;
	uint32_t line = rec->line, ttl;
	uint64_t start, stop, step;
	ditto__mrrhead_t h;
	ditto_result_t r;

	if (n < 3) {
		return ditto__master_error(
		        ctx, DITTO_R_UNEXPECTEDEND, "unexpected end of input",
		        "dns_master_load", line, "unexpected end of line");
	}
	if (!parse_range(&tok[1], &start, &stop, &step)) {
		return ditto__master_error(
		        ctx, DITTO_R_SYNTAX, "syntax error", "$GENERATE", line,
		        "invalid range '%.*s'",
		        (int)(tok[1].len > 100 ? 100 : tok[1].len), tok[1].s);
	}
	r = ditto__master_rrhead(ctx, tok, n, &i, "$GENERATE", line, &h);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (i >= n) {
		return ditto__master_error(
		        ctx, DITTO_R_UNEXPECTEDEND, "unexpected end of input",
		        "dns_master_load", line, "unexpected end of line");
	}
	if (i + 1 < n) {
		return ditto__master_error(
		        ctx, DITTO_R_EXTRADATA, "extra input text",
		        "dns_master_load", line, "extra input text");
	}
	r = ditto__master_ttl(ctx, &h, NULL, 0, line, &ttl);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	uint64_t count = 0, cap = ctx->opts->max_records;
	for (uint64_t v = start; v <= stop; v += step) {
		if (cap != 0 && count++ >= cap) {
			return ditto__master_error(
			        ctx, DITTO_R_TOOMANY, "too many records",
			        "$GENERATE", line, "too many records");
		}
		r = gen_one(ctx, &tok[2], &tok[i], &h, ttl, (int64_t)v, line);
		if (r != DITTO_R_SUCCESS || ctx->stop) {
			return r;
		}
	}
	return DITTO_R_SUCCESS;
}

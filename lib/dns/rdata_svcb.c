/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* SVCB and HTTPS parameters (RFC 9460), as BIND 9.18 reads and prints them.
 *
 * Wire: (key u16, length u16, value)* with keys strictly increasing. Known
 * keys are validated (mandatory, alpn, no-default-alpn, port, ipv4hint,
 * ech, ipv6hint, dohpath), and so are the cross-key rules: every key in
 * "mandatory" is present and is not "mandatory" itself, and
 * "no-default-alpn" needs "alpn". Text: key=value tokens in any order;
 * they are sorted on input. alpn values have a second level of escaping
 * ("\," is a comma inside an ALPN id). BIND 9.18 prints dohpath as key7.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rdata_p.h"
#include "util/base64.h"
#include "util/mem.h"

enum {
	K_MANDATORY = 0,
	K_ALPN = 1,
	K_NODEFALPN = 2,
	K_PORT = 3,
	K_IPV4HINT = 4,
	K_ECH = 5,
	K_IPV6HINT = 6,
	K_DOHPATH = 7,
};

static const char *const keynames[] = {
	"mandatory", "alpn", "no-default-alpn", "port",
	"ipv4hint",  "ech",  "ipv6hint",        "dohpath",
};

#define NKEYNAMES 8

static bool
alpn_ok(const uint8_t *v, size_t len)
{
	if (len == 0) {
		return false;
	}
	for (size_t o = 0; o < len; o += (size_t)v[o] + 1) {
		if (v[o] == 0 || (size_t)v[o] + 1 > len - o) {
			return false;
		}
	}
	return true;
}

static bool
dohpath_ok(const uint8_t *v, size_t len)
{
	static const char *const vars[] = { "{?dns}", "{&dns}" };
	if (len == 0 || v[0] != '/') {
		return false;
	}
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i + 6 <= len; i++) {
			if (memcmp(v + i, vars[k], 6) == 0) {
				return true;
			}
		}
	}
	return false;
}

static bool
value_ok(uint16_t key, const uint8_t *v, size_t len)
{
	switch (key) {
	case K_MANDATORY:
		if (len == 0 || len % 2 != 0) {
			return false;
		}
		for (size_t i = 0; i < len; i += 2) {
			uint16_t k = ditto_read16(v + i);
			if (k == K_MANDATORY ||
			    (i > 0 && k <= ditto_read16(v + i - 2))) {
				return false;
			}
		}
		return true;
	case K_ALPN:
		return alpn_ok(v, len);
	case K_NODEFALPN:
		return len == 0;
	case K_PORT:
		return len == 2;
	case K_IPV4HINT:
		return len > 0 && len % 4 == 0;
	case K_IPV6HINT:
		return len > 0 && len % 16 == 0;
	case K_ECH:
		return len > 0;
	case K_DOHPATH:
		return dohpath_ok(v, len);
	default:
		return true;
	}
}

/* Offset of the value of \a key in params, or -1. */
static long
find_key(const uint8_t *p, size_t len, uint16_t key)
{
	for (size_t o = 0; o + 4 <= len;
	     o += 4 + (size_t)ditto_read16(p + o + 2)) {
		if (ditto_read16(p + o) == key) {
			return (long)o;
		}
	}
	return -1;
}

static ditto_result_t
svc_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	long last = -1;
	for (size_t o = 0; o < avail;) {
		if (avail - o < 4) {
			return DITTO_R_FORMERR;
		}
		uint16_t key = ditto_read16(p + o),
		         len = ditto_read16(p + o + 2);
		if ((long)key <= last || avail - o - 4 < len ||
		    !value_ok(key, p + o + 4, len)) {
			return DITTO_R_FORMERR;
		}
		last = key;
		o += 4 + (size_t)len;
	}
	long m = find_key(p, avail, K_MANDATORY);
	if (m >= 0) {
		uint16_t mlen = ditto_read16(p + m + 2);
		for (size_t i = 0; i < mlen; i += 2) {
			if (find_key(p, avail, ditto_read16(p + m + 4 + i)) <
			    0) {
				return DITTO_R_FORMERR;
			}
		}
	}
	if (find_key(p, avail, K_NODEFALPN) >= 0 &&
	    find_key(p, avail, K_ALPN) < 0) {
		return DITTO_R_FORMERR;
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static void
put_keyname(rd_out_t *o, uint16_t key)
{
	if (key < K_DOHPATH) {
		ditto__rd_puts(o, keynames[key]);
	} else {
		ditto__rd_printf(o, "key%u", key);
	}
}

static void
put_alpn(rd_out_t *o, const uint8_t *v, size_t len)
{
	uint8_t tmp[2 * 65535];
	size_t n = 0;
	for (size_t off = 0; off < len; off += (size_t)v[off] + 1) {
		if (off > 0) {
			tmp[n++] = ',';
		}
		for (size_t i = 1; i <= v[off]; i++) {
			uint8_t c = v[off + i];
			if (c == ',' || c == '\\') {
				tmp[n++] = '\\';
			}
			tmp[n++] = c;
		}
	}
	ditto__rd_putstring(o, tmp, n);
}

static void
put_value(rd_out_t *o, uint16_t key, const uint8_t *v, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	switch (key) {
	case K_MANDATORY:
		for (size_t i = 0; i < len; i += 2) {
			ditto__rd_puts(o, i > 0 ? "," : "");
			put_keyname(o, ditto_read16(v + i));
		}
		break;
	case K_ALPN:
		put_alpn(o, v, len);
		break;
	case K_PORT:
		ditto__rd_printf(o, "%u", ditto_read16(v));
		break;
	case K_IPV4HINT:
	case K_IPV6HINT: {
		int af = key == K_IPV4HINT ? AF_INET : AF_INET6;
		size_t step = key == K_IPV4HINT ? 4 : 16;
		for (size_t i = 0; i < len; i += step) {
			ditto__rd_puts(o, i > 0 ? "," : "");
			if (inet_ntop(af, v + i, buf, sizeof(buf)) != NULL) {
				ditto__rd_puts(o, buf);
			}
		}
		break;
	}
	case K_ECH:
		ditto__rd_putb64(o, v, len, 0);
		break;
	default:
		ditto__rd_putstring(o, v, len);
		break;
	}
}

static ditto_result_t
svc_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	for (size_t o = 0; o < len && !tx->o.full;) {
		uint16_t key = ditto_read16(p + o),
		         vlen = ditto_read16(p + o + 2);
		ditto__rd_puts(&tx->o, o > 0 ? " " : "");
		put_keyname(&tx->o, key);
		if (key != K_NODEFALPN && (vlen > 0 || key < K_DOHPATH)) {
			ditto__rd_puts(&tx->o, "=");
			put_value(&tx->o, key, p + o + 4, vlen);
		}
		o += 4 + (size_t)vlen;
	}
	return DITTO_R_SUCCESS;
}

/* ---- text input ---- */

typedef struct param {
	uint16_t key;    /*!< key number */
	size_t off, len; /*!< value in the scratch buffer */
} param_t;

typedef struct svcparse {
	rd_tc_t *tc;
	param_t *params;
	size_t nparams;
	uint8_t *scratch; /*!< values, DITTO_RDATA_MAX bytes */
	size_t used;
} svcparse_t;

/* A key name or keyNNNNN: SUCCESS, RANGE (over 65535) or SYNTAX. */
static ditto_result_t
key_parse(const char *s, size_t len, uint16_t *key)
{
	for (uint16_t k = 0; k < NKEYNAMES; k++) {
		if (strlen(keynames[k]) == len &&
		    memcmp(keynames[k], s, len) == 0) {
			*key = k;
			return DITTO_R_SUCCESS;
		}
	}
	if (len < 4 || len > 13 || memcmp(s, "key", 3) != 0) {
		return DITTO_R_SYNTAX;
	}
	uint64_t v = 0;
	for (size_t i = 3; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return DITTO_R_SYNTAX;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > 0xffff) {
		return DITTO_R_RANGE;
	}
	*key = (uint16_t)v;
	return DITTO_R_SUCCESS;
}

static bool
key_fromtext(const char *s, size_t len, uint16_t *key)
{
	return key_parse(s, len, key) == DITTO_R_SUCCESS;
}

static bool
put_scratch(svcparse_t *sp, const void *data, size_t n)
{
	if (DITTO_RDATA_MAX - sp->used < n) {
		return false;
	}
	memcpy(sp->scratch + sp->used, data, n);
	sp->used += n;
	return true;
}

/* comma-separated list, \a s already unescaped once; items via fn */
static bool
parse_list(svcparse_t *sp, uint16_t key, const uint8_t *s, size_t len)
{
	uint8_t item[256];
	size_t n = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == ',') {
			if (n == 0) {
				return false;
			}
			char str[257];
			uint8_t bin[16];
			memcpy(str, item, n);
			str[n] = '\0';
			if (key == K_ALPN) {
				uint8_t l = (uint8_t)n;
				if (!put_scratch(sp, &l, 1) ||
				    !put_scratch(sp, item, n)) {
					return false;
				}
			} else if (key == K_MANDATORY) {
				uint16_t k;
				if (!key_fromtext(str, n, &k)) {
					return false;
				}
				bin[0] = (uint8_t)(k >> 8);
				bin[1] = (uint8_t)k;
				if (!put_scratch(sp, bin, 2)) {
					return false;
				}
			} else {
				int af = key == K_IPV4HINT ? AF_INET : AF_INET6;
				if (inet_pton(af, str, bin) != 1 ||
				    !put_scratch(sp, bin,
				                 af == AF_INET ? 4 : 16)) {
					return false;
				}
			}
			n = 0;
			continue;
		}
		if (s[i] == '\\' && key == K_ALPN && i + 1 < len) {
			i++;
		}
		if (n >= 255) {
			return false;
		}
		item[n++] = s[i];
	}
	return true;
}

static int
cmp_u16(const void *a, const void *b)
{
	return (int)ditto_read16(a) - (int)ditto_read16(b);
}

/* A value in presentation form; SYNTAX, RANGE or BADBASE64 when bad. */
static ditto_result_t
parse_value(svcparse_t *sp, uint16_t key, const uint8_t *v, size_t len,
            bool named)
{
	size_t start = sp->used;
	if (!named || key > K_DOHPATH || key == K_DOHPATH) {
		return put_scratch(sp, v, len) ? DITTO_R_SUCCESS
		                               : DITTO_R_NOSPACE;
	}
	switch (key) {
	case K_NODEFALPN:
		return len == 0 ? DITTO_R_SUCCESS : DITTO_R_SYNTAX;
	case K_PORT: {
		uint32_t port = 0;
		if (len == 0 || len > 10) {
			return DITTO_R_SYNTAX;
		}
		for (size_t i = 0; i < len; i++) {
			if (v[i] < '0' || v[i] > '9') {
				return DITTO_R_SYNTAX;
			}
			port = port * 10 + (uint32_t)(v[i] - '0');
		}
		uint8_t b[2] = { (uint8_t)(port >> 8), (uint8_t)port };
		if (port > 0xffff || len > 5) {
			return DITTO_R_RANGE;
		}
		return put_scratch(sp, b, 2) ? DITTO_R_SUCCESS
		                             : DITTO_R_NOSPACE;
	}
	case K_ECH: {
		ditto_buf_t b;
		ditto_buf_init(&b, sp->scratch + sp->used,
		               DITTO_RDATA_MAX - sp->used);
		ditto_result_t r =
		        ditto_base64_decode((const char *)v, len, &b);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		sp->used += b.pos;
		return DITTO_R_SUCCESS;
	}
	default:
		if (!parse_list(sp, key, v, len)) {
			return DITTO_R_SYNTAX;
		}
		if (key == K_MANDATORY) {
			qsort(sp->scratch + start, (sp->used - start) / 2, 2,
			      cmp_u16);
		}
		return DITTO_R_SUCCESS;
	}
}

/*
 * One "key[=value]" (the value possibly in the next, quoted token). As
 * BIND, errors are shown at the key's token: an unknown key or a bad value
 * is a syntax error, a key or port over 65535 out of range, a value that
 * is not valid for its key (keyNNN=raw or a dohpath without a "dns"
 * variable) FORMERR.
 */
static ditto_result_t
param_fromtext(svcparse_t *sp)
{
	rd_tc_t *tc = sp->tc;
	size_t first = tc->i;
	const ditto_token_t *t;
	uint8_t val[DITTO_RDATA_MAX];
	size_t vlen = 0;
	uint16_t key;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	const char *eq = memchr(t->s, '=', t->len);
	size_t klen = eq != NULL ? (size_t)(eq - t->s) : t->len;
	r = key_parse(t->s, klen, &key);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_failat(tc, first, r, NULL);
	}
	bool named = klen > 0 && t->s[0] != 'k';
	if (eq != NULL) {
		ditto_token_t vt = { eq + 1, (uint32_t)(t->len - klen - 1),
			             false };
		if (vt.len == 0 && ditto__rd_more(tc) &&
		    tc->tok[tc->i].quoted) {
			vt = tc->tok[tc->i++];
		}
		if (ditto__rd_unescape(&vt, val, sizeof(val), &vlen) !=
		            DITTO_R_SUCCESS ||
		    (vlen == 0 && (named || key < NKEYNAMES))) {
			return ditto__rd_failat(tc, first, DITTO_R_SYNTAX,
			                        NULL);
		}
	} else if (named && key != K_NODEFALPN) {
		return ditto__rd_failat(tc, first, DITTO_R_SYNTAX, NULL);
	}
	param_t *p = &sp->params[sp->nparams++];
	p->key = key;
	p->off = sp->used;
	r = parse_value(sp, key, val, vlen, named);
	if (r != DITTO_R_SUCCESS) {
		return ditto__rd_failat(tc, first, r, NULL);
	}
	p->len = sp->used - p->off;
	/* named values were checked while parsing; mandatory's own rules
	 * are checked with the whole set */
	if ((!named || key == K_DOHPATH) &&
	    !value_ok(key, sp->scratch + p->off, p->len)) {
		return ditto__rd_failat(tc, first, DITTO_R_FORMERR, NULL);
	}
	return DITTO_R_SUCCESS;
}

static int
cmp_param(const void *a, const void *b)
{
	const param_t *x = a, *y = b;
	return (int)x->key - (int)y->key;
}

static ditto_result_t
svc_fromtext(rd_tc_t *tc)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t start = tc->out->pos;
	svcparse_t sp = { .tc = tc };
	sp.params = ditto_malloc((tc->ntok - tc->i + 1) * sizeof(param_t));
	sp.scratch = ditto_malloc(DITTO_RDATA_MAX);
	while (ditto__rd_more(tc)) {
		CHECK(param_fromtext(&sp));
	}
	qsort(sp.params, sp.nparams, sizeof(param_t), cmp_param);
	for (size_t i = 0; i + 1 < sp.nparams; i++) {
		if (sp.params[i].key == sp.params[i + 1].key) {
			CLEANUP(ditto__rd_err(tc, DITTO_R_EXISTS, NULL));
		}
	}
	for (size_t i = 0; i < sp.nparams; i++) {
		if (ditto_buf_avail(tc->out) < 4 + sp.params[i].len ||
		    sp.params[i].len > 0xffff) {
			CLEANUP(ditto__rd_err(tc, DITTO_R_NOSPACE, NULL));
		}
		ditto_buf_put16(tc->out, sp.params[i].key);
		ditto_buf_put16(tc->out, (uint16_t)sp.params[i].len);
		ditto_buf_putmem(tc->out, sp.scratch + sp.params[i].off,
		                 sp.params[i].len);
	}
	size_t used;
	if (svc_check(NULL, tc->out->base + start, tc->out->pos - start,
	              &used) != DITTO_R_SUCCESS) {
		/* mandatory keys missing, or no-default-alpn without alpn */
		CLEANUP(ditto__rd_err(tc, DITTO_R_SYNTAX, RD_S_DISALLOWED));
	}
cleanup:
	ditto_free(sp.params);
	ditto_free(sp.scratch);
	return result;
}

const rd_kindops_t ditto__rd_svcparams_ops = { svc_check, svc_totext,
	                                       svc_fromtext };

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC authentication: keys, the _auth entry, time and replay checks. */
#include "control/ccauth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/assert.h"
#include "util/base64.h"
#include "util/mem.h"

/*
 * The MAC covers the encoded top-level entries after `_auth` (the signed
 * region), keyed with the decoded secret. Its base64 form goes on the wire:
 * HMAC-MD5 as `_auth.hmd5` = the first 22 characters (the "==" dropped);
 * HMAC-SHA* as `_auth.hsha` = one byte of DST algorithm code, then the
 * base64 NUL-padded to 88 bytes (protocols/rndc.md §6).
 */

#define SHA_B64LEN 88

static const struct {
	const char *name;
	ditto_hmac_alg_t alg;
	uint8_t code;
} algs[] = {
	{ "hmac-md5", DITTO_HMAC_MD5, 157 },
	{ "hmac-sha1", DITTO_HMAC_SHA1, 161 },
	{ "hmac-sha224", DITTO_HMAC_SHA224, 162 },
	{ "hmac-sha256", DITTO_HMAC_SHA256, 163 },
	{ "hmac-sha384", DITTO_HMAC_SHA384, 164 },
	{ "hmac-sha512", DITTO_HMAC_SHA512, 165 },
};

#define NALGS (sizeof(algs) / sizeof(algs[0]))

ditto_result_t
ditto_ccauth_key_init(ditto_ccauth_key_t *key, const char *algname,
                      const char *secret, ditto_err_t *err)
{
	size_t i = 0;
	for (; i < NALGS; i++) {
		if (strcasecmp(algname, algs[i].name) == 0) {
			break;
		}
	}
	if (i == NALGS) {
		ditto_err_set(err, "unknown algorithm '%s'", algname);
		return DITTO_R_NOTFOUND;
	}
	uint8_t raw[DITTO_CCAUTH_MAXSECRET];
	ditto_buf_t b;
	ditto_buf_init(&b, raw, sizeof(raw));
	ditto_result_t result = ditto_base64_decode(secret, strlen(secret), &b);
	if (result == DITTO_R_NOSPACE) {
		ditto_err_set(err, "secret longer than %d octets",
		              DITTO_CCAUTH_MAXSECRET);
		return DITTO_R_RANGE;
	}
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "bad base64 secret");
		return DITTO_R_BADBASE64;
	}
	key->alg = algs[i].alg;
	memcpy(key->secret, raw, b.pos);
	key->secretlen = b.pos;
	memset(raw, 0, sizeof(raw));
	return DITTO_R_SUCCESS;
}

void
ditto_ccauth_key_clear(ditto_ccauth_key_t *key)
{
	volatile uint8_t *p = key->secret;
	for (size_t i = 0; i < sizeof(key->secret); i++) {
		p[i] = 0;
	}
	key->secretlen = 0;
}

uint8_t
ditto_ccauth_algcode(ditto_hmac_alg_t alg)
{
	for (size_t i = 0; i < NALGS; i++) {
		if (algs[i].alg == alg) {
			return algs[i].code;
		}
	}
	return 0;
}

size_t
ditto_ccauth_entrysize(ditto_hmac_alg_t alg)
{
	return alg == DITTO_HMAC_MD5 ? DITTO_CCAUTH_MD5_ENTRY
	                             : DITTO_CCAUTH_SHA_ENTRY;
}

/* The expected _auth value: MD5 22 chars, SHA code + 88 padded chars. */
static ditto_result_t
auth_value(const ditto_ccauth_key_t *key, const uint8_t *region,
           size_t regionlen, uint8_t value[1 + SHA_B64LEN], size_t *vlen)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	uint8_t mac[DITTO_HMAC_MAXLEN];
	size_t maclen = 0;
	char b64[SHA_B64LEN + 1];
	CHECK(ditto_hmac(key->alg, key->secret, key->secretlen, region,
	                 regionlen, mac, &maclen));
	CHECK(ditto_base64_encode(mac, maclen, b64, sizeof(b64)));
	if (key->alg == DITTO_HMAC_MD5) {
		memcpy(value, b64, 22);
		*vlen = 22;
	} else {
		memset(value, 0, 1 + SHA_B64LEN);
		value[0] = ditto_ccauth_algcode(key->alg);
		memcpy(value + 1, b64, strlen(b64));
		*vlen = 1 + SHA_B64LEN;
	}
cleanup:
	memset(mac, 0, sizeof(mac));
	return result;
}

ditto_result_t
ditto_ccauth_sign(const ditto_ccauth_key_t *key, const uint8_t *region,
                  size_t regionlen, ditto_buf_t *out)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	uint8_t value[1 + SHA_B64LEN];
	size_t vlen = 0;
	CHECK(auth_value(key, region, regionlen, value, &vlen));
	const char *sub = key->alg == DITTO_HMAC_MD5 ? "hmd5" : "hsha";
	ditto_buf_put8(out, 5);
	ditto_buf_putmem(out, "_auth", 5);
	ditto_buf_put8(out, DITTO_SEXPR_TABLE);
	ditto_buf_put32(out, (uint32_t)(1 + 4 + 5 + vlen));
	ditto_buf_put8(out, 4);
	ditto_buf_putmem(out, sub, 4);
	ditto_buf_put8(out, DITTO_SEXPR_BINARY);
	ditto_buf_put32(out, (uint32_t)vlen);
	ditto_buf_putmem(out, value, vlen);
	if (out->error) {
		CLEANUP(DITTO_R_NOSPACE);
	}
cleanup:
	return result;
}

ditto_result_t
ditto_ccauth_verify(const ditto_ccauth_key_t *key, const ditto_sexpr_t *auth,
                    const uint8_t *region, size_t regionlen)
{
	uint8_t want[1 + SHA_B64LEN];
	size_t wlen = 0;
	if (auth == NULL || auth->type != DITTO_SEXPR_TABLE) {
		return DITTO_R_CC_BADAUTH;
	}
	const char *sub = key->alg == DITTO_HMAC_MD5 ? "hmd5" : "hsha";
	const ditto_sexpr_t *got = ditto_sexpr_lookup(auth, sub);
	if (got == NULL || got->type != DITTO_SEXPR_BINARY) {
		return DITTO_R_CC_BADAUTH;
	}
	if (auth_value(key, region, regionlen, want, &wlen) !=
	    DITTO_R_SUCCESS) {
		return DITTO_R_CC_BADAUTH;
	}
	if (got->len != wlen || !ditto_hmac_equal(got->data, want, wlen)) {
		return DITTO_R_CC_BADAUTH;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_ccauth_checktime(uint32_t tim, bool has_exp, uint32_t exp, uint64_t now)
{
	if ((uint64_t)tim + DITTO_CCAUTH_SKEW < now ||
	    (uint64_t)tim > now + DITTO_CCAUTH_SKEW) {
		return DITTO_R_CC_CLOCKSKEW;
	}
	if (has_exp && now > exp) {
		return DITTO_R_CC_EXPIRED;
	}
	return DITTO_R_SUCCESS;
}

/* ---- replay cache ---- */

struct replay_entry {
	char *key;  /*!< "_frm;_to;_ser;_tim" */
	uint64_t t; /*!< when it was recorded */
};

struct ditto_ccauth_replay {
	struct replay_entry *ring; /*!< FIFO by arrival time */
	size_t cap;                /*!< ring size */
	size_t head;               /*!< oldest entry */
	size_t count;              /*!< live entries */
};

ditto_ccauth_replay_t *
ditto_ccauth_replay_create(size_t cap)
{
	ditto_ccauth_replay_t *c = ditto_calloc(1, sizeof(*c));
	c->cap = cap == 0 ? 65536 : cap;
	c->ring = ditto_calloc(c->cap, sizeof(*c->ring));
	return c;
}

void
ditto_ccauth_replay_destroy(ditto_ccauth_replay_t **cachep)
{
	if (cachep == NULL || *cachep == NULL) {
		return;
	}
	ditto_ccauth_replay_t *c = *cachep;
	for (size_t i = 0; i < c->count; i++) {
		ditto_free(c->ring[(c->head + i) % c->cap].key);
	}
	ditto_free(c->ring);
	ditto_free(c);
	*cachep = NULL;
}

size_t
ditto_ccauth_replay_count(const ditto_ccauth_replay_t *cache)
{
	return cache->count;
}

static void
replay_expire(ditto_ccauth_replay_t *c, uint64_t now)
{
	while (c->count > 0) {
		struct replay_entry *e = &c->ring[c->head];
		/* an entry from the "future" (clock stepped back) stays */
		if (now < e->t || now - e->t < DITTO_CCAUTH_REPLAY_TTL) {
			break;
		}
		ditto_free(e->key);
		e->key = NULL;
		c->head = (c->head + 1) % c->cap;
		c->count--;
	}
}

static bool
has_blank(const char *s)
{
	return s != NULL && strpbrk(s, " \t\n") != NULL;
}

ditto_result_t
ditto_ccauth_replay_check(ditto_ccauth_replay_t *cache, const char *frm,
                          const char *to, const char *ser, const char *tim,
                          uint64_t now)
{
	REQUIRE(cache != NULL && ser != NULL && tim != NULL);
	if (has_blank(frm) || has_blank(to) || has_blank(ser) ||
	    has_blank(tim)) {
		return DITTO_R_FAILURE;
	}
	replay_expire(cache, now);
	size_t n = strlen(frm ? frm : "") + strlen(to ? to : "") + strlen(ser) +
	           strlen(tim) + 4;
	char *key = ditto_malloc(n);
	snprintf(key, n, "%s;%s;%s;%s", frm ? frm : "", to ? to : "", ser, tim);
	for (size_t i = 0; i < cache->count; i++) {
		if (strcmp(cache->ring[(cache->head + i) % cache->cap].key,
		           key) == 0) {
			ditto_free(key);
			return DITTO_R_CC_DUPLICATE;
		}
	}
	if (cache->count == cache->cap) {
		ditto_free(key);
		return DITTO_R_TOOMANY;
	}
	struct replay_entry *e =
	        &cache->ring[(cache->head + cache->count) % cache->cap];
	e->key = key;
	e->t = now;
	cache->count++;
	return DITTO_R_SUCCESS;
}

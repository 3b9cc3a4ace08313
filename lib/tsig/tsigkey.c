/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG keys: the algorithm table over util/hmac, truncation policy. */
#include "tsig/tsigkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/assert.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/mem.h"

/*
 * One row per hash function: the name BIND's `algorithm` clause uses, the
 * wire name in TSIG records (RFC 8945 section 6) and the hash. A key holds
 * a pointer to its row, so its wire name needs no storage of its own.
 */
typedef struct algrow {
	const char *text;      /*!< "hmac-sha256" */
	const uint8_t *wire;   /*!< "\x0bhmac-sha256\x00" */
	ditto_hmac_alg_t hmac; /*!< hash function */
} algrow_t;

static const algrow_t algtab[] = {
	{ "hmac-md5", (const uint8_t *)"\x08hmac-md5\x07sig-alg\x03reg\x03int",
	  DITTO_HMAC_MD5 },
	{ "hmac-sha1", (const uint8_t *)"\x09hmac-sha1", DITTO_HMAC_SHA1 },
	{ "hmac-sha224", (const uint8_t *)"\x0bhmac-sha224",
	  DITTO_HMAC_SHA224 },
	{ "hmac-sha256", (const uint8_t *)"\x0bhmac-sha256",
	  DITTO_HMAC_SHA256 },
	{ "hmac-sha384", (const uint8_t *)"\x0bhmac-sha384",
	  DITTO_HMAC_SHA384 },
	{ "hmac-sha512", (const uint8_t *)"\x0bhmac-sha512",
	  DITTO_HMAC_SHA512 },
};
/* The string literals above end in the root label through their NUL. */

#define NALGS (sizeof(algtab) / sizeof(algtab[0]))

struct ditto_tsigkey {
	ditto_name_storage_t name; /*!< lower-cased wire name */
	const algrow_t *alg;       /*!< algorithm row */
	unsigned int digestbits;   /*!< truncation, 0 for none */
	char algtext[24];          /*!< "hmac-sha256-128" */
	size_t secretlen;          /*!< octets of secret */
	uint8_t *secret;           /*!< the secret (wiped on destroy) */
};

/* Parse the decimal suffix "-BITS"; false on anything else. */
static bool
parse_bits(const char *s, unsigned int *bits)
{
	unsigned int v = 0;
	if (*s == '\0') {
		return false;
	}
	for (int i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5) {
			return false;
		}
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	*bits = v;
	return true;
}

/* RFC 8945 5.2.2.1 limits, with named-checkconf's messages. */
static ditto_result_t
check_bits(const algrow_t *row, unsigned int bits, ditto_err_t *err)
{
	unsigned int full = (unsigned int)ditto_hmac_length(row->hmac) * 8;
	if (bits % 8 != 0) {
		ditto_err_set(err, "digest-bits not multiple of 8");
		return DITTO_R_RANGE;
	}
	if (bits > full) {
		ditto_err_set(err, "digest-bits too large [%u..%u]", full / 2,
		              full);
		return DITTO_R_RANGE;
	}
	if (bits < full / 2 || bits < 80) {
		ditto_err_set(err, "digest-bits too small [<%u]", full / 2);
		return DITTO_R_RANGE;
	}
	return DITTO_R_SUCCESS;
}

/* Find the row and truncation for an algorithm text. */
static ditto_result_t
parse_algorithm(const char *text, const algrow_t **rowp, unsigned int *bitsp,
                ditto_err_t *err)
{
	if (strcasecmp(text, "hmac-md5.sig-alg.reg.int") == 0 ||
	    strcasecmp(text, "hmac-md5.sig-alg.reg.int.") == 0) {
		*rowp = &algtab[0];
		*bitsp = 0;
		return DITTO_R_SUCCESS;
	}
	for (size_t i = 0; i < NALGS; i++) {
		size_t n = strlen(algtab[i].text);
		if (strncasecmp(text, algtab[i].text, n) != 0) {
			continue;
		}
		if (text[n] == '\0') {
			*rowp = &algtab[i];
			*bitsp = 0;
			return DITTO_R_SUCCESS;
		}
		if (text[n] == '-' && parse_bits(text + n + 1, bitsp)) {
			*rowp = &algtab[i];
			return check_bits(*rowp, *bitsp, err);
		}
	}
	ditto_err_set(err, "unknown algorithm '%s'", text);
	return DITTO_R_NOTIMPLEMENTED;
}

ditto_result_t
ditto_tsigkey_create(const uint8_t *name, const char *algorithm,
                     const uint8_t *secret, size_t secretlen,
                     ditto_tsigkey_t **keyp, ditto_err_t *err)
{
	const algrow_t *row = NULL;
	unsigned int bits = 0;
	ditto_result_t result;

	REQUIRE(name != NULL && algorithm != NULL && keyp != NULL);
	REQUIRE(*keyp == NULL && (secret != NULL || secretlen == 0));

	CHECK(parse_algorithm(algorithm, &row, &bits, err));
	ditto_tsigkey_t *key = ditto_calloc(1, sizeof(*key));
	ditto_name_copy(key->name, name);
	ditto_name_tolower(key->name);
	key->alg = row;
	key->digestbits = bits;
	if (bits != 0) {
		snprintf(key->algtext, sizeof(key->algtext), "%s-%u", row->text,
		         bits);
	} else {
		snprintf(key->algtext, sizeof(key->algtext), "%s", row->text);
	}
	key->secretlen = secretlen;
	key->secret = ditto_malloc(secretlen == 0 ? 1 : secretlen);
	if (secretlen > 0) {
		memcpy(key->secret, secret, secretlen);
	}
	*keyp = key;
cleanup:
	return result;
}

ditto_result_t
ditto_tsigkey_fromtext(const char *name, const char *algorithm,
                       const char *secret, ditto_tsigkey_t **keyp,
                       ditto_err_t *err)
{
	ditto_name_storage_t wname;
	ditto_result_t result;
	size_t slen = strlen(secret);
	size_t cap = slen / 4 * 3 + 3;
	uint8_t *buf = ditto_malloc(cap);
	ditto_buf_t b;

	REQUIRE(name != NULL && algorithm != NULL && secret != NULL);
	CHECK(ditto_name_fromtext(name, strlen(name), ditto_name_root, wname,
	                          NULL, err));
	ditto_buf_init(&b, buf, cap);
	result = ditto_base64_decode(secret, slen, &b);
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "bad base64 encoding");
		CLEANUP(DITTO_R_BADBASE64);
	}
	CHECK(ditto_tsigkey_create(wname, algorithm, buf, b.pos, keyp, err));
cleanup:
	explicit_bzero(buf, cap);
	ditto_free(buf);
	return result;
}

void
ditto_tsigkey_destroy(ditto_tsigkey_t **keyp)
{
	if (keyp == NULL || *keyp == NULL) {
		return;
	}
	ditto_tsigkey_t *key = *keyp;
	explicit_bzero(key->secret, key->secretlen);
	ditto_free(key->secret);
	ditto_free(key);
	*keyp = NULL;
}

const uint8_t *
ditto_tsigkey_name(const ditto_tsigkey_t *key)
{
	return key->name;
}

const uint8_t *
ditto_tsigkey_algname(const ditto_tsigkey_t *key)
{
	return key->alg->wire;
}

const char *
ditto_tsigkey_algtext(const ditto_tsigkey_t *key)
{
	return key->algtext;
}

ditto_hmac_alg_t
ditto_tsigkey_hmac(const ditto_tsigkey_t *key)
{
	return key->alg->hmac;
}

unsigned int
ditto_tsigkey_digestbits(const ditto_tsigkey_t *key)
{
	return key->digestbits;
}

size_t
ditto_tsigkey_maclen(const ditto_tsigkey_t *key)
{
	if (key->digestbits != 0) {
		return key->digestbits / 8;
	}
	return ditto_hmac_length(key->alg->hmac);
}

ditto_result_t
ditto_tsigkey_hmacinit(const ditto_tsigkey_t *key, ditto_hmac_t *h)
{
	return ditto_hmac_init(h, key->alg->hmac, key->secret, key->secretlen);
}

ditto_result_t
ditto_tsigkey_algfromwire(const uint8_t *algname, ditto_hmac_alg_t *alg)
{
	for (size_t i = 0; i < NALGS; i++) {
		if (ditto_name_equal(algname, algtab[i].wire)) {
			*alg = algtab[i].hmac;
			return DITTO_R_SUCCESS;
		}
	}
	return DITTO_R_NOTFOUND;
}

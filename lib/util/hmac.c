/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* HMAC over OpenSSL 3's EVP_MAC: the one place that includes OpenSSL. */
#include "util/hmac.h"

#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/params.h>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "ditto needs OpenSSL 3.0 or later (EVP_MAC)"
#endif

/*
 * The EVP_MAC "HMAC" implementation is fetched once and shared by every
 * thread (fetched algorithm objects are immutable and reference counted);
 * each computation has its own EVP_MAC_CTX.
 */

static const struct {
	const char *digest; /*!< OpenSSL digest name */
	size_t len;         /*!< output octets */
} algs[DITTO_HMAC_NALGS] = {
	[DITTO_HMAC_MD5] = { "MD5", 16 },
	[DITTO_HMAC_SHA1] = { "SHA1", 20 },
	[DITTO_HMAC_SHA224] = { "SHA224", 28 },
	[DITTO_HMAC_SHA256] = { "SHA256", 32 },
	[DITTO_HMAC_SHA384] = { "SHA384", 48 },
	[DITTO_HMAC_SHA512] = { "SHA512", 64 },
};

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static EVP_MAC *hmac_impl;

static void
fetch_hmac(void)
{
	hmac_impl = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
}

size_t
ditto_hmac_length(ditto_hmac_alg_t alg)
{
	if ((unsigned)alg >= DITTO_HMAC_NALGS) {
		return 0;
	}
	return algs[alg].len;
}

ditto_result_t
ditto_hmac_init(ditto_hmac_t *h, ditto_hmac_alg_t alg, const uint8_t *key,
                size_t keylen)
{
	static const uint8_t zero = 0;

	h->ctx = NULL;
	h->alg = alg;
	h->failed = false;
	if ((unsigned)alg >= DITTO_HMAC_NALGS) {
		return DITTO_R_RANGE;
	}
	(void)pthread_once(&fetch_once, fetch_hmac);
	if (hmac_impl == NULL) {
		return DITTO_R_FAILURE;
	}
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(hmac_impl);
	if (ctx == NULL) {
		return DITTO_R_FAILURE;
	}
	/* EVP_MAC_init() treats an empty key as "keep the previous one";
	 * HMAC pads keys with zeros, so one zero octet is the same key. */
	if (keylen == 0) {
		key = &zero;
		keylen = 1;
	}
	OSSL_PARAM params[2];
	params[0] = OSSL_PARAM_construct_utf8_string(
	        OSSL_MAC_PARAM_DIGEST, (char *)algs[alg].digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, key, keylen, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		return DITTO_R_FAILURE;
	}
	h->ctx = ctx;
	return DITTO_R_SUCCESS;
}

void
ditto_hmac_update(ditto_hmac_t *h, const void *data, size_t len)
{
	if (h->ctx == NULL || h->failed || len == 0) {
		return;
	}
	if (EVP_MAC_update(h->ctx, data, len) != 1) {
		h->failed = true;
	}
}

ditto_result_t
ditto_hmac_final(ditto_hmac_t *h, uint8_t *out, size_t *outlen)
{
	ditto_result_t result = DITTO_R_FAILURE;
	size_t len = 0;

	if (h->ctx != NULL && !h->failed &&
	    EVP_MAC_final(h->ctx, out, &len, DITTO_HMAC_MAXLEN) == 1 &&
	    len == algs[h->alg].len) {
		*outlen = len;
		result = DITTO_R_SUCCESS;
	}
	ditto_hmac_clear(h);
	return result;
}

void
ditto_hmac_clear(ditto_hmac_t *h)
{
	if (h->ctx != NULL) {
		EVP_MAC_CTX_free(h->ctx);
		h->ctx = NULL;
	}
	h->failed = false;
}

ditto_result_t
ditto_hmac(ditto_hmac_alg_t alg, const uint8_t *key, size_t keylen,
           const void *data, size_t len, uint8_t *out, size_t *outlen)
{
	ditto_hmac_t h;
	ditto_result_t result = ditto_hmac_init(&h, alg, key, keylen);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	ditto_hmac_update(&h, data, len);
	return ditto_hmac_final(&h, out, outlen);
}

bool
ditto_hmac_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	return len == 0 || CRYPTO_memcmp(a, b, len) == 0;
}

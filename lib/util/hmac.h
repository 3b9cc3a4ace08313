/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* HMAC-MD5 .. HMAC-SHA512, incremental, over OpenSSL 3 (EVP_MAC). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

/*
 * This is the only module that includes OpenSSL headers: everything else
 * in ditto sees the opaque context below. It uses the EVP_MAC interface of
 * OpenSSL 3 (HMAC_CTX is deprecated there).
 */

/*! The hash functions TSIG needs (RFC 8945 section 6). */
typedef enum ditto_hmac_alg {
	DITTO_HMAC_MD5 = 0,
	DITTO_HMAC_SHA1,
	DITTO_HMAC_SHA224,
	DITTO_HMAC_SHA256,
	DITTO_HMAC_SHA384,
	DITTO_HMAC_SHA512,
	DITTO_HMAC_NALGS /*!< number of algorithms, keep last */
} ditto_hmac_alg_t;

/*! Largest digest of any algorithm (SHA-512), in octets. */
#define DITTO_HMAC_MAXLEN 64

/*!
 * An HMAC computation in progress (caller storage).
 * Ownership: holds an OpenSSL context between ditto_hmac_init() and
 * ditto_hmac_final() or ditto_hmac_clear().
 * Thread safety: one thread at a time.
 */
typedef struct ditto_hmac {
	void *ctx;            /*!< EVP_MAC_CTX, or NULL when idle */
	ditto_hmac_alg_t alg; /*!< algorithm in use */
	bool failed;          /*!< sticky: an OpenSSL call failed */
} ditto_hmac_t;

/*!
 * \brief Digest length in octets of \a alg (16 for MD5 ... 64 for SHA-512),
 * or 0 for an invalid value.
 * Thread safety: safe.
 */
size_t ditto_hmac_length(ditto_hmac_alg_t alg);

/*!
 * \brief Start an HMAC with \a key (any length; an empty key is allowed and
 * equals a key of zero octets, as HMAC pads keys with zeros).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE    bad \a alg
 * \retval DITTO_R_FAILURE  OpenSSL refused (e.g. MD5 disabled by a FIPS
 *                          configuration)
 * Ownership: on success \a h holds a context; release it with
 * ditto_hmac_final() or ditto_hmac_clear(). On failure nothing is held.
 * Thread safety: safe on distinct \a h.
 * Security: \a key is secret; it is copied into OpenSSL's context, which
 * wipes it when freed.
 */
ditto_result_t ditto_hmac_init(ditto_hmac_t *h, ditto_hmac_alg_t alg,
                               const uint8_t *key,
                               size_t keylen) DITTO_MUSTCHECK;

/*!
 * \brief Feed \a len octets. A failure is remembered and reported by
 * ditto_hmac_final().
 * Requires: \a h was initialised.
 * Thread safety: one thread at a time per \a h.
 */
void ditto_hmac_update(ditto_hmac_t *h, const void *data, size_t len);

/*!
 * \brief Finish: write the full digest (ditto_hmac_length() octets) to
 * \a out, which has room for DITTO_HMAC_MAXLEN, and release the context.
 * \retval DITTO_R_SUCCESS, DITTO_R_FAILURE (an OpenSSL call failed)
 * Ownership: the context is released in every case.
 * Thread safety: one thread at a time per \a h.
 */
ditto_result_t ditto_hmac_final(ditto_hmac_t *h, uint8_t *out,
                                size_t *outlen) DITTO_MUSTCHECK;

/*!
 * \brief Release the context without a result; a no-op when idle.
 * Thread safety: one thread at a time per \a h.
 */
void ditto_hmac_clear(ditto_hmac_t *h);

/*!
 * \brief One-shot HMAC of \a data.
 * \retval as ditto_hmac_init() and ditto_hmac_final()
 * Thread safety: safe.
 */
ditto_result_t ditto_hmac(ditto_hmac_alg_t alg, const uint8_t *key,
                          size_t keylen, const void *data, size_t len,
                          uint8_t *out, size_t *outlen) DITTO_MUSTCHECK;

/*!
 * \brief Compare \a len octets in time independent of their content.
 * Security: use this for every MAC comparison.
 * Thread safety: safe.
 */
bool ditto_hmac_equal(const uint8_t *a, const uint8_t *b, size_t len);

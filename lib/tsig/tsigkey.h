/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG keys: name, HMAC algorithm, secret and MAC truncation policy. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "util/err.h"
#include "util/hmac.h"
#include "util/result.h"

/*!
 * A TSIG key (RFC 8945): a name, an algorithm as BIND's `algorithm`
 * clause spells it (hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256,
 * hmac-sha384, hmac-sha512, optionally with a "-BITS" truncation suffix
 * such as hmac-sha256-128), and a secret.
 *
 * A key is immutable once created, so it may be shared by any number of
 * threads without locking.
 */
typedef struct ditto_tsigkey ditto_tsigkey_t;

/*! Bytes a TSIG record may need beyond the key name: the rdata fixed part,
 * the longest algorithm name, the largest MAC and a BADTIME other data. */
#define DITTO_TSIG_RR_OVERHEAD (10 + 26 + 16 + DITTO_HMAC_MAXLEN + 6)

/*!
 * \brief Create a key.
 *
 * \param name       the key name (valid wire form); stored lower-cased
 * \param algorithm  NUL-terminated, case-insensitive: "hmac-md5" (also
 *                   "hmac-md5.sig-alg.reg.int" with or without the final
 *                   dot), "hmac-sha1", "hmac-sha224", "hmac-sha256",
 *                   "hmac-sha384", "hmac-sha512"; the short names may end
 *                   in "-BITS" to truncate MACs to BITS bits (a multiple
 *                   of 8, at least half the digest and at least 80, at
 *                   most the digest: RFC 8945 section 5.2.2.1)
 * \param secret     the shared secret (may be empty)
 * \param keyp       receives the key
 * \param err        optional; on failure the reason in named-checkconf's
 *                   words without its "key 'NAME' " prefix, e.g.
 *                   "digest-bits too small [<128]" or
 *                   "unknown algorithm 'hmac-sha3'"
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTIMPLEMENTED  unknown algorithm
 * \retval DITTO_R_RANGE           bad digest-bits suffix
 * Ownership: caller destroys *keyp with ditto_tsigkey_destroy(), or gives
 * it to a keyring with ditto_keyring_add(). \a secret is copied.
 * Thread safety: safe.
 * Security: the secret is wiped from memory when the key is destroyed.
 */
ditto_result_t ditto_tsigkey_create(const uint8_t *name, const char *algorithm,
                                    const uint8_t *secret, size_t secretlen,
                                    ditto_tsigkey_t **keyp,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Create a key from the texts of a named.conf `key` statement: the
 * name in presentation form, the algorithm (as ditto_tsigkey_create()) and
 * the base64 secret.
 * \retval as ditto_tsigkey_create(), plus DITTO_R_BADBASE64 and name
 *         errors (DITTO_R_SYNTAX, DITTO_R_NAMETOOLONG, ...)
 * Ownership, Thread safety, Security: as ditto_tsigkey_create().
 */
ditto_result_t ditto_tsigkey_fromtext(const char *name, const char *algorithm,
                                      const char *secret,
                                      ditto_tsigkey_t **keyp,
                                      ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Destroy a key and set *keyp to NULL; a NULL *keyp is a no-op.
 * Ownership: the key must not be in a keyring (the keyring owns those).
 * Thread safety: no other thread may use the key any more.
 */
void ditto_tsigkey_destroy(ditto_tsigkey_t **keyp);

/*! \brief The key name, lower-cased wire form (borrowed from the key). */
const uint8_t *ditto_tsigkey_name(const ditto_tsigkey_t *key);

/*! \brief The algorithm's wire name, lower-cased: "hmac-sha256." or
 * "hmac-md5.sig-alg.reg.int." (static storage). */
const uint8_t *ditto_tsigkey_algname(const ditto_tsigkey_t *key);

/*! \brief The algorithm as BIND's `algorithm` clause writes it, with the
 * truncation suffix when there is one: "hmac-sha256-128" (static or
 * borrowed from the key). */
const char *ditto_tsigkey_algtext(const ditto_tsigkey_t *key);

/*! \brief The hash function. */
ditto_hmac_alg_t ditto_tsigkey_hmac(const ditto_tsigkey_t *key);

/*! \brief Truncation policy in bits, 0 when MACs are not truncated. */
unsigned int ditto_tsigkey_digestbits(const ditto_tsigkey_t *key);

/*! \brief Octets of the MACs this key signs with (digest bits / 8, or the
 * full digest length). */
size_t ditto_tsigkey_maclen(const ditto_tsigkey_t *key);

/*!
 * \brief Start an HMAC keyed with this key's secret.
 * \retval as ditto_hmac_init()
 * Ownership: release \a h with ditto_hmac_final() or ditto_hmac_clear().
 * Thread safety: safe (the key is only read).
 * Security: the secret never leaves the key and OpenSSL's context.
 */
ditto_result_t ditto_tsigkey_hmacinit(const ditto_tsigkey_t *key,
                                      ditto_hmac_t *h) DITTO_MUSTCHECK;

/*!
 * \brief Map an algorithm's wire name (any case) to its hash function.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND (unknown algorithm)
 * Thread safety: safe.
 * Security: \a algname is a valid wire name, possibly from the network.
 */
ditto_result_t ditto_tsigkey_algfromwire(const uint8_t *algname,
                                         ditto_hmac_alg_t *alg) DITTO_MUSTCHECK;

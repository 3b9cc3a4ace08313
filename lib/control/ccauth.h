/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC authentication: keys, the _auth entry, time and replay checks. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/sexpr.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hmac.h"
#include "util/result.h"

/*! Longest decoded secret named accepts. */
#define DITTO_CCAUTH_MAXSECRET 1024
/*! Allowed difference between _tim and now, in seconds (inclusive). */
#define DITTO_CCAUTH_SKEW 300
/*! How long a message stays in the replay cache, in seconds. */
#define DITTO_CCAUTH_REPLAY_TTL 900
/*! Bytes of the _auth entry at the start of the top table, HMAC-SHA*. */
#define DITTO_CCAUTH_SHA_ENTRY 110
/*! Bytes of the _auth entry at the start of the top table, HMAC-MD5. */
#define DITTO_CCAUTH_MD5_ENTRY 43

/*!
 * A control-channel key (caller storage). The key name never goes on the
 * wire, so it is not part of this struct.
 * Security: \a secret is secret; clear with ditto_ccauth_key_clear().
 */
typedef struct ditto_ccauth_key {
	ditto_hmac_alg_t alg;                   /*!< HMAC algorithm */
	uint8_t secret[DITTO_CCAUTH_MAXSECRET]; /*!< decoded secret */
	size_t secretlen;                       /*!< its length */
} ditto_ccauth_key_t;

/*!
 * \brief Fill \a key from a named.conf algorithm name ("hmac-sha256",
 * case-insensitive) and a base64 secret.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND   unknown algorithm
 * \retval DITTO_R_BADBASE64  bad secret
 * \retval DITTO_R_RANGE      secret longer than 1024 octets
 * Thread safety: safe on distinct \a key.
 */
ditto_result_t ditto_ccauth_key_init(ditto_ccauth_key_t *key,
                                     const char *algname, const char *secret,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Wipe the secret. */
void ditto_ccauth_key_clear(ditto_ccauth_key_t *key);

/*! \brief BIND's DST code of \a alg (157 for MD5, 161..165 for SHA*). */
uint8_t ditto_ccauth_algcode(ditto_hmac_alg_t alg);

/*! \brief Bytes of the _auth entry for \a alg (43 or 110). */
size_t ditto_ccauth_entrysize(ditto_hmac_alg_t alg);

/*!
 * \brief Write the complete `_auth` entry (key, type, length, sub-table)
 * signing \a region (the encoded entries that follow it).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, DITTO_R_FAILURE (OpenSSL)
 * Thread safety: safe.
 */
ditto_result_t ditto_ccauth_sign(const ditto_ccauth_key_t *key,
                                 const uint8_t *region, size_t regionlen,
                                 ditto_buf_t *out) DITTO_MUSTCHECK;

/*!
 * \brief Check the decoded `_auth` table \a auth against \a region with
 * \a key (protocols/rndc.md §6.4), comparing in constant time.
 * \retval DITTO_R_SUCCESS, DITTO_R_CC_BADAUTH
 * Security: \a auth and \a region are untrusted.
 */
ditto_result_t ditto_ccauth_verify(const ditto_ccauth_key_t *key,
                                   const ditto_sexpr_t *auth,
                                   const uint8_t *region,
                                   size_t regionlen) DITTO_MUSTCHECK;

/*!
 * \brief The clock checks of a request (protocols/rndc.md §5 steps 4-5).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_CC_CLOCKSKEW  |tim - now| > 300
 * \retval DITTO_R_CC_EXPIRED    \a has_exp and now > exp
 * Thread safety: safe.
 */
ditto_result_t ditto_ccauth_checktime(uint32_t tim, bool has_exp, uint32_t exp,
                                      uint64_t now) DITTO_MUSTCHECK;

/*!
 * The replay cache: `_frm;_to;_ser;_tim` strings seen in the last 900 s.
 * One per process, shared by all listeners (caller serialises access).
 * Entries are kept in arrival order; the cache holds at most `cap` of them.
 */
typedef struct ditto_ccauth_replay ditto_ccauth_replay_t;

/*!
 * \brief Create a cache holding at most \a cap entries (0 means 65536).
 * Ownership: caller frees with ditto_ccauth_replay_destroy().
 */
ditto_ccauth_replay_t *ditto_ccauth_replay_create(size_t cap);
/*! \brief Free the cache; NULL is a no-op. Sets *\a cachep to NULL. */
void ditto_ccauth_replay_destroy(ditto_ccauth_replay_t **cachep);
/*! \brief Entries currently held. */
size_t ditto_ccauth_replay_count(const ditto_ccauth_replay_t *cache);

/*!
 * \brief Drop expired entries, then check and record one message.
 * \a frm and \a to may be NULL (counted as empty).
 * \retval DITTO_R_SUCCESS       new; recorded with time \a now
 * \retval DITTO_R_CC_DUPLICATE  seen within 900 s
 * \retval DITTO_R_FAILURE       a field holds a space, tab or newline
 * \retval DITTO_R_TOOMANY       the cache is full of live entries
 * Thread safety: one thread at a time per cache.
 * Security: the fields are untrusted (but authenticated).
 */
ditto_result_t ditto_ccauth_replay_check(ditto_ccauth_replay_t *cache,
                                         const char *frm, const char *to,
                                         const char *ser, const char *tim,
                                         uint64_t now) DITTO_MUSTCHECK;

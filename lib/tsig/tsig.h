/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG (RFC 8945): sign and verify messages and multi-message streams. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "tsig/keyring.h"
#include "tsig/tsigkey.h"
#include "util/err.h"
#include "util/hmac.h"
#include "util/result.h"

/*
 * Sans-IO: every function takes message bytes (or a message parsed by
 * ditto_msg_parse() / ditto_msg_parse_query()) and the current time, and
 * gives bytes or a verdict. One ditto_tsig_t follows one exchange:
 *
 *   client: ditto_tsig_init(key) -> ditto_tsig_sign_request()
 *           -> ditto_tsig_verify_response() for each response message
 *           -> ditto_tsig_verify_end() when a stream (AXFR/IXFR) is over
 *   server: ditto_tsig_verify_request(keyring)
 *           -> ditto_tsig_sign_response() for each response message
 *              (ditto_tsig_add_unsigned() for a message sent unsigned),
 *              or ditto_tsig_error_response() when verification failed
 *
 * Multi-message streams follow RFC 8945 section 5.3.1: the first response
 * is digested with the request MAC and all TSIG variables; each later
 * signed message with the previous MAC, the unsigned messages in between
 * (at most DITTO_TSIG_MAXUNSIGNED) and the timers only.
 */

/*! Fudge (seconds) put in the TSIG records ditto signs, as BIND does. */
#define DITTO_TSIG_FUDGE 300
/*! Unsigned messages allowed between two signed ones (RFC 8945 5.3.1). */
#define DITTO_TSIG_MAXUNSIGNED 99

/*!
 * The TSIG state of one exchange (caller storage).
 * Ownership: `key` is borrowed: the key (or its keyring) must outlive the
 * state. Release the state with ditto_tsig_clear().
 * Thread safety: one thread at a time; the key may be shared.
 */
typedef struct ditto_tsig {
	const ditto_tsigkey_t *key;     /*!< the key, NULL when unknown */
	ditto_name_storage_t keyname;   /*!< key name (lower case) */
	ditto_name_storage_t algname;   /*!< algorithm name (lower case) */
	uint8_t mac[DITTO_HMAC_MAXLEN]; /*!< request MAC, then the last MAC
	                                     sent or verified */
	size_t maclen;                  /*!< its length */
	bool has_mac;                   /*!< mac is set */
	bool is_server;                 /*!< verifying requests */
	bool last_signed;               /*!< last message had a TSIG */
	size_t sign_maclen;             /*!< MAC octets to send */
	uint16_t error;                 /*!< TSIG error: to send (server)
	                                     or received (client) */
	uint16_t rcode;                 /*!< rcode of the error response */
	uint64_t req_time;              /*!< time signed of the request */
	unsigned int nmsgs;             /*!< responses signed / verified */
	unsigned int nunsigned;         /*!< unsigned ones since then */
	ditto_result_t failure;         /*!< first verification failure */
	ditto_hmac_t run;               /*!< running digest of a stream */
} ditto_tsig_t;

/*!
 * \brief The most octets a TSIG record signed with \a key can take
 * (owner, fixed fields, algorithm name, the longest MAC, other data of a
 * BADTIME answer): what a renderer keeps free for it.
 * Thread safety: safe.
 */
size_t ditto_tsig_reserve(const ditto_tsigkey_t *key);

/*!
 * \brief Start a client exchange with \a key.
 * Ownership: \a key is borrowed for the life of \a ctx.
 * Thread safety: safe on distinct \a ctx.
 */
void ditto_tsig_init(ditto_tsig_t *ctx, const ditto_tsigkey_t *key);

/*!
 * \brief Release what \a ctx holds; it may be initialised again.
 * Thread safety: safe on distinct \a ctx.
 */
void ditto_tsig_clear(ditto_tsig_t *ctx);

/*!
 * \brief Sign a request: append a TSIG record to the message in \a buf
 * (\a *len octets of \a size) and add one to ARCOUNT. The MAC is
 * remembered to verify the responses.
 * \param now  current time, seconds since the epoch
 * \retval DITTO_R_SUCCESS   *len is the new length
 * \retval DITTO_R_NOSPACE   \a size is too small (the message is unchanged)
 * \retval DITTO_R_RANGE     ARCOUNT is already 65535, or *len < 12
 * \retval DITTO_R_FAILURE   the HMAC failed
 * Requires: ctx from ditto_tsig_init(), nothing signed yet.
 * Thread safety: safe on distinct \a ctx.
 */
ditto_result_t ditto_tsig_sign_request(ditto_tsig_t *ctx, uint8_t *buf,
                                       size_t *len, size_t size, uint64_t now,
                                       ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Verify one response message (of one, or of a stream).
 *
 * The first response must be signed. Later ones may be unsigned, at most
 * DITTO_TSIG_MAXUNSIGNED in a row; they are digested into the next signed
 * message's MAC. After a failure every later call returns the same
 * result: the stream cannot be trusted any more.
 *
 * \param msg  the parsed message (its wire must still be valid)
 * \param now  current time
 * \param err  optional: the reason, e.g. "tsig verify failure (BADSIG)"
 *             with err->summary the detail as BIND logs it at debug level
 *             ("signature failed to verify")
 * \retval DITTO_R_SUCCESS        signed and valid, or an allowed unsigned
 *                                message (ctx->last_signed tells which)
 * \retval DITTO_R_TSIG_UNSIGNED  no TSIG where one is needed
 * \retval DITTO_R_TSIG_BADKEY    signed with another key or algorithm
 * \retval DITTO_R_TSIG_BADSIG    wrong MAC or MAC length out of range
 * \retval DITTO_R_TSIG_BADTIME   time signed outside now +- fudge
 * \retval DITTO_R_TSIG_BADTRUNC  MAC shorter than the key's policy
 * \retval DITTO_R_TSIG_ERRORSET  the server reports an error (ctx->error:
 *                                BADKEY, BADSIG, BADTIME, ...)
 * \retval DITTO_R_FAILURE        the HMAC failed
 * Requires: a request was signed with ditto_tsig_sign_request().
 * Thread safety: safe on distinct \a ctx.
 * Security: \a msg is untrusted; MACs are compared in constant time; work
 * is linear in the message size.
 */
ditto_result_t ditto_tsig_verify_response(ditto_tsig_t *ctx,
                                          const ditto_msg_t *msg, uint64_t now,
                                          ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The stream is complete: its last message must have been signed.
 * \retval DITTO_R_SUCCESS, DITTO_R_TSIG_UNSIGNED, or the earlier failure
 * Thread safety: safe on distinct \a ctx.
 */
ditto_result_t ditto_tsig_verify_end(ditto_tsig_t *ctx,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Verify a signed request against \a ring and set \a ctx up to
 * sign the response (or the error response).
 *
 * Checks in RFC 8945's order, as named does: key (BADKEY), MAC length
 * (too long or below max(10, half the digest): BADSIG with rcode FORMERR),
 * MAC (BADSIG), time (BADTIME), truncation policy (BADTRUNC).
 *
 * \param msg  the parsed request
 * \param now  current time
 * \param err  optional: the reason as named logs it after "request has
 *             invalid signature: ", e.g. "TSIG k1.example: tsig verify
 *             failure (BADSIG)"; err->summary is the detail named logs at
 *             debug level ("unknown key", "signature has expired", ...)
 * \retval DITTO_R_SUCCESS        ctx->key is the key that signed it
 * \retval DITTO_R_TSIG_UNSIGNED  the request has no TSIG (ctx unusable)
 * \retval DITTO_R_TSIG_BADKEY, DITTO_R_TSIG_BADSIG, DITTO_R_TSIG_BADTIME,
 *         DITTO_R_TSIG_BADTRUNC  ctx->error and ctx->rcode say what to
 *                                answer: use ditto_tsig_error_response()
 * \retval DITTO_R_FAILURE        the HMAC failed
 * Ownership: \a ring must outlive \a ctx (ctx->key is borrowed from it).
 * \a ctx is overwritten: ditto_tsig_clear() it first if it was in use.
 * Thread safety: safe on distinct \a ctx; \a ring is only read.
 * Security: \a msg is untrusted network input.
 */
ditto_result_t ditto_tsig_verify_request(ditto_tsig_t *ctx,
                                         const ditto_keyring_t *ring,
                                         const ditto_msg_t *msg, uint64_t now,
                                         ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Sign a response message in \a buf, as ditto_tsig_sign_request().
 *
 * After a successful ditto_tsig_verify_request(): a normal signed response
 * (the MAC as long as the request's), then each later message of a stream
 * with the previous MAC and the timers. After a failed one: BADKEY and
 * BADSIG get an unsigned TSIG record (empty MAC) carrying the error,
 * BADTIME and BADTRUNC a signed one (BADTIME: time signed is the
 * request's, other data our time).
 * \retval as ditto_tsig_sign_request()
 * Requires: ctx from a ditto_tsig_verify_request() that did not return
 * DITTO_R_TSIG_UNSIGNED or DITTO_R_FAILURE.
 * Thread safety: safe on distinct \a ctx.
 */
ditto_result_t ditto_tsig_sign_response(ditto_tsig_t *ctx, uint8_t *buf,
                                        size_t *len, size_t size, uint64_t now,
                                        ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief A stream message that goes out unsigned: digest it into the next
 * signed message's MAC.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_TOOMANY  DITTO_TSIG_MAXUNSIGNED in a row already: sign
 *                          this one instead
 * \retval DITTO_R_FAILURE  the HMAC failed
 * Requires: a first response was signed with ditto_tsig_sign_response().
 * Thread safety: safe on distinct \a ctx.
 */
ditto_result_t ditto_tsig_add_unsigned(ditto_tsig_t *ctx, const uint8_t *buf,
                                       size_t len) DITTO_MUSTCHECK;

/*!
 * \brief Build the whole error response to a request that failed
 * ditto_tsig_verify_request() (RFC 8945 section 5.3.2): the request's id,
 * opcode, RD and CD, QR set, rcode ctx->rcode (NOTAUTH, or FORMERR for a
 * MAC length out of range), its question, and the TSIG record of
 * ditto_tsig_sign_response().
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, DITTO_R_FAILURE
 * Requires: ctx->error != 0.
 * Thread safety: safe on distinct \a ctx.
 */
ditto_result_t ditto_tsig_error_response(ditto_tsig_t *ctx,
                                         const ditto_msg_t *request,
                                         uint8_t *buf, size_t size, size_t *len,
                                         uint64_t now,
                                         ditto_err_t *err) DITTO_MUSTCHECK;

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* NOTIFY (RFC 1996): parse and answer incoming ones, build outgoing ones. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "util/err.h"
#include "util/result.h"
#include "xfr/xfr.h"

/*! What an incoming NOTIFY says. */
typedef struct ditto_notify {
	ditto_name_storage_t zone; /*!< the zone (question name) */
	uint16_t rclass;           /*!< its class */
	uint16_t id;               /*!< message id (for the reply) */
	bool has_serial;           /*!< an SOA for the zone was in the
	                                answer section (RFC 1996 3.7) */
	uint32_t serial;           /*!< its serial */
	bool has_tsig;             /*!< the message carries a TSIG record */
} ditto_notify_t;

/*!
 * \brief Read an incoming NOTIFY request from a parsed message.
 *
 * Checks: opcode NOTIFY, QR clear, exactly one question, of type SOA.
 * An SOA record owned by the question name in the answer section gives
 * the serial (a hint only: the secondary still queries its primary).
 * Whether the zone is ours, the sender allowed (allow-notify, primaries)
 * and TSIG valid are the daemon's decisions.
 *
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FORMERR  not a NOTIFY request, or a malformed one
 *                          (reason in \a err): answer FORMERR
 * Security: \a msg comes from the network; never asserts on it.
 * Thread safety: safe.
 */
ditto_result_t ditto_notify_parse(const ditto_msg_t *msg, ditto_notify_t *out,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The reply to a NOTIFY: same id, opcode NOTIFY, QR, the question
 * echoed, \a rcode (NOERROR, NOTAUTH for a zone we do not serve,
 * REFUSED, FORMERR...). AA is set with NOERROR only, as BIND does. Signed
 * through \a tsig when set.
 * \param query  the parsed request (its question is echoed when present)
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, or the signer's result
 * Thread safety: safe.
 */
ditto_result_t ditto_notify_reply(const ditto_msg_t *query, uint16_t rcode,
                                  const ditto_xfr_tsig_t *tsig, uint8_t *buf,
                                  size_t size, size_t *len) DITTO_MUSTCHECK;

/*!
 * \brief An outgoing NOTIFY (for the secondaries of a zone we serve):
 * opcode NOTIFY, AA, question (zone, SOA, class), and when \a soa_rdata is
 * not NULL the zone's SOA in the answer section, as BIND sends it.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, or the signer's result
 * Thread safety: safe.
 */
ditto_result_t ditto_notify_build(const uint8_t *zone, uint16_t rclass,
                                  uint16_t id, const uint8_t *soa_rdata,
                                  uint16_t soa_rdlen, uint32_t soa_ttl,
                                  const ditto_xfr_tsig_t *tsig, uint8_t *buf,
                                  size_t size, size_t *len) DITTO_MUSTCHECK;

/*!
 * \brief Check the answer to an outgoing NOTIFY: id, QR, opcode NOTIFY,
 * the question (when present), TSIG (when \a tsig is set).
 * \param rcode  receives the answer's rcode (NOERROR: acknowledged)
 * \retval DITTO_R_SUCCESS (look at *rcode), DITTO_R_FORMERR (not an answer
 *         to our NOTIFY; reason in \a err), or the verifier's result
 * Thread safety: safe.
 */
ditto_result_t ditto_notify_parse_reply(const ditto_msg_t *msg, uint16_t id,
                                        const uint8_t *zone, uint16_t rclass,
                                        const ditto_xfr_tsig_t *tsig,
                                        uint16_t *rcode,
                                        ditto_err_t *err) DITTO_MUSTCHECK;

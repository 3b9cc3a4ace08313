/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* What the transfer state machines share: the TSIG hook, log text shapes. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "util/err.h"
#include "util/result.h"

/*
 * lib/xfr does not sign or verify TSIG itself: the daemon hands each state
 * machine a hook bound to its TSIG state (lib/tsig's per-transfer context),
 * so this library stays independent of keys and clocks.
 *
 * Ownership: the hook's argument is borrowed for the life of the state
 * machine that holds it.
 * Thread safety: called on the thread that drives the state machine.
 */
typedef struct ditto_xfr_tsig {
	/*!
	 * Sign an outgoing message in place: \a buf holds *len bytes and
	 * may grow up to \a size (append the TSIG record, bump ARCOUNT).
	 * NULL: send unsigned.
	 */
	ditto_result_t (*sign)(void *arg, uint8_t *buf, size_t size,
	                       size_t *len, ditto_err_t *err);
	/*!
	 * Verify one received message, in order, signed or not (RFC 8945
	 * section 5.3.1 lets up to 99 unsigned messages follow a signed
	 * one). \a msg->wire is the whole message; msg->has_tsig and
	 * msg->tsig_offset locate the TSIG record. A non-success result
	 * fails the transfer with \a err as the reason. NULL: no TSIG.
	 */
	ditto_result_t (*verify)(void *arg, const ditto_msg_t *msg,
	                         ditto_err_t *err);
	/*!
	 * The last message has been verified and accepted: check that the
	 * stream ended with a signed message. NULL: nothing to check.
	 */
	ditto_result_t (*finish)(void *arg, ditto_err_t *err);
	void *arg;      /*!< argument of the three callbacks */
	size_t reserve; /*!< bytes to keep free for the TSIG record */
} ditto_xfr_tsig_t;

/*!
 * \brief The zone as BIND names it in logs: "example.com/IN" (no final
 * dot; the root zone is "./IN"), NUL-terminated, truncated to fit.
 * Thread safety: safe.
 */
void ditto_xfr_zonetext(const uint8_t *origin, uint16_t rclass, char *buf,
                        size_t size);

/*!
 * \brief BIND's prefix of transfer-in log lines:
 * "transfer of 'example.com/IN' from 192.0.2.1#53: " (with the final
 * space). \a peer is the primary's address as BIND prints it
 * ("192.0.2.1#53", "2001:db8::1#53"). NUL-terminated, truncated to fit.
 * Thread safety: safe.
 */
void ditto_xfr_logprefix(const uint8_t *origin, uint16_t rclass,
                         const char *peer, char *buf, size_t size);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Binds a lib/tsig client context to the TSIG hook of the xfr machines. */
#pragma once

#include <stdint.h>

#include "tsig/tsig.h"
#include "xfr/xfr.h"

/*!
 * The state behind a hook made by ditto_xfrtsig_bind(). Caller storage
 * that must outlive the state machine using the hook. Set `now` (seconds
 * since the epoch) before each call into the state machine: lib/xfr never
 * reads a clock.
 */
typedef struct ditto_xfrtsig {
	ditto_tsig_t *ctx; /*!< the client context (borrowed) */
	uint64_t now;      /*!< current time for signing and verifying */
} ditto_xfrtsig_t;

/*!
 * \brief Fill \a hook so that requests are signed with
 * ditto_tsig_sign_request(), every response is checked with
 * ditto_tsig_verify_response() and the end of a stream with
 * ditto_tsig_verify_end(); hook->reserve is set to the size of a TSIG
 * record for the context's key.
 * Requires: ctx initialised with a key (ditto_tsig_init()).
 * Ownership: \a st and \a ctx are borrowed by \a hook.
 * Thread safety: one thread at a time.
 */
void ditto_xfrtsig_bind(ditto_xfrtsig_t *st, ditto_tsig_t *ctx, uint64_t now,
                        ditto_xfr_tsig_t *hook);

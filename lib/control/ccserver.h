/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The named side of the control channel, one connection, sans-IO. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/ccauth.h"
#include "control/ccmsg.h"
#include "control/sexpr.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

/*! Server connection states (see the diagram in ccserver.c). */
typedef enum ditto_ccserver_state {
	DITTO_CCSERVER_READ,     /*!< waiting for a request */
	DITTO_CCSERVER_DISPATCH, /*!< a command waits for ditto_ccserver_reply
	                          */
	DITTO_CCSERVER_CLOSED    /*!< a check failed: close, send nothing */
} ditto_ccserver_state_t;

/*!
 * One control connection (caller storage).
 * Ownership: keys and the replay cache are borrowed; the rest is owned
 * and released by ditto_ccserver_clear().
 * Thread safety: one thread at a time; the replay cache is shared, so the
 * caller serialises calls across connections.
 */
typedef struct ditto_ccserver {
	ditto_ccserver_state_t state;   /*!< where we are */
	const ditto_ccauth_key_t *keys; /*!< the listener's keys, borrowed */
	size_t nkeys;                   /*!< how many */
	size_t key;                     /*!< index of the key that matched */
	ditto_ccauth_replay_t *replay;  /*!< process-wide, borrowed */
	uint32_t nonce;                 /*!< 0 until the handshake */
	uint32_t nextnonce;             /*!< the nonce the handshake will use */
	ditto_ccmsg_reader_t reader;    /*!< request reassembly */
	ditto_arena_t arena;            /*!< the pending request's values */
	ditto_sexpr_t *req_ctrl;        /*!< pending request `_ctrl` */
	const char *command;            /*!< pending `_data.type` (DISPATCH) */
	uint8_t *out;                   /*!< reply frame */
	size_t outlen;                  /*!< its length */
} ditto_ccserver_t;

/*!
 * \brief Start a connection.
 * \param nonce a random non-zero u32, used when the first message arrives
 * Requires: \a nkeys >= 1, \a nonce != 0.
 */
void ditto_ccserver_init(ditto_ccserver_t *s, const ditto_ccauth_key_t *keys,
                         size_t nkeys, ditto_ccauth_replay_t *replay,
                         uint32_t nonce);

/*!
 * \brief Feed bytes from the client; *\a used says how many were consumed
 * (keep the rest for the next call). Applies every check of
 * protocols/rndc.md §5 in order. *\a action: READ (need more), SEND
 * (handshake reply ready), DISPATCH (run s->command, then call
 * ditto_ccserver_reply()).
 * \retval DITTO_R_SUCCESS
 * \retval other  a check failed: close without replying; \a err->msg is
 *         named's reason ("bad auth", "clock skew", "expired",
 *         "duplicate", "failure", "out of range", ...)
 * Requires: state READ.
 * Security: \a data is untrusted and unauthenticated; memory is bounded by
 * a 32 KiB frame; nothing is executed before every check passed.
 */
ditto_result_t ditto_ccserver_feed(ditto_ccserver_t *s, const uint8_t *data,
                                   size_t len, uint64_t now, size_t *used,
                                   ditto_ccmsg_action_t *action,
                                   ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Build the reply to the dispatched command: \a code is the BIND
 * result; `err` is added (from resultmap) when it is not 0, `text` when
 * \a text is not NULL or empty. Then write ditto_ccserver_output().
 * Requires: state DISPATCH.
 * \retval DITTO_R_SUCCESS, DITTO_R_RANGE (reply too large)
 */
ditto_result_t ditto_ccserver_reply(ditto_ccserver_t *s, uint32_t code,
                                    const char *text,
                                    uint64_t now) DITTO_MUSTCHECK;

/*! \brief The reply frame to write now (valid until the next call). */
void ditto_ccserver_output(const ditto_ccserver_t *s, const uint8_t **data,
                           size_t *len);

/*! \brief Release everything the connection owns. */
void ditto_ccserver_clear(ditto_ccserver_t *s);

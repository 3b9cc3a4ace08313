/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC messages: framing, signed rendering, parsing and verification. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/ccauth.h"
#include "control/sexpr.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

/*! The only protocol version. */
#define DITTO_CCMSG_VERSION 1
/*! Largest frame length (prefix value) named accepts from a client. */
#define DITTO_CCMSG_MAXREQUEST 32768
/*! Largest frame length rndc accepts from a server. */
#define DITTO_CCMSG_MAXREPLY (1024 * 1024)

/*!
 * Frame reassembly (sans-IO): feed whatever bytes arrived; a complete
 * frame is handed out once its length prefix is satisfied. The buffer is
 * allocated only after the prefix was checked against `max`.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_ccmsg_reader {
	size_t max;      /*!< largest accepted prefix value */
	uint8_t hdr[4];  /*!< the length prefix being read */
	size_t hdrlen;   /*!< prefix bytes read */
	uint8_t *frame;  /*!< the whole frame, prefix included */
	size_t framelen; /*!< 4 + prefix value */
	size_t have;     /*!< bytes of frame present */
} ditto_ccmsg_reader_t;

/*! \brief Start reading frames of at most \a max bytes after the prefix. */
void ditto_ccmsg_reader_init(ditto_ccmsg_reader_t *r, size_t max);
/*! \brief Free the buffer (a no-op when empty). */
void ditto_ccmsg_reader_clear(ditto_ccmsg_reader_t *r);

/*!
 * \brief Consume bytes from \a data; *\a used says how many were taken
 * (bytes after a complete frame are left to the caller).
 * \retval DITTO_R_SUCCESS        a frame is complete: *\a frame / *\a len
 *                                (prefix included) stay valid until the
 *                                next call
 * \retval DITTO_R_NOMORE         all of \a data consumed, frame incomplete
 * \retval DITTO_R_UNEXPECTEDEND  prefix value 0
 * \retval DITTO_R_RANGE          prefix value above max
 * Security: \a data is untrusted; memory is bounded by max.
 */
ditto_result_t ditto_ccmsg_reader_feed(ditto_ccmsg_reader_t *r,
                                       const uint8_t *data, size_t len,
                                       size_t *used, const uint8_t **frame,
                                       size_t *framelen) DITTO_MUSTCHECK;

/*!
 * \brief Render a signed frame: length, version, `_auth`, then the
 * entries of \a top (which must not contain `_auth`).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, DITTO_R_FAILURE (OpenSSL)
 * Ownership: the frame is written to \a out.
 * Thread safety: safe.
 */
ditto_result_t ditto_ccmsg_render(const ditto_ccauth_key_t *key,
                                  const ditto_sexpr_t *top,
                                  ditto_buf_t *out) DITTO_MUSTCHECK;

/*! A decoded frame. Values are in the arena given to ditto_ccmsg_parse(). */
typedef struct ditto_ccmsg {
	ditto_sexpr_t *top;    /*!< all top-level entries, `_auth` first */
	ditto_sexpr_t *auth;   /*!< the `_auth` table */
	ditto_sexpr_t *ctrl;   /*!< `_ctrl` if it is a table, else NULL */
	ditto_sexpr_t *data;   /*!< `_data` if it is a table, else NULL */
	const uint8_t *region; /*!< signed region, points into the frame */
	size_t regionlen;      /*!< its length */
} ditto_ccmsg_t;

/*!
 * \brief Decode a whole frame (prefix included) without verifying it.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FORMERR  bad prefix, version, encoding, or `_auth`
 *                          not the first entry / not a table
 * Ownership: \a msg borrows \a frame (region) and \a arena (values).
 * Security: \a frame is untrusted.
 */
ditto_result_t ditto_ccmsg_parse(const uint8_t *frame, size_t len,
                                 ditto_arena_t *arena, ditto_ccmsg_t *msg,
                                 ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Verify \a msg with each of \a nkeys keys in order.
 * \retval DITTO_R_SUCCESS     *\a which = index of the first key that matched
 * \retval DITTO_R_CC_BADAUTH  none did
 */
ditto_result_t ditto_ccmsg_verify(const ditto_ccmsg_t *msg,
                                  const ditto_ccauth_key_t *keys, size_t nkeys,
                                  size_t *which) DITTO_MUSTCHECK;

/*! What a control-channel state machine wants its driver to do next. */
typedef enum ditto_ccmsg_action {
	DITTO_CCMSG_READ,     /*!< feed more bytes from the peer */
	DITTO_CCMSG_SEND,     /*!< write the output frame, then read */
	DITTO_CCMSG_DISPATCH, /*!< (server) run the command, then reply */
	DITTO_CCMSG_DONE      /*!< (client) the final reply is available */
} ditto_ccmsg_action_t;

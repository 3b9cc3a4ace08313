/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The rndc client side of the control channel, sans-IO. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/ccauth.h"
#include "control/ccmsg.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

/*! Client states (see the diagram in ccclient.c). */
typedef enum ditto_ccclient_state {
	DITTO_CCCLIENT_HELLO, /*!< `null` sent, waiting for the nonce */
	DITTO_CCCLIENT_CMD,   /*!< command sent, waiting for its reply */
	DITTO_CCCLIENT_DONE,  /*!< reply received */
	DITTO_CCCLIENT_FAILED /*!< protocol error: close the connection */
} ditto_ccclient_state_t;

/*!
 * One command over one connection (caller storage).
 * Ownership: the key is borrowed for the life of the client; everything
 * else is owned and released by ditto_ccclient_clear().
 * Thread safety: one thread at a time.
 */
typedef struct ditto_ccclient {
	ditto_ccclient_state_t state;  /*!< where we are */
	const ditto_ccauth_key_t *key; /*!< borrowed */
	char *command;                 /*!< `_data.type` to send */
	uint32_t ser;                  /*!< `_ser` of the last request */
	uint32_t nonce;                /*!< server nonce, 0 if none */
	ditto_ccmsg_reader_t reader;   /*!< reply reassembly */
	uint8_t *out;                  /*!< current request frame */
	size_t outlen;                 /*!< its length */
	bool has_result;               /*!< reply carried `result` */
	uint32_t result;               /*!< reply `result` (BIND code) */
	char *err;                     /*!< reply `err`, or NULL */
	char *text;                    /*!< reply `text`, or NULL */
} ditto_ccclient_t;

/*!
 * \brief Start: builds the `null` request that obtains the nonce, signed
 * with \a key, `_ser` = \a ser0 + 1, `_tim` = \a now, `_exp` = now + 60.
 * Afterwards the action is DITTO_CCMSG_SEND: write ditto_ccclient_output().
 * \param ser0 a random u32 (the client picks it once at startup)
 * Ownership: \a command is copied; \a key is borrowed.
 * Thread safety: safe on distinct \a c.
 */
ditto_result_t ditto_ccclient_init(ditto_ccclient_t *c,
                                   const ditto_ccauth_key_t *key,
                                   const char *command, uint32_t ser0,
                                   uint64_t now) DITTO_MUSTCHECK;

/*! \brief The frame to write now (valid until the next call). */
void ditto_ccclient_output(const ditto_ccclient_t *c, const uint8_t **data,
                           size_t *len);

/*!
 * \brief Feed bytes read from the server. *\a used says how many were
 * consumed; *\a action what to do next: READ (more), SEND (the command
 * request is ready), DONE (reply fields are set).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE / DITTO_R_UNEXPECTEDEND  bad frame length
 * \retval DITTO_R_FORMERR     undecodable reply
 * \retval DITTO_R_CC_BADAUTH  reply HMAC did not verify
 * On an error the state is FAILED and the connection must be closed.
 * Security: \a data is untrusted; memory is bounded by 1 MiB per frame.
 */
ditto_result_t ditto_ccclient_feed(ditto_ccclient_t *c, const uint8_t *data,
                                   size_t len, uint64_t now, size_t *used,
                                   ditto_ccmsg_action_t *action,
                                   ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Release everything the client owns. */
void ditto_ccclient_clear(ditto_ccclient_t *c);

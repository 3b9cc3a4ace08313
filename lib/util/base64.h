/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Base64 (RFC 4648 section 4): encoding and token-spanning decoding. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/result.h"

/*!
 * Decoder state. Master-file base64 may be split over several tokens and a
 * quantum may straddle two of them, so decoding is incremental: init, feed
 * each token, finish.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_base64_dec {
	uint8_t quad[4];  /*!< pending sextets of the current quantum */
	unsigned int n;   /*!< sextets pending (0..3) */
	unsigned int pad; /*!< '=' seen in the current quantum */
	bool done;        /*!< a padded quantum ended the data */
} ditto_base64_dec_t;

/*! \brief Start decoding. */
void ditto_base64_dec_init(ditto_base64_dec_t *d);

/*!
 * \brief Decode \a len characters, appending bytes to \a out.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_BADBASE64  a character outside the alphabet, data after
 *                            padding, or misplaced padding
 * \retval DITTO_R_NOSPACE    \a out is full
 * Security: \a text is untrusted.
 */
ditto_result_t ditto_base64_dec_feed(ditto_base64_dec_t *d, const char *text,
                                     size_t len,
                                     ditto_buf_t *out) DITTO_MUSTCHECK;

/*!
 * \brief End of input: the last quantum must be complete.
 * \retval DITTO_R_SUCCESS, DITTO_R_BADBASE64
 */
ditto_result_t ditto_base64_dec_finish(ditto_base64_dec_t *d) DITTO_MUSTCHECK;

/*!
 * \brief Decode one complete string (no whitespace allowed).
 * \retval DITTO_R_SUCCESS, DITTO_R_BADBASE64, DITTO_R_NOSPACE
 */
ditto_result_t ditto_base64_decode(const char *text, size_t len,
                                   ditto_buf_t *out) DITTO_MUSTCHECK;

/*! \brief Characters ditto_base64_encode() writes for \a len bytes (no NUL). */
size_t ditto_base64_encoded_len(size_t len);

/*!
 * \brief Encode \a len bytes with padding, NUL-terminated.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (bufsize must exceed
 *         ditto_base64_encoded_len(len))
 * Thread safety: safe.
 */
ditto_result_t ditto_base64_encode(const uint8_t *data, size_t len, char *buf,
                                   size_t bufsize) DITTO_MUSTCHECK;

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Hexadecimal and base32hex (RFC 4648 section 7, NSEC3) codecs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/result.h"

/*!
 * Incremental hex decoder: master-file hex may be split over tokens, and a
 * byte may even straddle two of them ("a b" is 0xab), as in BIND.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_hex_dec {
	uint8_t hi;   /*!< pending high nibble */
	bool pending; /*!< a high nibble is pending */
} ditto_hex_dec_t;

/*! \brief Start decoding. */
void ditto_hex_dec_init(ditto_hex_dec_t *d);

/*!
 * \brief Decode \a len hex digits (either case), appending to \a out.
 * \retval DITTO_R_SUCCESS, DITTO_R_BADHEX, DITTO_R_NOSPACE
 * Security: \a text is untrusted.
 */
ditto_result_t ditto_hex_dec_feed(ditto_hex_dec_t *d, const char *text,
                                  size_t len, ditto_buf_t *out) DITTO_MUSTCHECK;

/*! \brief End of input: no half byte may be pending (DITTO_R_BADHEX). */
ditto_result_t ditto_hex_dec_finish(const ditto_hex_dec_t *d) DITTO_MUSTCHECK;

/*! \brief Decode one complete string. */
ditto_result_t ditto_hex_decode(const char *text, size_t len,
                                ditto_buf_t *out) DITTO_MUSTCHECK;

/*!
 * \brief Upper-case hex of \a len bytes, NUL-terminated; \a bufsize must
 * exceed 2 * len.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_hex_encode(const uint8_t *data, size_t len, char *buf,
                                size_t bufsize) DITTO_MUSTCHECK;

/*!
 * \brief Decode base32hex without padding (NSEC3 next hashed owner name),
 * either case. The bits left over after the last whole byte must be zero,
 * and the length must be a possible unpadded length (not 1, 3 or 6 mod 8).
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX (bad base32hex), DITTO_R_NOSPACE
 */
ditto_result_t ditto_base32hex_decode(const char *text, size_t len,
                                      ditto_buf_t *out) DITTO_MUSTCHECK;

/*!
 * \brief Upper-case base32hex without padding, NUL-terminated; \a bufsize
 * must exceed (len * 8 + 4) / 5.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_base32hex_encode(const uint8_t *data, size_t len,
                                      char *buf,
                                      size_t bufsize) DITTO_MUSTCHECK;

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Name compression while rendering a message (RFC 1035 section 4.1.4). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/result.h"

#define DITTO_COMPRESS_SLOTS 512 /*!< hash slots; power of two */
#define DITTO_COMPRESS_MAX   256 /*!< remembered suffixes per message */

/*!
 * Remembers where name suffixes were written in one message, so later
 * names can point at them. Fixed-size: it never allocates. When it is full,
 * further names are still written, just less compressed.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_compress {
	const uint8_t *msg;                   /*!< message start */
	uint16_t slots[DITTO_COMPRESS_SLOTS]; /*!< entry index + 1, 0 = empty */
	uint16_t offsets[DITTO_COMPRESS_MAX]; /*!< offset of each suffix */
	uint16_t next[DITTO_COMPRESS_MAX];    /*!< chain, index + 1 */
	uint32_t hashes[DITTO_COMPRESS_MAX];  /*!< full hash of each suffix */
	unsigned int count;                   /*!< entries used */
	bool disabled;                        /*!< write names uncompressed */
	bool nocase;                          /*!< match suffixes ignoring case
	                                           (BIND's no-case-compress);
	                                           default false: exact case,
	                                           as BIND, so names keep
	                                           their case */
} ditto_compress_t;

/*! \brief Initialise for a message whose first byte is \a msg. */
void ditto_compress_init(ditto_compress_t *c, const uint8_t *msg);

/*! \brief Forget all remembered suffixes (e.g. after truncation rollback
 * to \a keep_below: entries at offsets >= keep_below are dropped). */
void ditto_compress_rollback(ditto_compress_t *c, size_t keep_below);

/*!
 * \brief Write \a name at the cursor, compressed against earlier names when
 * \a c is not NULL and \a compress is true; remember its suffixes (when \a c
 * is not NULL) for later names. The cursor must be inside the message that
 * \a c was initialised with.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOSPACE  the cursor has no room (its error flag is set)
 */
ditto_result_t ditto_compress_towire(ditto_compress_t *c, const uint8_t *name,
                                     bool compress, ditto_buf_t *out);

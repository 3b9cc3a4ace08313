/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Name compression while rendering a message (RFC 1035 section 4.1.4). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/result.h"

#define DITTO_COMPRESS_SLOTS 64  /*!< hash slots; power of two */
#define DITTO_COMPRESS_MAX   256 /*!< remembered labels per message */

/*!
 * Remembers where the labels of names were written in one message, so
 * later names can point at them. Each entry is one label written in full:
 * its offset and the offset of the rest of its name (the next label, or
 * the target of the pointer that follows it; 0xffff for the root), so the
 * entries form a tree of suffixes that a name is matched against from its
 * last label. Fixed-size: it never allocates. When it is full, further
 * names are still written, just less compressed.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_compress {
	const uint8_t *msg;                   /*!< message start */
	uint16_t slots[DITTO_COMPRESS_SLOTS]; /*!< chain heads by (parent,
	                                           label length): entry
	                                           index + 1, 0 = empty */
	uint16_t offsets[DITTO_COMPRESS_MAX]; /*!< offset of each label */
	uint16_t parents[DITTO_COMPRESS_MAX]; /*!< offset of the rest of its
	                                           name, 0xffff: the root */
	uint16_t next[DITTO_COMPRESS_MAX];    /*!< chain, index + 1 */
	unsigned int count;                   /*!< entries used */
	uint16_t first_off;                   /*!< the first name written,
	                                           in full (usually the
	                                           question) ... */
	uint16_t first_len;                   /*!< ... its length, 0: none */
	bool copies;                          /*!< a name was written in full
	                                           without compression: a
	                                           suffix may be there twice */
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

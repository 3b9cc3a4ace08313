/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC value codec: table bodies to and from wire bytes. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "control/sexpr.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

/*! Levels of non-empty nested tables/lists allowed under the top table. */
#define DITTO_CCWIRE_MAXDEPTH 4

/*!
 * \brief Decode a table body (entries back to back, up to \a len) into a
 * new table.
 * \retval DITTO_R_SUCCESS  *\a out is the table
 * \retval DITTO_R_FORMERR  bad type byte (including the rejected 0x00),
 *                          a length past the end, or nesting too deep
 * Ownership: the values are allocated in \a arena; binary values point to
 * copies, not into \a wire. Memory used is linear in \a len.
 * Thread safety: one thread at a time per arena.
 * Security: \a wire is untrusted; reasons go to \a err with the offset.
 */
ditto_result_t ditto_ccwire_fromwire(const uint8_t *wire, size_t len,
                                     ditto_arena_t *arena, ditto_sexpr_t **out,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Encode the entries of \a table as a table body.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (\a out too small; its content
 *         is then undefined)
 * Thread safety: safe on distinct \a out.
 */
ditto_result_t ditto_ccwire_towire(const ditto_sexpr_t *table,
                                   ditto_buf_t *out) DITTO_MUSTCHECK;

/*! \brief Bytes ditto_ccwire_towire() writes for \a table. */
size_t ditto_ccwire_size(const ditto_sexpr_t *table);

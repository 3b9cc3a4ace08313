/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Size-class allocator shared by the versions of one zone (internal). */
#pragma once

#include <stddef.h>

/*
 * Zone nodes and trie arrays are many small objects (a 1M-record zone has
 * over a million). malloc() costs 8 octets of header and rounds to 16 per
 * object; this pool rounds to 8 with no header, carving objects from big
 * chunks and keeping one free list per size class. Every version of a
 * zone (the base and its edits) uses the same pool, which lives until
 * the last of them is gone; then all its chunks are freed at once.
 * Objects over DITTO_ZPOOL_MAXSMALL octets go to malloc().
 *
 * Thread safety: alloc and free take the pool's mutex (writers only:
 * an edit in one thread may run while an old version is freed in
 * another). Readers never call the pool. A NULL pool means plain malloc.
 */
typedef struct ditto_zpool ditto_zpool_t;

#define DITTO_ZPOOL_MAXSMALL 512 /*!< larger objects use malloc() */

/*! \brief A new pool with one reference. */
ditto_zpool_t *ditto__zpool_create(void);

/*! \brief Add a reference. */
void ditto__zpool_attach(ditto_zpool_t *pool);

/*! \brief Drop a reference; the last one frees every chunk. NULL: no-op. */
void ditto__zpool_detach(ditto_zpool_t *pool);

/*! \brief Allocate \a size octets (8-aligned; never NULL). */
void *ditto__zpool_alloc(ditto_zpool_t *pool, size_t size);

/*! \brief Free an object of \a size octets (the size it was allocated
 * with). */
void ditto__zpool_free(ditto_zpool_t *pool, void *ptr, size_t size);

/*! \brief Octets the pool holds in chunks (statistics). */
size_t ditto__zpool_bytes(const ditto_zpool_t *pool);

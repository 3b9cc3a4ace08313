/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Allocation that never returns NULL, and a bump arena for transient work. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*!
 * \brief malloc() that aborts with a message instead of returning NULL.
 * Robustness comes from limits checked before allocating, not from NULL.
 * Ownership: caller frees with ditto_free().
 * Thread safety: safe.
 */
void *ditto_malloc(size_t size);
/*! \brief calloc() that never returns NULL. */
void *ditto_calloc(size_t n, size_t size);
/*! \brief realloc() that never returns NULL. */
void *ditto_realloc(void *ptr, size_t size);
/*! \brief strdup() that never returns NULL. */
char *ditto_strdup(const char *s);
/*! \brief strndup() that never returns NULL. */
char *ditto_strndup(const char *s, size_t n);
/*! \brief free(); NULL is a no-op. */
void ditto_free(void *ptr);

/*!
 * A bump allocator: many small allocations, freed in bulk by reset or clear.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_arena_chunk ditto_arena_chunk_t;
typedef struct ditto_arena {
	ditto_arena_chunk_t *head; /*!< current chunk, newest first */
	size_t chunk_size;         /*!< default size of a new chunk */
	size_t total;              /*!< bytes held in all chunks */
} ditto_arena_t;

/*! \brief Initialise caller storage; chunk_size 0 means 64 KiB. */
void ditto_arena_init(ditto_arena_t *arena, size_t chunk_size);
/*!
 * \brief Allocate \a size bytes aligned to 8 (16 when size >= 16).
 * Ownership: valid until ditto_arena_reset() or ditto_arena_clear().
 */
void *ditto_arena_alloc(ditto_arena_t *arena, size_t size);
/*! \brief Copy \a size bytes into the arena. */
void *ditto_arena_memdup(ditto_arena_t *arena, const void *src, size_t size);
/*! \brief Free everything but keep the first chunk for reuse. */
void ditto_arena_reset(ditto_arena_t *arena);
/*! \brief Free everything. */
void ditto_arena_clear(ditto_arena_t *arena);

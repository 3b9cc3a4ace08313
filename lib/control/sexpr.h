/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The ISCCC data model: binary strings, ordered tables and lists. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/mem.h"
#include "util/result.h"

/*! Value types; the numbers are the wire type bytes (protocols/rndc.md §3). */
typedef enum ditto_sexpr_type {
	DITTO_SEXPR_BINARY = 1, /*!< raw bytes (all scalars) */
	DITTO_SEXPR_TABLE = 2,  /*!< keyed entries in insertion order */
	DITTO_SEXPR_LIST = 3    /*!< values without keys */
} ditto_sexpr_type_t;

/*! Longest table key (one length byte on the wire). */
#define DITTO_SEXPR_MAXKEY 255

typedef struct ditto_sexpr ditto_sexpr_t;
/*!
 * One value. Every node lives in a caller-supplied arena; nothing is freed
 * individually.
 */
struct ditto_sexpr {
	ditto_sexpr_type_t type; /*!< what this value is */
	uint8_t *data;           /*!< binary: bytes, NUL-terminated copy */
	size_t len;              /*!< binary: length (without the NUL) */
	ditto_sexpr_t *first;    /*!< table/list: first child */
	ditto_sexpr_t *last;     /*!< table/list: last child */
	size_t count;            /*!< table/list: number of children */
	ditto_sexpr_t *next;     /*!< next sibling in the parent */
	char *key;               /*!< key when the parent is a table */
	size_t keylen;           /*!< key length (0..255) */
};

/*!
 * \brief New binary value holding a copy of \a data.
 * Ownership: allocated in \a arena.
 * Thread safety: one thread at a time per arena.
 */
ditto_sexpr_t *ditto_sexpr_binary(ditto_arena_t *arena, const void *data,
                                  size_t len);
/*! \brief New binary value from a C string. */
ditto_sexpr_t *ditto_sexpr_string(ditto_arena_t *arena, const char *s);
/*! \brief New empty table. */
ditto_sexpr_t *ditto_sexpr_table(ditto_arena_t *arena);
/*! \brief New empty list. */
ditto_sexpr_t *ditto_sexpr_list(ditto_arena_t *arena);

/*!
 * \brief Set \a key in \a table to \a value: an existing entry keeps its
 * position and gets the new value, otherwise the entry is appended.
 * Requires: \a table is a table, \a keylen <= 255, \a value is not in any
 * container yet.
 * Ownership: \a value becomes part of \a table; the key is copied.
 */
void ditto_sexpr_set(ditto_sexpr_t *table, ditto_arena_t *arena,
                     const char *key, size_t keylen, ditto_sexpr_t *value);
/*! \brief ditto_sexpr_set() with a C-string key and string value. */
void ditto_sexpr_setstr(ditto_sexpr_t *table, ditto_arena_t *arena,
                        const char *key, const char *value);
/*! \brief ditto_sexpr_set() with a decimal u32 value. */
void ditto_sexpr_setu32(ditto_sexpr_t *table, ditto_arena_t *arena,
                        const char *key, uint32_t value);
/*!
 * \brief Append \a value to \a list.
 * Requires: \a list is a list.
 */
void ditto_sexpr_append(ditto_sexpr_t *list, ditto_sexpr_t *value);

/*!
 * \brief Look \a key up in \a table (NULL \a table allowed).
 * \return the value, or NULL if absent.
 * Ownership: borrowed from \a table.
 */
ditto_sexpr_t *ditto_sexpr_lookup(const ditto_sexpr_t *table, const char *key);

/*!
 * \brief The string value of \a key.
 * \retval DITTO_R_SUCCESS  *\a out points at the NUL-terminated bytes
 * \retval DITTO_R_NOTFOUND absent
 * \retval DITTO_R_FORMERR  present but not a binary value
 */
ditto_result_t ditto_sexpr_lookupstr(const ditto_sexpr_t *table,
                                     const char *key,
                                     const char **out) DITTO_MUSTCHECK;

/*!
 * \brief The value of \a key read as BIND reads numbers: unsigned base-10,
 * anything that is not a number reads as 0.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND, DITTO_R_FORMERR (not binary)
 */
ditto_result_t ditto_sexpr_lookupu32(const ditto_sexpr_t *table,
                                     const char *key,
                                     uint32_t *out) DITTO_MUSTCHECK;

/*! \brief Parse bytes as a BIND number (see ditto_sexpr_lookupu32()). */
uint32_t ditto_sexpr_tou32(const uint8_t *data, size_t len);

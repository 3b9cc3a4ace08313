/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file writer: zones in BIND's "full" dump style, written atomically. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/result.h"
#include "zone/version.h"

/*
 * The output is what `named-checkzone -D -o - zone file` prints: one record
 * per line, absolute owner names, TTL and class on every line, columns as
 * BIND lays them out (owner, TTL at column 46, class and type at 48, rdata
 * at 64, padded with tabs of 8 and spaces; a field that does not fit is
 * pushed right), and "; resign=YYYYMMDDHHMMSS" after every RRSIG RRset
 * (the earliest signature expiration of the set). Names are in canonical
 * order, NSEC3 owners last; per name SOA, NS, then by type, each RRSIG
 * RRset right after the type it covers; rdatas in canonical order.
 *
 * Thread safety: a ditto_dump_t is used by one thread at a time; the
 * version it reads must stay attached (committed versions are read-only).
 */

/*!
 * Optional owner spelling of an RRset for ditto_dump_version(): return the
 * name to print for \a set at \a node (equal to ditto_node_name() but for
 * ASCII case), e.g. ditto_check_ownercase(). Without it the node's name is
 * printed.
 */
typedef const uint8_t *(*ditto_dump_owner_fn)(void *arg,
                                              const ditto_node_t *node,
                                              const ditto_rrset_t *set);

/*! A writer. Caller storage: ditto_dump_init() ... ditto_dump_clear(). */
typedef struct ditto_dump {
	FILE *fp;                  /*!< output (borrowed) */
	char *buf;                 /*!< line buffer */
	size_t bufsize;            /*!< its size */
	ditto_result_t result;     /*!< first error (sticky) */
	int64_t now;               /*!< "now" for 32-bit time windows */
	ditto_dump_owner_fn owner; /*!< optional owner spelling (NULL) */
	void *owner_arg;           /*!< its argument */
} ditto_dump_t;

/*!
 * \brief Prepare \a d to write to \a fp.
 * Ownership: \a fp is borrowed; the caller closes it after
 * ditto_dump_clear().
 */
void ditto_dump_init(ditto_dump_t *d, FILE *fp);

/*! \brief Print owners as \a fn says (see ditto_dump_owner_fn). */
void ditto_dump_setowner(ditto_dump_t *d, ditto_dump_owner_fn fn, void *arg);

/*! \brief Free the writer's buffer (the FILE is not closed). */
void ditto_dump_clear(ditto_dump_t *d);

/*!
 * \brief Write one RRset: \a count records, \a rdata[i] of \a rdlen[i]
 * octets, in the order given (the caller passes canonical order).
 * An RRSIG RRset is followed by its "; resign=" line.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (sticky: later calls fail too)
 */
ditto_result_t ditto_dump_rrset(ditto_dump_t *d, const uint8_t *owner,
                                uint16_t type, uint16_t rclass, uint32_t ttl,
                                size_t count, const uint8_t *const *rdata,
                                const uint16_t *rdlen) DITTO_MUSTCHECK;

/*!
 * \brief Write one record line (no resign comment).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t ditto_dump_rr(ditto_dump_t *d, const uint8_t *owner,
                             uint16_t type, uint16_t rclass, uint32_t ttl,
                             const uint8_t *rdata,
                             size_t rdlen) DITTO_MUSTCHECK;

/*!
 * \brief Write a whole zone version in dump order (the main tree, then
 * the NSEC3 tree).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t ditto_dump_version(ditto_dump_t *d,
                                  const ditto_version_t *v) DITTO_MUSTCHECK;

/*!
 * \brief Write a file atomically: \a write fills a temporary file in the
 * same directory, which is then flushed, fsynced, renamed over \a path,
 * and the directory fsynced. On any failure the temporary file is removed
 * and \a path is untouched.
 * \param mode  permission bits of the new file (e.g. 0644)
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR, or the result of \a write
 */
ditto_result_t ditto_dump_atomic(const char *path, unsigned int mode,
                                 ditto_result_t (*write)(void *arg, FILE *fp),
                                 void *arg) DITTO_MUSTCHECK;

/*!
 * \brief Persist \a version to \a path atomically in the dump format
 * (ditto_dump_atomic() + ditto_dump_version()), mode 0644.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 * Thread safety: safe on a committed version (it only reads it).
 */
ditto_result_t ditto_dump_file_atomic(const ditto_version_t *version,
                                      const char *path) DITTO_MUSTCHECK;

/*!
 * \brief Format a 32-bit DNSSEC time as YYYYMMDDHHMMSS (16 bytes with the
 * NUL), choosing the epoch closest to \a now (RFC 4034 section 3.1.5).
 */
void ditto_dump_time32(uint32_t t, int64_t now, char *buf, size_t bufsize);

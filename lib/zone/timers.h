/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The persisted refresh timers of a secondary zone (`<file>.dt`). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/result.h"

/*
 * A secondary zone with a `file` keeps its refresh timers in a small text
 * file beside it, `<file>.dt`, replaced atomically (temporary file, fsync,
 * rename, fsync of the directory) each time it is saved:
 *
 *     ditto-timers 1
 *     last-refresh 1767225600
 *     expire-at 1768435200
 *     refresh-at 1767229200
 *     last-attempt 1767225590
 *     serial 2026010101
 *     primary-serial 2026010101
 *
 * All times are Unix time (wall clock, seconds): monotonic clocks do not
 * survive a restart. 0 means "unknown". Unknown keys are ignored (a later
 * version may add some); a line that does not parse makes the whole file
 * invalid (then the zone file's mtime stands in, as BIND does).
 *
 * Thread safety: the functions are reentrant; two threads must not save
 * the same file at once.
 */

/*! The persisted timers of one zone. Zero-initialise. */
typedef struct ditto_timers {
	int64_t last_refresh;    /*!< last successful refresh (transfer or
	                              "up to date" answer), 0: unknown */
	int64_t expire_at;       /*!< when the data expires, 0: unknown */
	int64_t refresh_at;      /*!< next scheduled refresh, 0: unknown */
	int64_t last_attempt;    /*!< start of the last refresh, 0: unknown */
	uint32_t serial;         /*!< our serial when saved */
	uint32_t primary_serial; /*!< last serial seen at the primary */
	bool have_serial;        /*!< serial is set */
	bool have_primary;       /*!< primary_serial is set */
} ditto_timers_t;

/*! Longest timers file accepted (the real ones are ~150 bytes). */
#define DITTO_TIMERS_MAXFILE 4096

/*!
 * \brief Write \a t to \a path atomically (mode 0644).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (path untouched)
 */
ditto_result_t ditto_timers_save(const char *path,
                                 const ditto_timers_t *t) DITTO_MUSTCHECK;

/*!
 * \brief Read \a path into \a t (assigned only on success).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND  no such file
 * \retval DITTO_R_SYNTAX        malformed (reason in \a err)
 * \retval DITTO_R_IOERROR
 * Security: the file is untrusted; its size and every value are checked.
 */
ditto_result_t ditto_timers_load(const char *path, ditto_timers_t *t,
                                 ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Parse the text of a timers file (\a len bytes, no NUL needed).
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX (reason in \a err)
 */
ditto_result_t ditto_timers_parse(const char *text, size_t len,
                                  ditto_timers_t *t,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Format \a t as the file text. \return the length written (NUL
 * excluded), truncated to \a size - 1 (use a buffer of 512 bytes).
 */
size_t ditto_timers_format(const ditto_timers_t *t, char *buf, size_t size);

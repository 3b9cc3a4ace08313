/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* An error detail: the reason behind a ditto_result_t, for the operator. */
#pragma once

#include <stddef.h>

#define DITTO_ERR_MAXMSG 256

/*!
 * Optional out-parameter of parsers: when a function fails and its `err`
 * argument is not NULL, it writes a one-line reason here ("bad escape in
 * label", "rdata too long for type SOA"). Never written on success.
 */
typedef struct ditto_err {
	char msg[DITTO_ERR_MAXMSG]; /*!< NUL-terminated reason */
	size_t offset;              /*!< byte offset in the input, if known */
	const char *summary; /*!< optional static text of the underlying cause
	                          as BIND names it in summary lines ("bad
	                          dotted quad"), or NULL */
} ditto_err_t;

/*!
 * \brief Set the reason (printf style); a NULL \a err is a no-op.
 * Thread safety: safe on distinct \a err.
 */
void ditto_err_set(ditto_err_t *err, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*! \brief Set the static summary text (see ditto_err_t.summary). */
void ditto_err_summary(ditto_err_t *err, const char *summary);

/*! \brief Set the reason and the byte offset. */
void ditto_err_setat(ditto_err_t *err, size_t offset, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

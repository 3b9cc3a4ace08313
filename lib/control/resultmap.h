/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* BIND 9.18 result codes carried in control replies, with rndc's texts. */
#pragma once

#include <stdint.h>

#include "util/result.h"

/*! BIND 9.18 numbers (protocols/rndc.md §7.3). */
enum {
	DITTO_RESULTMAP_SUCCESS = 0,
	DITTO_RESULTMAP_NOPERM = 6,
	DITTO_RESULTMAP_EXISTS = 18,
	DITTO_RESULTMAP_SHUTTINGDOWN = 22,
	DITTO_RESULTMAP_NOTFOUND = 23,
	DITTO_RESULTMAP_UNEXPECTEDEND = 24,
	DITTO_RESULTMAP_FAILURE = 25,
	DITTO_RESULTMAP_NOTIMPLEMENTED = 27,
	DITTO_RESULTMAP_ALREADYRUNNING = 35,
	DITTO_RESULTMAP_RANGE = 41,
	DITTO_RESULTMAP_BADNUMBER = 56,
	DITTO_RESULTMAP_EMPTYLABEL = 77,
	DITTO_RESULTMAP_SYNTAX = 89,
	DITTO_RESULTMAP_BADCLASS = 94,
	DITTO_RESULTMAP_BADZONE = 108,
	DITTO_RESULTMAP_NOTLOADED = 123,
	DITTO_RESULTMAP_UNKNOWNCOMMAND = 172,
	DITTO_RESULTMAP_NOTPRIMARY = 178,
	DITTO_RESULTMAP_UNEXPECTEDTOKEN = 32, /*!< zone commands */
	DITTO_RESULTMAP_FILENOTFOUND = 38,    /*!< zone commands */
	DITTO_RESULTMAP_UNKNOWN = 80,         /*!< zone commands */
	DITTO_RESULTMAP_NOTDYNAMIC = 181,     /*!< zone commands */
};

/*!
 * \brief The `err` text of a BIND result code ("not found"), or NULL when
 * the code is not in the table.
 * Thread safety: safe.
 */
const char *ditto_resultmap_totext(uint32_t code);

/*!
 * \brief The identifier `rndc -r` prints ("ISC_R_NOTFOUND"), or NULL.
 * Thread safety: safe.
 */
const char *ditto_resultmap_id(uint32_t code);

/*!
 * \brief The BIND code for a ditto result (DITTO_R_NOTFOUND -> 23); results
 * without a counterpart map to 25 (failure).
 * Thread safety: safe.
 */
uint32_t ditto_resultmap_fromresult(ditto_result_t r);

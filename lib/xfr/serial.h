/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RFC 1982 serial number arithmetic on 32-bit SOA serials. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/*!
 * The four outcomes of comparing two serials (RFC 1982 section 3.2). Two
 * serials exactly 2^31 apart are UNDEFINED: neither is greater.
 */
typedef enum ditto_serial_order {
	DITTO_SERIAL_LT = -1,   /*!< a is older than b */
	DITTO_SERIAL_EQ = 0,    /*!< equal */
	DITTO_SERIAL_GT = 1,    /*!< a is newer than b */
	DITTO_SERIAL_UNDEF = 2, /*!< 2^31 apart: the comparison is undefined */
} ditto_serial_order_t;

/*!
 * \brief Compare \a a with \a b in serial arithmetic.
 * Thread safety: safe.
 */
ditto_serial_order_t ditto_serial_compare(uint32_t a, uint32_t b);

/*!
 * \brief True when \a a is newer than \a b. The undefined case is "not
 * newer", as BIND treats it (a primary whose serial is 2^31 away never
 * triggers a transfer).
 * Thread safety: safe.
 */
bool ditto_serial_gt(uint32_t a, uint32_t b);

/*! \brief True when \a a is older than \a b (undefined: false). */
bool ditto_serial_lt(uint32_t a, uint32_t b);

/*!
 * \brief \a s + \a n in serial arithmetic (RFC 1982 section 3.1).
 * Requires: \a n <= 2^31 - 1. An increment of 0 is allowed.
 * Thread safety: safe.
 */
uint32_t ditto_serial_add(uint32_t s, uint32_t n);

/*!
 * \brief The next serial after \a s as BIND's "increment" method makes it:
 * s + 1, skipping 0 (0 is special to some tools).
 * Thread safety: safe.
 */
uint32_t ditto_serial_increment(uint32_t s);

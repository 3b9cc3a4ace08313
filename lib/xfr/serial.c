/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RFC 1982 serial number arithmetic. */
#include "xfr/serial.h"

#include "util/assert.h"

ditto_serial_order_t
ditto_serial_compare(uint32_t a, uint32_t b)
{
	uint32_t d = a - b; /* modulo 2^32 */

	if (d == 0) {
		return DITTO_SERIAL_EQ;
	}
	if (d == UINT32_C(0x80000000)) {
		return DITTO_SERIAL_UNDEF;
	}
	return d < UINT32_C(0x80000000) ? DITTO_SERIAL_GT : DITTO_SERIAL_LT;
}

bool
ditto_serial_gt(uint32_t a, uint32_t b)
{
	return ditto_serial_compare(a, b) == DITTO_SERIAL_GT;
}

bool
ditto_serial_lt(uint32_t a, uint32_t b)
{
	return ditto_serial_compare(a, b) == DITTO_SERIAL_LT;
}

uint32_t
ditto_serial_add(uint32_t s, uint32_t n)
{
	REQUIRE(n <= UINT32_C(0x7fffffff));
	return s + n;
}

uint32_t
ditto_serial_increment(uint32_t s)
{
	uint32_t next = s + 1;
	return next == 0 ? 1 : next;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz ditto_rdata_fromstring: input = 2-byte type + rdata text.
 *
 * On success the rdata must validate, and wire -> text -> wire must give
 * the same bytes and the same text again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t wire[DITTO_RDATA_MAX], wire2[DITTO_RDATA_MAX];
static char text[400000], text2[400000];

static void
fail(const char *what, uint16_t type)
{
	fprintf(stderr, "rdata_fromtext: %s (type %u)\n", what, type);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len, len2, tlen, tlen2;
	static const uint8_t origin[] = { 7,   'e', 'x', 'a', 'm',
		                          'p', 'l', 'e', 0 };
	if (size < 2 || size > 20000) {
		return 0;
	}
	uint16_t type = (uint16_t)(data[0] << 8 | data[1]);
	if (ditto_rdata_fromstring(type, DITTO_CLASS_IN, (const char *)data + 2,
	                           size - 2, origin, wire, sizeof(wire), &len,
	                           NULL) != DITTO_R_SUCCESS) {
		return 0;
	}
	if (ditto_rdata_validate(type, wire, len) != DITTO_R_SUCCESS) {
		fail("fromtext output does not validate", type);
	}
	if (ditto_rdata_totext(type, wire, len, NULL, text, sizeof(text),
	                       &tlen) != DITTO_R_SUCCESS) {
		fail("totext", type);
	}
	ditto_err_t err;
	if (ditto_rdata_fromstring(type, DITTO_CLASS_IN, text, tlen,
	                           ditto_name_root, wire2, sizeof(wire2), &len2,
	                           &err) != DITTO_R_SUCCESS) {
		fprintf(stderr, "text: %s\nerror: %s\n", text, err.msg);
		fail("fromtext of totext output", type);
	}
	if (len2 != len || memcmp(wire, wire2, len) != 0) {
		fprintf(stderr, "text: %s\n", text);
		fail("text -> wire -> text -> wire differs", type);
	}
	if (ditto_rdata_totext(type, wire2, len2, origin, text2, sizeof(text2),
	                       &tlen2) != DITTO_R_SUCCESS) {
		fail("totext relative", type);
	}
	return 0;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz ditto_rdata_fromwire: input = 2-byte type + rdata.
 *
 * On success the rdata must validate, print, parse back from its text to
 * the same wire form (LOC and A6 may lose bits that their text cannot
 * hold, as in BIND, so for them the text only has to parse), and survive a
 * towire/fromwire round trip with compression.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/compress.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t wire[DITTO_RDATA_MAX], wire2[DITTO_RDATA_MAX];
static uint8_t msg[2 * DITTO_RDATA_MAX + 64];
static char text[400000], text2[400000];

static void
fail(const char *what, uint16_t type)
{
	fprintf(stderr, "rdata_fromwire: %s (type %u)\n", what, type);
	abort();
}

static void
check_towire(uint16_t type, const uint8_t *rd, size_t len)
{
	static const uint8_t prefix[] = { 0, 0, 3, 'f', 'o', 'o', 0 };
	ditto_compress_t c;
	ditto_buf_t b;
	size_t len2;
	ditto_buf_init(&b, msg, sizeof(msg));
	ditto_compress_init(&c, msg);
	ditto_buf_putmem(&b, prefix, sizeof(prefix));
	if (ditto_compress_towire(&c, prefix + 2, true, &b) !=
	    DITTO_R_SUCCESS) {
		fail("compress prefix", type);
	}
	size_t start = b.pos;
	if (ditto_rdata_towire(type, rd, len, &c, &b) != DITTO_R_SUCCESS) {
		fail("towire", type);
	}
	if (ditto_rdata_fromwire(type, msg, b.pos, start, b.pos - start, wire2,
	                         sizeof(wire2), &len2,
	                         NULL) != DITTO_R_SUCCESS ||
	    len2 != len || memcmp(wire2, rd, len) != 0) {
		fail("towire/fromwire round trip", type);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len, len2, tlen, tlen2;
	if (size < 2) {
		return 0;
	}
	uint16_t type = (uint16_t)(data[0] << 8 | data[1]);
	if (ditto_rdata_fromwire(type, data, size, 2, size - 2, wire,
	                         sizeof(wire), &len, NULL) != DITTO_R_SUCCESS) {
		return 0;
	}
	if (ditto_rdata_validate(type, wire, len) != DITTO_R_SUCCESS) {
		fail("fromwire output does not validate", type);
	}
	memcpy(wire2, wire, len);
	ditto_rdata_canonicalize(type, wire2, len);
	if (ditto_rdata_validate(type, wire2, len) != DITTO_R_SUCCESS ||
	    ditto_rdata_compare(type, wire, len, wire2, len) != 0) {
		fail("canonical form", type);
	}
	check_towire(type, wire, len);
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
	bool lossy = type == DITTO_TYPE_LOC || type == DITTO_TYPE_A6;
	if (!lossy && (len2 != len || memcmp(wire, wire2, len) != 0)) {
		fprintf(stderr, "text: %s\n", text);
		fail("wire -> text -> wire differs", type);
	}
	if (ditto_rdata_totext(type, wire2, len2, NULL, text2, sizeof(text2),
	                       &tlen2) != DITTO_R_SUCCESS ||
	    (!lossy && (tlen2 != tlen || memcmp(text, text2, tlen) != 0))) {
		fail("text not stable", type);
	}
	return 0;
}

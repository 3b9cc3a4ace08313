/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: decode a name at every offset; each decoded name must
 * survive totext -> fromtext (absolute and relative) and compression. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/compress.h"
#include "dns/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

#define MAX_OFFSETS 2048

static uint8_t rendered[65536];

static void
text_roundtrip(const uint8_t *name, size_t len)
{
	char text[DITTO_NAME_MAXTEXT];
	size_t tlen;
	ditto_name_storage_t back;
	size_t blen;
	CHECKF(ditto_name_totext(name, NULL, text, sizeof(text), &tlen) ==
	       DITTO_R_SUCCESS);
	CHECKF(strlen(text) == tlen);
	CHECKF(ditto_name_fromtext(text, tlen, NULL, back, &blen, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF(blen == len && memcmp(back, name, len) == 0);

	/* relative to its parent (or itself when it is the root) */
	unsigned int labels = ditto_name_labels(name);
	const uint8_t *origin =
	        labels > 1 ? ditto_name_skip(name, 1) : ditto_name_root;
	CHECKF(ditto_name_totext(name, origin, text, sizeof(text), &tlen) ==
	       DITTO_R_SUCCESS);
	CHECKF(ditto_name_fromtext(text, tlen, origin, back, &blen, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF(ditto_name_equal(back, name));
}

static void
properties(const uint8_t *name, size_t len)
{
	size_t clen;
	CHECKF(len == ditto_name_length(name));
	CHECKF(ditto_name_check(name, len, false, &clen) == DITTO_R_SUCCESS &&
	       clen == len);
	CHECKF(ditto_name_compare(name, name) == 0);
	ditto_name_storage_t low;
	ditto_name_copy(low, name);
	ditto_name_tolower(low);
	CHECKF(ditto_name_equal(low, name) &&
	       ditto_name_compare(low, name) == 0 &&
	       ditto_name_hash(low) == ditto_name_hash(name));
	CHECKF(ditto_name_issubdomain(name, ditto_name_root));
	if (ditto_name_labels(name) > 1) {
		const uint8_t *parent = ditto_name_skip(name, 1);
		CHECKF(ditto_name_issubdomain(name, parent));
		CHECKF(ditto_name_compare(parent, name) < 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ditto_compress_t c;
	ditto_buf_t out;
	ditto_compress_init(&c, rendered);
	ditto_buf_init(&out, rendered, sizeof(rendered));

	size_t n = size < MAX_OFFSETS ? size : MAX_OFFSETS;
	for (size_t off = 0; off < n; off++) {
		ditto_name_storage_t name;
		size_t pos = off, len = 0;
		if (ditto_name_fromwire(data, size, &pos, name, &len) !=
		    DITTO_R_SUCCESS) {
			continue;
		}
		CHECKF(pos > off && pos <= size);
		properties(name, len);
		text_roundtrip(name, len);

		/* compress it after the names before it, decode it back */
		size_t at = out.pos;
		if (ditto_compress_towire(&c, name, true, &out) !=
		    DITTO_R_SUCCESS) {
			continue;
		}
		ditto_name_storage_t back;
		size_t bpos = at, blen;
		CHECKF(ditto_name_fromwire(rendered, out.pos, &bpos, back,
		                           &blen) == DITTO_R_SUCCESS);
		CHECKF(bpos == out.pos && blen == len);
		CHECKF(ditto_name_equal(back, name));
	}
	return 0;
}

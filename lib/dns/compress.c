/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Name compression for message rendering.
 *
 * Every suffix of every name written is remembered with its offset (when
 * the offset fits a 14-bit pointer) in a fixed hash table keyed by a
 * case-insensitive hash of the suffix. To write a name, its suffixes are
 * looked up from the longest; a hit is confirmed by decoding the name at
 * the remembered offset and comparing, so hash collisions are harmless.
 */
#include <string.h>

#include "dns/compress.h"
#include "dns/name.h"
#include "util/assert.h"

void
ditto_compress_init(ditto_compress_t *c, const uint8_t *msg)
{
	REQUIRE(c != NULL);
	c->msg = msg;
	c->count = 0;
	c->disabled = false;
	memset(c->slots, 0, sizeof(c->slots));
}

static void
insert(ditto_compress_t *c, uint32_t hash, size_t offset)
{
	if (c->count >= DITTO_COMPRESS_MAX || offset >= 0x4000) {
		return;
	}
	unsigned int i = c->count++;
	unsigned int slot = hash & (DITTO_COMPRESS_SLOTS - 1);
	c->hashes[i] = hash;
	c->offsets[i] = (uint16_t)offset;
	c->next[i] = c->slots[slot];
	c->slots[slot] = (uint16_t)(i + 1);
}

void
ditto_compress_rollback(ditto_compress_t *c, size_t keep_below)
{
	REQUIRE(c != NULL);
	unsigned int keep = 0;
	while (keep < c->count && c->offsets[keep] < keep_below) {
		keep++;
	}
	if (keep == c->count) {
		return;
	}
	unsigned int old = keep;
	c->count = 0;
	memset(c->slots, 0, sizeof(c->slots));
	uint32_t hashes[DITTO_COMPRESS_MAX];
	uint16_t offsets[DITTO_COMPRESS_MAX];
	memcpy(hashes, c->hashes, old * sizeof(hashes[0]));
	memcpy(offsets, c->offsets, old * sizeof(offsets[0]));
	for (unsigned int i = 0; i < old; i++) {
		insert(c, hashes[i], offsets[i]);
	}
}

/* Offset in the message of an earlier copy of `suffix`, or -1. */
static long
find(const ditto_compress_t *c, const uint8_t *suffix, uint32_t hash,
     size_t msglen)
{
	unsigned int idx = c->slots[hash & (DITTO_COMPRESS_SLOTS - 1)];
	while (idx != 0) {
		unsigned int i = idx - 1;
		if (c->hashes[i] == hash) {
			ditto_name_storage_t tmp;
			size_t pos = c->offsets[i];
			if (ditto_name_fromwire(c->msg, msglen, &pos, tmp,
						NULL) == DITTO_R_SUCCESS &&
			    ditto_name_equal(tmp, suffix))
			{
				return c->offsets[i];
			}
		}
		idx = c->next[i];
	}
	return -1;
}

ditto_result_t
ditto_compress_towire(ditto_compress_t *c, const uint8_t *name, bool compress,
		      ditto_buf_t *out)
{
	REQUIRE(name != NULL && out != NULL);

	if (c == NULL || c->disabled) {
		size_t len = ditto_name_length(name);
		ditto_buf_putmem(out, name, len);
		return out->error ? DITTO_R_NOSPACE : DITTO_R_SUCCESS;
	}

	/* where each non-root suffix starts, and its hash */
	const uint8_t *sfx[DITTO_NAME_MAXLABELS];
	uint32_t hash[DITTO_NAME_MAXLABELS];
	unsigned int n = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1) {
		sfx[n] = p;
		hash[n] = ditto_name_hash(p);
		n++;
	}

	/* the longest suffix already in the message */
	unsigned int hit = n;
	long target = -1;
	if (compress) {
		for (unsigned int i = 0; i < n; i++) {
			target = find(c, sfx[i], hash[i], out->pos);
			if (target >= 0) {
				hit = i;
				break;
			}
		}
	}

	for (unsigned int i = 0; i < hit; i++) {
		size_t ll = (size_t)sfx[i][0] + 1;
		size_t here = out->pos;
		ditto_buf_putmem(out, sfx[i], ll);
		if (out->error) {
			return DITTO_R_NOSPACE;
		}
		insert(c, hash[i], here);
	}
	if (hit < n) {
		ditto_buf_put16(out, (uint16_t)(0xc000 | (uint16_t)target));
	} else {
		ditto_buf_put8(out, 0);
	}
	if (out->error) {
		return DITTO_R_NOSPACE;
	}
	return DITTO_R_SUCCESS;
}

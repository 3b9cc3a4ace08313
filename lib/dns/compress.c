/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Name compression for message rendering.
 *
 * Every suffix of every name written is remembered with its offset (when
 * the offset fits a 14-bit pointer) in a fixed hash table keyed by a
 * case-insensitive hash of the suffix. To write a name, its suffixes are
 * looked up from the longest; a hit is confirmed by decoding the name at
 * the remembered offset and comparing, so hash collisions are harmless.
 * The comparison is case-sensitive by default, as BIND's is (unless
 * no-case-compress applies): a name never takes the case of an earlier
 * name, so owners and rdata names keep their case in answers and AXFR.
 */
#include "dns/compress.h"

#include <string.h>

#include "dns/name.h"
#include "util/assert.h"

void
ditto_compress_init(ditto_compress_t *c, const uint8_t *msg)
{
	REQUIRE(c != NULL);
	c->msg = msg;
	c->count = 0;
	c->disabled = false;
	c->nocase = false;
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

static inline uint8_t
lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* One mixing step of the suffix hash. */
static inline uint64_t
mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

/*
 * Find the start of every non-root suffix of `name` and hash each one, in
 * a single right-to-left pass (each suffix's hash extends the hash of the
 * suffix after it), so a name costs its length, not length x labels.
 * Label bytes are taken 8 at a time with bit 0x20 set, which folds ASCII
 * case (other bytes may collide; a hit is always confirmed by
 * match_at()). Returns the number of non-root labels.
 */
static unsigned int
suffixes(const uint8_t *name, const uint8_t **sfx, uint32_t *hash)
{
	unsigned int n = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1) {
		sfx[n++] = p;
	}
	uint64_t h = 0xcbf29ce484222325ull;
	for (unsigned int i = n; i-- > 0;) {
		const uint8_t *p = sfx[i] + 1;
		unsigned int len = sfx[i][0];
		h = mix(h, len);
		for (unsigned int k = 0; k < len; k += 8) {
			unsigned int m = len - k < 8 ? len - k : 8;
			uint64_t w = 0;
			for (unsigned int j = 0; j < m; j++) {
				w |= (uint64_t)(p[k + j] | 0x20) << (8 * j);
			}
			h = mix(h, w);
		}
		hash[i] = (uint32_t)(h ^ (h >> 32));
	}
	return n;
}

/*
 * Does the name written at `off` (below `msglen`) equal `suffix`? Walks the
 * message in place, following pointers (at most one per label of the
 * longest name, so it always ends). Exact bytes unless the context
 * ignores case.
 */
static bool
match_at(const ditto_compress_t *c, size_t off, size_t msglen,
         const uint8_t *suffix)
{
	const uint8_t *m = c->msg;
	unsigned int jumps = 0;
	for (;;) {
		if (off >= msglen) {
			return false;
		}
		uint8_t l = m[off];
		if ((l & 0xc0) == 0xc0) {
			if (off + 1 >= msglen ||
			    ++jumps > DITTO_NAME_MAXLABELS) {
				return false;
			}
			off = ((size_t)(l & 0x3f) << 8) | m[off + 1];
			continue;
		}
		if (l != suffix[0]) {
			return false;
		}
		if (l == 0) {
			return true;
		}
		if (l > DITTO_NAME_MAXLABEL || msglen - off - 1 < l) {
			return false;
		}
		const uint8_t *a = m + off + 1, *b = suffix + 1;
		if (c->nocase) {
			for (uint8_t k = 0; k < l; k++) {
				if (lower(a[k]) != lower(b[k])) {
					return false;
				}
			}
		} else if (memcmp(a, b, l) != 0) {
			return false;
		}
		off += (size_t)l + 1;
		suffix += (size_t)l + 1;
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
		if (c->hashes[i] == hash &&
		    match_at(c, c->offsets[i], msglen, suffix)) {
			return c->offsets[i];
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
	unsigned int n = suffixes(name, sfx, hash);

	/* offsets are from the message start, which may precede the
	 * cursor's base */
	INSIST(out->base >= c->msg);
	size_t base = (size_t)(out->base - c->msg) + out->pos;

	/* the longest suffix already in the message */
	unsigned int hit = n;
	long target = -1;
	if (compress) {
		for (unsigned int i = 0; i < n; i++) {
			target = find(c, sfx[i], hash[i], base);
			if (target >= 0) {
				hit = i;
				break;
			}
		}
	}

	for (unsigned int i = 0; i < hit; i++) {
		size_t ll = (size_t)sfx[i][0] + 1;
		size_t here = (size_t)(out->base - c->msg) + out->pos;
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

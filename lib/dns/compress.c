/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Name compression for message rendering.
 *
 * Every label written in full is remembered as an entry (its offset, and
 * the offset where the rest of its name continues: the next label, or the
 * target of the pointer after it, or ROOT), chained in a small
 * hash table keyed by (parent offset, label length). A name is matched
 * from its last label: the entries under the root with that label, then
 * the entries under those with the label before it, and so on, so a name
 * costs one short chain walk and one label comparison per matched label,
 * without hashing its bytes. Several copies of one suffix can exist (names
 * written uncompressed, e.g. RRSIG signers); all are followed, and the
 * pointer goes to the newest copy of the longest suffix found.
 *
 * Offsets from 0x4000 on cannot be pointer targets. Labels there are only
 * remembered for a name that starts below 0x4000 (so that a name
 * straddling the limit can still be reached through its first labels).
 * The comparison is case-sensitive by default, as BIND's is (unless
 * no-case-compress applies): a name never takes the case of an earlier
 * name, so owners and rdata names keep their case in answers and AXFR.
 */
#include "dns/compress.h"

#include <string.h>

#include "dns/name.h"
#include "util/assert.h"

#define MAXTARGET 0x4000 /* pointers are 14 bits */
#define MAXSET    64     /* copies of one suffix followed at once */
#define ROOT      0xffff /* parent of a last label: no label starts there */

void
ditto_compress_init(ditto_compress_t *c, const uint8_t *msg)
{
	REQUIRE(c != NULL);
	c->msg = msg;
	c->count = 0;
	c->first_off = 0;
	c->first_len = 0;
	c->copies = false;
	c->disabled = false;
	c->nocase = false;
	memset(c->slots, 0, sizeof(c->slots));
}

static inline unsigned int
slot_of(unsigned int parent, unsigned int len)
{
	return ((parent * 2654435761U) + len * 40503U) >> 26 &
	       (DITTO_COMPRESS_SLOTS - 1);
}

static inline void
link(ditto_compress_t *c, unsigned int i, unsigned int len)
{
	unsigned int s = slot_of(c->parents[i], len);
	c->next[i] = c->slots[s];
	c->slots[s] = (uint16_t)(i + 1);
}

static inline void
insert(ditto_compress_t *c, size_t offset, size_t parent, unsigned int len)
{
	if (c->count >= DITTO_COMPRESS_MAX) {
		return;
	}
	unsigned int i = c->count++;
	c->offsets[i] = (uint16_t)offset;
	c->parents[i] = (uint16_t)parent;
	link(c, i, len);
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
	c->count = keep;
	if (c->first_off >= keep_below) {
		c->first_len = 0;
	}
	memset(c->slots, 0, sizeof(c->slots));
	for (unsigned int i = 0; i < keep; i++) {
		link(c, i, c->msg[c->offsets[i]]);
	}
}

static inline uint8_t
lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

static inline uint32_t
load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* a[0..l) == b[0..l), for the lengths of labels, without a call. */
static inline bool
same_bytes(const uint8_t *a, const uint8_t *b, unsigned int l)
{
	if (l >= 8) {
		for (unsigned int k = 0; k + 8 < l; k += 8) {
			if (load64(a + k) != load64(b + k)) {
				return false;
			}
		}
		return load64(a + l - 8) == load64(b + l - 8);
	}
	if (l >= 4) {
		return load32(a) == load32(b) &&
		       load32(a + l - 4) == load32(b + l - 4);
	}
	for (unsigned int k = 0; k < l; k++) {
		if (a[k] != b[k]) {
			return false;
		}
	}
	return true;
}

/* Is the label written at `off` equal to `label` (length byte first)? */
static inline bool
label_at(const ditto_compress_t *c, size_t off, const uint8_t *label)
{
	const uint8_t *a = c->msg + off;
	uint8_t l = label[0];
	if (a[0] != l) {
		return false;
	}
	if (!c->nocase) {
		return same_bytes(a + 1, label + 1, l);
	}
	for (uint8_t k = 1; k <= l; k++) {
		if (lower(a[k]) != lower(label[k])) {
			return false;
		}
	}
	return true;
}

/*
 * The newest copy of the longest suffix of the name (labels lab[0..n))
 * that a pointer can reach: returns the index of its first label (n when
 * none) and its offset in *target. Follows every copy of each suffix.
 */
static unsigned int
longest_all(const ditto_compress_t *c, const uint8_t *const *lab,
            unsigned int n, size_t *target)
{
	uint16_t sets[2][MAXSET];
	unsigned int nset = 1, hit = n;
	uint16_t *cur = sets[0], *nxt = sets[1];
	cur[0] = ROOT;
	for (unsigned int i = n; i-- > 0 && nset > 0;) {
		unsigned int len = lab[i][0], found = 0, best = MAXTARGET;
		for (unsigned int k = 0; k < nset; k++) {
			unsigned int idx = c->slots[slot_of(cur[k], len)];
			while (idx != 0) {
				unsigned int e = idx - 1;
				idx = c->next[e];
				if (c->parents[e] != cur[k] ||
				    !label_at(c, c->offsets[e], lab[i])) {
					continue;
				}
				unsigned int off = c->offsets[e];
				if (found < MAXSET) {
					nxt[found++] = (uint16_t)off;
				}
				if (off < MAXTARGET &&
				    (best == MAXTARGET || off > best)) {
					best = off;
				}
			}
		}
		if (best != MAXTARGET) {
			hit = i;
			*target = best;
		}
		uint16_t *t = cur;
		cur = nxt;
		nxt = t;
		nset = found;
	}
	return hit;
}

/*
 * longest_all() for the usual case where each suffix of the name is in
 * the message at most once; falls back to it when a second copy shows.
 */
static unsigned int
longest(const ditto_compress_t *c, const uint8_t *const *lab, unsigned int n,
        size_t *target)
{
	unsigned int hit = n, cur = ROOT;
	for (unsigned int i = n; i-- > 0;) {
		unsigned int len = lab[i][0], match = ROOT;
		unsigned int idx = c->slots[slot_of(cur, len)];
		while (idx != 0) {
			unsigned int e = idx - 1;
			idx = c->next[e];
			if (c->parents[e] == cur &&
			    label_at(c, c->offsets[e], lab[i])) {
				if (match != ROOT) {
					return longest_all(c, lab, n, target);
				}
				match = c->offsets[e];
			}
		}
		if (match == ROOT) {
			break;
		}
		if (match < MAXTARGET) {
			hit = i;
			*target = match;
		}
		cur = match;
	}
	return hit;
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

	/* where each non-root label starts */
	const uint8_t *lab[DITTO_NAME_MAXLABELS];
	unsigned int n = 0;
	const uint8_t *p = name;
	while (*p != 0 && n < DITTO_NAME_MAXLABELS) {
		lab[n++] = p;
		p += *p + 1;
	}

	/* offsets are from the message start, which may precede the
	 * cursor's base */
	INSIST(out->base >= c->msg);
	size_t base = (size_t)(out->base - c->msg) + out->pos;

	size_t target = 0;
	unsigned int hit = n;
	size_t len = (size_t)(p - name) + 1;
	if (compress && c->first_len == len && !c->copies && !c->nocase &&
	    memcmp(c->msg + c->first_off, name, len) == 0) {
		/* the first name again (an owner that is the question's
		 * name): its only copy, so the longest match */
		hit = 0;
		target = c->first_off;
	} else if (compress && c->count > 0) {
		hit = longest(c, lab, n, &target);
	}
	if (!compress) {
		c->copies = true;
	} else if (c->count == 0 && n > 0 && base < MAXTARGET) {
		c->first_off = (uint16_t)base;
		c->first_len = (uint16_t)len;
	}

	/* the labels before the suffix found, then a pointer or the root */
	size_t plen = (size_t)((hit < n ? lab[hit] : p) - name);
	if (!ditto_buf_need(out, plen + (hit < n ? 2 : 1))) {
		return DITTO_R_NOSPACE;
	}
	uint8_t *w = out->base + out->pos;
	memcpy(w, name, plen);
	if (hit < n) {
		w[plen] = (uint8_t)(0xc0 | (target >> 8));
		w[plen + 1] = (uint8_t)target;
		out->pos += plen + 2;
	} else {
		w[plen] = 0;
		out->pos += plen + 1;
	}
	if (base < MAXTARGET) {
		for (unsigned int i = 0; i < hit; i++) {
			size_t here = base + (size_t)(lab[i] - name);
			size_t parent = i + 1 < hit ? here + lab[i][0] + 1
			                : hit < n   ? target
			                            : ROOT;
			insert(c, here, parent, lab[i][0]);
		}
	}
	return DITTO_R_SUCCESS;
}

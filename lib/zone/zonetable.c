/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The zone table: an open-addressing hash of origins, probed per suffix. */

/*
 * Slots hold (hash, origin, zone); the table is at most half full, with
 * linear probing, and grows by rebuilding while it is being built. A
 * lookup walks the suffixes of the name from the longest that can match
 * (maxlabels) to the shortest (minlabels).
 */
#include "zone/zonetable.h"

#include <string.h>

#include "dns/name.h"
#include "util/assert.h"
#include "util/mem.h"

typedef struct zt_slot {
	uint32_t hash;   /*!< ditto_name_hash() of origin */
	uint8_t *origin; /*!< owned copy, or NULL: empty slot */
	void *zone;      /*!< the caller's object */
} zt_slot_t;

/* A table of at most FEW zones is also kept as a list: scanning it is
 * cheaper than hashing the name's suffixes (one zone is the usual). */
#define FEW 4

typedef struct zt_few {
	const uint8_t *origin; /*!< the slot's copy */
	size_t len;            /*!< its wire length */
	unsigned int labels;   /*!< its labels, root included */
	void *zone;            /*!< the caller's object */
} zt_few_t;

struct ditto_zonetable {
	zt_few_t few[FEW];      /*!< the zones while count <= FEW */
	zt_slot_t *slots;       /*!< capacity slots */
	size_t capacity;        /*!< power of two */
	size_t count;           /*!< zones */
	unsigned int minlabels; /*!< fewest labels of an origin */
	unsigned int maxlabels; /*!< most labels of an origin */
};

void
ditto_zonetable_create(ditto_zonetable_t **ztp)
{
	REQUIRE(ztp != NULL && *ztp == NULL);
	ditto_zonetable_t *zt = ditto_calloc(1, sizeof(*zt));
	zt->capacity = 16;
	zt->slots = ditto_calloc(zt->capacity, sizeof(zt_slot_t));
	zt->minlabels = DITTO_NAME_MAXLABELS;
	*ztp = zt;
}

void
ditto_zonetable_destroy(ditto_zonetable_t **ztp)
{
	REQUIRE(ztp != NULL);
	ditto_zonetable_t *zt = *ztp;
	if (zt == NULL) {
		return;
	}
	for (size_t i = 0; i < zt->capacity; i++) {
		ditto_free(zt->slots[i].origin);
	}
	ditto_free(zt->slots);
	ditto_free(zt);
	*ztp = NULL;
}

static zt_slot_t *
probe(const ditto_zonetable_t *zt, const uint8_t *name, uint32_t hash)
{
	size_t mask = zt->capacity - 1;
	for (size_t i = hash & mask, n = 0; n < zt->capacity;
	     i = (i + 1) & mask, n++) {
		zt_slot_t *s = &zt->slots[i];
		if (s->origin == NULL ||
		    (s->hash == hash && ditto_name_equal(s->origin, name))) {
			return s;
		}
	}
	return NULL; /* not reached: the table is never full */
}

static void
grow(ditto_zonetable_t *zt)
{
	zt_slot_t *old = zt->slots;
	size_t oldcap = zt->capacity;
	zt->capacity *= 2;
	zt->slots = ditto_calloc(zt->capacity, sizeof(zt_slot_t));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].origin != NULL) {
			*probe(zt, old[i].origin, old[i].hash) = old[i];
		}
	}
	ditto_free(old);
}

ditto_result_t
ditto_zonetable_add(ditto_zonetable_t *zt, const uint8_t *origin, void *zone)
{
	REQUIRE(zt != NULL && origin != NULL && zone != NULL);
	if ((zt->count + 1) * 2 > zt->capacity) {
		grow(zt);
	}
	uint32_t hash = ditto_name_hash(origin);
	zt_slot_t *s = probe(zt, origin, hash);
	INSIST(s != NULL);
	if (s->origin != NULL) {
		return DITTO_R_EXISTS;
	}
	size_t len = ditto_name_length(origin);
	s->origin = ditto_malloc(len);
	memcpy(s->origin, origin, len);
	s->hash = hash;
	s->zone = zone;
	unsigned int labels = ditto_name_labels(origin);
	if (zt->count < FEW) {
		zt->few[zt->count] = (zt_few_t){ .origin = s->origin,
			                         .len = len,
			                         .labels = labels,
			                         .zone = zone };
	}
	zt->count++;
	zt->minlabels = labels < zt->minlabels ? labels : zt->minlabels;
	zt->maxlabels = labels > zt->maxlabels ? labels : zt->maxlabels;
	return DITTO_R_SUCCESS;
}

size_t
ditto_zonetable_count(const ditto_zonetable_t *zt)
{
	REQUIRE(zt != NULL);
	return zt->count;
}

static const zt_slot_t *
lookup(const ditto_zonetable_t *zt, const uint8_t *name)
{
	const zt_slot_t *s = probe(zt, name, ditto_name_hash(name));
	return s != NULL && s->origin != NULL ? s : NULL;
}

void *
ditto_zonetable_get(const ditto_zonetable_t *zt, const uint8_t *name)
{
	REQUIRE(zt != NULL && name != NULL);
	const zt_slot_t *s = lookup(zt, name);
	return s != NULL ? s->zone : NULL;
}

/* Longest match among the suffixes with at most \a most labels. */
static const zt_slot_t *
longest(const ditto_zonetable_t *zt, const uint8_t *name, unsigned int most)
{
	unsigned int nl = ditto_name_labels(name);
	if (zt->count == 0) {
		return NULL;
	}
	unsigned int top = most < zt->maxlabels ? most : zt->maxlabels;
	for (unsigned int l = top; l >= zt->minlabels && l >= 1; l--) {
		const zt_slot_t *s = lookup(zt, ditto_name_skip(name, nl - l));
		if (s != NULL) {
			return s;
		}
	}
	return NULL;
}

/* ditto_zonetable_find() over the list of a small table. */
static const zt_few_t *
few_find(const ditto_zonetable_t *zt, const uint8_t *name, bool noexact)
{
	const uint8_t *lab[DITTO_NAME_MAXLABELS + 1];
	unsigned int n = 0;
	const uint8_t *p = name;
	while (*p != 0 && n < DITTO_NAME_MAXLABELS) {
		lab[n++] = p;
		p += *p + 1;
	}
	lab[n] = p; /* the root label */
	size_t len = (size_t)(p - name) + 1;
	unsigned int nl = n + 1;
	const zt_few_t *best = NULL, *exact = NULL;
	for (size_t i = 0; i < zt->count; i++) {
		const zt_few_t *f = &zt->few[i];
		if (f->labels > nl) {
			continue;
		}
		const uint8_t *sfx = lab[nl - f->labels];
		if ((size_t)(name + len - sfx) != f->len ||
		    (memcmp(sfx, f->origin, f->len) != 0 &&
		     !ditto_name_equal(sfx, f->origin))) {
			continue;
		}
		if (noexact && nl > 1 && f->labels == nl) {
			exact = f;
		} else if (best == NULL || f->labels > best->labels) {
			best = f;
		}
	}
	return best != NULL ? best : exact;
}

void *
ditto_zonetable_find(const ditto_zonetable_t *zt, const uint8_t *name,
                     unsigned int options, const uint8_t **origin)
{
	REQUIRE(zt != NULL && name != NULL);
	if (zt->count <= FEW) {
		const zt_few_t *f = few_find(
		        zt, name, (options & DITTO_ZONETABLE_NOEXACT) != 0);
		if (f == NULL) {
			return NULL;
		}
		if (origin != NULL) {
			*origin = f->origin;
		}
		return f->zone;
	}
	unsigned int nl = ditto_name_labels(name);
	const zt_slot_t *s = NULL;
	if ((options & DITTO_ZONETABLE_NOEXACT) != 0 && nl > 1) {
		s = longest(zt, name, nl - 1);
	}
	if (s == NULL) {
		s = longest(zt, name, nl);
	}
	if (s == NULL) {
		return NULL;
	}
	if (origin != NULL) {
		*origin = s->origin;
	}
	return s->zone;
}

void *
ditto_zonetable_parent(const ditto_zonetable_t *zt, const uint8_t *origin)
{
	REQUIRE(zt != NULL && origin != NULL);
	unsigned int nl = ditto_name_labels(origin);
	if (nl <= 1) {
		return NULL;
	}
	const zt_slot_t *s = longest(zt, origin, nl - 1);
	return s != NULL ? s->zone : NULL;
}

void
ditto_zonetable_foreach(const ditto_zonetable_t *zt,
                        void (*fn)(void *arg, const uint8_t *origin,
                                   void *zone),
                        void *arg)
{
	REQUIRE(zt != NULL && fn != NULL);
	for (size_t i = 0; i < zt->capacity; i++) {
		if (zt->slots[i].origin != NULL) {
			fn(arg, zt->slots[i].origin, zt->slots[i].zone);
		}
	}
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* First-match lookup in a long run of prefixes: sorted arrays per length. */
#include <stdlib.h>

#include "acl/acl_p.h"
#include "util/assert.h"
#include "util/mem.h"

/*
 * Layout: for each family, `groups` (one per distinct prefix length, sorted
 * by the lowest rank in the group) and `entries` (each group's entries are
 * a contiguous slice sorted by network; a network written twice keeps its
 * lowest rank). Everything is built once at freeze time; a lookup only
 * reads. An entry ranked after the first `any` can never win and is left
 * out.
 */

struct group {
	uint32_t minrank; /*!< lowest rank in the group */
	uint32_t off;     /*!< first entry */
	uint32_t n;       /*!< number of entries */
	uint32_t m4;      /*!< IPv4 mask for this length */
	uint64_t mhi;     /*!< IPv6 mask, high half */
	uint64_t mlo;     /*!< IPv6 mask, low half */
};

struct entry {
	uint64_t hi;   /*!< IPv6 high half, or the IPv4 address */
	uint64_t lo;   /*!< IPv6 low half, 0 for IPv4 */
	uint32_t rank; /*!< position in the run */
	uint8_t len;   /*!< prefix length (used while building) */
};

struct family {
	struct group *groups;  /*!< sorted by minrank */
	uint32_t ngroups;      /*!< number of groups */
	struct entry *entries; /*!< per group, sorted by (hi, lo) */
};

struct ditto__aclset {
	uint32_t anyrank; /*!< rank of the first `any`, or NONE */
	struct family v4; /*!< IPv4 prefixes */
	struct family v6; /*!< IPv6 prefixes */
};

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	if (a->len != b->len) {
		return a->len < b->len ? -1 : 1;
	}
	if (a->hi != b->hi) {
		return a->hi < b->hi ? -1 : 1;
	}
	if (a->lo != b->lo) {
		return a->lo < b->lo ? -1 : 1;
	}
	return a->rank < b->rank ? -1 : (a->rank > b->rank);
}

static int
cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	return a->minrank < b->minrank ? -1 : (a->minrank > b->minrank);
}

/* Sort, drop duplicate networks, cut into groups by length. */
static void
build_family(struct family *f, struct entry *e, uint32_t n)
{
	uint32_t m = 0;
	qsort(e, n, sizeof(*e), cmp_entry);
	for (uint32_t i = 0; i < n; i++) {
		if (m > 0 && e[m - 1].len == e[i].len &&
		    e[m - 1].hi == e[i].hi && e[m - 1].lo == e[i].lo) {
			continue; /* same network, later rank: never wins */
		}
		e[m++] = e[i];
	}
	f->entries = e;
	f->groups = ditto_calloc(m == 0 ? 1 : m, sizeof(*f->groups));
	f->ngroups = 0;
	for (uint32_t i = 0; i < m; i++) {
		if (i == 0 || e[i].len != e[i - 1].len) {
			struct group *g = &f->groups[f->ngroups++];
			g->off = i;
			g->minrank = DITTO__ACLSET_NONE;
			g->mhi = ditto__acl_mask64(e[i].len);
			g->mlo = ditto__acl_mask64((int)e[i].len - 64);
			g->m4 = (uint32_t)(ditto__acl_mask64(e[i].len) >> 32);
		}
		struct group *g = &f->groups[f->ngroups - 1];
		g->n++;
		if (e[i].rank < g->minrank) {
			g->minrank = e[i].rank;
		}
	}
	qsort(f->groups, f->ngroups, sizeof(*f->groups), cmp_group);
}

ditto__aclset_t *
ditto__aclset_create(const ditto__aclpfx_t *pfx, uint32_t n)
{
	ditto__aclset_t *set = ditto_calloc(1, sizeof(*set));
	struct entry *e4 = ditto_calloc(n == 0 ? 1 : n, sizeof(*e4));
	struct entry *e6 = ditto_calloc(n == 0 ? 1 : n, sizeof(*e6));
	uint32_t n4 = 0, n6 = 0;

	set->anyrank = DITTO__ACLSET_NONE;
	for (uint32_t i = 0; i < n && set->anyrank == DITTO__ACLSET_NONE; i++) {
		const ditto__aclpfx_t *p = &pfx[i];
		if (p->family == AF_INET) {
			e4[n4++] = (struct entry){ .hi = p->v4,
				                   .rank = i,
				                   .len = p->len };
		} else if (p->family == AF_INET6) {
			e6[n6++] = (struct entry){ .hi = p->hi,
				                   .lo = p->lo,
				                   .rank = i,
				                   .len = p->len };
		} else {
			set->anyrank = i;
		}
	}
	build_family(&set->v4, e4, n4);
	build_family(&set->v6, e6, n6);
	return set;
}

void
ditto__aclset_destroy(ditto__aclset_t *set)
{
	if (set == NULL) {
		return;
	}
	ditto_free(set->v4.groups);
	ditto_free(set->v4.entries);
	ditto_free(set->v6.groups);
	ditto_free(set->v6.entries);
	ditto_free(set);
}

/* Binary search for (hi, lo) in a group's slice; its rank or NONE. */
static uint32_t
search(const struct entry *e, uint32_t n, uint64_t hi, uint64_t lo)
{
	uint32_t a = 0, b = n;
	while (a < b) {
		uint32_t mid = a + (b - a) / 2;
		const struct entry *x = &e[mid];
		if (x->hi < hi || (x->hi == hi && x->lo < lo)) {
			a = mid + 1;
		} else {
			b = mid;
		}
	}
	if (a < n && e[a].hi == hi && e[a].lo == lo) {
		return e[a].rank;
	}
	return DITTO__ACLSET_NONE;
}

uint32_t
ditto__aclset_lookup(const ditto__aclset_t *set, const ditto__aclkey_t *k)
{
	const struct family *f = k->family == AF_INET ? &set->v4 : &set->v6;
	uint32_t best = set->anyrank;
	if (k->family != AF_INET && k->family != AF_INET6) {
		return best;
	}
	for (uint32_t i = 0; i < f->ngroups; i++) {
		const struct group *g = &f->groups[i];
		uint64_t hi, lo;
		if (g->minrank >= best) {
			break; /* groups are in minrank order */
		}
		if (k->family == AF_INET) {
			hi = k->v4 & g->m4;
			lo = 0;
		} else {
			hi = k->hi & g->mhi;
			lo = k->lo & g->mlo;
		}
		uint32_t r = search(f->entries + g->off, g->n, hi, lo);
		if (r < best) {
			best = r;
		}
	}
	return best;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The difference between two versions of one zone, as an IXFR step. */
/*
 * Three nested merges of sorted sequences, each a bounded loop that
 * advances at least one side per pass:
 *
 *   nodes   (ditto_tree_first/next, canonical name order)
 *   RRsets  (node index order: type, then covers)
 *   rdatas  (canonical rdata order, the order an RRset stores them in)
 *
 * An element on one side only is deleted (old) or added (new); equal
 * elements descend one level. An RRset whose TTL differs is deleted and
 * added whole. The apex SOA is left out of the walk: it is del[0] and
 * add[0], put there before the walk starts.
 */
#include "zone/diff.h"

#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/node.h"
#include "zone/rrset.h"
#include "zone/tree.h"

/* The walk's state: the two growing arrays, and the iterators (8 KiB
 * each, so on the heap rather than the stack). */
typedef struct dwalk {
	ditto_diff_t d;         /*!< what is built */
	const uint8_t *origin;  /*!< zone origin */
	uint16_t rclass;        /*!< zone class */
	ditto_tree_iter_t a_it; /*!< old tree position */
	ditto_tree_iter_t b_it; /*!< new tree position */
} dwalk_t;

static void
push(ditto_rr_t **arr, size_t *n, size_t *cap, const ditto_rr_t *rr)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		*arr = ditto_realloc(*arr, *cap * sizeof(**arr));
	}
	(*arr)[(*n)++] = *rr;
}

static void
emit(dwalk_t *w, bool add, const uint8_t *owner, const ditto_rrset_t *set,
     const uint8_t *rdata, uint16_t rdlen)
{
	ditto_rr_t rr = { .owner = owner,
		          .type = set->type,
		          .rclass = w->rclass,
		          .ttl = set->ttl,
		          .rdlen = rdlen,
		          .rdata = rdata };
	if (add) {
		push(&w->d.add_, &w->d.step.nadd, &w->d.addcap_, &rr);
	} else {
		push(&w->d.del_, &w->d.step.ndel, &w->d.delcap_, &rr);
	}
}

/* Every record of \a set at \a owner, deleted or added. */
static void
emit_set(dwalk_t *w, bool add, const uint8_t *owner, const ditto_rrset_t *set)
{
	ditto_rrset_it_t it;
	DITTO_RDATA_FOREACH(set, it) {
		emit(w, add, owner, set, it.rdata, it.rdlen);
	}
}

static bool
is_apex_soa(const dwalk_t *w, const uint8_t *owner, const ditto_rrset_t *set)
{
	return set->type == DITTO_TYPE_SOA &&
	       ditto_name_equal(owner, w->origin);
}

/* Every RRset of \a node (but the apex SOA), deleted or added. */
static void
emit_node(dwalk_t *w, bool add, const ditto_node_t *node)
{
	const uint8_t *owner = ditto_node_name(node);
	unsigned int n = ditto_node_count(node);
	for (unsigned int i = 0; i < n; i++) {
		const ditto_rrset_t *set = ditto_node_rrset(node, i);
		if (!is_apex_soa(w, owner, set)) {
			emit_set(w, add, owner, set);
		}
	}
}

/* Two RRsets of the same owner, type and covers. */
static void
diff_set(dwalk_t *w, const uint8_t *aown, const ditto_rrset_t *a,
         const uint8_t *bown, const ditto_rrset_t *b)
{
	if (a->ttl != b->ttl) {
		emit_set(w, false, aown, a);
		emit_set(w, true, bown, b);
		return;
	}
	ditto_rrset_it_t ai, bi;
	ditto_rrset_it_init(a, &ai);
	ditto_rrset_it_init(b, &bi);
	/* Bounded: each pass advances ai, bi or both; each holds at most
	 * DITTO_RRSET_MAXCOUNT rdatas. */
	while (ai.rdata != NULL || bi.rdata != NULL) {
		int c = ai.rdata == NULL ? 1
		        : bi.rdata == NULL
		                ? -1
		                : ditto_rdata_compare(a->type, ai.rdata,
		                                      ai.rdlen, bi.rdata,
		                                      bi.rdlen);
		if (c < 0) {
			emit(w, false, aown, a, ai.rdata, ai.rdlen);
			ditto_rrset_it_next(&ai);
		} else if (c > 0) {
			emit(w, true, bown, b, bi.rdata, bi.rdlen);
			ditto_rrset_it_next(&bi);
		} else {
			ditto_rrset_it_next(&ai);
			ditto_rrset_it_next(&bi);
		}
	}
}

static int
set_order(const ditto_rrset_t *a, const ditto_rrset_t *b)
{
	if (a->type != b->type) {
		return a->type < b->type ? -1 : 1;
	}
	if (a->covers != b->covers) {
		return a->covers < b->covers ? -1 : 1;
	}
	return 0;
}

/* Two nodes of the same owner name. */
static void
diff_node(dwalk_t *w, const ditto_node_t *a, const ditto_node_t *b)
{
	const uint8_t *aown = ditto_node_name(a), *bown = ditto_node_name(b);
	unsigned int na = ditto_node_count(a), nb = ditto_node_count(b);
	unsigned int i = 0, k = 0;
	/* Bounded: each pass advances i, k or both. */
	while (i < na || k < nb) {
		const ditto_rrset_t *sa =
		        i < na ? ditto_node_rrset(a, i) : NULL;
		const ditto_rrset_t *sb =
		        k < nb ? ditto_node_rrset(b, k) : NULL;
		int c = sa == NULL ? 1 : sb == NULL ? -1 : set_order(sa, sb);
		if (c < 0) {
			if (!is_apex_soa(w, aown, sa)) {
				emit_set(w, false, aown, sa);
			}
			i++;
		} else if (c > 0) {
			if (!is_apex_soa(w, bown, sb)) {
				emit_set(w, true, bown, sb);
			}
			k++;
		} else {
			if (!is_apex_soa(w, aown, sa)) {
				diff_set(w, aown, sa, bown, sb);
			}
			i++;
			k++;
		}
	}
}

/* Merge the nodes of two trees. */
static void
diff_tree(dwalk_t *w, const ditto_tree_t *ta, const ditto_tree_t *tb)
{
	const ditto_node_t *a = ditto_tree_first(ta, &w->a_it);
	const ditto_node_t *b = ditto_tree_first(tb, &w->b_it);
	/* Bounded: each pass advances a, b or both along finite trees. */
	while (a != NULL || b != NULL) {
		int c = a == NULL   ? 1
		        : b == NULL ? -1
		                    : ditto_name_compare(ditto_node_name(a),
		                                         ditto_node_name(b));
		if (c < 0) {
			emit_node(w, false, a);
			a = ditto_tree_next(&w->a_it);
		} else if (c > 0) {
			emit_node(w, true, b);
			b = ditto_tree_next(&w->b_it);
		} else {
			diff_node(w, a, b);
			a = ditto_tree_next(&w->a_it);
			b = ditto_tree_next(&w->b_it);
		}
	}
}

/* Push the apex SOA of \a v (del or add) and its serial. */
static bool
push_soa(dwalk_t *w, bool add, const ditto_version_t *v, uint32_t *serial)
{
	const ditto_node_t *apex = ditto_version_apex(v);
	const ditto_rrset_t *set =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	if (set == NULL || !ditto_version_serial(v, serial)) {
		return false;
	}
	ditto_rrset_it_t it;
	ditto_rrset_it_init(set, &it);
	emit(w, add, ditto_node_name(apex), set, it.rdata, it.rdlen);
	return true;
}

ditto_result_t
ditto_diff_versions(const ditto_version_t *old, const ditto_version_t *new_,
                    ditto_diff_t *out, ditto_err_t *err)
{
	REQUIRE(old != NULL && new_ != NULL && out != NULL);
	REQUIRE(!ditto_version_writable(old) && !ditto_version_writable(new_));
	REQUIRE(ditto_version_class(old) == ditto_version_class(new_));
	REQUIRE(ditto_name_equal(ditto_version_origin(old),
	                         ditto_version_origin(new_)));
	dwalk_t *w = ditto_calloc(1, sizeof(*w));
	w->origin = ditto_version_origin(old);
	w->rclass = ditto_version_class(old);
	if (!push_soa(w, false, old, &w->d.step.from) ||
	    !push_soa(w, true, new_, &w->d.step.to)) {
		ditto_err_set(err, "%s version has no SOA",
		              w->d.step.ndel == 0 ? "old" : "new");
		ditto_diff_clear(&w->d);
		ditto_free(w);
		return DITTO_R_NOTFOUND;
	}
	diff_tree(w, ditto_version_tree(old), ditto_version_tree(new_));
	diff_tree(w, ditto_version_nsec3tree(old),
	          ditto_version_nsec3tree(new_));
	w->d.step.del = w->d.del_;
	w->d.step.add = w->d.add_;
	*out = w->d;
	ditto_free(w);
	return DITTO_R_SUCCESS;
}

bool
ditto_diff_empty(const ditto_diff_t *d)
{
	REQUIRE(d != NULL);
	const ditto_journal_step_t *s = &d->step;
	if (s->ndel != 1 || s->nadd != 1) {
		return false;
	}
	return s->del[0].ttl == s->add[0].ttl &&
	       s->del[0].rdlen == s->add[0].rdlen &&
	       memcmp(s->del[0].rdata, s->add[0].rdata, s->del[0].rdlen) == 0;
}

void
ditto_diff_clear(ditto_diff_t *d)
{
	REQUIRE(d != NULL);
	ditto_free(d->del_);
	ditto_free(d->add_);
	memset(d, 0, sizeof(*d));
}

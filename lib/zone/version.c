/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone versions: snapshots, copy-on-write edits, and the RR sink. */

/*
 * Design: a version owns two trees (tree.h): owner names, and NSEC3
 * owners. ditto_version_edit() shares both trees of its base and stamps
 * the edit with generation base+1, so the trees copy on write exactly the
 * paths the edit touches. Every change to a node builds a new node
 * (node_p.h) and swaps it into the tree slot; the old node is released,
 * which frees it only when no other version holds it.
 *
 * Counters kept up to date by every write: records, and cuts (nodes other
 * than the apex with NS or DNAME: lookups skip the cut search when none).
 * At commit the apex node is cached; after that nothing in the version is
 * written again except its reference count.
 *
 *   create/edit --> WRITABLE --commit--> COMMITTED --last detach--> freed
 */
#include "zone/version.h"

#include <stdatomic.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/node_p.h"
#include "zone/zpool.h"

struct ditto_version {
	_Atomic uint32_t refs;       /*!< references */
	bool writable;               /*!< not committed yet */
	uint16_t rclass;             /*!< zone class */
	uint64_t gen;                /*!< generation of this version's writes */
	uint64_t records;            /*!< records in both trees */
	uint64_t limit;              /*!< most records, 0 = no limit */
	size_t cuts;                 /*!< non-apex nodes with NS or DNAME */
	const ditto_node_t *apex;    /*!< committed: origin node, or NULL */
	ditto_tree_t tree;           /*!< owner names */
	ditto_tree_t nsec3;          /*!< NSEC3 owners */
	ditto_zpool_t *pool;         /*!< allocator shared with the lineage */
	ditto_name_storage_t origin; /*!< zone origin */
};

static ditto_version_t *
version_alloc(const uint8_t *origin, uint16_t rclass)
{
	ditto_version_t *v = ditto_calloc(1, sizeof(*v));
	atomic_init(&v->refs, 1);
	v->writable = true;
	v->rclass = rclass;
	ditto_name_copy(v->origin, origin);
	return v;
}

void
ditto_version_create(const uint8_t *origin, uint16_t rclass,
                     ditto_version_t **vp)
{
	REQUIRE(origin != NULL && vp != NULL && *vp == NULL);
	ditto_version_t *v = version_alloc(origin, rclass);
	v->gen = 1;
	v->pool = ditto__zpool_create();
	ditto_tree_init(&v->tree, v->pool);
	ditto_tree_init(&v->nsec3, v->pool);
	*vp = v;
}

void
ditto_version_edit(ditto_version_t *base, ditto_version_t **vp)
{
	REQUIRE(base != NULL && !base->writable);
	REQUIRE(vp != NULL && *vp == NULL);
	ditto_version_t *v = version_alloc(base->origin, base->rclass);
	v->gen = base->gen + 1;
	v->records = base->records;
	v->limit = base->limit;
	v->cuts = base->cuts;
	v->pool = base->pool;
	ditto__zpool_attach(v->pool);
	ditto_tree_share(&v->tree, &base->tree);
	ditto_tree_share(&v->nsec3, &base->nsec3);
	*vp = v;
}

void
ditto_version_commit(ditto_version_t *v)
{
	REQUIRE(v != NULL && v->writable);
	v->apex = ditto_tree_get(&v->tree, v->origin);
	v->writable = false;
}

void
ditto_version_attach(ditto_version_t *v, ditto_version_t **target)
{
	REQUIRE(v != NULL && target != NULL && *target == NULL);
	atomic_fetch_add_explicit(&v->refs, 1, memory_order_relaxed);
	*target = v;
}

void
ditto_version_detach(ditto_version_t **vp)
{
	REQUIRE(vp != NULL);
	ditto_version_t *v = *vp;
	*vp = NULL;
	if (v == NULL) {
		return;
	}
	uint32_t was =
	        atomic_fetch_sub_explicit(&v->refs, 1, memory_order_acq_rel);
	INSIST(was > 0);
	if (was == 1) {
		ditto_tree_clear(&v->tree);
		ditto_tree_clear(&v->nsec3);
		ditto__zpool_detach(v->pool);
		ditto_free(v);
	}
}

bool
ditto_version_writable(const ditto_version_t *v)
{
	return v->writable;
}

const uint8_t *
ditto_version_origin(const ditto_version_t *v)
{
	return v->origin;
}

uint16_t
ditto_version_class(const ditto_version_t *v)
{
	return v->rclass;
}

const ditto_node_t *
ditto_version_apex(const ditto_version_t *v)
{
	const ditto_node_t *apex =
	        v->writable ? ditto_tree_get(&v->tree, v->origin) : v->apex;
	if (apex == NULL || (ditto_node_flags(apex) & DITTO_NODE_SOA) == 0) {
		return NULL;
	}
	return apex;
}

/* Skip one name inside rdata; false when it runs past the end. */
static bool
skip_name(const uint8_t *rd, size_t len, size_t *pos)
{
	for (unsigned int i = 0; i < DITTO_NAME_MAXLABELS; i++) {
		if (*pos >= len) {
			return false;
		}
		uint8_t l = rd[*pos];
		*pos += 1 + (size_t)l;
		if (l == 0) {
			return true;
		}
	}
	return false;
}

bool
ditto_version_serial(const ditto_version_t *v, uint32_t *serial)
{
	const ditto_node_t *apex = ditto_version_apex(v);
	if (apex == NULL) {
		return false;
	}
	const ditto_rrset_t *soa = ditto_node_find(apex, DITTO_TYPE_SOA, 0);
	ditto_rrset_it_t it;
	ditto_rrset_it_init(soa, &it);
	size_t pos = 0;
	if (!skip_name(it.rdata, it.rdlen, &pos) ||
	    !skip_name(it.rdata, it.rdlen, &pos) || pos + 4 > it.rdlen) {
		return false;
	}
	const uint8_t *p = it.rdata + pos;
	*serial = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	          ((uint32_t)p[2] << 8) | p[3];
	return true;
}

uint64_t
ditto_version_records(const ditto_version_t *v)
{
	return v->records;
}

const ditto_tree_t *
ditto_version_tree(const ditto_version_t *v)
{
	return &v->tree;
}

const ditto_tree_t *
ditto_version_nsec3tree(const ditto_version_t *v)
{
	return &v->nsec3;
}

size_t
ditto_version_cuts(const ditto_version_t *v)
{
	return v->cuts;
}

void
ditto_version_setlimit(ditto_version_t *v, uint64_t max_records)
{
	REQUIRE(v->writable);
	v->limit = max_records;
}

void
ditto_version_editstats(const ditto_version_t *v,
                        ditto_version_editstats_t *stats)
{
	stats->new_arrays = v->tree.new_arrays + v->nsec3.new_arrays;
	stats->new_nodes = v->tree.new_nodes + v->nsec3.new_nodes;
}

/* Edits. */

/* Where a record goes: checks, covered type, and tree. */
static ditto_result_t
route(ditto_version_t *v, const uint8_t *owner, uint16_t rclass, uint16_t type,
      const uint8_t *rdata, uint16_t rdlen, uint16_t *covers,
      ditto_tree_t **tree)
{
	REQUIRE(v->writable);
	if (rclass != v->rclass) {
		return DITTO_R_BADCLASS;
	}
	if (ditto_rrtype_ismeta(type)) {
		return DITTO_R_BADTYPE;
	}
	if (!ditto_name_issubdomain(owner, v->origin)) {
		return DITTO_R_NOTZONETOP;
	}
	*covers = 0;
	if (type == DITTO_TYPE_RRSIG) {
		if (rdlen < 2) {
			return DITTO_R_FORMERR;
		}
		*covers = (uint16_t)((rdata[0] << 8) | rdata[1]);
	}
	bool n3 = type == DITTO_TYPE_NSEC3 || *covers == DITTO_TYPE_NSEC3;
	*tree = n3 ? &v->nsec3 : &v->tree;
	return DITTO_R_SUCCESS;
}

static int
iscut(const ditto_version_t *v, const ditto_tree_t *tree,
      const ditto_node_t *node)
{
	if (node == NULL || tree != &v->tree ||
	    (ditto_node_flags(node) & (DITTO_NODE_NS | DITTO_NODE_DNAME)) ==
	            0) {
		return 0;
	}
	return ditto_name_equal(ditto_node_name(node), v->origin) ? 0 : 1;
}

/* Put node into the slot in place of old; keep the counters. */
static void
swap_node(ditto_version_t *v, ditto_tree_t *tree, ditto_node_t **slot,
          ditto_node_t *node)
{
	ditto_node_t *old = *slot;
	v->cuts += (size_t)iscut(v, tree, node);
	v->cuts -= (size_t)iscut(v, tree, old);
	*slot = node;
	ditto__node_detach(v->pool, old);
}

static ditto_result_t
add_new(ditto_version_t *v, ditto_tree_t *tree, const ditto_rr_t *rr,
        uint16_t covers, const ditto_node_t **nodep)
{
	ditto_node_t *node = NULL;
	ditto_node_t *tmp = ditto__node_new(v->pool, rr->owner);
	ditto_result_t result =
	        ditto__node_add(v->pool, tmp, rr->type, covers, rr->ttl,
	                        rr->rdata, rr->rdlen, 0, NULL, &node);
	ditto__node_detach(v->pool, tmp);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	result = ditto_tree_insert(tree, v->gen, node);
	INSIST(result == DITTO_R_SUCCESS);
	v->cuts += (size_t)iscut(v, tree, node);
	*nodep = node;
	return DITTO_R_SUCCESS;
}

/* ditto_version_addrr(), and the node the record went to in *nodep (set
 * for SUCCESS, EXISTS and TTLMISMATCH). */
static ditto_result_t
addrr(ditto_version_t *v, const ditto_rr_t *rr, unsigned int flags,
      uint32_t *priorttl, const ditto_node_t **nodep)
{
	ditto_result_t result;
	ditto_tree_t *tree;
	uint16_t covers;
	uint32_t prior = 0;
	bool owned;

	CHECK(route(v, rr->owner, rr->rclass, rr->type, rr->rdata, rr->rdlen,
	            &covers, &tree));
	if (v->limit != 0 && v->records >= v->limit) {
		CLEANUP(DITTO_R_TOOMANY);
	}
	ditto_node_t **slot =
	        ditto_tree_modify(tree, v->gen, rr->owner, &owned);
	if (slot == NULL) {
		CHECK(add_new(v, tree, rr, covers, nodep));
		v->records++;
		return DITTO_R_SUCCESS;
	}
	ditto_node_t *node = NULL;
	result = ditto__node_add(v->pool, *slot, rr->type, covers, rr->ttl,
	                         rr->rdata, rr->rdlen, flags, &prior, &node);
	if (result != DITTO_R_SUCCESS && result != DITTO_R_EXISTS &&
	    result != DITTO_R_TTLMISMATCH) {
		goto cleanup;
	}
	if (node != *slot) {
		swap_node(v, tree, slot, node);
	}
	*nodep = node;
	if (result != DITTO_R_EXISTS) {
		v->records++;
	}
	if (result != DITTO_R_SUCCESS && priorttl != NULL) {
		*priorttl = prior;
	}
cleanup:
	return result;
}

ditto_result_t
ditto_version_addrr(ditto_version_t *v, const ditto_rr_t *rr,
                    unsigned int flags, uint32_t *priorttl)
{
	const ditto_node_t *node = NULL;
	return addrr(v, rr, flags, priorttl, &node);
}

/* Replace the node at owner by node, or remove it when node is empty. */
static void
store_or_remove(ditto_version_t *v, ditto_tree_t *tree, ditto_node_t **slot,
                ditto_node_t *node, const uint8_t *owner)
{
	if (ditto_node_count(node) > 0) {
		swap_node(v, tree, slot, node);
		return;
	}
	ditto__node_detach(v->pool, node);
	v->cuts -= (size_t)iscut(v, tree, *slot);
	ditto_result_t result = ditto_tree_remove(tree, v->gen, owner);
	INSIST(result == DITTO_R_SUCCESS);
}

/* True when the record is present (checked before copying any path). */
static bool
has_record(const ditto_tree_t *tree, const ditto_rr_t *rr, uint16_t covers)
{
	const ditto_node_t *cur = ditto_tree_get(tree, rr->owner);
	if (cur == NULL) {
		return false;
	}
	const ditto_rrset_t *set = ditto_node_find(cur, rr->type, covers);
	return set != NULL && ditto_rrset_find(set, rr->rdata, rr->rdlen) >= 0;
}

ditto_result_t
ditto_version_delrr(ditto_version_t *v, const ditto_rr_t *rr)
{
	ditto_result_t result;
	ditto_tree_t *tree;
	uint16_t covers;
	bool owned;

	CHECK(route(v, rr->owner, rr->rclass, rr->type, rr->rdata, rr->rdlen,
	            &covers, &tree));
	if (!has_record(tree, rr, covers)) {
		CLEANUP(DITTO_R_NOTFOUND);
	}
	ditto_node_t **slot =
	        ditto_tree_modify(tree, v->gen, rr->owner, &owned);
	ditto_node_t *node = NULL;
	CHECK(ditto__node_delete(v->pool, *slot, rr->type, covers, rr->rdata,
	                         rr->rdlen, &node));
	store_or_remove(v, tree, slot, node, rr->owner);
	v->records--;
cleanup:
	return result;
}

ditto_result_t
ditto_version_delrrset(ditto_version_t *v, const uint8_t *owner, uint16_t type,
                       uint16_t covers)
{
	REQUIRE(v->writable);
	bool n3 = type == DITTO_TYPE_NSEC3 ||
	          (type == DITTO_TYPE_RRSIG && covers == DITTO_TYPE_NSEC3);
	ditto_tree_t *tree = n3 ? &v->nsec3 : &v->tree;
	bool owned;

	if (!ditto_name_issubdomain(owner, v->origin)) {
		return DITTO_R_NOTZONETOP;
	}
	const ditto_node_t *cur = ditto_tree_get(tree, owner);
	const ditto_rrset_t *set =
	        cur != NULL ? ditto_node_find(cur, type, covers) : NULL;
	if (set == NULL) {
		return DITTO_R_NOTFOUND;
	}
	uint64_t count = set->count;
	ditto_node_t **slot = ditto_tree_modify(tree, v->gen, owner, &owned);
	ditto_node_t *node = NULL;
	ditto_result_t result =
	        ditto__node_delset(v->pool, *slot, type, covers, &node);
	INSIST(result == DITTO_R_SUCCESS);
	store_or_remove(v, tree, slot, node, owner);
	v->records -= count;
	return DITTO_R_SUCCESS;
}

static bool
remove_name(ditto_version_t *v, ditto_tree_t *tree, const uint8_t *owner)
{
	const ditto_node_t *cur = ditto_tree_get(tree, owner);
	if (cur == NULL) {
		return false;
	}
	v->records -= ditto_node_records(cur);
	v->cuts -= (size_t)iscut(v, tree, cur);
	ditto_result_t result = ditto_tree_remove(tree, v->gen, owner);
	INSIST(result == DITTO_R_SUCCESS);
	return true;
}

ditto_result_t
ditto_version_delname(ditto_version_t *v, const uint8_t *owner)
{
	REQUIRE(v->writable);
	if (!ditto_name_issubdomain(owner, v->origin)) {
		return DITTO_R_NOTZONETOP;
	}
	bool a = remove_name(v, &v->tree, owner);
	bool b = remove_name(v, &v->nsec3, owner);
	return a || b ? DITTO_R_SUCCESS : DITTO_R_NOTFOUND;
}

/* The RR sink. */

static ditto_result_t
sink_event(ditto_version_sink_t *s, ditto_result_t what, const ditto_rr_t *rr,
           uint32_t prior)
{
	if (s->warn != NULL) {
		return s->warn(s->warnarg, what, rr, prior);
	}
	if (what == DITTO_R_EXISTS || what == DITTO_R_TTLMISMATCH) {
		return DITTO_R_SUCCESS;
	}
	return what;
}

static ditto_result_t
sink_add(ditto_version_sink_t *s, const ditto_rr_t *rr)
{
	uint32_t prior = 0;
	const ditto_node_t *node = NULL;
	ditto_result_t result = addrr(s->version, rr, s->flags, &prior, &node);
	s->node = node;
	switch (result) {
	case DITTO_R_SUCCESS:
		s->added++;
		return DITTO_R_SUCCESS;
	case DITTO_R_TTLMISMATCH:
		s->added++;
		s->ttl_mismatches++;
		return sink_event(s, result, rr, prior);
	case DITTO_R_EXISTS:
		s->duplicates++;
		return sink_event(s, result, rr, prior);
	case DITTO_R_NOTZONETOP:
		s->outofzone++;
		return sink_event(s, result, rr, 0);
	default:
		return result;
	}
}

static ditto_result_t
sink_fn(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	ditto_version_sink_t *s = arg;
	if (op == DITTO_RRSINK_ADD) {
		return sink_add(s, rr);
	}
	ditto_result_t result = ditto_version_delrr(s->version, rr);
	switch (result) {
	case DITTO_R_SUCCESS:
		s->deleted++;
		return DITTO_R_SUCCESS;
	case DITTO_R_NOTFOUND:
		s->missing++;
		return sink_event(s, result, rr, 0);
	case DITTO_R_NOTZONETOP:
		s->outofzone++;
		return sink_event(s, result, rr, 0);
	default:
		return result;
	}
}

ditto_rrsink_t
ditto_version_sink(ditto_version_sink_t *s, ditto_version_t *v,
                   unsigned int flags, ditto_version_warn_fn warn,
                   void *warnarg)
{
	REQUIRE(s != NULL && v != NULL && v->writable);
	memset(s, 0, sizeof(*s));
	s->version = v;
	s->flags = flags;
	s->warn = warn;
	s->warnarg = warnarg;
	return (ditto_rrsink_t){ .fn = sink_fn, .arg = s };
}

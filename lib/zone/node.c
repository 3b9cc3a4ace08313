/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone nodes: read accessors, and building edited copies of a node. */

/*
 * Design: a node is immutable once built (layout in node_p.h). Every edit
 * (add a record, delete one, delete an RRset) builds a fresh node from the
 * old one in one pass: the "splice" below says which RRset changes, where
 * in its records bytes are cut and inserted, and how its header changes.
 * So an edit costs O(node size) and touches nothing else; a whole zone
 * load is O(sum of node sizes x records per RRset) in the worst case of a
 * huge RRset, O(records) in the common one.
 *
 * Rdatas in an RRset are kept sorted by ditto_rdata_compare(), so a
 * duplicate is found on the way to the insertion point.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/node_p.h"
#include "zone/version.h"

/* Read side. */

static const uint8_t *
node_namep(const ditto_node_t *node)
{
	return (const uint8_t *)&node->sets[node->nsets];
}

const uint8_t *
ditto_node_name(const ditto_node_t *node)
{
	return node_namep(node);
}

unsigned int
ditto_node_count(const ditto_node_t *node)
{
	return node->nsets;
}

const ditto_rrset_t *
ditto_node_rrset(const ditto_node_t *node, unsigned int index)
{
	REQUIRE(index < node->nsets);
	return &node->sets[index];
}

static int
setcmp(const ditto_rrset_t *s, uint16_t type, uint16_t covers)
{
	if (s->type != type) {
		return s->type < type ? -1 : 1;
	}
	if (s->covers != covers) {
		return s->covers < covers ? -1 : 1;
	}
	return 0;
}

/* Index of the first set >= (type, covers); *found when equal. */
static unsigned int
set_lowerbound(const ditto_node_t *node, uint16_t type, uint16_t covers,
               bool *found)
{
	unsigned int lo = 0, hi = node->nsets;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		if (setcmp(&node->sets[mid], type, covers) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	*found = lo < node->nsets && setcmp(&node->sets[lo], type, covers) == 0;
	return lo;
}

const ditto_rrset_t *
ditto_node_find(const ditto_node_t *node, uint16_t type, uint16_t covers)
{
	bool found;
	unsigned int i = set_lowerbound(node, type, covers, &found);
	return found ? &node->sets[i] : NULL;
}

const ditto_rrset_t *
ditto_node_sigs(const ditto_node_t *node, uint16_t type)
{
	return ditto_node_find(node, DITTO_TYPE_RRSIG, type);
}

unsigned int
ditto_node_flags(const ditto_node_t *node)
{
	return node->flags;
}

unsigned int
ditto_node_records(const ditto_node_t *node)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < node->nsets; i++) {
		n += node->sets[i].count;
	}
	return n;
}

/* Bytes of records of set i. */
static size_t
set_bytes(const ditto_node_t *node, unsigned int i)
{
	const ditto_rrset_t *s = &node->sets[i];
	if (i + 1 < node->nsets) {
		return (size_t)(ditto_rrset_records(&node->sets[i + 1]) -
		                ditto_rrset_records(s));
	}
	return ditto_rrset_size(s);
}

/* Offset of the first record byte from the node start. */
static size_t
records_start(const ditto_node_t *node)
{
	return sizeof(ditto_node_t) + node->nsets * sizeof(ditto_rrset_t) +
	       node->namelen;
}

static size_t
node_bytes(const ditto_node_t *node)
{
	size_t n = records_start(node);
	for (unsigned int i = 0; i < node->nsets; i++) {
		n += set_bytes(node, i);
	}
	return n;
}

size_t
ditto_node_size(const ditto_node_t *node)
{
	return node_bytes(node);
}

/* Reference counting. */

void
ditto__node_attach(ditto_node_t *node)
{
	atomic_fetch_add_explicit(&node->refs, 1, memory_order_relaxed);
}

void
ditto__node_detach(ditto_zpool_t *pool, ditto_node_t *node)
{
	if (node == NULL) {
		return;
	}
	uint32_t was =
	        atomic_fetch_sub_explicit(&node->refs, 1, memory_order_acq_rel);
	INSIST(was > 0);
	if (was == 1) {
		ditto__zpool_free(pool, node, node_bytes(node));
	}
}

ditto_node_t *
ditto__node_new(ditto_zpool_t *pool, const uint8_t *name)
{
	size_t namelen = ditto_name_length(name);
	ditto_node_t *node = ditto__zpool_alloc(pool, sizeof(*node) + namelen);
	atomic_init(&node->refs, 1);
	node->nsets = 0;
	node->namelen = (uint8_t)namelen;
	node->flags = ditto_name_iswildcard(name) ? DITTO_NODE_WILD : 0;
	memcpy(node->sets, name, namelen);
	return node;
}

/* Building edited copies. */

typedef enum { SP_NEWSET, SP_EDIT, SP_DELSET } splice_op_t;

/* One change to one RRset of a node. */
typedef struct splice {
	splice_op_t op;       /*!< what happens */
	unsigned int set;     /*!< old set index (NEWSET: insert before it) */
	uint16_t type;        /*!< NEWSET: type */
	uint16_t covers;      /*!< NEWSET: covered type */
	uint32_t ttl;         /*!< NEWSET/EDIT: the set's TTL afterwards */
	size_t at;            /*!< EDIT: offset in the set's records */
	size_t cut;           /*!< EDIT: bytes removed at `at` */
	const uint8_t *rdata; /*!< NEWSET/EDIT: record inserted, or NULL */
	uint16_t rdlen;       /*!< its length */
	int dcount;           /*!< EDIT: change of the record count */
} splice_t;

static unsigned int
type_flag(uint16_t type)
{
	switch (type) {
	case DITTO_TYPE_SOA:
		return DITTO_NODE_SOA;
	case DITTO_TYPE_NS:
		return DITTO_NODE_NS;
	case DITTO_TYPE_CNAME:
		return DITTO_NODE_CNAME;
	case DITTO_TYPE_DNAME:
		return DITTO_NODE_DNAME;
	case DITTO_TYPE_DS:
		return DITTO_NODE_DS;
	case DITTO_TYPE_NSEC:
		return DITTO_NODE_NSEC;
	case DITTO_TYPE_RRSIG:
		return DITTO_NODE_RRSIG;
	default:
		return 0;
	}
}

static uint8_t *
put_record(uint8_t *w, const uint8_t *rdata, uint16_t rdlen)
{
	w[0] = (uint8_t)(rdlen >> 8);
	w[1] = (uint8_t)rdlen;
	if (rdlen > 0) {
		memcpy(w + 2, rdata, rdlen);
	}
	return w + 2 + rdlen;
}

static size_t
splice_size(const ditto_node_t *old, const splice_t *sp, unsigned int *nsets)
{
	size_t size = node_bytes(old);
	size_t rec = sp->rdata != NULL ? 2 + (size_t)sp->rdlen : 0;
	*nsets = old->nsets;
	switch (sp->op) {
	case SP_NEWSET:
		(*nsets)++;
		return size + sizeof(ditto_rrset_t) + rec;
	case SP_DELSET:
		(*nsets)--;
		return size - sizeof(ditto_rrset_t) - set_bytes(old, sp->set);
	case SP_EDIT:
	default:
		return size + rec - sp->cut;
	}
}

/* Write set k of the new node from old set j, applying an EDIT. */
static uint8_t *
copy_set(ditto_node_t *node, unsigned int k, const ditto_node_t *old,
         unsigned int j, const splice_t *sp, uint8_t *w)
{
	const ditto_rrset_t *os = &old->sets[j];
	ditto_rrset_t *ns = &node->sets[k];
	const uint8_t *src = ditto_rrset_records(os);
	size_t bytes = set_bytes(old, j);
	*ns = *os;
	ns->off_ = (uint32_t)(w - (uint8_t *)ns);
	if (sp->op != SP_EDIT || sp->set != j) {
		memcpy(w, src, bytes);
		return w + bytes;
	}
	ns->ttl = sp->ttl;
	ns->count = (uint16_t)(ns->count + sp->dcount);
	memcpy(w, src, sp->at);
	w += sp->at;
	if (sp->rdata != NULL) {
		w = put_record(w, sp->rdata, sp->rdlen);
	}
	size_t rest = bytes - sp->at - sp->cut;
	memcpy(w, src + sp->at + sp->cut, rest);
	return w + rest;
}

static uint8_t *
new_set(ditto_node_t *node, unsigned int k, const splice_t *sp, uint8_t *w)
{
	ditto_rrset_t *ns = &node->sets[k];
	ns->type = sp->type;
	ns->covers = sp->covers;
	ns->ttl = sp->ttl;
	ns->count = 1;
	ns->reserved_ = 0;
	ns->off_ = (uint32_t)(w - (uint8_t *)ns);
	return put_record(w, sp->rdata, sp->rdlen);
}

static ditto_node_t *
build(ditto_zpool_t *pool, const ditto_node_t *old, const splice_t *sp,
      size_t size, unsigned int nsets)
{
	ditto_node_t *node = ditto__zpool_alloc(pool, size);
	atomic_init(&node->refs, 1);
	node->nsets = (uint16_t)nsets;
	node->namelen = old->namelen;
	uint8_t *w = (uint8_t *)&node->sets[nsets];
	memcpy(w, node_namep(old), old->namelen);
	w += old->namelen;
	unsigned int k = 0;
	for (unsigned int j = 0; j <= old->nsets; j++) {
		if (sp->op == SP_NEWSET && sp->set == j) {
			w = new_set(node, k++, sp, w);
		}
		if (j == old->nsets) {
			break;
		}
		if (sp->op == SP_DELSET && sp->set == j) {
			continue;
		}
		w = copy_set(node, k++, old, j, sp, w);
	}
	INSIST(k == nsets && (size_t)(w - (uint8_t *)node) == size);
	node->flags = old->flags & DITTO_NODE_WILD;
	for (k = 0; k < nsets; k++) {
		node->flags |= (uint8_t)type_flag(node->sets[k].type);
	}
	return node;
}

static ditto_result_t
apply(ditto_zpool_t *pool, const ditto_node_t *old, const splice_t *sp,
      ditto_node_t **out)
{
	unsigned int nsets;
	size_t size = splice_size(old, sp, &nsets);
	if (size > UINT32_MAX) {
		return DITTO_R_TOOMANY;
	}
	*out = build(pool, old, sp, size, nsets);
	return DITTO_R_SUCCESS;
}

/*
 * Find rdata in set i: *at gets the byte offset of the first record >=
 * rdata (or the end), *len that record's length; true when equal.
 */
static bool
locate(const ditto_node_t *old, unsigned int i, const uint8_t *rdata,
       uint16_t rdlen, size_t *at, uint16_t *len)
{
	const ditto_rrset_t *s = &old->sets[i];
	const uint8_t *p = ditto_rrset_records(s);
	size_t off = 0;
	for (unsigned int n = 0; n < s->count; n++) {
		uint16_t l = (uint16_t)((p[off] << 8) | p[off + 1]);
		int d = ditto_rdata_compare(s->type, p + off + 2, l, rdata,
		                            rdlen);
		if (d >= 0) {
			*at = off;
			*len = l;
			return d == 0;
		}
		off += 2 + (size_t)l;
	}
	*at = off;
	*len = 0;
	return false;
}

ditto_result_t
ditto__node_add(ditto_zpool_t *pool, const ditto_node_t *old, uint16_t type,
                uint16_t covers, uint32_t ttl, const uint8_t *rdata,
                uint16_t rdlen, unsigned int flags, uint32_t *priorttl,
                ditto_node_t **out)
{
	bool found;
	unsigned int i = set_lowerbound(old, type, covers, &found);
	splice_t sp = { .set = i,
		        .type = type,
		        .covers = covers,
		        .ttl = ttl,
		        .rdata = rdata,
		        .rdlen = rdlen,
		        .dcount = 1 };
	if (!found) {
		if (old->nsets >= DITTO_NODE_MAXSETS) {
			return DITTO_R_TOOMANY;
		}
		sp.op = SP_NEWSET;
		return apply(pool, old, &sp, out);
	}
	const ditto_rrset_t *s = &old->sets[i];
	uint16_t len;
	bool replace = (flags & DITTO_VERSION_TTL_REPLACE) != 0;
	sp.op = SP_EDIT;
	sp.ttl = replace ? ttl : s->ttl;
	if (priorttl != NULL) {
		*priorttl = s->ttl;
	}
	if (locate(old, i, rdata, rdlen, &sp.at, &len)) {
		if (!replace || s->ttl == ttl) {
			*out = (ditto_node_t *)old;
			return DITTO_R_EXISTS;
		}
		sp.rdata = NULL;
		sp.dcount = 0;
		ditto_result_t result = apply(pool, old, &sp, out);
		return result == DITTO_R_SUCCESS ? DITTO_R_EXISTS : result;
	}
	if (s->count >= DITTO_RRSET_MAXCOUNT) {
		return DITTO_R_TOOMANY;
	}
	ditto_result_t result = apply(pool, old, &sp, out);
	if (result == DITTO_R_SUCCESS && s->ttl != ttl) {
		result = DITTO_R_TTLMISMATCH;
	}
	return result;
}

ditto_result_t
ditto__node_delete(ditto_zpool_t *pool, const ditto_node_t *old, uint16_t type,
                   uint16_t covers, const uint8_t *rdata, uint16_t rdlen,
                   ditto_node_t **out)
{
	bool found;
	unsigned int i = set_lowerbound(old, type, covers, &found);
	if (!found) {
		return DITTO_R_NOTFOUND;
	}
	splice_t sp = {
		.op = SP_EDIT, .set = i, .ttl = old->sets[i].ttl, .dcount = -1
	};
	uint16_t len;
	if (!locate(old, i, rdata, rdlen, &sp.at, &len)) {
		return DITTO_R_NOTFOUND;
	}
	if (old->sets[i].count == 1) {
		sp.op = SP_DELSET;
	}
	sp.cut = 2 + (size_t)len;
	return apply(pool, old, &sp, out);
}

ditto_result_t
ditto__node_delset(ditto_zpool_t *pool, const ditto_node_t *old, uint16_t type,
                   uint16_t covers, ditto_node_t **out)
{
	bool found;
	unsigned int i = set_lowerbound(old, type, covers, &found);
	if (!found) {
		return DITTO_R_NOTFOUND;
	}
	splice_t sp = { .op = SP_DELSET, .set = i };
	return apply(pool, old, &sp, out);
}

/* Dump order: SOA, NS, then by type; RRSIGs right after what they cover. */
static uint32_t
dumporder_key(const ditto_rrset_t *s)
{
	uint32_t sig = s->type == DITTO_TYPE_RRSIG;
	uint32_t t = sig ? s->covers : s->type;
	if (t == DITTO_TYPE_SOA) {
		t = 0;
	} else if (t == DITTO_TYPE_NS) {
		t = 1;
	} else {
		t += 2;
	}
	return t * 2 + sig;
}

static int
dumporder_cmp(const void *a, const void *b)
{
	uint32_t x = dumporder_key(*(const ditto_rrset_t *const *)a);
	uint32_t y = dumporder_key(*(const ditto_rrset_t *const *)b);
	return x < y ? -1 : x > y;
}

/* Insertion sort up to this many RRsets (nodes rarely have more). */
#define DUMPORDER_SMALL 16

unsigned int
ditto_node_dumporder(const ditto_node_t *node, bool skip_soa,
                     const ditto_rrset_t **out)
{
	REQUIRE(node != NULL && out != NULL);
	unsigned int n = ditto_node_count(node);
	unsigned int m = 0;
	for (unsigned int i = 0; i < n; i++) {
		const ditto_rrset_t *s = ditto_node_rrset(node, i);
		if (skip_soa && s->type == DITTO_TYPE_SOA) {
			continue;
		}
		unsigned int j = m++;
		if (n > DUMPORDER_SMALL) {
			out[j] = s;
			continue;
		}
		uint32_t key = dumporder_key(s);
		while (j > 0 && dumporder_key(out[j - 1]) > key) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = s;
	}
	if (n > DUMPORDER_SMALL) {
		qsort(out, m, sizeof(out[0]), dumporder_cmp);
	}
	return m;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone checker, after the load: dump order, post-load checks, iteration.
 *
 * Order: nodes sort by (NSEC3 node last, canonical name) through the
 * memcmp-ordered keys of ditto_tree_key(); records are then placed per
 * node with one counting pass, and each node's records sort by BIND's dump
 * key (SOA, NS, then type; an RRSIG right after the type it covers), then
 * by canonical rdata. Equal rdatas in one RRset are marked duplicates; an
 * RRset's TTL is that of its last-loaded record (a later owner group
 * replaces the TTL, as BIND's merge does).
 *
 * Post-load checks, in named-checkzone's order: SOA count at the apex, NS
 * at the apex, apex NS targets (fatal), then the integrity walk in dump
 * order: delegation NS targets (glue), MX and SRV targets, SPF.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/check_p.h"
#include "zone/tree.h"

/* Sort entry: the first 8 octets of the node's canonical key below the
 * origin (big-endian, zero padded), so most comparisons are one integer
 * compare; ties fall back to ditto_name_compare(). Zero padding sorts
 * like the end of a key because a key never has two separators in a row.
 */
typedef struct nkey {
	uint64_t prefix;
	cnode_t *node;
} nkey_t;

static int
nkey_cmp(const void *a, const void *b)
{
	const nkey_t *x = a, *y = b;
	if (x->node->nsec3 != y->node->nsec3) {
		return x->node->nsec3 - y->node->nsec3;
	}
	if (x->prefix != y->prefix) {
		return x->prefix < y->prefix ? -1 : 1;
	}
	return ditto_name_compare(x->node->name, y->node->name);
}

static uint32_t
dump_key(uint16_t type, uint16_t covers)
{
	uint32_t sig = type == DITTO_TYPE_RRSIG;
	uint32_t t = sig ? covers : type;
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
rec_cmp(const void *a, const void *b, void *arg)
{
	const crec_t *recs = arg;
	uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
	const crec_t *x = &recs[ia], *y = &recs[ib];
	uint32_t kx = dump_key(x->type, x->covers);
	uint32_t ky = dump_key(y->type, y->covers);
	if (kx != ky) {
		return kx < ky ? -1 : 1;
	}
	int r = ditto_rdata_compare(x->type, x->rdata, x->rdlen, y->rdata,
	                            y->rdlen);
	if (r != 0) {
		return r;
	}
	return ia < ib ? -1 : ia > ib;
}

static void
sort_nodes(ditto_check_t *c, size_t *nlive_nodes)
{
	nkey_t *keys = ditto_malloc((c->nnodes + 1) * sizeof(*keys));
	uint8_t key[DITTO_TREE_MAXKEY];
	size_t skip = ditto_tree_key(c->origin, key);
	size_t n = 0;
	for (size_t b = 0; b < c->nbuckets; b++) {
		for (cnode_t *nd = c->buckets[b]; nd != NULL; nd = nd->next) {
			if (nd->count == 0) {
				continue;
			}
			size_t kl = ditto_tree_key(nd->name, key);
			uint64_t p = 0;
			for (size_t i = 0; i < 8; i++) {
				size_t k = skip + i;
				p = (p << 8) | (k < kl ? key[k] : 0);
			}
			keys[n].prefix = p;
			keys[n].node = nd;
			n++;
		}
	}
	qsort(keys, n, sizeof(*keys), nkey_cmp);
	c->sorted = ditto_malloc((n + 1) * sizeof(*c->sorted));
	for (size_t i = 0; i < n; i++) {
		c->sorted[i] = keys[i].node;
	}
	ditto_free(keys);
	*nlive_nodes = n;
}

void
ditto__check_sort(ditto_check_t *c)
{
	size_t nn = 0;
	sort_nodes(c, &nn);
	c->nsorted = nn;
	uint32_t pos = 0;
	for (size_t i = 0; i < nn; i++) {
		c->sorted[i]->first = pos;
		c->sorted[i]->single = 0; /* now the fill count */
		pos += c->sorted[i]->count;
	}
	c->nlive = pos;
	c->order = ditto_malloc((pos + 1) * sizeof(*c->order));
	for (size_t i = 0; i < c->nrecs; i++) {
		crec_t *r = &c->recs[i];
		if (!r->dead) {
			c->order[r->node->first + r->node->single++] =
			        (uint32_t)i;
		}
	}
	size_t unique = 0;
	for (size_t i = 0; i < nn; i++) {
		cnode_t *nd = c->sorted[i];
		uint32_t *o = c->order + nd->first;
		if (nd->count > 1) {
			qsort_r(o, nd->count, sizeof(*o), rec_cmp, c->recs);
		}
		for (uint32_t j = 0; j < nd->count; j++) {
			crec_t *r = &c->recs[o[j]];
			const crec_t *p = j > 0 ? &c->recs[o[j - 1]] : NULL;
			if (p != NULL && p->type == r->type &&
			    p->covers == r->covers &&
			    ditto_rdata_compare(r->type, p->rdata, p->rdlen,
			                        r->rdata, r->rdlen) == 0) {
				r->dup = 1;
			} else {
				unique++;
			}
		}
	}
	c->nunique = unique;
}

/* --- lookups for the checks ------------------------------------------- */

typedef struct tinfo {
	const cnode_t *node;  /* the target's node, or NULL */
	const cnode_t *cut;   /* highest delegation at or above it */
	const cnode_t *dname; /* highest DNAME strictly above it */
} tinfo_t;

static void
target_info(const ditto_check_t *c, const uint8_t *t, tinfo_t *ti)
{
	unsigned int lt = ditto_name_labels(t);
	unsigned int lo = ditto_name_labels(c->origin);
	memset(ti, 0, sizeof(*ti));
	ti->node = ditto__check_lookup(c, t, false);
	for (unsigned int k = 0; k <= lt - lo; k++) {
		const uint8_t *a = ditto_name_skip(t, k);
		const cnode_t *nd =
		        k == 0 ? ti->node : ditto__check_lookup(c, a, false);
		if (nd == NULL) {
			continue;
		}
		if (k < lt - lo && (nd->flags & CN_NS) != 0) {
			ti->cut = nd;
		}
		if (k > 0 && (nd->flags & CN_DNAME) != 0) {
			ti->dname = nd;
		}
	}
}

static bool
has_addr(const cnode_t *nd)
{
	return nd != NULL && (nd->flags & (CN_A | CN_AAAA)) != 0;
}

static const uint8_t *
rec_name(const crec_t *r, size_t off)
{
	size_t len;
	if (r->rdlen <= off ||
	    ditto_name_check(r->rdata + off, r->rdlen - off, true, &len) !=
	            DITTO_R_SUCCESS) {
		return NULL;
	}
	return r->rdata + off;
}

typedef void (*each_fn)(ditto_check_t *c, const cnode_t *nd, const crec_t *r);

static void
each_rdata(ditto_check_t *c, const cnode_t *nd, uint16_t type, each_fn fn)
{
	const uint32_t *o = c->order + nd->first;
	for (uint32_t j = 0; j < nd->count; j++) {
		const crec_t *r = &c->recs[o[j]];
		if (r->type == type && !r->dup) {
			fn(c, nd, r);
		}
	}
}

/* --- the checks -------------------------------------------------------- */

static void
check_apex_ns(ditto_check_t *c, const cnode_t *nd, const crec_t *r)
{
	char tt[DITTO_NAME_MAXTEXT];
	tinfo_t ti;
	const uint8_t *t = rec_name(r, 0);
	(void)nd;
	if (t == NULL || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	target_info(c, t, &ti);
	if (has_addr(ti.node) || ti.cut != NULL) {
		return;
	}
	ditto_check_namefmt(t, tt, sizeof(tt));
	if (ti.node != NULL && (ti.node->flags & CN_CNAME) != 0) {
		ditto__check_msg(c, "zone %s: NS '%s' is a CNAME (illegal)",
		                 c->zonetext, tt);
	} else {
		ditto__check_msg(c,
		                 "zone %s: NS '%s' has no address records "
		                 "(A or AAAA)",
		                 c->zonetext, tt);
	}
	c->failed = true;
}

static void
check_deleg_ns(ditto_check_t *c, const cnode_t *nd, const crec_t *r)
{
	char ot[DITTO_NAME_MAXTEXT], tt[DITTO_NAME_MAXTEXT];
	char dt[DITTO_NAME_MAXTEXT];
	tinfo_t ti;
	const uint8_t *t = rec_name(r, 0);
	if (t == NULL || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	target_info(c, t, &ti);
	if (has_addr(ti.node)) {
		return;
	}
	ditto_check_namefmt(nd->name, ot, sizeof(ot));
	ditto_check_namefmt(t, tt, sizeof(tt));
	const char *what = "has no address records (A or AAAA)";
	if (ti.cut != NULL) {
		what = ditto_name_issubdomain(t, nd->name)
		               ? "has no REQUIRED GLUE address records (A "
		                 "or AAAA)"
		               : "has no SIBLING GLUE address records (A "
		                 "or AAAA)";
	} else if (ti.dname != NULL) {
		ditto_check_namefmt(ti.dname->name, dt, sizeof(dt));
		ditto__check_msg(c,
		                 "zone %s: %s/NS '%s' is below a DNAME '%s' "
		                 "(illegal)",
		                 c->zonetext, ot, tt, dt);
		return;
	} else if (ti.node != NULL && (ti.node->flags & CN_CNAME) != 0) {
		what = "is a CNAME (illegal)";
	}
	ditto__check_msg(c, "zone %s: %s/NS '%s' %s", c->zonetext, ot, tt,
	                 what);
}

/* MX (off 2) and SRV (off 6) targets. */
static void
check_target(ditto_check_t *c, const cnode_t *nd, const crec_t *r)
{
	char ot[DITTO_NAME_MAXTEXT], tt[DITTO_NAME_MAXTEXT];
	char dt[DITTO_NAME_MAXTEXT];
	bool mx = r->type == DITTO_TYPE_MX;
	const char *tn = mx ? "MX" : "SRV";
	ditto_check_mode_t cmode = mx ? c->opts.mxcname : c->opts.srvcname;
	tinfo_t ti;
	const uint8_t *t = rec_name(r, mx ? 2 : 6);
	if (t == NULL || t[0] == 0 || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	target_info(c, t, &ti);
	if (has_addr(ti.node) || ti.cut != NULL) {
		return;
	}
	ditto_check_namefmt(nd->name, ot, sizeof(ot));
	ditto_check_namefmt(t, tt, sizeof(tt));
	if (ti.dname != NULL) {
		ditto_check_namefmt(ti.dname->name, dt, sizeof(dt));
		ditto__check_msg(c,
		                 "zone %s: %s/%s '%s' is below a DNAME '%s' "
		                 "(illegal)",
		                 c->zonetext, ot, tn, tt, dt);
		return;
	}
	if (ti.node != NULL && (ti.node->flags & CN_CNAME) != 0) {
		if (cmode != DITTO_CHECK_IGNORE) {
			ditto__check_msg(c,
			                 "zone %s: %s/%s '%s' is a CNAME "
			                 "(illegal)",
			                 c->zonetext, ot, tn, tt);
		}
		c->failed |= cmode == DITTO_CHECK_FAIL;
		return;
	}
	ditto__check_msg(c,
	                 "zone %s: %s/%s '%s' has no address records (A or "
	                 "AAAA)",
	                 c->zonetext, ot, tn, tt);
	c->failed |= mx && c->opts.mx == DITTO_CHECK_FAIL;
}

static bool
is_spf_txt(const crec_t *r)
{
	return r->type == DITTO_TYPE_TXT && r->rdlen >= 7 && r->rdata[0] >= 6 &&
	       memcmp(r->rdata + 1, "v=spf1", 6) == 0 &&
	       (r->rdata[0] == 6 || r->rdata[7] == ' ');
}

static void
check_spf(ditto_check_t *c, const cnode_t *nd)
{
	char ot[DITTO_NAME_MAXTEXT];
	if ((nd->flags & CN_SPF) == 0 || c->opts.spf == DITTO_CHECK_IGNORE) {
		return;
	}
	const uint32_t *o = c->order + nd->first;
	for (uint32_t j = 0; j < nd->count; j++) {
		if (is_spf_txt(&c->recs[o[j]])) {
			return;
		}
	}
	{
		ditto_check_namefmt(nd->name, ot, sizeof(ot));
		ditto__check_msg(c,
		                 "zone %s: '%s' found type SPF record but no "
		                 "SPF TXT record found, add matching type TXT "
		                 "record",
		                 c->zonetext, ot);
	}
}

/* Deprecated DS digest types at a delegation, once per type. */
static void
check_ds(ditto_check_t *c, const cnode_t *nd)
{
	char ot[DITTO_NAME_MAXTEXT];
	bool seen1 = false, seen3 = false;
	const uint32_t *o = c->order + nd->first;
	for (uint32_t j = 0; j < nd->count; j++) {
		const crec_t *r = &c->recs[o[j]];
		if (r->type != DITTO_TYPE_DS || r->dup || r->rdlen < 4 ||
		    (r->rdata[3] != 1 && r->rdata[3] != 3)) {
			continue;
		}
		bool *seen = r->rdata[3] == 1 ? &seen1 : &seen3;
		if (*seen) {
			continue;
		}
		*seen = true;
		ditto_check_namefmt(nd->name, ot, sizeof(ot));
		ditto__check_msg(c,
		                 "zone %s: %s/DS deprecated digest type %u "
		                 "(%s)",
		                 c->zonetext, ot, r->rdata[3],
		                 r->rdata[3] == 1 ? "SHA-1" : "GOST");
	}
}

static void
integrity(ditto_check_t *c, const cnode_t *apex)
{
	const cnode_t *cut = NULL;
	for (size_t i = 0; i < c->nsorted; i++) {
		const cnode_t *nd = c->sorted[i];
		if (nd->nsec3) {
			break;
		}
		if (cut != NULL &&
		    ditto_name_issubdomain(nd->name, cut->name)) {
			continue; /* occluded by a delegation */
		}
		cut = NULL;
		if (nd != apex && (nd->flags & CN_NS) != 0) {
			cut = nd;
			each_rdata(c, nd, DITTO_TYPE_NS, check_deleg_ns);
			check_ds(c, nd);
			continue;
		}
		each_rdata(c, nd, DITTO_TYPE_MX, check_target);
		each_rdata(c, nd, DITTO_TYPE_SRV, check_target);
		check_spf(c, nd);
	}
}

static void
read_serial(ditto_check_t *c)
{
	const crec_t *r = &c->recs[c->soa - 1];
	size_t l1, l2;
	if (ditto_name_check(r->rdata, r->rdlen, true, &l1) !=
	            DITTO_R_SUCCESS ||
	    ditto_name_check(r->rdata + l1, r->rdlen - l1, true, &l2) !=
	            DITTO_R_SUCCESS ||
	    r->rdlen < l1 + l2 + 4) {
		return;
	}
	const uint8_t *p = r->rdata + l1 + l2;
	c->serial = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	            ((uint32_t)p[2] << 8) | p[3];
}

void
ditto__check_postload(ditto_check_t *c)
{
	const cnode_t *apex = ditto__check_lookup(c, c->origin, false);
	if (apex == NULL || (apex->flags & CN_SOA) == 0 || c->soa == 0) {
		ditto__check_msg(c, "zone %s: has 0 SOA records", c->zonetext);
		c->failed = true;
	} else {
		read_serial(c);
	}
	if (apex == NULL || (apex->flags & CN_NS) == 0) {
		ditto__check_msg(c, "zone %s: has no NS records", c->zonetext);
		c->failed = true;
		return;
	}
	if (c->failed) {
		return;
	}
	each_rdata(c, apex, DITTO_TYPE_NS, check_apex_ns);
	if (c->failed) {
		return;
	}
	integrity(c, apex);
	c->secure = (apex->flags & CN_DNSKEY) != 0 &&
	            (apex->flags & (CN_NSEC | CN_NSEC3PARAM)) != 0;
}

ditto_result_t
ditto_check_finish(ditto_check_t *c)
{
	REQUIRE(c != NULL && !c->finished);
	ditto__check_commit(c);
	c->finished = true;
	if (c->loaderr[0] != '\0') {
		return DITTO_R_FAILURE;
	}
	ditto__check_sort(c);
	ditto__check_postload(c);
	return c->failed ? DITTO_R_FAILURE : DITTO_R_SUCCESS;
}

uint32_t
ditto_check_serial(const ditto_check_t *c)
{
	REQUIRE(c != NULL);
	return c->serial;
}

bool
ditto_check_secure(const ditto_check_t *c)
{
	REQUIRE(c != NULL);
	return c->secure;
}

size_t
ditto_check_records(const ditto_check_t *c)
{
	REQUIRE(c != NULL);
	return c->nunique;
}

/* --- iteration in dump order ------------------------------------------ */

ditto_result_t
ditto_check_foreach(const ditto_check_t *c,
                    ditto_result_t (*fn)(void *arg,
                                         const ditto_check_rrset_t *set),
                    void *arg)
{
	REQUIRE(c != NULL && c->finished && fn != NULL);
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t cap = 64;
	const uint8_t **rd = ditto_malloc(cap * sizeof(*rd));
	uint16_t *rl = ditto_malloc(cap * sizeof(*rl));
	for (size_t i = 0; i < c->nsorted; i++) {
		const cnode_t *nd = c->sorted[i];
		const uint32_t *o = c->order + nd->first;
		uint32_t j = 0;
		while (j < nd->count) {
			const crec_t *h = &c->recs[o[j]];
			ditto_check_rrset_t set = { .owner = nd->name,
				                    .type = h->type,
				                    .covers = h->covers };
			uint32_t firstrec = o[j];
			uint32_t last = o[j];
			size_t n = 0;
			for (; j < nd->count; j++) {
				const crec_t *r = &c->recs[o[j]];
				if (r->type != h->type ||
				    r->covers != h->covers) {
					break;
				}
				last = o[j] > last ? o[j] : last;
				firstrec = o[j] < firstrec ? o[j] : firstrec;
				if (r->dup) {
					continue;
				}
				if (n == cap) {
					cap *= 2;
					rd = ditto_realloc(rd,
					                   cap * sizeof(*rd));
					rl = ditto_realloc(rl,
					                   cap * sizeof(*rl));
				}
				rd[n] = r->rdata;
				rl[n++] = r->rdlen;
			}
			set.ttl = c->recs[last].ttl;
			if (c->recs[firstrec].ocase != 0) {
				set.owner =
				        c->owner_cases[c->recs[firstrec].ocase -
				                       1];
			}
			set.count = n;
			set.rdata = rd;
			set.rdlen = rl;
			CHECK(fn(arg, &set));
		}
	}
cleanup:
	ditto_free(rd);
	ditto_free(rl);
	return result;
}

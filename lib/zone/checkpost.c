/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone checker, after the load: post-load checks over the committed version.
 *
 * Post-load checks, in named-checkzone's order: SOA at the apex, NS at the
 * apex, apex NS targets (fatal), then the integrity walk in canonical name
 * order over the version's tree: delegation NS targets (glue) and DS
 * digest types, MX and SRV targets, SPF. Targets are looked up in the
 * version (node at the name, the highest zone cut at or above it, the
 * highest DNAME above it); data below a zone cut is skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/check_p.h"
#include "zone/node.h"
#include "zone/tree.h"

/* --- lookups for the checks ------------------------------------------- */

typedef struct tinfo {
	const ditto_node_t *node;  /* the target's node, or NULL */
	const ditto_node_t *cut;   /* highest delegation at or above it */
	const ditto_node_t *dname; /* highest DNAME strictly above it */
} tinfo_t;

static bool
has_addr(const ditto_node_t *nd)
{
	return nd != NULL && (ditto_node_find(nd, DITTO_TYPE_A, 0) != NULL ||
	                      ditto_node_find(nd, DITTO_TYPE_AAAA, 0) != NULL);
}

/* The target's node; and unless it has an address (all the checks stop
 * there), the cut and DNAME above it. \return true when it has one. */
static bool
target_info(const ditto_check_t *c, const uint8_t *t, tinfo_t *ti)
{
	const ditto_tree_t *tree = ditto_version_tree(c->version);
	unsigned int lt = ditto_name_labels(t);
	unsigned int lo = ditto_name_labels(c->origin);
	memset(ti, 0, sizeof(*ti));
	ti->node = ditto_tree_get(tree, t);
	if (has_addr(ti->node)) {
		return true;
	}
	const ditto_node_t *apex = ditto_tree_get(tree, c->origin);
	bool apexdname = apex != NULL &&
	                 (ditto_node_flags(apex) & DITTO_NODE_DNAME) != 0;
	if (ditto_version_cuts(c->version) == 0 && !apexdname) {
		return false; /* no NS or DNAME anywhere but the apex's NS */
	}
	for (unsigned int k = 0; k <= lt - lo; k++) {
		const ditto_node_t *nd =
		        k == 0 ? ti->node
		               : ditto_tree_get(tree, ditto_name_skip(t, k));
		if (nd == NULL) {
			continue;
		}
		unsigned int fl = ditto_node_flags(nd);
		if (k < lt - lo && (fl & DITTO_NODE_NS) != 0) {
			ti->cut = nd;
		}
		if (k > 0 && (fl & DITTO_NODE_DNAME) != 0) {
			ti->dname = nd;
		}
	}
	return false;
}

static bool
is_cname(const ditto_node_t *nd)
{
	return nd != NULL && (ditto_node_flags(nd) & DITTO_NODE_CNAME) != 0;
}

/* The name at \a off in an rdata, or NULL when it does not fit. */
static const uint8_t *
rd_name(const uint8_t *rdata, uint16_t rdlen, size_t off)
{
	size_t len;
	if (rdlen <= off || ditto_name_check(rdata + off, rdlen - off, true,
	                                     &len) != DITTO_R_SUCCESS) {
		return NULL;
	}
	return rdata + off;
}

typedef void (*each_fn)(ditto_check_t *c, const ditto_node_t *nd, uint16_t type,
                        const uint8_t *rdata, uint16_t rdlen);

static void
each_rdata(ditto_check_t *c, const ditto_node_t *nd, uint16_t type, each_fn fn)
{
	const ditto_rrset_t *set = ditto_node_find(nd, type, 0);
	ditto_rrset_it_t it;
	if (set == NULL) {
		return;
	}
	DITTO_RDATA_FOREACH(set, it) {
		fn(c, nd, type, it.rdata, it.rdlen);
	}
}

/* --- the checks -------------------------------------------------------- */

static void
check_apex_ns(ditto_check_t *c, const ditto_node_t *nd, uint16_t type,
              const uint8_t *rdata, uint16_t rdlen)
{
	char tt[DITTO_NAME_MAXTEXT];
	tinfo_t ti;
	const uint8_t *t = rd_name(rdata, rdlen, 0);
	(void)nd;
	(void)type;
	if (t == NULL || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	if (target_info(c, t, &ti) || ti.cut != NULL) {
		return;
	}
	ditto_check_namefmt(t, tt, sizeof(tt));
	if (is_cname(ti.node)) {
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
check_deleg_ns(ditto_check_t *c, const ditto_node_t *nd, uint16_t type,
               const uint8_t *rdata, uint16_t rdlen)
{
	char ot[DITTO_NAME_MAXTEXT], tt[DITTO_NAME_MAXTEXT];
	char dt[DITTO_NAME_MAXTEXT];
	tinfo_t ti;
	const uint8_t *t = rd_name(rdata, rdlen, 0);
	(void)type;
	if (t == NULL || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	if (target_info(c, t, &ti)) {
		return;
	}
	ditto_check_namefmt(ditto_node_name(nd), ot, sizeof(ot));
	ditto_check_namefmt(t, tt, sizeof(tt));
	const char *what = "has no address records (A or AAAA)";
	if (ti.cut != NULL) {
		what = ditto_name_issubdomain(t, ditto_node_name(nd))
		               ? "has no REQUIRED GLUE address records (A "
		                 "or AAAA)"
		               : "has no SIBLING GLUE address records (A "
		                 "or AAAA)";
	} else if (ti.dname != NULL) {
		ditto_check_namefmt(ditto_node_name(ti.dname), dt, sizeof(dt));
		ditto__check_msg(c,
		                 "zone %s: %s/NS '%s' is below a DNAME '%s' "
		                 "(illegal)",
		                 c->zonetext, ot, tt, dt);
		return;
	} else if (is_cname(ti.node)) {
		what = "is a CNAME (illegal)";
	}
	ditto__check_msg(c, "zone %s: %s/NS '%s' %s", c->zonetext, ot, tt,
	                 what);
}

/* MX (off 2) and SRV (off 6) targets. */
static void
check_target(ditto_check_t *c, const ditto_node_t *nd, uint16_t type,
             const uint8_t *rdata, uint16_t rdlen)
{
	char ot[DITTO_NAME_MAXTEXT], tt[DITTO_NAME_MAXTEXT];
	char dt[DITTO_NAME_MAXTEXT];
	bool mx = type == DITTO_TYPE_MX;
	const char *tn = mx ? "MX" : "SRV";
	ditto_check_mode_t cmode = mx ? c->opts.mxcname : c->opts.srvcname;
	tinfo_t ti;
	const uint8_t *t = rd_name(rdata, rdlen, mx ? 2 : 6);
	if (t == NULL || t[0] == 0 || !ditto_name_issubdomain(t, c->origin)) {
		return;
	}
	if (target_info(c, t, &ti) || ti.cut != NULL) {
		return;
	}
	ditto_check_namefmt(ditto_node_name(nd), ot, sizeof(ot));
	ditto_check_namefmt(t, tt, sizeof(tt));
	if (ti.dname != NULL) {
		ditto_check_namefmt(ditto_node_name(ti.dname), dt, sizeof(dt));
		ditto__check_msg(c,
		                 "zone %s: %s/%s '%s' is below a DNAME '%s' "
		                 "(illegal)",
		                 c->zonetext, ot, tn, tt, dt);
		return;
	}
	if (is_cname(ti.node)) {
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
is_spf_txt(const uint8_t *rd, uint16_t rdlen)
{
	return rdlen >= 7 && rd[0] >= 6 && memcmp(rd + 1, "v=spf1", 6) == 0 &&
	       (rd[0] == 6 || rd[7] == ' ');
}

static void
check_spf(ditto_check_t *c, const ditto_node_t *nd)
{
	char ot[DITTO_NAME_MAXTEXT];
	if (c->opts.spf == DITTO_CHECK_IGNORE ||
	    ditto_node_find(nd, DITTO_TYPE_SPF, 0) == NULL) {
		return;
	}
	const ditto_rrset_t *txt = ditto_node_find(nd, DITTO_TYPE_TXT, 0);
	ditto_rrset_it_t it;
	if (txt != NULL) {
		DITTO_RDATA_FOREACH(txt, it) {
			if (is_spf_txt(it.rdata, it.rdlen)) {
				return;
			}
		}
	}
	ditto_check_namefmt(ditto_node_name(nd), ot, sizeof(ot));
	ditto__check_msg(c,
	                 "zone %s: '%s' found type SPF record but no SPF TXT "
	                 "record found, add matching type TXT record",
	                 c->zonetext, ot);
}

/* Deprecated DS digest types at a delegation, once per type. */
static void
check_ds(ditto_check_t *c, const ditto_node_t *nd)
{
	char ot[DITTO_NAME_MAXTEXT];
	bool seen1 = false, seen3 = false;
	const ditto_rrset_t *ds = ditto_node_find(nd, DITTO_TYPE_DS, 0);
	ditto_rrset_it_t it;
	if (ds == NULL) {
		return;
	}
	DITTO_RDATA_FOREACH(ds, it) {
		uint8_t dt = it.rdlen >= 4 ? it.rdata[3] : 0;
		if (dt != 1 && dt != 3) {
			continue;
		}
		bool *seen = dt == 1 ? &seen1 : &seen3;
		if (*seen) {
			continue;
		}
		*seen = true;
		ditto_check_namefmt(ditto_node_name(nd), ot, sizeof(ot));
		ditto__check_msg(c,
		                 "zone %s: %s/DS deprecated digest type %u "
		                 "(%s)",
		                 c->zonetext, ot, dt,
		                 dt == 1 ? "SHA-1" : "GOST");
	}
}

static void
integrity(ditto_check_t *c, const ditto_node_t *apex)
{
	ditto_tree_iter_t *it = ditto_malloc(sizeof(*it));
	const ditto_node_t *cut = NULL;
	const ditto_tree_t *tree = ditto_version_tree(c->version);
	for (const ditto_node_t *nd = ditto_tree_first(tree, it); nd != NULL;
	     nd = ditto_tree_next(it)) {
		if (cut != NULL &&
		    ditto_name_issubdomain(ditto_node_name(nd),
		                           ditto_node_name(cut))) {
			continue; /* occluded by a delegation */
		}
		cut = NULL;
		unsigned int fl = ditto_node_flags(nd);
		if (nd != apex && (fl & DITTO_NODE_NS) != 0) {
			cut = nd;
			each_rdata(c, nd, DITTO_TYPE_NS, check_deleg_ns);
			check_ds(c, nd);
			continue;
		}
		each_rdata(c, nd, DITTO_TYPE_MX, check_target);
		each_rdata(c, nd, DITTO_TYPE_SRV, check_target);
		check_spf(c, nd);
	}
	ditto_free(it);
}

void
ditto__check_postload(ditto_check_t *c)
{
	const ditto_node_t *apex =
	        ditto_tree_get(ditto_version_tree(c->version), c->origin);
	if (!ditto_version_serial(c->version, &c->serial)) {
		ditto__check_msg(c, "zone %s: has 0 SOA records", c->zonetext);
		c->failed = true;
	}
	if (apex == NULL || (ditto_node_flags(apex) & DITTO_NODE_NS) == 0) {
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
	c->secure = ditto_node_find(apex, DITTO_TYPE_DNSKEY, 0) != NULL &&
	            ((ditto_node_flags(apex) & DITTO_NODE_NSEC) != 0 ||
	             ditto_node_find(apex, DITTO_TYPE_NSEC3PARAM, 0) != NULL);
}

ditto_result_t
ditto_check_finish(ditto_check_t *c)
{
	REQUIRE(c != NULL && !c->finished);
	ditto_result_t result = DITTO_R_SUCCESS;
	if (c->fatal == DITTO_R_SUCCESS) {
		result = ditto__check_commit(c);
	}
	if (result != DITTO_R_SUCCESS) {
		c->fatal = result;
	}
	if (c->fatal != DITTO_R_SUCCESS) {
		ditto_check_setloaderror(c, ditto_result_totext(c->fatal));
	}
	ditto_version_commit(c->version);
	c->finished = true;
	if (c->loaderr[0] != '\0') {
		return DITTO_R_FAILURE;
	}
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
	return (size_t)ditto_version_records(c->version);
}

const ditto_version_t *
ditto_check_version(const ditto_check_t *c)
{
	REQUIRE(c != NULL && c->finished);
	return c->version;
}

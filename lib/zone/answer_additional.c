/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Additional-section processing and referral glue, as BIND 9.18 does it. */

/*
 * Additional data (RFC 1034 section 4.3.2 step 6, as BIND 9.18 applies
 * it): for each record of an RRset whose type names a host (NS, MX, SRV,
 * KX, AFSDB, RT, MB, MD, MF), the A and AAAA RRsets of that host are added
 * when the host is authoritative data of the same zone (a wildcard match
 * included, under the host's name): names below a zone cut (glue) and
 * names in other zones are not used. A RRset already in any
 * section is not added again.
 *
 * Referral glue: for each NS record of the cut, the A and AAAA RRsets of
 * the NS name when it is at or below the cut (in-bailiwick glue), read
 * straight from the tree since that data is occluded.
 */
#include "dns/rrtype.h"
#include "zone/answer_p.h"
#include "zone/tree.h"

/* Offset of the host name in the rdata of an additional-data type, or -1. */
static int
host_offset(uint16_t type)
{
	switch (type) {
	case DITTO_TYPE_NS:
	case DITTO_TYPE_MB:
	case DITTO_TYPE_MD:
	case DITTO_TYPE_MF:
		return 0;
	case DITTO_TYPE_MX:
	case DITTO_TYPE_KX:
	case DITTO_TYPE_AFSDB:
	case DITTO_TYPE_RT:
		return 2;
	case DITTO_TYPE_SRV:
		return 6;
	default:
		return -1;
	}
}

static const uint8_t *
host_name(const uint8_t *rdata, uint16_t rdlen, int off)
{
	size_t len;
	if (off < 0 || rdlen <= (unsigned int)off ||
	    ditto_name_check(rdata + off, rdlen - (size_t)off, false, &len) !=
	            DITTO_R_SUCCESS) {
		return NULL;
	}
	return rdata + off;
}

/* A and AAAA of \a node under \a owner (a wildcard's: the host name). */
static void
add_addresses(ans_ctx_t *c, const uint8_t *owner, const ditto_node_t *node,
              bool sigs)
{
	static const uint16_t types[2] = { DITTO_TYPE_A, DITTO_TYPE_AAAA };
	for (int i = 0; i < 2; i++) {
		const ditto_rrset_t *set = ditto_node_find(node, types[i], 0);
		if (set == NULL) {
			continue;
		}
		if (sigs) {
			(void)ditto__answer_add(c, DITTO_SECTION_ADDITIONAL,
			                        owner, node, set, UINT32_MAX);
		} else if (!ditto__answer_has(c, owner, set, set->type)) {
			ans_item_t it = { .owner = owner,
				          .set = set,
				          .ttl = set->ttl,
				          .type = set->type };
			ditto__answer_additem(c, DITTO_SECTION_ADDITIONAL, &it);
		}
	}
}

void
ditto__answer_additional(ans_ctx_t *c, const ditto_rrset_t *set)
{
	int off = host_offset(set->type);
	if (off < 0 || c->noadditional) {
		return;
	}
	ditto_rrset_it_t it;
	DITTO_RDATA_FOREACH(set, it) {
		const uint8_t *host = host_name(it.rdata, it.rdlen, off);
		if (host == NULL || host[0] == 0) {
			continue;
		}
		ditto_lookup_t lk;
		switch (ditto_lookup_find(c->zone, host, &lk)) {
		case DITTO_LOOKUP_FOUND:
			add_addresses(c, ditto_node_name(lk.node), lk.node,
			              true);
			break;
		case DITTO_LOOKUP_NXDOMAIN:
			if (lk.wildcard != NULL) {
				add_addresses(c, host, lk.wildcard, true);
			}
			break;
		default:
			break;
		}
	}
}

void
ditto__answer_glue(ans_ctx_t *c, const ditto_node_t *cut,
                   const ditto_rrset_t *ns)
{
	const uint8_t *cutname = ditto_node_name(cut);
	const ditto_tree_t *tree = ditto_version_tree(c->zone);
	ditto_rrset_it_t it;
	DITTO_RDATA_FOREACH(ns, it) {
		const uint8_t *host = host_name(it.rdata, it.rdlen, 0);
		if (host == NULL || !ditto_name_issubdomain(host, cutname)) {
			continue;
		}
		const ditto_node_t *node = ditto_tree_get(tree, host);
		if (node != NULL) {
			add_addresses(c, ditto_node_name(node), node, false);
		}
	}
}

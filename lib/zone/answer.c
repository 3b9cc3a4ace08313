/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Authoritative answers from a zone version, as BIND 9.18 gives them. */

/*
 * The query engine follows BIND 9.18's authoritative path (recursion off):
 *
 *   qname --lookup--+-- FOUND ------- CNAME? --yes--> add CNAME, qname =
 *        ^          |                   |no            target, restart --+
 *        |          |                   +-- type? --> positive / NODATA  |
 *        |          +-- ENT --------------------------> NODATA           |
 *        |          +-- NXDOMAIN -- wildcard? --> as FOUND, owner qname  |
 *        |          |                  no ---> NXDOMAIN                  |
 *        |          +-- DELEGATION ---------> referral (AA clear)        |
 *        |          |   (DS at the cut itself is answered here, FOUND)   |
 *        |          +-- DNAME ----> add DNAME + synthesised CNAME,       |
 *        |          |               qname = new name (YXDOMAIN if long) -+
 *        |          +-- NOTZONE (after a restart) --> stop              |
 *        +-----------------------------------------------------------------+
 *
 * A chain restarts at most ANS_MAXCHAIN - 1 times and only inside this
 * zone, as BIND 9.18 does without recursion. The rcode is the one of the
 * last step (a CNAME to a missing name is NXDOMAIN). A positive end adds
 * the apex NS RRset to the authority section unless minimal-responses
 * says otherwise; every RRset with names in its rdata (NS, MX, SRV, ...)
 * gets additional-section processing. With DO, every RRset carries its
 * RRSIGs and negative or wildcard answers their NSEC/NSEC3 proofs
 * (answer_dnssec.c). Sections are collected, then rendered in BIND's
 * order (answer_section.c).
 */
#include "zone/answer.h"

#include <string.h>

#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "zone/answer_p.h"

/* What a step of the chain ends with. */
typedef enum step {
	STEP_DONE = 0, /* the answer is complete */
	STEP_NEXT,     /* restart with c->next */
} step_t;

/* The name a CNAME or DNAME step continues with (set by the step). */
typedef struct chain {
	const uint8_t *qname;     /* current name */
	const uint8_t *next;      /* name to restart with */
	bool positive;            /* the last step found data */
	bool wildcard;            /* the data came from a wildcard */
	unsigned int ce;          /* closest encloser labels (wildcard) */
	const ditto_node_t *wild; /* the wildcard node */
	bool seen_wildcard;       /* some step used a wildcard */
} chain_t;

static uint32_t
soa_negttl(const ditto_rrset_t *soa)
{
	uint16_t rdlen;
	const uint8_t *rd = ditto_rrset_rdata(soa, 0, &rdlen);
	if (rd == NULL || rdlen < 20) {
		return soa->ttl;
	}
	const uint8_t *m = rd + rdlen - 4;
	uint32_t minimum = ((uint32_t)m[0] << 24) | ((uint32_t)m[1] << 16) |
	                   ((uint32_t)m[2] << 8) | m[3];
	return minimum < soa->ttl ? minimum : soa->ttl;
}

/*
 * SOA (and its RRSIGs) in the authority section, negative TTL; 0 for an
 * NXDOMAIN to an SOA question (BIND's zero-no-soa-ttl, default yes).
 */
void
ditto__answer_soa(ans_ctx_t *c)
{
	const ditto_rrset_t *soa = ditto_node_find(c->apex, DITTO_TYPE_SOA, 0);
	if (soa == NULL) {
		return;
	}
	uint32_t ttl = c->q->qtype == DITTO_TYPE_SOA &&
	                               c->r->hdr.rcode == DITTO_RCODE_NXDOMAIN
	                       ? 0
	                       : soa_negttl(soa);
	(void)ditto__answer_add(c, DITTO_SECTION_AUTHORITY,
	                        ditto_node_name(c->apex), c->apex, soa, ttl);
}

/* Add an answer RRset and do its additional processing. */
static void
add_answer(ans_ctx_t *c, const uint8_t *owner, const ditto_node_t *node,
           const ditto_rrset_t *set)
{
	if (ditto__answer_add(c, DITTO_SECTION_ANSWER, owner, node, set,
	                      UINT32_MAX)) {
		ditto__answer_additional(c, set);
	}
}

/* The first name in CNAME/DNAME rdata (the whole rdata). */
static const uint8_t *
rdata_target(const ditto_rrset_t *set)
{
	uint16_t rdlen;
	const uint8_t *rd = ditto_rrset_rdata(set, 0, &rdlen);
	size_t len;
	if (rd == NULL ||
	    ditto_name_check(rd, rdlen, false, &len) != DITTO_R_SUCCESS) {
		return NULL;
	}
	return rd;
}

/*
 * ANY: every RRset, each followed by its RRSIGs (with or without DO).
 * minimal-any (over UDP): one RRset, the SOA when there is one, with its
 * RRSIGs only with DO.
 */
static void
answer_any(ans_ctx_t *c, const uint8_t *owner, const ditto_node_t *node)
{
	bool dnssec = c->dnssec;
	unsigned int n = ditto_node_count(node);
	if (c->opts->minimal_any && !c->q->tcp) {
		const ditto_rrset_t *one =
		        ditto_node_find(node, DITTO_TYPE_SOA, 0);
		for (unsigned int i = 0; i < n && one == NULL; i++) {
			const ditto_rrset_t *set = ditto_node_rrset(node, i);
			one = set->type != DITTO_TYPE_RRSIG ? set : NULL;
		}
		if (one != NULL) {
			add_answer(c, owner, node, one);
		}
		return;
	}
	c->dnssec = true;
	for (unsigned int i = 0; i < n; i++) {
		const ditto_rrset_t *set = ditto_node_rrset(node, i);
		if (set->type != DITTO_TYPE_RRSIG) {
			add_answer(c, owner, node, set);
		}
	}
	c->dnssec = dnssec;
}

/* qtype RRSIG: every signature RRset at the node (minimal-any: one). */
static bool
answer_rrsig(ans_ctx_t *c, const uint8_t *owner, const ditto_node_t *node)
{
	bool one = c->opts->minimal_any && !c->q->tcp;
	const ditto_rrset_t *soasig = ditto_node_sigs(node, DITTO_TYPE_SOA);
	if (one && soasig != NULL) {
		(void)ditto__answer_add(c, DITTO_SECTION_ANSWER, owner, node,
		                        soasig, UINT32_MAX);
		return true;
	}
	bool found = false;
	unsigned int n = ditto_node_count(node);
	for (unsigned int i = 0; i < n && !(one && found); i++) {
		const ditto_rrset_t *set = ditto_node_rrset(node, i);
		if (set->type == DITTO_TYPE_RRSIG) {
			(void)ditto__answer_add(c, DITTO_SECTION_ANSWER, owner,
			                        node, set, UINT32_MAX);
			found = true;
		}
	}
	return found;
}

/* Data at a node (found, or the wildcard for a synthesised answer). */
static step_t
answer_node(ans_ctx_t *c, chain_t *ch, const uint8_t *owner,
            const ditto_node_t *node)
{
	uint16_t qtype = c->q->qtype;
	if (qtype == DITTO_TYPE_ANY) {
		answer_any(c, owner, node);
		ch->positive = true;
		return STEP_DONE;
	}
	if (qtype == DITTO_TYPE_RRSIG && answer_rrsig(c, owner, node)) {
		ch->positive = true;
		return STEP_DONE;
	}
	const ditto_rrset_t *set = ditto_node_find(node, qtype, 0);
	const ditto_rrset_t *cname = ditto_node_find(node, DITTO_TYPE_CNAME, 0);
	if (cname != NULL && qtype != DITTO_TYPE_CNAME &&
	    !ditto_rrtype_cname_compatible(qtype)) {
		add_answer(c, owner, node, cname);
		if (ch->wildcard) {
			/* BIND proves the wildcard before restarting */
			ditto__answer_wildproof(c, ch->qname, ch->ce);
		}
		ch->next = rdata_target(cname);
		return ch->next != NULL ? STEP_NEXT : STEP_DONE;
	}
	if (set != NULL) {
		add_answer(c, owner, node, set);
		ch->positive = true;
		return STEP_DONE;
	}
	c->r->hdr.rcode = DITTO_RCODE_NOERROR;
	ditto__answer_negative(
	        c, ch->wildcard ? ANS_PROOF_WILDNODATA : ANS_PROOF_NODATA,
	        ch->qname, node, ch->ce, ch->wild);
	return STEP_DONE;
}

static void
answer_nxdomain(ans_ctx_t *c, chain_t *ch, const ditto_lookup_t *lk)
{
	c->r->hdr.rcode = DITTO_RCODE_NXDOMAIN;
	ditto__answer_negative(c, ANS_PROOF_NXDOMAIN, ch->qname, NULL,
	                       lk->encloser_labels, NULL);
}

static void
answer_ent(ans_ctx_t *c, chain_t *ch, const ditto_lookup_t *lk)
{
	c->r->hdr.rcode = DITTO_RCODE_NOERROR;
	ditto__answer_negative(c, ANS_PROOF_ENT, ch->qname, NULL,
	                       lk->encloser_labels, NULL);
}

/*
 * A question for glue itself (A or AAAA of a name in the referral's
 * additional section): BIND moves that RRset to the front.
 */
static void
glue_answer(ans_ctx_t *c)
{
	uint16_t qtype = c->q->qtype;
	ans_section_t *sec = &c->sec[DITTO_SECTION_ADDITIONAL];
	if (qtype != DITTO_TYPE_A && qtype != DITTO_TYPE_AAAA) {
		return;
	}
	for (unsigned int i = 0; i < sec->n; i++) {
		ans_item_t *it = &sec->items[i];
		if (it->type == qtype &&
		    ditto_name_equal(sec->groups[it->group], c->q->qname)) {
			it->first = true;
			return;
		}
	}
}

/* A referral to the zone cut at \a cut. */
static void
answer_referral(ans_ctx_t *c, const ditto_node_t *cut, bool first)
{
	const uint8_t *owner = ditto_node_name(cut);
	const ditto_rrset_t *ns = ditto_node_find(cut, DITTO_TYPE_NS, 0);
	if (first) {
		/* after a CNAME, BIND keeps AA for the answer so far */
		c->r->hdr.flags &= (uint16_t)~DITTO_MSG_AA;
	}
	c->r->hdr.rcode = DITTO_RCODE_NOERROR;
	if (ns == NULL) {
		return;
	}
	(void)ditto__answer_add(c, DITTO_SECTION_AUTHORITY, owner, cut, ns,
	                        UINT32_MAX);
	if (c->dnssec) {
		const ditto_rrset_t *ds =
		        ditto_node_find(cut, DITTO_TYPE_DS, 0);
		if (ds != NULL) {
			(void)ditto__answer_add(c, DITTO_SECTION_AUTHORITY,
			                        owner, cut, ds, UINT32_MAX);
		} else {
			ditto__answer_nods(c, cut);
		}
	}
	ditto__answer_glue(c, cut, ns);
	glue_answer(c);
}

/* Owner name - DNAME owner + DNAME target, into c->synth[slot]. */
static step_t
answer_dname(ans_ctx_t *c, chain_t *ch, const ditto_node_t *dnode,
             unsigned int slot)
{
	const ditto_rrset_t *dname =
	        ditto_node_find(dnode, DITTO_TYPE_DNAME, 0);
	const uint8_t *target = dname != NULL ? rdata_target(dname) : NULL;
	if (target == NULL) {
		return STEP_DONE;
	}
	(void)ditto__answer_add(c, DITTO_SECTION_ANSWER, ditto_node_name(dnode),
	                        dnode, dname, UINT32_MAX);
	unsigned int keep = ditto_name_labels(ch->qname) -
	                    ditto_name_labels(ditto_node_name(dnode));
	uint8_t *out = c->synth[slot];
	size_t len;
	if (ditto_name_concat(ch->qname, keep, target, out, &len) !=
	    DITTO_R_SUCCESS) {
		c->r->hdr.rcode = DITTO_RCODE_YXDOMAIN;
		return STEP_DONE;
	}
	ans_item_t it = {
		.owner = ch->qname,
		.set = NULL,
		.rdata = out,
		.rdlen = (uint16_t)len,
		.ttl = dname->ttl,
		.type = DITTO_TYPE_CNAME,
	};
	if (!ditto__answer_has(c, ch->qname, NULL, DITTO_TYPE_CNAME)) {
		ditto__answer_additem(c, DITTO_SECTION_ANSWER, &it);
	}
	ch->next = out;
	return STEP_NEXT;
}

/* Whether a query at a cut is answered from the parent side (DS, NSEC). */
static bool
ds_at_cut(const ans_ctx_t *c, const chain_t *ch, const ditto_lookup_t *lk)
{
	uint16_t qtype = c->q->qtype;
	bool nsec = qtype == DITTO_TYPE_NSEC &&
	            ditto_node_find(lk->cut, DITTO_TYPE_NSEC, 0) != NULL;
	return (qtype == DITTO_TYPE_DS || nsec) && lk->node == lk->cut &&
	       ditto_name_equal(ditto_node_name(lk->cut), ch->qname);
}

/* Whether another zone of ours is closer to \a name than this one. */
static bool
other_zone(const ans_ctx_t *c, const uint8_t *name)
{
	const uint8_t *origin = NULL;
	if (c->q->zones == NULL ||
	    ditto_zonetable_find(c->q->zones, name, 0, &origin) == NULL) {
		return false;
	}
	return ditto_name_labels(origin) > ditto_name_labels(c->origin);
}

/* One step of the chain for ch->qname. */
static step_t
step(ans_ctx_t *c, chain_t *ch, unsigned int slot)
{
	ditto_lookup_t lk;
	ch->wildcard = false;
	if (slot > 0 && other_zone(c, ch->qname)) {
		return STEP_DONE;
	}
	switch (ditto_lookup_find(c->zone, ch->qname, &lk)) {
	case DITTO_LOOKUP_FOUND:
		return answer_node(c, ch, ditto_node_name(lk.node), lk.node);
	case DITTO_LOOKUP_ENT:
		answer_ent(c, ch, &lk);
		return STEP_DONE;
	case DITTO_LOOKUP_NXDOMAIN:
		if (lk.wildcard == NULL) {
			answer_nxdomain(c, ch, &lk);
			return STEP_DONE;
		}
		ch->wildcard = true;
		ch->seen_wildcard = true;
		ch->ce = lk.encloser_labels;
		ch->wild = lk.wildcard;
		return answer_node(c, ch, ch->qname, lk.wildcard);
	case DITTO_LOOKUP_DELEGATION:
		if (ds_at_cut(c, ch, &lk)) {
			return answer_node(c, ch, ditto_node_name(lk.cut),
			                   lk.cut);
		}
		answer_referral(c, lk.cut, slot == 0);
		return STEP_DONE;
	case DITTO_LOOKUP_DNAME:
		return answer_dname(c, ch, lk.cut, slot);
	case DITTO_LOOKUP_NOTZONE:
	default:
		return STEP_DONE;
	}
}

/* Authority NS and wildcard proof at the end of a positive answer. */
static void
positive_end(ans_ctx_t *c, chain_t *ch)
{
	if (!c->noauth) {
		const ditto_rrset_t *ns =
		        ditto_node_find(c->apex, DITTO_TYPE_NS, 0);
		const uint8_t *apex = ditto_node_name(c->apex);
		if (ns != NULL &&
		    !ditto__answer_has(c, apex, ns, DITTO_TYPE_NS) &&
		    ditto__answer_add(c, DITTO_SECTION_AUTHORITY, apex, c->apex,
		                      ns, UINT32_MAX)) {
			ditto__answer_additional(c, ns);
		}
	}
	if (ch->wildcard) {
		ditto__answer_wildproof(c, ch->qname, ch->ce);
	}
}

static void
ctx_init(ans_ctx_t *c, const ditto_answer_opts_t *opts,
         const ditto_version_t *zone, const ditto_query_t *q, ditto_render_t *r)
{
	c->opts = opts;
	c->zone = zone;
	c->q = q;
	c->r = r;
	c->origin = ditto_version_origin(zone);
	c->apex = ditto_version_apex(zone);
	c->dnssec = q->dnssec_ok;
	switch (opts->minimal_responses) {
	case DITTO_MINIMAL_YES:
		/* BIND still adds the addresses of an NS answer */
		c->noauth = true;
		c->noadditional = q->qtype != DITTO_TYPE_NS;
		break;
	case DITTO_MINIMAL_NO_AUTH:
		c->noauth = true;
		c->noadditional = false;
		break;
	case DITTO_MINIMAL_NO_AUTH_RECURSIVE:
		c->noauth = q->recursion_desired;
		c->noadditional = false;
		break;
	case DITTO_MINIMAL_NO:
	default:
		c->noauth = c->noadditional = false;
		break;
	}
	if (q->qtype == DITTO_TYPE_DS || q->qtype == DITTO_TYPE_DNSKEY) {
		c->noauth = true; /* BIND adds no NS to DS, DNSKEY answers */
	}
	if (q->udp_size != 0 && q->udp_size <= 512) {
		/* BIND answers minimally over small EDNS buffers */
		c->noauth = c->noadditional = true;
	}
	if (q->qtype == DITTO_TYPE_ANY) {
		c->noadditional = true; /* BIND: no additional for ANY */
	}
	ditto__answer_sections_init(c);
	ditto__answer_denial_init(c);
}

/*
 * named tells an EDNS client why a long chain ended in SERVFAIL: an
 * Extended DNS Error 0 (Other) with its text (RFC 8914), after the
 * options the caller put in the OPT record.
 */
static void
add_ede_maxrestarts(ditto_render_t *r)
{
	static const uint8_t ede[] = "\0\0max. restarts reached";
	if (!r->has_edns) {
		return;
	}
	ditto_edns_t e = r->edns;
	if (ditto_edns_addopt(&e, DITTO_EDNS_OPT_EDE, ede, sizeof(ede) - 1) !=
	            DITTO_R_SUCCESS ||
	    ditto_render_setedns(r, &e) != DITTO_R_SUCCESS) {
		return; /* no room: the SERVFAIL goes without the reason */
	}
}

ditto_result_t
ditto_answer_query(const ditto_answer_opts_t *opts, const ditto_version_t *zone,
                   const ditto_query_t *q, ditto_render_t *r)
{
	REQUIRE(opts != NULL && zone != NULL && q != NULL && r != NULL);
	ans_ctx_t c;
	ctx_init(&c, opts, zone, q, r);
	if (c.apex == NULL) {
		return DITTO_R_NOTFOUND; /* no SOA: the caller SERVFAILs */
	}
	r->hdr.flags |= DITTO_MSG_AA;
	r->hdr.rcode = DITTO_RCODE_NOERROR;

	chain_t ch = { .qname = q->qname };
	step_t st = STEP_NEXT;
	for (unsigned int i = 0; i < ANS_MAXCHAIN && st == STEP_NEXT; i++) {
		ch.next = NULL;
		st = step(&c, &ch, i);
		if (st == STEP_NEXT) {
			ch.qname = ch.next;
		}
	}
	if (st == STEP_NEXT) {
		/* BIND: too many restarts (max-restarts 11) */
		r->hdr.rcode = DITTO_RCODE_SERVFAIL;
		add_ede_maxrestarts(r);
	} else if (ch.positive) {
		positive_end(&c, &ch);
	}
	if (c.sec[DITTO_SECTION_ANSWER].overflow ||
	    c.sec[DITTO_SECTION_AUTHORITY].overflow) {
		ditto_render_truncate(r);
		return DITTO_R_SUCCESS;
	}
	return ditto__answer_render(&c);
}

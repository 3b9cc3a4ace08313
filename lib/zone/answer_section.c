/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Answer sections: collect RRsets grouped by owner, render in BIND's order. */

/*
 * BIND keeps each section as a list of names, each with a list of RRsets;
 * an RRset added for a name already present joins that name, and a
 * duplicate (same name, type and covered type) is not added twice. The
 * message is rendered name by name in the order names first appeared.
 * The additional section is rendered in passes by priority: the preferred
 * address type first (A over IPv4, AAAA over IPv6), then the other address
 * type, then RRSIG and DNSKEY, then everything else; each pass walks the
 * names in order. When an answer or authority RRset does not fit, the
 * reply is cut back to the question with TC set (BIND 9.18 sends no
 * partial sections); additional RRsets that do not fit are left out.
 *
 * Invariant: items[i].group < ngroups, and groups[g] is the owner of the
 * first item of group g.
 */
#include <string.h>

#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "zone/answer_p.h"

void
ditto__answer_sections_init(ans_ctx_t *c)
{
	static const unsigned int caps[DITTO_SECTION_COUNT] = {
		0, ANS_MAXANSWER, ANS_MAXAUTHORITY, ANS_MAXADDITIONAL
	};
	ans_item_t *store[DITTO_SECTION_COUNT] = { NULL, c->answer,
		                                   c->authority,
		                                   c->additional };
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		ans_section_t *sec = &c->sec[s];
		sec->items = store[s];
		sec->n = 0;
		sec->cap = caps[s];
		sec->ngroups = 0;
		sec->overflow = false;
	}
}

static bool
same_owner(const uint8_t *a, const uint8_t *b)
{
	return a == b || ditto_name_equal(a, b);
}

static uint16_t
item_covers(const ans_item_t *it)
{
	return it->set != NULL ? it->set->covers : 0;
}

static bool
section_has(const ans_section_t *sec, const uint8_t *owner, uint16_t type,
            uint16_t covers)
{
	for (unsigned int i = 0; i < sec->n; i++) {
		const ans_item_t *it = &sec->items[i];
		if (it->type == type && item_covers(it) == covers &&
		    same_owner(sec->groups[it->group], owner)) {
			return true;
		}
	}
	return false;
}

bool
ditto__answer_has(const ans_ctx_t *c, const uint8_t *owner,
                  const ditto_rrset_t *set, uint16_t type)
{
	uint16_t covers = set != NULL ? set->covers : 0;
	for (int s = DITTO_SECTION_ANSWER; s < DITTO_SECTION_COUNT; s++) {
		if (section_has(&c->sec[s], owner, type, covers)) {
			return true;
		}
	}
	return false;
}

static int
find_group(ans_section_t *sec, const uint8_t *owner)
{
	/* Most adds are for the newest name: look from the end. */
	for (unsigned int g = sec->ngroups; g > 0; g--) {
		if (same_owner(sec->groups[g - 1], owner)) {
			return (int)(g - 1);
		}
	}
	if (sec->ngroups == ANS_MAXGROUPS) {
		return -1;
	}
	sec->groups[sec->ngroups] = owner;
	return (int)sec->ngroups++;
}

void
ditto__answer_additem(ans_ctx_t *c, ditto_section_t section,
                      const ans_item_t *item)
{
	ans_section_t *sec = &c->sec[section];
	if (sec->n == sec->cap) {
		sec->overflow = true;
		return;
	}
	int g = find_group(sec, item->owner);
	if (g < 0) {
		sec->overflow = true;
		return;
	}
	sec->items[sec->n] = *item;
	sec->items[sec->n].group = (uint16_t)g;
	sec->n++;
}

static void
add_set(ans_ctx_t *c, ditto_section_t section, const uint8_t *owner,
        const ditto_rrset_t *set, uint32_t ttl)
{
	ans_item_t it = {
		.owner = owner,
		.set = set,
		.ttl = ttl == UINT32_MAX ? set->ttl : ttl,
		.type = set->type,
		.first = false,
	};
	ditto__answer_additem(c, section, &it);
}

bool
ditto__answer_add(ans_ctx_t *c, ditto_section_t section, const uint8_t *owner,
                  const ditto_node_t *node, const ditto_rrset_t *set,
                  uint32_t ttl)
{
	bool dup = section == DITTO_SECTION_ADDITIONAL
	                   ? ditto__answer_has(c, owner, set, set->type)
	                   : section_has(&c->sec[section], owner, set->type,
	                                 set->covers);
	if (dup) {
		return false;
	}
	add_set(c, section, owner, set, ttl);
	if (c->dnssec && set->type != DITTO_TYPE_RRSIG) {
		const ditto_rrset_t *sigs = ditto_node_sigs(node, set->type);
		if (sigs != NULL && !section_has(&c->sec[section], owner,
		                                 DITTO_TYPE_RRSIG, set->type)) {
			add_set(c, section, owner, sigs, ttl);
		}
	}
	return true;
}

/* Write one item as one unit. */
static ditto_result_t
render_item(ans_ctx_t *c, ditto_section_t section, const ans_item_t *it,
            unsigned int flags)
{
	ditto_render_t *r = c->r;
	uint16_t rclass = c->q->qclass;
	ditto_render_begin_rrset(r, section);
	if (it->set == NULL) {
		ditto_render_add(r, it->owner, it->type, rclass, it->ttl,
		                 it->rdata, it->rdlen);
	} else {
		ditto_rrset_it_t ri;
		DITTO_RDATA_FOREACH(it->set, ri) {
			ditto_render_add(r, it->owner, it->type, rclass,
			                 it->ttl, ri.rdata, ri.rdlen);
		}
	}
	return ditto_render_end_rrset(r, flags);
}

static ditto_result_t
render_section(ans_ctx_t *c, ditto_section_t section)
{
	const ans_section_t *sec = &c->sec[section];
	for (unsigned int g = 0; g < sec->ngroups; g++) {
		for (unsigned int i = 0; i < sec->n; i++) {
			if (sec->items[i].group != g) {
				continue;
			}
			ditto_result_t result =
			        render_item(c, section, &sec->items[i], 0);
			if (result != DITTO_R_SUCCESS) {
				return result;
			}
		}
	}
	return DITTO_R_SUCCESS;
}

/* BIND's rendering pass of an additional item (higher goes first). */
static int
item_pass(const ans_ctx_t *c, const ans_item_t *it)
{
	uint16_t preferred = c->q->prefer_aaaa ? DITTO_TYPE_AAAA : DITTO_TYPE_A;
	switch (it->type) {
	case DITTO_TYPE_A:
	case DITTO_TYPE_AAAA:
		return it->type == preferred ? 4 : 3;
	case DITTO_TYPE_RRSIG:
	case DITTO_TYPE_DNSKEY:
		return 2;
	default:
		return 1;
	}
}

static void
render_additional(ans_ctx_t *c)
{
	const ans_section_t *sec = &c->sec[DITTO_SECTION_ADDITIONAL];
	bool classin = c->q->qclass == DITTO_CLASS_IN;
	for (unsigned int i = 0; i < sec->n; i++) {
		if (sec->items[i].first) {
			(void)render_item(c, DITTO_SECTION_ADDITIONAL,
			                  &sec->items[i],
			                  DITTO_RENDER_OPTIONAL);
		}
	}
	for (int pass = 4; pass >= 1; pass--) {
		for (unsigned int g = 0; g < sec->ngroups; g++) {
			for (unsigned int i = 0; i < sec->n; i++) {
				const ans_item_t *it = &sec->items[i];
				int p = classin ? item_pass(c, it) : 4;
				if (it->group != g || p != pass || it->first) {
					continue;
				}
				(void)render_item(c, DITTO_SECTION_ADDITIONAL,
				                  it, DITTO_RENDER_OPTIONAL);
			}
		}
	}
}

ditto_result_t
ditto__answer_render(ans_ctx_t *c)
{
	ditto_result_t result = render_section(c, DITTO_SECTION_ANSWER);
	if (result == DITTO_R_SUCCESS) {
		result = render_section(c, DITTO_SECTION_AUTHORITY);
	}
	if (result == DITTO_R_SUCCESS) {
		render_additional(c);
	}
	if (result == DITTO_R_TRUNCATED) {
		/* BIND sends a truncated reply with no records at all */
		ditto_render_truncate(c->r);
		result = DITTO_R_SUCCESS;
	}
	return result;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Authoritative lookups: exact match, closest encloser, cuts, NSEC(3). */

/*
 * Design: one find-less-or-equal (ditto_tree_seek()) gives the name's
 * predecessor P, and one step its successor S. In canonical order the names
 * at or below any ancestor A of the query name form one contiguous run that
 * contains the query's position, so if anything exists at or below A then
 * P or S is in that run: the closest encloser is the longer of the common
 * label suffixes of (name, P) and (name, S), and the name is an empty
 * non-terminal exactly when S is below it. No empty non-terminal nodes are
 * stored.
 *
 * Zone cuts and DNAMEs are looked for top-down with exact lookups of the
 * ancestors between the apex and the closest encloser, and only when the
 * version has any (ditto_version_cuts()).
 */
#include "zone/lookup.h"

#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "zone/tree.h"

/* Offsets of each label of name; returns the count (root included). */
static unsigned int
label_offsets(const uint8_t *name, uint8_t *offs)
{
	unsigned int n = 0;
	size_t pos = 0;
	while (n < DITTO_NAME_MAXLABELS) {
		offs[n++] = (uint8_t)pos;
		if (name[pos] == 0) {
			break;
		}
		pos += (size_t)name[pos] + 1;
	}
	return n;
}

static bool
label_equal(const uint8_t *a, const uint8_t *b)
{
	if (a[0] != b[0]) {
		return false;
	}
	for (uint8_t i = 1; i <= a[0]; i++) {
		uint8_t x = a[i], y = b[i];
		x = (x >= 'A' && x <= 'Z') ? (uint8_t)(x + 32) : x;
		y = (y >= 'A' && y <= 'Z') ? (uint8_t)(y + 32) : y;
		if (x != y) {
			return false;
		}
	}
	return true;
}

unsigned int
ditto_lookup_common_labels(const uint8_t *a, const uint8_t *b)
{
	uint8_t ao[DITTO_NAME_MAXLABELS], bo[DITTO_NAME_MAXLABELS];
	unsigned int an = label_offsets(a, ao);
	unsigned int bn = label_offsets(b, bo);
	unsigned int common = 0;
	while (an > 0 && bn > 0) {
		an--;
		bn--;
		if (!label_equal(a + ao[an], b + bo[bn])) {
			break;
		}
		common++;
	}
	return common;
}

static unsigned int
common_with(const uint8_t *name, const ditto_node_t *node)
{
	return node == NULL ? 0
	                    : ditto_lookup_common_labels(name,
	                                                 ditto_node_name(node));
}

/* The first NS (at or above name) or DNAME (strictly above) from the top. */
static ditto_lookup_status_t
find_cut(const ditto_version_t *v, const uint8_t *name, unsigned int nl,
         unsigned int upto, const ditto_node_t *exact, ditto_lookup_t *out)
{
	const ditto_tree_t *tree = ditto_version_tree(v);
	unsigned int ol = ditto_name_labels(ditto_version_origin(v));
	for (unsigned int l = ol + 1; l <= upto; l++) {
		const ditto_node_t *n =
		        l == nl && exact != NULL
		                ? exact
		                : ditto_tree_get(tree,
		                                 ditto_name_skip(name, nl - l));
		unsigned int f = n != NULL ? ditto_node_flags(n) : 0;
		if ((f & DITTO_NODE_NS) != 0) {
			out->cut = n;
			return DITTO_LOOKUP_DELEGATION;
		}
		if ((f & DITTO_NODE_DNAME) != 0 && l < nl) {
			out->cut = n;
			return DITTO_LOOKUP_DNAME;
		}
	}
	return DITTO_LOOKUP_FOUND;
}

static const ditto_node_t *
find_wildcard(const ditto_tree_t *tree, const uint8_t *encloser)
{
	uint8_t wild[DITTO_NAME_MAXWIRE];
	size_t len = ditto_name_length(encloser);
	if (len + 2 > DITTO_NAME_MAXWIRE) {
		return NULL;
	}
	wild[0] = 1;
	wild[1] = '*';
	memcpy(wild + 2, encloser, len);
	return ditto_tree_get(tree, wild);
}

ditto_lookup_status_t
ditto_lookup_find(const ditto_version_t *v, const uint8_t *name,
                  ditto_lookup_t *out)
{
	const ditto_tree_t *tree = ditto_version_tree(v);
	const uint8_t *origin = ditto_version_origin(v);
	ditto_tree_iter_t it;
	bool exact;

	memset(out, 0, sizeof(*out));
	if (!ditto_name_issubdomain(name, origin)) {
		return out->status = DITTO_LOOKUP_NOTZONE;
	}
	unsigned int nl = ditto_name_labels(name);
	unsigned int ol = ditto_name_labels(origin);
	const ditto_node_t *prev = ditto_tree_seek(tree, name, &it, &exact);
	const ditto_node_t *next = NULL;
	unsigned int ce = nl;
	if (!exact) {
		next = ditto_tree_next(&it);
		unsigned int c1 = common_with(name, prev);
		unsigned int c2 = common_with(name, next);
		ce = c1 > c2 ? c1 : c2;
		ce = ce < ol ? ol : ce;
	}
	const ditto_node_t *node = exact ? prev : NULL;
	if (ditto_version_cuts(v) > 0) {
		ditto_lookup_status_t st = find_cut(v, name, nl, ce, node, out);
		if (st != DITTO_LOOKUP_FOUND) {
			out->node = node;
			return out->status = st;
		}
	}
	out->encloser_labels = ce;
	if (exact) {
		out->node = node;
		out->encloser = node;
		return out->status = DITTO_LOOKUP_FOUND;
	}
	if (ce == nl) {
		return out->status = DITTO_LOOKUP_ENT;
	}
	const uint8_t *encloser = ditto_name_skip(name, nl - ce);
	out->encloser = ditto_tree_get(tree, encloser);
	out->wildcard = find_wildcard(tree, encloser);
	return out->status = DITTO_LOOKUP_NXDOMAIN;
}

const ditto_node_t *
ditto_lookup_prev(const ditto_version_t *v, const uint8_t *name)
{
	const ditto_tree_t *tree = ditto_version_tree(v);
	ditto_tree_iter_t it;
	bool exact;
	const ditto_node_t *node = ditto_tree_seek(tree, name, &it, &exact);
	if (node != NULL && exact) {
		node = ditto_tree_prev(&it);
	}
	if (node == NULL) {
		node = ditto_tree_last(tree, &it);
	}
	return node;
}

const ditto_node_t *
ditto_lookup_nsec(const ditto_version_t *v, const uint8_t *name, bool *exact)
{
	const ditto_tree_t *tree = ditto_version_tree(v);
	ditto_tree_iter_t it;
	bool eq;
	const ditto_node_t *node = ditto_tree_seek(tree, name, &it, &eq);
	if (node == NULL) {
		eq = false;
		node = ditto_tree_last(tree, &it);
	}
	for (size_t n = ditto_tree_count(tree); node != NULL && n > 0; n--) {
		if ((ditto_node_flags(node) & DITTO_NODE_NSEC) != 0) {
			if (exact != NULL) {
				*exact = eq;
			}
			return node;
		}
		eq = false;
		node = ditto_tree_prev(&it);
		if (node == NULL) {
			node = ditto_tree_last(tree, &it);
		}
	}
	return NULL;
}

const ditto_node_t *
ditto_lookup_nsec3(const ditto_version_t *v, const uint8_t *hashed, bool *exact)
{
	const ditto_tree_t *tree = ditto_version_nsec3tree(v);
	ditto_tree_iter_t it;
	bool eq;
	const ditto_node_t *node = ditto_tree_seek(tree, hashed, &it, &eq);
	if (node == NULL) {
		eq = false;
		node = ditto_tree_last(tree, &it);
	}
	if (exact != NULL) {
		*exact = eq && node != NULL;
	}
	return node;
}

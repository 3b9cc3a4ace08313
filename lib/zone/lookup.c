/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Authoritative lookups: exact match, closest encloser, cuts, NSEC(3). */

/*
 * Design: the name's trie key is built once, with the key length at the
 * end of each label, and one walk down the trie (ditto_tree_lookup())
 * gives both the node at the name and the nodes at its ancestors: an
 * ancestor's key is a prefix of the name's key that ends at a label
 * boundary, and its leaf hangs as symbol 0 under the branch that tests
 * the nibble just past that prefix, which is on the name's path. The
 * walk also gives the longest prefix of the key that any key in the tree
 * shares; in canonical order the names at or below an ancestor A are the
 * keys that start with A's key, so A exists (as a node or an empty
 * non-terminal) exactly when its key fits in that prefix, and the closest
 * encloser is the longest such ancestor. No empty non-terminal nodes are
 * stored.
 *
 * Zone cuts and DNAMEs are then looked for top-down among the ancestors'
 * nodes from that same walk, only when the version has any
 * (ditto_version_cuts()); the wildcard of an NXDOMAIN is one more exact
 * lookup, of the encloser's key with the label "*" appended.
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

/* Is the name with labels lab[0..n) at or below origin (ol labels, root
 * included)? ASCII case ignored. */
static bool
below_origin(const uint8_t *const *lab, unsigned int n, const uint8_t *origin,
             unsigned int ol)
{
	if (ol > n + 1) {
		return false;
	}
	const uint8_t *a = ol == 1 ? NULL : lab[n - (ol - 1)];
	if (a == NULL) {
		return true; /* the origin is the root */
	}
	size_t olen = ditto_name_length(origin);
	const uint8_t *end = lab[n - 1] + lab[n - 1][0] + 1; /* root label */
	if ((size_t)(end - a) + 1 == olen && memcmp(a, origin, olen) == 0) {
		return true; /* same case: the usual */
	}
	for (const uint8_t *b = origin; *b != 0; b += *b + 1) {
		if (!label_equal(a, b)) {
			return false;
		}
		a += *a + 1;
	}
	return *a == 0;
}

/* The first NS (at or above name) or DNAME (strictly above) from the top;
 * at[l] is the node with l labels (root included), or NULL. */
static ditto_lookup_status_t
find_cut(const ditto_node_t *const *at, unsigned int nl, unsigned int ol,
         unsigned int upto, ditto_lookup_t *out)
{
	for (unsigned int l = ol + 1; l <= upto; l++) {
		const ditto_node_t *n = at[l];
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

ditto_lookup_status_t
ditto_lookup_find(const ditto_version_t *v, const uint8_t *name,
                  ditto_lookup_t *out)
{
	const ditto_tree_t *tree = ditto_version_tree(v);
	const uint8_t *origin = ditto_version_origin(v);
	const uint8_t *lab[DITTO_NAME_MAXLABELS];
	uint8_t key[DITTO_TREE_MAXKEY + 2];
	uint16_t bounds[DITTO_NAME_MAXLABELS];
	/* at[l]: the node with l labels (root included), l <= nl */
	const ditto_node_t *at[DITTO_NAME_MAXLABELS + 1];

	memset(out, 0, sizeof(*out));
	unsigned int n = 0;
	for (const uint8_t *p = name; *p != 0 && n < DITTO_NAME_MAXLABELS;
	     p += *p + 1) {
		lab[n++] = p;
	}
	unsigned int nl = n + 1;
	unsigned int ol = ditto_name_labels(origin);
	if (!below_origin(lab, n, origin, ol)) {
		return out->status = DITTO_LOOKUP_NOTZONE;
	}
	/* one walk: the name's node and those of its ancestors from the
	 * apex down (abounds[i]: key length of the one with ol + i labels) */
	size_t len = ditto_tree_keybounds(name, key, bounds);
	uint16_t abounds[DITTO_NAME_MAXLABELS];
	size_t common = len;
	const ditto_node_t *node;
	if (nl > ol) {
		for (unsigned int l = ol; l < nl; l++) {
			abounds[l - ol] = l > 1 ? bounds[l - 2] : 0;
		}
		node = ditto_tree_lookup(tree, key, len, name,
		                         (size_t)(lab[n - 1] - name) +
		                                 lab[n - 1][0] + 2,
		                         abounds, nl - ol, at + ol, &common);
	} else {
		node = ditto_tree_getkey(tree, key, len); /* the apex */
	}
	at[nl] = node;
	bool exact = node != NULL;
	unsigned int ce = nl;
	if (!exact) {
		ce = ol;
		for (unsigned int l = ol + 1;
		     l <= nl && bounds[l - 2] <= common; l++) {
			ce = l;
		}
	}
	if (ditto_version_cuts(v) > 0) {
		ditto_lookup_status_t st = find_cut(at, nl, ol, ce, out);
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
	out->encloser = at[ce];
	/* the wildcard "*.<encloser>": the encloser's key and one label */
	size_t wl = ce > 1 ? bounds[ce - 2] : 0;
	key[wl] = '*';
	key[wl + 1] = 0;
	out->wildcard = ditto_tree_getkey(tree, key, wl + 2);
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

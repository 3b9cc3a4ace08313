/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of ditto_tree_lookup()/keybounds()/getkey() against get(). */
/*
 * A tree of random names over a tiny alphabet (so that names share
 * prefixes, labels end inside other labels, and the escaped octets 0 and
 * 1 and upper case appear) is asked about many other random names; the
 * one-walk answer (node, every ancestor's node, the shared key prefix)
 * must equal what separate exact lookups and a scan of all names say.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "zone/node_p.h"
#include "zone/tree.h"

#define NNAMES 400
#define NPROBE 3000

static unsigned int seed = 12345;

static unsigned int
rnd(unsigned int n)
{
	seed = seed * 1103515245U + 12345U;
	return (seed >> 8) % n;
}

/* A random name of 1-4 labels of 1-3 octets under "z." (wire form). */
static void
random_name(uint8_t *out)
{
	static const uint8_t alpha[] = { 'a', 'b', 'A', 0, 1, '*' };
	size_t pos = 0;
	unsigned int labels = 1 + rnd(4);
	for (unsigned int l = 0; l < labels; l++) {
		unsigned int len = 1 + rnd(3);
		out[pos++] = (uint8_t)len;
		for (unsigned int i = 0; i < len; i++) {
			out[pos++] = alpha[rnd(sizeof(alpha))];
		}
	}
	memcpy(out + pos, "\1z\0", 3);
}

/* Longest common prefix of two keys. */
static size_t
common(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	size_t i = 0;
	while (i < al && i < bl && a[i] == b[i]) {
		i++;
	}
	return i;
}

static void
walk_matches_get(void **state)
{
	(void)state;
	ditto_tree_t tree;
	ditto_tree_init(&tree, NULL);
	static uint8_t names[NNAMES][DITTO_NAME_MAXWIRE];
	static uint8_t keys[NNAMES][DITTO_TREE_MAXKEY];
	static size_t klen[NNAMES];
	size_t n = 0;
	for (int i = 0; i < NNAMES; i++) {
		random_name(names[n]);
		ditto_node_t *node = ditto__node_new(NULL, names[n]);
		if (ditto_tree_insert(&tree, 1, node) != DITTO_R_SUCCESS) {
			ditto__node_detach(NULL, node); /* a duplicate */
			continue;
		}
		klen[n] = ditto_tree_key(names[n], keys[n]);
		n++;
	}
	for (int p = 0; p < NPROBE; p++) {
		uint8_t q[DITTO_NAME_MAXWIRE], key[DITTO_TREE_MAXKEY];
		uint16_t bounds[DITTO_NAME_MAXLABELS];
		random_name(q);
		size_t len = ditto_tree_keybounds(q, key, bounds);
		unsigned int nl = ditto_name_labels(q) - 1; /* root not */
		assert_int_equal(bounds[nl - 1], len);
		uint8_t k2[DITTO_TREE_MAXKEY];
		assert_int_equal(ditto_tree_key(q, k2), len);
		assert_memory_equal(k2, key, len);

		const ditto_node_t *anc[DITTO_NAME_MAXLABELS];
		size_t shared = 0;
		/* with and without the name at hand */
		for (int withname = 0; withname < 2; withname++) {
			const ditto_node_t *got = ditto_tree_lookup(
			        &tree, key, len, withname ? q : NULL,
			        withname ? ditto_name_length(q) : 0, bounds,
			        nl - 1, anc, &shared);
			assert_ptr_equal(got, ditto_tree_get(&tree, q));
			assert_ptr_equal(got,
			                 ditto_tree_getkey(&tree, key, len));
			for (unsigned int i = 0; i + 1 < nl; i++) {
				const uint8_t *a =
				        ditto_name_skip(q, nl - 1 - i);
				assert_ptr_equal(anc[i],
				                 ditto_tree_get(&tree, a));
			}
			size_t want = 0;
			for (size_t j = 0; j < n; j++) {
				size_t c = common(key, len, keys[j], klen[j]);
				want = c > want ? c : want;
			}
			assert_int_equal(shared, want);
		}
	}
	ditto_tree_clear(&tree);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_matches_get),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

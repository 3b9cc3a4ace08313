/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/tree.c: canonical keys, qp-trie ops, COW. */
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

static void
from(const char *text, uint8_t *out)
{
	ditto_err_t err;
	ditto_result_t r =
	        ditto_name_fromtext(text, strlen(text), NULL, out, NULL, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("fromtext '%s': %s (%s)", text, ditto_result_name(r),
		         err.msg);
	}
}

static int
keycmp(const uint8_t *a, const uint8_t *b)
{
	uint8_t ka[DITTO_TREE_MAXKEY], kb[DITTO_TREE_MAXKEY];
	size_t la = ditto_tree_key(a, ka), lb = ditto_tree_key(b, kb);
	size_t n = la < lb ? la : lb;
	int d = memcmp(ka, kb, n);
	if (d != 0) {
		return d < 0 ? -1 : 1;
	}
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int
sign(int x)
{
	return x < 0 ? -1 : (x > 0 ? 1 : 0);
}

/* RFC 4034 section 6.1, plus tricky labels, in canonical order (checked
 * with dnspython's Name ordering). */
static const char *const ordered[] = {
	".",
	"\\000.",
	"a\\.b.z.example.\\000.",
	"\\000\\000.",
	"\\001.",
	"\\001\\000.",
	"\\002.",
	"example.",
	"a.example.",
	"yljkjljk.a.example.",
	"Z.a.example.",
	"zABC.a.EXAMPLE.",
	"z.example.",
	"\\000.z.example.",
	"\\001.z.example.",
	"*.z.example.",
	"A\\000.z.example.",
	"a\\001.z.example.",
	"a\\.b.z.example.",
	"\\200.z.example.",
	"\\255.z.example.",
	"a.\\255.z.example.",
	"exampl\\255.",
};

static void
key_order_rfc4034(void **state)
{
	(void)state;
	size_t n = sizeof(ordered) / sizeof(ordered[0]);
	uint8_t a[DITTO_NAME_MAXWIRE], b[DITTO_NAME_MAXWIRE];
	for (size_t i = 0; i < n; i++) {
		from(ordered[i], a);
		for (size_t j = 0; j < n; j++) {
			from(ordered[j], b);
			int want = i < j ? -1 : (i > j ? 1 : 0);
			if (keycmp(a, b) != want ||
			    sign(ditto_name_compare(a, b)) != want) {
				fail_msg("order of '%s' vs '%s'", ordered[i],
				         ordered[j]);
			}
		}
	}
	/* Case is ignored: same key. */
	from("WWW.Example.", a);
	from("www.example.", b);
	assert_int_equal(keycmp(a, b), 0);
	uint8_t key[DITTO_TREE_MAXKEY];
	assert_int_equal(ditto_tree_key(ditto_name_root, key), 0);
	from("\\000A.", a);
	assert_int_equal(ditto_tree_key(a, key), 4);
	assert_memory_equal(key, "\x01\x01\x61\x00", 4);
}

/* Deterministic generator (xorshift). */
static uint64_t rng = 88172645463325252ULL;
static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Random name under a small alphabet so that names collide and nest. */
static void
random_name(uint8_t *out)
{
	static const uint8_t alpha[] = { 0,   1,   2,   'a',  'A',
		                         'b', '.', '*', 0xff, 'z' };
	unsigned int labels = 1 + rnd() % 4;
	size_t pos = 0;
	for (unsigned int l = 0; l < labels; l++) {
		unsigned int len = 1 + rnd() % 3;
		out[pos++] = (uint8_t)len;
		for (unsigned int i = 0; i < len; i++) {
			out[pos++] = alpha[rnd() % sizeof(alpha)];
		}
	}
	out[pos] = 0;
}

static void
key_order_random(void **state)
{
	(void)state;
	uint8_t a[DITTO_NAME_MAXWIRE], b[DITTO_NAME_MAXWIRE];
	for (int i = 0; i < 20000; i++) {
		random_name(a);
		random_name(b);
		assert_int_equal(keycmp(a, b), sign(ditto_name_compare(a, b)));
	}
}

/* Reference: a sorted array of names. */
#define REFMAX 4096
static uint8_t refnames[REFMAX][DITTO_NAME_MAXWIRE];
static size_t nref;

static size_t
ref_lowerbound(const uint8_t *name, bool *found)
{
	size_t lo = 0, hi = nref;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ditto_name_compare(refnames[mid], name) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	*found = lo < nref && ditto_name_compare(refnames[lo], name) == 0;
	return lo;
}

static void
ref_insert(const uint8_t *name)
{
	bool found;
	size_t i = ref_lowerbound(name, &found);
	assert_false(found);
	memmove(refnames[i + 1], refnames[i], (nref - i) * sizeof(refnames[0]));
	ditto_name_copy(refnames[i], name);
	nref++;
}

static void
ref_remove(size_t i)
{
	memmove(refnames[i], refnames[i + 1],
	        (nref - i - 1) * sizeof(refnames[0]));
	nref--;
}

static void
check_against_ref(const ditto_tree_t *tree)
{
	ditto_tree_iter_t it;
	size_t i = 0;
	assert_int_equal(ditto_tree_count(tree), nref);
	for (const ditto_node_t *n = ditto_tree_first(tree, &it); n != NULL;
	     n = ditto_tree_next(&it), i++) {
		assert_true(i < nref);
		assert_true(ditto_name_equal(ditto_node_name(n), refnames[i]));
	}
	assert_int_equal(i, nref);
	for (const ditto_node_t *n = ditto_tree_last(tree, &it); n != NULL;
	     n = ditto_tree_prev(&it)) {
		assert_true(i > 0);
		i--;
		assert_true(ditto_name_equal(ditto_node_name(n), refnames[i]));
	}
	assert_int_equal(i, 0);
}

/* seek(probe) must agree with the reference's find-less-or-equal. */
static void
check_seek(const ditto_tree_t *tree, const uint8_t *probe)
{
	ditto_tree_iter_t it;
	bool exact, found;
	size_t i = ref_lowerbound(probe, &found);
	const ditto_node_t *n = ditto_tree_seek(tree, probe, &it, &exact);
	assert_int_equal(exact, found);
	size_t le = found ? i + 1 : i; /* number of names <= probe */
	if (le == 0) {
		assert_null(n);
	} else {
		assert_non_null(n);
		assert_true(
		        ditto_name_equal(ditto_node_name(n), refnames[le - 1]));
	}
	const ditto_node_t *succ = ditto_tree_next(&it);
	if (le == nref) {
		assert_null(succ);
	} else {
		assert_non_null(succ);
		assert_true(
		        ditto_name_equal(ditto_node_name(succ), refnames[le]));
	}
	const ditto_node_t *g = ditto_tree_get(tree, probe);
	assert_int_equal(g != NULL, found);
}

static uint64_t tree_hash(const ditto_tree_t *tree);

/*
 * Random inserts and removes against the reference. Every 2000 operations
 * the tree is frozen as a snapshot and the work goes on in a copy-on-write
 * share of it under a new generation; at the end every snapshot must still
 * hash as when it was frozen, then they are freed in a scrambled order.
 */
static void
random_ops(void **state)
{
	(void)state;
	ditto_tree_t snaps[10];
	uint64_t hashes[10];
	size_t counts[10];
	int nsnap = 0;
	uint64_t gen = 1;
	ditto_tree_t tree;
	uint8_t name[DITTO_NAME_MAXWIRE];
	ditto_tree_init(&tree, NULL);
	nref = 0;
	for (int op = 0; op < 20000; op++) {
		if (op % 2000 == 1999) {
			snaps[nsnap] = tree;
			hashes[nsnap] = tree_hash(&tree);
			counts[nsnap] = ditto_tree_count(&tree);
			ditto_tree_share(&tree, &snaps[nsnap]);
			nsnap++;
			gen++;
		}
		random_name(name);
		bool found;
		size_t i = ref_lowerbound(name, &found);
		if (!found && nref < REFMAX && rnd() % 3 != 0) {
			ditto_node_t *node = ditto__node_new(NULL, name);
			assert_int_equal(ditto_tree_insert(&tree, gen, node),
			                 DITTO_R_SUCCESS);
			ref_insert(name);
		} else if (found && rnd() % 4 == 0) {
			/* Replace the node in place of the old one. */
			bool owned;
			ditto_node_t **slot =
			        ditto_tree_modify(&tree, gen, name, &owned);
			assert_non_null(slot);
			ditto__node_detach(NULL, *slot);
			*slot = ditto__node_new(NULL, name);
		} else if (found) {
			assert_int_equal(ditto_tree_remove(&tree, gen, name),
			                 DITTO_R_SUCCESS);
			ref_remove(i);
		} else {
			assert_int_equal(ditto_tree_remove(&tree, gen, name),
			                 DITTO_R_NOTFOUND);
			assert_null(
			        ditto_tree_modify(&tree, gen, name, &found));
		}
		if (nref > 0) {
			ditto_node_t *dup = ditto__node_new(NULL, refnames[0]);
			assert_int_equal(ditto_tree_insert(&tree, gen, dup),
			                 DITTO_R_EXISTS);
			ditto__node_detach(NULL, dup);
		}
		random_name(name);
		check_seek(&tree, name);
		if (op % 1000 == 0) {
			check_against_ref(&tree);
		}
	}
	check_against_ref(&tree);
	for (int k = 0; k < nsnap; k++) {
		assert_int_equal(tree_hash(&snaps[k]), hashes[k]);
		assert_int_equal(ditto_tree_count(&snaps[k]), counts[k]);
	}
	for (int k = 0; k < nsnap; k++) {
		int j = (k * 7) % nsnap; /* 7 is prime to nsnap = 10 */
		ditto_tree_clear(&snaps[j]);
	}
	check_against_ref(&tree);
	ditto_tree_clear(&tree);
	assert_int_equal(ditto_tree_count(&tree), 0);
	assert_null(ditto_tree_get(&tree, ditto_name_root));
}

static void
empty_and_single(void **state)
{
	(void)state;
	ditto_tree_t tree;
	ditto_tree_iter_t it;
	uint8_t a[DITTO_NAME_MAXWIRE], b[DITTO_NAME_MAXWIRE];
	bool exact;
	ditto_tree_init(&tree, NULL);
	from("b.example.", a);
	from("a.example.", b);
	assert_null(ditto_tree_first(&tree, &it));
	assert_null(ditto_tree_last(&tree, &it));
	assert_null(ditto_tree_seek(&tree, a, &it, &exact));
	assert_null(ditto_tree_next(&it));
	assert_int_equal(ditto_tree_remove(&tree, 1, a), DITTO_R_NOTFOUND);
	assert_int_equal(ditto_tree_insert(&tree, 1, ditto__node_new(NULL, a)),
	                 DITTO_R_SUCCESS);
	assert_non_null(ditto_tree_get(&tree, a));
	assert_null(ditto_tree_get(&tree, b));
	assert_null(ditto_tree_seek(&tree, b, &it, &exact));
	assert_non_null(ditto_tree_next(&it));
	assert_non_null(ditto_tree_seek(&tree, a, &it, &exact));
	assert_true(exact);
	assert_null(ditto_tree_next(&it));
	assert_int_equal(ditto_tree_remove(&tree, 1, a), DITTO_R_SUCCESS);
	assert_null(ditto_tree_first(&tree, &it));
	ditto_tree_clear(&tree);
}

/* Hash of names in order: a snapshot fingerprint. */
static uint64_t
tree_hash(const ditto_tree_t *tree)
{
	ditto_tree_iter_t it;
	uint64_t h = 1469598103934665603ULL;
	for (const ditto_node_t *n = ditto_tree_first(tree, &it); n != NULL;
	     n = ditto_tree_next(&it)) {
		const uint8_t *nm = ditto_node_name(n);
		size_t len = ditto_name_length(nm);
		for (size_t i = 0; i < len; i++) {
			h = (h ^ nm[i]) * 1099511628211ULL;
		}
	}
	return h;
}

static void
cow_share(void **state)
{
	(void)state;
	ditto_tree_t base, edit;
	ditto_zpool_t *pool = ditto__zpool_create();
	char text[64];
	uint8_t name[DITTO_NAME_MAXWIRE];
	ditto_tree_init(&base, pool);
	for (int i = 0; i < 5000; i++) {
		snprintf(text, sizeof(text), "host%d.example.", i);
		from(text, name);
		assert_int_equal(ditto_tree_insert(&base, 1,
		                                   ditto__node_new(pool, name)),
		                 DITTO_R_SUCCESS);
	}
	uint64_t h0 = tree_hash(&base);
	ditto_tree_stats_t st0;
	ditto_tree_stats(&base, &st0);
	assert_int_equal(st0.nodes, 5000);

	ditto_tree_share(&edit, &base);
	for (int i = 0; i < 10; i++) {
		snprintf(text, sizeof(text), "new%d.example.", i);
		from(text, name);
		assert_int_equal(ditto_tree_insert(&edit, 2,
		                                   ditto__node_new(pool, name)),
		                 DITTO_R_SUCCESS);
		snprintf(text, sizeof(text), "host%d.example.", i * 300);
		from(text, name);
		assert_int_equal(ditto_tree_remove(&edit, 2, name),
		                 DITTO_R_SUCCESS);
		bool owned = true;
		snprintf(text, sizeof(text), "host%d.example.", i * 300 + 7);
		from(text, name);
		ditto_node_t **slot = ditto_tree_modify(&edit, 2, name, &owned);
		assert_non_null(slot);
		assert_false(owned);
		ditto_node_t *repl = ditto__node_new(pool, name);
		ditto__node_detach(pool, *slot);
		*slot = repl;
	}
	/* The base never changes. */
	assert_int_equal(tree_hash(&base), h0);
	assert_int_equal(ditto_tree_count(&base), 5000);
	assert_int_equal(ditto_tree_count(&edit), 5000);
	from("host0.example.", name);
	assert_non_null(ditto_tree_get(&base, name));
	assert_null(ditto_tree_get(&edit, name));
	/* Cost in proportion to the change: a few arrays per write. */
	ditto_tree_stats_t st1;
	ditto_tree_stats(&edit, &st1);
	print_message("edit of 30 names copied %zu of %zu arrays\n",
	              edit.new_arrays, st1.arrays);
	assert_true(edit.new_arrays <= 30 * (st1.max_depth + 1));
	assert_true(edit.new_arrays < st1.arrays / 4);
	/* Dropping the base first leaves the edit whole. */
	ditto_tree_clear(&base);
	assert_int_equal(ditto_tree_count(&edit), 5000);
	from("new3.example.", name);
	assert_non_null(ditto_tree_get(&edit, name));
	ditto_tree_clear(&edit);
	ditto__zpool_detach(pool);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_order_rfc4034),
		cmocka_unit_test(key_order_random),
		cmocka_unit_test(empty_and_single),
		cmocka_unit_test(random_ops),
		cmocka_unit_test(cow_share),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

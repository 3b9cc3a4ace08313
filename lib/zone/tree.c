/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A copy-on-write qp-trie of zone nodes keyed in DNSSEC canonical order. */

/*
 * Design (a qp-trie in the style Tony Finch described, written for ditto):
 *
 * Keys are canonical name keys (ditto_tree_key()). The trie branches on
 * 4-bit nibbles: the "symbol" of a key at nibble offset i is 1 + the
 * nibble, or 0 past the end of the key, so a key that is a prefix of
 * another (an ancestor's) sorts first. A branch word holds a 17-bit
 * bitmap of the symbols present, the nibble offset it tests, and a
 * pointer to a packed array of twigs (one per bit set, in symbol order),
 * so memcmp() order of keys is the left-to-right order of leaves. A leaf
 * word points to a node. Every word also carries a generation number.
 *
 *   word: bit 0 branch flag | bits 1-17 bitmap | bits 18-28 offset |
 *         bits 29-63 generation of the object the pointer refers to
 *
 * Invariants: a branch has >= 2 twigs; offsets grow strictly on a path
 * down; all leaves below a branch agree on every nibble before its offset.
 *
 * Copy-on-write: arrays and nodes carry reference counts (one per word
 * pointing at them, plus one per tree root). A writer with generation g
 * may change an array in place only when the word pointing at it says g
 * (it made that array, nobody else can see it); otherwise it copies the
 * array first (attaching every child), retargets the word and stamps it
 * with g. So an edit copies O(depth) arrays and shares all the rest.
 * Readers follow pointers and read bitmaps; they never touch a count.
 */
#include "zone/tree.h"

#include <stdatomic.h>
#include <string.h>

#include "dns/name.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/node_p.h"
#include "zone/zpool.h"

typedef ditto_tree_twig_t twig_t;

/* A twig array: its count and the twigs. */
typedef struct twigarr {
	_Atomic uint32_t refs; /*!< words pointing here (writers only) */
	uint32_t reserved;     /*!< keeps twigs 8-aligned */
	twig_t t[];            /*!< popcount(bitmap) twigs */
} twigarr_t;

#define W_BRANCH     UINT64_C(1)
#define BITMAP_SHIFT 1
#define BITMAP_MASK  UINT64_C(0x1ffff)
#define OFFSET_SHIFT 18
#define OFFSET_MASK  UINT64_C(0x7ff)
#define GEN_SHIFT    29
#define GEN_MASK     UINT64_C(0x7ffffffff)
#define NOT_FOUND    ((size_t)-1)

static inline bool
isbranch(const twig_t *t)
{
	return (t->word & W_BRANCH) != 0;
}

static inline uint32_t
bitmap(const twig_t *t)
{
	return (uint32_t)((t->word >> BITMAP_SHIFT) & BITMAP_MASK);
}

static inline size_t
offset(const twig_t *t)
{
	return (size_t)((t->word >> OFFSET_SHIFT) & OFFSET_MASK);
}

static inline uint64_t
gen_of(const twig_t *t)
{
	return (t->word >> GEN_SHIFT) & GEN_MASK;
}

static inline void
set_gen(twig_t *t, uint64_t gen)
{
	t->word = (t->word & ~(GEN_MASK << GEN_SHIFT)) |
	          ((gen & GEN_MASK) << GEN_SHIFT);
}

static inline uint64_t
branch_word(uint32_t bm, size_t off, uint64_t gen)
{
	return W_BRANCH | ((uint64_t)bm << BITMAP_SHIFT) |
	       ((uint64_t)off << OFFSET_SHIFT) |
	       ((gen & GEN_MASK) << GEN_SHIFT);
}

static inline twigarr_t *
arr_of(const twig_t *t)
{
	return (twigarr_t *)t->ptr;
}

static inline twig_t *
twigs(const twig_t *t)
{
	return arr_of(t)->t;
}

/* Population count without a libgcc call (__builtin_popcount() is one
 * when the build does not target a CPU with POPCNT). */
static inline unsigned int
popcount32(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555U);
	x = (x & 0x33333333U) + ((x >> 2) & 0x33333333U);
	x = (x + (x >> 4)) & 0x0F0F0F0FU;
	return (x * 0x01010101U) >> 24;
}

static inline unsigned int
ntwigs(const twig_t *t)
{
	return popcount32(bitmap(t));
}

static inline const ditto_node_t *
leaf_node(const twig_t *t)
{
	return (const ditto_node_t *)t->ptr;
}

/* Symbol of key at nibble offset off: 0 past the end, else 1 + nibble. */
static inline unsigned int
symbol(const uint8_t *key, size_t len, size_t off)
{
	size_t byte = off >> 1;
	if (byte >= len) {
		return 0;
	}
	unsigned int nib = (off & 1) != 0 ? (key[byte] & 0xfU)
	                                  : (unsigned int)(key[byte] >> 4);
	return nib + 1;
}

/* Index in t's array of symbol s's twig (whether present or not). */
static inline unsigned int
twig_index(const twig_t *t, unsigned int s)
{
	return popcount32(bitmap(t) & ((1U << s) - 1));
}

/* ASCII lower case by table (built by the compiler). */
#define LC1(c)  (uint8_t)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define LC4(c)  LC1(c), LC1((c) + 1), LC1((c) + 2), LC1((c) + 3)
#define LC16(c) LC4(c), LC4((c) + 4), LC4((c) + 8), LC4((c) + 12)
#define LC64(c) LC16(c), LC16((c) + 16), LC16((c) + 32), LC16((c) + 48)
static const uint8_t lowtab[256] = { LC64(0), LC64(64), LC64(128), LC64(192) };

static inline uint8_t
lower(uint8_t c)
{
	return lowtab[c];
}

/* Start of each non-root label of name; returns the count. */
static inline unsigned int
label_starts(const uint8_t *name, const uint8_t **labels)
{
	unsigned int n = 0;
	for (const uint8_t *p = name; *p != 0 && n < DITTO_NAME_MAXLABELS;
	     p += *p + 1) {
		labels[n++] = p;
	}
	return n;
}

/* Key bytes of one label at key[len]; returns the new length. */
static inline size_t
key_label(const uint8_t *l, uint8_t *key, size_t len)
{
	unsigned int n = l[0];
	bool esc = false;
	for (unsigned int i = 1; i <= n; i++) {
		uint8_t c = lower(l[i]);
		key[len + i - 1] = c;
		esc |= c <= 1;
	}
	if (esc) {
		/* octets 0 and 1 become 1,1 and 1,2 (rare: redo slowly) */
		for (unsigned int i = 1; i <= n; i++) {
			uint8_t c = lower(l[i]);
			if (c <= 1) {
				key[len++] = 1;
				key[len++] = (uint8_t)(c + 1);
			} else {
				key[len++] = c;
			}
		}
	} else {
		len += n;
	}
	key[len++] = 0;
	return len;
}

size_t
ditto_tree_key(const uint8_t *name, uint8_t *key)
{
	const uint8_t *labels[DITTO_NAME_MAXLABELS];
	unsigned int n = label_starts(name, labels);
	size_t len = 0;
	while (n > 0) {
		len = key_label(labels[--n], key, len);
	}
	INSIST(len <= DITTO_TREE_MAXKEY);
	return len;
}

size_t
ditto_tree_keybounds(const uint8_t *name, uint8_t *key, uint16_t *bounds)
{
	const uint8_t *labels[DITTO_NAME_MAXLABELS];
	unsigned int n = label_starts(name, labels);
	size_t len = 0;
	for (unsigned int i = 0; i < n; i++) {
		len = key_label(labels[n - 1 - i], key, len);
		bounds[i] = (uint16_t)len;
	}
	INSIST(len <= DITTO_TREE_MAXKEY);
	return len;
}

/* Nibble offset of the first difference of key and byte c at pos. */
static inline size_t
diff_at(uint8_t k, uint8_t c, size_t pos)
{
	return ((k ^ c) & 0xf0) != 0 ? 2 * pos : 2 * pos + 1;
}

/*
 * First nibble offset where key[0..len) and the key of name differ, or
 * NOT_FOUND when equal, making name's key only as far as needed. *sym
 * receives the symbol of name's key at that offset.
 */
static size_t
diff_name(const uint8_t *key, size_t len, const uint8_t *name,
          unsigned int *sym)
{
	const uint8_t *labels[DITTO_NAME_MAXLABELS];
	unsigned int n = label_starts(name, labels);
	size_t pos = 0;
	while (n > 0) {
		const uint8_t *l = labels[--n];
		for (unsigned int i = 1; i <= (unsigned int)l[0] + 1; i++) {
			/* the label's bytes, then its separator */
			uint8_t c = i <= l[0] ? lower(l[i]) : 0;
			uint8_t e = 0;
			if (i <= l[0] && c <= 1) {
				e = (uint8_t)(c + 1); /* escaped: 1, c + 1 */
				c = 1;
			}
			for (int twice = 0; twice < 2; twice++) {
				if (pos >= len) {
					*sym = (unsigned int)(c >> 4) + 1;
					return 2 * len;
				}
				if (key[pos] != c) {
					size_t d = diff_at(key[pos], c, pos);
					*sym = ((d & 1) != 0
					                ? (c & 0xfU)
					                : (unsigned int)(c >>
					                                 4)) +
					       1;
					return d;
				}
				pos++;
				if (e == 0) {
					break;
				}
				c = e;
				e = 0;
			}
		}
	}
	*sym = 0;
	return pos == len ? NOT_FOUND : 2 * pos;
}

/* diff_name() against a leaf, with a shortcut when the caller has the
 * name (namelen > 0) and the leaf's owner is byte for byte the same. */
static inline size_t
leaf_diff(const uint8_t *key, size_t len, const uint8_t *name, size_t namelen,
          const ditto_node_t *leaf, unsigned int *sym)
{
	const uint8_t *owner = ditto_node_name(leaf);
	if (namelen > 0 && leaf->namelen == namelen &&
	    memcmp(owner, name, namelen) == 0) {
		*sym = 0;
		return NOT_FOUND;
	}
	return diff_name(key, len, owner, sym);
}

/* Walk to some leaf, following key where possible. */
static const twig_t *
closest_leaf(const twig_t *t, const uint8_t *key, size_t len)
{
	while (isbranch(t)) {
		unsigned int s = symbol(key, len, offset(t));
		if ((bitmap(t) & (1U << s)) != 0) {
			t = &twigs(t)[twig_index(t, s)];
		} else {
			t = &twigs(t)[0];
		}
	}
	return t;
}

/* Offset of the first difference between key and the closest leaf, and
 * the leaf's symbol there. */
static size_t
diff_closest(const twig_t *root, const uint8_t *key, size_t len,
             const uint8_t *name, unsigned int *lsym)
{
	const twig_t *leaf = closest_leaf(root, key, len);
	return leaf_diff(key, len, name, ditto_name_length(name),
	                 leaf_node(leaf), lsym);
}

size_t
ditto_tree_count(const ditto_tree_t *tree)
{
	return tree->count;
}

static const ditto_node_t *
getkey(const ditto_tree_t *tree, const uint8_t *key, size_t len,
       const uint8_t *name, size_t namelen)
{
	const twig_t *t = &tree->root;
	if (t->ptr == NULL) {
		return NULL;
	}
	while (isbranch(t)) {
		unsigned int s = symbol(key, len, offset(t));
		if ((bitmap(t) & (1U << s)) == 0) {
			return NULL;
		}
		t = &twigs(t)[twig_index(t, s)];
	}
	const ditto_node_t *node = leaf_node(t);
	unsigned int sym;
	return leaf_diff(key, len, name, namelen, node, &sym) == NOT_FOUND
	               ? node
	               : NULL;
}

const ditto_node_t *
ditto_tree_getkey(const ditto_tree_t *tree, const uint8_t *key, size_t len)
{
	return getkey(tree, key, len, NULL, 0);
}

const ditto_node_t *
ditto_tree_get(const ditto_tree_t *tree, const uint8_t *name)
{
	uint8_t key[DITTO_TREE_MAXKEY];
	if (tree->root.ptr == NULL) {
		return NULL;
	}
	size_t len = ditto_tree_key(name, key);
	return getkey(tree, key, len, name, ditto_name_length(name));
}

const ditto_node_t *
ditto_tree_lookup(const ditto_tree_t *tree, const uint8_t *key, size_t len,
                  const uint8_t *name, size_t namelen, const uint16_t *bounds,
                  unsigned int nb, const ditto_node_t **anc, size_t *common)
{
	const twig_t *t = &tree->root;
	unsigned int b = 0;
	for (unsigned int i = 0; i < nb; i++) {
		anc[i] = NULL;
	}
	*common = 0;
	if (t->ptr == NULL) {
		return NULL;
	}
	/* follow key where possible, noting the keys that end where a
	 * branch tests (symbol 0 is the key that ends there) */
	while (isbranch(t)) {
		size_t off = offset(t);
		uint32_t bm = bitmap(t);
		while (b < nb && 2 * (size_t)bounds[b] < off) {
			b++;
		}
		if (b < nb && 2 * (size_t)bounds[b] == off && (bm & 1U) != 0 &&
		    !isbranch(&twigs(t)[0])) {
			anc[b] = leaf_node(&twigs(t)[0]);
		}
		unsigned int s = symbol(key, len, off);
		t = (bm & (1U << s)) != 0 ? &twigs(t)[twig_index(t, s)]
		                          : &twigs(t)[0];
	}
	const ditto_node_t *leaf = leaf_node(t);
	unsigned int lsym;
	size_t d = leaf_diff(key, len, name, namelen, leaf, &lsym);
	if (d == NOT_FOUND) {
		*common = len;
		return leaf;
	}
	/* what was noted past the first difference is not an ancestor; the
	 * leaf is one when its key ends at the difference */
	*common = d / 2;
	for (unsigned int i = 0; i < nb; i++) {
		if (2 * (size_t)bounds[i] > d) {
			anc[i] = NULL;
		} else if (lsym == 0 && 2 * (size_t)bounds[i] == d) {
			anc[i] = leaf;
		}
	}
	return NULL;
}

/* Iteration. path[0] is the root word; path[depth-1] the current twig. */

static void
it_push(ditto_tree_iter_t *it, const twig_t *t)
{
	INSIST(it->depth < DITTO_TREE_MAXDEPTH);
	it->path[it->depth++] = t;
}

static const ditto_node_t *
descend(ditto_tree_iter_t *it, bool last)
{
	const twig_t *t = it->path[it->depth - 1];
	while (isbranch(t)) {
		t = &twigs(t)[last ? ntwigs(t) - 1 : 0];
		it_push(it, t);
	}
	return leaf_node(t);
}

static void
it_reset(const ditto_tree_t *tree, ditto_tree_iter_t *it)
{
	it->path[0] = &tree->root;
	it->depth = tree->root.ptr != NULL ? 1 : 0;
	it->before_first = false;
}

const ditto_node_t *
ditto_tree_first(const ditto_tree_t *tree, ditto_tree_iter_t *it)
{
	it_reset(tree, it);
	return it->depth == 0 ? NULL : descend(it, false);
}

const ditto_node_t *
ditto_tree_last(const ditto_tree_t *tree, ditto_tree_iter_t *it)
{
	it_reset(tree, it);
	return it->depth == 0 ? NULL : descend(it, true);
}

/* Move the top of the path one twig right (or left) among its siblings,
 * popping levels where it is the last (first); then descend. */
static const ditto_node_t *
step(ditto_tree_iter_t *it, bool forward)
{
	while (it->depth > 1) {
		const twig_t *cur = it->path[it->depth - 1];
		const twig_t *parent = it->path[it->depth - 2];
		const twig_t *first = twigs(parent);
		const twig_t *end = first + ntwigs(parent);
		if (forward && cur + 1 < end) {
			it->path[it->depth - 1] = cur + 1;
			return descend(it, false);
		}
		if (!forward && cur > first) {
			it->path[it->depth - 1] = cur - 1;
			return descend(it, true);
		}
		it->depth--;
	}
	it->depth = 0;
	return NULL;
}

const ditto_node_t *
ditto_tree_next(ditto_tree_iter_t *it)
{
	if (it->before_first) {
		it->before_first = false;
		if (it->path[0]->ptr == NULL) {
			return NULL;
		}
		it->depth = 1;
		return descend(it, false);
	}
	if (it->depth == 0) {
		return NULL;
	}
	return step(it, true);
}

const ditto_node_t *
ditto_tree_prev(ditto_tree_iter_t *it)
{
	if (it->depth == 0) {
		return NULL;
	}
	return step(it, false);
}

/* Position before the subtree on top of the path: the previous leaf. */
static const ditto_node_t *
before_subtree(ditto_tree_iter_t *it)
{
	const ditto_node_t *node = step(it, false);
	if (node == NULL) {
		it->before_first = true;
	}
	return node;
}

const ditto_node_t *
ditto_tree_seek(const ditto_tree_t *tree, const uint8_t *name,
                ditto_tree_iter_t *it, bool *exact)
{
	uint8_t key[DITTO_TREE_MAXKEY];
	size_t len;
	unsigned int lsym;
	bool dummy;
	exact = exact != NULL ? exact : &dummy;
	*exact = false;
	it_reset(tree, it);
	if (it->depth == 0) {
		it->before_first = true;
		return NULL;
	}
	len = ditto_tree_key(name, key);
	size_t d = diff_closest(&tree->root, key, len, name, &lsym);
	const twig_t *t = &tree->root;
	while (isbranch(t) && offset(t) < d) {
		t = &twigs(t)[twig_index(t, symbol(key, len, offset(t)))];
		it_push(it, t);
	}
	if (d == NOT_FOUND) {
		*exact = true;
		return leaf_node(t);
	}
	unsigned int s = symbol(key, len, d);
	if (isbranch(t) && offset(t) == d) {
		unsigned int below = twig_index(t, s);
		if (below == 0) {
			return before_subtree(it);
		}
		it_push(it, &twigs(t)[below - 1]);
		return descend(it, true);
	}
	if (s > lsym) {
		return descend(it, true);
	}
	return before_subtree(it);
}

/* Reference counting of the objects a word points at. */

static void
word_attach(const twig_t *t)
{
	if (isbranch(t)) {
		atomic_fetch_add_explicit(&arr_of(t)->refs, 1,
		                          memory_order_relaxed);
	} else if (t->ptr != NULL) {
		ditto__node_attach((ditto_node_t *)t->ptr);
	}
}

static size_t
arr_size(unsigned int n)
{
	return sizeof(twigarr_t) + n * sizeof(twig_t);
}

static void
word_release(ditto_zpool_t *pool, const twig_t *t)
{
	if (!isbranch(t)) {
		if (t->ptr != NULL) {
			ditto__node_detach(pool, (ditto_node_t *)t->ptr);
		}
		return;
	}
	twigarr_t *a = arr_of(t);
	uint32_t was =
	        atomic_fetch_sub_explicit(&a->refs, 1, memory_order_acq_rel);
	INSIST(was > 0);
	if (was == 1) {
		unsigned int n = ntwigs(t);
		for (unsigned int i = 0; i < n; i++) {
			word_release(pool, &a->t[i]);
		}
		ditto__zpool_free(pool, a, arr_size(n));
	}
}

static twigarr_t *
arr_new(ditto_tree_t *tree, unsigned int n)
{
	twigarr_t *a = ditto__zpool_alloc(tree->pool, arr_size(n));
	atomic_init(&a->refs, 1);
	a->reserved = 0;
	tree->new_arrays++;
	return a;
}

/* Make the array under branch word t private to generation gen. */
static void
make_fresh(ditto_tree_t *tree, twig_t *t, uint64_t gen)
{
	if (gen_of(t) == (gen & GEN_MASK)) {
		return;
	}
	unsigned int n = ntwigs(t);
	twigarr_t *a = arr_new(tree, n);
	memcpy(a->t, twigs(t), n * sizeof(twig_t));
	for (unsigned int i = 0; i < n; i++) {
		word_attach(&a->t[i]);
	}
	word_release(tree->pool, t);
	t->ptr = a;
	set_gen(t, gen);
}

void
ditto_tree_init(ditto_tree_t *tree, ditto_zpool_t *pool)
{
	memset(tree, 0, sizeof(*tree));
	tree->pool = pool;
}

void
ditto_tree_share(ditto_tree_t *dst, const ditto_tree_t *src)
{
	ditto_tree_init(dst, src->pool);
	dst->root = src->root;
	dst->count = src->count;
	word_attach(&dst->root);
}

void
ditto_tree_clear(ditto_tree_t *tree)
{
	word_release(tree->pool, &tree->root);
	ditto_tree_init(tree, tree->pool);
}

/* Add a twig for symbol s holding leaf to the branch t (fresh). */
static void
branch_add(ditto_tree_t *tree, twig_t *t, unsigned int s, const twig_t *leaf)
{
	unsigned int n = ntwigs(t);
	unsigned int at = twig_index(t, s);
	twigarr_t *old = arr_of(t);
	twigarr_t *a = ditto__zpool_alloc(tree->pool, arr_size(n + 1));
	atomic_init(&a->refs, 1);
	a->reserved = 0;
	memcpy(a->t, old->t, at * sizeof(twig_t));
	a->t[at] = *leaf;
	memcpy(&a->t[at + 1], &old->t[at], (n - at) * sizeof(twig_t));
	ditto__zpool_free(tree->pool, old, arr_size(n));
	t->ptr = a;
	t->word |= (uint64_t)(1U << s) << BITMAP_SHIFT;
}

ditto_result_t
ditto_tree_insert(ditto_tree_t *tree, uint64_t gen, ditto_node_t *node)
{
	uint8_t key[DITTO_TREE_MAXKEY];
	unsigned int os;
	size_t len = ditto_tree_key(ditto_node_name(node), key);
	twig_t leaf = { .word = (gen & GEN_MASK) << GEN_SHIFT, .ptr = node };
	twig_t *t = &tree->root;
	if (t->ptr == NULL) {
		*t = leaf;
		goto done;
	}
	size_t d = diff_closest(t, key, len, ditto_node_name(node), &os);
	if (d == NOT_FOUND) {
		return DITTO_R_EXISTS;
	}
	while (isbranch(t) && offset(t) < d) {
		make_fresh(tree, t, gen);
		t = &twigs(t)[twig_index(t, symbol(key, len, offset(t)))];
	}
	unsigned int s = symbol(key, len, d);
	if (isbranch(t) && offset(t) == d) {
		make_fresh(tree, t, gen);
		branch_add(tree, t, s, &leaf);
		goto done;
	}
	INSIST(os != s);
	twigarr_t *a = arr_new(tree, 2);
	a->t[s < os ? 0 : 1] = leaf;
	a->t[s < os ? 1 : 0] = *t;
	t->ptr = a;
	t->word = branch_word((1U << s) | (1U << os), d, gen);
done:
	tree->count++;
	tree->new_nodes++;
	return DITTO_R_SUCCESS;
}

/* Copy the path to name's leaf; return the leaf word and its parent. */
static twig_t *
cow_path(ditto_tree_t *tree, uint64_t gen, const uint8_t *name,
         twig_t **parentp)
{
	uint8_t key[DITTO_TREE_MAXKEY];
	size_t len = ditto_tree_key(name, key);
	twig_t *t = &tree->root, *parent = NULL;
	while (isbranch(t)) {
		make_fresh(tree, t, gen);
		parent = t;
		t = &twigs(t)[twig_index(t, symbol(key, len, offset(t)))];
	}
	*parentp = parent;
	return t;
}

ditto_node_t **
ditto_tree_modify(ditto_tree_t *tree, uint64_t gen, const uint8_t *name,
                  bool *owned)
{
	if (ditto_tree_get(tree, name) == NULL) {
		return NULL;
	}
	twig_t *parent;
	twig_t *t = cow_path(tree, gen, name, &parent);
	*owned = gen_of(t) == (gen & GEN_MASK);
	set_gen(t, gen);
	tree->new_nodes++;
	return (ditto_node_t **)&t->ptr;
}

ditto_result_t
ditto_tree_remove(ditto_tree_t *tree, uint64_t gen, const uint8_t *name)
{
	if (ditto_tree_get(tree, name) == NULL) {
		return DITTO_R_NOTFOUND;
	}
	twig_t *parent;
	twig_t *t = cow_path(tree, gen, name, &parent);
	ditto__node_detach(tree->pool, (ditto_node_t *)t->ptr);
	tree->count--;
	if (parent == NULL) {
		tree->root.word = 0;
		tree->root.ptr = NULL;
		return DITTO_R_SUCCESS;
	}
	twigarr_t *a = arr_of(parent);
	unsigned int n = ntwigs(parent);
	unsigned int at = (unsigned int)(t - a->t);
	if (n == 2) {
		*parent = a->t[1 - at];
		ditto__zpool_free(tree->pool, a, arr_size(2));
		return DITTO_R_SUCCESS;
	}
	unsigned int s = 0;
	for (uint32_t bm = bitmap(parent), i = 0;; s++) {
		if ((bm & (1U << s)) != 0 && i++ == at) {
			break;
		}
	}
	twigarr_t *na = ditto__zpool_alloc(tree->pool, arr_size(n - 1));
	atomic_init(&na->refs, 1);
	na->reserved = 0;
	memcpy(na->t, a->t, at * sizeof(twig_t));
	memcpy(&na->t[at], &a->t[at + 1], (n - at - 1) * sizeof(twig_t));
	ditto__zpool_free(tree->pool, a, arr_size(n));
	parent->ptr = na;
	parent->word &= ~((uint64_t)(1U << s) << BITMAP_SHIFT);
	return DITTO_R_SUCCESS;
}

static void
stats_walk(const twig_t *t, size_t depth, ditto_tree_stats_t *st)
{
	if (!isbranch(t)) {
		const ditto_node_t *node = leaf_node(t);
		st->nodes++;
		st->node_bytes += ditto_node_size(node);
		st->records += ditto_node_records(node);
		if (depth > st->max_depth) {
			st->max_depth = depth;
		}
		return;
	}
	unsigned int n = ntwigs(t);
	st->branches++;
	st->arrays++;
	st->array_bytes += arr_size(n);
	for (unsigned int i = 0; i < n; i++) {
		stats_walk(&twigs(t)[i], depth + 1, st);
	}
}

void
ditto_tree_stats(const ditto_tree_t *tree, ditto_tree_stats_t *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (tree->root.ptr != NULL) {
		stats_walk(&tree->root, 0, stats);
	}
}

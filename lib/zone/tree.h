/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A copy-on-write qp-trie of zone nodes, in DNSSEC canonical name order. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/node.h"

/*
 * The tree maps owner names to nodes (node.h). Its key is the name turned
 * into a byte string whose memcmp() order is the DNSSEC canonical order of
 * RFC 4034 section 6.1 (ditto_name_compare()): labels from the root down,
 * ASCII lower-cased, each followed by a 0x00 separator, with the octets
 * 0x00 and 0x01 inside labels escaped as 0x01 0x01 and 0x01 0x02 so that the
 * separator sorts below every octet. Ordered walks, predecessor search and
 * exact lookups are all walks of the trie.
 *
 * Copy-on-write: a tree belongs to one version (version.h). An edit of a
 * committed version starts from a tree that shares every trie array and
 * node with the base; each write copies only the arrays on the path it
 * touches (tagged with the edit's generation number, so a second write
 * under the same path does not copy again). Shared objects are reference
 * counted by writers only; readers never write.
 *
 * Thread safety: the read functions (get, seek, iteration, stats) are safe
 * from any number of threads on a tree that no one modifies (a committed
 * version). The write functions need exclusive access to a tree that
 * belongs to a writable version.
 */

/*! Longest key: every octet of a 255-octet name escaped, plus separators. */
#define DITTO_TREE_MAXKEY 512
/*! Deepest path of branches from the root to a leaf, root included. */
#define DITTO_TREE_MAXDEPTH (2 * DITTO_TREE_MAXKEY + 4)

/*! One trie word: a branch (bitmap, offset, array) or a leaf (node). */
typedef struct ditto_tree_twig {
	uint64_t word; /*!< private: tag, bitmap, nibble offset, generation */
	void *ptr;     /*!< private: twig array or ditto_node_t */
} ditto_tree_twig_t;

/*! A tree: embed it; initialise with ditto_tree_init(). */
typedef struct ditto_tree {
	ditto_tree_twig_t root; /*!< private: root word; ptr NULL when empty */
	struct ditto_zpool *pool; /*!< private: allocator (zpool.h) or NULL */
	size_t count;             /*!< number of nodes */
	size_t new_arrays; /*!< arrays allocated by writes (statistics) */
	size_t new_nodes;  /*!< leaves set by writes (statistics) */
} ditto_tree_t;

/*!
 * A position in a tree, for ordered walks. About 8 KiB; keep it on the
 * stack or in the transfer's state. Valid while the tree is not modified.
 */
typedef struct ditto_tree_iter {
	const ditto_tree_twig_t *path[DITTO_TREE_MAXDEPTH]; /*!< private */
	unsigned int depth;                                 /*!< private */
	bool before_first;                                  /*!< private */
} ditto_tree_iter_t;

/*!
 * \brief The canonical-order key of \a name (see above) into \a key
 * (DITTO_TREE_MAXKEY bytes). \return its length (0 for the root name).
 * Thread safety: safe.
 */
size_t ditto_tree_key(const uint8_t *name, uint8_t *key);

/*!
 * \brief Like ditto_tree_key(), and also the key length at the end of each
 * label: \a bounds[i] is the length of the key of the name's ancestor with
 * i + 1 labels below the root (its last label's separator included), so
 * bounds[n-1] is the whole key's length, n the name's labels less the
 * root. \a bounds holds DITTO_NAME_MAXLABELS entries.
 * \return the key's length. Thread safety: safe.
 */
size_t ditto_tree_keybounds(const uint8_t *name, uint8_t *key,
                            uint16_t *bounds);

/*!
 * \brief One walk for a name and its ancestors: the node whose key is
 * \a key (from ditto_tree_key() of \a name, whose wire length is \a namelen;
 * NULL and 0 when not at hand), and for each ancestor key length
 * \a bounds[i] (increasing, each < \a len) the node whose key is
 * key[0..bounds[i]) into \a anc[i] (NULL when none).
 *
 * \param common  receives the length of the longest prefix of \a key that
 *                some key in the tree starts with (\a len on a match), so
 *                the ancestor at bounds[i] has a node or a descendant
 *                exactly when bounds[i] <= *common
 * \return the node with this key, or NULL
 * Thread safety: as ditto_tree_get().
 */
const ditto_node_t *ditto_tree_lookup(const ditto_tree_t *tree,
                                      const uint8_t *key, size_t len,
                                      const uint8_t *name, size_t namelen,
                                      const uint16_t *bounds, unsigned int nb,
                                      const ditto_node_t **anc, size_t *common);

/*!
 * \brief The node whose key (ditto_tree_key()) is \a key[0..len), or NULL.
 */
const ditto_node_t *ditto_tree_getkey(const ditto_tree_t *tree,
                                      const uint8_t *key, size_t len);

/*! \brief Number of nodes in the tree. */
size_t ditto_tree_count(const ditto_tree_t *tree);

/*!
 * \brief The node whose owner equals \a name (ASCII case ignored).
 * \return the node (borrowed) or NULL.
 */
const ditto_node_t *ditto_tree_get(const ditto_tree_t *tree,
                                   const uint8_t *name);

/*! \brief First node in canonical order (NULL when empty); \a it is
 * positioned on it. */
const ditto_node_t *ditto_tree_first(const ditto_tree_t *tree,
                                     ditto_tree_iter_t *it);

/*! \brief Last node in canonical order (NULL when empty). */
const ditto_node_t *ditto_tree_last(const ditto_tree_t *tree,
                                    ditto_tree_iter_t *it);

/*! \brief Advance to the next node; NULL past the end (\a it is then
 * spent). */
const ditto_node_t *ditto_tree_next(ditto_tree_iter_t *it);

/*! \brief Step back to the previous node; NULL before the first. */
const ditto_node_t *ditto_tree_prev(ditto_tree_iter_t *it);

/*!
 * \brief Find the greatest node whose name is <= \a name in canonical order
 * (find-less-or-equal), and position \a it on it.
 *
 * \param exact  optional; set to true when that node's name equals \a name
 * \return the node, or NULL when every name in the tree is greater (or the
 *         tree is empty); in that case ditto_tree_next(it) returns the
 *         first node, so "successor" is always next().
 */
const ditto_node_t *ditto_tree_seek(const ditto_tree_t *tree,
                                    const uint8_t *name, ditto_tree_iter_t *it,
                                    bool *exact);

/*! Memory statistics of a tree (ditto_tree_stats()). */
typedef struct ditto_tree_stats {
	size_t nodes;       /*!< nodes (leaves) */
	size_t branches;    /*!< branch twigs */
	size_t arrays;      /*!< twig arrays */
	size_t array_bytes; /*!< bytes requested for twig arrays */
	size_t node_bytes;  /*!< bytes requested for nodes */
	size_t records;     /*!< records (rdatas) in all nodes */
	size_t max_depth;   /*!< deepest leaf, in branches */
} ditto_tree_stats_t;

/*! \brief Walk the whole tree and count its memory. O(size). */
void ditto_tree_stats(const ditto_tree_t *tree, ditto_tree_stats_t *stats);

/*
 * Writer side. Used by version.c; tests use them directly. Every write
 * takes the generation number of the writable version (see above).
 */

/*!
 * \brief Initialise an empty tree whose nodes and arrays come from \a pool
 * (zpool.h; NULL: malloc). Nodes inserted must come from the same pool.
 */
void ditto_tree_init(ditto_tree_t *tree, struct ditto_zpool *pool);

/*!
 * \brief Make \a dst (uninitialised) share the whole content of \a src.
 * \a src is left unchanged; writes to \a dst copy on write.
 */
void ditto_tree_share(ditto_tree_t *dst, const ditto_tree_t *src);

/*! \brief Drop the tree's references; objects no other tree shares are
 * freed. The tree is empty afterwards. */
void ditto_tree_clear(ditto_tree_t *tree);

/*!
 * \brief Insert \a node (its name must not be in the tree).
 * Ownership: takes the caller's reference to \a node on success.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_EXISTS  a node with that name is present (nothing done)
 */
ditto_result_t ditto_tree_insert(ditto_tree_t *tree, uint64_t gen,
                                 ditto_node_t *node);

/*!
 * \brief Prepare the node of \a name for replacement: copies the path, and
 * returns the slot holding the node pointer. The caller stores a node with
 * the same owner name in the slot (or leaves the old one) before any other
 * call on the tree, and releases the old node (ditto__node_detach()) when
 * it stores another. *\a owned is set to true when the slot was already
 * written under \a gen (statistics only: nodes are never changed in place,
 * the old one may still be shared).
 * \return the slot, or NULL when \a name is absent.
 */
ditto_node_t **ditto_tree_modify(ditto_tree_t *tree, uint64_t gen,
                                 const uint8_t *name, bool *owned);

/*!
 * \brief Remove the node of \a name and release it.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND
 */
ditto_result_t ditto_tree_remove(ditto_tree_t *tree, uint64_t gen,
                                 const uint8_t *name);

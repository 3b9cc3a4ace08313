/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Node building and reference counting: the writer side of node.h. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/node.h"
#include "zone/zpool.h"

/*
 * Layout of the one allocation:
 *
 *   struct ditto_node   refs, nsets, namelen, flags      (8 octets)
 *   ditto_rrset_t[nsets] sorted by (type, covers)        (16 each)
 *   owner name                                           (namelen)
 *   records of set 0, set 1, ...  each [len16 BE][rdata]
 *
 * Each set's off_ is the distance from its header to its first record, so
 * a set alone finds its rdatas. Sets' records are contiguous, in set
 * order. Writers never change a node that a committed version holds: they
 * build a new one (ditto__node_add() and friends) and free the old one
 * when its last reference goes.
 */
struct ditto_node {
	_Atomic uint32_t refs; /*!< references from trees (writers only) */
	uint16_t nsets;        /*!< number of RRsets */
	uint8_t namelen;       /*!< wire length of the owner name */
	uint8_t flags;         /*!< DITTO_NODE_* */
	ditto_rrset_t sets[];  /*!< RRset headers, then name and records */
};

/*! Most RRsets at one node. */
#define DITTO_NODE_MAXSETS 4096

/*!
 * \brief A node with no RRset yet (a tree never holds one: add to it
 * first). Ownership: one reference for the caller. Every node function
 * allocates from and frees to \a pool (NULL: malloc), which must be the
 * pool of the trees the node goes into.
 */
ditto_node_t *ditto__node_new(ditto_zpool_t *pool, const uint8_t *name);

/*! \brief Take one more reference. */
void ditto__node_attach(ditto_node_t *node);

/*! \brief Drop one reference; frees the node when it was the last. */
void ditto__node_detach(ditto_zpool_t *pool, ditto_node_t *node);

/*!
 * \brief A node like \a old with one more record.
 *
 * \param old      the node (not changed)
 * \param type, covers, ttl, rdata, rdlen  the record
 * \param flags    DITTO_VERSION_TTL_* (version.h)
 * \param priorttl on DITTO_R_TTLMISMATCH or DITTO_R_EXISTS, the RRset's
 *                 earlier TTL
 * \param out      receives the new node (one reference), or \a old itself
 *                 when nothing changed (DITTO_R_EXISTS without a TTL
 *                 change)
 * \retval DITTO_R_SUCCESS, DITTO_R_EXISTS, DITTO_R_TTLMISMATCH,
 *         DITTO_R_TOOMANY
 */
ditto_result_t ditto__node_add(ditto_zpool_t *pool, const ditto_node_t *old,
                               uint16_t type, uint16_t covers, uint32_t ttl,
                               const uint8_t *rdata, uint16_t rdlen,
                               unsigned int flags, uint32_t *priorttl,
                               ditto_node_t **out);

/*!
 * \brief A node like \a old without one record (an RRset left empty is
 * dropped; the node may be left with no RRset).
 * \param out  receives the new node (one reference)
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND
 */
ditto_result_t ditto__node_delete(ditto_zpool_t *pool, const ditto_node_t *old,
                                  uint16_t type, uint16_t covers,
                                  const uint8_t *rdata, uint16_t rdlen,
                                  ditto_node_t **out);

/*!
 * \brief A node like \a old without the RRset (\a type, \a covers).
 * \param out  receives the new node (one reference)
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND
 */
ditto_result_t ditto__node_delset(ditto_zpool_t *pool, const ditto_node_t *old,
                                  uint16_t type, uint16_t covers,
                                  ditto_node_t **out);

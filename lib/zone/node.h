/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A zone node: an owner name and its RRsets, in one immutable allocation. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zone/rrset.h"

/*
 * A node is one allocation: a small header, the RRset headers (sorted by
 * type, then covered type), the owner name (wire form, case as first seen)
 * and the packed rdatas. Once its version is committed a node never
 * changes; an edit builds a new node and shares everything else.
 *
 * Ownership: nodes are owned by the versions that contain them (refcounted
 * internally). Everything returned here is borrowed while the version is
 * attached or the RCU read-side section lasts.
 * Thread safety: every function here only reads; safe from any number of
 * threads at once, with no writes to shared memory.
 */
typedef struct ditto_node ditto_node_t;

/*! Node flags: which notable RRsets the node holds (ditto_node_flags()). */
#define DITTO_NODE_SOA   0x01 /*!< has SOA */
#define DITTO_NODE_NS    0x02 /*!< has NS */
#define DITTO_NODE_CNAME 0x04 /*!< has CNAME */
#define DITTO_NODE_DNAME 0x08 /*!< has DNAME */
#define DITTO_NODE_DS    0x10 /*!< has DS */
#define DITTO_NODE_NSEC  0x20 /*!< has NSEC */
#define DITTO_NODE_WILD  0x40 /*!< owner's first label is "*" */
#define DITTO_NODE_RRSIG 0x80 /*!< has at least one RRSIG RRset */

/*! \brief The owner name (absolute, uncompressed wire form). */
const uint8_t *ditto_node_name(const ditto_node_t *node);

/*! \brief Number of RRsets at the node (RRSIG RRsets count one per covered
 * type). A node in a tree always has at least one. */
unsigned int ditto_node_count(const ditto_node_t *node);

/*!
 * \brief The RRset at position \a index (0 <= index < ditto_node_count()),
 * in order of (type, covers).
 */
const ditto_rrset_t *ditto_node_rrset(const ditto_node_t *node,
                                      unsigned int index);

/*!
 * \brief The RRsets of \a node in the order BIND's zone dump and its
 * transfers use (SOA, NS, then by type, each RRset followed by the
 * RRSIGs covering it) into \a out, which holds ditto_node_count()
 * entries; the SOA is left out when \a skip_soa.
 * \return the number written
 * Thread safety: safe on a committed version; allocates nothing.
 */
unsigned int ditto_node_dumporder(const ditto_node_t *node, bool skip_soa,
                                  const ditto_rrset_t **out);

/*!
 * \brief Find the RRset of \a type (and, for RRSIG, covering \a covers;
 * pass 0 otherwise). \return the RRset or NULL.
 */
const ditto_rrset_t *ditto_node_find(const ditto_node_t *node, uint16_t type,
                                     uint16_t covers);

/*! \brief The RRSIGs covering \a type at the node, or NULL. Same as
 * ditto_node_find(node, DITTO_TYPE_RRSIG, type). */
const ditto_rrset_t *ditto_node_sigs(const ditto_node_t *node, uint16_t type);

/*! \brief DITTO_NODE_* flags of the node. */
unsigned int ditto_node_flags(const ditto_node_t *node);

/*! \brief Total number of records (rdatas) at the node. */
unsigned int ditto_node_records(const ditto_node_t *node);

/*! \brief Bytes the node's allocation uses (for memory accounting). */
size_t ditto_node_size(const ditto_node_t *node);

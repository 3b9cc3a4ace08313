/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Authoritative lookups in a zone version: match, encloser, cut, NSEC(3). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "zone/node.h"
#include "zone/version.h"

/*
 * The pieces an authoritative answer needs (RFC 1034 section 4.3.2, RFC
 * 4592 for wildcards, RFC 4035/5155 for denial). No answer policy here:
 * the query engine decides what to do with them (DS at a cut, CNAME,
 * wildcard synthesis, ...).
 *
 * Empty non-terminals are not stored as nodes: a name exists when a node
 * is at or below it, which the canonical order makes one successor step.
 *
 * Ownership: every node returned is borrowed from the version.
 * Thread safety: all functions only read; safe from many threads at once
 * on a committed version, without locks or writes to shared memory.
 */

/*! What a name lookup found. */
typedef enum ditto_lookup_status {
	DITTO_LOOKUP_FOUND = 0,  /*!< a node exists at the name */
	DITTO_LOOKUP_ENT,        /*!< the name is an empty non-terminal (it
	                              exists: NODATA, never NXDOMAIN) */
	DITTO_LOOKUP_NXDOMAIN,   /*!< no such name; see encloser, wildcard */
	DITTO_LOOKUP_DELEGATION, /*!< a zone cut (NS, not at the apex) is at
	                              the name or above it: `cut` */
	DITTO_LOOKUP_DNAME,      /*!< a DNAME at a proper ancestor of the name,
	                              above any cut: `cut` */
	DITTO_LOOKUP_NOTZONE,    /*!< the name is not at or below the origin */
} ditto_lookup_status_t;

/*! The result of ditto_lookup_find(). */
typedef struct ditto_lookup {
	ditto_lookup_status_t status; /*!< see above */
	/*! The node at the name, or NULL. Also set for DELEGATION (the cut
	 * itself, or occluded data such as glue below it) and DNAME. */
	const ditto_node_t *node;
	/*! DELEGATION: the node with NS; DNAME: the node with DNAME. The
	 * first one met walking down from the apex. NULL otherwise. */
	const ditto_node_t *cut;
	/*! Labels of the closest encloser (root label included): the name's
	 * own count for FOUND and ENT. Set for FOUND, ENT, NXDOMAIN. */
	unsigned int encloser_labels;
	/*! The node at the closest encloser; NULL when it is an empty
	 * non-terminal. Set for FOUND, ENT, NXDOMAIN. */
	const ditto_node_t *encloser;
	/*! NXDOMAIN: the node "*.<closest encloser>" (the source of wildcard
	 * synthesis), or NULL. */
	const ditto_node_t *wildcard;
} ditto_lookup_t;

/*!
 * \brief Look up \a name (absolute wire name, any case) in \a v.
 *
 * Walks down from the apex: the first node with NS (not the apex) at or
 * above the name gives DELEGATION; the first DNAME at a proper ancestor
 * gives DNAME; whichever is higher wins. Otherwise FOUND, ENT or NXDOMAIN
 * with the closest encloser and its wildcard.
 * \return the status (also in out->status). Every field of \a out is set.
 */
ditto_lookup_status_t ditto_lookup_find(const ditto_version_t *v,
                                        const uint8_t *name,
                                        ditto_lookup_t *out);

/*!
 * \brief The node whose name comes just before \a name in canonical
 * order (strictly less), wrapping around to the last node of the zone
 * when \a name sorts at or before the first. NULL only for an empty tree.
 * \a name need not exist.
 */
const ditto_node_t *ditto_lookup_prev(const ditto_version_t *v,
                                      const uint8_t *name);

/*!
 * \brief The NSEC that matches or covers \a name: the greatest node at or
 * before \a name in canonical order that holds an NSEC RRset, wrapping
 * around to the last such node. Nodes without NSEC (glue, occluded data)
 * are skipped. NULL when no node has an NSEC.
 * \param exact  optional; true when the node's name equals \a name
 */
const ditto_node_t *ditto_lookup_nsec(const ditto_version_t *v,
                                      const uint8_t *name, bool *exact);

/*!
 * \brief The NSEC3 that matches or covers a hashed owner name: the
 * greatest NSEC3 owner <= \a hashed (the absolute name
 * <base32hex(hash)>.<origin>) in canonical order, wrapping around to the
 * last. NULL when the zone has no NSEC3 records.
 * \param exact  optional; true on an exact match
 */
const ditto_node_t *ditto_lookup_nsec3(const ditto_version_t *v,
                                       const uint8_t *hashed, bool *exact);

/*!
 * \brief Number of labels \a a and \a b share from the right (root label
 * included, so always >= 1). Helper for encloser arithmetic.
 */
unsigned int ditto_lookup_common_labels(const uint8_t *a, const uint8_t *b);

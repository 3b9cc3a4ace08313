/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone versions: immutable snapshots, and copy-on-write edits of them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rr.h"
#include "util/result.h"
#include "zone/node.h"
#include "zone/tree.h"

/*
 * A version is a snapshot of one zone: origin, class, the tree of nodes,
 * a separate tree for the NSEC3 records (NSEC3 RRsets and the RRSIGs that
 * cover them live at their hashed owner names there, as in BIND and Knot),
 * the SOA serial and the number of records.
 *
 * Life cycle:
 *
 *   ditto_version_create() --+--> writable --ditto_version_commit()-->
 * committed ditto_version_edit(base) -+    (add/del) (read-only)
 *
 * A writable version built by ditto_version_edit() shares every node and
 * trie path it does not touch with its base; an edit costs in proportion
 * to the change, and never changes the base. Abandoning a writable version
 * is ditto_version_detach() without commit.
 *
 * Ownership: versions are reference counted: create/edit return one
 * reference; ditto_version_attach() adds one, ditto_version_detach() drops
 * one and frees what no other version shares when the last goes. The
 * daemon publishes committed versions with RCU and detaches the old one
 * after a grace period; this library has no threads and no RCU.
 *
 * Thread safety: a committed version is read-only: any number of threads
 * may read it (lookups, iteration) at once, without locks; reads never
 * write to shared memory (no per-lookup refcounts, no caches). attach and
 * detach are atomic. A writable version is used by one thread at a time.
 */
typedef struct ditto_version ditto_version_t;

/*!
 * \brief A new, empty, writable version (initial load, AXFR).
 * \param origin  the zone's origin (absolute wire name; copied)
 * \param rclass  the zone's class; records of another class are refused
 * \param vp      receives the version (one reference)
 * Ownership: the caller detaches *vp.
 */
void ditto_version_create(const uint8_t *origin, uint16_t rclass,
                          ditto_version_t **vp);

/*!
 * \brief A writable version that starts as a copy of the committed \a base
 * (IXFR, dynamic change), sharing all of its data.
 * Requires: \a base is committed. \a base is not changed, and may be
 * detached at any time.
 * Ownership: the caller detaches *vp.
 */
void ditto_version_edit(ditto_version_t *base, ditto_version_t **vp);

/*! \brief Make a writable version immutable. Requires: writable. */
void ditto_version_commit(ditto_version_t *v);

/*! \brief Add a reference: *target = v. */
void ditto_version_attach(ditto_version_t *v, ditto_version_t **target);

/*! \brief Drop a reference and set *vp to NULL; NULL *vp is a no-op. */
void ditto_version_detach(ditto_version_t **vp);

/*! \brief True until ditto_version_commit(). */
bool ditto_version_writable(const ditto_version_t *v);

/*! \brief The origin (wire form; borrowed from the version). */
const uint8_t *ditto_version_origin(const ditto_version_t *v);

/*! \brief The class. */
uint16_t ditto_version_class(const ditto_version_t *v);

/*!
 * \brief The SOA serial, from the SOA record at the origin.
 * \return false when the version has no SOA at the origin.
 */
bool ditto_version_serial(const ditto_version_t *v, uint32_t *serial);

/*! \brief The SOA node (the apex node holding the SOA), or NULL. */
const ditto_node_t *ditto_version_apex(const ditto_version_t *v);

/*! \brief Number of records (rdatas, RRSIGs and NSEC3s included). */
uint64_t ditto_version_records(const ditto_version_t *v);

/*! \brief The tree of owner names (everything but NSEC3 data). */
const ditto_tree_t *ditto_version_tree(const ditto_version_t *v);

/*! \brief The tree of NSEC3 owners: NSEC3 RRsets and the RRSIGs covering
 * NSEC3. Empty for a zone without NSEC3. */
const ditto_tree_t *ditto_version_nsec3tree(const ditto_version_t *v);

/*! \brief Number of zone cuts and DNAMEs below the apex (nodes with NS or
 * DNAME other than the origin). Lookups skip the cut search when 0. */
size_t ditto_version_cuts(const ditto_version_t *v);

/*!
 * \brief Refuse adds that would make the version hold more than
 * \a max_records records (0: no limit, the default). A limit is inherited
 * by edits.
 */
void ditto_version_setlimit(ditto_version_t *v, uint64_t max_records);

/*! Flags of ditto_version_addrr(). */
#define DITTO_VERSION_TTL_KEEP                      \
	0x0 /*!< on a TTL mismatch keep the RRset's \
	         TTL (zone file: "TTL set to prior  \
	         TTL") */
#define DITTO_VERSION_TTL_REPLACE                  \
	0x1 /*!< on a TTL mismatch the RRset takes \
	         the new TTL (IXFR, BIND's "TTL    \
	         differs in rdataset, adjusting") */

/*!
 * \brief Add one record to a writable version.
 *
 * The record is matched against the RRset of its owner, type (and covered
 * type for RRSIG) with ditto_rdata_compare(); rdatas stay sorted in
 * canonical order.
 *
 * \param v        writable version
 * \param rr       the record (everything copied; rr->file/line unused)
 * \param flags    DITTO_VERSION_TTL_*
 * \param priorttl optional; on DITTO_R_TTLMISMATCH receives the TTL the
 *                 RRset had before the add
 * \retval DITTO_R_SUCCESS      added
 * \retval DITTO_R_EXISTS       duplicate: not added again (with
 *                              DITTO_VERSION_TTL_REPLACE the RRset still
 *                              takes a differing TTL)
 * \retval DITTO_R_TTLMISMATCH  added, but rr->ttl differed from the RRset's
 *                              TTL; the flags say which TTL won
 * \retval DITTO_R_NOTZONETOP   owner not at or below the origin (nothing
 *                              done)
 * \retval DITTO_R_BADCLASS     rr->rclass is not the zone's class
 * \retval DITTO_R_BADTYPE      a meta type (ditto_rrtype_ismeta())
 * \retval DITTO_R_FORMERR      an RRSIG too short to name its covered type
 * \retval DITTO_R_TOOMANY      the record limit, or DITTO_RRSET_MAXCOUNT,
 *                              or a node over 4 GiB
 * Security: rr may come from the network; it is bounds-checked, never
 * asserted on.
 */
ditto_result_t ditto_version_addrr(ditto_version_t *v, const ditto_rr_t *rr,
                                   unsigned int flags,
                                   uint32_t *priorttl) DITTO_MUSTCHECK;

/*!
 * \brief Delete one record (matched with ditto_rdata_compare(); the TTL is
 * ignored). An RRset left empty goes away, and a node left empty too.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND    no such record (an IXFR inconsistency)
 * \retval DITTO_R_NOTZONETOP, DITTO_R_BADCLASS, DITTO_R_FORMERR as above
 */
ditto_result_t ditto_version_delrr(ditto_version_t *v,
                                   const ditto_rr_t *rr) DITTO_MUSTCHECK;

/*!
 * \brief Delete the RRset (\a type, \a covers) at \a owner (\a covers is
 * the covered type for RRSIG, 0 otherwise).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND, DITTO_R_NOTZONETOP
 */
ditto_result_t ditto_version_delrrset(ditto_version_t *v, const uint8_t *owner,
                                      uint16_t type,
                                      uint16_t covers) DITTO_MUSTCHECK;

/*!
 * \brief Delete every RRset at \a owner (in both trees).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND, DITTO_R_NOTZONETOP
 */
ditto_result_t ditto_version_delname(ditto_version_t *v,
                                     const uint8_t *owner) DITTO_MUSTCHECK;

/*!
 * Called by the version sink for an event the producer may want to log or
 * treat as fatal: DITTO_R_EXISTS (duplicate add), DITTO_R_TTLMISMATCH
 * (\a priorttl is the RRset's earlier TTL), DITTO_R_NOTFOUND (delete of an
 * absent record), DITTO_R_NOTZONETOP (out-of-zone record, ignored). Return
 * DITTO_R_SUCCESS to go on, anything else to stop the producer with it.
 */
typedef ditto_result_t (*ditto_version_warn_fn)(void *arg, ditto_result_t what,
                                                const ditto_rr_t *rr,
                                                uint32_t priorttl);

/*! State of an RR sink that feeds a writable version. Caller storage. */
typedef struct ditto_version_sink {
	ditto_version_t *version;   /*!< the writable version (borrowed) */
	unsigned int flags;         /*!< DITTO_VERSION_TTL_* for adds */
	ditto_version_warn_fn warn; /*!< optional, see above */
	void *warnarg;              /*!< its argument */
	uint64_t added;             /*!< records added */
	uint64_t deleted;           /*!< records deleted */
	uint64_t duplicates;        /*!< duplicate adds skipped */
	uint64_t ttl_mismatches;    /*!< adds with a differing TTL */
	uint64_t missing;           /*!< deletes of absent records */
	uint64_t outofzone;         /*!< out-of-zone records ignored */
	/*! The node the last add went to (added, duplicate or TTL
	 * mismatch), else NULL: borrowed from the writable version, valid
	 * until its next change. Saves the producer a lookup. */
	const ditto_node_t *node;
} ditto_version_sink_t;

/*!
 * \brief Set up \a s to feed \a v, and return the RR sink to hand to the
 * master-file reader, AXFR or IXFR.
 *
 * Without a warn callback: duplicates and TTL mismatches are counted and
 * the producer goes on; an absent delete stops it with DITTO_R_NOTFOUND
 * and an out-of-zone record with DITTO_R_NOTZONETOP. Any other error of
 * ditto_version_addrr()/delrr() stops the producer.
 * Ownership: \a s and \a v must outlive the producer's use of the sink.
 */
ditto_rrsink_t ditto_version_sink(ditto_version_sink_t *s, ditto_version_t *v,
                                  unsigned int flags,
                                  ditto_version_warn_fn warn, void *warnarg);

/*! Sharing statistics of a writable version (what the edit allocated). */
typedef struct ditto_version_editstats {
	size_t new_arrays; /*!< trie arrays allocated or copied */
	size_t new_nodes;  /*!< nodes created or copied */
} ditto_version_editstats_t;

/*! \brief What the edits of \a v allocated so far (both trees). */
void ditto_version_editstats(const ditto_version_t *v,
                             ditto_version_editstats_t *stats);

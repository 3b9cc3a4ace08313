/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The difference between two versions of one zone, as an IXFR step. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/result.h"
#include "zone/journal.h"
#include "zone/version.h"

/*
 * ditto_diff_versions() compares two committed versions of the same zone
 * (a primary zone before and after `rndc reload` of an edited file) and
 * gives what an IXFR step (RFC 1995) from the old to the new one carries:
 * the old SOA then every record the old version has and the new one lacks,
 * the new SOA then every record the new version has and the old one lacks.
 *
 * Method: one ordered walk of both trees in parallel (the main tree, then
 * the NSEC3 tree), node by node in canonical name order, RRset by RRset in
 * (type, covers) order, rdata by rdata in canonical rdata order
 * (ditto_rdata_compare()). RRSIGs are records like any other. An RRset
 * whose TTL changed is deleted whole and added whole (with its new TTL).
 * Owner names compare without regard to ASCII case, as the trees do; a
 * change of case alone is not a difference.
 *
 * Cost: time proportional to the size of both zones (a full walk, no
 * allocation per node); memory proportional to the difference (one
 * ditto_rr_t per record that differs).
 *
 * Ownership: the records' owner and rdata pointers point into the two
 * versions (their nodes): a diff is valid only while both versions are
 * attached. The arrays are the diff's; ditto_diff_clear() frees them.
 * Thread safety: reads the versions only (committed versions may be read
 * by any number of threads); a ditto_diff_t is used by one thread.
 */

/*! A difference between two versions. Caller storage. */
typedef struct ditto_diff {
	/*! The IXFR step: from = old serial, to = new serial; del[0] is the
	 * old SOA, add[0] the new SOA. Records borrowed from the versions,
	 * arrays owned by the diff. */
	ditto_journal_step_t step;
	ditto_rr_t *del_; /*!< private: owned array behind step.del */
	ditto_rr_t *add_; /*!< private: owned array behind step.add */
	size_t delcap_;   /*!< private: allocated */
	size_t addcap_;   /*!< private: allocated */
} ditto_diff_t;

/*!
 * \brief The difference from \a old to \a new_ (two committed versions of
 * the same zone: same origin and class).
 * \param[out] out  caller storage, assigned only on success; release it
 *                  with ditto_diff_clear()
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  a version has no SOA at its origin (reason
 *                           in \a err)
 * Requires: both committed, same origin and class.
 * Ownership: see above (borrowed records, owned arrays).
 */
ditto_result_t ditto_diff_versions(const ditto_version_t *old,
                                   const ditto_version_t *new_,
                                   ditto_diff_t *out,
                                   ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief True when the two versions hold the same records: no record but
 * the SOA differs, and the SOAs are equal (rdata and TTL).
 */
bool ditto_diff_empty(const ditto_diff_t *d);

/*! \brief Free the arrays of \a d (after a success); \a d is zeroed. */
void ditto_diff_clear(ditto_diff_t *d);

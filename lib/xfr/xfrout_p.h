/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Internals of the transfer-out stream, shared by xfrout.c and
 * xfrout_ixfr.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "util/mem.h"
#include "xfr/xfrout.h"
#include "zone/rrset.h"
#include "zone/tree.h"

/*! Where the stream's cursor is. */
typedef enum xo_phase {
	XO_SOA1 = 0, /*!< the opening SOA */
	XO_MAIN,     /*!< AXFR: the main tree */
	XO_NSEC3,    /*!< AXFR: the NSEC3 tree */
	XO_STEPS,    /*!< IXFR: the steps' records */
	XO_SOA2,     /*!< the closing SOA */
	XO_DONE      /*!< nothing left */
} xo_phase_t;

/*! What the stream sends. */
typedef enum xo_mode {
	XO_MODE_AXFR = 0, /*!< the whole version */
	XO_MODE_IXFR,     /*!< the fed steps (or one SOA when none) */
} xo_mode_t;

/*! One record to write (borrowed pointers). */
typedef struct xo_rec {
	const uint8_t *owner; /*!< absolute wire name */
	uint16_t type;        /*!< RR type */
	uint32_t ttl;         /*!< TTL */
	const uint8_t *rdata; /*!< uncompressed wire rdata */
	uint16_t rdlen;       /*!< its length */
} xo_rec_t;

/*! One IXFR step, copied into the stream's arena. */
typedef struct xo_step {
	uint32_t from;  /*!< serial before */
	uint32_t to;    /*!< serial after */
	xo_rec_t *recs; /*!< deleted records, then added records */
	size_t ndel;    /*!< deleted records (recs[0..ndel)) */
	size_t nrecs;   /*!< all records */
} xo_step_t;

struct ditto_xfrout {
	ditto_xfrout_req_t req;     /*!< the request */
	size_t msgsize;             /*!< soft message size */
	bool one_answer;            /*!< one record per message */
	ditto_xfr_tsig_t tsig;      /*!< signing hook (copy) */
	bool has_tsig;              /*!< tsig is set */
	ditto_version_t *version;   /*!< pinned version */
	uint16_t rclass;            /*!< the zone's class */
	uint32_t serial;            /*!< the version's serial */
	xo_rec_t soa;               /*!< the version's SOA */
	xo_mode_t mode;             /*!< what is sent */
	xo_phase_t phase;           /*!< cursor phase */
	bool started;               /*!< a message was pulled */
	ditto_xfrout_stats_t stats; /*!< counters */

	/* AXFR cursor */
	ditto_tree_iter_t it;        /*!< position in the current tree */
	const ditto_node_t *node;    /*!< current node, NULL: tree not begun */
	const ditto_rrset_t **order; /*!< the node's RRsets, in send order */
	unsigned int ordercap;       /*!< entries allocated in order */
	unsigned int norder;         /*!< entries used */
	unsigned int oidx;           /*!< current entry */
	ditto_rrset_it_t rit;        /*!< current rdata of order[oidx] */

	/* IXFR steps */
	ditto_arena_t arena;     /*!< copies of the steps' records */
	xo_step_t *steps;        /*!< steps fed */
	size_t nsteps;           /*!< their number */
	size_t stepcap;          /*!< entries allocated */
	size_t si;               /*!< cursor: current step */
	size_t ri;               /*!< cursor: record in it */
	uint64_t steprecs;       /*!< records fed */
	const uint8_t *lastcopy; /*!< owner copied last (deduplication) */

	/* per message: the owner written last, for compressing the next */
	const uint8_t *prev;     /*!< its name, NULL: none yet */
	unsigned int prevlabels; /*!< its labels (root excluded) */
	uint16_t prevlab[DITTO_NAME_MAXLABELS]; /*!< where each label starts
	                                             in the name */
	uint16_t prevoff[DITTO_NAME_MAXLABELS]; /*!< message offset of the
	                                             suffix from each label,
	                                             0: not a pointer target */
};

/*! \brief IXFR cursor: make the current record valid or move on to
 * XO_SOA2. */
void ditto__xfrout_settle_steps(ditto_xfrout_t *x);

/*! \brief IXFR cursor: the current record. Requires phase XO_STEPS. */
const xo_rec_t *ditto__xfrout_steprec(const ditto_xfrout_t *x);

/*! \brief IXFR: check the fed chain before the first message.
 * \retval DITTO_R_SUCCESS, DITTO_R_RANGE */
ditto_result_t ditto__xfrout_checkchain(ditto_xfrout_t *x);

/*! \brief Free what the IXFR part holds. */
void ditto__xfrout_freesteps(ditto_xfrout_t *x);

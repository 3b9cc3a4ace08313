/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The refresh check: build an SOA query, judge the primary's answer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"
#include "xfr/xfr.h"

/*! Options of ditto_soaquery_build(). Zero-initialise, then set. */
typedef struct ditto_soaquery_opts {
	uint16_t id;                  /*!< message id (random, caller's) */
	bool edns;                    /*!< add an OPT record */
	uint16_t udpsize;             /*!< its payload size (0: 1232) */
	bool expire;                  /*!< ask for EDNS EXPIRE (RFC 7314) */
	const ditto_xfr_tsig_t *tsig; /*!< optional signing hook */
} ditto_soaquery_opts_t;

/*!
 * \brief Build the SOA query of a refresh check: QUERY, no RD, question
 * (origin, SOA, class), optional OPT (with an empty EXPIRE option when
 * asked), signed through opts->tsig->sign when set.
 * \param buf, size  output; *len gets the message length
 * \param err        optional reason on failure
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, or the signer's result
 * Thread safety: safe.
 */
ditto_result_t ditto_soaquery_build(const uint8_t *origin, uint16_t rclass,
                                    const ditto_soaquery_opts_t *opts,
                                    uint8_t *buf, size_t size, size_t *len,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*! What the answer means for the refresh (what to do next). */
typedef enum ditto_soaquery_verdict {
	DITTO_SOAQUERY_NEWER = 0, /*!< the primary is ahead: transfer */
	DITTO_SOAQUERY_SAME,      /*!< same serial: up to date
	                               (ditto_refresh_uptodate()) */
	DITTO_SOAQUERY_OLDER,     /*!< the primary is behind, or 2^31 away
	                               (undefined): no transfer, log it */
	DITTO_SOAQUERY_TRUNCATED, /*!< TC over UDP: BIND goes straight to the
	                               transfer over TCP; do the same */
	DITTO_SOAQUERY_ERROR,     /*!< unusable answer: try the next primary;
	                               reason in err */
} ditto_soaquery_verdict_t;

/*! The judged answer. */
typedef struct ditto_soaquery_answer {
	ditto_soaquery_verdict_t verdict; /*!< what to do */
	uint16_t rcode;                   /*!< the answer's rcode */
	uint32_t serial;     /*!< the primary's serial (NEWER/SAME/OLDER) */
	uint32_t refresh;    /*!< SOA refresh of the answer */
	uint32_t retry;      /*!< SOA retry */
	uint32_t expire;     /*!< SOA expire */
	int64_t edns_expire; /*!< EDNS EXPIRE value, -1 when absent */
	ditto_err_t err;     /*!< ERROR: the reason as BIND words it after
	                          "refresh: " (the daemon appends "from primary
	                          ADDR (source ADDR)"), e.g. "unexpected rcode
	                          (REFUSED)", "non-authoritative answer" */
} ditto_soaquery_answer_t;

/*!
 * \brief Judge the answer to an SOA query.
 *
 * Checks, in order: it parses; id, QR and opcode match; the question (if
 * any) is (origin, SOA, class); TSIG (tsig->verify, when set); TC; rcode
 * NOERROR; AA; exactly one SOA at the origin in the answer section (else
 * "CNAME at top of zone", "referral response", "NODATA response" or
 * "answer SOA count (N) != 1"). Then the serial against ours.
 *
 * \param wire, len    the answer (untrusted)
 * \param id           the id of our query
 * \param have_serial  false when we hold no data: any SOA is NEWER
 * \param serial       our serial
 * \param arena        scratch for the parse (reset by the caller)
 * \param out          the verdict and details (always filled)
 * \return out->verdict
 * Security: \a wire is untrusted network input; never asserts on it.
 * Thread safety: safe on distinct \a out and \a arena.
 */
ditto_soaquery_verdict_t ditto_soaquery_parse(
        const uint8_t *wire, size_t len, uint16_t id, const uint8_t *origin,
        uint16_t rclass, const ditto_xfr_tsig_t *tsig, bool have_serial,
        uint32_t serial, ditto_arena_t *arena, ditto_soaquery_answer_t *out);

/*! \brief Name of a verdict ("newer", "same", ...). */
const char *ditto_soaquery_verdictname(ditto_soaquery_verdict_t v);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Building a DNS message: compression, size limit, truncation, OPT. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/compress.h"
#include "dns/edns.h"
#include "dns/msg.h"
#include "dns/rr.h"
#include "util/buf.h"
#include "util/result.h"

/*! Flags of ditto_render_end_rrset() and friends. */
#define DITTO_RENDER_OPTIONAL                         \
	0x1 /*!< on overflow drop it silently (no TC) \
	         and keep the builder open */

/*!
 * A message being built, in caller storage. Usage:
 *
 *     ditto_render_begin(&r, buf, sizeof(buf), 512, &hdr);
 *     ditto_render_setedns(&r, &edns);          // reserves its space
 *     ditto_render_question(&r, qname, qtype, qclass);
 *     ditto_render_rrs(&r, DITTO_SECTION_ANSWER, rrs, n, 0);
 *     ditto_render_rrs(&r, DITTO_SECTION_ADDITIONAL, glue, m,
 *                      DITTO_RENDER_OPTIONAL);
 *     ditto_render_finish(&r, &len);
 *
 * Records go in as RRsets (units): when a unit does not fit below the
 * size limit (minus reserved space), the message is rolled back to the
 * unit's start. A normal unit then sets TC and closes the message
 * (DITTO_R_TRUNCATED; later adds are refused with the same result), as
 * BIND does for answers; an optional unit is dropped without TC
 * (DITTO_R_NOSPACE) and later units may still fit, as BIND does for the
 * additional section. Sections must be filled in order.
 *
 * `hdr` may be changed by the caller at any time before finish; the
 * extended bits of hdr.rcode go into the OPT record.
 * Thread safety: one thread at a time. Never allocates.
 */
typedef struct ditto_render {
	ditto_msg_header_t hdr;               /*!< header to write */
	ditto_buf_t buf;                      /*!< cursor (size: usable end) */
	ditto_compress_t comp;                /*!< compression state */
	size_t limit;                         /*!< size limit of the message */
	size_t reserved;                      /*!< bytes kept for OPT/TSIG */
	size_t qend;                          /*!< offset past the questions */
	uint16_t counts[DITTO_SECTION_COUNT]; /*!< records per section */
	ditto_section_t section;              /*!< section being filled */
	bool tc;                              /*!< truncated: closed */
	bool has_edns;       /*!< an OPT record will be added */
	ditto_edns_t edns;   /*!< its content */
	bool in_unit;        /*!< inside begin/end_rrset */
	bool unit_failed;    /*!< a record of it did not fit */
	size_t unit_pos;     /*!< offset where the unit began */
	uint16_t unit_count; /*!< count before the unit */
} ditto_render_t;

/*!
 * \brief Start a message in \a buf.
 * \param limit  size limit (512, the EDNS size, 65535 for TCP); the
 *               usable size is min(bufsize, limit), at least 12
 * \param hdr    header (copied); TC is set by truncation
 */
void ditto_render_begin(ditto_render_t *r, uint8_t *buf, size_t bufsize,
                        size_t limit, const ditto_msg_header_t *hdr);

/*!
 * \brief Add an OPT record at finish, and reserve its space now.
 * Option data in \a edns is borrowed until ditto_render_finish().
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (it does not fit: no OPT)
 */
ditto_result_t ditto_render_setedns(ditto_render_t *r,
                                    const ditto_edns_t *edns) DITTO_MUSTCHECK;

/*!
 * \brief Keep \a n bytes free below the limit (e.g. for a TSIG record the
 * caller appends after finish).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_render_reserve(ditto_render_t *r,
                                    size_t n) DITTO_MUSTCHECK;

/*!
 * \brief Add a question.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (nothing written)
 */
ditto_result_t ditto_render_question(ditto_render_t *r, const uint8_t *name,
                                     uint16_t type,
                                     uint16_t rclass) DITTO_MUSTCHECK;

/*! \brief Start a unit (usually one RRset) in \a section. */
void ditto_render_begin_rrset(ditto_render_t *r, ditto_section_t section);

/*!
 * \brief Add one record to the current unit. Failures are reported by
 * ditto_render_end_rrset(). \a rdata is uncompressed wire rdata.
 */
void ditto_render_add(ditto_render_t *r, const uint8_t *owner, uint16_t type,
                      uint16_t rclass, uint32_t ttl, const uint8_t *rdata,
                      uint16_t rdlen);

/*!
 * \brief End the current unit.
 * \retval DITTO_R_SUCCESS    it is in the message
 * \retval DITTO_R_TRUNCATED  it did not fit: rolled back, TC set, closed
 * \retval DITTO_R_NOSPACE    it did not fit and \a flags has
 *                            DITTO_RENDER_OPTIONAL: rolled back
 */
ditto_result_t ditto_render_end_rrset(ditto_render_t *r, unsigned int flags);

/*! \brief One record as its own unit (begin, add, end). */
ditto_result_t ditto_render_rr(ditto_render_t *r, ditto_section_t section,
                               const ditto_rr_t *rr, unsigned int flags);

/*! \brief \a n records as one unit. */
ditto_result_t ditto_render_rrs(ditto_render_t *r, ditto_section_t section,
                                const ditto_rr_t *rrs, size_t n,
                                unsigned int flags);

/*!
 * \brief Drop every record after the question section and set TC (a
 * minimal truncated answer).
 */
void ditto_render_truncate(ditto_render_t *r);

/*!
 * \brief Write the OPT record and the header; the message is the first
 * *len bytes of the buffer. Reserved space is released (the caller may
 * append up to the limit, updating ARCOUNT itself).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE  hdr.rcode > 15 without an OPT record
 */
ditto_result_t ditto_render_finish(ditto_render_t *r,
                                   size_t *len) DITTO_MUSTCHECK;

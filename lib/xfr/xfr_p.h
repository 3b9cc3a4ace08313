/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Helpers shared by the lib/xfr modules (not public). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/render.h"
#include "dns/rr.h"
#include "xfr/xfr.h"

/*! Longest text of one record in an error reason (longer is cut). */
#define DITTO__XFR_RRTEXT 160

/*!
 * \brief "owner TYPE rdata" of \a rr for a log line, cut to fit \a size
 * (ending in "..." when cut). Thread safety: safe.
 */
void ditto__xfr_rrtext(const ditto_rr_t *rr, char *buf, size_t size);

/*!
 * \brief Offset of record \a index of \a section in the message \a msg
 * was parsed from (a walk of the wire; for error reports only).
 * \return the offset, or msg->end when it cannot be found.
 */
size_t ditto__xfr_rroffset(const ditto_msg_t *msg, int section,
                           unsigned int index);

/*! \brief The serial of SOA rdata, or 0 when too short. */
uint32_t ditto__xfr_soaserial(const uint8_t *rdata, size_t rdlen);

/*!
 * \brief The refresh, retry, expire fields of SOA rdata.
 * \return false when the rdata is too short.
 */
bool ditto__xfr_soatimers(const uint8_t *rdata, size_t rdlen, uint32_t *refresh,
                          uint32_t *retry, uint32_t *expire);

/*!
 * \brief Check that \a msg answers our query: id \a id, QR set, opcode
 * \a opcode, and its question (when present, or always when
 * \a need_question) is (\a origin, \a qtype, \a rclass) with one entry.
 * \retval DITTO_R_SUCCESS, DITTO_R_FORMERR (reason in \a err)
 */
ditto_result_t ditto__xfr_checkreply(const ditto_msg_t *msg, uint16_t id,
                                     uint8_t opcode, const uint8_t *origin,
                                     uint16_t qtype, uint16_t rclass,
                                     bool need_question, ditto_err_t *err);

/*!
 * \brief Start a query message: header (id, \a opcode, \a flags), the
 * question, OPT when \a edns (payload \a udpsize) with \a opts options,
 * and space kept for TSIG. The caller adds records and finishes.
 */
ditto_result_t ditto__xfr_beginquery(ditto_render_t *r, uint8_t *buf,
                                     size_t size, uint16_t id, uint8_t opcode,
                                     uint16_t flags, const uint8_t *origin,
                                     uint16_t qtype, uint16_t rclass,
                                     const ditto_edns_t *edns,
                                     const ditto_xfr_tsig_t *tsig);

/*!
 * \brief Finish a message begun with ditto__xfr_beginquery() and sign it
 * through \a tsig->sign when set.
 */
ditto_result_t ditto__xfr_endquery(ditto_render_t *r, uint8_t *buf, size_t size,
                                   const ditto_xfr_tsig_t *tsig, size_t *len,
                                   ditto_err_t *err);

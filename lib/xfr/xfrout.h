/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Outgoing zone transfers: AXFR (RFC 5936) and IXFR (RFC 1995) streams. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "util/err.h"
#include "util/result.h"
#include "xfr/xfr.h"
#include "zone/journal.h"
#include "zone/version.h"

/*
 * The server side of a zone transfer, bytes out only: the daemon parses
 * the request with ditto_xfrout_request(), decides access, picks the
 * version and (for IXFR) feeds the journal steps, then pulls one message
 * at a time with ditto_xfrout_next() and writes it to its socket (with the
 * two-octet TCP length). Nothing here reads a socket, a clock or a file.
 *
 * Shapes of the stream (the first message carries the question, the later
 * ones none, as named 9.18 sends them; every message has the request's
 * id, opcode QUERY, and the flags QR and AA only: named clears RD in
 * transfer responses):
 *   AXFR                  SOA, every other record of the version in
 *                         canonical order (apex first), SOA
 *   IXFR, steps given     SOA(new), then per step: SOA(from), deleted,
 *                         SOA(to), added; then SOA(new)   (RFC 1995 s4)
 *   IXFR, client current  one message with the SOA(current) only
 *   IXFR, no usable steps the AXFR shape (RFC 1995 s4: "an AXFR-style
 *                         IXFR"), the question type stays IXFR
 *
 * Packing: many-answers puts records in a message until the next one
 * would take it over `msgsize` octets (the first record always goes in,
 * even when alone it is larger; the hard limit is 65535 minus the TSIG
 * reserve); one-answer puts one record per message. Names are
 * compressed within a message.
 *
 * Memory: an AXFR holds a reference on the version and an iterator; it
 * never copies the zone. An IXFR copies the steps it is fed into its own
 * arena (bounded by what the caller feeds: the journal, max-ixfr-ratio).
 */

/*! A parsed transfer request. */
typedef struct ditto_xfrout_req {
	uint16_t id;                /*!< query id */
	uint16_t flags;             /*!< request flags RD and CD (for the
	                                 daemon's logs; responses do not
	                                 echo them, as named does not) */
	uint16_t qtype;             /*!< DITTO_TYPE_AXFR or DITTO_TYPE_IXFR */
	uint16_t qclass;            /*!< question class */
	ditto_name_storage_t qname; /*!< zone name, wire form */
	bool has_serial;            /*!< IXFR: the authority SOA was given */
	uint32_t serial;            /*!< IXFR: the client's serial */
} ditto_xfrout_req_t;

/*!
 * \brief Check that \a msg (fully parsed, ditto_msg_parse()) is a transfer
 * request and extract it: opcode QUERY, QR clear, exactly one question of
 * type AXFR or IXFR; for IXFR exactly one SOA in the authority section
 * whose owner is the question name and whose rdata parses (the serial),
 * nothing else in the answer or authority sections.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FORMERR  malformed (reason in \a err): answer FORMERR
 * Thread safety: safe.
 * Security: \a msg is untrusted network input; every field is checked.
 */
ditto_result_t ditto_xfrout_request(const ditto_msg_t *msg,
                                    ditto_xfrout_req_t *out,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*! Options of a stream. */
typedef struct ditto_xfrout_opts {
	size_t msgsize;  /*!< transfer-message-size (soft limit, octets);
	                      0: 20480, named's default; values above 65535
	                      are clamped */
	bool one_answer; /*!< transfer-format one-answer */
} ditto_xfrout_opts_t;

/*! Counters of a stream, for the "AXFR ended" log line. */
typedef struct ditto_xfrout_stats {
	uint64_t messages; /*!< messages produced */
	uint64_t records;  /*!< records in the answer sections */
	uint64_t bytes;    /*!< octets of the messages (no TCP length) */
} ditto_xfrout_stats_t;

typedef struct ditto_xfrout ditto_xfrout_t;

/*!
 * \brief Start an AXFR-shaped stream of \a v for \a req (AXFR, or an IXFR
 * answered in full).
 * \param tsig  signing hook (copied; its argument borrowed for the life of
 *              the stream), NULL: unsigned. Every message is signed.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  \a v has no SOA (the caller answers SERVFAIL)
 * Ownership: the stream takes a reference on \a v; free it with
 * ditto_xfrout_destroy().
 * Thread safety: the stream is used by one thread at a time; \a v is a
 * committed (immutable) version.
 */
ditto_result_t ditto_xfrout_axfr(const ditto_xfrout_req_t *req,
                                 ditto_version_t *v,
                                 const ditto_xfrout_opts_t *opts,
                                 const ditto_xfr_tsig_t *tsig,
                                 ditto_xfrout_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Start an IXFR stream answering \a req from the current version
 * \a v: feed the steps from req->serial to v's serial with
 * ditto_xfrout_addstep(), in order, then pull messages. With no step fed
 * the stream is the single SOA of \a v (the client is current).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND (no SOA in \a v)
 * Ownership, thread safety: as ditto_xfrout_axfr().
 */
ditto_result_t ditto_xfrout_ixfr(const ditto_xfrout_req_t *req,
                                 ditto_version_t *v,
                                 const ditto_xfrout_opts_t *opts,
                                 const ditto_xfr_tsig_t *tsig,
                                 ditto_xfrout_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Copy one journal step into an IXFR stream (usable directly as
 * the callback of ditto_journal_read(): \a arg is the stream). Steps must
 * chain (each from is the previous to); the first from is req->serial
 * and the last to must be the version's serial (checked by
 * ditto_xfrout_next(), which fails with DITTO_R_RANGE otherwise).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE  the step does not chain, or the first step
 *                        deletes no SOA / adds no SOA
 * Requires: a stream from ditto_xfrout_ixfr(), no message pulled yet.
 */
ditto_result_t ditto_xfrout_addstep(void *arg,
                                    const ditto_journal_step_t *step);

/*! \brief Records fed so far by ditto_xfrout_addstep() (deleted + added),
 * for max-ixfr-ratio. */
uint64_t ditto_xfrout_steprecords(const ditto_xfrout_t *x);

/*!
 * \brief Render the next message into \a buf (\a size octets; 65535 is
 * always enough) and sign it through the hook.
 * \param[out] len   its length
 * \param[out] last  true when this is the last message of the stream
 * \retval DITTO_R_SUCCESS   a message was written
 * \retval DITTO_R_NOMORE    the stream already ended (nothing written)
 * \retval DITTO_R_RANGE     IXFR steps that do not end at the version's
 *                           serial (nothing written; answer with AXFR)
 * \retval DITTO_R_NOSPACE   \a size too small for one record
 * \retval other             the TSIG hook's failure
 * Thread safety: one thread at a time per stream.
 */
ditto_result_t ditto_xfrout_next(ditto_xfrout_t *x, uint8_t *buf, size_t size,
                                 size_t *len, bool *last) DITTO_MUSTCHECK;

/*! \brief The stream's counters so far. */
void ditto_xfrout_getstats(const ditto_xfrout_t *x, ditto_xfrout_stats_t *st);

/*! \brief The serial the stream ends at (the version's). */
uint32_t ditto_xfrout_serial(const ditto_xfrout_t *x);

/*! \brief True when the stream is IXFR-shaped with steps (not AXFR-style,
 * not a single SOA): "IXFR" vs "AXFR" in the log lines. */
bool ditto_xfrout_incremental(const ditto_xfrout_t *x);

/*! \brief Free the stream and drop its version reference; NULL is a
 * no-op. */
void ditto_xfrout_destroy(ditto_xfrout_t **xp);

/*!
 * \brief Render a response to \a req carrying no records: rcode \a rcode
 * (REFUSED, NOTAUTH, SERVFAIL, FORMERR, NOTIMP; at most 15), flags QR
 * only (AA and RD clear, as named's), the question echoed when
 * req->qtype is not 0 (a zeroed \a req gives a header-only message),
 * then signed through \a tsig when given.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, or the hook's failure
 * Thread safety: safe.
 */
ditto_result_t ditto_xfrout_error(const ditto_xfrout_req_t *req, uint16_t rcode,
                                  const ditto_xfr_tsig_t *tsig, uint8_t *buf,
                                  size_t size, size_t *len) DITTO_MUSTCHECK;

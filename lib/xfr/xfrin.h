/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Incoming zone transfer (AXFR, IXFR with AXFR fallback), sans-IO. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rr.h"
#include "util/err.h"
#include "util/result.h"
#include "xfr/xfr.h"
#include "zone/version.h"

/*
 * Usage (the daemon owns the socket and the clock):
 *
 *     ditto_xfrin_create(&opts, &x);
 *     ditto_xfrin_request(x, buf, sizeof(buf), &len);   // send it
 *     do {
 *             read one message (TCP: after its 2-byte length);
 *             next = ditto_xfrin_consume(x, msg, msglen, now_us);
 *     } while (next == DITTO_XFRIN_MORE);
 *     // on a timeout or a closed connection: ditto_xfrin_abort()
 *     switch (next) {
 *     case DITTO_XFRIN_DONE:          journal ditto_xfrin_step()s, then
 *                                     publish ditto_xfrin_take()
 *     case DITTO_XFRIN_UPTODATE:      ditto_refresh_uptodate()
 *     case DITTO_XFRIN_FALLBACK_AXFR: new xfrin with type AXFR, same
 *                                     primary, same refresh
 *     case DITTO_XFRIN_TCP:           same request again over TCP
 *     case DITTO_XFRIN_FAIL:          keep the old version, log
 *                                     ditto_xfrin_error(), retry later
 *     }
 *     ditto_xfrin_destroy(&x);
 *
 * The live version is never written: AXFR builds a new version, IXFR an
 * edit of the base (copy-on-write); a failed transfer's version is
 * dropped with the state machine.
 */

/*! Requested transfer type. */
typedef enum ditto_xfrin_type {
	DITTO_XFRIN_AXFR = 0, /*!< full transfer */
	DITTO_XFRIN_IXFR,     /*!< incremental from the base version */
} ditto_xfrin_type_t;

/*! What the caller does next (the result of consume and abort). */
typedef enum ditto_xfrin_next {
	DITTO_XFRIN_MORE = 0,      /*!< feed the next message */
	DITTO_XFRIN_DONE,          /*!< complete: publish ditto_xfrin_take() */
	DITTO_XFRIN_UPTODATE,      /*!< the primary has nothing newer */
	DITTO_XFRIN_FALLBACK_AXFR, /*!< the IXFR failed: retry with AXFR now */
	DITTO_XFRIN_TCP,           /*!< UDP answer truncated: retry over TCP */
	DITTO_XFRIN_FAIL,          /*!< failed: keep the old version */
} ditto_xfrin_next_t;

/*! Limits on one transfer (0 = no limit). A hostile primary cannot make
 * a transfer use more memory than these allow. */
typedef struct ditto_xfrin_limits {
	uint64_t max_records;    /*!< records in the zone (max-records) */
	uint64_t max_rrs;        /*!< records received in the transfer */
	uint64_t max_bytes;      /*!< bytes received (messages, no TCP
	                              length prefixes) */
	uint32_t max_messages;   /*!< messages received */
	uint64_t max_diff_bytes; /*!< memory kept for the IXFR diff
	                              (0: 64 MiB) */
} ditto_xfrin_limits_t;

/*! Options of ditto_xfrin_create(). Zero-initialise, then set. */
typedef struct ditto_xfrin_opts {
	const uint8_t *origin;        /*!< zone origin (copied) */
	uint16_t rclass;              /*!< zone class (0: IN) */
	ditto_xfrin_type_t type;      /*!< AXFR or IXFR */
	ditto_version_t *base;        /*!< current committed version (needed
	                                   for IXFR; attached, may be NULL for
	                                   AXFR) */
	uint16_t id;                  /*!< request id */
	bool udp;                     /*!< the request goes over UDP (IXFR) */
	bool edns;                    /*!< add OPT to the request */
	uint16_t udpsize;             /*!< its payload size (0: 1232) */
	ditto_xfrin_limits_t limits;  /*!< limits */
	bool keep_diff;               /*!< record the IXFR diff for a journal */
	const ditto_xfr_tsig_t *tsig; /*!< optional TSIG hook (borrowed) */
	int64_t start_us;             /*!< start time, microseconds */
} ditto_xfrin_opts_t;

/*! Counters of a transfer, for BIND's "Transfer completed" line. */
typedef struct ditto_xfrin_stats {
	uint32_t messages; /*!< messages accepted */
	uint64_t records;  /*!< answer records received (SOAs included) */
	uint64_t bytes;    /*!< message bytes received */
	int64_t start_us;  /*!< start time */
	int64_t end_us;    /*!< time of the last consume/abort */
	uint32_t serial;   /*!< serial of the new version (end serial) */
	bool axfr;         /*!< the answer was a full zone (AXFR or
	                        AXFR-style IXFR) */
	uint64_t added;    /*!< records added to the version */
	uint64_t deleted;  /*!< records deleted (IXFR) */
	uint32_t steps;    /*!< IXFR diff steps applied */
} ditto_xfrin_stats_t;

/*!
 * One IXFR step, from serial `from` to serial `to`: the records deleted
 * (the old SOA first) and added (the new SOA first), in wire order, as
 * RFC 1995 sends them. Owners and rdata are borrowed from the state
 * machine (valid until ditto_xfrin_destroy()).
 */
typedef struct ditto_xfrin_step {
	uint32_t from;   /*!< serial before the step */
	uint32_t to;     /*!< serial after it */
	ditto_rr_t *del; /*!< deleted records */
	size_t ndel;     /*!< their number */
	ditto_rr_t *add; /*!< added records */
	size_t nadd;     /*!< their number */
	size_t delcap_;  /*!< private */
	size_t addcap_;  /*!< private */
} ditto_xfrin_step_t;

typedef struct ditto_xfrin ditto_xfrin_t;

/*!
 * \brief A new transfer state machine.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  IXFR requested but the base has no SOA
 * Ownership: the caller destroys *xp; opts->base gets its own reference.
 * Thread safety: a state machine is used by one thread at a time.
 */
ditto_result_t ditto_xfrin_create(const ditto_xfrin_opts_t *opts,
                                  ditto_xfrin_t **xp) DITTO_MUSTCHECK;

/*! \brief Free the state machine and any version it still holds; NULL
 * *xp is a no-op. */
void ditto_xfrin_destroy(ditto_xfrin_t **xp);

/*!
 * \brief The request: QUERY for (origin, AXFR|IXFR, class), for IXFR with
 * our SOA in the authority section (RFC 1995 section 3), signed through
 * the TSIG hook.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, or the signer's result
 */
ditto_result_t ditto_xfrin_request(ditto_xfrin_t *x, uint8_t *buf, size_t size,
                                   size_t *len) DITTO_MUSTCHECK;

/*!
 * \brief Feed the next response message (one DNS message, without the
 * TCP length prefix).
 * \param now_us  current time, microseconds (for the statistics)
 * \return what to do next. After anything but MORE the state machine is
 * finished and further calls return the same value.
 * Security: \a wire is untrusted network input; every error is a result
 * with a reason (ditto_xfrin_error()), never an assertion. Memory is
 * bounded by the limits.
 */
ditto_xfrin_next_t ditto_xfrin_consume(ditto_xfrin_t *x, const uint8_t *wire,
                                       size_t len, int64_t now_us);

/*!
 * \brief The transport failed before the end (connection closed, time
 * out, read error): \a reason says how ("connection reset"). An IXFR
 * gives FALLBACK_AXFR, an AXFR FAIL. No effect once finished (returns the
 * earlier result).
 */
ditto_xfrin_next_t ditto_xfrin_abort(ditto_xfrin_t *x, const char *reason,
                                     int64_t now_us);

/*!
 * \brief The new committed version after DONE; the caller gets the
 * reference (NULL before DONE or when already taken).
 */
ditto_version_t *ditto_xfrin_take(ditto_xfrin_t *x);

/*!
 * \brief Why the transfer failed (after FAIL, FALLBACK_AXFR or TCP), e.g.
 * "IXFR failed: delete of record we do not have 'x.example. A 192.0.2.1'
 * at message 3 offset 112"; err->offset is the offset in the stream of
 * messages. Borrowed from \a x.
 */
const ditto_err_t *ditto_xfrin_error(const ditto_xfrin_t *x);

/*!
 * \brief The result code behind a failure (DITTO_R_FORMERR, ...), or
 * DITTO_R_SUCCESS.
 */
ditto_result_t ditto_xfrin_result(const ditto_xfrin_t *x);

/*!
 * \brief BIND's words for the outcome, as in "Transfer status: <text>":
 * "success", "up to date", "FORMERR", "REFUSED", "timed out", ...
 */
const char *ditto_xfrin_status(const ditto_xfrin_t *x);

/*! \brief The counters (borrowed). */
const ditto_xfrin_stats_t *ditto_xfrin_stats(const ditto_xfrin_t *x);

/*! \brief Number of IXFR steps recorded (keep_diff; 0 for AXFR). */
size_t ditto_xfrin_nsteps(const ditto_xfrin_t *x);

/*! \brief Step \a i (borrowed), i < ditto_xfrin_nsteps(). */
const ditto_xfrin_step_t *ditto_xfrin_step(const ditto_xfrin_t *x, size_t i);

/*!
 * \brief BIND 9.18's completion line, without the log prefix:
 * "Transfer completed: 1 messages, 14 records, 365 bytes, 0.001 secs
 * (365000 bytes/sec) (serial 2026010101)". Elapsed time is counted in
 * milliseconds (at least 1). NUL-terminated, truncated to fit.
 * Thread safety: safe.
 */
void ditto_xfrin_completed(const ditto_xfrin_stats_t *stats, char *buf,
                           size_t size);

/*! \brief Name of a next-action ("more", "done", ...). */
const char *ditto_xfrin_nextname(ditto_xfrin_next_t next);

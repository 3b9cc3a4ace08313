/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Sync health of secondary zones: per-primary state, zone state, failures. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

#include "stats.h"

/*
 * The pure part of per-zone sync health, shared by the transfer-in pool
 * (which observes each primary during a refresh job), the zone manager
 * (which keeps the history and publishes it in zmstatus_t) and the
 * renderers (statistics channel, /metrics):
 *
 *   - why a transfer or an SOA check failed, as a stats_fail_t (the
 *     `reason` label): timeout, network, refused (an error rcode), tsig,
 *     bad_data, other;
 *   - what one job saw of each primary (xfrprobe_t), folded into the
 *     zone's lasting record of that primary (zmprimary_t);
 *   - since when the zone has been behind a primary, and the zone's state
 *     for metrics (ok, refreshing, retrying, expired).
 *
 * No threads, no locks, no I/O: every function works on the caller's
 * storage, so the unit tests drive it directly. Counting helpers accept a
 * NULL stats_zone_t (no counters: unit tests, a zone without statistics).
 */

/*! Primaries whose health is kept per zone (the first ones, in the
 * zone's `primaries` order). */
#define ZM_MAXPRIMARIES 8

/*! Longest "192.0.2.1#53" / "[2001:db8::1]#53" text (= XFRCONF_ADDRTEXT). */
#define ZM_ADDRTEXT 64

/*! Room for a failure's text. */
#define ZM_ERRTEXT 128

/*! A secondary zone's state for metrics. */
typedef enum zmstate {
	ZMSTATE_OK = 0,     /*!< "ok": current as far as we know */
	ZMSTATE_REFRESHING, /*!< "refreshing": a refresh job is out */
	ZMSTATE_RETRYING,   /*!< "retrying": the last attempt failed, not
	                         expired */
	ZMSTATE_EXPIRED,    /*!< "expired": past expire, answers SERVFAIL */
	ZMSTATE_NR
} zmstate_t;

/*! What the zone knows of one of its primaries (lasting across jobs). */
typedef struct zmprimary {
	char addr[ZM_ADDRTEXT];      /*!< "192.0.2.1#53" as BIND prints it */
	bool serial_known;           /*!< it told us a serial */
	uint32_t serial;             /*!< the last serial it told us */
	int64_t last_ok;             /*!< Unix time of its last usable answer
	                                  (SOA answer or completed transfer),
	                                  0: never */
	int64_t last_fail;           /*!< Unix time of its last failure, 0:
	                                  never */
	stats_fail_t fail_reason;    /*!< why (when last_fail != 0) */
	char last_error[ZM_ERRTEXT]; /*!< the failure as logged, or "" */
	bool reachable;              /*!< the last attempt at it succeeded
	                                  (false also before any attempt: see
	                                  last_ok / last_fail) */
} zmprimary_t;

/*! What one refresh job saw of one primary. */
typedef struct xfrprobe {
	bool answered;          /*!< a usable answer (SOA, transfer) */
	int64_t answered_at;    /*!< when (Unix time) */
	bool failed;            /*!< the job's last attempt at it failed */
	int64_t failed_at;      /*!< when */
	stats_fail_t reason;    /*!< why */
	char error[ZM_ERRTEXT]; /*!< the failure text */
	bool serial_known;      /*!< it told us a serial */
	uint32_t serial;        /*!< that serial */
} xfrprobe_t;

/*! \brief "ok", "refreshing", "retrying", "expired". */
const char *xfrhealth_statename(zmstate_t s);

/*!
 * \brief The zone's state: expired wins, then a job out (refreshing),
 * then a failed last attempt (retrying), else ok.
 * Thread safety: pure.
 */
zmstate_t xfrhealth_state(bool expired, bool running, bool last_failed);

/*!
 * \brief The reason of a failed transfer in, from the transfer state
 * machine's result (ditto_xfrin_result()) and status text
 * (ditto_xfrin_status(): BIND's words, the rcode name for an error
 * answer, or the transport's reason after ditto_xfrin_abort()).
 * Thread safety: pure.
 */
stats_fail_t xfrhealth_xfrfail(ditto_result_t result, const char *status);

/*!
 * \brief The reason of an SOA answer judged DITTO_SOAQUERY_ERROR: \a rcode
 * of the answer and \a msg the reason (ditto_soaquery_answer_t.err.msg;
 * TSIG failures start with "tsig").
 * Thread safety: pure.
 */
stats_fail_t xfrhealth_soafail(uint16_t rcode, const char *msg);

/*!
 * \brief The reason of a transport failure of an SOA query or a
 * connection (xfrio's texts: "timed out", "connection refused", ...).
 * Thread safety: pure.
 */
stats_fail_t xfrhealth_iofail(const char *msg);

/*! \brief Record in \a p a usable answer at \a now, with the primary's
 * serial when \a serial_known. */
void xfrhealth_probe_ok(xfrprobe_t *p, int64_t now, bool serial_known,
                        uint32_t serial);

/*! \brief Record in \a p a failure at \a now for \a reason, \a text. */
void xfrhealth_probe_fail(xfrprobe_t *p, int64_t now, stats_fail_t reason,
                          const char *text);

/*!
 * \brief Fold one job's view of a primary into the zone's record of it.
 * A probe neither answered nor failed leaves \a p as it was.
 */
void xfrhealth_merge(zmprimary_t *p, const xfrprobe_t *probe);

/*!
 * \brief Make \a prim (\a *n entries) follow the zone's primaries
 * \a addrs (\a naddrs texts, in order; at most ZM_MAXPRIMARIES are kept):
 * an entry whose address changed starts afresh, the others keep their
 * history.
 */
void xfrhealth_sync(zmprimary_t *prim, size_t *n, const char *const *addrs,
                    size_t naddrs);

/*!
 * \brief Since when the zone is behind, after a job saw \a probes
 * (\a n): set to \a now when a primary told a serial newer than ours
 * (\a have_ours false: no data, any serial is newer) and it was not set,
 * 0 when the primaries that told a serial have none newer, unchanged
 * when none told one.
 * \return the new value of \a since
 */
int64_t xfrhealth_behind(int64_t since, bool have_ours, uint32_t ours,
                         const xfrprobe_t *probes, size_t n, int64_t now);

/*! \brief Add \a n to counter \a c of \a z (NULL: nothing). */
static inline void
xfrhealth_count(stats_zone_t *z, stats_zc_t c, uint64_t n)
{
	if (z != NULL) {
		stats_add(&z->c[c], n);
	}
}

/*! \brief Count \a c4 or \a c6 by the address family \a family. */
void xfrhealth_count_af(stats_zone_t *z, int family, stats_zc_t c4,
                        stats_zc_t c6);

/*! \brief Count a failure of \a reason (NULL \a z: nothing). */
void xfrhealth_count_fail(stats_zone_t *z, stats_fail_t reason);

/*!
 * \brief Observe a transfer-in duration of \a us microseconds in the
 * histogram and its sum (NULL \a z: nothing).
 */
void xfrhealth_observe(stats_zone_t *z, int64_t us);

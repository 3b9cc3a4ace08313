/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-in pool: SOA checks and IXFR/AXFR from primaries. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/version.h"

#include "xfrconf.h"
#include "zonemgr.h"

struct server;

/*! How a refresh job ended. */
typedef enum xfrjob_outcome {
	XFRJOB_FAILED = 0, /*!< no primary gave a usable answer */
	XFRJOB_UPDATED,    /*!< a new version was committed and published */
	XFRJOB_UPTODATE,   /*!< a primary confirmed our serial */
} xfrjob_outcome_t;

/*!
 * One refresh of one zone: made by the zone manager, run by a pool
 * thread, handed back to the zone manager (as a ZMEV_DONE event). Whoever
 * holds the job owns it and everything it references; the zone manager
 * gives out at most one job per zone at a time, which is what lets the
 * job replace the slot's version without a lock.
 */
typedef struct xfrjob {
	zmev_t ev;             /*!< kind ZMEV_DONE (to post it back) */
	struct xfrjob *next;   /*!< pool queue link (pool mutex) */
	struct mzone *mz;      /*!< the zone manager's zone (opaque) */
	zslot_t *slot;         /*!< the zone (a reference) */
	xfrconf_t *xc;         /*!< its settings (a reference) */
	ditto_version_t *base; /*!< the version we hold (a reference), or
	                            NULL: no usable data (empty, expired) */
	bool have_serial;      /*!< base has an SOA */
	uint32_t serial;       /*!< its serial */
	size_t first;          /*!< primary tried first (the notifier) */
	bool force_axfr;       /*!< skip the SOA check, AXFR */
	stats_zone_t *zst;     /*!< the zone's counters, NULL: none (the
	                            pool counts SOA queries, transfers,
	                            failures, bytes, records, durations) */
	/* results */
	xfrjob_outcome_t outcome;        /*!< how it ended */
	ditto_version_t *newver;         /*!< UPDATED: the published version (a
	                                      reference) */
	uint32_t new_serial;             /*!< UPDATED/UPTODATE: the serial */
	uint32_t refresh, retry, expire; /*!< UPDATED: the new SOA timers */
	int64_t edns_expire;             /*!< UPTODATE: EDNS EXPIRE, -1: none */
	bool primary_known;              /*!< a primary told us its serial */
	uint32_t primary_serial;         /*!< that serial */
	char primary[64];                /*!< that primary ("192.0.2.1#53") */
	char reason[128];                /*!< FAILED: the last failure logged */
	xfrprobe_t probes[ZM_MAXPRIMARIES]; /*!< what the job saw of each
	                                         primary, by its index in
	                                         xc->primaries (the first
	                                         ZM_MAXPRIMARIES) */
} xfrjob_t;

/*! \brief Free a job and drop its references; NULL is a no-op. */
void xfrjob_free(xfrjob_t **jobp);

/*! The pool. */
typedef struct xferin xferin_t;

/*!
 * \brief Create the pool with \a nthreads threads (transfers-in) and
 * start them. Each thread runs one job at a time; jobs wait in a FIFO.
 * \param srv  the server (its RCU grace period is told to TSan)
 * Thread safety: main thread.
 */
ditto_result_t xferin_create(struct server *srv, unsigned int nthreads,
                             xferin_t **out) DITTO_MUSTCHECK;

/*! \brief Where finished jobs go. Call before the first job. */
void xferin_setzonemgr(xferin_t *pool, zonemgr_t *zm);

/*! \brief Take new server-wide limits (transfers-per-ns).
 * Thread safety: safe. */
void xferin_setglobal(xferin_t *pool, const xfrglobal_t *glob);

/*!
 * \brief Queue a job. \return false when the pool is stopping (the
 * caller keeps the job).
 * Thread safety: safe (the zone manager).
 */
bool xferin_submit(xferin_t *pool, xfrjob_t *job);

/*!
 * \brief Stop: wake every thread out of its I/O (jobs under way fail
 * fast and are still handed back), join them, free queued jobs.
 * Thread safety: main thread.
 */
void xferin_stop(xferin_t *pool);

/*!
 * \brief What rndc status reports: transfers under way (\a running),
 * refreshes waiting for a transfer thread (transfers-in) or for a slot
 * from their primary (transfers-per-ns) (\a deferred), and SOA queries
 * under way (\a soa). A snapshot of relaxed counters.
 * Thread safety: safe.
 */
void xferin_counts(xferin_t *pool, unsigned int *running,
                   unsigned int *deferred, unsigned int *soa);

/*! \brief Free a stopped pool; NULL is a no-op. */
void xferin_destroy(xferin_t **poolp);

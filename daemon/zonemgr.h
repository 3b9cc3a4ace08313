/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The zone manager: secondary zones' refresh timers, events and jobs. */
#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <urcu.h>

#include "dns/name.h"
#include "zone/version.h"

#include "stats.h"
#include "xfrconf.h"
#include "xfrhealth.h"

/*
 * Reading and publishing a slot's version: liburcu's rcu_dereference()
 * and rcu_xchg_pointer(), or compiler atomics under ThreadSanitizer (see
 * server.h for why).
 */
#if defined(__SANITIZE_THREAD__)
#define ZSLOT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ZSLOT_TSAN 1
#endif
#endif
#ifdef ZSLOT_TSAN
#define zslot_version(s)                                         \
	((const ditto_version_t *)__atomic_load_n(&(s)->version, \
	                                          __ATOMIC_ACQUIRE))
#define zslot_xchg(s, v) \
	__atomic_exchange_n(&(s)->version, (v), __ATOMIC_SEQ_CST)
#else
#define zslot_version(s) \
	((const ditto_version_t *)rcu_dereference((s)->version))
#define zslot_xchg(s, v) rcu_xchg_pointer(&(s)->version, (v))
#endif

struct mzone;
struct srvtab;
struct xfrjob;
struct xferin;
struct zonemgr;

/*! Kinds of zone-manager events. */
typedef enum zmev_kind {
	ZMEV_NOTIFY = 0, /*!< an accepted NOTIFY (embedded in the slot) */
	ZMEV_DONE,       /*!< a refresh job finished (struct xfrjob) */
	ZMEV_RECONF,     /*!< a new set of zones (after a (re)load) */
	ZMEV_STOP,       /*!< leave the loop */
	ZMEV_REQUEST,    /*!< a control request (embedded in the slot) */
} zmev_kind_t;

/*! An event on the zone manager's queue. */
typedef struct zmev zmev_t;
struct zmev {
	zmev_kind_t kind; /*!< what it is */
	zmev_t *next;     /*!< queue link (queue mutex) */
};

/*! The NOTIFY event of a slot: at most one queued per zone. */
typedef struct zmnotify {
	zmev_t ev;                    /*!< kind ZMEV_NOTIFY */
	bool queued;                  /*!< on the queue (queue mutex) */
	struct sockaddr_storage from; /*!< last sender (queue mutex) */
	bool has_serial;              /*!< it carried an SOA (queue mutex) */
	uint32_t serial;              /*!< its serial (queue mutex) */
} zmnotify_t;

/*!
 * The live part of one secondary zone, shared by every snapshot that
 * serves the zone (it survives reloads) and by the zone manager.
 *
 * - `version`: the served version, read by query workers inside
 *   rcu_read_lock() with zslot_version(); replaced only by the transfer
 *   job that holds the zone's single job token (zslot_publish()).
 * - `expired`: written by the zone manager only; read with acquire.
 * - `notify`: the NOTIFY event, under the zone manager's queue mutex.
 * - `mz`: the zone manager's state; zone-manager thread only.
 */
typedef struct zslot {
	atomic_uint refs;            /*!< references (snapshots, zonemgr,
	                                  jobs, a queued NOTIFY) */
	ditto_version_t *version;    /*!< RCU-published; NULL: no data */
	atomic_bool expired;         /*!< past expire: answer SERVFAIL */
	ditto_name_storage_t origin; /*!< zone origin */
	uint16_t rclass;             /*!< class */
	char *name;                  /*!< "example.com/IN" */
	int64_t expire_at;           /*!< persisted expire time of the
	                                  loaded data, 0: unknown (set before
	                                  the zone manager sees the slot) */
	struct persist *persist;     /*!< the zone's files, NULL: no
	                                  `file`; commit by the job holding
	                                  the job token, timers by the zone
	                                  manager (persist.h) */
	zmnotify_t notify;           /*!< see above */
	struct mzone *mz;            /*!< zone-manager thread only */
	zmev_t req_ev;               /*!< kind ZMEV_REQUEST, queued by
	                                  zonemgr_request() */
	bool req_queued;             /*!< req_ev is queued (queue mutex) */
	bool req_retransfer;         /*!< the queued request is a retransfer
	                                  (queue mutex) */
	pthread_mutex_t stlock;      /*!< protects *status */
	struct zmstatus *status;     /*!< the zone manager's copy of the
	                                  refresh state (zonemgr_status()) */
	stats_zone_t *_Atomic zst;   /*!< the zone's counters (stats.h),
	                                  NULL: none; set by
	                                  zslot_setstats(), read with
	                                  zslot_stats() from any thread */
} zslot_t;

/*!
 * \brief A new slot serving \a version (may be NULL; the slot takes the
 * reference) with the zone's files \a persist (may be NULL; the slot takes
 * it and destroys it with the last reference).
 * Ownership: one reference for the caller; zslot_detach() it.
 * Thread safety: safe.
 */
zslot_t *zslot_create(const uint8_t *origin, uint16_t rclass, const char *name,
                      ditto_version_t *version, struct persist *persist);

/*!
 * \brief The zone's counters, for the threads that work from the slot
 * (zone manager, transfer-in pool, NOTIFY in). \a zst lives as long as
 * the server's statistics (stats_zone()); NULL: do not count.
 * Thread safety: safe (a relaxed atomic pointer; the main thread sets it
 * after each snapshot build, before zonemgr_reconfig()).
 */
void zslot_setstats(zslot_t *s, stats_zone_t *zst);

/*! \brief The zone's counters or NULL. Thread safety: safe. */
stats_zone_t *zslot_stats(zslot_t *s);

/*!
 * \brief zslot_setstats() for every secondary zone of \a tab from its
 * zone's z->zst: call after the counters are set in the snapshot and
 * before zonemgr_reconfig().
 * Thread safety: main thread (reads \a tab, which it owns).
 */
void zonemgr_bindstats(const struct srvtab *tab);

/*! \brief Take a reference. Thread safety: safe. */
void zslot_attach(zslot_t *s, zslot_t **target);

/*!
 * \brief Drop a reference; the last one frees the slot and its version.
 * Requires: no reader can reach the slot any more when the last
 * reference goes (snapshots are freed after a grace period).
 * Thread safety: safe.
 */
void zslot_detach(zslot_t **sp);

/*! \brief The zone manager. */
typedef struct zonemgr zonemgr_t;

/*!
 * \brief Create the zone manager and start its thread.
 * \param pool  the transfer-in pool jobs go to (borrowed; must outlive
 *              the zone manager's thread)
 * Thread safety: main thread.
 */
ditto_result_t zonemgr_create(struct xferin *pool,
                              zonemgr_t **zmp) DITTO_MUSTCHECK;

struct notifyout;

/*!
 * \brief Where NOTIFYs go after a transfer published a new version (NULL:
 * none). Call before the first zonemgr_reconfig(); \a nf must outlive the
 * zone manager's thread.
 * Thread safety: main thread.
 */
void zonemgr_set_notifier(zonemgr_t *zm, struct notifyout *nf);

/*!
 * \brief Hand the zone manager the secondary zones of a new snapshot
 * (after it is published): new zones start their timers, zones gone are
 * dropped (a job under way finishes first), kept zones take their new
 * settings. \a slots and \a confs are parallel arrays of \a n; each entry
 * is attached here.
 * Thread safety: main thread.
 */
void zonemgr_reconfig(zonemgr_t *zm, zslot_t *const *slots,
                      xfrconf_t *const *confs, size_t n,
                      const xfrglobal_t *glob);

/*!
 * A copy of a secondary zone's refresh state, for rndc zonestatus and
 * showzone and the metrics of the statistics channel. Times are Unix time
 * (seconds), 0: none / never.
 */
typedef struct zmstatus {
	bool known;                /*!< the zone manager has the zone */
	bool loaded;               /*!< it has data (maybe expired) */
	bool expired;              /*!< past expire: answers SERVFAIL */
	bool refreshing;           /*!< a refresh job is out */
	bool pending;              /*!< another refresh is queued after it */
	uint32_t serial;           /*!< the serial served (loaded) */
	uint32_t refresh;          /*!< its SOA refresh (after the min/max
	                                clamps), seconds */
	uint32_t retry;            /*!< its SOA retry (clamped), seconds */
	uint32_t expire;           /*!< its SOA expire, seconds */
	int64_t loaded_at;         /*!< when the data served was loaded or
	                                last transferred */
	int64_t last_refresh;      /*!< last successful refresh (transfer or
	                                up to date) */
	int64_t next_refresh;      /*!< when the next SOA check is due */
	int64_t expire_at;         /*!< when the data expires */
	int64_t last_attempt;      /*!< start of the last refresh attempt */
	bool last_failed;          /*!< the last attempt failed */
	bool primary_serial_known; /*!< a primary told us a serial */
	uint32_t primary_serial;   /*!< the last serial seen at a primary */
	char last_primary[64];     /*!< "192.0.2.1#53" of that answer, or "" */
	char last_error[128];      /*!< why the last attempt failed, or "" */
	/* sync health (xfrhealth.h) */
	zmstate_t state;      /*!< ok / refreshing / retrying / expired */
	int64_t behind_since; /*!< since when a primary has had a serial
	                           newer than ours that we have not
	                           caught up with (a SOA answer, a
	                           NOTIFY), 0: current */
	size_t nprimaries;    /*!< entries in primaries[] (the zone's
	                           first ZM_MAXPRIMARIES primaries) */
	zmprimary_t primaries[ZM_MAXPRIMARIES]; /*!< per primary, in the
	                                              zone's order */
} zmstatus_t;

/*!
 * \brief A copy of \a slot's refresh state. The zone manager thread
 * updates the state on every change under the slot's own mutex; this
 * copies it under that mutex.
 * Thread safety: safe from any thread; never waits for a transfer.
 */
void zonemgr_status(zslot_t *slot, zmstatus_t *out);

/*! What zonemgr_request() asks for. */
typedef enum zmreq_kind {
	ZMREQ_REFRESH = 0, /*!< rndc refresh: an SOA check now (queued
	                        behind a running job, as a NOTIFY is) */
	ZMREQ_RETRANSFER,  /*!< rndc retransfer: an AXFR now, skipping the
	                        SOA check and IXFR */
} zmreq_kind_t;

/*!
 * \brief Ask the zone manager to refresh \a slot now. Like a NOTIFY it
 * never blocks beyond the queue mutex; a zone has at most one request
 * queued (a retransfer wins over a refresh).
 * \retval DITTO_R_SUCCESS   queued
 * \retval DITTO_R_FAILURE   the zone manager is stopping
 * Thread safety: safe from any thread.
 */
ditto_result_t zonemgr_request(zonemgr_t *zm, zslot_t *slot,
                               zmreq_kind_t kind) DITTO_MUSTCHECK;

/*!
 * \brief Queue an accepted NOTIFY for \a slot from \a from. Never blocks
 * beyond a short critical section on the queue mutex and never
 * allocates: a zone has at most one NOTIFY queued (a later one updates
 * the sender and serial).
 * Thread safety: safe from any thread (query workers).
 */
void zonemgr_notify(zonemgr_t *zm, zslot_t *slot, const struct sockaddr *from,
                    bool has_serial, uint32_t serial);

/*!
 * \brief A job finished (called by the transfer-in pool): ownership of
 * \a job passes to the zone manager.
 * Thread safety: safe.
 */
void zonemgr_done(zonemgr_t *zm, struct xfrjob *job);

/*!
 * \brief Stop the thread (jobs under way are the pool's to stop), drain
 * the queue and the dumper (whole-zone writes still owed are made), save
 * the timers, free everything; *zmp becomes NULL.
 * \param fold  fold every journal into its zone file first (rndc stop,
 *              SIGTERM); false for rndc halt, which leaves the journals
 *              as they are (they replay at the next start)
 * Thread safety: main thread, after the pool stopped taking jobs.
 */
void zonemgr_destroy(zonemgr_t **zmp, bool fold);

/*!
 * \brief The zone manager's zone file writer (dumper.h), for the
 * transfer-in pool: it lives from zonemgr_create() until
 * zonemgr_destroy(), which drains it before the last journal folds.
 * Thread safety: safe.
 */
struct dumper *zonemgr_dumper(zonemgr_t *zm);

/*!
 * \brief rndc sync [-clean] of a secondary zone: the dumper folds its
 * journal into the zone file (persist_request_sync()), in the background.
 * \return false when the zone has no file or no data (nothing to write)
 * Thread safety: safe from a thread registered with liburcu.
 */
bool zonemgr_sync(zonemgr_t *zm, zslot_t *slot, bool clean);

/*!
 * \brief Stop the zone manager's thread; queued and later events are
 * freed by zonemgr_destroy().
 * Thread safety: main thread.
 */
void zonemgr_stop(zonemgr_t *zm);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Secondary zones on disk: zone file + journal + timers, crash-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"
#include "xfr/xfrin.h"
#include "zone/journal.h"
#include "zone/timers.h"
#include "zone/version.h"

/*
 * A secondary zone with `file "db.example"` has three files:
 *
 *   db.example     the zone in BIND's master-file format, replaced
 *                  atomically, so named can load it again
 *   db.example.dj  ditto's journal of incremental changes (never ".jnl",
 *                  which is BIND's); see zone/journal.h
 *   db.example.dt  the refresh timers, in Unix time; see zone/timers.h
 *
 * Life of a zone (the zone manager / transfer job call these):
 *
 *   persist_create()             at config load
 *   persist_load(now)            at start: zone file + journal -> the last
 *                                committed version, and whether it may be
 *                                served (not expired while we were down)
 *   persist_commit(v, steps)     after a transfer, BEFORE publishing v:
 *                                AXFR (steps NULL): zone file + new
 *                                journal; IXFR: journal append + fsync
 *                                (and a fold into the zone file now and
 *                                then). When it fails, do not publish.
 *   persist_save_timers(t)       after a refresh succeeded / was up to
 *                                date, and at shutdown
 *   persist_flush(v)             optional, at clean shutdown: fold the
 *                                journal into the zone file (BIND then
 *                                sees the latest data)
 *   persist_destroy()
 *
 * A kill -9 at any instant loses no committed version (persist_commit
 * returned) and never leaves files that fail to load.
 *
 * Publish first, write after (the daemon: transfer jobs and dumper.c).
 * As BIND does, a full version is served at once and written later:
 *
 *   persist_commit_xfrin_async(v, x)   transfer thread, BEFORE publishing:
 *       IXFR whose steps chain onto the journal, no full write owed:
 *           journal append + fdatasync now (durable before it is served;
 *           a fold now and then, as persist_commit()); returns false
 *       AXFR, no diff, journal unusable, or a full write still owed:
 *           records v as `latest`, owes a full write, returns true when
 *           the zone must go on the dumper's queue (false: it is there)
 *           -- never writes, never waits for the disk
 *   persist_queue_timers(t)            zone manager: the timers are kept
 *                                      and written by the dumper
 *   persist_write_pending()            dumper thread: the full write of
 *       `latest` owed (zone file: temporary file, fsync, rename, fsync of
 *       the directory; then a new journal generation), then the timers
 *       (after the zone file they describe; not when its write failed)
 *
 * Ordering. While a full write is owed the journal on disk belongs to the
 * older zone file: nothing is appended to it. An IXFR that arrives then
 * is not journaled; it becomes `latest` and the dumper writes the newest
 * version whole (coalescing: a zone queued twice is written once, with
 * its latest version; a version newer than the one being written leaves
 * the write owed and the zone queued again). The journal handle is only
 * swapped by the dumper under the persist mutex while the write is owed,
 * and only used by the transfer job while none is.
 *
 * Crash guarantees, precisely:
 *   - the zone file, journal and timers file are each replaced atomically:
 *     a kill -9 at any instant leaves files that load (zone file + the
 *     journal entries bound to it);
 *   - an IXFR that persist_commit_xfrin_async() journaled was fdatasync'ed
 *     before it was served: it survives a crash;
 *   - a full version (and any IXFR on top of it) served while its write
 *     was owed is lost by a crash before the dumper finished: after the
 *     restart the older version on disk (or none) is loaded and the
 *     newer one is transferred again from a primary at the first
 *     refresh (the timers file is never written ahead of its zone file);
 *   - a clean shutdown drains the dumper, then persist_flush() writes
 *     anything still owed.
 *
 * Times: persisted times are Unix time (CLOCK_REALTIME seconds). The zone
 * manager's refresh state (xfr/refresh.h) may use another clock; convert
 * with persist_wall_to_clock().
 *
 * Thread safety: one persist_t is used by one thread at a time for
 * load/commit/flush (the zone's transfer job); persist_commit_async() and
 * persist_commit_xfrin_async() (the job), persist_queue_timers() (the zone
 * manager) and persist_write_pending() (the dumper) may run at once on one
 * persist_t (a mutex held for a few instructions, never across I/O).
 * Do not mix persist_commit() with the _async functions on one persist_t.
 * persist_save_timers() only writes the timers file (and the zone file's
 * mtime); two threads must not save the timers of one zone at once.
 */

typedef struct persist persist_t;

/*! Defaults. */
#define PERSIST_DEFAULT_MAX_ENTRIES 1000         /*!< entries before a fold */
#define PERSIST_MIN_JOURNAL_SIZE    65536        /*!< default size floor */
#define PERSIST_MAX_JOURNAL_SIZE    (2ULL << 30) /*!< BIND's ceiling */

/*! Options of persist_create(). Zero-initialise, then set. */
typedef struct persist_opts {
	const char *file;          /*!< zone file path (copied); required */
	const uint8_t *origin;     /*!< zone origin, wire form (copied) */
	uint16_t rclass;           /*!< class (0: IN) */
	const char *zonetext;      /*!< "example.com/IN" for logs (copied) */
	uint64_t max_journal_size; /*!< max-journal-size in bytes; 0:
	                                "default" (twice the zone file, at
	                                least PERSIST_MIN_JOURNAL_SIZE) */
	uint32_t max_entries;      /*!< entries appended since the last fold
	                                before the next fold; 0: default */
	uint64_t max_records;      /*!< max-records: a zone on disk with more
	                                records is not loaded (0: no limit) */
} persist_opts_t;

/*! What persist_load() found. */
typedef struct persist_loaded {
	ditto_version_t *version; /*!< the last committed version (one
	                               reference, the caller's), or NULL when
	                               there is no usable zone file */
	uint32_t serial;          /*!< its serial */
	uint32_t refresh;         /*!< its SOA refresh */
	uint32_t retry;           /*!< its SOA retry */
	uint32_t expire;          /*!< its SOA expire */
	ditto_timers_t timers;    /*!< persisted timers (Unix time); when the
	                               timers file is missing or bad, derived
	                               from the zone file's mtime as BIND does:
	                               last_refresh = mtime, expire_at =
	                               mtime + expire */
	bool timers_from_file;    /*!< the timers file was used */
	bool expired;             /*!< the data expired while we were down:
	                               do not serve it; refresh at once (the
	                               version is still returned, for IXFR) */
	size_t replayed;          /*!< journal entries applied */
	bool journal_dropped;     /*!< a journal was there but unusable
	                               (other generation, broken chain): it
	                               was ignored, the zone file alone used */
} persist_loaded_t;

/*!
 * \brief A handle on one zone's files. Does no I/O.
 * Ownership: the caller destroys *pp.
 */
void persist_create(const persist_opts_t *opts, persist_t **pp);

/*! \brief Close files and free; NULL *pp is a no-op. */
void persist_destroy(persist_t **pp);

/*!
 * \brief Load the zone at start (and on reload of a zone not yet loaded):
 * the zone file with named's load checks and logs (zoneload_file()), then
 * the journal entries after the zone file's mark; a torn journal tail is
 * cut off. Then the timers; \a now (Unix time) past expire_at makes the
 * zone expired. Logs what it did.
 * Also removes temporary files a crash left beside the zone file.
 * \param now   Unix time, seconds
 * \param[out] out  filled on success; out->version is then set
 * \retval DITTO_R_SUCCESS       (also when a bad journal was dropped)
 * \retval DITTO_R_FILENOTFOUND  no zone file yet: transfer it
 * \retval DITTO_R_FAILURE       the zone file does not load, or has more
 *                              than max_records records (logged)
 */
ditto_result_t persist_load(persist_t *p, int64_t now,
                            persist_loaded_t *out) DITTO_MUSTCHECK;

/*!
 * \brief Make \a version durable before it is published.
 * \param version  the new committed version
 * \param steps    the IXFR steps from the previous committed version to
 *                 \a version, or NULL (nsteps 0) for a full version
 *                 (AXFR, AXFR-style IXFR, or anything without a diff)
 * With steps: appended to the journal and fdatasync'ed; then, when the
 * journal grew past max-journal-size or max_entries, folded into the
 * zone file (the fold's failure is logged, not returned: the entry is
 * already durable). A journal not bound to the current zone file, or
 * steps that do not chain on, make it a full write.
 * Without steps: the zone file is written atomically, then the journal
 * replaced by an empty one of a new generation.
 * \retval DITTO_R_SUCCESS   durable: publish it
 * \retval DITTO_R_IOERROR   not durable (logged): keep the old version
 * Requires: \a version committed, with an SOA.
 */
ditto_result_t persist_commit(persist_t *p, const ditto_version_t *version,
                              const ditto_journal_step_t *steps,
                              size_t nsteps) DITTO_MUSTCHECK;

/*!
 * \brief Commit \a version after a transfer, publish first (see "Publish
 * first, write after" above): an IXFR that chains on is journaled and
 * fdatasync'ed now; anything else is owed as a full write, done later by
 * persist_write_pending(). Never returns an error: a journal append that
 * fails (logged) becomes an owed full write.
 * \param version  the new committed version (attached when kept)
 * \param steps    IXFR steps from the previous committed version, or NULL
 * \return true when \a p must be queued for persist_write_pending()
 * (false: nothing owed, or already queued)
 * Thread safety: the zone's transfer job (one at a time).
 */
bool persist_commit_async(persist_t *p, ditto_version_t *version,
                          const ditto_journal_step_t *steps, size_t nsteps);

/*!
 * \brief persist_commit_async() with the diff of a finished transfer:
 * the steps of ditto_xfrin_step() when the transfer was incremental
 * (created with keep_diff) and recorded steps, else a full write.
 */
bool persist_commit_xfrin_async(persist_t *p, ditto_version_t *version,
                                const ditto_xfrin_t *x);

/*!
 * \brief Keep \a t as the timers to write (the latest wins).
 * \return true when \a p must be queued for persist_write_pending()
 * Thread safety: the zone manager; never does I/O.
 */
bool persist_queue_timers(persist_t *p, const ditto_timers_t *t);

/*!
 * \brief Do the writes owed: the full write of the latest version, then
 * the timers. Failures are logged; an owed full write stays owed (the
 * next transfer or persist_flush() tries again).
 * Thread safety: one thread (the dumper).
 */
void persist_write_pending(persist_t *p);

/*!
 * \brief Save the timers (Unix time) atomically to `<file>.dt`, and set
 * the zone file's mtime to t->last_refresh (BIND reads the expire time
 * from it, so switching back to named keeps the expiry right).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (logged; callers may ignore it)
 */
ditto_result_t persist_save_timers(persist_t *p, const ditto_timers_t *t);

/*!
 * \brief rndc sync: have the dumper fold the journal into the zone file
 * up to \a current (the version served), keeping no history when
 * \a clean. Never waits for the disk.
 * \return true when \a p must be queued for persist_write_pending()
 * Thread safety: safe (the control thread).
 */
bool persist_request_sync(persist_t *p, ditto_version_t *current, bool clean);

/*!
 * \brief Fold the journal into the zone file now (clean shutdown, rndc
 * sync). \a current must be the last committed version. No-op when
 * nothing is unfolded. A full write still owed (persist_commit_async())
 * is done now instead. Call it after the dumper has drained.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t persist_flush(persist_t *p, const ditto_version_t *current);

/*!
 * \brief The steps from serial \a from to \a to, for IXFR-out (see
 * ditto_journal_read()). DITTO_R_NOTFOUND: not in the journal, send AXFR.
 * Thread safety: safe from any thread (reads its own descriptor).
 */
ditto_result_t persist_read_diff(const persist_t *p, uint32_t from, uint32_t to,
                                 ditto_journal_step_fn fn,
                                 void *arg) DITTO_MUSTCHECK;

/*! \brief The journal path ("<file>.dj"; borrowed). */
const char *persist_journal_path(const persist_t *p);

/*! \brief The timers path ("<file>.dt"; borrowed). */
const char *persist_timers_path(const persist_t *p);

/*!
 * \brief Convert Unix time \a wall to a clock whose current value is
 * \a clock_now while Unix time is \a wall_now (0 stays 0).
 */
int64_t persist_wall_to_clock(int64_t wall, int64_t wall_now,
                              int64_t clock_now);

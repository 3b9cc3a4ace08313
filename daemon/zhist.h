/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A primary zone's IXFR history: the differences of its reloads. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/journal.h"
#include "zone/version.h"

/*
 * A primary zone with `file "db.example"` and ixfr-from-differences keeps
 * the differences between the versions it loaded in a journal beside the
 * file ("db.example.dj", zone/journal.h format; the `journal` option
 * names another path), so that downstream secondaries get an IXFR after
 * `rndc reload` of an edited file, also after a restart:
 *
 *   zhist_open()     at the first load: open the journal; keep it when
 *                    its last serial is the serial of the file just
 *                    loaded (history of earlier runs), else start a new,
 *                    empty one at that serial (the file was edited while
 *                    we were down)
 *   zhist_update()   at a reload that loaded a new version: compute the
 *                    difference old -> new (zone/diff.h) and append it
 *                    (fdatasync) before the new version is served; trim
 *                    the oldest entries beyond max-journal-size
 *   zhist_read()     transfer-out pool: the steps from serial a to b
 *
 * The zone file is the operator's: it is never written here.
 *
 * Thread safety: zhist_open/update/detach on the main thread (reloads);
 * zhist_read from any thread at the same time (it reads through its own
 * descriptor, zone/journal.h).
 */

typedef struct zhist zhist_t;

/*!
 * \brief Open (or start) the history of a primary zone whose file just
 * loaded as \a v.
 * \param path            the journal path
 * \param max_size        max-journal-size, bytes (0: twice the zone's
 *                        size on disk, at least 64 KiB; UINT64_MAX: no
 *                        limit)
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (logged; the zone still
 *         serves, without IXFR history)
 * Ownership: *out holds one reference; zhist_detach() it.
 */
ditto_result_t zhist_open(const char *path, const char *zonetext,
                          const ditto_version_t *v, uint64_t max_size,
                          zhist_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Journal the difference from \a old to \a new (a reload). When
 * the new serial is not greater than the old one (RFC 1982) and the data
 * differ, nothing is written and DITTO_R_RANGE says so: logged as named
 * does ("ixfr-from-differences: new serial (N) out of range [A - B]");
 * like named 9.18, the caller then keeps serving \a old ("not loaded due
 * to errors."), and the history stays valid for it. Identical data is
 * logged "ixfr-from-differences: unchanged" and not journaled.
 * \retval DITTO_R_SUCCESS   journaled (or nothing changed; or the step was
 *                           over DITTO_JOURNAL_MAXENTRY and the history
 *                           restarted at the new serial, logged)
 * \retval DITTO_R_RANGE     serial not increased: serve \a old (logged)
 * \retval DITTO_R_IOERROR   the append failed (logged): history reset;
 *                           \a new_ may be served
 */
ditto_result_t zhist_update(zhist_t *h, const ditto_version_t *old,
                            const ditto_version_t *new_) DITTO_MUSTCHECK;

/*!
 * \brief The steps from serial \a from to \a to (ditto_journal_read()).
 * \retval DITTO_R_NOTFOUND  not in the history: send AXFR
 * Thread safety: safe from any thread.
 */
ditto_result_t zhist_read(zhist_t *h, uint32_t from, uint32_t to,
                          ditto_journal_step_fn fn, void *arg) DITTO_MUSTCHECK;

/*! \brief The journal path (borrowed). */
const char *zhist_path(const zhist_t *h);

/*! \brief Take a reference. Thread safety: safe. */
void zhist_attach(zhist_t *h, zhist_t **target);

/*! \brief Drop a reference; NULL is a no-op. Thread safety: safe. */
void zhist_detach(zhist_t **hp);

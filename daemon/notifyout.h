/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* NOTIFY out (RFC 1996): tell downstream servers of a new zone version. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/version.h"

#include "outconf.h"
#include "stats.h"

struct server;
struct srvtab;

/*
 * One notifier thread sends every NOTIFY of the server. Callers only
 * queue work (never blocking beyond a short critical section); the
 * thread:
 *   - computes the targets of a zone: with notify yes (and primary-only
 *     for a primary zone) the addresses of the zone's NS names (minus the
 *     SOA MNAME unless notify-to-soa, minus the server's own listen
 *     addresses), found in the data the server serves (in-zone glue,
 *     other zones of the same view), else resolved without ever blocking
 *     the notifier loop; plus also-notify (every mode but no);
 *   - paces the sends: notify-rate per second (startup-notify-rate for
 *     the notifies of the first load), and at most one set of NOTIFYs
 *     per zone per notify-delay seconds (a newer version waiting behind
 *     the delay replaces the older one: the latest serial is sent);
 *   - sends over UDP from notify-source / notify-source-v6, signs with the
 *     target's key (also-notify entry, else the `server` statement),
 *     retries each target until it answers (bounded: a few tries with
 *     growing intervals, then the target is given up and logged);
 *   - logs in named's words, category notify ("zone example.com/IN:
 *     sending notifies (serial 2026010101)", "zone example.com/IN: notify
 *     to 192.0.2.1#53 failed: timed out", ...).
 */

typedef struct notifyout notifyout_t;

/*!
 * \brief Create the notifier and start its thread.
 * \param srv  the server: its listen addresses (not notified) and its
 *             published snapshot (NS target addresses)
 * Thread safety: main thread.
 */
ditto_result_t notifyout_create(struct server *srv,
                                notifyout_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Zone \a origin / \a rclass has a new version \a v (a transfer
 * was published, a primary zone was reloaded, rndc notify): send its
 * NOTIFYs under \a oc's settings. \a startup: the first load (paced by
 * startup-notify-rate). Does nothing when oc->notify is "no" (or
 * primary-only on a secondary zone).
 * \param view  the view's name ("_default"), to find NS addresses;
 *              NULL: the first view of class \a rclass serving the zone
 *              (the zone manager does not know a secondary's view)
 * \param zst   the zone's counters (NotifyOutv4/v6: one per target and
 *              set, retries not counted, as named), NULL: none; must
 *              live as long as the server's statistics (stats_zone())
 * Ownership: \a v and \a oc are attached, not taken.
 * Thread safety: safe from any thread; never blocks on the network.
 */
void notifyout_zone(notifyout_t *nf, const uint8_t *origin, uint16_t rclass,
                    const char *view, ditto_version_t *v, outconf_t *oc,
                    bool startup, stats_zone_t *zst);

/*!
 * \brief After a new snapshot \a tab was published (start: \a old NULL;
 * reload): queue the NOTIFYs of every primary zone whose version is new
 * in \a tab (another version than \a old's zone of the same view and
 * name, a higher serial), and at start of every zone with data (as named
 * notifies after loading).
 * Thread safety: main thread.
 */
void notifyout_snapshot(notifyout_t *nf, const struct srvtab *old,
                        const struct srvtab *tab);

/*!
 * \brief Update the server-wide settings (rates) after a (re)load.
 * Thread safety: main thread.
 */
void notifyout_setglobal(notifyout_t *nf, const outglobal_t *og);

/*! Counters for rndc status and the statistics channel. */
typedef struct notifyout_counts {
	uint64_t sent;       /*!< NOTIFY messages sent (tries included) */
	uint64_t answered;   /*!< answered by the target */
	uint64_t failed;     /*!< targets given up */
	unsigned int queued; /*!< zone sets waiting (rate, delay) */
} notifyout_counts_t;

/*! \brief A snapshot of the counters. Thread safety: safe. */
void notifyout_counts(const notifyout_t *nf, notifyout_counts_t *out);

/*!
 * \brief Stop the thread and free everything (pending NOTIFYs are
 * dropped); *nfp becomes NULL.
 * Thread safety: main thread.
 */
void notifyout_destroy(notifyout_t **nfp);

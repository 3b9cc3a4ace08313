/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Prometheus text exposition (format 0.0.4) of dittod's counters. */
#pragma once

#include <stdio.h>

struct server;

/*! The Content-Type of statsprom_render()'s output. */
#define STATSPROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/*!
 * \brief Write every ditto_* metric family (server counters, per-zone
 * transfer counters and per-zone sync health) to \a out in the
 * Prometheus text exposition format 0.0.4: HELP and TYPE lines, label
 * values escaped, counters named *_total, one block per family.
 * The metric names are listed in contrib/prometheus/README.md.
 *
 * \param srv  the server: its published snapshot (srv->tab), counters
 *             (srv->stats) and pools (srv->xferin, srv->xferout,
 *             srv->notifier), any of which may be NULL (then the
 *             metrics that come from it are left out)
 * \param out  where to write (a memory stream, a socket stream...)
 *
 * Ownership: borrows both.
 * Thread safety: safe from any thread registered with liburcu (it reads
 * the snapshot inside rcu_read_lock(), copying what it needs first, and
 * writes to \a out only after rcu_read_unlock()). It takes only the zone
 * counters' registry mutex and each zone slot's status mutex, never a
 * lock a query worker takes.
 * Security: label values (zone and view names, addresses) are escaped as
 * the format requires; the output size is proportional to the number of
 * zones configured.
 */
void statsprom_render(struct server *srv, FILE *out);

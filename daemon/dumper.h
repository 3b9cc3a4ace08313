/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The dumper: one thread that writes zone files and timers in the background.
 */
#pragma once

#include <stdbool.h>

#include "util/result.h"

#include "zonemgr.h"

/*
 * Transfers publish a full version at once and leave its zone file to the
 * dumper (persist.h, "Publish first, write after"); the zone manager
 * leaves it the timers files too, so neither a transfer thread nor the
 * zone manager waits for the disk. One thread takes zones from a FIFO and
 * runs persist_write_pending() on each. A zone is queued at most once at
 * a time (the persist_t says whether it is queued): a zone queued twice is
 * written once, with its latest version.
 */

typedef struct dumper dumper_t;

/*!
 * \brief Create the dumper and start its thread.
 * Ownership: the caller destroys *dp with dumper_destroy().
 * Thread safety: main thread.
 */
ditto_result_t dumper_create(dumper_t **dp) DITTO_MUSTCHECK;

/*!
 * \brief Queue \a slot (its persist_t must be set) for
 * persist_write_pending(). Call it only when persist_commit_async(),
 * persist_commit_xfrin_async() or persist_queue_timers() returned true.
 * Takes a reference on the slot until the write is done. Allocates one
 * small queue entry; never waits for the disk.
 * Thread safety: safe (transfer threads, the zone manager).
 */
void dumper_queue(dumper_t *d, zslot_t *slot);

/*!
 * \brief Wait until the queue is empty and no write is under way (clean
 * shutdown, before persist_flush()). Zones queued meanwhile are written
 * too.
 * Thread safety: safe; not from the dumper's thread.
 */
void dumper_drain(dumper_t *d);

/*!
 * \brief Drain, stop the thread and free; NULL *dp is a no-op.
 * Thread safety: main thread, when nobody queues any more.
 */
void dumper_destroy(dumper_t **dp);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The statistics channels: named's JSON and XML, and /metrics, over HTTP. */
#pragma once

#include "parser/config.h"

struct server;

/*! Most connections open at once on one channel. */
#define STATSCHAN_MAXCONNS 64
/*! Most connections open at once from one client address. */
#define STATSCHAN_MAXCONNS_PER_IP 16
/*! Seconds a connection may stay idle before it is closed. */
#define STATSCHAN_TIMEOUT 5
/*! Octets a connection may use for its request (line and headers). */
#define STATSCHAN_REQ_MEMORY 16384
/*! HTTP threads per channel (one slow render never stalls the rest). */
#define STATSCHAN_THREADS 2

/*! Every statistics channel of the server (one per process). */
typedef struct statschan statschan_t;

/*!
 * \brief Create the set (no channel open yet).
 * Ownership: the caller destroys it with statschan_destroy().
 * Thread safety: main thread.
 */
statschan_t *statschan_create(struct server *srv);

/*!
 * \brief Open, keep or close channels to match `statistics-channels` of
 * \a cfg: one libmicrohttpd daemon per `inet` entry. A channel whose
 * address and port stay keeps its socket and connections and takes the
 * new allow list; the others are stopped or opened (a failure to bind is
 * logged, as named logs it, and skips that channel only).
 * Thread safety: main thread.
 * Security: each channel serves GET and HEAD of named's paths (/json/v1,
 * /xml/v3 and their sub-paths, /metrics) and nothing else; a client that
 * the allow list does not accept is disconnected at accept time; the
 * request size, idle time and connections (in total and per address)
 * are bounded (STATSCHAN_*); documents are rendered from copies, never
 * inside a lock or read-side section a query worker could wait for.
 */
void statschan_configure(statschan_t *sc, const ditto_config_t *cfg);

/*!
 * \brief Stop every channel (joins their threads), free; NULL is a no-op.
 * *\a scp becomes NULL.
 * Thread safety: main thread; before the snapshot and the counters are
 * freed.
 */
void statschan_destroy(statschan_t **scp);

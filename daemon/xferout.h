/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-out pool: AXFR/IXFR to downstream secondaries over TCP. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/result.h"

struct server;

/*
 * A query worker that reads an AXFR or IXFR request on a TCP connection
 * (query_process() returns QUERY_XFR) hands the whole connection here
 * with xferout_submit() and forgets it: its socket, the output it had not
 * sent yet, and the input it had not processed yet (starting with the
 * transfer request's two-octet length). From then on the pool owns the
 * connection: it checks access (allow-transfer, TSIG, transfers-out),
 * streams the transfer from a pinned version with non-blocking writes,
 * then answers any further request on the connection (queries through
 * query_process(), more transfers) until the client closes or the idle
 * timeout.
 *
 * The pool has its own threads (an epoll loop each, registered with
 * liburcu); a slow or stalled downstream costs one socket buffer and one
 * stream state, never a thread, a query worker or another transfer.
 * max-transfer-time-out and max-transfer-idle-out end a transfer that
 * takes too long or stalls.
 */

typedef struct xferout xferout_t;

/*!
 * \brief Create the pool and start its threads.
 * \param srv       the server (its published snapshot is read with
 *                  server_tab() inside rcu_read_lock())
 * \param nthreads  threads (>= 1)
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (epoll/eventfd, logged)
 * Thread safety: main thread.
 */
ditto_result_t xferout_create(struct server *srv, unsigned int nthreads,
                              xferout_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Hand over a TCP connection. The bytes are copied; \a fd now
 * belongs to the pool (closed by it, also when this returns false).
 * \param pending_out  response bytes the worker had queued but not sent
 *                     (sent first, in order)
 * \param pending_in   received bytes not processed yet, the transfer
 *                     request first (with its TCP length)
 * \return false when the pool is stopping or over its connection limit
 *         (the connection was closed)
 * Thread safety: safe from any thread (query workers); never blocks
 * beyond a short critical section; never does I/O on \a fd.
 */
bool xferout_submit(xferout_t *xo, int fd, const struct sockaddr *peer,
                    const struct sockaddr *local, const uint8_t *pending_out,
                    size_t pending_out_len, const uint8_t *pending_in,
                    size_t pending_in_len);

/*! Counters for rndc status and the statistics channel. */
typedef struct xferout_counts {
	unsigned int running; /*!< transfers streaming now */
	unsigned int conns;   /*!< connections the pool owns */
	uint64_t done;        /*!< transfers completed */
	uint64_t refused;     /*!< requests refused (ACL, quota) */
	uint64_t failed;      /*!< transfers cut short (peer, timeout) */
} xferout_counts_t;

/*! \brief A snapshot of the counters. Thread safety: safe. */
void xferout_counts(const xferout_t *xo, xferout_counts_t *out);

/*!
 * \brief Stop the threads, close every connection (transfers under way
 * are cut), free everything; *xop becomes NULL.
 * Thread safety: main thread, after the query workers stopped.
 */
void xferout_destroy(xferout_t **xop);

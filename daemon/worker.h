/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Query workers: per-thread UDP sockets (recvmmsg/sendmmsg) and TCP loop. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/result.h"

struct server;
struct tcpconn;
struct evsrc;

/*! One query worker thread and the sockets it owns. */
typedef struct worker {
	unsigned int id;       /*!< 0-based */
	struct server *srv;    /*!< the server (tab, tcp_conns) */
	pthread_t thread;      /*!< the thread */
	bool started;          /*!< thread is running */
	int epfd;              /*!< its epoll instance */
	int stopfd;            /*!< eventfd: stop */
	struct evsrc *srcs;    /*!< stop fd, then a UDP socket and a TCP
	                            listener per listen address */
	size_t nsrcs;          /*!< entries in srcs */
	struct tcpconn *conns; /*!< open TCP connections (list) */
	unsigned int nconns;   /*!< their number */
} worker_t;

/*!
 * \brief Create the worker's sockets on every listen address of \a srv
 * (SO_REUSEPORT: every worker binds the same addresses).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (errno logged)
 * Thread safety: main thread, before privileges are dropped.
 */
ditto_result_t worker_init(worker_t *w, struct server *srv,
                           unsigned int id) DITTO_MUSTCHECK;

/*! \brief Start the thread. */
ditto_result_t worker_start(worker_t *w) DITTO_MUSTCHECK;

/*! \brief Ask the thread to stop (async-signal-safe: one write). */
void worker_wake(worker_t *w);

/*! \brief Join the thread (after worker_wake()) and close everything. */
void worker_clear(worker_t *w);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The control server: rndc's protocol on the `controls` endpoints. */
#pragma once

#include <stdbool.h>

#include "parser/config.h"
#include "util/result.h"

struct server;

/*! Most connections open at once on all control endpoints together. */
#define CONTROL_MAXCONNS 64
/*! Seconds a connection may live (named's per-connection timer). */
#define CONTROL_CONN_TIMEOUT 60
/*! Default control port. */
#define CONTROL_PORT 953

/*! The control server (one per process). */
typedef struct control control_t;

/*!
 * \brief Create the control server (no endpoints, no thread yet).
 * Ownership: the caller destroys it with control_destroy().
 * Thread safety: main thread.
 */
control_t *control_create(struct server *srv);

/*!
 * \brief Open, keep or close endpoints to match `controls` of \a cfg
 * (without the statement: 127.0.0.1 and ::1 port 953 with the key of
 * rndc.key beside \a conffile or /etc/bind/rndc.key, as named; an empty
 * statement: none). Endpoints that stay keep their socket and get the new
 * allow list, keys and read-only flag. Failures are logged as named logs
 * them and skip that endpoint only.
 * Thread safety: main thread (binds sockets; the control thread picks the
 * new set up at its next wake-up).
 */
void control_configure(control_t *ctl, const ditto_config_t *cfg,
                       const char *conffile);

/*!
 * \brief Start the control thread (after the first snapshot is published).
 * Thread safety: main thread, once.
 */
ditto_result_t control_start(control_t *ctl) DITTO_MUSTCHECK;

/*!
 * \brief The descriptor the main thread polls for requests of the control
 * thread (an eventfd), or -1.
 */
int control_mainfd(const control_t *ctl);

/*! What the main thread must do after control_mainwork(). */
typedef enum control_next {
	CONTROL_CONTINUE = 0, /*!< keep running */
	CONTROL_HALT,         /*!< rndc halt: stop without flushing */
	CONTROL_STOP,         /*!< rndc stop: flush, then stop */
} control_next_t;

/*!
 * \brief Run what the control thread asked for (a reload: server_reload()
 * on this thread; the control thread waits for its result).
 * Thread safety: main thread, when control_mainfd() is readable.
 */
control_next_t control_mainwork(control_t *ctl);

/*!
 * \brief Stop the thread, close every endpoint and connection, free;
 * NULL is a no-op. *\a ctlp becomes NULL.
 * Thread safety: main thread.
 */
void control_destroy(control_t **ctlp);

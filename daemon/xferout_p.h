/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-out pool's connection state, shared by its two files. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tsig/tsig.h"
#include "xfr/xfrout.h"

#include "keys.h"
#include "stats.h"
#include "xferacl.h"
#include "xferout.h"

struct xothread;

/*
 * One connection the pool owns (xferout.c: I/O, timers; xferreq.c: the
 * request checks and the transfer's lifetime). Used by its thread only.
 */
typedef struct xoconn {
	int fd;                        /*!< the socket (owned) */
	struct sockaddr_storage peer;  /*!< the client */
	struct sockaddr_storage local; /*!< the address it connected to */
	struct xothread *t;            /*!< the thread that owns it */
	uint8_t *in;                   /*!< input: at most one message */
	size_t inlen, incap;           /*!< used, allocated */
	uint8_t *out;                  /*!< output not written yet */
	size_t outpos, outlen, outcap; /*!< written, queued, allocated */
	bool eof;                      /*!< the client closed its side */
	uint32_t events;               /*!< registered epoll events */
	uint64_t deadline;             /*!< ms (monotonic): idle limit */
	uint64_t xfr_deadline;         /*!< ms: max-transfer-time-out */
	uint32_t idle_ms;              /*!< the idle limit now (ms) */
	uint32_t tcp_idle_ms;          /*!< tcp-idle-timeout (ms) */
	/* the transfer under way (stream != NULL) */
	ditto_xfrout_t *stream; /*!< its stream */
	ditto_version_t *ver;   /*!< the version it streams (a ref) */
	ditto_xfrout_req_t req; /*!< the request */
	bool axfr_style;        /*!< IXFR answered in full */
	ditto_tsig_t tsig;      /*!< the request's TSIG state */
	bool signed_ok;         /*!< tsig verified: sign responses */
	keys_t *keys;           /*!< ring behind tsig.key (a ref) */
	ditto_xfr_tsig_t hook;  /*!< signing hook over tsig */
	bool quota;             /*!< holds a transfers-out slot */
	stats_zone_t *zst;      /*!< the zone's counters (the server's
	                             stats own them), NULL: none */
	uint64_t started_ms;    /*!< when it started */
	const char *mnemonic;   /*!< "AXFR", "IXFR", "AXFR-style
	                             IXFR" */
	char prefix[XFERACL_PREFIXLEN + DITTO_NAME_MAXTEXT + 32];
	/*!< "client ... (z): transfer of
	     'z/IN': " */
	struct xoconn *prev, *next; /*!< the thread's list */
} xoconn_t;

/*! Pool-wide state xferreq.c uses (inside struct xferout). */
typedef struct xoshared {
	struct server *srv;           /*!< the server (snapshot) */
	atomic_uint running;          /*!< transfers streaming (quota) */
	atomic_uint conns;            /*!< connections owned */
	atomic_uint_fast64_t done;    /*!< transfers completed */
	atomic_uint_fast64_t refused; /*!< refused (ACL, quota) */
	atomic_uint_fast64_t failed;  /*!< cut short */
} xoshared_t;

/*! Octets of one framed message: length + 65535. */
#define XO_FRAME (2 + 65535)

/*! \brief Monotonic milliseconds. */
uint64_t xferout_now_ms(void);

/*! \brief Make room for one framed message at c->out + c->outlen. */
void xferout_reserve(xoconn_t *c);

/*!
 * \brief Handle the transfer request c->in + 2 (\a len octets): queue
 * the refusal, or start the stream (c->stream set).
 * \return false when the connection must close
 */
bool xferreq_start(xoshared_t *sh, xoconn_t *c, const uint8_t *wire,
                   size_t len);

/*!
 * \brief Render the stream's next message into c->out (framed).
 * \return false when the transfer failed (logged; close the connection)
 */
bool xferreq_next(xoshared_t *sh, xoconn_t *c);

/*!
 * \brief End the transfer under way, if any: \a why NULL when it
 * completed, else the reason it was cut short (logged).
 */
void xferreq_end(xoshared_t *sh, xoconn_t *c, const char *why);

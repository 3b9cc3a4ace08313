/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The query path: one request packet in, one response packet (or none) out. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "zones.h"

/*! Where a request came from. */
typedef struct query_client {
	const struct sockaddr *peer;  /*!< the client */
	const struct sockaddr *local; /*!< the address it was sent to, or
	                                   NULL when unknown */
	bool tcp;                     /*!< over TCP (no size limit, AXFR) */
	uint32_t now;                 /*!< wall clock seconds (cookies) */
	struct stats_block *st;       /*!< counters the calling thread alone
	                                   writes (stats_worker()), NULL: do
	                                   not count (stats.h) */
} query_client_t;

/*! What the transport does with the outcome. */
typedef enum query_action {
	QUERY_DROP = 0, /*!< send nothing */
	QUERY_SEND,     /*!< send out[0..*outlen) */
	QUERY_CLOSE,    /*!< TCP: close the connection */
	QUERY_XFR,      /*!< TCP: an AXFR/IXFR request: hand the connection
	                     to the transfer-out pool (xferout_submit()),
	                     nothing written to out */
} query_action_t;

/*! Largest response the path writes (TCP). */
#define QUERY_MAXOUT 65535

/*!
 * \brief Answer one request as named 9.18 with `recursion no` would:
 * silence for short packets, responses (QR) and blackholed clients;
 * FORMERR, NOTIMP, BADVERS, REFUSED, NOTAUTH, SERVFAIL where named sends
 * them; CHAOS names from the built-in view; authoritative answers from
 * the zone's version; EDNS with NSID and DNS cookies; truncation (TC) to
 * the client's UDP size.
 *
 * \param tab     the current snapshot (inside rcu_read_lock(), or owned)
 * \param cl      client and transport
 * \param in      the request (untrusted)
 * \param out     at least QUERY_MAXOUT bytes for TCP, or 4096 for UDP
 * \param outlen  the response length when QUERY_SEND
 * \return what to do
 * Thread safety: safe from any number of workers at once; reads \a tab
 * only, takes no lock, never allocates, never logs -- except for a NOTIFY
 * (rare), which is logged, may allocate a small arena and takes the zone
 * manager's queue mutex for a few instructions (zonemgr_notify()), and
 * an AXFR/IXFR over UDP (rare), which may log and allocate a small arena.
 * An AXFR/IXFR over TCP returns QUERY_XFR without any check or log.
 * Counting: when \a cl->st is set, the request and its response are
 * counted there as named counts them (nsstats, opcodes, qtypes, rcodes;
 * stats.h), with single-writer adds: no lock, no atomic read-modify-write;
 * a refused NOTIFY adds NotifyRej (and NotifyInv4/v6 for the NOTIFYs the
 * zone manager does not count) to the zone's counters.
 * Security: \a in is untrusted network input; every read is bounds-checked
 * by the message parser.
 */
query_action_t query_process(const srvtab_t *tab, const query_client_t *cl,
                             const uint8_t *in, size_t inlen, uint8_t *out,
                             size_t outsize, size_t *outlen);

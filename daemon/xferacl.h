/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Who may transfer a zone out: the checks and log lines UDP and TCP share. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tsig/tsigkey.h"

#include "zones.h"

/*
 * named 9.18 answers an AXFR or IXFR request in this order (compared
 * against a running named): TSIG (the request's signature, before
 * anything else), the zone (NOTAUTH when the view has no primary or
 * secondary zone of exactly that name), allow-transfer with the
 * request's key (REFUSED), then the form of the request (AXFR over UDP,
 * IXFR without its SOA: FORMERR), then the data (SERVFAIL when the zone
 * has none). The first two steps log as named does, so both the query
 * workers (IXFR over UDP) and the transfer-out pool use this file.
 */

/*! Room for xferacl_prefix(). */
#define XFERACL_PREFIXLEN (2 * DITTO_NAME_MAXTEXT + 96)

/*! The outcome of xferacl_check(). */
typedef enum xferacl_verdict {
	XFERACL_OK = 0,  /*!< *zp may be transferred */
	XFERACL_NOTAUTH, /*!< no such zone here (logged) */
	XFERACL_REFUSED, /*!< allow-transfer denies the client (logged) */
} xferacl_verdict_t;

/*!
 * \brief named's prefix of a client's log lines:
 * "client @0x55d0c0 127.0.0.1#53000/key k (example.com): ", where
 * \a client is any pointer naming the request (a connection, a stack
 * frame) and \a key the key that signed the request or NULL.
 * Thread safety: safe.
 */
void xferacl_prefix(const void *client, const struct sockaddr *peer,
                    const ditto_tsigkey_t *key, const uint8_t *qname, char *buf,
                    size_t size);

/*!
 * \brief The zone a transfer request for \a qname / \a qclass from
 * \a peer (to \a local) addresses, and whether the client may have it.
 * \param key     the key that signed the request (verified), or NULL
 * \param prefix  xferacl_prefix() of the request, for the log lines
 * \param[out] zp the zone when XFERACL_OK, and also when
 *                XFERACL_REFUSED (to count the refusal against the
 *                zone); borrowed from \a tab
 * Requires: inside rcu_read_lock() (or \a tab owned).
 * Thread safety: safe; reads \a tab only; logs the refusals (xfer-out
 * for NOTAUTH, security for REFUSED, as named).
 */
xferacl_verdict_t xferacl_check(const srvtab_t *tab,
                                const struct sockaddr *peer,
                                const struct sockaddr *local,
                                const uint8_t *qname, uint16_t qtype,
                                uint16_t qclass, const ditto_tsigkey_t *key,
                                const char *prefix, const zone_t **zp);

/*!
 * \brief Log named's "bad zone transfer request: <why> (<RCODE>)" line
 * (xfer-out, info) after \a prefix.
 * Thread safety: safe.
 */
void xferacl_logbad(const char *prefix, const char *why, uint16_t rcode);

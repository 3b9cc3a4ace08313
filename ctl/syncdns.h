/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl sync-check: one live SOA query (UDP, then TCP), maybe signed. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tsig/tsigkey.h"

/*! What to ask and whom. */
typedef struct syncdns_query {
	const struct sockaddr_storage *addr; /*!< server address and port */
	const uint8_t *origin;               /*!< zone name, wire form */
	uint16_t rclass;                     /*!< zone class */
	const ditto_tsigkey_t *key;          /*!< sign with it, or NULL */
	unsigned int timeout_ms;             /*!< per try */
	unsigned int tries;                  /*!< UDP tries */
} syncdns_query_t;

/*! The outcome. */
typedef struct syncdns_result {
	bool answered;         /*!< some answer came back (maybe unusable) */
	bool ok;               /*!< a usable SOA: serial and expire set */
	uint32_t serial;       /*!< its serial */
	uint32_t expire;       /*!< its SOA expire */
	const char *transport; /*!< "udp" or "tcp" (ok) */
	char error[256];       /*!< why not ok ("timed out", "unexpected
	                            rcode (REFUSED)", "connect: Connection
	                            refused", ...) */
} syncdns_result_t;

/*!
 * \brief Ask \a sq->addr for the zone's SOA: UDP (sq->tries times,
 * sq->timeout_ms each), then TCP when truncated or when UDP got no
 * answer. The answer must be authoritative, for the zone, and signed
 * when a key is given (checked by lib/xfr's soaquery).
 * Security: the answer is untrusted; it is judged, never asserted on.
 * Thread safety: safe.
 */
void syncdns_soa(const syncdns_query_t *sq, syncdns_result_t *res);

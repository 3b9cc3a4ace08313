/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Authoritative answers from a zone version, as BIND 9.18 gives them. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "dns/render.h"
#include "util/result.h"
#include "zone/version.h"
#include "zone/zonetable.h"

/*! minimal-responses (named.conf): what goes into authority/additional. */
typedef enum ditto_minimal {
	DITTO_MINIMAL_NO = 0,            /*!< `no`: full authority/additional */
	DITTO_MINIMAL_YES,               /*!< `yes`: only what is required */
	DITTO_MINIMAL_NO_AUTH,           /*!< `no-auth` */
	DITTO_MINIMAL_NO_AUTH_RECURSIVE, /*!< `no-auth-recursive` (default) */
} ditto_minimal_t;

/*! Answer policy, from the zone's and view's options. Immutable. */
typedef struct ditto_answer_opts {
	ditto_minimal_t minimal_responses; /*!< minimal-responses */
	bool minimal_any;                  /*!< minimal-any */
} ditto_answer_opts_t;

/*! One question, from the parsed query. */
typedef struct ditto_query {
	const uint8_t *qname;   /*!< as received (case kept for the answer) */
	uint16_t qtype;         /*!< question type */
	uint16_t qclass;        /*!< question class */
	bool dnssec_ok;         /*!< EDNS DO bit */
	bool recursion_desired; /*!< RD bit (matters for no-auth-recursive) */
	bool tcp;               /*!< the query came over TCP (minimal-any is for
	                             UDP only) */
	bool prefer_aaaa;       /*!< the query came over IPv6: BIND renders AAAA
	                             before A in the additional section */
	/*! Optional: every zone served. A CNAME/DNAME chain stops at a
	 * target that a more specific zone of ours answers, as BIND's does
	 * (BIND restarts the lookup but never mixes zones without
	 * recursion). NULL: the chain follows every target in this zone. */
	const ditto_zonetable_t *zones;
	uint16_t udp_size; /*!< over UDP with EDNS: the requester's payload
	                        size (BIND answers minimally when it is <= 512);
	                        0 over TCP or without EDNS */
} ditto_query_t;

/*!
 * \brief Answer \a q from \a zone (the zone whose origin is the closest
 * enclosing zone of qname that we serve) into \a r, which the caller has
 * begun with the reply header (id, opcode, QR, RD copied), EDNS and the
 * question. Sets AA and the rcode in r->hdr and fills answer, authority
 * and additional exactly as BIND 9.18 does for an authoritative-only
 * server: exact matches, CNAME chains inside the zone, DNAME synthesis,
 * wildcards (RFC 4592), referrals with glue and DS (AA clear), NXDOMAIN and
 * NODATA with the SOA (negative TTL = min(SOA TTL, SOA minimum)), ANY per
 * minimal-any, additional processing per minimal-responses, and with DO:
 * RRSIGs and NSEC/NSEC3 proofs.
 *
 * Truncation is the renderer's job: on DITTO_R_TRUNCATED the message is
 * already closed with TC set and this returns DITTO_R_SUCCESS.
 *
 * \retval DITTO_R_SUCCESS  the answer is in \a r (whatever the rcode)
 * \retval other            internal failure: the caller answers SERVFAIL
 * Thread safety: safe on a committed version; reads only.
 * Never allocates.
 */
ditto_result_t ditto_answer_query(const ditto_answer_opts_t *opts,
                                  const ditto_version_t *zone,
                                  const ditto_query_t *q,
                                  ditto_render_t *r) DITTO_MUSTCHECK;

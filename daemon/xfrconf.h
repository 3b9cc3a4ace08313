/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A secondary zone's transfer settings, resolved from the configuration. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "parser/config.h"
#include "tsig/tsigkey.h"
#include "util/err.h"
#include "util/result.h"
#include "xfr/refresh.h"
#include "zone/version.h"

#include "keys.h"

/*! Longest text of an address with its port: "[v6]#65535". */
#define XFRCONF_ADDRTEXT 64

/*! One primary to refresh from, in the order they are tried. */
typedef struct xfr_primary {
	struct sockaddr_storage addr; /*!< address and port */
	socklen_t addrlen;            /*!< its length */
	char text[XFRCONF_ADDRTEXT];  /*!< "192.0.2.1#53" as BIND prints */
	const ditto_tsigkey_t *key;   /*!< TSIG key (the entry's, else the
	                                   `server` statement's), NULL: none;
	                                   borrowed from xfrconf_t.keys */
	bool request_ixfr;            /*!< `server` request-ixfr, else the
	                                   zone's */
	uint32_t transfers;           /*!< `server` transfers, 0: the global
	                                   transfers-per-ns */
} xfr_primary_t;

/*!
 * What the zone manager and the transfer pool need of one secondary zone.
 * Immutable once built, reference counted: the snapshot's zone holds one
 * reference, the zone manager one, each transfer job one.
 */
typedef struct xfrconf {
	atomic_uint refs;             /*!< references */
	keys_t *keys;                 /*!< the keys (one reference) */
	xfr_primary_t *primaries;     /*!< in order */
	size_t nprimaries;            /*!< count */
	struct sockaddr_storage src4; /*!< transfer-source */
	struct sockaddr_storage src6; /*!< transfer-source-v6 */
	bool src4_set, src6_set;      /*!< written (bind before use) */
	ditto_refresh_conf_t rconf;   /*!< min/max refresh/retry */
	bool try_tcp_refresh;         /*!< try-tcp-refresh */
	bool request_expire;          /*!< request-expire */
	uint32_t max_time_in;         /*!< max-transfer-time-in, s */
	uint32_t max_idle_in;         /*!< max-transfer-idle-in, s */
	uint64_t max_records;         /*!< max-records, 0: none */
	char *file;                   /*!< zone file or NULL */
	char *journal;                /*!< journal or NULL */
	struct outconf *oc;           /*!< the zone's outbound settings
	                                   (NOTIFY after a transfer; a
	                                   reference set by srvtab_build()
	                                   before the xfrconf is shared,
	                                   dropped with the xfrconf) */
} xfrconf_t;

/*! Server-wide transfer-in settings. */
typedef struct xfrglobal {
	uint32_t transfers_in;      /*!< transfers-in */
	uint32_t transfers_per_ns;  /*!< transfers-per-ns */
	uint32_t serial_query_rate; /*!< serial-query-rate */
} xfrglobal_t;

/*!
 * \brief Resolve the transfer settings of zone \a cz: the primaries
 * (named lists expanded, depth-first, bounded), their ports (entry, else
 * list, else the server's \a port), keys and `server` options.
 * \param keys  the configuration's keys (attached)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  an unknown key or primaries list (reason in
 *                           \a err; named-checkconf refuses those first)
 * Ownership: *out holds one reference; xfrconf_detach() it.
 * Thread safety: one thread (the main thread).
 */
ditto_result_t xfrconf_build(const ditto_config_t *cfg,
                             const ditto_config_zone_t *cz, keys_t *keys,
                             xfrconf_t **out, ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Take a reference. Thread safety: safe. */
void xfrconf_attach(xfrconf_t *xc, xfrconf_t **target);

/*! \brief Drop a reference; NULL is a no-op. Thread safety: safe. */
void xfrconf_detach(xfrconf_t **xcp);

/*! \brief The server-wide settings of \a cfg. */
void xfrconf_global(const ditto_config_t *cfg, xfrglobal_t *out);

/*!
 * \brief True when \a sa has the address (the port is ignored) of one of
 * the zone's primaries, as BIND accepts a NOTIFY from a primary.
 * Thread safety: safe.
 */
bool xfrconf_isprimary(const xfrconf_t *xc, const struct sockaddr *sa);

/*!
 * \brief \a sa as BIND prints a peer: "192.0.2.1#53", "2001:db8::1#53".
 * Thread safety: safe.
 */
void xfrconf_addrtext(const struct sockaddr *sa, char *buf, size_t size);

/*! The SOA fields the timers use. */
typedef struct xfr_soa {
	uint32_t serial, refresh, retry, expire, minimum; /*!< as in the SOA */
} xfr_soa_t;

/*!
 * \brief The SOA fields of \a v's apex SOA.
 * \return false when \a v is NULL or has no usable SOA.
 * Thread safety: safe on a committed version.
 */
bool xfrconf_soa(const ditto_version_t *v, xfr_soa_t *out);

/*!
 * \brief A TSIG key's name as BIND prints it in logs ("k1.example",
 * no final dot). Thread safety: safe.
 */
void xfrconf_keytext(const ditto_tsigkey_t *key, char *buf, size_t size);

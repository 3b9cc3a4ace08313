/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A zone's outbound settings: transfers out, IXFR history, NOTIFY out. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "acl/acl.h"
#include "parser/config.h"
#include "tsig/tsigkey.h"
#include "util/err.h"
#include "util/result.h"

#include "keys.h"
#include "xfrconf.h"

/*! `notify` of a zone. */
typedef enum outconf_notify {
	OUTCONF_NOTIFY_NO = 0,       /*!< no */
	OUTCONF_NOTIFY_YES,          /*!< yes: NS targets + also-notify */
	OUTCONF_NOTIFY_EXPLICIT,     /*!< explicit: also-notify only */
	OUTCONF_NOTIFY_PRIMARY_ONLY, /*!< primary-only / master-only: as yes
	                                  for a primary zone, no otherwise */
} outconf_notify_t;

/*! One also-notify destination. */
typedef struct outconf_target {
	struct sockaddr_storage addr; /*!< address and port (default 53, or
	                                   the list's / entry's port) */
	socklen_t addrlen;            /*!< its length */
	char text[XFRCONF_ADDRTEXT];  /*!< "192.0.2.1#53" */
	const ditto_tsigkey_t *key;   /*!< the entry's key, else the
	                                   `server` statement's, else NULL;
	                                   borrowed from outconf_t.keys */
} outconf_target_t;

/*!
 * A `server` statement's per-peer outbound values, copied at build time
 * so that outconf_provide_ixfr() and friends need no configuration.
 */
typedef struct outconf_server {
	ditto_cfg_prefix_t prefix;  /*!< the statement's address/prefix */
	int provide_ixfr;           /*!< -1 unset, else 0/1 */
	int transfer_format;        /*!< -1 unset, 0 many-answers, 1 one */
	const ditto_tsigkey_t *key; /*!< `keys`, NULL: none; borrowed from
	                                 outconf_t.keys */
} outconf_server_t;

/*!
 * The outbound settings of one primary or secondary zone, resolved from
 * the configuration (zone, else view, else options, else named's
 * default; `named -C` lists them). Immutable once built, reference
 * counted: the snapshot's zone holds one reference (zone_t.oc), the
 * secondary's xfrconf_t one (xfrconf_t.oc, for NOTIFY after a transfer),
 * each transfer out and each pending NOTIFY one.
 */
typedef struct outconf {
	atomic_uint refs;               /*!< references */
	keys_t *keys;                   /*!< the keys (one reference) */
	bool primary;                   /*!< the zone is a primary zone */
	ditto_acl_t *allow_transfer;    /*!< allow-transfer (attached; never
	                                     NULL: named's default is any) */
	bool provide_ixfr;              /*!< provide-ixfr (options level; a
	                                     `server` statement overrides it
	                                     per client: outconf_provide_ixfr) */
	uint32_t max_ixfr_ratio;        /*!< max-ixfr-ratio in percent, 0:
	                                     unlimited; named's default 100 */
	bool ixfr_from_differences;     /*!< ixfr-from-differences (primary:
	                                     journal the differences of a
	                                     reload) */
	uint64_t max_journal_size;      /*!< bytes, 0: "default" (twice the
	                                     zone), UINT64_MAX: unlimited */
	bool one_answer;                /*!< transfer-format one-answer */
	uint32_t transfer_message_size; /*!< transfer-message-size, octets */
	uint32_t max_time_out;          /*!< max-transfer-time-out, seconds */
	uint32_t max_idle_out;          /*!< max-transfer-idle-out, seconds */
	outconf_notify_t notify;        /*!< notify */
	bool notify_to_soa;             /*!< notify-to-soa */
	uint32_t notify_delay;          /*!< notify-delay, seconds */
	outconf_target_t *also_notify;  /*!< also-notify, expanded */
	size_t nalso_notify;            /*!< count */
	struct sockaddr_storage notify_src4; /*!< notify-source (port 0: any) */
	struct sockaddr_storage notify_src6; /*!< notify-source-v6 */
	bool notify_src4_set, notify_src6_set; /*!< written (bind them) */
	outconf_server_t *servers; /*!< the `server` statements (owned) */
	size_t nservers;           /*!< count */
	char *zone;                /*!< the zone's name as written (logs) */
} outconf_t;

/*! Server-wide outbound settings. */
typedef struct outglobal {
	uint32_t transfers_out;       /*!< transfers-out (default 10) */
	uint32_t notify_rate;         /*!< notify-rate, per second (20) */
	uint32_t startup_notify_rate; /*!< startup-notify-rate (20) */
	uint16_t port;                /*!< the server's port (NOTIFY targets
	                                   from NS records use it) */
} outglobal_t;

/*!
 * \brief Resolve the outbound settings of zone \a cz (primary or
 * secondary): allow-transfer compiled, also-notify lists expanded (named
 * lists, ports, keys), the `server` statements' keys.
 * \param keys  the configuration's keys (attached)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  an unknown key or list (reason in \a err)
 * Ownership: *out holds one reference; outconf_detach() it.
 * Thread safety: one thread (the main thread).
 */
ditto_result_t outconf_build(const ditto_config_t *cfg,
                             const ditto_config_zone_t *cz, keys_t *keys,
                             outconf_t **out, ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Take a reference. Thread safety: safe. */
void outconf_attach(outconf_t *oc, outconf_t **target);

/*! \brief Drop a reference; NULL is a no-op. Thread safety: safe. */
void outconf_detach(outconf_t **ocp);

/*! \brief The server-wide settings of \a cfg. */
void outconf_global(const ditto_config_t *cfg, outglobal_t *out);

/*!
 * \brief provide-ixfr for a client at \a peer: the `server` statement
 * matching it, else the zone's (options) setting. \a cfg is not needed:
 * the matching `server` values are copied into \a oc at build time.
 * Thread safety: safe.
 */
bool outconf_provide_ixfr(const outconf_t *oc, const struct sockaddr *peer);

/*!
 * \brief The TSIG key a NOTIFY to \a peer is signed with: the `server`
 * statement's `keys` for that address, else NULL.
 * Thread safety: safe.
 */
const ditto_tsigkey_t *outconf_server_key(const outconf_t *oc,
                                          const struct sockaddr *peer);

/*!
 * \brief transfer-format for a client at \a peer: the matching `server`
 * statement's, else the zone's (options / view) one_answer.
 * Thread safety: safe.
 */
bool outconf_one_answer(const outconf_t *oc, const struct sockaddr *peer);

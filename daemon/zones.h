/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The served state: views, zones (loaded versions), options; one snapshot. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include "acl/acl.h"
#include "dns/name.h"
#include "parser/config.h"
#include "util/result.h"
#include "zone/answer.h"
#include "zone/version.h"
#include "zone/zonetable.h"

#include "dconf.h"
#include "keys.h"
#include "xfrconf.h"
#include "zonemgr.h"

/*! One served zone. */
typedef struct zone zone_t;
struct zone {
	ditto_name_storage_t origin; /*!< wire form */
	uint16_t rclass;             /*!< class */
	char *name;                  /*!< "example.com/IN" for logs */
	char *type;                  /*!< "primary", "secondary", ... */
	char *file;                  /*!< file or NULL */
	dev_t dev;                   /*!< file identity at load ... */
	ino_t ino;                   /*!< ... */
	off_t size;                  /*!< ... */
	struct timespec mtime;       /*!< ... to reuse it on reload */
	ditto_version_t *version;    /*!< NULL: not loaded (SERVFAIL);
	                                  secondary zones use `slot` */
	zslot_t *slot;               /*!< secondary: the live version and
	                                  state, shared across reloads (a
	                                  reference); NULL otherwise */
	xfrconf_t *xc;               /*!< secondary: transfer settings (a
	                                  reference) */
	ditto_acl_t *allow_notify;   /*!< allow-notify, NULL: not written
	                                  (the primaries only) */
	ditto_acl_t *allow_query;    /*!< allow-query, NULL: any */
	ditto_acl_t *allow_query_on; /*!< allow-query-on, NULL: any */
	ditto_answer_opts_t aopts;   /*!< minimal-responses, minimal-any */
	struct outconf *oc;          /*!< primary and secondary zones:
	                                  transfers out and NOTIFY out (a
	                                  reference; outconf.h); NULL for
	                                  other types */
	struct stats_zone *zst;      /*!< the zone's counters (stats.h;
	                                  owned by the server's stats, kept
	                                  across reloads), NULL: none */
	struct zhist *hist;          /*!< primary zone with
	                                  ixfr-from-differences: its IXFR
	                                  history, shared across reloads (a
	                                  reference; zhist.h), else NULL */
};

/*! A view: the zones of one class for matching clients. */
typedef struct view {
	char *name;                      /*!< view name */
	uint16_t rclass;                 /*!< view class */
	ditto_acl_t *match_clients;      /*!< NULL: any */
	ditto_acl_t *match_destinations; /*!< NULL: any */
	zone_t **zones;                  /*!< owned zones */
	size_t nzones;                   /*!< count */
	ditto_zonetable_t *table;        /*!< origin -> zone */
} view_t;

/*!
 * Everything a query worker reads, as one immutable snapshot. The server
 * publishes a new one on reload with rcu_xchg_pointer() and destroys the
 * old after synchronize_rcu().
 */
typedef struct srvtab {
	dconf_t conf;              /*!< server options */
	view_t *views;             /*!< views, then the built-in CH view */
	size_t nviews;             /*!< count */
	ditto_aclenv_t *aclenv;    /*!< localhost / localnets */
	unsigned int zones_loaded; /*!< zones serving */
	unsigned int zones_failed; /*!< zones not loaded */
	unsigned int zones_named;  /*!< zones as named's `rndc status`
	                                counts them (srvtab_build()) */
	keys_t *keys;              /*!< TSIG keys (a reference) */
	xfrglobal_t xglob;         /*!< transfers-in, ... */
	struct outglobal *oglob;   /*!< transfers-out, notify-rate, ...
	                                (owned; outconf.h) */
	zonemgr_t *zm;             /*!< where NOTIFYs go (set by the server
	                                before publishing), NULL: none */
} srvtab_t;

/*!
 * \brief The version a query reads for \a z: the slot's (RCU) for a
 * secondary zone, NULL when it has none or it expired (SERVFAIL).
 * Requires: inside rcu_read_lock() (or no writer can run).
 * Thread safety: safe; lock-free.
 */
static inline const ditto_version_t *
zone_version(const zone_t *z)
{
	if (z->slot == NULL) {
		return z->version;
	}
	if (atomic_load_explicit(&z->slot->expired, memory_order_acquire)) {
		return NULL;
	}
	return zslot_version(z->slot);
}

/*!
 * \brief Every secondary zone of \a tab (slots and settings, parallel
 * arrays of *n, borrowed from \a tab), for zonemgr_reconfig().
 * Ownership: the caller frees the two arrays with ditto_free().
 */
void srvtab_secondaries(const srvtab_t *tab, zslot_t ***slots,
                        xfrconf_t ***confs, size_t *n);

/*! How srvtab_build_mode() treats zones the old snapshot already has. */
typedef enum srvtab_mode {
	SRVTAB_RELOAD = 0, /*!< reload the zones whose file changed */
	SRVTAB_RECONFIG,   /*!< keep every loaded zone as it is (rndc
	                        reconfig); load only new or unloaded zones */
} srvtab_mode_t;

/*!
 * \brief Build a snapshot from a loaded configuration: compile ACLs, load
 * every primary zone and every secondary zone whose file exists, skip
 * other zone types (ditto_config_load() warned about them). A zone whose
 * file did not change since \a old (same file identity, size and mtime)
 * reuses the old version. Zone problems are logged as named logs them and
 * leave that zone unloaded (it answers SERVFAIL); they do not fail the
 * build.
 * \param old  the current snapshot, or NULL at start
 * \retval DITTO_R_SUCCESS
 * \retval other  an option or ACL could not be used (reason in \a err)
 * Ownership: *out is the caller's; free with srvtab_destroy().
 * Thread safety: the main thread only; \a old is only read.
 */
ditto_result_t srvtab_build(const ditto_config_t *cfg, const srvtab_t *old,
                            srvtab_t **out, ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief srvtab_build() with a \a mode: SRVTAB_RECONFIG reuses the
 * version of every zone of \a old that was loaded from the same file
 * (same path and type) even when the file changed since (named's
 * `rndc reconfig`); the reused zone keeps the old file identity, so a
 * later reload still sees the change.
 * Ownership, thread safety: as srvtab_build().
 */
ditto_result_t srvtab_build_mode(const ditto_config_t *cfg, const srvtab_t *old,
                                 srvtab_mode_t mode, srvtab_t **out,
                                 ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The number of zones named's `rndc status` reports for \a cfg:
 * every zone named manages (primary, secondary, mirror, stub,
 * static-stub, redirect; not forward, hint, delegation-only or in-view
 * zones, loaded or not) plus one per view (the managed-keys zone named
 * creates in each view). The automatic empty zones are not counted
 * (dittod does not create them; its status reports 0 automatic).
 * Thread safety: safe; reads only.
 */
unsigned int srvtab_named_zones(const ditto_config_t *cfg);

/*! \brief Free a snapshot; NULL is a no-op. Requires: no reader left. */
void srvtab_destroy(srvtab_t **tabp);

/*!
 * \brief The first view of class \a qclass whose match-clients and
 * match-destinations allow the addresses, or NULL.
 * Thread safety: safe; reads only.
 */
const view_t *srvtab_view(const srvtab_t *tab, const struct sockaddr *client,
                          const struct sockaddr *local, uint16_t qclass);

/*!
 * \brief The zone of \a v that answers \a qname / \a qtype: the closest
 * encloser, the parent zone for DS at an apex (as BIND), or NULL.
 * Thread safety: safe; reads only.
 */
const zone_t *view_findzone(const view_t *v, const uint8_t *qname,
                            uint16_t qtype);

/*! \brief The zone whose origin is exactly \a name, or NULL. */
const zone_t *view_exactzone(const view_t *v, const uint8_t *name);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone checks as named-checkzone makes them, over a loaded zone version. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dns/rr.h"
#include "util/result.h"
#include "zone/node.h"
#include "zone/version.h"

/*
 * A check context loads one zone into a ditto_version_t (version.h) through
 * the version's RR sink, the same path the daemon loads zones by; its own
 * RR sink wraps that one. Each record is checked as it arrives (check-
 * names, MX/NS targets that look like addresses, non-terminal wildcards,
 * expired signatures, DS at the apex), then applied to the version in
 * owner groups the way BIND's loader does (CNAME and other data, singleton
 * types). After the load, ditto_check_finish() commits the version and
 * runs the post-load checks over it (SOA and NS at the apex, apex NS
 * targets, the integrity checks of NS/MX/SRV targets, SPF). Every message
 * is one line in named-checkzone 9.18's words, handed to a callback.
 *
 * Besides the version the context keeps only small side tables: the
 * records of the current owner group, and the owner spellings of RRsets
 * first written in another case than their node's name (for the dump:
 * ditto_check_ownercase()).
 */

/*! Severity of a check, as named-checkzone's -k/-m/-n/-M/-S/-T/-W. */
typedef enum ditto_check_mode {
	DITTO_CHECK_IGNORE = 0, /*!< do not check */
	DITTO_CHECK_WARN,       /*!< report, do not fail */
	DITTO_CHECK_FAIL,       /*!< report and fail the zone */
} ditto_check_mode_t;

/*! Options: the defaults of named-checkzone come from
 * ditto_check_opts_default(). */
typedef struct ditto_check_opts {
	ditto_check_mode_t names;     /*!< -k check-names (default warn) */
	ditto_check_mode_t mx;        /*!< -m MX checks (warn) */
	ditto_check_mode_t ns;        /*!< -n NS checks (warn) */
	ditto_check_mode_t mxcname;   /*!< -M MX to CNAME (warn) */
	ditto_check_mode_t srvcname;  /*!< -S SRV to CNAME (warn) */
	ditto_check_mode_t spf;       /*!< -T SPF without TXT (warn) */
	ditto_check_mode_t wildcard;  /*!< -W non-terminal wildcard (warn) */
	ditto_check_mode_t integrity; /*!< -i: ignore = none, else local */
	bool sibling;                 /*!< -i ...-sibling */
} ditto_check_opts_t;

/*! Message callback: one complete line, no newline. */
typedef void (*ditto_check_msg_fn)(void *arg, const char *line);

typedef struct ditto_check ditto_check_t;

/*! \brief Fill \a opts with named-checkzone's defaults. */
void ditto_check_opts_default(ditto_check_opts_t *opts);

/*!
 * \brief Create a check context for the zone \a origin of class \a rclass.
 * \param zonetext  the zone as named-checkzone prints it in messages
 *                  ("example.com/IN"); copied
 * \param msg, arg  receives every message line
 * Ownership: the caller destroys *cp with ditto_check_destroy().
 * Thread safety: one thread at a time per context.
 */
void ditto_check_create(const uint8_t *origin, uint16_t rclass,
                        const char *zonetext, const ditto_check_opts_t *opts,
                        ditto_check_msg_fn msg, void *arg, ditto_check_t **cp);

/*! \brief Free the context and its zone version; NULL is a no-op. */
void ditto_check_destroy(ditto_check_t **cp);

/*!
 * \brief The RR sink that loads records into \a c (ADD only).
 * Problems are recorded and the load goes on (ditto_check_loaderror()
 * tells the first one); only an error of the version itself (a record
 * limit) stops the producer, with that result.
 */
ditto_rrsink_t ditto_check_sink(ditto_check_t *c);

/*!
 * \brief The first load error the sink found, in BIND's result words
 * ("CNAME and other data"), or NULL.
 */
const char *ditto_check_loaderror(const ditto_check_t *c);

/*!
 * \brief Record a load error found by the producer (the master-file
 * reader's summary, e.g. "bad dotted quad"), unless one is set already.
 * A zone with a load error skips the post-load checks.
 */
void ditto_check_setloaderror(ditto_check_t *c, const char *text);

/*!
 * \brief End of the load: apply the last owner group, commit the version
 * and (when the load had no error) run the post-load checks.
 * \retval DITTO_R_SUCCESS  the zone would load ("loaded serial")
 * \retval DITTO_R_FAILURE  a fatal check failed ("not loaded due to
 *                          errors"); the messages were given
 */
ditto_result_t ditto_check_finish(ditto_check_t *c) DITTO_MUSTCHECK;

/*! \brief The SOA serial (after a successful finish). */
uint32_t ditto_check_serial(const ditto_check_t *c);

/*! \brief True when the zone is DNSSEC signed (DNSKEY at the apex, and NSEC
 * or NSEC3PARAM there), as "loaded serial N (DNSSEC signed)". */
bool ditto_check_secure(const ditto_check_t *c);

/*! \brief Number of records in the zone (duplicates counted once). */
size_t ditto_check_records(const ditto_check_t *c);

/*!
 * \brief The zone version (committed by ditto_check_finish(), also when
 * the load failed). Requires: finish ran.
 * Ownership: borrowed from the context; ditto_version_attach() to keep it
 * beyond ditto_check_destroy().
 */
const ditto_version_t *ditto_check_version(const ditto_check_t *c);

/*!
 * \brief The owner of \a set at \a node as BIND prints it: the spelling of
 * the RRset's first record (BIND keeps the owner case per RRset), which
 * may differ in case from ditto_node_name(). Has the type of
 * ditto_dump_owner_fn (dump.h): pass it with the context as \a arg.
 * Ownership: the name is borrowed from the node or the context.
 */
const uint8_t *ditto_check_ownercase(void *arg, const ditto_node_t *node,
                                     const ditto_rrset_t *set);

/*!
 * \brief True when \a name is a host name by BIND's rules (letters, digits
 * and hyphens, no hyphen at either end of a label); a leading "*" label is
 * allowed when \a wildcard is set.
 */
bool ditto_check_ishostname(const uint8_t *name, bool wildcard);

/*! \brief True when \a name is a mailbox name (first label any printable
 * octets, the rest a host name). */
bool ditto_check_ismailbox(const uint8_t *name);

/*! \brief The name as BIND prints it in messages: absolute, without the
 * final dot (the root is "."). \a buf holds DITTO_NAME_MAXTEXT bytes. */
void ditto_check_namefmt(const uint8_t *name, char *buf, size_t bufsize);

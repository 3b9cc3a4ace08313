/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl sync-check: per-zone sync health for monitoring systems. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

/*
 * The pure half (syncjudge.c: parse zonestatus, judge a zone, print the
 * Nagios text or the JSON) is separate from the I/O half (synccheck.c:
 * options, named.conf, the rndc channel, SOA queries), so that a unit test
 * drives the verdicts with synthetic inputs.
 */

/*! Nagios / Icinga plugin states; the process exit status. */
typedef enum sc_status {
	SC_OK = 0,       /*!< every zone in sync */
	SC_WARNING = 1,  /*!< a threshold crossed */
	SC_CRITICAL = 2, /*!< a zone expired, not loaded, badly behind, or
	                      every primary unreachable */
	SC_UNKNOWN = 3,  /*!< the check itself failed (server, rndc, config) */
} sc_status_t;

/*! A threshold on the time left to expire. */
typedef struct sc_limit {
	bool percent;  /*!< \a value is a percent of the SOA expire */
	int64_t value; /*!< seconds, or percent (0..100) */
} sc_limit_t;

/*! The check's options (thresholds and I/O settings). */
typedef struct sc_opts {
	int64_t warn_behind;     /*!< seconds behind -> WARNING (300) */
	int64_t crit_behind;     /*!< seconds behind -> CRITICAL (3600) */
	sc_limit_t warn_expire;  /*!< expire left below -> WARNING (50%) */
	sc_limit_t crit_expire;  /*!< expire left below -> CRITICAL (10%) */
	unsigned int timeout_ms; /*!< per DNS try (2000) */
	unsigned int tries;      /*!< UDP tries per server (2) */
	bool json;               /*!< -j */
} sc_opts_t;

/*! Most primaries checked per zone. */
#define SC_MAXPRIMARIES 16
/*! Room for the reasons kept per item. */
#define SC_MAXREASON 256

/*! One primary of a zone, and what its SOA said. */
typedef struct sc_primary {
	struct sockaddr_storage ss; /*!< its address and port */
	char addr[64];              /*!< "192.0.2.1#53" */
	const char *key;            /*!< TSIG key name (borrowed) or NULL */
	bool reachable;             /*!< gave a usable SOA answer */
	uint32_t serial;            /*!< its serial (reachable) */
	uint32_t expire;            /*!< its SOA expire (reachable) */
	const char *transport;      /*!< "udp" or "tcp" (reachable) */
	char error[SC_MAXREASON];   /*!< why not reachable */
} sc_primary_t;

/*! The fields of a zonestatus reply (named's and dittod's text). */
typedef struct sc_zstatus {
	char type[32];        /*!< "secondary", "primary", ... or "" */
	bool has_serial;      /*!< "serial:" present */
	uint32_t serial;      /*!< its value */
	int64_t loaded;       /*!< "last loaded:", 0 when absent */
	int64_t next_refresh; /*!< "next refresh:", 0 when absent */
	int64_t expires;      /*!< "expires:", 0 when absent */
} sc_zstatus_t;

/*! One zone: inputs gathered by synccheck.c, verdict by sc_judge(). */
typedef struct sc_zone {
	/* inputs */
	char name[1024];               /*!< zone name as written */
	const char *view;              /*!< view name (borrowed) */
	bool in_config;                /*!< found in named.conf */
	bool rndc_ok;                  /*!< zonestatus answered */
	bool rndc_fatal;               /*!< no answer at all (server down) */
	char rndc_error[SC_MAXREASON]; /*!< rndc's error text */
	sc_zstatus_t zs;               /*!< parsed zonestatus (rndc_ok) */
	bool self_ok;                  /*!< our own SOA answered */
	bool self_noanswer;            /*!< the server gave no answer at all */
	uint32_t self_serial;          /*!< the serial we serve (self_ok) */
	uint32_t self_expire;          /*!< our SOA expire (self_ok) */
	char self_addr[64];            /*!< where it was asked */
	char self_error[SC_MAXREASON]; /*!< why not self_ok */
	sc_primary_t primaries[SC_MAXPRIMARIES]; /*!< primaries */
	size_t nprimaries;                       /*!< how many */
	/* verdict (sc_judge) */
	sc_status_t status;        /*!< this zone's state */
	char reason[512];          /*!< short reason ("in sync", ...) */
	unsigned int nreasons;     /*!< parts of \a reason */
	bool has_serial;           /*!< we know what we serve */
	uint32_t serial;           /*!< the serial we serve */
	const char *serial_source; /*!< "soa" or "zonestatus" */
	size_t nreachable;         /*!< primaries that answered */
	bool has_primary_serial;   /*!< some primary answered */
	uint32_t primary_serial;   /*!< newest serial among them */
	bool has_gap;              /*!< the gap is defined */
	int64_t gap;               /*!< primary - ours (RFC 1982), < 0 ahead */
	bool behind;               /*!< gap > 0 */
	int64_t last_refresh;      /*!< last successful refresh, 0 unknown */
	const char *last_refresh_source; /*!< how it was derived */
	int64_t behind_for;              /*!< behind: seconds, -1 unknown */
	uint32_t expire_interval; /*!< SOA expire used for %, 0 unknown */
	bool has_expire_left;     /*!< "expires" known */
	int64_t expire_left;      /*!< seconds left (<= 0: expired) */
	bool expired;             /*!< past expire, or not loaded */
} sc_zone_t;

/*! \brief "OK", "WARNING", "CRITICAL" or "UNKNOWN". */
const char *sc_status_name(sc_status_t s);

/*!
 * \brief Parse "Sat, 21 Nov 2026 05:51:36 GMT" (zonestatus dates).
 * \return false when \a s is not such a date (*out unchanged).
 * Thread safety: safe.
 */
bool sc_httpdate_parse(const char *s, int64_t *out);

/*!
 * \brief A duration: digits with an optional unit s, m, h, d or w
 * ("300", "5m", "2h"); at most 10 years.
 * \return false when malformed (*out unchanged).
 */
bool sc_duration_parse(const char *s, int64_t *out);

/*! \brief A duration ("1d", "600") or a percent ("50%", 0..100). */
bool sc_limit_parse(const char *s, sc_limit_t *out);

/*!
 * \brief Fill \a zs from the text of a zonestatus reply (untrusted: any
 * line may be missing or malformed; unknown lines are ignored).
 */
void sc_zonestatus_parse(const char *text, sc_zstatus_t *zs);

/*! \brief Set the options' defaults. */
void sc_opts_default(sc_opts_t *o);

/*!
 * \brief Judge one zone from its inputs at time \a now: fills the
 * verdict fields (status, reason, gap, behind_for, expire_left, ...).
 * Rules (the worst applies):
 *   rndc gave no answer                        -> UNKNOWN
 *   not in named.conf (no primaries known)     -> UNKNOWN
 *   zonestatus failed (not loaded / not found) -> CRITICAL
 *   the server answers the SOA with an error   -> CRITICAL
 *   past its expire time                       -> CRITICAL
 *   every primary unreachable                  -> CRITICAL
 *   some primaries unreachable                 -> WARNING
 *   behind for >= crit_behind / warn_behind    -> CRITICAL / WARNING
 *   behind, for an unknown time                -> WARNING
 *   ahead of every primary, or 2^31 apart      -> WARNING
 *   expire left < crit_expire / warn_expire    -> CRITICAL / WARNING
 *   the server gave no SOA answer (timeout)    -> WARNING (zonestatus
 *                                                 serial used instead)
 * Thread safety: safe.
 */
void sc_judge(const sc_opts_t *o, int64_t now, sc_zone_t *z);

/*! \brief The worst status over \a n zones (OK when n == 0). */
sc_status_t sc_overall(const sc_zone_t *zones, size_t n);

/*!
 * \brief Write the Nagios output: one status line with perfdata, then
 * one line per zone.
 */
void sc_print_text(FILE *f, const sc_opts_t *o, const sc_zone_t *zones,
                   size_t n, int64_t now);

/*! \brief Write the JSON object (overall status and one object per zone). */
void sc_print_json(FILE *f, const sc_opts_t *o, const sc_zone_t *zones,
                   size_t n, int64_t now);

/*! \brief Write "UNKNOWN" output for a failure before any zone (\a msg). */
void sc_print_failure(FILE *f, bool json, const char *msg);

/*! \brief "2h5m", "45s", "3d" (at most two units). */
void sc_duration_format(int64_t secs, char *buf, size_t size);

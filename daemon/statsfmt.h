/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named's statistics documents: what the JSON and XML renderers share. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stats.h"

struct server;

/*! Which document a path asks for (named's sub-paths). */
typedef enum sfpart {
	SF_ALL = 0, /*!< /json/v1, /xml/v3: everything */
	SF_SERVER,  /*!< .../server: server counters and views' resolver */
	SF_ZONES,   /*!< .../zones: every zone with its serial */
	SF_NET,     /*!< .../net: socket counters */
	SF_MEM,     /*!< .../mem: memory */
	SF_TASKS,   /*!< .../tasks: the task manager */
	SF_TRAFFIC, /*!< .../traffic: message size histograms */
	SF_STATUS,  /*!< .../status: the times and version only */
} sfpart_t;

/*! One zone of the snapshot, copied. */
typedef struct sfzone {
	char *name;              /*!< origin, no final dot ("." for the root) */
	char klass[16];          /*!< "IN", "CH", ... */
	const char *type;        /*!< "primary", "secondary", "builtin", ...
	                              (static storage, see sf_collect()) */
	bool has_serial;         /*!< loaded: `serial` is set */
	uint32_t serial;         /*!< the serial served */
	int64_t loaded;          /*!< named's "loaded": file mtime (primary),
	                              last load or transfer (secondary), 0 */
	bool secondary;          /*!< has refresh state (expires, refresh) */
	int64_t expires;         /*!< secondary: when the data expires, or 0 */
	int64_t refresh;         /*!< secondary: the next SOA check, or 0 */
	const stats_zone_t *zst; /*!< counters, NULL: none */
} sfzone_t;

/*! One view and its zones. */
typedef struct sfview {
	char *name;      /*!< "_default", "_bind", ... */
	sfzone_t *zones; /*!< zones */
	size_t nzones;   /*!< count */
} sfview_t;

/*! Everything a document shows, collected once per request. */
typedef struct sfdata {
	int64_t boot_ms;     /*!< boot time, Unix ms */
	int64_t config_ms;   /*!< last (re)configuration, Unix ms */
	int64_t now_ms;      /*!< now, Unix ms */
	const char *version; /*!< dittod's version text */
	stats_block_t sum;   /*!< the server counters summed */
	uint64_t zonestat[STATS_ZC_XFRFAIL + 1]; /*!< named's zonestats,
	                                              summed over zones */
	uint64_t tcp_highwater;                  /*!< TCPConnHighWater */
	sfview_t *views;                         /*!< views of the snapshot */
	size_t nviews;                           /*!< count */
	unsigned int nworkers;                   /*!< query worker threads */
	uint64_t mem_total, mem_inuse; /*!< malloc arena totals, octets */
} sfdata_t;

/*! A counter name of named's and where dittod's value comes from. */
typedef struct sfcounter {
	const char *name; /*!< named's name */
	int idx;          /*!< stats_ns_t index, or -1: always 0 for dittod */
} sfcounter_t;

/*! named 9.18's nsstat list, in its order (sf_nsstats_nr entries). */
extern const sfcounter_t sf_nsstats[];
extern const size_t sf_nsstats_nr;
/*! named's opcode names (16). */
extern const char *const sf_opcodes[16];
/*! named's rcode names (24). */
extern const char *const sf_rcodes[24];
/*! named's zonestat names (STATS_ZC_XFRFAIL + 1). */
extern const char *const sf_zonestats[STATS_ZC_XFRFAIL + 1];
/*! named's resolver counter names (views' resstats); all 0 for dittod. */
extern const char *const sf_resstats[];
extern const size_t sf_resstats_nr;
/*! named's cache statistics names; all 0 for dittod. */
extern const char *const sf_cachestats[];
extern const size_t sf_cachestats_nr;
/*! named's ADB counter names; all 0 for dittod. */
extern const char *const sf_adbstats[4];
/*! named's socket counter names; all 0 for dittod. */
extern const char *const sf_sockstats[];
extern const size_t sf_sockstats_nr;
/*! The traffic histograms' names (JSON) in named's order (8). */
extern const char *const sf_traffic[8];

/*!
 * \brief Collect what a document shows: times, counters summed, every
 * view and zone of the published snapshot (copied inside one
 * rcu_read_lock() section; nothing is written while it is held).
 * Ownership: the caller frees \a d with sf_clear().
 * Thread safety: any thread registered with liburcu; takes only the zone
 * counters' registry mutex (stats_zones()) and each secondary zone's
 * status mutex, never a lock a query worker takes.
 */
void sf_collect(struct server *srv, sfdata_t *d);

/*! \brief Free what sf_collect() allocated. */
void sf_clear(sfdata_t *d);

/*! \brief The value of nsstat row \a i of sf_nsstats for \a d. */
uint64_t sf_nsstat(const sfdata_t *d, size_t i);

/*! \brief The name named uses for query type \a t ("A", "TYPE65",
 * "Others" for types >= 256 when \a t is 256), into \a buf. */
void sf_qtype_name(unsigned int t, char *buf, size_t size);

/*!
 * \brief Unix milliseconds as named prints them: with \a ms
 * "2026-01-02T03:04:05.678Z", else "2026-01-02T03:04:05Z".
 */
void sf_time(int64_t unix_ms, bool ms, char *buf, size_t size);

/*!
 * \brief Write named's JSON (json-stats-version 1.7) document \a part.
 * Ownership: borrows both. Thread safety: safe.
 * Security: names are escaped as JSON strings.
 */
void statsjson_render(const sfdata_t *d, sfpart_t part, FILE *out);

/*!
 * \brief Write named's XML (statistics version 3.13) document \a part.
 * Ownership: borrows both. Thread safety: safe.
 * Security: names are escaped for XML text and attributes.
 */
void statsxml_render(const sfdata_t *d, sfpart_t part, FILE *out);

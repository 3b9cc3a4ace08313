/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named's JSON statistics (json-stats-version 1.7), with dittod's values. */
/*
 * The layout is named 9.18's: two-space indentation, "key":value, the
 * document header (version and three times) first, then the sections of
 * the part asked for. As named does, opcodes, rcodes and cachestats list
 * every counter, the other sets only the counters that are not zero.
 * See statsfmt.c for where each value comes from.
 */
#include <inttypes.h>
#include <string.h>

#include "statsfmt.h"

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
jstr(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	     p++) {
		if (*p == '"' || *p == '\\') {
			fputc('\\', out);
			fputc(*p, out);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(out, "\\u%04x", *p);
		} else {
			fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Opens "name":{ at \a ind spaces. */
static void
obj_open(FILE *out, int ind, const char *name)
{
	fprintf(out, "%*s", ind, "");
	jstr(out, name);
	fputs(":{\n", out);
}

/* A "name":value member; \a first: no comma before it. */
static void
member_u64(FILE *out, int ind, bool *first, const char *name, uint64_t v)
{
	fprintf(out, "%s%*s", *first ? "" : ",\n", ind, "");
	jstr(out, name);
	fprintf(out, ":%" PRIu64, v);
	*first = false;
}

static void
member_str(FILE *out, int ind, bool *first, const char *name, const char *v)
{
	fprintf(out, "%s%*s", *first ? "" : ",\n", ind, "");
	jstr(out, name);
	fputc(':', out);
	jstr(out, v);
	*first = false;
}

/* Closes an object whose members were written (or none). */
static void
obj_close(FILE *out, int ind, bool empty)
{
	fprintf(out, "%s%*s}", empty ? "" : "\n", ind, "");
}

/* A section separator before the next top-level member. */
static void
next(FILE *out)
{
	fputs(",\n", out);
}

static void
header(const sfdata_t *d, FILE *out)
{
	char b[40], c[40], n[40];
	bool first = true;
	sf_time(d->boot_ms, true, b, sizeof(b));
	sf_time(d->config_ms, true, c, sizeof(c));
	sf_time(d->now_ms, true, n, sizeof(n));
	fputs("{\n", out);
	member_str(out, 2, &first, "json-stats-version", "1.7");
	member_str(out, 2, &first, "boot-time", b);
	member_str(out, 2, &first, "config-time", c);
	member_str(out, 2, &first, "current-time", n);
	member_str(out, 2, &first, "version", d->version);
}

/* "name":{ every (name, value) of the list }; \a all: zeros too. */
static void
counters(FILE *out, int ind, const char *name, const char *const *names,
         const uint64_t *vals, size_t n, bool all)
{
	bool first = true;
	obj_open(out, ind, name);
	for (size_t i = 0; i < n; i++) {
		if (all || (vals != NULL && vals[i] != 0)) {
			member_u64(out, ind + 2, &first, names[i],
			           vals != NULL ? vals[i] : 0);
		}
	}
	obj_close(out, ind, first);
}

static uint64_t
qtype_count(const sfdata_t *d, unsigned int t)
{
	return atomic_load_explicit(t < 256 ? &d->sum.qtype[t]
	                                    : &d->sum.qtype_other,
	                            memory_order_relaxed);
}

/* "qtypes": the types queried; left out when none was (as named). */
static void
json_qtypes(const sfdata_t *d, FILE *out)
{
	bool first = true;
	for (unsigned int t = 0; t <= 256; t++) {
		uint64_t c = qtype_count(d, t);
		if (c == 0) {
			continue;
		}
		if (first) {
			next(out);
			obj_open(out, 2, "qtypes");
		}
		char name[32];
		sf_qtype_name(t < 256 ? t : 0x10000, name, sizeof(name));
		member_u64(out, 4, &first, name, c);
	}
	if (!first) {
		obj_close(out, 2, false);
	}
}

/* "nsstats": the counters that are not 0; left out when none is. */
static void
json_nsstats(const sfdata_t *d, FILE *out)
{
	bool first = true;
	for (size_t i = 0; i < sf_nsstats_nr; i++) {
		uint64_t c = sf_nsstat(d, i);
		if (c == 0) {
			continue;
		}
		if (first) {
			next(out);
			obj_open(out, 2, "nsstats");
		}
		member_u64(out, 4, &first, sf_nsstats[i].name, c);
	}
	if (!first) {
		obj_close(out, 2, false);
	}
}

/*
 * named lists opcodes and rcodes whole, leaves out the qtypes, nsstats
 * and zonestats sets when they are empty, and lists the other sets'
 * counters that are not 0.
 */
static void
server_counters(const sfdata_t *d, FILE *out)
{
	uint64_t v[24];
	for (size_t i = 0; i < 16; i++) {
		v[i] = atomic_load_explicit(&d->sum.opcode[i],
		                            memory_order_relaxed);
	}
	next(out);
	counters(out, 2, "opcodes", sf_opcodes, v, 16, true);
	for (size_t i = 0; i < 24; i++) {
		v[i] = atomic_load_explicit(&d->sum.rcode[i],
		                            memory_order_relaxed);
	}
	next(out);
	counters(out, 2, "rcodes", sf_rcodes, v, 24, true);
	json_qtypes(d, out);
	json_nsstats(d, out);
	for (size_t i = 0; i <= STATS_ZC_XFRFAIL; i++) {
		if (d->zonestat[i] != 0) {
			next(out);
			counters(out, 2, "zonestats", sf_zonestats, d->zonestat,
			         STATS_ZC_XFRFAIL + 1, false);
			break;
		}
	}
	next(out);
	counters(out, 2, "resstats", sf_resstats, NULL, sf_resstats_nr, false);
}

static void
zone(const sfzone_t *z, FILE *out)
{
	char t[40];
	bool first = true;
	fputs("        {\n", out);
	member_str(out, 10, &first, "name", z->name);
	member_str(out, 10, &first, "class", z->klass);
	if (z->has_serial) {
		member_u64(out, 10, &first, "serial", z->serial);
	}
	member_str(out, 10, &first, "type", z->type);
	sf_time(z->loaded * 1000, false, t, sizeof(t));
	member_str(out, 10, &first, "loaded", t);
	if (z->secondary) {
		sf_time(z->expires * 1000, false, t, sizeof(t));
		member_str(out, 10, &first, "expires", t);
		sf_time(z->refresh * 1000, false, t, sizeof(t));
		member_str(out, 10, &first, "refresh", t);
	}
	fputs("\n        }", out);
}

static void
view_zones(const sfview_t *v, FILE *out)
{
	fputs("      \"zones\":[\n", out);
	for (size_t i = 0; i < v->nzones; i++) {
		zone(&v->zones[i], out);
		fputs(i + 1 < v->nzones ? ",\n" : "\n", out);
	}
	fputs("      ]", out);
}

/* The resolver section: named's names, all 0 (no resolver). */
static void
view_resolver(FILE *out)
{
	static const uint64_t zeros[32];
	obj_open(out, 6, "resolver");
	counters(out, 8, "stats", sf_resstats, NULL, sf_resstats_nr, false);
	next(out);
	/* as statsxml.c: NS 0, dittod's resolver queried nothing */
	fputs("        \"qtypes\":{\n          \"NS\":0\n        }", out);
	next(out);
	counters(out, 8, "cache", NULL, NULL, 0, false);
	next(out);
	counters(out, 8, "cachestats", sf_cachestats, zeros, sf_cachestats_nr,
	         true);
	next(out);
	counters(out, 8, "adb", sf_adbstats, NULL, 4, false);
	obj_close(out, 6, false);
}

static void
views(const sfdata_t *d, sfpart_t part, FILE *out)
{
	next(out);
	obj_open(out, 2, "views");
	for (size_t i = 0; i < d->nviews; i++) {
		obj_open(out, 4, d->views[i].name);
		if (part == SF_ALL || part == SF_ZONES) {
			view_zones(&d->views[i], out);
		}
		if (part == SF_ALL) {
			next(out);
		}
		if (part == SF_ALL || part == SF_SERVER) {
			view_resolver(out);
		}
		obj_close(out, 4, false);
		fputs(i + 1 < d->nviews ? ",\n" : "", out);
	}
	obj_close(out, 2, d->nviews == 0);
}

static void
taskmgr(const sfdata_t *d, FILE *out)
{
	bool first = true;
	next(out);
	obj_open(out, 2, "taskmgr");
	member_str(out, 4, &first, "thread-model", "threaded");
	member_u64(out, 4, &first, "worker-threads", d->nworkers);
	member_u64(out, 4, &first, "default-quantum", 0);
	fputs(",\n    \"tasks\":[\n    ]", out);
	obj_close(out, 2, false);
}

static void
memory(const sfdata_t *d, FILE *out)
{
	bool first = true;
	next(out);
	obj_open(out, 2, "memory");
	member_u64(out, 4, &first, "TotalUse", d->mem_total);
	member_u64(out, 4, &first, "InUse", d->mem_inuse);
	member_u64(out, 4, &first, "Malloced", d->mem_total);
	member_u64(out, 4, &first, "ContextSize", 0);
	member_u64(out, 4, &first, "Lost", 0);
	fputs(",\n    \"contexts\":[\n    ]", out);
	obj_close(out, 2, false);
}

static void
traffic(FILE *out)
{
	next(out);
	obj_open(out, 2, "traffic");
	for (size_t i = 0; i < 8; i++) {
		counters(out, 4, sf_traffic[i], NULL, NULL, 0, false);
		fputs(i + 1 < 8 ? ",\n" : "", out);
	}
	obj_close(out, 2, false);
}

void
statsjson_render(const sfdata_t *d, sfpart_t part, FILE *out)
{
	header(d, out);
	if (part == SF_ALL || part == SF_SERVER) {
		server_counters(d, out);
	}
	if (part == SF_ALL || part == SF_SERVER || part == SF_ZONES) {
		views(d, part, out);
	}
	if (part == SF_ALL || part == SF_NET) {
		next(out);
		counters(out, 2, "sockstats", sf_sockstats, NULL,
		         sf_sockstats_nr, false);
	}
	if (part == SF_ALL || part == SF_TASKS) {
		taskmgr(d, out);
	}
	if (part == SF_ALL || part == SF_MEM) {
		memory(d, out);
	}
	if (part == SF_ALL || part == SF_TRAFFIC) {
		traffic(out);
	}
	fputs("\n}", out);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/statsprom.c: the Prometheus text of a fixture server.
 * `statsprom_test --dump` prints the fixture's output instead (for
 * tests/golden/promrules: promtool check metrics and the metric list). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* open_memstream() buffers come from libc's malloc, not cmocka's. */
static void
libc_free(void *p)
{
	free(p);
}

#include <cmocka.h>
#include <urcu.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "zone/master.h"
#include "zone/version.h"

#include "server.h"
#include "stats.h"
#include "statsprom.h"
#include "zones.h"

/* ---- the fixture ---- */

#define NZONES 5

typedef struct fixture {
	server_t srv;
	srvtab_t tab;
	view_t views[2];
	zone_t *zones[NZONES];
	zone_t *chaos[1];
	int64_t now;
} fixture_t;

static ditto_version_t *
version_of(const char *origin_text, uint32_t serial)
{
	ditto_name_storage_t origin;
	char text[512];
	assert_int_equal(ditto_name_fromtext(origin_text, strlen(origin_text),
	                                     NULL, origin, NULL, NULL),
	                 DITTO_R_SUCCESS);
	snprintf(text, sizeof(text),
	         "$TTL 300\n@ IN SOA ns1 hostmaster %u 3600 600 86400 300\n"
	         "@ IN NS ns1\nns1 IN A 192.0.2.53\n",
	         serial);
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_version_create(origin, 1, &v);
	assert_int_equal(
	        ditto_master_loadmem("t", text, strlen(text), &mo,
	                             ditto_version_sink(&vs, v, 0, NULL, NULL),
	                             NULL),
	        DITTO_R_SUCCESS);
	ditto_version_commit(v);
	return v;
}

/* A zone named \a name; a secondary (with a slot) when \a secondary.
 * \a serial 0: no data. */
static zone_t *
zone_of(fixture_t *f, const char *name, bool secondary, uint32_t serial)
{
	zone_t *z = ditto_calloc(1, sizeof(*z));
	char full[300];
	assert_int_equal(ditto_name_fromtext(name, strlen(name), NULL,
	                                     z->origin, NULL, NULL),
	                 DITTO_R_SUCCESS);
	snprintf(full, sizeof(full), "%s/IN", name);
	z->rclass = 1;
	z->name = ditto_strdup(full);
	ditto_version_t *v = serial != 0 ? version_of(name, serial) : NULL;
	if (secondary) {
		z->slot = zslot_create(z->origin, 1, z->name, v, NULL);
		z->slot->status->known = true;
		z->slot->status->loaded = v != NULL;
		z->slot->status->serial = serial;
	} else {
		z->version = v;
	}
	if (f->srv.stats != NULL) {
		z->zst = stats_zone(f->srv.stats, "_default", z->name);
	}
	return z;
}

/* Primary \a k of \a st: \a addr, its serial (0: unknown), reachable. */
static void
primary(zmstatus_t *st, size_t k, const char *addr, uint32_t serial, bool up,
        int64_t now)
{
	zmprimary_t *p = &st->primaries[k];
	snprintf(p->addr, sizeof(p->addr), "%s", addr);
	p->serial_known = serial != 0;
	p->serial = serial;
	p->reachable = up;
	if (up) {
		p->last_ok = now;
	} else if (now != 0) {
		p->last_fail = now;
		p->fail_reason = STATS_FAIL_TIMEOUT;
	}
	st->nprimaries = k + 1 > st->nprimaries ? k + 1 : st->nprimaries;
}

static void
fixture_zones(fixture_t *f)
{
	int64_t now = f->now;
	/* a primary zone */
	f->zones[0] = zone_of(f, "example.com.", false, 42);
	/* a secondary behind its first primary for 100 s; the second
	 * primary was never asked */
	f->zones[1] = zone_of(f, "sec.example.", true, 10);
	zmstatus_t *st = f->zones[1]->slot->status;
	st->primary_serial_known = true;
	st->primary_serial = 15;
	primary(st, 0, "192.0.2.1#53", 15, true, now);
	primary(st, 1, "192.0.2.9#53", 0, false, 0);
	st->behind_since = now - 100;
	st->state = ZMSTATE_OK;
	st->last_refresh = now - 100;
	st->next_refresh = now + 50;
	st->expire_at = now + 100000;
	st->expire = 604800;
	st->loaded_at = now - 1000;
	/* an expired secondary */
	f->zones[2] = zone_of(f, "expired.test.", true, 7);
	atomic_store(&f->zones[2]->slot->expired, true);
	st = f->zones[2]->slot->status;
	st->expired = true;
	st->last_failed = true;
	st->state = ZMSTATE_EXPIRED;
	st->expire_at = now - 10;
	primary(st, 0, "192.0.2.2#53", 0, false, now - 5);
	/* a secondary whose last refresh failed; serial wrapped */
	f->zones[3] = zone_of(f, "retry.test.", true, 4294967290U);
	st = f->zones[3]->slot->status;
	st->last_failed = true;
	st->state = ZMSTATE_RETRYING;
	st->primary_serial_known = true;
	st->primary_serial = 5;
	primary(st, 0, "[2001:db8::1]#53", 5, false, now - 5);
	/* a name that needs escaping: we\"ird.test. */
	f->zones[4] = zone_of(f, "we\\\"ird.test.", false, 1);
}

static void
fixture_counters(fixture_t *f)
{
	stats_block_t *w = stats_worker(f->srv.stats, 0);
	stats_add1w(&w->rcode[0], 7);
	stats_add1w(&w->rcode[3], 2);
	stats_add1w(&w->qtype[DITTO_TYPE_A], 5);
	stats_add1w(&w->qtype[DITTO_TYPE_SOA], 4);
	stats_add1w(&w->opcode[0], 9);
	stats_add(&stats_shared(f->srv.stats)->rcode[0], 1);
	stats_zone_t *z = f->zones[1]->zst;
	stats_add(&z->c[STATS_ZC_XFRIN_AXFR], 1);
	stats_add(&z->c[STATS_ZC_XFRIN_IXFR], 3);
	stats_add(&z->c[STATS_ZC_XFRIN_UPTODATE], 2);
	stats_add(&z->c[STATS_ZC_XFRIN_BYTES], 1234);
	stats_add(&z->c[STATS_ZC_XFRIN_RECORDS], 56);
	stats_add(&z->c[STATS_ZC_NOTIFYINV4], 2);
	stats_add(&z->c[STATS_ZC_NOTIFYINV6], 1);
	stats_add(&z->c[STATS_ZC_SOAOUTV4], 6);
	stats_add(&z->fail[STATS_FAIL_TIMEOUT], 4);
	stats_add(&z->hist[0], 1);
	stats_add(&z->hist[5], 2);
	stats_add(&z->hist[STATS_HIST_NR], 1);
	stats_add(&z->hist_sum_us, 2500000);
	z = f->zones[0]->zst;
	stats_add(&z->c[STATS_ZC_XFROUT_AXFR], 2);
	stats_add(&z->c[STATS_ZC_XFROUT_REFUSED], 3);
	stats_add(&z->c[STATS_ZC_NOTIFYOUTV4], 4);
}

static fixture_t *
fixture_create(bool with_stats, const char *view_name)
{
	fixture_t *f = ditto_calloc(1, sizeof(*f));
	f->now = (int64_t)time(NULL);
	f->srv.boot_time = 1700000000;
	atomic_store(&f->srv.last_configured, 1700000100);
	if (with_stats) {
		f->srv.stats = stats_create(1);
	}
	fixture_zones(f);
	if (with_stats) {
		fixture_counters(f);
	}
	f->views[0].name = ditto_strdup(view_name);
	f->views[0].rclass = 1;
	f->views[0].zones = f->zones;
	f->views[0].nzones = NZONES;
	/* the built-in CH view: never rendered */
	f->chaos[0] = zone_of(f, "version.bind.", false, 3);
	f->views[1].name = ditto_strdup("_bind");
	f->views[1].rclass = DITTO_CLASS_CH;
	f->views[1].zones = f->chaos;
	f->views[1].nzones = 1;
	f->tab.views = f->views;
	f->tab.nviews = 2;
	f->srv.tab = &f->tab;
	return f;
}

static void
zone_destroy(zone_t *z)
{
	zslot_detach(&z->slot);
	ditto_version_detach(&z->version);
	ditto_free(z->name);
	ditto_free(z);
}

static void
fixture_destroy(fixture_t *f)
{
	for (size_t i = 0; i < NZONES; i++) {
		zone_destroy(f->zones[i]);
	}
	zone_destroy(f->chaos[0]);
	ditto_free(f->views[0].name);
	ditto_free(f->views[1].name);
	stats_destroy(&f->srv.stats);
	ditto_free(f);
}

static char *
render(fixture_t *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	statsprom_render(&f->srv, out);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* The value of the sample line that starts with \a series, or NAN. */
static double
value(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p != NULL && *p != '\0';) {
		if (strncmp(p, series, n) == 0 && p[n] == ' ') {
			return strtod(p + n + 1, NULL);
		}
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	return NAN;
}

#define ZL(zone) "{zone=\"" zone "\",view=\"_default\""

/* ---- tests ---- */

static void
zone_data_and_state(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "_default");
	char *t = render(f);
	assert_true(value(t, "ditto_zone_serial" ZL("example.com") "}") == 42);
	assert_true(value(t, "ditto_zone_serial" ZL("sec.example") "}") == 10);
	assert_true(value(t, "ditto_zone_loaded" ZL("sec.example") "}") == 1);
	/* expired: not loaded, no serial, state expired */
	assert_true(value(t, "ditto_zone_loaded" ZL("expired.test") "}") == 0);
	assert_true(
	        isnan(value(t, "ditto_zone_serial" ZL("expired.test") "}")));
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "expired.test") ",state=\"expired\"}") ==
	            1);
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "expired.test") ",state=\"ok\"}") == 0);
	assert_true(value(t, "ditto_zone_expire_remaining_seconds" ZL(
	                             "expired.test") "}") == 0);
	/* current secondary: ok, and the four states are all there */
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "sec.example") ",state=\"ok\"}") == 1);
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "sec.example") ",state=\"refreshing\"}") ==
	            0);
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "sec.example") ",state=\"retrying\"}") ==
	            0);
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "sec.example") ",state=\"expired\"}") ==
	            0);
	/* retrying */
	assert_true(value(t, "ditto_zone_state" ZL(
	                             "retry.test") ",state=\"retrying\"}") ==
	            1);
	/* the primary zone has no sync series */
	assert_true(isnan(value(
	        t, "ditto_zone_state" ZL("example.com") ",state=\"ok\"}")));
	/* the built-in view is left out */
	assert_null(strstr(t, "version.bind"));
	assert_null(strstr(t, "_bind"));
	libc_free(t);
	fixture_destroy(f);
}

static void
sync_health(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "_default");
	char *t = render(f);
	double now = (double)f->now;
	assert_true(
	        value(t, "ditto_zone_primary_serial" ZL(
	                         "sec.example") ",primary=\"192.0.2.1#53\"}") ==
	        15);
	assert_true(
	        value(t, "ditto_zone_primary_up" ZL(
	                         "sec.example") ",primary=\"192.0.2.1#53\"}") ==
	        1);
	assert_true(
	        value(t,
	              "ditto_zone_primary_up" ZL(
	                      "retry.test") ",primary=\"[2001:db8::1]#53\"}") ==
	        0);
	/* never asked: no up/down series, no serial */
	assert_null(strstr(t, "192.0.2.9#53"));
	/* the primary of the expired zone is down */
	assert_true(
	        value(t,
	              "ditto_zone_primary_up" ZL(
	                      "expired.test") ",primary=\"192.0.2.2#53\"}") ==
	        0);
	assert_true(value(t, "ditto_zone_soa_expire_seconds" ZL(
	                             "sec.example") "}") == 604800);
	assert_true(value(t, "ditto_zone_serial_gap" ZL("sec.example") "}") ==
	            5);
	/* RFC 1982: 4294967290 -> 5 is 11 ahead */
	assert_true(value(t, "ditto_zone_serial_gap" ZL("retry.test") "}") ==
	            11);
	assert_true(value(t, "ditto_zone_serial_gap" ZL("expired.test") "}") ==
	            0);
	assert_true(value(t, "ditto_zone_last_refresh_timestamp_seconds" ZL(
	                             "sec.example") "}") == now - 100);
	assert_true(value(t, "ditto_zone_next_refresh_timestamp_seconds" ZL(
	                             "sec.example") "}") == now + 50);
	assert_true(value(t, "ditto_zone_expire_timestamp_seconds" ZL(
	                             "sec.example") "}") == now + 100000);
	double rem = value(
	        t, "ditto_zone_expire_remaining_seconds" ZL("sec.example") "}");
	assert_true(rem <= 100000 && rem >= 99990);
	double behind =
	        value(t, "ditto_zone_behind_seconds" ZL("sec.example") "}");
	assert_true(behind >= 100 && behind <= 110);
	/* no primary serial known: not behind */
	assert_true(value(t, "ditto_zone_behind_seconds" ZL(
	                             "expired.test") "}") == 0);
	/* no expire time known: no series */
	assert_true(isnan(value(t, "ditto_zone_expire_timestamp_seconds" ZL(
	                                   "retry.test") "}")));
	libc_free(t);
	fixture_destroy(f);
}

static void
counters(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "_default");
	char *t = render(f);
	assert_true(value(t, "ditto_queries_total{rcode=\"NOERROR\"}") == 8);
	assert_true(value(t, "ditto_queries_total{rcode=\"NXDOMAIN\"}") == 2);
	assert_true(value(t, "ditto_queries_total{rcode=\"REFUSED\"}") == 0);
	assert_true(
	        isnan(value(t, "ditto_queries_total{rcode=\"RESERVED11\"}")));
	assert_true(value(t, "ditto_queries_by_type_total{type=\"A\"}") == 5);
	assert_true(value(t, "ditto_queries_by_type_total{type=\"SOA\"}") == 4);
	assert_true(
	        isnan(value(t, "ditto_queries_by_type_total{type=\"MX\"}")));
	assert_true(value(t, "ditto_requests_total{opcode=\"QUERY\"}") == 9);
	assert_true(value(t, "ditto_requests_total{opcode=\"NOTIFY\"}") == 0);
	assert_true(value(t, "ditto_xfr_in_total" ZL(
	                             "sec.example") ",kind=\"axfr\"}") == 1);
	assert_true(value(t, "ditto_xfr_in_total" ZL(
	                             "sec.example") ",kind=\"ixfr\"}") == 3);
	assert_true(
	        value(t, "ditto_xfr_in_total" ZL(
	                         "sec.example") ",kind=\"ixfr_fallback\"}") ==
	        0);
	assert_true(value(t, "ditto_xfr_in_total" ZL(
	                             "sec.example") ",kind=\"uptodate\"}") ==
	            2);
	assert_true(value(t, "ditto_xfr_in_failures_total" ZL(
	                             "sec.example") ",reason=\"timeout\"}") ==
	            4);
	assert_true(value(t, "ditto_xfr_in_failures_total" ZL(
	                             "sec.example") ",reason=\"tsig\"}") == 0);
	assert_true(value(t, "ditto_xfr_in_bytes_total" ZL(
	                             "sec.example") "}") == 1234);
	assert_true(value(t, "ditto_xfr_in_records_total" ZL(
	                             "sec.example") "}") == 56);
	assert_true(value(t, "ditto_notify_in_total" ZL("sec.example") "}") ==
	            3);
	assert_true(value(t, "ditto_soa_queries_total" ZL("sec.example") "}") ==
	            6);
	/* transfer-in families are for secondaries only */
	assert_true(isnan(
	        value(t, "ditto_xfr_in_bytes_total" ZL("example.com") "}")));
	assert_true(value(t, "ditto_xfr_out_total" ZL(
	                             "example.com") ",kind=\"axfr\"}") == 2);
	assert_true(value(t, "ditto_xfr_out_refused_total" ZL(
	                             "example.com") "}") == 3);
	assert_true(value(t, "ditto_notify_out_total" ZL("example.com") "}") ==
	            4);
	libc_free(t);
	fixture_destroy(f);
}

static void
histogram(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "_default");
	char *t = render(f);
#define H "ditto_xfr_in_duration_seconds"
	/* buckets: [0]=1, [5] (<=1s)=2, +Inf=1: cumulative */
	assert_true(value(t, H "_bucket" ZL("sec.example") ",le=\"0.005\"}") ==
	            1);
	assert_true(value(t, H "_bucket" ZL("sec.example") ",le=\"0.5\"}") ==
	            1);
	assert_true(value(t, H "_bucket" ZL("sec.example") ",le=\"1\"}") == 3);
	assert_true(value(t, H "_bucket" ZL("sec.example") ",le=\"300\"}") ==
	            3);
	assert_true(value(t, H "_bucket" ZL("sec.example") ",le=\"+Inf\"}") ==
	            4);
	assert_true(value(t, H "_count" ZL("sec.example") "}") == 4);
	assert_true(value(t, H "_sum" ZL("sec.example") "}") == 2.5);
#undef H
	libc_free(t);
	fixture_destroy(f);
}

/* Label values are escaped: \ -> \\, " -> \", newline -> \n. */
static void
escaping(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "a\"b\\c\nd");
	char *t = render(f);
	/* the zone's text form is we\"ird.test; the view a"b\c<nl>d */
	assert_non_null(strstr(t,
	                       "ditto_zone_serial{zone=\"we\\\\\\\"ird.test\","
	                       "view=\"a\\\"b\\\\c\\nd\"} 1\n"));
	libc_free(t);
	fixture_destroy(f);
	/* bytes that are not printable ASCII: \DDD (the backslash escaped) */
	f = fixture_create(true, "x\x80y\tz");
	t = render(f);
	assert_non_null(strstr(t, "ditto_zone_serial{zone=\"example.com\","
	                          "view=\"x\\\\128y\\\\009z\"} 42\n"));
	libc_free(t);
	fixture_destroy(f);
}

/* Every family, in the order rendered (contrib/prometheus/README.md). */
static const char *const families_expected[] = {
	"ditto_build_info",
	"ditto_boot_time_seconds",
	"ditto_config_time_seconds",
	"ditto_queries_total",
	"ditto_queries_by_type_total",
	"ditto_requests_total",
	"ditto_xfr_in_queued",
	"ditto_xfr_in_running",
	"ditto_soa_queries_running",
	"ditto_xfr_out_running",
	"ditto_notify_out_queued",
	"ditto_zone_serial",
	"ditto_zone_loaded",
	"ditto_zone_primary_serial",
	"ditto_zone_primary_up",
	"ditto_zone_last_refresh_timestamp_seconds",
	"ditto_zone_next_refresh_timestamp_seconds",
	"ditto_zone_expire_timestamp_seconds",
	"ditto_zone_expire_remaining_seconds",
	"ditto_zone_soa_expire_seconds",
	"ditto_zone_behind_seconds",
	"ditto_zone_serial_gap",
	"ditto_zone_state",
	"ditto_xfr_in_total",
	"ditto_xfr_in_failures_total",
	"ditto_xfr_in_bytes_total",
	"ditto_xfr_in_records_total",
	"ditto_xfr_in_duration_seconds",
	"ditto_xfr_out_total",
	"ditto_xfr_out_refused_total",
	"ditto_notify_in_total",
	"ditto_notify_out_total",
	"ditto_soa_queries_total",
};

/* The name of a sample line, up to '{' or ' '. */
static void
sample_name(const char *line, char *name, size_t size)
{
	size_t n = strcspn(line, "{ ");
	n = n < size - 1 ? n : size - 1;
	memcpy(name, line, n);
	name[n] = '\0';
}

/* The family of a sample name: a histogram's _bucket/_sum/_count go to
 * the histogram declared last. */
static void
family_of(const char *name, const char *declared, char *fam, size_t size)
{
	snprintf(fam, size, "%s", name);
	const char *sfx[] = { "_bucket", "_sum", "_count" };
	size_t dl = strlen(declared);
	for (size_t i = 0; i < 3; i++) {
		if (strncmp(name, declared, dl) == 0 &&
		    strcmp(name + dl, sfx[i]) == 0) {
			snprintf(fam, size, "%s", declared);
		}
	}
}

/*
 * The exposition's structure: every sample follows the HELP and TYPE of
 * its family, a family is one group (never declared twice), every line
 * ends with a newline, no sample line repeats, and every name starts
 * with ditto_.
 */
static void
structure(void **state)
{
	(void)state;
	fixture_t *f = fixture_create(true, "_default");
	char *t = render(f);
	char declared[128] = "", name[128], fam[128];
	char *seen = ditto_strdup("\n");
	size_t families = 0;
	assert_true(strlen(t) > 0 && t[strlen(t) - 1] == '\n');
	for (char *line = t, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		assert_int_equal(
		        strncmp(line + (line[0] == '#' ? 7 : 0), "ditto_", 6),
		        0);
		if (strncmp(line, "# HELP ", 7) == 0) {
			sample_name(line + 7, declared, sizeof(declared));
			assert_true(families <
			            sizeof(families_expected) /
			                    sizeof(families_expected[0]));
			assert_string_equal(declared,
			                    families_expected[families]);
			char key[140];
			snprintf(key, sizeof(key), "\n#%s\n", declared);
			assert_null(strstr(seen, key));
			size_t sl = strlen(seen);
			seen = ditto_realloc(seen, sl + strlen(key) + 1);
			strcpy(seen + sl, key + 1);
			families++;
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			sample_name(line + 7, name, sizeof(name));
			assert_string_equal(name, declared);
			continue;
		}
		sample_name(line, name, sizeof(name));
		family_of(name, declared, fam, sizeof(fam));
		assert_string_equal(fam, declared);
		/* the series (name and labels) is unique */
		char *sp = strrchr(line, ' ');
		assert_non_null(sp);
		*sp = '\0';
		char *key = ditto_malloc(strlen(line) + 3);
		sprintf(key, "\n%s\n", line);
		assert_null(strstr(seen, key));
		size_t sl = strlen(seen);
		seen = ditto_realloc(seen, sl + strlen(key) + 1);
		strcpy(seen + sl, key + 1);
		ditto_free(key);
	}
	assert_int_equal(families, sizeof(families_expected) /
	                                   sizeof(families_expected[0]));
	ditto_free(seen);
	libc_free(t);
	fixture_destroy(f);
}

/* Without a snapshot, counters or pools: the server families only. */
static void
empty_server(void **state)
{
	(void)state;
	server_t srv;
	memset(&srv, 0, sizeof(srv));
	srv.boot_time = 1700000000;
	char *t = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&t, &len);
	statsprom_render(&srv, out);
	fclose(out);
	assert_true(value(t, "ditto_boot_time_seconds") == 1700000000);
	assert_non_null(strstr(t, "ditto_build_info{version=\""));
	assert_null(strstr(t, "ditto_queries_total{"));
	assert_null(strstr(t, "zone=\""));
	libc_free(t);
}

int
main(int argc, char **argv)
{
	rcu_register_thread();
	if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
		fixture_t *f = fixture_create(true, "_default");
		statsprom_render(&f->srv, stdout);
		fixture_destroy(f);
		rcu_unregister_thread();
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_data_and_state),
		cmocka_unit_test(sync_health),
		cmocka_unit_test(counters),
		cmocka_unit_test(histogram),
		cmocka_unit_test(escaping),
		cmocka_unit_test(structure),
		cmocka_unit_test(empty_server),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rcu_unregister_thread();
	return rc;
}

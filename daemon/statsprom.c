/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Prometheus text exposition (format 0.0.4) of dittod's counters. */
/*
 * statsprom_render() works in two steps:
 *
 *   1. collect: inside one rcu_read_lock() section, copy what every zone
 *      of the published snapshot needs (names as text, the served
 *      serial, the zone manager's status copy of a secondary, the
 *      pointer to its counters, which live until the server exits);
 *      then the server-wide counters and pool gauges. Nothing is written
 *      to the stream while the read lock is held, so a slow reader of
 *      the HTTP answer never delays a grace period.
 *   2. render: one family at a time (every sample of a family is one
 *      group, as the format requires), with a HELP and a TYPE line.
 *
 * Labels: zone="example.com" (no final dot; the root is "."),
 * view="_default"; label values are escaped (\\, \", \n). The built-in
 * CH view "_bind" is left out. Times are Unix seconds. The metric list
 * is contrib/prometheus/README.md; tests/unit/daemon/statsprom_test.c
 * and tests/golden/promrules check the two agree.
 */
#include "statsprom.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <urcu.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"

#include "notifyout.h"
#include "server.h"
#include "stats.h"
#include "xferin.h"
#include "xferout.h"
#include "xfrhealth.h"
#include "zonemgr.h"

#ifndef DITTO_VERSION
#define DITTO_VERSION "0.1.0"
#endif

/* What the renderer keeps of one zone (a copy). */
typedef struct pzone {
	char *view;              /*!< view name (owned) */
	char *zone;              /*!< origin as text, no final dot (owned) */
	bool secondary;          /*!< has a zone-manager slot */
	bool loaded;             /*!< serves data */
	bool has_serial;         /*!< `serial` is set */
	uint32_t serial;         /*!< the serial served */
	zmstatus_t *st;          /*!< secondary: the status copy (owned;
	                              NULL for other zones) */
	const stats_zone_t *zst; /*!< counters, NULL: none */
} pzone_t;

/* Everything rendered, collected first. */
typedef struct pcollect {
	pzone_t *zones;       /*!< zones of the snapshot */
	size_t nzones;        /*!< count */
	stats_block_t sum;    /*!< server counters summed */
	bool has_sum;         /*!< srv->stats was set */
	int64_t now;          /*!< Unix time of the scrape */
	int64_t boot, config; /*!< boot / last configuration */
	bool has_xin;         /*!< transfer-in pool counts */
	unsigned int xin_running, xin_queued, xin_soa;
	bool has_xout;           /*!< transfer-out pool counts */
	xferout_counts_t xout;   /*!< ... */
	bool has_nout;           /*!< notifier counts */
	notifyout_counts_t nout; /*!< ... */
} pcollect_t;

/* ---- collect ---- */

static bool
is_builtin(const view_t *v)
{
	return strcmp(v->name, "_bind") == 0 && v->rclass == DITTO_CLASS_CH;
}

static char *
origin_text(const uint8_t *origin)
{
	char buf[DITTO_NAME_MAXTEXT + 1];
	ditto_name_format(origin, buf, sizeof(buf));
	return ditto_strdup(buf);
}

static void
collect_zone(const view_t *v, const zone_t *z, pzone_t *pz)
{
	memset(pz, 0, sizeof(*pz));
	pz->view = ditto_strdup(v->name);
	pz->zone = origin_text(z->origin);
	pz->zst = z->zst;
	if (z->slot != NULL) {
		pz->secondary = true;
		pz->st = ditto_malloc(sizeof(*pz->st));
		zonemgr_status(z->slot, pz->st);
	}
	const ditto_version_t *ver = zone_version(z);
	pz->loaded = ver != NULL;
	if (ver != NULL) {
		pz->has_serial = ditto_version_serial(ver, &pz->serial);
	}
}

static void
collect_zones(server_t *srv, pcollect_t *pc)
{
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	size_t n = 0;
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		if (!is_builtin(&tab->views[i])) {
			n += tab->views[i].nzones;
		}
	}
	pc->zones = ditto_calloc(n > 0 ? n : 1, sizeof(*pc->zones));
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		for (size_t j = 0; !is_builtin(v) && j < v->nzones; j++) {
			collect_zone(v, v->zones[j], &pc->zones[pc->nzones++]);
		}
	}
	rcu_read_unlock();
	server_read_done(srv);
}

static void
collect(server_t *srv, pcollect_t *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->now = (int64_t)time(NULL);
	pc->boot = srv->boot_time;
	pc->config = atomic_load_explicit(&srv->last_configured,
	                                  memory_order_relaxed);
	collect_zones(srv, pc);
	if (srv->stats != NULL) {
		stats_sum(srv->stats, &pc->sum);
		pc->has_sum = true;
	}
	if (srv->xferin != NULL) {
		xferin_counts(srv->xferin, &pc->xin_running, &pc->xin_queued,
		              &pc->xin_soa);
		pc->has_xin = true;
	}
	if (srv->xferout != NULL) {
		xferout_counts(srv->xferout, &pc->xout);
		pc->has_xout = true;
	}
	if (srv->notifier != NULL) {
		notifyout_counts(srv->notifier, &pc->nout);
		pc->has_nout = true;
	}
}

static void
collect_free(pcollect_t *pc)
{
	for (size_t i = 0; i < pc->nzones; i++) {
		ditto_free(pc->zones[i].view);
		ditto_free(pc->zones[i].zone);
		ditto_free(pc->zones[i].st);
	}
	ditto_free(pc->zones);
	pc->zones = NULL;
}

/* ---- writing ---- */

/*
 * A label value, escaped as the format wants (backslash, double quote,
 * newline). Other control bytes and bytes above 0x7e (a view name from
 * the configuration need not be UTF-8, which the format requires) become
 * a backslash and three decimal digits, as DNS text writes them (so the
 * value reads `\\DDD` on the wire).
 */
static void
put_value(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\') {
			fputs("\\\\", out);
		} else if (c == '"') {
			fputs("\\\"", out);
		} else if (c == '\n') {
			fputs("\\n", out);
		} else if (c < 0x20 || c > 0x7e) {
			fprintf(out, "\\\\%03u", c);
		} else {
			fputc(c, out);
		}
	}
}

static void
family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{zone="..",view=".."[,key="val"]} */
static void
zsample_open(FILE *out, const char *name, const pzone_t *pz, const char *key,
             const char *val)
{
	fprintf(out, "%s{zone=\"", name);
	put_value(out, pz->zone);
	fputs("\",view=\"", out);
	put_value(out, pz->view);
	if (key != NULL) {
		fprintf(out, "\",%s=\"", key);
		put_value(out, val);
	}
	fputs("\"}", out);
}

static void
zsample_u(FILE *out, const char *name, const pzone_t *pz, const char *key,
          const char *val, uint64_t v)
{
	zsample_open(out, name, pz, key, val);
	fprintf(out, " %" PRIu64 "\n", v);
}

static void
zsample_i(FILE *out, const char *name, const pzone_t *pz, const char *key,
          const char *val, int64_t v)
{
	zsample_open(out, name, pz, key, val);
	fprintf(out, " %" PRId64 "\n", v);
}

static void
sample_u(FILE *out, const char *name, const char *key, const char *val,
         uint64_t v)
{
	if (key == NULL) {
		fprintf(out, "%s %" PRIu64 "\n", name, v);
		return;
	}
	fprintf(out, "%s{%s=\"", name, key);
	put_value(out, val);
	fprintf(out, "\"} %" PRIu64 "\n", v);
}

static uint64_t
ld(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

/* ---- server ---- */

static void
render_info(FILE *out, const pcollect_t *pc)
{
	family(out, "ditto_build_info", "gauge",
	       "Always 1; the version label says which dittod runs.");
	sample_u(out, "ditto_build_info", "version", DITTO_VERSION, 1);
	family(out, "ditto_boot_time_seconds", "gauge",
	       "When dittod started, Unix time.");
	fprintf(out, "ditto_boot_time_seconds %" PRId64 "\n", pc->boot);
	family(out, "ditto_config_time_seconds", "gauge",
	       "When the configuration was last (re)loaded, Unix time.");
	fprintf(out, "ditto_config_time_seconds %" PRId64 "\n", pc->config);
}

static void
render_queries(FILE *out, const pcollect_t *pc)
{
	const stats_block_t *s = &pc->sum;
	family(out, "ditto_queries_total", "counter",
	       "Responses sent, by rcode.");
	for (unsigned int i = 0; i < 24; i++) {
		uint64_t v = ld(&s->rcode[i]);
		/* the reserved codes only when seen */
		if (v != 0 || i <= 10 || i >= 16) {
			sample_u(out, "ditto_queries_total", "rcode",
			         stats_rcode_name(i), v);
		}
	}
	family(out, "ditto_queries_by_type_total", "counter",
	       "Queries received, by type (types seen only; \"Others\": "
	       "type 0 and types above 255).");
	for (unsigned int t = 1; t <= STATS_QTYPE_OTHERS; t++) {
		uint64_t v = t < STATS_QTYPE_OTHERS ? ld(&s->qtype[t])
		                                    : ld(&s->qtype_other);
		char name[32];
		if (v != 0) {
			sample_u(out, "ditto_queries_by_type_total", "type",
			         stats_qtype_name(t, name, sizeof(name)), v);
		}
	}
	family(out, "ditto_requests_total", "counter",
	       "Requests received, by opcode.");
	for (unsigned int i = 0; i < 16; i++) {
		uint64_t v = ld(&s->opcode[i]);
		/* the opcodes in use always, the others when seen */
		if (v != 0 || i <= 2 || i == 4 || i == 5) {
			sample_u(out, "ditto_requests_total", "opcode",
			         stats_opcode_name(i), v);
		}
	}
}

/* A gauge of a pool: the family always, the sample when it has one. */
static void
pool_gauge(FILE *out, const char *name, const char *help, bool has, uint64_t v)
{
	family(out, name, "gauge", help);
	if (has) {
		sample_u(out, name, NULL, NULL, v);
	}
}

static void
render_pools(FILE *out, const pcollect_t *pc)
{
	pool_gauge(out, "ditto_xfr_in_queued",
	           "Refreshes waiting for a transfer slot (transfers-in, "
	           "transfers-per-ns).",
	           pc->has_xin, pc->xin_queued);
	pool_gauge(out, "ditto_xfr_in_running", "Transfers in under way.",
	           pc->has_xin, pc->xin_running);
	pool_gauge(out, "ditto_soa_queries_running",
	           "SOA queries to primaries under way.", pc->has_xin,
	           pc->xin_soa);
	pool_gauge(out, "ditto_xfr_out_running", "Transfers out streaming now.",
	           pc->has_xout, pc->xout.running);
	pool_gauge(out, "ditto_notify_out_queued",
	           "Zones whose NOTIFYs wait (notify-rate, notify-delay).",
	           pc->has_nout, pc->nout.queued);
}

/* ---- zones: data and sync health ---- */

/* ours subtracted from theirs in serial arithmetic (RFC 1982); 0 when
 * theirs is not newer. The gap of a zone is the largest over its
 * primaries (the newest serial any of them told). */
static uint32_t
serial_gap(uint32_t ours, uint32_t theirs)
{
	uint32_t d = theirs - ours;
	return (d != 0 && d < 0x80000000U) ? d : 0;
}

static void
render_zone_data(FILE *out, const pcollect_t *pc)
{
	family(out, "ditto_zone_serial", "gauge",
	       "SOA serial of the zone data served (absent: none).");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		if (pz->has_serial) {
			zsample_u(out, "ditto_zone_serial", pz, NULL, NULL,
			          pz->serial);
		}
	}
	family(out, "ditto_zone_loaded", "gauge",
	       "1 when the zone serves data, 0 when it answers SERVFAIL.");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		zsample_u(out, "ditto_zone_loaded", pz, NULL, NULL,
		          pz->loaded ? 1 : 0);
	}
}

/* Seconds behind the newest serial a primary reported, 0 when current. */
static int64_t
zone_behind(const pcollect_t *pc, const pzone_t *pz)
{
	int64_t since = pz->st->behind_since;
	return since != 0 && pc->now > since ? pc->now - since : 0;
}

/* A primary that was never tried has no up/down series yet (a restart
 * with persisted timers may not ask it for an hour). */
static bool
primary_tried(const zmprimary_t *p)
{
	return p->last_ok != 0 || p->last_fail != 0;
}

static void
render_primaries(FILE *out, const pcollect_t *pc)
{
	family(out, "ditto_zone_primary_serial", "gauge",
	       "Last SOA serial seen at each primary of a secondary zone.");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		for (size_t k = 0; pz->secondary && k < pz->st->nprimaries;
		     k++) {
			const zmprimary_t *p = &pz->st->primaries[k];
			if (p->serial_known) {
				zsample_u(out, "ditto_zone_primary_serial", pz,
				          "primary", p->addr, p->serial);
			}
		}
	}
	family(out, "ditto_zone_primary_up", "gauge",
	       "1 when the primary answered the last attempt (SOA query or "
	       "transfer), else 0; absent before the first attempt.");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		for (size_t k = 0; pz->secondary && k < pz->st->nprimaries;
		     k++) {
			const zmprimary_t *p = &pz->st->primaries[k];
			if (primary_tried(p)) {
				zsample_u(out, "ditto_zone_primary_up", pz,
				          "primary", p->addr,
				          p->reachable ? 1 : 0);
			}
		}
	}
}

/* The per-zone sync gauges that come from the status copy. */
typedef enum sync_field {
	SF_LAST_REFRESH = 0, /*!< last successful refresh */
	SF_NEXT_REFRESH,     /*!< next SOA check */
	SF_EXPIRE_AT,        /*!< expire time (absent: unknown) */
	SF_EXPIRE_LEFT,      /*!< seconds to expire (absent: unknown) */
	SF_SOA_EXPIRE,       /*!< SOA expire interval (absent: unknown) */
	SF_BEHIND,           /*!< seconds behind the primary */
	SF_GAP,              /*!< serial gap */
} sync_field_t;

/* The value of \a which for \a pz; false: no sample. */
static bool
sync_value(const pcollect_t *pc, const pzone_t *pz, sync_field_t which,
           int64_t *v)
{
	const zmstatus_t *st = pz->st;
	switch (which) {
	case SF_LAST_REFRESH:
		*v = st->last_refresh;
		return true;
	case SF_NEXT_REFRESH:
		*v = st->next_refresh;
		return true;
	case SF_EXPIRE_AT:
		*v = st->expire_at;
		return st->expire_at != 0;
	case SF_EXPIRE_LEFT:
		*v = st->expire_at > pc->now ? st->expire_at - pc->now : 0;
		return st->expire_at != 0;
	case SF_SOA_EXPIRE:
		*v = st->expire;
		return st->expire != 0;
	case SF_BEHIND:
		*v = zone_behind(pc, pz);
		return true;
	case SF_GAP:
		*v = 0;
		for (size_t k = 0; pz->has_serial && k < st->nprimaries; k++) {
			const zmprimary_t *p = &st->primaries[k];
			uint32_t gap = p->serial_known ? serial_gap(pz->serial,
			                                            p->serial)
			                               : 0;
			*v = gap > *v ? gap : *v;
		}
		if (*v == 0 && pz->has_serial && st->primary_serial_known) {
			*v = serial_gap(pz->serial, st->primary_serial);
		}
		return true;
	}
	return false;
}

/* One gauge per secondary zone, from a status field. */
static void
render_sync_gauge(FILE *out, const pcollect_t *pc, const char *name,
                  const char *help, sync_field_t which)
{
	family(out, name, "gauge", help);
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		int64_t v = 0;
		if (pz->secondary && sync_value(pc, pz, which, &v)) {
			zsample_i(out, name, pz, NULL, NULL, v);
		}
	}
}

static void
render_sync(FILE *out, const pcollect_t *pc)
{
	render_primaries(out, pc);
	render_sync_gauge(out, pc, "ditto_zone_last_refresh_timestamp_seconds",
	                  "Last successful refresh (transfer or up to date), "
	                  "Unix time; 0: never.",
	                  SF_LAST_REFRESH);
	render_sync_gauge(out, pc, "ditto_zone_next_refresh_timestamp_seconds",
	                  "When the next SOA check is due, Unix time; 0: none.",
	                  SF_NEXT_REFRESH);
	render_sync_gauge(out, pc, "ditto_zone_expire_timestamp_seconds",
	                  "When the zone data expires, Unix time.",
	                  SF_EXPIRE_AT);
	render_sync_gauge(out, pc, "ditto_zone_expire_remaining_seconds",
	                  "Seconds until the zone data expires (0: expired).",
	                  SF_EXPIRE_LEFT);
	render_sync_gauge(out, pc, "ditto_zone_soa_expire_seconds",
	                  "The SOA expire interval of the data served.",
	                  SF_SOA_EXPIRE);
	render_sync_gauge(out, pc, "ditto_zone_behind_seconds",
	                  "Seconds the zone has been behind its primary's "
	                  "serial; 0 when current.",
	                  SF_BEHIND);
	render_sync_gauge(out, pc, "ditto_zone_serial_gap",
	                  "Primary serial minus the served one (RFC 1982); 0 "
	                  "when current.",
	                  SF_GAP);
	family(out, "ditto_zone_state", "gauge",
	       "1 for the zone's refresh state (ok, refreshing, retrying, "
	       "expired), 0 for the others.");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		if (!pz->secondary) {
			continue;
		}
		for (unsigned int k = 0; k < ZMSTATE_NR; k++) {
			zsample_u(out, "ditto_zone_state", pz, "state",
			          xfrhealth_statename((zmstate_t)k),
			          pz->st->state == (zmstate_t)k ? 1 : 0);
		}
	}
}

/* ---- zones: counters ---- */

/* A counter family over every zone with counters (secondaries only
 * when \a sec_only), summing the zone counters \a a and \a b (b < 0:
 * none). */
static void
render_zcounter(FILE *out, const pcollect_t *pc, const char *name,
                const char *help, bool sec_only, int a, int b)
{
	family(out, name, "counter", help);
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		if (pz->zst == NULL || (sec_only && !pz->secondary)) {
			continue;
		}
		uint64_t v =
		        ld(&pz->zst->c[a]) + (b >= 0 ? ld(&pz->zst->c[b]) : 0);
		zsample_u(out, name, pz, NULL, NULL, v);
	}
}

static void
render_xfr_in_kinds(FILE *out, const pcollect_t *pc)
{
	static const struct {
		const char *kind;
		stats_zc_t c;
	} kinds[] = {
		{ "axfr", STATS_ZC_XFRIN_AXFR },
		{ "ixfr", STATS_ZC_XFRIN_IXFR },
		{ "ixfr_fallback", STATS_ZC_XFRIN_FALLBACK },
		{ "uptodate", STATS_ZC_XFRIN_UPTODATE },
	};
	family(out, "ditto_xfr_in_total", "counter",
	       "Refreshes of a secondary zone that succeeded, by kind (axfr, "
	       "ixfr, ixfr_fallback: IXFR that fell back to AXFR, uptodate: "
	       "the SOA check found it current).");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		for (size_t k = 0; pz->zst != NULL && pz->secondary && k < 4;
		     k++) {
			zsample_u(out, "ditto_xfr_in_total", pz, "kind",
			          kinds[k].kind, ld(&pz->zst->c[kinds[k].c]));
		}
	}
	family(out, "ditto_xfr_in_failures_total", "counter",
	       "Refreshes of a secondary zone that failed, by reason.");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		for (unsigned int k = 0;
		     pz->zst != NULL && pz->secondary && k < STATS_FAIL_NR;
		     k++) {
			zsample_u(out, "ditto_xfr_in_failures_total", pz,
			          "reason", stats_fail_name((stats_fail_t)k),
			          ld(&pz->zst->fail[k]));
		}
	}
}

static void
render_histogram(FILE *out, const pcollect_t *pc)
{
	const char *name = "ditto_xfr_in_duration_seconds";
	family(out, name, "histogram",
	       "Duration of transfers in (SOA check to published version).");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		if (pz->zst == NULL || !pz->secondary) {
			continue;
		}
		uint64_t cum = 0;
		for (unsigned int k = 0; k <= STATS_HIST_NR; k++) {
			char le[32];
			cum += ld(&pz->zst->hist[k]);
			if (k == STATS_HIST_NR) {
				strcpy(le, "+Inf");
			} else {
				snprintf(le, sizeof(le), "%g",
				         stats_hist_bound(k));
			}
			zsample_u(out, "ditto_xfr_in_duration_seconds_bucket",
			          pz, "le", le, cum);
		}
		zsample_open(out, "ditto_xfr_in_duration_seconds_sum", pz, NULL,
		             NULL);
		fprintf(out, " %.6f\n",
		        (double)ld(&pz->zst->hist_sum_us) / 1e6);
		zsample_u(out, "ditto_xfr_in_duration_seconds_count", pz, NULL,
		          NULL, cum);
	}
}

static void
render_xfr_out(FILE *out, const pcollect_t *pc)
{
	family(out, "ditto_xfr_out_total", "counter",
	       "Transfers out completed, by kind (axfr, ixfr).");
	for (size_t i = 0; i < pc->nzones; i++) {
		const pzone_t *pz = &pc->zones[i];
		if (pz->zst == NULL) {
			continue;
		}
		zsample_u(out, "ditto_xfr_out_total", pz, "kind", "axfr",
		          ld(&pz->zst->c[STATS_ZC_XFROUT_AXFR]));
		zsample_u(out, "ditto_xfr_out_total", pz, "kind", "ixfr",
		          ld(&pz->zst->c[STATS_ZC_XFROUT_IXFR]));
	}
	render_zcounter(out, pc, "ditto_xfr_out_refused_total",
	                "Transfer requests refused (allow-transfer, quota).",
	                false, STATS_ZC_XFROUT_REFUSED, -1);
}

static void
render_zone_counters(FILE *out, const pcollect_t *pc)
{
	render_xfr_in_kinds(out, pc);
	render_zcounter(out, pc, "ditto_xfr_in_bytes_total",
	                "Octets received in transfers in.", true,
	                STATS_ZC_XFRIN_BYTES, -1);
	render_zcounter(out, pc, "ditto_xfr_in_records_total",
	                "Records received in transfers in.", true,
	                STATS_ZC_XFRIN_RECORDS, -1);
	render_histogram(out, pc);
	render_xfr_out(out, pc);
	render_zcounter(out, pc, "ditto_notify_in_total",
	                "NOTIFY messages accepted for the zone.", false,
	                STATS_ZC_NOTIFYINV4, STATS_ZC_NOTIFYINV6);
	render_zcounter(out, pc, "ditto_notify_out_total",
	                "NOTIFY messages sent for the zone.", false,
	                STATS_ZC_NOTIFYOUTV4, STATS_ZC_NOTIFYOUTV6);
	render_zcounter(out, pc, "ditto_soa_queries_total",
	                "SOA queries sent to the zone's primaries.", true,
	                STATS_ZC_SOAOUTV4, STATS_ZC_SOAOUTV6);
}

/* ---- entry ---- */

void
statsprom_render(server_t *srv, FILE *out)
{
	pcollect_t pc;
	collect(srv, &pc);
	render_info(out, &pc);
	if (pc.has_sum) {
		render_queries(out, &pc);
	}
	render_pools(out, &pc);
	render_zone_data(out, &pc);
	render_sync(out, &pc);
	render_zone_counters(out, &pc);
	collect_free(&pc);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl sync-check: the verdicts and the output (no I/O of its own). */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xfr/serial.h"

#include "synccheck.h"

/*
 * Inputs come from synccheck.c (zonestatus text, SOA answers); everything
 * here is arithmetic on them, so a unit test can drive every verdict.
 *
 * "Behind for": neither named nor dittod says when a primary changed, so
 * the check reports the time since the last refresh known to have
 * succeeded: both servers move "expires" to now + SOA expire after a
 * transfer or an up-to-date SOA check, so last refresh = expires - SOA
 * expire (else "last loaded", which only moves on a load or transfer).
 * The zone was in sync then, so it has been behind for at most that long;
 * this is what an operator wants alarmed on ("we have not been able to
 * catch up for 2h"). The source of the number is in the output.
 */

#define MAXDURATION (10LL * 366 * 86400)

const char *
sc_status_name(sc_status_t s)
{
	switch (s) {
	case SC_OK:
		return "OK";
	case SC_WARNING:
		return "WARNING";
	case SC_CRITICAL:
		return "CRITICAL";
	default:
		return "UNKNOWN";
	}
}

static int
month_of(const char *m)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		                              "May", "Jun", "Jul", "Aug",
		                              "Sep", "Oct", "Nov", "Dec" };
	for (int i = 0; i < 12; i++) {
		if (strcmp(m, months[i]) == 0) {
			return i;
		}
	}
	return -1;
}

bool
sc_httpdate_parse(const char *s, int64_t *out)
{
	char wday[4], mon[4], tz[4];
	int day, year, hh, mm, ss, used = 0;
	if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3[A-Z]%n",
	           wday, &day, mon, &year, &hh, &mm, &ss, tz, &used) != 8) {
		return false;
	}
	int m = month_of(mon);
	if (m < 0 || strcmp(tz, "GMT") != 0 || day < 1 || day > 31 ||
	    year < 1970 || hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 ||
	    ss < 0) {
		return false;
	}
	while (s[used] == ' ' || s[used] == '\r') {
		used++;
	}
	if (s[used] != '\0' && s[used] != '\n') {
		return false;
	}
	struct tm tm = { .tm_year = year - 1900,
		         .tm_mon = m,
		         .tm_mday = day,
		         .tm_hour = hh,
		         .tm_min = mm,
		         .tm_sec = ss };
	*out = (int64_t)timegm(&tm);
	return true;
}

/* Digits then an optional unit; *rest gets what follows. */
static bool
number_unit(const char *s, int64_t *val, const char **rest)
{
	int64_t v = 0;
	size_t i = 0;
	for (; isdigit((unsigned char)s[i]); i++) {
		if (i >= 12) {
			return false;
		}
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0) {
		return false;
	}
	*val = v;
	*rest = s + i;
	return true;
}

bool
sc_duration_parse(const char *s, int64_t *out)
{
	int64_t v;
	const char *rest;
	if (!number_unit(s, &v, &rest)) {
		return false;
	}
	int64_t mul = 1;
	switch (rest[0]) {
	case '\0':
	case 's':
		break;
	case 'm':
		mul = 60;
		break;
	case 'h':
		mul = 3600;
		break;
	case 'd':
		mul = 86400;
		break;
	case 'w':
		mul = 7 * 86400;
		break;
	default:
		return false;
	}
	if (rest[0] != '\0' && rest[1] != '\0') {
		return false;
	}
	if (v > MAXDURATION / mul) {
		return false;
	}
	*out = v * mul;
	return true;
}

bool
sc_limit_parse(const char *s, sc_limit_t *out)
{
	int64_t v;
	const char *rest;
	if (number_unit(s, &v, &rest) && strcmp(rest, "%") == 0) {
		if (v > 100) {
			return false;
		}
		out->percent = true;
		out->value = v;
		return true;
	}
	if (!sc_duration_parse(s, &v)) {
		return false;
	}
	out->percent = false;
	out->value = v;
	return true;
}

/* One "label: value" line of zonestatus. */
static void
zonestatus_line(const char *line, size_t len, sc_zstatus_t *zs)
{
	char buf[256];
	if (len >= sizeof(buf)) {
		return;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	char *colon = strstr(buf, ": ");
	if (colon == NULL) {
		return;
	}
	*colon = '\0';
	const char *val = colon + 2;
	if (strcmp(buf, "type") == 0 && strlen(val) < sizeof(zs->type)) {
		strcpy(zs->type, val);
	} else if (strcmp(buf, "serial") == 0) {
		int64_t v;
		const char *rest;
		if (number_unit(val, &v, &rest) && *rest == '\0' &&
		    v <= UINT32_MAX) {
			zs->has_serial = true;
			zs->serial = (uint32_t)v;
		}
	} else if (strcmp(buf, "last loaded") == 0) {
		(void)sc_httpdate_parse(val, &zs->loaded);
	} else if (strcmp(buf, "next refresh") == 0) {
		(void)sc_httpdate_parse(val, &zs->next_refresh);
	} else if (strcmp(buf, "expires") == 0) {
		(void)sc_httpdate_parse(val, &zs->expires);
	}
}

void
sc_zonestatus_parse(const char *text, sc_zstatus_t *zs)
{
	memset(zs, 0, sizeof(*zs));
	if (text == NULL) {
		return;
	}
	const char *p = text;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		zonestatus_line(p, len, zs);
		if (nl == NULL) {
			break;
		}
		p = nl + 1;
	}
}

void
sc_opts_default(sc_opts_t *o)
{
	memset(o, 0, sizeof(*o));
	o->warn_behind = 300;
	o->crit_behind = 3600;
	o->warn_expire = (sc_limit_t){ .percent = true, .value = 50 };
	o->crit_expire = (sc_limit_t){ .percent = true, .value = 10 };
	o->timeout_ms = 2000;
	o->tries = 2;
}

void
sc_duration_format(int64_t secs, char *buf, size_t size)
{
	static const struct {
		int64_t len;
		char unit;
	} units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	if (secs < 0) {
		snprintf(buf, size, "-");
		return;
	}
	if (secs == 0) {
		snprintf(buf, size, "0s");
		return;
	}
	size_t used = 0;
	int parts = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < 4 && parts < 2 && secs > 0; i++) {
		int64_t n = secs / units[i].len;
		if (n == 0 && parts == 0) {
			continue;
		}
		secs -= n * units[i].len;
		if (n > 0 && used < size) {
			int w = snprintf(buf + used, size - used,
			                 "%" PRId64 "%c", n, units[i].unit);
			used += w > 0 ? (size_t)w : 0;
		}
		parts++;
	}
}

/* ---- the verdict ---- */

static void reason(sc_zone_t *z, sc_status_t s, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Raise the zone's status to \a s and append a reason. */
static void
reason(sc_zone_t *z, sc_status_t s, const char *fmt, ...)
{
	if (s > z->status) {
		z->status = s;
	}
	size_t used = strlen(z->reason);
	if (used + 3 >= sizeof(z->reason)) {
		return;
	}
	if (used > 0) {
		strcpy(z->reason + used, ", ");
		used += 2;
	}
	z->nreasons++;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(z->reason + used, sizeof(z->reason) - used, fmt, ap);
	va_end(ap);
}

static bool
is_secondary(const sc_zstatus_t *zs)
{
	return zs->type[0] == '\0' || strcmp(zs->type, "secondary") == 0 ||
	       strcmp(zs->type, "slave") == 0 ||
	       strcmp(zs->type, "mirror") == 0 || strcmp(zs->type, "stub") == 0;
}

static void
clear_verdict(sc_zone_t *z)
{
	z->status = SC_OK;
	z->reason[0] = '\0';
	z->nreasons = 0;
	z->has_serial = false;
	z->serial = 0;
	z->serial_source = NULL;
	z->nreachable = 0;
	z->has_primary_serial = false;
	z->primary_serial = 0;
	z->has_gap = false;
	z->gap = 0;
	z->behind = false;
	z->last_refresh = 0;
	z->last_refresh_source = NULL;
	z->behind_for = -1;
	z->expire_interval = 0;
	z->has_expire_left = false;
	z->expire_left = 0;
	z->expired = false;
}

/* The primaries: how many answered, the newest serial, who did not. */
static void
judge_primaries(sc_zone_t *z)
{
	for (size_t i = 0; i < z->nprimaries; i++) {
		const sc_primary_t *p = &z->primaries[i];
		if (!p->reachable) {
			continue;
		}
		if (z->nreachable++ == 0 ||
		    ditto_serial_gt(p->serial, z->primary_serial)) {
			z->primary_serial = p->serial;
			z->has_primary_serial = true;
		}
	}
	if (z->nprimaries == 0) {
		reason(z, SC_UNKNOWN, "no primaries in the configuration");
		return;
	}
	for (size_t i = 0; i < z->nprimaries; i++) {
		const sc_primary_t *p = &z->primaries[i];
		if (!p->reachable) {
			reason(z, z->nreachable == 0 ? SC_CRITICAL : SC_WARNING,
			       "primary %s unreachable: %s", p->addr, p->error);
		}
	}
}

/* What we serve: our SOA answer, else the zonestatus serial. */
static void
judge_self(sc_zone_t *z)
{
	if (z->self_ok) {
		z->has_serial = true;
		z->serial = z->self_serial;
		z->serial_source = "soa";
		z->expire_interval = z->self_expire;
		return;
	}
	if (z->zs.has_serial) {
		z->has_serial = true;
		z->serial = z->zs.serial;
		z->serial_source = "zonestatus";
	}
	if (z->self_noanswer) {
		reason(z, SC_WARNING, "no SOA answer from the server at %s: %s",
		       z->self_addr, z->self_error);
	} else {
		reason(z, SC_CRITICAL,
		       "the server at %s answers the SOA "
		       "query with an error: %s",
		       z->self_addr, z->self_error);
	}
}

/* Serial gap and for how long we have been behind. */
static void
judge_gap(const sc_opts_t *o, int64_t now, sc_zone_t *z)
{
	if (!z->has_serial || !z->has_primary_serial) {
		return;
	}
	uint32_t p = z->primary_serial, s = z->serial;
	switch (ditto_serial_compare(p, s)) {
	case DITTO_SERIAL_EQ:
		z->has_gap = true;
		return;
	case DITTO_SERIAL_LT:
		z->has_gap = true;
		z->gap = -(int64_t)(uint32_t)(s - p);
		reason(z, SC_WARNING, "serial %u ahead of the primaries' %u", s,
		       p);
		return;
	case DITTO_SERIAL_UNDEF:
		reason(z, SC_WARNING,
		       "serial %u and the primaries' %u are 2^31 apart", s, p);
		return;
	case DITTO_SERIAL_GT:
		break;
	}
	z->has_gap = true;
	z->gap = (int64_t)(uint32_t)(p - s);
	z->behind = true;
	if (z->last_refresh == 0) {
		reason(z, SC_WARNING,
		       "serial %u < %u (behind for an unknown "
		       "time)",
		       s, p);
		return;
	}
	z->behind_for = now > z->last_refresh ? now - z->last_refresh : 0;
	char d[32];
	sc_duration_format(z->behind_for, d, sizeof(d));
	sc_status_t st = z->behind_for >= o->crit_behind   ? SC_CRITICAL
	                 : z->behind_for >= o->warn_behind ? SC_WARNING
	                                                   : SC_OK;
	reason(z, st, "serial %u < %u (behind %s%s)", s, p, d,
	       st == SC_OK ? ", within thresholds" : "");
}

/* The last refresh known to have succeeded (see the top comment). */
static void
judge_refresh(sc_zone_t *z)
{
	if (z->expire_interval == 0) {
		for (size_t i = 0; i < z->nprimaries; i++) {
			if (z->primaries[i].reachable) {
				z->expire_interval = z->primaries[i].expire;
				break;
			}
		}
	}
	if (z->zs.expires != 0 && z->expire_interval != 0) {
		z->last_refresh = z->zs.expires - z->expire_interval;
		z->last_refresh_source = "expires - SOA expire";
	} else if (z->zs.loaded != 0) {
		z->last_refresh = z->zs.loaded;
		z->last_refresh_source = "last loaded";
	}
}

/* A limit in seconds; -1 when a percent of an unknown interval. */
static int64_t
sc_limit_seconds(const sc_limit_t *l, uint32_t interval)
{
	if (!l->percent) {
		return l->value;
	}
	if (interval == 0) {
		return -1;
	}
	return (int64_t)interval * l->value / 100;
}

static void
judge_expire(const sc_opts_t *o, int64_t now, sc_zone_t *z)
{
	if (z->zs.expires == 0) {
		return;
	}
	z->has_expire_left = true;
	z->expire_left = z->zs.expires - now;
	char d[32];
	if (z->expire_left <= 0) {
		z->expired = true;
		reason(z, SC_CRITICAL, "expired");
		return;
	}
	sc_duration_format(z->expire_left, d, sizeof(d));
	int64_t crit = sc_limit_seconds(&o->crit_expire, z->expire_interval);
	int64_t warn = sc_limit_seconds(&o->warn_expire, z->expire_interval);
	if (crit >= 0 && z->expire_left < crit) {
		reason(z, SC_CRITICAL, "expires in %s", d);
	} else if (warn >= 0 && z->expire_left < warn) {
		reason(z, SC_WARNING, "expires in %s", d);
	}
}

void
sc_judge(const sc_opts_t *o, int64_t now, sc_zone_t *z)
{
	clear_verdict(z);
	if (z->rndc_fatal) {
		reason(z, SC_UNKNOWN, "rndc: %s", z->rndc_error);
		return;
	}
	if (!z->in_config) {
		reason(z, SC_UNKNOWN, "not a zone of the configuration");
		return;
	}
	if (!z->rndc_ok) {
		z->expired = true;
		reason(z, SC_CRITICAL, "not served: zonestatus: %s",
		       z->rndc_error);
		judge_primaries(z);
		return;
	}
	if (!is_secondary(&z->zs)) {
		judge_self(z);
		reason(z, z->status, "%s zone, nothing to sync", z->zs.type);
		return;
	}
	judge_self(z);
	judge_primaries(z);
	judge_refresh(z);
	judge_expire(o, now, z);
	judge_gap(o, now, z);
	if (z->reason[0] == '\0') {
		reason(z, SC_OK, "in sync");
	}
}

sc_status_t
sc_overall(const sc_zone_t *zones, size_t n)
{
	sc_status_t worst = SC_OK;
	for (size_t i = 0; i < n; i++) {
		if (zones[i].status > worst) {
			worst = zones[i].status;
		}
	}
	return worst;
}

/* ---- text output ---- */

/* "zone" or "zone/view" (non-default views). */
static void
zone_label(const sc_zone_t *z, char *buf, size_t size)
{
	if (z->view != NULL && strcmp(z->view, "_default") != 0) {
		snprintf(buf, size, "%s/%s", z->name, z->view);
	} else {
		snprintf(buf, size, "%s", z->name);
	}
}

/* A perfdata label: quoted, with quotes and '=' replaced. */
static void
perf_label(FILE *f, const sc_zone_t *z, const char *what)
{
	char l[1100];
	zone_label(z, l, sizeof(l));
	fputc('\'', f);
	for (const char *p = l; *p != '\0'; p++) {
		fputc(*p == '\'' || *p == '=' || *p == ' ' ? '_' : *p, f);
	}
	fprintf(f, " %s'=", what);
}

static void
perfdata(FILE *f, const sc_opts_t *o, const sc_zone_t *z)
{
	if (z->has_gap) {
		perf_label(f, z, "serial_gap");
		fprintf(f, "%" PRId64 ";;; ", z->gap);
	}
	if (z->has_gap || z->behind) {
		perf_label(f, z, "behind");
		fprintf(f, "%" PRId64 "s;%" PRId64 ";%" PRId64 ";0; ",
		        z->behind && z->behind_for > 0 ? z->behind_for : 0,
		        o->warn_behind, o->crit_behind);
	}
	if (z->has_expire_left) {
		int64_t w =
		        sc_limit_seconds(&o->warn_expire, z->expire_interval);
		int64_t c =
		        sc_limit_seconds(&o->crit_expire, z->expire_interval);
		perf_label(f, z, "expire_left");
		fprintf(f, "%" PRId64 "s;", z->expire_left);
		if (w >= 0) {
			fprintf(f, "%" PRId64 ":", w);
		}
		fputc(';', f);
		if (c >= 0) {
			fprintf(f, "%" PRId64 ":", c);
		}
		fprintf(f, ";0; ");
	}
	if (z->in_config && !z->rndc_fatal) {
		perf_label(f, z, "primaries_up");
		fprintf(f, "%zu;;;0;%zu ", z->nreachable, z->nprimaries);
	}
}

/* Were all the zones that are not OK only behind? */
static bool
only_behind(const sc_zone_t *zones, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const sc_zone_t *z = &zones[i];
		if (z->status != SC_OK && (!z->behind || z->nreasons != 1)) {
			return false;
		}
	}
	return true;
}

/* Append to a fixed buffer (truncated at its end). */
static void sb_add(char *buf, size_t size, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
sb_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= size) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* The first line's text, before the perfdata. */
static void
summary(char *buf, size_t size, const sc_zone_t *zones, size_t n,
        sc_status_t worst)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		bad += zones[i].status != SC_OK;
	}
	buf[0] = '\0';
	sb_add(buf, size, "SYNC %s - ", sc_status_name(worst));
	if (bad == 0) {
		sb_add(buf, size, "%zu zone%s in sync", n, n == 1 ? "" : "s");
		return;
	}
	size_t nfatal = 0;
	for (size_t i = 0; i < n; i++) {
		nfatal += zones[i].rndc_fatal;
	}
	if (nfatal == n) {
		sb_add(buf, size, "rndc: %s (%zu zone%s not checked)",
		       zones[0].rndc_error, n, n == 1 ? "" : "s");
		return;
	}
	sb_add(buf, size, "%zu of %zu zone%s %s: ", bad, n, n == 1 ? "" : "s",
	       only_behind(zones, n) ? "behind" : "not in sync");
	size_t shown = 0;
	/* the worst first, at most 5 */
	for (int s = SC_UNKNOWN; s > SC_OK && shown <= 5; s--) {
		for (size_t i = 0; i < n && shown <= 5; i++) {
			const sc_zone_t *z = &zones[i];
			if ((int)z->status != s) {
				continue;
			}
			if (shown == 5) {
				sb_add(buf, size, "; ...");
				shown++;
				break;
			}
			char l[1100];
			zone_label(z, l, sizeof(l));
			sb_add(buf, size, "%s%s %s", shown > 0 ? "; " : "", l,
			       z->reason);
			shown++;
		}
	}
}

static void
zone_line(FILE *f, const sc_zone_t *z, int64_t now)
{
	char l[1100], d[32];
	zone_label(z, l, sizeof(l));
	fprintf(f, "%s: %s - %s", l, sc_status_name(z->status), z->reason);
	if (z->has_serial) {
		fprintf(f, "; serial %u (%s)", z->serial, z->serial_source);
	}
	for (size_t i = 0; i < z->nprimaries; i++) {
		const sc_primary_t *p = &z->primaries[i];
		if (p->reachable) {
			fprintf(f, "; primary %s serial %u (%s)", p->addr,
			        p->serial, p->transport);
		}
	}
	if (z->has_gap) {
		fprintf(f, "; gap %" PRId64, z->gap);
	}
	if (z->last_refresh != 0) {
		sc_duration_format(now - z->last_refresh, d, sizeof(d));
		fprintf(f, "; last refresh %s ago (%s)", d,
		        z->last_refresh_source);
	}
	if (z->zs.next_refresh != 0 && z->zs.next_refresh >= now) {
		sc_duration_format(z->zs.next_refresh - now, d, sizeof(d));
		fprintf(f, "; next refresh in %s", d);
	}
	if (z->has_expire_left && z->expire_left > 0) {
		sc_duration_format(z->expire_left, d, sizeof(d));
		fprintf(f, "; expires in %s", d);
	}
	fputc('\n', f);
}

void
sc_print_text(FILE *f, const sc_opts_t *o, const sc_zone_t *zones, size_t n,
              int64_t now)
{
	char line[4096];
	summary(line, sizeof(line), zones, n, sc_overall(zones, n));
	fputs(line, f);
	for (size_t i = 0; i < n; i++) {
		const sc_zone_t *z = &zones[i];
		if (z->has_gap || z->behind || z->has_expire_left ||
		    (z->in_config && !z->rndc_fatal)) {
			fputs(" | ", f);
			for (size_t j = 0; j < n; j++) {
				perfdata(f, o, &zones[j]);
			}
			break;
		}
	}
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		zone_line(f, &zones[i], now);
	}
}

/* ---- JSON ---- */

static void
jstr(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	     p++) {
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p);
		} else {
			fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* "key": <int or null> with a leading comma. */
static void
jint(FILE *f, const char *key, bool has, int64_t v)
{
	fprintf(f, ", \"%s\": ", key);
	if (has) {
		fprintf(f, "%" PRId64, v);
	} else {
		fputs("null", f);
	}
}

/* "key": "v" with a leading comma; NULL and "" are null. */
static void
jkstr(FILE *f, const char *key, const char *v)
{
	fprintf(f, ", \"%s\": ", key);
	jstr(f, v != NULL && v[0] != '\0' ? v : NULL);
}

static void
json_primary(FILE *f, const sc_primary_t *p, const sc_zone_t *z)
{
	fputs("{\"address\": ", f);
	jstr(f, p->addr);
	jkstr(f, "key", p->key);
	fprintf(f, ", \"reachable\": %s",
	        z->rndc_fatal  ? "null"
	        : p->reachable ? "true"
	                       : "false");
	jint(f, "serial", p->reachable, p->serial);
	jint(f, "expire", p->reachable, p->expire);
	int64_t gap = 0;
	bool has_gap = p->reachable && z->has_serial &&
	               ditto_serial_compare(p->serial, z->serial) !=
	                       DITTO_SERIAL_UNDEF;
	if (has_gap) {
		gap = ditto_serial_lt(p->serial, z->serial)
		              ? -(int64_t)(uint32_t)(z->serial - p->serial)
		              : (int64_t)(uint32_t)(p->serial - z->serial);
	}
	jint(f, "serial_gap", has_gap, gap);
	jkstr(f, "transport", p->reachable ? p->transport : NULL);
	jkstr(f, "error", p->reachable ? NULL : p->error);
	fputc('}', f);
}

static void
json_zone(FILE *f, const sc_zone_t *z, int64_t now)
{
	fputs("{\"zone\": ", f);
	jstr(f, z->name);
	jkstr(f, "view", z->view);
	jkstr(f, "status", sc_status_name(z->status));
	fprintf(f, ", \"code\": %d", (int)z->status);
	jkstr(f, "reason", z->reason);
	jkstr(f, "type", z->rndc_ok ? z->zs.type : NULL);
	jint(f, "serial", z->has_serial, z->serial);
	jkstr(f, "serial_source", z->serial_source);
	jkstr(f, "server", z->self_addr[0] != '\0' ? z->self_addr : NULL);
	jkstr(f, "server_error",
	      z->self_ok || z->self_addr[0] == '\0' ? NULL : z->self_error);
	jkstr(f, "rndc_error", z->rndc_ok ? NULL : z->rndc_error);
	jint(f, "primary_serial", z->has_primary_serial, z->primary_serial);
	jint(f, "serial_gap", z->has_gap, z->gap);
	fprintf(f, ", \"behind\": %s", z->behind ? "true" : "false");
	jint(f, "behind_for", z->behind && z->behind_for >= 0, z->behind_for);
	jint(f, "last_refresh", z->last_refresh != 0, z->last_refresh);
	jkstr(f, "last_refresh_source", z->last_refresh_source);
	jint(f, "since_last_refresh", z->last_refresh != 0,
	     now - z->last_refresh);
	jint(f, "last_loaded", z->zs.loaded != 0, z->zs.loaded);
	jint(f, "next_refresh", z->zs.next_refresh != 0, z->zs.next_refresh);
	jint(f, "expires", z->zs.expires != 0, z->zs.expires);
	jint(f, "expire_left", z->has_expire_left, z->expire_left);
	jint(f, "expire_interval", z->expire_interval != 0, z->expire_interval);
	fprintf(f, ", \"expired\": %s", z->expired ? "true" : "false");
	fprintf(f, ", \"primaries_reachable\": %zu, \"primaries\": [",
	        z->nreachable);
	for (size_t i = 0; i < z->nprimaries; i++) {
		fputs(i > 0 ? ", " : "", f);
		json_primary(f, &z->primaries[i], z);
	}
	fputs("]}", f);
}

void
sc_print_json(FILE *f, const sc_opts_t *o, const sc_zone_t *zones, size_t n,
              int64_t now)
{
	sc_status_t worst = sc_overall(zones, n);
	fputs("{\"status\": ", f);
	jstr(f, sc_status_name(worst));
	fprintf(f, ", \"code\": %d, \"checked_at\": %" PRId64, (int)worst, now);
	fprintf(f,
	        ", \"thresholds\": {\"warn_behind\": %" PRId64
	        ", \"crit_behind\": %" PRId64,
	        o->warn_behind, o->crit_behind);
	fprintf(f, ", \"warn_expire\": \"%" PRId64 "%s\"", o->warn_expire.value,
	        o->warn_expire.percent ? "%" : "s");
	fprintf(f, ", \"crit_expire\": \"%" PRId64 "%s\"}",
	        o->crit_expire.value, o->crit_expire.percent ? "%" : "s");
	fputs(", \"summary\": ", f);
	char line[4096];
	summary(line, sizeof(line), zones, n, worst);
	jstr(f, line);
	fputs(", \"zones\": [", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i > 0 ? ",\n  " : "\n  ", f);
		json_zone(f, &zones[i], now);
	}
	fputs("]}\n", f);
}

void
sc_print_failure(FILE *f, bool json, const char *msg)
{
	if (json) {
		fputs("{\"status\": \"UNKNOWN\", \"code\": 3, \"summary\": ",
		      f);
		jstr(f, msg);
		fputs(", \"zones\": []}\n", f);
	} else {
		fprintf(f, "SYNC UNKNOWN - %s\n", msg);
	}
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of daemon/statsjson and statsxml: named's documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* open_memstream()'s buffer is libc's: free it before cmocka.h replaces
 * free() with its checking allocator's */
static void
libc_free(void *p)
{
	free(p);
}

#include <cmocka.h>

#include "statsfmt.h"

/* 2026-01-02T03:04:05.678Z */
#define T0 1767323045678LL

static sfzone_t zones[2];
static sfview_t view;

static void
fill(sfdata_t *d)
{
	memset(d, 0, sizeof(*d));
	d->boot_ms = T0;
	d->config_ms = T0 + 1000;
	d->now_ms = T0 + 2000;
	d->version = "ditto test";
	d->nworkers = 3;
	memset(zones, 0, sizeof(zones));
	zones[0].name = (char *)"a&b\"<c>.example";
	snprintf(zones[0].klass, sizeof(zones[0].klass), "IN");
	zones[0].type = "primary";
	zones[0].has_serial = true;
	zones[0].serial = 4000000000U;
	zones[0].loaded = T0 / 1000;
	zones[1].name = (char *)"sec.example";
	snprintf(zones[1].klass, sizeof(zones[1].klass), "IN");
	zones[1].type = "secondary";
	zones[1].secondary = true;
	zones[1].refresh = T0 / 1000 + 60;
	view.name = (char *)"_default";
	view.zones = zones;
	view.nzones = 2;
	d->views = &view;
	d->nviews = 1;
}

static char *
render(const sfdata_t *d, bool json, sfpart_t part)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	if (json) {
		statsjson_render(d, part, out);
	} else {
		statsxml_render(d, part, out);
	}
	assert_int_equal(fclose(out), 0);
	return buf;
}

static void
times_test(void **state)
{
	char b[40];
	(void)state;
	sf_time(T0, true, b, sizeof(b));
	assert_string_equal(b, "2026-01-02T03:04:05.678Z");
	sf_time(T0, false, b, sizeof(b));
	assert_string_equal(b, "2026-01-02T03:04:05Z");
	sf_time(0, false, b, sizeof(b));
	assert_string_equal(b, "1970-01-01T00:00:00Z");
}

static void
json_empty_sets_test(void **state)
{
	sfdata_t d;
	(void)state;
	fill(&d);
	char *s = render(&d, true, SF_SERVER);
	assert_non_null(strstr(s, "\"json-stats-version\":\"1.7\""));
	assert_non_null(
	        strstr(s, "\"boot-time\":\"2026-01-02T03:04:05.678Z\""));
	assert_non_null(strstr(s, "\"QUERY\":0"));      /* opcodes whole */
	assert_non_null(strstr(s, "\"BADCOOKIE\":0"));  /* rcodes whole */
	assert_null(strstr(s, "\"nsstats\""));          /* empty: left out */
	assert_null(strstr(s, "\"qtypes\":{\n    \"")); /* server qtypes */
	assert_null(strstr(s, "\"zonestats\""));
	assert_null(strstr(s, "\"zones\"")); /* not in /server */
	assert_non_null(strstr(s, "\"resolver\""));
	libc_free(s);
}

static void
json_counters_test(void **state)
{
	sfdata_t d;
	(void)state;
	fill(&d);
	atomic_store(&d.sum.qtype[1], 5);  /* A */
	atomic_store(&d.sum.qtype[28], 2); /* AAAA */
	atomic_store(&d.sum.qtype_other, 1);
	atomic_store(&d.sum.ns[STATS_NS_REQUESTV4], 8);
	atomic_store(&d.sum.rcode[3], 4);
	d.tcp_highwater = 7;
	d.zonestat[STATS_ZC_XFRSUCCESS] = 9;
	char *s = render(&d, true, SF_ALL);
	assert_non_null(strstr(s, "\"A\":5"));
	assert_non_null(strstr(s, "\"AAAA\":2"));
	assert_non_null(strstr(s, "\"Others\":1"));
	assert_non_null(strstr(s, "\"Requestv4\":8"));
	assert_non_null(strstr(s, "\"TCPConnHighWater\":7"));
	assert_null(strstr(s, "\"Requestv6\"")); /* zero: left out */
	assert_non_null(strstr(s, "\"NXDOMAIN\":4"));
	assert_non_null(strstr(s, "\"XfrSuccess\":9"));
	/* zones: escaped name, serial > 2^31, secondary without serial */
	assert_non_null(strstr(s, "\"name\":\"a&b\\\"<c>.example\""));
	assert_non_null(strstr(s, "\"serial\":4000000000"));
	assert_non_null(strstr(s, "\"refresh\":\"2026-01-02T03:05:05Z\""));
	assert_non_null(strstr(s, "\"worker-threads\":3"));
	libc_free(s);
}

static void
xml_test(void **state)
{
	sfdata_t d;
	(void)state;
	fill(&d);
	atomic_store(&d.sum.ns[STATS_NS_QRYSUCCESS], 3);
	char *s = render(&d, false, SF_ALL);
	assert_non_null(strstr(s, "<statistics version=\"3.13\"><server>"));
	assert_non_null(strstr(s, "<counter name=\"QrySuccess\">3</counter>"));
	/* every nsstat row, zeros too */
	assert_non_null(
	        strstr(s, "<counter name=\"QryRecursion\">0</counter>"));
	assert_non_null(strstr(s, "<counters type=\"qtype\"/>"));
	assert_non_null(strstr(s, "<zone name=\"a&amp;b&quot;&lt;c&gt;"
	                          ".example\" rdataclass=\"IN\">"
	                          "<type>primary</type>"
	                          "<serial>4000000000</serial>"));
	assert_non_null(strstr(s, "<type>secondary</type><serial>-</serial>"));
	assert_non_null(strstr(s, "<cache name=\"_default\"/>"));
	assert_non_null(strstr(s, "<traffic><ipv4><udp>"));
	assert_non_null(strstr(s, "</statistics>"));
	libc_free(s);
	s = render(&d, false, SF_STATUS);
	assert_null(strstr(s, "<counters"));
	assert_non_null(strstr(s, "<views/>"));
	libc_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(times_test),
		cmocka_unit_test(json_empty_sets_test),
		cmocka_unit_test(json_counters_test),
		cmocka_unit_test(xml_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

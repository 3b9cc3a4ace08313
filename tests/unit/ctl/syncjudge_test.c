/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of dittoctl sync-check's verdicts and output (syncjudge.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ctl/ is not a library: the pure half is compiled into the test */
#include "ctl/syncjudge.c"

#define NOW 1795237600 /* Sat, 21 Nov 2026 05:06:40 GMT */

static const char *const ZONESTATUS =
        "name: a.test\n"
        "type: secondary\n"
        "files: a.test.bk\n"
        "serial: 5\n"
        "nodes: 2\n"
        "last loaded: Sat, 21 Nov 2026 04:06:40 GMT\n"
        "next refresh: Sat, 21 Nov 2026 06:06:40 GMT\n"
        "expires: Sun, 22 Nov 2026 04:36:40 GMT\n"
        "secure: no\n"
        "dynamic: no\n"
        "reconfigurable via modzone: no";

static void
test_httpdate(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_true(sc_httpdate_parse("Sat, 21 Nov 2026 05:06:40 GMT", &t));
	assert_int_equal(t, NOW);
	assert_true(sc_httpdate_parse("Thu, 01 Jan 1970 00:00:00 GMT\n", &t));
	assert_int_equal(t, 0);
	t = 7;
	assert_false(sc_httpdate_parse("Sat, 21 Foo 2026 05:06:40 GMT", &t));
	assert_false(sc_httpdate_parse("Sat, 21 Nov 2026 25:06:40 GMT", &t));
	assert_false(sc_httpdate_parse("Sat, 21 Nov 2026 05:06:40 UTC", &t));
	assert_false(sc_httpdate_parse("Sat, 21 Nov 2026 05:06:40 GMT x", &t));
	assert_false(sc_httpdate_parse("", &t));
	assert_int_equal(t, 7);
}

static void
test_durations(void **state)
{
	(void)state;
	int64_t v = -1;
	assert_true(sc_duration_parse("300", &v));
	assert_int_equal(v, 300);
	assert_true(sc_duration_parse("5m", &v));
	assert_int_equal(v, 300);
	assert_true(sc_duration_parse("2h", &v));
	assert_int_equal(v, 7200);
	assert_true(sc_duration_parse("1w", &v));
	assert_int_equal(v, 604800);
	assert_true(sc_duration_parse("0", &v));
	assert_int_equal(v, 0);
	assert_false(sc_duration_parse("", &v));
	assert_false(sc_duration_parse("5x", &v));
	assert_false(sc_duration_parse("5mm", &v));
	assert_false(sc_duration_parse("-5", &v));
	assert_false(sc_duration_parse("99999999999999w", &v));
	sc_limit_t l;
	assert_true(sc_limit_parse("50%", &l));
	assert_true(l.percent);
	assert_int_equal(l.value, 50);
	assert_true(sc_limit_parse("1d", &l));
	assert_false(l.percent);
	assert_int_equal(l.value, 86400);
	assert_false(sc_limit_parse("101%", &l));
	assert_false(sc_limit_parse("%", &l));
	char buf[32];
	sc_duration_format(7260, buf, sizeof(buf));
	assert_string_equal(buf, "2h1m");
	sc_duration_format(45, buf, sizeof(buf));
	assert_string_equal(buf, "45s");
	sc_duration_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "0s");
	sc_duration_format(90061, buf, sizeof(buf));
	assert_string_equal(buf, "1d1h");
}

static void
test_zonestatus(void **state)
{
	(void)state;
	sc_zstatus_t zs;
	sc_zonestatus_parse(ZONESTATUS, &zs);
	assert_string_equal(zs.type, "secondary");
	assert_true(zs.has_serial);
	assert_int_equal(zs.serial, 5);
	assert_int_equal(zs.loaded, NOW - 3600);
	assert_int_equal(zs.next_refresh, NOW + 3600);
	assert_int_equal(zs.expires, NOW + 86400 - 1800);
	sc_zonestatus_parse("serial: 99999999999\nserial: x\nexpires: no\n"
	                    "type: a-type-name-that-is-far-too-long-to-keep\n",
	                    &zs);
	assert_false(zs.has_serial);
	assert_int_equal(zs.expires, 0);
	assert_string_equal(zs.type, "");
	sc_zonestatus_parse(NULL, &zs);
	assert_false(zs.has_serial);
}

/* A secondary served at serial 5 whose one primary has \a pserial. */
static void
zone_init(sc_zone_t *z, uint32_t pserial)
{
	memset(z, 0, sizeof(*z));
	strcpy(z->name, "a.test");
	z->view = "_default";
	z->in_config = true;
	z->rndc_ok = true;
	sc_zonestatus_parse(ZONESTATUS, &z->zs);
	z->self_ok = true;
	z->self_serial = 5;
	z->self_expire = 86400;
	strcpy(z->self_addr, "127.0.0.1#53");
	z->nprimaries = 1;
	sc_primary_t *p = &z->primaries[0];
	strcpy(p->addr, "192.0.2.1#53");
	p->reachable = true;
	p->serial = pserial;
	p->expire = 86400;
	p->transport = "udp";
}

static void
test_in_sync(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 5);
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_OK);
	assert_string_equal(z.reason, "in sync");
	assert_true(z.has_gap);
	assert_int_equal(z.gap, 0);
	assert_false(z.behind);
	/* expires - SOA expire: the last refresh was 30 min ago */
	assert_int_equal(z.last_refresh, NOW - 1800);
	assert_string_equal(z.last_refresh_source, "expires - SOA expire");
	assert_int_equal(z.expire_left, 86400 - 1800);
	assert_string_equal(z.serial_source, "soa");
}

static void
test_behind(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 7);
	sc_judge(&o, NOW, &z); /* 30 min behind: over 5m, under 1h */
	assert_int_equal(z.status, SC_WARNING);
	assert_true(z.behind);
	assert_int_equal(z.gap, 2);
	assert_int_equal(z.behind_for, 1800);
	assert_string_equal(z.reason, "serial 5 < 7 (behind 30m)");
	o.crit_behind = 1800;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	o.warn_behind = 3600;
	o.crit_behind = 7200;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_OK);
	assert_non_null(strstr(z.reason, "within thresholds"));
	/* no dates at all: behind for an unknown time */
	z.zs.expires = 0;
	z.zs.loaded = 0;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	assert_int_equal(z.behind_for, -1);
	/* only "last loaded": used instead */
	z.zs.loaded = NOW - 10000;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	assert_int_equal(z.behind_for, 10000);
	assert_string_equal(z.last_refresh_source, "last loaded");
}

static void
test_serial_arith(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 1);
	z.self_serial = 4294967295u; /* RFC 1982: 1 is 2 ahead of 2^32-1 */
	sc_judge(&o, NOW, &z);
	assert_true(z.behind);
	assert_int_equal(z.gap, 2);
	zone_init(&z, 3); /* the primary went back */
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	assert_false(z.behind);
	assert_int_equal(z.gap, -2);
	zone_init(&z, 5u + 2147483648u); /* undefined */
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	assert_false(z.has_gap);
	/* the newest of two primaries counts */
	zone_init(&z, 5);
	z.nprimaries = 2;
	z.primaries[1] = z.primaries[0];
	z.primaries[1].serial = 6;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.primary_serial, 6);
	assert_int_equal(z.gap, 1);
}

static void
test_primaries_down(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 5);
	z.primaries[0].reachable = false;
	strcpy(z.primaries[0].error, "timed out");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	assert_string_equal(z.reason,
	                    "primary 192.0.2.1#53 unreachable: timed out");
	assert_false(z.has_gap);
	/* one of two down: WARNING */
	zone_init(&z, 5);
	z.nprimaries = 2;
	z.primaries[1] = z.primaries[0];
	z.primaries[1].reachable = false;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	assert_int_equal(z.nreachable, 1);
	z.nprimaries = 0;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_UNKNOWN);
}

static void
test_expire(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 5);
	z.zs.expires = NOW - 1;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	assert_true(z.expired);
	zone_init(&z, 5);
	z.zs.expires = NOW + 40000; /* < 50% of 86400 */
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	z.zs.expires = NOW + 8000; /* < 10% */
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	assert_string_equal(z.reason, "expires in 2h13m");
	o.crit_expire = (sc_limit_t){ .percent = false, .value = 600 };
	o.warn_expire = (sc_limit_t){ .percent = false, .value = 900 };
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_OK);
}

static void
test_server_states(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	sc_zone_t z;
	zone_init(&z, 5);
	z.rndc_fatal = true;
	strcpy(z.rndc_error, "connect failed: 127.0.0.1#953: "
	                     "connection refused");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_UNKNOWN);
	zone_init(&z, 5);
	z.rndc_ok = false;
	strcpy(z.rndc_error, "zone not loaded");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	assert_true(z.expired);
	zone_init(&z, 5);
	z.in_config = false;
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_UNKNOWN);
	/* no SOA answer: zonestatus' serial, WARNING */
	zone_init(&z, 5);
	z.self_ok = false;
	z.self_noanswer = true;
	strcpy(z.self_error, "timed out");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_WARNING);
	assert_string_equal(z.serial_source, "zonestatus");
	assert_int_equal(z.gap, 0);
	/* an error answer (SERVFAIL): CRITICAL */
	z.self_noanswer = false;
	strcpy(z.self_error, "unexpected rcode (SERVFAIL)");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_CRITICAL);
	/* a primary zone has nothing to sync */
	zone_init(&z, 9);
	strcpy(z.zs.type, "primary");
	sc_judge(&o, NOW, &z);
	assert_int_equal(z.status, SC_OK);
}

/* What a printer wrote (tmpfile: cmocka's free must not see libc's). */
static char outbuf[65536];

static const char *
capture(int what, sc_zone_t *zones, size_t n, const sc_opts_t *o)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	if (what == 1) {
		sc_print_json(f, o, zones, n, NOW);
	} else if (what == 0) {
		sc_print_text(f, o, zones, n, NOW);
	} else {
		sc_print_failure(f, true, "cannot load \"x\"");
	}
	rewind(f);
	size_t len = fread(outbuf, 1, sizeof(outbuf) - 1, f);
	outbuf[len] = '\0';
	fclose(f);
	return outbuf;
}

static void
test_output(void **state)
{
	(void)state;
	sc_opts_t o;
	sc_opts_default(&o);
	o.crit_behind = 1000;
	sc_zone_t z[3];
	zone_init(&z[0], 5);
	zone_init(&z[1], 7);
	strcpy(z[1].name, "example.com");
	zone_init(&z[2], 5);
	strcpy(z[2].name, "c.test");
	for (int i = 0; i < 3; i++) {
		sc_judge(&o, NOW, &z[i]);
	}
	assert_int_equal(sc_overall(z, 3), SC_CRITICAL);
	const char *text = capture(0, z, 3, &o);
	const char *first = "SYNC CRITICAL - 1 of 3 zones behind: example.com "
	                    "serial 5 < 7 (behind 30m) | ";
	assert_memory_equal(text, first, strlen(first));
	assert_non_null(strstr(text, "'example.com serial_gap'=2;;; "));
	assert_non_null(strstr(text, "'example.com behind'=1800s;300;1000;0;"));
	assert_non_null(strstr(text, "\nexample.com: CRITICAL - serial 5 < 7"));
	assert_non_null(strstr(text, "\na.test: OK - in sync; serial 5 (soa)"));
	const char *json = capture(1, z, 3, &o);
	assert_memory_equal(json, "{\"status\": \"CRITICAL\", \"code\": 2,",
	                    33);
	assert_non_null(strstr(json, "\"zone\": \"example.com\""));
	assert_non_null(strstr(json, "\"serial_gap\": 2, \"behind\": true, "
	                             "\"behind_for\": 1800"));
	/* all OK */
	text = capture(0, z, 1, &o);
	assert_memory_equal(text, "SYNC OK - 1 zone in sync | ", 27);
	/* rndc down: one reason, every zone UNKNOWN */
	for (int i = 0; i < 2; i++) {
		z[i].rndc_fatal = true;
		strcpy(z[i].rndc_error, "connect failed: 127.0.0.1#953: "
		                        "connection refused");
		sc_judge(&o, NOW, &z[i]);
	}
	text = capture(0, z, 2, &o);
	first = "SYNC UNKNOWN - rndc: connect failed: 127.0.0.1#953: "
	        "connection refused (2 zones not checked)\n";
	assert_memory_equal(text, first, strlen(first));
	/* a failure before any zone; quotes in JSON are escaped */
	assert_string_equal(capture(2, z, 0, &o),
	                    "{\"status\": \"UNKNOWN\", \"code\": 3, "
	                    "\"summary\": \"cannot load \\\"x\\\"\", "
	                    "\"zones\": []}\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_httpdate),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_zonestatus),
		cmocka_unit_test(test_in_sync),
		cmocka_unit_test(test_behind),
		cmocka_unit_test(test_serial_arith),
		cmocka_unit_test(test_primaries_down),
		cmocka_unit_test(test_expire),
		cmocka_unit_test(test_server_states),
		cmocka_unit_test(test_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

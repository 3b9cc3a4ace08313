/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/stats.c: blocks, sums, the zone registry, named's names
 * and the named.stats dump; concurrent single writers and readers. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"

static void
test_blocks(void **state)
{
	(void)state;
	stats_t *s = stats_create(3);
	stats_block_t *b[3];
	for (unsigned int i = 0; i < 3; i++) {
		b[i] = stats_worker(s, i);
		assert_int_equal((uintptr_t)b[i] % 64, 0);
	}
	stats_block_t *sh = stats_shared(s);
	assert_ptr_not_equal(sh, b[2]);
	assert_ptr_not_equal(b[0], b[1]);
	stats_add1w(&b[0]->ns[STATS_NS_REQUESTV4], 2);
	stats_add1w(&b[1]->ns[STATS_NS_REQUESTV4], 3);
	stats_add(&sh->ns[STATS_NS_REQUESTV4], 5);
	stats_add1w(&b[2]->opcode[4], 1);
	stats_add1w(&b[2]->qtype[28], 7);
	stats_add1w(&b[1]->qtype_other, 1);
	stats_add1w(&b[0]->rcode[23], 1);
	stats_block_t sum;
	stats_sum(s, &sum);
	assert_int_equal(sum.ns[STATS_NS_REQUESTV4], 10);
	assert_int_equal(sum.ns[STATS_NS_REQUESTV6], 0);
	assert_int_equal(sum.opcode[4], 1);
	assert_int_equal(sum.qtype[28], 7);
	assert_int_equal(sum.qtype_other, 1);
	assert_int_equal(sum.rcode[23], 1);
	stats_destroy(&s);
	assert_null(s);
	stats_destroy(&s); /* NULL: no-op */
}

static void
walk(void *arg, const char *view, const char *name, const stats_zone_t *z)
{
	char *buf = arg;
	size_t len = strlen(buf);
	snprintf(buf + len, 256 - len, "%s@%s=%d;", name, view,
	         (int)atomic_load(&z->c[STATS_ZC_NOTIFYREJ]));
}

static void
test_registry(void **state)
{
	(void)state;
	stats_t *s = stats_create(1);
	stats_zone_t *a = stats_zone(s, "_default", "b.example/IN");
	stats_zone_t *b = stats_zone(s, "_default", "a.example/IN");
	stats_zone_t *c = stats_zone(s, "internal", "a.example/IN");
	assert_non_null(a);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(b, c);
	/* the same key gives the same counters, NULL view is _default */
	assert_ptr_equal(stats_zone(s, "_default", "b.example/IN"), a);
	assert_ptr_equal(stats_zone(s, NULL, "a.example/IN"), b);
	stats_add(&c->c[STATS_ZC_NOTIFYREJ], 2);
	char buf[256] = "";
	stats_zones(s, walk, buf);
	assert_string_equal(buf, "a.example/IN@_default=0;"
	                         "a.example/IN@internal=2;"
	                         "b.example/IN@_default=0;");
	/* many zones: pointers stay valid while the array grows */
	for (int i = 0; i < 300; i++) {
		char n[32];
		snprintf(n, sizeof(n), "z%03d.test/IN", i);
		assert_non_null(stats_zone(s, "_default", n));
	}
	assert_int_equal(atomic_load(&c->c[STATS_ZC_NOTIFYREJ]), 2);
	assert_ptr_equal(stats_zone(s, "internal", "a.example/IN"), c);
	stats_destroy(&s);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(stats_ns_name(STATS_NS_REQUESTV4), "Requestv4");
	assert_string_equal(stats_ns_name(STATS_NS_QRYNXDOMAIN), "QryNXDOMAIN");
	assert_string_equal(stats_ns_desc(STATS_NS_REQUESTV4),
	                    "IPv4 requests received");
	assert_null(stats_ns_name(STATS_NS_NR));
	/* stats_ns_at() is a permutation: named's order */
	int seen[STATS_NS_NR] = { 0 };
	for (unsigned int k = 0; k < STATS_NS_NR; k++) {
		stats_ns_t i = stats_ns_at(k);
		assert_true((unsigned int)i < STATS_NS_NR);
		seen[i]++;
		assert_non_null(stats_ns_name(i));
		assert_non_null(stats_ns_desc(i));
	}
	for (unsigned int i = 0; i < STATS_NS_NR; i++) {
		assert_int_equal(seen[i], 1);
	}
	assert_int_equal(stats_ns_at(STATS_NS_EXPIREOPT + 1),
	                 STATS_NS_KEEPALIVEOPT);
	assert_int_equal(stats_ns_at(STATS_NS_EXPIREOPT + 2), STATS_NS_PADOPT);
	assert_int_equal(stats_ns_at(STATS_NS_EXPIREOPT + 3),
	                 STATS_NS_OTHEROPT);
	assert_int_equal(stats_ns_at(STATS_NS_NR - 1), STATS_NS_ECSOPT);
	for (unsigned int i = 0; i < STATS_ZC_NR; i++) {
		assert_non_null(stats_zone_name((stats_zc_t)i));
		assert_non_null(stats_zone_desc((stats_zc_t)i));
	}
	assert_string_equal(stats_zone_name(STATS_ZC_XFRFAIL), "XfrFail");
	assert_string_equal(stats_fail_name(STATS_FAIL_BADDATA), "bad_data");
	assert_string_equal(stats_opcode_name(3), "RESERVED3");
	assert_string_equal(stats_opcode_name(5), "UPDATE");
	assert_null(stats_opcode_name(16));
	assert_string_equal(stats_rcode_name(16), "BADVERS");
	assert_string_equal(stats_rcode_name(17), "17");
	assert_string_equal(stats_rcode_name(23), "BADCOOKIE");
	assert_null(stats_rcode_name(24));
	char buf[32];
	assert_string_equal(stats_qtype_name(1, buf, sizeof(buf)), "A");
	assert_string_equal(stats_qtype_name(65, buf, sizeof(buf)), "HTTPS");
	assert_string_equal(stats_qtype_name(200, buf, sizeof(buf)), "TYPE200");
	assert_string_equal(stats_qtype_name(251, buf, sizeof(buf)), "IXFR");
	assert_string_equal(
	        stats_qtype_name(STATS_QTYPE_OTHERS, buf, sizeof(buf)),
	        "Others");
}

static void
test_hist(void **state)
{
	(void)state;
	assert_int_equal(stats_hist_bucket(0.001), 0);
	assert_int_equal(stats_hist_bucket(0.005), 0);
	assert_int_equal(stats_hist_bucket(0.0051), 1);
	assert_int_equal(stats_hist_bucket(300), STATS_HIST_NR - 1);
	assert_int_equal(stats_hist_bucket(301), STATS_HIST_NR);
	assert_true(stats_hist_bound(0) == 0.005);
	assert_true(isinf(stats_hist_bound(STATS_HIST_NR)));
}

static void
test_dump(void **state)
{
	(void)state;
	stats_t *s = stats_create(2);
	stats_block_t *w = stats_worker(s, 1);
	stats_add1w(&w->ns[STATS_NS_REQUESTV4], 5);
	stats_add1w(&w->ns[STATS_NS_PADOPT], 1);
	stats_add1w(&w->ns[STATS_NS_OTHEROPT], 2);
	stats_add1w(&w->opcode[0], 4);
	stats_add1w(&w->opcode[3], 1);
	stats_add1w(&w->qtype[1], 4);
	stats_add1w(&w->qtype_other, 2);
	stats_add1w(&w->rcode[16], 1);
	stats_zone_t *z = stats_zone(s, "_default", "example.com/IN");
	stats_add(&z->c[STATS_ZC_NOTIFYINV4], 3);
	stats_add(&z->fail[STATS_FAIL_TIMEOUT], 1);
	stats_zone_t *z2 = stats_zone(s, "in", "example.com/IN");
	stats_add(&z2->c[STATS_ZC_NOTIFYINV4], 1);
	static char text[4096];
	FILE *fp = tmpfile();
	assert_non_null(fp);
	const char *views[] = { "default" };
	stats_dump(s, fp, views, 1, 7, 1234);
	rewind(fp);
	size_t len = fread(text, 1, sizeof(text) - 1, fp);
	text[len] = '\0';
	fclose(fp);
	static const char want[] =
	        "+++ Statistics Dump +++ (1234)\n"
	        "++ Incoming Requests ++\n"
	        "                   4 QUERY\n"
	        "                   1 RESERVED3\n"
	        "++ Incoming Queries ++\n"
	        "                   2 Others\n"
	        "                   4 A\n"
	        "++ Outgoing Rcodes ++\n"
	        "                   1 BADVERS\n"
	        "++ Outgoing Queries ++\n"
	        "[View: default]\n"
	        "++ Name Server Statistics ++\n"
	        "                   5 IPv4 requests received\n"
	        "                   7 TCP connection high-water\n"
	        "                   1 EDNS padding option received\n"
	        "                   2 Other EDNS option received\n"
	        "++ Zone Maintenance Statistics ++\n"
	        "                   4 IPv4 notifies received\n"
	        "++ Per Zone Query Statistics ++\n"
	        "++ Per Zone Maintenance Statistics ++\n"
	        "[example.com]\n"
	        "                   3 IPv4 notifies received\n"
	        "                   1 transfers in failed: timeout\n"
	        "[example.com (view: in)]\n"
	        "                   1 IPv4 notifies received\n"
	        "--- Statistics Dump --- (1234)\n";
	assert_string_equal(text, want);
	stats_destroy(&s);
}

/* ---- concurrency: single writers, shared fetch-add, a reader ---- */

#define NWRITERS 3
#define NINCR    200000

typedef struct wctx {
	stats_t *s;
	unsigned int id; /* NWRITERS: the shared block */
} wctx_t;

static void *
writer(void *arg)
{
	wctx_t *c = arg;
	for (int i = 0; i < NINCR; i++) {
		if (c->id < NWRITERS) {
			stats_block_t *b = stats_worker(c->s, c->id);
			stats_add1w(&b->ns[STATS_NS_RESPONSE], 1);
			stats_add1w(&b->qtype[1], 1);
		} else {
			stats_add(&stats_shared(c->s)->ns[STATS_NS_RESPONSE],
			          1);
		}
	}
	return NULL;
}

static _Atomic int done;

static void *
reader(void *arg)
{
	stats_t *s = arg;
	uint64_t last = 0;
	stats_block_t sum;
	for (int i = 0; i < 100000 && !atomic_load(&done); i++) {
		stats_sum(s, &sum);
		uint64_t v = atomic_load(&sum.ns[STATS_NS_RESPONSE]);
		if (v < last) {
			return (void *)1; /* went backwards */
		}
		last = v;
	}
	return NULL;
}

static void
test_concurrent(void **state)
{
	(void)state;
	stats_t *s = stats_create(NWRITERS);
	pthread_t t[NWRITERS + 2];
	wctx_t c[NWRITERS + 1];
	atomic_store(&done, 0);
	for (unsigned int i = 0; i <= NWRITERS; i++) {
		c[i] = (wctx_t){ .s = s, .id = i };
		assert_int_equal(pthread_create(&t[i], NULL, writer, &c[i]), 0);
	}
	assert_int_equal(pthread_create(&t[NWRITERS + 1], NULL, reader, s), 0);
	for (unsigned int i = 0; i <= NWRITERS; i++) {
		pthread_join(t[i], NULL);
	}
	atomic_store(&done, 1);
	void *bad = NULL;
	pthread_join(t[NWRITERS + 1], &bad);
	assert_null(bad);
	stats_block_t sum;
	stats_sum(s, &sum);
	assert_int_equal(sum.ns[STATS_NS_RESPONSE],
	                 (uint64_t)(NWRITERS + 1) * NINCR);
	assert_int_equal(sum.qtype[1], (uint64_t)NWRITERS * NINCR);
	stats_destroy(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_hist),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_concurrent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

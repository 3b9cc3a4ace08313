/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/xfrhealth.c: failure reasons, per-primary health, zone
 * state, "behind since", and the counting helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "xfr/soaquery.h"
#include "xfr/xfrin.h"

#include "stats.h"
#include "xfrhealth.h"

static ditto_name_storage_t origin;

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(ditto_name_fromtext("example.com.", 12, NULL, origin,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	return 0;
}

/* ---- failure reasons from the real state machines ---- */

/* Turn request \a buf into an answer with \a rcode (QR set). */
static void
as_answer(uint8_t *buf, uint8_t rcode)
{
	buf[2] |= 0x80;
	buf[3] = (uint8_t)((buf[3] & 0xf0) | (rcode & 0x0f));
}

/* A transfer whose first answer is \a rcode: the reason it fails with. */
static stats_fail_t
xfr_rcode(uint8_t rcode)
{
	ditto_xfrin_opts_t o = { .origin = origin,
		                 .type = DITTO_XFRIN_AXFR,
		                 .id = 4242,
		                 .edns = true };
	ditto_xfrin_t *x = NULL;
	uint8_t buf[512];
	size_t len = 0;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrin_request(x, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	as_answer(buf, rcode);
	assert_int_equal(ditto_xfrin_consume(x, buf, len, 1), DITTO_XFRIN_FAIL);
	stats_fail_t why =
	        xfrhealth_xfrfail(ditto_xfrin_result(x), ditto_xfrin_status(x));
	ditto_xfrin_destroy(&x);
	return why;
}

static void
test_xfr_rcode(void **state)
{
	(void)state;
	assert_int_equal(xfr_rcode(5), STATS_FAIL_REFUSED); /* REFUSED */
	assert_int_equal(xfr_rcode(9), STATS_FAIL_REFUSED); /* NOTAUTH */
	assert_int_equal(xfr_rcode(2), STATS_FAIL_REFUSED); /* SERVFAIL */
}

/* A transfer the transport aborts with \a reason. */
static stats_fail_t
xfr_abort(ditto_xfrin_type_t type, const char *reason)
{
	ditto_xfrin_opts_t o = { .origin = origin, .type = type, .id = 7 };
	ditto_xfrin_t *x = NULL;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	(void)ditto_xfrin_abort(x, reason, 1);
	stats_fail_t why =
	        xfrhealth_xfrfail(ditto_xfrin_result(x), ditto_xfrin_status(x));
	ditto_xfrin_destroy(&x);
	return why;
}

static void
test_xfr_transport(void **state)
{
	(void)state;
	assert_int_equal(xfr_abort(DITTO_XFRIN_AXFR, "timed out"),
	                 STATS_FAIL_TIMEOUT);
	assert_int_equal(
	        xfr_abort(DITTO_XFRIN_AXFR, "max-transfer-time-in exceeded"),
	        STATS_FAIL_TIMEOUT);
	assert_int_equal(xfr_abort(DITTO_XFRIN_AXFR, "connection reset"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(xfr_abort(DITTO_XFRIN_AXFR, "connection refused"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(xfr_abort(DITTO_XFRIN_AXFR, "end of file"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(xfr_abort(DITTO_XFRIN_AXFR, "host unreachable"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(
	        xfr_abort(DITTO_XFRIN_AXFR, "message of 70000 bytes too large"),
	        STATS_FAIL_BADDATA);
}

static void
test_xfr_baddata(void **state)
{
	(void)state;
	ditto_xfrin_opts_t o = { .origin = origin,
		                 .type = DITTO_XFRIN_AXFR,
		                 .id = 99 };
	ditto_xfrin_t *x = NULL;
	uint8_t junk[20] = { 0, 99, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7 };
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrin_consume(x, junk, sizeof(junk), 1),
	                 DITTO_XFRIN_FAIL);
	assert_int_equal(
	        xfrhealth_xfrfail(ditto_xfrin_result(x), ditto_xfrin_status(x)),
	        STATS_FAIL_BADDATA);
	ditto_xfrin_destroy(&x);
	/* the other results behind a bad transfer */
	assert_int_equal(xfrhealth_xfrfail(DITTO_R_TOOMANY, "too many records"),
	                 STATS_FAIL_BADDATA);
	assert_int_equal(xfrhealth_xfrfail(DITTO_R_NOTZONETOP, "FORMERR"),
	                 STATS_FAIL_BADDATA);
	assert_int_equal(xfrhealth_xfrfail(DITTO_R_SUCCESS, NULL),
	                 STATS_FAIL_OTHER);
}

static ditto_result_t
verify_fails(void *arg, const ditto_msg_t *msg, ditto_err_t *err)
{
	(void)arg;
	(void)msg;
	ditto_err_set(err, "%s", "tsig verify failure (BADSIG)");
	return DITTO_R_TSIG_BADSIG;
}

static void
test_xfr_tsig(void **state)
{
	(void)state;
	ditto_xfr_tsig_t hook = { .verify = verify_fails };
	ditto_xfrin_opts_t o = { .origin = origin,
		                 .type = DITTO_XFRIN_AXFR,
		                 .id = 77,
		                 .tsig = &hook };
	ditto_xfrin_t *x = NULL;
	uint8_t buf[512];
	size_t len = 0;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrin_request(x, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	as_answer(buf, 0);
	assert_int_equal(ditto_xfrin_consume(x, buf, len, 1), DITTO_XFRIN_FAIL);
	assert_int_equal(
	        xfrhealth_xfrfail(ditto_xfrin_result(x), ditto_xfrin_status(x)),
	        STATS_FAIL_TSIG);
	ditto_xfrin_destroy(&x);
	for (ditto_result_t r = DITTO_R_TSIG_BADSIG; r <= DITTO_R_TSIG_ERRORSET;
	     r++) {
		assert_int_equal(xfrhealth_xfrfail(r, "x"), STATS_FAIL_TSIG);
	}
}

/* An SOA query answered with \a rcode and \a flags3 (AA etc. in byte 2). */
static void
soa_answer(uint8_t rcode, bool aa, const ditto_xfr_tsig_t *tsig,
           ditto_soaquery_answer_t *ans)
{
	ditto_soaquery_opts_t o = { .id = 1234, .edns = true };
	uint8_t buf[512];
	size_t len = 0;
	ditto_arena_t arena;
	assert_int_equal(ditto_soaquery_build(origin, DITTO_CLASS_IN, &o, buf,
	                                      sizeof(buf), &len, NULL),
	                 DITTO_R_SUCCESS);
	as_answer(buf, rcode);
	if (aa) {
		buf[2] |= 0x04;
	}
	ditto_arena_init(&arena, 4096);
	(void)ditto_soaquery_parse(buf, len, 1234, origin, DITTO_CLASS_IN, tsig,
	                           true, 5, &arena, ans);
	ditto_arena_clear(&arena);
	assert_int_equal(ans->verdict, DITTO_SOAQUERY_ERROR);
}

static void
test_soa(void **state)
{
	(void)state;
	ditto_soaquery_answer_t ans;
	ditto_xfr_tsig_t hook = { .verify = verify_fails };
	soa_answer(5, true, NULL, &ans);
	assert_int_equal(xfrhealth_soafail(ans.rcode, ans.err.msg),
	                 STATS_FAIL_REFUSED);
	soa_answer(9, true, NULL, &ans);
	assert_int_equal(xfrhealth_soafail(ans.rcode, ans.err.msg),
	                 STATS_FAIL_REFUSED);
	soa_answer(0, false, NULL, &ans); /* non-authoritative answer */
	assert_int_equal(xfrhealth_soafail(ans.rcode, ans.err.msg),
	                 STATS_FAIL_BADDATA);
	soa_answer(0, true, NULL, &ans); /* NODATA */
	assert_int_equal(xfrhealth_soafail(ans.rcode, ans.err.msg),
	                 STATS_FAIL_BADDATA);
	soa_answer(0, true, &hook, &ans);
	assert_int_equal(xfrhealth_soafail(ans.rcode, ans.err.msg),
	                 STATS_FAIL_TSIG);
	/* transport */
	assert_int_equal(xfrhealth_iofail("timed out"), STATS_FAIL_TIMEOUT);
	assert_int_equal(xfrhealth_iofail("connection refused"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(xfrhealth_iofail("network unreachable"),
	                 STATS_FAIL_NETWORK);
	assert_int_equal(xfrhealth_iofail(""), STATS_FAIL_OTHER);
	assert_int_equal(xfrhealth_iofail(NULL), STATS_FAIL_OTHER);
}

/* ---- zone state ---- */

static void
test_state(void **state)
{
	(void)state;
	assert_int_equal(xfrhealth_state(false, false, false), ZMSTATE_OK);
	assert_int_equal(xfrhealth_state(false, true, false),
	                 ZMSTATE_REFRESHING);
	assert_int_equal(xfrhealth_state(false, true, true),
	                 ZMSTATE_REFRESHING);
	assert_int_equal(xfrhealth_state(false, false, true), ZMSTATE_RETRYING);
	assert_int_equal(xfrhealth_state(true, false, true), ZMSTATE_EXPIRED);
	assert_int_equal(xfrhealth_state(true, true, false), ZMSTATE_EXPIRED);
	assert_string_equal(xfrhealth_statename(ZMSTATE_OK), "ok");
	assert_string_equal(xfrhealth_statename(ZMSTATE_REFRESHING),
	                    "refreshing");
	assert_string_equal(xfrhealth_statename(ZMSTATE_RETRYING), "retrying");
	assert_string_equal(xfrhealth_statename(ZMSTATE_EXPIRED), "expired");
}

/* ---- per-primary health ---- */

static void
test_merge(void **state)
{
	(void)state;
	zmprimary_t p;
	xfrprobe_t pr;
	memset(&p, 0, sizeof(p));
	snprintf(p.addr, sizeof(p.addr), "192.0.2.1#53");

	/* a probe that saw nothing changes nothing */
	memset(&pr, 0, sizeof(pr));
	xfrhealth_merge(&p, &pr);
	assert_false(p.reachable);
	assert_int_equal(p.last_ok, 0);

	/* an SOA answer */
	xfrhealth_probe_ok(&pr, 100, true, 7);
	xfrhealth_merge(&p, &pr);
	assert_true(p.reachable);
	assert_true(p.serial_known);
	assert_int_equal(p.serial, 7);
	assert_int_equal(p.last_ok, 100);
	assert_int_equal(p.last_fail, 0);

	/* next job: the primary times out; its serial and last_ok stay */
	memset(&pr, 0, sizeof(pr));
	xfrhealth_probe_fail(&pr, 200, STATS_FAIL_TIMEOUT,
	                     "retry limit for primary 192.0.2.1#53 exceeded");
	xfrhealth_merge(&p, &pr);
	assert_false(p.reachable);
	assert_int_equal(p.serial, 7);
	assert_int_equal(p.last_ok, 100);
	assert_int_equal(p.last_fail, 200);
	assert_int_equal(p.fail_reason, STATS_FAIL_TIMEOUT);
	assert_string_equal(p.last_error,
	                    "retry limit for primary 192.0.2.1#53 exceeded");

	/* an SOA answer (serial 9) then a failed transfer in one job */
	memset(&pr, 0, sizeof(pr));
	xfrhealth_probe_ok(&pr, 300, true, 9);
	xfrhealth_probe_fail(&pr, 301, STATS_FAIL_BADDATA, "bad");
	xfrhealth_merge(&p, &pr);
	assert_false(p.reachable);
	assert_int_equal(p.serial, 9);
	assert_int_equal(p.last_ok, 300);
	assert_int_equal(p.last_fail, 301);
	assert_int_equal(p.fail_reason, STATS_FAIL_BADDATA);

	/* back: reachable, the last failure is kept as history */
	memset(&pr, 0, sizeof(pr));
	xfrhealth_probe_ok(&pr, 400, true, 9);
	xfrhealth_merge(&p, &pr);
	assert_true(p.reachable);
	assert_int_equal(p.last_ok, 400);
	assert_int_equal(p.last_fail, 301);

	/* a long reason is cut, not overflowed */
	char lng[400];
	memset(lng, 'x', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	memset(&pr, 0, sizeof(pr));
	xfrhealth_probe_fail(&pr, 500, STATS_FAIL_NR + 3, lng);
	xfrhealth_merge(&p, &pr);
	assert_int_equal(strlen(p.last_error), ZM_ERRTEXT - 1);
	assert_int_equal(p.fail_reason, STATS_FAIL_OTHER);
}

static void
test_sync(void **state)
{
	(void)state;
	zmprimary_t prim[ZM_MAXPRIMARIES];
	size_t n = 0;
	const char *a[10] = { "192.0.2.1#53", "192.0.2.2#53", "192.0.2.3#53",
		              "192.0.2.4#53", "192.0.2.5#53", "192.0.2.6#53",
		              "192.0.2.7#53", "192.0.2.8#53", "192.0.2.9#53",
		              "192.0.2.10#53" };
	memset(prim, 0xaa, sizeof(prim)); /* garbage beyond n is ignored */
	xfrhealth_sync(prim, &n, a, 2);
	assert_int_equal(n, 2);
	assert_string_equal(prim[0].addr, "192.0.2.1#53");
	assert_string_equal(prim[1].addr, "192.0.2.2#53");
	assert_false(prim[0].reachable);
	prim[0].reachable = true;
	prim[0].last_ok = 10;
	prim[1].last_ok = 20;

	/* the second primary changes, the first keeps its history */
	const char *b[2] = { "192.0.2.1#53", "[2001:db8::1]#5300" };
	xfrhealth_sync(prim, &n, b, 2);
	assert_int_equal(n, 2);
	assert_true(prim[0].reachable);
	assert_int_equal(prim[0].last_ok, 10);
	assert_string_equal(prim[1].addr, "[2001:db8::1]#5300");
	assert_int_equal(prim[1].last_ok, 0);

	/* at most ZM_MAXPRIMARIES are kept */
	xfrhealth_sync(prim, &n, a, 10);
	assert_int_equal(n, ZM_MAXPRIMARIES);
	assert_int_equal(prim[0].last_ok, 10);
	assert_string_equal(prim[ZM_MAXPRIMARIES - 1].addr, "192.0.2.8#53");

	/* fewer primaries: the rest is cleared */
	xfrhealth_sync(prim, &n, a, 1);
	assert_int_equal(n, 1);
	assert_string_equal(prim[1].addr, "");
	assert_int_equal(prim[0].last_ok, 10);
}

static void
test_behind(void **state)
{
	(void)state;
	xfrprobe_t pr[3];
	memset(pr, 0, sizeof(pr));
	/* nobody told a serial: unchanged */
	assert_int_equal(xfrhealth_behind(0, true, 10, pr, 3, 100), 0);
	assert_int_equal(xfrhealth_behind(50, true, 10, pr, 3, 100), 50);
	/* a primary at our serial: current */
	xfrhealth_probe_ok(&pr[0], 100, true, 10);
	assert_int_equal(xfrhealth_behind(50, true, 10, pr, 3, 100), 0);
	/* one primary ahead: behind since now, or since before */
	xfrhealth_probe_ok(&pr[2], 100, true, 11);
	assert_int_equal(xfrhealth_behind(0, true, 10, pr, 3, 100), 100);
	assert_int_equal(xfrhealth_behind(50, true, 10, pr, 3, 100), 50);
	/* caught up */
	assert_int_equal(xfrhealth_behind(50, true, 11, pr, 3, 100), 0);
	/* a primary behind us is not "behind" */
	assert_int_equal(xfrhealth_behind(50, true, 12, pr, 3, 100), 0);
	/* serial arithmetic: 1 is after 4294967295 */
	memset(pr, 0, sizeof(pr));
	xfrhealth_probe_ok(&pr[1], 100, true, 1);
	assert_int_equal(xfrhealth_behind(0, true, 4294967295u, pr, 3, 90), 90);
	/* no data: any serial is newer */
	assert_int_equal(xfrhealth_behind(0, false, 0, pr, 3, 80), 80);
}

/* ---- counting ---- */

static void
test_count(void **state)
{
	(void)state;
	stats_zone_t z;
	memset(&z, 0, sizeof(z));
	xfrhealth_count_af(&z, AF_INET, STATS_ZC_NOTIFYINV4,
	                   STATS_ZC_NOTIFYINV6);
	xfrhealth_count_af(&z, AF_INET6, STATS_ZC_NOTIFYINV4,
	                   STATS_ZC_NOTIFYINV6);
	xfrhealth_count_af(&z, AF_INET6, STATS_ZC_NOTIFYINV4,
	                   STATS_ZC_NOTIFYINV6);
	assert_int_equal(z.c[STATS_ZC_NOTIFYINV4], 1);
	assert_int_equal(z.c[STATS_ZC_NOTIFYINV6], 2);
	xfrhealth_count(&z, STATS_ZC_XFRIN_BYTES, 1000);
	assert_int_equal(z.c[STATS_ZC_XFRIN_BYTES], 1000);
	xfrhealth_count_fail(&z, STATS_FAIL_TSIG);
	xfrhealth_count_fail(&z, STATS_FAIL_NR); /* out of range: other */
	assert_int_equal(z.fail[STATS_FAIL_TSIG], 1);
	assert_int_equal(z.fail[STATS_FAIL_OTHER], 1);
	xfrhealth_observe(&z, 2000);      /* 2 ms */
	xfrhealth_observe(&z, 2000000);   /* 2 s */
	xfrhealth_observe(&z, 999000000); /* beyond the last bound */
	assert_int_equal(z.hist[stats_hist_bucket(0.002)], 1);
	assert_int_equal(z.hist[stats_hist_bucket(2.0)], 1);
	assert_int_equal(z.hist[STATS_HIST_NR], 1);
	assert_int_equal(z.hist_sum_us, 2000 + 2000000 + 999000000);
	/* NULL: nothing, no crash */
	xfrhealth_count(NULL, STATS_ZC_XFRIN_BYTES, 1);
	xfrhealth_count_af(NULL, AF_INET, STATS_ZC_SOAOUTV4, STATS_ZC_SOAOUTV6);
	xfrhealth_count_fail(NULL, STATS_FAIL_TSIG);
	xfrhealth_observe(NULL, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xfr_rcode),
		cmocka_unit_test(test_xfr_transport),
		cmocka_unit_test(test_xfr_baddata),
		cmocka_unit_test(test_xfr_tsig),
		cmocka_unit_test(test_soa),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_sync),
		cmocka_unit_test(test_behind),
		cmocka_unit_test(test_count),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

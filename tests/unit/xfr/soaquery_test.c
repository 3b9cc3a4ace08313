/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/xfr/soaquery.c: the SOA query and its verdicts. */
#include "xfr/soaquery.h"

#include "xfrtest.h"

#define ID 0x4321

static const char *const SOA5 = "@ SOA ns1 hostmaster 5 3600 900 604800 300";

static ditto_soaquery_verdict_t
judge(xt_msg_t *m, bool have, uint32_t ours, ditto_soaquery_answer_t *a)
{
	ditto_arena_t arena;
	ditto_arena_init(&arena, 0);
	ditto_soaquery_verdict_t v = ditto_soaquery_parse(
	        m->buf, m->len, ID, xt_origin, DITTO_CLASS_IN, NULL, have, ours,
	        &arena, a);
	ditto_arena_clear(&arena);
	return v;
}

static void
build(void **state)
{
	(void)state;
	uint8_t buf[512];
	size_t len = 0;
	ditto_msg_t msg;
	ditto_arena_t arena;
	ditto_soaquery_opts_t o = { .id = ID, .edns = true, .expire = true };

	xt_setorigin("example.test.");
	assert_int_equal(ditto_soaquery_build(xt_origin, DITTO_CLASS_IN, &o,
	                                      buf, sizeof(buf), &len, NULL),
	                 DITTO_R_SUCCESS);
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(msg.hdr.id, ID);
	assert_int_equal(msg.hdr.flags, 0); /* no RD */
	assert_int_equal(msg.qtype, DITTO_TYPE_SOA);
	assert_true(msg.has_edns);
	assert_int_equal(msg.edns.udpsize, 1232);
	assert_non_null(ditto_edns_find(&msg.edns, DITTO_EDNS_OPT_EXPIRE));
	ditto_arena_clear(&arena);
	o = (ditto_soaquery_opts_t){ .id = 7 };
	assert_int_equal(ditto_soaquery_build(xt_origin, DITTO_CLASS_IN, &o,
	                                      buf, sizeof(buf), &len, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len, 12 + 14 + 4);
	assert_int_equal(ditto_soaquery_build(xt_origin, DITTO_CLASS_IN, &o,
	                                      buf, 16, &len, NULL),
	                 DITTO_R_NOSPACE);
}

static void
verdicts(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_soaquery_answer_t a;
	const char *const soa[] = { SOA5, NULL };

	xt_setorigin("example.test.");
	xt_answer(m, ID, DITTO_TYPE_SOA, soa);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_NEWER);
	assert_int_equal(a.serial, 5);
	assert_int_equal(a.refresh, 3600);
	assert_int_equal(a.retry, 900);
	assert_int_equal(a.expire, 604800);
	assert_int_equal(a.edns_expire, -1);
	assert_int_equal(judge(m, true, 5, &a), DITTO_SOAQUERY_SAME);
	assert_int_equal(judge(m, true, 6, &a), DITTO_SOAQUERY_OLDER);
	assert_string_equal(a.err.msg, "serial number (5) received from "
	                               "primary < ours (6)");
	/* 2^31 away: undefined, not newer */
	assert_int_equal(judge(m, true, 5 + 0x80000000u, &a),
	                 DITTO_SOAQUERY_OLDER);
	assert_int_equal(judge(m, false, 0, &a), DITTO_SOAQUERY_NEWER);

	/* not authoritative */
	xt_begin(m, ID, 0, 0, DITTO_TYPE_SOA, true);
	xt_rr(m, DITTO_SECTION_ANSWER, SOA5);
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "non-authoritative answer");
	/* rcode */
	xt_begin(m, ID, DITTO_MSG_AA, DITTO_RCODE_REFUSED, DITTO_TYPE_SOA,
	         true);
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "unexpected rcode (REFUSED)");
	assert_int_equal(a.rcode, DITTO_RCODE_REFUSED);
	/* TC */
	xt_begin(m, ID, DITTO_MSG_AA | DITTO_MSG_TC, 0, DITTO_TYPE_SOA, true);
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_TRUNCATED);
	/* referral, NODATA, CNAME, two SOAs */
	xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_SOA, true);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ NS ns1");
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "referral response");
	xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_SOA, true);
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "NODATA response");
	const char *const cn[] = { "@ CNAME elsewhere.example.", NULL };
	xt_answer(m, ID, DITTO_TYPE_SOA, cn);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "CNAME at top of zone");
	xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_SOA, true);
	xt_rr(m, DITTO_SECTION_ANSWER, SOA5);
	xt_rr(m, DITTO_SECTION_ANSWER,
	      "@ SOA ns1 hostmaster 6 3600 900 604800 300");
	xt_end(m);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "answer SOA count (2) != 1");
	/* id and question mismatches, garbage */
	xt_answer(m, ID + 1, DITTO_TYPE_SOA, soa);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	xt_answer(m, ID, DITTO_TYPE_NS, soa);
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(a.err.msg, "question section mismatch");
	m->len = 11;
	assert_int_equal(judge(m, true, 4, &a), DITTO_SOAQUERY_ERROR);
	assert_string_equal(ditto_soaquery_verdictname(DITTO_SOAQUERY_SAME),
	                    "same");
	free(m);
}

static void
edns_expire(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_soaquery_answer_t a;
	ditto_edns_t e;
	uint8_t val[4] = { 0, 0, 0x0e, 0x10 };

	xt_setorigin("example.test.");
	xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_SOA, true);
	ditto_edns_init(&e, 1232);
	assert_int_equal(ditto_edns_addopt(&e, DITTO_EDNS_OPT_EXPIRE, val, 4),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_render_setedns(&m->r, &e), DITTO_R_SUCCESS);
	xt_rr(m, DITTO_SECTION_ANSWER, SOA5);
	xt_end(m);
	assert_int_equal(judge(m, true, 5, &a), DITTO_SOAQUERY_SAME);
	assert_int_equal(a.edns_expire, 3600);
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build),
		cmocka_unit_test(verdicts),
		cmocka_unit_test(edns_expire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

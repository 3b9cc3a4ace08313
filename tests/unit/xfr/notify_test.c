/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/xfr/notify.c: parse, reply, build, parse_reply. */
#include "xfr/notify.h"

#include "xfrtest.h"

static uint8_t soa_rdata[DITTO_RDATA_MAX];
static size_t soa_rdlen;

static void
mksoa(void)
{
	const char *t = "ns1 hostmaster 77 3600 900 604800 300";
	assert_int_equal(ditto_rdata_fromstring(DITTO_TYPE_SOA, DITTO_CLASS_IN,
	                                        t, strlen(t), xt_origin,
	                                        soa_rdata, sizeof(soa_rdata),
	                                        &soa_rdlen, NULL),
	                 DITTO_R_SUCCESS);
}

static void
roundtrip(void **state)
{
	(void)state;
	uint8_t buf[512], rep[512];
	size_t len = 0, replen = 0;
	ditto_arena_t arena;
	ditto_msg_t msg, reply;
	ditto_notify_t n;
	uint16_t rcode = 99;

	xt_setorigin("example.test.");
	mksoa();
	/* what a primary sends */
	assert_int_equal(ditto_notify_build(xt_origin, DITTO_CLASS_IN, 0x77,
	                                    soa_rdata, (uint16_t)soa_rdlen,
	                                    3600, NULL, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(msg.hdr.opcode, DITTO_OPCODE_NOTIFY);
	assert_int_equal(msg.hdr.flags, DITTO_MSG_AA);
	/* what the secondary reads */
	assert_int_equal(ditto_notify_parse(&msg, &n, NULL), DITTO_R_SUCCESS);
	assert_true(ditto_name_equal(n.zone, xt_origin));
	assert_int_equal(n.rclass, DITTO_CLASS_IN);
	assert_true(n.has_serial);
	assert_int_equal(n.serial, 77);
	assert_int_equal(n.id, 0x77);
	/* its answer: as BIND 9.18 answers (QR AA NOTIFY NOERROR) */
	assert_int_equal(ditto_notify_reply(&msg, DITTO_RCODE_NOERROR, NULL,
	                                    rep, sizeof(rep), &replen),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_read16(rep + 2), 0xa400);
	assert_int_equal(ditto_read16(rep + 4), 1);
	assert_int_equal(ditto_read16(rep + 6), 0);
	assert_int_equal(ditto_msg_parse(rep, replen, 0, &arena, &reply, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_notify_parse_reply(&reply, 0x77, xt_origin,
	                                          DITTO_CLASS_IN, NULL, &rcode,
	                                          NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(rcode, DITTO_RCODE_NOERROR);
	assert_int_equal(ditto_notify_parse_reply(&reply, 0x78, xt_origin,
	                                          DITTO_CLASS_IN, NULL, &rcode,
	                                          NULL),
	                 DITTO_R_FORMERR);
	/* NOTAUTH for a zone we do not serve: no AA (BIND: 0xa009) */
	assert_int_equal(ditto_notify_reply(&msg, DITTO_RCODE_NOTAUTH, NULL,
	                                    rep, sizeof(rep), &replen),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_read16(rep + 2), 0xa009);
	/* without the SOA: no serial */
	assert_int_equal(ditto_notify_build(xt_origin, DITTO_CLASS_IN, 1, NULL,
	                                    0, 0, NULL, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_notify_parse(&msg, &n, NULL), DITTO_R_SUCCESS);
	assert_false(n.has_serial);
	ditto_arena_clear(&arena);
}

static void
malformed(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_arena_t arena;
	ditto_msg_t msg;
	ditto_notify_t n;
	ditto_err_t err;

	xt_setorigin("example.test.");
	ditto_arena_init(&arena, 0);
	/* a QUERY is not a NOTIFY */
	xt_begin(m, 1, 0, 0, DITTO_TYPE_SOA, true);
	xt_end(m);
	assert_int_equal(ditto_msg_parse(m->buf, m->len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_notify_parse(&msg, &n, &err), DITTO_R_FORMERR);
	assert_string_equal(err.msg, "opcode is not NOTIFY");
	/* a response (QR) is not a request */
	msg.hdr.opcode = DITTO_OPCODE_NOTIFY;
	assert_int_equal(ditto_notify_parse(&msg, &n, &err), DITTO_R_FORMERR);
	/* question type other than SOA */
	msg.hdr.flags = 0;
	msg.qtype = DITTO_TYPE_A;
	assert_int_equal(ditto_notify_parse(&msg, &n, &err), DITTO_R_FORMERR);
	/* no question */
	msg.has_question = false;
	assert_int_equal(ditto_notify_parse(&msg, &n, &err), DITTO_R_FORMERR);
	ditto_arena_clear(&arena);
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip),
		cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

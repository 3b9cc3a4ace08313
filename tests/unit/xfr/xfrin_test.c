/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/xfr/xfrin.c: AXFR, IXFR, fallbacks, limits, BIND
 * captures. */
#include "tsig/tsigkey.h"
#include "xfr/xfr.h"
#include "xfr/xfrin.h"
#include "xfr/xfrtsig.h"

#include "xfrtest.h"

#define ID 0x1234

static const char *const SOA1 =
        "@ SOA ns1 hostmaster 2026010101 3600 900 604800 300";
static const char *const SOA2 =
        "@ SOA ns1 hostmaster 2026010102 3600 900 604800 300";
static const char *const SOA3 =
        "@ SOA ns1 hostmaster 2026010103 3600 900 604800 300";

static ditto_version_t *base; /* zone_v1.db, serial 2026010101 */
static char *base_dump;       /* its dump before any test */

static int
setup(void **state)
{
	(void)state;
	xt_setorigin("example.test.");
	base = xt_zonefile("zone_v1.db");
	base_dump = xt_dump(base);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ditto_version_detach(&base);
	free(base_dump);
	return 0;
}

/* The base version must never change, whatever a transfer did. */
static void
base_untouched(void)
{
	uint32_t serial = 0;
	assert_true(ditto_version_serial(base, &serial));
	assert_int_equal(serial, 2026010101);
	char *now = xt_dump(base);
	assert_string_equal(now, base_dump);
	free(now);
}

static ditto_xfrin_t *
mk(ditto_xfrin_type_t type, const ditto_xfrin_limits_t *limits, bool diff)
{
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .rclass = DITTO_CLASS_IN,
		                 .type = type,
		                 .base = base,
		                 .id = ID,
		                 .keep_diff = diff,
		                 .start_us = 1000000 };
	if (limits != NULL) {
		o.limits = *limits;
	}
	ditto_xfrin_t *x = NULL;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	return x;
}

/* Feed a TCP stream (2-byte length prefixes); stops at the first result
 * other than MORE. *nmsg gets the number of messages fed. */
static ditto_xfrin_next_t
feed_tcp(ditto_xfrin_t *x, const uint8_t *data, size_t len, unsigned *nmsg)
{
	size_t pos = 0;
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	unsigned n = 0;
	while (pos + 2 <= len && next == DITTO_XFRIN_MORE) {
		size_t l = (size_t)(data[pos] << 8 | data[pos + 1]);
		assert_true(pos + 2 + l <= len);
		n++;
		next = ditto_xfrin_consume(x, data + pos + 2, l,
		                           1000000 + 1000 * n);
		pos += 2 + l;
	}
	if (nmsg != NULL) {
		*nmsg = n;
	}
	return next;
}

static ditto_xfrin_next_t
feed(ditto_xfrin_t *x, xt_msg_t *m)
{
	return ditto_xfrin_consume(x, m->buf, m->len, 2000000);
}

static void
expect_error(ditto_xfrin_t *x, const char *part)
{
	const char *msg = ditto_xfrin_error(x)->msg;
	if (strstr(msg, part) == NULL) {
		fail_msg("error '%s' lacks '%s'", msg, part);
	}
}

static void
same_as_file(ditto_version_t *v, const char *file)
{
	ditto_version_t *want = xt_zonefile(file);
	char *a = xt_dump(v), *b = xt_dump(want);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ditto_version_detach(&want);
}

/* BIND captures ------------------------------------------------------------*/

static void
bind_axfr(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_axfr.tcp", &len);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	unsigned n = 0;
	assert_int_equal(feed_tcp(x, data, len, &n), DITTO_XFRIN_DONE);
	assert_int_equal(n, 2);
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	assert_int_equal(st->messages, 2);
	assert_int_equal(st->records, 15);
	assert_int_equal(st->bytes, 432); /* as BIND logged it */
	assert_int_equal(st->serial, 2026010103);
	assert_true(st->axfr);
	char line[256];
	ditto_xfrin_completed(st, line, sizeof(line));
	assert_string_equal(line, "Transfer completed: 2 messages, 15 records, "
	                          "432 bytes, 0.002 secs (216000 bytes/sec) "
	                          "(serial 2026010103)");
	assert_string_equal(ditto_xfrin_status(x), "success");
	ditto_version_t *v = ditto_xfrin_take(x);
	assert_non_null(v);
	assert_false(ditto_version_writable(v));
	assert_null(ditto_xfrin_take(x));
	same_as_file(v, "zone_v3.db");
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(data);
	base_untouched();
}

static void
bind_ixfr_2steps(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_ixfr_2steps.tcp", &len);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, true);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_DONE);
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	assert_false(st->axfr);
	assert_int_equal(st->steps, 2);
	assert_int_equal(st->messages, 2);
	assert_int_equal(st->serial, 2026010103);
	/* The diff, in RFC 1995 order, SOAs included. */
	assert_int_equal(ditto_xfrin_nsteps(x), 2);
	const ditto_xfrin_step_t *s0 = ditto_xfrin_step(x, 0);
	assert_int_equal(s0->from, 2026010101);
	assert_int_equal(s0->to, 2026010102);
	assert_int_equal(s0->ndel, 3); /* SOA, old A, www A */
	assert_int_equal(s0->nadd, 3); /* SOA, new A, www A */
	assert_int_equal(s0->del[0].type, DITTO_TYPE_SOA);
	assert_int_equal(s0->add[0].type, DITTO_TYPE_SOA);
	const ditto_xfrin_step_t *s1 = ditto_xfrin_step(x, 1);
	assert_int_equal(s1->from, 2026010102);
	assert_int_equal(s1->to, 2026010103);
	assert_int_equal(s1->ndel, 2);
	assert_int_equal(s1->nadd, 3);
	ditto_version_t *v = ditto_xfrin_take(x);
	same_as_file(v, "zone_v3.db");
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(data);
	base_untouched();
}

static void
bind_ixfr_axfrstyle(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_ixfr_axfrstyle.tcp", &len);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, true);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_DONE);
	assert_true(ditto_xfrin_stats(x)->axfr);
	assert_int_equal(ditto_xfrin_nsteps(x), 0);
	ditto_version_t *v = ditto_xfrin_take(x);
	same_as_file(v, "zone_v3.db");
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(data);
	base_untouched();
}

static void
bind_ixfr_uptodate(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_ixfr_uptodate.tcp", &len);
	ditto_version_t *v3 = xt_zonefile("zone_v3.db");
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .type = DITTO_XFRIN_IXFR,
		                 .base = v3,
		                 .id = ID };
	ditto_xfrin_t *x = NULL;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_UPTODATE);
	assert_string_equal(ditto_xfrin_status(x), "up to date");
	assert_null(ditto_xfrin_take(x));
	ditto_xfrin_destroy(&x);
	ditto_version_detach(&v3);
	free(data);
}

/* The one-step capture (2 -> 3) does not apply to serial 1: FALLBACK. */
static void
bind_ixfr_wrong_base(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_ixfr_1step.tcp", &len);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed_tcp(x, data, len, NULL),
	                 DITTO_XFRIN_FALLBACK_AXFR);
	expect_error(x, "start and ending SOA records are different");
	ditto_xfrin_destroy(&x);
	free(data);
	base_untouched();
}

/* Requests -----------------------------------------------------------------*/

static void
request_ixfr(void **state)
{
	(void)state;
	uint8_t buf[512];
	size_t len = 0;
	ditto_arena_t arena;
	ditto_msg_t msg;
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(ditto_xfrin_request(x, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(msg.hdr.id, ID);
	assert_int_equal(msg.hdr.flags & DITTO_MSG_QR, 0);
	assert_int_equal(msg.qtype, DITTO_TYPE_IXFR);
	assert_true(ditto_name_equal(msg.qname, xt_origin));
	assert_int_equal(msg.nrrs[DITTO_SECTION_AUTHORITY], 1);
	const ditto_rr_t *soa = &msg.rrs[DITTO_SECTION_AUTHORITY][0];
	assert_int_equal(soa->type, DITTO_TYPE_SOA);
	assert_int_equal(ditto_read32(soa->rdata + soa->rdlen - 20),
	                 2026010101);
	ditto_arena_clear(&arena);
	ditto_xfrin_destroy(&x);

	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(ditto_xfrin_request(x, buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(msg.qtype, DITTO_TYPE_AXFR);
	assert_int_equal(msg.counts[DITTO_SECTION_AUTHORITY], 0);
	ditto_arena_clear(&arena);
	/* Too small a buffer is an error, not a crash. */
	assert_int_equal(ditto_xfrin_request(x, buf, 20, &len),
	                 DITTO_R_NOSPACE);
	ditto_xfrin_destroy(&x);
}

/* Hand-built streams -------------------------------------------------------*/

static void
axfr_single_message(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = {
		SOA3, "@ NS ns1", "ns1 A 192.0.2.1", "www TXT \"x\"", SOA3, NULL
	};
	xt_answer(m, ID, DITTO_TYPE_AXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_DONE);
	/* finished: more input changes nothing */
	assert_int_equal(feed(x, m), DITTO_XFRIN_DONE);
	ditto_version_t *v = ditto_xfrin_take(x);
	assert_int_equal(ditto_version_records(v), 4);
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
axfr_multi_message(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *recs[] = { SOA3, "@ NS ns1", "ns1 A 192.0.2.1",
		               "a AAAA 2001:db8::1", SOA3 };
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	for (size_t i = 0; i < 5; i++) {
		const char *const one[] = { recs[i], NULL };
		/* later messages without the question, as RFC 5936 allows */
		xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_AXFR, i == 0);
		xt_rr(m, DITTO_SECTION_ANSWER, one[0]);
		xt_end(m);
		assert_int_equal(feed(x, m),
		                 i < 4 ? DITTO_XFRIN_MORE : DITTO_XFRIN_DONE);
	}
	assert_int_equal(ditto_xfrin_stats(x)->messages, 5);
	assert_int_equal(ditto_xfrin_stats(x)->records, 5);
	ditto_version_t *v = ditto_xfrin_take(x);
	assert_int_equal(ditto_version_records(v), 4);
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(m);
}

/* An IXFR of several steps, built by hand, with an add that exists. */
static void
ixfr_incremental(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = {
		SOA3,
		SOA1,
		"old A 192.0.2.99",
		SOA2,
		"x1 A 192.0.2.201",
		SOA2,
		"x1 A 192.0.2.201",
		SOA3,
		"x2 A 192.0.2.202",
		"ns1 A 192.0.2.1", /* already there: no effect */
		SOA3,
		NULL
	};
	xt_answer(m, ID, DITTO_TYPE_IXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, true);
	assert_int_equal(feed(x, m), DITTO_XFRIN_DONE);
	assert_int_equal(ditto_xfrin_nsteps(x), 2);
	ditto_version_t *v = ditto_xfrin_take(x);
	uint32_t serial = 0;
	assert_true(ditto_version_serial(v, &serial));
	assert_int_equal(serial, 2026010103);
	assert_int_equal(ditto_version_records(v),
	                 ditto_version_records(base)); /* -1 +1 -1 +1 */
	char *d = xt_dump(v);
	assert_non_null(strstr(d, "x2.example.test."));
	assert_null(strstr(d, "x1.example.test."));
	assert_null(strstr(d, "old.example.test."));
	free(d);
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

/* Misbehaving primaries ----------------------------------------------------*/

static void
truncated_stream(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_axfr.tcp", &len);
	size_t first = (size_t)(data[0] << 8 | data[1]);
	/* AXFR: the connection closes after the first message */
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(ditto_xfrin_consume(x, data + 2, first, 1),
	                 DITTO_XFRIN_MORE);
	assert_int_equal(ditto_xfrin_abort(x, "connection reset", 2),
	                 DITTO_XFRIN_FAIL);
	assert_string_equal(ditto_xfrin_status(x), "connection reset");
	expect_error(x, "AXFR failed: connection reset after message 1");
	assert_null(ditto_xfrin_take(x));
	ditto_xfrin_destroy(&x);
	free(data);
	/* IXFR: same, but the caller retries with AXFR */
	data = xt_readfile("bind_ixfr_2steps.tcp", &len);
	first = (size_t)(data[0] << 8 | data[1]);
	x = mk(DITTO_XFRIN_IXFR, NULL, true);
	assert_int_equal(ditto_xfrin_consume(x, data + 2, first, 1),
	                 DITTO_XFRIN_MORE);
	assert_int_equal(ditto_xfrin_abort(x, "timed out", 2),
	                 DITTO_XFRIN_FALLBACK_AXFR);
	assert_int_equal(ditto_xfrin_abort(x, "again", 3),
	                 DITTO_XFRIN_FALLBACK_AXFR);
	ditto_xfrin_destroy(&x);
	free(data);
	/* A message cut short is garbage: parse failure */
	data = xt_readfile("bind_axfr.tcp", &len);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(ditto_xfrin_consume(x, data + 2, first - 7, 1),
	                 DITTO_XFRIN_FAIL);
	expect_error(x, "malformed message");
	ditto_xfrin_destroy(&x);
	free(data);
	base_untouched();
}

static void
closing_soa_differs(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = { SOA3, "@ NS ns1", SOA2, NULL };
	xt_answer(m, ID, DITTO_TYPE_AXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "AXFR failed: start and ending SOA records are "
	                "different (serial 2026010103, then 2026010102) at "
	                "message 1 offset ");
	assert_int_equal(ditto_xfrin_result(x), DITTO_R_FORMERR);
	assert_null(ditto_xfrin_take(x));
	ditto_xfrin_destroy(&x);
	/* AXFR-style IXFR: the same, with an AXFR retry */
	xt_answer(m, ID, DITTO_TYPE_IXFR, rrs);
	x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
outside_zone(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = { SOA3, "@ NS ns1",
		                    "evil.example.org. A 192.0.2.66", SOA3,
		                    NULL };
	xt_answer(m, ID, DITTO_TYPE_AXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "record outside the zone 'evil.example.org. A "
	                "192.0.2.66'");
	assert_int_equal(ditto_xfrin_result(x), DITTO_R_NOTZONETOP);
	ditto_xfrin_destroy(&x);
	/* in an IXFR add */
	const char *const ix[] = { SOA2, SOA1,
		                   SOA2, "evil.example.org. A 192.0.2.66",
		                   SOA2, NULL };
	xt_answer(m, ID, DITTO_TYPE_IXFR, ix);
	x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	ditto_xfrin_destroy(&x);
	/* a record of another class */
	const char *const cl[] = { SOA3, "CH @ TXT \"x\"", SOA3, NULL };
	xt_answer(m, ID, DITTO_TYPE_AXFR, cl);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "record of another class");
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
ixfr_delete_missing(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = { SOA2,
		                    SOA1,
		                    "www A 192.0.2.80",
		                    "nothere A 192.0.2.7",
		                    SOA2,
		                    "new A 192.0.2.100",
		                    SOA2,
		                    NULL };
	xt_answer(m, ID, DITTO_TYPE_IXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, true);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	expect_error(x, "IXFR failed: delete of record we do not have "
	                "'nothere.example.test. A 192.0.2.7' at message 1 "
	                "offset ");
	/* the offset points at the record in the message */
	const ditto_err_t *e = ditto_xfrin_error(x);
	assert_true(e->offset > DITTO_MSG_HDRLEN && e->offset < m->len);
	assert_memory_equal(m->buf + e->offset, "\007nothere", 8);
	assert_int_equal(ditto_xfrin_result(x), DITTO_R_NOTFOUND);
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
ixfr_out_of_sync(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	/* second step starts at serial 5, not at 2 */
	const char *const rrs[] = {
		SOA3, SOA1, SOA2, "@ SOA ns1 hostmaster 5 3600 900 604800 300",
		SOA3, SOA3, NULL
	};
	xt_answer(m, ID, DITTO_TYPE_IXFR, rrs);
	ditto_xfrin_t *x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	expect_error(x, "IXFR out of sync: SOA serial 5 where 2026010102 "
	                "was expected");
	ditto_xfrin_destroy(&x);
	/* extra records after the closing SOA */
	const char *const extra[] = { SOA3, "@ NS ns1", SOA3, "a A 192.0.2.1",
		                      NULL };
	xt_answer(m, ID, DITTO_TYPE_AXFR, extra);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "extra data after the closing SOA");
	ditto_xfrin_destroy(&x);
	/* first record not an SOA */
	const char *const nosoa[] = { "@ NS ns1", SOA3, NULL };
	xt_answer(m, ID, DITTO_TYPE_AXFR, nosoa);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "first record is not the zone's SOA");
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

/* An endless stream: one record per message, never the closing SOA. */
static ditto_xfrin_next_t
endless(ditto_xfrin_t *x, unsigned int max)
{
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	char text[64];
	for (unsigned int i = 0; i < max && next == DITTO_XFRIN_MORE; i++) {
		xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_AXFR, true);
		if (i == 0) {
			xt_rr(m, DITTO_SECTION_ANSWER, SOA3);
		}
		snprintf(text, sizeof(text), "h%u A 192.0.2.1", i);
		xt_rr(m, DITTO_SECTION_ANSWER, text);
		snprintf(text, sizeof(text), "h%u A 192.0.2.2", i);
		xt_rr(m, DITTO_SECTION_ANSWER, text);
		xt_end(m);
		next = feed(x, m);
	}
	free(m);
	return next;
}

static void
limits(void **state)
{
	(void)state;
	ditto_xfrin_limits_t l = { .max_messages = 10 };
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, &l, false);
	assert_int_equal(endless(x, 1000), DITTO_XFRIN_FAIL);
	assert_int_equal(ditto_xfrin_stats(x)->messages, 10);
	expect_error(x, "transfer exceeds 10 messages");
	assert_string_equal(ditto_xfrin_status(x), "too many records");
	ditto_xfrin_destroy(&x);

	l = (ditto_xfrin_limits_t){ .max_records = 50 };
	x = mk(DITTO_XFRIN_AXFR, &l, false);
	assert_int_equal(endless(x, 1000), DITTO_XFRIN_FAIL);
	expect_error(x, "zone exceeds max-records");
	ditto_xfrin_destroy(&x);
	/* max-records does not retry with AXFR (as BIND) */
	x = mk(DITTO_XFRIN_IXFR, &l, false);
	xt_msg_t *m = malloc(sizeof(*m));
	const char *big[64 + 5];
	char names[64][32];
	size_t k = 0;
	big[k++] = SOA2;
	big[k++] = SOA1;
	big[k++] = SOA2;
	for (int i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "n%d A 192.0.2.9", i);
		big[k++] = names[i];
	}
	big[k++] = SOA2;
	big[k] = NULL;
	xt_answer(m, ID, DITTO_TYPE_IXFR, big);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	ditto_xfrin_destroy(&x);
	free(m);

	l = (ditto_xfrin_limits_t){ .max_rrs = 100 };
	x = mk(DITTO_XFRIN_AXFR, &l, false);
	assert_int_equal(endless(x, 1000), DITTO_XFRIN_FAIL);
	expect_error(x, "transfer exceeds 100 records");
	assert_int_equal(ditto_xfrin_stats(x)->records, 100);
	ditto_xfrin_destroy(&x);

	l = (ditto_xfrin_limits_t){ .max_bytes = 4096 };
	x = mk(DITTO_XFRIN_AXFR, &l, false);
	assert_int_equal(endless(x, 1000), DITTO_XFRIN_FAIL);
	expect_error(x, "transfer exceeds 4096 bytes");
	assert_true(ditto_xfrin_stats(x)->bytes <= 4096);
	ditto_xfrin_destroy(&x);

	/* the IXFR diff memory is bounded too */
	l = (ditto_xfrin_limits_t){ .max_diff_bytes = 512 };
	x = mk(DITTO_XFRIN_IXFR, &l, true);
	m = malloc(sizeof(*m));
	xt_answer(m, ID, DITTO_TYPE_IXFR, big);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	expect_error(x, "IXFR diff exceeds 512 bytes");
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
garbage(void **state)
{
	(void)state;
	uint8_t junk[300];
	for (size_t i = 0; i < sizeof(junk); i++) {
		junk[i] = (uint8_t)(i * 37 + 11);
	}
	junk[0] = ID >> 8;
	junk[1] = ID & 0xff;
	ditto_xfrin_t *x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(ditto_xfrin_consume(x, junk, sizeof(junk), 5),
	                 DITTO_XFRIN_FAIL);
	expect_error(x, "AXFR failed: malformed message");
	ditto_xfrin_destroy(&x);
	x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(ditto_xfrin_consume(x, junk, 5, 5),
	                 DITTO_XFRIN_FALLBACK_AXFR);
	ditto_xfrin_destroy(&x);
	/* empty message */
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(ditto_xfrin_consume(x, junk, 0, 5), DITTO_XFRIN_FAIL);
	ditto_xfrin_destroy(&x);
	base_untouched();
}

static void
header_checks(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	const char *const rrs[] = { SOA3, SOA3, NULL };
	ditto_xfrin_t *x;

	/* REFUSED: IXFR falls back to AXFR, AXFR fails */
	xt_begin(m, ID, 0, DITTO_RCODE_REFUSED, DITTO_TYPE_IXFR, true);
	xt_end(m);
	x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	assert_string_equal(ditto_xfrin_status(x), "REFUSED");
	expect_error(x, "primary answered REFUSED");
	ditto_xfrin_destroy(&x);
	xt_begin(m, ID, 0, DITTO_RCODE_NOTIMP, DITTO_TYPE_IXFR, true);
	xt_end(m);
	x = mk(DITTO_XFRIN_IXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FALLBACK_AXFR);
	ditto_xfrin_destroy(&x);
	xt_begin(m, ID, 0, DITTO_RCODE_NOTAUTH, DITTO_TYPE_AXFR, true);
	xt_end(m);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	assert_string_equal(ditto_xfrin_status(x), "NOTAUTH");
	ditto_xfrin_destroy(&x);
	/* wrong id */
	xt_answer(m, ID + 1, DITTO_TYPE_AXFR, rrs);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "does not match");
	ditto_xfrin_destroy(&x);
	/* question for another type */
	xt_answer(m, ID, DITTO_TYPE_IXFR, rrs);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "question section mismatch");
	ditto_xfrin_destroy(&x);
	/* TC over TCP */
	xt_begin(m, ID, DITTO_MSG_TC, 0, DITTO_TYPE_AXFR, true);
	xt_rr(m, DITTO_SECTION_ANSWER, SOA3);
	xt_end(m);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	ditto_xfrin_destroy(&x);
	/* an empty first answer */
	xt_begin(m, ID, DITTO_MSG_AA, 0, DITTO_TYPE_AXFR, true);
	xt_end(m);
	x = mk(DITTO_XFRIN_AXFR, NULL, false);
	assert_int_equal(feed(x, m), DITTO_XFRIN_FAIL);
	expect_error(x, "empty answer section");
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

static void
udp_ixfr(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .type = DITTO_XFRIN_IXFR,
		                 .base = base,
		                 .id = ID,
		                 .udp = true };
	ditto_xfrin_t *x = NULL;

	/* TC: retry over TCP */
	xt_begin(m, ID, DITTO_MSG_TC | DITTO_MSG_AA, 0, DITTO_TYPE_IXFR, true);
	xt_end(m);
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed(x, m), DITTO_XFRIN_TCP);
	ditto_xfrin_destroy(&x);
	/* a single newer SOA: the diff did not fit, go TCP (RFC 1995 4) */
	const char *const one[] = { SOA3, NULL };
	xt_answer(m, ID, DITTO_TYPE_IXFR, one);
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed(x, m), DITTO_XFRIN_TCP);
	ditto_xfrin_destroy(&x);
	/* a single SOA with our serial: up to date */
	const char *const same[] = { SOA1, NULL };
	xt_answer(m, ID, DITTO_TYPE_IXFR, same);
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed(x, m), DITTO_XFRIN_UPTODATE);
	ditto_xfrin_destroy(&x);
	/* a complete diff over UDP */
	const char *const diff[] = { SOA2, SOA1, "old A 192.0.2.99",
		                     SOA2, SOA2, NULL };
	xt_answer(m, ID, DITTO_TYPE_IXFR, diff);
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed(x, m), DITTO_XFRIN_DONE);
	ditto_version_t *v = ditto_xfrin_take(x);
	assert_int_equal(ditto_version_records(v),
	                 ditto_version_records(base) - 1);
	ditto_version_detach(&v);
	ditto_xfrin_destroy(&x);
	free(m);
	base_untouched();
}

/* TSIG hook --------------------------------------------------------------*/

typedef struct hookstate {
	unsigned int verified;
	unsigned int fail_at; /* 0: never */
	bool finish_fails;
	bool finished;
} hookstate_t;

static ditto_result_t
hook_verify(void *arg, const ditto_msg_t *msg, ditto_err_t *err)
{
	hookstate_t *h = arg;
	assert_non_null(msg->wire);
	h->verified++;
	if (h->verified == h->fail_at) {
		ditto_err_set(err, "tsig verify failure (BADSIG)");
		return DITTO_R_FAILURE;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
hook_finish(void *arg, ditto_err_t *err)
{
	hookstate_t *h = arg;
	h->finished = true;
	if (h->finish_fails) {
		ditto_err_set(err, "last message not signed");
		return DITTO_R_FAILURE;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
hook_sign(void *arg, uint8_t *buf, size_t size, size_t *len, ditto_err_t *err)
{
	(void)arg;
	(void)err;
	if (*len + 4 > size) {
		return DITTO_R_NOSPACE;
	}
	memcpy(buf + *len, "SIGN", 4); /* a stand-in signature */
	*len += 4;
	return DITTO_R_SUCCESS;
}

static void
tsig_hook(void **state)
{
	(void)state;
	size_t len = 0;
	uint8_t *data = xt_readfile("bind_axfr.tcp", &len);
	hookstate_t h = { 0 };
	ditto_xfr_tsig_t hook = { .sign = hook_sign,
		                  .verify = hook_verify,
		                  .finish = hook_finish,
		                  .arg = &h };
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .type = DITTO_XFRIN_AXFR,
		                 .id = ID,
		                 .tsig = &hook };
	ditto_xfrin_t *x = NULL;
	uint8_t req[512];
	size_t reqlen = 0;

	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrin_request(x, req, sizeof(req), &reqlen),
	                 DITTO_R_SUCCESS);
	assert_memory_equal(req + reqlen - 4, "SIGN", 4);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_DONE);
	assert_int_equal(h.verified, 2);
	assert_true(h.finished);
	ditto_xfrin_destroy(&x);

	h = (hookstate_t){ .fail_at = 2 };
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_FAIL);
	assert_string_equal(ditto_xfrin_status(x), "tsig verify failure");
	expect_error(x, "tsig verify failure (BADSIG) at message 2");
	ditto_xfrin_destroy(&x);

	h = (hookstate_t){ .finish_fails = true };
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(feed_tcp(x, data, len, NULL), DITTO_XFRIN_FAIL);
	expect_error(x, "last message not signed");
	assert_null(ditto_xfrin_take(x));
	ditto_xfrin_destroy(&x);
	free(data);
}

/* lib/tsig through the adapter: the request is signed; an unsigned
 * answer (BIND's capture) fails the transfer. */
static void
tsig_real(void **state)
{
	(void)state;
	ditto_tsigkey_t *key = NULL;
	ditto_tsig_t ctx;
	ditto_xfrtsig_t st;
	ditto_xfr_tsig_t hook;
	uint8_t req[1024];
	size_t reqlen = 0, len = 0;
	ditto_arena_t arena;
	ditto_msg_t msg;

	assert_int_equal(ditto_tsigkey_fromtext("xfr-key.", "hmac-sha256",
	                                        "c2VjcmV0c2VjcmV0c2VjcmV0",
	                                        &key, NULL),
	                 DITTO_R_SUCCESS);
	ditto_tsig_init(&ctx, key);
	ditto_xfrtsig_bind(&st, &ctx, 1700000000, &hook);
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .type = DITTO_XFRIN_IXFR,
		                 .base = base,
		                 .id = ID,
		                 .tsig = &hook };
	ditto_xfrin_t *x = NULL;
	assert_int_equal(ditto_xfrin_create(&o, &x), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrin_request(x, req, sizeof(req), &reqlen),
	                 DITTO_R_SUCCESS);
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_msg_parse(req, reqlen, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_true(msg.has_tsig);
	assert_int_equal(msg.nrrs[DITTO_SECTION_AUTHORITY], 1);
	ditto_arena_clear(&arena);
	uint8_t *data = xt_readfile("bind_ixfr_2steps.tcp", &len);
	assert_int_equal(feed_tcp(x, data, len, NULL),
	                 DITTO_XFRIN_FALLBACK_AXFR);
	assert_string_equal(ditto_xfrin_status(x), "tsig verify failure");
	ditto_xfrin_destroy(&x);
	free(data);
	ditto_tsig_clear(&ctx);
	ditto_tsigkey_destroy(&key);
	base_untouched();
}

/* Log formatting -----------------------------------------------------------*/

static void
log_shapes(void **state)
{
	(void)state;
	char buf[256];
	ditto_xfr_logprefix(xt_origin, DITTO_CLASS_IN, "127.0.0.1#25301", buf,
	                    sizeof(buf));
	assert_string_equal(buf, "transfer of 'example.test/IN' from "
	                         "127.0.0.1#25301: ");
	ditto_xfr_zonetext(ditto_name_root, DITTO_CLASS_IN, buf, sizeof(buf));
	assert_string_equal(buf, "./IN");
	/* BIND 9.18's own lines from the capture run */
	ditto_xfrin_stats_t st = { .messages = 1,
		                   .records = 14,
		                   .bytes = 365,
		                   .start_us = 5000000,
		                   .end_us = 5000400,
		                   .serial = 2026010101 };
	ditto_xfrin_completed(&st, buf, sizeof(buf));
	assert_string_equal(buf, "Transfer completed: 1 messages, 14 records, "
	                         "365 bytes, 0.001 secs (365000 bytes/sec) "
	                         "(serial 2026010101)");
	st = (ditto_xfrin_stats_t){ .messages = 1,
		                    .records = 7,
		                    .bytes = 254,
		                    .start_us = 0,
		                    .end_us = 4900,
		                    .serial = 2026010103 };
	ditto_xfrin_completed(&st, buf, sizeof(buf));
	assert_string_equal(buf, "Transfer completed: 1 messages, 7 records, "
	                         "254 bytes, 0.004 secs (63500 bytes/sec) "
	                         "(serial 2026010103)");
	st.end_us = 12345678;
	ditto_xfrin_completed(&st, buf, sizeof(buf));
	assert_string_equal(buf, "Transfer completed: 1 messages, 7 records, "
	                         "254 bytes, 12.345 secs (20 bytes/sec) "
	                         "(serial 2026010103)");
	assert_string_equal(ditto_xfrin_nextname(DITTO_XFRIN_FALLBACK_AXFR),
	                    "fallback-axfr");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bind_axfr),
		cmocka_unit_test(bind_ixfr_2steps),
		cmocka_unit_test(bind_ixfr_axfrstyle),
		cmocka_unit_test(bind_ixfr_uptodate),
		cmocka_unit_test(bind_ixfr_wrong_base),
		cmocka_unit_test(request_ixfr),
		cmocka_unit_test(axfr_single_message),
		cmocka_unit_test(axfr_multi_message),
		cmocka_unit_test(ixfr_incremental),
		cmocka_unit_test(truncated_stream),
		cmocka_unit_test(closing_soa_differs),
		cmocka_unit_test(outside_zone),
		cmocka_unit_test(ixfr_delete_missing),
		cmocka_unit_test(ixfr_out_of_sync),
		cmocka_unit_test(limits),
		cmocka_unit_test(garbage),
		cmocka_unit_test(header_checks),
		cmocka_unit_test(udp_ixfr),
		cmocka_unit_test(tsig_hook),
		cmocka_unit_test(tsig_real),
		cmocka_unit_test(log_shapes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

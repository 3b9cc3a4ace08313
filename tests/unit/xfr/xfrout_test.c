/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/xfr/xfrout.c: requests, AXFR/IXFR streams, packing. */
#include <time.h>

#include "dns/rcode.h"
#include "util/mem.h"
#include "xfr/xfrin.h"
#include "xfr/xfrout.h"

#include "xfrtest.h"

#define ID 0x4242

static const char zone_text[] =
        "$TTL 3600\n"
        "@ IN SOA ns1.example.test. hostmaster.example.test. 2026010101 "
        "3600 900 604800 300\n"
        "  IN NS ns1.example.test.\n"
        "  IN NS ns2.example.test.\n"
        "  IN MX 10 mail.example.test.\n"
        "  IN NSEC3PARAM 1 0 10 AABBCCDD\n"
        "  IN RRSIG SOA 8 2 3600 20300101000000 20200101000000 12345 "
        "example.test. AAECAwQFBgcICQ==\n"
        "  IN RRSIG NS 8 2 3600 20300101000000 20200101000000 12345 "
        "example.test. AAECAwQFBgcICQ==\n"
        "ns1 IN A 192.0.2.1\n"
        "ns2 IN A 192.0.2.2\n"
        "mail IN A 192.0.2.25\n"
        "www IN A 192.0.2.80\n"
        "www IN AAAA 2001:db8::80\n"
        "WwW2 IN CNAME www\n"
        "*.wild IN TXT \"wild\"\n"
        "txt IN TXT \"hello world\" \"second string\"\n"
        "sub IN NS ns.sub.example.test.\n"
        "sub IN DS 12345 8 2 "
        "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
        "ns.sub IN A 192.0.2.53\n"
        "srv IN SRV 0 5 5060 sip.example.test.\n"
        "ptr IN PTR www.example.test.\n"
        "2vptu5timamqttgl4luu9kg21e0aor3s IN NSEC3 1 0 10 AABBCCDD "
        "2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3T A RRSIG\n"
        "2vptu5timamqttgl4luu9kg21e0aor3s IN RRSIG NSEC3 8 3 3600 "
        "20300101000000 20200101000000 12345 example.test. AAECAwQF\n"
        "h1 A 10.0.0.1\nh2 A 10.0.0.2\nh3 A 10.0.0.3\nh4 A 10.0.0.4\n"
        "h5 A 10.0.0.5\nh6 A 10.0.0.6\nh7 A 10.0.0.7\nh8 A 10.0.0.8\n"
        "h9 A 10.0.0.9\nh10 A 10.0.0.10\nh11 A 10.0.0.11\n"
        "h12 A 10.0.0.12\nh13 A 10.0.0.13\nh14 A 10.0.0.14\n"
        "h15 A 10.0.0.15\nh16 A 10.0.0.16\nh17 A 10.0.0.17\n"
        "h18 A 10.0.0.18\nh19 A 10.0.0.19\nh20 A 10.0.0.20\n"
        "big TXT \"" /* a record longer than a 512-octet message */
        "0123456789012345678901234567890123456789012345678901234567890123"
        "4567890123456789012345678901234567890123456789012345678901234567"
        "890123456789012345678901234567890123456789012345678901234567890"
        "\" \""
        "0123456789012345678901234567890123456789012345678901234567890123"
        "4567890123456789012345678901234567890123456789012345678901234567"
        "890123456789012345678901234567890123456789012345678901234567890"
        "\" \""
        "0123456789012345678901234567890123456789012345678901234567890123"
        "\" \""
        "0123456789012345678901234567890123456789012345678901234567890123"
        "\"\n";

static ditto_version_t *zone;

static int
setup(void **state)
{
	(void)state;
	xt_setorigin("example.test.");
	zone = xt_zone(zone_text);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ditto_version_detach(&zone);
	return 0;
}

/* --- requests --------------------------------------------------------- */

/* A request message: question (qtype), optional authority SOA text. */
static void
mkreq(xt_msg_t *m, uint16_t flags, uint8_t opcode, uint16_t qtype,
      int nquestions)
{
	ditto_msg_header_t hdr = { .id = ID, .flags = flags, .opcode = opcode };
	ditto_render_begin(&m->r, m->buf, sizeof(m->buf), 65535, &hdr);
	for (int i = 0; i < nquestions; i++) {
		assert_int_equal(ditto_render_question(&m->r, xt_origin, qtype,
		                                       DITTO_CLASS_IN),
		                 DITTO_R_SUCCESS);
	}
}

static ditto_result_t
parse_req(xt_msg_t *m, ditto_xfrout_req_t *req, ditto_err_t *err)
{
	ditto_arena_t arena;
	ditto_msg_t msg;
	ditto_arena_init(&arena, 0);
	xt_end(m);
	assert_int_equal(ditto_msg_parse(m->buf, m->len, 0, &arena, &msg, err),
	                 DITTO_R_SUCCESS);
	ditto_result_t r = ditto_xfrout_request(&msg, req, err);
	ditto_arena_clear(&arena);
	return r;
}

static void
request_accept(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_xfrout_req_t req;
	ditto_err_t err;

	mkreq(m, DITTO_MSG_RD, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 1);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_SUCCESS);
	assert_int_equal(req.id, ID);
	assert_int_equal(req.qtype, DITTO_TYPE_AXFR);
	assert_int_equal(req.qclass, DITTO_CLASS_IN);
	assert_int_equal(req.flags, DITTO_MSG_RD);
	assert_false(req.has_serial);
	assert_true(ditto_name_equal(req.qname, xt_origin));

	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ SOA . . 2026010100 0 0 0 0");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_SUCCESS);
	assert_int_equal(req.qtype, DITTO_TYPE_IXFR);
	assert_true(req.has_serial);
	assert_int_equal(req.serial, 2026010100);
	free(m);
}

static void
request_reject(void **state)
{
	(void)state;
	xt_msg_t *m = malloc(sizeof(*m));
	ditto_xfrout_req_t req;
	ditto_err_t err;

	/* a response */
	mkreq(m, DITTO_MSG_QR, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 1);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* another opcode */
	mkreq(m, 0, DITTO_OPCODE_NOTIFY, DITTO_TYPE_AXFR, 1);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* two questions, and none */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 2);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	assert_non_null(strstr(err.msg, "2 questions"));
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 0);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* not a transfer type */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_A, 1);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* an answer record */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 1);
	xt_rr(m, DITTO_SECTION_ANSWER, "@ A 192.0.2.1");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* AXFR with an authority record */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_AXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ SOA . . 1 0 0 0 0");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* IXFR without SOA */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	assert_non_null(strstr(err.msg, "authority"));
	/* IXFR with an NS instead */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ NS ns1");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* IXFR whose SOA is another name's */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "www SOA . . 1 0 0 0 0");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* IXFR with two SOAs */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ SOA . . 1 0 0 0 0");
	xt_rr(m, DITTO_SECTION_AUTHORITY, "@ SOA . . 2 0 0 0 0");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	/* IXFR SOA of another class */
	mkreq(m, 0, DITTO_OPCODE_QUERY, DITTO_TYPE_IXFR, 1);
	xt_rr(m, DITTO_SECTION_AUTHORITY, "CH @ SOA . . 1 0 0 0 0");
	assert_int_equal(parse_req(m, &req, &err), DITTO_R_FORMERR);
	free(m);
}

/* --- streams ---------------------------------------------------------- */

typedef struct stream {
	uint8_t *data; /* TCP framing: 2-octet length, message */
	size_t len;
	unsigned int messages;
	uint64_t answers;
	uint64_t soas;
	unsigned int max_answers; /* most answers in one message */
	size_t max_len;           /* longest message */
	size_t max_multi_len;     /* longest message with 2+ answers */
	uint8_t first_type;       /* not used */
	uint32_t first_serial, last_serial;
	uint16_t first_rtype, last_rtype;
} stream_t;

static uint32_t
rr_serial(const ditto_rr_t *rr)
{
	return ditto_read32(rr->rdata + rr->rdlen - 20);
}

/* Pull the whole stream, parse and check each message. */
static void
pull(ditto_xfrout_t *x, const ditto_xfrout_req_t *req, size_t bufsize,
     stream_t *s)
{
	uint8_t *buf = malloc(65535);
	ditto_arena_t arena;
	ditto_arena_init(&arena, 0);
	memset(s, 0, sizeof(*s));
	s->data = malloc(16 << 20);
	bool last = false;
	for (unsigned int guard = 0; !last; guard++) {
		assert_true(guard < 100000);
		size_t len = 0;
		ditto_msg_t msg;
		ditto_err_t err;
		assert_int_equal(
		        ditto_xfrout_next(x, buf, bufsize, &len, &last),
		        DITTO_R_SUCCESS);
		assert_true(len <= bufsize);
		assert_true(s->len + len + 2 <= (16u << 20));
		s->data[s->len] = (uint8_t)(len >> 8);
		s->data[s->len + 1] = (uint8_t)len;
		memcpy(s->data + s->len + 2, buf, len);
		s->len += len + 2;
		ditto_arena_reset(&arena);
		if (ditto_msg_parse(buf, len, 0, &arena, &msg, &err) !=
		    DITTO_R_SUCCESS) {
			fail_msg("message %u: %s", s->messages, err.msg);
		}
		assert_int_equal(msg.hdr.id, req->id);
		assert_int_equal(msg.hdr.flags, DITTO_MSG_QR | DITTO_MSG_AA);
		assert_int_equal(msg.hdr.rcode, 0);
		/* the question in the first message only, as named */
		assert_int_equal(msg.counts[DITTO_SECTION_QUESTION],
		                 s->messages == 0 ? 1 : 0);
		if (s->messages == 0) {
			assert_int_equal(msg.qtype, req->qtype);
			assert_true(ditto_name_equal(msg.qname, req->qname));
		}
		assert_int_equal(msg.counts[DITTO_SECTION_AUTHORITY], 0);
		uint16_t n = msg.nrrs[DITTO_SECTION_ANSWER];
		assert_true(n > 0);
		for (uint16_t i = 0; i < n; i++) {
			const ditto_rr_t *rr =
			        &msg.rrs[DITTO_SECTION_ANSWER][i];
			assert_int_equal(rr->rclass, DITTO_CLASS_IN);
			if (s->answers == 0) {
				s->first_rtype = rr->type;
				if (rr->type == DITTO_TYPE_SOA) {
					s->first_serial = rr_serial(rr);
				}
			}
			s->last_rtype = rr->type;
			if (rr->type == DITTO_TYPE_SOA) {
				s->last_serial = rr_serial(rr);
				s->soas++;
			}
			s->answers++;
		}
		s->max_answers = n > s->max_answers ? n : s->max_answers;
		s->max_len = len > s->max_len ? len : s->max_len;
		if (n > 1 && len > s->max_multi_len) {
			s->max_multi_len = len;
		}
		s->messages++;
	}
	size_t len = 0;
	assert_int_equal(ditto_xfrout_next(x, buf, bufsize, &len, &last),
	                 DITTO_R_NOMORE);
	ditto_xfrout_stats_t st;
	ditto_xfrout_getstats(x, &st);
	assert_int_equal(st.messages, s->messages);
	assert_int_equal(st.records, s->answers);
	assert_int_equal(st.bytes, s->len - 2 * s->messages);
	ditto_arena_clear(&arena);
	free(buf);
}

/* Feed a pulled stream to the transfer-in state machine: the version it
 * builds must dump exactly as `expect`. */
static void
replay(const stream_t *s, ditto_xfrin_type_t type, ditto_version_t *base,
       const ditto_version_t *expect, bool axfr_shape)
{
	ditto_xfrin_opts_t o = { .origin = xt_origin,
		                 .rclass = DITTO_CLASS_IN,
		                 .type = type,
		                 .base = base,
		                 .id = ID,
		                 .start_us = 1 };
	ditto_xfrin_t *in = NULL;
	assert_int_equal(ditto_xfrin_create(&o, &in), DITTO_R_SUCCESS);
	size_t pos = 0;
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	while (pos + 2 <= s->len && next == DITTO_XFRIN_MORE) {
		size_t l = (size_t)(s->data[pos] << 8 | s->data[pos + 1]);
		next = ditto_xfrin_consume(in, s->data + pos + 2, l, 2);
		pos += 2 + l;
	}
	if (next != DITTO_XFRIN_DONE) {
		fail_msg("xfrin: %s: %s", ditto_xfrin_nextname(next),
		         ditto_xfrin_error(in)->msg);
	}
	assert_int_equal(pos, s->len);
	assert_int_equal(ditto_xfrin_stats(in)->axfr, axfr_shape);
	ditto_version_t *got = ditto_xfrin_take(in);
	char *a = xt_dump(got);
	char *b = xt_dump(expect);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ditto_version_detach(&got);
	ditto_xfrin_destroy(&in);
}

static ditto_xfrout_req_t
axfr_req(uint16_t qtype)
{
	ditto_xfrout_req_t req;
	memset(&req, 0, sizeof(req));
	req.id = ID;
	req.flags = DITTO_MSG_RD;
	req.qtype = qtype;
	req.qclass = DITTO_CLASS_IN;
	ditto_name_copy(req.qname, xt_origin);
	return req;
}

static void
axfr_check(size_t msgsize, bool one_answer, size_t bufsize)
{
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	ditto_xfrout_opts_t opts = { .msgsize = msgsize,
		                     .one_answer = one_answer };
	ditto_xfrout_t *x = NULL;
	stream_t s;
	assert_int_equal(ditto_xfrout_axfr(&req, zone, &opts, NULL, &x),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_serial(x), 2026010101);
	assert_false(ditto_xfrout_incremental(x));
	pull(x, &req, bufsize, &s);
	/* every record once, the SOA twice, first and last */
	assert_int_equal(s.answers, ditto_version_records(zone) + 1);
	assert_int_equal(s.soas, 2);
	assert_int_equal(s.first_rtype, DITTO_TYPE_SOA);
	assert_int_equal(s.last_rtype, DITTO_TYPE_SOA);
	assert_int_equal(s.first_serial, 2026010101);
	assert_int_equal(s.last_serial, 2026010101);
	if (one_answer) {
		assert_int_equal(s.max_answers, 1);
		assert_int_equal(s.messages, s.answers);
	}
	if (msgsize != 0 && msgsize < 65535) {
		assert_true(s.max_multi_len <= msgsize);
	}
	replay(&s, DITTO_XFRIN_AXFR, NULL, zone, true);
	free(s.data);
	ditto_xfrout_destroy(&x);
	assert_null(x);
}

static void
axfr_default(void **state)
{
	(void)state;
	axfr_check(0, false, 65535);
}

static void
axfr_small_messages(void **state)
{
	(void)state;
	axfr_check(512, false, 65535);
	axfr_check(300, false, 65535);
	axfr_check(100, false, 65535);
}

static void
axfr_one_answer(void **state)
{
	(void)state;
	axfr_check(0, true, 65535);
}

/* The first message holds the whole small zone at the default size; a
 * record larger than the soft limit still goes, alone. */
static void
axfr_packing(void **state)
{
	(void)state;
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	ditto_xfrout_t *x = NULL;
	stream_t s;
	assert_int_equal(ditto_xfrout_axfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	pull(x, &req, 65535, &s);
	assert_int_equal(s.messages, 1);
	free(s.data);
	ditto_xfrout_destroy(&x);

	ditto_xfrout_opts_t opts = { .msgsize = 512 };
	assert_int_equal(ditto_xfrout_axfr(&req, zone, &opts, NULL, &x),
	                 DITTO_R_SUCCESS);
	pull(x, &req, 65535, &s);
	assert_true(s.messages > 2);
	assert_true(s.max_len > 512);        /* the big TXT, alone */
	assert_true(s.max_multi_len <= 512); /* the others packed under */
	free(s.data);
	ditto_xfrout_destroy(&x);

	/* a buffer too small for the big record */
	assert_int_equal(ditto_xfrout_axfr(&req, zone, &opts, NULL, &x),
	                 DITTO_R_SUCCESS);
	uint8_t buf[400];
	size_t len;
	bool last = false;
	ditto_result_t r = DITTO_R_SUCCESS;
	for (int i = 0; i < 1000 && r == DITTO_R_SUCCESS && !last; i++) {
		r = ditto_xfrout_next(x, buf, sizeof(buf), &len, &last);
	}
	assert_int_equal(r, DITTO_R_NOSPACE);
	ditto_xfrout_destroy(&x);
}

/* An IXFR answered in full keeps IXFR as the question type. */
static void
axfr_style_ixfr(void **state)
{
	(void)state;
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_IXFR);
	req.has_serial = true;
	req.serial = 1;
	ditto_xfrout_t *x = NULL;
	stream_t s;
	assert_int_equal(ditto_xfrout_axfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	pull(x, &req, 65535, &s);
	assert_int_equal(s.answers, ditto_version_records(zone) + 1);
	free(s.data);
	ditto_xfrout_destroy(&x);
}

static void
no_soa(void **state)
{
	(void)state;
	ditto_version_t *v = NULL;
	ditto_version_create(xt_origin, DITTO_CLASS_IN, &v);
	ditto_version_commit(v);
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	ditto_xfrout_t *x = NULL;
	assert_int_equal(ditto_xfrout_axfr(&req, v, NULL, NULL, &x),
	                 DITTO_R_NOTFOUND);
	assert_null(x);
	assert_int_equal(ditto_xfrout_ixfr(&req, v, NULL, NULL, &x),
	                 DITTO_R_NOTFOUND);
	ditto_version_detach(&v);
}

/* --- IXFR ------------------------------------------------------------- */

/* Records from text lines ("owner TYPE rdata"), in a static pool. */
typedef struct rrlist {
	ditto_rr_t rr[16];
	uint8_t owner[16][DITTO_NAME_MAXWIRE];
	uint8_t rdata[16][512];
	size_t n;
} rrlist_t;

static void
rrlist(rrlist_t *l, const char *const *lines)
{
	l->n = 0;
	for (size_t i = 0; lines[i] != NULL; i++) {
		const char *t = lines[i];
		const char *sp1 = strchr(t, ' ');
		const char *sp2 = strchr(sp1 + 1, ' ');
		uint16_t type = 0;
		size_t rdlen = 0;
		assert_int_equal(ditto_name_fromtext(t, (size_t)(sp1 - t),
		                                     xt_origin, l->owner[i],
		                                     NULL, NULL),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_rrtype_fromtext(sp1 + 1,
		                                       (size_t)(sp2 - sp1 - 1),
		                                       &type),
		                 DITTO_R_SUCCESS);
		assert_int_equal(
		        ditto_rdata_fromstring(type, DITTO_CLASS_IN, sp2 + 1,
		                               strlen(sp2 + 1), xt_origin,
		                               l->rdata[i], 512, &rdlen, NULL),
		        DITTO_R_SUCCESS);
		l->rr[i] = (ditto_rr_t){ .owner = l->owner[i],
			                 .type = type,
			                 .rclass = DITTO_CLASS_IN,
			                 .ttl = 3600,
			                 .rdlen = (uint16_t)rdlen,
			                 .rdata = l->rdata[i] };
		l->n++;
	}
}

#define SOA1 "@ SOA ns1 hostmaster 2026010101 3600 900 604800 300"
#define SOA2 "@ SOA ns1 hostmaster 2026010102 3600 900 604800 300"
#define SOA3 "@ SOA ns1 hostmaster 2026010103 3600 900 604800 300"

static const char *const step1_del[] = { SOA1, "www A 192.0.2.80",
	                                 "h1 A 10.0.0.1", NULL };
static const char *const step1_add[] = { SOA2, "www A 192.0.2.81",
	                                 "new A 192.0.2.99", NULL };
static const char *const step2_del[] = { SOA2, "new A 192.0.2.99", NULL };
static const char *const step2_add[] = { SOA3, "new AAAA 2001:db8::99",
	                                 "new TXT \"x\"", NULL };

/* Apply a step to a version (for the expected result). */
static ditto_version_t *
apply(ditto_version_t *base, const rrlist_t *del, const rrlist_t *add)
{
	ditto_version_t *v = NULL;
	ditto_version_edit(base, &v);
	for (size_t i = 0; i < del->n; i++) {
		assert_int_equal(ditto_version_delrr(v, &del->rr[i]),
		                 DITTO_R_SUCCESS);
	}
	for (size_t i = 0; i < add->n; i++) {
		assert_int_equal(ditto_version_addrr(v, &add->rr[i], 0, NULL),
		                 DITTO_R_SUCCESS);
	}
	ditto_version_commit(v);
	return v;
}

static void
ixfr_two_steps(void **state)
{
	(void)state;
	rrlist_t *l = malloc(4 * sizeof(*l));
	rrlist(&l[0], step1_del);
	rrlist(&l[1], step1_add);
	rrlist(&l[2], step2_del);
	rrlist(&l[3], step2_add);
	ditto_version_t *v2 = apply(zone, &l[0], &l[1]);
	ditto_version_t *v3 = apply(v2, &l[2], &l[3]);
	ditto_journal_step_t st[2] = {
		{ 2026010101, 2026010102, l[0].rr, l[0].n, l[1].rr, l[1].n },
		{ 2026010102, 2026010103, l[2].rr, l[2].n, l[3].rr, l[3].n },
	};
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_IXFR);
	req.has_serial = true;
	req.serial = 2026010101;

	for (int one = 0; one < 2; one++) {
		ditto_xfrout_opts_t opts = { .one_answer = one == 1 };
		ditto_xfrout_t *x = NULL;
		stream_t s;
		assert_int_equal(ditto_xfrout_ixfr(&req, v3, &opts, NULL, &x),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_xfrout_addstep(x, &st[0]),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_xfrout_addstep(x, &st[1]),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_xfrout_steprecords(x), 11);
		assert_true(ditto_xfrout_incremental(x));
		/* the steps are copies: scribble over the originals */
		rrlist_t saved = l[1];
		memset(l[1].rdata, 0xee, sizeof(l[1].rdata));
		pull(x, &req, 65535, &s);
		l[1] = saved;
		/* SOA3, (SOA1 2 dels SOA2 2 adds), (SOA2 1 del SOA3 2 adds),
		 * SOA3 */
		assert_int_equal(s.answers, 1 + 6 + 5 + 1);
		assert_int_equal(s.soas, 6);
		assert_int_equal(s.first_serial, 2026010103);
		assert_int_equal(s.last_serial, 2026010103);
		if (one == 1) {
			assert_int_equal(s.messages, 13);
		} else {
			assert_int_equal(s.messages, 1);
		}
		replay(&s, DITTO_XFRIN_IXFR, zone, v3, false);
		free(s.data);
		ditto_xfrout_destroy(&x);
	}
	ditto_version_detach(&v2);
	ditto_version_detach(&v3);
	free(l);
}

static void
ixfr_single_soa(void **state)
{
	(void)state;
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_IXFR);
	req.has_serial = true;
	uint32_t serials[] = { 2026010101, 2026010200 }; /* same, newer */
	for (size_t i = 0; i < 2; i++) {
		req.serial = serials[i];
		ditto_xfrout_t *x = NULL;
		stream_t s;
		assert_int_equal(ditto_xfrout_ixfr(&req, zone, NULL, NULL, &x),
		                 DITTO_R_SUCCESS);
		assert_false(ditto_xfrout_incremental(x));
		pull(x, &req, 65535, &s);
		assert_int_equal(s.messages, 1);
		assert_int_equal(s.answers, 1);
		assert_int_equal(s.first_serial, 2026010101);
		free(s.data);
		ditto_xfrout_destroy(&x);
	}
}

static void
ixfr_range(void **state)
{
	(void)state;
	rrlist_t *l = malloc(4 * sizeof(*l));
	rrlist(&l[0], step1_del);
	rrlist(&l[1], step1_add);
	rrlist(&l[2], step2_del);
	rrlist(&l[3], step2_add);
	ditto_journal_step_t st1 = { 2026010101, 2026010102, l[0].rr,
		                     l[0].n,     l[1].rr,    l[1].n };
	ditto_journal_step_t st2 = { 2026010102, 2026010103, l[2].rr,
		                     l[2].n,     l[3].rr,    l[3].n };
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_IXFR);
	req.has_serial = true;
	req.serial = 2026010100; /* older than the zone */
	uint8_t buf[512];
	size_t len = 0;
	bool last = false;

	/* no steps for an older client */
	ditto_xfrout_t *x = NULL;
	assert_int_equal(ditto_xfrout_ixfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last),
	                 DITTO_R_RANGE);
	ditto_xfrout_destroy(&x);

	/* a step that does not start at the client's serial */
	assert_int_equal(ditto_xfrout_ixfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_addstep(x, &st1), DITTO_R_RANGE);
	ditto_xfrout_destroy(&x);

	/* steps that do not chain */
	req.serial = 2026010101;
	assert_int_equal(ditto_xfrout_ixfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_addstep(x, &st2), DITTO_R_RANGE);
	assert_int_equal(ditto_xfrout_addstep(x, &st1), DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_addstep(x, &st1), DITTO_R_RANGE);
	/* a chain ending past the version's serial (2026010101) */
	assert_int_equal(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last),
	                 DITTO_R_RANGE);
	ditto_xfrout_destroy(&x);

	/* a step whose first deleted record is not the from-SOA */
	ditto_journal_step_t bad = st1;
	bad.del = l[0].rr + 1;
	bad.ndel = l[0].n - 1;
	assert_int_equal(ditto_xfrout_ixfr(&req, zone, NULL, NULL, &x),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_addstep(x, &bad), DITTO_R_RANGE);
	bad = st1;
	bad.add = l[3].rr; /* SOA3, not SOA2 */
	assert_int_equal(ditto_xfrout_addstep(x, &bad), DITTO_R_RANGE);
	bad = st1;
	bad.nadd = 0;
	assert_int_equal(ditto_xfrout_addstep(x, &bad), DITTO_R_RANGE);
	ditto_xfrout_destroy(&x);
	free(l);
}

/* --- TSIG hook and error responses ------------------------------------ */

typedef struct fake_tsig {
	unsigned int calls;
	size_t reserve;
	size_t msgsize;
	bool fail_at_2;
} fake_tsig_t;

static ditto_result_t
fake_sign(void *arg, uint8_t *buf, size_t size, size_t *len, ditto_err_t *err)
{
	fake_tsig_t *t = arg;
	(void)err;
	t->calls++;
	if (t->fail_at_2 && t->calls == 2) {
		return DITTO_R_TSIG_BADKEY;
	}
	/* the reserve was kept free below the soft limit */
	uint16_t an = ditto_read16(buf + 6);
	if (an > 1) {
		assert_true(*len + t->reserve <= t->msgsize);
	}
	assert_true(*len + t->reserve <= size);
	memset(buf + *len, 0xaa, t->reserve); /* parsers ignore the tail */
	*len += t->reserve;
	return DITTO_R_SUCCESS;
}

static void
tsig_hook(void **state)
{
	(void)state;
	fake_tsig_t ft = { .reserve = 100, .msgsize = 512 };
	ditto_xfr_tsig_t hook = { .sign = fake_sign,
		                  .arg = &ft,
		                  .reserve = 100 };
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	ditto_xfrout_opts_t opts = { .msgsize = 512 };
	ditto_xfrout_t *x = NULL;
	stream_t s;
	assert_int_equal(ditto_xfrout_axfr(&req, zone, &opts, &hook, &x),
	                 DITTO_R_SUCCESS);
	pull(x, &req, 65535, &s);
	assert_int_equal(ft.calls, s.messages);
	assert_true(s.messages > 3);
	assert_true(s.max_multi_len <= 512);
	free(s.data);
	ditto_xfrout_destroy(&x);

	/* the hook's failure is the stream's */
	ft = (fake_tsig_t){ .reserve = 100, .msgsize = 512, .fail_at_2 = true };
	assert_int_equal(ditto_xfrout_axfr(&req, zone, &opts, &hook, &x),
	                 DITTO_R_SUCCESS);
	uint8_t buf[1024];
	size_t len;
	bool last;
	assert_int_equal(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last),
	                 DITTO_R_TSIG_BADKEY);
	ditto_xfrout_destroy(&x);
}

static void
error_response(void **state)
{
	(void)state;
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	uint8_t buf[512];
	size_t len = 0;
	ditto_arena_t arena;
	ditto_msg_t msg;
	ditto_arena_init(&arena, 0);
	assert_int_equal(ditto_xfrout_error(&req, DITTO_RCODE_NOTAUTH, NULL,
	                                    buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_parse(buf, len, 0, &arena, &msg, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(msg.hdr.id, ID);
	/* RD and CD of the request are echoed, as named does */
	assert_int_equal(msg.hdr.flags,
	                 DITTO_MSG_QR |
	                         (req.flags & (DITTO_MSG_RD | DITTO_MSG_CD)));
	assert_int_equal(msg.hdr.rcode, DITTO_RCODE_NOTAUTH);
	assert_int_equal(msg.counts[DITTO_SECTION_QUESTION], 1);
	assert_int_equal(msg.qtype, DITTO_TYPE_AXFR);
	assert_int_equal(msg.counts[DITTO_SECTION_ANSWER], 0);

	fake_tsig_t ft = { .reserve = 50, .msgsize = 512 };
	ditto_xfr_tsig_t hook = { .sign = fake_sign,
		                  .arg = &ft,
		                  .reserve = 50 };
	assert_int_equal(ditto_xfrout_error(&req, DITTO_RCODE_REFUSED, &hook,
	                                    buf, sizeof(buf), &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(len, 12 + 14 + 4 + 50);
	assert_int_equal(ditto_xfrout_error(&req, DITTO_RCODE_REFUSED, &hook,
	                                    buf, 60, &len),
	                 DITTO_R_NOSPACE);
	ditto_arena_clear(&arena);
}

/* --- speed ------------------------------------------------------------ */

/* A zone of n A records, and records/s of an AXFR of it (printed). */
static void
bench(void **state)
{
	(void)state;
	const size_t n = 200000;
	ditto_version_t *v = NULL;
	ditto_version_create(xt_origin, DITTO_CLASS_IN, &v);
	rrlist_t *l = malloc(sizeof(*l));
	static const char *const soa[] = { SOA1, "@ NS ns1", NULL };
	rrlist(l, soa);
	for (size_t i = 0; i < l->n; i++) {
		assert_int_equal(ditto_version_addrr(v, &l->rr[i], 0, NULL),
		                 DITTO_R_SUCCESS);
	}
	for (size_t i = 0; i < n; i++) {
		char text[64];
		uint8_t owner[DITTO_NAME_MAXWIRE];
		uint8_t a[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
			         (uint8_t)i };
		int tl = snprintf(text, sizeof(text), "host%zu", i);
		assert_int_equal(ditto_name_fromtext(text, (size_t)tl,
		                                     xt_origin, owner, NULL,
		                                     NULL),
		                 DITTO_R_SUCCESS);
		ditto_rr_t rr = { .owner = owner,
			          .type = DITTO_TYPE_A,
			          .rclass = DITTO_CLASS_IN,
			          .ttl = 3600,
			          .rdlen = 4,
			          .rdata = a };
		assert_int_equal(ditto_version_addrr(v, &rr, 0, NULL),
		                 DITTO_R_SUCCESS);
	}
	ditto_version_commit(v);
	ditto_xfrout_req_t req = axfr_req(DITTO_TYPE_AXFR);
	uint8_t *buf = malloc(65535);
	struct timespec t0, t1;
	uint64_t records = 0, bytes = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int round = 0; round < 3; round++) {
		ditto_xfrout_t *x = NULL;
		assert_int_equal(ditto_xfrout_axfr(&req, v, NULL, NULL, &x),
		                 DITTO_R_SUCCESS);
		bool last = false;
		while (!last) {
			size_t len;
			assert_int_equal(
			        ditto_xfrout_next(x, buf, 65535, &len, &last),
			        DITTO_R_SUCCESS);
		}
		ditto_xfrout_stats_t st;
		ditto_xfrout_getstats(x, &st);
		assert_int_equal(st.records, n + 3);
		records += st.records;
		bytes += st.bytes;
		ditto_xfrout_destroy(&x);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
	              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("xfrout: %llu records, %llu bytes in %.3f s: "
	              "%.0f records/s\n",
	              (unsigned long long)records, (unsigned long long)bytes,
	              secs, (double)records / secs);
	free(buf);
	free(l);
	ditto_version_detach(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_accept),
		cmocka_unit_test(request_reject),
		cmocka_unit_test(axfr_default),
		cmocka_unit_test(axfr_small_messages),
		cmocka_unit_test(axfr_one_answer),
		cmocka_unit_test(axfr_packing),
		cmocka_unit_test(axfr_style_ixfr),
		cmocka_unit_test(no_soa),
		cmocka_unit_test(ixfr_two_steps),
		cmocka_unit_test(ixfr_single_soa),
		cmocka_unit_test(ixfr_range),
		cmocka_unit_test(tsig_hook),
		cmocka_unit_test(error_response),
		cmocka_unit_test(bench),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

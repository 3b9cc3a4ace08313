/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of message parse (full and query-only), render, EDNS, rcodes.
 * Reference messages were made with dnspython 2.3 (see the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/edns.h"
#include "dns/msg.h"
#include "dns/rcode.h"
#include "dns/render.h"
#include "dns/rrtype.h"

/* make_query("www.example.com.", "A", use_edns=0, want_dnssec=True,
 * payload=1232, options=[COOKIE 0102..08, NSID empty]), id 0x1234 */
static const uint8_t q_edns[] = {
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x03, 0x77, 0x77, 0x77, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
	0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x29,
	0x04, 0xd0, 0x00, 0x00, 0x80, 0x00, 0x00, 0x10, 0x00, 0x0a, 0x00, 0x08,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x03, 0x00, 0x00,
};
/* make_response(q_edns) + AA; answer www A x2, authority example.com NS
 * ns1/ns2, additional ns1 A and AAAA (dnspython compresses) */
static const uint8_t resp[] = {
	0x12, 0x34, 0x85, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x03,
	0x03, 0x77, 0x77, 0x77, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
	0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00,
	0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 0xc0, 0x00, 0x02,
	0x01, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00,
	0x04, 0xc0, 0x00, 0x02, 0x02, 0xc0, 0x10, 0x00, 0x02, 0x00, 0x01, 0x00,
	0x00, 0x0e, 0x10, 0x00, 0x06, 0x03, 0x6e, 0x73, 0x32, 0xc0, 0x10, 0xc0,
	0x10, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x06, 0x03,
	0x6e, 0x73, 0x31, 0xc0, 0x10, 0xc0, 0x5f, 0x00, 0x01, 0x00, 0x01, 0x00,
	0x00, 0x0e, 0x10, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x35, 0xc0, 0x5f, 0x00,
	0x1c, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x10, 0x20, 0x01, 0x0d,
	0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x53, 0x00, 0x00, 0x29, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* make_query("example.com.", "SOA", use_edns=0), id 0x4321, signed with
 * TSIG key "key.example." hmac-sha256 */
static const uint8_t tsig_q[] = {
	0x43, 0x21, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
	0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x6b, 0x65, 0x79, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x00, 0x00, 0xfa, 0x00, 0xff, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x3d, 0x0b, 0x68, 0x6d, 0x61, 0x63, 0x2d, 0x73, 0x68, 0x61,
	0x32, 0x35, 0x36, 0x00, 0x00, 0x00, 0x6b, 0x00, 0xf9, 0xb4, 0x01, 0x2c,
	0x00, 0x20, 0xd5, 0x67, 0xee, 0x4e, 0x3b, 0x66, 0xd8, 0x30, 0x77, 0x5e,
	0x37, 0x78, 0xc6, 0xed, 0x38, 0x7d, 0xe3, 0xf7, 0x54, 0xe0, 0xc3, 0x65,
	0xab, 0xe8, 0xe3, 0xaf, 0x56, 0xd1, 0x48, 0x84, 0x1c, 0x70, 0x43, 0x21,
	0x00, 0x00, 0x00, 0x00,
};
/* AXFR response: SOA NS MX TXT mail/A _sip._tcp/SRV SOA */
static const uint8_t axfr[] = {
	0x75, 0x1b, 0x81, 0x00, 0x00, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
	0x00, 0x00, 0xfc, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00,
	0x00, 0x0e, 0x10, 0x00, 0x27, 0x03, 0x6e, 0x73, 0x31, 0xc0, 0x0c, 0x0a,
	0x68, 0x6f, 0x73, 0x74, 0x6d, 0x61, 0x73, 0x74, 0x65, 0x72, 0xc0, 0x0c,
	0x78, 0xc2, 0x75, 0xf5, 0x00, 0x00, 0x1c, 0x20, 0x00, 0x00, 0x0e, 0x10,
	0x00, 0x12, 0x75, 0x00, 0x00, 0x00, 0x01, 0x2c, 0xc0, 0x0c, 0x00, 0x02,
	0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x02, 0xc0, 0x29, 0xc0, 0x0c,
	0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x09, 0x00, 0x0a,
	0x04, 0x6d, 0x61, 0x69, 0x6c, 0xc0, 0x0c, 0xc0, 0x0c, 0x00, 0x10, 0x00,
	0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x13, 0x0b, 0x76, 0x3d, 0x73, 0x70,
	0x66, 0x31, 0x20, 0x2d, 0x61, 0x6c, 0x6c, 0x06, 0x73, 0x65, 0x63, 0x6f,
	0x6e, 0x64, 0xc0, 0x6c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10,
	0x00, 0x04, 0xc0, 0x00, 0x02, 0x19, 0x04, 0x5f, 0x73, 0x69, 0x70, 0x04,
	0x5f, 0x74, 0x63, 0x70, 0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00,
	0x0e, 0x10, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x05, 0x13, 0xc4, 0x03, 0x73,
	0x69, 0x70, 0xc0, 0x0c, 0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00,
	0x0e, 0x10, 0x00, 0x18, 0xc0, 0x29, 0xc0, 0x2f, 0x78, 0xc2, 0x75, 0xf5,
	0x00, 0x00, 0x1c, 0x20, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x12, 0x75, 0x00,
	0x00, 0x00, 0x01, 0x2c,
};
/* NOTIFY, AA, SOA in the answer section, id 7 */
static const uint8_t notify[] = {
	0x00, 0x07, 0x24, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
	0x00, 0x00, 0x06, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00,
	0x00, 0x0e, 0x10, 0x00, 0x27, 0x03, 0x6e, 0x73, 0x31, 0xc0, 0x0c, 0x0a,
	0x68, 0x6f, 0x73, 0x74, 0x6d, 0x61, 0x73, 0x74, 0x65, 0x72, 0xc0, 0x0c,
	0x78, 0xc2, 0x75, 0xf6, 0x00, 0x00, 0x1c, 0x20, 0x00, 0x00, 0x0e, 0x10,
	0x00, 0x12, 0x75, 0x00, 0x00, 0x00, 0x01, 0x2c,
};
/* UpdateMessage("example.com."): present www A, delete old A, delete
 * gone, add new 300 A 192.0.2.9; id 99 */
static const uint8_t update[] = {
	0x00, 0x63, 0x28, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x03, 0x00,
	0x00, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63,
	0x6f, 0x6d, 0x00, 0x00, 0x06, 0x00, 0x01, 0x03, 0x77, 0x77, 0x77,
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x03, 0x6f, 0x6c, 0x64, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x67, 0x6f, 0x6e, 0x65,
	0xc0, 0x0c, 0x00, 0xff, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x03, 0x6e, 0x65, 0x77, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,
	0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x09,
};

static ditto_arena_t arena;

static int
setup(void **state)
{
	(void)state;
	ditto_arena_init(&arena, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ditto_arena_clear(&arena);
	return 0;
}

/* ---- a tiny message writer for hand-made inputs ---- */

typedef struct wb {
	uint8_t b[4096];
	size_t n;
} wb_t;

static void
w8(wb_t *w, uint8_t v)
{
	w->b[w->n++] = v;
}

static void
w16(wb_t *w, uint16_t v)
{
	w8(w, (uint8_t)(v >> 8));
	w8(w, (uint8_t)v);
}

static void
w32(wb_t *w, uint32_t v)
{
	w16(w, (uint16_t)(v >> 16));
	w16(w, (uint16_t)v);
}

static void
wmem(wb_t *w, const void *p, size_t n)
{
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void
wname(wb_t *w, const char *text)
{
	ditto_name_storage_t n;
	size_t len;
	assert_int_equal(
	        ditto_name_fromtext(text, strlen(text), NULL, n, &len, NULL),
	        DITTO_R_SUCCESS);
	wmem(w, n, len);
}

static void
whdr(wb_t *w, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns,
     uint16_t ar)
{
	w->n = 0;
	w16(w, 0xabcd);
	w16(w, flags);
	w16(w, qd);
	w16(w, an);
	w16(w, ns);
	w16(w, ar);
}

/* owner, type, class, ttl, rdlength as given, then rdata bytes */
static void
wrr(wb_t *w, const char *owner, uint16_t type, uint16_t rclass, uint32_t ttl,
    uint16_t rdlen, const void *rdata, size_t datalen)
{
	wname(w, owner);
	w16(w, type);
	w16(w, rclass);
	w32(w, ttl);
	w16(w, rdlen);
	wmem(w, rdata, datalen);
}

static void
wquestion(wb_t *w, const char *name, uint16_t type)
{
	wname(w, name);
	w16(w, type);
	w16(w, DITTO_CLASS_IN);
}

/* a valid TSIG rdata: hmac-sha256., time, fudge, 4-byte MAC, ids */
static size_t
tsig_rdata(uint8_t *out)
{
	wb_t w = { .n = 0 };
	wname(&w, "hmac-sha256.");
	w16(&w, 0);
	w32(&w, 1700000000);
	w16(&w, 300);
	w16(&w, 4);
	w32(&w, 0xdeadbeef);
	w16(&w, 0xabcd);
	w16(&w, 0);
	w16(&w, 0);
	memcpy(out, w.b, w.n);
	return w.n;
}

static ditto_result_t
parse(const uint8_t *wire, size_t len, ditto_msg_t *m, ditto_err_t *err)
{
	ditto_arena_reset(&arena);
	err->msg[0] = '\0';
	return ditto_msg_parse(wire, len, 0, &arena, m, err);
}

static void
expect_error(const wb_t *w, ditto_result_t want, const char *msgtext,
             size_t offset)
{
	ditto_msg_t m;
	ditto_err_t err;
	ditto_result_t r = parse(w->b, w->n, &m, &err);
	/* DITTO_R_FAILURE: any error will do */
	if (r != want && !(want == DITTO_R_FAILURE && r != DITTO_R_SUCCESS)) {
		fail_msg("got %s (%s), want %s", ditto_result_name(r), err.msg,
		         ditto_result_name(want));
	}
	if (msgtext != NULL && strstr(err.msg, msgtext) == NULL) {
		fail_msg("reason '%s' lacks '%s'", err.msg, msgtext);
	}
	if (offset != (size_t)-1) {
		assert_int_equal(err.offset, offset);
	}
}

static bool
name_is(const uint8_t *name, const char *text)
{
	ditto_name_storage_t n;
	if (ditto_name_fromtext(text, strlen(text), NULL, n, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		return false;
	}
	return ditto_name_equal(name, n);
}

/* ---- parse of reference messages ---- */

static void
check_q_edns(const ditto_msg_t *m)
{
	assert_int_equal(m->hdr.id, 0x1234);
	assert_int_equal(m->hdr.flags, DITTO_MSG_RD);
	assert_int_equal(m->hdr.opcode, DITTO_OPCODE_QUERY);
	assert_int_equal(m->hdr.rcode, 0);
	assert_true(m->has_question);
	assert_true(name_is(m->qname, "www.example.com."));
	assert_int_equal(m->qnamelen, 17);
	assert_int_equal(m->qtype, DITTO_TYPE_A);
	assert_int_equal(m->qclass, DITTO_CLASS_IN);
	assert_int_equal(m->question_end, 33);
	assert_int_equal(m->counts[DITTO_SECTION_ADDITIONAL], 1);
	assert_true(m->has_edns);
	assert_int_equal(m->opt_offset, 33);
	assert_int_equal(m->edns.udpsize, 1232);
	assert_int_equal(m->edns.version, 0);
	assert_int_equal(m->edns.flags, DITTO_EDNS_FLAG_DO);
	assert_int_equal(m->edns.nopts, 2);
	const uint8_t *client, *server;
	size_t slen;
	assert_int_equal(ditto_edns_cookie(&m->edns, &client, &server, &slen),
	                 DITTO_R_SUCCESS);
	assert_memory_equal(client, "\1\2\3\4\5\6\7\10", 8);
	assert_null(server);
	assert_int_equal(slen, 0);
	const ditto_edns_opt_t *nsid =
	        ditto_edns_find(&m->edns, DITTO_EDNS_OPT_NSID);
	assert_non_null(nsid);
	assert_int_equal(nsid->len, 0);
	assert_null(ditto_edns_find(&m->edns, DITTO_EDNS_OPT_PADDING));
	assert_false(m->has_tsig);
	assert_int_equal(m->end, sizeof(q_edns));
}

static void
parse_query_edns(void **state)
{
	(void)state;
	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(q_edns, sizeof(q_edns), &m, &err),
	                 DITTO_R_SUCCESS);
	check_q_edns(&m);
	assert_int_equal(m.nrrs[DITTO_SECTION_QUESTION], 1);
	assert_int_equal(m.nrrs[DITTO_SECTION_ADDITIONAL], 0); /* OPT apart */

	/* the query-only path sees the same, without records */
	ditto_msg_t q;
	assert_int_equal(
	        ditto_msg_parse_query(q_edns, sizeof(q_edns), &q, &err),
	        DITTO_R_SUCCESS);
	check_q_edns(&q);
	assert_null(q.rrs[DITTO_SECTION_QUESTION]);
}

static void
parse_response(void **state)
{
	(void)state;
	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(resp, sizeof(resp), &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.flags,
	                 DITTO_MSG_QR | DITTO_MSG_AA | DITTO_MSG_RD);
	assert_int_equal(m.nrrs[0], 1);
	assert_int_equal(m.nrrs[1], 2);
	assert_int_equal(m.nrrs[2], 2);
	assert_int_equal(m.nrrs[3], 2);
	const ditto_rr_t *a = &m.rrs[DITTO_SECTION_ANSWER][1];
	assert_true(name_is(a->owner, "www.example.com."));
	assert_int_equal(a->type, DITTO_TYPE_A);
	assert_int_equal(a->ttl, 300);
	assert_int_equal(a->rdlen, 4);
	assert_memory_equal(a->rdata, "\xc0\x00\x02\x02", 4);
	/* NS targets come out uncompressed */
	for (int i = 0; i < 2; i++) {
		const ditto_rr_t *ns = &m.rrs[DITTO_SECTION_AUTHORITY][i];
		assert_true(name_is(ns->owner, "example.com."));
		assert_int_equal(ns->type, DITTO_TYPE_NS);
		assert_int_equal(ns->rdlen, 17);
		assert_true(name_is(ns->rdata, "ns1.example.com.") ||
		            name_is(ns->rdata, "ns2.example.com."));
	}
	const ditto_rr_t *aaaa = &m.rrs[DITTO_SECTION_ADDITIONAL][1];
	assert_int_equal(aaaa->type, DITTO_TYPE_AAAA);
	assert_int_equal(aaaa->rdlen, 16);
	assert_true(name_is(aaaa->owner, "ns1.example.com."));
	assert_true(m.has_edns);
}

static void
parse_tsig(void **state)
{
	(void)state;
	ditto_msg_t m, q;
	ditto_err_t err;
	assert_int_equal(parse(tsig_q, sizeof(tsig_q), &m, &err),
	                 DITTO_R_SUCCESS);
	assert_true(m.has_tsig);
	assert_true(m.has_edns);
	assert_int_equal(m.tsig_arcount, 2);
	assert_int_equal(m.nrrs[DITTO_SECTION_ADDITIONAL], 0);
	assert_true(name_is(m.tsig.owner, "key.example."));
	assert_int_equal(m.tsig.type, DITTO_TYPE_TSIG);
	assert_int_equal(m.tsig.rclass, DITTO_CLASS_ANY);
	assert_true(name_is(m.tsig.rdata, "hmac-sha256."));
	assert_int_equal(m.tsig_offset + 13 + 10 + m.tsig.rdlen,
	                 sizeof(tsig_q));
	assert_ptr_equal(m.tsig.rdata, tsig_q + m.tsig_offset + 23);
	assert_true(m.opt_offset < m.tsig_offset);
	assert_int_equal(
	        ditto_msg_parse_query(tsig_q, sizeof(tsig_q), &q, &err),
	        DITTO_R_SUCCESS);
	assert_true(q.has_tsig);
	assert_int_equal(q.tsig_offset, m.tsig_offset);
	assert_int_equal(q.tsig_arcount, 2);
	assert_true(name_is(q.tsig.owner, "key.example."));
}

static void
parse_axfr_notify_update(void **state)
{
	(void)state;
	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(axfr, sizeof(axfr), &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], 7);
	const ditto_rr_t *rr = m.rrs[DITTO_SECTION_ANSWER];
	assert_int_equal(rr[0].type, DITTO_TYPE_SOA);
	assert_int_equal(rr[6].type, DITTO_TYPE_SOA);
	assert_int_equal(rr[0].rdlen, rr[6].rdlen);
	assert_memory_equal(rr[0].rdata, rr[6].rdata, rr[0].rdlen);
	assert_true(name_is(rr[0].rdata, "ns1.example.com."));
	assert_int_equal(rr[5].type, DITTO_TYPE_SRV);
	assert_true(name_is(rr[5].owner, "_sip._tcp.example.com."));
	assert_true(name_is(rr[5].rdata + 6, "sip.example.com."));

	assert_int_equal(parse(notify, sizeof(notify), &m, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.opcode, DITTO_OPCODE_NOTIFY);
	assert_int_equal(m.hdr.flags, DITTO_MSG_AA);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], 1);

	assert_int_equal(parse(update, sizeof(update), &m, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.opcode, DITTO_OPCODE_UPDATE);
	assert_int_equal(m.nrrs[0], 1);
	assert_int_equal(m.nrrs[1], 1);
	assert_int_equal(m.nrrs[2], 3);
	assert_int_equal(m.rrs[1][0].rclass, DITTO_CLASS_ANY);
	assert_int_equal(m.rrs[1][0].rdlen, 0);
	int empty = 0;
	for (int i = 0; i < 3; i++) {
		empty += m.rrs[2][i].rdlen == 0;
	}
	assert_int_equal(empty, 2);
}

/* Two parses are equal in every field that matters. */
static void
assert_same(const ditto_msg_t *a, const ditto_msg_t *b)
{
	assert_int_equal(a->hdr.id, b->hdr.id);
	assert_int_equal(a->hdr.flags, b->hdr.flags);
	assert_int_equal(a->hdr.opcode, b->hdr.opcode);
	assert_int_equal(a->hdr.rcode, b->hdr.rcode);
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		assert_int_equal(a->counts[s], b->counts[s]);
		assert_int_equal(a->nrrs[s], b->nrrs[s]);
		for (unsigned int i = 0; i < a->nrrs[s]; i++) {
			const ditto_rr_t *x = &a->rrs[s][i], *y = &b->rrs[s][i];
			assert_true(ditto_name_equal(x->owner, y->owner));
			assert_int_equal(x->type, y->type);
			assert_int_equal(x->rclass, y->rclass);
			assert_int_equal(x->ttl, y->ttl);
			assert_int_equal(x->rdlen, y->rdlen);
			if (x->rdlen > 0) {
				assert_memory_equal(x->rdata, y->rdata,
				                    x->rdlen);
			}
		}
	}
	assert_int_equal(a->has_edns, b->has_edns);
	if (a->has_edns) {
		assert_int_equal(a->edns.udpsize, b->edns.udpsize);
		assert_int_equal(a->edns.flags, b->edns.flags);
		assert_int_equal(a->edns.version, b->edns.version);
		assert_int_equal(a->edns.nopts, b->edns.nopts);
		assert_int_equal(a->edns.optlen, b->edns.optlen);
	}
	assert_int_equal(a->has_tsig, b->has_tsig);
	if (a->has_tsig) {
		assert_int_equal(a->tsig.rdlen, b->tsig.rdlen);
		assert_memory_equal(a->tsig.rdata, b->tsig.rdata,
		                    a->tsig.rdlen);
	}
}

static void
roundtrip_one(const uint8_t *wire, size_t len)
{
	ditto_arena_t a2;
	ditto_arena_init(&a2, 0);
	ditto_msg_t m1, m2, m3;
	ditto_err_t err;
	static uint8_t out1[65535], out2[65535];
	size_t len1, len2;
	assert_int_equal(parse(wire, len, &m1, &err), DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_towire(&m1, out1, sizeof(out1), &len1),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_parse(out1, len1, 0, &a2, &m2, &err),
	                 DITTO_R_SUCCESS);
	assert_same(&m1, &m2);
	assert_int_equal(ditto_msg_towire(&m2, out2, sizeof(out2), &len2),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len1, len2);
	assert_memory_equal(out1, out2, len1);
	/* never bigger than dnspython's, except that we follow RFC 2782
	 * and do not compress SRV targets */
	assert_true(len1 <= len + 11);
	/* and the query path agrees on header, question, EDNS, TSIG */
	if (m1.counts[0] <= 1) {
		assert_int_equal(ditto_msg_parse_query(out1, len1, &m3, &err),
		                 DITTO_R_SUCCESS);
		assert_int_equal(m3.tsig_offset, m2.tsig_offset);
		assert_int_equal(m3.opt_offset, m2.opt_offset);
		assert_int_equal(m3.qtype, m2.qtype);
	}
	ditto_arena_clear(&a2);
}

static void
roundtrip(void **state)
{
	(void)state;
	roundtrip_one(q_edns, sizeof(q_edns));
	roundtrip_one(resp, sizeof(resp));
	roundtrip_one(tsig_q, sizeof(tsig_q));
	roundtrip_one(axfr, sizeof(axfr));
	roundtrip_one(notify, sizeof(notify));
	roundtrip_one(update, sizeof(update));
}

/* The query-only path skips answer and authority records without
 * decompressing them, but still bounds-checks them. */
static void
query_path_skips(void **state)
{
	(void)state;
	ditto_msg_t q;
	ditto_err_t err;
	assert_int_equal(
	        ditto_msg_parse_query(notify, sizeof(notify), &q, &err),
	        DITTO_R_SUCCESS);
	assert_int_equal(q.hdr.opcode, DITTO_OPCODE_NOTIFY);
	assert_int_equal(q.qtype, DITTO_TYPE_SOA);
	assert_int_equal(q.end, sizeof(notify));
	assert_int_equal(
	        ditto_msg_parse_query(update, sizeof(update), &q, &err),
	        DITTO_R_SUCCESS);
	assert_int_equal(q.end, sizeof(update));

	wb_t w;
	whdr(&w, 0, 1, 1, 0, 0);
	wquestion(&w, "a.", DITTO_TYPE_A);
	w8(&w, 0x81); /* bad label type in an answer owner */
	w8(&w, 'x');
	w8(&w, 0);
	wmem(&w, "\0\1\0\1\0\0\0\0\0\0", 10);
	assert_int_equal(ditto_msg_parse_query(w.b, w.n, &q, &err),
	                 DITTO_R_BADLABELTYPE);
	assert_int_equal(err.offset, 19);
	/* an answer owner of 5 x 63-octet labels: too long */
	whdr(&w, 0, 0, 1, 0, 0);
	for (int l = 0; l < 5; l++) {
		w8(&w, 63);
		for (int i = 0; i < 63; i++) {
			w8(&w, 'a');
		}
	}
	w8(&w, 0);
	wmem(&w, "\0\1\0\1\0\0\0\0\0\0", 10);
	assert_int_equal(ditto_msg_parse_query(w.b, w.n, &q, &err),
	                 DITTO_R_NAMETOOLONG);
	/* rdata past the end */
	whdr(&w, 0, 0, 0, 1, 0);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 9, "\1\2\3\4", 4);
	assert_int_equal(ditto_msg_parse_query(w.b, w.n, &q, &err),
	                 DITTO_R_UNEXPECTEDEND);
	assert_non_null(strstr(err.msg, "record 1 of authority: rdata runs "
	                                "past end at offset 23"));
	/* a short header */
	assert_int_equal(ditto_msg_parse_query(w.b, 5, &q, &err),
	                 DITTO_R_UNEXPECTEDEND);
}

/* ---- malformed input ---- */

static void
bad_header_and_counts(void **state)
{
	(void)state;
	wb_t w;
	whdr(&w, 0, 0, 0, 0, 0);
	w.n = 11;
	expect_error(&w, DITTO_R_UNEXPECTEDEND, "shorter than the header", 0);
	whdr(&w, 0, 1, 0, 0, 0);
	expect_error(&w, DITTO_R_UNEXPECTEDEND, "question count 1", 12);
	/* huge counts are refused before anything is allocated */
	whdr(&w, 0, 0, 65535, 65535, 65535);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 4, "\1\2\3\4", 4);
	ditto_arena_reset(&arena);
	size_t before = arena.total;
	expect_error(&w, DITTO_R_UNEXPECTEDEND, "answer count 65535", 12);
	assert_int_equal(arena.total, before);
	/* an answer count one too high */
	whdr(&w, 0, 1, 2, 0, 0);
	wquestion(&w, "a.", DITTO_TYPE_A);
	wrr(&w, "a.", DITTO_TYPE_A, 1, 0, 4, "\1\2\3\4", 4);
	wrr(&w, "a.", DITTO_TYPE_A, 1, 0, 4, "\1\2\3\4", 4);
	w.n -= 4; /* room for 11-byte minimum, not for this record */
	expect_error(&w, DITTO_R_UNEXPECTEDEND,
	             "record 2 of answer: rdata runs past end at offset 49",
	             49);
	/* record header cut */
	whdr(&w, 0, 0, 1, 0, 0);
	wname(&w, "abcdefghij.");
	w16(&w, 1);
	expect_error(&w, DITTO_R_UNEXPECTEDEND,
	             "record 1 of answer: record header runs past end", 24);
	/* question cut after the name */
	whdr(&w, 0, 1, 0, 0, 0);
	wname(&w, "a.");
	w16(&w, 1);
	expect_error(&w, DITTO_R_UNEXPECTEDEND, "question runs past end", 15);
}

static void
bad_names(void **state)
{
	(void)state;
	wb_t w;
	/* owner is a pointer to itself */
	whdr(&w, 0, 0, 1, 0, 0);
	w16(&w, 0xc00c);
	w16(&w, 1);
	w16(&w, 1);
	w32(&w, 0);
	w16(&w, 0);
	expect_error(&w, DITTO_R_BADPOINTER,
	             "record 1 of answer: owner name: bad compression "
	             "pointer at offset 12",
	             12);
	/* a loop through two pointers in the question */
	whdr(&w, 0, 1, 0, 0, 0);
	w16(&w, 0xc00e);
	w16(&w, 0xc00c);
	w32(&w, 0x00010001);
	expect_error(&w, DITTO_R_BADPOINTER, "record 1 of question", 12);
	/* a forward pointer in the additional section */
	whdr(&w, 0, 0, 0, 0, 1);
	w16(&w, 0xc0ff);
	w32(&w, 0x00010001);
	w32(&w, 0);
	w16(&w, 0);
	expect_error(&w, DITTO_R_BADPOINTER, "record 1 of additional", 12);
	/* label type 0x40 */
	whdr(&w, 0, 1, 0, 0, 0);
	w8(&w, 0x41);
	w8(&w, 'a');
	w8(&w, 0);
	w32(&w, 0x00010001);
	expect_error(&w, DITTO_R_BADLABELTYPE, NULL, 12);
	/* a compressed name in NS rdata pointing forward */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, "a.", DITTO_TYPE_NS, 1, 0, 2, "\xc0\x30", 2);
	expect_error(&w, DITTO_R_FAILURE, "record 1 of answer", 25);
}

static void
bad_rdata(void **state)
{
	(void)state;
	wb_t w;
	/* A with 5 bytes */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 5, "\1\2\3\4\5", 5);
	expect_error(&w, DITTO_R_FORMERR, "record 1 of answer", 23);
	/* A with 3 bytes */
	whdr(&w, 0, 0, 0, 1, 0);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 3, "\1\2\3", 3);
	expect_error(&w, DITTO_R_FORMERR, "record 1 of authority", 23);
	/* rdlength larger than the message */
	whdr(&w, 0, 0, 0, 0, 1);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 400, "\1\2\3\4", 4);
	expect_error(&w, DITTO_R_UNEXPECTEDEND,
	             "record 1 of additional: rdata runs past end at offset "
	             "23",
	             23);
	/* NS whose name runs past RDLENGTH */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, ".", DITTO_TYPE_NS, 1, 0, 3, "\3foo\0", 5);
	w16(&w, 0); /* pad so only the rdlength is wrong */
	{
		ditto_msg_t m;
		ditto_err_t err;
		assert_int_not_equal(parse(w.b, w.n, &m, &err),
		                     DITTO_R_SUCCESS);
		assert_non_null(strstr(err.msg, "record 1 of answer"));
	}
	/* SOA one byte short */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, ".", DITTO_TYPE_SOA, 1, 0, 21,
	    "\0\0\0\0\0\1\0\0\0\2\0\0\0\3\0\0\0\4\0\0\0", 21);
	expect_error(&w, DITTO_R_FORMERR, "record 1 of answer", 23);
	/* class IN with empty rdata is not an UPDATE delete */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, ".", DITTO_TYPE_A, 1, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR, "record 1 of answer", 23);
}

static void
bad_opt_tsig(void **state)
{
	(void)state;
	wb_t w;
	uint8_t td[64];
	size_t tl = tsig_rdata(td);

	/* OPT owner not root */
	whdr(&w, 0, 0, 0, 0, 1);
	wrr(&w, "a.", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR,
	             "record 1 of additional: OPT record owner is not the "
	             "root at offset 12",
	             12);
	/* two OPT */
	whdr(&w, 0, 0, 0, 0, 2);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR,
	             "record 2 of additional: second OPT record at offset 23",
	             23);
	/* OPT in the answer and authority sections */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR, "OPT record outside", 12);
	whdr(&w, 0, 0, 0, 1, 0);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR, "record 1 of authority", 12);
	/* TSIG not last */
	whdr(&w, 0, 0, 0, 0, 2);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)tl, td,
	    tl);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	expect_error(&w, DITTO_R_FORMERR,
	             "record 1 of additional: TSIG record is not the last", 12);
	/* two TSIG */
	whdr(&w, 0, 0, 0, 0, 2);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)tl, td,
	    tl);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)tl, td,
	    tl);
	expect_error(&w, DITTO_R_FORMERR, "TSIG record is not the last", 12);
	/* TSIG in the answer */
	whdr(&w, 0, 0, 1, 0, 0);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)tl, td,
	    tl);
	expect_error(&w, DITTO_R_FORMERR, "TSIG record outside", 12);
	/* TSIG of class IN */
	whdr(&w, 0, 0, 0, 0, 1);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_IN, 0, (uint16_t)tl, td, tl);
	expect_error(&w, DITTO_R_FORMERR, "class is not ANY", 12);
	/* TSIG rdata one byte short, or one byte long */
	whdr(&w, 0, 0, 0, 0, 1);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)(tl - 1),
	    td, tl - 1);
	expect_error(&w, DITTO_R_FORMERR, "malformed TSIG rdata", 25);
	whdr(&w, 0, 0, 0, 0, 1);
	td[tl] = 0;
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)(tl + 1),
	    td, tl + 1);
	expect_error(&w, DITTO_R_FORMERR, "malformed TSIG rdata", 25);
	/* the query path applies the same rules */
	ditto_msg_t q;
	ditto_err_t err;
	whdr(&w, 0, 1, 0, 0, 2);
	wquestion(&w, "a.", DITTO_TYPE_A);
	wrr(&w, "k.", DITTO_TYPE_TSIG, DITTO_CLASS_ANY, 0, (uint16_t)tl, td,
	    tl);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0, 0, "", 0);
	assert_int_equal(ditto_msg_parse_query(w.b, w.n, &q, &err),
	                 DITTO_R_FORMERR);
	whdr(&w, 0, 2, 0, 0, 0);
	wquestion(&w, "a.", DITTO_TYPE_A);
	wquestion(&w, "b.", DITTO_TYPE_A);
	assert_int_equal(ditto_msg_parse_query(w.b, w.n, &q, &err),
	                 DITTO_R_FORMERR);
	/* ...but the full parse takes two questions */
	assert_int_equal(parse(w.b, w.n, &q, &err), DITTO_R_SUCCESS);
	assert_int_equal(q.nrrs[0], 2);
	assert_true(name_is(q.rrs[0][1].owner, "b."));
	assert_true(name_is(q.qname, "a."));
}

static void
trailing_and_tc(void **state)
{
	(void)state;
	ditto_msg_t m;
	ditto_err_t err;
	uint8_t buf[512];
	/* trailing bytes are ignored, as BIND does */
	memcpy(buf, resp, sizeof(resp));
	memset(buf + sizeof(resp), 0xff, 3);
	assert_int_equal(parse(buf, sizeof(resp) + 3, &m, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(m.end, sizeof(resp));
	/* a response cut short: an error, unless TC is set and allowed */
	memcpy(buf, resp, sizeof(resp));
	size_t cut = 100;
	assert_int_not_equal(parse(buf, cut, &m, &err), DITTO_R_SUCCESS);
	ditto_arena_reset(&arena);
	assert_int_not_equal(ditto_msg_parse(buf, cut, DITTO_MSG_PARSE_TCOK,
	                                     &arena, &m, &err),
	                     DITTO_R_SUCCESS);
	buf[2] |= DITTO_MSG_TC >> 8;
	assert_int_not_equal(parse(buf, cut, &m, &err), DITTO_R_SUCCESS);
	ditto_arena_reset(&arena);
	assert_int_equal(ditto_msg_parse(buf, cut, DITTO_MSG_PARSE_TCOK, &arena,
	                                 &m, &err),
	                 DITTO_R_SUCCESS);
	assert_true(m.truncated);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], 2);
	assert_int_equal(m.nrrs[DITTO_SECTION_AUTHORITY], 1);
	assert_int_equal(m.nrrs[DITTO_SECTION_ADDITIONAL], 0);
	assert_true(m.end <= cut);
	assert_false(m.has_edns);
}

/* ---- EDNS ---- */

static ditto_result_t
edns_with(const uint8_t *opts, size_t len, ditto_edns_t *e)
{
	ditto_err_t err;
	return ditto_edns_fromwire(1232, 0, opts, len, 100, e, &err);
}

static void
edns_options(void **state)
{
	(void)state;
	ditto_edns_t e;
	uint8_t o[128];
	/* cookie lengths: 8 ok, 16..40 ok, others OPTERR */
	static const size_t cookie_len[] = { 0, 7, 8, 9, 15, 16, 40, 41 };
	static const bool cookie_ok[] = { false, false, true, false,
		                          false, true,  true, false };
	for (size_t i = 0; i < 8; i++) {
		memset(o, 0x5a, sizeof(o));
		ditto_write16(o, DITTO_EDNS_OPT_COOKIE);
		ditto_write16(o + 2, (uint16_t)cookie_len[i]);
		assert_int_equal(edns_with(o, 4 + cookie_len[i], &e) ==
		                         DITTO_R_SUCCESS,
		                 cookie_ok[i]);
	}
	const uint8_t *c, *s;
	size_t sl;
	ditto_write16(o + 2, 24);
	assert_int_equal(edns_with(o, 28, &e), DITTO_R_SUCCESS);
	assert_int_equal(ditto_edns_cookie(&e, &c, &s, &sl), DITTO_R_SUCCESS);
	assert_ptr_equal(c, o + 4);
	assert_ptr_equal(s, o + 12);
	assert_int_equal(sl, 16);

	/* CLIENT-SUBNET */
	static const struct {
		const char *data;
		size_t len;
		bool ok;
	} ecs[] = {
		{ "\0\1\x18\0\xc0\0\2", 7, true },      /* 192.0.2/24 */
		{ "\0\1\x18\0\xc0\0\2\0", 8, false },   /* 4 bytes for /24 */
		{ "\0\1\x21\0\xc0\0\2\0\0", 9, false }, /* /33 */
		{ "\0\3\x08\0\x0a", 5, false },         /* family 3 */
		{ "\0\1\x17\0\xc0\0\3", 7, false },     /* bits past /23 */
		{ "\0\1\x17\0\xc0\0\2", 7, true },      /* /23 clean */
		{ "\0\2\x30\0\x20\1\x0d\xb8\0\0", 10, true }, /* /48 */
		{ "\0\1\0\0", 4, true },                      /* /0 */
		{ "\0\1\0", 3, false },                       /* short */
		{ "\0\0\0\0", 4, true },  /* family 0 (named takes it) */
		{ "\0\0\1\0", 4, false }, /* family 0 with a prefix */
	};
	for (size_t i = 0; i < sizeof(ecs) / sizeof(ecs[0]); i++) {
		ditto_write16(o, DITTO_EDNS_OPT_CLIENT_SUBNET);
		ditto_write16(o + 2, (uint16_t)ecs[i].len);
		memcpy(o + 4, ecs[i].data, ecs[i].len);
		if ((edns_with(o, 4 + ecs[i].len, &e) == DITTO_R_SUCCESS) !=
		    ecs[i].ok) {
			fail_msg("ECS case %zu", i);
		}
	}
	/* named 9.18's length rules; TCP-KEEPALIVE and PADDING: any length */
	static const struct {
		uint16_t code;
		uint16_t len;
		bool ok;
	} lens[] = {
		{ DITTO_EDNS_OPT_TCP_KEEPALIVE, 1, true },
		{ DITTO_EDNS_OPT_TCP_KEEPALIVE, 3, true },
		{ DITTO_EDNS_OPT_PADDING, 1, true },
		{ DITTO_EDNS_OPT_LLQ, 2, false },
		{ DITTO_EDNS_OPT_LLQ, 18, true },
		{ DITTO_EDNS_OPT_EXPIRE, 0, true },
		{ DITTO_EDNS_OPT_EXPIRE, 2, false },
		{ DITTO_EDNS_OPT_EXPIRE, 4, true },
		{ DITTO_EDNS_OPT_KEY_TAG, 0, false },
		{ DITTO_EDNS_OPT_KEY_TAG, 1, false },
		{ DITTO_EDNS_OPT_KEY_TAG, 4, true },
		{ DITTO_EDNS_OPT_CLIENT_TAG, 1, false },
		{ DITTO_EDNS_OPT_SERVER_TAG, 2, true },
		{ DITTO_EDNS_OPT_EDE, 1, false },
		{ DITTO_EDNS_OPT_EDE, 2, true },
	};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(o, 'a', sizeof(o));
		ditto_write16(o, lens[i].code);
		ditto_write16(o + 2, lens[i].len);
		ditto_result_t r = edns_with(o, 4 + (size_t)lens[i].len, &e);
		if (r != (lens[i].ok ? DITTO_R_SUCCESS : DITTO_R_OPTERR)) {
			fail_msg("length case %zu: %s", i,
			         ditto_result_name(r));
		}
	}
	/* EDE text: UTF-8, no byte order mark */
	static const struct {
		const char *text;
		size_t len;
		bool ok;
	} ede[] = {
		{ "ok", 2, true },
		{ "\xc3\xa9", 2, true },         /* e acute */
		{ "\xf0\x9f\x98\x80", 4, true }, /* U+1F600 */
		{ "\xff\xfe", 2, false },        /* not UTF-8 */
		{ "\xc0\xaf", 2, false },        /* overlong */
		{ "\xed\xa0\x80", 3, false },    /* surrogate */
		{ "\xe2\x82", 2, false },        /* cut */
		{ "\xef\xbb\xbfx", 4, false },   /* BOM */
	};
	for (size_t i = 0; i < sizeof(ede) / sizeof(ede[0]); i++) {
		ditto_write16(o, DITTO_EDNS_OPT_EDE);
		ditto_write16(o + 2, (uint16_t)(2 + ede[i].len));
		ditto_write16(o + 4, 0);
		memcpy(o + 6, ede[i].text, ede[i].len);
		ditto_result_t r = edns_with(o, 6 + ede[i].len, &e);
		if (r != (ede[i].ok ? DITTO_R_SUCCESS : DITTO_R_OPTERR)) {
			fail_msg("EDE case %zu: %s", i, ditto_result_name(r));
		}
	}
	/* an option running past the rdata, a cut option header */
	ditto_write16(o, 65001);
	ditto_write16(o + 2, 10);
	ditto_err_t err;
	assert_int_equal(ditto_edns_fromwire(512, 0, o, 6, 100, &e, &err),
	                 DITTO_R_FORMERR);
	assert_int_equal(err.offset, 100);
	assert_int_equal(edns_with(o, 3, &e), DITTO_R_FORMERR);
	/* more options than kept: counted, first ones kept */
	memset(o, 0, sizeof(o));
	for (int i = 0; i < 20; i++) {
		ditto_write16(o + 4 * i, (uint16_t)(100 + i));
	}
	assert_int_equal(edns_with(o, 80, &e), DITTO_R_SUCCESS);
	assert_int_equal(e.nopts, DITTO_EDNS_MAXOPTS);
	assert_int_equal(e.nopts_seen, 20);
	assert_int_equal(e.opts[15].code, 115);
	/* fields from CLASS and TTL */
	assert_int_equal(
	        ditto_edns_fromwire(4096, 0x01018000, o, 0, 0, &e, &err),
	        DITTO_R_SUCCESS);
	assert_int_equal(e.udpsize, 4096);
	assert_int_equal(e.ext_rcode, 1);
	assert_int_equal(e.version, 1);
	assert_int_equal(e.flags, DITTO_EDNS_FLAG_DO);
	assert_string_equal(ditto_edns_optname(DITTO_EDNS_OPT_COOKIE),
	                    "COOKIE");
	assert_null(ditto_edns_optname(65001));
}

static void
edns_render_roundtrip(void **state)
{
	(void)state;
	ditto_edns_t e, back;
	ditto_edns_init(&e, 1400);
	e.flags = DITTO_EDNS_FLAG_DO;
	e.version = 0;
	assert_int_equal(ditto_edns_addopt(&e, DITTO_EDNS_OPT_NSID,
	                                   (const uint8_t *)"ns1", 3),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_edns_addopt(&e, DITTO_EDNS_OPT_PADDING, NULL, 0),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_edns_wirelen(&e), 11 + 7 + 4);
	uint8_t buf[64];
	ditto_buf_t b;
	ditto_buf_init(&b, buf, sizeof(buf));
	assert_int_equal(ditto_edns_towire(&e, &b), DITTO_R_SUCCESS);
	assert_int_equal(b.pos, 22);
	assert_int_equal(buf[0], 0);
	assert_int_equal(ditto_read16(buf + 1), DITTO_TYPE_OPT);
	ditto_err_t err;
	assert_int_equal(ditto_edns_fromwire(ditto_read16(buf + 3),
	                                     ditto_read32(buf + 5), buf + 11,
	                                     ditto_read16(buf + 9), 11, &back,
	                                     &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(back.udpsize, 1400);
	assert_int_equal(back.flags, DITTO_EDNS_FLAG_DO);
	assert_int_equal(back.nopts, 2);
	assert_memory_equal(back.opts[0].data, "ns1", 3);
	/* no room */
	ditto_buf_init(&b, buf, 21);
	assert_int_equal(ditto_edns_towire(&e, &b), DITTO_R_NOSPACE);
	/* the list is bounded */
	for (int i = 2; i < DITTO_EDNS_MAXOPTS; i++) {
		assert_int_equal(ditto_edns_addopt(&e, 200, NULL, 0),
		                 DITTO_R_SUCCESS);
	}
	assert_int_equal(ditto_edns_addopt(&e, 200, NULL, 0), DITTO_R_NOSPACE);
}

static void
extended_rcode(void **state)
{
	(void)state;
	wb_t w;
	ditto_msg_t m;
	ditto_err_t err;
	/* BADVERS: header rcode 0, OPT extended rcode 1 */
	whdr(&w, DITTO_MSG_QR, 0, 0, 0, 1);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0x01000000, 0, "", 0);
	assert_int_equal(parse(w.b, w.n, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.rcode, DITTO_RCODE_BADVERS);
	/* BADCOOKIE = 23: header 7, extended 1 */
	whdr(&w, DITTO_MSG_QR | 7, 0, 0, 0, 1);
	wrr(&w, ".", DITTO_TYPE_OPT, 1232, 0x01000000, 0, "", 0);
	assert_int_equal(parse(w.b, w.n, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.rcode, DITTO_RCODE_BADCOOKIE);
	/* EDNS version 1 parses; the server answers BADVERS */
	whdr(&w, 0, 0, 0, 0, 1);
	wrr(&w, ".", DITTO_TYPE_OPT, 512, 0x00010000, 0, "", 0);
	assert_int_equal(parse(w.b, w.n, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.edns.version, 1);
	/* opcode and every flag bit */
	whdr(&w, 0xffff & ~0x000f, 0, 0, 0, 0);
	assert_int_equal(parse(w.b, w.n, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.opcode, 15);
	assert_int_equal(m.hdr.flags, DITTO_MSG_FLAGMASK);
	assert_int_equal(m.hdr.rcode, 0);
}

/* ---- render ---- */

static uint8_t rbuf[65535];

static ditto_msg_header_t
response_header(uint16_t rcode)
{
	ditto_msg_header_t h = { .id = 0x5555,
		                 .flags = DITTO_MSG_QR | DITTO_MSG_AA,
		                 .opcode = DITTO_OPCODE_QUERY,
		                 .rcode = rcode };
	return h;
}

static void
mkname(const char *text, uint8_t *out)
{
	assert_int_equal(
	        ditto_name_fromtext(text, strlen(text), NULL, out, NULL, NULL),
	        DITTO_R_SUCCESS);
}

static ditto_rr_t
mkrr(const uint8_t *owner, uint16_t type, const void *rdata, uint16_t rdlen)
{
	ditto_rr_t rr = { .owner = owner,
		          .type = type,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = 3600,
		          .rdlen = rdlen,
		          .rdata = rdata };
	return rr;
}

static void
render_basic(void **state)
{
	(void)state;
	ditto_render_t r;
	ditto_msg_header_t h = response_header(0);
	ditto_name_storage_t qn, zone, ns1, ns2;
	mkname("www.example.com.", qn);
	mkname("example.com.", zone);
	mkname("ns1.example.com.", ns1);
	mkname("ns2.example.com.", ns2);
	ditto_edns_t e;
	ditto_edns_init(&e, 1232);
	assert_int_equal(ditto_edns_addopt(&e, DITTO_EDNS_OPT_NSID,
	                                   (const uint8_t *)"x", 1),
	                 DITTO_R_SUCCESS);

	ditto_render_begin(&r, rbuf, sizeof(rbuf), 512, &h);
	assert_int_equal(ditto_render_setedns(&r, &e), DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_render_question(&r, qn, DITTO_TYPE_A, DITTO_CLASS_IN),
	        DITTO_R_SUCCESS);
	ditto_rr_t ans[2] = { mkrr(qn, DITTO_TYPE_A, "\xc0\0\2\1", 4),
		              mkrr(qn, DITTO_TYPE_A, "\xc0\0\2\2", 4) };
	assert_int_equal(ditto_render_rrs(&r, DITTO_SECTION_ANSWER, ans, 2, 0),
	                 DITTO_R_SUCCESS);
	ditto_rr_t auth[2] = { mkrr(zone, DITTO_TYPE_NS, ns1, 17),
		               mkrr(zone, DITTO_TYPE_NS, ns2, 17) };
	assert_int_equal(
	        ditto_render_rrs(&r, DITTO_SECTION_AUTHORITY, auth, 2, 0),
	        DITTO_R_SUCCESS);
	ditto_rr_t glue = mkrr(ns1, DITTO_TYPE_A, "\xc0\0\2\x35", 4);
	assert_int_equal(ditto_render_rr(&r, DITTO_SECTION_ADDITIONAL, &glue,
	                                 DITTO_RENDER_OPTIONAL),
	                 DITTO_R_SUCCESS);
	size_t len;
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	/* 12 + question 21 + answers 2x16 + NS 2x(12+6) + glue 16 + OPT 16 */
	assert_int_equal(len, 12 + 21 + 32 + 36 + 16 + 16);

	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.id, 0x5555);
	assert_int_equal(m.hdr.flags, DITTO_MSG_QR | DITTO_MSG_AA);
	assert_int_equal(m.counts[DITTO_SECTION_ADDITIONAL], 2);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], 2);
	assert_int_equal(m.nrrs[DITTO_SECTION_AUTHORITY], 2);
	assert_true(name_is(m.rrs[2][1].rdata, "ns2.example.com."));
	assert_true(m.has_edns);
	assert_int_equal(m.edns.udpsize, 1232);
	assert_memory_equal(ditto_edns_find(&m.edns, DITTO_EDNS_OPT_NSID)->data,
	                    "x", 1);
}

/* Add 5-record RRsets until the answer does not fit. */
static void
render_truncation(void **state)
{
	(void)state;
	ditto_render_t r;
	ditto_msg_header_t h = response_header(0);
	ditto_name_storage_t qn;
	mkname("www.example.com.", qn);
	ditto_edns_t e;
	ditto_edns_init(&e, 512);
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 512, &h);
	assert_int_equal(ditto_render_setedns(&r, &e), DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_render_question(&r, qn, DITTO_TYPE_A, DITTO_CLASS_IN),
	        DITTO_R_SUCCESS);
	ditto_name_storage_t owners[40];
	int added = 0;
	ditto_result_t res = DITTO_R_SUCCESS;
	for (int i = 0; i < 40 && res == DITTO_R_SUCCESS; i++) {
		char text[64];
		snprintf(text, sizeof(text), "host%02d.example.com.", i);
		mkname(text, owners[i]);
		ditto_render_begin_rrset(&r, DITTO_SECTION_ANSWER);
		for (uint8_t k = 0; k < 5; k++) {
			uint8_t a[4] = { 192, 0, 2, k };
			ditto_render_add(&r, owners[i], DITTO_TYPE_A,
			                 DITTO_CLASS_IN, 60, a, 4);
		}
		res = ditto_render_end_rrset(&r, 0);
		added += res == DITTO_R_SUCCESS;
	}
	assert_int_equal(res, DITTO_R_TRUNCATED);
	assert_true(added > 0 && added < 40);
	/* closed: nothing more goes in, optional or not */
	ditto_rr_t small = mkrr(qn, DITTO_TYPE_A, "\1\2\3\4", 4);
	assert_int_equal(ditto_render_rr(&r, DITTO_SECTION_ANSWER, &small, 0),
	                 DITTO_R_TRUNCATED);
	assert_int_equal(ditto_render_rr(&r, DITTO_SECTION_ADDITIONAL, &small,
	                                 DITTO_RENDER_OPTIONAL),
	                 DITTO_R_TRUNCATED);
	size_t len;
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	assert_true(len <= 512);
	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_true((m.hdr.flags & DITTO_MSG_TC) != 0);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], added * 5);
	assert_true(m.has_edns); /* OPT kept */
	assert_int_equal(m.end, len);
	/* the rolled-back owner must not be a compression target */
	for (int i = 0; i < added * 5; i++) {
		assert_true(ditto_name_equal(m.rrs[1][i].owner, owners[i / 5]));
	}
	/* a minimal truncated answer: the question only, TC set */
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 512, &h);
	assert_int_equal(
	        ditto_render_question(&r, qn, DITTO_TYPE_A, DITTO_CLASS_IN),
	        DITTO_R_SUCCESS);
	ditto_render_truncate(&r);
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	assert_int_equal(len, 12 + 21);
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_true((m.hdr.flags & DITTO_MSG_TC) != 0);
}

static void
render_optional(void **state)
{
	(void)state;
	ditto_render_t r;
	ditto_msg_header_t h = response_header(0);
	ditto_name_storage_t qn;
	mkname("example.com.", qn);
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 200, &h);
	assert_int_equal(
	        ditto_render_question(&r, qn, DITTO_TYPE_TXT, DITTO_CLASS_IN),
	        DITTO_R_SUCCESS);
	uint8_t txt[101];
	txt[0] = 100;
	memset(txt + 1, 't', 100);
	ditto_rr_t t = mkrr(qn, DITTO_TYPE_TXT, txt, sizeof(txt));
	assert_int_equal(ditto_render_rr(&r, DITTO_SECTION_ANSWER, &t, 0),
	                 DITTO_R_SUCCESS);
	/* two more TXT in the additional section: the pair does not fit,
	 * is dropped without TC; a small record still fits */
	ditto_rr_t two[2] = { t, t };
	assert_int_equal(ditto_render_rrs(&r, DITTO_SECTION_ADDITIONAL, two, 2,
	                                  DITTO_RENDER_OPTIONAL),
	                 DITTO_R_NOSPACE);
	ditto_rr_t a = mkrr(qn, DITTO_TYPE_A, "\1\2\3\4", 4);
	assert_int_equal(ditto_render_rr(&r, DITTO_SECTION_ADDITIONAL, &a,
	                                 DITTO_RENDER_OPTIONAL),
	                 DITTO_R_SUCCESS);
	size_t len;
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	ditto_msg_t m;
	ditto_err_t err;
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.flags & DITTO_MSG_TC, 0);
	assert_int_equal(m.nrrs[DITTO_SECTION_ANSWER], 1);
	assert_int_equal(m.nrrs[DITTO_SECTION_ADDITIONAL], 1);
	assert_int_equal(m.rrs[3][0].type, DITTO_TYPE_A);
}

static void
render_rcode_reserve(void **state)
{
	(void)state;
	ditto_render_t r;
	ditto_msg_header_t h = response_header(DITTO_RCODE_BADCOOKIE);
	ditto_edns_t e;
	ditto_edns_init(&e, 1232);
	size_t len;
	ditto_msg_t m;
	ditto_err_t err;
	/* extended rcode goes into OPT */
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 512, &h);
	assert_int_equal(ditto_render_setedns(&r, &e), DITTO_R_SUCCESS);
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	assert_int_equal(rbuf[3] & 0xf, 7);
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(m.hdr.rcode, DITTO_RCODE_BADCOOKIE);
	assert_int_equal(m.edns.ext_rcode, 1);
	/* ... and cannot be sent without it */
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 512, &h);
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_RANGE);
	/* reserved space is kept free until finish */
	h = response_header(0);
	ditto_render_begin(&r, rbuf, sizeof(rbuf), 100, &h);
	assert_int_equal(ditto_render_reserve(&r, 89), DITTO_R_NOSPACE);
	assert_int_equal(ditto_render_reserve(&r, 60), DITTO_R_SUCCESS);
	ditto_name_storage_t qn;
	mkname("abcdefghijklmnopqrstuvwxyz.", qn); /* 28 + 4 */
	assert_int_equal(ditto_render_question(&r, qn, DITTO_TYPE_A, 1),
	                 DITTO_R_NOSPACE);
	mkname("abcdefghijklmnopqrstuvwxy.", qn); /* 27 + 4: 12+31 > 40 */
	assert_int_equal(ditto_render_question(&r, qn, DITTO_TYPE_A, 1),
	                 DITTO_R_NOSPACE);
	mkname("abcdefghijklmnopqrstuv.", qn); /* 24 + 4 = 28 = 40 - 12 */
	assert_int_equal(ditto_render_question(&r, qn, DITTO_TYPE_A, 1),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_render_setedns(&r, &e), DITTO_R_NOSPACE);
	assert_int_equal(ditto_render_finish(&r, &len), DITTO_R_SUCCESS);
	assert_int_equal(len, 40);
	assert_int_equal(parse(rbuf, len, &m, &err), DITTO_R_SUCCESS);
	assert_false(m.has_edns);
	assert_true(name_is(m.qname, "abcdefghijklmnopqrstuv."));
}

/* ---- names of rcodes and opcodes ---- */

static void
rcode_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"NOERROR", "FORMERR",   "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN",  "YXRRSET",  "NXRRSET",  "NOTAUTH",
		"NOTZONE", "DSOTYPENI", NULL,       NULL,       NULL,
		NULL,      "BADVERS",   "BADKEY",   "BADTIME",  "BADMODE",
		"BADNAME", "BADALG",    "BADTRUNC", "BADCOOKIE"
	};
	char buf[16];
	for (uint16_t i = 0; i < 24; i++) {
		uint16_t back;
		assert_int_equal(ditto_rcode_totext(i, buf, sizeof(buf)),
		                 DITTO_R_SUCCESS);
		if (names[i] != NULL) {
			assert_string_equal(buf, names[i]);
			assert_string_equal(ditto_rcode_name(i), names[i]);
		} else {
			assert_null(ditto_rcode_name(i));
		}
		assert_int_equal(ditto_rcode_fromtext(buf, strlen(buf), &back),
		                 DITTO_R_SUCCESS);
		assert_int_equal(back, i);
	}
	uint16_t rc;
	assert_int_equal(ditto_rcode_fromtext("BADSIG", 6, &rc),
	                 DITTO_R_SUCCESS);
	assert_int_equal(rc, 16);
	assert_string_equal(ditto_rcode_tsigname(16), "BADSIG");
	assert_string_equal(ditto_rcode_tsigname(18), "BADTIME");
	assert_int_equal(ditto_rcode_fromtext("nxDomain", 8, &rc),
	                 DITTO_R_SUCCESS);
	assert_int_equal(rc, 3);
	assert_int_equal(ditto_rcode_fromtext("4095", 4, &rc), DITTO_R_SUCCESS);
	assert_int_equal(ditto_rcode_fromtext("4096", 4, &rc), DITTO_R_SYNTAX);
	assert_int_equal(ditto_rcode_fromtext("", 0, &rc), DITTO_R_SYNTAX);
	assert_int_equal(ditto_rcode_fromtext("NXDOMAINX", 9, &rc),
	                 DITTO_R_SYNTAX);
	assert_int_equal(ditto_rcode_fromtext("NXDOMAIN", 7, &rc),
	                 DITTO_R_SYNTAX);
	assert_int_equal(ditto_rcode_totext(3, buf, 8), DITTO_R_NOSPACE);

	uint8_t op;
	assert_int_equal(ditto_rcode_opcodefromtext("notify", 6, &op),
	                 DITTO_R_SUCCESS);
	assert_int_equal(op, DITTO_OPCODE_NOTIFY);
	assert_int_equal(ditto_rcode_opcodefromtext("UPDATE", 6, &op),
	                 DITTO_R_SUCCESS);
	assert_int_equal(op, 5);
	assert_int_equal(ditto_rcode_opcodefromtext("15", 2, &op),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_rcode_opcodefromtext("16", 2, &op),
	                 DITTO_R_SYNTAX);
	assert_int_equal(ditto_rcode_opcodetotext(3, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "3");
	assert_string_equal(ditto_rcode_opcodename(0), "QUERY");
	assert_null(ditto_rcode_opcodename(3));
}

static void
totext(void **state)
{
	(void)state;
	ditto_msg_t m;
	ditto_err_t err;
	static char text[8192];
	size_t len;
	assert_int_equal(parse(resp, sizeof(resp), &m, &err), DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_totext(&m, text, sizeof(text), &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, ";; ->>HEADER<<- opcode: QUERY, status: "
	                             "NOERROR, id: 4660\n"));
	assert_non_null(strstr(text, ";; flags: qr aa rd; QUERY: 1, ANSWER: "
	                             "2, AUTHORITY: 2, ADDITIONAL: 3\n"));
	assert_non_null(strstr(text, "; EDNS: version: 0, flags:; udp: "
	                             "8192\n"));
	assert_non_null(strstr(text, ";www.example.com.\t\tIN\tA\n"));
	assert_non_null(
	        strstr(text, "www.example.com.\t300\tIN\tA\t192.0.2.1\n"));
	assert_non_null(strstr(text, "example.com.\t3600\tIN\tNS\tns1."
	                             "example.com.\n"));
	assert_int_equal(ditto_msg_totext(&m, text, 100, &len),
	                 DITTO_R_NOSPACE);
	assert_int_equal(parse(q_edns, sizeof(q_edns), &m, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_totext(&m, text, sizeof(text), &len),
	                 DITTO_R_SUCCESS);
	assert_non_null(strstr(text, "; EDNS: version: 0, flags: do; udp: "
	                             "1232\n; COOKIE: 0102030405060708\n"
	                             "; NSID:\n"));
	assert_int_equal(parse(tsig_q, sizeof(tsig_q), &m, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_msg_totext(&m, text, sizeof(text), &len),
	                 DITTO_R_SUCCESS);
	assert_non_null(
	        strstr(text, "key.example.\t0\tANY\tTSIG\thmac-sha256."));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_query_edns),
		cmocka_unit_test(parse_response),
		cmocka_unit_test(parse_tsig),
		cmocka_unit_test(parse_axfr_notify_update),
		cmocka_unit_test(roundtrip),
		cmocka_unit_test(query_path_skips),
		cmocka_unit_test(bad_header_and_counts),
		cmocka_unit_test(bad_names),
		cmocka_unit_test(bad_rdata),
		cmocka_unit_test(bad_opt_tsig),
		cmocka_unit_test(trailing_and_tc),
		cmocka_unit_test(edns_options),
		cmocka_unit_test(edns_render_roundtrip),
		cmocka_unit_test(extended_rcode),
		cmocka_unit_test(render_basic),
		cmocka_unit_test(render_truncation),
		cmocka_unit_test(render_optional),
		cmocka_unit_test(render_rcode_reserve),
		cmocka_unit_test(rcode_names),
		cmocka_unit_test(totext),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the answer engine: hand-written zones, queries, the reply parsed
 * back and checked section by section (behaviour observed from BIND 9.18). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "zone/answer.h"
#include "zone/answer_p.h"
#include "zone/master.h"
#include "zone/version.h"
#include "zone/zonetable.h"

static const char ZONE[] =
        "$TTL 3600\n"
        "@ SOA ns1 host 1 7200 3600 1209600 300\n"
        "  NS ns1\n"
        "  NS ns2.example.\n"
        "  MX 10 mail\n"
        "ns1 A 192.0.2.53\n"
        "ns1 AAAA 2001:db8::53\n"
        "mail A 192.0.2.25\n"
        "www 300 A 192.0.2.80\n"
        "c1 CNAME c2\n"
        "c2 CNAME www\n"
        "out CNAME www.elsewhere.\n"
        "gone CNAME nothing\n"
        "self CNAME self\n"
        "*.wild TXT \"wild\"\n"
        "a.b.ent A 192.0.2.7\n"
        "*.ent TXT \"under ent\"\n"
        "sub NS ns.sub\n"
        "sub NS ns1\n"
        "ns.sub A 192.0.2.200\n"
        "sub DS 1 13 2 "
        "0011223344556677889900112233445566778899001122334455667788990011\n"
        "dn DNAME t.invalid.\n"
        "long DNAME "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
        "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
        "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.\n";

static ditto_version_t *
load(const char *origin_text, const char *text)
{
	ditto_name_storage_t origin;
	ditto_version_t *v = NULL;
	assert_int_equal(ditto_name_fromtext(origin_text, strlen(origin_text),
	                                     NULL, origin, NULL, NULL),
	                 DITTO_R_SUCCESS);
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	ditto_version_sink_t vs;
	ditto_rrsink_t sink =
	        ditto_version_sink(&vs, v, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_master_opts_t mo = { .origin = origin, .no_include = true };
	assert_int_equal(ditto_master_loadmem("test", text, strlen(text), &mo,
	                                      sink, NULL),
	                 DITTO_R_SUCCESS);
	ditto_version_commit(v);
	return v;
}

typedef struct reply {
	uint8_t wire[65535];
	size_t len;
	ditto_msg_t msg;
	ditto_arena_t arena;
} reply_t;

static reply_t R;

static ditto_answer_opts_t opts_default = { DITTO_MINIMAL_NO_AUTH_RECURSIVE,
	                                    false };

/* Ask \a v for (qname, qtype) with \a q's flags; parse the reply into R. */
static void
ask_with(const ditto_answer_opts_t *opts, const ditto_version_t *v,
         const char *qname, uint16_t qtype, ditto_query_t q, size_t limit)
{
	ditto_name_storage_t name;
	assert_int_equal(ditto_name_fromtext(qname, strlen(qname), NULL, name,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	q.qname = name;
	q.qtype = qtype;
	q.qclass = DITTO_CLASS_IN;
	ditto_msg_header_t hdr = { .id = 1, .flags = DITTO_MSG_QR };
	ditto_render_t r;
	ditto_render_begin(&r, R.wire, sizeof(R.wire), limit, &hdr);
	assert_int_equal(ditto_render_question(&r, name, qtype, DITTO_CLASS_IN),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_answer_query(opts, v, &q, &r), DITTO_R_SUCCESS);
	assert_int_equal(ditto_render_finish(&r, &R.len), DITTO_R_SUCCESS);
	ditto_arena_reset(&R.arena);
	assert_int_equal(
	        ditto_msg_parse(R.wire, R.len, 0, &R.arena, &R.msg, NULL),
	        DITTO_R_SUCCESS);
}

static void
ask(const ditto_version_t *v, const char *qname, uint16_t qtype, bool rd,
    bool dnssec)
{
	ditto_query_t q = { .recursion_desired = rd, .dnssec_ok = dnssec };
	ask_with(&opts_default, v, qname, qtype, q, 65535);
}

/* Record \a i of section \a s has owner \a owner and type \a type. */
static void
expect_rr(ditto_section_t s, unsigned int i, const char *owner, uint16_t type)
{
	ditto_name_storage_t o;
	assert_true(i < R.msg.nrrs[s]);
	assert_int_equal(
	        ditto_name_fromtext(owner, strlen(owner), NULL, o, NULL, NULL),
	        DITTO_R_SUCCESS);
	assert_true(ditto_name_equal(R.msg.rrs[s][i].owner, o));
	assert_int_equal(R.msg.rrs[s][i].type, type);
}

static void
expect_counts(uint16_t rcode, bool aa, unsigned int an, unsigned int ns,
              unsigned int ar)
{
	assert_int_equal(R.msg.hdr.rcode, rcode);
	assert_int_equal((R.msg.hdr.flags & DITTO_MSG_AA) != 0, aa);
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_ANSWER], an);
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_AUTHORITY], ns);
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_ADDITIONAL], ar);
}

static ditto_version_t *Z;

static int
setup(void **state)
{
	(void)state;
	ditto_arena_init(&R.arena, 4096);
	Z = load("example.", ZONE);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ditto_version_detach(&Z);
	ditto_arena_clear(&R.arena);
	return 0;
}

static void
positive(void **state)
{
	(void)state;
	ask(Z, "www.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 2, 2);
	expect_rr(DITTO_SECTION_ANSWER, 0, "www.example.", DITTO_TYPE_A);
	expect_rr(DITTO_SECTION_AUTHORITY, 0, "example.", DITTO_TYPE_NS);
	/* ns1 A before ns1 AAAA (address passes); ns2 is out of zone */
	expect_rr(DITTO_SECTION_ADDITIONAL, 0, "ns1.example.", DITTO_TYPE_A);
	expect_rr(DITTO_SECTION_ADDITIONAL, 1, "ns1.example.", DITTO_TYPE_AAAA);
	/* RD set: no-auth-recursive leaves authority and its glue out */
	ask(Z, "www.example.", DITTO_TYPE_A, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	/* MX: additional for the exchange, then the NS addresses */
	ask(Z, "example.", DITTO_TYPE_MX, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 2, 3);
	expect_rr(DITTO_SECTION_ADDITIONAL, 0, "mail.example.", DITTO_TYPE_A);
}

static void
negative(void **state)
{
	(void)state;
	ask(Z, "nope.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NXDOMAIN, true, 0, 1, 0);
	expect_rr(DITTO_SECTION_AUTHORITY, 0, "example.", DITTO_TYPE_SOA);
	assert_int_equal(R.msg.rrs[DITTO_SECTION_AUTHORITY][0].ttl, 300);
	/* NXDOMAIN for SOA: TTL 0 (zero-no-soa-ttl) */
	ask(Z, "nope.example.", DITTO_TYPE_SOA, false, false);
	assert_int_equal(R.msg.rrs[DITTO_SECTION_AUTHORITY][0].ttl, 0);
	/* NODATA, and an empty non-terminal is NODATA too */
	ask(Z, "www.example.", DITTO_TYPE_MX, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
	ask(Z, "b.ent.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
}

static void
cname(void **state)
{
	(void)state;
	ask(Z, "c1.example.", DITTO_TYPE_A, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 3, 0, 0);
	expect_rr(DITTO_SECTION_ANSWER, 0, "c1.example.", DITTO_TYPE_CNAME);
	expect_rr(DITTO_SECTION_ANSWER, 1, "c2.example.", DITTO_TYPE_CNAME);
	expect_rr(DITTO_SECTION_ANSWER, 2, "www.example.", DITTO_TYPE_A);
	/* out of the zone: the CNAME alone, no authority */
	ask(Z, "out.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	/* to a missing name: NXDOMAIN */
	ask(Z, "gone.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NXDOMAIN, true, 1, 1, 0);
	/* a loop: SERVFAIL after the restarts, one CNAME */
	ask(Z, "self.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_SERVFAIL, true, 1, 0, 0);
	/* qtype CNAME is not followed; NSEC never follows a CNAME */
	ask(Z, "c1.example.", DITTO_TYPE_CNAME, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	ask(Z, "c1.example.", DITTO_TYPE_NSEC, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
}

static void
dname(void **state)
{
	(void)state;
	ask(Z, "x.dn.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 2, 0, 0);
	expect_rr(DITTO_SECTION_ANSWER, 0, "dn.example.", DITTO_TYPE_DNAME);
	expect_rr(DITTO_SECTION_ANSWER, 1, "x.dn.example.", DITTO_TYPE_CNAME);
	assert_int_equal(R.msg.rrs[DITTO_SECTION_ANSWER][1].ttl, 3600);
	ditto_name_storage_t t;
	assert_int_equal(
	        ditto_name_fromtext("x.t.invalid.", 12, NULL, t, NULL, NULL),
	        DITTO_R_SUCCESS);
	assert_true(
	        ditto_name_equal(R.msg.rrs[DITTO_SECTION_ANSWER][1].rdata, t));
	/* too long a result: YXDOMAIN with the DNAME */
	ask(Z, "xxxxxxxxxx.long.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_YXDOMAIN, true, 1, 0, 0);
	/* the DNAME owner itself is not redirected */
	ask(Z, "dn.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
}

static void
wildcard(void **state)
{
	(void)state;
	ask(Z, "q.wild.example.", DITTO_TYPE_TXT, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	expect_rr(DITTO_SECTION_ANSWER, 0, "q.wild.example.", DITTO_TYPE_TXT);
	ask(Z, "q.wild.example.", DITTO_TYPE_A, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
	/* "b.ent" exists (empty non-terminal): *.ent does not apply */
	ask(Z, "x.b.ent.example.", DITTO_TYPE_TXT, true, false);
	expect_counts(DITTO_RCODE_NXDOMAIN, true, 0, 1, 0);
	ask(Z, "zz.ent.example.", DITTO_TYPE_TXT, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
}

static void
referral(void **state)
{
	(void)state;
	ask(Z, "host.sub.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, false, 0, 2, 1); /* 2 NS */
	expect_rr(DITTO_SECTION_AUTHORITY, 0, "sub.example.", DITTO_TYPE_NS);
	expect_rr(DITTO_SECTION_ADDITIONAL, 0, "ns.sub.example.", DITTO_TYPE_A);
	/* with DO: the DS (no RRSIG in this zone) */
	ask(Z, "host.sub.example.", DITTO_TYPE_A, false, true);
	expect_counts(DITTO_RCODE_NOERROR, false, 0, 3, 1);
	expect_rr(DITTO_SECTION_AUTHORITY, 2, "sub.example.", DITTO_TYPE_DS);
	/* DS at the cut: answered from this (the parent) side */
	ask(Z, "sub.example.", DITTO_TYPE_DS, false, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	/* glue is not answered authoritatively */
	ask(Z, "ns.sub.example.", DITTO_TYPE_A, false, false);
	expect_counts(DITTO_RCODE_NOERROR, false, 0, 2, 1);
}

static void
any_and_minimal(void **state)
{
	(void)state;
	ask(Z, "example.", DITTO_TYPE_ANY, false, false);
	/* SOA NS MX: every RRset, no additional section for ANY */
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_ANSWER], 4);
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_ADDITIONAL], 0);
	ditto_answer_opts_t o = { DITTO_MINIMAL_YES, true };
	ditto_query_t q = { 0 };
	ask_with(&o, Z, "example.", DITTO_TYPE_ANY, q, 65535);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	expect_rr(DITTO_SECTION_ANSWER, 0, "example.", DITTO_TYPE_SOA);
	ask_with(&o, Z, "www.example.", DITTO_TYPE_A, q, 65535);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	/* EDNS over UDP with a 512-octet buffer: minimal */
	q.udp_size = 512;
	ask_with(&opts_default, Z, "www.example.", DITTO_TYPE_A, q, 512);
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
}

static void
truncation(void **state)
{
	(void)state;
	ditto_query_t q = { .recursion_desired = false };
	/* the answer does not fit: TC and no records at all */
	ask_with(&opts_default, Z, "www.example.", DITTO_TYPE_A, q, 40);
	assert_true((R.msg.hdr.flags & DITTO_MSG_TC) != 0);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 0, 0);
	/* additional data that does not fit is dropped without TC */
	ask_with(&opts_default, Z, "www.example.", DITTO_TYPE_A, q, 100);
	assert_false((R.msg.hdr.flags & DITTO_MSG_TC) != 0);
	assert_int_equal(R.msg.nrrs[DITTO_SECTION_AUTHORITY], 2);
	assert_true(R.msg.nrrs[DITTO_SECTION_ADDITIONAL] < 2);
}

static const char SIGNED[] = "$TTL 3600\n"
                             "@ SOA ns hostmaster 1 7200 3600 1209600 300\n"
                             "  NS ns\n"
                             "  NSEC a NS SOA RRSIG NSEC\n"
                             "a A 192.0.2.1\n"
                             "a NSEC ns A RRSIG NSEC\n"
                             "ns A 192.0.2.53\n"
                             "ns NSEC example. A RRSIG NSEC\n";

static void
nsec(void **state)
{
	(void)state;
	ditto_version_t *v = load("example.", SIGNED);
	/* b.example: covered by a's NSEC; *.example by the apex NSEC */
	ask(v, "b.example.", DITTO_TYPE_A, true, true);
	expect_counts(DITTO_RCODE_NXDOMAIN, true, 0, 3, 0);
	expect_rr(DITTO_SECTION_AUTHORITY, 0, "example.", DITTO_TYPE_SOA);
	expect_rr(DITTO_SECTION_AUTHORITY, 1, "example.", DITTO_TYPE_NSEC);
	expect_rr(DITTO_SECTION_AUTHORITY, 2, "a.example.", DITTO_TYPE_NSEC);
	/* NODATA: the NSEC at the name */
	ask(v, "a.example.", DITTO_TYPE_MX, true, true);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 2, 0);
	expect_rr(DITTO_SECTION_AUTHORITY, 1, "a.example.", DITTO_TYPE_NSEC);
	/* without DO: no proof */
	ask(v, "a.example.", DITTO_TYPE_MX, true, false);
	expect_counts(DITTO_RCODE_NOERROR, true, 0, 1, 0);
	ditto_version_detach(&v);
}

static void
sha1_and_nsec3_hash(void **state)
{
	(void)state;
	uint8_t d[20];
	ditto__answer_sha1((const uint8_t *)"abc", 3, d);
	static const uint8_t abc[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47,
		                         0x06, 0x81, 0x6a, 0xba, 0x3e,
		                         0x25, 0x71, 0x78, 0x50, 0xc2,
		                         0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
	assert_memory_equal(d, abc, 20);
	/* 56 bytes: the padding spills into a second block */
	const char *two =
	        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ditto__answer_sha1((const uint8_t *)two, strlen(two), d);
	static const uint8_t twod[4] = { 0x84, 0x98, 0x3e, 0x44 };
	assert_memory_equal(d, twod, 4);
	/* RFC 5155-style hash, checked against dnspython's nsec3_hash */
	static const uint8_t salt[4] = { 0xaa, 0xbb, 0xcc, 0xdd };
	ans_nsec3param_t p = {
		.alg = 1, .iterations = 0, .saltlen = 4, .salt = salt
	};
	ditto_name_storage_t n, out;
	assert_int_equal(
	        ditto_name_fromtext("nsec3.test.", 11, NULL, n, NULL, NULL),
	        DITTO_R_SUCCESS);
	assert_true(ditto__answer_nsec3_hash(&p, n, n, out));
	assert_int_equal(out[0], 32);
	assert_memory_equal(out + 1, "sfe63s1fbjrk9557p3s96olab0oqq9i4", 32);
	p.alg = 2;
	assert_false(ditto__answer_nsec3_hash(&p, n, n, out));
}

static void
chain_stops_at_other_zone(void **state)
{
	(void)state;
	ditto_version_t *child =
	        load("sub.example.", "$TTL 60\n@ SOA ns h 1 1 1 1 1\n"
	                             "@ NS ns\nns A 192.0.2.1\n");
	ditto_version_t *v = load("example.", "$TTL 60\n@ SOA ns h 1 1 1 1 1\n"
	                                      "@ NS ns\nns A 192.0.2.2\n"
	                                      "c CNAME x.sub\n"
	                                      "sub NS ns.sub\n");
	ditto_zonetable_t *zt = NULL;
	ditto_zonetable_create(&zt);
	assert_int_equal(ditto_zonetable_add(zt, ditto_version_origin(v), v),
	                 DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_zonetable_add(zt, ditto_version_origin(child), child),
	        DITTO_R_SUCCESS);
	ditto_query_t q = { .zones = zt };
	ask_with(&opts_default, v, "c.example.", DITTO_TYPE_A, q, 65535);
	/* the child zone is ours: BIND neither refers nor follows */
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 0, 0);
	q.zones = NULL;
	ask_with(&opts_default, v, "c.example.", DITTO_TYPE_A, q, 65535);
	/* not ours: a referral after the CNAME, AA kept */
	expect_counts(DITTO_RCODE_NOERROR, true, 1, 1, 0);
	ditto_zonetable_destroy(&zt);
	ditto_version_detach(&v);
	ditto_version_detach(&child);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(positive),
		cmocka_unit_test(negative),
		cmocka_unit_test(cname),
		cmocka_unit_test(dname),
		cmocka_unit_test(wildcard),
		cmocka_unit_test(referral),
		cmocka_unit_test(any_and_minimal),
		cmocka_unit_test(truncation),
		cmocka_unit_test(nsec),
		cmocka_unit_test(sha1_and_nsec3_hash),
		cmocka_unit_test(chain_stops_at_other_zone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

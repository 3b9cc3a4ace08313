/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/version.c: adds, deletes, COW edits, the sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "zone/version.h"

static uint8_t origin[DITTO_NAME_MAXWIRE];

static void
from(const char *text, uint8_t *out)
{
	ditto_err_t err;
	ditto_result_t r = ditto_name_fromtext(text, strlen(text), origin, out,
	                                       NULL, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("fromtext '%s': %s (%s)", text, ditto_result_name(r),
		         err.msg);
	}
}

/* A record from text; storage static per slot (two slots alternate). */
typedef struct rrbuf {
	uint8_t owner[DITTO_NAME_MAXWIRE];
	uint8_t rdata[DITTO_RDATA_MAX];
	ditto_rr_t rr;
} rrbuf_t;

static const ditto_rr_t *
mkrr(rrbuf_t *b, const char *owner, uint16_t type, uint32_t ttl,
     const char *rdtext)
{
	size_t len = 0;
	ditto_err_t err;
	from(owner, b->owner);
	ditto_result_t r = ditto_rdata_fromstring(
	        type, DITTO_CLASS_IN, rdtext, strlen(rdtext), origin, b->rdata,
	        sizeof(b->rdata), &len, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("rdata '%s': %s (%s)", rdtext, ditto_result_name(r),
		         err.msg);
	}
	b->rr = (ditto_rr_t){ .owner = b->owner,
		              .type = type,
		              .rclass = DITTO_CLASS_IN,
		              .ttl = ttl,
		              .rdlen = (uint16_t)len,
		              .rdata = b->rdata };
	return &b->rr;
}

static ditto_result_t
add(ditto_version_t *v, const char *owner, uint16_t type, uint32_t ttl,
    const char *rd)
{
	rrbuf_t b;
	return ditto_version_addrr(v, mkrr(&b, owner, type, ttl, rd),
	                           DITTO_VERSION_TTL_KEEP, NULL);
}

static ditto_result_t
del(ditto_version_t *v, const char *owner, uint16_t type, const char *rd)
{
	rrbuf_t b;
	return ditto_version_delrr(v, mkrr(&b, owner, type, 0, rd));
}

static int
setup(void **state)
{
	(void)state;
	ditto_err_t err;
	if (ditto_name_fromtext("example.", 8, NULL, origin, NULL, &err) !=
	    DITTO_R_SUCCESS) {
		return -1;
	}
	return 0;
}

/* FNV-1a over every name, set header and rdata in order: a fingerprint. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 1099511628211ULL;
	}
	return h;
}

static uint64_t
tree_hash(const ditto_tree_t *tree, uint64_t h)
{
	ditto_tree_iter_t it;
	for (const ditto_node_t *n = ditto_tree_first(tree, &it); n != NULL;
	     n = ditto_tree_next(&it)) {
		const uint8_t *nm = ditto_node_name(n);
		h = fnv(h, nm, ditto_name_length(nm));
		for (unsigned int i = 0; i < ditto_node_count(n); i++) {
			const ditto_rrset_t *s = ditto_node_rrset(n, i);
			ditto_rrset_it_t ri;
			h = fnv(h, &s->type, 2);
			h = fnv(h, &s->covers, 2);
			h = fnv(h, &s->ttl, 4);
			DITTO_RDATA_FOREACH(s, ri) {
				h = fnv(h, ri.rdata, ri.rdlen);
			}
		}
	}
	return h;
}

static uint64_t
version_hash(const ditto_version_t *v)
{
	uint64_t h = tree_hash(ditto_version_tree(v), 1469598103934665603ULL);
	return tree_hash(ditto_version_nsec3tree(v), h);
}

static void
add_semantics(void **state)
{
	(void)state;
	ditto_version_t *v = NULL;
	rrbuf_t b;
	uint32_t prior = 0;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	assert_true(ditto_version_writable(v));
	assert_false(ditto_version_serial(v, &prior));
	assert_int_equal(add(v, "@", DITTO_TYPE_SOA, 3600,
	                     "ns hostmaster 2024010101 7200 3600 1209600 300"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(v, "www", DITTO_TYPE_A, 300, "10.0.0.2"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(v, "www", DITTO_TYPE_A, 300, "10.0.0.1"),
	                 DITTO_R_SUCCESS);
	/* Duplicate: reported, not stored twice. */
	assert_int_equal(add(v, "WWW", DITTO_TYPE_A, 300, "10.0.0.1"),
	                 DITTO_R_EXISTS);
	/* TTL mismatch: added with the prior TTL, reported. */
	assert_int_equal(ditto_version_addrr(
	                         v,
	                         mkrr(&b, "www", DITTO_TYPE_A, 60, "10.0.0.3"),
	                         DITTO_VERSION_TTL_KEEP, &prior),
	                 DITTO_R_TTLMISMATCH);
	assert_int_equal(prior, 300);
	assert_int_equal(ditto_version_records(v), 4);

	const ditto_node_t *n = ditto_tree_get(ditto_version_tree(v), b.owner);
	assert_non_null(n);
	const ditto_rrset_t *a = ditto_node_find(n, DITTO_TYPE_A, 0);
	assert_non_null(a);
	assert_int_equal(a->count, 3);
	assert_int_equal(a->ttl, 300);
	/* Canonical order inside the RRset. */
	ditto_rrset_it_t it;
	uint8_t last = 0;
	DITTO_RDATA_FOREACH(a, it) {
		assert_int_equal(it.rdlen, 4);
		assert_true(it.rdata[3] > last);
		last = it.rdata[3];
	}
	assert_int_equal(
	        ditto_rrset_find(a, (const uint8_t *)"\x0a\0\0\x02", 4), 1);

	/* TTL_REPLACE: the RRset takes the new TTL. */
	assert_int_equal(ditto_version_addrr(
	                         v,
	                         mkrr(&b, "www", DITTO_TYPE_A, 60, "10.0.0.4"),
	                         DITTO_VERSION_TTL_REPLACE, &prior),
	                 DITTO_R_TTLMISMATCH);
	n = ditto_tree_get(ditto_version_tree(v), b.owner);
	assert_int_equal(ditto_node_find(n, DITTO_TYPE_A, 0)->ttl, 60);

	/* Errors. */
	assert_int_equal(add(v, "www.example.org.", DITTO_TYPE_A, 1, "1.2.3.4"),
	                 DITTO_R_NOTZONETOP);
	mkrr(&b, "www", DITTO_TYPE_A, 1, "1.2.3.4");
	b.rr.rclass = DITTO_CLASS_CH;
	assert_int_equal(ditto_version_addrr(v, &b.rr, 0, NULL),
	                 DITTO_R_BADCLASS);
	mkrr(&b, "www", DITTO_TYPE_A, 1, "1.2.3.4");
	b.rr.type = DITTO_TYPE_ANY;
	assert_int_equal(ditto_version_addrr(v, &b.rr, 0, NULL),
	                 DITTO_R_BADTYPE);
	mkrr(&b, "www", DITTO_TYPE_A, 1, "1.2.3.4");
	b.rr.type = DITTO_TYPE_RRSIG;
	b.rr.rdlen = 1;
	assert_int_equal(ditto_version_addrr(v, &b.rr, 0, NULL),
	                 DITTO_R_FORMERR);

	ditto_version_commit(v);
	assert_false(ditto_version_writable(v));
	uint32_t serial = 0;
	assert_true(ditto_version_serial(v, &serial));
	assert_int_equal(serial, 2024010101);
	assert_non_null(ditto_version_apex(v));
	ditto_version_detach(&v);
	assert_null(v);
}

static void
delete_semantics(void **state)
{
	(void)state;
	ditto_version_t *v = NULL;
	uint8_t owner[DITTO_NAME_MAXWIRE];
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	assert_int_equal(add(v, "a", DITTO_TYPE_A, 300, "10.0.0.1"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(v, "a", DITTO_TYPE_A, 300, "10.0.0.2"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(v, "a", DITTO_TYPE_TXT, 300, "\"hello\""),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(v, "b", DITTO_TYPE_NS, 300, "NS1.example.org."),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_version_cuts(v), 1);
	/* Absent records are reported. */
	assert_int_equal(del(v, "a", DITTO_TYPE_A, "10.0.0.9"),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(del(v, "zz", DITTO_TYPE_A, "10.0.0.1"),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(del(v, "a", DITTO_TYPE_AAAA, "::1"), DITTO_R_NOTFOUND);
	/* Canonical match: names in rdata compare without case. */
	assert_int_equal(del(v, "b", DITTO_TYPE_NS, "ns1.EXAMPLE.org."),
	                 DITTO_R_SUCCESS);
	from("b", owner);
	assert_null(ditto_tree_get(ditto_version_tree(v), owner));
	assert_int_equal(ditto_version_cuts(v), 0);
	assert_int_equal(del(v, "a", DITTO_TYPE_A, "10.0.0.1"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_version_records(v), 2);
	from("a", owner);
	assert_int_equal(ditto_version_delrrset(v, owner, DITTO_TYPE_A, 0),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_version_delrrset(v, owner, DITTO_TYPE_A, 0),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(ditto_version_records(v), 1);
	assert_int_equal(ditto_version_delname(v, owner), DITTO_R_SUCCESS);
	assert_int_equal(ditto_version_delname(v, owner), DITTO_R_NOTFOUND);
	assert_int_equal(ditto_version_records(v), 0);
	assert_int_equal(ditto_tree_count(ditto_version_tree(v)), 0);
	ditto_version_detach(&v);
}

static void
rrsig_and_nsec3(void **state)
{
	(void)state;
	ditto_version_t *v = NULL;
	uint8_t owner[DITTO_NAME_MAXWIRE];
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	assert_int_equal(add(v, "a", DITTO_TYPE_A, 300, "10.0.0.1"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(
	        add(v, "a", DITTO_TYPE_RRSIG, 300,
	            "A 8 2 300 20300101000000 20200101000000 1234 example. "
	            "AAAA"),
	        DITTO_R_SUCCESS);
	assert_int_equal(
	        add(v, "a", DITTO_TYPE_RRSIG, 300,
	            "TXT 8 2 300 20300101000000 20200101000000 1234 example. "
	            "AAAA"),
	        DITTO_R_SUCCESS);
	assert_int_equal(
	        add(v, "a", DITTO_TYPE_RRSIG, 300,
	            "A 8 2 300 20300101000000 20200101000000 4321 example. "
	            "AAAA"),
	        DITTO_R_SUCCESS);
	const char *h = "2vptu5timamqttgl4luu9kg21e0aor3s";
	char n3[128];
	snprintf(n3, sizeof(n3), "%s", h);
	assert_int_equal(add(v, n3, DITTO_TYPE_NSEC3, 300,
	                     "1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3T A"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(
	        add(v, n3, DITTO_TYPE_RRSIG, 300,
	            "NSEC3 8 2 300 20300101000000 20200101000000 1 example. "
	            "AAAA"),
	        DITTO_R_SUCCESS);
	from("a", owner);
	const ditto_node_t *n = ditto_tree_get(ditto_version_tree(v), owner);
	assert_int_equal(ditto_node_count(n), 3);
	assert_int_equal(ditto_node_sigs(n, DITTO_TYPE_A)->count, 2);
	assert_int_equal(ditto_node_sigs(n, DITTO_TYPE_TXT)->count, 1);
	assert_null(ditto_node_sigs(n, DITTO_TYPE_AAAA));
	assert_true((ditto_node_flags(n) & DITTO_NODE_RRSIG) != 0);
	from(n3, owner);
	assert_null(ditto_tree_get(ditto_version_tree(v), owner));
	n = ditto_tree_get(ditto_version_nsec3tree(v), owner);
	assert_non_null(n);
	assert_int_equal(ditto_node_count(n), 2);
	assert_non_null(ditto_node_sigs(n, DITTO_TYPE_NSEC3));
	assert_int_equal(ditto_version_records(v), 6);
	assert_int_equal(ditto_version_delrrset(v, owner, DITTO_TYPE_RRSIG,
	                                        DITTO_TYPE_NSEC3),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_version_records(v), 5);
	ditto_version_detach(&v);
}

static void
build_zone(ditto_version_t **vp, int nnames)
{
	char name[64], rd[64];
	ditto_version_create(origin, DITTO_CLASS_IN, vp);
	assert_int_equal(add(*vp, "@", DITTO_TYPE_SOA, 3600,
	                     "ns hostmaster 1 7200 3600 1209600 300"),
	                 DITTO_R_SUCCESS);
	for (int i = 0; i < nnames; i++) {
		snprintf(name, sizeof(name), "host%d", i);
		snprintf(rd, sizeof(rd), "10.%d.%d.%d", (i >> 16) & 255,
		         (i >> 8) & 255, i & 255);
		assert_int_equal(add(*vp, name, DITTO_TYPE_A, 300, rd),
		                 DITTO_R_SUCCESS);
	}
	ditto_version_commit(*vp);
}

/* Ten changes; returns the edit's allocation statistics. */
static void
edit_ten(ditto_version_t *base, ditto_version_t **vp,
         ditto_version_editstats_t *st)
{
	ditto_version_edit(base, vp);
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "host%d", i * 7);
		char rd[32];
		snprintf(rd, sizeof(rd), "10.0.0.%d", i * 7);
		assert_int_equal(del(*vp, name, DITTO_TYPE_A, rd),
		                 DITTO_R_SUCCESS);
		snprintf(name, sizeof(name), "new%d", i);
		assert_int_equal(add(*vp, name, DITTO_TYPE_A, 300, "1.1.1.1"),
		                 DITTO_R_SUCCESS);
		snprintf(name, sizeof(name), "host%d", i * 11 + 1);
		assert_int_equal(add(*vp, name, DITTO_TYPE_TXT, 300, "x"),
		                 DITTO_R_SUCCESS);
	}
	assert_int_equal(del(*vp, "@", DITTO_TYPE_SOA,
	                     "ns hostmaster 1 7200 3600 1209600 300"),
	                 DITTO_R_SUCCESS);
	assert_int_equal(add(*vp, "@", DITTO_TYPE_SOA, 3600,
	                     "ns hostmaster 2 7200 3600 1209600 300"),
	                 DITTO_R_SUCCESS);
	ditto_version_editstats(*vp, st);
	ditto_version_commit(*vp);
}

static void
cow_edits(void **state)
{
	(void)state;
	ditto_version_t *small = NULL, *big = NULL, *e1 = NULL, *e2 = NULL;
	ditto_version_editstats_t s1, s2;
	uint32_t serial;
	build_zone(&small, 1000);
	build_zone(&big, 30000);
	uint64_t hs = version_hash(small), hb = version_hash(big);

	edit_ten(small, &e1, &s1);
	edit_ten(big, &e2, &s2);
	/* The base versions never change. */
	assert_int_equal(version_hash(small), hs);
	assert_int_equal(version_hash(big), hb);
	assert_true(ditto_version_serial(big, &serial));
	assert_int_equal(serial, 1);
	assert_true(ditto_version_serial(e2, &serial));
	assert_int_equal(serial, 2);
	assert_int_equal(ditto_version_records(e2), 30001 - 3 + 3 + 3);
	assert_true(version_hash(e2) != hb);
	/* Cost in proportion to the change, flat in the zone size. */
	print_message("10-change edit: 1k zone %zu arrays %zu nodes; "
	              "30k zone %zu arrays %zu nodes\n",
	              s1.new_arrays, s1.new_nodes, s2.new_arrays, s2.new_nodes);
	assert_true(s2.new_nodes <= 12);
	assert_true(s2.new_arrays <= 10 * 8);
	assert_true(s2.new_arrays <= 2 * s1.new_arrays + 10);

	/* An edit of an edit; the old base can go first. */
	ditto_version_t *e3 = NULL;
	uint64_t h2 = version_hash(e2);
	ditto_version_detach(&big);
	ditto_version_edit(e2, &e3);
	assert_int_equal(add(e3, "host5", DITTO_TYPE_A, 300, "10.0.0.99"),
	                 DITTO_R_SUCCESS);
	ditto_version_commit(e3);
	assert_int_equal(version_hash(e2), h2);
	/* Abandoned edit. */
	ditto_version_t *e4 = NULL;
	ditto_version_edit(e3, &e4);
	assert_int_equal(add(e4, "host6", DITTO_TYPE_A, 300, "10.0.0.99"),
	                 DITTO_R_SUCCESS);
	ditto_version_detach(&e4);
	ditto_version_t *ref = NULL;
	ditto_version_attach(e3, &ref);
	ditto_version_detach(&e3);
	assert_int_equal(ditto_version_records(ref), 30005);
	ditto_version_detach(&ref);
	ditto_version_detach(&e2);
	ditto_version_detach(&e1);
	ditto_version_detach(&small);
}

typedef struct events {
	int exists, ttl, notfound, outofzone;
	uint32_t prior;
} events_t;

static ditto_result_t
warn(void *arg, ditto_result_t what, const ditto_rr_t *rr, uint32_t prior)
{
	events_t *e = arg;
	(void)rr;
	switch (what) {
	case DITTO_R_EXISTS:
		e->exists++;
		break;
	case DITTO_R_TTLMISMATCH:
		e->ttl++;
		e->prior = prior;
		break;
	case DITTO_R_NOTFOUND:
		e->notfound++;
		return DITTO_R_NOTFOUND;
	default:
		e->outofzone++;
		break;
	}
	return DITTO_R_SUCCESS;
}

static void
sink(void **state)
{
	(void)state;
	ditto_version_t *v = NULL;
	ditto_version_sink_t s;
	events_t ev = { 0 };
	rrbuf_t b;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	ditto_rrsink_t k =
	        ditto_version_sink(&s, v, DITTO_VERSION_TTL_KEEP, warn, &ev);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "a", DITTO_TYPE_A, 10, "1.2.3.4")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "a", DITTO_TYPE_A, 10, "1.2.3.4")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "a", DITTO_TYPE_A, 20, "1.2.3.5")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "a.org.", DITTO_TYPE_A, 20, "1.2.3.5")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_DEL,
	                      mkrr(&b, "a", DITTO_TYPE_A, 20, "1.2.3.5")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_DEL,
	                      mkrr(&b, "a", DITTO_TYPE_A, 20, "1.2.3.5")),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(ev.exists, 1);
	assert_int_equal(ev.ttl, 1);
	assert_int_equal(ev.prior, 10);
	assert_int_equal(ev.notfound, 1);
	assert_int_equal(ev.outofzone, 1);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.deleted, 1);
	assert_int_equal(s.duplicates, 1);
	assert_int_equal(s.missing, 1);

	/* Without a callback: duplicates go on, absent deletes stop. */
	k = ditto_version_sink(&s, v, 0, NULL, NULL);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "a", DITTO_TYPE_A, 10, "1.2.3.4")),
	                 DITTO_R_SUCCESS);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_DEL,
	                      mkrr(&b, "a", DITTO_TYPE_A, 20, "9.9.9.9")),
	                 DITTO_R_NOTFOUND);
	/* The record limit. */
	ditto_version_setlimit(v, 1);
	assert_int_equal(k.fn(k.arg, DITTO_RRSINK_ADD,
	                      mkrr(&b, "b", DITTO_TYPE_A, 10, "1.2.3.4")),
	                 DITTO_R_TOOMANY);
	ditto_version_detach(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_semantics),
		cmocka_unit_test(delete_semantics),
		cmocka_unit_test(rrsig_and_nsec3),
		cmocka_unit_test(cow_edits),
		cmocka_unit_test(sink),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

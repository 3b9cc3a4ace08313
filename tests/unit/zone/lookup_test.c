/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/lookup.c: match, encloser, wildcard, cuts, NSEC. */
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
#include "zone/lookup.h"

static uint8_t origin[DITTO_NAME_MAXWIRE];
static ditto_version_t *zone;

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

static void
add(ditto_version_t *v, const char *owner, uint16_t type, const char *rd)
{
	uint8_t name[DITTO_NAME_MAXWIRE], rdata[DITTO_RDATA_MAX];
	size_t len = 0;
	ditto_err_t err;
	from(owner, name);
	ditto_result_t r = ditto_rdata_fromstring(type, DITTO_CLASS_IN, rd,
	                                          strlen(rd), origin, rdata,
	                                          sizeof(rdata), &len, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("rdata '%s': %s (%s)", rd, ditto_result_name(r),
		         err.msg);
	}
	ditto_rr_t rr = { .owner = name,
		          .type = type,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = 300,
		          .rdlen = (uint16_t)len,
		          .rdata = rdata };
	r = ditto_version_addrr(v, &rr, 0, NULL);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("add '%s': %s", owner, ditto_result_name(r));
	}
}

static bool
named(const ditto_node_t *node, const char *text)
{
	uint8_t name[DITTO_NAME_MAXWIRE];
	from(text, name);
	return node != NULL && ditto_name_equal(ditto_node_name(node), name);
}

static int
setup(void **state)
{
	(void)state;
	if (ditto_name_fromtext("example.", 8, NULL, origin, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		return -1;
	}
	ditto_version_t *v = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	add(v, "@", DITTO_TYPE_SOA, "ns hostmaster 1 2 3 4 5");
	add(v, "@", DITTO_TYPE_NS, "ns");
	add(v, "@", DITTO_TYPE_NSEC, "a A NS SOA NSEC");
	add(v, "ns", DITTO_TYPE_A, "10.0.0.1");
	add(v, "ns", DITTO_TYPE_NSEC, "sub NS");
	add(v, "a", DITTO_TYPE_A, "10.0.0.2");
	add(v, "a", DITTO_TYPE_NSEC, "dn A NSEC");
	add(v, "*.w", DITTO_TYPE_TXT, "wild");
	add(v, "*.w", DITTO_TYPE_NSEC, "x.y.z A NSEC");
	add(v, "x.y.z", DITTO_TYPE_A, "10.0.0.3");
	add(v, "x.y.z", DITTO_TYPE_NSEC, "example. A NSEC");
	add(v, "sub", DITTO_TYPE_NS, "ns.sub");
	add(v, "sub", DITTO_TYPE_NSEC, "*.w NS NSEC");
	add(v, "ns.sub", DITTO_TYPE_A, "10.0.0.4");
	add(v, "dn", DITTO_TYPE_DNAME, "target.example.org.");
	add(v, "dn", DITTO_TYPE_NSEC, "ns A NSEC");
	add(v, "x.dn", DITTO_TYPE_A, "10.0.0.5");
	add(v, "*", DITTO_TYPE_A, "10.0.0.6");
	add(v, "*", DITTO_TYPE_NSEC, "a A NSEC");
	add(v, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", DITTO_TYPE_NSEC3,
	    "1 0 0 - 35MTHGPGCU1QG68FAB165KLNSNK3DPVL NS SOA RRSIG");
	add(v, "35mthgpgcu1qg68fab165klnsnk3dpvl", DITTO_TYPE_NSEC3,
	    "1 0 0 - 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM A RRSIG");
	ditto_version_commit(v);
	zone = v;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ditto_version_detach(&zone);
	return 0;
}

static ditto_lookup_status_t
find(const char *text, ditto_lookup_t *out)
{
	uint8_t name[DITTO_NAME_MAXWIRE];
	from(text, name);
	return ditto_lookup_find(zone, name, out);
}

static void
exact_and_ent(void **state)
{
	(void)state;
	ditto_lookup_t r;
	assert_int_equal(find("a", &r), DITTO_LOOKUP_FOUND);
	assert_true(named(r.node, "a"));
	assert_true(r.encloser == r.node);
	assert_int_equal(r.encloser_labels, 3);
	assert_int_equal(find("@", &r), DITTO_LOOKUP_FOUND);
	assert_true(named(r.node, "@"));
	assert_int_equal(find("A.EXAMPLE.", &r), DITTO_LOOKUP_FOUND);
	/* Empty non-terminals exist: NODATA, not NXDOMAIN. */
	assert_int_equal(find("z", &r), DITTO_LOOKUP_ENT);
	assert_null(r.node);
	assert_int_equal(find("y.z", &r), DITTO_LOOKUP_ENT);
	assert_int_equal(find("w", &r), DITTO_LOOKUP_ENT);
	assert_int_equal(find("example.org.", &r), DITTO_LOOKUP_NOTZONE);
	assert_int_equal(find(".", &r), DITTO_LOOKUP_NOTZONE);
	/* The wildcard's own name is an exact match. */
	assert_int_equal(find("*.w", &r), DITTO_LOOKUP_FOUND);
}

static void
nxdomain_and_wildcard(void **state)
{
	(void)state;
	ditto_lookup_t r;
	assert_int_equal(find("b.a", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_int_equal(r.encloser_labels, 3);
	assert_true(named(r.encloser, "a"));
	assert_null(r.wildcard);
	/* Closest encloser is the empty non-terminal w.example. */
	assert_int_equal(find("q.w", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_int_equal(r.encloser_labels, 3);
	assert_null(r.encloser);
	assert_true(named(r.wildcard, "*.w"));
	assert_int_equal(find("p.q.w", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_true(named(r.wildcard, "*.w"));
	/* Below the apex: the apex wildcard "*". */
	assert_int_equal(find("nope", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_int_equal(r.encloser_labels, 2);
	assert_true(named(r.encloser, "@"));
	assert_true(named(r.wildcard, "*"));
	/* z.example is an ENT: its wildcard would be *.z, absent. */
	assert_int_equal(find("q.z", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_int_equal(r.encloser_labels, 3);
	assert_null(r.encloser);
	assert_null(r.wildcard);
	assert_int_equal(find("a.x.y.z", &r), DITTO_LOOKUP_NXDOMAIN);
	assert_true(named(r.encloser, "x.y.z"));
}

static void
cuts_and_dname(void **state)
{
	(void)state;
	ditto_lookup_t r;
	assert_true(ditto_version_cuts(zone) == 2);
	assert_int_equal(find("sub", &r), DITTO_LOOKUP_DELEGATION);
	assert_true(named(r.cut, "sub"));
	assert_true(named(r.node, "sub"));
	/* Glue is occluded by the cut. */
	assert_int_equal(find("ns.sub", &r), DITTO_LOOKUP_DELEGATION);
	assert_true(named(r.cut, "sub"));
	assert_true(named(r.node, "ns.sub"));
	assert_int_equal(find("a.b.sub", &r), DITTO_LOOKUP_DELEGATION);
	assert_true(named(r.cut, "sub"));
	assert_null(r.node);
	/* DNAME at the name itself is data; below it, a redirection. */
	assert_int_equal(find("dn", &r), DITTO_LOOKUP_FOUND);
	assert_int_equal(find("x.dn", &r), DITTO_LOOKUP_DNAME);
	assert_true(named(r.cut, "dn"));
	assert_int_equal(find("q.r.dn", &r), DITTO_LOOKUP_DNAME);
	/* The apex NS is not a cut. */
	assert_int_equal(find("ns", &r), DITTO_LOOKUP_FOUND);
}

static void
nsec_prev(void **state)
{
	(void)state;
	uint8_t name[DITTO_NAME_MAXWIRE];
	bool exact = true;
	/* Order: example, *, a, dn, x.dn, ns, sub, ns.sub, *.w, x.y.z */
	from("@", name);
	assert_true(named(ditto_lookup_prev(zone, name), "x.y.z"));
	from("*", name);
	assert_true(named(ditto_lookup_prev(zone, name), "@"));
	from("b", name);
	assert_true(named(ditto_lookup_prev(zone, name), "a"));
	from("zzz", name);
	assert_true(named(ditto_lookup_prev(zone, name), "x.y.z"));
	/* NSEC: glue and nodes without NSEC are skipped. */
	from("ns.sub", name);
	assert_true(named(ditto_lookup_nsec(zone, name, &exact), "sub"));
	assert_false(exact);
	from("a", name);
	assert_true(named(ditto_lookup_nsec(zone, name, &exact), "a"));
	assert_true(exact);
	from("x.dn", name);
	assert_true(named(ditto_lookup_nsec(zone, name, &exact), "dn"));
	assert_false(exact);
	from("b.x.y.z", name);
	assert_true(named(ditto_lookup_nsec(zone, name, &exact), "x.y.z"));
	/* Wrap: nothing before the apex, so the last NSEC. */
	assert_true(ditto_name_fromtext("aaa.", 4, NULL, name, NULL, NULL) ==
	            DITTO_R_SUCCESS);
	assert_true(named(ditto_lookup_nsec(zone, name, &exact), "x.y.z"));
}

static void
nsec3(void **state)
{
	(void)state;
	uint8_t name[DITTO_NAME_MAXWIRE];
	bool exact = false;
	from("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", name);
	assert_true(named(ditto_lookup_nsec3(zone, name, &exact),
	                  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"));
	assert_true(exact);
	from("1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", name);
	assert_true(named(ditto_lookup_nsec3(zone, name, &exact),
	                  "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"));
	assert_false(exact);
	from("00000000000000000000000000000000", name);
	assert_true(named(ditto_lookup_nsec3(zone, name, &exact),
	                  "35mthgpgcu1qg68fab165klnsnk3dpvl"));
	from("VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV", name);
	assert_true(named(ditto_lookup_nsec3(zone, name, &exact),
	                  "35mthgpgcu1qg68fab165klnsnk3dpvl"));
	/* NSEC3 owners are not names of the main tree. */
	ditto_lookup_t r;
	assert_int_equal(find("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", &r),
	                 DITTO_LOOKUP_NXDOMAIN);
}

/* Deterministic generator (xorshift). */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void
random_name(char *out, size_t size)
{
	static const char *const lab[] = { "a", "b", "c", "*", "dd" };
	size_t pos = 0;
	unsigned int n = rnd() % 4;
	out[0] = 0;
	for (unsigned int i = 0; i < n; i++) {
		pos += (size_t)snprintf(out + pos, size - pos, "%s.",
		                        lab[rnd() % 5]);
	}
	snprintf(out + pos, size - pos, "example.");
}

/* Brute force: existence and closest encloser against every name. */
static void
random_vs_bruteforce(void **state)
{
	(void)state;
	char text[128];
	uint8_t names[300][DITTO_NAME_MAXWIRE], q[DITTO_NAME_MAXWIRE];
	int nn = 0;
	ditto_version_t *v = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	for (int i = 0; i < 60; i++) {
		random_name(text, sizeof(text));
		from(text, names[nn]);
		uint8_t rd[DITTO_NAME_MAXWIRE];
		ditto_rr_t rr = { .owner = names[nn],
			          .type = DITTO_TYPE_A,
			          .rclass = DITTO_CLASS_IN,
			          .ttl = 1,
			          .rdlen = 4,
			          .rdata = rd };
		memcpy(rd, "\x01\x02\x03\x04", 4);
		if (ditto_version_addrr(v, &rr, 0, NULL) == DITTO_R_SUCCESS) {
			nn++;
		}
	}
	ditto_version_commit(v);
	ditto_version_t *saved = zone;
	zone = v;
	for (int i = 0; i < 2000; i++) {
		random_name(text, sizeof(text));
		from(text, q);
		unsigned int ql = ditto_name_labels(q), best = 2;
		bool below = false, exact = false;
		for (int j = 0; j < nn; j++) {
			unsigned int c =
			        ditto_lookup_common_labels(q, names[j]);
			best = c > best ? c : best;
			exact = exact || ditto_name_equal(q, names[j]);
			below = below || (ditto_name_issubdomain(names[j], q) &&
			                  !ditto_name_equal(q, names[j]));
		}
		ditto_lookup_t r;
		ditto_lookup_status_t st = ditto_lookup_find(v, q, &r);
		if (exact) {
			assert_int_equal(st, DITTO_LOOKUP_FOUND);
		} else if (below) {
			assert_int_equal(st, DITTO_LOOKUP_ENT);
		} else {
			assert_int_equal(st, DITTO_LOOKUP_NXDOMAIN);
			assert_int_equal(r.encloser_labels, best);
			assert_true(best < ql);
		}
	}
	zone = saved;
	ditto_version_detach(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_and_ent),
		cmocka_unit_test(nxdomain_and_wildcard),
		cmocka_unit_test(cuts_and_dname),
		cmocka_unit_test(nsec_prev),
		cmocka_unit_test(nsec3),
		cmocka_unit_test(random_vs_bruteforce),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

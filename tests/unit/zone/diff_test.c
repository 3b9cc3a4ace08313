/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/diff.c: random edits, applied diffs equal the new
 * version; TTL changes, NSEC3 and RRSIG records, minimality. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* open_memstream() buffers come from libc's malloc, not cmocka's. */
static void
libc_free(void *p)
{
	free(p);
}

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "zone/diff.h"
#include "zone/dump.h"
#include "zone/version.h"

static uint8_t origin[DITTO_NAME_MAXWIRE];

/* A candidate record: owner, type and rdata (the TTL is chosen per use). */
typedef struct cand {
	uint8_t owner[DITTO_NAME_MAXWIRE];
	uint8_t rdata[512];
	uint16_t type;
	uint16_t rdlen;
} cand_t;

#define NCAND 96
static cand_t pool[NCAND];
static size_t npool;

static void
cand_add(const char *owner, uint16_t type, const char *rdtext)
{
	ditto_err_t err;
	size_t len = 0;
	assert_true(npool < NCAND);
	cand_t *c = &pool[npool++];
	if (ditto_name_fromtext(owner, strlen(owner), origin, c->owner, NULL,
	                        &err) != DITTO_R_SUCCESS) {
		fail_msg("name '%s': %s", owner, err.msg);
	}
	if (ditto_rdata_fromstring(type, DITTO_CLASS_IN, rdtext, strlen(rdtext),
	                           origin, c->rdata, sizeof(c->rdata), &len,
	                           &err) != DITTO_R_SUCCESS) {
		fail_msg("rdata '%s': %s", rdtext, err.msg);
	}
	c->type = type;
	c->rdlen = (uint16_t)len;
}

#define N3OWN "2t7b4g4vsa5smi47k61mv5bv1a22bojr"
#define N3OW2 "9vhsk3tv2d5s5mo7ur1i6l1lba7lkmov"
#define SIGA  "20300101000000 20200101000000 12345 example.com. AAAAAAA"

static void
pool_build(void)
{
	char owner[32], rd[160];
	npool = 0;
	for (unsigned int i = 0; i < 8; i++) {
		snprintf(owner, sizeof(owner), "n%u", i);
		for (unsigned int k = 0; k < 3; k++) {
			snprintf(rd, sizeof(rd), "10.0.%u.%u", i, k);
			cand_add(owner, DITTO_TYPE_A, rd);
		}
		snprintf(rd, sizeof(rd), "\"t%u\"", i);
		cand_add(owner, DITTO_TYPE_TXT, rd);
		snprintf(rd, sizeof(rd), "\"T%u\" \"x\"", i);
		cand_add(owner, DITTO_TYPE_TXT, rd);
		snprintf(rd, sizeof(rd), "%u mx%u", i, i);
		cand_add(owner, DITTO_TYPE_MX, rd);
		snprintf(rd, sizeof(rd), "A 8 2 300 %s%u", SIGA, i);
		cand_add(owner, DITTO_TYPE_RRSIG, rd);
		snprintf(rd, sizeof(rd), "TXT 8 2 300 %s%u", SIGA, i);
		cand_add(owner, DITTO_TYPE_RRSIG, rd);
	}
	cand_add("sub.n1", DITTO_TYPE_NS, "ns.elsewhere.net.");
	cand_add("@", DITTO_TYPE_NS, "ns1");
	cand_add("@", DITTO_TYPE_NS, "ns2");
	cand_add("*.w", DITTO_TYPE_AAAA, "2001:db8::1");
	cand_add(N3OWN, DITTO_TYPE_NSEC3, "1 0 10 AABB " N3OW2 " A RRSIG");
	cand_add(N3OWN, DITTO_TYPE_NSEC3, "1 1 10 AABB " N3OW2 " A");
	cand_add(N3OWN, DITTO_TYPE_RRSIG, "NSEC3 8 2 300 " SIGA "1");
	cand_add(N3OW2, DITTO_TYPE_NSEC3, "1 0 10 AABB " N3OWN " NS SOA");
	cand_add(N3OW2, DITTO_TYPE_RRSIG, "NSEC3 8 2 300 " SIGA "2");
}

/* Deterministic generator (xorshift64*). */
static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

static ditto_rr_t
cand_rr(const cand_t *c, uint32_t ttl)
{
	return (ditto_rr_t){ .owner = c->owner,
		             .type = c->type,
		             .rclass = DITTO_CLASS_IN,
		             .ttl = ttl,
		             .rdlen = c->rdlen,
		             .rdata = c->rdata };
}

static void
set_soa(ditto_version_t *v, uint32_t serial, uint32_t ttl)
{
	uint8_t rd[512];
	size_t len = 0;
	char text[128];
	snprintf(text, sizeof(text), "ns1 hostmaster %u 3600 600 86400 300",
	         serial);
	assert_int_equal(ditto_rdata_fromstring(DITTO_TYPE_SOA, DITTO_CLASS_IN,
	                                        text, strlen(text), origin, rd,
	                                        sizeof(rd), &len, NULL),
	                 DITTO_R_SUCCESS);
	ditto_result_t r = ditto_version_delrrset(v, origin, DITTO_TYPE_SOA, 0);
	assert_true(r == DITTO_R_SUCCESS || r == DITTO_R_NOTFOUND);
	ditto_rr_t rr = { .owner = origin,
		          .type = DITTO_TYPE_SOA,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = ttl,
		          .rdlen = (uint16_t)len,
		          .rdata = rd };
	assert_int_equal(
	        ditto_version_addrr(v, &rr, DITTO_VERSION_TTL_REPLACE, NULL),
	        DITTO_R_SUCCESS);
}

static void
add_cand(ditto_version_t *v, const cand_t *c, uint32_t ttl)
{
	ditto_rr_t rr = cand_rr(c, ttl);
	ditto_result_t r =
	        ditto_version_addrr(v, &rr, DITTO_VERSION_TTL_REPLACE, NULL);
	assert_true(r == DITTO_R_SUCCESS || r == DITTO_R_EXISTS ||
	            r == DITTO_R_TTLMISMATCH);
}

static const uint32_t ttls[] = { 300, 600 };

/* A committed version with a random subset of the pool. */
static ditto_version_t *
random_version(uint32_t serial)
{
	ditto_version_t *v = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	set_soa(v, serial, 3600);
	for (size_t i = 0; i < npool; i++) {
		if (rnd(2) == 0) {
			add_cand(v, &pool[i], ttls[rnd(2)]);
		}
	}
	ditto_version_commit(v);
	return v;
}

/* A random edit of \a old: adds, deletes, TTL changes, maybe the SOA. */
static ditto_version_t *
random_edit(ditto_version_t *old, uint32_t serial)
{
	ditto_version_t *v = NULL;
	ditto_version_edit(old, &v);
	unsigned int nops = rnd(12);
	for (unsigned int i = 0; i < nops; i++) {
		const cand_t *c = &pool[rnd((uint32_t)npool)];
		ditto_rr_t rr = cand_rr(c, ttls[rnd(2)]);
		ditto_result_t r;
		switch (rnd(3)) {
		case 0:
			add_cand(v, c, rr.ttl);
			break;
		default:
			r = ditto_version_delrr(v, &rr);
			assert_true(r == DITTO_R_SUCCESS ||
			            r == DITTO_R_NOTFOUND);
			break;
		}
	}
	if (rnd(4) != 0) {
		set_soa(v, serial, rnd(2) == 0 ? 3600 : 7200);
	}
	ditto_version_commit(v);
	return v;
}

/* Apply a diff to \a old as the journal replays a step. */
static ditto_version_t *
apply(ditto_version_t *old, const ditto_journal_step_t *s)
{
	ditto_version_t *v = NULL;
	ditto_version_edit(old, &v);
	assert_true(s->ndel >= 1 && s->nadd >= 1);
	assert_int_equal(s->del[0].type, DITTO_TYPE_SOA);
	assert_int_equal(s->add[0].type, DITTO_TYPE_SOA);
	assert_int_equal(ditto_version_delrrset(v, origin, DITTO_TYPE_SOA, 0),
	                 DITTO_R_SUCCESS);
	for (size_t i = 1; i < s->ndel; i++) {
		assert_int_equal(ditto_version_delrr(v, &s->del[i]),
		                 DITTO_R_SUCCESS);
	}
	for (size_t i = 0; i < s->nadd; i++) {
		assert_int_equal(ditto_version_addrr(v, &s->add[i],
		                                     DITTO_VERSION_TTL_REPLACE,
		                                     NULL),
		                 DITTO_R_SUCCESS);
	}
	ditto_version_commit(v);
	return v;
}

static char *
dumptext(const ditto_version_t *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_version(&d, v), DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	return buf;
}

static void
assert_same(const ditto_version_t *a, const ditto_version_t *b)
{
	char *ta = dumptext(a), *tb = dumptext(b);
	assert_string_equal(ta, tb);
	libc_free(ta);
	libc_free(tb);
}

/* The TTL of record \a rr in \a v, or -1 when \a v lacks it. */
static long
ttl_in(const ditto_version_t *v, const ditto_rr_t *rr)
{
	uint16_t covers =
	        rr->type == DITTO_TYPE_RRSIG ? ditto_read16(rr->rdata) : 0;
	bool n3 = rr->type == DITTO_TYPE_NSEC3 || covers == DITTO_TYPE_NSEC3;
	const ditto_node_t *node = ditto_tree_get(
	        n3 ? ditto_version_nsec3tree(v) : ditto_version_tree(v),
	        rr->owner);
	const ditto_rrset_t *set =
	        node != NULL ? ditto_node_find(node, rr->type, covers) : NULL;
	if (set == NULL || ditto_rrset_find(set, rr->rdata, rr->rdlen) < 0) {
		return -1;
	}
	return (long)set->ttl;
}

/* No record is both deleted and added unless its TTL changed; every
 * deleted record is in old with that TTL, every added one in new. */
static void
assert_minimal(const ditto_version_t *old, const ditto_version_t *new_,
               const ditto_journal_step_t *s)
{
	for (size_t i = 1; i < s->ndel; i++) {
		assert_int_equal(ttl_in(old, &s->del[i]), s->del[i].ttl);
		assert_int_not_equal(ttl_in(new_, &s->del[i]), s->del[i].ttl);
	}
	for (size_t i = 1; i < s->nadd; i++) {
		assert_int_equal(ttl_in(new_, &s->add[i]), s->add[i].ttl);
		assert_int_not_equal(ttl_in(old, &s->add[i]), s->add[i].ttl);
	}
}

static void
random_edits(void **state)
{
	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL;
	size_t total = 0, empties = 0;
	for (unsigned int round = 0; round < 400; round++) {
		ditto_version_t *old = random_version(100 + round);
		ditto_version_t *new_ = random_edit(old, 101 + round);
		ditto_diff_t d;
		assert_int_equal(ditto_diff_versions(old, new_, &d, NULL),
		                 DITTO_R_SUCCESS);
		uint32_t so = 0, sn = 0;
		assert_true(ditto_version_serial(old, &so));
		assert_true(ditto_version_serial(new_, &sn));
		assert_int_equal(d.step.from, so);
		assert_int_equal(d.step.to, sn);
		assert_minimal(old, new_, &d.step);
		ditto_version_t *got = apply(old, &d.step);
		assert_same(got, new_);
		assert_int_equal(ditto_version_records(got),
		                 ditto_version_records(new_));
		total += d.step.ndel + d.step.nadd;
		empties += ditto_diff_empty(&d) ? 1 : 0;
		ditto_diff_clear(&d);
		/* And back: new -> old. */
		assert_int_equal(ditto_diff_versions(new_, old, &d, NULL),
		                 DITTO_R_SUCCESS);
		ditto_version_t *back = apply(new_, &d.step);
		assert_same(back, old);
		ditto_diff_clear(&d);
		ditto_version_detach(&back);
		ditto_version_detach(&got);
		ditto_version_detach(&new_);
		ditto_version_detach(&old);
	}
	/* The generator exercised both outcomes. */
	assert_true(total > 400 * 2);
	assert_true(empties > 0 && empties < 400);
}

/* Two unrelated random versions: the diff rebuilds one from the other. */
static void
unrelated(void **state)
{
	(void)state;
	rng_state = 12345;
	for (unsigned int round = 0; round < 100; round++) {
		ditto_version_t *a = random_version(1);
		ditto_version_t *b = random_version(2);
		ditto_diff_t d;
		assert_int_equal(ditto_diff_versions(a, b, &d, NULL),
		                 DITTO_R_SUCCESS);
		assert_minimal(a, b, &d.step);
		ditto_version_t *got = apply(a, &d.step);
		assert_same(got, b);
		ditto_diff_clear(&d);
		ditto_version_detach(&got);
		ditto_version_detach(&a);
		ditto_version_detach(&b);
	}
}

static size_t
count_type(const ditto_rr_t *rrs, size_t n, uint16_t type)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		k += rrs[i].type == type ? 1 : 0;
	}
	return k;
}

/* Same data: empty; a TTL change: the RRset deleted and added whole. */
static void
ttl_change_and_empty(void **state)
{
	(void)state;
	ditto_version_t *a = NULL, *b = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &a);
	set_soa(a, 7, 3600);
	for (size_t i = 0; i < 3; i++) {
		add_cand(a, &pool[i], 300); /* n0 A x3 */
	}
	add_cand(a, &pool[3], 300); /* n0 TXT */
	ditto_version_commit(a);

	ditto_diff_t d;
	assert_int_equal(ditto_diff_versions(a, a, &d, NULL), DITTO_R_SUCCESS);
	assert_true(ditto_diff_empty(&d));
	assert_int_equal(d.step.from, 7);
	assert_int_equal(d.step.to, 7);
	ditto_diff_clear(&d);

	ditto_version_edit(a, &b);
	add_cand(b, &pool[0], 600); /* n0 A: TTL 300 -> 600 */
	set_soa(b, 8, 3600);
	ditto_version_commit(b);
	assert_int_equal(ditto_diff_versions(a, b, &d, NULL), DITTO_R_SUCCESS);
	assert_false(ditto_diff_empty(&d));
	assert_int_equal(d.step.ndel, 4);
	assert_int_equal(d.step.nadd, 4);
	assert_int_equal(count_type(d.step.del, d.step.ndel, DITTO_TYPE_A), 3);
	assert_int_equal(count_type(d.step.add, d.step.nadd, DITTO_TYPE_A), 3);
	for (size_t i = 1; i < 4; i++) {
		assert_int_equal(d.step.del[i].ttl, 300);
		assert_int_equal(d.step.add[i].ttl, 600);
	}
	ditto_diff_clear(&d);
	ditto_version_detach(&b);

	/* Only the SOA serial changed: one delete, one add, not empty. */
	ditto_version_edit(a, &b);
	set_soa(b, 9, 3600);
	ditto_version_commit(b);
	assert_int_equal(ditto_diff_versions(a, b, &d, NULL), DITTO_R_SUCCESS);
	assert_false(ditto_diff_empty(&d));
	assert_int_equal(d.step.ndel, 1);
	assert_int_equal(d.step.nadd, 1);
	ditto_diff_clear(&d);
	ditto_version_detach(&b);
	ditto_version_detach(&a);
}

/* NSEC3 data and RRSIGs are diffed too, in their own tree. */
static void
nsec3_and_sigs(void **state)
{
	(void)state;
	ditto_version_t *a = NULL, *b = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &a);
	set_soa(a, 1, 3600);
	ditto_version_commit(a);
	ditto_version_edit(a, &b);
	set_soa(b, 2, 3600);
	for (size_t i = 0; i < npool; i++) {
		if (pool[i].type == DITTO_TYPE_NSEC3 ||
		    pool[i].type == DITTO_TYPE_RRSIG) {
			add_cand(b, &pool[i], 300);
		}
	}
	ditto_version_commit(b);
	assert_true(ditto_tree_count(ditto_version_nsec3tree(b)) == 2);
	ditto_diff_t d;
	assert_int_equal(ditto_diff_versions(a, b, &d, NULL), DITTO_R_SUCCESS);
	assert_int_equal(d.step.ndel, 1);
	assert_int_equal(count_type(d.step.add, d.step.nadd, DITTO_TYPE_NSEC3),
	                 3);
	assert_int_equal(d.step.nadd, ditto_version_records(b));
	ditto_version_t *got = apply(a, &d.step);
	assert_same(got, b);
	ditto_diff_clear(&d);
	ditto_version_detach(&got);
	ditto_version_detach(&b);
	ditto_version_detach(&a);
}

/* A version without an SOA is refused with a reason. */
static void
no_soa(void **state)
{
	(void)state;
	ditto_version_t *a = NULL, *b = NULL;
	ditto_version_create(origin, DITTO_CLASS_IN, &a);
	add_cand(a, &pool[0], 300);
	ditto_version_commit(a);
	ditto_version_create(origin, DITTO_CLASS_IN, &b);
	set_soa(b, 1, 3600);
	ditto_version_commit(b);
	ditto_diff_t d;
	ditto_err_t err;
	memset(&d, 0xa5, sizeof(d));
	assert_int_equal(ditto_diff_versions(a, b, &d, &err), DITTO_R_NOTFOUND);
	assert_non_null(strstr(err.msg, "old"));
	assert_int_equal(ditto_diff_versions(b, a, &d, &err), DITTO_R_NOTFOUND);
	assert_non_null(strstr(err.msg, "new"));
	ditto_version_detach(&a);
	ditto_version_detach(&b);
}

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(ditto_name_fromtext("example.com.", 12, NULL, origin,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	pool_build();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_edits),
		cmocka_unit_test(unrelated),
		cmocka_unit_test(ttl_change_and_empty),
		cmocka_unit_test(nsec3_and_sigs),
		cmocka_unit_test(no_soa),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

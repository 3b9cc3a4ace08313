/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC value codec and framing: captured frames, limits, garbage. */
#include "testutil.h"

/* Decode a frame's body, re-encode it: the bytes must be identical. */
static void
reencode(const uint8_t *frame, size_t len)
{
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_sexpr_t *t = NULL;
	assert_int_equal(
	        ditto_ccwire_fromwire(frame + 8, len - 8, &a, &t, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccwire_size(t), len - 8);
	uint8_t *out = malloc(len);
	ditto_buf_t b;
	ditto_buf_init(&b, out, len - 8);
	assert_int_equal(ditto_ccwire_towire(t, &b), DITTO_R_SUCCESS);
	assert_bytes(out, b.pos, frame + 8, len - 8);
	free(out);
	ditto_arena_clear(&a);
}

static void
vectors_reencode(void **state)
{
	(void)state;
	reencode(vec_c1, sizeof(vec_c1));
	reencode(vec_s1, sizeof(vec_s1));
	reencode(vec_c2, sizeof(vec_c2));
	reencode(vec_s2, sizeof(vec_s2));
	reencode(vec_m1, sizeof(vec_m1));
}

static void
vectors_content(void **state)
{
	(void)state;
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_ccmsg_t m;
	const char *s = NULL;
	uint32_t u = 0;
	assert_int_equal(
	        ditto_ccmsg_parse(vec_s1, sizeof(vec_s1), &a, &m, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(m.region - vec_s1, 118);
	assert_int_equal(m.regionlen, 142);
	assert_int_equal(ditto_sexpr_lookupu32(m.ctrl, "_ser", &u),
	                 DITTO_R_SUCCESS);
	assert_int_equal(u, 2710406894u);
	assert_int_equal(ditto_sexpr_lookupu32(m.ctrl, "_nonce", &u),
	                 DITTO_R_SUCCESS);
	assert_int_equal(u, VEC_NONCE);
	assert_int_equal(ditto_sexpr_lookupstr(m.ctrl, "_rpl", &s),
	                 DITTO_R_SUCCESS);
	assert_string_equal(s, "1");
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "type", &s),
	                 DITTO_R_SUCCESS);
	assert_string_equal(s, "null");
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "result", &s),
	                 DITTO_R_SUCCESS);
	assert_string_equal(s, "0");
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "err", &s),
	                 DITTO_R_NOTFOUND);
	/* order of the reply's _ctrl */
	const char *order[] = { "_ser", "_tim", "_exp", "_rpl", "_nonce" };
	ditto_sexpr_t *c = m.ctrl->first;
	for (size_t i = 0; i < 5; i++, c = c->next) {
		assert_non_null(c);
		assert_string_equal(c->key, order[i]);
	}
	assert_null(c);
	assert_int_equal(
	        ditto_ccmsg_parse(vec_s2, sizeof(vec_s2), &a, &m, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "text", &s),
	                 DITTO_R_SUCCESS);
	assert_int_equal(strlen(s), 556);
	assert_true(strncmp(s, "version: BIND 9.18.49", 21) == 0);
	assert_int_equal(
	        ditto_ccmsg_parse(vec_m1, sizeof(vec_m1), &a, &m, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(m.region - vec_m1, 51);
	ditto_arena_clear(&a);
}

static void
numbers(void **state)
{
	(void)state;
	assert_int_equal(ditto_sexpr_tou32((const uint8_t *)"1795218885", 10),
	                 1795218885u);
	assert_int_equal(ditto_sexpr_tou32((const uint8_t *)"abc", 3), 0);
	assert_int_equal(ditto_sexpr_tou32((const uint8_t *)"12x", 3), 12);
	assert_int_equal(ditto_sexpr_tou32((const uint8_t *)"", 0), 0);
	assert_int_equal(ditto_sexpr_tou32((const uint8_t *)"4294967295", 10),
	                 UINT32_MAX);
}

static void
set_replaces(void **state)
{
	(void)state;
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_sexpr_t *t = ditto_sexpr_table(&a);
	ditto_sexpr_setstr(t, &a, "a", "1");
	ditto_sexpr_setstr(t, &a, "b", "2");
	ditto_sexpr_setstr(t, &a, "a", "3");
	assert_int_equal(t->count, 2);
	assert_string_equal(t->first->key, "a");
	assert_string_equal((char *)t->first->data, "3");
	/* decoding a duplicate key: the second value wins */
	static const uint8_t dup[] = { 1, 'k', 1, 0, 0, 0, 1, 'x',
		                       1, 'k', 1, 0, 0, 0, 1, 'y' };
	ditto_sexpr_t *d = NULL;
	assert_int_equal(ditto_ccwire_fromwire(dup, sizeof(dup), &a, &d, NULL),
	                 DITTO_R_SUCCESS);
	const char *s = NULL;
	assert_int_equal(ditto_sexpr_lookupstr(d, "k", &s), DITTO_R_SUCCESS);
	assert_string_equal(s, "y");
	ditto_arena_clear(&a);
}

/* A table body of \a levels nested non-empty tables. */
static size_t
nest(uint8_t *buf, unsigned levels)
{
	/* innermost: one binary entry "v"="x" */
	uint8_t inner[] = { 1, 'v', 1, 0, 0, 0, 1, 'x' };
	size_t n = sizeof(inner);
	memcpy(buf, inner, n);
	for (unsigned i = 0; i < levels; i++) {
		memmove(buf + 7, buf, n);
		buf[0] = 1;
		buf[1] = 't';
		buf[2] = DITTO_SEXPR_TABLE;
		ditto_write32(buf + 3, (uint32_t)n);
		n += 7;
	}
	return n;
}

static void
depth_limit(void **state)
{
	(void)state;
	uint8_t buf[256];
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_sexpr_t *t = NULL;
	ditto_err_t err;
	size_t n = nest(buf, 4);
	assert_int_equal(ditto_ccwire_fromwire(buf, n, &a, &t, NULL),
	                 DITTO_R_SUCCESS);
	n = nest(buf, 5);
	assert_int_equal(ditto_ccwire_fromwire(buf, n, &a, &t, &err),
	                 DITTO_R_FORMERR);
	assert_non_null(strstr(err.msg, "deep"));
	/* an empty table at level 5 is fine */
	static const uint8_t empty5[] = { 1, 't', 2,   0, 0,   0, 28,  1, 't',
		                          2, 0,   0,   0, 21,  1, 't', 2, 0,
		                          0, 0,   14,  1, 't', 2, 0,   0, 0,
		                          7, 1,   't', 2, 0,   0, 0,   0 };
	assert_int_equal(
	        ditto_ccwire_fromwire(empty5, sizeof(empty5), &a, &t, NULL),
	        DITTO_R_SUCCESS);
	ditto_arena_clear(&a);
}

static void
garbage(void **state)
{
	(void)state;
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_sexpr_t *t = NULL;
	/* type 0 ("string") is rejected */
	static const uint8_t t0[] = { 1, 'k', 0, 0, 0, 0, 1, 'x' };
	assert_int_equal(ditto_ccwire_fromwire(t0, sizeof(t0), &a, &t, NULL),
	                 DITTO_R_FORMERR);
	static const uint8_t t4[] = { 1, 'k', 4, 0, 0, 0, 0 };
	assert_int_equal(ditto_ccwire_fromwire(t4, sizeof(t4), &a, &t, NULL),
	                 DITTO_R_FORMERR);
	/* a length past the end, huge length, truncated key and header */
	static const uint8_t past[] = { 1, 'k', 1, 0, 0, 0, 9, 'x' };
	assert_int_equal(
	        ditto_ccwire_fromwire(past, sizeof(past), &a, &t, NULL),
	        DITTO_R_FORMERR);
	static const uint8_t huge[] = { 1, 'k', 2, 0xff, 0xff, 0xff, 0xff };
	assert_int_equal(
	        ditto_ccwire_fromwire(huge, sizeof(huge), &a, &t, NULL),
	        DITTO_R_FORMERR);
	static const uint8_t key[] = { 9, 'k' };
	assert_int_equal(ditto_ccwire_fromwire(key, sizeof(key), &a, &t, NULL),
	                 DITTO_R_FORMERR);
	static const uint8_t hdr[] = { 1, 'k', 1, 0, 0 };
	assert_int_equal(ditto_ccwire_fromwire(hdr, sizeof(hdr), &a, &t, NULL),
	                 DITTO_R_FORMERR);
	/* a nested length that escapes its parent */
	static const uint8_t esc[] = { 1, 'k', 2, 0, 0, 0,   7,   1,  'v',
		                       1, 0,   0, 0, 3, 'a', 'b', 'c' };
	assert_int_equal(ditto_ccwire_fromwire(esc, sizeof(esc), &a, &t, NULL),
	                 DITTO_R_FORMERR);
	/* lists decode, and round trip */
	static const uint8_t list[] = { 1, 'l', 3, 0,   0, 0, 11, 1, 0,
		                        0, 0,   1, 'a', 2, 0, 0,  0, 0 };
	assert_int_equal(
	        ditto_ccwire_fromwire(list, sizeof(list), &a, &t, NULL),
	        DITTO_R_SUCCESS);
	ditto_sexpr_t *l = ditto_sexpr_lookup(t, "l");
	assert_int_equal(l->type, DITTO_SEXPR_LIST);
	assert_int_equal(l->count, 2);
	uint8_t out[32];
	ditto_buf_t b;
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(ditto_ccwire_towire(t, &b), DITTO_R_SUCCESS);
	assert_bytes(out, b.pos, list, sizeof(list));
	ditto_buf_init(&b, out, 5);
	assert_int_equal(ditto_ccwire_towire(t, &b), DITTO_R_NOSPACE);
	ditto_arena_clear(&a);
}

static void
frame_parse_errors(void **state)
{
	(void)state;
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_ccmsg_t m;
	uint8_t f[sizeof(vec_c1)];
	/* truncated frame: prefix no longer matches */
	assert_int_equal(
	        ditto_ccmsg_parse(vec_c1, sizeof(vec_c1) - 1, &a, &m, NULL),
	        DITTO_R_FORMERR);
	assert_int_equal(ditto_ccmsg_parse(vec_c1, 3, &a, &m, NULL),
	                 DITTO_R_FORMERR);
	/* bad version */
	memcpy(f, vec_c1, sizeof(f));
	f[7] = 2;
	assert_int_equal(ditto_ccmsg_parse(f, sizeof(f), &a, &m, NULL),
	                 DITTO_R_FORMERR);
	/* _auth not first: rename it */
	memcpy(f, vec_c1, sizeof(f));
	f[9] = 'X';
	assert_int_equal(ditto_ccmsg_parse(f, sizeof(f), &a, &m, NULL),
	                 DITTO_R_FORMERR);
	/* empty body */
	static const uint8_t empty[] = { 0, 0, 0, 4, 0, 0, 0, 1 };
	assert_int_equal(ditto_ccmsg_parse(empty, sizeof(empty), &a, &m, NULL),
	                 DITTO_R_FORMERR);
	ditto_arena_clear(&a);
}

static void
reader(void **state)
{
	(void)state;
	ditto_ccmsg_reader_t r;
	const uint8_t *frame = NULL;
	size_t flen = 0, used = 0;
	/* 7 bytes at a time, then two frames in one read */
	ditto_ccmsg_reader_init(&r, DITTO_CCMSG_MAXREQUEST);
	size_t off = 0;
	ditto_result_t res = DITTO_R_NOMORE;
	while (res == DITTO_R_NOMORE) {
		size_t n = sizeof(vec_c1) - off < 7 ? sizeof(vec_c1) - off : 7;
		res = ditto_ccmsg_reader_feed(&r, vec_c1 + off, n, &used,
		                              &frame, &flen);
		off += used;
	}
	assert_int_equal(res, DITTO_R_SUCCESS);
	assert_bytes(frame, flen, vec_c1, sizeof(vec_c1));
	uint8_t two[sizeof(vec_c1) + sizeof(vec_c2)];
	memcpy(two, vec_c1, sizeof(vec_c1));
	memcpy(two + sizeof(vec_c1), vec_c2, sizeof(vec_c2));
	assert_int_equal(ditto_ccmsg_reader_feed(&r, two, sizeof(two), &used,
	                                         &frame, &flen),
	                 DITTO_R_SUCCESS);
	assert_int_equal(used, sizeof(vec_c1));
	assert_int_equal(ditto_ccmsg_reader_feed(&r, two + used,
	                                         sizeof(two) - used, &used,
	                                         &frame, &flen),
	                 DITTO_R_SUCCESS);
	assert_bytes(frame, flen, vec_c2, sizeof(vec_c2));
	ditto_ccmsg_reader_clear(&r);
	/* limits: 32768 is accepted, 32769 and 0 are not */
	static const uint8_t ok[] = { 0, 0, 0x80, 0 };
	static const uint8_t big[] = { 0, 0, 0x80, 1 };
	static const uint8_t zero[] = { 0, 0, 0, 0 };
	assert_int_equal(
	        ditto_ccmsg_reader_feed(&r, ok, 4, &used, &frame, &flen),
	        DITTO_R_NOMORE);
	ditto_ccmsg_reader_clear(&r);
	assert_int_equal(
	        ditto_ccmsg_reader_feed(&r, big, 4, &used, &frame, &flen),
	        DITTO_R_RANGE);
	ditto_ccmsg_reader_clear(&r);
	assert_int_equal(
	        ditto_ccmsg_reader_feed(&r, zero, 4, &used, &frame, &flen),
	        DITTO_R_UNEXPECTEDEND);
	ditto_ccmsg_reader_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_reencode),
		cmocka_unit_test(vectors_content),
		cmocka_unit_test(numbers),
		cmocka_unit_test(set_replaces),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(garbage),
		cmocka_unit_test(frame_parse_errors),
		cmocka_unit_test(reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

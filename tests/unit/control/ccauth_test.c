/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC authentication: captured signatures, algorithms, time, replay. */
#include "testutil.h"

static ditto_result_t
verify_frame(const uint8_t *frame, size_t len, const ditto_ccauth_key_t *key)
{
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_ccmsg_t m;
	size_t which = 0;
	ditto_result_t r = ditto_ccmsg_parse(frame, len, &a, &m, NULL);
	if (r == DITTO_R_SUCCESS) {
		r = ditto_ccmsg_verify(&m, key, 1, &which);
	}
	ditto_arena_clear(&a);
	return r;
}

static void
vectors_verify(void **state)
{
	(void)state;
	ditto_ccauth_key_t sha, md5;
	key_sha256(&sha);
	key_md5(&md5);
	assert_int_equal(sha.secretlen, 33);
	assert_memory_equal(sha.secret, "secret-key-for-ditto-rndc-tests01",
	                    33);
	assert_int_equal(verify_frame(vec_c1, sizeof(vec_c1), &sha),
	                 DITTO_R_SUCCESS);
	assert_int_equal(verify_frame(vec_s1, sizeof(vec_s1), &sha),
	                 DITTO_R_SUCCESS);
	assert_int_equal(verify_frame(vec_c2, sizeof(vec_c2), &sha),
	                 DITTO_R_SUCCESS);
	assert_int_equal(verify_frame(vec_s2, sizeof(vec_s2), &sha),
	                 DITTO_R_SUCCESS);
	assert_int_equal(verify_frame(vec_m1, sizeof(vec_m1), &md5),
	                 DITTO_R_SUCCESS);
	/* wrong algorithm / wrong key */
	assert_int_equal(verify_frame(vec_c1, sizeof(vec_c1), &md5),
	                 DITTO_R_CC_BADAUTH);
	assert_int_equal(verify_frame(vec_m1, sizeof(vec_m1), &sha),
	                 DITTO_R_CC_BADAUTH);
	ditto_ccauth_key_t other = sha;
	other.secret[0] ^= 1;
	assert_int_equal(verify_frame(vec_c1, sizeof(vec_c1), &other),
	                 DITTO_R_CC_BADAUTH);
	/* same secret, other SHA: the algorithm byte differs */
	ditto_ccauth_key_t s512 = sha;
	s512.alg = DITTO_HMAC_SHA512;
	assert_int_equal(verify_frame(vec_c1, sizeof(vec_c1), &s512),
	                 DITTO_R_CC_BADAUTH);
	/* one flipped bit anywhere in the signed region or the MAC */
	uint8_t f[sizeof(vec_c2)];
	for (size_t i = 29; i < sizeof(f); i += 3) {
		memcpy(f, vec_c2, sizeof(f));
		f[i] ^= 0x20;
		assert_int_not_equal(verify_frame(f, sizeof(f), &sha),
		                     DITTO_R_SUCCESS);
	}
	/* the signature as in §9: base64 at 30..73, then 44 NULs */
	assert_memory_equal(vec_c1 + 30,
	                    "z5dT/paQEoIDZ9gWGW6Ciw9GfR12XMgEVpcwiv5G124=", 44);
}

static void
sign_matches_vectors(void **state)
{
	(void)state;
	ditto_ccauth_key_t sha, md5;
	key_sha256(&sha);
	key_md5(&md5);
	uint8_t out[128];
	ditto_buf_t b;
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(
	        ditto_ccauth_sign(&sha, vec_s2 + 118, sizeof(vec_s2) - 118, &b),
	        DITTO_R_SUCCESS);
	assert_bytes(out, b.pos, vec_s2 + 8, 110);
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(
	        ditto_ccauth_sign(&md5, vec_m1 + 51, sizeof(vec_m1) - 51, &b),
	        DITTO_R_SUCCESS);
	assert_bytes(out, b.pos, vec_m1 + 8, 43);
	ditto_buf_init(&b, out, 40);
	assert_int_equal(
	        ditto_ccauth_sign(&md5, vec_m1 + 51, sizeof(vec_m1) - 51, &b),
	        DITTO_R_NOSPACE);
}

static void
all_algorithms(void **state)
{
	(void)state;
	static const char *const names[] = { "hmac-md5",    "hmac-sha1",
		                             "HMAC-SHA224", "hmac-sha256",
		                             "hmac-sha384", "hmac-sha512" };
	static const size_t entry[] = { 43, 110, 110, 110, 110, 110 };
	static const uint8_t code[] = { 157, 161, 162, 163, 164, 165 };
	for (size_t i = 0; i < 6; i++) {
		ditto_ccauth_key_t k, wrong;
		assert_int_equal(ditto_ccauth_key_init(&k, names[i],
		                                       SHA256_SECRET, NULL),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_ccauth_entrysize(k.alg), entry[i]);
		assert_int_equal(ditto_ccauth_algcode(k.alg), code[i]);
		ditto_arena_t a;
		ditto_arena_init(&a, 0);
		ditto_sexpr_t *top = ditto_sexpr_table(&a);
		ditto_sexpr_t *data = ditto_sexpr_table(&a);
		ditto_sexpr_setstr(data, &a, "type", "status");
		ditto_sexpr_set(top, &a, "_data", 5, data);
		uint8_t buf[256];
		ditto_buf_t b;
		ditto_buf_init(&b, buf, sizeof(buf));
		assert_int_equal(ditto_ccmsg_render(&k, top, &b),
		                 DITTO_R_SUCCESS);
		assert_int_equal(b.pos, 8 + entry[i] + 27);
		assert_int_equal(verify_frame(buf, b.pos, &k), DITTO_R_SUCCESS);
		wrong = k;
		wrong.alg = (ditto_hmac_alg_t)((k.alg + 1) % DITTO_HMAC_NALGS);
		assert_int_equal(verify_frame(buf, b.pos, &wrong),
		                 DITTO_R_CC_BADAUTH);
		ditto_arena_clear(&a);
	}
	ditto_ccauth_key_t k;
	ditto_err_t err;
	assert_int_equal(
	        ditto_ccauth_key_init(&k, "hmac-sha3", SHA256_SECRET, &err),
	        DITTO_R_NOTFOUND);
	assert_int_equal(ditto_ccauth_key_init(&k, "hmac-md5", "!!!", &err),
	                 DITTO_R_BADBASE64);
	char big[1500];
	memset(big, 'A', 1400);
	big[1400] = 0;
	assert_int_equal(ditto_ccauth_key_init(&k, "hmac-md5", big, &err),
	                 DITTO_R_RANGE);
	ditto_ccauth_key_clear(&k);
}

static void
clock_rules(void **state)
{
	(void)state;
	uint64_t now = 1000000;
	assert_int_equal(ditto_ccauth_checktime(now, false, 0, now),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccauth_checktime(now - 300, false, 0, now),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccauth_checktime(now + 300, false, 0, now),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccauth_checktime(now - 301, false, 0, now),
	                 DITTO_R_CC_CLOCKSKEW);
	assert_int_equal(ditto_ccauth_checktime(now + 301, false, 0, now),
	                 DITTO_R_CC_CLOCKSKEW);
	assert_int_equal(ditto_ccauth_checktime(now, true, now, now),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccauth_checktime(now, true, now - 1, now),
	                 DITTO_R_CC_EXPIRED);
	/* rndc 61 s behind: _exp passed though within the skew */
	assert_int_equal(ditto_ccauth_checktime(now - 61, true, now - 1, now),
	                 DITTO_R_CC_EXPIRED);
}

static void
replay_rules(void **state)
{
	(void)state;
	ditto_ccauth_replay_t *c = ditto_ccauth_replay_create(3);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "1", "100", 100),
	        DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "1", "100", 101),
	        DITTO_R_CC_DUPLICATE);
	/* missing _frm equals empty _frm */
	assert_int_equal(ditto_ccauth_replay_check(c, "", "", "1", "100", 101),
	                 DITTO_R_CC_DUPLICATE);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, "a", NULL, "1", "100", 101),
	        DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "1 ", "100", 101),
	        DITTO_R_FAILURE);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, "x\ty", "1", "100", 101),
	        DITTO_R_FAILURE);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "2", "100", 102),
	        DITTO_R_SUCCESS);
	/* full of live entries */
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "3", "100", 102),
	        DITTO_R_TOOMANY);
	/* 899 s later the first is still there, at 900 it is gone */
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "1", "100", 999),
	        DITTO_R_CC_DUPLICATE);
	assert_int_equal(
	        ditto_ccauth_replay_check(c, NULL, NULL, "1", "100", 1000),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccauth_replay_count(c), 3);
	ditto_ccauth_replay_destroy(&c);
	assert_null(c);
	ditto_ccauth_replay_destroy(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_verify),
		cmocka_unit_test(sign_matches_vectors),
		cmocka_unit_test(all_algorithms),
		cmocka_unit_test(clock_rules),
		cmocka_unit_test(replay_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of lib/util/hmac: RFC 2202 and RFC 4231 vectors, incremental use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/hmac.h"

static void
tohex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		sprintf(out + 2 * i, "%02x", d[i]);
	}
	out[2 * n] = '\0';
}

/* RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-2) test case 2: key "Jefe". */
static const char *const jefe[DITTO_HMAC_NALGS] = {
	"750c783e6ab0b503eaa86e310a5db738",
	"effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	"a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
	"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	"af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec373632244"
	"5e8e2240ca5e69e2c78b3239ecfab21649",
	"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505"
	"549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bc"
	"e737",
};

/* Test case 1: key 0x0b x 16 (MD5) or x 20, data "Hi There". */
static const char *const hithere[DITTO_HMAC_NALGS] = {
	"9294727a3638bb1c13f48ef8158bfc9d",
	"b617318655057264e28bc0b6fb378c8ef146be00",
	"896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	"afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc5"
	"9cfaea9ea9076ede7f4af152e8b2fa9cb6",
	"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17c"
	"dedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a12"
	"6854",
};

static void
test_vectors(void **state)
{
	(void)state;
	static const char data[] = "what do ya want for nothing?";
	uint8_t key1[20], out[DITTO_HMAC_MAXLEN];
	char hex[2 * DITTO_HMAC_MAXLEN + 1];
	size_t len = 0;
	memset(key1, 0x0b, sizeof(key1));
	for (int a = 0; a < DITTO_HMAC_NALGS; a++) {
		assert_int_equal(ditto_hmac(a, (const uint8_t *)"Jefe", 4, data,
		                            strlen(data), out, &len),
		                 DITTO_R_SUCCESS);
		assert_int_equal(len, ditto_hmac_length(a));
		tohex(out, len, hex);
		assert_string_equal(hex, jefe[a]);
		size_t kl = a == DITTO_HMAC_MD5 ? 16 : 20;
		assert_int_equal(
		        ditto_hmac(a, key1, kl, "Hi There", 8, out, &len),
		        DITTO_R_SUCCESS);
		tohex(out, len, hex);
		assert_string_equal(hex, hithere[a]);
	}
}

static void
test_lengths(void **state)
{
	(void)state;
	static const size_t want[] = { 16, 20, 28, 32, 48, 64 };
	for (int a = 0; a < DITTO_HMAC_NALGS; a++) {
		assert_int_equal(ditto_hmac_length(a), want[a]);
	}
	assert_int_equal(ditto_hmac_length(DITTO_HMAC_NALGS), 0);
	ditto_hmac_t h;
	assert_int_equal(ditto_hmac_init(&h, DITTO_HMAC_NALGS, NULL, 0),
	                 DITTO_R_RANGE);
}

/* Feeding byte by byte gives the one-shot result. */
static void
test_incremental(void **state)
{
	(void)state;
	static const char data[] = "Test Using Larger Than Block-Size Key - "
	                           "Hash Key First";
	uint8_t key[131], a[DITTO_HMAC_MAXLEN], b[DITTO_HMAC_MAXLEN];
	char hex[2 * DITTO_HMAC_MAXLEN + 1];
	size_t alen = 0, blen = 0;
	memset(key, 0xaa, sizeof(key));
	ditto_hmac_t h;
	assert_int_equal(
	        ditto_hmac_init(&h, DITTO_HMAC_SHA256, key, sizeof(key)),
	        DITTO_R_SUCCESS);
	for (size_t i = 0; i < strlen(data); i++) {
		ditto_hmac_update(&h, data + i, 1);
	}
	ditto_hmac_update(&h, NULL, 0);
	assert_int_equal(ditto_hmac_final(&h, a, &alen), DITTO_R_SUCCESS);
	assert_null(h.ctx);
	assert_int_equal(ditto_hmac(DITTO_HMAC_SHA256, key, sizeof(key), data,
	                            strlen(data), b, &blen),
	                 DITTO_R_SUCCESS);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	tohex(a, alen, hex); /* RFC 4231 test case 6 */
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f"
	                         "8e0bc6213728c5140546040f0ee37f54");
	/* a context released without a result can be cleared again */
	assert_int_equal(ditto_hmac_init(&h, DITTO_HMAC_MD5, key, 3),
	                 DITTO_R_SUCCESS);
	ditto_hmac_update(&h, "x", 1);
	ditto_hmac_clear(&h);
	ditto_hmac_clear(&h);
	assert_null(h.ctx);
	/* final on an idle context fails */
	assert_int_equal(ditto_hmac_final(&h, a, &alen), DITTO_R_FAILURE);
}

/* An empty key is HMAC's all-zero key (python: hmac.new(b'', b'abc')). */
static void
test_emptykey(void **state)
{
	(void)state;
	uint8_t out[DITTO_HMAC_MAXLEN], z[DITTO_HMAC_MAXLEN];
	char hex[2 * DITTO_HMAC_MAXLEN + 1];
	size_t len = 0, zlen = 0;
	static const uint8_t zeros[8] = { 0 };
	assert_int_equal(
	        ditto_hmac(DITTO_HMAC_SHA256, NULL, 0, "abc", 3, out, &len),
	        DITTO_R_SUCCESS);
	tohex(out, len, hex);
	assert_string_equal(hex, "fd7adb152c05ef80dccf50a1fa4c05d5"
	                         "a3ec6da95575fc312ae7c5d091836351");
	assert_int_equal(ditto_hmac(DITTO_HMAC_SHA256, zeros, sizeof(zeros),
	                            "abc", 3, z, &zlen),
	                 DITTO_R_SUCCESS);
	assert_memory_equal(out, z, len);
}

static void
test_equal(void **state)
{
	(void)state;
	uint8_t a[32], b[32];
	memset(a, 7, sizeof(a));
	memset(b, 7, sizeof(b));
	assert_true(ditto_hmac_equal(a, b, sizeof(a)));
	b[31] ^= 1;
	assert_false(ditto_hmac_equal(a, b, sizeof(a)));
	assert_true(ditto_hmac_equal(a, b, 31));
	b[0] ^= 0x80;
	assert_false(ditto_hmac_equal(a, b, 1));
	assert_true(ditto_hmac_equal(a, b, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_emptykey),
		cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

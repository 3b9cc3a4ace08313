/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of lib/util base64, hex and base32hex (RFC 4648 vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/base64.h"
#include "util/hex.h"

static const struct {
	const char *plain, *b64, *b32hex;
} vectors[] = {
	{ "", "", "" },
	{ "f", "Zg==", "CO" },
	{ "fo", "Zm8=", "CPNG" },
	{ "foo", "Zm9v", "CPNMU" },
	{ "foob", "Zm9vYg==", "CPNMUOG" },
	{ "fooba", "Zm9vYmE=", "CPNMUOJ1" },
	{ "foobar", "Zm9vYmFy", "CPNMUOJ1E8" },
};

static void
test_base64_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char enc[64];
		uint8_t dec[64];
		ditto_buf_t b;
		const char *p = vectors[i].plain;
		assert_int_equal(ditto_base64_encode((const uint8_t *)p,
		                                     strlen(p), enc,
		                                     sizeof(enc)),
		                 DITTO_R_SUCCESS);
		assert_string_equal(enc, vectors[i].b64);
		assert_int_equal(ditto_base64_encoded_len(strlen(p)),
		                 strlen(enc));
		ditto_buf_init(&b, dec, sizeof(dec));
		assert_int_equal(ditto_base64_decode(enc, strlen(enc), &b),
		                 DITTO_R_SUCCESS);
		assert_int_equal(b.pos, strlen(p));
		assert_memory_equal(dec, p, b.pos);
	}
}

static ditto_result_t
b64(const char *s, size_t *outlen)
{
	uint8_t dec[64];
	ditto_buf_t b;
	ditto_buf_init(&b, dec, sizeof(dec));
	ditto_result_t r = ditto_base64_decode(s, strlen(s), &b);
	*outlen = b.pos;
	return r;
}

static void
test_base64_errors(void **state)
{
	(void)state;
	size_t n;
	assert_int_equal(b64("A", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AB==", &n), DITTO_R_BADBASE64); /* pad bits */
	assert_int_equal(b64("AAB=", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("A===", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AA==AAAA", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AA=A", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AA A", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AA-_", &n), DITTO_R_BADBASE64);
	assert_int_equal(b64("AA==", &n), DITTO_R_SUCCESS);
	assert_int_equal(n, 1);
	/* a quantum may span feeds */
	ditto_base64_dec_t d;
	uint8_t out[8];
	ditto_buf_t b;
	ditto_buf_init(&b, out, sizeof(out));
	ditto_base64_dec_init(&d);
	assert_int_equal(ditto_base64_dec_feed(&d, "Zm", 2, &b),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_base64_dec_finish(&d), DITTO_R_BADBASE64);
	assert_int_equal(ditto_base64_dec_feed(&d, "9v", 2, &b),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_base64_dec_finish(&d), DITTO_R_SUCCESS);
	assert_memory_equal(out, "foo", 3);
	/* no space */
	ditto_buf_init(&b, out, 2);
	assert_int_equal(ditto_base64_decode("Zm9v", 4, &b), DITTO_R_NOSPACE);
	char small[4];
	assert_int_equal(ditto_base64_encode((const uint8_t *)"foo", 3, small,
	                                     sizeof(small)),
	                 DITTO_R_NOSPACE);
}

static void
test_hex(void **state)
{
	(void)state;
	uint8_t out[8];
	char enc[17];
	ditto_buf_t b;
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(ditto_hex_decode("0aFf", 4, &b), DITTO_R_SUCCESS);
	assert_int_equal(b.pos, 2);
	assert_int_equal(out[0], 0x0a);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(ditto_hex_encode(out, 2, enc, sizeof(enc)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(enc, "0AFF");
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(ditto_hex_decode("abc", 3, &b), DITTO_R_BADHEX);
	ditto_buf_init(&b, out, sizeof(out));
	assert_int_equal(ditto_hex_decode("0x", 2, &b), DITTO_R_BADHEX);
	/* a byte may straddle two tokens */
	ditto_hex_dec_t d;
	ditto_buf_init(&b, out, sizeof(out));
	ditto_hex_dec_init(&d);
	assert_int_equal(ditto_hex_dec_feed(&d, "a", 1, &b), DITTO_R_SUCCESS);
	assert_int_equal(ditto_hex_dec_finish(&d), DITTO_R_BADHEX);
	assert_int_equal(ditto_hex_dec_feed(&d, "b", 1, &b), DITTO_R_SUCCESS);
	assert_int_equal(ditto_hex_dec_finish(&d), DITTO_R_SUCCESS);
	assert_int_equal(out[0], 0xab);
	ditto_buf_init(&b, out, 1);
	assert_int_equal(ditto_hex_decode("0102", 4, &b), DITTO_R_NOSPACE);
}

static void
test_base32hex(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char enc[64];
		uint8_t dec[64];
		ditto_buf_t b;
		const char *p = vectors[i].plain;
		assert_int_equal(ditto_base32hex_encode((const uint8_t *)p,
		                                        strlen(p), enc,
		                                        sizeof(enc)),
		                 DITTO_R_SUCCESS);
		assert_string_equal(enc, vectors[i].b32hex);
		ditto_buf_init(&b, dec, sizeof(dec));
		assert_int_equal(ditto_base32hex_decode(enc, strlen(enc), &b),
		                 DITTO_R_SUCCESS);
		assert_int_equal(b.pos, strlen(p));
		assert_memory_equal(dec, p, b.pos);
	}
	uint8_t dec[64];
	ditto_buf_t b;
	ditto_buf_init(&b, dec, sizeof(dec));
	assert_int_equal(ditto_base32hex_decode("cpnmu", 5, &b),
	                 DITTO_R_SUCCESS); /* either case */
	ditto_buf_init(&b, dec, sizeof(dec));
	assert_int_equal(ditto_base32hex_decode("C", 1, &b), DITTO_R_SYNTAX);
	ditto_buf_init(&b, dec, sizeof(dec));
	assert_int_equal(ditto_base32hex_decode("CP", 2, &b),
	                 DITTO_R_SYNTAX); /* leftover bits set */
	ditto_buf_init(&b, dec, sizeof(dec));
	assert_int_equal(ditto_base32hex_decode("CW", 2, &b), DITTO_R_SYNTAX);
	ditto_buf_init(&b, dec, sizeof(dec));
	assert_int_equal(ditto_base32hex_decode("CO==", 4, &b), DITTO_R_SYNTAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_vectors),
		cmocka_unit_test(test_base64_errors),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_base32hex),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of lib/tsig keys and keyrings (algorithm names as named.conf). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "tsig/keyring.h"
#include "tsig/tsigkey.h"

static ditto_tsigkey_t *
mkkey(const char *name, const char *alg, ditto_result_t want,
      const char *wantmsg)
{
	ditto_tsigkey_t *key = NULL;
	ditto_err_t err;
	err.msg[0] = '\0';
	ditto_result_t r =
	        ditto_tsigkey_fromtext(name, alg, "c2VjcmV0", &key, &err);
	assert_int_equal(r, want);
	if (wantmsg != NULL) {
		assert_string_equal(err.msg, wantmsg);
	}
	if (r != DITTO_R_SUCCESS) {
		assert_null(key);
	}
	return key;
}

static void
test_algorithms(void **state)
{
	(void)state;
	static const struct {
		const char *text, *algtext, *wire;
		ditto_hmac_alg_t hmac;
		size_t maclen;
	} ok[] = {
		{ "hmac-md5", "hmac-md5", "hmac-md5.sig-alg.reg.int.",
		  DITTO_HMAC_MD5, 16 },
		{ "HMAC-MD5.SIG-ALG.REG.INT", "hmac-md5",
		  "hmac-md5.sig-alg.reg.int.", DITTO_HMAC_MD5, 16 },
		{ "hmac-md5.sig-alg.reg.int.", "hmac-md5",
		  "hmac-md5.sig-alg.reg.int.", DITTO_HMAC_MD5, 16 },
		{ "hmac-sha1", "hmac-sha1", "hmac-sha1.", DITTO_HMAC_SHA1, 20 },
		{ "hmac-sha224", "hmac-sha224", "hmac-sha224.",
		  DITTO_HMAC_SHA224, 28 },
		{ "Hmac-Sha256", "hmac-sha256", "hmac-sha256.",
		  DITTO_HMAC_SHA256, 32 },
		{ "hmac-sha384", "hmac-sha384", "hmac-sha384.",
		  DITTO_HMAC_SHA384, 48 },
		{ "hmac-sha512", "hmac-sha512", "hmac-sha512.",
		  DITTO_HMAC_SHA512, 64 },
		{ "hmac-sha256-128", "hmac-sha256-128", "hmac-sha256.",
		  DITTO_HMAC_SHA256, 16 },
		{ "hmac-md5-80", "hmac-md5-80", "hmac-md5.sig-alg.reg.int.",
		  DITTO_HMAC_MD5, 10 },
		{ "hmac-sha1-80", "hmac-sha1-80", "hmac-sha1.", DITTO_HMAC_SHA1,
		  10 },
		{ "hmac-sha512-256", "hmac-sha512-256", "hmac-sha512.",
		  DITTO_HMAC_SHA512, 32 },
		{ "hmac-sha256-256", "hmac-sha256-256", "hmac-sha256.",
		  DITTO_HMAC_SHA256, 32 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ditto_tsigkey_t *key =
		        mkkey("K1.Example", ok[i].text, DITTO_R_SUCCESS, NULL);
		char text[DITTO_NAME_MAXTEXT];
		assert_int_equal(ditto_name_totext(ditto_tsigkey_algname(key),
		                                   NULL, text, sizeof(text),
		                                   NULL),
		                 DITTO_R_SUCCESS);
		assert_string_equal(text, ok[i].wire);
		assert_string_equal(ditto_tsigkey_algtext(key), ok[i].algtext);
		assert_int_equal(ditto_tsigkey_hmac(key), ok[i].hmac);
		assert_int_equal(ditto_tsigkey_maclen(key), ok[i].maclen);
		/* the name is stored lower-cased */
		assert_memory_equal(ditto_tsigkey_name(key),
		                    "\x02k1\x07"
		                    "example",
		                    12);
		ditto_hmac_alg_t alg = DITTO_HMAC_NALGS;
		assert_int_equal(ditto_tsigkey_algfromwire(
		                         ditto_tsigkey_algname(key), &alg),
		                 DITTO_R_SUCCESS);
		assert_int_equal(alg, ok[i].hmac);
		ditto_tsigkey_destroy(&key);
		assert_null(key);
	}
	ditto_tsigkey_destroy(NULL);
}

/* The texts are named-checkconf's (9.18), after "key 'x' ". */
static void
test_bad_algorithms(void **state)
{
	(void)state;
	mkkey("k", "hmac-sha256.", DITTO_R_NOTIMPLEMENTED,
	      "unknown algorithm 'hmac-sha256.'");
	mkkey("k", "hmac-sha3", DITTO_R_NOTIMPLEMENTED,
	      "unknown algorithm 'hmac-sha3'");
	mkkey("k", "hmac-sha256-", DITTO_R_NOTIMPLEMENTED, NULL);
	mkkey("k", "hmac-sha256-12x", DITTO_R_NOTIMPLEMENTED, NULL);
	mkkey("k", "hmac-sha256-64", DITTO_R_RANGE,
	      "digest-bits too small [<128]");
	mkkey("k", "hmac-sha256-8", DITTO_R_RANGE,
	      "digest-bits too small [<128]");
	mkkey("k", "hmac-sha256-129", DITTO_R_RANGE,
	      "digest-bits not multiple of 8");
	mkkey("k", "hmac-sha256-512", DITTO_R_RANGE,
	      "digest-bits too large [128..256]");
	/* md5: at least 80 bits, though the message says half */
	mkkey("k", "hmac-md5-64", DITTO_R_RANGE, "digest-bits too small [<64]");
	mkkey("k", "hmac-md5-72", DITTO_R_RANGE, "digest-bits too small [<64]");
	mkkey("k", "hmac-sha512-184", DITTO_R_RANGE,
	      "digest-bits too small [<256]");
	mkkey("k", "hmac-sha256-0", DITTO_R_RANGE, NULL);
	ditto_tsigkey_t *key = NULL;
	ditto_err_t err;
	assert_int_equal(
	        ditto_tsigkey_fromtext("k", "hmac-sha256", "!!!!", &key, &err),
	        DITTO_R_BADBASE64);
	assert_null(key);
	assert_int_equal(ditto_tsigkey_fromtext("bad..name", "hmac-sha256",
	                                        "c2VjcmV0", &key, &err),
	                 DITTO_R_EMPTYLABEL);
	assert_null(key);
}

static void
test_keyring(void **state)
{
	(void)state;
	ditto_keyring_t *ring = ditto_keyring_create();
	char name[64];
	/* enough keys to grow the table several times */
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "Key%d.Example.", i);
		ditto_tsigkey_t *key =
		        mkkey(name, i % 2 ? "hmac-sha256" : "hmac-md5",
		              DITTO_R_SUCCESS, NULL);
		assert_int_equal(ditto_keyring_add(ring, &key),
		                 DITTO_R_SUCCESS);
		assert_null(key);
	}
	assert_int_equal(ditto_keyring_count(ring), 200);
	/* duplicates, ignoring case, are refused; the caller keeps the key */
	ditto_tsigkey_t *dup =
	        mkkey("KEY7.EXAMPLE", "hmac-sha1", DITTO_R_SUCCESS, NULL);
	assert_int_equal(ditto_keyring_add(ring, &dup), DITTO_R_EXISTS);
	assert_non_null(dup);
	ditto_tsigkey_destroy(&dup);

	ditto_name_storage_t wname;
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "kEY%d.eXAMPLE.", i);
		assert_int_equal(ditto_name_fromtext(name, strlen(name), NULL,
		                                     wname, NULL, NULL),
		                 DITTO_R_SUCCESS);
		const ditto_tsigkey_t *k =
		        ditto_keyring_find(ring, wname, NULL);
		assert_non_null(k);
		assert_true(ditto_name_equal(ditto_tsigkey_name(k), wname));
		const uint8_t *right = ditto_tsigkey_algname(k);
		assert_ptr_equal(ditto_keyring_find(ring, wname, right), k);
		/* the right name with another algorithm is no key (BADKEY) */
		const uint8_t *other =
		        i % 2 ? (const uint8_t *)"\x09hmac-sha1"
		              : (const uint8_t *)"\x0bHMAC-SHA256";
		assert_null(ditto_keyring_find(ring, wname, other));
	}
	assert_int_equal(
	        ditto_name_fromtext("nokey.", 6, NULL, wname, NULL, NULL),
	        DITTO_R_SUCCESS);
	assert_null(ditto_keyring_find(ring, wname, NULL));
	assert_null(ditto_keyring_find(NULL, wname, NULL));
	/* upper-case algorithm names match too */
	assert_int_equal(ditto_name_fromtext("key0.example.", 13, NULL, wname,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	assert_non_null(ditto_keyring_find(
	        ring, wname,
	        (const uint8_t *)"\x08HMAC-MD5\x07SIG-ALG\x03REG\x03INT"));
	ditto_keyring_destroy(&ring);
	assert_null(ring);
	ditto_keyring_destroy(&ring);
}

static void
test_algfromwire(void **state)
{
	(void)state;
	ditto_hmac_alg_t alg;
	assert_int_equal(ditto_tsigkey_algfromwire(
	                         (const uint8_t *)"\x0bhmac-sha384", &alg),
	                 DITTO_R_SUCCESS);
	assert_int_equal(alg, DITTO_HMAC_SHA384);
	/* BIND's short md5 name is not a wire algorithm name */
	assert_int_equal(ditto_tsigkey_algfromwire(
	                         (const uint8_t *)"\x08hmac-md5", &alg),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(ditto_tsigkey_algfromwire(
	                         (const uint8_t *)"\x08gss-tsig", &alg),
	                 DITTO_R_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_bad_algorithms),
		cmocka_unit_test(test_keyring),
		cmocka_unit_test(test_algfromwire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

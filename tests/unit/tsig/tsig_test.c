/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG sign/verify round trips, streams, limits and error answers. */
#include "dns/rcode.h"

#include "testutil.h"

#define NOW 1800000000U

static const char *const algs[] = {
	"hmac-md5",    "hmac-sha1",   "hmac-sha224",     "hmac-sha256",
	"hmac-sha384", "hmac-sha512", "hmac-sha256-128", "hmac-sha1-80",
};

/* A query for example.com/SOA with id 0x4444. */
static size_t
make_query(uint8_t *buf)
{
	static const uint8_t q[] = { 0x44, 0x44, 0x01, 0x00, 0, 1,   0,   0,
		                     0,    0,    0,    0,    7, 'e', 'x', 'a',
		                     'm',  'p',  'l',  'e',  3, 'c', 'o', 'm',
		                     0,    0,    6,    0,    1 };
	memcpy(buf, q, sizeof(q));
	return sizeof(q);
}

/* A response to it: id 0x4444, QR|AA, one question, \a i in an A record. */
static size_t
make_response(uint8_t *buf, unsigned int i)
{
	size_t len = make_query(buf);
	buf[2] = 0x84;
	buf[7] = 1; /* ANCOUNT */
	static const uint8_t a[] = { 0xc0, 12,   0, 1, 0,   1, 0, 0,
		                     0x0e, 0x10, 0, 4, 192, 0, 2 };
	memcpy(buf + len, a, sizeof(a));
	len += sizeof(a);
	buf[len++] = (uint8_t)i;
	return len;
}

static ditto_keyring_t *
ring_with(const char *name, const char *alg, const char *secret)
{
	ditto_keyring_t *ring = ditto_keyring_create();
	ditto_tsigkey_t *key = NULL;
	assert_int_equal(ditto_tsigkey_fromtext(name, alg, secret, &key, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_keyring_add(ring, &key), DITTO_R_SUCCESS);
	return ring;
}

static const ditto_tsigkey_t *
only_key(const ditto_keyring_t *ring, const char *name)
{
	ditto_name_storage_t w;
	assert_int_equal(
	        ditto_name_fromtext(name, strlen(name), NULL, w, NULL, NULL),
	        DITTO_R_SUCCESS);
	const ditto_tsigkey_t *k = ditto_keyring_find(ring, w, NULL);
	assert_non_null(k);
	return k;
}

/* Client signs, server verifies and streams \a n responses, every
 * \a every-th signed (and the last), client verifies. */
static void
stream_roundtrip(const char *alg, unsigned int n, unsigned int every)
{
	ditto_keyring_t *ring = ring_with("xfr-key.", alg, "c2VjcmV0IGtleQ==");
	const ditto_tsigkey_t *key = only_key(ring, "xfr-key.");
	uint8_t q[512], r[512];
	size_t qlen = make_query(q), rlen;
	ditto_tsig_t c, s;
	ditto_msg_t qm, rm;

	ditto_tsig_init(&c, key);
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &qlen, sizeof(q), NOW, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_read16(q + 10), 1);
	parse(q, qlen, &qm);
	size_t maclen;
	(void)tsig_mac(&qm, &maclen);
	assert_int_equal(maclen, ditto_tsigkey_maclen(key));
	assert_int_equal(
	        ditto_tsig_verify_request(&s, ring, &qm, NOW + 5, NULL),
	        DITTO_R_SUCCESS);
	assert_ptr_equal(s.key, key);
	for (unsigned int i = 0; i < n; i++) {
		rlen = make_response(r, i);
		bool sign = i == 0 || i == n - 1 || i % every == 0;
		if (sign) {
			assert_int_equal(ditto_tsig_sign_response(
			                         &s, r, &rlen, sizeof(r),
			                         NOW + 6 + i, NULL),
			                 DITTO_R_SUCCESS);
		} else {
			assert_int_equal(ditto_tsig_add_unsigned(&s, r, rlen),
			                 DITTO_R_SUCCESS);
		}
		parse(r, rlen, &rm);
		assert_int_equal(rm.has_tsig, sign);
		assert_int_equal(
		        ditto_tsig_verify_response(&c, &rm, NOW + 7, NULL),
		        DITTO_R_SUCCESS);
		assert_int_equal(c.last_signed, sign);
	}
	assert_int_equal(ditto_tsig_verify_end(&c, NULL), DITTO_R_SUCCESS);
	ditto_tsig_clear(&c);
	ditto_tsig_clear(&s);
	ditto_keyring_destroy(&ring);
}

static void
test_roundtrip(void **state)
{
	(void)state;
	for (size_t a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		stream_roundtrip(algs[a], 1, 1);
		stream_roundtrip(algs[a], 6, 1);
		stream_roundtrip(algs[a], 12, 5);
	}
	/* 99 unsigned messages between two signed ones are allowed */
	stream_roundtrip("hmac-sha256", 101, 100);
}

/* Stream limits: 100 unsigned in a row, unsigned first or last. */
static void
test_stream_limits(void **state)
{
	(void)state;
	ditto_keyring_t *ring = ring_with("k.", "hmac-sha256", "a2V5");
	const ditto_tsigkey_t *key = only_key(ring, "k.");
	uint8_t q[512], r[512];
	size_t qlen = make_query(q), rlen;
	ditto_tsig_t c, s;
	ditto_msg_t qm, rm;
	ditto_err_t err;

	ditto_tsig_init(&c, key);
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &qlen, sizeof(q), NOW, NULL),
	        DITTO_R_SUCCESS);
	parse(q, qlen, &qm);
	assert_int_equal(ditto_tsig_verify_request(&s, ring, &qm, NOW, NULL),
	                 DITTO_R_SUCCESS);

	/* an unsigned first response */
	rlen = make_response(r, 0);
	parse(r, rlen, &rm);
	ditto_tsig_t c2 = c;
	assert_int_equal(ditto_tsig_verify_response(&c2, &rm, NOW, &err),
	                 DITTO_R_TSIG_UNSIGNED);
	assert_string_equal(err.msg, "expected a TSIG or SIG(0)");
	assert_string_equal(err.summary, "first response is not signed");
	/* sticky */
	assert_int_equal(ditto_tsig_verify_response(&c2, &rm, NOW, NULL),
	                 DITTO_R_TSIG_UNSIGNED);

	rlen = make_response(r, 0);
	assert_int_equal(
	        ditto_tsig_sign_response(&s, r, &rlen, sizeof(r), NOW, NULL),
	        DITTO_R_SUCCESS);
	parse(r, rlen, &rm);
	assert_int_equal(ditto_tsig_verify_response(&c, &rm, NOW, NULL),
	                 DITTO_R_SUCCESS);
	for (unsigned int i = 1; i <= DITTO_TSIG_MAXUNSIGNED; i++) {
		rlen = make_response(r, i);
		assert_int_equal(ditto_tsig_add_unsigned(&s, r, rlen),
		                 DITTO_R_SUCCESS);
		parse(r, rlen, &rm);
		assert_int_equal(ditto_tsig_verify_response(&c, &rm, NOW, NULL),
		                 DITTO_R_SUCCESS);
	}
	/* the 100th unsigned one */
	rlen = make_response(r, 100);
	assert_int_equal(ditto_tsig_add_unsigned(&s, r, rlen), DITTO_R_TOOMANY);
	parse(r, rlen, &rm);
	assert_int_equal(ditto_tsig_verify_response(&c, &rm, NOW, &err),
	                 DITTO_R_TSIG_UNSIGNED);
	assert_string_equal(err.summary, "too many unsigned messages");
	assert_int_equal(ditto_tsig_verify_end(&c, NULL),
	                 DITTO_R_TSIG_UNSIGNED);
	ditto_tsig_clear(&c);
	ditto_tsig_clear(&s);
	ditto_tsig_clear(&c2);
	ditto_keyring_destroy(&ring);
}

/* Signing: no space, ARCOUNT full; the message stays as it was. */
static void
test_sign_limits(void **state)
{
	(void)state;
	ditto_keyring_t *ring = ring_with("k.", "hmac-sha512", "a2V5");
	uint8_t q[512], copy[512];
	size_t qlen = make_query(q), len = qlen;
	memcpy(copy, q, qlen);
	ditto_tsig_t c;
	ditto_tsig_init(&c, only_key(ring, "k."));
	/* name 3 + 10 + alg 13 + 16 + MAC 64 = 106 octets needed */
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &len, qlen + 105, NOW, NULL),
	        DITTO_R_NOSPACE);
	assert_int_equal(len, qlen);
	assert_memory_equal(q, copy, qlen);
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &len, qlen + 106, NOW, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(len, qlen + 106);
	ditto_tsig_clear(&c);

	ditto_tsig_init(&c, only_key(ring, "k."));
	memcpy(q, copy, qlen);
	q[10] = q[11] = 0xff;
	len = qlen;
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &len, sizeof(q), NOW, NULL),
	        DITTO_R_RANGE);
	ditto_tsig_clear(&c);
	ditto_keyring_destroy(&ring);
}

/* The client side of error answers: unsigned BADKEY/BADSIG are "tsig
 * indicates error", a signed BADTIME too once its MAC is checked. */
static void
test_client_errors(void **state)
{
	(void)state;
	ditto_keyring_t *mine = ring_with("k.", "hmac-sha256", "a2V5");
	ditto_keyring_t *theirs = ring_with("k.", "hmac-sha256", "b3RoZXI=");
	ditto_keyring_t *other = ring_with("j.", "hmac-sha256", "a2V5");
	const ditto_keyring_t *servers[] = { theirs, other, mine, mine };
	const uint64_t skew[] = { 0, 0, 1000, 0 };
	const ditto_result_t sres[] = { DITTO_R_TSIG_BADSIG,
		                        DITTO_R_TSIG_BADKEY,
		                        DITTO_R_TSIG_BADTIME, DITTO_R_SUCCESS };
	const uint16_t errors[] = { DITTO_RCODE_BADSIG, DITTO_RCODE_BADKEY,
		                    DITTO_RCODE_BADTIME, 0 };
	const char *texts[] = { "tsig indicates error (BADSIG)",
		                "tsig indicates error (BADKEY)",
		                "tsig indicates error (BADTIME)", NULL };
	for (int i = 0; i < 4; i++) {
		uint8_t q[512], r[512];
		size_t qlen = make_query(q), rlen = 0;
		ditto_tsig_t c, s;
		ditto_msg_t qm, rm;
		ditto_err_t err;
		ditto_tsig_init(&c, only_key(mine, "k."));
		assert_int_equal(ditto_tsig_sign_request(&c, q, &qlen,
		                                         sizeof(q), NOW, NULL),
		                 DITTO_R_SUCCESS);
		parse(q, qlen, &qm);
		assert_int_equal(ditto_tsig_verify_request(&s, servers[i], &qm,
		                                           NOW + skew[i], NULL),
		                 sres[i]);
		if (sres[i] == DITTO_R_SUCCESS) {
			/* a good answer with one MAC bit flipped, then late */
			rlen = make_response(r, 1);
			assert_int_equal(ditto_tsig_sign_response(&s, r, &rlen,
			                                          sizeof(r),
			                                          NOW, NULL),
			                 DITTO_R_SUCCESS);
			parse(r, rlen, &rm);
			size_t ml;
			uint8_t *mac = (uint8_t *)tsig_mac(&rm, &ml);
			ditto_tsig_t c2 = c;
			mac[ml - 1] ^= 1;
			assert_int_equal(
			        ditto_tsig_verify_response(&c2, &rm, NOW, &err),
			        DITTO_R_TSIG_BADSIG);
			assert_string_equal(err.msg,
			                    "tsig verify failure (BADSIG)");
			assert_string_equal(err.summary,
			                    "signature failed to verify");
			mac[ml - 1] ^= 1;
			c2 = c;
			assert_int_equal(ditto_tsig_verify_response(
			                         &c2, &rm, NOW - 301, &err),
			                 DITTO_R_TSIG_BADTIME);
			assert_string_equal(err.summary,
			                    "signature is in the future");
			assert_int_equal(ditto_tsig_verify_response(
			                         &c, &rm, NOW + 300, NULL),
			                 DITTO_R_SUCCESS);
			ditto_tsig_clear(&s);
			ditto_tsig_clear(&c);
			continue;
		}
		assert_int_equal(s.error, errors[i]);
		assert_int_equal(ditto_tsig_error_response(&s, &qm, r,
		                                           sizeof(r), &rlen,
		                                           NOW + skew[i], NULL),
		                 DITTO_R_SUCCESS);
		parse(r, rlen, &rm);
		assert_int_equal(rm.hdr.rcode, DITTO_RCODE_NOTAUTH);
		assert_int_equal(rm.hdr.id, 0x4444);
		assert_true(rm.has_question);
		size_t maclen;
		(void)tsig_mac(&rm, &maclen);
		assert_int_equal(maclen, i == 2 ? 32 : 0);
		err.msg[0] = '\0';
		/* the answer names the request's key, so it is the
		 * server's error the client reports */
		assert_int_equal(ditto_tsig_verify_response(&c, &rm, NOW, &err),
		                 DITTO_R_TSIG_ERRORSET);
		assert_int_equal(c.error, errors[i]);
		assert_string_equal(err.msg, texts[i]);
		ditto_tsig_clear(&s);
		ditto_tsig_clear(&c);
	}
	ditto_keyring_destroy(&mine);
	ditto_keyring_destroy(&theirs);
	ditto_keyring_destroy(&other);
}

/* A request without TSIG; key names ignore case. */
static void
test_request_cases(void **state)
{
	(void)state;
	ditto_keyring_t *ring = ring_with("Key.Example.", "hmac-sha1", "a2V5");
	ditto_keyring_t *upper = ring_with("KEY.EXAMPLE.", "hmac-sha1", "a2V5");
	uint8_t q[512];
	size_t qlen = make_query(q);
	ditto_msg_t qm;
	ditto_tsig_t s, c;
	ditto_err_t err;
	parse(q, qlen, &qm);
	assert_int_equal(ditto_tsig_verify_request(&s, ring, &qm, NOW, &err),
	                 DITTO_R_TSIG_UNSIGNED);
	ditto_tsig_init(&c, only_key(upper, "key.example."));
	assert_int_equal(
	        ditto_tsig_sign_request(&c, q, &qlen, sizeof(q), NOW, NULL),
	        DITTO_R_SUCCESS);
	parse(q, qlen, &qm);
	assert_int_equal(ditto_tsig_verify_request(&s, ring, &qm, NOW, &err),
	                 DITTO_R_SUCCESS);
	ditto_tsig_clear(&s);
	/* an unknown key: no key, and the answer is unsigned */
	ditto_keyring_t *none = ditto_keyring_create();
	assert_int_equal(ditto_tsig_verify_request(&s, none, &qm, NOW, &err),
	                 DITTO_R_TSIG_BADKEY);
	assert_null(s.key);
	assert_string_equal(err.msg,
	                    "TSIG key.example: tsig verify failure (BADKEY)");
	ditto_tsig_clear(&s);
	ditto_tsig_clear(&c);
	ditto_keyring_destroy(&none);
	ditto_keyring_destroy(&upper);
	ditto_keyring_destroy(&ring);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_stream_limits),
		cmocka_unit_test(test_sign_limits),
		cmocka_unit_test(test_client_errors),
		cmocka_unit_test(test_request_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

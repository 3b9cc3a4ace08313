/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG against dnspython: vectors.h (gen_vectors.py) for every algorithm.
 * With DITTO_TSIG_EXPORT=DIR set, it also writes ditto-signed messages
 * there for interop.py to verify with dnspython (tests/golden/tsig). */
#include "testutil.h"
#include "vectors.h"

#define NVEC (sizeof(vectors) / sizeof(vectors[0]))

static ditto_keyring_t *
ring_for(const struct vector *v)
{
	ditto_tsigkey_t *key = NULL;
	ditto_name_storage_t name;
	assert_int_equal(ditto_name_fromtext(v->keyname, strlen(v->keyname),
	                                     NULL, name, NULL, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_tsigkey_create(name, v->alg, v->secret,
	                                      v->secretlen, &key, NULL),
	                 DITTO_R_SUCCESS);
	ditto_keyring_t *ring = ditto_keyring_create();
	assert_int_equal(ditto_keyring_add(ring, &key), DITTO_R_SUCCESS);
	return ring;
}

/* The TSIG rdata of two messages are the same (names may differ in case:
 * ditto writes the key's and algorithm's lower-cased names). */
static void
same_signature(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	ditto_msg_t ma, mb;
	parse(a, alen, &ma);
	parse(b, blen, &mb);
	assert_int_equal(ma.tsig_offset, mb.tsig_offset);
	assert_memory_equal(a, b, ma.tsig_offset);
	assert_true(ditto_name_equal(ma.tsig_owner, mb.tsig_owner));
	/* dnspython writes HMAC-MD5.SIG-ALG.REG.INT. in upper case */
	assert_int_equal(ma.tsig.rdlen, mb.tsig.rdlen);
	assert_true(ditto_name_equal(ma.tsig.rdata, mb.tsig.rdata));
	size_t n = ditto_name_length(ma.tsig.rdata);
	assert_memory_equal(ma.tsig.rdata + n, mb.tsig.rdata + n,
	                    ma.tsig.rdlen - n);
}

static void
test_verify_dnspython(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		const struct vector *v = &vectors[i];
		ditto_keyring_t *ring = ring_for(v);
		ditto_msg_t q, r;
		ditto_tsig_t s, c;
		parse(v->query, v->querylen, &q);
		/* as a server */
		assert_int_equal(ditto_tsig_verify_request(&s, ring, &q,
		                                           VECTOR_TIME, NULL),
		                 DITTO_R_SUCCESS);
		/* as a client: the single response, then the stream */
		client_for(&c, s.key, &q);
		parse(v->resp, v->resplen, &r);
		assert_int_equal(ditto_tsig_verify_response(
		                         &c, &r, VECTOR_TIME + 10, NULL),
		                 DITTO_R_SUCCESS);
		ditto_tsig_clear(&c);
		client_for(&c, s.key, &q);
		for (int k = 0; k < 4; k++) {
			parse(v->stream[k], v->streamlen[k], &r);
			assert_int_equal(r.has_tsig, k != 2);
			assert_int_equal(ditto_tsig_verify_response(
			                         &c, &r, VECTOR_TIME, NULL),
			                 DITTO_R_SUCCESS);
			assert_int_equal(c.last_signed, k != 2);
		}
		assert_int_equal(ditto_tsig_verify_end(&c, NULL),
		                 DITTO_R_SUCCESS);
		ditto_tsig_clear(&c);
		ditto_tsig_clear(&s);
		ditto_keyring_destroy(&ring);
	}
}

/* ditto's signatures equal dnspython's for the same messages and time. */
static void
test_sign_like_dnspython(void **state)
{
	(void)state;
	uint8_t buf[2048];
	for (size_t i = 0; i < NVEC; i++) {
		const struct vector *v = &vectors[i];
		ditto_keyring_t *ring = ring_for(v);
		ditto_msg_t q, m;
		ditto_tsig_t s, c;
		size_t len;

		/* the request */
		parse(v->query, v->querylen, &q);
		ditto_tsig_init(&c,
		                ditto_keyring_find(ring, q.tsig_owner, NULL));
		len = strip_tsig(&q, buf);
		assert_int_equal(ditto_tsig_sign_request(&c, buf, &len,
		                                         sizeof(buf),
		                                         VECTOR_TIME, NULL),
		                 DITTO_R_SUCCESS);
		same_signature(buf, len, v->query, v->querylen);
		ditto_tsig_clear(&c);

		/* the stream, third message unsigned */
		assert_int_equal(ditto_tsig_verify_request(&s, ring, &q,
		                                           VECTOR_TIME, NULL),
		                 DITTO_R_SUCCESS);
		for (int k = 0; k < 4; k++) {
			if (k == 2) {
				assert_int_equal(ditto_tsig_add_unsigned(
				                         &s, v->stream[k],
				                         v->streamlen[k]),
				                 DITTO_R_SUCCESS);
				continue;
			}
			parse(v->stream[k], v->streamlen[k], &m);
			len = strip_tsig(&m, buf);
			assert_int_equal(ditto_tsig_sign_response(
			                         &s, buf, &len, sizeof(buf),
			                         VECTOR_TIME, NULL),
			                 DITTO_R_SUCCESS);
			same_signature(buf, len, v->stream[k], v->streamlen[k]);
		}
		ditto_tsig_clear(&s);
		ditto_keyring_destroy(&ring);
	}
}

static void
write_msg(FILE *f, const uint8_t *wire, size_t len)
{
	uint8_t l[2];
	ditto_write16(l, (uint16_t)len);
	assert_int_equal(fwrite(l, 1, 2, f), 2);
	assert_int_equal(fwrite(wire, 1, len, f), len);
}

/* DITTO_TSIG_EXPORT=DIR: for each algorithm write DIR/<alg>.tcp: a request
 * signed by ditto, then a 4-message response stream signed by ditto (the
 * third unsigned), all as TCP frames; interop.py checks them. */
static void
test_export(void **state)
{
	(void)state;
	const char *dir = getenv("DITTO_TSIG_EXPORT");
	if (dir == NULL) {
		skip();
	}
	uint8_t buf[2048];
	for (size_t i = 0; i < NVEC; i++) {
		const struct vector *v = &vectors[i];
		ditto_keyring_t *ring = ring_for(v);
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s.tcp", dir, v->alg);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		ditto_msg_t q, m;
		ditto_tsig_t c, s;
		parse(v->query, v->querylen, &q);
		ditto_tsig_init(&c,
		                ditto_keyring_find(ring, q.tsig_owner, NULL));
		size_t len = strip_tsig(&q, buf);
		assert_int_equal(ditto_tsig_sign_request(&c, buf, &len,
		                                         sizeof(buf),
		                                         VECTOR_TIME + 7, NULL),
		                 DITTO_R_SUCCESS);
		write_msg(f, buf, len);
		uint8_t req[2048];
		size_t reqlen = len;
		memcpy(req, buf, len);
		parse(req, reqlen, &q);
		assert_int_equal(ditto_tsig_verify_request(
		                         &s, ring, &q, VECTOR_TIME + 7, NULL),
		                 DITTO_R_SUCCESS);
		for (int k = 0; k < 4; k++) {
			parse(v->stream[k], v->streamlen[k], &m);
			len = m.has_tsig ? strip_tsig(&m, buf)
			                 : v->streamlen[k];
			if (!m.has_tsig) {
				memcpy(buf, v->stream[k], len);
			}
			if (k == 2) {
				assert_int_equal(
				        ditto_tsig_add_unsigned(&s, buf, len),
				        DITTO_R_SUCCESS);
			} else {
				assert_int_equal(
				        ditto_tsig_sign_response(
				                &s, buf, &len, sizeof(buf),
				                VECTOR_TIME + 8 + k, NULL),
				        DITTO_R_SUCCESS);
			}
			write_msg(f, buf, len);
		}
		fclose(f);
		ditto_tsig_clear(&s);
		ditto_tsig_clear(&c);
		ditto_keyring_destroy(&ring);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_dnspython),
		cmocka_unit_test(test_sign_like_dnspython),
		cmocka_unit_test(test_export),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG against BIND 9.18's named: its error responses and signed AXFRs,
 * captured on loopback (tests/unit/tsig/data/README). */
#include "dns/rcode.h"

#include "testutil.h"

/* named's clock when it answered named_errors.txt */
#define NAMED_NOW 0x6b0107cfU

static const struct {
	const char *name;
	ditto_result_t result;
	uint16_t rcode;
	const char *detail;
} error_cases[] = {
	{ "good", DITTO_R_SUCCESS, 0, NULL },
	{ "badkey", DITTO_R_TSIG_BADKEY, DITTO_RCODE_NOTAUTH, "unknown key" },
	{ "badsig", DITTO_R_TSIG_BADSIG, DITTO_RCODE_NOTAUTH,
	  "signature failed to verify" },
	{ "badtrunc", DITTO_R_TSIG_BADTRUNC, DITTO_RCODE_NOTAUTH,
	  "truncated signature length too small" },
	{ "maclong", DITTO_R_TSIG_BADSIG, DITTO_RCODE_FORMERR,
	  "signature length too big" },
	{ "badtime", DITTO_R_TSIG_BADTIME, DITTO_RCODE_NOTAUTH,
	  "signature has expired" },
};

/* named's log line is "request has invalid signature: TSIG
 * k-sha256.example: tsig verify failure (BADSIG)". */
static const char *const error_logs[] = {
	NULL,
	"TSIG nokey.example: tsig verify failure (BADKEY)",
	"TSIG k-sha256.example: tsig verify failure (BADSIG)",
	"TSIG k-sha256.example: tsig verify failure (BADTRUNC)",
	"TSIG k-sha256.example: tsig verify failure (BADSIG)",
	"TSIG k-sha256.example: tsig verify failure (BADTIME)",
};

/* The good request: ditto signs named's answer byte for byte as named
 * did, and verifies named's own signature as a client. */
static void
check_good(ditto_tsig_t *ctx, const ditto_msg_t *req, const uint8_t *rsp,
           size_t rsplen)
{
	ditto_msg_t rmsg;
	uint8_t buf[1024];
	ditto_tsig_t client;

	parse(rsp, rsplen, &rmsg);
	size_t len = strip_tsig(&rmsg, buf);
	assert_int_equal(ditto_tsig_sign_response(ctx, buf, &len, sizeof(buf),
	                                          NAMED_NOW, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len, rsplen);
	assert_memory_equal(buf, rsp, rsplen);

	client_for(&client, ctx->key, req);
	assert_int_equal(
	        ditto_tsig_verify_response(&client, &rmsg, NAMED_NOW, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_tsig_verify_end(&client, NULL), DITTO_R_SUCCESS);
	ditto_tsig_clear(&client);
}

static void
test_named_errors(void **state)
{
	(void)state;
	size_t len;
	char *text = (char *)load_file("unit/tsig/data/named_errors.txt", &len);
	text[len] = '\0';
	ditto_keyring_t *ring = named_keyring();
	char *save = NULL;
	size_t n = 0;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save), n++) {
		char name[32], qhex[2048], rhex[2048];
		uint8_t q[1024], r[1024], out[1024];
		assert_int_equal(
		        sscanf(line, "%31s %2047s %2047s", name, qhex, rhex),
		        3);
		assert_true(n < sizeof(error_cases) / sizeof(error_cases[0]));
		assert_string_equal(name, error_cases[n].name);
		size_t qlen = unhex(qhex, q, sizeof(q));
		size_t rlen = unhex(rhex, r, sizeof(r));
		ditto_msg_t req;
		parse(q, qlen, &req);
		ditto_tsig_t ctx;
		ditto_err_t err;
		err.msg[0] = '\0';
		err.summary = NULL;
		ditto_result_t res = ditto_tsig_verify_request(&ctx, ring, &req,
		                                               NAMED_NOW, &err);
		assert_int_equal(res, error_cases[n].result);
		if (res == DITTO_R_SUCCESS) {
			assert_non_null(ctx.key);
			check_good(&ctx, &req, r, rlen);
			ditto_tsig_clear(&ctx);
			continue;
		}
		assert_string_equal(err.msg, error_logs[n]);
		assert_string_equal(err.summary, error_cases[n].detail);
		assert_int_equal(ctx.rcode, error_cases[n].rcode);
		size_t olen = 0;
		assert_int_equal(ditto_tsig_error_response(&ctx, &req, out,
		                                           sizeof(out), &olen,
		                                           NAMED_NOW, NULL),
		                 DITTO_R_SUCCESS);
		/* byte for byte named's answer, signed or not */
		assert_int_equal(olen, rlen);
		assert_memory_equal(out, r, rlen);
		ditto_tsig_clear(&ctx);
	}
	assert_int_equal(n, 6);
	ditto_keyring_destroy(&ring);
	free(text);
}

/* Split a TCP stream (2-octet length prefixes) into messages. */
static size_t
split(uint8_t *data, size_t len, uint8_t **msgs, size_t *lens, size_t max)
{
	size_t n = 0, pos = 0;
	while (pos + 2 <= len && n < max) {
		size_t l = ditto_read16(data + pos);
		assert_true(pos + 2 + l <= len);
		msgs[n] = data + pos + 2;
		lens[n++] = l;
		pos += 2 + l;
	}
	assert_int_equal(pos, len);
	return n;
}

static const char *const axfr_files[] = {
	"unit/tsig/data/named_axfr_sha256.tcp",
	"unit/tsig/data/named_axfr_md5.tcp",
	"unit/tsig/data/named_axfr_sha256_128.tcp",
};

typedef struct axfr {
	uint8_t *data;
	uint8_t *msgs[8];
	size_t lens[8];
	size_t n;
	ditto_msg_t req;
	const ditto_tsigkey_t *key;
	uint64_t now;
} axfr_t;

static void
load_axfr(axfr_t *a, const char *file, const ditto_keyring_t *ring)
{
	size_t len;
	a->data = load_file(file, &len);
	a->n = split(a->data, len, a->msgs, a->lens, 8);
	assert_int_equal(a->n, 4); /* request + 3 responses */
	parse(a->msgs[0], a->lens[0], &a->req);
	assert_true(a->req.has_tsig);
	a->key = ditto_keyring_find(ring, a->req.tsig_owner, NULL);
	assert_non_null(a->key);
	a->now = tsig_time(&a->req);
}

/* Verify responses 1..n-1 of \a a; returns the index that failed, or 0. */
static size_t
verify_stream(axfr_t *a, ditto_result_t *res, ditto_arena_t *arena)
{
	ditto_tsig_t c;
	client_for(&c, a->key, &a->req);
	*res = DITTO_R_SUCCESS;
	size_t bad = 0;
	for (size_t i = 1; i < a->n; i++) {
		ditto_msg_t m;
		parse_full(a->msgs[i], a->lens[i], &m, arena);
		ditto_result_t r =
		        ditto_tsig_verify_response(&c, &m, a->now, NULL);
		if (r != DITTO_R_SUCCESS && bad == 0) {
			*res = r;
			bad = i;
		}
		ditto_arena_reset(arena);
	}
	ditto_result_t r = ditto_tsig_verify_end(&c, NULL);
	if (r != DITTO_R_SUCCESS && bad == 0) {
		*res = r;
		bad = a->n;
	}
	ditto_tsig_clear(&c);
	return bad;
}

static void
test_named_axfr(void **state)
{
	(void)state;
	ditto_keyring_t *ring = named_keyring();
	ditto_arena_t arena;
	ditto_arena_init(&arena, 0);
	for (size_t f = 0; f < 3; f++) {
		axfr_t a;
		ditto_result_t res;
		load_axfr(&a, axfr_files[f], ring);
		assert_int_equal(verify_stream(&a, &res, &arena), 0);
		assert_int_equal(res, DITTO_R_SUCCESS);

		/* a flipped octet in the second response's records */
		a.msgs[2][100] ^= 0x20;
		assert_int_equal(verify_stream(&a, &res, &arena), 2);
		assert_int_equal(res, DITTO_R_TSIG_BADSIG);
		a.msgs[2][100] ^= 0x20;

		/* too late: named's fudge is 300 */
		a.now += 301;
		assert_int_equal(verify_stream(&a, &res, &arena), 1);
		assert_int_equal(res, DITTO_R_TSIG_BADTIME);
		a.now -= 301;

		/* the TSIG of the last message removed: accepted as an
		 * intermediate unsigned message, refused at the end */
		ditto_msg_t m;
		parse(a.msgs[3], a.lens[3], &m);
		a.lens[3] = strip_tsig(&m, a.msgs[3]);
		assert_int_equal(verify_stream(&a, &res, &arena), 4);
		assert_int_equal(res, DITTO_R_TSIG_UNSIGNED);
		free(a.data);

		/* the TSIG of the middle message removed: the last MAC
		 * covered it signed, so it no longer verifies */
		load_axfr(&a, axfr_files[f], ring);
		parse(a.msgs[2], a.lens[2], &m);
		a.lens[2] = strip_tsig(&m, a.msgs[2]);
		assert_int_equal(verify_stream(&a, &res, &arena), 3);
		assert_int_equal(res, DITTO_R_TSIG_BADSIG);
		free(a.data);
	}
	ditto_arena_clear(&arena);
	ditto_keyring_destroy(&ring);
}

/* As the primary: ditto signs named's AXFR messages exactly as named did
 * (first with the request MAC, then with the previous MAC and timers). */
static void
test_named_axfr_resign(void **state)
{
	(void)state;
	ditto_keyring_t *ring = named_keyring();
	for (size_t f = 0; f < 3; f++) {
		axfr_t a;
		load_axfr(&a, axfr_files[f], ring);
		ditto_tsig_t s;
		assert_int_equal(ditto_tsig_verify_request(&s, ring, &a.req,
		                                           a.now, NULL),
		                 DITTO_R_SUCCESS);
		uint8_t *buf = malloc(65535);
		assert_non_null(buf);
		for (size_t i = 1; i < a.n; i++) {
			ditto_msg_t m;
			parse(a.msgs[i], a.lens[i], &m);
			size_t len = strip_tsig(&m, buf);
			assert_int_equal(
			        ditto_tsig_sign_response(&s, buf, &len, 65535,
			                                 tsig_time(&m), NULL),
			        DITTO_R_SUCCESS);
			assert_int_equal(len, a.lens[i]);
			assert_memory_equal(buf, a.msgs[i], len);
		}
		ditto_tsig_clear(&s);
		free(buf);
		free(a.data);
	}
	ditto_keyring_destroy(&ring);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_errors),
		cmocka_unit_test(test_named_axfr),
		cmocka_unit_test(test_named_axfr_resign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

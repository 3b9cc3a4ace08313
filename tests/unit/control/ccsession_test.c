/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Client and server state machines against the captured BIND exchange. */
#include "testutil.h"

/* The status text of S2 (protocols/rndc.md §8.1). */
static char *
s2_text(void)
{
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_ccmsg_t m;
	const char *s = NULL;
	assert_int_equal(
	        ditto_ccmsg_parse(vec_s2, sizeof(vec_s2), &a, &m, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "text", &s),
	                 DITTO_R_SUCCESS);
	char *copy = malloc(strlen(s) + 1); /* cmocka's, as is free() */
	memcpy(copy, s, strlen(s) + 1);
	ditto_arena_clear(&a);
	return copy;
}

static void
client_vectors(void **state)
{
	(void)state;
	ditto_ccauth_key_t key;
	key_sha256(&key);
	ditto_ccclient_t c;
	const uint8_t *out = NULL;
	size_t len = 0, used = 0;
	ditto_ccmsg_action_t action;
	assert_int_equal(
	        ditto_ccclient_init(&c, &key, "status", VEC_SER0, VEC_NOW),
	        DITTO_R_SUCCESS);
	ditto_ccclient_output(&c, &out, &len);
	assert_bytes(out, len, vec_c1, sizeof(vec_c1));
	/* S1 in two pieces */
	assert_int_equal(ditto_ccclient_feed(&c, vec_s1, 100, VEC_NOW, &used,
	                                     &action, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_READ);
	assert_int_equal(ditto_ccclient_feed(&c, vec_s1 + 100,
	                                     sizeof(vec_s1) - 100, VEC_NOW,
	                                     &used, &action, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_SEND);
	assert_int_equal(c.nonce, VEC_NONCE);
	ditto_ccclient_output(&c, &out, &len);
	assert_bytes(out, len, vec_c2, sizeof(vec_c2));
	assert_int_equal(ditto_ccclient_feed(&c, vec_s2, sizeof(vec_s2),
	                                     VEC_NOW, &used, &action, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_DONE);
	assert_true(c.has_result);
	assert_int_equal(c.result, 0);
	assert_null(c.err);
	char *text = s2_text();
	assert_string_equal(c.text, text);
	free(text);
	ditto_ccclient_clear(&c);
}

static void
client_md5_vector(void **state)
{
	(void)state;
	ditto_ccauth_key_t key;
	key_md5(&key);
	ditto_ccclient_t c;
	const uint8_t *out = NULL;
	size_t len = 0;
	assert_int_equal(ditto_ccclient_init(&c, &key, "status", 2981785462u,
	                                     1795218890u),
	                 DITTO_R_SUCCESS);
	ditto_ccclient_output(&c, &out, &len);
	assert_bytes(out, len, vec_m1, sizeof(vec_m1));
	ditto_ccclient_clear(&c);
}

static void
client_rejects_bad_reply(void **state)
{
	(void)state;
	ditto_ccauth_key_t key, md5;
	key_sha256(&key);
	key_md5(&md5);
	ditto_ccclient_t c;
	size_t used = 0;
	ditto_ccmsg_action_t action;
	ditto_err_t err;
	uint8_t f[sizeof(vec_s1)];
	memcpy(f, vec_s1, sizeof(f));
	f[sizeof(f) - 1] = '1'; /* result 1: HMAC no longer matches */
	assert_int_equal(
	        ditto_ccclient_init(&c, &key, "status", VEC_SER0, VEC_NOW),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccclient_feed(&c, f, sizeof(f), VEC_NOW, &used,
	                                     &action, &err),
	                 DITTO_R_CC_BADAUTH);
	assert_int_equal(c.state, DITTO_CCCLIENT_FAILED);
	assert_string_equal(err.msg, "bad auth");
	ditto_ccclient_clear(&c);
	/* reply signed with another key */
	assert_int_equal(
	        ditto_ccclient_init(&c, &md5, "status", VEC_SER0, VEC_NOW),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_ccclient_feed(&c, vec_s1, sizeof(vec_s1),
	                                     VEC_NOW, &used, &action, &err),
	                 DITTO_R_CC_BADAUTH);
	ditto_ccclient_clear(&c);
	/* oversized reply frame (over 1 MiB) */
	static const uint8_t big[] = { 0, 0x10, 0, 1 };
	assert_int_equal(
	        ditto_ccclient_init(&c, &key, "status", VEC_SER0, VEC_NOW),
	        DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_ccclient_feed(&c, big, 4, VEC_NOW, &used, &action, &err),
	        DITTO_R_RANGE);
	ditto_ccclient_clear(&c);
}

/* Feed a whole frame to the server; returns the result. */
static ditto_result_t
sfeed(ditto_ccserver_t *s, const uint8_t *f, size_t len, uint64_t now,
      ditto_ccmsg_action_t *action, ditto_err_t *err)
{
	size_t used = 0;
	ditto_result_t r =
	        ditto_ccserver_feed(s, f, len, now, &used, action, err);
	if (r == DITTO_R_SUCCESS) {
		assert_int_equal(used, len);
	}
	return r;
}

static void
server_vectors(void **state)
{
	(void)state;
	ditto_ccauth_key_t keys[2];
	key_md5(&keys[0]); /* tried first, does not match */
	key_sha256(&keys[1]);
	ditto_ccauth_replay_t *rc = ditto_ccauth_replay_create(0);
	ditto_ccserver_t s;
	ditto_ccmsg_action_t action;
	const uint8_t *out = NULL;
	size_t len = 0;
	ditto_ccserver_init(&s, keys, 2, rc, VEC_NONCE);
	assert_int_equal(
	        sfeed(&s, vec_c1, sizeof(vec_c1), VEC_NOW, &action, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_SEND);
	assert_int_equal(s.key, 1);
	ditto_ccserver_output(&s, &out, &len);
	assert_bytes(out, len, vec_s1, sizeof(vec_s1));
	assert_int_equal(
	        sfeed(&s, vec_c2, sizeof(vec_c2), VEC_NOW, &action, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_DISPATCH);
	assert_string_equal(s.command, "status");
	char *text = s2_text();
	assert_int_equal(ditto_ccserver_reply(&s, 0, text, VEC_NOW),
	                 DITTO_R_SUCCESS);
	free(text);
	ditto_ccserver_output(&s, &out, &len);
	assert_bytes(out, len, vec_s2, sizeof(vec_s2));
	/* C2 again on the same connection: duplicate */
	ditto_err_t err;
	assert_int_equal(
	        sfeed(&s, vec_c2, sizeof(vec_c2), VEC_NOW, &action, &err),
	        DITTO_R_CC_DUPLICATE);
	assert_string_equal(err.msg, "duplicate");
	assert_int_equal(s.state, DITTO_CCSERVER_CLOSED);
	ditto_ccserver_clear(&s);
	/* C1 replayed on a new connection: duplicate too */
	ditto_ccserver_init(&s, keys, 2, rc, 7);
	assert_int_equal(
	        sfeed(&s, vec_c1, sizeof(vec_c1), VEC_NOW + 10, &action, &err),
	        DITTO_R_CC_DUPLICATE);
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&rc);
}

/* A request built by hand: \a ctrl fields as key=value pairs. */
static size_t
request(const ditto_ccauth_key_t *key, const char *const *kv, size_t nkv,
        const char *type, uint8_t *buf, size_t size)
{
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_sexpr_t *top = ditto_sexpr_table(&a);
	ditto_sexpr_t *ctrl = ditto_sexpr_table(&a);
	ditto_sexpr_t *data = ditto_sexpr_table(&a);
	for (size_t i = 0; i + 1 < nkv; i += 2) {
		ditto_sexpr_setstr(ctrl, &a, kv[i], kv[i + 1]);
	}
	if (type != NULL) {
		ditto_sexpr_setstr(data, &a, "type", type);
	}
	if (type != NULL && strcmp(type, "nul") == 0) {
		ditto_sexpr_set(data, &a, "type", 4,
		                ditto_sexpr_binary(&a, "st\0atus", 7));
	}
	ditto_sexpr_set(top, &a, "_ctrl", 5, ctrl);
	ditto_sexpr_set(top, &a, "_data", 5, data);
	ditto_buf_t b;
	ditto_buf_init(&b, buf, size);
	assert_int_equal(ditto_ccmsg_render(key, top, &b), DITTO_R_SUCCESS);
	ditto_arena_clear(&a);
	return b.pos;
}

/* One fresh connection, one request; returns the result and reason. */
static ditto_result_t
one(const ditto_ccauth_key_t *key, const char *const *kv, size_t nkv,
    const char *type, uint64_t now, char *reason)
{
	ditto_ccauth_key_t srv;
	key_sha256(&srv);
	ditto_ccauth_replay_t *rc = ditto_ccauth_replay_create(0);
	ditto_ccserver_t s;
	ditto_ccmsg_action_t action;
	ditto_err_t err;
	uint8_t buf[1024];
	size_t n = request(key, kv, nkv, type, buf, sizeof(buf));
	ditto_ccserver_init(&s, &srv, 1, rc, 99);
	ditto_result_t r = sfeed(&s, buf, n, now, &action, &err);
	if (r != DITTO_R_SUCCESS) {
		strcpy(reason, err.msg);
		assert_int_equal(s.state, DITTO_CCSERVER_CLOSED);
	} else {
		assert_int_equal(action, DITTO_CCMSG_SEND);
		assert_int_equal(s.nonce, 99);
	}
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&rc);
	return r;
}

static void
server_checks(void **state)
{
	(void)state;
	ditto_ccauth_key_t key, md5;
	key_sha256(&key);
	key_md5(&md5);
	char why[DITTO_ERR_MAXMSG];
	const char *good[] = { "_ser", "5", "_tim", "1000", "_exp", "1060" };
	assert_int_equal(one(&key, good, 6, "null", 1000, why),
	                 DITTO_R_SUCCESS);
	/* no _exp is fine */
	assert_int_equal(one(&key, good, 4, "null", 1000, why),
	                 DITTO_R_SUCCESS);
	assert_int_equal(one(&md5, good, 6, "null", 1000, why),
	                 DITTO_R_CC_BADAUTH);
	assert_string_equal(why, "bad auth");
	assert_int_equal(one(&key, good, 6, "null", 1301, why),
	                 DITTO_R_CC_CLOCKSKEW);
	assert_string_equal(why, "clock skew");
	assert_int_equal(one(&key, good, 6, "null", 1000 - 301, why),
	                 DITTO_R_CC_CLOCKSKEW);
	assert_int_equal(one(&key, good, 6, "null", 1300, why),
	                 DITTO_R_CC_EXPIRED);
	assert_string_equal(why, "expired");
	assert_int_equal(one(&key, good, 6, "null", 1060, why),
	                 DITTO_R_SUCCESS);
	const char *rpl[] = { "_ser", "5", "_tim", "1000", "_rpl", "1" };
	assert_int_equal(one(&key, rpl, 6, "null", 1000, why), DITTO_R_FAILURE);
	assert_string_equal(why, "failure");
	const char *notim[] = { "_ser", "5" };
	assert_int_equal(one(&key, notim, 2, "null", 1000, why),
	                 DITTO_R_FAILURE);
	const char *noser[] = { "_tim", "1000" };
	assert_int_equal(one(&key, noser, 2, "null", 1000, why),
	                 DITTO_R_FAILURE);
	const char *blank[] = { "_ser", "5 6", "_tim", "1000" };
	assert_int_equal(one(&key, blank, 4, "null", 1000, why),
	                 DITTO_R_FAILURE);
	/* no _data.type: close without a reply */
	assert_int_equal(one(&key, good, 6, NULL, 1000, why), DITTO_R_FORMERR);
	/* a NUL inside type */
	assert_int_equal(one(&key, good, 6, "nul", 1000, why), DITTO_R_FORMERR);
	assert_string_equal(why, "NUL in _data.type");
}

static void
server_nonce(void **state)
{
	(void)state;
	ditto_ccauth_key_t key;
	key_sha256(&key);
	ditto_ccauth_replay_t *rc = ditto_ccauth_replay_create(0);
	ditto_ccserver_t s;
	ditto_ccmsg_action_t action;
	ditto_err_t err;
	uint8_t buf[1024];
	const uint8_t *out = NULL;
	size_t len = 0;
	/* a first message of "status" only gets the nonce */
	const char *m1[] = { "_ser", "1", "_tim", "1000", "_nonce", "5" };
	size_t n = request(&key, m1, 6, "status", buf, sizeof(buf));
	ditto_ccserver_init(&s, &key, 1, rc, 42);
	assert_int_equal(sfeed(&s, buf, n, 1000, &action, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_SEND);
	ditto_ccserver_output(&s, &out, &len);
	ditto_ccclient_t c; /* read the reply with a client of the same key */
	assert_int_equal(ditto_ccclient_init(&c, &key, "x", 0, 1000),
	                 DITTO_R_SUCCESS);
	size_t used = 0;
	assert_int_equal(
	        ditto_ccclient_feed(&c, out, len, 1000, &used, &action, &err),
	        DITTO_R_SUCCESS);
	assert_int_equal(c.nonce, 42);
	ditto_ccclient_clear(&c);
	/* second message: right nonce dispatches, reply has err */
	const char *m2[] = { "_ser", "2", "_tim", "1000", "_nonce", "42" };
	n = request(&key, m2, 6, "zonestatus nosuch.test", buf, sizeof(buf));
	assert_int_equal(sfeed(&s, buf, n, 1000, &action, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_DISPATCH);
	assert_int_equal(ditto_ccserver_reply(&s, 23,
	                                      "no matching zone 'nosuch.test' "
	                                      "in any view",
	                                      1000),
	                 DITTO_R_SUCCESS);
	ditto_ccserver_output(&s, &out, &len);
	ditto_arena_t a;
	ditto_arena_init(&a, 0);
	ditto_ccmsg_t m;
	const char *str = NULL;
	assert_int_equal(ditto_ccmsg_parse(out, len, &a, &m, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "err", &str),
	                 DITTO_R_SUCCESS);
	assert_string_equal(str, "not found");
	assert_int_equal(ditto_sexpr_lookupstr(m.data, "result", &str),
	                 DITTO_R_SUCCESS);
	assert_string_equal(str, "23");
	ditto_arena_clear(&a);
	/* third: missing nonce, then (new connection state) a wrong one */
	const char *m3[] = { "_ser", "3", "_tim", "1000" };
	n = request(&key, m3, 4, "status", buf, sizeof(buf));
	assert_int_equal(sfeed(&s, buf, n, 1000, &action, &err),
	                 DITTO_R_CC_BADAUTH);
	ditto_ccserver_clear(&s);
	ditto_ccserver_init(&s, &key, 1, rc, 42);
	s.nonce = 42;
	const char *m4[] = { "_ser", "4", "_tim", "1000", "_nonce", "43" };
	n = request(&key, m4, 6, "status", buf, sizeof(buf));
	assert_int_equal(sfeed(&s, buf, n, 1000, &action, &err),
	                 DITTO_R_CC_BADAUTH);
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&rc);
}

static void
server_frames(void **state)
{
	(void)state;
	ditto_ccauth_key_t key;
	key_sha256(&key);
	ditto_ccauth_replay_t *rc = ditto_ccauth_replay_create(0);
	ditto_ccserver_t s;
	ditto_ccmsg_action_t action;
	ditto_err_t err;
	size_t used = 0;
	/* oversized */
	static const uint8_t big[] = { 0, 0, 0x80, 1, 0, 0, 0, 1 };
	ditto_ccserver_init(&s, &key, 1, rc, 1);
	assert_int_equal(ditto_ccserver_feed(&s, big, sizeof(big), VEC_NOW,
	                                     &used, &action, &err),
	                 DITTO_R_RANGE);
	assert_string_equal(err.msg, "out of range");
	ditto_ccserver_clear(&s);
	/* zero length */
	static const uint8_t zero[] = { 0, 0, 0, 0 };
	ditto_ccserver_init(&s, &key, 1, rc, 1);
	assert_int_equal(
	        ditto_ccserver_feed(&s, zero, 4, VEC_NOW, &used, &action, &err),
	        DITTO_R_UNEXPECTEDEND);
	assert_string_equal(err.msg, "unexpected end of input");
	ditto_ccserver_clear(&s);
	/* truncated: waits for more, nothing happens */
	ditto_ccserver_init(&s, &key, 1, rc, 1);
	assert_int_equal(ditto_ccserver_feed(&s, vec_c1, 100, VEC_NOW, &used,
	                                     &action, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(action, DITTO_CCMSG_READ);
	assert_int_equal(s.nonce, 0);
	ditto_ccserver_clear(&s);
	/* garbage of the right length */
	uint8_t junk[64];
	memset(junk, 0xa5, sizeof(junk));
	ditto_write32(junk, sizeof(junk) - 4);
	ditto_ccserver_init(&s, &key, 1, rc, 1);
	assert_int_equal(ditto_ccserver_feed(&s, junk, sizeof(junk), VEC_NOW,
	                                     &used, &action, &err),
	                 DITTO_R_CC_BADAUTH);
	ditto_ccserver_clear(&s);
	/* a frame 7 bytes at a time, followed by a second one in a read */
	ditto_ccserver_init(&s, &key, 1, rc, VEC_NONCE);
	size_t off = 0;
	action = DITTO_CCMSG_READ;
	while (action == DITTO_CCMSG_READ && off < sizeof(vec_c1)) {
		size_t n = sizeof(vec_c1) - off < 7 ? sizeof(vec_c1) - off : 7;
		assert_int_equal(ditto_ccserver_feed(&s, vec_c1 + off, n,
		                                     VEC_NOW, &used, &action,
		                                     &err),
		                 DITTO_R_SUCCESS);
		off += used;
	}
	assert_int_equal(action, DITTO_CCMSG_SEND);
	assert_int_equal(off, sizeof(vec_c1));
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&rc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(client_vectors),
		cmocka_unit_test(client_md5_vector),
		cmocka_unit_test(client_rejects_bad_reply),
		cmocka_unit_test(server_vectors),
		cmocka_unit_test(server_checks),
		cmocka_unit_test(server_nonce),
		cmocka_unit_test(server_frames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

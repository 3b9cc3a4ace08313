/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The named side of the control channel, one connection, sans-IO. */
#include "control/ccserver.h"

#include <string.h>

#include "control/ccwire.h"
#include "control/resultmap.h"
#include "util/assert.h"

/*
 * Per connection (protocols/rndc.md §5):
 *
 *   READ ──frame, all checks pass──┬─ no nonce yet: set nonce, build the
 *    ^                             │  handshake reply (result 0) ──SEND──┐
 *    │                             └─ nonce matches ──> DISPATCH         │
 *    │                                      │ ditto_ccserver_reply()     │
 *    └───────────────────SEND───────────────┴────────────────────────────┘
 *   any failed check ──> CLOSED (no reply; the reason goes to the log)
 *
 * Checks, in named's order: frame length 1..32768; decode and HMAC with
 * each key (bad auth); `_ctrl` a table without `_rpl` (failure); `_tim`
 * present (failure) within ±300 s (clock skew); `_exp` not passed
 * (expired); replay cache (duplicate / failure); nonce (bad auth);
 * `_data.type` present (close, no reason).
 */

void
ditto_ccserver_init(ditto_ccserver_t *s, const ditto_ccauth_key_t *keys,
                    size_t nkeys, ditto_ccauth_replay_t *replay, uint32_t nonce)
{
	REQUIRE(s != NULL && keys != NULL && nkeys > 0 && replay != NULL);
	REQUIRE(nonce != 0);
	memset(s, 0, sizeof(*s));
	s->keys = keys;
	s->nkeys = nkeys;
	s->replay = replay;
	s->nextnonce = nonce;
	ditto_ccmsg_reader_init(&s->reader, DITTO_CCMSG_MAXREQUEST);
	ditto_arena_init(&s->arena, 8192);
	s->state = DITTO_CCSERVER_READ;
}

static ditto_result_t
fail(ditto_err_t *err, ditto_result_t r, const char *reason)
{
	ditto_err_set(err, "%s", reason);
	return r;
}

/* Steps 3-6: the `_ctrl` checks. */
static ditto_result_t
check_ctrl(ditto_ccserver_t *s, const ditto_sexpr_t *ctrl, uint64_t now,
           ditto_err_t *err)
{
	const char *ser = NULL, *tim = NULL, *frm = NULL, *to = NULL;
	uint32_t t = 0, exp = 0;
	if (ctrl == NULL || ditto_sexpr_lookup(ctrl, "_rpl") != NULL) {
		return fail(err, DITTO_R_FAILURE, "failure");
	}
	if (ditto_sexpr_lookupu32(ctrl, "_tim", &t) != DITTO_R_SUCCESS) {
		return fail(err, DITTO_R_FAILURE, "failure");
	}
	bool has_exp =
	        ditto_sexpr_lookupu32(ctrl, "_exp", &exp) == DITTO_R_SUCCESS;
	ditto_result_t r = ditto_ccauth_checktime(t, has_exp, exp, now);
	if (r != DITTO_R_SUCCESS) {
		return fail(err, r, ditto_result_totext(r));
	}
	if (ditto_sexpr_lookupstr(ctrl, "_ser", &ser) != DITTO_R_SUCCESS ||
	    ditto_sexpr_lookupstr(ctrl, "_tim", &tim) != DITTO_R_SUCCESS) {
		return fail(err, DITTO_R_FAILURE, "failure");
	}
	if (ditto_sexpr_lookupstr(ctrl, "_frm", &frm) != DITTO_R_SUCCESS) {
		frm = NULL;
	}
	if (ditto_sexpr_lookupstr(ctrl, "_to", &to) != DITTO_R_SUCCESS) {
		to = NULL;
	}
	r = ditto_ccauth_replay_check(s->replay, frm, to, ser, tim, now);
	if (r == DITTO_R_CC_DUPLICATE) {
		return fail(err, r, "duplicate");
	}
	if (r != DITTO_R_SUCCESS) {
		return fail(err, r, "failure");
	}
	return DITTO_R_SUCCESS;
}

/* Build and sign a reply to the pending request. */
static ditto_result_t
build_reply(ditto_ccserver_t *s, uint32_t code, const char *text, uint64_t now)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_arena_t *a = &s->arena;
	ditto_sexpr_t *top = ditto_sexpr_table(a);
	ditto_sexpr_t *ctrl = ditto_sexpr_table(a);
	ditto_sexpr_t *data = ditto_sexpr_table(a);
	ditto_sexpr_t *v = ditto_sexpr_lookup(s->req_ctrl, "_ser");
	ditto_sexpr_set(ctrl, a, "_ser", 4,
	                ditto_sexpr_binary(a, v->data, v->len));
	ditto_sexpr_setu32(ctrl, a, "_tim", (uint32_t)now);
	ditto_sexpr_setu32(ctrl, a, "_exp", (uint32_t)(now + 60));
	if ((v = ditto_sexpr_lookup(s->req_ctrl, "_to")) != NULL &&
	    v->type == DITTO_SEXPR_BINARY) {
		ditto_sexpr_set(ctrl, a, "_frm", 4,
		                ditto_sexpr_binary(a, v->data, v->len));
	}
	if ((v = ditto_sexpr_lookup(s->req_ctrl, "_frm")) != NULL &&
	    v->type == DITTO_SEXPR_BINARY) {
		ditto_sexpr_set(ctrl, a, "_to", 3,
		                ditto_sexpr_binary(a, v->data, v->len));
	}
	ditto_sexpr_setstr(ctrl, a, "_rpl", "1");
	ditto_sexpr_setu32(ctrl, a, "_nonce", s->nonce);
	ditto_sexpr_setstr(data, a, "type", s->command);
	ditto_sexpr_setu32(data, a, "result", code);
	if (code != 0) {
		const char *e = ditto_resultmap_totext(code);
		ditto_sexpr_setstr(data, a, "err", e != NULL ? e : "failure");
	}
	if (text != NULL && text[0] != '\0') {
		ditto_sexpr_setstr(data, a, "text", text);
	}
	ditto_sexpr_set(top, a, "_ctrl", 5, ctrl);
	ditto_sexpr_set(top, a, "_data", 5, data);
	size_t need = 8 + ditto_ccauth_entrysize(s->keys[s->key].alg) +
	              ditto_ccwire_size(top);
	if (need - 4 > DITTO_CCMSG_MAXREPLY) {
		return DITTO_R_RANGE;
	}
	ditto_free(s->out);
	s->out = ditto_malloc(need);
	ditto_buf_t b;
	ditto_buf_init(&b, s->out, need);
	CHECK(ditto_ccmsg_render(&s->keys[s->key], top, &b));
	s->outlen = b.pos;
cleanup:
	return result;
}

/* Steps 2-8 on one complete frame. */
static ditto_result_t
on_frame(ditto_ccserver_t *s, const uint8_t *frame, size_t len, uint64_t now,
         ditto_ccmsg_action_t *action, ditto_err_t *err)
{
	ditto_ccmsg_t msg;
	uint32_t nonce = 0;
	const char *type = NULL;
	ditto_arena_reset(&s->arena);
	if (ditto_ccmsg_parse(frame, len, &s->arena, &msg, NULL) !=
	            DITTO_R_SUCCESS ||
	    ditto_ccmsg_verify(&msg, s->keys, s->nkeys, &s->key) !=
	            DITTO_R_SUCCESS) {
		return fail(err, DITTO_R_CC_BADAUTH, "bad auth");
	}
	ditto_result_t r = check_ctrl(s, msg.ctrl, now, err);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (s->nonce != 0 &&
	    (ditto_sexpr_lookupu32(msg.ctrl, "_nonce", &nonce) !=
	             DITTO_R_SUCCESS ||
	     nonce != s->nonce)) {
		return fail(err, DITTO_R_CC_BADAUTH, "bad auth");
	}
	if (ditto_sexpr_lookupstr(msg.data, "type", &type) != DITTO_R_SUCCESS) {
		return fail(err, DITTO_R_FORMERR, "missing _data.type");
	}
	if (strlen(type) != ditto_sexpr_lookup(msg.data, "type")->len) {
		return fail(err, DITTO_R_FORMERR, "NUL in _data.type");
	}
	s->req_ctrl = msg.ctrl;
	s->command = type;
	if (s->nonce == 0) {
		/* the first message only sets up the nonce */
		s->nonce = s->nextnonce;
		*action = DITTO_CCMSG_SEND;
		return build_reply(s, 0, NULL, now);
	}
	s->state = DITTO_CCSERVER_DISPATCH;
	*action = DITTO_CCMSG_DISPATCH;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_ccserver_feed(ditto_ccserver_t *s, const uint8_t *data, size_t len,
                    uint64_t now, size_t *used, ditto_ccmsg_action_t *action,
                    ditto_err_t *err)
{
	const uint8_t *frame = NULL;
	size_t framelen = 0;
	REQUIRE(s->state == DITTO_CCSERVER_READ);
	*used = 0;
	ditto_result_t r = ditto_ccmsg_reader_feed(&s->reader, data, len, used,
	                                           &frame, &framelen);
	if (r == DITTO_R_NOMORE) {
		*action = DITTO_CCMSG_READ;
		return DITTO_R_SUCCESS;
	}
	if (r == DITTO_R_SUCCESS) {
		r = on_frame(s, frame, framelen, now, action, err);
	} else {
		ditto_err_set(err, "%s", ditto_result_totext(r));
	}
	if (r != DITTO_R_SUCCESS) {
		s->state = DITTO_CCSERVER_CLOSED;
	}
	return r;
}

ditto_result_t
ditto_ccserver_reply(ditto_ccserver_t *s, uint32_t code, const char *text,
                     uint64_t now)
{
	REQUIRE(s->state == DITTO_CCSERVER_DISPATCH);
	ditto_result_t r = build_reply(s, code, text, now);
	s->state = r == DITTO_R_SUCCESS ? DITTO_CCSERVER_READ
	                                : DITTO_CCSERVER_CLOSED;
	return r;
}

void
ditto_ccserver_output(const ditto_ccserver_t *s, const uint8_t **data,
                      size_t *len)
{
	*data = s->out;
	*len = s->outlen;
}

void
ditto_ccserver_clear(ditto_ccserver_t *s)
{
	ditto_ccmsg_reader_clear(&s->reader);
	ditto_arena_clear(&s->arena);
	ditto_free(s->out);
	s->out = NULL;
	s->outlen = 0;
	s->command = NULL;
	s->req_ctrl = NULL;
}

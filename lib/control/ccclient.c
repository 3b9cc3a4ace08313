/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The rndc client side of the control channel, sans-IO. */
#include "control/ccclient.h"

#include <string.h>

#include "control/ccwire.h"
#include "control/sexpr.h"
#include "util/assert.h"

/*
 * One command per connection, as rndc does (protocols/rndc.md §5):
 *
 *   init ──> HELLO ──(S1 verified; take _nonce)──> CMD ──(S2 verified)──> DONE
 *     send C1 {type null}      send C2 {type cmd, _nonce}
 *   any bad frame / bad HMAC ──> FAILED (close)
 *
 * Like rndc, only the HMAC of a reply is checked; a reply without a
 * non-zero `_nonce` makes the next request go without one.
 */

static ditto_result_t
build_request(ditto_ccclient_t *c, const char *type, uint64_t now)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_arena_t arena;
	ditto_arena_init(&arena, 4096);
	ditto_sexpr_t *top = ditto_sexpr_table(&arena);
	ditto_sexpr_t *ctrl = ditto_sexpr_table(&arena);
	ditto_sexpr_t *data = ditto_sexpr_table(&arena);
	c->ser++;
	ditto_sexpr_setu32(ctrl, &arena, "_ser", c->ser);
	ditto_sexpr_setu32(ctrl, &arena, "_tim", (uint32_t)now);
	ditto_sexpr_setu32(ctrl, &arena, "_exp", (uint32_t)(now + 60));
	if (c->nonce != 0) {
		ditto_sexpr_setu32(ctrl, &arena, "_nonce", c->nonce);
	}
	ditto_sexpr_setstr(data, &arena, "type", type);
	ditto_sexpr_set(top, &arena, "_ctrl", 5, ctrl);
	ditto_sexpr_set(top, &arena, "_data", 5, data);
	size_t need = 8 + ditto_ccauth_entrysize(c->key->alg) +
	              ditto_ccwire_size(top);
	ditto_free(c->out);
	c->out = ditto_malloc(need);
	c->outlen = 0;
	ditto_buf_t b;
	ditto_buf_init(&b, c->out, need);
	CHECK(ditto_ccmsg_render(c->key, top, &b));
	c->outlen = b.pos;
cleanup:
	ditto_arena_clear(&arena);
	return result;
}

ditto_result_t
ditto_ccclient_init(ditto_ccclient_t *c, const ditto_ccauth_key_t *key,
                    const char *command, uint32_t ser0, uint64_t now)
{
	REQUIRE(c != NULL && key != NULL && command != NULL);
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->command = ditto_strdup(command);
	c->ser = ser0;
	c->state = DITTO_CCCLIENT_HELLO;
	ditto_ccmsg_reader_init(&c->reader, DITTO_CCMSG_MAXREPLY);
	ditto_result_t result = build_request(c, "null", now);
	if (result != DITTO_R_SUCCESS) {
		ditto_ccclient_clear(c);
	}
	return result;
}

void
ditto_ccclient_output(const ditto_ccclient_t *c, const uint8_t **data,
                      size_t *len)
{
	*data = c->out;
	*len = c->outlen;
}

static char *
dupfield(const ditto_sexpr_t *table, const char *key)
{
	const char *s = NULL;
	if (ditto_sexpr_lookupstr(table, key, &s) != DITTO_R_SUCCESS) {
		return NULL;
	}
	return ditto_strdup(s);
}

/* A verified reply arrived: advance the state machine. */
static ditto_result_t
on_reply(ditto_ccclient_t *c, const ditto_ccmsg_t *msg, uint64_t now,
         ditto_ccmsg_action_t *action)
{
	if (c->state == DITTO_CCCLIENT_HELLO) {
		uint32_t nonce = 0;
		if (ditto_sexpr_lookupu32(msg->ctrl, "_nonce", &nonce) !=
		    DITTO_R_SUCCESS) {
			nonce = 0;
		}
		c->nonce = nonce;
		c->state = DITTO_CCCLIENT_CMD;
		*action = DITTO_CCMSG_SEND;
		return build_request(c, c->command, now);
	}
	c->has_result = ditto_sexpr_lookupu32(msg->data, "result",
	                                      &c->result) == DITTO_R_SUCCESS;
	c->err = dupfield(msg->data, "err");
	c->text = dupfield(msg->data, "text");
	c->state = DITTO_CCCLIENT_DONE;
	*action = DITTO_CCMSG_DONE;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_ccclient_feed(ditto_ccclient_t *c, const uint8_t *data, size_t len,
                    uint64_t now, size_t *used, ditto_ccmsg_action_t *action,
                    ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_arena_t arena;
	ditto_arena_init(&arena, 4096);
	const uint8_t *frame = NULL;
	size_t framelen = 0;
	size_t which = 0;
	ditto_ccmsg_t msg;
	REQUIRE(c->state == DITTO_CCCLIENT_HELLO ||
	        c->state == DITTO_CCCLIENT_CMD);
	*used = 0;
	result = ditto_ccmsg_reader_feed(&c->reader, data, len, used, &frame,
	                                 &framelen);
	if (result == DITTO_R_NOMORE) {
		*action = DITTO_CCMSG_READ;
		CLEANUP(DITTO_R_SUCCESS);
	}
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "%s", ditto_result_totext(result));
		goto cleanup;
	}
	CHECK(ditto_ccmsg_parse(frame, framelen, &arena, &msg, err));
	if (ditto_ccmsg_verify(&msg, c->key, 1, &which) != DITTO_R_SUCCESS) {
		ditto_err_set(err, "bad auth");
		CLEANUP(DITTO_R_CC_BADAUTH);
	}
	CHECK(on_reply(c, &msg, now, action));
cleanup:
	if (result != DITTO_R_SUCCESS) {
		c->state = DITTO_CCCLIENT_FAILED;
	}
	ditto_arena_clear(&arena);
	return result;
}

void
ditto_ccclient_clear(ditto_ccclient_t *c)
{
	ditto_free(c->command);
	ditto_free(c->out);
	ditto_free(c->err);
	ditto_free(c->text);
	ditto_ccmsg_reader_clear(&c->reader);
	c->command = c->err = c->text = NULL;
	c->out = NULL;
	c->outlen = 0;
}

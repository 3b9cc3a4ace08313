/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: the rndc wire codec, verifier and server state machine. The
 * input is decoded as a frame (parse + verify with the captured test keys,
 * then re-encoded and decoded again: the two encodings must be equal), as
 * a raw table body, and fed to a server connection in uneven chunks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control/ccmsg.h"
#include "control/ccserver.h"
#include "control/ccwire.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static ditto_ccauth_key_t keys[2];
static int ready;

static void
setup(void)
{
	if (ready) {
		return;
	}
	CHECKF(ditto_ccauth_key_init(&keys[0], "hmac-sha256",
	                             "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0"
	                             "czAx",
	                             NULL) == DITTO_R_SUCCESS);
	CHECKF(ditto_ccauth_key_init(&keys[1], "hmac-md5",
	                             "aWTjbu7M1zq4YxP88MKToA==", NULL) ==
	       DITTO_R_SUCCESS);
	ready = 1;
}

/* Decoding, re-encoding and decoding again gives the same bytes. */
static void
roundtrip(const ditto_sexpr_t *table, ditto_arena_t *arena)
{
	size_t n = ditto_ccwire_size(table);
	uint8_t *a = ditto_malloc(n + 1);
	ditto_buf_t b;
	ditto_buf_init(&b, a, n);
	CHECKF(ditto_ccwire_towire(table, &b) == DITTO_R_SUCCESS);
	CHECKF(b.pos == n);
	ditto_sexpr_t *again = NULL;
	CHECKF(ditto_ccwire_fromwire(a, n, arena, &again, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF(ditto_ccwire_size(again) == n);
	uint8_t *c = ditto_malloc(n + 1);
	ditto_buf_init(&b, c, n);
	CHECKF(ditto_ccwire_towire(again, &b) == DITTO_R_SUCCESS);
	CHECKF(memcmp(a, c, n) == 0);
	ditto_free(a);
	ditto_free(c);
}

static void
server(const uint8_t *data, size_t size)
{
	ditto_ccauth_replay_t *replay = ditto_ccauth_replay_create(16);
	ditto_ccserver_t s;
	ditto_ccserver_init(&s, keys, 2, replay, 3844992250u);
	size_t off = 0, step = 1;
	for (int i = 0; i < 10000 && s.state != DITTO_CCSERVER_CLOSED; i++) {
		size_t used = 0, n = size - off < step ? size - off : step;
		ditto_ccmsg_action_t action = DITTO_CCMSG_READ;
		if (ditto_ccserver_feed(&s, data + off, n, 1795218885, &used,
		                        &action, NULL) != DITTO_R_SUCCESS) {
			break;
		}
		CHECKF(used <= n);
		off += used;
		if (action == DITTO_CCMSG_DISPATCH) {
			CHECKF(ditto_ccserver_reply(&s, 23, "text",
			                            1795218885) ==
			       DITTO_R_SUCCESS);
		}
		if (off == size && action == DITTO_CCMSG_READ) {
			break;
		}
		step = step * 3 + 1;
	}
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&replay);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	ditto_arena_t arena;
	ditto_arena_init(&arena, 0);
	ditto_ccmsg_t msg;
	if (ditto_ccmsg_parse(data, size, &arena, &msg, NULL) ==
	    DITTO_R_SUCCESS) {
		size_t which = 0;
		if (ditto_ccmsg_verify(&msg, keys, 2, &which) ==
		    DITTO_R_SUCCESS) {
			CHECKF(which < 2);
		}
		CHECKF(msg.region >= data &&
		       msg.region + msg.regionlen == data + size);
		roundtrip(msg.top, &arena);
	}
	ditto_sexpr_t *t = NULL;
	if (ditto_ccwire_fromwire(data, size, &arena, &t, NULL) ==
	    DITTO_R_SUCCESS) {
		roundtrip(t, &arena);
	}
	ditto_arena_clear(&arena);
	server(data, size);
	return 0;
}

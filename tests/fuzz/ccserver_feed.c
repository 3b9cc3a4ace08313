/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: dittod's side of the rndc protocol, ditto_ccserver_feed(). */
/*
 * The input is a byte stream from an unauthenticated rndc peer, fed to one
 * server connection the way daemon/control.c does: in chunks (the first
 * input byte picks the chunk sizes, so the fuzzer explores frames split
 * anywhere), with two listener keys (the hmac-sha256 key and the hmac-md5
 * key of protocols/rndc.md §9), a fixed clock (the vectors' _tim) and the
 * nonce the captured handshake used, so the seed C1 + C2 reaches DISPATCH.
 *
 * Invariants checked (abort on violation):
 *   - `used` never exceeds the bytes offered; the state machine only moves
 *     READ -> (SEND -> READ | DISPATCH -> READ | CLOSED);
 *   - a failed check closes the connection and gives a reason;
 *   - every reply the server writes (handshake or command) is a frame that
 *     parses and verifies under the key the request matched, is marked
 *     `_rpl`, and carries the connection's nonce;
 *   - a dispatched command is a NUL-terminated string.
 * Memory is bounded by the 32 KiB frame limit; the loop by the input size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control/ccmsg.h"
#include "control/ccserver.h"
#include "control/sexpr.h"
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

/*! The clock of the captured exchange (protocols/rndc.md §9). */
#define NOW 1795218885u
/*! The nonce named gave in S1, so that C2 passes the nonce check. */
#define NONCE 3844992250u

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

/* The reply just written is a well-formed, signed reply on \a s's nonce. */
static void
check_output(const ditto_ccserver_t *s)
{
	const uint8_t *out;
	size_t len;
	ditto_arena_t arena;
	ditto_ccmsg_t msg;
	size_t which = 99;
	uint32_t nonce = 0;
	ditto_ccserver_output(s, &out, &len);
	CHECKF(out != NULL && len > 4);
	ditto_arena_init(&arena, 0);
	CHECKF(ditto_ccmsg_parse(out, len, &arena, &msg, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF(ditto_ccmsg_verify(&msg, keys, 2, &which) == DITTO_R_SUCCESS);
	CHECKF(which == s->key);
	CHECKF(msg.ctrl != NULL &&
	       ditto_sexpr_lookup(msg.ctrl, "_rpl") != NULL);
	CHECKF(ditto_sexpr_lookupu32(msg.ctrl, "_nonce", &nonce) ==
	       DITTO_R_SUCCESS);
	CHECKF(nonce == s->nonce && nonce != 0);
	CHECKF(msg.data != NULL);
	ditto_arena_clear(&arena);
}

/* Run the dispatched command: a reply alternating success and failure. */
static void
dispatch(ditto_ccserver_t *s, unsigned int n)
{
	CHECKF(s->state == DITTO_CCSERVER_DISPATCH && s->command != NULL);
	CHECKF(strlen(s->command) < DITTO_CCMSG_MAXREQUEST);
	uint32_t code = (n & 1) != 0 ? 23 : 0;
	const char *text = (n & 2) != 0 ? s->command : "";
	CHECKF(ditto_ccserver_reply(s, code, text, NOW) == DITTO_R_SUCCESS);
	CHECKF(s->state == DITTO_CCSERVER_READ);
	check_output(s);
}

/* Chunk sizes from the control byte: 1, 2, 3, ... or geometric, or all. */
static size_t
next_step(uint8_t mode, size_t step)
{
	switch (mode & 3) {
	case 0:
		return SIZE_MAX; /* everything at once */
	case 1:
		return step + 1;
	case 2:
		return step * 3 + 1;
	default:
		return (size_t)(mode >> 2) + 1;
	}
}

static void
run(uint8_t mode, const uint8_t *data, size_t size)
{
	ditto_ccauth_replay_t *replay = ditto_ccauth_replay_create(16);
	ditto_ccserver_t s;
	ditto_ccserver_init(&s, keys, 2, replay, NONCE);
	size_t off = 0, step = next_step(mode, 0);
	unsigned int dispatched = 0;
	/* every turn consumes a byte, produces an action or stops */
	for (size_t turn = 0; turn <= 2 * size + 2; turn++) {
		size_t n = size - off < step ? size - off : step;
		size_t used = 0;
		ditto_ccmsg_action_t action = DITTO_CCMSG_READ;
		ditto_err_t err = { 0 };
		ditto_result_t r = ditto_ccserver_feed(&s, data + off, n, NOW,
		                                       &used, &action, &err);
		CHECKF(used <= n);
		off += used;
		if (r != DITTO_R_SUCCESS) {
			CHECKF(s.state == DITTO_CCSERVER_CLOSED);
			CHECKF(err.msg[0] != '\0');
			break;
		}
		if (action == DITTO_CCMSG_SEND) {
			CHECKF(s.state == DITTO_CCSERVER_READ);
			check_output(&s);
		} else if (action == DITTO_CCMSG_DISPATCH) {
			dispatch(&s, dispatched++);
		} else if (off == size || (used == 0 && n == size - off)) {
			break; /* needs bytes the peer has not sent */
		}
		step = next_step(mode, step);
	}
	ditto_ccserver_clear(&s);
	ditto_ccauth_replay_destroy(&replay);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	if (size == 0) {
		return 0;
	}
	run(data[0], data + 1, size - 1);
	return 0;
}

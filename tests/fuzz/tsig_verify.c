/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: TSIG verification of hostile messages. The input is a
 * sequence of TCP frames (2-octet length, message). The first message is
 * verified as a request against a fixed keyring, and answered with
 * ditto_tsig_error_response() on failure (the answer must parse and carry
 * a TSIG); all of them are then verified as a response stream. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "tsig/tsig.h"
#include "util/buf.h"
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

/* The keys of tests/unit/tsig/data/keys.txt (named's test keys). */
static const char *const keys[][3] = {
	{ "k-md5.example.", "hmac-md5",
	  "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" },
	{ "k-sha1.example.", "hmac-sha1",
	  "JSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0Q=" },
	{ "k-sha224.example.", "hmac-sha224",
	  "SktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGk=" },
	{ "k-sha256.example.", "hmac-sha256",
	  "b3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY4=" },
	{ "k-sha384.example.", "hmac-sha384",
	  "lJWWl5iZmpucnZ6foKGio6SlpqeoqaqrrK2ur7CxsrM=" },
	{ "k-sha512.example.", "hmac-sha512",
	  "ubq7vL2+v8DBwsPExcbHyMnKy8zNzs/Q0dLT1NXW19g=" },
	{ "k-sha256-128.example.", "hmac-sha256-128",
	  "dHJ1bmNhdGVkLWtleS1zZWNyZXQtMDEyMzQ1Njc4OSE=" },
	{ "k-sha1-80.example.", "hmac-sha1-80",
	  "c2hhMSB0cnVuY2F0ZWQgODAgYml0cyBzZWNyZXQhIQ==" },
};

static ditto_keyring_t *ring;

static void
setup(void)
{
	ring = ditto_keyring_create();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		ditto_tsigkey_t *key = NULL;
		CHECKF(ditto_tsigkey_fromtext(keys[i][0], keys[i][1],
		                              keys[i][2], &key,
		                              NULL) == DITTO_R_SUCCESS);
		CHECKF(ditto_keyring_add(ring, &key) == DITTO_R_SUCCESS);
	}
}

static uint64_t
time_of(const ditto_msg_t *msg)
{
	const uint8_t *rd = msg->tsig.rdata;
	size_t n = ditto_name_length(rd);
	return ((uint64_t)ditto_read16(rd + n) << 32) |
	       ditto_read32(rd + n + 2);
}

/* Server side: verify, answer errors, sign a good request's echo. */
static void
as_server(const uint8_t *wire, size_t len, uint64_t now,
          ditto_tsig_t *client_out, bool *have_client)
{
	static uint8_t out[DITTO_MSG_MAXSIZE];
	ditto_msg_t msg;
	ditto_tsig_t s;
	ditto_err_t err;
	size_t olen = 0;

	if (ditto_msg_parse_query(wire, len, &msg, NULL) != DITTO_R_SUCCESS ||
	    !msg.has_tsig) {
		return;
	}
	ditto_result_t r = ditto_tsig_verify_request(&s, ring, &msg, now, &err);
	if (r == DITTO_R_SUCCESS) {
		/* the request itself, re-signed as a response */
		CHECKF(s.key != NULL);
		memcpy(out, wire, msg.tsig_offset);
		olen = msg.tsig_offset;
		ditto_write16(out + 10, (uint16_t)(msg.tsig_arcount - 1));
		r = ditto_tsig_sign_response(&s, out, &olen, sizeof(out), now,
		                             NULL);
		CHECKF(r == DITTO_R_SUCCESS || r == DITTO_R_NOSPACE);
		ditto_tsig_init(client_out, s.key);
		*have_client = true;
	} else if (r != DITTO_R_TSIG_UNSIGNED && r != DITTO_R_FAILURE) {
		CHECKF(s.error != 0 && err.msg[0] != '\0');
		r = ditto_tsig_error_response(&s, &msg, out, sizeof(out), &olen,
		                              now, NULL);
		CHECKF(r == DITTO_R_SUCCESS);
		ditto_msg_t back;
		CHECKF(ditto_msg_parse_query(out, olen, &back, NULL) ==
		       DITTO_R_SUCCESS);
		CHECKF(back.has_tsig &&
		       ditto_name_equal(back.tsig_owner, msg.tsig_owner));
	}
	ditto_tsig_clear(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ditto_arena_t arena;
	static bool ready;
	if (!ready) {
		setup();
		ditto_arena_init(&arena, 0);
		ready = true;
	}
	const uint8_t *frames[64];
	size_t lens[64], n = 0, pos = 0;
	while (pos + 2 <= size && n < 64) {
		size_t l = ditto_read16(data + pos);
		if (l > size - pos - 2) {
			l = size - pos - 2;
		}
		frames[n] = data + pos + 2;
		lens[n++] = l;
		pos += 2 + l;
	}
	if (n == 0) {
		return 0;
	}
	/* the clock: the first TSIG's time, so valid seeds verify */
	uint64_t now = 1700000000;
	ditto_msg_t first;
	if (ditto_msg_parse_query(frames[0], lens[0], &first, NULL) ==
	            DITTO_R_SUCCESS &&
	    first.has_tsig) {
		now = time_of(&first);
	}
	ditto_tsig_t c;
	bool have_client = false;
	as_server(frames[0], lens[0], now, &c, &have_client);
	if (!have_client) {
		return 0;
	}
	/* client side: the request MAC is the request's */
	size_t an = ditto_name_length(first.tsig.rdata);
	size_t maclen = ditto_read16(first.tsig.rdata + an + 8);
	memcpy(c.mac, first.tsig.rdata + an + 10, maclen);
	c.maclen = maclen;
	c.has_mac = true;
	for (size_t i = 1; i < n; i++) {
		ditto_msg_t m;
		if (ditto_msg_parse(frames[i], lens[i], 0, &arena, &m, NULL) ==
		    DITTO_R_SUCCESS) {
			ditto_result_t r =
			        ditto_tsig_verify_response(&c, &m, now, NULL);
			CHECKF(r == DITTO_R_SUCCESS ||
			       r == c.failure); /* failures are sticky */
		}
		ditto_arena_reset(&arena);
	}
	ditto_result_t r = ditto_tsig_verify_end(&c, NULL);
	CHECKF(r == DITTO_R_SUCCESS || r == c.failure);
	ditto_tsig_clear(&c);
	return 0;
}

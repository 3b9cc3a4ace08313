/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Helpers shared by the TSIG unit tests. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/msg.h"
#include "tsig/tsig.h"
#include "util/buf.h"

#define UNUSED __attribute__((unused))

/* Parse with ditto_msg_parse_query(); the wire must stay alive. */
static UNUSED void
parse(const uint8_t *wire, size_t len, ditto_msg_t *msg)
{
	ditto_err_t err;
	err.msg[0] = '\0';
	ditto_result_t r = ditto_msg_parse_query(wire, len, msg, &err);
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "parse: %s\n", err.msg);
	}
	assert_int_equal(r, DITTO_R_SUCCESS);
}

/* Parse, also for responses (more than one question is fine here). */
static UNUSED void
parse_full(const uint8_t *wire, size_t len, ditto_msg_t *msg,
           ditto_arena_t *arena)
{
	ditto_err_t err;
	err.msg[0] = '\0';
	ditto_result_t r = ditto_msg_parse(wire, len, 0, arena, msg, &err);
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "parse: %s\n", err.msg);
	}
	assert_int_equal(r, DITTO_R_SUCCESS);
}

/* Offsets inside a TSIG rdata: MAC, time signed. */
static UNUSED const uint8_t *
tsig_mac(const ditto_msg_t *msg, size_t *maclen)
{
	const uint8_t *rd = msg->tsig.rdata;
	size_t n = ditto_name_length(rd);
	*maclen = ditto_read16(rd + n + 8);
	return rd + n + 10;
}

static UNUSED uint64_t
tsig_time(const ditto_msg_t *msg)
{
	const uint8_t *rd = msg->tsig.rdata;
	size_t n = ditto_name_length(rd);
	return ((uint64_t)ditto_read16(rd + n) << 32) |
	       ditto_read32(rd + n + 2);
}

/* A client state as if it had signed \a request itself. */
static UNUSED void
client_for(ditto_tsig_t *ctx, const ditto_tsigkey_t *key,
           const ditto_msg_t *request)
{
	size_t maclen;
	const uint8_t *mac = tsig_mac(request, &maclen);
	ditto_tsig_init(ctx, key);
	memcpy(ctx->mac, mac, maclen);
	ctx->maclen = maclen;
	ctx->has_mac = true;
}

/* Copy \a msg without its TSIG record into \a out (ARCOUNT one lower). */
static UNUSED size_t
strip_tsig(const ditto_msg_t *msg, uint8_t *out)
{
	memcpy(out, msg->wire, msg->tsig_offset);
	ditto_write16(out + 10, (uint16_t)(msg->tsig_arcount - 1));
	return msg->tsig_offset;
}

static UNUSED uint8_t *
load_file(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", DITTO_TEST_DATA, rel);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

static UNUSED size_t
unhex(const char *hex, uint8_t *out, size_t size)
{
	size_t n = strlen(hex) / 2;
	assert_true(n <= size);
	for (size_t i = 0; i < n; i++) {
		unsigned int v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* The keyring of tests/unit/tsig/data/keys.txt (the named test keys). */
static UNUSED ditto_keyring_t *
named_keyring(void)
{
	size_t len;
	uint8_t *text = load_file("unit/tsig/data/keys.txt", &len);
	ditto_keyring_t *ring = ditto_keyring_create();
	char name[256], alg[64], secret[256];
	size_t pos = 0;
	text[len] = '\0';
	while (pos < len && sscanf((char *)text + pos, "%255s %63s %255s", name,
	                           alg, secret) == 3) {
		ditto_tsigkey_t *key = NULL;
		assert_int_equal(
		        ditto_tsigkey_fromtext(name, alg, secret, &key, NULL),
		        DITTO_R_SUCCESS);
		assert_int_equal(ditto_keyring_add(ring, &key),
		                 DITTO_R_SUCCESS);
		char *nl = strchr((char *)text + pos, '\n');
		if (nl == NULL) {
			break;
		}
		pos = (size_t)(nl - (char *)text) + 1;
	}
	free(text);
	assert_true(ditto_keyring_count(ring) >= 8);
	return ring;
}

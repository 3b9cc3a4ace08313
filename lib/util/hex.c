/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Hexadecimal and base32hex (RFC 4648 section 7, NSEC3) codecs. */
#include "util/hex.h"

#include "util/assert.h"

static const char hexdigits[] = "0123456789ABCDEF";
static const char b32digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

static int
nibble(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

void
ditto_hex_dec_init(ditto_hex_dec_t *d)
{
	REQUIRE(d != NULL);
	d->hi = 0;
	d->pending = false;
}

ditto_result_t
ditto_hex_dec_feed(ditto_hex_dec_t *d, const char *text, size_t len,
                   ditto_buf_t *out)
{
	REQUIRE(d != NULL && out != NULL);
	for (size_t i = 0; i < len; i++) {
		int v = nibble(text[i]);
		if (v < 0) {
			return DITTO_R_BADHEX;
		}
		if (!d->pending) {
			d->hi = (uint8_t)v;
			d->pending = true;
			continue;
		}
		if (ditto_buf_avail(out) < 1) {
			return DITTO_R_NOSPACE;
		}
		ditto_buf_put8(out, (uint8_t)((d->hi << 4) | v));
		d->pending = false;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_hex_dec_finish(const ditto_hex_dec_t *d)
{
	REQUIRE(d != NULL);
	return d->pending ? DITTO_R_BADHEX : DITTO_R_SUCCESS;
}

ditto_result_t
ditto_hex_decode(const char *text, size_t len, ditto_buf_t *out)
{
	ditto_hex_dec_t d;
	ditto_hex_dec_init(&d);
	ditto_result_t r = ditto_hex_dec_feed(&d, text, len, out);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto_hex_dec_finish(&d);
}

ditto_result_t
ditto_hex_encode(const uint8_t *data, size_t len, char *buf, size_t bufsize)
{
	REQUIRE(data != NULL || len == 0);
	REQUIRE(buf != NULL);
	if (bufsize <= len * 2) {
		return DITTO_R_NOSPACE;
	}
	for (size_t i = 0; i < len; i++) {
		buf[2 * i] = hexdigits[data[i] >> 4];
		buf[2 * i + 1] = hexdigits[data[i] & 15];
	}
	buf[len * 2] = '\0';
	return DITTO_R_SUCCESS;
}

static int
b32value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'v') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'V') {
		return c - 'A' + 10;
	}
	return -1;
}

ditto_result_t
ditto_base32hex_decode(const char *text, size_t len, ditto_buf_t *out)
{
	REQUIRE(out != NULL);
	unsigned int rem = (unsigned int)(len % 8);
	if (rem == 1 || rem == 3 || rem == 6) {
		return DITTO_R_SYNTAX;
	}
	uint32_t acc = 0;
	unsigned int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b32value(text[i]);
		if (v < 0) {
			return DITTO_R_SYNTAX;
		}
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (ditto_buf_avail(out) < 1) {
				return DITTO_R_NOSPACE;
			}
			ditto_buf_put8(out, (uint8_t)(acc >> bits));
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0) {
		return DITTO_R_SYNTAX; /* leftover bits must be zero */
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_base32hex_encode(const uint8_t *data, size_t len, char *buf,
                       size_t bufsize)
{
	REQUIRE(data != NULL || len == 0);
	REQUIRE(buf != NULL);
	if (bufsize <= (len * 8 + 4) / 5) {
		return DITTO_R_NOSPACE;
	}
	size_t o = 0;
	uint32_t acc = 0;
	unsigned int bits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			buf[o++] = b32digits[(acc >> bits) & 31];
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0) {
		buf[o++] = b32digits[(acc << (5 - bits)) & 31];
	}
	buf[o] = '\0';
	return DITTO_R_SUCCESS;
}

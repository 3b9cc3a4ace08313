/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Base64 (RFC 4648 section 4): encoding and token-spanning decoding.
 *
 * The decoder is strict in the way BIND's is: only the standard alphabet,
 * '=' only at the end of a quantum (one or two of them), nothing after a
 * padded quantum, and the data must end on a quantum boundary.
 */
#include "util/base64.h"

#include "util/assert.h"

static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
sextet(char c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	if (c == '+') {
		return 62;
	}
	if (c == '/') {
		return 63;
	}
	return -1;
}

void
ditto_base64_dec_init(ditto_base64_dec_t *d)
{
	REQUIRE(d != NULL);
	*d = (ditto_base64_dec_t){ 0 };
}

static ditto_result_t
flush_quantum(ditto_base64_dec_t *d, ditto_buf_t *out)
{
	unsigned int nbytes = 3 - d->pad;
	/* the bits that padding discards must be zero */
	if ((d->pad == 2 && (d->quad[1] & 0x0f) != 0) ||
	    (d->pad == 1 && (d->quad[2] & 0x03) != 0)) {
		return DITTO_R_BADBASE64;
	}
	uint32_t v = ((uint32_t)d->quad[0] << 18) |
	             ((uint32_t)d->quad[1] << 12) |
	             ((uint32_t)d->quad[2] << 6) | d->quad[3];
	if (ditto_buf_avail(out) < nbytes) {
		return DITTO_R_NOSPACE;
	}
	ditto_buf_put8(out, (uint8_t)(v >> 16));
	if (nbytes > 1) {
		ditto_buf_put8(out, (uint8_t)(v >> 8));
	}
	if (nbytes > 2) {
		ditto_buf_put8(out, (uint8_t)v);
	}
	d->n = 0;
	if (d->pad > 0) {
		d->done = true;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_base64_dec_feed(ditto_base64_dec_t *d, const char *text, size_t len,
                      ditto_buf_t *out)
{
	REQUIRE(d != NULL && out != NULL);
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (d->done) {
			return DITTO_R_BADBASE64;
		}
		if (c == '=') {
			/* "xx==" or "xxx=" only */
			if (d->n + d->pad < 2) {
				return DITTO_R_BADBASE64;
			}
			d->pad++;
			d->quad[d->n + d->pad - 1] = 0;
		} else {
			int v = sextet(c);
			if (v < 0 || d->pad > 0) {
				return DITTO_R_BADBASE64;
			}
			d->quad[d->n++] = (uint8_t)v;
		}
		if (d->n + d->pad == 4) {
			ditto_result_t r = flush_quantum(d, out);
			if (r != DITTO_R_SUCCESS) {
				return r;
			}
			d->pad = d->done ? d->pad : 0;
		}
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_base64_dec_finish(ditto_base64_dec_t *d)
{
	REQUIRE(d != NULL);
	if (d->n != 0 || (!d->done && d->pad != 0)) {
		return DITTO_R_BADBASE64;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_base64_decode(const char *text, size_t len, ditto_buf_t *out)
{
	ditto_base64_dec_t d;
	ditto_base64_dec_init(&d);
	ditto_result_t r = ditto_base64_dec_feed(&d, text, len, out);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto_base64_dec_finish(&d);
}

size_t
ditto_base64_encoded_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

ditto_result_t
ditto_base64_encode(const uint8_t *data, size_t len, char *buf, size_t bufsize)
{
	REQUIRE(data != NULL || len == 0);
	REQUIRE(buf != NULL);
	if (bufsize <= ditto_base64_encoded_len(len)) {
		return DITTO_R_NOSPACE;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		size_t left = len - i;
		uint32_t v = (uint32_t)data[i] << 16;
		if (left > 1) {
			v |= (uint32_t)data[i + 1] << 8;
		}
		if (left > 2) {
			v |= data[i + 2];
		}
		buf[o++] = alphabet[(v >> 18) & 63];
		buf[o++] = alphabet[(v >> 12) & 63];
		buf[o++] = left > 1 ? alphabet[(v >> 6) & 63] : '=';
		buf[o++] = left > 2 ? alphabet[v & 63] : '=';
	}
	buf[o] = '\0';
	return DITTO_R_SUCCESS;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC messages: framing, signed rendering, parsing and verification. */
#include "control/ccmsg.h"

#include <string.h>

#include "control/ccwire.h"
#include "util/assert.h"

/*
 * Frame: [N:4][version=1:4][table body], N counting everything after the
 * prefix. The table body starts with the `_auth` entry, whose size is fixed
 * per algorithm (43 or 110 bytes); the signed region is everything after
 * it. Rendering therefore encodes the region in place at offset 8 + entry
 * size, MACs it, and fills in the prefix, version and `_auth` last.
 */

void
ditto_ccmsg_reader_init(ditto_ccmsg_reader_t *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
}

void
ditto_ccmsg_reader_clear(ditto_ccmsg_reader_t *r)
{
	ditto_free(r->frame);
	size_t max = r->max;
	memset(r, 0, sizeof(*r));
	r->max = max;
}

ditto_result_t
ditto_ccmsg_reader_feed(ditto_ccmsg_reader_t *r, const uint8_t *data,
                        size_t len, size_t *used, const uint8_t **frame,
                        size_t *framelen)
{
	size_t i = 0;
	if (r->frame != NULL && r->have == r->framelen) {
		ditto_ccmsg_reader_clear(r); /* previous frame was handed out */
	}
	while (r->hdrlen < 4 && i < len) {
		r->hdr[r->hdrlen++] = data[i++];
	}
	if (r->hdrlen == 4 && r->frame == NULL) {
		uint32_t n = ditto_read32(r->hdr);
		if (n == 0) {
			*used = i;
			return DITTO_R_UNEXPECTEDEND;
		}
		if (n > r->max) {
			*used = i;
			return DITTO_R_RANGE;
		}
		r->framelen = (size_t)n + 4;
		r->frame = ditto_malloc(r->framelen);
		memcpy(r->frame, r->hdr, 4);
		r->have = 4;
	}
	if (r->frame != NULL) {
		size_t take = r->framelen - r->have;
		if (take > len - i) {
			take = len - i;
		}
		memcpy(r->frame + r->have, data + i, take);
		r->have += take;
		i += take;
	}
	*used = i;
	if (r->frame == NULL || r->have < r->framelen) {
		return DITTO_R_NOMORE;
	}
	*frame = r->frame;
	*framelen = r->framelen;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_ccmsg_render(const ditto_ccauth_key_t *key, const ditto_sexpr_t *top,
                   ditto_buf_t *out)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(ditto_sexpr_lookup(top, "_auth") == NULL);
	size_t entry = ditto_ccauth_entrysize(key->alg);
	size_t regionlen = ditto_ccwire_size(top);
	size_t total = 8 + entry + regionlen;
	if (ditto_buf_avail(out) < total || total - 4 > UINT32_MAX) {
		return DITTO_R_NOSPACE;
	}
	uint8_t *start = out->base + out->pos;
	ditto_buf_t region;
	ditto_buf_init(&region, start + 8 + entry, regionlen);
	CHECK(ditto_ccwire_towire(top, &region));
	ditto_buf_t head;
	ditto_buf_init(&head, start, 8 + entry);
	ditto_buf_put32(&head, (uint32_t)(total - 4));
	ditto_buf_put32(&head, DITTO_CCMSG_VERSION);
	CHECK(ditto_ccauth_sign(key, start + 8 + entry, regionlen, &head));
	INSIST(head.pos == 8 + entry);
	out->pos += total;
cleanup:
	return result;
}

ditto_result_t
ditto_ccmsg_parse(const uint8_t *frame, size_t len, ditto_arena_t *arena,
                  ditto_ccmsg_t *msg, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_sexpr_t *top = NULL;
	if (len < 8 || ditto_read32(frame) != len - 4) {
		ditto_err_setat(err, 0, "bad frame length");
		return DITTO_R_FORMERR;
	}
	if (ditto_read32(frame + 4) != DITTO_CCMSG_VERSION) {
		ditto_err_setat(err, 4, "bad protocol version %u",
		                (unsigned)ditto_read32(frame + 4));
		return DITTO_R_FORMERR;
	}
	CHECK(ditto_ccwire_fromwire(frame + 8, len - 8, arena, &top, err));
	/* The body decoded, so the first entry's header is in bounds. Its
	 * value is decoded again from its own bytes: a later duplicate
	 * `_auth` key must not stand in for the signature. */
	if (len < 19 || frame[8] != 5 || memcmp(frame + 9, "_auth", 5) != 0 ||
	    frame[14] != DITTO_SEXPR_TABLE) {
		ditto_err_setat(err, 8, "_auth is not the first entry");
		CLEANUP(DITTO_R_FORMERR);
	}
	size_t end = 19 + (size_t)ditto_read32(frame + 15);
	ditto_sexpr_t *auth = NULL;
	CHECK(ditto_ccwire_fromwire(frame + 19, end - 19, arena, &auth, err));
	msg->top = top;
	msg->auth = auth;
	msg->ctrl = ditto_sexpr_lookup(top, "_ctrl");
	if (msg->ctrl != NULL && msg->ctrl->type != DITTO_SEXPR_TABLE) {
		msg->ctrl = NULL;
	}
	msg->data = ditto_sexpr_lookup(top, "_data");
	if (msg->data != NULL && msg->data->type != DITTO_SEXPR_TABLE) {
		msg->data = NULL;
	}
	msg->region = frame + end;
	msg->regionlen = len - end;
cleanup:
	return result;
}

ditto_result_t
ditto_ccmsg_verify(const ditto_ccmsg_t *msg, const ditto_ccauth_key_t *keys,
                   size_t nkeys, size_t *which)
{
	for (size_t i = 0; i < nkeys; i++) {
		if (ditto_ccauth_verify(&keys[i], msg->auth, msg->region,
		                        msg->regionlen) == DITTO_R_SUCCESS) {
			*which = i;
			return DITTO_R_SUCCESS;
		}
	}
	return DITTO_R_CC_BADAUTH;
}

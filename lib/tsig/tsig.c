/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* TSIG sign and verify (RFC 8945), single messages and streams. */
#include "tsig/tsig.h"

#include <stdio.h>
#include <string.h>

#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/buf.h"

/*
 * What is digested (RFC 8945 section 4.3):
 *
 *   request:           message | variables
 *   first response:    len+request MAC | message | variables
 *   later in a stream: len+previous MAC | unsigned messages | message |
 *                      timers
 *
 * "message" is the message without its TSIG record, with ARCOUNT one
 * lower and the id replaced by the TSIG's original id; "variables" are
 * key name, class ANY, TTL 0, algorithm (both names lower-cased), time
 * signed, fudge, error, other length and other data; "timers" are time
 * signed and fudge.
 *
 * A stream's running digest (ctx->run) is started with the previous MAC
 * at the first message after a signed one, fed every unsigned message,
 * and finished by the next signed one:
 *
 *          signed            unsigned (<= 99 in a row)
 *   [first] -----> [signed] ---------> [pending] --+
 *                     ^  \____signed_____/         | signed
 *                     +------------------<---------+
 *
 * A verification failure is sticky (ctx->failure).
 */

/*! A TSIG record's rdata, decoded (pointers into the message). */
typedef struct tsigrr {
	const uint8_t *alg;   /*!< algorithm name (uncompressed) */
	uint64_t time;        /*!< time signed, 48 bits */
	uint16_t fudge;       /*!< fudge */
	uint16_t maclen;      /*!< MAC size */
	const uint8_t *mac;   /*!< MAC */
	uint16_t origid;      /*!< original id */
	uint16_t error;       /*!< error */
	uint16_t otherlen;    /*!< other length */
	const uint8_t *other; /*!< other data */
} tsigrr_t;

/* Decode msg->tsig (already checked by ditto_msg_parse(); checked again
 * here, so a hand-made ditto_msg_t cannot make us read out of bounds). */
static ditto_result_t
parse_tsigrr(const ditto_msg_t *msg, tsigrr_t *t)
{
	size_t n = 0;
	const uint8_t *rd = msg->tsig.rdata;
	ditto_buf_t b;

	if (!msg->has_tsig || msg->tsig_offset < DITTO_MSG_HDRLEN ||
	    msg->tsig_offset > msg->wirelen || msg->tsig_arcount == 0 ||
	    ditto_name_check(rd, msg->tsig.rdlen, true, &n) !=
	            DITTO_R_SUCCESS) {
		return DITTO_R_FORMERR;
	}
	ditto_buf_init(&b, (uint8_t *)rd, msg->tsig.rdlen);
	t->alg = rd;
	ditto_buf_skip(&b, n);
	t->time = (uint64_t)ditto_buf_get16(&b) << 32;
	t->time |= ditto_buf_get32(&b);
	t->fudge = ditto_buf_get16(&b);
	t->maclen = ditto_buf_get16(&b);
	t->mac = rd + b.pos;
	ditto_buf_skip(&b, t->maclen);
	t->origid = ditto_buf_get16(&b);
	t->error = ditto_buf_get16(&b);
	t->otherlen = ditto_buf_get16(&b);
	t->other = rd + b.pos;
	ditto_buf_skip(&b, t->otherlen);
	if (b.error || ditto_buf_avail(&b) != 0) {
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

/* The signed part of a received message: header with the original id and
 * ARCOUNT one lower, then everything up to the TSIG record. */
static void
digest_received(ditto_hmac_t *h, const ditto_msg_t *msg, uint16_t origid)
{
	uint8_t hdr[DITTO_MSG_HDRLEN];
	memcpy(hdr, msg->wire, sizeof(hdr));
	ditto_write16(hdr, origid);
	ditto_write16(hdr + 10, (uint16_t)(msg->tsig_arcount - 1));
	ditto_hmac_update(h, hdr, sizeof(hdr));
	ditto_hmac_update(h, msg->wire + DITTO_MSG_HDRLEN,
	                  msg->tsig_offset - DITTO_MSG_HDRLEN);
}

static void
put48(uint8_t *p, uint64_t v)
{
	ditto_write16(p, (uint16_t)(v >> 32));
	ditto_write32(p + 2, (uint32_t)v);
}

/* TSIG variables (all, or the timers only). */
static void
digest_vars(ditto_hmac_t *h, const ditto_tsig_t *ctx, uint64_t time,
            uint16_t fudge, uint16_t error, const uint8_t *other,
            uint16_t otherlen, bool timers_only)
{
	uint8_t tmp[10];
	if (!timers_only) {
		ditto_hmac_update(h, ctx->keyname,
		                  ditto_name_length(ctx->keyname));
		ditto_write16(tmp, DITTO_CLASS_ANY);
		ditto_write32(tmp + 2, 0);
		ditto_hmac_update(h, tmp, 6);
		ditto_hmac_update(h, ctx->algname,
		                  ditto_name_length(ctx->algname));
	}
	put48(tmp, time);
	ditto_write16(tmp + 6, fudge);
	ditto_hmac_update(h, tmp, 8);
	if (!timers_only) {
		ditto_write16(tmp, error);
		ditto_write16(tmp + 2, otherlen);
		ditto_hmac_update(h, tmp, 4);
		ditto_hmac_update(h, other, otherlen);
	}
}

/* Start the digest of the next message: fresh with the request MAC for
 * the first message, else the stream's running digest. */
static ditto_result_t
digest_start(ditto_tsig_t *ctx, ditto_hmac_t *h)
{
	uint8_t len[2];
	if (ctx->nmsgs > 0 && ctx->run.ctx != NULL) {
		*h = ctx->run;
		ctx->run.ctx = NULL;
		return DITTO_R_SUCCESS;
	}
	ditto_result_t result = ditto_tsigkey_hmacinit(ctx->key, h);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	if (ctx->has_mac) {
		ditto_write16(len, (uint16_t)ctx->maclen);
		ditto_hmac_update(h, len, 2);
		ditto_hmac_update(h, ctx->mac, ctx->maclen);
	}
	return DITTO_R_SUCCESS;
}

/* Digest an unsigned stream message into the running digest. */
static ditto_result_t
digest_unsigned(ditto_tsig_t *ctx, const uint8_t *wire, size_t len)
{
	if (ctx->run.ctx == NULL) {
		ditto_result_t result = digest_start(ctx, &ctx->run);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	ditto_hmac_update(&ctx->run, wire, len);
	return DITTO_R_SUCCESS;
}

static void
remember_mac(ditto_tsig_t *ctx, const uint8_t *mac, size_t maclen)
{
	memcpy(ctx->mac, mac, maclen);
	ctx->maclen = maclen;
	ctx->has_mac = true;
}

void
ditto_tsig_init(ditto_tsig_t *ctx, const ditto_tsigkey_t *key)
{
	REQUIRE(ctx != NULL && key != NULL);
	memset(ctx, 0, sizeof(*ctx));
	ctx->key = key;
	ditto_name_copy(ctx->keyname, ditto_tsigkey_name(key));
	ditto_name_copy(ctx->algname, ditto_tsigkey_algname(key));
	ctx->sign_maclen = ditto_tsigkey_maclen(key);
}

void
ditto_tsig_clear(ditto_tsig_t *ctx)
{
	if (ctx == NULL) {
		return;
	}
	ditto_hmac_clear(&ctx->run);
	explicit_bzero(ctx->mac, sizeof(ctx->mac));
	ctx->key = NULL;
	ctx->has_mac = false;
}

/* Append the TSIG record and bump ARCOUNT; nothing changes on failure. */
static ditto_result_t
append_tsig(const ditto_tsig_t *ctx, uint8_t *buf, size_t *len, size_t size,
            uint64_t time, uint16_t error, const uint8_t *mac, size_t maclen,
            const uint8_t *other, uint16_t otherlen)
{
	size_t klen = ditto_name_length(ctx->keyname);
	size_t alen = ditto_name_length(ctx->algname);
	size_t rdlen = alen + 16 + maclen + otherlen;
	ditto_buf_t b;

	if (*len < DITTO_MSG_HDRLEN || ditto_read16(buf + 10) == UINT16_MAX) {
		return DITTO_R_RANGE;
	}
	if (size < *len || size - *len < klen + 10 + rdlen) {
		return DITTO_R_NOSPACE;
	}
	ditto_buf_init(&b, buf, size);
	b.pos = *len;
	ditto_buf_putmem(&b, ctx->keyname, klen);
	ditto_buf_put16(&b, DITTO_TYPE_TSIG);
	ditto_buf_put16(&b, DITTO_CLASS_ANY);
	ditto_buf_put32(&b, 0);
	ditto_buf_put16(&b, (uint16_t)rdlen);
	ditto_buf_putmem(&b, ctx->algname, alen);
	ditto_buf_put16(&b, (uint16_t)(time >> 32));
	ditto_buf_put32(&b, (uint32_t)time);
	ditto_buf_put16(&b, DITTO_TSIG_FUDGE);
	ditto_buf_put16(&b, (uint16_t)maclen);
	ditto_buf_putmem(&b, mac, maclen);
	ditto_buf_putmem(&b, buf, 2); /* original id: the message's id */
	ditto_buf_put16(&b, error);
	ditto_buf_put16(&b, otherlen);
	ditto_buf_putmem(&b, other, otherlen);
	INSIST(!b.error);
	ditto_write16(buf + 10, (uint16_t)(ditto_read16(buf + 10) + 1));
	*len = b.pos;
	return DITTO_R_SUCCESS;
}

/* Compute the MAC of an outgoing message and append the TSIG record. */
static ditto_result_t
sign_message(ditto_tsig_t *ctx, uint8_t *buf, size_t *len, size_t size,
             uint64_t time, const uint8_t *other, uint16_t otherlen,
             ditto_err_t *err)
{
	uint8_t mac[DITTO_HMAC_MAXLEN];
	size_t maclen = 0;
	ditto_hmac_t h;
	bool timers_only = ctx->is_server && ctx->nmsgs > 0;
	ditto_result_t result;

	time &= 0xffffffffffffULL;
	if (*len < DITTO_MSG_HDRLEN) {
		return DITTO_R_RANGE;
	}
	CHECK(digest_start(ctx, &h));
	ditto_hmac_update(&h, buf, *len);
	digest_vars(&h, ctx, time, DITTO_TSIG_FUDGE, ctx->error, other,
	            otherlen, timers_only);
	CHECK(ditto_hmac_final(&h, mac, &maclen));
	if (ctx->sign_maclen < maclen) {
		maclen = ctx->sign_maclen;
	}
	CHECK(append_tsig(ctx, buf, len, size, time, ctx->error, mac, maclen,
	                  other, otherlen));
	remember_mac(ctx, mac, maclen);
cleanup:
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "TSIG signing failed: %s",
		              ditto_result_totext(result));
	}
	explicit_bzero(mac, sizeof(mac));
	return result;
}

ditto_result_t
ditto_tsig_sign_request(ditto_tsig_t *ctx, uint8_t *buf, size_t *len,
                        size_t size, uint64_t now, ditto_err_t *err)
{
	REQUIRE(ctx != NULL && ctx->key != NULL && !ctx->is_server);
	REQUIRE(!ctx->has_mac && ctx->nmsgs == 0);
	ditto_result_t result =
	        sign_message(ctx, buf, len, size, now, NULL, 0, err);
	if (result == DITTO_R_SUCCESS) {
		ctx->req_time = now;
	}
	return result;
}

ditto_result_t
ditto_tsig_sign_response(ditto_tsig_t *ctx, uint8_t *buf, size_t *len,
                         size_t size, uint64_t now, ditto_err_t *err)
{
	uint8_t other[6];
	ditto_result_t result;

	REQUIRE(ctx != NULL && ctx->is_server);
	if (ctx->key == NULL || ctx->error == DITTO_RCODE_BADSIG ||
	    ctx->error == DITTO_RCODE_BADKEY) {
		/* RFC 8945 5.3.2: key or MAC errors are never signed */
		result = append_tsig(ctx, buf, len, size,
		                     now & 0xffffffffffffULL, ctx->error, NULL,
		                     0, NULL, 0);
		if (result != DITTO_R_SUCCESS) {
			ditto_err_set(err, "TSIG signing failed: %s",
			              ditto_result_totext(result));
		}
		return result;
	}
	if (ctx->error == DITTO_RCODE_BADTIME) {
		put48(other, now);
		return sign_message(ctx, buf, len, size, ctx->req_time, other,
		                    sizeof(other), err);
	}
	result = sign_message(ctx, buf, len, size, now, NULL, 0, err);
	if (result == DITTO_R_SUCCESS) {
		ctx->nmsgs++;
		ctx->nunsigned = 0;
	}
	return result;
}

ditto_result_t
ditto_tsig_add_unsigned(ditto_tsig_t *ctx, const uint8_t *buf, size_t len)
{
	REQUIRE(ctx != NULL && ctx->is_server && ctx->key != NULL);
	REQUIRE(ctx->nmsgs > 0 && ctx->error == 0);
	if (ctx->nunsigned >= DITTO_TSIG_MAXUNSIGNED) {
		return DITTO_R_TOOMANY;
	}
	ditto_result_t result = digest_unsigned(ctx, buf, len);
	if (result == DITTO_R_SUCCESS) {
		ctx->nunsigned++;
	}
	return result;
}

/* A key name for logs, as named prints it: no final dot. */
static void
keyname_text(const uint8_t *name, char *buf, size_t size)
{
	size_t n = 0;
	if (ditto_name_totext(name, NULL, buf, size, &n) != DITTO_R_SUCCESS) {
		snprintf(buf, size, "?");
		return;
	}
	if (n > 1 && buf[n - 1] == '.') {
		buf[n - 1] = '\0';
	}
}

/* Record a verification failure: the TSIG error to answer (server), the
 * reason and BIND's debug detail. */
static ditto_result_t
fail(ditto_tsig_t *ctx, ditto_result_t result, uint16_t error,
     const char *detail, ditto_err_t *err)
{
	char name[DITTO_NAME_MAXTEXT];
	ctx->failure = result;
	ctx->error = error;
	ditto_hmac_clear(&ctx->run);
	if (ctx->is_server) {
		keyname_text(ctx->keyname, name, sizeof(name));
		ditto_err_set(err, "TSIG %s: %s", name,
		              ditto_result_totext(result));
	} else if (result == DITTO_R_TSIG_ERRORSET) {
		const char *e = ditto_rcode_tsigname(error);
		if (e != NULL) {
			ditto_err_set(err, "%s (%s)",
			              ditto_result_totext(result), e);
		} else {
			ditto_err_set(err, "%s (%u)",
			              ditto_result_totext(result), error);
		}
	} else {
		ditto_err_set(err, "%s", ditto_result_totext(result));
	}
	ditto_err_summary(err, detail);
	return result;
}

/* MAC length limits of RFC 8945 5.2.2.1 (NULL when fine). */
static const char *
maclen_problem(const ditto_tsig_t *ctx, const tsigrr_t *t)
{
	size_t full = ditto_hmac_length(ditto_tsigkey_hmac(ctx->key));
	if (t->maclen > full) {
		return "signature length too big";
	}
	if (t->maclen > 0 && (t->maclen < 10 || t->maclen < (full + 1) / 2)) {
		return "signature length below minimum";
	}
	return NULL;
}

/* Digest a received signed message and compare; first response/request
 * with all variables, later stream messages with the timers only. */
static ditto_result_t
check_mac(ditto_tsig_t *ctx, const ditto_msg_t *msg, const tsigrr_t *t,
          bool timers_only, bool *ok)
{
	uint8_t mac[DITTO_HMAC_MAXLEN];
	size_t maclen = 0;
	ditto_hmac_t h;
	ditto_result_t result;

	CHECK(digest_start(ctx, &h));
	digest_received(&h, msg, t->origid);
	digest_vars(&h, ctx, t->time, t->fudge, t->error, t->other, t->otherlen,
	            timers_only);
	CHECK(ditto_hmac_final(&h, mac, &maclen));
	*ok = t->maclen > 0 && t->maclen <= maclen &&
	      ditto_hmac_equal(mac, t->mac, t->maclen);
cleanup:
	explicit_bzero(mac, sizeof(mac));
	return result;
}

/* Time and truncation checks after a good MAC (RFC 8945 5.2.3, 5.2.4). */
static ditto_result_t
check_time_trunc(ditto_tsig_t *ctx, const tsigrr_t *t, uint64_t now,
                 ditto_err_t *err)
{
	now &= 0xffffffffffffULL;
	if (now > t->time + t->fudge) {
		return fail(ctx, DITTO_R_TSIG_BADTIME, DITTO_RCODE_BADTIME,
		            "signature has expired", err);
	}
	if (t->time > now + t->fudge) {
		return fail(ctx, DITTO_R_TSIG_BADTIME, DITTO_RCODE_BADTIME,
		            "signature is in the future", err);
	}
	unsigned int bits = ditto_tsigkey_digestbits(ctx->key);
	size_t min = bits != 0
	                     ? bits / 8
	                     : ditto_hmac_length(ditto_tsigkey_hmac(ctx->key));
	if (t->maclen < min) {
		return fail(ctx, DITTO_R_TSIG_BADTRUNC, DITTO_RCODE_BADTRUNC,
		            "truncated signature length too small", err);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_tsig_verify_request(ditto_tsig_t *ctx, const ditto_keyring_t *ring,
                          const ditto_msg_t *msg, uint64_t now,
                          ditto_err_t *err)
{
	tsigrr_t t;
	bool ok = false;
	ditto_result_t result;

	REQUIRE(ctx != NULL && msg != NULL);
	memset(ctx, 0, sizeof(*ctx));
	ctx->is_server = true;
	if (parse_tsigrr(msg, &t) != DITTO_R_SUCCESS) {
		ditto_err_set(err, "%s",
		              ditto_result_totext(DITTO_R_TSIG_UNSIGNED));
		return DITTO_R_TSIG_UNSIGNED;
	}
	ditto_name_copy(ctx->keyname, msg->tsig_owner);
	ditto_name_tolower(ctx->keyname);
	ditto_name_copy(ctx->algname, t.alg);
	ditto_name_tolower(ctx->algname);
	ctx->req_time = t.time;
	ctx->rcode = DITTO_RCODE_NOTAUTH;
	ctx->key = ditto_keyring_find(ring, ctx->keyname, ctx->algname);
	if (ctx->key == NULL) {
		return fail(ctx, DITTO_R_TSIG_BADKEY, DITTO_RCODE_BADKEY,
		            "unknown key", err);
	}
	const char *problem = maclen_problem(ctx, &t);
	if (problem != NULL) {
		ctx->rcode = DITTO_RCODE_FORMERR;
		return fail(ctx, DITTO_R_TSIG_BADSIG, DITTO_RCODE_BADSIG,
		            problem, err);
	}
	CHECK(check_mac(ctx, msg, &t, false, &ok));
	if (!ok) {
		return fail(ctx, DITTO_R_TSIG_BADSIG, DITTO_RCODE_BADSIG,
		            t.maclen == 0 ? "signature was empty"
		                          : "signature failed to verify",
		            err);
	}
	/* the request MAC goes into the response's digest, even for a
	 * BADTIME or BADTRUNC error response, which are signed */
	remember_mac(ctx, t.mac, t.maclen);
	ctx->sign_maclen = ditto_tsigkey_maclen(ctx->key);
	CHECK(check_time_trunc(ctx, &t, now, err));
	ctx->sign_maclen = t.maclen; /* answer as long as asked, like named */
	ctx->rcode = DITTO_RCODE_NOERROR;
	ctx->error = 0;
cleanup:
	return result;
}

/* A signed response: key, error field, MAC, time, truncation. */
static ditto_result_t
verify_signed(ditto_tsig_t *ctx, const ditto_msg_t *msg, uint64_t now,
              ditto_err_t *err)
{
	tsigrr_t t;
	bool ok = false;
	ditto_result_t result;

	if (parse_tsigrr(msg, &t) != DITTO_R_SUCCESS) {
		return fail(ctx, DITTO_R_TSIG_BADSIG, 0, "malformed TSIG", err);
	}
	if (!ditto_name_equal(msg->tsig_owner, ctx->keyname) ||
	    !ditto_name_equal(t.alg, ctx->algname)) {
		return fail(ctx, DITTO_R_TSIG_BADKEY, DITTO_RCODE_BADKEY,
		            "key name and algorithm do not match", err);
	}
	if (t.error != 0 && t.maclen == 0) {
		return fail(ctx, DITTO_R_TSIG_ERRORSET, t.error,
		            "unsigned error response", err);
	}
	const char *problem = maclen_problem(ctx, &t);
	if (problem != NULL) {
		return fail(ctx, DITTO_R_TSIG_BADSIG, DITTO_RCODE_BADSIG,
		            problem, err);
	}
	CHECK(check_mac(ctx, msg, &t, ctx->nmsgs > 0, &ok));
	if (!ok) {
		return fail(ctx, DITTO_R_TSIG_BADSIG, DITTO_RCODE_BADSIG,
		            t.maclen == 0 ? "signature was empty"
		                          : "signature failed to verify",
		            err);
	}
	if (t.error != 0) {
		return fail(ctx, DITTO_R_TSIG_ERRORSET, t.error,
		            "signed error response", err);
	}
	CHECK(check_time_trunc(ctx, &t, now, err));
	remember_mac(ctx, t.mac, t.maclen);
	ctx->nmsgs++;
	ctx->nunsigned = 0;
	ctx->last_signed = true;
cleanup:
	if (result != DITTO_R_SUCCESS && ctx->failure == DITTO_R_SUCCESS) {
		ctx->failure = result;
		ditto_err_set(err, "%s", ditto_result_totext(result));
	}
	return result;
}

ditto_result_t
ditto_tsig_verify_response(ditto_tsig_t *ctx, const ditto_msg_t *msg,
                           uint64_t now, ditto_err_t *err)
{
	REQUIRE(ctx != NULL && msg != NULL && !ctx->is_server);
	REQUIRE(ctx->key != NULL && ctx->has_mac);
	if (ctx->failure != DITTO_R_SUCCESS) {
		ditto_err_set(err, "%s", ditto_result_totext(ctx->failure));
		return ctx->failure;
	}
	if (msg->has_tsig) {
		return verify_signed(ctx, msg, now, err);
	}
	if (ctx->nmsgs == 0) {
		return fail(ctx, DITTO_R_TSIG_UNSIGNED, 0,
		            "first response is not signed", err);
	}
	if (ctx->nunsigned >= DITTO_TSIG_MAXUNSIGNED) {
		return fail(ctx, DITTO_R_TSIG_UNSIGNED, 0,
		            "too many unsigned messages", err);
	}
	ditto_result_t result = digest_unsigned(ctx, msg->wire, msg->wirelen);
	if (result != DITTO_R_SUCCESS) {
		ctx->failure = result;
		ditto_err_set(err, "%s", ditto_result_totext(result));
		return result;
	}
	ctx->nunsigned++;
	ctx->last_signed = false;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_tsig_verify_end(ditto_tsig_t *ctx, ditto_err_t *err)
{
	REQUIRE(ctx != NULL && !ctx->is_server);
	if (ctx->failure != DITTO_R_SUCCESS) {
		ditto_err_set(err, "%s", ditto_result_totext(ctx->failure));
		return ctx->failure;
	}
	if (ctx->nmsgs == 0 || !ctx->last_signed) {
		return fail(ctx, DITTO_R_TSIG_UNSIGNED, 0,
		            "last message is not signed", err);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_tsig_error_response(ditto_tsig_t *ctx, const ditto_msg_t *request,
                          uint8_t *buf, size_t size, size_t *len, uint64_t now,
                          ditto_err_t *err)
{
	ditto_buf_t b;
	size_t n;

	REQUIRE(ctx != NULL && ctx->is_server && ctx->error != 0);
	REQUIRE(request != NULL && buf != NULL && len != NULL);
	ditto_buf_init(&b, buf, size);
	ditto_buf_put16(&b, request->hdr.id);
	uint16_t flags = (uint16_t)(DITTO_MSG_QR |
	                            (request->hdr.flags &
	                             (DITTO_MSG_RD | DITTO_MSG_CD)) |
	                            ((request->hdr.opcode & 0xf) << 11) |
	                            (ctx->rcode & 0xf));
	ditto_buf_put16(&b, flags);
	ditto_buf_put16(&b, request->has_question ? 1 : 0);
	ditto_buf_put16(&b, 0);
	ditto_buf_put16(&b, 0);
	ditto_buf_put16(&b, 0);
	if (request->has_question) {
		ditto_buf_putmem(&b, request->qname,
		                 ditto_name_length(request->qname));
		ditto_buf_put16(&b, request->qtype);
		ditto_buf_put16(&b, request->qclass);
	}
	if (b.error) {
		ditto_err_set(err, "no space for the error response");
		return DITTO_R_NOSPACE;
	}
	n = b.pos;
	ditto_result_t result =
	        ditto_tsig_sign_response(ctx, buf, &n, size, now, err);
	if (result == DITTO_R_SUCCESS) {
		*len = n;
	}
	return result;
}

size_t
ditto_tsig_reserve(const ditto_tsigkey_t *key)
{
	/* owner | type class ttl rdlength | algorithm | time signed (6)
	 * fudge (2) | MAC size (2) MAC | original id (2) error (2)
	 * other length (2) other (6) */
	return ditto_name_length(ditto_tsigkey_name(key)) + 10 +
	       ditto_name_length(ditto_tsigkey_algname(key)) + 6 + 2 + 2 +
	       DITTO_HMAC_MAXLEN + 2 + 2 + 2 + 6;
}

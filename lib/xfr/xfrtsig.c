/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Binds a lib/tsig client context to the TSIG hook of the xfr machines. */
#include "xfr/xfrtsig.h"

#include "dns/name.h"
#include "tsig/tsigkey.h"
#include "util/assert.h"
#include "util/hmac.h"

static ditto_result_t
sign(void *arg, uint8_t *buf, size_t size, size_t *len, ditto_err_t *err)
{
	ditto_xfrtsig_t *st = arg;
	return ditto_tsig_sign_request(st->ctx, buf, len, size, st->now, err);
}

static ditto_result_t
verify(void *arg, const ditto_msg_t *msg, ditto_err_t *err)
{
	ditto_xfrtsig_t *st = arg;
	return ditto_tsig_verify_response(st->ctx, msg, st->now, err);
}

static ditto_result_t
finish(void *arg, ditto_err_t *err)
{
	ditto_xfrtsig_t *st = arg;
	return ditto_tsig_verify_end(st->ctx, err);
}

void
ditto_xfrtsig_bind(ditto_xfrtsig_t *st, ditto_tsig_t *ctx, uint64_t now,
                   ditto_xfr_tsig_t *hook)
{
	REQUIRE(ctx != NULL && ctx->key != NULL);
	st->ctx = ctx;
	st->now = now;
	/* owner, type/class/ttl/rdlength, algorithm, time (6), fudge,
	 * MAC size, MAC, original id, error, other length, other (6) */
	size_t reserve = ditto_name_length(ditto_tsigkey_name(ctx->key)) + 10 +
	                 ditto_name_length(ditto_tsigkey_algname(ctx->key)) +
	                 6 + 2 + 2 + DITTO_HMAC_MAXLEN + 2 + 2 + 2 + 6;
	*hook = (ditto_xfr_tsig_t){ .sign = sign,
		                    .verify = verify,
		                    .finish = finish,
		                    .arg = st,
		                    .reserve = reserve };
}

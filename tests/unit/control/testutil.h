/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared helpers of the control-channel unit tests. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "control/ccauth.h"
#include "control/ccclient.h"
#include "control/ccmsg.h"
#include "control/ccserver.h"
#include "control/ccwire.h"
#include "control/sexpr.h"

#include "vectors.h"

/* The keys of protocols/rndc.md section 9. */
#define SHA256_SECRET "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"
#define MD5_SECRET    "aWTjbu7M1zq4YxP88MKToA=="
#define VEC_NOW       1795218885u
#define VEC_NONCE     3844992250u
#define VEC_SER0      2710406893u

static inline void
key_sha256(ditto_ccauth_key_t *k)
{
	assert_int_equal(
	        ditto_ccauth_key_init(k, "hmac-sha256", SHA256_SECRET, NULL),
	        DITTO_R_SUCCESS);
}

static inline void
key_md5(ditto_ccauth_key_t *k)
{
	assert_int_equal(ditto_ccauth_key_init(k, "hmac-md5", MD5_SECRET, NULL),
	                 DITTO_R_SUCCESS);
}

static inline void
assert_bytes(const uint8_t *got, size_t gotlen, const uint8_t *want,
             size_t wantlen)
{
	assert_int_equal(gotlen, wantlen);
	for (size_t i = 0; i < wantlen; i++) {
		if (got[i] != want[i]) {
			fail_msg("byte %zu: got %02x want %02x", i, got[i],
			         want[i]);
		}
	}
}

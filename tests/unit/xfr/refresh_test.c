/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/xfr/serial.c and lib/xfr/refresh.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "xfr/refresh.h"
#include "xfr/serial.h"

static void
serial_arith(void **state)
{
	(void)state;
	assert_int_equal(ditto_serial_compare(1, 1), DITTO_SERIAL_EQ);
	assert_int_equal(ditto_serial_compare(2, 1), DITTO_SERIAL_GT);
	assert_int_equal(ditto_serial_compare(1, 2), DITTO_SERIAL_LT);
	/* wrap-around: 0 is newer than 0xffffffff */
	assert_true(ditto_serial_gt(0, UINT32_MAX));
	assert_true(ditto_serial_lt(UINT32_MAX, 0));
	assert_true(ditto_serial_gt(0x7fffffff, 0));
	assert_true(ditto_serial_lt(0x80000001, 0));
	/* 2^31 apart: undefined, never newer either way */
	assert_int_equal(ditto_serial_compare(0x80000000, 0),
	                 DITTO_SERIAL_UNDEF);
	assert_false(ditto_serial_gt(0x80000000, 0));
	assert_false(ditto_serial_gt(0, 0x80000000));
	assert_false(ditto_serial_lt(0, 0x80000000));
	assert_int_equal(ditto_serial_add(UINT32_MAX, 2), 1);
	assert_int_equal(ditto_serial_increment(5), 6);
	assert_int_equal(ditto_serial_increment(UINT32_MAX), 1);
}

/* A fixed "random" source: always returns min(value, bound - 1). */
static uint32_t
fixed(void *arg, uint32_t bound)
{
	uint32_t v = *(uint32_t *)arg;
	return v < bound ? v : bound - 1;
}

static void
clamping(void **state)
{
	(void)state;
	ditto_refresh_conf_t c;
	ditto_refresh_t r;
	ditto_refresh_conf_init(&c);
	assert_int_equal(c.min_refresh, 300);
	assert_int_equal(c.max_refresh, 2419200);
	assert_int_equal(c.min_retry, 500);
	assert_int_equal(c.max_retry, 1209600);
	ditto_refresh_init(&r, &c, 1000);
	assert_int_equal(r.state, DITTO_REFRESH_EMPTY);
	ditto_refresh_settimers(&r, 60, 10, 100);
	assert_int_equal(r.refresh, 300);
	assert_int_equal(r.retry, 500);
	assert_int_equal(r.expire, 800); /* at least refresh + retry */
	ditto_refresh_settimers(&r, 0xffffffff, 0xffffffff, 0xffffffff);
	assert_int_equal(r.refresh, 2419200);
	assert_int_equal(r.retry, 1209600);
	assert_int_equal(r.expire, DITTO_REFRESH_MAX_EXPIRE);
	ditto_refresh_settimers(&r, 3600, 900, 604800);
	assert_int_equal(r.refresh, 3600);
	assert_int_equal(r.retry, 900);
	assert_int_equal(r.expire, 604800);
}

static void
jitter(void **state)
{
	(void)state;
	uint32_t v = 0;
	ditto_random_t rnd = { fixed, &v };
	assert_int_equal(ditto_refresh_jitter(3600, &rnd), 3600);
	v = 100;
	assert_int_equal(ditto_refresh_jitter(3600, &rnd), 3500);
	v = 100000; /* at most 25% less */
	assert_int_equal(ditto_refresh_jitter(3600, &rnd), 3600 - 899);
	assert_int_equal(ditto_refresh_jitter(3, &rnd), 3);
	assert_int_equal(ditto_refresh_jitter(3600, NULL), 3600);
}

static void
cycle(void **state)
{
	(void)state;
	uint32_t v = 0;
	ditto_random_t rnd = { fixed, &v };
	ditto_refresh_conf_t c;
	ditto_refresh_t r;
	int64_t when = 0;

	ditto_refresh_conf_init(&c);
	ditto_refresh_init(&r, &c, 1000);
	assert_int_equal(ditto_refresh_tick(&r, 1000),
	                 DITTO_REFRESH_EV_REFRESH);
	/* no data: retries back off from 60 s, doubling, up to 6 h */
	ditto_refresh_start(&r, 1000, &rnd);
	assert_int_equal(r.refresh_at, 1060);
	assert_int_equal(ditto_refresh_next(&r, &when), DITTO_REFRESH_EV_NONE);
	ditto_refresh_failure(&r, 1001);
	assert_int_equal(r.state, DITTO_REFRESH_EMPTY);
	assert_int_equal(ditto_refresh_tick(&r, 1059), DITTO_REFRESH_EV_NONE);
	assert_int_equal(ditto_refresh_tick(&r, 1060),
	                 DITTO_REFRESH_EV_REFRESH);
	ditto_refresh_start(&r, 1060, &rnd);
	assert_int_equal(r.refresh_at, 1060 + 120);
	for (int i = 0; i < 20; i++) {
		ditto_refresh_failure(&r, r.refresh_at);
		ditto_refresh_start(&r, r.refresh_at, &rnd);
	}
	assert_int_equal(r.retry, DITTO_REFRESH_BACKOFF_MAX);
	/* transfer succeeds: SOA timers, expire from now */
	ditto_refresh_success(&r, 3600, 900, 604800, 10000, &rnd);
	assert_int_equal(r.state, DITTO_REFRESH_OK);
	assert_int_equal(r.refresh_at, 13600);
	assert_int_equal(r.expire_at, 10000 + 604800);
	assert_int_equal(ditto_refresh_next(&r, &when),
	                 DITTO_REFRESH_EV_REFRESH);
	assert_int_equal(when, 13600);
	/* the primary is unreachable: retry every 900 s until expire */
	int64_t now = 13600;
	int rounds = 0;
	while (ditto_refresh_tick(&r, now) != DITTO_REFRESH_EV_EXPIRE) {
		assert_true(rounds++ < 1000);
		if (r.state != DITTO_REFRESH_REFRESHING &&
		    now >= r.refresh_at) {
			ditto_refresh_start(&r, now, &rnd);
			assert_int_equal(r.refresh_at, now + 900);
			ditto_refresh_failure(&r, now + 5);
			assert_int_equal(r.state, DITTO_REFRESH_RETRYING);
		}
		assert_int_equal(ditto_refresh_next(&r, &when) ==
		                         DITTO_REFRESH_EV_EXPIRE,
		                 r.expire_at <= r.refresh_at);
		now = when;
	}
	assert_int_equal(now, 10000 + 604800);
	assert_true(r.expired);
	assert_int_equal(r.state, DITTO_REFRESH_EXPIRED);
	/* an expired zone keeps retrying; a transfer revives it */
	assert_int_equal(ditto_refresh_next(&r, &when),
	                 DITTO_REFRESH_EV_REFRESH);
	ditto_refresh_start(&r, when, &rnd);
	ditto_refresh_success(&r, 3600, 900, 604800, when + 10, &rnd);
	assert_false(r.expired);
	assert_int_equal(r.state, DITTO_REFRESH_OK);
}

/* CoreDNS #1931: answers that confirm our serial restart the expire
 * timer, so a zone whose primary keeps answering never expires. */
static void
uptodate_restarts_expire(void **state)
{
	(void)state;
	uint32_t v = 0;
	ditto_random_t rnd = { fixed, &v };
	ditto_refresh_conf_t c;
	ditto_refresh_t r;
	int64_t now = 0;

	ditto_refresh_conf_init(&c);
	ditto_refresh_init(&r, &c, 0);
	ditto_refresh_start(&r, 0, &rnd);
	ditto_refresh_success(&r, 3600, 900, 7200, 0, &rnd);
	for (int i = 0; i < 100; i++) {
		int64_t when = 0;
		assert_int_equal(ditto_refresh_next(&r, &when),
		                 DITTO_REFRESH_EV_REFRESH);
		now = when;
		assert_int_equal(ditto_refresh_tick(&r, now),
		                 DITTO_REFRESH_EV_REFRESH);
		ditto_refresh_start(&r, now, &rnd);
		ditto_refresh_uptodate(&r, now + 1, -1, &rnd);
		assert_int_equal(r.expire_at, now + 1 + 7200);
	}
	assert_false(r.expired);
	/* EDNS EXPIRE bounds the restart, but never moves it earlier */
	int64_t before = r.expire_at;
	ditto_refresh_start(&r, now + 10, &rnd);
	ditto_refresh_uptodate(&r, now + 10, 60, &rnd);
	assert_int_equal(r.expire_at, before);
	ditto_refresh_start(&r, now + 7000, &rnd);
	ditto_refresh_uptodate(&r, now + 7000, 600, &rnd);
	assert_int_equal(r.expire_at, now + 7600);
	/* uptodate for a zone with no data is no success */
	ditto_refresh_init(&r, &c, 0);
	ditto_refresh_start(&r, 0, &rnd);
	ditto_refresh_uptodate(&r, 1, -1, &rnd);
	assert_int_equal(r.state, DITTO_REFRESH_EMPTY);
	assert_int_equal(r.failures, 1);
}

static void
jittered_success(void **state)
{
	(void)state;
	uint32_t v = 500;
	ditto_random_t rnd = { fixed, &v };
	ditto_refresh_conf_t c;
	ditto_refresh_t r;
	ditto_refresh_conf_init(&c);
	ditto_refresh_init(&r, &c, 0);
	ditto_refresh_start(&r, 0, &rnd);
	assert_int_equal(r.refresh_at, 60 - 14); /* 60 - min(500, 15 - 1) */
	ditto_refresh_success(&r, 3600, 900, 604800, 100, &rnd);
	assert_int_equal(r.refresh_at, 100 + 3600 - 500);
	ditto_refresh_start(&r, 4000, &rnd);
	assert_int_equal(r.refresh_at, 4000 + 900 - 224);
}

static void
notify_and_load(void **state)
{
	(void)state;
	ditto_refresh_conf_t c;
	ditto_refresh_t r;
	ditto_refresh_conf_init(&c);
	ditto_refresh_init(&r, &c, 0);
	/* loaded from disk, persisted expire in the future */
	ditto_refresh_loaded(&r, 3600, 900, 604800, 50000, 100);
	assert_int_equal(r.state, DITTO_REFRESH_OK);
	assert_int_equal(r.refresh_at, 100);
	/* persisted expire in the past: not served until refreshed */
	ditto_refresh_loaded(&r, 3600, 900, 604800, 50, 100);
	assert_int_equal(r.state, DITTO_REFRESH_EXPIRED);
	assert_true(r.expired);
	/* NOTIFY: refresh now; during a refresh: right after it */
	ditto_refresh_loaded(&r, 3600, 900, 604800, 0, 100);
	ditto_refresh_start(&r, 100, NULL);
	ditto_refresh_success(&r, 3600, 900, 604800, 200, NULL);
	ditto_refresh_notify(&r, 300);
	assert_int_equal(r.refresh_at, 300);
	ditto_refresh_start(&r, 300, NULL);
	ditto_refresh_notify(&r, 301);
	assert_true(r.pending);
	ditto_refresh_success(&r, 3600, 900, 604800, 310, NULL);
	assert_int_equal(r.refresh_at, 310);
	assert_false(r.pending);
	assert_string_equal(ditto_refresh_statename(r.state), "ok");
	ditto_refresh_start(&r, 400, NULL);
}

static void
ratelimit(void **state)
{
	(void)state;
	ditto_ratelimit_t rl;
	ditto_refresh_ratelimit_init(&rl, 20, 0);
	int ok = 0;
	for (int i = 0; i < 100; i++) {
		ok += ditto_refresh_ratelimit_take(&rl, 0);
	}
	assert_int_equal(ok, 20); /* a burst of one second */
	assert_int_equal(ditto_refresh_ratelimit_wait(&rl, 0), 50);
	assert_false(ditto_refresh_ratelimit_take(&rl, 49));
	assert_true(ditto_refresh_ratelimit_take(&rl, 50));
	/* over 10 s at most 20/s + the burst */
	ok = 0;
	for (int64_t t = 1000; t < 11000; t += 7) {
		ok += ditto_refresh_ratelimit_take(&rl, t);
	}
	assert_true(ok <= 220 && ok >= 190);
	/* a clock going back refills nothing */
	assert_false(ditto_refresh_ratelimit_take(&rl, 0));
	ditto_refresh_ratelimit_init(&rl, 0, 0);
	assert_true(ditto_refresh_ratelimit_take(&rl, 0));
	assert_int_equal(ditto_refresh_ratelimit_wait(&rl, 0), 0);
}

/* Zones without usable data bootstrap: no SOA query, no rate limit. */
static void
bootstrap(void **state)
{
	(void)state;
	ditto_refresh_conf_t conf;
	ditto_refresh_t r;
	uint32_t v = 0;
	ditto_random_t rnd = { fixed, &v };
	ditto_refresh_conf_init(&conf);
	ditto_refresh_init(&r, &conf, 0);
	assert_true(ditto_refresh_bootstrap(&r)); /* never loaded */
	ditto_refresh_start(&r, 0, &rnd);
	ditto_refresh_failure(&r, 5);
	assert_true(ditto_refresh_bootstrap(&r)); /* still nothing */
	ditto_refresh_start(&r, r.refresh_at, &rnd);
	ditto_refresh_success(&r, 3600, 900, 7200, 200, &rnd);
	assert_false(ditto_refresh_bootstrap(&r)); /* has data */
	/* no answer until past expire: expired, a bootstrap again */
	ditto_refresh_start(&r, 3800, &rnd);
	ditto_refresh_failure(&r, 3801);
	assert_false(ditto_refresh_bootstrap(&r));
	assert_int_equal(ditto_refresh_tick(&r, 7400), DITTO_REFRESH_EV_EXPIRE);
	assert_true(ditto_refresh_bootstrap(&r));
	/* loaded from disk: served, SOA query first */
	ditto_refresh_init(&r, &conf, 0);
	ditto_refresh_loaded(&r, 3600, 900, 7200, 0, 100);
	assert_false(ditto_refresh_bootstrap(&r));
	/* loaded from disk but expired while down */
	ditto_refresh_init(&r, &conf, 0);
	ditto_refresh_loaded(&r, 3600, 900, 7200, 50, 100);
	assert_true(ditto_refresh_bootstrap(&r));
}

/* A retry after an attempt longer than the retry interval is due at once
 * (as BIND 9.18 does); after a short one, at start + retry. */
static void
retry_after_long_attempt(void **state)
{
	(void)state;
	ditto_refresh_conf_t conf;
	ditto_refresh_t r;
	uint32_t v = 0;
	ditto_random_t rnd = { fixed, &v };
	ditto_refresh_conf_init(&conf);
	conf.min_refresh = conf.min_retry = 1;
	ditto_refresh_init(&r, &conf, 0);
	ditto_refresh_start(&r, 0, &rnd);
	ditto_refresh_success(&r, 20, 10, 600, 1, &rnd);
	/* short attempt: 2 s of 10, the retry stays at start + 10 */
	ditto_refresh_start(&r, 21, &rnd);
	ditto_refresh_failure(&r, 23);
	assert_int_equal(r.refresh_at, 31);
	assert_int_equal(ditto_refresh_tick(&r, 30), DITTO_REFRESH_EV_NONE);
	assert_int_equal(ditto_refresh_tick(&r, 31), DITTO_REFRESH_EV_REFRESH);
	/* long attempt: 30 s of 10, the retry is due when it ends */
	ditto_refresh_start(&r, 31, &rnd);
	ditto_refresh_failure(&r, 61);
	assert_int_equal(r.refresh_at, 61);
	assert_int_equal(ditto_refresh_tick(&r, 61), DITTO_REFRESH_EV_REFRESH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serial_arith),
		cmocka_unit_test(clamping),
		cmocka_unit_test(jitter),
		cmocka_unit_test(cycle),
		cmocka_unit_test(uptodate_restarts_expire),
		cmocka_unit_test(jittered_success),
		cmocka_unit_test(notify_and_load),
		cmocka_unit_test(ratelimit),
		cmocka_unit_test(bootstrap),
		cmocka_unit_test(retry_after_long_attempt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

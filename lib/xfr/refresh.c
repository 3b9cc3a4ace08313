/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* SOA timers of a secondary zone: refresh, retry, expire, with jitter. */

/*
 * One zone's refresh cycle (see the diagram in refresh.h):
 *
 *            start                 success / uptodate
 *   EMPTY ----------> REFRESHING --------------------> OK
 *     ^  <--failure--  |   ^   \                        |
 *                      |   |    failure                 | refresh_at
 *                      |   |     v                      v
 *                      |   +--- RETRYING <---------  (start)
 *                      |   |     | expire_at
 *                      |   |     v
 *                      |   +--- EXPIRED  (not served; retries go on)
 *
 * Invariants: refresh_at is always set (the time of the next SOA check
 * when no refresh runs); expire_at is meaningful only while `loaded`.
 * The expire timer restarts on every successful transfer and on every
 * answer that confirms our serial, and on nothing else: a primary that
 * stays unreachable for `expire` seconds expires the zone, and one that
 * keeps answering never does (the bug of CoreDNS #1931 was to restart it
 * only on transfers). As BIND does, a refresh first schedules itself as
 * failed (now + jittered retry) so a lost answer needs no extra timer.
 */
#include "xfr/refresh.h"

#include <stddef.h>

#include "util/assert.h"

static uint32_t
clamp(uint32_t v, uint32_t lo, uint32_t hi)
{
	if (v < lo) {
		return lo;
	}
	return v > hi ? hi : v;
}

void
ditto_refresh_conf_init(ditto_refresh_conf_t *conf)
{
	conf->min_refresh = DITTO_REFRESH_MIN_REFRESH;
	conf->max_refresh = DITTO_REFRESH_MAX_REFRESH;
	conf->min_retry = DITTO_REFRESH_MIN_RETRY;
	conf->max_retry = DITTO_REFRESH_MAX_RETRY;
}

void
ditto_refresh_init(ditto_refresh_t *r, const ditto_refresh_conf_t *conf,
                   int64_t now)
{
	REQUIRE(conf->min_refresh <= conf->max_refresh);
	REQUIRE(conf->min_retry <= conf->max_retry);
	*r = (ditto_refresh_t){ .state = DITTO_REFRESH_EMPTY,
		                .conf = *conf,
		                .refresh = DITTO_REFRESH_DEFAULT_REFRESH,
		                .retry = DITTO_REFRESH_DEFAULT_RETRY,
		                .expire = DITTO_REFRESH_DEFAULT_REFRESH +
		                          DITTO_REFRESH_DEFAULT_RETRY,
		                .refresh_at = now };
}

void
ditto_refresh_settimers(ditto_refresh_t *r, uint32_t refresh, uint32_t retry,
                        uint32_t expire)
{
	r->refresh = clamp(refresh, r->conf.min_refresh, r->conf.max_refresh);
	r->retry = clamp(retry, r->conf.min_retry, r->conf.max_retry);
	uint64_t lo = (uint64_t)r->refresh + r->retry;
	if (lo > DITTO_REFRESH_MAX_EXPIRE) {
		lo = DITTO_REFRESH_MAX_EXPIRE;
	}
	r->expire = clamp(expire, (uint32_t)lo, DITTO_REFRESH_MAX_EXPIRE);
	r->have_timers = true;
}

void
ditto_refresh_loaded(ditto_refresh_t *r, uint32_t refresh, uint32_t retry,
                     uint32_t expire, int64_t expire_at, int64_t now)
{
	ditto_refresh_settimers(r, refresh, retry, expire);
	r->loaded = true;
	r->expire_at = expire_at != 0 ? expire_at : now + r->expire;
	r->expired = r->expire_at <= now;
	r->state = r->expired ? DITTO_REFRESH_EXPIRED : DITTO_REFRESH_OK;
	r->refresh_at = now;
}

uint32_t
ditto_refresh_jitter(uint32_t value, const ditto_random_t *rnd)
{
	uint32_t bound = value / 4;
	if (bound == 0 || rnd == NULL || rnd->fn == NULL) {
		return value;
	}
	uint32_t cut = rnd->fn(rnd->arg, bound);
	/* A generator out of contract must not make the timer wrap. */
	return cut < bound ? value - cut : value - (bound - 1);
}

void
ditto_refresh_start(ditto_refresh_t *r, int64_t now, const ditto_random_t *rnd)
{
	REQUIRE(r->state != DITTO_REFRESH_REFRESHING);
	r->state = DITTO_REFRESH_REFRESHING;
	r->pending = false;
	r->last_attempt = now;
	r->refresh_at = now + ditto_refresh_jitter(r->retry, rnd);
	if (!r->have_timers) {
		uint64_t next = (uint64_t)r->retry * 2;
		r->retry = next > DITTO_REFRESH_BACKOFF_MAX
		                   ? DITTO_REFRESH_BACKOFF_MAX
		                   : (uint32_t)next;
	}
}

static void
confirmed(ditto_refresh_t *r, int64_t now, const ditto_random_t *rnd)
{
	r->state = DITTO_REFRESH_OK;
	r->expired = false;
	r->failures = 0;
	r->last_success = now;
	r->refresh_at =
	        r->pending ? now : now + ditto_refresh_jitter(r->refresh, rnd);
	r->pending = false;
}

void
ditto_refresh_success(ditto_refresh_t *r, uint32_t refresh, uint32_t retry,
                      uint32_t expire, int64_t now, const ditto_random_t *rnd)
{
	ditto_refresh_settimers(r, refresh, retry, expire);
	r->loaded = true;
	r->expire_at = now + r->expire;
	confirmed(r, now, rnd);
}

void
ditto_refresh_uptodate(ditto_refresh_t *r, int64_t now, int64_t edns_expire,
                       const ditto_random_t *rnd)
{
	int64_t expire = r->expire;
	if (edns_expire >= 0 && edns_expire < expire) {
		expire = edns_expire;
	}
	if (r->loaded) {
		int64_t at = now + expire;
		if (r->expired || at > r->expire_at) {
			r->expire_at = at;
		}
	}
	if (!r->loaded) {
		/* Nothing to confirm: an empty zone still needs a transfer. */
		ditto_refresh_failure(r, now);
		return;
	}
	confirmed(r, now, rnd);
}

/*
 * The retry after a failed attempt is due at the time the attempt's start
 * set (start + jittered retry), not measured from the failure: an attempt
 * that took longer than the retry interval (a stalled transfer, primaries
 * timing out one after another) is followed by the next attempt at once.
 * This is what BIND 9.18 does: dns_zone_refresh() sets refreshtime to now
 * + jittered retry when the attempt starts, and nothing moves it when the
 * attempt fails, so zone_settimer() fires at once once refreshtime has
 * passed. Checked against named 9.18.49: SOA retry 10 s, a primary whose
 * AXFR stalls; named gave up on the transfer after 30 s and sent its next
 * SOA query 0.09 s later. The zone manager's serial-query-rate limit (as
 * BIND's refresh rate limiter) still spaces such retries across zones.
 */
void
ditto_refresh_failure(ditto_refresh_t *r, int64_t now)
{
	r->failures++;
	if (r->refresh_at < now) {
		r->refresh_at = now;
	}
	if (!r->loaded) {
		r->state = DITTO_REFRESH_EMPTY;
	} else if (r->expired || now >= r->expire_at) {
		r->expired = true;
		r->state = DITTO_REFRESH_EXPIRED;
	} else {
		r->state = DITTO_REFRESH_RETRYING;
	}
}

void
ditto_refresh_notify(ditto_refresh_t *r, int64_t now)
{
	if (r->state == DITTO_REFRESH_REFRESHING) {
		r->pending = true;
		return;
	}
	if (r->refresh_at > now) {
		r->refresh_at = now;
	}
}

ditto_refresh_event_t
ditto_refresh_next(const ditto_refresh_t *r, int64_t *when)
{
	bool live = r->loaded && !r->expired;
	bool refreshing = r->state == DITTO_REFRESH_REFRESHING;

	if (refreshing && !live) {
		return DITTO_REFRESH_EV_NONE;
	}
	if (live && (refreshing || r->expire_at <= r->refresh_at)) {
		*when = r->expire_at;
		return DITTO_REFRESH_EV_EXPIRE;
	}
	*when = r->refresh_at;
	return DITTO_REFRESH_EV_REFRESH;
}

ditto_refresh_event_t
ditto_refresh_tick(ditto_refresh_t *r, int64_t now)
{
	if (r->loaded && !r->expired && now >= r->expire_at) {
		r->expired = true;
		if (r->state != DITTO_REFRESH_REFRESHING) {
			r->state = DITTO_REFRESH_EXPIRED;
		}
		return DITTO_REFRESH_EV_EXPIRE;
	}
	if (r->state != DITTO_REFRESH_REFRESHING && now >= r->refresh_at) {
		return DITTO_REFRESH_EV_REFRESH;
	}
	return DITTO_REFRESH_EV_NONE;
}

bool
ditto_refresh_bootstrap(const ditto_refresh_t *r)
{
	return !r->loaded || r->expired;
}

const char *
ditto_refresh_statename(ditto_refresh_state_t state)
{
	switch (state) {
	case DITTO_REFRESH_EMPTY:
		return "empty";
	case DITTO_REFRESH_OK:
		return "ok";
	case DITTO_REFRESH_REFRESHING:
		return "refreshing";
	case DITTO_REFRESH_RETRYING:
		return "retrying";
	case DITTO_REFRESH_EXPIRED:
		return "expired";
	}
	return "unknown";
}

void
ditto_refresh_ratelimit_init(ditto_ratelimit_t *rl, uint32_t rate,
                             int64_t now_ms)
{
	rl->rate = rate;
	rl->tokens = (int64_t)rate * 1000;
	rl->last_ms = now_ms;
}

static void
refill(ditto_ratelimit_t *rl, int64_t now_ms)
{
	if (now_ms <= rl->last_ms) {
		return; /* a clock that steps back refills nothing */
	}
	int64_t cap = (int64_t)rl->rate * 1000;
	int64_t elapsed = now_ms - rl->last_ms;
	/* Cap elapsed first so the product cannot overflow. */
	if (elapsed > 1000) {
		elapsed = 1000;
	}
	rl->tokens += elapsed * rl->rate;
	if (rl->tokens > cap) {
		rl->tokens = cap;
	}
	rl->last_ms = now_ms;
}

bool
ditto_refresh_ratelimit_take(ditto_ratelimit_t *rl, int64_t now_ms)
{
	if (rl->rate == 0) {
		return true;
	}
	refill(rl, now_ms);
	if (rl->tokens < 1000) {
		return false;
	}
	rl->tokens -= 1000;
	return true;
}

int64_t
ditto_refresh_ratelimit_wait(ditto_ratelimit_t *rl, int64_t now_ms)
{
	if (rl->rate == 0) {
		return 0;
	}
	refill(rl, now_ms);
	if (rl->tokens >= 1000) {
		return 0;
	}
	int64_t missing = 1000 - rl->tokens;
	return (missing + rl->rate - 1) / rl->rate;
}

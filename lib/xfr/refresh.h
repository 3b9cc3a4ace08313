/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* SOA timers of a secondary zone: refresh, retry, expire, with jitter. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/*
 * The refresh state of one secondary zone (RFC 1034 section 4.3.5, RFC
 * 1996, and BIND 9.18's zone timers), as pure functions of (state, now,
 * random source). Times are seconds on any clock the caller chooses (the
 * daemon uses one clock for all zones); nothing here reads a clock.
 *
 * Thread safety: a ditto_refresh_t is owned by one thread (the zone
 * manager's) and needs no lock.
 */

/*! BIND 9.18 defaults (`named -C`). */
#define DITTO_REFRESH_MIN_REFRESH 300     /*!< min-refresh-time */
#define DITTO_REFRESH_MAX_REFRESH 2419200 /*!< max-refresh-time (4 weeks) */
#define DITTO_REFRESH_MIN_RETRY   500     /*!< min-retry-time */
#define DITTO_REFRESH_MAX_RETRY   1209600 /*!< max-retry-time (2 weeks) */
/*! Longest expire BIND accepts from an SOA (24 weeks). */
#define DITTO_REFRESH_MAX_EXPIRE 14515200
/*! Timers of a zone whose SOA is not known yet. */
#define DITTO_REFRESH_DEFAULT_REFRESH 3600
#define DITTO_REFRESH_DEFAULT_RETRY   60
/*! Cap of the retry back-off while the SOA is not known (6 hours). */
#define DITTO_REFRESH_BACKOFF_MAX 21600

/*! The zone's limits on the SOA timers (named.conf). */
typedef struct ditto_refresh_conf {
	uint32_t min_refresh; /*!< min-refresh-time */
	uint32_t max_refresh; /*!< max-refresh-time */
	uint32_t min_retry;   /*!< min-retry-time */
	uint32_t max_retry;   /*!< max-retry-time */
} ditto_refresh_conf_t;

/*!
 * A random source: returns a uniformly distributed value in [0, bound)
 * (0 when \a bound is 0). The daemon passes a real generator; tests pass
 * a fixed one.
 */
typedef uint32_t (*ditto_random_fn)(void *arg, uint32_t bound);

typedef struct ditto_random {
	ditto_random_fn fn; /*!< the generator */
	void *arg;          /*!< its argument */
} ditto_random_t;

/*!
 * State of a zone's refresh cycle.
 *
 *   EMPTY --start--> REFRESHING --success/uptodate--> OK --refresh_at--+
 *     ^                |   ^  \--failure--> RETRYING --refresh_at------+
 *     +----failure-----+   +------------------- start <----------------+
 *   OK/RETRYING --expire_at--> EXPIRED --start--> REFRESHING
 */
typedef enum ditto_refresh_state {
	DITTO_REFRESH_EMPTY = 0,  /*!< no data yet: refresh at refresh_at */
	DITTO_REFRESH_OK,         /*!< serving; next check at refresh_at */
	DITTO_REFRESH_REFRESHING, /*!< SOA query or transfer under way */
	DITTO_REFRESH_RETRYING,   /*!< last attempt failed; retry at
	                               refresh_at; still serving */
	DITTO_REFRESH_EXPIRED,    /*!< expire time passed: not served;
	                               retrying at refresh_at */
} ditto_refresh_state_t;

/*! What the daemon must do (ditto_refresh_next(), ditto_refresh_tick()). */
typedef enum ditto_refresh_event {
	DITTO_REFRESH_EV_NONE = 0, /*!< nothing (a refresh is under way) */
	DITTO_REFRESH_EV_REFRESH,  /*!< start a refresh (SOA query) */
	DITTO_REFRESH_EV_EXPIRE,   /*!< stop serving the zone */
} ditto_refresh_event_t;

/*! The refresh state of one zone. Caller storage. */
typedef struct ditto_refresh {
	ditto_refresh_state_t state; /*!< see the diagram */
	ditto_refresh_conf_t conf;   /*!< timer limits */
	uint32_t refresh;            /*!< effective refresh (clamped) */
	uint32_t retry;              /*!< effective retry (clamped) */
	uint32_t expire;             /*!< effective expire (clamped) */
	bool have_timers;            /*!< the timers come from an SOA */
	bool loaded;                 /*!< the zone has data */
	bool expired;                /*!< its data expired (not served) */
	bool pending;         /*!< a NOTIFY came during a refresh: refresh again
	                           as soon as it succeeds */
	int64_t refresh_at;   /*!< next SOA check (or retry) */
	int64_t expire_at;    /*!< when the data expires (if loaded) */
	int64_t last_success; /*!< last confirmed refresh, 0: never */
	int64_t last_attempt; /*!< start of the last refresh, 0: never */
	uint32_t failures;    /*!< consecutive failed refreshes */
} ditto_refresh_t;

/*! \brief Fill \a conf with BIND's defaults. */
void ditto_refresh_conf_init(ditto_refresh_conf_t *conf);

/*!
 * \brief Start a zone with no data: state EMPTY, refresh due at \a now,
 * default timers (refresh 3600, retry 60 with back-off).
 * Requires: conf->min_* <= conf->max_*.
 */
void ditto_refresh_init(ditto_refresh_t *r, const ditto_refresh_conf_t *conf,
                        int64_t now);

/*!
 * \brief Take the timers of an SOA, clamped as BIND does: refresh into
 * [min_refresh, max_refresh], retry into [min_retry, max_retry], expire
 * into [refresh + retry, DITTO_REFRESH_MAX_EXPIRE].
 */
void ditto_refresh_settimers(ditto_refresh_t *r, uint32_t refresh,
                             uint32_t retry, uint32_t expire);

/*!
 * \brief The zone was loaded from disk with these SOA timers. \a expire_at
 * is the persisted expire time (0: unknown, now + expire is used). A zone
 * past its expire time is EXPIRED (not served until refreshed). A refresh
 * is due at \a now.
 */
void ditto_refresh_loaded(ditto_refresh_t *r, uint32_t refresh, uint32_t retry,
                          uint32_t expire, int64_t expire_at, int64_t now);

/*!
 * \brief \a value minus a random reduction of 0 to 25% (BIND's refresh
 * and retry jitter): value - rnd(value / 4).
 */
uint32_t ditto_refresh_jitter(uint32_t value, const ditto_random_t *rnd);

/*!
 * \brief A refresh starts (SOA query, then maybe a transfer). As BIND
 * does, the next attempt is first scheduled as if this one fails: at
 * now + jitter(retry); without SOA timers the retry doubles (up to 6
 * hours) for the attempt after.
 * Requires: state != REFRESHING.
 */
void ditto_refresh_start(ditto_refresh_t *r, int64_t now,
                         const ditto_random_t *rnd);

/*!
 * \brief A transfer succeeded and its version is published: take the new
 * SOA's timers; next refresh at now + jitter(refresh) (at \a now when a
 * NOTIFY came meanwhile); expire restarts at now + expire.
 */
void ditto_refresh_success(ditto_refresh_t *r, uint32_t refresh, uint32_t retry,
                           uint32_t expire, int64_t now,
                           const ditto_random_t *rnd);

/*!
 * \brief The primary answered with our serial (SOA query or single-SOA
 * IXFR): the data is confirmed. The expire timer restarts from now (never
 * moved earlier), bounded by \a edns_expire when the primary sent an EDNS
 * EXPIRE option (RFC 7314; -1: none). An expired zone becomes served
 * again. Next refresh as in ditto_refresh_success().
 */
void ditto_refresh_uptodate(ditto_refresh_t *r, int64_t now,
                            int64_t edns_expire, const ditto_random_t *rnd);

/*!
 * \brief The refresh failed (no primary answered, transfer failed): retry
 * at the time ditto_refresh_start() set (not before \a now). The expire
 * timer keeps running.
 */
void ditto_refresh_failure(ditto_refresh_t *r, int64_t now);

/*!
 * \brief A NOTIFY for the zone was accepted: refresh at once, or right
 * after the refresh under way.
 */
void ditto_refresh_notify(ditto_refresh_t *r, int64_t now);

/*!
 * \brief The next timer event and its time (pure; changes nothing).
 * \return EV_NONE when no timer runs (a refresh is under way on a zone
 * without live data); *when is then unchanged.
 */
ditto_refresh_event_t ditto_refresh_next(const ditto_refresh_t *r,
                                         int64_t *when);

/*!
 * \brief Apply the timers at \a now: marks the zone expired when its
 * expire time passed (EV_EXPIRE: stop serving it), else says whether a
 * refresh is due (EV_REFRESH: call ditto_refresh_start()).
 */
ditto_refresh_event_t ditto_refresh_tick(ditto_refresh_t *r, int64_t now);

/*!
 * \brief True when the zone has no usable data (never loaded, or
 * expired): its refresh is a bootstrap. There is no serial to compare, so
 * the daemon skips the SOA query and asks for AXFR at once (as Knot
 * does), and serial-query-rate (which limits SOA queries) does not delay
 * it. transfers-in and transfers-per-ns still apply.
 */
bool ditto_refresh_bootstrap(const ditto_refresh_t *r);

/*! \brief Name of a state ("ok", "refreshing", ...). */
const char *ditto_refresh_statename(ditto_refresh_state_t state);

/*!
 * A token bucket for serial-query-rate (SOA queries per second, with a
 * burst of one second's worth). Caller storage.
 */
typedef struct ditto_ratelimit {
	uint32_t rate;   /*!< tokens per second; 0: unlimited */
	int64_t tokens;  /*!< available, in thousandths of a token */
	int64_t last_ms; /*!< time of the last refill, in ms */
} ditto_ratelimit_t;

/*! \brief A full bucket of \a rate per second at \a now_ms. */
void ditto_refresh_ratelimit_init(ditto_ratelimit_t *rl, uint32_t rate,
                                  int64_t now_ms);

/*! \brief Take one token at \a now_ms. \return true when allowed. */
bool ditto_refresh_ratelimit_take(ditto_ratelimit_t *rl, int64_t now_ms);

/*! \brief Milliseconds from \a now_ms until a token is available (0:
 * now). */
int64_t ditto_refresh_ratelimit_wait(ditto_ratelimit_t *rl, int64_t now_ms);

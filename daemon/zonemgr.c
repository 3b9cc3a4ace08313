/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The zone manager: secondary zones' refresh timers, events and jobs. */
/*
 * One thread owns the refresh state of every secondary zone (mzone_t: a
 * ditto_refresh_t, the version it last saw, whether a job is out) and
 * needs no lock for it. Everything else talks to it through one queue of
 * typed events:
 *
 *   query workers --ZMEV_NOTIFY  (embedded in the zone's slot, at most one
 *                                 queued per zone: no allocation)------+
 *   control       --ZMEV_REQUEST (rndc refresh/retransfer: embedded in
 *                                 the slot too, at most one queued)----+
 *   transfer pool --ZMEV_DONE    (the finished job, ownership back)----+->
 *   main thread   --ZMEV_RECONF  (the zones of a new snapshot)---------+ queue
 *                 --ZMEV_STOP
 *
 * The queue mutex protects the list, the `stopping`/`closed` flags and
 * the NOTIFY and request fields of every slot; it is held for a few
 * instructions, never across I/O or a callback. Each slot's `stlock`
 * protects its zmstatus_t copy, which this thread rewrites after every
 * change of state (reschedule()) and zonemgr_status() copies out; it is
 * taken alone too (lock order: never two of these at once).
 *
 * Timers live in one binary min-heap of zones keyed by the time of each
 * zone's next timer event (ditto_refresh_next(): refresh/retry or expire;
 * zones with a job out and no live data have none). The thread sleeps on
 * the queue's condition variable until the heap's first deadline (at most
 * a second, so a clock step is noticed), then runs the zones that are due:
 *
 *   due --expire passed------> slot->expired = true (queries SERVFAIL),
 *                              log "expired"
 *   due --refresh/retry------> serial-query-rate token? no: wait for one
 *                              yes: ditto_refresh_start(), job to the pool
 *                              (a zone without usable data -- never
 *                              loaded, or expired -- and a retransfer
 *                              need no token: they send no SOA query,
 *                              the job goes straight to AXFR)
 *   ZMEV_DONE ---------------> success / up to date / failure on the
 *                              timers; expired cleared on success
 *   ZMEV_NOTIFY -------------> refresh now, or after the job under way
 *                              (ditto_refresh_notify() keeps one pending)
 *   ZMEV_REQUEST ------------> the same (`again`: one more refresh after
 *                              the job under way, even when it fails);
 *                              a retransfer makes the next job AXFR
 *
 * Zones due at the same second run in configuration order (the heap
 * breaks ties by creation order), as the bench and operators expect.
 *
 * Disk: the timers files are written by the dumper (dumper.h), never
 * here; only zonemgr_destroy() writes on this thread, after the dumper
 * drained (clean shutdown).
 *
 * One job per zone at a time: `running` is set when a job goes out and
 * cleared when it comes back, and the refresh state machine's REFRESHING
 * state mirrors it. A failure of any kind (no primary, bad transfer,
 * stopped pool) becomes ditto_refresh_failure(), which always leaves a
 * retry timer: no zone can get stuck without one.
 */
#include "zonemgr.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "util/assert.h"
#include "util/mem.h"
#include "xfr/serial.h"

#include "dumper.h"
#include "log.h"
#include "notifyout.h"
#include "persist.h"
#include "xferin.h"
#include "zones.h"

#define NOTIMER INT64_MAX

/* The zone manager's state of one zone. */
typedef struct mzone {
	zslot_t *slot;        /*!< the zone (a reference) */
	xfrconf_t *xc;        /*!< its settings (a reference) */
	ditto_version_t *cur; /*!< the version served (a reference) */
	ditto_refresh_t r;    /*!< timers */
	bool running;         /*!< a job is out */
	bool removed;         /*!< gone from the configuration */
	bool seen;            /*!< in the last ZMEV_RECONF */
	bool notified;        /*!< a NOTIFY asked for this refresh */
	size_t heapidx;       /*!< position in the heap, SIZE_MAX: none */
	uint64_t seq;         /*!< creation order: zones due at the same
	                           second run in configuration order */
	int64_t when;         /*!< heap key (seconds), NOTIMER: none */
	struct sockaddr_storage notify_from; /*!< last NOTIFY sender */
	bool notify_from_set;                /*!< notify_from is set */
	bool again;              /*!< a control request came during the job:
	                              refresh again when it is back */
	bool force_axfr;         /*!< the next job is a retransfer (AXFR, no
	                              SOA check, no rate limit) */
	bool last_failed;        /*!< the last job failed */
	int64_t loaded_at;       /*!< when cur was loaded or transferred */
	bool primary_known;      /*!< a primary told us a serial */
	uint32_t primary_serial; /*!< that serial */
	char last_primary[64];   /*!< that primary */
	char last_error[128];    /*!< why the last job failed */
	zmprimary_t prim[ZM_MAXPRIMARIES]; /*!< health of each primary */
	size_t nprim;                      /*!< entries of prim */
	int64_t behind_since; /*!< behind a primary since, 0: current */
} mzone_t;

/* ZMEV_RECONF */
typedef struct zmreconf {
	zmev_t ev;
	zslot_t **slots;
	xfrconf_t **confs;
	size_t n;
	xfrglobal_t glob;
} zmreconf_t;

struct zonemgr {
	pthread_t thread;     /*!< the thread */
	bool started;         /*!< thread running */
	pthread_mutex_t lock; /*!< protects head, tail, stopping, slots'
	                           notify fields */
	pthread_cond_t cond;  /*!< signalled on a new event */
	zmev_t *head;         /*!< queue (lock) */
	zmev_t **tail;        /*!< its end (lock) */
	bool stopping;        /*!< no thread to read the queue (lock) */
	bool closed;          /*!< zonemgr_stop() was called (lock) */
	xferin_t *pool;       /*!< where jobs go */
	dumper_t *dumper;     /*!< writes zone files and timers */
	/* zone-manager thread only */
	mzone_t **zones; /*!< every zone */
	size_t nzones, capzones;
	mzone_t **heap; /*!< timer heap */
	size_t nheap, capheap;
	xfrglobal_t glob;     /*!< server-wide settings */
	ditto_ratelimit_t rl; /*!< serial-query-rate */
	int64_t wake_ms;      /*!< earliest wake-up for the rate limit */
	uint64_t rng;         /*!< jitter generator state */
	ditto_random_t rnd;   /*!< its ditto_random_t */
	uint64_t nextseq;     /*!< mzone_t.seq of the next new zone */
	struct notifyout *nf; /*!< NOTIFY out after a transfer (set before
	                           the first zone is handed over) */
};

/* ---- slots ---- */

zslot_t *
zslot_create(const uint8_t *origin, uint16_t rclass, const char *name,
             ditto_version_t *version, struct persist *persist)
{
	zslot_t *s = ditto_calloc(1, sizeof(*s));
	atomic_init(&s->refs, 1);
	atomic_init(&s->expired, false);
	ditto_name_copy(s->origin, origin);
	s->rclass = rclass;
	s->name = ditto_strdup(name);
	s->version = version;
	s->persist = persist;
	s->notify.ev.kind = ZMEV_NOTIFY;
	s->req_ev.kind = ZMEV_REQUEST;
	atomic_init(&s->zst, NULL);
	pthread_mutex_init(&s->stlock, NULL);
	s->status = ditto_calloc(1, sizeof(*s->status));
	return s;
}

void
zslot_setstats(zslot_t *s, stats_zone_t *zst)
{
	atomic_store_explicit(&s->zst, zst, memory_order_relaxed);
}

stats_zone_t *
zslot_stats(zslot_t *s)
{
	return atomic_load_explicit(&s->zst, memory_order_relaxed);
}

void
zonemgr_bindstats(const srvtab_t *tab)
{
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		for (size_t j = 0; j < v->nzones; j++) {
			const zone_t *z = v->zones[j];
			if (z->slot != NULL) {
				zslot_setstats(z->slot, z->zst);
			}
		}
	}
}

void
zslot_attach(zslot_t *s, zslot_t **target)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	*target = s;
}

void
zslot_detach(zslot_t **sp)
{
	if (sp == NULL || *sp == NULL) {
		return;
	}
	zslot_t *s = *sp;
	*sp = NULL;
	if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1) {
		return;
	}
	ditto_version_detach(&s->version);
	persist_destroy(&s->persist);
	pthread_mutex_destroy(&s->stlock);
	ditto_free(s->status);
	ditto_free(s->name);
	ditto_free(s);
}

/* ---- time and randomness ---- */

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t
rnd_fn(void *arg, uint32_t bound)
{
	uint64_t *s = arg;
	if (bound == 0) {
		return 0;
	}
	/* xorshift64*: jitter needs no cryptographic quality */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)(((*s * 0x2545F4914F6CDD1DULL) >> 32) % bound);
}

/* ---- the heap (zone-manager thread) ---- */

static bool
heap_less(const zonemgr_t *zm, size_t a, size_t b)
{
	const mzone_t *x = zm->heap[a], *y = zm->heap[b];
	return x->when < y->when || (x->when == y->when && x->seq < y->seq);
}

static void
heap_swap(zonemgr_t *zm, size_t a, size_t b)
{
	mzone_t *t = zm->heap[a];
	zm->heap[a] = zm->heap[b];
	zm->heap[b] = t;
	zm->heap[a]->heapidx = a;
	zm->heap[b]->heapidx = b;
}

static void
heap_up(zonemgr_t *zm, size_t i)
{
	while (i > 0 && heap_less(zm, i, (i - 1) / 2)) {
		heap_swap(zm, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(zonemgr_t *zm, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < zm->nheap && heap_less(zm, l, m)) {
			m = l;
		}
		if (r < zm->nheap && heap_less(zm, r, m)) {
			m = r;
		}
		if (m == i) {
			return;
		}
		heap_swap(zm, i, m);
		i = m;
	}
}

static void
heap_remove(zonemgr_t *zm, mzone_t *mz)
{
	size_t i = mz->heapidx;
	if (i == SIZE_MAX) {
		return;
	}
	mz->heapidx = SIZE_MAX;
	zm->nheap--;
	if (i == zm->nheap) {
		return;
	}
	zm->heap[i] = zm->heap[zm->nheap];
	zm->heap[i]->heapidx = i;
	heap_up(zm, i);
	heap_down(zm, zm->heap[i]->heapidx);
}

/* Put \a mz in the heap at \a when (NOTIMER: out of it). */
static void
heap_set(zonemgr_t *zm, mzone_t *mz, int64_t when)
{
	if (when == NOTIMER) {
		heap_remove(zm, mz);
		mz->when = NOTIMER;
		return;
	}
	mz->when = when;
	if (mz->heapidx == SIZE_MAX) {
		if (zm->nheap == zm->capheap) {
			zm->capheap = zm->capheap == 0 ? 64 : zm->capheap * 2;
			zm->heap = ditto_realloc(
			        zm->heap, zm->capheap * sizeof(*zm->heap));
		}
		mz->heapidx = zm->nheap;
		zm->heap[zm->nheap++] = mz;
		heap_up(zm, mz->heapidx);
		return;
	}
	heap_up(zm, mz->heapidx);
	heap_down(zm, mz->heapidx);
}

/* Publish the zone's refresh state for zonemgr_status(). */
static void
status_publish(const mzone_t *mz)
{
	const ditto_refresh_t *r = &mz->r;
	zmstatus_t st = {
		.known = !mz->removed,
		.loaded = mz->cur != NULL,
		.expired = r->expired,
		.refreshing = mz->running,
		.pending = mz->running && (r->pending || mz->again),
		.refresh = r->refresh,
		.retry = r->retry,
		.expire = r->expire,
		.loaded_at = mz->cur != NULL ? mz->loaded_at : 0,
		.last_refresh = r->last_success,
		.next_refresh = r->refresh_at,
		.expire_at = r->loaded ? r->expire_at : 0,
		.last_attempt = r->last_attempt,
		.last_failed = mz->last_failed,
		.primary_serial_known = mz->primary_known,
		.primary_serial = mz->primary_serial,
		.state = xfrhealth_state(r->expired, mz->running,
		                         mz->last_failed),
		.behind_since = mz->behind_since,
		.nprimaries = mz->nprim,
	};
	if (mz->cur != NULL) {
		(void)ditto_version_serial(mz->cur, &st.serial);
	}
	memcpy(st.last_primary, mz->last_primary, sizeof(st.last_primary));
	memcpy(st.last_error, mz->last_error, sizeof(st.last_error));
	memcpy(st.primaries, mz->prim, sizeof(st.primaries));
	pthread_mutex_lock(&mz->slot->stlock);
	*mz->slot->status = st;
	pthread_mutex_unlock(&mz->slot->stlock);
}

void
zonemgr_status(zslot_t *slot, zmstatus_t *out)
{
	pthread_mutex_lock(&slot->stlock);
	*out = *slot->status;
	pthread_mutex_unlock(&slot->stlock);
}

/* Re-key the zone's timer after a change of state, and publish it. */
static void
reschedule(zonemgr_t *zm, mzone_t *mz)
{
	int64_t when = NOTIMER;
	if (!mz->removed &&
	    ditto_refresh_next(&mz->r, &when) == DITTO_REFRESH_EV_NONE) {
		when = NOTIMER;
	}
	heap_set(zm, mz, mz->removed ? NOTIMER : when);
	status_publish(mz);
}

/* ---- the queue ---- */

static void
push(zonemgr_t *zm, zmev_t *ev)
{
	ev->next = NULL;
	*zm->tail = ev;
	zm->tail = &ev->next;
	pthread_cond_signal(&zm->cond);
}

void
zonemgr_notify(zonemgr_t *zm, zslot_t *slot, const struct sockaddr *from,
               bool has_serial, uint32_t serial)
{
	socklen_t len = from->sa_family == AF_INET6
	                        ? sizeof(struct sockaddr_in6)
	                        : sizeof(struct sockaddr_in);
	xfrhealth_count_af(zslot_stats(slot), from->sa_family,
	                   STATS_ZC_NOTIFYINV4, STATS_ZC_NOTIFYINV6);
	pthread_mutex_lock(&zm->lock);
	memcpy(&slot->notify.from, from, len);
	slot->notify.has_serial = has_serial;
	slot->notify.serial = serial;
	if (!slot->notify.queued) {
		zslot_t *ref = NULL;
		zslot_attach(slot, &ref); /* dropped by the zone manager */
		slot->notify.queued = true;
		push(zm, &slot->notify.ev);
	}
	pthread_mutex_unlock(&zm->lock);
}

ditto_result_t
zonemgr_request(zonemgr_t *zm, zslot_t *slot, zmreq_kind_t kind)
{
	ditto_result_t res = DITTO_R_FAILURE;
	bool retransfer = kind == ZMREQ_RETRANSFER;
	pthread_mutex_lock(&zm->lock);
	if (!zm->closed && !zm->stopping) {
		if (!slot->req_queued) {
			zslot_t *ref = NULL;
			zslot_attach(slot, &ref); /* dropped by the manager */
			slot->req_queued = true;
			slot->req_retransfer = retransfer;
			push(zm, &slot->req_ev);
		} else if (retransfer) {
			slot->req_retransfer = true; /* a retransfer wins */
		}
		res = DITTO_R_SUCCESS;
	}
	pthread_mutex_unlock(&zm->lock);
	return res;
}

void
zonemgr_done(zonemgr_t *zm, xfrjob_t *job)
{
	job->ev.kind = ZMEV_DONE;
	pthread_mutex_lock(&zm->lock);
	push(zm, &job->ev);
	pthread_mutex_unlock(&zm->lock);
}

void
zonemgr_reconfig(zonemgr_t *zm, zslot_t *const *slots, xfrconf_t *const *confs,
                 size_t n, const xfrglobal_t *glob)
{
	zmreconf_t *rc = ditto_calloc(1, sizeof(*rc));
	rc->ev.kind = ZMEV_RECONF;
	rc->n = n;
	rc->glob = *glob;
	rc->slots = ditto_calloc(n + 1, sizeof(*rc->slots));
	rc->confs = ditto_calloc(n + 1, sizeof(*rc->confs));
	for (size_t i = 0; i < n; i++) {
		zslot_attach(slots[i], &rc->slots[i]);
		xfrconf_attach(confs[i], &rc->confs[i]);
	}
	xferin_setglobal(zm->pool, glob);
	pthread_mutex_lock(&zm->lock);
	push(zm, &rc->ev);
	pthread_mutex_unlock(&zm->lock);
}

static void
reconf_free(zmreconf_t *rc)
{
	for (size_t i = 0; i < rc->n; i++) {
		zslot_detach(&rc->slots[i]);
		xfrconf_detach(&rc->confs[i]);
	}
	ditto_free(rc->slots);
	ditto_free(rc->confs);
	ditto_free(rc);
}

/* ---- zones ---- */

static void
mzone_free(mzone_t *mz)
{
	if (mz->slot != NULL && mz->slot->mz == mz) {
		mz->slot->mz = NULL;
	}
	zslot_detach(&mz->slot);
	xfrconf_detach(&mz->xc);
	ditto_version_detach(&mz->cur);
	ditto_free(mz);
}

static void
set_expired(mzone_t *mz, bool expired)
{
	atomic_store_explicit(&mz->slot->expired, expired,
	                      memory_order_release);
}

/* Keep the health of each primary in step with the zone's primaries. */
static void
sync_primaries(mzone_t *mz)
{
	const char *addrs[ZM_MAXPRIMARIES];
	size_t n = mz->xc->nprimaries < ZM_MAXPRIMARIES ? mz->xc->nprimaries
	                                                : ZM_MAXPRIMARIES;
	for (size_t i = 0; i < n; i++) {
		addrs[i] = mz->xc->primaries[i].text;
	}
	xfrhealth_sync(mz->prim, &mz->nprim, addrs, n);
}

static mzone_t *
mzone_new(zonemgr_t *zm, zslot_t *slot, xfrconf_t *xc)
{
	mzone_t *mz = ditto_calloc(1, sizeof(*mz));
	int64_t now = time(NULL);
	xfr_soa_t soa;
	mz->heapidx = SIZE_MAX;
	mz->when = NOTIMER;
	mz->seq = zm->nextseq++;
	zslot_attach(slot, &mz->slot);
	xfrconf_attach(xc, &mz->xc);
	sync_primaries(mz);
	/* no job can be out for a zone the manager does not know yet: the
	 * slot's version is stable */
	if (slot->version != NULL) {
		ditto_version_attach(slot->version, &mz->cur);
	}
	if (xfrconf_soa(mz->cur, &soa)) {
		mz->r.conf = xc->rconf;
		ditto_refresh_loaded(&mz->r, soa.refresh, soa.retry, soa.expire,
		                     slot->expire_at, now);
		if (mz->r.expired) {
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: expired", slot->name);
		}
	} else {
		ditto_refresh_init(&mz->r, &xc->rconf, now);
	}
	slot->mz = mz;
	mz->loaded_at = now;
	set_expired(mz, mz->r.expired);
	if (zm->nzones == zm->capzones) {
		zm->capzones = zm->capzones == 0 ? 64 : zm->capzones * 2;
		zm->zones = ditto_realloc(zm->zones,
		                          zm->capzones * sizeof(*zm->zones));
	}
	zm->zones[zm->nzones++] = mz;
	return mz;
}

static void
on_reconf(zonemgr_t *zm, zmreconf_t *rc)
{
	for (size_t i = 0; i < zm->nzones; i++) {
		zm->zones[i]->seen = false;
	}
	zm->glob = rc->glob;
	ditto_refresh_ratelimit_init(&zm->rl, zm->glob.serial_query_rate,
	                             now_ms());
	for (size_t i = 0; i < rc->n; i++) {
		mzone_t *mz = rc->slots[i]->mz;
		if (mz == NULL) {
			mz = mzone_new(zm, rc->slots[i], rc->confs[i]);
		} else {
			xfrconf_detach(&mz->xc);
			xfrconf_attach(rc->confs[i], &mz->xc);
			mz->r.conf = mz->xc->rconf;
			sync_primaries(mz);
		}
		mz->seen = true;
		reschedule(zm, mz);
	}
	size_t k = 0;
	for (size_t i = 0; i < zm->nzones; i++) {
		mzone_t *mz = zm->zones[i];
		if (mz->seen) {
			zm->zones[k++] = mz;
			continue;
		}
		mz->removed = true;
		heap_remove(zm, mz);
		status_publish(mz);
		mz->slot->mz = NULL;
		if (!mz->running) {
			mzone_free(mz); /* else when its job comes back */
		}
	}
	zm->nzones = k;
	reconf_free(rc);
}

static size_t
first_primary(mzone_t *mz)
{
	const xfrconf_t *xc = mz->xc;
	if (!mz->notify_from_set) {
		return 0;
	}
	mz->notify_from_set = false;
	for (size_t i = 0; i < xc->nprimaries; i++) {
		xfrconf_t one = { .primaries = &xc->primaries[i],
			          .nprimaries = 1 };
		if (xfrconf_isprimary(&one,
		                      (struct sockaddr *)&mz->notify_from)) {
			return i;
		}
	}
	return 0;
}

static void
start_job(zonemgr_t *zm, mzone_t *mz, int64_t now)
{
	xfrjob_t *job = ditto_calloc(1, sizeof(*job));
	ditto_refresh_start(&mz->r, now, &zm->rnd);
	job->mz = mz;
	zslot_attach(mz->slot, &job->slot);
	xfrconf_attach(mz->xc, &job->xc);
	job->edns_expire = -1;
	if (mz->cur != NULL && !mz->r.expired) {
		ditto_version_attach(mz->cur, &job->base);
		job->have_serial =
		        ditto_version_serial(job->base, &job->serial);
	}
	job->first = first_primary(mz);
	job->zst = zslot_stats(mz->slot);
	/* no data to compare a serial with: straight to AXFR (as Knot's
	 * bootstrap); a retransfer too */
	job->force_axfr = mz->force_axfr || job->base == NULL;
	mz->force_axfr = false;
	mz->notified = false;
	mz->running = true;
	if (mz->xc->nprimaries == 0 || !xferin_submit(zm->pool, job)) {
		if (mz->xc->nprimaries == 0) {
			log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
			          "zone %s: refresh: no primaries configured",
			          mz->slot->name);
		}
		xfrjob_free(&job);
		mz->running = false;
		mz->last_failed = true;
		snprintf(mz->last_error, sizeof(mz->last_error), "%s",
		         mz->xc->nprimaries == 0 ? "no primaries configured"
		                                 : "the server is stopping");
		ditto_refresh_failure(&mz->r, now);
	}
}

/* Whether a due refresh of \a mz may skip serial-query-rate: a zone
 * without usable data sends no SOA query (it goes straight to AXFR), and
 * an operator's retransfer is not rate-limited either. */
static bool
rate_exempt(const mzone_t *mz)
{
	return mz->force_axfr || ditto_refresh_bootstrap(&mz->r);
}

/* Run one due zone. \return false when the rate limit stopped it. */
static bool
service(zonemgr_t *zm, mzone_t *mz, int64_t now)
{
	for (int i = 0; i < 3; i++) {
		ditto_refresh_event_t ev = ditto_refresh_tick(&mz->r, now);
		if (ev == DITTO_REFRESH_EV_NONE) {
			break;
		}
		if (ev == DITTO_REFRESH_EV_EXPIRE) {
			set_expired(mz, true);
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: expired", mz->slot->name);
			continue;
		}
		int64_t ms = now_ms();
		if (!rate_exempt(mz) &&
		    !ditto_refresh_ratelimit_take(&zm->rl, ms)) {
			int64_t wait =
			        ditto_refresh_ratelimit_wait(&zm->rl, ms);
			zm->wake_ms = ms + (wait > 0 ? wait : 1);
			return false;
		}
		start_job(zm, mz, now);
		break;
	}
	reschedule(zm, mz);
	return true;
}

static void
run_timers(zonemgr_t *zm)
{
	int64_t now = time(NULL);
	zm->wake_ms = 0;
	/* bounded: every zone serviced leaves the due set or stops the
	 * loop through the rate limit */
	for (size_t n = zm->nheap + 1; n > 0 && zm->nheap > 0; n--) {
		mzone_t *mz = zm->heap[0];
		if (mz->when > now || !service(zm, mz, now)) {
			break;
		}
	}
}

static void
on_notify(zonemgr_t *zm, zslot_t *slot, const struct sockaddr_storage *from,
          bool has_serial, uint32_t serial)
{
	mzone_t *mz = slot->mz;
	char ftext[XFRCONF_ADDRTEXT];
	uint32_t ours = 0;
	if (mz == NULL || mz->removed) {
		return;
	}
	xfrconf_addrtext((const struct sockaddr *)from, ftext, sizeof(ftext));
	bool have = mz->cur != NULL && ditto_version_serial(mz->cur, &ours);
	if (has_serial && mz->behind_since == 0 &&
	    (!have || ditto_serial_gt(serial, ours))) {
		mz->behind_since = time(NULL); /* a primary has a newer one */
	}
	if (mz->running) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: notify from %s: refresh in progress, "
		          "refresh check queued",
		          slot->name, ftext);
	} else if (has_serial && !mz->r.expired && have &&
	           !ditto_serial_gt(serial, ours)) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: notify from %s: zone is up to date",
		          slot->name, ftext);
		return;
	} else if (has_serial) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: notify from %s: serial %u", slot->name,
		          ftext, serial);
	} else {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: notify from %s: no serial", slot->name,
		          ftext);
	}
	mz->notify_from = *from;
	mz->notify_from_set = true;
	mz->notified = true;
	ditto_refresh_notify(&mz->r, time(NULL));
	reschedule(zm, mz);
}

/* A control request (zonemgr_request()). */
static void
on_request(zonemgr_t *zm, zslot_t *slot, bool retransfer)
{
	mzone_t *mz = slot->mz;
	if (mz == NULL || mz->removed) {
		return;
	}
	log_write(LOG_CAT_ZONE, LOG_LVL_INFO, "zone %s: %s requested%s",
	          slot->name, retransfer ? "retransfer" : "refresh",
	          mz->running ? " (after the refresh in progress)" : "");
	if (retransfer) {
		mz->force_axfr = true;
	}
	if (mz->running) {
		mz->again = true;
	} else {
		ditto_refresh_notify(&mz->r, time(NULL));
	}
	reschedule(zm, mz);
}

/* Write the zone's timers beside its file (persist.h): by the dumper,
 * or here when there is none (shutdown). */
static void
save_timers(dumper_t *dumper, mzone_t *mz, bool have_primary,
            uint32_t primary_serial)
{
	ditto_timers_t t = { .last_refresh = mz->r.last_success,
		             .expire_at = mz->r.loaded ? mz->r.expire_at : 0,
		             .refresh_at = mz->r.refresh_at,
		             .last_attempt = mz->r.last_attempt,
		             .have_primary = have_primary,
		             .primary_serial = primary_serial };
	if (mz->slot->persist == NULL || mz->cur == NULL) {
		return;
	}
	t.have_serial = ditto_version_serial(mz->cur, &t.serial);
	if (dumper == NULL) {
		/* logged; the next success writes them again */
		(void)persist_save_timers(mz->slot->persist, &t);
		return;
	}
	if (persist_queue_timers(mz->slot->persist, &t)) {
		dumper_queue(dumper, mz->slot);
	}
}

/* Fold what the job saw of each primary into the zone's health. */
static void
merge_health(mzone_t *mz, const xfrjob_t *job, int64_t now)
{
	uint32_t ours = 0;
	bool have = mz->cur != NULL && ditto_version_serial(mz->cur, &ours);
	size_t n = job->xc->nprimaries < ZM_MAXPRIMARIES ? job->xc->nprimaries
	                                                 : ZM_MAXPRIMARIES;
	for (size_t i = 0; i < n && i < mz->nprim; i++) {
		/* the configuration may have changed during the job */
		if (strcmp(mz->prim[i].addr, job->xc->primaries[i].text) == 0) {
			xfrhealth_merge(&mz->prim[i], &job->probes[i]);
		}
	}
	mz->behind_since = xfrhealth_behind(mz->behind_since, have, ours,
	                                    job->probes, n, now);
}

static void
on_done(zonemgr_t *zm, xfrjob_t *job)
{
	mzone_t *mz = job->mz;
	int64_t now = time(NULL);
	INSIST(mz->running);
	mz->running = false;
	if (mz->removed) {
		xfrjob_free(&job);
		mzone_free(mz);
		return;
	}
	mz->last_failed = job->outcome == XFRJOB_FAILED;
	snprintf(mz->last_error, sizeof(mz->last_error), "%s",
	         mz->last_failed ? job->reason : "");
	if (job->primary_known) {
		mz->primary_known = true;
		mz->primary_serial = job->primary_serial;
		memcpy(mz->last_primary, job->primary,
		       sizeof(mz->last_primary));
		mz->last_primary[sizeof(mz->last_primary) - 1] = '\0';
	}
	switch (job->outcome) {
	case XFRJOB_UPDATED:
		ditto_version_detach(&mz->cur);
		mz->cur = job->newver;
		job->newver = NULL;
		mz->loaded_at = now;
		ditto_refresh_success(&mz->r, job->refresh, job->retry,
		                      job->expire, now, &zm->rnd);
		set_expired(mz, false);
		notifyout_zone(zm->nf, mz->slot->origin, mz->slot->rclass, NULL,
		               mz->cur, mz->xc->oc, false,
		               zslot_stats(mz->slot));
		break;
	case XFRJOB_UPTODATE:
		ditto_refresh_uptodate(&mz->r, now, job->edns_expire, &zm->rnd);
		if (!mz->r.expired) {
			set_expired(mz, false);
		}
		break;
	case XFRJOB_FAILED:
		ditto_refresh_failure(&mz->r, now);
		break;
	}
	if (job->outcome != XFRJOB_FAILED) {
		save_timers(zm->dumper, mz, true, job->new_serial);
	}
	merge_health(mz, job, now);
	log_debug(1, LOG_CAT_ZONE, "zone %s: refresh state %s, next in %llds",
	          mz->slot->name, ditto_refresh_statename(mz->r.state),
	          (long long)(mz->r.refresh_at - now));
	xfrjob_free(&job);
	if (mz->again) {
		mz->again = false;
		ditto_refresh_notify(&mz->r, now);
	}
	reschedule(zm, mz);
}

/* ---- the thread ---- */

/* Take the next event, waiting until the first timer is due. NOTIFY
 * fields are copied out under the lock. \return NULL on a timeout. */
static zmev_t *
next_event(zonemgr_t *zm, struct sockaddr_storage *from, bool *has_serial,
           uint32_t *serial, bool *retransfer)
{
	int64_t deadline = now_ms() + 1000;
	if (zm->nheap > 0 && zm->heap[0]->when != NOTIMER &&
	    zm->heap[0]->when * 1000 < deadline) {
		deadline = zm->heap[0]->when * 1000;
	}
	if (zm->wake_ms != 0 && zm->wake_ms > deadline) {
		deadline = zm->wake_ms; /* rate limited: not before */
	}
	struct timespec ts = { .tv_sec = deadline / 1000,
		               .tv_nsec = (deadline % 1000) * 1000000 };
	pthread_mutex_lock(&zm->lock);
	while (zm->head == NULL) {
		int rc = pthread_cond_timedwait(&zm->cond, &zm->lock, &ts);
		if (rc == ETIMEDOUT) {
			break;
		}
	}
	zmev_t *ev = zm->head;
	if (ev != NULL) {
		zm->head = ev->next;
		if (zm->head == NULL) {
			zm->tail = &zm->head;
		}
		if (ev->kind == ZMEV_NOTIFY) {
			zslot_t *s = (zslot_t *)((char *)ev -
			                         offsetof(zslot_t, notify.ev));
			*from = s->notify.from;
			*has_serial = s->notify.has_serial;
			*serial = s->notify.serial;
			s->notify.queued = false;
		} else if (ev->kind == ZMEV_REQUEST) {
			zslot_t *s = (zslot_t *)((char *)ev -
			                         offsetof(zslot_t, req_ev));
			*retransfer = s->req_retransfer;
			s->req_queued = false;
		}
	}
	pthread_mutex_unlock(&zm->lock);
	return ev;
}

/* Handle one event. \return false on ZMEV_STOP. */
static bool
handle(zonemgr_t *zm, zmev_t *ev, const struct sockaddr_storage *from,
       bool has_serial, uint32_t serial, bool retransfer)
{
	switch (ev->kind) {
	case ZMEV_NOTIFY: {
		zslot_t *s =
		        (zslot_t *)((char *)ev - offsetof(zslot_t, notify.ev));
		on_notify(zm, s, from, has_serial, serial);
		zslot_detach(&s); /* the reference of zonemgr_notify() */
		return true;
	}
	case ZMEV_DONE:
		on_done(zm, (xfrjob_t *)((char *)ev - offsetof(xfrjob_t, ev)));
		return true;
	case ZMEV_RECONF:
		on_reconf(zm, (zmreconf_t *)ev);
		return true;
	case ZMEV_STOP:
		ditto_free(ev);
		return false;
	case ZMEV_REQUEST: {
		zslot_t *s =
		        (zslot_t *)((char *)ev - offsetof(zslot_t, req_ev));
		on_request(zm, s, retransfer);
		zslot_detach(&s); /* the reference of zonemgr_request() */
		return true;
	}
	}
	return true;
}

static void *
zm_main(void *arg)
{
	zonemgr_t *zm = arg;
	bool go = true;
	while (go) {
		struct sockaddr_storage from;
		bool has_serial = false;
		uint32_t serial = 0;
		bool retransfer = false;
		zmev_t *ev = next_event(zm, &from, &has_serial, &serial,
		                        &retransfer);
		if (ev != NULL) {
			go = handle(zm, ev, &from, has_serial, serial,
			            retransfer);
		}
		if (go) {
			run_timers(zm);
		}
	}
	return NULL;
}

ditto_result_t
zonemgr_create(xferin_t *pool, zonemgr_t **zmp)
{
	zonemgr_t *zm = ditto_calloc(1, sizeof(*zm));
	pthread_mutex_init(&zm->lock, NULL);
	pthread_cond_init(&zm->cond, NULL);
	zm->tail = &zm->head;
	zm->pool = pool;
	if (getrandom(&zm->rng, sizeof(zm->rng), 0) != sizeof(zm->rng) ||
	    zm->rng == 0) {
		zm->rng = (uint64_t)now_ms() | 1;
	}
	zm->rnd = (ditto_random_t){ .fn = rnd_fn, .arg = &zm->rng };
	ditto_refresh_ratelimit_init(&zm->rl, 20, now_ms());
	if (dumper_create(&zm->dumper) != DITTO_R_SUCCESS) {
		pthread_cond_destroy(&zm->cond);
		pthread_mutex_destroy(&zm->lock);
		ditto_free(zm);
		return DITTO_R_FAILURE;
	}
	int rc = pthread_create(&zm->thread, NULL, zm_main, zm);
	if (rc != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "cannot start the zone manager: %s", strerror(rc));
		dumper_destroy(&zm->dumper);
		pthread_cond_destroy(&zm->cond);
		pthread_mutex_destroy(&zm->lock);
		ditto_free(zm);
		return DITTO_R_FAILURE;
	}
	zm->started = true;
	*zmp = zm;
	return DITTO_R_SUCCESS;
}

void
zonemgr_set_notifier(zonemgr_t *zm, struct notifyout *nf)
{
	zm->nf = nf;
}

struct dumper *
zonemgr_dumper(zonemgr_t *zm)
{
	return zm->dumper;
}

bool
zonemgr_sync(zonemgr_t *zm, zslot_t *slot, bool clean)
{
	REQUIRE(zm != NULL && slot != NULL);
	if (slot->persist == NULL) {
		return false;
	}
	ditto_version_t *v = NULL;
	rcu_read_lock();
	const ditto_version_t *cur = zslot_version(slot);
	if (cur != NULL) {
		ditto_version_attach((ditto_version_t *)cur, &v);
	}
	rcu_read_unlock();
	if (v == NULL) {
		return false;
	}
	if (persist_request_sync(slot->persist, v, clean)) {
		dumper_queue(zm->dumper, slot);
	}
	ditto_version_detach(&v);
	return true;
}

void
zonemgr_stop(zonemgr_t *zm)
{
	if (zm == NULL || !zm->started) {
		return;
	}
	zmev_t *ev = ditto_calloc(1, sizeof(*ev));
	ev->kind = ZMEV_STOP;
	pthread_mutex_lock(&zm->lock);
	zm->closed = true;
	push(zm, ev);
	pthread_mutex_unlock(&zm->lock);
	pthread_join(zm->thread, NULL);
	zm->started = false;
}

/* Free an event nobody will handle. */
static void
drop_event(zmev_t *ev)
{
	switch (ev->kind) {
	case ZMEV_NOTIFY: {
		zslot_t *s =
		        (zslot_t *)((char *)ev - offsetof(zslot_t, notify.ev));
		s->notify.queued = false;
		zslot_detach(&s);
		break;
	}
	case ZMEV_DONE: {
		xfrjob_t *job =
		        (xfrjob_t *)((char *)ev - offsetof(xfrjob_t, ev));
		mzone_t *mz = job->mz;
		mz->running = false;
		if (job->outcome == XFRJOB_UPDATED) {
			ditto_version_detach(&mz->cur);
			mz->cur = job->newver; /* what the slot serves */
			job->newver = NULL;
		}
		xfrjob_free(&job);
		if (mz->removed) {
			mzone_free(mz);
		}
		break;
	}
	case ZMEV_RECONF:
		reconf_free((zmreconf_t *)ev);
		break;
	case ZMEV_STOP:
		ditto_free(ev);
		break;
	case ZMEV_REQUEST: {
		zslot_t *s =
		        (zslot_t *)((char *)ev - offsetof(zslot_t, req_ev));
		s->req_queued = false;
		zslot_detach(&s);
		break;
	}
	}
}

void
zonemgr_destroy(zonemgr_t **zmp, bool fold)
{
	if (zmp == NULL || *zmp == NULL) {
		return;
	}
	zonemgr_t *zm = *zmp;
	*zmp = NULL;
	zonemgr_stop(zm);
	pthread_mutex_lock(&zm->lock);
	zmev_t *ev = zm->head;
	zm->head = NULL;
	zm->tail = &zm->head;
	zm->stopping = true;
	pthread_mutex_unlock(&zm->lock);
	while (ev != NULL) {
		zmev_t *next = ev->next;
		drop_event(ev);
		ev = next;
	}
	/* the transfer pool is stopped: write what is owed, then fold */
	dumper_destroy(&zm->dumper);
	for (size_t i = 0; i < zm->nzones; i++) {
		mzone_t *mz = zm->zones[i];
		/* no job is out any more: the files are ours */
		if (mz->slot->persist != NULL && mz->cur != NULL &&
		    !mz->running) {
			if (fold && persist_flush(mz->slot->persist, mz->cur) !=
			                    DITTO_R_SUCCESS) {
				log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
				          "zone %s: journal not folded into "
				          "the zone file at shutdown",
				          mz->slot->name);
			}
			save_timers(NULL, mz, false, 0);
		}
		mzone_free(mz);
	}
	ditto_free(zm->zones);
	ditto_free(zm->heap);
	pthread_cond_destroy(&zm->cond);
	pthread_mutex_destroy(&zm->lock);
	ditto_free(zm);
}

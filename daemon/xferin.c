/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-in pool: SOA checks and IXFR/AXFR from primaries. */
/*
 * `transfers-in` threads take refresh jobs from a FIFO. A job tries the
 * zone's primaries in order, starting with the one that sent the NOTIFY,
 * until one gives an answer it can use:
 *
 *   SOA query over UDP (3 tries) --timeout/refused--> over TCP when
 *        |                                            try-tcp-refresh
 *        +-- same serial ------------------> UPTODATE (the zone manager
 *        |                                   restarts the expire timer)
 *        +-- older / error / TSIG failure -> next primary
 *        +-- newer (or truncated) ---------> transfer over TCP:
 *              IXFR when we hold data and request-ixfr allows, else AXFR
 *              IXFR --done--> commit (persist), publish -> UPDATED
 *                   --single SOA--> UPTODATE
 *                   --any failure (rcode, TSIG, timeout, connection,
 *                     inconsistent diff)--> "IXFR failed: ...; falling
 *                     back to AXFR" -> AXFR from the same primary
 *              AXFR --done--> commit, publish -> UPDATED
 *                   --failure--> next primary
 *   no primary left -> FAILED (the zone manager schedules the retry)
 *
 * Publishing: the job holds the zone's only job token, so it alone
 * writes the slot's version: zslot_xchg(); the old version is released by
 * call_rcu() after a grace period (no transfer thread waits for readers).
 * An IXFR is journaled (fdatasync) before it is served; a full version is
 * served first and written by the dumper (persist.h). A failed transfer
 * never touches the slot.
 *
 * Locks: the pool mutex protects the job FIFO, `stopping` and the per
 * primary transfer counts (transfers-per-ns); it is never held across
 * I/O. Lock order: the pool mutex is taken alone.
 *
 * Counters (job->zst, stats.h; relaxed atomics, NULL: none): SOAOutv4/v6
 * per SOA query message sent (each UDP try and the TCP one), AXFRReq /
 * IXFRReq per transfer requested (an IXFR and its AXFR fallback are two
 * requests), XfrSuccess / XfrFail per transfer (the fallback included:
 * one), the kind of a successful one (AXFR, IXFR, IXFR that fell back to
 * AXFR, up to date; an SOA check that finds the zone current is up to
 * date too), bytes and records received by every attempt, the duration
 * of successful transfers (histogram), and one failure by reason
 * (xfrhealth.h) for every primary whose attempt failed. What the job
 * saw of each primary goes back in job->probes for the zone manager.
 */
#include "xferin.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "dns/rcode.h"
#include "tsig/tsig.h"
#include "util/mem.h"
#include "xfr/soaquery.h"
#include "xfr/xfr.h"
#include "xfr/xfrin.h"
#include "xfr/xfrtsig.h"

#include "dumper.h"
#include "log.h"
#include "persist.h"
#include "server.h"
#include "xfrio.h"

#define UDP_TRIES         3
#define UDP_TIMEOUT_MS    3000
#define TCP_SOA_TIMEOUT   10000
#define CONNECT_TIMEOUT   30000
#define MAX_XFR_BYTES     (4ULL << 30) /* bytes received per transfer */
#define MAX_QUOTA_ENTRIES 1024

/* Transfers under way from one primary address (transfers-per-ns). */
typedef struct quota {
	struct sockaddr_storage addr; /*!< address, port 0 */
	unsigned int count;           /*!< transfers under way */
} quota_t;

struct xferin {
	struct server *srv;    /*!< for the grace period under TSan */
	zonemgr_t *zm;         /*!< where jobs go back */
	pthread_mutex_t lock;  /*!< protects head, tail, stopping, quota */
	pthread_cond_t cond;   /*!< a job was queued, or stopping */
	pthread_cond_t qcond;  /*!< a transfer ended (quota freed) */
	xfrjob_t *head;        /*!< FIFO (lock) */
	xfrjob_t **tail;       /*!< its end (lock) */
	bool stopping;         /*!< stop (lock) */
	int stopfd;            /*!< eventfd, readable once stopping */
	pthread_t *threads;    /*!< the threads */
	unsigned int nthreads; /*!< started */
	quota_t *quota;        /*!< per-primary counts (lock) */
	size_t nquota;         /*!< used entries (lock) */
	atomic_uint per_ns;    /*!< transfers-per-ns */
	/* what rndc status reports (relaxed counters) */
	atomic_uint n_queued;  /*!< jobs waiting for a thread */
	atomic_uint n_waiting; /*!< transfers waiting for a per-ns slot */
	atomic_uint n_xfer;    /*!< transfers under way */
	atomic_uint n_soa;     /*!< SOA queries under way */
};

/* The working state of one attempt at one primary. */
typedef struct run {
	xferin_t *pool;
	xfrjob_t *job;
	const xfr_primary_t *p;
	xfrio_peer_t peer;
	char src[XFRCONF_ADDRTEXT];            /*!< source as BIND prints it */
	char prefix[DITTO_NAME_MAXTEXT + 128]; /*!< "transfer of ...: " */
	uint8_t *buf;                          /*!< one message (65535) */
	ditto_arena_t arena;                   /*!< SOA answer parse */
	size_t pidx;      /*!< index of p in the zone's primaries */
	stats_fail_t why; /*!< why the last transfer attempt failed */
	bool got_axfr;    /*!< the last transfer was a full zone */
} run_t;

void
xfrjob_free(xfrjob_t **jobp)
{
	if (jobp == NULL || *jobp == NULL) {
		return;
	}
	xfrjob_t *job = *jobp;
	*jobp = NULL;
	zslot_detach(&job->slot);
	xfrconf_detach(&job->xc);
	ditto_version_detach(&job->base);
	ditto_version_detach(&job->newver);
	ditto_free(job);
}

/* Record why the job failed (the last reason logged wins). */
static void job_reason(xfrjob_t *job, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
job_reason(xfrjob_t *job, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(job->reason, sizeof(job->reason), fmt, ap);
	va_end(ap);
}

/* What the job saw of the current primary (NULL: past the ones kept). */
static xfrprobe_t *
probe(run_t *r)
{
	return r->pidx < ZM_MAXPRIMARIES ? &r->job->probes[r->pidx] : NULL;
}

/* The current primary gave a usable answer. */
static void
primary_ok(run_t *r, bool serial_known, uint32_t serial)
{
	xfrprobe_t *p = probe(r);
	if (p != NULL) {
		xfrhealth_probe_ok(p, time(NULL), serial_known, serial);
	}
}

/* The attempt at the current primary failed for \a why (the text is the
 * job's reason, set just before); counted. */
static void
primary_fail(run_t *r, stats_fail_t why)
{
	xfrprobe_t *p = probe(r);
	xfrhealth_count_fail(r->job->zst, why);
	if (p != NULL) {
		xfrhealth_probe_fail(p, time(NULL), why, r->job->reason);
	}
}

/* Record the serial a primary told us. */
static void
job_primary(run_t *r, uint32_t serial)
{
	r->job->primary_known = true;
	r->job->primary_serial = serial;
	snprintf(r->job->primary, sizeof(r->job->primary), "%s", r->p->text);
	primary_ok(r, true, serial);
}

static int64_t
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- TSIG ---- */

typedef struct tsigstate {
	ditto_tsig_t ctx;
	ditto_xfrtsig_t st;
	ditto_xfr_tsig_t hook;
	bool on;
} tsigstate_t;

static const ditto_xfr_tsig_t *
tsig_start(tsigstate_t *t, const ditto_tsigkey_t *key)
{
	memset(t, 0, sizeof(*t));
	if (key == NULL) {
		return NULL;
	}
	ditto_tsig_init(&t->ctx, key);
	ditto_xfrtsig_bind(&t->st, &t->ctx, (uint64_t)time(NULL), &t->hook);
	t->on = true;
	return &t->hook;
}

static void
tsig_tick(tsigstate_t *t)
{
	if (t->on) {
		t->st.now = (uint64_t)time(NULL);
	}
}

static void
tsig_end(tsigstate_t *t)
{
	if (t->on) {
		ditto_tsig_clear(&t->ctx);
		t->on = false;
	}
}

/* ---- transfers-per-ns ---- */

static bool
same_addr(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	xfrconf_t one = { .nprimaries = 1 };
	xfr_primary_t p = { .addr = *a };
	one.primaries = &p;
	return xfrconf_isprimary(&one, b);
}

/* Wait for a transfer slot from \a p until \a deadline_ms. */
static bool
quota_take(xferin_t *pool, const xfr_primary_t *p, int64_t deadline_ms)
{
	const struct sockaddr *sa = (const struct sockaddr *)&p->addr;
	bool ok = false;
	pthread_mutex_lock(&pool->lock);
	for (int spins = 0; spins < 100000 && !pool->stopping; spins++) {
		unsigned int limit = p->transfers != 0
		                             ? p->transfers
		                             : atomic_load(&pool->per_ns);
		size_t i = 0;
		while (i < pool->nquota &&
		       !same_addr(&pool->quota[i].addr, sa)) {
			i++;
		}
		if (i == pool->nquota && i < MAX_QUOTA_ENTRIES) {
			pool->quota[i] = (quota_t){ .addr = p->addr };
			pool->nquota++;
		}
		if (i < pool->nquota && pool->quota[i].count < limit) {
			pool->quota[i].count++;
			ok = true;
			break;
		}
		int64_t left = deadline_ms - xfrio_now_ms();
		if (left <= 0) {
			break;
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		int64_t ms = left > 1000 ? 1000 : left;
		ts.tv_nsec += (long)(ms % 1000) * 1000000;
		ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&pool->qcond, &pool->lock, &ts);
	}
	pthread_mutex_unlock(&pool->lock);
	return ok;
}

static void
quota_give(xferin_t *pool, const xfr_primary_t *p)
{
	const struct sockaddr *sa = (const struct sockaddr *)&p->addr;
	pthread_mutex_lock(&pool->lock);
	for (size_t i = 0; i < pool->nquota; i++) {
		if (same_addr(&pool->quota[i].addr, sa)) {
			if (pool->quota[i].count > 0) {
				pool->quota[i].count--;
			}
			if (pool->quota[i].count == 0) {
				pool->quota[i] = pool->quota[--pool->nquota];
			}
			break;
		}
	}
	pthread_cond_broadcast(&pool->qcond);
	pthread_mutex_unlock(&pool->lock);
}

/* ---- SOA check ---- */

typedef enum soa_io {
	SOA_ANSWER = 0, /*!< got an answer (judged in ans) */
	SOA_TIMEOUT,    /*!< no answer (UDP: retry limit) */
	SOA_IOFAIL,     /*!< transport error (reason in err) */
} soa_io_t;

/* One SOA query over UDP or TCP. */
static soa_io_t
soa_once(run_t *r, bool tcp, ditto_soaquery_answer_t *ans, ditto_err_t *err)
{
	tsigstate_t ts;
	xfrjob_t *job = r->job;
	uint8_t q[512];
	size_t qlen = 0, alen = 0;
	soa_io_t io = SOA_IOFAIL;
	int fd = -1;
	ditto_soaquery_opts_t o = { .id = ditto_msg_randomid(),
		                    .edns = true,
		                    .expire = job->xc->request_expire,
		                    .tsig = tsig_start(&ts, r->p->key) };
	if (ditto_soaquery_build(job->slot->origin, job->slot->rclass, &o, q,
	                         sizeof(q), &qlen, err) != DITTO_R_SUCCESS) {
		goto done;
	}
	xfrhealth_count_af(job->zst, r->p->addr.ss_family, STATS_ZC_SOAOUTV4,
	                   STATS_ZC_SOAOUTV6);
	if (!tcp) {
		if (xfrio_udp(&r->peer, q, qlen, o.id, UDP_TIMEOUT_MS, r->buf,
		              DITTO_MSG_MAXSIZE, &alen,
		              err) != DITTO_R_SUCCESS) {
			io = strcmp(err->msg, "timed out") == 0 ? SOA_TIMEOUT
			                                        : SOA_IOFAIL;
			goto done;
		}
	} else {
		int64_t dl = xfrio_now_ms() + TCP_SOA_TIMEOUT;
		if (xfrio_connect(&r->peer, TCP_SOA_TIMEOUT, &fd, NULL, 0,
		                  err) != DITTO_R_SUCCESS ||
		    xfrio_send(fd, r->peer.stopfd, q, qlen, dl, err) !=
		            DITTO_R_SUCCESS ||
		    xfrio_recv(fd, r->peer.stopfd, r->buf, DITTO_MSG_MAXSIZE,
		               &alen, TCP_SOA_TIMEOUT, dl,
		               err) != DITTO_R_SUCCESS) {
			io = strcmp(err->msg, "timed out") == 0 ? SOA_TIMEOUT
			                                        : SOA_IOFAIL;
			goto done;
		}
	}
	tsig_tick(&ts);
	ditto_arena_reset(&r->arena);
	(void)ditto_soaquery_parse(r->buf, alen, o.id, job->slot->origin,
	                           job->slot->rclass, o.tsig, job->have_serial,
	                           job->serial, &r->arena, ans);
	io = SOA_ANSWER;
done:
	if (fd >= 0) {
		close(fd);
	}
	tsig_end(&ts);
	return io;
}

/* The SOA check: UDP with retries, then TCP. \return false when the
 * primary gave no usable answer (logged). */
static bool soa_check_once(run_t *r, ditto_soaquery_answer_t *ans);

/* soa_check_once(), counted for rndc status. */
static bool
soa_check(run_t *r, ditto_soaquery_answer_t *ans)
{
	atomic_fetch_add_explicit(&r->pool->n_soa, 1, memory_order_relaxed);
	bool ok = soa_check_once(r, ans);
	atomic_fetch_sub_explicit(&r->pool->n_soa, 1, memory_order_relaxed);
	return ok;
}

static bool
soa_check_once(run_t *r, ditto_soaquery_answer_t *ans)
{
	ditto_err_t err = { 0 };
	const char *zone = r->job->slot->name;
	soa_io_t io = SOA_TIMEOUT;
	stats_fail_t why = STATS_FAIL_OTHER;
	for (int i = 0; i < UDP_TRIES && io == SOA_TIMEOUT; i++) {
		io = soa_once(r, false, ans, &err);
	}
	if (io != SOA_ANSWER) {
		if (io == SOA_TIMEOUT) {
			log_write(
			        LOG_CAT_ZONE, LOG_LVL_INFO,
			        "zone %s: refresh: retry limit for primary %s "
			        "exceeded (source %s)",
			        zone, r->p->text, r->src);
			job_reason(r->job,
			           "retry limit for primary %s exceeded",
			           r->p->text);
			why = STATS_FAIL_TIMEOUT;
		} else {
			log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
			          "zone %s: refresh: failure trying primary %s "
			          "(source %s): %s",
			          zone, r->p->text, r->src, err.msg);
			job_reason(r->job, "failure trying primary %s: %s",
			           r->p->text, err.msg);
			why = xfrhealth_iofail(err.msg);
		}
		if (!r->job->xc->try_tcp_refresh) {
			primary_fail(r, why);
			return false;
		}
		log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
		          "zone %s: refresh: trying TCP to primary %s", zone,
		          r->p->text);
		io = soa_once(r, true, ans, &err);
		if (io != SOA_ANSWER) {
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: refresh: failure trying primary %s "
			          "(source %s): %s",
			          zone, r->p->text, r->src, err.msg);
			job_reason(r->job, "failure trying primary %s: %s",
			           r->p->text, err.msg);
			primary_fail(r, io == SOA_TIMEOUT
			                        ? STATS_FAIL_TIMEOUT
			                        : xfrhealth_iofail(err.msg));
			return false;
		}
	}
	if (ans->verdict == DITTO_SOAQUERY_ERROR) {
		log_write(strncmp(ans->err.msg, "tsig", 4) == 0
		                  ? LOG_CAT_SECURITY
		                  : LOG_CAT_ZONE,
		          LOG_LVL_WARNING,
		          "zone %s: refresh: %s from primary %s (source %s)",
		          zone, ans->err.msg, r->p->text, r->src);
		job_reason(r->job, "%s from primary %s", ans->err.msg,
		           r->p->text);
		primary_fail(r, xfrhealth_soafail(ans->rcode, ans->err.msg));
		return false;
	}
	job_primary(r, ans->serial);
	if (ans->verdict == DITTO_SOAQUERY_OLDER) {
		log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
		          "zone %s: serial number (%u) received from primary "
		          "%s < ours (%u)",
		          zone, ans->serial, r->p->text, r->job->serial);
		job_reason(r->job, "serial %u at primary %s < ours (%u)",
		           ans->serial, r->p->text, r->job->serial);
		return false;
	}
	return true;
}

/* ---- transfer ---- */

/*
 * A replaced version is released after a grace period by liburcu's
 * call_rcu() thread, so that no transfer waits for readers (a
 * synchronize_rcu() per transfer cost ~ms each, most of the time of a
 * small zone's refresh). Pool threads are registered RCU threads for it,
 * and each calls rcu_barrier() before it exits, so that every version is
 * freed by the time xferin_stop() returns.
 *
 * ThreadSanitizer: liburcu is not instrumented, and its call_rcu() and
 * rcu_barrier() hand memory between its own threads in ways TSan reports
 * as races inside liburcu. A TSan build therefore keeps the synchronous
 * form: synchronize_rcu(), server_grace_done() (the grace period told to
 * TSan, server.h), then the release -- same ordering, checked by TSan.
 */
#ifndef SERVER_TSAN
typedef struct retired {
	struct rcu_head head; /*!< call_rcu() */
	ditto_version_t *v;   /*!< the old version (a reference) */
} retired_t;

static void
retired_free(struct rcu_head *head)
{
	retired_t *rt = caa_container_of(head, retired_t, head);
	ditto_version_detach(&rt->v);
	ditto_free(rt);
}
#endif

static void
retire(struct server *srv, ditto_version_t *old)
{
	if (old == NULL) {
		return;
	}
#ifdef SERVER_TSAN
	synchronize_rcu();
	server_grace_done(srv);
	ditto_version_detach(&old);
#else
	(void)srv;
	retired_t *rt = ditto_calloc(1, sizeof(*rt));
	rt->v = old;
	call_rcu(&rt->head, retired_free);
#endif
}

/* Serve \a v. An IXFR is made durable first (journal append + fdatasync);
 * a full version is served at once and written by the dumper (persist.h,
 * "Publish first, write after"). */
static bool
publish(run_t *r, ditto_xfrin_t *x, ditto_version_t *v)
{
	xfrjob_t *job = r->job;
	zslot_t *slot = job->slot;
	bool dump = slot->persist != NULL &&
	            persist_commit_xfrin_async(slot->persist, v, x);
	ditto_version_t *mine = NULL;
	ditto_version_attach(v, &mine);
	retire(r->pool->srv, zslot_xchg(slot, v));
	job->newver = mine;
	if (dump) {
		dumper_queue(zonemgr_dumper(r->pool->zm), slot);
	}
	return true;
}

static void
log_done(run_t *r, ditto_xfrin_t *x)
{
	char line[256];
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	ditto_xfrin_completed(st, line, sizeof(line));
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "%sTransfer status: %s",
	          r->prefix, ditto_xfrin_status(x));
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "%s%s", r->prefix, line);
}

/* Finish a transfer that said DONE or UPTODATE. */
static bool
xfer_finished(run_t *r, ditto_xfrin_t *x, ditto_xfrin_next_t next)
{
	xfrjob_t *job = r->job;
	log_done(r, x);
	r->got_axfr = ditto_xfrin_stats(x)->axfr;
	if (next == DITTO_XFRIN_UPTODATE) {
		job->outcome = XFRJOB_UPTODATE;
		job->new_serial = job->serial;
		primary_ok(r, true, job->serial);
		return true;
	}
	ditto_version_t *v = ditto_xfrin_take(x);
	xfr_soa_t soa;
	if (v == NULL || !xfrconf_soa(v, &soa) || !publish(r, x, v)) {
		ditto_version_detach(&v);
		return false;
	}
	job->outcome = XFRJOB_UPDATED;
	job->new_serial = soa.serial;
	job_primary(r, soa.serial);
	job->refresh = soa.refresh;
	job->retry = soa.retry;
	job->expire = soa.expire;
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	char keytext[DITTO_NAME_MAXTEXT + 16] = "";
	if (r->p->key != NULL) {
		char kn[DITTO_NAME_MAXTEXT];
		xfrconf_keytext(r->p->key, kn, sizeof(kn));
		snprintf(keytext, sizeof(keytext), ": TSIG '%s'", kn);
	}
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO,
	          "zone %s: transferred serial %u%s (%s, %llu added, %llu "
	          "deleted)",
	          job->slot->name, soa.serial, keytext,
	          st->axfr ? "full zone" : "incremental",
	          (unsigned long long)st->added,
	          (unsigned long long)st->deleted);
	return true; /* v's reference went to the slot */
}

/* Read messages into \a x until it is done. */
static ditto_xfrin_next_t
xfer_read(run_t *r, int fd, ditto_xfrin_t *x, tsigstate_t *ts)
{
	const xfrconf_t *xc = r->job->xc;
	int64_t deadline = xfrio_now_ms() + (int64_t)xc->max_time_in * 1000;
	int idle = xc->max_idle_in > 0 && xc->max_idle_in < 2000000
	                   ? (int)xc->max_idle_in * 1000
	                   : 2000000000;
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	ditto_err_t err = { 0 };
	/* bounded by the deadline and the transfer's byte limit */
	while (next == DITTO_XFRIN_MORE) {
		size_t len = 0;
		if (xfrio_recv(fd, r->peer.stopfd, r->buf, DITTO_MSG_MAXSIZE,
		               &len, idle, deadline, &err) != DITTO_R_SUCCESS) {
			if (strcmp(err.msg, "timed out") == 0 &&
			    xfrio_now_ms() >= deadline) {
				ditto_err_set(&err, "%s",
				              "max-transfer-time-in exceeded");
			}
			return ditto_xfrin_abort(x, err.msg, now_us());
		}
		tsig_tick(ts);
		next = ditto_xfrin_consume(x, r->buf, len, now_us());
	}
	return next;
}

/* Log why a transfer did not complete (nothing for DONE/UPTODATE). */
static void
log_outcome(run_t *r, const ditto_xfrin_t *x, ditto_xfrin_next_t next)
{
	if (x == NULL || next == DITTO_XFRIN_DONE ||
	    next == DITTO_XFRIN_UPTODATE) {
		return;
	}
	const ditto_err_t *err = ditto_xfrin_error(x);
	if (next == DITTO_XFRIN_FALLBACK_AXFR) {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_WARNING,
		          "%s%s; falling back to AXFR", r->prefix, err->msg);
		return;
	}
	if (err->msg[0] == '\0') {
		return;
	}
	ditto_result_t res = ditto_xfrin_result(x);
	bool tsig = res >= DITTO_R_TSIG_BADSIG && res <= DITTO_R_TSIG_ERRORSET;
	log_write(tsig ? LOG_CAT_SECURITY : LOG_CAT_XFER_IN, LOG_LVL_ERROR,
	          "%sTransfer status: %s", r->prefix, ditto_xfrin_status(x));
	job_reason(r->job, "transfer from %s: %s", r->p->text, err->msg);
	log_write(LOG_CAT_XFER_IN, LOG_LVL_ERROR, "%s%s", r->prefix, err->msg);
}

/* What is asked of whom, before the answer. */
static void
log_request(const run_t *r, ditto_xfrin_type_t type, const char *local)
{
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "%sconnected using %s",
	          r->prefix, local);
	if (type == DITTO_XFRIN_IXFR) {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO,
		          "%srequesting IXFR from serial %u", r->prefix,
		          r->job->serial);
	} else {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "%srequesting AXFR",
		          r->prefix);
	}
}

/* Count what a transfer attempt received. */
static void
count_received(stats_zone_t *zst, const ditto_xfrin_t *x)
{
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	xfrhealth_count(zst, STATS_ZC_XFRIN_BYTES, st->bytes);
	xfrhealth_count(zst, STATS_ZC_XFRIN_RECORDS, st->records);
}

/* One transfer of \a type over TCP. \return what the state machine said
 * (FAIL also for a connection that could not be made). */
static ditto_xfrin_next_t
xfer_once(run_t *r, ditto_xfrin_type_t type, bool *published)
{
	xfrjob_t *job = r->job;
	tsigstate_t ts;
	ditto_xfrin_t *x = NULL;
	ditto_err_t err = { 0 };
	char local[XFRCONF_ADDRTEXT] = "";
	int fd = -1;
	size_t qlen = 0;
	ditto_xfrin_next_t next = DITTO_XFRIN_FAIL;
	ditto_xfrin_opts_t o = {
		.origin = job->slot->origin,
		.rclass = job->slot->rclass,
		.type = type,
		.base = type == DITTO_XFRIN_IXFR ? job->base : NULL,
		.id = ditto_msg_randomid(),
		.edns = true,
		.limits = { .max_records = job->xc->max_records,
		            .max_bytes = MAX_XFR_BYTES },
		.keep_diff = job->slot->persist != NULL,
		.tsig = tsig_start(&ts, r->p->key),
		.start_us = now_us(),
	};
	*published = false;
	if (ditto_xfrin_create(&o, &x) != DITTO_R_SUCCESS ||
	    ditto_xfrin_request(x, r->buf, DITTO_MSG_MAXSIZE, &qlen) !=
	            DITTO_R_SUCCESS) {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_ERROR,
		          "%scannot build the %s request", r->prefix,
		          type == DITTO_XFRIN_IXFR ? "IXFR" : "AXFR");
		job_reason(job, "%s", "cannot build the transfer request");
		r->why = STATS_FAIL_OTHER;
		goto done;
	}
	xfrhealth_count_af(job->zst, r->p->addr.ss_family,
	                   type == DITTO_XFRIN_IXFR ? STATS_ZC_IXFRREQV4
	                                            : STATS_ZC_AXFRREQV4,
	                   type == DITTO_XFRIN_IXFR ? STATS_ZC_IXFRREQV6
	                                            : STATS_ZC_AXFRREQV6);
	if (xfrio_connect(&r->peer, CONNECT_TIMEOUT, &fd, local, sizeof(local),
	                  &err) != DITTO_R_SUCCESS ||
	    xfrio_send(fd, r->peer.stopfd, r->buf, qlen,
	               xfrio_now_ms() + CONNECT_TIMEOUT,
	               &err) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_WARNING,
		          "%sfailed to connect: %s", r->prefix, err.msg);
		job_reason(job, "failed to connect to %s: %s", r->p->text,
		           err.msg);
		next = ditto_xfrin_abort(x, err.msg, now_us());
		r->why = xfrhealth_iofail(err.msg);
		goto done;
	}
	log_request(r, type, local);
	next = xfer_read(r, fd, x, &ts);
	count_received(job->zst, x);
	r->why =
	        xfrhealth_xfrfail(ditto_xfrin_result(x), ditto_xfrin_status(x));
	if (next == DITTO_XFRIN_DONE || next == DITTO_XFRIN_UPTODATE) {
		*published = xfer_finished(r, x, next);
		if (!*published) {
			next = DITTO_XFRIN_FAIL;
			r->why = STATS_FAIL_OTHER; /* the commit */
		}
		goto done;
	}
done:
	log_outcome(r, x, next);
	if (fd >= 0) {
		close(fd);
	}
	ditto_xfrin_destroy(&x);
	tsig_end(&ts);
	return next;
}

/* Count a transfer (IXFR and its AXFR fallback are one) that took
 * \a us microseconds. */
static void
count_transfer(run_t *r, bool ok, bool fell_back, int64_t us)
{
	stats_zone_t *zst = r->job->zst;
	if (!ok) {
		xfrhealth_count(zst, STATS_ZC_XFRFAIL, 1);
		primary_fail(r, r->why);
		return;
	}
	xfrhealth_count(zst, STATS_ZC_XFRSUCCESS, 1);
	xfrhealth_observe(zst, us);
	if (r->job->outcome == XFRJOB_UPTODATE) {
		xfrhealth_count(zst, STATS_ZC_XFRIN_UPTODATE, 1);
	} else if (fell_back) {
		xfrhealth_count(zst, STATS_ZC_XFRIN_FALLBACK, 1);
	} else {
		xfrhealth_count(zst,
		                r->got_axfr ? STATS_ZC_XFRIN_AXFR
		                            : STATS_ZC_XFRIN_IXFR,
		                1);
	}
}

/* The transfer from the current primary, IXFR first when possible. */
static bool
transfer(run_t *r)
{
	xfrjob_t *job = r->job;
	bool ixfr = job->base != NULL && job->have_serial &&
	            r->p->request_ixfr && !job->force_axfr;
	bool ok = false;
	int64_t deadline =
	        xfrio_now_ms() + (int64_t)job->xc->max_time_in * 1000;
	atomic_fetch_add_explicit(&r->pool->n_waiting, 1, memory_order_relaxed);
	bool slot = quota_take(r->pool, r->p, deadline);
	atomic_fetch_sub_explicit(&r->pool->n_waiting, 1, memory_order_relaxed);
	if (!slot) {
		log_write(LOG_CAT_XFER_IN, LOG_LVL_WARNING,
		          "%sno transfer slot from this primary "
		          "(transfers-per-ns) before the deadline",
		          r->prefix);
		job_reason(job, "no transfer slot from primary %s", r->p->text);
		xfrhealth_count_fail(job->zst, STATS_FAIL_OTHER);
		return false;
	}
	int64_t start = now_us();
	atomic_fetch_add_explicit(&r->pool->n_xfer, 1, memory_order_relaxed);
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "zone %s: Transfer started.",
	          job->slot->name);
	ditto_xfrin_next_t next =
	        xfer_once(r, ixfr ? DITTO_XFRIN_IXFR : DITTO_XFRIN_AXFR, &ok);
	if (ixfr && next == DITTO_XFRIN_FAIL && !ok) {
		/* a failure the state machine calls final (a limit, or the
		 * commit to disk): AXFR all the same, every IXFR failure
		 * gets its AXFR */
		log_write(LOG_CAT_XFER_IN, LOG_LVL_WARNING,
		          "%sIXFR failed; falling back to AXFR", r->prefix);
		next = DITTO_XFRIN_FALLBACK_AXFR;
	}
	bool fell_back = next == DITTO_XFRIN_FALLBACK_AXFR;
	if (fell_back) {
		next = xfer_once(r, DITTO_XFRIN_AXFR, &ok);
	}
	quota_give(r->pool, r->p);
	atomic_fetch_sub_explicit(&r->pool->n_xfer, 1, memory_order_relaxed);
	count_transfer(r, ok, fell_back, now_us() - start);
	return ok;
}

/* Refresh from one primary. \return true when the job is settled. */
static bool
from_primary(run_t *r, const xfr_primary_t *p)
{
	xfrjob_t *job = r->job;
	const xfrconf_t *xc = job->xc;
	int fam = p->addr.ss_family;
	r->pidx = (size_t)(p - xc->primaries);
	r->why = STATS_FAIL_OTHER;
	r->got_axfr = false;
	const struct sockaddr_storage *src =
	        fam == AF_INET6 ? &xc->src6 : &xc->src4;
	bool src_set = fam == AF_INET6 ? xc->src6_set : xc->src4_set;
	r->p = p;
	r->peer = (xfrio_peer_t){
		.addr = (const struct sockaddr *)&p->addr,
		.addrlen = p->addrlen,
		.src = src_set ? (const struct sockaddr *)src : NULL,
		.srclen = fam == AF_INET6 ? sizeof(struct sockaddr_in6)
		                          : sizeof(struct sockaddr_in),
		.stopfd = r->pool->stopfd,
	};
	xfrconf_addrtext((const struct sockaddr *)src, r->src, sizeof(r->src));
	ditto_xfr_logprefix(job->slot->origin, job->slot->rclass, p->text,
	                    r->prefix, sizeof(r->prefix));
	if (!job->force_axfr) {
		ditto_soaquery_answer_t ans;
		memset(&ans, 0, sizeof(ans));
		if (!soa_check(r, &ans)) {
			return false;
		}
		if (ans.verdict == DITTO_SOAQUERY_SAME) {
			xfrhealth_count(job->zst, STATS_ZC_XFRIN_UPTODATE, 1);
			job->outcome = XFRJOB_UPTODATE;
			job->new_serial = ans.serial;
			job->edns_expire = ans.edns_expire;
			return true;
		}
	}
	return transfer(r);
}

static void
run_job(xferin_t *pool, xfrjob_t *job, uint8_t *buf)
{
	run_t r = { .pool = pool, .job = job, .buf = buf };
	size_t n = job->xc->nprimaries;
	ditto_arena_init(&r.arena, 16384);
	job->outcome = XFRJOB_FAILED;
	for (size_t k = 0; k < n; k++) {
		if (from_primary(&r,
		                 &job->xc->primaries[(job->first + k) % n])) {
			break;
		}
		pthread_mutex_lock(&pool->lock);
		bool stop = pool->stopping;
		pthread_mutex_unlock(&pool->lock);
		if (stop) {
			break;
		}
	}
	if (job->outcome == XFRJOB_FAILED && job->reason[0] == '\0') {
		job_reason(job, "%s", "no primary gave a usable answer");
	}
	if (job->outcome == XFRJOB_FAILED && n > 0) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: refresh failed: no primary of %zu gave a "
		          "usable answer; retrying later",
		          job->slot->name, n);
	}
	ditto_arena_clear(&r.arena);
}

/* ---- the pool ---- */

static void *
pool_main(void *arg)
{
	xferin_t *pool = arg;
	uint8_t *buf = ditto_malloc(DITTO_MSG_MAXSIZE);
#ifndef SERVER_TSAN
	rcu_register_thread(); /* call_rcu() wants a registered thread */
#endif
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		while (pool->head == NULL && !pool->stopping) {
			pthread_cond_wait(&pool->cond, &pool->lock);
		}
		xfrjob_t *job = pool->head;
		if (job != NULL) {
			atomic_fetch_sub_explicit(&pool->n_queued, 1,
			                          memory_order_relaxed);
			pool->head = job->next;
			if (pool->head == NULL) {
				pool->tail = &pool->head;
			}
		}
		bool stop = pool->stopping;
		pthread_mutex_unlock(&pool->lock);
		if (job == NULL) {
			break;
		}
		if (!stop) {
			run_job(pool, job, buf);
		} else {
			job->outcome = XFRJOB_FAILED;
			job_reason(job, "%s", "the server is stopping");
		}
		zonemgr_done(pool->zm, job);
	}
#ifndef SERVER_TSAN
	rcu_barrier(); /* the versions this thread retired are freed */
	rcu_unregister_thread();
#endif
	ditto_free(buf);
	return NULL;
}

ditto_result_t
xferin_create(struct server *srv, unsigned int nthreads, xferin_t **out)
{
	xferin_t *pool = ditto_calloc(1, sizeof(*pool));
	pool->srv = srv;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->cond, NULL);
	pthread_cond_init(&pool->qcond, NULL);
	pool->tail = &pool->head;
	pool->quota = ditto_calloc(MAX_QUOTA_ENTRIES, sizeof(*pool->quota));
	atomic_init(&pool->per_ns, 2);
	pool->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (pool->stopfd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "eventfd: %s",
		          strerror(errno));
		xferin_destroy(&pool);
		return DITTO_R_FAILURE;
	}
	if (nthreads == 0) {
		nthreads = 1;
	}
	pool->threads = ditto_calloc(nthreads, sizeof(*pool->threads));
	for (unsigned int i = 0; i < nthreads; i++) {
		int rc = pthread_create(&pool->threads[i], NULL, pool_main,
		                        pool);
		if (rc != 0) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
			          "cannot start transfer thread: %s",
			          strerror(rc));
			xferin_stop(pool);
			xferin_destroy(&pool);
			return DITTO_R_FAILURE;
		}
		pool->nthreads++;
	}
	*out = pool;
	return DITTO_R_SUCCESS;
}

void
xferin_setzonemgr(xferin_t *pool, zonemgr_t *zm)
{
	pool->zm = zm;
}

void
xferin_setglobal(xferin_t *pool, const xfrglobal_t *glob)
{
	atomic_store(&pool->per_ns, glob->transfers_per_ns);
}

bool
xferin_submit(xferin_t *pool, xfrjob_t *job)
{
	bool ok = false;
	job->next = NULL;
	pthread_mutex_lock(&pool->lock);
	if (!pool->stopping) {
		*pool->tail = job;
		pool->tail = &job->next;
		atomic_fetch_add_explicit(&pool->n_queued, 1,
		                          memory_order_relaxed);
		pthread_cond_signal(&pool->cond);
		ok = true;
	}
	pthread_mutex_unlock(&pool->lock);
	return ok;
}

void
xferin_counts(xferin_t *pool, unsigned int *running, unsigned int *deferred,
              unsigned int *soa)
{
	*running = atomic_load_explicit(&pool->n_xfer, memory_order_relaxed);
	*deferred =
	        atomic_load_explicit(&pool->n_queued, memory_order_relaxed) +
	        atomic_load_explicit(&pool->n_waiting, memory_order_relaxed);
	*soa = atomic_load_explicit(&pool->n_soa, memory_order_relaxed);
}

void
xferin_stop(xferin_t *pool)
{
	if (pool == NULL) {
		return;
	}
	pthread_mutex_lock(&pool->lock);
	pool->stopping = true;
	pthread_cond_broadcast(&pool->cond);
	pthread_cond_broadcast(&pool->qcond);
	pthread_mutex_unlock(&pool->lock);
	uint64_t one = 1;
	if (pool->stopfd >= 0 && write(pool->stopfd, &one, sizeof(one)) < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "waking transfer threads: %s", strerror(errno));
	}
	for (unsigned int i = 0; i < pool->nthreads; i++) {
		pthread_join(pool->threads[i], NULL);
	}
	pool->nthreads = 0;
}

void
xferin_destroy(xferin_t **poolp)
{
	if (poolp == NULL || *poolp == NULL) {
		return;
	}
	xferin_t *pool = *poolp;
	*poolp = NULL;
	if (pool->stopfd >= 0) {
		close(pool->stopfd);
	}
	ditto_free(pool->threads);
	ditto_free(pool->quota);
	pthread_cond_destroy(&pool->qcond);
	pthread_cond_destroy(&pool->cond);
	pthread_mutex_destroy(&pool->lock);
	ditto_free(pool);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-out pool: AXFR/IXFR to downstream secondaries over TCP. */
/*
 * Threads: `nthreads` pool threads, each an epoll loop registered with
 * liburcu, running at a lower priority than the query workers (nice +10
 * on the thread) so that streaming zones never takes CPU time the
 * workers want. A query worker that reads a transfer request hands the
 * connection over with xferout_submit(): the connection goes into one
 * thread's inbox (a mutex held for a few instructions) and the thread is
 * woken through its eventfd. From then on only that thread touches it.
 *
 * Per connection (xferreq.c does the request and the stream):
 *
 *   submit --> [idle] --complete request--> query: answer, stay idle
 *                ^  |                       AXFR/IXFR: checks --refused-->
 *                |  |                       answer, stay idle
 *                |  +--allowed--> [streaming]: render one message only
 *                |                when the previous one is written
 *                |                (EPOLLOUT while the socket is full)
 *                +-------------last message written---+
 *   close on: EOF (once the output is written), a write error, QR set,
 *   the deadline: tcp-idle-timeout while idle; while streaming
 *   max-transfer-idle-out since the last progress and
 *   max-transfer-time-out since the start.
 *
 * Memory per connection: one input message (at most 65537 octets), the
 * output the worker had queued plus one framed message, the stream's
 * iterator (or an IXFR's steps, bounded by max-ixfr-ratio). The number of
 * connections is bounded by XO_MAXCONNS: xferout_submit() closes the
 * ones beyond it.
 *
 * Locks: each thread's inbox mutex protects its inbox list and nothing
 * else; it is taken alone and never across I/O. Counters are relaxed
 * atomics.
 */
#include "xferout.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "util/assert.h"
#include "util/buf.h"
#include "util/mem.h"

#include "log.h"
#include "query.h"
#include "server.h"
#include "xferout_p.h"

#define XO_MAXCONNS  1024 /* connections the pool owns at once */
#define XO_NICE      10   /* the pool threads' nice value */
#define XO_MAXEVENTS 64
#define XO_ROUNDS    32 /* messages or reads per connection per event */

/* One pool thread. */
typedef struct xothread {
	struct xferout *xo;   /*!< the pool */
	pthread_t thread;     /*!< the thread */
	bool started;         /*!< it runs */
	int epfd;             /*!< its epoll instance */
	int evfd;             /*!< eventfd: inbox or stop */
	pthread_mutex_t lock; /*!< protects inbox */
	xoconn_t *inbox;      /*!< submitted connections (lock) */
	xoconn_t *conns;      /*!< connections it owns (thread only) */
	unsigned int nconns;  /*!< their number (thread only) */
} xothread_t;

struct xferout {
	xoshared_t sh;         /*!< what xferreq.c shares */
	xothread_t *threads;   /*!< the threads */
	unsigned int nthreads; /*!< their number */
	atomic_uint next;      /*!< round-robin submit */
	atomic_bool stopping;  /*!< xferout_destroy() began */
};

uint64_t
xferout_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
xferout_reserve(xoconn_t *c)
{
	if (c->outpos > 0) {
		memmove(c->out, c->out + c->outpos, c->outlen - c->outpos);
		c->outlen -= c->outpos;
		c->outpos = 0;
	}
	size_t need = c->outlen + XO_FRAME;
	if (need > c->outcap) {
		c->outcap = need;
		c->out = ditto_realloc(c->out, need);
	}
}

/* ---- connections ---- */

static void
conn_free(xferout_t *xo, xoconn_t *c)
{
	xferreq_end(&xo->sh, c, c->stream != NULL ? "connection closed" : NULL);
	if (c->fd >= 0) {
		close(c->fd);
	}
	ditto_free(c->in);
	ditto_free(c->out);
	ditto_free(c);
	atomic_fetch_sub_explicit(&xo->sh.conns, 1, memory_order_relaxed);
}

static void
conn_close(xothread_t *t, xoconn_t *c, const char *why)
{
	epoll_ctl(t->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->prev != NULL) {
		c->prev->next = c->next;
	} else {
		t->conns = c->next;
	}
	if (c->next != NULL) {
		c->next->prev = c->prev;
	}
	t->nconns--;
	if (c->stream != NULL && why != NULL) {
		xferreq_end(&t->xo->sh, c, why);
	}
	conn_free(t->xo, c);
}

static uint32_t
idle_timeout_ms(xferout_t *xo)
{
	rcu_read_lock();
	uint32_t ms = server_tab(xo->sh.srv)->conf.tcp_idle_timeout * 100;
	rcu_read_unlock();
	server_read_done(xo->sh.srv);
	return ms;
}

/* Write what is queued. \return false on a write error (\a why set). */
static bool
conn_flush(xoconn_t *c, const char **why)
{
	while (c->outpos < c->outlen) {
		ssize_t n =
		        send(c->fd, c->out + c->outpos, c->outlen - c->outpos,
		             MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR) {
				return true;
			}
			*why = errno == ECONNRESET || errno == EPIPE
			               ? "send: connection reset"
			               : "send: failure";
			return false;
		}
		c->outpos += (size_t)n;
		c->deadline = xferout_now_ms() + c->idle_ms;
	}
	c->outpos = c->outlen = 0;
	return true;
}

/* Read up to the end of the next message. \return false on an error. */
static bool
conn_read(xoconn_t *c, bool *got)
{
	size_t want = c->inlen >= 2 ? 2 + (size_t)ditto_read16(c->in) : 2;
	if (want < 512) {
		want = 512;
	}
	if (want > c->incap) {
		c->incap = want;
		c->in = ditto_realloc(c->in, want);
	}
	*got = false;
	if (c->inlen == c->incap) {
		return true;
	}
	ssize_t n = recv(c->fd, c->in + c->inlen, c->incap - c->inlen,
	                 MSG_DONTWAIT);
	if (n == 0) {
		c->eof = true;
		return true;
	}
	if (n < 0) {
		return errno == EAGAIN || errno == EWOULDBLOCK ||
		       errno == EINTR;
	}
	c->inlen += (size_t)n;
	*got = true;
	return true;
}

/* Answer the complete message at the head of c->in.
 * \return false when the connection must close. */
static bool
conn_request(xferout_t *xo, xoconn_t *c)
{
	size_t mlen = ditto_read16(c->in);
	const uint8_t *msg = c->in + 2;
	size_t outlen = 0;
	bool ok = true;
	query_client_t cl = {
		.peer = (const struct sockaddr *)&c->peer,
		.local = (const struct sockaddr *)&c->local,
		.tcp = true,
		.now = (uint32_t)time(NULL),
	};
	xferout_reserve(c);
	rcu_read_lock();
	query_action_t a =
	        query_process(server_tab(xo->sh.srv), &cl, msg, mlen,
	                      c->out + c->outlen + 2, QUERY_MAXOUT, &outlen);
	rcu_read_unlock();
	server_read_done(xo->sh.srv);
	c->tcp_idle_ms = c->idle_ms = idle_timeout_ms(xo);
	c->deadline = xferout_now_ms() + c->idle_ms;
	if (a == QUERY_SEND) {
		ditto_write16(c->out + c->outlen, (uint16_t)outlen);
		c->outlen += 2 + outlen;
	} else if (a == QUERY_CLOSE) {
		ok = false;
	} else if (a == QUERY_XFR) {
		ok = xferreq_start(&xo->sh, c, msg, mlen);
	}
	memmove(c->in, c->in + 2 + mlen, c->inlen - 2 - mlen);
	c->inlen -= 2 + mlen;
	return ok;
}

static void
conn_events(xothread_t *t, xoconn_t *c)
{
	uint32_t ev = 0;
	bool pending =
	        c->inlen >= 2 && c->inlen >= 2 + (size_t)ditto_read16(c->in);
	/* EPOLLOUT also brings back a connection that stopped at
	 * XO_ROUNDS with a request still to answer */
	if (c->outpos < c->outlen || c->stream != NULL || pending) {
		ev |= EPOLLOUT;
	} else if (!c->eof) {
		ev |= EPOLLIN;
	}
	if (ev != c->events) {
		struct epoll_event e = { .events = ev, .data.ptr = c };
		epoll_ctl(t->epfd, EPOLL_CTL_MOD, c->fd, &e);
		c->events = ev;
	}
}

/* One step of the connection's work. \return 1 progress, 0 blocked,
 * -1 close (\a why: the reason when a transfer is cut). */
static int
conn_step(xferout_t *xo, xoconn_t *c, const char **why)
{
	bool got = false;
	if (!conn_flush(c, why)) {
		return -1;
	}
	if (c->outpos < c->outlen) {
		return 0; /* the socket is full */
	}
	if (c->stream != NULL) {
		return xferreq_next(&xo->sh, c) ? 1 : -1;
	}
	if (c->inlen >= 2 && c->inlen >= 2 + (size_t)ditto_read16(c->in)) {
		return conn_request(xo, c) ? 1 : -1;
	}
	if (c->eof) {
		return -1;
	}
	if (!conn_read(c, &got)) {
		return -1;
	}
	return got || c->eof ? 1 : 0;
}

static void
conn_run(xothread_t *t, xoconn_t *c, uint32_t events)
{
	const char *why = NULL;
	int st = (events & EPOLLERR) != 0 ? -1 : 1;
	if (st < 0 && c->stream != NULL) {
		why = "send: connection reset";
	}
	for (int round = 0; st > 0 && round < XO_ROUNDS; round++) {
		st = conn_step(t->xo, c, &why);
	}
	if (st < 0) {
		conn_close(t, c, why);
		return;
	}
	conn_events(t, c);
}

static void
conns_expire(xothread_t *t)
{
	uint64_t now = xferout_now_ms();
	xoconn_t *next;
	for (xoconn_t *c = t->conns; c != NULL; c = next) {
		next = c->next;
		if (c->stream != NULL && now >= c->xfr_deadline) {
			conn_close(t, c, "maximum transfer time exceeded");
		} else if (now >= c->deadline) {
			conn_close(t, c,
			           "maximum idle time exceeded (timed out)");
		}
	}
}

/* ---- threads ---- */

static void
inbox_take(xothread_t *t)
{
	uint64_t v;
	ssize_t n = read(t->evfd, &v, sizeof(v));
	(void)n;
	pthread_mutex_lock(&t->lock);
	xoconn_t *list = t->inbox;
	t->inbox = NULL;
	pthread_mutex_unlock(&t->lock);
	xoconn_t *next;
	for (xoconn_t *c = list; c != NULL; c = next) {
		next = c->next;
		c->prev = NULL;
		c->next = t->conns;
		if (t->conns != NULL) {
			t->conns->prev = c;
		}
		t->conns = c;
		t->nconns++;
		c->events = EPOLLIN | EPOLLOUT;
		struct epoll_event e = { .events = c->events, .data.ptr = c };
		if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, c->fd, &e) != 0) {
			conn_close(t, c, NULL);
			continue;
		}
		conn_run(t, c, 0);
	}
}

static void *
thread_main(void *arg)
{
	xothread_t *t = arg;
	struct epoll_event evs[XO_MAXEVENTS];
	/* below the query workers: transfers take the CPU they leave */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), XO_NICE) !=
	    0) {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_DEBUG,
		          "transfer-out thread: setpriority: %s",
		          strerror(errno));
	}
	rcu_register_thread();
	while (!atomic_load(&t->xo->stopping)) {
		int n = epoll_wait(t->epfd, evs, XO_MAXEVENTS,
		                   t->nconns > 0 ? 100 : -1);
		if (n < 0 && errno != EINTR) {
			log_write(LOG_CAT_XFER_OUT, LOG_LVL_ERROR,
			          "transfer-out thread: epoll_wait: %s",
			          strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL) {
				inbox_take(t);
			} else {
				conn_run(t, evs[i].data.ptr, evs[i].events);
			}
		}
		if (t->nconns > 0) {
			conns_expire(t);
		}
	}
	while (t->conns != NULL) {
		conn_close(t, t->conns, "shutting down");
	}
	rcu_unregister_thread();
	return NULL;
}

static ditto_result_t
thread_init(xferout_t *xo, xothread_t *t)
{
	t->xo = xo;
	t->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	pthread_mutex_init(&t->lock, NULL);
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = NULL };
	if (t->evfd < 0 || t->epfd < 0 ||
	    epoll_ctl(t->epfd, EPOLL_CTL_ADD, t->evfd, &e) != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "transfer-out pool: epoll/eventfd: %s",
		          strerror(errno));
		return DITTO_R_IOERROR;
	}
	if (pthread_create(&t->thread, NULL, thread_main, t) != 0) {
		return DITTO_R_FAILURE;
	}
	t->started = true;
	return DITTO_R_SUCCESS;
}

ditto_result_t
xferout_create(struct server *srv, unsigned int nthreads, xferout_t **out)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(out != NULL && *out == NULL && nthreads >= 1);
	xferout_t *xo = ditto_calloc(1, sizeof(*xo));
	xo->sh.srv = srv;
	xo->threads = ditto_calloc(nthreads, sizeof(*xo->threads));
	for (unsigned int i = 0; i < nthreads; i++) {
		xo->threads[i].evfd = xo->threads[i].epfd = -1;
	}
	xo->nthreads = nthreads;
	for (unsigned int i = 0; i < nthreads; i++) {
		CHECK(thread_init(xo, &xo->threads[i]));
	}
	*out = xo;
	return DITTO_R_SUCCESS;
cleanup:
	xferout_destroy(&xo);
	return result;
}

bool
xferout_submit(xferout_t *xo, int fd, const struct sockaddr *peer,
               const struct sockaddr *local, const uint8_t *pending_out,
               size_t pending_out_len, const uint8_t *pending_in,
               size_t pending_in_len)
{
	unsigned int cur = atomic_fetch_add_explicit(&xo->sh.conns, 1,
	                                             memory_order_relaxed);
	if (atomic_load(&xo->stopping) || cur >= XO_MAXCONNS ||
	    pending_in_len > XO_FRAME) {
		atomic_fetch_sub_explicit(&xo->sh.conns, 1,
		                          memory_order_relaxed);
		close(fd);
		return false;
	}
	xoconn_t *c = ditto_calloc(1, sizeof(*c));
	c->fd = fd;
	memcpy(&c->peer, peer,
	       peer->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                   : sizeof(struct sockaddr_in));
	if (local != NULL) {
		memcpy(&c->local, local,
		       local->sa_family == AF_INET6
		               ? sizeof(struct sockaddr_in6)
		               : sizeof(struct sockaddr_in));
	}
	c->outcap = pending_out_len + XO_FRAME;
	c->out = ditto_malloc(c->outcap);
	memcpy(c->out, pending_out, pending_out_len);
	c->outlen = pending_out_len;
	c->incap = pending_in_len > 512 ? pending_in_len : 512;
	c->in = ditto_malloc(c->incap);
	memcpy(c->in, pending_in, pending_in_len);
	c->inlen = pending_in_len;
	c->tcp_idle_ms = c->idle_ms = 30000; /* conn_request() reads it */
	c->deadline = xferout_now_ms() + c->idle_ms;
	xothread_t *t =
	        &xo->threads[atomic_fetch_add(&xo->next, 1) % xo->nthreads];
	c->t = t;
	pthread_mutex_lock(&t->lock);
	c->next = t->inbox;
	t->inbox = c;
	pthread_mutex_unlock(&t->lock);
	uint64_t one = 1;
	ssize_t n = write(t->evfd, &one, sizeof(one));
	(void)n;
	return true;
}

void
xferout_counts(const xferout_t *xo, xferout_counts_t *out)
{
	xferout_t *x = (xferout_t *)xo;
	out->running =
	        atomic_load_explicit(&x->sh.running, memory_order_relaxed);
	out->conns = atomic_load_explicit(&x->sh.conns, memory_order_relaxed);
	out->done = atomic_load_explicit(&x->sh.done, memory_order_relaxed);
	out->refused =
	        atomic_load_explicit(&x->sh.refused, memory_order_relaxed);
	out->failed = atomic_load_explicit(&x->sh.failed, memory_order_relaxed);
}

void
xferout_destroy(xferout_t **xop)
{
	if (xop == NULL || *xop == NULL) {
		return;
	}
	xferout_t *xo = *xop;
	*xop = NULL;
	atomic_store(&xo->stopping, true);
	for (unsigned int i = 0; i < xo->nthreads; i++) {
		xothread_t *t = &xo->threads[i];
		uint64_t one = 1;
		if (t->evfd >= 0) {
			ssize_t n = write(t->evfd, &one, sizeof(one));
			(void)n;
		}
		if (t->started) {
			pthread_join(t->thread, NULL);
		}
		/* connections submitted after the thread stopped */
		xoconn_t *next;
		for (xoconn_t *c = t->inbox; c != NULL; c = next) {
			next = c->next;
			conn_free(xo, c);
		}
		if (t->evfd >= 0) {
			close(t->evfd);
		}
		if (t->epfd >= 0) {
			close(t->epfd);
		}
		pthread_mutex_destroy(&t->lock);
	}
	ditto_free(xo->threads);
	ditto_free(xo);
}

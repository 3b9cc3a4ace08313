/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Query workers: per-thread UDP sockets (recvmmsg/sendmmsg) and TCP loop. */
/*
 * Each worker owns one epoll instance with: its UDP socket and its TCP
 * listener on every listen address (SO_REUSEPORT: the kernel spreads
 * datagrams and connections over the workers), the TCP connections it
 * accepted, and an eventfd that asks it to stop. Nothing here is shared
 * with another worker except the server's TCP connection count (an
 * atomic) and the RCU-published snapshot, read inside rcu_read_lock()
 * around the answering only, never across a system call.
 *
 * UDP: up to UDP_BATCH datagrams per recvmmsg(), answered into per-slot
 * buffers and sent with one sendmmsg(); a datagram that did not fit the
 * buffer (MSG_TRUNC) is dropped.
 *
 * TCP, per connection:
 *
 *   accept --> [reading] --complete message--> answer, queue response
 *                 ^   |                              |
 *                 |   +-- queued >= TCP_OUT_HIGH --> [paused: no EPOLLIN]
 *                 |                                  | queue drained
 *                 +----------------------------------+
 *   an AXFR/IXFR request (QUERY_XFR) --> the connection, its unsent
 *   output and its unprocessed input (the request first) go to the
 *   transfer-out pool (xferout_submit()); the worker forgets it
 *   close on: EOF, error, QR set, the deadline (tcp-initial-timeout until
 *   the first message, then tcp-idle-timeout since the last message read
 *   or byte written; a client that stops reading its answers hits it).
 *
 * Memory per connection is bounded: the input buffer holds at most one
 * message (65537 bytes), the output queue TCP_OUT_HIGH plus one response.
 * The number of connections is bounded by tcp-clients over all workers:
 * a connection beyond it is accepted and closed at once.
 */
#include "worker.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "util/buf.h"
#include "util/mem.h"

#include "log.h"
#include "query.h"
#include "server.h"
#include "stats.h"
#include "xferout.h"

#define UDP_BATCH    64
#define UDP_BUFSIZE  4096
#define TCP_OUT_HIGH (64 * 1024)
#define TCP_INIT_IN  4096
#define MAXEVENTS    64
#define MAXACCEPT    16

enum evkind { EV_STOP, EV_UDP, EV_LISTEN, EV_CONN };

/* epoll_data.ptr points at one of these (first member of tcpconn). */
typedef struct evsrc {
	enum evkind kind; /* what the descriptor is */
	int fd;           /* the descriptor */
	size_t index;     /* listen address index */
} evsrc_t;

struct tcpconn {
	evsrc_t ev;                    /* must stay first */
	struct sockaddr_storage peer;  /* client */
	size_t addr;                   /* listen address index */
	uint8_t *in;                   /* input bytes */
	size_t inlen, incap;           /* used, allocated */
	uint8_t *out;                  /* queued output */
	size_t outpos, outlen, outcap; /* sent, queued, allocated */
	uint64_t deadline;             /* ms, monotonic */
	bool eof;                      /* peer closed its side */
	uint32_t events;               /* registered epoll events */
	struct tcpconn *prev, *next;   /* worker list */
};
typedef struct tcpconn tcpconn_t;

/* Per-thread scratch (one allocation per worker thread). */
typedef struct udpbufs {
	uint8_t in[UDP_BATCH][UDP_BUFSIZE];
	uint8_t out[UDP_BATCH][UDP_BUFSIZE];
	struct sockaddr_storage peer[UDP_BATCH];
	struct mmsghdr rmsg[UDP_BATCH], smsg[UDP_BATCH];
	struct iovec riov[UDP_BATCH], siov[UDP_BATCH];
} udpbufs_t;

static uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The worker's own counters (a single writer), NULL: none. */
static stats_block_t *
worker_stats(const worker_t *w)
{
	return w->srv->stats != NULL ? stats_worker(w->srv->stats, w->id)
	                             : NULL;
}

/* ---- UDP ---- */

static unsigned int
udp_answer(worker_t *w, const evsrc_t *src, udpbufs_t *b, unsigned int n)
{
	unsigned int k = 0;
	query_client_t cl = {
		.local = (const struct sockaddr *)&w->srv->addrs[src->index].ss,
		.tcp = false,
		.now = (uint32_t)time(NULL),
		.st = worker_stats(w),
	};
	rcu_read_lock();
	const srvtab_t *tab = server_tab(w->srv);
	for (unsigned int i = 0; i < n; i++) {
		size_t outlen = 0;
		if ((b->rmsg[i].msg_hdr.msg_flags & MSG_TRUNC) != 0) {
			continue;
		}
		cl.peer = (const struct sockaddr *)&b->peer[i];
		if (query_process(tab, &cl, b->in[i], b->rmsg[i].msg_len,
		                  b->out[k], UDP_BUFSIZE,
		                  &outlen) != QUERY_SEND) {
			continue;
		}
		b->siov[k].iov_base = b->out[k];
		b->siov[k].iov_len = outlen;
		memset(&b->smsg[k], 0, sizeof(b->smsg[k]));
		b->smsg[k].msg_hdr.msg_name = &b->peer[i];
		b->smsg[k].msg_hdr.msg_namelen = b->rmsg[i].msg_hdr.msg_namelen;
		b->smsg[k].msg_hdr.msg_iov = &b->siov[k];
		b->smsg[k].msg_hdr.msg_iovlen = 1;
		k++;
	}
	rcu_read_unlock();
	server_read_done(w->srv);
	return k;
}

static void
udp_ready(worker_t *w, const evsrc_t *src, udpbufs_t *b)
{
	/* a bounded number of batches per wakeup keeps TCP served; the
	 * headers only need their in/out lengths reset (udpbufs_init()) */
	for (int round = 0; round < 4; round++) {
		for (unsigned int i = 0; i < UDP_BATCH; i++) {
			b->rmsg[i].msg_hdr.msg_namelen = sizeof(b->peer[i]);
			b->rmsg[i].msg_hdr.msg_controllen = 0;
			b->rmsg[i].msg_hdr.msg_flags = 0;
		}
		int n = recvmmsg(src->fd, b->rmsg, UDP_BATCH, MSG_DONTWAIT,
		                 NULL);
		if (n <= 0) {
			return;
		}
		unsigned int k = udp_answer(w, src, b, (unsigned int)n);
		unsigned int sent = 0;
		for (int tries = 0; sent < k && tries < 4; tries++) {
			int s = sendmmsg(src->fd, b->smsg + sent, k - sent,
			                 MSG_DONTWAIT);
			if (s < 0 && errno != EINTR) {
				sent++; /* skip the failing datagram */
				continue;
			}
			sent += s > 0 ? (unsigned int)s : 0;
		}
		if (n < UDP_BATCH) {
			return;
		}
	}
}

/* ---- TCP ---- */

/* Take \a c out of the worker (epoll, list, counts) and free it; its
 * descriptor stays open. */
static void
conn_forget(worker_t *w, tcpconn_t *c)
{
	epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->ev.fd, NULL);
	if (c->prev != NULL) {
		c->prev->next = c->next;
	} else {
		w->conns = c->next;
	}
	if (c->next != NULL) {
		c->next->prev = c->prev;
	}
	w->nconns--;
	atomic_fetch_sub_explicit(&w->srv->tcp_conns, 1, memory_order_relaxed);
	ditto_free(c->in);
	ditto_free(c->out);
	ditto_free(c);
}

static void
conn_close(worker_t *w, tcpconn_t *c)
{
	int fd = c->ev.fd;
	conn_forget(w, c);
	close(fd);
}

/*
 * A transfer request at c->in + pos: hand the connection with what it has
 * not sent and not processed yet to the transfer-out pool, which closes
 * the descriptor itself when it cannot take it.
 */
static void
conn_handoff(worker_t *w, tcpconn_t *c, size_t pos)
{
	xferout_t *xo = w->srv->xferout;
	int fd = c->ev.fd;
	struct sockaddr_storage peer = c->peer;
	const struct sockaddr *local =
	        (const struct sockaddr *)&w->srv->addrs[c->addr].ss;
	uint8_t *out = c->out, *in = c->in;
	size_t outpos = c->outpos, outlen = c->outlen, inlen = c->inlen;
	c->out = c->in = NULL;
	conn_forget(w, c);
	if (xo == NULL) {
		close(fd);
	} else {
		(void)xferout_submit(xo, fd, (const struct sockaddr *)&peer,
		                     local, out + outpos, outlen - outpos,
		                     in + pos, inlen - pos);
	}
	ditto_free(in);
	ditto_free(out);
}

static uint32_t
timeout_ms(worker_t *w, bool initial)
{
	rcu_read_lock();
	const srvtab_t *tab = server_tab(w->srv);
	uint32_t t = initial ? tab->conf.tcp_initial_timeout
	                     : tab->conf.tcp_idle_timeout;
	rcu_read_unlock();
	server_read_done(w->srv);
	return t * 100;
}

static void
conn_events(worker_t *w, tcpconn_t *c)
{
	uint32_t ev = 0;
	if (!c->eof && c->outlen - c->outpos < TCP_OUT_HIGH) {
		ev |= EPOLLIN;
	}
	if (c->outlen > c->outpos) {
		ev |= EPOLLOUT;
	}
	if (ev != c->events) {
		struct epoll_event e = { .events = ev, .data.ptr = c };
		epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->ev.fd, &e);
		c->events = ev;
	}
}

/* Room for one more response (2-byte length + QUERY_MAXOUT). */
static void
out_reserve(tcpconn_t *c)
{
	if (c->outpos > 0) {
		memmove(c->out, c->out + c->outpos, c->outlen - c->outpos);
		c->outlen -= c->outpos;
		c->outpos = 0;
	}
	size_t need = c->outlen + 2 + QUERY_MAXOUT;
	if (need > c->outcap) {
		c->outcap = need;
		c->out = ditto_realloc(c->out, need);
	}
}

/* What conn_process() left of the connection. */
typedef enum connstate { CONN_OK, CONN_CLOSE, CONN_GONE } connstate_t;

/* Answer every complete message while the queue has room.
 * CONN_CLOSE: the connection must close; CONN_GONE: it went to the
 * transfer-out pool (\a c is freed). */
static connstate_t
conn_process(worker_t *w, tcpconn_t *c)
{
	size_t pos = 0;
	bool ok = true;
	query_client_t cl = {
		.peer = (const struct sockaddr *)&c->peer,
		.local = (const struct sockaddr *)&w->srv->addrs[c->addr].ss,
		.tcp = true,
		.now = (uint32_t)time(NULL),
		.st = worker_stats(w),
	};
	while (ok && c->inlen - pos >= 2 &&
	       c->outlen - c->outpos < TCP_OUT_HIGH) {
		size_t mlen = ditto_read16(c->in + pos);
		if (c->inlen - pos - 2 < mlen) {
			break;
		}
		out_reserve(c);
		size_t outlen = 0;
		rcu_read_lock();
		query_action_t a = query_process(
		        server_tab(w->srv), &cl, c->in + pos + 2, mlen,
		        c->out + c->outlen + 2, QUERY_MAXOUT, &outlen);
		rcu_read_unlock();
		server_read_done(w->srv);
		if (a == QUERY_SEND) {
			ditto_write16(c->out + c->outlen, (uint16_t)outlen);
			c->outlen += 2 + outlen;
		} else if (a == QUERY_CLOSE) {
			ok = false;
		} else if (a == QUERY_XFR) {
			conn_handoff(w, c, pos);
			return CONN_GONE;
		}
		pos += 2 + mlen;
		c->deadline = now_ms() + timeout_ms(w, false);
	}
	if (pos > 0) {
		memmove(c->in, c->in + pos, c->inlen - pos);
		c->inlen -= pos;
	}
	return ok ? CONN_OK : CONN_CLOSE;
}

static bool
conn_flush(worker_t *w, tcpconn_t *c)
{
	while (c->outpos < c->outlen) {
		ssize_t n = send(c->ev.fd, c->out + c->outpos,
		                 c->outlen - c->outpos,
		                 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			       errno == EINTR;
		}
		c->outpos += (size_t)n;
		c->deadline = now_ms() + timeout_ms(w, false);
	}
	c->outpos = c->outlen = 0;
	return true;
}

/* Read what is there, up to one message beyond what is buffered. */
static bool
conn_read(tcpconn_t *c)
{
	for (int i = 0; i < 16; i++) {
		size_t want =
		        c->inlen >= 2 ? 2 + (size_t)ditto_read16(c->in) : 2;
		if (want < TCP_INIT_IN) {
			want = TCP_INIT_IN;
		}
		if (want > c->incap) {
			c->incap = want;
			c->in = ditto_realloc(c->in, want);
		}
		if (c->inlen == c->incap) {
			return true; /* full: process first */
		}
		ssize_t n = recv(c->ev.fd, c->in + c->inlen,
		                 c->incap - c->inlen, MSG_DONTWAIT);
		if (n == 0) {
			c->eof = true;
			return true;
		}
		if (n < 0) {
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			       errno == EINTR;
		}
		c->inlen += (size_t)n;
	}
	return true;
}

static void
conn_event(worker_t *w, tcpconn_t *c, uint32_t events)
{
	bool ok = true;
	if ((events & EPOLLERR) != 0) {
		ok = false;
	}
	for (int round = 0; ok && round < 8; round++) {
		size_t before = c->inlen;
		if ((c->events & EPOLLIN) != 0 ||
		    (events & (EPOLLIN | EPOLLHUP)) != 0) {
			ok = conn_read(c);
		}
		if (ok) {
			connstate_t st = conn_process(w, c);
			if (st == CONN_GONE) {
				return;
			}
			ok = st == CONN_OK && conn_flush(w, c);
		}
		if (c->inlen == before || c->eof ||
		    c->outlen - c->outpos >= TCP_OUT_HIGH) {
			break;
		}
	}
	if (!ok || (c->eof && c->outlen == c->outpos)) {
		conn_close(w, c);
		return;
	}
	conn_events(w, c);
}

static unsigned int
tcp_limit(worker_t *w)
{
	rcu_read_lock();
	unsigned int n = server_tab(w->srv)->conf.tcp_clients;
	rcu_read_unlock();
	server_read_done(w->srv);
	return n;
}

static void
tcp_accept(worker_t *w, const evsrc_t *src)
{
	for (int i = 0; i < MAXACCEPT; i++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		int fd = accept4(src->fd, (struct sockaddr *)&peer, &plen,
		                 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			return;
		}
		unsigned int cur = atomic_fetch_add_explicit(
		        &w->srv->tcp_conns, 1, memory_order_relaxed);
		if (cur >= tcp_limit(w)) {
			atomic_fetch_sub_explicit(&w->srv->tcp_conns, 1,
			                          memory_order_relaxed);
			close(fd);
			continue;
		}
		server_tcp_highwater(w->srv, cur + 1);
		tcpconn_t *c = ditto_calloc(1, sizeof(*c));
		c->ev.kind = EV_CONN;
		c->ev.fd = fd;
		c->peer = peer;
		c->addr = src->index;
		c->incap = TCP_INIT_IN;
		c->in = ditto_malloc(c->incap);
		c->deadline = now_ms() + timeout_ms(w, true);
		c->events = EPOLLIN;
		struct epoll_event e = { .events = EPOLLIN, .data.ptr = c };
		c->next = w->conns;
		if (w->conns != NULL) {
			w->conns->prev = c;
		}
		w->conns = c;
		w->nconns++;
		if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &e) != 0) {
			conn_close(w, c);
		}
	}
}

static void
tcp_expire(worker_t *w)
{
	uint64_t now = now_ms();
	tcpconn_t *next;
	for (tcpconn_t *c = w->conns; c != NULL; c = next) {
		next = c->next;
		if (now >= c->deadline) {
			conn_close(w, c);
		}
	}
}

/* ---- the thread ---- */

static void
dispatch(worker_t *w, struct epoll_event *e, udpbufs_t *b, bool *stop)
{
	evsrc_t *src = e->data.ptr;
	switch (src->kind) {
	case EV_STOP:
		*stop = true;
		break;
	case EV_UDP:
		udp_ready(w, src, b);
		break;
	case EV_LISTEN:
		tcp_accept(w, src);
		break;
	case EV_CONN:
		conn_event(w, (tcpconn_t *)src, e->events);
		break;
	}
}

/* The fixed parts of the receive headers, set once per thread. */
static void
udpbufs_init(udpbufs_t *b)
{
	memset(b->rmsg, 0, sizeof(b->rmsg));
	for (unsigned int i = 0; i < UDP_BATCH; i++) {
		b->riov[i].iov_base = b->in[i];
		b->riov[i].iov_len = UDP_BUFSIZE;
		b->rmsg[i].msg_hdr.msg_name = &b->peer[i];
		b->rmsg[i].msg_hdr.msg_iov = &b->riov[i];
		b->rmsg[i].msg_hdr.msg_iovlen = 1;
	}
}

static void *
worker_main(void *arg)
{
	worker_t *w = arg;
	udpbufs_t *b = ditto_malloc(sizeof(*b));
	udpbufs_init(b);
	struct epoll_event evs[MAXEVENTS];
	bool stop = false;
	rcu_register_thread();
	while (!stop) {
		int n = epoll_wait(w->epfd, evs, MAXEVENTS,
		                   w->nconns > 0 ? 100 : -1);
		if (n < 0 && errno != EINTR) {
			log_write(LOG_CAT_NETWORK, LOG_LVL_ERROR,
			          "worker %u: epoll_wait: %s", w->id,
			          strerror(errno));
			break;
		}
		for (int i = 0; i < n && !stop; i++) {
			dispatch(w, &evs[i], b, &stop);
		}
		if (w->nconns > 0) {
			tcp_expire(w);
		}
	}
	while (w->conns != NULL) {
		conn_close(w, w->conns);
	}
	rcu_unregister_thread();
	ditto_free(b);
	return NULL;
}

static ditto_result_t
add_src(worker_t *w, enum evkind kind, int fd, size_t index)
{
	evsrc_t *s = &w->srcs[w->nsrcs++];
	s->kind = kind;
	s->fd = fd;
	s->index = index;
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = s };
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &e) != 0) {
		return DITTO_R_IOERROR;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
worker_init(worker_t *w, server_t *srv, unsigned int id)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	memset(w, 0, sizeof(*w));
	w->id = id;
	w->srv = srv;
	w->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->srcs = ditto_calloc(1 + 2 * srv->naddrs, sizeof(*w->srcs));
	if (w->stopfd < 0 || w->epfd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "worker %u: epoll/eventfd: %s", id, strerror(errno));
		return DITTO_R_IOERROR;
	}
	CHECK(add_src(w, EV_STOP, w->stopfd, 0));
	for (size_t i = 0; i < srv->naddrs; i++) {
		for (int tcp = 0; tcp < 2; tcp++) {
			int fd = listen_socket(&srv->addrs[i], tcp != 0);
			if (fd < 0) {
				log_write(LOG_CAT_NETWORK, LOG_LVL_ERROR,
				          "could not listen on %s %s: %s",
				          tcp ? "TCP" : "UDP",
				          srv->addrs[i].text, strerror(errno));
				CLEANUP(DITTO_R_IOERROR);
			}
			CHECK(add_src(w, tcp ? EV_LISTEN : EV_UDP, fd, i));
		}
	}
cleanup:
	return result;
}

ditto_result_t
worker_start(worker_t *w)
{
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		return DITTO_R_FAILURE;
	}
	w->started = true;
	return DITTO_R_SUCCESS;
}

void
worker_wake(worker_t *w)
{
	uint64_t one = 1;
	if (w->stopfd >= 0) {
		ssize_t n = write(w->stopfd, &one, sizeof(one));
		(void)n;
	}
}

void
worker_clear(worker_t *w)
{
	if (w->started) {
		pthread_join(w->thread, NULL);
		w->started = false;
	}
	for (size_t i = 0; i < w->nsrcs; i++) {
		if (w->srcs[i].kind != EV_STOP) {
			close(w->srcs[i].fd);
		}
	}
	if (w->stopfd >= 0) {
		close(w->stopfd);
	}
	if (w->epfd >= 0) {
		close(w->epfd);
	}
	ditto_free(w->srcs);
	w->srcs = NULL;
	w->nsrcs = 0;
}

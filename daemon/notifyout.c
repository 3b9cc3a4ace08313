/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* NOTIFY out (RFC 1996): tell downstream servers of a new zone version. */
/*
 * One thread. Callers put a request (zone, version, settings) on a queue
 * under a mutex and write to an eventfd; the thread owns everything else:
 *
 *   request --> zset (one per view/zone) --notify-delay--> a set of sends
 *
 *   zset:  pending request (the newest replaces an older one), due time
 *          = last set + notify-delay (now when none was sent yet)
 *   send:  one target. QUEUED --rate slot--> SENT --answer--> done
 *                                              |  \--5 s, < 3 tries--> SENT
 *                                              \--3 tries timed out--> failed
 *
 * Targets are the addresses of the zone's NS names (notify yes, or
 * primary-only on a primary zone), minus the SOA MNAME unless
 * notify-to-soa, minus the server's own listen addresses, found in the
 * version itself or in another zone of the same view in the published
 * snapshot (read under rcu_read_lock(); names found nowhere are logged
 * and skipped), plus also-notify. A new set for a zone replaces sends
 * still outstanding to the same address.
 *
 * As named 9.18 (checked against a real named): UDP, the same message
 * (id, TSIG) resent every 5 seconds, three tries, then "notify to ADDR
 * failed: timed out" and "notify to ADDR: retries exceeded"; the SOA in
 * the answer section has TTL 0. First transmissions are paced by
 * notify-rate (startup-notify-rate for the first load); retries are not.
 * named logs failures and error answers at debug levels; dittod logs them
 * at info in the same words (an operator wants to see them).
 */
#include "notifyout.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "tsig/tsig.h"
#include "util/mem.h"
#include "xfr/notify.h"
#include "xfr/serial.h"
#include "xfr/xfrtsig.h"
#include "zone/node.h"
#include "zone/rrset.h"
#include "zone/tree.h"

#include "log.h"
#include "server.h"

#define TRIES       3    /* UDP transmissions per target */
#define RETRY_MS    5000 /* between them */
#define MAXSOCKS    16   /* notify-source sockets kept open */
#define MAXSENDS    4096 /* targets outstanding at once */
#define MAXSETADDRS 64   /* targets of one set */
#define MSGSIZE     1024 /* NOTIFY with the SOA and a TSIG */
#define RECVBATCH   64   /* answers read per wake-up and socket */
#define ANYVIEW     "*"  /* a secondary zone: the first view serving it */

/* A queued request (caller -> thread). */
typedef struct req req_t;
struct req {
	req_t *next;
	ditto_name_storage_t origin;
	uint16_t rclass;
	char *view;
	ditto_version_t *v; /* a reference */
	outconf_t *oc;      /* a reference */
	bool startup;
	stats_zone_t *zst; /* the zone's counters, NULL: none */
};

/* One zone's NOTIFY state (thread only). */
typedef struct zset zset_t;
struct zset {
	zset_t *next;
	ditto_name_storage_t origin;
	uint16_t rclass;
	char *view;
	char name[DITTO_NAME_MAXTEXT + 16]; /* "example.com/IN" */
	int64_t last_ms;                    /* last set sent, 0: never */
	int64_t due_ms;                     /* when pending goes out */
	req_t *pending;                     /* waiting, or NULL */
	stats_zone_t *zst;                  /* counters (latest request) */
};

/* One target (thread only). */
typedef struct send send_t;
struct send {
	send_t *next;
	zset_t *z;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char text[XFRCONF_ADDRTEXT];
	int fd;
	uint16_t id;
	unsigned int tries; /* 0: queued */
	int64_t next_ms;    /* next try */
	bool startup;
	outconf_t *oc; /* a reference: keeps key alive */
	const ditto_tsigkey_t *key;
	ditto_tsig_t tsig;
	ditto_xfrtsig_t tst;
	ditto_xfr_tsig_t hook;
	uint8_t buf[MSGSIZE];
	size_t len;
};

/* A socket bound to a notify-source. */
typedef struct bsock {
	struct sockaddr_storage src;
	int fd;
} bsock_t;

struct notifyout {
	server_t *srv;
	pthread_t thread;
	bool started;
	int evfd;
	pthread_mutex_t lock; /*!< protects head, tail, stopping, og */
	req_t *head, **tail;  /*!< queue (lock) */
	bool stopping;        /*!< (lock) */
	outglobal_t og;       /*!< (lock) */
	_Atomic uint64_t sent, answered, failed;
	atomic_uint queued;
	/* thread only */
	int fd4, fd6;
	bsock_t socks[MAXSOCKS];
	size_t nsocks;
	zset_t *zsets;
	send_t *sends;
	size_t nsends;
	int64_t rate_next[2]; /*!< next free slot: [0] normal, [1] startup */
	ditto_arena_t arena;
};

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
wake(notifyout_t *nf)
{
	uint64_t one = 1;
	if (write(nf->evfd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
		log_debug(1, LOG_CAT_NOTIFY, "notifier wake-up: %s",
		          strerror(errno));
	}
}

static void
req_free(req_t *r)
{
	if (r == NULL) {
		return;
	}
	ditto_version_detach(&r->v);
	outconf_detach(&r->oc);
	ditto_free(r->view);
	ditto_free(r);
}

/* ---- sockets ---- */

static int
open_socket(const struct sockaddr_storage *src, int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return -1;
	}
	if (family == AF_INET6) {
		int on = 1;
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		                 sizeof(on));
	}
	if (src != NULL) {
		socklen_t len = family == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                   : sizeof(struct sockaddr_in);
		if (bind(fd, (const struct sockaddr *)src, len) != 0) {
			char t[XFRCONF_ADDRTEXT];
			xfrconf_addrtext((const struct sockaddr *)src, t,
			                 sizeof(t));
			log_write(LOG_CAT_NOTIFY, LOG_LVL_ERROR,
			          "notify-source %s: bind: %s", t,
			          strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int
default_socket(notifyout_t *nf, int family)
{
	int *fdp = family == AF_INET6 ? &nf->fd6 : &nf->fd4;
	if (*fdp < 0) {
		*fdp = open_socket(NULL, family);
	}
	return *fdp;
}

/* The socket for a target of \a family under \a oc's notify-source. */
static int
socket_for(notifyout_t *nf, const outconf_t *oc, int family)
{
	bool set =
	        family == AF_INET6 ? oc->notify_src6_set : oc->notify_src4_set;
	const struct sockaddr_storage *src =
	        family == AF_INET6 ? &oc->notify_src6 : &oc->notify_src4;
	if (!set) {
		return default_socket(nf, family);
	}
	for (size_t i = 0; i < nf->nsocks; i++) {
		if (memcmp(&nf->socks[i].src, src, sizeof(*src)) == 0) {
			return nf->socks[i].fd;
		}
	}
	if (nf->nsocks == MAXSOCKS) {
		return default_socket(nf, family);
	}
	int fd = open_socket(src, family);
	if (fd < 0) {
		return default_socket(nf, family);
	}
	nf->socks[nf->nsocks].src = *src;
	nf->socks[nf->nsocks++].fd = fd;
	return fd;
}

/* ---- sends ---- */

static bool
same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family) {
		return false;
	}
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)a;
		const struct sockaddr_in *y = (const struct sockaddr_in *)b;
		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)b;
	return x->sin6_port == y->sin6_port &&
	       memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
}

static void
send_free(send_t *s)
{
	if (s->key != NULL) {
		ditto_tsig_clear(&s->tsig);
	}
	outconf_detach(&s->oc);
	ditto_free(s);
}

/* Unlink *sp (advancing to the next) and free it. */
static void
send_remove(notifyout_t *nf, send_t **sp)
{
	send_t *s = *sp;
	*sp = s->next;
	nf->nsends--;
	send_free(s);
}

/* Build the NOTIFY of \a s for version \a v. */
static bool
send_build(send_t *s, const ditto_version_t *v)
{
	const ditto_node_t *apex = ditto_version_apex(v);
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t rdlen = 0;
	const uint8_t *rd =
	        soa != NULL ? ditto_rrset_rdata(soa, 0, &rdlen) : NULL;
	const ditto_xfr_tsig_t *hook = NULL;
	if (s->key != NULL) {
		ditto_tsig_init(&s->tsig, s->key);
		ditto_xfrtsig_bind(&s->tst, &s->tsig, (uint64_t)time(NULL),
		                   &s->hook);
		hook = &s->hook;
	}
	ditto_result_t r =
	        ditto_notify_build(s->z->origin, s->z->rclass, s->id, rd, rdlen,
	                           0, hook, s->buf, sizeof(s->buf), &s->len);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_ERROR,
		          "zone %s: notify to %s: cannot build the message: %s",
		          s->z->name, s->text, ditto_result_totext(r));
		return false;
	}
	return true;
}

/* Queue a NOTIFY of \a r's version to \a addr (replacing an outstanding
 * one of the same zone to the same address). */
static void
add_send(notifyout_t *nf, zset_t *z, const req_t *r,
         const struct sockaddr_storage *addr, const ditto_tsigkey_t *key)
{
	for (send_t **sp = &nf->sends; *sp != NULL;) {
		if ((*sp)->z == z && same_addr(&(*sp)->addr, addr)) {
			send_remove(nf, sp);
		} else {
			sp = &(*sp)->next;
		}
	}
	if (nf->nsends >= MAXSENDS) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_WARNING,
		          "zone %s: too many notifies outstanding", z->name);
		return;
	}
	send_t *s = ditto_calloc(1, sizeof(*s));
	s->z = z;
	s->addr = *addr;
	s->addrlen = addr->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                         : sizeof(struct sockaddr_in);
	xfrconf_addrtext((const struct sockaddr *)addr, s->text,
	                 sizeof(s->text));
	s->id = ditto_msg_randomid();
	s->startup = r->startup;
	s->key = key;
	outconf_attach(r->oc, &s->oc);
	s->fd = socket_for(nf, r->oc, addr->ss_family);
	if (s->fd < 0 || !send_build(s, r->v)) {
		send_free(s);
		return;
	}
	send_t **tail = &nf->sends;
	while (*tail != NULL) {
		tail = &(*tail)->next;
	}
	*tail = s;
	nf->nsends++;
}

/* ---- targets ---- */

typedef struct targets {
	struct sockaddr_storage addr[MAXSETADDRS];
	const ditto_tsigkey_t *key[MAXSETADDRS];
	size_t n;
} targets_t;

static bool
is_self(const notifyout_t *nf, const struct sockaddr_storage *a)
{
	for (size_t i = 0; i < nf->srv->naddrs; i++) {
		if (same_addr(&nf->srv->addrs[i].ss, a)) {
			return true;
		}
	}
	return false;
}

static void
target_add(notifyout_t *nf, targets_t *t, const struct sockaddr_storage *a,
           const ditto_tsigkey_t *key)
{
	if (t->n == MAXSETADDRS || is_self(nf, a)) {
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (same_addr(&t->addr[i], a)) {
			return;
		}
	}
	t->addr[t->n] = *a;
	t->key[t->n++] = key;
}

/* The A/AAAA records of \a node as NS targets. \return how many. */
static size_t
node_addrs(notifyout_t *nf, targets_t *t, const ditto_node_t *node,
           uint16_t port, const outconf_t *oc)
{
	size_t found = 0;
	static const uint16_t types[2] = { DITTO_TYPE_A, DITTO_TYPE_AAAA };
	for (int i = 0; node != NULL && i < 2; i++) {
		const ditto_rrset_t *set = ditto_node_find(node, types[i], 0);
		ditto_rrset_it_t it;
		if (set == NULL) {
			continue;
		}
		DITTO_RDATA_FOREACH(set, it) {
			struct sockaddr_storage ss;
			memset(&ss, 0, sizeof(ss));
			if (i == 0 && it.rdlen == 4) {
				struct sockaddr_in *s4 = (void *)&ss;
				s4->sin_family = AF_INET;
				s4->sin_port = htons(port);
				memcpy(&s4->sin_addr, it.rdata, 4);
			} else if (i == 1 && it.rdlen == 16) {
				struct sockaddr_in6 *s6 = (void *)&ss;
				s6->sin6_family = AF_INET6;
				s6->sin6_port = htons(port);
				memcpy(&s6->sin6_addr, it.rdata, 16);
			} else {
				continue;
			}
			found++;
			target_add(nf, t, &ss,
			           outconf_server_key(
			                   oc, (const struct sockaddr *)&ss));
		}
	}
	return found;
}

/* \a name's addresses in another zone of the same view. */
static size_t
view_addrs(notifyout_t *nf, targets_t *t, const req_t *r, const uint8_t *name,
           uint16_t port)
{
	size_t found = 0;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(nf->srv);
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		if (v->rclass != r->rclass ||
		    (strcmp(r->view, ANYVIEW) == 0
		             ? view_exactzone(v, r->origin) == NULL
		             : strcmp(v->name, r->view) != 0)) {
			continue;
		}
		const zone_t *z = view_findzone(v, name, DITTO_TYPE_A);
		const ditto_version_t *zv = z != NULL ? zone_version(z) : NULL;
		if (zv != NULL) {
			found = node_addrs(
			        nf, t,
			        ditto_tree_get(ditto_version_tree(zv), name),
			        port, r->oc);
		}
		break;
	}
	rcu_read_unlock();
	server_read_done(nf->srv);
	return found;
}

static void
ns_targets(notifyout_t *nf, zset_t *z, const req_t *r, targets_t *t,
           uint16_t port)
{
	const ditto_node_t *apex = ditto_version_apex(r->v);
	const ditto_rrset_t *ns =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_NS, 0) : NULL;
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t mlen = 0;
	const uint8_t *mname =
	        soa != NULL ? ditto_rrset_rdata(soa, 0, &mlen) : NULL;
	ditto_rrset_it_t it;
	if (ns == NULL) {
		return;
	}
	DITTO_RDATA_FOREACH(ns, it) {
		const uint8_t *name = it.rdata;
		if (!r->oc->notify_to_soa && mname != NULL &&
		    ditto_name_equal(name, mname)) {
			continue;
		}
		const ditto_node_t *node =
		        ditto_tree_get(ditto_version_tree(r->v), name);
		if (node_addrs(nf, t, node, port, r->oc) > 0 ||
		    view_addrs(nf, t, r, name, port) > 0) {
			continue;
		}
		char buf[DITTO_NAME_MAXTEXT];
		size_t len = 0;
		if (ditto_name_totext(name, NULL, buf, sizeof(buf), &len) !=
		    DITTO_R_SUCCESS) {
			snprintf(buf, sizeof(buf), "?");
		}
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: no address found for NS '%s' in the "
		          "served zones; not notified",
		          z->name, buf);
	}
}

/* The zone's due request goes out as one set of sends. */
static void
start_set(notifyout_t *nf, zset_t *z, int64_t now, uint16_t port)
{
	req_t *r = z->pending;
	uint32_t serial = 0;
	z->pending = NULL;
	atomic_fetch_sub_explicit(&nf->queued, 1, memory_order_relaxed);
	z->last_ms = now;
	(void)ditto_version_serial(r->v, &serial);
	log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
	          "zone %s: sending notifies (serial %u)", z->name, serial);
	targets_t *t = ditto_calloc(1, sizeof(*t));
	const outconf_t *oc = r->oc;
	if (oc->notify == OUTCONF_NOTIFY_YES ||
	    (oc->notify == OUTCONF_NOTIFY_PRIMARY_ONLY && oc->primary)) {
		ns_targets(nf, z, r, t, port);
	}
	for (size_t i = 0; i < oc->nalso_notify; i++) {
		target_add(nf, t, &oc->also_notify[i].addr,
		           oc->also_notify[i].key);
	}
	for (size_t i = 0; i < t->n; i++) {
		add_send(nf, z, r, &t->addr[i], t->key[i]);
	}
	ditto_free(t);
	req_free(r);
}

/* ---- requests ---- */

static zset_t *
zset_get(notifyout_t *nf, const req_t *r)
{
	for (zset_t *z = nf->zsets; z != NULL; z = z->next) {
		if (z->rclass == r->rclass && strcmp(z->view, r->view) == 0 &&
		    ditto_name_equal(z->origin, r->origin)) {
			return z;
		}
	}
	zset_t *z = ditto_calloc(1, sizeof(*z));
	ditto_name_copy(z->origin, r->origin);
	z->rclass = r->rclass;
	z->view = ditto_strdup(r->view);
	ditto_xfr_zonetext(r->origin, r->rclass, z->name, sizeof(z->name));
	z->next = nf->zsets;
	nf->zsets = z;
	return z;
}

static void
take_requests(notifyout_t *nf, int64_t now)
{
	pthread_mutex_lock(&nf->lock);
	req_t *list = nf->head;
	nf->head = NULL;
	nf->tail = &nf->head;
	pthread_mutex_unlock(&nf->lock);
	while (list != NULL) {
		req_t *r = list;
		list = r->next;
		r->next = NULL;
		zset_t *z = zset_get(nf, r);
		if (z->pending != NULL) {
			/* the newest version wins */
			r->startup = r->startup && z->pending->startup;
			req_free(z->pending);
			atomic_fetch_sub_explicit(&nf->queued, 1,
			                          memory_order_relaxed);
		}
		z->pending = r;
		if (r->zst != NULL) {
			z->zst = r->zst;
		}
		int64_t due =
		        z->last_ms == 0
		                ? now
		                : z->last_ms +
		                          (int64_t)r->oc->notify_delay * 1000;
		z->due_ms = due > now ? due : now;
	}
}

/* ---- transmission ---- */

static void
transmit(notifyout_t *nf, send_t *s, int64_t now)
{
	if (s->tries == 0) {
		log_debug(3, LOG_CAT_NOTIFY, "zone %s: sending notify to %s",
		          s->z->name, s->text);
		if (s->z->zst != NULL) {
			stats_add(&s->z->zst->c[s->addr.ss_family == AF_INET6
			                                ? STATS_ZC_NOTIFYOUTV6
			                                : STATS_ZC_NOTIFYOUTV4],
			          1);
		}
	}
	s->tries++;
	s->next_ms = now + RETRY_MS;
	atomic_fetch_add_explicit(&nf->sent, 1, memory_order_relaxed);
	if (sendto(s->fd, s->buf, s->len, 0, (struct sockaddr *)&s->addr,
	           s->addrlen) < 0) {
		log_debug(1, LOG_CAT_NOTIFY, "zone %s: notify to %s: %s",
		          s->z->name, s->text, strerror(errno));
	}
}

/* Rate slot for a first transmission; \return 0 when one is free now,
 * else the time the next is. */
static int64_t
rate_take(notifyout_t *nf, bool startup, int64_t now, const outglobal_t *og)
{
	uint32_t rate = startup ? og->startup_notify_rate : og->notify_rate;
	int64_t *next = &nf->rate_next[startup ? 1 : 0];
	if (rate == 0) {
		return 0;
	}
	if (*next > now) {
		return *next;
	}
	*next = now + 1000 / rate;
	return 0;
}

static void
give_up(notifyout_t *nf, send_t *s)
{
	log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
	          "zone %s: notify to %s failed: timed out", s->z->name,
	          s->text);
	log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
	          "zone %s: notify to %s: retries exceeded", s->z->name,
	          s->text);
	atomic_fetch_add_explicit(&nf->failed, 1, memory_order_relaxed);
}

/* Send what is due; \return the next time something is due. */
static int64_t
run_sends(notifyout_t *nf, int64_t now, const outglobal_t *og)
{
	int64_t next = INT64_MAX;
	bool blocked[2] = { false, false };
	for (send_t **sp = &nf->sends; *sp != NULL;) {
		send_t *s = *sp;
		int64_t at;
		if (s->tries == 0) {
			at = blocked[s->startup]
			             ? nf->rate_next[s->startup]
			             : rate_take(nf, s->startup, now, og);
			if (at == 0) {
				transmit(nf, s, now);
				at = s->next_ms;
			} else {
				blocked[s->startup] = true;
			}
		} else if (s->next_ms <= now && s->tries < TRIES) {
			transmit(nf, s, now);
			at = s->next_ms;
		} else if (s->next_ms <= now) {
			give_up(nf, s);
			send_remove(nf, sp);
			continue;
		} else {
			at = s->next_ms;
		}
		next = at < next ? at : next;
		sp = &s->next;
	}
	return next;
}

/* ---- answers ---- */

static void
answer(notifyout_t *nf, send_t **sp, const uint8_t *wire, size_t len)
{
	send_t *s = *sp;
	ditto_msg_t msg;
	ditto_err_t err = { 0 };
	uint16_t rcode = 0;
	ditto_arena_reset(&nf->arena);
	ditto_result_t r =
	        ditto_msg_parse(wire, len, 0, &nf->arena, &msg, &err);
	if (r == DITTO_R_SUCCESS) {
		s->tst.now = (uint64_t)time(NULL);
		r = ditto_notify_parse_reply(
		        &msg, s->id, s->z->origin, s->z->rclass,
		        s->key != NULL ? &s->hook : NULL, &rcode, &err);
	}
	if (r != DITTO_R_SUCCESS) {
		log_write(
		        LOG_CAT_NOTIFY, LOG_LVL_INFO,
		        "zone %s: notify to %s failed: %s", s->z->name, s->text,
		        err.msg[0] != '\0' ? err.msg : ditto_result_totext(r));
		atomic_fetch_add_explicit(&nf->failed, 1, memory_order_relaxed);
	} else if (rcode == DITTO_RCODE_NOERROR) {
		log_debug(3, LOG_CAT_NOTIFY,
		          "zone %s: notify response from %s: NOERROR",
		          s->z->name, s->text);
		atomic_fetch_add_explicit(&nf->answered, 1,
		                          memory_order_relaxed);
	} else {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
		          "zone %s: notify response from %s: %s", s->z->name,
		          s->text, ditto_rcode_name(rcode));
		atomic_fetch_add_explicit(&nf->answered, 1,
		                          memory_order_relaxed);
	}
	send_remove(nf, sp);
}

static void
read_socket(notifyout_t *nf, int fd)
{
	uint8_t buf[65535];
	for (int i = 0; i < RECVBATCH; i++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0,
		                     (struct sockaddr *)&from, &flen);
		if (n < 0) {
			return;
		}
		if (n < 12) {
			continue;
		}
		uint16_t id = (uint16_t)((buf[0] << 8) | buf[1]);
		for (send_t **sp = &nf->sends; *sp != NULL; sp = &(*sp)->next) {
			send_t *s = *sp;
			if (s->fd == fd && s->id == id && s->tries > 0 &&
			    same_addr(&s->addr, &from)) {
				answer(nf, sp, buf, (size_t)n);
				break;
			}
		}
	}
}

/* ---- the thread ---- */

static size_t
poll_set(notifyout_t *nf, struct pollfd *pfd)
{
	size_t n = 0;
	pfd[n++] = (struct pollfd){ .fd = nf->evfd, .events = POLLIN };
	if (nf->fd4 >= 0) {
		pfd[n++] = (struct pollfd){ .fd = nf->fd4, .events = POLLIN };
	}
	if (nf->fd6 >= 0) {
		pfd[n++] = (struct pollfd){ .fd = nf->fd6, .events = POLLIN };
	}
	for (size_t i = 0; i < nf->nsocks; i++) {
		pfd[n++] = (struct pollfd){ .fd = nf->socks[i].fd,
			                    .events = POLLIN };
	}
	return n;
}

/* One round: requests, due sets, sends. \return ms until the next. */
static int64_t
round_once(notifyout_t *nf)
{
	outglobal_t og;
	pthread_mutex_lock(&nf->lock);
	og = nf->og;
	pthread_mutex_unlock(&nf->lock);
	int64_t now = now_ms();
	take_requests(nf, now);
	int64_t next = INT64_MAX;
	for (zset_t *z = nf->zsets; z != NULL; z = z->next) {
		if (z->pending != NULL && z->due_ms <= now) {
			start_set(nf, z, now, og.port);
		} else if (z->pending != NULL && z->due_ms < next) {
			next = z->due_ms;
		}
	}
	int64_t s = run_sends(nf, now, &og);
	next = s < next ? s : next;
	return next == INT64_MAX ? 1000 : next - now;
}

static bool
stopping(notifyout_t *nf)
{
	pthread_mutex_lock(&nf->lock);
	bool stop = nf->stopping;
	pthread_mutex_unlock(&nf->lock);
	return stop;
}

static void *
nf_main(void *arg)
{
	notifyout_t *nf = arg;
	rcu_register_thread();
	while (!stopping(nf)) {
		int64_t wait = round_once(nf);
		struct pollfd pfd[3 + MAXSOCKS];
		size_t n = poll_set(nf, pfd);
		wait = wait < 0 ? 0 : wait > 1000 ? 1000 : wait;
		if (poll(pfd, n, (int)wait) <= 0) {
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if ((pfd[i].revents & POLLIN) == 0) {
				continue;
			}
			if (pfd[i].fd == nf->evfd) {
				uint64_t v;
				(void)!read(nf->evfd, &v, sizeof(v));
			} else {
				read_socket(nf, pfd[i].fd);
			}
		}
	}
	rcu_unregister_thread();
	return NULL;
}

/* ---- API ---- */

ditto_result_t
notifyout_create(server_t *srv, notifyout_t **out)
{
	notifyout_t *nf = ditto_calloc(1, sizeof(*nf));
	nf->srv = srv;
	nf->fd4 = nf->fd6 = -1;
	nf->tail = &nf->head;
	nf->og = (outglobal_t){ .transfers_out = 10,
		                .notify_rate = 20,
		                .startup_notify_rate = 20,
		                .port = 53 };
	ditto_arena_init(&nf->arena, 0);
	pthread_mutex_init(&nf->lock, NULL);
	nf->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (nf->evfd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "eventfd: %s",
		          strerror(errno));
		notifyout_destroy(&nf);
		return DITTO_R_FAILURE;
	}
	int rc = pthread_create(&nf->thread, NULL, nf_main, nf);
	if (rc != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "cannot start the notifier: %s", strerror(rc));
		notifyout_destroy(&nf);
		return DITTO_R_FAILURE;
	}
	nf->started = true;
	*out = nf;
	return DITTO_R_SUCCESS;
}

void
notifyout_zone(notifyout_t *nf, const uint8_t *origin, uint16_t rclass,
               const char *view, ditto_version_t *v, outconf_t *oc,
               bool startup, stats_zone_t *zst)
{
	if (nf == NULL || v == NULL || oc == NULL ||
	    oc->notify == OUTCONF_NOTIFY_NO ||
	    (oc->notify == OUTCONF_NOTIFY_PRIMARY_ONLY && !oc->primary)) {
		return;
	}
	req_t *r = ditto_calloc(1, sizeof(*r));
	ditto_name_copy(r->origin, origin);
	r->rclass = rclass;
	r->view = ditto_strdup(view != NULL ? view : ANYVIEW);
	ditto_version_attach(v, &r->v);
	outconf_attach(oc, &r->oc);
	r->startup = startup;
	r->zst = zst;
	pthread_mutex_lock(&nf->lock);
	bool stop = nf->stopping;
	if (!stop) {
		*nf->tail = r;
		nf->tail = &r->next;
		atomic_fetch_add_explicit(&nf->queued, 1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&nf->lock);
	if (stop) {
		req_free(r);
		return;
	}
	wake(nf);
}

static const zone_t *
old_zone(const srvtab_t *old, const view_t *v, const zone_t *z)
{
	for (size_t i = 0; old != NULL && i < old->nviews; i++) {
		const view_t *ov = &old->views[i];
		if (ov->rclass == v->rclass && strcmp(ov->name, v->name) == 0) {
			return view_exactzone(ov, z->origin);
		}
	}
	return NULL;
}

/* A primary zone's version is new in the reloaded snapshot. */
static bool
primary_changed(const zone_t *oz, const zone_t *z)
{
	uint32_t s_old = 0, s_new = 0;
	if (z->slot != NULL || z->version == NULL) {
		return false;
	}
	if (oz == NULL || oz->version == NULL) {
		return true;
	}
	if (oz->version == z->version ||
	    !ditto_version_serial(z->version, &s_new)) {
		return false;
	}
	return !ditto_version_serial(oz->version, &s_old) ||
	       ditto_serial_gt(s_new, s_old);
}

void
notifyout_snapshot(notifyout_t *nf, const srvtab_t *old, const srvtab_t *tab)
{
	if (nf == NULL || tab == NULL) {
		return;
	}
	for (size_t i = 0; i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		for (size_t j = 0; j < v->nzones; j++) {
			const zone_t *z = v->zones[j];
			ditto_version_t *zv =
			        (ditto_version_t *)zone_version(z);
			if (z->oc == NULL || zv == NULL) {
				continue;
			}
			if (old != NULL &&
			    !primary_changed(old_zone(old, v, z), z)) {
				continue;
			}
			/* secondary zones as the zone manager names them */
			notifyout_zone(nf, z->origin, z->rclass,
			               z->slot != NULL ? NULL : v->name, zv,
			               z->oc, old == NULL, z->zst);
		}
	}
}

void
notifyout_setglobal(notifyout_t *nf, const outglobal_t *og)
{
	if (nf == NULL) {
		return;
	}
	pthread_mutex_lock(&nf->lock);
	nf->og = *og;
	pthread_mutex_unlock(&nf->lock);
	wake(nf);
}

void
notifyout_counts(const notifyout_t *nf, notifyout_counts_t *out)
{
	memset(out, 0, sizeof(*out));
	if (nf == NULL) {
		return;
	}
	out->sent = atomic_load_explicit(&nf->sent, memory_order_relaxed);
	out->answered =
	        atomic_load_explicit(&nf->answered, memory_order_relaxed);
	out->failed = atomic_load_explicit(&nf->failed, memory_order_relaxed);
	out->queued = atomic_load_explicit(&nf->queued, memory_order_relaxed);
}

void
notifyout_destroy(notifyout_t **nfp)
{
	if (nfp == NULL || *nfp == NULL) {
		return;
	}
	notifyout_t *nf = *nfp;
	*nfp = NULL;
	pthread_mutex_lock(&nf->lock);
	nf->stopping = true;
	pthread_mutex_unlock(&nf->lock);
	if (nf->started) {
		wake(nf);
		pthread_join(nf->thread, NULL);
	}
	for (req_t *r = nf->head, *n; r != NULL; r = n) {
		n = r->next;
		req_free(r);
	}
	while (nf->sends != NULL) {
		send_remove(nf, &nf->sends);
	}
	for (zset_t *z = nf->zsets, *n; z != NULL; z = n) {
		n = z->next;
		req_free(z->pending);
		ditto_free(z->view);
		ditto_free(z);
	}
	for (size_t i = 0; i < nf->nsocks; i++) {
		close(nf->socks[i].fd);
	}
	if (nf->fd4 >= 0) {
		close(nf->fd4);
	}
	if (nf->fd6 >= 0) {
		close(nf->fd6);
	}
	if (nf->evfd >= 0) {
		close(nf->evfd);
	}
	ditto_arena_clear(&nf->arena);
	pthread_mutex_destroy(&nf->lock);
	ditto_free(nf);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The control server: rndc's protocol on the `controls` endpoints. */
/*
 * One thread (registered with liburcu, so that commands can read the
 * published snapshot) runs a poll() loop over non-blocking sockets:
 *
 *   wakefd     eventfd: the main thread handed over a new endpoint set,
 *              or asks the thread to stop
 *   endpoints  listening sockets (inet and unix), accepted in the loop
 *   conns      at most CONTROL_MAXCONNS connections, each with a deadline
 *              CONTROL_CONN_TIMEOUT s after accept (named's timer)
 *
 * Per connection: bytes go through lib/control's sans-IO ccserver, which
 * applies every check of protocols/rndc.md §5; a failed check closes the
 * connection and logs "invalid command from ADDR: REASON". While a reply
 * is being written no input is read (named does the same). Memory per
 * connection is bounded by the 32 KiB frame limit plus a 4 KiB read
 * buffer, so unauthenticated peers can use at most
 * CONTROL_MAXCONNS * 36 KiB; when the table is full the oldest connection
 * that has not yet authenticated makes room, so silent peers cannot lock
 * operators out.
 *
 * Endpoint sets: the main thread (control_configure(), at start and on
 * every reload) builds a new set, reusing the socket of an endpoint that
 * stays (dup()), and hands it over under `lock`; the thread swaps it in at
 * its next wake-up. An endpoint is reference-counted: a connection keeps
 * its endpoint (and so its keys) until it closes.
 *
 * Requests to the main thread (reload, reconfig, stop, halt) go through
 * `mainfd` (an eventfd the main loop polls) and `lock`/`cond`: a reload
 * runs server_reload() on the main thread while the control thread waits
 * for its result. Lock order: `lock` is taken alone, never across I/O.
 */
#include "control.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "acl/acl.h"
#include "acl/aclenv.h"
#include "control/ccauth.h"
#include "control/ccserver.h"
#include "util/mem.h"

#include "ctlcmd.h"
#include "log.h"
#include "server.h"

/*! Bytes read from a connection at a time. */
#define CONN_READBUF 4096
/*! Connections accepted per endpoint per loop turn. */
#define ACCEPT_BURST 16

/*! One endpoint: a listening socket with its access rules. */
typedef struct ctlep {
	atomic_uint refs;           /*!< the sets holding it, connections */
	int fd;                     /*!< listening socket, -1: closed */
	bool is_unix;               /*!< unix socket */
	struct sockaddr_storage ss; /*!< address (inet) */
	char text[128];             /*!< "127.0.0.1#953" or the path */
	ditto_acl_t *acl;           /*!< allow list, NULL: any */
	ditto_ccauth_key_t *keys;   /*!< keys, in the order written */
	size_t nkeys;               /*!< count, 0: every message fails */
	bool read_only;             /*!< read-only yes */
	uint32_t perm;              /*!< unix: mode of the socket file */
	uint32_t owner, group;      /*!< unix: its owner and group */
} ctlep_t;

/*! A set of endpoints. */
typedef struct ctlset {
	ctlep_t **eps; /*!< references */
	size_t n;      /*!< count */
} ctlset_t;

/*! One connection (control thread only). */
typedef struct conn {
	int fd;                   /*!< socket */
	ctlep_t *ep;              /*!< its endpoint (a reference) */
	ditto_ccserver_t cc;      /*!< protocol state */
	bool cc_init;             /*!< cc initialised */
	char peer[128];           /*!< "127.0.0.1#53521" or the path */
	int64_t deadline;         /*!< monotonic seconds */
	uint64_t serial;          /*!< accept order (eviction) */
	uint8_t in[CONN_READBUF]; /*!< bytes read, not yet fed */
	size_t inoff, inlen;      /*!< unfed range of `in` */
	size_t outoff;            /*!< bytes of the reply written */
	bool sending;             /*!< a reply is being written */
	control_next_t after;     /*!< request after the reply (stop) */
	bool dead;                /*!< close at the end of the turn */
} conn_t;

struct control {
	server_t *srv;          /*!< the server */
	pthread_t thread;       /*!< the control thread */
	bool started;           /*!< thread running */
	int wakefd;             /*!< eventfd: main -> control */
	int mainfd;             /*!< eventfd: control -> main */
	ditto_aclenv_t *env;    /*!< localhost / localnets (read-only) */
	pthread_mutex_t lock;   /*!< protects the fields below */
	pthread_cond_t cond;    /*!< req_done, stopping changed */
	ctlset_t *pending;      /*!< (lock) set for the thread, or NULL */
	bool stopping;          /*!< (lock) leave the loop */
	int req;                /*!< (lock) 0, 1 reload, 2 reconfig */
	bool req_done;          /*!< (lock) the main thread answered */
	ditto_result_t req_res; /*!< (lock) its result */
	control_next_t down;    /*!< (lock) stop / halt requested */
	ctlset_t *cur;          /*!< main thread: the last set handed over */
	ctlset_t *active;       /*!< control thread: endpoints polled */
	conn_t *conns[CONTROL_MAXCONNS]; /*!< control thread */
	size_t nconns;                   /*!< control thread */
	uint64_t nextserial;             /*!< control thread */
	control_next_t cmd_down;         /*!< control thread: set by
	                                      ctl_shutdown() during a command */
	ditto_ccauth_replay_t *replay;   /*!< control thread */
};

static int64_t
mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void
efd_signal(int fd)
{
	uint64_t one = 1;
	ssize_t n = write(fd, &one, sizeof(one));
	(void)n;
}

static void
efd_drain(int fd)
{
	uint64_t v;
	ssize_t n = read(fd, &v, sizeof(v));
	(void)n;
}

/* ---- endpoints ---- */

static void
ep_unref(ctlep_t **epp)
{
	ctlep_t *ep = *epp;
	*epp = NULL;
	if (ep == NULL || atomic_fetch_sub(&ep->refs, 1) != 1) {
		return;
	}
	if (ep->fd >= 0) {
		close(ep->fd);
	}
	for (size_t i = 0; i < ep->nkeys; i++) {
		ditto_ccauth_key_clear(&ep->keys[i]);
	}
	ditto_free(ep->keys);
	if (ep->acl != NULL) {
		ditto_acl_detach(&ep->acl);
	}
	ditto_free(ep);
}

static ctlep_t *
ep_ref(ctlep_t *ep)
{
	atomic_fetch_add(&ep->refs, 1);
	return ep;
}

static void
set_free(ctlset_t **sp)
{
	ctlset_t *s = *sp;
	*sp = NULL;
	if (s == NULL) {
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		ep_unref(&s->eps[i]);
	}
	ditto_free(s->eps);
	ditto_free(s);
}

static void
ep_addkey(ctlep_t *ep, const ditto_config_key_t *k)
{
	ditto_ccauth_key_t key;
	ditto_err_t err = { 0 };
	ditto_result_t r =
	        ditto_ccauth_key_init(&key, k->algorithm, k->secret, &err);
	if (r == DITTO_R_NOTFOUND) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "unsupported algorithm '%s' in key '%s' for use "
		          "with command channel %s",
		          k->algorithm, k->name, ep->text);
		return;
	}
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "secret for key '%s' on command channel %s: %s",
		          k->name, ep->text, ditto_result_totext(r));
		return;
	}
	ep->keys = ditto_realloc(ep->keys, (ep->nkeys + 1) * sizeof(key));
	ep->keys[ep->nkeys++] = key;
	ditto_ccauth_key_clear(&key);
}

static const ditto_config_key_t *
find_key(const ditto_config_t *cfg, const char *name)
{
	for (const ditto_config_key_t *k = cfg->keys; k != NULL; k = k->next) {
		if (strcasecmp(k->name, name) == 0) {
			return k;
		}
	}
	return NULL;
}

/* rndc.key beside the configuration file, else /etc/bind/rndc.key. */
static void
keyfile_path(const char *conffile, char *buf, size_t size)
{
	const char *slash = strrchr(conffile, '/');
	if (slash != NULL) {
		snprintf(buf, size, "%.*s/rndc.key", (int)(slash - conffile),
		         conffile);
	} else {
		snprintf(buf, size, "rndc.key");
	}
	if (access(buf, R_OK) != 0) {
		snprintf(buf, size, "/etc/bind/rndc.key");
	}
}

/* named's automatic key (no `keys` clause, or no controls statement). */
static ditto_result_t
ep_rndckey(ctlep_t *ep, const char *conffile)
{
	char path[4096];
	ditto_cfg_parser_t p;
	ditto_config_t *kc = NULL;
	keyfile_path(conffile, path, sizeof(path));
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
	          "configuring command channel from '%s'", path);
	if (access(path, F_OK) != 0) {
		return DITTO_R_NOTFOUND;
	}
	ditto_cfg_parser_init(&p);
	ditto_result_t r = ditto_config_load(&p, path, &kc);
	if (r == DITTO_R_SUCCESS && kc->keys == NULL) {
		r = DITTO_R_NOTFOUND;
	}
	if (r == DITTO_R_SUCCESS) {
		ep_addkey(ep, kc->keys);
		r = ep->nkeys > 0 ? DITTO_R_SUCCESS : DITTO_R_FAILURE;
	}
	ditto_config_destroy(&kc);
	ditto_cfg_parser_clear(&p);
	return r;
}

static void
ep_keys(ctlep_t *ep, const ditto_config_t *cfg,
        const ditto_config_control_t *cc, const char *conffile)
{
	if (cc == NULL || cc->keys == NULL || cc->keys[0] == NULL) {
		ditto_result_t r = ep_rndckey(ep, conffile);
		if (r != DITTO_R_SUCCESS) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
			          "couldn't install keys for command channel "
			          "%s: %s",
			          ep->text,
			          r == DITTO_R_NOTFOUND
			                  ? "file not found"
			                  : ditto_result_totext(r));
		}
		return;
	}
	for (size_t i = 0; cc->keys[i] != NULL; i++) {
		const ditto_config_key_t *k = find_key(cfg, cc->keys[i]);
		if (k == NULL) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
			          "couldn't find key '%s' for use with command "
			          "channel %s",
			          cc->keys[i], ep->text);
			continue;
		}
		ep_addkey(ep, k);
	}
}

static void
ep_settext(ctlep_t *ep)
{
	char a[INET6_ADDRSTRLEN] = "?";
	uint16_t port;
	if (ep->ss.ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (void *)&ep->ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		port = ntohs(s4->sin_port);
	} else {
		const struct sockaddr_in6 *s6 = (void *)&ep->ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		port = ntohs(s6->sin6_port);
	}
	snprintf(ep->text, sizeof(ep->text), "%s#%u", a, port);
}

static void
ep_setinet(ctlep_t *ep, int family, const uint8_t *addr, uint16_t port)
{
	memset(&ep->ss, 0, sizeof(ep->ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)&ep->ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, addr, 16);
		s6->sin6_port = htons(port);
	} else {
		struct sockaddr_in *s4 = (void *)&ep->ss;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, addr, 4);
		s4->sin_port = htons(port);
	}
	ep_settext(ep);
}

static bool
ep_same(const ctlep_t *a, const ctlep_t *b)
{
	if (a->is_unix != b->is_unix) {
		return false;
	}
	return strcmp(a->text, b->text) == 0;
}

static const char *
errtext(int e)
{
	switch (e) {
	case EADDRINUSE:
		return "address in use";
	case EADDRNOTAVAIL:
		return "address not available";
	case EACCES:
	case EPERM:
		return "permission denied";
	case EAFNOSUPPORT:
		return "address family not supported";
	default:
		return strerror(e);
	}
}

/*
 * A unix endpoint's `perm`, `owner` and `group`, applied to the socket
 * file after bind() as named 9.16 did (9.18 has no unix channels); the
 * socket is bound before privileges are dropped, so chown() works when
 * dittod starts as root. Returns 0 or the errno.
 */
static int
ep_perm(const ctlep_t *ep)
{
	if (chmod(ep->text, (mode_t)(ep->perm & 07777)) != 0 ||
	    chown(ep->text, (uid_t)ep->owner, (gid_t)ep->group) != 0) {
		return errno;
	}
	return 0;
}

static int
ep_bind(ctlep_t *ep)
{
	int fam = ep->is_unix ? AF_UNIX : ep->ss.ss_family;
	int fd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int on = 1;
	if (fd < 0) {
		return errno;
	}
	socklen_t len;
	struct sockaddr_un sun;
	const struct sockaddr *sa = (const void *)&ep->ss;
	if (ep->is_unix) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlen(ep->text) >= sizeof(sun.sun_path)) {
			close(fd);
			return ENAMETOOLONG;
		}
		strcpy(sun.sun_path, ep->text);
		(void)unlink(ep->text);
		sa = (const void *)&sun;
		len = sizeof(sun);
	} else {
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (fam == AF_INET6) {
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
			                 sizeof(on));
		}
		len = fam == AF_INET6 ? sizeof(struct sockaddr_in6)
		                      : sizeof(struct sockaddr_in);
	}
	if (bind(fd, sa, len) != 0 || listen(fd, 32) != 0) {
		int e = errno;
		close(fd);
		return e;
	}
	if (ep->is_unix) {
		int e = ep_perm(ep);
		if (e != 0) {
			close(fd);
			(void)unlink(ep->text);
			return e;
		}
	}
	ep->fd = fd;
	return 0;
}

/* Give \a ep a socket: the old one of the same endpoint, or a new one. */
static bool
ep_open(control_t *ctl, ctlep_t *ep, bool automatic)
{
	for (size_t i = 0; ctl->cur != NULL && i < ctl->cur->n; i++) {
		const ctlep_t *old = ctl->cur->eps[i];
		if (ep_same(old, ep) && old->fd >= 0) {
			ep->fd = fcntl(old->fd, F_DUPFD_CLOEXEC, 0);
			if (ep->fd >= 0 && ep->is_unix &&
			    (old->perm != ep->perm || old->owner != ep->owner ||
			     old->group != ep->group) &&
			    ep_perm(ep) != 0) {
				log_write(
				        LOG_CAT_GENERAL, LOG_LVL_WARNING,
				        "couldn't update ownership/permission "
				        "for command channel %s",
				        ep->text);
			}
			return ep->fd >= 0;
		}
	}
	int e = ep_bind(ep);
	if (e != 0) {
		log_write(LOG_CAT_GENERAL,
		          automatic ? LOG_LVL_NOTICE : LOG_LVL_WARNING,
		          "couldn't add command channel %s: %s", ep->text,
		          errtext(e));
		return false;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE,
	          "command channel listening on %s", ep->text);
	return true;
}

static ctlep_t *
ep_new(void)
{
	ctlep_t *ep = ditto_calloc(1, sizeof(*ep));
	atomic_init(&ep->refs, 1);
	ep->fd = -1;
	return ep;
}

static void
set_add(control_t *ctl, ctlset_t *s, ctlep_t *ep, bool automatic)
{
	if (!ep_open(ctl, ep, automatic)) {
		ep_unref(&ep);
		return;
	}
	s->eps = ditto_realloc(s->eps, (s->n + 1) * sizeof(*s->eps));
	s->eps[s->n++] = ep;
}

static void
build_configured(control_t *ctl, ctlset_t *s, const ditto_config_t *cfg,
                 const char *conffile)
{
	for (const ditto_config_control_t *cc = cfg->controls; cc != NULL;
	     cc = cc->next) {
		ctlep_t *ep = ep_new();
		ep->is_unix = cc->is_unix;
		ep->read_only = cc->read_only;
		if (cc->is_unix) {
			snprintf(ep->text, sizeof(ep->text), "%s", cc->path);
			ep->perm = cc->perm;
			ep->owner = cc->owner;
			ep->group = cc->group;
		} else {
			ep_setinet(ep, cc->addr.family, cc->addr.addr,
			           cc->port != 0 ? cc->port : CONTROL_PORT);
			if (cc->allow.acl != NULL) {
				ditto_acl_attach(cc->allow.acl, &ep->acl);
			}
		}
		log_debug(9, LOG_CAT_GENERAL, "processing control channel %s",
		          ep->text);
		ep_keys(ep, cfg, cc, conffile);
		set_add(ctl, s, ep, false);
	}
}

static void
build_default(control_t *ctl, ctlset_t *s, const char *conffile)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	static const uint8_t v6[16] = { [15] = 1 };
	for (int i = 0; i < 2; i++) {
		if ((i == 0 && !ctl->srv->args.v4) ||
		    (i == 1 && !ctl->srv->args.v6)) {
			continue;
		}
		ctlep_t *ep = ep_new();
		ep_setinet(ep, i == 0 ? AF_INET : AF_INET6, i == 0 ? v4 : v6,
		           CONTROL_PORT);
		ep_keys(ep, NULL, NULL, conffile);
		set_add(ctl, s, ep, true);
	}
}

/* Log and unlink endpoints of the current set that \a s drops. */
static void
drop_old(control_t *ctl, const ctlset_t *s)
{
	for (size_t i = 0; ctl->cur != NULL && i < ctl->cur->n; i++) {
		const ctlep_t *old = ctl->cur->eps[i];
		bool kept = false;
		for (size_t j = 0; j < s->n && !kept; j++) {
			kept = ep_same(old, s->eps[j]);
		}
		if (!kept) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE,
			          "stopping command channel on %s", old->text);
			if (old->is_unix) {
				(void)unlink(old->text);
			}
		}
	}
}

void
control_configure(control_t *ctl, const ditto_config_t *cfg,
                  const char *conffile)
{
	ctlset_t *s = ditto_calloc(1, sizeof(*s));
	if (cfg->controls_set) {
		build_configured(ctl, s, cfg, conffile);
	} else {
		build_default(ctl, s, conffile);
	}
	drop_old(ctl, s);
	ctlset_t *copy = ditto_calloc(1, sizeof(*copy));
	copy->eps = ditto_calloc(s->n + 1, sizeof(*copy->eps));
	for (size_t i = 0; i < s->n; i++) {
		copy->eps[copy->n++] = ep_ref(s->eps[i]);
	}
	pthread_mutex_lock(&ctl->lock);
	ctlset_t *stale = ctl->pending;
	ctl->pending = copy;
	pthread_mutex_unlock(&ctl->lock);
	set_free(&stale);
	set_free(&ctl->cur);
	ctl->cur = s;
	efd_signal(ctl->wakefd);
}

/* ---- connections (control thread) ---- */

static void
conn_close(control_t *ctl, conn_t *c)
{
	(void)ctl;
	close(c->fd);
	if (c->cc_init) {
		ditto_ccserver_clear(&c->cc);
	}
	ep_unref(&c->ep);
	ditto_free(c);
}

static void
peer_text(const struct sockaddr_storage *ss, const ctlep_t *ep, char *buf,
          size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, size, "%s#%u", a, ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, size, "%s#%u", a, ntohs(s6->sin6_port));
	} else {
		snprintf(buf, size, "%s", ep->text);
	}
}

static uint32_t
random_nonce(void)
{
	uint32_t n = 0;
	for (int i = 0; n == 0 && i < 64; i++) {
		if (getrandom(&n, sizeof(n), 0) != (ssize_t)sizeof(n)) {
			n = 0;
		}
	}
	return n != 0 ? n : 1;
}

/* Make room: drop the oldest connection that has not authenticated. */
static bool
evict_one(control_t *ctl)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < ctl->nconns; i++) {
		const conn_t *c = ctl->conns[i];
		if ((!c->cc_init || c->cc.nonce == 0) &&
		    (best == SIZE_MAX ||
		     c->serial < ctl->conns[best]->serial)) {
			best = i;
		}
	}
	if (best == SIZE_MAX) {
		return false;
	}
	conn_t *c = ctl->conns[best];
	log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
	          "dropped command channel from %s: quota reached", c->peer);
	conn_close(ctl, c);
	ctl->conns[best] = ctl->conns[--ctl->nconns];
	return true;
}

static void
accept_one(control_t *ctl, ctlep_t *ep, int fd,
           const struct sockaddr_storage *ss)
{
	conn_t *c = ditto_calloc(1, sizeof(*c));
	c->fd = fd;
	c->ep = ep_ref(ep);
	peer_text(ss, ep, c->peer, sizeof(c->peer));
	if (ep->acl != NULL &&
	    ditto_acl_matchsockaddr(ep->acl, ctl->env, (const void *)ss, NULL,
	                            NULL) != DITTO_ACL_ALLOW) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "rejected command channel message from %s", c->peer);
		conn_close(ctl, c);
		return;
	}
	if (ctl->nconns == CONTROL_MAXCONNS && !evict_one(ctl)) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "dropped command channel from %s: quota reached",
		          c->peer);
		conn_close(ctl, c);
		return;
	}
	if (ep->nkeys > 0) {
		ditto_ccserver_init(&c->cc, ep->keys, ep->nkeys, ctl->replay,
		                    random_nonce());
		c->cc_init = true;
	}
	c->deadline = mono_now() + CONTROL_CONN_TIMEOUT;
	c->serial = ctl->nextserial++;
	log_debug(3, LOG_CAT_GENERAL, "allocate new control connection");
	ctl->conns[ctl->nconns++] = c;
}

static void
accept_burst(control_t *ctl, ctlep_t *ep)
{
	for (int i = 0; i < ACCEPT_BURST; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		memset(&ss, 0, sizeof(ss));
		int fd = accept4(ep->fd, (struct sockaddr *)&ss, &len,
		                 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			return;
		}
		accept_one(ctl, ep, fd, &ss);
	}
}

/* The main thread's part of a request (stop, halt): post it. */
static void
post_down(control_t *ctl, control_next_t what)
{
	pthread_mutex_lock(&ctl->lock);
	if (ctl->down == CONTROL_CONTINUE) {
		ctl->down = what;
	}
	pthread_mutex_unlock(&ctl->lock);
	efd_signal(ctl->mainfd);
}

static void
conn_flush(control_t *ctl, conn_t *c)
{
	const uint8_t *out;
	size_t len;
	ditto_ccserver_output(&c->cc, &out, &len);
	while (c->outoff < len) {
		ssize_t n = send(c->fd, out + c->outoff, len - c->outoff,
		                 MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			return;
		}
		if (n <= 0) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
			          "error sending command response to %s: %s",
			          c->peer, n < 0 ? strerror(errno) : "closed");
			c->dead = true;
			break;
		}
		c->outoff += (size_t)n;
	}
	c->sending = false;
	c->outoff = 0;
	if (c->after != CONTROL_CONTINUE) {
		post_down(ctl, c->after);
		c->after = CONTROL_CONTINUE;
	}
}

static uint64_t
wall_now(void)
{
	return (uint64_t)time(NULL);
}

static void
conn_dispatch(control_t *ctl, conn_t *c)
{
	ctlctx_t cx = { .srv = ctl->srv,
		        .read_only = c->ep->read_only,
		        .peer = c->peer };
	ctlout_t out = { 0 };
	ctl->cmd_down = CONTROL_CONTINUE;
	ctlcmd_run(&cx, c->cc.command, &out);
	c->after = ctl->cmd_down;
	ditto_result_t r =
	        ditto_ccserver_reply(&c->cc, out.result, out.text, wall_now());
	ctlout_clear(&out);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "error sending command response to %s: %s", c->peer,
		          ditto_result_totext(r));
		c->dead = true;
		if (c->after != CONTROL_CONTINUE) {
			post_down(ctl, c->after);
		}
		return;
	}
	c->sending = true;
	c->outoff = 0;
	conn_flush(ctl, c);
}

/* Feed buffered input to the protocol until it needs more or replies. */
static void
conn_feed(control_t *ctl, conn_t *c)
{
	for (size_t turns = 0; c->inoff < c->inlen && !c->sending && !c->dead &&
	                       turns <= CONN_READBUF;
	     turns++) {
		size_t used = 0;
		ditto_ccmsg_action_t action = DITTO_CCMSG_READ;
		ditto_err_t err = { 0 };
		ditto_result_t r = ditto_ccserver_feed(
		        &c->cc, c->in + c->inoff, c->inlen - c->inoff,
		        wall_now(), &used, &action, &err);
		c->inoff += used;
		if (r == DITTO_R_FORMERR) {
			log_debug(1, LOG_CAT_GENERAL,
			          "invalid command from %s: %s", c->peer,
			          err.msg);
			c->dead = true;
		} else if (r != DITTO_R_SUCCESS) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
			          "invalid command from %s: %s", c->peer,
			          err.msg);
			c->dead = true;
		} else if (action == DITTO_CCMSG_SEND) {
			c->sending = true;
			c->outoff = 0;
			conn_flush(ctl, c);
		} else if (action == DITTO_CCMSG_DISPATCH) {
			conn_dispatch(ctl, c);
		} else if (used == 0) {
			break;
		}
	}
}

static void
conn_read(control_t *ctl, conn_t *c)
{
	if (c->inoff == c->inlen) {
		ssize_t n = recv(c->fd, c->in, sizeof(c->in), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			return;
		}
		if (n <= 0) {
			c->dead = true;
			return;
		}
		c->inoff = 0;
		c->inlen = (size_t)n;
	}
	if (!c->cc_init) {
		/* no usable key on this endpoint: nothing can verify */
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "invalid command from %s: bad auth", c->peer);
		c->dead = true;
		return;
	}
	conn_feed(ctl, c);
}

/* ---- the thread ---- */

static void
take_pending(control_t *ctl)
{
	pthread_mutex_lock(&ctl->lock);
	ctlset_t *s = ctl->pending;
	ctl->pending = NULL;
	pthread_mutex_unlock(&ctl->lock);
	if (s != NULL) {
		set_free(&ctl->active);
		ctl->active = s;
	}
}

static bool
is_stopping(control_t *ctl)
{
	pthread_mutex_lock(&ctl->lock);
	bool s = ctl->stopping;
	pthread_mutex_unlock(&ctl->lock);
	return s;
}

static void
reap(control_t *ctl)
{
	int64_t now = mono_now();
	for (size_t i = 0; i < ctl->nconns;) {
		conn_t *c = ctl->conns[i];
		if (!c->dead && now >= c->deadline) {
			log_debug(3, LOG_CAT_GENERAL,
			          "control connection from %s timed out",
			          c->peer);
			c->dead = true;
		}
		if (c->dead) {
			log_debug(3, LOG_CAT_GENERAL,
			          "freeing control connection");
			conn_close(ctl, c);
			ctl->conns[i] = ctl->conns[--ctl->nconns];
			continue;
		}
		i++;
	}
}

static int
poll_timeout(const control_t *ctl)
{
	int64_t now = mono_now(), best = -1;
	for (size_t i = 0; i < ctl->nconns; i++) {
		int64_t left = ctl->conns[i]->deadline - now;
		if (left < 0) {
			left = 0;
		}
		if (best < 0 || left < best) {
			best = left;
		}
	}
	return best < 0 ? -1 : (int)(best * 1000 + 100);
}

/* One poll() turn; false: stop. */
static bool
turn(control_t *ctl, struct pollfd *pfd, conn_t **pc)
{
	size_t neps = ctl->active != NULL ? ctl->active->n : 0, n = 0;
	pfd[n++] = (struct pollfd){ .fd = ctl->wakefd, .events = POLLIN };
	for (size_t i = 0; i < neps; i++) {
		pfd[n++] = (struct pollfd){ .fd = ctl->active->eps[i]->fd,
			                    .events = POLLIN };
	}
	size_t nc = ctl->nconns;
	for (size_t i = 0; i < nc; i++) {
		pc[i] = ctl->conns[i];
		pfd[n++] = (struct pollfd){ .fd = pc[i]->fd,
			                    .events = pc[i]->sending ? POLLOUT
			                                             : POLLIN };
	}
	int rc = poll(pfd, (nfds_t)n, poll_timeout(ctl));
	if (rc < 0 && errno != EINTR) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR, "control: poll: %s",
		          strerror(errno));
		return false;
	}
	if (rc > 0 && (pfd[0].revents & POLLIN) != 0) {
		efd_drain(ctl->wakefd);
		if (is_stopping(ctl)) {
			return false;
		}
		take_pending(ctl);
		return true; /* endpoint indexes changed: poll again */
	}
	for (size_t i = 0; rc > 0 && i < nc; i++) {
		short ev = pfd[1 + neps + i].revents;
		if (pc[i]->sending && (ev & (POLLOUT | POLLERR | POLLHUP))) {
			conn_flush(ctl, pc[i]);
		} else if (ev != 0) {
			conn_read(ctl, pc[i]);
		}
	}
	reap(ctl);
	for (size_t i = 0; rc > 0 && i < neps; i++) {
		if ((pfd[1 + i].revents & POLLIN) != 0) {
			accept_burst(ctl, ctl->active->eps[i]);
		}
	}
	return true;
}

static void *
control_thread(void *arg)
{
	control_t *ctl = arg;
	rcu_register_thread();
	take_pending(ctl);
	for (;;) {
		size_t neps = ctl->active != NULL ? ctl->active->n : 0;
		struct pollfd *pfd =
		        ditto_calloc(1 + neps + CONTROL_MAXCONNS, sizeof(*pfd));
		conn_t **pc = ditto_calloc(CONTROL_MAXCONNS + 1, sizeof(*pc));
		bool go = turn(ctl, pfd, pc);
		ditto_free(pfd);
		ditto_free(pc);
		if (!go) {
			break;
		}
	}
	for (size_t i = 0; i < ctl->nconns; i++) {
		conn_close(ctl, ctl->conns[i]);
	}
	ctl->nconns = 0;
	set_free(&ctl->active);
	rcu_unregister_thread();
	return NULL;
}

/* ---- lifecycle and requests ---- */

control_t *
control_create(server_t *srv)
{
	control_t *ctl = ditto_calloc(1, sizeof(*ctl));
	ditto_err_t err = { 0 };
	ctl->srv = srv;
	ctl->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ctl->mainfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ctl->wakefd < 0 || ctl->mainfd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "eventfd: %s",
		          strerror(errno));
		abort();
	}
	pthread_mutex_init(&ctl->lock, NULL);
	pthread_cond_init(&ctl->cond, NULL);
	ctl->replay = ditto_ccauth_replay_create(0);
	ditto_aclenv_create(&ctl->env);
	if (ditto_aclenv_loadsystem(ctl->env, &err) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "control: interface addresses: %s", err.msg);
	}
	return ctl;
}

ditto_result_t
control_start(control_t *ctl)
{
	int e = pthread_create(&ctl->thread, NULL, control_thread, ctl);
	if (e != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "control: pthread_create: %s", strerror(e));
		return DITTO_R_FAILURE;
	}
	ctl->started = true;
	return DITTO_R_SUCCESS;
}

int
control_mainfd(const control_t *ctl)
{
	return ctl != NULL ? ctl->mainfd : -1;
}

control_next_t
control_mainwork(control_t *ctl)
{
	efd_drain(ctl->mainfd);
	pthread_mutex_lock(&ctl->lock);
	int req = ctl->req;
	ctl->req = 0;
	control_next_t down = ctl->down;
	pthread_mutex_unlock(&ctl->lock);
	if (req != 0) {
		ditto_result_t r = server_reload(ctl->srv, req == 2);
		pthread_mutex_lock(&ctl->lock);
		ctl->req_res = r;
		ctl->req_done = true;
		pthread_cond_broadcast(&ctl->cond);
		pthread_mutex_unlock(&ctl->lock);
	}
	return down;
}

void
control_destroy(control_t **ctlp)
{
	control_t *ctl = *ctlp;
	*ctlp = NULL;
	if (ctl == NULL) {
		return;
	}
	pthread_mutex_lock(&ctl->lock);
	ctl->stopping = true;
	pthread_cond_broadcast(&ctl->cond);
	pthread_mutex_unlock(&ctl->lock);
	efd_signal(ctl->wakefd);
	if (ctl->started) {
		pthread_join(ctl->thread, NULL);
	}
	for (size_t i = 0; ctl->cur != NULL && i < ctl->cur->n; i++) {
		if (ctl->cur->eps[i]->is_unix) {
			(void)unlink(ctl->cur->eps[i]->text);
		}
	}
	set_free(&ctl->pending);
	set_free(&ctl->active);
	set_free(&ctl->cur);
	ditto_ccauth_replay_destroy(&ctl->replay);
	ditto_aclenv_destroy(&ctl->env);
	close(ctl->wakefd);
	close(ctl->mainfd);
	pthread_mutex_destroy(&ctl->lock);
	pthread_cond_destroy(&ctl->cond);
	ditto_free(ctl);
}

/* ---- ctlcmd.h: requests from commands (control thread) ---- */

ditto_result_t
ctl_reload(server_t *srv, bool reconfig_only, ditto_err_t *err)
{
	control_t *ctl = srv->ctl;
	ditto_result_t r = DITTO_R_FAILURE;
	pthread_mutex_lock(&ctl->lock);
	if (!ctl->stopping) {
		ctl->req = reconfig_only ? 2 : 1;
		ctl->req_done = false;
		efd_signal(ctl->mainfd);
		while (!ctl->req_done && !ctl->stopping) {
			pthread_cond_wait(&ctl->cond, &ctl->lock);
		}
		r = ctl->req_done ? ctl->req_res : DITTO_R_FAILURE;
	}
	pthread_mutex_unlock(&ctl->lock);
	if (r != DITTO_R_SUCCESS) {
		ditto_err_set(err, "%s", ditto_result_totext(r));
	}
	return r;
}

void
ctl_shutdown(server_t *srv, bool flush)
{
	srv->ctl->cmd_down = flush ? CONTROL_STOP : CONTROL_HALT;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The statistics channels: named's JSON and XML, and /metrics, over HTTP. */
/*
 * One libmicrohttpd daemon per `statistics-channels` inet entry, on a
 * socket this file binds (before privileges are dropped at start), with
 * STATSCHAN_THREADS internal epoll threads of its own. Nothing here runs
 * on a query worker, and nothing a worker waits for runs here:
 *
 *   accept   libmicrohttpd calls accept_policy() for every new
 *            connection: the channel's allow list (lib/acl) decides; a
 *            refused client is disconnected and logged ("rejected
 *            statistics connection from ..."), as named does;
 *   request  libmicrohttpd reads and parses the request within
 *            STATSCHAN_REQ_MEMORY octets (a larger one is answered 431 or
 *            414 and closed), closes a connection idle for
 *            STATSCHAN_TIMEOUT seconds, and caps connections per channel
 *            and per client address; a slow client costs one socket and
 *            never a thread;
 *   answer   on_request() collects a copy of what the document shows
 *            (statsfmt.c: one rcu_read_lock() section, relaxed counter
 *            loads), renders it into memory and hands the buffer to
 *            libmicrohttpd, which writes it without blocking.
 *
 * liburcu: an HTTP thread registers itself on its first request (a
 * thread-local flag) and a pthread key destructor unregisters it when
 * libmicrohttpd ends the thread.
 *
 * Channels and reload: the main thread owns the channel list. A channel
 * kept across a reload gets its new allow list under its own mutex,
 * which only that channel's accept callback and the main thread take.
 */
#include "statschan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <urcu.h>

#include "acl/acl.h"
#include "acl/aclenv.h"
#include "util/assert.h"
#include "util/mem.h"

#include "log.h"
#include "server.h"
#include "statsfmt.h"
#include "statsprom.h"

/* One channel: an address, its socket and its HTTP daemon. */
typedef struct schan {
	struct sockaddr_storage ss; /*!< bound address */
	char text[80];              /*!< "127.0.0.1#8053" */
	struct MHD_Daemon *mhd;     /*!< the HTTP daemon, NULL: not open */
	const ditto_aclenv_t *env;  /*!< localhost / localnets (the set's) */
	pthread_mutex_t lock;       /*!< protects acl */
	ditto_acl_t *acl;           /*!< allow list (a reference) */
	server_t *srv;              /*!< the server */
} schan_t;

struct statschan {
	server_t *srv;       /*!< the server */
	ditto_aclenv_t *env; /*!< localhost / localnets */
	schan_t **ch;        /*!< open channels (main thread) */
	size_t n;            /*!< count */
};

/* ---- liburcu registration of libmicrohttpd's threads ---- */

static pthread_once_t rcu_once = PTHREAD_ONCE_INIT;
static pthread_key_t rcu_key;
static _Thread_local bool rcu_registered;

static void
rcu_key_done(void *arg)
{
	(void)arg;
	rcu_unregister_thread();
}

static void
rcu_key_init(void)
{
	if (pthread_key_create(&rcu_key, rcu_key_done) != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "statistics channel: pthread_key_create failed");
		abort();
	}
}

static void
rcu_ensure(void)
{
	if (!rcu_registered) {
		(void)pthread_once(&rcu_once, rcu_key_init);
		rcu_register_thread();
		(void)pthread_setspecific(rcu_key, &rcu_registered);
		rcu_registered = true;
	}
}

/* ---- routes ---- */

typedef enum route_kind { R_JSON, R_XML, R_PROM } route_kind_t;

typedef struct route {
	const char *path;  /*!< exact path */
	route_kind_t kind; /*!< document */
	sfpart_t part;     /*!< part of it */
} route_t;

/* named's paths (its trailing-slash variants too) and /metrics. */
static const route_t routes[] = {
	{ "/", R_XML, SF_ALL },
	{ "/xml", R_XML, SF_ALL },
	{ "/xml/v3", R_XML, SF_ALL },
	{ "/xml/v3/", R_XML, SF_ALL },
	{ "/xml/v3/server", R_XML, SF_SERVER },
	{ "/xml/v3/zones", R_XML, SF_ZONES },
	{ "/xml/v3/net", R_XML, SF_NET },
	{ "/xml/v3/mem", R_XML, SF_MEM },
	{ "/xml/v3/tasks", R_XML, SF_TASKS },
	{ "/xml/v3/traffic", R_XML, SF_TRAFFIC },
	{ "/xml/v3/status", R_XML, SF_STATUS },
	{ "/json", R_JSON, SF_ALL },
	{ "/json/v1", R_JSON, SF_ALL },
	{ "/json/v1/", R_JSON, SF_ALL },
	{ "/json/v1/server", R_JSON, SF_SERVER },
	{ "/json/v1/zones", R_JSON, SF_ZONES },
	{ "/json/v1/net", R_JSON, SF_NET },
	{ "/json/v1/mem", R_JSON, SF_MEM },
	{ "/json/v1/tasks", R_JSON, SF_TASKS },
	{ "/json/v1/traffic", R_JSON, SF_TRAFFIC },
	{ "/json/v1/status", R_JSON, SF_STATUS },
	{ "/metrics", R_PROM, SF_ALL },
};

static const route_t *
route_find(const char *url)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(routes[i].path, url) == 0) {
			return &routes[i];
		}
	}
	return NULL;
}

/* ---- requests (libmicrohttpd's threads) ---- */

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned int code, const char *ctype,
      char *body, size_t len, bool owned)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	        len, body,
	        owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		if (owned) {
			free(body);
		}
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	                              "no-cache");
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_PRAGMA, "no-cache");
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED) {
		(void)MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
		                              "GET, HEAD");
	}
	enum MHD_Result ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_static(struct MHD_Connection *conn, unsigned int code, const char *text)
{
	return reply(conn, code, "text/plain", (char *)(uintptr_t)text,
	             strlen(text), false);
}

/* Render \a rt into a malloc'ed buffer (libmicrohttpd frees it). */
static bool
render(server_t *srv, const route_t *rt, char **bufp, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (out == NULL) {
		return false;
	}
	rcu_ensure();
	if (rt->kind == R_PROM) {
		statsprom_render(srv, out);
	} else {
		sfdata_t d;
		sf_collect(srv, &d);
		if (rt->kind == R_JSON) {
			statsjson_render(&d, rt->part, out);
		} else {
			statsxml_render(&d, rt->part, out);
		}
		sf_clear(&d);
	}
	if (fclose(out) != 0) {
		free(buf);
		return false;
	}
	*bufp = buf;
	*lenp = len;
	return true;
}

static const char *
content_type(route_kind_t kind)
{
	switch (kind) {
	case R_JSON:
		return "application/json";
	case R_XML:
		return "text/xml";
	case R_PROM:
	default:
		return STATSPROM_CONTENT_TYPE;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **con_cls)
{
	schan_t *ch = cls;
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		return reply_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		                    "Method not allowed.\r\n");
	}
	const route_t *rt = route_find(url);
	if (rt == NULL) {
		return reply_static(conn, MHD_HTTP_NOT_FOUND,
		                    "No such URL.\r\n");
	}
	char *buf = NULL;
	size_t len = 0;
	if (!render(ch->srv, rt, &buf, &len)) {
		return reply_static(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                    "Internal error.\r\n");
	}
	return reply(conn, MHD_HTTP_OK, content_type(rt->kind), buf, len, true);
}

static void
peer_text(const struct sockaddr *sa, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		port = ntohs(s4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		port = ntohs(s6->sin6_port);
	}
	snprintf(buf, size, "%s#%u", a, port);
}

static enum MHD_Result
accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	schan_t *ch = cls;
	(void)addrlen;
	pthread_mutex_lock(&ch->lock);
	bool ok = ch->acl == NULL ||
	          ditto_acl_matchsockaddr(ch->acl, ch->env, addr, NULL, NULL) ==
	                  DITTO_ACL_ALLOW;
	pthread_mutex_unlock(&ch->lock);
	if (!ok) {
		char peer[80];
		peer_text(addr, peer, sizeof(peer));
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "rejected statistics connection from %s", peer);
	}
	return ok ? MHD_YES : MHD_NO;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (log_wouldlog_debug(3)) {
		char buf[256];
		vsnprintf(buf, sizeof(buf), fmt, ap);
		size_t len = strlen(buf);
		while (len > 0 && buf[len - 1] == '\n') {
			buf[--len] = '\0';
		}
		log_writedebug(3, LOG_CAT_GENERAL, "statistics channel: %s",
		               buf);
	}
}

/* ---- channels (main thread) ---- */

static void
chan_setacl(schan_t *ch, ditto_acl_t *acl)
{
	ditto_acl_t *old;
	pthread_mutex_lock(&ch->lock);
	old = ch->acl;
	ch->acl = NULL;
	if (acl != NULL) {
		ditto_acl_attach(acl, &ch->acl);
	}
	pthread_mutex_unlock(&ch->lock);
	if (old != NULL) {
		ditto_acl_detach(&old);
	}
}

static void
chan_free(schan_t **chp)
{
	schan_t *ch = *chp;
	*chp = NULL;
	if (ch->mhd != NULL) {
		MHD_stop_daemon(ch->mhd); /* joins; closes the socket */
	}
	chan_setacl(ch, NULL);
	pthread_mutex_destroy(&ch->lock);
	ditto_free(ch);
}

static void
chan_address(schan_t *ch, const ditto_config_statschan_t *cs)
{
	memset(&ch->ss, 0, sizeof(ch->ss));
	char a[INET6_ADDRSTRLEN] = "0.0.0.0";
	uint16_t port = cs->port != 0 ? cs->port : 80;
	if (cs->addr.len != 0 && cs->addr.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)&ch->ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, cs->addr.addr, 16);
		s6->sin6_port = htons(port);
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
	} else {
		struct sockaddr_in *s4 = (void *)&ch->ss;
		s4->sin_family = AF_INET;
		if (cs->addr.len != 0) {
			memcpy(&s4->sin_addr, cs->addr.addr, 4);
		}
		s4->sin_port = htons(port);
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
	}
	snprintf(ch->text, sizeof(ch->text), "%s#%u", a, port);
}

static int
chan_bind(const schan_t *ch)
{
	int fam = ch->ss.ss_family;
	int fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int on = 1;
	if (fd < 0) {
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (fam == AF_INET6) {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		                 sizeof(on));
	}
	socklen_t len = fam == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                : sizeof(struct sockaddr_in);
	if (bind(fd, (const struct sockaddr *)&ch->ss, len) != 0 ||
	    listen(fd, 64) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static bool
chan_start(schan_t *ch)
{
	int fd = chan_bind(ch);
	if (fd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "couldn't allocate statistics channel %s: %s",
		          ch->text, strerror(errno));
		return false;
	}
	ch->mhd = MHD_start_daemon(
	        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0,
	        accept_policy, ch, on_request, ch, MHD_OPTION_EXTERNAL_LOGGER,
	        mhd_log, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
	        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)STATSCHAN_THREADS,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)STATSCHAN_MAXCONNS,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	        (unsigned int)STATSCHAN_MAXCONNS_PER_IP,
	        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)STATSCHAN_TIMEOUT,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	        (size_t)STATSCHAN_REQ_MEMORY, MHD_OPTION_END);
	if (ch->mhd == NULL) {
		close(fd);
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "couldn't allocate statistics channel %s: "
		          "HTTP server failed to start",
		          ch->text);
		return false;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE,
	          "statistics channel listening on %s", ch->text);
	return true;
}

statschan_t *
statschan_create(server_t *srv)
{
	statschan_t *sc = ditto_calloc(1, sizeof(*sc));
	ditto_err_t err = { 0 };
	sc->srv = srv;
	ditto_aclenv_create(&sc->env);
	if (ditto_aclenv_loadsystem(sc->env, &err) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "statistics channel: interface addresses: %s",
		          err.msg);
	}
	return sc;
}

/* The open channel of \a text, or NULL; taken out of sc->ch. */
static schan_t *
take_open(statschan_t *sc, const char *text)
{
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->ch[i] != NULL && strcmp(sc->ch[i]->text, text) == 0) {
			schan_t *ch = sc->ch[i];
			sc->ch[i] = NULL;
			return ch;
		}
	}
	return NULL;
}

/* Keep, or open, the channel of \a cs; NULL when it failed. */
static schan_t *
chan_for(statschan_t *sc, const ditto_config_statschan_t *cs)
{
	schan_t *ch = ditto_calloc(1, sizeof(*ch));
	chan_address(ch, cs);
	schan_t *old = take_open(sc, ch->text);
	if (old != NULL) {
		ditto_free(ch);
		chan_setacl(old, cs->allow.acl);
		return old;
	}
	ch->srv = sc->srv;
	ch->env = sc->env;
	pthread_mutex_init(&ch->lock, NULL);
	chan_setacl(ch, cs->allow.acl);
	if (!chan_start(ch)) {
		chan_free(&ch);
	}
	return ch;
}

void
statschan_configure(statschan_t *sc, const ditto_config_t *cfg)
{
	REQUIRE(sc != NULL && cfg != NULL);
	size_t want = 0;
	for (const ditto_config_statschan_t *cs = cfg->statschans; cs != NULL;
	     cs = cs->next) {
		want++;
	}
	schan_t **next = ditto_calloc(want > 0 ? want : 1, sizeof(*next));
	size_t n = 0;
	for (const ditto_config_statschan_t *cs = cfg->statschans; cs != NULL;
	     cs = cs->next) {
		schan_t *ch = chan_for(sc, cs);
		if (ch != NULL) {
			next[n++] = ch;
		}
	}
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->ch[i] != NULL) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE,
			          "stopping statistics channel on %s",
			          sc->ch[i]->text);
			chan_free(&sc->ch[i]);
		}
	}
	ditto_free(sc->ch);
	sc->ch = next;
	sc->n = n;
}

void
statschan_destroy(statschan_t **scp)
{
	statschan_t *sc = *scp;
	if (sc == NULL) {
		return;
	}
	*scp = NULL;
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->ch[i] != NULL) {
			chan_free(&sc->ch[i]);
		}
	}
	ditto_free(sc->ch);
	ditto_aclenv_destroy(&sc->env);
	ditto_free(sc);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's logging: channel sets, line formatting, the query log queue. */
/*
 * DESIGN
 *
 * The current channel set (log_set_t: channels + the channels of every
 * category) is a pointer guarded by a writer-preferring rwlock. A line is
 * formatted on the calling thread into a stack buffer, then, under the
 * read lock, handed to each channel of its category that admits its
 * severity: a file channel is appended to under the channel's mutex (and
 * rolled there), stderr gets one write(2), syslog one syslog(3).
 * log_configure() builds the next set off to the side (files opened),
 * takes the write lock only to swap the pointer, and closes the old set
 * after releasing it; nothing is logged while the write lock is held.
 *
 * Query lines (the only high-rate ones) must never block a query worker:
 * log_query() formats the line, stamps the time and puts it on a bounded
 * multi-producer ring (sequence numbers per slot, one CAS per line, at
 * most QRING_TRIES attempts). When the ring is full the line is dropped
 * and counted. One writer thread drains the ring and writes the lines as
 * log_write() does, with their own time; it sleeps in poll() on an
 * eventfd that a producer signals only when the writer said it sleeps.
 * The writer reports drops as "N query log messages dropped".
 *
 * Lock order: set rwlock (read) -> channel mutex. No other lock.
 */
#include "log.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "parser/config.h"
#include "util/mem.h"

#include "log_p.h"

static const char *const catnames[LOG_CAT_NR] = {
	[LOG_CAT_GENERAL] = "general",
	[LOG_CAT_CONFIG] = "config",
	[LOG_CAT_NETWORK] = "network",
	[LOG_CAT_QUERIES] = "queries",
	[LOG_CAT_SECURITY] = "security",
	[LOG_CAT_ZONE] = "general",
	[LOG_CAT_NOTIFY] = "notify",
	[LOG_CAT_XFER_IN] = "xfer-in",
	[LOG_CAT_XFER_OUT] = "xfer-out",
	[LOG_CAT_QUERY_ERRORS] = "query-errors",
	[LOG_CAT_LAME_SERVERS] = "lame-servers",
	[LOG_CAT_UNMATCHED] = "unmatched",
	[LOG_CAT_EDNS_DISABLED] = "edns-disabled",
	[LOG_CAT_UPDATE] = "update",
	[LOG_CAT_UPDATE_SECURITY] = "update-security",
	[LOG_CAT_ZONELOAD] = "zoneload",
	[LOG_CAT_CLIENT] = "client",
	[LOG_CAT_DNSSEC] = "dnssec",
	[LOG_CAT_DATABASE] = "database",
	[LOG_CAT_RATE_LIMIT] = "rate-limit",
};

static pthread_rwlock_t setlock; /*!< protects cur */
static log_set_t *cur;           /*!< the channel set in use */
static bool use_stderr = true;   /*!< -g (log_init) */
static atomic_uint debug_level;
static atomic_int static_debug; /*!< highest `severity debug N` in use */
static atomic_bool mirror;
static atomic_bool querylog;

const char *
log__catname(log_category_t cat)
{
	return cat < LOG_CAT_NR ? catnames[cat] : "general";
}

log_category_t
log__catbyname(const char *name)
{
	for (int i = 0; i < LOG_CAT_NR; i++) {
		if (i != LOG_CAT_ZONE && strcmp(catnames[i], name) == 0) {
			return (log_category_t)i;
		}
	}
	return LOG_CAT_NR;
}

int
log__sev(log_level_t level, unsigned int dlevel)
{
	if (level >= LOG_LVL_DEBUG) {
		return dlevel == 0 ? 1 : (int)(dlevel > 99 ? 99 : dlevel);
	}
	if (level < LOG_LVL_CRITICAL) {
		return LOG_SEV_CRITICAL;
	}
	return (int)level - (int)LOG_LVL_INFO + LOG_SEV_INFO;
}

static const char *
sevname(int sev)
{
	static const char *const names[] = { "critical", "error", "warning",
		                             "notice", "info" };
	return names[sev - LOG_SEV_CRITICAL];
}

static int
syslog_prio(int sev)
{
	return sev > 0 ? LOG_DEBUG : sev - LOG_SEV_INFO + LOG_INFO;
}

/* ---- formatting ---- */

static size_t
clampn(int n, size_t room)
{
	if (n < 0) {
		return 0;
	}
	return (size_t)n < room ? (size_t)n : (room > 0 ? room - 1 : 0);
}

static size_t
timetext(log_timefmt_t fmt, const struct timeval *tv, char *buf, size_t size)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr",
		                             "May", "Jun", "Jul", "Aug",
		                             "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	time_t t = tv->tv_sec;
	long ms = (long)(tv->tv_usec / 1000);
	int n;
	if (fmt == LOG_TIME_ISO8601_UTC) {
		gmtime_r(&t, &tm);
	} else {
		localtime_r(&t, &tm);
	}
	if (fmt == LOG_TIME_LOCAL) {
		n = snprintf(buf, size, "%02d-%s-%04d %02d:%02d:%02d.%03ld ",
		             tm.tm_mday, mon[tm.tm_mon % 12], tm.tm_year + 1900,
		             tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
	} else {
		n = snprintf(buf, size,
		             "%04d-%02d-%02dT%02d:%02d:%02d.%03ld%s ",
		             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		             tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
		             fmt == LOG_TIME_ISO8601_UTC ? "Z" : "");
	}
	return clampn(n, size);
}

size_t
log__prefix(const log_channel_t *ch, log_category_t cat, int sev,
            const struct timeval *tv, char *buf, size_t size)
{
	size_t pos = 0;
	buf[0] = '\0';
	if (ch->ptime != LOG_TIME_NONE && ch->dest != LOG_DEST_SYSLOG) {
		pos += timetext(ch->ptime, tv, buf, size);
	}
	if (ch->pcat) {
		pos += clampn(snprintf(buf + pos, size - pos,
		                       "%s: ", log__catname(cat)),
		              size - pos);
	}
	if (ch->psev) {
		int n = sev > 0 ? snprintf(buf + pos, size - pos,
		                           "debug %d: ", sev)
		                : snprintf(buf + pos, size - pos,
		                           "%s: ", sevname(sev));
		pos += clampn(n, size - pos);
	}
	return pos;
}

/* ---- channels ---- */

log_channel_t *
log__channel_create(const char *name)
{
	log_channel_t *ch = ditto_calloc(1, sizeof(*ch));
	ch->name = ditto_strdup(name);
	ch->fd = -1;
	ch->sev = LOG_SEV_INFO;
	ch->facility = LOG_DAEMON;
	pthread_mutex_init(&ch->lock, NULL);
	return ch;
}

static void
channel_destroy(log_channel_t *ch)
{
	if (ch->fd >= 0) {
		close(ch->fd);
	}
	pthread_mutex_destroy(&ch->lock);
	ditto_free(ch->name);
	ditto_free(ch->path);
	ditto_free(ch);
}

void
log__set_destroy(log_set_t **setp)
{
	log_set_t *set = *setp;
	if (set == NULL) {
		return;
	}
	*setp = NULL;
	for (size_t i = 0; i < set->nchans; i++) {
		channel_destroy(set->chans[i]);
	}
	for (int c = 0; c < LOG_CAT_NR; c++) {
		ditto_free(set->cat[c]);
	}
	ditto_free(set->chans);
	ditto_free(set);
}

void
log__set_finish(log_set_t *set)
{
	set->maxsev = LOG_SEV_CRITICAL;
	for (int c = 0; c < LOG_CAT_NR; c++) {
		for (log_channel_t **p = set->cat[c]; p != NULL && *p != NULL;
		     p++) {
			if (!(*p)->dynamic && (*p)->dest != LOG_DEST_NULL &&
			    (*p)->sev > set->maxsev) {
				set->maxsev = (*p)->sev;
			}
		}
	}
}

static bool
admits(const log_channel_t *ch, int sev, unsigned int dl)
{
	if (ch->dest == LOG_DEST_NULL || (ch->debugonly && dl == 0)) {
		return false;
	}
	return sev <= (ch->dynamic ? (int)dl : ch->sev);
}

/* One channel, one line: \a msg is the text without prefix. */
static void
channel_write(log_channel_t *ch, log_category_t cat, int sev,
              const struct timeval *tv, const char *msg, size_t mlen)
{
	char line[2304];
	size_t pos = log__prefix(ch, cat, sev, tv, line, 256);
	size_t room = sizeof(line) - pos - 2;
	if (mlen > room) {
		mlen = room;
	}
	memcpy(line + pos, msg, mlen);
	pos += mlen;
	switch (ch->dest) {
	case LOG_DEST_SYSLOG:
		line[pos] = '\0';
		syslog(ch->facility | syslog_prio(sev), "%s", line);
		break;
	case LOG_DEST_STDERR: {
		line[pos++] = '\n';
		ssize_t w = write(STDERR_FILENO, line, pos);
		(void)w;
		break;
	}
	case LOG_DEST_FILE:
		line[pos++] = '\n';
		log__file_write(ch, line, pos);
		break;
	default:
		break;
	}
}

/* The mirror of startup errors (-f/daemon mode) in -g's shape. */
static void
mirror_write(log_category_t cat, int sev, const struct timeval *tv,
             const char *msg, size_t mlen)
{
	log_channel_t ch = { .dest = LOG_DEST_STDERR,
		             .ptime = LOG_TIME_LOCAL,
		             .pcat = true,
		             .psev = true };
	channel_write(&ch, cat, sev, tv, msg, mlen);
}

static void
emit(log_category_t cat, int sev, const struct timeval *tv, const char *msg,
     size_t mlen)
{
	unsigned int dl = log_debuglevel();
	bool to_stderr = false;
	if (cat >= LOG_CAT_NR) {
		cat = LOG_CAT_GENERAL;
	}
	pthread_rwlock_rdlock(&setlock);
	for (log_channel_t **p = cur != NULL ? cur->cat[cat] : NULL;
	     p != NULL && *p != NULL; p++) {
		if (admits(*p, sev, dl)) {
			to_stderr |= (*p)->dest == LOG_DEST_STDERR;
			channel_write(*p, cat, sev, tv, msg, mlen);
		}
	}
	pthread_rwlock_unlock(&setlock);
	if (!to_stderr && sev <= log__sev(LOG_LVL_ERROR, 0) &&
	    atomic_load(&mirror)) {
		mirror_write(cat, sev, tv, msg, mlen);
	}
}

/* ---- the public facade ---- */

static void
set_install(log_set_t *set)
{
	log_set_t *old;
	log__set_finish(set);
	pthread_rwlock_wrlock(&setlock);
	old = cur;
	cur = set;
	pthread_rwlock_unlock(&setlock);
	atomic_store(&static_debug, set->maxsev);
	log__set_destroy(&old);
}

void
log_init(const char *progname, bool to_stderr, unsigned int debuglevel)
{
	static bool once;
	if (!once) {
		pthread_rwlockattr_t a;
		pthread_rwlockattr_init(&a);
		pthread_rwlockattr_setkind_np(
		        &a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&setlock, &a);
		pthread_rwlockattr_destroy(&a);
		once = true;
	}
	use_stderr = to_stderr;
	atomic_store(&debug_level, debuglevel);
	if (!to_stderr) {
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	}
	set_install(to_stderr ? log__set_stderr() : log__set_default());
}

void
log_tosyslog(void)
{
	if (use_stderr) {
		openlog("dittod", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		use_stderr = false;
		set_install(log__set_default());
	}
}

void
log_mirror_errors(bool on)
{
	atomic_store(&mirror, on);
}

unsigned int
log_debuglevel(void)
{
	return atomic_load_explicit(&debug_level, memory_order_relaxed);
}

void
log_setdebuglevel(unsigned int level)
{
	atomic_store_explicit(&debug_level, level, memory_order_relaxed);
}

bool
log_wouldlog_debug(unsigned int level)
{
	return level <= log_debuglevel() ||
	       (int)level <= atomic_load_explicit(&static_debug,
	                                          memory_order_relaxed);
}

bool
log_querylog(void)
{
	return atomic_load_explicit(&querylog, memory_order_relaxed);
}

void
log_setquerylog(bool on)
{
	atomic_store_explicit(&querylog, on, memory_order_relaxed);
}

static void vwrite_line(log_category_t cat, log_level_t level,
                        unsigned int dlevel, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));

static void
vwrite_line(log_category_t cat, log_level_t level, unsigned int dlevel,
            const char *fmt, va_list ap)
{
	char msg[2048];
	struct timeval tv;
	int sev = log__sev(level, dlevel);
	if (sev > 0 && !log_wouldlog_debug((unsigned int)sev)) {
		return;
	}
	gettimeofday(&tv, NULL);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	emit(cat, sev, &tv, msg, clampn(n, sizeof(msg)));
}

void
log_vwrite(log_category_t cat, log_level_t level, const char *fmt, va_list ap)
{
	vwrite_line(cat, level, 0, fmt, ap);
}

void
log_writedebug(unsigned int dlevel, log_category_t cat, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwrite_line(cat, LOG_LVL_DEBUG, dlevel, fmt, ap);
	va_end(ap);
}

void
log_write(log_category_t cat, log_level_t level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vwrite(cat, level, fmt, ap);
	va_end(ap);
}

/* ---- the query log ring and its writer ---- */

#define QRING_SLOTS 4096 /* power of two */
#define QRING_TEXT  1200 /* two names of 1004 escaped chars may not fit */
#define QRING_TRIES 64

typedef struct qslot {
	atomic_size_t seq;     /*!< Vyukov sequence */
	struct timeval tv;     /*!< time of the query */
	uint16_t len;          /*!< text length */
	char text[QRING_TEXT]; /*!< the line without prefix */
} qslot_t;

static struct {
	qslot_t *ring;        /*!< QRING_SLOTS slots */
	atomic_size_t head;   /*!< next enqueue position */
	size_t tail;          /*!< next dequeue (writer only) */
	atomic_bool sleeping; /*!< the writer waits in poll() */
	atomic_bool stop;     /*!< writer: drain and exit */
	atomic_uint_fast64_t dropped, unreported;
	int efd;          /*!< eventfd waking the writer */
	pthread_t thread; /*!< the writer */
	bool running;     /*!< thread started (main thread only) */
} q = { .efd = -1 };

uint64_t
log_query_dropped(void)
{
	return atomic_load(&q.dropped);
}

static void
drop(void)
{
	atomic_fetch_add_explicit(&q.dropped, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&q.unreported, 1, memory_order_relaxed);
}

static int
query_text(const log_query_t *x, char *buf, size_t size)
{
	bool view = x->view != NULL && strcmp(x->view, "_default") != 0 &&
	            strcmp(x->view, "_bind") != 0;
	return snprintf(buf, size,
	                "client @%p %s%s%s (%s)%s%s: query: %s %s %s %s (%s)",
	                x->id, x->client, x->signer != NULL ? "/key " : "",
	                x->signer != NULL ? x->signer : "", x->qname,
	                view ? ": view " : "", view ? x->view : "", x->qname,
	                x->qclass, x->qtype, x->flags, x->dest);
}

/* Claim a slot; NULL when the ring is full (or contended too long). */
static qslot_t *
ring_claim(size_t *posp)
{
	size_t pos = atomic_load_explicit(&q.head, memory_order_relaxed);
	for (int i = 0; i < QRING_TRIES; i++) {
		qslot_t *s = &q.ring[pos & (QRING_SLOTS - 1)];
		size_t seq =
		        atomic_load_explicit(&s->seq, memory_order_acquire);
		intptr_t diff = (intptr_t)seq - (intptr_t)pos;
		if (diff == 0) {
			if (atomic_compare_exchange_weak_explicit(
			            &q.head, &pos, pos + 1,
			            memory_order_relaxed,
			            memory_order_relaxed)) {
				*posp = pos;
				return s;
			}
		} else if (diff < 0) {
			return NULL;
		} else {
			pos = atomic_load_explicit(&q.head,
			                           memory_order_relaxed);
		}
	}
	return NULL;
}

void
log_query(const log_query_t *x)
{
	char text[QRING_TEXT];
	struct timeval tv;
	gettimeofday(&tv, NULL);
	size_t len = clampn(query_text(x, text, sizeof(text)), sizeof(text));
	if (q.ring == NULL) { /* no writer (tools, tests): write here */
		emit(LOG_CAT_QUERIES, LOG_SEV_INFO, &tv, text, len);
		return;
	}
	size_t pos;
	qslot_t *s = ring_claim(&pos);
	if (s == NULL) {
		drop();
		return;
	}
	s->tv = tv;
	s->len = (uint16_t)len;
	memcpy(s->text, text, len);
	atomic_store_explicit(&s->seq, pos + 1, memory_order_release);
	if (atomic_load_explicit(&q.sleeping, memory_order_relaxed) &&
	    atomic_exchange(&q.sleeping, false)) {
		uint64_t one = 1;
		ssize_t w = write(q.efd, &one, sizeof(one));
		(void)w;
	}
}

/* Write out what is queued (at most one ring's worth); how many. */
static size_t
ring_drain(void)
{
	size_t n = 0;
	for (; n < QRING_SLOTS; n++) {
		qslot_t *s = &q.ring[q.tail & (QRING_SLOTS - 1)];
		size_t seq =
		        atomic_load_explicit(&s->seq, memory_order_acquire);
		if (seq != q.tail + 1) {
			break;
		}
		emit(LOG_CAT_QUERIES, LOG_SEV_INFO, &s->tv, s->text, s->len);
		atomic_store_explicit(&s->seq, q.tail + QRING_SLOTS,
		                      memory_order_release);
		q.tail++;
	}
	uint64_t d = atomic_exchange(&q.unreported, 0);
	if (d > 0) {
		log_write(LOG_CAT_QUERIES, LOG_LVL_WARNING,
		          "%llu query log messages dropped",
		          (unsigned long long)d);
	}
	return n;
}

static void *
writer_main(void *arg)
{
	(void)arg;
	for (;;) {
		if (ring_drain() > 0) {
			continue;
		}
		if (atomic_load(&q.stop)) {
			break;
		}
		atomic_store(&q.sleeping, true);
		if (ring_drain() > 0) { /* raced with a producer */
			atomic_store(&q.sleeping, false);
			continue;
		}
		struct pollfd p = { .fd = q.efd, .events = POLLIN };
		if (poll(&p, 1, 200) > 0) {
			uint64_t v;
			ssize_t r = read(q.efd, &v, sizeof(v));
			(void)r;
		}
		atomic_store(&q.sleeping, false);
	}
	return NULL;
}

static void
writer_start(void)
{
	if (q.running) {
		return;
	}
	q.efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q.efd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "query log writer: eventfd: %s; query lines are "
		          "written by the query threads",
		          strerror(errno));
		return;
	}
	qslot_t *ring = ditto_calloc(QRING_SLOTS, sizeof(*ring));
	for (size_t i = 0; i < QRING_SLOTS; i++) {
		atomic_init(&ring[i].seq, i);
	}
	q.ring = ring;
	atomic_store(&q.head, 0);
	q.tail = 0;
	atomic_store(&q.stop, false);
	if (pthread_create(&q.thread, NULL, writer_main, NULL) != 0) {
		q.ring = NULL;
		ditto_free(ring);
		close(q.efd);
		q.efd = -1;
		return;
	}
	q.running = true;
}

static void
writer_stop(void)
{
	if (!q.running) {
		return;
	}
	atomic_store(&q.stop, true);
	uint64_t one = 1;
	ssize_t w = write(q.efd, &one, sizeof(one));
	(void)w;
	pthread_join(q.thread, NULL);
	q.running = false;
	ditto_free(q.ring);
	q.ring = NULL;
	close(q.efd);
	q.efd = -1;
}

/* ---- configuration ---- */

ditto_result_t
log_configure(const struct ditto_config *cfg, bool first)
{
	char why[512];
	log_set_t *set = NULL;
	ditto_result_t result =
	        log__set_fromconfig(cfg, &set, why, sizeof(why));
	if (result != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR, "%s", why);
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "checking logging configuration failed: %s",
		          ditto_result_totext(result));
		return result;
	}
	bool querycat = set->querycat;
	if (use_stderr) {
		/* the files were opened (checked), as named does */
		log__set_destroy(&set);
		if (cfg->logging_set) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
			          "not using config file logging statement "
			          "for logging due to -g option");
		}
	} else {
		set_install(set);
	}
	if (first) {
		log_setquerylog(cfg->querylog >= 0 ? cfg->querylog == 1
		                                   : querycat);
	}
	writer_start();
	return DITTO_R_SUCCESS;
}

void
log_shutdown(void)
{
	writer_stop();
	set_install(use_stderr ? log__set_stderr() : log__set_default());
}

char *
log_query_flags(char *buf, size_t size, bool rd, bool is_signed,
                int edns_version, bool tcp, bool dnssec_ok, bool cd,
                bool cookie_valid, bool cookie_sent)
{
	char edns[16] = "";
	if (edns_version >= 0) {
		snprintf(edns, sizeof(edns), "E(%d)", edns_version);
	}
	snprintf(buf, size, "%c%s%s%s%s%s%s", rd ? '+' : '-',
	         is_signed ? "S" : "", edns, tcp ? "T" : "",
	         dnssec_ok ? "D" : "", cd ? "C" : "",
	         cookie_valid  ? "V"
	         : cookie_sent ? "K"
	                       : "");
	return buf;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Secondary zones on disk: zone file + journal + timers, crash-safe. */
/*
 * Policy over lib/zone/journal.h and lib/zone/timers.h: when to write the
 * whole zone file and when to append to the journal, when to fold, how
 * the timers at start are found (timers file, else the zone file's mtime
 * as BIND does), and what is logged.
 *
 * p->journal is non-NULL only while the journal on disk continues the
 * zone file on disk (ditto_journal_bound()); then an IXFR is an append.
 * Otherwise the next commit writes the zone file and a new journal.
 */
#include "persist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/mem.h"
#include "xfr/refresh.h"
#include "zone/node.h"
#include "zone/rrset.h"

#include "log.h"
#include "zoneload.h"

struct persist {
	char *file;                  /*!< zone file */
	char *jpath;                 /*!< <file>.dj */
	char *tpath;                 /*!< <file>.dt */
	char *zonetext;              /*!< for logs */
	ditto_name_storage_t origin; /*!< zone origin */
	uint16_t rclass;             /*!< class */
	uint64_t max_journal_size;   /*!< 0: default */
	uint32_t max_entries;        /*!< entries before a fold */
	uint64_t max_records;        /*!< max-records, 0: none */
	ditto_journal_t *journal;    /*!< bound journal, or NULL */
	uint64_t folded_seq;         /*!< seq in the zone file's mark */
	uint64_t zone_size;          /*!< zone file size at its last write */
	/* background writes (persist.h, "Publish first, write after") */
	pthread_mutex_t lock;    /*!< protects the fields below */
	bool queued;             /*!< on the dumper's queue */
	bool full_pending;       /*!< the files lag behind `latest`: a
	                              full write is owed; the journal is
	                              not appended to meanwhile */
	ditto_version_t *latest; /*!< the version to write (a reference) */
	bool timers_pending;     /*!< `timers` are to be written */
	ditto_timers_t timers;   /*!< the latest timers */
	ditto_version_t *sync_version; /*!< rndc sync: fold the journal
	                                    up to this version (a
	                                    reference), NULL: none asked */
	bool sync_clean;               /*!< ... and keep no history */
	pthread_mutex_t jlock;         /*!< the journal handle while no
	                                    full write is owed: the job's
	                                    appends and folds, the dumper's
	                                    rndc sync (held across I/O) */
};

static char *
suffixed(const char *file, const char *suffix)
{
	size_t a = strlen(file), b = strlen(suffix);
	char *s = ditto_malloc(a + b + 1);
	memcpy(s, file, a);
	memcpy(s + a, suffix, b + 1);
	return s;
}

void
persist_create(const persist_opts_t *opts, persist_t **pp)
{
	REQUIRE(opts != NULL && opts->file != NULL && opts->origin != NULL);
	REQUIRE(pp != NULL && *pp == NULL);
	persist_t *p = ditto_calloc(1, sizeof(*p));
	p->file = ditto_strdup(opts->file);
	p->jpath = suffixed(opts->file, DITTO_JOURNAL_SUFFIX);
	p->tpath = suffixed(opts->file, ".dt");
	p->zonetext = ditto_strdup(opts->zonetext != NULL ? opts->zonetext
	                                                  : opts->file);
	ditto_name_copy(p->origin, opts->origin);
	p->rclass = opts->rclass != 0 ? opts->rclass : DITTO_CLASS_IN;
	p->max_journal_size = opts->max_journal_size;
	p->max_entries = opts->max_entries != 0 ? opts->max_entries
	                                        : PERSIST_DEFAULT_MAX_ENTRIES;
	p->max_records = opts->max_records;
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->jlock, NULL);
	*pp = p;
}

void
persist_destroy(persist_t **pp)
{
	REQUIRE(pp != NULL);
	persist_t *p = *pp;
	if (p == NULL) {
		return;
	}
	ditto_journal_close(&p->journal);
	ditto_version_detach(&p->latest);
	ditto_version_detach(&p->sync_version);
	pthread_mutex_destroy(&p->lock);
	pthread_mutex_destroy(&p->jlock);
	ditto_free(p->file);
	ditto_free(p->jpath);
	ditto_free(p->tpath);
	ditto_free(p->zonetext);
	ditto_free(p);
	*pp = NULL;
}

const char *
persist_journal_path(const persist_t *p)
{
	return p->jpath;
}

const char *
persist_timers_path(const persist_t *p)
{
	return p->tpath;
}

int64_t
persist_wall_to_clock(int64_t wall, int64_t wall_now, int64_t clock_now)
{
	return wall == 0 ? 0 : clock_now + (wall - wall_now);
}

/* --- helpers --------------------------------------------------------- */

static uint64_t
journal_limit(const persist_t *p)
{
	uint64_t lim = p->max_journal_size;
	if (lim == 0) {
		lim = 2 * p->zone_size;
		if (lim < PERSIST_MIN_JOURNAL_SIZE) {
			lim = PERSIST_MIN_JOURNAL_SIZE;
		}
	}
	if (lim < 4096) {
		lim = 4096; /* as BIND rounds tiny values up */
	}
	return lim > PERSIST_MAX_JOURNAL_SIZE ? PERSIST_MAX_JOURNAL_SIZE : lim;
}

static void
note_zonefile(persist_t *p)
{
	struct stat st;
	if (stat(p->file, &st) == 0) {
		p->zone_size = (uint64_t)st.st_size;
	}
}

/*
 * Remove temporary files a crash left beside the zone file
 * ("<base>.tmp-XXXXXX", "<base>.dj.tmp-XXXXXX", "<base>.dt.tmp-XXXXXX",
 * made by ditto_dump_atomic()). Only at load: no writer runs then.
 */
static void
remove_temps(const persist_t *p)
{
	char *dcopy = ditto_strdup(p->file), *bcopy = ditto_strdup(p->file);
	const char *dir = dirname(dcopy), *base = basename(bcopy);
	static const char *const sfx[] = { ".tmp-", ".dj.tmp-", ".dt.tmp-" };
	size_t blen = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *de;
	/* Bounded by the directory's size. */
	while (d != NULL && (de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		if (strncmp(n, base, blen) != 0) {
			continue;
		}
		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
			size_t slen = strlen(sfx[i]);
			if (strlen(n) == blen + slen + 6 &&
			    strncmp(n + blen, sfx[i], slen) == 0 &&
			    unlinkat(dirfd(d), n, 0) == 0) {
				log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
				          "zone %s: removed stale temporary "
				          "file '%s/%s'",
				          p->zonetext, dir, n);
			}
		}
	}
	if (d != NULL) {
		closedir(d);
	}
	ditto_free(dcopy);
	ditto_free(bcopy);
}

/* The SOA timers of \a v (0 when it has none). */
static void
soa_timers(const ditto_version_t *v, persist_loaded_t *out)
{
	const ditto_node_t *apex = ditto_version_apex(v);
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t rdlen = 0;
	const uint8_t *rd =
	        soa != NULL ? ditto_rrset_rdata(soa, 0, &rdlen) : NULL;
	if (rd == NULL) {
		return;
	}
	/* Validated rdata: two uncompressed names, then five 32-bit fields. */
	size_t off = ditto_name_length(rd);
	off += ditto_name_length(rd + off);
	if (off + 20 > rdlen) {
		return;
	}
	out->refresh = ditto_read32(rd + off + 4);
	out->retry = ditto_read32(rd + off + 8);
	out->expire = ditto_read32(rd + off + 12);
}

/* The effective expire of the SOA timers, clamped as the zone manager
 * clamps them (xfr/refresh.h). */
static uint32_t
effective_expire(const persist_loaded_t *out)
{
	ditto_refresh_conf_t conf;
	ditto_refresh_t r;
	ditto_refresh_conf_init(&conf);
	ditto_refresh_init(&r, &conf, 0);
	ditto_refresh_settimers(&r, out->refresh, out->retry, out->expire);
	return r.expire;
}

/* --- load ------------------------------------------------------------ */

static void
journal_ignored(const persist_t *p, const char *why, persist_loaded_t *out)
{
	log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
	          "zone %s: journal file %s ignored: %s", p->zonetext, p->jpath,
	          why);
	out->journal_dropped = true;
}

/* Replay the journal bound by \a mark onto \a base; *vp gets the result. */
static void
load_journal(persist_t *p, const ditto_journal_mark_t *mark,
             ditto_version_t *base, ditto_version_t **vp, persist_loaded_t *out)
{
	ditto_err_t err = { 0 };
	ditto_journal_t *j = NULL;
	ditto_journal_info_t info;
	ditto_result_t r =
	        ditto_journal_open(p->jpath, p->origin, p->rclass, 0, &j, &err);
	if (r == DITTO_R_FILENOTFOUND) {
		ditto_version_attach(base, vp);
		return;
	}
	if (r != DITTO_R_SUCCESS) {
		journal_ignored(
		        p, err.msg[0] != 0 ? err.msg : ditto_result_totext(r),
		        out);
		ditto_version_attach(base, vp);
		return;
	}
	ditto_journal_getinfo(j, &info);
	if (info.truncated > 0) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: journal file %s: cut %llu bytes of "
		          "incomplete or damaged tail after seq %llu",
		          p->zonetext, p->jpath,
		          (unsigned long long)info.truncated,
		          (unsigned long long)info.last_seq);
	}
	uint64_t lastseq = mark->seq;
	uint32_t from = 0;
	(void)ditto_version_serial(base, &from);
	r = ditto_journal_replay(j, mark, base, vp, &out->replayed, &lastseq,
	                         &err);
	if (r == DITTO_R_NOTFOUND || r == DITTO_R_IOERROR) {
		journal_ignored(p, err.msg, out);
		ditto_journal_close(&j);
		ditto_version_attach(base, vp);
		return;
	}
	if (r == DITTO_R_FORMERR) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: journal rollforward stopped: %s; "
		          "dropping the rest of the journal",
		          p->zonetext, err.msg);
		if (ditto_journal_truncate(j, lastseq) != DITTO_R_SUCCESS) {
			ditto_journal_close(&j);
		}
	}
	uint32_t to = from;
	(void)ditto_version_serial(*vp, &to);
	if (out->replayed > 0) {
		log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
		          "zone %s: journal rollforward: %zu transactions, "
		          "serial %u -> %u",
		          p->zonetext, out->replayed, from, to);
	}
	p->journal = j;
	p->folded_seq = mark->seq;
}

/* Timers from the timers file, else from the zone file's mtime. */
static void
load_timers(persist_t *p, int64_t now, persist_loaded_t *out)
{
	ditto_err_t err = { 0 };
	struct stat st;
	ditto_result_t r = ditto_timers_load(p->tpath, &out->timers, &err);
	if (r == DITTO_R_SUCCESS && out->timers.expire_at != 0) {
		out->timers_from_file = true;
	} else {
		if (r != DITTO_R_SUCCESS && r != DITTO_R_FILENOTFOUND) {
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: timers file %s ignored: %s",
			          p->zonetext, p->tpath,
			          err.msg[0] != 0 ? err.msg
			                          : ditto_result_totext(r));
		}
		memset(&out->timers, 0, sizeof(out->timers));
		if (stat(p->file, &st) == 0) {
			out->timers.last_refresh = (int64_t)st.st_mtime;
			out->timers.expire_at =
			        (int64_t)st.st_mtime + effective_expire(out);
		}
	}
	out->expired =
	        out->timers.expire_at != 0 && now >= out->timers.expire_at;
	if (out->expired) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: expired while the server was down "
		          "(serial %u); not serving it until refreshed",
		          p->zonetext, out->serial);
	}
}

ditto_result_t
persist_load(persist_t *p, int64_t now, persist_loaded_t *out)
{
	REQUIRE(p != NULL && out != NULL);
	persist_loaded_t res = { 0 };
	ditto_version_t *base = NULL;
	ditto_journal_mark_t mark = { 0 };

	ditto_journal_close(&p->journal);
	remove_temps(p);
	ditto_result_t mr = ditto_journal_readmark(p->file, &mark);
	ditto_result_t r = zoneload_file(p->file, p->origin, p->rclass,
	                                 p->zonetext, false, &base);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (mr == DITTO_R_SUCCESS) {
		load_journal(p, &mark, base, &res.version, &res);
	} else {
		struct stat st;
		if (stat(p->jpath, &st) == 0) {
			journal_ignored(
			        p, "the zone file was not written by ditto",
			        &res);
		}
		ditto_version_attach(base, &res.version);
	}
	ditto_version_detach(&base);
	if (p->max_records != 0 &&
	    ditto_version_records(res.version) > p->max_records) {
		log_write(
		        LOG_CAT_ZONE, LOG_LVL_ERROR,
		        "zone %s: %llu records exceed max-records %llu; "
		        "not loaded",
		        p->zonetext,
		        (unsigned long long)ditto_version_records(res.version),
		        (unsigned long long)p->max_records);
		ditto_version_detach(&res.version);
		ditto_journal_close(&p->journal);
		return DITTO_R_FAILURE;
	}
	note_zonefile(p);
	(void)ditto_version_serial(res.version, &res.serial);
	soa_timers(res.version, &res);
	load_timers(p, now, &res);
	*out = res;
	return DITTO_R_SUCCESS;
}

/* --- commit ---------------------------------------------------------- */

static ditto_result_t
commit_full(persist_t *p, const ditto_version_t *version)
{
	ditto_journal_close(&p->journal);
	p->folded_seq = 0;
	ditto_result_t r =
	        ditto_journal_reset(p->jpath, p->file, version, &p->journal);
	if (r != DITTO_R_SUCCESS) {
		ditto_journal_close(&p->journal);
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: writing %s failed: %s", p->zonetext,
		          p->file, strerror(errno));
		return DITTO_R_IOERROR;
	}
	note_zonefile(p);
	return DITTO_R_SUCCESS;
}

static void
maybe_fold(persist_t *p, const ditto_version_t *version, bool force)
{
	ditto_journal_info_t info;
	ditto_journal_getinfo(p->journal, &info);
	uint64_t unfolded = info.last_seq - p->folded_seq;
	uint64_t limit = journal_limit(p);
	if (!(force && unfolded > 0) && unfolded < p->max_entries &&
	    info.size <= limit) {
		return;
	}
	ditto_result_t r =
	        ditto_journal_fold(p->journal, p->file, version, limit / 2);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: folding the journal into %s failed: %s",
		          p->zonetext, p->file, ditto_result_totext(r));
		/* The journal may now be unusable: the next commit writes
		 * the whole zone. */
		ditto_journal_close(&p->journal);
		return;
	}
	p->folded_seq = info.last_seq;
	note_zonefile(p);
	log_debug(1, LOG_CAT_ZONE,
	          "zone %s: journal folded into %s (%llu transactions)",
	          p->zonetext, p->file, (unsigned long long)unfolded);
}

/*
 * Append IXFR steps to the journal (each one fdatasync'ed). Requires: the
 * caller has the journal to itself. \return false when one failed (an
 * I/O error is logged): the caller writes the zone whole instead.
 */
static bool
append_steps(persist_t *p, const ditto_journal_step_t *steps, size_t nsteps)
{
	for (size_t i = 0; i < nsteps; i++) {
		ditto_result_t r =
		        ditto_journal_append(p->journal, &steps[i], NULL);
		if (r == DITTO_R_IOERROR) {
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: journal append to %s failed: %s; "
			          "writing the zone file",
			          p->zonetext, p->jpath, strerror(errno));
		}
		if (r != DITTO_R_SUCCESS) {
			return false;
		}
	}
	return true;
}

ditto_result_t
persist_commit(persist_t *p, const ditto_version_t *version,
               const ditto_journal_step_t *steps, size_t nsteps)
{
	REQUIRE(p != NULL && version != NULL);
	REQUIRE(!ditto_version_writable(version));
	if (steps == NULL || nsteps == 0 || p->journal == NULL) {
		return commit_full(p, version);
	}
	uint32_t serial = 0;
	(void)ditto_version_serial(version, &serial);
	if (steps[nsteps - 1].to != serial) {
		return commit_full(p, version);
	}
	if (!append_steps(p, steps, nsteps)) {
		return commit_full(p, version);
	}
	maybe_fold(p, version, false);
	return DITTO_R_SUCCESS;
}

/* --- publish first, write after ------------------------------------- */

/* Put \a p on the dumper's queue unless it is there. \return true when
 * the caller must queue it. Requires p->lock. */
static bool
claim(persist_t *p)
{
	if (p->queued) {
		return false;
	}
	p->queued = true;
	return true;
}

/* Owe a full write of \a version. Requires p->lock. */
static bool
owe_full(persist_t *p, ditto_version_t *version)
{
	ditto_version_detach(&p->latest);
	ditto_version_attach(version, &p->latest);
	p->full_pending = true;
	return claim(p);
}

bool
persist_commit_async(persist_t *p, ditto_version_t *version,
                     const ditto_journal_step_t *steps, size_t nsteps)
{
	REQUIRE(p != NULL && version != NULL);
	REQUIRE(!ditto_version_writable(version));
	uint32_t serial = 0;
	(void)ditto_version_serial(version, &serial);
	bool queue = false;
	pthread_mutex_lock(&p->lock);
	bool full = p->full_pending || steps == NULL || nsteps == 0 ||
	            p->journal == NULL || steps[nsteps - 1].to != serial;
	if (full) {
		queue = owe_full(p, version);
	}
	pthread_mutex_unlock(&p->lock);
	if (full) {
		return queue;
	}
	/* No full write is owed, so only an rndc sync on the dumper may touch
	 * the journal too: jlock, not the persist mutex, across the I/O. */
	pthread_mutex_lock(&p->jlock);
	if (!append_steps(p, steps, nsteps)) {
		pthread_mutex_unlock(&p->jlock);
		pthread_mutex_lock(&p->lock);
		queue = owe_full(p, version);
		pthread_mutex_unlock(&p->lock);
		return queue;
	}
	maybe_fold(p, version, false);
	pthread_mutex_unlock(&p->jlock);
	return false;
}

bool
persist_commit_xfrin_async(persist_t *p, ditto_version_t *version,
                           const ditto_xfrin_t *x)
{
	REQUIRE(p != NULL && version != NULL && x != NULL);
	size_t n = ditto_xfrin_nsteps(x);
	const ditto_xfrin_stats_t *st = ditto_xfrin_stats(x);
	if (n == 0 || st->axfr) {
		return persist_commit_async(p, version, NULL, 0);
	}
	/* the transfer's steps as journal steps (same records, borrowed) */
	ditto_journal_step_t *steps = ditto_calloc(n, sizeof(*steps));
	for (size_t i = 0; i < n; i++) {
		const ditto_xfrin_step_t *s = ditto_xfrin_step(x, i);
		steps[i] = (ditto_journal_step_t){ .from = s->from,
			                           .to = s->to,
			                           .del = s->del,
			                           .ndel = s->ndel,
			                           .add = s->add,
			                           .nadd = s->nadd };
	}
	bool queue = persist_commit_async(p, version, steps, n);
	ditto_free(steps);
	return queue;
}

bool
persist_queue_timers(persist_t *p, const ditto_timers_t *t)
{
	REQUIRE(p != NULL && t != NULL);
	pthread_mutex_lock(&p->lock);
	p->timers = *t;
	p->timers_pending = true;
	bool queue = claim(p);
	pthread_mutex_unlock(&p->lock);
	return queue;
}

/* The full write of \a v (the dumper, or persist_flush()): zone file, then
 * a new journal; the journal handle is swapped under the lock. */
static ditto_result_t
write_full(persist_t *p, ditto_version_t *v)
{
	ditto_journal_t *nj = NULL;
	ditto_result_t r = ditto_journal_reset(p->jpath, p->file, v, &nj);
	if (r != DITTO_R_SUCCESS) {
		ditto_journal_close(&nj);
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: writing %s failed: %s; the zone keeps "
		          "serving the transferred data",
		          p->zonetext, p->file, strerror(errno));
		return DITTO_R_IOERROR;
	}
	note_zonefile(p);
	pthread_mutex_lock(&p->lock);
	ditto_journal_close(&p->journal);
	p->journal = nj;
	p->folded_seq = 0;
	if (p->latest == v) {
		p->full_pending = false; /* else a newer one is owed */
		ditto_version_detach(&p->latest);
	}
	pthread_mutex_unlock(&p->lock);
	return DITTO_R_SUCCESS;
}

/*
 * rndc sync on the dumper: fold the journal into the zone file (with
 * -clean keeping no history). Nothing to do while a full write is owed:
 * that write leaves a zone file that is current and an empty journal.
 * A journal that moved past the version asked for (an IXFR journaled but
 * not yet published) is left for the next fold.
 */
static void
write_sync(persist_t *p)
{
	pthread_mutex_lock(&p->lock);
	ditto_version_t *v = p->sync_version;
	p->sync_version = NULL;
	bool clean = p->sync_clean, owed = p->full_pending;
	p->sync_clean = false;
	pthread_mutex_unlock(&p->lock);
	if (v == NULL || owed) {
		ditto_version_detach(&v);
		return;
	}
	pthread_mutex_lock(&p->jlock);
	if (p->journal != NULL) {
		ditto_journal_info_t info;
		ditto_journal_getinfo(p->journal, &info);
		uint64_t keep = clean ? 0 : journal_limit(p) / 2;
		ditto_result_t r =
		        info.last_seq == p->folded_seq && !clean
		                ? DITTO_R_SUCCESS
		                : ditto_journal_fold(p->journal, p->file, v,
		                                     keep);
		if (r == DITTO_R_SUCCESS && info.last_seq != p->folded_seq) {
			p->folded_seq = info.last_seq;
			note_zonefile(p);
		} else if (r == DITTO_R_IOERROR) {
			log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
			          "zone %s: syncing the journal into %s "
			          "failed: %s",
			          p->zonetext, p->file, strerror(errno));
			ditto_journal_close(&p->journal);
		}
	}
	pthread_mutex_unlock(&p->jlock);
	ditto_version_detach(&v);
}

void
persist_write_pending(persist_t *p)
{
	REQUIRE(p != NULL);
	ditto_version_t *v = NULL;
	ditto_timers_t t;
	pthread_mutex_lock(&p->lock);
	p->queued = false; /* work added from now on queues p again */
	if (p->full_pending && p->latest != NULL) {
		ditto_version_attach(p->latest, &v);
	}
	bool timers = p->timers_pending;
	t = p->timers;
	p->timers_pending = false;
	pthread_mutex_unlock(&p->lock);
	bool ok = v == NULL || write_full(p, v) == DITTO_R_SUCCESS;
	ditto_version_detach(&v);
	if (timers && ok) {
		(void)persist_save_timers(p, &t); /* logged */
	} else if (timers) {
		/* not before the zone file they describe: next time */
		pthread_mutex_lock(&p->lock);
		if (!p->timers_pending) {
			p->timers = t;
			p->timers_pending = true;
		}
		pthread_mutex_unlock(&p->lock);
	}
	write_sync(p);
}

bool
persist_request_sync(persist_t *p, ditto_version_t *current, bool clean)
{
	REQUIRE(p != NULL && current != NULL);
	pthread_mutex_lock(&p->lock);
	ditto_version_detach(&p->sync_version);
	ditto_version_attach(current, &p->sync_version);
	p->sync_clean = p->sync_clean || clean;
	bool queue = claim(p);
	pthread_mutex_unlock(&p->lock);
	return queue;
}

ditto_result_t
persist_flush(persist_t *p, const ditto_version_t *current)
{
	REQUIRE(p != NULL && current != NULL);
	ditto_version_t *v = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->full_pending && p->latest != NULL) {
		ditto_version_attach(p->latest, &v);
	}
	pthread_mutex_unlock(&p->lock);
	if (v != NULL) {
		ditto_result_t r = write_full(p, v);
		ditto_version_detach(&v);
		return r;
	}
	if (p->journal == NULL) {
		return DITTO_R_SUCCESS;
	}
	maybe_fold(p, current, true);
	return p->journal != NULL ? DITTO_R_SUCCESS : DITTO_R_IOERROR;
}

/* --- timers and diffs ------------------------------------------------ */

ditto_result_t
persist_save_timers(persist_t *p, const ditto_timers_t *t)
{
	REQUIRE(p != NULL && t != NULL);
	if (ditto_timers_save(p->tpath, t) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: writing %s failed: %s", p->zonetext,
		          p->tpath, strerror(errno));
		return DITTO_R_IOERROR;
	}
	if (t->last_refresh > 0) {
		/* BIND takes the expire time from the zone file's mtime. */
		struct timespec ts[2] = { { .tv_sec = t->last_refresh },
			                  { .tv_sec = t->last_refresh } };
		(void)utimensat(AT_FDCWD, p->file, ts, 0);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
persist_read_diff(const persist_t *p, uint32_t from, uint32_t to,
                  ditto_journal_step_fn fn, void *arg)
{
	REQUIRE(p != NULL && fn != NULL);
	return ditto_journal_read(p->jpath, p->origin, p->rclass, from, to, fn,
	                          arg, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A primary zone's IXFR history: the differences of its reloads. */
/*
 * One journal (zone/journal.h format) per primary zone with
 * ixfr-from-differences. The main thread owns the writer handle `j`
 * (open, append at each reload, trim, restart); readers in the
 * transfer-out pool never touch it: ditto_journal_read() opens the path
 * through a descriptor of its own. Every rewrite of the file (create,
 * trim) is a rename of a complete file, and an append is one write() of
 * a checksummed entry, so a reader sees a whole journal, old or new,
 * and at worst ignores a tail it caught half-written.
 *
 * Life of the history:
 *
 *   first load ---zhist_open---> journal kept (its last serial is the
 *                                file's serial) or started empty at it
 *   reload, data changed, serial up --> diff appended, then trimmed
 *   reload, data changed, serial not up --> refused (as named:
 *                                "new serial out of range"), nothing
 *                                written; the caller keeps serving the
 *                                old version
 *   reload, no change --> "unchanged", nothing written
 *   append failed --> history restarted at the new serial
 *
 * The zone file is never written here.
 */
#include "zhist.h"

#include <string.h>

#include "dns/name.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/diff.h"
#include "zone/node.h"
#include "zone/tree.h"

#include "log.h"

#define ZHIST_MIN_DEFAULT 65536u /* floor of the default limit */
#define ZHIST_MIN_LIMIT   4096u  /* tiny limits are rounded up to it */
#define SERIAL_HALF       0x80000000u

struct zhist {
	atomic_uint refs;            /*!< references */
	char *path;                  /*!< journal path (owned) */
	char *zonetext;              /*!< "example.com/IN" (owned) */
	ditto_name_storage_t origin; /*!< zone origin */
	uint16_t rclass;             /*!< zone class */
	uint64_t max_size;           /*!< as configured (0: default) */
	ditto_journal_t *j;          /*!< writer (main thread); NULL after
	                                  a failure, until the next update */
};

/* Bytes of \a v's records in wire form (owner + 10 + rdata), both trees:
 * the "size of the zone" of the default limit. */
static uint64_t
tree_bytes(const ditto_tree_t *t)
{
	ditto_tree_iter_t *it = ditto_malloc(sizeof(*it));
	uint64_t total = 0;
	/* Bounded: one pass per node of a finite tree. */
	for (const ditto_node_t *n = ditto_tree_first(t, it); n != NULL;
	     n = ditto_tree_next(it)) {
		size_t nlen = ditto_name_length(ditto_node_name(n));
		for (unsigned int i = 0; i < ditto_node_count(n); i++) {
			const ditto_rrset_t *set = ditto_node_rrset(n, i);
			total += (uint64_t)set->count * (nlen + 10) +
			         (ditto_rrset_size(set) - 2u * set->count);
		}
	}
	ditto_free(it);
	return total;
}

static uint64_t
limit_for(const zhist_t *h, const ditto_version_t *v)
{
	uint64_t lim = h->max_size;
	if (lim == UINT64_MAX) {
		return UINT64_MAX;
	}
	if (lim == 0) {
		lim = 2 * (tree_bytes(ditto_version_tree(v)) +
		           tree_bytes(ditto_version_nsec3tree(v)));
		lim = lim < ZHIST_MIN_DEFAULT ? ZHIST_MIN_DEFAULT : lim;
	}
	return lim < ZHIST_MIN_LIMIT ? ZHIST_MIN_LIMIT : lim;
}

static void
trim(zhist_t *h, const ditto_version_t *v)
{
	uint64_t lim = limit_for(h, v);
	if (h->j == NULL || lim == UINT64_MAX) {
		return;
	}
	if (lim > DITTO_JOURNAL_HDRSIZE) {
		lim -= DITTO_JOURNAL_HDRSIZE;
	}
	if (ditto_journal_trim(h->j, lim) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: journal '%s': cannot trim to "
		          "max-journal-size",
		          h->zonetext, h->path);
	}
}

/* Start a new, empty history at \a serial (replacing any file). */
static ditto_result_t
restart(zhist_t *h, uint32_t serial)
{
	ditto_err_t err = { 0 };
	ditto_journal_close(&h->j);
	ditto_result_t r = ditto_journal_create(h->path, h->origin, h->rclass,
	                                        serial, &h->j, &err);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: journal '%s': %s: no IXFR history",
		          h->zonetext, h->path,
		          err.msg[0] != '\0' ? err.msg
		                             : ditto_result_totext(r));
		return DITTO_R_IOERROR;
	}
	return DITTO_R_SUCCESS;
}

/* Keep the journal found at \a h->path when it ends at \a serial. */
static ditto_result_t
open_existing(zhist_t *h, uint32_t serial)
{
	ditto_err_t err = { 0 };
	ditto_journal_info_t info;
	ditto_result_t r = ditto_journal_open(h->path, h->origin, h->rclass, 0,
	                                      &h->j, &err);
	if (r == DITTO_R_FILENOTFOUND) {
		return restart(h, serial);
	}
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: journal '%s': %s: starting a new one",
		          h->zonetext, h->path,
		          err.msg[0] != '\0' ? err.msg
		                             : ditto_result_totext(r));
		return restart(h, serial);
	}
	ditto_journal_getinfo(h->j, &info);
	if (info.truncated > 0) {
		log_write(LOG_CAT_ZONE, LOG_LVL_WARNING,
		          "zone %s: journal '%s': %llu bytes of damaged tail "
		          "removed",
		          h->zonetext, h->path,
		          (unsigned long long)info.truncated);
	}
	if (info.last_serial != serial) {
		log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
		          "zone %s: journal file is out of date (serial %u, "
		          "zone %u): starting a new one",
		          h->zonetext, info.last_serial, serial);
		return restart(h, serial);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
zhist_open(const char *path, const char *zonetext, const ditto_version_t *v,
           uint64_t max_size, zhist_t **out)
{
	REQUIRE(path != NULL && zonetext != NULL && v != NULL);
	REQUIRE(out != NULL && *out == NULL);
	uint32_t serial = 0;
	if (!ditto_version_serial(v, &serial)) {
		return DITTO_R_NOTFOUND; /* a loaded zone always has one */
	}
	zhist_t *h = ditto_calloc(1, sizeof(*h));
	atomic_init(&h->refs, 1);
	h->path = ditto_strdup(path);
	h->zonetext = ditto_strdup(zonetext);
	ditto_name_copy(h->origin, ditto_version_origin(v));
	h->rclass = ditto_version_class(v);
	h->max_size = max_size;
	ditto_result_t r = open_existing(h, serial);
	if (r != DITTO_R_SUCCESS) {
		zhist_detach(&h);
		return r;
	}
	trim(h, v);
	*out = h;
	return DITTO_R_SUCCESS;
}

/* Serial arithmetic (RFC 1982): \a to is greater than \a from. */
static bool
serial_up(uint32_t from, uint32_t to)
{
	uint32_t d = to - from;
	return d != 0 && d < SERIAL_HALF;
}

/* Append \a d; restart the history at the new serial when that fails. */
static ditto_result_t
journal_step(zhist_t *h, const ditto_diff_t *d)
{
	ditto_journal_info_t info;
	if (h->j != NULL) {
		ditto_journal_getinfo(h->j, &info);
	}
	if (h->j == NULL || info.last_serial != d->step.from) {
		/* History lost earlier: it starts again here. */
		if (restart(h, d->step.from) != DITTO_R_SUCCESS) {
			return DITTO_R_IOERROR;
		}
	}
	ditto_result_t r = ditto_journal_append(h->j, &d->step, NULL);
	if (r == DITTO_R_SUCCESS) {
		return r;
	}
	log_write(LOG_CAT_ZONE,
	          r == DITTO_R_TOOMANY ? LOG_LVL_WARNING : LOG_LVL_ERROR,
	          "zone %s: journal '%s': cannot record serial %u -> %u: %s",
	          h->zonetext, h->path, d->step.from, d->step.to,
	          ditto_result_totext(r));
	ditto_result_t rr = restart(h, d->step.to);
	return r == DITTO_R_TOOMANY && rr == DITTO_R_SUCCESS ? DITTO_R_SUCCESS
	                                                     : DITTO_R_IOERROR;
}

ditto_result_t
zhist_update(zhist_t *h, const ditto_version_t *old,
             const ditto_version_t *new_)
{
	REQUIRE(h != NULL && old != NULL && new_ != NULL);
	ditto_diff_t d;
	ditto_err_t err = { 0 };
	ditto_result_t r = ditto_diff_versions(old, new_, &d, &err);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: ixfr-from-differences: %s", h->zonetext,
		          err.msg);
		return DITTO_R_IOERROR;
	}
	if (ditto_diff_empty(&d)) {
		log_write(LOG_CAT_ZONE, LOG_LVL_INFO,
		          "zone %s: ixfr-from-differences: unchanged",
		          h->zonetext);
		ditto_diff_clear(&d);
		return DITTO_R_SUCCESS;
	}
	if (!serial_up(d.step.from, d.step.to)) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: ixfr-from-differences: new serial (%u) "
		          "out of range [%u - %u]",
		          h->zonetext, d.step.to, d.step.from + 1u,
		          d.step.from + (SERIAL_HALF - 1u));
		ditto_diff_clear(&d);
		return DITTO_R_RANGE;
	}
	r = journal_step(h, &d);
	ditto_diff_clear(&d);
	trim(h, new_);
	return r;
}

/* Counts the steps given, so that a failure after the first one is not
 * mistaken for "not in the history". */
typedef struct readwrap {
	ditto_journal_step_fn fn; /*!< the caller's callback */
	void *arg;                /*!< its argument */
	size_t steps;             /*!< steps given */
} readwrap_t;

static ditto_result_t
read_one(void *arg, const ditto_journal_step_t *step)
{
	readwrap_t *w = arg;
	w->steps++;
	return w->fn(w->arg, step);
}

ditto_result_t
zhist_read(zhist_t *h, uint32_t from, uint32_t to, ditto_journal_step_fn fn,
           void *arg)
{
	REQUIRE(h != NULL && fn != NULL);
	ditto_err_t err = { 0 };
	readwrap_t w = { .fn = fn, .arg = arg, .steps = 0 };
	ditto_result_t r = ditto_journal_read(h->path, h->origin, h->rclass,
	                                      from, to, read_one, &w, &err);
	if (w.steps == 0 &&
	    (r == DITTO_R_FILENOTFOUND || r == DITTO_R_FORMERR)) {
		return DITTO_R_NOTFOUND; /* no usable journal: AXFR */
	}
	return r;
}

const char *
zhist_path(const zhist_t *h)
{
	REQUIRE(h != NULL);
	return h->path;
}

void
zhist_attach(zhist_t *h, zhist_t **target)
{
	REQUIRE(h != NULL && target != NULL && *target == NULL);
	atomic_fetch_add_explicit(&h->refs, 1, memory_order_relaxed);
	*target = h;
}

void
zhist_detach(zhist_t **hp)
{
	REQUIRE(hp != NULL);
	zhist_t *h = *hp;
	*hp = NULL;
	if (h == NULL ||
	    atomic_fetch_sub_explicit(&h->refs, 1, memory_order_acq_rel) != 1) {
		return;
	}
	ditto_journal_close(&h->j);
	ditto_free(h->path);
	ditto_free(h->zonetext);
	ditto_free(h);
}

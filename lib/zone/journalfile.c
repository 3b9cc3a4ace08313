/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Journal operations across files: the zone file's binding, reset, fold;
 * and the whole-file rewrites create and trim. */
/*
 * Every operation here changes two files, zone file first, journal
 * second, each replaced atomically (ditto_dump_atomic(): temporary file,
 * fsync, rename, fsync of the directory). The binding comment at the top
 * of the zone file (generation, seq) makes either order of a crash safe;
 * journal.h has the argument. ditto__journal_crash() marks the instants
 * between the steps, where the unit tests stop an operation to check it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/assert.h"
#include "util/mem.h"
#include "zone/dump.h"
#include "zone/journal.h"
#include "zone/journal_p.h"

#define MARK_PREFIX "; ditto-journal generation="
#define MARK_MAXLEN 128
#define COPY_CHUNK  65536

uint64_t
ditto__journal_newgen(void)
{
	uint64_t g = 0;
	if (getrandom(&g, sizeof(g), GRND_NONBLOCK) != (ssize_t)sizeof(g)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		g = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
		    ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)&g;
	}
	return g != 0 ? g : 1;
}

/* --- the binding comment --------------------------------------------- */

/* Parse "<16 hex> seq=<decimal>\n" at \a p (\a len bytes). */
static bool
parse_mark(const char *p, size_t len, ditto_journal_mark_t *mark)
{
	uint64_t gen = 0, seq = 0;
	size_t i = 0;
	for (; i < 16; i++) {
		char c = i < len ? p[i] : '\0';
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                               : -1;
		if (d < 0) {
			return false;
		}
		gen = (gen << 4) | (uint64_t)d;
	}
	if (len - i < 6 || memcmp(p + i, " seq=", 5) != 0) {
		return false;
	}
	i += 5;
	size_t digits = 0;
	for (; i < len && p[i] >= '0' && p[i] <= '9' && digits < 19;
	     i++, digits++) {
		seq = seq * 10 + (uint64_t)(p[i] - '0');
	}
	if (digits == 0 || i >= len || p[i] != '\n') {
		return false;
	}
	mark->generation = gen;
	mark->seq = seq;
	return true;
}

ditto_result_t
ditto_journal_readmark(const char *zonefile, ditto_journal_mark_t *mark)
{
	REQUIRE(zonefile != NULL && mark != NULL);
	char buf[MARK_MAXLEN];
	FILE *fp = fopen(zonefile, "re");
	if (fp == NULL) {
		return errno == ENOENT ? DITTO_R_FILENOTFOUND : DITTO_R_IOERROR;
	}
	size_t n = fread(buf, 1, sizeof(buf), fp);
	bool bad = ferror(fp) != 0;
	fclose(fp);
	if (bad) {
		return DITTO_R_IOERROR;
	}
	size_t plen = strlen(MARK_PREFIX);
	if (n < plen || memcmp(buf, MARK_PREFIX, plen) != 0 ||
	    !parse_mark(buf + plen, n - plen, mark)) {
		return DITTO_R_NOTFOUND;
	}
	return DITTO_R_SUCCESS;
}

typedef struct zonewrite {
	const ditto_version_t *v;         /*!< what to write */
	const ditto_journal_mark_t *mark; /*!< its binding */
} zonewrite_t;

static ditto_result_t
write_zone(void *arg, FILE *fp)
{
	const zonewrite_t *zw = arg;
	if (fprintf(fp, MARK_PREFIX "%016" PRIx64 " seq=%" PRIu64 "\n",
	            zw->mark->generation, zw->mark->seq) < 0) {
		return DITTO_R_IOERROR;
	}
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	ditto_result_t r = ditto_dump_version(&d, zw->v);
	ditto_dump_clear(&d);
	return r;
}

ditto_result_t
ditto_journal_writezone(const char *zonefile, const ditto_version_t *v,
                        const ditto_journal_mark_t *mark)
{
	REQUIRE(zonefile != NULL && v != NULL && mark != NULL);
	zonewrite_t zw = { .v = v, .mark = mark };
	return ditto_dump_atomic(zonefile, 0644, write_zone, &zw);
}

/* --- new journal files ----------------------------------------------- */

typedef struct jwrite {
	const ditto_journal_t *old; /*!< entries copied from it, or NULL */
	const uint8_t *hdr;         /*!< the new header */
	uint64_t from;              /*!< copy old bytes [from, to) */
	uint64_t to;                /*!< ... */
} jwrite_t;

static ditto_result_t
write_journal(void *arg, FILE *fp)
{
	const jwrite_t *jw = arg;
	if (fwrite(jw->hdr, 1, DITTO_JOURNAL_HDRSIZE, fp) !=
	    DITTO_JOURNAL_HDRSIZE) {
		return DITTO_R_IOERROR;
	}
	if (jw->old == NULL || jw->from >= jw->to) {
		return DITTO_R_SUCCESS;
	}
	uint8_t *buf = ditto_malloc(COPY_CHUNK);
	ditto_result_t r = DITTO_R_SUCCESS;
	/* Bounded: each pass copies up to COPY_CHUNK bytes of [from, to). */
	for (uint64_t off = jw->from; off < jw->to && r == DITTO_R_SUCCESS;) {
		size_t n = jw->to - off < COPY_CHUNK ? (size_t)(jw->to - off)
		                                     : COPY_CHUNK;
		r = ditto__journal_pread(jw->old->fd, buf, n, off);
		if (r == DITTO_R_SUCCESS && fwrite(buf, 1, n, fp) != n) {
			r = DITTO_R_IOERROR;
		}
		off += n;
	}
	ditto_free(buf);
	return r == DITTO_R_SUCCESS ? r : DITTO_R_IOERROR;
}

ditto_result_t
ditto_journal_reset(const char *path, const char *zonefile,
                    const ditto_version_t *v, ditto_journal_t **jp)
{
	REQUIRE(path != NULL && zonefile != NULL && v != NULL);
	REQUIRE(jp == NULL || *jp == NULL);
	uint32_t serial = 0;
	uint8_t hdr[DITTO_JOURNAL_HDRSIZE];
	ditto_journal_mark_t mark = { .generation = ditto__journal_newgen(),
		                      .seq = 0 };
	ditto_result_t r;

	REQUIRE(ditto_version_serial(v, &serial));
	r = ditto_journal_writezone(zonefile, v, &mark);
	if (r != DITTO_R_SUCCESS || ditto__journal_crash("reset:zone")) {
		return DITTO_R_IOERROR;
	}
	ditto__journal_header(hdr, ditto_version_origin(v),
	                      ditto_version_class(v), mark.generation, 1,
	                      serial);
	jwrite_t jw = { .old = NULL, .hdr = hdr };
	r = ditto_dump_atomic(path, 0644, write_journal, &jw);
	if (r != DITTO_R_SUCCESS || ditto__journal_crash("reset:journal")) {
		return DITTO_R_IOERROR;
	}
	if (jp == NULL) {
		return DITTO_R_SUCCESS;
	}
	r = ditto_journal_open(path, ditto_version_origin(v),
	                       ditto_version_class(v), 0, jp, NULL);
	return r == DITTO_R_SUCCESS ? r : DITTO_R_IOERROR;
}

/* Index of the first entry to keep so that the kept ones fit \a keep. */
static size_t
keep_from(const ditto_journal_t *j, uint64_t keep)
{
	uint64_t total = 0;
	size_t s = j->nents;
	while (s > 0 && total + j->ents[s - 1].len <= keep) {
		total += j->ents[s - 1].len;
		s--;
	}
	return s;
}

/* Make \a j the journal now at its path (after a rename). */
static ditto_result_t
reopen(ditto_journal_t *j)
{
	ditto_journal_t *nj = NULL;
	ditto_result_t r =
	        ditto_journal_open(j->path, j->origin, j->rclass, 0, &nj, NULL);
	close(j->fd);
	j->fd = -1;
	j->nents = 0;
	if (r != DITTO_R_SUCCESS) {
		return DITTO_R_IOERROR;
	}
	ditto_free(j->ents);
	j->fd = nj->fd;
	j->generation = nj->generation;
	j->first_seq = nj->first_seq;
	j->base_serial = nj->base_serial;
	j->ents = nj->ents;
	j->nents = nj->nents;
	j->cap = nj->cap;
	j->size = nj->size;
	j->truncated = nj->truncated;
	ditto_free(nj->path);
	ditto_free(nj);
	return DITTO_R_SUCCESS;
}

/*
 * Rewrite the journal keeping entries [s, nents) (same generation and
 * seqs; the header's first seq and serial move up to entry s, or to the
 * end when s == nents), then reopen \a j on the new file. \a point names
 * the crash point after the rename.
 */
static ditto_result_t
rewrite_keep(ditto_journal_t *j, size_t s, const char *point)
{
	uint32_t last =
	        j->nents == 0 ? j->base_serial : j->ents[j->nents - 1].to;
	uint8_t hdr[DITTO_JOURNAL_HDRSIZE];
	ditto__journal_header(hdr, j->origin, j->rclass, j->generation,
	                      j->first_seq + s,
	                      s < j->nents ? j->ents[s].from : last);
	jwrite_t jw = { .old = j,
		        .hdr = hdr,
		        .from = s < j->nents ? j->ents[s].off : j->size,
		        .to = j->size };
	ditto_result_t r = ditto_dump_atomic(j->path, 0644, write_journal, &jw);
	if (r != DITTO_R_SUCCESS || ditto__journal_crash(point)) {
		return DITTO_R_IOERROR;
	}
	return reopen(j);
}

ditto_result_t
ditto_journal_fold(ditto_journal_t *j, const char *zonefile,
                   const ditto_version_t *v, uint64_t keep_bytes)
{
	REQUIRE(j != NULL && zonefile != NULL && v != NULL && !j->rdonly);
	uint32_t serial = 0;
	uint32_t last =
	        j->nents == 0 ? j->base_serial : j->ents[j->nents - 1].to;
	if (j->fd < 0) {
		return DITTO_R_IOERROR;
	}
	if (!ditto_version_serial(v, &serial) || serial != last) {
		return DITTO_R_RANGE;
	}
	ditto_journal_mark_t mark = { .generation = j->generation,
		                      .seq = j->first_seq + j->nents - 1 };
	ditto_result_t r = ditto_journal_writezone(zonefile, v, &mark);
	if (r != DITTO_R_SUCCESS || ditto__journal_crash("fold:zone")) {
		return DITTO_R_IOERROR;
	}
	return rewrite_keep(j, keep_from(j, keep_bytes), "fold:journal");
}

ditto_result_t
ditto_journal_trim(ditto_journal_t *j, uint64_t keep_bytes)
{
	REQUIRE(j != NULL && !j->rdonly);
	if (j->fd < 0) {
		return DITTO_R_IOERROR;
	}
	size_t s = keep_from(j, keep_bytes);
	if (s == 0) {
		return DITTO_R_SUCCESS; /* everything fits */
	}
	return rewrite_keep(j, s, "trim:journal");
}

ditto_result_t
ditto_journal_create(const char *path, const uint8_t *origin, uint16_t rclass,
                     uint32_t serial, ditto_journal_t **jp, ditto_err_t *err)
{
	REQUIRE(path != NULL && origin != NULL);
	REQUIRE(jp == NULL || *jp == NULL);
	uint8_t hdr[DITTO_JOURNAL_HDRSIZE];
	ditto__journal_header(hdr, origin, rclass, ditto__journal_newgen(), 1,
	                      serial);
	jwrite_t jw = { .old = NULL, .hdr = hdr };
	ditto_result_t r = ditto_dump_atomic(path, 0644, write_journal, &jw);
	if (r != DITTO_R_SUCCESS || ditto__journal_crash("create:journal")) {
		ditto_err_set(err, "cannot write journal '%s'", path);
		return DITTO_R_IOERROR;
	}
	if (jp == NULL) {
		return DITTO_R_SUCCESS;
	}
	r = ditto_journal_open(path, origin, rclass, 0, jp, err);
	return r == DITTO_R_SUCCESS ? r : DITTO_R_IOERROR;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file writer in BIND's full style, and atomic file replacement.
 *
 * Each line is built in one buffer and written with one fwrite(). Column
 * padding works like BIND's: to reach column `to` from column `from`, the
 * target is first pushed to at least from + 1 (so fields never touch);
 * when a tab stop lies between, tabs reach the last stop and spaces the
 * rest, otherwise spaces only.
 */
#include "zone/dump.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/node.h"
#include "zone/tree.h"

#define COL_TTL   46
#define COL_CLASS 48
#define COL_TYPE  48
#define COL_RDATA 64
#define TABWIDTH  8
/* Longest line: a 255-octet name escaped, fields, and rdata text that can
 * reach four characters per rdata octet (\DDD), plus generic-form hex. */
#define LINE_MAX_BYTES (DITTO_NAME_MAXTEXT + 64 + 4 * 65536 + 64)

void
ditto_dump_init(ditto_dump_t *d, FILE *fp)
{
	REQUIRE(d != NULL && fp != NULL);
	d->fp = fp;
	d->bufsize = LINE_MAX_BYTES;
	d->buf = ditto_malloc(d->bufsize);
	d->result = DITTO_R_SUCCESS;
	d->now = (int64_t)time(NULL);
	d->owner = NULL;
	d->owner_arg = NULL;
}

void
ditto_dump_setowner(ditto_dump_t *d, ditto_dump_owner_fn fn, void *arg)
{
	REQUIRE(d != NULL);
	d->owner = fn;
	d->owner_arg = arg;
}

void
ditto_dump_clear(ditto_dump_t *d)
{
	REQUIRE(d != NULL);
	ditto_free(d->buf);
	d->buf = NULL;
}

static size_t
pad(char *p, unsigned int *col, unsigned int to)
{
	size_t n = 0;
	if (to < *col + 1) {
		to = *col + 1;
	}
	unsigned int tabs = to / TABWIDTH - *col / TABWIDTH;
	unsigned int spaces = tabs > 0 ? to % TABWIDTH : to - *col;
	while (tabs-- > 0) {
		p[n++] = '\t';
	}
	while (spaces-- > 0) {
		p[n++] = ' ';
	}
	*col = to;
	return n;
}

static size_t
generic_text(const uint8_t *rdata, size_t rdlen, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = (size_t)sprintf(out, "\\# %zu", rdlen);
	if (rdlen > 0) {
		out[n++] = ' ';
	}
	for (size_t i = 0; i < rdlen; i++) {
		out[n++] = hex[rdata[i] >> 4];
		out[n++] = hex[rdata[i] & 0xf];
	}
	out[n] = '\0';
	return n;
}

static size_t
put(char *p, const char *s, unsigned int *col)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	*col += (unsigned int)n;
	return n;
}

ditto_result_t
ditto_dump_rr(ditto_dump_t *d, const uint8_t *owner, uint16_t type,
              uint16_t rclass, uint32_t ttl, const uint8_t *rdata, size_t rdlen)
{
	REQUIRE(d != NULL && d->buf != NULL && owner != NULL);
	char *p = d->buf;
	size_t n = 0, len = 0;
	unsigned int col = 0;
	char tmp[DITTO_RRTYPE_MAXTEXT];
	if (d->result != DITTO_R_SUCCESS) {
		return d->result;
	}
	if (ditto_name_totext(owner, NULL, p, DITTO_NAME_MAXTEXT, &len) !=
	    DITTO_R_SUCCESS) {
		return d->result = DITTO_R_FAILURE;
	}
	n = len;
	col = (unsigned int)len;
	n += pad(p + n, &col, COL_TTL);
	snprintf(tmp, sizeof(tmp), "%u", ttl);
	n += put(p + n, tmp, &col);
	n += pad(p + n, &col, COL_CLASS);
	(void)ditto_rrclass_totext(rclass, tmp, sizeof(tmp));
	n += put(p + n, tmp, &col);
	n += pad(p + n, &col, COL_TYPE);
	(void)ditto_rrtype_totext(type, tmp, sizeof(tmp));
	n += put(p + n, tmp, &col);
	n += pad(p + n, &col, COL_RDATA);
	size_t avail = d->bufsize - n - 2;
	if (ditto_rdata_totext(type, rdata, rdlen, NULL, p + n, avail, &len) !=
	    DITTO_R_SUCCESS) {
		len = generic_text(rdata, rdlen, p + n);
	}
	n += len;
	p[n++] = '\n';
	if (fwrite(p, 1, n, d->fp) != n) {
		d->result = DITTO_R_IOERROR;
	}
	return d->result;
}

void
ditto_dump_time32(uint32_t t, int64_t now, char *buf, size_t bufsize)
{
	int64_t when = now + (int32_t)(t - (uint32_t)now);
	time_t tt = (time_t)when;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, bufsize, "%u", t);
		return;
	}
	snprintf(buf, bufsize, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Earliest signature expiration of an RRSIG RRset (serial order). */
static bool
resign_time(size_t count, const uint8_t *const *rdata, const uint16_t *rdlen,
            uint32_t *out)
{
	bool have = false;
	uint32_t best = 0;
	for (size_t i = 0; i < count; i++) {
		if (rdlen[i] < 12) {
			continue;
		}
		const uint8_t *x = rdata[i] + 8;
		uint32_t e = ((uint32_t)x[0] << 24) | ((uint32_t)x[1] << 16) |
		             ((uint32_t)x[2] << 8) | x[3];
		if (!have || (int32_t)(e - best) < 0) {
			best = e;
			have = true;
		}
	}
	*out = best;
	return have;
}

ditto_result_t
ditto_dump_rrset(ditto_dump_t *d, const uint8_t *owner, uint16_t type,
                 uint16_t rclass, uint32_t ttl, size_t count,
                 const uint8_t *const *rdata, const uint16_t *rdlen)
{
	REQUIRE(d != NULL);
	for (size_t i = 0; i < count; i++) {
		if (ditto_dump_rr(d, owner, type, rclass, ttl, rdata[i],
		                  rdlen[i]) != DITTO_R_SUCCESS) {
			return d->result;
		}
	}
	uint32_t when;
	if (type == DITTO_TYPE_RRSIG &&
	    resign_time(count, rdata, rdlen, &when)) {
		char tbuf[32];
		ditto_dump_time32(when, d->now, tbuf, sizeof(tbuf));
		if (fprintf(d->fp, "; resign=%s\n", tbuf) < 0) {
			d->result = DITTO_R_IOERROR;
		}
	}
	return d->result;
}

/* --- zone versions ---------------------------------------------------- */

static ditto_result_t
dump_set(ditto_dump_t *d, const uint8_t *owner, uint16_t rclass,
         const ditto_rrset_t *set, const uint8_t **rd, uint16_t *rl)
{
	ditto_rrset_it_t it;
	size_t n = 0;
	DITTO_RDATA_FOREACH(set, it) {
		rd[n] = it.rdata;
		rl[n++] = it.rdlen;
	}
	return ditto_dump_rrset(d, owner, set->type, rclass, set->ttl, n, rd,
	                        rl);
}

static ditto_result_t
dump_node(ditto_dump_t *d, const ditto_node_t *node, uint16_t rclass,
          const uint8_t **rd, uint16_t *rl)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	unsigned int n = ditto_node_count(node);
	const ditto_rrset_t **sets = ditto_malloc((n + 1) * sizeof(*sets));
	n = ditto_node_dumporder(node, false, sets);
	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *owner =
		        d->owner != NULL ? d->owner(d->owner_arg, node, sets[i])
		                         : ditto_node_name(node);
		CHECK(dump_set(d, owner, rclass, sets[i], rd, rl));
	}
cleanup:
	ditto_free(sets);
	return result;
}

static ditto_result_t
dump_tree(ditto_dump_t *d, const ditto_tree_t *tree, uint16_t rclass)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_tree_iter_t *it = ditto_malloc(sizeof(*it));
	const uint8_t **rd = ditto_malloc(DITTO_RRSET_MAXCOUNT * sizeof(*rd));
	uint16_t *rl = ditto_malloc(DITTO_RRSET_MAXCOUNT * sizeof(*rl));
	for (const ditto_node_t *n = ditto_tree_first(tree, it); n != NULL;
	     n = ditto_tree_next(it)) {
		CHECK(dump_node(d, n, rclass, rd, rl));
	}
cleanup:
	ditto_free(it);
	ditto_free(rd);
	ditto_free(rl);
	return result;
}

ditto_result_t
ditto_dump_version(ditto_dump_t *d, const ditto_version_t *v)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(d != NULL && v != NULL);
	uint16_t rclass = ditto_version_class(v);
	CHECK(dump_tree(d, ditto_version_tree(v), rclass));
	CHECK(dump_tree(d, ditto_version_nsec3tree(v), rclass));
cleanup:
	return result;
}

/* --- atomic replacement ----------------------------------------------- */

static ditto_result_t
sync_dir(const char *path)
{
	char *copy = ditto_strdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ditto_free(copy);
	if (fd < 0) {
		return DITTO_R_IOERROR;
	}
	int r = fsync(fd);
	close(fd);
	return r == 0 ? DITTO_R_SUCCESS : DITTO_R_IOERROR;
}

ditto_result_t
ditto_dump_atomic(const char *path, unsigned int mode,
                  ditto_result_t (*write)(void *arg, FILE *fp), void *arg)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(path != NULL && write != NULL);
	size_t len = strlen(path);
	char *tmp = ditto_malloc(len + 16);
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".tmp-XXXXXX", 12);
	FILE *fp = NULL;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ditto_free(tmp);
		return DITTO_R_IOERROR;
	}
	if (fchmod(fd, (mode_t)mode) != 0 || (fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		CLEANUP(DITTO_R_IOERROR);
	}
	CHECK(write(arg, fp));
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		CLEANUP(DITTO_R_IOERROR);
	}
	int r = fclose(fp);
	fp = NULL;
	if (r != 0 || rename(tmp, path) != 0) {
		CLEANUP(DITTO_R_IOERROR);
	}
	result = sync_dir(path);
	ditto_free(tmp);
	return result;
cleanup:
	if (fp != NULL) {
		fclose(fp);
	}
	unlink(tmp);
	ditto_free(tmp);
	return result;
}

static ditto_result_t
write_version(void *arg, FILE *fp)
{
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	ditto_result_t result = ditto_dump_version(&d, arg);
	ditto_dump_clear(&d);
	return result;
}

ditto_result_t
ditto_dump_file_atomic(const ditto_version_t *version, const char *path)
{
	REQUIRE(version != NULL && path != NULL);
	return ditto_dump_atomic(path, 0644, write_version,
	                         (void *)(uintptr_t)version);
}

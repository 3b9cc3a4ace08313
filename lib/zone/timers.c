/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The persisted refresh timers of a secondary zone (`<file>.dt`). */
/*
 * A line-oriented text file ("key value"), written whole and replaced
 * atomically with ditto_dump_atomic(), so a reader sees the old file or
 * the new one. The parser accepts only what the writer produces (plus
 * unknown keys, for later versions) and treats anything else as a bad
 * file.
 */
#include "zone/timers.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/assert.h"
#include "zone/dump.h"

#define HEADER "ditto-timers 1"

size_t
ditto_timers_format(const ditto_timers_t *t, char *buf, size_t size)
{
	REQUIRE(t != NULL && buf != NULL && size > 0);
	int n = snprintf(buf, size,
	                 HEADER "\n"
	                        "last-refresh %" PRId64 "\n"
	                        "expire-at %" PRId64 "\n"
	                        "refresh-at %" PRId64 "\n"
	                        "last-attempt %" PRId64 "\n",
	                 t->last_refresh, t->expire_at, t->refresh_at,
	                 t->last_attempt);
	size_t len = n < 0 ? 0 : (size_t)n;
	if (t->have_serial && len < size) {
		n = snprintf(buf + len, size - len, "serial %" PRIu32 "\n",
		             t->serial);
		len += n < 0 ? 0 : (size_t)n;
	}
	if (t->have_primary && len < size) {
		n = snprintf(buf + len, size - len,
		             "primary-serial %" PRIu32 "\n", t->primary_serial);
		len += n < 0 ? 0 : (size_t)n;
	}
	return len < size ? len : size - 1;
}

/* A decimal in [0, max] from \a p (\a len bytes, all digits). */
static bool
parse_uint(const char *p, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0 || len > 19) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return false;
		}
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v > max) {
		return false;
	}
	*out = v;
	return true;
}

/* Apply "key value" (no newline); unknown keys are ignored. */
static bool
parse_line(const char *p, size_t len, ditto_timers_t *t)
{
	static const struct {
		const char *key;
		int kind; /* 0: time, 1: serial, 2: primary serial */
		size_t off;
	} keys[] = {
		{ "last-refresh", 0, offsetof(ditto_timers_t, last_refresh) },
		{ "expire-at", 0, offsetof(ditto_timers_t, expire_at) },
		{ "refresh-at", 0, offsetof(ditto_timers_t, refresh_at) },
		{ "last-attempt", 0, offsetof(ditto_timers_t, last_attempt) },
		{ "serial", 1, 0 },
		{ "primary-serial", 2, 0 },
	};
	const char *sp = memchr(p, ' ', len);
	if (sp == NULL || sp == p) {
		return false;
	}
	size_t klen = (size_t)(sp - p);
	const char *val = sp + 1;
	size_t vlen = len - klen - 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].key) != klen ||
		    memcmp(keys[i].key, p, klen) != 0) {
			continue;
		}
		uint64_t v = 0;
		uint64_t max = keys[i].kind == 0 ? INT64_MAX : UINT32_MAX;
		if (!parse_uint(val, vlen, max, &v)) {
			return false;
		}
		if (keys[i].kind == 0) {
			*(int64_t *)(void *)((char *)t + keys[i].off) =
			        (int64_t)v;
		} else if (keys[i].kind == 1) {
			t->serial = (uint32_t)v;
			t->have_serial = true;
		} else {
			t->primary_serial = (uint32_t)v;
			t->have_primary = true;
		}
		return true;
	}
	return true;
}

ditto_result_t
ditto_timers_parse(const char *text, size_t len, ditto_timers_t *t,
                   ditto_err_t *err)
{
	REQUIRE(text != NULL && t != NULL);
	ditto_timers_t tmp = { 0 };
	size_t pos = 0;
	unsigned int line = 0;
	/* Bounded: each pass consumes one line (at least its newline). */
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		line++;
		if (nl == NULL) {
			ditto_err_set(err, "line %u: no newline", line);
			return DITTO_R_SYNTAX;
		}
		size_t llen = (size_t)(nl - (text + pos));
		bool ok = line == 1 ? llen == strlen(HEADER) &&
		                              memcmp(text + pos, HEADER,
		                                     llen) == 0
		                    : parse_line(text + pos, llen, &tmp);
		if (!ok) {
			ditto_err_set(err, "line %u: bad line", line);
			return DITTO_R_SYNTAX;
		}
		pos += llen + 1;
	}
	if (line == 0) {
		ditto_err_set(err, "empty timers file");
		return DITTO_R_SYNTAX;
	}
	*t = tmp;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_timers_load(const char *path, ditto_timers_t *t, ditto_err_t *err)
{
	REQUIRE(path != NULL && t != NULL);
	char buf[DITTO_TIMERS_MAXFILE];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return errno == ENOENT ? DITTO_R_FILENOTFOUND : DITTO_R_IOERROR;
	}
	size_t len = 0;
	/* Bounded: each pass reads >= 1 byte into the fixed buffer. */
	while (len < sizeof(buf)) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - len);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0) {
			close(fd);
			return DITTO_R_IOERROR;
		}
		if (r == 0) {
			break;
		}
		len += (size_t)r;
	}
	close(fd);
	if (len == sizeof(buf)) {
		ditto_err_set(err, "timers file too large");
		return DITTO_R_SYNTAX;
	}
	return ditto_timers_parse(buf, len, t, err);
}

static ditto_result_t
write_timers(void *arg, FILE *fp)
{
	char buf[512];
	size_t len = ditto_timers_format(arg, buf, sizeof(buf));
	return fwrite(buf, 1, len, fp) == len ? DITTO_R_SUCCESS
	                                      : DITTO_R_IOERROR;
}

ditto_result_t
ditto_timers_save(const char *path, const ditto_timers_t *t)
{
	REQUIRE(path != NULL && t != NULL);
	return ditto_dump_atomic(path, 0644, write_timers,
	                         (void *)(uintptr_t)t);
}

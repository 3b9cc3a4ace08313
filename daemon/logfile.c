/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* File channels: append, size limit, versions and suffix rotation. */
/*
 * named's rules (checked on BIND 9.18): a file channel is opened in
 * append mode when the configuration is loaded. With `size S` the file is
 * rolled before a write once it has reached S (so a file ends at most one
 * line past S). Without `versions` a full file is not written any more.
 * `suffix increment` (the default) renames file.N-2 -> file.N-1, ...,
 * file -> file.0 and removes what is past `versions`; `unlimited` keeps
 * every version. `suffix timestamp` renames file to
 * file.YYYYMMDDHHMMSSmmm (UTC) and removes the oldest such files beyond
 * `versions`. Every loop is bounded: version numbers above
 * LOGFILE_MAXVER and more than LOGFILE_MAXLIST timestamped files are not
 * looked at.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

#include "log_p.h"

#define LOGFILE_MAXVER  100000
#define LOGFILE_MAXLIST 4096
#define LOGFILE_TSLEN   17 /* YYYYMMDDHHMMSSmmm */

ditto_result_t
log__file_open(log_channel_t *ch)
{
	struct stat st;
	int fd =
	        open(ch->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		return errno == ENOENT ? DITTO_R_FILENOTFOUND : DITTO_R_IOERROR;
	}
	ch->size = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	ch->fd = fd;
	return DITTO_R_SUCCESS;
}

/* Split ch->path into directory ("." if none) and base name. */
static void
split_path(const char *path, char *dir, size_t dsize, const char **base)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL) {
		snprintf(dir, dsize, ".");
		*base = path;
	} else if (slash == path) {
		snprintf(dir, dsize, "/");
		*base = slash + 1;
	} else {
		snprintf(dir, dsize, "%.*s", (int)(slash - path), path);
		*base = slash + 1;
	}
}

/* The suffix of \a name after "base.", if all \a digits long (0: any
 * number of digits, at least one); NULL otherwise. */
static const char *
suffix_of(const char *name, const char *base, size_t digits)
{
	size_t bl = strlen(base);
	if (strncmp(name, base, bl) != 0 || name[bl] != '.') {
		return NULL;
	}
	const char *s = name + bl + 1;
	size_t n = strspn(s, "0123456789");
	if (n == 0 || s[n] != '\0' || (digits != 0 && n != digits)) {
		return NULL;
	}
	return s;
}

/* Greatest version number present (-1 if none); removes those >= keep
 * (keep = UINT32_MAX: none). */
static long
scan_versions(const char *path, uint32_t keep)
{
	char dir[PATH_MAX], full[PATH_MAX + 32];
	const char *base;
	long greatest = -1;
	split_path(path, dir, sizeof(dir), &base);
	DIR *d = opendir(dir);
	if (d == NULL) {
		return -1;
	}
	for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
		const char *s = suffix_of(e->d_name, base, 0);
		if (s == NULL || strlen(s) > 6) {
			continue;
		}
		long v = strtol(s, NULL, 10);
		if (v > LOGFILE_MAXVER) {
			continue;
		}
		if (keep != UINT32_MAX && v >= (long)keep) {
			snprintf(full, sizeof(full), "%s.%ld", path, v);
			(void)unlink(full);
		} else if (v > greatest) {
			greatest = v;
		}
	}
	closedir(d);
	return greatest;
}

static void
roll_increment(log_channel_t *ch)
{
	char from[PATH_MAX + 32], to[PATH_MAX + 32];
	uint32_t n = ch->versions;
	if (n == 0) {
		(void)unlink(ch->path);
		return;
	}
	long top = scan_versions(ch->path, n == UINT32_MAX ? n : n - 1);
	for (long i = top; i >= 0; i--) {
		snprintf(from, sizeof(from), "%s.%ld", ch->path, i);
		snprintf(to, sizeof(to), "%s.%ld", ch->path, i + 1);
		(void)rename(from, to);
	}
	snprintf(to, sizeof(to), "%s.0", ch->path);
	(void)rename(ch->path, to);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove the oldest file.TIMESTAMP beyond \a keep. */
static void
prune_timestamps(const char *path, uint32_t keep)
{
	char dir[PATH_MAX], full[PATH_MAX + 32];
	const char *base;
	char **names = ditto_calloc(LOGFILE_MAXLIST, sizeof(*names));
	size_t n = 0;
	split_path(path, dir, sizeof(dir), &base);
	DIR *d = opendir(dir);
	for (struct dirent *e = d != NULL ? readdir(d) : NULL;
	     e != NULL && n < LOGFILE_MAXLIST; e = readdir(d)) {
		const char *s = suffix_of(e->d_name, base, LOGFILE_TSLEN);
		if (s != NULL) {
			names[n++] = ditto_strdup(s);
		}
	}
	if (d != NULL) {
		closedir(d);
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (n - i > keep) {
			snprintf(full, sizeof(full), "%s.%s", path, names[i]);
			(void)unlink(full);
		}
		ditto_free(names[i]);
	}
	ditto_free(names);
}

void
log__file_roll(log_channel_t *ch, const struct timeval *now)
{
	if (!ch->suffix_ts) {
		roll_increment(ch);
		return;
	}
	char to[PATH_MAX + 32];
	struct tm tm;
	time_t t = now->tv_sec;
	gmtime_r(&t, &tm);
	snprintf(to, sizeof(to), "%s.%04d%02d%02d%02d%02d%02d%03ld", ch->path,
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, (long)(now->tv_usec / 1000));
	(void)rename(ch->path, to);
	if (ch->versions != UINT32_MAX) {
		prune_timestamps(ch->path, ch->versions);
	}
}

void
log__file_write(log_channel_t *ch, const char *line, size_t len)
{
	pthread_mutex_lock(&ch->lock);
	if (ch->maxsize > 0 && ch->size >= ch->maxsize) {
		if (!ch->versions_set) {
			goto unlock; /* named: full, no more writes */
		}
		struct timeval now;
		gettimeofday(&now, NULL);
		if (ch->fd >= 0) {
			close(ch->fd);
			ch->fd = -1;
		}
		log__file_roll(ch, &now);
	}
	if (ch->fd < 0 && log__file_open(ch) != DITTO_R_SUCCESS) {
		goto unlock;
	}
	ssize_t w = write(ch->fd, line, len);
	if (w > 0) {
		ch->size += (uint64_t)w;
	}
unlock:
	pthread_mutex_unlock(&ch->lock);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Logging internals shared by log.c, logconf.c, logfile.c and the tests. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "log.h"

/*! Where a channel writes. */
typedef enum log_dest {
	LOG_DEST_NULL = 0,
	LOG_DEST_FILE,
	LOG_DEST_SYSLOG,
	LOG_DEST_STDERR,
} log_dest_t;

/*! print-time. */
typedef enum log_timefmt {
	LOG_TIME_NONE = 0,    /*!< no, or not written */
	LOG_TIME_LOCAL,       /*!< yes / local: "21-Nov-2026 05:27:38.700" */
	LOG_TIME_ISO8601,     /*!< "2026-11-21T05:27:38.700" (local) */
	LOG_TIME_ISO8601_UTC, /*!< "2026-11-21T05:27:38.700Z" */
} log_timefmt_t;

/*
 * Severities as one integer, as BIND orders them: critical -5, error -4,
 * warning -3, notice -2, info -1, debug N is N (>= 1). A line passes a
 * channel when its level is <= the channel's.
 */
#define LOG_SEV_CRITICAL (-5)
#define LOG_SEV_INFO     (-1)

/*! \brief The integer severity of a line (\a dlevel for debug, >= 1). */
int log__sev(log_level_t level, unsigned int dlevel);

/*! A channel. Immutable once in a set, but for the file state. */
typedef struct log_channel {
	char *name;           /*!< channel name */
	log_dest_t dest;      /*!< destination */
	int facility;         /*!< syslog facility (LOG_DAEMON...) */
	int sev;              /*!< severity threshold (see above) */
	bool dynamic;         /*!< severity dynamic: the debug level */
	bool debugonly;       /*!< writes only while debug level > 0 */
	log_timefmt_t ptime;  /*!< print-time */
	bool pcat, psev;      /*!< print-category, print-severity */
	char *path;           /*!< file path (relative to `directory`) */
	uint64_t maxsize;     /*!< size, 0 = unlimited */
	bool versions_set;    /*!< versions written */
	uint32_t versions;    /*!< versions, UINT32_MAX = unlimited */
	bool suffix_ts;       /*!< suffix timestamp */
	pthread_mutex_t lock; /*!< protects fd, size, stopped */
	int fd;               /*!< open file or -1 */
	uint64_t size;        /*!< current file size */
} log_channel_t;

/*! A complete channel set: what log_configure() swaps. */
typedef struct log_set {
	log_channel_t **chans;           /*!< every channel, owned */
	size_t nchans;                   /*!< how many */
	log_channel_t **cat[LOG_CAT_NR]; /*!< NULL-terminated per category */
	int maxsev;    /*!< highest non-dynamic channel severity in use */
	bool querycat; /*!< a `queries` category was configured */
} log_set_t;

/*! \brief A new channel (dest NULL, fd -1); caller fills it in. */
log_channel_t *log__channel_create(const char *name);

/*!
 * \brief The prefix of a line for \a ch: time, category, severity, each
 * followed by the separator named uses. \return its length (< size).
 */
size_t log__prefix(const log_channel_t *ch, log_category_t cat, int sev,
                   const struct timeval *tv, char *buf, size_t size);

/*! \brief Category name as named prints it. */
const char *log__catname(log_category_t cat);

/*! \brief Index of a BIND category name, or LOG_CAT_NR if dittod has no
 * such category (accepted, routes nothing). */
log_category_t log__catbyname(const char *name);

/*!
 * \brief Open \a ch's file (O_APPEND|O_CREAT, 0644) and read its size.
 * \retval DITTO_R_SUCCESS, DITTO_R_FILENOTFOUND, DITTO_R_IOERROR
 * Thread safety: the channel is not shared yet, or its lock is held.
 */
ditto_result_t log__file_open(log_channel_t *ch);

/*!
 * \brief Append \a line to \a ch's file, rolling it first when its size
 * reached `size` (versions: rename; none: stop writing, as named).
 * Thread safety: takes the channel lock.
 */
void log__file_write(log_channel_t *ch, const char *line, size_t len);

/*! \brief Rename the versions (file -> file.0 -> ...) or to the timestamp
 * suffix; remove the oldest beyond `versions`. Lock held, fd closed. */
void log__file_roll(log_channel_t *ch, const struct timeval *now);

/*! \brief Close and free every channel of \a set, then \a set. */
void log__set_destroy(log_set_t **set);

/*! \brief -g's set: one stderr channel, dynamic, time + category +
 * severity, for every category. */
log_set_t *log__set_stderr(void);

/*! \brief named's default set without a logging statement: default_syslog
 * (daemon, info) and default_debug (named.run, dynamic, debug only, opened
 * on first write). */
log_set_t *log__set_default(void);

/*!
 * \brief The set of \a cfg's logging statement (named's rules: a category
 * not written uses `default`'s channels; `default` not written is
 * default_syslog + default_debug; unmatched goes to null). Opens files.
 * \param[out] out assigned on success.
 */
ditto_result_t log__set_fromconfig(const struct ditto_config *cfg,
                                   log_set_t **out, char *why, size_t whysz);

/*! \brief Finish a set: the per-category maxsev. */
void log__set_finish(log_set_t *set);

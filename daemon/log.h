/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's logging facade: stderr (-g) or syslog, BIND's categories. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>

/*! BIND's category names (a later issue maps `logging {}` onto them). */
typedef enum log_category {
	LOG_CAT_GENERAL = 0,
	LOG_CAT_CONFIG,
	LOG_CAT_NETWORK,
	LOG_CAT_QUERIES,
	LOG_CAT_SECURITY,
	LOG_CAT_ZONE,
	LOG_CAT_NOTIFY,
	LOG_CAT_XFER_IN,
	LOG_CAT_XFER_OUT,
	LOG_CAT_NR
} log_category_t;

/*! Severities, in syslog order. */
typedef enum log_level {
	LOG_LVL_CRITICAL = 2,
	LOG_LVL_ERROR = 3,
	LOG_LVL_WARNING = 4,
	LOG_LVL_NOTICE = 5,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
} log_level_t;

/*!
 * \brief Choose the destination: stderr when \a to_stderr (named -g),
 * syslog (facility daemon) otherwise. \a debuglevel is -d.
 * Thread safety: call before any thread starts.
 */
void log_init(const char *progname, bool to_stderr, unsigned int debuglevel);

/*! \brief Switch to syslog (after daemonizing without -g). */
void log_tosyslog(void);

/*!
 * \brief While on, lines of severity error and worse also go to stderr
 * when the destination is syslog (startup failures are then seen by the
 * operator who started dittod). Off once the server runs.
 */
void log_mirror_errors(bool on);

/*! \brief The -d level. */
unsigned int log_debuglevel(void);

/*!
 * \brief Change the debug level (rndc trace / notrace).
 * Thread safety: safe (relaxed atomic).
 */
void log_setdebuglevel(unsigned int level);

/*!
 * \brief Whether queries are logged (rndc querylog; `status` shows it).
 * The query log lines themselves are written by the query path.
 * Thread safety: safe (relaxed atomic).
 */
bool log_querylog(void);

/*! \brief Turn query logging on or off. Thread safety: safe. */
void log_setquerylog(bool on);

/*!
 * \brief Log one line: "<time> <category>: <severity>: <text>" on stderr,
 * the same without the time on syslog. Lines are built in a local buffer
 * and written with one write(2), so threads never interleave within a
 * line; no lock is taken.
 * Thread safety: safe from any thread. Query workers log only rare events
 * (socket errors), never per query.
 */
void log_write(log_category_t cat, log_level_t level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*! \brief log_write() with a va_list. */
void log_vwrite(log_category_t cat, log_level_t level, const char *fmt,
                va_list ap) __attribute__((format(printf, 3, 0)));

/*! \brief A debug line of level \a dlevel ("debug 3:", as named). */
void log_writedebug(unsigned int dlevel, log_category_t cat, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));

/*! \brief Debug line, written only when -d >= \a level. */
#define log_debug(lvl, cat, ...)                                   \
	do {                                                       \
		if (log_debuglevel() >= (lvl)) {                   \
			log_writedebug((lvl), (cat), __VA_ARGS__); \
		}                                                  \
	} while (0)

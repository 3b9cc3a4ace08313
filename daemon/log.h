/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's logging: BIND's channels and categories (`logging {}`). */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

struct ditto_config;

/*! BIND's category names; `logging { category NAME { ... }; }` maps
 * one-to-one (LOG_CAT_ZONE is BIND's "general"). */
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
	LOG_CAT_QUERY_ERRORS,
	LOG_CAT_LAME_SERVERS,
	LOG_CAT_UNMATCHED,
	LOG_CAT_EDNS_DISABLED,
	LOG_CAT_UPDATE,
	LOG_CAT_UPDATE_SECURITY,
	LOG_CAT_ZONELOAD,
	LOG_CAT_CLIENT,
	LOG_CAT_DNSSEC,
	LOG_CAT_DATABASE,
	LOG_CAT_RATE_LIMIT,
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
 * \brief Choose the destination until log_configure(): stderr when
 * \a to_stderr (named -g: every category, time, category and severity),
 * syslog (facility daemon, as named's default_syslog) otherwise.
 * \a debuglevel is -d.
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
 * \brief Log one line to the channels of \a cat whose severity admits
 * \a level. The text is formatted on the calling thread; each channel
 * adds its own prefixes (print-time, print-category, print-severity).
 * A file channel is written with one write(2) under its mutex (rotation
 * too); stderr with one write(2); syslog with one syslog(3).
 * Thread safety: safe from any thread; takes the channel set's read lock
 * and a file channel's mutex. Query workers log only rare events here
 * (socket errors); query lines go through log_query(), which never
 * blocks.
 */
void log_write(log_category_t cat, log_level_t level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*! \brief log_write() with a va_list. */
void log_vwrite(log_category_t cat, log_level_t level, const char *fmt,
                va_list ap) __attribute__((format(printf, 3, 0)));

/*! \brief A debug line of level \a dlevel ("debug 3:", as named). */
void log_writedebug(unsigned int dlevel, log_category_t cat, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));

/*!
 * \brief Whether a debug line of level \a level would reach a channel:
 * the debug level (-d, rndc trace) is at least \a level, or a channel has
 * `severity debug N` with N >= \a level (named logs those whatever the
 * debug level). Thread safety: safe (relaxed atomics).
 */
bool log_wouldlog_debug(unsigned int level);

/*! \brief Debug line, written only when some channel wants \a level. */
#define log_debug(lvl, cat, ...)                                   \
	do {                                                       \
		if (log_wouldlog_debug(lvl)) {                     \
			log_writedebug((lvl), (cat), __VA_ARGS__); \
		}                                                  \
	} while (0)

/*!
 * \brief Apply the `logging` statement of \a cfg (named's defaults when
 * it has none): build the new channel set off to the side (opening every
 * file channel, append mode, mode 0644), then swap it in under the write
 * lock and close the old one. With -g (log_init(to_stderr)) the statement
 * is not used, as named: everything still goes to stderr, but the files
 * are still opened (checked) as named does. When \a first, the query log
 * starts on if `querylog yes`, or, without the option, if a `queries`
 * category is configured (named's rule); a reload keeps the current state.
 * Starts the query log writer thread the first time.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND, DITTO_R_IOERROR  a file channel cannot be
 *         opened; the error is logged ("checking logging configuration
 *         failed: ...") and the previous channel set stays in use.
 * Ownership: \a cfg is only read; the set copies what it keeps.
 * Thread safety: one caller at a time (the main thread); safe against
 * concurrent logging from every other thread.
 */
ditto_result_t log_configure(const struct ditto_config *cfg, bool first);

/*!
 * \brief Stop the query log writer (draining its queue), then close every
 * channel and go back to log_init()'s destination.
 * Thread safety: call after every thread that logs queries has stopped.
 */
void log_shutdown(void);

/*! One query log line (named's `queries` category, severity info). */
typedef struct log_query {
	const void *id;     /*!< printed as "@0x...": the client object */
	const char *client; /*!< client address "127.0.0.1#53124" */
	const char *signer; /*!< TSIG key name or NULL ("/key NAME") */
	const char *view;   /*!< view name; NULL or "_default" omitted */
	const char *qname;  /*!< question name, text (no trailing dot) */
	const char *qclass; /*!< "IN" */
	const char *qtype;  /*!< "A" */
	const char *flags;  /*!< log_query_flags() */
	const char *dest;   /*!< the local address the query came to */
} log_query_t;

/*!
 * \brief Write named's query line: "client @0x7f.. 127.0.0.1#53124
 * (www.example.com): query: www.example.com IN A +E(0)K (127.0.0.1)".
 * Call only when log_querylog() is on. The line is formatted on the
 * calling thread and put on a bounded lock-free queue drained by the log
 * writer thread; when the queue is full the line is dropped and counted
 * (the writer later logs "N query log messages dropped").
 * Ownership: every string is copied before returning.
 * Thread safety: safe from any thread; never blocks and takes no lock
 * (a query worker may call it).
 */
void log_query(const log_query_t *q);

/*!
 * \brief named's query flags into \a buf (at least 16 bytes): '+' or
 * '-' (RD), 'S' signed, "E(v)" when EDNS (\a edns_version >= 0), 'T' TCP,
 * 'D' DO, 'C' CD, then 'V' valid server cookie or 'K' client cookie only.
 * \return \a buf.
 */
char *log_query_flags(char *buf, size_t size, bool rd, bool is_signed,
                      int edns_version, bool tcp, bool dnssec_ok, bool cd,
                      bool cookie_valid, bool cookie_sent);

/*! \brief Query log lines dropped since start (queue full). */
uint64_t log_query_dropped(void);

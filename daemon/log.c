/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's logging facade: stderr (-g) or syslog, BIND's categories. */
/*
 * The destination is chosen once at start (and switched to syslog once
 * after daemonizing); afterwards the state is only read. A line is
 * formatted into a stack buffer and written with one write(2) (stderr) or
 * one syslog(3) call, so no lock is needed and lines never interleave.
 */
#include "log.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static const char *const catnames[LOG_CAT_NR] = {
	[LOG_CAT_GENERAL] = "general",   [LOG_CAT_CONFIG] = "config",
	[LOG_CAT_NETWORK] = "network",   [LOG_CAT_QUERIES] = "queries",
	[LOG_CAT_SECURITY] = "security", [LOG_CAT_ZONE] = "general",
	[LOG_CAT_NOTIFY] = "notify",     [LOG_CAT_XFER_IN] = "xfer-in",
	[LOG_CAT_XFER_OUT] = "xfer-out",
};

static bool use_stderr = true;
static atomic_uint debug_level;
static atomic_bool mirror;
static atomic_bool querylog;

void
log_mirror_errors(bool on)
{
	atomic_store(&mirror, on);
}

static const char *
levelname(log_level_t level)
{
	switch (level) {
	case LOG_LVL_CRITICAL:
		return "critical";
	case LOG_LVL_ERROR:
		return "error";
	case LOG_LVL_WARNING:
		return "warning";
	case LOG_LVL_NOTICE:
		return "notice";
	case LOG_LVL_INFO:
		return "info";
	default:
		return "debug";
	}
}

void
log_init(const char *progname, bool to_stderr, unsigned int debuglevel)
{
	use_stderr = to_stderr;
	atomic_store(&debug_level, debuglevel);
	if (!to_stderr) {
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	}
}

void
log_tosyslog(void)
{
	if (use_stderr) {
		openlog("dittod", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		use_stderr = false;
	}
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
log_querylog(void)
{
	return atomic_load_explicit(&querylog, memory_order_relaxed);
}

void
log_setquerylog(bool on)
{
	atomic_store_explicit(&querylog, on, memory_order_relaxed);
}

static size_t
timestamp(char *buf, size_t size)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr",
		                             "May", "Jun", "Jul", "Aug",
		                             "Sep", "Oct", "Nov", "Dec" };
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	int n = snprintf(buf, size, "%02d-%s-%04d %02d:%02d:%02d.%03ld ",
	                 tm.tm_mday, mon[tm.tm_mon % 12], tm.tm_year + 1900,
	                 tm.tm_hour, tm.tm_min, tm.tm_sec,
	                 (long)(tv.tv_usec / 1000));
	return n < 0 ? 0 : ((size_t)n < size ? (size_t)n : size - 1);
}

/* The line of log_vwrite(); \a dlevel > 0 names the debug level as
 * named does ("debug 3:"). */
static void vwrite_line(log_category_t cat, log_level_t level,
                        unsigned int dlevel, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));

static void
vwrite_line(log_category_t cat, log_level_t level, unsigned int dlevel,
            const char *fmt, va_list ap)
{
	char line[2048];
	size_t pos = 0;
	const char *cname = cat < LOG_CAT_NR ? catnames[cat] : "general";
	if (use_stderr) {
		pos = timestamp(line, sizeof(line));
	}
	int n = dlevel > 0 && level == LOG_LVL_DEBUG
	                ? snprintf(line + pos, sizeof(line) - pos,
	                           "%s: debug %u: ", cname, dlevel)
	                : snprintf(line + pos, sizeof(line) - pos,
	                           "%s: %s: ", cname, levelname(level));
	if (n > 0) {
		pos += (size_t)n;
	}
	n = vsnprintf(line + pos, sizeof(line) - pos, fmt, ap);
	if (n > 0) {
		pos += (size_t)n;
	}
	if (pos > sizeof(line) - 2) {
		pos = sizeof(line) - 2;
	}
	if (!use_stderr) {
		line[pos] = '\0';
		syslog((int)level, "%s", line);
		if (level <= LOG_LVL_ERROR && atomic_load(&mirror)) {
			line[pos] = '\n';
			ssize_t m = write(STDERR_FILENO, line, pos + 1);
			(void)m;
		}
		return;
	}
	line[pos++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, pos);
	(void)w;
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

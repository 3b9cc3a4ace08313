/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The `logging` statement -> a channel set, with named's defaults. */
/*
 * named's predefined channels: default_syslog (syslog daemon, info),
 * default_debug (file "named.run", severity dynamic, print-time, written
 * only while the debug level is above 0), default_stderr (stderr, info)
 * and null. Without a `category default` the default category is
 * { default_syslog; default_debug; }; every category not written uses
 * the default's channels; `unmatched` goes to null unless written. A
 * category name dittod does not log to is accepted and routes nothing.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "parser/config.h"
#include "util/mem.h"

#include "log_p.h"

static void
set_add(log_set_t *set, log_channel_t *ch)
{
	set->chans = ditto_realloc(set->chans,
	                           (set->nchans + 1) * sizeof(*set->chans));
	set->chans[set->nchans++] = ch;
}

static log_channel_t *
set_find(const log_set_t *set, const char *name)
{
	/* user channels come after the predefined: the last one wins */
	for (size_t i = set->nchans; i > 0; i--) {
		if (strcmp(set->chans[i - 1]->name, name) == 0) {
			return set->chans[i - 1];
		}
	}
	return NULL;
}

/* The NULL-terminated list of \a n channels. */
static log_channel_t **
chanlist(log_channel_t *const *chans, size_t n)
{
	log_channel_t **l = ditto_calloc(n + 1, sizeof(*l));
	memcpy(l, chans, n * sizeof(*l));
	return l;
}

static log_set_t *
predefined(void)
{
	log_set_t *set = ditto_calloc(1, sizeof(*set));
	log_channel_t *ch = log__channel_create("default_syslog");
	ch->dest = LOG_DEST_SYSLOG;
	set_add(set, ch);
	ch = log__channel_create("default_debug");
	ch->dest = LOG_DEST_FILE;
	ch->path = ditto_strdup("named.run");
	ch->dynamic = ch->debugonly = true;
	ch->ptime = LOG_TIME_LOCAL;
	set_add(set, ch);
	ch = log__channel_create("default_stderr");
	ch->dest = LOG_DEST_STDERR;
	set_add(set, ch);
	set_add(set, log__channel_create("null"));
	return set;
}

log_set_t *
log__set_stderr(void)
{
	log_set_t *set = ditto_calloc(1, sizeof(*set));
	log_channel_t *ch = log__channel_create("default_stderr");
	ch->dest = LOG_DEST_STDERR;
	ch->dynamic = true;
	ch->ptime = LOG_TIME_LOCAL;
	ch->pcat = ch->psev = true;
	set_add(set, ch);
	for (int c = 0; c < LOG_CAT_NR; c++) {
		set->cat[c] = chanlist(&ch, 1);
	}
	log__set_finish(set);
	return set;
}

/* Route every category without a list to \a def, unmatched to null. */
static void
route_rest(log_set_t *set, log_channel_t **def, size_t ndef)
{
	if (set->cat[LOG_CAT_UNMATCHED] == NULL) {
		log_channel_t *null = set_find(set, "null");
		set->cat[LOG_CAT_UNMATCHED] = chanlist(&null, 1);
	}
	for (int c = 0; c < LOG_CAT_NR; c++) {
		if (set->cat[c] == NULL) {
			set->cat[c] = chanlist(def, ndef);
		}
	}
}

log_set_t *
log__set_default(void)
{
	log_set_t *set = predefined();
	log_channel_t *def[2] = { set_find(set, "default_syslog"),
		                  set_find(set, "default_debug") };
	route_rest(set, def, 2);
	log__set_finish(set);
	return set;
}

static int
facility(const char *name)
{
	static const struct {
		const char *name;
		int fac;
	} tab[] = {
		{ "kern", LOG_KERN },         { "user", LOG_USER },
		{ "mail", LOG_MAIL },         { "daemon", LOG_DAEMON },
		{ "auth", LOG_AUTH },         { "syslog", LOG_SYSLOG },
		{ "lpr", LOG_LPR },           { "news", LOG_NEWS },
		{ "uucp", LOG_UUCP },         { "cron", LOG_CRON },
		{ "authpriv", LOG_AUTHPRIV }, { "ftp", LOG_FTP },
		{ "local0", LOG_LOCAL0 },     { "local1", LOG_LOCAL1 },
		{ "local2", LOG_LOCAL2 },     { "local3", LOG_LOCAL3 },
		{ "local4", LOG_LOCAL4 },     { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 },     { "local7", LOG_LOCAL7 },
	};
	for (size_t i = 0; name != NULL && i < sizeof(tab) / sizeof(*tab);
	     i++) {
		if (strcasecmp(name, tab[i].name) == 0) {
			return tab[i].fac;
		}
	}
	return LOG_DAEMON;
}

static void
severity(log_channel_t *ch, const ditto_config_channel_t *c)
{
	static const char *const names[] = { "critical", "error", "warning",
		                             "notice", "info" };
	const char *s = c->severity != NULL ? c->severity : "info";
	if (strcasecmp(s, "dynamic") == 0) {
		ch->dynamic = true;
		return;
	}
	if (strcasecmp(s, "debug") == 0) {
		ch->sev = c->debug_level == 0 ? 1 : (int)c->debug_level;
		if (ch->sev > 99) {
			ch->sev = 99;
		}
		return;
	}
	for (int i = 0; i < 5; i++) {
		if (strcasecmp(s, names[i]) == 0) {
			ch->sev = LOG_SEV_CRITICAL + i;
		}
	}
}

static log_timefmt_t
timefmt(const ditto_config_channel_t *c)
{
	const char *t = c->print_time_fmt;
	if (t == NULL) {
		return LOG_TIME_NONE;
	}
	if (strcasecmp(t, "iso8601") == 0) {
		return LOG_TIME_ISO8601;
	}
	if (strcasecmp(t, "iso8601-utc") == 0) {
		return LOG_TIME_ISO8601_UTC;
	}
	if (strcasecmp(t, "local") == 0) {
		return LOG_TIME_LOCAL;
	}
	return c->print_time ? LOG_TIME_LOCAL : LOG_TIME_NONE;
}

static log_channel_t *
user_channel(const ditto_config_channel_t *c)
{
	log_channel_t *ch = log__channel_create(c->name);
	if (c->file != NULL) {
		ch->dest = LOG_DEST_FILE;
		ch->path = ditto_strdup(c->file);
		ch->maxsize = c->size;
		ch->versions_set = c->versions_set;
		ch->versions = c->versions;
		ch->suffix_ts = c->suffix_timestamp;
	} else if (c->syslog != NULL) {
		ch->dest = LOG_DEST_SYSLOG;
		ch->facility = facility(c->syslog);
	} else if (c->to_stderr) {
		ch->dest = LOG_DEST_STDERR;
	}
	severity(ch, c);
	ch->ptime = timefmt(c);
	ch->pcat = c->print_category;
	ch->psev = c->print_severity;
	return ch;
}

/* The channels of a `category` statement (unknown names skipped). */
static log_channel_t **
cat_channels(const log_set_t *set, const ditto_config_category_t *g, size_t *np)
{
	size_t n = 0, cap = 0;
	log_channel_t **l = NULL;
	for (size_t i = 0; g->channels != NULL && g->channels[i] != NULL; i++) {
		log_channel_t *ch = set_find(set, g->channels[i]);
		if (ch == NULL) {
			continue;
		}
		if (n + 1 >= cap) {
			cap = cap == 0 ? 4 : cap * 2;
			l = ditto_realloc(l, cap * sizeof(*l));
		}
		l[n++] = ch;
	}
	if (l == NULL) {
		l = ditto_calloc(1, sizeof(*l));
	}
	l[n] = NULL;
	*np = n;
	return l;
}

static void
route_categories(log_set_t *set, const ditto_config_t *cfg)
{
	log_channel_t **def = NULL;
	size_t ndef = 0;
	for (const ditto_config_category_t *g = cfg->categories; g != NULL;
	     g = g->next) {
		size_t n;
		if (strcmp(g->name, "default") == 0) {
			if (def == NULL) {
				def = cat_channels(set, g, &ndef);
			}
			continue;
		}
		log_category_t c = log__catbyname(g->name);
		set->querycat |= strcmp(g->name, "queries") == 0;
		if (c == LOG_CAT_NR || set->cat[c] != NULL) {
			continue;
		}
		set->cat[c] = cat_channels(set, g, &n);
		if (c == LOG_CAT_GENERAL) { /* dittod's zone lines */
			set->cat[LOG_CAT_ZONE] = chanlist(set->cat[c], n);
		}
	}
	if (def == NULL) {
		log_channel_t *d[2] = { set_find(set, "default_syslog"),
			                set_find(set, "default_debug") };
		route_rest(set, d, 2);
	} else {
		route_rest(set, def, ndef);
		ditto_free(def);
	}
}

ditto_result_t
log__set_fromconfig(const ditto_config_t *cfg, log_set_t **out, char *why,
                    size_t whysz)
{
	log_set_t *set = predefined();
	for (const ditto_config_channel_t *c = cfg->channels; c != NULL;
	     c = c->next) {
		log_channel_t *ch = user_channel(c);
		set_add(set, ch);
		if (ch->dest != LOG_DEST_FILE) {
			continue;
		}
		ditto_result_t r = log__file_open(ch);
		if (r != DITTO_R_SUCCESS) {
			snprintf(why, whysz,
			         "logging channel '%s' file '%s': %s", ch->name,
			         ch->path, ditto_result_totext(r));
			log__set_destroy(&set);
			return r;
		}
	}
	route_categories(set, cfg);
	log__set_finish(set);
	*out = set;
	return DITTO_R_SUCCESS;
}

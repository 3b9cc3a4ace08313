/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Control-channel commands: dispatch and the server-wide commands. */
/*
 * ctlcmd_run() splits the line, applies named's read-only rule (only
 * null, status, showzone, testgen, zonestatus and nta pass on a
 * read-only channel; anything else, known or not, gets 25 `failure`),
 * logs the command as named does, and runs the row of ctlcmd_server[]
 * or ctlzone_cmds[] whose name matches the first word in any case.
 * An unknown word gets 172 `unknown command`.
 *
 * Texts, result codes and log lines follow named 9.18 (compared with
 * rndc against named in tests/system/control).
 */
#include "ctlcmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "control/resultmap.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "zone/dump.h"

#include "log.h"
#include "server.h"
#include "stats.h"
#include "xferin.h"

#ifndef DITTO_VERSION
#define DITTO_VERSION "0.1.0"
#endif

/* ---- reply text ---- */

void
ctlout_printf(ctlout_t *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		return;
	}
	if (o->len + (size_t)n + 1 > o->cap) {
		size_t cap = o->cap == 0 ? 256 : o->cap;
		while (cap < o->len + (size_t)n + 1) {
			cap *= 2;
		}
		o->text = ditto_realloc(o->text, cap);
		o->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(o->text + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

void
ctlout_clear(ctlout_t *o)
{
	ditto_free(o->text);
	o->text = NULL;
	o->len = o->cap = 0;
}

/* ---- splitting and lookup ---- */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Split \a line into \a a (the words point into \a buf). */
static bool
split(const char *line, char *buf, ctlargs_t *a)
{
	memset(a, 0, sizeof(*a));
	a->line = line;
	a->rest = "";
	strcpy(buf, line);
	char *p = buf;
	for (;;) {
		while (is_blank(*p)) {
			p++;
		}
		if (*p == '\0') {
			return true;
		}
		if (a->argc == CTLCMD_MAXARGS) {
			return false;
		}
		if (a->argc == 1) {
			a->rest = line + (p - buf);
		}
		a->argv[a->argc++] = p;
		while (*p != '\0' && !is_blank(*p)) {
			p++;
		}
		if (*p != '\0') {
			*p++ = '\0';
		}
	}
}

const ctlcmd_t *
ctlcmd_find(const ctlcmd_t *tab, size_t n, const char *name)
{
	for (size_t i = 0; i < n && tab[i].name != NULL; i++) {
		if (strcasecmp(tab[i].name, name) == 0) {
			return &tab[i];
		}
	}
	return NULL;
}

/* named's list of commands a read-only channel may run. */
static bool
readonly_ok(const char *cmd)
{
	static const char *const ok[] = { "nta",      "null",    "status",
		                          "showzone", "testgen", "zonestatus" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (strcasecmp(cmd, ok[i]) == 0) {
			return true;
		}
	}
	return false;
}

void
ctlcmd_run(const ctlctx_t *ctx, const char *line, ctlout_t *out)
{
	char *buf = ditto_malloc(strlen(line) + 1);
	ctlargs_t a;
	out->result = DITTO_RESULTMAP_SUCCESS;
	if (!split(line, buf, &a)) {
		out->result = DITTO_RESULTMAP_RANGE;
		goto done;
	}
	if (a.argc == 0) {
		out->result = DITTO_RESULTMAP_FAILURE;
		goto done;
	}
	const char *cmd = a.argv[0];
	bool quiet = strcasecmp(cmd, "status") == 0 ||
	             (strcasecmp(cmd, "null") == 0 && strlen(line) == 4);
	log_level_t lvl = quiet ? LOG_LVL_DEBUG : LOG_LVL_INFO;
	if (!quiet || log_debuglevel() >= 1) {
		if (ctx->read_only && !readonly_ok(cmd)) {
			log_write(LOG_CAT_GENERAL, lvl,
			          "rejecting restricted control channel "
			          "command '%s'",
			          line);
		} else {
			log_write(LOG_CAT_GENERAL, lvl,
			          "received control channel command '%s'",
			          line);
		}
	}
	if (ctx->read_only && !readonly_ok(cmd)) {
		out->result = DITTO_RESULTMAP_FAILURE;
		goto done;
	}
	const ctlcmd_t *c = ctlcmd_find(ctlcmd_server, ctlcmd_nserver, cmd);
	if (c == NULL) {
		c = ctlcmd_find(ctlzone_cmds, ctlzone_ncmds, cmd);
	}
	if (c == NULL) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
		          "unknown control channel command '%s'", cmd);
		out->result = DITTO_RESULTMAP_UNKNOWNCOMMAND;
		goto done;
	}
	c->fn(ctx, &a, out);
done:
	ditto_free(buf);
}

/* ---- small commands ---- */

static void
cmd_null(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	(void)ctx;
	(void)a;
	(void)out;
}

static void
cmd_stop(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	bool flush = strcasecmp(a->argv[0], "stop") == 0;
	if (a->argc > 1 && strcmp(a->argv[1], "-p") == 0) {
		ctlout_printf(out, "pid: %ld", (long)getpid());
	}
	ctx->srv->flush_on_shutdown = flush;
	ctl_shutdown(ctx->srv, flush);
}

static void
cmd_trace(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	(void)ctx;
	unsigned int level = log_debuglevel();
	if (a->argc == 1) {
		if (level < 99) {
			level++;
		}
	} else {
		char *end;
		errno = 0;
		long v = strtol(a->argv[1], &end, 10);
		if (errno != 0 || *end != '\0' || end == a->argv[1] || v < 0 ||
		    v > 99) {
			out->result = DITTO_RESULTMAP_RANGE;
			return;
		}
		level = (unsigned int)v;
	}
	log_setdebuglevel(level);
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "debug level is now %u",
	          level);
}

static void
cmd_notrace(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	(void)ctx;
	(void)a;
	(void)out;
	log_setdebuglevel(0);
}

static bool
word_in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(w, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

static void
cmd_querylog(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	static const char *const on[] = { "on", "yes", "enable", "true" };
	static const char *const off[] = { "off", "no", "disable", "false" };
	(void)ctx;
	bool prev = log_querylog(), value = !prev;
	if (a->argc > 1) {
		if (word_in(a->argv[1], on, 4)) {
			value = true;
		} else if (word_in(a->argv[1], off, 4)) {
			value = false;
		} else {
			out->result = DITTO_RESULTMAP_SYNTAX;
			return;
		}
	}
	if (value == prev) {
		return;
	}
	log_setquerylog(value);
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "query logging is now %s",
	          value ? "on" : "off");
}

static void
do_reload(const ctlctx_t *ctx, bool reconfig, ctlout_t *out)
{
	ditto_err_t err = { 0 };
	ditto_result_t r = ctl_reload(ctx->srv, reconfig, &err);
	if (r != DITTO_R_SUCCESS) {
		out->result = ditto_resultmap_fromresult(r);
		return;
	}
	if (!reconfig) {
		ctlout_printf(out, "server reload successful");
	}
}

static void
cmd_reload(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	if (a->argc > 1) {
		const ctlcmd_t *z =
		        ctlcmd_find(ctlzone_cmds, ctlzone_ncmds, "reload");
		if (z == NULL) {
			out->result = DITTO_RESULTMAP_NOTIMPLEMENTED;
			return;
		}
		z->fn(ctx, a, out);
		return;
	}
	do_reload(ctx, false, out);
}

static void
cmd_reconfig(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	(void)a;
	do_reload(ctx, true, out);
}

/* ---- status ---- */

void
ctl_httpdate(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static bool
is_builtin(const view_t *v)
{
	return strcmp(v->name, "_bind") == 0 && v->rclass == DITTO_CLASS_CH;
}

/* Zones as named counts them, from the published snapshot. */
static void
count_zones(server_t *srv, unsigned int *zones, uint32_t *tcp_quota)
{
	*zones = 0;
	*tcp_quota = 150;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	if (tab != NULL) {
		*tcp_quota = tab->conf.tcp_clients;
		*zones = tab->zones_named;
	}
	rcu_read_unlock();
	server_read_done(srv);
}

static void
cmd_status(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	server_t *srv = ctx->srv;
	char host[256] = "localhost", boot[64], conf[64];
	struct utsname u;
	unsigned int zones, xfers = 0, deferred = 0, soa = 0;
	uint32_t tcpq;
	(void)a;
	(void)gethostname(host, sizeof(host) - 1);
	if (uname(&u) != 0) {
		memset(&u, 0, sizeof(u));
	}
	ctl_httpdate(srv->boot_time, boot, sizeof(boot));
	ctl_httpdate(atomic_load(&srv->last_configured), conf, sizeof(conf));
	count_zones(srv, &zones, &tcpq);
	if (srv->xferin != NULL) {
		xferin_counts(srv->xferin, &xfers, &deferred, &soa);
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	/*
	 * named prints "version: BIND 9.18.x (...) <id:...>". dittod says
	 * what it is: a drop-in must not pretend to be BIND here (operators
	 * read this line to know what runs), and scripts rarely parse it;
	 * those that only check the "version: " prefix keep working.
	 */
	ctlout_printf(out, "version: ditto %s (dittod) <id:>\n", DITTO_VERSION);
	ctlout_printf(out, "running on %s: %s %s %s %s\n", host, u.sysname,
	              u.machine, u.release, u.version);
	ctlout_printf(out, "boot time: %s\nlast configured: %s\n", boot, conf);
	ctlout_printf(out, "configuration file: %s\n", srv->args.conffile);
	ctlout_printf(out, "CPUs found: %ld\nworker threads: %u\n",
	              cpus > 0 ? cpus : 1, srv->nworkers);
	ctlout_printf(out, "UDP listeners per interface: %u\n", srv->nworkers);
	/* named's count (srvtab_named_zones()); dittod creates none of
	 * named's automatic empty zones, so 0 automatic */
	ctlout_printf(out, "number of zones: %u (0 automatic)\n", zones);
	ctlout_printf(out, "debug level: %u\n", log_debuglevel());
	ctlout_printf(out, "xfers running: %u\nxfers deferred: %u\n", xfers,
	              deferred);
	ctlout_printf(out, "soa queries in progress: %u\n", soa);
	ctlout_printf(out, "query logging is %s\n",
	              log_querylog() ? "ON" : "OFF");
	ctlout_printf(out, "recursive clients: 0/900/1000\n");
	ctlout_printf(
	        out, "tcp clients: %u/%u\n",
	        atomic_load_explicit(&srv->tcp_conns, memory_order_relaxed),
	        tcpq);
	ctlout_printf(out, "TCP high-water: %u\n",
	              atomic_load_explicit(&srv->tcp_highwater,
	                                   memory_order_relaxed));
	int rs = atomic_load(&srv->reload_state);
	if (rs == SERVER_RELOAD_RUNNING) {
		ctlout_printf(out, "reload/reconfig in progress\n");
	} else if (rs == SERVER_RELOAD_FAILED) {
		ctlout_printf(out, "reload/reconfig failed\n");
	}
	ctlout_printf(out, "server is up and running");
}

/* ---- stats ---- */

/* The view names of the snapshot, as named.stats writes them. */
static size_t
view_names(server_t *srv, char ***names)
{
	size_t n = 0;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	*names = ditto_calloc(tab != NULL ? tab->nviews + 1 : 1,
	                      sizeof(**names));
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		const char *v = tab->views[i].name;
		(*names)[n++] = ditto_strdup(
		        strcmp(v, "_default") == 0 ? "default" : v);
	}
	rcu_read_unlock();
	server_read_done(srv);
	return n;
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ditto_free(names[i]);
	}
	ditto_free(names);
}

/* named's statistics dump (stats.c) of the server's counters. */
static void
write_stats(server_t *srv, FILE *fp, char **views, size_t nviews, int64_t now)
{
	stats_dump(
	        srv->stats, fp, (const char *const *)views, nviews,
	        atomic_load_explicit(&srv->tcp_highwater, memory_order_relaxed),
	        now);
}

/* named's result for a failed open(2): its code and text. */
static uint32_t
errno_result(int e, const char **text)
{
	uint32_t code = DITTO_RESULTMAP_FAILURE;
	switch (e) {
	case ENOENT:
		code = DITTO_RESULTMAP_FILENOTFOUND;
		break;
	case EACCES:
	case EPERM:
	case EROFS:
		code = DITTO_RESULTMAP_NOPERM;
		break;
	default:
		*text = strerror(e);
		return code;
	}
	*text = ditto_resultmap_totext(code);
	return code;
}

/*
 * statistics-file or dump-file of the published configuration (a copy,
 * the caller frees it). A relative path is opened from the working
 * directory, which is `directory`, as named does.
 */
static char *
conf_path(server_t *srv, bool dump)
{
	char *path = NULL;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	if (tab != NULL) {
		const char *p =
		        dump ? tab->conf.dump_file : tab->conf.statistics_file;
		path = p != NULL ? ditto_strdup(p) : NULL;
	}
	rcu_read_unlock();
	server_read_done(srv);
	if (path == NULL) {
		path = ditto_strdup(dump ? "named_dump.db" : "named.stats");
	}
	return path;
}

static void
cmd_stats(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	char **views;
	(void)a;
	size_t n = view_names(ctx->srv, &views);
	char *path = conf_path(ctx->srv, false);
	FILE *fp = fopen(path, "a");
	if (fp == NULL) {
		const char *why;
		out->result = errno_result(errno, &why);
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "could not open statistics dump file '%s': %s", path,
		          why);
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "dumpstats failed: %s", why);
		ditto_free(path);
		free_names(views, n);
		return;
	}
	ditto_free(path);
	write_stats(ctx->srv, fp, views, n, (int64_t)time(NULL));
	bool bad = ferror(fp) != 0;
	bad = fclose(fp) != 0 || bad;
	free_names(views, n);
	if (bad) {
		out->result = DITTO_RESULTMAP_FAILURE;
		return;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "dumpstats complete");
}

/* ---- dumpdb ---- */

/*! What `rndc dumpdb` writes. */
typedef struct dumpopts {
	bool cache; /*!< the (empty) cache sections */
	bool zones; /*!< the zones */
	bool adb;   /*!< the address database sections after zones */
} dumpopts_t;

/* One zone pinned for the dump (outside the read-side section). */
typedef struct dumpzone {
	char *name;               /*!< "example.com/IN" */
	ditto_version_t *version; /*!< attached, NULL: none */
	bool builtin;             /*!< a built-in CH zone */
} dumpzone_t;

typedef struct dumpview {
	char *name;        /*!< view name */
	bool builtin;      /*!< the built-in CH view */
	dumpzone_t *zones; /*!< its zones */
	size_t nzones;     /*!< count */
} dumpview_t;

static size_t
pin_views(server_t *srv, const char *only, dumpview_t **out)
{
	size_t n = 0;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	size_t nv = tab != NULL ? tab->nviews : 0;
	dumpview_t *dv = ditto_calloc(nv + 1, sizeof(*dv));
	for (size_t i = 0; i < nv; i++) {
		const view_t *v = &tab->views[i];
		if (only != NULL && strcmp(only, v->name) != 0) {
			continue;
		}
		dumpview_t *d = &dv[n++];
		d->name = ditto_strdup(v->name);
		d->builtin = is_builtin(v);
		d->zones = ditto_calloc(v->nzones + 1, sizeof(*d->zones));
		for (size_t j = 0; j < v->nzones; j++) {
			const zone_t *z = v->zones[j];
			const ditto_version_t *ver = zone_version(z);
			d->zones[j].name = ditto_strdup(z->name);
			d->zones[j].builtin = d->builtin;
			if (ver != NULL) {
				ditto_version_attach((ditto_version_t *)ver,
				                     &d->zones[j].version);
			}
		}
		d->nzones = v->nzones;
	}
	rcu_read_unlock();
	server_read_done(srv);
	*out = dv;
	return n;
}

static void
unpin_views(dumpview_t *dv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < dv[i].nzones; j++) {
			ditto_free(dv[i].zones[j].name);
			ditto_version_detach(&dv[i].zones[j].version);
		}
		ditto_free(dv[i].zones);
		ditto_free(dv[i].name);
	}
	ditto_free(dv);
}

static void
dump_adb(FILE *fp)
{
	fputs(";\n; Address database dump\n;\n; [edns success/timeout]\n"
	      "; [plain success/timeout]\n;\n;\n; Unassociated entries\n"
	      ";\n;\n; Bad cache\n;\n;\n; SERVFAIL cache\n;\n",
	      fp);
}

static void
dump_cache(FILE *fp, const char *view)
{
	char date[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%d%H%M%S", &tm);
	fprintf(fp,
	        ";\n; Cache dump of view '%s' (cache %s)\n;\n"
	        "; using a 0 second stale ttl\n$DATE %s\n",
	        view, view, date);
	dump_adb(fp);
}

static void
dump_zone(FILE *fp, const dumpzone_t *z)
{
	fprintf(fp, ";\n; Zone dump of '%s'\n;\n", z->name);
	if (z->builtin || z->version == NULL) {
		fputs("; not implemented\n", fp);
		return;
	}
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	if (ditto_dump_version(&d, z->version) != DITTO_R_SUCCESS) {
		fputs("; dump failed\n", fp);
	}
	ditto_dump_clear(&d);
}

static void
dump_views(FILE *fp, const dumpview_t *dv, size_t n, const dumpopts_t *o)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, ";\n; Start view %s\n;\n", dv[i].name);
		if (o->cache) {
			dump_cache(fp, dv[i].name);
		}
		for (size_t j = 0; o->zones && j < dv[i].nzones; j++) {
			dump_zone(fp, &dv[i].zones[j]);
		}
		if (o->adb && !dv[i].builtin) {
			dump_adb(fp);
		}
	}
	fputs("; Dump complete\n", fp);
}

/* named's options: -all, -cache (default), -zones, -adb, -bad, -fail,
 * -expired; the first other word names a view. */
static bool
dump_parse(const ctlargs_t *a, dumpopts_t *o, const char **view, ctlout_t *out)
{
	size_t i = 1;
	*o = (dumpopts_t){ .cache = true };
	*view = NULL;
	for (; i < a->argc && a->argv[i][0] == '-'; i++) {
		const char *w = a->argv[i];
		if (strcmp(w, "-all") == 0) {
			*o = (dumpopts_t){ .cache = true,
				           .zones = true,
				           .adb = true };
		} else if (strcmp(w, "-cache") == 0) {
			*o = (dumpopts_t){ .cache = true };
		} else if (strcmp(w, "-zones") == 0) {
			*o = (dumpopts_t){ .zones = true };
		} else if (strcmp(w, "-adb") == 0 || strcmp(w, "-bad") == 0 ||
		           strcmp(w, "-fail") == 0 ||
		           strcmp(w, "-expired") == 0) {
			o->cache = true;
		} else {
			break;
		}
	}
	if (i < a->argc) {
		*view = a->argv[i];
	}
	(void)out;
	return true;
}

static void
cmd_dumpdb(const ctlctx_t *ctx, const ctlargs_t *a, ctlout_t *out)
{
	dumpopts_t o;
	const char *view;
	dumpview_t *dv;
	(void)dump_parse(a, &o, &view, out);
	size_t n = pin_views(ctx->srv, view, &dv);
	/* named truncates the file before it looks for the view */
	char *path = conf_path(ctx->srv, true);
	FILE *fp = fopen(path, "w");
	if (fp == NULL) {
		/* named logs it and still answers success (the dump runs
		 * after the reply in named) */
		const char *why;
		(void)errno_result(errno, &why);
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "could not open dump file '%s': %s", path, why);
		ditto_free(path);
		unpin_views(dv, n);
		return;
	}
	ditto_free(path);
	if (view != NULL && n == 0) {
		ctlout_printf(out, "view '%s' not found", view);
		unpin_views(dv, n);
		(void)fclose(fp);
		return;
	}
	if (a->argc > 1) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "dumpdb started: %s",
		          a->rest);
	} else {
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "dumpdb started");
	}
	dump_views(fp, dv, n, &o);
	unpin_views(dv, n);
	if (fclose(fp) != 0) {
		out->result = DITTO_RESULTMAP_FAILURE;
		return;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "dumpdb complete");
}

/* ---- the table ---- */

const ctlcmd_t ctlcmd_server[] = {
	{ "dumpdb", false, cmd_dumpdb },
	{ "halt", false, cmd_stop },
	{ "notrace", false, cmd_notrace },
	{ "null", true, cmd_null },
	{ "querylog", false, cmd_querylog },
	{ "reconfig", false, cmd_reconfig },
	{ "reload", false, cmd_reload },
	{ "stats", false, cmd_stats },
	{ "status", true, cmd_status },
	{ "stop", false, cmd_stop },
	{ "trace", false, cmd_trace },
};
const size_t ctlcmd_nserver = sizeof(ctlcmd_server) / sizeof(ctlcmd_server[0]);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's server: startup, the published snapshot, reload and shutdown. */
/*
 * THREADS (DESIGN.md "Threads"; this issue builds the first two)
 *
 * main thread
 *     Parses the command line, reads named.conf, binds every socket,
 *     drops privileges (-u), writes the pid-file, loads the zones and
 *     starts the workers. Then it waits in sigwaitinfo() for SIGHUP
 *     (reload) and SIGTERM/SIGINT (stop); all signals are blocked in
 *     every thread, so no handler ever runs. It is the only writer of
 *     server_t.tab: a reload builds a complete new snapshot (srvtab_t:
 *     options, ACLs, views, zones) off to the side, publishes it with
 *     rcu_xchg_pointer(), waits for a grace period with synchronize_rcu()
 *     and frees the old one. Zone versions whose file did not change are
 *     shared between the two snapshots (attach/detach are atomic).
 *
 * query workers (-n, default one per CPU; worker.c)
 *     Each owns a UDP socket and a TCP listener per listen address
 *     (SO_REUSEPORT), its TCP connections and an epoll loop. Registered
 *     with liburcu (rcu_register_thread()); each answer runs inside
 *     rcu_read_lock(), reading the snapshot through rcu_dereference(),
 *     and never across a system call. A worker takes no lock: the only
 *     shared write is the relaxed atomic count of TCP connections
 *     (tcp-clients). Stopped through its eventfd, then joined.
 *
 * zone manager (one thread; zonemgr.c)
 *     Owns every secondary zone's refresh state and timers (one heap);
 *     takes events from one queue: NOTIFYs from the workers, finished
 *     jobs from the pool, the zones of each new snapshot from the main
 *     thread (zonemgr_reconfig() after every publish). Hands one refresh
 *     job per zone at a time to the pool; never does network I/O.
 *
 * transfer-in pool (transfers-in threads; xferin.c, xfrio.c)
 *     Runs refresh jobs: SOA check, IXFR with AXFR fallback, commit to
 *     disk (persist.c), then publishes the new version in the zone's
 *     slot with one pointer exchange; the old version is released after
 *     synchronize_rcu(). Blocking sockets with poll() timeouts and a stop
 *     eventfd, so shutdown never waits for a primary.
 *
 * transfer-out pool (one thread at nice +10; xferout.c, xferreq.c)
 *     Takes over a TCP connection from a worker that read an AXFR/IXFR
 *     request (xferout_submit()), checks it, pins the zone's version with
 *     a reference and streams it with non-blocking writes; reads journals
 *     for IXFR. Created before the workers start, destroyed after they
 *     stopped.
 *
 * notifier (one thread; notifyout.c)
 *     NOTIFY out: takes requests from the main thread (a new snapshot),
 *     the zone manager (a transfer published) and the control server
 *     (rndc notify) on a mutex-protected queue; own UDP sockets, timers
 *     and pacing; reads the snapshot under rcu_read_lock() (registered).
 *     Created with the zone manager, destroyed after it.
 *
 * control server (one thread; control.c, ctlcmd.c)
 *     rndc's protocol on the `controls` endpoints, registered with
 *     liburcu: commands read the snapshot like a worker. A reload, stop
 *     or halt is posted to the main thread (eventfd in its poll loop);
 *     the control thread waits for a reload's result.
 *
 * statistics channels (STATSCHAN_THREADS per channel; statschan.c)
 *     libmicrohttpd's epoll threads serve named's JSON and XML and
 *     /metrics; each registers with liburcu on its first request and
 *     reads the snapshot and the counters from copies made inside one
 *     read-side section. Bound at start before privileges are dropped,
 *     reconfigured on reload, stopped first at shutdown with the control
 *     thread.
 *
 * A secondary zone's live version is not in the snapshot but in its slot
 * (zslot_t), which every snapshot serving the zone shares, so a reload
 * neither loses nor reloads transferred data.
 *
 * Lock order: no thread ever holds two locks. The zone manager's queue
 * mutex (taken by workers only for a NOTIFY) and the pool mutex are each
 * taken alone and never across I/O.
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "parser/config.h"
#include "util/mem.h"

#include "control.h"
#include "log.h"
#include "notifyout.h"
#include "outconf.h"
#include "stats.h"
#include "statschan.h"
#include "worker.h"
#include "xferin.h"
#include "xferout.h"
#include "zonemgr.h"

/* The typed configuration and the session holding its diagnostics. */
typedef struct loaded {
	ditto_cfg_parser_t parser;
	ditto_config_t *cfg;
} loaded_t;

static void
log_diags(const ditto_cfg_parser_t *p)
{
	for (const ditto_cfg_diag_t *d = p->diags; d != NULL; d = d->next) {
		log_level_t lvl = d->severity == DITTO_CFG_ERROR
		                          ? LOG_LVL_ERROR
		                          : LOG_LVL_WARNING;
		if (d->file != NULL) {
			log_write(LOG_CAT_CONFIG, lvl, "%s:%u: %s", d->file,
			          d->line, d->msg);
		} else {
			log_write(LOG_CAT_CONFIG, lvl, "%s", d->msg);
		}
	}
}

static ditto_result_t
config_read(const char *path, loaded_t *l)
{
	ditto_result_t result;
	memset(l, 0, sizeof(*l));
	ditto_cfg_parser_init(&l->parser);
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
	          "loading configuration from '%s'", path);
	result = ditto_config_load(&l->parser, path, &l->cfg);
	log_diags(&l->parser);
	if (result != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "loading configuration: %s",
		          ditto_result_totext(result));
	}
	return result;
}

static void
config_free(loaded_t *l)
{
	ditto_config_destroy(&l->cfg);
	ditto_cfg_parser_clear(&l->parser);
}

static ditto_result_t
change_directory(server_t *srv, const char *dir)
{
	if (chdir(dir) != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "change directory to '%s' failed: %s", dir,
		          strerror(errno));
		return DITTO_R_IOERROR;
	}
	char buf[4096];
	ditto_free(srv->directory);
	srv->directory =
	        ditto_strdup(getcwd(buf, sizeof(buf)) != NULL ? buf : dir);
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
	          "the working directory is now '%s'", srv->directory);
	return DITTO_R_SUCCESS;
}

/*
 * named makes a relative -c absolute at startup (the working directory
 * then, plus "/" plus the path, not normalised), before `directory`
 * moves it: reloads, `rndc status` and the rndc.key beside the
 * configuration all use that path.
 */
static void
absolute_conffile(server_t *srv)
{
	const char *path = srv->args.conffile;
	char cwd[4096];
	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL) {
		return;
	}
	size_t len = strlen(cwd) + strlen(path) + 2;
	srv->conffile_abs = ditto_malloc(len);
	snprintf(srv->conffile_abs, len, "%s%s%s", cwd,
	         strcmp(cwd, "/") == 0 ? "" : "/", path);
	srv->args.conffile = srv->conffile_abs;
}

static ditto_result_t
drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "user '%s' unknown", user);
		return DITTO_R_NOTFOUND;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "changing to user '%s' failed: %s", user,
		          strerror(errno));
		return DITTO_R_FAILURE;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
write_pidfile(server_t *srv, const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0755); /* as named: create the last level */
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "couldn't open pid file '%s': %s%s", path,
		          strerror(errno),
		          errno == EACCES || errno == EROFS
		                  ? " (set pid-file in named.conf options to a "
		                    "writable path, or run as root)"
		                  : "");
		return DITTO_R_IOERROR;
	}
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	ssize_t w = write(fd, buf, (size_t)n);
	close(fd);
	if (w != n) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "couldn't write pid file '%s'", path);
		unlink(path);
		return DITTO_R_IOERROR;
	}
	/* absolute, so removal works whatever the directory is then */
	if (path[0] == '/' || srv->directory == NULL) {
		srv->pidfile = ditto_strdup(path);
	} else {
		size_t len = strlen(srv->directory) + strlen(path) + 2;
		srv->pidfile = ditto_malloc(len);
		snprintf(srv->pidfile, len, "%s/%s", srv->directory, path);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
open_listeners(server_t *srv, const ditto_config_t *cfg)
{
	ditto_result_t result;
	ditto_err_t err = { 0 };
	listen_opts_t lo = { .v4 = srv->args.v4,
		             .v6 = srv->args.v6,
		             .port = srv->args.port };
	CHECK(listen_addrs(cfg, &lo, &srv->addrs, &srv->naddrs, &err));
	for (size_t i = 0; i < srv->naddrs; i++) {
		log_write(LOG_CAT_NETWORK, LOG_LVL_INFO,
		          "listening on IPv%c interface %s, %s",
		          srv->addrs[i].ss.ss_family == AF_INET ? '4' : '6',
		          srv->addrs[i].ifname, srv->addrs[i].text);
	}
	if (srv->naddrs == 0) {
		log_write(LOG_CAT_NETWORK, LOG_LVL_WARNING,
		          "no interface address matches listen-on; "
		          "not listening on any address");
	}
	srv->nworkers = srv->args.nworkers;
	if (srv->nworkers == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		srv->nworkers = n > 0 ? (unsigned int)n : 1;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "using %u worker threads",
	          srv->nworkers);
	srv->workers = ditto_calloc(srv->nworkers, sizeof(*srv->workers));
	for (unsigned int i = 0; i < srv->nworkers; i++) {
		CHECK(worker_init(&srv->workers[i], srv, i));
	}
	return DITTO_R_SUCCESS;
cleanup:
	if (err.msg[0] != '\0') {
		log_write(LOG_CAT_NETWORK, LOG_LVL_ERROR, "listen-on: %s",
		          err.msg);
	}
	return result;
}

/* Every primary, secondary and mirror zone of \a tab gets its counters
 * (z->zst), before \a tab is published: the same ones across reloads. */
static void
bind_zone_stats(server_t *srv, srvtab_t *tab)
{
	for (size_t i = 0; srv->stats != NULL && i < tab->nviews; i++) {
		view_t *v = &tab->views[i];
		for (size_t j = 0; j < v->nzones; j++) {
			zone_t *z = v->zones[j];
			if (strcmp(z->type, "primary") == 0 ||
			    strcmp(z->type, "secondary") == 0 ||
			    strcmp(z->type, "mirror") == 0) {
				z->zst = stats_zone(srv->stats, v->name,
				                    z->name);
			}
		}
	}
}

static ditto_result_t
build_tab(server_t *srv, const loaded_t *l, srvtab_mode_t mode, srvtab_t **out)
{
	ditto_err_t err = { 0 };
	ditto_result_t result =
	        srvtab_build_mode(l->cfg, srv->tab, mode, out, &err);
	if (result != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR,
		          "configuring the server failed: %s",
		          err.msg[0] != '\0' ? err.msg
		                             : ditto_result_totext(result));
		return result;
	}
	if (!(*out)->conf.cookie_secret_set) {
		memcpy((*out)->conf.cookie_secret, srv->secret,
		       sizeof(srv->secret));
	}
	bind_zone_stats(srv, *out);
	return DITTO_R_SUCCESS;
}

static void
random_secret(uint8_t *buf, size_t len)
{
	size_t got = 0;
	for (int i = 0; got < len && i < 8; i++) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n > 0) {
			got += (size_t)n;
		}
	}
	if (got < len) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "getrandom failed: %s", strerror(errno));
		abort();
	}
}

/* Give the zone manager the secondary zones of the published \a tab. */
static void
hand_zones(server_t *srv, const srvtab_t *tab)
{
	zslot_t **slots = NULL;
	xfrconf_t **confs = NULL;
	size_t n = 0;
	if (srv->zm == NULL) {
		return;
	}
	srvtab_secondaries(tab, &slots, &confs, &n);
	zonemgr_bindstats(tab); /* the slots count into z->zst */
	zonemgr_reconfig(srv->zm, slots, confs, n, &tab->xglob);
	ditto_free(slots);
	ditto_free(confs);
}

/* NOTIFY out after \a tab was published (\a old: NULL at start). */
static void
start_notifies(server_t *srv, const ditto_config_t *cfg, const srvtab_t *old,
               const srvtab_t *tab)
{
	outglobal_t og;
	outconf_global(cfg, &og);
	notifyout_setglobal(srv->notifier, &og);
	notifyout_snapshot(srv->notifier, old, tab);
}

static ditto_result_t
start_zonemgr(server_t *srv, const ditto_config_t *cfg)
{
	ditto_result_t result;
	CHECK(xferin_create(srv, cfg->transfers_in, &srv->xferin));
	CHECK(zonemgr_create(srv->xferin, &srv->zm));
	xferin_setzonemgr(srv->xferin, srv->zm);
	CHECK(notifyout_create(srv, &srv->notifier));
	zonemgr_set_notifier(srv->zm, srv->notifier);
cleanup:
	return result;
}

ditto_result_t
server_start(server_t *srv)
{
	ditto_result_t result;
	loaded_t l;
	srvtab_t *tab = NULL;
	random_secret(srv->secret, sizeof(srv->secret));
	srv->boot_time = (int64_t)time(NULL);
	if (srv->args.chroot_dir != NULL &&
	    (chroot(srv->args.chroot_dir) != 0 || chdir("/") != 0)) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "chroot(): %s: %s",
		          srv->args.chroot_dir, strerror(errno));
		return DITTO_R_FAILURE;
	}
	absolute_conffile(srv);
	CHECK(config_read(srv->args.conffile, &l));
	CHECK(change_directory(srv, l.cfg->directory));
	CHECK(log_configure(l.cfg, true));
	CHECK(open_listeners(srv, l.cfg));
	/* the counters: before the workers, the channels and the zones */
	srv->stats = stats_create(srv->nworkers);
	/* bound before privileges are dropped (port 953) */
	srv->ctl = control_create(srv);
	control_configure(srv->ctl, l.cfg, srv->args.conffile);
	/* statistics channels: bound before privileges are dropped too */
	srv->statschan = statschan_create(srv);
	statschan_configure(srv->statschan, l.cfg);
	if (srv->args.user != NULL) {
		CHECK(drop_privileges(srv->args.user));
	}
	if (l.cfg->pid_file != NULL) {
		CHECK(write_pidfile(srv, l.cfg->pid_file));
	}
	CHECK(build_tab(srv, &l, SRVTAB_RELOAD, &tab));
	CHECK(start_zonemgr(srv, l.cfg));
	tab->zm = srv->zm;
	(void)server_publish(srv, tab);
	hand_zones(srv, tab);
	start_notifies(srv, l.cfg, NULL, tab);
	tab = NULL;
	/* before the workers: they hand transfer requests to it */
	CHECK(xferout_create(srv, 1, &srv->xferout));
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "all zones loaded");
	for (unsigned int i = 0; i < srv->nworkers; i++) {
		CHECK(worker_start(&srv->workers[i]));
	}
	CHECK(control_start(srv->ctl));
	atomic_store(&srv->last_configured, (int64_t)time(NULL));
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "running");
cleanup:
	srvtab_destroy(&tab);
	config_free(&l);
	return result;
}

/* named's closing lines of a successful reload or reconfig. */
static void
log_reloaded(bool reconfig_only)
{
	if (reconfig_only) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
		          "scheduled loading new zones");
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
		          "any newly configured zones are now loaded");
	} else {
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
		          "reloading zones succeeded");
		log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "all zones loaded");
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "running");
}

ditto_result_t
server_reload(server_t *srv, bool reconfig_only)
{
	ditto_result_t result;
	loaded_t l;
	srvtab_t *tab = NULL;
	atomic_store(&srv->reload_state, SERVER_RELOAD_RUNNING);
	CHECK(config_read(srv->args.conffile, &l));
	CHECK(change_directory(srv, l.cfg->directory));
	CHECK(log_configure(l.cfg, false));
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
	          "reloading configuration succeeded");
	CHECK(build_tab(srv, &l,
	                reconfig_only ? SRVTAB_RECONFIG : SRVTAB_RELOAD, &tab));
	tab->zm = srv->zm;
	srvtab_t *old = server_publish(srv, tab);
	hand_zones(srv, tab);
	start_notifies(srv, l.cfg, old, tab);
	synchronize_rcu();
	server_grace_done(srv);
	srvtab_destroy(&old);
	if (srv->ctl != NULL) {
		control_configure(srv->ctl, l.cfg, srv->args.conffile);
	}
	if (srv->statschan != NULL) {
		statschan_configure(srv->statschan, l.cfg);
	}
	atomic_store(&srv->last_configured, (int64_t)time(NULL));
	log_reloaded(reconfig_only);
cleanup:
	atomic_store(&srv->reload_state, result == DITTO_R_SUCCESS
	                                         ? SERVER_RELOAD_IDLE
	                                         : SERVER_RELOAD_FAILED);
	if (result != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_ERROR,
		          "reloading configuration failed: %s; the previous "
		          "configuration stays in use",
		          ditto_result_totext(result));
	}
	config_free(&l);
	return result;
}

void
server_stop(server_t *srv)
{
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO, "shutting down");
	/* first: its commands read the snapshot and the zone manager */
	control_destroy(&srv->ctl);
	/* its requests read the snapshot and the counters */
	statschan_destroy(&srv->statschan);
	for (unsigned int i = 0; i < srv->nworkers; i++) {
		worker_wake(&srv->workers[i]);
	}
	for (unsigned int i = 0; i < srv->nworkers; i++) {
		worker_clear(&srv->workers[i]);
	}
	ditto_free(srv->workers);
	srv->workers = NULL;
	srv->nworkers = 0;
	/* after the workers (no more submits); cuts transfers under way */
	xferout_destroy(&srv->xferout);
	/* the zone manager stops giving out jobs, the pool stops its jobs
	 * (they come back on the queue), then the queue is drained */
	zonemgr_stop(srv->zm);
	xferin_stop(srv->xferin);
	zonemgr_destroy(&srv->zm, srv->flush_on_shutdown);
	xferin_destroy(&srv->xferin);
	/* after the zone manager (it queues NOTIFYs), before the snapshot
	 * and the listen addresses it reads */
	notifyout_destroy(&srv->notifier);
	/* every reader is gone: no grace period needed */
	srvtab_destroy(&srv->tab);
	/* last: every thread that counts is gone */
	stats_destroy(&srv->stats);
	ditto_free(srv->addrs);
	srv->addrs = NULL;
	if (srv->pidfile != NULL && unlink(srv->pidfile) != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING, "unlink '%s': %s",
		          srv->pidfile, strerror(errno));
	}
	ditto_free(srv->pidfile);
	ditto_free(srv->directory);
	srv->pidfile = srv->directory = NULL;
	/* args.conffile may point to it: main() does not read it after */
	if (srv->conffile_abs != NULL) {
		srv->args.conffile = NULL;
		ditto_free(srv->conffile_abs);
		srv->conffile_abs = NULL;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "exiting");
}

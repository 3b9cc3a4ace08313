/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's server: startup, the published snapshot, reload and shutdown. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cookie.h"
#include "listen.h"
#include "zones.h"

struct control;
struct worker;

/*! server_t.reload_state (rndc status). */
enum {
	SERVER_RELOAD_IDLE = 0, /*!< no reload, or the last one succeeded */
	SERVER_RELOAD_RUNNING,  /*!< a reload is under way */
	SERVER_RELOAD_FAILED,   /*!< the last reload failed */
};

/*
 * Reading and publishing server_t.tab. In production these are liburcu's
 * rcu_dereference() and rcu_xchg_pointer(). liburcu 0.13 implements them
 * with inline assembly that ThreadSanitizer cannot see, so a TSan build
 * uses the equivalent compiler atomics (an acquire load, a sequentially
 * consistent exchange: the same instructions on x86-64) and TSan checks
 * everything else. The grace period is synchronize_rcu() in both.
 */
#if defined(__SANITIZE_THREAD__)
#define SERVER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SERVER_TSAN 1
#endif
#endif
#ifdef SERVER_TSAN
#include <sanitizer/tsan_interface.h>
/* every read-side section ends with a release that the writer acquires
 * after synchronize_rcu(): the grace period, told to TSan */
#define server_read_done(srv)  __tsan_release(&(srv)->tab)
#define server_grace_done(srv) __tsan_acquire(&(srv)->tab)
#define server_tab(srv) \
	((const srvtab_t *)__atomic_load_n(&(srv)->tab, __ATOMIC_ACQUIRE))
#define server_publish(srv, t) \
	__atomic_exchange_n(&(srv)->tab, (t), __ATOMIC_SEQ_CST)
#else
#define server_read_done(srv)  ((void)(srv))
#define server_grace_done(srv) ((void)(srv))
#define server_tab(srv)        ((const srvtab_t *)rcu_dereference((srv)->tab))
#define server_publish(srv, t) rcu_xchg_pointer(&(srv)->tab, (t))
#endif

/*! Command-line settings (named's flags). */
typedef struct server_args {
	const char *conffile;   /*!< -c (default /etc/bind/named.conf) */
	unsigned int debug;     /*!< -d */
	bool foreground;        /*!< -f or -g */
	bool log_stderr;        /*!< -g */
	unsigned int nworkers;  /*!< -n, 0: one per CPU */
	uint16_t port;          /*!< -p, 0: from the config */
	const char *user;       /*!< -u */
	const char *chroot_dir; /*!< -t */
	bool v4, v6;            /*!< -4 / -6 (both when neither) */
} server_args_t;

/*! The server. One instance, owned by the main thread. */
typedef struct server {
	server_args_t args;                /*!< command line */
	srvtab_t *tab;                     /*!< RCU-published snapshot: read
	                                        with rcu_dereference() inside
	                                        rcu_read_lock(); replaced by the
	                                        main thread only */
	atomic_uint tcp_conns;             /*!< open TCP connections (all
	                                        workers; relaxed) */
	atomic_uint tcp_highwater;         /*!< most TCP connections open at
	                                        once since start (rndc status
	                                        "TCP high-water"; raised by the
	                                        workers with a relaxed CAS) */
	uint8_t secret[COOKIE_SECRET_LEN]; /*!< cookie secret of this run
	                                        when cookie-secret is unset */
	listen_addr_t *addrs;              /*!< listen addresses */
	size_t naddrs;                     /*!< count */
	struct worker *workers;            /*!< query workers */
	unsigned int nworkers;             /*!< count */
	char *pidfile;                     /*!< written pid-file, or NULL */
	char *directory;                   /*!< `directory`, absolute */
	char *conffile_abs;                /*!< -c made absolute at start (as
	                                        named: cwd + "/" + path), what
	                                        args.conffile then points to;
	                                        NULL when -c was absolute */
	struct xferin *xferin;             /*!< transfer-in pool */
	struct xferout *xferout;           /*!< transfer-out pool */
	struct notifyout *notifier;        /*!< NOTIFY out */
	struct stats *stats;               /*!< counters (stats.h) */
	struct zonemgr *zm;                /*!< zone manager */
	struct control *ctl;               /*!< control server (control.c) */
	struct statschan *statschan;       /*!< statistics channels
	                                        (statschan.c) */
	int64_t boot_time;                 /*!< start, Unix time */
	_Atomic int64_t last_configured;   /*!< last successful (re)load */
	atomic_int reload_state;           /*!< SERVER_RELOAD_* */
	bool flush_on_shutdown;            /*!< rndc stop (not halt): fold
	                                        journals into zone files at
	                                        shutdown (main thread reads it
	                                        after the control thread set it
	                                        and posted the stop) */
} server_t;

/*!
 * \brief Load the configuration and zones, bind the sockets, drop
 * privileges, start the workers.
 * \retval DITTO_R_SUCCESS, or the failure (logged)
 * Thread safety: main thread, once.
 */
ditto_result_t server_start(server_t *srv) DITTO_MUSTCHECK;

/*!
 * \brief Reload (SIGHUP, rndc reload) or reconfigure (rndc reconfig):
 * read the configuration again, build a new snapshot, publish it with
 * rcu_xchg_pointer() and free the old one after synchronize_rcu().
 * A reload reuses the loaded version of every zone whose file did not
 * change and loads the others; a reconfig (\a reconfig_only) loads only
 * the zones that are new (or were not loaded), and every zone already
 * loaded keeps its data even when its file changed, as named does.
 * On failure the old snapshot keeps serving.
 * Thread safety: main thread.
 */
ditto_result_t server_reload(server_t *srv, bool reconfig_only);

/*!
 * \brief Note that \a open TCP connections are open now: raise
 * server_t.tcp_highwater to it when it is higher (a relaxed CAS loop,
 * bounded by the number of concurrent raisers; no lock).
 * Thread safety: any thread (the query workers).
 */
static inline void
server_tcp_highwater(server_t *srv, unsigned int open)
{
	unsigned int seen =
	        atomic_load_explicit(&srv->tcp_highwater, memory_order_relaxed);
	while (open > seen &&
	       !atomic_compare_exchange_weak_explicit(
	               &srv->tcp_highwater, &seen, open, memory_order_relaxed,
	               memory_order_relaxed)) {
		/* `seen` now holds the current value; retry while lower */
	}
}

/*!
 * \brief Stop: wake and join the workers, close the sockets, free the
 * zones, remove the pid-file.
 * Thread safety: main thread, once.
 */
void server_stop(server_t *srv);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Control-channel commands: the tables, their arguments and output. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/result.h"

struct server;

/*
 * A command line from rndc (`_data.type`, e.g. "zonestatus example.com IN")
 * is split into words (ctlcmd_run), looked up in the command tables, checked
 * against a read-only channel, and run on the control thread. A command
 * writes named's reply: the `text` it returns and the BIND result code
 * (lib/control/resultmap.h) whose `err` text rndc prints. The control
 * server turns that into the reply message.
 *
 * Tables: ctlcmd.c holds the server-wide commands (status, reload,
 * reconfig, stop, halt, trace, notrace, querylog, stats, dumpdb, ...);
 * ctlzone.c the zone commands (zonestatus, showzone, refresh, retransfer,
 * notify, sync, freeze, thaw, addzone, delzone, modzone, ...).
 */

/*! A command's reply. Zero-initialise. */
typedef struct ctlout {
	char *text;      /*!< NUL-terminated reply text, NULL: none */
	size_t len;      /*!< its length */
	size_t cap;      /*!< allocated */
	uint32_t result; /*!< BIND result code, 0: success */
} ctlout_t;

/*! \brief Append formatted text to the reply (grows as needed). */
void ctlout_printf(ctlout_t *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*!
 * \brief named's HTTP date of Unix time \a t ("Fri, 20 Nov 2026 23:54:41
 * GMT"), as status and zonestatus print them.
 */
void ctl_httpdate(int64_t t, char *buf, size_t size);

/*! \brief Free the text; the struct may be reused. */
void ctlout_clear(ctlout_t *o);

/*! Maximum words in a command line (named's lexer has no such limit; longer
 * lines are refused with ISC_R_RANGE before anything runs). */
#define CTLCMD_MAXARGS 64

/*! A command line split into words. */
typedef struct ctlargs {
	const char *line;           /*!< the whole line, as received */
	const char *rest;           /*!< the line after argv[0] and its
	                                 blanks (addzone's configuration
	                                 text), "" when none */
	size_t argc;                /*!< words, argv[0] the command */
	char *argv[CTLCMD_MAXARGS]; /*!< NUL-terminated words */
} ctlargs_t;

/*! Who runs the command. */
typedef struct ctlctx {
	struct server *srv; /*!< the server */
	bool read_only;     /*!< the channel is read-only */
	const char *peer;   /*!< "127.0.0.1#53521" or the unix path, logs */
} ctlctx_t;

/*! A command. Runs on the control thread (registered with liburcu). */
typedef void (*ctlcmd_fn)(const ctlctx_t *ctx, const ctlargs_t *args,
                          ctlout_t *out);

/*! A table row. */
typedef struct ctlcmd {
	const char *name;  /*!< first word, lower case */
	bool read_only_ok; /*!< allowed on a read-only channel (named allows
	                        status, nta -dump, null, ..., see ctlcmd.c) */
	ctlcmd_fn fn;      /*!< the handler */
} ctlcmd_t;

/*! The server-wide commands (ctlcmd.c) and the zone commands (ctlzone.c). */
extern const ctlcmd_t ctlcmd_server[];
extern const size_t ctlcmd_nserver;
extern const ctlcmd_t ctlzone_cmds[];
extern const size_t ctlzone_ncmds;

/*!
 * \brief The row of \a tab (\a n rows, or up to a NULL name) named
 * \a name in any case, or NULL.
 * Thread safety: safe.
 */
const ctlcmd_t *ctlcmd_find(const ctlcmd_t *tab, size_t n, const char *name);

/*
 * `reload` belongs to both tables: ctlcmd.c's row handles `rndc reload`
 * (the server); with a zone argument (argc > 1) it runs the row named
 * "reload" of ctlzone_cmds[] (ctlzone.c), or answers 27 `not implemented`
 * while there is none. The dispatcher never reaches ctlzone's "reload"
 * row directly.
 */

/*!
 * \brief Split \a line, find the command, refuse it on a read-only
 * channel as named does, run it; an unknown command gets named's
 * "unknown command" reply.
 * Thread safety: the control thread.
 */
void ctlcmd_run(const ctlctx_t *ctx, const char *line, ctlout_t *out);

/*!
 * \brief Reload the configuration (and, unless \a reconfig_only, zone
 * files that changed) on the main thread, and wait for it.
 * Implemented by the control server (control.c): the main thread owns
 * server_reload().
 * \retval DITTO_R_SUCCESS, or the failure (reason in \a err, also logged)
 * Thread safety: the control thread.
 */
ditto_result_t ctl_reload(struct server *srv, bool reconfig_only,
                          ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Ask the main thread to shut down after this reply is sent:
 * \a flush (rndc stop) folds journals into zone files first; rndc halt
 * does not.
 * Thread safety: the control thread.
 */
void ctl_shutdown(struct server *srv, bool flush);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The new-zone database (rndc addzone): named's <view>.nzd, read and written.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "parser/ast.h"
#include "util/err.h"
#include "util/result.h"

/*
 * named 9.18 built with LMDB (Debian's is) keeps the zones added with
 * `rndc addzone` in one LMDB environment per view, the file
 * `<new-zones-directory or directory>/<view>.nzd` (MDB_NOSUBDIR, with a
 * `<view>.nzd-lock` beside it), in the unnamed database:
 *
 *   key    the zone name in lower case, without the final dot, no NUL
 *          ("example.com")
 *   value  the zone's block as named-checkconf -p prints it, on one line,
 *          without the `zone "name"` head or the final ';', no NUL
 *          ('{ type secondary; file "x.db"; primaries { 192.0.2.1; }; }')
 *
 * dittod reads and writes the same layout, so an operator can switch
 * between named and dittod with the zones already added.
 */

/*! Largest value accepted from an NZD (a zone statement). */
#define DITTO_NEWZONES_MAXTEXT (64u * 1024)
/*! Most zones read from one NZD. */
#define DITTO_NEWZONES_MAXZONES 1000000u

/*!
 * \brief The NZD path of view \a view in directory \a dir.
 * Ownership: the caller frees the result with ditto_free().
 */
char *ditto_newzones_path(const char *dir, const char *view);

/*! Called for each zone of an NZD; a non-success result stops the walk. */
typedef ditto_result_t (*ditto_newzones_fn)(void *arg, const char *name,
                                            const char *text);

/*!
 * \brief Call \a fn for every zone in the NZD at \a path, in key order.
 * A missing file is an empty database.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (reason in \a err), or what
 *         \a fn returned
 * Security: keys and values are checked (length, no NUL) before use.
 * Thread safety: safe (LMDB read transaction).
 */
ditto_result_t ditto_newzones_foreach(const char *path, ditto_newzones_fn fn,
                                      void *arg,
                                      ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The stored text of zone \a name.
 * \retval DITTO_R_SUCCESS   *text set (caller frees with ditto_free())
 * \retval DITTO_R_NOTFOUND  not in the database (or no database)
 * \retval DITTO_R_IOERROR
 */
ditto_result_t ditto_newzones_get(const char *path, const char *name,
                                  char **text,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Store (add or replace) zone \a name with \a text; creates the
 * database when missing. Durable when it returns (LMDB commit).
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t ditto_newzones_put(const char *path, const char *name,
                                  const char *text,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Remove zone \a name.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND, DITTO_R_IOERROR
 */
ditto_result_t ditto_newzones_del(const char *path, const char *name,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The database key of a zone name as written ("Example.COM." ->
 * "example.com"; "." stays "."). Ownership: caller frees.
 */
char *ditto_newzones_key(const char *name);

/*!
 * \brief Whether new zones are allowed in view \a view (a `view`
 * statement, or NULL for the top level): allow-new-zones in the view,
 * else in options; and the directory of its NZD (new-zones-directory,
 * else the parser's directory). \a dir is allocated in \a p's arena.
 */
bool ditto_newzones_allowed(ditto_cfg_parser_t *p, const ditto_cfg_node_t *root,
                            const ditto_cfg_node_t *view, const char **dir);

/*!
 * \brief At config load: for every view (or the top level when there are
 * no views) with allow-new-zones, read its NZD and append its zones to the
 * view's statements, as if written in named.conf. The statements' file is
 * the NZD path (ditto_config_zone_t.srcfile ends in ".nzd"). A zone also
 * written in named.conf is skipped with a warning; an unreadable NZD or an
 * entry that does not parse is an error diagnostic.
 * \retval DITTO_R_SUCCESS, or the first failure (diagnostic in \a p)
 * Thread safety: one parse session per thread.
 */
ditto_result_t ditto_newzones_inject(ditto_cfg_parser_t *p,
                                     ditto_cfg_node_t *root) DITTO_MUSTCHECK;

/*! \brief The name of a `view` statement, "_default" for NULL. */
const char *ditto_newzones_viewname(const ditto_cfg_node_t *view);

/*! \brief The block of a `view`/`options`/`zone` statement, or NULL. */
ditto_cfg_node_t *ditto_newzones_block(const ditto_cfg_node_t *stmt);

/*!
 * \brief The first top-level statement named \a kw ("options"), or NULL.
 */
ditto_cfg_node_t *ditto_newzones_find(const ditto_cfg_node_t *list,
                                      const char *kw);

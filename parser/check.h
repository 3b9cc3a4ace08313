/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named-checkconf's checks: clause syntax and placement, then semantics. */
#pragma once

#include "parser/ast.h"

/*!
 * \brief Check a parsed configuration as named-checkconf does.
 *
 * First every statement is matched against the clause table (unknown
 * option, wrong place, bad value: the first such error stops, as it stops
 * named's parser), then the semantic checks run and report every problem
 * (undefined ACL/key/primaries/tls, duplicate zones, missing primaries or
 * file, bad keys, ...). Diagnostics go to \a p.
 * \retval DITTO_R_SUCCESS no error (warnings may have been written)
 * \retval DITTO_R_SYNTAX a clause error
 * \retval DITTO_R_FAILURE semantic errors
 * Thread safety: one thread per parser session.
 */
ditto_result_t ditto_cfg_check(ditto_cfg_parser_t *p,
                               ditto_cfg_node_t *root) DITTO_MUSTCHECK;

/*!
 * \brief Warn (one diagnostic each) about options ditto accepts but
 * ignores, naming them: ditto_cfg_ignored_diag() (parser/ignored.h).
 * Call after a successful ditto_cfg_check().
 */
void ditto_cfg_warn_ignored(ditto_cfg_parser_t *p,
                            const ditto_cfg_node_t *root);

/*! \brief First statement named \a name in a statement list, or NULL. */
ditto_cfg_node_t *ditto_cfg_find(const ditto_cfg_node_t *list,
                                 const char *name);

/*! \brief The \a i-th item (0 = name) of statement \a stmt, or NULL. */
ditto_cfg_node_t *ditto_cfg_arg(const ditto_cfg_node_t *stmt, unsigned int i);

/*! \brief The first BLOCK item of \a stmt, or NULL. */
ditto_cfg_node_t *ditto_cfg_block(const ditto_cfg_node_t *stmt);

/*! \brief Is \a n a WORD/STRING whose text equals \a s (no case)? */
bool ditto_cfg_is(const ditto_cfg_node_t *n, const char *s);

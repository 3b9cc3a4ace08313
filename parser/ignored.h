/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Options dittod accepts but does not implement: find them, word them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "parser/ast.h"

/*! Called once per occurrence of an ignored option. */
typedef void (*ditto_cfg_ignored_cb)(void *arg, const ditto_cfg_node_t *stmt);

/*!
 * \brief Walk a checked tree and call \a cb for every statement whose clause
 * has status DITTO_CFG_IGNORED, and for every zone statement of a type
 * dittod does not serve, in file order. The statements inside such a
 * statement's block are not visited (the whole block has no effect). Obsolete
 * clauses are left to the obsolete warning that ditto_cfg_check() already
 * wrote, as named-checkconf does. \return the number of ignored statements
 * found. Requires: \a root passed ditto_cfg_check() (statements carry clauses).
 * Thread safety: safe on distinct trees.
 */
size_t ditto_cfg_ignored_walk(const ditto_cfg_node_t *root,
                              ditto_cfg_ignored_cb cb, void *arg);

/*!
 * \brief The warning for one ignored statement, without its position:
 * "option 'NAME' is not implemented by dittod and has no effect", or for
 * a zone "zone 'NAME': type TYPE is not served by dittod; skipped".
 */
void ditto_cfg_ignored_message(const ditto_cfg_node_t *stmt, char *buf,
                               size_t size);

/*!
 * \brief Record one warning diagnostic ("file:line: option ...", marked
 * `own`) in \a p for each ignored statement of \a root.
 * \return the number of warnings added.
 */
size_t ditto_cfg_ignored_diag(ditto_cfg_parser_t *p,
                              const ditto_cfg_node_t *root);

/*!
 * \brief Does dittod serve zones of \a type ("primary", "master",
 * "secondary", "slave", "mirror"; case-insensitive)? NULL: no.
 * Thread safety: safe.
 */
bool ditto_cfg_zone_served(const char *type);

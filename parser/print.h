/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Canonical printing of a checked configuration (named-checkconf -p). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "parser/ast.h"

/*!
 * \brief Print a checked statement list in canonical form: one statement
 * per line, tab indentation, strings quoted, durations in seconds, sizes
 * in bytes, addresses as prefixes. With \a obscure, key secrets print as
 * "????". Statements keep their file order (named -p reorders them by its
 * own clause tables).
 * Thread safety: safe on distinct trees.
 */
void ditto_cfg_print(FILE *out, const ditto_cfg_node_t *list, bool obscure);

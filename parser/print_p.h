/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared between print.c and printquirk.c. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "parser/ast.h"

/*!
 * Print the items of clause statement \a st (its name is already out)
 * when named prints this clause its own way. Returns false to let the
 * generic printer do it.
 */
bool ditto__cfg_print_quirk(FILE *out, const ditto_cfg_node_t *st,
                            unsigned int depth, bool obscure);

/*! The generic printer: items from \a from on, each after a blank. */
void ditto__cfg_print_items(FILE *out, const ditto_cfg_node_t *st,
                            const ditto_cfg_node_t *from, unsigned int depth,
                            bool obscure);

/*! One value in its canonical form (by its vtype). */
void ditto__cfg_print_word(FILE *out, const ditto_cfg_node_t *n);

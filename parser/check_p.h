/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared by check.c and semantic.c. */
#pragma once

#include "parser/ast.h"
#include "parser/spec.h"

/*! State of one ditto_cfg_check() run. */
typedef struct ditto__cfg_check {
	ditto_cfg_parser_t *p;  /*!< session: diagnostics */
	ditto_cfg_matcher_t *m; /*!< compiled clause syntax */
	bool semantic_errors;   /*!< errors already reported in pass 1 */
} ditto__cfg_check_t;

/*! Warnings named gives for deprecated tokens inside a statement. */
void ditto__cfg_tokens(ditto__cfg_check_t *c, const ditto_cfg_node_t *stmt);

/*! The semantic checks, run after a clean clause pass. */
void ditto__cfg_semantic(ditto__cfg_check_t *c, ditto_cfg_node_t *root);

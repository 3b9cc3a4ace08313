/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared between the lexer, the grammar and ast.c: the per-file scan state. */
#pragma once

#include "parser/ast.h"

/*! State of one file being scanned and parsed. */
typedef struct ditto__cfg_scan {
	ditto_cfg_parser_t *p;    /*!< session (arena, diagnostics) */
	const char *file;         /*!< file name for positions */
	ditto_cfg_node_t *result; /*!< first statement, set by the grammar */
	unsigned int depth;       /*!< current `{` nesting */
	unsigned int line;        /*!< line of the last token */
	bool failed;              /*!< a diagnostic was already written */
	const char *last;         /*!< text of the last token, for messages */
} ditto__cfg_scan_t;

/*! Token value of the lexer. */
typedef union ditto__cfg_value {
	char *str;              /*!< WORD/STRING text (arena) */
	ditto_cfg_node_t *node; /*!< grammar: one node */
	struct {
		ditto_cfg_node_t *head; /*!< first */
		ditto_cfg_node_t *tail; /*!< last */
	} list;                         /*!< grammar: a list */
} ditto__cfg_value_t;

/*! Run the bison parser over \a data (length \a len) for \a scan. */
int ditto__cfg_parse_data(ditto__cfg_scan_t *scan, const char *data,
                          size_t len);

/*! Report a syntax error at the scan's current line (once). */
void ditto__cfg_scan_error(ditto__cfg_scan_t *scan, unsigned int line,
                           const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named.conf syntax tree: statements of words, strings and blocks. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "util/mem.h"
#include "util/result.h"

/*! Maximum nesting of `{ }` blocks accepted in one file. */
#define DITTO_CFG_MAXDEPTH 64
/*! Maximum depth of nested `include` statements. */
#define DITTO_CFG_MAXINCLUDE 32
/*! Largest configuration file read (bytes). */
#define DITTO_CFG_MAXFILE (256u * 1024 * 1024)
/*! Diagnostics kept (further ones are counted, not stored). */
#define DITTO_CFG_MAXDIAG 1000

typedef enum ditto_cfg_kind {
	DITTO_CFG_WORD,   /*!< unquoted token */
	DITTO_CFG_STRING, /*!< quoted string (text without the quotes) */
	DITTO_CFG_NOT,    /*!< the negation mark '!' */
	DITTO_CFG_BLOCK,  /*!< `{ statements }`; child = first statement */
	DITTO_CFG_STMT,   /*!< items up to ';'; child = first item */
} ditto_cfg_kind_t;

/*!
 * One node. A file is a list of STMT nodes; a statement is a list of items
 * (WORD, STRING, NOT, BLOCK); a BLOCK holds a list of STMT nodes. Every node
 * carries the file and line where it starts.
 */
typedef struct ditto_cfg_node ditto_cfg_node_t;
struct ditto_cfg_node {
	ditto_cfg_kind_t kind;   /*!< what this is */
	const char *text;        /*!< WORD/STRING text, NUL-terminated */
	const char *file;        /*!< file name as given (arena) */
	unsigned int line;       /*!< 1-based line */
	ditto_cfg_node_t *next;  /*!< next sibling */
	ditto_cfg_node_t *child; /*!< STMT: first item; BLOCK: first stmt */
	const struct ditto_cfg_clause *clause; /*!< STMT: its clause, once
	                                            checked */
	int vtype; /*!< item: ditto_cfg_vtype_t it matched, once checked */
};

typedef enum ditto_cfg_severity {
	DITTO_CFG_ERROR,
	DITTO_CFG_WARNING,
} ditto_cfg_severity_t;

/*! One diagnostic: "file:line: msg". */
typedef struct ditto_cfg_diag ditto_cfg_diag_t;
struct ditto_cfg_diag {
	ditto_cfg_severity_t severity; /*!< error or warning */
	const char *file;              /*!< may be NULL (no position) */
	unsigned int line;             /*!< 0 when unknown */
	char *msg;                     /*!< the message */
	bool own;                      /*!< ditto's own remark about dittod
	                                    (named-checkconf has none here):
	                                    ditto-checkconf prints it on
	                                    stderr */
	ditto_cfg_diag_t *next;        /*!< next, in order of emission */
};

/*!
 * A parse session: owns the arena holding every node and string, the
 * diagnostics, and the include state.
 */
typedef struct ditto_cfg_parser {
	ditto_arena_t arena;     /*!< nodes, strings */
	ditto_cfg_diag_t *diags; /*!< diagnostics, in order */
	ditto_cfg_diag_t **tail; /*!< append point */
	unsigned int ndiag;      /*!< diagnostics emitted */
	unsigned int nerrors;    /*!< errors among them */
	char *cwd;               /*!< directory includes resolve against */
	const char *stack[DITTO_CFG_MAXINCLUDE + 1]; /*!< open files */
	unsigned int depth;                          /*!< include depth */
	bool follow_directory; /*!< `directory` moves cwd (like named) */
	bool no_includes;      /*!< refuse `include` (fuzzing) */
} ditto_cfg_parser_t;

/*!
 * \brief Initialise a parse session.
 * Ownership: caller storage; release with ditto_cfg_parser_clear().
 * Thread safety: one thread per session.
 */
void ditto_cfg_parser_init(ditto_cfg_parser_t *p);

/*! \brief Free everything the session holds (nodes too). */
void ditto_cfg_parser_clear(ditto_cfg_parser_t *p);

/*!
 * \brief Parse a file and the files it includes into a statement list.
 * \param path file name; relative names resolve against p->cwd.
 * \param[out] out first top-level statement (NULL for an empty file);
 *                 assigned only on success.
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX, DITTO_R_FILENOTFOUND,
 *         DITTO_R_IOERROR, DITTO_R_TOOMANY (include depth/loop).
 * A failure leaves a diagnostic "file:line: reason".
 * Ownership: nodes live until ditto_cfg_parser_clear().
 * Security: the file is untrusted; sizes, nesting and includes are bounded.
 */
ditto_result_t ditto_cfg_parse_file(ditto_cfg_parser_t *p, const char *path,
                                    ditto_cfg_node_t **out) DITTO_MUSTCHECK;

/*!
 * \brief Parse a memory buffer (may contain NUL bytes) named \a name.
 * `include` statements are resolved unless p->no_includes is set.
 */
ditto_result_t ditto_cfg_parse_buffer(ditto_cfg_parser_t *p, const char *name,
                                      const char *data, size_t len,
                                      ditto_cfg_node_t **out) DITTO_MUSTCHECK;

/*! \brief Record a diagnostic (printf style). \a at may be NULL. */
void ditto_cfg_diag(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
                    const ditto_cfg_node_t *at, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/*!
 * \brief Record a warning of ditto's own (sets `own`): something dittod
 * does differently from named that named-checkconf would not mention.
 */
void ditto_cfg_diag_own(ditto_cfg_parser_t *p, const ditto_cfg_node_t *at,
                        const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*! \brief Record a diagnostic at an explicit file and line. */
void ditto_cfg_diagat(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
                      const char *file, unsigned int line, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

/*! \brief Allocate a node in the session arena. */
ditto_cfg_node_t *ditto_cfg_node_new(ditto_cfg_parser_t *p,
                                     ditto_cfg_kind_t kind, const char *file,
                                     unsigned int line);

/*! \brief Copy a string into the session arena. */
char *ditto_cfg_strdup(ditto_cfg_parser_t *p, const char *s, size_t len);

/*! \brief Text of an item (WORD/STRING), "{" for a block, "!" for NOT. */
const char *ditto_cfg_node_text(const ditto_cfg_node_t *n);

/*! \brief Number of items in the list starting at \a n. */
size_t ditto_cfg_list_len(const ditto_cfg_node_t *n);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file tokenizer: splits text into records of ditto_token_t. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rdata.h"
#include "util/err.h"
#include "util/result.h"

/*
 * A record is one logical line of a master file (RFC 1035 section 5.1):
 * the tokens of one physical line, or of several when parentheses are open.
 * The lexer removes comments (`;` to end of line), parentheses and line
 * ends; a double-quoted string is one token (quotes excluded, marked
 * `quoted`); backslash escapes are left in the token text, and an escaped
 * byte never splits or ends anything. `(`, `)` and `"` also end an unquoted
 * token ("x(y)z" is three tokens). A quoted string may not contain an
 * unescaped line end. Blank and comment-only lines produce no record.
 */

#define DITTO_LEXER_MAXRECORD (1024 * 1024) /*!< text of one record */
#define DITTO_LEXER_MAXTOKENS 65536         /*!< tokens in one record */

/*! One logical record, borrowed from the lexer until its next call. */
typedef struct ditto_lexrec {
	const ditto_token_t *tok; /*!< the tokens */
	size_t ntok;              /*!< how many (>= 1) */
	bool leading_ws;          /*!< the line began with a blank: no owner */
	uint32_t line;            /*!< line of the record's first token */
} ditto_lexrec_t;

/*! Lexer state: caller storage, ditto_lexer_init*() / ditto_lexer_clear(). */
typedef struct ditto_lexer {
	int fd;             /*!< file being read, or -1 for memory */
	bool eof;           /*!< fd has reached end of file */
	const char *data;   /*!< current window of text */
	size_t len;         /*!< bytes in the window */
	size_t pos;         /*!< next byte to lex */
	char *buf;          /*!< owned window storage (file mode) */
	size_t bufsize;     /*!< its size */
	uint32_t line;      /*!< line number at pos (1-based) */
	uint64_t consumed;  /*!< bytes read from the file so far */
	uint64_t max_bytes; /*!< cap on consumed (0 = none) */
	ditto_token_t *tok; /*!< token array, reused */
	size_t tokcap;      /*!< its capacity */
	uint32_t err_line;  /*!< line of the last error */
} ditto_lexer_t;

/*!
 * \brief Lex text held in memory.
 * Ownership: \a data is borrowed and must outlive the lexer; tokens point
 * into it. Release with ditto_lexer_clear().
 * Thread safety: one thread per lexer.
 */
void ditto_lexer_initmem(ditto_lexer_t *lx, const char *data, size_t len);

/*!
 * \brief Lex an open file descriptor, read in large blocks.
 * \param max_bytes  stop with DITTO_R_TOOMANY after this many bytes (0: no
 *                   cap)
 * Ownership: the lexer borrows \a fd (the caller closes it after
 * ditto_lexer_clear()).
 */
void ditto_lexer_initfd(ditto_lexer_t *lx, int fd, uint64_t max_bytes);

/*! \brief Free what the lexer holds; the fd is not closed. */
void ditto_lexer_clear(ditto_lexer_t *lx);

/*!
 * \brief Next record.
 * \retval DITTO_R_SUCCESS  \a rec is filled; its tokens are valid until the
 *                          next call
 * \retval DITTO_R_NOMORE   end of input
 * \retval DITTO_R_SYNTAX   unbalanced parentheses or quotes; err->msg is
 *                          "unbalanced parentheses" / "unbalanced quotes"
 * \retval DITTO_R_RANGE    a record over DITTO_LEXER_MAXTOKENS tokens, or
 *                          (file mode, where the window is that size)
 *                          over DITTO_LEXER_MAXRECORD bytes
 * \retval DITTO_R_IOERROR  read() failed
 * \retval DITTO_R_TOOMANY  the byte cap was reached
 * After an error, lx->err_line holds the line and the lexer has skipped to
 * the next line, so the caller may go on.
 * Security: the text is untrusted; every loop is bounded by its length.
 */
ditto_result_t ditto_lexer_next(ditto_lexer_t *lx, ditto_lexrec_t *rec,
                                ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Split one line of text (no line ends expected) into tokens with
 * the same rules; parentheses are dropped. For $GENERATE right-hand sides.
 * \param tok, maxtok  output array
 * \param ntok         receives the number of tokens
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX (unbalanced quotes or
 *         parentheses, or a line end), DITTO_R_RANGE (over \a maxtok)
 * Ownership: tokens point into \a text.
 */
ditto_result_t ditto_lexer_split(const char *text, size_t len,
                                 ditto_token_t *tok, size_t maxtok,
                                 size_t *ntok,
                                 ditto_err_t *err) DITTO_MUSTCHECK;

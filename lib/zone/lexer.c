/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file tokenizer: records of tokens from memory or a file. */

/*
 * Design
 * ------
 * The lexer works on a window of text: the caller's buffer (memory mode)
 * or a DITTO_LEXER_MAXRECORD-byte buffer refilled with large read()s (file
 * mode). scan() lexes one logical record starting at `pos`; tokens point
 * into the window, so there is no per-token copy or allocation (the token
 * array is reused and only grows, up to DITTO_LEXER_MAXTOKENS).
 *
 * In file mode, when scan() reaches the end of the window before the record
 * is complete, it reports "need more": the unfinished record is moved to
 * the front of the buffer, the rest is refilled and the record is scanned
 * again from its first byte. Blank and comment lines are committed as they
 * are passed, so only the current record is ever kept. A record that does
 * not fit in the whole buffer is an error ("record too long").
 *
 * After an error the lexer skips to the next line end (at parenthesis depth
 * zero), so a loader that collects many errors can go on.
 */
#include "zone/lexer.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "util/assert.h"
#include "util/mem.h"

enum {
	C_TOK = 0, /* part of an unquoted token */
	C_WS,      /* space, tab, CR */
	C_NL,      /* line feed */
	C_SEMI,    /* comment start */
	C_LP,      /* ( */
	C_RP,      /* ) */
	C_QUOTE,   /* " */
	C_BSL,     /* backslash */
};

static const uint8_t cls[256] = {
	[' '] = C_WS,  ['\t'] = C_WS,   ['\r'] = C_WS,
	['\n'] = C_NL, [';'] = C_SEMI,  ['('] = C_LP,
	[')'] = C_RP,  ['"'] = C_QUOTE, ['\\'] = C_BSL,
};

/* Internal result of scan(): the window ended inside the record. */
#define NEED_MORE DITTO_R_NR_RESULTS

typedef struct scanstate {
	size_t i;       /* next byte */
	uint32_t line;  /* line at i */
	size_t ntok;    /* tokens so far */
	unsigned depth; /* open parentheses */
	bool final;     /* no more data will come */
	bool growable;  /* token array may grow */
} scanstate_t;

void
ditto_lexer_initmem(ditto_lexer_t *lx, const char *data, size_t len)
{
	REQUIRE(lx != NULL);
	REQUIRE(data != NULL || len == 0);
	memset(lx, 0, sizeof(*lx));
	lx->fd = -1;
	lx->eof = true;
	lx->data = data;
	lx->len = len;
	lx->line = 1;
}

void
ditto_lexer_initfd(ditto_lexer_t *lx, int fd, uint64_t max_bytes)
{
	REQUIRE(lx != NULL);
	REQUIRE(fd >= 0);
	memset(lx, 0, sizeof(*lx));
	lx->fd = fd;
	lx->bufsize = DITTO_LEXER_MAXRECORD;
	lx->buf = ditto_malloc(lx->bufsize);
	lx->data = lx->buf;
	lx->line = 1;
	lx->max_bytes = max_bytes;
}

void
ditto_lexer_clear(ditto_lexer_t *lx)
{
	if (lx == NULL) {
		return;
	}
	ditto_free(lx->buf);
	ditto_free(lx->tok);
	memset(lx, 0, sizeof(*lx));
	lx->fd = -1;
}

static ditto_result_t
add_token(ditto_lexer_t *lx, scanstate_t *st, const char *s, size_t len,
          bool quoted, ditto_err_t *err)
{
	if (st->ntok == lx->tokcap) {
		if (!st->growable || lx->tokcap >= DITTO_LEXER_MAXTOKENS) {
			ditto_err_set(err, "too many tokens in one record");
			return DITTO_R_RANGE;
		}
		size_t cap = lx->tokcap == 0 ? 64 : lx->tokcap * 2;
		lx->tok = ditto_realloc(lx->tok, cap * sizeof(*lx->tok));
		lx->tokcap = cap;
	}
	if (len > UINT32_MAX) {
		ditto_err_set(err, "token too long");
		return DITTO_R_RANGE;
	}
	lx->tok[st->ntok++] = (ditto_token_t){ .s = s,
		                               .len = (uint32_t)len,
		                               .quoted = quoted };
	return DITTO_R_SUCCESS;
}

/* A quoted string starting at the quote d[st->i]. */
static ditto_result_t
scan_quoted(ditto_lexer_t *lx, scanstate_t *st, ditto_err_t *err)
{
	const char *d = lx->data;
	size_t n = lx->len;
	size_t j = st->i + 1;
	uint32_t nl = 0;

	while (j < n) {
		char c = d[j];
		if (c == '"') {
			break;
		}
		if (c == '\n') {
			ditto_err_set(err, "unbalanced quotes");
			st->i = j;
			return DITTO_R_SYNTAX;
		}
		if (c == '\\' && j + 1 < n) {
			nl += d[j + 1] == '\n';
			j += 2;
			continue;
		}
		j++;
	}
	if (j >= n) {
		if (!st->final) {
			return NEED_MORE;
		}
		ditto_err_set(err, "unbalanced quotes");
		st->i = n;
		return DITTO_R_SYNTAX;
	}
	ditto_result_t r =
	        add_token(lx, st, d + st->i + 1, j - st->i - 1, true, err);
	st->i = j + 1;
	st->line += nl;
	return r;
}

/* An unquoted token starting at d[st->i]. */
static ditto_result_t
scan_plain(ditto_lexer_t *lx, scanstate_t *st, ditto_err_t *err)
{
	const char *d = lx->data;
	size_t n = lx->len;
	size_t j = st->i;
	uint32_t nl = 0;

	while (j < n) {
		uint8_t c = (uint8_t)d[j];
		if (cls[c] == C_TOK) {
			j++;
		} else if (cls[c] == C_BSL) {
			if (j + 1 < n) {
				nl += d[j + 1] == '\n';
			}
			j += 2;
		} else {
			break;
		}
	}
	if (j >= n) {
		if (!st->final) {
			return NEED_MORE;
		}
		j = n;
	}
	ditto_result_t r = add_token(lx, st, d + st->i, j - st->i, false, err);
	st->i = j;
	st->line += nl;
	return r;
}

/* Skip a comment: up to (not past) the line end. */
static ditto_result_t
scan_comment(ditto_lexer_t *lx, scanstate_t *st)
{
	const char *nl = memchr(lx->data + st->i, '\n', lx->len - st->i);
	if (nl == NULL) {
		if (!st->final) {
			return NEED_MORE;
		}
		st->i = lx->len;
	} else {
		st->i = (size_t)(nl - lx->data);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
scan_special(ditto_lexer_t *lx, scanstate_t *st, uint8_t k, ditto_err_t *err)
{
	switch (k) {
	case C_SEMI:
		return scan_comment(lx, st);
	case C_LP:
		st->depth++;
		st->i++;
		return DITTO_R_SUCCESS;
	case C_RP:
		if (st->depth == 0) {
			ditto_err_set(err, "unbalanced parentheses");
			return DITTO_R_SYNTAX;
		}
		st->depth--;
		st->i++;
		return DITTO_R_SUCCESS;
	case C_QUOTE:
		return scan_quoted(lx, st, err);
	default:
		return scan_plain(lx, st, err);
	}
}

/*
 * Scan one record from lx->pos. On success lx->pos/line move past it.
 * Blank lines before it are committed as they are passed.
 */
static ditto_result_t
scan(ditto_lexer_t *lx, ditto_lexrec_t *rec, bool growable, ditto_err_t *err)
{
	scanstate_t st = { .i = lx->pos,
		           .line = lx->line,
		           .final = lx->fd < 0 || lx->eof,
		           .growable = growable };
	const char *d = lx->data;
	size_t n = lx->len;
	ditto_result_t r;
	bool ws = st.i < n && cls[(uint8_t)d[st.i]] == C_WS;
	uint32_t first_line = st.line;

	while (st.i < n) {
		uint8_t k = cls[(uint8_t)d[st.i]];
		if (k == C_WS) {
			st.i++;
			continue;
		}
		if (k == C_NL) {
			st.i++;
			st.line++;
			if (st.depth == 0 && st.ntok > 0) {
				goto done;
			}
			if (st.depth == 0) {
				/* blank line: commit it */
				lx->pos = st.i;
				lx->line = st.line;
				ws = st.i < n && cls[(uint8_t)d[st.i]] == C_WS;
			}
			continue;
		}
		if (st.ntok == 0 && k != C_SEMI && k != C_LP && k != C_RP) {
			first_line = st.line;
		}
		r = scan_special(lx, &st, k, err);
		if (r == NEED_MORE) {
			return r;
		}
		if (r != DITTO_R_SUCCESS) {
			lx->err_line = st.line;
			lx->pos = st.i;
			lx->line = st.line;
			return r;
		}
	}
	if (!st.final) {
		return NEED_MORE;
	}
	if (st.depth > 0) {
		ditto_err_set(err, "unbalanced parentheses");
		lx->err_line = first_line;
		lx->pos = n;
		lx->line = st.line;
		return DITTO_R_SYNTAX;
	}
	if (st.ntok == 0) {
		lx->pos = n;
		lx->line = st.line;
		return DITTO_R_NOMORE;
	}
done:
	lx->pos = st.i;
	lx->line = st.line;
	rec->tok = lx->tok;
	rec->ntok = st.ntok;
	rec->leading_ws = ws;
	rec->line = first_line;
	return DITTO_R_SUCCESS;
}

/* Move the unfinished record to the front of the buffer and read more. */
static ditto_result_t
refill(ditto_lexer_t *lx, ditto_err_t *err)
{
	size_t keep = lx->len - lx->pos;
	if (keep == lx->bufsize) {
		ditto_err_set(err, "record too long");
		return DITTO_R_RANGE;
	}
	memmove(lx->buf, lx->buf + lx->pos, keep);
	lx->len = keep;
	lx->pos = 0;
	lx->data = lx->buf;
	while (lx->len < lx->bufsize && !lx->eof) {
		ssize_t got =
		        read(lx->fd, lx->buf + lx->len, lx->bufsize - lx->len);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			ditto_err_set(err, "read failed: %s", strerror(errno));
			return DITTO_R_IOERROR;
		}
		if (got == 0) {
			lx->eof = true;
			break;
		}
		lx->len += (size_t)got;
		lx->consumed += (uint64_t)got;
		if (lx->max_bytes != 0 && lx->consumed > lx->max_bytes) {
			ditto_err_set(err, "input larger than %llu bytes",
			              (unsigned long long)lx->max_bytes);
			return DITTO_R_TOOMANY;
		}
	}
	return DITTO_R_SUCCESS;
}

/* After an error: drop the rest of the current line. */
static ditto_result_t
skip_line(ditto_lexer_t *lx, ditto_err_t *err)
{
	for (;;) {
		const char *nl =
		        memchr(lx->data + lx->pos, '\n', lx->len - lx->pos);
		if (nl != NULL) {
			lx->pos = (size_t)(nl - lx->data) + 1;
			lx->line++;
			return DITTO_R_SUCCESS;
		}
		lx->pos = lx->len;
		if (lx->fd < 0 || lx->eof) {
			return DITTO_R_SUCCESS;
		}
		ditto_result_t r = refill(lx, err);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
}

ditto_result_t
ditto_lexer_next(ditto_lexer_t *lx, ditto_lexrec_t *rec, ditto_err_t *err)
{
	REQUIRE(lx != NULL && rec != NULL);

	for (;;) {
		ditto_result_t r = scan(lx, rec, true, err);
		if (r == NEED_MORE) {
			r = refill(lx, err);
			if (r == DITTO_R_RANGE) {
				lx->err_line = lx->line;
				lx->pos = lx->len;
				if (skip_line(lx, NULL) != DITTO_R_SUCCESS) {
					lx->pos = lx->len;
					lx->eof = true;
				}
				return r;
			}
			if (r != DITTO_R_SUCCESS) {
				lx->err_line = lx->line;
				return r;
			}
			continue;
		}
		if (r == DITTO_R_SYNTAX || r == DITTO_R_RANGE) {
			/* go on at the next line */
			if (lx->pos < lx->len && lx->data[lx->pos] == '\n') {
				lx->pos++;
				lx->line++;
			} else if (skip_line(lx, NULL) != DITTO_R_SUCCESS) {
				lx->pos = lx->len;
				lx->eof = true;
			}
		}
		return r;
	}
}

ditto_result_t
ditto_lexer_split(const char *text, size_t len, ditto_token_t *tok,
                  size_t maxtok, size_t *ntok, ditto_err_t *err)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(ntok != NULL);

	ditto_lexer_t lx;
	ditto_lexer_initmem(&lx, text, len);
	lx.tok = tok;
	lx.tokcap = maxtok;

	ditto_lexrec_t rec;
	ditto_result_t r = scan(&lx, &rec, false, err);
	if (r == DITTO_R_NOMORE) {
		*ntok = 0;
		return DITTO_R_SUCCESS;
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (lx.pos < lx.len) {
		ditto_err_set(err, "line end inside generated text");
		return DITTO_R_SYNTAX;
	}
	*ntok = rec.ntok;
	return DITTO_R_SUCCESS;
}

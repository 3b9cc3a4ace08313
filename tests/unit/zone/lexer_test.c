/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/lexer: master-file tokens and records. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "zone/lexer.h"

/*
 * lex() renders every record of a text as one line:
 *   "<line>[ws]: tok|tok|"quoted"|..."
 * and errors as "<line>: ERR <reason>", so each case is one string compare.
 */
static char out[8192];

static void
render(const ditto_lexrec_t *rec, size_t *o)
{
	*o += (size_t)snprintf(out + *o, sizeof(out) - *o, "%u%s:", rec->line,
	                       rec->leading_ws ? "ws" : "");
	for (size_t i = 0; i < rec->ntok; i++) {
		const ditto_token_t *t = &rec->tok[i];
		*o += (size_t)snprintf(out + *o, sizeof(out) - *o,
		                       t->quoted ? " \"%.*s\"" : " %.*s",
		                       (int)t->len, t->s);
	}
	*o += (size_t)snprintf(out + *o, sizeof(out) - *o, "\n");
}

static void
drain(ditto_lexer_t *lx)
{
	ditto_lexrec_t rec;
	ditto_err_t err;
	size_t o = 0;
	out[0] = '\0';
	for (int guard = 0; guard < 1000; guard++) {
		ditto_result_t r = ditto_lexer_next(lx, &rec, &err);
		if (r == DITTO_R_NOMORE) {
			return;
		}
		if (r != DITTO_R_SUCCESS) {
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			                      "%u: ERR %s\n", lx->err_line,
			                      err.msg);
			continue;
		}
		render(&rec, &o);
	}
	fail_msg("lexer did not end");
}

static const char *
lex(const char *text)
{
	ditto_lexer_t lx;
	ditto_lexer_initmem(&lx, text, strlen(text));
	drain(&lx);
	ditto_lexer_clear(&lx);
	return out;
}

/* The same text through a pipe, so that file mode is exercised. */
static const char *
lexfd(const char *text)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	size_t len = strlen(text);
	assert_true(len < 60000); /* fits in the pipe buffer */
	assert_int_equal(write(p[1], text, len), (ssize_t)len);
	close(p[1]);
	ditto_lexer_t lx;
	ditto_lexer_initfd(&lx, p[0], 0);
	drain(&lx);
	ditto_lexer_clear(&lx);
	close(p[0]);
	return out;
}

static void
test_basic(void **state)
{
	(void)state;
	assert_string_equal(lex("a A 1.2.3.4\n"), "1: a A 1.2.3.4\n");
	assert_string_equal(lex("a\tIN  A 1.2.3.4"), "1: a IN A 1.2.3.4\n");
	assert_string_equal(lex(" A 1.2.3.4\n"), "1ws: A 1.2.3.4\n");
	assert_string_equal(lex("\tA 1\n"), "1ws: A 1\n");
	assert_string_equal(lex("a 1\r\nb 2\r\n"), "1: a 1\n2: b 2\n");
	assert_string_equal(lex(""), "");
}

static void
test_blank_and_comments(void **state)
{
	(void)state;
	assert_string_equal(lex("\n\n   \n; c\n\t; c2\nx y ; z\n;end"),
	                    "6: x y\n");
	assert_string_equal(lex("a A 1.2.3.4;c\n"), "1: a A 1.2.3.4\n");
	assert_string_equal(lex("a TXT \"x;y\" ; c\n"), "1: a TXT \"x;y\"\n");
}

static void
test_quotes(void **state)
{
	(void)state;
	assert_string_equal(lex("a TXT \"x y\" z\n"), "1: a TXT \"x y\" z\n");
	assert_string_equal(lex("a TXT \"x\"y\n"), "1: a TXT \"x\" y\n");
	assert_string_equal(lex("a TXT x\"y\"\n"), "1: a TXT x \"y\"\n");
	assert_string_equal(lex("a TXT \"\" \"\"\n"), "1: a TXT \"\" \"\"\n");
	assert_string_equal(lex("a TXT \"x\\\"y\"\n"), "1: a TXT \"x\\\"y\"\n");
	assert_string_equal(lex("a TXT \"(\"\n"), "1: a TXT \"(\"\n");
	assert_string_equal(lex("a TXT \"abc\n"), "1: ERR unbalanced quotes\n");
	assert_string_equal(lex("a TXT \"a\nb c\n"),
	                    "1: ERR unbalanced quotes\n2: b c\n");
}

static void
test_escapes(void **state)
{
	(void)state;
	/* escapes stay in the text and never split */
	assert_string_equal(lex("a\\ b A 1\n"), "1: a\\ b A 1\n");
	assert_string_equal(lex("a TXT \\( \\; \\\" \\\\\n"),
	                    "1: a TXT \\( \\; \\\" \\\\\n");
	assert_string_equal(lex("a\\032b x\n"), "1: a\\032b x\n");
	assert_string_equal(lex("x \\"), "1: x \\\n");
}

static void
test_parens(void **state)
{
	(void)state;
	assert_string_equal(lex("@ SOA ns h ( 1 ; serial\n  2 3\n 4 5 )\nb "
	                        "A 1\n"),
	                    "1: @ SOA ns h 1 2 3 4 5\n4: b A 1\n");
	assert_string_equal(lex("a TXT x( y )z\n"), "1: a TXT x y z\n");
	assert_string_equal(lex("a TXT ((x))\n"), "1: a TXT x\n");
	assert_string_equal(lex("( a A 1 )\n"), "1: a A 1\n");
	assert_string_equal(lex("a A ( 1.2.3.4\n"),
	                    "1: ERR unbalanced parentheses\n");
	assert_string_equal(lex("a A 1 )\nb A 2\n"),
	                    "1: ERR unbalanced parentheses\n2: b A 2\n");
	assert_string_equal(lex("a (\n\n b )\n"), "1: a b\n");
}

static void
test_lines(void **state)
{
	(void)state;
	assert_string_equal(lex("a 1\n\nb 2\n c 3\n"),
	                    "1: a 1\n3: b 2\n4ws: c 3\n");
	assert_string_equal(lex("a (\n1\n)\nb\n"), "1: a 1\n4: b\n");
}

static void
test_filemode(void **state)
{
	(void)state;
	const char *t = "a A 1\n b ( c\n d ) ; x\n\"q r\" TXT \"s\"\n";
	static char copy[sizeof(out)];
	snprintf(copy, sizeof(copy), "%s", lex(t));
	assert_string_equal(lexfd(t), copy);
	assert_string_equal(copy, "1: a A 1\n2ws: b c d\n4: \"q r\" TXT "
	                          "\"s\"\n");
}

/* Records that cross the file-mode buffer boundary many times. */
static void
test_filemode_large(void **state)
{
	(void)state;
	char path[] = "/tmp/ditto_lexer_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	const unsigned n = 100000;
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, "host%u A ( 10.0.%u.%u ) ; comment %u\n", i,
		        (i >> 8) & 255, i & 255, i);
	}
	fclose(f);
	fd = open(path, 0);
	assert_true(fd >= 0);
	ditto_lexer_t lx;
	ditto_lexer_initfd(&lx, fd, 0);
	ditto_lexrec_t rec;
	unsigned seen = 0;
	for (;;) {
		ditto_result_t r = ditto_lexer_next(&lx, &rec, NULL);
		if (r == DITTO_R_NOMORE) {
			break;
		}
		assert_int_equal(r, DITTO_R_SUCCESS);
		assert_int_equal(rec.ntok, 3);
		assert_int_equal(rec.line, seen + 1);
		char want[32];
		int wl = snprintf(want, sizeof(want), "host%u", seen);
		assert_int_equal(rec.tok[0].len, wl);
		assert_memory_equal(rec.tok[0].s, want, (size_t)wl);
		seen++;
	}
	assert_int_equal(seen, n);
	ditto_lexer_clear(&lx);
	close(fd);
	unlink(path);
}

/* A record larger than the buffer is an error, and the lexer goes on. */
static void
test_record_too_long(void **state)
{
	(void)state;
	char path[] = "/tmp/ditto_lexer_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("a TXT (\n", f);
	/* 40 bytes per line, fewer tokens than the token cap */
	for (unsigned i = 0; i < DITTO_LEXER_MAXRECORD / 40 + 1; i++) {
		fputs("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n", f);
	}
	fputs(")\nb A 1\n", f);
	fclose(f);
	fd = open(path, 0);
	assert_true(fd >= 0);
	ditto_lexer_t lx;
	ditto_lexer_initfd(&lx, fd, 0);
	ditto_lexrec_t rec;
	ditto_err_t err;
	assert_int_equal(ditto_lexer_next(&lx, &rec, &err), DITTO_R_RANGE);
	assert_string_equal(err.msg, "record too long");
	ditto_result_t r;
	int guard = 0;
	while ((r = ditto_lexer_next(&lx, &rec, &err)) != DITTO_R_NOMORE &&
	       guard++ < 10) {
		/* the tail of the long record is garbage; b must come */
		if (r == DITTO_R_SUCCESS && rec.tok[0].len == 1 &&
		    rec.tok[0].s[0] == 'b') {
			break;
		}
	}
	assert_int_equal(r, DITTO_R_SUCCESS);
	ditto_lexer_clear(&lx);
	close(fd);
	unlink(path);
}

static void
test_byte_cap(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	const char *t = "a A 1\nb A 2\nc A 3\n";
	assert_int_equal(write(p[1], t, strlen(t)), (ssize_t)strlen(t));
	close(p[1]);
	ditto_lexer_t lx;
	ditto_lexer_initfd(&lx, p[0], 8);
	ditto_lexrec_t rec;
	assert_int_equal(ditto_lexer_next(&lx, &rec, NULL), DITTO_R_TOOMANY);
	ditto_lexer_clear(&lx);
	close(p[0]);
}

static void
test_split(void **state)
{
	(void)state;
	ditto_token_t tok[4];
	size_t n = 0;
	const char *t = "10 \"a b\" c\\ d";
	assert_int_equal(ditto_lexer_split(t, strlen(t), tok, 4, &n, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(n, 3);
	assert_true(tok[1].quoted);
	assert_int_equal(tok[1].len, 3);
	assert_int_equal(tok[2].len, 4);
	assert_int_equal(ditto_lexer_split("a b c d e", 9, tok, 4, &n, NULL),
	                 DITTO_R_RANGE);
	assert_int_equal(ditto_lexer_split("\"a", 2, tok, 4, &n, NULL),
	                 DITTO_R_SYNTAX);
	assert_int_equal(ditto_lexer_split("", 0, tok, 4, &n, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_blank_and_comments),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_parens),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_filemode),
		cmocka_unit_test(test_filemode_large),
		cmocka_unit_test(test_record_too_long),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/dns/compress.c: pointers, limits, rollback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/compress.h"
#include "dns/name.h"

static uint8_t msg[65536];

static void
name_of(const char *text, uint8_t *out)
{
	assert_int_equal(
	        ditto_name_fromtext(text, strlen(text), NULL, out, NULL, NULL),
	        DITTO_R_SUCCESS);
}

/* Write `text` at the cursor; return the offset where it started. */
static size_t
put(ditto_compress_t *c, ditto_buf_t *b, const char *text, bool compress)
{
	ditto_name_storage_t n;
	name_of(text, n);
	size_t at = b->pos;
	assert_int_equal(ditto_compress_towire(c, n, compress, b),
	                 DITTO_R_SUCCESS);
	return at;
}

/* The name at offset `at` decodes to `text`; returns its wire size. */
static size_t
decodes_to(size_t len, size_t at, const char *text)
{
	ditto_name_storage_t want, got;
	name_of(text, want);
	size_t pos = at;
	assert_int_equal(ditto_name_fromwire(msg, len, &pos, got, NULL),
	                 DITTO_R_SUCCESS);
	assert_true(ditto_name_equal(want, got));
	return pos - at;
}

static void
setup_msg(ditto_compress_t *c, ditto_buf_t *b, size_t size)
{
	memset(msg, 0, sizeof(msg));
	ditto_compress_init(c, msg);
	ditto_buf_init(b, msg, size);
	b->pos = 12;
}

static void
basic_pointers(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	setup_msg(&c, &b, sizeof(msg));
	size_t a = put(&c, &b, "www.example.com.", true);
	assert_int_equal(b.pos - a, 17);
	size_t m = put(&c, &b, "mail.example.com.", true);
	/* "\4mail" + pointer to "example.com" at a + 4 */
	assert_int_equal(b.pos - m, 7);
	assert_int_equal(msg[m + 5], 0xc0);
	assert_int_equal(msg[m + 6], a + 4);
	/* the same name in another case: by default case is kept, so
	 * only the matching suffix "com" is shared */
	size_t w = put(&c, &b, "WWW.EXAMPLE.com.", true);
	assert_int_equal(b.pos - w, 4 + 8 + 2);
	assert_int_equal(msg[w + 13], a + 12);
	/* with nocase (BIND's no-case-compress) the whole name is shared */
	c.nocase = true;
	size_t w2 = put(&c, &b, "WWW.EXAMPLE.COM.", true);
	assert_int_equal(b.pos - w2, 2);
	assert_true(msg[w2 + 1] == a || msg[w2 + 1] == w);
	c.nocase = false;
	/* a suffix of a compressed name: points into "mail" name's labels
	 * or the first name; either way 2 bytes */
	size_t s = put(&c, &b, "com.", true);
	assert_int_equal(b.pos - s, 2);
	/* root is one zero byte */
	size_t r = put(&c, &b, ".", true);
	assert_int_equal(b.pos - r, 1);
	assert_int_equal(msg[r], 0);

	decodes_to(b.pos, a, "www.example.com.");
	decodes_to(b.pos, m, "mail.example.com.");
	decodes_to(b.pos, w, "www.example.com.");
	decodes_to(b.pos, w2, "www.example.com.");
	/* exact case survives */
	ditto_name_storage_t got;
	size_t pos = w;
	assert_int_equal(ditto_name_fromwire(msg, b.pos, &pos, got, NULL),
	                 DITTO_R_SUCCESS);
	assert_memory_equal(got, "\3WWW\7EXAMPLE\3com\0", 17);
	decodes_to(b.pos, s, "com.");
}

static void
no_compress_modes(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	setup_msg(&c, &b, sizeof(msg));
	size_t a = put(&c, &b, "example.com.", true);
	/* compress=false: written in full, but remembered */
	size_t f = put(&c, &b, "www.example.com.", false);
	assert_int_equal(b.pos - f, 17);
	size_t g = put(&c, &b, "www.example.com.", true);
	assert_int_equal(b.pos - g, 2);
	assert_int_equal(msg[g + 1], f);
	(void)a;
	/* no context: plain */
	ditto_name_storage_t n;
	name_of("example.com.", n);
	size_t h = b.pos;
	assert_int_equal(ditto_compress_towire(NULL, n, true, &b),
	                 DITTO_R_SUCCESS);
	assert_int_equal(b.pos - h, 13);
	/* disabled: plain */
	c.disabled = true;
	h = b.pos;
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_SUCCESS);
	assert_int_equal(b.pos - h, 13);
}

static void
nospace(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	ditto_name_storage_t n;
	name_of("www.example.com.", n);
	setup_msg(&c, &b, 12 + 16);
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_NOSPACE);
	assert_true(b.error);
	/* exactly enough room */
	setup_msg(&c, &b, 12 + 17);
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_SUCCESS);
	assert_int_equal(b.pos, 29);
	/* a pointer needs its two bytes */
	b.size = 30;
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_NOSPACE);
}

static void
rollback_forgets(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	setup_msg(&c, &b, sizeof(msg));
	put(&c, &b, "example.com.", true);
	size_t keep = b.pos;
	put(&c, &b, "foo.bar.", true);
	put(&c, &b, "x.foo.bar.", true);
	ditto_compress_rollback(&c, keep);
	b.pos = keep;
	memset(msg + keep, 0xee, 64); /* the old bytes are gone */
	size_t f = put(&c, &b, "foo.bar.", true);
	assert_int_equal(b.pos - f, 9); /* written in full */
	size_t x = put(&c, &b, "x.example.com.", true);
	assert_int_equal(b.pos - x, 4); /* still compresses to kept name */
	decodes_to(b.pos, f, "foo.bar.");
	decodes_to(b.pos, x, "x.example.com.");
	/* rolling back to a point after everything is a no-op */
	unsigned int count = c.count;
	ditto_compress_rollback(&c, b.pos);
	assert_int_equal(c.count, count);
	/* rolling back everything */
	ditto_compress_rollback(&c, 0);
	assert_int_equal(c.count, 0);
}

static void
far_offsets(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	setup_msg(&c, &b, sizeof(msg));
	b.pos = 0x4000 - 2; /* the name straddles the 14-bit limit */
	size_t a = put(&c, &b, "ab.cd.", true);
	size_t n = put(&c, &b, "ab.cd.", true);
	/* "ab" at 0x3ffe is reachable, "cd" at 0x4001 is not */
	assert_int_equal(a, 0x3ffe);
	assert_int_equal(b.pos - n, 2);
	size_t m = put(&c, &b, "zz.cd.", true);
	assert_int_equal(b.pos - m, 7); /* "cd." cannot be pointed to */
	decodes_to(b.pos, n, "ab.cd.");
	decodes_to(b.pos, m, "zz.cd.");
}

/* The cursor may start after the message start (e.g. a TCP length
 * prefix kept outside, or a section written separately). */
static void
cursor_offset(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	memset(msg, 0, sizeof(msg));
	ditto_compress_init(&c, msg);
	ditto_buf_init(&b, msg + 12, 1000);
	ditto_name_storage_t n;
	name_of("a.example.", n);
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_SUCCESS);
	name_of("b.example.", n);
	assert_int_equal(ditto_compress_towire(&c, n, true, &b),
	                 DITTO_R_SUCCESS);
	/* second name: \1b + pointer to offset 12 + 2 in msg */
	assert_int_equal(b.pos, 11 + 4);
	assert_int_equal(msg[12 + 11 + 2], 0xc0);
	assert_int_equal(msg[12 + 11 + 3], 14);
	decodes_to(12 + b.pos, 12 + 11, "b.example.");
}

/* Many names sharing suffixes, more than the table holds: every one
 * decodes back, and the output is smaller than uncompressed. */
static void
stress(void **state)
{
	(void)state;
	ditto_compress_t c;
	ditto_buf_t b;
	setup_msg(&c, &b, sizeof(msg));
	static const char *const parts[] = { "a", "bb", "Ccc", "dddd", "e" };
	size_t plain = 0;
	unsigned int seed = 7;
	for (int n = 0; n < 600; n++) {
		char buf[64] = "";
		int labels = 1 + (int)((seed >> 4) % 4);
		for (int l = 0; l < labels; l++) {
			seed = seed * 1103515245u + 12345u;
			strcat(buf, parts[(seed >> 8) % 5]);
			strcat(buf, ".");
		}
		ditto_name_storage_t nm;
		name_of(buf, nm);
		plain += ditto_name_length(nm);
		size_t at = b.pos;
		assert_int_equal(ditto_compress_towire(&c, nm, true, &b),
		                 DITTO_R_SUCCESS);
		decodes_to(b.pos, at, buf);
	}
	assert_int_equal(c.count, DITTO_COMPRESS_MAX);
	assert_true(b.pos - 12 < plain / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basic_pointers),
		cmocka_unit_test(no_compress_modes),
		cmocka_unit_test(nospace),
		cmocka_unit_test(rollback_forgets),
		cmocka_unit_test(far_offsets),
		cmocka_unit_test(cursor_offset),
		cmocka_unit_test(stress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/dns/name.c: text, wire, limits, order, compression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"

/* Parse absolute text or fail the test. */
static size_t
from(const char *text, uint8_t *out)
{
	size_t len = 0;
	ditto_err_t err;
	ditto_result_t r =
	        ditto_name_fromtext(text, strlen(text), NULL, out, &len, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("fromtext '%s': %s (%s)", text, ditto_result_name(r),
		         err.msg);
	}
	return len;
}

static ditto_result_t
try_from(const char *text, const uint8_t *origin, uint8_t *out)
{
	size_t len;
	return ditto_name_fromtext(text, strlen(text), origin, out, &len, NULL);
}

static void
totext_is(const uint8_t *name, const uint8_t *origin, const char *want)
{
	char buf[DITTO_NAME_MAXTEXT];
	size_t len = 0;
	assert_int_equal(
	        ditto_name_totext(name, origin, buf, sizeof(buf), &len),
	        DITTO_R_SUCCESS);
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
}

static void
fromtext_basic(void **state)
{
	(void)state;
	ditto_name_storage_t n, origin;
	size_t len = from("www.Example.com.", n);
	assert_int_equal(len, 17);
	assert_memory_equal(n, "\3www\7Example\3com\0", 17);

	assert_int_equal(from(".", n), 1);
	assert_int_equal(n[0], 0);

	from("example.com.", origin);
	assert_int_equal(try_from("www", origin, n), DITTO_R_SUCCESS);
	assert_memory_equal(n, "\3www\7example\3com\0", 17);
	assert_int_equal(try_from("@", origin, n), DITTO_R_SUCCESS);
	assert_true(ditto_name_equal(n, origin));
	assert_int_equal(try_from("www", NULL, n), DITTO_R_NOTFQDN);
	assert_int_equal(try_from("@", NULL, n), DITTO_R_NOTFQDN);
	assert_int_equal(try_from("", origin, n), DITTO_R_SYNTAX);
	/* "@" inside a longer name is an ordinary character */
	assert_int_equal(try_from("a@b.", NULL, n), DITTO_R_SUCCESS);
	assert_memory_equal(n, "\3a@b\0", 5);
}

static void
fromtext_escapes(void **state)
{
	(void)state;
	ditto_name_storage_t n;
	from("a\\.b.c.", n);
	assert_memory_equal(n, "\3a.b\1c\0", 7);
	from("a\\\\.", n);
	assert_memory_equal(n, "\2a\\\0", 4);
	from("\\065\\000\\255.", n);
	assert_memory_equal(n, "\3A\0\377\0", 5);
	from("\\ x.", n); /* backslash-space is a space */
	assert_memory_equal(n, "\2 x\0", 4);
	/* an escaped final dot keeps the name relative */
	assert_int_equal(try_from("a\\.", NULL, n), DITTO_R_NOTFQDN);

	assert_int_equal(try_from("\\256.", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("\\999.", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("\\25", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("\\2a5.", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("\\1", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("abc\\", NULL, n), DITTO_R_BADESCAPE);
	assert_int_equal(try_from("a..b.", NULL, n), DITTO_R_EMPTYLABEL);
	assert_int_equal(try_from(".a.", NULL, n), DITTO_R_EMPTYLABEL);
	assert_int_equal(try_from("..", NULL, n), DITTO_R_EMPTYLABEL);
	assert_int_equal(try_from("a..", NULL, n), DITTO_R_EMPTYLABEL);
}

static void
fromtext_limits(void **state)
{
	(void)state;
	ditto_name_storage_t n;
	char text[2048];

	/* 63-octet label ok, 64 not */
	memset(text, 'a', 63);
	strcpy(text + 63, ".");
	assert_int_equal(try_from(text, NULL, n), DITTO_R_SUCCESS);
	assert_int_equal(n[0], 63);
	memset(text, 'a', 64);
	strcpy(text + 64, ".");
	assert_int_equal(try_from(text, NULL, n), DITTO_R_LABELTOOLONG);

	/* escapes count as one octet: 63 x \000 is fine */
	text[0] = '\0';
	for (int i = 0; i < 63; i++) {
		strcat(text, "\\000");
	}
	strcat(text, ".");
	assert_int_equal(try_from(text, NULL, n), DITTO_R_SUCCESS);
	strcpy(text + strlen(text) - 1, "\\000.");
	assert_int_equal(try_from(text, NULL, n), DITTO_R_LABELTOOLONG);

	/* 255 octets in wire form: 3 x 63-octet labels + 61-octet label */
	size_t o = 0;
	for (int l = 0; l < 3; l++) {
		memset(text + o, 'b', 63);
		o += 63;
		text[o++] = '.';
	}
	memset(text + o, 'c', 61);
	o += 61;
	text[o++] = '.';
	text[o] = '\0';
	size_t len = 0;
	assert_int_equal(ditto_name_fromtext(text, o, NULL, n, &len, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len, 255);
	assert_int_equal(ditto_name_length(n), 255);
	/* one more octet is too long */
	memmove(text + o - 1, "c.", 3);
	assert_int_equal(try_from(text, NULL, n), DITTO_R_NAMETOOLONG);
	/* relative name that only overflows with the origin appended */
	ditto_name_storage_t origin;
	from("example.", origin);
	text[o - 1] = '\0'; /* 254 octets of labels, relative */
	assert_int_equal(try_from(text, origin, n), DITTO_R_NAMETOOLONG);

	/* 127 one-octet labels + root = 255 octets, 128 labels */
	o = 0;
	for (int l = 0; l < 127; l++) {
		text[o++] = 'x';
		text[o++] = '.';
	}
	text[o] = '\0';
	assert_int_equal(try_from(text, NULL, n), DITTO_R_SUCCESS);
	assert_int_equal(ditto_name_labels(n), 128);
	text[o++] = 'x';
	text[o++] = '.';
	text[o] = '\0';
	assert_int_equal(try_from(text, NULL, n), DITTO_R_NAMETOOLONG);
}

static void
totext_escapes(void **state)
{
	(void)state;
	static const uint8_t special[] = "\x0c\"().;\\@$ \x7f\xff"
	                                 "a";
	totext_is(special, NULL, "\\\"\\(\\)\\.\\;\\\\\\@\\$\\032\\127\\255a.");
	totext_is(ditto_name_root, NULL, ".");
	ditto_name_storage_t n;
	from("WWW.Example.COM.", n);
	totext_is(n, NULL, "WWW.Example.COM.");
	static const uint8_t ctl[] = "\x03\x00\x09\x1f\0";
	totext_is(ctl, NULL, "\\000\\009\\031.");
}

static void
totext_relative(void **state)
{
	(void)state;
	ditto_name_storage_t n, origin, other;
	from("example.com.", origin);
	from("www.sub.EXAMPLE.com.", n);
	totext_is(n, origin, "www.sub");
	totext_is(origin, origin, "@");
	from("EXAMPLE.COM.", other);
	totext_is(other, origin, "@");
	from("example.net.", other);
	totext_is(other, origin, "example.net.");
	from("com.", other);
	totext_is(other, origin, "com.");
	/* a label that merely ends like the origin is not below it */
	from("xexample.com.", other);
	totext_is(other, origin, "xexample.com.");
}

static void
totext_nospace(void **state)
{
	(void)state;
	ditto_name_storage_t n;
	char buf[64];
	from("ab.c.", n); /* "ab.c." + NUL = 6 */
	assert_int_equal(ditto_name_totext(n, NULL, buf, 6, NULL),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "ab.c.");
	assert_int_equal(ditto_name_totext(n, NULL, buf, 5, NULL),
	                 DITTO_R_NOSPACE);
	assert_int_equal(ditto_name_totext(n, NULL, buf, 0, NULL),
	                 DITTO_R_NOSPACE);
	assert_int_equal(ditto_name_totext(ditto_name_root, NULL, buf, 1, NULL),
	                 DITTO_R_NOSPACE);
	static const uint8_t esc[] = "\1\1\0"; /* "\001." + NUL = 6 */
	assert_int_equal(ditto_name_totext(esc, NULL, buf, 6, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_name_totext(esc, NULL, buf, 5, NULL),
	                 DITTO_R_NOSPACE);
	/* longest possible text fits DITTO_NAME_MAXTEXT */
	uint8_t big[255];
	size_t o = 0;
	for (int l = 0; l < 4; l++) {
		uint8_t ll = l < 3 ? 63 : 61;
		big[o++] = ll;
		memset(big + o, 0xff, ll);
		o += ll;
	}
	big[o++] = 0;
	assert_int_equal(o, 255);
	char text[DITTO_NAME_MAXTEXT];
	size_t tlen;
	assert_int_equal(
	        ditto_name_totext(big, NULL, text, sizeof(text), &tlen),
	        DITTO_R_SUCCESS);
	assert_int_equal(tlen, 250 * 4 + 4);
}

/* Every byte value survives totext -> fromtext. */
static void
roundtrip_all_bytes(void **state)
{
	(void)state;
	for (int b = 0; b < 256; b++) {
		uint8_t name[5] = { 3, 'a', (uint8_t)b, 'z', 0 };
		char text[DITTO_NAME_MAXTEXT];
		assert_int_equal(
		        ditto_name_totext(name, NULL, text, sizeof(text), NULL),
		        DITTO_R_SUCCESS);
		ditto_name_storage_t back;
		size_t len;
		assert_int_equal(ditto_name_fromtext(text, strlen(text), NULL,
		                                     back, &len, NULL),
		                 DITTO_R_SUCCESS);
		assert_int_equal(len, 5);
		assert_memory_equal(back, name, 5);
	}
}

static void
fromwire_plain_and_pointers(void **state)
{
	(void)state;
	/* 0: "\3foo\3com\0" (9 bytes), 9: "\3www" + ptr->0, 15: ptr->9 */
	static const uint8_t msg[] = { 3,   'f',  'o', 'o',  3,   'c',
		                       'o', 'm',  0,   3,    'w', 'w',
		                       'w', 0xc0, 0,   0xc0, 9 };
	ditto_name_storage_t n;
	size_t pos = 0, len = 0;
	assert_int_equal(ditto_name_fromwire(msg, sizeof(msg), &pos, n, &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(pos, 9);
	assert_int_equal(len, 9);
	pos = 9;
	assert_int_equal(ditto_name_fromwire(msg, sizeof(msg), &pos, n, &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(pos, 15); /* past the first pointer */
	assert_int_equal(len, 13);
	assert_memory_equal(n, "\3www\3foo\3com\0", 13);
	/* pointer to a pointer, both backwards */
	pos = 15;
	assert_int_equal(ditto_name_fromwire(msg, sizeof(msg), &pos, n, &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(pos, 17);
	assert_memory_equal(n, "\3www\3foo\3com\0", 13);
	/* case is preserved */
	static const uint8_t up[] = { 2, 'A', 'b', 0 };
	pos = 0;
	assert_int_equal(ditto_name_fromwire(up, sizeof(up), &pos, n, NULL),
	                 DITTO_R_SUCCESS);
	assert_memory_equal(n, up, 4);
}

static ditto_result_t
wire_at(const uint8_t *msg, size_t len, size_t pos)
{
	ditto_name_storage_t n;
	return ditto_name_fromwire(msg, len, &pos, n, NULL);
}

static void
fromwire_bad(void **state)
{
	(void)state;
	/* pointer to itself */
	static const uint8_t self[] = { 0, 0xc0, 1 };
	assert_int_equal(wire_at(self, 3, 1), DITTO_R_BADPOINTER);
	/* forward pointer */
	static const uint8_t fwd[] = { 0xc0, 2, 0 };
	assert_int_equal(wire_at(fwd, 3, 0), DITTO_R_BADPOINTER);
	/* two pointers pointing at each other */
	static const uint8_t loop[] = { 0xc0, 2, 0xc0, 0 };
	assert_int_equal(wire_at(loop, 4, 2), DITTO_R_BADPOINTER);
	assert_int_equal(wire_at(loop, 4, 0), DITTO_R_BADPOINTER);
	/* a pointer into the name being read (label, then pointer back to
	 * its own start) */
	static const uint8_t inner[] = { 1, 'a', 0xc0, 0 };
	assert_int_equal(wire_at(inner, 4, 0), DITTO_R_BADPOINTER);
	/* chain that goes backwards then forwards again */
	static const uint8_t zig[] = {
		1, 'a', 0xc0, 6, 0, 0, 1, 'b', 0, 0xc0, 0
	};
	assert_int_equal(wire_at(zig, sizeof(zig), 9), DITTO_R_BADPOINTER);
	/* label types 01 and 10 */
	static const uint8_t t40[] = { 0x41, 'a', 0 };
	assert_int_equal(wire_at(t40, 3, 0), DITTO_R_BADLABELTYPE);
	static const uint8_t t80[] = { 0x81, 'a', 0 };
	assert_int_equal(wire_at(t80, 3, 0), DITTO_R_BADLABELTYPE);
	/* truncated: label, missing root, half a pointer, empty */
	static const uint8_t tr[] = { 3, 'a', 'b', 'c', 0xc0 };
	assert_int_equal(wire_at(tr, 3, 0), DITTO_R_UNEXPECTEDEND);
	assert_int_equal(wire_at(tr, 4, 0), DITTO_R_UNEXPECTEDEND);
	assert_int_equal(wire_at(tr, 5, 4), DITTO_R_UNEXPECTEDEND);
	assert_int_equal(wire_at(tr, 0, 0), DITTO_R_UNEXPECTEDEND);
	assert_int_equal(wire_at(tr, 5, 5), DITTO_R_UNEXPECTEDEND);
	/* pointer beyond the message (but behind itself: impossible), and
	 * to an offset with nothing valid */
	static const uint8_t past[] = { 5, 'a', 0xc0, 0 };
	assert_int_equal(wire_at(past, 4, 2), DITTO_R_UNEXPECTEDEND);
}

static void
fromwire_too_long(void **state)
{
	(void)state;
	/* 4 labels of 63 = 256 octets -> too long, plain */
	uint8_t msg[1024];
	size_t o = 0;
	for (int l = 0; l < 4; l++) {
		msg[o++] = 63;
		memset(msg + o, 'a', 63);
		o += 63;
	}
	msg[o++] = 0;
	assert_int_equal(wire_at(msg, o, 0), DITTO_R_NAMETOOLONG);
	/* 3 x 63 + 61 = 255 is fine */
	msg[192] = 61;
	msg[192 + 62] = 0;
	assert_int_equal(wire_at(msg, 192 + 63, 0), DITTO_R_SUCCESS);
	/* too long only through compression: 200 octets of labels
	 * pointing at a 63+63 name */
	o = 0;
	msg[o++] = 63;
	memset(msg + o, 'x', 63);
	o += 63;
	msg[o++] = 63;
	memset(msg + o, 'y', 63);
	o += 63;
	msg[o++] = 0; /* name at 0, 129 octets */
	size_t second = o;
	for (int l = 0; l < 2; l++) {
		msg[o++] = 63;
		memset(msg + o, 'z', 63);
		o += 63;
	}
	msg[o++] = 0xc0;
	msg[o++] = 0;
	assert_int_equal(wire_at(msg, o, second), DITTO_R_NAMETOOLONG);
	/* 128 labels via a long pointer chain is bounded by the length */
	o = 0;
	msg[o++] = 0;
	for (int i = 0; i < 200; i++) {
		size_t prev = i == 0 ? 0 : o - 4;
		msg[o++] = 1;
		msg[o++] = 'q';
		msg[o++] = (uint8_t)(0xc0 | (prev >> 8));
		msg[o++] = (uint8_t)prev;
	}
	assert_int_equal(wire_at(msg, o, o - 4), DITTO_R_NAMETOOLONG);
	assert_int_equal(wire_at(msg, o, 1 + 4 * 126), DITTO_R_SUCCESS);
}

static void
check_names(void **state)
{
	(void)state;
	size_t len;
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\1a\0", 3, false, &len),
	        DITTO_R_SUCCESS);
	assert_int_equal(len, 3);
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\1a\0x", 4, false, &len),
	        DITTO_R_EXTRADATA);
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\1a\0x", 4, true, &len),
	        DITTO_R_SUCCESS);
	assert_int_equal(len, 3);
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\1a\xc0\0", 4, false, &len),
	        DITTO_R_BADPOINTER);
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\1a", 2, false, &len),
	        DITTO_R_UNEXPECTEDEND);
	assert_int_equal(
	        ditto_name_check((const uint8_t *)"\x41", 1, false, &len),
	        DITTO_R_BADLABELTYPE);
}

/* RFC 4034 section 6.1, the example list in canonical order. */
static const char *const rfc4034_order[] = {
	"example.",         "a.example.",      "yljkjljk.a.example.",
	"Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
	"\\001.z.example.", "*.z.example.",    "\\200.z.example.",
};
#define NORDER (sizeof(rfc4034_order) / sizeof(rfc4034_order[0]))

static int
qsort_cmp(const void *a, const void *b)
{
	return ditto_name_compare(*(const uint8_t *const *)a,
	                          *(const uint8_t *const *)b);
}

static void
canonical_order(void **state)
{
	(void)state;
	ditto_name_storage_t names[NORDER];
	for (size_t i = 0; i < NORDER; i++) {
		from(rfc4034_order[i], names[i]);
	}
	for (size_t i = 0; i < NORDER; i++) {
		assert_int_equal(ditto_name_compare(names[i], names[i]), 0);
		for (size_t j = i + 1; j < NORDER; j++) {
			assert_true(ditto_name_compare(names[i], names[j]) < 0);
			assert_true(ditto_name_compare(names[j], names[i]) > 0);
		}
	}
	/* sort a reversed copy and get the RFC's order back */
	const uint8_t *ptrs[NORDER];
	for (size_t i = 0; i < NORDER; i++) {
		ptrs[i] = names[NORDER - 1 - i];
	}
	qsort(ptrs, NORDER, sizeof(ptrs[0]), qsort_cmp);
	for (size_t i = 0; i < NORDER; i++) {
		assert_ptr_equal(ptrs[i], names[i]);
	}
	/* root sorts first; case never matters */
	assert_true(ditto_name_compare(ditto_name_root, names[0]) < 0);
	ditto_name_storage_t a, b;
	from("WWW.EXAMPLE.", a);
	from("www.example.", b);
	assert_int_equal(ditto_name_compare(a, b), 0);
	assert_true(ditto_name_equal(a, b));
	assert_int_equal(ditto_name_hash(a), ditto_name_hash(b));
	/* "a-" (0x2d) sorts before "a." label ends: shorter label first */
	from("a.example.", a);
	from("a-.example.", b);
	assert_true(ditto_name_compare(a, b) < 0);
	/* longest possible names compare without overrun */
	char text[512];
	size_t o = 0;
	for (int l = 0; l < 127; l++) {
		text[o++] = 'x';
		text[o++] = '.';
	}
	text[o] = '\0';
	from(text, a);
	text[0] = 'y';
	from(text, b);
	assert_true(ditto_name_compare(a, b) < 0);
	assert_true(ditto_name_compare(b, a) > 0);
}

static void
helpers(void **state)
{
	(void)state;
	ditto_name_storage_t n, p, out;
	from("a.b.Example.COM.", n);
	from("example.com.", p);
	assert_int_equal(ditto_name_labels(n), 5);
	assert_int_equal(ditto_name_labels(ditto_name_root), 1);
	assert_int_equal(ditto_name_length(n), 17);
	assert_true(ditto_name_issubdomain(n, p));
	assert_true(ditto_name_issubdomain(p, p));
	assert_true(ditto_name_issubdomain(n, ditto_name_root));
	assert_false(ditto_name_issubdomain(p, n));
	from("b.example.com.", out);
	assert_true(ditto_name_equal(ditto_name_skip(n, 1), out));
	assert_true(ditto_name_equal(ditto_name_skip(n, 4), ditto_name_root));
	assert_false(ditto_name_iswildcard(n));
	from("*.example.", out);
	assert_true(ditto_name_iswildcard(out));
	from("\\*.example.", out); /* an escaped star is still 0x2a */
	assert_true(ditto_name_iswildcard(out));
	from("**.example.", out);
	assert_false(ditto_name_iswildcard(out));

	size_t len;
	assert_int_equal(ditto_name_concat(n, 2, p, out, &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len, 17);
	assert_true(ditto_name_equal(out, n));
	assert_int_equal(ditto_name_copy(out, n), 17);
	ditto_name_tolower(out);
	assert_memory_equal(out, "\1a\1b\7example\3com\0", 17);

	/* concat over 255 octets */
	uint8_t big[255];
	size_t o = 0;
	for (int l = 0; l < 4; l++) {
		uint8_t ll = l < 3 ? 63 : 61;
		big[o++] = ll;
		memset(big + o, 'k', ll);
		o += ll;
	}
	big[o] = 0;
	assert_int_equal(ditto_name_concat(big, 4, ditto_name_root, out, &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(len, 255);
	assert_int_equal(ditto_name_concat(big, 4, p, out, &len),
	                 DITTO_R_NAMETOOLONG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fromtext_basic),
		cmocka_unit_test(fromtext_escapes),
		cmocka_unit_test(fromtext_limits),
		cmocka_unit_test(totext_escapes),
		cmocka_unit_test(totext_relative),
		cmocka_unit_test(totext_nospace),
		cmocka_unit_test(roundtrip_all_bytes),
		cmocka_unit_test(fromwire_plain_and_pointers),
		cmocka_unit_test(fromwire_bad),
		cmocka_unit_test(fromwire_too_long),
		cmocka_unit_test(check_names),
		cmocka_unit_test(canonical_order),
		cmocka_unit_test(helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

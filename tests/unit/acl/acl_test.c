/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/acl: BIND address-match list semantics and parsing. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acl/acl.h"
#include "acl/acladdr.h"
#include "acl/aclenv.h"
#include "dns/name.h"

/*
 * Most cases are written as named.conf text and built by build(), a small
 * reader for `elem; !elem; { ... }; !{ ... }; NAME;` where NAME is one of
 * the named lists in `named[]`. The expected verdicts in test_bind_* were
 * observed with named 9.18 (allow-query on 127.0.0.1, dig -b SRC, with and
 * without -y): REFUSED is DENY or NOMATCH, NOERROR is ALLOW.
 */

#define ALLOW   DITTO_ACL_ALLOW
#define DENY    DITTO_ACL_DENY
#define NOMATCH DITTO_ACL_NOMATCH

static struct {
	const char *name;
	ditto_acl_t *acl;
} named[4];

static ditto_acl_t *
lookup_named(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (named[i].name != NULL && strlen(named[i].name) == n &&
		    strncmp(named[i].name, w, n) == 0) {
			return named[i].acl;
		}
	}
	return NULL;
}

/* Read elements up to the matching '}' (or the end); *pp is advanced. */
static ditto_acl_t *
build_list(const char **pp, const char *name)
{
	ditto_acl_t *acl = NULL;
	const char *p = *pp;
	ditto_acl_create(name, &acl);
	for (int guard = 0; guard < 10000; guard++) {
		while (*p == ' ') {
			p++;
		}
		if (*p == '\0' || *p == '}') {
			break;
		}
		bool neg = false;
		if (p[0] == '!' && p[1] == '{') {
			neg = true;
			p++;
		}
		if (*p == '{') {
			p++;
			ditto_acl_t *inner = build_list(&p, NULL);
			assert_int_equal(*p, '}');
			p++;
			assert_int_equal(ditto_acl_addnested(acl, inner, neg),
			                 DITTO_R_SUCCESS);
			ditto_acl_detach(&inner);
		} else {
			const char *semi = strchr(p, ';');
			assert_non_null(semi);
			size_t n = (size_t)(semi - p);
			const char *w = p + (p[0] == '!');
			ditto_acl_t *ref = lookup_named(w, n - (size_t)(w - p));
			ditto_err_t err = { .offset = 0 };
			if (ref != NULL) {
				assert_int_equal(
				        ditto_acl_addnested(acl, ref, w != p),
				        DITTO_R_SUCCESS);
			} else if (ditto_acl_addtext(acl, p, n, &err) !=
			           DITTO_R_SUCCESS) {
				fail_msg("'%.*s': %s", (int)n, p, err.msg);
			}
			p = semi;
		}
		while (*p == ' ') {
			p++;
		}
		assert_int_equal(*p, ';');
		p++;
	}
	*pp = p;
	assert_int_equal(ditto_acl_freeze(acl), DITTO_R_SUCCESS);
	return acl;
}

static ditto_acl_t *
build(const char *text)
{
	const char *p = text;
	ditto_acl_t *acl = build_list(&p, NULL);
	assert_int_equal(*p, '\0');
	return acl;
}

static ditto_acladdr_t
addr(const char *text)
{
	ditto_acladdr_t a;
	ditto_err_t err = { .offset = 0 };
	if (ditto_acladdr_fromtext(text, strlen(text), &a, &err) !=
	    DITTO_R_SUCCESS) {
		fail_msg("address '%s': %s", text, err.msg);
	}
	return a;
}

static const uint8_t *
keyname(const char *text, ditto_name_storage_t buf)
{
	if (text == NULL) {
		return NULL;
	}
	assert_int_equal(ditto_name_fromtext(text, strlen(text),
	                                     ditto_name_root, buf, NULL, NULL),
	                 DITTO_R_SUCCESS);
	return buf;
}

/* Match one address (and key) against a list given as text. */
static void
expect_full(const char *list, const ditto_aclenv_t *env, const char *src,
            const char *key, ditto_aclresult_t want, int want_elem)
{
	ditto_acl_t *acl = build(list);
	ditto_acladdr_t a = addr(src);
	ditto_name_storage_t kb;
	int elem = -2;
	ditto_aclresult_t got =
	        ditto_acl_match(acl, env, &a, keyname(key, kb), &elem);
	if (got != want || (want_elem != -2 && elem != want_elem)) {
		fail_msg("[%s] from %s key %s: got %s (element %d), want %s "
		         "(element %d)",
		         list, src, key ? key : "-",
		         ditto_aclresult_totext(got), elem,
		         ditto_aclresult_totext(want), want_elem);
	}
	if (got == NOMATCH) {
		assert_int_equal(elem, -1);
	}
	assert_int_equal(ditto_acl_allowed(acl, env, &a, keyname(key, kb)),
	                 got == ALLOW);
	ditto_acl_detach(&acl);
	assert_null(acl);
}

static void
expect(const char *list, const char *src, ditto_aclresult_t want)
{
	expect_full(list, NULL, src, NULL, want, -2);
}

/* ---- ordering and negation ---------------------------------------------- */

static void
test_first_match_wins(void **state)
{
	(void)state;
	expect_full("10.0.0.1; !10/8;", NULL, "10.0.0.1", NULL, ALLOW, 0);
	expect_full("10.0.0.1; !10/8;", NULL, "10.0.0.2", NULL, DENY, 1);
	expect_full("!10/8; 10.0.0.1;", NULL, "10.0.0.1", NULL, DENY, 0);
	/* the broader element first makes the narrower one useless */
	expect_full("192.0.2.0/24; !192.0.2.13;", NULL, "192.0.2.13", NULL,
	            ALLOW, 0);
	expect_full("198.51.100.0/24; 192.0.2.0/24; !192.0.2.13;", NULL,
	            "192.0.2.13", NULL, ALLOW, 1);
	expect_full("10/8;", NULL, "11.0.0.1", NULL, NOMATCH, -1);
	expect_full("", NULL, "11.0.0.1", NULL, NOMATCH, -1);
	/* the same prefix twice: the first one decides */
	expect_full("10/8; !10/8;", NULL, "10.1.1.1", NULL, ALLOW, 0);
	expect_full("!10/8; 10/8;", NULL, "10.1.1.1", NULL, DENY, 0);
}

static void
test_negation(void **state)
{
	(void)state;
	expect_full("!192.0.2.1; 192.0.2.0/24;", NULL, "192.0.2.1", NULL, DENY,
	            0);
	expect_full("!192.0.2.1; 192.0.2.0/24;", NULL, "192.0.2.2", NULL, ALLOW,
	            1);
	expect_full("!192.0.2.1; 192.0.2.0/24;", NULL, "198.51.100.1", NULL,
	            NOMATCH, -1);
	/* a negated element stops the search even if later ones match */
	expect_full("!10/8; any;", NULL, "10.9.9.9", NULL, DENY, 0);
	expect_full("!10/8; any;", NULL, "11.9.9.9", NULL, ALLOW, 1);
	expect("none; 127.0.0.1;", "127.0.0.1", DENY);
	expect("!none;", "127.0.0.1", ALLOW);
	expect("!none;", "::1", ALLOW);
	expect("!any; 127.0.0.1;", "127.0.0.1", DENY);
	expect("any;", "2001:db8::1", ALLOW);
	expect("! 10/8;", "10.0.0.1", DENY);
}

/* ---- nested lists: observed with named 9.18 ----------------------------- */

static void
test_bind_nested(void **state)
{
	(void)state;
	/* a DENY inside a nested list is "no match" for the outer list */
	expect_full("{ !127.0.0.1; 127.0.0.2; }; any;", NULL, "127.0.0.1", NULL,
	            ALLOW, 1);
	expect_full("{ !127.0.0.1; 127.0.0.2; }; any;", NULL, "127.0.0.2", NULL,
	            ALLOW, 0);
	/* no double negation: !{ !x } never allows x */
	expect_full("!{ !127.0.0.1; any; }; any;", NULL, "127.0.0.1", NULL,
	            ALLOW, 1);
	expect_full("!{ !127.0.0.1; any; }; any;", NULL, "127.0.0.2", NULL,
	            DENY, 0);
	expect("!{ !127.0.0.1; }; any;", "127.0.0.1", ALLOW);
	expect("!{ !127.0.0.1; }; any;", "127.0.0.2", ALLOW);
	expect("!{ !127.0.0.1; }; 127.0.0.3;", "127.0.0.1", NOMATCH);
	/* positive-only nested lists (inlined) */
	expect_full("!{ 127.0.0.1; }; any;", NULL, "127.0.0.1", NULL, DENY, 0);
	expect_full("!{ 127.0.0.1; }; any;", NULL, "127.0.0.2", NULL, ALLOW, 1);
	expect_full("{ 10/8; 11/8; }; !12/8; { { 13/8; }; };", NULL, "13.0.0.1",
	            NULL, ALLOW, 2);
	expect_full("{ 10/8; 11/8; }; !12/8; { { 13/8; }; };", NULL, "11.0.0.1",
	            NULL, ALLOW, 0);
	expect("{ };", "127.0.0.1", NOMATCH);
	expect("!{ }; any;", "127.0.0.1", ALLOW);
	/* `none` inside a nested list is a DENY there: no match outside */
	expect("{ none; }; 127.0.0.1;", "127.0.0.1", ALLOW);
	expect("{ none; }; 127.0.0.1;", "127.0.0.2", NOMATCH);
	expect("!{ none; }; any;", "127.0.0.1", ALLOW);
	/* deeper: the inner DENY stays invisible at every level */
	expect("{ { !10.0.0.1; 10/8; }; }; !10/8;", "10.0.0.1", DENY);
	expect("{ { !10.0.0.1; 10/8; }; }; !10/8;", "10.0.0.2", ALLOW);
	expect("!{ { !10.0.0.1; 10/8; }; }; 10/8;", "10.0.0.1", ALLOW);
	expect("!{ { !10.0.0.1; 10/8; }; }; 10/8;", "10.0.0.2", DENY);
}

static void
test_bind_named_acl(void **state)
{
	(void)state;
	const char *p = "!127.0.0.1; any;";
	named[0].name = "n";
	named[0].acl = build_list(&p, "n");
	expect_full("n; 127.0.0.1;", NULL, "127.0.0.1", NULL, ALLOW, 1);
	expect_full("n; 127.0.0.1;", NULL, "127.0.0.2", NULL, ALLOW, 0);
	expect("n;", "127.0.0.1", NOMATCH);
	expect("n;", "127.0.0.2", ALLOW);
	expect("!n; any;", "127.0.0.2", DENY);
	expect("!n; any;", "127.0.0.1", ALLOW);

	ditto_acl_t *acl = build("!n; 10/8;");
	char buf[64];
	assert_int_equal(ditto_acl_elementtotext(acl, 0, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "!n");
	ditto_acl_detach(&acl);
	ditto_acl_detach(&named[0].acl);
	named[0].name = NULL;
}

static void
test_bind_keys(void **state)
{
	(void)state;
	expect("key K1; !any;", "127.0.0.1", DENY);
	expect_full("key K1; !any;", NULL, "127.0.0.1", "k1", ALLOW, 0);
	expect_full("key K1; !any;", NULL, "127.0.0.1", "k1.", ALLOW, 0);
	expect_full("key K1; !any;", NULL, "127.0.0.1", "k2", DENY, 1);
	expect_full("!key k1; any;", NULL, "127.0.0.1", "K1", DENY, 0);
	expect_full("!key k1; any;", NULL, "127.0.0.1", NULL, ALLOW, 1);
	expect_full("!{ key k1; }; any;", NULL, "127.0.0.1", "k1", DENY, 0);
	expect_full("!{ key k1; }; any;", NULL, "127.0.0.1", NULL, ALLOW, 1);
	expect_full("{ !key k1; }; any;", NULL, "127.0.0.1", "k1", ALLOW, 1);
	expect_full("{ !key k1; any; }; 127.0.0.1;", NULL, "127.0.0.1", "k1",
	            ALLOW, 1);
	expect_full("{ !key k1; any; }; 127.0.0.1;", NULL, "127.0.0.1", NULL,
	            ALLOW, 0);
	expect_full("key \"tsig.example.\"; !any;", NULL, "::1", "TSIG.Example",
	            ALLOW, 0);
	expect_full("key tsig.example; !any;", NULL, "::1", "tsig", DENY, 1);
	/* key and address: both must hold -> nested lists */
	expect("!{ !10/8; any; }; key k1; !any;", "10.0.0.1", DENY);
	expect_full("!{ !10/8; any; }; key k1;", NULL, "10.0.0.1", "k1", ALLOW,
	            1);
	expect_full("!{ !10/8; any; }; key k1;", NULL, "11.0.0.1", "k1", DENY,
	            0);
}

/* ---- localhost / localnets ---------------------------------------------- */

static ditto_aclenv_t *
make_env(void)
{
	static const struct {
		const char *a;
		unsigned int len;
	} ifs[] = { { "127.0.0.1", 8 },
		    { "192.0.2.2", 24 },
		    { "fd00::2", 64 },
		    { "::1", 128 } };
	ditto_aclenv_t *env = NULL;
	ditto_aclenv_create(&env);
	for (size_t i = 0; i < sizeof(ifs) / sizeof(ifs[0]); i++) {
		ditto_acladdr_t a = addr(ifs[i].a);
		assert_int_equal(ditto_aclenv_addinterface(env, &a, ifs[i].len),
		                 DITTO_R_SUCCESS);
	}
	return env;
}

static void
test_localhost_localnets(void **state)
{
	(void)state;
	ditto_aclenv_t *env = make_env();
	static const struct {
		const char *list, *src;
		ditto_aclresult_t want;
	} t[] = {
		{ "localhost;", "127.0.0.1", ALLOW },
		{ "localhost;", "127.0.0.2", NOMATCH },
		{ "localhost;", "::1", ALLOW },
		{ "localhost;", "fd00::2", ALLOW },
		{ "localhost;", "fd00::3", NOMATCH },
		{ "localnets;", "127.0.0.2", ALLOW },
		{ "localnets;", "127.255.255.255", ALLOW },
		{ "localnets;", "128.0.0.1", NOMATCH },
		{ "localnets;", "192.0.2.200", ALLOW },
		{ "localnets;", "192.0.3.1", NOMATCH },
		{ "localnets;", "fd00::ffff:1", ALLOW },
		{ "localnets;", "fd00:0:0:1::1", NOMATCH },
		{ "localnets;", "::2", NOMATCH },
		{ "!localhost; localnets;", "::1", DENY },
		{ "!localhost; localnets;", "192.0.2.2", DENY },
		{ "!localhost; localnets;", "192.0.2.3", ALLOW },
		{ "!localhost; any;", "127.0.0.1", DENY },
		{ "!localhost; any;", "127.0.0.2", ALLOW },
		{ "!localnets; any;", "127.0.0.2", DENY },
		/* these four observed with named 9.18 */
		{ "{ !localhost; any; }; !any;", "127.0.0.1", DENY },
		{ "{ !localhost; any; }; !any;", "127.0.0.2", ALLOW },
		{ "!{ localhost; }; 127.0.0.0/8;", "127.0.0.1", DENY },
		{ "!{ localhost; }; 127.0.0.0/8;", "127.0.0.2", ALLOW },
		{ "{ !localhost; localnets; }; !any;", "127.0.0.1", DENY },
		{ "{ !localhost; localnets; }; !any;", "127.0.0.9", ALLOW },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		expect_full(t[i].list, env, t[i].src, NULL, t[i].want, -2);
	}
	/* without an environment they match nothing */
	expect("localhost; localnets;", "127.0.0.1", NOMATCH);
	expect("!localhost; !localnets; any;", "127.0.0.1", ALLOW);
	/* an empty environment likewise */
	ditto_aclenv_t *empty = NULL;
	ditto_aclenv_create(&empty);
	expect_full("localhost; localnets;", empty, "127.0.0.1", NULL, NOMATCH,
	            -1);
	ditto_aclenv_destroy(&empty);
	ditto_aclenv_destroy(&env);
	assert_null(env);
	ditto_aclenv_destroy(&env); /* NULL is a no-op */
}

static void
test_loadsystem(void **state)
{
	(void)state;
	ditto_aclenv_t *env = NULL;
	ditto_err_t err = { .offset = 0 };
	ditto_aclenv_create(&env);
	assert_int_equal(ditto_aclenv_loadsystem(env, &err), DITTO_R_SUCCESS);
	/* every Linux host has lo up with 127.0.0.1/8 */
	expect_full("localhost;", env, "127.0.0.1", NULL, ALLOW, 0);
	expect_full("localnets;", env, "127.1.2.3", NULL, ALLOW, 0);
	expect_full("localhost;", env, "127.1.2.3", NULL, NOMATCH, -1);
	ditto_aclenv_destroy(&env);
}

/* ---- prefixes at every length boundary ---------------------------------- */

/* Set or clear bit \a b (0 = most significant) of an address. */
static void
setbit(ditto_acladdr_t *a, unsigned int b, bool on)
{
	uint8_t m = (uint8_t)(0x80u >> (b % 8));
	if (on) {
		a->addr[b / 8] |= m;
	} else {
		a->addr[b / 8] &= (uint8_t)~m;
	}
}

/* Pad before the list under test so that it lands in a compiled set. */
static const char *pads[] = {
	"",
	"198.18.0.1; 198.18.0.2; 198.18.0.3/32; 198.18.1.0/24; "
	"2001:db8:ff::/48;"
	" 2001:db8:fe::1; 198.18.2.0/23; 198.18.4.0/22; 198.18.8.0/21; ",
};

/* Each prefix length: the network, the last address inside it, and the
 * first outside it (the bit just before the host part flipped). */
static void
check_length(uint8_t family, unsigned int len, const char *pad)
{
	unsigned int max = family == AF_INET ? 32 : 128;
	ditto_acladdr_t net = { .family = family, .prefixlen = (uint8_t)max };
	/* an alternating pattern: 1010 0101 ... */
	for (unsigned int i = 0; i < max / 8; i++) {
		net.addr[i] = (uint8_t)((i & 1) ? 0x5a : 0xa5);
	}
	if (family == AF_INET) {
		net.addr[0] = 0xcb; /* keep clear of pad prefixes */
	} else {
		net.addr[0] = 0x30;
	}
	ditto_acladdr_t host = net;
	assert_int_equal(ditto_acladdr_setprefix(&net, len), DITTO_R_SUCCESS);
	char text[DITTO_ACLADDR_MAXTEXT], list[512];
	ditto_acladdr_totext(&net, text, sizeof(text));
	if (len == max) {
		/* a host address is written without /len; also test that */
		snprintf(list, sizeof(list), "%s!%s/%u; %s;", pad, text, len,
		         text);
	} else {
		snprintf(list, sizeof(list), "%s!%s; %s;", pad, text, text);
	}
	ditto_acladdr_t last = host, out = host;
	for (unsigned int b = len; b < max; b++) {
		setbit(&last, b, true);
	}
	ditto_acl_t *acl = build(list);
	unsigned int first = pad[0] == '\0' ? 0 : 9;
	int elem = -2;
	assert_int_equal(ditto_acl_match(acl, NULL, &net, NULL, &elem), DENY);
	assert_int_equal(elem, (int)first);
	assert_int_equal(ditto_acl_match(acl, NULL, &last, NULL, &elem), DENY);
	if (len > 0) {
		setbit(&out, len - 1,
		       !((host.addr[(len - 1) / 8] >> (7 - (len - 1) % 8)) &
		         1));
		ditto_aclresult_t r =
		        ditto_acl_match(acl, NULL, &out, NULL, &elem);
		if (r != NOMATCH) {
			fail_msg("[%s] /%u outside address matched", list, len);
		}
	}
	/* the other family never matches */
	ditto_acladdr_t other = addr(family == AF_INET ? "::" : "0.0.0.0");
	assert_int_equal(ditto_acl_match(acl, NULL, &other, NULL, NULL),
	                 NOMATCH);
	ditto_acl_detach(&acl);
}

static void
test_prefix_lengths(void **state)
{
	(void)state;
	for (size_t p = 0; p < sizeof(pads) / sizeof(pads[0]); p++) {
		for (unsigned int len = 0; len <= 32; len++) {
			check_length(AF_INET, len, pads[p]);
		}
		for (unsigned int len = 0; len <= 128; len++) {
			check_length(AF_INET6, len, pads[p]);
		}
	}
}

static void
test_prefix_literals(void **state)
{
	(void)state;
	static const struct {
		const char *list, *src;
		ditto_aclresult_t want;
	} t[] = {
		{ "0.0.0.0/0;", "255.255.255.255", ALLOW },
		{ "0.0.0.0/0;", "::", NOMATCH },
		{ "0/0;", "0.0.0.0", ALLOW },
		{ "::/0;", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ALLOW },
		{ "::/0;", "0.0.0.0", NOMATCH },
		{ "128/1;", "128.0.0.0", ALLOW },
		{ "128/1;", "127.255.255.255", NOMATCH },
		{ "0.0.0.0/1;", "127.255.255.255", ALLOW },
		{ "0.0.0.0/1;", "128.0.0.0", NOMATCH },
		{ "8000::/1;", "8000::", ALLOW },
		{ "8000::/1;", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		  NOMATCH },
		{ "10.1.2.2/31;", "10.1.2.3", ALLOW },
		{ "10.1.2.2/31;", "10.1.2.4", NOMATCH },
		{ "10.1.2.2/31;", "10.1.2.1", NOMATCH },
		{ "10.1.2.3/32;", "10.1.2.3", ALLOW },
		{ "10.1.2.3/32;", "10.1.2.2", NOMATCH },
		{ "2001:db8::/127;", "2001:db8::1", ALLOW },
		{ "2001:db8::/127;", "2001:db8::2", NOMATCH },
		{ "2001:db8::1/128;", "2001:db8::1", ALLOW },
		{ "2001:db8::1/128;", "2001:db8::", NOMATCH },
		{ "2001:db8::/32;", "2001:db8:ffff:ffff::1", ALLOW },
		{ "2001:db8::/32;", "2001:db9::", NOMATCH },
		{ "2001:db8::/64;", "2001:db8::ffff:ffff:ffff:ffff", ALLOW },
		{ "2001:db8::/64;", "2001:db8:0:1::", NOMATCH },
		{ "2001:db8::/65;", "2001:db8::7fff:ffff:ffff:ffff", ALLOW },
		{ "2001:db8::/65;", "2001:db8::8000:0:0:0", NOMATCH },
		{ "10/8;", "10.255.255.255", ALLOW },
		{ "10.1/16;", "10.1.255.1", ALLOW },
		{ "10.1.2/24;", "10.1.2.255", ALLOW },
		{ "10.1.2/24;", "10.1.3.0", NOMATCH },
		{ "fe80::%1/64;", "fe80::1234", ALLOW },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		expect(t[i].list, t[i].src, t[i].want);
	}
}

/* ---- IPv4-mapped -------------------------------------------------------- */

static void
test_mapped(void **state)
{
	(void)state;
	ditto_aclenv_t *env = make_env();
	/* BIND's default: match-mapped-addresses no */
	assert_false(ditto_aclenv_matchmapped(env));
	expect_full("10/8;", env, "::ffff:10.0.0.1", NULL, NOMATCH, -1);
	expect_full("::ffff:10.0.0.0/104;", env, "::ffff:10.0.0.1", NULL, ALLOW,
	            0);
	expect_full("::ffff:10.0.0.1;", env, "10.0.0.1", NULL, NOMATCH, -1);
	expect_full("localhost;", env, "::ffff:127.0.0.1", NULL, NOMATCH, -1);
	expect("10/8;", "::ffff:10.0.0.1", NOMATCH);

	ditto_aclenv_setmatchmapped(env, true);
	assert_true(ditto_aclenv_matchmapped(env));
	expect_full("10/8;", env, "::ffff:10.0.0.1", NULL, ALLOW, 0);
	expect_full("!10.0.0.1; 10/8;", env, "::ffff:10.0.0.1", NULL, DENY, 0);
	/* the address is IPv4 now: IPv6 elements no longer see it */
	expect_full("::ffff:10.0.0.0/104;", env, "::ffff:10.0.0.1", NULL,
	            NOMATCH, -1);
	expect_full("::/0; 0/0;", env, "::ffff:10.0.0.1", NULL, ALLOW, 1);
	expect_full("{ !11/8; 10/8; }; !any;", env, "::ffff:10.0.0.1", NULL,
	            ALLOW, 0);
	expect_full("{ !11/8; 10/8; }; !any;", env, "::ffff:11.0.0.1", NULL,
	            DENY, 1);
	expect_full("localhost;", env, "::ffff:127.0.0.1", NULL, ALLOW, 0);
	expect_full("localnets;", env, "::ffff:192.0.2.9", NULL, ALLOW, 0);
	/* not mapped: ::10.0.0.1 (compatible) and ::ffff:0:10.0.0.1 */
	expect_full("10/8;", env, "::10.0.0.1", NULL, NOMATCH, -1);
	expect_full("10/8;", env, "::ffff:0:a00:1", NULL, NOMATCH, -1);
	ditto_aclenv_destroy(&env);
}

static void
test_sockaddr(void **state)
{
	(void)state;
	ditto_acl_t *acl = build("!192.0.2.1; 192.0.2.0/24; 2001:db8::/32;");
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	int elem = -2;
	inet_pton(AF_INET, "192.0.2.1", &sin.sin_addr);
	assert_int_equal(ditto_acl_matchsockaddr(acl, NULL,
	                                         (struct sockaddr *)&sin, NULL,
	                                         &elem),
	                 DENY);
	assert_int_equal(elem, 0);
	inet_pton(AF_INET, "192.0.2.77", &sin.sin_addr);
	assert_int_equal(ditto_acl_matchsockaddr(acl, NULL,
	                                         (struct sockaddr *)&sin, NULL,
	                                         &elem),
	                 ALLOW);
	assert_int_equal(elem, 1);
	inet_pton(AF_INET6, "2001:db8:1::1", &sin6.sin6_addr);
	assert_int_equal(ditto_acl_matchsockaddr(acl, NULL,
	                                         (struct sockaddr *)&sin6, NULL,
	                                         &elem),
	                 ALLOW);
	assert_int_equal(elem, 2);
	struct sockaddr unix_sa = { .sa_family = AF_UNIX };
	assert_int_equal(
	        ditto_acl_matchsockaddr(acl, NULL, &unix_sa, NULL, &elem),
	        NOMATCH);
	ditto_acl_detach(&acl);

	acl = build("key k1; any;");
	ditto_name_storage_t kb;
	assert_int_equal(ditto_acl_matchsockaddr(acl, NULL, &unix_sa,
	                                         keyname("k1", kb), &elem),
	                 ALLOW);
	assert_int_equal(elem, 0);
	assert_int_equal(
	        ditto_acl_matchsockaddr(acl, NULL, &unix_sa, NULL, &elem),
	        ALLOW);
	assert_int_equal(elem, 1);
	ditto_acl_detach(&acl);
}

/* ---- text parsing and its errors ---------------------------------------- */

static void
test_parse_ok(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "10/8", "10.0.0.0/8" },
		{ "10.1/16", "10.1.0.0/16" },
		{ "10.1.2/24", "10.1.2.0/24" },
		{ "10.0.0.0/08", "10.0.0.0/8" },
		{ "10/0000000008", "10.0.0.0/8" },
		{ "0/0", "0.0.0.0/0" },
		{ "10.1.2.2/31", "10.1.2.2/31" },
		{ "10.1.2.3/32", "10.1.2.3" },
		{ "255.255.255.255", "255.255.255.255" },
		{ " !192.0.2.1 ", "!192.0.2.1" },
		{ "!\t192.0.2.1", "!192.0.2.1" },
		{ "2001:db8::/32", "2001:db8::/32" },
		{ "2001:db8::/032", "2001:db8::/32" },
		{ "2001:DB8::1", "2001:db8::1" },
		{ "::ffff:10.0.0.1", "::ffff:10.0.0.1" },
		{ "::1.2.3.4", "::1.2.3.4" },
		{ "::ffff:1.2.3.4/127", "::ffff:1.2.3.4/127" },
		{ "fe80::1%0", "fe80::1" },
		{ "fe80::1%lo", "fe80::1" },
		{ "::/0", "::/0" },
		{ "ANY", "any" },
		{ "None", "none" },
		{ "!none", "!none" },
		{ "LocalHost", "localhost" },
		{ "!localnets", "!localnets" },
		{ "key foo", "key foo." },
		{ "! key \"Foo.Example.\"", "!key Foo.Example." },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ditto_acl_t *acl = NULL;
		ditto_err_t err = { .offset = 0 };
		char buf[128];
		ditto_acl_create(NULL, &acl);
		if (ditto_acl_addtext(acl, t[i].in, strlen(t[i].in), &err) !=
		    DITTO_R_SUCCESS) {
			fail_msg("'%s': %s", t[i].in, err.msg);
		}
		assert_int_equal(ditto_acl_count(acl), 1);
		assert_int_equal(
		        ditto_acl_elementtotext(acl, 0, buf, sizeof(buf)),
		        DITTO_R_SUCCESS);
		assert_string_equal(buf, t[i].out);
		assert_int_equal(
		        ditto_acl_elementtotext(acl, 1, buf, sizeof(buf)),
		        DITTO_R_NOTFOUND);
		assert_int_equal(ditto_acl_elementtotext(acl, 0, buf, 3),
		                 DITTO_R_NOSPACE);
		ditto_acl_detach(&acl);
	}
}

/* Messages are named-checkconf 9.18's, where it has one for the case. */
static void
test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		ditto_result_t r;
		const char *msg;
	} t[] = {
		{ "10.0.0.1/8", DITTO_R_RANGE,
		  "'10.0.0.1/8': address/prefix length mismatch '8'" },
		{ "10.0.0.1/08", DITTO_R_RANGE,
		  "'10.0.0.1/8': address/prefix length mismatch '08'" },
		{ "10.0.0.0/0", DITTO_R_RANGE,
		  "'10.0.0.0/0': address/prefix length mismatch '0'" },
		{ "1/0", DITTO_R_RANGE,
		  "'1.0.0.0/0': address/prefix length mismatch '0'" },
		{ "64/1", DITTO_R_RANGE,
		  "'64.0.0.0/1': address/prefix length mismatch '1'" },
		{ "10.1/8", DITTO_R_RANGE,
		  "'10.1.0.0/8': address/prefix length mismatch '8'" },
		{ "10.1.2.3/31", DITTO_R_RANGE,
		  "'10.1.2.3/31': address/prefix length mismatch '31'" },
		{ "2001:db8::1/32", DITTO_R_RANGE,
		  "'2001:db8::1/32': address/prefix length mismatch '32'" },
		{ "4000::/1", DITTO_R_RANGE,
		  "'4000::/1': address/prefix length mismatch '1'" },
		{ "10/33", DITTO_R_RANGE, "invalid prefix length '33'" },
		{ "2001:db8::/129", DITTO_R_RANGE,
		  "invalid prefix length '129'" },
		{ "10/99999999999", DITTO_R_RANGE,
		  "invalid prefix length '99999999999'" },
		{ "10", DITTO_R_SYNTAX, "incomplete IPv4 address or prefix" },
		{ "10.1", DITTO_R_SYNTAX, "incomplete IPv4 address or prefix" },
		{ "10.1.2", DITTO_R_SYNTAX,
		  "incomplete IPv4 address or prefix" },
		{ "10.0.0.1/", DITTO_R_SYNTAX, "expected prefix length" },
		{ "10/-1", DITTO_R_SYNTAX, "expected prefix length" },
		{ "10/8/8", DITTO_R_SYNTAX, "expected prefix length" },
		{ "010.0.0.0/8", DITTO_R_SYNTAX,
		  "'010.0.0.0': not an IP address" },
		{ "256/8", DITTO_R_SYNTAX, "'256': not an IP address" },
		{ "10.0.0.256", DITTO_R_NOTFOUND,
		  "undefined ACL '10.0.0.256'" },
		{ "1.2.3.04", DITTO_R_NOTFOUND, "undefined ACL '1.2.3.04'" },
		{ "1.2.3.4.5", DITTO_R_NOTFOUND, "undefined ACL '1.2.3.4.5'" },
		{ "1::2::3", DITTO_R_NOTFOUND, "undefined ACL '1::2::3'" },
		{ "1::2::3/8", DITTO_R_SYNTAX, "'1::2::3': not an IP address" },
		{ "fe80::1%nosuchif0", DITTO_R_NOTFOUND,
		  "undefined ACL 'fe80::1%nosuchif0'" },
		{ "fe80::1%nosuchif0/64", DITTO_R_SYNTAX,
		  "'fe80::1%nosuchif0': not an IP address" },
		{ "10.0.0.1%1", DITTO_R_NOTFOUND,
		  "undefined ACL '10.0.0.1%1'" },
		{ "10..1", DITTO_R_SYNTAX, "'10..1': not an IP address" },
		{ "foo", DITTO_R_NOTFOUND, "undefined ACL 'foo'" },
		{ "!!10/8", DITTO_R_SYNTAX,
		  "address match list contains unsupported element type" },
		{ "", DITTO_R_SYNTAX, "expected IP match list element" },
		{ " ! ", DITTO_R_SYNTAX, "expected IP match list element" },
		{ "key", DITTO_R_SYNTAX, "expected string" },
		{ "key \"\"", DITTO_R_SYNTAX, "expected string" },
		{ "10.0.0.0/8 key foo", DITTO_R_SYNTAX,
		  "missing ';' before 'key foo'" },
		{ "any key foo", DITTO_R_SYNTAX,
		  "missing ';' before 'key foo'" },
		{ "geoip country US", DITTO_R_NOTIMPLEMENTED,
		  "geoip ACL elements are not supported" },
		{ "{", DITTO_R_SYNTAX, "nested list in a single element" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ditto_acl_t *acl = NULL;
		ditto_err_t err = { .offset = 0 };
		ditto_acl_create(NULL, &acl);
		ditto_result_t r =
		        ditto_acl_addtext(acl, t[i].in, strlen(t[i].in), &err);
		if (r != t[i].r || strcmp(err.msg, t[i].msg) != 0) {
			fail_msg("'%s': got %s \"%s\", want %s \"%s\"", t[i].in,
			         ditto_result_name(r), err.msg,
			         ditto_result_name(t[i].r), t[i].msg);
		}
		assert_int_equal(ditto_acl_count(acl), 0);
		/* err may be NULL */
		assert_int_equal(
		        ditto_acl_addtext(acl, t[i].in, strlen(t[i].in), NULL),
		        t[i].r);
		ditto_acl_detach(&acl);
	}
	/* not NUL-terminated: only len bytes are read */
	ditto_acladdr_t a;
	assert_int_equal(ditto_acladdr_fromtext("10.0.0.0/8x", 10, &a, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(a.prefixlen, 8);
	assert_int_equal(ditto_acladdr_fromtext("10/8", 2, &a, NULL),
	                 DITTO_R_SYNTAX);
	/* an embedded NUL ends nothing early */
	assert_int_equal(ditto_acladdr_fromtext("::1\0zz", 6, &a, NULL),
	                 DITTO_R_SYNTAX);
	assert_int_equal(ditto_acladdr_fromtext("10.0.0.1\0", 9, &a, NULL),
	                 DITTO_R_SYNTAX);
}

/* ---- building: loops, depth, limits, references ------------------------- */

static void
test_loop_and_depth(void **state)
{
	(void)state;
	ditto_acl_t *a = NULL, *b = NULL;
	ditto_acl_create("a", &a);
	ditto_acl_create("b", &b);
	/* acl a { b; }; acl b { a; }; -> b meets a before a is frozen */
	assert_int_equal(ditto_acl_addnested(b, a, false), DITTO_R_ACLLOOP);
	assert_int_equal(ditto_acl_addnested(a, a, false), DITTO_R_ACLLOOP);
	ditto_acl_detach(&a);
	ditto_acl_detach(&b);

	/* a chain of lists with negatives nests up to DITTO_ACL_MAXDEPTH;
	 * each level is { <previous>; none; } */
	ditto_acl_t *cur = build("!10.0.0.1; 10/8;");
	for (unsigned int d = 1; d <= DITTO_ACL_MAXDEPTH + 1; d++) {
		ditto_acl_t *next = NULL;
		ditto_acl_create(NULL, &next);
		ditto_result_t r = ditto_acl_addnested(next, cur, false);
		if (d > DITTO_ACL_MAXDEPTH) {
			assert_int_equal(r, DITTO_R_TOOMANY);
			ditto_acl_detach(&next);
			break;
		}
		assert_int_equal(r, DITTO_R_SUCCESS);
		assert_int_equal(ditto_acl_addnone(next, false),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_acl_freeze(next), DITTO_R_SUCCESS);
		ditto_acl_detach(&cur);
		cur = next;
	}
	ditto_acladdr_t x1 = addr("10.0.0.1"), x2 = addr("10.0.0.2");
	int elem = -2;
	assert_int_equal(ditto_acl_match(cur, NULL, &x1, NULL, &elem), DENY);
	assert_int_equal(elem, 1);
	assert_int_equal(ditto_acl_match(cur, NULL, &x2, NULL, &elem), ALLOW);
	assert_int_equal(elem, 0);
	ditto_acl_detach(&cur);

	/* positive-only lists are inlined and add no depth */
	cur = build("10/8;");
	for (unsigned int d = 0; d < 3 * DITTO_ACL_MAXDEPTH; d++) {
		ditto_acl_t *next = NULL;
		ditto_acl_create(NULL, &next);
		assert_int_equal(ditto_acl_addnested(next, cur, false),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_acl_freeze(next), DITTO_R_SUCCESS);
		ditto_acl_detach(&cur);
		cur = next;
	}
	assert_int_equal(ditto_acl_match(cur, NULL, &x2, NULL, NULL), ALLOW);
	ditto_acl_detach(&cur);
}

static void
test_size_limit(void **state)
{
	(void)state;
	/* doubling by nesting a list in itself twice ends with TOOMANY, not
	 * with memory exhaustion */
	ditto_acl_t *cur = NULL;
	ditto_acl_create(NULL, &cur);
	for (unsigned int i = 0; i < 3000; i++) {
		ditto_acladdr_t a = addr("10.0.0.0");
		a.addr[2] = (uint8_t)(i >> 8);
		a.addr[3] = (uint8_t)i;
		assert_int_equal(ditto_acl_addprefix(cur, &a, false),
		                 DITTO_R_SUCCESS);
	}
	assert_int_equal(ditto_acl_freeze(cur), DITTO_R_SUCCESS);
	ditto_result_t r = DITTO_R_SUCCESS;
	for (unsigned int d = 0; d < 16 && r == DITTO_R_SUCCESS; d++) {
		ditto_acl_t *next = NULL;
		ditto_acl_create(NULL, &next);
		r = ditto_acl_addnested(next, cur, false);
		if (r == DITTO_R_SUCCESS) {
			r = ditto_acl_addnested(next, cur, false);
		}
		assert_int_equal(ditto_acl_freeze(next), DITTO_R_SUCCESS);
		ditto_acl_detach(&cur);
		cur = next;
	}
	assert_int_equal(r, DITTO_R_TOOMANY);
	ditto_acl_detach(&cur);
}

static void
test_references(void **state)
{
	(void)state;
	ditto_acl_t *inner = build("!10.0.0.1; 10/8;");
	ditto_acl_t *outer = NULL, *extra = NULL;
	ditto_acl_create("outer", &outer);
	assert_int_equal(ditto_acl_addnested(outer, inner, true),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_acl_addany(outer, false), DITTO_R_SUCCESS);
	assert_false(ditto_acl_isfrozen(outer));
	assert_int_equal(ditto_acl_freeze(outer), DITTO_R_SUCCESS);
	assert_int_equal(ditto_acl_freeze(outer), DITTO_R_SUCCESS);
	assert_true(ditto_acl_isfrozen(outer));
	assert_string_equal(ditto_acl_name(outer), "outer");
	assert_null(ditto_acl_name(inner));
	ditto_acl_detach(&inner); /* outer keeps it alive */
	ditto_acl_attach(outer, &extra);
	ditto_acl_detach(&outer);
	ditto_acladdr_t a = addr("10.0.0.2"), b = addr("10.0.0.1");
	assert_int_equal(ditto_acl_match(extra, NULL, &a, NULL, NULL), DENY);
	assert_int_equal(ditto_acl_match(extra, NULL, &b, NULL, NULL), ALLOW);
	char buf[32];
	assert_int_equal(ditto_acl_elementtotext(extra, 0, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "!{ ... }");
	ditto_acl_detach(&extra);
	ditto_acl_detach(&extra); /* NULL: no-op */
}

/* ---- compiled sets against a plain first-match reference ---------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

struct refelem {
	ditto_acladdr_t pfx;
	bool any;
	unsigned int key; /* 0: not a key; 1, 2: key k1 / k2 */
	bool negative;
};

/* Addresses and prefixes from a small space so that they overlap. */
static void
random_addr(ditto_acladdr_t *a, bool v6)
{
	memset(a, 0, sizeof(*a));
	a->family = v6 ? AF_INET6 : AF_INET;
	a->prefixlen = v6 ? 128 : 32;
	a->addr[0] = v6 ? 0x20 : 10;
	unsigned int off = v6 ? 12 : 0;
	for (unsigned int i = 1; i < 4; i++) {
		a->addr[off + i] = (uint8_t)(rnd() % 4 * 64 + rnd() % 3);
	}
}

static void
test_random_vs_reference(void **state)
{
	(void)state;
	struct refelem *ref = calloc(300, sizeof(*ref));
	ditto_name_storage_t kb[3];
	const uint8_t *keys[3] = { NULL, keyname("k1", kb[1]),
		                   keyname("K2.example", kb[2]) };
	assert_non_null(ref);
	for (unsigned int round = 0; round < 300; round++) {
		unsigned int n = 1 + rnd() % 300;
		ditto_acl_t *acl = NULL;
		ditto_acl_create(NULL, &acl);
		for (unsigned int i = 0; i < n; i++) {
			bool v6 = rnd() % 3 == 0;
			ref[i].any = rnd() % 500 == 0;
			ref[i].key = !ref[i].any && rnd() % 10 == 0
			                     ? 1 + rnd() % 2
			                     : 0;
			ref[i].negative = rnd() % 3 == 0;
			random_addr(&ref[i].pfx, v6);
			unsigned int max = v6 ? 128 : 32;
			unsigned int len =
			        rnd() % 4 == 0 ? max : rnd() % (max + 1);
			if (v6 && len < 96 && rnd() % 2) {
				len += 96 - len % 96;
			}
			assert_int_equal(
			        ditto_acladdr_setprefix(&ref[i].pfx, len),
			        DITTO_R_SUCCESS);
			ditto_result_t r;
			if (ref[i].any) {
				r = ditto_acl_addany(acl, ref[i].negative);
			} else if (ref[i].key != 0) {
				r = ditto_acl_addkey(acl, keys[ref[i].key],
				                     ref[i].negative);
			} else {
				r = ditto_acl_addprefix(acl, &ref[i].pfx,
				                        ref[i].negative);
			}
			assert_int_equal(r, DITTO_R_SUCCESS);
		}
		assert_int_equal(ditto_acl_freeze(acl), DITTO_R_SUCCESS);
		for (unsigned int q = 0; q < 200; q++) {
			ditto_acladdr_t a;
			random_addr(&a, rnd() % 3 == 0);
			unsigned int qk = rnd() % 3; /* 0: unsigned */
			int want_elem = -1;
			for (unsigned int i = 0; i < n; i++) {
				bool hit =
				        ref[i].key != 0
				                ? ref[i].key == qk
				                : ref[i].any ||
				                          ditto_acladdr_within(
				                                  &a,
				                                  &ref[i].pfx);
				if (hit) {
					want_elem = (int)i;
					break;
				}
			}
			ditto_aclresult_t want = want_elem < 0 ? NOMATCH
			                         : ref[want_elem].negative
			                                 ? DENY
			                                 : ALLOW;
			int elem = -2;
			ditto_aclresult_t got = ditto_acl_match(
			        acl, NULL, &a, qk == 0 ? NULL : keys[qk],
			        &elem);
			if (got != want || elem != want_elem) {
				fail_msg("round %u query %u: got %d/%d want "
				         "%d/%d",
				         round, q, got, elem, want, want_elem);
			}
		}
		ditto_acl_detach(&acl);
	}
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_bind_nested),
		cmocka_unit_test(test_bind_named_acl),
		cmocka_unit_test(test_bind_keys),
		cmocka_unit_test(test_localhost_localnets),
		cmocka_unit_test(test_loadsystem),
		cmocka_unit_test(test_prefix_lengths),
		cmocka_unit_test(test_prefix_literals),
		cmocka_unit_test(test_mapped),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_loop_and_depth),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_random_vs_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

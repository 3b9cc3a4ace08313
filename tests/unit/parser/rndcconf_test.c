/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of rndc.conf / rndc.key parsing and rndc's precedence rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parser/rndcconf.h"

#define SECRET "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"

static ditto_result_t
parse(ditto_rndcconf_t *c, const char *text, bool key_only)
{
	ditto_rndcconf_init(c);
	c->parser.no_includes = true;
	return ditto_rndcconf_parse_buffer(c, "rndc.conf", text, strlen(text),
	                                   key_only);
}

static const char *
first_diag(const ditto_rndcconf_t *c)
{
	return c->parser.diags != NULL ? c->parser.diags->msg : "";
}

static void
select_ok(const char *text, ditto_rndcconf_args_t a, const char *server,
          const char *key, unsigned int port, ditto_rndcconf_keyfrom_t from)
{
	ditto_rndcconf_t c;
	ditto_rndcconf_target_t t;
	ditto_err_t err = { .msg = "" };
	assert_int_equal(parse(&c, text, false), DITTO_R_SUCCESS);
	assert_int_equal(ditto_rndcconf_select(&c, &a, &t, &err),
	                 DITTO_R_SUCCESS);
	assert_string_equal(t.server, server);
	assert_string_equal(t.key->name, key);
	assert_int_equal(t.port, port);
	assert_int_equal(t.keyfrom, from);
	ditto_rndcconf_clear(&c);
}

static void
select_fails(const char *text, ditto_rndcconf_args_t a, const char *msg)
{
	ditto_rndcconf_t c;
	ditto_rndcconf_target_t t;
	ditto_err_t err = { .msg = "" };
	assert_int_equal(parse(&c, text, false), DITTO_R_SUCCESS);
	assert_int_not_equal(ditto_rndcconf_select(&c, &a, &t, &err),
	                     DITTO_R_SUCCESS);
	assert_string_equal(err.msg, msg);
	ditto_rndcconf_clear(&c);
}

static void
test_full_conf(void **state)
{
	(void)state;
	const char *text =
	        "options { default-server localhost; default-key \"a\";\n"
	        "  default-port 5953; default-source-address 127.0.0.2;\n"
	        "  default-source-address-v6 ::1; };\n"
	        "key \"a\" { algorithm hmac-sha256; secret \"" SECRET "\"; };\n"
	        "key b { algorithm hmac-md5; secret "
	        "\"aWTjbu7M1zq4YxP88MKToA==\"; };\n"
	        "server ns1 { key b; port 1953; source-address 127.0.0.3;\n"
	        "  addresses { 127.0.0.9; ::1 port 2953; \"localhost\"; }; "
	        "};\n";
	ditto_rndcconf_t c;
	assert_int_equal(parse(&c, text, false), DITTO_R_SUCCESS);
	assert_string_equal(c.default_server, "localhost");
	assert_string_equal(c.default_key, "a");
	assert_true(c.has_default_port);
	assert_int_equal(c.default_port, 5953);
	assert_string_equal(c.source4, "127.0.0.2");
	assert_string_equal(c.source6, "::1");
	assert_non_null(c.keys);
	assert_string_equal(c.keys->next->algorithm, "hmac-md5");
	const ditto_rndcconf_server_t *s = c.servers;
	assert_non_null(s);
	assert_string_equal(s->name, "ns1");
	assert_int_equal(s->naddrs, 3);
	assert_string_equal(s->addrs[1].host, "::1");
	assert_int_equal(s->addrs[1].port, 2953);
	assert_int_equal(s->addrs[0].port, 0);
	ditto_rndcconf_target_t t;
	ditto_err_t err;
	ditto_rndcconf_args_t a = { .server = "NS1" }; /* no case */
	assert_int_equal(ditto_rndcconf_select(&c, &a, &t, &err),
	                 DITTO_R_SUCCESS);
	assert_ptr_equal(t.stmt, s);
	assert_string_equal(t.key->name, "b");
	assert_int_equal(t.port, 1953);
	assert_string_equal(t.source4, "127.0.0.3");
	assert_string_equal(t.source6, "::1");
	ditto_rndcconf_clear(&c);
}

static void
test_precedence(void **state)
{
	(void)state;
	const char *conf =
	        "key k { algorithm hmac-sha256; secret \"" SECRET "\"; };\n"
	        "key j { algorithm hmac-sha256; secret \"" SECRET "\"; };\n"
	        "options { default-key k; default-server 127.0.0.1;"
	        " default-port 25953; };\n"
	        "server 10.0.0.1 { key j; };\n"
	        "server 10.0.0.2 { key j; port 7; };\n";
	ditto_rndcconf_args_t none = { 0 };
	select_ok(conf, none, "127.0.0.1", "k", 25953,
	          DITTO_RNDCCONF_KEY_DEFAULT);
	/* -s picks the server statement: its key; default-port applies */
	select_ok(conf, (ditto_rndcconf_args_t){ .server = "10.0.0.1" },
	          "10.0.0.1", "j", 25953, DITTO_RNDCCONF_KEY_SERVER);
	select_ok(conf, (ditto_rndcconf_args_t){ .server = "10.0.0.2" },
	          "10.0.0.2", "j", 7, DITTO_RNDCCONF_KEY_SERVER);
	/* -y beats the server's key, -p beats every port */
	select_ok(conf,
	          (ditto_rndcconf_args_t){
	                  .server = "10.0.0.2", .keyname = "K", .port = 99 },
	          "10.0.0.2", "k", 99, DITTO_RNDCCONF_KEY_ARG);
	/* no default-port: 953 */
	select_ok("key k { algorithm hmac-sha1; secret \"" SECRET "\"; };\n"
	          "options { default-key k; default-server h; };",
	          none, "h", "k", 953, DITTO_RNDCCONF_KEY_DEFAULT);
}

static void
test_select_errors(void **state)
{
	(void)state;
	const char *k =
	        "key k { algorithm hmac-sha256; secret \"" SECRET "\"; };\n";
	char buf[512];
	ditto_rndcconf_args_t none = { 0 };
	snprintf(buf, sizeof(buf), "%soptions { default-key k; };", k);
	select_fails(buf, none, "no server specified and no default");
	snprintf(buf, sizeof(buf), "%soptions { default-server s; };", k);
	select_fails(buf, none, "get default key: not found");
	select_fails(k, (ditto_rndcconf_args_t){ .server = "s" },
	             "no key for server and no default");
	snprintf(buf, sizeof(buf), "%sserver s { port 1; };", k);
	select_fails(buf, (ditto_rndcconf_args_t){ .server = "s" },
	             "get key for server: not found");
	select_fails("options { default-server s; default-key k; };", none,
	             "get config key list: not found");
	snprintf(buf, sizeof(buf), "%soptions { default-server s; };", k);
	select_fails(buf, (ditto_rndcconf_args_t){ .keyname = "nokey" },
	             "no key definition for name nokey");
	select_fails("key k { algorithm hmac-sha256; };\n"
	             "options { default-server s; default-key k; };",
	             none, "key must have algorithm and secret");
}

static void
test_key_only(void **state)
{
	(void)state;
	ditto_rndcconf_t c;
	ditto_rndcconf_target_t t;
	ditto_err_t err;
	assert_int_equal(parse(&c,
	                       "key \"rndc-key\" {\n\talgorithm hmac-sha256;\n"
	                       "\tsecret \"" SECRET "\";\n};\n",
	                       true),
	                 DITTO_R_SUCCESS);
	/* -y is ignored with rndc.key, as rndc ignores it */
	ditto_rndcconf_args_t a = { .keyname = "other" };
	assert_int_equal(ditto_rndcconf_select(&c, &a, &t, &err),
	                 DITTO_R_SUCCESS);
	assert_string_equal(t.server, "127.0.0.1");
	assert_string_equal(t.key->name, "rndc-key");
	assert_int_equal(t.port, 953);
	assert_int_equal(t.keyfrom, DITTO_RNDCCONF_KEY_ONLY);
	ditto_rndcconf_clear(&c);

	assert_int_equal(parse(&c,
	                       "key a { algorithm hmac-md5; secret x; };\n"
	                       "key b { algorithm hmac-md5; secret x; };",
	                       true),
	                 DITTO_R_SYNTAX);
	assert_string_equal(first_diag(&c), "'key' redefined near 'key'");
	assert_int_equal(c.parser.diags->line, 2);
	ditto_rndcconf_clear(&c);
	assert_int_equal(parse(&c, "options { };", true), DITTO_R_SYNTAX);
	assert_string_equal(first_diag(&c), "unknown option 'options'");
	ditto_rndcconf_clear(&c);
}

static void
syntax(const char *text, const char *msg)
{
	ditto_rndcconf_t c;
	assert_int_equal(parse(&c, text, false), DITTO_R_SYNTAX);
	assert_string_equal(first_diag(&c), msg);
	ditto_rndcconf_clear(&c);
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	syntax("options { frob 1; };", "unknown option 'frob'");
	syntax("options { default-server 127.0.0.1 default-port 1; };",
	       "missing ';' before 'default-port'");
	syntax("options { default-port 70000; };", "port '70000' out of range");
	syntax("options { default-port abc; };", "port 'abc' out of range");
	syntax("options { default-key a; default-key b; };",
	       "'default-key' redefined near 'default-key'");
	syntax("options { }; options { };",
	       "'options' redefined near 'options'");
	syntax("zone x { };", "unknown option 'zone'");
	syntax("server s { addresses { 1.2.3.4 port x; }; };",
	       "port 'x' out of range");
	syntax("server s { addresses { 1.2.3.4 foo; }; };",
	       "missing ';' before 'foo'");
	syntax("options { default-source-address ::1; };",
	       "expected IPv4 address near '::1'");
	syntax("key k { algorithm; };", "'algorithm': missing value near ';'");
	syntax("key { algorithm a; };", "'key': expected a name near '{'");
	syntax("server s;", "expected '{' near ';'");
	ditto_rndcconf_t c;
	assert_int_not_equal(parse(&c, "options { default-key \"a\" ", false),
	                     DITTO_R_SUCCESS);
	assert_non_null(c.parser.diags);
	ditto_rndcconf_clear(&c);
}

static const char *present[4];

static bool
stub_exists(const char *path)
{
	for (size_t i = 0; i < 4 && present[i] != NULL; i++) {
		if (strcmp(present[i], path) == 0) {
			return true;
		}
	}
	return false;
}

static void
test_choose(void **state)
{
	(void)state;
	ditto_rndcconf_files_t f;
	ditto_err_t err;
	memset(present, 0, sizeof(present));
	present[0] = "/etc/bind/rndc.key";
	assert_int_equal(
	        ditto_rndcconf_choose(NULL, NULL, stub_exists, &f, &err),
	        DITTO_R_SUCCESS);
	assert_string_equal(f.path, "/etc/bind/rndc.key");
	assert_true(f.key_only);
	assert_int_equal(
	        ditto_rndcconf_choose("/x.conf", NULL, stub_exists, &f, &err),
	        DITTO_R_FILENOTFOUND);
	assert_string_equal(err.msg, "/x.conf does not exist");
	assert_int_equal(
	        ditto_rndcconf_choose(NULL, "/k", stub_exists, &f, &err),
	        DITTO_R_FILENOTFOUND);
	assert_string_equal(err.msg,
	                    "neither /etc/bind/rndc.conf nor /k was found");
	present[1] = "/etc/bind/rndc.conf";
	assert_int_equal(
	        ditto_rndcconf_choose(NULL, NULL, stub_exists, &f, &err),
	        DITTO_R_SUCCESS);
	assert_string_equal(f.path, "/etc/bind/rndc.conf");
	assert_false(f.key_only);
	assert_true(f.warn_keyfile);
	present[2] = "/c";
	assert_int_equal(
	        ditto_rndcconf_choose("/c", "/k", stub_exists, &f, &err),
	        DITTO_R_SUCCESS);
	assert_string_equal(f.path, "/c");
	assert_false(f.warn_keyfile);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_conf),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_select_errors),
		cmocka_unit_test(test_key_only),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_choose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

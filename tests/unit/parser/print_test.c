/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of the canonical printer (named-checkconf -p's output). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parser/check.h"
#include "parser/ignored.h"
#include "parser/print.h"

/* Print \a text (checked) into \a buf; the expected texts below are what
 * named-checkconf -p (BIND 9.18) prints for the same input. */
static void
print_text(const char *text, bool obscure, char *buf, size_t size)
{
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_cfg_parser_init(&p);
	p.no_includes = true;
	assert_int_equal(
	        ditto_cfg_parse_buffer(&p, "t.conf", text, strlen(text), &root),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_cfg_check(&p, root), DITTO_R_SUCCESS);
	FILE *f = fmemopen(buf, size, "w");
	assert_non_null(f);
	ditto_cfg_print(f, root, obscure);
	fclose(f);
	ditto_cfg_parser_clear(&p);
}

static void
test_order(void **state)
{
	(void)state;
	char buf[4096];
	print_text("zone \"z\" { allow-transfer { any; }; primaries { "
	           "192.0.2.1; }; file \"f\"; type slave; };\n"
	           "options { recursion no; directory \"/tmp\"; };\n"
	           "acl a { 10/8; };\n",
	           false, buf, sizeof(buf));
	assert_string_equal(buf, "acl \"a\" {\n"
	                         "\t10.0.0.0/8;\n"
	                         "};\n"
	                         "options {\n"
	                         "\tdirectory \"/tmp\";\n"
	                         "\trecursion no;\n"
	                         "};\n"
	                         "zone \"z\" {\n"
	                         "\ttype slave;\n"
	                         "\tfile \"f\";\n"
	                         "\tprimaries {\n"
	                         "\t\t192.0.2.1;\n"
	                         "\t};\n"
	                         "\tallow-transfer  {\n"
	                         "\t\t\"any\";\n"
	                         "\t};\n"
	                         "};\n");
}

static void
test_values(void **state)
{
	(void)state;
	char buf[4096];
	print_text("options { max-cache-ttl 1w2d; max-ncache-ttl P1D; "
	           "max-journal-size 10k; recursion true; notify-source *; "
	           "fetch-quota-params 100 0.1 0.3 0.7; };\n"
	           "logging { channel c { stderr; }; };\n",
	           false, buf, sizeof(buf));
	assert_string_equal(buf, "logging {\n"
	                         "\tchannel \"c\" {\n"
	                         "\t\tstderr ;\n"
	                         "\t};\n"
	                         "};\n"
	                         "options {\n"
	                         "\tfetch-quota-params 100 0.10 0.30 0.70;\n"
	                         "\tmax-cache-ttl 777600;\n"
	                         "\tmax-ncache-ttl P1D;\n"
	                         "\trecursion yes;\n"
	                         "\tmax-journal-size 10240;\n"
	                         "\tnotify-source 0.0.0.0;\n"
	                         "};\n");
}

static void
test_obscure(void **state)
{
	(void)state;
	char buf[1024];
	print_text("key k { secret \"c2VjcmV0\"; algorithm hmac-sha256; };\n",
	           true, buf, sizeof(buf));
	assert_string_equal(buf, "key \"k\" {\n"
	                         "\talgorithm \"hmac-sha256\";\n"
	                         "\tsecret \"????????\";\n"
	                         "};\n");
}

static void
count(void *arg, const ditto_cfg_node_t *stmt)
{
	(void)stmt;
	(*(int *)arg)++;
}

static void
test_ignored(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	const char *t = "options { dnssec-validation auto; port 53; };\n"
	                "zone \"z\" { type primary; file \"z\"; dialup no; "
	                "};\n"
	                "zone \"f\" { type forward; forwarders { 192.0.2.1; "
	                "}; };\n";
	ditto_cfg_parser_init(&p);
	assert_int_equal(ditto_cfg_parse_buffer(&p, "t", t, strlen(t), &root),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_cfg_check(&p, root), DITTO_R_SUCCESS);
	int n = 0;
	/* dnssec-validation, dialup in zone z, and zone f as a whole */
	assert_int_equal(ditto_cfg_ignored_walk(root, count, &n), 3);
	assert_int_equal(n, 3);
	char msg[200];
	ditto_cfg_ignored_message(ditto_cfg_block(root)->child, msg,
	                          sizeof(msg));
	assert_string_equal(msg, "option 'dnssec-validation' is not "
	                         "implemented by dittod and has no effect");
	ditto_cfg_ignored_message(root->next->next, msg, sizeof(msg));
	assert_string_equal(msg, "zone 'f': type forward is not served by "
	                         "dittod; skipped");
	ditto_cfg_parser_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_obscure),
		cmocka_unit_test(test_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

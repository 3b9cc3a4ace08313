/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of the named.conf lexer, grammar, includes and clause checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parser/ast.h"
#include "parser/check.h"
#include "parser/clauses.h"

static ditto_result_t
parse(ditto_cfg_parser_t *p, const char *text, ditto_cfg_node_t **out)
{
	ditto_cfg_parser_init(p);
	p->no_includes = true;
	return ditto_cfg_parse_buffer(p, "t.conf", text, strlen(text), out);
}

static const char *
first_msg(const ditto_cfg_parser_t *p)
{
	return p->diags != NULL ? p->diags->msg : "";
}

static void
test_statements_and_lines(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	const char *text = "# one\n// two\n/* three\n */ options {\n"
	                   "\tdirectory \"/tmp\";\n};\nacl a { !10/8; };\n";
	assert_int_equal(parse(&p, text, &root), DITTO_R_SUCCESS);
	assert_non_null(root);
	assert_int_equal(root->kind, DITTO_CFG_STMT);
	assert_string_equal(root->child->text, "options");
	assert_int_equal(root->line, 4);
	ditto_cfg_node_t *blk = root->child->next;
	assert_int_equal(blk->kind, DITTO_CFG_BLOCK);
	assert_int_equal(blk->child->line, 5);
	assert_int_equal(blk->child->child->next->kind, DITTO_CFG_STRING);
	assert_string_equal(blk->child->child->next->text, "/tmp");
	assert_int_equal(ditto_cfg_list_len(root), 2);
	ditto_cfg_node_t *acl = root->next;
	assert_int_equal(acl->line, 7);
	ditto_cfg_node_t *elem = acl->child->next->next->child;
	assert_int_equal(elem->child->kind, DITTO_CFG_NOT);
	assert_string_equal(elem->child->next->text, "10/8");
	assert_int_equal(ditto_cfg_check(&p, root), DITTO_R_SUCCESS);
	ditto_cfg_parser_clear(&p);
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		unsigned int line;
		const char *msg;
	} cases[] = {
		{ "options { directory \"x\" };", 1, "missing ';' before '}'" },
		{ "options {\n};\nfoo", 3, "missing ';' before end of file" },
		{ "options { version \"x\"; };\n/* open", 2,
		  "unexpected end of input in comment" },
		{ "options {\n version \"open;\n};\n", 4,
		  "unexpected end of input in quoted string" },
		{ "}", 1, "syntax error near '}'" },
		{ ";", 1, "syntax error near ';'" },
		{ "options { ; };", 1, "'}' expected near ';'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ditto_cfg_parser_t p;
		ditto_cfg_node_t *root = NULL;
		assert_int_equal(parse(&p, cases[i].text, &root),
		                 DITTO_R_SYNTAX);
		assert_non_null(p.diags);
		assert_int_equal(p.diags->line, cases[i].line);
		assert_string_equal(first_msg(&p), cases[i].msg);
		ditto_cfg_parser_clear(&p);
	}
}

static void
test_nul_and_depth(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	const char nul[] = "options { };\n\0junk;";
	ditto_cfg_parser_init(&p);
	assert_int_equal(ditto_cfg_parse_buffer(&p, "t.conf", nul,
	                                        sizeof(nul) - 1, &root),
	                 DITTO_R_SYNTAX);
	assert_int_equal(p.diags->line, 2);
	assert_string_equal(first_msg(&p), "NUL byte in input");
	ditto_cfg_parser_clear(&p);

	char deep[1024] = "a ";
	for (int i = 0; i < 100; i++) {
		strcat(deep, "{");
	}
	assert_int_equal(parse(&p, deep, &root), DITTO_R_SYNTAX);
	assert_string_equal(first_msg(&p), "nesting deeper than 64 levels");
	ditto_cfg_parser_clear(&p);
}

static void
test_clause_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "options { foo yes; };", "unknown option 'foo'" },
		{ "options { recursion maybe; };",
		  "boolean expected near 'maybe'" },
		{ "options { file \"x\"; };", "unknown option 'file'" },
		{ "options { version \"a\"; version \"b\"; };",
		  "'version' redefined near 'version'" },
		{ "options { transfer-format x; };", "'x' unexpected" },
		{ "options { lame-ttl 1y; };",
		  "expected ISO 8601 duration or TTL value near '1y'" },
		{ "options { notify-source 1.2.3; };",
		  "expected IPv4 address or '*' near '1.2.3'" },
		{ "zone \"a\" { type secondary; };",
		  "zone 'a': missing 'primaries' entry" },
		{ "zone \"a\" { type primary; file \"f\"; primaries { 1.2.3.4; "
		  "}; };",
		  "option 'primaries' is not allowed in 'primary' zone 'a'" },
		{ "options { allow-query { foo; }; };", "undefined ACL 'foo'" },
		{ "key k { algorithm hmac-sha256; secret \"a!bc\"; };",
		  "bad secret 'bad base64 encoding'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ditto_cfg_parser_t p;
		ditto_cfg_node_t *root = NULL;
		assert_int_equal(parse(&p, cases[i].text, &root),
		                 DITTO_R_SUCCESS);
		assert_int_not_equal(ditto_cfg_check(&p, root),
		                     DITTO_R_SUCCESS);
		assert_string_equal(first_msg(&p), cases[i].msg);
		ditto_cfg_parser_clear(&p);
	}
}

static void
test_clause_table(void **state)
{
	(void)state;
	assert_true(ditto_cfg_nclauses > 300);
	for (size_t i = 1; i < ditto_cfg_nclauses; i++) {
		assert_true(strcmp(ditto_cfg_clauses[i - 1].name,
		                   ditto_cfg_clauses[i].name) <= 0);
	}
	const ditto_cfg_clause_t *c =
	        ditto_cfg_clause_find("primaries", DITTO_CFG_SET_SECONDARY);
	assert_non_null(c);
	/* secondary zones transfer; a stub zone's primaries are ignored */
	assert_int_equal(c->status, DITTO_CFG_IMPLEMENTED);
	c = ditto_cfg_clause_find("primaries", DITTO_CFG_SET_STUB);
	assert_non_null(c);
	assert_int_equal(c->status, DITTO_CFG_IGNORED);
	assert_null(ditto_cfg_clause_find("primaries", DITTO_CFG_SET_PRIMARY));
	c = ditto_cfg_clause_find("transfer-source", DITTO_CFG_SET_SERVER);
	assert_int_equal(c->status, DITTO_CFG_IGNORED);
	c = ditto_cfg_clause_find("transfer-source", DITTO_CFG_SET_SECONDARY);
	assert_int_equal(c->status, DITTO_CFG_IMPLEMENTED);
	c = ditto_cfg_clause_find("notify", DITTO_CFG_SET_SECONDARY);
	assert_int_equal(c->status, DITTO_CFG_IMPLEMENTED);
	c = ditto_cfg_clause_find("zone-statistics", DITTO_CFG_SET_SECONDARY);
	assert_int_equal(c->status, DITTO_CFG_IGNORED);
	c = ditto_cfg_clause_find("allow-query", DITTO_CFG_SET_SECONDARY);
	assert_int_equal(c->status, DITTO_CFG_IMPLEMENTED);
	/* a status per place: edns-udp-size is honoured in options only */
	c = ditto_cfg_clause_find("edns-udp-size", DITTO_CFG_SET_OPTIONS);
	assert_int_equal(c->status, DITTO_CFG_IMPLEMENTED);
	c = ditto_cfg_clause_find("edns-udp-size", DITTO_CFG_SET_VIEW);
	assert_int_equal(c->status, DITTO_CFG_IGNORED);
	c = ditto_cfg_clause_find("dscp", DITTO_CFG_SET_OPTIONS);
	assert_non_null(c);
	assert_int_equal(c->status, DITTO_CFG_OBSOLETE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statements_and_lines),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nul_and_depth),
		cmocka_unit_test(test_clause_errors),
		cmocka_unit_test(test_clause_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

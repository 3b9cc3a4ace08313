/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of the typed configuration: defaults and inheritance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parser/check.h"
#include "parser/config.h"

static ditto_config_t *
build(ditto_cfg_parser_t *p, const char *text)
{
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	ditto_cfg_parser_init(p);
	p->no_includes = true;
	p->follow_directory = false;
	assert_int_equal(
	        ditto_cfg_parse_buffer(p, "t.conf", text, strlen(text), &root),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_cfg_check(p, root), DITTO_R_SUCCESS);
	assert_int_equal(ditto_config_fromast(root, &cfg), DITTO_R_SUCCESS);
	return cfg;
}

static void
test_defaults_and_inheritance(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = build(
	        &p, "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; };\n"
	            "acl \"lan\" { 10/8; !10.1.0.0/16; key \"k\"; };\n"
	            "primaries \"up\" port 5353 { 192.0.2.1 key \"k\"; };\n"
	            "options { directory \"/var/x\"; transfers-in 30;\n"
	            "  allow-transfer { lan; }; min-refresh-time 60;\n"
	            "  listen-on port 5300 { 127.0.0.1; }; };\n"
	            "zone \"a.example\" { type slave; file \"a\";\n"
	            "  primaries { up; 2001:db8::1 port 54; };\n"
	            "  allow-transfer { none; }; };\n"
	            "zone \"b.example\" { type secondary; masters { up; }; };\n"
	            "controls { inet 127.0.0.1 allow { localhost; } keys { "
	            "\"k\"; }; };\n");
	assert_string_equal(cfg->directory, "/var/x");
	assert_int_equal(cfg->transfers_in, 30);
	assert_int_equal(cfg->transfers_out, 10);
	assert_int_equal(cfg->port, 53);
	assert_non_null(cfg->listen);
	assert_int_equal(cfg->listen->port, 5300);
	assert_string_equal(cfg->keys->name, "k");
	assert_string_equal(cfg->keys->algorithm, "hmac-sha256");
	assert_string_equal(cfg->acls->name, "lan");
	const ditto_config_acl_t *e = cfg->acls->list.head;
	assert_int_equal(e->kind, DITTO_CONFIG_ACL_PREFIX);
	assert_int_equal(e->prefix.len, 8);
	assert_true(e->next->negated);
	assert_int_equal(e->next->next->kind, DITTO_CONFIG_ACL_KEY);
	assert_int_equal(cfg->primaries->list.port, 5353);
	assert_string_equal(cfg->primaries->list.head->key, "k");
	assert_string_equal(cfg->views->name, "_default");
	assert_null(cfg->views->next);
	assert_int_equal(cfg->views->nzones, 2);
	const ditto_config_zone_t *a = cfg->views->zones;
	assert_string_equal(a->type, "secondary");
	assert_string_equal(a->file, "a");
	assert_string_equal(a->primaries.head->list, "up");
	assert_int_equal(a->primaries.head->next->port, 54);
	assert_int_equal(a->opts.allow_transfer.head->kind,
	                 DITTO_CONFIG_ACL_NONE);
	assert_int_equal(a->opts.min_refresh_time, 60);
	assert_int_equal(a->opts.max_refresh_time, 2419200);
	const ditto_config_zone_t *b = a->next;
	assert_true(b->primaries.set);
	assert_int_equal(b->opts.allow_transfer.head->kind,
	                 DITTO_CONFIG_ACL_NAMED);
	assert_string_equal(b->opts.allow_transfer.head->name, "lan");
	assert_int_equal(cfg->controls->port, 953);
	assert_string_equal(cfg->controls->keys[0], "k");
	assert_null(cfg->controls->keys[1]);
	ditto_config_destroy(&cfg);
	assert_null(cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_views(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = build(
	        &p, "options { notify no; };\n"
	            "view \"in\" { match-clients { 10/8; }; notify explicit;\n"
	            "  zone \"x\" { type secondary; primaries { 192.0.2.1; "
	            "}; }; };\n"
	            "view \"out\" { zone \"x\" { type primary; file \"f\"; "
	            "notify yes; }; };\n");
	const ditto_config_view_t *v = cfg->views;
	assert_string_equal(v->name, "in");
	assert_true(v->match_clients.set);
	assert_string_equal(v->zones->opts.notify, "explicit");
	assert_string_equal(v->next->zones->opts.notify, "yes");
	assert_string_equal(v->next->opts.notify, "no");
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_inheritance),
		cmocka_unit_test(test_views),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

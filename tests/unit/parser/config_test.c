/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of the typed configuration: defaults and inheritance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "acl/acl.h"
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

/* Does \a acl allow \a addr (text), signed with key \a key (or NULL)? */
static bool
allows(const ditto_acl_t *acl, const char *addr, const char *key)
{
	ditto_acladdr_t a;
	uint8_t wire[256];
	assert_non_null(acl);
	assert_true(ditto_acl_isfrozen(acl));
	assert_int_equal(ditto_acladdr_fromtext(addr, strlen(addr), &a, NULL),
	                 DITTO_R_SUCCESS);
	if (key != NULL) {
		/* "k" -> \001k\000 */
		size_t n = strlen(key);
		wire[0] = (uint8_t)n;
		memcpy(wire + 1, key, n);
		wire[n + 1] = 0;
	}
	return ditto_acl_allowed(acl, NULL, &a, key != NULL ? wire : NULL);
}

static void
test_acl_inheritance(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = build(
	        &p, "acl \"lan\" { !10.1.0.0/16; 10/8; };\n"
	            "options { allow-transfer { lan; }; allow-query { lan; "
	            "}; };\n"
	            "view \"v\" { allow-query { 192.0.2.0/24; };\n"
	            "  zone \"a\" { type primary; file \"a\";\n"
	            "    allow-transfer { none; }; };\n"
	            "  zone \"b\" { type primary; file \"b\"; }; };\n"
	            "view \"w\" { zone \"c\" { type primary; file \"c\";\n"
	            "    allow-query { any; }; }; };\n");
	const ditto_config_view_t *v = cfg->views, *w = v->next;
	const ditto_config_zone_t *a = v->zones, *b = a->next, *c = w->zones;
	/* zone a: its own list */
	assert_false(allows(a->opts.allow_transfer.acl, "10.2.3.4", NULL));
	/* zone b inherits options' allow-transfer through the view: one
	 * shared object at every level */
	assert_ptr_equal(b->opts.allow_transfer.acl,
	                 v->opts.allow_transfer.acl);
	assert_ptr_equal(b->opts.allow_transfer.acl,
	                 c->opts.allow_transfer.acl);
	assert_true(allows(b->opts.allow_transfer.acl, "10.2.3.4", NULL));
	assert_false(allows(b->opts.allow_transfer.acl, "10.1.2.3", NULL));
	assert_false(allows(b->opts.allow_transfer.acl, "192.0.2.1", NULL));
	/* allow-query: zone b gets view v's, zone c its own, view w options' */
	assert_true(allows(b->opts.allow_query.acl, "192.0.2.1", NULL));
	assert_false(allows(b->opts.allow_query.acl, "10.2.3.4", NULL));
	assert_true(allows(c->opts.allow_query.acl, "198.51.100.1", NULL));
	assert_true(allows(w->opts.allow_query.acl, "10.2.3.4", NULL));
	assert_false(allows(w->opts.allow_query.acl, "198.51.100.1", NULL));
	/* the named acl itself is compiled too */
	assert_true(allows(cfg->acls->list.acl, "10.9.9.9", NULL));
	assert_string_equal(ditto_acl_name(cfg->acls->list.acl), "lan");
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_acl_defaults(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg =
	        build(&p, "options { listen-on { 127.0.0.1; }; };\n"
	                  "statistics-channels { inet 127.0.0.1 port 8053; };\n"
	                  "zone \"a\" { type secondary; primaries { 192.0.2.1; "
	                  "}; };\n");
	const ditto_config_view_t *v = cfg->views;
	const ditto_config_zone_t *z = v->zones;
	/* BIND 9.18 (named -C): allow-query, allow-query-on and
	 * allow-transfer { any; }, allow-notify { none; } */
	assert_false(z->opts.allow_query.set);
	assert_true(allows(z->opts.allow_query.acl, "198.51.100.7", NULL));
	assert_true(allows(z->opts.allow_query_on.acl, "2001:db8::1", NULL));
	assert_true(allows(z->opts.allow_transfer.acl, "198.51.100.7", NULL));
	assert_false(allows(z->opts.allow_notify.acl, "192.0.2.1", NULL));
	assert_true(allows(v->match_clients.acl, "203.0.113.1", NULL));
	assert_true(allows(v->match_destinations.acl, "203.0.113.1", NULL));
	/* allow-recursion { localnets; localhost; }: nothing without env */
	assert_false(allows(v->allow_recursion.acl, "127.0.0.1", NULL));
	assert_false(allows(cfg->blackhole.acl, "203.0.113.1", NULL));
	assert_true(allows(cfg->listen->addrs.acl, "127.0.0.1", NULL));
	assert_false(allows(cfg->listen->addrs.acl, "127.0.0.2", NULL));
	assert_true(allows(cfg->statschans->allow.acl, "192.0.2.200", NULL));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_acl_negation_and_keys(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = build(
	        &p, "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; };\n"
	            "key \"other\" { algorithm hmac-sha256; secret \"YWJj\"; "
	            "};\n"
	            "acl \"bad\" { 10.1.0.0/16; };\n"
	            "acl \"signed\" { key \"k\"; };\n"
	            "acl \"outer\" { !bad; 10/8; };\n"
	            "options { allow-query { !bad; any; };\n"
	            "  allow-transfer { signed; };\n"
	            "  allow-notify { outer; }; };\n"
	            "controls { inet 127.0.0.1 allow { !key \"other\"; "
	            "signed; 127.0.0.1; }; };\n"
	            "zone \"a\" { type secondary; primaries { 192.0.2.1; "
	            "}; };\n");
	const ditto_config_zone_t *z = cfg->views->zones;
	assert_false(allows(z->opts.allow_query.acl, "10.1.2.3", NULL));
	assert_true(allows(z->opts.allow_query.acl, "10.2.0.1", NULL));
	/* `outer` = { !bad; 10/8; }: the negation holds through the name */
	assert_false(allows(z->opts.allow_notify.acl, "10.1.2.3", NULL));
	assert_true(allows(z->opts.allow_notify.acl, "10.200.0.1", NULL));
	/* key elements match the TSIG key name, ignoring case */
	assert_true(allows(z->opts.allow_transfer.acl, "198.51.100.1", "k"));
	assert_true(allows(z->opts.allow_transfer.acl, "198.51.100.1", "K"));
	assert_false(allows(z->opts.allow_transfer.acl, "198.51.100.1", NULL));
	assert_false(
	        allows(z->opts.allow_transfer.acl, "198.51.100.1", "other"));
	const ditto_acl_t *ctl = cfg->controls->allow.acl;
	assert_false(allows(ctl, "127.0.0.1", "other"));
	assert_true(allows(ctl, "127.0.0.1", NULL));
	assert_true(allows(ctl, "192.0.2.9", "k"));
	assert_false(allows(ctl, "192.0.2.9", NULL));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_server_options(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	/* BIND 9.18's defaults (named -C) */
	ditto_config_t *cfg = build(&p, "zone z { type primary; file \"z\"; "
	                                "};\n");
	assert_true(cfg->hostname.use_hostname);
	assert_null(cfg->hostname.text);
	assert_false(cfg->server_id.use_hostname);
	assert_null(cfg->server_id.text);
	assert_int_equal(cfg->edns_udp_size, 1232);
	assert_int_equal(cfg->max_udp_size, 1232);
	assert_int_equal(cfg->tcp_initial_timeout, 300);
	assert_int_equal(cfg->tcp_idle_timeout, 300);
	assert_int_equal(cfg->tcp_clients, 150);
	assert_true(cfg->answer_cookie);
	assert_int_equal(cfg->ncookie_secrets, 0);
	assert_false(cfg->match_mapped_addresses);
	assert_false(cfg->blackhole.set);
	const ditto_config_zone_t *z = cfg->views->zones;
	assert_int_equal(z->opts.minimal_responses,
	                 DITTO_CONFIG_MINIMAL_NO_AUTH_RECURSIVE);
	assert_false(z->opts.minimal_any);
	assert_int_equal(cfg->views->edns_udp_size, 1232);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	/* written values; hex and octal integers as named reads them */
	cfg = build(
	        &p,
	        "options { hostname none; server-id hostname;\n"
	        "  version \"v1\"; edns-udp-size 0x1000; max-udp-size 010;\n"
	        "  tcp-initial-timeout 25; tcp-idle-timeout 1200;\n"
	        "  tcp-clients 9; answer-cookie no; port 0x35;\n"
	        "  cookie-secret \"000102030405060708090a0b0c0d0e0f\";\n"
	        "  cookie-secret \"FFEEDDCCBBAA99887766554433221100\";\n"
	        "  match-mapped-addresses yes; minimal-responses no-auth;\n"
	        "  minimal-any yes; allow-query-on { 127.0.0.1; }; };\n"
	        "view a { minimal-responses yes; edns-udp-size 1400;\n"
	        "  allow-query-on { 10/8; };\n"
	        "  zone z { type primary; file \"z\";\n"
	        "    allow-query-on { 192.0.2.1; }; };\n"
	        "  zone y { type primary; file \"y\"; }; };\n"
	        "view b { zone z { type primary; file \"z\"; }; };\n");
	assert_false(cfg->hostname.use_hostname);
	assert_null(cfg->hostname.text);
	assert_true(cfg->server_id.use_hostname);
	assert_string_equal(cfg->version, "v1");
	assert_int_equal(cfg->edns_udp_size, 4096);
	assert_int_equal(cfg->max_udp_size, 8);
	assert_int_equal(cfg->port, 53);
	assert_int_equal(cfg->tcp_initial_timeout, 25);
	assert_int_equal(cfg->tcp_idle_timeout, 1200);
	assert_int_equal(cfg->tcp_clients, 9);
	assert_false(cfg->answer_cookie);
	assert_true(cfg->match_mapped_addresses);
	assert_int_equal(cfg->ncookie_secrets, 2);
	assert_int_equal(cfg->cookie_secrets[0][0], 0x00);
	assert_int_equal(cfg->cookie_secrets[0][15], 0x0f);
	assert_int_equal(cfg->cookie_secrets[1][0], 0xff);
	assert_int_equal(cfg->cookie_secrets[1][15], 0x00);
	const ditto_config_view_t *a = cfg->views, *b = a->next;
	assert_int_equal(a->edns_udp_size, 1400);
	assert_int_equal(b->edns_udp_size, 4096);
	assert_int_equal(a->max_udp_size, 8);
	const ditto_config_zone_t *az = a->zones, *ay = az->next;
	/* minimal-*: the view's, else options' */
	assert_int_equal(az->opts.minimal_responses, DITTO_CONFIG_MINIMAL_YES);
	assert_int_equal(ay->opts.minimal_responses, DITTO_CONFIG_MINIMAL_YES);
	assert_true(ay->opts.minimal_any);
	assert_int_equal(b->zones->opts.minimal_responses,
	                 DITTO_CONFIG_MINIMAL_NO_AUTH);
	/* allow-query-on: zone, else view, else options */
	assert_true(allows(az->opts.allow_query_on.acl, "192.0.2.1", NULL));
	assert_false(allows(az->opts.allow_query_on.acl, "10.0.0.1", NULL));
	assert_true(allows(ay->opts.allow_query_on.acl, "10.0.0.1", NULL));
	assert_false(allows(ay->opts.allow_query_on.acl, "127.0.0.1", NULL));
	assert_true(
	        allows(b->zones->opts.allow_query_on.acl, "127.0.0.1", NULL));
	assert_false(
	        allows(b->zones->opts.allow_query_on.acl, "10.0.0.1", NULL));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	/* server-id and hostname as strings; `none` as a string is a name */
	cfg = build(&p, "options { server-id \"ns1\"; hostname \"none\"; "
	                "version none; };\n");
	assert_string_equal(cfg->server_id.text, "ns1");
	assert_false(cfg->server_id.use_hostname);
	assert_string_equal(cfg->hostname.text, "none");
	assert_null(cfg->version);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

/* Parse and check \a text; the check's result (diagnostics in \a p). */
static ditto_result_t
check_text(ditto_cfg_parser_t *p, const char *text, ditto_cfg_node_t **root)
{
	ditto_cfg_parser_init(p);
	p->no_includes = true;
	assert_int_equal(
	        ditto_cfg_parse_buffer(p, "t.conf", text, strlen(text), root),
	        DITTO_R_SUCCESS);
	return ditto_cfg_check(p, *root);
}

static void
test_acl_loops(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	/* a used loop: named-checkconf's check fails, in its words */
	assert_int_equal(check_text(&p,
	                            "acl a { b; };\nacl b { 10/8; a; };\n"
	                            "options { allow-query { a; }; };\n",
	                            &root),
	                 DITTO_R_FAILURE);
	assert_non_null(p.diags);
	assert_int_equal(p.diags->severity, DITTO_CFG_ERROR);
	assert_string_equal(p.diags->msg, "acl loop detected: a");
	assert_int_equal(p.diags->line, 2);
	assert_null(p.diags->next);
	/* the build refuses it too (without the check), no diagnostics */
	assert_int_equal(ditto_config_fromast(root, &cfg), DITTO_R_ACLLOOP);
	assert_null(cfg);
	ditto_cfg_parser_clear(&p);
	/* ... and a zone's list: the loop is found where the zone uses it */
	assert_int_equal(check_text(&p,
	                            "acl a { !a; };\nzone \"z\" { type "
	                            "primary; file \"z\"; allow-transfer "
	                            "{ a; }; };\n",
	                            &root),
	                 DITTO_R_FAILURE);
	assert_string_equal(p.diags->msg, "acl loop detected: a");
	assert_int_equal(p.diags->line, 1);
	assert_int_equal(ditto_config_build(&p, root, &cfg), DITTO_R_ACLLOOP);
	assert_null(cfg);
	ditto_cfg_parser_clear(&p);
	/* unused, or only at the options level with no zone: named-checkconf
	 * accepts it, and so does the build; the lists stay uncompiled */
	assert_int_equal(check_text(&p,
	                            "acl a { b; };\nacl b { a; };\n"
	                            "acl c { a; };\n"
	                            "options { allow-transfer { c; }; };\n",
	                            &root),
	                 DITTO_R_SUCCESS);
	assert_null(p.diags);
	assert_int_equal(ditto_config_build(&p, root, &cfg), DITTO_R_SUCCESS);
	assert_null(p.diags);
	assert_null(cfg->acls->list.acl);
	assert_null(cfg->acls->next->next->list.acl);
	assert_true(cfg->views->opts.allow_transfer.set);
	assert_null(cfg->views->opts.allow_transfer.acl);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_acl_lazy(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	/* undefined names where named never expands the list */
	assert_int_equal(
	        check_text(
	                &p,
	                "acl a { nosuch; };\nacl ok { 10/8; };\n"
	                "options { allow-transfer { a; }; };\n"
	                "view v { allow-notify { nosuch; };\n"
	                " zone z { type secondary; primaries { 192.0.2.1; };"
	                "\n allow-transfer { ok; }; allow-notify { ok; }; };\n"
	                "};\n"
	                "statistics-channels { inet 127.0.0.1 allow { "
	                "nosuch; }; inet 127.0.0.2 allow { ok; }; };\n",
	                &root),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_config_build(&p, root, &cfg), DITTO_R_SUCCESS);
	assert_null(p.diags);
	assert_null(cfg->acls->list.acl);
	assert_true(allows(cfg->acls->next->list.acl, "10.1.1.1", NULL));
	const ditto_config_view_t *v = cfg->views;
	assert_null(v->opts.allow_notify.acl);
	assert_true(
	        allows(v->zones->opts.allow_transfer.acl, "10.1.1.1", NULL));
	assert_true(allows(v->zones->opts.allow_notify.acl, "10.1.1.1", NULL));
	/* a channel whose list cannot be built allows nobody */
	assert_false(allows(cfg->statschans->allow.acl, "127.0.0.1", NULL));
	assert_true(allows(cfg->statschans->next->allow.acl, "10.0.0.1", NULL));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	/* a zone that inherits such a list: the check fails where named's
	 * does, and the build (without the check) compiles it for the zone */
	const char *t = "options { allow-transfer { nosuch; }; };\n"
	                "zone z { type primary; file \"z\"; };\n";
	assert_int_equal(check_text(&p, t, &root), DITTO_R_FAILURE);
	assert_string_equal(p.diags->msg, "undefined ACL 'nosuch'");
	ditto_cfg_parser_clear(&p);
	ditto_cfg_parser_init(&p);
	assert_int_equal(
	        ditto_cfg_parse_buffer(&p, "t.conf", t, strlen(t), &root),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_config_build(&p, root, &cfg), DITTO_R_NOTFOUND);
	assert_null(cfg);
	assert_string_equal(p.diags->msg, "undefined ACL 'nosuch'");
	assert_int_equal(p.diags->line, 1);
	ditto_cfg_parser_clear(&p);
}

static void
test_acl_geoip(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	assert_int_equal(
	        check_text(
	                &p,
	                "options { allow-query { geoip country US; 10/8; };\n"
	                "  allow-query-on { ! geoip db city city Paris;\n"
	                "    any; }; };\n"
	                "zone z { type primary; file \"z\"; };\n",
	                &root),
	        DITTO_R_SUCCESS);
	assert_null(p.diags);
	assert_int_equal(ditto_config_build(&p, root, &cfg), DITTO_R_SUCCESS);
	/* one warning of ditto's own per element */
	assert_non_null(p.diags);
	assert_true(p.diags->own);
	assert_int_equal(p.diags->severity, DITTO_CFG_WARNING);
	assert_int_equal(p.diags->line, 1);
	assert_non_null(strstr(p.diags->msg, "not implemented by dittod"));
	assert_non_null(p.diags->next);
	assert_int_equal(p.diags->next->line, 2);
	assert_null(p.diags->next->next);
	assert_int_equal(p.nerrors, 0);
	const ditto_config_zone_t *z = cfg->views->zones;
	/* geoip never matches: only 10/8 gets in */
	assert_true(allows(z->opts.allow_query.acl, "10.0.0.1", NULL));
	assert_false(allows(z->opts.allow_query.acl, "192.0.2.1", NULL));
	/* ! geoip denies everyone (fail closed) */
	assert_false(allows(z->opts.allow_query_on.acl, "192.0.2.1", NULL));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	/* what named refuses with GeoIP2 is refused where the list is used */
	assert_int_equal(
	        check_text(&p, "options { allow-query { geoip area 5; }; };\n",
	                   &root),
	        DITTO_R_FAILURE);
	assert_string_equal(p.diags->msg,
	                    "type 'area' is unavailable in GeoIP2 databases");
	ditto_cfg_parser_clear(&p);
	assert_int_equal(check_text(&p, "acl g { geoip area 5; };\n", &root),
	                 DITTO_R_SUCCESS);
	ditto_cfg_parser_clear(&p);
}

static ditto_result_t
load_text(ditto_cfg_parser_t *p, const char *text, ditto_config_t **cfg)
{
	char path[] = "/tmp/ditto_config_test_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ditto_cfg_parser_init(p);
	ditto_result_t r = ditto_config_load(p, path, cfg);
	unlink(path);
	return r;
}

static bool
has_diag(const ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
         const char *text)
{
	for (const ditto_cfg_diag_t *d = p->diags; d != NULL; d = d->next) {
		if (d->severity == sev && strstr(d->msg, text) != NULL) {
			return true;
		}
	}
	return false;
}

static void
test_load(void **state)
{
	(void)state;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	/* success: ignored options are warned about, once per occurrence */
	assert_int_equal(load_text(&p,
	                           "options { dnssec-validation auto; };\n"
	                           "zone \"a\" { type secondary; primaries { "
	                           "192.0.2.1; }; dialup no; };\n"
	                           "zone \"b\" { type secondary; primaries { "
	                           "192.0.2.1; }; dialup no; };\n",
	                           &cfg),
	                 DITTO_R_SUCCESS);
	assert_non_null(cfg);
	assert_int_equal(p.nerrors, 0);
	assert_true(has_diag(&p, DITTO_CFG_WARNING,
	                     "option 'dnssec-validation' is not implemented "
	                     "by dittod and has no effect"));
	unsigned int dialup = 0;
	for (const ditto_cfg_diag_t *d = p.diags; d != NULL; d = d->next) {
		dialup += strstr(d->msg, "'dialup' is not implemented") != NULL;
	}
	assert_int_equal(dialup, 2);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	/* syntax error, check error, acl loop: an error says why */
	assert_int_equal(load_text(&p, "options { directory \"/\" };\n", &cfg),
	                 DITTO_R_SYNTAX);
	assert_null(cfg);
	assert_true(p.nerrors > 0);
	ditto_cfg_parser_clear(&p);
	assert_int_equal(load_text(&p, "zone \"a\" { type primary; };\n", &cfg),
	                 DITTO_R_FAILURE);
	assert_true(has_diag(&p, DITTO_CFG_ERROR, "missing 'file' entry"));
	ditto_cfg_parser_clear(&p);
	assert_int_equal(load_text(&p,
	                           "acl a { a; };\n"
	                           "options { blackhole { a; }; };\n",
	                           &cfg),
	                 DITTO_R_FAILURE);
	assert_true(has_diag(&p, DITTO_CFG_ERROR, "acl loop detected: a"));
	assert_int_equal(p.nerrors, 1);
	assert_null(cfg);
	ditto_cfg_parser_clear(&p);
	/* a missing file */
	ditto_cfg_parser_init(&p);
	assert_int_equal(
	        ditto_config_load(&p, "/nonexistent/ditto/named.conf", &cfg),
	        DITTO_R_FILENOTFOUND);
	assert_null(cfg);
	assert_true(p.nerrors > 0);
	ditto_cfg_parser_clear(&p);
	/* reload: load twice, destroy both (no leak under ASan) */
	ditto_config_t *c2 = NULL;
	const char *conf = "acl x { 10/8; };\noptions { allow-query { x; "
	                   "}; };\nzone \"a\" { type secondary; primaries { "
	                   "192.0.2.1; }; };\n";
	assert_int_equal(load_text(&p, conf, &cfg), DITTO_R_SUCCESS);
	ditto_cfg_parser_clear(&p);
	assert_int_equal(load_text(&p, conf, &c2), DITTO_R_SUCCESS);
	ditto_cfg_parser_clear(&p);
	assert_true(allows(cfg->views->zones->opts.allow_query.acl, "10.0.0.1",
	                   NULL));
	ditto_config_destroy(&cfg);
	assert_true(allows(c2->views->zones->opts.allow_query.acl, "10.0.0.1",
	                   NULL));
	ditto_config_destroy(&c2);
	ditto_config_destroy(&c2); /* NULL: no-op */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_inheritance),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_acl_inheritance),
		cmocka_unit_test(test_acl_defaults),
		cmocka_unit_test(test_acl_negation_and_keys),
		cmocka_unit_test(test_acl_loops),
		cmocka_unit_test(test_acl_lazy),
		cmocka_unit_test(test_server_options),
		cmocka_unit_test(test_acl_geoip),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of daemon/outconf: outbound settings resolved per zone. */
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
#include "parser/check.h"
#include "parser/config.h"
#include "tsig/tsigkey.h"

#include "keys.h"
#include "outconf.h"

#define KEYS                                                                \
	"key \"k1\" { algorithm hmac-sha256; secret \"c2VjcmV0MQ==\"; };\n" \
	"key \"k2\" { algorithm hmac-sha256; secret \"c2VjcmV0Mg==\"; };\n"

typedef struct fixture {
	ditto_cfg_parser_t p;
	ditto_config_t *cfg;
	keys_t *keys;
} fixture_t;

static void
load(fixture_t *f, const char *text)
{
	ditto_cfg_node_t *root = NULL;
	ditto_err_t err = { 0 };
	memset(f, 0, sizeof(*f));
	ditto_cfg_parser_init(&f->p);
	f->p.no_includes = true;
	f->p.follow_directory = false;
	assert_int_equal(ditto_cfg_parse_buffer(&f->p, "t.conf", text,
	                                        strlen(text), &root),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_cfg_check(&f->p, root), DITTO_R_SUCCESS);
	assert_int_equal(ditto_config_fromast(root, &f->cfg), DITTO_R_SUCCESS);
	assert_int_equal(keys_build(f->cfg, &f->keys, &err), DITTO_R_SUCCESS);
}

static void
unload(fixture_t *f)
{
	keys_detach(&f->keys);
	ditto_config_destroy(&f->cfg);
	ditto_cfg_parser_clear(&f->p);
}

static const ditto_config_zone_t *
zone(const fixture_t *f, const char *view, const char *name)
{
	for (const ditto_config_view_t *v = f->cfg->views; v != NULL;
	     v = v->next) {
		if (strcmp(v->name, view) != 0) {
			continue;
		}
		for (const ditto_config_zone_t *z = v->zones; z != NULL;
		     z = z->next) {
			if (strcmp(z->name, name) == 0) {
				return z;
			}
		}
	}
	fail_msg("no zone %s", name);
	return NULL;
}

static outconf_t *
build(fixture_t *f, const char *view, const char *name)
{
	outconf_t *oc = NULL;
	ditto_err_t err = { 0 };
	assert_int_equal(
	        outconf_build(f->cfg, zone(f, view, name), f->keys, &oc, &err),
	        DITTO_R_SUCCESS);
	return oc;
}

static struct sockaddr_storage
sa(const char *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if (strchr(addr, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
	}
	return ss;
}

static void
assert_key(const ditto_tsigkey_t *key, const char *name)
{
	char buf[256];
	assert_non_null(key);
	xfrconf_keytext(key, buf, sizeof(buf));
	assert_string_equal(buf, name);
}

/* named -C's defaults when nothing is written. */
static void
test_defaults(void **state)
{
	(void)state;
	fixture_t f;
	load(&f, "zone \"p.example\" { type primary; file \"p\"; };\n"
	         "zone \"s.example\" { type secondary; primaries { "
	         "192.0.2.1; }; };\n");
	outconf_t *p = build(&f, "_default", "p.example");
	outconf_t *s = build(&f, "_default", "s.example");
	assert_true(p->primary);
	assert_false(s->primary);
	assert_int_equal(p->notify, OUTCONF_NOTIFY_YES);
	assert_int_equal(p->notify_delay, 5);
	assert_false(p->notify_to_soa);
	assert_int_equal(p->nalso_notify, 0);
	assert_false(p->notify_src4_set);
	assert_false(p->notify_src6_set);
	assert_true(p->provide_ixfr);
	assert_int_equal(p->max_ixfr_ratio, 100);
	assert_false(p->ixfr_from_differences);
	assert_false(p->one_answer);
	assert_int_equal(p->transfer_message_size, 20480);
	assert_int_equal(p->max_time_out, 120 * 60);
	assert_int_equal(p->max_idle_out, 60 * 60);
	assert_int_equal(p->max_journal_size, 0);
	assert_non_null(p->allow_transfer);
	struct sockaddr_storage a = sa("198.51.100.7", 1234);
	assert_int_equal(ditto_acl_matchsockaddr(p->allow_transfer, NULL,
	                                         (struct sockaddr *)&a, NULL,
	                                         NULL),
	                 DITTO_ACL_ALLOW);
	outglobal_t og;
	outconf_global(f.cfg, &og);
	assert_int_equal(og.transfers_out, 10);
	assert_int_equal(og.notify_rate, 20);
	assert_int_equal(og.startup_notify_rate, 20);
	assert_int_equal(og.port, 53);
	outconf_detach(&p);
	outconf_detach(&s);
	assert_null(p);
	unload(&f);
}

/* zone > view > options, and the options-level values. */
static void
test_inheritance(void **state)
{
	(void)state;
	fixture_t f;
	load(&f, "options { notify explicit; notify-delay 9; port 5300;\n"
	         "  notify-rate 7; startup-notify-rate 3; transfers-out 4;\n"
	         "  transfer-message-size 4096; max-ixfr-ratio 50%;\n"
	         "  transfer-format one-answer; notify-to-soa yes;\n"
	         "  max-transfer-time-out 2; max-transfer-idle-out 3;\n"
	         "  notify-source 127.0.0.1 port 5999;\n"
	         "  provide-ixfr no; allow-transfer { 10/8; }; };\n"
	         "view \"v1\" { notify primary-only; max-ixfr-ratio "
	         "unlimited;\n"
	         "  notify-source-v6 ::1;\n"
	         "  zone \"a.example\" { type primary; file \"a\"; notify "
	         "no;\n"
	         "    allow-transfer { none; }; notify-to-soa no; };\n"
	         "  zone \"b.example\" { type primary; file \"b\"; };\n"
	         "  zone \"c.example\" { type secondary; primaries { "
	         "192.0.2.1; }; }; };\n");
	outconf_t *a = build(&f, "v1", "a.example");
	outconf_t *b = build(&f, "v1", "b.example");
	outconf_t *c = build(&f, "v1", "c.example");
	assert_int_equal(a->notify, OUTCONF_NOTIFY_NO);
	assert_int_equal(b->notify, OUTCONF_NOTIFY_PRIMARY_ONLY);
	assert_int_equal(c->notify, OUTCONF_NOTIFY_PRIMARY_ONLY);
	assert_int_equal(b->notify_delay, 9);
	assert_false(a->notify_to_soa);
	assert_true(b->notify_to_soa);
	assert_int_equal(a->max_ixfr_ratio, 0);
	assert_true(b->one_answer);
	assert_false(b->provide_ixfr);
	assert_int_equal(b->transfer_message_size, 4096);
	assert_int_equal(b->max_time_out, 120);
	assert_int_equal(b->max_idle_out, 180);
	assert_true(b->notify_src4_set);
	const struct sockaddr_in *s4 =
	        (const struct sockaddr_in *)&b->notify_src4;
	assert_int_equal(s4->sin_family, AF_INET);
	assert_int_equal(ntohs(s4->sin_port), 5999);
	assert_int_equal(ntohl(s4->sin_addr.s_addr), 0x7f000001);
	assert_true(b->notify_src6_set);
	assert_int_equal(b->notify_src6.ss_family, AF_INET6);
	struct sockaddr_storage t = sa("10.1.2.3", 1);
	assert_int_equal(ditto_acl_matchsockaddr(a->allow_transfer, NULL,
	                                         (struct sockaddr *)&t, NULL,
	                                         NULL),
	                 DITTO_ACL_DENY);
	assert_int_equal(ditto_acl_matchsockaddr(b->allow_transfer, NULL,
	                                         (struct sockaddr *)&t, NULL,
	                                         NULL),
	                 DITTO_ACL_ALLOW);
	outglobal_t og;
	outconf_global(f.cfg, &og);
	assert_int_equal(og.transfers_out, 4);
	assert_int_equal(og.notify_rate, 7);
	assert_int_equal(og.startup_notify_rate, 3);
	assert_int_equal(og.port, 5300);
	outconf_detach(&a);
	outconf_detach(&b);
	outconf_detach(&c);
	unload(&f);
}

/* also-notify: named lists, list port, entry port, entry key, else the
 * `server` key; the server's port by default. */
static void
test_also_notify(void **state)
{
	(void)state;
	fixture_t f;
	load(&f, KEYS "server 192.0.2.9 { keys { \"k2\"; }; };\n"
	              "server 192.0.2.0/24 { provide-ixfr no; "
	              "transfer-format one-answer; };\n"
	              "primaries \"inner\" port 7000 { 192.0.2.7; 192.0.2.8 "
	              "port 7001 key \"k1\"; };\n"
	              "primaries \"outer\" { inner; 192.0.2.9; };\n"
	              "options { port 5300; };\n"
	              "zone \"a.example\" { type primary; file \"a\";\n"
	              "  also-notify port 6000 { outer; 192.0.2.10 key "
	              "\"k1\"; 2001:db8::1 port 53; 192.0.2.9 port 54 key "
	              "\"k1\"; }; };\n");
	outconf_t *a = build(&f, "_default", "a.example");
	assert_int_equal(a->nalso_notify, 6);
	assert_string_equal(a->also_notify[0].text, "192.0.2.7#7000");
	assert_null(a->also_notify[0].key);
	assert_string_equal(a->also_notify[1].text, "192.0.2.8#7001");
	assert_key(a->also_notify[1].key, "k1");
	assert_string_equal(a->also_notify[2].text, "192.0.2.9#6000");
	assert_key(a->also_notify[2].key, "k2"); /* the server's */
	assert_string_equal(a->also_notify[3].text, "192.0.2.10#6000");
	assert_key(a->also_notify[3].key, "k1");
	assert_string_equal(a->also_notify[4].text, "2001:db8::1#53");
	assert_string_equal(a->also_notify[5].text, "192.0.2.9#54");
	assert_key(a->also_notify[5].key, "k1"); /* entry beats server */
	/* per-peer lookups: most specific `server` statement */
	struct sockaddr_storage p9 = sa("192.0.2.9", 53);
	struct sockaddr_storage p5 = sa("192.0.2.5", 53);
	struct sockaddr_storage px = sa("203.0.113.1", 53);
	struct sockaddr_storage pm = sa("::ffff:192.0.2.9", 53);
	assert_key(outconf_server_key(a, (struct sockaddr *)&p9), "k2");
	assert_key(outconf_server_key(a, (struct sockaddr *)&pm), "k2");
	assert_null(outconf_server_key(a, (struct sockaddr *)&p5));
	assert_null(outconf_server_key(a, (struct sockaddr *)&px));
	assert_false(outconf_provide_ixfr(a, (struct sockaddr *)&p5));
	assert_true(outconf_provide_ixfr(a, (struct sockaddr *)&px));
	/* 192.0.2.9's own statement does not set it: the zone's value */
	assert_true(outconf_provide_ixfr(a, (struct sockaddr *)&p9));
	assert_true(outconf_one_answer(a, (struct sockaddr *)&p5));
	assert_false(outconf_one_answer(a, (struct sockaddr *)&px));
	outconf_t *b = NULL;
	outconf_attach(a, &b);
	outconf_detach(&a);
	assert_int_equal(b->nalso_notify, 6); /* still alive */
	outconf_detach(&b);
	unload(&f);
}

/* ixfr-from-differences: primary/secondary at options/view, yes/no in a
 * zone. */
static void
test_ixfr_from_differences(void **state)
{
	(void)state;
	fixture_t f;
	load(&f, "options { ixfr-from-differences primary; };\n"
	         "view \"v1\" {\n"
	         "  zone \"p.example\" { type primary; file \"p\"; };\n"
	         "  zone \"s.example\" { type secondary; primaries { "
	         "192.0.2.1; }; };\n"
	         "  zone \"q.example\" { type primary; file \"q\";\n"
	         "    ixfr-from-differences no; }; };\n"
	         "view \"v2\" { ixfr-from-differences secondary;\n"
	         "  zone \"p.example\" { type primary; file \"p\"; };\n"
	         "  zone \"s.example\" { type secondary; primaries { "
	         "192.0.2.1; }; };\n"
	         "  zone \"t.example\" { type secondary; primaries { "
	         "192.0.2.1; }; ixfr-from-differences no; };\n"
	         "  zone \"q.example\" { type primary; file \"q\";\n"
	         "    ixfr-from-differences yes; }; };\n");
	static const struct {
		const char *view, *zone;
		bool want;
	} cases[] = {
		{ "v1", "p.example", true },  { "v1", "s.example", false },
		{ "v1", "q.example", false }, { "v2", "p.example", false },
		{ "v2", "s.example", true },  { "v2", "t.example", false },
		{ "v2", "q.example", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		outconf_t *oc = build(&f, cases[i].view, cases[i].zone);
		if (oc->ixfr_from_differences != cases[i].want) {
			fail_msg("%s/%s: got %d", cases[i].view, cases[i].zone,
			         oc->ixfr_from_differences);
		}
		outconf_detach(&oc);
	}
	unload(&f);
}

/* An unknown key in also-notify fails the build with a reason. */
static void
test_unknown_key(void **state)
{
	(void)state;
	fixture_t f;
	load(&f, KEYS "zone \"a.example\" { type primary; file \"a\";\n"
	              "  also-notify { 192.0.2.1 key \"k1\"; }; };\n");
	/* the checker refuses unknown keys, so drop one from the keyring:
	 * an empty configuration's keyring has none */
	ditto_cfg_parser_t p2;
	ditto_config_t *empty = NULL;
	ditto_cfg_node_t *root = NULL;
	ditto_cfg_parser_init(&p2);
	p2.no_includes = true;
	assert_int_equal(ditto_cfg_parse_buffer(&p2, "e.conf", "", 0, &root),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_config_fromast(root, &empty), DITTO_R_SUCCESS);
	keys_t *none = NULL;
	ditto_err_t err = { 0 };
	assert_int_equal(keys_build(empty, &none, &err), DITTO_R_SUCCESS);
	outconf_t *oc = NULL;
	assert_int_equal(outconf_build(f.cfg, zone(&f, "_default", "a.example"),
	                               none, &oc, &err),
	                 DITTO_R_NOTFOUND);
	assert_null(oc);
	assert_non_null(strstr(err.msg, "key 'k1' not found"));
	keys_detach(&none);
	ditto_config_destroy(&empty);
	ditto_cfg_parser_clear(&p2);
	unload(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_also_notify),
		cmocka_unit_test(test_ixfr_from_differences),
		cmocka_unit_test(test_unknown_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

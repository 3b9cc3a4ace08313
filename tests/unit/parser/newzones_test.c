/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of the new-zone database (LMDB .nzd) and its config loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "parser/config.h"
#include "parser/newzones.h"
#include "util/mem.h"

static char dir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/newzones_test.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_key_and_path(void **state)
{
	(void)state;
	char *k = ditto_newzones_key("Case.Test.");
	assert_string_equal(k, "case.test");
	ditto_free(k);
	k = ditto_newzones_key(".");
	assert_string_equal(k, ".");
	ditto_free(k);
	char *p = ditto_newzones_path("/var/cache/bind", "_default");
	assert_string_equal(p, "/var/cache/bind/_default.nzd");
	ditto_free(p);
	p = ditto_newzones_path("/x/", "v1");
	assert_string_equal(p, "/x/v1.nzd");
	ditto_free(p);
}

typedef struct seen {
	char names[8][64];
	char texts[8][128];
	size_t n;
} seen_t;

static ditto_result_t
collect(void *arg, const char *name, const char *text)
{
	seen_t *s = arg;
	if (s->n >= 8) {
		return DITTO_R_TOOMANY;
	}
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
	snprintf(s->texts[s->n], sizeof(s->texts[0]), "%s", text);
	s->n++;
	return DITTO_R_SUCCESS;
}

static void
test_put_get_del(void **state)
{
	(void)state;
	char *path = ditto_newzones_path(dir, "_default");
	ditto_err_t err = { 0 };
	char *text = NULL;
	/* no database yet: empty, not an error */
	seen_t s = { .n = 0 };
	assert_int_equal(ditto_newzones_foreach(path, collect, &s, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(s.n, 0);
	assert_int_equal(ditto_newzones_get(path, "a.test", &text, &err),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(ditto_newzones_del(path, "a.test", &err),
	                 DITTO_R_NOTFOUND);

	assert_int_equal(ditto_newzones_put(path, "b.test",
	                                    "{ type primary; file \"b\"; }",
	                                    &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_newzones_put(path, "a.test",
	                                    "{ type primary; file \"a\"; }",
	                                    &err),
	                 DITTO_R_SUCCESS);
	/* replace */
	assert_int_equal(ditto_newzones_put(path, "b.test",
	                                    "{ type primary; file \"b2\"; }",
	                                    &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_newzones_foreach(path, collect, &s, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "a.test"); /* key order */
	assert_string_equal(s.names[1], "b.test");
	assert_string_equal(s.texts[1], "{ type primary; file \"b2\"; }");
	assert_int_equal(ditto_newzones_get(path, "a.test", &text, &err),
	                 DITTO_R_SUCCESS);
	assert_string_equal(text, "{ type primary; file \"a\"; }");
	ditto_free(text);
	assert_int_equal(ditto_newzones_del(path, "a.test", &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_newzones_del(path, "a.test", &err),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(ditto_newzones_get(path, "a.test", &text, &err),
	                 DITTO_R_NOTFOUND);
	ditto_free(path);
}

static void
test_garbage_file(void **state)
{
	(void)state;
	char path[512];
	snprintf(path, sizeof(path), "%s/junk.nzd", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not an lmdb file, not at all\n", f);
	fclose(f);
	ditto_err_t err = { 0 };
	seen_t s = { .n = 0 };
	assert_int_equal(ditto_newzones_foreach(path, collect, &s, &err),
	                 DITTO_R_IOERROR);
	assert_true(strlen(err.msg) > 0);
}

/* Load a named.conf through ditto_config_load: NZD zones are added. */
static ditto_result_t
load(const char *conf, ditto_config_t **cfg, ditto_cfg_parser_t *p)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	/* conf's only conversion is the directory's %s */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(f, conf, dir);
#pragma GCC diagnostic pop
	fclose(f);
	ditto_cfg_parser_init(p);
	return ditto_config_load(p, path, cfg);
}

static void
test_inject(void **state)
{
	(void)state;
	char *path = ditto_newzones_path(dir, "_default");
	ditto_err_t err = { 0 };
	assert_int_equal(ditto_newzones_del(path, "b.test", &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_newzones_put(path, "n.test",
	                                    "{ type secondary; file \"n.db\"; "
	                                    "primaries { 192.0.2.1; }; }",
	                                    &err),
	                 DITTO_R_SUCCESS);
	ditto_free(path);
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	/* allow-new-zones yes: the zone is there, marked by its srcfile */
	assert_int_equal(load("options { directory \"%s\"; allow-new-zones "
	                      "yes; };\nzone \"c.test\" { type secondary; "
	                      "file \"c.db\"; primaries { 192.0.2.2; }; };\n",
	                      &cfg, &p),
	                 DITTO_R_SUCCESS);
	ditto_config_zone_t *z = cfg->views->zones;
	assert_non_null(z);
	assert_string_equal(z->name, "c.test");
	assert_non_null(z->next);
	assert_string_equal(z->next->name, "n.test");
	assert_string_equal(z->next->type, "secondary");
	assert_non_null(strstr(z->next->srcfile, "_default.nzd"));
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);

	/* allow-new-zones no (default): the database is not read */
	assert_int_equal(load("options { directory \"%s\"; };\n", &cfg, &p),
	                 DITTO_R_SUCCESS);
	assert_null(cfg->views->zones);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);

	/* a view allows it: the NZD is <view>.nzd */
	assert_int_equal(load("options { directory \"%s\"; };\nview v1 { "
	                      "allow-new-zones yes; };\n",
	                      &cfg, &p),
	                 DITTO_R_SUCCESS);
	assert_null(cfg->views->zones);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
}

static void
test_inject_bad_entry(void **state)
{
	(void)state;
	char *path = ditto_newzones_path(dir, "_default");
	ditto_err_t err = { 0 };
	assert_int_equal(ditto_newzones_put(path, "bad.test",
	                                    "{ type primary; file \"x\" }",
	                                    &err),
	                 DITTO_R_SUCCESS);
	ditto_free(path);
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	assert_int_not_equal(load("options { directory \"%s\"; "
	                          "allow-new-zones yes; };\n",
	                          &cfg, &p),
	                     DITTO_R_SUCCESS);
	assert_null(cfg);
	assert_true(p.nerrors > 0);
	ditto_cfg_parser_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_and_path),
		cmocka_unit_test(test_put_get_del),
		cmocka_unit_test(test_garbage_file),
		cmocka_unit_test(test_inject),
		cmocka_unit_test(test_inject_bad_entry),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/zhist.c and its wiring in daemon/zones.c: a primary
 * zone's IXFR history across reloads, restarts and max-journal-size. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "parser/config.h"
#include "zone/journal.h"
#include "zone/master.h"
#include "zone/version.h"

#include "log.h"
#include "outconf.h"
#include "zhist.h"
#include "zones.h"

static char dir[64];
static char zfile[128];
static char jfile[160];
static ditto_name_storage_t origin;

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/zhtest-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(zfile, sizeof(zfile), "%s/db.example", dir);
	snprintf(jfile, sizeof(jfile), "%s/db.example.dj", dir);
	assert_int_equal(ditto_name_fromtext("example.com.", 12, NULL, origin,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* Zone text: serial \a s, www A 192.0.2.<\a host>, \a extra hosts. */
static void
zone_text(char *buf, size_t size, uint32_t s, unsigned int host,
          unsigned int extra)
{
	int n = snprintf(buf, size,
	                 "$TTL 300\n@ IN SOA ns1 hostmaster %u 3600 600 "
	                 "86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"
	                 "www IN A 192.0.2.%u\n",
	                 s, host);
	for (unsigned int i = 0; i < extra; i++) {
		n += snprintf(buf + n, size - (size_t)n,
		              "x%u IN TXT \"filler %u\"\n", i, i);
	}
}

static ditto_version_t *
version_of(uint32_t s, unsigned int host, unsigned int extra)
{
	char text[8192];
	zone_text(text, sizeof(text), s, host, extra);
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_version_create(origin, 1, &v);
	assert_int_equal(
	        ditto_master_loadmem("t", text, strlen(text), &mo,
	                             ditto_version_sink(&vs, v, 0, NULL, NULL),
	                             NULL),
	        DITTO_R_SUCCESS);
	ditto_version_commit(v);
	return v;
}

/* Write the zone file with a distinct mtime (\a tick seconds). */
static void
write_zone(uint32_t s, unsigned int host, long tick)
{
	char text[8192];
	zone_text(text, sizeof(text), s, host, 0);
	FILE *f = fopen(zfile, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	struct timespec ts[2] = { { .tv_sec = 1700000000 + tick },
		                  { .tv_sec = 1700000000 + tick } };
	assert_int_equal(utimensat(AT_FDCWD, zfile, ts, 0), 0);
}

/* What zhist_read gives: the steps' serials and www's last octets. */
typedef struct seen {
	uint32_t from[32], to[32];
	int delhost[32], addhost[32]; /* -1: www A not in the step */
	size_t ndel[32], nadd[32];
	size_t n;
} seen_t;

static int
www_host(const ditto_rr_t *rrs, size_t n)
{
	ditto_name_storage_t www;
	assert_int_equal(ditto_name_fromtext("www", 3, origin, www, NULL, NULL),
	                 DITTO_R_SUCCESS);
	for (size_t i = 0; i < n; i++) {
		if (rrs[i].type == DITTO_TYPE_A &&
		    ditto_name_equal(rrs[i].owner, www)) {
			return rrs[i].rdata[3];
		}
	}
	return -1;
}

static ditto_result_t
on_step(void *arg, const ditto_journal_step_t *s)
{
	seen_t *c = arg;
	assert_true(c->n < 32);
	assert_int_equal(s->del[0].type, DITTO_TYPE_SOA);
	assert_int_equal(s->add[0].type, DITTO_TYPE_SOA);
	c->from[c->n] = s->from;
	c->to[c->n] = s->to;
	c->delhost[c->n] = www_host(s->del, s->ndel);
	c->addhost[c->n] = www_host(s->add, s->nadd);
	c->ndel[c->n] = s->ndel;
	c->nadd[c->n] = s->nadd;
	c->n++;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
read_steps(zhist_t *h, uint32_t from, uint32_t to, seen_t *c)
{
	memset(c, 0, sizeof(*c));
	return zhist_read(h, from, to, on_step, c);
}

/* --- zhist alone ----------------------------------------------------- */

static void
open_update_read(void **state)
{
	(void)state;
	zhist_t *h = NULL, *h2 = NULL;
	seen_t c;
	ditto_version_t *v1 = version_of(1, 1, 0), *v2 = version_of(2, 2, 0);
	assert_int_equal(zhist_open(jfile, "example.com/IN", v1, 0, &h),
	                 DITTO_R_SUCCESS);
	assert_string_equal(zhist_path(h), jfile);
	assert_int_equal(access(jfile, F_OK), 0);
	assert_int_equal(read_steps(h, 1, 2, &c), DITTO_R_NOTFOUND);
	assert_int_equal(zhist_update(h, v1, v2), DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 2, &c), DITTO_R_SUCCESS);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.from[0], 1);
	assert_int_equal(c.to[0], 2);
	assert_int_equal(c.delhost[0], 1);
	assert_int_equal(c.addhost[0], 2);
	assert_int_equal(c.ndel[0], 2);
	assert_int_equal(c.nadd[0], 2);

	/* Unchanged: nothing journaled. */
	ditto_version_t *v2b = version_of(2, 2, 0);
	assert_int_equal(zhist_update(h, v2, v2b), DITTO_R_SUCCESS);
	/* Serial not increased, data changed: refused, nothing written;
	 * also a serial that went back, and one too far ahead. */
	ditto_version_t *bad1 = version_of(2, 9, 0);
	ditto_version_t *bad2 = version_of(1, 9, 0);
	ditto_version_t *bad3 = version_of(2u + 0x80000000u, 9, 0);
	assert_int_equal(zhist_update(h, v2, bad1), DITTO_R_RANGE);
	assert_int_equal(zhist_update(h, v2, bad2), DITTO_R_RANGE);
	assert_int_equal(zhist_update(h, v2, bad3), DITTO_R_RANGE);
	/* The largest step forward is fine, across the wrap too. */
	ditto_version_t *v3 = version_of(1u + 0x80000000u, 3, 0);
	assert_int_equal(zhist_update(h, v2, v3), DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 1u + 0x80000000u, &c),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.addhost[1], 3);

	/* A second reference outlives the first. */
	zhist_attach(h, &h2);
	zhist_detach(&h);
	assert_null(h);
	assert_int_equal(read_steps(h2, 2, 1u + 0x80000000u, &c),
	                 DITTO_R_SUCCESS);
	zhist_detach(&h2);
	zhist_detach(&h2); /* NULL: no-op */

	/* Restart at the serial the history ends at: kept. */
	assert_int_equal(zhist_open(jfile, "example.com/IN", v3, 0, &h),
	                 DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 1u + 0x80000000u, &c),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.n, 2);
	zhist_detach(&h);
	/* Restart at another serial (edited while down): a new history. */
	assert_int_equal(zhist_open(jfile, "example.com/IN", v1, 0, &h),
	                 DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 2, &c), DITTO_R_NOTFOUND);
	assert_int_equal(c.n, 0);
	assert_int_equal(zhist_update(h, v1, v2), DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 2, &c), DITTO_R_SUCCESS);
	zhist_detach(&h);

	/* A damaged journal is replaced, not trusted. */
	FILE *f = fopen(jfile, "w");
	assert_non_null(f);
	fputs("garbage, not a journal at all", f);
	fclose(f);
	assert_int_equal(zhist_open(jfile, "example.com/IN", v2, 0, &h),
	                 DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 1, 2, &c), DITTO_R_NOTFOUND);
	assert_int_equal(zhist_update(h, v2, v3), DITTO_R_SUCCESS);
	assert_int_equal(read_steps(h, 2, 1u + 0x80000000u, &c),
	                 DITTO_R_SUCCESS);
	zhist_detach(&h);
	/* The history file vanished while running: IXFR gets AXFR. */
	assert_int_equal(zhist_open(jfile, "example.com/IN", v3, 0, &h),
	                 DITTO_R_SUCCESS);
	assert_int_equal(unlink(jfile), 0);
	assert_int_equal(read_steps(h, 2, 1u + 0x80000000u, &c),
	                 DITTO_R_NOTFOUND);
	zhist_detach(&h);

	ditto_version_t *vs[] = { v1, v2, v2b, bad1, bad2, bad3, v3 };
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		ditto_version_detach(&vs[i]);
	}
}

static uint64_t
filesize(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_size;
}

/* max-journal-size: the oldest steps go, the newest stay readable. */
static void
trimmed(void **state)
{
	(void)state;
	zhist_t *h = NULL;
	seen_t c;
	ditto_version_t *prev = version_of(100, 0, 40);
	assert_int_equal(zhist_open(jfile, "example.com/IN", prev, 4096, &h),
	                 DITTO_R_SUCCESS);
	for (uint32_t s = 101; s <= 160; s++) {
		/* Each step changes www and ten TXT fillers. */
		ditto_version_t *next = version_of(s, s & 255, 40 + (s % 2));
		assert_int_equal(zhist_update(h, prev, next), DITTO_R_SUCCESS);
		assert_true(filesize(jfile) <= 4096);
		ditto_version_detach(&prev);
		prev = next;
	}
	assert_int_equal(read_steps(h, 100, 160, &c), DITTO_R_NOTFOUND);
	assert_int_equal(read_steps(h, 155, 160, &c), DITTO_R_SUCCESS);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.addhost[4], 160);
	zhist_detach(&h);
	/* Unlimited: everything stays. */
	assert_int_equal(unlink(jfile), 0);
	assert_int_equal(
	        zhist_open(jfile, "example.com/IN", prev, UINT64_MAX, &h),
	        DITTO_R_SUCCESS);
	for (uint32_t s = 161; s <= 190; s++) {
		ditto_version_t *next = version_of(s, s & 255, 40);
		assert_int_equal(zhist_update(h, prev, next), DITTO_R_SUCCESS);
		ditto_version_detach(&prev);
		prev = next;
	}
	assert_int_equal(read_steps(h, 160, 190, &c), DITTO_R_SUCCESS);
	assert_int_equal(c.n, 30);
	assert_true(filesize(jfile) > 4096);
	zhist_detach(&h);
	ditto_version_detach(&prev);
}

/* --- wiring in zones.c: snapshots ------------------------------------ */

/* The configuration may borrow from the parser: both live together. */
static ditto_cfg_parser_t parser;

static ditto_config_t *
load_path(const char *path)
{
	ditto_config_t *cfg = NULL;
	ditto_cfg_parser_init(&parser);
	assert_int_equal(ditto_config_load(&parser, path, &cfg),
	                 DITTO_R_SUCCESS);
	return cfg;
}

static void
conf_free(ditto_config_t **cfg)
{
	ditto_config_destroy(cfg);
	ditto_cfg_parser_clear(&parser);
}

static ditto_config_t *
load_conf(const char *extra)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "options { directory \"%s\"; ixfr-from-differences yes; %s };\n"
	        "zone \"example.com\" { type primary; file \"%s\"; };\n"
	        "zone \"sec.example\" { type secondary; "
	        "primaries { 127.0.0.1; }; };\n",
	        dir, extra, zfile);
	fclose(f);
	return load_path(path);
}

static srvtab_t *
build(ditto_config_t *cfg, const srvtab_t *old, srvtab_mode_t mode)
{
	srvtab_t *tab = NULL;
	ditto_err_t err = { 0 };
	assert_int_equal(srvtab_build_mode(cfg, old, mode, &tab, &err),
	                 DITTO_R_SUCCESS);
	assert_non_null(tab->oglob);
	return tab;
}

static const zone_t *
zone_in(const srvtab_t *tab, const char *name)
{
	ditto_name_storage_t n;
	assert_int_equal(
	        ditto_name_fromtext(name, strlen(name), NULL, n, NULL, NULL),
	        DITTO_R_SUCCESS);
	const zone_t *z = view_exactzone(&tab->views[0], n);
	assert_non_null(z);
	return z;
}

static uint32_t
served_serial(const srvtab_t *tab)
{
	uint32_t s = 0;
	const zone_t *z = zone_in(tab, "example.com.");
	assert_non_null(z->version);
	assert_true(ditto_version_serial(z->version, &s));
	return s;
}

static void
snapshots(void **state)
{
	(void)state;
	seen_t c;
	ditto_config_t *cfg = load_conf("");
	write_zone(10, 1, 0);
	srvtab_t *t1 = build(cfg, NULL, SRVTAB_RELOAD);
	const zone_t *z1 = zone_in(t1, "example.com.");
	assert_non_null(z1->oc);
	assert_true(z1->oc->primary && z1->oc->ixfr_from_differences);
	assert_non_null(z1->hist);
	assert_string_equal(zhist_path(z1->hist), jfile);
	const zone_t *sec = zone_in(t1, "sec.example.");
	assert_non_null(sec->oc);
	assert_non_null(sec->xc);
	assert_ptr_equal(sec->xc->oc, sec->oc);
	assert_null(sec->hist);

	/* Reload of an edited file: the step is journaled before the
	 * new snapshot serves it, the history object carries over. */
	write_zone(11, 2, 1);
	srvtab_t *t2 = build(cfg, t1, SRVTAB_RELOAD);
	const zone_t *z2 = zone_in(t2, "example.com.");
	assert_ptr_equal(z2->hist, z1->hist);
	assert_int_equal(served_serial(t2), 11);
	assert_int_equal(read_steps(z2->hist, 10, 11, &c), DITTO_R_SUCCESS);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.delhost[0], 1);
	assert_int_equal(c.addhost[0], 2);
	srvtab_destroy(&t1);

	/* Unchanged file: the same version and history. */
	srvtab_t *t3 = build(cfg, t2, SRVTAB_RELOAD);
	assert_ptr_equal(zone_in(t3, "example.com.")->version, z2->version);
	assert_ptr_equal(zone_in(t3, "example.com.")->hist, z2->hist);
	srvtab_destroy(&t2);

	/* Edited without a serial increase: named keeps the old data;
	 * so does dittod, and retries at the next reload. */
	write_zone(11, 7, 2);
	srvtab_t *t4 = build(cfg, t3, SRVTAB_RELOAD);
	const zone_t *z4 = zone_in(t4, "example.com.");
	assert_int_equal(served_serial(t4), 11);
	assert_ptr_equal(z4->version, zone_in(t3, "example.com.")->version);
	srvtab_destroy(&t3);
	write_zone(12, 7, 3);
	srvtab_t *t5 = build(cfg, t4, SRVTAB_RELOAD);
	assert_int_equal(served_serial(t5), 12);
	assert_int_equal(
	        read_steps(zone_in(t5, "example.com.")->hist, 10, 12, &c),
	        DITTO_R_SUCCESS);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.addhost[1], 7);
	srvtab_destroy(&t4);

	/* rndc reconfig keeps versions, and the history with them. */
	write_zone(13, 8, 4);
	srvtab_t *t6 = build(cfg, t5, SRVTAB_RECONFIG);
	assert_int_equal(served_serial(t6), 12);
	assert_ptr_equal(zone_in(t6, "example.com.")->hist,
	                 zone_in(t5, "example.com.")->hist);
	srvtab_destroy(&t5);
	srvtab_t *t7 = build(cfg, t6, SRVTAB_RELOAD);
	assert_int_equal(served_serial(t7), 13);
	srvtab_destroy(&t6);

	/* Restart (no old snapshot): the history of earlier runs stays. */
	srvtab_destroy(&t7);
	srvtab_t *t8 = build(cfg, NULL, SRVTAB_RELOAD);
	assert_int_equal(
	        read_steps(zone_in(t8, "example.com.")->hist, 10, 13, &c),
	        DITTO_R_SUCCESS);
	assert_int_equal(c.n, 3);
	srvtab_destroy(&t8);
	/* Edited while down: the history restarts at the file's serial. */
	write_zone(14, 9, 5);
	srvtab_t *t9 = build(cfg, NULL, SRVTAB_RELOAD);
	assert_int_equal(served_serial(t9), 14);
	assert_int_equal(
	        read_steps(zone_in(t9, "example.com.")->hist, 10, 13, &c),
	        DITTO_R_NOTFOUND);
	srvtab_destroy(&t9);
	conf_free(&cfg);

	/* Without ixfr-from-differences: no history. */
	char path[256];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "options { directory \"%s\"; };\n"
	        "zone \"example.com\" { type primary; file \"%s\"; };\n",
	        dir, zfile);
	fclose(f);
	cfg = load_path(path);
	srvtab_t *t10 = build(cfg, NULL, SRVTAB_RELOAD);
	assert_null(zone_in(t10, "example.com.")->hist);
	assert_non_null(zone_in(t10, "example.com.")->oc);
	srvtab_destroy(&t10);
	conf_free(&cfg);
}

/* The `journal` option names the history's file. */
static void
journal_option(void **state)
{
	(void)state;
	char jopt[200], extra[256];
	snprintf(jopt, sizeof(jopt), "%s/other.jnl.dj", dir);
	char path[256];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	snprintf(extra, sizeof(extra), "journal \"%s\";", jopt);
	fprintf(f,
	        "options { directory \"%s\"; ixfr-from-differences yes; };\n"
	        "zone \"example.com\" { type primary; file \"%s\"; %s };\n",
	        dir, zfile, extra);
	fclose(f);
	ditto_config_t *cfg = load_path(path);
	write_zone(1, 1, 0);
	srvtab_t *t = build(cfg, NULL, SRVTAB_RELOAD);
	assert_string_equal(zhist_path(zone_in(t, "example.com.")->hist), jopt);
	assert_int_equal(access(jopt, F_OK), 0);
	assert_int_equal(access(jfile, F_OK), -1);
	srvtab_destroy(&t);
	conf_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(open_update_read, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(trimmed, setup, teardown),
		cmocka_unit_test_setup_teardown(snapshots, setup, teardown),
		cmocka_unit_test_setup_teardown(journal_option, setup,
		                                teardown),
	};
	log_init("zhist_test", true, 0); /* the messages, for the record */
	return cmocka_run_group_tests(tests, NULL, NULL);
}

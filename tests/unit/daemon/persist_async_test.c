/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/persist's publish-first writes (persist_commit_async). */
/*
 * A full version is owed, not written, until persist_write_pending()
 * (the dumper) runs; an IXFR that arrives meanwhile is not journaled
 * against the older zone file but joins the owed write; once the write is
 * done, IXFRs are journaled and durable again at once. Each state is
 * checked by loading the files with a fresh persist_t, as a restart after
 * kill -9 would.
 */
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
#include "util/mem.h"
#include "zone/dump.h"
#include "zone/journal.h"
#include "zone/master.h"
#include "zone/timers.h"
#include "zone/version.h"

#include "persist.h"
#include "persist_fixture.h"

static persist_t *
mkpersist(uint32_t max_entries)
{
	persist_opts_t po = { .file = zfile,
		              .origin = origin,
		              .rclass = 1,
		              .zonetext = "example.com/IN",
		              .max_entries = max_entries };
	persist_t *p = NULL;
	persist_create(&po, &p);
	return p;
}

static bool
named_loads(const char *file)
{
	char cmd[256];
	if (system("command -v named-checkzone >/dev/null 2>&1") != 0) {
		return true;
	}
	snprintf(cmd, sizeof(cmd),
	         "named-checkzone -q example.com '%s' >/dev/null 2>&1", file);
	return system(cmd) == 0;
}

/* The IXFR step from serial s to s + 1 and the version after it. */
static ditto_version_t *
step(ditto_version_t *cur, ditto_journal_step_t *st)
{
	uint32_t s = 0;
	ditto_version_serial(cur, &s);
	static rrlist_t del, add;
	changing(&del, s);
	changing(&add, s + 1);
	*st = (ditto_journal_step_t){ .from = s,
		                      .to = s + 1,
		                      .del = del.rr,
		                      .ndel = del.n,
		                      .add = add.rr,
		                      .nadd = add.n };
	return content(s + 1);
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* What a restart would load: \return the serial (0: nothing loads). */
static uint32_t
restart_serial(size_t *replayed)
{
	persist_t *p = mkpersist(1000);
	persist_loaded_t pl;
	uint32_t s = 0;
	if (persist_load(p, time(NULL), &pl) == DITTO_R_SUCCESS) {
		s = pl.serial;
		if (replayed != NULL) {
			*replayed = pl.replayed;
		}
		ditto_version_detach(&pl.version);
	}
	persist_destroy(&p);
	return s;
}

static void
publish_first(void **state)
{
	(void)state;
	persist_t *p = mkpersist(1000);
	persist_loaded_t pl;
	ditto_journal_step_t st;
	size_t replayed = 99;
	assert_int_equal(persist_load(p, time(NULL), &pl),
	                 DITTO_R_FILENOTFOUND);
	/* AXFR: owed, queued once, nothing on disk yet */
	ditto_version_t *cur = content(10);
	assert_true(persist_commit_async(p, cur, NULL, 0));
	assert_false(exists(zfile));
	ditto_version_t *next = content(11);
	assert_false(persist_commit_async(p, next, NULL, 0)); /* queued */
	ditto_version_detach(&cur);
	cur = next;
	/* an IXFR while the full write is owed: not journaled */
	next = step(cur, &st);
	assert_false(persist_commit_async(p, next, &st, 1));
	ditto_version_detach(&cur);
	cur = next;
	assert_false(exists(zfile));
	assert_false(exists(persist_journal_path(p)));
	assert_int_equal(restart_serial(NULL), 0);
	/* the dumper writes the latest version whole */
	persist_write_pending(p);
	assert_true(exists(zfile));
	assert_true(named_loads(zfile));
	assert_int_equal(restart_serial(&replayed), 12);
	assert_int_equal(replayed, 0);
	/* nothing owed: IXFRs are journaled, durable before publishing */
	for (int i = 0; i < 3; i++) {
		next = step(cur, &st);
		assert_false(persist_commit_async(p, next, &st, 1));
		ditto_version_detach(&cur);
		cur = next;
	}
	assert_int_equal(restart_serial(&replayed), 15);
	assert_int_equal(replayed, 3);
	/* a steps chain that does not continue the journal: a full write */
	ditto_version_t *jump = content(40);
	assert_true(persist_commit_async(p, jump, &st, 1));
	assert_int_equal(restart_serial(NULL), 15); /* not yet */
	persist_write_pending(p);
	assert_int_equal(restart_serial(&replayed), 40);
	ditto_version_detach(&jump);
	ditto_version_detach(&cur);
	persist_destroy(&p);
}

static void
timers_after_zone(void **state)
{
	(void)state;
	persist_t *p = mkpersist(1000);
	persist_loaded_t pl;
	ditto_timers_t t = { .last_refresh = 1767225600,
		             .expire_at = 4102444800,
		             .refresh_at = 1767229200,
		             .have_serial = true,
		             .serial = 7 };
	ditto_timers_t got;
	assert_int_equal(persist_load(p, time(NULL), &pl),
	                 DITTO_R_FILENOTFOUND);
	ditto_version_t *v = content(7);
	assert_true(persist_commit_async(p, v, NULL, 0));
	assert_false(persist_queue_timers(p, &t)); /* already queued */
	assert_false(exists(persist_timers_path(p)));
	persist_write_pending(p);
	assert_true(exists(zfile));
	assert_int_equal(ditto_timers_load(persist_timers_path(p), &got, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(got.expire_at, t.expire_at);
	/* the latest timers win; queued again once written */
	t.expire_at = 4102444900;
	assert_true(persist_queue_timers(p, &t));
	t.expire_at = 4102445000;
	assert_false(persist_queue_timers(p, &t));
	persist_write_pending(p);
	assert_int_equal(ditto_timers_load(persist_timers_path(p), &got, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(got.expire_at, 4102445000);
	/* persist_flush() writes a full version still owed (shutdown) */
	ditto_version_t *w = content(8);
	assert_true(persist_commit_async(p, w, NULL, 0));
	assert_int_equal(persist_flush(p, w), DITTO_R_SUCCESS);
	assert_int_equal(restart_serial(NULL), 8);
	ditto_version_detach(&v);
	ditto_version_detach(&w);
	persist_destroy(&p);
}

/* rndc sync [-clean]: the journal folded into the zone file by the
 * dumper, history kept without -clean, none with it. */
static void
sync_folds(void **state)
{
	(void)state;
	persist_t *p = mkpersist(1000);
	persist_loaded_t pl;
	ditto_journal_step_t st;
	size_t replayed = 99;
	assert_int_equal(persist_load(p, time(NULL), &pl),
	                 DITTO_R_FILENOTFOUND);
	ditto_version_t *cur = content(20);
	assert_true(persist_commit_async(p, cur, NULL, 0));
	persist_write_pending(p);
	for (int i = 0; i < 3; i++) {
		ditto_version_t *next = step(cur, &st);
		assert_false(persist_commit_async(p, next, &st, 1));
		ditto_version_detach(&cur);
		cur = next;
	}
	assert_int_equal(restart_serial(&replayed), 23);
	assert_int_equal(replayed, 3);
	/* sync: asked twice, queued once; the file alone then holds 23 */
	assert_true(persist_request_sync(p, cur, false));
	assert_false(persist_request_sync(p, cur, false));
	assert_int_equal(restart_serial(&replayed), 23);
	assert_int_equal(replayed, 3); /* not before the dumper ran */
	persist_write_pending(p);
	assert_true(named_loads(zfile));
	assert_int_equal(restart_serial(&replayed), 23);
	assert_int_equal(replayed, 0);
	struct stat kept, cleaned;
	assert_int_equal(stat(persist_journal_path(p), &kept), 0);
	/* -clean: no history left in the journal */
	assert_true(persist_request_sync(p, cur, true));
	persist_write_pending(p);
	assert_int_equal(stat(persist_journal_path(p), &cleaned), 0);
	assert_true(cleaned.st_size < kept.st_size);
	assert_int_equal(restart_serial(&replayed), 23);
	/* IXFRs go on being journaled after a sync */
	ditto_version_t *next = step(cur, &st);
	assert_false(persist_commit_async(p, next, &st, 1));
	assert_int_equal(restart_serial(&replayed), 24);
	assert_int_equal(replayed, 1);
	ditto_version_detach(&cur);
	ditto_version_detach(&next);
	persist_destroy(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(publish_first, setup, teardown),
		cmocka_unit_test_setup_teardown(timers_after_zone, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(sync_folds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

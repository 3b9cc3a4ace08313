/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of daemon/persist: load at start, commits, timers, kill -9. */
/*
 * The kill -9 test forks a writer that commits versions through
 * persist_commit() (IXFR appends, folds every few entries, an AXFR now
 * and then) and reports each serial on a pipe once persist_commit()
 * returned; the parent kills it with SIGKILL at random instants, then
 * loads: the zone must load, hold at least the last reported serial, and
 * be exactly the content of that serial; the zone file must load in
 * named-checkzone. The next writer starts from what was loaded.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
libc_free(void *p)
{
	free(p);
}

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

/* Commit serial s + 1 after s as an IXFR step; *cur becomes it. */
static ditto_result_t
commit_step(persist_t *p, ditto_version_t **cur)
{
	uint32_t s = 0;
	ditto_version_serial(*cur, &s);
	static rrlist_t del, add;
	changing(&del, s);
	changing(&add, s + 1);
	ditto_journal_step_t st = { .from = s,
		                    .to = s + 1,
		                    .del = del.rr,
		                    .ndel = del.n,
		                    .add = add.rr,
		                    .nadd = add.n };
	ditto_version_t *next = content(s + 1);
	ditto_result_t r = persist_commit(p, next, &st, 1);
	ditto_version_detach(cur);
	*cur = next;
	return r;
}

static char *
dumptext(const ditto_version_t *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_version(&d, v), DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	return buf;
}

static void
assert_same(const ditto_version_t *a, const ditto_version_t *b)
{
	char *ta = dumptext(a), *tb = dumptext(b);
	assert_string_equal(ta, tb);
	libc_free(ta);
	libc_free(tb);
}

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

static ditto_result_t
count_step(void *arg, const ditto_journal_step_t *step)
{
	unsigned int *n = arg;
	assert_int_equal(step->to, step->from + 1);
	(*n)++;
	return DITTO_R_SUCCESS;
}

/* --- tests ----------------------------------------------------------- */

static void
commit_and_restart(void **state)
{
	(void)state;
	persist_t *p = mkpersist(1000);
	persist_loaded_t pl;
	assert_int_equal(persist_load(p, time(NULL), &pl),
	                 DITTO_R_FILENOTFOUND);
	ditto_version_t *cur = content(10);
	assert_int_equal(persist_commit(p, cur, NULL, 0), DITTO_R_SUCCESS);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	}
	assert_non_null(strstr(persist_journal_path(p), "db.example.dj"));
	assert_non_null(strstr(persist_timers_path(p), "db.example.dt"));
	persist_destroy(&p);
	assert_true(named_loads(zfile));

	p = mkpersist(1000);
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_SUCCESS);
	assert_non_null(pl.version);
	assert_int_equal(pl.serial, 15);
	assert_int_equal(pl.replayed, 5);
	assert_int_equal(pl.refresh, 3600);
	assert_int_equal(pl.retry, 600);
	assert_int_equal(pl.expire, 86400);
	assert_false(pl.expired);
	assert_false(pl.journal_dropped);
	assert_same(pl.version, cur);
	/* IXFR-out reads. */
	unsigned int steps = 0;
	assert_int_equal(persist_read_diff(p, 12, 15, count_step, &steps),
	                 DITTO_R_SUCCESS);
	assert_int_equal(steps, 3);
	assert_int_equal(persist_read_diff(p, 9, 15, count_step, &steps),
	                 DITTO_R_NOTFOUND);
	ditto_version_detach(&pl.version);
	/* Steps go on after the restart. */
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	persist_destroy(&p);
	p = mkpersist(1000);
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_SUCCESS);
	assert_int_equal(pl.serial, 16);
	assert_same(pl.version, cur);
	ditto_version_detach(&pl.version);
	persist_destroy(&p);
	ditto_version_detach(&cur);
}

static void
set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = { { .tv_sec = t }, { .tv_sec = t } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
timers_and_expiry(void **state)
{
	(void)state;
	int64_t now = time(NULL);
	persist_t *p = mkpersist(0);
	ditto_version_t *cur = content(1);
	persist_loaded_t pl;
	assert_int_equal(persist_commit(p, cur, NULL, 0), DITTO_R_SUCCESS);

	/* No timers file: the zone file's mtime counts as the last
	 * refresh (BIND's rule); expire is 86400. */
	set_mtime(zfile, (time_t)(now - 86400 - 10));
	assert_int_equal(persist_load(p, now, &pl), DITTO_R_SUCCESS);
	assert_false(pl.timers_from_file);
	assert_true(pl.expired);
	assert_int_equal(pl.timers.expire_at, now - 10);
	assert_non_null(pl.version); /* kept for IXFR, not served */
	ditto_version_detach(&pl.version);
	set_mtime(zfile, (time_t)(now - 100));
	assert_int_equal(persist_load(p, now, &pl), DITTO_R_SUCCESS);
	assert_false(pl.expired);
	ditto_version_detach(&pl.version);

	/* A timers file wins, and sets the zone file's mtime. */
	ditto_timers_t t = { .last_refresh = now - 50,
		             .expire_at = now - 1,
		             .serial = 1,
		             .have_serial = true };
	assert_int_equal(persist_save_timers(p, &t), DITTO_R_SUCCESS);
	struct stat st;
	assert_int_equal(stat(zfile, &st), 0);
	assert_int_equal((int64_t)st.st_mtime, now - 50);
	assert_int_equal(persist_load(p, now, &pl), DITTO_R_SUCCESS);
	assert_true(pl.timers_from_file);
	assert_true(pl.expired);
	assert_int_equal(pl.timers.last_refresh, now - 50);
	ditto_version_detach(&pl.version);
	t.expire_at = now + 1000;
	assert_int_equal(persist_save_timers(p, &t), DITTO_R_SUCCESS);
	assert_int_equal(persist_load(p, now, &pl), DITTO_R_SUCCESS);
	assert_false(pl.expired);
	assert_int_equal(pl.timers.expire_at, now + 1000);
	ditto_version_detach(&pl.version);

	/* A bad timers file falls back to the mtime. */
	FILE *fp = fopen(persist_timers_path(p), "w");
	assert_non_null(fp);
	fputs("garbage\n", fp);
	fclose(fp);
	assert_int_equal(persist_load(p, now, &pl), DITTO_R_SUCCESS);
	assert_false(pl.timers_from_file);
	assert_int_equal(pl.timers.last_refresh, now - 50);
	ditto_version_detach(&pl.version);

	assert_int_equal(persist_wall_to_clock(now + 30, now, 1000), 1030);
	assert_int_equal(persist_wall_to_clock(0, now, 1000), 0);
	persist_destroy(&p);
	ditto_version_detach(&cur);
}

static void
foreign_zone_file(void **state)
{
	(void)state;
	persist_t *p = mkpersist(0);
	ditto_version_t *cur = content(5);
	persist_loaded_t pl;
	assert_int_equal(persist_commit(p, cur, NULL, 0), DITTO_R_SUCCESS);
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	persist_destroy(&p);
	/* BIND (or an operator) rewrote the zone file: the journal no
	 * longer applies to it. */
	ditto_version_t *bind = content(40);
	assert_int_equal(ditto_dump_file_atomic(bind, zfile), DITTO_R_SUCCESS);
	p = mkpersist(0);
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_SUCCESS);
	assert_true(pl.journal_dropped);
	assert_int_equal(pl.serial, 40);
	assert_same(pl.version, bind);
	/* The next IXFR commit rewrites the zone file and the journal. */
	ditto_version_detach(&cur);
	cur = pl.version;
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	persist_destroy(&p);
	p = mkpersist(0);
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_SUCCESS);
	assert_false(pl.journal_dropped);
	assert_int_equal(pl.serial, 41);
	ditto_version_detach(&pl.version);
	/* A zone file that does not load: FAILURE, nothing served. */
	FILE *fp = fopen(zfile, "w");
	assert_non_null(fp);
	fputs("@ 3600 IN SOA broken\n", fp);
	fclose(fp);
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_FAILURE);
	persist_destroy(&p);
	ditto_version_detach(&bind);
	ditto_version_detach(&cur);
}

static uint32_t
zonefile_serial(void)
{
	persist_t *p = NULL;
	/* Load the zone file alone (no journal): a copy elsewhere. */
	char copy[160], cmd[400];
	snprintf(copy, sizeof(copy), "%s/copy/db.example", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/copy' && cp '%s' '%s'", dir,
	         zfile, copy);
	assert_int_equal(system(cmd), 0);
	persist_opts_t po = { .file = copy, .origin = origin, .rclass = 1 };
	persist_create(&po, &p);
	persist_loaded_t pl;
	assert_int_equal(persist_load(p, time(NULL), &pl), DITTO_R_SUCCESS);
	assert_int_equal(pl.replayed, 0);
	uint32_t s = pl.serial;
	ditto_version_detach(&pl.version);
	persist_destroy(&p);
	return s;
}

static void
folds(void **state)
{
	(void)state;
	persist_t *p = mkpersist(3);
	ditto_version_t *cur = content(100);
	assert_int_equal(persist_commit(p, cur, NULL, 0), DITTO_R_SUCCESS);
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	assert_int_equal(zonefile_serial(), 100);
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS); /* fold */
	assert_int_equal(zonefile_serial(), 103);
	assert_true(named_loads(zfile));
	assert_int_equal(commit_step(p, &cur), DITTO_R_SUCCESS);
	assert_int_equal(zonefile_serial(), 103);
	/* flush folds what is left. */
	assert_int_equal(persist_flush(p, cur), DITTO_R_SUCCESS);
	assert_int_equal(zonefile_serial(), 104);
	/* The history stays readable for IXFR-out. */
	unsigned int steps = 0;
	assert_int_equal(persist_read_diff(p, 101, 104, count_step, &steps),
	                 DITTO_R_SUCCESS);
	assert_int_equal(steps, 3);
	/* A step that does not chain on makes a full write. */
	ditto_version_t *jump = content(500);
	rrlist_t del, add;
	changing(&del, 499);
	changing(&add, 500);
	ditto_journal_step_t st = { .from = 499,
		                    .to = 500,
		                    .del = del.rr,
		                    .ndel = del.n,
		                    .add = add.rr,
		                    .nadd = add.n };
	assert_int_equal(persist_commit(p, jump, &st, 1), DITTO_R_SUCCESS);
	assert_int_equal(zonefile_serial(), 500);
	persist_destroy(&p);
	ditto_version_detach(&jump);
	ditto_version_detach(&cur);
}

/* --- kill -9 ----------------------------------------------------------- */

#define KILLS 30

static void
writer(int fd)
{
	persist_t *p = mkpersist(5); /* fold often: kills land in folds */
	persist_loaded_t pl;
	ditto_version_t *cur = NULL;
	if (persist_load(p, time(NULL), &pl) == DITTO_R_SUCCESS) {
		cur = pl.version;
	} else {
		cur = content(1);
		if (persist_commit(p, cur, NULL, 0) != DITTO_R_SUCCESS) {
			_exit(2);
		}
	}
	for (unsigned int i = 0; i < 1000000; i++) {
		ditto_result_t r;
		uint32_t s = 0;
		ditto_version_serial(cur, &s);
		if (i % 23 == 22) {
			ditto_version_t *next = content(s + 1);
			r = persist_commit(p, next, NULL, 0);
			ditto_version_detach(&cur);
			cur = next;
		} else {
			r = commit_step(p, &cur);
		}
		if (r != DITTO_R_SUCCESS) {
			_exit(3);
		}
		if (i % 7 == 0) {
			ditto_timers_t t = { .last_refresh = time(NULL),
				             .expire_at = time(NULL) + 86400 };
			(void)persist_save_timers(p, &t);
		}
		ditto_version_serial(cur, &s);
		/* Committed: tell the parent. */
		if (write(fd, &s, sizeof(s)) != (ssize_t)sizeof(s)) {
			_exit(4);
		}
	}
	_exit(0);
}

static uint32_t
last_reported(int fd)
{
	uint32_t s = 0, v;
	/* Bounded by what the child wrote before it died. */
	while (read(fd, &v, sizeof(v)) == (ssize_t)sizeof(v)) {
		s = v;
	}
	return s;
}

static void
kill9(void **state)
{
	(void)state;
	srand((unsigned int)time(NULL) ^ (unsigned int)getpid());
	uint32_t floor = 0;
	unsigned int dropped = 0;
	for (int k = 0; k < KILLS; k++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1]);
		}
		close(fds[1]);
		struct timespec ts = { .tv_sec = 0,
			               .tv_nsec =
			                       (5 + rand() % 120) * 1000000L };
		nanosleep(&ts, NULL);
		assert_int_equal(kill(pid, SIGKILL), 0);
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status)); /* did not fail early */
		uint32_t reported = last_reported(fds[0]);
		close(fds[0]);
		if (reported > floor) {
			floor = reported;
		}
		persist_t *p = mkpersist(5);
		persist_loaded_t pl;
		ditto_result_t r = persist_load(p, time(NULL), &pl);
		if (r == DITTO_R_FILENOTFOUND && floor == 0) {
			persist_destroy(&p); /* killed before the first write */
			continue;
		}
		assert_int_equal(r, DITTO_R_SUCCESS);
		assert_non_null(pl.version);
		if (pl.journal_dropped) {
			/* Only when killed inside an AXFR commit, between
			 * the zone file's rename and the journal's: the
			 * journal is of the older generation. */
			ditto_journal_mark_t m;
			ditto_journal_t *j = NULL;
			ditto_journal_info_t ji;
			assert_int_equal(ditto_journal_readmark(zfile, &m),
			                 DITTO_R_SUCCESS);
			assert_int_equal(
			        ditto_journal_open(
			                persist_journal_path(p), origin, 1,
			                DITTO_JOURNAL_RDONLY, &j, NULL),
			        DITTO_R_SUCCESS);
			ditto_journal_getinfo(j, &ji);
			assert_true(ji.generation != m.generation);
			ditto_journal_close(&j);
			dropped++;
		}
		assert_true(pl.serial >= floor);
		ditto_version_t *want = content(pl.serial);
		assert_same(pl.version, want);
		ditto_version_detach(&want);
		ditto_version_detach(&pl.version);
		persist_destroy(&p);
		assert_true(named_loads(zfile));
		floor = pl.serial;
	}
	print_message("kill -9 x%d: reached serial %u (%u kills inside an "
	              "AXFR commit)\n",
	              KILLS, floor, dropped);
	assert_true(floor > 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(commit_and_restart, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(timers_and_expiry, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(foreign_zone_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(folds, setup, teardown),
		cmocka_unit_test_setup_teardown(kill9, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

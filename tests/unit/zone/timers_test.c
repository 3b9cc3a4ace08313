/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the persisted zone timers (`<file>.dt`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "zone/timers.h"

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dttest-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/db.example.dt", dir);
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

static void
roundtrip(void **state)
{
	(void)state;
	ditto_timers_t t = { .last_refresh = 1767225600,
		             .expire_at = 1768435200,
		             .refresh_at = 1767229200,
		             .last_attempt = 1767225590,
		             .serial = 4294967295u,
		             .primary_serial = 2026010101,
		             .have_serial = true,
		             .have_primary = true };
	char buf[512];
	size_t len = ditto_timers_format(&t, buf, sizeof(buf));
	assert_string_equal(buf, "ditto-timers 1\n"
	                         "last-refresh 1767225600\n"
	                         "expire-at 1768435200\n"
	                         "refresh-at 1767229200\n"
	                         "last-attempt 1767225590\n"
	                         "serial 4294967295\n"
	                         "primary-serial 2026010101\n");
	ditto_timers_t u;
	assert_int_equal(ditto_timers_parse(buf, len, &u, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(u.last_refresh, t.last_refresh);
	assert_int_equal(u.expire_at, t.expire_at);
	assert_int_equal(u.refresh_at, t.refresh_at);
	assert_int_equal(u.last_attempt, t.last_attempt);
	assert_int_equal(u.serial, t.serial);
	assert_int_equal(u.primary_serial, t.primary_serial);
	assert_true(u.have_serial && u.have_primary);

	/* Without serials. */
	ditto_timers_t z = { .expire_at = 5 };
	len = ditto_timers_format(&z, buf, sizeof(buf));
	assert_int_equal(ditto_timers_parse(buf, len, &u, NULL),
	                 DITTO_R_SUCCESS);
	assert_false(u.have_serial);
	assert_false(u.have_primary);
	assert_int_equal(u.expire_at, 5);
}

static void
save_load(void **state)
{
	(void)state;
	ditto_timers_t t = { .last_refresh = 10, .expire_at = 20 }, u;
	ditto_err_t err = { 0 };
	assert_int_equal(ditto_timers_load(path, &u, &err),
	                 DITTO_R_FILENOTFOUND);
	assert_int_equal(ditto_timers_save(path, &t), DITTO_R_SUCCESS);
	assert_int_equal(ditto_timers_load(path, &u, &err), DITTO_R_SUCCESS);
	assert_int_equal(u.last_refresh, 10);
	assert_int_equal(u.expire_at, 20);
	t.expire_at = 30;
	assert_int_equal(ditto_timers_save(path, &t), DITTO_R_SUCCESS);
	assert_int_equal(ditto_timers_load(path, &u, &err), DITTO_R_SUCCESS);
	assert_int_equal(u.expire_at, 30);
	/* No temporary file left behind. */
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "test $(ls '%s' | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);

	/* Too large: refused. */
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("ditto-timers 1\n", fp);
	for (int i = 0; i < 400; i++) {
		fputs("unknown-key 1234567890\n", fp);
	}
	fclose(fp);
	assert_int_equal(ditto_timers_load(path, &u, &err), DITTO_R_SYNTAX);
	assert_non_null(strstr(err.msg, "too large"));
}

static void
bad_text(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"ditto-timers 2\n",
		"ditto-timers 1",
		"ditto-timers 1\nexpire-at 12",
		"ditto-timers 1\nexpire-at -12\n",
		"ditto-timers 1\nexpire-at 12x\n",
		"ditto-timers 1\nexpire-at\n",
		"ditto-timers 1\nexpire-at \n",
		"ditto-timers 1\nexpire-at 99999999999999999999\n",
		"ditto-timers 1\nserial 4294967296\n",
		"ditto-timers 1\n\n",
		"ditto-timers 1\n expire-at 1\n",
		"ditto-timers 1\nexpire-at 1 \n",
		"ditto-timers 1\nexpire-at\t1\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ditto_timers_t t = { .expire_at = 77 };
		ditto_err_t err = { 0 };
		assert_int_equal(
		        ditto_timers_parse(bad[i], strlen(bad[i]), &t, &err),
		        DITTO_R_SYNTAX);
		assert_int_equal(t.expire_at, 77); /* untouched */
		assert_true(err.msg[0] != '\0');
	}
	/* Unknown keys are skipped; a NUL inside is just a bad value. */
	const char ok[] = "ditto-timers 1\nfuture-key whatever\nexpire-at 9\n";
	ditto_timers_t t;
	assert_int_equal(ditto_timers_parse(ok, strlen(ok), &t, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t.expire_at, 9);
	const char nul[] = "ditto-timers 1\nexpire-at 9\0\n";
	assert_int_equal(ditto_timers_parse(nul, sizeof(nul) - 1, &t, NULL),
	                 DITTO_R_SYNTAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip),
		cmocka_unit_test_setup_teardown(save_load, setup, teardown),
		cmocka_unit_test(bad_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the zone table: exact, closest-enclosing, DS (no-exact) and
 * parent lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "zone/zonetable.h"

static const uint8_t *
N(const char *text)
{
	static ditto_name_storage_t bufs[8];
	static unsigned int next;
	uint8_t *out = bufs[next++ % 8];
	assert_int_equal(
	        ditto_name_fromtext(text, strlen(text), NULL, out, NULL, NULL),
	        DITTO_R_SUCCESS);
	return out;
}

static int zones[5];

static ditto_zonetable_t *
build(void)
{
	ditto_zonetable_t *zt = NULL;
	ditto_zonetable_create(&zt);
	assert_int_equal(ditto_zonetable_add(zt, N("example."), &zones[0]),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_zonetable_add(zt, N("sub.example."), &zones[1]),
	                 DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_zonetable_add(zt, N("a.b.c.sub.example."), &zones[2]),
	        DITTO_R_SUCCESS);
	assert_int_equal(ditto_zonetable_add(zt, N("Other.TEST."), &zones[3]),
	                 DITTO_R_SUCCESS);
	return zt;
}

static void
lookups(void **state)
{
	(void)state;
	ditto_zonetable_t *zt = build();
	const uint8_t *origin = NULL;
	assert_int_equal(ditto_zonetable_count(zt), 4);
	assert_ptr_equal(ditto_zonetable_get(zt, N("SUB.example.")), &zones[1]);
	assert_null(ditto_zonetable_get(zt, N("b.c.sub.example.")));
	assert_ptr_equal(ditto_zonetable_find(zt, N("www.example."), 0, NULL),
	                 &zones[0]);
	assert_ptr_equal(
	        ditto_zonetable_find(zt, N("x.b.c.sub.example."), 0, &origin),
	        &zones[1]);
	assert_true(ditto_name_equal(origin, N("sub.example.")));
	assert_ptr_equal(
	        ditto_zonetable_find(zt, N("z.a.b.c.sub.example."), 0, NULL),
	        &zones[2]);
	assert_ptr_equal(
	        ditto_zonetable_find(zt, N("www.other.test."), 0, NULL),
	        &zones[3]);
	assert_null(ditto_zonetable_find(zt, N("test."), 0, NULL));
	assert_null(ditto_zonetable_find(zt, N("."), 0, NULL));
	assert_null(ditto_zonetable_find(zt, N("example.net."), 0, NULL));
	ditto_zonetable_destroy(&zt);
	assert_null(zt);
	ditto_zonetable_destroy(&zt); /* NULL: no-op */
}

static void
ds_and_parent(void **state)
{
	(void)state;
	ditto_zonetable_t *zt = build();
	/* DS at an apex: the parent when we serve it, else the zone */
	assert_ptr_equal(ditto_zonetable_find(zt, N("sub.example."),
	                                      DITTO_ZONETABLE_NOEXACT, NULL),
	                 &zones[0]);
	assert_ptr_equal(ditto_zonetable_find(zt, N("example."),
	                                      DITTO_ZONETABLE_NOEXACT, NULL),
	                 &zones[0]);
	assert_ptr_equal(ditto_zonetable_find(zt, N("x.sub.example."),
	                                      DITTO_ZONETABLE_NOEXACT, NULL),
	                 &zones[1]);
	assert_ptr_equal(ditto_zonetable_parent(zt, N("a.b.c.sub.example.")),
	                 &zones[1]);
	assert_null(ditto_zonetable_parent(zt, N("example.")));
	assert_null(ditto_zonetable_parent(zt, N(".")));
	ditto_zonetable_destroy(&zt);
}

static void
count_zone(void *arg, const uint8_t *origin, void *zone)
{
	(void)origin;
	(void)zone;
	(*(int *)arg)++;
}

static void
duplicates_and_growth(void **state)
{
	(void)state;
	ditto_zonetable_t *zt = build();
	assert_int_equal(ditto_zonetable_add(zt, N("EXAMPLE."), &zones[4]),
	                 DITTO_R_EXISTS);
	char text[64];
	for (int i = 0; i < 500; i++) {
		snprintf(text, sizeof(text), "z%d.example.net.", i);
		assert_int_equal(ditto_zonetable_add(zt, N(text), &zones[4]),
		                 DITTO_R_SUCCESS);
	}
	assert_int_equal(ditto_zonetable_count(zt), 504);
	for (int i = 0; i < 500; i += 37) {
		snprintf(text, sizeof(text), "www.z%d.example.net.", i);
		assert_ptr_equal(ditto_zonetable_find(zt, N(text), 0, NULL),
		                 &zones[4]);
	}
	int n = 0;
	ditto_zonetable_foreach(zt, count_zone, &n);
	assert_int_equal(n, 504);
	/* the root zone encloses everything */
	assert_int_equal(ditto_zonetable_add(zt, N("."), &zones[4]),
	                 DITTO_R_SUCCESS);
	assert_ptr_equal(
	        ditto_zonetable_find(zt, N("nowhere.invalid."), 0, NULL),
	        &zones[4]);
	assert_ptr_equal(ditto_zonetable_find(zt, N("."), 0, NULL), &zones[4]);
	ditto_zonetable_destroy(&zt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(ds_and_parent),
		cmocka_unit_test(duplicates_and_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

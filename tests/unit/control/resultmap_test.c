/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* resultmap against protocols/rndc.md §7.3 (the file, when it is found). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "control/resultmap.h"

/* The table of protocols/rndc.md §7.3, as expected values. */
static const struct {
	uint32_t code;
	const char *id;
	const char *text;
} expect[] = {
	{ 0, "ISC_R_SUCCESS", "success" },
	{ 6, "ISC_R_NOPERM", "permission denied" },
	{ 18, "ISC_R_EXISTS", "already exists" },
	{ 22, "ISC_R_SHUTTINGDOWN", "shutting down" },
	{ 23, "ISC_R_NOTFOUND", "not found" },
	{ 24, "ISC_R_UNEXPECTEDEND", "unexpected end of input" },
	{ 25, "ISC_R_FAILURE", "failure" },
	{ 27, "ISC_R_NOTIMPLEMENTED", "not implemented" },
	{ 35, "ISC_R_ALREADYRUNNING", "already running" },
	{ 41, "ISC_R_RANGE", "out of range" },
	{ 56, "ISC_R_BADNUMBER", "not a valid number" },
	{ 77, "DNS_R_EMPTYLABEL", "empty label" },
	{ 94, "DNS_R_BADCLASS", "bad class" },
	{ 108, "DNS_R_BADZONE", "bad zone" },
	{ 123, "DNS_R_NOTLOADED", "zone not loaded" },
	{ 172, "DNS_R_UNKNOWNCOMMAND", "unknown command" },
	{ 178, "DNS_R_NOTPRIMARY", "not primary" },
};

static void
table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		assert_string_equal(ditto_resultmap_totext(expect[i].code),
		                    expect[i].text);
		assert_string_equal(ditto_resultmap_id(expect[i].code),
		                    expect[i].id);
	}
	assert_null(ditto_resultmap_totext(1));
	assert_null(ditto_resultmap_id(999));
	assert_int_equal(ditto_resultmap_fromresult(DITTO_R_SUCCESS), 0);
	assert_int_equal(ditto_resultmap_fromresult(DITTO_R_NOTFOUND), 23);
	assert_int_equal(ditto_resultmap_fromresult(DITTO_R_UNEXPECTEDEND), 24);
	assert_int_equal(ditto_resultmap_fromresult(DITTO_R_EMPTYLABEL), 77);
	assert_int_equal(ditto_resultmap_fromresult(DITTO_R_FORMERR), 25);
}

/* Every "| code | ID | text |" row of the spec must match the map. */
static void
spec_file(void **state)
{
	(void)state;
	const char *path = getenv("DITTO_RNDC_MD");
	if (path == NULL) {
		path = "/work/shared/protocols/rndc.md";
	}
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		skip();
	}
	char line[512];
	int rows = 0;
	while (fgets(line, sizeof(line), f) != NULL && rows < 1000) {
		unsigned code = 0;
		char id[64], text[128];
		if (sscanf(line, "| %u | %63[A-Z_] | %127[^|]|", &code, id,
		           text) != 3) {
			continue;
		}
		size_t n = strlen(text);
		while (n > 0 && text[n - 1] == ' ') {
			text[--n] = 0;
		}
		assert_non_null(ditto_resultmap_id(code));
		assert_string_equal(ditto_resultmap_id(code), id);
		assert_string_equal(ditto_resultmap_totext(code), text);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, sizeof(expect) / sizeof(expect[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(spec_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

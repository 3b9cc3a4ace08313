/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: the master-file reader on a memory buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "zone/master.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record must be in the zone, and its rdata well formed. */
static ditto_result_t
sink(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	const uint8_t *origin = arg;
	if (op != DITTO_RRSINK_ADD || rr->file == NULL || rr->line == 0 ||
	    !ditto_name_issubdomain(rr->owner, origin)) {
		abort();
	}
	size_t len;
	if (ditto_name_check(rr->owner, DITTO_NAME_MAXWIRE, true, &len) !=
	    DITTO_R_SUCCESS) {
		abort();
	}
	return DITTO_R_SUCCESS;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t origin[] = { 7,   'e', 'x', 'a', 'm',
		                          'p', 'l', 'e', 0 };
	ditto_master_opts_t opts = {
		.origin = origin,
		.no_include = true,
		.max_records = 2000,
		.max_bytes = 256 * 1024,
		/* the first byte picks the mode, so both paths are fuzzed */
		.many_errors = size > 0 && (data[0] & 1) != 0,
	};
	ditto_master_status_t st;
	ditto_rrsink_t s = { sink, (void *)origin };
	ditto_result_t r = ditto_master_loadmem("fuzz", (const char *)data,
	                                        size, &opts, s, &st);
	if (r == DITTO_R_SUCCESS && st.summary != NULL) {
		abort(); /* success must not carry an error */
	}
	if (r != DITTO_R_SUCCESS && st.errors == 0) {
		abort(); /* every failure is reported */
	}
	return 0;
}

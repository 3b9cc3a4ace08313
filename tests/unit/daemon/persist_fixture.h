/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared fixture of the persist tests: a temporary directory, zone
 * contents as a function of the serial, and the records an IXFR step
 * changes. Included by one test file each (static functions). */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "zone/master.h"
#include "zone/version.h"

static char dir[64];
static char zfile[128];
static ditto_name_storage_t origin;

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dptest-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(zfile, sizeof(zfile), "%s/db.example", dir);
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

/* --- zone content as a function of the serial ------------------------ */

static ditto_version_t *
content(uint32_t s)
{
	char text[512];
	snprintf(text, sizeof(text),
	         "@ 3600 IN SOA ns1 hostmaster %u 3600 600 86400 300\n"
	         "@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n"
	         "h%u 300 IN A 10.%u.%u.%u\nwww 300 IN TXT \"serial %u\"\n",
	         s, s, (s >> 16) & 255, (s >> 8) & 255, s & 255, s);
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_version_create(origin, 1, &v);
	if (ditto_master_loadmem("c", text, strlen(text), &mo,
	                         ditto_version_sink(&vs, v, 0, NULL, NULL),
	                         NULL) != DITTO_R_SUCCESS) {
		abort();
	}
	ditto_version_commit(v);
	return v;
}

/* The records of content(s) as an RR list (owners/rdata borrowed from
 * the version's text parse into \a store). */
typedef struct rrlist {
	ditto_rr_t rr[8];
	uint8_t store[8][512];
	size_t n;
} rrlist_t;

static ditto_result_t
collect(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	rrlist_t *l = arg;
	(void)op;
	if (l->n >= 8) {
		return DITTO_R_TOOMANY;
	}
	uint8_t *p = l->store[l->n];
	size_t nl = ditto_name_length(rr->owner);
	memcpy(p, rr->owner, nl);
	memcpy(p + nl, rr->rdata, rr->rdlen);
	l->rr[l->n] = *rr;
	l->rr[l->n].owner = p;
	l->rr[l->n].rdata = p + nl;
	l->n++;
	return DITTO_R_SUCCESS;
}

/* SOA, host and TXT of serial s (what a step deletes or adds). */
static void
changing(rrlist_t *l, uint32_t s)
{
	char text[384];
	snprintf(text, sizeof(text),
	         "@ 3600 IN SOA ns1 hostmaster %u 3600 600 86400 300\n"
	         "h%u 300 IN A 10.%u.%u.%u\nwww 300 IN TXT \"serial %u\"\n",
	         s, s, (s >> 16) & 255, (s >> 8) & 255, s & 255, s);
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_rrsink_t sink = { .fn = collect, .arg = l };
	l->n = 0;
	if (ditto_master_loadmem("s", text, strlen(text), &mo, sink, NULL) !=
	    DITTO_R_SUCCESS) {
		abort();
	}
}

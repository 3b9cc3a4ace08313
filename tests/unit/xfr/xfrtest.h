/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Helpers of the lib/xfr unit tests: zones, hand-built messages, dumps. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rdata.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "zone/dump.h"
#include "zone/master.h"
#include "zone/version.h"

#define XT_UNUSED __attribute__((unused))

static uint8_t xt_origin[DITTO_NAME_MAXWIRE];

XT_UNUSED static void
xt_setorigin(const char *text)
{
	assert_int_equal(ditto_name_fromtext(text, strlen(text), NULL,
	                                     xt_origin, NULL, NULL),
	                 DITTO_R_SUCCESS);
}

/* A committed version from master-file text. */
XT_UNUSED static ditto_version_t *
xt_zone(const char *text)
{
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = xt_origin };
	ditto_master_status_t st;

	ditto_version_create(xt_origin, DITTO_CLASS_IN, &v);
	ditto_rrsink_t sink =
	        ditto_version_sink(&vs, v, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_result_t r = ditto_master_loadmem("test", text, strlen(text), &mo,
	                                        sink, &st);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("zone load: %s", st.err.msg);
	}
	ditto_version_commit(v);
	return v;
}

/* A whole file into memory (malloc'ed, *len bytes). */
XT_UNUSED static uint8_t *
xt_readfile(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/unit/xfr/data/%s", DITTO_TEST_DATA,
	         rel);
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fail_msg("cannot open %s", path);
	}
	uint8_t *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

XT_UNUSED static ditto_version_t *
xt_zonefile(const char *rel)
{
	size_t len = 0;
	uint8_t *text = xt_readfile(rel, &len);
	char *s = calloc(1, len + 1);
	memcpy(s, text, len);
	ditto_version_t *v = xt_zone(s);
	free(s);
	free(text);
	return v;
}

/* The dump of a version, malloc'ed. */
XT_UNUSED static char *
xt_dump(const ditto_version_t *v)
{
	/* tmpfile, not open_memstream: cmocka's malloc/free wrappers must
	 * see every buffer the test frees */
	FILE *fp = tmpfile();
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_version(&d, v), DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	long size = ftell(fp);
	char *out = malloc((size_t)size + 1);
	rewind(fp);
	out[fread(out, 1, (size_t)size, fp)] = '\0';
	fclose(fp);
	return out;
}

/* A message under construction: records given as "owner TYPE rdata"
 * (owner relative to the origin or absolute), TTL 3600, class IN unless
 * the text starts with "CH " (then class CH). */
typedef struct xt_msg {
	uint8_t buf[65535];
	size_t len;
	ditto_render_t r;
} xt_msg_t;

XT_UNUSED static void
xt_begin(xt_msg_t *m, uint16_t id, uint16_t flags, uint16_t rcode,
         uint16_t qtype, bool question)
{
	ditto_msg_header_t hdr = { .id = id,
		                   .flags = (uint16_t)(flags | DITTO_MSG_QR),
		                   .opcode = DITTO_OPCODE_QUERY,
		                   .rcode = rcode };
	ditto_render_begin(&m->r, m->buf, sizeof(m->buf), 65535, &hdr);
	if (question) {
		assert_int_equal(ditto_render_question(&m->r, xt_origin, qtype,
		                                       DITTO_CLASS_IN),
		                 DITTO_R_SUCCESS);
	}
}

XT_UNUSED static void
xt_rr(xt_msg_t *m, ditto_section_t section, const char *text)
{
	uint8_t owner[DITTO_NAME_MAXWIRE];
	uint8_t rdata[DITTO_RDATA_MAX];
	size_t rdlen = 0;
	uint16_t type = 0, rclass = DITTO_CLASS_IN;
	ditto_err_t err;

	if (strncmp(text, "CH ", 3) == 0) {
		rclass = DITTO_CLASS_CH;
		text += 3;
	}
	const char *sp1 = strchr(text, ' ');
	const char *sp2 = strchr(sp1 + 1, ' ');
	assert_int_equal(ditto_name_fromtext(text, (size_t)(sp1 - text),
	                                     xt_origin, owner, NULL, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(
	        ditto_rrtype_fromtext(sp1 + 1, (size_t)(sp2 - sp1 - 1), &type),
	        DITTO_R_SUCCESS);
	ditto_result_t r = ditto_rdata_fromstring(
	        type, rclass, sp2 + 1, strlen(sp2 + 1), xt_origin, rdata,
	        sizeof(rdata), &rdlen, &err);
	if (r != DITTO_R_SUCCESS) {
		fail_msg("rdata '%s': %s", text, err.msg);
	}
	ditto_render_begin_rrset(&m->r, section);
	ditto_render_add(&m->r, owner, type, rclass, 3600, rdata,
	                 (uint16_t)rdlen);
	assert_int_equal(ditto_render_end_rrset(&m->r, 0), DITTO_R_SUCCESS);
}

XT_UNUSED static void
xt_end(xt_msg_t *m)
{
	assert_int_equal(ditto_render_finish(&m->r, &m->len), DITTO_R_SUCCESS);
}

/* A whole response: question (qtype) and answer records; NULL-ended. */
XT_UNUSED static void
xt_answer(xt_msg_t *m, uint16_t id, uint16_t qtype, const char *const *rrs)
{
	xt_begin(m, id, DITTO_MSG_AA, 0, qtype, true);
	for (size_t i = 0; rrs[i] != NULL; i++) {
		xt_rr(m, DITTO_SECTION_ANSWER, rrs[i]);
	}
	xt_end(m);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: a transfer request (one DNS message) through
 * ditto_xfrout_request(); when accepted, the whole AXFR or IXFR stream of
 * a small zone is rendered for it (message size and format from the
 * request id) and every message must parse back, with the SOA first and
 * last; the error response must parse too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "xfr/xfrout.h"
#include "zone/master.h"
#include "zone/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static const char zone_text[] =
        "$TTL 3600\n"
        "@ IN SOA ns1.example.test. hostmaster.example.test. 2026010101 "
        "3600 900 604800 300\n"
        "  IN NS ns1.example.test.\n"
        "  IN NS ns2.example.test.\n"
        "  IN MX 10 mail.example.test.\n"
        "ns1 IN A 192.0.2.1\n"
        "ns2 IN A 192.0.2.2\n"
        "mail IN A 192.0.2.25\n"
        "www IN A 192.0.2.80\n"
        "www IN AAAA 2001:db8::80\n"
        "Www.Sub IN CNAME www\n"
        "txt IN TXT \"hello world\" \"second string\"\n"
        "sub IN NS ns.sub.example.test.\n"
        "ns.sub IN A 192.0.2.53\n";

static uint8_t origin[DITTO_NAME_MAXWIRE];
static ditto_version_t *zone;
static ditto_arena_t arena, parena;
static uint8_t buf[65535];

/* The one step from 2026010100 to the zone's serial. */
static uint8_t soa_old[64], soa_new[64], owner_www[32];
static size_t soa_len;
static const uint8_t a_old[4] = { 192, 0, 2, 79 };
static const uint8_t a_new[4] = { 192, 0, 2, 80 };
static ditto_rr_t del[2], add[2];

static void
init(void)
{
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin };
	CHECKF(ditto_name_fromtext("example.test.", 13, NULL, origin, NULL,
	                           NULL) == DITTO_R_SUCCESS);
	ditto_version_create(origin, DITTO_CLASS_IN, &zone);
	ditto_rrsink_t sink = ditto_version_sink(
	        &vs, zone, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	CHECKF(ditto_master_loadmem("fuzz", zone_text, strlen(zone_text), &mo,
	                            sink, NULL) == DITTO_R_SUCCESS);
	ditto_version_commit(zone);
	ditto_arena_init(&arena, 0);
	ditto_arena_init(&parena, 0);

	static const char soa[] = "ns1.example.test. hostmaster.example.test. "
	                          "2026010100 3600 900 604800 300";
	CHECKF(ditto_rdata_fromstring(DITTO_TYPE_SOA, DITTO_CLASS_IN, soa,
	                              strlen(soa), NULL, soa_old,
	                              sizeof(soa_old), &soa_len,
	                              NULL) == DITTO_R_SUCCESS);
	memcpy(soa_new, soa_old, soa_len);
	soa_new[soa_len - 17] = (uint8_t)(soa_new[soa_len - 17] + 1);
	CHECKF(ditto_name_fromtext("www.example.test.", 17, NULL, owner_www,
	                           NULL, NULL) == DITTO_R_SUCCESS);
	del[0] = (ditto_rr_t){ origin,
		               DITTO_TYPE_SOA,
		               DITTO_CLASS_IN,
		               3600,
		               (uint16_t)soa_len,
		               soa_old,
		               NULL,
		               0 };
	del[1] = (ditto_rr_t){ owner_www, DITTO_TYPE_A, DITTO_CLASS_IN, 3600,
		               4,         a_old,        NULL,           0 };
	add[0] = (ditto_rr_t){ origin,
		               DITTO_TYPE_SOA,
		               DITTO_CLASS_IN,
		               3600,
		               (uint16_t)soa_len,
		               soa_new,
		               NULL,
		               0 };
	add[1] = (ditto_rr_t){ owner_www, DITTO_TYPE_A, DITTO_CLASS_IN, 3600,
		               4,         a_new,        NULL,           0 };
}

/* Pull the whole stream; every message parses back. */
static void
drain(ditto_xfrout_t *x, const ditto_xfrout_req_t *req)
{
	bool last = false;
	uint64_t answers = 0;
	unsigned int n = 0;
	uint16_t lasttype = 0;
	for (; !last; n++) {
		size_t len = 0;
		ditto_msg_t msg;
		CHECKF(n < 1000);
		CHECKF(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last) ==
		       DITTO_R_SUCCESS);
		ditto_arena_reset(&parena);
		CHECKF(ditto_msg_parse(buf, len, 0, &parena, &msg, NULL) ==
		       DITTO_R_SUCCESS);
		CHECKF(msg.hdr.id == req->id);
		CHECKF(msg.counts[DITTO_SECTION_QUESTION] == (n == 0 ? 1 : 0));
		CHECKF(msg.nrrs[DITTO_SECTION_ANSWER] > 0);
		if (n == 0) {
			CHECKF(msg.rrs[DITTO_SECTION_ANSWER][0].type ==
			       DITTO_TYPE_SOA);
		}
		answers += msg.nrrs[DITTO_SECTION_ANSWER];
		lasttype = msg.rrs[DITTO_SECTION_ANSWER]
		                  [msg.nrrs[DITTO_SECTION_ANSWER] - 1]
		                          .type;
	}
	CHECKF(lasttype == DITTO_TYPE_SOA);
	ditto_xfrout_stats_t st;
	ditto_xfrout_getstats(x, &st);
	CHECKF(st.records == answers && st.messages == n);
	size_t len;
	CHECKF(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last) ==
	       DITTO_R_NOMORE);
}

static void
stream(const ditto_xfrout_req_t *req)
{
	ditto_xfrout_opts_t opts = { .msgsize = (req->id & 1) ? 64 : 0,
		                     .one_answer = (req->id & 2) != 0 };
	ditto_xfrout_t *x = NULL;
	if (req->qtype == DITTO_TYPE_AXFR) {
		CHECKF(ditto_xfrout_axfr(req, zone, &opts, NULL, &x) ==
		       DITTO_R_SUCCESS);
		drain(x, req);
		ditto_xfrout_destroy(&x);
		return;
	}
	CHECKF(ditto_xfrout_ixfr(req, zone, &opts, NULL, &x) ==
	       DITTO_R_SUCCESS);
	ditto_journal_step_t step = { 2026010100, 2026010101, del, 2, add, 2 };
	ditto_result_t r = ditto_xfrout_addstep(x, &step);
	CHECKF(r ==
	       (req->serial == 2026010100 ? DITTO_R_SUCCESS : DITTO_R_RANGE));
	size_t len;
	bool last;
	bool uptodate = req->serial == 2026010101 ||
	                (req->serial - 2026010101u) - 1 < 0x7fffffffu;
	if (r != DITTO_R_SUCCESS && !uptodate) {
		CHECKF(ditto_xfrout_next(x, buf, sizeof(buf), &len, &last) ==
		       DITTO_R_RANGE);
		ditto_xfrout_destroy(&x);
		/* answered in full instead */
		CHECKF(ditto_xfrout_axfr(req, zone, &opts, NULL, &x) ==
		       DITTO_R_SUCCESS);
	}
	drain(x, req);
	ditto_xfrout_destroy(&x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ditto_msg_t msg;
	ditto_xfrout_req_t req;
	ditto_err_t err;
	size_t len;

	if (zone == NULL) {
		init();
	}
	ditto_arena_reset(&arena);
	if (ditto_msg_parse(data, size, 0, &arena, &msg, NULL) !=
	    DITTO_R_SUCCESS) {
		return 0;
	}
	err.msg[0] = '\0';
	if (ditto_xfrout_request(&msg, &req, &err) != DITTO_R_SUCCESS) {
		CHECKF(err.msg[0] != '\0');
		return 0;
	}
	CHECKF(req.qtype == DITTO_TYPE_AXFR || req.qtype == DITTO_TYPE_IXFR);
	CHECKF(req.has_serial == (req.qtype == DITTO_TYPE_IXFR));
	CHECKF(ditto_xfrout_error(&req, DITTO_RCODE_REFUSED, NULL, buf,
	                          sizeof(buf), &len) == DITTO_R_SUCCESS);
	ditto_arena_reset(&parena);
	CHECKF(ditto_msg_parse(buf, len, 0, &parena, &msg, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF(msg.hdr.rcode == DITTO_RCODE_REFUSED && msg.qtype == req.qtype);
	stream(&req);
	return 0;
}

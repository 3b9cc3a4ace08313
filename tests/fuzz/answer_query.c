/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: a query against a fixed small signed zone (NSEC and NSEC3
 * flavours): parse, answer, render over UDP and TCP; the reply must parse. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "util/mem.h"
#include "zone/master.h"

#include "../tools/answer_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static const char ZONE[] =
        "$TTL 300\n"
        "@ SOA ns h 1 2 3 4 60\n"
        "@ NS ns\n@ NS ns.other.\n@ MX 10 mail\n"
        "@ NSEC3PARAM 1 0 0 aabbccdd\n"
        "@ NSEC a NS SOA MX RRSIG NSEC NSEC3PARAM\n"
        "@ RRSIG SOA 13 1 300 20460101000000 20260101000000 1 fz. AAAA\n"
        "a A 192.0.2.1\na NSEC c A RRSIG NSEC\n"
        "c CNAME a\nc NSEC d CNAME RRSIG NSEC\n"
        "d DNAME a\nd NSEC mail DNAME RRSIG NSEC\n"
        "mail A 192.0.2.2\nmail AAAA 2001:db8::2\n"
        "mail NSEC ns A AAAA RRSIG NSEC\n"
        "ns A 192.0.2.3\nns NSEC sub A RRSIG NSEC\n"
        "sub NS ns.sub\nsub DS 1 13 2 "
        "0011223344556677889900112233445566778899001122334455667788990011\n"
        "sub NSEC w.x NS DS RRSIG NSEC\nns.sub A 192.0.2.4\n"
        "*.w.x TXT \"w\"\n*.w.x NSEC fz. TXT RRSIG NSEC\n"
        "sfe63s1fbjrk9557p3s96olab0oqq9i4 NSEC3 1 1 0 aabbccdd "
        "00000000000000000000000000000000 A NS SOA\n";

static ditto_zonetable_t *zt;
static ditto_version_t *zone;

static void
setup(void)
{
	ditto_name_storage_t origin;
	CHECKF(ditto_name_fromtext("fz.", 3, NULL, origin, NULL, NULL) ==
	       DITTO_R_SUCCESS);
	ditto_version_create(origin, 1, &zone);
	ditto_version_sink_t vs;
	ditto_rrsink_t sink = ditto_version_sink(
	        &vs, zone, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_master_opts_t mo = { .origin = origin, .no_include = true };
	CHECKF(ditto_master_loadmem("fz", ZONE, strlen(ZONE), &mo, sink,
	                            NULL) == DITTO_R_SUCCESS);
	ditto_version_commit(zone);
	ditto_zonetable_create(&zt);
	CHECKF(ditto_zonetable_add(zt, origin, zone) == DITTO_R_SUCCESS);
}

static void
check_reply(const uint8_t *q, size_t qlen, bool tcp, bool minimal)
{
	static uint8_t out[65535];
	static ditto_arena_t arena;
	static bool init;
	if (!init) {
		ditto_arena_init(&arena, 4096);
		init = true;
	}
	ditto_answer_opts_t o = { minimal ? DITTO_MINIMAL_YES
		                          : DITTO_MINIMAL_NO_AUTH_RECURSIVE,
		                  minimal };
	size_t len = answer_wire(zt, &o, q, qlen, tcp, out, sizeof(out));
	if (len == 0) {
		return;
	}
	CHECKF(len <= (tcp ? 65535u : 1232u) || len <= 512);
	ditto_msg_t m;
	ditto_arena_reset(&arena);
	CHECKF(ditto_msg_parse(out, len, 0, &arena, &m, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF((m.hdr.flags & DITTO_MSG_QR) != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (zt == NULL) {
		setup();
	}
	check_reply(data, size, false, false);
	check_reply(data, size, true, size > 0 && (data[size - 1] & 1) != 0);
	return 0;
}

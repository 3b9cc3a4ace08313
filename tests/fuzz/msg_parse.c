/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: parse a message (full and query-only); on success render it
 * back, parse that again and check that nothing changed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static void
same_rrs(const ditto_msg_t *a, const ditto_msg_t *b)
{
	CHECKF(a->hdr.id == b->hdr.id && a->hdr.flags == b->hdr.flags &&
	       a->hdr.opcode == b->hdr.opcode && a->hdr.rcode == b->hdr.rcode);
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		CHECKF(a->nrrs[s] == b->nrrs[s]);
		for (unsigned int i = 0; i < a->nrrs[s]; i++) {
			const ditto_rr_t *x = &a->rrs[s][i], *y = &b->rrs[s][i];
			CHECKF(ditto_name_equal(x->owner, y->owner));
			CHECKF(x->type == y->type && x->rclass == y->rclass &&
			       x->ttl == y->ttl && x->rdlen == y->rdlen);
			CHECKF(x->rdlen == 0 ||
			       memcmp(x->rdata, y->rdata, x->rdlen) == 0);
		}
	}
	CHECKF(a->has_edns == b->has_edns && a->has_tsig == b->has_tsig);
	if (a->has_edns) {
		CHECKF(a->edns.udpsize == b->edns.udpsize &&
		       a->edns.flags == b->edns.flags &&
		       a->edns.version == b->edns.version &&
		       a->edns.nopts == b->edns.nopts &&
		       a->edns.optlen == b->edns.optlen);
	}
	if (a->has_tsig) {
		CHECKF(a->tsig.rdlen == b->tsig.rdlen &&
		       memcmp(a->tsig.rdata, b->tsig.rdata, a->tsig.rdlen) ==
		               0);
	}
}

static ditto_arena_t arena1, arena2;
static uint8_t out1[65535], out2[65535];
static char text[1 << 20];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		ditto_arena_init(&arena1, 0);
		ditto_arena_init(&arena2, 0);
		init = 1;
	}
	ditto_arena_reset(&arena1);
	ditto_arena_reset(&arena2);

	ditto_msg_t m, q, m2;
	ditto_err_t err;
	ditto_result_t rq = ditto_msg_parse_query(data, size, &q, &err);
	ditto_result_t r = ditto_msg_parse(data, size, 0, &arena1, &m, &err);
	if (r != DITTO_R_SUCCESS) {
		ditto_arena_reset(&arena1);
		r = ditto_msg_parse(data, size, DITTO_MSG_PARSE_TCOK, &arena1,
		                    &m, &err);
		if (r != DITTO_R_SUCCESS) {
			return 0;
		}
	} else if (m.counts[DITTO_SECTION_QUESTION] <= 1) {
		/* the query path is never stricter than the full parse */
		CHECKF(rq == DITTO_R_SUCCESS);
		CHECKF(q.has_edns == m.has_edns && q.has_tsig == m.has_tsig);
		CHECKF(q.tsig_offset == m.tsig_offset &&
		       q.opt_offset == m.opt_offset && q.qtype == m.qtype &&
		       q.hdr.rcode == m.hdr.rcode);
	}
	size_t len;
	if (ditto_msg_totext(&m, text, sizeof(text), &len) == DITTO_R_SUCCESS) {
		CHECKF(strlen(text) == len);
	}
	size_t len1, len2;
	if (ditto_msg_towire(&m, out1, sizeof(out1), &len1) !=
	    DITTO_R_SUCCESS) {
		return 0; /* decompressed, it may no longer fit */
	}
	r = ditto_msg_parse(out1, len1, 0, &arena2, &m2, &err);
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "re-parse failed: %s\n", err.msg);
		abort();
	}
	same_rrs(&m, &m2);
	CHECKF(ditto_msg_towire(&m2, out2, sizeof(out2), &len2) ==
	       DITTO_R_SUCCESS);
	CHECKF(len1 == len2 && memcmp(out1, out2, len1) == 0);
	return 0;
}

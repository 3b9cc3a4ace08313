/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Test-only glue: a wire query in, a wire reply out, through the zone table
 * and ditto_answer_query() (what dittod's query path does, minus ACLs,
 * TSIG, cookies and transfers). Shared by ditto-answer and the fuzzer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/rcode.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "zone/answer.h"
#include "zone/version.h"
#include "zone/zonetable.h"

#define AW_EDNS_SIZE 1232 /* BIND's edns-udp-size and max-udp-size */

/* Reply with only header, question and OPT (errors). */
static size_t
aw_short_reply(ditto_render_t *r, const ditto_msg_t *m, uint16_t rcode,
               uint8_t *out)
{
	size_t len = 0;
	r->hdr.rcode = rcode;
	if (ditto_render_finish(r, &len) != DITTO_R_SUCCESS) {
		/* rcode needs OPT but none: plain FORMERR */
		r->hdr.rcode = DITTO_RCODE_FORMERR;
		if (ditto_render_finish(r, &len) != DITTO_R_SUCCESS) {
			return 0;
		}
	}
	(void)m;
	(void)out;
	return len;
}

/*
 * Answer \a q (\a qlen bytes). \return the reply length in \a out, or 0
 * when the query gets no reply (unparseable header, or a response).
 */
static size_t
answer_wire(const ditto_zonetable_t *zt, const ditto_answer_opts_t *opts,
            const uint8_t *q, size_t qlen, bool tcp, uint8_t *out,
            size_t outsize)
{
	ditto_msg_t m;
	ditto_render_t r;
	if (qlen < DITTO_MSG_HDRLEN || (q[2] & 0x80) != 0) {
		return 0;
	}
	ditto_result_t pr = ditto_msg_parse_query(q, qlen, &m, NULL);
	ditto_msg_header_t hdr = { 0 };
	hdr.id = (uint16_t)((q[0] << 8) | q[1]);
	hdr.opcode = (uint8_t)((q[2] >> 3) & 0xf);
	hdr.flags = (uint16_t)(DITTO_MSG_QR | (((q[2] << 8) | q[3]) &
	                                       (DITTO_MSG_RD | DITTO_MSG_CD)));
	size_t limit = tcp ? DITTO_MSG_MAXSIZE : 512;
	if (pr == DITTO_R_SUCCESS && m.has_edns && !tcp) {
		size_t want = m.edns.udpsize < 512 ? 512 : m.edns.udpsize;
		limit = want < AW_EDNS_SIZE ? want : AW_EDNS_SIZE;
	}
	ditto_render_begin(&r, out, outsize, limit, &hdr);
	if (pr != DITTO_R_SUCCESS || !m.has_question) {
		return aw_short_reply(&r, &m, DITTO_RCODE_FORMERR, out);
	}
	if (m.has_edns) {
		ditto_edns_t e;
		ditto_edns_init(&e, AW_EDNS_SIZE);
		e.flags = m.edns.flags & DITTO_EDNS_FLAG_DO;
		if (ditto_render_setedns(&r, &e) != DITTO_R_SUCCESS) {
			return 0;
		}
	}
	if (ditto_render_question(&r, m.qname, m.qtype, m.qclass) !=
	    DITTO_R_SUCCESS) {
		return aw_short_reply(&r, &m, DITTO_RCODE_SERVFAIL, out);
	}
	if (m.has_edns && m.edns.version != 0) {
		return aw_short_reply(&r, &m, DITTO_RCODE_BADVERS, out);
	}
	if (hdr.opcode != DITTO_OPCODE_QUERY) {
		return aw_short_reply(&r, &m, DITTO_RCODE_NOTIMP, out);
	}
	if (m.qtype == DITTO_TYPE_AXFR || m.qtype == DITTO_TYPE_IXFR) {
		return aw_short_reply(&r, &m, DITTO_RCODE_REFUSED, out);
	}
	if (m.qtype == 253 || m.qtype == 254) { /* MAILB, MAILA */
		return aw_short_reply(&r, &m, DITTO_RCODE_NOTIMP, out);
	}
	if (m.qtype != DITTO_TYPE_ANY && (ditto_rrtype_ismeta(m.qtype) ||
	                                  (m.qtype >= 128 && m.qtype <= 255))) {
		return aw_short_reply(&r, &m, DITTO_RCODE_FORMERR, out);
	}
	unsigned int zopt =
	        m.qtype == DITTO_TYPE_DS ? DITTO_ZONETABLE_NOEXACT : 0;
	const ditto_version_t *v =
	        ditto_zonetable_find(zt, m.qname, zopt, NULL);
	if (v == NULL || ditto_version_class(v) != m.qclass) {
		return aw_short_reply(&r, &m, DITTO_RCODE_REFUSED, out);
	}
	ditto_query_t query = {
		.qname = m.qname,
		.qtype = m.qtype,
		.qclass = m.qclass,
		.dnssec_ok =
		        m.has_edns && (m.edns.flags & DITTO_EDNS_FLAG_DO) != 0,
		.recursion_desired = (hdr.flags & DITTO_MSG_RD) != 0,
		.zones = zt,
		.tcp = tcp,
		.udp_size = (uint16_t)(m.has_edns && !tcp
		                               ? (m.edns.udpsize < 512
		                                          ? 512
		                                          : m.edns.udpsize)
		                               : 0),
	};
	if (ditto_answer_query(opts, v, &query, &r) != DITTO_R_SUCCESS) {
		ditto_render_truncate(&r);
		r.tc = false;
		return aw_short_reply(&r, &m, DITTO_RCODE_SERVFAIL, out);
	}
	size_t len = 0;
	if (ditto_render_finish(&r, &len) != DITTO_R_SUCCESS) {
		return 0;
	}
	return len;
}

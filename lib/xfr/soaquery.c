/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The refresh check: build an SOA query, judge the primary's answer. */

/*
 * One query, one answer; no state kept between them:
 *
 *   build --> (daemon sends over UDP, or TCP) --> parse --> verdict
 *
 * The answer is judged in BIND's order (refresh_callback() of its zone.c):
 * transport-level mismatches first, then TC, rcode, AA, the SOA count, and
 * last the serial in RFC 1982 arithmetic, where "not newer" (older or
 * undefined) never starts a transfer.
 */
#include "xfr/soaquery.h"

#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "xfr/serial.h"
#include "xfr/xfr_p.h"

#define DEFAULT_UDPSIZE 1232

ditto_result_t
ditto_soaquery_build(const uint8_t *origin, uint16_t rclass,
                     const ditto_soaquery_opts_t *opts, uint8_t *buf,
                     size_t size, size_t *len, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_render_t r;
	ditto_edns_t edns;
	ditto_edns_t *ep = NULL;

	if (opts->edns) {
		ditto_edns_init(&edns, opts->udpsize != 0 ? opts->udpsize
		                                          : DEFAULT_UDPSIZE);
		if (opts->expire) {
			CHECK(ditto_edns_addopt(&edns, DITTO_EDNS_OPT_EXPIRE,
			                        NULL, 0));
		}
		ep = &edns;
	}
	CHECK(ditto__xfr_beginquery(&r, buf, size, opts->id, DITTO_OPCODE_QUERY,
	                            0, origin, DITTO_TYPE_SOA, rclass, ep,
	                            opts->tsig));
	CHECK(ditto__xfr_endquery(&r, buf, size, opts->tsig, len, err));
cleanup:
	if (result == DITTO_R_NOSPACE) {
		ditto_err_set(err, "SOA query does not fit in %zu bytes", size);
	}
	return result;
}

static ditto_soaquery_verdict_t
fail(ditto_soaquery_answer_t *out, const char *reason)
{
	out->verdict = DITTO_SOAQUERY_ERROR;
	ditto_err_set(&out->err, "%s", reason);
	return out->verdict;
}

/* The SOA records at the origin, or why there are none. */
static ditto_soaquery_verdict_t
find_soa(const ditto_msg_t *msg, const uint8_t *origin,
         ditto_soaquery_answer_t *out, const ditto_rr_t **soa)
{
	unsigned int nsoa = 0;
	bool cname = false;

	for (unsigned int i = 0; i < msg->nrrs[DITTO_SECTION_ANSWER]; i++) {
		const ditto_rr_t *rr = &msg->rrs[DITTO_SECTION_ANSWER][i];
		if (!ditto_name_equal(rr->owner, origin)) {
			continue;
		}
		if (rr->type == DITTO_TYPE_SOA) {
			nsoa++;
			*soa = rr;
		} else if (rr->type == DITTO_TYPE_CNAME) {
			cname = true;
		}
	}
	if (nsoa == 1) {
		return DITTO_SOAQUERY_NEWER; /* caller decides */
	}
	if (nsoa > 1) {
		char why[64];
		snprintf(why, sizeof(why), "answer SOA count (%u) != 1", nsoa);
		return fail(out, why);
	}
	if (cname) {
		return fail(out, "CNAME at top of zone");
	}
	for (unsigned int i = 0; i < msg->nrrs[DITTO_SECTION_AUTHORITY]; i++) {
		if (msg->rrs[DITTO_SECTION_AUTHORITY][i].type ==
		    DITTO_TYPE_NS) {
			return fail(out, "referral response");
		}
	}
	return fail(out, "NODATA response");
}

static void
edns_expire(const ditto_msg_t *msg, ditto_soaquery_answer_t *out)
{
	if (!msg->has_edns) {
		return;
	}
	const ditto_edns_opt_t *o =
	        ditto_edns_find(&msg->edns, DITTO_EDNS_OPT_EXPIRE);
	if (o != NULL && o->len == 4) {
		out->edns_expire = ditto_read32(o->data);
	}
}

/* Header, question, TSIG, TC, rcode and AA, in BIND's order. */
static bool
check_answer(const ditto_msg_t *msg, uint16_t id, const uint8_t *origin,
             uint16_t rclass, const ditto_xfr_tsig_t *tsig,
             ditto_soaquery_answer_t *out)
{
	char rc[16];

	out->rcode = msg->hdr.rcode;
	if (ditto__xfr_checkreply(msg, id, DITTO_OPCODE_QUERY, origin,
	                          DITTO_TYPE_SOA, rclass, false,
	                          &out->err) != DITTO_R_SUCCESS) {
		out->verdict = DITTO_SOAQUERY_ERROR;
		return false;
	}
	if (tsig != NULL && tsig->verify != NULL &&
	    tsig->verify(tsig->arg, msg, &out->err) != DITTO_R_SUCCESS) {
		out->verdict = DITTO_SOAQUERY_ERROR;
		return false;
	}
	if ((msg->hdr.flags & DITTO_MSG_TC) != 0) {
		out->verdict = DITTO_SOAQUERY_TRUNCATED;
		ditto_err_set(&out->err, "truncated UDP answer, initiating "
		                         "TCP zone xfer");
		return false;
	}
	if (msg->hdr.rcode != DITTO_RCODE_NOERROR) {
		char why[64];
		(void)ditto_rcode_totext(msg->hdr.rcode, rc, sizeof(rc));
		snprintf(why, sizeof(why), "unexpected rcode (%s)", rc);
		fail(out, why);
		return false;
	}
	if ((msg->hdr.flags & DITTO_MSG_AA) == 0) {
		fail(out, "non-authoritative answer");
		return false;
	}
	return true;
}

ditto_soaquery_verdict_t
ditto_soaquery_parse(const uint8_t *wire, size_t len, uint16_t id,
                     const uint8_t *origin, uint16_t rclass,
                     const ditto_xfr_tsig_t *tsig, bool have_serial,
                     uint32_t serial, ditto_arena_t *arena,
                     ditto_soaquery_answer_t *out)
{
	ditto_msg_t msg;
	const ditto_rr_t *soa = NULL;

	memset(out, 0, sizeof(*out));
	out->edns_expire = -1;
	if (ditto_msg_parse(wire, len, DITTO_MSG_PARSE_TCOK, arena, &msg,
	                    &out->err) != DITTO_R_SUCCESS) {
		out->verdict = DITTO_SOAQUERY_ERROR;
		return out->verdict;
	}
	if (!check_answer(&msg, id, origin, rclass, tsig, out)) {
		return out->verdict;
	}
	if (find_soa(&msg, origin, out, &soa) == DITTO_SOAQUERY_ERROR) {
		return out->verdict;
	}
	if (soa->rclass != rclass ||
	    !ditto__xfr_soatimers(soa->rdata, soa->rdlen, &out->refresh,
	                          &out->retry, &out->expire)) {
		return fail(out, "bad SOA record in answer");
	}
	out->serial = ditto__xfr_soaserial(soa->rdata, soa->rdlen);
	edns_expire(&msg, out);
	if (!have_serial || ditto_serial_gt(out->serial, serial)) {
		out->verdict = DITTO_SOAQUERY_NEWER;
	} else if (out->serial == serial) {
		out->verdict = DITTO_SOAQUERY_SAME;
	} else {
		out->verdict = DITTO_SOAQUERY_OLDER;
		ditto_err_set(&out->err,
		              "serial number (%u) received from "
		              "primary < ours (%u)",
		              out->serial, serial);
	}
	return out->verdict;
}

const char *
ditto_soaquery_verdictname(ditto_soaquery_verdict_t v)
{
	switch (v) {
	case DITTO_SOAQUERY_NEWER:
		return "newer";
	case DITTO_SOAQUERY_SAME:
		return "same";
	case DITTO_SOAQUERY_OLDER:
		return "older";
	case DITTO_SOAQUERY_TRUNCATED:
		return "truncated";
	case DITTO_SOAQUERY_ERROR:
		return "error";
	}
	return "unknown";
}

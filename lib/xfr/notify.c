/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* NOTIFY (RFC 1996): parse and answer incoming ones, build outgoing ones. */

/*
 * No state machine here: a NOTIFY is one request and one reply. The
 * resend schedule of outgoing NOTIFYs and the decision to refresh belong
 * to the daemon (zone manager); refresh.c's ditto_refresh_notify() is the
 * effect of an accepted one.
 */
#include "xfr/notify.h"

#include <string.h>

#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "xfr/xfr_p.h"

ditto_result_t
ditto_notify_parse(const ditto_msg_t *msg, ditto_notify_t *out,
                   ditto_err_t *err)
{
	if (msg->hdr.opcode != DITTO_OPCODE_NOTIFY) {
		ditto_err_setat(err, 2, "opcode is not NOTIFY");
		return DITTO_R_FORMERR;
	}
	if ((msg->hdr.flags & DITTO_MSG_QR) != 0) {
		ditto_err_setat(err, 2, "NOTIFY with QR set is not a request");
		return DITTO_R_FORMERR;
	}
	if (!msg->has_question || msg->counts[DITTO_SECTION_QUESTION] != 1) {
		ditto_err_setat(err, 4, "NOTIFY needs exactly one question");
		return DITTO_R_FORMERR;
	}
	if (msg->qtype != DITTO_TYPE_SOA) {
		ditto_err_setat(err, DITTO_MSG_HDRLEN,
		                "NOTIFY question type is not SOA");
		return DITTO_R_FORMERR;
	}
	memset(out, 0, sizeof(*out));
	ditto_name_copy(out->zone, msg->qname);
	out->rclass = msg->qclass;
	out->id = msg->hdr.id;
	out->has_tsig = msg->has_tsig;
	for (unsigned int i = 0; msg->rrs[DITTO_SECTION_ANSWER] != NULL &&
	                         i < msg->nrrs[DITTO_SECTION_ANSWER];
	     i++) {
		const ditto_rr_t *rr = &msg->rrs[DITTO_SECTION_ANSWER][i];
		if (rr->type == DITTO_TYPE_SOA && rr->rdlen >= 22 &&
		    ditto_name_equal(rr->owner, msg->qname)) {
			out->has_serial = true;
			out->serial =
			        ditto__xfr_soaserial(rr->rdata, rr->rdlen);
			break;
		}
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_notify_reply(const ditto_msg_t *query, uint16_t rcode,
                   const ditto_xfr_tsig_t *tsig, uint8_t *buf, size_t size,
                   size_t *len)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_render_t r;
	uint16_t flags = DITTO_MSG_QR;
	ditto_msg_header_t hdr = { .id = query->hdr.id,
		                   .opcode = DITTO_OPCODE_NOTIFY,
		                   .rcode = rcode };

	if (rcode == DITTO_RCODE_NOERROR) {
		flags |= DITTO_MSG_AA;
	}
	hdr.flags = flags;
	ditto_render_begin(&r, buf, size, DITTO_MSG_MAXSIZE, &hdr);
	if (tsig != NULL && tsig->reserve > 0) {
		CHECK(ditto_render_reserve(&r, tsig->reserve));
	}
	if (query->has_question) {
		CHECK(ditto_render_question(&r, query->qname, query->qtype,
		                            query->qclass));
	}
	CHECK(ditto__xfr_endquery(&r, buf, size, tsig, len, NULL));
cleanup:
	return result;
}

ditto_result_t
ditto_notify_build(const uint8_t *zone, uint16_t rclass, uint16_t id,
                   const uint8_t *soa_rdata, uint16_t soa_rdlen,
                   uint32_t soa_ttl, const ditto_xfr_tsig_t *tsig, uint8_t *buf,
                   size_t size, size_t *len)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_render_t r;

	CHECK(ditto__xfr_beginquery(&r, buf, size, id, DITTO_OPCODE_NOTIFY,
	                            DITTO_MSG_AA, zone, DITTO_TYPE_SOA, rclass,
	                            NULL, tsig));
	if (soa_rdata != NULL) {
		ditto_render_begin_rrset(&r, DITTO_SECTION_ANSWER);
		ditto_render_add(&r, zone, DITTO_TYPE_SOA, rclass, soa_ttl,
		                 soa_rdata, soa_rdlen);
		if (ditto_render_end_rrset(&r, 0) != DITTO_R_SUCCESS) {
			CLEANUP(DITTO_R_NOSPACE);
		}
	}
	CHECK(ditto__xfr_endquery(&r, buf, size, tsig, len, NULL));
cleanup:
	return result;
}

ditto_result_t
ditto_notify_parse_reply(const ditto_msg_t *msg, uint16_t id,
                         const uint8_t *zone, uint16_t rclass,
                         const ditto_xfr_tsig_t *tsig, uint16_t *rcode,
                         ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;

	CHECK(ditto__xfr_checkreply(msg, id, DITTO_OPCODE_NOTIFY, zone,
	                            DITTO_TYPE_SOA, rclass, false, err));
	if (tsig != NULL && tsig->verify != NULL) {
		CHECK(tsig->verify(tsig->arg, msg, err));
	}
	*rcode = msg->hdr.rcode;
cleanup:
	return result;
}

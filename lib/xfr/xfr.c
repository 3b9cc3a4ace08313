/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared helpers of lib/xfr: log text shapes, record text, SOA fields. */
#include "xfr/xfr.h"

#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "xfr/xfr_p.h"

void
ditto_xfr_zonetext(const uint8_t *origin, uint16_t rclass, char *buf,
                   size_t size)
{
	char name[DITTO_NAME_MAXTEXT];
	char cls[DITTO_RRTYPE_MAXTEXT];

	if (size == 0) {
		return;
	}
	ditto_name_format(origin, name, sizeof(name));
	if (ditto_rrclass_totext(rclass, cls, sizeof(cls)) != DITTO_R_SUCCESS) {
		strcpy(cls, "?");
	}
	snprintf(buf, size, "%s/%s", name, cls);
}

void
ditto_xfr_logprefix(const uint8_t *origin, uint16_t rclass, const char *peer,
                    char *buf, size_t size)
{
	char zone[DITTO_NAME_MAXTEXT + DITTO_RRTYPE_MAXTEXT];

	ditto_xfr_zonetext(origin, rclass, zone, sizeof(zone));
	snprintf(buf, size, "transfer of '%s' from %s: ", zone, peer);
}

void
ditto__xfr_rrtext(const ditto_rr_t *rr, char *buf, size_t size)
{
	char owner[DITTO_NAME_MAXTEXT];
	char type[DITTO_RRTYPE_MAXTEXT];
	char rdata[DITTO__XFR_RRTEXT * 2];
	size_t len = 0;

	if (ditto_name_totext(rr->owner, NULL, owner, sizeof(owner), &len) !=
	    DITTO_R_SUCCESS) {
		strcpy(owner, "?");
	}
	if (ditto_rrtype_totext(rr->type, type, sizeof(type)) !=
	    DITTO_R_SUCCESS) {
		strcpy(type, "?");
	}
	/* empty rdata may come as NULL (class NONE/ANY records) */
	static const uint8_t empty[1] = { 0 };
	const uint8_t *rd = rr->rdata != NULL ? rr->rdata : empty;
	if (ditto_rdata_totext(rr->type, rd, rr->rdlen, NULL, rdata,
	                       sizeof(rdata), &len) != DITTO_R_SUCCESS) {
		snprintf(rdata, sizeof(rdata), "\\# %u ...", rr->rdlen);
	}
	int n = snprintf(buf, size, "%s %s %s", owner, type, rdata);
	if (n >= 0 && (size_t)n >= size && size > 4) {
		memcpy(buf + size - 4, "...", 4);
	}
}

size_t
ditto__xfr_rroffset(const ditto_msg_t *msg, int section, unsigned int index)
{
	uint8_t name[DITTO_NAME_MAXWIRE];
	size_t pos = msg->question_end;

	for (int s = DITTO_SECTION_ANSWER; s <= section; s++) {
		for (unsigned int i = 0; i < msg->counts[s]; i++) {
			if (s == section && i == index) {
				return pos;
			}
			if (ditto_name_fromwire(msg->wire, msg->wirelen, &pos,
			                        name,
			                        NULL) != DITTO_R_SUCCESS ||
			    msg->wirelen - pos < 10) {
				return msg->end;
			}
			pos += 10 + ditto_read16(msg->wire + pos + 8);
			if (pos > msg->wirelen) {
				return msg->end;
			}
		}
	}
	return msg->end;
}

uint32_t
ditto__xfr_soaserial(const uint8_t *rdata, size_t rdlen)
{
	if (rdlen < 22) {
		return 0;
	}
	return ditto_read32(rdata + rdlen - 20);
}

bool
ditto__xfr_soatimers(const uint8_t *rdata, size_t rdlen, uint32_t *refresh,
                     uint32_t *retry, uint32_t *expire)
{
	if (rdlen < 22) {
		return false;
	}
	*refresh = ditto_read32(rdata + rdlen - 16);
	*retry = ditto_read32(rdata + rdlen - 12);
	*expire = ditto_read32(rdata + rdlen - 8);
	return true;
}

ditto_result_t
ditto__xfr_checkreply(const ditto_msg_t *msg, uint16_t id, uint8_t opcode,
                      const uint8_t *origin, uint16_t qtype, uint16_t rclass,
                      bool need_question, ditto_err_t *err)
{
	if (msg->hdr.id != id) {
		ditto_err_setat(err, 0, "response id %u does not match %u",
		                msg->hdr.id, id);
		return DITTO_R_FORMERR;
	}
	if ((msg->hdr.flags & DITTO_MSG_QR) == 0) {
		ditto_err_setat(err, 2, "not a response (QR clear)");
		return DITTO_R_FORMERR;
	}
	if (msg->hdr.opcode != opcode) {
		ditto_err_setat(err, 2, "unexpected opcode %u",
		                msg->hdr.opcode);
		return DITTO_R_FORMERR;
	}
	if (!msg->has_question) {
		if (need_question) {
			ditto_err_setat(err, 4, "question section missing");
			return DITTO_R_FORMERR;
		}
		return DITTO_R_SUCCESS;
	}
	if (msg->counts[DITTO_SECTION_QUESTION] != 1 ||
	    !ditto_name_equal(msg->qname, origin) || msg->qtype != qtype ||
	    msg->qclass != rclass) {
		ditto_err_setat(err, DITTO_MSG_HDRLEN,
		                "question section mismatch");
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__xfr_beginquery(ditto_render_t *r, uint8_t *buf, size_t size, uint16_t id,
                      uint8_t opcode, uint16_t flags, const uint8_t *origin,
                      uint16_t qtype, uint16_t rclass, const ditto_edns_t *edns,
                      const ditto_xfr_tsig_t *tsig)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_msg_header_t hdr = { .id = id, .flags = flags, .opcode = opcode };

	ditto_render_begin(r, buf, size, DITTO_MSG_MAXSIZE, &hdr);
	if (edns != NULL) {
		CHECK(ditto_render_setedns(r, edns));
	}
	if (tsig != NULL && tsig->reserve > 0) {
		CHECK(ditto_render_reserve(r, tsig->reserve));
	}
	CHECK(ditto_render_question(r, origin, qtype, rclass));
cleanup:
	return result;
}

ditto_result_t
ditto__xfr_endquery(ditto_render_t *r, uint8_t *buf, size_t size,
                    const ditto_xfr_tsig_t *tsig, size_t *len, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t n = 0;

	if (r->tc) {
		ditto_err_set(err, "query does not fit in %zu bytes", size);
		CLEANUP(DITTO_R_NOSPACE);
	}
	CHECK(ditto_render_finish(r, &n));
	if (tsig != NULL && tsig->sign != NULL) {
		CHECK(tsig->sign(tsig->arg, buf, size, &n, err));
	}
	*len = n;
cleanup:
	return result;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Building a DNS message: compression, size limit, truncation, OPT.
 *
 * The builder writes straight into the caller's buffer through a cursor
 * whose size is the usable end: the size limit minus the space reserved
 * for the OPT record (and anything else the caller reserved, like TSIG).
 * Records are written in units (RRsets). A unit remembers the offset and
 * section count where it began; if any write of the unit fails, the
 * cursor, the count and the compression table are rolled back there, so
 * a message always ends on a unit boundary. Nothing is allocated, and
 * each record costs its compression lookups plus its bytes.
 *
 * Invariant: buf.size == limit - reserved, and buf.pos <= buf.size
 * outside a failed unit.
 */
#include "dns/render.h"

#include <string.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"

static void
set_room(ditto_render_t *r)
{
	r->buf.size = r->limit - r->reserved;
}

void
ditto_render_begin(ditto_render_t *r, uint8_t *buf, size_t bufsize,
                   size_t limit, const ditto_msg_header_t *hdr)
{
	REQUIRE(r != NULL && buf != NULL && hdr != NULL);
	size_t size = bufsize < limit ? bufsize : limit;
	if (size > DITTO_MSG_MAXSIZE) {
		size = DITTO_MSG_MAXSIZE;
	}
	REQUIRE(size >= DITTO_MSG_HDRLEN);

	r->hdr = *hdr;
	r->limit = size;
	r->reserved = 0;
	ditto_buf_init(&r->buf, buf, size);
	memset(buf, 0, DITTO_MSG_HDRLEN);
	r->buf.pos = DITTO_MSG_HDRLEN;
	r->qend = DITTO_MSG_HDRLEN;
	ditto_compress_init(&r->comp, buf);
	memset(r->counts, 0, sizeof(r->counts));
	r->section = DITTO_SECTION_QUESTION;
	r->tc = false;
	r->has_edns = false;
	r->in_unit = false;
	r->unit_failed = false;
	r->unit_pos = 0;
	r->unit_count = 0;
}

static ditto_result_t
reserve_delta(ditto_render_t *r, size_t drop, size_t add)
{
	size_t reserved = r->reserved - drop + add;
	if (r->buf.pos + reserved > r->limit) {
		return DITTO_R_NOSPACE;
	}
	r->reserved = reserved;
	set_room(r);
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_render_setedns(ditto_render_t *r, const ditto_edns_t *edns)
{
	REQUIRE(r != NULL && edns != NULL && !r->in_unit);
	size_t old = r->has_edns ? ditto_edns_wirelen(&r->edns) : 0;
	ditto_result_t result = reserve_delta(r, old, ditto_edns_wirelen(edns));
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	/* only the used options: the array is most of the struct */
	r->edns.udpsize = edns->udpsize;
	r->edns.ext_rcode = edns->ext_rcode;
	r->edns.version = edns->version;
	r->edns.flags = edns->flags;
	r->edns.nopts = edns->nopts;
	r->edns.nopts_seen = edns->nopts_seen;
	r->edns.optlen = edns->optlen;
	if (edns->nopts > 0) {
		memcpy(r->edns.opts, edns->opts,
		       edns->nopts * sizeof(edns->opts[0]));
	}
	r->has_edns = true;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_render_reserve(ditto_render_t *r, size_t n)
{
	REQUIRE(r != NULL && !r->in_unit);
	if (n > r->limit) {
		return DITTO_R_NOSPACE;
	}
	return reserve_delta(r, 0, n);
}

/* Undo everything written from `pos` on. */
static void
rollback(ditto_render_t *r, size_t pos)
{
	r->buf.pos = pos;
	r->buf.error = false;
	ditto_compress_rollback(&r->comp, pos);
}

ditto_result_t
ditto_render_question(ditto_render_t *r, const uint8_t *name, uint16_t type,
                      uint16_t rclass)
{
	REQUIRE(r != NULL && name != NULL && !r->in_unit);
	REQUIRE(r->section == DITTO_SECTION_QUESTION);
	size_t start = r->buf.pos;
	if (r->counts[DITTO_SECTION_QUESTION] == UINT16_MAX) {
		return DITTO_R_NOSPACE;
	}
	(void)ditto_compress_towire(&r->comp, name, true, &r->buf);
	ditto_buf_put16(&r->buf, type);
	ditto_buf_put16(&r->buf, rclass);
	if (r->buf.error) {
		rollback(r, start);
		return DITTO_R_NOSPACE;
	}
	r->counts[DITTO_SECTION_QUESTION]++;
	r->qend = r->buf.pos;
	return DITTO_R_SUCCESS;
}

void
ditto_render_begin_rrset(ditto_render_t *r, ditto_section_t section)
{
	REQUIRE(r != NULL && !r->in_unit);
	REQUIRE(section > DITTO_SECTION_QUESTION &&
	        section < DITTO_SECTION_COUNT && section >= r->section);
	r->section = section;
	r->in_unit = true;
	r->unit_failed = r->tc;
	r->unit_pos = r->buf.pos;
	r->unit_count = r->counts[section];
}

/* Wire length of a valid uncompressed name at p (avail bytes), or 0. */
static size_t
name_span(const uint8_t *p, size_t avail)
{
	size_t cur = 0;
	while (cur < avail) {
		uint8_t c = p[cur];
		if (c == 0) {
			return cur + 1;
		}
		if (c > DITTO_NAME_MAXLABEL || avail - cur - 1 < c ||
		    cur + (size_t)c + 2 > DITTO_NAME_MAXWIRE) {
			return 0;
		}
		cur += (size_t)c + 1;
	}
	return 0;
}

/*
 * ditto_rdata_towire() for the types most answers carry, with the same
 * output: the fixed fields copied, the names compressed as that type's
 * names are. Returns false (nothing written) for other types and for
 * rdata that is not exactly of the type's shape, which the general
 * function handles.
 */
static bool
rdata_fast(uint16_t type, const uint8_t *rd, size_t rdlen, ditto_compress_t *c,
           ditto_buf_t *b)
{
	size_t pre = 0, n1, n2 = 0;
	bool comp = true;
	switch (type) {
	case DITTO_TYPE_A:
	case DITTO_TYPE_AAAA:
		ditto_buf_putmem(b, rd, rdlen);
		return true;
	case DITTO_TYPE_NS:
	case DITTO_TYPE_CNAME:
	case DITTO_TYPE_PTR:
		break;
	case DITTO_TYPE_MX:
		pre = 2;
		break;
	case DITTO_TYPE_SRV:
		pre = 6;
		comp = false;
		break;
	case DITTO_TYPE_SOA:
		n1 = name_span(rd, rdlen);
		n2 = n1 > 0 ? name_span(rd + n1, rdlen - n1) : 0;
		if (n2 == 0 || rdlen - n1 - n2 != 20) {
			return false;
		}
		(void)ditto_compress_towire(c, rd, true, b);
		(void)ditto_compress_towire(c, rd + n1, true, b);
		ditto_buf_putmem(b, rd + n1 + n2, 20);
		return true;
	default:
		return false;
	}
	if (rdlen <= pre || (n1 = name_span(rd + pre, rdlen - pre)) == 0 ||
	    pre + n1 != rdlen) {
		return false;
	}
	ditto_buf_putmem(b, rd, pre);
	(void)ditto_compress_towire(c, rd + pre, comp, b);
	return true;
}

void
ditto_render_add(ditto_render_t *r, const uint8_t *owner, uint16_t type,
                 uint16_t rclass, uint32_t ttl, const uint8_t *rdata,
                 uint16_t rdlen)
{
	REQUIRE(r != NULL && r->in_unit && owner != NULL);
	REQUIRE(rdata != NULL || rdlen == 0);
	if (r->unit_failed) {
		return;
	}
	if (r->counts[r->section] == UINT16_MAX) {
		r->unit_failed = true;
		return;
	}
	ditto_buf_t *b = &r->buf;
	(void)ditto_compress_towire(&r->comp, owner, true, b);
	ditto_buf_put16(b, type);
	ditto_buf_put16(b, rclass);
	ditto_buf_put32(b, ttl);
	size_t lenpos = b->pos;
	ditto_buf_put16(b, 0);
	if (!b->error && rdlen > 0 &&
	    !rdata_fast(type, rdata, rdlen, &r->comp, b) &&
	    ditto_rdata_towire(type, rdata, rdlen, &r->comp, b) !=
	            DITTO_R_SUCCESS) {
		b->error = true;
	}
	if (b->error) {
		r->unit_failed = true;
		return;
	}
	ditto_write16(b->base + lenpos, (uint16_t)(b->pos - lenpos - 2));
	r->counts[r->section]++;
}

ditto_result_t
ditto_render_end_rrset(ditto_render_t *r, unsigned int flags)
{
	REQUIRE(r != NULL && r->in_unit);
	r->in_unit = false;
	if (r->tc) {
		return DITTO_R_TRUNCATED;
	}
	if (!r->unit_failed) {
		return DITTO_R_SUCCESS;
	}
	rollback(r, r->unit_pos);
	r->counts[r->section] = r->unit_count;
	if ((flags & DITTO_RENDER_OPTIONAL) != 0) {
		return DITTO_R_NOSPACE;
	}
	r->tc = true;
	return DITTO_R_TRUNCATED;
}

ditto_result_t
ditto_render_rr(ditto_render_t *r, ditto_section_t section,
                const ditto_rr_t *rr, unsigned int flags)
{
	return ditto_render_rrs(r, section, rr, 1, flags);
}

ditto_result_t
ditto_render_rrs(ditto_render_t *r, ditto_section_t section,
                 const ditto_rr_t *rrs, size_t n, unsigned int flags)
{
	REQUIRE(rrs != NULL || n == 0);
	ditto_render_begin_rrset(r, section);
	for (size_t i = 0; i < n; i++) {
		ditto_render_add(r, rrs[i].owner, rrs[i].type, rrs[i].rclass,
		                 rrs[i].ttl, rrs[i].rdata, rrs[i].rdlen);
	}
	return ditto_render_end_rrset(r, flags);
}

void
ditto_render_truncate(ditto_render_t *r)
{
	REQUIRE(r != NULL && !r->in_unit);
	rollback(r, r->qend);
	r->counts[DITTO_SECTION_ANSWER] = 0;
	r->counts[DITTO_SECTION_AUTHORITY] = 0;
	r->counts[DITTO_SECTION_ADDITIONAL] = 0;
	r->tc = true;
}

ditto_result_t
ditto_render_finish(ditto_render_t *r, size_t *len)
{
	REQUIRE(r != NULL && len != NULL && !r->in_unit);
	if (r->hdr.rcode > 0xf && !r->has_edns) {
		return DITTO_R_RANGE;
	}
	r->reserved = 0;
	set_room(r);
	if (r->has_edns) {
		r->edns.ext_rcode = (uint8_t)(r->hdr.rcode >> 4);
		ditto_result_t result = ditto_edns_towire(&r->edns, &r->buf);
		INSIST(result == DITTO_R_SUCCESS); /* its space was reserved */
		r->counts[DITTO_SECTION_ADDITIONAL]++;
		r->has_edns = false;
	}
	uint16_t flags = (uint16_t)((r->hdr.flags & DITTO_MSG_FLAGMASK) |
	                            ((r->hdr.opcode & 0xf) << 11) |
	                            (r->hdr.rcode & 0xf));
	if (r->tc) {
		flags |= DITTO_MSG_TC;
	}
	uint8_t *h = r->buf.base;
	ditto_write16(h, r->hdr.id);
	ditto_write16(h + 2, flags);
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		ditto_write16(h + 4 + 2 * s, r->counts[s]);
	}
	*len = r->buf.pos;
	return DITTO_R_SUCCESS;
}

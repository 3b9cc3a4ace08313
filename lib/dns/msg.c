/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS messages: parse (full and question-only) and render back.
 *
 * Both parsers walk the message once, front to back, with an explicit
 * offset that only grows, so the work is linear in the message length.
 * Counts from the header are never trusted: before a section's records
 * are allocated, its count is checked against the bytes left (a question
 * takes at least 5 bytes, a record at least 11), so the arena holds at
 * most len/5 entries.
 *
 * Rules beyond "every byte is in bounds" (RFC 6891, RFC 8945):
 *   - OPT only in the additional section, at most once, owner the root;
 *   - TSIG only as the last record of the additional section, at most
 *     once, class ANY, with rdata of the right shape;
 * all else FORMERR with the record number, section and byte offset.
 *
 * Rdata is decompressed by ditto_rdata_fromwire() into a per-thread
 * scratch buffer, then copied at its exact length into the arena.
 */
#include "dns/msg.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dns/rcode.h"
#include "dns/rdata.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "util/assert.h"

#define MIN_QUESTION 5  /* root name, type, class */
#define MIN_RR       11 /* root name, type, class, ttl, rdlength */

typedef struct parser {
	const uint8_t *wire;  /* the message */
	size_t len;           /* its length */
	size_t pos;           /* current offset */
	ditto_arena_t *arena; /* NULL: question-only parse */
	ditto_msg_t *msg;     /* output */
	ditto_err_t *err;     /* optional reason */
} parser_t;

static const char *const section_names[DITTO_SECTION_COUNT] = {
	"question", "answer", "authority", "additional"
};

const char *
ditto_msg_sectionname(ditto_section_t section)
{
	REQUIRE(section < DITTO_SECTION_COUNT);
	return section_names[section];
}

static void
parse_header(parser_t *p)
{
	ditto_msg_t *m = p->msg;
	const uint8_t *w = p->wire;
	uint16_t flags = ditto_read16(w + 2);
	memset(m, 0, offsetof(ditto_msg_t, qname));
	m->hdr.id = ditto_read16(w);
	m->hdr.flags = flags & DITTO_MSG_FLAGMASK;
	m->hdr.opcode = (uint8_t)((flags >> 11) & 0xf);
	m->hdr.rcode = flags & 0xf;
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		m->counts[s] = ditto_read16(w + 4 + 2 * s);
		m->rrs[s] = NULL;
		m->nrrs[s] = 0;
	}
	m->qnamelen = 0;
	m->qtype = m->qclass = 0;
	m->question_end = DITTO_MSG_HDRLEN;
	m->has_edns = false;
	m->opt_offset = 0;
	m->has_tsig = false;
	m->tsig_offset = 0;
	m->tsig_arcount = 0;
	m->truncated = false;
	m->wire = p->wire;
	m->wirelen = p->len;
	m->end = DITTO_MSG_HDRLEN;
	p->pos = DITTO_MSG_HDRLEN;
}

static ditto_result_t
rr_error(parser_t *p, ditto_result_t result, ditto_section_t s,
         unsigned int idx, size_t at, const char *what)
{
	ditto_err_setat(p->err, at, "record %u of %s: %s at offset %zu",
	                idx + 1, section_names[s], what, at);
	return result;
}

/* Read a (possibly compressed) name at p->pos into out. */
static ditto_result_t
read_name(parser_t *p, ditto_section_t s, unsigned int idx, uint8_t *out,
          size_t *outlen)
{
	size_t at = p->pos;
	ditto_result_t result =
	        ditto_name_fromwire(p->wire, p->len, &p->pos, out, outlen);
	if (result != DITTO_R_SUCCESS) {
		char what[96];
		snprintf(what, sizeof(what), "owner name: %s",
		         ditto_result_totext(result));
		return rr_error(p, result, s, idx, at, what);
	}
	return DITTO_R_SUCCESS;
}

/* Step over a name without decompressing it (question-only path). */
static ditto_result_t
skip_name(parser_t *p, ditto_section_t s, unsigned int idx)
{
	size_t at = p->pos, total = 0;
	for (;;) {
		if (p->pos >= p->len) {
			return rr_error(p, DITTO_R_UNEXPECTEDEND, s, idx, at,
			                "owner name runs past end");
		}
		uint8_t c = p->wire[p->pos];
		if (c == 0) {
			p->pos++;
			return DITTO_R_SUCCESS;
		}
		if ((c & 0xc0) == 0xc0) {
			if (p->len - p->pos < 2) {
				return rr_error(p, DITTO_R_UNEXPECTEDEND, s,
				                idx, at,
				                "owner name runs past end");
			}
			p->pos += 2;
			return DITTO_R_SUCCESS;
		}
		if ((c & 0xc0) != 0) {
			return rr_error(p, DITTO_R_BADLABELTYPE, s, idx, at,
			                "owner name has a bad label type");
		}
		total += (size_t)c + 1;
		if (total + 1 > DITTO_NAME_MAXWIRE) {
			return rr_error(p, DITTO_R_NAMETOOLONG, s, idx, at,
			                "owner name too long");
		}
		p->pos += (size_t)c + 1;
	}
}

/* The fixed part of a record after its owner. */
typedef struct rrhead {
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	size_t rdpos; /* offset of the rdata */
} rrhead_t;

static ditto_result_t
read_rrhead(parser_t *p, ditto_section_t s, unsigned int idx, rrhead_t *h)
{
	if (p->len - p->pos < 10) {
		return rr_error(p, DITTO_R_UNEXPECTEDEND, s, idx, p->pos,
		                "record header runs past end");
	}
	const uint8_t *w = p->wire + p->pos;
	h->type = ditto_read16(w);
	h->rclass = ditto_read16(w + 2);
	h->ttl = ditto_read32(w + 4);
	h->rdlen = ditto_read16(w + 8);
	h->rdpos = p->pos + 10;
	if (p->len - h->rdpos < h->rdlen) {
		return rr_error(p, DITTO_R_UNEXPECTEDEND, s, idx, h->rdpos,
		                "rdata runs past end");
	}
	p->pos = h->rdpos + h->rdlen;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
parse_opt(parser_t *p, ditto_section_t s, unsigned int idx, size_t start,
          const uint8_t *owner, const rrhead_t *h)
{
	ditto_msg_t *m = p->msg;
	if (s != DITTO_SECTION_ADDITIONAL) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "OPT record outside the additional section");
	}
	if (m->has_edns) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "second OPT record");
	}
	if (owner[0] != 0) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "OPT record owner is not the root");
	}
	ditto_result_t result =
	        ditto_edns_fromwire(h->rclass, h->ttl, p->wire + h->rdpos,
	                            h->rdlen, h->rdpos, &m->edns, p->err);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	m->has_edns = true;
	m->opt_offset = start;
	m->hdr.rcode =
	        (uint16_t)((m->edns.ext_rcode << 4) | (m->hdr.rcode & 0xf));
	return DITTO_R_SUCCESS;
}

/* TSIG rdata (RFC 8945 4.2): algorithm (uncompressed), time signed (6),
 * fudge (2), MAC size (2), MAC, original id (2), error (2), other len (2),
 * other data; nothing after. */
static bool
tsig_rdata_ok(const uint8_t *rd, size_t rdlen)
{
	size_t n;
	if (ditto_name_check(rd, rdlen, true, &n) != DITTO_R_SUCCESS) {
		return false;
	}
	if (rdlen - n < 10) {
		return false;
	}
	size_t maclen = ditto_read16(rd + n + 8);
	n += 10;
	if (rdlen - n < maclen + 6) {
		return false;
	}
	n += maclen + 4;
	size_t otherlen = ditto_read16(rd + n);
	n += 2;
	return rdlen - n == otherlen;
}

static ditto_result_t
parse_tsig(parser_t *p, ditto_section_t s, unsigned int idx, size_t start,
           const uint8_t *owner, size_t ownerlen, const rrhead_t *h)
{
	ditto_msg_t *m = p->msg;
	if (s != DITTO_SECTION_ADDITIONAL) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "TSIG record outside the additional section");
	}
	if (m->has_tsig || idx + 1 != m->counts[s]) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "TSIG record is not the last record");
	}
	if (h->rclass != DITTO_CLASS_ANY) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, start,
		                "TSIG record class is not ANY");
	}
	if (!tsig_rdata_ok(p->wire + h->rdpos, h->rdlen)) {
		return rr_error(p, DITTO_R_FORMERR, s, idx, h->rdpos,
		                "malformed TSIG rdata");
	}
	memcpy(m->tsig_owner, owner, ownerlen);
	m->tsig.owner = m->tsig_owner;
	m->tsig.type = h->type;
	m->tsig.rclass = h->rclass;
	m->tsig.ttl = h->ttl;
	m->tsig.rdlen = h->rdlen;
	m->tsig.rdata = p->wire + h->rdpos;
	m->tsig.file = NULL;
	m->tsig.line = 0;
	m->has_tsig = true;
	m->tsig_offset = start;
	m->tsig_arcount = m->counts[s];
	return DITTO_R_SUCCESS;
}

static _Thread_local uint8_t rdata_scratch[DITTO_RDATA_MAX];

/* Uncompressed rdata of an ordinary record into the arena. */
static ditto_result_t
parse_rdata(parser_t *p, ditto_section_t s, unsigned int idx, const rrhead_t *h,
            ditto_rr_t *rr)
{
	if (h->rdlen == 0 &&
	    (h->rclass == DITTO_CLASS_ANY || h->rclass == DITTO_CLASS_NONE)) {
		rr->rdata = NULL;
		rr->rdlen = 0;
		return DITTO_R_SUCCESS;
	}
	size_t outlen = 0;
	ditto_err_t rerr;
	rerr.msg[0] = '\0';
	ditto_result_t result = ditto_rdata_fromwire(
	        h->type, p->wire, p->len, h->rdpos, h->rdlen, rdata_scratch,
	        sizeof(rdata_scratch), &outlen, &rerr);
	if (result == DITTO_R_SUCCESS && outlen > UINT16_MAX) {
		result = DITTO_R_FORMERR;
		snprintf(rerr.msg, sizeof(rerr.msg), "rdata too long");
	}
	if (result != DITTO_R_SUCCESS) {
		char what[DITTO_ERR_MAXMSG];
		char tname[DITTO_RRTYPE_MAXTEXT];
		if (rerr.msg[0] != '\0') {
			snprintf(what, sizeof(what), "%s", rerr.msg);
		} else if (ditto_rrtype_totext(h->type, tname, sizeof(tname)) ==
		           DITTO_R_SUCCESS) {
			snprintf(what, sizeof(what), "bad %s rdata (%s)", tname,
			         ditto_result_totext(result));
		} else {
			snprintf(what, sizeof(what), "bad rdata");
		}
		return rr_error(p, result, s, idx, h->rdpos, what);
	}
	rr->rdata = ditto_arena_memdup(p->arena, rdata_scratch, outlen);
	rr->rdlen = (uint16_t)outlen;
	return DITTO_R_SUCCESS;
}

/* One record of an answer/authority/additional section. */
static ditto_result_t
parse_rr(parser_t *p, ditto_section_t s, unsigned int idx)
{
	ditto_msg_t *m = p->msg;
	ditto_name_storage_t owner;
	size_t ownerlen = 0;
	size_t start = p->pos;
	ditto_result_t result;
	rrhead_t h;

	bool full = p->arena != NULL;
	if (full || s == DITTO_SECTION_ADDITIONAL) {
		result = read_name(p, s, idx, owner, &ownerlen);
	} else {
		result = skip_name(p, s, idx);
	}
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	CHECK(read_rrhead(p, s, idx, &h));
	if (h.type == DITTO_TYPE_OPT) {
		return parse_opt(p, s, idx, start, owner, &h);
	}
	if (h.type == DITTO_TYPE_TSIG) {
		return parse_tsig(p, s, idx, start, owner, ownerlen, &h);
	}
	if (!full) {
		return DITTO_R_SUCCESS;
	}
	ditto_rr_t *rr = &m->rrs[s][m->nrrs[s]];
	rr->owner = ditto_arena_memdup(p->arena, owner, ownerlen);
	rr->type = h.type;
	rr->rclass = h.rclass;
	rr->ttl = h.ttl;
	rr->file = NULL;
	rr->line = 0;
	CHECK(parse_rdata(p, s, idx, &h, rr));
	m->nrrs[s]++;
cleanup:
	return result;
}

static ditto_result_t
parse_question(parser_t *p, unsigned int idx)
{
	ditto_msg_t *m = p->msg;
	ditto_name_storage_t name;
	size_t namelen = 0;
	ditto_result_t result;

	CHECK(read_name(p, DITTO_SECTION_QUESTION, idx, name, &namelen));
	if (p->len - p->pos < 4) {
		return rr_error(p, DITTO_R_UNEXPECTEDEND,
		                DITTO_SECTION_QUESTION, idx, p->pos,
		                "question runs past end");
	}
	uint16_t type = ditto_read16(p->wire + p->pos);
	uint16_t rclass = ditto_read16(p->wire + p->pos + 2);
	p->pos += 4;
	if (idx == 0) {
		memcpy(m->qname, name, namelen);
		m->qnamelen = namelen;
		m->qtype = type;
		m->qclass = rclass;
		m->has_question = true;
	}
	if (p->arena != NULL) {
		ditto_rr_t *rr = &m->rrs[DITTO_SECTION_QUESTION][idx];
		memset(rr, 0, sizeof(*rr));
		rr->owner =
		        idx == 0 ? m->qname
		                 : ditto_arena_memdup(p->arena, name, namelen);
		rr->type = type;
		rr->rclass = rclass;
		m->nrrs[DITTO_SECTION_QUESTION]++;
	}
cleanup:
	return result;
}

/* How many entries of section s the bytes left can hold. */
static ditto_result_t
check_count(parser_t *p, ditto_section_t s, unsigned int *cap)
{
	size_t min = s == DITTO_SECTION_QUESTION ? MIN_QUESTION : MIN_RR;
	size_t fits = (p->len - p->pos) / min;
	unsigned int count = p->msg->counts[s];
	if (count <= fits) {
		*cap = count;
		return DITTO_R_SUCCESS;
	}
	*cap = (unsigned int)fits;
	ditto_err_setat(p->err, p->pos,
	                "%s count %u exceeds what the %zu bytes left can "
	                "hold at offset %zu",
	                section_names[s], count, p->len - p->pos, p->pos);
	return DITTO_R_UNEXPECTEDEND;
}

static bool
tc_stop(parser_t *p, unsigned int options, ditto_result_t result)
{
	return result == DITTO_R_UNEXPECTEDEND &&
	       (options & DITTO_MSG_PARSE_TCOK) != 0 &&
	       (p->msg->hdr.flags & DITTO_MSG_TC) != 0;
}

/* One section; *stop when a TC message ended early. */
static ditto_result_t
parse_section(parser_t *p, ditto_section_t s, unsigned int options, bool *stop)
{
	ditto_msg_t *m = p->msg;
	unsigned int cap = 0;
	ditto_result_t result = check_count(p, s, &cap);
	if (result != DITTO_R_SUCCESS && !tc_stop(p, options, result)) {
		return result;
	}
	if (p->arena != NULL && cap > 0) {
		m->rrs[s] = ditto_arena_alloc(p->arena,
		                              (size_t)cap * sizeof(ditto_rr_t));
	}
	for (unsigned int i = 0; i < m->counts[s]; i++) {
		size_t start = p->pos;
		if (i >= cap) {
			result = DITTO_R_UNEXPECTEDEND;
		} else if (s == DITTO_SECTION_QUESTION) {
			result = parse_question(p, i);
		} else {
			result = parse_rr(p, s, i);
		}
		if (tc_stop(p, options, result)) {
			p->pos = start;
			m->truncated = true;
			*stop = true;
			return DITTO_R_SUCCESS;
		}
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
		m->end = p->pos;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
parse_common(parser_t *p, unsigned int options)
{
	if (p->len < DITTO_MSG_HDRLEN) {
		ditto_err_setat(p->err, 0,
		                "message of %zu bytes is shorter than the "
		                "header",
		                p->len);
		return DITTO_R_UNEXPECTEDEND;
	}
	parse_header(p);
	bool stop = false;
	for (int s = 0; s < DITTO_SECTION_COUNT && !stop; s++) {
		ditto_result_t result =
		        parse_section(p, (ditto_section_t)s, options, &stop);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
		if (s == DITTO_SECTION_QUESTION) {
			p->msg->question_end = p->pos;
		}
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_msg_parse(const uint8_t *wire, size_t len, unsigned int options,
                ditto_arena_t *arena, ditto_msg_t *msg, ditto_err_t *err)
{
	REQUIRE(wire != NULL || len == 0);
	REQUIRE(arena != NULL && msg != NULL);
	parser_t p = {
		.wire = wire, .len = len, .arena = arena, .msg = msg, .err = err
	};
	return parse_common(&p, options);
}

/*
 * The OPT record that ends the usual EDNS query, at p->pos: owner the root
 * (uncompressed), type OPT, rdata within the message. Sets what
 * parse_opt() would; false (nothing decided) for anything else and for a
 * bad option, which the full parser then reports.
 */
static bool
fast_opt(parser_t *p)
{
	const uint8_t *w = p->wire + p->pos;
	size_t left = p->len - p->pos;
	if (left < MIN_RR || w[0] != 0 ||
	    ditto_read16(w + 1) != DITTO_TYPE_OPT) {
		return false;
	}
	uint16_t rdlen = ditto_read16(w + 9);
	if (left - MIN_RR < rdlen) {
		return false;
	}
	ditto_msg_t *m = p->msg;
	size_t rdpos = p->pos + MIN_RR;
	if (ditto_edns_fromwire(ditto_read16(w + 3), ditto_read32(w + 5),
	                        p->wire + rdpos, rdlen, rdpos, &m->edns,
	                        NULL) != DITTO_R_SUCCESS) {
		return false;
	}
	m->has_edns = true;
	m->opt_offset = p->pos;
	m->hdr.rcode =
	        (uint16_t)((m->edns.ext_rcode << 4) | (m->hdr.rcode & 0xf));
	p->pos = m->end = rdpos + rdlen;
	return true;
}

/*
 * The usual query: one question with an uncompressed name and no records,
 * or with just an OPT record (fast_opt()). Sets what parse_common() would;
 * false (nothing decided) for anything else, which parse_common() then
 * reads from the start.
 */
static bool
fast_question(parser_t *p)
{
	const uint8_t *w = p->wire;
	size_t len = p->len, pos = DITTO_MSG_HDRLEN;
	if (len < DITTO_MSG_HDRLEN + MIN_QUESTION || ditto_read16(w + 4) != 1 ||
	    (w[6] | w[7] | w[8] | w[9] | w[10]) != 0 || w[11] > 1) {
		return false;
	}
	for (;;) {
		uint8_t c = w[pos];
		if (c == 0) {
			break;
		}
		if (c > DITTO_NAME_MAXLABEL ||
		    pos - DITTO_MSG_HDRLEN + c + 2 > DITTO_NAME_MAXWIRE ||
		    len - pos - 1 <= c) {
			return false;
		}
		pos += (size_t)c + 1;
	}
	size_t namelen = pos + 1 - DITTO_MSG_HDRLEN;
	pos++;
	if (len - pos < 4) {
		return false;
	}
	parse_header(p);
	ditto_msg_t *m = p->msg;
	memcpy(m->qname, w + DITTO_MSG_HDRLEN, namelen);
	m->qnamelen = namelen;
	m->qtype = ditto_read16(w + pos);
	m->qclass = ditto_read16(w + pos + 2);
	m->has_question = true;
	p->pos = m->question_end = m->end = pos + 4;
	return w[11] == 0 || fast_opt(p);
}

ditto_result_t
ditto_msg_parse_query(const uint8_t *wire, size_t len, ditto_msg_t *msg,
                      ditto_err_t *err)
{
	REQUIRE(wire != NULL || len == 0);
	REQUIRE(msg != NULL);
	parser_t p = {
		.wire = wire, .len = len, .arena = NULL, .msg = msg, .err = err
	};
	msg->has_question = false; /* defined on every path, see msg.h */
	if (len >= DITTO_MSG_HDRLEN && ditto_read16(wire + 4) > 1) {
		ditto_err_setat(err, 4, "%u questions in a query",
		                ditto_read16(wire + 4));
		return DITTO_R_FORMERR;
	}
	if (fast_question(&p)) {
		return DITTO_R_SUCCESS;
	}
	return parse_common(&p, 0);
}

/* Copy a record verbatim (used for TSIG, which must not be altered). */
static void
put_raw_rr(ditto_buf_t *b, const ditto_rr_t *rr)
{
	ditto_buf_putmem(b, rr->owner, ditto_name_length(rr->owner));
	ditto_buf_put16(b, rr->type);
	ditto_buf_put16(b, rr->rclass);
	ditto_buf_put32(b, rr->ttl);
	ditto_buf_put16(b, rr->rdlen);
	ditto_buf_putmem(b, rr->rdata, rr->rdlen);
}

ditto_result_t
ditto_msg_towire(const ditto_msg_t *msg, uint8_t *buf, size_t size, size_t *len)
{
	REQUIRE(msg != NULL && buf != NULL && len != NULL);
	if (size < DITTO_MSG_HDRLEN) {
		return DITTO_R_NOSPACE;
	}
	ditto_render_t r;
	ditto_result_t result;
	size_t tsiglen = 0;
	ditto_render_begin(&r, buf, size, DITTO_MSG_MAXSIZE, &msg->hdr);
	if (msg->has_edns) {
		CHECK(ditto_render_setedns(&r, &msg->edns));
	}
	if (msg->has_tsig) {
		tsiglen = ditto_name_length(msg->tsig.owner) + 10 +
		          msg->tsig.rdlen;
		CHECK(ditto_render_reserve(&r, tsiglen));
	}
	for (unsigned int i = 0; i < msg->nrrs[DITTO_SECTION_QUESTION]; i++) {
		const ditto_rr_t *q = &msg->rrs[DITTO_SECTION_QUESTION][i];
		CHECK(ditto_render_question(&r, q->owner, q->type, q->rclass));
	}
	for (int s = DITTO_SECTION_ANSWER; s < DITTO_SECTION_COUNT; s++) {
		for (unsigned int i = 0; i < msg->nrrs[s]; i++) {
			result = ditto_render_rr(&r, (ditto_section_t)s,
			                         &msg->rrs[s][i],
			                         DITTO_RENDER_OPTIONAL);
			if (result != DITTO_R_SUCCESS) {
				CLEANUP(DITTO_R_NOSPACE);
			}
		}
	}
	CHECK(ditto_render_finish(&r, len));
	if (msg->has_tsig) {
		ditto_buf_t b = r.buf;
		put_raw_rr(&b, &msg->tsig);
		INSIST(!b.error);
		ditto_write16(buf + 10, (uint16_t)(ditto_read16(buf + 10) + 1));
		*len = b.pos;
	}
cleanup:
	return result;
}

/* Text output: an appender that fails once the buffer is full. */
typedef struct textout {
	char *buf;
	size_t size, pos;
	bool full;
} textout_t;

static void out_fmt(textout_t *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
out_fmt(textout_t *o, const char *fmt, ...)
{
	if (o->full) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->pos, o->size - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->pos) {
		o->full = true;
		o->buf[o->pos] = '\0';
		return;
	}
	o->pos += (size_t)n;
}

static void
text_header(textout_t *o, const ditto_msg_t *m)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} flags[] = { { DITTO_MSG_QR, "qr" }, { DITTO_MSG_AA, "aa" },
		      { DITTO_MSG_TC, "tc" }, { DITTO_MSG_RD, "rd" },
		      { DITTO_MSG_RA, "ra" }, { DITTO_MSG_AD, "ad" },
		      { DITTO_MSG_CD, "cd" } };
	char op[8], rc[8];
	if (ditto_rcode_opcodetotext(m->hdr.opcode, op, sizeof(op)) !=
	            DITTO_R_SUCCESS ||
	    ditto_rcode_totext(m->hdr.rcode, rc, sizeof(rc)) !=
	            DITTO_R_SUCCESS) {
		o->full = true;
		return;
	}
	out_fmt(o,
	        ";; ->>HEADER<<- opcode: %s, status: %s, id: %u\n;; flags:", op,
	        rc, m->hdr.id);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if ((m->hdr.flags & flags[i].bit) != 0) {
			out_fmt(o, " %s", flags[i].name);
		}
	}
	out_fmt(o, "; QUERY: %u, ANSWER: %u, AUTHORITY: %u, ADDITIONAL: %u\n",
	        m->counts[0], m->counts[1], m->counts[2], m->counts[3]);
}

static void
text_edns(textout_t *o, const ditto_edns_t *e)
{
	out_fmt(o,
	        "\n;; OPT PSEUDOSECTION:\n; EDNS: version: %u, flags:%s; "
	        "udp: %u\n",
	        e->version, (e->flags & DITTO_EDNS_FLAG_DO) != 0 ? " do" : "",
	        e->udpsize);
	for (unsigned int i = 0; i < e->nopts; i++) {
		const char *name = ditto_edns_optname(e->opts[i].code);
		if (name != NULL) {
			out_fmt(o, "; %s:", name);
		} else {
			out_fmt(o, "; OPT=%u:", e->opts[i].code);
		}
		for (uint16_t j = 0; j < e->opts[i].len; j++) {
			out_fmt(o, "%s%02x", j == 0 ? " " : "",
			        e->opts[i].data[j]);
		}
		out_fmt(o, "\n");
	}
}

static void
text_rr(textout_t *o, const ditto_rr_t *rr, bool question)
{
	char name[DITTO_NAME_MAXTEXT], type[DITTO_RRTYPE_MAXTEXT],
	        cls[DITTO_RRTYPE_MAXTEXT];
	if (ditto_name_totext(rr->owner, NULL, name, sizeof(name), NULL) !=
	            DITTO_R_SUCCESS ||
	    ditto_rrtype_totext(rr->type, type, sizeof(type)) !=
	            DITTO_R_SUCCESS ||
	    ditto_rrclass_totext(rr->rclass, cls, sizeof(cls)) !=
	            DITTO_R_SUCCESS) {
		o->full = true;
		return;
	}
	if (question) {
		out_fmt(o, ";%s\t\t%s\t%s\n", name, cls, type);
		return;
	}
	out_fmt(o, "%s\t%u\t%s\t%s\t", name, rr->ttl, cls, type);
	if (o->full) {
		return;
	}
	size_t len = 0;
	if (rr->rdlen == 0 ||
	    ditto_rdata_totext(rr->type, rr->rdata, rr->rdlen, NULL,
	                       o->buf + o->pos, o->size - o->pos,
	                       &len) != DITTO_R_SUCCESS) {
		out_fmt(o, "\\# %u", rr->rdlen);
		for (uint16_t j = 0; j < rr->rdlen; j++) {
			out_fmt(o, "%s%02X", j == 0 ? " " : "", rr->rdata[j]);
		}
	} else {
		o->pos += len;
	}
	out_fmt(o, "\n");
}

ditto_result_t
ditto_msg_totext(const ditto_msg_t *msg, char *buf, size_t size, size_t *len)
{
	static const char *const titles[DITTO_SECTION_COUNT] = {
		"QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL"
	};
	REQUIRE(msg != NULL && buf != NULL && len != NULL);
	if (size == 0) {
		return DITTO_R_NOSPACE;
	}
	textout_t o = { .buf = buf, .size = size, .pos = 0, .full = false };
	buf[0] = '\0';
	text_header(&o, msg);
	if (msg->has_edns) {
		text_edns(&o, &msg->edns);
	}
	for (int s = 0; s < DITTO_SECTION_COUNT; s++) {
		if (msg->nrrs[s] == 0 &&
		    !(s == DITTO_SECTION_ADDITIONAL && msg->has_tsig)) {
			continue;
		}
		out_fmt(&o, "\n;; %s SECTION:\n", titles[s]);
		for (unsigned int i = 0; i < msg->nrrs[s]; i++) {
			text_rr(&o, &msg->rrs[s][i],
			        s == DITTO_SECTION_QUESTION);
		}
	}
	if (msg->has_tsig) {
		text_rr(&o, &msg->tsig, false);
	}
	if (o.full) {
		return DITTO_R_NOSPACE;
	}
	*len = o.pos;
	return DITTO_R_SUCCESS;
}

uint16_t
ditto_msg_randomid(void)
{
	uint16_t id = 0;
	if (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		id = (uint16_t)(ts.tv_nsec ^ ts.tv_sec);
	}
	return id;
}

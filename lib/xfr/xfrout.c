/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Outgoing zone transfers: request checks, the AXFR walk, message packing.
 *
 * A stream is a cursor over the records to send (opening SOA, the pinned
 * version's trees or the fed IXFR steps, closing SOA) and a packer that
 * writes records from the cursor into one message at a time. The packer
 * writes straight into the caller's buffer: the header, the question (in
 * the first message only, as named does), then records until the next
 * one does not fit below the message's limit; that record is rolled back
 * and opens the next message. Names are compressed through one table per
 * message, and a record whose owner is the previous record's owner gets a
 * plain pointer to it without a table lookup. Nothing is allocated per
 * record or per message.
 */
#include "xfr/xfrout.h"

#include <stdlib.h>
#include <string.h>

#include "dns/compress.h"
#include "dns/rcode.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/buf.h"
#include "xfr/serial.h"
#include "xfr/xfrout_p.h"
#include "zone/node.h"

#define DEFAULT_MSGSIZE 20480
#define MAXTARGET       0x4000 /* compression pointers are 14 bits */

/* --- the request ------------------------------------------------------ */

/* Wire length of a valid uncompressed name in p[0..avail), or 0. */
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

/* The serial of SOA rdata, when the rdata has the SOA shape. */
static bool
soa_serial(const uint8_t *rd, size_t rdlen, uint32_t *serial)
{
	size_t n1 = name_span(rd, rdlen);
	size_t n2 = n1 > 0 ? name_span(rd + n1, rdlen - n1) : 0;
	if (n2 == 0 || rdlen - n1 - n2 != 20) {
		return false;
	}
	*serial = ditto_read32(rd + n1 + n2);
	return true;
}

static ditto_result_t
request_ixfr(const ditto_msg_t *msg, ditto_xfrout_req_t *req, ditto_err_t *err)
{
	if (msg->counts[DITTO_SECTION_AUTHORITY] != 1 ||
	    msg->nrrs[DITTO_SECTION_AUTHORITY] != 1 ||
	    msg->rrs[DITTO_SECTION_AUTHORITY] == NULL) {
		ditto_err_set(err,
		              "IXFR request with %u authority records "
		              "(one SOA expected)",
		              msg->counts[DITTO_SECTION_AUTHORITY]);
		return DITTO_R_FORMERR;
	}
	const ditto_rr_t *rr = &msg->rrs[DITTO_SECTION_AUTHORITY][0];
	if (rr->type != DITTO_TYPE_SOA) {
		ditto_err_set(err, "IXFR request authority record is not a "
		                   "SOA");
		return DITTO_R_FORMERR;
	}
	if (!ditto_name_equal(rr->owner, req->qname)) {
		ditto_err_set(err, "IXFR request SOA owner is not the "
		                   "question name");
		return DITTO_R_FORMERR;
	}
	if (rr->rclass != req->qclass) {
		ditto_err_set(err, "IXFR request SOA class differs from the "
		                   "question class");
		return DITTO_R_FORMERR;
	}
	if (rr->rdata == NULL ||
	    !soa_serial(rr->rdata, rr->rdlen, &req->serial)) {
		ditto_err_set(err, "IXFR request SOA rdata is malformed");
		return DITTO_R_FORMERR;
	}
	req->has_serial = true;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_xfrout_request(const ditto_msg_t *msg, ditto_xfrout_req_t *out,
                     ditto_err_t *err)
{
	REQUIRE(msg != NULL && out != NULL);
	ditto_xfrout_req_t req;
	ditto_err_t scratch;
	if (err == NULL) {
		err = &scratch;
	}
	if ((msg->hdr.flags & DITTO_MSG_QR) != 0) {
		ditto_err_set(err, "transfer request is a response");
		return DITTO_R_FORMERR;
	}
	if (msg->hdr.opcode != DITTO_OPCODE_QUERY) {
		ditto_err_set(err, "transfer request opcode %u is not QUERY",
		              msg->hdr.opcode);
		return DITTO_R_FORMERR;
	}
	if (msg->counts[DITTO_SECTION_QUESTION] != 1 || !msg->has_question) {
		ditto_err_set(err, "transfer request with %u questions",
		              msg->counts[DITTO_SECTION_QUESTION]);
		return DITTO_R_FORMERR;
	}
	if (msg->qtype != DITTO_TYPE_AXFR && msg->qtype != DITTO_TYPE_IXFR) {
		ditto_err_set(err, "question type %u is not AXFR or IXFR",
		              msg->qtype);
		return DITTO_R_FORMERR;
	}
	if (msg->counts[DITTO_SECTION_ANSWER] != 0) {
		ditto_err_set(err, "transfer request with %u answer records",
		              msg->counts[DITTO_SECTION_ANSWER]);
		return DITTO_R_FORMERR;
	}
	memset(&req, 0, sizeof(req));
	req.id = msg->hdr.id;
	req.flags = msg->hdr.flags & (DITTO_MSG_RD | DITTO_MSG_CD);
	req.qtype = msg->qtype;
	req.qclass = msg->qclass;
	ditto_name_copy(req.qname, msg->qname);
	if (req.qtype == DITTO_TYPE_IXFR) {
		ditto_result_t result = request_ixfr(msg, &req, err);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	} else if (msg->counts[DITTO_SECTION_AUTHORITY] != 0) {
		ditto_err_set(err, "AXFR request with %u authority records",
		              msg->counts[DITTO_SECTION_AUTHORITY]);
		return DITTO_R_FORMERR;
	}
	*out = req;
	return DITTO_R_SUCCESS;
}

/* --- creation --------------------------------------------------------- */

static ditto_result_t
create(const ditto_xfrout_req_t *req, ditto_version_t *v,
       const ditto_xfrout_opts_t *opts, const ditto_xfr_tsig_t *tsig,
       xo_mode_t mode, ditto_xfrout_t **out)
{
	REQUIRE(req != NULL && v != NULL && out != NULL && *out == NULL);
	REQUIRE(!ditto_version_writable(v));
	const ditto_node_t *apex = ditto_version_apex(v);
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint32_t serial;
	if (soa == NULL || !ditto_version_serial(v, &serial)) {
		return DITTO_R_NOTFOUND;
	}
	ditto_xfrout_t *x = ditto_calloc(1, sizeof(*x));
	x->req = *req;
	x->msgsize = DEFAULT_MSGSIZE;
	if (opts != NULL) {
		if (opts->msgsize != 0) {
			x->msgsize = opts->msgsize;
		}
		x->one_answer = opts->one_answer;
	}
	if (x->msgsize > DITTO_MSG_MAXSIZE) {
		x->msgsize = DITTO_MSG_MAXSIZE;
	}
	if (tsig != NULL) {
		x->tsig = *tsig;
		x->has_tsig = tsig->sign != NULL;
	}
	ditto_version_attach(v, &x->version);
	x->rclass = ditto_version_class(v);
	x->serial = serial;
	x->soa.owner = ditto_node_name(apex);
	x->soa.type = DITTO_TYPE_SOA;
	x->soa.ttl = soa->ttl;
	x->soa.rdata = ditto_rrset_rdata(soa, 0, &x->soa.rdlen);
	x->mode = mode;
	x->phase = XO_SOA1;
	ditto_arena_init(&x->arena, 0);
	*out = x;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_xfrout_axfr(const ditto_xfrout_req_t *req, ditto_version_t *v,
                  const ditto_xfrout_opts_t *opts, const ditto_xfr_tsig_t *tsig,
                  ditto_xfrout_t **out)
{
	return create(req, v, opts, tsig, XO_MODE_AXFR, out);
}

ditto_result_t
ditto_xfrout_ixfr(const ditto_xfrout_req_t *req, ditto_version_t *v,
                  const ditto_xfrout_opts_t *opts, const ditto_xfr_tsig_t *tsig,
                  ditto_xfrout_t **out)
{
	return create(req, v, opts, tsig, XO_MODE_IXFR, out);
}

void
ditto_xfrout_destroy(ditto_xfrout_t **xp)
{
	REQUIRE(xp != NULL);
	ditto_xfrout_t *x = *xp;
	if (x == NULL) {
		return;
	}
	*xp = NULL;
	ditto__xfrout_freesteps(x);
	ditto_arena_clear(&x->arena);
	ditto_free(x->order);
	ditto_version_detach(&x->version);
	ditto_free(x);
}

void
ditto_xfrout_getstats(const ditto_xfrout_t *x, ditto_xfrout_stats_t *st)
{
	REQUIRE(x != NULL && st != NULL);
	*st = x->stats;
}

uint32_t
ditto_xfrout_serial(const ditto_xfrout_t *x)
{
	REQUIRE(x != NULL);
	return x->serial;
}

bool
ditto_xfrout_incremental(const ditto_xfrout_t *x)
{
	REQUIRE(x != NULL);
	return x->mode == XO_MODE_IXFR && x->nsteps > 0;
}

uint64_t
ditto_xfrout_steprecords(const ditto_xfrout_t *x)
{
	REQUIRE(x != NULL);
	return x->steprecs;
}

/* --- the AXFR walk ---------------------------------------------------- */

/* Fill x->order with the RRsets of x->node (the apex SOA left out: it
 * opens and closes the stream) and position the rdata cursor. */
static void
load_node(ditto_xfrout_t *x)
{
	const ditto_node_t *node = x->node;
	unsigned int n = ditto_node_count(node);
	if (n > x->ordercap) {
		x->ordercap = n < 16 ? 16 : n;
		x->order = ditto_realloc(x->order,
		                         x->ordercap * sizeof(x->order[0]));
	}
	bool apex =
	        x->phase == XO_MAIN && ditto_node_name(node) == x->soa.owner;
	unsigned int m = ditto_node_dumporder(node, apex, x->order);
	x->norder = m;
	x->oidx = 0;
	if (m > 0) {
		ditto_rrset_it_init(x->order[0], &x->rit);
	} else {
		x->rit.rdata = NULL;
	}
}

/* Move the AXFR cursor to a valid record, through the nodes of the main
 * tree, then the NSEC3 tree, then on to the closing SOA. Every step moves
 * forward in a finite walk. */
static void
settle_trees(ditto_xfrout_t *x)
{
	while (x->phase == XO_MAIN || x->phase == XO_NSEC3) {
		if (x->node != NULL && x->rit.rdata != NULL) {
			return;
		}
		if (x->node != NULL && x->oidx + 1 < x->norder) {
			x->oidx++;
			ditto_rrset_it_init(x->order[x->oidx], &x->rit);
			continue;
		}
		const ditto_tree_t *tree =
		        x->phase == XO_MAIN
		                ? ditto_version_tree(x->version)
		                : ditto_version_nsec3tree(x->version);
		x->node = x->node == NULL ? ditto_tree_first(tree, &x->it)
		                          : ditto_tree_next(&x->it);
		if (x->node != NULL) {
			load_node(x);
			continue;
		}
		x->phase = x->phase == XO_MAIN ? XO_NSEC3 : XO_SOA2;
	}
}

/* Make the cursor point at a record to send, or reach XO_DONE. */
static void
settle(ditto_xfrout_t *x)
{
	if (x->phase == XO_MAIN || x->phase == XO_NSEC3) {
		settle_trees(x);
	} else if (x->phase == XO_STEPS) {
		ditto__xfrout_settle_steps(x);
	}
}

/* The record under the cursor (settled), or false at the end. */
static bool
current(const ditto_xfrout_t *x, xo_rec_t *rec)
{
	switch (x->phase) {
	case XO_SOA1:
	case XO_SOA2:
		*rec = x->soa;
		return true;
	case XO_MAIN:
	case XO_NSEC3: {
		const ditto_rrset_t *s = x->order[x->oidx];
		rec->owner = ditto_node_name(x->node);
		rec->type = s->type;
		rec->ttl = s->ttl;
		rec->rdata = x->rit.rdata;
		rec->rdlen = x->rit.rdlen;
		return true;
	}
	case XO_STEPS:
		*rec = *ditto__xfrout_steprec(x);
		return true;
	case XO_DONE:
	default:
		return false;
	}
}

static void
advance(ditto_xfrout_t *x)
{
	switch (x->phase) {
	case XO_SOA1:
		if (x->mode == XO_MODE_AXFR) {
			x->phase = XO_MAIN;
			x->node = NULL;
		} else if (x->nsteps > 0) {
			x->phase = XO_STEPS;
			x->si = 0;
			x->ri = 0;
		} else {
			x->phase = XO_DONE; /* the client is current */
		}
		break;
	case XO_MAIN:
	case XO_NSEC3:
		ditto_rrset_it_next(&x->rit);
		break;
	case XO_STEPS:
		x->ri++;
		break;
	case XO_SOA2:
	case XO_DONE:
	default:
		x->phase = XO_DONE;
		break;
	}
	settle(x);
}

/* --- packing ---------------------------------------------------------- */

/* Rdata of the common types without the general walker; false (nothing
 * written) when the type is another or the rdata not of its shape. */
static bool
rdata_fast(const xo_rec_t *r, ditto_compress_t *c, ditto_buf_t *b)
{
	size_t pre = 0, n;
	switch (r->type) {
	case DITTO_TYPE_A:
	case DITTO_TYPE_AAAA:
		ditto_buf_putmem(b, r->rdata, r->rdlen);
		return true;
	case DITTO_TYPE_NS:
	case DITTO_TYPE_CNAME:
	case DITTO_TYPE_PTR:
		break;
	case DITTO_TYPE_MX:
		pre = 2;
		break;
	default:
		return false;
	}
	if (r->rdlen <= pre ||
	    (n = name_span(r->rdata + pre, r->rdlen - pre)) == 0 ||
	    pre + n != r->rdlen) {
		return false;
	}
	ditto_buf_putmem(b, r->rdata, pre);
	(void)ditto_compress_towire(c, r->rdata + pre, true, b);
	return true;
}

/*
 * Owners are compressed against the previous owner only, not through the
 * table: in canonical order an owner shares its longest suffix with the
 * one before it (at least the zone's name), and a table lookup would cost
 * a walk over every sibling label already in the message. The first owner
 * of the first message points into the question.
 */
static void
remember(ditto_xfrout_t *x, const uint8_t *name, size_t base, unsigned int n,
         const uint16_t *lab, unsigned int hit, const uint16_t *prevoff)
{
	uint16_t off[DITTO_NAME_MAXLABELS];
	for (unsigned int t = 0; t < n; t++) {
		size_t o = base + lab[t];
		off[t] = t < hit ? (o < MAXTARGET ? (uint16_t)o : 0)
		                 : prevoff[t];
	}
	memcpy(x->prevlab, lab, n * sizeof(lab[0]));
	memcpy(x->prevoff, off, n * sizeof(off[0]));
	x->prevlabels = n;
	x->prev = name;
}

static void
put_owner(ditto_xfrout_t *x, const uint8_t *owner, ditto_buf_t *b)
{
	uint16_t lab[DITTO_NAME_MAXLABELS];
	uint16_t match[DITTO_NAME_MAXLABELS]; /* prevoff aligned to owner */
	unsigned int n = 0;
	size_t pos = 0;
	while (owner[pos] != 0 && n < DITTO_NAME_MAXLABELS) {
		lab[n++] = (uint16_t)pos;
		pos += (size_t)owner[pos] + 1;
	}
	/* the common suffix, label by label from the end, exact case */
	unsigned int i = n, j = x->prev != NULL ? x->prevlabels : 0;
	while (i > 0 && j > 0) {
		const uint8_t *l1 = owner + lab[i - 1];
		const uint8_t *l2 = x->prev + x->prevlab[j - 1];
		if (l1[0] != l2[0] || memcmp(l1 + 1, l2 + 1, l1[0]) != 0) {
			break;
		}
		i--;
		j--;
		match[i] = x->prevoff[j];
	}
	unsigned int hit = i;
	while (hit < n && match[hit] == 0) {
		hit++;
	}
	size_t plen = hit < n ? lab[hit] : pos;
	if (!ditto_buf_need(b, plen + (hit < n ? 2 : 1))) {
		return;
	}
	size_t base = b->pos;
	uint8_t *w = b->base + base;
	memcpy(w, owner, plen);
	if (hit < n) {
		ditto_write16(w + plen, (uint16_t)(0xc000 | match[hit]));
		b->pos += plen + 2;
	} else {
		w[plen] = 0;
		b->pos += plen + 1;
	}
	if (owner != x->prev || hit != 0) {
		remember(x, owner, base, n, lab, hit, match);
	}
}

/* Write one record; false (and nothing written) when it does not fit. */
static bool
put_rr(ditto_xfrout_t *x, const xo_rec_t *r, ditto_compress_t *c,
       ditto_buf_t *b)
{
	size_t start = b->pos;
	put_owner(x, r->owner, b);
	if (ditto_buf_need(b, 10 + (size_t)r->rdlen)) {
		uint8_t *w = b->base + b->pos;
		ditto_write16(w, r->type);
		ditto_write16(w + 2, x->rclass);
		ditto_write32(w + 4, r->ttl);
		b->pos += 10;
	}
	size_t rdstart = b->pos;
	if (!b->error && r->rdlen > 0 && !rdata_fast(r, c, b) &&
	    ditto_rdata_towire(r->type, r->rdata, r->rdlen, c, b) !=
	            DITTO_R_SUCCESS) {
		b->error = true;
	}
	if (b->error) {
		b->pos = start;
		b->error = false;
		ditto_compress_rollback(c, start);
		x->prev = NULL; /* the message ends here */
		return false;
	}
	ditto_write16(b->base + rdstart - 2, (uint16_t)(b->pos - rdstart));
	return true;
}

/* Let the first owner compress against the question's name. */
static void
question_owner(ditto_xfrout_t *x)
{
	uint16_t lab[DITTO_NAME_MAXLABELS], off[DITTO_NAME_MAXLABELS];
	unsigned int n = 0;
	size_t pos = 0;
	const uint8_t *q = x->req.qname;
	while (q[pos] != 0 && n < DITTO_NAME_MAXLABELS) {
		lab[n] = (uint16_t)pos;
		off[n++] = (uint16_t)(DITTO_MSG_HDRLEN + pos);
		pos += (size_t)q[pos] + 1;
	}
	memcpy(x->prevlab, lab, n * sizeof(lab[0]));
	memcpy(x->prevoff, off, n * sizeof(off[0]));
	x->prevlabels = n;
	x->prev = q;
}

/* One message: header, question (first message), records from the
 * cursor while they fit below `limit` minus the TSIG reserve (only one
 * when `single`). Sets *n to the records written. */
static ditto_result_t
fill(ditto_xfrout_t *x, uint8_t *buf, size_t limit, bool single, size_t *len,
     unsigned int *n)
{
	ditto_compress_t comp;
	ditto_buf_t b;
	size_t reserve = x->has_tsig ? x->tsig.reserve : 0;
	unsigned int count = 0;
	*n = 0;
	if (limit < DITTO_MSG_HDRLEN + reserve) {
		return DITTO_R_NOSPACE;
	}
	ditto_buf_init(&b, buf, limit - reserve);
	ditto_compress_init(&comp, buf);
	b.pos = DITTO_MSG_HDRLEN;
	x->prev = NULL;
	bool question = !x->started;
	if (question) {
		/* the first name: written in full, and the first owner's
		 * suffixes point into it */
		(void)ditto_compress_towire(&comp, x->req.qname, true, &b);
		ditto_buf_put16(&b, x->req.qtype);
		ditto_buf_put16(&b, x->req.qclass);
		if (b.error) {
			return DITTO_R_NOSPACE;
		}
		question_owner(x);
	}
	xo_rec_t rec;
	while (count < UINT16_MAX && current(x, &rec)) {
		if (!put_rr(x, &rec, &comp, &b)) {
			break;
		}
		count++;
		advance(x);
		if (single) {
			break;
		}
	}
	if (count == 0 && x->phase != XO_DONE) {
		return DITTO_R_NOSPACE;
	}
	ditto_write16(buf, x->req.id);
	ditto_write16(buf + 2,
	              DITTO_MSG_QR | DITTO_MSG_AA | (DITTO_OPCODE_QUERY << 11));
	ditto_write16(buf + 4, question ? 1 : 0);
	ditto_write16(buf + 6, (uint16_t)count);
	ditto_write16(buf + 8, 0);
	ditto_write16(buf + 10, 0);
	*len = b.pos;
	*n = count;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_xfrout_next(ditto_xfrout_t *x, uint8_t *buf, size_t size, size_t *len,
                  bool *last)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(x != NULL && buf != NULL && len != NULL && last != NULL);
	if (x->phase == XO_DONE) {
		return DITTO_R_NOMORE;
	}
	if (!x->started && x->mode == XO_MODE_IXFR) {
		CHECK(ditto__xfrout_checkchain(x));
	}
	size_t hard = size < DITTO_MSG_MAXSIZE ? size : DITTO_MSG_MAXSIZE;
	size_t soft = x->msgsize < hard ? x->msgsize : hard;
	size_t mlen = 0;
	unsigned int n = 0;
	/* A record that alone passes the soft limit goes in a message of
	 * its own, up to the hard limit: nothing was consumed. */
	result = fill(x, buf, soft, x->one_answer, &mlen, &n);
	if (result == DITTO_R_NOSPACE && soft < hard) {
		result = fill(x, buf, hard, true, &mlen, &n);
	}
	CHECK(result);
	if (x->has_tsig) {
		ditto_err_t err;
		CHECK(x->tsig.sign(x->tsig.arg, buf, hard, &mlen, &err));
	}
	x->started = true;
	x->stats.messages++;
	x->stats.records += n;
	x->stats.bytes += mlen;
	*len = mlen;
	*last = x->phase == XO_DONE;
cleanup:
	return result;
}

/* --- error responses -------------------------------------------------- */

ditto_result_t
ditto_xfrout_error(const ditto_xfrout_req_t *req, uint16_t rcode,
                   const ditto_xfr_tsig_t *tsig, uint8_t *buf, size_t size,
                   size_t *len)
{
	REQUIRE(req != NULL && buf != NULL && len != NULL);
	REQUIRE(rcode <= 0xf);
	size_t hard = size < DITTO_MSG_MAXSIZE ? size : DITTO_MSG_MAXSIZE;
	size_t reserve = tsig != NULL && tsig->sign != NULL ? tsig->reserve : 0;
	if (hard < DITTO_MSG_HDRLEN + reserve) {
		return DITTO_R_NOSPACE;
	}
	ditto_buf_t b;
	ditto_buf_init(&b, buf, hard - reserve);
	b.pos = DITTO_MSG_HDRLEN;
	bool question = req->qtype != 0;
	if (question) {
		ditto_buf_putmem(&b, req->qname, ditto_name_length(req->qname));
		ditto_buf_put16(&b, req->qtype);
		ditto_buf_put16(&b, req->qclass);
		if (b.error) {
			return DITTO_R_NOSPACE;
		}
	}
	memset(buf, 0, DITTO_MSG_HDRLEN);
	ditto_write16(buf, req->id);
	/* named echoes RD and CD in a refusal (not in the stream) */
	ditto_write16(buf + 2,
	              (uint16_t)(DITTO_MSG_QR | (DITTO_OPCODE_QUERY << 11) |
	                         (req->flags & (DITTO_MSG_RD | DITTO_MSG_CD)) |
	                         rcode));
	ditto_write16(buf + 4, question ? 1 : 0);
	size_t mlen = b.pos;
	if (tsig != NULL && tsig->sign != NULL) {
		ditto_err_t err;
		ditto_result_t result =
		        tsig->sign(tsig->arg, buf, hard, &mlen, &err);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	*len = mlen;
	return DITTO_R_SUCCESS;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Outgoing IXFR: the journal steps a stream is fed, and their cursor.
 *
 * Each step is copied into the stream's arena when it is fed (the journal
 * reader's records live only during its callback). Consecutive records
 * with the same owner share one copy, so the packer, which compares owner
 * pointers, writes each repeated owner as a two-octet pointer.
 */
#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/buf.h"
#include "xfr/serial.h"
#include "xfr/xfrout.h"
#include "xfr/xfrout_p.h"

/* Is rr an SOA at the zone's apex whose serial is `serial`? */
static bool
is_soa(const ditto_xfrout_t *x, const ditto_rr_t *rr, uint32_t serial)
{
	if (rr->type != DITTO_TYPE_SOA || rr->rdata == NULL || rr->rdlen < 22 ||
	    !ditto_name_equal(rr->owner, x->soa.owner)) {
		return false;
	}
	/* the serial is the first of the five integers that end it */
	return ditto_read32(rr->rdata + rr->rdlen - 20) == serial;
}

static const uint8_t *
copy_owner(ditto_xfrout_t *x, const uint8_t *owner)
{
	size_t len = ditto_name_length(owner);
	if (x->lastcopy != NULL && ditto_name_length(x->lastcopy) == len &&
	    memcmp(x->lastcopy, owner, len) == 0) {
		return x->lastcopy;
	}
	x->lastcopy = ditto_arena_memdup(&x->arena, owner, len);
	return x->lastcopy;
}

static void
copy_recs(ditto_xfrout_t *x, xo_rec_t *out, const ditto_rr_t *rrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[i].owner = copy_owner(x, rrs[i].owner);
		out[i].type = rrs[i].type;
		out[i].ttl = rrs[i].ttl;
		out[i].rdlen = rrs[i].rdlen;
		out[i].rdata =
		        rrs[i].rdlen == 0
		                ? NULL
		                : ditto_arena_memdup(&x->arena, rrs[i].rdata,
		                                     rrs[i].rdlen);
	}
}

ditto_result_t
ditto_xfrout_addstep(void *arg, const ditto_journal_step_t *step)
{
	ditto_xfrout_t *x = arg;
	REQUIRE(x != NULL && step != NULL);
	REQUIRE(x->mode == XO_MODE_IXFR && !x->started);
	REQUIRE(step->del != NULL || step->ndel == 0);
	REQUIRE(step->add != NULL || step->nadd == 0);
	uint32_t from =
	        x->nsteps == 0 ? x->req.serial : x->steps[x->nsteps - 1].to;
	if (step->from != from || (x->nsteps == 0 && !x->req.has_serial)) {
		return DITTO_R_RANGE;
	}
	if (step->ndel == 0 || !is_soa(x, &step->del[0], step->from) ||
	    step->nadd == 0 || !is_soa(x, &step->add[0], step->to)) {
		return DITTO_R_RANGE;
	}
	if (x->nsteps == x->stepcap) {
		x->stepcap = x->stepcap == 0 ? 8 : x->stepcap * 2;
		x->steps = ditto_realloc(x->steps,
		                         x->stepcap * sizeof(x->steps[0]));
	}
	xo_step_t *s = &x->steps[x->nsteps];
	s->from = step->from;
	s->to = step->to;
	s->ndel = step->ndel;
	s->nrecs = step->ndel + step->nadd;
	s->recs = ditto_arena_alloc(&x->arena, s->nrecs * sizeof(s->recs[0]));
	copy_recs(x, s->recs, step->del, step->ndel);
	copy_recs(x, s->recs + step->ndel, step->add, step->nadd);
	x->nsteps++;
	x->steprecs += s->nrecs;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__xfrout_checkchain(ditto_xfrout_t *x)
{
	REQUIRE(x != NULL && x->mode == XO_MODE_IXFR);
	if (!x->req.has_serial) {
		return DITTO_R_RANGE;
	}
	if (x->nsteps == 0) {
		/* one SOA: only when the client is current or newer */
		bool current = x->req.serial == x->serial ||
		               ditto_serial_gt(x->req.serial, x->serial);
		return current ? DITTO_R_SUCCESS : DITTO_R_RANGE;
	}
	return x->steps[x->nsteps - 1].to == x->serial ? DITTO_R_SUCCESS
	                                               : DITTO_R_RANGE;
}

void
ditto__xfrout_settle_steps(ditto_xfrout_t *x)
{
	while (x->phase == XO_STEPS) {
		if (x->si >= x->nsteps) {
			x->phase = XO_SOA2;
			return;
		}
		if (x->ri < x->steps[x->si].nrecs) {
			return;
		}
		x->si++;
		x->ri = 0;
	}
}

const xo_rec_t *
ditto__xfrout_steprec(const ditto_xfrout_t *x)
{
	REQUIRE(x->phase == XO_STEPS && x->si < x->nsteps &&
	        x->ri < x->steps[x->si].nrecs);
	return &x->steps[x->si].recs[x->ri];
}

void
ditto__xfrout_freesteps(ditto_xfrout_t *x)
{
	ditto_free(x->steps);
	x->steps = NULL;
	x->nsteps = 0;
	x->stepcap = 0;
}

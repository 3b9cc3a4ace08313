/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Incoming zone transfer (AXFR, IXFR with AXFR fallback), sans-IO. */

/*
 * The daemon feeds response messages one at a time; each answer record
 * drives this state machine (RFC 5936 for AXFR, RFC 1995 for IXFR):
 *
 *              first record: SOA(N)
 *   FIRST ---------------------------------+
 *     | IXFR request                       | AXFR request
 *     | N not newer than ours: UPTODATE    v
 *     v                                  AXFR <--+ record: add
 *   IXFR_SECOND --(not SOA(ours))--------> |  ---+
 *     | SOA(ours): edit the base           | SOA == first SOA
 *     v                                    v
 *   IXFR_DEL <--+ record: delete         END ---> DONE (commit)
 *     |  -------+                          ^
 *     | SOA(M): step ours -> M             |
 *     v                                    |
 *   IXFR_ADD <--+ record: add              |
 *     |  -------+                          |
 *     | SOA(M), M != N: next step -> IXFR_DEL
 *     +--- SOA(N) after the step to N -----+
 *
 * Any failure ends the machine: FALLBACK_AXFR for an IXFR request (BIND
 * retries every failed IXFR with AXFR, except for a zone over
 * max-records), FAIL for AXFR. Invariants: the base version is never
 * written (IXFR edits a copy-on-write edit of it, AXFR and AXFR-style
 * IXFR build a fresh version); `ver` is the only writable version and is
 * dropped on failure; every counter is checked against its limit before
 * memory is used for a record; each message's records live in `msgarena`
 * and are freed when the next message comes.
 */
#include "xfr/xfrin.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "xfr/serial.h"
#include "xfr/xfr_p.h"
#include "zone/node.h"

#define DEFAULT_UDPSIZE 1232
#define DEFAULT_DIFFMAX (UINT64_C(64) << 20)
#define SOA_MAXRDATA    (2 * DITTO_NAME_MAXWIRE + 20)

typedef enum xfrin_state {
	XS_FIRST = 0,   /*!< expecting the first SOA */
	XS_IXFR_SECOND, /*!< IXFR: the next record tells IXFR from AXFR */
	XS_AXFR,        /*!< full zone: adding until the closing SOA */
	XS_IXFR_DEL,    /*!< deletions of one step */
	XS_IXFR_ADD,    /*!< additions of one step */
	XS_END,         /*!< closing SOA seen */
} xfrin_state_t;

struct ditto_xfrin {
	ditto_name_storage_t origin; /*!< zone origin */
	uint16_t rclass;             /*!< zone class */
	ditto_xfrin_opts_t opts;     /*!< options (origin points above) */
	ditto_version_t *base;       /*!< base version (IXFR), attached */
	ditto_version_t *ver;        /*!< writable version being built */
	ditto_version_t *done;       /*!< committed result after DONE */
	xfrin_state_t state;         /*!< see the diagram */
	bool finished;               /*!< `next` is final */
	ditto_xfrin_next_t next;     /*!< final next-action */
	ditto_result_t result;       /*!< cause of a failure */
	ditto_err_t err;             /*!< reason of a failure */
	const char *status;          /*!< BIND's status words */
	char abort_status[64];       /*!< ditto_xfrin_abort()'s reason */

	bool have_base;                 /*!< base_soa is set */
	uint32_t base_serial;           /*!< our serial */
	uint32_t base_ttl;              /*!< our SOA's TTL */
	uint8_t base_soa[SOA_MAXRDATA]; /*!< our SOA rdata */
	uint16_t base_soalen;           /*!< its length */

	uint8_t first_soa[SOA_MAXRDATA]; /*!< the first SOA of the answer */
	uint16_t first_soalen;           /*!< its length */
	uint32_t first_ttl;              /*!< its TTL */
	uint32_t end_serial;             /*!< its serial: the target */
	uint32_t cur_serial;             /*!< IXFR: serial the edit is at */
	uint32_t step_to; /*!< IXFR: serial of the current step */

	ditto_xfrin_stats_t stats; /*!< counters */
	ditto_arena_t msgarena;    /*!< records of the current message */
	ditto_arena_t diffarena;   /*!< owners and rdata of the diff */
	ditto_xfrin_step_t *steps; /*!< recorded steps */
	size_t nsteps;             /*!< in use */
	size_t capsteps;           /*!< allocated */

	const ditto_msg_t *msg; /*!< message being consumed */
	unsigned int rrindex;   /*!< answer record being consumed */
	size_t stream_off;      /*!< offset of `msg` in the stream */
};

/* Failures ---------------------------------------------------------------*/

static ditto_xfrin_next_t
finish(ditto_xfrin_t *x, ditto_xfrin_next_t next)
{
	x->finished = true;
	x->next = next;
	x->msg = NULL; /* it pointed into the caller's stack */
	if (next != DITTO_XFRIN_DONE) {
		ditto_version_detach(&x->ver);
	}
	return next;
}

static const char *
reqname(const ditto_xfrin_t *x)
{
	return x->opts.type == DITTO_XFRIN_IXFR ? "IXFR" : "AXFR";
}

/*
 * Fail with \a result and a reason located at the current record (or the
 * message when no record is being consumed). \a fatal: no AXFR retry
 * (limits of the zone itself).
 */
static ditto_xfrin_next_t failv(ditto_xfrin_t *x, ditto_result_t result,
                                bool fatal, const char *status, const char *fmt,
                                va_list ap)
        __attribute__((format(printf, 5, 0)));

static ditto_xfrin_next_t
failv(ditto_xfrin_t *x, ditto_result_t result, bool fatal, const char *status,
      const char *fmt, va_list ap)
{
	char reason[DITTO_ERR_MAXMSG];
	size_t off = 0;

	vsnprintf(reason, sizeof(reason), fmt, ap);
	if (x->msg != NULL) {
		off = x->rrindex == UINT32_MAX
		              ? x->msg->end
		              : ditto__xfr_rroffset(x->msg,
		                                    DITTO_SECTION_ANSWER,
		                                    x->rrindex);
		if (x->rrindex == UINT32_MAX && x->err.offset != 0) {
			off = x->err.offset; /* from the parser */
		}
	}
	x->result = result;
	x->status = status != NULL ? status : ditto_result_totext(result);
	if (x->msg != NULL || x->stats.messages > 0) {
		ditto_err_setat(&x->err, x->stream_off + off,
		                "%s failed: %s at message %u offset %zu",
		                reqname(x), reason, x->stats.messages, off);
	} else {
		ditto_err_setat(&x->err, 0, "%s failed: %s", reqname(x),
		                reason);
	}
	bool ixfr = x->opts.type == DITTO_XFRIN_IXFR;
	return finish(x, ixfr && !fatal ? DITTO_XFRIN_FALLBACK_AXFR
	                                : DITTO_XFRIN_FAIL);
}

static ditto_xfrin_next_t fail(ditto_xfrin_t *x, ditto_result_t result,
                               const char *status, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static ditto_xfrin_next_t
fail(ditto_xfrin_t *x, ditto_result_t result, const char *status,
     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ditto_xfrin_next_t next = failv(x, result, false, status, fmt, ap);
	va_end(ap);
	return next;
}

static ditto_xfrin_next_t fail_fatal(ditto_xfrin_t *x, ditto_result_t result,
                                     const char *status, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static ditto_xfrin_next_t
fail_fatal(ditto_xfrin_t *x, ditto_result_t result, const char *status,
           const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ditto_xfrin_next_t next = failv(x, result, true, status, fmt, ap);
	va_end(ap);
	return next;
}

/* Life cycle -------------------------------------------------------------*/

static ditto_result_t
load_base_soa(ditto_xfrin_t *x)
{
	const ditto_node_t *apex = ditto_version_apex(x->base);
	const ditto_rrset_t *set =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t rdlen = 0;
	const uint8_t *rd =
	        set != NULL ? ditto_rrset_rdata(set, 0, &rdlen) : NULL;

	if (rd == NULL || rdlen > sizeof(x->base_soa) || rdlen < 22) {
		return DITTO_R_NOTFOUND;
	}
	memcpy(x->base_soa, rd, rdlen);
	x->base_soalen = rdlen;
	x->base_ttl = set->ttl;
	x->base_serial = ditto__xfr_soaserial(rd, rdlen);
	x->have_base = true;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_xfrin_create(const ditto_xfrin_opts_t *opts, ditto_xfrin_t **xp)
{
	REQUIRE(opts != NULL && opts->origin != NULL && xp != NULL);
	REQUIRE(opts->type != DITTO_XFRIN_IXFR || opts->base != NULL);
	REQUIRE(opts->base == NULL || !ditto_version_writable(opts->base));

	ditto_xfrin_t *x = ditto_calloc(1, sizeof(*x));
	ditto_name_copy(x->origin, opts->origin);
	x->opts = *opts;
	x->opts.origin = x->origin;
	x->rclass = opts->rclass != 0 ? opts->rclass : DITTO_CLASS_IN;
	if (x->opts.limits.max_diff_bytes == 0) {
		x->opts.limits.max_diff_bytes = DEFAULT_DIFFMAX;
	}
	x->stats.start_us = opts->start_us;
	x->stats.end_us = opts->start_us;
	x->rrindex = UINT32_MAX;
	ditto_arena_init(&x->msgarena, 0);
	ditto_arena_init(&x->diffarena, 0);
	if (opts->base != NULL) {
		ditto_version_attach(opts->base, &x->base);
		if (load_base_soa(x) != DITTO_R_SUCCESS &&
		    opts->type == DITTO_XFRIN_IXFR) {
			ditto_xfrin_destroy(&x);
			return DITTO_R_NOTFOUND;
		}
	}
	*xp = x;
	return DITTO_R_SUCCESS;
}

void
ditto_xfrin_destroy(ditto_xfrin_t **xp)
{
	REQUIRE(xp != NULL);
	ditto_xfrin_t *x = *xp;
	if (x == NULL) {
		return;
	}
	*xp = NULL;
	ditto_version_detach(&x->ver);
	ditto_version_detach(&x->done);
	ditto_version_detach(&x->base);
	for (size_t i = 0; i < x->nsteps; i++) {
		ditto_free(x->steps[i].del);
		ditto_free(x->steps[i].add);
	}
	ditto_free(x->steps);
	ditto_arena_clear(&x->msgarena);
	ditto_arena_clear(&x->diffarena);
	ditto_free(x);
}

ditto_result_t
ditto_xfrin_request(ditto_xfrin_t *x, uint8_t *buf, size_t size, size_t *len)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	ditto_render_t r;
	ditto_edns_t edns;
	bool ixfr = x->opts.type == DITTO_XFRIN_IXFR;

	if (x->opts.edns) {
		ditto_edns_init(&edns, x->opts.udpsize != 0 ? x->opts.udpsize
		                                            : DEFAULT_UDPSIZE);
	}
	CHECK(ditto__xfr_beginquery(
	        &r, buf, size, x->opts.id, DITTO_OPCODE_QUERY, 0, x->origin,
	        ixfr ? DITTO_TYPE_IXFR : DITTO_TYPE_AXFR, x->rclass,
	        x->opts.edns ? &edns : NULL, x->opts.tsig));
	if (ixfr) {
		ditto_render_begin_rrset(&r, DITTO_SECTION_AUTHORITY);
		ditto_render_add(&r, x->origin, DITTO_TYPE_SOA, x->rclass,
		                 x->base_ttl, x->base_soa, x->base_soalen);
		if (ditto_render_end_rrset(&r, 0) != DITTO_R_SUCCESS) {
			CLEANUP(DITTO_R_NOSPACE);
		}
	}
	CHECK(ditto__xfr_endquery(&r, buf, size, x->opts.tsig, len, &x->err));
cleanup:
	return result;
}

/* The IXFR diff ------------------------------------------------------------*/

static ditto_result_t
diff_newstep(ditto_xfrin_t *x, uint32_t from)
{
	x->stats.steps++;
	if (!x->opts.keep_diff) {
		return DITTO_R_SUCCESS;
	}
	if (x->nsteps == x->capsteps) {
		size_t cap = x->capsteps == 0 ? 4 : x->capsteps * 2;
		x->steps = ditto_realloc(x->steps, cap * sizeof(*x->steps));
		x->capsteps = cap;
	}
	x->steps[x->nsteps++] =
	        (ditto_xfrin_step_t){ .from = from, .to = from };
	return DITTO_R_SUCCESS;
}

/* Keep a copy of \a rr in the current step's deletions or additions. */
static ditto_result_t
diff_record(ditto_xfrin_t *x, bool add, const ditto_rr_t *rr)
{
	if (!x->opts.keep_diff || x->nsteps == 0) {
		return DITTO_R_SUCCESS;
	}
	size_t need =
	        ditto_name_length(rr->owner) + rr->rdlen + sizeof(ditto_rr_t);
	if (x->diffarena.total + need > x->opts.limits.max_diff_bytes) {
		return DITTO_R_TOOMANY;
	}
	ditto_xfrin_step_t *st = &x->steps[x->nsteps - 1];
	ditto_rr_t **list = add ? &st->add : &st->del;
	size_t *n = add ? &st->nadd : &st->ndel;
	size_t *cap = add ? &st->addcap_ : &st->delcap_;
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*list = ditto_realloc(*list, *cap * sizeof(**list));
	}
	ditto_rr_t copy = *rr;
	copy.owner = ditto_arena_memdup(&x->diffarena, rr->owner,
	                                ditto_name_length(rr->owner));
	copy.rdata = rr->rdlen == 0 ? NULL
	                            : ditto_arena_memdup(&x->diffarena,
	                                                 rr->rdata, rr->rdlen);
	copy.file = NULL;
	copy.line = 0;
	(*list)[(*n)++] = copy;
	return DITTO_R_SUCCESS;
}

/* Applying records ---------------------------------------------------------*/

static ditto_xfrin_next_t
add_failed(ditto_xfrin_t *x, ditto_result_t r, const ditto_rr_t *rr)
{
	char text[DITTO__XFR_RRTEXT];

	ditto__xfr_rrtext(rr, text, sizeof(text));
	if (r == DITTO_R_TOOMANY) {
		return fail_fatal(x, r, "too many records",
		                  "zone exceeds max-records adding '%s'", text);
	}
	return fail(x, r, "FORMERR", "cannot add '%s': %s", text,
	            ditto_result_totext(r));
}

static ditto_xfrin_next_t
add_rr(ditto_xfrin_t *x, const ditto_rr_t *rr, unsigned int flags)
{
	ditto_result_t r = ditto_version_addrr(x->ver, rr, flags, NULL);

	if (r == DITTO_R_SUCCESS || r == DITTO_R_TTLMISMATCH) {
		x->stats.added++;
	} else if (r != DITTO_R_EXISTS) {
		return add_failed(x, r, rr);
	}
	if (diff_record(x, true, rr) != DITTO_R_SUCCESS) {
		return fail(x, DITTO_R_TOOMANY, "too many records",
		            "IXFR diff exceeds %llu bytes",
		            (unsigned long long)x->opts.limits.max_diff_bytes);
	}
	return DITTO_XFRIN_MORE;
}

static ditto_xfrin_next_t
del_rr(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	char text[DITTO__XFR_RRTEXT];
	ditto_result_t r = ditto_version_delrr(x->ver, rr);

	if (r == DITTO_R_NOTFOUND) {
		ditto__xfr_rrtext(rr, text, sizeof(text));
		return fail(x, r, "FORMERR",
		            "delete of record we do not have '%s'", text);
	}
	if (r != DITTO_R_SUCCESS) {
		ditto__xfr_rrtext(rr, text, sizeof(text));
		return fail(x, r, "FORMERR", "cannot delete '%s': %s", text,
		            ditto_result_totext(r));
	}
	x->stats.deleted++;
	if (diff_record(x, false, rr) != DITTO_R_SUCCESS) {
		return fail(x, DITTO_R_TOOMANY, "too many records",
		            "IXFR diff exceeds %llu bytes",
		            (unsigned long long)x->opts.limits.max_diff_bytes);
	}
	return DITTO_XFRIN_MORE;
}

static bool
is_apex_soa(const ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	return rr->type == DITTO_TYPE_SOA &&
	       ditto_name_equal(rr->owner, x->origin);
}

static uint32_t
rr_serial(const ditto_rr_t *rr)
{
	return ditto__xfr_soaserial(rr->rdata, rr->rdlen);
}

/* Start a fresh version for an AXFR or an AXFR-style IXFR, holding the
 * first SOA. */
static ditto_xfrin_next_t
start_axfr(ditto_xfrin_t *x)
{
	ditto_rr_t soa = { .owner = x->origin,
		           .type = DITTO_TYPE_SOA,
		           .rclass = x->rclass,
		           .ttl = x->first_ttl,
		           .rdlen = x->first_soalen,
		           .rdata = x->first_soa };

	ditto_version_create(x->origin, x->rclass, &x->ver);
	if (x->opts.limits.max_records != 0) {
		ditto_version_setlimit(x->ver, x->opts.limits.max_records);
	}
	x->stats.axfr = true;
	x->state = XS_AXFR;
	return add_rr(x, &soa, DITTO_VERSION_TTL_KEEP);
}

/* Begin an IXFR step whose old SOA is \a rr (serial = cur_serial). */
static ditto_xfrin_next_t
start_step(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	ditto_result_t r;

	r = ditto_version_delrrset(x->ver, x->origin, DITTO_TYPE_SOA, 0);
	if (r != DITTO_R_SUCCESS) {
		return fail(x, r, "FORMERR", "no SOA to replace at serial %u",
		            x->cur_serial);
	}
	x->stats.deleted++;
	(void)diff_newstep(x, x->cur_serial);
	if (diff_record(x, false, rr) != DITTO_R_SUCCESS) {
		return fail(x, DITTO_R_TOOMANY, "too many records",
		            "IXFR diff exceeds %llu bytes",
		            (unsigned long long)x->opts.limits.max_diff_bytes);
	}
	x->state = XS_IXFR_DEL;
	return DITTO_XFRIN_MORE;
}

static ditto_xfrin_next_t
on_first(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	if (!is_apex_soa(x, rr) || rr->rdlen > sizeof(x->first_soa) ||
	    rr->rdlen < 22) {
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "first record is not the zone's SOA");
	}
	memcpy(x->first_soa, rr->rdata, rr->rdlen);
	x->first_soalen = rr->rdlen;
	x->first_ttl = rr->ttl;
	x->end_serial = rr_serial(rr);
	x->stats.serial = x->end_serial;
	if (x->opts.type == DITTO_XFRIN_AXFR) {
		return start_axfr(x);
	}
	if (!ditto_serial_gt(x->end_serial, x->base_serial)) {
		x->status = "up to date";
		return finish(x, DITTO_XFRIN_UPTODATE);
	}
	x->state = XS_IXFR_SECOND;
	return DITTO_XFRIN_MORE;
}

static ditto_xfrin_next_t
on_axfr(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	if (rr->type != DITTO_TYPE_SOA) {
		return add_rr(x, rr, DITTO_VERSION_TTL_KEEP);
	}
	if (!is_apex_soa(x, rr)) {
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "SOA record not at the zone apex");
	}
	if (ditto_rdata_compare(DITTO_TYPE_SOA, rr->rdata, rr->rdlen,
	                        x->first_soa, x->first_soalen) != 0) {
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "start and ending SOA records are different "
		            "(serial %u, then %u)",
		            x->end_serial, rr_serial(rr));
	}
	x->state = XS_END;
	return DITTO_XFRIN_MORE;
}

static ditto_xfrin_next_t
on_ixfr_second(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	if (is_apex_soa(x, rr) && rr_serial(rr) == x->base_serial) {
		ditto_version_edit(x->base, &x->ver);
		if (x->opts.limits.max_records != 0) {
			ditto_version_setlimit(x->ver,
			                       x->opts.limits.max_records);
		}
		x->cur_serial = x->base_serial;
		return start_step(x, rr);
	}
	/* AXFR-style answer: the first SOA, then the zone. */
	if (start_axfr(x) != DITTO_XFRIN_MORE) {
		return x->next;
	}
	return on_axfr(x, rr);
}

static ditto_xfrin_next_t
on_ixfr_del(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	if (!is_apex_soa(x, rr)) {
		return del_rr(x, rr);
	}
	/* The step's new SOA opens the additions. */
	x->step_to = rr_serial(rr);
	if (x->opts.keep_diff && x->nsteps > 0) {
		x->steps[x->nsteps - 1].to = x->step_to;
	}
	x->state = XS_IXFR_ADD;
	return add_rr(x, rr, DITTO_VERSION_TTL_REPLACE);
}

static ditto_xfrin_next_t
on_ixfr_add(ditto_xfrin_t *x, const ditto_rr_t *rr)
{
	if (!is_apex_soa(x, rr)) {
		return add_rr(x, rr, DITTO_VERSION_TTL_REPLACE);
	}
	uint32_t s = rr_serial(rr);
	if (x->step_to == x->end_serial && s == x->end_serial) {
		if (ditto_rdata_compare(DITTO_TYPE_SOA, rr->rdata, rr->rdlen,
		                        x->first_soa, x->first_soalen) != 0) {
			return fail(x, DITTO_R_FORMERR, "FORMERR",
			            "start and ending SOA records are "
			            "different");
		}
		x->state = XS_END;
		return DITTO_XFRIN_MORE;
	}
	if (s != x->step_to) {
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "IXFR out of sync: SOA serial %u where %u was "
		            "expected",
		            s, x->step_to);
	}
	x->cur_serial = s;
	return start_step(x, rr);
}

/* One answer record. */
static ditto_xfrin_next_t
on_record(ditto_xfrin_t *x, const ditto_rr_t *wirerr)
{
	/* Empty rdata may come as NULL: give the zone code a real pointer. */
	static const uint8_t empty[1] = { 0 };
	ditto_rr_t copy = *wirerr;
	const ditto_rr_t *rr = &copy;
	if (copy.rdata == NULL) {
		copy.rdata = empty;
	}
	char text[DITTO__XFR_RRTEXT];
	uint64_t max = x->opts.limits.max_rrs;

	if (max != 0 && x->stats.records >= max) {
		return fail(x, DITTO_R_TOOMANY, "too many records",
		            "transfer exceeds %llu records",
		            (unsigned long long)max);
	}
	x->stats.records++;
	if (rr->rclass != x->rclass) {
		ditto__xfr_rrtext(rr, text, sizeof(text));
		return fail(x, DITTO_R_BADCLASS, "FORMERR",
		            "record of another class '%s'", text);
	}
	if (!ditto_name_issubdomain(rr->owner, x->origin)) {
		ditto__xfr_rrtext(rr, text, sizeof(text));
		return fail(x, DITTO_R_NOTZONETOP, "FORMERR",
		            "record outside the zone '%s'", text);
	}
	switch (x->state) {
	case XS_FIRST:
		return on_first(x, rr);
	case XS_IXFR_SECOND:
		return on_ixfr_second(x, rr);
	case XS_AXFR:
		return on_axfr(x, rr);
	case XS_IXFR_DEL:
		return on_ixfr_del(x, rr);
	case XS_IXFR_ADD:
		return on_ixfr_add(x, rr);
	case XS_END:
		ditto__xfr_rrtext(rr, text, sizeof(text));
		return fail(x, DITTO_R_EXTRADATA, "FORMERR",
		            "extra data after the closing SOA '%s'", text);
	}
	UNREACHABLE();
}

/* Messages -----------------------------------------------------------------*/

/* Limits on the stream, checked before the message is parsed. */
static bool
stream_limits(ditto_xfrin_t *x, size_t len)
{
	const ditto_xfrin_limits_t *l = &x->opts.limits;

	if (l->max_messages != 0 && x->stats.messages >= l->max_messages) {
		fail(x, DITTO_R_TOOMANY, "too many records",
		     "transfer exceeds %u messages", l->max_messages);
		return false;
	}
	if (l->max_bytes != 0 && x->stats.bytes + len > l->max_bytes) {
		fail(x, DITTO_R_TOOMANY, "too many records",
		     "transfer exceeds %llu bytes",
		     (unsigned long long)l->max_bytes);
		return false;
	}
	x->stats.messages++;
	x->stats.bytes += len;
	return true;
}

/* Header checks: id, question, TSIG, rcode, TC. */
static bool
check_message(ditto_xfrin_t *x, const ditto_msg_t *msg)
{
	ditto_err_t err = { .offset = 0 };
	uint16_t qtype = x->opts.type == DITTO_XFRIN_IXFR ? DITTO_TYPE_IXFR
	                                                  : DITTO_TYPE_AXFR;
	char rc[16];

	if (ditto__xfr_checkreply(msg, x->opts.id, DITTO_OPCODE_QUERY,
	                          x->origin, qtype, x->rclass, false,
	                          &err) != DITTO_R_SUCCESS) {
		fail(x, DITTO_R_FORMERR, "FORMERR", "%s", err.msg);
		return false;
	}
	if (x->opts.tsig != NULL && x->opts.tsig->verify != NULL &&
	    x->opts.tsig->verify(x->opts.tsig->arg, msg, &err) !=
	            DITTO_R_SUCCESS) {
		fail(x, DITTO_R_FAILURE, "tsig verify failure", "%s", err.msg);
		return false;
	}
	if (msg->hdr.rcode != DITTO_RCODE_NOERROR) {
		(void)ditto_rcode_totext(msg->hdr.rcode, rc, sizeof(rc));
		const char *name = ditto_rcode_name(msg->hdr.rcode);
		fail(x, DITTO_R_FAILURE,
		     name != NULL ? name : "unexpected rcode",
		     "primary answered %s", rc);
		return false;
	}
	if ((msg->hdr.flags & DITTO_MSG_TC) != 0) {
		if (x->opts.udp) {
			x->status = "truncated";
			ditto_err_setat(&x->err, x->stream_off,
			                "%s over UDP truncated, retrying over "
			                "TCP",
			                reqname(x));
			finish(x, DITTO_XFRIN_TCP);
			return false;
		}
		fail(x, DITTO_R_TRUNCATED, "FORMERR", "TC set over TCP");
		return false;
	}
	if (x->stats.messages == 1 && msg->nrrs[DITTO_SECTION_ANSWER] == 0) {
		fail(x, DITTO_R_FORMERR, "FORMERR", "empty answer section");
		return false;
	}
	return true;
}

/* The closing SOA was seen: verify the end of the stream and commit. */
static ditto_xfrin_next_t
complete(ditto_xfrin_t *x)
{
	ditto_err_t err = { .offset = 0 };
	uint32_t serial = 0;

	x->rrindex = UINT32_MAX;
	if (x->opts.tsig != NULL && x->opts.tsig->finish != NULL &&
	    x->opts.tsig->finish(x->opts.tsig->arg, &err) != DITTO_R_SUCCESS) {
		return fail(x, DITTO_R_FAILURE, "tsig verify failure", "%s",
		            err.msg);
	}
	if (!ditto_version_serial(x->ver, &serial) || serial != x->end_serial) {
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "new version does not end at serial %u",
		            x->end_serial);
	}
	ditto_version_commit(x->ver);
	x->done = x->ver;
	x->ver = NULL;
	x->status = "success";
	return finish(x, DITTO_XFRIN_DONE);
}

ditto_xfrin_next_t
ditto_xfrin_consume(ditto_xfrin_t *x, const uint8_t *wire, size_t len,
                    int64_t now_us)
{
	ditto_msg_t msg;
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	unsigned int options = x->opts.udp ? DITTO_MSG_PARSE_TCOK : 0;

	if (x->finished) {
		return x->next;
	}
	x->stats.end_us = now_us;
	x->msg = NULL;
	x->rrindex = UINT32_MAX;
	x->stream_off = x->stats.bytes;
	if (!stream_limits(x, len)) {
		return x->next;
	}
	ditto_arena_reset(&x->msgarena);
	memset(&x->err, 0, sizeof(x->err));
	if (ditto_msg_parse(wire, len, options, &x->msgarena, &msg, &x->err) !=
	    DITTO_R_SUCCESS) {
		char why[DITTO_ERR_MAXMSG];
		memcpy(why, x->err.msg, sizeof(why));
		size_t off = x->err.offset;
		memset(&x->err, 0, sizeof(x->err));
		x->err.offset = off;
		x->msg = &msg;
		msg.end = off;
		return fail(x, DITTO_R_FORMERR, "FORMERR",
		            "malformed message: %s", why);
	}
	x->msg = &msg;
	if (!check_message(x, &msg)) {
		return x->next;
	}
	for (unsigned int i = 0; i < msg.nrrs[DITTO_SECTION_ANSWER]; i++) {
		x->rrindex = i;
		next = on_record(x, &msg.rrs[DITTO_SECTION_ANSWER][i]);
		if (next != DITTO_XFRIN_MORE) {
			return next;
		}
	}
	if (x->state == XS_END) {
		return complete(x);
	}
	if (x->opts.udp) {
		x->status = "truncated";
		ditto_err_setat(&x->err, x->stream_off,
		                "%s answer over UDP is incomplete, retrying "
		                "over TCP",
		                reqname(x));
		return finish(x, DITTO_XFRIN_TCP);
	}
	x->msg = NULL;
	return DITTO_XFRIN_MORE;
}

ditto_xfrin_next_t
ditto_xfrin_abort(ditto_xfrin_t *x, const char *reason, int64_t now_us)
{
	if (x->finished) {
		return x->next;
	}
	x->stats.end_us = now_us;
	x->msg = NULL;
	x->rrindex = UINT32_MAX;
	x->result = DITTO_R_UNEXPECTEDEND;
	/* the caller's reason may not outlive this call (a stack buffer) */
	(void)snprintf(x->abort_status, sizeof(x->abort_status), "%s", reason);
	x->status = x->abort_status;
	ditto_err_setat(&x->err, x->stats.bytes,
	                "%s failed: %s after message %u (%llu bytes)",
	                reqname(x), reason, x->stats.messages,
	                (unsigned long long)x->stats.bytes);
	return finish(x, x->opts.type == DITTO_XFRIN_IXFR
	                         ? DITTO_XFRIN_FALLBACK_AXFR
	                         : DITTO_XFRIN_FAIL);
}

/* Results ------------------------------------------------------------------*/

ditto_version_t *
ditto_xfrin_take(ditto_xfrin_t *x)
{
	ditto_version_t *v = x->done;
	x->done = NULL;
	return v;
}

const ditto_err_t *
ditto_xfrin_error(const ditto_xfrin_t *x)
{
	return &x->err;
}

ditto_result_t
ditto_xfrin_result(const ditto_xfrin_t *x)
{
	return x->result;
}

const char *
ditto_xfrin_status(const ditto_xfrin_t *x)
{
	return x->status != NULL ? x->status : "in progress";
}

const ditto_xfrin_stats_t *
ditto_xfrin_stats(const ditto_xfrin_t *x)
{
	return &x->stats;
}

size_t
ditto_xfrin_nsteps(const ditto_xfrin_t *x)
{
	return x->nsteps;
}

const ditto_xfrin_step_t *
ditto_xfrin_step(const ditto_xfrin_t *x, size_t i)
{
	REQUIRE(i < x->nsteps);
	return &x->steps[i];
}

void
ditto_xfrin_completed(const ditto_xfrin_stats_t *stats, char *buf, size_t size)
{
	int64_t us = stats->end_us - stats->start_us;
	uint64_t msecs = us > 0 ? (uint64_t)us / 1000 : 0;

	if (msecs == 0) {
		msecs = 1;
	}
	uint64_t persec = stats->bytes * 1000 / msecs;
	snprintf(buf, size,
	         "Transfer completed: %u messages, %llu records, %llu bytes, "
	         "%u.%03u secs (%u bytes/sec) (serial %u)",
	         stats->messages, (unsigned long long)stats->records,
	         (unsigned long long)stats->bytes, (unsigned int)(msecs / 1000),
	         (unsigned int)(msecs % 1000), (unsigned int)persec,
	         stats->serial);
}

const char *
ditto_xfrin_nextname(ditto_xfrin_next_t next)
{
	switch (next) {
	case DITTO_XFRIN_MORE:
		return "more";
	case DITTO_XFRIN_DONE:
		return "done";
	case DITTO_XFRIN_UPTODATE:
		return "uptodate";
	case DITTO_XFRIN_FALLBACK_AXFR:
		return "fallback-axfr";
	case DITTO_XFRIN_TCP:
		return "tcp";
	case DITTO_XFRIN_FAIL:
		return "fail";
	}
	return "unknown";
}

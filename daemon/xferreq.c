/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The transfer-out pool: one AXFR/IXFR request, from checks to last message. */
/*
 * Runs on a pool thread (xferout.c owns the socket). A request goes
 * through named 9.18's steps in its order (each compared against a
 * running named):
 *
 *   TSIG bad                  -> TSIG error response (security log)
 *   transfers-out reached     -> SERVFAIL ("AXFR request denied: quota
 *                                reached", xfer-out warning)
 *   no such zone              -> NOTAUTH   (xferacl.c logs)
 *   allow-transfer denies     -> REFUSED   (xferacl.c logs)
 *   malformed (IXFR w/o SOA)  -> FORMERR
 *   zone has no data          -> SERVFAIL
 *   AXFR                      -> AXFR stream
 *   IXFR, provide-ixfr no     -> AXFR-style IXFR
 *   IXFR, client current      -> one SOA
 *   IXFR, journal has steps   -> IXFR (unless over max-ixfr-ratio:
 *                                AXFR-style)
 *   IXFR, not in the journal  -> AXFR-style IXFR
 *
 * The zone's data is pinned by a version reference taken inside
 * rcu_read_lock(); the journal (a secondary's persist journal or a
 * primary's zhist) is read after the read-side section, on this thread
 * (disk I/O never happens in a query worker). The transfers-out slot is
 * an atomic count, taken before the zone is looked up, freed when the
 * stream ends or fails.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <urcu.h>

#include "dns/msg.h"
#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "util/hmac.h"
#include "util/mem.h"
#include "xfr/serial.h"
#include "xfr/xfr.h"

#include "log.h"
#include "outconf.h"
#include "persist.h"
#include "server.h"
#include "stats.h"
#include "xferout_p.h"
#include "xfrhealth.h"
#include "zhist.h"

/* What the request got from the snapshot (references). */
typedef struct pick {
	ditto_version_t *ver; /*!< the zone's version, NULL: no data */
	outconf_t *oc;        /*!< outbound settings */
	zslot_t *slot;        /*!< secondary: its slot (persist journal) */
	zhist_t *hist;        /*!< primary: its IXFR history */
	uint32_t quota;       /*!< transfers-out */
	uint32_t idle_ms;     /*!< tcp-idle-timeout, ms */
	char zone[DITTO_NAME_MAXTEXT + 32]; /*!< "example.com/IN" */
} pick_t;

static void
pick_clear(pick_t *p)
{
	ditto_version_detach(&p->ver);
	outconf_detach(&p->oc);
	zslot_detach(&p->slot);
	zhist_detach(&p->hist);
}

static ditto_result_t
sign_cb(void *arg, uint8_t *buf, size_t size, size_t *len, ditto_err_t *err)
{
	xoconn_t *c = arg;
	return ditto_tsig_sign_response(&c->tsig, buf, len, size,
	                                (uint64_t)time(NULL), err);
}

static void
tsig_release(xoconn_t *c)
{
	if (c->signed_ok) {
		ditto_tsig_clear(&c->tsig);
		c->signed_ok = false;
	}
	keys_detach(&c->keys);
}

/* Queue a record-less response with \a rcode (signed when the request
 * was). */
static void
reply_error(xoconn_t *c, const ditto_xfrout_req_t *req, uint16_t rcode)
{
	size_t len = 0;
	xferout_reserve(c);
	if (ditto_xfrout_error(req, rcode, c->signed_ok ? &c->hook : NULL,
	                       c->out + c->outlen + 2, 65535,
	                       &len) == DITTO_R_SUCCESS) {
		ditto_write16(c->out + c->outlen, (uint16_t)len);
		c->outlen += 2 + len;
	}
	tsig_release(c);
}

/* The request's header and question (enough for an error response). */
static void
req_from_query(const ditto_msg_t *m, ditto_xfrout_req_t *req)
{
	memset(req, 0, sizeof(*req));
	req->id = m->hdr.id;
	req->flags = m->hdr.flags;
	req->qtype = m->qtype;
	req->qclass = m->qclass;
	ditto_name_copy(req->qname, m->qname);
}

/* Verify the request's TSIG. \return false when an error response was
 * queued (or nothing can be answered). */
static bool
check_tsig(xoshared_t *sh, xoconn_t *c, const ditto_msg_t *m)
{
	ditto_err_t err = { 0 };
	char peer[XFRCONF_ADDRTEXT];
	if (!m->has_tsig) {
		return true;
	}
	rcu_read_lock();
	keys_attach(server_tab(sh->srv)->keys, &c->keys);
	rcu_read_unlock();
	server_read_done(sh->srv);
	ditto_result_t r = ditto_tsig_verify_request(
	        &c->tsig, c->keys->ring, m, (uint64_t)time(NULL), &err);
	if (r == DITTO_R_SUCCESS) {
		c->signed_ok = true;
		size_t reserve = ditto_tsig_reserve(c->tsig.key);
		c->hook = (ditto_xfr_tsig_t){ .sign = sign_cb,
			                      .arg = c,
			                      .reserve = reserve };
		return true;
	}
	xfrconf_addrtext((const struct sockaddr *)&c->peer, peer, sizeof(peer));
	log_write(LOG_CAT_SECURITY, LOG_LVL_ERROR,
	          "client @%p %s: request has invalid signature: %s", (void *)c,
	          peer, err.msg[0] != '\0' ? err.msg : ditto_result_totext(r));
	size_t len = 0;
	xferout_reserve(c);
	if (c->tsig.error != 0 &&
	    ditto_tsig_error_response(&c->tsig, m, c->out + c->outlen + 2,
	                              65535, &len, (uint64_t)time(NULL),
	                              NULL) == DITTO_R_SUCCESS) {
		ditto_write16(c->out + c->outlen, (uint16_t)len);
		c->outlen += 2 + len;
	}
	ditto_tsig_clear(&c->tsig);
	keys_detach(&c->keys);
	atomic_fetch_add_explicit(&sh->refused, 1, memory_order_relaxed);
	return false;
}

/* Count server counter \a i (named's nsstats) in the shared block. */
static void
count_ns(xoshared_t *sh, stats_ns_t i)
{
	if (sh->srv->stats != NULL) {
		stats_add(&stats_shared(sh->srv->stats)->ns[i], 1);
	}
}

/* The counters of the zone a request names (NULL: none), for a refusal
 * before the zone was looked up. */
static stats_zone_t *
zone_counters(xoshared_t *sh, const xoconn_t *c, const ditto_xfrout_req_t *req)
{
	stats_zone_t *zst = NULL;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(sh->srv);
	const view_t *v =
	        srvtab_view(tab, (const struct sockaddr *)&c->peer,
	                    (const struct sockaddr *)&c->local, req->qclass);
	const zone_t *z = v != NULL ? view_exactzone(v, req->qname) : NULL;
	if (z != NULL && z->oc != NULL) {
		zst = z->zst;
	}
	rcu_read_unlock();
	server_read_done(sh->srv);
	return zst;
}

/* Take a transfers-out slot. */
static bool
quota_take(xoshared_t *sh, uint32_t limit)
{
	unsigned int cur = atomic_fetch_add_explicit(&sh->running, 1,
	                                             memory_order_relaxed);
	if (cur >= limit) {
		atomic_fetch_sub_explicit(&sh->running, 1,
		                          memory_order_relaxed);
		return false;
	}
	return true;
}

/* Look the zone up and pin what the transfer needs. */
static xferacl_verdict_t
pick_zone(xoshared_t *sh, xoconn_t *c, const ditto_xfrout_req_t *req, pick_t *p)
{
	const zone_t *z = NULL;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(sh->srv);
	p->idle_ms = tab->conf.tcp_idle_timeout * 100;
	xferacl_verdict_t v = xferacl_check(
	        tab, (const struct sockaddr *)&c->peer,
	        (const struct sockaddr *)&c->local, req->qname, req->qtype,
	        req->qclass, c->signed_ok ? c->tsig.key : NULL, c->prefix, &z);
	c->zst = z != NULL ? z->zst : NULL;
	if (v == XFERACL_OK) {
		const ditto_version_t *ver = zone_version(z);
		if (ver != NULL) {
			ditto_version_attach((ditto_version_t *)ver, &p->ver);
		}
		outconf_attach(z->oc, &p->oc);
		if (z->slot != NULL) {
			zslot_attach(z->slot, &p->slot);
		}
		if (z->hist != NULL) {
			zhist_attach(z->hist, &p->hist);
		}
	}
	rcu_read_unlock();
	server_read_done(sh->srv);
	return v;
}

static uint32_t
quota_limit(xoshared_t *sh)
{
	rcu_read_lock();
	const srvtab_t *tab = server_tab(sh->srv);
	uint32_t n = tab->oglob != NULL ? tab->oglob->transfers_out : 10;
	rcu_read_unlock();
	server_read_done(sh->srv);
	return n;
}

/* The steps from the client's serial to \a to into c->stream. */
static ditto_result_t
read_steps(xoconn_t *c, const pick_t *p, uint32_t to)
{
	if (p->slot != NULL && p->slot->persist != NULL) {
		return persist_read_diff(p->slot->persist, c->req.serial, to,
		                         ditto_xfrout_addstep, c->stream);
	}
	if (p->hist != NULL) {
		return zhist_read(p->hist, c->req.serial, to,
		                  ditto_xfrout_addstep, c->stream);
	}
	return DITTO_R_NOTFOUND;
}

/* An IXFR: the steps, or NULL stream when it must go AXFR-style. */
static ditto_result_t
start_ixfr(xoconn_t *c, const pick_t *p, const ditto_xfrout_opts_t *o,
           uint32_t ours)
{
	ditto_result_t r;
	const ditto_xfr_tsig_t *hook = c->signed_ok ? &c->hook : NULL;
	r = ditto_xfrout_ixfr(&c->req, c->ver, o, hook, &c->stream);
	if (r != DITTO_R_SUCCESS || !ditto_serial_lt(c->req.serial, ours)) {
		return r; /* up to date (or newer): the single SOA */
	}
	r = read_steps(c, p, ours);
	if (r != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
		          "%sIXFR version not in journal, falling back to AXFR",
		          c->prefix);
		ditto_xfrout_destroy(&c->stream);
		return DITTO_R_SUCCESS;
	}
	uint64_t steps = ditto_xfrout_steprecords(c->stream);
	uint64_t size = ditto_version_records(c->ver);
	if (p->oc->max_ixfr_ratio != 0 &&
	    steps * 100 > size * (uint64_t)p->oc->max_ixfr_ratio) {
		log_write(
		        LOG_CAT_XFER_OUT, LOG_LVL_INFO,
		        "%sIXFR delta size (%llu records) exceeds the maximum "
		        "ratio to database size (%llu records), falling back "
		        "to AXFR",
		        c->prefix, (unsigned long long)steps,
		        (unsigned long long)size);
		ditto_xfrout_destroy(&c->stream);
	}
	return DITTO_R_SUCCESS;
}

/* "AXFR started: TSIG k (serial 5)" and the IXFR variants. */
static void
log_started(xoconn_t *c, uint32_t ours)
{
	char kn[DITTO_NAME_MAXTEXT + 16] = "";
	if (c->signed_ok) {
		char k[DITTO_NAME_MAXTEXT];
		xfrconf_keytext(c->tsig.key, k, sizeof(k));
		snprintf(kn, sizeof(kn), ": TSIG %s", k);
	}
	if (c->req.qtype == DITTO_TYPE_IXFR && c->stream != NULL &&
	    !c->axfr_style && !ditto_serial_lt(c->req.serial, ours)) {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_DEBUG,
		          "%sIXFR poll up to date%s", c->prefix, kn);
	} else if (c->req.qtype == DITTO_TYPE_IXFR && !c->axfr_style) {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
		          "%s%s started%s (serial %u -> %u)", c->prefix,
		          c->mnemonic, kn, c->req.serial, ours);
	} else {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
		          "%s%s started%s (serial %u)", c->prefix, c->mnemonic,
		          kn, ours);
	}
}

/* Start the stream of an allowed request for \a p->ver. */
static bool
start_stream(xoshared_t *sh, xoconn_t *c, pick_t *p,
             const ditto_xfrout_req_t *base)
{
	ditto_result_t r = DITTO_R_SUCCESS;
	size_t plen = strlen(c->prefix);
	ditto_xfr_zonetext(base->qname, base->qclass, p->zone, sizeof(p->zone));
	snprintf(c->prefix + plen, sizeof(c->prefix) - plen,
	         "transfer of '%s': ", p->zone);
	(void)sh;
	uint32_t ours = 0;
	const ditto_xfr_tsig_t *hook = c->signed_ok ? &c->hook : NULL;
	ditto_xfrout_opts_t o = { .msgsize = p->oc->transfer_message_size,
		                  .one_answer = p->oc->one_answer };
	(void)ditto_version_serial(p->ver, &ours);
	ditto_version_attach(p->ver, &c->ver);
	c->mnemonic = c->req.qtype == DITTO_TYPE_AXFR ? "AXFR" : "IXFR";
	if (c->req.qtype == DITTO_TYPE_IXFR &&
	    outconf_provide_ixfr(p->oc, (const struct sockaddr *)&c->peer)) {
		r = start_ixfr(c, p, &o, ours);
	}
	if (r == DITTO_R_SUCCESS && c->stream == NULL) {
		c->axfr_style = c->req.qtype == DITTO_TYPE_IXFR;
		if (c->axfr_style) {
			c->mnemonic = "AXFR-style IXFR";
		}
		r = ditto_xfrout_axfr(&c->req, c->ver, &o, hook, &c->stream);
	}
	if (r != DITTO_R_SUCCESS) {
		ditto_version_detach(&c->ver);
		ditto_xfrout_destroy(&c->stream);
		xferacl_logbad(c->prefix, "zone has no SOA",
		               DITTO_RCODE_SERVFAIL);
		reply_error(c, &c->req, DITTO_RCODE_SERVFAIL);
		return false;
	}
	uint64_t now = xferout_now_ms();
	c->started_ms = now;
	c->idle_ms = p->oc->max_idle_out * 1000u;
	c->xfr_deadline = now + (uint64_t)p->oc->max_time_out * 1000u;
	c->deadline = now + c->idle_ms;
	log_started(c, ours);
	return true;
}

/* Parse the request's authority SOA (FORMERR when bad); c->req set. */
static bool
parse_full(xoconn_t *c, const uint8_t *wire, size_t len)
{
	ditto_arena_t arena;
	ditto_msg_t full;
	ditto_err_t err = { 0 };
	ditto_xfrout_req_t req;
	bool ok = false;
	ditto_arena_init(&arena, 4096);
	if (ditto_msg_parse(wire, len, 0, &arena, &full, &err) ==
	            DITTO_R_SUCCESS &&
	    ditto_xfrout_request(&full, &req, &err) == DITTO_R_SUCCESS) {
		c->req = req;
		ok = true;
	}
	ditto_arena_clear(&arena);
	if (!ok) {
		/* named's words for the common case */
		bool nosoa = c->req.qtype == DITTO_TYPE_IXFR && len >= 10 &&
		             ditto_read16(wire + 8) == 0;
		xferacl_logbad(c->prefix,
		               nosoa || err.msg[0] == '\0'
		                       ? "IXFR request missing SOA"
		                       : err.msg,
		               DITTO_RCODE_FORMERR);
	}
	return ok;
}

/* The checks after TSIG: quota, zone, access, form, data. */
static bool
start_checked(xoshared_t *sh, xoconn_t *c, const uint8_t *wire, size_t len,
              const ditto_xfrout_req_t *base)
{
	pick_t p;
	memset(&p, 0, sizeof(p));
	uint16_t rcode = DITTO_RCODE_NOERROR;
	if (!quota_take(sh, quota_limit(sh))) {
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_WARNING,
		          "%s request denied: quota reached",
		          base->qtype == DITTO_TYPE_AXFR ? "AXFR" : "IXFR");
		atomic_fetch_add_explicit(&sh->refused, 1,
		                          memory_order_relaxed);
		/* named counts no XfrRej for a quota refusal */
		xfrhealth_count(zone_counters(sh, c, base),
		                STATS_ZC_XFROUT_REFUSED, 1);
		reply_error(c, base, DITTO_RCODE_SERVFAIL);
		return true;
	}
	c->quota = true;
	switch (pick_zone(sh, c, base, &p)) {
	case XFERACL_NOTAUTH:
		rcode = DITTO_RCODE_NOTAUTH;
		break;
	case XFERACL_REFUSED:
		rcode = DITTO_RCODE_REFUSED;
		atomic_fetch_add_explicit(&sh->refused, 1,
		                          memory_order_relaxed);
		count_ns(sh, STATS_NS_XFRREJ);
		xfrhealth_count(c->zst, STATS_ZC_XFROUT_REFUSED, 1);
		break;
	case XFERACL_OK:
		if (!parse_full(c, wire, len)) {
			rcode = DITTO_RCODE_FORMERR;
		} else if (p.ver == NULL) {
			char why[sizeof(p.zone) + 32];
			ditto_xfr_zonetext(base->qname, base->qclass, p.zone,
			                   sizeof(p.zone));
			snprintf(why, sizeof(why), "'%s': zone has no data",
			         p.zone);
			xferacl_logbad(c->prefix, why, DITTO_RCODE_SERVFAIL);
			rcode = DITTO_RCODE_SERVFAIL;
		} else if (!start_stream(sh, c, &p, base)) {
			rcode = 0xffff; /* answered already */
		}
		break;
	}
	pick_clear(&p);
	if (rcode != DITTO_RCODE_NOERROR) {
		atomic_fetch_sub_explicit(&sh->running, 1,
		                          memory_order_relaxed);
		c->quota = false;
		if (rcode != 0xffff) {
			reply_error(c, base, rcode);
		}
	}
	return true;
}

bool
xferreq_start(xoshared_t *sh, xoconn_t *c, const uint8_t *wire, size_t len)
{
	ditto_msg_t m;
	ditto_xfrout_req_t base;
	if (ditto_msg_parse_query(wire, len, &m, NULL) != DITTO_R_SUCCESS ||
	    !m.has_question) {
		return false; /* query_process() parsed it: cannot happen */
	}
	req_from_query(&m, &base);
	c->req = base;
	c->axfr_style = false;
	if (!check_tsig(sh, c, &m)) {
		return true;
	}
	xferacl_prefix(c, (const struct sockaddr *)&c->peer,
	               c->signed_ok ? c->tsig.key : NULL, base.qname, c->prefix,
	               sizeof(c->prefix));
	return start_checked(sh, c, wire, len, &base);
}

bool
xferreq_next(xoshared_t *sh, xoconn_t *c)
{
	size_t len = 0;
	bool last = false;
	xferout_reserve(c);
	ditto_result_t r = ditto_xfrout_next(c->stream, c->out + c->outlen + 2,
	                                     65535, &len, &last);
	if (r == DITTO_R_RANGE && !c->axfr_style) {
		/* the journal's steps do not reach the version: AXFR-style */
		ditto_xfrout_opts_t o = { 0 };
		ditto_xfrout_destroy(&c->stream);
		log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
		          "%sIXFR version not in journal, falling back to AXFR",
		          c->prefix);
		c->axfr_style = true;
		c->mnemonic = "AXFR-style IXFR";
		r = ditto_xfrout_axfr(&c->req, c->ver, &o,
		                      c->signed_ok ? &c->hook : NULL,
		                      &c->stream);
		if (r == DITTO_R_SUCCESS) {
			r = ditto_xfrout_next(c->stream, c->out + c->outlen + 2,
			                      65535, &len, &last);
		}
	}
	if (r != DITTO_R_SUCCESS) {
		xferreq_end(sh, c, ditto_result_totext(r));
		return false;
	}
	ditto_write16(c->out + c->outlen, (uint16_t)len);
	c->outlen += 2 + len;
	if (last) {
		xferreq_end(sh, c, NULL);
	}
	return true;
}

/* "AXFR ended: 3 messages, 1001 records, 30000 bytes, 0.010 secs
 * (3000000 bytes/sec) (serial 5)" */
static void
log_ended(xoconn_t *c)
{
	ditto_xfrout_stats_t st;
	ditto_xfrout_getstats(c->stream, &st);
	uint64_t ms = xferout_now_ms() - c->started_ms;
	if (ms == 0) {
		ms = 1; /* named never reports 0.000 secs */
	}
	uint64_t persec = st.bytes * 1000 / (ms > 0 ? ms : 1);
	log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
	          "%s%s ended: %llu messages, %llu records, %llu bytes, "
	          "%llu.%03llu secs (%llu bytes/sec) (serial %u)",
	          c->prefix, c->mnemonic, (unsigned long long)st.messages,
	          (unsigned long long)st.records, (unsigned long long)st.bytes,
	          (unsigned long long)(ms / 1000),
	          (unsigned long long)(ms % 1000), (unsigned long long)persec,
	          ditto_xfrout_serial(c->stream));
}

/* A transfer out completed: XfrReqDone, and by kind for the zone (an
 * IXFR poll that found the client current is an IXFR). */
static void
count_done(xoshared_t *sh, const xoconn_t *c)
{
	bool ixfr = c->req.qtype == DITTO_TYPE_IXFR && !c->axfr_style;
	count_ns(sh, STATS_NS_XFRREQDONE);
	xfrhealth_count(c->zst,
	                ixfr ? STATS_ZC_XFROUT_IXFR : STATS_ZC_XFROUT_AXFR, 1);
}

void
xferreq_end(xoshared_t *sh, xoconn_t *c, const char *why)
{
	if (c->stream != NULL) {
		if (why == NULL) {
			bool poll = c->req.qtype == DITTO_TYPE_IXFR &&
			            !c->axfr_style &&
			            !ditto_xfrout_incremental(c->stream);
			if (!poll) {
				log_ended(c);
			}
			atomic_fetch_add_explicit(&sh->done, 1,
			                          memory_order_relaxed);
			count_done(sh, c);
		} else {
			log_write(LOG_CAT_XFER_OUT, LOG_LVL_ERROR, "%s%s",
			          c->prefix, why);
			atomic_fetch_add_explicit(&sh->failed, 1,
			                          memory_order_relaxed);
		}
	}
	ditto_xfrout_destroy(&c->stream);
	ditto_version_detach(&c->ver);
	tsig_release(c);
	c->idle_ms = c->tcp_idle_ms;
	c->deadline = xferout_now_ms() + c->idle_ms;
	if (c->quota) {
		atomic_fetch_sub_explicit(&sh->running, 1,
		                          memory_order_relaxed);
		c->quota = false;
	}
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The query path: one request packet in, one response packet (or none) out. */
/*
 * The order of the checks follows what named 9.18 does with `recursion
 * no` (each case was compared against a running named):
 *
 *   shorter than a header, QR set, blackholed  -> no answer (TCP: close)
 *   unparsable (bad names, counts, 2+ questions) -> FORMERR, header only
 *                                               (question if it parsed)
 *   EDNS version > 0                            -> BADVERS
 *   opcode NOTIFY -> see "NOTIFY" below (RD clear)
 *   opcode UPDATE -> REFUSED at a zone apex, else NOTAUTH (RD clear)
 *   other opcodes -> NOTIMP without the question, RD cleared
 *   QUERY: no question -> FORMERR (with OPT when the request had one),
 *          but NOERROR with a COOKIE for a cookie-only request;
 *          class ANY/NONE -> FORMERR;
 *          qtype OPT/TSIG/TKEY, other meta types (128-255 but
 *          ANY) -> FORMERR;
 *          AXFR/IXFR over TCP -> QUERY_XFR (the transfer-out pool);
 *          over UDP -> see "AXFR and IXFR over UDP" below;
 *          MAILA/MAILB -> NOTIMP; no view/zone -> REFUSED;
 *          allow-query-on / allow-query -> REFUSED;
 *          zone not loaded -> SERVFAIL; else the authoritative answer.
 *
 * Responses echo ID, opcode, RD and CD. With EDNS in the request the
 * response carries OPT (edns-udp-size, DO echoed), NSID when requested and
 * server-id is set, and a COOKIE (client cookie + a fresh RFC 9018 server
 * cookie) when the client sent one and answer-cookie is yes. The path
 * never allocates, locks or logs (everything lives on the stack), except
 * for NOTIFY requests (see below).
 */
#include "query.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/rcode.h"
#include "dns/render.h"
#include "dns/rrtype.h"
#include "tsig/tsig.h"
#include "util/buf.h"
#include "util/mem.h"
#include "xfr/notify.h"
#include "xfr/xfrout.h"
#include "zone/answer.h"
#include "zone/node.h"
#include "zone/rrset.h"

#include "cookie.h"
#include "log.h"
#include "stats.h"
#include "xferacl.h"

/* How named counts the outcome of a request (count_response()). */
typedef enum qkind {
	QK_CLIENT = 0, /* answered by the request layer: no Qry* counter */
	QK_SEND,       /* the query path's answer (named's query_send()) */
	QK_ERROR,      /* the query path's error (named's query_error()) */
} qkind_t;

/* State of one response under construction. */
typedef struct reply {
	const srvtab_t *tab;
	const query_client_t *cl;
	const ditto_msg_t *msg;
	ditto_render_t r;
	ditto_edns_t edns;
	uint8_t cookie[COOKIE_CLIENT_LEN + COOKIE_SERVER_LEN];
	uint8_t ecs[4 + 16]; /* CLIENT-SUBNET echoed with scope 0 */
	size_t reserve;      /* octets kept free for a TSIG record */
	stats_block_t *st;   /* counters (cl->st), NULL: none */
	uint8_t kind;        /* qkind_t of the response */
	uint8_t rcode_hi;    /* upper bits of the rcode (in OPT) */
	bool resp_edns;      /* the response carries OPT */
	bool resp_tsig;      /* the response carries TSIG */
} reply_t;

/* ---- counting (stats.h): single writer, no lock, no RMW ---- */

static inline void
cnt(const reply_t *rp, stats_ns_t c)
{
	if (rp->st != NULL) {
		stats_add1w(&rp->st->ns[c], 1);
	}
}

/* The question's type (QUERY only), as named's rcvquerystats. */
static void
cnt_qtype(const reply_t *rp)
{
	if (rp->st == NULL || rp->msg->hdr.opcode != DITTO_OPCODE_QUERY) {
		return;
	}
	uint16_t t = rp->msg->qtype;
	stats_add1w(t != 0 && t < 256 ? &rp->st->qtype[t]
	                              : &rp->st->qtype_other,
	            1);
}

/* A zone counter from the query path (rare: NOTIFY; fetch-add). */
static void
cnt_zone(const zone_t *z, stats_zc_t c)
{
	if (z != NULL && z->zst != NULL) {
		stats_add(&z->zst->c[c], 1);
	}
}

static bool
acl_allows(const srvtab_t *tab, const ditto_acl_t *acl,
           const struct sockaddr *sa)
{
	return acl == NULL || sa == NULL ||
	       ditto_acl_matchsockaddr(acl, tab->aclenv, sa, NULL, NULL) ==
	               DITTO_ACL_ALLOW;
}

static bool
blackholed(const srvtab_t *tab, const struct sockaddr *sa)
{
	return tab->conf.blackhole != NULL &&
	       ditto_acl_matchsockaddr(tab->conf.blackhole, tab->aclenv, sa,
	                               NULL, NULL) == DITTO_ACL_ALLOW;
}

static size_t
udp_limit(const reply_t *rp)
{
	if (rp->cl->tcp) {
		return QUERY_MAXOUT;
	}
	if (!rp->msg->has_edns) {
		return 512;
	}
	size_t size = rp->msg->edns.udpsize;
	if (size < 512) {
		size = 512;
	}
	if (size > rp->tab->conf.max_udp_size) {
		size = rp->tab->conf.max_udp_size;
	}
	return size;
}

/* NSID and COOKIE for the OPT record of the response. */
static void
edns_options(reply_t *rp)
{
	const dconf_t *dc = &rp->tab->conf;
	const ditto_edns_t *qe = &rp->msg->edns;
	const uint8_t *client, *server;
	size_t serverlen;
	if (dc->server_id != NULL &&
	    ditto_edns_find(qe, DITTO_EDNS_OPT_NSID) != NULL) {
		size_t n = strlen(dc->server_id);
		if (ditto_edns_addopt(&rp->edns, DITTO_EDNS_OPT_NSID,
		                      (const uint8_t *)dc->server_id,
		                      (uint16_t)(n > 512 ? 512 : n)) !=
		    DITTO_R_SUCCESS) {
			return; /* cannot happen: the list is empty */
		}
	}
	if (dc->answer_cookie &&
	    ditto_edns_cookie(qe, &client, &server, &serverlen) ==
	            DITTO_R_SUCCESS) {
		memcpy(rp->cookie, client, COOKIE_CLIENT_LEN);
		cookie_make(dc->cookie_secret, client, rp->cl->peer,
		            rp->cl->now, rp->cookie + COOKIE_CLIENT_LEN);
		if (ditto_edns_addopt(&rp->edns, DITTO_EDNS_OPT_COOKIE,
		                      rp->cookie,
		                      sizeof(rp->cookie)) != DITTO_R_SUCCESS) {
			return; /* cannot happen: at most one option before */
		}
	}
	/* named echoes a client subnet with scope 0: the answer is the same
	 * for every subnet (RFC 7871 7.2.1); the parser checked its form and
	 * query_process() its scope */
	const ditto_edns_opt_t *ecs =
	        ditto_edns_find(qe, DITTO_EDNS_OPT_CLIENT_SUBNET);
	if (ecs != NULL && ecs->len <= sizeof(rp->ecs)) {
		memcpy(rp->ecs, ecs->data, ecs->len);
		rp->ecs[3] = 0;
		if (ditto_edns_addopt(&rp->edns, DITTO_EDNS_OPT_CLIENT_SUBNET,
		                      rp->ecs, ecs->len) != DITTO_R_SUCCESS) {
			return; /* cannot happen: at most two options before */
		}
	}
}

/*
 * Begin the response: header with \a rcode, OPT when the request had one
 * (with options unless \a bare), the question when \a question.
 */
static void
reply_begin(reply_t *rp, uint8_t *out, size_t outsize, uint16_t rcode,
            bool question, bool bare)
{
	const ditto_msg_t *m = rp->msg;
	ditto_msg_header_t h = {
		.id = m->hdr.id,
		.flags = (uint16_t)(DITTO_MSG_QR |
		                    (m->hdr.flags &
		                     (DITTO_MSG_RD | DITTO_MSG_CD))),
		.opcode = m->hdr.opcode,
		.rcode = rcode
	};
	ditto_render_begin(&rp->r, out, outsize, udp_limit(rp), &h);
	rp->rcode_hi = (uint8_t)(rcode >> 4);
	if (m->has_edns) {
		ditto_edns_init(&rp->edns, rp->tab->conf.edns_udp_size);
		rp->edns.flags = m->edns.flags & DITTO_EDNS_FLAG_DO;
		if (!bare) {
			edns_options(rp);
		}
		if (ditto_render_setedns(&rp->r, &rp->edns) !=
		    DITTO_R_SUCCESS) {
			/* cannot happen with a limit of 512 or more */
			rp->r.has_edns = false;
		}
	}
	rp->resp_edns = rp->r.has_edns;
	if (rp->reserve > 0 &&
	    ditto_render_reserve(&rp->r, rp->reserve) != DITTO_R_SUCCESS) {
		ditto_render_truncate(&rp->r); /* 512 octets leave room */
	}
	if (question && m->has_question) {
		if (ditto_render_question(&rp->r, m->qname, m->qtype,
		                          m->qclass) != DITTO_R_SUCCESS) {
			ditto_render_truncate(&rp->r); /* cannot happen */
		}
	}
}

static query_action_t
reply_finish(reply_t *rp, size_t *outlen)
{
	if (ditto_render_finish(&rp->r, outlen) != DITTO_R_SUCCESS) {
		return QUERY_DROP;
	}
	return QUERY_SEND;
}

static query_action_t
reply_simple(reply_t *rp, uint8_t *out, size_t outsize, uint16_t rcode,
             size_t *outlen)
{
	reply_begin(rp, out, outsize, rcode, true, false);
	return reply_finish(rp, outlen);
}

/*
 * FORMERR for a request the parser refused: header (and question), and an
 * OPT record of \a udpsize when \a udpsize is not 0 (named adds one when
 * a known EDNS option was malformed).
 */
static query_action_t
formerr_early(const ditto_msg_t *m, const uint8_t *in, uint8_t *out,
              size_t outsize, uint16_t udpsize, size_t *outlen)
{
	ditto_render_t r;
	uint16_t flags = ditto_read16(in + 2);
	ditto_msg_header_t h = {
		.id = ditto_read16(in),
		.flags = (uint16_t)(DITTO_MSG_QR |
		                    (flags & (DITTO_MSG_RD | DITTO_MSG_CD))),
		.opcode = (uint8_t)((flags >> 11) & 0xf),
		.rcode = DITTO_RCODE_FORMERR
	};
	ditto_render_begin(&r, out, outsize, 512, &h);
	if (m->has_question && ditto_read16(in + 4) == 1) {
		if (ditto_render_question(&r, m->qname, m->qtype, m->qclass) !=
		    DITTO_R_SUCCESS) {
			return QUERY_DROP; /* cannot happen: 512 bytes */
		}
	}
	ditto_edns_t e;
	if (udpsize != 0) {
		ditto_edns_init(&e, udpsize);
		if (ditto_render_setedns(&r, &e) != DITTO_R_SUCCESS) {
			return QUERY_DROP; /* cannot happen: 512 bytes */
		}
	}
	return ditto_render_finish(&r, outlen) == DITTO_R_SUCCESS ? QUERY_SEND
	                                                          : QUERY_DROP;
}

/* A client subnet with a scope in a request: named answers FORMERR
 * without OPT (it reads the option only for EDNS version 0). */
static bool
bad_subnet_scope(const ditto_msg_t *m)
{
	if (!m->has_edns || m->edns.version != 0) {
		return false;
	}
	const ditto_edns_opt_t *ecs =
	        ditto_edns_find(&m->edns, DITTO_EDNS_OPT_CLIENT_SUBNET);
	return ecs != NULL && ecs->data[3] != 0;
}

static const view_t *
find_view(reply_t *rp)
{
	return srvtab_view(rp->tab, rp->cl->peer, rp->cl->local,
	                   rp->msg->qclass);
}

/*
 * A QUERY without a question: FORMERR, unless it carries a DNS cookie,
 * which named answers (NOERROR, no question) so that a client can learn
 * a server cookie (RFC 7873 section 5.4).
 */
static query_action_t
no_question(reply_t *rp, const uint8_t *in, uint8_t *out, size_t outsize,
            size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	if (!m->has_edns) {
		return formerr_early(m, in, out, outsize, 0, outlen);
	}
	bool cookie = rp->tab->conf.answer_cookie &&
	              ditto_edns_find(&m->edns, DITTO_EDNS_OPT_COOKIE) != NULL;
	reply_begin(rp, out, outsize,
	            cookie ? DITTO_RCODE_NOERROR : DITTO_RCODE_FORMERR, false,
	            false);
	return reply_finish(rp, outlen);
}

/* ---- NOTIFY (RFC 1996) ---- */

/*
 * A NOTIFY is the one request of the query path that logs, allocates (a
 * small arena to read the SOA in its answer section) and takes a lock
 * (the zone manager's queue mutex, for a few instructions): NOTIFYs are
 * rare and each is worth a line in the notify category, as in named.
 * Queries never reach this code.
 *
 *   TSIG present and bad       -> NOTAUTH + TSIG error (security log)
 *   zone not served            -> NOTAUTH (notify log)
 *   zone not a secondary       -> NOERROR+AA (nothing to refresh)
 *   sender neither a primary nor allowed by allow-notify
 *                              -> REFUSED (security log)
 *   else                       -> queued to the zone manager (at most
 *                                 one per zone), NOERROR+AA at once
 */

typedef struct notifyctx {
	ditto_tsig_t tsig; /*!< verified request's TSIG state */
	bool signed_ok;    /*!< sign the reply */
	char keytext[DITTO_NAME_MAXTEXT + 16]; /*!< ": TSIG 'k'" or "" */
} notifyctx_t;

static void
notify_peer(const reply_t *rp, char *buf, size_t size)
{
	if (rp->cl->peer != NULL) {
		xfrconf_addrtext(rp->cl->peer, buf, size);
	} else {
		snprintf(buf, size, "?");
	}
}

static void
notify_zonetext(const ditto_msg_t *m, char *buf, size_t size)
{
	ditto_name_format(m->qname, buf, size);
}

/* Verify the TSIG of a NOTIFY. \return -1 to go on, else the action of
 * the error response written to \a out. */
static int
request_tsig(reply_t *rp, notifyctx_t *nc, uint8_t *out, size_t outsize,
             size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	ditto_err_t err = { 0 };
	char peer[XFRCONF_ADDRTEXT];
	if (!m->has_tsig) {
		cnt_qtype(rp); /* named counts it after the signature check */
		return -1;
	}
	ditto_result_t r = ditto_tsig_verify_request(
	        &nc->tsig, rp->tab->keys->ring, m, rp->cl->now, &err);
	if (r == DITTO_R_SUCCESS) {
		cnt_qtype(rp);
		char kn[DITTO_NAME_MAXTEXT];
		xfrconf_keytext(nc->tsig.key, kn, sizeof(kn));
		snprintf(nc->keytext, sizeof(nc->keytext), ": TSIG '%s'", kn);
		nc->signed_ok = true;
		return -1;
	}
	cnt(rp, STATS_NS_REQBADSIG);
	notify_peer(rp, peer, sizeof(peer));
	log_write(LOG_CAT_SECURITY, LOG_LVL_ERROR,
	          "client @%p %s: request has invalid signature: %s",
	          (void *)rp, peer,
	          err.msg[0] != '\0' ? err.msg : ditto_result_totext(r));
	if (nc->tsig.error != 0 &&
	    ditto_tsig_error_response(&nc->tsig, m, out, outsize, outlen,
	                              rp->cl->now, NULL) == DITTO_R_SUCCESS) {
		/* named signs it with the key it found (not for BADKEY) */
		rp->resp_tsig = nc->tsig.error != DITTO_RCODE_BADKEY;
		ditto_tsig_clear(&nc->tsig);
		return QUERY_SEND;
	}
	ditto_tsig_clear(&nc->tsig);
	return QUERY_DROP;
}

/*
 * named counts NotifyInv4/v6 for every NOTIFY that reaches a zone; the
 * zone manager counts those it is handed (zonemgr_notify()), this the
 * others (a primary's, FORMERR, refused).
 */
static void
notify_cnt_in(const reply_t *rp, const zone_t *z)
{
	bool v6 = rp->cl->peer != NULL && rp->cl->peer->sa_family == AF_INET6;
	cnt_zone(z, v6 ? STATS_ZC_NOTIFYINV6 : STATS_ZC_NOTIFYINV4);
}

static bool
notify_allowed(const reply_t *rp, const zone_t *z, const notifyctx_t *nc)
{
	const struct sockaddr *peer = rp->cl->peer;
	if (peer == NULL) {
		return false;
	}
	if (xfrconf_isprimary(z->xc, peer)) {
		return true;
	}
	return z->allow_notify != NULL &&
	       ditto_acl_matchsockaddr(
	               z->allow_notify, rp->tab->aclenv, peer,
	               nc->signed_ok ? ditto_tsigkey_name(nc->tsig.key) : NULL,
	               NULL) == DITTO_ACL_ALLOW;
}

/* The serial in the NOTIFY's answer section, if any. */
static bool
notify_serial(const uint8_t *in, size_t inlen, uint32_t *serial)
{
	ditto_arena_t arena;
	ditto_msg_t full;
	ditto_notify_t n;
	bool ok = false;
	ditto_arena_init(&arena, 4096);
	if (ditto_msg_parse(in, inlen, 0, &arena, &full, NULL) ==
	            DITTO_R_SUCCESS &&
	    ditto_notify_parse(&full, &n, NULL) == DITTO_R_SUCCESS &&
	    n.has_serial) {
		*serial = n.serial;
		ok = true;
	}
	ditto_arena_clear(&arena);
	return ok;
}

/* Decide the rcode of a NOTIFY for \a z and queue the refresh. */
static uint16_t
notify_zone(reply_t *rp, const zone_t *z, notifyctx_t *nc, const uint8_t *in,
            size_t inlen)
{
	const ditto_msg_t *m = rp->msg;
	char peer[XFRCONF_ADDRTEXT], zname[DITTO_NAME_MAXTEXT];
	uint32_t serial = 0;
	notify_peer(rp, peer, sizeof(peer));
	notify_zonetext(m, zname, sizeof(zname));
	if (z == NULL) {
		log_write(LOG_CAT_NOTIFY, LOG_LVL_NOTICE,
		          "client @%p %s: received notify for zone '%s'%s: "
		          "not authoritative",
		          (void *)rp, peer, zname, nc->keytext);
		return DITTO_RCODE_NOTAUTH;
	}
	log_write(LOG_CAT_NOTIFY, LOG_LVL_INFO,
	          "client @%p %s: received notify for zone '%s'%s", (void *)rp,
	          peer, zname, nc->keytext);
	if (z->slot == NULL || rp->tab->zm == NULL) {
		notify_cnt_in(rp, z);
		return DITTO_RCODE_NOERROR; /* a primary: nothing to do */
	}
	if (m->qtype != DITTO_TYPE_SOA) {
		notify_cnt_in(rp, z);
		return DITTO_RCODE_FORMERR;
	}
	if (!notify_allowed(rp, z, nc)) {
		notify_cnt_in(rp, z);
		cnt_zone(z, STATS_ZC_NOTIFYREJ);
		log_write(LOG_CAT_SECURITY, LOG_LVL_INFO,
		          "zone %s: refused notify from non-master: %s",
		          z->name, peer);
		return DITTO_RCODE_REFUSED;
	}
	bool has_serial = notify_serial(in, inlen, &serial);
	zonemgr_notify(rp->tab->zm, z->slot, rp->cl->peer, has_serial, serial);
	return DITTO_RCODE_NOERROR;
}

static query_action_t
notify_in(reply_t *rp, const zone_t *z, const uint8_t *in, size_t inlen,
          uint8_t *out, size_t outsize, size_t *outlen)
{
	notifyctx_t nc;
	memset(&nc, 0, sizeof(nc));
	int early = request_tsig(rp, &nc, out, outsize, outlen);
	if (early >= 0) {
		return (query_action_t)early;
	}
	uint16_t rcode = notify_zone(rp, z, &nc, in, inlen);
	reply_begin(rp, out, outsize, rcode, true, false);
	if (rcode == DITTO_RCODE_NOERROR) {
		rp->r.hdr.flags |= DITTO_MSG_AA;
	}
	query_action_t a = reply_finish(rp, outlen);
	if (a == QUERY_SEND && nc.signed_ok) {
		rp->resp_tsig = ditto_tsig_sign_response(
		                        &nc.tsig, out, outlen, outsize,
		                        rp->cl->now, NULL) == DITTO_R_SUCCESS;
		a = rp->resp_tsig ? a : QUERY_DROP;
	}
	if (nc.signed_ok) {
		ditto_tsig_clear(&nc.tsig);
	}
	return a;
}

/* NOTIFY and UPDATE: known zone apex or NOTAUTH. */
static query_action_t
notify_update(reply_t *rp, const uint8_t *in, size_t inlen, uint8_t *out,
              size_t outsize, size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	if (!m->has_question) {
		return reply_simple(rp, out, outsize, DITTO_RCODE_FORMERR,
		                    outlen);
	}
	const view_t *v = find_view(rp);
	const zone_t *z = v != NULL ? view_exactzone(v, m->qname) : NULL;
	if (m->hdr.opcode == DITTO_OPCODE_NOTIFY) {
		return notify_in(rp, z, in, inlen, out, outsize, outlen);
	}
	if (z == NULL) {
		return reply_simple(rp, out, outsize, DITTO_RCODE_NOTAUTH,
		                    outlen);
	}
	cnt(rp, STATS_NS_UPDATEREJ);
	return reply_simple(rp, out, outsize, DITTO_RCODE_REFUSED, outlen);
}

/* ---- AXFR and IXFR over UDP ---- */

/*
 * named answers an IXFR over UDP from an allowed client with the single
 * SOA of the current version (RFC 1995 section 2: the client then retries
 * over TCP), without AA; an AXFR over UDP with FORMERR. The refusals log
 * as they do on TCP (xferacl.c). Like NOTIFY this path may log and
 * allocate (a small arena to read the IXFR's authority SOA); it is rare.
 */

/* The SOA of \a ver in the answer section. */
static void
xfr_udp_soa(reply_t *rp, const ditto_version_t *ver)
{
	const ditto_node_t *apex = ditto_version_apex(ver);
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t rdlen = 0;
	const uint8_t *rdata =
	        soa != NULL ? ditto_rrset_rdata(soa, 0, &rdlen) : NULL;
	if (rdata == NULL) {
		rp->r.hdr.rcode = DITTO_RCODE_SERVFAIL;
		return;
	}
	ditto_render_begin_rrset(&rp->r, DITTO_SECTION_ANSWER);
	ditto_render_add(&rp->r, ditto_version_origin(ver), DITTO_TYPE_SOA,
	                 ditto_version_class(ver), soa->ttl, rdata, rdlen);
	if (ditto_render_end_rrset(&rp->r, 0) != DITTO_R_SUCCESS) {
		rp->r.hdr.rcode = DITTO_RCODE_SERVFAIL; /* TC set */
	}
}

static query_action_t
xfr_udp_reply(reply_t *rp, notifyctx_t *nc, uint16_t rcode,
              const ditto_version_t *ver, uint8_t *out, size_t outsize,
              size_t *outlen)
{
	reply_begin(rp, out, outsize, rcode, true, false);
	if (ver != NULL) {
		xfr_udp_soa(rp, ver);
	}
	query_action_t a = reply_finish(rp, outlen);
	if (a == QUERY_SEND && nc->signed_ok) {
		rp->resp_tsig = ditto_tsig_sign_response(
		                        &nc->tsig, out, outlen, outsize,
		                        rp->cl->now, NULL) == DITTO_R_SUCCESS;
		a = rp->resp_tsig ? a : QUERY_DROP;
	}
	if (nc->signed_ok) {
		ditto_tsig_clear(&nc->tsig);
	}
	return a;
}

/* The IXFR's authority SOA: FORMERR (logged) when it is missing or bad. */
static bool
xfr_udp_form(const uint8_t *in, size_t inlen, const char *prefix)
{
	ditto_arena_t arena;
	ditto_msg_t full;
	ditto_xfrout_req_t req;
	ditto_err_t err = { 0 };
	bool ok = false;
	ditto_arena_init(&arena, 4096);
	if (ditto_msg_parse(in, inlen, 0, &arena, &full, &err) ==
	            DITTO_R_SUCCESS &&
	    ditto_xfrout_request(&full, &req, &err) == DITTO_R_SUCCESS) {
		ok = req.has_serial;
	}
	ditto_arena_clear(&arena);
	if (!ok) {
		/* named's words for the common case */
		bool nosoa = inlen >= 10 && ditto_read16(in + 8) == 0;
		xferacl_logbad(prefix,
		               nosoa || err.msg[0] == '\0'
		                       ? "IXFR request missing SOA"
		                       : err.msg,
		               DITTO_RCODE_FORMERR);
	}
	return ok;
}

static query_action_t
xfr_udp(reply_t *rp, const uint8_t *in, size_t inlen, uint8_t *out,
        size_t outsize, size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	notifyctx_t nc;
	char prefix[XFERACL_PREFIXLEN];
	const zone_t *z = NULL;
	memset(&nc, 0, sizeof(nc));
	int early = request_tsig(rp, &nc, out, outsize, outlen);
	if (early >= 0) {
		return (query_action_t)early;
	}
	xferacl_prefix(rp, rp->cl->peer, nc.signed_ok ? nc.tsig.key : NULL,
	               m->qname, prefix, sizeof(prefix));
	switch (xferacl_check(rp->tab, rp->cl->peer, rp->cl->local, m->qname,
	                      m->qtype, m->qclass,
	                      nc.signed_ok ? nc.tsig.key : NULL, prefix, &z)) {
	case XFERACL_NOTAUTH:
		return xfr_udp_reply(rp, &nc, DITTO_RCODE_NOTAUTH, NULL, out,
		                     outsize, outlen);
	case XFERACL_REFUSED:
		cnt(rp, STATS_NS_XFRREJ);
		return xfr_udp_reply(rp, &nc, DITTO_RCODE_REFUSED, NULL, out,
		                     outsize, outlen);
	case XFERACL_OK:
		break;
	}
	if (m->qtype == DITTO_TYPE_AXFR) {
		xferacl_logbad(prefix, "attempted AXFR over UDP",
		               DITTO_RCODE_FORMERR);
		return xfr_udp_reply(rp, &nc, DITTO_RCODE_FORMERR, NULL, out,
		                     outsize, outlen);
	}
	if (!xfr_udp_form(in, inlen, prefix)) {
		return xfr_udp_reply(rp, &nc, DITTO_RCODE_FORMERR, NULL, out,
		                     outsize, outlen);
	}
	const ditto_version_t *ver = zone_version(z);
	return xfr_udp_reply(rp, &nc,
	                     ver != NULL ? DITTO_RCODE_NOERROR
	                                 : DITTO_RCODE_SERVFAIL,
	                     ver, out, outsize, outlen);
}

/* question_check(): a zone transfer request (not an rcode). */
#define QCHECK_XFR (-2)

/* The question's class and type checks; returns an rcode, -1 to go on or
 * QCHECK_XFR. */
static int
question_check(const reply_t *rp)
{
	const ditto_msg_t *m = rp->msg;
	if (m->qclass == DITTO_CLASS_ANY || m->qclass == DITTO_CLASS_NONE) {
		return DITTO_RCODE_FORMERR;
	}
	switch (m->qtype) {
	case DITTO_TYPE_OPT:
	case DITTO_TYPE_TSIG:
	case DITTO_TYPE_TKEY:
		return DITTO_RCODE_FORMERR;
	case DITTO_TYPE_AXFR:
	case DITTO_TYPE_IXFR:
		return QCHECK_XFR;
	case DITTO_TYPE_MAILA:
	case DITTO_TYPE_MAILB:
		return DITTO_RCODE_NOTIMP;
	case DITTO_TYPE_ANY:
		return -1;
	default:
		/* the rest of the meta-type range 128-255 (RFC 6895) */
		return m->qtype >= 128 && m->qtype <= 255 ? DITTO_RCODE_FORMERR
		                                          : -1;
	}
}

/* named's query log line (rndc querylog; log.h log_query()). */
static void
query_log(reply_t *rp)
{
	const ditto_msg_t *m = rp->msg;
	char client[XFRCONF_ADDRTEXT], dest[INET6_ADDRSTRLEN] = "0.0.0.0";
	char qname[DITTO_NAME_MAXTEXT], qclass[32], qtype[32], flags[24];
	const uint8_t *cc, *sc;
	size_t sl = 0;
	xfrconf_addrtext(rp->cl->peer, client, sizeof(client));
	const struct sockaddr *la = rp->cl->local;
	if (la != NULL) {
		const void *a =
		        la->sa_family == AF_INET6
		                ? (const void *)&(
		                          (const struct sockaddr_in6 *)la)
		                          ->sin6_addr
		                : (const void *)&(
		                          (const struct sockaddr_in *)la)
		                          ->sin_addr;
		(void)inet_ntop(la->sa_family, a, dest, sizeof(dest));
	}
	ditto_name_format(m->qname, qname, sizeof(qname));
	(void)ditto_rrclass_totext(m->qclass, qclass, sizeof(qclass));
	(void)ditto_rrtype_totext(m->qtype, qtype, sizeof(qtype));
	bool sent = m->has_edns && ditto_edns_cookie(&m->edns, &cc, &sc, &sl) ==
	                                   DITTO_R_SUCCESS;
	bool valid = sent && sl > 0 &&
	             cookie_valid(rp->tab->conf.cookie_secret, cc, sc, sl,
	                          rp->cl->peer, rp->cl->now);
	log_query_flags(flags, sizeof(flags),
	                (m->hdr.flags & DITTO_MSG_RD) != 0, m->has_tsig,
	                m->has_edns ? (int)m->edns.version : -1, rp->cl->tcp,
	                m->has_edns &&
	                        (m->edns.flags & DITTO_EDNS_FLAG_DO) != 0,
	                (m->hdr.flags & DITTO_MSG_CD) != 0, valid, sent);
	const view_t *v = find_view(rp);
	log_query_t lq = { .id = rp,
		           .client = client,
		           .view = v != NULL ? v->name : NULL,
		           .qname = qname,
		           .qclass = qclass,
		           .qtype = qtype,
		           .flags = flags,
		           .dest = dest };
	log_query(&lq);
}

static query_action_t query_lookup(reply_t *rp, uint8_t *out, size_t outsize,
                                   size_t *outlen);

/*
 * A TSIG-signed query (RFC 8945 section 5): a bad signature gets named's
 * NOTAUTH with the TSIG error (and a security line); a good one an answer
 * rendered within the room its TSIG record leaves, then signed.
 */
static query_action_t
query_signed(reply_t *rp, uint8_t *out, size_t outsize, size_t *outlen)
{
	notifyctx_t nc;
	memset(&nc, 0, sizeof(nc));
	int early = request_tsig(rp, &nc, out, outsize, outlen);
	if (early >= 0) {
		return (query_action_t)early;
	}
	rp->reserve = ditto_tsig_reserve(nc.tsig.key);
	query_action_t a = query_lookup(rp, out, outsize, outlen);
	rp->reserve = 0;
	if (a == QUERY_SEND) {
		rp->resp_tsig = ditto_tsig_sign_response(
		                        &nc.tsig, out, outlen, outsize,
		                        rp->cl->now, NULL) == DITTO_R_SUCCESS;
		a = rp->resp_tsig ? a : QUERY_DROP;
	}
	ditto_tsig_clear(&nc.tsig);
	return a;
}

static query_action_t
query_answer(reply_t *rp, const uint8_t *in, size_t inlen, uint8_t *out,
             size_t outsize, size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	int rc = question_check(rp);
	if (rc == QCHECK_XFR) {
		/* TCP: the transfer-out pool takes the connection and does
		 * every check itself (the worker stays lock-free) */
		if (rp->cl->tcp) {
			cnt_qtype(rp);
			return QUERY_XFR;
		}
		return xfr_udp(rp, in, inlen, out, outsize, outlen);
	}
	if (rc >= 0) {
		cnt_qtype(rp);
		rp->kind = QK_ERROR;
		return reply_simple(rp, out, outsize, (uint16_t)rc, outlen);
	}
	if (m->has_tsig) {
		return query_signed(rp, out, outsize, outlen);
	}
	cnt_qtype(rp);
	return query_lookup(rp, out, outsize, outlen);
}

/* The answer from the zone's data (or REFUSED, SERVFAIL). */
static query_action_t
query_lookup(reply_t *rp, uint8_t *out, size_t outsize, size_t *outlen)
{
	const ditto_msg_t *m = rp->msg;
	const view_t *v = find_view(rp);
	const zone_t *z =
	        v != NULL ? view_findzone(v, m->qname, m->qtype) : NULL;
	rp->kind = QK_ERROR;
	if (z == NULL ||
	    !acl_allows(rp->tab, z->allow_query_on, rp->cl->local) ||
	    !acl_allows(rp->tab, z->allow_query, rp->cl->peer)) {
		/* named: RecQryRej when RD is set, even with recursion no */
		cnt(rp, (m->hdr.flags & DITTO_MSG_RD) != 0
		                ? STATS_NS_RECQRYREJ
		                : STATS_NS_AUTHQRYREJ);
		return reply_simple(rp, out, outsize, DITTO_RCODE_REFUSED,
		                    outlen);
	}
	const ditto_version_t *ver = zone_version(z);
	if (ver == NULL) {
		return reply_simple(rp, out, outsize, DITTO_RCODE_SERVFAIL,
		                    outlen);
	}
	cnt(rp, rp->cl->tcp ? STATS_NS_QRYTCP : STATS_NS_QRYUDP);
	rp->kind = QK_SEND;
	ditto_query_t q = {
		.qname = m->qname,
		.qtype = m->qtype,
		.qclass = m->qclass,
		.dnssec_ok = m->has_edns &&
		             (m->edns.flags & DITTO_EDNS_FLAG_DO) != 0,
		.recursion_desired = (m->hdr.flags & DITTO_MSG_RD) != 0,
		.tcp = rp->cl->tcp,
		.prefer_aaaa = rp->cl->peer != NULL &&
		               rp->cl->peer->sa_family == AF_INET6,
		.zones = v->table,
		.udp_size = (uint16_t)((!rp->cl->tcp && m->has_edns)
		                               ? (m->edns.udpsize < 512
		                                          ? 512
		                                          : m->edns.udpsize)
		                               : 0),
	};
	reply_begin(rp, out, outsize, DITTO_RCODE_NOERROR, true, false);
	if (ditto_answer_query(&z->aopts, ver, &q, &rp->r) != DITTO_R_SUCCESS) {
		rp->kind = QK_ERROR;
		return reply_simple(rp, out, outsize, DITTO_RCODE_SERVFAIL,
		                    outlen);
	}
	return reply_finish(rp, outlen);
}

/* A request's first COOKIE option, as named's process_cookie(). */
static void
cnt_cookie(const reply_t *rp, const ditto_edns_opt_t *o)
{
	cnt(rp, STATS_NS_COOKIEIN);
	if (o->len == COOKIE_CLIENT_LEN) {
		cnt(rp, STATS_NS_COOKIENEW);
		return;
	}
	if (o->len != COOKIE_CLIENT_LEN + COOKIE_SERVER_LEN) {
		cnt(rp, STATS_NS_COOKIEBADSIZE);
		return;
	}
	/* named's window: an hour old at most, five minutes ahead */
	int32_t age = (int32_t)(rp->cl->now - ditto_read32(o->data + 12));
	if (age > 3600 || age < -300) {
		cnt(rp, STATS_NS_COOKIEBADTIME);
		return;
	}
	bool ok = cookie_valid(rp->tab->conf.cookie_secret, o->data,
	                       o->data + COOKIE_CLIENT_LEN, COOKIE_SERVER_LEN,
	                       rp->cl->peer, rp->cl->now);
	cnt(rp, ok ? STATS_NS_COOKIEMATCH : STATS_NS_COOKIENOMATCH);
}

/* EDNS options of a version 0 request, as named's process_opt(). */
static void
cnt_edns(const reply_t *rp)
{
	const ditto_edns_t *e = &rp->msg->edns;
	bool cookie = false;
	for (unsigned int i = 0; i < e->nopts; i++) {
		switch (e->opts[i].code) {
		case DITTO_EDNS_OPT_NSID:
			cnt(rp, STATS_NS_NSIDOPT);
			break;
		case DITTO_EDNS_OPT_EXPIRE:
			cnt(rp, STATS_NS_EXPIREOPT);
			break;
		case DITTO_EDNS_OPT_CLIENT_SUBNET:
			cnt(rp, STATS_NS_ECSOPT);
			break;
		case DITTO_EDNS_OPT_TCP_KEEPALIVE:
			cnt(rp, STATS_NS_KEEPALIVEOPT);
			break;
		case DITTO_EDNS_OPT_PADDING:
			cnt(rp, STATS_NS_PADOPT);
			break;
		case DITTO_EDNS_OPT_COOKIE:
			if (!cookie && rp->tab->conf.answer_cookie) {
				cnt_cookie(rp, &e->opts[i]);
			}
			cookie = true; /* named reads the first one only */
			break;
		default:
			cnt(rp, STATS_NS_OTHEROPT);
			break;
		}
	}
	cnt(rp, STATS_NS_REQEDNS0);
}

/* The outcome of a request, from the response in out[0..len). */
static void
count_response(const reply_t *rp, const uint8_t *out, size_t len)
{
	if (len < DITTO_MSG_HDRLEN) {
		return; /* cannot happen: a rendered header */
	}
	unsigned int rcode = ((unsigned int)rp->rcode_hi << 4) | (out[3] & 0xf);
	cnt(rp, STATS_NS_RESPONSE);
	if (rcode < 24) {
		stats_add1w(&rp->st->rcode[rcode], 1);
	}
	if (rp->resp_edns) {
		cnt(rp, STATS_NS_RESPEDNS0);
	}
	if (rp->resp_tsig) {
		cnt(rp, STATS_NS_RESPTSIG);
	}
	if ((ditto_read16(out + 2) & DITTO_MSG_TC) != 0) {
		cnt(rp, STATS_NS_TRUNCATEDRESP);
	}
	if (rp->kind == QK_SEND) {
		bool aa = (ditto_read16(out + 2) & DITTO_MSG_AA) != 0;
		cnt(rp, aa ? STATS_NS_QRYAUTHANS : STATS_NS_QRYNOAUTHANS);
		if (rcode == DITTO_RCODE_NOERROR) {
			/* an empty answer without AA is a referral here; a
			 * truncated one with AA had an answer (named counts
			 * its sections before rendering) */
			bool tc = (ditto_read16(out + 2) & DITTO_MSG_TC) != 0;
			bool an = ditto_read16(out + 6) != 0 || (tc && aa);
			cnt(rp, an   ? STATS_NS_QRYSUCCESS
			        : aa ? STATS_NS_QRYNXRRSET
			             : STATS_NS_QRYREFERRAL);
		} else {
			cnt(rp, rcode == DITTO_RCODE_NXDOMAIN
			                ? STATS_NS_QRYNXDOMAIN
			                : STATS_NS_QRYFAILURE);
		}
	} else if (rp->kind == QK_ERROR) {
		cnt(rp, rcode == DITTO_RCODE_SERVFAIL  ? STATS_NS_QRYSERVFAIL
		        : rcode == DITTO_RCODE_FORMERR ? STATS_NS_QRYFORMERR
		                                       : STATS_NS_QRYFAILURE);
	}
}

/* Count a parsed request: opcode, EDNS, TSIG. */
static void
count_request(const reply_t *rp, bool known)
{
	const ditto_msg_t *m = rp->msg;
	if (rp->st == NULL) {
		return;
	}
	stats_add1w(&rp->st->opcode[m->hdr.opcode & 0xf], 1);
	if (m->has_edns) {
		if (m->edns.version > 0) {
			cnt(rp, STATS_NS_REQBADEDNSVER);
			return; /* named stops at BADVERS */
		}
		cnt_edns(rp);
	}
	if (known && m->has_tsig && m->has_question) {
		cnt(rp, STATS_NS_REQTSIG);
	}
}

static query_action_t
request(reply_t *rp, ditto_msg_t *msg, const uint8_t *in, size_t inlen,
        uint8_t *out, size_t outsize, size_t *outlen)
{
	const srvtab_t *tab = rp->tab;
	const query_client_t *cl = rp->cl;
	if (inlen < DITTO_MSG_HDRLEN || outsize < 512 ||
	    blackholed(tab, cl->peer)) {
		return QUERY_DROP;
	}
	if ((ditto_read16(in + 2) & DITTO_MSG_QR) != 0) {
		return cl->tcp ? QUERY_CLOSE : QUERY_DROP;
	}
	bool v6 = cl->peer != NULL && cl->peer->sa_family == AF_INET6;
	cnt(rp, v6 ? STATS_NS_REQUESTV6 : STATS_NS_REQUESTV4);
	if (cl->tcp) {
		cnt(rp, STATS_NS_REQTCP);
	}
	ditto_result_t pr = ditto_msg_parse_query(in, inlen, msg, NULL);
	if (pr != DITTO_R_SUCCESS) {
		uint16_t udp =
		        pr == DITTO_R_OPTERR ? tab->conf.edns_udp_size : 0;
		rp->resp_edns = udp != 0;
		return formerr_early(msg, in, out, outsize, udp, outlen);
	}
	uint8_t op = msg->hdr.opcode;
	bool known = op == DITTO_OPCODE_QUERY || op == DITTO_OPCODE_NOTIFY ||
	             op == DITTO_OPCODE_UPDATE;
	if (bad_subnet_scope(msg)) {
		if (rp->st != NULL) {
			stats_add1w(&rp->st->opcode[op & 0xf], 1);
		}
		return formerr_early(msg, in, out, outsize, 0, outlen);
	}
	count_request(rp, known);
	if (msg->has_edns && msg->edns.version > 0) {
		reply_begin(rp, out, outsize, DITTO_RCODE_BADVERS, known, true);
		if (!known) {
			rp->r.hdr.flags &= (uint16_t)~DITTO_MSG_RD;
		}
		return reply_finish(rp, outlen);
	}
	if (!known) {
		reply_begin(rp, out, outsize, DITTO_RCODE_NOTIMP, false, false);
		rp->r.hdr.flags &= (uint16_t)~DITTO_MSG_RD;
		return reply_finish(rp, outlen);
	}
	if (op != DITTO_OPCODE_QUERY) {
		/* named clears RD in NOTIFY and UPDATE responses */
		msg->hdr.flags &= (uint16_t)~DITTO_MSG_RD;
		return notify_update(rp, in, inlen, out, outsize, outlen);
	}
	if (!msg->has_question) {
		return no_question(rp, in, out, outsize, outlen);
	}
	if (log_querylog()) {
		query_log(rp);
	}
	return query_answer(rp, in, inlen, out, outsize, outlen);
}

query_action_t
query_process(const srvtab_t *tab, const query_client_t *cl, const uint8_t *in,
              size_t inlen, uint8_t *out, size_t outsize, size_t *outlen)
{
	ditto_msg_t msg;
	/*
	 * Not zero-filled (that is ~2 KB a query): rp.r is set up by
	 * ditto_render_begin(), rp.edns by ditto_edns_init() and rp.cookie by
	 * edns_options(), each in reply_begin() before anything reads them;
	 * the paths that do not call reply_begin() read only the fields set
	 * here.
	 */
	reply_t rp;
	rp.tab = tab;
	rp.cl = cl;
	rp.msg = &msg;
	rp.reserve = 0;
	rp.st = cl->st;
	rp.kind = QK_CLIENT;
	rp.rcode_hi = 0;
	rp.resp_edns = false;
	rp.resp_tsig = false;
	query_action_t a = request(&rp, &msg, in, inlen, out, outsize, outlen);
	if (a == QUERY_SEND && rp.st != NULL) {
		count_response(&rp, out, *outlen);
	}
	return a;
}

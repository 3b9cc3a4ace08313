/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named's statistics documents: counter names, collection, times. */
/*
 * The statistics channel serves named 9.18's JSON (/json/v1) and XML
 * (/xml/v3) documents. Their shapes and counter names are named's, so
 * that prometheus-bind-exporter and dashboards built on them read dittod
 * as they read named. The values are dittod's:
 *
 *   - opcodes, rcodes, qtypes, nsstats: the query workers' counters
 *     (stats.h) summed; nsstats rows dittod does not count (recursion,
 *     updates, RPZ, DNS64, rate limiting, stale answers, ...) are 0;
 *     TCPConnHighWater is server_t.tcp_highwater;
 *   - zonestats: named's 13 zone counters summed over every zone;
 *   - zones: every zone of the published snapshot, with named's type
 *     names, the serial served and, for secondaries, the expire and next
 *     refresh times from the zone manager;
 *   - placeholders: the resolver, cache and ADB sections of each view
 *     and the socket counters are present with named's names and 0
 *     (dittod has no resolver, no cache and no socket statistics); the
 *     traffic histograms are empty; the task manager lists no tasks but
 *     says how many query worker threads run; memory has no contexts and
 *     a summary from malloc's own totals (mallinfo2()).
 *
 * sf_collect() copies everything first (one rcu_read_lock() section for
 * the snapshot), so the renderers run on private data and a slow HTTP
 * client never holds a read-side section.
 */
#include "statsfmt.h"

#include <inttypes.h>
#include <malloc.h>
#include <string.h>
#include <time.h>

#include <urcu.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"

#include "server.h"
#include "zonemgr.h"
#include "zones.h"

#ifndef DITTO_VERSION
#define DITTO_VERSION "0.1.0"
#endif

/* named 9.18's nsstat rows in its order; -1: dittod never counts it. */
const sfcounter_t sf_nsstats[] = {
	{ "Requestv4", STATS_NS_REQUESTV4 },
	{ "Requestv6", STATS_NS_REQUESTV6 },
	{ "ReqEdns0", STATS_NS_REQEDNS0 },
	{ "ReqBadEDNSVer", STATS_NS_REQBADEDNSVER },
	{ "ReqTSIG", STATS_NS_REQTSIG },
	{ "ReqSIG0", -1 },
	{ "ReqBadSIG", STATS_NS_REQBADSIG },
	{ "ReqTCP", STATS_NS_REQTCP },
	{ "TCPConnHighWater", -2 }, /* server_t.tcp_highwater */
	{ "AuthQryRej", STATS_NS_AUTHQRYREJ },
	{ "RecQryRej", STATS_NS_RECQRYREJ },
	{ "XfrRej", STATS_NS_XFRREJ },
	{ "UpdateRej", STATS_NS_UPDATEREJ },
	{ "Response", STATS_NS_RESPONSE },
	{ "TruncatedResp", STATS_NS_TRUNCATEDRESP },
	{ "RespEDNS0", STATS_NS_RESPEDNS0 },
	{ "RespTSIG", STATS_NS_RESPTSIG },
	{ "RespSIG0", -1 },
	{ "QrySuccess", STATS_NS_QRYSUCCESS },
	{ "QryAuthAns", STATS_NS_QRYAUTHANS },
	{ "QryNoauthAns", STATS_NS_QRYNOAUTHANS },
	{ "QryReferral", STATS_NS_QRYREFERRAL },
	{ "QryNxrrset", STATS_NS_QRYNXRRSET },
	{ "QrySERVFAIL", STATS_NS_QRYSERVFAIL },
	{ "QryFORMERR", STATS_NS_QRYFORMERR },
	{ "QryNXDOMAIN", STATS_NS_QRYNXDOMAIN },
	{ "QryRecursion", -1 },
	{ "QryDuplicate", -1 },
	{ "QryDropped", STATS_NS_QRYDROPPED },
	{ "QryFailure", STATS_NS_QRYFAILURE },
	{ "XfrReqDone", STATS_NS_XFRREQDONE },
	{ "UpdateReqFwd", -1 },
	{ "UpdateRespFwd", -1 },
	{ "UpdateFwdFail", -1 },
	{ "UpdateDone", -1 },
	{ "UpdateFail", -1 },
	{ "UpdateBadPrereq", -1 },
	{ "RecursClients", -1 },
	{ "DNS64", -1 },
	{ "RateDropped", -1 },
	{ "RateSlipped", -1 },
	{ "RPZRewrites", -1 },
	{ "QryUDP", STATS_NS_QRYUDP },
	{ "QryTCP", STATS_NS_QRYTCP },
	{ "NSIDOpt", STATS_NS_NSIDOPT },
	{ "ExpireOpt", STATS_NS_EXPIREOPT },
	{ "KeepAliveOpt", -1 },
	{ "PadOpt", -1 },
	{ "OtherOpt", STATS_NS_OTHEROPT },
	{ "CookieIn", STATS_NS_COOKIEIN },
	{ "CookieNew", STATS_NS_COOKIENEW },
	{ "CookieBadSize", STATS_NS_COOKIEBADSIZE },
	{ "CookieBadTime", STATS_NS_COOKIEBADTIME },
	{ "CookieNoMatch", STATS_NS_COOKIENOMATCH },
	{ "CookieMatch", STATS_NS_COOKIEMATCH },
	{ "ECSOpt", STATS_NS_ECSOPT },
	{ "QryNXRedir", -1 },
	{ "QryNXRedirRLookup", -1 },
	{ "QryBADCOOKIE", -1 },
	{ "SynthNXDOMAIN", -1 },
	{ "SynthNODATA", -1 },
	{ "SynthWILDCARD", -1 },
	{ "QryTryStale", -1 },
	{ "QryUsedStale", -1 },
	{ "Prefetch", -1 },
	{ "KeyTagOpt", -1 },
	{ "RecLimitDropped", -1 },
	{ "UpdateQuota", -1 },
};
const size_t sf_nsstats_nr = sizeof(sf_nsstats) / sizeof(sf_nsstats[0]);

const char *const sf_opcodes[16] = {
	"QUERY",      "IQUERY",     "STATUS",     "RESERVED3",
	"NOTIFY",     "UPDATE",     "RESERVED6",  "RESERVED7",
	"RESERVED8",  "RESERVED9",  "RESERVED10", "RESERVED11",
	"RESERVED12", "RESERVED13", "RESERVED14", "RESERVED15",
};

const char *const sf_rcodes[24] = {
	"NOERROR",    "FORMERR",    "SERVFAIL",   "NXDOMAIN",   "NOTIMP",
	"REFUSED",    "YXDOMAIN",   "YXRRSET",    "NXRRSET",    "NOTAUTH",
	"NOTZONE",    "RESERVED11", "RESERVED12", "RESERVED13", "RESERVED14",
	"RESERVED15", "BADVERS",    "17",         "18",         "19",
	"20",         "21",         "22",         "BADCOOKIE",
};

const char *const sf_zonestats[STATS_ZC_XFRFAIL + 1] = {
	[STATS_ZC_NOTIFYOUTV4] = "NotifyOutv4",
	[STATS_ZC_NOTIFYOUTV6] = "NotifyOutv6",
	[STATS_ZC_NOTIFYINV4] = "NotifyInv4",
	[STATS_ZC_NOTIFYINV6] = "NotifyInv6",
	[STATS_ZC_NOTIFYREJ] = "NotifyRej",
	[STATS_ZC_SOAOUTV4] = "SOAOutv4",
	[STATS_ZC_SOAOUTV6] = "SOAOutv6",
	[STATS_ZC_AXFRREQV4] = "AXFRReqv4",
	[STATS_ZC_AXFRREQV6] = "AXFRReqv6",
	[STATS_ZC_IXFRREQV4] = "IXFRReqv4",
	[STATS_ZC_IXFRREQV6] = "IXFRReqv6",
	[STATS_ZC_XFRSUCCESS] = "XfrSuccess",
	[STATS_ZC_XFRFAIL] = "XfrFail",
};

const char *const sf_resstats[] = {
	"Queryv4",         "Queryv6",        "Responsev4",
	"Responsev6",      "NXDOMAIN",       "SERVFAIL",
	"FORMERR",         "OtherError",     "EDNS0Fail",
	"Mismatch",        "Truncated",      "Lame",
	"Retry",           "QueryAbort",     "QuerySockFail",
	"QueryCurUDP",     "QueryCurTCP",    "QueryTimeout",
	"GlueFetchv4",     "GlueFetchv6",    "GlueFetchv4Fail",
	"GlueFetchv6Fail", "ValAttempt",     "ValOk",
	"ValNegOk",        "ValFail",        "QryRTT10",
	"QryRTT100",       "QryRTT500",      "QryRTT800",
	"QryRTT1600",      "QryRTT1600+",    "NumFetch",
	"BucketSize",      "REFUSED",        "ClientCookieOut",
	"ServerCookieOut", "CookieIn",       "CookieClientOk",
	"BadEDNSVersion",  "BadCookieRcode", "ZoneQuota",
	"ServerQuota",     "ClientQuota",    "NextItem",
	"Priming",
};
const size_t sf_resstats_nr = sizeof(sf_resstats) / sizeof(sf_resstats[0]);

const char *const sf_cachestats[] = {
	"CacheHits",      "CacheMisses",  "QueryHits",    "QueryMisses",
	"DeleteLRU",      "DeleteTTL",    "CoveringNSEC", "CacheNodes",
	"CacheNSECNodes", "CacheBuckets", "TreeMemTotal", "TreeMemInUse",
	"TreeMemMax",     "HeapMemTotal", "HeapMemInUse", "HeapMemMax",
};
const size_t sf_cachestats_nr =
        sizeof(sf_cachestats) / sizeof(sf_cachestats[0]);

const char *const sf_adbstats[4] = { "nentries", "entriescnt", "nnames",
	                             "namescnt" };

const char *const sf_sockstats[] = {
	"UDP4Open",        "UDP6Open",       "TCP4Open",
	"TCP6Open",        "UnixOpen",       "RawOpen",
	"UDP4OpenFail",    "UDP6OpenFail",   "TCP4OpenFail",
	"TCP6OpenFail",    "UnixOpenFail",   "RawOpenFail",
	"UDP4Close",       "UDP6Close",      "TCP4Close",
	"TCP6Close",       "UnixClose",      "FDWatchClose",
	"RawClose",        "UDP4BindFail",   "UDP6BindFail",
	"TCP4BindFail",    "TCP6BindFail",   "UnixBindFail",
	"FdwatchBindFail", "UDP4ConnFail",   "UDP6ConnFail",
	"TCP4ConnFail",    "TCP6ConnFail",   "UnixConnFail",
	"FDwatchConnFail", "UDP4Conn",       "UDP6Conn",
	"TCP4Conn",        "TCP6Conn",       "UnixConn",
	"FDwatchConn",     "TCP4AcceptFail", "TCP6AcceptFail",
	"UnixAcceptFail",  "TCP4Accept",     "TCP6Accept",
	"UnixAccept",      "UDP4SendErr",    "UDP6SendErr",
	"TCP4SendErr",     "TCP6SendErr",    "UnixSendErr",
	"FDwatchSendErr",  "UDP4RecvErr",    "UDP6RecvErr",
	"TCP4RecvErr",     "TCP6RecvErr",    "UnixRecvErr",
	"FDwatchRecvErr",  "RawRecvErr",     "UDP4Active",
	"UDP6Active",      "TCP4Active",     "TCP6Active",
	"UnixActive",      "RawActive",      "TCP4Clients",
	"TCP6Clients",
};
const size_t sf_sockstats_nr = sizeof(sf_sockstats) / sizeof(sf_sockstats[0]);

const char *const sf_traffic[8] = {
	"dns-udp-requests-sizes-received-ipv4",
	"dns-udp-responses-sizes-sent-ipv4",
	"dns-tcp-requests-sizes-received-ipv4",
	"dns-tcp-responses-sizes-sent-ipv4",
	"dns-udp-requests-sizes-received-ipv6",
	"dns-udp-responses-sizes-sent-ipv6",
	"dns-tcp-requests-sizes-received-ipv6",
	"dns-tcp-responses-sizes-sent-ipv6",
};

uint64_t
sf_nsstat(const sfdata_t *d, size_t i)
{
	if (i >= sf_nsstats_nr || sf_nsstats[i].idx == -1) {
		return 0;
	}
	if (sf_nsstats[i].idx == -2) {
		return d->tcp_highwater;
	}
	return atomic_load_explicit(&d->sum.ns[sf_nsstats[i].idx],
	                            memory_order_relaxed);
}

void
sf_qtype_name(unsigned int t, char *buf, size_t size)
{
	if (t > 0xffff ||
	    ditto_rrtype_totext((uint16_t)t, buf, size) != DITTO_R_SUCCESS) {
		snprintf(buf, size, "Others");
	}
}

void
sf_time(int64_t unix_ms, bool ms, char *buf, size_t size)
{
	time_t secs = (time_t)(unix_ms / 1000);
	struct tm tm;
	char base[32];
	if (gmtime_r(&secs, &tm) == NULL ||
	    strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(base, sizeof(base), "1970-01-01T00:00:00");
	}
	if (ms) {
		snprintf(buf, size, "%s.%03dZ", base, (int)(unix_ms % 1000));
	} else {
		snprintf(buf, size, "%sZ", base);
	}
}

/* ---- collection ---- */

static char *
origin_text(const uint8_t *origin)
{
	char buf[DITTO_NAME_MAXTEXT + 1];
	ditto_name_format(origin, buf, sizeof(buf));
	return ditto_strdup(buf);
}

/* named's type names; z->type is the configured word. */
static const char *
type_name(const char *t)
{
	static const char *const known[] = {
		"primary",  "secondary", "mirror",  "stub", "static-stub",
		"redirect", "builtin",   "forward", "hint"
	};
	if (t == NULL) {
		return "primary";
	}
	if (strcmp(t, "master") == 0) {
		return "primary";
	}
	if (strcmp(t, "slave") == 0) {
		return "secondary";
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(t, known[i]) == 0) {
			return known[i];
		}
	}
	return "primary";
}

static void
collect_zone(const zone_t *z, int64_t boot, sfzone_t *sz)
{
	memset(sz, 0, sizeof(*sz));
	sz->name = origin_text(z->origin);
	if (ditto_rrclass_totext(z->rclass, sz->klass, sizeof(sz->klass)) !=
	    DITTO_R_SUCCESS) {
		snprintf(sz->klass, sizeof(sz->klass), "?");
	}
	sz->type = type_name(z->type);
	sz->zst = z->zst;
	const ditto_version_t *ver = zone_version(z);
	if (ver != NULL) {
		sz->has_serial = ditto_version_serial(ver, &sz->serial);
	}
	if (z->slot != NULL) {
		zmstatus_t st;
		zonemgr_status(z->slot, &st);
		sz->secondary = true;
		sz->loaded = st.loaded ? st.loaded_at : 0;
		sz->expires = st.loaded ? st.expire_at : 0;
		sz->refresh = st.next_refresh;
	} else if (z->type != NULL && strcmp(z->type, "builtin") == 0) {
		sz->loaded = boot; /* as named: built at start */
	} else if (ver != NULL) {
		sz->loaded = (int64_t)z->mtime.tv_sec;
	}
}

static void
collect_views(server_t *srv, sfdata_t *d)
{
	rcu_read_lock();
	const srvtab_t *tab = server_tab(srv);
	if (tab != NULL && tab->nviews > 0) {
		d->views = ditto_calloc(tab->nviews, sizeof(*d->views));
		for (size_t i = 0; i < tab->nviews; i++) {
			const view_t *v = &tab->views[i];
			sfview_t *sv = &d->views[d->nviews++];
			sv->name = ditto_strdup(v->name);
			sv->zones = ditto_calloc(v->nzones > 0 ? v->nzones : 1,
			                         sizeof(*sv->zones));
			for (size_t j = 0; j < v->nzones; j++) {
				collect_zone(v->zones[j], srv->boot_time,
				             &sv->zones[sv->nzones++]);
			}
		}
	}
	rcu_read_unlock();
	server_read_done(srv);
}

static void
add_zone(void *arg, const char *view, const char *name, const stats_zone_t *z)
{
	sfdata_t *d = arg;
	(void)view;
	(void)name;
	for (size_t i = 0; i <= STATS_ZC_XFRFAIL; i++) {
		d->zonestat[i] +=
		        atomic_load_explicit(&z->c[i], memory_order_relaxed);
	}
}

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sf_collect(server_t *srv, sfdata_t *d)
{
	memset(d, 0, sizeof(*d));
	d->now_ms = now_ms();
	d->boot_ms = srv->boot_time * 1000;
	d->config_ms = atomic_load_explicit(&srv->last_configured,
	                                    memory_order_relaxed) *
	               1000;
	d->version = "ditto " DITTO_VERSION;
	d->nworkers = srv->nworkers;
	d->tcp_highwater =
	        atomic_load_explicit(&srv->tcp_highwater, memory_order_relaxed);
	if (srv->stats != NULL) {
		stats_sum(srv->stats, &d->sum);
		stats_zones(srv->stats, add_zone, d);
	}
	collect_views(srv, d);
	struct mallinfo2 mi = mallinfo2();
	d->mem_total = (uint64_t)mi.arena + (uint64_t)mi.hblkhd;
	d->mem_inuse = (uint64_t)mi.uordblks + (uint64_t)mi.hblkhd;
}

void
sf_clear(sfdata_t *d)
{
	for (size_t i = 0; i < d->nviews; i++) {
		for (size_t j = 0; j < d->views[i].nzones; j++) {
			ditto_free(d->views[i].zones[j].name);
		}
		ditto_free(d->views[i].zones);
		ditto_free(d->views[i].name);
	}
	ditto_free(d->views);
	d->views = NULL;
	d->nviews = 0;
}

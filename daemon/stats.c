/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's counters: per-worker blocks, the zone registry, named's names. */
/*
 * Layout: one allocation of (nworkers + 1) cache-line aligned
 * stats_block_t, the workers' first and the shared one last, so that no
 * two writers share a line. Workers add with stats_add1w() (load + store,
 * single writer), everybody else with stats_add() (relaxed fetch-add).
 * stats_sum() adds every block with relaxed loads.
 *
 * The zone registry is an array of (name, view, counters) sorted by name
 * then view, under a mutex; entries are created by the snapshot builder
 * (server.c), never on the query path, and live until stats_destroy(),
 * so a pointer handed out stays valid across reloads. It is bounded:
 * past STATS_ZONES_MAX entries stats_zone() returns NULL (no counters
 * for that zone).
 *
 * The name tables are named 9.18's (its statistics channel and
 * named.stats), checked against a running named: nsstats names and
 * descriptions, opcode and rcode names, qtype names and "Others".
 */
#include "stats.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"

/*! Most zones the registry holds (addzone churn cannot grow it more). */
#define STATS_ZONES_MAX (1u << 20)

typedef struct zentry {
	char *name;        /*!< "example.com/IN" */
	char *view;        /*!< view name */
	stats_zone_t *ctr; /*!< counters (own allocation: stable address) */
} zentry_t;

struct stats {
	stats_block_t *blocks; /*!< nworkers + 1 (the shared one last) */
	unsigned int nworkers; /*!< worker blocks */
	pthread_mutex_t lock;  /*!< protects zones, nzones, zcap */
	zentry_t *zones;       /*!< sorted by name, then view */
	size_t nzones;         /*!< entries */
	size_t zcap;           /*!< allocated */
};

stats_t *
stats_create(unsigned int nworkers)
{
	stats_t *s = ditto_calloc(1, sizeof(*s));
	size_t n = (size_t)nworkers + 1;
	void *p = NULL;
	if (posix_memalign(&p, 64, n * sizeof(stats_block_t)) != 0) {
		/* as ditto_malloc(): allocation failure is fatal */
		abort();
	}
	memset(p, 0, n * sizeof(stats_block_t));
	s->blocks = p;
	s->nworkers = nworkers;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void
stats_destroy(stats_t **sp)
{
	if (sp == NULL || *sp == NULL) {
		return;
	}
	stats_t *s = *sp;
	for (size_t i = 0; i < s->nzones; i++) {
		ditto_free(s->zones[i].name);
		ditto_free(s->zones[i].view);
		ditto_free(s->zones[i].ctr);
	}
	ditto_free(s->zones);
	pthread_mutex_destroy(&s->lock);
	free(s->blocks); /* posix_memalign() */
	ditto_free(s);
	*sp = NULL;
}

stats_block_t *
stats_worker(stats_t *s, unsigned int id)
{
	REQUIRE(s != NULL && id < s->nworkers);
	return &s->blocks[id];
}

stats_block_t *
stats_shared(stats_t *s)
{
	REQUIRE(s != NULL);
	return &s->blocks[s->nworkers];
}

static uint64_t
ld(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static void
sum_array(_Atomic uint64_t *out, const _Atomic uint64_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		atomic_store_explicit(&out[i], ld(&out[i]) + ld(&in[i]),
		                      memory_order_relaxed);
	}
}

void
stats_sum(const stats_t *s, stats_block_t *out)
{
	REQUIRE(s != NULL && out != NULL);
	memset(out, 0, sizeof(*out));
	for (unsigned int b = 0; b <= s->nworkers; b++) {
		const stats_block_t *in = &s->blocks[b];
		sum_array(out->ns, in->ns, STATS_NS_NR);
		sum_array(out->opcode, in->opcode, 16);
		sum_array(out->qtype, in->qtype, 256);
		sum_array(&out->qtype_other, &in->qtype_other, 1);
		sum_array(out->rcode, in->rcode, 24);
	}
}

/* Order of the registry: name, then view. */
static int
zcmp(const char *view, const char *name, const zentry_t *e)
{
	int c = strcmp(name, e->name);
	return c != 0 ? c : strcmp(view, e->view);
}

/* Index of the first entry not below (view, name); *found when equal. */
static size_t
zfind(const stats_t *s, const char *view, const char *name, bool *found)
{
	size_t lo = 0, hi = s->nzones;
	while (lo < hi) { /* bounded: halves every turn */
		size_t mid = lo + (hi - lo) / 2;
		if (zcmp(view, name, &s->zones[mid]) > 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	*found = lo < s->nzones && zcmp(view, name, &s->zones[lo]) == 0;
	return lo;
}

stats_zone_t *
stats_zone(stats_t *s, const char *view, const char *name)
{
	REQUIRE(s != NULL && name != NULL);
	if (view == NULL) {
		view = "_default";
	}
	bool found;
	stats_zone_t *z = NULL;
	pthread_mutex_lock(&s->lock);
	size_t i = zfind(s, view, name, &found);
	if (found) {
		z = s->zones[i].ctr;
	} else if (s->nzones < STATS_ZONES_MAX) {
		if (s->nzones == s->zcap) {
			s->zcap = s->zcap == 0 ? 16 : s->zcap * 2;
			s->zones = ditto_realloc(s->zones,
			                         s->zcap * sizeof(*s->zones));
		}
		memmove(&s->zones[i + 1], &s->zones[i],
		        (s->nzones - i) * sizeof(*s->zones));
		z = ditto_calloc(1, sizeof(*z));
		s->zones[i] = (zentry_t){ .name = ditto_strdup(name),
			                  .view = ditto_strdup(view),
			                  .ctr = z };
		s->nzones++;
	}
	pthread_mutex_unlock(&s->lock);
	return z;
}

void
stats_zones(const stats_t *s,
            void (*fn)(void *arg, const char *view, const char *name,
                       const stats_zone_t *z),
            void *arg)
{
	REQUIRE(s != NULL && fn != NULL);
	/* the mutex is not part of the logical value */
	pthread_mutex_t *lock = (pthread_mutex_t *)&s->lock;
	pthread_mutex_lock(lock);
	for (size_t i = 0; i < s->nzones; i++) {
		fn(arg, s->zones[i].view, s->zones[i].name, s->zones[i].ctr);
	}
	pthread_mutex_unlock(lock);
}

/* ---- names ---- */

/* named's name and named.stats description of each counter. */
static const struct {
	const char *name;
	const char *desc;
} ns_names[STATS_NS_NR] = {
	[STATS_NS_REQUESTV4] = { "Requestv4", "IPv4 requests received" },
	[STATS_NS_REQUESTV6] = { "Requestv6", "IPv6 requests received" },
	[STATS_NS_REQEDNS0] = { "ReqEdns0", "requests with EDNS(0) received" },
	[STATS_NS_REQBADEDNSVER] = { "ReqBadEDNSVer",
	                             "requests with unsupported EDNS version "
	                             "received" },
	[STATS_NS_REQTSIG] = { "ReqTSIG", "requests with TSIG received" },
	[STATS_NS_REQBADSIG] = { "ReqBadSIG",
	                         "requests with invalid signature" },
	[STATS_NS_REQTCP] = { "ReqTCP", "TCP requests received" },
	[STATS_NS_AUTHQRYREJ] = { "AuthQryRej", "auth queries rejected" },
	[STATS_NS_RECQRYREJ] = { "RecQryRej", "recursive queries rejected" },
	[STATS_NS_XFRREJ] = { "XfrRej", "transfer requests rejected" },
	[STATS_NS_UPDATEREJ] = { "UpdateRej", "update requests rejected" },
	[STATS_NS_RESPONSE] = { "Response", "responses sent" },
	[STATS_NS_TRUNCATEDRESP] = { "TruncatedResp",
	                             "truncated responses sent" },
	[STATS_NS_RESPEDNS0] = { "RespEDNS0", "responses with EDNS(0) sent" },
	[STATS_NS_RESPTSIG] = { "RespTSIG", "responses with TSIG sent" },
	[STATS_NS_QRYSUCCESS] = { "QrySuccess",
	                          "queries resulted in successful answer" },
	[STATS_NS_QRYAUTHANS] = { "QryAuthAns",
	                          "queries resulted in authoritative answer" },
	[STATS_NS_QRYNOAUTHANS] = { "QryNoauthAns",
	                            "queries resulted in non authoritative "
	                            "answer" },
	[STATS_NS_QRYREFERRAL] = { "QryReferral",
	                           "queries resulted in referral answer" },
	[STATS_NS_QRYNXRRSET] = { "QryNxrrset", "queries resulted in nxrrset" },
	[STATS_NS_QRYSERVFAIL] = { "QrySERVFAIL",
	                           "queries resulted in SERVFAIL" },
	[STATS_NS_QRYFORMERR] = { "QryFORMERR", "queries resulted in FORMERR" },
	[STATS_NS_QRYNXDOMAIN] = { "QryNXDOMAIN",
	                           "queries resulted in NXDOMAIN" },
	[STATS_NS_QRYDROPPED] = { "QryDropped", "queries dropped" },
	[STATS_NS_QRYFAILURE] = { "QryFailure", "other query failures" },
	[STATS_NS_XFRREQDONE] = { "XfrReqDone",
	                          "requested transfers completed" },
	[STATS_NS_QRYUDP] = { "QryUDP", "UDP queries received" },
	[STATS_NS_QRYTCP] = { "QryTCP", "TCP queries received" },
	[STATS_NS_NSIDOPT] = { "NSIDOpt", "NSID option received" },
	[STATS_NS_EXPIREOPT] = { "ExpireOpt", "Expire option received" },
	[STATS_NS_OTHEROPT] = { "OtherOpt", "Other EDNS option received" },
	[STATS_NS_COOKIEIN] = { "CookieIn", "COOKIE option received" },
	[STATS_NS_COOKIENEW] = { "CookieNew", "COOKIE - client only" },
	[STATS_NS_COOKIEBADSIZE] = { "CookieBadSize", "COOKIE - bad size" },
	[STATS_NS_COOKIEBADTIME] = { "CookieBadTime", "COOKIE - bad time" },
	[STATS_NS_COOKIENOMATCH] = { "CookieNoMatch", "COOKIE - no match" },
	[STATS_NS_COOKIEMATCH] = { "CookieMatch", "COOKIE - match" },
	[STATS_NS_ECSOPT] = { "ECSOpt", "EDNS client subnet option received" },
	[STATS_NS_KEEPALIVEOPT] = { "KeepAliveOpt",
	                            "EDNS TCP keepalive option received" },
	[STATS_NS_PADOPT] = { "PadOpt", "EDNS padding option received" },
};

const char *
stats_ns_name(stats_ns_t i)
{
	return (unsigned int)i < STATS_NS_NR ? ns_names[i].name : NULL;
}

const char *
stats_ns_desc(stats_ns_t i)
{
	return (unsigned int)i < STATS_NS_NR ? ns_names[i].desc : NULL;
}

stats_ns_t
stats_ns_at(unsigned int k)
{
	REQUIRE(k < STATS_NS_NR);
	/* the enum's order, KeepAliveOpt and PadOpt moved after ExpireOpt */
	if (k <= STATS_NS_EXPIREOPT) {
		return (stats_ns_t)k;
	}
	if (k <= STATS_NS_EXPIREOPT + 2) {
		return (stats_ns_t)(STATS_NS_KEEPALIVEOPT +
		                    (k - STATS_NS_EXPIREOPT - 1));
	}
	return (stats_ns_t)(k - 2);
}

static const struct {
	const char *name;
	const char *desc;
} zc_names[STATS_ZC_NR] = {
	[STATS_ZC_NOTIFYOUTV4] = { "NotifyOutv4", "IPv4 notifies sent" },
	[STATS_ZC_NOTIFYOUTV6] = { "NotifyOutv6", "IPv6 notifies sent" },
	[STATS_ZC_NOTIFYINV4] = { "NotifyInv4", "IPv4 notifies received" },
	[STATS_ZC_NOTIFYINV6] = { "NotifyInv6", "IPv6 notifies received" },
	[STATS_ZC_NOTIFYREJ] = { "NotifyRej", "incoming notifies rejected" },
	[STATS_ZC_SOAOUTV4] = { "SOAOutv4", "IPv4 SOA queries sent" },
	[STATS_ZC_SOAOUTV6] = { "SOAOutv6", "IPv6 SOA queries sent" },
	[STATS_ZC_AXFRREQV4] = { "AXFRReqv4", "IPv4 AXFR requested" },
	[STATS_ZC_AXFRREQV6] = { "AXFRReqv6", "IPv6 AXFR requested" },
	[STATS_ZC_IXFRREQV4] = { "IXFRReqv4", "IPv4 IXFR requested" },
	[STATS_ZC_IXFRREQV6] = { "IXFRReqv6", "IPv6 IXFR requested" },
	[STATS_ZC_XFRSUCCESS] = { "XfrSuccess", "transfer requests succeeded" },
	[STATS_ZC_XFRFAIL] = { "XfrFail", "transfer requests failed" },
	[STATS_ZC_XFRIN_AXFR] = { "XfrInAXFR", "transfers in done as AXFR" },
	[STATS_ZC_XFRIN_IXFR] = { "XfrInIXFR", "transfers in done as IXFR" },
	[STATS_ZC_XFRIN_FALLBACK] = { "XfrInFallback",
	                              "IXFR fell back to AXFR" },
	[STATS_ZC_XFRIN_UPTODATE] = { "XfrInUpToDate",
	                              "refreshes found the zone up to date" },
	[STATS_ZC_XFRIN_BYTES] = { "XfrInBytes",
	                           "octets received in transfers" },
	[STATS_ZC_XFRIN_RECORDS] = { "XfrInRecords",
	                             "records received in transfers" },
	[STATS_ZC_XFROUT_AXFR] = { "XfrOutAXFR", "transfers out as AXFR" },
	[STATS_ZC_XFROUT_IXFR] = { "XfrOutIXFR", "transfers out as IXFR" },
	[STATS_ZC_XFROUT_REFUSED] = { "XfrOutRefused",
	                              "transfer requests refused" },
};

const char *
stats_zone_name(stats_zc_t i)
{
	return (unsigned int)i < STATS_ZC_NR ? zc_names[i].name : NULL;
}

const char *
stats_zone_desc(stats_zc_t i)
{
	return (unsigned int)i < STATS_ZC_NR ? zc_names[i].desc : NULL;
}

static const char *const fail_names[STATS_FAIL_NR] = {
	[STATS_FAIL_TIMEOUT] = "timeout",  [STATS_FAIL_NETWORK] = "network",
	[STATS_FAIL_REFUSED] = "refused",  [STATS_FAIL_TSIG] = "tsig",
	[STATS_FAIL_BADDATA] = "bad_data", [STATS_FAIL_OTHER] = "other",
};

const char *
stats_fail_name(stats_fail_t i)
{
	return (unsigned int)i < STATS_FAIL_NR ? fail_names[i] : NULL;
}

static const char *const opcode_names[16] = {
	"QUERY",      "IQUERY",     "STATUS",     "RESERVED3",
	"NOTIFY",     "UPDATE",     "RESERVED6",  "RESERVED7",
	"RESERVED8",  "RESERVED9",  "RESERVED10", "RESERVED11",
	"RESERVED12", "RESERVED13", "RESERVED14", "RESERVED15",
};

const char *
stats_opcode_name(unsigned int op)
{
	return op < 16 ? opcode_names[op] : NULL;
}

static const char *const rcode_names[24] = {
	"NOERROR",    "FORMERR",    "SERVFAIL",   "NXDOMAIN",   "NOTIMP",
	"REFUSED",    "YXDOMAIN",   "YXRRSET",    "NXRRSET",    "NOTAUTH",
	"NOTZONE",    "RESERVED11", "RESERVED12", "RESERVED13", "RESERVED14",
	"RESERVED15", "BADVERS",    "17",         "18",         "19",
	"20",         "21",         "22",         "BADCOOKIE",
};

const char *
stats_rcode_name(unsigned int rc)
{
	return rc < 24 ? rcode_names[rc] : NULL;
}

const char *
stats_qtype_name(unsigned int t, char *buf, size_t size)
{
	REQUIRE(buf != NULL && size > 0);
	if (t == 0 || t >= STATS_QTYPE_OTHERS ||
	    ditto_rrtype_totext((uint16_t)t, buf, size) != DITTO_R_SUCCESS) {
		snprintf(buf, size, "%s", t < 256 && t != 0 ? "?" : "Others");
	}
	return buf;
}

/* ---- histogram ---- */

static const double hist_bounds[STATS_HIST_NR] = STATS_HIST_BOUNDS;

unsigned int
stats_hist_bucket(double seconds)
{
	for (unsigned int i = 0; i < STATS_HIST_NR; i++) {
		if (seconds <= hist_bounds[i]) {
			return i;
		}
	}
	return STATS_HIST_NR;
}

double
stats_hist_bound(unsigned int i)
{
	return i < STATS_HIST_NR ? hist_bounds[i] : (double)INFINITY;
}

/* ---- named.stats ---- */

static void
dump_line(FILE *fp, uint64_t v, const char *what)
{
	if (v != 0) {
		fprintf(fp, "%20" PRIu64 " %s\n", v, what);
	}
}

static void
dump_requests(FILE *fp, const stats_block_t *b)
{
	char buf[32];
	fprintf(fp, "++ Incoming Requests ++\n");
	for (unsigned int i = 0; i < 16; i++) {
		dump_line(fp, ld(&b->opcode[i]), opcode_names[i]);
	}
	fprintf(fp, "++ Incoming Queries ++\n");
	dump_line(fp, ld(&b->qtype_other) + ld(&b->qtype[0]), "Others");
	for (unsigned int t = 1; t < 256; t++) {
		uint64_t v = ld(&b->qtype[t]);
		if (v != 0) {
			dump_line(fp, v, stats_qtype_name(t, buf, sizeof(buf)));
		}
	}
	fprintf(fp, "++ Outgoing Rcodes ++\n");
	for (unsigned int i = 0; i < 24; i++) {
		dump_line(fp, ld(&b->rcode[i]), rcode_names[i]);
	}
}

static void
dump_ns(FILE *fp, const stats_block_t *b, uint64_t tcp_highwater)
{
	fprintf(fp, "++ Name Server Statistics ++\n");
	for (unsigned int k = 0; k < STATS_NS_NR; k++) {
		stats_ns_t i = stats_ns_at(k);
		dump_line(fp, ld(&b->ns[i]), ns_names[i].desc);
		if (i == STATS_NS_REQTCP) {
			dump_line(fp, tcp_highwater,
			          "TCP connection high-water");
		}
	}
}

/* "[example.com]" or "[example.com (view: v)]", without the class. */
static void
dump_zonehead(FILE *fp, const zentry_t *e)
{
	const char *slash = strrchr(e->name, '/');
	int len = (int)(slash != NULL ? (size_t)(slash - e->name)
	                              : strlen(e->name));
	if (strcmp(e->view, "_default") == 0) {
		fprintf(fp, "[%.*s]\n", len, e->name);
	} else {
		fprintf(fp, "[%.*s (view: %s)]\n", len, e->name, e->view);
	}
}

static void
dump_zone(FILE *fp, const zentry_t *e)
{
	char what[64];
	dump_zonehead(fp, e);
	for (unsigned int i = 0; i < STATS_ZC_NR; i++) {
		dump_line(fp, ld(&e->ctr->c[i]), zc_names[i].desc);
	}
	for (unsigned int i = 0; i < STATS_FAIL_NR; i++) {
		snprintf(what, sizeof(what), "transfers in failed: %s",
		         fail_names[i]);
		dump_line(fp, ld(&e->ctr->fail[i]), what);
	}
}

/* Zone maintenance (named's 13, summed) and the per-zone sections. */
static void
dump_zones(const stats_t *s, FILE *fp)
{
	uint64_t tot[STATS_ZC_NAMED] = { 0 };
	pthread_mutex_t *lock = (pthread_mutex_t *)&s->lock;
	pthread_mutex_lock(lock);
	for (size_t z = 0; z < s->nzones; z++) {
		for (unsigned int i = 0; i < STATS_ZC_NAMED; i++) {
			tot[i] += ld(&s->zones[z].ctr->c[i]);
		}
	}
	fprintf(fp, "++ Zone Maintenance Statistics ++\n");
	for (unsigned int i = 0; i < STATS_ZC_NAMED; i++) {
		dump_line(fp, tot[i], zc_names[i].desc);
	}
	fprintf(fp, "++ Per Zone Query Statistics ++\n");
	/* ditto's own section: named has none like it */
	fprintf(fp, "++ Per Zone Maintenance Statistics ++\n");
	for (size_t z = 0; z < s->nzones; z++) {
		dump_zone(fp, &s->zones[z]);
	}
	pthread_mutex_unlock(lock);
}

void
stats_dump(const stats_t *s, FILE *fp, const char *const *views, size_t nviews,
           uint64_t tcp_highwater, int64_t now)
{
	REQUIRE(fp != NULL);
	stats_block_t *sum = NULL;
	if (s != NULL) {
		sum = ditto_malloc(sizeof(*sum));
		stats_sum(s, sum);
	}
	fprintf(fp, "+++ Statistics Dump +++ (%lld)\n", (long long)now);
	if (sum != NULL) {
		dump_requests(fp, sum);
	} else {
		fprintf(fp, "++ Incoming Requests ++\n++ Incoming Queries ++\n"
		            "++ Outgoing Rcodes ++\n");
	}
	fprintf(fp, "++ Outgoing Queries ++\n");
	for (size_t i = 0; i < nviews; i++) {
		fprintf(fp, "[View: %s]\n", views[i]);
	}
	if (sum != NULL) {
		dump_ns(fp, sum, tcp_highwater);
		dump_zones(s, fp);
	} else {
		fprintf(fp, "++ Name Server Statistics ++\n"
		            "++ Zone Maintenance Statistics ++\n"
		            "++ Per Zone Query Statistics ++\n");
	}
	fprintf(fp, "--- Statistics Dump --- (%lld)\n", (long long)now);
	ditto_free(sum);
}

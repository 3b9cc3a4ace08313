/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod's counters: BIND's statistics sets, plus per-zone sync health. */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Counters are only ever added to; readers (rndc stats, the statistics
 * channel) sum them. Two kinds of writers:
 *
 *   - query workers each own a stats_block_t (stats_worker()): a single
 *     writer, so an increment is a relaxed load + relaxed store, with no
 *     atomic read-modify-write and no shared cache line;
 *   - every other thread (transfer pools, notifier, zone manager,
 *     control) adds to the shared block with relaxed fetch-add
 *     (stats_shared()); they are rare.
 *
 * Readers sum every block with relaxed loads: a total may miss an
 * increment in flight, never tear.
 *
 * The sets and their names are BIND's (the `nsstats`, `opcodes`,
 * `qtypes`, `rcodes`, `zonestats` counters of named's statistics channel
 * and named.stats), so that the JSON/XML renderers and
 * prometheus-bind-exporter see the same names as for named. The name
 * tables are in stats.c (stats_ns_name(), ...).
 */

/*! Server counters (named's "nsstats"); names in stats_ns_name(). */
typedef enum stats_ns {
	STATS_NS_REQUESTV4 = 0, /*!< Requestv4 */
	STATS_NS_REQUESTV6,     /*!< Requestv6 */
	STATS_NS_REQEDNS0,      /*!< ReqEdns0 */
	STATS_NS_REQBADEDNSVER, /*!< ReqBadEDNSVer */
	STATS_NS_REQTSIG,       /*!< ReqTSIG */
	STATS_NS_REQBADSIG,     /*!< ReqBadSIG */
	STATS_NS_REQTCP,        /*!< ReqTCP */
	STATS_NS_AUTHQRYREJ,    /*!< AuthQryRej */
	STATS_NS_RECQRYREJ,     /*!< RecQryRej */
	STATS_NS_XFRREJ,        /*!< XfrRej */
	STATS_NS_UPDATEREJ,     /*!< UpdateRej */
	STATS_NS_RESPONSE,      /*!< Response */
	STATS_NS_TRUNCATEDRESP, /*!< TruncatedResp */
	STATS_NS_RESPEDNS0,     /*!< RespEDNS0 */
	STATS_NS_RESPTSIG,      /*!< RespTSIG */
	STATS_NS_QRYSUCCESS,    /*!< QrySuccess */
	STATS_NS_QRYAUTHANS,    /*!< QryAuthAns */
	STATS_NS_QRYNOAUTHANS,  /*!< QryNoauthAns */
	STATS_NS_QRYREFERRAL,   /*!< QryReferral */
	STATS_NS_QRYNXRRSET,    /*!< QryNxrrset */
	STATS_NS_QRYSERVFAIL,   /*!< QrySERVFAIL */
	STATS_NS_QRYFORMERR,    /*!< QryFORMERR */
	STATS_NS_QRYNXDOMAIN,   /*!< QryNXDOMAIN */
	STATS_NS_QRYDROPPED,    /*!< QryDropped */
	STATS_NS_QRYFAILURE,    /*!< QryFailure */
	STATS_NS_XFRREQDONE,    /*!< XfrReqDone */
	STATS_NS_QRYUDP,        /*!< QryUDP */
	STATS_NS_QRYTCP,        /*!< QryTCP */
	STATS_NS_NSIDOPT,       /*!< NSIDOpt */
	STATS_NS_EXPIREOPT,     /*!< ExpireOpt */
	STATS_NS_OTHEROPT,      /*!< OtherOpt */
	STATS_NS_COOKIEIN,      /*!< CookieIn */
	STATS_NS_COOKIENEW,     /*!< CookieNew */
	STATS_NS_COOKIEBADSIZE, /*!< CookieBadSize */
	STATS_NS_COOKIEBADTIME, /*!< CookieBadTime */
	STATS_NS_COOKIENOMATCH, /*!< CookieNoMatch */
	STATS_NS_COOKIEMATCH,   /*!< CookieMatch */
	STATS_NS_ECSOPT,        /*!< ECSOpt */
	STATS_NS_KEEPALIVEOPT,  /*!< KeepAliveOpt (named's order: after
	                             ExpireOpt; see stats_ns_at()) */
	STATS_NS_PADOPT,        /*!< PadOpt (named's order: after
	                             KeepAliveOpt) */
	STATS_NS_NR
} stats_ns_t;

/*! Transfer and NOTIFY counters of a zone (named's "zonestats" plus
 * ditto's own); names in stats_zone_name(). */
typedef enum stats_zc {
	STATS_ZC_NOTIFYOUTV4 = 0, /*!< NotifyOutv4 */
	STATS_ZC_NOTIFYOUTV6,     /*!< NotifyOutv6 */
	STATS_ZC_NOTIFYINV4,      /*!< NotifyInv4 */
	STATS_ZC_NOTIFYINV6,      /*!< NotifyInv6 */
	STATS_ZC_NOTIFYREJ,       /*!< NotifyRej */
	STATS_ZC_SOAOUTV4,        /*!< SOAOutv4 (SOA queries sent) */
	STATS_ZC_SOAOUTV6,        /*!< SOAOutv6 */
	STATS_ZC_AXFRREQV4,       /*!< AXFRReqv4 (transfers requested) */
	STATS_ZC_AXFRREQV6,       /*!< AXFRReqv6 */
	STATS_ZC_IXFRREQV4,       /*!< IXFRReqv4 */
	STATS_ZC_IXFRREQV6,       /*!< IXFRReqv6 */
	STATS_ZC_XFRSUCCESS,      /*!< XfrSuccess */
	STATS_ZC_XFRFAIL,         /*!< XfrFail */
	/* ditto's own, not in named's zonestats */
	STATS_ZC_XFRIN_AXFR,     /*!< transfers in done as AXFR */
	STATS_ZC_XFRIN_IXFR,     /*!< ... as IXFR */
	STATS_ZC_XFRIN_FALLBACK, /*!< IXFR that fell back to AXFR */
	STATS_ZC_XFRIN_UPTODATE, /*!< refreshes that found it current */
	STATS_ZC_XFRIN_BYTES,    /*!< octets received in transfers */
	STATS_ZC_XFRIN_RECORDS,  /*!< records received in transfers */
	STATS_ZC_XFROUT_AXFR,    /*!< transfers out as AXFR(-style) */
	STATS_ZC_XFROUT_IXFR,    /*!< ... as IXFR */
	STATS_ZC_XFROUT_REFUSED, /*!< transfer requests refused */
	STATS_ZC_NR
} stats_zc_t;

/*! Why a transfer in failed (ditto's own; label `reason`). */
typedef enum stats_fail {
	STATS_FAIL_TIMEOUT = 0, /*!< "timeout": no answer / too slow */
	STATS_FAIL_NETWORK,     /*!< "network": refused, reset, unreachable */
	STATS_FAIL_REFUSED,     /*!< "refused": REFUSED/NOTAUTH/other rcode */
	STATS_FAIL_TSIG,        /*!< "tsig": signature problems */
	STATS_FAIL_BADDATA,     /*!< "bad_data": malformed or inconsistent
	                             transfer, max-records, ... */
	STATS_FAIL_OTHER,       /*!< "other" */
	STATS_FAIL_NR
} stats_fail_t;

/*! Upper bounds (seconds) of the transfer-in duration histogram. */
#define STATS_HIST_BOUNDS                                      \
	{                                                      \
		0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300 \
	}
#define STATS_HIST_NR 10 /*!< finite buckets; one more for +Inf */

/*! One writer's counters (query workers) or the shared block. */
typedef struct stats_block {
	_Atomic uint64_t ns[STATS_NS_NR]; /*!< server counters */
	_Atomic uint64_t opcode[16];      /*!< requests by opcode */
	_Atomic uint64_t qtype[256];      /*!< queries by type 1..255 (0 is
	                                       never counted here) */
	_Atomic uint64_t qtype_other;     /*!< queries of types >= 256 and
	                                       of type 0: named's "Others" */
	_Atomic uint64_t rcode[24];       /*!< responses by rcode (0..23) */
} __attribute__((aligned(64))) stats_block_t;

/*! A zone's counters (transfers, NOTIFY, sync). Lives as long as the
 * server (stats_zone()); survives reloads. */
typedef struct stats_zone {
	_Atomic uint64_t c[STATS_ZC_NR];          /*!< stats_zc_t */
	_Atomic uint64_t fail[STATS_FAIL_NR];     /*!< transfer-in failures */
	_Atomic uint64_t hist[STATS_HIST_NR + 1]; /*!< duration histogram of
	                                               transfers in (cumulative
	                                               counts are computed by
	                                               the renderer) */
	_Atomic uint64_t hist_sum_us;             /*!< sum of durations, us */
} stats_zone_t;

typedef struct stats stats_t;

/*!
 * \brief The server's statistics: \a nworkers worker blocks and the
 * shared one. Ownership: the server's; stats_destroy() at exit.
 */
stats_t *stats_create(unsigned int nworkers);

/*! \brief Free everything; NULL is a no-op. */
void stats_destroy(stats_t **sp);

/*! \brief Worker \a id's block (a single writer). */
stats_block_t *stats_worker(stats_t *s, unsigned int id);

/*! \brief The block every other thread adds to (fetch-add). */
stats_block_t *stats_shared(stats_t *s);

/*! \brief Add \a n in a block only the calling thread writes. */
static inline void
stats_add1w(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c,
	                      atomic_load_explicit(c, memory_order_relaxed) + n,
	                      memory_order_relaxed);
}

/*! \brief Add \a n in a shared block or a zone's counters. */
static inline void
stats_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/*!
 * \brief The counters of zone \a name ("example.com/IN") in view
 * \a view, created on first use and kept until stats_destroy() (a zone
 * removed and added again continues its counters, as named's do not, but
 * a monitoring system prefers monotonic counters).
 * Thread safety: safe; takes a mutex (call at snapshot build and cache
 * the pointer, not per query).
 */
stats_zone_t *stats_zone(stats_t *s, const char *view, const char *name);

/*! \brief Sums of every block (a copy). */
void stats_sum(const stats_t *s, stats_block_t *out);

/*!
 * \brief Call \a fn for every zone that has counters, in name order.
 * Thread safety: safe (holds the registry mutex during the walk: \a fn
 * must not call stats_zone()).
 */
void stats_zones(const stats_t *s,
                 void (*fn)(void *arg, const char *view, const char *name,
                            const stats_zone_t *z),
                 void *arg);

/*! \brief named's name of a counter ("Requestv4", ...). */
const char *stats_ns_name(stats_ns_t i);

/*! \brief named's (or ditto's) name of a zone counter. */
const char *stats_zone_name(stats_zc_t i);

/*! \brief The `reason` label of a failure kind ("timeout", ...). */
const char *stats_fail_name(stats_fail_t i);

/*! \brief The bucket of a duration in seconds (0..STATS_HIST_NR). */
unsigned int stats_hist_bucket(double seconds);

/*! \brief The upper bound of bucket \a i (+Inf for STATS_HIST_NR). */
double stats_hist_bound(unsigned int i);

/* ---- named.stats (rndc stats) texts and orders ---- */

/*!
 * \brief The counter at position \a k (0..STATS_NS_NR-1) in named's
 * order (the enum's order, with KeepAliveOpt and PadOpt after ExpireOpt).
 * Thread safety: safe (constant table).
 */
stats_ns_t stats_ns_at(unsigned int k);

/*! \brief named.stats's description of a counter ("IPv4 requests
 * received", ...). */
const char *stats_ns_desc(stats_ns_t i);

/*! \brief named.stats's (or ditto's) description of a zone counter
 * ("IPv4 notifies sent", ...). */
const char *stats_zone_desc(stats_zc_t i);

/*! Number of named's zone maintenance counters (the first ones of
 * stats_zc_t, NotifyOutv4 .. XfrFail). */
#define STATS_ZC_NAMED (STATS_ZC_XFRFAIL + 1)

/*! \brief named's name of opcode \a op (0..15): "QUERY", "IQUERY",
 * "STATUS", "RESERVED3", "NOTIFY", "UPDATE", "RESERVED6", ... */
const char *stats_opcode_name(unsigned int op);

/*! \brief named's name of rcode \a rc (0..23): "NOERROR" ..
 * "NOTZONE", "RESERVED11".."RESERVED15", "BADVERS", "17".."22",
 * "BADCOOKIE"; NULL for larger values. */
const char *stats_rcode_name(unsigned int rc);

/*! Index of the "Others" bucket for stats_qtype_name(). */
#define STATS_QTYPE_OTHERS 256

/*!
 * \brief named's name of query type \a t (1..255, as named prints it:
 * "A", "TYPE200", ...) or "Others" for STATS_QTYPE_OTHERS, in \a buf.
 * \return \a buf
 */
const char *stats_qtype_name(unsigned int t, char *buf, size_t size);

/*!
 * \brief Write named's statistics dump (the text `rndc stats` appends to
 * statistics-file) for \a s at Unix time \a now: the incoming requests,
 * queries, outgoing rcodes, name server and zone maintenance sections
 * with named's descriptions and only the counters that are not zero;
 * \a views (named's view names) get their empty "[View: ...]" lines in
 * the outgoing queries section; \a tcp_highwater is the TCP connection
 * high-water mark. A ditto-only "++ Per Zone Maintenance Statistics ++"
 * section lists every zone's non-zero transfer counters.
 * Thread safety: safe (sums and walks under the registry mutex).
 */
void stats_dump(const stats_t *s, FILE *fp, const char *const *views,
                size_t nviews, uint64_t tcp_highwater, int64_t now);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Sync health of secondary zones: per-primary state, zone state, failures. */
#include "xfrhealth.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "xfr/serial.h"

const char *
xfrhealth_statename(zmstate_t s)
{
	switch (s) {
	case ZMSTATE_OK:
		return "ok";
	case ZMSTATE_REFRESHING:
		return "refreshing";
	case ZMSTATE_RETRYING:
		return "retrying";
	case ZMSTATE_EXPIRED:
		return "expired";
	case ZMSTATE_NR:
		break;
	}
	return "unknown";
}

zmstate_t
xfrhealth_state(bool expired, bool running, bool last_failed)
{
	if (expired) {
		return ZMSTATE_EXPIRED;
	}
	if (running) {
		return ZMSTATE_REFRESHING;
	}
	return last_failed ? ZMSTATE_RETRYING : ZMSTATE_OK;
}

static bool
has(const char *s, const char *word)
{
	return s != NULL && strstr(s, word) != NULL;
}

stats_fail_t
xfrhealth_iofail(const char *msg)
{
	if (msg == NULL || msg[0] == '\0') {
		return STATS_FAIL_OTHER;
	}
	if (has(msg, "timed out") || has(msg, "max-transfer-time") ||
	    has(msg, "retry limit")) {
		return STATS_FAIL_TIMEOUT;
	}
	if (has(msg, "too large")) {
		return STATS_FAIL_BADDATA; /* the peer framed a bad message */
	}
	return STATS_FAIL_NETWORK;
}

stats_fail_t
xfrhealth_xfrfail(ditto_result_t result, const char *status)
{
	if (result >= DITTO_R_TSIG_BADSIG && result <= DITTO_R_TSIG_ERRORSET) {
		return STATS_FAIL_TSIG;
	}
	switch (result) {
	case DITTO_R_SUCCESS:
		return STATS_FAIL_OTHER;
	case DITTO_R_UNEXPECTEDEND:
		/* ditto_xfrin_abort(): the transport's reason */
		return xfrhealth_iofail(status);
	case DITTO_R_FAILURE:
		/* the state machine's FAILURE: a TSIG verification or an
		 * error rcode (the status is the rcode's name) */
		if (has(status, "tsig")) {
			return STATS_FAIL_TSIG;
		}
		return status != NULL && status[0] != '\0' ? STATS_FAIL_REFUSED
		                                           : STATS_FAIL_OTHER;
	default:
		/* FORMERR, TOOMANY (max-records), NOTZONETOP, ...: the
		 * primary sent something we cannot use */
		return STATS_FAIL_BADDATA;
	}
}

stats_fail_t
xfrhealth_soafail(uint16_t rcode, const char *msg)
{
	if (msg != NULL && strncmp(msg, "tsig", 4) == 0) {
		return STATS_FAIL_TSIG;
	}
	if (rcode != 0) {
		return STATS_FAIL_REFUSED;
	}
	return STATS_FAIL_BADDATA; /* not authoritative, referral, ... */
}

void
xfrhealth_probe_ok(xfrprobe_t *p, int64_t now, bool serial_known,
                   uint32_t serial)
{
	p->answered = true;
	p->answered_at = now;
	p->failed = false;
	if (serial_known) {
		p->serial_known = true;
		p->serial = serial;
	}
}

void
xfrhealth_probe_fail(xfrprobe_t *p, int64_t now, stats_fail_t reason,
                     const char *text)
{
	p->failed = true;
	p->failed_at = now;
	p->reason = reason < STATS_FAIL_NR ? reason : STATS_FAIL_OTHER;
	snprintf(p->error, sizeof(p->error), "%s", text != NULL ? text : "");
}

void
xfrhealth_merge(zmprimary_t *p, const xfrprobe_t *probe)
{
	if (!probe->answered && !probe->failed) {
		return;
	}
	if (probe->serial_known) {
		p->serial_known = true;
		p->serial = probe->serial;
	}
	if (probe->answered) {
		p->last_ok = probe->answered_at;
	}
	if (probe->failed) {
		p->last_fail = probe->failed_at;
		p->fail_reason = probe->reason;
		memcpy(p->last_error, probe->error, sizeof(p->last_error));
		p->last_error[sizeof(p->last_error) - 1] = '\0';
	}
	p->reachable = !probe->failed;
}

void
xfrhealth_sync(zmprimary_t *prim, size_t *n, const char *const *addrs,
               size_t naddrs)
{
	size_t keep = naddrs < ZM_MAXPRIMARIES ? naddrs : ZM_MAXPRIMARIES;
	for (size_t i = 0; i < keep; i++) {
		if (i < *n && strcmp(prim[i].addr, addrs[i]) == 0) {
			continue;
		}
		memset(&prim[i], 0, sizeof(prim[i]));
		snprintf(prim[i].addr, sizeof(prim[i].addr), "%s", addrs[i]);
	}
	for (size_t i = keep; i < *n && i < ZM_MAXPRIMARIES; i++) {
		memset(&prim[i], 0, sizeof(prim[i]));
	}
	*n = keep;
}

int64_t
xfrhealth_behind(int64_t since, bool have_ours, uint32_t ours,
                 const xfrprobe_t *probes, size_t n, int64_t now)
{
	bool told = false, newer = false;
	for (size_t i = 0; i < n; i++) {
		if (!probes[i].serial_known) {
			continue;
		}
		told = true;
		if (!have_ours || ditto_serial_gt(probes[i].serial, ours)) {
			newer = true;
		}
	}
	if (newer) {
		return since != 0 ? since : now;
	}
	return told ? 0 : since;
}

void
xfrhealth_count_af(stats_zone_t *z, int family, stats_zc_t c4, stats_zc_t c6)
{
	xfrhealth_count(z, family == AF_INET6 ? c6 : c4, 1);
}

void
xfrhealth_count_fail(stats_zone_t *z, stats_fail_t reason)
{
	if (z != NULL) {
		stats_add(&z->fail[reason < STATS_FAIL_NR ? reason
		                                          : STATS_FAIL_OTHER],
		          1);
	}
}

void
xfrhealth_observe(stats_zone_t *z, int64_t us)
{
	if (z == NULL) {
		return;
	}
	if (us < 0) {
		us = 0;
	}
	unsigned int b = stats_hist_bucket((double)us / 1e6);
	stats_add(&z->hist[b <= STATS_HIST_NR ? b : STATS_HIST_NR], 1);
	stats_add(&z->hist_sum_us, (uint64_t)us);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* AXFR-out render benchmark: records/s of ditto_xfrout_next() on one core.
 *
 *   contrib/bench/xfrout/build.sh BUILDDIR
 *   BUILDDIR/render_bench [records] [rounds] [shape]
 *
 * shape "a": one A record per name (host<i>.bench.example.); "mix": per
 * name an A, an AAAA and a TXT, with every tenth name delegated (NS and
 * DS), which is closer to a real zone. Prints records/s and bytes/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "xfr/xfrout.h"
#include "zone/version.h"

static void
die(const char *what)
{
	fprintf(stderr, "render_bench: %s\n", what);
	exit(1);
}

static void
add(ditto_version_t *v, const uint8_t *owner, uint16_t type, const void *rdata,
    size_t rdlen)
{
	ditto_rr_t rr = { .owner = owner,
		          .type = type,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = 3600,
		          .rdlen = (uint16_t)rdlen,
		          .rdata = rdata };
	if (ditto_version_addrr(v, &rr, 0, NULL) != DITTO_R_SUCCESS) {
		die("addrr");
	}
}

static void
name(const char *text, uint8_t *out)
{
	if (ditto_name_fromtext(text, strlen(text), NULL, out, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		die("name");
	}
}

static ditto_version_t *
build(const uint8_t *origin, size_t n, bool mix)
{
	ditto_version_t *v = NULL;
	uint8_t owner[DITTO_NAME_MAXWIRE], ns[DITTO_NAME_MAXWIRE];
	static const uint8_t soa_tail[20] = { 0,  0,   0, 1, 0,   0, 14,
		                              16, 0,   0, 3, 132, 0, 9,
		                              58, 128, 0, 0, 1,   44 };
	uint8_t soa[2 * DITTO_NAME_MAXWIRE + 20];
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	name("ns1.bench.example.", ns);
	size_t l = ditto_name_copy(soa, ns);
	l += ditto_name_copy(soa + l, ns);
	memcpy(soa + l, soa_tail, 20);
	add(v, origin, DITTO_TYPE_SOA, soa, l + 20);
	add(v, origin, DITTO_TYPE_NS, ns, ditto_name_length(ns));
	for (size_t i = 0; i < n;) {
		char text[64];
		snprintf(text, sizeof(text), "host%zu.bench.example.", i);
		name(text, owner);
		uint8_t a[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
			         (uint8_t)i };
		add(v, owner, DITTO_TYPE_A, a, 4);
		i++;
		if (!mix) {
			continue;
		}
		uint8_t aaaa[16] = { 0x20, 0x01, 0x0d, 0xb8 };
		memcpy(aaaa + 12, a, 4);
		add(v, owner, DITTO_TYPE_AAAA, aaaa, 16);
		add(v, owner, DITTO_TYPE_TXT, "\x0bhello world", 12);
		i += 2;
		if (i % 10 < 3) {
			uint8_t ds[36] = { 0x30, 0x39, 8, 2 };
			add(v, owner, DITTO_TYPE_NS, ns, ditto_name_length(ns));
			add(v, owner, DITTO_TYPE_DS, ds, sizeof(ds));
			i += 2;
		}
	}
	ditto_version_commit(v);
	return v;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	bool mix = argc > 3 && strcmp(argv[3], "mix") == 0;
	uint8_t origin[DITTO_NAME_MAXWIRE];
	name("bench.example.", origin);
	ditto_version_t *v = build(origin, n, mix);
	ditto_xfrout_req_t req = { .id = 1,
		                   .qtype = DITTO_TYPE_AXFR,
		                   .qclass = DITTO_CLASS_IN };
	ditto_name_copy(req.qname, origin);
	static uint8_t buf[65535];
	double best = 0;
	for (int r = 0; r < rounds; r++) {
		struct timespec t0, t1;
		ditto_xfrout_t *x = NULL;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ditto_xfrout_axfr(&req, v, NULL, NULL, &x) !=
		    DITTO_R_SUCCESS) {
			die("axfr");
		}
		bool last = false;
		while (!last) {
			size_t len;
			if (ditto_xfrout_next(x, buf, sizeof(buf), &len,
			                      &last) != DITTO_R_SUCCESS) {
				die("next");
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ditto_xfrout_stats_t st;
		ditto_xfrout_getstats(x, &st);
		ditto_xfrout_destroy(&x);
		double secs = (double)(t1.tv_sec - t0.tv_sec) +
		              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		double rate = (double)st.records / secs;
		printf("round %d: %llu records, %llu messages, %llu bytes, "
		       "%.3f s, %.0f records/s, %.1f MB/s\n",
		       r, (unsigned long long)st.records,
		       (unsigned long long)st.messages,
		       (unsigned long long)st.bytes, secs, rate,
		       (double)st.bytes / secs / 1e6);
		best = rate > best ? rate : best;
	}
	printf("best: %.0f records/s\n", best);
	ditto_version_detach(&v);
	return 0;
}

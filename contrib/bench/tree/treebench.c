/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Micro-benchmark of zone versions: 1M-record build, 10-record edits. */

/*
 * Not run by the tests. Build with ./build.sh <builddir>, then:
 *
 *   treebench build [N]     build an N-record zone (default 1000000) from
 *                           generated records; time, bytes/record, RSS
 *   treebench edit [N...]   10-record edit+commit on zones of N records
 *                           (default 10000 and 1000000)
 *   treebench load FILE ORIGIN
 *                           load a master file through the master-file
 *                           reader and the version sink: time, peak RSS
 *
 * The records follow the mix of a generated 1M-record test zone: A,
 * AAAA, MX, TXT, NS (delegations), CNAME, SRV under _sip._tcp, DS, one
 * record per owner name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "zone/master.h"
#include "zone/version.h"

static uint8_t origin[DITTO_NAME_MAXWIRE];

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;
	if (f != NULL) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2) {
			res = 0;
		}
		fclose(f);
	}
	return res * 4;
}

static long
maxrss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Record i of the generated zone, in text, as gen1m.py writes it. */
static uint16_t
gen(unsigned long i, char *owner, size_t osz, char *rd, size_t rsz)
{
	unsigned long k = i % 8;
	snprintf(owner, osz, "host%lu", i);
	switch (k) {
	case 0:
		snprintf(rd, rsz, "10.%lu.%lu.%lu", (i >> 16) & 255,
		         (i >> 8) & 255, i & 255);
		return DITTO_TYPE_A;
	case 1:
		snprintf(rd, rsz, "2001:db8::%lx:%lx", i >> 16, i & 0xffff);
		return DITTO_TYPE_AAAA;
	case 2:
		snprintf(rd, rsz, "10 mail%lu.example.com.", i);
		return DITTO_TYPE_MX;
	case 3:
		snprintf(rd, rsz,
		         "\"v=spf1 include:_spf.example.com ~all\" "
		         "\"record %lu\"",
		         i);
		return DITTO_TYPE_TXT;
	case 4:
		snprintf(owner, osz, "sub%lu", i);
		snprintf(rd, rsz, "ns1.sub%lu", i);
		return DITTO_TYPE_NS;
	case 5:
		snprintf(rd, rsz, "target%lu", i);
		return DITTO_TYPE_CNAME;
	case 6:
		snprintf(owner, osz, "_sip._tcp.host%lu", i);
		snprintf(rd, rsz, "10 60 5060 sip%lu.example.com.", i);
		return DITTO_TYPE_SRV;
	default:
		snprintf(owner, osz, "sec%lu", i);
		snprintf(rd, rsz, "12345 8 2 %016lX%016lX%016lX%016lX",
		         i * 2654435761UL, i * 40503UL, ~i, i ^ 0x5555UL);
		return DITTO_TYPE_DS;
	}
}

typedef struct genrr {
	uint8_t owner[DITTO_NAME_MAXWIRE];
	uint8_t rdata[1024];
	ditto_rr_t rr;
} genrr_t;

static void
make(unsigned long i, genrr_t *g)
{
	char owner[64], rd[256];
	size_t len = 0;
	uint16_t type = gen(i, owner, sizeof(owner), rd, sizeof(rd));
	if (ditto_name_fromtext(owner, strlen(owner), origin, g->owner, NULL,
	                        NULL) != DITTO_R_SUCCESS ||
	    ditto_rdata_fromstring(type, DITTO_CLASS_IN, rd, strlen(rd), origin,
	                           g->rdata, sizeof(g->rdata), &len,
	                           NULL) != DITTO_R_SUCCESS) {
		fprintf(stderr, "bad generated record %lu\n", i);
		exit(1);
	}
	g->rr = (ditto_rr_t){ .owner = g->owner,
		              .type = type,
		              .rclass = DITTO_CLASS_IN,
		              .ttl = 3600,
		              .rdlen = (uint16_t)len,
		              .rdata = g->rdata };
}

static void
add_or_die(ditto_version_t *v, const ditto_rr_t *rr)
{
	ditto_result_t r = ditto_version_addrr(v, rr, 0, NULL);
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "add: %s\n", ditto_result_name(r));
		exit(1);
	}
}

static void
add_soa(ditto_version_t *v, uint32_t serial)
{
	genrr_t g;
	char text[128];
	size_t len = 0;
	snprintf(text, sizeof(text), "ns1 hostmaster %u 3600 600 86400 300",
	         serial);
	ditto_name_copy(g.owner, origin);
	if (ditto_rdata_fromstring(
	            DITTO_TYPE_SOA, DITTO_CLASS_IN, text, strlen(text), origin,
	            g.rdata, sizeof(g.rdata), &len, NULL) != DITTO_R_SUCCESS) {
		exit(1);
	}
	g.rr = (ditto_rr_t){ .owner = g.owner,
		             .type = DITTO_TYPE_SOA,
		             .rclass = DITTO_CLASS_IN,
		             .ttl = 3600,
		             .rdlen = (uint16_t)len,
		             .rdata = g.rdata };
	add_or_die(v, &g.rr);
}

static ditto_version_t *
build(unsigned long n)
{
	ditto_version_t *v = NULL;
	genrr_t g;
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	add_soa(v, 1);
	for (unsigned long i = 1; i < n; i++) {
		make(i, &g);
		add_or_die(v, &g.rr);
	}
	ditto_version_commit(v);
	return v;
}

static int
cmd_build(unsigned long n)
{
	genrr_t g;
	double t0 = now();
	for (unsigned long i = 1; i < n; i++) {
		make(i, &g);
	}
	double tgen = now() - t0;
	long rss0 = rss_kib();
	t0 = now();
	ditto_version_t *v = build(n);
	double t = now() - t0;
	long rss1 = rss_kib();
	ditto_tree_stats_t st;
	ditto_tree_stats(ditto_version_tree(v), &st);
	printf("records           %lu\n",
	       (unsigned long)ditto_version_records(v));
	printf("nodes             %zu (max depth %zu)\n", st.nodes,
	       st.max_depth);
	printf("build time        %.3f s (+ %.3f s generating text and "
	       "parsing rdata, not counted)\n",
	       t - tgen, tgen);
	printf("node bytes        %.1f per record (requested)\n",
	       (double)st.node_bytes / (double)n);
	printf("trie bytes        %.1f per record (requested; %zu arrays)\n",
	       (double)st.array_bytes / (double)n, st.arrays);
	printf("RSS growth        %.1f per record\n",
	       (double)(rss1 - rss0) * 1024.0 / (double)n);
	printf("RSS now           %.1f MiB; peak (getrusage) %.1f MiB\n",
	       (double)rss1 / 1024.0, (double)maxrss_kib() / 1024.0);
	t0 = now();
	ditto_version_detach(&v);
	printf("free time         %.3f s\n", now() - t0);
	return 0;
}

/* One edit: 5 deletes, 4 adds, SOA replaced: 10 records changed. */
static void
edit_once(ditto_version_t **cur, unsigned long n, unsigned long round)
{
	ditto_version_t *e = NULL;
	genrr_t g;
	ditto_version_edit(*cur, &e);
	for (unsigned long j = 0; j < 5; j++) {
		unsigned long i = 1 + (round * 7919 + j * 104729) % (n - 1);
		make(i, &g);
		ditto_result_t r = ditto_version_delrr(e, &g.rr);
		if (r == DITTO_R_SUCCESS) {
			continue;
		}
		add_or_die(e, &g.rr); /* deleted by an earlier round */
	}
	for (unsigned long j = 0; j < 4; j++) {
		make(n + round * 4 + j, &g);
		add_or_die(e, &g.rr);
	}
	genrr_t soa;
	ditto_name_copy(soa.owner, origin);
	const ditto_rrset_t *s =
	        ditto_node_find(ditto_version_apex(*cur), DITTO_TYPE_SOA, 0);
	if (ditto_version_delrrset(e, origin, DITTO_TYPE_SOA, 0) !=
	    DITTO_R_SUCCESS) {
		exit(1);
	}
	(void)s;
	add_soa(e, (uint32_t)round + 2);
	ditto_version_commit(e);
	ditto_version_detach(cur);
	*cur = e;
}

static int
cmd_edit(unsigned long n)
{
	ditto_version_t *v = build(n);
	const unsigned long rounds = 2000;
	genrr_t g;
	/* Cost of generating the records, to subtract. */
	double t0 = now();
	for (unsigned long j = 0; j < rounds * 10; j++) {
		make(j + 1, &g);
	}
	double tgen = now() - t0;
	t0 = now();
	for (unsigned long r = 0; r < rounds; r++) {
		edit_once(&v, n, r);
	}
	double t = now() - t0 - tgen;
	printf("zone %8lu records: 10-record edit+commit+publish %.2f us "
	       "(%.2f us incl. rdata text parsing)\n",
	       n, t / rounds * 1e6, (t + tgen) / rounds * 1e6);
	ditto_version_detach(&v);
	return 0;
}

static int
cmd_load(const char *file, const char *zone)
{
	uint8_t zorigin[DITTO_NAME_MAXWIRE];
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	if (ditto_name_fromtext(zone, strlen(zone), ditto_name_root, zorigin,
	                        NULL, NULL) != DITTO_R_SUCCESS) {
		return 2;
	}
	long rss0 = rss_kib();
	double t0 = now();
	ditto_version_create(zorigin, DITTO_CLASS_IN, &v);
	ditto_master_opts_t opts = { .origin = zorigin };
	ditto_master_status_t st;
	ditto_result_t r = ditto_master_loadfile(
	        file, &opts, ditto_version_sink(&vs, v, 0, NULL, NULL), &st);
	ditto_version_commit(v);
	double t = now() - t0;
	printf("load %s: %s, %lu records in %.3f s\n", file,
	       ditto_result_name(r), (unsigned long)ditto_version_records(v),
	       t);
	printf("RSS growth %.1f bytes/record; RSS %.1f MiB; peak %.1f MiB\n",
	       (double)(rss_kib() - rss0) * 1024.0 /
	               (double)ditto_version_records(v),
	       (double)rss_kib() / 1024.0, (double)maxrss_kib() / 1024.0);
	ditto_version_detach(&v);
	return r == DITTO_R_SUCCESS ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (ditto_name_fromtext("example.com.", 12, NULL, origin, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		return 1;
	}
	if (argc >= 2 && strcmp(argv[1], "build") == 0) {
		return cmd_build(argc > 2 ? strtoul(argv[2], NULL, 10)
		                          : 1000000);
	}
	if (argc >= 2 && strcmp(argv[1], "edit") == 0) {
		if (argc == 2) {
			cmd_edit(10000);
			return cmd_edit(1000000);
		}
		for (int i = 2; i < argc; i++) {
			cmd_edit(strtoul(argv[i], NULL, 10));
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "load") == 0) {
		return cmd_load(argv[2], argv[3]);
	}
	fprintf(stderr, "usage: treebench build [N] | edit [N...] | "
	                "load FILE ORIGIN\n");
	return 2;
}

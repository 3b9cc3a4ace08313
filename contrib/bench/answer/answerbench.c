/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Micro-benchmark of the answer engine: ns per answer, by kind of answer. */

/*
 * Not run by the tests. Build with ./build.sh <builddir>, then:
 *
 *   answerbench [N] [ITER]
 *
 * Builds a zone of N owner names (default 100000: A, AAAA, MX, TXT, a
 * delegation every 50 names with glue, a CNAME every 20, a wildcard) plus
 * the signed test zone of tests/system/answers when run from the top of
 * the repository, then times ditto_answer_query() + render begin/finish
 * (what a worker does per query once the question is parsed) for each
 * kind of question, ITER times (default 2000000), cycling over names.
 * Prints ns per answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "zone/answer.h"
#include "zone/master.h"
#include "zone/version.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID,
	              &ts); /* CPU time: the machine may be shared */
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ditto_version_t *
load(const char *origin_text, const char *text, size_t len, const char *file)
{
	ditto_name_storage_t origin;
	ditto_version_t *v = NULL;
	if (ditto_name_fromtext(origin_text, strlen(origin_text), NULL, origin,
	                        NULL, NULL) != DITTO_R_SUCCESS) {
		exit(1);
	}
	ditto_version_create(origin, 1, &v);
	ditto_version_sink_t vs;
	ditto_rrsink_t sink =
	        ditto_version_sink(&vs, v, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_master_opts_t mo = { .origin = origin };
	ditto_master_status_t st;
	memset(&st, 0, sizeof(st));
	ditto_result_t r = file != NULL
	                           ? ditto_master_loadfile(file, &mo, sink, &st)
	                           : ditto_master_loadmem("gen", text, len, &mo,
	                                                  sink, &st);
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "%s\n", st.err.msg);
		ditto_version_detach(&v);
		return NULL;
	}
	ditto_version_commit(v);
	return v;
}

static char *
gen_zone(unsigned int n, size_t *len)
{
	size_t cap = (size_t)n * 160 + 4096, pos = 0;
	char *z = malloc(cap);
	pos += (size_t)snprintf(
	        z + pos, cap - pos,
	        "$TTL 3600\n@ SOA ns1 h 1 2 3 4 300\n@ NS ns1\n"
	        "@ NS ns2\nns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\n"
	        "ns2 A 192.0.2.2\n*.wild A 192.0.2.9\n");
	for (unsigned int i = 0; i < n; i++) {
		if (i % 50 == 0) {
			pos += (size_t)snprintf(
			        z + pos, cap - pos,
			        "h%u NS ns.h%u\nns.h%u A 10.1.%u.%u\n", i, i, i,
			        (i >> 8) & 255, i & 255);
		} else if (i % 20 == 0) {
			pos += (size_t)snprintf(z + pos, cap - pos,
			                        "h%u CNAME h%u\n", i, i + 1);
		} else {
			pos += (size_t)snprintf(
			        z + pos, cap - pos,
			        "h%u A 10.0.%u.%u\nh%u AAAA 2001:db8::%x\n"
			        "h%u MX 10 h%u\nh%u TXT \"t%u\"\n",
			        i, (i >> 8) & 255, i & 255, i, i & 0xffff, i,
			        i + 1, i, i);
		}
	}
	*len = pos;
	return z;
}

typedef struct kind {
	const char *what; /* label */
	const char *fmt;  /* qname format (%u = index) */
	uint16_t type;    /* qtype */
	bool dnssec;      /* DO */
	bool rd;          /* RD */
	int zone;         /* 0: generated, 1: signed test zone */
} kind_t;

static const kind_t kinds[] = {
	{ "A, RD (minimal)", "h%u.bench.", DITTO_TYPE_A, false, true, 0 },
	{ "A, no RD (NS+glue)", "h%u.bench.", DITTO_TYPE_A, false, false, 0 },
	{ "MX + additional", "h%u.bench.", DITTO_TYPE_MX, false, true, 0 },
	{ "NXDOMAIN", "x%u.bench.", DITTO_TYPE_A, false, true, 0 },
	{ "NODATA", "h%u.bench.", DITTO_TYPE_SRV, false, true, 0 },
	{ "wildcard", "w%u.wild.bench.", DITTO_TYPE_A, false, true, 0 },
	{ "referral", "x.h%u.bench.", DITTO_TYPE_A, false, true, 0 },
	{ "NSEC NXDOMAIN, DO", "x%u.signed.test.", DITTO_TYPE_A, true, true,
	  1 },
	{ "NSEC3 NXDOMAIN, DO", "x%u.nsec3.test.", DITTO_TYPE_A, true, true,
	  2 },
	{ "NSEC3 positive, DO", "www.nsec3.test.", DITTO_TYPE_A, true, true,
	  2 },
};

static void
run(const kind_t *k, ditto_version_t *v, unsigned int n, unsigned int iter)
{
	static uint8_t out[65535];
	ditto_answer_opts_t o = { DITTO_MINIMAL_NO_AUTH_RECURSIVE, false };
	ditto_name_storage_t *names = malloc(1024 * sizeof(*names));
	for (unsigned int i = 0; i < 1024; i++) {
		char text[300];
		unsigned int idx = (i * 7919u) % (n == 0 ? 1 : n);
		if (k->zone == 0 && k->type != DITTO_TYPE_A && idx % 20 == 0) {
			idx++; /* not a CNAME or a cut */
		}
		if (k->zone == 0 && (idx % 50 == 0) != (k->what[0] == 'r')) {
			idx = k->what[0] == 'r' ? idx - idx % 50 : idx + 1;
		}
		snprintf(text, sizeof(text), k->fmt, idx);
		if (ditto_name_fromtext(text, strlen(text), NULL, names[i],
		                        NULL, NULL) != DITTO_R_SUCCESS) {
			exit(1);
		}
	}
	double t0 = now();
	unsigned long bytes = 0;
	for (unsigned int i = 0; i < iter; i++) {
		ditto_query_t q = { .qname = names[i & 1023],
			            .qtype = k->type,
			            .qclass = 1,
			            .dnssec_ok = k->dnssec,
			            .recursion_desired = k->rd };
		ditto_msg_header_t hdr = { .id = 1, .flags = DITTO_MSG_QR };
		ditto_render_t r;
		size_t len = 0;
		ditto_render_begin(&r, out, sizeof(out), 1232, &hdr);
		if (ditto_render_question(&r, q.qname, q.qtype, 1) !=
		            DITTO_R_SUCCESS ||
		    ditto_answer_query(&o, v, &q, &r) != DITTO_R_SUCCESS ||
		    ditto_render_finish(&r, &len) != DITTO_R_SUCCESS) {
			fprintf(stderr, "answer failed\n");
			exit(1);
		}
		bytes += len;
	}
	double dt = now() - t0;
	printf("%-22s %8.0f ns/answer  (%lu bytes avg)\n", k->what,
	       dt * 1e9 / iter, bytes / iter);
	free(names);
}

int
main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 100000;
	unsigned int iter = argc > 2 ? (unsigned int)atoi(argv[2]) : 2000000;
	size_t len;
	char *text = gen_zone(n, &len);
	ditto_version_t *zones[3] = { load("bench.", text, len, NULL),
		                      load("signed.test.", NULL, 0,
		                           "tests/system/answers/zones/"
		                           "signed.test.db"),
		                      load("nsec3.test.", NULL, 0,
		                           "tests/system/answers/zones/"
		                           "nsec3.test.db") };
	free(text);
	if (zones[0] == NULL) {
		fprintf(stderr, "cannot build the zone\n");
		return 1;
	}
	printf("zone of %u names, %u answers per kind\n", n, iter);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (zones[kinds[i].zone] != NULL) {
			run(&kinds[i], zones[kinds[i].zone], n, iter);
		}
	}
	for (int i = 0; i < 3; i++) {
		ditto_version_detach(&zones[i]);
	}
	return 0;
}

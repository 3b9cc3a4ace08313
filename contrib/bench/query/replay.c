/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* qreplay: dittod's per-packet query path in a loop, for perf and callgrind. */
/*
 * Usage: qreplay [-e|-d] [-x] [-r PASSES] [-c COUNT] [-o ORIGIN] ZONEFILE
 * QUERIES
 *
 * Loads ZONEFILE as the primary zone ORIGIN (default bench.example) through
 * the same configuration path dittod uses (srvtab_build), turns every line
 * "name type" of QUERIES (dnsperf's format, as genqueries.py writes it) into
 * a request as dnsperf sends it (RD set, no EDNS; -e adds an OPT record with
 * a 4096-byte UDP size, -d the same with DO set), then calls query_process() on
 * each request, PASSES times over the first COUNT of them, as a UDP worker
 * would (client 127.0.0.1, 4096-byte output buffer). Prints the time per query
 * and the response-code mix (to compare with dnsperf's); -x also prints a
 * checksum of every response byte, to check that a change to the query path
 * left the answers byte for byte the same.
 *
 * Under callgrind only the answering loop is measured:
 *   valgrind --tool=callgrind --collect-atstart=no qreplay -c 100000 ...
 * (the loop is bracketed with CALLGRIND_START/STOP_INSTRUMENTATION when
 * <valgrind/callgrind.h> is available; otherwise use --toggle-collect=run).
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "dns/name.h"
#include "dns/rrtype.h"
#include "parser/check.h"
#include "parser/config.h"
#include "util/buf.h"
#include "util/mem.h"

#include "log.h"
#include "query.h"
#include "zones.h"

#define MAXQ 2000000

typedef struct pkt {
	uint16_t len;
	uint8_t data[DITTO_NAME_MAXWIRE + 12 + 4 + 11];
} pkt_t;

static srvtab_t *
load(const char *zonefile, const char *origin)
{
	char conf[4096];
	int n = snprintf(conf, sizeof(conf),
	                 "options { recursion no; listen-on { 127.0.0.1; };"
	                 " notify no; };\n"
	                 "zone \"%s\" { type primary; file \"%s\"; };\n",
	                 origin, zonefile);
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	srvtab_t *tab = NULL;
	ditto_cfg_parser_init(&p);
	if (n < 0 || (size_t)n >= sizeof(conf) ||
	    ditto_cfg_parse_buffer(&p, "qreplay.conf", conf, (size_t)n,
	                           &root) != DITTO_R_SUCCESS ||
	    ditto_cfg_check(&p, root) != DITTO_R_SUCCESS ||
	    ditto_config_build(&p, root, &cfg) != DITTO_R_SUCCESS ||
	    srvtab_build(cfg, NULL, &tab, NULL) != DITTO_R_SUCCESS ||
	    tab->zones_loaded < 1) {
		fprintf(stderr, "qreplay: could not load %s\n", zonefile);
		exit(1);
	}
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	return tab;
}

/* One dnsperf-style request from "name type"; false if unusable. */
static bool
mkpkt(char *line, uint16_t id, int edns, pkt_t *pk)
{
	char *name = strtok(line, " \t\r\n");
	char *type = strtok(NULL, " \t\r\n");
	ditto_name_storage_t qn;
	uint16_t qt;
	if (name == NULL || type == NULL ||
	    ditto_name_fromtext(name, strlen(name), NULL, qn, NULL, NULL) !=
	            DITTO_R_SUCCESS ||
	    ditto_rrtype_fromtext(type, strlen(type), &qt) != DITTO_R_SUCCESS) {
		return false;
	}
	size_t nl = ditto_name_length(qn);
	uint8_t *d = pk->data;
	ditto_write16(d, id);
	ditto_write16(d + 2, 0x0100); /* RD */
	ditto_write16(d + 4, 1);
	ditto_write16(d + 6, 0);
	ditto_write16(d + 8, 0);
	ditto_write16(d + 10, edns ? 1 : 0);
	memcpy(d + 12, qn, nl);
	size_t o = 12 + nl;
	ditto_write16(d + o, qt);
	ditto_write16(d + o + 2, DITTO_CLASS_IN);
	o += 4;
	if (edns) {
		static const uint8_t opt[11] = { 0, 0, 41, 0x10, 0, 0,
			                         0, 0, 0,  0,    0 };
		memcpy(d + o, opt, sizeof(opt));
		if (edns > 1) {
			d[o + 7] = 0x80; /* DO */
		}
		o += sizeof(opt);
	}
	pk->len = (uint16_t)o;
	return true;
}

static void
usage(void)
{
	fprintf(stderr, "usage: qreplay [-e|-d] [-x] [-r PASSES] [-c COUNT] "
	                "[-o ORIGIN] ZONEFILE QUERIES\n");
	exit(2);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	int edns = 0;
	bool check = false;
	long passes = 1, count = MAXQ;
	const char *origin = "bench.example";
	int opt;
	while ((opt = getopt(argc, argv, "edxr:c:o:")) != -1) {
		switch (opt) {
		case 'e':
			edns = 1;
			break;
		case 'd':
			edns = 2;
			break;
		case 'x':
			check = true;
			break;
		case 'r':
			passes = atol(optarg);
			break;
		case 'c':
			count = atol(optarg);
			break;
		case 'o':
			origin = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || passes < 1 || count < 1 || count > MAXQ) {
		usage();
	}
	log_init("qreplay", true, 0);
	FILE *f = fopen(argv[optind + 1], "r");
	if (f == NULL) {
		perror(argv[optind + 1]);
		return 1;
	}
	pkt_t *pk = ditto_malloc(sizeof(*pk) * (size_t)count);
	size_t nq = 0;
	char line[1100];
	while (nq < (size_t)count && fgets(line, sizeof(line), f) != NULL) {
		if (mkpkt(line, (uint16_t)nq, edns, &pk[nq])) {
			nq++;
		}
	}
	fclose(f);
	double t0 = now_s();
	srvtab_t *tab = load(argv[optind], origin);
	fprintf(stderr, "qreplay: loaded in %.2f s, %zu queries\n",
	        now_s() - t0, nq);

	struct sockaddr_in peer = { .sin_family = AF_INET,
		                    .sin_addr.s_addr = htonl(0x7f000001),
		                    .sin_port = htons(5353) };
	struct sockaddr_in local = { .sin_family = AF_INET,
		                     .sin_addr.s_addr = htonl(0x7f000001),
		                     .sin_port = htons(53) };
	query_client_t cl = { .peer = (struct sockaddr *)&peer,
		              .local = (struct sockaddr *)&local,
		              .tcp = false,
		              .now = (uint32_t)time(NULL) };
	static uint8_t out[4096];
	unsigned long rcodes[16] = { 0 }, dropped = 0, bytes = 0;
	uint64_t sum = 0xcbf29ce484222325ULL; /* FNV-1a of every response */
	t0 = now_s();
	CALLGRIND_START_INSTRUMENTATION;
	for (long p = 0; p < passes; p++) {
		for (size_t i = 0; i < nq; i++) {
			size_t outlen = 0;
			if (query_process(tab, &cl, pk[i].data, pk[i].len, out,
			                  sizeof(out), &outlen) != QUERY_SEND) {
				dropped++;
				continue;
			}
			rcodes[out[3] & 0xf]++;
			bytes += outlen;
			if (check) {
				for (size_t k = 0; k < outlen; k++) {
					sum = (sum ^ out[k]) * 0x100000001b3ULL;
				}
			}
		}
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	double dt = now_s() - t0;
	unsigned long total = (unsigned long)passes * nq;
	printf("qreplay: %lu queries in %.3f s: %.0f ns/query, %.0f qps "
	       "(one core, no I/O)\n",
	       total, dt, dt * 1e9 / (double)total, (double)total / dt);
	printf("qreplay: avg response %.1f B, dropped %lu;",
	       (double)bytes / (double)(total - dropped), dropped);
	for (int r = 0; r < 16; r++) {
		if (rcodes[r] > 0) {
			printf(" rcode %d: %.2f%%", r,
			       100.0 * (double)rcodes[r] / (double)total);
		}
	}
	printf("\n");
	if (check) {
		printf("qreplay: responses checksum %016llx\n",
		       (unsigned long long)sum);
	}
	srvtab_destroy(&tab);
	ditto_free(pk);
	return 0;
}

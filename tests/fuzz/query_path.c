/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: dittod's whole query path, packet in -> packet out. */
/*
 * Input: one flag byte, then the request. Flag bit 0: TCP; bit 1: the
 * client is ::1 instead of 127.0.0.1 (which the blackhole and allow-query
 * lists below treat differently). The server state is the one a worker
 * reads: a snapshot built from a small configuration (a primary zone with
 * a delegation, a wildcard, a CNAME and a long TXT, a zone that fails to
 * load, allow-query, blackhole, NSID, cookies). The output must be empty
 * or a message that ditto_msg_parse() accepts, with the request's ID, QR
 * set and within the transport's size limit.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/msg.h"
#include "parser/check.h"
#include "parser/config.h"
#include "util/buf.h"
#include "util/mem.h"

#include "log.h"
#include "query.h"
#include "zones.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char zonetext[] =
        "$TTL 300\n"
        "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@ NS ns1\n@ NS ns2.other.test.\n@ MX 10 mail\n"
        "ns1 A 192.0.2.1\nmail A 192.0.2.25\nmail AAAA 2001:db8::25\n"
        "www A 192.0.2.80\nftp CNAME www\nloop CNAME loop\n"
        "*.wild TXT \"wildcard\"\n"
        "sub NS ns.sub\nns.sub A 192.0.2.53\n"
        "big TXT \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
        "big TXT \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n"
        "big TXT \"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
        "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
        "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
        "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"\n";

static srvtab_t *tab;

static void
setup(void)
{
	char dir[] = "/tmp/ditto-fuzz-qp-XXXXXX";
	char path[256], conf[1024];
	if (mkdtemp(dir) == NULL) {
		abort();
	}
	snprintf(path, sizeof(path), "%s/db.example", dir);
	FILE *f = fopen(path, "w");
	if (f == NULL || fwrite(zonetext, 1, sizeof(zonetext) - 1, f) !=
	                         sizeof(zonetext) - 1) {
		abort();
	}
	fclose(f);
	int n = snprintf(
	        conf, sizeof(conf),
	        "options { recursion no; server-id \"fuzz\";\n"
	        " blackhole { 10.9.9.9; };\n"
	        " cookie-secret \"000102030405060708090a0b0c0d0e0f\";"
	        "};\n"
	        "zone \"example\" { type primary; file \"%s\";\n"
	        " allow-query { 127.0.0.1; }; };\n"
	        "zone \"broken.example\" { type primary;"
	        " file \"%s/missing\"; };\n"
	        "zone \"open.example\" { type primary; file \"%s\"; };\n",
	        path, dir, path);
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_config_t *cfg = NULL;
	ditto_cfg_parser_init(&p);
	log_init("fuzz", true, 0);
	if (ditto_cfg_parse_buffer(&p, "fuzz.conf", conf, (size_t)n, &root) !=
	            DITTO_R_SUCCESS ||
	    ditto_cfg_check(&p, root) != DITTO_R_SUCCESS ||
	    ditto_config_build(&p, root, &cfg) != DITTO_R_SUCCESS ||
	    srvtab_build(cfg, NULL, &tab, NULL) != DITTO_R_SUCCESS) {
		abort();
	}
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[QUERY_MAXOUT];
	static ditto_arena_t arena;
	if (tab == NULL) {
		setup();
		ditto_arena_init(&arena, 0);
	}
	if (size < 1) {
		return 0;
	}
	struct sockaddr_in sin = { .sin_family = AF_INET,
		                   .sin_addr.s_addr = htonl(0x7f000001) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
		                     .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	query_client_t cl = {
		.peer = (data[0] & 2) ? (struct sockaddr *)&sin6
		                      : (struct sockaddr *)&sin,
		.local = NULL,
		.tcp = (data[0] & 1) != 0,
		.now = 1700000000,
	};
	size_t outlen = 0;
	size_t cap = cl.tcp ? QUERY_MAXOUT : 4096;
	query_action_t a =
	        query_process(tab, &cl, data + 1, size - 1, out, cap, &outlen);
	if (a != QUERY_SEND) {
		return 0;
	}
	ditto_msg_t msg;
	if (outlen < DITTO_MSG_HDRLEN || outlen > cap ||
	    (!cl.tcp && outlen > 4096) ||
	    ditto_read16(out) != ditto_read16(data + 1) ||
	    (ditto_read16(out + 2) & DITTO_MSG_QR) == 0 ||
	    ditto_msg_parse(out, outlen, 0, &arena, &msg, NULL) !=
	            DITTO_R_SUCCESS) {
		fprintf(stderr, "query_path: bad response of %zu bytes\n",
		        outlen);
		abort();
	}
	ditto_arena_reset(&arena);
	return 0;
}

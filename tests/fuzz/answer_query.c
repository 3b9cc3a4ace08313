/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: a query against a fixed small signed zone (NSEC and NSEC3
 * flavours) through dittod's query path over UDP and TCP, with default
 * and minimal responses; the reply must parse. */
/*
 * Input: the request. It is answered over UDP from 127.0.0.1 with the
 * default minimal-responses, then over TCP from ::1 (AAAA before A in the
 * additional section) with minimal-responses and minimal-any yes when the
 * last byte is odd, the defaults otherwise.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/msg.h"
#include "parser/config.h"
#include "util/buf.h"
#include "util/mem.h"

#include "log.h"
#include "query.h"
#include "zones.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static const char ZONE[] =
        "$TTL 300\n"
        "@ SOA ns h 1 2 3 4 60\n"
        "@ NS ns\n@ NS ns.other.\n@ MX 10 mail\n"
        "@ NSEC3PARAM 1 0 0 aabbccdd\n"
        "@ NSEC a NS SOA MX RRSIG NSEC NSEC3PARAM\n"
        "@ RRSIG SOA 13 1 300 20460101000000 20260101000000 1 fz. AAAA\n"
        "a A 192.0.2.1\na NSEC c A RRSIG NSEC\n"
        "c CNAME a\nc NSEC d CNAME RRSIG NSEC\n"
        "d DNAME a\nd NSEC mail DNAME RRSIG NSEC\n"
        "mail A 192.0.2.2\nmail AAAA 2001:db8::2\n"
        "mail NSEC ns A AAAA RRSIG NSEC\n"
        "ns A 192.0.2.3\nns NSEC sub A RRSIG NSEC\n"
        "sub NS ns.sub\nsub DS 1 13 2 "
        "0011223344556677889900112233445566778899001122334455667788990011\n"
        "sub NSEC w.x NS DS RRSIG NSEC\nns.sub A 192.0.2.4\n"
        "*.w.x TXT \"w\"\n*.w.x NSEC fz. TXT RRSIG NSEC\n"
        "sfe63s1fbjrk9557p3s96olab0oqq9i4 NSEC3 1 1 0 aabbccdd "
        "00000000000000000000000000000000 A NS SOA\n";

/* The server state with the defaults, and with minimal responses. */
static srvtab_t *tab_default, *tab_minimal;

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECKF(f != NULL);
	CHECKF(fwrite(text, 1, strlen(text), f) == strlen(text));
	CHECKF(fclose(f) == 0);
}

/* A snapshot serving zone fz. from \a zonefile with \a options. */
static srvtab_t *
build(const char *dir, const char *zonefile, const char *options)
{
	char path[256], conf[1024];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	snprintf(conf, sizeof(conf),
	         "options { recursion no; %s };\n"
	         "zone \"fz\" { type primary; file \"%s\"; };\n",
	         options, zonefile);
	write_file(path, conf);
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	srvtab_t *tab = NULL;
	ditto_cfg_parser_init(&p);
	CHECKF(ditto_config_load(&p, path, &cfg) == DITTO_R_SUCCESS);
	CHECKF(srvtab_build(cfg, NULL, &tab, NULL) == DITTO_R_SUCCESS);
	CHECKF(tab->zones_loaded == 1 && tab->zones_failed == 0);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	unlink(path);
	return tab;
}

static void
setup(void)
{
	char dir[] = "/tmp/ditto-fuzz-aq-XXXXXX";
	char zonefile[256];
	CHECKF(mkdtemp(dir) != NULL);
	snprintf(zonefile, sizeof(zonefile), "%s/db.fz", dir);
	write_file(zonefile, ZONE);
	log_init("fuzz", true, 0);
	tab_default = build(dir, zonefile, "");
	tab_minimal =
	        build(dir, zonefile, "minimal-responses yes; minimal-any yes;");
	unlink(zonefile);
	rmdir(dir);
}

static void
check_reply(const uint8_t *q, size_t qlen, bool tcp, bool minimal)
{
	static uint8_t out[QUERY_MAXOUT];
	static ditto_arena_t arena;
	static bool init;
	if (!init) {
		ditto_arena_init(&arena, 4096);
		init = true;
	}
	struct sockaddr_in sin = { .sin_family = AF_INET,
		                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
		                     .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	query_client_t cl = {
		.peer = tcp ? (struct sockaddr *)&sin6
		            : (struct sockaddr *)&sin,
		.tcp = tcp,
		.now = 1700000000,
	};
	size_t len = 0;
	if (query_process(minimal ? tab_minimal : tab_default, &cl, q, qlen,
	                  out, tcp ? sizeof(out) : 4096, &len) != QUERY_SEND) {
		return;
	}
	CHECKF(len <= (tcp ? 65535u : 1232u) || len <= 512);
	CHECKF(len >= DITTO_MSG_HDRLEN && ditto_read16(out) == ditto_read16(q));
	ditto_msg_t m;
	ditto_arena_reset(&arena);
	CHECKF(ditto_msg_parse(out, len, 0, &arena, &m, NULL) ==
	       DITTO_R_SUCCESS);
	CHECKF((m.hdr.flags & DITTO_MSG_QR) != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (tab_default == NULL) {
		setup();
	}
	check_reply(data, size, false, false);
	check_reply(data, size, true, size > 0 && (data[size - 1] & 1) != 0);
	return 0;
}

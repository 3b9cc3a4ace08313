/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ditto-answer: a test-only authoritative server over the answer engine. */

/*
 * Usage: ditto-answer [-p port] [-m minimal] [-A] origin file [origin file..]
 *
 * Loads each zone file with the master reader into a committed version,
 * builds a zone table, then answers queries on 127.0.0.1:port over UDP and
 * TCP in one thread (a poll() loop; a TCP connection is served until it
 * closes or is idle for 2 seconds). Prints "ready <port>" once listening.
 * -m sets minimal-responses (no, yes, no-auth, no-auth-recursive: the
 * default), -A sets minimal-any yes. Built for tests only, never installed;
 * dittod replaces it for system tests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/name.h"
#include "zone/master.h"
#include "zone/version.h"
#include "zone/zonetable.h"

#include "answer_wire.h"

#define MAXZONES 64

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static ditto_version_t *
load_zone(const char *origin_text, const char *file)
{
	ditto_name_storage_t origin;
	ditto_version_t *v = NULL;
	if (ditto_name_fromtext(origin_text, strlen(origin_text),
	                        ditto_name_root, origin, NULL,
	                        NULL) != DITTO_R_SUCCESS) {
		fprintf(stderr, "bad origin '%s'\n", origin_text);
		return NULL;
	}
	ditto_version_create(origin, 1, &v);
	ditto_version_sink_t vs;
	ditto_rrsink_t sink =
	        ditto_version_sink(&vs, v, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_master_status_t st;
	memset(&st, 0, sizeof(st));
	if (ditto_master_loadfile(file, &mo, sink, &st) != DITTO_R_SUCCESS) {
		fprintf(stderr, "%s: %s\n", file, st.err.msg);
		ditto_version_detach(&v);
		return NULL;
	}
	ditto_version_commit(v);
	return v;
}

static int
listen_on(int type, int port)
{
	int fd = socket(AF_INET, type, 0);
	int one = 1;
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0) {
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) != 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
serve_udp(int fd, const ditto_zonetable_t *zt, const ditto_answer_opts_t *o)
{
	static uint8_t q[65536], a[65536];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n =
	        recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
	if (n <= 0) {
		return;
	}
	size_t len = answer_wire(zt, o, q, (size_t)n, false, a, sizeof(a));
	if (len > 0) {
		(void)sendto(fd, a, len, 0, (struct sockaddr *)&from, fl);
	}
}

static bool
read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 2000) <= 0) {
			return false;
		}
		ssize_t n = read(fd, buf + got, len - got);
		if (n <= 0) {
			return false;
		}
		got += (size_t)n;
	}
	return true;
}

static void
serve_tcp(int lfd, const ditto_zonetable_t *zt, const ditto_answer_opts_t *o)
{
	static uint8_t q[65536], a[65538];
	int fd = accept(lfd, NULL, NULL);
	if (fd < 0) {
		return;
	}
	for (unsigned int i = 0; i < 10000 && !stop; i++) {
		uint8_t l[2];
		if (!read_full(fd, l, 2)) {
			break;
		}
		size_t qlen = (size_t)((l[0] << 8) | l[1]);
		if (!read_full(fd, q, qlen)) {
			break;
		}
		size_t len =
		        answer_wire(zt, o, q, qlen, true, a + 2, sizeof(a) - 2);
		if (len == 0) {
			continue;
		}
		a[0] = (uint8_t)(len >> 8);
		a[1] = (uint8_t)len;
		if (write(fd, a, len + 2) != (ssize_t)(len + 2)) {
			break;
		}
	}
	close(fd);
}

static bool
parse_minimal(const char *s, ditto_minimal_t *m)
{
	static const char *names[] = { "no", "yes", "no-auth",
		                       "no-auth-recursive" };
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, names[i]) == 0) {
			*m = (ditto_minimal_t)i;
			return true;
		}
	}
	return false;
}

int
main(int argc, char **argv)
{
	ditto_answer_opts_t opts = { DITTO_MINIMAL_NO_AUTH_RECURSIVE, false };
	int port = 0, c;
	while ((c = getopt(argc, argv, "p:m:A")) != -1) {
		if (c == 'p') {
			port = atoi(optarg);
		} else if (c == 'm' &&
		           parse_minimal(optarg, &opts.minimal_responses)) {
			continue;
		} else if (c == 'A') {
			opts.minimal_any = true;
		} else {
			fprintf(stderr, "usage: ditto-answer -p port [-m "
			                "minimal] [-A] origin file ...\n");
			return 2;
		}
	}
	if (port <= 0 || (argc - optind) % 2 != 0 ||
	    argc - optind > 2 * MAXZONES) {
		fprintf(stderr,
		        "ditto-answer: need -p and origin/file pairs\n");
		return 2;
	}
	ditto_zonetable_t *zt = NULL;
	ditto_version_t *zones[MAXZONES];
	int nz = 0;
	ditto_zonetable_create(&zt);
	for (int i = optind; i + 1 < argc; i += 2) {
		ditto_version_t *v = load_zone(argv[i], argv[i + 1]);
		if (v == NULL ||
		    ditto_zonetable_add(zt, ditto_version_origin(v), v) !=
		            DITTO_R_SUCCESS) {
			fprintf(stderr, "cannot serve %s\n", argv[i]);
			return 1;
		}
		zones[nz++] = v;
	}
	int ufd = listen_on(SOCK_DGRAM, port),
	    tfd = listen_on(SOCK_STREAM, port);
	if (ufd < 0 || tfd < 0) {
		fprintf(stderr, "cannot listen on port %d: %s\n", port,
		        strerror(errno));
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("ready %d\n", port);
	fflush(stdout);
	while (!stop) {
		struct pollfd p[2] = { { .fd = ufd, .events = POLLIN },
			               { .fd = tfd, .events = POLLIN } };
		if (poll(p, 2, 500) <= 0) {
			continue;
		}
		if (p[0].revents & POLLIN) {
			serve_udp(ufd, zt, &opts);
		}
		if (p[1].revents & POLLIN) {
			serve_tcp(tfd, zt, &opts);
		}
	}
	close(ufd);
	close(tfd);
	ditto_zonetable_destroy(&zt);
	for (int i = 0; i < nz; i++) {
		ditto_version_detach(&zones[i]);
	}
	return 0;
}

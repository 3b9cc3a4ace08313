/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* xfrbench: the floor client: pull a zone by AXFR over TCP and discard it. */
/*
 * Usage: xfrpull PORT ZONE  (server 127.0.0.1). Walks every record only as
 * far as needed to count them and find the closing SOA; stores nothing.
 * Prints "<records> <messages> <bytes>"; exits 1 on any error. Reads are
 * bounds-checked; every loop ends with the input.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
readall(int fd, uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t k = recv(fd, p, n, MSG_WAITALL);
		if (k <= 0) {
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Skip a (possibly compressed) name at *off; -1 if it runs off the end. */
static int
skipname(const uint8_t *m, size_t len, size_t *off)
{
	size_t o = *off;
	for (int i = 0; i < 128; i++) {
		if (o >= len) {
			return -1;
		}
		uint8_t l = m[o];
		if (l == 0) {
			*off = o + 1;
			return 0;
		}
		if ((l & 0xc0) == 0xc0) {
			if (o + 2 > len) {
				return -1;
			}
			*off = o + 2;
			return 0;
		}
		o += 1 + l;
	}
	return -1;
}

static size_t
query(uint8_t *q, const char *zone)
{
	static const uint8_t hdr[12] = { 0x12, 0x34, 0, 0, 0, 1,
		                         0,    0,    0, 0, 0, 0 };
	size_t n = 2 + sizeof(hdr);
	memcpy(q + 2, hdr, sizeof(hdr));
	const char *s = zone;
	while (*s != '\0' && n < 300) {
		const char *dot = strchr(s, '.');
		size_t l = dot ? (size_t)(dot - s) : strlen(s);
		if (l == 0 || l > 63) {
			break;
		}
		q[n++] = (uint8_t)l;
		memcpy(q + n, s, l);
		n += l;
		s += l + (dot ? 1 : 0);
	}
	q[n++] = 0;
	q[n++] = 0;
	q[n++] = 252; /* AXFR */
	q[n++] = 0;
	q[n++] = 1; /* IN */
	q[0] = (uint8_t)((n - 2) >> 8);
	q[1] = (uint8_t)(n - 2);
	return n;
}

int
main(int argc, char **argv)
{
	if (argc != 3 || strlen(argv[2]) > 250) {
		fprintf(stderr, "usage: xfrpull PORT ZONE\n");
		return 2;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_port = htons((uint16_t)atoi(argv[1])) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	uint8_t q[320], m[65536];
	size_t qn = query(q, argv[2]);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    send(fd, q, qn, 0) != (ssize_t)qn) {
		perror("xfrpull");
		return 1;
	}
	unsigned long recs = 0, msgs = 0, bytes = 0, soas = 0;
	while (soas < 2) {
		uint8_t lb[2];
		if (readall(fd, lb, 2) != 0) {
			fprintf(stderr, "xfrpull: connection closed early\n");
			return 1;
		}
		size_t len = (size_t)lb[0] << 8 | lb[1];
		if (len < 12 || readall(fd, m, len) != 0 || (m[3] & 0xf) != 0) {
			fprintf(stderr, "xfrpull: bad or failed response\n");
			return 1;
		}
		msgs++;
		bytes += len;
		size_t off = 12;
		unsigned qd = (unsigned)m[4] << 8 | m[5];
		unsigned an = (unsigned)m[6] << 8 | m[7];
		for (unsigned i = 0; i < qd; i++) {
			if (skipname(m, len, &off) != 0 || (off += 4) > len) {
				return 1;
			}
		}
		for (unsigned i = 0; i < an && soas < 2; i++) {
			if (skipname(m, len, &off) != 0 || off + 10 > len) {
				fprintf(stderr, "xfrpull: malformed record\n");
				return 1;
			}
			unsigned type = (unsigned)m[off] << 8 | m[off + 1];
			size_t rdl = (size_t)m[off + 8] << 8 | m[off + 9];
			off += 10 + rdl;
			if (off > len) {
				return 1;
			}
			recs++;
			soas += type == 6;
		}
		if (an == 0) {
			fprintf(stderr, "xfrpull: empty response\n");
			return 1;
		}
	}
	close(fd);
	printf("%lu %lu %lu\n", recs, msgs, bytes);
	return 0;
}

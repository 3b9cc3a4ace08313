/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS server cookies (RFC 7873, RFC 9018 SipHash-2-4 interoperable form). */
/*
 * SipHash-2-4 written from the paper by Aumasson and Bernstein (2012):
 * four 64-bit state words, two compression rounds per 8-byte block, four
 * finalisation rounds, the length in the top byte of the last block.
 */
#include "cookie.h"

#include <netinet/in.h>
#include <string.h>

#include "util/buf.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static inline uint64_t
load_le64(const uint8_t *p)
{
	uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, sizeof(v)); /* one load instead of eight */
#else
	for (int i = 7; i >= 0; i--) {
		v = (v << 8) | p[i];
	}
#endif
	return v;
}

static inline void
sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

uint64_t
cookie_siphash24(const uint8_t key[16], const uint8_t *in, size_t len)
{
	uint64_t k0 = load_le64(key), k1 = load_le64(key + 8);
	uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL,
		          k1 ^ 0x646f72616e646f6dULL,
		          k0 ^ 0x6c7967656e657261ULL,
		          k1 ^ 0x7465646279746573ULL };
	size_t full = len - (len % 8);
	for (size_t i = 0; i < full; i += 8) {
		uint64_t m = load_le64(in + i);
		v[3] ^= m;
		sipround(v);
		sipround(v);
		v[0] ^= m;
	}
	uint64_t b = (uint64_t)len << 56;
	for (size_t i = 0; i < len % 8; i++) {
		b |= (uint64_t)in[full + i] << (8 * i);
	}
	v[3] ^= b;
	sipround(v);
	sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++) {
		sipround(v);
	}
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* Client cookie | version | reserved | timestamp | client address. */
static uint64_t
cookie_hash(const uint8_t secret[COOKIE_SECRET_LEN],
            const uint8_t client[COOKIE_CLIENT_LEN], const uint8_t head[8],
            const struct sockaddr *sa)
{
	uint8_t in[8 + 8 + 16];
	size_t len = 16;
	memcpy(in, client, 8);
	memcpy(in + 8, head, 8);
	if (sa->sa_family == AF_INET) {
		memcpy(in + len, &((const struct sockaddr_in *)sa)->sin_addr,
		       4);
		len += 4;
	} else if (sa->sa_family == AF_INET6) {
		memcpy(in + len, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		       16);
		len += 16;
	}
	return cookie_siphash24(secret, in, len);
}

void
cookie_make(const uint8_t secret[COOKIE_SECRET_LEN],
            const uint8_t client[COOKIE_CLIENT_LEN], const struct sockaddr *sa,
            uint32_t now, uint8_t out[COOKIE_SERVER_LEN])
{
	out[0] = 1; /* version */
	out[1] = out[2] = out[3] = 0;
	ditto_write32(out + 4, now);
	uint64_t h = cookie_hash(secret, client, out, sa);
	/* RFC 9018 appendix: the hash is the SipHash output in wire order
	 * of its little-endian bytes. */
	for (int i = 0; i < 8; i++) {
		out[8 + i] = (uint8_t)(h >> (8 * i));
	}
}

bool
cookie_valid(const uint8_t secret[COOKIE_SECRET_LEN],
             const uint8_t client[COOKIE_CLIENT_LEN], const uint8_t *server,
             size_t serverlen, const struct sockaddr *sa, uint32_t now)
{
	if (serverlen != COOKIE_SERVER_LEN || server[0] != 1) {
		return false;
	}
	uint32_t ts = ditto_read32(server + 4);
	/* serial-number style comparison around now */
	int32_t age = (int32_t)(now - ts);
	if (age > 3600 || age < -300) {
		return false;
	}
	uint64_t h = cookie_hash(secret, client, server, sa);
	uint8_t diff = 0;
	for (int i = 0; i < 8; i++) {
		diff |= (uint8_t)(server[8 + i] ^ (uint8_t)(h >> (8 * i)));
	}
	return diff == 0;
}

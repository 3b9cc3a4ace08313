/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* IP addresses and prefixes: text parsing as named.conf does, masking. */
#include "acl/acladdr.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "util/assert.h"

/*
 * Text forms follow BIND's named.conf parser (checked with named-checkconf
 * 9.18): IPv4 parts are decimal without leading zeros ("10.0.0.00" is not
 * an address); a prefix may shorten the address ("10/8" is 10.0.0.0/8) but
 * a host address needs all four parts; a prefix must not have host bits set.
 */

#define V6_MAXTEXT 64 /* longest IPv6 text we try, zone included */

static unsigned int
maxlen(uint8_t family)
{
	return family == AF_INET ? 32 : 128;
}

static void
clear_host_bits(ditto_acladdr_t *a)
{
	unsigned int bits = a->prefixlen;
	for (unsigned int i = 0; i < 16; i++) {
		if (bits >= 8) {
			bits -= 8;
			continue;
		}
		a->addr[i] &= (uint8_t)(0xff00u >> bits);
		bits = 0;
	}
}

static bool
has_host_bits(const ditto_acladdr_t *a)
{
	ditto_acladdr_t c = *a;
	clear_host_bits(&c);
	return memcmp(c.addr, a->addr, sizeof(c.addr)) != 0;
}

void
ditto_acladdr_fromv4(ditto_acladdr_t *out, const uint8_t bytes[4])
{
	memset(out, 0, sizeof(*out));
	out->family = AF_INET;
	out->prefixlen = 32;
	memcpy(out->addr, bytes, 4);
}

void
ditto_acladdr_fromv6(ditto_acladdr_t *out, const uint8_t bytes[16])
{
	memset(out, 0, sizeof(*out));
	out->family = AF_INET6;
	out->prefixlen = 128;
	memcpy(out->addr, bytes, 16);
}

ditto_result_t
ditto_acladdr_fromsockaddr(const struct sockaddr *sa, ditto_acladdr_t *out)
{
	REQUIRE(sa != NULL && out != NULL);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		ditto_acladdr_fromv4(out, (const uint8_t *)&sin->sin_addr);
		return DITTO_R_SUCCESS;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		ditto_acladdr_fromv6(out, s6->sin6_addr.s6_addr);
		return DITTO_R_SUCCESS;
	}
	return DITTO_R_NOTIMPLEMENTED;
}

ditto_result_t
ditto_acladdr_setprefix(ditto_acladdr_t *a, unsigned int prefixlen)
{
	REQUIRE(a != NULL);
	REQUIRE(a->family == AF_INET || a->family == AF_INET6);
	if (prefixlen > maxlen(a->family)) {
		return DITTO_R_RANGE;
	}
	a->prefixlen = (uint8_t)prefixlen;
	clear_host_bits(a);
	return DITTO_R_SUCCESS;
}

bool
ditto_acladdr_isv4mapped(const ditto_acladdr_t *a)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0,    0,
		                         0, 0, 0, 0, 0xff, 0xff };
	return a->family == AF_INET6 && memcmp(a->addr, pfx, 12) == 0;
}

bool
ditto_acladdr_within(const ditto_acladdr_t *a, const ditto_acladdr_t *net)
{
	if (a->family != net->family || a->prefixlen < net->prefixlen) {
		return false;
	}
	ditto_acladdr_t c = *a;
	c.prefixlen = net->prefixlen;
	clear_host_bits(&c);
	return memcmp(c.addr, net->addr, sizeof(c.addr)) == 0;
}

void
ditto_acladdr_totext(const ditto_acladdr_t *a, char *buf, size_t bufsize)
{
	char tmp[INET6_ADDRSTRLEN];
	int af = a->family == AF_INET ? AF_INET : AF_INET6;
	if (inet_ntop(af, a->addr, tmp, sizeof(tmp)) == NULL) {
		snprintf(buf, bufsize, "<bad address>");
		return;
	}
	if (a->prefixlen == maxlen(a->family)) {
		snprintf(buf, bufsize, "%s", tmp);
	} else {
		snprintf(buf, bufsize, "%s/%u", tmp, a->prefixlen);
	}
}

/* One decimal IPv4 part: 1-3 digits, no leading zero, <= 255. */
static bool
v4_part(const char *s, size_t n, uint8_t *out)
{
	if (n == 0 || n > 3 || (n > 1 && s[0] == '0')) {
		return false;
	}
	unsigned int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	if (v > 255) {
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

/* Dotted IPv4 with 1..4 parts; *nparts gets the count. */
static bool
parse_v4(const char *s, size_t n, uint8_t out[4], unsigned int *nparts)
{
	unsigned int parts = 0;
	size_t start = 0;
	memset(out, 0, 4);
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			continue;
		}
		if (parts == 4 || !v4_part(s + start, i - start, &out[parts])) {
			return false;
		}
		parts++;
		start = i + 1;
	}
	*nparts = parts;
	return true;
}

/* A zone after '%': a number, or the name of an existing interface. */
static bool
v6_zone_ok(const char *z)
{
	size_t n = strlen(z);
	if (n == 0 || n >= IF_NAMESIZE) {
		return false;
	}
	if (strspn(z, "0123456789") == n) {
		return true;
	}
	return if_nametoindex(z) != 0;
}

static bool
parse_v6(const char *s, size_t n, uint8_t out[16])
{
	char tmp[V6_MAXTEXT];
	if (n == 0 || n >= sizeof(tmp) || memchr(s, '\0', n) != NULL) {
		return false;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *pct = strchr(tmp, '%');
	if (pct != NULL) {
		*pct = '\0';
		if (!v6_zone_ok(pct + 1)) {
			return false;
		}
	}
	return inet_pton(AF_INET6, tmp, out) == 1;
}

/* Decimal prefix length; leading zeros allowed. */
static ditto_result_t
parse_len(const char *s, size_t n, unsigned int max, unsigned int *out,
          ditto_err_t *err)
{
	if (n == 0) {
		ditto_err_set(err, "expected prefix length");
		return DITTO_R_SYNTAX;
	}
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			ditto_err_set(err, "expected prefix length");
			return DITTO_R_SYNTAX;
		}
	}
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > max) {
			ditto_err_set(err, "invalid prefix length '%.*s'",
			              (int)n, s);
			return DITTO_R_RANGE;
		}
	}
	*out = (unsigned int)v;
	return DITTO_R_SUCCESS;
}

/* Split "addr/len" and parse the address part into *a (full length). */
static ditto_result_t
parse_addrpart(const char *text, size_t alen, bool has_len, ditto_acladdr_t *a,
               ditto_err_t *err)
{
	uint8_t b[16];
	unsigned int parts = 0;
	if (memchr(text, ':', alen) != NULL) {
		if (!parse_v6(text, alen, b)) {
			goto bad;
		}
		ditto_acladdr_fromv6(a, b);
		return DITTO_R_SUCCESS;
	}
	if (!parse_v4(text, alen, b, &parts)) {
		goto bad;
	}
	if (parts < 4 && !has_len) {
		ditto_err_set(err, "incomplete IPv4 address or prefix");
		return DITTO_R_SYNTAX;
	}
	ditto_acladdr_fromv4(a, b);
	return DITTO_R_SUCCESS;
bad:
	ditto_err_set(err, "'%.*s': not an IP address", (int)alen, text);
	return DITTO_R_SYNTAX;
}

ditto_result_t
ditto_acladdr_fromtext(const char *text, size_t len, ditto_acladdr_t *out,
                       ditto_err_t *err)
{
	REQUIRE(text != NULL && out != NULL);
	ditto_result_t result;
	ditto_acladdr_t a;
	const char *slash = memchr(text, '/', len);
	size_t alen = slash != NULL ? (size_t)(slash - text) : len;
	unsigned int plen;

	CHECK(parse_addrpart(text, alen, slash != NULL, &a, err));
	plen = maxlen(a.family);
	if (slash != NULL) {
		const char *ls = slash + 1;
		size_t ln = len - alen - 1;
		CHECK(parse_len(ls, ln, maxlen(a.family), &plen, err));
		a.prefixlen = (uint8_t)plen;
		if (has_host_bits(&a)) {
			char buf[INET6_ADDRSTRLEN];
			inet_ntop(a.family, a.addr, buf, sizeof(buf));
			ditto_err_set(err,
			              "'%s/%u': address/prefix length "
			              "mismatch '%.*s'",
			              buf, plen, (int)ln, ls);
			CLEANUP(DITTO_R_RANGE);
		}
	}
	*out = a;
	result = DITTO_R_SUCCESS;
cleanup:
	return result;
}

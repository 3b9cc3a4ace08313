/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named.conf value syntax: integers, booleans, durations, sizes, addresses. */
#include "parser/values.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

bool
ditto_cfg_value_isnumber(const char *s)
{
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s)) {
			return false;
		}
	}
	return true;
}

/* Digits at *sp into a 64-bit value capped at 2^40; advances *sp. */
static bool
digits(const char **sp, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	if (!isdigit((unsigned char)*s)) {
		return false;
	}
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > ((uint64_t)1 << 40)) {
			v = (uint64_t)1 << 40;
		}
	}
	*sp = s;
	*out = v;
	return true;
}

/*
 * A number as named's lexer reads an integer: decimal, octal after a
 * leading 0 ("010" is 8), or hexadecimal after 0x made of decimal digits
 * only (the lexer ends a number at a letter: "0x35" is 53, "0xff" is not
 * a number). Capped at 2^40.
 */
static bool
cnumber(const char *s, uint64_t *out)
{
	uint64_t base = 10, v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		base = 8;
		s++;
	}
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s) || (base == 8 && *s > '7')) {
			return false;
		}
		v = v * base + (uint64_t)(*s - '0');
		if (v > ((uint64_t)1 << 40)) {
			v = (uint64_t)1 << 40;
		}
	}
	*out = v;
	return true;
}

bool
ditto_cfg_value_isinteger(const char *s)
{
	uint64_t v;
	return cnumber(s, &v);
}

bool
ditto_cfg_value_uint32(const char *s, uint32_t *out)
{
	uint64_t v;
	if (!cnumber(s, &v) || v > UINT32_MAX) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* A decimal number of at most 32 bits (prefix lengths). */
static bool
decimal32(const char *s, uint32_t *out)
{
	uint64_t v;
	if (!ditto_cfg_value_isnumber(s) || !digits(&s, &v) || v > UINT32_MAX) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool
ditto_cfg_value_boolean(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static uint64_t
unit_seconds(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'w':
		return 604800;
	case 'd':
		return 86400;
	case 'h':
		return 3600;
	case 'm':
		return 60;
	case 's':
		return 1;
	default:
		return 0;
	}
}

static bool
ttl_text(const char *s, uint64_t *out)
{
	uint64_t total = 0, v;
	if (*s == '\0') {
		return false;
	}
	if (ditto_cfg_value_isnumber(s)) {
		return digits(&s, out);
	}
	while (*s != '\0') {
		if (!digits(&s, &v)) {
			return false;
		}
		uint64_t u = unit_seconds(*s);
		if (u == 0) {
			return false;
		}
		s++;
		total += v * u;
	}
	*out = total;
	return true;
}

static bool
iso8601(const char *s, uint64_t *out)
{
	static const char date_units[] = "YMWD";
	static const uint64_t date_secs[] = { 31536000, 2592000, 604800,
		                              86400 };
	static const char time_units[] = "HMS";
	static const uint64_t time_secs[] = { 3600, 60, 1 };
	uint64_t total = 0, v;
	size_t di = 0, ti = 0;
	bool any = false, in_time = false;
	s++; /* 'P' */
	while (*s != '\0') {
		if (!in_time && toupper((unsigned char)*s) == 'T') {
			in_time = true;
			s++;
			if (*s == '\0') {
				return false;
			}
			continue;
		}
		if (!digits(&s, &v)) {
			return false;
		}
		char u = (char)toupper((unsigned char)*s++);
		const char *units = in_time ? time_units : date_units;
		const uint64_t *secs = in_time ? time_secs : date_secs;
		size_t *idx = in_time ? &ti : &di;
		const char *pos = u != '\0' ? strchr(units + *idx, u) : NULL;
		if (pos == NULL) {
			return false;
		}
		*idx = (size_t)(pos - units) + 1;
		total += v * secs[pos - units];
		any = true;
	}
	*out = total;
	return any;
}

bool
ditto_cfg_value_duration(const char *s, uint32_t *out)
{
	uint64_t v;
	bool ok = (*s == 'P' || *s == 'p') ? iso8601(s, &v) : ttl_text(s, &v);
	if (!ok || v > UINT32_MAX) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool
ditto_cfg_value_sizeval(const char *s, uint64_t *out)
{
	uint64_t v, mult = 1;
	if (!digits(&s, &v)) {
		return false;
	}
	switch (tolower((unsigned char)*s)) {
	case '\0':
		break;
	case 'k':
		mult = 1024;
		s++;
		break;
	case 'm':
		mult = 1024 * 1024;
		s++;
		break;
	case 'g':
		mult = 1024 * 1024 * 1024;
		s++;
		break;
	default:
		return false;
	}
	if (*s != '\0') {
		return false;
	}
	*out = v * mult;
	return true;
}

bool
ditto_cfg_value_percent(const char *s, uint32_t *out)
{
	uint64_t v;
	if (!digits(&s, &v) || strcmp(s, "%") != 0 || v > UINT32_MAX) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool
ditto_cfg_value_fixedpoint(const char *s, uint32_t *hundredths)
{
	uint64_t whole, frac = 0;
	if (!digits(&s, &whole) || whole > 99999) {
		return false;
	}
	if (*s == '.') {
		s++;
		const char *f = s;
		if (!digits(&s, &frac) || s - f > 2) {
			return false;
		}
		if (s - f == 1) {
			frac *= 10;
		}
	}
	if (*s != '\0') {
		return false;
	}
	*hundredths = (uint32_t)(whole * 100 + frac);
	return true;
}

bool
ditto_cfg_value_ipv4(const char *s, uint8_t out[4])
{
	struct in_addr a;
	if (strlen(s) > 15 || inet_pton(AF_INET, s, &a) != 1) {
		return false;
	}
	memcpy(out, &a, 4);
	return true;
}

bool
ditto_cfg_value_ipv6(const char *s, uint8_t out[16])
{
	char buf[64];
	size_t n = strcspn(s, "%");
	if (n >= sizeof(buf) || strchr(s, ':') == NULL) {
		return false;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	struct in6_addr a;
	if (inet_pton(AF_INET6, buf, &a) != 1) {
		return false;
	}
	memcpy(out, &a, 16);
	return true;
}

/* "10", "10.1", "10.1.2" with a prefix length: the short IPv4 forms. */
static bool
short_ipv4(const char *s, uint8_t out[4])
{
	memset(out, 0, 4);
	for (int i = 0; i < 4; i++) {
		uint64_t v;
		if (!digits(&s, &v) || v > 255) {
			return false;
		}
		out[i] = (uint8_t)v;
		if (*s == '\0') {
			return true;
		}
		if (*s++ != '.') {
			return false;
		}
	}
	return false;
}

ditto_cfg_prefix_result_t
ditto_cfg_value_prefix(const char *s, ditto_cfg_prefix_t *out)
{
	char buf[80];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	ditto_cfg_prefix_t p;
	memset(&p, 0, sizeof(p));
	if (n >= sizeof(buf)) {
		return DITTO_CFG_PREFIX_NOTADDR;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (ditto_cfg_value_ipv4(buf, p.addr) ||
	    (slash != NULL && short_ipv4(buf, p.addr))) {
		p.family = AF_INET;
		p.len = 32;
	} else if (ditto_cfg_value_ipv6(buf, p.addr)) {
		p.family = AF_INET6;
		p.len = 128;
	} else {
		return DITTO_CFG_PREFIX_NOTADDR;
	}
	if (slash != NULL) {
		uint32_t len;
		if (!decimal32(slash + 1, &len)) {
			return DITTO_CFG_PREFIX_NOTADDR;
		}
		if (len > p.len) {
			return DITTO_CFG_PREFIX_BADLEN;
		}
		p.len = len;
		p.has_len = true;
	}
	unsigned int bytes = p.family == AF_INET ? 4 : 16;
	for (unsigned int bit = p.len; bit < bytes * 8; bit++) {
		if (p.addr[bit / 8] & (0x80 >> (bit % 8))) {
			return DITTO_CFG_PREFIX_MISMATCH;
		}
	}
	*out = p;
	return DITTO_CFG_PREFIX_OK;
}

void
ditto_cfg_prefix_totext(const ditto_cfg_prefix_t *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, p->len);
}

static int
b64val(int c)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                               "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c != 0 ? strchr(alphabet, c) : NULL;
	return p != NULL ? (int)(p - alphabet) : -1;
}

bool
ditto_cfg_value_base64(const char *s, uint32_t *decoded_len)
{
	uint32_t n = 0, pad = 0;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			continue;
		}
		if (*s == '=') {
			pad++;
		} else if (pad > 0 || b64val(*s) < 0) {
			return false;
		}
		n++;
	}
	if (n % 4 != 0 || pad > 2) {
		return false;
	}
	*decoded_len = n / 4 * 3 - pad;
	return true;
}

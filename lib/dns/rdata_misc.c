/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata field kinds: EUI48/EUI64 and ILNP locators, WKS protocol and ports.
 *
 * WKS service and protocol names are looked up with the reentrant
 * getservbyname_r()/getprotobyname_r(), as BIND uses the system tables.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "dns/rdata_p.h"

static ditto_result_t
check6(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(6, avail, used);
}

static ditto_result_t
check8(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(8, avail, used);
}

static ditto_result_t
u8_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%u", p[0]);
	return DITTO_R_SUCCESS;
}

/* ---- EUI48, EUI64, ILNP locators ---- */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c = (char)(c | 0x20);
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	return -1;
}

/*
 * n bytes as xx-xx-...: read as BIND does, with sscanf("%2x-%2x-..."), so
 * one-digit groups and trailing text pass. A failure shows the token
 * after it ("bad EUI").
 */
static ditto_result_t
eui_fromtext(rd_tc_t *tc, size_t n)
{
	const ditto_token_t *t;
	char buf[64];
	unsigned int v[8];
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	int got = -1;
	if (t->len < sizeof(buf)) {
		memcpy(buf, t->s, t->len);
		buf[t->len] = '\0';
		got = n == 6 ? sscanf(buf, "%2x-%2x-%2x-%2x-%2x-%2x", &v[0],
		                      &v[1], &v[2], &v[3], &v[4], &v[5])
		             : sscanf(buf, "%2x-%2x-%2x-%2x-%2x-%2x-%2x-%2x",
		                      &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		                      &v[6], &v[7]);
	}
	if (got != (int)n) {
		return ditto__rd_err(tc, DITTO_R_SYNTAX, RD_S_BADEUI);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] > 255) {
			return ditto__rd_err(tc, DITTO_R_SYNTAX, RD_S_BADEUI);
		}
		ditto_buf_put8(tc->out, (uint8_t)v[i]);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
eui_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		ditto__rd_printf(&tx->o, i == 0 ? "%02x" : "-%02x", p[i]);
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
eui48_fromtext(rd_tc_t *tc)
{
	return eui_fromtext(tc, 6);
}

static ditto_result_t
eui64_fromtext(rd_tc_t *tc)
{
	return eui_fromtext(tc, 8);
}

const rd_kindops_t ditto__rd_eui48_ops = { check6, eui_totext, eui48_fromtext };
const rd_kindops_t ditto__rd_eui64_ops = { check8, eui_totext, eui64_fromtext };

static ditto_result_t
ilnp_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	(void)len;
	ditto__rd_printf(&tx->o, "%x:%x:%x:%x", ditto_read16(p),
	                 ditto_read16(p + 2), ditto_read16(p + 4),
	                 ditto_read16(p + 6));
	return DITTO_R_SUCCESS;
}

/* Four groups of 1-4 hex digits separated by colons. */
static ditto_result_t
ilnp_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint8_t b[8];
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	size_t i = 0;
	for (int g = 0; g < 4; g++) {
		unsigned v = 0, digits = 0;
		while (i < t->len && t->s[i] != ':') {
			int h = hexval(t->s[i++]);
			if (h < 0 || ++digits > 4) {
				goto bad;
			}
			v = v << 4 | (unsigned)h;
		}
		if (digits == 0 || (g < 3 && (i >= t->len || t->s[i] != ':'))) {
			goto bad;
		}
		i += g < 3 ? 1 : 0;
		ditto_write16(b + 2 * g, (uint16_t)v);
	}
	if (i != t->len) {
		goto bad;
	}
	ditto_buf_putmem(tc->out, b, 8);
	return DITTO_R_SUCCESS;
bad:
	return ditto__rd_tokerr(tc, DITTO_R_SYNTAX, NULL);
}

const rd_kindops_t ditto__rd_ilnp_ops = { check8, ilnp_totext, ilnp_fromtext };

/* ---- WKS protocol and port bitmap ---- */

/* strtol over the whole token: SUCCESS with *v, or SYNTAX. */
static ditto_result_t
whole_long(const ditto_token_t *t, int64_t *v)
{
	size_t i = t->len > 0 && (t->s[0] == '-' || t->s[0] == '+') ? 1 : 0;
	bool neg = i == 1 && t->s[0] == '-';
	int64_t n = 0;
	if (i == t->len) {
		return DITTO_R_SYNTAX;
	}
	for (; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9') {
			return DITTO_R_SYNTAX;
		}
		n = n < 100000000 ? n * 10 + (t->s[i] - '0') : n;
	}
	*v = neg ? -n : n;
	return DITTO_R_SUCCESS;
}

/* WKS protocol: a number or a name from the system protocol table. */
static ditto_result_t
proto_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	int64_t v;
	ditto_result_t r = ditto__rd_string(tc, &t);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (whole_long(t, &v) == DITTO_R_SUCCESS) {
		/* a number */
	} else if (ditto__rd_tokeq(t, "tcp")) {
		v = 6;
	} else if (ditto__rd_tokeq(t, "udp")) {
		v = 17;
	} else {
		char name[64], buf[1024];
		struct protoent pe, *res = NULL;
		if (t->len >= sizeof(name)) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
			                        RD_S_UNKPROTO);
		}
		memcpy(name, t->s, t->len);
		name[t->len] = '\0';
		if (getprotobyname_r(name, &pe, buf, sizeof(buf), &res) != 0 ||
		    res == NULL) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
			                        RD_S_UNKPROTO);
		}
		v = res->p_proto;
	}
	if (v < 0 || v > 0xff) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	ditto_buf_put8(tc->out, (uint8_t)v);
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_proto_ops = { ditto__rd_check1, u8_totext,
	                                   proto_fromtext };

static ditto_result_t
portmap_check(const uint8_t *rd, const uint8_t *p, size_t avail, size_t *used)
{
	(void)rd;
	if (avail > 8192 || (avail > 0 && p[avail - 1] == 0)) {
		return DITTO_R_FORMERR; /* BIND: no trailing zero bytes */
	}
	*used = avail;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
portmap_totext(rd_tx_t *tx, const uint8_t *p, size_t len)
{
	bool first = true;
	for (size_t i = 0; i < len && !tx->o.full; i++) {
		for (unsigned b = 0; b < 8; b++) {
			if (p[i] & (0x80 >> b)) {
				ditto__rd_printf(&tx->o, first ? "%zu" : " %zu",
				                 i * 8 + b);
				first = false;
			}
		}
	}
	return DITTO_R_SUCCESS;
}

/* WKS port: a number or a service name for the record's protocol. */
static ditto_result_t
service_port(rd_tc_t *tc, const ditto_token_t *t, uint8_t proto, uint32_t *port)
{
	char name[64], buf[1024];
	struct servent se, *res = NULL;
	int64_t v;
	if (whole_long(t, &v) != DITTO_R_SUCCESS) {
		const char *pname = proto == 6    ? "tcp"
		                    : proto == 17 ? "udp"
		                                  : NULL;
		if (t->len >= sizeof(name) || pname == NULL) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
			                        RD_S_UNKSERVICE);
		}
		memcpy(name, t->s, t->len);
		name[t->len] = '\0';
		if (getservbyname_r(name, pname, &se, buf, sizeof(buf), &res) !=
		            0 ||
		    res == NULL) {
			return ditto__rd_tokerr(tc, DITTO_R_SYNTAX,
			                        RD_S_UNKSERVICE);
		}
		v = ntohs((uint16_t)res->s_port);
	}
	if (v < 0 || v > 0xffff) {
		return ditto__rd_tokerr(tc, DITTO_R_RANGE, NULL);
	}
	*port = (uint32_t)v;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
portmap_fromtext(rd_tc_t *tc)
{
	uint8_t bits[8192];
	size_t maxbyte = 0;
	bool any = false;
	uint8_t proto = tc->out->pos >= 5 ? tc->out->base[4] : 0;
	memset(bits, 0, sizeof(bits));
	while (ditto__rd_more(tc)) {
		const ditto_token_t *t;
		uint32_t port = 0;
		ditto_result_t r = ditto__rd_string(tc, &t);
		if (r == DITTO_R_SUCCESS) {
			r = service_port(tc, t, proto, &port);
		}
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		bits[port / 8] |= (uint8_t)(0x80 >> (port % 8));
		if (port / 8 >= maxbyte) {
			maxbyte = port / 8 + 1;
		}
		any = true;
	}
	if (!any) {
		return DITTO_R_SUCCESS;
	}
	if (ditto_buf_avail(tc->out) < maxbyte) {
		return ditto__rd_err(tc, DITTO_R_NOSPACE, NULL);
	}
	ditto_buf_putmem(tc->out, bits, maxbyte);
	return DITTO_R_SUCCESS;
}

const rd_kindops_t ditto__rd_portmap_ops = { portmap_check, portmap_totext,
	                                     portmap_fromtext };

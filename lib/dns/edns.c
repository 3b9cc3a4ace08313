/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* EDNS(0): decode and encode the OPT record, check the options we know.
 *
 * The OPT record packs the requestor's UDP size into CLASS and the
 * extended rcode, version and flags into TTL (RFC 6891 6.1.3). Its rdata
 * is a list of {code, length, data} options. Decoding walks that list
 * once, bounds-checking each option against the rdata; the first
 * DITTO_EDNS_MAXOPTS options are kept (pointers into the message), the
 * rest only counted, so a hostile OPT record costs nothing extra.
 */
#include "dns/edns.h"

#include <string.h>

#include "util/assert.h"

void
ditto_edns_init(ditto_edns_t *e, uint16_t udpsize)
{
	REQUIRE(e != NULL);
	/* opts[] is read only below nopts: left as it is (a response does
	 * this per query, and the array is most of the struct) */
	e->udpsize = udpsize;
	e->ext_rcode = 0;
	e->version = 0;
	e->flags = 0;
	e->nopts = 0;
	e->nopts_seen = 0;
	e->optlen = 0;
}

/*
 * The option checks follow what named 9.18 refuses while parsing a message
 * (DITTO_R_OPTERR: it answers FORMERR with an OPT record). Options it
 * takes as they come (TCP-KEEPALIVE of any length, PADDING, unknown
 * codes) pass here too.
 */
static ditto_result_t
opterr(ditto_err_t *err, size_t at, const char *what, uint16_t len)
{
	ditto_err_setat(err, at, "bad %s option (length %u) at offset %zu",
	                what, len, at);
	return DITTO_R_OPTERR;
}

static bool
check_subnet(const uint8_t *data, uint16_t len)
{
	if (len < 4) {
		return false;
	}
	uint16_t family = ditto_read16(data);
	unsigned int source = data[2], scope = data[3];
	unsigned int maxbits = family == 1 ? 32 : family == 2 ? 128 : 0;
	if (family == 0 ? source != 0 || scope != 0
	                : maxbits == 0 || source > maxbits || scope > maxbits) {
		return false;
	}
	size_t addrlen = (size_t)len - 4;
	if (addrlen != (source + 7) / 8) {
		return false;
	}
	/* no bits set beyond the source prefix */
	return source % 8 == 0 ||
	       (data[4 + addrlen - 1] & (0xff >> (source % 8))) == 0;
}

/* Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
static bool
utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = s[i];
		size_t n = c < 0x80                 ? 0
		           : c >= 0xc2 && c <= 0xdf ? 1
		           : c >= 0xe0 && c <= 0xef ? 2
		           : c >= 0xf0 && c <= 0xf4 ? 3
		                                    : 4;
		if (n == 4 || len - i - 1 < n) {
			return false;
		}
		uint8_t lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
		uint8_t hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
		for (size_t k = 1; k <= n; k++) {
			uint8_t b = s[i + k];
			if (b < (k == 1 ? lo : 0x80) ||
			    b > (k == 1 ? hi : 0xbf)) {
				return false;
			}
		}
		i += n + 1;
	}
	return true;
}

static bool
check_ede(const uint8_t *data, uint16_t len)
{
	if (len < 2) {
		return false;
	}
	const uint8_t *text = data + 2;
	size_t n = (size_t)len - 2;
	bool bom =
	        n >= 3 && text[0] == 0xef && text[1] == 0xbb && text[2] == 0xbf;
	return !bom && utf8_valid(text, n);
}

static ditto_result_t
check_option(uint16_t code, const uint8_t *data, uint16_t len, size_t at,
             ditto_err_t *err)
{
	bool ok;
	switch (code) {
	case DITTO_EDNS_OPT_LLQ:
		ok = len == 18;
		break;
	case DITTO_EDNS_OPT_CLIENT_SUBNET:
		ok = check_subnet(data, len);
		break;
	case DITTO_EDNS_OPT_EXPIRE:
		ok = len == 0 || len == 4; /* query: empty; response: 32 bits */
		break;
	case DITTO_EDNS_OPT_COOKIE:
		ok = len == DITTO_COOKIE_CLIENT ||
		     (len >= DITTO_COOKIE_CLIENT + DITTO_COOKIE_MINSRV &&
		      len <= DITTO_COOKIE_CLIENT + DITTO_COOKIE_MAXSRV);
		break;
	case DITTO_EDNS_OPT_KEY_TAG:
		ok = len != 0 && len % 2 == 0;
		break;
	case DITTO_EDNS_OPT_EDE:
		ok = check_ede(data, len);
		break;
	case DITTO_EDNS_OPT_CLIENT_TAG:
	case DITTO_EDNS_OPT_SERVER_TAG:
		ok = len == 2;
		break;
	default:
		return DITTO_R_SUCCESS;
	}
	if (ok) {
		return DITTO_R_SUCCESS;
	}
	const char *name = ditto_edns_optname(code);
	return opterr(err, at, name != NULL ? name : "EDNS", len);
}

ditto_result_t
ditto_edns_fromwire(uint16_t rclass, uint32_t ttl, const uint8_t *rdata,
                    size_t rdlen, size_t base, ditto_edns_t *out,
                    ditto_err_t *err)
{
	REQUIRE(out != NULL);
	REQUIRE(rdata != NULL || rdlen == 0);

	ditto_edns_t e;
	e.udpsize = rclass;
	e.ext_rcode = (uint8_t)(ttl >> 24);
	e.version = (uint8_t)(ttl >> 16);
	e.flags = (uint16_t)ttl;
	e.nopts = 0;
	e.nopts_seen = 0;
	e.optlen = 0;

	size_t pos = 0;
	while (pos < rdlen) {
		size_t at = base + pos;
		if (rdlen - pos < 4) {
			ditto_err_setat(err, at,
			                "EDNS option header runs past end of "
			                "OPT rdata at offset %zu",
			                at);
			return DITTO_R_FORMERR;
		}
		uint16_t code = ditto_read16(rdata + pos);
		uint16_t len = ditto_read16(rdata + pos + 2);
		if (rdlen - pos - 4 < len) {
			ditto_err_setat(err, at,
			                "EDNS option %u runs past end of OPT "
			                "rdata at offset %zu",
			                code, at);
			return DITTO_R_FORMERR;
		}
		const uint8_t *data = rdata + pos + 4;
		ditto_result_t r = check_option(code, data, len, at, err);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		if (e.nopts < DITTO_EDNS_MAXOPTS) {
			e.opts[e.nopts].code = code;
			e.opts[e.nopts].len = len;
			e.opts[e.nopts].data = data;
			e.nopts++;
			e.optlen += 4 + (size_t)len;
		}
		e.nopts_seen++;
		pos += 4 + (size_t)len;
	}
	/* only the kept options: the array is most of the struct */
	out->udpsize = e.udpsize;
	out->ext_rcode = e.ext_rcode;
	out->version = e.version;
	out->flags = e.flags;
	out->nopts = e.nopts;
	out->nopts_seen = e.nopts_seen;
	out->optlen = e.optlen;
	if (e.nopts > 0) {
		memcpy(out->opts, e.opts, e.nopts * sizeof(e.opts[0]));
	}
	return DITTO_R_SUCCESS;
}

const ditto_edns_opt_t *
ditto_edns_find(const ditto_edns_t *e, uint16_t code)
{
	REQUIRE(e != NULL);
	for (unsigned int i = 0; i < e->nopts; i++) {
		if (e->opts[i].code == code) {
			return &e->opts[i];
		}
	}
	return NULL;
}

ditto_result_t
ditto_edns_addopt(ditto_edns_t *e, uint16_t code, const uint8_t *data,
                  uint16_t len)
{
	REQUIRE(e != NULL);
	REQUIRE(data != NULL || len == 0);
	if (e->nopts >= DITTO_EDNS_MAXOPTS ||
	    e->optlen + 4 + len > UINT16_MAX) {
		return DITTO_R_NOSPACE;
	}
	e->opts[e->nopts].code = code;
	e->opts[e->nopts].len = len;
	e->opts[e->nopts].data = data;
	e->nopts++;
	e->nopts_seen++;
	e->optlen += 4 + (size_t)len;
	return DITTO_R_SUCCESS;
}

size_t
ditto_edns_wirelen(const ditto_edns_t *e)
{
	REQUIRE(e != NULL);
	return DITTO_EDNS_FIXEDLEN + e->optlen;
}

ditto_result_t
ditto_edns_towire(const ditto_edns_t *e, ditto_buf_t *out)
{
	REQUIRE(e != NULL && out != NULL);
	uint32_t ttl = ((uint32_t)e->ext_rcode << 24) |
	               ((uint32_t)e->version << 16) | e->flags;
	if (!out->error && out->pos <= out->size &&
	    out->size - out->pos >= DITTO_EDNS_FIXEDLEN) {
		/* the fixed part at once (every response with EDNS) */
		uint8_t *w = out->base + out->pos;
		w[0] = 0; /* owner: the root */
		ditto_write16(w + 1, 41);
		ditto_write16(w + 3, e->udpsize);
		ditto_write32(w + 5, ttl);
		ditto_write16(w + 9, (uint16_t)e->optlen);
		out->pos += DITTO_EDNS_FIXEDLEN;
	} else {
		ditto_buf_put8(out, 0); /* owner: the root */
		ditto_buf_put16(out, 41);
		ditto_buf_put16(out, e->udpsize);
		ditto_buf_put32(out, ttl);
		ditto_buf_put16(out, (uint16_t)e->optlen);
	}
	for (unsigned int i = 0; i < e->nopts; i++) {
		ditto_buf_put16(out, e->opts[i].code);
		ditto_buf_put16(out, e->opts[i].len);
		ditto_buf_putmem(out, e->opts[i].data, e->opts[i].len);
	}
	return out->error ? DITTO_R_NOSPACE : DITTO_R_SUCCESS;
}

const char *
ditto_edns_optname(uint16_t code)
{
	switch (code) {
	case DITTO_EDNS_OPT_LLQ:
		return "LLQ";
	case DITTO_EDNS_OPT_NSID:
		return "NSID";
	case DITTO_EDNS_OPT_CLIENT_SUBNET:
		return "CLIENT-SUBNET";
	case DITTO_EDNS_OPT_EXPIRE:
		return "EXPIRE";
	case DITTO_EDNS_OPT_COOKIE:
		return "COOKIE";
	case DITTO_EDNS_OPT_TCP_KEEPALIVE:
		return "TCP-KEEPALIVE";
	case DITTO_EDNS_OPT_PADDING:
		return "PADDING";
	case DITTO_EDNS_OPT_KEY_TAG:
		return "KEY-TAG";
	case DITTO_EDNS_OPT_EDE:
		return "EDE";
	case DITTO_EDNS_OPT_CLIENT_TAG:
		return "CLIENT-TAG";
	case DITTO_EDNS_OPT_SERVER_TAG:
		return "SERVER-TAG";
	default:
		return NULL;
	}
}

ditto_result_t
ditto_edns_cookie(const ditto_edns_t *e, const uint8_t **client,
                  const uint8_t **server, size_t *serverlen)
{
	REQUIRE(e != NULL && client != NULL && server != NULL &&
	        serverlen != NULL);
	const ditto_edns_opt_t *o = ditto_edns_find(e, DITTO_EDNS_OPT_COOKIE);
	if (o == NULL || o->len < DITTO_COOKIE_CLIENT) {
		return DITTO_R_NOTFOUND;
	}
	*client = o->data;
	if (o->len > DITTO_COOKIE_CLIENT) {
		*server = o->data + DITTO_COOKIE_CLIENT;
		*serverlen = o->len - DITTO_COOKIE_CLIENT;
	} else {
		*server = NULL;
		*serverlen = 0;
	}
	return DITTO_R_SUCCESS;
}

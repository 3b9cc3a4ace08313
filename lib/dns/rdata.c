/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata: text <-> wire for every common type, RFC 3597, canonical form.
 *
 * Each known type is a row of field kinds (see rdata_p.h). One walker
 * splits an uncompressed rdata into its fields, checking each; validate,
 * towire, totext, canonical form, compare and the name walker are all
 * built on it. fromwire copies the rdata field by field, expanding
 * compressed names, then validates the result. fromtext parses field by
 * field from tokens, then validates the result too, so every rdata this
 * module produces passes ditto_rdata_validate().
 *
 * Types without a row (unknown types, NULL, UINFO, UID, GID, UNSPEC) are
 * opaque: only the RFC 3597 form `\# <len> <hex>` is read or written. The
 * generic form is accepted for known types too, after a structure check.
 *
 * Compression pointers: BIND 9.18 parses messages with DNS_DECOMPRESS_ANY,
 * so it expands pointers in every name of a known type, whatever the type's
 * own rules; ditto does the same in fromwire. On output, only the RFC 1035
 * types' names are compressed (RFC 3597 section 4).
 */
#include "dns/rdata.h"

#include <string.h>

#include "dns/name.h"
#include "dns/rdata_p.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/hex.h"
#include "util/mem.h"

#define MAXFIELDS 10

typedef struct rd_type {
	uint16_t type;        /*!< type number */
	uint8_t f[MAXFIELDS]; /*!< field kinds, F_END terminated */
	ditto_result_t (*post)(const uint8_t *rd, size_t len); /*!< or NULL */
} rd_type_t;

/* DS family: the digest length follows from the digest type (BIND 9.18
 * no longer knows GOST's, 3). */
static ditto_result_t
ds_post(const uint8_t *rd, size_t len)
{
	size_t want = 0;
	switch (rd[3]) {
	case 1:
		want = 20;
		break;
	case 2:
		want = 32;
		break;
	case 4:
		want = 48;
		break;
	default:
		return DITTO_R_SUCCESS;
	}
	return len - 4 == want ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

static ditto_result_t
sshfp_post(const uint8_t *rd, size_t len)
{
	size_t want = rd[1] == 1 ? 20 : rd[1] == 2 ? 32 : 0;
	return want == 0 || len - 2 == want ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

/* RKEY: BIND accepts only flags 0, in text and on the wire. */
static ditto_result_t
rkey_post(const uint8_t *rd, size_t len)
{
	(void)len;
	return rd[0] == 0 && rd[1] == 0 ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

/* RRSIG: the signer has no more labels than the labels field (BIND, on
 * the wire and in text). */
static ditto_result_t
rrsig_post(const uint8_t *rd, size_t len)
{
	unsigned int labels = 0;
	for (size_t o = 18; o < len && rd[o] != 0; o += (size_t)rd[o] + 1) {
		labels++;
	}
	return labels <= rd[3] ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

/* NSEC3 with SHA-1 (1): the next hashed owner name is 20 bytes. */
static ditto_result_t
nsec3_post(const uint8_t *rd, size_t len)
{
	size_t hoff = 5 + (size_t)rd[4];
	(void)len;
	return rd[0] != 1 || rd[hoff] == 20 ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

/* ZONEMD: SHA-384 (1) and SHA-512 (2) digests have fixed lengths. */
static ditto_result_t
zonemd_post(const uint8_t *rd, size_t len)
{
	size_t want = rd[5] == 1 ? 48 : rd[5] == 2 ? 64 : 0;
	if (len - 6 < 12) {
		return DITTO_R_FORMERR; /* RFC 8976: at least 12 octets */
	}
	return want == 0 || len - 6 == want ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

#define R(t, ...)                                            \
	{                                                    \
		.type = DITTO_TYPE_##t, .f = { __VA_ARGS__ } \
	}
#define RP(t, p, ...)                                                   \
	{                                                               \
		.type = DITTO_TYPE_##t, .f = { __VA_ARGS__ }, .post = p \
	}

/* Sorted by type number. */
static const rd_type_t types[] = {
	R(A, F_A),
	R(NS, F_NAMEC),
	R(MD, F_NAMEC),
	R(MF, F_NAMEC),
	R(CNAME, F_NAMEC),
	R(SOA, F_NAMEC, F_NAMEC, F_U32, F_TTL, F_TTL, F_TTL, F_TTL),
	R(MB, F_NAMEC),
	R(MG, F_NAMEC),
	R(MR, F_NAMEC),
	R(WKS, F_A, F_PROTO, F_PORTMAP),
	R(PTR, F_NAMEC),
	R(HINFO, F_STR, F_STR),
	R(MINFO, F_NAMEC, F_NAMEC),
	R(MX, F_U16, F_NAMEC),
	R(TXT, F_STRS),
	R(RP, F_NAME, F_NAME),
	R(AFSDB, F_U16, F_NAME),
	R(X25, F_X25),
	R(ISDN, F_STR, F_STROPT),
	R(RT, F_U16, F_NAME),
	R(NSAP, F_NSAP),
	R(NSAP_PTR, F_NAMEN),
	R(SIG, F_TYPE, F_ALG, F_U8, F_U32, F_TIME, F_TIME, F_U16N, F_NAME,
	  F_B64),
	R(KEY, F_KEYFLAGS, F_SECPROTO, F_ALG, F_KEYDATA),
	R(PX, F_U16, F_NAME, F_NAME),
	R(GPOS, F_STR, F_STR, F_STR),
	R(AAAA, F_AAAA),
	R(LOC, F_LOC),
	R(NXT, F_NAME, F_NXTMAP),
	R(EID, F_HEX),
	R(NIMLOC, F_HEX),
	R(SRV, F_U16, F_U16, F_U16, F_NAME),
	R(ATMA, F_ATMA),
	R(NAPTR, F_U16, F_U16, F_STR, F_STR, F_REGEX, F_NAME),
	R(KX, F_U16, F_NAME),
	R(CERT, F_CERTTYPE, F_U16, F_CERTALG, F_B64),
	R(A6, F_A6),
	R(DNAME, F_NAME),
	R(SINK, F_U8, F_U8, F_U8, F_B64OPT),
	R(OPT, F_OPT),
	R(APL, F_APL),
	RP(DS, ds_post, F_U16, F_ALG, F_DIGEST, F_HEX),
	RP(SSHFP, sshfp_post, F_U8, F_U8, F_HEX),
	R(IPSECKEY, F_U8, F_IPSECKEY),
	RP(RRSIG, rrsig_post, F_TYPE, F_ALG, F_U8, F_U32, F_TIME, F_TIME,
	   F_U16N, F_NAME, F_B64),
	R(NSEC, F_NAMEN, F_BITMAPNE),
	R(DNSKEY, F_KEYFLAGS, F_SECPROTO, F_ALG, F_B64),
	R(DHCID, F_B64),
	RP(NSEC3, nsec3_post, F_HASHALG, F_U8, F_U16, F_SALT, F_B32, F_BITMAP),
	R(NSEC3PARAM, F_HASHALG, F_U8, F_U16, F_SALT),
	R(TLSA, F_U8, F_U8, F_U8, F_HEX),
	R(SMIMEA, F_U8, F_U8, F_U8, F_HEX),
	R(HIP, F_HIP),
	R(NINFO, F_STRS),
	RP(RKEY, rkey_post, F_KEYFLAGS, F_SECPROTO, F_ALG, F_B64),
	R(TALINK, F_NAMEN, F_NAMEN),
	RP(CDS, ds_post, F_U16, F_ALG, F_DIGEST, F_HEX),
	R(CDNSKEY, F_KEYFLAGS, F_SECPROTO, F_ALG, F_B64),
	R(OPENPGPKEY, F_B64),
	R(CSYNC, F_U32, F_U16, F_BITMAP),
	RP(ZONEMD, zonemd_post, F_U32, F_U8N, F_U8N, F_HEX),
	R(SVCB, F_U16, F_NAMEN, F_SVCPARAMS),
	R(HTTPS, F_U16, F_NAMEN, F_SVCPARAMS),
	R(DSYNC, F_TYPE, F_DSYNCSCH, F_U16, F_NAMEN),
	R(HHIT, F_B64),
	R(BRID, F_B64),
	R(SPF, F_STRS),
	R(NID, F_U16, F_ILNP),
	R(L32, F_U16, F_A),
	R(L64, F_U16, F_ILNP),
	R(LP, F_U16, F_NAMEN),
	R(EUI48, F_EUI48),
	R(EUI64, F_EUI64),
	R(TKEY, F_NAMEN, F_TKEY),
	R(TSIG, F_NAMEN, F_TSIG),
	R(URI, F_U16, F_U16, F_STREND),
	R(CAA, F_U8, F_CAATAG, F_STREND),
	R(AVC, F_STRS),
	R(DOA, F_U32, F_U32, F_U8, F_STR, F_B64DASH),
	R(AMTRELAY, F_U8, F_AMTRELAY),
	R(RESINFO, F_STRS),
	R(WALLET, F_STRS),
	RP(TA, ds_post, F_U16, F_ALG, F_DIGEST, F_HEX),
	RP(DLV, ds_post, F_U16, F_ALG, F_DIGEST, F_HEX),
};

static const rd_type_t *
lookup(uint16_t type)
{
	size_t lo = 0, hi = sizeof(types) / sizeof(types[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (types[mid].type == type) {
			return &types[mid];
		}
		if (types[mid].type < type) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static bool
is_name(uint8_t k)
{
	return k == F_NAMEC || k == F_NAME || k == F_NAMEN;
}

static unsigned int
name_flags(uint8_t k)
{
	return k == F_NAMEC
	               ? DITTO_RDATA_NAME_COMPRESS | DITTO_RDATA_NAME_CANONICAL
	       : k == F_NAME ? DITTO_RDATA_NAME_CANONICAL
	                     : 0;
}

typedef bool (*field_fn)(void *arg, uint8_t kind, size_t off, size_t len);

/* Split \a rd into fields, checking each; \a fn (optional) sees them. */
static ditto_result_t
walk(const rd_type_t *d, const uint8_t *rd, size_t len, field_fn fn, void *arg)
{
	static const uint8_t empty[1];
	size_t off = 0;
	if (rd == NULL) {
		/* empty rdata may come as NULL (e.g. class NONE records) */
		if (len != 0) {
			return DITTO_R_FORMERR;
		}
		rd = empty;
	}
	for (int i = 0; i < MAXFIELDS && d->f[i] != F_END; i++) {
		uint8_t k = d->f[i];
		size_t used = 0;
		ditto_result_t r;
		if (is_name(k)) {
			r = ditto__rd_name_check(rd, rd + off, len - off,
			                         &used);
		} else {
			r = ditto__rd_kinds[k]->check(rd, rd + off, len - off,
			                              &used);
		}
		if (r != DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
		if (fn != NULL && !fn(arg, k, off, used)) {
			return DITTO_R_SUCCESS;
		}
		off += used;
	}
	if (off != len) {
		return DITTO_R_FORMERR;
	}
	if (d->post != NULL && d->post(rd, len) != DITTO_R_SUCCESS) {
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rdata_validate(uint16_t type, const uint8_t *rdata, size_t rdlen)
{
	REQUIRE(rdata != NULL || rdlen == 0);
	if (rdlen > DITTO_RDATA_MAX) {
		return DITTO_R_FORMERR;
	}
	const rd_type_t *d = lookup(type);
	if (d == NULL) {
		return DITTO_R_SUCCESS;
	}
	return walk(d, rdata, rdlen, NULL, NULL);
}

/* ---- fromwire ---- */

static ditto_result_t
copy_fields(const rd_type_t *d, const uint8_t *msg, size_t pos, size_t end,
            ditto_buf_t *out)
{
	for (int i = 0; i < MAXFIELDS && d->f[i] != F_END; i++) {
		uint8_t k = d->f[i];
		if (is_name(k)) {
			ditto_name_storage_t name;
			size_t nlen;
			if (ditto_name_fromwire(msg, end, &pos, name, &nlen) !=
			    DITTO_R_SUCCESS) {
				return DITTO_R_FORMERR;
			}
			if (ditto_buf_avail(out) < nlen) {
				return DITTO_R_NOSPACE;
			}
			ditto_buf_putmem(out, name, nlen);
			continue;
		}
		size_t used;
		if (ditto__rd_kinds[k]->check(out->base, msg + pos, end - pos,
		                              &used) != DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
		if (ditto_buf_avail(out) < used) {
			return DITTO_R_NOSPACE;
		}
		ditto_buf_putmem(out, msg + pos, used);
		pos += used;
	}
	return pos == end ? DITTO_R_SUCCESS : DITTO_R_FORMERR;
}

ditto_result_t
ditto_rdata_fromwire(uint16_t type, const uint8_t *msg, size_t msglen,
                     size_t pos, size_t rdlen, uint8_t *out, size_t outsize,
                     size_t *outlen, ditto_err_t *err)
{
	REQUIRE(msg != NULL || msglen == 0);
	REQUIRE(out != NULL && outlen != NULL);
	ditto_result_t result;
	ditto_buf_t b;

	if (pos > msglen || rdlen > msglen - pos) {
		ditto_err_set(err, "rdata runs past the end of the message");
		return DITTO_R_UNEXPECTEDEND;
	}
	ditto_buf_init(&b, out,
	               outsize < DITTO_RDATA_MAX ? outsize : DITTO_RDATA_MAX);
	const rd_type_t *d = lookup(type);
	if (d == NULL) {
		if (ditto_buf_avail(&b) < rdlen) {
			CLEANUP(DITTO_R_NOSPACE);
		}
		ditto_buf_putmem(&b, msg + pos, rdlen);
	} else {
		CHECK(copy_fields(d, msg, pos, pos + rdlen, &b));
		CHECK(walk(d, out, b.pos, NULL, NULL));
	}
	*outlen = b.pos;
	return DITTO_R_SUCCESS;
cleanup:
	if (result == DITTO_R_NOSPACE) {
		ditto_err_set(err, "no space for the rdata");
	} else {
		char tname[DITTO_RRTYPE_MAXTEXT];
		(void)ditto_rrtype_totext(type, tname, sizeof(tname));
		ditto_err_set(err, "malformed %s rdata", tname);
	}
	return result;
}

/* ---- towire ---- */

typedef struct towire_ctx {
	const uint8_t *rd;
	ditto_compress_t *c;
	ditto_buf_t *out;
	ditto_result_t result;
} towire_ctx_t;

static bool
towire_field(void *arg, uint8_t kind, size_t off, size_t len)
{
	towire_ctx_t *t = arg;
	if (is_name(kind)) {
		t->result = ditto_compress_towire(t->c, t->rd + off,
		                                  kind == F_NAMEC, t->out);
	} else if (ditto_buf_avail(t->out) < len) {
		t->result = DITTO_R_NOSPACE;
	} else {
		ditto_buf_putmem(t->out, t->rd + off, len);
	}
	return t->result == DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rdata_towire(uint16_t type, const uint8_t *rdata, size_t rdlen,
                   ditto_compress_t *c, ditto_buf_t *out)
{
	REQUIRE(rdata != NULL || rdlen == 0);
	REQUIRE(out != NULL);
	const rd_type_t *d = lookup(type);
	bool hasnames = false;
	if (d != NULL) {
		for (int i = 0; i < MAXFIELDS && d->f[i] != F_END; i++) {
			hasnames = hasnames || is_name(d->f[i]);
		}
	}
	if (!hasnames || walk(d, rdata, rdlen, NULL, NULL) != DITTO_R_SUCCESS) {
		if (ditto_buf_avail(out) < rdlen) {
			out->error = true;
			return DITTO_R_NOSPACE;
		}
		ditto_buf_putmem(out, rdata, rdlen);
		return DITTO_R_SUCCESS;
	}
	towire_ctx_t t = { rdata, c, out, DITTO_R_SUCCESS };
	(void)walk(d, rdata, rdlen, towire_field, &t);
	return t.result;
}

/* ---- totext ---- */

typedef struct totext_ctx {
	rd_tx_t tx;
	bool first;
	ditto_result_t result;
} totext_ctx_t;

static bool
totext_field(void *arg, uint8_t kind, size_t off, size_t len)
{
	totext_ctx_t *t = arg;
	size_t mark = t->tx.o.pos;
	if (!t->first) {
		ditto__rd_puts(&t->tx.o, " ");
	}
	size_t after_space = t->tx.o.pos;
	t->result =
	        ditto__rd_kinds[kind]->totext(&t->tx, t->tx.rdata + off, len);
	if (t->tx.o.pos == after_space && !t->tx.o.full) {
		t->tx.o.pos = mark; /* empty field: no separator */
		t->tx.o.buf[mark] = '\0';
	} else {
		t->first = false;
	}
	return t->result == DITTO_R_SUCCESS && !t->tx.o.full;
}

static void
generic_totext(rd_out_t *o, const uint8_t *rdata, size_t rdlen)
{
	ditto__rd_printf(o, "\\# %zu", rdlen);
	if (rdlen > 0) {
		ditto__rd_puts(o, " ");
		ditto__rd_puthex(o, rdata, rdlen, RD_CHUNK);
	}
}

ditto_result_t
ditto_rdata_totext(uint16_t type, const uint8_t *rdata, size_t rdlen,
                   const uint8_t *origin, char *buf, size_t bufsize,
                   size_t *outlen)
{
	REQUIRE(rdata != NULL || rdlen == 0);
	REQUIRE(buf != NULL && bufsize > 0);
	totext_ctx_t t = { .tx = { .o = { buf, bufsize, 0, false },
		                   .origin = origin,
		                   .rdata = rdata,
		                   .rdlen = rdlen,
		                   .type = type },
		           .first = true,
		           .result = DITTO_R_SUCCESS };
	buf[0] = '\0';
	const rd_type_t *d = lookup(type);
	if (d == NULL) {
		generic_totext(&t.tx.o, rdata, rdlen);
	} else {
		if (walk(d, rdata, rdlen, NULL, NULL) != DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
		(void)walk(d, rdata, rdlen, totext_field, &t);
		if (t.result != DITTO_R_SUCCESS && !t.tx.o.full) {
			return t.result;
		}
	}
	if (t.tx.o.full) {
		return DITTO_R_NOSPACE;
	}
	if (outlen != NULL) {
		*outlen = t.tx.o.pos;
	}
	return DITTO_R_SUCCESS;
}

/* ---- fromtext ---- */

/* Would field kind \a k at \a off pass with more (zero) bytes after it? */
static bool
short_field(uint8_t k, const uint8_t *rd, size_t off, size_t len)
{
	size_t used;
	uint8_t *tmp = ditto_malloc(2 * DITTO_RDATA_MAX);
	memset(tmp, 0, 2 * DITTO_RDATA_MAX);
	memcpy(tmp, rd, len);
	bool ok = ditto__rd_kinds[k]->check(tmp, tmp + off,
	                                    2 * DITTO_RDATA_MAX - off,
	                                    &used) == DITTO_R_SUCCESS &&
	          used > len - off;
	ditto_free(tmp);
	return ok;
}

/*
 * The cause BIND's fromwire gives for generic data that does not fit the
 * type: data ran short, data left over, or a bad value.
 */
static ditto_result_t
generic_check(const rd_type_t *d, const uint8_t *rd, size_t len,
              const char **summary)
{
	size_t off = 0;
	for (int i = 0; i < MAXFIELDS && d->f[i] != F_END; i++) {
		uint8_t k = d->f[i];
		size_t used = 0;
		ditto_result_t r;
		if (is_name(k)) {
			r = ditto__rd_name_check(rd, rd + off, len - off,
			                         &used);
			if (r != DITTO_R_SUCCESS) {
				bool ptr = false;
				for (size_t o = off; o < len; o += rd[o] + 1u) {
					if (rd[o] >= 0xc0) {
						ptr = true;
					}
					if (rd[o] == 0 || rd[o] >= 0x40) {
						break;
					}
				}
				*summary = ptr ? RD_S_DISALLOWED : NULL;
				return ptr ? DITTO_R_FORMERR
				           : DITTO_R_UNEXPECTEDEND;
			}
		} else {
			r = ditto__rd_kinds[k]->check(rd, rd + off, len - off,
			                              &used);
			if (r != DITTO_R_SUCCESS) {
				*summary = NULL;
				return short_field(k, rd, off, len)
				               ? DITTO_R_UNEXPECTEDEND
				               : DITTO_R_FORMERR;
			}
		}
		off += used;
	}
	if (off != len) {
		*summary = RD_S_EXTRADATA;
		return DITTO_R_EXTRADATA;
	}
	*summary = NULL;
	if (d->post != NULL && d->post(rd, len) != DITTO_R_SUCCESS) {
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

/*
 * `\# len hex` (RFC 3597). As in BIND: the hex is read up to len bytes
 * (more than that in one token: "ran out of space"; the line ending
 * first: "unexpected end of input"); tokens after it are extra input.
 */
static ditto_result_t
generic_fromtext(rd_tc_t *tc)
{
	const ditto_token_t *t;
	uint32_t len;
	ditto_hex_dec_t hd;
	ditto_result_t r = ditto__rd_getnumber(tc, 0xffffffffu, &len);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (len > DITTO_RDATA_MAX) {
		return ditto__rd_err(tc, DITTO_R_RANGE, NULL);
	}
	if (len > ditto_buf_avail(tc->out)) {
		return ditto__rd_err(tc, DITTO_R_NOSPACE, NULL);
	}
	ditto_buf_t b;
	ditto_buf_init(&b, tc->out->base + tc->out->pos, len);
	ditto_hex_dec_init(&hd);
	while (b.pos < len) {
		r = ditto__rd_string(tc, &t);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_hex_dec_feed(&hd, t->s, t->len, &b);
		if (r != DITTO_R_SUCCESS) {
			return ditto__rd_err(tc, r, NULL);
		}
		if (b.pos == len &&
		    ditto_hex_dec_finish(&hd) != DITTO_R_SUCCESS) {
			return ditto__rd_err(tc, DITTO_R_BADHEX, NULL);
		}
	}
	tc->out->pos += len;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
fields_fromtext(const rd_type_t *d, rd_tc_t *tc)
{
	for (int i = 0; i < MAXFIELDS && d->f[i] != F_END; i++) {
		ditto_result_t r = ditto__rd_kinds[d->f[i]]->fromtext(tc);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
	return DITTO_R_SUCCESS;
}

/* Types without a presentation form: BIND's cause when not generic. */
static ditto_result_t
nogeneric(rd_tc_t *tc, uint16_t type)
{
	if (type == DITTO_TYPE_NULL) {
		return ditto__rd_err(tc, DITTO_R_SYNTAX, NULL);
	}
	if (type == DITTO_TYPE_OPT) {
		return ditto__rd_err(tc, DITTO_R_NOTIMPLEMENTED, NULL);
	}
	return ditto__rd_err(tc, DITTO_R_BADTYPE, NULL);
}

ditto_result_t
ditto_rdata_fromtext(uint16_t type, uint16_t rclass, const ditto_token_t *tok,
                     size_t ntok, const uint8_t *origin, uint8_t *out,
                     size_t outsize, size_t *outlen, ditto_err_t *err)
{
	REQUIRE(tok != NULL || ntok == 0);
	REQUIRE(out != NULL && outlen != NULL);
	ditto_buf_t b;
	ditto_buf_init(&b, out,
	               outsize < DITTO_RDATA_MAX ? outsize : DITTO_RDATA_MAX);
	rd_tc_t tc = { .tok = tok,
		       .ntok = ntok,
		       .origin = origin,
		       .type = type,
		       .rclass = rclass,
		       .out = &b,
		       .err = err };
	const rd_type_t *d = lookup(type);
	ditto_result_t r;

	if (ntok > 0 && !tok[0].quoted && tok[0].len == 2 &&
	    memcmp(tok[0].s, "\\#", 2) == 0) {
		tc.i = 1;
		r = generic_fromtext(&tc);
		const char *summary = NULL;
		if (r == DITTO_R_SUCCESS && d != NULL) {
			r = generic_check(d, out, b.pos, &summary);
			if (r != DITTO_R_SUCCESS) {
				r = ditto__rd_err(&tc, r, summary);
			}
		}
	} else if (d == NULL || d->f[0] == F_OPT) {
		r = nogeneric(&tc, type);
	} else {
		r = fields_fromtext(d, &tc);
		if (r == DITTO_R_SUCCESS &&
		    walk(d, out, b.pos, NULL, NULL) != DITTO_R_SUCCESS) {
			r = ditto__rd_err(&tc, DITTO_R_FORMERR, NULL);
		}
	}
	if (r == DITTO_R_SUCCESS && b.error) {
		r = ditto__rd_err(&tc, DITTO_R_NOSPACE, NULL);
	}
	if (r == DITTO_R_SUCCESS && ditto__rd_more(&tc)) {
		r = ditto__rd_err(&tc, DITTO_R_EXTRADATA, NULL);
	}
	if (r == DITTO_R_SUCCESS) {
		*outlen = b.pos;
	}
	return r;
}

/* Split text into tokens like the master-file lexer (one line). */
static size_t
tokenize(const char *text, size_t len, ditto_token_t *tok, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '(' || c == ')') {
			i++;
			continue;
		}
		if (c == ';') {
			while (i < len && text[i] != '\n') {
				i++;
			}
			continue;
		}
		bool quoted = c == '"';
		size_t start = quoted ? ++i : i;
		while (i < len) {
			c = text[i];
			if (c == '\\' && i + 1 < len) {
				i += 2;
				continue;
			}
			if (quoted ? c == '"'
			           : (c == ' ' || c == '\t' || c == '\n' ||
			              c == '\r' || c == '(' || c == ')' ||
			              c == ';' || c == '"')) {
				break;
			}
			i++;
		}
		if (i > len) {
			i = len;
		}
		tok[n++] = (ditto_token_t){ text + start, (uint32_t)(i - start),
			                    quoted };
		if (quoted && i < len) {
			i++; /* closing quote */
		}
	}
	return n;
}

ditto_result_t
ditto_rdata_fromstring(uint16_t type, uint16_t rclass, const char *text,
                       size_t len, const uint8_t *origin, uint8_t *out,
                       size_t outsize, size_t *outlen, ditto_err_t *err)
{
	REQUIRE(text != NULL || len == 0);
	size_t max = len / 2 + 2;
	ditto_token_t *tok = ditto_malloc(max * sizeof(*tok));
	size_t ntok = tokenize(text, len, tok, max);
	ditto_result_t r = ditto_rdata_fromtext(type, rclass, tok, ntok, origin,
	                                        out, outsize, outlen, err);
	ditto_free(tok);
	return r;
}

/* ---- names, canonical form, comparison ---- */

typedef struct names_ctx {
	const uint8_t *rd;
	bool (*fn)(void *arg, const uint8_t *name, size_t offset,
	           unsigned int flags);
	void *arg;
} names_ctx_t;

static bool
names_field(void *arg, uint8_t kind, size_t off, size_t len)
{
	names_ctx_t *n = arg;
	(void)len;
	if (!is_name(kind)) {
		return true;
	}
	return n->fn(n->arg, n->rd + off, off, name_flags(kind));
}

void
ditto_rdata_names(uint16_t type, const uint8_t *rdata, size_t rdlen,
                  bool (*fn)(void *arg, const uint8_t *name, size_t offset,
                             unsigned int flags),
                  void *arg)
{
	REQUIRE(fn != NULL);
	const rd_type_t *d = lookup(type);
	if (d == NULL || walk(d, rdata, rdlen, NULL, NULL) != DITTO_R_SUCCESS) {
		return;
	}
	names_ctx_t n = { rdata, fn, arg };
	(void)walk(d, rdata, rdlen, names_field, &n);
}

static bool
lower_name(void *arg, const uint8_t *name, size_t offset, unsigned int flags)
{
	uint8_t *rd = arg;
	(void)name;
	if ((flags & DITTO_RDATA_NAME_CANONICAL) != 0) {
		ditto_name_tolower(rd + offset);
	}
	return true;
}

void
ditto_rdata_canonicalize(uint16_t type, uint8_t *rdata, size_t rdlen)
{
	ditto_rdata_names(type, rdata, rdlen, lower_name, rdata);
}

#define MAXRANGES 4

typedef struct ranges {
	size_t lo[MAXRANGES], hi[MAXRANGES];
	unsigned int n;
} ranges_t;

static bool
collect_range(void *arg, const uint8_t *name, size_t offset, unsigned int flags)
{
	ranges_t *rg = arg;
	if ((flags & DITTO_RDATA_NAME_CANONICAL) != 0 && rg->n < MAXRANGES) {
		rg->lo[rg->n] = offset;
		rg->hi[rg->n] = offset + ditto_name_length(name);
		rg->n++;
	}
	return true;
}

static uint8_t
canon_byte(const uint8_t *p, size_t i, const ranges_t *rg)
{
	uint8_t c = p[i];
	for (unsigned int k = 0; k < rg->n; k++) {
		if (i >= rg->lo[k] && i < rg->hi[k]) {
			return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
		}
	}
	return c;
}

int
ditto_rdata_compare(uint16_t type, const uint8_t *a, size_t alen,
                    const uint8_t *b, size_t blen)
{
	ranges_t ra = { .n = 0 }, rb = { .n = 0 };
	ditto_rdata_names(type, a, alen, collect_range, &ra);
	ditto_rdata_names(type, b, blen, collect_range, &rb);
	size_t n = alen < blen ? alen : blen;
	for (size_t i = 0; i < n; i++) {
		uint8_t ca = canon_byte(a, i, &ra), cb = canon_byte(b, i, &rb);
		if (ca != cb) {
			return ca < cb ? -1 : 1;
		}
	}
	return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata internals shared by rdata*.c: field kinds, text cursor, writer. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rdata.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/result.h"

/* A field of exactly \a n bytes: FORMERR when fewer are left. */
static inline ditto_result_t
ditto__rd_fixed(size_t n, size_t avail, size_t *used)
{
	if (avail < n) {
		return DITTO_R_FORMERR;
	}
	*used = n;
	return DITTO_R_SUCCESS;
}

/* A one-byte field (a check function of the kind tables). */
static inline ditto_result_t
ditto__rd_check1(const uint8_t *rd, const uint8_t *p, size_t avail,
                 size_t *used)
{
	(void)rd;
	(void)p;
	return ditto__rd_fixed(1, avail, used);
}

/*
 * Every type's rdata is a sequence of fields of these kinds. A kind knows
 * how long it is on the wire (check), how to print it and how to parse it.
 * "Rest" kinds take everything up to the end of the rdata.
 */
typedef enum rd_kind {
	F_END = 0,
	F_NAMEC,     /*!< name, compressible, lower-cased in canonical form */
	F_NAME,      /*!< name, lower-cased in canonical form */
	F_NAMEN,     /*!< name, kept as is */
	F_U8,        /*!< 8-bit decimal */
	F_U16,       /*!< 16-bit decimal */
	F_U32,       /*!< 32-bit decimal */
	F_TTL,       /*!< 32-bit, text also as 1w2d3h4m5s */
	F_TYPE,      /*!< RR type mnemonic */
	F_ALG,       /*!< DNSSEC algorithm (number or mnemonic) */
	F_CERTALG,   /*!< algorithm printed as a mnemonic (CERT) */
	F_DIGEST,    /*!< DS digest type (number or mnemonic) */
	F_TIME,      /*!< RRSIG time YYYYMMDDHHMMSS */
	F_A,         /*!< IPv4 address */
	F_AAAA,      /*!< IPv6 address */
	F_STR,       /*!< one character-string */
	F_STROPT,    /*!< an optional last character-string */
	F_STRS,      /*!< rest: one or more character-strings */
	F_X25,       /*!< a character-string of digits */
	F_B64,       /*!< rest: base64, at least one byte */
	F_B64OPT,    /*!< rest: base64, possibly empty (no tokens) */
	F_B64DASH,   /*!< rest: base64 or "-" for empty */
	F_KEYDATA,   /*!< rest: KEY base64, absent for "no key" flags */
	F_HEX,       /*!< rest: hex, at least one byte */
	F_HEXOPT,    /*!< rest: hex, possibly empty */
	F_SALT,      /*!< 8-bit length + hex, "-" for empty */
	F_B32,       /*!< 8-bit length + base32hex */
	F_BITMAP,    /*!< rest: type bitmap, possibly empty */
	F_BITMAPNE,  /*!< rest: type bitmap, not empty */
	F_NXTMAP,    /*!< rest: NXT bitmap (RFC 2535) */
	F_EUI48,     /*!< 6 bytes as xx-xx-xx-xx-xx-xx */
	F_EUI64,     /*!< 8 bytes as xx-...-xx */
	F_ILNP,      /*!< 8 bytes as xxxx:xxxx:xxxx:xxxx */
	F_STREND,    /*!< rest: raw bytes as one quoted string */
	F_CAATAG,    /*!< 8-bit length + alphanumeric tag */
	F_CERTTYPE,  /*!< 16-bit certificate type (mnemonic) */
	F_PROTO,     /*!< 8-bit IP protocol (WKS: name or number) */
	F_PORTMAP,   /*!< rest: WKS port bitmap */
	F_DSYNCSCH,  /*!< 8-bit DSYNC scheme (mnemonic) */
	F_LOC,       /*!< rest: LOC */
	F_APL,       /*!< rest: APL items */
	F_SVCPARAMS, /*!< rest: SVCB parameters */
	F_IPSECKEY,  /*!< rest: IPSECKEY after precedence */
	F_HIP,       /*!< rest: HIP */
	F_AMTRELAY,  /*!< rest: AMTRELAY after precedence */
	F_A6,        /*!< rest: A6 */
	F_NSAP,      /*!< rest: NSAP 0x... */
	F_ATMA,      /*!< rest: ATMA */
	F_TSIG,      /*!< rest: TSIG after the algorithm */
	F_TKEY,      /*!< rest: TKEY after the algorithm */
	F_OPT,       /*!< rest: EDNS options */
	F_KEYFLAGS,  /*!< 16-bit KEY/DNSKEY flags (number or names) */
	F_SECPROTO,  /*!< 8-bit KEY protocol (number or mnemonic) */
	F_HASHALG,   /*!< 8-bit NSEC3 hash algorithm (number or mnemonic) */
	F_U8N,       /*!< 8-bit decimal, range errors shown at the next token */
	F_U16N,  /*!< 16-bit decimal, range errors shown at the next token */
	F_REGEX, /*!< character-string holding a NAPTR regexp */
	F_NKINDS
} rd_kind_t;

/*! Text output with overflow tracking. */
typedef struct rd_out {
	char *buf;   /*!< destination */
	size_t size; /*!< its size */
	size_t pos;  /*!< bytes written (no NUL) */
	bool full;   /*!< something did not fit */
} rd_out_t;

/*! Totext context for one rdata. */
typedef struct rd_tx {
	rd_out_t o;            /*!< output */
	const uint8_t *origin; /*!< for relative names, or NULL */
	const uint8_t *rdata;  /*!< start of the rdata */
	size_t rdlen;          /*!< its length */
	uint16_t type;         /*!< its type */
} rd_tx_t;

/*! Fromtext context for one rdata. */
typedef struct rd_tc {
	const ditto_token_t *tok; /*!< tokens */
	size_t ntok;              /*!< number of tokens */
	size_t i;                 /*!< next token */
	const uint8_t *origin;    /*!< for relative names */
	uint16_t type;            /*!< the record's type */
	uint16_t rclass;          /*!< the record's class */
	ditto_buf_t *out;         /*!< output; base is the rdata start */
	ditto_err_t *err;         /*!< optional reason */
} rd_tc_t;

/*! Operations of one field kind. */
typedef struct rd_kindops {
	/*! Wire length of the field at \a p (avail bytes left in rdata);
	 * \a rd is the rdata start. FORMERR when malformed. */
	ditto_result_t (*check)(const uint8_t *rd, const uint8_t *p,
	                        size_t avail, size_t *used);
	ditto_result_t (*totext)(rd_tx_t *tx, const uint8_t *p, size_t len);
	ditto_result_t (*fromtext)(rd_tc_t *tc);
} rd_kindops_t;

/*! Per-kind operations, indexed by rd_kind_t (rdata_field.c). */
extern const rd_kindops_t *const ditto__rd_kinds[F_NKINDS];

/* Special kinds, defined in rdata_special.c and rdata_svcb.c. */
extern const rd_kindops_t ditto__rd_loc_ops, ditto__rd_apl_ops,
        ditto__rd_ipseckey_ops, ditto__rd_hip_ops, ditto__rd_amtrelay_ops,
        ditto__rd_a6_ops, ditto__rd_nsap_ops, ditto__rd_atma_ops,
        ditto__rd_tsig_ops, ditto__rd_tkey_ops, ditto__rd_opt_ops,
        ditto__rd_svcparams_ops;

/* Kinds defined in rdata_mnem.c. */
extern const rd_kindops_t ditto__rd_alg_ops, ditto__rd_digest_ops,
        ditto__rd_secproto_ops, ditto__rd_certtype_ops, ditto__rd_certalg_ops,
        ditto__rd_dsyncsch_ops, ditto__rd_keyflags_ops, ditto__rd_type_ops,
        ditto__rd_time_ops, ditto__rd_hashalg_ops;

/* Kinds defined in rdata_misc.c. */
extern const rd_kindops_t ditto__rd_eui48_ops, ditto__rd_eui64_ops,
        ditto__rd_ilnp_ops, ditto__rd_proto_ops, ditto__rd_portmap_ops;

/*! Field check for a name (no pointers). */
ditto_result_t ditto__rd_name_check(const uint8_t *rd, const uint8_t *p,
                                    size_t avail, size_t *used);
/*! Print a name relative to the origin. */
ditto_result_t ditto__rd_name_totext(rd_tx_t *tx, const uint8_t *p, size_t len);

/* Writer. */
void ditto__rd_puts(rd_out_t *o, const char *s);
void ditto__rd_putmem(rd_out_t *o, const char *s, size_t len);
void ditto__rd_printf(rd_out_t *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void ditto__rd_puthex(rd_out_t *o, const uint8_t *p, size_t len, size_t chunk);
void ditto__rd_putb64(rd_out_t *o, const uint8_t *p, size_t len, size_t chunk);
void ditto__rd_putstring(rd_out_t *o, const uint8_t *p, size_t len);

/*
 * Token helpers and errors.
 *
 * Error texts follow BIND's dns_rdata_fromtext: "near 'TOKEN': CAUSE",
 * "near eol: CAUSE", or just "CAUSE" when the token shown was quoted.
 * BIND shows the token its lexer returns after the failure: either the
 * failing token itself (it was pushed back), or the one after it. So each
 * failure names the token index to show: ditto__rd_tokerr() the token just
 * read (tc->i - 1), ditto__rd_err() the next unread one (tc->i), which is
 * "eol" when there is none. err->summary gets CAUSE alone.
 */

/*! BIND's text of the cause for a result (NULL for no usual text). */
const char *ditto__rd_summary(ditto_result_t r);
/*! Fail showing token \a idx (ntok or more: eol); summary NULL means
 * ditto__rd_summary(r). */
ditto_result_t ditto__rd_failat(rd_tc_t *tc, size_t idx, ditto_result_t r,
                                const char *summary);
/*! Fail showing the token just read. */
ditto_result_t ditto__rd_tokerr(rd_tc_t *tc, ditto_result_t r,
                                const char *summary);
/*! Fail showing the next unread token (or eol). */
ditto_result_t ditto__rd_err(rd_tc_t *tc, ditto_result_t r,
                             const char *summary);

#define RD_S_BADNUMBER  "not a valid number"
#define RD_S_UNEXPTOKEN "unexpected token"
#define RD_S_BADQUAD    "bad dotted quad"
#define RD_S_BADAAAA    "bad IPv6 address"
#define RD_S_BADBASE32  "bad base32 encoding"
#define RD_S_UNKFLAG    "unknown flag"
#define RD_S_BADEUI     "bad EUI"
#define RD_S_UNKSERVICE "unknown service"
#define RD_S_UNKPROTO   "unknown protocol"
#define RD_S_DISALLOWED "disallowed (by application policy)"
#define RD_S_DUPLICATE  "duplicate query"
#define RD_S_TOOLONG    "text too long"
#define RD_S_EXTRADATA  "extra input data"

/*! Next token, any kind; UNEXPECTEDEND at eol. */
ditto_result_t ditto__rd_next(rd_tc_t *tc,
                              const ditto_token_t **tok) DITTO_MUSTCHECK;
/*! Next token, which must not be quoted ("unexpected token"). */
ditto_result_t ditto__rd_string(rd_tc_t *tc,
                                const ditto_token_t **tok) DITTO_MUSTCHECK;
/*! Next token as a decimal number up to \a max (RANGE beyond). */
ditto_result_t ditto__rd_getnumber(rd_tc_t *tc, uint32_t max,
                                   uint32_t *v) DITTO_MUSTCHECK;
bool ditto__rd_more(const rd_tc_t *tc);
/*! \a t (just read) as a decimal number up to \a max. */
ditto_result_t ditto__rd_number(rd_tc_t *tc, const ditto_token_t *t,
                                uint32_t max, uint32_t *v) DITTO_MUSTCHECK;
/*! Is \a t all decimal digits (BIND's lexer reads it as a number)? */
bool ditto__rd_isnumber(const ditto_token_t *t);
bool ditto__rd_tokeq(const ditto_token_t *t, const char *s);
ditto_result_t ditto__rd_unescape(const ditto_token_t *t, uint8_t *out,
                                  size_t outsize,
                                  size_t *outlen) DITTO_MUSTCHECK;
/*! Name from the token just read; errors shown at it. */
ditto_result_t ditto__rd_name(rd_tc_t *tc,
                              const ditto_token_t *t) DITTO_MUSTCHECK;
/*! Address token for \a af (AF_INET: 4 bytes, AF_INET6: 16) into addr. */
ditto_result_t ditto__rd_addr(rd_tc_t *tc, int af,
                              uint8_t *addr) DITTO_MUSTCHECK;
ditto_result_t ditto__rd_b64rest(rd_tc_t *tc, bool allow_empty) DITTO_MUSTCHECK;
ditto_result_t ditto__rd_hexrest(rd_tc_t *tc, bool allow_empty) DITTO_MUSTCHECK;
/*! Exactly \a n bytes of hex over tokens (BIND's fixed-length reads). */
ditto_result_t ditto__rd_hexlen(rd_tc_t *tc, size_t n) DITTO_MUSTCHECK;

/*! Base64 and hex in "rest" fields print in chunks of this many chars. */
#define RD_CHUNK 56

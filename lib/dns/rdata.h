/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Rdata: text <-> wire for every common type, RFC 3597, canonical form. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/compress.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/result.h"

#define DITTO_RDATA_MAX 65535 /*!< longest rdata */

/*!
 * One token of master-file text, as the master-file lexer splits it.
 * Escapes (\X, \DDD) are left in place; quoted tokens exclude the quotes.
 * Parentheses, comments and line ends are already gone.
 */
typedef struct ditto_token {
	const char *s; /*!< first byte (not NUL-terminated) */
	uint32_t len;  /*!< length in bytes */
	bool quoted;   /*!< the token was between double quotes */
} ditto_token_t;

/*!
 * \brief Rdata from master-file tokens.
 *
 * Handles every type listed in rrtype.h that has a presentation format,
 * and the generic form `\# <len> <hex>` (RFC 3597) for any type. Names are
 * made absolute with \a origin (NULL: relative names are an error).
 *
 * \param type, rclass  the record's type and class
 * \param tok, ntok     the rdata tokens
 * \param origin        origin for relative names, or NULL
 * \param out, outsize  output buffer (DITTO_RDATA_MAX is always enough)
 * \param outlen        receives the rdata length on success
 * \param err           optional: on failure, err->msg is the text BIND's
 *                      dns_rdata_fromtext prints after "FILE:LINE: ", e.g.
 *                      "near '1.2.3': bad dotted quad", "near eol:
 *                      unexpected end of input", or only the cause when
 *                      the token BIND shows was quoted ("unexpected
 *                      token"); err->summary is the cause alone ("bad
 *                      dotted quad"), as BIND repeats it in "loading from
 *                      master file F failed: ..."; err->offset is the index
 *                      of the token shown (\a ntok for eol)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_SYNTAX, DITTO_R_RANGE, DITTO_R_BADBASE64, DITTO_R_BADHEX,
 *         DITTO_R_BADTYPE (unknown type or mnemonic), DITTO_R_UNEXPECTEDEND
 *         (too few tokens), DITTO_R_EXTRADATA (too many), DITTO_R_FORMERR
 *         (a value not valid for the type), DITTO_R_NOTIMPLEMENTED,
 *         DITTO_R_EXISTS (a repeated SVCB key), DITTO_R_NOSPACE, and name
 *         errors
 * Security: \a tok is untrusted operator input.
 * Thread safety: safe.
 */
ditto_result_t ditto_rdata_fromtext(uint16_t type, uint16_t rclass,
                                    const ditto_token_t *tok, size_t ntok,
                                    const uint8_t *origin, uint8_t *out,
                                    size_t outsize, size_t *outlen,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Rdata from one string: split into tokens (whitespace, double
 * quotes, parentheses dropped), then ditto_rdata_fromtext(). For tests,
 * fuzzing and tools.
 */
ditto_result_t ditto_rdata_fromstring(uint16_t type, uint16_t rclass,
                                      const char *text, size_t len,
                                      const uint8_t *origin, uint8_t *out,
                                      size_t outsize, size_t *outlen,
                                      ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Rdata from a message: checks the structure for the type, and
 * decompresses embedded names.
 *
 * Like BIND 9.18 (which parses messages with DNS_DECOMPRESS_ANY), pointers
 * are expanded in every name field of a known type's rdata, not only where
 * RFC 3597 section 4 allows them. Names inside IPSECKEY, HIP, AMTRELAY,
 * A6, TSIG/TKEY-internal fields are the exception: a pointer there is a
 * FORMERR. Unknown types are copied as opaque bytes.
 *
 * \param msg, msglen  the whole message
 * \param pos          offset of the rdata in it
 * \param rdlen        RDLENGTH from the record
 * \param out, outsize output buffer (DITTO_RDATA_MAX is always enough)
 * \param outlen       receives the uncompressed rdata length
 * \retval DITTO_R_SUCCESS, DITTO_R_FORMERR, DITTO_R_UNEXPECTEDEND,
 *         DITTO_R_NOSPACE and name errors
 * Security: \a msg is untrusted network input.
 * Thread safety: safe.
 */
ditto_result_t ditto_rdata_fromwire(uint16_t type, const uint8_t *msg,
                                    size_t msglen, size_t pos, size_t rdlen,
                                    uint8_t *out, size_t outsize,
                                    size_t *outlen,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Write uncompressed rdata into a message, compressing the names
 * that RFC 1035/3597 allow to be compressed when \a c is not NULL.
 * The caller writes RDLENGTH (the cursor advance).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_rdata_towire(uint16_t type, const uint8_t *rdata,
                                  size_t rdlen, ditto_compress_t *c,
                                  ditto_buf_t *out) DITTO_MUSTCHECK;

/*!
 * \brief Presentation form as BIND prints it on one line (no parentheses),
 * NUL-terminated. Names are absolute unless \a origin is given, in which
 * case names at or below it are relative. Unknown types use `\# len hex`.
 * Like `named-checkzone -D` and `named-rrchecker -p`, trailing base64 and
 * hex fields (keys, signatures, digests, generic data) are split into
 * 56-character chunks separated by one space. RRSIG/SIG/TKEY times print
 * as YYYYMMDDHHMMSS mapped to the date closest to now (serial arithmetic,
 * as BIND does), so the text of far-off times depends on the clock.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE, DITTO_R_FORMERR (rdata does not
 *         fit its type; printed as generic form is the caller's choice)
 * Thread safety: safe.
 */
ditto_result_t ditto_rdata_totext(uint16_t type, const uint8_t *rdata,
                                  size_t rdlen, const uint8_t *origin,
                                  char *buf, size_t bufsize,
                                  size_t *outlen) DITTO_MUSTCHECK;

/*!
 * \brief Check that uncompressed rdata is well formed for its type.
 * \retval DITTO_R_SUCCESS, DITTO_R_FORMERR
 */
ditto_result_t ditto_rdata_validate(uint16_t type, const uint8_t *rdata,
                                    size_t rdlen) DITTO_MUSTCHECK;

/*!
 * \brief Canonical form (RFC 4034 section 6.2): names in the rdata of the
 * types listed there (as amended by RFC 6840 section 5.1) are lower-cased.
 * \a out may equal \a rdata. The length never changes.
 */
void ditto_rdata_canonicalize(uint16_t type, uint8_t *rdata, size_t rdlen);

/*!
 * \brief Compare two rdatas of one type in canonical order (RFC 4034
 * section 6.3: the canonical forms as left-justified octet strings).
 */
int ditto_rdata_compare(uint16_t type, const uint8_t *a, size_t alen,
                        const uint8_t *b, size_t blen);

/*! Flags passed to a name walker. */
#define DITTO_RDATA_NAME_COMPRESS  0x1 /*!< may be compressed on output */
#define DITTO_RDATA_NAME_CANONICAL 0x2 /*!< lower-cased in canonical form */

/*!
 * \brief Call \a fn for each domain name inside the rdata, in order.
 * \a fn gets the name, its offset in the rdata and DITTO_RDATA_NAME_* flags.
 * Used for compression, canonical form, zone checks (NS/MX/SRV targets)
 * and additional-section processing. Stops early if \a fn returns false.
 */
void ditto_rdata_names(uint16_t type, const uint8_t *rdata, size_t rdlen,
                       bool (*fn)(void *arg, const uint8_t *name, size_t offset,
                                  unsigned int flags),
                       void *arg);

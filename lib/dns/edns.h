/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* EDNS(0) (RFC 6891): the OPT pseudo-record, its fields and options. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/result.h"

/*! Option codes ditto knows by name. */
enum {
	DITTO_EDNS_OPT_LLQ = 1,            /*!< RFC 8764 */
	DITTO_EDNS_OPT_NSID = 3,           /*!< RFC 5001 */
	DITTO_EDNS_OPT_CLIENT_SUBNET = 8,  /*!< RFC 7871 */
	DITTO_EDNS_OPT_EXPIRE = 9,         /*!< RFC 7314 */
	DITTO_EDNS_OPT_COOKIE = 10,        /*!< RFC 7873 */
	DITTO_EDNS_OPT_TCP_KEEPALIVE = 11, /*!< RFC 7828 */
	DITTO_EDNS_OPT_PADDING = 12,       /*!< RFC 7830 */
	DITTO_EDNS_OPT_KEY_TAG = 14,       /*!< RFC 8145 */
	DITTO_EDNS_OPT_EDE = 15,           /*!< RFC 8914 */
	DITTO_EDNS_OPT_CLIENT_TAG = 16,    /*!< draft-bellis-dnsop-edns-tags */
	DITTO_EDNS_OPT_SERVER_TAG = 17,    /*!< draft-bellis-dnsop-edns-tags */
};

#define DITTO_EDNS_FLAG_DO  0x8000 /*!< DNSSEC OK, in ditto_edns_t.flags */
#define DITTO_EDNS_MAXOPTS  16     /*!< options kept per OPT record */
#define DITTO_EDNS_MINUDP   512    /*!< sizes below this mean 512 */
#define DITTO_EDNS_FIXEDLEN 11     /*!< OPT record without options */
#define DITTO_COOKIE_CLIENT 8      /*!< client cookie length */
#define DITTO_COOKIE_MINSRV 8      /*!< shortest server cookie */
#define DITTO_COOKIE_MAXSRV 32     /*!< longest server cookie */

/*! One option: code, length and a borrowed pointer to its data. */
typedef struct ditto_edns_opt {
	uint16_t code;       /*!< option code */
	uint16_t len;        /*!< data length */
	const uint8_t *data; /*!< borrowed (message or caller storage) */
} ditto_edns_opt_t;

/*!
 * The content of an OPT record. Option data is borrowed: from the message
 * after ditto_edns_fromwire(), from the caller after ditto_edns_addopt().
 * Fixed size; never allocates.
 */
typedef struct ditto_edns {
	uint16_t udpsize;        /*!< requestor's UDP payload size (raw) */
	uint8_t ext_rcode;       /*!< upper 8 bits of the 12-bit rcode */
	uint8_t version;         /*!< EDNS version */
	uint16_t flags;          /*!< DO and the Z bits */
	unsigned int nopts;      /*!< options kept in opts[] */
	unsigned int nopts_seen; /*!< options in the record (>= nopts) */
	size_t optlen;           /*!< bytes of option data incl. headers
	                              (of the kept options) */
	ditto_edns_opt_t opts[DITTO_EDNS_MAXOPTS]; /*!< kept options */
} ditto_edns_t;

/*!
 * \brief Initialise for rendering: version 0, no flags, no options.
 * Thread safety: safe on distinct \a e.
 */
void ditto_edns_init(ditto_edns_t *e, uint16_t udpsize);

/*!
 * \brief Decode the fields of an OPT record (CLASS, TTL and RDATA).
 *
 * Options are checked for structure (DITTO_R_FORMERR: an option runs past
 * the rdata), and the ones named 9.18 checks for content too
 * (DITTO_R_OPTERR, which named answers with FORMERR and an OPT record):
 * LLQ length 18, CLIENT-SUBNET family (0, 1, 2), prefix lengths, address
 * length and zero padding bits (RFC 7871 6), EXPIRE length 0 or 4, COOKIE
 * length 8 or 16..40 (RFC 7873 5.2.2), KEY-TAG a non-zero even length,
 * EDE at least 2 bytes of which the text is UTF-8 without a BOM,
 * CLIENT-TAG and SERVER-TAG length 2. More than DITTO_EDNS_MAXOPTS options
 * are counted but not kept. A version other than 0 is not an error here:
 * the caller answers BADVERS.
 *
 * \param rclass, ttl   CLASS and TTL of the OPT record
 * \param rdata, rdlen  its rdata (borrowed by \a out)
 * \param base          offset of \a rdata in the message, for \a err
 * \retval DITTO_R_SUCCESS, DITTO_R_FORMERR, DITTO_R_OPTERR
 * Ownership: \a out borrows \a rdata.
 * Security: \a rdata is untrusted network input.
 * Thread safety: safe.
 */
ditto_result_t ditto_edns_fromwire(uint16_t rclass, uint32_t ttl,
                                   const uint8_t *rdata, size_t rdlen,
                                   size_t base, ditto_edns_t *out,
                                   ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief First option with \a code, or NULL. */
const ditto_edns_opt_t *ditto_edns_find(const ditto_edns_t *e, uint16_t code);

/*!
 * \brief Append an option (data borrowed until rendering is done).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (list full or over 65535 bytes)
 */
ditto_result_t ditto_edns_addopt(ditto_edns_t *e, uint16_t code,
                                 const uint8_t *data,
                                 uint16_t len) DITTO_MUSTCHECK;

/*! \brief Wire length of the OPT record for \a e (owner "." included). */
size_t ditto_edns_wirelen(const ditto_edns_t *e);

/*!
 * \brief Write the whole OPT record (owner, type, class, ttl, rdata).
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE (cursor error set)
 */
ditto_result_t ditto_edns_towire(const ditto_edns_t *e,
                                 ditto_buf_t *out) DITTO_MUSTCHECK;

/*! \brief Name of an option code ("COOKIE"), or NULL when unknown. */
const char *ditto_edns_optname(uint16_t code);

/*!
 * \brief Split a COOKIE option into client and server cookie.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND (no COOKIE option)
 * *server is NULL and *serverlen 0 when only a client cookie was sent.
 */
ditto_result_t ditto_edns_cookie(const ditto_edns_t *e, const uint8_t **client,
                                 const uint8_t **server,
                                 size_t *serverlen) DITTO_MUSTCHECK;

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* IP addresses and prefixes as used by address-match lists. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/err.h"
#include "util/result.h"

/*!
 * An IPv4 or IPv6 address with a prefix length: a host address when the
 * length is 32 (IPv4) or 128 (IPv6), a network otherwise. Bytes are in
 * network order; an IPv4 address uses addr[0..3] and leaves the rest zero.
 * A prefix made by ditto_acladdr_fromtext() or ditto_acladdr_setprefix() has
 * no bits set past its length. The IPv6 zone (scope) is not kept: BIND's
 * address-match lists ignore it too.
 */
typedef struct ditto_acladdr {
	uint8_t family;    /*!< AF_INET or AF_INET6 */
	uint8_t prefixlen; /*!< 0..32 or 0..128 */
	uint8_t addr[16];  /*!< network byte order */
} ditto_acladdr_t;

/*! Longest text of ditto_acladdr_totext(), NUL included. */
#define DITTO_ACLADDR_MAXTEXT 64

/*!
 * \brief Parse an address or prefix the way named.conf writes it.
 *
 * Accepted forms: a dotted quad `192.0.2.1`; an IPv4 prefix with 1 to 4
 * parts `10/8`, `10.1/16`, `10.0.0.0/8` (missing parts are zero); an IPv6
 * address `2001:db8::1` with an optional zone `%eth0` / `%2` (checked, then
 * dropped); an IPv6 prefix `2001:db8::/32`. The prefix length is decimal
 * and may have leading zeros. Without a length the result is a host address.
 *
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_SYNTAX  not an address ("'x': not an IP address"), or an
 *                         IPv4 address with fewer than 4 parts and no length
 *                         ("incomplete IPv4 address or prefix"), or a '/'
 *                         without digits ("expected prefix length")
 * \retval DITTO_R_RANGE   length over 32/128 ("invalid prefix length '33'")
 *                         or bits set past the length, which BIND rejects:
 *                         "'10.0.0.1/8': address/prefix length mismatch '8'"
 *
 * \param text, len  the text, not NUL-terminated, no surrounding blanks
 * \param out        written on success only
 * \param err        optional; receives the reason on failure, in
 *                   named-checkconf's words
 * Security: bounded, allocation-free; text is untrusted config input. A
 * zone given by name is checked with if_nametoindex(3), as BIND does
 * (an unknown interface makes the text not an address).
 * Thread safety: safe.
 */
ditto_result_t ditto_acladdr_fromtext(const char *text, size_t len,
                                      ditto_acladdr_t *out,
                                      ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Make a host address (full length) from a socket address.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTIMPLEMENTED  family is neither AF_INET nor AF_INET6
 * Thread safety: safe.
 */
ditto_result_t ditto_acladdr_fromsockaddr(const struct sockaddr *sa,
                                          ditto_acladdr_t *out) DITTO_MUSTCHECK;

/*! \brief Host address from 4 bytes in network order. */
void ditto_acladdr_fromv4(ditto_acladdr_t *out, const uint8_t bytes[4]);

/*! \brief Host address from 16 bytes in network order. */
void ditto_acladdr_fromv6(ditto_acladdr_t *out, const uint8_t bytes[16]);

/*!
 * \brief Set the prefix length and clear the bits past it.
 * \retval DITTO_R_SUCCESS, DITTO_R_RANGE (length over the family's maximum)
 */
ditto_result_t ditto_acladdr_setprefix(ditto_acladdr_t *a,
                                       unsigned int prefixlen) DITTO_MUSTCHECK;

/*! \brief True for an IPv6 address in ::ffff:0:0/96. */
bool ditto_acladdr_isv4mapped(const ditto_acladdr_t *a);

/*!
 * \brief True when host or prefix \a a lies inside prefix \a net (same
 * family, length at least net's and equal leading bits).
 */
bool ditto_acladdr_within(const ditto_acladdr_t *a, const ditto_acladdr_t *net);

/*!
 * \brief Write "192.0.2.1", "10.0.0.0/8", "2001:db8::/32" (no length for a
 * host address). \a buf needs DITTO_ACLADDR_MAXTEXT bytes.
 */
void ditto_acladdr_totext(const ditto_acladdr_t *a, char *buf, size_t bufsize);

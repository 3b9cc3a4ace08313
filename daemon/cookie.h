/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS server cookies (RFC 7873, RFC 9018 SipHash-2-4 interoperable form). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define COOKIE_SECRET_LEN 16 /*!< SipHash-2-4 key */
#define COOKIE_SERVER_LEN 16 /*!< RFC 9018 server cookie */
#define COOKIE_CLIENT_LEN 8  /*!< client cookie */

/*!
 * \brief SipHash-2-4 of \a in with a 128-bit \a key.
 * Thread safety: safe.
 */
uint64_t cookie_siphash24(const uint8_t key[16], const uint8_t *in, size_t len);

/*!
 * \brief Make the RFC 9018 server cookie for \a client (8 bytes) and the
 * client address \a sa at time \a now: version 1, three reserved zero
 * bytes, the 32-bit timestamp, and SipHash-2-4(client cookie | version |
 * reserved | timestamp | client IP) under \a secret.
 * Thread safety: safe.
 */
void cookie_make(const uint8_t secret[COOKIE_SECRET_LEN],
                 const uint8_t client[COOKIE_CLIENT_LEN],
                 const struct sockaddr *sa, uint32_t now,
                 uint8_t out[COOKIE_SERVER_LEN]);

/*!
 * \brief Check a received server cookie: the right length and version, a
 * timestamp no more than one hour old and five minutes ahead (RFC 9018
 * section 4.3), and the hash.
 * Security: \a server is untrusted; compared in constant time.
 * Thread safety: safe.
 */
bool cookie_valid(const uint8_t secret[COOKIE_SECRET_LEN],
                  const uint8_t client[COOKIE_CLIENT_LEN],
                  const uint8_t *server, size_t serverlen,
                  const struct sockaddr *sa, uint32_t now);

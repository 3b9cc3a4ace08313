/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named.conf value syntax: integers, booleans, durations, sizes, addresses. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*! An address or a prefix (family AF_INET or AF_INET6). */
typedef struct ditto_cfg_prefix {
	int family;       /*!< AF_INET or AF_INET6 */
	uint8_t addr[16]; /*!< network byte order, 4 or 16 bytes used */
	unsigned int len; /*!< prefix length (32/128 for an address) */
	bool has_len;     /*!< "/len" was written */
} ditto_cfg_prefix_t;

/*! Result of ditto_cfg_value_prefix(). */
typedef enum ditto_cfg_prefix_result {
	DITTO_CFG_PREFIX_OK,
	DITTO_CFG_PREFIX_NOTADDR,  /*!< not an address at all */
	DITTO_CFG_PREFIX_BADLEN,   /*!< "/len" out of range */
	DITTO_CFG_PREFIX_MISMATCH, /*!< host bits set beyond the length */
} ditto_cfg_prefix_result_t;

/*!
 * \brief Unsigned integer that fits 32 bits, as named reads <integer>:
 * decimal, octal ("010" = 8) or hexadecimal made of decimal digits
 * ("0x35" = 53); else "expected number" (or "out of range" when too big).
 * Thread safety: all functions here are pure and thread safe.
 * Security: the input is untrusted text; no function reads past its NUL.
 */
bool ditto_cfg_value_uint32(const char *s, uint32_t *out);

/*! \brief Decimal integer of any length made of digits only. */
bool ditto_cfg_value_isnumber(const char *s);

/*!
 * \brief An integer of any size in one of the forms of
 * ditto_cfg_value_uint32() (what named's lexer takes for a number).
 */
bool ditto_cfg_value_isinteger(const char *s);

/*! \brief yes/no/true/false/1/0 (case-insensitive). */
bool ditto_cfg_value_boolean(const char *s, bool *out);

/*!
 * \brief A duration in seconds: a TTL ("3600", "1w2d3h4m5s") or an ISO 8601
 * duration ("P1D", "PT1H", "P1Y2M3W4DT5H6M7S"); must fit 32 bits.
 */
bool ditto_cfg_value_duration(const char *s, uint32_t *out);

/*! \brief A size: digits with an optional k/m/g unit, in bytes. */
bool ditto_cfg_value_sizeval(const char *s, uint64_t *out);

/*! \brief A percentage "N%". */
bool ditto_cfg_value_percent(const char *s, uint32_t *out);

/*! \brief A fixed-point number with up to two decimals ("0.1", "5"). */
bool ditto_cfg_value_fixedpoint(const char *s, uint32_t *hundredths);

/*! \brief An IPv4 address (dotted quad). \a out gets 4 bytes. */
bool ditto_cfg_value_ipv4(const char *s, uint8_t out[4]);

/*! \brief An IPv6 address (with an optional %zone). \a out gets 16 bytes. */
bool ditto_cfg_value_ipv6(const char *s, uint8_t out[16]);

/*!
 * \brief An address or prefix: "192.0.2.1", "10/8", "192.0.2.0/24",
 * "2001:db8::/32". A short IPv4 form needs the "/len".
 */
ditto_cfg_prefix_result_t ditto_cfg_value_prefix(const char *s,
                                                 ditto_cfg_prefix_t *out);

/*! \brief Print a prefix as named -p does ("10.0.0.0/8"). */
void ditto_cfg_prefix_totext(const ditto_cfg_prefix_t *p, char *buf,
                             size_t size);

/*!
 * \brief Validate base64 text (white space allowed) and count the bytes it
 * decodes to.
 */
bool ditto_cfg_value_base64(const char *s, uint32_t *decoded_len);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The one result enum of libditto, with names and texts. */
#pragma once

#if defined(__GNUC__)
#define DITTO_MUSTCHECK __attribute__((warn_unused_result))
#else
#define DITTO_MUSTCHECK
#endif

typedef enum ditto_result {
	DITTO_R_SUCCESS = 0,
	DITTO_R_NOMEMORY,     /*!< an explicit limit refused an allocation */
	DITTO_R_NOSPACE,      /*!< output buffer too small */
	DITTO_R_RANGE,        /*!< value out of range */
	DITTO_R_FORMERR,      /*!< malformed wire data */
	DITTO_R_SYNTAX,       /*!< malformed text */
	DITTO_R_BADESCAPE,    /*!< bad escape sequence in text */
	DITTO_R_LABELTOOLONG, /*!< label longer than 63 octets */
	DITTO_R_NAMETOOLONG,  /*!< name longer than 255 octets */
	DITTO_R_EMPTYLABEL,   /*!< empty label inside a name */
	DITTO_R_BADPOINTER,   /*!< bad compression pointer */
	DITTO_R_NOTFQDN, /*!< relative name where an absolute one is needed */
	DITTO_R_BADLABELTYPE,   /*!< unknown label type (0x40/0x80) */
	DITTO_R_UNEXPECTEDEND,  /*!< input ended too early */
	DITTO_R_EXTRADATA,      /*!< trailing data after a complete item */
	DITTO_R_BADTYPE,        /*!< unknown or unusable rr type */
	DITTO_R_BADCLASS,       /*!< unknown or unusable class */
	DITTO_R_BADTTL,         /*!< bad ttl */
	DITTO_R_BADBASE64,      /*!< bad base64 text */
	DITTO_R_BADHEX,         /*!< bad hex text */
	DITTO_R_NOTFOUND,       /*!< no such item */
	DITTO_R_EXISTS,         /*!< item already exists */
	DITTO_R_NOTZONETOP,     /*!< name is not at or below the zone origin */
	DITTO_R_IOERROR,        /*!< I/O error (errno in the log) */
	DITTO_R_FILENOTFOUND,   /*!< file not found */
	DITTO_R_TOOMANY,        /*!< a count limit was hit */
	DITTO_R_NOTIMPLEMENTED, /*!< not implemented */
	DITTO_R_FAILURE,        /*!< generic failure */
	DITTO_R_TRUNCATED,      /*!< message was truncated */
	DITTO_R_BADVERS,        /*!< unsupported EDNS version */
	DITTO_R_NOMORE,         /*!< iteration finished */
	DITTO_R_TTLMISMATCH,    /*!< record TTL differs from its RRset's */
	DITTO_R_ACLLOOP,        /*!< an address-match list includes itself */
	DITTO_R_TSIG_BADSIG,    /*!< TSIG MAC did not verify (BADSIG) */
	DITTO_R_TSIG_BADKEY,    /*!< TSIG key unknown or wrong (BADKEY) */
	DITTO_R_TSIG_BADTIME,   /*!< TSIG time outside the fudge (BADTIME) */
	DITTO_R_TSIG_BADTRUNC,  /*!< TSIG MAC truncated below policy */
	DITTO_R_TSIG_UNSIGNED,  /*!< a TSIG was required but is missing */
	DITTO_R_TSIG_ERRORSET,  /*!< the peer's TSIG reports an error */
	DITTO_R_CC_BADAUTH,     /*!< control message failed authentication */
	DITTO_R_CC_CLOCKSKEW,   /*!< control message _tim outside +-300 s */
	DITTO_R_CC_EXPIRED,     /*!< control message past its _exp */
	DITTO_R_CC_DUPLICATE,   /*!< control message replayed */
	DITTO_R_OPTERR,         /*!< a known EDNS option is malformed */
	DITTO_R_NR_RESULTS      /*!< number of results, keep last */
} ditto_result_t;

/*!
 * \brief Short identifier of a result ("DITTO_R_FORMERR" -> "FORMERR").
 * \return a static string, never NULL.
 * Thread safety: safe.
 */
const char *ditto_result_name(ditto_result_t r);

/*!
 * \brief Human-readable text of a result ("bad compression pointer").
 * \return a static string, never NULL.
 * Thread safety: safe.
 */
const char *ditto_result_totext(ditto_result_t r);

/*! Evaluate \a expr; on failure store it in `result` and jump to cleanup. */
#define CHECK(expr)                              \
	do {                                     \
		result = (expr);                 \
		if (result != DITTO_R_SUCCESS) { \
			goto cleanup;            \
		}                                \
	} while (0)

/*! Store \a r in `result` and jump to cleanup. */
#define CLEANUP(r)            \
	do {                  \
		result = (r); \
		goto cleanup; \
	} while (0)

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS messages: parse from wire (full, or question-only for queries). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/edns.h"
#include "dns/name.h"
#include "dns/rr.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

#define DITTO_MSG_HDRLEN  12    /*!< header octets */
#define DITTO_MSG_MAXSIZE 65535 /*!< largest message */

/*! Header flag bits, in place in the 16-bit flags word. */
#define DITTO_MSG_QR 0x8000 /*!< response */
#define DITTO_MSG_AA 0x0400 /*!< authoritative answer */
#define DITTO_MSG_TC 0x0200 /*!< truncated */
#define DITTO_MSG_RD 0x0100 /*!< recursion desired */
#define DITTO_MSG_RA 0x0080 /*!< recursion available */
#define DITTO_MSG_Z  0x0040 /*!< reserved, must be zero */
#define DITTO_MSG_AD 0x0020 /*!< authentic data */
#define DITTO_MSG_CD 0x0010 /*!< checking disabled */
/*! Every flag bit (the opcode and rcode bits excluded). */
#define DITTO_MSG_FLAGMASK 0x87f0

/*! Message sections, in wire order. */
typedef enum ditto_section {
	DITTO_SECTION_QUESTION = 0,
	DITTO_SECTION_ANSWER = 1,
	DITTO_SECTION_AUTHORITY = 2,
	DITTO_SECTION_ADDITIONAL = 3,
	DITTO_SECTION_COUNT = 4
} ditto_section_t;

/*! The fixed header, decoded. */
typedef struct ditto_msg_header {
	uint16_t id;    /*!< query id */
	uint16_t flags; /*!< DITTO_MSG_QR ... DITTO_MSG_CD bits */
	uint8_t opcode; /*!< 4-bit opcode */
	uint16_t rcode; /*!< 12-bit rcode: header bits plus OPT's upper bits */
} ditto_msg_header_t;

/*!
 * \brief A message id for a query we send, from the kernel's random
 * source (RFC 5452: ids must not be predictable), or the clock when
 * getrandom() fails.
 * Thread safety: safe.
 */
uint16_t ditto_msg_randomid(void);

/*! Options of ditto_msg_parse(). */
#define DITTO_MSG_PARSE_TCOK                          \
	0x1 /*!< a message with TC set may end early: \
	         parse what is complete, set truncated */

/*!
 * A parsed message.
 *
 * OPT and TSIG are not in rrs[DITTO_SECTION_ADDITIONAL]: they are
 * decoded into `edns` and `tsig`. Questions are in rrs[DITTO_SECTION_
 * QUESTION] with ttl 0 and no rdata; the first question is also in
 * qname/qtype/qclass. Record owners and rdata are uncompressed.
 *
 * Ownership: owners and rdata of records are in the arena given to
 * ditto_msg_parse(); EDNS option data and TSIG rdata point into the wire
 * buffer, which the caller keeps alive while using the message.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_msg {
	ditto_msg_header_t hdr;               /*!< header */
	uint16_t counts[DITTO_SECTION_COUNT]; /*!< counts as on the wire */

	bool has_question;          /*!< at least one question */
	ditto_name_storage_t qname; /*!< first question's name */
	size_t qnamelen;            /*!< its wire length */
	uint16_t qtype;             /*!< first question's type */
	uint16_t qclass;            /*!< first question's class */
	size_t question_end;        /*!< offset past the question section */

	ditto_rr_t *rrs[DITTO_SECTION_COUNT]; /*!< records (full parse) */
	uint16_t nrrs[DITTO_SECTION_COUNT];   /*!< entries in rrs */

	bool has_edns;     /*!< an OPT record was present */
	ditto_edns_t edns; /*!< its content */
	size_t opt_offset; /*!< offset of the OPT record */

	bool has_tsig;                   /*!< a TSIG record was present */
	ditto_name_storage_t tsig_owner; /*!< its owner: the key name */
	ditto_rr_t tsig;                 /*!< the record (owner: tsig_owner,
	                                      rdata into the wire) */
	size_t tsig_offset;              /*!< offset where TSIG starts */
	uint16_t tsig_arcount;           /*!< ARCOUNT as received (TSIG
	                                      included) */

	size_t end;          /*!< offset past the last record parsed */
	bool truncated;      /*!< TCOK: the message ended early */
	const uint8_t *wire; /*!< the message (borrowed) */
	size_t wirelen;      /*!< its length */
} ditto_msg_t;

/*!
 * \brief Parse a whole message.
 *
 * Checks: the header is complete; each section's count can be held by
 * the bytes left (counts are never trusted to allocate); every name
 * (compression pointers strictly backwards) and rdata (per type, via
 * ditto_rdata_fromwire()) is valid; OPT appears only in the additional
 * section, at most once, owned by the root; TSIG appears only as the last
 * record of the additional section, at most once, class ANY, with a
 * well-formed rdata. Bytes after the last record are ignored, as BIND
 * does. Records with class NONE or ANY and RDLENGTH 0 (UPDATE) have empty
 * rdata.
 *
 * \param wire, len  the message
 * \param options    DITTO_MSG_PARSE_* bits
 * \param arena      receives the records (reset it to free them)
 * \param msg        filled on success (partly filled on failure)
 * \param err        optional: on failure a reason with the byte offset,
 *                   e.g. "record 3 of answer: rdata runs past end at
 *                   offset 112"
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FORMERR, DITTO_R_UNEXPECTEDEND, DITTO_R_BADPOINTER,
 *         DITTO_R_BADLABELTYPE, DITTO_R_NAMETOOLONG and rdata errors
 * Ownership: see ditto_msg_t; \a wire is borrowed by \a msg.
 * Security: \a wire is untrusted network input. Work and memory are
 * linear in \a len.
 * Thread safety: safe on distinct \a msg and \a arena.
 */
ditto_result_t ditto_msg_parse(const uint8_t *wire, size_t len,
                               unsigned int options, ditto_arena_t *arena,
                               ditto_msg_t *msg,
                               ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Parse what a server needs to answer a query, without allocating:
 * the header, the first question (more than one is a FORMERR), EDNS and
 * the position of TSIG. Answer and authority records are only skipped
 * (names and lengths bounds-checked); additional records are checked as
 * in ditto_msg_parse() except for their rdata. msg->rrs stay NULL.
 *
 * \retval as ditto_msg_parse()
 * On failure msg->has_question still says whether the question was
 * parsed, and when it is true qname, qtype and qclass are valid (so that
 * a FORMERR reply can echo the question, as named does); every other
 * field is undefined.
 * Ownership: \a wire is borrowed by \a msg.
 * Security: \a wire is untrusted network input.
 * Thread safety: safe on distinct \a msg.
 */
ditto_result_t ditto_msg_parse_query(const uint8_t *wire, size_t len,
                                     ditto_msg_t *msg,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Lower-case name of a section ("answer"). */
const char *ditto_msg_sectionname(ditto_section_t section);

/*!
 * \brief Render a parsed message back to wire form (names compressed):
 * header, all sections, OPT (from msg->edns) and TSIG (copied as is, last).
 * \param buf, size  output; *len gets the message length
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 * Thread safety: safe.
 */
ditto_result_t ditto_msg_towire(const ditto_msg_t *msg, uint8_t *buf,
                                size_t size, size_t *len) DITTO_MUSTCHECK;

/*!
 * \brief The message in dig's style (header line, flags, OPT pseudo
 * section, sections with one record per line), NUL-terminated.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 * Thread safety: safe.
 */
ditto_result_t ditto_msg_totext(const ditto_msg_t *msg, char *buf, size_t size,
                                size_t *len) DITTO_MUSTCHECK;

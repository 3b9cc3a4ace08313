/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS rcodes and opcodes: numbers and their mnemonics. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

/*! Response codes (RFC 1035, 2136, 6891, 8945, 7873, 8490). */
enum {
	DITTO_RCODE_NOERROR = 0,
	DITTO_RCODE_FORMERR = 1,
	DITTO_RCODE_SERVFAIL = 2,
	DITTO_RCODE_NXDOMAIN = 3,
	DITTO_RCODE_NOTIMP = 4,
	DITTO_RCODE_REFUSED = 5,
	DITTO_RCODE_YXDOMAIN = 6,
	DITTO_RCODE_YXRRSET = 7,
	DITTO_RCODE_NXRRSET = 8,
	DITTO_RCODE_NOTAUTH = 9,
	DITTO_RCODE_NOTZONE = 10,
	DITTO_RCODE_DSOTYPENI = 11,
	DITTO_RCODE_BADVERS = 16, /*!< in OPT; BADSIG in TSIG */
	DITTO_RCODE_BADSIG = 16,
	DITTO_RCODE_BADKEY = 17,
	DITTO_RCODE_BADTIME = 18,
	DITTO_RCODE_BADMODE = 19,
	DITTO_RCODE_BADNAME = 20,
	DITTO_RCODE_BADALG = 21,
	DITTO_RCODE_BADTRUNC = 22,
	DITTO_RCODE_BADCOOKIE = 23,
};

/*! Opcodes (RFC 1035, 1996, 2136, 8490). */
enum {
	DITTO_OPCODE_QUERY = 0,
	DITTO_OPCODE_IQUERY = 1,
	DITTO_OPCODE_STATUS = 2,
	DITTO_OPCODE_NOTIFY = 4,
	DITTO_OPCODE_UPDATE = 5,
	DITTO_OPCODE_DSO = 6,
};

/*!
 * \brief Mnemonic of a message rcode ("NXDOMAIN"; 16 is "BADVERS"), or
 * NULL when it has none.
 * Thread safety: safe.
 */
const char *ditto_rcode_name(uint16_t rcode);

/*! \brief Mnemonic of a TSIG error field (16 is "BADSIG"), or NULL. */
const char *ditto_rcode_tsigname(uint16_t rcode);

/*!
 * \brief Text of an rcode: its mnemonic or the decimal number.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 */
ditto_result_t ditto_rcode_totext(uint16_t rcode, char *buf, size_t bufsize);

/*!
 * \brief Parse an rcode mnemonic (any case, BADSIG and BADVERS both 16)
 * or a decimal number 0..4095.
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX
 */
ditto_result_t ditto_rcode_fromtext(const char *text, size_t len,
                                    uint16_t *rcode) DITTO_MUSTCHECK;

/*! \brief Mnemonic of an opcode ("NOTIFY"), or NULL. */
const char *ditto_rcode_opcodename(uint8_t opcode);

/*! \brief Text of an opcode: mnemonic or decimal number. */
ditto_result_t ditto_rcode_opcodetotext(uint8_t opcode, char *buf,
                                        size_t bufsize);

/*!
 * \brief Parse an opcode mnemonic (any case) or a decimal 0..15.
 * \retval DITTO_R_SUCCESS, DITTO_R_SYNTAX
 */
ditto_result_t ditto_rcode_opcodefromtext(const char *text, size_t len,
                                          uint8_t *opcode) DITTO_MUSTCHECK;

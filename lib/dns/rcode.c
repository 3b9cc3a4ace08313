/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* DNS rcodes and opcodes: number <-> mnemonic tables. */
#include "dns/rcode.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/assert.h"

static const char *const rcodes[] = {
	[DITTO_RCODE_NOERROR] = "NOERROR",
	[DITTO_RCODE_FORMERR] = "FORMERR",
	[DITTO_RCODE_SERVFAIL] = "SERVFAIL",
	[DITTO_RCODE_NXDOMAIN] = "NXDOMAIN",
	[DITTO_RCODE_NOTIMP] = "NOTIMP",
	[DITTO_RCODE_REFUSED] = "REFUSED",
	[DITTO_RCODE_YXDOMAIN] = "YXDOMAIN",
	[DITTO_RCODE_YXRRSET] = "YXRRSET",
	[DITTO_RCODE_NXRRSET] = "NXRRSET",
	[DITTO_RCODE_NOTAUTH] = "NOTAUTH",
	[DITTO_RCODE_NOTZONE] = "NOTZONE",
	[DITTO_RCODE_DSOTYPENI] = "DSOTYPENI",
	[DITTO_RCODE_BADVERS] = "BADVERS",
	[DITTO_RCODE_BADKEY] = "BADKEY",
	[DITTO_RCODE_BADTIME] = "BADTIME",
	[DITTO_RCODE_BADMODE] = "BADMODE",
	[DITTO_RCODE_BADNAME] = "BADNAME",
	[DITTO_RCODE_BADALG] = "BADALG",
	[DITTO_RCODE_BADTRUNC] = "BADTRUNC",
	[DITTO_RCODE_BADCOOKIE] = "BADCOOKIE",
};
#define NRCODES (sizeof(rcodes) / sizeof(rcodes[0]))

static const char *const opcodes[] = {
	[DITTO_OPCODE_QUERY] = "QUERY",   [DITTO_OPCODE_IQUERY] = "IQUERY",
	[DITTO_OPCODE_STATUS] = "STATUS", [DITTO_OPCODE_NOTIFY] = "NOTIFY",
	[DITTO_OPCODE_UPDATE] = "UPDATE", [DITTO_OPCODE_DSO] = "DSO",
};
#define NOPCODES (sizeof(opcodes) / sizeof(opcodes[0]))

const char *
ditto_rcode_name(uint16_t rcode)
{
	return rcode < NRCODES ? rcodes[rcode] : NULL;
}

const char *
ditto_rcode_tsigname(uint16_t rcode)
{
	return rcode == DITTO_RCODE_BADSIG ? "BADSIG" : ditto_rcode_name(rcode);
}

static ditto_result_t
put_text(const char *name, unsigned int num, char *buf, size_t bufsize)
{
	REQUIRE(buf != NULL);
	int n = name != NULL ? snprintf(buf, bufsize, "%s", name)
	                     : snprintf(buf, bufsize, "%u", num);
	if (n < 0 || (size_t)n >= bufsize) {
		return DITTO_R_NOSPACE;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rcode_totext(uint16_t rcode, char *buf, size_t bufsize)
{
	return put_text(ditto_rcode_name(rcode), rcode, buf, bufsize);
}

/* A decimal number of at most 5 digits not above max. */
static ditto_result_t
parse_number(const char *text, size_t len, unsigned int max, unsigned int *out)
{
	if (len == 0 || len > 5) {
		return DITTO_R_SYNTAX;
	}
	unsigned int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return DITTO_R_SYNTAX;
		}
		v = v * 10 + (unsigned int)(text[i] - '0');
	}
	if (v > max) {
		return DITTO_R_SYNTAX;
	}
	*out = v;
	return DITTO_R_SUCCESS;
}

static bool
word_is(const char *text, size_t len, const char *word)
{
	return word != NULL && strlen(word) == len &&
	       strncasecmp(text, word, len) == 0;
}

ditto_result_t
ditto_rcode_fromtext(const char *text, size_t len, uint16_t *rcode)
{
	REQUIRE(text != NULL && rcode != NULL);
	for (unsigned int i = 0; i < NRCODES; i++) {
		if (word_is(text, len, rcodes[i])) {
			*rcode = (uint16_t)i;
			return DITTO_R_SUCCESS;
		}
	}
	if (word_is(text, len, "BADSIG")) {
		*rcode = DITTO_RCODE_BADSIG;
		return DITTO_R_SUCCESS;
	}
	unsigned int v;
	if (parse_number(text, len, 4095, &v) != DITTO_R_SUCCESS) {
		return DITTO_R_SYNTAX;
	}
	*rcode = (uint16_t)v;
	return DITTO_R_SUCCESS;
}

const char *
ditto_rcode_opcodename(uint8_t opcode)
{
	return opcode < NOPCODES ? opcodes[opcode] : NULL;
}

ditto_result_t
ditto_rcode_opcodetotext(uint8_t opcode, char *buf, size_t bufsize)
{
	return put_text(ditto_rcode_opcodename(opcode), opcode, buf, bufsize);
}

ditto_result_t
ditto_rcode_opcodefromtext(const char *text, size_t len, uint8_t *opcode)
{
	REQUIRE(text != NULL && opcode != NULL);
	for (unsigned int i = 0; i < NOPCODES; i++) {
		if (word_is(text, len, opcodes[i])) {
			*opcode = (uint8_t)i;
			return DITTO_R_SUCCESS;
		}
	}
	unsigned int v;
	if (parse_number(text, len, 15, &v) != DITTO_R_SUCCESS) {
		return DITTO_R_SYNTAX;
	}
	*opcode = (uint8_t)v;
	return DITTO_R_SUCCESS;
}

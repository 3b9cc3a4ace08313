/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Names and texts of ditto_result_t. */
#include "util/result.h"

#include <assert.h>
#include <stddef.h>

#define R(id, text) [DITTO_R_##id] = { #id, text }

static const struct {
	const char *name;
	const char *text;
} results[] = {
	R(SUCCESS, "success"),
	R(NOMEMORY, "out of memory"),
	R(NOSPACE, "ran out of space"),
	R(RANGE, "out of range"),
	R(FORMERR, "format error"),
	R(SYNTAX, "syntax error"),
	R(BADESCAPE, "bad escape"),
	R(LABELTOOLONG, "label too long"),
	R(NAMETOOLONG, "name too long"),
	R(EMPTYLABEL, "empty label"),
	R(BADPOINTER, "bad compression pointer"),
	R(NOTFQDN, "not a fully qualified domain name"),
	R(BADLABELTYPE, "bad label type"),
	R(UNEXPECTEDEND, "unexpected end of input"),
	R(EXTRADATA, "extra input data"),
	R(BADTYPE, "bad rr type"),
	R(BADCLASS, "bad class"),
	R(BADTTL, "bad ttl"),
	R(BADBASE64, "bad base64 encoding"),
	R(BADHEX, "bad hex encoding"),
	R(NOTFOUND, "not found"),
	R(EXISTS, "already exists"),
	R(NOTZONETOP, "not at or below the zone origin"),
	R(IOERROR, "I/O error"),
	R(FILENOTFOUND, "file not found"),
	R(TOOMANY, "too many records"),
	R(NOTIMPLEMENTED, "not implemented"),
	R(FAILURE, "failure"),
	R(TRUNCATED, "message truncated"),
	R(BADVERS, "bad EDNS version"),
	R(NOMORE, "no more"),
	R(TTLMISMATCH, "TTL differs from the RRset's TTL"),
	R(ACLLOOP, "acl loop detected"),
	R(TSIG_BADSIG, "tsig verify failure (BADSIG)"),
	R(TSIG_BADKEY, "tsig verify failure (BADKEY)"),
	R(TSIG_BADTIME, "tsig verify failure (BADTIME)"),
	R(TSIG_BADTRUNC, "tsig verify failure (BADTRUNC)"),
	R(TSIG_UNSIGNED, "expected a TSIG or SIG(0)"),
	R(TSIG_ERRORSET, "tsig indicates error"),
	R(CC_BADAUTH, "bad auth"),
	R(CC_CLOCKSKEW, "clock skew"),
	R(CC_EXPIRED, "expired"),
	R(CC_DUPLICATE, "duplicate"),
	R(OPTERR, "malformed EDNS option"),
};

static_assert(sizeof(results) / sizeof(results[0]) == DITTO_R_NR_RESULTS,
              "every ditto_result_t needs a name and a text");

const char *
ditto_result_name(ditto_result_t r)
{
	if ((unsigned)r >= DITTO_R_NR_RESULTS || results[r].name == NULL) {
		return "UNKNOWN";
	}
	return results[r].name;
}

const char *
ditto_result_totext(ditto_result_t r)
{
	if ((unsigned)r >= DITTO_R_NR_RESULTS || results[r].text == NULL) {
		return "unknown result";
	}
	return results[r].text;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* BIND 9.18 result codes carried in control replies, with rndc's texts. */
#include "control/resultmap.h"

#include <stddef.h>

/*
 * The one table of BIND result codes ditto sends (STYLE.md §3). Numbers,
 * ids and texts are those of protocols/rndc.md §7.3 (BIND 9.18 numbering);
 * tests/unit/control/resultmap_test.c checks it against that file.
 */
static const struct {
	uint32_t code;
	const char *id;
	const char *text;
} map[] = {
	{ 0, "ISC_R_SUCCESS", "success" },
	{ 6, "ISC_R_NOPERM", "permission denied" },
	{ 18, "ISC_R_EXISTS", "already exists" },
	{ 22, "ISC_R_SHUTTINGDOWN", "shutting down" },
	{ 23, "ISC_R_NOTFOUND", "not found" },
	{ 24, "ISC_R_UNEXPECTEDEND", "unexpected end of input" },
	{ 25, "ISC_R_FAILURE", "failure" },
	{ 27, "ISC_R_NOTIMPLEMENTED", "not implemented" },
	{ 35, "ISC_R_ALREADYRUNNING", "already running" },
	{ 41, "ISC_R_RANGE", "out of range" },
	{ 56, "ISC_R_BADNUMBER", "not a valid number" },
	{ 77, "DNS_R_EMPTYLABEL", "empty label" },
	{ 94, "DNS_R_BADCLASS", "bad class" },
	{ 108, "DNS_R_BADZONE", "bad zone" },
	{ 123, "DNS_R_NOTLOADED", "zone not loaded" },
	{ 172, "DNS_R_UNKNOWNCOMMAND", "unknown command" },
	{ 178, "DNS_R_NOTPRIMARY", "not primary" },
	/* zone commands (daemon/ctlzone.c), seen with named 9.18.49 */
	{ 32, "ISC_R_UNEXPECTEDTOKEN", "unexpected token" },
	{ 38, "ISC_R_FILENOTFOUND", "file not found" },
	{ 80, "DNS_R_UNKNOWN", "unknown class/type" },
	{ 181, "DNS_R_NOTDYNAMIC", "not dynamic" },
	/* rndc querylog with a bad argument (daemon/ctlcmd.c) */
	{ 89, "DNS_R_SYNTAX", "syntax error" },
};

#define NMAP (sizeof(map) / sizeof(map[0]))

const char *
ditto_resultmap_totext(uint32_t code)
{
	for (size_t i = 0; i < NMAP; i++) {
		if (map[i].code == code) {
			return map[i].text;
		}
	}
	return NULL;
}

const char *
ditto_resultmap_id(uint32_t code)
{
	for (size_t i = 0; i < NMAP; i++) {
		if (map[i].code == code) {
			return map[i].id;
		}
	}
	return NULL;
}

uint32_t
ditto_resultmap_fromresult(ditto_result_t r)
{
	switch (r) {
	case DITTO_R_SUCCESS:
		return DITTO_RESULTMAP_SUCCESS;
	case DITTO_R_EXISTS:
		return DITTO_RESULTMAP_EXISTS;
	case DITTO_R_NOTFOUND:
	case DITTO_R_FILENOTFOUND:
		return DITTO_RESULTMAP_NOTFOUND;
	case DITTO_R_UNEXPECTEDEND:
		return DITTO_RESULTMAP_UNEXPECTEDEND;
	case DITTO_R_NOTIMPLEMENTED:
		return DITTO_RESULTMAP_NOTIMPLEMENTED;
	case DITTO_R_RANGE:
		return DITTO_RESULTMAP_RANGE;
	case DITTO_R_EMPTYLABEL:
		return DITTO_RESULTMAP_EMPTYLABEL;
	case DITTO_R_BADCLASS:
		return DITTO_RESULTMAP_BADCLASS;
	default:
		return DITTO_RESULTMAP_FAILURE;
	}
}

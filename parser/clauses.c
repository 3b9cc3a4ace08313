/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The clause table (rows in clauses_tab.h) and its lookups. */
#include "parser/clauses.h"

#include <string.h>
#include <strings.h>

#define ROW(n, s, sets, flags, st) { n, s, sets, flags, st },

const ditto_cfg_clause_t ditto_cfg_clauses[] = {
#include "parser/clauses_tab.h"
};

const size_t ditto_cfg_nclauses =
        sizeof(ditto_cfg_clauses) / sizeof(ditto_cfg_clauses[0]);

static const struct {
	const char *name;
	uint32_t bit;
} set_names[] = {
	{ "top", DITTO_CFG_SET_TOP },
	{ "options", DITTO_CFG_SET_OPTIONS },
	{ "view", DITTO_CFG_SET_VIEW },
	{ "primary", DITTO_CFG_SET_PRIMARY },
	{ "secondary", DITTO_CFG_SET_SECONDARY },
	{ "mirror", DITTO_CFG_SET_MIRROR },
	{ "forward", DITTO_CFG_SET_FORWARD },
	{ "hint", DITTO_CFG_SET_HINT },
	{ "redirect", DITTO_CFG_SET_REDIRECT },
	{ "static-stub", DITTO_CFG_SET_STATIC_STUB },
	{ "stub", DITTO_CFG_SET_STUB },
	{ "delegation-only", DITTO_CFG_SET_DELEGATION_ONLY },
	{ "in-view", DITTO_CFG_SET_IN_VIEW },
	{ "controls", DITTO_CFG_SET_CONTROLS },
	{ "dlz", DITTO_CFG_SET_DLZ },
	{ "dnssec-policy", DITTO_CFG_SET_DNSSEC_POLICY },
	{ "http", DITTO_CFG_SET_HTTP },
	{ "key", DITTO_CFG_SET_KEY },
	{ "logging", DITTO_CFG_SET_LOGGING },
	{ "channel", DITTO_CFG_SET_CHANNEL },
	{ "server", DITTO_CFG_SET_SERVER },
	{ "statistics-channels", DITTO_CFG_SET_STATISTICS_CHANNELS },
	{ "tls", DITTO_CFG_SET_TLS },
	{ "rate-limit", DITTO_CFG_SET_RATE_LIMIT },
	{ "dns64", DITTO_CFG_SET_DNS64 },
	{ "zone", DITTO_CFG_SET_ZONE },
};

const ditto_cfg_clause_t *
ditto_cfg_clause_find(const char *name, uint32_t sets)
{
	size_t lo = 0, hi = ditto_cfg_nclauses;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcasecmp(ditto_cfg_clauses[mid].name, name) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	for (size_t i = lo; i < ditto_cfg_nclauses &&
	                    strcasecmp(ditto_cfg_clauses[i].name, name) == 0;
	     i++) {
		if ((ditto_cfg_clauses[i].sets & sets) != 0) {
			return &ditto_cfg_clauses[i];
		}
	}
	return NULL;
}

uint32_t
ditto_cfg_set_byname(const char *name)
{
	for (size_t i = 0; i < sizeof(set_names) / sizeof(set_names[0]); i++) {
		if (strcmp(set_names[i].name, name) == 0) {
			return set_names[i].bit;
		}
	}
	return 0;
}

const char *
ditto_cfg_set_name(uint32_t bit)
{
	for (size_t i = 0; i < sizeof(set_names) / sizeof(set_names[0]); i++) {
		if (set_names[i].bit == bit) {
			return set_names[i].name;
		}
	}
	return "?";
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The clause table: every BIND 9.18 option, its syntax, places and status. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*! Clause sets: where a clause may appear (one bit each). */
enum {
	DITTO_CFG_SET_TOP = 1u << 0,
	DITTO_CFG_SET_OPTIONS = 1u << 1,
	DITTO_CFG_SET_VIEW = 1u << 2,
	DITTO_CFG_SET_PRIMARY = 1u << 3,
	DITTO_CFG_SET_SECONDARY = 1u << 4,
	DITTO_CFG_SET_MIRROR = 1u << 5,
	DITTO_CFG_SET_FORWARD = 1u << 6,
	DITTO_CFG_SET_HINT = 1u << 7,
	DITTO_CFG_SET_REDIRECT = 1u << 8,
	DITTO_CFG_SET_STATIC_STUB = 1u << 9,
	DITTO_CFG_SET_STUB = 1u << 10,
	DITTO_CFG_SET_DELEGATION_ONLY = 1u << 11,
	DITTO_CFG_SET_IN_VIEW = 1u << 12,
	DITTO_CFG_SET_CONTROLS = 1u << 13,
	DITTO_CFG_SET_DLZ = 1u << 14,
	DITTO_CFG_SET_DNSSEC_POLICY = 1u << 15,
	DITTO_CFG_SET_HTTP = 1u << 16,
	DITTO_CFG_SET_KEY = 1u << 17,
	DITTO_CFG_SET_LOGGING = 1u << 18,
	DITTO_CFG_SET_CHANNEL = 1u << 19,
	DITTO_CFG_SET_SERVER = 1u << 20,
	DITTO_CFG_SET_STATISTICS_CHANNELS = 1u << 21,
	DITTO_CFG_SET_TLS = 1u << 22,
	DITTO_CFG_SET_RATE_LIMIT = 1u << 23,
	DITTO_CFG_SET_DNS64 = 1u << 24,
	/*! any zone type: the set a zone block is parsed with */
	DITTO_CFG_SET_ZONE = 0x1ff8u | (1u << 12),
};

/*! Clause flags. */
enum {
	DITTO_CFG_F_MULTI = 1u << 0,      /*!< may occur more than once */
	DITTO_CFG_F_DEPRECATED = 1u << 1, /*!< BIND warns "is deprecated" */
	DITTO_CFG_F_OBSOLETE = 1u << 2,   /*!< BIND warns, ignores it */
	DITTO_CFG_F_NOTCONFIG = 1u << 3,  /*!< not compiled into BIND here */
	DITTO_CFG_F_TESTONLY = 1u << 4,   /*!< BIND test option */
};

/*! What ditto does with a clause. */
typedef enum ditto_cfg_status {
	DITTO_CFG_IMPLEMENTED, /*!< ditto honours it */
	DITTO_CFG_IGNORED,     /*!< accepted, ignored, with a warning */
	DITTO_CFG_OBSOLETE,    /*!< obsolete in BIND too: ignored */
} ditto_cfg_status_t;

/*! One row of the clause table. */
typedef struct ditto_cfg_clause {
	const char *name;          /*!< option name */
	const char *spec;          /*!< syntax, man named.conf notation */
	uint32_t sets;             /*!< DITTO_CFG_SET_* where allowed */
	uint32_t flags;            /*!< DITTO_CFG_F_* */
	ditto_cfg_status_t status; /*!< ditto's support */
} ditto_cfg_clause_t;

/*! The table, sorted by name (several rows may share a name). */
extern const ditto_cfg_clause_t ditto_cfg_clauses[];
/*! Number of rows. */
extern const size_t ditto_cfg_nclauses;

/*!
 * \brief The row for \a name allowed in any set of \a sets, or NULL.
 * Thread safety: safe (the table is constant).
 */
const ditto_cfg_clause_t *ditto_cfg_clause_find(const char *name,
                                                uint32_t sets);

/*! \brief Set bit for a "@name" in a spec (without '@'); 0 if unknown. */
uint32_t ditto_cfg_set_byname(const char *name);

/*! \brief Name of one set bit ("options", "secondary", ...). */
const char *ditto_cfg_set_name(uint32_t bit);

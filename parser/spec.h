/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Matching statements against clause syntax written in man named.conf form. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "parser/ast.h"
#include "parser/clauses.h"

/*! Value types an item can match (stored in ditto_cfg_node_t.vtype). */
typedef enum ditto_cfg_vtype {
	DITTO_CFG_V_NONE = 0,
	DITTO_CFG_V_KEYWORD, /*!< a literal word of the syntax */
	DITTO_CFG_V_INTEGER,
	DITTO_CFG_V_PORT, /*!< integer after `port` */
	DITTO_CFG_V_BOOLEAN,
	DITTO_CFG_V_STRING,
	DITTO_CFG_V_QSTRING,
	DITTO_CFG_V_DURATION,
	DITTO_CFG_V_SIZE, /*!< <size>: sizeval or unlimited/default */
	DITTO_CFG_V_SIZEVAL,
	DITTO_CFG_V_PERCENT,
	DITTO_CFG_V_FIXEDPOINT,
	DITTO_CFG_V_IPV4,
	DITTO_CFG_V_IPV6,
	DITTO_CFG_V_NETPREFIX,
	DITTO_CFG_V_CLASS,
	DITTO_CFG_V_SEVERITY,
	DITTO_CFG_V_FACILITY,
	DITTO_CFG_V_AMEWORD, /*!< address, prefix or ACL name in a list */
	DITTO_CFG_V_REMOTE,  /*!< name of a primaries list, or address */
	DITTO_CFG_V_RRTYPE,
	DITTO_CFG_V_UNSPEC, /*!< a block of unspecified text */
	DITTO_CFG_V_BLOCK,  /*!< a block checked as a clause set */
	DITTO_CFG_V_SAPORT, /*!< the port of an address ("192.0.2.1 port
	                         53"): named reads it in decimal only */
} ditto_cfg_vtype_t;

typedef struct ditto_cfg_spec ditto_cfg_spec_t;

/*! Compiled specs and the matcher's scratch state. */
typedef struct ditto_cfg_matcher ditto_cfg_matcher_t;

/*!
 * \brief Create a matcher; specs are compiled on first use.
 * Ownership: destroy with ditto_cfg_matcher_destroy().
 * Thread safety: one thread per matcher.
 */
ditto_cfg_matcher_t *ditto_cfg_matcher_create(void);

/*! \brief Free a matcher; NULL is a no-op. */
void ditto_cfg_matcher_destroy(ditto_cfg_matcher_t **mp);

/*! A block found in a statement that must be checked as a clause set. */
typedef struct ditto_cfg_subblock {
	ditto_cfg_node_t *block; /*!< the BLOCK node */
	uint32_t set;            /*!< the set its statements belong to */
} ditto_cfg_subblock_t;

/*!
 * \brief Match the arguments of \a stmt (the items after its name) against
 * \a clause's syntax. On success annotates the items' vtype and returns
 * the nested clause blocks (at most \a max) in \a subs, their count in
 * \a nsubs. On failure writes a named-checkconf style reason into \a msg.
 */
bool ditto_cfg_match(ditto_cfg_matcher_t *m, const ditto_cfg_clause_t *clause,
                     ditto_cfg_node_t *stmt, ditto_cfg_subblock_t *subs,
                     size_t max, size_t *nsubs, char *msg, size_t msgsize);

/*! \brief Does \a n (WORD/STRING) read as a value of \a t? */
bool ditto_cfg_vtype_ok(ditto_cfg_vtype_t t, const ditto_cfg_node_t *n);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Clause checks: every statement against the clause table, in file order. */
/*
 * Walks the statement lists depth first, the way named's parser reads the
 * file: look the statement's name up in the current clause set ("unknown
 * option"), refuse a second occurrence of a single-valued option
 * ("redefined"), match the arguments against the clause's syntax, warn
 * about deprecated and obsolete options, then descend into the blocks the
 * syntax names as clause sets. The first error stops the walk, as a parse
 * error stops named. Semantic checks follow in semantic.c.
 */
#include "parser/check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parser/check_p.h"
#include "parser/clauses.h"
#include "parser/ignored.h"
#include "parser/spec.h"

#define MAXSUBS 8

ditto_cfg_node_t *
ditto_cfg_find(const ditto_cfg_node_t *list, const char *name)
{
	for (const ditto_cfg_node_t *s = list; s != NULL; s = s->next) {
		if (s->child != NULL && ditto_cfg_is(s->child, name)) {
			return (ditto_cfg_node_t *)s;
		}
	}
	return NULL;
}

ditto_cfg_node_t *
ditto_cfg_arg(const ditto_cfg_node_t *stmt, unsigned int i)
{
	ditto_cfg_node_t *n = stmt != NULL ? stmt->child : NULL;
	for (; n != NULL && i > 0; i--) {
		n = n->next;
	}
	return n;
}

ditto_cfg_node_t *
ditto_cfg_block(const ditto_cfg_node_t *stmt)
{
	for (ditto_cfg_node_t *n = stmt != NULL ? stmt->child : NULL; n != NULL;
	     n = n->next) {
		if (n->kind == DITTO_CFG_BLOCK) {
			return n;
		}
	}
	return NULL;
}

bool
ditto_cfg_is(const ditto_cfg_node_t *n, const char *s)
{
	return n != NULL &&
	       (n->kind == DITTO_CFG_WORD || n->kind == DITTO_CFG_STRING) &&
	       strcasecmp(n->text, s) == 0;
}

static bool check_list(ditto__cfg_check_t *c, ditto_cfg_node_t *list,
                       uint32_t set);

/* Options removed from BIND long ago: named says they no longer exist. */
static bool
ancient(const char *name, uint32_t set)
{
	static const char *const opts[] = {
		"acache-cleaning-interval",
		"acache-enable",
		"additional-from-auth",
		"additional-from-cache",
		"allow-v6-synthesis",
		"cache-file",
		"cleaning-interval",
		"deallocate-on-exit",
		"dnssec-enable",
		"dnssec-lookaside",
		"fake-iquery",
		"fetch-glue",
		"filter-aaaa",
		"filter-aaaa-on-v4",
		"filter-aaaa-on-v6",
		"geoip-use-ecs",
		"has-old-clients",
		"host-statistics",
		"maintain-ixfr-base",
		"max-acache-size",
		"max-ixfr-log-size",
		"min-roots",
		"multiple-cnames",
		"named-xfer",
		"nosit-udp-size",
		"queryport-pool-ports",
		"queryport-pool-updateinterval",
		"request-sit",
		"rfc2308-type1",
		"serial-queries",
		"sit-secret",
		"statistics-interval",
		"topology",
		"treat-cr-as-space",
		"use-id-pool",
		"use-ixfr",
		"use-queryport-pool",
	};
	static const char *const zone[] = { "ixfr-base", "ixfr-tmp-file",
		                            "pubkey" };
	if (set == DITTO_CFG_SET_TOP) {
		return strcasecmp(name, "lwres") == 0;
	}
	if ((set & (DITTO_CFG_SET_OPTIONS | DITTO_CFG_SET_VIEW)) != 0) {
		for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
			if (strcasecmp(name, opts[i]) == 0) {
				return true;
			}
		}
	}
	if ((set & DITTO_CFG_SET_ZONE) != 0) {
		for (size_t i = 0; i < sizeof(zone) / sizeof(zone[0]); i++) {
			if (strcasecmp(name, zone[i]) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* A single-valued option given twice in one block. */
static bool
redefined(ditto_cfg_node_t *list, ditto_cfg_node_t *stmt,
          const ditto_cfg_clause_t *cl)
{
	if ((cl->flags & DITTO_CFG_F_MULTI) != 0) {
		return false;
	}
	for (ditto_cfg_node_t *s = list; s != stmt; s = s->next) {
		if (s->clause == cl) {
			return true;
		}
	}
	return false;
}

static void
warn_flags(ditto__cfg_check_t *c, ditto_cfg_node_t *stmt,
           const ditto_cfg_clause_t *cl)
{
	if ((cl->flags & DITTO_CFG_F_OBSOLETE) != 0) {
		ditto_cfg_diag(c->p, DITTO_CFG_WARNING, stmt,
		               "option '%s' is obsolete and should be removed ",
		               cl->name);
	} else if ((cl->flags & DITTO_CFG_F_DEPRECATED) != 0) {
		ditto_cfg_diag(c->p, DITTO_CFG_WARNING, stmt,
		               "option '%s' is deprecated", cl->name);
	}
}

static bool
check_stmt(ditto__cfg_check_t *c, ditto_cfg_node_t *list,
           ditto_cfg_node_t *stmt, uint32_t set)
{
	ditto_cfg_node_t *name = stmt->child;
	const char *text = ditto_cfg_node_text(name);
	const ditto_cfg_clause_t *cl = NULL;
	if (name->kind == DITTO_CFG_WORD) {
		cl = ditto_cfg_clause_find(text, set);
	}
	if (cl == NULL && name->kind == DITTO_CFG_WORD && ancient(text, set)) {
		ditto_cfg_diag(c->p, DITTO_CFG_ERROR, stmt,
		               "option '%s' no longer exists", text);
		return false;
	}
	if (cl == NULL) {
		ditto_cfg_diag(c->p, DITTO_CFG_ERROR, stmt,
		               "unknown option '%s'", text);
		return false;
	}
	if (redefined(list, stmt, cl)) {
		ditto_cfg_diag(c->p, DITTO_CFG_ERROR, stmt,
		               "'%s' redefined near '%s'", text, text);
		return false;
	}
	stmt->clause = cl;
	if ((cl->flags & DITTO_CFG_F_NOTCONFIG) != 0 &&
	    strncmp(cl->name, "dnsrps", 6) == 0) {
		ditto_cfg_diag(c->p, DITTO_CFG_ERROR, stmt,
		               "option '%s' was not enabled at compile time",
		               cl->name);
		c->semantic_errors = true;
	}
	ditto_cfg_subblock_t subs[MAXSUBS];
	size_t nsubs = 0;
	char msg[300];
	if (!ditto_cfg_match(c->m, cl, stmt, subs, MAXSUBS, &nsubs, msg,
	                     sizeof(msg))) {
		ditto_cfg_diag(c->p, DITTO_CFG_ERROR, stmt, "%s", msg);
		return false;
	}
	warn_flags(c, stmt, cl);
	ditto__cfg_tokens(c, stmt);
	for (size_t i = 0; i < nsubs; i++) {
		if (!check_list(c, subs[i].block->child, subs[i].set)) {
			return false;
		}
	}
	return true;
}

static bool
check_list(ditto__cfg_check_t *c, ditto_cfg_node_t *list, uint32_t set)
{
	for (ditto_cfg_node_t *s = list; s != NULL; s = s->next) {
		if (s->child == NULL) {
			continue;
		}
		if (!check_stmt(c, list, s, set)) {
			return false;
		}
	}
	return true;
}

ditto_result_t
ditto_cfg_check(ditto_cfg_parser_t *p, ditto_cfg_node_t *root)
{
	ditto__cfg_check_t c = { .p = p, .m = ditto_cfg_matcher_create() };
	unsigned int before = p->nerrors;
	ditto_result_t result = DITTO_R_SUCCESS;
	if (!check_list(&c, root, DITTO_CFG_SET_TOP)) {
		result = DITTO_R_SYNTAX;
	} else {
		ditto__cfg_semantic(&c, root);
		if (p->nerrors > before) {
			result = DITTO_R_FAILURE;
		}
	}
	ditto_cfg_matcher_destroy(&c.m);
	return result;
}

void
ditto_cfg_warn_ignored(ditto_cfg_parser_t *p, const ditto_cfg_node_t *root)
{
	(void)ditto_cfg_ignored_diag(p, root);
}

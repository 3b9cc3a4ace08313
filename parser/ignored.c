/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Options dittod accepts but does not implement: find them, word them. */
/*
 * The clause table gives every option ditto's status. An IGNORED option is
 * accepted (a config named accepts must start dittod) but changes nothing,
 * and the operator has to be told so, once per place it is written. The
 * walk follows the blocks the clause matcher marked as clause sets
 * (vtype DITTO_CFG_V_BLOCK) below implemented statements only. A zone of
 * a type dittod does not serve (hint, forward, stub, ...) is reported as
 * a whole, and its options are not looked at.
 */
#include "parser/ignored.h"

#include <stdio.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/clauses.h"
#include "parser/spec.h"

/* The type word of a zone statement ("in-view" for an in-view zone). */
static const char *
zone_type(const ditto_cfg_node_t *zone)
{
	const ditto_cfg_node_t *b = ditto_cfg_block(zone);
	const ditto_cfg_node_t *list = b != NULL ? b->child : NULL;
	const ditto_cfg_node_t *t = ditto_cfg_find(list, "type");
	const ditto_cfg_node_t *a = t != NULL ? ditto_cfg_arg(t, 1) : NULL;
	if (a != NULL && a->kind != DITTO_CFG_BLOCK) {
		return a->text;
	}
	return ditto_cfg_find(list, "in-view") != NULL ? "in-view" : NULL;
}

bool
ditto_cfg_zone_served(const char *type)
{
	static const char *const served[] = { "primary", "master", "secondary",
		                              "slave", "mirror" };
	for (size_t i = 0; type != NULL && i < sizeof(served) / sizeof(*served);
	     i++) {
		if (strcasecmp(type, served[i]) == 0) {
			return true;
		}
	}
	return false;
}

static bool
unserved_zone(const ditto_cfg_node_t *s)
{
	if (!ditto_cfg_is(s->child, "zone")) {
		return false;
	}
	const char *type = zone_type(s);
	return type != NULL && !ditto_cfg_zone_served(type);
}

static size_t
walk(const ditto_cfg_node_t *list, ditto_cfg_ignored_cb cb, void *arg,
     unsigned int depth)
{
	size_t n = 0;
	if (depth > DITTO_CFG_MAXDEPTH) {
		return 0;
	}
	for (const ditto_cfg_node_t *s = list; s != NULL; s = s->next) {
		if (s->clause == NULL) {
			continue;
		}
		if (s->clause->status == DITTO_CFG_IGNORED ||
		    unserved_zone(s)) {
			if (cb != NULL) {
				cb(arg, s);
			}
			n++;
			continue;
		}
		for (const ditto_cfg_node_t *it = s->child; it != NULL;
		     it = it->next) {
			if (it->kind == DITTO_CFG_BLOCK &&
			    it->vtype == DITTO_CFG_V_BLOCK) {
				n += walk(it->child, cb, arg, depth + 1);
			}
		}
	}
	return n;
}

size_t
ditto_cfg_ignored_walk(const ditto_cfg_node_t *root, ditto_cfg_ignored_cb cb,
                       void *arg)
{
	return walk(root, cb, arg, 0);
}

void
ditto_cfg_ignored_message(const ditto_cfg_node_t *stmt, char *buf, size_t size)
{
	if (unserved_zone(stmt)) {
		const ditto_cfg_node_t *n = ditto_cfg_arg(stmt, 1);
		snprintf(buf, size,
		         "zone '%s': type %s is not served by dittod; skipped",
		         n != NULL ? ditto_cfg_node_text(n) : "",
		         zone_type(stmt));
		return;
	}
	const char *name = stmt->clause != NULL
	                           ? stmt->clause->name
	                           : ditto_cfg_node_text(stmt->child);
	snprintf(buf, size,
	         "option '%s' is not implemented by dittod and has no effect",
	         name);
}

static void
diag_one(void *arg, const ditto_cfg_node_t *stmt)
{
	char msg[200];
	ditto_cfg_ignored_message(stmt, msg, sizeof(msg));
	ditto_cfg_diag_own(arg, stmt, "%s", msg);
}

size_t
ditto_cfg_ignored_diag(ditto_cfg_parser_t *p, const ditto_cfg_node_t *root)
{
	return walk(root, diag_one, p, 0);
}

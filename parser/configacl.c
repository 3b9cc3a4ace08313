/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Address-match lists of the typed configuration, compiled with lib/acl. */
/*
 * Every address-match list of struct ditto_config gets a frozen
 * ditto_acl_t. Named acls are compiled on first use, as named expands
 * them: a reference to an acl that is still being compiled is a loop
 * ("acl loop detected: a", at the element that closes it).
 *
 * named expands an acl only where an option is used: a zone's
 * allow-transfer, allow-query, ..., listen-on, blackhole, controls. Lists
 * named never expands in a given configuration are compiled "softly"
 * here (b->soft): an undefined name or a loop makes that one list NULL,
 * with no diagnostic and no failure. That covers the options and view
 * levels of the zone options (used only through zones that inherit
 * them; a zone that inherits a list that failed compiles it again,
 * strictly), statistics-channels allow lists (named-checkconf does not
 * look at them; such a channel allows nobody) and named acls no option
 * uses. A soft failure is remembered (state FAILED) so that no acl is
 * expanded twice for nothing.
 *
 * `geoip` elements are accepted, as named accepts them, but dittod has no
 * GeoIP database: `geoip ...` never matches and `! geoip ...` matches,
 * and so denies, every address (fail closed). Each one gets a warning.
 *
 * A reference nests the named acl's compiled list (lib/acl shares or
 * inlines it). Inherited lists attach the parent's object, so ten
 * thousand zones that inherit allow-transfer from options share one list.
 *
 * The configuration records the address of every reference it holds
 * (ditto__config_aclref()) and ditto_config_destroy() detaches them all,
 * on success and on every failure path.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns/name.h"
#include "parser/check.h"
#include "parser/config_p.h"
#include "parser/values.h"
#include "util/mem.h"

typedef const ditto_cfg_node_t node_t;

/* Bound on acl-in-acl recursion (named acls and `{ }` together). */
#define MAXNEST 64

static ditto_result_t compile(ditto__cfgbuild_t *b, node_t *first,
                              const char *name, unsigned int depth,
                              ditto_acl_t **out);

/* A failure: sticky with a diagnostic, or silent in a soft compile. */
static ditto_result_t
fail(ditto__cfgbuild_t *b, ditto_result_t r, node_t *at, const char *msg)
{
	if (b->soft || b->result != DITTO_R_SUCCESS) {
		return r;
	}
	b->result = r;
	if (b->p != NULL) {
		ditto_cfg_diag(b->p, DITTO_CFG_ERROR, at, "%s", msg);
	}
	return r;
}

void
ditto__config_aclref(ditto_config_t *c, ditto_acl_t **ref)
{
	if (c->naclrefs == c->aclrefs_cap) {
		c->aclrefs_cap = c->aclrefs_cap == 0 ? 64 : c->aclrefs_cap * 2;
		c->aclrefs = ditto_realloc(
		        c->aclrefs, c->aclrefs_cap * sizeof(*c->aclrefs));
	}
	c->aclrefs[c->naclrefs++] = ref;
}

void
ditto__config_acl_begin(ditto__cfgbuild_t *b, node_t *root)
{
	size_t n = 0;
	for (node_t *st = root; st != NULL; st = st->next) {
		n += ditto_cfg_is(st->child, "acl");
	}
	b->acls = n == 0 ? NULL : ditto_calloc(n, sizeof(*b->acls));
	for (node_t *st = root; st != NULL; st = st->next) {
		node_t *name = ditto_cfg_arg(st, 1);
		if (ditto_cfg_is(st->child, "acl") && name != NULL) {
			b->acls[b->nacls].stmt = st;
			b->acls[b->nacls].name = name->text;
			b->nacls++;
		}
	}
}

static ditto__cfgnamed_t *
named(ditto__cfgbuild_t *b, const char *name)
{
	for (size_t i = 0; i < b->nacls; i++) {
		if (strcasecmp(b->acls[i].name, name) == 0) {
			return &b->acls[i];
		}
	}
	return NULL;
}

/* The compiled named acl \a name (borrowed in *out). */
static ditto_result_t
use_named(ditto__cfgbuild_t *b, node_t *at, const char *name,
          unsigned int depth, ditto_acl_t **out)
{
	char msg[300];
	ditto__cfgnamed_t *a = named(b, name);
	if (a == NULL) {
		snprintf(msg, sizeof(msg), "undefined ACL '%s'", name);
		return fail(b, DITTO_R_NOTFOUND, at, msg);
	}
	if (a->state == DITTO__CFG_COMPILING) {
		snprintf(msg, sizeof(msg), "acl loop detected: %s", a->name);
		return fail(b, DITTO_R_ACLLOOP, at, msg);
	}
	if (a->state == DITTO__CFG_FAILED && b->soft) {
		return a->failure;
	}
	if (a->state != DITTO__CFG_DONE) {
		a->state = DITTO__CFG_COMPILING;
		node_t *blk = ditto_cfg_block(a->stmt);
		ditto_result_t r = compile(b, blk != NULL ? blk->child : NULL,
		                           a->name, depth + 1, &a->acl);
		a->state = r == DITTO_R_SUCCESS ? DITTO__CFG_DONE
		                                : DITTO__CFG_FAILED;
		a->failure = r;
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
	}
	*out = a->acl;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
add_key(ditto_acl_t *acl, const char *text, bool neg)
{
	char buf[DITTO_NAME_MAXTEXT + 2];
	uint8_t wire[DITTO_NAME_MAXWIRE];
	size_t len = strlen(text);
	if (len == 0 || len > DITTO_NAME_MAXTEXT) {
		return DITTO_R_SYNTAX;
	}
	memcpy(buf, text, len + 1);
	if (buf[len - 1] != '.') {
		buf[len] = '.';
		buf[++len] = '\0';
	}
	ditto_result_t r =
	        ditto_name_fromtext(buf, len, NULL, wire, NULL, NULL);
	return r == DITTO_R_SUCCESS ? ditto_acl_addkey(acl, wire, neg) : r;
}

/* `[!] geoip ...`: never matches; negated, denies every address. */
static ditto_result_t
add_geoip(ditto__cfgbuild_t *b, ditto_acl_t *acl, node_t *it, bool neg)
{
	if (b->p != NULL) {
		ditto_cfg_diag_own(b->p, it,
		                   "geoip ACL elements are not implemented by "
		                   "dittod: 'geoip ...' never matches and "
		                   "'! geoip ...' denies every address");
	}
	return neg ? ditto_acl_addany(acl, true) : DITTO_R_SUCCESS;
}

static ditto_result_t
add_word(ditto__cfgbuild_t *b, ditto_acl_t *acl, node_t *it, bool neg,
         unsigned int depth)
{
	const char *t = it->text;
	ditto_cfg_prefix_t pf;
	if (ditto_cfg_value_prefix(t, &pf) == DITTO_CFG_PREFIX_OK ||
	    strcasecmp(t, "any") == 0 || strcasecmp(t, "none") == 0 ||
	    strcasecmp(t, "localhost") == 0 ||
	    strcasecmp(t, "localnets") == 0) {
		char text[128];
		ditto_err_t err;
		snprintf(text, sizeof(text), "%s%s", neg ? "!" : "", t);
		memset(&err, 0, sizeof(err));
		return ditto_acl_addtext(acl, text, strlen(text), &err);
	}
	if (strcasecmp(t, "geoip") == 0 && it->next != NULL) {
		return add_geoip(b, acl, it, neg);
	}
	ditto_acl_t *inner = NULL;
	ditto_result_t r = use_named(b, it, t, depth, &inner);
	return r == DITTO_R_SUCCESS ? ditto_acl_addnested(acl, inner, neg) : r;
}

/* One element statement: [!] ( prefix | key N | builtin | name | { } ). */
static ditto_result_t
add_elem(ditto__cfgbuild_t *b, ditto_acl_t *acl, node_t *st, unsigned int depth)
{
	node_t *it = st->child;
	bool neg = false;
	if (it != NULL && it->kind == DITTO_CFG_NOT) {
		neg = true;
		it = it->next;
	}
	if (it == NULL) {
		return DITTO_R_SUCCESS;
	}
	if (it->kind == DITTO_CFG_BLOCK) {
		ditto_acl_t *inner = NULL;
		ditto_result_t r =
		        compile(b, it->child, NULL, depth + 1, &inner);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		r = ditto_acl_addnested(acl, inner, neg);
		ditto_acl_detach(&inner);
		return r;
	}
	if (ditto_cfg_is(it, "key") && it->next != NULL) {
		return add_key(acl, it->next->text, neg);
	}
	return add_word(b, acl, it, neg, depth);
}

/* Is \a r the failure of an element that already said why? */
static bool
reported(ditto_result_t r)
{
	return r == DITTO_R_NOTFOUND || r == DITTO_R_ACLLOOP;
}

/* A new frozen list in *out (one reference, the caller's). */
static ditto_result_t
compile(ditto__cfgbuild_t *b, node_t *first, const char *name,
        unsigned int depth, ditto_acl_t **out)
{
	ditto_acl_t *acl = NULL;
	ditto_result_t r = DITTO_R_SUCCESS;
	char msg[300];
	if (depth > MAXNEST) {
		return fail(b, DITTO_R_TOOMANY, first,
		            "address match lists nested too deeply");
	}
	ditto_acl_create(name, &acl);
	for (node_t *st = first; st != NULL && r == DITTO_R_SUCCESS;
	     st = st->next) {
		r = add_elem(b, acl, st, depth);
		if (r != DITTO_R_SUCCESS && !reported(r)) {
			snprintf(msg, sizeof(msg), "address match list: %s",
			         ditto_result_totext(r));
			r = fail(b, r, st, msg);
		}
	}
	if (r == DITTO_R_SUCCESS && ditto_acl_freeze(acl) != DITTO_R_SUCCESS) {
		r = fail(b, DITTO_R_FAILURE, first,
		         "address match list: cannot freeze");
	}
	if (r != DITTO_R_SUCCESS) {
		ditto_acl_detach(&acl);
		return r;
	}
	*out = acl;
	return DITTO_R_SUCCESS;
}

static ditto_acl_t **
default_slot(ditto__cfgbuild_t *b, ditto__cfgdefault_t def)
{
	ditto_acl_t **slot = def == DITTO__CFG_ANY    ? &b->any
	                     : def == DITTO__CFG_NONE ? &b->none
	                                              : &b->local;
	if (*slot == NULL) {
		ditto_acl_t *acl = NULL;
		ditto_result_t r;
		ditto_acl_create(NULL, &acl);
		if (def == DITTO__CFG_ANY) {
			r = ditto_acl_addany(acl, false);
		} else if (def == DITTO__CFG_NONE) {
			r = ditto_acl_addnone(acl, false);
		} else {
			r = ditto_acl_addlocalnets(acl, false);
			if (r == DITTO_R_SUCCESS) {
				r = ditto_acl_addlocalhost(acl, false);
			}
		}
		if (r == DITTO_R_SUCCESS) {
			r = ditto_acl_freeze(acl);
		}
		if (r != DITTO_R_SUCCESS) {
			ditto_acl_detach(&acl);
			fail(b, r, NULL, "default address match list");
		}
		*slot = acl;
	}
	return slot;
}

void
ditto__config_acl_set(ditto__cfgbuild_t *b, ditto_config_aml_t *out,
                      bool written, node_t *first,
                      const ditto_config_aml_t *parent, ditto__cfgdefault_t def)
{
	out->acl = NULL;
	if (b->result != DITTO_R_SUCCESS) {
		return;
	}
	if (written) {
		(void)compile(b, first, NULL, 0, &out->acl);
	} else if (parent != NULL && parent->acl != NULL) {
		ditto_acl_attach(parent->acl, &out->acl);
	} else {
		ditto_acl_t **slot = default_slot(b, def);
		if (*slot != NULL) {
			ditto_acl_attach(*slot, &out->acl);
		}
	}
	if (out->acl != NULL) {
		ditto__config_aclref(b->c, &out->acl);
	}
}

void
ditto__config_acl_end(ditto__cfgbuild_t *b)
{
	/* b->acls and c->acls both follow the acl statements in file order */
	ditto_config_aclnamed_t *cn = b->c->acls;
	bool soft = b->soft;
	b->soft = true; /* unused: named never expands them */
	for (size_t i = 0; i < b->nacls; i++) {
		ditto__cfgnamed_t *a = &b->acls[i];
		ditto_acl_t *acl = NULL;
		if (b->result == DITTO_R_SUCCESS &&
		    use_named(b, a->stmt, a->name, 0, &acl) ==
		            DITTO_R_SUCCESS &&
		    cn != NULL) {
			ditto_acl_attach(acl, &cn->list.acl);
			ditto__config_aclref(b->c, &cn->list.acl);
		}
		if (cn != NULL) {
			cn = cn->next;
		}
		ditto_acl_detach(&a->acl);
	}
	b->soft = soft;
	ditto_free(b->acls);
	b->acls = NULL;
	b->nacls = 0;
	ditto_acl_detach(&b->any);
	ditto_acl_detach(&b->none);
	ditto_acl_detach(&b->local);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks of named-checkconf: the driver, in named's order. */
/*
 * Runs after the clause pass, so every statement has its clause and every
 * value its syntax. Like named-checkconf it reports every problem, in the
 * order named does: the options block, logging, controls, remote-server
 * lists, http and tls, then each view (or the implicit default view) with
 * its zones, keys, servers, trust anchors and options, and last the ACL
 * definitions. The areas live in semantic_*.c; this file holds the driver
 * and the small helpers they share.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"
#include "util/mem.h"

/* ---- a string -> node hash map ---- */

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s != '\0'; s++) {
		h = (h ^ (uint8_t)tolower((unsigned char)*s)) *
		    1099511628211ull;
	}
	return h;
}

static ditto__semmap_ent_t *
slot(ditto__semmap_t *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->v[i].key != NULL && strcasecmp(m->v[i].key, key) != 0) {
		i = (i + 1) & (m->cap - 1);
	}
	return &m->v[i];
}

const ditto_cfg_node_t *
ditto__semmap_get(ditto__semmap_t *m, const char *key, int *tag)
{
	if (m->cap == 0) {
		return NULL;
	}
	ditto__semmap_ent_t *e = slot(m, key);
	if (e->key != NULL && tag != NULL) {
		*tag = e->tag;
	}
	return e->key != NULL ? e->node : NULL;
}

const ditto_cfg_node_t *
ditto__semmap_add(ditto__semmap_t *m, const char *key,
                  const ditto_cfg_node_t *node, int tag)
{
	if (m->n * 2 >= m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		ditto__semmap_t big = { ditto_calloc(cap, sizeof(*big.v)), cap,
			                0 };
		for (size_t i = 0; i < m->cap; i++) {
			if (m->v[i].key != NULL) {
				*slot(&big, m->v[i].key) = m->v[i];
				big.n++;
			}
		}
		ditto_free(m->v);
		*m = big;
	}
	ditto__semmap_ent_t *e = slot(m, key);
	if (e->key != NULL) {
		return e->node != NULL ? e->node : node;
	}
	e->key = ditto_strdup(key);
	e->node = node;
	e->tag = tag;
	m->n++;
	return NULL;
}

void
ditto__semmap_clear(ditto__semmap_t *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		ditto_free(m->v[i].key);
	}
	ditto_free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ---- helpers ---- */

const char *
ditto__sem_txt(const ditto_cfg_node_t *n)
{
	return n != NULL ? ditto_cfg_node_text(n) : "";
}

const ditto_cfg_node_t *
ditto__sem_body(const ditto_cfg_node_t *stmt)
{
	const ditto_cfg_node_t *b = ditto_cfg_block(stmt);
	return b != NULL ? b->child : NULL;
}

const ditto_cfg_node_t *
ditto__sem_get3(const ditto_cfg_node_t *a, const ditto_cfg_node_t *b,
                const ditto_cfg_node_t *c, const char *name)
{
	const ditto_cfg_node_t *r = a != NULL ? ditto_cfg_find(a, name) : NULL;
	if (r == NULL && b != NULL) {
		r = ditto_cfg_find(b, name);
	}
	if (r == NULL && c != NULL) {
		r = ditto_cfg_find(c, name);
	}
	return r;
}

static bool
name_wire(const char *s, uint8_t *wire)
{
	static const uint8_t root[1] = { 0 };
	size_t len = strlen(s);
	if (len == 0 || len > DITTO_NAME_MAXTEXT + 1) {
		return false;
	}
	return ditto_name_fromtext(s, len, root, wire, NULL, NULL) ==
	       DITTO_R_SUCCESS;
}

bool
ditto__sem_name_ok(const char *s)
{
	uint8_t wire[DITTO_NAME_MAXWIRE];
	return name_wire(s, wire);
}

bool
ditto__sem_name_canon(const char *s, char *buf, size_t size)
{
	uint8_t wire[DITTO_NAME_MAXWIRE];
	if (!name_wire(s, wire) ||
	    ditto_name_totext(wire, NULL, buf, size, NULL) != DITTO_R_SUCCESS) {
		return false;
	}
	for (char *p = buf; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
	}
	return true;
}

bool
ditto__sem_name_format(const char *s, char *buf, size_t size, bool downcase)
{
	uint8_t wire[DITTO_NAME_MAXWIRE];
	if (!name_wire(s, wire) ||
	    ditto_name_totext(wire, NULL, buf, size, NULL) != DITTO_R_SUCCESS) {
		return false;
	}
	size_t l = strlen(buf);
	if (l > 1 && buf[l - 1] == '.' && buf[l - 2] != '\\') {
		buf[l - 1] = '\0';
	}
	for (char *p = buf; downcase && *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
	}
	return true;
}

bool
ditto__sem_bool(const ditto_cfg_node_t *stmt, bool dflt)
{
	bool v = dflt;
	if (stmt != NULL &&
	    !ditto_cfg_value_boolean(ditto__sem_txt(ditto_cfg_arg(stmt, 1)),
	                             &v)) {
		v = dflt;
	}
	return v;
}

size_t
ditto__sem_count(const ditto_cfg_node_t *list)
{
	size_t n = 0;
	for (; list != NULL; list = list->next) {
		n += list->child != NULL;
	}
	return n;
}

/* ---- views ---- */

#ifndef DITTO_BIND_PLUGIN_DIR
/*! Where named looks for plugins given by a relative name. */
#define DITTO_BIND_PLUGIN_DIR "/usr/lib/x86_64-linux-gnu/bind"
#endif

/* named loads each plugin to check it; a missing file fails. */
static bool
plugins(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	bool ok = true;
	for (const ditto_cfg_node_t *p = list; p != NULL; p = p->next) {
		if (!ditto_cfg_is(p->child, "plugin")) {
			continue;
		}
		const char *lib = ditto__sem_txt(ditto_cfg_arg(p, 2));
		char full[4096];
		if (strchr(lib, '/') != NULL) {
			snprintf(full, sizeof(full), "%s", lib);
		} else {
			snprintf(full, sizeof(full), "%s/%s",
			         DITTO_BIND_PLUGIN_DIR, lib);
		}
		struct stat sb;
		if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			SEM_ERR(s, p, "%s: plugin check failed: failure", full);
			ok = false;
		}
	}
	return ok;
}

static bool
viewconf(ditto__sem_t *s, const ditto_cfg_node_t *vopts, const char *vname,
         const char *vclass)
{
	bool ok = true;
	ditto__semmap_t zones = { 0 }, keys = { 0 };
	const ditto_cfg_node_t *opts = vopts != NULL ? vopts : s->gopts;
	const ditto_cfg_node_t *zl = vopts != NULL ? vopts : s->root;
	if (vname != NULL && strcasecmp(vclass, "IN") != 0 &&
	    ditto__sem_bool(ditto__sem_get3(vopts, s->gopts, NULL, "recursion"),
	                    true)) {
		SEM_WARN(s, s->curview,
		         "recursion will be disabled for non-IN "
		         "view '%s'",
		         vname);
	}
	for (const ditto_cfg_node_t *z = zl; z != NULL; z = z->next) {
		if (ditto_cfg_is(z->child, "zone")) {
			ok &= ditto__sem_zone(s, z, vopts, vname, vclass,
			                      &zones);
		}
	}
	if (opts != NULL) {
		ok &= ditto__sem_rpz_catz(s, opts, vname, &zones);
		ok &= ditto__sem_forward(s, opts, NULL);
	}
	ditto__semmap_clear(&zones);
	if (s->gopts != NULL) {
		ok &= ditto__sem_nonzero(s, s->gopts);
	}
	if (vopts != NULL) {
		ok &= ditto__sem_nonzero(s, vopts);
	}
	if (opts != NULL) {
		ok &= ditto__sem_dual_stack(s, opts);
		ok &= ditto__sem_order(s, opts);
	}
	int kr = ditto__sem_keylist(s, s->root, &keys);
	if (kr == 0 && vopts != NULL) {
		kr = ditto__sem_keylist(s, vopts, &keys);
	}
	if (kr == 2) {
		ditto__semmap_clear(&keys);
		return false;
	}
	ok &= kr == 0;
	ok &= ditto__sem_servers(s, vopts, &keys);
	ditto__semmap_clear(&keys);
	ok &= ditto__sem_trust(s, vopts);
	if (vopts != NULL) {
		ok &= ditto__sem_options(s, vopts, SEM_LEVEL_VIEW);
	} else {
		ok &= ditto__sem_options(s, s->root, SEM_LEVEL_CONFIG);
	}
	ok &= ditto__sem_view_extra(s, vopts, vname);
	ok &= plugins(s, vopts != NULL ? vopts : s->root);
	return ok;
}

static const char *
view_class(const ditto_cfg_node_t *v)
{
	const ditto_cfg_node_t *cls = ditto_cfg_arg(v, 2);
	if (cls != NULL && cls->kind != DITTO_CFG_BLOCK) {
		return cls->text;
	}
	return "IN";
}

static bool
views(ditto__sem_t *s)
{
	bool ok = true;
	ditto__semmap_t seen = { 0 };
	for (const ditto_cfg_node_t *v = s->root; v != NULL; v = v->next) {
		if (!ditto_cfg_is(v->child, "view")) {
			continue;
		}
		const char *name = ditto__sem_txt(ditto_cfg_arg(v, 1));
		const char *cls = view_class(v);
		uint16_t c;
		if (ditto_rrclass_fromtext(cls, strlen(cls), &c) !=
		    DITTO_R_SUCCESS) {
			SEM_ERR(s, ditto_cfg_arg(v, 2),
			        "view '%s': invalid class %s", name, cls);
			ok = false;
			continue;
		}
		char key[1200];
		snprintf(key, sizeof(key), "%u/%s", c, name);
		const ditto_cfg_node_t *prev =
		        ditto__semmap_add(&seen, key, v, 0);
		if (prev != NULL) {
			SEM_ERR(s, v,
			        "view '%s': already exists previous "
			        "definition: %s:%u",
			        name, prev->file, prev->line);
			ok = false;
			continue;
		}
		if ((strcasecmp(name, "_bind") == 0 && c == 3) ||
		    (strcasecmp(name, "_default") == 0 && c == 1)) {
			SEM_ERR(s, v, "attempt to redefine builtin view '%s'",
			        name);
			ok = false;
		}
		s->curview = v;
		ok &= viewconf(s, ditto__sem_body(v), name, cls);
	}
	ditto__semmap_clear(&seen);
	return ok;
}

static bool
acl_defs(ditto__sem_t *s)
{
	static const char *const builtin[] = { "localhost", "localnets", "any",
		                               "none" };
	bool ok = true;
	for (const ditto_cfg_node_t *a = s->root; a != NULL; a = a->next) {
		if (!ditto_cfg_is(a->child, "acl")) {
			continue;
		}
		const char *name = ditto__sem_txt(ditto_cfg_arg(a, 1));
		for (size_t i = 0; i < 4; i++) {
			if (strcasecmp(name, builtin[i]) == 0) {
				SEM_ERR(s, a,
				        "attempt to redefine builtin acl "
				        "'%s'",
				        name);
				ok = false;
				break;
			}
		}
		for (const ditto_cfg_node_t *b = a->next; b != NULL;
		     b = b->next) {
			const char *n2 = ditto__sem_txt(ditto_cfg_arg(b, 1));
			if (ditto_cfg_is(b->child, "acl") &&
			    strcasecmp(name, n2) == 0) {
				SEM_ERR(s, b,
				        "attempt to redefine acl '%s' "
				        "previous definition: %s:%u",
				        n2, a->file, a->line);
				ok = false;
			}
		}
	}
	return ok;
}

void
ditto__cfg_semantic(ditto__cfg_check_t *c, ditto_cfg_node_t *root)
{
	ditto__sem_t s = { .c = c, .root = root, .dnsport = 53 };
	const ditto_cfg_node_t *o = ditto_cfg_find(root, "options");
	s.gopts = ditto__sem_body(o);
	ditto__sem_parselevel(&s);
	if (s.gopts != NULL) {
		(void)ditto__sem_options(&s, s.gopts, SEM_LEVEL_OPTIONS);
	}
	(void)ditto__sem_logging(&s);
	(void)ditto__sem_controls(&s);
	(void)ditto__sem_remote_lists(&s);
	(void)ditto__sem_http_tls(&s);
	bool have_views = ditto_cfg_find(root, "view") != NULL;
	if (have_views && s.gopts != NULL) {
		(void)ditto__sem_dual_stack(&s, s.gopts);
	}
	if (!have_views) {
		(void)viewconf(&s, NULL, NULL, "IN");
	} else {
		const ditto_cfg_node_t *z = ditto_cfg_find(root, "zone");
		if (z != NULL) {
			SEM_ERR(&s, z,
			        "when using 'view' statements, all zones "
			        "must be in views");
		}
		z = ditto_cfg_find(root, "plugin");
		if (z != NULL) {
			SEM_ERR(&s, z,
			        "when using 'view' statements, all plugins "
			        "must be defined in views");
		}
		(void)views(&s);
	}
	(void)acl_defs(&s);
	ditto__semmap_clear(&s.files);
	ditto__semmap_clear(&s.keydirs);
	ditto__semmap_clear(&s.inview);
}

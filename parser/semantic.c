/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks of named-checkconf: references, duplicates, zone rules. */
/*
 * Runs after the clause pass, so every statement has its clause and every
 * value its syntax. Unlike the clause pass it reports every problem.
 * Names are kept in a hash map (zones can number in the hundreds of
 * thousands): definitions of acl, key, primaries, tls, views, zones (per
 * view and class) and writeable zone files. Then every reference is
 * resolved: ACL names in address match lists, primaries lists and tls in
 * remote-server lists, keys of controls, channels of logging categories.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "dns/name.h"
#include "parser/check.h"
#include "parser/check_p.h"
#include "parser/clauses.h"
#include "parser/spec.h"
#include "parser/values.h"
#include "util/mem.h"

/* ---- a string -> node hash map ---- */

typedef struct ent {
	char *key;
	const ditto_cfg_node_t *node;
} ent_t;

typedef struct strmap {
	ent_t *v;
	size_t cap, n;
} strmap_t;

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

static ent_t *
slot(strmap_t *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->v[i].key != NULL && strcasecmp(m->v[i].key, key) != 0) {
		i = (i + 1) & (m->cap - 1);
	}
	return &m->v[i];
}

static const ditto_cfg_node_t *
map_get(strmap_t *m, const char *key)
{
	return m->cap == 0 ? NULL : slot(m, key)->node;
}

/* Insert; returns the previous node if the key exists (and keeps it). */
static const ditto_cfg_node_t *
map_add(strmap_t *m, const char *key, const ditto_cfg_node_t *node)
{
	if (m->n * 2 >= m->cap) {
		strmap_t big = { ditto_calloc(m->cap ? m->cap * 2 : 64,
			                      sizeof(ent_t)),
			         m->cap ? m->cap * 2 : 64, 0 };
		for (size_t i = 0; i < m->cap; i++) {
			if (m->v[i].key != NULL) {
				*slot(&big, m->v[i].key) = m->v[i];
				big.n++;
			}
		}
		ditto_free(m->v);
		*m = big;
	}
	ent_t *e = slot(m, key);
	if (e->key != NULL) {
		return e->node;
	}
	e->key = ditto_strdup(key);
	e->node = node;
	m->n++;
	return NULL;
}

static void
map_clear(strmap_t *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		ditto_free(m->v[i].key);
	}
	ditto_free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ---- state ---- */

typedef struct sem {
	ditto__cfg_check_t *c;
	strmap_t acls, keys, primaries, tls, views, zones, files, channels;
	bool have_views;
} sem_t;

#define ERR(s, at, ...) \
	ditto_cfg_diag((s)->c->p, DITTO_CFG_ERROR, at, __VA_ARGS__)
#define WARN(s, at, ...) \
	ditto_cfg_diag((s)->c->p, DITTO_CFG_WARNING, at, __VA_ARGS__)

static const char *
txt(const ditto_cfg_node_t *n)
{
	return n != NULL ? ditto_cfg_node_text(n) : "";
}

/* ---- definitions ---- */

static void
define(sem_t *s, strmap_t *m, const ditto_cfg_node_t *stmt, const char *what)
{
	const ditto_cfg_node_t *name = ditto_cfg_arg(stmt, 1);
	const ditto_cfg_node_t *prev = map_add(m, txt(name), stmt);
	if (prev == NULL) {
		return;
	}
	if (strcmp(what, "acl") == 0) {
		ERR(s, stmt,
		    "attempt to redefine acl '%s' previous "
		    "definition: %s:%u",
		    txt(name), prev->file, prev->line);
	} else if (strcmp(what, "primaries") == 0) {
		ERR(s, stmt,
		    "%s list '%s' is duplicated: also defined at "
		    "%s:%u",
		    txt(prev->child), txt(name), prev->file, prev->line);
	} else {
		ERR(s, stmt,
		    "%s '%s': already exists previous definition: "
		    "%s:%u",
		    what, txt(name), prev->file, prev->line);
	}
}

static bool
known_algorithm(const char *a, unsigned int *bits, unsigned int *digest)
{
	static const struct {
		const char *name;
		unsigned int bits;
	} algs[] = {
		{ "hmac-md5", 128 },    { "hmac-md5.sig-alg.reg.int", 128 },
		{ "hmac-sha1", 160 },   { "hmac-sha224", 224 },
		{ "hmac-sha256", 256 }, { "hmac-sha384", 384 },
		{ "hmac-sha512", 512 }
	};
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		size_t n = strlen(algs[i].name);
		if (strncasecmp(a, algs[i].name, n) != 0) {
			continue;
		}
		*bits = algs[i].bits;
		*digest = 0;
		if (a[n] == '\0') {
			return true;
		}
		uint32_t d;
		if (a[n] == '-' && ditto_cfg_value_uint32(a + n + 1, &d)) {
			*digest = d;
			return true;
		}
	}
	return false;
}

static void
check_key(sem_t *s, const ditto_cfg_node_t *stmt)
{
	const char *name = txt(ditto_cfg_arg(stmt, 1));
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *alg =
	        ditto_cfg_find(blk ? blk->child : NULL, "algorithm");
	const ditto_cfg_node_t *sec =
	        ditto_cfg_find(blk ? blk->child : NULL, "secret");
	if (alg == NULL || sec == NULL) {
		ERR(s, stmt,
		    "key '%s' must have both 'secret' and "
		    "'algorithm' defined",
		    name);
		return;
	}
	unsigned int bits, digest;
	const char *a = txt(ditto_cfg_arg(alg, 1));
	if (!known_algorithm(a, &bits, &digest)) {
		ERR(s, alg, "unknown algorithm '%s'", a);
		return;
	}
	if (digest != 0 && (digest > bits || digest % 8 != 0)) {
		ERR(s, alg, "key '%s' digest-bits out of range", name);
	} else if (digest != 0 && digest < 128 && digest < bits / 2) {
		WARN(s, alg, "key '%s' digest-bits too small [<128]", name);
	}
	uint32_t len;
	if (!ditto_cfg_value_base64(txt(ditto_cfg_arg(sec, 1)), &len)) {
		ERR(s, sec, "bad secret 'bad base64 encoding'");
	}
}

static void
collect(sem_t *s, const ditto_cfg_node_t *list, bool in_view)
{
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		const ditto_cfg_node_t *n = st->child;
		if (ditto_cfg_is(n, "acl") && !in_view) {
			define(s, &s->acls, st, "acl");
		} else if (ditto_cfg_is(n, "key")) {
			define(s, &s->keys, st, "key");
			check_key(s, st);
		} else if ((ditto_cfg_is(n, "primaries") ||
		            ditto_cfg_is(n, "masters")) &&
		           !in_view) {
			define(s, &s->primaries, st, "primaries");
		} else if (ditto_cfg_is(n, "tls") && !in_view) {
			define(s, &s->tls, st, "tls");
		} else if (ditto_cfg_is(n, "view")) {
			s->have_views = true;
			define(s, &s->views, st, "view");
		}
	}
}

/* ---- address match lists ---- */

static bool
builtin_acl(const char *n)
{
	return strcasecmp(n, "any") == 0 || strcasecmp(n, "none") == 0 ||
	       strcasecmp(n, "localhost") == 0 ||
	       strcasecmp(n, "localnets") == 0;
}

static void
check_ame_word(sem_t *s, const ditto_cfg_node_t *w)
{
	ditto_cfg_prefix_t pfx;
	switch (ditto_cfg_value_prefix(w->text, &pfx)) {
	case DITTO_CFG_PREFIX_OK:
		return;
	case DITTO_CFG_PREFIX_BADLEN:
		ERR(s, w, "invalid prefix length '%s'",
		    strchr(w->text, '/') + 1);
		return;
	case DITTO_CFG_PREFIX_MISMATCH:
		ERR(s, w, "'%s': address/prefix length mismatch '%s'", w->text,
		    strchr(w->text, '/') + 1);
		return;
	case DITTO_CFG_PREFIX_NOTADDR:
		break;
	}
	if (!builtin_acl(w->text) && map_get(&s->acls, w->text) == NULL) {
		ERR(s, w, "undefined ACL '%s'", w->text);
	}
}

/* ---- remote server lists (primaries, also-notify, parental-agents) ---- */

static bool
is_remote_list(const char *name)
{
	return strcasecmp(name, "primaries") == 0 ||
	       strcasecmp(name, "masters") == 0 ||
	       strcasecmp(name, "also-notify") == 0 ||
	       strcasecmp(name, "parental-agents") == 0 ||
	       strcasecmp(name, "default-primaries") == 0 ||
	       strcasecmp(name, "default-masters") == 0;
}

static void
check_remote(sem_t *s, const ditto_cfg_node_t *elem)
{
	for (const ditto_cfg_node_t *it = elem->child; it != NULL;
	     it = it->next) {
		if (it->vtype == DITTO_CFG_V_REMOTE &&
		    ditto_cfg_value_prefix(it->text,
		                           &(ditto_cfg_prefix_t){ 0 }) ==
		            DITTO_CFG_PREFIX_NOTADDR &&
		    map_get(&s->primaries, it->text) == NULL) {
			ERR(s, it, "unable to find primaries list '%s'",
			    it->text);
		}
		if (ditto_cfg_is(it, "tls") && it->next != NULL &&
		    !ditto_cfg_is(it->next, "ephemeral") &&
		    !ditto_cfg_is(it->next, "none") &&
		    map_get(&s->tls, txt(it->next)) == NULL) {
			ERR(s, it, "tls '%s' is not defined", txt(it->next));
		}
		if (it->vtype == DITTO_CFG_V_PORT) {
			uint32_t port;
			if (!ditto_cfg_value_uint32(it->text, &port) ||
			    port > 65535) {
				ERR(s, it,
				    "port number out of range near "
				    "'%s'",
				    it->text);
			}
		}
	}
}

/* Walk every item below a statement: ACL words, remote lists, ports. */
static void
check_refs(sem_t *s, const ditto_cfg_node_t *stmt, bool remote,
           unsigned int depth)
{
	if (depth > DITTO_CFG_MAXDEPTH + 2) {
		return;
	}
	bool rl = remote ||
	          (stmt->clause != NULL && is_remote_list(stmt->clause->name));
	if (remote) {
		check_remote(s, stmt);
	}
	for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
	     it = it->next) {
		if (it->vtype == DITTO_CFG_V_AMEWORD) {
			check_ame_word(s, it);
		} else if (it->kind == DITTO_CFG_BLOCK &&
		           it->vtype != DITTO_CFG_V_BLOCK) {
			for (const ditto_cfg_node_t *e = it->child; e != NULL;
			     e = e->next) {
				check_refs(s, e, rl && stmt->clause != NULL,
				           depth + 1);
			}
		} else if (it->kind == DITTO_CFG_BLOCK) {
			for (const ditto_cfg_node_t *e = it->child; e != NULL;
			     e = e->next) {
				check_refs(s, e, false, depth + 1);
			}
		}
	}
}

static void
check_netprefix(sem_t *s, const ditto_cfg_node_t *it)
{
	ditto_cfg_prefix_t pfx;
	const char *slash = strchr(it->text, '/');
	switch (ditto_cfg_value_prefix(it->text, &pfx)) {
	case DITTO_CFG_PREFIX_BADLEN:
		ERR(s, it, "invalid prefix length '%s'", slash + 1);
		break;
	case DITTO_CFG_PREFIX_MISMATCH:
		ERR(s, it, "'%s': address/prefix length mismatch '%s'",
		    it->text, slash + 1);
		break;
	default:
		break;
	}
}

/* Options whose value named limits beyond its syntax. */
static void
check_ranges(sem_t *s, const ditto_cfg_node_t *st)
{
	static const struct {
		const char *name;
		uint32_t lo, hi;
	} ranges[] = { { "min-cache-ttl", 0, 90 },
		       { "min-ncache-ttl", 0, 90 },
		       { "max-rsa-exponent-size", 35, 4096 } };
	const ditto_cfg_node_t *v = ditto_cfg_arg(st, 1);
	uint32_t n;
	if (st->clause == NULL || v == NULL ||
	    !ditto_cfg_value_duration(ditto_cfg_node_text(v), &n)) {
		return;
	}
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (strcmp(st->clause->name, ranges[i].name) == 0 &&
		    (n < ranges[i].lo || n > ranges[i].hi) &&
		    !(n == 0 && i == 2)) {
			ERR(s, st, "%s '%u' is out of range (%u..%u)",
			    ranges[i].name, n, ranges[i].lo, ranges[i].hi);
		}
	}
}

/* Rules between the options of one block (options, view, zone, server). */
static void
check_block_rules(sem_t *s, const ditto_cfg_node_t *list, bool zone_level)
{
	const ditto_cfg_node_t *fwd = ditto_cfg_find(list, "forward");
	if (fwd != NULL && ditto_cfg_find(list, "forwarders") == NULL) {
		ERR(s, fwd, "no matching 'forwarders' statement");
	}
	const ditto_cfg_node_t *ad = ditto_cfg_find(list, "auto-dnssec");
	if (ad != NULL && !zone_level &&
	    !ditto_cfg_is(ditto_cfg_arg(ad, 1), "off")) {
		ERR(s, ad,
		    "auto-dnssec may only be activated at the zone "
		    "level");
	}
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		check_ranges(s, st);
		uint32_t n;
		if (zone_level && ditto_cfg_is(st->child, "sig-signing-type") &&
		    ditto_cfg_value_uint32(txt(ditto_cfg_arg(st, 1)), &n) &&
		    (n < 65280 || n > 65535)) {
			ERR(s, st,
			    "sig-signing-type: %u out of range "
			    "[65280..65535]",
			    n);
		}
	}
}

static void
check_tls(sem_t *s, const ditto_cfg_node_t *stmt)
{
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *l = blk ? blk->child : NULL;
	if ((ditto_cfg_find(l, "cert-file") == NULL) !=
	    (ditto_cfg_find(l, "key-file") == NULL)) {
		ERR(s, stmt,
		    "tls '%s': 'cert-file' and 'key-file' must both "
		    "be specified, or both omitted",
		    txt(ditto_cfg_arg(stmt, 1)));
	}
}

static void
check_server(sem_t *s, const ditto_cfg_node_t *stmt)
{
	static const char *const v6only[] = { "notify-source-v6",
		                              "query-source-v6",
		                              "transfer-source-v6" };
	static const char *const v4only[] = { "notify-source", "query-source",
		                              "transfer-source" };
	ditto_cfg_prefix_t pfx;
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *a = ditto_cfg_arg(stmt, 1);
	char buf[80];
	if (blk == NULL || a == NULL ||
	    ditto_cfg_value_prefix(ditto_cfg_node_text(a), &pfx) !=
	            DITTO_CFG_PREFIX_OK) {
		return;
	}
	ditto_cfg_prefix_totext(&pfx, buf, sizeof(buf));
	for (size_t i = 0; i < 3; i++) {
		const char *bad = pfx.family == AF_INET ? v6only[i] : v4only[i];
		const ditto_cfg_node_t *o = ditto_cfg_find(blk->child, bad);
		if (o != NULL) {
			ERR(s, o, "server '%s': %s not legal", buf, bad);
		}
	}
}

/* Ports outside remote lists, and integers too big for 32 bits. */
static void
check_numbers(sem_t *s, const ditto_cfg_node_t *stmt, unsigned int depth)
{
	if (depth > DITTO_CFG_MAXDEPTH + 2) {
		return;
	}
	bool port_clause =
	        stmt->clause != NULL && strcmp(stmt->clause->name, "port") == 0;
	for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
	     it = it->next) {
		uint32_t v;
		if (it->kind == DITTO_CFG_BLOCK) {
			for (const ditto_cfg_node_t *e = it->child; e != NULL;
			     e = e->next) {
				check_numbers(s, e, depth + 1);
			}
			continue;
		}
		if (it->vtype == DITTO_CFG_V_NETPREFIX) {
			check_netprefix(s, it);
			continue;
		}
		bool is_int = it->vtype == DITTO_CFG_V_INTEGER ||
		              it->vtype == DITTO_CFG_V_PORT;
		if (is_int && !ditto_cfg_value_uint32(it->text, &v)) {
			ERR(s, it, "out of range ");
		} else if (port_clause && is_int && v > 65535) {
			ERR(s, it, "port '%s' out of range", it->text);
		} else if (it->vtype == DITTO_CFG_V_PORT && v > 65535 &&
		           !(stmt->clause != NULL &&
		             is_remote_list(stmt->clause->name))) {
			ERR(s, it, "port value '%s' is out of range", it->text);
		}
	}
}

/* ---- zones ---- */

typedef struct zctx {
	const char *view;      /* view name, "_default" for none */
	const char *viewclass; /* view class */
} zctx_t;

static uint32_t
zone_type_set(const char *t)
{
	static const struct {
		const char *name;
		uint32_t set;
	} types[] = {
		{ "primary", DITTO_CFG_SET_PRIMARY },
		{ "master", DITTO_CFG_SET_PRIMARY },
		{ "secondary", DITTO_CFG_SET_SECONDARY },
		{ "slave", DITTO_CFG_SET_SECONDARY },
		{ "mirror", DITTO_CFG_SET_MIRROR },
		{ "forward", DITTO_CFG_SET_FORWARD },
		{ "hint", DITTO_CFG_SET_HINT },
		{ "redirect", DITTO_CFG_SET_REDIRECT },
		{ "static-stub", DITTO_CFG_SET_STATIC_STUB },
		{ "stub", DITTO_CFG_SET_STUB },
		{ "delegation-only", DITTO_CFG_SET_DELEGATION_ONLY },
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcasecmp(types[i].name, t) == 0) {
			return types[i].set;
		}
	}
	return 0;
}

/* Canonical key text of a zone name: lower case, absolute. */
static bool
zone_key(const char *name, char *buf, size_t size)
{
	uint8_t wire[DITTO_NAME_MAXWIRE];
	size_t len = strlen(name);
	char tmp[DITTO_NAME_MAXTEXT + 2];
	if (len == 0 || len > DITTO_NAME_MAXTEXT) {
		return false;
	}
	memcpy(tmp, name, len);
	if (tmp[len - 1] != '.' || (len > 1 && tmp[len - 2] == '\\')) {
		tmp[len++] = '.';
	}
	if (ditto_name_fromtext(tmp, len, NULL, wire, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		return false;
	}
	if (ditto_name_totext(wire, NULL, buf, size, NULL) != DITTO_R_SUCCESS) {
		return false;
	}
	for (char *p = buf; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
	}
	return true;
}

static void
zone_placement(sem_t *s, const ditto_cfg_node_t *blk, uint32_t set,
               const char *type, const char *zname)
{
	for (const ditto_cfg_node_t *o = blk->child; o != NULL; o = o->next) {
		const char *on = txt(o->child);
		if (o->clause == NULL || strcasecmp(on, "type") == 0) {
			continue;
		}
		if (ditto_cfg_clause_find(on, set) == NULL) {
			ERR(s, o,
			    "option '%s' is not allowed in '%s' zone "
			    "'%s'",
			    on, type, zname);
		}
	}
}

static bool
writeable(uint32_t set, const ditto_cfg_node_t *list)
{
	if (set & (DITTO_CFG_SET_SECONDARY | DITTO_CFG_SET_MIRROR |
	           DITTO_CFG_SET_STUB)) {
		return true;
	}
	return (set & DITTO_CFG_SET_PRIMARY) &&
	       (ditto_cfg_find(list, "allow-update") != NULL ||
	        ditto_cfg_find(list, "update-policy") != NULL);
}

static void
zone_requirements(sem_t *s, const ditto_cfg_node_t *stmt,
                  const ditto_cfg_node_t *list, uint32_t set, const char *zname)
{
	const ditto_cfg_node_t *prim = ditto_cfg_find(list, "primaries");
	const ditto_cfg_node_t *mast = ditto_cfg_find(list, "masters");
	const ditto_cfg_node_t *file = ditto_cfg_find(list, "file");
	bool db = ditto_cfg_find(list, "dlz") != NULL ||
	          ditto_cfg_find(list, "database") != NULL;
	if (prim != NULL && mast != NULL) {
		ERR(s, stmt,
		    "'primaries' and 'masters' cannot both be used "
		    "in the same zone");
	}
	if ((set & (DITTO_CFG_SET_SECONDARY | DITTO_CFG_SET_STUB)) &&
	    prim == NULL && mast == NULL && !db) {
		ERR(s, stmt, "zone '%s': missing 'primaries' entry", zname);
	}
	bool inline_signing = false;
	const ditto_cfg_node_t *is = ditto_cfg_find(list, "inline-signing");
	if (is != NULL) {
		ditto_cfg_value_boolean(txt(ditto_cfg_arg(is, 1)),
		                        &inline_signing);
	}
	if (((set & (DITTO_CFG_SET_PRIMARY | DITTO_CFG_SET_HINT)) ||
	     ((set & DITTO_CFG_SET_SECONDARY) && inline_signing)) &&
	    file == NULL && !db) {
		ERR(s, stmt, "zone '%s': missing 'file' entry", zname);
	}
	if ((set & DITTO_CFG_SET_PRIMARY) &&
	    ditto_cfg_find(list, "allow-update") != NULL &&
	    ditto_cfg_find(list, "update-policy") != NULL) {
		ERR(s, stmt,
		    "zone '%s': 'allow-update' is ignored when "
		    "'update-policy' is present",
		    zname);
	}
	static const char *const need_inline[] = { "dnssec-dnskey-kskonly",
		                                   "dnssec-loadkeys-interval",
		                                   "update-check-ksk" };
	for (size_t i = 0;
	     (set & DITTO_CFG_SET_SECONDARY) && !inline_signing && i < 3; i++) {
		const ditto_cfg_node_t *o =
		        ditto_cfg_find(list, need_inline[i]);
		if (o != NULL) {
			ERR(s, o,
			    "%s: requires inline-signing when used in "
			    "secondary zone",
			    need_inline[i]);
		}
	}
	if (file != NULL && writeable(set, list)) {
		const char *fn = txt(ditto_cfg_arg(file, 1));
		const ditto_cfg_node_t *prev = map_add(&s->files, fn, file);
		if (prev != NULL) {
			ERR(s, file,
			    "writeable file '%s': already in use: "
			    "%s:%u",
			    fn, prev->file, prev->line);
		}
	}
}

static void
check_zone(sem_t *s, const ditto_cfg_node_t *stmt, const zctx_t *z)
{
	const char *zname = txt(ditto_cfg_arg(stmt, 1));
	const ditto_cfg_node_t *cls = ditto_cfg_arg(stmt, 2);
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *list = blk != NULL ? blk->child : NULL;
	char key[DITTO_NAME_MAXTEXT + 64], canon[DITTO_NAME_MAXTEXT + 1];
	const char *zclass = z->viewclass;
	if (cls != NULL && cls->kind != DITTO_CFG_BLOCK) {
		zclass = cls->text;
	}
	if (!zone_key(zname, canon, sizeof(canon))) {
		ERR(s, stmt, "zone '%s': is not a valid name", zname);
		return;
	}
	const ditto_cfg_node_t *tstmt = ditto_cfg_find(list, "type");
	const ditto_cfg_node_t *inview = ditto_cfg_find(list, "in-view");
	if (tstmt == NULL && inview == NULL) {
		ERR(s, stmt, "zone '%s': type not present", zname);
		return;
	}
	snprintf(key, sizeof(key), "%s/%s/%s", z->view, zclass, canon);
	const ditto_cfg_node_t *prev = map_add(&s->zones, key, stmt);
	if (prev != NULL) {
		size_t zl = strlen(zname);
		ERR(s, stmt,
		    "zone '%.*s': already exists previous definition: "
		    "%s:%u",
		    (int)(zl > 1 && zname[zl - 1] == '.' ? zl - 1 : zl), zname,
		    prev->file, prev->line);
	}
	if (tstmt == NULL) {
		return;
	}
	const char *type = txt(ditto_cfg_arg(tstmt, 1));
	uint32_t set = zone_type_set(type);
	if (set == DITTO_CFG_SET_DELEGATION_ONLY) {
		WARN(s, tstmt, "'type delegation-only' is deprecated");
	}
	zone_placement(s, blk, set, type, zname);
	check_block_rules(s, list, true);
	zone_requirements(s, stmt, list, set, zname);
}

static void
check_zones(sem_t *s, const ditto_cfg_node_t *list, const zctx_t *z)
{
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "zone")) {
			check_zone(s, st, z);
		}
	}
}

/* ---- controls and logging ---- */

static void
check_controls(sem_t *s, const ditto_cfg_node_t *stmt)
{
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	for (const ditto_cfg_node_t *e = blk ? blk->child : NULL; e != NULL;
	     e = e->next) {
		for (const ditto_cfg_node_t *it = e->child; it != NULL;
		     it = it->next) {
			if (!ditto_cfg_is(it, "keys") || it->next == NULL ||
			    it->next->kind != DITTO_CFG_BLOCK) {
				continue;
			}
			for (const ditto_cfg_node_t *k = it->next->child;
			     k != NULL; k = k->next) {
				if (map_get(&s->keys, txt(k->child)) == NULL) {
					ERR(s, k, "unknown key '%s'",
					    txt(k->child));
				}
			}
		}
	}
}

static void
check_channel(sem_t *s, const ditto_cfg_node_t *ch)
{
	const ditto_cfg_node_t *blk = ditto_cfg_block(ch);
	const ditto_cfg_node_t *l = blk ? blk->child : NULL;
	int dest = (ditto_cfg_find(l, "file") != NULL) +
	           (ditto_cfg_find(l, "syslog") != NULL) +
	           (ditto_cfg_find(l, "null") != NULL) +
	           (ditto_cfg_find(l, "stderr") != NULL);
	if (dest != 1) {
		ERR(s, ch,
		    "channel '%s': exactly one of file, syslog, null, "
		    "and stderr must be present",
		    txt(ditto_cfg_arg(ch, 1)));
	}
}

static void
check_logging(sem_t *s, const ditto_cfg_node_t *stmt)
{
	static const char *const builtin[] = { "default_syslog",
		                               "default_debug",
		                               "default_stderr", "null",
		                               "default_logfile" };
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *l = blk ? blk->child : NULL;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		map_add(&s->channels, builtin[i], stmt);
	}
	for (const ditto_cfg_node_t *e = l; e != NULL; e = e->next) {
		if (ditto_cfg_is(e->child, "channel")) {
			map_add(&s->channels, txt(ditto_cfg_arg(e, 1)), e);
			check_channel(s, e);
		}
	}
	for (const ditto_cfg_node_t *e = l; e != NULL; e = e->next) {
		const ditto_cfg_node_t *cb = ditto_cfg_block(e);
		if (!ditto_cfg_is(e->child, "category") || cb == NULL) {
			continue;
		}
		for (const ditto_cfg_node_t *c = cb->child; c != NULL;
		     c = c->next) {
			if (map_get(&s->channels, txt(c->child)) == NULL) {
				ERR(s, c, "undefined channel: '%s'",
				    txt(c->child));
			}
		}
	}
}

/* ---- driver ---- */

static void
check_view(sem_t *s, const ditto_cfg_node_t *stmt)
{
	const ditto_cfg_node_t *blk = ditto_cfg_block(stmt);
	const ditto_cfg_node_t *cls = ditto_cfg_arg(stmt, 2);
	zctx_t z = { txt(ditto_cfg_arg(stmt, 1)), "in" };
	if (cls != NULL && cls->kind != DITTO_CFG_BLOCK) {
		z.viewclass = cls->text;
	}
	strmap_t saved = s->keys;
	memset(&s->keys, 0, sizeof(s->keys));
	collect(s, blk ? blk->child : NULL, true);
	check_block_rules(s, blk ? blk->child : NULL, false);
	for (const ditto_cfg_node_t *st = blk ? blk->child : NULL; st != NULL;
	     st = st->next) {
		if (ditto_cfg_is(st->child, "server")) {
			check_server(s, st);
		}
	}
	check_zones(s, blk ? blk->child : NULL, &z);
	for (const ditto_cfg_node_t *st = blk ? blk->child : NULL; st != NULL;
	     st = st->next) {
		check_refs(s, st, false, 0);
	}
	map_clear(&s->keys);
	s->keys = saved;
}

void
ditto__cfg_semantic(ditto__cfg_check_t *c, ditto_cfg_node_t *root)
{
	sem_t s = { .c = c };
	collect(&s, root, false);
	zctx_t z = { "_default", "in" };
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "logging")) {
			check_logging(&s, st);
		}
	}
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "controls")) {
			check_controls(&s, st);
		}
	}
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "zone")) {
			continue;
		}
		if (s.have_views) {
			ERR(&s, st,
			    "when using 'view' statements, all zones "
			    "must be in views");
			continue;
		}
		check_zone(&s, st, &z);
		check_refs(&s, st, false, 0);
	}
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "view")) {
			check_view(&s, st);
		}
	}
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		check_numbers(&s, st, 0);
		if (ditto_cfg_is(st->child, "zone") ||
		    ditto_cfg_is(st->child, "view")) {
			continue;
		}
		check_refs(&s, st, false, 0);
		if (ditto_cfg_is(st->child, "server")) {
			check_server(&s, st);
		} else if (ditto_cfg_is(st->child, "tls")) {
			check_tls(&s, st);
		} else if (ditto_cfg_is(st->child, "options")) {
			const ditto_cfg_node_t *b = ditto_cfg_block(st);
			check_block_rules(&s, b ? b->child : NULL, false);
		}
	}
	map_clear(&s.acls);
	map_clear(&s.keys);
	map_clear(&s.primaries);
	map_clear(&s.tls);
	map_clear(&s.views);
	map_clear(&s.zones);
	map_clear(&s.files);
	map_clear(&s.channels);
}

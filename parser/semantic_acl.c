/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Address match lists expanded as named builds its ACLs. */
/*
 * named resolves an ACL only where it is used: the options it builds an
 * ACL for (listen-on, allow-query, match-clients, a zone's allow-transfer,
 * controls ...). Expansion follows named ACL references depth first and
 * stops at the first problem: an undefined name, a loop, a bad key name.
 */
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"

static bool expand(ditto__sem_t *s, const ditto_cfg_node_t *list, bool *none);

/*
 * geoip search types as named 9.18 built with GeoIP2 knows them: the
 * databases a `db` may name for it (bit per entry of dbs[]), and the
 * warning when another one is named. NULL what: not in GeoIP2.
 */
static const char *const dbs[] = { "country", "city", "isp", "asnum",
	                           "domain" };
static const struct {
	const char *type;
	unsigned int dbmask;
	const char *what;
} geotypes[] = {
	{ "country", 0x3, "for country search: ignored" },
	{ "continent", 0x3, "for continent search: ignored" },
	{ "region", 0x2, "for region/subdivision search: ignored" },
	{ "city", 0x2, "for a 'city'-only search type: ignoring" },
	{ "postal", 0x2, "for a 'city'-only search type: ignoring" },
	{ "postalcode", 0x2, "for a 'city'-only search type: ignoring" },
	{ "metro", 0x2, "for a 'city'-only search type: ignoring" },
	{ "metrocode", 0x2, "for a 'city'-only search type: ignoring" },
	{ "tz", 0x2, "for a 'city'-only search type: ignoring" },
	{ "timezone", 0x2, "for a 'city'-only search type: ignoring" },
	{ "isp", 0x4, "for an 'isp' search: ignoring" },
	{ "asnum", 0x8, "for an 'asnum' search: ignoring" },
	{ "org", 0x0, "for an 'org' search: ignoring" },
	{ "domain", 0x10, "for a 'domain' search: ignoring" },
};

/* `geoip [ db D ] TYPE VALUE` where an ACL is built (\a it: "geoip"). */
static bool
geoip(ditto__sem_t *s, const ditto_cfg_node_t *it)
{
	const ditto_cfg_node_t *db = NULL, *ty = it->next;
	if (ditto_cfg_is(ty, "db") && ty->next != NULL) {
		db = ty->next;
		ty = db->next;
	}
	if (ty == NULL || ty->next == NULL) {
		return true; /* the clause matcher refused it already */
	}
	unsigned int dbbit = 0;
	for (size_t i = 0; db != NULL && i < sizeof(dbs) / sizeof(*dbs); i++) {
		if (strcasecmp(db->text, dbs[i]) == 0) {
			dbbit = 1u << i;
		}
	}
	if (db != NULL && dbbit == 0) {
		SEM_ERR(s, it, "database '%s' is not defined for GeoIP2",
		        db->text);
		return false;
	}
	for (size_t i = 0; i < sizeof(geotypes) / sizeof(*geotypes); i++) {
		if (strcasecmp(ty->text, geotypes[i].type) != 0) {
			continue;
		}
		if (i == 0 && strlen(ty->next->text) == 3) {
			SEM_ERR(s, it,
			        "three-letter country codes are "
			        "unavailable in GeoIP2 databases");
			return false;
		}
		if (db != NULL && (geotypes[i].dbmask & dbbit) == 0) {
			SEM_WARN(s, it, "invalid database specified %s",
			         geotypes[i].what);
		}
		return true;
	}
	SEM_ERR(s, it, "type '%s' is unavailable in GeoIP2 databases",
	        ty->text);
	return false;
}

static const ditto_cfg_node_t *
find_acl(ditto__sem_t *s, const char *name)
{
	for (const ditto_cfg_node_t *a = s->root; a != NULL; a = a->next) {
		if (ditto_cfg_is(a->child, "acl") &&
		    strcasecmp(ditto__sem_txt(ditto_cfg_arg(a, 1)), name) ==
		            0) {
			return a;
		}
	}
	return NULL;
}

static bool
named_acl(ditto__sem_t *s, const ditto_cfg_node_t *w)
{
	const char *name = w->text;
	for (unsigned int i = 0; i < s->acldepth; i++) {
		if (strcasecmp(s->aclstack[i], name) == 0) {
			SEM_ERR(s, w, "acl loop detected: %s", name);
			return false;
		}
	}
	const ditto_cfg_node_t *def = find_acl(s, name);
	if (def == NULL) {
		SEM_ERR(s, w, "undefined ACL '%s'", name);
		return false;
	}
	if (s->acldepth >= sizeof(s->aclstack) / sizeof(s->aclstack[0])) {
		return true;
	}
	s->aclstack[s->acldepth++] = name;
	bool ok = expand(s, ditto__sem_body(def), NULL);
	s->acldepth--;
	return ok;
}

static bool
element(ditto__sem_t *s, const ditto_cfg_node_t *it, bool *none)
{
	bool neg = false;
	if (it != NULL && it->kind == DITTO_CFG_NOT) {
		neg = true;
		it = it->next;
	}
	if (it == NULL) {
		return true;
	}
	if (it->kind == DITTO_CFG_BLOCK) {
		*none = false;
		return expand(s, it->child, NULL);
	}
	if (ditto_cfg_is(it, "key") && it->next != NULL) {
		*none = false;
		if (!ditto__sem_name_ok(it->next->text)) {
			SEM_ERR(s, it->next,
			        "key name '%s' is not a valid domain name",
			        it->next->text);
			return false;
		}
		return true;
	}
	if (ditto_cfg_is(it, "geoip") && it->next != NULL) {
		*none = false;
		return geoip(s, it);
	}
	if (ditto_cfg_is(it, "none")) {
		return true;
	}
	if (ditto_cfg_is(it, "any") || ditto_cfg_is(it, "localhost") ||
	    ditto_cfg_is(it, "localnets")) {
		*none = *none && neg;
		return true;
	}
	ditto_cfg_prefix_t pfx;
	if (ditto_cfg_value_prefix(it->text, &pfx) !=
	    DITTO_CFG_PREFIX_NOTADDR) {
		*none = false;
		return true;
	}
	*none = false;
	return named_acl(s, it);
}

static bool
expand(ditto__sem_t *s, const ditto_cfg_node_t *list, bool *none)
{
	bool isnone = true;
	for (const ditto_cfg_node_t *e = list; e != NULL; e = e->next) {
		if (e->child != NULL && !element(s, e->child, &isnone)) {
			return false;
		}
	}
	if (none != NULL) {
		*none = isnone;
	}
	return true;
}

bool
ditto__sem_acl(ditto__sem_t *s, const ditto_cfg_node_t *stmt, bool *none)
{
	const ditto_cfg_node_t *b = ditto_cfg_block(stmt);
	s->acldepth = 0;
	return expand(s, b != NULL ? b->child : NULL, none);
}

bool
ditto__sem_checkacl(ditto__sem_t *s, const char *name,
                    const ditto_cfg_node_t *z, const ditto_cfg_node_t *v)
{
	const ditto_cfg_node_t *st = ditto__sem_get3(z, v, s->gopts, name);
	if (st == NULL) {
		return true;
	}
	return ditto__sem_acl(s, st, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks of one zone statement, in named's order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "dns/rrtype.h"
#include "parser/check.h"
#include "parser/clauses.h"
#include "parser/semantic_p.h"
#include "parser/values.h"

#define TXT        ditto__sem_txt
#define ARG(st, i) ditto_cfg_arg(st, i)

enum {
	Z_PRIMARY = 1,
	Z_SECONDARY,
	Z_MIRROR,
	Z_STUB,
	Z_STATICSTUB,
	Z_FORWARD,
	Z_HINT,
	Z_DELEGATION,
	Z_REDIRECT,
	Z_INVIEW
};

typedef struct zone {
	const ditto_cfg_node_t *stmt, *z, *v; /* statement, zone, view opts */
	const char *name, *typestr, *viewname;
	int type;
	bool root, rfc1918, ula, named_ok;
	bool has_kasp, ddns;
	const char *kasp;
} zone_t;

static int
ztype(const char *t)
{
	static const struct {
		const char *n;
		int t;
	} m[] = { { "primary", Z_PRIMARY },
		  { "master", Z_PRIMARY },
		  { "secondary", Z_SECONDARY },
		  { "slave", Z_SECONDARY },
		  { "mirror", Z_MIRROR },
		  { "stub", Z_STUB },
		  { "static-stub", Z_STATICSTUB },
		  { "forward", Z_FORWARD },
		  { "hint", Z_HINT },
		  { "delegation-only", Z_DELEGATION },
		  { "redirect", Z_REDIRECT } };
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		if (strcasecmp(m[i].n, t) == 0) {
			return m[i].t;
		}
	}
	return 0;
}

static uint32_t
zset(int t)
{
	static const uint32_t sets[] = {
		0,
		DITTO_CFG_SET_PRIMARY,
		DITTO_CFG_SET_SECONDARY,
		DITTO_CFG_SET_MIRROR,
		DITTO_CFG_SET_STUB,
		DITTO_CFG_SET_STATIC_STUB,
		DITTO_CFG_SET_FORWARD,
		DITTO_CFG_SET_HINT,
		DITTO_CFG_SET_DELEGATION_ONLY,
		DITTO_CFG_SET_REDIRECT,
		DITTO_CFG_SET_IN_VIEW,
	};
	return sets[t];
}

/* ---- remote server lists ---- */

static const ditto_cfg_node_t *
remote_def(ditto__sem_t *s, const char *list, const char *name)
{
	for (const ditto_cfg_node_t *d = s->root; d != NULL; d = d->next) {
		bool kind = strcmp(list, "primaries") == 0
		                    ? (ditto_cfg_is(d->child, "primaries") ||
		                       ditto_cfg_is(d->child, "masters"))
		                    : ditto_cfg_is(d->child, list);
		if (kind && strcasecmp(TXT(ARG(d, 1)), name) == 0) {
			return d;
		}
	}
	return NULL;
}

static const ditto_cfg_node_t *
after(const ditto_cfg_node_t *first, const char *word)
{
	for (const ditto_cfg_node_t *it = first; it != NULL; it = it->next) {
		if (it->kind == DITTO_CFG_WORD && ditto_cfg_is(it, word)) {
			return it->next;
		}
	}
	return NULL;
}

static bool
tls_defined(ditto__sem_t *s, const char *name)
{
	for (const ditto_cfg_node_t *d = s->root; d != NULL; d = d->next) {
		if (ditto_cfg_is(d->child, "tls") &&
		    strcasecmp(TXT(ARG(d, 1)), name) == 0) {
			return true;
		}
	}
	return false;
}

static bool
remotes_walk(ditto__sem_t *s, const char *list, const ditto_cfg_node_t *stmt,
             ditto__semmap_t *seen, unsigned int *count, unsigned int depth)
{
	bool ok = true;
	if (depth > 64) {
		return true;
	}
	for (const ditto_cfg_node_t *e = ditto__sem_body(stmt); e != NULL;
	     e = e->next) {
		const ditto_cfg_node_t *a = e->child;
		if (a == NULL) {
			continue;
		}
		const ditto_cfg_node_t *key = after(a->next, "key");
		const ditto_cfg_node_t *tls = after(a->next, "tls");
		ditto_cfg_prefix_t p;
		if (ditto_cfg_value_prefix(a->text, &p) ==
		    DITTO_CFG_PREFIX_OK) {
			(*count)++;
			if (key != NULL && !ditto__sem_name_ok(key->text)) {
				SEM_ERR(s, key, "'%s' is not a valid name",
				        key->text);
				ok = false;
			}
			if (tls != NULL && !ditto__sem_name_ok(tls->text)) {
				SEM_ERR(s, tls, "'%s' is not a valid name",
				        tls->text);
				ok = false;
			} else if (tls != NULL &&
			           !ditto_cfg_is(tls, "ephemeral") &&
			           !ditto_cfg_is(tls, "none") &&
			           !tls_defined(s, tls->text)) {
				SEM_ERR(s, tls, "tls '%s' is not defined",
				        tls->text);
				ok = false;
			}
			continue;
		}
		if (key != NULL) {
			SEM_ERR(s, key, "unexpected token '%s'", key->text);
			ok = false;
		}
		if (tls != NULL) {
			SEM_ERR(s, key != NULL ? key : tls,
			        "unexpected token '%s'", tls->text);
			ok = false;
		}
		if (ditto__semmap_add(seen, a->text, a, 0) != NULL) {
			continue;
		}
		const ditto_cfg_node_t *def = remote_def(s, list, a->text);
		if (def == NULL) {
			SEM_ERR(s, a, "unable to find %s list '%s'", list,
			        a->text);
			ok = false;
			continue;
		}
		ok &= remotes_walk(s, list, def, seen, count, depth + 1);
	}
	return ok;
}

bool
ditto__sem_remotes(ditto__sem_t *s, const char *list,
                   const ditto_cfg_node_t *stmt, unsigned int *count)
{
	ditto__semmap_t seen = { 0 };
	*count = 0;
	bool ok = remotes_walk(s, list, stmt, &seen, count, 0);
	ditto__semmap_clear(&seen);
	return ok;
}

/* ---- pieces of the zone check ---- */

static bool
zone_name(ditto__sem_t *s, zone_t *z, const char *vclass,
          ditto__semmap_t *zones, const char *target)
{
	char fmt[1100], key[1300];
	if (!ditto__sem_name_format(z->name, fmt, sizeof(fmt), true)) {
		SEM_ERR(s, z->stmt, "zone '%s': is not a valid name", z->name);
		return false;
	}
	z->named_ok = true;
	int tag = z->type == Z_HINT ? 1 : z->type == Z_REDIRECT ? 2 : 3;
	char canon[1100];
	(void)ditto__sem_name_canon(z->name, canon, sizeof(canon));
	snprintf(key, sizeof(key), "%d/%s", tag, canon);
	const ditto_cfg_node_t *prev =
	        ditto__semmap_add(zones, key, z->stmt, tag);
	bool ok = true;
	if (prev != NULL) {
		SEM_ERR(s, z->stmt,
		        "zone '%s': already exists previous definition: %s:%u",
		        fmt, prev->file, prev->line);
		ok = false;
	}
	z->root = strcmp(canon, ".") == 0;
	size_t cl = strlen(canon);
	static const char *const r1918[] = { "10.in-addr.arpa.",
		                             "168.192.in-addr.arpa." };
	for (size_t i = 0; i < 2; i++) {
		z->rfc1918 |= strcmp(canon, r1918[i]) == 0;
	}
	for (int i = 16; i <= 31; i++) {
		char b[40];
		snprintf(b, sizeof(b), "%d.172.in-addr.arpa.", i);
		z->rfc1918 |= strcmp(canon, b) == 0;
	}
	z->ula = cl >= 12 && (strcmp(canon, "c.f.ip6.arpa.") == 0 ||
	                      strcmp(canon, "d.f.ip6.arpa.") == 0);
	uint16_t c = 1;
	if (ditto_rrclass_fromtext(vclass, strlen(vclass), &c) !=
	    DITTO_R_SUCCESS) {
		c = 1;
	}
	snprintf(key, sizeof(key), "%s/%u/%s", canon, c,
	         z->type == Z_INVIEW   ? target
	         : z->viewname != NULL ? z->viewname
	                               : "_default");
	if (z->type == Z_INVIEW) {
		if (ditto__semmap_get(&s->inview, key, NULL) == NULL) {
			SEM_ERR(s, ditto_cfg_find(z->z, "in-view"),
			        "'in-view' zone '%s' does not exist in view "
			        "'%s', or view '%s' is not yet defined",
			        z->name, target, target);
			ok = false;
		}
	} else if (z->type != Z_FORWARD && z->type != Z_REDIRECT &&
	           z->type != Z_DELEGATION) {
		(void)ditto__semmap_add(&s->inview, key, z->stmt, 0);
	}
	return ok;
}

static bool
zone_kasp(ditto__sem_t *s, zone_t *z)
{
	const ditto_cfg_node_t *st =
	        ditto__sem_get3(z->z, z->v, s->gopts, "dnssec-policy");
	if (st == NULL || ditto_cfg_block(st) != NULL) {
		return true;
	}
	z->kasp = TXT(ARG(st, 1));
	if (strcmp(z->kasp, "default") == 0 ||
	    strcmp(z->kasp, "insecure") == 0) {
		z->has_kasp = true;
	} else if (strcmp(z->kasp, "none") != 0) {
		for (const ditto_cfg_node_t *d = s->root; d != NULL;
		     d = d->next) {
			if (ditto_cfg_is(d->child, "dnssec-policy") &&
			    strcmp(TXT(ARG(d, 1)), z->kasp) == 0) {
				z->has_kasp = true;
			}
		}
		if (!z->has_kasp) {
			SEM_ERR(s, z->stmt,
			        "zone '%s': option 'dnssec-policy %s' has no "
			        "matching dnssec-policy config",
			        z->name, z->kasp);
			return false;
		}
	}
	if (z->has_kasp &&
	    ditto__sem_get3(z->z, z->v, s->gopts, "max-zone-ttl") != NULL) {
		SEM_WARN(s, z->stmt,
		         "zone '%s': option 'max-zone-ttl' is ignored when "
		         "used together with 'dnssec-policy'",
		         z->name);
	}
	return true;
}

static bool
zone_placement(ditto__sem_t *s, const zone_t *z)
{
	bool ok = true;
	for (const ditto_cfg_node_t *o = z->z; o != NULL; o = o->next) {
		const char *on = TXT(o->child);
		if (o->clause == NULL || strcasecmp(on, "type") == 0) {
			continue;
		}
		if (ditto_cfg_clause_find(on, zset(z->type)) == NULL) {
			SEM_ERR(s, o,
			        "option '%s' is not allowed in '%s' zone "
			        "'%s'",
			        on, z->typestr, z->name);
			ok = false;
		}
	}
	return ok;
}

static bool
zone_notify(ditto__sem_t *s, const zone_t *z)
{
	bool ok = true;
	const ditto_cfg_node_t *n = ditto_cfg_find(z->z, "notify");
	if (z->type == Z_MIRROR && n != NULL &&
	    !ditto_cfg_is(ARG(n, 1), "explicit") && ditto__sem_bool(n, true)) {
		SEM_ERR(s, z->stmt,
		        "zone '%s': mirror zones can only be used with "
		        "'notify no;' or 'notify explicit;'",
		        z->name);
		ok = false;
	}
	if (z->type != Z_PRIMARY && z->type != Z_SECONDARY &&
	    z->type != Z_MIRROR) {
		return ok;
	}
	bool donotify = true;
	n = ditto__sem_get3(z->z, z->v, s->gopts, "notify");
	if (n != NULL) {
		const char *v = TXT(ARG(n, 1));
		bool b;
		if (ditto_cfg_value_boolean(v, &b)) {
			donotify = b;
		} else if (z->type != Z_PRIMARY &&
		           (strcasecmp(v, "master-only") == 0 ||
		            strcasecmp(v, "primary-only") == 0)) {
			donotify = false;
		}
	}
	const ditto_cfg_node_t *an = ditto_cfg_find(z->z, "also-notify");
	if (an != NULL && !donotify) {
		SEM_WARN(s, z->stmt,
		         "zone '%s': 'also-notify' set but 'notify' is "
		         "disabled",
		         z->name);
	}
	an = ditto__sem_get3(z->z, z->v, s->gopts, "also-notify");
	if (an != NULL && donotify) {
		unsigned int count;
		ok &= ditto__sem_remotes(s, "primaries", an, &count);
	}
	return ok;
}

static bool
zone_primaries(ditto__sem_t *s, const zone_t *z)
{
	if (!(z->type == Z_SECONDARY || z->type == Z_STUB ||
	      (z->type == Z_MIRROR && z->named_ok && !z->root))) {
		return true;
	}
	bool ok = true;
	const ditto_cfg_node_t *p = ditto_cfg_find(z->z, "primaries");
	const ditto_cfg_node_t *m = ditto_cfg_find(z->z, "masters");
	if (p != NULL && m != NULL) {
		SEM_ERR(s, p,
		        "'primaries' and 'masters' cannot both be used in the "
		        "same zone");
		ok = false;
	}
	if (p == NULL) {
		p = m;
	}
	if (p == NULL) {
		SEM_ERR(s, z->stmt, "zone '%s': missing 'primaries' entry",
		        z->name);
		return false;
	}
	unsigned int count;
	bool r = ditto__sem_remotes(s, "primaries", p, &count);
	if (r && count == 0) {
		SEM_ERR(s, z->stmt, "zone '%s': empty 'primaries' entry",
		        z->name);
		ok = false;
	}
	return ok && r;
}

static bool
zone_sources(ditto__sem_t *s, const zone_t *z)
{
	static const char *const src[] = {
		"transfer-source",  "transfer-source-v6", "notify-source",
		"notify-source-v6", "parental-source",    "parental-source-v6",
	};
	bool ok = ditto__sem_source_ports(s, z->z, s->gopts, src, 6);
	if (z->type == Z_PRIMARY || z->type == Z_SECONDARY) {
		const ditto_cfg_node_t *pa =
		        ditto_cfg_find(z->z, "parental-agents");
		unsigned int count;
		if (pa != NULL) {
			bool r = ditto__sem_remotes(s, "parental-agents", pa,
			                            &count);
			if (r && count == 0) {
				SEM_ERR(s, z->stmt,
				        "zone '%s': empty 'parental-agents' "
				        "entry",
				        z->name);
				ok = false;
			}
			ok &= r;
		}
	}
	return ok;
}

static bool
recursion_on(ditto__sem_t *s, const zone_t *z)
{
	const ditto_cfg_node_t *r =
	        ditto__sem_get3(z->v, s->gopts, NULL, "recursion");
	if (r != NULL && !ditto__sem_bool(r, true)) {
		return false;
	}
	const ditto_cfg_node_t *a =
	        ditto__sem_get3(z->v, s->gopts, NULL, "allow-recursion");
	bool none = false;
	if (a != NULL && ditto__sem_acl(s, a, &none)) {
		return !none;
	}
	return true;
}

/* ---- update-policy ---- */

static const char *const mtypes[] = {
	"name",
	"subdomain",
	"zonesub",
	"wildcard",
	"self",
	"selfsub",
	"selfwild",
	"ms-self",
	"ms-selfsub",
	"ms-subdomain",
	"ms-subdomain-self-rhs",
	"krb5-self",
	"krb5-selfsub",
	"krb5-subdomain",
	"krb5-subdomain-self-rhs",
	"tcp-self",
	"6to4-self",
	"external",
	"local",
};

static bool
upd_types(ditto__sem_t *s, const ditto_cfg_node_t *it)
{
	bool ok = true;
	for (; it != NULL; it = it->next) {
		char buf[300];
		snprintf(buf, sizeof(buf), "%s", it->text);
		char *br = strchr(buf, '(');
		if (br != NULL) {
			char *end = NULL;
			unsigned long max = strtoul(br + 1, &end, 10);
			if (max > 0xffff || end == br + 1 || end[0] != ')' ||
			    end[1] != '\0') {
				SEM_ERR(s, it, "'%s' is not a valid count",
				        strchr(it->text, '('));
				ok = false;
			}
			*br = '\0';
		}
		uint16_t t;
		if (ditto_rrtype_fromtext(buf, strlen(buf), &t) !=
		    DITTO_R_SUCCESS) {
			SEM_ERR(s, it, "'%s' is not a valid type", buf);
			ok = false;
		}
	}
	return ok;
}

static bool
upd_rule(ditto__sem_t *s, const ditto_cfg_node_t *e)
{
	const ditto_cfg_node_t *id = ARG(e, 1), *mt = ARG(e, 2);
	const ditto_cfg_node_t *nm = ARG(e, 3);
	size_t m;
	for (m = 0; m < sizeof(mtypes) / sizeof(mtypes[0]); m++) {
		if (strcasecmp(mtypes[m], TXT(mt)) == 0) {
			break;
		}
	}
	bool ok = true;
	if (m == sizeof(mtypes) / sizeof(mtypes[0])) {
		SEM_ERR(s, id, "has a bad match-type");
		return false;
	}
	const char *mts = mtypes[m];
	bool noname = strcmp(mts, "zonesub") == 0;
	const ditto_cfg_node_t *types = noname ? nm : (nm ? nm->next : NULL);
	const char *str = noname ? "." : TXT(nm);
	if (!ditto__sem_name_ok(TXT(id))) {
		SEM_ERR(s, id, "'%s' is not a valid name", TXT(id));
		return false;
	}
	if (!noname && nm == NULL) {
		return ok;
	}
	if (!ditto__sem_name_ok(str)) {
		SEM_ERR(s, nm, "'%s' is not a valid name", str);
		return false;
	}
	if (strcmp(mts, "wildcard") == 0 && strncmp(str, "*", 1) != 0) {
		SEM_ERR(s, id, "'%s' is not a wildcard", str);
		ok = false;
	}
	char a[1100], b[1100];
	if (strcmp(mts, "self") == 0 || strcmp(mts, "selfsub") == 0 ||
	    strcmp(mts, "selfwild") == 0) {
		if (ditto__sem_name_canon(TXT(id), a, sizeof(a)) &&
		    ditto__sem_name_canon(str, b, sizeof(b)) &&
		    strcmp(a, b) != 0 && strcmp(b, ".") != 0) {
			SEM_ERR(s, id,
			        "identity and name fields are not the "
			        "same");
			ok = false;
		}
	} else if (strstr(mts, "self") != NULL) {
		if (ditto__sem_name_canon(str, b, sizeof(b)) &&
		    strcmp(b, ".") != 0) {
			SEM_ERR(s, id,
			        "name field not set to placeholder value "
			        "'.'");
			ok = false;
		}
	} else {
		uint16_t t;
		if (!noname && ditto_rrtype_fromtext(str, strlen(str), &t) ==
		                       DITTO_R_SUCCESS) {
			SEM_ERR(s, id, "missing name field type '%s' found",
			        str);
			return false;
		}
	}
	return upd_types(s, types) && ok;
}

static bool
update_policy(ditto__sem_t *s, const ditto_cfg_node_t *up)
{
	bool ok = true;
	for (const ditto_cfg_node_t *e = ditto__sem_body(up); e != NULL;
	     e = e->next) {
		if (e->child != NULL) {
			ok &= upd_rule(s, e);
		}
	}
	return ok;
}

/* ---- dynamic updates, inline signing, dnssec-policy ---- */

static bool
zone_dnssec(ditto__sem_t *s, zone_t *z)
{
	if (z->type != Z_PRIMARY && z->type != Z_SECONDARY) {
		return true;
	}
	bool ok = true;
	const ditto_cfg_node_t *au = ditto_cfg_find(z->z, "allow-update");
	const ditto_cfg_node_t *up = ditto_cfg_find(z->z, "update-policy");
	if (au != NULL && up != NULL) {
		SEM_ERR(s, up,
		        "zone '%s': 'allow-update' is ignored when "
		        "'update-policy' is present",
		        z->name);
		ok = false;
	} else if (up != NULL) {
		ok &= update_policy(s, up);
	}
	if (au == NULL) {
		au = ditto__sem_get3(z->v, s->gopts, NULL, "allow-update");
	}
	if (up != NULL) {
		z->ddns = true;
	} else if (au != NULL) {
		bool none = false;
		if (ditto__sem_acl(s, au, &none)) {
			z->ddns = !none;
		}
	}
	const ditto_cfg_node_t *is = ditto_cfg_find(z->z, "inline-signing");
	bool signing = ditto__sem_bool(is, false);
	if (z->has_kasp && !signing) {
		if (z->type == Z_SECONDARY || !z->ddns) {
			SEM_ERR(s, is != NULL ? is : z->stmt,
			        "'inline-signing yes;' must also be configured "
			        "explicitly for zones using dnssec-policy%s. "
			        "See https://kb.isc.org/docs/"
			        "dnssec-policy-requires-dynamic-dns-or-inline-"
			        "signing",
			        z->type == Z_PRIMARY ? " without a configured "
			                               "'allow-update' "
			                               "or 'update-policy'"
			                             : "");
			ok = false;
		} else if (is == NULL) {
			SEM_WARN(
			        s, z->stmt,
			        "'inline-signing' default changed to 'yes' in "
			        "9.20. Before upgrading, explicitly set "
			        "'inline-signing no;' to your dnssec-policy or "
			        "zone configuration");
		}
	}
	const ditto_cfg_node_t *ad = ditto_cfg_find(z->z, "auto-dnssec");
	const char *arg = ad != NULL ? TXT(ARG(ad, 1)) : "off";
	if (strcasecmp(arg, "off") != 0) {
		SEM_WARN(s, ad,
		         "'auto-dnssec' option is deprecated and will be "
		         "removed in BIND 9.19. Please migrate to "
		         "dnssec-policy");
		if (!z->ddns && !signing) {
			SEM_ERR(s, ad,
			        "'auto-dnssec %s;' requires%s inline-signing "
			        "to "
			        "be configured for the zone",
			        arg,
			        z->type == Z_PRIMARY ? " dynamic DNS or" : "");
			ok = false;
		}
		if (z->has_kasp) {
			SEM_ERR(s, ad,
			        "'auto-dnssec %s;' cannot be configured if "
			        "dnssec-policy is also set",
			        arg);
			ok = false;
		}
	}
	const ditto_cfg_node_t *st = ditto_cfg_find(z->z, "sig-signing-type");
	uint32_t v;
	if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &v) &&
	    (v < 0xff00u || v > 0xffffu)) {
		SEM_ERR(s, st, "sig-signing-type: %u out of range [%u..%u]", v,
		        0xff00u, 0xffffu);
		ok = false;
	}
	static const struct {
		const char *name;
		bool need_inline, no_kasp;
	} r[] = { { "dnssec-dnskey-kskonly", true, true },
		  { "dnssec-secure-to-insecure", false, true },
		  { "dnssec-loadkeys-interval", true, false },
		  { "update-check-ksk", true, true },
		  { "dnssec-update-mode", false, true } };
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		st = ditto_cfg_find(z->z, r[i].name);
		if (st == NULL) {
			continue;
		}
		if (r[i].need_inline && z->type == Z_SECONDARY && !signing) {
			SEM_ERR(s, st,
			        "%s: requires inline-signing when used in "
			        "secondary zone",
			        r[i].name);
			ok = false;
		}
		if (r[i].no_kasp && z->has_kasp) {
			SEM_ERR(s, st,
			        "%s: cannot be configured if dnssec-policy is "
			        "also set",
			        r[i].name);
			ok = false;
		}
	}
	return ok;
}

static bool
zone_dialup(ditto__sem_t *s, const zone_t *z)
{
	static const struct {
		const char *name;
		unsigned int allowed;
	} d[] = { { "notify", (1u << Z_PRIMARY) | (1u << Z_SECONDARY) },
		  { "notify-passive", 1u << Z_SECONDARY },
		  { "passive", (1u << Z_SECONDARY) | (1u << Z_STUB) },
		  { "refresh", (1u << Z_SECONDARY) | (1u << Z_STUB) } };
	const ditto_cfg_node_t *st = ditto_cfg_find(z->z, "dialup");
	bool b;
	if ((z->type != Z_PRIMARY && z->type != Z_SECONDARY &&
	     z->type != Z_STUB) ||
	    st == NULL || ditto_cfg_value_boolean(TXT(ARG(st, 1)), &b)) {
		return true;
	}
	const char *v = TXT(ARG(st, 1));
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(d[i].name, v) != 0) {
			continue;
		}
		if ((d[i].allowed & (1u << z->type)) == 0) {
			SEM_ERR(s, st,
			        "dialup type '%s' is not allowed in '%s' zone "
			        "'%s'",
			        v, z->typestr, z->name);
			return false;
		}
		return true;
	}
	SEM_ERR(s, st, "invalid dialup type '%s' in zone '%s'", v, z->name);
	return false;
}

static bool
zone_forward(ditto__sem_t *s, const zone_t *z)
{
	const ditto_cfg_node_t *g = NULL;
	if (z->root) {
		g = ditto__sem_get3(z->v, s->gopts, NULL, "forwarders");
	}
	bool ok = ditto__sem_forward(s, z->z, g);
	if (z->type == Z_FORWARD && (z->rfc1918 || z->ula) &&
	    ditto_cfg_find(z->z, "forward") == NULL) {
		const ditto_cfg_node_t *f =
		        ditto__sem_get3(z->v, s->gopts, NULL, "forward");
		if (f == NULL || ditto_cfg_is(ARG(f, 1), "first")) {
			SEM_WARN(
			        s, z->stmt,
			        "inherited 'forward first;' for %s zone '%s' - "
			        "did you want 'forward only;'?",
			        z->rfc1918 ? "rfc1918" : "ula", z->name);
		}
	}
	return ok;
}

static bool
zone_staticstub(ditto__sem_t *s, const zone_t *z)
{
	if (z->type != Z_STATICSTUB) {
		return true;
	}
	bool ok = true;
	const ditto_cfg_node_t *st = ditto_cfg_find(z->z, "server-addresses");
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		if (e->child != NULL && strchr(TXT(e->child), '%') != NULL) {
			SEM_ERR(s, e->child,
			        "scoped address is not allowed for static stub "
			        "server-addresses");
			ok = false;
		}
	}
	st = ditto_cfg_find(z->z, "server-names");
	char zc[1100], nc[1100];
	if (!z->named_ok || !ditto__sem_name_canon(z->name, zc, sizeof(zc))) {
		return ok;
	}
	size_t zl = strlen(zc);
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		const char *n = TXT(e->child);
		if (e->child == NULL) {
			continue;
		}
		if (!ditto__sem_name_canon(n, nc, sizeof(nc))) {
			SEM_ERR(s, z->stmt,
			        "server-name '%s' is not a valid name", n);
			ok = false;
			continue;
		}
		size_t nl = strlen(nc);
		if (strcmp(zc, ".") == 0 ||
		    (nl >= zl && strcmp(nc + nl - zl, zc) == 0 &&
		     (nl == zl || nc[nl - zl - 1] == '.'))) {
			SEM_ERR(s, z->stmt,
			        "server-name '%s' must not be a subdomain of "
			        "zone "
			        "name '%s'",
			        n, z->name);
			ok = false;
		}
	}
	return ok;
}

static bool
zone_keydir(ditto__sem_t *s, const zone_t *z)
{
	const ditto_cfg_node_t *kd =
	        ditto__sem_get3(z->z, z->v, s->gopts, "key-directory");
	const char *dir = NULL;
	if (kd != NULL) {
		struct stat sb;
		dir = TXT(ARG(kd, 1));
		if (stat(dir, &sb) != 0) {
			SEM_WARN(s, kd, "key-directory: '%s' does not exist",
			         dir);
		} else if (!S_ISDIR(sb.st_mode)) {
			SEM_WARN(s, kd,
			         "key-directory: '%s' is not a directory", dir);
		}
	}
	char fmt[1100], key[1400];
	if (!z->named_ok || z->kasp == NULL || strcmp(z->kasp, "none") == 0 ||
	    !ditto__sem_name_format(z->name, fmt, sizeof(fmt), true)) {
		return true;
	}
	snprintf(key, sizeof(key), "%s/%s", fmt, dir != NULL ? dir : "(null)");
	int tag;
	const ditto_cfg_node_t *ex = ditto__semmap_get(&s->keydirs, key, &tag);
	if (ex == NULL) {
		(void)ditto__semmap_add(&s->keydirs, key, z->stmt, 0);
		return true;
	}
	const ditto_cfg_node_t *k =
	        ditto_cfg_find(ditto__sem_body(ex), "dnssec-policy");
	const char *kn = TXT(ARG(k, 1));
	if (k == NULL || strcmp(kn, "none") == 0 || strcmp(kn, z->kasp) == 0) {
		return true;
	}
	SEM_ERR(s, z->stmt,
	        "key-directory '%s' already in use by zone %s with policy %s: "
	        "%s:%u",
	        key, TXT(ARG(ex, 1)), kn, ex->file, ex->line);
	return false;
}

static bool
zone_file(ditto__sem_t *s, const zone_t *z)
{
	const ditto_cfg_node_t *dlz = ditto_cfg_find(z->z, "dlz");
	const ditto_cfg_node_t *db = ditto_cfg_find(z->z, "database");
	if (dlz != NULL && db != NULL) {
		SEM_ERR(s, z->stmt,
		        "zone '%s': cannot specify both 'dlz' and 'database'",
		        z->name);
		return false;
	}
	const char *dbt = TXT(ARG(db, 1));
	if (dlz != NULL || (db != NULL && strcmp(dbt, "rbt") != 0 &&
	                    strcmp(dbt, "rbt64") != 0)) {
		return true;
	}
	const ditto_cfg_node_t *f = ditto_cfg_find(z->z, "file");
	bool signing =
	        ditto__sem_bool(ditto_cfg_find(z->z, "inline-signing"), false);
	if (f == NULL) {
		if (z->type == Z_PRIMARY || z->type == Z_HINT ||
		    (z->type == Z_SECONDARY && signing)) {
			SEM_ERR(s, z->stmt, "zone '%s': missing 'file' entry",
			        z->name);
			return false;
		}
		return true;
	}
	bool rw = z->type == Z_SECONDARY || z->type == Z_MIRROR || z->ddns ||
	          z->has_kasp;
	if (!rw && z->type != Z_PRIMARY && z->type != Z_HINT) {
		return true;
	}
	const char *fn = TXT(ARG(f, 1));
	int tag = 0;
	const ditto_cfg_node_t *prev = ditto__semmap_get(&s->files, fn, &tag);
	if (prev == NULL) {
		(void)ditto__semmap_add(&s->files, fn, f, rw ? 2 : 1);
		return true;
	}
	if (rw || tag == 2) {
		SEM_ERR(s, f, "writeable file '%s': already in use: %s:%u", fn,
		        prev->file, prev->line);
		return false;
	}
	return true;
}

bool
ditto__sem_zone(ditto__sem_t *s, const ditto_cfg_node_t *zstmt,
                const ditto_cfg_node_t *vopts, const char *viewname,
                const char *vclass, ditto__semmap_t *zones)
{
	zone_t z = { .stmt = zstmt,
		     .z = ditto__sem_body(zstmt),
		     .v = vopts,
		     .name = TXT(ARG(zstmt, 1)),
		     .viewname = viewname };
	const ditto_cfg_node_t *iv = ditto_cfg_find(z.z, "in-view");
	const char *target = NULL;
	if (iv != NULL) {
		target = TXT(ARG(iv, 1));
		z.type = Z_INVIEW;
	} else {
		const ditto_cfg_node_t *t = ditto_cfg_find(z.z, "type");
		if (t == NULL) {
			SEM_ERR(s, zstmt, "zone '%s': type not present",
			        z.name);
			return false;
		}
		z.typestr = TXT(ARG(t, 1));
		z.type = ztype(z.typestr);
		if (z.type == 0) {
			SEM_ERR(s, t, "zone '%s': invalid type %s", z.name,
			        z.typestr);
			return false;
		}
		if (z.type == Z_DELEGATION) {
			SEM_WARN(s, t, "'type delegation-only' is deprecated");
		}
		if (z.type == Z_REDIRECT && strcmp(z.name, ".") != 0) {
			SEM_ERR(s, zstmt,
			        "redirect zones must be called \".\"");
			return false;
		}
	}
	const ditto_cfg_node_t *cls = ARG(zstmt, 2);
	if (cls != NULL && cls->kind != DITTO_CFG_BLOCK) {
		uint16_t zc, vc = 1;
		if (ditto_rrclass_fromtext(cls->text, strlen(cls->text), &zc) !=
		    DITTO_R_SUCCESS) {
			SEM_ERR(s, cls, "zone '%s': invalid class %s", z.name,
			        cls->text);
			return false;
		}
		if (ditto_rrclass_fromtext(vclass, strlen(vclass), &vc) !=
		    DITTO_R_SUCCESS) {
			vc = 1;
		}
		if (zc != vc) {
			SEM_ERR(s, cls,
			        "zone '%s': class '%s' does not match "
			        "view/default class",
			        z.name, cls->text);
			return false;
		}
	}
	bool ok = zone_name(s, &z, vclass, zones, target);
	if (z.type == Z_INVIEW) {
		size_t max = 1 + (ditto_cfg_find(z.z, "forward") != NULL) +
		             (ditto_cfg_find(z.z, "forwarders") != NULL);
		if (ditto__sem_count(z.z) > max) {
			SEM_ERR(s, zstmt,
			        "zone '%s': 'in-view' used with incompatible "
			        "zone options",
			        z.name);
			ok = false;
		}
		return ok;
	}
	ok &= ditto__sem_nonzero(s, z.z);
	ok &= zone_kasp(s, &z);
	ok &= zone_placement(s, &z);
	static const char *const acls[] = { "allow-notify", "allow-transfer",
		                            "allow-update",
		                            "allow-update-forwarding" };
	for (size_t i = 0; i < 4; i++) {
		ok &= ditto__sem_checkacl(s, acls[i], z.z, z.v);
	}
	ok &= zone_notify(s, &z);
	ok &= zone_primaries(s, &z);
	ok &= zone_sources(s, &z);
	if (z.type == Z_MIRROR && !recursion_on(s, &z)) {
		SEM_ERR(s, zstmt,
		        "zone '%s': mirror zones cannot be used if recursion "
		        "is disabled",
		        z.name);
		ok = false;
	}
	ok &= zone_dnssec(s, &z);
	ok &= zone_dialup(s, &z);
	ok &= zone_forward(s, &z);
	ok &= zone_staticstub(s, &z);
	ok &= zone_keydir(s, &z);
	ok &= ditto__sem_options(s, z.z, SEM_LEVEL_ZONE);
	ok &= zone_file(s, &z);
	return ok;
}

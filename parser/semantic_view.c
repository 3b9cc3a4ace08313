/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks at view level: ACLs, dns64, rate-limit, rrset-order. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "dns/rrtype.h"
#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"

#define TXT        ditto__sem_txt
#define ARG(st, i) ditto_cfg_arg(st, i)

bool
ditto__sem_forward(ditto__sem_t *s, const ditto_cfg_node_t *list,
                   const ditto_cfg_node_t *global)
{
	const ditto_cfg_node_t *fwd = ditto_cfg_find(list, "forward");
	const ditto_cfg_node_t *fws = ditto_cfg_find(list, "forwarders");
	if (fws != NULL && global != NULL) {
		SEM_ERR(s, fws,
		        "forwarders declared in root zone and in general "
		        "configuration: %s:%u",
		        global->file, global->line);
		return false;
	}
	if (fwd != NULL && fws == NULL) {
		SEM_ERR(s, fwd, "no matching 'forwarders' statement");
		return false;
	}
	return true;
}

bool
ditto__sem_nonzero(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	static const char *const nz[] = { "max-retry-time", "min-retry-time",
		                          "max-refresh-time",
		                          "min-refresh-time" };
	bool ok = true;
	for (size_t i = 0; i < 4; i++) {
		const ditto_cfg_node_t *st = ditto_cfg_find(list, nz[i]);
		uint32_t v;
		if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &v) &&
		    v == 0) {
			SEM_ERR(s, st, "'%s' must not be zero", nz[i]);
			ok = false;
		}
	}
	return ok;
}

bool
ditto__sem_dual_stack(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "dual-stack-servers");
	bool ok = true;
	if (st == NULL) {
		return true;
	}
	const ditto_cfg_node_t *p = ARG(st, 1);
	uint32_t v;
	if (ditto_cfg_is(p, "port") &&
	    ditto_cfg_value_uint32(TXT(p->next), &v) && v > 65535) {
		SEM_ERR(s, p->next, "port '%u' out of range", v);
		ok = false;
	}
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		const ditto_cfg_node_t *a = e->child;
		if (a == NULL || a->kind != DITTO_CFG_STRING) {
			continue;
		}
		if (!ditto__sem_name_ok(a->text)) {
			SEM_ERR(s, a, "bad name '%s'", a->text);
			ok = false;
		}
		if (ditto_cfg_is(a->next, "port") &&
		    ditto_cfg_value_uint32(TXT(a->next->next), &v) &&
		    v > 65535) {
			SEM_ERR(s, a->next->next, "port '%u' out of range", v);
			ok = false;
		}
	}
	return ok;
}

static bool
order_ent(ditto__sem_t *s, const ditto_cfg_node_t *e)
{
	bool ok = true;
	const ditto_cfg_node_t *ord = NULL;
	for (const ditto_cfg_node_t *it = e->child; it != NULL; it = it->next) {
		const char *v = TXT(it->next);
		uint16_t x;
		if (ditto_cfg_is(it, "class") && it->next != NULL) {
			if (ditto_rrclass_fromtext(v, strlen(v), &x) !=
			    DITTO_R_SUCCESS) {
				SEM_ERR(s, it->next,
				        "rrset-order: invalid class '%s'", v);
				ok = false;
			}
			it = it->next;
		} else if (ditto_cfg_is(it, "type") && it->next != NULL) {
			if (ditto_rrtype_fromtext(v, strlen(v), &x) !=
			    DITTO_R_SUCCESS) {
				SEM_ERR(s, it->next,
				        "rrset-order: invalid type '%s'", v);
				ok = false;
			}
			it = it->next;
		} else if (ditto_cfg_is(it, "name") && it->next != NULL) {
			if (!ditto__sem_name_ok(v)) {
				SEM_ERR(s, it->next,
				        "rrset-order: invalid name '%s'", v);
				ok = false;
			}
			it = it->next;
		} else if (ditto_cfg_is(it, "order") && it->next != NULL) {
			ord = it->next;
			it = it->next;
		}
	}
	if (ord == NULL) {
		SEM_ERR(s, e, "rrset-order: missing ordering");
		return false;
	}
	if (ditto_cfg_is(ord, "fixed")) {
		SEM_WARN(s, ord,
		         "rrset-order: order 'fixed' was disabled at "
		         "compilation time");
	} else if (!ditto_cfg_is(ord, "random") &&
	           !ditto_cfg_is(ord, "cyclic") && !ditto_cfg_is(ord, "none")) {
		SEM_ERR(s, ord, "rrset-order: invalid order '%s'", ord->text);
		ok = false;
	}
	return ok;
}

bool
ditto__sem_order(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "rrset-order");
	bool ok = true;
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		if (e->child != NULL) {
			ok &= order_ent(s, e);
		}
	}
	return ok;
}

/* ---- response-policy and catalog-zones ---- */

static bool
rpz_catz_list(ditto__sem_t *s, const ditto_cfg_node_t *st, const char *what,
              const char *vname, ditto__semmap_t *zones, bool rpz)
{
	bool ok = true;
	unsigned int n = 0;
	const char *forview = vname != NULL ? " for view " : "";
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		if (!ditto_cfg_is(e->child, "zone")) {
			continue;
		}
		const ditto_cfg_node_t *zn = ARG(e, 1);
		if (rpz && ++n > 64) {
			SEM_ERR(s, zn,
			        "more than 64 response policy zones in view "
			        "'%s'",
			        vname != NULL ? vname : "");
			return false;
		}
		char canon[1100], key[1200];
		if (!ditto__sem_name_canon(TXT(zn), canon, sizeof(canon))) {
			SEM_ERR(s, zn, "bad domain name '%s'", TXT(zn));
			ok = false;
			continue;
		}
		snprintf(key, sizeof(key), "3/%s", canon);
		const ditto_cfg_node_t *z = ditto__semmap_get(zones, key, NULL);
		const char *type =
		        TXT(ARG(ditto_cfg_find(ditto__sem_body(z), "type"), 1));
		if (strcasecmp(type, "primary") != 0 &&
		    strcasecmp(type, "master") != 0 &&
		    strcasecmp(type, "secondary") != 0 &&
		    strcasecmp(type, "slave") != 0) {
			SEM_ERR(s, zn,
			        "%s '%s'%s%s is not a primary or "
			        "secondary zone",
			        what, TXT(zn), forview,
			        vname != NULL ? vname : "");
			ok = false;
		}
	}
	return ok;
}

static bool
catz(ditto__sem_t *s, const ditto_cfg_node_t *st, const char *vname)
{
	bool ok = true;
	ditto__semmap_t seen = { 0 };
	const char *forview = vname != NULL ? " for view " : "";
	for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
	     e = e->next) {
		if (!ditto_cfg_is(e->child, "zone")) {
			continue;
		}
		const ditto_cfg_node_t *zn = ARG(e, 1);
		char canon[1100];
		if (ditto__sem_name_canon(TXT(zn), canon, sizeof(canon))) {
			const ditto_cfg_node_t *prev =
			        ditto__semmap_add(&seen, canon, zn, 0);
			if (prev != NULL) {
				SEM_ERR(s, zn,
				        "catalog zone '%s': already added here "
				        "%s:%u",
				        TXT(zn), prev->file, prev->line);
				ok = false;
				continue;
			}
		}
		bool dp = false, dm = false;
		for (const ditto_cfg_node_t *it = e->child; it != NULL;
		     it = it->next) {
			dp |= ditto_cfg_is(it, "default-primaries");
			dm |= ditto_cfg_is(it, "default-masters");
		}
		if (dp && dm) {
			SEM_ERR(s, zn,
			        "catalog zone '%s'%s%s: 'default-primaries' "
			        "and "
			        "'default-masters' can not be both defined",
			        TXT(zn), forview, vname != NULL ? vname : "");
			ok = false;
			break;
		}
	}
	ditto__semmap_clear(&seen);
	return ok;
}

bool
ditto__sem_rpz_catz(ditto__sem_t *s, const ditto_cfg_node_t *opts,
                    const char *vname, ditto__semmap_t *zones)
{
	bool ok = true;
	const ditto_cfg_node_t *st = ditto_cfg_find(opts, "response-policy");
	if (st != NULL) {
		ok &= rpz_catz_list(s, st, "response-policy zone", vname, zones,
		                    true);
	}
	st = ditto_cfg_find(opts, "catalog-zones");
	if (st != NULL) {
		ok &= rpz_catz_list(s, st, "catalog zone", vname, zones, false);
		ok &= catz(s, st, vname);
	}
	return ok;
}

/* ---- view-level ACLs, dns64, rate-limit ---- */

static bool
dns64(ditto__sem_t *s, const ditto_cfg_node_t *vopts)
{
	static const char *const acls[] = { "clients", "exclude", "mapped" };
	const ditto_cfg_node_t *list = vopts;
	if (list == NULL || ditto_cfg_find(list, "dns64") == NULL) {
		list = s->gopts;
	}
	bool ok = true;
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "dns64")) {
			continue;
		}
		const char *pt = TXT(ARG(st, 1));
		ditto_cfg_prefix_t p;
		if (ditto_cfg_value_prefix(pt, &p) != DITTO_CFG_PREFIX_OK) {
			continue;
		}
		if (p.family != AF_INET6) {
			SEM_ERR(s, st, "dns64 prefix %s must be IPv6", pt);
			ok = false;
			continue;
		}
		if (p.addr[8] != 0) {
			SEM_ERR(s, st,
			        "dns64 prefix %s bits [64..71] must be zero",
			        pt);
			ok = false;
			continue;
		}
		if (p.len != 32 && p.len != 40 && p.len != 48 && p.len != 56 &&
		    p.len != 64 && p.len != 96) {
			SEM_ERR(s, st,
			        "dns64 prefix %s length is not "
			        "32/40/48/56/64/96",
			        pt);
			ok = false;
			continue;
		}
		const ditto_cfg_node_t *b = ditto__sem_body(st);
		for (size_t i = 0; i < 3; i++) {
			const ditto_cfg_node_t *a = ditto_cfg_find(b, acls[i]);
			if (a != NULL) {
				ok &= ditto__sem_acl(s, a, NULL);
			}
		}
		const ditto_cfg_node_t *sx = ditto_cfg_find(b, "suffix");
		ditto_cfg_prefix_t sa;
		if (sx == NULL ||
		    ditto_cfg_value_prefix(TXT(ARG(sx, 1)), &sa) !=
		            DITTO_CFG_PREFIX_OK) {
			continue;
		}
		if (sa.family != AF_INET6) {
			SEM_ERR(s, st, "dns64 requires a IPv6 suffix");
			ok = false;
			continue;
		}
		unsigned int nb = p.len / 8 + 4 + (p.len <= 64 ? 1 : 0);
		for (unsigned int i = 0; i < nb && i < 16; i++) {
			if (sa.addr[i] != 0) {
				SEM_ERR(s, sx,
				        "bad suffix '%s' leading %u octets not "
				        "zeros",
				        TXT(ARG(sx, 1)), nb);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

static bool
rrl_int(const ditto_cfg_node_t *b, const char *name,
        const ditto_cfg_node_t **st, uint32_t *v)
{
	*st = ditto_cfg_find(b, name);
	return *st != NULL && ditto_cfg_value_uint32(TXT(ARG(*st, 1)), v);
}

static bool
ratelimit(ditto__sem_t *s, const ditto_cfg_node_t *vopts)
{
	static const char *const rates[] = {
		"responses-per-second", "referrals-per-second",
		"nodata-per-second",    "nxdomains-per-second",
		"errors-per-second",    "all-per-second",
	};
	const ditto_cfg_node_t *rl = ditto_cfg_find(vopts, "rate-limit");
	if (rl == NULL) {
		rl = ditto_cfg_find(s->gopts, "rate-limit");
	}
	if (rl == NULL) {
		return true;
	}
	const ditto_cfg_node_t *b = ditto__sem_body(rl), *st;
	bool ok = true;
	uint32_t min = 500, v;
	if (rrl_int(b, "min-table-size", &st, &v)) {
		min = v < 1 ? 1 : v;
	}
	if (rrl_int(b, "max-table-size", &st, &v) && v < min) {
		SEM_ERR(s, st, "max-table-size %u < min-table-size %u", v, min);
		ok = false;
	}
	for (size_t i = 0; i < 6; i++) {
		if (rrl_int(b, rates[i], &st, &v) && v > 1000) {
			SEM_ERR(s, st, "%s %u > %u", rates[i], v, 1000u);
			ok = false;
		}
	}
	if (rrl_int(b, "slip", &st, &v) && v > 10) {
		SEM_ERR(s, st, "slip %u > %u", v, 10u);
		ok = false;
	}
	if (rrl_int(b, "window", &st, &v) && (v < 1 || v > 3600)) {
		SEM_ERR(s, st, "window %u < 1 or > %u", v, 3600u);
		ok = false;
	}
	if (rrl_int(b, "qps-scale", &st, &v) && v < 1) {
		SEM_ERR(s, st, "invalid 'qps-scale %u'", v);
		ok = false;
	}
	if (rrl_int(b, "ipv4-prefix-length", &st, &v) && (v < 8 || v > 32)) {
		SEM_ERR(s, st, "invalid 'ipv4-prefix-length %u'", v);
		ok = false;
	}
	if (rrl_int(b, "ipv6-prefix-length", &st, &v) && (v < 16 || v > 64)) {
		SEM_ERR(s, st, "ipv6-prefix-length %u < 16 or > %u", v, 64u);
		ok = false;
	}
	st = ditto_cfg_find(b, "exempt-clients");
	if (st != NULL) {
		ok &= ditto__sem_acl(s, st, NULL);
	}
	return ok;
}

static bool
recursion_acls(ditto__sem_t *s, const ditto_cfg_node_t *vopts,
               const char *vname)
{
	static const char *const acls[] = { "allow-recursion",
		                            "allow-recursion-on" };
	const ditto_cfg_node_t *r =
	        ditto__sem_get3(vopts, s->gopts, NULL, "recursion");
	bool recursion = ditto__sem_bool(r, true), ok = true;
	for (size_t i = 0; i < 2; i++) {
		const ditto_cfg_node_t *a =
		        ditto__sem_get3(vopts, s->gopts, NULL, acls[i]);
		bool none = false;
		if (a == NULL) {
			continue;
		}
		if (!ditto__sem_acl(s, a, &none)) {
			ok = false;
			continue;
		}
		if (!recursion && !none) {
			SEM_WARN(s, a,
			         "both \"recursion no;\" and \"%s\" active%s%s",
			         acls[i], vname != NULL ? " for view " : "",
			         vname != NULL ? vname : "");
		}
	}
	return ok;
}

bool
ditto__sem_view_extra(ditto__sem_t *s, const ditto_cfg_node_t *vopts,
                      const char *vname)
{
	static const char *const acls[] = {
		"allow-query",       "allow-query-on",
		"allow-query-cache", "allow-query-cache-on",
		"blackhole",         "keep-response-order",
		"match-clients",     "match-destinations",
		"sortlist",
	};
	bool ok = true;
	const ditto_cfg_node_t *dt = ditto_cfg_find(s->gopts, "dnstap-output");
	if (dt == NULL) {
		dt = ditto__sem_get3(vopts, s->gopts, NULL, "dnstap");
		if (dt != NULL) {
			SEM_ERR(s, dt,
			        "'dnstap-output' must be set if 'dnstap' is "
			        "set");
			ok = false;
		}
	}
	for (size_t i = 0; i < sizeof(acls) / sizeof(acls[0]); i++) {
		ok &= ditto__sem_checkacl(s, acls[i], NULL, vopts);
	}
	ok &= recursion_acls(s, vopts, vname);
	ok &= dns64(s, vopts);
	ok &= ratelimit(s, vopts);
	return ok;
}

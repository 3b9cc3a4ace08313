/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* AST -> struct ditto_config: defaults, inheritance zone <- view <- options. */
/*
 * Runs on a checked AST only, so values are known to parse. Every zone
 * option of ditto_config_zopts_t is resolved once here: the zone's own
 * statement, else its view's, else the options block's, else BIND's
 * default (as `named -C` prints it). Strings are copied into the config's
 * arena; the AST can be freed afterwards.
 */
#include "parser/config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/config_p.h"
#include "parser/ignored.h"
#include "parser/newzones.h"
#include "parser/spec.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/hex.h"

typedef const ditto_cfg_node_t node_t;

static const char *
cp(ditto_config_t *c, const char *s)
{
	return s == NULL ? NULL
	                 : ditto_arena_memdup(&c->arena, s, strlen(s) + 1);
}

static void *
zalloc(ditto_config_t *c, size_t size)
{
	void *p = ditto_arena_alloc(&c->arena, size);
	memset(p, 0, size);
	return p;
}

static const char *
argtext(node_t *stmt, unsigned int i)
{
	node_t *n = ditto_cfg_arg(stmt, i);
	return n != NULL && n->kind != DITTO_CFG_BLOCK ? n->text : NULL;
}

static node_t *
blocklist(node_t *stmt)
{
	node_t *b = ditto_cfg_block(stmt);
	return b != NULL ? b->child : NULL;
}

/* ---- address match lists ---- */

static ditto_config_acl_t *acl_list(ditto_config_t *c, node_t *first,
                                    unsigned int depth);

static ditto_config_acl_t *
acl_elem(ditto_config_t *c, node_t *st, unsigned int depth)
{
	ditto_config_acl_t *e = zalloc(c, sizeof(*e));
	node_t *it = st->child;
	if (it != NULL && it->kind == DITTO_CFG_NOT) {
		e->negated = true;
		it = it->next;
	}
	if (it == NULL) {
		return NULL;
	}
	if (it->kind == DITTO_CFG_BLOCK) {
		e->kind = DITTO_CONFIG_ACL_NESTED;
		e->nested = acl_list(c, it->child, depth + 1);
	} else if (ditto_cfg_is(it, "key") && it->next != NULL) {
		e->kind = DITTO_CONFIG_ACL_KEY;
		e->name = cp(c, it->next->text);
	} else if (ditto_cfg_value_prefix(it->text, &e->prefix) ==
	           DITTO_CFG_PREFIX_OK) {
		e->kind = DITTO_CONFIG_ACL_PREFIX;
	} else if (strcasecmp(it->text, "any") == 0) {
		e->kind = DITTO_CONFIG_ACL_ANY;
	} else if (strcasecmp(it->text, "none") == 0) {
		e->kind = DITTO_CONFIG_ACL_NONE;
	} else if (strcasecmp(it->text, "localhost") == 0) {
		e->kind = DITTO_CONFIG_ACL_LOCALHOST;
	} else if (strcasecmp(it->text, "localnets") == 0) {
		e->kind = DITTO_CONFIG_ACL_LOCALNETS;
	} else {
		e->kind = DITTO_CONFIG_ACL_NAMED;
		e->name = cp(c, it->text);
	}
	return e;
}

static ditto_config_acl_t *
acl_list(ditto_config_t *c, node_t *first, unsigned int depth)
{
	ditto_config_acl_t *head = NULL, **tail = &head;
	for (node_t *st = first; st != NULL && depth <= DITTO_CFG_MAXDEPTH;
	     st = st->next) {
		ditto_config_acl_t *e = acl_elem(c, st, depth);
		if (e != NULL) {
			*tail = e;
			tail = &e->next;
		}
	}
	return head;
}

static void
aml(ditto_config_t *c, node_t *stmt, ditto_config_aml_t *out)
{
	if (stmt == NULL) {
		return;
	}
	out->set = true;
	out->head = acl_list(c, blocklist(stmt), 0);
}

/* ---- remote server lists ---- */

/* The number after `port` (decimal after an address, as named reads it). */
static uint16_t
port_after(node_t *it)
{
	uint32_t v = 0;
	node_t *n = it != NULL ? it->next : NULL;
	if (n == NULL) {
		return 0;
	}
	if (n->vtype == DITTO_CFG_V_SAPORT) {
		const char *t = ditto_cfg_node_text(n);
		v = ditto_cfg_value_isnumber(t) ? (uint32_t)strtoul(t, NULL, 10)
		                                : 0;
	} else {
		(void)ditto_cfg_value_uint32(ditto_cfg_node_text(n), &v);
	}
	return (uint16_t)(v > 65535 ? 0 : v);
}

static void
remotes(ditto_config_t *c, node_t *stmt, ditto_config_remotes_t *out)
{
	if (stmt == NULL) {
		return;
	}
	out->set = true;
	for (node_t *it = stmt->child->next; it != NULL; it = it->next) {
		if (ditto_cfg_is(it, "port")) {
			out->port = port_after(it);
		}
	}
	ditto_config_remote_t **tail = &out->head;
	for (node_t *e = blocklist(stmt); e != NULL; e = e->next) {
		ditto_config_remote_t *r = zalloc(c, sizeof(*r));
		node_t *it = e->child;
		if (ditto_cfg_value_prefix(it->text, &r->addr) !=
		    DITTO_CFG_PREFIX_OK) {
			r->list = cp(c, it->text);
		}
		for (it = it->next; it != NULL; it = it->next) {
			if (ditto_cfg_is(it, "port")) {
				r->port = port_after(it);
			} else if (ditto_cfg_is(it, "key") && it->next) {
				r->key = cp(c, it->next->text);
			} else if (ditto_cfg_is(it, "tls") && it->next) {
				r->tls = cp(c, it->next->text);
			}
		}
		*tail = r;
		tail = &r->next;
	}
}

/* ---- zone options with inheritance ---- */

/* The statement `name` in the zone, else the view, else the options. */
static node_t *
inherit(node_t *const lists[3], const char *name)
{
	for (int i = 0; i < 3; i++) {
		node_t *st = lists[i] != NULL ? ditto_cfg_find(lists[i], name)
		                              : NULL;
		if (st != NULL) {
			return st;
		}
	}
	return NULL;
}

static uint32_t
u32(node_t *const l[3], const char *name, uint32_t def)
{
	node_t *st = inherit(l, name);
	uint32_t v;
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	if (t != NULL && (ditto_cfg_value_uint32(t, &v) ||
	                  ditto_cfg_value_duration(t, &v))) {
		return v;
	}
	return def;
}

static bool
boolean(node_t *const l[3], const char *name, bool def)
{
	node_t *st = inherit(l, name);
	bool v;
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	return t != NULL && ditto_cfg_value_boolean(t, &v) ? v : def;
}

static const char *
text(ditto_config_t *c, node_t *const l[3], const char *name, const char *def)
{
	node_t *st = inherit(l, name);
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	return cp(c, t != NULL ? t : def);
}

/* transfer-source ( addr | * ) [ port ( N | * ) ]: the address and port
 * (0 for `*` or none); `*` as the address is "not set". */
static bool
source(node_t *const l[3], const char *name, ditto_cfg_prefix_t *out,
       uint16_t *port)
{
	node_t *st = inherit(l, name);
	bool found = false;
	*port = 0;
	for (node_t *it = st != NULL ? st->child->next : NULL; it != NULL;
	     it = it->next) {
		if (ditto_cfg_is(it, "port")) {
			*port = port_after(it);
		} else if (!found && it->text != NULL &&
		           ditto_cfg_value_prefix(it->text, out) ==
		                   DITTO_CFG_PREFIX_OK) {
			found = true;
		}
	}
	return found || *port != 0;
}

/*
 * An address-match-list option of a level: written in \a own (the level's
 * own statements), else the parent level's compiled list, else BIND's
 * default; the elements as written come from the nearest level. A \a lazy
 * level (options and view for zone options) compiles softly: named only
 * expands those lists for the zones that inherit them. When the parent
 * level's list could not be compiled, this level compiles it again.
 */
static void
acl_opt(ditto__cfgbuild_t *b, node_t *const l[3], node_t *own, const char *name,
        ditto_config_aml_t *out, const ditto_config_aml_t *parent,
        ditto__cfgdefault_t def, bool lazy)
{
	node_t *st = own != NULL ? ditto_cfg_find(own, name) : NULL;
	node_t *from = inherit(l, name);
	aml(b->c, from, out);
	if (st == NULL && from != NULL &&
	    (parent == NULL || parent->acl == NULL)) {
		st = from;
	}
	bool soft = b->soft;
	b->soft = lazy;
	ditto__config_acl_set(b, out, st != NULL, blocklist(st), parent, def);
	b->soft = soft;
}

static ditto_config_minimal_t
minimal(node_t *const l[3])
{
	node_t *st = inherit(l, "minimal-responses");
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	bool v;
	if (t == NULL) {
		return DITTO_CONFIG_MINIMAL_NO_AUTH_RECURSIVE;
	}
	if (strcasecmp(t, "no-auth") == 0) {
		return DITTO_CONFIG_MINIMAL_NO_AUTH;
	}
	if (ditto_cfg_value_boolean(t, &v)) {
		return v ? DITTO_CONFIG_MINIMAL_YES : DITTO_CONFIG_MINIMAL_NO;
	}
	return DITTO_CONFIG_MINIMAL_NO_AUTH_RECURSIVE;
}

/*
 * The address-match lists of ditto_config_zopts_t. named builds
 * allow-query and allow-query-on at every level; allow-transfer and
 * allow-notify only for zones (\a lazy elsewhere).
 */
static void
zacls(ditto__cfgbuild_t *b, node_t *const l[3], node_t *own,
      const ditto_config_zopts_t *parent, ditto_config_zopts_t *o, bool lazy)
{
	acl_opt(b, l, own, "allow-query", &o->allow_query,
	        parent ? &parent->allow_query : NULL, DITTO__CFG_ANY, false);
	acl_opt(b, l, own, "allow-query-on", &o->allow_query_on,
	        parent ? &parent->allow_query_on : NULL, DITTO__CFG_ANY, false);
	acl_opt(b, l, own, "allow-transfer", &o->allow_transfer,
	        parent ? &parent->allow_transfer : NULL, DITTO__CFG_ANY, lazy);
	acl_opt(b, l, own, "allow-notify", &o->allow_notify,
	        parent ? &parent->allow_notify : NULL, DITTO__CFG_NONE, lazy);
}

/* max-ixfr-ratio ( unlimited | N% ): 0 for unlimited. */
static uint32_t
ixfr_ratio(node_t *const l[3])
{
	node_t *st = inherit(l, "max-ixfr-ratio");
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	uint32_t v;
	if (t != NULL && strcasecmp(t, "unlimited") == 0) {
		return 0;
	}
	return t != NULL && ditto_cfg_value_percent(t, &v) ? v : 100;
}

static ditto_config_ixfrdiff_t
ixfrdiff(node_t *const l[3])
{
	node_t *st = inherit(l, "ixfr-from-differences");
	const char *t = st != NULL ? argtext(st, 1) : NULL;
	bool v;
	if (t == NULL) {
		return DITTO_CONFIG_IXFRDIFF_NO;
	}
	if (strcasecmp(t, "primary") == 0 || strcasecmp(t, "master") == 0) {
		return DITTO_CONFIG_IXFRDIFF_PRIMARY;
	}
	if (strcasecmp(t, "secondary") == 0 || strcasecmp(t, "slave") == 0) {
		return DITTO_CONFIG_IXFRDIFF_SECONDARY;
	}
	return ditto_cfg_value_boolean(t, &v) && v ? DITTO_CONFIG_IXFRDIFF_YES
	                                           : DITTO_CONFIG_IXFRDIFF_NO;
}

/* The outbound options of a level (transfers out, NOTIFY out). */
static void
zopts_out(node_t *const l[3], ditto_config_zopts_t *o)
{
	node_t *tf = inherit(l, "transfer-format");
	const char *t = tf != NULL ? argtext(tf, 1) : NULL;
	o->transfer_format_one_answer =
	        t != NULL && strcasecmp(t, "one-answer") == 0;
	o->max_ixfr_ratio = ixfr_ratio(l);
	o->ixfr_from_differences = ixfrdiff(l);
	o->notify_to_soa = boolean(l, "notify-to-soa", false);
	o->notify_source_set = source(l, "notify-source", &o->notify_source,
	                              &o->notify_source_port);
	o->notify_source_v6_set =
	        source(l, "notify-source-v6", &o->notify_source_v6,
	               &o->notify_source_v6_port);
}

/* \a own is NULL for the implicit default view; \a zone: a zone level. */
static void
zopts(ditto__cfgbuild_t *b, node_t *const l[3], node_t *own,
      const ditto_config_zopts_t *parent, ditto_config_zopts_t *o, bool zone)
{
	ditto_config_t *c = b->c;
	zacls(b, l, own, parent, o, !zone);
	remotes(c, inherit(l, "also-notify"), &o->also_notify);
	o->notify = text(c, l, "notify", "yes");
	o->notify_delay = u32(l, "notify-delay", 5);
	o->transfer_source_set =
	        source(l, "transfer-source", &o->transfer_source,
	               &o->transfer_source_port);
	o->transfer_source_v6_set =
	        source(l, "transfer-source-v6", &o->transfer_source_v6,
	               &o->transfer_source_v6_port);
	o->max_records = u32(l, "max-records", 0);
	o->max_transfer_time_in = u32(l, "max-transfer-time-in", 120);
	o->max_transfer_idle_in = u32(l, "max-transfer-idle-in", 60);
	o->max_transfer_time_out = u32(l, "max-transfer-time-out", 120);
	o->max_transfer_idle_out = u32(l, "max-transfer-idle-out", 60);
	o->min_refresh_time = u32(l, "min-refresh-time", 300);
	o->max_refresh_time = u32(l, "max-refresh-time", 2419200);
	o->min_retry_time = u32(l, "min-retry-time", 500);
	o->max_retry_time = u32(l, "max-retry-time", 1209600);
	o->request_ixfr = boolean(l, "request-ixfr", true);
	o->provide_ixfr = boolean(l, "provide-ixfr", true);
	o->request_expire = boolean(l, "request-expire", true);
	o->try_tcp_refresh = boolean(l, "try-tcp-refresh", true);
	o->multi_master = boolean(l, "multi-master", false);
	o->masterfile_format = text(c, l, "masterfile-format", "text");
	o->zone_statistics = text(c, l, "zone-statistics", "terse");
	o->minimal_responses = minimal(l);
	o->minimal_any = boolean(l, "minimal-any", false);
	zopts_out(l, o);
	node_t *mj = inherit(l, "max-journal-size");
	const char *t = mj != NULL ? argtext(mj, 1) : NULL;
	o->max_journal_size = UINT64_MAX;
	if (t != NULL && !ditto_cfg_value_sizeval(t, &o->max_journal_size)) {
		o->max_journal_size = UINT64_MAX; /* default/unlimited */
	}
}

static const char *
normal_type(const char *t)
{
	if (strcasecmp(t, "master") == 0) {
		return "primary";
	}
	if (strcasecmp(t, "slave") == 0) {
		return "secondary";
	}
	return t;
}

static ditto_config_zone_t *
zone(ditto__cfgbuild_t *b, node_t *st, node_t *view, node_t *options,
     const ditto_config_view_t *v)
{
	ditto_config_t *c = b->c;
	const char *vclass = v->rdclass;
	ditto_config_zone_t *z = zalloc(c, sizeof(*z));
	node_t *zl = blocklist(st);
	node_t *const l[3] = { zl, view, options };
	node_t *cls = ditto_cfg_arg(st, 2);
	z->name = cp(c, argtext(st, 1));
	z->rdclass =
	        cp(c, cls != NULL && cls->kind != DITTO_CFG_BLOCK ? cls->text
	                                                          : vclass);
	node_t *type = ditto_cfg_find(zl, "type");
	z->type =
	        cp(c, type != NULL ? normal_type(argtext(type, 1)) : "in-view");
	node_t *f = ditto_cfg_find(zl, "file");
	z->file = cp(c, f != NULL ? argtext(f, 1) : NULL);
	f = ditto_cfg_find(zl, "journal");
	z->journal = cp(c, f != NULL ? argtext(f, 1) : NULL);
	node_t *pr = ditto_cfg_find(zl, "primaries");
	remotes(c, pr != NULL ? pr : ditto_cfg_find(zl, "masters"),
	        &z->primaries);
	zopts(b, l, zl, &v->opts, &z->opts, true);
	z->srcfile = cp(c, st->file);
	z->line = st->line;
	return z;
}

static void
key_list(ditto_config_t *c, node_t *list, ditto_config_key_t **out)
{
	ditto_config_key_t **tail = out;
	for (node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "key")) {
			continue;
		}
		ditto_config_key_t *k = zalloc(c, sizeof(*k));
		node_t *alg = ditto_cfg_find(blocklist(st), "algorithm");
		node_t *sec = ditto_cfg_find(blocklist(st), "secret");
		k->name = cp(c, argtext(st, 1));
		k->algorithm = cp(c, alg != NULL ? argtext(alg, 1) : NULL);
		k->secret = cp(c, sec != NULL ? argtext(sec, 1) : NULL);
		*tail = k;
		tail = &k->next;
	}
}

static ditto_config_view_t *
view(ditto__cfgbuild_t *b, node_t *st, node_t *root, node_t *options,
     const ditto_config_zopts_t *optz, const ditto_config_aml_t *optrec)
{
	ditto_config_t *c = b->c;
	ditto_config_view_t *v = zalloc(c, sizeof(*v));
	node_t *vl = st != NULL ? blocklist(st) : root;
	node_t *cls = st != NULL ? ditto_cfg_arg(st, 2) : NULL;
	node_t *const l[3] = { NULL, st != NULL ? vl : NULL, options };
	v->name = cp(c, st != NULL ? argtext(st, 1) : "_default");
	v->rdclass =
	        cp(c, cls != NULL && cls->kind != DITTO_CFG_BLOCK ? cls->text
	                                                          : "IN");
	node_t *own = st != NULL ? vl : NULL;
	acl_opt(b, l, own, "match-clients", &v->match_clients, NULL,
	        DITTO__CFG_ANY, false);
	acl_opt(b, l, own, "match-destinations", &v->match_destinations, NULL,
	        DITTO__CFG_ANY, false);
	acl_opt(b, l, own, "allow-recursion", &v->allow_recursion, optrec,
	        DITTO__CFG_LOCAL, false);
	if (st != NULL) {
		key_list(c, vl, &v->keys);
	}
	v->edns_udp_size = u32(l, "edns-udp-size", 1232);
	v->max_udp_size = u32(l, "max-udp-size", 1232);
	zopts(b, l, own, optz, &v->opts, false);
	ditto_config_zone_t **tail = &v->zones;
	for (node_t *z = vl; z != NULL; z = z->next) {
		if (ditto_cfg_is(z->child, "zone")) {
			*tail = zone(b, z, st != NULL ? vl : NULL, options, v);
			tail = &(*tail)->next;
			v->nzones++;
		}
	}
	return v;
}

static void
listen_on(ditto__cfgbuild_t *b, node_t *options)
{
	ditto_config_t *c = b->c;
	ditto_config_listen_t **tail = &c->listen;
	for (node_t *st = options; st != NULL; st = st->next) {
		bool v6 = ditto_cfg_is(st->child, "listen-on-v6");
		if (!v6 && !ditto_cfg_is(st->child, "listen-on")) {
			continue;
		}
		ditto_config_listen_t *l = zalloc(c, sizeof(*l));
		l->v6 = v6;
		for (node_t *it = st->child->next; it != NULL; it = it->next) {
			if (ditto_cfg_is(it, "port")) {
				l->port = port_after(it);
			} else if (ditto_cfg_is(it, "tls") && it->next) {
				l->tls = cp(c, it->next->text);
			}
		}
		aml(c, st, &l->addrs);
		ditto__config_acl_set(b, &l->addrs, true, blocklist(st), NULL,
		                      DITTO__CFG_ANY);
		*tail = l;
		tail = &l->next;
	}
}

static const char **
names(ditto_config_t *c, node_t *block)
{
	size_t n = ditto_cfg_list_len(block != NULL ? block->child : NULL);
	const char **v = zalloc(c, (n + 1) * sizeof(*v));
	size_t i = 0;
	for (node_t *e = block != NULL ? block->child : NULL; e != NULL;
	     e = e->next) {
		v[i++] = cp(c, ditto_cfg_node_text(e->child));
	}
	return v;
}

static void
inet_endpoint(node_t *st, ditto_cfg_prefix_t *addr, uint16_t *port,
              uint16_t defport)
{
	node_t *a = ditto_cfg_arg(st, 1);
	if (a == NULL ||
	    ditto_cfg_value_prefix(a->text, addr) != DITTO_CFG_PREFIX_OK) {
		memset(addr, 0, sizeof(*addr)); /* '*' */
	}
	*port = defport;
	for (node_t *it = st->child; it != NULL; it = it->next) {
		if (ditto_cfg_is(it, "port") && !ditto_cfg_is(it->next, "*")) {
			*port = port_after(it);
		}
	}
}

/* `perm N`, `owner N`, `group N` of a unix control channel (checked
 * integers; named parses them as C numbers, so 0600 is octal). */
static void
unix_attr(node_t *it, ditto_config_control_t *k)
{
	uint32_t *dst = ditto_cfg_is(it, "perm")    ? &k->perm
	                : ditto_cfg_is(it, "owner") ? &k->owner
	                : ditto_cfg_is(it, "group") ? &k->group
	                                            : NULL;
	if (dst != NULL && it->next != NULL && it->next->text != NULL) {
		(void)ditto_cfg_value_uint32(it->next->text, dst);
	}
}

static void
controls(ditto__cfgbuild_t *b, node_t *root)
{
	ditto_config_t *c = b->c;
	ditto_config_control_t **tail = &c->controls;
	for (node_t *st = root; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "controls")) {
			continue;
		}
		c->controls_set = true;
		for (node_t *e = blocklist(st); e != NULL; e = e->next) {
			ditto_config_control_t *k = zalloc(c, sizeof(*k));
			k->is_unix = ditto_cfg_is(e->child, "unix");
			if (k->is_unix) {
				k->path = cp(c, argtext(e, 1));
			} else {
				inet_endpoint(e, &k->addr, &k->port, 953);
			}
			for (node_t *it = e->child; it != NULL; it = it->next) {
				if (ditto_cfg_is(it, "allow") && it->next) {
					k->allow.set = true;
					k->allow.head =
					        acl_list(c, it->next->child, 0);
					ditto__config_acl_set(
					        b, &k->allow, true,
					        it->next->child, NULL,
					        DITTO__CFG_ANY);
				} else if (ditto_cfg_is(it, "keys") &&
				           it->next) {
					k->keys = names(c, it->next);
				} else if (ditto_cfg_is(it, "read-only") &&
				           it->next) {
					(void)ditto_cfg_value_boolean(
					        it->next->text, &k->read_only);
				} else if (k->is_unix) {
					unix_attr(it, k);
				}
			}
			if (!k->allow.set) { /* unix: file permissions */
				ditto__config_acl_set(b, &k->allow, false, NULL,
				                      NULL, DITTO__CFG_ANY);
			}
			*tail = k;
			tail = &k->next;
		}
	}
}

/*
 * Without `allow`, named accepts any address. named-checkconf does not
 * expand the list; named fails to open a channel whose list it cannot
 * build, so here such a channel allows nobody.
 */
static void
statschan_allow(ditto__cfgbuild_t *b, node_t *e, ditto_config_aml_t *out)
{
	node_t *al = NULL;
	for (node_t *it = e->child; it != NULL; it = it->next) {
		if (ditto_cfg_is(it, "allow") && it->next) {
			al = it->next;
		}
	}
	bool soft = b->soft;
	b->soft = true;
	ditto__config_acl_set(b, out, al != NULL, al != NULL ? al->child : NULL,
	                      NULL, DITTO__CFG_ANY);
	b->soft = soft;
	if (out->acl == NULL) {
		ditto__config_acl_set(b, out, false, NULL, NULL,
		                      DITTO__CFG_NONE);
	}
}

static void
statschans(ditto__cfgbuild_t *b, node_t *root)
{
	ditto_config_t *c = b->c;
	ditto_config_statschan_t **tail = &c->statschans;
	for (node_t *st = root; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "statistics-channels")) {
			continue;
		}
		for (node_t *e = blocklist(st); e != NULL; e = e->next) {
			ditto_config_statschan_t *s = zalloc(c, sizeof(*s));
			inet_endpoint(e, &s->addr, &s->port, 80);
			for (node_t *it = e->child; it != NULL; it = it->next) {
				if (ditto_cfg_is(it, "allow") && it->next) {
					s->allow.set = true;
					s->allow.head =
					        acl_list(c, it->next->child, 0);
				}
			}
			statschan_allow(b, e, &s->allow);
			*tail = s;
			tail = &s->next;
		}
	}
}

static ditto_config_channel_t *
channel(ditto_config_t *c, node_t *st)
{
	ditto_config_channel_t *ch = zalloc(c, sizeof(*ch));
	node_t *l = blocklist(st);
	node_t *const lists[3] = { l, NULL, NULL };
	ch->name = cp(c, argtext(st, 1));
	node_t *f = ditto_cfg_find(l, "file");
	if (f != NULL) {
		ch->file = cp(c, argtext(f, 1));
		for (node_t *it = f->child; it != NULL; it = it->next) {
			if (ditto_cfg_is(it, "versions") && it->next) {
				uint32_t v = UINT32_MAX;
				(void)ditto_cfg_value_uint32(it->next->text,
				                             &v);
				ch->versions = v;
				ch->versions_set = true;
			} else if (ditto_cfg_is(it, "size") && it->next) {
				(void)ditto_cfg_value_sizeval(it->next->text,
				                              &ch->size);
			} else if (ditto_cfg_is(it, "suffix") && it->next) {
				ch->suffix_timestamp =
				        ditto_cfg_is(it->next, "timestamp");
			}
		}
	}
	node_t *sl = ditto_cfg_find(l, "syslog");
	if (sl != NULL) {
		ch->syslog = cp(c, argtext(sl, 1) ? argtext(sl, 1) : "daemon");
	}
	ch->to_stderr = ditto_cfg_find(l, "stderr") != NULL;
	ch->null = ditto_cfg_find(l, "null") != NULL;
	ch->severity = text(c, lists, "severity", "info");
	node_t *sev = ditto_cfg_find(l, "severity");
	const char *dl = sev != NULL ? argtext(sev, 2) : NULL;
	ch->debug_level = 1;
	if (dl != NULL) {
		(void)ditto_cfg_value_uint32(dl, &ch->debug_level);
	}
	node_t *pt = ditto_cfg_find(l, "print-time");
	ch->print_time_fmt = pt != NULL ? cp(c, argtext(pt, 1)) : NULL;
	ch->print_time = boolean(lists, "print-time", false);
	ch->print_category = boolean(lists, "print-category", false);
	ch->print_severity = boolean(lists, "print-severity", false);
	return ch;
}

static void
logging(ditto_config_t *c, node_t *root)
{
	node_t *lg = ditto_cfg_find(root, "logging");
	c->logging_set = lg != NULL;
	ditto_config_channel_t **ct = &c->channels;
	ditto_config_category_t **gt = &c->categories;
	for (node_t *st = blocklist(lg); st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "channel")) {
			*ct = channel(c, st);
			ct = &(*ct)->next;
		} else if (ditto_cfg_is(st->child, "category")) {
			ditto_config_category_t *g = zalloc(c, sizeof(*g));
			g->name = cp(c, argtext(st, 1));
			g->channels = names(c, ditto_cfg_block(st));
			*gt = g;
			gt = &g->next;
		}
	}
}

static void
tls_and_servers(ditto_config_t *c, node_t *root)
{
	ditto_config_tls_t **tt = &c->tls;
	ditto_config_server_t **st_tail = &c->servers;
	for (node_t *st = root; st != NULL; st = st->next) {
		node_t *l = blocklist(st);
		node_t *const lists[3] = { l, NULL, NULL };
		if (ditto_cfg_is(st->child, "tls")) {
			ditto_config_tls_t *t = zalloc(c, sizeof(*t));
			t->name = cp(c, argtext(st, 1));
			t->cert_file = text(c, lists, "cert-file", NULL);
			t->key_file = text(c, lists, "key-file", NULL);
			t->ca_file = text(c, lists, "ca-file", NULL);
			t->remote_hostname =
			        text(c, lists, "remote-hostname", NULL);
			*tt = t;
			tt = &t->next;
		} else if (ditto_cfg_is(st->child, "server")) {
			ditto_config_server_t *s = zalloc(c, sizeof(*s));
			(void)ditto_cfg_value_prefix(argtext(st, 1),
			                             &s->prefix);
			node_t *k = ditto_cfg_find(l, "keys");
			node_t *kb = ditto_cfg_block(k);
			s->key = cp(c, kb != NULL && kb->child != NULL
			                       ? ditto_cfg_node_text(
			                                 kb->child->child)
			                       : argtext(k, 1));
			s->bogus = boolean(lists, "bogus", false);
			node_t *ri = ditto_cfg_find(l, "request-ixfr");
			node_t *pi = ditto_cfg_find(l, "provide-ixfr");
			s->request_ixfr =
			        ri ? boolean(lists, "request-ixfr", true) : -1;
			s->provide_ixfr =
			        pi ? boolean(lists, "provide-ixfr", true) : -1;
			s->transfers = u32(lists, "transfers", 0);
			const char *tf =
			        text(c, lists, "transfer-format", NULL);
			s->transfer_format =
			        tf == NULL ? -1
			                   : strcasecmp(tf, "one-answer") == 0;
			*st_tail = s;
			st_tail = &s->next;
		}
	}
}

static void
named_lists(ditto_config_t *c, node_t *root)
{
	ditto_config_aclnamed_t **at = &c->acls;
	ditto_config_primaries_t **pt = &c->primaries;
	for (node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "acl")) {
			ditto_config_aclnamed_t *a = zalloc(c, sizeof(*a));
			a->name = cp(c, argtext(st, 1));
			aml(c, st, &a->list);
			*at = a;
			at = &a->next;
		} else if (ditto_cfg_is(st->child, "primaries") ||
		           ditto_cfg_is(st->child, "masters")) {
			ditto_config_primaries_t *p = zalloc(c, sizeof(*p));
			p->name = cp(c, argtext(st, 1));
			remotes(c, st, &p->list);
			*pt = p;
			pt = &p->next;
		}
	}
}

/* hostname ( "string" | none ); server-id ( "string" | none | hostname ) */
static void
ident(ditto_config_t *c, node_t *options, const char *name, bool def_host,
      ditto_config_ident_t *out)
{
	node_t *st = ditto_cfg_find(options, name);
	node_t *a = st != NULL ? ditto_cfg_arg(st, 1) : NULL;
	memset(out, 0, sizeof(*out));
	if (a == NULL || a->kind == DITTO_CFG_BLOCK) {
		out->use_hostname = def_host;
	} else if (a->kind == DITTO_CFG_STRING) {
		out->text = cp(c, a->text);
	} else if (strcasecmp(a->text, "hostname") == 0) {
		out->use_hostname = true;
	} else if (strcasecmp(a->text, "none") != 0) {
		out->text = cp(c, a->text);
	}
}

/* cookie-secret values, decoded (the checker verified them). */
static void
cookie_secrets(ditto_config_t *c, node_t *options)
{
	size_t n = 0;
	for (node_t *st = options; st != NULL; st = st->next) {
		n += ditto_cfg_is(st->child, "cookie-secret");
	}
	if (n == 0) {
		return;
	}
	c->cookie_secrets = zalloc(c, n * sizeof(*c->cookie_secrets));
	for (node_t *st = options; st != NULL; st = st->next) {
		const char *t = ditto_cfg_is(st->child, "cookie-secret")
		                        ? argtext(st, 1)
		                        : NULL;
		if (t == NULL ||
		    strlen(t) != 2 * DITTO_CONFIG_COOKIE_SECRET_LEN) {
			continue;
		}
		ditto_buf_t out;
		ditto_buf_init(&out, c->cookie_secrets[c->ncookie_secrets],
		               DITTO_CONFIG_COOKIE_SECRET_LEN);
		c->ncookie_secrets +=
		        ditto_hex_decode(t, strlen(t), &out) == DITTO_R_SUCCESS;
	}
}

static void
globals(ditto__cfgbuild_t *b, node_t *options)
{
	ditto_config_t *c = b->c;
	node_t *const l[3] = { options, NULL, NULL };
	c->directory = text(c, l, "directory", ".");
	node_t *pf = ditto_cfg_find(options, "pid-file");
	c->pid_file = pf == NULL ? cp(c, "/run/named/named.pid")
	              : ditto_cfg_arg(pf, 1)->kind == DITTO_CFG_STRING
	                      ? cp(c, argtext(pf, 1))
	                      : NULL; /* none */
	c->statistics_file = text(c, l, "statistics-file", "named.stats");
	c->dump_file = text(c, l, "dump-file", "named_dump.db");
	c->port = (uint16_t)u32(l, "port", 53);
	c->transfers_in = u32(l, "transfers-in", 10);
	c->transfers_out = u32(l, "transfers-out", 10);
	c->transfers_per_ns = u32(l, "transfers-per-ns", 2);
	c->serial_query_rate = u32(l, "serial-query-rate", 20);
	c->transfer_message_size = u32(l, "transfer-message-size", 20480);
	c->notify_rate = u32(l, "notify-rate", 20);
	c->startup_notify_rate = u32(l, "startup-notify-rate", 20);
	c->tcp_clients = u32(l, "tcp-clients", 150);
	c->tcp_initial_timeout = u32(l, "tcp-initial-timeout", 300);
	c->tcp_idle_timeout = u32(l, "tcp-idle-timeout", 300);
	c->edns_udp_size = u32(l, "edns-udp-size", 1232);
	c->max_udp_size = u32(l, "max-udp-size", 1232);
	node_t *v = ditto_cfg_find(options, "version");
	c->version = v != NULL && ditto_cfg_arg(v, 1)->kind != DITTO_CFG_STRING
	                     ? NULL
	                     : text(c, l, "version", "9.18");
	ident(c, options, "hostname", true, &c->hostname);
	ident(c, options, "server-id", false, &c->server_id);
	c->answer_cookie = boolean(l, "answer-cookie", true);
	c->match_mapped_addresses = boolean(l, "match-mapped-addresses", false);
	c->querylog = ditto_cfg_find(options, "querylog") == NULL
	                      ? -1
	                      : (int)boolean(l, "querylog", false);
	cookie_secrets(c, options);
	listen_on(b, options);
	node_t *bh = ditto_cfg_find(options, "blackhole");
	aml(c, bh, &c->blackhole);
	ditto__config_acl_set(b, &c->blackhole, bh != NULL, blocklist(bh), NULL,
	                      DITTO__CFG_NONE);
}

static void
build_views(ditto__cfgbuild_t *b, node_t *root, node_t *options)
{
	ditto_config_t *c = b->c;
	node_t *const l[3] = { NULL, NULL, options };
	ditto_config_zopts_t *optz = zalloc(c, sizeof(*optz));
	ditto_config_aml_t *optrec = zalloc(c, sizeof(*optrec));
	zopts(b, l, options, NULL, optz, false);
	acl_opt(b, l, options, "allow-recursion", optrec, NULL,
	        DITTO__CFG_LOCAL, false);
	ditto_config_view_t **vt = &c->views;
	for (node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "view")) {
			*vt = view(b, st, root, options, optz, optrec);
			vt = &(*vt)->next;
		}
	}
	if (c->views == NULL) {
		c->views = view(b, NULL, root, options, optz, optrec);
	}
}

ditto_result_t
ditto_config_build(ditto_cfg_parser_t *p, const ditto_cfg_node_t *root,
                   ditto_config_t **out)
{
	REQUIRE(out != NULL && *out == NULL);
	ditto__cfgbuild_t b = { .p = p, .result = DITTO_R_SUCCESS };
	ditto_config_t *c = ditto_calloc(1, sizeof(*c));
	ditto_arena_init(&c->arena, 0);
	b.c = c;
	node_t *options = blocklist(ditto_cfg_find(root, "options"));
	named_lists(c, root);
	ditto__config_acl_begin(&b, root);
	globals(&b, options);
	key_list(c, root, &c->keys);
	controls(&b, root);
	statschans(&b, root);
	logging(c, root);
	tls_and_servers(c, root);
	build_views(&b, root, options);
	ditto__config_acl_end(&b);
	if (b.result != DITTO_R_SUCCESS) {
		ditto_config_destroy(&c);
		return b.result;
	}
	*out = c;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_config_fromast(const ditto_cfg_node_t *root, ditto_config_t **out)
{
	return ditto_config_build(NULL, root, out);
}

void
ditto_config_destroy(ditto_config_t **cfgp)
{
	if (cfgp == NULL || *cfgp == NULL) {
		return;
	}
	ditto_config_t *c = *cfgp;
	for (size_t i = 0; i < c->naclrefs; i++) {
		ditto_acl_detach(c->aclrefs[i]);
	}
	ditto_free(c->aclrefs);
	ditto_arena_clear(&c->arena);
	ditto_free(c);
	*cfgp = NULL;
}

ditto_result_t
ditto_config_load(ditto_cfg_parser_t *p, const char *path, ditto_config_t **out)
{
	ditto_result_t result;
	ditto_cfg_node_t *root = NULL;
	REQUIRE(p != NULL && path != NULL && out != NULL && *out == NULL);
	CHECK(ditto_cfg_parse_file(p, path, &root));
	/* zones added with rndc addzone, as if written here (ctlzone) */
	CHECK(ditto_newzones_inject(p, root));
	CHECK(ditto_cfg_check(p, root));
	CHECK(ditto_config_build(p, root, out));
	(void)ditto_cfg_ignored_diag(p, root);
cleanup:
	return result;
}

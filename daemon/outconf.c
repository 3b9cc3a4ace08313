/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A zone's outbound settings: transfers out, IXFR history, NOTIFY out. */
/*
 * parser/config.c already resolved every zone option (zone, else view,
 * else options, else named's default); this file turns them into what
 * the transfer-out pool and the notifier use: the allow-transfer list
 * attached, also-notify flattened (named lists, list and entry ports,
 * entry keys, else the `server` statement's key) through the same walk
 * as `primaries` (ditto_config_expand_remotes()), and the `server` statements'
 * per-peer values copied so that lookups need no configuration.
 *
 * ixfr-from-differences: a zone's own statement is yes/no; at the options
 * and view levels `primary` (`master`) applies to primary zones only and
 * `secondary` (`slave`) to secondary zones only, as in named.
 */
#include "outconf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

#define MAXTARGETS 64

typedef struct build {
	const ditto_config_t *cfg;
	const ditto_config_zone_t *cz;
	outconf_t *oc;
	size_t cap;
	ditto_err_t *err;
} build_t;

static outconf_notify_t
notify_mode(const char *t)
{
	bool v;
	if (t == NULL) {
		return OUTCONF_NOTIFY_YES;
	}
	if (strcasecmp(t, "explicit") == 0) {
		return OUTCONF_NOTIFY_EXPLICIT;
	}
	if (strcasecmp(t, "primary-only") == 0 ||
	    strcasecmp(t, "master-only") == 0) {
		return OUTCONF_NOTIFY_PRIMARY_ONLY;
	}
	if (ditto_cfg_value_boolean(t, &v)) {
		return v ? OUTCONF_NOTIFY_YES : OUTCONF_NOTIFY_NO;
	}
	return OUTCONF_NOTIFY_YES;
}

static bool
ixfr_diff(ditto_config_ixfrdiff_t d, bool primary)
{
	switch (d) {
	case DITTO_CONFIG_IXFRDIFF_YES:
		return true;
	case DITTO_CONFIG_IXFRDIFF_PRIMARY:
		return primary;
	case DITTO_CONFIG_IXFRDIFF_SECONDARY:
		return !primary;
	default:
		return false;
	}
}

static ditto_result_t
find_key(build_t *b, const char *name, const ditto_tsigkey_t **out)
{
	*out = NULL;
	if (name == NULL) {
		return DITTO_R_SUCCESS;
	}
	*out = keys_find(b->oc->keys, name);
	if (*out == NULL) {
		ditto_err_set(b->err, "zone '%s': key '%s' not found",
		              b->cz->name, name);
		return DITTO_R_NOTFOUND;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
add_target(void *arg, const ditto_config_remote_t *r, uint16_t port,
           const char *key)
{
	build_t *b = arg;
	outconf_t *oc = b->oc;
	if (oc->nalso_notify >= MAXTARGETS) {
		return DITTO_R_SUCCESS;
	}
	if (oc->nalso_notify == b->cap) {
		b->cap = b->cap == 0 ? 4 : b->cap * 2;
		oc->also_notify = ditto_realloc(
		        oc->also_notify, b->cap * sizeof(*oc->also_notify));
	}
	outconf_target_t *t = &oc->also_notify[oc->nalso_notify];
	memset(t, 0, sizeof(*t));
	t->addrlen = ditto_config_sockaddr(&r->addr, port, &t->addr);
	xfrconf_addrtext((struct sockaddr *)&t->addr, t->text, sizeof(t->text));
	const ditto_config_server_t *s =
	        ditto_config_find_server(b->cfg, &r->addr);
	const char *kname = key != NULL ? key : s != NULL ? s->key : NULL;
	ditto_result_t result = find_key(b, kname, &t->key);
	if (result == DITTO_R_SUCCESS) {
		oc->nalso_notify++;
	}
	return result;
}

static ditto_result_t
copy_servers(build_t *b)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	outconf_t *oc = b->oc;
	size_t n = 0;
	for (const ditto_config_server_t *s = b->cfg->servers; s != NULL;
	     s = s->next) {
		n++;
	}
	if (n == 0) {
		return DITTO_R_SUCCESS;
	}
	oc->servers = ditto_calloc(n, sizeof(*oc->servers));
	for (const ditto_config_server_t *s = b->cfg->servers; s != NULL;
	     s = s->next) {
		outconf_server_t *o = &oc->servers[oc->nservers];
		o->prefix = s->prefix;
		o->provide_ixfr = s->provide_ixfr;
		o->transfer_format = s->transfer_format;
		CHECK(find_key(b, s->key, &o->key));
		oc->nservers++;
	}
cleanup:
	return result;
}

static void
source(const ditto_cfg_prefix_t *p, uint16_t port, int family,
       struct sockaddr_storage *ss)
{
	ditto_cfg_prefix_t any = { .family = family };
	(void)ditto_config_sockaddr(p->family == family ? p : &any, port, ss);
}

static void
scalars(const ditto_config_t *cfg, const ditto_config_zone_t *cz, outconf_t *oc)
{
	const ditto_config_zopts_t *o = &cz->opts;
	oc->primary = strcasecmp(cz->type, "primary") == 0;
	oc->provide_ixfr = o->provide_ixfr;
	oc->max_ixfr_ratio = o->max_ixfr_ratio;
	oc->ixfr_from_differences =
	        ixfr_diff(o->ixfr_from_differences, oc->primary);
	oc->max_journal_size =
	        o->max_journal_size == UINT64_MAX ? 0 : o->max_journal_size;
	oc->one_answer = o->transfer_format_one_answer;
	oc->transfer_message_size = cfg->transfer_message_size != 0
	                                    ? cfg->transfer_message_size
	                                    : 20480;
	oc->max_time_out = o->max_transfer_time_out * 60;
	oc->max_idle_out = o->max_transfer_idle_out * 60;
	oc->notify = notify_mode(o->notify);
	oc->notify_to_soa = o->notify_to_soa;
	oc->notify_delay = o->notify_delay;
	oc->notify_src4_set = o->notify_source_set;
	oc->notify_src6_set = o->notify_source_v6_set;
	source(&o->notify_source, o->notify_source_port, AF_INET,
	       &oc->notify_src4);
	source(&o->notify_source_v6, o->notify_source_v6_port, AF_INET6,
	       &oc->notify_src6);
}

ditto_result_t
outconf_build(const ditto_config_t *cfg, const ditto_config_zone_t *cz,
              keys_t *keys, outconf_t **out, ditto_err_t *err)
{
	ditto_result_t result;
	outconf_t *oc = ditto_calloc(1, sizeof(*oc));
	build_t b = { .cfg = cfg, .cz = cz, .oc = oc, .err = err };
	atomic_init(&oc->refs, 1);
	keys_attach(keys, &oc->keys);
	oc->zone = ditto_strdup(cz->name);
	scalars(cfg, cz, oc);
	if (cz->opts.allow_transfer.acl != NULL) {
		ditto_acl_attach(cz->opts.allow_transfer.acl,
		                 &oc->allow_transfer);
	} else {
		ditto_err_set(err,
		              "zone '%s': allow-transfer could not be used",
		              cz->name);
		CLEANUP(DITTO_R_NOTFOUND);
	}
	CHECK(copy_servers(&b));
	CHECK(ditto_config_expand_remotes(cfg, cz->name, &cz->opts.also_notify,
	                                  cfg->port != 0 ? cfg->port : 53,
	                                  add_target, &b, err));
	*out = oc;
	return DITTO_R_SUCCESS;
cleanup:
	outconf_detach(&oc);
	return result;
}

void
outconf_attach(outconf_t *oc, outconf_t **target)
{
	atomic_fetch_add_explicit(&oc->refs, 1, memory_order_relaxed);
	*target = oc;
}

void
outconf_detach(outconf_t **ocp)
{
	if (ocp == NULL || *ocp == NULL) {
		return;
	}
	outconf_t *oc = *ocp;
	*ocp = NULL;
	if (atomic_fetch_sub_explicit(&oc->refs, 1, memory_order_acq_rel) !=
	    1) {
		return;
	}
	ditto_acl_detach(&oc->allow_transfer);
	keys_detach(&oc->keys);
	ditto_free(oc->also_notify);
	ditto_free(oc->servers);
	ditto_free(oc->zone);
	ditto_free(oc);
}

void
outconf_global(const ditto_config_t *cfg, outglobal_t *out)
{
	out->transfers_out = cfg->transfers_out != 0 ? cfg->transfers_out : 1;
	out->notify_rate = cfg->notify_rate;
	out->startup_notify_rate = cfg->startup_notify_rate;
	out->port = cfg->port != 0 ? cfg->port : 53;
}

/* \a sa as an address prefix (a v4-mapped IPv6 address as IPv4). */
static bool
peer_prefix(const struct sockaddr *sa, ditto_cfg_prefix_t *p)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0,    0,
		                            0, 0, 0, 0, 0xff, 0xff };
	memset(p, 0, sizeof(*p));
	if (sa == NULL) {
		return false;
	}
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		p->family = AF_INET;
		memcpy(p->addr, &s4->sin_addr, 4);
		p->len = 32;
		return true;
	}
	if (sa->sa_family != AF_INET6) {
		return false;
	}
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
	if (memcmp(&s6->sin6_addr, mapped, 12) == 0) {
		p->family = AF_INET;
		memcpy(p->addr, (const uint8_t *)&s6->sin6_addr + 12, 4);
		p->len = 32;
		return true;
	}
	p->family = AF_INET6;
	memcpy(p->addr, &s6->sin6_addr, 16);
	p->len = 128;
	return true;
}

static bool
contains(const ditto_cfg_prefix_t *p, const ditto_cfg_prefix_t *a)
{
	unsigned int max = p->family == AF_INET ? 32 : 128;
	unsigned int bits = p->len > max ? max : p->len;
	unsigned int full = bits / 8, rest = bits % 8;
	if (p->family != a->family || memcmp(p->addr, a->addr, full) != 0) {
		return false;
	}
	if (rest == 0) {
		return true;
	}
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (p->addr[full] & mask) == (a->addr[full] & mask);
}

/* The most specific `server` statement containing \a peer, or NULL. */
static const outconf_server_t *
server_for(const outconf_t *oc, const struct sockaddr *peer)
{
	ditto_cfg_prefix_t a;
	const outconf_server_t *best = NULL;
	if (oc == NULL || !peer_prefix(peer, &a)) {
		return NULL;
	}
	for (size_t i = 0; i < oc->nservers; i++) {
		const outconf_server_t *s = &oc->servers[i];
		if (contains(&s->prefix, &a) &&
		    (best == NULL || s->prefix.len > best->prefix.len)) {
			best = s;
		}
	}
	return best;
}

bool
outconf_provide_ixfr(const outconf_t *oc, const struct sockaddr *peer)
{
	const outconf_server_t *s = server_for(oc, peer);
	if (s != NULL && s->provide_ixfr >= 0) {
		return s->provide_ixfr != 0;
	}
	return oc->provide_ixfr;
}

bool
outconf_one_answer(const outconf_t *oc, const struct sockaddr *peer)
{
	const outconf_server_t *s = server_for(oc, peer);
	if (s != NULL && s->transfer_format >= 0) {
		return s->transfer_format != 0;
	}
	return oc->one_answer;
}

const ditto_tsigkey_t *
outconf_server_key(const outconf_t *oc, const struct sockaddr *peer)
{
	const outconf_server_t *s = server_for(oc, peer);
	return s != NULL ? s->key : NULL;
}

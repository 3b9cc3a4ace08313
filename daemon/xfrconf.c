/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A secondary zone's transfer settings, resolved from the configuration. */
/*
 * `primaries` entries are an address (with an optional port and key) or
 * the name of a top-level `primaries`/`masters` list, which may name
 * other lists. They are flattened here once per (re)load, in the order
 * written, depth first; a list's `port` and an entry's `key` apply to the
 * entries below them that do not set their own. The nesting depth and the
 * number of primaries are bounded (named-checkconf refuses loops).
 *
 * A primary's key is the entry's, else the key of the most specific
 * `server` statement that contains its address; its request-ixfr and
 * transfers come from that statement when it sets them.
 */
#include "xfrconf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "zone/node.h"
#include "zone/rrset.h"

#include "outconf.h"

#define MAXPRIMARIES 64

typedef struct flat {
	const ditto_config_t *cfg;
	const ditto_config_zone_t *cz;
	xfrconf_t *xc;
	size_t cap;
	ditto_err_t *err;
} flat_t;

void
xfrconf_addrtext(const struct sockaddr *sa, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		port = ntohs(s4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		port = ntohs(s6->sin6_port);
	}
	snprintf(buf, size, "%s#%u", a, port);
}

static ditto_result_t
add_primary(void *arg, const ditto_config_remote_t *r, uint16_t port,
            const char *key)
{
	flat_t *f = arg;
	xfrconf_t *xc = f->xc;
	if (xc->nprimaries >= MAXPRIMARIES) {
		return DITTO_R_SUCCESS; /* more than anyone needs */
	}
	if (xc->nprimaries == f->cap) {
		f->cap = f->cap == 0 ? 4 : f->cap * 2;
		xc->primaries = ditto_realloc(xc->primaries,
		                              f->cap * sizeof(*xc->primaries));
	}
	xfr_primary_t *p = &xc->primaries[xc->nprimaries];
	memset(p, 0, sizeof(*p));
	p->addrlen = ditto_config_sockaddr(&r->addr, port, &p->addr);
	xfrconf_addrtext((struct sockaddr *)&p->addr, p->text, sizeof(p->text));
	const ditto_config_server_t *s =
	        ditto_config_find_server(f->cfg, &r->addr);
	const char *kname = key != NULL ? key : s != NULL ? s->key : NULL;
	if (kname != NULL) {
		p->key = keys_find(xc->keys, kname);
		if (p->key == NULL) {
			ditto_err_set(f->err, "zone '%s': key '%s' not found",
			              f->cz->name, kname);
			return DITTO_R_NOTFOUND;
		}
	}
	p->request_ixfr = s != NULL && s->request_ixfr >= 0
	                          ? s->request_ixfr != 0
	                          : f->cz->opts.request_ixfr;
	p->transfers = s != NULL ? s->transfers : 0;
	xc->nprimaries++;
	return DITTO_R_SUCCESS;
}

static void
source_addr(const ditto_cfg_prefix_t *p, uint16_t port, int family,
            struct sockaddr_storage *ss)
{
	ditto_cfg_prefix_t any = { .family = family };
	(void)ditto_config_sockaddr(p->family == family ? p : &any, port, ss);
}

ditto_result_t
xfrconf_build(const ditto_config_t *cfg, const ditto_config_zone_t *cz,
              keys_t *keys, xfrconf_t **out, ditto_err_t *err)
{
	ditto_result_t result;
	xfrconf_t *xc = ditto_calloc(1, sizeof(*xc));
	const ditto_config_zopts_t *o = &cz->opts;
	flat_t f = { .cfg = cfg, .cz = cz, .xc = xc, .err = err };
	atomic_init(&xc->refs, 1);
	keys_attach(keys, &xc->keys);
	CHECK(ditto_config_expand_remotes(cfg, cz->name, &cz->primaries,
	                                  cfg->port != 0 ? cfg->port : 53,
	                                  add_primary, &f, err));
	xc->src4_set = o->transfer_source_set;
	xc->src6_set = o->transfer_source_v6_set;
	source_addr(&o->transfer_source, o->transfer_source_port, AF_INET,
	            &xc->src4);
	source_addr(&o->transfer_source_v6, o->transfer_source_v6_port,
	            AF_INET6, &xc->src6);
	xc->rconf = (ditto_refresh_conf_t){ .min_refresh = o->min_refresh_time,
		                            .max_refresh = o->max_refresh_time,
		                            .min_retry = o->min_retry_time,
		                            .max_retry = o->max_retry_time };
	if (xc->rconf.max_refresh < xc->rconf.min_refresh) {
		xc->rconf.max_refresh = xc->rconf.min_refresh;
	}
	if (xc->rconf.max_retry < xc->rconf.min_retry) {
		xc->rconf.max_retry = xc->rconf.min_retry;
	}
	xc->try_tcp_refresh = o->try_tcp_refresh;
	xc->request_expire = o->request_expire;
	xc->max_time_in = o->max_transfer_time_in * 60;
	xc->max_idle_in = o->max_transfer_idle_in * 60;
	xc->max_records = o->max_records;
	xc->file = cz->file != NULL ? ditto_strdup(cz->file) : NULL;
	xc->journal = cz->journal != NULL ? ditto_strdup(cz->journal) : NULL;
	*out = xc;
	return DITTO_R_SUCCESS;
cleanup:
	xfrconf_detach(&xc);
	return result;
}

void
xfrconf_attach(xfrconf_t *xc, xfrconf_t **target)
{
	atomic_fetch_add_explicit(&xc->refs, 1, memory_order_relaxed);
	*target = xc;
}

void
xfrconf_detach(xfrconf_t **xcp)
{
	if (xcp == NULL || *xcp == NULL) {
		return;
	}
	xfrconf_t *xc = *xcp;
	*xcp = NULL;
	if (atomic_fetch_sub_explicit(&xc->refs, 1, memory_order_acq_rel) !=
	    1) {
		return;
	}
	outconf_detach(&xc->oc);
	keys_detach(&xc->keys);
	ditto_free(xc->primaries);
	ditto_free(xc->file);
	ditto_free(xc->journal);
	ditto_free(xc);
}

void
xfrconf_global(const ditto_config_t *cfg, xfrglobal_t *out)
{
	out->transfers_in = cfg->transfers_in != 0 ? cfg->transfers_in : 1;
	out->transfers_per_ns =
	        cfg->transfers_per_ns != 0 ? cfg->transfers_per_ns : 1;
	out->serial_query_rate = cfg->serial_query_rate;
}

bool
xfrconf_isprimary(const xfrconf_t *xc, const struct sockaddr *sa)
{
	for (size_t i = 0; xc != NULL && i < xc->nprimaries; i++) {
		const struct sockaddr *p =
		        (const struct sockaddr *)&xc->primaries[i].addr;
		if (p->sa_family != sa->sa_family) {
			continue;
		}
		if (sa->sa_family == AF_INET &&
		    memcmp(&((const struct sockaddr_in *)p)->sin_addr,
		           &((const struct sockaddr_in *)sa)->sin_addr,
		           4) == 0) {
			return true;
		}
		if (sa->sa_family == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)p)->sin6_addr,
		           &((const struct sockaddr_in6 *)sa)->sin6_addr,
		           16) == 0) {
			return true;
		}
	}
	return false;
}

static bool
skip_name(const uint8_t *rd, size_t len, size_t *pos)
{
	for (unsigned int n = 0; n < 128 && *pos < len; n++) {
		uint8_t l = rd[*pos];
		if (l == 0) {
			(*pos)++;
			return true;
		}
		if ((l & 0xc0) != 0) {
			return false; /* versions hold uncompressed rdata */
		}
		*pos += 1u + l;
	}
	return false;
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

bool
xfrconf_soa(const ditto_version_t *v, xfr_soa_t *out)
{
	const ditto_node_t *apex = v != NULL ? ditto_version_apex(v) : NULL;
	const ditto_rrset_t *soa =
	        apex != NULL ? ditto_node_find(apex, DITTO_TYPE_SOA, 0) : NULL;
	uint16_t len = 0;
	const uint8_t *rd =
	        soa != NULL ? ditto_rrset_rdata(soa, 0, &len) : NULL;
	size_t pos = 0;
	if (rd == NULL || !skip_name(rd, len, &pos) ||
	    !skip_name(rd, len, &pos) || pos + 20 > len) {
		return false;
	}
	out->serial = get32(rd + pos);
	out->refresh = get32(rd + pos + 4);
	out->retry = get32(rd + pos + 8);
	out->expire = get32(rd + pos + 12);
	out->minimum = get32(rd + pos + 16);
	return true;
}

void
xfrconf_keytext(const ditto_tsigkey_t *key, char *buf, size_t size)
{
	ditto_name_format(ditto_tsigkey_name(key), buf, size);
}

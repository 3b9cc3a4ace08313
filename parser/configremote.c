/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Remote-server lists of a configuration: expansion, `server` lookup. */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "parser/config.h"
#include "util/result.h"

/* Named lists nest at most this deep (named refuses loops; this bounds
 * the walk whatever the input). */
#define REMOTE_MAXDEPTH 8

typedef struct walk {
	const ditto_config_t *cfg;
	const char *zone;
	ditto_config_remote_fn cb;
	void *arg;
	ditto_err_t *err;
} walk_t;

static const ditto_config_primaries_t *
find_list(const ditto_config_t *cfg, const char *name)
{
	for (const ditto_config_primaries_t *p = cfg->primaries; p != NULL;
	     p = p->next) {
		if (strcmp(p->name, name) == 0) {
			return p;
		}
	}
	return NULL;
}

static ditto_result_t
flatten(walk_t *w, const ditto_config_remotes_t *list, uint16_t port,
        const char *key, unsigned int depth)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	if (depth > REMOTE_MAXDEPTH) {
		ditto_err_set(w->err, "zone '%s': primaries nested too deeply",
		              w->zone);
		return DITTO_R_TOOMANY;
	}
	uint16_t lport = list->port != 0 ? list->port : port;
	for (const ditto_config_remote_t *r = list->head; r != NULL;
	     r = r->next) {
		uint16_t eport = r->port != 0 ? r->port : lport;
		const char *ekey = r->key != NULL ? r->key : key;
		if (r->list == NULL) {
			CHECK(w->cb(w->arg, r, eport, ekey));
			continue;
		}
		const ditto_config_primaries_t *nl = find_list(w->cfg, r->list);
		if (nl == NULL) {
			ditto_err_set(
			        w->err,
			        "zone '%s': primaries list '%s' not found",
			        w->zone, r->list);
			return DITTO_R_NOTFOUND;
		}
		CHECK(flatten(w, &nl->list, eport, ekey, depth + 1));
	}
cleanup:
	return result;
}

ditto_result_t
ditto_config_expand_remotes(const ditto_config_t *cfg, const char *zone,
                            const ditto_config_remotes_t *list, uint16_t port,
                            ditto_config_remote_fn cb, void *arg,
                            ditto_err_t *err)
{
	walk_t w = {
		.cfg = cfg, .zone = zone, .cb = cb, .arg = arg, .err = err
	};
	return flatten(&w, list, port, NULL, 0);
}

static bool
prefix_contains(const ditto_cfg_prefix_t *p, const ditto_cfg_prefix_t *a)
{
	if (p->family != a->family) {
		return false;
	}
	unsigned int full = p->len / 8, rest = p->len % 8;
	if (full > sizeof(p->addr) || memcmp(p->addr, a->addr, full) != 0) {
		return false;
	}
	if (rest == 0) {
		return true;
	}
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (p->addr[full] & mask) == (a->addr[full] & mask);
}

const ditto_config_server_t *
ditto_config_find_server(const ditto_config_t *cfg, const ditto_cfg_prefix_t *a)
{
	const ditto_config_server_t *best = NULL;
	for (const ditto_config_server_t *s = cfg->servers; s != NULL;
	     s = s->next) {
		if (prefix_contains(&s->prefix, a) &&
		    (best == NULL || s->prefix.len > best->prefix.len)) {
			best = s;
		}
	}
	return best;
}

socklen_t
ditto_config_sockaddr(const ditto_cfg_prefix_t *p, uint16_t port,
                      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (p->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, p->addr, 16);
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	if (p->family == AF_INET) {
		memcpy(&s4->sin_addr, p->addr, 4);
	}
	s4->sin_port = htons(port);
	return sizeof(*s4);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl sync-check: gather each zone's state from the server and its
 * primaries (named.conf, the rndc channel, live SOA queries). */
#include "synccheck.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "parser/config.h"
#include "tsig/tsigkey.h"
#include "util/mem.h"

#include "ctl.h"
#include "syncdns.h"

/*
 * For each zone (the secondaries of named.conf, or those named on the
 * command line):
 *   1. `zonestatus` over the rndc channel (the same for named and dittod):
 *      type, serial, last loaded, next refresh, expires;
 *   2. an SOA query to the server itself (its first listen-on address,
 *      127.0.0.1 for `any`, or -S): the serial it really serves;
 *   3. an SOA query to each primary (flattened `primaries` lists, ports,
 *      keys from the entry or the `server` statement), signed when the
 *      configuration gives a key.
 * syncjudge.c turns that into a verdict. The check never changes anything
 * on the server. The first rndc failure that gets no answer at all is
 * remembered and the other zones are not asked again (UNKNOWN for all).
 */

#define DEFAULT_CONF "/etc/bind/named.conf"
#define MAXDEAD      64

typedef struct scrun {
	ctl_t *ctl;
	sc_opts_t o;
	const char *conffile;
	const char *selfarg; /* -S */
	struct sockaddr_storage self;
	const ditto_config_t *cfg;
	bool rndc_down;
	char rndc_error[SC_MAXREASON];
	/* primaries that gave no answer at all: not asked again, so that a
	 * dead primary of many zones costs one timeout, not one per zone */
	struct sockaddr_storage dead[MAXDEAD];
	size_t ndead;
} scrun_t;

static void
usage(FILE *f, const char *prog)
{
	fprintf(f,
	        "Usage: %s [rndc options] sync-check [-j] [-C named.conf]\n"
	        "\t[-S address[#port]] [-w|--warn-behind T] "
	        "[-c|--crit-behind T]\n"
	        "\t[--warn-expire T|P%%] [--crit-expire T|P%%] "
	        "[-t|--timeout SEC] [--tries N] [zone ...]\n\n"
	        "Compares the serial each zone has on this server (rndc "
	        "zonestatus and an SOA query)\nwith its primaries' (live SOA "
	        "queries). Exit status: 0 OK, 1 WARNING, 2 CRITICAL,\n"
	        "3 UNKNOWN. T is a duration (300, 5m, 2h, 1d); P%% a percent "
	        "of the SOA expire.\nDefaults: -C %s, --warn-behind 5m, "
	        "--crit-behind 1h, --warn-expire 50%%,\n--crit-expire 10%%, "
	        "--timeout 2, --tries 2; -S: the first listen-on address.\n",
	        prog, DEFAULT_CONF);
}

/* "ADDR", "ADDR#PORT" (IPv4 or IPv6). */
static bool
parse_addrport(const char *s, uint16_t defport, struct sockaddr_storage *ss)
{
	char host[64];
	const char *hash = strchr(s, '#');
	size_t hl = hash != NULL ? (size_t)(hash - s) : strlen(s);
	unsigned long port = defport;
	if (hl >= sizeof(host)) {
		return false;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (hash != NULL) {
		char *end = NULL;
		port = strtoul(hash + 1, &end, 10);
		if (hash[1] == '\0' || *end != '\0' || port == 0 ||
		    port > 65535) {
			return false;
		}
	}
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		return true;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return true;
	}
	return false;
}

enum { OPT_WARN_EXPIRE = 256, OPT_CRIT_EXPIRE, OPT_TRIES };

static int
parse_opt(scrun_t *r, int ch, const char *arg)
{
	int64_t v;
	switch (ch) {
	case 'j':
		r->o.json = true;
		return 0;
	case 'C':
		r->conffile = arg;
		return 0;
	case 'S':
		r->selfarg = arg;
		return 0;
	case 'w':
		return sc_duration_parse(arg, &r->o.warn_behind) ? 0 : -1;
	case 'c':
		return sc_duration_parse(arg, &r->o.crit_behind) ? 0 : -1;
	case OPT_WARN_EXPIRE:
		return sc_limit_parse(arg, &r->o.warn_expire) ? 0 : -1;
	case OPT_CRIT_EXPIRE:
		return sc_limit_parse(arg, &r->o.crit_expire) ? 0 : -1;
	case 't':
		if (!sc_duration_parse(arg, &v) || v == 0 || v > 60) {
			return -1;
		}
		r->o.timeout_ms = (unsigned int)v * 1000;
		return 0;
	case OPT_TRIES:
		if (!sc_duration_parse(arg, &v) || v == 0 || v > 10) {
			return -1;
		}
		r->o.tries = (unsigned int)v;
		return 0;
	default:
		return -1;
	}
}

/* \return the index of the first zone argument, -1 on a bad option, -2
 * for -h. */
static int
parse_args(scrun_t *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'C' },
		{ "server-address", required_argument, NULL, 'S' },
		{ "warn-behind", required_argument, NULL, 'w' },
		{ "crit-behind", required_argument, NULL, 'c' },
		{ "warn-expire", required_argument, NULL, OPT_WARN_EXPIRE },
		{ "crit-expire", required_argument, NULL, OPT_CRIT_EXPIRE },
		{ "timeout", required_argument, NULL, 't' },
		{ "tries", required_argument, NULL, OPT_TRIES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	optind = 0; /* glibc: start over (the rndc flags were parsed) */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+jC:S:w:c:t:h", longopts,
	                         NULL)) != -1) {
		if (ch == 'h') {
			return -2;
		}
		if (parse_opt(r, ch, optarg) != 0) {
			fprintf(stderr,
			        "%s: sync-check: bad option or value%s%s\n",
			        r->ctl->progname, optarg != NULL ? ": " : "",
			        optarg != NULL ? optarg : "");
			return -1;
		}
	}
	return optind;
}

/* ---- the configuration ---- */

typedef struct primwalk {
	const ditto_config_t *cfg;
	sc_zone_t *z;
} primwalk_t;

/* One primary of the zone (ditto_config_expand_remotes(), as dittod
 * reads the list): its key is the entry's, else the `server`
 * statement's. */
static ditto_result_t
add_primary(void *arg, const ditto_config_remote_t *e, uint16_t port,
            const char *key)
{
	primwalk_t *w = arg;
	sc_zone_t *z = w->z;
	if (z->nprimaries >= SC_MAXPRIMARIES) {
		return DITTO_R_SUCCESS;
	}
	sc_primary_t *p = &z->primaries[z->nprimaries++];
	memset(p, 0, sizeof(*p));
	(void)ditto_config_sockaddr(&e->addr, port, &p->ss);
	ctl_sockaddr_format(&p->ss, p->addr, sizeof(p->addr));
	const ditto_config_server_t *s =
	        ditto_config_find_server(w->cfg, &e->addr);
	p->key = key != NULL ? key : s != NULL ? s->key : NULL;
	return DITTO_R_SUCCESS;
}

static const ditto_config_key_t *
find_key(const ditto_config_t *cfg, const ditto_config_view_t *v,
         const char *name)
{
	const ditto_config_key_t *lists[2] = { v->keys, cfg->keys };
	for (size_t i = 0; i < 2; i++) {
		for (const ditto_config_key_t *k = lists[i]; k != NULL;
		     k = k->next) {
			if (strcasecmp(k->name, name) == 0) {
				return k;
			}
		}
	}
	return NULL;
}

/* The server's own DNS address: the first listen-on address. */
static void
self_address(const ditto_config_t *cfg, struct sockaddr_storage *ss)
{
	uint16_t defport = cfg->port != 0 ? cfg->port : 53;
	static const ditto_cfg_prefix_t lo4 = { .family = AF_INET,
		                                .addr = { 127, 0, 0, 1 },
		                                .len = 32 };
	static const ditto_cfg_prefix_t lo6 = { .family = AF_INET6,
		                                .addr = { [15] = 1 },
		                                .len = 128 };
	for (int v6 = 0; v6 < 2; v6++) {
		for (const ditto_config_listen_t *l = cfg->listen; l != NULL;
		     l = l->next) {
			if (l->v6 != (v6 == 1) || l->tls != NULL) {
				continue;
			}
			uint16_t port = l->port != 0 ? l->port : defport;
			for (const ditto_config_acl_t *a = l->addrs.head;
			     a != NULL; a = a->next) {
				if (a->negated ||
				    a->kind == DITTO_CONFIG_ACL_NONE) {
					continue;
				}
				bool exact =
				        a->kind == DITTO_CONFIG_ACL_PREFIX &&
				        a->prefix.len ==
				                (a->prefix.family == AF_INET6
				                         ? 128u
				                         : 32u);
				(void)ditto_config_sockaddr(exact ? &a->prefix
				                            : v6  ? &lo6
				                                  : &lo4,
				                            port, ss);
				return;
			}
		}
	}
	(void)ditto_config_sockaddr(&lo4, defport,
	                            ss); /* named's default: any */
}

/* ---- gathering ---- */

/* Names compare without case and without the final dot. */
static bool
same_zone(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 1 && a[la - 1] == '.') {
		la--;
	}
	if (lb > 1 && b[lb - 1] == '.') {
		lb--;
	}
	return la == lb && strncasecmp(a, b, la) == 0;
}

static void
ask_rndc(scrun_t *r, sc_zone_t *z)
{
	if (r->rndc_down) {
		z->rndc_fatal = true;
		snprintf(z->rndc_error, sizeof(z->rndc_error), "%s",
		         r->rndc_error);
		return;
	}
	char cmd[1200];
	if (z->view != NULL && strcmp(z->view, "_default") != 0) {
		snprintf(cmd, sizeof(cmd), "zonestatus %s IN %s", z->name,
		         z->view);
	} else {
		snprintf(cmd, sizeof(cmd), "zonestatus %s", z->name);
	}
	ctl_reply_t rep;
	ctl_run(r->ctl, cmd, &rep);
	if (rep.fatal) {
		z->rndc_fatal = true;
		r->rndc_down = true;
		snprintf(z->rndc_error, sizeof(z->rndc_error), "%.250s",
		         rep.msg);
		snprintf(r->rndc_error, sizeof(r->rndc_error), "%.250s",
		         rep.msg);
	} else if (rep.err != NULL) {
		snprintf(z->rndc_error, sizeof(z->rndc_error), "%s", rep.err);
	} else {
		z->rndc_ok = true;
		sc_zonestatus_parse(rep.text, &z->zs);
	}
	ctl_reply_clear(&rep);
}

static void
ask_primary(scrun_t *r, const ditto_config_view_t *v, syncdns_query_t *q,
            sc_primary_t *p)
{
	ditto_tsigkey_t *key = NULL;
	if (p->key != NULL) {
		const ditto_config_key_t *ck = find_key(r->cfg, v, p->key);
		ditto_err_t err = { .msg = "" };
		if (ck == NULL) {
			snprintf(p->error, sizeof(p->error),
			         "key '%s' is not in the configuration",
			         p->key);
			return;
		}
		if (ditto_tsigkey_fromtext(ck->name, ck->algorithm, ck->secret,
		                           &key, &err) != DITTO_R_SUCCESS) {
			snprintf(p->error, sizeof(p->error),
			         "key '%.60s': %.180s", p->key, err.msg);
			return;
		}
	}
	for (size_t i = 0; i < r->ndead; i++) {
		if (memcmp(&r->dead[i], &p->ss, sizeof(p->ss)) == 0) {
			ditto_tsigkey_destroy(&key);
			snprintf(p->error, sizeof(p->error),
			         "timed out (on an earlier zone; not asked "
			         "again)");
			return;
		}
	}
	syncdns_result_t res;
	q->addr = &p->ss;
	q->key = key;
	syncdns_soa(q, &res);
	ditto_tsigkey_destroy(&key);
	if (!res.answered && strstr(res.error, "timed out") != NULL &&
	    r->ndead < MAXDEAD) {
		r->dead[r->ndead++] = p->ss;
	}
	p->reachable = res.ok;
	p->serial = res.serial;
	p->expire = res.expire;
	p->transport = res.transport;
	snprintf(p->error, sizeof(p->error), "%s", res.error);
}

/* Everything about one zone of the configuration. */
static void
gather(scrun_t *r, const ditto_config_view_t *v, const ditto_config_zone_t *cz,
       sc_zone_t *z)
{
	char text[DITTO_NAME_MAXTEXT + 2];
	uint8_t origin[DITTO_NAME_MAXWIRE];
	uint16_t rclass = DITTO_CLASS_IN;
	size_t len = strlen(cz->name);
	snprintf(text, sizeof(text), "%s%s", cz->name,
	         len > 0 && cz->name[len - 1] == '.' ? "" : ".");
	uint16_t defport = r->cfg->port != 0 ? r->cfg->port : 53;
	primwalk_t w = { .cfg = r->cfg, .z = z };
	if (ditto_config_expand_remotes(r->cfg, cz->name, &cz->primaries,
	                                defport, add_primary, &w,
	                                NULL) != DITTO_R_SUCCESS) {
		/* an unknown or too deep list (named-checkconf refuses
		 * both first): the primaries found so far are asked */
	}
	ask_rndc(r, z);
	if (z->rndc_fatal) {
		return;
	}
	if (ditto_name_fromtext(text, strlen(text), NULL, origin, NULL, NULL) !=
	            DITTO_R_SUCCESS ||
	    (cz->rdclass != NULL &&
	     ditto_rrclass_fromtext(cz->rdclass, strlen(cz->rdclass),
	                            &rclass) != DITTO_R_SUCCESS)) {
		z->in_config = false;
		return;
	}
	syncdns_query_t q = { .origin = origin,
		              .rclass = rclass,
		              .timeout_ms = r->o.timeout_ms,
		              .tries = r->o.tries };
	if (z->rndc_ok) {
		syncdns_result_t res;
		q.addr = &r->self;
		syncdns_soa(&q, &res);
		z->self_ok = res.ok;
		z->self_noanswer = !res.answered;
		z->self_serial = res.serial;
		z->self_expire = res.expire;
		snprintf(z->self_error, sizeof(z->self_error), "%s", res.error);
	}
	for (size_t i = 0; i < z->nprimaries; i++) {
		ask_primary(r, v, &q, &z->primaries[i]);
	}
}

/* The zones to check: named ones, or every secondary. */
static size_t
select_zones(scrun_t *r, int nargs, char **args, sc_zone_t **zonesp,
             const ditto_config_zone_t ***czp, const ditto_config_view_t ***cvp)
{
	size_t cap = 0;
	for (const ditto_config_view_t *v = r->cfg->views; v != NULL;
	     v = v->next) {
		cap += v->nzones;
	}
	cap += (size_t)nargs;
	sc_zone_t *zones = ditto_calloc(cap + 1, sizeof(*zones));
	const ditto_config_zone_t **cz = ditto_calloc(cap + 1, sizeof(*cz));
	const ditto_config_view_t **cv = ditto_calloc(cap + 1, sizeof(*cv));
	size_t n = 0;
	for (int a = 0; a <= nargs; a++) {
		if (a == nargs && nargs > 0) {
			break;
		}
		size_t before = n;
		for (const ditto_config_view_t *v = r->cfg->views;
		     v != NULL && n < cap; v = v->next) {
			for (const ditto_config_zone_t *c = v->zones;
			     c != NULL && n < cap; c = c->next) {
				bool take =
				        nargs > 0 ? same_zone(c->name, args[a])
				                  : strcmp(c->type,
				                           "secondary") == 0;
				if (!take) {
					continue;
				}
				snprintf(zones[n].name, sizeof(zones[n].name),
				         "%s", c->name);
				zones[n].view = v->name;
				zones[n].in_config = true;
				cz[n] = c;
				cv[n++] = v;
			}
		}
		if (nargs > 0 && n == before && n < cap) {
			snprintf(zones[n].name, sizeof(zones[n].name), "%s",
			         args[a]);
			n++;
		}
	}
	*zonesp = zones;
	*czp = cz;
	*cvp = cv;
	return n;
}

static int fail_unknown(const scrun_t *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static int
fail_unknown(const scrun_t *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sc_print_failure(stdout, r->o.json, msg);
	return SC_UNKNOWN;
}

static int
load_config(scrun_t *r, ditto_cfg_parser_t *p, ditto_config_t **cfg)
{
	ditto_cfg_parser_init(p);
	if (ditto_config_load(p, r->conffile, cfg) == DITTO_R_SUCCESS) {
		r->cfg = *cfg;
		return 0;
	}
	const char *why = NULL;
	for (const ditto_cfg_diag_t *d = p->diags; d != NULL; d = d->next) {
		if (d->severity == DITTO_CFG_ERROR) {
			why = d->msg;
			break;
		}
	}
	return fail_unknown(r, "cannot load %s%s%s", r->conffile,
	                    why != NULL ? ": " : "", why != NULL ? why : "");
}

static int
check_zones(scrun_t *r, int nargs, char **args)
{
	sc_zone_t *zones = NULL;
	const ditto_config_zone_t **cz = NULL;
	const ditto_config_view_t **cv = NULL;
	size_t n = select_zones(r, nargs, args, &zones, &cz, &cv);
	int status;
	if (n == 0) {
		status = fail_unknown(r, "no secondary zones in %s",
		                      r->conffile);
		goto done;
	}
	ctl_sockaddr_format(&r->self, zones[0].self_addr,
	                    sizeof(zones[0].self_addr));
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			memcpy(zones[i].self_addr, zones[0].self_addr,
			       sizeof(zones[i].self_addr));
		}
		if (zones[i].in_config) {
			gather(r, cv[i], cz[i], &zones[i]);
		}
	}
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < n; i++) {
		sc_judge(&r->o, now, &zones[i]);
	}
	if (r->o.json) {
		sc_print_json(stdout, &r->o, zones, n, now);
	} else {
		sc_print_text(stdout, &r->o, zones, n, now);
	}
	status = (int)sc_overall(zones, n);
done:
	ditto_free(zones);
	ditto_free(cz);
	ditto_free(cv);
	return status;
}

int
synccheck_main(ctl_t *ctl, int argc, char **argv)
{
	scrun_t r;
	memset(&r, 0, sizeof(r));
	r.ctl = ctl;
	sc_opts_default(&r.o);
	r.o.json = ctl->json;
	r.conffile = DEFAULT_CONF;
	int first = parse_args(&r, argc, argv);
	if (first < 0) {
		usage(first == -2 ? stdout : stderr, ctl->progname);
		return SC_UNKNOWN;
	}
	/* a monitoring check must not hang for rndc's 60 s */
	ctl->timeout = 10;
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	int status = load_config(&r, &p, &cfg);
	if (status != 0) {
		ditto_cfg_parser_clear(&p);
		return status;
	}
	if (r.selfarg != NULL &&
	    !parse_addrport(r.selfarg, cfg->port != 0 ? cfg->port : 53,
	                    &r.self)) {
		status = fail_unknown(&r, "bad server address '%s'", r.selfarg);
	} else {
		if (r.selfarg == NULL) {
			self_address(cfg, &r.self);
		}
		status = check_zones(&r, argc - first, argv + first);
	}
	fflush(stdout);
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	return status;
}

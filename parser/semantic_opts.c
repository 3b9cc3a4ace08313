/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks of option values (options, view and zone level). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"

#define TXT        ditto__sem_txt
#define ARG(st, i) ditto_cfg_arg(st, i)

static bool
dur(const ditto_cfg_node_t *st, uint32_t *v)
{
	return st != NULL && ditto_cfg_value_duration(TXT(ARG(st, 1)), v);
}

static const ditto_cfg_node_t *
after(const ditto_cfg_node_t *stmt, const char *word)
{
	for (const ditto_cfg_node_t *it = stmt != NULL ? stmt->child : NULL;
	     it != NULL; it = it->next) {
		if (it->kind == DITTO_CFG_WORD && ditto_cfg_is(it, word)) {
			return it->next;
		}
	}
	return NULL;
}

/* ---- ports ---- */

static bool
check_port(ditto__sem_t *s, const ditto_cfg_node_t *list, const char *name,
           bool record)
{
	const ditto_cfg_node_t *st = ditto_cfg_find(list, name);
	uint32_t v;
	if (st == NULL || !ditto_cfg_value_uint32(TXT(ARG(st, 1)), &v)) {
		return true;
	}
	if (v >= 65535) {
		SEM_ERR(s, st, "port '%u' out of range", v);
		return false;
	}
	if (record) {
		s->dnsport = v;
	}
	return true;
}

/* query-source / transfer-source style: the port, 0 when none. */
static uint32_t
source_port(const ditto_cfg_node_t *st)
{
	uint32_t v = 0;
	const ditto_cfg_node_t *p = after(st, "port");
	if (p != NULL && !ditto_cfg_value_uint32(p->text, &v)) {
		v = 0;
	}
	return v;
}

bool
ditto__sem_source_ports(ditto__sem_t *s, const ditto_cfg_node_t *a,
                        const ditto_cfg_node_t *b, const char *const *names,
                        size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const ditto_cfg_node_t *st =
		        ditto__sem_get3(a, b, NULL, names[i]);
		if (st == NULL) {
			continue;
		}
		uint32_t port = source_port(st);
		if (port == s->dnsport) {
			SEM_ERR(s, st,
			        "'%s' cannot specify the DNS listener port "
			        "(%u)",
			        names[i], port);
			ok = false;
		} else if (port != 0) {
			SEM_WARN(s, st,
			         "'%s': specifying a port is not recommended",
			         names[i]);
		}
	}
	return ok;
}

/* ---- listen-on ---- */

static bool
find_named(ditto__sem_t *s, const char *kind, const char *name)
{
	for (const ditto_cfg_node_t *d = s->root; d != NULL; d = d->next) {
		if (ditto_cfg_is(d->child, kind) &&
		    strcasecmp(TXT(ARG(d, 1)), name) == 0) {
			return true;
		}
	}
	return false;
}

static bool
listener(ditto__sem_t *s, const ditto_cfg_node_t *st)
{
	bool ok = true, do_tls = false, no_tls = false;
	const ditto_cfg_node_t *t = after(st, "tls");
	if (t != NULL) {
		if (ditto_cfg_is(t, "none")) {
			no_tls = true;
		} else {
			do_tls = true;
			if (!ditto_cfg_is(t, "ephemeral") &&
			    !find_named(s, "tls", t->text)) {
				SEM_ERR(s, t, "tls '%s' is not defined",
				        t->text);
				ok = false;
			}
		}
	}
	const ditto_cfg_node_t *h = after(st, "http");
	if (h != NULL) {
		if (!do_tls && !no_tls) {
			SEM_ERR(s, h,
			        "http must specify a 'tls' statement, 'tls "
			        "ephemeral', or 'tls none'");
			ok = false;
		}
		if (!find_named(s, "http", h->text) &&
		    strcasecmp(h->text, "default") != 0) {
			SEM_ERR(s, h, "http '%s' is not defined", h->text);
			ok = false;
		}
	}
	const ditto_cfg_node_t *p = after(st, "port");
	uint32_t v;
	if (p != NULL && ditto_cfg_value_uint32(p->text, &v) && v >= 65535) {
		SEM_ERR(s, p, "port value '%u' is out of range", v);
		ok = false;
	}
	return ditto__sem_acl(s, st, NULL) && ok;
}

/* ---- option by option, as named's check_options() ---- */

static bool
intervals(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	static const struct {
		const char *name;
		uint32_t max;
	} t[] = {
		{ "heartbeat-interval", 40320 },
		{ "interface-interval", 40320 },
		{ "max-transfer-idle-in", 40320 },
		{ "max-transfer-idle-out", 40320 },
		{ "max-transfer-time-in", 40320 },
		{ "max-transfer-time-out", 40320 },
		{ "min-cache-ttl", 90 },
		{ "max-cache-ttl", UINT32_MAX },
		{ "min-ncache-ttl", 90 },
		{ "max-ncache-ttl", 604800 },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const ditto_cfg_node_t *st = ditto_cfg_find(list, t[i].name);
		uint32_t v;
		if (dur(st, &v) && v > t[i].max) {
			SEM_ERR(s, st, "%s '%u' is out of range (0..%u)",
			        t[i].name, v, t[i].max);
			ok = false;
		}
	}
	return ok;
}

static bool
dnssec_policy(ditto__sem_t *s, const ditto_cfg_node_t *list,
              ditto__semlevel_t level, bool *has)
{
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "dnssec-policy");
	*has = false;
	if (st == NULL) {
		return true;
	}
	const ditto_cfg_node_t *v = ARG(st, 1);
	bool block = ditto_cfg_block(st) != NULL;
	if (level != SEM_LEVEL_CONFIG && block) {
		SEM_ERR(s, st,
		        "dnssec-policy may only be configured at the top "
		        "level, please use name reference at the zone level");
		return false;
	}
	if (level == SEM_LEVEL_CONFIG) {
		if (!ditto__sem_kasp_list(s, list)) {
			return false;
		}
	}
	(void)v;
	*has = true;
	return true;
}

static bool
sigvalidity(ditto__sem_t *s, const ditto_cfg_node_t *list, bool has_kasp)
{
	bool ok = true;
	const ditto_cfg_node_t *st =
	        ditto_cfg_find(list, "sig-validity-interval");
	uint32_t val, rs;
	if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &val)) {
		const ditto_cfg_node_t *r = ARG(st, 2);
		if (val > 3660 || val == 0) {
			SEM_ERR(s, st, "%s '%u' is out of range (1..3660)",
			        "sig-validity-interval", val);
			ok = false;
		}
		if (r != NULL && ditto_cfg_value_uint32(r->text, &rs)) {
			if (rs > 3660 || rs == 0) {
				SEM_ERR(s, st,
				        "%s '%u' is out of range (1..3660)",
				        "sig-validity-interval (re-sign)", val);
				ok = false;
			} else if ((val > 7 && val < rs) ||
			           (val <= 7 && val * 24 < rs)) {
				SEM_ERR(s, st,
				        "validity interval (%u days) less than "
				        "re-signing interval (%u %s)",
				        val, rs, val > 7 ? "days" : "hours");
				ok = false;
			}
		}
		if (has_kasp) {
			SEM_ERR(s, st,
			        "sig-validity-interval: cannot be configured "
			        "if "
			        "dnssec-policy is also set");
			ok = false;
		}
	}
	st = ditto_cfg_find(list, "dnskey-sig-validity");
	if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &val)) {
		if (val > 3660) {
			SEM_ERR(s, st, "%s '%u' is out of range (0..3660)",
			        "dnskey-sig-validity", val);
			ok = false;
		}
		if (has_kasp) {
			SEM_ERR(s, st,
			        "dnskey-sig-validity: cannot be configured if "
			        "dnssec-policy is also set");
			ok = false;
		}
	}
	return ok;
}

static bool
name_list(ditto__sem_t *s, const ditto_cfg_node_t *list, const char *opt)
{
	bool ok = true;
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, opt)) {
			continue;
		}
		const char *n = TXT(ARG(st, 1));
		if (!ditto__sem_name_ok(n)) {
			SEM_ERR(s, st, "%s: invalid name '%s'", opt, n);
			ok = false;
		}
	}
	return ok;
}

static bool
disabled(ditto__sem_t *s, const ditto_cfg_node_t *list, const char *opt,
         bool algs)
{
	bool ok = true;
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, opt)) {
			continue;
		}
		const ditto_cfg_node_t *n = ARG(st, 1);
		if (!ditto__sem_name_ok(TXT(n))) {
			SEM_ERR(s, n, "bad domain name '%s'", TXT(n));
			ok = false;
		}
		for (const ditto_cfg_node_t *e = ditto__sem_body(st); e != NULL;
		     e = e->next) {
			const char *a = TXT(e->child);
			if (e->child == NULL) {
				continue;
			}
			if (algs && !ditto__sem_secalg(a)) {
				SEM_ERR(s, e->child, "invalid algorithm '%s'",
				        a);
				ok = false;
			} else if (!algs && !ditto__sem_dsdigest(a)) {
				SEM_ERR(s, e->child, "invalid digest type '%s'",
				        a);
				ok = false;
			}
		}
	}
	return ok;
}

static bool
must_be_secure(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	bool ok = true;
	ditto__semmap_t m = { 0 };
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "dnssec-must-be-secure")) {
			continue;
		}
		const char *n = TXT(ARG(st, 1));
		char buf[1100];
		if (!ditto__sem_name_format(n, buf, sizeof(buf), false)) {
			SEM_ERR(s, st, "bad domain name '%s'", n);
			ok = false;
			continue;
		}
		const ditto_cfg_node_t *prev =
		        ditto__semmap_add(&m, buf, st, 0);
		if (prev != NULL) {
			SEM_ERR(s, st,
			        "dnssec-must-be-secure '%s': already exists "
			        "previous definition: %s:%u",
			        buf, prev->file, prev->line);
			ok = false;
		}
	}
	ditto__semmap_clear(&m);
	return ok;
}

/* Decoded length of a hex string (white space allowed), -1 bad. */
static long
hexlen(const char *h)
{
	long n = 0;
	for (; *h != '\0'; h++) {
		if (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r') {
			continue;
		}
		if (!isxdigit((unsigned char)*h)) {
			return -1;
		}
		n++;
	}
	return n % 2 == 0 ? n / 2 : -1;
}

static bool
cookies(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	const char *alg = "siphash24";
	const ditto_cfg_node_t *ca = ditto_cfg_find(list, "cookie-algorithm");
	bool ok = true;
	if (ca != NULL) {
		alg = TXT(ARG(ca, 1));
		if (strcasecmp(alg, "aes") == 0) {
			SEM_WARN(s, ca, "cookie-algorithm 'aes' is deprecated");
		}
	}
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "cookie-secret")) {
			continue;
		}
		long n = hexlen(TXT(ARG(st, 1)));
		if (n > 32) {
			SEM_ERR(s, st, "cookie-secret: too long");
			ok = false;
			continue;
		}
		if (n < 0) {
			SEM_ERR(s, st, "cookie-secret: invalid hex string");
			ok = false;
			continue;
		}
		if (strcasecmp(alg, "aes") == 0 && n != 16) {
			SEM_ERR(s, st, "AES cookie-secret must be 128 bits");
			ok = false;
		}
		if (strcasecmp(alg, "siphash24") == 0 && n != 16) {
			SEM_ERR(s, st,
			        "SipHash-2-4 cookie-secret must be 128 bits");
			ok = false;
		}
	}
	return ok;
}

static bool
fstrm(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	static const struct {
		const char *name;
		uint32_t min, max;
	} t[] = {
		{ "fstrm-set-buffer-hint", 1024, 65536 },
		{ "fstrm-set-flush-timeout", 1, 600 },
		{ "fstrm-set-input-queue-size", 2, 16384 },
		{ "fstrm-set-output-notify-threshold", 1, 0 },
		{ "fstrm-set-output-queue-size", 2, 65536 },
		{ "fstrm-set-reopen-interval", 1, 600 },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const ditto_cfg_node_t *st = ditto_cfg_find(list, t[i].name);
		uint32_t v;
		if (!dur(st, &v)) {
			continue;
		}
		if (v < t[i].min || (t[i].max != 0 && v > t[i].max)) {
			if (t[i].max != 0) {
				SEM_ERR(s, st, "%s '%u' out of range (%u..%u)",
				        t[i].name, v, t[i].min, t[i].max);
			} else {
				SEM_ERR(s, st, "%s out of range (%u < %u)",
				        t[i].name, v, t[i].min);
			}
			ok = false;
		}
		if (i == 2 && (v & (v - 1)) != 0) {
			SEM_ERR(s, st, "%s '%u' not a power-of-2", t[i].name,
			        v);
			ok = false;
		}
	}
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "dnstap-output");
	if (st != NULL && ditto_cfg_is(ARG(st, 1), "unix")) {
		static const char *const k[] = { "size", "versions", "suffix" };
		for (size_t i = 0; i < 3; i++) {
			if (after(st, k[i]) != NULL) {
				SEM_ERR(s, st,
				        "dnstap-output %s cannot be set with "
				        "mode unix",
				        k[i]);
				ok = false;
			}
		}
	}
	return ok;
}

static bool
misc_values(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	bool ok = true;
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "lmdb-mapsize");
	uint64_t sz;
	if (st != NULL && ditto_cfg_value_sizeval(TXT(ARG(st, 1)), &sz)) {
		if (sz < (1ull << 20)) {
			SEM_ERR(s, st, "'lmdb-mapsize %llu' is too small",
			        (unsigned long long)sz);
			ok = false;
		} else if (sz > (1ull << 40)) {
			SEM_ERR(s, st, "'lmdb-mapsize %llu' is too large",
			        (unsigned long long)sz);
			ok = false;
		}
	}
	st = ditto_cfg_find(list, "resolver-nonbackoff-tries");
	uint32_t v;
	if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &v) &&
	    v == 0) {
		SEM_ERR(s, st, "'resolver-nonbackoff-tries' must be >= 1");
		ok = false;
	}
	st = ditto_cfg_find(list, "max-ixfr-ratio");
	if (st != NULL && ditto_cfg_value_percent(TXT(ARG(st, 1)), &v)) {
		if (v == 0) {
			SEM_ERR(s, st,
			        "'ixfr-max-ratio' must be a nonzero percentage "
			        "or 'unlimited')");
			ok = false;
		} else if (v > 100) {
			SEM_WARN(s, st, "'ixfr-max-ratio %u%%' exceeds 100%%",
			         v);
		}
	}
	return ok;
}

static bool
check_names(ditto__sem_t *s, const ditto_cfg_node_t *list,
            ditto__semlevel_t level)
{
	static const char *const kw[] = { "master", "primary", "slave",
		                          "secondary" };
	unsigned int seen = 0;
	bool ok = true;
	const ditto_cfg_node_t *first = ditto_cfg_find(list, "check-names");
	if (level == SEM_LEVEL_ZONE || first == NULL) {
		return true;
	}
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "check-names")) {
			continue;
		}
		const char *k = TXT(ARG(st, 1));
		for (unsigned int i = 0; i < 4; i++) {
			if (strcasecmp(k, kw[i]) != 0) {
				continue;
			}
			if (seen & (1u << i)) {
				SEM_ERR(s, first, "'check-names %s' duplicated",
				        kw[i]);
				ok = false;
			}
			seen |= 1u << i;
		}
	}
	if ((seen & 3) == 3) {
		SEM_ERR(s, first,
		        "'check-names' cannot take both 'primary' and "
		        "'master'");
		ok = false;
	}
	if ((seen & 12) == 12) {
		SEM_ERR(s, first,
		        "'check-names' cannot take both 'secondary' and "
		        "'slave'");
		ok = false;
	}
	return ok;
}

static bool
options_dnssec(ditto__sem_t *s, const ditto_cfg_node_t *list,
               ditto__semlevel_t level)
{
	bool has_kasp, ok = dnssec_policy(s, list, level, &has_kasp);
	const ditto_cfg_node_t *st =
	        ditto_cfg_find(list, "max-rsa-exponent-size");
	uint32_t v;
	if (st != NULL && ditto_cfg_value_uint32(TXT(ARG(st, 1)), &v) &&
	    v != 0 && (v < 35 || v > 4096)) {
		SEM_ERR(s, st,
		        "max-rsa-exponent-size '%u' is out of range "
		        "(35..4096)",
		        v);
		ok = false;
	}
	ok &= sigvalidity(s, list, has_kasp);
	st = ditto_cfg_find(list, "preferred-glue");
	if (st != NULL) {
		const char *g = TXT(ARG(st, 1));
		if (strcasecmp(g, "a") != 0 && strcasecmp(g, "aaaa") != 0 &&
		    strcasecmp(g, "none") != 0) {
			SEM_WARN(s, st, "preferred-glue unexpected value '%s'",
			         g);
		}
	}
	st = ditto_cfg_find(list, "root-delegation-only");
	const ditto_cfg_node_t *ex = after(st, "exclude");
	for (const ditto_cfg_node_t *e =
	             ex != NULL && ex->kind == DITTO_CFG_BLOCK ? ex->child
	                                                       : NULL;
	     e != NULL; e = e->next) {
		if (!ditto__sem_name_ok(TXT(e->child))) {
			SEM_ERR(s, st, "bad domain name '%s'", TXT(e->child));
			ok = false;
		}
	}
	ok &= disabled(s, list, "disable-algorithms", true);
	ok &= disabled(s, list, "disable-ds-digests", false);
	st = ditto_cfg_find(list, "auto-dnssec");
	if (st != NULL && level != SEM_LEVEL_ZONE &&
	    !ditto_cfg_is(ARG(st, 1), "off")) {
		SEM_ERR(s, st,
		        "auto-dnssec may only be activated at the zone level");
		ok = false;
	}
	ok &= must_be_secure(s, list);
	return ok;
}

static bool
options_misc(ditto__sem_t *s, const ditto_cfg_node_t *list)
{
	static const char *const sc[] = { "empty-server", "empty-contact",
		                          "dns64-server", "dns64-contact" };
	bool ok = true;
	for (size_t i = 0; i < 4; i++) {
		ok &= name_list(s, list, sc[i]);
	}
	ok &= name_list(s, list, "disable-empty-zone");
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "server-id");
	if (st != NULL && ARG(st, 1) != NULL &&
	    ARG(st, 1)->kind == DITTO_CFG_STRING &&
	    strlen(TXT(ARG(st, 1))) > 1024) {
		SEM_ERR(s, st, "'server-id' too big (>1024 bytes)");
		ok = false;
	}
	uint32_t lifetime = 3600, v;
	st = ditto_cfg_find(list, "nta-lifetime");
	if (dur(st, &lifetime)) {
		if (lifetime > 604800) {
			SEM_ERR(s, st, "'nta-lifetime' cannot exceed one week");
			ok = false;
		} else if (lifetime == 0) {
			SEM_ERR(s, st, "'nta-lifetime' may not be zero");
			ok = false;
		}
	}
	st = ditto_cfg_find(list, "nta-recheck");
	if (dur(st, &v)) {
		if (v > 604800) {
			SEM_ERR(s, st, "'nta-recheck' cannot exceed one week");
			ok = false;
		}
		if (v > lifetime) {
			SEM_WARN(s, st,
			         "'nta-recheck' (%u seconds) is greater than "
			         "'nta-lifetime' (%u seconds)",
			         v, lifetime);
		}
	}
	ok &= cookies(s, list);
	ok &= fstrm(s, list);
	ok &= misc_values(s, list);
	return ok;
}

bool
ditto__sem_options(ditto__sem_t *s, const ditto_cfg_node_t *list,
                   ditto__semlevel_t level)
{
	static const char *const qs[] = { "query-source", "query-source-v6" };
	bool ok = true;
	if (level == SEM_LEVEL_OPTIONS) {
		ok &= check_port(s, list, "port", true);
		ok &= check_port(s, list, "tls-port", false);
		ok &= check_port(s, list, "http-port", false);
		ok &= check_port(s, list, "https-port", false);
	}
	if (level == SEM_LEVEL_OPTIONS || level == SEM_LEVEL_VIEW) {
		ok &= ditto__sem_source_ports(s, list, NULL, qs, 2);
	}
	ok &= intervals(s, list);
	ok &= options_dnssec(s, list, level);
	ok &= options_misc(s, list);
	ok &= check_names(s, list, level);
	const ditto_cfg_node_t *st = ditto_cfg_find(list, "stale-refresh-time");
	uint32_t v;
	if (dur(st, &v) && v > 0 && v < 30) {
		SEM_WARN(s, st,
		         "'stale-refresh-time' should either be 0 or otherwise "
		         "30 seconds or higher");
	}
	for (const ditto_cfg_node_t *l = list; l != NULL; l = l->next) {
		if (ditto_cfg_is(l->child, "listen-on")) {
			ok &= listener(s, l);
		}
	}
	for (const ditto_cfg_node_t *l = list; l != NULL; l = l->next) {
		if (ditto_cfg_is(l->child, "listen-on-v6")) {
			ok &= listener(s, l);
		}
	}
	return ok;
}

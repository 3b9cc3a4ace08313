/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks: value ranges, logging, controls, lists, keys, servers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"

#define TXT ditto__sem_txt

/* ---- values named rejects while parsing ---- */

static void
netprefix(ditto__sem_t *s, const ditto_cfg_node_t *it)
{
	ditto_cfg_prefix_t pfx;
	const char *slash = strchr(it->text, '/');
	switch (ditto_cfg_value_prefix(it->text, &pfx)) {
	case DITTO_CFG_PREFIX_BADLEN:
		SEM_ERR(s, it, "invalid prefix length '%s'", slash + 1);
		break;
	case DITTO_CFG_PREFIX_MISMATCH:
		SEM_ERR(s, it, "'%s': address/prefix length mismatch '%s'",
		        it->text, slash + 1);
		break;
	default:
		break;
	}
}

/* Is the port item \a it part of an address ("1.2.3.4 port 53")? */
static bool
sockaddr_port(const ditto_cfg_node_t *stmt, const ditto_cfg_node_t *it)
{
	const ditto_cfg_node_t *a = NULL, *b = NULL;
	for (const ditto_cfg_node_t *n = stmt->child; n != NULL && n != it;
	     n = n->next) {
		a = b;
		b = n;
	}
	if (a == NULL || !ditto_cfg_is(b, "port")) {
		return false;
	}
	ditto_cfg_prefix_t pfx;
	return ditto_cfg_is(a, "*") ||
	       (a->kind != DITTO_CFG_BLOCK &&
	        ditto_cfg_value_prefix(a->text, &pfx) == DITTO_CFG_PREFIX_OK);
}

static void
numbers(ditto__sem_t *s, const ditto_cfg_node_t *stmt, unsigned int depth)
{
	if (depth > DITTO_CFG_MAXDEPTH + 2) {
		return;
	}
	for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
	     it = it->next) {
		uint32_t v;
		if (it->kind == DITTO_CFG_BLOCK) {
			for (const ditto_cfg_node_t *e = it->child; e != NULL;
			     e = e->next) {
				numbers(s, e, depth + 1);
			}
			continue;
		}
		if (it->vtype == DITTO_CFG_V_NETPREFIX ||
		    it->vtype == DITTO_CFG_V_AMEWORD) {
			netprefix(s, it);
			continue;
		}
		bool is_int = it->vtype == DITTO_CFG_V_INTEGER ||
		              it->vtype == DITTO_CFG_V_PORT;
		if (it->vtype == DITTO_CFG_V_SAPORT) {
			/* named reads this one as a decimal number */
			if (!ditto_cfg_value_isnumber(it->text)) {
				SEM_ERR(s, it,
				        "expected port number or '*' near '%s'",
				        it->text);
			} else if (!ditto_cfg_value_uint32(it->text, &v) ||
			           strtoul(it->text, NULL, 10) > 65535) {
				SEM_ERR(s, it,
				        "port number out of range near '%s'",
				        it->text);
			}
		} else if (is_int && !ditto_cfg_value_uint32(it->text, &v)) {
			SEM_ERR(s, it, "out of range ");
		} else if (it->vtype == DITTO_CFG_V_PORT && v > 65535 &&
		           sockaddr_port(stmt, it)) {
			SEM_ERR(s, it, "port number out of range near '%s'",
			        it->text);
		}
	}
}

/* Deprecated tokens named warns about while parsing. */
static void
tokens(ditto__sem_t *s, const ditto_cfg_node_t *stmt, unsigned int depth)
{
	if (depth > DITTO_CFG_MAXDEPTH + 2 || stmt->clause == NULL) {
		return;
	}
	const char *n = stmt->clause->name;
	if (strstr(n, "-source") != NULL) {
		for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
		     it = it->next) {
			if (ditto_cfg_is(it, "port") &&
			    it->kind == DITTO_CFG_WORD) {
				SEM_WARN(s, it, "token 'port' is deprecated");
			} else if (ditto_cfg_is(it, "dscp")) {
				SEM_WARN(s, it,
				         "'dscp' is obsolete and should be "
				         "removed");
			}
		}
	}
	for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
	     it = it->next) {
		if (it->kind == DITTO_CFG_BLOCK &&
		    it->vtype == DITTO_CFG_V_BLOCK) {
			for (const ditto_cfg_node_t *e = it->child; e != NULL;
			     e = e->next) {
				tokens(s, e, depth + 1);
			}
		}
	}
}

void
ditto__sem_parselevel(ditto__sem_t *s)
{
	for (const ditto_cfg_node_t *st = s->root; st != NULL; st = st->next) {
		numbers(s, st, 0);
	}
}

void
ditto__cfg_tokens(ditto__cfg_check_t *c, const ditto_cfg_node_t *stmt)
{
	ditto__sem_t s = { .c = c };
	tokens(&s, stmt, 0);
}

/* ---- OpenSSL cipher strings, as far as named's check needs ---- */

static bool
cipher_word(const char *w, size_t n)
{
	static const char *const kw[] = {
		"ALL",
		"HIGH",
		"MEDIUM",
		"LOW",
		"DEFAULT",
		"COMPLEMENTOFDEFAULT",
		"COMPLEMENTOFALL",
		"aNULL",
		"eNULL",
		"NULL",
		"kRSA",
		"aRSA",
		"RSA",
		"kDHE",
		"kEDH",
		"DH",
		"DHE",
		"EDH",
		"ADH",
		"kEECDH",
		"kECDHE",
		"ECDH",
		"ECDHE",
		"EECDH",
		"AECDH",
		"aDSS",
		"DSS",
		"aECDSA",
		"ECDSA",
		"TLSv1.2",
		"TLSv1.0",
		"SSLv3",
		"AES",
		"AES128",
		"AES256",
		"AESGCM",
		"AESCCM",
		"AESCCM8",
		"ARIA",
		"ARIA128",
		"ARIA256",
		"CAMELLIA",
		"CAMELLIA128",
		"CAMELLIA256",
		"CHACHA20",
		"3DES",
		"DES",
		"RC4",
		"RC2",
		"IDEA",
		"SEED",
		"MD5",
		"SHA1",
		"SHA",
		"SHA256",
		"SHA384",
		"PSK",
		"kPSK",
		"kECDHEPSK",
		"kDHEPSK",
		"kRSAPSK",
		"aPSK",
		"SUITEB128",
		"SUITEB128ONLY",
		"SUITEB192",
		"@STRENGTH",
		"@SECLEVEL",
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		if (strlen(kw[i]) == n && strncmp(kw[i], w, n) == 0) {
			return true;
		}
	}
	/* a single cipher name such as ECDHE-RSA-AES128-GCM-SHA256 */
	bool dash = false, known = false;
	for (size_t i = 0; i < n; i++) {
		char ch = w[i];
		if (ch == '-') {
			dash = true;
		} else if (!((ch >= 'A' && ch <= 'Z') ||
		             (ch >= '0' && ch <= '9'))) {
			return false;
		}
	}
	known = strstr(w, "AES") != NULL || strstr(w, "CHACHA") != NULL ||
	        strstr(w, "CAMELLIA") != NULL || strstr(w, "ARIA") != NULL;
	return dash && known;
}

bool
ditto__sem_cipherlist_ok(const char *list)
{
	bool any = false;
	const char *p = list;
	while (*p != '\0') {
		size_t n = strcspn(p, ":, ");
		const char *w = p;
		bool neg = n > 0 && (*w == '!' || *w == '-');
		if (n > 0 && (*w == '!' || *w == '-' || *w == '+')) {
			w++;
			n--;
		}
		if (n > 0 && *w != '@') {
			bool ok = true;
			for (const char *q = w; q < w + n;) {
				size_t m = strcspn(q, "+");
				if (m > (size_t)(w + n - q)) {
					m = (size_t)(w + n - q);
				}
				ok &= cipher_word(q, m);
				q += m + (q + m < w + n);
			}
			any |= ok && !neg;
		}
		p += strcspn(p, ":, ");
		p += strspn(p, ":, ");
	}
	return any;
}

/* ---- logging ---- */

static bool
known_category(const char *c)
{
	static const char *const cats[] = {
		"client",
		"cname",
		"config",
		"database",
		"default",
		"delegation-only",
		"dispatch",
		"dnssec",
		"dnstap",
		"edns-disabled",
		"general",
		"lame-servers",
		"network",
		"notify",
		"nsid",
		"queries",
		"query-errors",
		"rate-limit",
		"resolver",
		"rpz",
		"rpz-passthru",
		"security",
		"serve-stale",
		"spill",
		"sslkeylog",
		"trust-anchor-telemetry",
		"unmatched",
		"update",
		"update-security",
		"xfer-in",
		"xfer-out",
		"zoneload",
	};
	for (size_t i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		if (strcasecmp(cats[i], c) == 0) {
			return true;
		}
	}
	return false;
}

bool
ditto__sem_logging(ditto__sem_t *s)
{
	static const char *const builtin[] = { "default_syslog",
		                               "default_stderr",
		                               "default_debug", "null" };
	const ditto_cfg_node_t *lg = ditto_cfg_find(s->root, "logging");
	if (lg == NULL) {
		return true;
	}
	bool ok = true;
	ditto__semmap_t ch = { 0 };
	for (size_t i = 0; i < 4; i++) {
		(void)ditto__semmap_add(&ch, builtin[i], lg, 0);
	}
	const ditto_cfg_node_t *l = ditto__sem_body(lg);
	for (const ditto_cfg_node_t *e = l; e != NULL; e = e->next) {
		if (!ditto_cfg_is(e->child, "channel")) {
			continue;
		}
		const ditto_cfg_node_t *b = ditto__sem_body(e);
		int dest = (ditto_cfg_find(b, "file") != NULL) +
		           (ditto_cfg_find(b, "syslog") != NULL) +
		           (ditto_cfg_find(b, "null") != NULL) +
		           (ditto_cfg_find(b, "stderr") != NULL);
		if (dest != 1) {
			SEM_ERR(s, e,
			        "channel '%s': exactly one of file, syslog, "
			        "null, and stderr must be present",
			        TXT(ditto_cfg_arg(e, 1)));
			ok = false;
		}
		(void)ditto__semmap_add(&ch, TXT(ditto_cfg_arg(e, 1)), e, 0);
	}
	for (const ditto_cfg_node_t *e = l; e != NULL; e = e->next) {
		if (!ditto_cfg_is(e->child, "category")) {
			continue;
		}
		const char *cat = TXT(ditto_cfg_arg(e, 1));
		if (!known_category(cat)) {
			SEM_ERR(s, e, "undefined category: '%s'", cat);
			ok = false;
		}
		for (const ditto_cfg_node_t *c = ditto__sem_body(e); c != NULL;
		     c = c->next) {
			if (c->child != NULL &&
			    ditto__semmap_get(&ch, TXT(c->child), NULL) ==
			            NULL) {
				SEM_ERR(s, c, "undefined channel: '%s'",
				        TXT(c->child));
				ok = false;
			}
		}
	}
	ditto__semmap_clear(&ch);
	return ok;
}

/* ---- controls ---- */

static bool
control_keys(ditto__sem_t *s, const ditto_cfg_node_t *ctl)
{
	bool ok = true;
	for (const ditto_cfg_node_t *it = ctl->child; it != NULL;
	     it = it->next) {
		if (!ditto_cfg_is(it, "keys") || it->next == NULL ||
		    it->next->kind != DITTO_CFG_BLOCK) {
			continue;
		}
		for (const ditto_cfg_node_t *k = it->next->child; k != NULL;
		     k = k->next) {
			bool found = false;
			for (const ditto_cfg_node_t *d = s->root; d != NULL;
			     d = d->next) {
				if (ditto_cfg_is(d->child, "key") &&
				    strcasecmp(TXT(ditto_cfg_arg(d, 1)),
				               TXT(k->child)) == 0) {
					found = true;
				}
			}
			if (k->child != NULL && !found) {
				SEM_ERR(s, k, "unknown key '%s'",
				        TXT(k->child));
				ok = false;
			}
		}
	}
	return ok;
}

static const ditto_cfg_node_t *
after(const ditto_cfg_node_t *stmt, const char *word)
{
	for (const ditto_cfg_node_t *it = stmt->child; it != NULL;
	     it = it->next) {
		if (ditto_cfg_is(it, word) && it->kind == DITTO_CFG_WORD) {
			return it->next;
		}
	}
	return NULL;
}

static bool
unix_control(ditto__sem_t *s, const ditto_cfg_node_t *ctl)
{
	const char *path = TXT(ditto_cfg_arg(ctl, 1));
	bool ok = true;
	uint32_t perm = 0;
	const ditto_cfg_node_t *p = after(ctl, "perm");
	const char *pt = TXT(p);
	/* named reads perm as a decimal-looking octal literal */
	for (; *pt >= '0' && *pt <= '9'; pt++) {
		perm = perm * 8 + (uint32_t)(*pt - '0');
	}
	int i;
	for (i = 0; i < 3; i++) {
		uint32_t mask = 0x6u << (i * 3);
		if ((perm & mask) == mask) {
			break;
		}
	}
	if (i == 0) {
		SEM_WARN(s, ctl, "unix control '%s' allows access to everyone",
		         path);
	} else if (i == 3) {
		SEM_WARN(s, ctl, "unix control '%s' allows access to nobody",
		         path);
	}
	return ok;
}

bool
ditto__sem_controls(ditto__sem_t *s)
{
	bool ok = true;
	for (const ditto_cfg_node_t *c = s->root; c != NULL; c = c->next) {
		if (!ditto_cfg_is(c->child, "controls")) {
			continue;
		}
		for (const ditto_cfg_node_t *e = ditto__sem_body(c); e != NULL;
		     e = e->next) {
			if (ditto_cfg_is(e->child, "inet")) {
				const ditto_cfg_node_t *al = after(e, "allow");
				if (al != NULL && al->kind == DITTO_CFG_BLOCK) {
					s->acldepth = 0;
					ditto_cfg_node_t tmp = *e;
					tmp.child = (ditto_cfg_node_t *)al;
					ok &= ditto__sem_acl(s, &tmp, NULL);
				}
				ok &= control_keys(s, e);
			} else if (ditto_cfg_is(e->child, "unix")) {
				ok &= unix_control(s, e);
				ok &= control_keys(s, e);
			}
		}
	}
	return ok;
}

/* ---- primaries / parental-agents lists ---- */

static bool
list_dups(ditto__sem_t *s, ditto__semmap_t *m, const char *kind)
{
	for (const ditto_cfg_node_t *d = s->root; d != NULL; d = d->next) {
		if (!ditto_cfg_is(d->child, kind)) {
			continue;
		}
		const char *name = TXT(ditto_cfg_arg(d, 1));
		const ditto_cfg_node_t *prev = ditto__semmap_add(m, name, d, 0);
		if (prev != NULL) {
			SEM_ERR(s, d,
			        "%s list '%s' is duplicated: also defined at "
			        "%s:%u",
			        kind, name, prev->file, prev->line);
			return false;
		}
	}
	return true;
}

bool
ditto__sem_remote_lists(ditto__sem_t *s)
{
	ditto__semmap_t m = { 0 };
	bool ok = list_dups(s, &m, "primaries");
	ok &= list_dups(s, &m, "masters");
	ditto__semmap_clear(&m);
	ok &= list_dups(s, &m, "parental-agents");
	ditto__semmap_clear(&m);
	return ok;
}

/* ---- http and tls ---- */

static bool
http_path_ok(const char *p)
{
	if (p[0] != '/') {
		return false;
	}
	for (; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || strchr("\"<>\\^`{|}#", ch)) {
			return false;
		}
	}
	return true;
}

static bool
https(ditto__sem_t *s)
{
	bool ok = true;
	ditto__semmap_t m = { 0 };
	for (const ditto_cfg_node_t *h = s->root; h != NULL; h = h->next) {
		if (!ditto_cfg_is(h->child, "http")) {
			continue;
		}
		const char *name = TXT(ditto_cfg_arg(h, 1));
		if (strcasecmp(name, "default") == 0) {
			SEM_ERR(s, h,
			        "'http' name cannot be '%s' (which is a "
			        "built-in configuration)",
			        name);
			ok = false;
			continue;
		}
		const ditto_cfg_node_t *prev =
		        ditto__semmap_add(&m, name, h, 0);
		if (prev != NULL) {
			SEM_ERR(s, h,
			        "http '%s' is duplicated: also defined at "
			        "%s:%u",
			        name, prev->file, prev->line);
			ok = false;
		}
		const ditto_cfg_node_t *eps =
		        ditto_cfg_find(ditto__sem_body(h), "endpoints");
		for (const ditto_cfg_node_t *e = ditto__sem_body(eps);
		     e != NULL; e = e->next) {
			if (e->child != NULL && !http_path_ok(TXT(e->child))) {
				SEM_ERR(s, eps,
				        "endpoint '%s' is not a valid absolute "
				        "HTTP path",
				        TXT(e->child));
				ok = false;
			}
		}
	}
	ditto__semmap_clear(&m);
	return ok;
}

static bool
tls_protocols(ditto__sem_t *s, const ditto_cfg_node_t *t, const char *name)
{
	const ditto_cfg_node_t *pr =
	        ditto_cfg_find(ditto__sem_body(t), "protocols");
	if (pr == NULL) {
		return true;
	}
	bool ok = true, v12 = false, v13 = false;
	int valid = 0;
	for (const ditto_cfg_node_t *e = ditto__sem_body(pr); e != NULL;
	     e = e->next) {
		const char *v = TXT(e->child);
		bool *seen = strcasecmp(v, "TLSv1.2") == 0   ? &v12
		             : strcasecmp(v, "TLSv1.3") == 0 ? &v13
		                                             : NULL;
		if (seen == NULL) {
			SEM_ERR(s, e,
			        "'%s' is not a valid TLS protocol version", v);
			ok = false;
			continue;
		}
		if (*seen) {
			SEM_ERR(s, e,
			        "'%s' is specified more than once in '%s'", v,
			        name);
			ok = false;
		}
		*seen = true;
		valid++;
	}
	if (valid == 0) {
		SEM_ERR(s, pr,
		        "tls '%s' does not contain any valid TLS protocol "
		        "versions definitions",
		        name);
		ok = false;
	}
	return ok;
}

static bool
tlss(ditto__sem_t *s)
{
	bool ok = true;
	ditto__semmap_t m = { 0 };
	for (const ditto_cfg_node_t *t = s->root; t != NULL; t = t->next) {
		if (!ditto_cfg_is(t->child, "tls")) {
			continue;
		}
		const char *name = TXT(ditto_cfg_arg(t, 1));
		if (strcasecmp(name, "ephemeral") == 0 ||
		    strcasecmp(name, "none") == 0) {
			SEM_ERR(s, t,
			        "tls clause name '%s' is reserved for internal "
			        "use",
			        name);
			ok = false;
			continue;
		}
		const ditto_cfg_node_t *prev =
		        ditto__semmap_add(&m, name, t, 0);
		if (prev != NULL) {
			SEM_ERR(s, t,
			        "tls clause '%s' is duplicated: also defined "
			        "at %s:%u",
			        name, prev->file, prev->line);
			ok = false;
			continue;
		}
		const ditto_cfg_node_t *b = ditto__sem_body(t);
		if ((ditto_cfg_find(b, "cert-file") == NULL) !=
		    (ditto_cfg_find(b, "key-file") == NULL)) {
			SEM_ERR(s, t,
			        "tls '%s': 'cert-file' and 'key-file' must "
			        "both be specified, or both omitted",
			        name);
			ok = false;
		}
		ok &= tls_protocols(s, t, name);
		const ditto_cfg_node_t *ci = ditto_cfg_find(b, "ciphers");
		if (ci != NULL &&
		    !ditto__sem_cipherlist_ok(TXT(ditto_cfg_arg(ci, 1)))) {
			SEM_ERR(s, ci,
			        "'ciphers' in the 'tls' clause '%s' is not a "
			        "valid cipher list string",
			        name);
			ok = false;
		}
	}
	ditto__semmap_clear(&m);
	return ok;
}

bool
ditto__sem_http_tls(ditto__sem_t *s)
{
	bool ok = https(s);
	ok &= tlss(s);
	return ok;
}

/* ---- keys ---- */

static bool
key_algorithm(ditto__sem_t *s, const ditto_cfg_node_t *algst,
              const char *keyname)
{
	static const struct {
		const char *name;
		unsigned int size;
	} algs[] = { { "hmac-md5", 128 },
		     { "hmac-md5.sig-alg.reg.int", 0 },
		     { "hmac-md5.sig-alg.reg.int.", 0 },
		     { "hmac-sha1", 160 },
		     { "hmac-sha224", 224 },
		     { "hmac-sha256", 256 },
		     { "hmac-sha384", 384 },
		     { "hmac-sha512", 512 } };
	const char *a = TXT(ditto_cfg_arg(algst, 1));
	size_t i, len = 0, n = sizeof(algs) / sizeof(algs[0]);
	for (i = 0; i < n; i++) {
		len = strlen(algs[i].name);
		if (strncasecmp(algs[i].name, a, len) == 0 &&
		    (a[len] == '\0' || (algs[i].size != 0 && a[len] == '-'))) {
			break;
		}
	}
	if (i == n) {
		SEM_ERR(s, algst, "unknown algorithm '%s'", a);
		return false;
	}
	if (a[len] != '-') {
		return true;
	}
	const char *d = a + len + 1;
	uint32_t bits = 0;
	bool digits = *d != '\0';
	for (const char *p = d; *p != '\0'; p++) {
		digits &= *p >= '0' && *p <= '9';
	}
	if (!digits) {
		SEM_ERR(s, algst, "key '%s': unable to parse digest-bits",
		        keyname);
		return false;
	}
	if (!ditto_cfg_value_uint32(d, &bits) || bits > 65535 ||
	    bits > algs[i].size) {
		SEM_ERR(s, algst, "key '%s' digest-bits too large [%u..%u]",
		        keyname, algs[i].size / 2, algs[i].size);
		return false;
	}
	if (bits % 8 != 0) {
		SEM_ERR(s, algst, "key '%s' digest-bits not multiple of 8",
		        keyname);
		return false;
	}
	if (bits < algs[i].size / 2 || bits < 80) {
		SEM_WARN(s, algst, "key '%s' digest-bits too small [<%u]",
		         keyname, algs[i].size / 2);
	}
	return true;
}

static bool
one_key(ditto__sem_t *s, const ditto_cfg_node_t *key, const char *name)
{
	const ditto_cfg_node_t *b = ditto__sem_body(key);
	const ditto_cfg_node_t *alg = ditto_cfg_find(b, "algorithm");
	const ditto_cfg_node_t *sec = ditto_cfg_find(b, "secret");
	if (alg == NULL || sec == NULL) {
		SEM_ERR(s, key,
		        "key '%s' must have both 'secret' and 'algorithm' "
		        "defined",
		        name);
		return false;
	}
	uint32_t len;
	if (!ditto_cfg_value_base64(TXT(ditto_cfg_arg(sec, 1)), &len)) {
		SEM_ERR(s, sec, "bad secret 'bad base64 encoding'");
		return false;
	}
	return key_algorithm(s, alg, name);
}

int
ditto__sem_keylist(ditto__sem_t *s, const ditto_cfg_node_t *list,
                   ditto__semmap_t *keys)
{
	int r = 0;
	for (const ditto_cfg_node_t *k = list; k != NULL; k = k->next) {
		if (!ditto_cfg_is(k->child, "key")) {
			continue;
		}
		const char *id = TXT(ditto_cfg_arg(k, 1));
		char canon[1100];
		if (!ditto__sem_name_canon(id, canon, sizeof(canon))) {
			SEM_ERR(s, k, "key '%s': bad key name", id);
			r = r == 0 ? 1 : r;
			continue;
		}
		if (!one_key(s, k, id)) {
			return 2;
		}
		const ditto_cfg_node_t *prev =
		        ditto__semmap_add(keys, canon, k, 0);
		if (prev != NULL) {
			SEM_ERR(s, k,
			        "key '%s': already exists previous definition: "
			        "%s:%u",
			        id, prev->file, prev->line);
			r = r == 0 ? 1 : r;
		}
	}
	return r;
}

/* ---- server statements ---- */

static bool
server_sources(ditto__sem_t *s, const ditto_cfg_node_t *v,
               const ditto_cfg_prefix_t *p, const char *buf)
{
	static const char *const src[][2] = {
		{ "transfer-source", "transfer-source-v6" },
		{ "notify-source", "notify-source-v6" },
		{ "parental-source", "parental-source-v6" },
		{ "query-source", "query-source-v6" },
	};
	bool ok = true;
	const ditto_cfg_node_t *b = ditto__sem_body(v);
	for (size_t i = 0; i < 4; i++) {
		const char *bad = src[i][p->family == AF_INET ? 1 : 0];
		if (ditto_cfg_find(b, bad) != NULL) {
			SEM_ERR(s, v, "server '%s/%u': %s not legal", buf,
			        p->len, bad);
			ok = false;
		}
		const char *good = src[i][p->family == AF_INET ? 0 : 1];
		const ditto_cfg_node_t *o = ditto_cfg_find(b, good);
		const ditto_cfg_node_t *port =
		        o != NULL ? after(o, "port") : NULL;
		uint32_t pn;
		if (port != NULL && ditto_cfg_value_uint32(port->text, &pn) &&
		    pn == s->dnsport) {
			SEM_ERR(s, o,
			        "'%s' cannot specify the DNS listener port "
			        "(%u)",
			        good, pn);
			ok = false;
		}
	}
	return ok;
}

static bool
server_prefix(const ditto_cfg_node_t *v, ditto_cfg_prefix_t *p, char *buf,
              size_t size)
{
	const char *t = TXT(ditto_cfg_arg(v, 1));
	char tmp[128];
	snprintf(tmp, sizeof(tmp), "%s", t);
	char *slash = strchr(tmp, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
	if (ditto_cfg_value_prefix(tmp, p) != DITTO_CFG_PREFIX_OK) {
		return false;
	}
	uint32_t len = p->len;
	if (slash != NULL && !ditto_cfg_value_uint32(slash + 1, &len)) {
		return false;
	}
	p->len = len;
	ditto_cfg_prefix_t a = *p;
	a.len = a.family == AF_INET ? 32 : 128;
	ditto_cfg_prefix_totext(&a, buf, size);
	char *sl = strchr(buf, '/');
	if (sl != NULL) {
		*sl = '\0';
	}
	return true;
}

static bool
prefix_extra_bits(const ditto_cfg_prefix_t *p)
{
	unsigned int max = p->family == AF_INET ? 32 : 128;
	for (unsigned int b = p->len; b < max; b++) {
		if (p->addr[b / 8] & (0x80 >> (b % 8))) {
			return true;
		}
	}
	return false;
}

bool
ditto__sem_servers(ditto__sem_t *s, const ditto_cfg_node_t *vopts,
                   ditto__semmap_t *keys)
{
	const ditto_cfg_node_t *list = vopts;
	if (list == NULL || ditto_cfg_find(list, "server") == NULL) {
		list = s->root;
	}
	bool ok = true;
	for (const ditto_cfg_node_t *v = list; v != NULL; v = v->next) {
		if (!ditto_cfg_is(v->child, "server")) {
			continue;
		}
		ditto_cfg_prefix_t p;
		char buf[80];
		if (!server_prefix(v, &p, buf, sizeof(buf))) {
			continue;
		}
		if (prefix_extra_bits(&p)) {
			SEM_ERR(s, v,
			        "server '%s/%u': invalid prefix (extra bits "
			        "specified)",
			        buf, p.len);
			ok = false;
		}
		ok &= server_sources(s, v, &p, buf);
		for (const ditto_cfg_node_t *w = v->next; w != NULL;
		     w = w->next) {
			ditto_cfg_prefix_t q;
			char b2[80];
			if (ditto_cfg_is(w->child, "server") &&
			    server_prefix(w, &q, b2, sizeof(b2)) &&
			    q.family == p.family && q.len == p.len &&
			    strcmp(buf, b2) == 0) {
				SEM_ERR(s, w,
				        "server '%s/%u': already exists "
				        "previous definition: %s:%u",
				        b2, q.len, v->file, v->line);
				ok = false;
			}
		}
		const ditto_cfg_node_t *ks =
		        ditto_cfg_find(ditto__sem_body(v), "keys");
		const ditto_cfg_node_t *kn = ditto_cfg_arg(ks, 1);
		if (kn != NULL && kn->kind == DITTO_CFG_BLOCK) {
			kn = kn->child != NULL ? kn->child->child : NULL;
		}
		if (kn != NULL) {
			char canon[1100];
			if (!ditto__sem_name_canon(kn->text, canon,
			                           sizeof(canon))) {
				SEM_ERR(s, kn, "bad key name '%s'", kn->text);
				ok = false;
			} else if (ditto__semmap_get(keys, canon, NULL) ==
			           NULL) {
				SEM_ERR(s, kn, "unknown key '%s'", kn->text);
				ok = false;
			}
		}
	}
	return ok;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Semantic checks of DNSSEC settings: dnssec-policy and trust anchors. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns/name.h"
#include "parser/check.h"
#include "parser/semantic_p.h"
#include "parser/values.h"
#include "util/err.h"

#define TXT        ditto__sem_txt
#define ARG(st, i) ditto_cfg_arg(st, i)

static const struct {
	const char *name;
	unsigned int num;
} secalgs[] = {
	{ "RSAMD5", 1 },
	{ "DH", 2 },
	{ "DSA", 3 },
	{ "ECC", 4 },
	{ "RSASHA1", 5 },
	{ "NSEC3DSA", 6 },
	{ "NSEC3RSASHA1", 7 },
	{ "RSASHA256", 8 },
	{ "RSASHA512", 10 },
	{ "ECCGOST", 12 },
	{ "ECDSAP256SHA256", 13 },
	{ "ECDSAP384SHA384", 14 },
	{ "ED25519", 15 },
	{ "ED448", 16 },
	{ "INDIRECT", 252 },
	{ "PRIVATEDNS", 253 },
	{ "PRIVATEOID", 254 },
};

/* Algorithm number of a mnemonic or decimal, -1 when unknown. */
static int
secalg(const char *s)
{
	uint32_t v;
	if (ditto_cfg_value_uint32(s, &v)) {
		return v <= 255 ? (int)v : -1;
	}
	for (size_t i = 0; i < sizeof(secalgs) / sizeof(secalgs[0]); i++) {
		if (strcasecmp(secalgs[i].name, s) == 0) {
			return (int)secalgs[i].num;
		}
	}
	return -1;
}

bool
ditto__sem_secalg(const char *s)
{
	return secalg(s) >= 0;
}

bool
ditto__sem_dsdigest(const char *s)
{
	static const char *const d[] = { "SHA-1",  "SHA1", "SHA-256",
		                         "SHA256", "GOST", "SHA-384",
		                         "SHA384" };
	uint32_t v;
	if (ditto_cfg_value_uint32(s, &v)) {
		return v <= 255;
	}
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		if (strcasecmp(d[i], s) == 0) {
			return true;
		}
	}
	return false;
}

/* ---- dnssec-policy ---- */

typedef struct kasp_times {
	uint32_t dnskey_ttl, publish_safety, retire_safety, zone_prop;
	uint32_t max_zone_ttl, ds_ttl, parent_prop, validity, refresh;
} kasp_times_t;

static uint32_t
opt_dur(const ditto_cfg_node_t *b, const char *name, uint32_t dflt)
{
	const ditto_cfg_node_t *st = ditto_cfg_find(b, name);
	uint32_t v;
	if (st != NULL && ditto_cfg_value_duration(TXT(ARG(st, 1)), &v)) {
		return v;
	}
	return dflt;
}

static bool
kasp_key(ditto__sem_t *s, const ditto_cfg_node_t *k, const kasp_times_t *t,
         unsigned int roles[256][2])
{
	const ditto_cfg_node_t *role = k->child, *lt = NULL, *alg = NULL;
	for (const ditto_cfg_node_t *it = k->child; it != NULL; it = it->next) {
		if (ditto_cfg_is(it, "lifetime")) {
			lt = it->next;
		} else if (ditto_cfg_is(it, "algorithm")) {
			alg = it->next;
		}
	}
	bool ok = true;
	uint32_t life = 0;
	if (lt != NULL && !ditto_cfg_is(lt, "unlimited") &&
	    ditto_cfg_value_duration(lt->text, &life) && life != 0) {
		if (life < 30 * 86400) {
			SEM_WARN(s, k,
			         "dnssec-policy: key lifetime is shorter than "
			         "30 "
			         "days");
		}
		uint32_t zsk = t->dnskey_ttl + t->publish_safety +
		               t->zone_prop + (t->validity - t->refresh) +
		               t->max_zone_ttl + t->zone_prop +
		               t->retire_safety;
		uint32_t ksk = t->dnskey_ttl + t->publish_safety +
		               t->zone_prop + t->ds_ttl + t->parent_prop +
		               t->retire_safety;
		uint32_t need = ditto_cfg_is(role, "ksk") ? ksk
		                : ditto_cfg_is(role, "zsk")
		                        ? zsk
		                        : (ksk > zsk ? ksk : zsk);
		if (life < need) {
			SEM_ERR(s, k,
			        "dnssec-policy: key lifetime is shorter than "
			        "the "
			        "time it takes to do a rollover");
			ok = false;
		}
	}
	if (alg == NULL) {
		return ok;
	}
	int a = secalg(alg->text);
	if (a < 0 || a == 2 || a == 4 || a >= 252) {
		SEM_ERR(s, k, "dnssec-policy: bad algorithm %s", alg->text);
		return false;
	}
	if (a == 5 || a == 7) {
		SEM_WARN(s, k,
		         "dnssec-policy: DNSSEC algorithm %s is deprecated",
		         alg->text);
	}
	uint32_t len;
	if (alg->next != NULL &&
	    ditto_cfg_value_uint32(alg->next->text, &len)) {
		bool rsa = a == 5 || a == 7 || a == 8 || a == 10;
		if (rsa && (len < 1024 || len > 4096)) {
			SEM_ERR(s, k,
			        "dnssec-policy: key with algorithm %s has "
			        "invalid key length %u",
			        alg->text, len);
			ok = false;
		} else if (!rsa && a >= 13 && a <= 16) {
			SEM_WARN(s, k,
			         "dnssec-policy: key algorithm %s has "
			         "predefined "
			         "length; ignoring length value %u",
			         alg->text, len);
		}
	}
	bool isk = !ditto_cfg_is(role, "zsk"), isz = !ditto_cfg_is(role, "ksk");
	roles[a][0] += isk;
	roles[a][1] += isz;
	return ok;
}

static bool
kasp_keys(ditto__sem_t *s, const ditto_cfg_node_t *pol, const kasp_times_t *t,
          bool *nsec3_bad_alg, const char **badalg)
{
	static unsigned int roles[256][2];
	memset(roles, 0, sizeof(roles));
	const ditto_cfg_node_t *keys =
	        ditto_cfg_find(ditto__sem_body(pol), "keys");
	bool ok = true;
	for (const ditto_cfg_node_t *k = ditto__sem_body(keys); k != NULL;
	     k = k->next) {
		if (k->child != NULL) {
			ok &= kasp_key(s, k, t, roles);
		}
	}
	for (unsigned int a = 0; a < 256; a++) {
		if (roles[a][0] + roles[a][1] == 0) {
			continue;
		}
		if (a == 1 || a == 3 || a == 5 || a == 6) {
			*nsec3_bad_alg = true;
			for (size_t i = 0;
			     i < sizeof(secalgs) / sizeof(secalgs[0]); i++) {
				if (secalgs[i].num == a) {
					*badalg = secalgs[i].name;
				}
			}
		}
		if (roles[a][0] == 0 || roles[a][1] == 0) {
			SEM_ERR(s, keys,
			        "dnssec-policy: algorithm %u requires both KSK "
			        "and ZSK roles",
			        a);
			ok = false;
		}
		if (roles[a][1] > 1) {
			SEM_WARN(
			        s, keys,
			        "dnssec-policy: algorithm %u has multiple keys "
			        "with ZSK role",
			        a);
		}
		if (roles[a][0] > 1) {
			SEM_WARN(
			        s, keys,
			        "dnssec-policy: algorithm %u has multiple keys "
			        "with KSK role",
			        a);
		}
	}
	return ok;
}

static bool
kasp_sigs(ditto__sem_t *s, const ditto_cfg_node_t *pol, const char *name,
          const kasp_times_t *t)
{
	const ditto_cfg_node_t *b = ditto__sem_body(pol);
	uint32_t vd = opt_dur(b, "signatures-validity-dnskey", 14 * 86400);
	uint32_t jit = opt_dur(b, "signatures-jitter", 12 * 3600);
	bool ok = true;
	if ((uint64_t)t->refresh * 10 > (uint64_t)vd * 9) {
		SEM_ERR(s, pol,
		        "dnssec-policy: policy '%s' signatures-refresh must be "
		        "at most 90%% of the signatures-validity-dnskey",
		        name);
		ok = false;
	}
	if ((uint64_t)t->refresh * 10 > (uint64_t)t->validity * 9) {
		SEM_ERR(s, pol,
		        "dnssec-policy: policy '%s' signatures-refresh must be "
		        "at most 90%% of the signatures-validity",
		        name);
		ok = false;
	}
	if (jit > vd) {
		SEM_ERR(s, pol,
		        "dnssec-policy: policy '%s' signatures-jitter cannot "
		        "be "
		        "larger than signatures-validity-dnskey",
		        name);
		ok = false;
	}
	if (jit > t->validity) {
		SEM_ERR(s, pol,
		        "dnssec-policy: policy '%s' signatures-jitter cannot "
		        "be "
		        "larger than signatures-validity",
		        name);
		ok = false;
	}
	return ok;
}

static bool
kasp_nsec3(ditto__sem_t *s, const ditto_cfg_node_t *pol, bool bad_alg,
           const char *badalg)
{
	const ditto_cfg_node_t *n3 =
	        ditto_cfg_find(ditto__sem_body(pol), "nsec3param");
	if (n3 == NULL) {
		return true;
	}
	bool ok = true;
	for (const ditto_cfg_node_t *it = n3->child; it != NULL;
	     it = it->next) {
		uint32_t v;
		if (ditto_cfg_is(it, "iterations") &&
		    ditto_cfg_value_uint32(TXT(it->next), &v) && v > 150) {
			SEM_ERR(s, n3,
			        "dnssec-policy: nsec3 iterations value %u out "
			        "of "
			        "range",
			        v);
			ok = false;
		} else if (ditto_cfg_is(it, "salt-length") &&
		           ditto_cfg_value_uint32(TXT(it->next), &v) &&
		           v > 255) {
			SEM_ERR(s, n3,
			        "dnssec-policy: nsec3 salt length %u too high",
			        v);
			ok = false;
		}
	}
	if (bad_alg) {
		SEM_ERR(s, n3,
		        "dnssec-policy: cannot use nsec3 with algorithm "
		        "'%s'",
		        badalg);
		ok = false;
	}
	return ok;
}

static bool
kasp_one(ditto__sem_t *s, const ditto_cfg_node_t *pol, const char *name)
{
	const ditto_cfg_node_t *b = ditto__sem_body(pol);
	kasp_times_t t = {
		.dnskey_ttl = opt_dur(b, "dnskey-ttl", 3600),
		.publish_safety = opt_dur(b, "publish-safety", 3600),
		.retire_safety = opt_dur(b, "retire-safety", 3600),
		.zone_prop = opt_dur(b, "zone-propagation-delay", 300),
		.max_zone_ttl = opt_dur(b, "max-zone-ttl", 86400),
		.ds_ttl = opt_dur(b, "parent-ds-ttl", 86400),
		.parent_prop = opt_dur(b, "parent-propagation-delay", 3600),
		.validity = opt_dur(b, "signatures-validity", 14 * 86400),
		.refresh = opt_dur(b, "signatures-refresh", 5 * 86400),
	};
	if (t.refresh > t.validity) {
		t.refresh = t.validity;
	}
	bool ok = kasp_sigs(s, pol, name, &t);
	bool bad = false;
	const char *badalg = "";
	ok &= kasp_keys(s, pol, &t, &bad, &badalg);
	ok &= kasp_nsec3(s, pol, bad, badalg);
	return ok;
}

bool
ditto__sem_kasp_list(ditto__sem_t *s, const ditto_cfg_node_t *config)
{
	bool ok = true, bad_name = false;
	const ditto_cfg_node_t *first = ditto_cfg_find(config, "dnssec-policy");
	ditto__semmap_t seen = { 0 };
	for (const ditto_cfg_node_t *p = config; p != NULL; p = p->next) {
		if (!ditto_cfg_is(p->child, "dnssec-policy")) {
			continue;
		}
		const char *name = TXT(ARG(p, 1));
		if (strcmp(name, "none") == 0 || strcmp(name, "default") == 0 ||
		    strcmp(name, "insecure") == 0) {
			bad_name = true;
			continue;
		}
		if (ditto__semmap_add(&seen, name, p, 0) != NULL) {
			SEM_ERR(s, p,
			        "dnssec-policy: duplicately named policy found "
			        "'%s'",
			        name);
			ok = false;
			continue;
		}
		ok &= kasp_one(s, p, name);
	}
	ditto__semmap_clear(&seen);
	if (bad_name) {
		SEM_ERR(s, first,
		        "dnssec-policy name may not be 'insecure', 'none', or "
		        "'default' (which are built-in policies)");
		ok = false;
	}
	return ok;
}

/* ---- trust anchors ---- */

enum { TA_INIT_KEY, TA_STATIC_KEY, TA_INIT_DS, TA_STATIC_DS, TA_TRUSTED };
#define ROOT_STATIC  1u
#define ROOT_MANAGED 2u

static int
hexv(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool
hex_ok(const char *h)
{
	size_t n = 0;
	for (; *h != '\0'; h++) {
		if (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r') {
			continue;
		}
		if (hexv(*h) < 0) {
			return false;
		}
		n++;
	}
	return n % 2 == 0;
}

static bool
anchor(ditto__sem_t *s, const ditto_cfg_node_t *k, bool managed,
       unsigned int *flags)
{
	const ditto_cfg_node_t *nm = k->child;
	const ditto_cfg_node_t *at = managed ? nm->next : NULL;
	const ditto_cfg_node_t *n1 = managed ? ARG(k, 2) : ARG(k, 1);
	const ditto_cfg_node_t *n2 = n1 ? n1->next : NULL;
	const ditto_cfg_node_t *n3 = n2 ? n2->next : NULL;
	const ditto_cfg_node_t *data = n3 ? n3->next : NULL;
	uint8_t wire[DITTO_NAME_MAXWIRE];
	static const uint8_t rootn[1] = { 0 };
	ditto_err_t err = { 0 };
	bool ok = true, isroot = false;
	if (ditto_name_fromtext(TXT(nm), strlen(TXT(nm)), rootn, wire, NULL,
	                        &err) != DITTO_R_SUCCESS) {
		char *in = strstr(err.msg, " in '");
		if (in != NULL) {
			*in = '\0';
		}
		SEM_ERR(s, k, "bad key name: %s",
		        err.summary != NULL ? err.summary : err.msg);
		ok = false;
	} else {
		isroot = wire[0] == 0;
	}
	int type = TA_TRUSTED;
	if (managed) {
		static const char *const t[] = { "initial-key", "static-key",
			                         "initial-ds", "static-ds" };
		for (type = 0; type < 4; type++) {
			if (strcasecmp(t[type], TXT(at)) == 0) {
				break;
			}
		}
		if (type == 4) {
			SEM_ERR(s, k,
			        "key '%s': invalid initialization method "
			        "'%s'",
			        TXT(nm), TXT(at));
			return false;
		}
	}
	uint32_t r1 = 0, r2 = 0, r3 = 0;
	(void)ditto_cfg_value_uint32(TXT(n1), &r1);
	(void)ditto_cfg_value_uint32(TXT(n2), &r2);
	(void)ditto_cfg_value_uint32(TXT(n3), &r3);
	bool ds = type == TA_INIT_DS || type == TA_STATIC_DS;
	if (!ds) {
		if (r1 > 0xffff) {
			SEM_ERR(s, k, "flags too big: %u", r1);
			ok = false;
		}
		if (r1 & 0x80) {
			SEM_WARN(s, k, "key flags revoke bit set");
		}
		if (r2 > 0xff) {
			SEM_ERR(s, k, "protocol too big: %u", r2);
			ok = false;
		}
		if (r3 > 0xff) {
			SEM_ERR(s, k, "algorithm too big: %u\n", r3);
			ok = false;
		}
		uint32_t len;
		if (!ditto_cfg_value_base64(TXT(data), &len)) {
			SEM_ERR(s, k, "bad base64 encoding");
			ok = false;
		}
	} else {
		if (r1 > 0xffff) {
			SEM_ERR(s, k, "key tag too big: %u", r1);
			ok = false;
		}
		if (r2 > 0xff) {
			SEM_ERR(s, k, "algorithm too big: %u\n", r2);
			ok = false;
		}
		if (r3 > 0xff) {
			SEM_ERR(s, k, "digest type too big: %u", r3);
			ok = false;
		}
		if (!hex_ok(TXT(data))) {
			SEM_ERR(s, k, "bad hex encoding");
			ok = false;
		}
	}
	bool isstatic = type == TA_STATIC_KEY || type == TA_STATIC_DS ||
	                type == TA_TRUSTED;
	if (ok && isroot) {
		*flags |= isstatic ? ROOT_STATIC : ROOT_MANAGED;
	}
	return ok;
}

static bool
anchors(ditto__sem_t *s, const ditto_cfg_node_t *list, const char *name,
        bool managed, unsigned int *flags, const ditto_cfg_node_t **first)
{
	bool ok = true;
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, name)) {
			continue;
		}
		if (*first == NULL) {
			*first = st;
		}
		for (const ditto_cfg_node_t *k = ditto__sem_body(st); k != NULL;
		     k = k->next) {
			if (k->child != NULL) {
				ok &= anchor(s, k, managed, flags);
			}
		}
	}
	return ok;
}

static bool
anchor_static(const ditto_cfg_node_t *k, bool managed)
{
	if (!managed) {
		return true;
	}
	const char *t = TXT(ARG(k, 1));
	return strcasecmp(t, "static-key") == 0 ||
	       strcasecmp(t, "static-ds") == 0;
}

/* Static vs initializing anchors for one name; static root + auto. */
static bool
ta_conflicts(ditto__sem_t *s, const ditto_cfg_node_t *const lists[4],
             bool autoval)
{
	static const char *const kinds[] = { "trust-anchors", "trust-anchors",
		                             "trusted-keys", "trusted-keys" };
	ditto__semmap_t st = { 0 };
	bool ok = true;
	for (int i = 0; i < 4; i++) {
		bool managed = i < 2;
		for (const ditto_cfg_node_t *l = lists[i]; l != NULL;
		     l = l->next) {
			if (!ditto_cfg_is(l->child, kinds[i])) {
				continue;
			}
			for (const ditto_cfg_node_t *k = ditto__sem_body(l);
			     k != NULL; k = k->next) {
				char c[1100];
				if (k->child == NULL ||
				    !anchor_static(k, managed) ||
				    !ditto__sem_name_canon(TXT(k->child), c,
				                           sizeof(c))) {
					continue;
				}
				if (ditto__semmap_add(&st, c, k, 0) != NULL) {
					continue;
				}
				if (autoval && strcmp(c, ".") == 0) {
					SEM_ERR(s, k,
					        "static trust anchor for root "
					        "zone cannot be used with "
					        "'dnssec-validation auto'.");
					ok = false;
				}
			}
		}
	}
	for (int i = 0; i < 2; i++) {
		for (const ditto_cfg_node_t *l = lists[i]; l != NULL;
		     l = l->next) {
			if (!ditto_cfg_is(l->child, "trust-anchors")) {
				continue;
			}
			for (const ditto_cfg_node_t *k = ditto__sem_body(l);
			     k != NULL; k = k->next) {
				char c[1100];
				const ditto_cfg_node_t *prev;
				if (k->child == NULL ||
				    anchor_static(k, true) ||
				    !ditto__sem_name_canon(TXT(k->child), c,
				                           sizeof(c)) ||
				    (prev = ditto__semmap_get(&st, c, NULL)) ==
				            NULL) {
					continue;
				}
				SEM_ERR(s, k,
				        "static and initializing keys cannot "
				        "be "
				        "used for the same domain. static key "
				        "defined at %s:%u",
				        prev->file, prev->line);
				ok = false;
			}
		}
	}
	ditto__semmap_clear(&st);
	return ok;
}

bool
ditto__sem_trust(ditto__sem_t *s, const ditto_cfg_node_t *vopts)
{
	bool ok = true;
	unsigned int tflags = 0, dflags = 0;
	const ditto_cfg_node_t *vl[2] = { vopts, s->root };
	for (int i = 0; i < 2; i++) {
		unsigned int f = 0;
		const ditto_cfg_node_t *first = NULL;
		if (vl[i] == NULL) {
			continue;
		}
		ok &= anchors(s, vl[i], "trusted-keys", false, &f, &first);
		if (f & ROOT_STATIC) {
			SEM_WARN(s, first,
			         "trusted-keys entry for the root zone WILL "
			         "FAIL "
			         "after key rollover - use trust-anchors with "
			         "initial-key or initial-ds instead.");
		}
		tflags |= f;
	}
	const ditto_cfg_node_t *vm = ditto_cfg_find(vopts, "managed-keys");
	const ditto_cfg_node_t *gm = ditto_cfg_find(s->root, "managed-keys");
	const ditto_cfg_node_t *vt = ditto_cfg_find(vopts, "trust-anchors");
	const ditto_cfg_node_t *gt = ditto_cfg_find(s->root, "trust-anchors");
	if ((vm != NULL || gm != NULL) && (vt != NULL || gt != NULL)) {
		SEM_ERR(s, vm != NULL ? vm : gm,
		        "use of managed-keys is not allowed when trust-anchors "
		        "is also in use");
		ok = false;
	}
	const char *ta =
	        vt != NULL || gt != NULL ? "trust-anchors" : "managed-keys";
	for (int i = 0; i < 2; i++) {
		unsigned int f = 0;
		const ditto_cfg_node_t *first = NULL;
		if (vl[i] == NULL) {
			continue;
		}
		ok &= anchors(s, vl[i], ta, true, &f, &first);
		if (f & ROOT_STATIC) {
			SEM_WARN(s, first,
			         "static entry for the root zone WILL FAIL "
			         "after "
			         "key rollover - use trust-anchors with "
			         "initial-key or initial-ds instead.");
		}
		dflags |= f;
	}
	const ditto_cfg_node_t *tfirst = vt != NULL ? vt : gt;
	if ((tflags & 3) != 0 && (dflags & 3) != 0 && tfirst != NULL) {
		SEM_WARN(
		        s, tfirst,
		        "both trusted-keys and trust-anchors for the root zone "
		        "are present");
	}
	if ((dflags & 3) == 3 && tfirst != NULL) {
		SEM_WARN(
		        s, tfirst,
		        "both initial and static entries for the root zone are "
		        "present");
	}
	const ditto_cfg_node_t *dv =
	        ditto__sem_get3(vopts, s->gopts, NULL, "dnssec-validation");
	bool b, autoval = dv != NULL &&
	                  !ditto_cfg_value_boolean(TXT(ARG(dv, 1)), &b);
	const ditto_cfg_node_t *lists[4] = { s->root, vopts, s->root, vopts };
	ok &= ta_conflicts(s, lists, autoval);
	return ok;
}

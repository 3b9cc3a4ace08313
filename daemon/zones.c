/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The served state: views, zones (loaded versions), options; one snapshot. */
/*
 * A snapshot (srvtab_t) is built by the main thread from a configuration,
 * then published; from then on nothing in it changes. Each view holds its
 * zones in a ditto_zonetable_t (closest-enclosing lookup, no lock). After the
 * configured views comes the built-in CH view "_bind" (version.bind,
 * hostname.bind, id.server, authors.bind), whose zones are built in memory
 * with the answers named gives (the TXT record only when the option is not
 * `none`).
 */
#include "zones.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "acl/aclenv.h"
#include "dns/rrtype.h"
#include "parser/ignored.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/check.h"

#include "log.h"
#include "outconf.h"
#include "persist.h"
#include "zhist.h"
#include "zoneload.h"

/* ---- lookup ---- */

const view_t *
srvtab_view(const srvtab_t *tab, const struct sockaddr *client,
            const struct sockaddr *local, uint16_t qclass)
{
	for (size_t i = 0; i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		if (v->rclass != qclass) {
			continue;
		}
		if (v->match_clients != NULL &&
		    ditto_acl_matchsockaddr(v->match_clients, tab->aclenv,
		                            client, NULL,
		                            NULL) != DITTO_ACL_ALLOW) {
			continue;
		}
		if (v->match_destinations != NULL && local != NULL &&
		    ditto_acl_matchsockaddr(v->match_destinations, tab->aclenv,
		                            local, NULL,
		                            NULL) != DITTO_ACL_ALLOW) {
			continue;
		}
		return v;
	}
	return NULL;
}

static const zone_t *
probe(const view_t *v, const uint8_t *name)
{
	return v->table != NULL ? ditto_zonetable_get(v->table, name) : NULL;
}

const zone_t *
view_exactzone(const view_t *v, const uint8_t *name)
{
	return probe(v, name);
}

const zone_t *
view_findzone(const view_t *v, const uint8_t *qname, uint16_t qtype)
{
	if (v->table == NULL) {
		return NULL;
	}
	return ditto_zonetable_find(
	        v->table, qname,
	        qtype == DITTO_TYPE_DS ? DITTO_ZONETABLE_NOEXACT : 0, NULL);
}

/* ---- building ---- */

static void
zone_free(zone_t *z)
{
	ditto_version_detach(&z->version);
	zslot_detach(&z->slot);
	xfrconf_detach(&z->xc);
	outconf_detach(&z->oc);
	zhist_detach(&z->hist);
	ditto_acl_detach(&z->allow_notify);
	ditto_acl_detach(&z->allow_query);
	ditto_acl_detach(&z->allow_query_on);
	ditto_free(z->name);
	ditto_free(z->type);
	ditto_free(z->file);
	ditto_free(z);
}

static void
view_hash(view_t *v)
{
	ditto_zonetable_create(&v->table);
	for (size_t i = 0; i < v->nzones; i++) {
		zone_t *z = v->zones[i];
		if (ditto_zonetable_add(v->table, z->origin, z) !=
		    DITTO_R_SUCCESS) {
			/* duplicates are refused by the config checker */
			log_write(
			        LOG_CAT_CONFIG, LOG_LVL_WARNING,
			        "zone '%s': duplicate; the first one is served",
			        z->name);
		}
	}
}

static void
view_add(view_t *v, zone_t *z, size_t *cap)
{
	if (v->nzones == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		v->zones = ditto_realloc(v->zones, *cap * sizeof(*v->zones));
	}
	v->zones[v->nzones++] = z;
}

static const zone_t *
old_zone(const srvtab_t *old, const char *view, const zone_t *z)
{
	if (old == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < old->nviews; i++) {
		const view_t *v = &old->views[i];
		if (strcmp(v->name, view) != 0 || v->rclass != z->rclass) {
			continue;
		}
		return probe(v, z->origin);
	}
	return NULL;
}

static bool
same_file(const zone_t *a, const zone_t *b)
{
	return a->file != NULL && b->file != NULL &&
	       strcmp(a->file, b->file) == 0 && strcmp(a->type, b->type) == 0 &&
	       a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static bool
transfers_in(const char *type)
{
	return strcmp(type, "secondary") == 0 || strcmp(type, "mirror") == 0;
}

static bool
same_path(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * A secondary zone: the slot of the previous snapshot when there was one
 * (its version is live, its files are open), else a new slot with what
 * persist_load() finds on disk (zone file + journal + timers).
 */
static void
secondary_load(zone_t *z, const zone_t *prev, const ditto_config_zone_t *cz,
               srvtab_t *tab)
{
	persist_t *ps = NULL;
	persist_loaded_t pl;
	memset(&pl, 0, sizeof(pl));
	if (prev != NULL && prev->slot != NULL &&
	    same_path(prev->file, z->file)) {
		zslot_attach(prev->slot, &z->slot);
		tab->zones_loaded++;
		return;
	}
	if (z->file != NULL) {
		persist_opts_t po = {
			.file = z->file,
			.origin = z->origin,
			.rclass = z->rclass,
			.zonetext = z->name,
			.max_journal_size =
			        cz->opts.max_journal_size == UINT64_MAX
			                ? 0
			                : cz->opts.max_journal_size,
			.max_records = cz->opts.max_records,
		};
		persist_create(&po, &ps);
		if (persist_load(ps, (int64_t)time(NULL), &pl) !=
		    DITTO_R_SUCCESS) {
			memset(&pl, 0, sizeof(pl));
		}
	}
	z->slot = zslot_create(z->origin, z->rclass, z->name, pl.version, ps);
	z->slot->expire_at = pl.timers.expire_at;
	if (pl.version != NULL && pl.expired) {
		atomic_store(&z->slot->expired, true);
	}
	tab->zones_loaded += pl.version != NULL ? 1 : 0;
}

/*
 * rndc reconfig: a zone loaded before from the same file keeps its version
 * and the file identity of that load (so that a later reload still sees a
 * change made in between).
 */
static bool
keep_loaded(zone_t *z, const zone_t *prev, srvtab_t *tab)
{
	if (prev == NULL || prev->version == NULL || prev->file == NULL ||
	    z->file == NULL || strcmp(prev->file, z->file) != 0 ||
	    strcmp(prev->type, z->type) != 0) {
		return false;
	}
	z->dev = prev->dev;
	z->ino = prev->ino;
	z->size = prev->size;
	z->mtime = prev->mtime;
	ditto_version_attach(prev->version, &z->version);
	tab->zones_loaded++;
	return true;
}

/* ---- primary zones: IXFR history (ixfr-from-differences) ---- */

static bool
wants_hist(const zone_t *z)
{
	return z->oc != NULL && z->oc->primary &&
	       z->oc->ixfr_from_differences && z->file != NULL;
}

/* The history's journal: the `journal` option, else the file + ".dj".
 * Caller frees. */
static char *
hist_path(const zone_t *z, const ditto_config_zone_t *cz)
{
	if (cz->journal != NULL) {
		return ditto_strdup(cz->journal);
	}
	size_t len = strlen(z->file) + sizeof(DITTO_JOURNAL_SUFFIX);
	char *p = ditto_malloc(len);
	snprintf(p, len, "%s%s", z->file, DITTO_JOURNAL_SUFFIX);
	return p;
}

/* The previous snapshot's history, when it is kept in the same journal. */
static void
hist_carry(zone_t *z, const zone_t *prev, const char *path)
{
	if (prev != NULL && prev->hist != NULL && prev->version != NULL &&
	    strcmp(zhist_path(prev->hist), path) == 0) {
		zhist_attach(prev->hist, &z->hist);
	}
}

/* The history of a zone whose version did not change (same file, or
 * rndc reconfig): carried over, or opened at its first load. */
static void
hist_keep(zone_t *z, const zone_t *prev, const ditto_config_zone_t *cz)
{
	if (!wants_hist(z) || z->version == NULL) {
		return;
	}
	char *path = hist_path(z, cz);
	hist_carry(z, prev, path);
	if (z->hist == NULL &&
	    zhist_open(path, z->name, z->version, z->oc->max_journal_size,
	               &z->hist) != DITTO_R_SUCCESS) {
		z->hist = NULL; /* logged; served without IXFR history */
	}
	ditto_free(path);
}

/*
 * A new version was loaded: journal its difference from the previous
 * one before it is served. False when it must not be served (data
 * changed, serial not increased: named keeps the old version).
 */
static bool
hist_loaded(zone_t *z, const zone_t *prev, const ditto_config_zone_t *cz)
{
	if (!wants_hist(z)) {
		return true;
	}
	char *path = hist_path(z, cz);
	bool serve = true;
	hist_carry(z, prev, path);
	if (z->hist != NULL) {
		serve = zhist_update(z->hist, prev->version, z->version) !=
		        DITTO_R_RANGE;
	} else if (zhist_open(path, z->name, z->version,
	                      z->oc->max_journal_size,
	                      &z->hist) != DITTO_R_SUCCESS) {
		z->hist = NULL; /* logged; served without IXFR history */
	}
	ditto_free(path);
	return serve;
}

/* Serve \a prev's version again, with its file identity (so that the
 * next reload tries the file again, as named does). */
static void
keep_previous(zone_t *z, const zone_t *prev)
{
	ditto_version_detach(&z->version);
	ditto_version_attach(prev->version, &z->version);
	z->dev = prev->dev;
	z->ino = prev->ino;
	z->size = prev->size;
	z->mtime = prev->mtime;
	log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
	          "zone %s: not loaded due to errors.", z->name);
}

static void
zone_load(zone_t *z, const zone_t *prev, const ditto_config_zone_t *cz,
          srvtab_mode_t mode, srvtab_t *tab)
{
	struct stat st;
	bool primary = strcmp(z->type, "primary") == 0;
	if (mode == SRVTAB_RECONFIG && keep_loaded(z, prev, tab)) {
		hist_keep(z, prev, cz);
		return;
	}
	if (z->file == NULL || stat(z->file, &st) != 0) {
		if (primary) {
			log_write(
			        LOG_CAT_ZONE, LOG_LVL_ERROR,
			        "zone %s: loading from master file %s failed: "
			        "file not found",
			        z->name, z->file != NULL ? z->file : "(none)");
			log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
			          "zone %s: not loaded due to errors.",
			          z->name);
			tab->zones_failed++;
		}
		return;
	}
	z->dev = st.st_dev;
	z->ino = st.st_ino;
	z->size = st.st_size;
	z->mtime = st.st_mtim;
	if (prev != NULL && prev->version != NULL && same_file(z, prev)) {
		ditto_version_attach(prev->version, &z->version);
		hist_keep(z, prev, cz);
		tab->zones_loaded++;
		return;
	}
	if (zoneload_file(z->file, z->origin, z->rclass, z->name, primary,
	                  &z->version) == DITTO_R_SUCCESS) {
		if (!hist_loaded(z, prev, cz)) {
			keep_previous(z, prev);
		}
		tab->zones_loaded++;
	} else if (primary || z->version == NULL) {
		tab->zones_failed += primary ? 1 : 0;
	}
}

static ditto_result_t
zone_make(const ditto_config_t *cfg, const ditto_config_zone_t *cz,
          uint16_t rclass, srvtab_t *tab, zone_t **out, ditto_err_t *err)
{
	ditto_result_t result;
	zone_t *z = ditto_calloc(1, sizeof(*z));
	char zname[DITTO_NAME_MAXTEXT], ctext[32];
	z->rclass = rclass;
	z->type = ditto_strdup(cz->type);
	z->file = cz->file != NULL ? ditto_strdup(cz->file) : NULL;
	CHECK(ditto_name_fromtext(cz->name, strlen(cz->name), ditto_name_root,
	                          z->origin, NULL, err));
	ditto_check_namefmt(z->origin, zname, sizeof(zname));
	(void)ditto_rrclass_totext(rclass, ctext, sizeof(ctext));
	size_t len = strlen(zname) + strlen(ctext) + 2;
	z->name = ditto_malloc(len);
	snprintf(z->name, len, "%s/%s", zname, ctext);
	CHECK(dconf_acl(cfg, &cz->opts.allow_query, &z->allow_query, err));
	CHECK(dconf_acl(cfg, &cz->opts.allow_query_on, &z->allow_query_on,
	                err));
	z->aopts = dconf_answer_opts(&cz->opts);
	if (transfers_in(z->type)) {
		CHECK(xfrconf_build(cfg, cz, tab->keys, &z->xc, err));
		CHECK(dconf_acl(cfg, &cz->opts.allow_notify, &z->allow_notify,
		                err));
	}
	if (transfers_in(z->type) || strcmp(z->type, "primary") == 0) {
		CHECK(outconf_build(cfg, cz, tab->keys, &z->oc, err));
		if (z->xc != NULL) {
			outconf_attach(z->oc, &z->xc->oc);
		}
	}
	*out = z;
	return DITTO_R_SUCCESS;
cleanup:
	zone_free(z);
	return result;
}

static uint16_t
class_of(const char *text)
{
	uint16_t c = DITTO_CLASS_IN;
	if (text != NULL &&
	    ditto_rrclass_fromtext(text, strlen(text), &c) != DITTO_R_SUCCESS) {
		c = DITTO_CLASS_IN;
	}
	return c;
}

static ditto_result_t
view_build(const ditto_config_t *cfg, const ditto_config_view_t *cv,
           const srvtab_t *old, srvtab_mode_t mode, srvtab_t *tab, view_t *v,
           ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t cap = 0;
	v->name = ditto_strdup(cv->name);
	v->rclass = class_of(cv->rdclass);
	CHECK(dconf_acl(cfg, &cv->match_clients, &v->match_clients, err));
	CHECK(dconf_acl(cfg, &cv->match_destinations, &v->match_destinations,
	                err));
	for (const ditto_config_zone_t *cz = cv->zones; cz != NULL;
	     cz = cz->next) {
		if (!ditto_cfg_zone_served(cz->type)) {
			continue; /* ditto_config_load() warned */
		}
		zone_t *z = NULL;
		uint16_t zc =
		        cz->rdclass != NULL ? class_of(cz->rdclass) : v->rclass;
		CHECK(zone_make(cfg, cz, zc, tab, &z, err));
		if (z->xc != NULL) {
			secondary_load(z, old_zone(old, v->name, z), cz, tab);
		} else {
			zone_load(z, old_zone(old, v->name, z), cz, mode, tab);
		}
		view_add(v, z, &cap);
	}
cleanup:
	view_hash(v);
	return result;
}

static void
view_clear(view_t *v)
{
	for (size_t i = 0; i < v->nzones; i++) {
		zone_free(v->zones[i]);
	}
	ditto_free(v->zones);
	ditto_zonetable_destroy(&v->table);
	ditto_acl_detach(&v->match_clients);
	ditto_acl_detach(&v->match_destinations);
	ditto_free(v->name);
}

void
srvtab_destroy(srvtab_t **tabp)
{
	if (tabp == NULL || *tabp == NULL) {
		return;
	}
	srvtab_t *tab = *tabp;
	for (size_t i = 0; i < tab->nviews; i++) {
		view_clear(&tab->views[i]);
	}
	ditto_free(tab->views);
	ditto_aclenv_destroy(&tab->aclenv);
	dconf_clear(&tab->conf);
	keys_detach(&tab->keys);
	ditto_free(tab->oglob);
	ditto_free(tab);
	*tabp = NULL;
}

/* ---- the built-in CH view ---- */

static ditto_result_t
addrr(ditto_version_t *v, const uint8_t *owner, uint16_t type, uint32_t ttl,
      const uint8_t *rdata, size_t rdlen)
{
	ditto_rr_t rr = { .owner = owner,
		          .type = type,
		          .rclass = DITTO_CLASS_CH,
		          .ttl = ttl,
		          .rdlen = (uint16_t)rdlen,
		          .rdata = rdata };
	return ditto_version_addrr(v, &rr, 0, NULL);
}

/* SOA "<n> hostmaster.<n> 0 28800 7200 604800 86400", NS "<n>" and, when
 * \a text is not NULL, TXT "<text>" (split in 255-byte strings). */
static ditto_result_t
chaos_zone(const char *name, const char *text, zone_t **out)
{
	ditto_result_t result;
	zone_t *z = ditto_calloc(1, sizeof(*z));
	uint8_t rd[1024];
	size_t nlen, hlen;
	ditto_version_t *v = NULL;
	z->rclass = DITTO_CLASS_CH;
	z->type = ditto_strdup("builtin");
	size_t len = strlen(name) + 4;
	z->name = ditto_malloc(len);
	snprintf(z->name, len, "%s/CH", name);
	CHECK(ditto_name_fromtext(name, strlen(name), ditto_name_root,
	                          z->origin, &nlen, NULL));
	ditto_version_create(z->origin, DITTO_CLASS_CH, &v);
	static const uint8_t tail[20] = { 0,    0,    0, 0,    0,    0,   0x70,
		                          0x80, 0,    0, 0x1c, 0x20, 0,   0x09,
		                          0x3a, 0x80, 0, 1,    0x51, 0x80 };
	memcpy(rd, z->origin, nlen);
	rd[nlen] = 10;
	memcpy(rd + nlen + 1, "hostmaster", 10);
	memcpy(rd + nlen + 11, z->origin, nlen);
	hlen = 11 + nlen;
	memcpy(rd + nlen + hlen, tail, sizeof(tail));
	CHECK(addrr(v, z->origin, DITTO_TYPE_SOA, 86400, rd,
	            nlen + hlen + sizeof(tail)));
	CHECK(addrr(v, z->origin, DITTO_TYPE_NS, 0, z->origin, nlen));
	if (text != NULL) {
		size_t tl = strlen(text), pos = 0, w = 0;
		do {
			size_t chunk = tl - pos > 255 ? 255 : tl - pos;
			if (w + chunk + 1 > sizeof(rd)) {
				break;
			}
			rd[w++] = (uint8_t)chunk;
			memcpy(rd + w, text + pos, chunk);
			w += chunk;
			pos += chunk;
		} while (pos < tl);
		CHECK(addrr(v, z->origin, DITTO_TYPE_TXT, 0, rd, w));
	}
	ditto_version_commit(v);
	z->version = v;
	*out = z;
	return DITTO_R_SUCCESS;
cleanup:
	ditto_version_detach(&v);
	zone_free(z);
	return result;
}

static ditto_result_t
chaos_view(const dconf_t *dc, view_t *v)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	const struct {
		const char *name, *text;
	} tab[] = {
		{ "version.bind", dc->version },
		{ "hostname.bind", dc->hostname },
		{ "id.server", dc->server_id },
		{ "authors.bind",
		  dc->version != NULL ? "the ditto authors" : NULL },
	};
	size_t cap = 0;
	v->name = ditto_strdup("_bind");
	v->rclass = DITTO_CLASS_CH;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		zone_t *z = NULL;
		CHECK(chaos_zone(tab[i].name, tab[i].text, &z));
		view_add(v, z, &cap);
	}
cleanup:
	view_hash(v);
	return result;
}

static ditto_result_t
make_aclenv(const dconf_t *dc, ditto_aclenv_t **envp, ditto_err_t *err)
{
	ditto_result_t result;
	ditto_aclenv_create(envp);
	ditto_aclenv_setmatchmapped(*envp, dc->match_mapped);
	result = ditto_aclenv_loadsystem(*envp, err);
	if (result != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_NETWORK, LOG_LVL_WARNING,
		          "cannot list interfaces for localhost/localnets: %s",
		          err != NULL ? err->msg : ditto_result_totext(result));
	}
	return DITTO_R_SUCCESS;
}

/* The zone types named creates a managed zone for (rndc status). */
static bool
named_counts(const char *type)
{
	static const char *const counted[] = { "primary",     "secondary",
		                               "mirror",      "stub",
		                               "static-stub", "redirect" };
	for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++) {
		if (type != NULL && strcasecmp(type, counted[i]) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Compared with named 9.18 (`rndc status`, recursion no): no zone -> 1,
 * one zone -> 2, two views with one zone each -> 4, a forward, hint or
 * in-view zone adds nothing, a zone that failed to load still counts.
 */
unsigned int
srvtab_named_zones(const ditto_config_t *cfg)
{
	unsigned int n = 0;
	for (const ditto_config_view_t *cv = cfg->views; cv != NULL;
	     cv = cv->next) {
		n++; /* the view's managed-keys zone */
		for (const ditto_config_zone_t *cz = cv->zones; cz != NULL;
		     cz = cz->next) {
			n += named_counts(cz->type) ? 1 : 0;
		}
	}
	return n;
}

ditto_result_t
srvtab_build(const ditto_config_t *cfg, const srvtab_t *old, srvtab_t **out,
             ditto_err_t *err)
{
	return srvtab_build_mode(cfg, old, SRVTAB_RELOAD, out, err);
}

ditto_result_t
srvtab_build_mode(const ditto_config_t *cfg, const srvtab_t *old,
                  srvtab_mode_t mode, srvtab_t **out, ditto_err_t *err)
{
	ditto_result_t result;
	srvtab_t *tab = ditto_calloc(1, sizeof(*tab));
	size_t nviews = 1;
	for (const ditto_config_view_t *cv = cfg->views; cv != NULL;
	     cv = cv->next) {
		nviews++;
	}
	tab->views = ditto_calloc(nviews, sizeof(*tab->views));
	CHECK(dconf_load(cfg, &tab->conf, err));
	CHECK(make_aclenv(&tab->conf, &tab->aclenv, err));
	CHECK(keys_build(cfg, &tab->keys, err));
	xfrconf_global(cfg, &tab->xglob);
	tab->oglob = ditto_calloc(1, sizeof(*tab->oglob));
	outconf_global(cfg, tab->oglob);
	for (const ditto_config_view_t *cv = cfg->views; cv != NULL;
	     cv = cv->next) {
		view_t *v = &tab->views[tab->nviews++];
		CHECK(view_build(cfg, cv, old, mode, tab, v, err));
	}
	CHECK(chaos_view(&tab->conf, &tab->views[tab->nviews++]));
	tab->zones_named = srvtab_named_zones(cfg);
	*out = tab;
	return DITTO_R_SUCCESS;
cleanup:
	srvtab_destroy(&tab);
	return result;
}

void
srvtab_secondaries(const srvtab_t *tab, zslot_t ***slots, xfrconf_t ***confs,
                   size_t *n)
{
	size_t count = 0, k = 0;
	for (size_t i = 0; i < tab->nviews; i++) {
		count += tab->views[i].nzones;
	}
	*slots = ditto_calloc(count + 1, sizeof(**slots));
	*confs = ditto_calloc(count + 1, sizeof(**confs));
	for (size_t i = 0; i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		for (size_t j = 0; j < v->nzones; j++) {
			if (v->zones[j]->slot != NULL) {
				(*slots)[k] = v->zones[j]->slot;
				(*confs)[k] = v->zones[j]->xc;
				k++;
			}
		}
	}
	*n = k;
}

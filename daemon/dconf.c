/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Server-wide options of the query path, taken from struct ditto_config. */
/*
 * dittod reads the typed configuration only, never the AST (DESIGN.md,
 * "Configuration"): the parser resolved the defaults and the inheritance
 * and compiled every address-match list, so this file only copies what
 * the query path reads into the snapshot (the configuration itself is
 * freed once the snapshot is built): strings, references to the compiled
 * lists, and the few values named clamps at run time.
 */
#include "dconf.h"

#include <assert.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"

static_assert(COOKIE_SECRET_LEN == DITTO_CONFIG_COOKIE_SECRET_LEN,
              "cookie-secret length");

ditto_result_t
dconf_acl(const ditto_config_t *cfg, const ditto_config_aml_t *aml,
          ditto_acl_t **out, ditto_err_t *err)
{
	(void)cfg;
	*out = NULL;
	if (aml == NULL || !aml->set) {
		return DITTO_R_SUCCESS;
	}
	if (aml->acl == NULL) {
		ditto_err_set(err, "address match list was not compiled");
		return DITTO_R_FAILURE;
	}
	ditto_acl_attach(aml->acl, out);
	return DITTO_R_SUCCESS;
}

ditto_answer_opts_t
dconf_answer_opts(const ditto_config_zopts_t *o)
{
	ditto_answer_opts_t a = { .minimal_any = o->minimal_any };
	switch (o->minimal_responses) {
	case DITTO_CONFIG_MINIMAL_NO:
		a.minimal_responses = DITTO_MINIMAL_NO;
		break;
	case DITTO_CONFIG_MINIMAL_YES:
		a.minimal_responses = DITTO_MINIMAL_YES;
		break;
	case DITTO_CONFIG_MINIMAL_NO_AUTH:
		a.minimal_responses = DITTO_MINIMAL_NO_AUTH;
		break;
	case DITTO_CONFIG_MINIMAL_NO_AUTH_RECURSIVE:
		a.minimal_responses = DITTO_MINIMAL_NO_AUTH_RECURSIVE;
		break;
	}
	return a;
}

static char *
host_name(void)
{
	char buf[256];
	if (gethostname(buf, sizeof(buf) - 1) != 0) {
		return NULL;
	}
	buf[sizeof(buf) - 1] = '\0';
	return ditto_strdup(buf);
}

static char *
ident(const ditto_config_ident_t *id)
{
	if (id->use_hostname) {
		return host_name();
	}
	return id->text != NULL ? ditto_strdup(id->text) : NULL;
}

static uint16_t
clamp_udp(uint32_t v)
{
	/* named clamps these options to 512..4096 */
	return (uint16_t)(v < 512 ? 512 : v > 4096 ? 4096 : v);
}

ditto_result_t
dconf_load(const ditto_config_t *cfg, dconf_t *out, ditto_err_t *err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	out->version = cfg->version != NULL ? ditto_strdup(cfg->version) : NULL;
	out->hostname = ident(&cfg->hostname);
	out->server_id = ident(&cfg->server_id);
	out->edns_udp_size = clamp_udp(cfg->edns_udp_size);
	out->max_udp_size = clamp_udp(cfg->max_udp_size);
	out->tcp_initial_timeout = cfg->tcp_initial_timeout;
	out->tcp_idle_timeout = cfg->tcp_idle_timeout;
	out->tcp_clients = cfg->tcp_clients;
	out->answer_cookie = cfg->answer_cookie;
	out->match_mapped = cfg->match_mapped_addresses;
	out->statistics_file =
	        ditto_strdup(cfg->statistics_file != NULL ? cfg->statistics_file
	                                                  : "named.stats");
	out->dump_file = ditto_strdup(cfg->dump_file != NULL ? cfg->dump_file
	                                                     : "named_dump.db");
	if (cfg->ncookie_secrets > 0) {
		memcpy(out->cookie_secret, cfg->cookie_secrets[0],
		       COOKIE_SECRET_LEN);
		out->cookie_secret_set = true;
	}
	if (cfg->blackhole.set && cfg->blackhole.acl != NULL) {
		ditto_acl_attach(cfg->blackhole.acl, &out->blackhole);
	}
	return DITTO_R_SUCCESS;
}

void
dconf_clear(dconf_t *dc)
{
	ditto_free(dc->version);
	ditto_free(dc->hostname);
	ditto_free(dc->server_id);
	ditto_free(dc->statistics_file);
	ditto_free(dc->dump_file);
	ditto_acl_detach(&dc->blackhole);
	memset(dc, 0, sizeof(*dc));
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Server-wide options of the query path, taken from struct ditto_config. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "acl/acl.h"
#include "parser/config.h"
#include "util/err.h"
#include "util/result.h"
#include "zone/answer.h"

#include "cookie.h"

/*!
 * What the query path needs from `options {}`, in the form it uses it
 * (BIND 9.18's defaults come from the typed configuration). Immutable once
 * built; published with the zone table.
 */
typedef struct dconf {
	char *version;                /*!< version.bind text, NULL: none */
	char *hostname;               /*!< hostname.bind text, NULL: none */
	char *server_id;              /*!< id.server and NSID, NULL: none */
	ditto_acl_t *blackhole;       /*!< blackhole, NULL: not set */
	uint16_t edns_udp_size;       /*!< advertised in OPT (1232) */
	uint16_t max_udp_size;        /*!< largest UDP answer (1232) */
	uint32_t tcp_initial_timeout; /*!< 100 ms units (300) */
	uint32_t tcp_idle_timeout;    /*!< 100 ms units (300) */
	uint32_t tcp_clients;         /*!< tcp-clients (150) */
	bool answer_cookie;           /*!< answer-cookie (yes) */
	bool cookie_secret_set;       /*!< cookie-secret given */
	uint8_t cookie_secret[COOKIE_SECRET_LEN]; /*!< its first value */
	bool match_mapped;                        /*!< match-mapped-addresses */
	char *statistics_file; /*!< statistics-file (rndc stats), relative
	                            to `directory` when not absolute */
	char *dump_file;       /*!< dump-file (rndc dumpdb), likewise */
} dconf_t;

/*!
 * \brief Take the server-wide options of \a cfg into \a out.
 * \retval DITTO_R_SUCCESS (the configuration was checked when built)
 * Ownership: \a out owns its strings and ACL references; free with
 * dconf_clear(). \a cfg may be destroyed afterwards.
 * Thread safety: one thread (the main thread, at load or reload).
 */
ditto_result_t dconf_load(const ditto_config_t *cfg, dconf_t *out,
                          ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Free what dconf_load() allocated. */
void dconf_clear(dconf_t *dc);

/*!
 * \brief The compiled list of a configuration address-match list.
 * \param[out] out  a new reference (caller detaches), or NULL when
 *                  !aml->set (the caller's "not set" case)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FAILURE  a list that is set but was not compiled (the
 *                          parser compiles every list it hands a zone,
 *                          view or listener; reason in \a err)
 * Thread safety: one thread.
 */
ditto_result_t dconf_acl(const ditto_config_t *cfg,
                         const ditto_config_aml_t *aml, ditto_acl_t **out,
                         ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief The answer policy (minimal-responses, minimal-any) of a zone. */
ditto_answer_opts_t dconf_answer_opts(const ditto_config_zopts_t *o);

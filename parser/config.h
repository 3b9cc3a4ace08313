/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The typed configuration the daemon reads (it never sees the AST). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "acl/acl.h"
#include "parser/ast.h"
#include "parser/values.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/result.h"

/*! Kinds of address-match-list element. */
typedef enum ditto_config_acl_kind {
	DITTO_CONFIG_ACL_PREFIX,    /*!< address or prefix */
	DITTO_CONFIG_ACL_KEY,       /*!< `key name` */
	DITTO_CONFIG_ACL_NAMED,     /*!< reference to an `acl` by name */
	DITTO_CONFIG_ACL_NESTED,    /*!< `{ ... }` */
	DITTO_CONFIG_ACL_ANY,       /*!< builtin any */
	DITTO_CONFIG_ACL_NONE,      /*!< builtin none */
	DITTO_CONFIG_ACL_LOCALHOST, /*!< builtin localhost */
	DITTO_CONFIG_ACL_LOCALNETS, /*!< builtin localnets */
} ditto_config_acl_kind_t;

/*! One element of an address match list (a tree through `nested`). */
typedef struct ditto_config_acl ditto_config_acl_t;
struct ditto_config_acl {
	ditto_config_acl_kind_t kind; /*!< what it is */
	bool negated;                 /*!< preceded by '!' */
	ditto_cfg_prefix_t prefix;    /*!< PREFIX */
	const char *name;             /*!< KEY / NAMED */
	ditto_config_acl_t *nested;   /*!< NESTED: first element */
	ditto_config_acl_t *next;     /*!< next element of the list */
};

/*! minimal-responses (BIND 9.18 default: no-auth-recursive). */
typedef enum ditto_config_minimal {
	DITTO_CONFIG_MINIMAL_NO,                /*!< no */
	DITTO_CONFIG_MINIMAL_YES,               /*!< yes */
	DITTO_CONFIG_MINIMAL_NO_AUTH,           /*!< no-auth */
	DITTO_CONFIG_MINIMAL_NO_AUTH_RECURSIVE, /*!< no-auth-recursive */
} ditto_config_minimal_t;

/*! ixfr-from-differences (options/view: also primary/secondary). */
typedef enum ditto_config_ixfrdiff {
	DITTO_CONFIG_IXFRDIFF_NO = 0,    /*!< no (named's default) */
	DITTO_CONFIG_IXFRDIFF_YES,       /*!< yes: every zone */
	DITTO_CONFIG_IXFRDIFF_PRIMARY,   /*!< primary / master: primary zones */
	DITTO_CONFIG_IXFRDIFF_SECONDARY, /*!< secondary / slave: secondary
	                                      zones */
} ditto_config_ixfrdiff_t;

/*!
 * `hostname` / `server-id`: a string, the system's host name, or none.
 * The parser does not ask the system: the daemon calls gethostname()
 * when `use_hostname` is set.
 */
typedef struct ditto_config_ident {
	const char *text;  /*!< the string written, or NULL */
	bool use_hostname; /*!< the host name (text is NULL) */
} ditto_config_ident_t;

/*! Length of a cookie-secret (SipHash-2-4 and AES: 128 bits). */
#define DITTO_CONFIG_COOKIE_SECRET_LEN 16

/*!
 * An address match list: the elements as written (`head`, NULL with `set`
 * false when the option was not given at any level) and the same list
 * compiled by lib/acl (`acl`), ready for ditto_acl_match().
 *
 * `acl` is frozen and never NULL in a built configuration (BIND's default
 * list when the option was not written), except where named never
 * expands the list and it cannot be compiled (an undefined acl or a
 * loop): a named acl no option uses, and allow-transfer / allow-notify
 * at the options and view levels (each zone has its own, never NULL). It
 * is owned by the configuration: borrow it while
 * the configuration lives, or ditto_acl_attach() it to keep it longer.
 * Inherited lists are the same object as the level they come from, and a
 * reference to a named acl nests that acl's compiled list (lib/acl inlines
 * lists without negations).
 */
typedef struct ditto_config_aml {
	bool set;                 /*!< the option was written */
	ditto_config_acl_t *head; /*!< first element */
	ditto_acl_t *acl;         /*!< compiled, frozen (see above) */
} ditto_config_aml_t;

/*! A remote server: address with port, key and tls, or a list name. */
typedef struct ditto_config_remote ditto_config_remote_t;
struct ditto_config_remote {
	const char *list;            /*!< name of a primaries list, or NULL */
	ditto_cfg_prefix_t addr;     /*!< address when list is NULL */
	uint16_t port;               /*!< 0 = default */
	const char *key;             /*!< TSIG key name or NULL */
	const char *tls;             /*!< tls name or NULL */
	ditto_config_remote_t *next; /*!< next entry */
};

/*! A remote server list (`primaries {}`, `also-notify {}`). */
typedef struct ditto_config_remotes {
	bool set;                    /*!< the option was written */
	uint16_t port;               /*!< list-level `port`, 0 = default */
	ditto_config_remote_t *head; /*!< entries */
} ditto_config_remotes_t;

/*! A named `primaries`/`masters` list. */
typedef struct ditto_config_primaries ditto_config_primaries_t;
struct ditto_config_primaries {
	const char *name;               /*!< list name */
	ditto_config_remotes_t list;    /*!< its entries */
	ditto_config_primaries_t *next; /*!< next list */
};

/*! A TSIG key. */
typedef struct ditto_config_key ditto_config_key_t;
struct ditto_config_key {
	const char *name;         /*!< key name */
	const char *algorithm;    /*!< e.g. "hmac-sha256" */
	const char *secret;       /*!< base64 text */
	ditto_config_key_t *next; /*!< next key */
};

/*! A named ACL. */
typedef struct ditto_config_aclnamed ditto_config_aclnamed_t;
struct ditto_config_aclnamed {
	const char *name;              /*!< acl name */
	ditto_config_aml_t list;       /*!< its elements */
	ditto_config_aclnamed_t *next; /*!< next */
};

/*!
 * Options that may be set in options, view and zone; each zone gets the
 * resolved value (zone, else view, else options, else BIND's default).
 * A few (minimal-responses, minimal-any) BIND allows in options and view
 * only; a zone then has its view's value.
 */
typedef struct ditto_config_zopts {
	ditto_config_aml_t allow_query;        /*!< allow-query */
	ditto_config_aml_t allow_transfer;     /*!< allow-transfer */
	ditto_config_aml_t allow_notify;       /*!< allow-notify */
	ditto_config_aml_t allow_query_on;     /*!< allow-query-on */
	ditto_config_remotes_t also_notify;    /*!< also-notify */
	const char *notify;                    /*!< yes/no/explicit/... */
	uint32_t notify_delay;                 /*!< seconds */
	ditto_cfg_prefix_t transfer_source;    /*!< transfer-source (v4) */
	bool transfer_source_set;              /*!< transfer-source given */
	ditto_cfg_prefix_t transfer_source_v6; /*!< transfer-source-v6 */
	bool transfer_source_v6_set;           /*!< transfer-source-v6 given */
	uint16_t transfer_source_port;         /*!< its `port`, 0 = any */
	uint16_t transfer_source_v6_port;      /*!< its `port`, 0 = any */
	uint32_t max_records;                  /*!< max-records, 0 = none */
	uint32_t max_transfer_time_in;         /*!< minutes */
	uint32_t max_transfer_idle_in;         /*!< minutes */
	uint32_t max_transfer_time_out;        /*!< minutes */
	uint32_t max_transfer_idle_out;        /*!< minutes */
	uint32_t min_refresh_time;             /*!< seconds */
	uint32_t max_refresh_time;             /*!< seconds */
	uint32_t min_retry_time;               /*!< seconds */
	uint32_t max_retry_time;               /*!< seconds */
	bool request_ixfr;                     /*!< request-ixfr */
	bool provide_ixfr;                     /*!< provide-ixfr */
	bool request_expire;                   /*!< request-expire */
	bool try_tcp_refresh;                  /*!< try-tcp-refresh */
	bool multi_master;                     /*!< multi-master */
	uint64_t max_journal_size;     /*!< bytes, UINT64_MAX=unlimited */
	const char *masterfile_format; /*!< "text" or "raw" */
	const char *zone_statistics;   /*!< full/terse/none */
	ditto_config_minimal_t minimal_responses; /*!< minimal-responses
	                                               (options, view) */
	bool minimal_any; /*!< minimal-any (options, view; default no) */
	bool transfer_format_one_answer; /*!< transfer-format one-answer
	                                      (options, view; default
	                                      many-answers) */
	uint32_t max_ixfr_ratio;         /*!< max-ixfr-ratio percent, 0 =
	                                      unlimited (default 100) */
	ditto_config_ixfrdiff_t ixfr_from_differences; /*!< as written at the
	                                      nearest level (zone: yes/no) */
	bool notify_to_soa;                  /*!< notify-to-soa (default no) */
	ditto_cfg_prefix_t notify_source;    /*!< notify-source (v4) */
	bool notify_source_set;              /*!< notify-source given */
	ditto_cfg_prefix_t notify_source_v6; /*!< notify-source-v6 */
	bool notify_source_v6_set;           /*!< notify-source-v6 given */
	uint16_t notify_source_port;         /*!< its `port`, 0 = any */
	uint16_t notify_source_v6_port;      /*!< its `port`, 0 = any */
} ditto_config_zopts_t;

/*! A zone. */
typedef struct ditto_config_zone ditto_config_zone_t;
struct ditto_config_zone {
	const char *name;                 /*!< as written */
	const char *rdclass;              /*!< "IN" ... */
	const char *type;                 /*!< "secondary" (normalised) ... */
	const char *file;                 /*!< file or NULL */
	const char *journal;              /*!< journal or NULL */
	ditto_config_remotes_t primaries; /*!< primaries (or masters) */
	ditto_config_zopts_t opts;        /*!< resolved, inherited options */
	const char *srcfile;              /*!< where it was defined */
	unsigned int line;                /*!< line of the definition */
	ditto_config_zone_t *next;        /*!< next zone of the view */
};

/*! A view (the implicit "_default" when there are none). */
typedef struct ditto_config_view ditto_config_view_t;
struct ditto_config_view {
	const char *name;                      /*!< view name */
	const char *rdclass;                   /*!< view class */
	ditto_config_aml_t match_clients;      /*!< match-clients */
	ditto_config_aml_t match_destinations; /*!< match-destinations */
	ditto_config_aml_t allow_recursion;    /*!< allow-recursion (ignored
	                                            by dittod; default
	                                            localnets; localhost) */
	ditto_config_key_t *keys;              /*!< keys defined in the view */
	uint32_t edns_udp_size;                /*!< edns-udp-size (view, else
	                                            options, else 1232) */
	uint32_t max_udp_size;                 /*!< max-udp-size (view, else
	                                            options, else 1232) */
	ditto_config_zopts_t opts;             /*!< view-level (inherited) */
	ditto_config_zone_t *zones;            /*!< its zones, in order */
	size_t nzones;                         /*!< count */
	ditto_config_view_t *next;             /*!< next view */
};

/*! One `listen-on` / `listen-on-v6` statement. */
typedef struct ditto_config_listen ditto_config_listen_t;
struct ditto_config_listen {
	bool v6;                     /*!< listen-on-v6 */
	uint16_t port;               /*!< port (0 = options port) */
	const char *tls;             /*!< tls name or NULL */
	ditto_config_aml_t addrs;    /*!< address match list */
	ditto_config_listen_t *next; /*!< next */
};

/*! A control channel (`controls { inet ...; unix ...; }`). */
typedef struct ditto_config_control ditto_config_control_t;
struct ditto_config_control {
	bool is_unix;                 /*!< unix socket */
	const char *path;             /*!< unix path */
	ditto_cfg_prefix_t addr;      /*!< inet address (len 0 = '*') */
	uint16_t port;                /*!< inet port, default 953 */
	ditto_config_aml_t allow;     /*!< allow list */
	const char **keys;            /*!< NULL-terminated key names */
	bool read_only;               /*!< read-only */
	uint32_t perm;                /*!< unix: socket file mode (named
	                                   reads `perm 0600` as octal) */
	uint32_t owner;               /*!< unix: owner uid */
	uint32_t group;               /*!< unix: group gid */
	ditto_config_control_t *next; /*!< next */
};

/*! A statistics channel. */
typedef struct ditto_config_statschan ditto_config_statschan_t;
struct ditto_config_statschan {
	ditto_cfg_prefix_t addr;        /*!< address (len 0 = '*') */
	uint16_t port;                  /*!< port, default 80 */
	ditto_config_aml_t allow;       /*!< allow list */
	ditto_config_statschan_t *next; /*!< next */
};

/*! A logging channel. */
typedef struct ditto_config_channel ditto_config_channel_t;
struct ditto_config_channel {
	const char *name;     /*!< channel name */
	const char *file;     /*!< file destination or NULL */
	uint32_t versions;    /*!< file versions (UINT32_MAX=unl.) */
	uint64_t size;        /*!< file size limit, 0 = none */
	const char *syslog;   /*!< syslog facility or NULL */
	bool to_stderr;       /*!< stderr destination */
	bool null;            /*!< null destination */
	const char *severity; /*!< severity text, default "info" */
	bool print_time, print_category, print_severity; /*!< flags */
	bool versions_set;          /*!< `versions` was written */
	bool suffix_timestamp;      /*!< `suffix timestamp` (else increment) */
	uint32_t debug_level;       /*!< N of `severity debug N` (1 if none) */
	const char *print_time_fmt; /*!< print-time word as written, or
	                                 NULL (yes/no/iso8601/...) */
	ditto_config_channel_t *next; /*!< next */
};

/*! A logging category. */
typedef struct ditto_config_category ditto_config_category_t;
struct ditto_config_category {
	const char *name;              /*!< category name */
	const char **channels;         /*!< NULL-terminated channel names */
	ditto_config_category_t *next; /*!< next */
};

/*! A `tls` statement. */
typedef struct ditto_config_tls ditto_config_tls_t;
struct ditto_config_tls {
	const char *name, *cert_file, *key_file, *ca_file; /*!< paths */
	const char *remote_hostname;                       /*!< SNI/verify */
	ditto_config_tls_t *next;                          /*!< next */
};

/*! A `server` statement. */
typedef struct ditto_config_server ditto_config_server_t;
struct ditto_config_server {
	ditto_cfg_prefix_t prefix;   /*!< the server address/prefix */
	const char *key;             /*!< keys */
	bool bogus;                  /*!< bogus */
	int request_ixfr;            /*!< -1 unset, else 0/1 */
	int provide_ixfr;            /*!< -1 unset, else 0/1 */
	uint32_t transfers;          /*!< 0 = unset */
	int transfer_format;         /*!< -1 unset, 0 many-answers,
	                                  1 one-answer */
	ditto_config_server_t *next; /*!< next */
};

/*! The whole configuration. */
typedef struct ditto_config {
	ditto_arena_t arena;            /*!< owns everything below */
	const char *directory;          /*!< directory, default "." */
	const char *pid_file;           /*!< pid-file or NULL for none */
	const char *statistics_file;    /*!< statistics-file, default
	                                     "named.stats" (relative to
	                                     directory) */
	const char *dump_file;          /*!< dump-file, default
	                                     "named_dump.db" (relative to
	                                     directory) */
	uint16_t port;                  /*!< port, default 53 */
	uint32_t transfers_in;          /*!< default 10 */
	uint32_t transfers_out;         /*!< default 10 */
	uint32_t transfers_per_ns;      /*!< default 2 */
	uint32_t serial_query_rate;     /*!< default 20 */
	uint32_t transfer_message_size; /*!< default 20480 (octets) */
	uint32_t notify_rate;           /*!< notify-rate, default 20 */
	uint32_t startup_notify_rate;   /*!< startup-notify-rate, default 20 */
	uint32_t tcp_clients;           /*!< default 150 */
	uint32_t tcp_initial_timeout;   /*!< 100 ms units, default 300 */
	uint32_t tcp_idle_timeout;      /*!< 100 ms units, default 300 */
	uint32_t edns_udp_size;         /*!< options level, default 1232 (as
	                                     written; named uses 512..4096) */
	uint32_t max_udp_size;          /*!< options level, default 1232 */
	const char *version;            /*!< version or NULL for none */
	ditto_config_ident_t hostname;  /*!< default: the host name */
	ditto_config_ident_t server_id; /*!< default: none */
	bool answer_cookie;             /*!< answer-cookie, default yes */
	uint8_t (*cookie_secrets)[DITTO_CONFIG_COOKIE_SECRET_LEN]; /*!<
	                                   cookie-secret values in order (the
	                                   first signs), decoded */
	size_t ncookie_secrets;              /*!< how many (0: none written) */
	bool match_mapped_addresses;         /*!< default no */
	ditto_config_listen_t *listen;       /*!< listen-on[-v6] */
	ditto_config_aclnamed_t *acls;       /*!< named ACLs */
	ditto_config_key_t *keys;            /*!< global keys */
	ditto_config_primaries_t *primaries; /*!< named primaries lists */
	ditto_config_server_t *servers;      /*!< server statements */
	ditto_config_control_t *controls;    /*!< control channels */
	bool controls_set;                   /*!< a controls statement exists */
	ditto_config_statschan_t *statschans; /*!< statistics channels */
	ditto_config_channel_t *channels;     /*!< logging channels */
	ditto_config_category_t *categories;  /*!< logging categories */
	bool logging_set;                     /*!< a logging statement exists */
	int querylog;                         /*!< querylog: -1 unset, 0/1 */
	ditto_config_tls_t *tls;              /*!< tls statements */
	ditto_config_view_t *views;           /*!< views ("_default" if none) */
	ditto_config_aml_t blackhole;         /*!< blackhole (default none) */
	ditto_acl_t ***aclrefs;               /*!< every acl reference held */
	size_t naclrefs, aclrefs_cap;         /*!< count, allocated */
} ditto_config_t;

/*!
 * \brief Build the typed configuration from a checked AST.
 * \a root must have passed ditto_cfg_check().
 * \param[out] out assigned on success; free with ditto_config_destroy().
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_ACLLOOP         a used acl includes itself
 * \retval DITTO_R_NOTFOUND        an undefined acl name
 * \retval DITTO_R_TOOMANY         an address-match list over lib/acl limits
 * Only lists named expands can fail (see ditto_config_aml_t); `geoip`
 * elements are accepted with a warning (they never match in dittod).
 * On failure nothing is allocated any more.
 * Ownership: the config copies every string it keeps; the AST may be freed.
 * Thread safety: the result is immutable and may be shared read-only.
 */
ditto_result_t ditto_config_fromast(const ditto_cfg_node_t *root,
                                    ditto_config_t **out) DITTO_MUSTCHECK;

/*!
 * \brief ditto_config_fromast() that also writes the reason of a failure
 * into \a p as an error diagnostic at the offending statement, in
 * named-checkconf's words ("acl loop detected: a").
 */
ditto_result_t ditto_config_build(ditto_cfg_parser_t *p,
                                  const ditto_cfg_node_t *root,
                                  ditto_config_t **out) DITTO_MUSTCHECK;

/*! \brief Free a configuration; NULL is a no-op. */
void ditto_config_destroy(ditto_config_t **cfgp);

/*!
 * \brief Parse, check and build in one call (the daemon's entry point, at
 * start and on reload).
 *
 * Diagnostics are left in \a p, in order: named-checkconf's errors and
 * warnings, then one warning per option that dittod accepts but ignores
 * ("option 'x' is not implemented by dittod and has no effect"). Warnings
 * never make the load fail.
 * \retval DITTO_R_SUCCESS  *out is set
 * \retval other           the failure of the parse (DITTO_R_SYNTAX,
 *                         DITTO_R_FILENOTFOUND, DITTO_R_IOERROR,
 *                         DITTO_R_TOOMANY), of the checks (DITTO_R_SYNTAX,
 *                         DITTO_R_FAILURE) or of ditto_config_build(); at
 *                         least one error diagnostic says why, and nothing
 *                         is left allocated but \a p's contents.
 * Requires: *out == NULL; \a p initialised (cleared by the caller).
 */
ditto_result_t ditto_config_load(ditto_cfg_parser_t *p, const char *path,
                                 ditto_config_t **out) DITTO_MUSTCHECK;

/*!
 * Called by ditto_config_expand_remotes() for each address entry: \a port
 * is the entry's, else its list's, else the caller's; \a key the
 * entry's, else the nearest enclosing entry's, else NULL.
 */
typedef ditto_result_t (*ditto_config_remote_fn)(void *arg,
                                                 const ditto_config_remote_t *r,
                                                 uint16_t port,
                                                 const char *key);

/*!
 * \brief Walk a remote-server list (`primaries`, `also-notify`) with
 * named `primaries` lists expanded, depth first, in order, nesting
 * bounded. The daemon and dittoctl sync-check read lists through this one
 * walk, so they agree on ports and keys.
 * \param zone  the zone's name, for the reason in \a err
 * \retval DITTO_R_NOTFOUND  an unknown list (reason in \a err)
 * \retval DITTO_R_TOOMANY   nested too deeply
 * \retval other             what \a cb returned
 * Thread safety: safe on a built configuration.
 */
ditto_result_t ditto_config_expand_remotes(const ditto_config_t *cfg,
                                           const char *zone,
                                           const ditto_config_remotes_t *list,
                                           uint16_t port,
                                           ditto_config_remote_fn cb, void *arg,
                                           ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief The most specific `server` statement whose prefix holds \a a,
 * or NULL. Thread safety: safe.
 */
const ditto_config_server_t *
ditto_config_find_server(const ditto_config_t *cfg,
                         const ditto_cfg_prefix_t *a);

/*!
 * \brief \a p (family 0: IPv4 any) with \a port as a socket address.
 * \return its length. Thread safety: safe.
 */
socklen_t ditto_config_sockaddr(const ditto_cfg_prefix_t *p, uint16_t port,
                                struct sockaddr_storage *ss);

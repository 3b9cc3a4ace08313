/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* rndc.conf and rndc.key: syntax on parser/ast.h, rndc's precedence rules. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parser/ast.h"
#include "util/err.h"
#include "util/result.h"

/*! rndc's default configuration file. */
#define DITTO_RNDCCONF_CONFFILE "/etc/bind/rndc.conf"
/*! rndc's default key file (used when there is no configuration file). */
#define DITTO_RNDCCONF_KEYFILE "/etc/bind/rndc.key"
/*! The control channel's default port. */
#define DITTO_RNDCCONF_PORT 953
/*! Most addresses accepted in one `server { addresses { } }`. */
#define DITTO_RNDCCONF_MAXADDRS 64

/*! A `key NAME { algorithm A; secret S; }` (strings in the parser arena). */
typedef struct ditto_rndcconf_key ditto_rndcconf_key_t;
struct ditto_rndcconf_key {
	const char *name;           /*!< key name */
	const char *algorithm;      /*!< NULL when absent */
	const char *secret;         /*!< base64, NULL when absent */
	ditto_rndcconf_key_t *next; /*!< next key, in file order */
};

/*! One entry of `addresses { }`: a literal address or a host name. */
typedef struct ditto_rndcconf_addr {
	const char *host; /*!< address or name, as written */
	uint16_t port;    /*!< its own `port N`, 0 when not given */
} ditto_rndcconf_addr_t;

/*! A `server NAME { ... }` statement. */
typedef struct ditto_rndcconf_server ditto_rndcconf_server_t;
struct ditto_rndcconf_server {
	const char *name;              /*!< server name */
	const char *key;               /*!< `key`, or NULL */
	uint16_t port;                 /*!< `port`, if has_port */
	bool has_port;                 /*!< `port` given */
	const char *source4;           /*!< `source-address`, or NULL */
	const char *source6;           /*!< `source-address-v6`, or NULL */
	ditto_rndcconf_addr_t *addrs;  /*!< `addresses` (arena) */
	size_t naddrs;                 /*!< how many */
	ditto_rndcconf_server_t *next; /*!< next server, in file order */
};

/*!
 * A parsed rndc.conf (or rndc.key when key_only).
 * Ownership: everything lives in `parser`'s arena, released by
 * ditto_rndcconf_clear().
 * Thread safety: read-only after parsing; one thread parses.
 */
typedef struct ditto_rndcconf {
	ditto_cfg_parser_t parser;        /*!< arena and diagnostics */
	bool key_only;                    /*!< parsed as rndc.key */
	bool has_options;                 /*!< an `options` statement */
	const char *default_server;       /*!< or NULL */
	const char *default_key;          /*!< or NULL */
	uint16_t default_port;            /*!< if has_default_port */
	bool has_default_port;            /*!< `default-port` given */
	const char *source4;              /*!< default-source-address */
	const char *source6;              /*!< default-source-address-v6 */
	ditto_rndcconf_key_t *keys;       /*!< key statements */
	ditto_rndcconf_server_t *servers; /*!< server statements */
} ditto_rndcconf_t;

/*! \brief Initialise \a c (caller storage). */
void ditto_rndcconf_init(ditto_rndcconf_t *c);

/*! \brief Free everything \a c holds. */
void ditto_rndcconf_clear(ditto_rndcconf_t *c);

/*!
 * \brief Parse the rndc.conf (or, with \a key_only, rndc.key) file \a path.
 * Includes resolve against the current directory, as rndc's do.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_SYNTAX, DITTO_R_FILENOTFOUND, DITTO_R_IOERROR,
 *         DITTO_R_TOOMANY  with diagnostics in c->parser.diags
 *         ("file:line: unknown option 'x'", as rndc words them)
 * Security: the file is operator input: sizes and nesting are bounded.
 * Thread safety: one thread per \a c.
 */
ditto_result_t ditto_rndcconf_parse_file(ditto_rndcconf_t *c, const char *path,
                                         bool key_only) DITTO_MUSTCHECK;

/*!
 * \brief Parse a memory buffer named \a name (same rules; includes are
 * resolved unless c->parser.no_includes).
 */
ditto_result_t ditto_rndcconf_parse_buffer(ditto_rndcconf_t *c,
                                           const char *name, const char *data,
                                           size_t len,
                                           bool key_only) DITTO_MUSTCHECK;

/*! What the command line asks for (NULL / 0 = not given). */
typedef struct ditto_rndcconf_args {
	const char *server;  /*!< -s */
	const char *keyname; /*!< -y */
	uint16_t port;       /*!< -p, 0 = not given */
} ditto_rndcconf_args_t;

/*! How the key was chosen (rndc -V prints the step). */
typedef enum ditto_rndcconf_keyfrom {
	DITTO_RNDCCONF_KEY_ONLY,    /*!< the one key of rndc.key: "get key" */
	DITTO_RNDCCONF_KEY_ARG,     /*!< -y */
	DITTO_RNDCCONF_KEY_SERVER,  /*!< "get key for server" */
	DITTO_RNDCCONF_KEY_DEFAULT, /*!< "get default key" */
} ditto_rndcconf_keyfrom_t;

/*! The outcome of rndc's precedence rules (borrowed from the conf). */
typedef struct ditto_rndcconf_target {
	const char *server;                  /*!< name to connect to */
	const ditto_rndcconf_server_t *stmt; /*!< its `server`, or NULL */
	const ditto_rndcconf_key_t *key;     /*!< key, both fields set */
	ditto_rndcconf_keyfrom_t keyfrom;    /*!< how it was chosen */
	uint16_t port;                       /*!< port to use */
	const char *source4;                 /*!< IPv4 source, or NULL */
	const char *source6;                 /*!< IPv6 source, or NULL */
} ditto_rndcconf_target_t;

/*!
 * \brief Apply rndc's rules: server = -s, else default-server (127.0.0.1
 * for rndc.key); key = -y, else the server statement's key, else
 * default-key (rndc.key: its one key, -y ignored); port = -p, else the
 * server's port, else default-port, else 953; source addresses from the
 * server statement, else the defaults.
 * \retval DITTO_R_SUCCESS  *\a t filled
 * \retval DITTO_R_NOTFOUND / DITTO_R_FAILURE  err->msg holds rndc's text
 *         ("no server specified and no default", "get default key: not
 *         found", "no key definition for name k", ...)
 * Thread safety: safe on a parsed, unchanging \a c.
 */
ditto_result_t ditto_rndcconf_select(const ditto_rndcconf_t *c,
                                     const ditto_rndcconf_args_t *a,
                                     ditto_rndcconf_target_t *t,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/*! Which file(s) to read, per rndc's rules. */
typedef struct ditto_rndcconf_files {
	const char *path;  /*!< the file to parse */
	bool key_only;     /*!< it is an rndc.key */
	bool warn_keyfile; /*!< the default rndc.conf is used although the
	                        key file exists: rndc prints a WARNING */
} ditto_rndcconf_files_t;

/*!
 * \brief Choose the file: \a conffile (-c; must exist), else
 * /etc/bind/rndc.conf when it exists, else \a keyfile (-k, default
 * /etc/bind/rndc.key) as a key-only file.
 * \a exists is the existence test (access(2) in dittoctl; a stub in tests).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND  err->msg: "X does not exist" or
 *         "neither X nor Y was found"
 */
ditto_result_t ditto_rndcconf_choose(const char *conffile, const char *keyfile,
                                     bool (*exists)(const char *path),
                                     ditto_rndcconf_files_t *out,
                                     ditto_err_t *err) DITTO_MUSTCHECK;

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared state and helpers of the semantic checks (semantic_*.c). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parser/ast.h"
#include "parser/check_p.h"

/*! A case-insensitive string -> node map with a small tag per entry. */
typedef struct ditto__semmap_ent {
	char *key;                    /*!< owned copy */
	const ditto_cfg_node_t *node; /*!< what it names */
	int tag;                      /*!< caller's tag */
} ditto__semmap_ent_t;

typedef struct ditto__semmap {
	ditto__semmap_ent_t *v; /*!< open addressing table */
	size_t cap, n;          /*!< size, used */
} ditto__semmap_t;

/*! Where check_options() runs, as named distinguishes it. */
typedef enum {
	SEM_LEVEL_CONFIG,  /*!< the top-level statement list */
	SEM_LEVEL_OPTIONS, /*!< the options block */
	SEM_LEVEL_VIEW,    /*!< a view block */
	SEM_LEVEL_ZONE,    /*!< a zone block */
} ditto__semlevel_t;

/*! State of one semantic pass. */
typedef struct ditto__sem {
	ditto__cfg_check_t *c;         /*!< diagnostics */
	const ditto_cfg_node_t *root;  /*!< top-level statements */
	const ditto_cfg_node_t *gopts; /*!< statements of `options`, or NULL */
	ditto__semmap_t files;         /*!< zone files (tag 1 ro, 2 rw) */
	ditto__semmap_t keydirs;       /*!< zone/key-directory -> zone */
	ditto__semmap_t inview;        /*!< name/class/view of real zones */
	unsigned int dnsport;          /*!< `port`, default 53 */
	const ditto_cfg_node_t *curview; /*!< view being checked */
	unsigned int acldepth;           /*!< ACL expansion depth */
	const char *aclstack[64];        /*!< ACLs being expanded (loops) */
} ditto__sem_t;

#define SEM_ERR(s, at, ...) \
	ditto_cfg_diag((s)->c->p, DITTO_CFG_ERROR, at, __VA_ARGS__)
#define SEM_WARN(s, at, ...) \
	ditto_cfg_diag((s)->c->p, DITTO_CFG_WARNING, at, __VA_ARGS__)

/* ---- semantic.c: maps and helpers ---- */
const ditto_cfg_node_t *ditto__semmap_get(ditto__semmap_t *m, const char *key,
                                          int *tag);
/*! Insert; returns the existing node (keeping it) when the key exists. */
const ditto_cfg_node_t *ditto__semmap_add(ditto__semmap_t *m, const char *key,
                                          const ditto_cfg_node_t *node,
                                          int tag);
void ditto__semmap_clear(ditto__semmap_t *m);

/*! Text of an item, "" for NULL. */
const char *ditto__sem_txt(const ditto_cfg_node_t *n);
/*! Statements of the first block of \a stmt, or NULL. */
const ditto_cfg_node_t *ditto__sem_body(const ditto_cfg_node_t *stmt);
/*! First statement \a name in list a, else b, else c (any may be NULL). */
const ditto_cfg_node_t *ditto__sem_get3(const ditto_cfg_node_t *a,
                                        const ditto_cfg_node_t *b,
                                        const ditto_cfg_node_t *c,
                                        const char *name);
/*! Is \a s a valid domain name (relative names allowed)? */
bool ditto__sem_name_ok(const char *s);
/*! Canonical text (lower case, absolute, BIND escapes) of a name. */
bool ditto__sem_name_canon(const char *s, char *buf, size_t size);
/*! Canonical text as dns_name_format() prints it (no trailing dot). */
bool ditto__sem_name_format(const char *s, char *buf, size_t size,
                            bool downcase);
/*! Is the value of a boolean statement's first argument true? */
bool ditto__sem_bool(const ditto_cfg_node_t *stmt, bool dflt);
/*! Number of (non-empty) statements in a block list. */
size_t ditto__sem_count(const ditto_cfg_node_t *list);

/* ---- semantic_acl.c ---- */
/*!
 * Expand the address match list in the first block of \a stmt the way
 * named builds an ACL: undefined names, loops, bad keys. \a none set when
 * the list matches nothing ("none" or empty). Returns false on error.
 */
bool ditto__sem_acl(ditto__sem_t *s, const ditto_cfg_node_t *stmt, bool *none);
/*! Expand the ACL named by option \a name in z, else v, else options. */
bool ditto__sem_checkacl(ditto__sem_t *s, const char *name,
                         const ditto_cfg_node_t *z, const ditto_cfg_node_t *v);

/* ---- semantic_opts.c ---- */
bool ditto__sem_options(ditto__sem_t *s, const ditto_cfg_node_t *list,
                        ditto__semlevel_t level);
bool ditto__sem_view_extra(ditto__sem_t *s, const ditto_cfg_node_t *vopts,
                           const char *viewname);
bool ditto__sem_forward(ditto__sem_t *s, const ditto_cfg_node_t *list,
                        const ditto_cfg_node_t *global);
bool ditto__sem_nonzero(ditto__sem_t *s, const ditto_cfg_node_t *list);
bool ditto__sem_dual_stack(ditto__sem_t *s, const ditto_cfg_node_t *list);
bool ditto__sem_order(ditto__sem_t *s, const ditto_cfg_node_t *list);
bool ditto__sem_rpz_catz(ditto__sem_t *s, const ditto_cfg_node_t *opts,
                         const char *viewname, ditto__semmap_t *zones);

/* ---- semantic_zone.c ---- */
bool ditto__sem_zone(ditto__sem_t *s, const ditto_cfg_node_t *zstmt,
                     const ditto_cfg_node_t *vopts, const char *viewname,
                     const char *vclass, ditto__semmap_t *zones);
/*! Validate a remote-servers list; \a count gets the addresses. */
bool ditto__sem_remotes(ditto__sem_t *s, const char *list,
                        const ditto_cfg_node_t *stmt, unsigned int *count);

/* ---- semantic_dnssec.c ---- */
bool ditto__sem_kasp_list(ditto__sem_t *s, const ditto_cfg_node_t *config);
bool ditto__sem_trust(ditto__sem_t *s, const ditto_cfg_node_t *vopts);
bool ditto__sem_secalg(const char *s);
bool ditto__sem_dsdigest(const char *s);

/*! Port conflicts of *-source options (a, else b) with the DNS port. */
bool ditto__sem_source_ports(ditto__sem_t *s, const ditto_cfg_node_t *a,
                             const ditto_cfg_node_t *b,
                             const char *const *names, size_t n);

/* ---- semantic_misc.c ---- */
/*! Values named rejects while parsing (ranges, prefixes). */
void ditto__sem_parselevel(ditto__sem_t *s);
/*! Does OpenSSL's cipher list syntax select at least one cipher? */
bool ditto__sem_cipherlist_ok(const char *list);
bool ditto__sem_logging(ditto__sem_t *s);
bool ditto__sem_controls(ditto__sem_t *s);
bool ditto__sem_remote_lists(ditto__sem_t *s);
bool ditto__sem_http_tls(ditto__sem_t *s);
/*! Keys of a list; adds to \a keys. Returns 0 ok, 1 dup, 2 fatal. */
int ditto__sem_keylist(ditto__sem_t *s, const ditto_cfg_node_t *list,
                       ditto__semmap_t *keys);
bool ditto__sem_servers(ditto__sem_t *s, const ditto_cfg_node_t *vopts,
                        ditto__semmap_t *keys);

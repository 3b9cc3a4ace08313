/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* rndc.conf and rndc.key: syntax on parser/ast.h, rndc's precedence rules. */
#include "parser/rndcconf.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "util/assert.h"

/*
 * The grammar (BIND 9.18 rndc.conf):
 *
 *   options { default-server H; default-key K; default-port P;
 *             default-source-address A; default-source-address-v6 A; };
 *   server NAME { key K; port P; source-address A; source-address-v6 A;
 *                 addresses { H [port P]; ... }; };
 *   key NAME { algorithm A; secret S; };
 *   include "file";               (resolved by parser/ast.c)
 *
 * rndc.key holds exactly one key statement. Messages follow BIND's wording
 * where a script may see them ("unknown option 'x'", "'x' redefined near
 * 'x'", "missing ';' before 'y'").
 */

typedef enum vkind {
	V_STRING, /* one word or string */
	V_PORT,   /* 0..65535 */
	V_ADDR,   /* IPv4 address or '*', optional `port P` */
	V_ADDR6,  /* IPv6 address or '*', optional `port P` */
	V_BLOCK,  /* addresses { } */
} vkind_t;

typedef struct clause {
	const char *name;
	vkind_t kind;
} clause_t;

static const clause_t options_clauses[] = {
	{ "default-server", V_STRING },
	{ "default-key", V_STRING },
	{ "default-port", V_PORT },
	{ "default-source-address", V_ADDR },
	{ "default-source-address-v6", V_ADDR6 },
	{ NULL, V_STRING },
};

static const clause_t server_clauses[] = {
	{ "key", V_STRING },          { "port", V_PORT },
	{ "source-address", V_ADDR }, { "source-address-v6", V_ADDR6 },
	{ "addresses", V_BLOCK },     { NULL, V_STRING },
};

static const clause_t key_clauses[] = {
	{ "algorithm", V_STRING },
	{ "secret", V_STRING },
	{ NULL, V_STRING },
};

#define MAXCLAUSES 8

void
ditto_rndcconf_init(ditto_rndcconf_t *c)
{
	REQUIRE(c != NULL);
	memset(c, 0, sizeof(*c));
	ditto_cfg_parser_init(&c->parser);
	c->parser.follow_directory = false;
}

void
ditto_rndcconf_clear(ditto_rndcconf_t *c)
{
	if (c == NULL) {
		return;
	}
	ditto_cfg_parser_clear(&c->parser);
	memset(c, 0, sizeof(*c));
}

static ditto_result_t fail(ditto_rndcconf_t *c, const ditto_cfg_node_t *at,
                           const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static ditto_result_t
fail(ditto_rndcconf_t *c, const ditto_cfg_node_t *at, const char *fmt, ...)
{
	char buf[DITTO_ERR_MAXMSG];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ditto_cfg_diag(&c->parser, DITTO_CFG_ERROR, at, "%s", buf);
	return DITTO_R_SYNTAX;
}

static bool
is_text(const ditto_cfg_node_t *n)
{
	return n != NULL &&
	       (n->kind == DITTO_CFG_WORD || n->kind == DITTO_CFG_STRING);
}

static bool
parse_port(const char *s, uint16_t *port)
{
	char *end = NULL;
	if (s[0] < '0' || s[0] > '9') {
		return false;
	}
	unsigned long v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 65535) {
		return false;
	}
	*port = (uint16_t)v;
	return true;
}

/* `port P` after a value (addresses, source addresses). */
static ditto_result_t
opt_port(ditto_rndcconf_t *c, const ditto_cfg_node_t *n, uint16_t *port)
{
	if (n == NULL) {
		return DITTO_R_SUCCESS;
	}
	if (!ditto_cfg_is(n, "port")) {
		return fail(c, n, "missing ';' before '%s'",
		            ditto_cfg_node_text(n));
	}
	const ditto_cfg_node_t *v = n->next;
	if (!is_text(v)) {
		return fail(c, n, "expected port near '%s'",
		            v != NULL ? ditto_cfg_node_text(v) : ";");
	}
	if (!(v->kind == DITTO_CFG_WORD && strcmp(v->text, "*") == 0) &&
	    !parse_port(v->text, port)) {
		return fail(c, v, "port '%s' out of range", v->text);
	}
	if (v->next != NULL) {
		return fail(c, v->next, "missing ';' before '%s'",
		            ditto_cfg_node_text(v->next));
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
check_addr(ditto_rndcconf_t *c, const ditto_cfg_node_t *v, vkind_t kind)
{
	unsigned char buf[16];
	int af = kind == V_ADDR ? AF_INET : AF_INET6;
	if (strcmp(v->text, "*") == 0 || inet_pton(af, v->text, buf) == 1) {
		uint16_t port = 0;
		return opt_port(c, v->next, &port);
	}
	return fail(c, v, "expected %s address near '%s'",
	            kind == V_ADDR ? "IPv4" : "IPv6", v->text);
}

/* The value of a one-value clause, checked for its kind. */
static ditto_result_t
check_value(ditto_rndcconf_t *c, const ditto_cfg_node_t *stmt, vkind_t kind)
{
	const ditto_cfg_node_t *kw = stmt->child, *v = kw->next;
	if (v == NULL) {
		return fail(c, stmt, "'%s': missing value near '%s'", kw->text,
		            ";");
	}
	if (kind == V_BLOCK) {
		if (v->kind != DITTO_CFG_BLOCK) {
			return fail(c, v, "expected '{' near '%s'",
			            ditto_cfg_node_text(v));
		}
	} else if (!is_text(v)) {
		return fail(c, v, "'%s': expected a value near '%s'", kw->text,
		            ditto_cfg_node_text(v));
	}
	if (kind == V_ADDR || kind == V_ADDR6) {
		return check_addr(c, v, kind);
	}
	if (v->next != NULL) {
		return fail(c, v->next, "missing ';' before '%s'",
		            ditto_cfg_node_text(v->next));
	}
	uint16_t port;
	if (kind == V_PORT && !parse_port(v->text, &port)) {
		return fail(c, v, "port '%s' out of range", v->text);
	}
	return DITTO_R_SUCCESS;
}

/*
 * Check every statement of a block against its clause table: known, not
 * repeated, well-formed. On success, vals[i] is the statement of clause i
 * (or NULL).
 */
static ditto_result_t
check_block(ditto_rndcconf_t *c, const ditto_cfg_node_t *list,
            const clause_t *tab, const ditto_cfg_node_t **vals)
{
	size_t n = 0;
	while (tab[n].name != NULL) {
		vals[n++] = NULL;
	}
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		const ditto_cfg_node_t *kw = st->child;
		if (st->kind != DITTO_CFG_STMT || kw == NULL) {
			continue;
		}
		size_t i = 0;
		while (i < n && !(kw->kind == DITTO_CFG_WORD &&
		                  strcasecmp(kw->text, tab[i].name) == 0)) {
			i++;
		}
		if (i == n) {
			return fail(c, st, "unknown option '%s'",
			            ditto_cfg_node_text(kw));
		}
		if (vals[i] != NULL) {
			return fail(c, st, "'%s' redefined near '%s'",
			            tab[i].name, tab[i].name);
		}
		ditto_result_t result = check_value(c, st, tab[i].kind);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
		vals[i] = st;
	}
	return DITTO_R_SUCCESS;
}

static const char *
val_text(const ditto_cfg_node_t *st)
{
	return st != NULL ? st->child->next->text : NULL;
}

static const char *
val_addr(const ditto_cfg_node_t *st)
{
	const char *s = val_text(st);
	return s != NULL && strcmp(s, "*") != 0 ? s : NULL;
}

/* `NAME { ... }` after the keyword; *name and *block on success. */
static ditto_result_t
named_block(ditto_rndcconf_t *c, const ditto_cfg_node_t *st, const char **name,
            const ditto_cfg_node_t **block)
{
	const ditto_cfg_node_t *kw = st->child, *n = kw->next;
	if (!is_text(n)) {
		return fail(c, st, "'%s': expected a name near '%s'", kw->text,
		            n != NULL ? ditto_cfg_node_text(n) : ";");
	}
	if (n->next == NULL || n->next->kind != DITTO_CFG_BLOCK) {
		return fail(c, n, "expected '{' near '%s'",
		            n->next != NULL ? ditto_cfg_node_text(n->next)
		                            : ";");
	}
	if (n->next->next != NULL) {
		return fail(c, n->next->next, "missing ';' before '%s'",
		            ditto_cfg_node_text(n->next->next));
	}
	*name = n->text;
	*block = n->next->child;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_key(ditto_rndcconf_t *c, const ditto_cfg_node_t *st)
{
	const char *name = NULL;
	const ditto_cfg_node_t *blk = NULL, *v[MAXCLAUSES];
	ditto_result_t result = named_block(c, st, &name, &blk);
	if (result == DITTO_R_SUCCESS) {
		result = check_block(c, blk, key_clauses, v);
	}
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	ditto_rndcconf_key_t *k =
	        ditto_arena_alloc(&c->parser.arena, sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->name = name;
	k->algorithm = val_text(v[0]);
	k->secret = val_text(v[1]);
	ditto_rndcconf_key_t **tail = &c->keys;
	while (*tail != NULL) {
		tail = &(*tail)->next;
	}
	*tail = k;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_addresses(ditto_rndcconf_t *c, const ditto_cfg_node_t *blk,
             ditto_rndcconf_server_t *s)
{
	size_t n = ditto_cfg_list_len(blk);
	if (n > DITTO_RNDCCONF_MAXADDRS) {
		return fail(c, blk, "too many addresses (more than %d)",
		            DITTO_RNDCCONF_MAXADDRS);
	}
	s->addrs = ditto_arena_alloc(&c->parser.arena,
	                             (n + 1) * sizeof(*s->addrs));
	for (const ditto_cfg_node_t *st = blk; st != NULL; st = st->next) {
		const ditto_cfg_node_t *h = st->child;
		if (st->kind != DITTO_CFG_STMT || h == NULL) {
			continue;
		}
		if (!is_text(h)) {
			return fail(c, st, "expected IP address near '%s'",
			            ditto_cfg_node_text(h));
		}
		ditto_rndcconf_addr_t *a = &s->addrs[s->naddrs++];
		a->host = h->text;
		a->port = 0;
		ditto_result_t result = opt_port(c, h->next, &a->port);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_server(ditto_rndcconf_t *c, const ditto_cfg_node_t *st)
{
	const char *name = NULL;
	const ditto_cfg_node_t *blk = NULL, *v[MAXCLAUSES];
	ditto_result_t result = named_block(c, st, &name, &blk);
	if (result == DITTO_R_SUCCESS) {
		result = check_block(c, blk, server_clauses, v);
	}
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	ditto_rndcconf_server_t *s =
	        ditto_arena_alloc(&c->parser.arena, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->key = val_text(v[0]);
	s->has_port = v[1] != NULL && parse_port(val_text(v[1]), &s->port);
	s->source4 = val_addr(v[2]);
	s->source6 = val_addr(v[3]);
	if (v[4] != NULL) {
		result = do_addresses(c, v[4]->child->next->child, s);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	ditto_rndcconf_server_t **tail = &c->servers;
	while (*tail != NULL) {
		tail = &(*tail)->next;
	}
	*tail = s;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_options(ditto_rndcconf_t *c, const ditto_cfg_node_t *st)
{
	const ditto_cfg_node_t *blk = st->child->next, *v[MAXCLAUSES];
	if (blk == NULL || blk->kind != DITTO_CFG_BLOCK) {
		return fail(c, st, "expected '{' near '%s'",
		            blk != NULL ? ditto_cfg_node_text(blk) : ";");
	}
	if (blk->next != NULL) {
		return fail(c, blk->next, "missing ';' before '%s'",
		            ditto_cfg_node_text(blk->next));
	}
	ditto_result_t result = check_block(c, blk->child, options_clauses, v);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	c->has_options = true;
	c->default_server = val_text(v[0]);
	c->default_key = val_text(v[1]);
	c->has_default_port =
	        v[2] != NULL && parse_port(val_text(v[2]), &c->default_port);
	c->source4 = val_addr(v[3]);
	c->source6 = val_addr(v[4]);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
load(ditto_rndcconf_t *c, const ditto_cfg_node_t *root, bool key_only)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	bool seen_options = false;
	c->key_only = key_only;
	for (const ditto_cfg_node_t *st = root;
	     st != NULL && result == DITTO_R_SUCCESS; st = st->next) {
		const ditto_cfg_node_t *kw = st->child;
		if (st->kind != DITTO_CFG_STMT || kw == NULL) {
			continue;
		}
		if (ditto_cfg_is(kw, "key") && kw->kind == DITTO_CFG_WORD) {
			if (key_only && c->keys != NULL) {
				return fail(c, st, "'%s' redefined near '%s'",
				            "key", "key");
			}
			result = do_key(c, st);
		} else if (!key_only && kw->kind == DITTO_CFG_WORD &&
		           ditto_cfg_is(kw, "server")) {
			result = do_server(c, st);
		} else if (!key_only && kw->kind == DITTO_CFG_WORD &&
		           ditto_cfg_is(kw, "options")) {
			if (seen_options) {
				return fail(c, st, "'%s' redefined near '%s'",
				            "options", "options");
			}
			seen_options = true;
			result = do_options(c, st);
		} else {
			return fail(c, st, "unknown option '%s'",
			            ditto_cfg_node_text(kw));
		}
	}
	return result;
}

ditto_result_t
ditto_rndcconf_parse_file(ditto_rndcconf_t *c, const char *path, bool key_only)
{
	REQUIRE(c != NULL && path != NULL);
	ditto_cfg_node_t *root = NULL;
	ditto_result_t result = ditto_cfg_parse_file(&c->parser, path, &root);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	return load(c, root, key_only);
}

ditto_result_t
ditto_rndcconf_parse_buffer(ditto_rndcconf_t *c, const char *name,
                            const char *data, size_t len, bool key_only)
{
	REQUIRE(c != NULL && name != NULL && (data != NULL || len == 0));
	ditto_cfg_node_t *root = NULL;
	ditto_result_t result =
	        ditto_cfg_parse_buffer(&c->parser, name, data, len, &root);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	return load(c, root, key_only);
}

static const ditto_rndcconf_server_t *
find_server(const ditto_rndcconf_t *c, const char *name)
{
	for (const ditto_rndcconf_server_t *s = c->servers; s != NULL;
	     s = s->next) {
		if (strcasecmp(s->name, name) == 0) {
			return s;
		}
	}
	return NULL;
}

/* The key's name per rndc's order: -y, the server's key, default-key. */
static ditto_result_t
pick_keyname(const ditto_rndcconf_t *c, const ditto_rndcconf_args_t *a,
             ditto_rndcconf_target_t *t, const char **name, ditto_err_t *err)
{
	if (a->keyname != NULL) {
		t->keyfrom = DITTO_RNDCCONF_KEY_ARG;
		*name = a->keyname;
	} else if (t->stmt != NULL) {
		t->keyfrom = DITTO_RNDCCONF_KEY_SERVER;
		*name = t->stmt->key;
		if (*name == NULL) {
			ditto_err_set(err, "get key for server: not found");
			return DITTO_R_NOTFOUND;
		}
	} else if (c->has_options) {
		t->keyfrom = DITTO_RNDCCONF_KEY_DEFAULT;
		*name = c->default_key;
		if (*name == NULL) {
			ditto_err_set(err, "get default key: not found");
			return DITTO_R_NOTFOUND;
		}
	} else {
		ditto_err_set(err, "no key for server and no default");
		return DITTO_R_NOTFOUND;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
select_conf(const ditto_rndcconf_t *c, const ditto_rndcconf_args_t *a,
            ditto_rndcconf_target_t *t, ditto_err_t *err)
{
	t->server = a->server != NULL ? a->server : c->default_server;
	if (t->server == NULL) {
		ditto_err_set(err, "no server specified and no default");
		return DITTO_R_FAILURE;
	}
	t->stmt = find_server(c, t->server);
	const char *name = NULL;
	ditto_result_t result = pick_keyname(c, a, t, &name, err);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	if (c->keys == NULL) {
		ditto_err_set(err, "get config key list: not found");
		return DITTO_R_NOTFOUND;
	}
	for (t->key = c->keys; t->key != NULL; t->key = t->key->next) {
		if (strcasecmp(t->key->name, name) == 0) {
			break;
		}
	}
	if (t->key == NULL) {
		ditto_err_set(err, "no key definition for name %s", name);
		return DITTO_R_NOTFOUND;
	}
	if (a->port != 0) {
		t->port = a->port;
	} else if (t->stmt != NULL && t->stmt->has_port) {
		t->port = t->stmt->port;
	} else if (c->has_default_port) {
		t->port = c->default_port;
	}
	const ditto_rndcconf_server_t *s = t->stmt;
	t->source4 = s != NULL && s->source4 != NULL ? s->source4 : c->source4;
	t->source6 = s != NULL && s->source6 != NULL ? s->source6 : c->source6;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rndcconf_select(const ditto_rndcconf_t *c, const ditto_rndcconf_args_t *a,
                      ditto_rndcconf_target_t *t, ditto_err_t *err)
{
	REQUIRE(c != NULL && a != NULL && t != NULL);
	ditto_rndcconf_target_t tmp;
	memset(&tmp, 0, sizeof(tmp));
	tmp.port = a->port != 0 ? a->port : DITTO_RNDCCONF_PORT;
	ditto_result_t result = DITTO_R_SUCCESS;
	if (c->key_only) {
		tmp.server = a->server != NULL ? a->server : "127.0.0.1";
		tmp.keyfrom = DITTO_RNDCCONF_KEY_ONLY;
		tmp.key = c->keys;
		if (tmp.key == NULL) {
			ditto_err_set(err, "get key: not found");
			return DITTO_R_NOTFOUND;
		}
	} else {
		result = select_conf(c, a, &tmp, err);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	if (tmp.key->algorithm == NULL || tmp.key->secret == NULL) {
		ditto_err_set(err, "key must have algorithm and secret");
		return DITTO_R_FAILURE;
	}
	*t = tmp;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_rndcconf_choose(const char *conffile, const char *keyfile,
                      bool (*exists)(const char *path),
                      ditto_rndcconf_files_t *out, ditto_err_t *err)
{
	REQUIRE(exists != NULL && out != NULL);
	const char *conf =
	        conffile != NULL ? conffile : DITTO_RNDCCONF_CONFFILE;
	const char *key = keyfile != NULL ? keyfile : DITTO_RNDCCONF_KEYFILE;
	ditto_rndcconf_files_t f = { .path = conf };
	if (!exists(conf)) {
		if (conffile != NULL) {
			ditto_err_set(err, "%s does not exist", conf);
			return DITTO_R_FILENOTFOUND;
		}
		if (!exists(key)) {
			ditto_err_set(err, "neither %s nor %s was found", conf,
			              key);
			return DITTO_R_FILENOTFOUND;
		}
		f.path = key;
		f.key_only = true;
	} else if (conffile == NULL && exists(key)) {
		f.warn_keyfile = true;
	}
	*out = f;
	return DITTO_R_SUCCESS;
}

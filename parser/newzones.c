/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The new-zone database (rndc addzone): named's <view>.nzd, read and written.
 */
#include "parser/newzones.h"

#include <ctype.h>
#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/assert.h"
#include "util/mem.h"

/* named's map size (32 MiB); LMDB keeps a larger one found in the file */
#define NZD_MAPSIZE (32u * 1024 * 1024)

char *
ditto_newzones_path(const char *dir, const char *view)
{
	REQUIRE(dir != NULL && view != NULL);
	size_t len = strlen(dir) + strlen(view) + 8;
	char *s = ditto_malloc(len);
	snprintf(s, len, "%s%s%s.nzd", dir,
	         dir[0] != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
	         view);
	return s;
}

char *
ditto_newzones_key(const char *name)
{
	REQUIRE(name != NULL);
	size_t n = strlen(name);
	if (n > 1 && name[n - 1] == '.' && (n < 2 || name[n - 2] != '\\')) {
		n--;
	}
	char *k = ditto_strndup(name, n);
	for (size_t i = 0; i < n; i++) {
		k[i] = (char)tolower((unsigned char)k[i]);
	}
	return k;
}

/* Open the environment; read-only opens fail with ENOENT when missing. */
static ditto_result_t
env_open(const char *path, bool rdonly, MDB_env **envp, ditto_err_t *err)
{
	MDB_env *env = NULL;
	int rc = mdb_env_create(&env);
	if (rc == 0) {
		rc = mdb_env_set_mapsize(env, NZD_MAPSIZE);
	}
	if (rc == 0) {
		unsigned int flags = MDB_NOSUBDIR | (rdonly ? MDB_RDONLY : 0);
		rc = mdb_env_open(env, path, flags, 0600);
	}
	if (rc != 0) {
		if (env != NULL) {
			mdb_env_close(env);
		}
		if (rc == ENOENT) {
			return DITTO_R_FILENOTFOUND;
		}
		ditto_err_set(err, "%s: %s", path, mdb_strerror(rc));
		return DITTO_R_IOERROR;
	}
	*envp = env;
	return DITTO_R_SUCCESS;
}

/* A key or value fit for use: bounded, no NUL. */
static bool
val_ok(const MDB_val *v, size_t max)
{
	return v->mv_size > 0 && v->mv_size <= max &&
	       memchr(v->mv_data, '\0', v->mv_size) == NULL;
}

static ditto_result_t
walk(MDB_env *env, const char *path, ditto_newzones_fn fn, void *arg,
     ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_dbi dbi;
	int rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	if (rc == 0) {
		rc = mdb_dbi_open(txn, NULL, 0, &dbi);
	}
	if (rc == 0) {
		rc = mdb_cursor_open(txn, dbi, &cur);
	}
	if (rc != 0) {
		ditto_err_set(err, "%s: %s", path, mdb_strerror(rc));
		CLEANUP(DITTO_R_IOERROR);
	}
	MDB_val k, v;
	MDB_cursor_op op = MDB_FIRST;
	for (size_t n = 0; n < DITTO_NEWZONES_MAXZONES; n++, op = MDB_NEXT) {
		rc = mdb_cursor_get(cur, &k, &v, op);
		if (rc == MDB_NOTFOUND) {
			break;
		}
		if (rc != 0) {
			ditto_err_set(err, "%s: %s", path, mdb_strerror(rc));
			CLEANUP(DITTO_R_IOERROR);
		}
		if (!val_ok(&k, 1024) || !val_ok(&v, DITTO_NEWZONES_MAXTEXT)) {
			ditto_err_set(err, "%s: bad entry", path);
			CLEANUP(DITTO_R_IOERROR);
		}
		char *name = ditto_strndup(k.mv_data, k.mv_size);
		char *text = ditto_strndup(v.mv_data, v.mv_size);
		result = fn(arg, name, text);
		ditto_free(name);
		ditto_free(text);
		if (result != DITTO_R_SUCCESS) {
			goto cleanup;
		}
	}
cleanup:
	if (cur != NULL) {
		mdb_cursor_close(cur);
	}
	if (txn != NULL) {
		mdb_txn_abort(txn);
	}
	return result;
}

ditto_result_t
ditto_newzones_foreach(const char *path, ditto_newzones_fn fn, void *arg,
                       ditto_err_t *err)
{
	REQUIRE(path != NULL && fn != NULL);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		return DITTO_R_SUCCESS;
	}
	MDB_env *env = NULL;
	ditto_result_t result = env_open(path, true, &env, err);
	if (result == DITTO_R_FILENOTFOUND) {
		return DITTO_R_SUCCESS;
	}
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	result = walk(env, path, fn, arg, err);
	mdb_env_close(env);
	return result;
}

typedef struct getctx {
	const char *key;
	char *text;
} getctx_t;

static ditto_result_t
get_cb(void *arg, const char *name, const char *text)
{
	getctx_t *g = arg;
	if (strcmp(name, g->key) == 0 && g->text == NULL) {
		g->text = ditto_strdup(text);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_newzones_get(const char *path, const char *name, char **text,
                   ditto_err_t *err)
{
	REQUIRE(path != NULL && name != NULL && text != NULL);
	getctx_t g = { .key = name, .text = NULL };
	ditto_result_t result = ditto_newzones_foreach(path, get_cb, &g, err);
	if (result != DITTO_R_SUCCESS) {
		ditto_free(g.text);
		return result;
	}
	if (g.text == NULL) {
		return DITTO_R_NOTFOUND;
	}
	*text = g.text;
	return DITTO_R_SUCCESS;
}

/* One write transaction: put (text != NULL) or delete. */
static ditto_result_t
write_one(const char *path, const char *name, const char *text,
          ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	CHECK(env_open(path, false, &env, err));
	int rc = mdb_txn_begin(env, NULL, 0, &txn);
	if (rc == 0) {
		rc = mdb_dbi_open(txn, NULL, 0, &dbi);
	}
	if (rc == 0) {
		MDB_val k = { .mv_size = strlen(name),
			      .mv_data = (void *)name };
		if (text != NULL) {
			MDB_val v = { .mv_size = strlen(text),
				      .mv_data = (void *)text };
			rc = mdb_put(txn, dbi, &k, &v, 0);
		} else {
			rc = mdb_del(txn, dbi, &k, NULL);
		}
	}
	if (rc == MDB_NOTFOUND) {
		CLEANUP(DITTO_R_NOTFOUND);
	}
	if (rc == 0) {
		rc = mdb_txn_commit(txn);
		txn = NULL;
	}
	if (rc != 0) {
		ditto_err_set(err, "%s: %s", path, mdb_strerror(rc));
		CLEANUP(DITTO_R_IOERROR);
	}
cleanup:
	if (txn != NULL) {
		mdb_txn_abort(txn);
	}
	if (env != NULL) {
		mdb_env_close(env);
	}
	if (result == DITTO_R_FILENOTFOUND) {
		ditto_err_set(err, "%s: cannot create", path);
		result = DITTO_R_IOERROR;
	}
	return result;
}

ditto_result_t
ditto_newzones_put(const char *path, const char *name, const char *text,
                   ditto_err_t *err)
{
	REQUIRE(path != NULL && name != NULL && text != NULL);
	return write_one(path, name, text, err);
}

ditto_result_t
ditto_newzones_del(const char *path, const char *name, ditto_err_t *err)
{
	REQUIRE(path != NULL && name != NULL);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		return DITTO_R_NOTFOUND;
	}
	return write_one(path, name, NULL, err);
}

/* --- the AST side ------------------------------------------------------ */

static bool
is_word(const ditto_cfg_node_t *n, const char *w)
{
	return n != NULL &&
	       (n->kind == DITTO_CFG_WORD || n->kind == DITTO_CFG_STRING) &&
	       strcasecmp(n->text, w) == 0;
}

ditto_cfg_node_t *
ditto_newzones_block(const ditto_cfg_node_t *stmt)
{
	if (stmt == NULL || stmt->kind != DITTO_CFG_STMT) {
		return NULL;
	}
	for (ditto_cfg_node_t *i = stmt->child; i != NULL; i = i->next) {
		if (i->kind == DITTO_CFG_BLOCK) {
			return i;
		}
	}
	return NULL;
}

ditto_cfg_node_t *
ditto_newzones_find(const ditto_cfg_node_t *list, const char *kw)
{
	size_t n = 0;
	for (const ditto_cfg_node_t *s = list; s != NULL && n < 10000000;
	     s = s->next, n++) {
		if (s->kind == DITTO_CFG_STMT && is_word(s->child, kw)) {
			return (ditto_cfg_node_t *)s;
		}
	}
	return NULL;
}

const char *
ditto_newzones_viewname(const ditto_cfg_node_t *view)
{
	if (view == NULL || view->child == NULL || view->child->next == NULL ||
	    view->child->next->kind == DITTO_CFG_BLOCK) {
		return "_default";
	}
	return view->child->next->text;
}

/* The value of option \a kw in a block, or NULL. */
static const ditto_cfg_node_t *
option(const ditto_cfg_node_t *blk, const char *kw)
{
	if (blk == NULL) {
		return NULL;
	}
	const ditto_cfg_node_t *st = ditto_newzones_find(blk->child, kw);
	return st != NULL ? st->child->next : NULL;
}

static bool
truth(const ditto_cfg_node_t *v)
{
	return is_word(v, "yes") || is_word(v, "true") || is_word(v, "1");
}

bool
ditto_newzones_allowed(ditto_cfg_parser_t *p, const ditto_cfg_node_t *root,
                       const ditto_cfg_node_t *view, const char **dir)
{
	const ditto_cfg_node_t *opts =
	        ditto_newzones_block(ditto_newzones_find(root, "options"));
	const ditto_cfg_node_t *vblk = ditto_newzones_block(view);
	const ditto_cfg_node_t *a = option(vblk, "allow-new-zones");
	if (a == NULL) {
		a = option(opts, "allow-new-zones");
	}
	const ditto_cfg_node_t *d = option(vblk, "new-zones-directory");
	if (d == NULL) {
		d = option(opts, "new-zones-directory");
	}
	const char *base = p->cwd != NULL ? p->cwd : ".";
	if (d == NULL || d->text == NULL) {
		*dir = ditto_cfg_strdup(p, base, strlen(base));
	} else if (d->text[0] == '/') {
		*dir = ditto_cfg_strdup(p, d->text, strlen(d->text));
	} else {
		size_t len = strlen(base) + strlen(d->text) + 2;
		char *s = ditto_arena_alloc(&p->arena, len);
		snprintf(s, len, "%s/%s", base, d->text);
		*dir = s;
	}
	return a != NULL && truth(a);
}

/* The zone statement of \a key in a statement list, or NULL. */
static ditto_cfg_node_t *
zone_in(ditto_cfg_node_t *list, const char *key)
{
	size_t n = 0;
	for (ditto_cfg_node_t *s = list; s != NULL && n < 10000000;
	     s = s->next, n++) {
		if (s->kind != DITTO_CFG_STMT || !is_word(s->child, "zone") ||
		    s->child->next == NULL ||
		    s->child->next->kind == DITTO_CFG_BLOCK) {
			continue;
		}
		char *k = ditto_newzones_key(s->child->next->text);
		bool same = strcmp(k, key) == 0;
		ditto_free(k);
		if (same) {
			return s;
		}
	}
	return NULL;
}

typedef struct injctx {
	ditto_cfg_parser_t *p;
	const char *path;
	ditto_cfg_node_t **list; /* the view's statements */
	ditto_result_t result;
} injctx_t;

static ditto_result_t
inject_one(void *arg, const char *name, const char *text)
{
	injctx_t *c = arg;
	if (zone_in(*c->list, name) != NULL) {
		ditto_cfg_diagat(c->p, DITTO_CFG_WARNING, c->path, 0,
		                 "zone '%s' from the new-zone database is also "
		                 "in the configuration; the database's is "
		                 "ignored",
		                 name);
		return DITTO_R_SUCCESS;
	}
	size_t len = strlen(name) + strlen(text) + 16;
	char *buf = ditto_malloc(len);
	int n = snprintf(buf, len, "zone \"%s\" %s;", name, text);
	ditto_cfg_node_t *st = NULL;
	bool saved = c->p->no_includes;
	c->p->no_includes = true;
	ditto_result_t result =
	        ditto_cfg_parse_buffer(c->p, c->path, buf, (size_t)n, &st);
	c->p->no_includes = saved;
	ditto_free(buf);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	ditto_cfg_node_t **tail = c->list;
	for (size_t i = 0; *tail != NULL && i < 10000000; i++) {
		tail = &(*tail)->next;
	}
	*tail = st;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
inject_view(ditto_cfg_parser_t *p, ditto_cfg_node_t *root,
            ditto_cfg_node_t *view, ditto_cfg_node_t **list)
{
	const char *dir = NULL;
	if (!ditto_newzones_allowed(p, root, view, &dir)) {
		return DITTO_R_SUCCESS;
	}
	char *path = ditto_newzones_path(dir, ditto_newzones_viewname(view));
	injctx_t c = {
		.p = p,
		.path = ditto_cfg_strdup(p, path, strlen(path)),
		.list = list,
	};
	ditto_free(path);
	ditto_err_t err = { 0 };
	ditto_result_t result =
	        ditto_newzones_foreach(c.path, inject_one, &c, &err);
	if (result == DITTO_R_IOERROR) {
		ditto_cfg_diagat(p, DITTO_CFG_ERROR, c.path, 0,
		                 "loading new-zone database: %s", err.msg);
	}
	return result;
}

ditto_result_t
ditto_newzones_inject(ditto_cfg_parser_t *p, ditto_cfg_node_t *root)
{
	REQUIRE(p != NULL);
	ditto_result_t result = DITTO_R_SUCCESS;
	bool views = false;
	size_t n = 0;
	for (ditto_cfg_node_t *s = root; s != NULL && n < 10000000;
	     s = s->next, n++) {
		if (s->kind != DITTO_CFG_STMT || !is_word(s->child, "view")) {
			continue;
		}
		views = true;
		ditto_cfg_node_t *blk = ditto_newzones_block(s);
		if (blk != NULL) {
			CHECK(inject_view(p, root, s, &blk->child));
		}
	}
	if (!views && root != NULL) {
		/* appending to the top level: root is the list head */
		ditto_cfg_node_t *list = root;
		CHECK(inject_view(p, root, NULL, &list));
	}
cleanup:
	return result;
}

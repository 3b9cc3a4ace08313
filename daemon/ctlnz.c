/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* rndc showzone, addzone, modzone and delzone: the new-zone database. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urcu.h>

#include "control/resultmap.h"
#include "dns/rrtype.h"
#include "parser/ast.h"
#include "parser/check.h"
#include "parser/newzones.h"
#include "parser/print.h"
#include "util/mem.h"

#include "ctlzone.h"
#include "log.h"
#include "server.h"

/*
 * The mechanism: a new zone lives in its view's NZD (parser/newzones.h),
 * which every configuration load reads as if the zones were written in
 * named.conf. addzone/modzone/delzone check the zone text the way named
 * does, change the NZD, and run the one reconfig (ctl_reload) that builds
 * the new zone set; a failed reconfig restores the NZD.
 *
 * Zones written in named.conf cannot be changed or deleted by dittod
 * (named changes them in memory until the next reload); those commands
 * fail with a text that says so.
 */

/* The configuration as dittod would load it, NZDs included. */
typedef struct conf {
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root;
	bool ok;
} conf_t;

static void
conf_load(const ctlctx_t *ctx, conf_t *c)
{
	ditto_cfg_parser_init(&c->p);
	c->root = NULL;
	c->ok = ditto_cfg_parse_file(&c->p, ctx->srv->args.conffile,
	                             &c->root) == DITTO_R_SUCCESS &&
	        ditto_newzones_inject(&c->p, c->root) == DITTO_R_SUCCESS;
}

static void
conf_free(conf_t *c)
{
	ditto_cfg_parser_clear(&c->p);
}

/* The `view` statement named \a name, NULL for "_default" without views. */
static const ditto_cfg_node_t *
conf_view(const conf_t *c, const char *name, bool *found)
{
	*found = false;
	bool views = false;
	size_t n = 0;
	for (const ditto_cfg_node_t *s = c->root; s != NULL && n < 10000000;
	     s = s->next, n++) {
		if (s->kind == DITTO_CFG_STMT && s->child != NULL &&
		    s->child->kind == DITTO_CFG_WORD &&
		    strcasecmp(s->child->text, "view") == 0) {
			views = true;
			if (strcmp(ditto_newzones_viewname(s), name) == 0) {
				*found = true;
				return s;
			}
		}
	}
	*found = !views && strcmp(name, "_default") == 0;
	return NULL;
}

/* The NZD path of a view, or NULL when it does not allow new zones. */
static char *
nzd_path(conf_t *c, const ditto_cfg_node_t *view, const char *vname)
{
	const char *dir = NULL;
	if (!ditto_newzones_allowed(&c->p, c->root, view, &dir)) {
		return NULL;
	}
	return ditto_newzones_path(dir, vname);
}

bool
ctlnz_isnew(const ctlctx_t *ctx, const char *view, const char *key)
{
	conf_t c;
	conf_load(ctx, &c);
	bool found = false, isnew = false;
	const ditto_cfg_node_t *v = conf_view(&c, view, &found);
	char *path = found ? nzd_path(&c, v, view) : NULL;
	char *text = NULL;
	if (path != NULL &&
	    ditto_newzones_get(path, key, &text, NULL) == DITTO_R_SUCCESS) {
		isnew = true;
		ditto_free(text);
	}
	ditto_free(path);
	conf_free(&c);
	return isnew;
}

/* Print one statement on one line, as named's showzone and NZD do. */
static char *
oneline(const ditto_cfg_node_t *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL) {
		return ditto_strdup("");
	}
	ditto_cfg_node_t copy = *st;
	copy.next = NULL;
	ditto_cfg_print(f, &copy, false);
	fclose(f);
	char *out = ditto_malloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			while (i + 1 < len && buf[i + 1] == '\t') {
				i++;
			}
			if (i + 1 < len) {
				out[o++] = ' ';
			}
			continue;
		}
		out[o++] = buf[i];
	}
	out[o] = '\0';
	free(buf); /* open_memstream's buffer: libc's allocator */
	return out;
}

/* ---- the zone text of addzone / modzone ---- */

typedef struct nzarg {
	ditto_cfg_node_t *stmt; /* `zone name [class [view]] { ... };` */
	const char *zname;      /* name as written */
	char *key;              /* NZD key */
	const char *view;       /* view word or "_default" */
	uint16_t rclass;        /* class */
	const char *type;       /* type value */
	const char *file;       /* file value or NULL */
} nzarg_t;

/* Parse `addzone <rest>` as named does; on failure the reply is set. */
static bool
nz_parse(conf_t *c, const ctlargs_t *args, nzarg_t *nz, ctlout_t *out)
{
	memset(nz, 0, sizeof(*nz));
	size_t len = strlen(args->rest) + 8;
	char *text = ditto_malloc(len);
	int n = snprintf(text, len, "zone %s", args->rest);
	ditto_cfg_node_t *st = NULL;
	c->p.no_includes = true;
	ditto_result_t r =
	        ditto_cfg_parse_buffer(&c->p, "addzone", text, (size_t)n, &st);
	c->p.no_includes = false;
	ditto_free(text);
	/* named: no name or no block is an unexpected token; the rest of
	 * the grammar's complaints are a plain failure */
	ditto_cfg_node_t *it = st != NULL ? st->child : NULL;
	ditto_cfg_node_t *name = it != NULL ? it->next : NULL;
	ditto_cfg_node_t *blk = ditto_newzones_block(st);
	bool brace = strchr(args->rest, '{') != NULL;
	if ((r != DITTO_R_SUCCESS && !brace) ||
	    (r == DITTO_R_SUCCESS &&
	     (name == NULL || name->kind == DITTO_CFG_BLOCK || blk == NULL))) {
		ctlzone_fail(out, DITTO_RESULTMAP_UNEXPECTEDTOKEN, NULL);
		return false;
	}
	if (r != DITTO_R_SUCCESS || st->next != NULL) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, NULL);
		return false;
	}
	nz->stmt = st;
	nz->zname = name->text;
	nz->view = "_default";
	nz->rclass = DITTO_CLASS_IN;
	ditto_cfg_node_t *cl = name->next;
	if (cl != NULL && cl->kind != DITTO_CFG_BLOCK) {
		if (ditto_rrclass_fromtext(cl->text, strlen(cl->text),
		                           &nz->rclass) != DITTO_R_SUCCESS) {
			ctlzone_fail(out, DITTO_RESULTMAP_UNKNOWN, NULL);
			return false;
		}
		if (cl->next != NULL && cl->next->kind != DITTO_CFG_BLOCK) {
			nz->view = cl->next->text;
		}
	}
	ditto_name_storage_t wire;
	r = ditto_name_fromtext(nz->zname, strlen(nz->zname), ditto_name_root,
	                        wire, NULL, NULL);
	if (r != DITTO_R_SUCCESS) {
		ctlzone_fail(out, ditto_resultmap_fromresult(r), NULL);
		return false;
	}
	char canon[DITTO_NAME_MAXTEXT];
	ditto_name_tolower(wire);
	ctlzone_name(wire, canon, sizeof(canon));
	nz->key = ditto_strdup(canon);
	const ditto_cfg_node_t *t = ditto_newzones_find(blk->child, "type");
	const ditto_cfg_node_t *f = ditto_newzones_find(blk->child, "file");
	nz->type = t != NULL && t->child->next != NULL ? t->child->next->text
	                                               : NULL;
	nz->file = f != NULL && f->child->next != NULL ? f->child->next->text
	                                               : NULL;
	return true;
}

/*
 * Put the zone into a copy of the configuration (replacing \a key's
 * statement for modzone) and run named-checkconf's checks on it.
 */
static bool
nz_check(conf_t *c, const ditto_cfg_node_t *view, nzarg_t *nz, bool replace,
         ctlout_t *out)
{
	ditto_cfg_node_t *zone =
	        ditto_cfg_node_new(&c->p, DITTO_CFG_STMT, "addzone", 1);
	*zone = *nz->stmt;
	zone->next = NULL;
	ditto_cfg_node_t **list =
	        view != NULL ? &ditto_newzones_block(view)->child : &c->root;
	for (size_t i = 0; *list != NULL && i < 10000000; i++) {
		ditto_cfg_node_t *s = *list;
		if (replace && s->kind == DITTO_CFG_STMT && s->child != NULL &&
		    strcasecmp(s->child->text, "zone") == 0 &&
		    s->child->next != NULL &&
		    s->child->next->kind != DITTO_CFG_BLOCK) {
			char *k = ditto_newzones_key(s->child->next->text);
			bool same = strcmp(k, nz->key) == 0;
			ditto_free(k);
			if (same) {
				*list = s->next;
				continue;
			}
		}
		list = &s->next;
	}
	*list = zone;
	ditto_result_t r = ditto_cfg_check(&c->p, c->root);
	if (r == DITTO_R_SYNTAX) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, NULL);
		return false;
	}
	if (r != DITTO_R_SUCCESS) {
		for (ditto_cfg_diag_t *d = c->p.diags; d != NULL; d = d->next) {
			if (d->severity == DITTO_CFG_ERROR) {
				log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR,
				          "addzone: %s", d->msg);
			}
		}
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "configure_zone failed: failure");
		return false;
	}
	nz->stmt = zone;
	return true;
}

/* The NZD value: the checked block, on one line. */
static char *
nz_value(conf_t *c, const nzarg_t *nz)
{
	ditto_cfg_node_t *kw =
	        ditto_cfg_node_new(&c->p, DITTO_CFG_WORD, "addzone", 1);
	ditto_cfg_node_t *nm =
	        ditto_cfg_node_new(&c->p, DITTO_CFG_STRING, "addzone", 1);
	ditto_cfg_node_t st = *nz->stmt;
	kw->text = "zone";
	nm->text = nz->key;
	nm->vtype = nz->stmt->child->next->vtype;
	kw->next = nm;
	nm->next = ditto_newzones_block(nz->stmt);
	st.child = kw;
	char *line = oneline(&st);
	/* `zone "key" { ... };` -> `{ ... }` */
	char *b = strchr(line, '{');
	char *val = ditto_strdup(b != NULL ? b : "{ }");
	size_t n = strlen(val);
	if (n > 0 && val[n - 1] == ';') {
		val[n - 1] = '\0';
	}
	ditto_free(line);
	return val;
}

static bool
type_supported(const char *type, ctlout_t *out)
{
	static const char *const no[] = { "forward", "hint", "delegation-only",
		                          NULL };
	for (size_t i = 0; type != NULL && no[i] != NULL; i++) {
		if (strcasecmp(type, no[i]) == 0) {
			ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
			             "'%s' zones not supported by addzone",
			             no[i]);
			return false;
		}
	}
	return true;
}

/* The zone exists in the served snapshot (view, class). */
static bool
served(const ctlctx_t *ctx, const nzarg_t *nz)
{
	ctlzarg_t za = { .rclass = nz->rclass };
	if (ditto_name_fromtext(nz->key, strlen(nz->key), ditto_name_root,
	                        za.origin, NULL, NULL) != DITTO_R_SUCCESS) {
		return false;
	}
	bool found = false;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(ctx->srv);
	for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		if (v->rclass == nz->rclass && strcmp(v->name, nz->view) == 0 &&
		    view_exactzone(v, za.origin) != NULL) {
			found = true;
		}
	}
	server_read_done(ctx->srv);
	rcu_read_unlock();
	return found;
}

/* Run the reconfig; on failure restore the NZD entry (\a old, NULL: none). */
static bool
reconfig(const ctlctx_t *ctx, const char *path, const char *key,
         const char *old, const char *what, ctlout_t *out)
{
	ditto_err_t err = { 0 };
	if (ctl_reload(ctx->srv, true, &err) == DITTO_R_SUCCESS) {
		return true;
	}
	log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR, "%s failed; reverting.", what);
	ditto_err_t e2 = { 0 };
	ditto_result_t r = old != NULL ? ditto_newzones_put(path, key, old, &e2)
	                               : ditto_newzones_del(path, key, &e2);
	if (r != DITTO_R_SUCCESS && r != DITTO_R_NOTFOUND) {
		log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR, "%s: %s", what,
		          e2.msg);
	}
	ditto_err_t e3 = { 0 };
	if (ctl_reload(ctx->srv, true, &e3) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_CONFIG, LOG_LVL_ERROR, "%s: %s", what,
		          e3.msg);
	}
	ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s", err.msg);
	return false;
}

/* Common part of addzone and modzone up to a checked zone. */
static char *
nz_prepare(const ctlctx_t *ctx, const ctlargs_t *args, conf_t *c, nzarg_t *nz,
           bool modify, char **pathp, ctlout_t *out)
{
	if (!c->ok) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "the configuration does not load");
		return NULL;
	}
	if (!nz_parse(c, args, nz, out)) {
		return NULL;
	}
	bool found = false;
	const ditto_cfg_node_t *view = conf_view(c, nz->view, &found);
	if (!found || nz->rclass != DITTO_CLASS_IN) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTFOUND,
		             "no matching view found for '%s'", nz->view);
		return NULL;
	}
	bool exists = served(ctx, nz);
	if (!modify && exists) {
		ctlzone_fail(out, DITTO_RESULTMAP_EXISTS, NULL);
		return NULL;
	}
	if (modify && !exists) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTFOUND, NULL);
		return NULL;
	}
	*pathp = nzd_path(c, view, nz->view);
	if (*pathp == NULL) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOPERM,
		             "Not allowing new zones in view '%s'", nz->view);
		return NULL;
	}
	if (!type_supported(nz->type, out) ||
	    !nz_check(c, view, nz, modify, out)) {
		return NULL;
	}
	struct stat st;
	if (nz->type != NULL &&
	    (strcmp(nz->type, "primary") == 0 ||
	     strcmp(nz->type, "master") == 0) &&
	    nz->file != NULL && stat(nz->file, &st) != 0) {
		ctlzone_fail(out, DITTO_RESULTMAP_FILENOTFOUND,
		             "dns_zone_loadnew failed: file not found");
		return NULL;
	}
	return nz_value(c, nz);
}

void
ctlnz_addzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	conf_t c;
	nzarg_t nz;
	char *path = NULL;
	conf_load(ctx, &c);
	char *val = nz_prepare(ctx, args, &c, &nz, false, &path, out);
	if (val != NULL) {
		ditto_err_t err = { 0 };
		if (ditto_newzones_put(path, nz.key, val, &err) !=
		    DITTO_R_SUCCESS) {
			ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s",
			             err.msg);
		} else if (reconfig(ctx, path, nz.key, NULL, "addzone", out)) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
			          "added zone %s in view %s via addzone",
			          nz.key, nz.view);
		}
	}
	ditto_free(val);
	ditto_free(path);
	ditto_free(nz.key);
	conf_free(&c);
}

void
ctlnz_modzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	conf_t c;
	nzarg_t nz;
	char *path = NULL, *old = NULL;
	conf_load(ctx, &c);
	char *val = nz_prepare(ctx, args, &c, &nz, true, &path, out);
	if (val == NULL) {
		goto done;
	}
	if (ditto_newzones_get(path, nz.key, &old, NULL) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "zone '%s' is defined in named.conf; dittod "
		             "cannot modify it: change it there and run "
		             "'rndc reconfig'",
		             nz.key);
		goto done;
	}
	ditto_err_t err = { 0 };
	if (ditto_newzones_put(path, nz.key, val, &err) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s", err.msg);
	} else if (reconfig(ctx, path, nz.key, old, "modzone", out)) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
		          "updated zone %s in view %s via modzone", nz.key,
		          nz.view);
		ctlout_printf(out, "zone '%s' reconfigured.", nz.key);
	}
done:
	ditto_free(old);
	ditto_free(val);
	ditto_free(path);
	ditto_free(nz.key);
	conf_free(&c);
}

/* delzone -clean: the zone file and every journal beside it. */
static void
clean_files(const char *file)
{
	static const char *const ext[] = { "", ".jnl", ".dj", ".dt" };
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char p[4096];
		snprintf(p, sizeof(p), "%s%s", file, ext[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_WARNING,
			          "file %s not removed: %s", p,
			          strerror(errno));
		}
	}
}

/* The zone's view name, key and file from the served snapshot. */
static bool
del_lookup(const ctlctx_t *ctx, const ctlzarg_t *za, char **vname, char **key,
           char **file, ctlout_t *out)
{
	bool ok = false;
	rcu_read_lock();
	const srvtab_t *tab = server_tab(ctx->srv);
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (tab != NULL && ctlzone_lookup(tab, za, &v, &z, out)) {
		char k[DITTO_NAME_MAXTEXT];
		ctlzone_name(z->origin, k, sizeof(k));
		*vname = ditto_strdup(v->name);
		*key = ditto_strdup(k);
		*file = z->file != NULL ? ditto_strdup(z->file) : NULL;
		ok = true;
	}
	server_read_done(ctx->srv);
	rcu_read_unlock();
	return ok;
}

void
ctlnz_delzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	bool clean = args->argc > 1 && strcmp(args->argv[1], "-clean") == 0;
	ctlzarg_t za;
	char *vname = NULL, *key = NULL, *file = NULL, *path = NULL;
	char *old = NULL;
	conf_t c;
	conf_load(ctx, &c);
	if (!ctlzone_parsearg(args, clean ? 2 : 1, &za, out) ||
	    !del_lookup(ctx, &za, &vname, &key, &file, out)) {
		goto done;
	}
	bool found = false;
	const ditto_cfg_node_t *view = conf_view(&c, vname, &found);
	path = found ? nzd_path(&c, view, vname) : NULL;
	if (path == NULL ||
	    ditto_newzones_get(path, key, &old, NULL) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "zone '%s' is defined in named.conf; dittod "
		             "cannot delete it: remove it there and run "
		             "'rndc reconfig'",
		             key);
		goto done;
	}
	ditto_err_t err = { 0 };
	if (ditto_newzones_del(path, key, &err) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s", err.msg);
		goto done;
	}
	if (!reconfig(ctx, path, key, old, "delzone", out)) {
		goto done;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
	          "deleting zone %s in view %s via delzone", key, vname);
	if (clean && file != NULL) {
		clean_files(file);
	}
	ctlout_printf(out,
	              clean ? "zone '%s' and associated files will be deleted."
	                    : "zone '%s' will be deleted.",
	              key);
done:
	ditto_free(old);
	ditto_free(path);
	ditto_free(vname);
	ditto_free(key);
	ditto_free(file);
	conf_free(&c);
}

void
ctlnz_showzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	ctlzarg_t za;
	char *vname = NULL, *key = NULL, *file = NULL;
	conf_t c;
	if (!ctlzone_parsearg(args, 1, &za, out) ||
	    !del_lookup(ctx, &za, &vname, &key, &file, out)) {
		goto free;
	}
	conf_load(&(ctlctx_t){ .srv = ctx->srv }, &c);
	bool found = false;
	const ditto_cfg_node_t *view =
	        c.ok ? conf_view(&c, vname, &found) : NULL;
	char *path = found ? nzd_path(&c, view, vname) : NULL;
	if (path == NULL || ditto_cfg_check(&c.p, c.root) == DITTO_R_SYNTAX) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, NULL);
		goto done;
	}
	ditto_cfg_node_t *list =
	        view != NULL ? ditto_newzones_block(view)->child : c.root;
	for (size_t i = 0; list != NULL && i < 10000000;
	     list = list->next, i++) {
		if (list->kind == DITTO_CFG_STMT && list->child != NULL &&
		    strcasecmp(list->child->text, "zone") == 0 &&
		    list->child->next != NULL &&
		    list->child->next->kind != DITTO_CFG_BLOCK) {
			char *k = ditto_newzones_key(list->child->next->text);
			bool same = strcmp(k, key) == 0;
			ditto_free(k);
			if (same) {
				char *line = oneline(list);
				ctlout_printf(out, "%s", line);
				ditto_free(line);
				goto done;
			}
		}
	}
	ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, NULL);
done:
	ditto_free(path);
	conf_free(&c);
free:
	ditto_free(vname);
	ditto_free(key);
	ditto_free(file);
}

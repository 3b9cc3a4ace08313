/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Parse sessions: read files, run the grammar, splice `include`s. */
/*
 * A file is read whole (bounded by DITTO_CFG_MAXFILE) and parsed into a list
 * of statements. Then its statement lists are walked in order, as named
 * reads them: an `include "path";` statement is replaced by the statements
 * of that file, and `options { directory "d"; }` moves the directory that
 * later relative include paths resolve against (named chdir()s while it
 * parses, so an include after `directory` is relative to it). Include depth
 * is bounded and a file that includes itself (directly or not) is an error.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser/ast_p.h"
#include "util/assert.h"

void
ditto_cfg_parser_init(ditto_cfg_parser_t *p)
{
	REQUIRE(p != NULL);
	memset(p, 0, sizeof(*p));
	ditto_arena_init(&p->arena, 0);
	p->tail = &p->diags;
	p->follow_directory = true;
}

void
ditto_cfg_parser_clear(ditto_cfg_parser_t *p)
{
	if (p == NULL) {
		return;
	}
	for (ditto_cfg_diag_t *d = p->diags, *n; d != NULL; d = n) {
		n = d->next;
		ditto_free(d->msg);
		ditto_free(d);
	}
	ditto_free(p->cwd);
	ditto_arena_clear(&p->arena);
	memset(p, 0, sizeof(*p));
}

static ditto_cfg_diag_t *vdiag(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
                               const char *file, unsigned int line,
                               const char *fmt, va_list ap)
        __attribute__((format(printf, 5, 0)));

/* The new diagnostic, or NULL past DITTO_CFG_MAXDIAG. */
static ditto_cfg_diag_t *
vdiag(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev, const char *file,
      unsigned int line, const char *fmt, va_list ap)
{
	p->ndiag++;
	if (sev == DITTO_CFG_ERROR) {
		p->nerrors++;
	}
	if (p->ndiag > DITTO_CFG_MAXDIAG) {
		return NULL;
	}
	ditto_cfg_diag_t *d = ditto_calloc(1, sizeof(*d));
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	d->severity = sev;
	d->file = file;
	d->line = line;
	d->msg = ditto_strdup(buf);
	*p->tail = d;
	p->tail = &d->next;
	return d;
}

void
ditto_cfg_diag(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
               const ditto_cfg_node_t *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(p, sev, at != NULL ? at->file : NULL, at != NULL ? at->line : 0,
	      fmt, ap);
	va_end(ap);
}

void
ditto_cfg_diag_own(ditto_cfg_parser_t *p, const ditto_cfg_node_t *at,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ditto_cfg_diag_t *d =
	        vdiag(p, DITTO_CFG_WARNING, at != NULL ? at->file : NULL,
	              at != NULL ? at->line : 0, fmt, ap);
	va_end(ap);
	if (d != NULL) {
		d->own = true;
	}
}

void
ditto_cfg_diagat(ditto_cfg_parser_t *p, ditto_cfg_severity_t sev,
                 const char *file, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(p, sev, file, line, fmt, ap);
	va_end(ap);
}

void
ditto__cfg_scan_error(ditto__cfg_scan_t *scan, unsigned int line,
                      const char *fmt, ...)
{
	if (scan->failed) {
		return;
	}
	scan->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vdiag(scan->p, DITTO_CFG_ERROR, scan->file, line, fmt, ap);
	va_end(ap);
}

ditto_cfg_node_t *
ditto_cfg_node_new(ditto_cfg_parser_t *p, ditto_cfg_kind_t kind,
                   const char *file, unsigned int line)
{
	ditto_cfg_node_t *n = ditto_arena_alloc(&p->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->file = file;
	n->line = line;
	return n;
}

char *
ditto_cfg_strdup(ditto_cfg_parser_t *p, const char *s, size_t len)
{
	char *d = ditto_arena_alloc(&p->arena, len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

const char *
ditto_cfg_node_text(const ditto_cfg_node_t *n)
{
	switch (n->kind) {
	case DITTO_CFG_WORD:
	case DITTO_CFG_STRING:
		return n->text;
	case DITTO_CFG_NOT:
		return "!";
	case DITTO_CFG_BLOCK:
		return "{";
	case DITTO_CFG_STMT:
		return n->child != NULL ? ditto_cfg_node_text(n->child) : ";";
	}
	return "";
}

size_t
ditto_cfg_list_len(const ditto_cfg_node_t *n)
{
	size_t k = 0;
	for (; n != NULL; n = n->next) {
		k++;
	}
	return k;
}

/* Join cwd and a relative path into the arena. */
static char *
resolve(ditto_cfg_parser_t *p, const char *path)
{
	if (path[0] == '/' || p->cwd == NULL || p->cwd[0] == '\0') {
		return ditto_cfg_strdup(p, path, strlen(path));
	}
	size_t a = strlen(p->cwd), b = strlen(path);
	char *s = ditto_arena_alloc(&p->arena, a + b + 2);
	memcpy(s, p->cwd, a);
	s[a] = '/';
	memcpy(s + a + 1, path, b + 1);
	return s;
}

static ditto_result_t
read_file(ditto_cfg_parser_t *p, const char *name, const char *full,
          const ditto_cfg_node_t *at, char **data, size_t *len)
{
	FILE *f = fopen(full, "rb");
	if (f == NULL) {
		int e = errno;
		if (at != NULL) {
			ditto_cfg_diag(
			        p, DITTO_CFG_ERROR, at, "open: %s: %s", name,
			        e == ENOENT ? "file not found" : strerror(e));
		} else {
			ditto_cfg_diagat(p, DITTO_CFG_ERROR, NULL, 0,
			                 "open: %s: %s", name,
			                 e == ENOENT ? "file not found"
			                             : strerror(e));
		}
		return e == ENOENT ? DITTO_R_FILENOTFOUND : DITTO_R_IOERROR;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > DITTO_CFG_MAXFILE) {
		fclose(f);
		ditto_cfg_diagat(p, DITTO_CFG_ERROR, at ? at->file : NULL,
		                 at ? at->line : 0,
		                 "%s: not a regular file or larger than %u "
		                 "bytes",
		                 name, DITTO_CFG_MAXFILE);
		return DITTO_R_IOERROR;
	}
	size_t size = (size_t)st.st_size;
	char *buf = ditto_malloc(size + 1);
	size_t got = fread(buf, 1, size, f);
	fclose(f);
	if (got != size) {
		ditto_free(buf);
		ditto_cfg_diagat(p, DITTO_CFG_ERROR, NULL, 0, "%s: read error",
		                 name);
		return DITTO_R_IOERROR;
	}
	*data = buf;
	*len = size;
	return DITTO_R_SUCCESS;
}

static ditto_result_t splice(ditto_cfg_parser_t *p, ditto_cfg_node_t **list,
                             bool top);

static ditto_result_t
parse_data(ditto_cfg_parser_t *p, const char *name, const char *full,
           const char *data, size_t len, ditto_cfg_node_t **out)
{
	ditto__cfg_scan_t scan = { .p = p, .file = name, .line = 1 };
	int r = ditto__cfg_parse_data(&scan, data, len);
	if (r != 0 || scan.failed) {
		if (!scan.failed) {
			ditto_cfg_diagat(p, DITTO_CFG_ERROR, name, scan.line,
			                 "syntax error");
		}
		return DITTO_R_SYNTAX;
	}
	ditto_cfg_node_t *list = scan.result;
	if (p->depth >= DITTO_CFG_MAXINCLUDE) {
		return DITTO_R_TOOMANY;
	}
	p->stack[p->depth++] = full;
	ditto_result_t result = splice(p, &list, true);
	p->depth--;
	if (result == DITTO_R_SUCCESS) {
		*out = list;
	}
	return result;
}

static ditto_result_t
include_file(ditto_cfg_parser_t *p, const ditto_cfg_node_t *stmt,
             ditto_cfg_node_t **out)
{
	const ditto_cfg_node_t *arg = stmt->child->next;
	if (arg == NULL || arg->next != NULL ||
	    (arg->kind != DITTO_CFG_STRING && arg->kind != DITTO_CFG_WORD)) {
		ditto_cfg_diag(p, DITTO_CFG_ERROR, stmt,
		               "expected quoted string near '%s'",
		               arg ? ditto_cfg_node_text(arg) : ";");
		return DITTO_R_SYNTAX;
	}
	if (p->no_includes) {
		ditto_cfg_diag(p, DITTO_CFG_ERROR, stmt,
		               "include '%s': includes are disabled",
		               arg->text);
		return DITTO_R_NOTIMPLEMENTED;
	}
	char *full = resolve(p, arg->text);
	char *canon = realpath(full, NULL);
	for (unsigned int i = 0; canon != NULL && i < p->depth; i++) {
		char *c = realpath(p->stack[i], NULL);
		bool same = c != NULL && strcmp(c, canon) == 0;
		free(c);
		if (same) {
			free(canon);
			ditto_cfg_diag(p, DITTO_CFG_ERROR, stmt,
			               "include loop: '%s' includes itself",
			               arg->text);
			return DITTO_R_TOOMANY;
		}
	}
	free(canon);
	if (p->depth >= DITTO_CFG_MAXINCLUDE) {
		ditto_cfg_diag(p, DITTO_CFG_ERROR, stmt,
		               "includes nested deeper than %u",
		               DITTO_CFG_MAXINCLUDE);
		return DITTO_R_TOOMANY;
	}
	char *data = NULL;
	size_t len = 0;
	ditto_result_t result =
	        read_file(p, arg->text, full, stmt, &data, &len);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	result =
	        parse_data(p, ditto_cfg_strdup(p, arg->text, strlen(arg->text)),
	                   full, data, len, out);
	ditto_free(data);
	return result;
}

static bool
is_word(const ditto_cfg_node_t *n, const char *w)
{
	return n != NULL && n->kind == DITTO_CFG_WORD &&
	       strcasecmp(n->text, w) == 0;
}

/* `options { directory "d"; }` seen: later includes resolve against d. */
static ditto_result_t
follow_directory(ditto_cfg_parser_t *p, const ditto_cfg_node_t *stmt)
{
	const ditto_cfg_node_t *val = stmt->child->next;
	if (!p->follow_directory || val == NULL ||
	    val->kind != DITTO_CFG_STRING) {
		return DITTO_R_SUCCESS;
	}
	char *d = resolve(p, val->text);
	struct stat st;
	if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
		int e = errno;
		ditto_cfg_diag(p, DITTO_CFG_ERROR, stmt,
		               "change directory to '%s' failed: %s", val->text,
		               e == ENOENT ? "file not found"
		               : e == 0    ? "not a directory"
		                           : strerror(e));
		return DITTO_R_FILENOTFOUND;
	}
	ditto_free(p->cwd);
	p->cwd = ditto_strdup(d);
	return DITTO_R_SUCCESS;
}

static ditto_result_t
splice(ditto_cfg_parser_t *p, ditto_cfg_node_t **list, bool top)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	for (ditto_cfg_node_t **pp = list; *pp != NULL;) {
		ditto_cfg_node_t *st = *pp;
		if (st->kind != DITTO_CFG_STMT || st->child == NULL) {
			pp = &st->next;
			continue;
		}
		if (is_word(st->child, "include")) {
			ditto_cfg_node_t *inc = NULL;
			CHECK(include_file(p, st, &inc));
			ditto_cfg_node_t *last = inc;
			while (last != NULL && last->next != NULL) {
				last = last->next;
			}
			if (last == NULL) {
				*pp = st->next;
			} else {
				last->next = st->next;
				*pp = inc;
				pp = &last->next;
			}
			continue;
		}
		bool top_options = top && is_word(st->child, "options");
		for (ditto_cfg_node_t *it = st->child; it != NULL;
		     it = it->next) {
			if (it->kind != DITTO_CFG_BLOCK) {
				continue;
			}
			CHECK(splice(p, &it->child, false));
			if (!top_options) {
				continue;
			}
			for (ditto_cfg_node_t *o = it->child; o != NULL;
			     o = o->next) {
				if (o->child != NULL &&
				    is_word(o->child, "directory")) {
					CHECK(follow_directory(p, o));
				}
			}
		}
		pp = &st->next;
	}
cleanup:
	return result;
}

ditto_result_t
ditto_cfg_parse_buffer(ditto_cfg_parser_t *p, const char *name,
                       const char *data, size_t len, ditto_cfg_node_t **out)
{
	REQUIRE(p != NULL && name != NULL && out != NULL);
	REQUIRE(data != NULL || len == 0);
	char *n = ditto_cfg_strdup(p, name, strlen(name));
	return parse_data(p, n, n, data != NULL ? data : "", len, out);
}

ditto_result_t
ditto_cfg_parse_file(ditto_cfg_parser_t *p, const char *path,
                     ditto_cfg_node_t **out)
{
	REQUIRE(p != NULL && path != NULL && out != NULL);
	char *name = ditto_cfg_strdup(p, path, strlen(path));
	char *data = NULL;
	size_t len = 0;
	ditto_result_t result =
	        read_file(p, name, resolve(p, path), NULL, &data, &len);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	result = parse_data(p, name, resolve(p, path), data, len, out);
	ditto_free(data);
	return result;
}

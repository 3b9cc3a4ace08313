/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl -j: status, zonestatus and showzone replies as JSON objects. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "control/resultmap.h"
#include "parser/ast.h"
#include "util/mem.h"

#include "ctl.h"

/*
 * The JSON objects (one per command, then a newline). Keys are stable:
 * scripts may rely on them.
 *
 * Errors (any command):
 *   {"error": "<err text, or rndc's fatal message>",
 *    "result": "ISC_R_NOTFOUND" | null, "code": 23 | -1,
 *    "text": "<reply text>"  (only when the server sent one)}
 *   A failed command exits 1, as without -j.
 *
 * status and zonestatus: every "label: value" line becomes a key: the
 * label in lower case with runs of other characters turned into "_"
 * ("last loaded" -> "last_loaded", "CPUs found" -> "cpus_found"). Values:
 *   digits only            -> number ("serial": 2024020201)
 *   yes / no               -> true / false ("secure": false)
 *   an HTTP date ("Sat, 21 Nov 2026 04:15:28 GMT")
 *                          -> "<key>": "2026-11-21T04:15:28Z" and
 *                             "<key>_unix": 1795234528
 *   "files" (zonestatus)   -> array of strings
 *   anything else          -> string
 * Lines of status with their own shape:
 *   "running on H: U"             -> "hostname": "H", "uname": "U"
 *   "number of zones: N (M automatic)"
 *                                 -> "number_of_zones": N,
 *                                    "automatic_zones": M
 *   "recursive clients: a/b/c"    -> "recursive_clients":
 *                                    {"current": a, "soft_limit": b,
 *                                     "hard_limit": c}
 *   "tcp clients: a/b"            -> "tcp_clients":
 *                                    {"current": a, "limit": b}
 *   "query logging is ON|OFF"     -> "query_logging": true|false
 *   "reload/reconfig in progress|failed"
 *                                 -> "reload_state": "in progress"|"failed"
 *   "server is up and running"    -> "server_running": true
 *   any other line                -> appended to "messages": [...]
 * showzone: {"zone": "name", "class": "IN" (when given), "view": ...,
 *   "options": {"type": "primary", "file": "x.db",
 *               "primaries": ["127.0.0.1 port 5301"], ...},
 *   "text": "<the reply line>"}; a block becomes an array of its
 *   statements' texts, a single value a string (number / bool as above),
 *   several words one string.
 * Any other command: {"result": "ISC_R_SUCCESS", "code": 0,
 *   "text": "<text>" (when present)}.
 */

typedef struct jw {
	FILE *f;
	unsigned int n; /* members written in the current object */
} jw_t;

static void
jstr(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			fprintf(f, "\\%c", ch);
		} else if (ch == '\n') {
			fputs("\\n", f);
		} else if (ch == '\t') {
			fputs("\\t", f);
		} else if (ch < 0x20 || ch == 0x7f) {
			fprintf(f, "\\u%04x", ch);
		} else {
			fputc(ch, f);
		}
	}
	fputc('"', f);
}

static void
jkey(jw_t *w, const char *key)
{
	fputs(w->n++ > 0 ? ",\n  " : "{\n  ", w->f);
	jstr(w->f, key, strlen(key));
	fputs(": ", w->f);
}

static void
jkv_str(jw_t *w, const char *key, const char *v, size_t len)
{
	jkey(w, key);
	jstr(w->f, v, len);
}

static void
jend(jw_t *w)
{
	fputs(w->n > 0 ? "\n}\n" : "{}\n", w->f);
}

static bool
all_digits(const char *s, size_t len)
{
	if (len == 0 || len > 19) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* "Sat, 21 Nov 2026 04:15:28 GMT" -> Unix time. */
static bool
http_date(const char *s, size_t len, time_t *t)
{
	char buf[64];
	if (len >= sizeof(buf) || len < 20) {
		return false;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = strptime(buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (end == NULL || *end != '\0') {
		return false;
	}
	*t = timegm(&tm);
	return true;
}

/* A scalar value: number, bool, time pair, or string. */
static void
jvalue(jw_t *w, const char *key, const char *v, size_t len)
{
	time_t t;
	if (all_digits(v, len)) {
		jkey(w, key);
		fprintf(w->f, "%.*s", (int)len, v);
	} else if (len == 3 && strncasecmp(v, "yes", 3) == 0) {
		jkey(w, key);
		fputs("true", w->f);
	} else if (len == 2 && strncasecmp(v, "no", 2) == 0) {
		jkey(w, key);
		fputs("false", w->f);
	} else if (http_date(v, len, &t)) {
		struct tm tm;
		char iso[32], k2[160];
		gmtime_r(&t, &tm);
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
		jkv_str(w, key, iso, strlen(iso));
		snprintf(k2, sizeof(k2), "%s_unix", key);
		jkey(w, k2);
		fprintf(w->f, "%lld", (long long)t);
	} else {
		jkv_str(w, key, v, len);
	}
}

/* "last loaded" -> "last_loaded" into \a out (at most 127 chars). */
static void
norm_key(const char *s, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	bool sep = false;
	for (size_t i = 0; i < len && o + 2 < outlen; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (isalnum(ch)) {
			if (sep && o > 0) {
				out[o++] = '_';
			}
			out[o++] = (char)tolower(ch);
			sep = false;
		} else {
			sep = true;
		}
	}
	out[o] = '\0';
}

/* "a/b[/c]" -> object with the given member names; false if not. */
static bool
jratio(jw_t *w, const char *key, const char *v, size_t len,
       const char *const *names, size_t nnames)
{
	unsigned long long vals[3];
	size_t n = 0;
	const char *p = v, *end = v + len;
	while (p < end && n < nnames) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		size_t l = (size_t)((q != NULL ? q : end) - p);
		if (!all_digits(p, l)) {
			return false;
		}
		vals[n++] = strtoull(p, NULL, 10);
		p = q != NULL ? q + 1 : end;
	}
	if (n != nnames || p != end) {
		return false;
	}
	jkey(w, key);
	fputc('{', w->f);
	for (size_t i = 0; i < n; i++) {
		fprintf(w->f, "%s\"%s\": %llu", i > 0 ? ", " : "", names[i],
		        vals[i]);
	}
	fputc('}', w->f);
	return true;
}

static void
jfiles(jw_t *w, const char *v, size_t len)
{
	jkey(w, "files");
	fputc('[', w->f);
	const char *p = v, *end = v + len;
	for (int i = 0; p < end && i < 10000; i++) {
		const char *q = p;
		while (q + 1 < end && !(q[0] == ',' && q[1] == ' ')) {
			q++;
		}
		if (q + 1 >= end) {
			q = end;
		}
		fputs(i > 0 ? ", " : "", w->f);
		jstr(w->f, p, (size_t)(q - p));
		p = q < end ? q + 2 : end;
	}
	fputc(']', w->f);
}

/* A status line of its own shape; false when it is a plain one. */
static bool
status_special(jw_t *w, const char *line, size_t len, const char *v,
               size_t vlen)
{
	static const char *const rec[] = { "current", "soft_limit",
		                           "hard_limit" };
	static const char *const tcp[] = { "current", "limit" };
	if (strncmp(line, "running on ", 11) == 0 && v != NULL) {
		size_t hl = (size_t)(v - 2 - (line + 11));
		jkv_str(w, "hostname", line + 11, hl);
		jkv_str(w, "uname", v, vlen);
		return true;
	}
	if (strncmp(line, "number of zones: ", 17) == 0) {
		unsigned long long n = 0, m = 0;
		if (sscanf(v, "%llu (%llu automatic)", &n, &m) == 2) {
			jkey(w, "number_of_zones");
			fprintf(w->f, "%llu", n);
			jkey(w, "automatic_zones");
			fprintf(w->f, "%llu", m);
			return true;
		}
		return false;
	}
	if (strncmp(line, "recursive clients: ", 19) == 0) {
		return jratio(w, "recursive_clients", v, vlen, rec, 3);
	}
	if (strncmp(line, "tcp clients: ", 13) == 0) {
		return jratio(w, "tcp_clients", v, vlen, tcp, 2);
	}
	if (len >= 19 && strncmp(line, "query logging is ", 17) == 0) {
		jkey(w, "query_logging");
		fputs(strncmp(line + 17, "ON", 2) == 0 ? "true" : "false",
		      w->f);
		return true;
	}
	if (strncmp(line, "reload/reconfig ", 16) == 0) {
		jkv_str(w, "reload_state", line + 16, len - 16);
		return true;
	}
	if (len == 24 && strncmp(line, "server is up and running", 24) == 0) {
		jkey(w, "server_running");
		fputs("true", w->f);
		return true;
	}
	return false;
}

/* status and zonestatus: "label: value" lines. */
static void
json_lines(jw_t *w, const char *text, bool status)
{
	const char *p = text;
	size_t nmsg = 0;
	const char *msgs[256];
	size_t msglen[256];
	for (int guard = 0; *p != '\0' && guard < 100000; guard++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		const char *colon = NULL;
		for (size_t i = 0; i + 1 < len; i++) {
			if (p[i] == ':' && p[i + 1] == ' ') {
				colon = p + i;
				break;
			}
		}
		const char *v = colon != NULL ? colon + 2 : NULL;
		size_t vlen = v != NULL ? (size_t)(p + len - v) : 0;
		if (status && status_special(w, p, len, v, vlen)) {
			/* done */
		} else if (colon != NULL) {
			char key[128];
			norm_key(p, (size_t)(colon - p), key, sizeof(key));
			if (!status && strcmp(key, "files") == 0) {
				jfiles(w, v, vlen);
			} else {
				jvalue(w, key, v, vlen);
			}
		} else if (len > 0 && nmsg < 256) {
			msgs[nmsg] = p;
			msglen[nmsg++] = len;
		}
		p += len + (nl != NULL ? 1 : 0);
	}
	if (nmsg > 0) {
		jkey(w, "messages");
		fputc('[', w->f);
		for (size_t i = 0; i < nmsg; i++) {
			fputs(i > 0 ? ", " : "", w->f);
			jstr(w->f, msgs[i], msglen[i]);
		}
		fputc(']', w->f);
	}
}

/* The text of a statement's items, blocks as "{ a; b; }". */
static void
stmt_text(const ditto_cfg_node_t *item, char *buf, size_t len, size_t *o,
          int depth)
{
	for (const ditto_cfg_node_t *n = item; n != NULL && depth < 16;
	     n = n->next) {
		const char *sep = n != item ? " " : "";
		if (n->kind == DITTO_CFG_BLOCK) {
			*o += (size_t)snprintf(
			        buf + *o, *o < len ? len - *o : 0, "%s{ ", sep);
			for (const ditto_cfg_node_t *s = n->child; s != NULL;
			     s = s->next) {
				stmt_text(s->child, buf, len, o, depth + 1);
				*o += (size_t)snprintf(buf + *o,
				                       *o < len ? len - *o : 0,
				                       "; ");
			}
			*o += (size_t)snprintf(buf + *o,
			                       *o < len ? len - *o : 0, "}");
		} else {
			*o += (size_t)snprintf(
			        buf + *o, *o < len ? len - *o : 0,
			        n->kind == DITTO_CFG_STRING ? "%s\"%s\""
			                                    : "%s%s",
			        sep, ditto_cfg_node_text(n));
		}
	}
}

static void
zone_option(jw_t *w, const ditto_cfg_node_t *st)
{
	const ditto_cfg_node_t *kw = st->child, *v = kw->next;
	char buf[8192];
	size_t o = 0;
	if (v != NULL && v->next == NULL && v->kind == DITTO_CFG_BLOCK) {
		jkey(w, ditto_cfg_node_text(kw));
		fputc('[', w->f);
		int i = 0;
		for (const ditto_cfg_node_t *s = v->child; s != NULL;
		     s = s->next, i++) {
			o = 0;
			buf[0] = '\0';
			stmt_text(s->child, buf, sizeof(buf), &o, 0);
			fputs(i > 0 ? ", " : "", w->f);
			jstr(w->f, buf, strnlen(buf, sizeof(buf)));
		}
		fputc(']', w->f);
	} else if (v != NULL && v->next == NULL) {
		jvalue(w, ditto_cfg_node_text(kw), v->text, strlen(v->text));
	} else {
		buf[0] = '\0';
		stmt_text(v, buf, sizeof(buf), &o, 0);
		jkv_str(w, ditto_cfg_node_text(kw), buf,
		        strnlen(buf, sizeof(buf)));
	}
}

static void
json_showzone(jw_t *w, const char *text)
{
	ditto_cfg_parser_t p;
	ditto_cfg_parser_init(&p);
	p.no_includes = true;
	p.follow_directory = false;
	ditto_cfg_node_t *root = NULL;
	if (ditto_cfg_parse_buffer(&p, "showzone", text, strlen(text), &root) ==
	            DITTO_R_SUCCESS &&
	    root != NULL && root->child != NULL &&
	    root->child->kind == DITTO_CFG_WORD &&
	    strcasecmp(root->child->text, "zone") == 0) {
		static const char *const names[] = { "zone", "class", "view" };
		const ditto_cfg_node_t *n = root->child->next;
		for (size_t i = 0;
		     n != NULL && i < 3 && n->kind != DITTO_CFG_BLOCK;
		     i++, n = n->next) {
			jkv_str(w, names[i], n->text, strlen(n->text));
		}
		if (n != NULL && n->kind == DITTO_CFG_BLOCK) {
			jkey(w, "options");
			jw_t sub = { w->f, 0 };
			for (const ditto_cfg_node_t *s = n->child; s != NULL;
			     s = s->next) {
				if (s->child != NULL) {
					zone_option(&sub, s);
				}
			}
			fputs(sub.n > 0 ? "\n  }" : "{}", w->f);
		}
	}
	ditto_cfg_parser_clear(&p);
	jkv_str(w, "text", text, strlen(text));
}

static bool
is_cmd(const char *command, const char *name)
{
	size_t n = strlen(name);
	return strncasecmp(command, name, n) == 0 &&
	       (command[n] == '\0' || isspace((unsigned char)command[n]));
}

void
ctl_json_reply(FILE *f, const char *command, const ctl_reply_t *r)
{
	jw_t w = { f, 0 };
	const char *text = r->text != NULL ? r->text : "";
	if (r->fatal || r->err != NULL) {
		const char *id =
		        r->fatal ? r->fatal_id : ditto_resultmap_id(r->result);
		jkv_str(&w, "error", r->fatal ? r->msg : r->err,
		        strlen(r->fatal ? r->msg : r->err));
		jkey(&w, "result");
		if (id != NULL) {
			jstr(f, id, strlen(id));
		} else {
			fputs("null", f);
		}
		jkey(&w, "code");
		fprintf(f, "%lld",
		        r->fatal || !r->has_result ? -1LL
		                                   : (long long)r->result);
		if (text[0] != '\0') {
			jkv_str(&w, "text", text, strlen(text));
		}
	} else if (command != NULL && is_cmd(command, "status")) {
		json_lines(&w, text, true);
	} else if (command != NULL && is_cmd(command, "zonestatus")) {
		json_lines(&w, text, false);
	} else if (command != NULL && is_cmd(command, "showzone")) {
		json_showzone(&w, text);
	} else {
		jkv_str(&w, "result", "ISC_R_SUCCESS", 13);
		jkey(&w, "code");
		fprintf(f, "%u", r->result);
		if (text[0] != '\0') {
			jkv_str(&w, "text", text, strlen(text));
		}
	}
	jend(&w);
	fflush(f);
}

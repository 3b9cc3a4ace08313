/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Canonical printing of a checked configuration (named-checkconf -p). */
/*
 * named-checkconf -p prints the configuration from its parsed form, not
 * from the text: each block's statements come out in the order of BIND's
 * clause tables (printorder.h, measured from named-checkconf itself), the
 * occurrences of a multi-valued option stay together in file order, and
 * every value is printed in its canonical form: durations written as TTLs
 * become seconds (ISO 8601 ones are kept), sizes become bytes, integers are
 * decimal, booleans yes/no, addresses canonical, address-match elements
 * prefixes with their length, strings quoted. `include` statements are
 * already replaced by the included text. The quirks of named's printer that
 * operators' diff tools see (the double space of `allow-transfer  {`, the
 * `stderr ;` of a logging channel, `*` printed as 0.0.0.0) are reproduced
 * clause by clause in print_quirk().
 *
 * The printer runs on a tree that passed ditto_cfg_check(), so every item
 * carries the value type it matched (ditto_cfg_node_t.vtype).
 */
#include "parser/print.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/clauses.h"
#include "parser/print_p.h"
#include "parser/printorder.h"
#include "parser/spec.h"
#include "parser/values.h"
#include "util/mem.h"

/*! Printing state. */
typedef struct pr {
	FILE *out;    /*!< destination */
	bool obscure; /*!< -x: secrets as "????" */
} pr_t;

typedef const ditto_cfg_node_t node_t;

static void print_block(pr_t *p, node_t *list, unsigned int depth,
                        const char *ctx);
static void print_elements(pr_t *p, node_t *list, unsigned int depth);

static void
indent(pr_t *p, unsigned int depth)
{
	for (unsigned int i = 0; i < depth && i < DITTO_CFG_MAXDEPTH + 8; i++) {
		fputc('\t', p->out);
	}
}

static void
quoted(pr_t *p, const char *s)
{
	fprintf(p->out, "\"%s\"", s);
}

/* ---- values ---- */

static bool
print_integer(pr_t *p, const char *s, int base)
{
	char *end = NULL;
	if (s[0] == '-' || s[0] == '+' || s[0] == '\0') {
		return false;
	}
	unsigned long long v = strtoull(s, &end, base);
	if (end == NULL || *end != '\0') {
		return false;
	}
	fprintf(p->out, "%llu", v);
	return true;
}

static void
print_duration(pr_t *p, const char *s)
{
	uint32_t u;
	if (s[0] == 'P' || s[0] == 'p') {
		for (const char *c = s; *c != '\0'; c++) {
			fputc(toupper((unsigned char)*c), p->out);
		}
	} else if (ditto_cfg_value_duration(s, &u)) {
		fprintf(p->out, "%" PRIu32, u);
	} else {
		fputs(s, p->out);
	}
}

static void
print_size(pr_t *p, const char *s)
{
	uint64_t v;
	if (ditto_cfg_value_sizeval(s, &v)) {
		fprintf(p->out, "%" PRIu64, v);
	} else {
		fputs(s, p->out);
	}
}

static void
print_address(pr_t *p, const char *s, bool with_len)
{
	ditto_cfg_prefix_t pf;
	char buf[80];
	if (ditto_cfg_value_prefix(s, &pf) != DITTO_CFG_PREFIX_OK) {
		fputs(s, p->out);
		return;
	}
	if (with_len) {
		ditto_cfg_prefix_totext(&pf, buf, sizeof(buf));
	} else if (inet_ntop(pf.family, pf.addr, buf, sizeof(buf)) == NULL) {
		snprintf(buf, sizeof(buf), "%s", s);
	}
	fputs(buf, p->out);
}

static bool
is_address(const char *s)
{
	ditto_cfg_prefix_t pf;
	return ditto_cfg_value_prefix(s, &pf) == DITTO_CFG_PREFIX_OK;
}

static void
print_fixedpoint(pr_t *p, const char *s)
{
	uint32_t h;
	if (ditto_cfg_value_fixedpoint(s, &h)) {
		fprintf(p->out, "%" PRIu32 ".%02" PRIu32, h / 100, h % 100);
	} else {
		fputs(s, p->out);
	}
}

static void
print_word(pr_t *p, node_t *n)
{
	bool b;
	switch ((ditto_cfg_vtype_t)n->vtype) {
	case DITTO_CFG_V_BOOLEAN:
		if (ditto_cfg_value_boolean(n->text, &b)) {
			fputs(b ? "yes" : "no", p->out);
			return;
		}
		break;
	case DITTO_CFG_V_INTEGER:
	case DITTO_CFG_V_PORT:
		if (print_integer(p, n->text, 0)) {
			return;
		}
		break;
	case DITTO_CFG_V_SAPORT:
		if (print_integer(p, n->text, 10)) {
			return;
		}
		break;
	case DITTO_CFG_V_DURATION:
		print_duration(p, n->text);
		return;
	case DITTO_CFG_V_SIZE:
	case DITTO_CFG_V_SIZEVAL:
		print_size(p, n->text);
		return;
	case DITTO_CFG_V_FIXEDPOINT:
		print_fixedpoint(p, n->text);
		return;
	case DITTO_CFG_V_IPV4:
	case DITTO_CFG_V_IPV6:
		print_address(p, n->text, false);
		return;
	case DITTO_CFG_V_NETPREFIX:
		print_address(p, n->text, true);
		return;
	case DITTO_CFG_V_AMEWORD:
		if (is_address(n->text)) {
			print_address(p, n->text, true);
		} else {
			quoted(p, n->text);
		}
		return;
	case DITTO_CFG_V_REMOTE:
		if (is_address(n->text)) {
			print_address(p, n->text, false);
		} else {
			quoted(p, n->text);
		}
		return;
	case DITTO_CFG_V_STRING:
	case DITTO_CFG_V_QSTRING:
	case DITTO_CFG_V_FACILITY:
	case DITTO_CFG_V_RRTYPE:
		quoted(p, n->text);
		return;
	default:
		break;
	}
	if (n->kind == DITTO_CFG_STRING) {
		quoted(p, n->text);
	} else {
		fputs(n->text, p->out);
	}
}

/* ---- statement order ---- */

static const char *const *
order_for(const char *ctx)
{
	for (size_t i = 0; i < sizeof(print_orders) / sizeof(print_orders[0]);
	     i++) {
		if (strcasecmp(print_orders[i].name, ctx) == 0) {
			return print_orders[i].order;
		}
	}
	return NULL;
}

static size_t
rank(const char *const *order, node_t *st)
{
	const char *name = st->clause != NULL ? st->clause->name
	                                      : ditto_cfg_node_text(st->child);
	size_t i = 0;
	for (; order != NULL && order[i] != NULL; i++) {
		if (strcasecmp(order[i], name) == 0) {
			return i;
		}
	}
	return i; /* unknown: after every known statement */
}

/* ---- statements ---- */

static const char *
stmt_name(node_t *st)
{
	return st->clause != NULL ? st->clause->name
	                          : ditto_cfg_node_text(st->child);
}

static void
print_braces(pr_t *p, node_t *blk, unsigned int depth, const char *ctx)
{
	fputs("{\n", p->out);
	if (blk->vtype == DITTO_CFG_V_BLOCK) {
		print_block(p, blk->child, depth + 1, ctx);
	} else {
		print_elements(p, blk->child, depth + 1);
	}
	indent(p, depth);
	fputc('}', p->out);
}

/* Items of a statement after its name, with named's separators. */
static void
print_items(pr_t *p, node_t *st, node_t *from, unsigned int depth)
{
	const char *name = stmt_name(st);
	bool secret =
	        st->clause != NULL && (strcmp(name, "secret") == 0 ||
	                               strcmp(name, "cookie-secret") == 0);
	for (node_t *it = from; it != NULL; it = it->next) {
		if (it != st->child) {
			fputc(' ', p->out);
		}
		if (it->kind == DITTO_CFG_BLOCK) {
			print_braces(p, it, depth, name);
		} else if (it->kind == DITTO_CFG_NOT) {
			fputc('!', p->out);
			if (it->next != NULL &&
			    it->next->kind != DITTO_CFG_BLOCK) {
				print_word(p, it->next);
				it = it->next;
			} else if (it->next != NULL) {
				print_braces(p, it->next, depth, name);
				it = it->next;
			}
		} else if (secret && p->obscure) {
			fputc('"', p->out); /* named: one '?' per character */
			for (size_t i = 0; it->text[i] != '\0'; i++) {
				fputc('?', p->out);
			}
			fputc('"', p->out);
		} else {
			print_word(p, it);
		}
	}
}

static void
print_stmt(pr_t *p, node_t *st, unsigned int depth)
{
	indent(p, depth);
	if (st->clause != NULL) {
		fputs(st->clause->name, p->out);
		if (st->child->next == NULL) {
			fputc(' ', p->out); /* named: `null ;` */
		} else if (!ditto__cfg_print_quirk(p->out, st, depth,
		                                   p->obscure)) {
			print_items(p, st, st->child->next, depth);
		}
	} else {
		print_items(p, st, st->child, depth);
	}
	fputs(";\n", p->out);
}

/* List elements (address lists, server lists): file order. */
static void
print_elements(pr_t *p, node_t *list, unsigned int depth)
{
	for (node_t *st = list; st != NULL; st = st->next) {
		if (st->child != NULL) {
			print_stmt(p, st, depth);
		}
	}
}

/* A clause block: statements in named's order, stable within a name. */
static void
print_block(pr_t *p, node_t *list, unsigned int depth, const char *ctx)
{
	const char *const *order = order_for(ctx);
	size_t n = 0;
	for (node_t *st = list; st != NULL; st = st->next) {
		n += st->child != NULL;
	}
	if (n == 0) {
		return;
	}
	node_t **v = ditto_malloc(n * sizeof(*v));
	size_t *r = ditto_malloc(n * sizeof(*r));
	size_t k = 0;
	for (node_t *st = list; st != NULL; st = st->next) {
		if (st->child == NULL) {
			continue;
		}
		size_t rk = rank(order, st), j = k++;
		for (; j > 0 && r[j - 1] > rk; j--) { /* stable insertion */
			v[j] = v[j - 1];
			r[j] = r[j - 1];
		}
		v[j] = st;
		r[j] = rk;
	}
	for (size_t i = 0; i < n; i++) {
		print_stmt(p, v[i], depth);
	}
	ditto_free(r);
	ditto_free(v);
}

void
ditto_cfg_print(FILE *out, const ditto_cfg_node_t *list, bool obscure)
{
	pr_t p = { .out = out, .obscure = obscure };
	print_block(&p, list, 0, "");
}

void
ditto__cfg_print_items(FILE *out, const ditto_cfg_node_t *st,
                       const ditto_cfg_node_t *from, unsigned int depth,
                       bool obscure)
{
	pr_t p = { .out = out, .obscure = obscure };
	print_items(&p, st, from, depth);
}

void
ditto__cfg_print_word(FILE *out, const ditto_cfg_node_t *n)
{
	pr_t p = { .out = out };
	print_word(&p, n);
}

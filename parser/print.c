/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Canonical printing of a checked configuration (named-checkconf -p). */
#include "parser/print.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "parser/clauses.h"
#include "parser/spec.h"
#include "parser/values.h"

static void print_list(FILE *out, const ditto_cfg_node_t *list,
                       unsigned int depth, bool obscure);

static void
indent(FILE *out, unsigned int depth)
{
	for (unsigned int i = 0; i < depth && i < 80; i++) {
		fputc('\t', out);
	}
}

static void
quoted(FILE *out, const char *s)
{
	fprintf(out, "\"%s\"", s);
}

static void
print_word(FILE *out, const ditto_cfg_node_t *n)
{
	uint32_t u;
	uint64_t v;
	bool b;
	ditto_cfg_prefix_t p;
	char buf[80];
	switch ((ditto_cfg_vtype_t)n->vtype) {
	case DITTO_CFG_V_BOOLEAN:
		ditto_cfg_value_boolean(n->text, &b);
		fputs(b ? "yes" : "no", out);
		return;
	case DITTO_CFG_V_DURATION:
		if (ditto_cfg_value_duration(n->text, &u)) {
			fprintf(out, "%" PRIu32, u);
			return;
		}
		break;
	case DITTO_CFG_V_SIZE:
	case DITTO_CFG_V_SIZEVAL:
		if (ditto_cfg_value_sizeval(n->text, &v)) {
			fprintf(out, "%" PRIu64, v);
			return;
		}
		break;
	case DITTO_CFG_V_STRING:
	case DITTO_CFG_V_QSTRING:
	case DITTO_CFG_V_REMOTE:
		if (ditto_cfg_value_prefix(n->text, &p) ==
		            DITTO_CFG_PREFIX_NOTADDR ||
		    n->vtype == DITTO_CFG_V_QSTRING) {
			quoted(out, n->text);
			return;
		}
		break;
	case DITTO_CFG_V_AMEWORD:
		if (ditto_cfg_value_prefix(n->text, &p) ==
		    DITTO_CFG_PREFIX_OK) {
			ditto_cfg_prefix_totext(&p, buf, sizeof(buf));
			fputs(buf, out);
		} else {
			quoted(out, n->text);
		}
		return;
	case DITTO_CFG_V_CLASS:
		for (const char *c = n->text; *c != '\0'; c++) {
			fputc(*c >= 'a' && *c <= 'z' ? *c - 32 : *c, out);
		}
		return;
	default:
		break;
	}
	if (n->kind == DITTO_CFG_STRING) {
		quoted(out, n->text);
	} else {
		fputs(n->text, out);
	}
}

static void
print_stmt(FILE *out, const ditto_cfg_node_t *st, unsigned int depth,
           bool obscure)
{
	indent(out, depth);
	bool secret =
	        st->clause != NULL && strcmp(st->clause->name, "secret") == 0;
	for (const ditto_cfg_node_t *it = st->child; it != NULL;
	     it = it->next) {
		if (it != st->child && st->child->kind != DITTO_CFG_NOT) {
			fputc(' ', out);
		}
		if (it->kind == DITTO_CFG_BLOCK) {
			fputs("{\n", out);
			print_list(out, it->child, depth + 1, obscure);
			indent(out, depth);
			fputc('}', out);
		} else if (it->kind == DITTO_CFG_NOT) {
			fputc('!', out);
		} else if (it == st->child && st->clause != NULL) {
			fputs(it->text, out);
		} else if (secret && obscure) {
			fputs("\"????\"", out);
		} else {
			print_word(out, it);
		}
	}
	fputs(";\n", out);
}

static void
print_list(FILE *out, const ditto_cfg_node_t *list, unsigned int depth,
           bool obscure)
{
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (st->child != NULL) {
			print_stmt(out, st, depth, obscure);
		}
	}
}

void
ditto_cfg_print(FILE *out, const ditto_cfg_node_t *list, bool obscure)
{
	print_list(out, list, 0, obscure);
}

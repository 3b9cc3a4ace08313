/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Clauses that named-checkconf -p prints its own way. */
/*
 * Each rule here was seen in the output of the installed named-checkconf -p
 * (BIND 9.18); the golden cases tests/golden/checkconf/cases/p-*.conf keep
 * them honest. A rule prints the items after the clause name and returns
 * true; clauses without a rule use the generic printer.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/clauses.h"
#include "parser/print_p.h"
#include "parser/spec.h"
#include "parser/values.h"

typedef const ditto_cfg_node_t node_t;

/* `*` as an address: the family's any address. */
static void
print_wild(FILE *out, node_t *n, bool v6)
{
	if (ditto_cfg_is(n, "*")) {
		fputs(v6 ? "::" : "0.0.0.0", out);
	} else {
		ditto__cfg_print_word(out, n);
	}
}

/*
 * Clauses of the form `( <address> | * ) [ port ( <integer> | * ) ] ...`:
 * `*` prints as the any address and `port *` is left out.
 */
static bool
sockaddr_clause(FILE *out, node_t *st, unsigned int depth, bool obscure,
                bool v6)
{
	node_t *it = st->child->next;
	if (it == NULL || it->kind == DITTO_CFG_BLOCK) {
		return false;
	}
	bool address_kw = ditto_cfg_is(it, "address");
	if (address_kw) {
		fputs(" address", out);
		it = it->next;
		if (it == NULL) {
			return true;
		}
	}
	fputc(' ', out);
	print_wild(out, it, v6);
	it = it->next;
	bool port = false;
	if (ditto_cfg_is(it, "port") && it->next != NULL) {
		if (!ditto_cfg_is(it->next, "*")) {
			fputs(" port ", out);
			ditto__cfg_print_word(out, it->next);
			port = true;
		} else if (address_kw) {
			fputs(" port 0", out);
			port = true;
		}
		it = it->next->next;
	}
	if (address_kw && !port) {
		fputs(" port 0", out);
	}
	if (it != NULL) {
		ditto__cfg_print_items(out, st, it, depth, obscure);
	}
	return true;
}

static bool
is_v6(node_t *st)
{
	const char *n = st->clause->name;
	size_t len = strlen(n);
	return len > 3 && strcmp(n + len - 3, "-v6") == 0;
}

/* `inet` of controls and statistics-channels. */
static bool
inet_clause(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	node_t *a = st->child->next;
	bool v6 = a != NULL && strchr(a->text != NULL ? a->text : "", ':');
	return sockaddr_clause(out, st, depth, obscure, v6);
}

/*
 * `allow-transfer`, `listen-on`: without a port named prints the empty
 * port slot, hence two blanks (`allow-transfer  {`).
 */
static bool
space_before_list(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	node_t *first = st->child->next;
	if (first != NULL && !ditto_cfg_is(first, "port")) {
		fputc(' ', out);
	}
	ditto__cfg_print_items(out, st, first, depth, obscure);
	return true;
}

/* `server <netprefix>`: an address gets its full length. */
static bool
server_clause(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	node_t *a = st->child->next;
	ditto_cfg_prefix_t pf;
	char buf[80];
	if (a == NULL ||
	    ditto_cfg_value_prefix(a->text, &pf) != DITTO_CFG_PREFIX_OK) {
		return false;
	}
	ditto_cfg_prefix_totext(&pf, buf, sizeof(buf));
	fprintf(out, " %s", buf);
	ditto__cfg_print_items(out, st, a->next, depth, obscure);
	return true;
}

/* `dnstap-output file "x"`: no blank before the path. */
static bool
dnstap_output(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	node_t *mode = st->child->next;
	if (mode == NULL || mode->next == NULL) {
		return false;
	}
	fprintf(out, " %s", mode->text);
	ditto__cfg_print_word(out, mode->next);
	ditto__cfg_print_items(out, st, mode->next->next, depth, obscure);
	return true;
}

/* `keys`: of a server, one name (named prints only the first); of a
 * dnssec-policy, key roles whose words are printed unquoted. */
static bool
keys_clause(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	(void)obscure;
	node_t *blk = ditto_cfg_block(st);
	if (blk == NULL) {
		return false;
	}
	if ((st->clause->sets & DITTO_CFG_SET_SERVER) != 0) {
		if (blk->child != NULL && blk->child->child != NULL) {
			fprintf(out, " \"%s\"", blk->child->child->text);
		}
		return true;
	}
	fputs(" {\n", out);
	for (node_t *e = blk->child; e != NULL; e = e->next) {
		for (unsigned int i = 0; i <= depth; i++) {
			fputc('\t', out);
		}
		for (node_t *it = e->child; it != NULL; it = it->next) {
			if (it != e->child) {
				fputc(' ', out);
			}
			if (it->vtype == DITTO_CFG_V_STRING) {
				fputs(it->text, out);
			} else {
				ditto__cfg_print_word(out, it);
			}
		}
		fputs(";\n", out);
	}
	for (unsigned int i = 0; i < depth; i++) {
		fputc('\t', out);
	}
	fputc('}', out);
	return true;
}

/* `rrset-order`: the words of an entry unquoted, except the name. */
static bool
rrset_order(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	(void)obscure;
	node_t *blk = ditto_cfg_block(st);
	if (blk == NULL) {
		return false;
	}
	fputs(" {\n", out);
	for (node_t *e = blk->child; e != NULL; e = e->next) {
		for (unsigned int i = 0; i <= depth; i++) {
			fputc('\t', out);
		}
		for (node_t *it = e->child; it != NULL; it = it->next) {
			bool name = it != e->child &&
			            ditto_cfg_is(e->child, "name") &&
			            it == e->child->next;
			for (node_t *k = e->child; k != it && !name;
			     k = k->next) {
				name = ditto_cfg_is(k, "name") && k->next == it;
			}
			fprintf(out, name ? "%s\"%s\"" : "%s%s",
			        it != e->child ? " " : "", it->text);
		}
		fputs(";\n", out);
	}
	for (unsigned int i = 0; i < depth; i++) {
		fputc('\t', out);
	}
	fputc('}', out);
	return true;
}

typedef bool (*quirk_fn)(FILE *, node_t *, unsigned int, bool);

/* severity: `debug [ N ]` is always "debug N" (a bare debug is level 1). */
static bool
severity_clause(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	node_t *w = st->child->next;
	(void)depth;
	(void)obscure;
	if (w == NULL || !ditto_cfg_is(w, "debug")) {
		return false;
	}
	fputs(" debug ", out);
	if (w->next != NULL) {
		ditto__cfg_print_word(out, w->next);
	} else {
		fputc('1', out);
	}
	return true;
}

static bool
source_clause(FILE *out, node_t *st, unsigned int depth, bool obscure)
{
	return sockaddr_clause(out, st, depth, obscure, is_v6(st));
}

static const struct {
	const char *name; /*!< clause name */
	quirk_fn fn;      /*!< printer */
} quirks[] = {
	{ "allow-transfer", space_before_list },
	{ "listen-on", space_before_list },
	{ "listen-on-v6", space_before_list },
	{ "notify-source", source_clause },
	{ "notify-source-v6", source_clause },
	{ "transfer-source", source_clause },
	{ "transfer-source-v6", source_clause },
	{ "alt-transfer-source", source_clause },
	{ "alt-transfer-source-v6", source_clause },
	{ "parental-source", source_clause },
	{ "parental-source-v6", source_clause },
	{ "query-source", source_clause },
	{ "query-source-v6", source_clause },
	{ "inet", inet_clause },
	{ "server", server_clause },
	{ "dnstap-output", dnstap_output },
	{ "keys", keys_clause },
	{ "rrset-order", rrset_order },
	{ "severity", severity_clause },
};

bool
ditto__cfg_print_quirk(FILE *out, const ditto_cfg_node_t *st,
                       unsigned int depth, bool obscure)
{
	for (size_t i = 0; i < sizeof(quirks) / sizeof(quirks[0]); i++) {
		if (strcmp(quirks[i].name, st->clause->name) == 0) {
			return quirks[i].fn(out, st, depth, obscure);
		}
	}
	return false;
}

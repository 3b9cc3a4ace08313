/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ditto-checkconf: check a named.conf the way named-checkconf does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rr.h"
#include "dns/rrtype.h"
#include "parser/ast.h"
#include "parser/check.h"
#include "parser/config.h"
#include "parser/ignored.h"
#include "parser/print.h"
#include "zone/master.h"

#define DEFAULT_CONF "/etc/bind/named.conf"

typedef struct opts {
	bool print, obscure, list, load_zones, journal;
	const char *chroot_dir;
	const char *file;
} opts_t;

static void
usage(FILE *f)
{
	fprintf(f, "usage: ditto-checkconf [-hjlvz] [-p [-x]] [-t directory] "
	           "[named.conf]\n");
}

/*
 * named-checkconf writes its messages to stdout; so does this. ditto's own
 * warnings (options dittod ignores, zones it skips, geoip) go to stderr,
 * so that stdout stays what named-checkconf prints (scripts diff -p).
 */
static void
print_diags(const ditto_cfg_parser_t *p)
{
	for (const ditto_cfg_diag_t *d = p->diags; d != NULL; d = d->next) {
		FILE *f = d->own ? stderr : stdout;
		fflush(stdout);
		if (d->file != NULL) {
			fprintf(f, "%s:%u: %s\n", d->file, d->line, d->msg);
		} else {
			fprintf(f, "%s\n", d->msg);
		}
	}
}

static const char *
text_of(const ditto_cfg_node_t *n)
{
	return n != NULL ? ditto_cfg_node_text(n) : "";
}

static void
list_zones_in(const ditto_cfg_node_t *list, const char *view,
              const char *vclass)
{
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		if (!ditto_cfg_is(st->child, "zone")) {
			continue;
		}
		const ditto_cfg_node_t *cls = ditto_cfg_arg(st, 2);
		const ditto_cfg_node_t *blk = ditto_cfg_block(st);
		const ditto_cfg_node_t *type =
		        ditto_cfg_find(blk ? blk->child : NULL, "type");
		char c[16];
		snprintf(c, sizeof(c), "%s",
		         cls != NULL && cls->kind != DITTO_CFG_BLOCK ? cls->text
		                                                     : vclass);
		for (char *p = c; *p != '\0'; p++) {
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		}
		if (type == NULL) {
			continue;
		}
		printf("%s %s %s %s\n", text_of(ditto_cfg_arg(st, 1)), c, view,
		       text_of(ditto_cfg_arg(type, 1)));
	}
}

static void
list_zones(const ditto_cfg_node_t *root)
{
	list_zones_in(root, "_default", "IN");
	for (const ditto_cfg_node_t *st = root; st != NULL; st = st->next) {
		if (ditto_cfg_is(st->child, "view")) {
			const ditto_cfg_node_t *cls = ditto_cfg_arg(st, 2);
			const ditto_cfg_node_t *blk = ditto_cfg_block(st);
			list_zones_in(blk ? blk->child : NULL,
			              text_of(ditto_cfg_arg(st, 1)),
			              cls != NULL && cls->kind !=
			                                      DITTO_CFG_BLOCK
			                      ? cls->text
			                      : "IN");
		}
	}
}

/* -z: the serial of the SOA record seen while loading. */
typedef struct soa_seen {
	bool found;
	uint32_t serial;
} soa_seen_t;

static ditto_result_t
soa_sink(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	soa_seen_t *s = arg;
	if (op != DITTO_RRSINK_ADD || rr->type != DITTO_TYPE_SOA || s->found) {
		return DITTO_R_SUCCESS;
	}
	size_t off = ditto_name_length(rr->rdata);
	off += ditto_name_length(rr->rdata + off);
	if (off + 4 <= rr->rdlen) {
		const uint8_t *p = rr->rdata + off;
		s->serial = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		            (uint32_t)p[2] << 8 | p[3];
		s->found = true;
	}
	return DITTO_R_SUCCESS;
}

static bool
load_zone(const ditto_config_t *cfg, const ditto_config_view_t *v,
          const ditto_config_zone_t *z)
{
	char name[DITTO_NAME_MAXTEXT + 2], path[4096];
	uint8_t origin[DITTO_NAME_MAXWIRE];
	size_t len = strlen(z->name);
	snprintf(name, sizeof(name), "%.*s",
	         (int)(len > 1 && z->name[len - 1] == '.' ? len - 1 : len),
	         z->name);
	snprintf(path, sizeof(path), "%s%s%s",
	         z->file[0] == '/' ? "" : cfg->directory,
	         z->file[0] == '/' ? "" : "/", z->file);
	char abs[DITTO_NAME_MAXTEXT + 4];
	snprintf(abs, sizeof(abs), "%s.", name);
	if (ditto_name_fromtext(abs, strlen(abs), NULL, origin, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		return false;
	}
	ditto_master_opts_t opts = { .origin = origin,
		                     .directory = cfg->directory };
	soa_seen_t soa = { 0 };
	ditto_rrsink_t sink = { soa_sink, &soa };
	ditto_master_status_t st;
	memset(&st, 0, sizeof(st));
	ditto_result_t r = ditto_master_loadfile(path, &opts, sink, &st);
	if (r == DITTO_R_SUCCESS && soa.found) {
		printf("zone %s/%s: loaded serial %u\n", name, z->rdclass,
		       soa.serial);
		return true;
	}
	printf("zone %s/%s: loading from master file %s failed: %s\n", name,
	       z->rdclass, z->file,
	       r != DITTO_R_SUCCESS && st.summary != NULL ? st.summary
	                                                  : "no SOA record");
	printf("zone %s/%s: not loaded due to errors.\n", name, z->rdclass);
	fprintf(stderr, "%s/%s/%s: %s\n", v->name, name, z->rdclass,
	        r != DITTO_R_SUCCESS && st.summary != NULL ? st.summary
	                                                   : "no SOA record");
	return false;
}

/* -z: load every primary zone's file, as named-checkconf -z does. */
static bool
load_zones(const ditto_config_t *cfg)
{
	bool ok = true;
	for (const ditto_config_view_t *v = cfg->views; v != NULL;
	     v = v->next) {
		for (const ditto_config_zone_t *z = v->zones; z != NULL;
		     z = z->next) {
			if (strcmp(z->type, "primary") == 0 &&
			    z->file != NULL && !load_zone(cfg, v, z)) {
				ok = false;
			}
		}
	}
	return ok;
}

static int
parse_args(int argc, char **argv, opts_t *o)
{
	int ch;
	while ((ch = getopt(argc, argv, "chijlpt:vwxz")) != -1) {
		switch (ch) {
		case 'c':
		case 'i':
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'j':
			o->journal = true;
			break;
		case 'l':
			o->list = true;
			break;
		case 'p':
			o->print = true;
			break;
		case 't':
			o->chroot_dir = optarg;
			break;
		case 'v':
			printf("ditto-checkconf 0.1.0\n");
			exit(0);
		case 'w': /* formerly: list ignored options; now always */
			break;
		case 'x':
			o->obscure = true;
			break;
		case 'z':
			o->load_zones = true;
			break;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (o->obscure && !o->print) {
		fprintf(stderr, "ditto-checkconf: -x requires -p\n");
		return 1;
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 1;
	}
	o->file = optind < argc ? argv[optind] : DEFAULT_CONF;
	return 0;
}

int
main(int argc, char **argv)
{
	opts_t o = { 0 };
	if (parse_args(argc, argv, &o) != 0) {
		return 1;
	}
	if (o.chroot_dir != NULL && chdir(o.chroot_dir) != 0) {
		fprintf(stderr, "chdir: %s: failed\n", o.chroot_dir);
		return 1;
	}
	ditto_cfg_parser_t p;
	ditto_cfg_parser_init(&p);
	ditto_cfg_node_t *root = NULL;
	ditto_result_t result = ditto_cfg_parse_file(&p, o.file, &root);
	if (result == DITTO_R_SUCCESS) {
		result = ditto_cfg_check(&p, root);
	}
	ditto_config_t *cfg = NULL;
	if (result == DITTO_R_SUCCESS) {
		/* what dittod would build: reports acl loops as named does */
		result = ditto_config_build(&p, root, &cfg);
	}
	if (result == DITTO_R_SUCCESS) {
		(void)ditto_cfg_ignored_diag(&p, root);
	}
	print_diags(&p);
	if (result == DITTO_R_SUCCESS && o.load_zones && !load_zones(cfg)) {
		result = DITTO_R_FAILURE;
	}
	if (result == DITTO_R_SUCCESS && o.list) {
		list_zones(root);
	}
	if (result == DITTO_R_SUCCESS && o.print) {
		ditto_cfg_print(stdout, root, o.obscure);
	}
	ditto_config_destroy(&cfg);
	ditto_cfg_parser_clear(&p);
	return result == DITTO_R_SUCCESS ? 0 : 1;
}

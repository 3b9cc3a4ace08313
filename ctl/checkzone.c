/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ditto-checkzone: check (and dump) a master file as named-checkzone does.
 *
 * Flow: parse the options (named-checkzone's letters), load the file with
 * the master-file reader into a check context (lib/zone/check.h), which
 * builds a zone version (lib/zone/version.h) as the daemon does and
 * reports per-record and owner-group problems as they come; then the post-
 * load checks over the version; then "loaded serial N", the dump (-D / -o,
 * ditto_dump_version(), the daemon's writer) and "OK".
 * Messages go to stdout, or to stderr when the dump goes to stdout, as
 * named-checkzone does. Exit status 0 when the zone loads, 1 otherwise.
 *
 * Not supported (refused with a message): input or output formats other
 * than text (-f/-F raw|map), -s relative, -J/-j journals, -L. Accepted and
 * ignored: -d, -r (duplicate-record check), -l (max-zone-ttl), -C.
 * "-i full" never queries the network: out-of-zone targets are treated as
 * with "-i local".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/mem.h"
#include "zone/check.h"
#include "zone/dump.h"
#include "zone/master.h"

#define PROG "ditto-checkzone"

typedef struct czopts {
	ditto_check_opts_t check; /* check severities */
	const char *cls;          /* -c */
	const char *out;          /* -o */
	bool dump;                /* -D or -o */
	bool quiet;               /* -q */
	const char *zone;         /* zonename */
	const char *file;         /* filename, "-" for stdin */
} czopts_t;

typedef struct czstate {
	FILE *msgfp;          /* where messages go */
	bool quiet;           /* -q */
	ditto_check_t *check; /* the checker */
	bool reader_first;    /* the reader had the first load error */
	bool reader_seen;     /* the reader reported an error */
} czstate_t;

static void
usage(void)
{
	fprintf(stderr, "usage: " PROG " [-djqvD] [-c class] [-f inputformat] "
	                "[-F outputformat] [-J filename] [-s (full|relative)] "
	                "[-t directory] [-w directory] [-k (ignore|warn|fail)] "
	                "[-m (ignore|warn|fail)] [-n (ignore|warn|fail)] "
	                "[-r (ignore|warn|fail)] "
	                "[-i (full|full-sibling|local|local-sibling|none)] "
	                "[-M (ignore|warn|fail)] [-S (ignore|warn|fail)] "
	                "[-T (ignore|warn)] [-W (ignore|warn)] [-o filename] "
	                "zonename [ (filename|-) ]\n");
	exit(1);
}

static ditto_check_mode_t
parse_mode(int opt, const char *arg, bool allow_fail)
{
	if (strcmp(arg, "ignore") == 0) {
		return DITTO_CHECK_IGNORE;
	}
	if (strcmp(arg, "warn") == 0) {
		return DITTO_CHECK_WARN;
	}
	if (allow_fail && strcmp(arg, "fail") == 0) {
		return DITTO_CHECK_FAIL;
	}
	fprintf(stderr, "invalid argument to -%c: %s\n", opt, arg);
	exit(1);
}

static void
parse_integrity(czopts_t *o, const char *arg)
{
	if (strcmp(arg, "full") == 0 || strcmp(arg, "local") == 0) {
		o->check.integrity = DITTO_CHECK_WARN;
		o->check.sibling = false;
	} else if (strcmp(arg, "full-sibling") == 0 ||
	           strcmp(arg, "local-sibling") == 0) {
		o->check.integrity = DITTO_CHECK_WARN;
		o->check.sibling = true;
	} else if (strcmp(arg, "none") == 0) {
		/* named-checkzone 9.18 still runs the target checks. */
		o->check.integrity = DITTO_CHECK_WARN;
	} else {
		fprintf(stderr, "invalid argument to -i: %s\n", arg);
		exit(1);
	}
}

static void
unsupported(const char *what)
{
	fprintf(stderr, PROG ": %s is not supported\n", what);
	exit(1);
}

static void
parse_dir(int opt, const char *arg)
{
	if (opt == 't' && chroot(arg) != 0) {
		fprintf(stderr, "isc_dir_chroot: %s\n", strerror(errno));
		exit(1);
	}
	if (opt == 't' ? chdir("/") != 0 : chdir(arg) != 0) {
		fprintf(stderr, "isc_dir_chdir: %s\n", strerror(errno));
		exit(1);
	}
}

static void
parse_opt(czopts_t *o, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		o->cls = arg;
		break;
	case 'd':
	case 'C':
	case 'l':
	case 'r':
		break;
	case 'D':
		o->dump = true;
		break;
	case 'f':
	case 'F':
		if (strcmp(arg, "text") != 0) {
			unsupported("a format other than text");
		}
		break;
	case 'i':
		parse_integrity(o, arg);
		break;
	case 'j':
		break;
	case 'J':
	case 'L':
		unsupported(opt == 'J' ? "-J" : "-L");
		break;
	case 'k':
		o->check.names = parse_mode(opt, arg, true);
		break;
	case 'm':
		o->check.mx = parse_mode(opt, arg, true);
		break;
	case 'M':
		o->check.mxcname = parse_mode(opt, arg, true);
		break;
	case 'n':
		o->check.ns = parse_mode(opt, arg, true);
		break;
	case 'o':
		o->out = arg;
		o->dump = true;
		break;
	case 'q':
		o->quiet = true;
		break;
	case 's':
		if (strcmp(arg, "relative") == 0) {
			unsupported("-s relative");
		} else if (strcmp(arg, "full") != 0) {
			fprintf(stderr, "unknown or unsupported style: %s\n",
			        arg);
			exit(1);
		}
		break;
	case 'S':
		o->check.srvcname = parse_mode(opt, arg, true);
		break;
	case 't':
	case 'w':
		parse_dir(opt, arg);
		break;
	case 'T':
		o->check.spf = parse_mode(opt, arg, false);
		break;
	case 'v':
		printf("ditto %s\n", "0.1.0");
		exit(0);
	case 'W':
		o->check.wildcard = parse_mode(opt, arg, false);
		break;
	default:
		usage();
	}
}

static void
parse_args(int argc, char **argv, czopts_t *o)
{
	int c;
	ditto_check_opts_default(&o->check);
	while ((c = getopt(argc, argv,
	                   "c:CdDf:F:hi:jJ:k:l:L:m:M:n:o:qr:s:S:t:T:vw:W:")) !=
	       -1) {
		parse_opt(o, c, optarg);
	}
	if (argc - optind < 1 || argc - optind > 2) {
		usage();
	}
	o->zone = argv[optind];
	o->file = argc - optind == 2 ? argv[optind + 1] : o->zone;
}

static void
on_msg(void *arg, const char *line)
{
	czstate_t *st = arg;
	if (!st->quiet) {
		fprintf(st->msgfp, "%s\n", line);
	}
}

static void __attribute__((format(printf, 2, 3)))
msgf(czstate_t *st, const char *fmt, ...)
{
	va_list ap;
	if (st->quiet) {
		return;
	}
	va_start(ap, fmt);
	vfprintf(st->msgfp, fmt, ap);
	va_end(ap);
	fputc('\n', st->msgfp);
}

static void
on_reader_msg(void *arg, const char *file, uint32_t line, const char *text)
{
	(void)file;
	(void)line;
	on_msg(arg, text);
}

static void
on_reader_error(void *arg, const char *file, uint32_t line, const char *text)
{
	czstate_t *st = arg;
	if (ditto_check_loaderror(st->check) == NULL && !st->reader_seen) {
		st->reader_first = true;
	}
	st->reader_seen = true;
	on_reader_msg(arg, file, line, text);
}

typedef struct czdump {
	ditto_dump_t d;             /* the writer */
	const ditto_check_t *check; /* the checked zone */
} czdump_t;

/* The dump is the daemon's: ditto_dump_version() over the loaded version,
 * with the owner spellings BIND keeps per RRset. */
static ditto_result_t
dump_to(void *arg, FILE *fp)
{
	czdump_t *cd = arg;
	ditto_dump_init(&cd->d, fp);
	ditto_dump_setowner(&cd->d, ditto_check_ownercase, (void *)cd->check);
	ditto_result_t result =
	        ditto_dump_version(&cd->d, ditto_check_version(cd->check));
	if (result == DITTO_R_SUCCESS && fflush(fp) != 0) {
		result = DITTO_R_IOERROR;
	}
	ditto_dump_clear(&cd->d);
	return result;
}

static int
write_dump(const czopts_t *o, const ditto_check_t *check)
{
	czdump_t cd = { .check = check };
	ditto_result_t result;
	if (o->out == NULL || strcmp(o->out, "-") == 0) {
		static char obuf[1 << 20];
		setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
		result = dump_to(&cd, stdout);
	} else {
		result = ditto_dump_atomic(o->out, 0644, dump_to, &cd);
	}
	if (result != DITTO_R_SUCCESS) {
		fprintf(stderr, "dns_master_dump: %s: %s\n",
		        o->out ? o->out : "-", ditto_result_totext(result));
		return 1;
	}
	return 0;
}

static uint16_t
parse_class(const char *text)
{
	uint16_t rclass = DITTO_CLASS_IN;
	if (text != NULL &&
	    ditto_rrclass_fromtext(text, strlen(text), &rclass) !=
	            DITTO_R_SUCCESS) {
		fprintf(stderr, "%s: invalid class\n", text);
		exit(1);
	}
	return rclass;
}

static ditto_result_t
load(const czopts_t *o, czstate_t *st, const uint8_t *origin, uint16_t rclass,
     ditto_master_status_t *status)
{
	ditto_master_opts_t mo = { 0 };
	mo.origin = origin;
	mo.rclass = rclass;
	mo.many_errors = true;
	mo.warn = on_reader_msg;
	mo.warn_arg = st;
	mo.error = on_reader_error;
	mo.error_arg = st;
	ditto_rrsink_t sink = ditto_check_sink(st->check);
	if (strcmp(o->file, "-") != 0) {
		return ditto_master_loadfile(o->file, &mo, sink, status);
	}
	size_t len = 0, cap = 1 << 16;
	char *data = ditto_malloc(cap);
	size_t n;
	while ((n = fread(data + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			data = ditto_realloc(data, cap);
		}
	}
	ditto_result_t r =
	        ditto_master_loadmem("-", data, len, &mo, sink, status);
	ditto_free(data);
	return r;
}

int
main(int argc, char **argv)
{
	czopts_t o = { 0 };
	czstate_t st = { 0 };
	ditto_name_storage_t origin;
	char zname[DITTO_NAME_MAXTEXT], ztext[DITTO_NAME_MAXTEXT + 16];
	char ctext[DITTO_RRTYPE_MAXTEXT];
	ditto_master_status_t status;

	parse_args(argc, argv, &o);
	uint16_t rclass = parse_class(o.cls);
	if (ditto_name_fromtext(o.zone, strlen(o.zone), ditto_name_root, origin,
	                        NULL, NULL) != DITTO_R_SUCCESS) {
		fprintf(stderr, "dns_name_fromtext: %s: bad zone name\n",
		        o.zone);
		return 1;
	}
	bool tostdout = o.dump && (o.out == NULL || strcmp(o.out, "-") == 0);
	st.msgfp = tostdout ? stderr : stdout;
	st.quiet = o.quiet;
	ditto_check_namefmt(origin, zname, sizeof(zname));
	(void)ditto_rrclass_totext(rclass, ctext, sizeof(ctext));
	snprintf(ztext, sizeof(ztext), "%s/%s", zname, ctext);
	ditto_check_create(origin, rclass, ztext, &o.check, on_msg, &st,
	                   &st.check);

	memset(&status, 0, sizeof(status));
	ditto_result_t r = load(&o, &st, origin, rclass, &status);
	if (r != DITTO_R_SUCCESS || st.reader_seen) {
		const char *why = status.summary != NULL
		                          ? status.summary
		                          : ditto_result_totext(r);
		if (st.reader_first ||
		    ditto_check_loaderror(st.check) == NULL) {
			ditto_check_setloaderror(st.check, why);
		}
	}
	int rc = 1;
	r = ditto_check_finish(st.check);
	const char *lerr = ditto_check_loaderror(st.check);
	if (lerr != NULL) {
		msgf(&st, "zone %s: loading from master file %s failed: %s",
		     ztext, o.file, lerr);
	}
	if (r != DITTO_R_SUCCESS) {
		msgf(&st, "zone %s: not loaded due to errors.", ztext);
		goto done;
	}
	msgf(&st, "zone %s: loaded serial %u%s", ztext,
	     ditto_check_serial(st.check),
	     ditto_check_secure(st.check) ? " (DNSSEC signed)" : "");
	rc = 0;
	if (o.dump) {
		rc = write_dump(&o, st.check);
	}
	if (rc == 0) {
		on_msg(&st, "OK");
	}
done:
	ditto_check_destroy(&st.check);
	return rc;
}

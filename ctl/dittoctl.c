/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl: the rndc-compatible control client (one-shot or a shell). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include "control/ccauth.h"
#include "parser/rndcconf.h"
#include "util/mem.h"

#include "ctl.h"
#include "synccheck.h"

/*
 * Flags, files, defaults, messages and exit status are rndc's (BIND 9.18):
 * scripts that drive rndc drive dittoctl. Messages start with the program
 * name as invoked (basename of argv[0]), as rndc's do: "dittoctl: ..." by
 * default, "rndc: ..." when installed under that name. Extensions: -j
 * (JSON output) and, with no command, a shell instead of the usage text.
 */

typedef struct opts {
	const char *conffile, *keyfile, *server, *keyname, *src4, *src6;
	uint16_t port;
	int family;
	char **argv;
	int argc;
} opts_t;

static void
usage(const char *prog, FILE *f)
{
	fprintf(f,
	        "Usage: %s [-b address] [-c config] [-s server] [-p port]\n"
	        "\t[-k key-file ] [-y key] [-r] [-V] [-q] [-j] [-4 | -6] "
	        "[command]\n\n"
	        "Without a command, %s reads commands: interactively (with\n"
	        "history and Tab completion) when standard input is a "
	        "terminal,\none per line otherwise.\n\nCommands:\n",
	        prog, prog);
	for (size_t i = 0; ctl_commands[i] != NULL; i++) {
		fprintf(f, "%s%s", i % 6 == 0 ? "  " : " ", ctl_commands[i]);
		if (i % 6 == 5 || ctl_commands[i + 1] == NULL) {
			fputc('\n', f);
		}
	}
	fprintf(f, "\n-j prints status, zonestatus and showzone as JSON.\n");
	fprintf(f,
	        "\n%s [options] sync-check [-j] [-C named.conf] "
	        "[thresholds] [zone ...]\n\tcompares each zone's serial "
	        "with its primaries' (Nagios exit\n\tstatus); "
	        "%s sync-check -h for its options.\n",
	        prog, prog);
}

/* sync-check: failures before the check are UNKNOWN (exit 3). */
static bool synccheck_mode;
/* sync-check -h: no rndc configuration needed. */
static bool synccheck_help;

static void die(const ctl_t *ctl, const char *id, const char *fmt, ...)
        __attribute__((format(printf, 3, 4), noreturn));

/* rndc's fatal(): "prog: message", exit 1 (a JSON error object with -j). */
static void
die(const ctl_t *ctl, const char *id, const char *fmt, ...)
{
	ctl_reply_t r;
	memset(&r, 0, sizeof(r));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r.msg, sizeof(r.msg), fmt, ap);
	va_end(ap);
	r.fatal = true;
	r.fatal_id = id;
	if (synccheck_mode) {
		char msg[sizeof(r.msg) + 64];
		snprintf(msg, sizeof(msg), "%s: %s", ctl->progname, r.msg);
		sc_print_failure(stdout, ctl->json, msg);
		exit(SC_UNKNOWN);
	}
	(void)ctl_output(ctl, NULL, NULL, &r);
	exit(1);
}

static bool
parse_port(const char *s, uint16_t *port)
{
	char *end = NULL;
	unsigned long v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || v == 0 || v > 65535) {
		return false;
	}
	*port = (uint16_t)v;
	return true;
}

static void
parse_args(ctl_t *ctl, int argc, char **argv, opts_t *o)
{
	int ch;
	opterr = 0;
	while ((ch = getopt(argc, argv, "46b:c:hjk:Mmp:qrs:Vy:")) != -1) {
		unsigned char a[16];
		switch (ch) {
		case '4':
		case '6':
			if (o->family != 0) {
				die(ctl, "ISC_R_FAILURE",
				    "only one of -4 and -6 allowed");
			}
			o->family = ch == '4' ? AF_INET : AF_INET6;
			break;
		case 'b': /* like rndc, an unparsable address is ignored */
			if (inet_pton(AF_INET, optarg, a) == 1) {
				o->src4 = optarg;
			} else if (inet_pton(AF_INET6, optarg, a) == 1) {
				o->src6 = optarg;
			}
			break;
		case 'c':
			o->conffile = optarg;
			break;
		case 'h':
			usage(ctl->progname, stdout);
			exit(0);
		case 'j':
			ctl->json = true;
			break;
		case 'k':
			o->keyfile = optarg;
			break;
		case 'M':
		case 'm': /* rndc's memory debugging: nothing to do */
			break;
		case 'p':
			if (!parse_port(optarg, &o->port)) {
				die(ctl, "ISC_R_RANGE",
				    "port '%s' out of range", optarg);
			}
			break;
		case 'q':
			ctl->quiet = true;
			break;
		case 'r':
			ctl->showresult = true;
			break;
		case 's':
			o->server = optarg;
			break;
		case 'V':
			ctl->verbose = true;
			break;
		case 'y':
			o->keyname = optarg;
			break;
		default:
			fprintf(stderr, "%s: invalid argument -%c\n",
			        ctl->progname, optopt);
			usage(ctl->progname, stderr);
			exit(1);
		}
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
}

static bool
file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * -V: the steps of the key selection that succeeded, as rndc prints them;
 * \a failed is the message of the step that failed, or NULL.
 */
static void
verbose_steps(const ctl_t *ctl, const ditto_rndcconf_t *conf,
              const ditto_rndcconf_args_t *a, const char *failed)
{
	const char *step = NULL;
	bool in_list = failed != NULL &&
	               (strncmp(failed, "no key definition", 17) == 0 ||
	                strncmp(failed, "key must have", 13) == 0);
	if (failed != NULL && !in_list &&
	    strncmp(failed, "get config key list", 19) != 0) {
		return;
	}
	if (conf->key_only) {
		step = "get key";
	} else if (a->keyname == NULL) {
		const char *name =
		        a->server != NULL ? a->server : conf->default_server;
		step = "get default key";
		for (const ditto_rndcconf_server_t *s = conf->servers;
		     s != NULL && name != NULL; s = s->next) {
			if (strcasecmp(s->name, name) == 0) {
				step = "get key for server";
			}
		}
	}
	if (step != NULL) {
		ctl_notify(ctl, "%s", step);
	}
	if (!conf->key_only && (failed == NULL || in_list)) {
		ctl_notify(ctl, "get config key list");
	}
}

/* Read rndc.conf or rndc.key and apply rndc's precedence rules. */
static void
load_conf(ctl_t *ctl, const opts_t *o, ditto_rndcconf_t *conf,
          ditto_rndcconf_target_t *t)
{
	ditto_err_t err = { .msg = "" };
	ditto_rndcconf_files_t files;
	if (ditto_rndcconf_choose(o->conffile, o->keyfile, file_exists, &files,
	                          &err) != DITTO_R_SUCCESS) {
		die(ctl, "ISC_R_FILENOTFOUND", "%s", err.msg);
	}
	if (files.warn_keyfile) {
		fprintf(stderr,
		        "WARNING: key file (%s) exists, but using default "
		        "configuration file (%s)\n",
		        o->keyfile != NULL ? o->keyfile
		                           : DITTO_RNDCCONF_KEYFILE,
		        files.path);
	}
	ctl_notify(ctl, "create parser");
	if (ditto_rndcconf_parse_file(conf, files.path, files.key_only) !=
	    DITTO_R_SUCCESS) {
		for (const ditto_cfg_diag_t *d = conf->parser.diags;
		     d != NULL && !ctl->json; d = d->next) {
			if (d->file != NULL) {
				fprintf(stderr, "%s: error: %s:%u: %s\n",
				        ctl->progname, d->file, d->line,
				        d->msg);
			} else {
				fprintf(stderr, "%s: error: %s\n",
				        ctl->progname, d->msg);
			}
		}
		die(ctl, "ISC_R_FAILURE", "could not load rndc configuration");
	}
	ditto_rndcconf_args_t args = { .server = o->server,
		                       .keyname = o->keyname,
		                       .port = o->port };
	if (ditto_rndcconf_select(conf, &args, t, &err) != DITTO_R_SUCCESS) {
		verbose_steps(ctl, conf, &args, err.msg);
		die(ctl, "ISC_R_NOTFOUND", "%s", err.msg);
	}
	verbose_steps(ctl, conf, &args, NULL);
}

static void
init_key(ctl_t *ctl, const ditto_rndcconf_key_t *k)
{
	ditto_err_t err;
	ditto_result_t r =
	        ditto_ccauth_key_init(&ctl->key, k->algorithm, k->secret, &err);
	if (r == DITTO_R_NOTFOUND) {
		die(ctl, "ISC_R_NOTIMPLEMENTED", "unsupported algorithm: %s",
		    k->algorithm);
	} else if (r == DITTO_R_BADBASE64) {
		die(ctl, "ISC_R_BADBASE64",
		    "decode base64 secret: bad base64 encoding");
	} else if (r != DITTO_R_SUCCESS) {
		die(ctl, "ISC_R_NOSPACE",
		    "decode base64 secret: ran out of "
		    "space");
	}
	ctl_notify(ctl, "decode base64 secret");
}

/* A literal address: true and *ss set. */
static bool
literal(const char *host, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return true;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return true;
	}
	return false;
}

/* Append the addresses of \a host (a literal or a name) to ctl->addrs. */
static void
resolve(ctl_t *ctl, const char *host, uint16_t port, int family)
{
	struct sockaddr_storage ss;
	if (literal(host, port, &ss)) {
		if (family == AF_INET && ss.ss_family == AF_INET6) {
			die(ctl, "ISC_R_FAMILYNOSUPPORT",
			    "couldn't get address for '%s': address family "
			    "not supported",
			    host);
		}
		if (ctl->naddrs < CTL_MAXADDRS) {
			ctl->addrs[ctl->naddrs++] = ss;
		}
		return;
	}
	struct addrinfo hints = { .ai_family = family != 0 ? family : AF_UNSPEC,
		                  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
		die(ctl, "ISC_R_NOTFOUND",
		    "couldn't get address for '%s': "
		    "not found",
		    host);
	}
	for (struct addrinfo *ai = res;
	     ai != NULL && ctl->naddrs < CTL_MAXADDRS; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof(ss)) {
			continue;
		}
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
		if (ss.ss_family == AF_INET) {
			((struct sockaddr_in *)&ss)->sin_port = htons(port);
		} else if (ss.ss_family == AF_INET6) {
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		} else {
			continue;
		}
		ctl->addrs[ctl->naddrs++] = ss;
	}
	freeaddrinfo(res);
}

static void
setup_target(ctl_t *ctl, const opts_t *o, const ditto_rndcconf_target_t *t)
{
	ctl->server = t->server;
	if (t->stmt != NULL && t->stmt->naddrs > 0) {
		for (size_t i = 0; i < t->stmt->naddrs; i++) {
			const ditto_rndcconf_addr_t *a = &t->stmt->addrs[i];
			resolve(ctl, a->host, a->port != 0 ? a->port : t->port,
			        o->family);
		}
	} else {
		resolve(ctl, t->server, t->port, o->family);
	}
	const char *s4 = o->src4 != NULL ? o->src4 : t->source4;
	const char *s6 = o->src6 != NULL ? o->src6 : t->source6;
	ctl->has_src4 = s4 != NULL && literal(s4, 0, &ctl->src4) &&
	                ctl->src4.ss_family == AF_INET;
	ctl->has_src6 = s6 != NULL && literal(s6, 0, &ctl->src6) &&
	                ctl->src6.ss_family == AF_INET6;
}

static char *
join_args(const ctl_t *ctl, int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++) {
		len += strlen(argv[i]) + 1;
		if (len > CTL_MAXCOMMAND) {
			die(ctl, "ISC_R_NOSPACE", "command too long");
		}
	}
	char *s = ditto_malloc(len);
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i > 0) {
			strcat(s, " ");
		}
		strcat(s, argv[i]);
	}
	return s;
}

/*
 * Index of the first operand (where rndc's option parsing stops), or argc.
 * Options with an argument: b c k p s y.
 */
static int
first_operand(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			return i + 1;
		}
		if (a[0] != '-' || a[1] == '\0') {
			return i;
		}
		for (size_t j = 1; a[j] != '\0'; j++) {
			if (strchr("bckpsy", a[j]) != NULL) {
				i += a[j + 1] == '\0' ? 1 : 0;
				break;
			}
		}
	}
	return argc;
}

/*
 * `sync-check` is dittoctl's own command: the rndc flags before it are
 * parsed as usual, its own options after it by synccheck_main().
 */
static int
synccheck_split(ctl_t *ctl, int argc, char **argv)
{
	int at = first_operand(argc, argv);
	if (at >= argc || strcmp(argv[at], "sync-check") != 0) {
		return argc;
	}
	synccheck_mode = true;
	for (int i = at + 1; i < argc; i++) {
		if (strcmp(argv[i], "-j") == 0 ||
		    strcmp(argv[i], "--json") == 0) {
			ctl->json = true;
		}
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			synccheck_help = true;
		}
	}
	return at;
}

int
main(int argc, char **argv)
{
	static ctl_t ctl;
	const char *slash = strrchr(argv[0], '/');
	ctl.progname = slash != NULL ? slash + 1 : argv[0];
	ctl.timeout = CTL_TIMEOUT;
	opts_t o;
	memset(&o, 0, sizeof(o));
	int sc_at = synccheck_split(&ctl, argc, argv);
	if (synccheck_help) {
		return synccheck_main(&ctl, argc - sc_at, argv + sc_at);
	}
	parse_args(&ctl, sc_at, argv, &o);
	if (o.argc > 0) {
		ctl_notify(&ctl, "%s", o.argv[0]);
	}
	ctl_notify(&ctl, "create task");
	ctl_notify(&ctl, "enabling log channel");
	ditto_rndcconf_t conf;
	ditto_rndcconf_init(&conf);
	ditto_rndcconf_target_t t;
	load_conf(&ctl, &o, &conf, &t);
	init_key(&ctl, t.key);
	setup_target(&ctl, &o, &t);
	ctl_notify(&ctl, "post event");
	if (getrandom(&ctl.ser, sizeof(ctl.ser), 0) != sizeof(ctl.ser)) {
		ctl.ser = (uint32_t)getpid() * 2654435761u;
	}
	int status;
	if (synccheck_mode) {
		status = synccheck_main(&ctl, argc - sc_at, argv + sc_at);
	} else if (o.argc == 0) {
		status = ctl_shell(&ctl);
	} else {
		char *command = join_args(&ctl, o.argc, o.argv);
		ctl_reply_t r;
		ctl_run(&ctl, command, &r);
		status = ctl_output(&ctl, command, o.argv[0], &r) ? 0 : 1;
		ctl_reply_clear(&r);
		ditto_free(command);
	}
	ditto_ccauth_key_clear(&ctl.key);
	ditto_rndcconf_clear(&conf);
	return status;
}

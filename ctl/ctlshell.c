/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl's shell: libedit, history, completion of commands and zones. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <histedit.h>

#include "parser/ast.h"
#include "parser/check.h"
#include "util/mem.h"

#include "ctl.h"

/*
 * With no command, dittoctl reads commands: through libedit when standard
 * input is a terminal (prompt, ~/.dittoctl_history, Tab completion), else
 * one per line. Each command goes over its own connection, as rndc's do,
 * and prints exactly what `dittoctl <command>` prints. Lines that are
 * empty or start with '#' are skipped; `quit` or `exit` ends the session.
 * The exit status is 0 when every command succeeded, else 1.
 *
 * Zone names for completion: rndc 9.18 has no command that lists zones,
 * on named or dittod. `status` does name the server's configuration file
 * ("configuration file: /etc/bind/named.conf"); when that file is readable
 * here (the usual case on the server host) its zone statements, top level
 * and in views, are the candidates. The list is fetched on the first Tab
 * after a zone command and kept for 60 seconds.
 *
 * Shell-only commands (they start with ':' so that no rndc command is
 * shadowed): `:zones` prints the zone names completion would offer,
 * `:complete LINE` the completions of LINE (both for tests and scripts).
 */

#define HISTORY_FILE ".dittoctl_history"
#define HISTORY_SIZE 1000
#define MAXZONES     100000
#define MAXLINES     1000000
#define ZONES_TTL    60

const char *const ctl_commands[] = {
	"addzone",     "delzone",      "dnssec",     "dnstap",
	"dumpdb",      "flush",        "flushname",  "flushtree",
	"freeze",      "halt",         "loadkeys",   "managed-keys",
	"modzone",     "notify",       "notrace",    "nta",
	"null",        "querylog",     "reconfig",   "recursing",
	"refresh",     "reload",       "retransfer", "scan",
	"secroots",    "serve-stale",  "showzone",   "sign",
	"signing",     "stats",        "status",     "stop",
	"sync",        "tcp-timeouts", "thaw",       "trace",
	"tsig-delete", "tsig-list",    "validation", "zonestatus",
	NULL,
};

static const char *const zone_commands[] = {
	"delzone", "dnssec", "freeze",     "loadkeys", "modzone", "notify",
	"refresh", "reload", "retransfer", "showzone", "sign",    "signing",
	"sync",    "thaw",   "zonestatus", NULL,
};

bool
ctl_command_takes_zone(const char *cmd)
{
	for (size_t i = 0; zone_commands[i] != NULL; i++) {
		if (strcasecmp(cmd, zone_commands[i]) == 0) {
			return true;
		}
	}
	return false;
}

typedef struct shell {
	ctl_t *ctl;
	char **zones;
	size_t nzones;
	time_t fetched;
	bool failed;
} shell_t;

static void
zones_clear(shell_t *sh)
{
	for (size_t i = 0; i < sh->nzones; i++) {
		ditto_free(sh->zones[i]);
	}
	ditto_free(sh->zones);
	sh->zones = NULL;
	sh->nzones = 0;
}

static void
zones_add(shell_t *sh, const char *name)
{
	size_t len = strlen(name);
	if (len > 1 && name[len - 1] == '.') {
		len--;
	}
	for (size_t i = 0; i < sh->nzones; i++) {
		if (strncasecmp(sh->zones[i], name, len) == 0 &&
		    sh->zones[i][len] == '\0') {
			return;
		}
	}
	if (sh->nzones >= MAXZONES) {
		return;
	}
	sh->zones =
	        ditto_realloc(sh->zones, (sh->nzones + 1) * sizeof(*sh->zones));
	sh->zones[sh->nzones++] = ditto_strndup(name, len);
}

static void
zones_in(shell_t *sh, const ditto_cfg_node_t *list, int depth)
{
	for (const ditto_cfg_node_t *st = list; st != NULL; st = st->next) {
		const ditto_cfg_node_t *kw = st->child;
		const ditto_cfg_node_t *name = ditto_cfg_arg(st, 1);
		if (ditto_cfg_is(kw, "zone") && name != NULL &&
		    name->kind != DITTO_CFG_BLOCK) {
			zones_add(sh, name->text);
		} else if (ditto_cfg_is(kw, "view") && depth == 0) {
			const ditto_cfg_node_t *blk = ditto_cfg_block(st);
			zones_in(sh, blk != NULL ? blk->child : NULL, 1);
		}
	}
}

/* Ask the server for its configuration file; read its zones. */
static void
zones_fetch(shell_t *sh)
{
	time_t now = time(NULL);
	if (sh->fetched != 0 && now - sh->fetched < ZONES_TTL) {
		return;
	}
	sh->fetched = now;
	zones_clear(sh);
	bool verbose = sh->ctl->verbose;
	sh->ctl->verbose = false;
	ctl_reply_t r;
	ctl_run(sh->ctl, "status", &r);
	sh->ctl->verbose = verbose;
	const char *key = "configuration file: ";
	const char *p = r.text != NULL ? strstr(r.text, key) : NULL;
	if (!r.fatal && p != NULL) {
		p += strlen(key);
		char *path = ditto_strndup(p, strcspn(p, "\n"));
		ditto_cfg_parser_t cp;
		ditto_cfg_parser_init(&cp);
		ditto_cfg_node_t *root = NULL;
		if (ditto_cfg_parse_file(&cp, path, &root) == DITTO_R_SUCCESS) {
			zones_in(sh, root, 0);
		}
		ditto_cfg_parser_clear(&cp);
		ditto_free(path);
	}
	ctl_reply_clear(&r);
}

/*
 * The candidates for the word at the end of \a line (up to the cursor):
 * command names for the first word, zone names after a zone command.
 * Returns how many; *\a out points into static or shell storage.
 */
static size_t
candidates(shell_t *sh, const char *line, size_t len, const char **word,
           const char ***out, size_t *plen)
{
	size_t ws = len;
	while (ws > 0 && !isspace((unsigned char)line[ws - 1])) {
		ws--;
	}
	*word = line + ws;
	*plen = len - ws;
	size_t cs = 0;
	while (cs < ws && isspace((unsigned char)line[cs])) {
		cs++;
	}
	if (cs == ws) {
		*out = (const char **)ctl_commands;
		return sizeof(ctl_commands) / sizeof(ctl_commands[0]) - 1;
	}
	char cmd[32];
	size_t ce = cs;
	while (ce < ws && !isspace((unsigned char)line[ce])) {
		ce++;
	}
	snprintf(cmd, sizeof(cmd), "%.*s", (int)(ce - cs), line + cs);
	if (!ctl_command_takes_zone(cmd)) {
		return 0;
	}
	zones_fetch(sh);
	*out = (const char **)sh->zones;
	return sh->nzones;
}

/* Matches of a prefix; their longest common prefix length in *common. */
static size_t
matches(const char **cand, size_t n, const char *w, size_t plen, const char **m,
        size_t maxm, size_t *common)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncasecmp(cand[i], w, plen) != 0) {
			continue;
		}
		if (k == 0) {
			*common = strlen(cand[i]);
		} else {
			size_t c = 0;
			while (c < *common && cand[i][c] == m[0][c]) {
				c++;
			}
			*common = c;
		}
		if (k < maxm) {
			m[k] = cand[i];
		}
		k++;
	}
	return k;
}

static unsigned char
complete(EditLine *el, int ch)
{
	(void)ch;
	shell_t *sh = NULL;
	if (el_get(el, EL_CLIENTDATA, &sh) != 0 || sh == NULL) {
		return CC_ERROR;
	}
	const LineInfo *li = el_line(el);
	const char *word, **cand = NULL, *m[256];
	size_t plen, common = 0;
	size_t n = candidates(sh, li->buffer, (size_t)(li->cursor - li->buffer),
	                      &word, &cand, &plen);
	size_t k = matches(cand, n, word, plen, m, 256, &common);
	if (k == 0) {
		return CC_ERROR;
	}
	if (k == 1 || common > plen) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "%.*s%s", (int)(common - plen),
		         m[0] + plen, k == 1 ? " " : "");
		return el_insertstr(el, buf) == 0 ? CC_REFRESH : CC_ERROR;
	}
	fputc('\n', stdout);
	for (size_t i = 0; i < k && i < 256; i++) {
		printf("%s%s", m[i], i + 1 < k && i + 1 < 256 ? "  " : "\n");
	}
	return CC_REDISPLAY;
}

static void
builtin_complete(shell_t *sh, const char *line)
{
	const char *word, **cand = NULL, *m[4096];
	size_t plen, common = 0;
	size_t n = candidates(sh, line, strlen(line), &word, &cand, &plen);
	size_t k = matches(cand, n, word, plen, m, 4096, &common);
	for (size_t i = 0; i < k && i < 4096; i++) {
		printf("%s\n", m[i]);
	}
	fflush(stdout);
}

/* One input line: a shell command or a server command. */
static bool
do_line(shell_t *sh, char *line)
{
	size_t len = strlen(line);
	while (len > 0 && isspace((unsigned char)line[len - 1])) {
		line[--len] = '\0';
	}
	while (isspace((unsigned char)*line)) {
		line++;
	}
	if (line[0] == '\0' || line[0] == '#') {
		return true;
	}
	if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0) {
		return false;
	}
	if (strncmp(line, ":complete", 9) == 0 &&
	    (line[9] == ' ' || line[9] == '\0')) {
		builtin_complete(sh, line[9] == ' ' ? line + 10 : "");
		return true;
	}
	if (strcmp(line, ":zones") == 0) {
		sh->fetched = 0;
		zones_fetch(sh);
		for (size_t i = 0; i < sh->nzones; i++) {
			printf("%s\n", sh->zones[i]);
		}
		fflush(stdout);
		return true;
	}
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "%.*s", (int)strcspn(line, " \t"), line);
	ctl_reply_t r;
	ctl_run(sh->ctl, line, &r);
	if (!ctl_output(sh->ctl, line, cmd, &r)) {
		sh->failed = true;
	}
	ctl_reply_clear(&r);
	return true;
}

static const char *
prompt(EditLine *el)
{
	(void)el;
	return "dittoctl> ";
}

static int
interactive(shell_t *sh)
{
	char hist[4096] = "";
	const char *home = getenv("HOME");
	if (home != NULL && home[0] != '\0') {
		snprintf(hist, sizeof(hist), "%s/%s", home, HISTORY_FILE);
	}
	HistEvent ev;
	History *h = history_init();
	history(h, &ev, H_SETSIZE, HISTORY_SIZE);
	history(h, &ev, H_SETUNIQUE, 1);
	if (hist[0] != '\0') {
		history(h, &ev, H_LOAD, hist);
	}
	EditLine *el = el_init(sh->ctl->progname, stdin, stdout, stderr);
	el_set(el, EL_CLIENTDATA, sh);
	el_set(el, EL_PROMPT, prompt);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_HIST, history, h);
	el_set(el, EL_ADDFN, "ed-complete", "Complete a command or zone",
	       complete);
	el_set(el, EL_BIND, "^I", "ed-complete", NULL);
	el_source(el, NULL);
	for (long i = 0; i < MAXLINES; i++) {
		int n = 0;
		const char *in = el_gets(el, &n);
		if (in == NULL || n <= 0) {
			fputc('\n', stdout);
			break;
		}
		char *line = ditto_strdup(in);
		char *t = line + strspn(line, " \t\n");
		if (*t != '\0') {
			history(h, &ev, H_ENTER, in);
			if (hist[0] != '\0') {
				history(h, &ev, H_SAVE, hist);
			}
		}
		bool more = do_line(sh, line);
		ditto_free(line);
		if (!more) {
			break;
		}
	}
	el_end(el);
	history_end(h);
	return sh->failed ? 1 : 0;
}

static int
batch(shell_t *sh)
{
	char *line = NULL;
	size_t cap = 0;
	for (long i = 0; i < MAXLINES; i++) {
		ssize_t n = getline(&line, &cap, stdin);
		if (n < 0) {
			break;
		}
		if ((size_t)n > CTL_MAXCOMMAND) {
			fprintf(stderr, "%s: command too long\n",
			        sh->ctl->progname);
			sh->failed = true;
			continue;
		}
		if (!do_line(sh, line)) {
			break;
		}
	}
	free(line);
	return sh->failed ? 1 : 0;
}

int
ctl_shell(ctl_t *ctl)
{
	shell_t sh = { .ctl = ctl };
	int status = isatty(STDIN_FILENO) ? interactive(&sh) : batch(&sh);
	zones_clear(&sh);
	return status;
}

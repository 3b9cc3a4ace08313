/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of dittod's logging: prefixes, flags, rotation, routing. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "parser/ast.h"
#include "parser/config.h"
#include "util/mem.h"

#include "log.h"
#include "log_p.h"

static char tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ditto-logtest-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	assert_int_equal(chdir(tmpdir), 0);
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	DIR *d = opendir(tmpdir);
	for (struct dirent *e = d != NULL ? readdir(d) : NULL; e != NULL;
	     e = readdir(d)) {
		if (e->d_name[0] != '.') {
			(void)unlink(e->d_name);
		}
	}
	if (d != NULL) {
		closedir(d);
	}
	assert_int_equal(chdir("/"), 0);
	(void)rmdir(tmpdir);
	return 0;
}

/* 2026-11-21 05:27:38.700 UTC */
static const struct timeval when = { .tv_sec = 1795238858, .tv_usec = 700123 };

static void
prefixes(void **state)
{
	(void)state;
	char buf[256];
	log_channel_t ch = { .dest = LOG_DEST_FILE };
	assert_int_equal(log__prefix(&ch, LOG_CAT_GENERAL, LOG_SEV_INFO, &when,
	                             buf, sizeof(buf)),
	                 0);
	ch.ptime = LOG_TIME_LOCAL;
	ch.pcat = ch.psev = true;
	log__prefix(&ch, LOG_CAT_XFER_IN, log__sev(LOG_LVL_WARNING, 0), &when,
	            buf, sizeof(buf));
	assert_string_equal(buf, "21-Nov-2026 05:27:38.700 xfer-in: warning: ");
	log__prefix(&ch, LOG_CAT_ZONE, log__sev(LOG_LVL_DEBUG, 3), &when, buf,
	            sizeof(buf));
	assert_string_equal(buf, "21-Nov-2026 05:27:38.700 general: debug 3: ");
	ch.ptime = LOG_TIME_ISO8601;
	ch.pcat = false;
	log__prefix(&ch, LOG_CAT_QUERIES, log__sev(LOG_LVL_CRITICAL, 0), &when,
	            buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-21T05:27:38.700 critical: ");
	ch.ptime = LOG_TIME_ISO8601_UTC;
	ch.psev = false;
	ch.pcat = true;
	log__prefix(&ch, LOG_CAT_QUERY_ERRORS, LOG_SEV_INFO, &when, buf,
	            sizeof(buf));
	assert_string_equal(buf, "2026-11-21T05:27:38.700Z query-errors: ");
	/* syslog never prints the time: syslogd does */
	ch.dest = LOG_DEST_SYSLOG;
	log__prefix(&ch, LOG_CAT_NOTIFY, LOG_SEV_INFO, &when, buf, sizeof(buf));
	assert_string_equal(buf, "notify: ");
	/* a short buffer is never overrun */
	ch.dest = LOG_DEST_FILE;
	ch.psev = true;
	size_t n =
	        log__prefix(&ch, LOG_CAT_NOTIFY, LOG_SEV_INFO, &when, buf, 10);
	assert_true(n < 10);
	assert_true(strlen(buf) < 10);
}

static void
levels_and_names(void **state)
{
	(void)state;
	assert_int_equal(log__sev(LOG_LVL_CRITICAL, 0), -5);
	assert_int_equal(log__sev(LOG_LVL_ERROR, 0), -4);
	assert_int_equal(log__sev(LOG_LVL_WARNING, 0), -3);
	assert_int_equal(log__sev(LOG_LVL_NOTICE, 0), -2);
	assert_int_equal(log__sev(LOG_LVL_INFO, 0), -1);
	assert_int_equal(log__sev(LOG_LVL_DEBUG, 0), 1);
	assert_int_equal(log__sev(LOG_LVL_DEBUG, 7), 7);
	assert_int_equal(log__catbyname("xfer-out"), LOG_CAT_XFER_OUT);
	assert_int_equal(log__catbyname("general"), LOG_CAT_GENERAL);
	assert_int_equal(log__catbyname("lame-servers"), LOG_CAT_LAME_SERVERS);
	assert_int_equal(log__catbyname("no-such"), LOG_CAT_NR);
	assert_string_equal(log__catname(LOG_CAT_ZONE), "general");
}

static void
query_flags(void **state)
{
	(void)state;
	char b[24];
	assert_string_equal(log_query_flags(b, sizeof(b), true, false, 0, false,
	                                    false, false, false, true),
	                    "+E(0)K");
	assert_string_equal(log_query_flags(b, sizeof(b), true, false, 0, true,
	                                    false, false, false, false),
	                    "+E(0)T");
	assert_string_equal(log_query_flags(b, sizeof(b), true, false, -1,
	                                    false, false, false, false, false),
	                    "+");
	assert_string_equal(log_query_flags(b, sizeof(b), true, false, 0, false,
	                                    true, false, false, true),
	                    "+E(0)DK");
	assert_string_equal(log_query_flags(b, sizeof(b), false, false, 0,
	                                    false, false, false, false, true),
	                    "-E(0)K");
	assert_string_equal(log_query_flags(b, sizeof(b), true, true, 0, true,
	                                    true, true, true, true),
	                    "+SE(0)TDCV");
}

static log_channel_t *
file_channel(const char *path, uint64_t size, bool vset, uint32_t versions,
             bool ts)
{
	log_channel_t *ch = log__channel_create("t");
	ch->dest = LOG_DEST_FILE;
	ch->path = ditto_strdup(path);
	ch->maxsize = size;
	ch->versions_set = vset;
	ch->versions = versions;
	ch->suffix_ts = ts;
	assert_int_equal(log__file_open(ch), DITTO_R_SUCCESS);
	return ch;
}

static off_t
fsize(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
free_channel(log_channel_t *ch)
{
	log_set_t *set = ditto_calloc(1, sizeof(*set));
	set->chans = ditto_malloc(sizeof(*set->chans));
	set->chans[0] = ch;
	set->nchans = 1;
	log__set_destroy(&set);
	assert_null(set);
}

/* 100-byte lines into a 1000-byte file with versions 3. */
static void
rotate_increment(void **state)
{
	(void)state;
	char line[101];
	memset(line, 'x', 99);
	line[99] = '\n';
	log_channel_t *ch = file_channel("r.log", 1000, true, 3, false);
	for (int i = 0; i < 60; i++) {
		log__file_write(ch, line, 100);
	}
	assert_true(fsize("r.log") > 0 && fsize("r.log") <= 1000);
	for (int v = 0; v < 3; v++) {
		char p[32];
		snprintf(p, sizeof(p), "r.log.%d", v);
		assert_int_equal(fsize(p), 1000);
	}
	assert_int_equal(fsize("r.log.3"), -1);
	free_channel(ch);
	/* unlimited keeps every version */
	ch = file_channel("u.log", 1000, true, UINT32_MAX, false);
	for (int i = 0; i < 60; i++) {
		log__file_write(ch, line, 100);
	}
	assert_int_equal(fsize("u.log.4"), 1000);
	assert_int_equal(fsize("u.log.5"), -1); /* 6000 = 5 full + current */
	free_channel(ch);
	/* no versions: named stops writing a full file */
	ch = file_channel("s.log", 1000, false, 0, false);
	for (int i = 0; i < 60; i++) {
		log__file_write(ch, line, 100);
	}
	assert_int_equal(fsize("s.log"), 1000);
	assert_int_equal(fsize("s.log.0"), -1);
	free_channel(ch);
}

static size_t
count_ts(const char *base)
{
	size_t n = 0, bl = strlen(base);
	DIR *d = opendir(".");
	for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
		if (strncmp(e->d_name, base, bl) == 0 && e->d_name[bl] == '.' &&
		    strlen(e->d_name + bl + 1) == 17) {
			n++;
		}
	}
	closedir(d);
	return n;
}

static void
rotate_timestamp(void **state)
{
	(void)state;
	log_channel_t *ch = file_channel("t.log", 10, true, 2, true);
	struct timeval tv = when;
	for (int i = 0; i < 5; i++) {
		tv.tv_usec = 1000 * i;
		/* write, then roll by hand with distinct times */
		log__file_write(ch, "0123456789\n", 11);
		pthread_mutex_lock(&ch->lock);
		close(ch->fd);
		ch->fd = -1;
		log__file_roll(ch, &tv);
		pthread_mutex_unlock(&ch->lock);
	}
	assert_int_equal(count_ts("t.log"), 2);
	assert_int_equal(fsize("t.log.20261121052738004"), 11);
	assert_int_equal(fsize("t.log.20261121052738003"), 11);
	assert_int_equal(fsize("t.log.20261121052738002"), -1);
	free_channel(ch);
}

static ditto_config_t *
load(const char *text)
{
	FILE *f = fopen("named.conf", "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	ditto_cfg_parser_t p;
	ditto_config_t *cfg = NULL;
	ditto_cfg_parser_init(&p);
	assert_int_equal(ditto_config_load(&p, "named.conf", &cfg),
	                 DITTO_R_SUCCESS);
	ditto_cfg_parser_clear(&p);
	return cfg;
}

static void
routing(void **state)
{
	(void)state;
	ditto_config_t *cfg =
	        load("options { directory \".\"; };\n"
	             "logging {\n"
	             " channel a { file \"a.log\" versions 2 size 1k; "
	             "severity warning; print-time iso8601; };\n"
	             " channel b { syslog local3; severity debug 4; "
	             "print-category yes; };\n"
	             " category default { a; };\n"
	             " category xfer-in { b; a; };\n"
	             " category network { null; };\n"
	             " category edns-disabled { b; };\n"
	             " category queries { a; };\n"
	             "};\n");
	log_set_t *set = NULL;
	char why[256];
	assert_int_equal(log__set_fromconfig(cfg, &set, why, sizeof(why)),
	                 DITTO_R_SUCCESS);
	assert_true(set->querycat);
	log_channel_t **x = set->cat[LOG_CAT_XFER_IN];
	assert_string_equal(x[0]->name, "b");
	assert_int_equal(x[0]->dest, LOG_DEST_SYSLOG);
	assert_int_equal(x[0]->sev, 4);
	assert_string_equal(x[1]->name, "a");
	assert_null(x[2]);
	assert_int_equal(x[1]->sev, -3);
	assert_int_equal(x[1]->ptime, LOG_TIME_ISO8601);
	assert_int_equal(x[1]->maxsize, 1024);
	assert_true(x[1]->versions_set);
	assert_int_equal(x[1]->versions, 2);
	assert_string_equal(set->cat[LOG_CAT_GENERAL][0]->name, "a");
	assert_string_equal(set->cat[LOG_CAT_ZONE][0]->name, "a");
	assert_string_equal(set->cat[LOG_CAT_NETWORK][0]->name, "null");
	assert_int_equal(set->cat[LOG_CAT_NETWORK][0]->dest, LOG_DEST_NULL);
	assert_string_equal(set->cat[LOG_CAT_UNMATCHED][0]->name, "null");
	assert_int_equal(set->maxsev, 4);
	assert_true(fsize("a.log") == 0); /* opened at configuration */
	log__set_destroy(&set);
	ditto_config_destroy(&cfg);
	/* a file that cannot be opened fails the configuration */
	cfg = load("logging { channel a { file \"nodir/a.log\"; };\n"
	           " category default { a; }; };\n");
	assert_int_equal(log__set_fromconfig(cfg, &set, why, sizeof(why)),
	                 DITTO_R_FILENOTFOUND);
	assert_null(set);
	assert_non_null(strstr(why, "nodir/a.log"));
	ditto_config_destroy(&cfg);
	/* no logging statement: named's defaults */
	set = log__set_default();
	assert_string_equal(set->cat[LOG_CAT_XFER_OUT][0]->name,
	                    "default_syslog");
	assert_string_equal(set->cat[LOG_CAT_XFER_OUT][1]->name,
	                    "default_debug");
	assert_true(set->cat[LOG_CAT_XFER_OUT][1]->debugonly);
	log__set_destroy(&set);
}

static size_t
count_lines(const char *path, const char *needle)
{
	char buf[4096];
	size_t n = 0;
	FILE *f = fopen(path, "r");
	while (f != NULL && fgets(buf, sizeof(buf), f) != NULL) {
		n += strstr(buf, needle) != NULL;
	}
	if (f != NULL) {
		fclose(f);
	}
	return n;
}

/* End to end: configure, log, query-log through the writer thread. */
static void
configure_and_log(void **state)
{
	(void)state;
	log_init("log_test", false, 0);
	ditto_config_t *cfg =
	        load("logging {\n"
	             " channel m { file \"m.log\"; print-category yes; "
	             "print-severity yes; severity debug 2; };\n"
	             " channel d { file \"d.log\"; severity dynamic; };\n"
	             " category default { m; d; };\n"
	             " category network { null; };\n"
	             "};\n");
	assert_int_equal(log_configure(cfg, true), DITTO_R_SUCCESS);
	assert_false(log_querylog()); /* no queries category */
	log_write(LOG_CAT_XFER_IN, LOG_LVL_INFO, "transfer of '%s'", "x");
	log_write(LOG_CAT_NETWORK, LOG_LVL_ERROR, "nothing %d", 1);
	log_debug(2, LOG_CAT_GENERAL, "dbg two");
	log_debug(3, LOG_CAT_GENERAL, "dbg three");
	assert_true(log_wouldlog_debug(2));
	assert_false(log_wouldlog_debug(3));
	log_setdebuglevel(3);
	log_debug(3, LOG_CAT_GENERAL, "dbg again");
	log_setdebuglevel(0);
	char flags[24];
	log_query_t q = { .id = (void *)0x1234,
		          .client = "127.0.0.1#5300",
		          .qname = "www.example.com",
		          .qclass = "IN",
		          .qtype = "A",
		          .flags = log_query_flags(flags, sizeof(flags), true,
		                                   false, 0, false, false,
		                                   false, false, true),
		          .dest = "127.0.0.1" };
	for (int i = 0; i < 100; i++) {
		log_query(&q);
	}
	q.view = "internal";
	q.signer = "k1";
	log_query(&q);
	log_shutdown(); /* drains the queue */
	assert_int_equal(count_lines("m.log", "xfer-in: info: transfer of "
	                                      "'x'"),
	                 1);
	assert_int_equal(count_lines("m.log", "nothing"), 0);
	assert_int_equal(count_lines("d.log", "nothing"), 0);
	assert_int_equal(count_lines("m.log", "general: debug 2: dbg two"), 1);
	assert_int_equal(count_lines("m.log", "dbg three"), 0);
	assert_int_equal(count_lines("d.log", "dbg again"), 1);
	assert_int_equal(count_lines("d.log", "dbg two"), 0);
	assert_int_equal(count_lines("m.log",
	                             "queries: info: client @0x1234 "
	                             "127.0.0.1#5300 (www.example.com): "
	                             "query: www.example.com IN A +E(0)K "
	                             "(127.0.0.1)"),
	                 100 - log_query_dropped());
	assert_int_equal(count_lines("m.log",
	                             "client @0x1234 127.0.0.1#5300/key k1 "
	                             "(www.example.com): view internal: "
	                             "query: "),
	                 1);
	ditto_config_destroy(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes),
		cmocka_unit_test(levels_and_names),
		cmocka_unit_test(query_flags),
		cmocka_unit_test_setup_teardown(rotate_increment, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(rotate_timestamp, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(routing, setup, teardown),
		cmocka_unit_test_setup_teardown(configure_and_log, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

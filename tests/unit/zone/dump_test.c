/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the master-file writer: BIND's columns, resign, whole versions,
 * atomic files. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "zone/dump.h"
#include "zone/master.h"
#include "zone/node.h"
#include "zone/tree.h"
#include "zone/version.h"

static void
name(const char *text, uint8_t *out)
{
	assert_int_equal(
	        ditto_name_fromtext(text, strlen(text), NULL, out, NULL, NULL),
	        DITTO_R_SUCCESS);
}

/* Dump one record and return the line (static buffer). */
static const char *
dump1(const char *owner, uint16_t type, uint32_t ttl, const uint8_t *rdata,
      size_t rdlen)
{
	static char out[4096];
	ditto_name_storage_t o;
	name(owner, o);
	FILE *fp = fmemopen(out, sizeof(out), "w");
	assert_non_null(fp);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(
	        ditto_dump_rr(&d, o, type, DITTO_CLASS_IN, ttl, rdata, rdlen),
	        DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	return out;
}

static void
columns(void **state)
{
	(void)state;
	static const uint8_t a[] = { 192, 0, 2, 1 };
	assert_string_equal(
	        dump1("example.com.", DITTO_TYPE_A, 3600, a, 4),
	        "example.com.\t\t\t\t      3600 IN A\t\t192.0.2.1\n");
	/* TTL ending before the class column: a tab reaches it. */
	assert_string_equal(
	        dump1("ns1.example.com.", DITTO_TYPE_A, 5, a, 4),
	        "ns1.example.com.\t\t\t      5\tIN A\t\t192.0.2.1\n");
	/* 40 characters: spaces only. */
	assert_string_equal(
	        dump1("aaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com.", DITTO_TYPE_A,
	              1, a, 4),
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com.      1\tIN "
	        "A\t\t192.0.2.1\n");
	/* Past every column: one separator each (a tab when it crosses a
	 * stop exactly). */
	assert_string_equal(
	        dump1("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example."
	              "com.",
	              DITTO_TYPE_A, 12, a, 4),
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com. 12 "
	        "IN A 192.0.2.1\n");
	/* Unknown type: generic form. */
	static const uint8_t g[] = { 1, 2 };
	assert_string_equal(dump1("example.com.", 65000, 1, g, 2),
	                    "example.com.\t\t\t\t      1\tIN TYPE65000\t\\# 2 "
	                    "0102\n");
}

static void
resign(void **state)
{
	(void)state;
	char out[8192];
	/* RRSIG A 13 3 300 exp=2080-01-01 inc=2025-01-01 tag 1 "a." sig */
	uint8_t rr[64] = { 0, 1, 13, 3, 0, 0, 1, 44 };
	uint32_t exp = 3471292800u; /* 2080-01-01 00:00:00 UTC */
	rr[8] = exp >> 24;
	rr[9] = exp >> 16 & 0xff;
	rr[10] = exp >> 8 & 0xff;
	rr[11] = exp & 0xff;
	memcpy(rr + 12, "\x67\x74\x61\x00\x00\x01\x01\x61\x00\x01\x02\x03", 12);
	const uint8_t *rd[1] = { rr };
	uint16_t rl[1] = { 24 };
	ditto_name_storage_t o;
	name("a.", o);
	FILE *fp = fmemopen(out, sizeof(out), "w");
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_rrset(&d, o, DITTO_TYPE_RRSIG,
	                                  DITTO_CLASS_IN, 300, 1, rd, rl),
	                 DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	const char *nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_string_equal(nl + 1, "; resign=20800101000000\n");

	char buf[32];
	ditto_dump_time32(0, 1700000000, buf, sizeof(buf));
	assert_string_equal(buf, "19700101000000");
	/* Past the 2^31 window the next epoch is chosen. */
	ditto_dump_time32(0, 4000000000, buf, sizeof(buf));
	assert_string_equal(buf, "21060207062816");
	ditto_dump_time32(1700000000u, 1700000000, buf, sizeof(buf));
	assert_string_equal(buf, "20231114221320");
}

static ditto_result_t
write_hello(void *arg, FILE *fp)
{
	(void)arg;
	return fputs("hello\n", fp) < 0 ? DITTO_R_IOERROR : DITTO_R_SUCCESS;
}

static ditto_result_t
write_fail(void *arg, FILE *fp)
{
	(void)arg;
	fputs("partial", fp);
	return DITTO_R_FAILURE;
}

static void
atomic(void **state)
{
	(void)state;
	char dir[] = "/tmp/ditto-dump-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], buf[64];
	snprintf(path, sizeof(path), "%s/zone.db", dir);
	assert_int_equal(ditto_dump_atomic(path, 0644, write_hello, NULL),
	                 DITTO_R_SUCCESS);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "hello\n");
	/* A failed write leaves the old file and no temporary behind. */
	assert_int_equal(ditto_dump_atomic(path, 0644, write_fail, NULL),
	                 DITTO_R_FAILURE);
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "hello\n");
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "test $(ls %s | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	/* A directory that does not exist is an I/O error. */
	snprintf(path, sizeof(path), "%s/missing/zone.db", dir);
	assert_int_equal(ditto_dump_atomic(path, 0644, write_hello, NULL),
	                 DITTO_R_IOERROR);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static const uint8_t origin[] = "\007example\003com";

/* A small zone with every ordering rule of the dump in it: SOA and NS
 * first, RRSIG after the type it covers, rdatas in canonical order, a
 * capitalised owner among lower-case ones, NSEC3 owners last. */
static const char zone_text[] =
        "$TTL 300\n"
        "@ SOA ns1 hm 1 2 3 4 5\n"
        "@ NS ns1\n"
        "ns1 A 192.0.2.1\n"
        "ns1 AAAA 2001:db8::1\n"
        "ns1 RRSIG A 13 3 300 20300101000000 20200101000000 12345 "
        "example.com. AAAA\n"
        "ns1 RRSIG AAAA 13 3 300 20300101000000 20200101000000 12345 "
        "example.com. AAAA\n"
        "www 60 TXT \"hello world\"\n"
        "www MX 10 ns1\n"
        "www MX 5 ns1\n"
        "Zed A 192.0.2.9\n"
        "b.zed A 192.0.2.10\n"
        "0123456789abcdefghijklmnopqrstuv NSEC3 1 0 0 - "
        "0123456789abcdefghijklmnopqrstuv A RRSIG\n"
        "0123456789abcdefghijklmnopqrstuv RRSIG NSEC3 13 3 300 "
        "20300101000000 20200101000000 12345 example.com. AAAA\n"
        "@ NSEC3PARAM 1 0 0 -\n";

/* What named-checkzone 9.18 -D prints for zone_text. */
static const char zone_dump[] =
        "example.com.\t\t\t\t      300 IN SOA\tns1.example.com. "
        "hm.example.com. 1 2 3 4 5\n"
        "example.com.\t\t\t\t      300 IN NS\t\tns1.example.com.\n"
        "example.com.\t\t\t\t      300 IN NSEC3PARAM\t1 0 0 -\n"
        "ns1.example.com.\t\t\t      300 IN A\t\t192.0.2.1\n"
        "ns1.example.com.\t\t\t      300 IN RRSIG\tA 13 3 300 "
        "20300101000000 20200101000000 12345 example.com. AAAA\n"
        "; resign=20300101000000\n"
        "ns1.example.com.\t\t\t      300 IN AAAA\t2001:db8::1\n"
        "ns1.example.com.\t\t\t      300 IN RRSIG\tAAAA 13 3 300 "
        "20300101000000 20200101000000 12345 example.com. AAAA\n"
        "; resign=20300101000000\n"
        "www.example.com.\t\t\t      300 IN MX\t\t5 ns1.example.com.\n"
        "www.example.com.\t\t\t      300 IN MX\t\t10 ns1.example.com.\n"
        "www.example.com.\t\t\t      60 IN TXT\t\t\"hello world\"\n"
        "Zed.example.com.\t\t\t      300 IN A\t\t192.0.2.9\n"
        "b.zed.example.com.\t\t\t      300 IN A\t\t192.0.2.10\n"
        "0123456789abcdefghijklmnopqrstuv.example.com. 300 IN NSEC3\t1 0 "
        "0 - 0123456789ABCDEFGHIJKLMNOPQRSTUV A RRSIG\n"
        "0123456789abcdefghijklmnopqrstuv.example.com. 300 IN RRSIG\tNSEC3 "
        "13 3 300 20300101000000 20200101000000 12345 example.com. AAAA\n"
        "; resign=20300101000000\n";

/* Load master text (or a file when path is set) into a committed version. */
static ditto_version_t *
load_version(const char *text, const char *path)
{
	ditto_version_t *v = NULL;
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin };
	ditto_version_create(origin, DITTO_CLASS_IN, &v);
	ditto_rrsink_t sink =
	        ditto_version_sink(&vs, v, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	ditto_result_t r =
	        path != NULL ? ditto_master_loadfile(path, &mo, sink, NULL)
	                     : ditto_master_loadmem("t.db", text, strlen(text),
	                                            &mo, sink, NULL);
	assert_int_equal(r, DITTO_R_SUCCESS);
	ditto_version_commit(v);
	return v;
}

static void
dump_version(void **state)
{
	(void)state;
	static char out[8192];
	ditto_version_t *v = load_version(zone_text, NULL);
	FILE *fp = fmemopen(out, sizeof(out), "w");
	assert_non_null(fp);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_version(&d, v), DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	assert_string_equal(out, zone_dump);
	ditto_version_detach(&v);
}

/* Every RRset of tree a is in tree b, equal (owner case included). */
static void
same_tree(const ditto_tree_t *a, const ditto_tree_t *b)
{
	static ditto_tree_iter_t ia, ib;
	const ditto_node_t *na = ditto_tree_first(a, &ia);
	const ditto_node_t *nb = ditto_tree_first(b, &ib);
	for (; na != NULL && nb != NULL;
	     na = ditto_tree_next(&ia), nb = ditto_tree_next(&ib)) {
		const uint8_t *x = ditto_node_name(na),
		              *y = ditto_node_name(nb);
		assert_int_equal(ditto_name_length(x), ditto_name_length(y));
		assert_memory_equal(x, y, ditto_name_length(x));
		assert_int_equal(ditto_node_count(na), ditto_node_count(nb));
		for (unsigned int i = 0; i < ditto_node_count(na); i++) {
			const ditto_rrset_t *sa = ditto_node_rrset(na, i);
			const ditto_rrset_t *sb = ditto_node_rrset(nb, i);
			assert_int_equal(sa->type, sb->type);
			assert_int_equal(sa->covers, sb->covers);
			assert_int_equal(sa->ttl, sb->ttl);
			assert_int_equal(sa->count, sb->count);
			assert_int_equal(ditto_rrset_size(sa),
			                 ditto_rrset_size(sb));
			assert_memory_equal(ditto_rrset_records(sa),
			                    ditto_rrset_records(sb),
			                    ditto_rrset_size(sa));
		}
	}
	assert_null(na);
	assert_null(nb);
}

/* True when dir holds exactly one entry (no temporary file left). */
static bool
one_entry(const char *dir)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 1", dir);
	return system(cmd) == 0;
}

static void
read_all(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	size_t n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static void
file_atomic(void **state)
{
	(void)state;
	static char before[8192], after[8192];
	char dir[] = "/tmp/ditto-dumpv-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], cmd[300];
	snprintf(path, sizeof(path), "%s/example.com.db", dir);

	/* Write, read back with the master reader: the same RRsets. */
	ditto_version_t *v = load_version(zone_text, NULL);
	assert_int_equal(ditto_dump_file_atomic(v, path), DITTO_R_SUCCESS);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	ditto_version_t *w = load_version(NULL, path);
	same_tree(ditto_version_tree(v), ditto_version_tree(w));
	same_tree(ditto_version_nsec3tree(v), ditto_version_nsec3tree(w));
	assert_int_equal(ditto_version_records(v), ditto_version_records(w));
	assert_true(one_entry(dir)); /* the temporary is gone */
	read_all(path, before, sizeof(before));
	assert_string_equal(before, zone_dump);

	/* A bigger zone that cannot be written whole (file size limit: the
	 * writes fail midway): an I/O error, the old file intact, no
	 * temporary left. */
	size_t big = 64 * 1024;
	char *text = malloc(big + sizeof(zone_text));
	assert_non_null(text);
	size_t n = (size_t)snprintf(text, big, "%s", zone_text);
	for (unsigned int i = 0; n + 64 < big; i++) {
		n += (size_t)snprintf(text + n, big - n, "h%u A 10.0.%u.%u\n",
		                      i, (i >> 8) & 255, i & 255);
	}
	ditto_version_t *x = load_version(text, NULL);
	free(text);
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ditto_result_t r = ditto_dump_file_atomic(x, path);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, prev);
	assert_int_equal(r, DITTO_R_IOERROR);
	read_all(path, after, sizeof(after));
	assert_string_equal(after, before);
	assert_true(one_entry(dir));

	/* And without the limit it replaces the file. */
	assert_int_equal(ditto_dump_file_atomic(x, path), DITTO_R_SUCCESS);
	ditto_version_t *y = load_version(NULL, path);
	same_tree(ditto_version_tree(x), ditto_version_tree(y));
	assert_true(one_entry(dir));

	ditto_version_detach(&v);
	ditto_version_detach(&w);
	ditto_version_detach(&x);
	ditto_version_detach(&y);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns),     cmocka_unit_test(resign),
		cmocka_unit_test(atomic),      cmocka_unit_test(dump_version),
		cmocka_unit_test(file_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

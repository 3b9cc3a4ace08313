/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the master-file writer: BIND's columns, resign, atomic files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "zone/dump.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns),
		cmocka_unit_test(resign),
		cmocka_unit_test(atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the zone journal: append/replay, chain, torn tails, checksums,
 * fold and reset crash points, serial wrap, IXFR-out reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* open_memstream() buffers come from libc's malloc, not cmocka's. */
static void
libc_free(void *p)
{
	free(p);
}

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "util/mem.h"
#include "zone/dump.h"
#include "zone/journal.h"
#include "zone/journal_p.h"
#include "zone/master.h"
#include "zone/version.h"

/* --- fixtures ---------------------------------------------------------- */

static char dir[64];
static char zfile[128];
static char jfile[128];
static ditto_name_storage_t origin;

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/djtest-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(zfile, sizeof(zfile), "%s/db.example", dir);
	snprintf(jfile, sizeof(jfile), "%s/db.example.dj", dir);
	assert_int_equal(ditto_name_fromtext("example.com.", 12, NULL, origin,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	ditto__journal_crashhook = NULL;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	ditto__journal_crashhook = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* Records collected from master-file text (copies). */
typedef struct rrlist {
	ditto_rr_t rr[64];
	size_t n;
} rrlist_t;

static ditto_result_t
collect(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	rrlist_t *l = arg;
	(void)op;
	assert_true(l->n < 64);
	ditto_rr_t *c = &l->rr[l->n++];
	*c = *rr;
	size_t nl = ditto_name_length(rr->owner);
	uint8_t *o = ditto_malloc(nl);
	memcpy(o, rr->owner, nl);
	uint8_t *d = ditto_malloc(rr->rdlen > 0 ? rr->rdlen : 1);
	memcpy(d, rr->rdata, rr->rdlen);
	c->owner = o;
	c->rdata = d;
	c->file = NULL;
	return DITTO_R_SUCCESS;
}

static void
rrlist_parse(rrlist_t *l, const char *text)
{
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_rrsink_t sink = { .fn = collect, .arg = l };
	memset(l, 0, sizeof(*l));
	assert_int_equal(
	        ditto_master_loadmem("t", text, strlen(text), &mo, sink, NULL),
	        DITTO_R_SUCCESS);
}

static void
rrlist_free(rrlist_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		ditto_free((void *)(uintptr_t)l->rr[i].owner);
		ditto_free((void *)(uintptr_t)l->rr[i].rdata);
	}
	l->n = 0;
}

static char *
soa_text(uint32_t serial)
{
	static char buf[160];
	snprintf(buf, sizeof(buf),
	         "@ 3600 IN SOA ns1 hostmaster %u 3600 600 86400 300\n",
	         serial);
	return buf;
}

static ditto_version_t *
make_base(uint32_t serial)
{
	char text[512];
	snprintf(text, sizeof(text),
	         "%s@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n"
	         "www 300 IN A 192.0.2.80\n",
	         soa_text(serial));
	ditto_version_t *v = NULL;
	ditto_version_sink_t s;
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_version_create(origin, 1, &v);
	assert_int_equal(
	        ditto_master_loadmem("base", text, strlen(text), &mo,
	                             ditto_version_sink(&s, v, 0, NULL, NULL),
	                             NULL),
	        DITTO_R_SUCCESS);
	ditto_version_commit(v);
	return v;
}

/*
 * Step number k (from serial s to s + 1): replace the SOA, delete host
 * h<k-1> (added by step k-1), add host h<k> and a TXT at www.
 */
typedef struct tstep {
	rrlist_t del, add;
	ditto_journal_step_t step;
} tstep_t;

static void
tstep_make(tstep_t *t, unsigned int k, uint32_t from)
{
	char text[512];
	uint32_t to = from + 1;
	int n = snprintf(text, sizeof(text), "%s", soa_text(from));
	if (k > 0) {
		n += snprintf(text + n, sizeof(text) - (size_t)n,
		              "h%u 300 IN A 10.0.%u.%u\n", k - 1,
		              ((k - 1) >> 8) & 255, (k - 1) & 255);
	}
	rrlist_parse(&t->del, text);
	n = snprintf(text, sizeof(text), "%s", soa_text(to));
	snprintf(text + n, sizeof(text) - (size_t)n,
	         "h%u 300 IN A 10.0.%u.%u\nwww 300 IN TXT \"step %u\"\n", k,
	         (k >> 8) & 255, k & 255, k);
	rrlist_parse(&t->add, text);
	t->step = (ditto_journal_step_t){ .from = from,
		                          .to = to,
		                          .del = t->del.rr,
		                          .ndel = t->del.n,
		                          .add = t->add.rr,
		                          .nadd = t->add.n };
}

static void
tstep_free(tstep_t *t)
{
	rrlist_free(&t->del);
	rrlist_free(&t->add);
}

/* Apply a step in memory (the reference), replacing *vp. */
static void
ref_apply(ditto_version_t **vp, const ditto_journal_step_t *s)
{
	ditto_version_t *n = NULL;
	ditto_version_edit(*vp, &n);
	assert_int_equal(ditto_version_delrrset(n, origin, DITTO_TYPE_SOA, 0),
	                 DITTO_R_SUCCESS);
	for (size_t i = 1; i < s->ndel; i++) {
		assert_int_equal(ditto_version_delrr(n, &s->del[i]),
		                 DITTO_R_SUCCESS);
	}
	for (size_t i = 0; i < s->nadd; i++) {
		ditto_result_t r = ditto_version_addrr(
		        n, &s->add[i], DITTO_VERSION_TTL_REPLACE, NULL);
		assert_true(r == DITTO_R_SUCCESS || r == DITTO_R_EXISTS);
	}
	ditto_version_commit(n);
	ditto_version_detach(vp);
	*vp = n;
}

/* The dump text of a version (caller frees). */
static char *
dumptext(const ditto_version_t *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	assert_int_equal(ditto_dump_version(&d, v), DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	fclose(fp);
	return buf;
}

static void
assert_same(const ditto_version_t *a, const ditto_version_t *b)
{
	char *ta = dumptext(a), *tb = dumptext(b);
	assert_string_equal(ta, tb);
	libc_free(ta);
	libc_free(tb);
}

/* What a restart finds: zone file + journal. NULL if the zone file does
 * not load. */
static ditto_version_t *
restart(size_t *applied)
{
	ditto_journal_mark_t mark;
	ditto_version_t *base = NULL, *out = NULL;
	ditto_version_sink_t s;
	ditto_master_opts_t mo = { .origin = origin, .rclass = 1 };
	ditto_version_create(origin, 1, &base);
	ditto_result_t r = ditto_master_loadfile(
	        zfile, &mo, ditto_version_sink(&s, base, 0, NULL, NULL), NULL);
	if (r != DITTO_R_SUCCESS) {
		ditto_version_detach(&base);
		return NULL;
	}
	ditto_version_commit(base);
	size_t n = 0;
	if (ditto_journal_readmark(zfile, &mark) == DITTO_R_SUCCESS) {
		ditto_journal_t *j = NULL;
		if (ditto_journal_open(jfile, origin, 1, 0, &j, NULL) ==
		    DITTO_R_SUCCESS) {
			r = ditto_journal_replay(j, &mark, base, &out, &n, NULL,
			                         NULL);
			assert_true(r == DITTO_R_SUCCESS ||
			            r == DITTO_R_NOTFOUND);
			ditto_journal_close(&j);
		}
	}
	if (out == NULL) {
		ditto_version_attach(base, &out);
	}
	ditto_version_detach(&base);
	if (applied != NULL) {
		*applied = n;
	}
	return out;
}

static uint32_t
serial_of(const ditto_version_t *v)
{
	uint32_t s = 0;
	assert_true(ditto_version_serial(v, &s));
	return s;
}

/*
 * A zone at serial \a base_serial with \a nsteps journaled steps. *ref
 * gets the reference version after each step (ref[0] = base); the
 * journal stays open in *jp when jp is not NULL.
 */
static void
build(uint32_t base_serial, unsigned int nsteps, ditto_version_t **ref,
      ditto_journal_t **jp)
{
	ditto_journal_t *j = NULL;
	ref[0] = make_base(base_serial);
	assert_int_equal(ditto_journal_reset(jfile, zfile, ref[0], &j),
	                 DITTO_R_SUCCESS);
	for (unsigned int k = 0; k < nsteps; k++) {
		tstep_t t;
		uint64_t seq = 0;
		tstep_make(&t, k, base_serial + k);
		assert_int_equal(ditto_journal_append(j, &t.step, &seq),
		                 DITTO_R_SUCCESS);
		assert_int_equal(seq, k + 1);
		ref[k + 1] = NULL;
		ditto_version_attach(ref[k], &ref[k + 1]);
		ref_apply(&ref[k + 1], &t.step);
		tstep_free(&t);
	}
	if (jp != NULL) {
		*jp = j;
	} else {
		ditto_journal_close(&j);
	}
}

static void
free_refs(ditto_version_t **ref, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ditto_version_detach(&ref[i]);
	}
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	uint8_t *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void
spit(const char *path, const uint8_t *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
}

static uint64_t
filesize(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_size;
}

/* --- tests ----------------------------------------------------------- */

static void
crc32c_known(void **state)
{
	(void)state;
	assert_int_equal(ditto_journal_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(ditto_journal_crc32c(0, "", 0), 0);
	/* Incremental = one shot. */
	uint32_t c = ditto_journal_crc32c(0, "1234", 4);
	assert_int_equal(ditto_journal_crc32c(c, "56789", 5), 0xe3069283);
}

static void
append_replay(void **state)
{
	(void)state;
	ditto_version_t *ref[9];
	build(100, 8, ref, NULL);
	size_t applied = 0;
	ditto_version_t *v = restart(&applied);
	assert_non_null(v);
	assert_int_equal(applied, 8);
	assert_int_equal(serial_of(v), 108);
	assert_same(v, ref[8]);

	ditto_journal_t *j = NULL;
	ditto_journal_info_t info;
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 8);
	assert_int_equal(info.first_seq, 1);
	assert_int_equal(info.last_seq, 8);
	assert_int_equal(info.first_serial, 100);
	assert_int_equal(info.last_serial, 108);
	assert_int_equal(info.truncated, 0);
	/* Appending continues after a reopen. */
	tstep_t t;
	tstep_make(&t, 8, 108);
	assert_int_equal(ditto_journal_append(j, &t.step, NULL),
	                 DITTO_R_SUCCESS);
	ref_apply(&ref[8], &t.step);
	tstep_free(&t);
	ditto_journal_close(&j);
	ditto_version_detach(&v);
	v = restart(&applied);
	assert_int_equal(applied, 9);
	assert_same(v, ref[8]);
	ditto_version_detach(&v);
	free_refs(ref, 9);
}

static void
chain_checks(void **state)
{
	(void)state;
	ditto_version_t *ref[4];
	ditto_journal_t *j = NULL;
	build(1, 3, ref, &j);
	/* A step that does not start at the last serial is refused. */
	tstep_t t;
	tstep_make(&t, 3, 7);
	assert_int_equal(ditto_journal_append(j, &t.step, NULL), DITTO_R_RANGE);
	tstep_free(&t);
	ditto_journal_close(&j);

	/* An entry (valid CRC) whose from-serial breaks the chain ends the
	 * journal: rewrite entry 2's from-serial and fix its checksum. */
	size_t len = 0;
	uint8_t *buf = slurp(jfile, &len);
	size_t off1 = DITTO_JOURNAL_HDRSIZE;
	size_t off2 =
	        off1 + DITTO_JOURNAL_ENTHDR + ditto_read32(buf + off1 + 4);
	uint32_t blen2 = ditto_read32(buf + off2 + 4);
	ditto_write32(buf + off2 + 16, 42);
	uint32_t crc = ditto_journal_crc32c(0, buf + off2, 32);
	crc = ditto_journal_crc32c(crc, buf + off2 + DITTO_JOURNAL_ENTHDR,
	                           blen2);
	ditto_write32(buf + off2 + 32, crc);
	spit(jfile, buf, len);
	free(buf);
	size_t applied = 0;
	ditto_version_t *v = restart(&applied);
	assert_int_equal(applied, 1);
	assert_same(v, ref[1]);
	assert_int_equal(filesize(jfile), off2); /* cut there */
	ditto_version_detach(&v);

	/* A seq that does not follow ends it too. */
	free_refs(ref, 4);
	build(1, 3, ref, NULL);
	buf = slurp(jfile, &len);
	ditto_write32(buf + off2 + 12, 9); /* seq 2 -> 9 */
	crc = ditto_journal_crc32c(0, buf + off2, 32);
	crc = ditto_journal_crc32c(crc, buf + off2 + DITTO_JOURNAL_ENTHDR,
	                           blen2);
	ditto_write32(buf + off2 + 32, crc);
	spit(jfile, buf, len);
	free(buf);
	v = restart(&applied);
	assert_int_equal(applied, 1);
	ditto_version_detach(&v);
	free_refs(ref, 4);
}

static void
torn_tail_every_offset(void **state)
{
	(void)state;
	ditto_version_t *ref[4];
	build(500, 3, ref, NULL);
	size_t len = 0;
	uint8_t *full = slurp(jfile, &len);
	/* Find the last entry's offset. */
	size_t off = DITTO_JOURNAL_HDRSIZE, last = 0;
	while (off < len) {
		last = off;
		off += DITTO_JOURNAL_ENTHDR + ditto_read32(full + off + 4);
	}
	assert_int_equal(off, len);
	for (size_t cut = last; cut < len; cut++) {
		spit(jfile, full, cut);
		size_t applied = 0;
		ditto_version_t *v = restart(&applied);
		assert_non_null(v);
		assert_int_equal(applied, 2);
		assert_same(v, ref[2]);
		ditto_version_detach(&v);
		/* Clean: cut back to the last good entry, and appending
		 * after it works. */
		assert_int_equal(filesize(jfile), last);
		ditto_journal_t *j = NULL;
		ditto_journal_info_t info;
		assert_int_equal(
		        ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
		        DITTO_R_SUCCESS);
		ditto_journal_getinfo(j, &info);
		assert_int_equal(info.truncated, 0);
		assert_int_equal(info.last_serial, 502);
		tstep_t t;
		tstep_make(&t, 2, 502);
		assert_int_equal(ditto_journal_append(j, &t.step, NULL),
		                 DITTO_R_SUCCESS);
		tstep_free(&t);
		ditto_journal_close(&j);
		v = restart(&applied);
		assert_int_equal(applied, 3);
		assert_same(v, ref[3]);
		ditto_version_detach(&v);
	}
	/* A header cut short: the journal is refused, the zone file alone
	 * loads (it holds serial 500). */
	for (size_t cut = 0; cut < DITTO_JOURNAL_HDRSIZE; cut += 7) {
		spit(jfile, full, cut);
		ditto_version_t *v = restart(NULL);
		assert_int_equal(serial_of(v), 500);
		ditto_version_detach(&v);
	}
	free(full);
	free_refs(ref, 4);
}

static void
corrupt_checksum(void **state)
{
	(void)state;
	ditto_version_t *ref[4];
	build(7, 3, ref, NULL);
	size_t len = 0;
	uint8_t *full = slurp(jfile, &len);
	size_t off2 = DITTO_JOURNAL_HDRSIZE + DITTO_JOURNAL_ENTHDR +
	              ditto_read32(full + DITTO_JOURNAL_HDRSIZE + 4);
	size_t off3 =
	        off2 + DITTO_JOURNAL_ENTHDR + ditto_read32(full + off2 + 4);
	/* Any flipped bit of the last entry: two entries remain. */
	for (size_t i = off3; i < len; i++) {
		full[i] ^= 0x10;
		spit(jfile, full, len);
		full[i] ^= 0x10;
		size_t applied = 0;
		ditto_version_t *v = restart(&applied);
		assert_int_equal(applied, 2);
		assert_same(v, ref[2]);
		ditto_version_detach(&v);
		assert_int_equal(filesize(jfile), off3);
	}
	/* A flipped bit in the middle entry ends the journal there. */
	full[off2 + DITTO_JOURNAL_ENTHDR + 3] ^= 1;
	spit(jfile, full, len);
	size_t applied = 0;
	ditto_version_t *v = restart(&applied);
	assert_int_equal(applied, 1);
	assert_same(v, ref[1]);
	ditto_version_detach(&v);
	/* A damaged header: the journal is refused as a whole. */
	full[off2 + DITTO_JOURNAL_ENTHDR + 3] ^= 1;
	full[20] ^= 1;
	spit(jfile, full, len);
	ditto_journal_t *j = NULL;
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_FORMERR);
	v = restart(&applied);
	assert_int_equal(serial_of(v), 7);
	ditto_version_detach(&v);
	free(full);
	free_refs(ref, 4);
}

static const char *crash_at;

static bool
crash_hook(const char *point)
{
	return crash_at != NULL && strcmp(point, crash_at) == 0;
}

static void
fold_crash_points(void **state)
{
	(void)state;
	static const char *const points[] = { "fold:zone", "fold:journal",
		                              NULL };
	for (size_t p = 0; p < sizeof(points) / sizeof(points[0]); p++) {
		ditto_version_t *ref[7];
		ditto_journal_t *j = NULL;
		build(10, 6, ref, &j);
		crash_at = points[p];
		ditto__journal_crashhook = crash_hook;
		ditto_result_t r = ditto_journal_fold(j, zfile, ref[6], 1000);
		ditto__journal_crashhook = NULL;
		assert_int_equal(r, points[p] != NULL ? DITTO_R_IOERROR
		                                      : DITTO_R_SUCCESS);
		ditto_journal_close(&j);
		/* "Restart": the last committed version, whatever the
		 * instant. */
		ditto_version_t *v = restart(NULL);
		assert_non_null(v);
		assert_same(v, ref[6]);
		ditto_version_detach(&v);
		/* And the zone goes on: the journal is still bound, an
		 * append after the fold replays. */
		ditto_journal_mark_t mark;
		assert_int_equal(ditto_journal_readmark(zfile, &mark),
		                 DITTO_R_SUCCESS);
		assert_int_equal(
		        ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
		        DITTO_R_SUCCESS);
		assert_true(ditto_journal_bound(j, &mark, 16) ||
		            points[p] == NULL ||
		            strcmp(points[p], "fold:zone") == 0);
		tstep_t t;
		tstep_make(&t, 6, 16);
		assert_int_equal(ditto_journal_append(j, &t.step, NULL),
		                 DITTO_R_SUCCESS);
		ref_apply(&ref[6], &t.step);
		tstep_free(&t);
		ditto_journal_close(&j);
		size_t applied = 0;
		v = restart(&applied);
		assert_same(v, ref[6]);
		assert_int_equal(applied, 1);
		ditto_version_detach(&v);
		free_refs(ref, 7);
	}
}

static void
reset_crash_points(void **state)
{
	(void)state;
	static const char *const points[] = { "reset:zone", "reset:journal",
		                              NULL };
	for (size_t p = 0; p < sizeof(points) / sizeof(points[0]); p++) {
		ditto_version_t *ref[4];
		ditto_journal_t *j = NULL;
		build(10, 3, ref, &j);
		ditto_journal_close(&j);
		/* An AXFR brings serial 7 (lower: serials may go back). */
		ditto_version_t *axfr = make_base(7);
		crash_at = points[p];
		ditto__journal_crashhook = crash_hook;
		ditto_result_t r =
		        ditto_journal_reset(jfile, zfile, axfr, NULL);
		ditto__journal_crashhook = NULL;
		assert_int_equal(r, points[p] != NULL ? DITTO_R_IOERROR
		                                      : DITTO_R_SUCCESS);
		/* Once the zone file is renamed the AXFR is what loads;
		 * the old journal (other generation) is ignored. */
		ditto_version_t *v = restart(NULL);
		assert_non_null(v);
		assert_same(v, axfr);
		ditto_version_detach(&v);
		ditto_version_detach(&axfr);
		free_refs(ref, 4);
	}
	/* A crash before the zone file is renamed (the write of the
	 * temporary file fails): the old committed state. */
	ditto_version_t *ref[4];
	build(10, 3, ref, NULL);
	assert_int_equal(chmod(dir, 0500), 0);
	ditto_version_t *axfr = make_base(7);
	if (geteuid() != 0) {
		assert_int_equal(ditto_journal_reset(jfile, zfile, axfr, NULL),
		                 DITTO_R_IOERROR);
	}
	assert_int_equal(chmod(dir, 0700), 0);
	ditto_version_t *v = restart(NULL);
	assert_same(v, ref[3]);
	ditto_version_detach(&v);
	ditto_version_detach(&axfr);
	free_refs(ref, 4);
}

static void
serial_wrap(void **state)
{
	(void)state;
	ditto_version_t *ref[9];
	ditto_journal_t *j = NULL;
	build(4294967292u, 8, ref, &j); /* 4294967292 .. 4 */
	size_t applied = 0;
	ditto_version_t *v = restart(&applied);
	assert_int_equal(applied, 8);
	assert_int_equal(serial_of(v), 4);
	assert_same(v, ref[8]);
	ditto_version_detach(&v);
	/* Fold across the wrap, then more steps: replay skips by seq,
	 * never by serial comparison. */
	assert_int_equal(ditto_journal_fold(j, zfile, ref[8], 1u << 20),
	                 DITTO_R_SUCCESS);
	tstep_t t;
	tstep_make(&t, 8, 4);
	assert_int_equal(ditto_journal_append(j, &t.step, NULL),
	                 DITTO_R_SUCCESS);
	ref_apply(&ref[8], &t.step);
	tstep_free(&t);
	ditto_journal_close(&j);
	v = restart(&applied);
	assert_int_equal(applied, 1);
	assert_int_equal(serial_of(v), 5);
	assert_same(v, ref[8]);
	ditto_version_detach(&v);
	free_refs(ref, 9);
}

typedef struct readctx {
	uint32_t from[16];
	uint32_t to[16];
	size_t n;
} readctx_t;

static ditto_result_t
on_step(void *arg, const ditto_journal_step_t *s)
{
	readctx_t *c = arg;
	assert_true(c->n < 16);
	assert_true(s->ndel >= 1 && s->nadd >= 1);
	assert_int_equal(s->del[0].type, DITTO_TYPE_SOA);
	assert_int_equal(s->add[0].type, DITTO_TYPE_SOA);
	c->from[c->n] = s->from;
	c->to[c->n] = s->to;
	c->n++;
	return DITTO_R_SUCCESS;
}

static void
history_and_read(void **state)
{
	(void)state;
	ditto_version_t *ref[11];
	ditto_journal_t *j = NULL;
	build(1000, 10, ref, &j);
	readctx_t c = { 0 };
	assert_int_equal(ditto_journal_read(jfile, origin, 1, 1003, 1007,
	                                    on_step, &c, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.from[0], 1003);
	assert_int_equal(c.to[3], 1007);
	/* Fold keeping about three entries of history. */
	ditto_journal_info_t info;
	ditto_journal_getinfo(j, &info);
	uint64_t keep =
	        (uint64_t)j->ents[7].len + j->ents[8].len + j->ents[9].len;
	assert_int_equal(ditto_journal_fold(j, zfile, ref[10], keep + 10),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 3);
	assert_int_equal(info.first_seq, 8);
	assert_int_equal(info.first_serial, 1007);
	ditto_journal_close(&j);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ditto_journal_read(jfile, origin, 1, 1003, 1010,
	                                    on_step, &c, NULL),
	                 DITTO_R_NOTFOUND);
	assert_int_equal(c.n, 0);
	assert_int_equal(ditto_journal_read(jfile, origin, 1, 1008, 1010,
	                                    on_step, &c, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.n, 2);
	/* Nothing to replay after the fold: the history is skipped. */
	size_t applied = 9;
	ditto_version_t *v = restart(&applied);
	assert_int_equal(applied, 0);
	assert_same(v, ref[10]);
	ditto_version_detach(&v);
	/* Another zone's journal is refused. */
	ditto_name_storage_t other;
	assert_int_equal(ditto_name_fromtext("example.net.", 12, NULL, other,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_journal_open(jfile, other, 1, 0, &j, NULL),
	                 DITTO_R_FORMERR);
	free_refs(ref, 11);
}

static void
marks(void **state)
{
	(void)state;
	ditto_journal_mark_t m;
	assert_int_equal(ditto_journal_readmark(zfile, &m),
	                 DITTO_R_FILENOTFOUND);
	static const char *const bad[] = {
		"example.com. 300 IN SOA . . 1 2 3 4 5\n",
		"; ditto-journal generation=0123 seq=1\n",
		"; ditto-journal generation=0123456789abcdeg seq=1\n",
		"; ditto-journal generation=0123456789abcdef seq=\n",
		"; ditto-journal generation=0123456789abcdef seq=12",
		"; ditto-journal generation=0123456789ABCDEF seq=1\n",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		spit(zfile, (const uint8_t *)bad[i], strlen(bad[i]));
		assert_int_equal(ditto_journal_readmark(zfile, &m),
		                 DITTO_R_NOTFOUND);
	}
	const char *good = "; ditto-journal generation=0123456789abcdef "
	                   "seq=18446744073\n@ 1 IN A 1.2.3.4\n";
	spit(zfile, (const uint8_t *)good, strlen(good));
	assert_int_equal(ditto_journal_readmark(zfile, &m), DITTO_R_SUCCESS);
	assert_true(m.generation == 0x0123456789abcdefULL);
	assert_true(m.seq == 18446744073ULL);

	/* A zone file without the mark (BIND wrote it) does not bind any
	 * journal: restart ignores it. */
	ditto_version_t *ref[3];
	build(50, 2, ref, NULL);
	ditto_version_t *plain = make_base(60);
	assert_int_equal(ditto_dump_file_atomic(plain, zfile), DITTO_R_SUCCESS);
	ditto_version_t *v = restart(NULL);
	assert_same(v, plain);
	ditto_version_detach(&v);
	ditto_version_detach(&plain);
	free_refs(ref, 3);
}

static void
replay_bad_entry(void **state)
{
	(void)state;
	ditto_version_t *ref[3];
	ditto_journal_t *j = NULL;
	build(1, 2, ref, &j);
	/* Step 3 deletes a record the zone never had (valid entry, wrong
	 * content): replay stops before it, with the state before it. */
	rrlist_t del, add;
	char text[256];
	snprintf(text, sizeof(text), "%snothere 300 IN A 192.0.2.9\n",
	         soa_text(3));
	rrlist_parse(&del, text);
	rrlist_parse(&add, soa_text(4));
	ditto_journal_step_t s = { .from = 3,
		                   .to = 4,
		                   .del = del.rr,
		                   .ndel = del.n,
		                   .add = add.rr,
		                   .nadd = add.n };
	assert_int_equal(ditto_journal_append(j, &s, NULL), DITTO_R_SUCCESS);
	rrlist_free(&del);
	rrlist_free(&add);

	ditto_journal_mark_t mark;
	assert_int_equal(ditto_journal_readmark(zfile, &mark), DITTO_R_SUCCESS);
	ditto_version_t *out = NULL;
	size_t applied = 0;
	uint64_t lastseq = 0;
	ditto_err_t err = { 0 };
	assert_int_equal(ditto_journal_replay(j, &mark, ref[0], &out, &applied,
	                                      &lastseq, &err),
	                 DITTO_R_FORMERR);
	assert_int_equal(applied, 2);
	assert_int_equal(lastseq, 2);
	assert_same(out, ref[2]);
	assert_non_null(strstr(err.msg, "3 -> 4"));
	ditto_version_detach(&out);
	assert_int_equal(ditto_journal_truncate(j, lastseq), DITTO_R_SUCCESS);
	ditto_journal_close(&j);
	ditto_version_t *v = restart(&applied);
	assert_int_equal(applied, 2);
	assert_same(v, ref[2]);
	ditto_version_detach(&v);

	/* A generation mismatch applies nothing. */
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	mark.generation ^= 1;
	assert_int_equal(
	        ditto_journal_replay(j, &mark, ref[0], &out, NULL, NULL, NULL),
	        DITTO_R_NOTFOUND);
	assert_null(out);
	ditto_journal_close(&j);
	free_refs(ref, 3);
}

static void
zonefile_loads_in_named(void **state)
{
	(void)state;
	ditto_version_t *ref[4];
	ditto_journal_t *j = NULL;
	build(2026010101u, 3, ref, &j);
	assert_int_equal(ditto_journal_fold(j, zfile, ref[3], 0),
	                 DITTO_R_SUCCESS);
	ditto_journal_close(&j);
	if (system("command -v named-checkzone >/dev/null 2>&1") != 0) {
		free_refs(ref, 4);
		skip();
	}
	char cmd[256];
	snprintf(cmd, sizeof(cmd),
	         "named-checkzone -q example.com '%s' >/dev/null 2>&1", zfile);
	assert_int_equal(system(cmd), 0);
	free_refs(ref, 4);
}

/* Append steps k0 .. k0+n-1 from serial \a serial to an open journal. */
static void
append_steps(ditto_journal_t *j, unsigned int k0, unsigned int n,
             uint32_t serial)
{
	for (unsigned int k = k0; k < k0 + n; k++) {
		tstep_t t;
		tstep_make(&t, k, serial + (k - k0));
		assert_int_equal(ditto_journal_append(j, &t.step, NULL),
		                 DITTO_R_SUCCESS);
		tstep_free(&t);
	}
}

static void
create_empty(void **state)
{
	(void)state;
	ditto_journal_t *j = NULL;
	ditto_journal_info_t info;
	ditto_err_t err = { 0 };
	/* A new journal, no zone file written. */
	assert_int_equal(ditto_journal_create(jfile, origin, 1, 500, &j, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(access(zfile, F_OK), -1);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 0);
	assert_int_equal(info.first_seq, 1);
	assert_int_equal(info.last_serial, 500);
	assert_int_equal(info.size, DITTO_JOURNAL_HDRSIZE);
	uint64_t gen1 = info.generation;
	assert_true(gen1 != 0);
	append_steps(j, 0, 3, 500);
	ditto_journal_close(&j);
	readctx_t c = { 0 };
	assert_int_equal(ditto_journal_read(jfile, origin, 1, 500, 503, on_step,
	                                    &c, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.n, 3);
	/* A wrong first serial does not append. */
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	tstep_t t;
	tstep_make(&t, 3, 700);
	assert_int_equal(ditto_journal_append(j, &t.step, NULL), DITTO_R_RANGE);
	tstep_free(&t);
	ditto_journal_close(&j);

	/* Create over it: a new generation, the history is gone. */
	assert_int_equal(ditto_journal_create(jfile, origin, 1, 42, NULL, &err),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 0);
	assert_int_equal(info.last_serial, 42);
	assert_true(info.generation != gen1);
	ditto_journal_close(&j);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ditto_journal_read(jfile, origin, 1, 500, 503, on_step,
	                                    &c, NULL),
	                 DITTO_R_NOTFOUND);

	/* A crash at the create point leaves a whole file, never a torn
	 * one; an unwritable directory leaves the old file alone. */
	crash_at = "create:journal";
	ditto__journal_crashhook = crash_hook;
	assert_int_equal(ditto_journal_create(jfile, origin, 1, 43, NULL, NULL),
	                 DITTO_R_IOERROR);
	ditto__journal_crashhook = NULL;
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.truncated, 0);
	assert_true(info.last_serial == 43);
	ditto_journal_close(&j);
	if (geteuid() != 0) {
		assert_int_equal(chmod(dir, 0500), 0);
		assert_int_equal(
		        ditto_journal_create(jfile, origin, 1, 44, NULL, &err),
		        DITTO_R_IOERROR);
		assert_non_null(strstr(err.msg, "journal"));
		assert_int_equal(chmod(dir, 0700), 0);
		assert_int_equal(
		        ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
		        DITTO_R_SUCCESS);
		ditto_journal_getinfo(j, &info);
		assert_int_equal(info.last_serial, 43);
		ditto_journal_close(&j);
	}
}

static void
trim_oldest(void **state)
{
	(void)state;
	ditto_journal_t *j = NULL;
	ditto_journal_info_t info;
	assert_int_equal(ditto_journal_create(jfile, origin, 1, 10, &j, NULL),
	                 DITTO_R_SUCCESS);
	append_steps(j, 0, 8, 10); /* 10 -> 18, seqs 1..8 */
	ditto_journal_getinfo(j, &info);
	uint64_t gen = info.generation, size = info.size;
	/* Everything fits: nothing changes. */
	assert_int_equal(ditto_journal_trim(j, size), DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 8);
	assert_int_equal(info.size, size);
	/* Keep the newest three (just enough bytes for them). */
	uint64_t keep =
	        (uint64_t)j->ents[5].len + j->ents[6].len + j->ents[7].len;
	assert_int_equal(ditto_journal_trim(j, keep + 1), DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 3);
	assert_int_equal(info.first_seq, 6);
	assert_int_equal(info.last_seq, 8);
	assert_int_equal(info.first_serial, 15);
	assert_int_equal(info.last_serial, 18);
	assert_int_equal(info.generation, gen);
	assert_true(info.size <= DITTO_JOURNAL_HDRSIZE + keep);
	/* It goes on appending, and the file says the same after a
	 * reopen. */
	append_steps(j, 8, 1, 18);
	ditto_journal_close(&j);
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 4);
	assert_int_equal(info.first_seq, 6);
	assert_int_equal(info.last_serial, 19);
	assert_int_equal(info.generation, gen);
	readctx_t c = { 0 };
	assert_int_equal(
	        ditto_journal_read(jfile, origin, 1, 15, 19, on_step, &c, NULL),
	        DITTO_R_SUCCESS);
	assert_int_equal(c.n, 4);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	        ditto_journal_read(jfile, origin, 1, 14, 19, on_step, &c, NULL),
	        DITTO_R_NOTFOUND);
	/* A crash after the rename: the file is the trimmed one, whole. */
	crash_at = "trim:journal";
	ditto__journal_crashhook = crash_hook;
	keep = j->ents[3].len;
	assert_int_equal(ditto_journal_trim(j, keep), DITTO_R_IOERROR);
	ditto__journal_crashhook = NULL;
	ditto_journal_close(&j);
	assert_int_equal(ditto_journal_open(jfile, origin, 1, 0, &j, NULL),
	                 DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 1);
	assert_int_equal(info.first_seq, 9);
	assert_int_equal(info.truncated, 0);
	/* Keep nothing: empty, at the last serial, seqs go on. */
	assert_int_equal(ditto_journal_trim(j, 0), DITTO_R_SUCCESS);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.entries, 0);
	assert_int_equal(info.first_seq, 10);
	assert_int_equal(info.last_serial, 19);
	append_steps(j, 9, 1, 19);
	ditto_journal_getinfo(j, &info);
	assert_int_equal(info.last_seq, 10);
	ditto_journal_close(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32c_known),
		cmocka_unit_test_setup_teardown(append_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(torn_tail_every_offset, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(corrupt_checksum, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(fold_crash_points, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(reset_crash_points, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(serial_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(history_and_read, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(marks, setup, teardown),
		cmocka_unit_test_setup_teardown(replay_bad_entry, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(zonefile_loads_in_named, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(create_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(trim_oldest, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

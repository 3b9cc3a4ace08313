/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: journal bytes -> open (scan, cut tail), replay, read. */
/*
 * Input: one mode byte, then the journal file. Mode bit 0 set: the
 * harness first recomputes every CRC32C it can locate (header and each
 * entry, walking the length fields), so the fuzzer reaches the body
 * decoder and the replay instead of stopping at checksums. The journal
 * goes to a memfd opened through /proc/self/fd, like a file.
 *
 * Invariants checked (abort on violation): open gives SUCCESS or FORMERR;
 * after a writable open the file is cut exactly to the valid entries and
 * a second open finds the same entries and nothing to cut; a replay that
 * succeeds ends at the journal's last serial; every read of the whole
 * chain succeeds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "util/buf.h"
#include "zone/journal.h"
#include "zone/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t origin[] = { 7,   'e', 'x', 'a', 'm', 'p', 'l',
	                          'e', 3,   'c', 'o', 'm', 0 };

static void
fix_crcs(uint8_t *p, size_t len)
{
	if (len < DITTO_JOURNAL_HDRSIZE) {
		return;
	}
	ditto_write32(p + 296, ditto_journal_crc32c(0, p, 296));
	size_t off = DITTO_JOURNAL_HDRSIZE;
	/* Bounded: off grows by >= 36 per pass. */
	while (len - off >= DITTO_JOURNAL_ENTHDR) {
		uint32_t blen = ditto_read32(p + off + 4);
		if (blen > len - off - DITTO_JOURNAL_ENTHDR) {
			break;
		}
		uint32_t crc = ditto_journal_crc32c(0, p + off, 32);
		crc = ditto_journal_crc32c(crc, p + off + DITTO_JOURNAL_ENTHDR,
		                           blen);
		ditto_write32(p + off + 32, crc);
		off += DITTO_JOURNAL_ENTHDR + blen;
	}
}

static ditto_version_t *
base_version(uint32_t serial)
{
	uint8_t soa[22] = { 0, 0 };
	ditto_write32(soa + 2, serial);
	ditto_write32(soa + 6, 3600);
	ditto_write32(soa + 10, 600);
	ditto_write32(soa + 14, 86400);
	ditto_write32(soa + 18, 300);
	static const uint8_t www[] = { 3,   'w', 'w', 'w', 7,   'e',
		                       'x', 'a', 'm', 'p', 'l', 'e',
		                       3,   'c', 'o', 'm', 0 };
	static const uint8_t a[] = { 192, 0, 2, 1 };
	ditto_rr_t rrs[2] = {
		{ .owner = origin,
		  .type = DITTO_TYPE_SOA,
		  .rclass = 1,
		  .ttl = 3600,
		  .rdlen = sizeof(soa),
		  .rdata = soa },
		{ .owner = www,
		  .type = DITTO_TYPE_A,
		  .rclass = 1,
		  .ttl = 300,
		  .rdlen = 4,
		  .rdata = a },
	};
	ditto_version_t *v = NULL;
	ditto_version_create(origin, 1, &v);
	for (size_t i = 0; i < 2; i++) {
		if (ditto_version_addrr(v, &rrs[i], 0, NULL) !=
		    DITTO_R_SUCCESS) {
			abort();
		}
	}
	ditto_version_commit(v);
	return v;
}

static ditto_result_t
on_step(void *arg, const ditto_journal_step_t *step)
{
	size_t *n = arg;
	if (step->ndel == 0 || step->del == NULL) {
		return DITTO_R_SUCCESS; /* allowed by the format */
	}
	(*n)++;
	return DITTO_R_SUCCESS;
}

static void
replay(ditto_journal_t *j, const char *path)
{
	ditto_journal_info_t info;
	ditto_journal_getinfo(j, &info);
	ditto_version_t *base = base_version(info.first_serial);
	ditto_version_t *out = NULL;
	ditto_journal_mark_t mark = { .generation = info.generation,
		                      .seq = info.first_seq - 1 };
	size_t applied = 0;
	ditto_result_t r = ditto_journal_replay(j, &mark, base, &out, &applied,
	                                        NULL, NULL);
	if (r == DITTO_R_SUCCESS) {
		uint32_t s = 0;
		if (!ditto_version_serial(out, &s) || s != info.last_serial ||
		    applied != info.entries) {
			abort();
		}
	} else if (r == DITTO_R_FORMERR) {
		if (out == NULL || applied >= info.entries) {
			abort();
		}
	} else {
		abort(); /* the journal continues its own first serial */
	}
	ditto_version_detach(&out);
	ditto_version_detach(&base);
	if (info.entries > 0) {
		size_t n = 0;
		r = ditto_journal_read(path, origin, 1, info.first_serial,
		                       info.last_serial, on_step, &n, NULL);
		if (r != DITTO_R_SUCCESS &&
		    !(r == DITTO_R_NOTFOUND &&
		      info.first_serial == info.last_serial)) {
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (size < 1 || size > (1u << 20)) {
		return 0;
	}
	if (fd < 0) {
		fd = memfd_create("journal", MFD_CLOEXEC);
		if (fd < 0) {
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	uint8_t *copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	if ((data[0] & 1) != 0) {
		fix_crcs(copy, size - 1);
	}
	if (ftruncate(fd, 0) != 0 ||
	    pwrite(fd, copy, size - 1, 0) != (ssize_t)(size - 1)) {
		abort();
	}
	free(copy);

	ditto_journal_t *j = NULL;
	ditto_result_t r = ditto_journal_open(path, origin, 1, 0, &j, NULL);
	if (r == DITTO_R_FORMERR) {
		return 0;
	}
	if (r != DITTO_R_SUCCESS) {
		abort();
	}
	ditto_journal_info_t a, b;
	struct stat st;
	ditto_journal_getinfo(j, &a);
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_size != a.size) {
		abort();
	}
	replay(j, path);
	ditto_journal_close(&j);
	if (ditto_journal_open(path, origin, 1, 0, &j, NULL) !=
	    DITTO_R_SUCCESS) {
		abort();
	}
	ditto_journal_getinfo(j, &b);
	if (b.entries != a.entries || b.truncated != 0 || b.size != a.size) {
		abort();
	}
	ditto_journal_close(&j);
	return 0;
}

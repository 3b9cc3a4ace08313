/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ditto's zone journal: open and check, append, replay, read for IXFR-out. */
/*
 * The format and the crash-safety argument are in journal.h. This file
 * holds the single-file operations: the open scan (which builds an index
 * of valid entries and cuts a torn or corrupt tail), append (one write(),
 * then fdatasync()), replay onto a version, and the read-only walk used
 * by IXFR-out. The multi-file operations (binding comment, reset, fold)
 * are in journalfile.c.
 *
 * Invariants of an open journal:
 *   - ents[0 .. nents) are exactly the valid entries, in file order, at
 *     contiguous offsets from DITTO_JOURNAL_HDRSIZE to `size`;
 *   - ents[i].seq == first_seq + i;
 *   - ents[0].from == base_serial, ents[i].from == ents[i-1].to;
 *   - every body decodes: names valid and uncompressed, rdata valid for
 *     its type, the records fill the body exactly.
 * Nothing read from the file is trusted before it is checked; memory is
 * bounded by the file size.
 */
#include "zone/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/mem.h"
#include "zone/journal_p.h"

#define HDR_MAGIC   "DITTOJNL"
#define HDR_FORMAT  1
#define ENT_MAGIC   0x444a4531u /* "DJE1" */
#define RR_FIXED    10          /* type, class, TTL, rdlen */
#define MIN_RR_SIZE (1 + RR_FIXED)

/* Header field offsets. */
#define H_FORMAT  8
#define H_HDRSIZE 12
#define H_GEN     16
#define H_FIRST   24
#define H_SERIAL  32
#define H_CLASS   36
#define H_ORIGLEN 38
#define H_ORIGIN  40
#define H_CRC     296

/* Entry header field offsets. */
#define E_LEN  4
#define E_SEQ  8
#define E_FROM 16
#define E_TO   20
#define E_NDEL 24
#define E_NADD 28
#define E_CRC  32

bool (*ditto__journal_crashhook)(const char *point) = NULL;

bool
ditto__journal_crash(const char *point)
{
	return ditto__journal_crashhook != NULL &&
	       ditto__journal_crashhook(point);
}

/* --- CRC32C (Castagnoli, reflected polynomial 0x82f63b78) ------------ */

static const uint32_t crc32c_table[256] = {
	0x00000000, 0xf26b8303, 0xe13b70f7, 0x1350f3f4, 0xc79a971f, 0x35f1141c,
	0x26a1e7e8, 0xd4ca64eb, 0x8ad958cf, 0x78b2dbcc, 0x6be22838, 0x9989ab3b,
	0x4d43cfd0, 0xbf284cd3, 0xac78bf27, 0x5e133c24, 0x105ec76f, 0xe235446c,
	0xf165b798, 0x030e349b, 0xd7c45070, 0x25afd373, 0x36ff2087, 0xc494a384,
	0x9a879fa0, 0x68ec1ca3, 0x7bbcef57, 0x89d76c54, 0x5d1d08bf, 0xaf768bbc,
	0xbc267848, 0x4e4dfb4b, 0x20bd8ede, 0xd2d60ddd, 0xc186fe29, 0x33ed7d2a,
	0xe72719c1, 0x154c9ac2, 0x061c6936, 0xf477ea35, 0xaa64d611, 0x580f5512,
	0x4b5fa6e6, 0xb93425e5, 0x6dfe410e, 0x9f95c20d, 0x8cc531f9, 0x7eaeb2fa,
	0x30e349b1, 0xc288cab2, 0xd1d83946, 0x23b3ba45, 0xf779deae, 0x05125dad,
	0x1642ae59, 0xe4292d5a, 0xba3a117e, 0x4851927d, 0x5b016189, 0xa96ae28a,
	0x7da08661, 0x8fcb0562, 0x9c9bf696, 0x6ef07595, 0x417b1dbc, 0xb3109ebf,
	0xa0406d4b, 0x522bee48, 0x86e18aa3, 0x748a09a0, 0x67dafa54, 0x95b17957,
	0xcba24573, 0x39c9c670, 0x2a993584, 0xd8f2b687, 0x0c38d26c, 0xfe53516f,
	0xed03a29b, 0x1f682198, 0x5125dad3, 0xa34e59d0, 0xb01eaa24, 0x42752927,
	0x96bf4dcc, 0x64d4cecf, 0x77843d3b, 0x85efbe38, 0xdbfc821c, 0x2997011f,
	0x3ac7f2eb, 0xc8ac71e8, 0x1c661503, 0xee0d9600, 0xfd5d65f4, 0x0f36e6f7,
	0x61c69362, 0x93ad1061, 0x80fde395, 0x72966096, 0xa65c047d, 0x5437877e,
	0x4767748a, 0xb50cf789, 0xeb1fcbad, 0x197448ae, 0x0a24bb5a, 0xf84f3859,
	0x2c855cb2, 0xdeeedfb1, 0xcdbe2c45, 0x3fd5af46, 0x7198540d, 0x83f3d70e,
	0x90a324fa, 0x62c8a7f9, 0xb602c312, 0x44694011, 0x5739b3e5, 0xa55230e6,
	0xfb410cc2, 0x092a8fc1, 0x1a7a7c35, 0xe811ff36, 0x3cdb9bdd, 0xceb018de,
	0xdde0eb2a, 0x2f8b6829, 0x82f63b78, 0x709db87b, 0x63cd4b8f, 0x91a6c88c,
	0x456cac67, 0xb7072f64, 0xa457dc90, 0x563c5f93, 0x082f63b7, 0xfa44e0b4,
	0xe9141340, 0x1b7f9043, 0xcfb5f4a8, 0x3dde77ab, 0x2e8e845f, 0xdce5075c,
	0x92a8fc17, 0x60c37f14, 0x73938ce0, 0x81f80fe3, 0x55326b08, 0xa759e80b,
	0xb4091bff, 0x466298fc, 0x1871a4d8, 0xea1a27db, 0xf94ad42f, 0x0b21572c,
	0xdfeb33c7, 0x2d80b0c4, 0x3ed04330, 0xccbbc033, 0xa24bb5a6, 0x502036a5,
	0x4370c551, 0xb11b4652, 0x65d122b9, 0x97baa1ba, 0x84ea524e, 0x7681d14d,
	0x2892ed69, 0xdaf96e6a, 0xc9a99d9e, 0x3bc21e9d, 0xef087a76, 0x1d63f975,
	0x0e330a81, 0xfc588982, 0xb21572c9, 0x407ef1ca, 0x532e023e, 0xa145813d,
	0x758fe5d6, 0x87e466d5, 0x94b49521, 0x66df1622, 0x38cc2a06, 0xcaa7a905,
	0xd9f75af1, 0x2b9cd9f2, 0xff56bd19, 0x0d3d3e1a, 0x1e6dcdee, 0xec064eed,
	0xc38d26c4, 0x31e6a5c7, 0x22b65633, 0xd0ddd530, 0x0417b1db, 0xf67c32d8,
	0xe52cc12c, 0x1747422f, 0x49547e0b, 0xbb3ffd08, 0xa86f0efc, 0x5a048dff,
	0x8ecee914, 0x7ca56a17, 0x6ff599e3, 0x9d9e1ae0, 0xd3d3e1ab, 0x21b862a8,
	0x32e8915c, 0xc083125f, 0x144976b4, 0xe622f5b7, 0xf5720643, 0x07198540,
	0x590ab964, 0xab613a67, 0xb831c993, 0x4a5a4a90, 0x9e902e7b, 0x6cfbad78,
	0x7fab5e8c, 0x8dc0dd8f, 0xe330a81a, 0x115b2b19, 0x020bd8ed, 0xf0605bee,
	0x24aa3f05, 0xd6c1bc06, 0xc5914ff2, 0x37faccf1, 0x69e9f0d5, 0x9b8273d6,
	0x88d28022, 0x7ab90321, 0xae7367ca, 0x5c18e4c9, 0x4f48173d, 0xbd23943e,
	0xf36e6f75, 0x0105ec76, 0x12551f82, 0xe03e9c81, 0x34f4f86a, 0xc69f7b69,
	0xd5cf889d, 0x27a40b9e, 0x79b737ba, 0x8bdcb4b9, 0x988c474d, 0x6ae7c44e,
	0xbe2da0a5, 0x4c4623a6, 0x5f16d052, 0xad7d5351,
};

uint32_t
ditto_journal_crc32c(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc = crc32c_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	}
	return ~crc;
}

/* --- small helpers --------------------------------------------------- */

static uint64_t
read64(const uint8_t *p)
{
	return ((uint64_t)ditto_read32(p) << 32) | ditto_read32(p + 4);
}

static void
write64(uint8_t *p, uint64_t v)
{
	ditto_write32(p, (uint32_t)(v >> 32));
	ditto_write32(p + 4, (uint32_t)v);
}

ditto_result_t
ditto__journal_pread(int fd, void *buf, size_t n, uint64_t off)
{
	uint8_t *p = buf;
	size_t done = 0;
	/* Bounded: every pass reads at least one byte or returns. */
	while (done < n) {
		ssize_t r = pread(fd, p + done, n - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0) {
			return DITTO_R_IOERROR;
		}
		if (r == 0) {
			return DITTO_R_UNEXPECTEDEND;
		}
		done += (size_t)r;
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
pwrite_all(int fd, const uint8_t *p, size_t n, uint64_t off)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = pwrite(fd, p + done, n - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return DITTO_R_IOERROR;
		}
		done += (size_t)r;
	}
	return DITTO_R_SUCCESS;
}

void
ditto__journal_header(uint8_t *hdr, const uint8_t *origin, uint16_t rclass,
                      uint64_t generation, uint64_t first_seq, uint32_t serial)
{
	size_t olen = ditto_name_length(origin);
	memset(hdr, 0, DITTO_JOURNAL_HDRSIZE);
	memcpy(hdr, HDR_MAGIC, 8);
	ditto_write32(hdr + H_FORMAT, HDR_FORMAT);
	ditto_write32(hdr + H_HDRSIZE, DITTO_JOURNAL_HDRSIZE);
	write64(hdr + H_GEN, generation);
	write64(hdr + H_FIRST, first_seq);
	ditto_write32(hdr + H_SERIAL, serial);
	ditto_write16(hdr + H_CLASS, rclass);
	ditto_write16(hdr + H_ORIGLEN, (uint16_t)olen);
	memcpy(hdr + H_ORIGIN, origin, olen);
	ditto_write32(hdr + H_CRC, ditto_journal_crc32c(0, hdr, H_CRC));
}

/* --- body encoding and decoding -------------------------------------- */

static size_t
rrs_size(const ditto_rr_t *rrs, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		total += ditto_name_length(rrs[i].owner) + RR_FIXED +
		         rrs[i].rdlen;
	}
	return total;
}

static void
put_rrs(ditto_buf_t *b, const ditto_rr_t *rrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const ditto_rr_t *rr = &rrs[i];
		ditto_buf_putmem(b, rr->owner, ditto_name_length(rr->owner));
		ditto_buf_put16(b, rr->type);
		ditto_buf_put16(b, rr->rclass);
		ditto_buf_put32(b, rr->ttl);
		ditto_buf_put16(b, rr->rdlen);
		ditto_buf_putmem(b, rr->rdata, rr->rdlen);
	}
}

/* Decode \a n records from \a b into \a out, checking each. */
static ditto_result_t
get_rrs(ditto_buf_t *b, ditto_rr_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t namelen = 0;
		ditto_result_t r = ditto_name_check(
		        b->base + b->pos, ditto_buf_avail(b), true, &namelen);
		if (r != DITTO_R_SUCCESS || b->error) {
			return DITTO_R_FORMERR;
		}
		out[i].owner = b->base + b->pos;
		ditto_buf_skip(b, namelen);
		out[i].type = ditto_buf_get16(b);
		out[i].rclass = ditto_buf_get16(b);
		out[i].ttl = ditto_buf_get32(b);
		out[i].rdlen = ditto_buf_get16(b);
		out[i].rdata = b->base + b->pos;
		ditto_buf_skip(b, out[i].rdlen);
		out[i].file = NULL;
		out[i].line = 0;
		if (b->error || ditto_rrtype_ismeta(out[i].type) ||
		    ditto_rdata_validate(out[i].type, out[i].rdata,
		                         out[i].rdlen) != DITTO_R_SUCCESS) {
			return DITTO_R_FORMERR;
		}
	}
	return DITTO_R_SUCCESS;
}

/*
 * Decode an entry (header \a eh, body of \a len bytes) into \a step; the
 * records go to a new array (*rrsp, NULL when there are none).
 */
static ditto_result_t
decode(const uint8_t *eh, const uint8_t *body, uint32_t len,
       ditto_journal_step_t *step, ditto_rr_t **rrsp)
{
	uint32_t ndel = ditto_read32(eh + E_NDEL);
	uint32_t nadd = ditto_read32(eh + E_NADD);
	/* Every record takes at least MIN_RR_SIZE bytes: bound the array
	 * by the body before allocating it. */
	if ((uint64_t)ndel + nadd > len / MIN_RR_SIZE) {
		return DITTO_R_FORMERR;
	}
	size_t n = (size_t)ndel + nadd;
	ditto_rr_t *rrs = n > 0 ? ditto_calloc(n, sizeof(*rrs)) : NULL;
	ditto_buf_t b;
	ditto_buf_init(&b, (void *)(uintptr_t)body, len);
	ditto_result_t r = get_rrs(&b, rrs, n);
	if (r == DITTO_R_SUCCESS && (b.error || ditto_buf_avail(&b) != 0)) {
		r = DITTO_R_FORMERR;
	}
	if (r != DITTO_R_SUCCESS) {
		ditto_free(rrs);
		return r;
	}
	step->from = ditto_read32(eh + E_FROM);
	step->to = ditto_read32(eh + E_TO);
	step->del = rrs;
	step->ndel = ndel;
	step->add = rrs != NULL ? rrs + ndel : NULL;
	step->nadd = nadd;
	*rrsp = rrs;
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto__journal_readstep(const ditto_journal_t *j, const ditto__jent_t *e,
                        uint8_t **bodyp, ditto_rr_t **rrsp,
                        ditto_journal_step_t *step)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	uint8_t eh[DITTO_JOURNAL_ENTHDR];
	uint32_t blen = e->len - DITTO_JOURNAL_ENTHDR;
	uint8_t *body = ditto_malloc(blen > 0 ? blen : 1);

	CHECK(ditto__journal_pread(j->fd, eh, sizeof(eh), e->off));
	CHECK(ditto__journal_pread(j->fd, body, blen,
	                           e->off + DITTO_JOURNAL_ENTHDR));
	uint32_t crc = ditto_journal_crc32c(0, eh, E_CRC);
	if (ditto_journal_crc32c(crc, body, blen) != ditto_read32(eh + E_CRC)) {
		/* Changed under us since the open scan. */
		CLEANUP(DITTO_R_FORMERR);
	}
	CHECK(decode(eh, body, blen, step, rrsp));
	*bodyp = body;
	return DITTO_R_SUCCESS;
cleanup:
	ditto_free(body);
	return result == DITTO_R_UNEXPECTEDEND ? DITTO_R_FORMERR : result;
}

/* --- open: header and entry scan ------------------------------------- */

static ditto_result_t
check_header(ditto_journal_t *j, const uint8_t *hdr, ditto_err_t *err)
{
	if (memcmp(hdr, HDR_MAGIC, 8) != 0 ||
	    ditto_read32(hdr + H_FORMAT) != HDR_FORMAT ||
	    ditto_read32(hdr + H_HDRSIZE) != DITTO_JOURNAL_HDRSIZE) {
		ditto_err_set(err, "not a ditto journal (format 1)");
		return DITTO_R_FORMERR;
	}
	if (ditto_journal_crc32c(0, hdr, H_CRC) != ditto_read32(hdr + H_CRC)) {
		ditto_err_set(err, "journal header checksum mismatch");
		return DITTO_R_FORMERR;
	}
	uint16_t olen = ditto_read16(hdr + H_ORIGLEN);
	size_t namelen = 0;
	if (olen > DITTO_NAME_MAXWIRE ||
	    ditto_name_check(hdr + H_ORIGIN, olen, false, &namelen) !=
	            DITTO_R_SUCCESS ||
	    !ditto_name_equal(hdr + H_ORIGIN, j->origin) ||
	    ditto_read16(hdr + H_CLASS) != j->rclass) {
		ditto_err_set(err, "journal belongs to another zone");
		return DITTO_R_FORMERR;
	}
	uint64_t first = read64(hdr + H_FIRST);
	if (first == 0 || first > (UINT64_C(1) << 62)) {
		ditto_err_set(err, "journal header: bad first seq");
		return DITTO_R_FORMERR;
	}
	j->generation = read64(hdr + H_GEN);
	j->first_seq = first;
	j->base_serial = ditto_read32(hdr + H_SERIAL);
	return DITTO_R_SUCCESS;
}

static void
index_add(ditto_journal_t *j, const ditto__jent_t *e)
{
	if (j->nents == j->cap) {
		j->cap = j->cap == 0 ? 16 : j->cap * 2;
		j->ents = ditto_realloc(j->ents, j->cap * sizeof(*j->ents));
	}
	j->ents[j->nents++] = *e;
}

static uint32_t
last_serial(const ditto_journal_t *j)
{
	return j->nents == 0 ? j->base_serial : j->ents[j->nents - 1].to;
}

static uint64_t
next_seq(const ditto_journal_t *j)
{
	return j->first_seq + j->nents;
}

/*
 * Check the entry at \a off (the file is \a size bytes): DITTO_R_SUCCESS
 * with *e filled, or DITTO_R_FORMERR for a torn or bad entry, or
 * DITTO_R_IOERROR.
 */
static ditto_result_t
scan_one(ditto_journal_t *j, uint64_t off, uint64_t size, ditto__jent_t *e)
{
	uint8_t eh[DITTO_JOURNAL_ENTHDR];
	if (size - off < DITTO_JOURNAL_ENTHDR) {
		return DITTO_R_FORMERR;
	}
	ditto_result_t r = ditto__journal_pread(j->fd, eh, sizeof(eh), off);
	if (r != DITTO_R_SUCCESS) {
		return r == DITTO_R_UNEXPECTEDEND ? DITTO_R_FORMERR : r;
	}
	uint32_t blen = ditto_read32(eh + E_LEN);
	if (ditto_read32(eh) != ENT_MAGIC || blen > DITTO_JOURNAL_MAXENTRY ||
	    blen > size - off - DITTO_JOURNAL_ENTHDR ||
	    read64(eh + E_SEQ) != next_seq(j) ||
	    ditto_read32(eh + E_FROM) != last_serial(j)) {
		return DITTO_R_FORMERR;
	}
	e->off = off;
	e->len = blen + DITTO_JOURNAL_ENTHDR;
	e->seq = read64(eh + E_SEQ);
	e->from = ditto_read32(eh + E_FROM);
	e->to = ditto_read32(eh + E_TO);

	uint8_t *body = NULL;
	ditto_rr_t *rrs = NULL;
	ditto_journal_step_t step;
	r = ditto__journal_readstep(j, e, &body, &rrs, &step);
	ditto_free(body);
	ditto_free(rrs);
	return r;
}

static ditto_result_t
scan(ditto_journal_t *j, uint64_t size)
{
	uint64_t off = DITTO_JOURNAL_HDRSIZE;
	/* Bounded: each valid entry moves off forward by >= 36 bytes. */
	while (off < size) {
		ditto__jent_t e;
		ditto_result_t r = scan_one(j, off, size, &e);
		if (r == DITTO_R_FORMERR) {
			break;
		}
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		index_add(j, &e);
		off += e.len;
	}
	j->size = off;
	j->truncated = size - off;
	if (j->truncated > 0 && !j->rdonly) {
		if (ftruncate(j->fd, (off_t)off) != 0 ||
		    fdatasync(j->fd) != 0) {
			return DITTO_R_IOERROR;
		}
	}
	return DITTO_R_SUCCESS;
}

static ditto_result_t
open_scan(ditto_journal_t *j, ditto_err_t *err)
{
	struct stat st;
	uint8_t hdr[DITTO_JOURNAL_HDRSIZE];

	if (fstat(j->fd, &st) != 0) {
		return DITTO_R_IOERROR;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < DITTO_JOURNAL_HDRSIZE) {
		ditto_err_set(err, "journal too short for its header");
		return DITTO_R_FORMERR;
	}
	ditto_result_t r = ditto__journal_pread(j->fd, hdr, sizeof(hdr), 0);
	if (r != DITTO_R_SUCCESS) {
		return r == DITTO_R_UNEXPECTEDEND ? DITTO_R_FORMERR : r;
	}
	r = check_header(j, hdr, err);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return scan(j, (uint64_t)st.st_size);
}

ditto_result_t
ditto_journal_open(const char *path, const uint8_t *origin, uint16_t rclass,
                   unsigned int flags, ditto_journal_t **jp, ditto_err_t *err)
{
	REQUIRE(path != NULL && origin != NULL && jp != NULL && *jp == NULL);
	bool rdonly = (flags & DITTO_JOURNAL_RDONLY) != 0;
	int fd = open(path, (rdonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			return DITTO_R_FILENOTFOUND;
		}
		ditto_err_set(err, "open: %s", strerror(errno));
		return DITTO_R_IOERROR;
	}
	ditto_journal_t *j = ditto_calloc(1, sizeof(*j));
	j->path = ditto_strdup(path);
	j->fd = fd;
	j->rdonly = rdonly;
	ditto_name_copy(j->origin, origin);
	j->rclass = rclass;
	ditto_result_t r = open_scan(j, err);
	if (r != DITTO_R_SUCCESS) {
		ditto_journal_close(&j);
		return r;
	}
	*jp = j;
	return DITTO_R_SUCCESS;
}

void
ditto_journal_close(ditto_journal_t **jp)
{
	REQUIRE(jp != NULL);
	ditto_journal_t *j = *jp;
	if (j == NULL) {
		return;
	}
	if (j->fd >= 0) {
		close(j->fd);
	}
	ditto_free(j->ents);
	ditto_free(j->path);
	ditto_free(j);
	*jp = NULL;
}

void
ditto_journal_getinfo(const ditto_journal_t *j, ditto_journal_info_t *info)
{
	REQUIRE(j != NULL && info != NULL);
	info->generation = j->generation;
	info->first_seq = j->first_seq;
	info->last_seq = next_seq(j) - 1;
	info->first_serial = j->base_serial;
	info->last_serial = last_serial(j);
	info->entries = j->nents;
	info->size = j->size;
	info->truncated = j->truncated;
}

/* --- append ---------------------------------------------------------- */

static size_t
encode(const ditto_journal_step_t *step, uint64_t seq, uint8_t **out)
{
	size_t blen = rrs_size(step->del, step->ndel) +
	              rrs_size(step->add, step->nadd);
	size_t total = DITTO_JOURNAL_ENTHDR + blen;
	uint8_t *buf = ditto_malloc(total);
	ditto_buf_t b;
	ditto_buf_init(&b, buf, total);
	ditto_buf_put32(&b, ENT_MAGIC);
	ditto_buf_put32(&b, (uint32_t)blen);
	ditto_buf_put32(&b, (uint32_t)(seq >> 32));
	ditto_buf_put32(&b, (uint32_t)seq);
	ditto_buf_put32(&b, step->from);
	ditto_buf_put32(&b, step->to);
	ditto_buf_put32(&b, (uint32_t)step->ndel);
	ditto_buf_put32(&b, (uint32_t)step->nadd);
	ditto_buf_put32(&b, 0);
	put_rrs(&b, step->del, step->ndel);
	put_rrs(&b, step->add, step->nadd);
	INSIST(!b.error && b.pos == total);
	uint32_t crc = ditto_journal_crc32c(0, buf, E_CRC);
	crc = ditto_journal_crc32c(crc, buf + DITTO_JOURNAL_ENTHDR, blen);
	ditto_write32(buf + E_CRC, crc);
	*out = buf;
	return total;
}

ditto_result_t
ditto_journal_append(ditto_journal_t *j, const ditto_journal_step_t *step,
                     uint64_t *seqp)
{
	REQUIRE(j != NULL && step != NULL && !j->rdonly);
	if (step->from != last_serial(j)) {
		return DITTO_R_RANGE;
	}
	size_t bytes = rrs_size(step->del, step->ndel) +
	               rrs_size(step->add, step->nadd);
	if (bytes > DITTO_JOURNAL_MAXENTRY || step->ndel > UINT32_MAX ||
	    step->nadd > UINT32_MAX) {
		return DITTO_R_TOOMANY;
	}
	uint8_t *buf = NULL;
	uint64_t seq = next_seq(j);
	size_t total = encode(step, seq, &buf);
	ditto_result_t r = pwrite_all(j->fd, buf, total, j->size);
	ditto_free(buf);
	if (r == DITTO_R_SUCCESS && fdatasync(j->fd) != 0) {
		r = DITTO_R_IOERROR;
	}
	if (r != DITTO_R_SUCCESS) {
		/* Cut back whatever part reached the file. */
		if (ftruncate(j->fd, (off_t)j->size) == 0) {
			(void)fdatasync(j->fd);
		}
		return r;
	}
	ditto__jent_t e = { .off = j->size,
		            .len = (uint32_t)total,
		            .seq = seq,
		            .from = step->from,
		            .to = step->to };
	index_add(j, &e);
	j->size += total;
	if (seqp != NULL) {
		*seqp = seq;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_journal_truncate(ditto_journal_t *j, uint64_t seq)
{
	REQUIRE(j != NULL && !j->rdonly);
	size_t keep =
	        seq + 1 <= j->first_seq ? 0 : (size_t)(seq + 1 - j->first_seq);
	if (keep >= j->nents) {
		return DITTO_R_SUCCESS;
	}
	uint64_t end = j->ents[keep].off;
	if (ftruncate(j->fd, (off_t)end) != 0 || fdatasync(j->fd) != 0) {
		return DITTO_R_IOERROR;
	}
	j->nents = keep;
	j->size = end;
	return DITTO_R_SUCCESS;
}

/* --- replay ---------------------------------------------------------- */

/* Index of the first entry after \a mark, or SIZE_MAX when the journal
 * does not continue the zone file (entries lost). */
static size_t
first_after(const ditto_journal_t *j, const ditto_journal_mark_t *mark)
{
	if (mark->generation != j->generation || mark->seq + 1 < j->first_seq ||
	    mark->seq >= next_seq(j)) {
		return SIZE_MAX;
	}
	return (size_t)(mark->seq + 1 - j->first_seq);
}

bool
ditto_journal_bound(const ditto_journal_t *j, const ditto_journal_mark_t *mark,
                    uint32_t serial)
{
	REQUIRE(j != NULL && mark != NULL);
	size_t i = first_after(j, mark);
	if (i == SIZE_MAX) {
		return false;
	}
	uint32_t expect = i == 0 ? j->base_serial : j->ents[i - 1].to;
	return expect == serial;
}

static ditto_result_t
apply_step(ditto_version_t *v, const ditto_journal_step_t *step,
           ditto_err_t *err)
{
	const uint8_t *origin = ditto_version_origin(v);
	for (size_t i = 0; i < step->ndel; i++) {
		const ditto_rr_t *rr = &step->del[i];
		ditto_result_t r;
		if (i == 0 && rr->type == DITTO_TYPE_SOA &&
		    ditto_name_equal(rr->owner, origin)) {
			r = ditto_version_delrrset(v, origin, DITTO_TYPE_SOA,
			                           0);
		} else {
			r = ditto_version_delrr(v, rr);
		}
		if (r != DITTO_R_SUCCESS) {
			ditto_err_set(err, "delete %zu of serial %u -> %u: %s",
			              i, step->from, step->to,
			              ditto_result_totext(r));
			return DITTO_R_FORMERR;
		}
	}
	for (size_t i = 0; i < step->nadd; i++) {
		ditto_result_t r = ditto_version_addrr(
		        v, &step->add[i], DITTO_VERSION_TTL_REPLACE, NULL);
		if (r != DITTO_R_SUCCESS && r != DITTO_R_EXISTS &&
		    r != DITTO_R_TTLMISMATCH) {
			ditto_err_set(err, "add %zu of serial %u -> %u: %s", i,
			              step->from, step->to,
			              ditto_result_totext(r));
			return DITTO_R_FORMERR;
		}
	}
	uint32_t serial = 0;
	if (!ditto_version_serial(v, &serial) || serial != step->to) {
		ditto_err_set(err, "serial %u -> %u does not end at %u",
		              step->from, step->to, step->to);
		return DITTO_R_FORMERR;
	}
	return DITTO_R_SUCCESS;
}

/* Apply index entry \a e to \a cur (committed), replacing it on success. */
static ditto_result_t
replay_one(ditto_journal_t *j, const ditto__jent_t *e, ditto_version_t **cur,
           ditto_err_t *err)
{
	uint8_t *body = NULL;
	ditto_rr_t *rrs = NULL;
	ditto_journal_step_t step;
	ditto_version_t *next = NULL;
	ditto_result_t result =
	        ditto__journal_readstep(j, e, &body, &rrs, &step);
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "entry %llu unreadable",
		              (unsigned long long)e->seq);
		return result == DITTO_R_IOERROR ? result : DITTO_R_FORMERR;
	}
	ditto_version_edit(*cur, &next);
	CHECK(apply_step(next, &step, err));
	ditto_version_commit(next);
	ditto_version_detach(cur);
	*cur = next;
	next = NULL;
cleanup:
	ditto_version_detach(&next);
	ditto_free(rrs);
	ditto_free(body);
	return result;
}

ditto_result_t
ditto_journal_replay(ditto_journal_t *j, const ditto_journal_mark_t *mark,
                     ditto_version_t *base, ditto_version_t **out,
                     size_t *applied, uint64_t *lastseq, ditto_err_t *err)
{
	REQUIRE(j != NULL && mark != NULL && base != NULL && out != NULL &&
	        *out == NULL && !ditto_version_writable(base));
	uint32_t serial = 0;
	if (!ditto_version_serial(base, &serial) ||
	    !ditto_journal_bound(j, mark, serial)) {
		ditto_err_set(err, "journal does not continue the zone file");
		return DITTO_R_NOTFOUND;
	}
	size_t start = first_after(j, mark);
	ditto_version_t *cur = NULL;
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t i = start;
	ditto_version_attach(base, &cur);
	for (; i < j->nents; i++) {
		result = replay_one(j, &j->ents[i], &cur, err);
		if (result != DITTO_R_SUCCESS) {
			break;
		}
	}
	if (result != DITTO_R_SUCCESS && result != DITTO_R_FORMERR) {
		ditto_version_detach(&cur);
		return result;
	}
	if (applied != NULL) {
		*applied = i - start;
	}
	if (lastseq != NULL) {
		*lastseq = mark->seq + (i - start);
	}
	*out = cur;
	return result;
}

/* --- read-only walk for IXFR-out ------------------------------------- */

/* Entries [*ip, *kp] chaining \a from to \a to; false when absent. */
static bool
find_chain(const ditto_journal_t *j, uint32_t from, uint32_t to, size_t *ip,
           size_t *kp)
{
	for (size_t k = j->nents; k-- > 0;) {
		if (j->ents[k].to != to) {
			continue;
		}
		for (size_t i = k + 1; i-- > 0;) {
			if (j->ents[i].from == from) {
				*ip = i;
				*kp = k;
				return true;
			}
		}
		return false;
	}
	return false;
}

ditto_result_t
ditto_journal_read(const char *path, const uint8_t *origin, uint16_t rclass,
                   uint32_t from, uint32_t to, ditto_journal_step_fn fn,
                   void *arg, ditto_err_t *err)
{
	REQUIRE(path != NULL && origin != NULL && fn != NULL);
	ditto_journal_t *j = NULL;
	size_t i = 0, k = 0;
	ditto_result_t result = ditto_journal_open(
	        path, origin, rclass, DITTO_JOURNAL_RDONLY, &j, err);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	if (from == to || !find_chain(j, from, to, &i, &k)) {
		CLEANUP(DITTO_R_NOTFOUND);
	}
	for (; i <= k; i++) {
		uint8_t *body = NULL;
		ditto_rr_t *rrs = NULL;
		ditto_journal_step_t step;
		CHECK(ditto__journal_readstep(j, &j->ents[i], &body, &rrs,
		                              &step));
		result = fn(arg, &step);
		ditto_free(rrs);
		ditto_free(body);
		if (result != DITTO_R_SUCCESS) {
			goto cleanup;
		}
	}
cleanup:
	ditto_journal_close(&j);
	return result;
}

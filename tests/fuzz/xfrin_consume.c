/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: a stream of response messages (2-byte length prefixes, as
 * over TCP) fed to an IXFR and an AXFR state machine on a small base zone;
 * the base must never change and every outcome must be consistent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "xfr/xfrin.h"
#include "zone/master.h"
#include "zone/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKF(cond)                                                           \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

/* The zone of tests/unit/xfr/data/zone_v1.db (serial 2026010101). */
static const char zone_text[] =
        "$TTL 3600\n"
        "@ IN SOA ns1.example.test. hostmaster.example.test. 2026010101 "
        "3600 900 604800 300\n"
        "  IN NS ns1.example.test.\n"
        "  IN NS ns2.example.test.\n"
        "  IN MX 10 mail.example.test.\n"
        "ns1 IN A 192.0.2.1\n"
        "ns2 IN A 192.0.2.2\n"
        "mail IN A 192.0.2.25\n"
        "www IN A 192.0.2.80\n"
        "www IN AAAA 2001:db8::80\n"
        "txt IN TXT \"hello world\" \"second string\"\n"
        "old IN A 192.0.2.99\n"
        "sub IN NS ns.sub.example.test.\n"
        "ns.sub IN A 192.0.2.53\n";

static uint8_t origin[DITTO_NAME_MAXWIRE];
static ditto_version_t *base;
static uint64_t base_records;

static void
init(void)
{
	ditto_version_sink_t vs;
	ditto_master_opts_t mo = { .origin = origin };

	CHECKF(ditto_name_fromtext("example.test.", 13, NULL, origin, NULL,
	                           NULL) == DITTO_R_SUCCESS);
	ditto_version_create(origin, DITTO_CLASS_IN, &base);
	ditto_rrsink_t sink = ditto_version_sink(
	        &vs, base, DITTO_VERSION_TTL_KEEP, NULL, NULL);
	CHECKF(ditto_master_loadmem("fuzz", zone_text, strlen(zone_text), &mo,
	                            sink, NULL) == DITTO_R_SUCCESS);
	ditto_version_commit(base);
	base_records = ditto_version_records(base);
}

static void
run(ditto_xfrin_type_t type, unsigned int flags, const uint8_t *data,
    size_t size)
{
	ditto_xfrin_opts_t o = { .origin = origin,
		                 .type = type,
		                 .base = base,
		                 .id = 0x1234,
		                 .udp = (flags & 1) != 0,
		                 .keep_diff = (flags & 2) != 0,
		                 .limits = { .max_records = 5000,
		                             .max_messages = 200,
		                             .max_diff_bytes = 1 << 20 } };
	ditto_xfrin_t *x = NULL;
	ditto_xfrin_next_t next = DITTO_XFRIN_MORE;
	size_t pos = 0;
	int64_t now = 0;

	CHECKF(ditto_xfrin_create(&o, &x) == DITTO_R_SUCCESS);
	while (next == DITTO_XFRIN_MORE && pos + 2 <= size) {
		size_t len = (size_t)(data[pos] << 8 | data[pos + 1]);
		pos += 2;
		if (len > size - pos) {
			len = size - pos;
		}
		next = ditto_xfrin_consume(x, data + pos, len, now += 1000);
		pos += len;
	}
	if (next == DITTO_XFRIN_MORE) {
		next = ditto_xfrin_abort(x, "end of input", now + 1);
		CHECKF(next == (type == DITTO_XFRIN_IXFR
		                        ? DITTO_XFRIN_FALLBACK_AXFR
		                        : DITTO_XFRIN_FAIL));
	}
	/* finished: the answer never changes */
	CHECKF(ditto_xfrin_consume(x, data, size, now + 2) == next);
	CHECKF(type == DITTO_XFRIN_IXFR || next != DITTO_XFRIN_FALLBACK_AXFR);
	CHECKF(type == DITTO_XFRIN_IXFR || next != DITTO_XFRIN_UPTODATE);
	CHECKF(o.udp || next != DITTO_XFRIN_TCP);
	ditto_version_t *v = ditto_xfrin_take(x);
	CHECKF((v != NULL) == (next == DITTO_XFRIN_DONE));
	if (v != NULL) {
		uint32_t serial = 0;
		CHECKF(!ditto_version_writable(v));
		CHECKF(ditto_version_serial(v, &serial));
		CHECKF(serial == ditto_xfrin_stats(x)->serial);
		CHECKF(ditto_version_records(v) <= 5000);
		ditto_version_detach(&v);
	} else {
		CHECKF(ditto_xfrin_error(x)->msg[0] != '\0' ||
		       next == DITTO_XFRIN_UPTODATE);
	}
	ditto_xfrin_destroy(&x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t serial = 0;

	if (base == NULL) {
		init();
	}
	if (size < 1) {
		return 0;
	}
	run(DITTO_XFRIN_IXFR, data[0], data + 1, size - 1);
	run(DITTO_XFRIN_AXFR, data[0], data + 1, size - 1);
	CHECKF(ditto_version_serial(base, &serial) && serial == 2026010101);
	CHECKF(ditto_version_records(base) == base_records);
	return 0;
}

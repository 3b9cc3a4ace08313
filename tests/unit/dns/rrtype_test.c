/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of lib/dns/rrtype: type and class names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dns/rrtype.h"

/* Every number round-trips through its text; unknown ones as TYPEnnn. */
static void
test_type_all_numbers(void **state)
{
	(void)state;
	char buf[DITTO_RRTYPE_MAXTEXT], low[DITTO_RRTYPE_MAXTEXT];
	for (uint32_t v = 0; v <= 0xffff; v++) {
		uint16_t t = 0;
		size_t n;
		assert_int_equal(
		        ditto_rrtype_totext((uint16_t)v, buf, sizeof(buf)),
		        DITTO_R_SUCCESS);
		n = strlen(buf);
		assert_int_equal(ditto_rrtype_fromtext(buf, n, &t),
		                 DITTO_R_SUCCESS);
		assert_int_equal(t, v);
		for (size_t i = 0; i <= n; i++) {
			char c = buf[i];
			low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		}
		assert_int_equal(ditto_rrtype_fromtext(low, n, &t),
		                 DITTO_R_SUCCESS);
		assert_int_equal(t, v);
		const char *name = ditto_rrtype_name((uint16_t)v);
		if (name != NULL) {
			assert_string_equal(name, buf);
		} else {
			char want[16];
			snprintf(want, sizeof(want), "TYPE%u", v);
			assert_string_equal(buf, want);
		}
		/* exactly the text's length plus the NUL is needed */
		assert_int_equal(ditto_rrtype_totext((uint16_t)v, buf, n),
		                 DITTO_R_NOSPACE);
		assert_int_equal(ditto_rrtype_totext((uint16_t)v, buf, n + 1),
		                 DITTO_R_SUCCESS);
	}
}

/* Near misses of mnemonics are not types. */
static void
test_type_near_misses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"AA",     "AAAAA",  "NSEC4",  "NSAP_PTR", "NSAP-",
		"-",      "TYPE",   "TYPE-1", "TYPE1x",   "TYPE123456",
		"XTYPE1", "A.",     "ns1.",   "3600",     "1h",
		"IN",     "CLASS1", "",       "@",        "NSEC3PARAMS",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint16_t t = 7;
		assert_int_equal(
		        ditto_rrtype_fromtext(bad[i], strlen(bad[i]), &t),
		        DITTO_R_BADTYPE);
		assert_int_equal(t, 7);
	}
	uint16_t t;
	assert_int_equal(ditto_rrtype_fromtext("nsap-ptr", 8, &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t, DITTO_TYPE_NSAP_PTR);
	assert_int_equal(ditto_rrtype_fromtext("TYPE00001", 9, &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t, 1);
	/* the length bounds the text: "AAAA" read as "A" */
	assert_int_equal(ditto_rrtype_fromtext("AAAA", 1, &t), DITTO_R_SUCCESS);
	assert_int_equal(t, DITTO_TYPE_A);
	char buf[DITTO_RRTYPE_MAXTEXT];
	assert_int_equal(ditto_rrclass_totext(65535, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "CLASS65535");
	assert_int_equal(ditto_rrclass_totext(65535, buf, 10), DITTO_R_NOSPACE);
	assert_int_equal(ditto_rrclass_fromtext("hesiod", 6, &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t, DITTO_CLASS_HS);
	assert_int_equal(ditto_rrclass_fromtext("CLASS65536", 10, &t),
	                 DITTO_R_BADCLASS);
}

static void
test_type_names(void **state)
{
	(void)state;
	static const char *const bind_types[] = {
		"A",      "NS",       "MD",       "MF",         "CNAME",
		"SOA",    "MB",       "MG",       "MR",         "NULL",
		"WKS",    "PTR",      "HINFO",    "MINFO",      "MX",
		"TXT",    "RP",       "AFSDB",    "X25",        "ISDN",
		"RT",     "NSAP",     "NSAP-PTR", "SIG",        "KEY",
		"PX",     "GPOS",     "AAAA",     "LOC",        "NXT",
		"EID",    "NIMLOC",   "SRV",      "ATMA",       "NAPTR",
		"KX",     "CERT",     "A6",       "DNAME",      "SINK",
		"APL",    "DS",       "SSHFP",    "IPSECKEY",   "RRSIG",
		"NSEC",   "DNSKEY",   "DHCID",    "NSEC3",      "NSEC3PARAM",
		"TLSA",   "SMIMEA",   "HIP",      "NINFO",      "RKEY",
		"TALINK", "CDS",      "CDNSKEY",  "OPENPGPKEY", "CSYNC",
		"ZONEMD", "SVCB",     "HTTPS",    "DSYNC",      "HHIT",
		"BRID",   "SPF",      "UINFO",    "UID",        "GID",
		"UNSPEC", "NID",      "L32",      "L64",        "LP",
		"EUI48",  "EUI64",    "URI",      "CAA",        "AVC",
		"DOA",    "AMTRELAY", "RESINFO",  "WALLET",     "TA",
		"DLV",
	};
	for (size_t i = 0; i < sizeof(bind_types) / sizeof(bind_types[0]);
	     i++) {
		uint16_t t;
		char buf[DITTO_RRTYPE_MAXTEXT];
		const char *n = bind_types[i];
		assert_int_equal(ditto_rrtype_fromtext(n, strlen(n), &t),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_rrtype_totext(t, buf, sizeof(buf)),
		                 DITTO_R_SUCCESS);
		assert_string_equal(buf, n);
		assert_string_equal(ditto_rrtype_name(t), n);
	}
}

static void
test_type_generic(void **state)
{
	(void)state;
	uint16_t t;
	char buf[DITTO_RRTYPE_MAXTEXT];
	assert_int_equal(ditto_rrtype_fromtext("aaaa", 4, &t), DITTO_R_SUCCESS);
	assert_int_equal(t, DITTO_TYPE_AAAA);
	assert_int_equal(ditto_rrtype_fromtext("TYPE1", 5, &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t, DITTO_TYPE_A);
	assert_int_equal(ditto_rrtype_fromtext("type65535", 9, &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(t, 65535);
	assert_int_equal(ditto_rrtype_fromtext("TYPE65536", 9, &t),
	                 DITTO_R_BADTYPE);
	assert_int_equal(ditto_rrtype_fromtext("TYPE", 4, &t), DITTO_R_BADTYPE);
	assert_int_equal(ditto_rrtype_fromtext("TYPE1x", 6, &t),
	                 DITTO_R_BADTYPE);
	assert_int_equal(ditto_rrtype_fromtext("BOGUS", 5, &t),
	                 DITTO_R_BADTYPE);
	assert_int_equal(ditto_rrtype_fromtext("A", 0, &t), DITTO_R_BADTYPE);
	assert_int_equal(ditto_rrtype_totext(999, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "TYPE999");
	assert_null(ditto_rrtype_name(999));
	assert_int_equal(ditto_rrtype_totext(65535, buf, 9), DITTO_R_NOSPACE);
}

static void
test_classes(void **state)
{
	(void)state;
	uint16_t c;
	char buf[DITTO_RRTYPE_MAXTEXT];
	assert_int_equal(ditto_rrclass_fromtext("in", 2, &c), DITTO_R_SUCCESS);
	assert_int_equal(c, DITTO_CLASS_IN);
	assert_int_equal(ditto_rrclass_fromtext("CHAOS", 5, &c),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c, DITTO_CLASS_CH);
	assert_int_equal(ditto_rrclass_fromtext("CLASS4", 6, &c),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c, DITTO_CLASS_HS);
	assert_int_equal(ditto_rrclass_fromtext("XX", 2, &c), DITTO_R_BADCLASS);
	assert_int_equal(ditto_rrclass_totext(DITTO_CLASS_HS, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "HS");
	assert_int_equal(ditto_rrclass_totext(42, buf, sizeof(buf)),
	                 DITTO_R_SUCCESS);
	assert_string_equal(buf, "CLASS42");
	assert_int_equal(
	        ditto_rrclass_totext(DITTO_CLASS_NONE, buf, sizeof(buf)),
	        DITTO_R_SUCCESS);
	assert_string_equal(buf, "NONE");
}

static void
test_properties(void **state)
{
	(void)state;
	assert_true(ditto_rrtype_ismeta(DITTO_TYPE_OPT));
	assert_true(ditto_rrtype_ismeta(DITTO_TYPE_AXFR));
	assert_false(ditto_rrtype_ismeta(DITTO_TYPE_A));
	assert_true(ditto_rrtype_cname_compatible(DITTO_TYPE_RRSIG));
	assert_false(ditto_rrtype_cname_compatible(DITTO_TYPE_A));
	assert_true(ditto_rrtype_issingleton(DITTO_TYPE_CNAME));
	assert_false(ditto_rrtype_issingleton(DITTO_TYPE_NS));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_type_all_numbers),
		cmocka_unit_test(test_type_near_misses),
		cmocka_unit_test(test_type_generic),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

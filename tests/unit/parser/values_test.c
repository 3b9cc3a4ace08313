/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of named.conf value syntax: durations, sizes, addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "parser/values.h"

static void
test_durations(void **state)
{
	(void)state;
	uint32_t v;
	assert_true(ditto_cfg_value_duration("3600", &v));
	assert_int_equal(v, 3600);
	assert_true(ditto_cfg_value_duration("1w2d", &v));
	assert_int_equal(v, 604800 + 2 * 86400);
	assert_true(ditto_cfg_value_duration("1h30M5s", &v));
	assert_int_equal(v, 3600 + 1800 + 5);
	assert_true(ditto_cfg_value_duration("P1D", &v));
	assert_int_equal(v, 86400);
	assert_true(ditto_cfg_value_duration("PT1H", &v));
	assert_int_equal(v, 3600);
	assert_true(ditto_cfg_value_duration("P1W2DT3H4M5S", &v));
	assert_int_equal(v, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	assert_false(ditto_cfg_value_duration("1y", &v));
	assert_false(ditto_cfg_value_duration("PT1X", &v));
	assert_false(ditto_cfg_value_duration("P", &v));
	assert_false(ditto_cfg_value_duration("PT", &v));
	assert_false(ditto_cfg_value_duration("P1H", &v)); /* H needs T */
	assert_false(ditto_cfg_value_duration("", &v));
	assert_false(ditto_cfg_value_duration("4294967296", &v));
	assert_false(ditto_cfg_value_duration("99999999999w", &v));
}

static void
test_sizes(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(ditto_cfg_value_sizeval("10", &v));
	assert_int_equal(v, 10);
	assert_true(ditto_cfg_value_sizeval("10k", &v));
	assert_int_equal(v, 10240);
	assert_true(ditto_cfg_value_sizeval("10M", &v));
	assert_int_equal(v, 10485760);
	assert_true(ditto_cfg_value_sizeval("2g", &v));
	assert_int_equal(v, 2147483648ull);
	assert_false(ditto_cfg_value_sizeval("10Q", &v));
	assert_false(ditto_cfg_value_sizeval("10kk", &v));
	assert_false(ditto_cfg_value_sizeval("unlimited", &v));
	uint32_t p;
	assert_true(ditto_cfg_value_percent("50%", &p));
	assert_int_equal(p, 50);
	assert_false(ditto_cfg_value_percent("50", &p));
}

static void
test_booleans_integers(void **state)
{
	(void)state;
	bool b;
	assert_true(ditto_cfg_value_boolean("yes", &b) && b);
	assert_true(ditto_cfg_value_boolean("TRUE", &b) && b);
	assert_true(ditto_cfg_value_boolean("1", &b) && b);
	assert_true(ditto_cfg_value_boolean("no", &b) && !b);
	assert_true(ditto_cfg_value_boolean("false", &b) && !b);
	assert_true(ditto_cfg_value_boolean("0", &b) && !b);
	assert_false(ditto_cfg_value_boolean("maybe", &b));
	uint32_t u;
	assert_true(ditto_cfg_value_uint32("4294967295", &u));
	assert_int_equal(u, 4294967295u);
	assert_false(ditto_cfg_value_uint32("4294967296", &u));
	assert_false(ditto_cfg_value_uint32("-1", &u));
	assert_false(ditto_cfg_value_uint32("1x", &u));
	assert_true(ditto_cfg_value_fixedpoint("0.5", &u));
	assert_int_equal(u, 50);
	assert_false(ditto_cfg_value_fixedpoint("1.234", &u));
}

static void
test_addresses(void **state)
{
	(void)state;
	uint8_t a[16];
	ditto_cfg_prefix_t p;
	char buf[80];
	assert_true(ditto_cfg_value_ipv4("192.0.2.1", a));
	assert_false(ditto_cfg_value_ipv4("1.2.3", a));
	assert_false(ditto_cfg_value_ipv4("1.2.3.256", a));
	assert_true(ditto_cfg_value_ipv6("2001:db8::1", a));
	assert_true(ditto_cfg_value_ipv6("fe80::1%eth0", a));
	assert_false(ditto_cfg_value_ipv6("1.2.3.4", a));
	assert_int_equal(ditto_cfg_value_prefix("10/8", &p),
	                 DITTO_CFG_PREFIX_OK);
	ditto_cfg_prefix_totext(&p, buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.0/8");
	assert_int_equal(ditto_cfg_value_prefix("192.0.2.1", &p),
	                 DITTO_CFG_PREFIX_OK);
	assert_int_equal(p.len, 32);
	assert_int_equal(ditto_cfg_value_prefix("1.2.3.4/8", &p),
	                 DITTO_CFG_PREFIX_MISMATCH);
	assert_int_equal(ditto_cfg_value_prefix("1.2.3.4/33", &p),
	                 DITTO_CFG_PREFIX_BADLEN);
	assert_int_equal(ditto_cfg_value_prefix("2001:db8::/32", &p),
	                 DITTO_CFG_PREFIX_OK);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(ditto_cfg_value_prefix("2001:db8::/129", &p),
	                 DITTO_CFG_PREFIX_BADLEN);
	assert_int_equal(ditto_cfg_value_prefix("localhost", &p),
	                 DITTO_CFG_PREFIX_NOTADDR);
	assert_int_equal(ditto_cfg_value_prefix("10", &p),
	                 DITTO_CFG_PREFIX_NOTADDR);
}

static void
test_base64(void **state)
{
	(void)state;
	uint32_t n;
	assert_true(ditto_cfg_value_base64("YWJj", &n));
	assert_int_equal(n, 3);
	assert_true(ditto_cfg_value_base64("YWI=", &n));
	assert_int_equal(n, 2);
	assert_true(ditto_cfg_value_base64("YW Jj", &n));
	assert_false(ditto_cfg_value_base64("a!bc", &n));
	assert_false(ditto_cfg_value_base64("abc", &n));
	assert_false(ditto_cfg_value_base64("a=bc", &n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_booleans_integers),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

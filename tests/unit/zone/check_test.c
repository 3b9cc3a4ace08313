/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Tests of the zone checker: host names, owner groups, post-load checks,
 * the version it builds and its dump (order, owner case, merges). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "zone/check.h"
#include "zone/dump.h"

static char msgs[8192];

static void
on_msg(void *arg, const char *line)
{
	(void)arg;
	strncat(msgs, line, sizeof(msgs) - strlen(msgs) - 2);
	strcat(msgs, "\n");
}

static const uint8_t origin[] = "\007example\003com";

static ditto_check_t *
start(const ditto_check_opts_t *opts)
{
	ditto_check_opts_t def;
	ditto_check_t *c = NULL;
	if (opts == NULL) {
		ditto_check_opts_default(&def);
		opts = &def;
	}
	msgs[0] = '\0';
	ditto_check_create(origin, DITTO_CLASS_IN, "example.com/IN", opts,
	                   on_msg, NULL, &c);
	return c;
}

/* Feed "owner TYPE rdata" (owner relative to the origin) at \a line. */
static ditto_result_t
feed(ditto_check_t *c, uint32_t line, const char *owner, const char *type,
     const char *rdata)
{
	ditto_name_storage_t o;
	uint8_t rd[DITTO_RDATA_MAX];
	size_t rdlen = 0;
	uint16_t t;
	assert_int_equal(ditto_name_fromtext(owner, strlen(owner), origin, o,
	                                     NULL, NULL),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_rrtype_fromtext(type, strlen(type), &t),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_rdata_fromstring(t, DITTO_CLASS_IN, rdata,
	                                        strlen(rdata), origin, rd,
	                                        sizeof(rd), &rdlen, NULL),
	                 DITTO_R_SUCCESS);
	ditto_rr_t rr = { .owner = o,
		          .type = t,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = 300,
		          .rdlen = (uint16_t)rdlen,
		          .rdata = rd,
		          .file = "z.db",
		          .line = line };
	ditto_rrsink_t s = ditto_check_sink(c);
	return s.fn(s.arg, DITTO_RRSINK_ADD, &rr);
}

static void
head(ditto_check_t *c)
{
	assert_int_equal(feed(c, 1, "@", "SOA", "ns1 hm 7 2 3 4 5"), 0);
	assert_int_equal(feed(c, 2, "@", "NS", "ns1"), 0);
	assert_int_equal(feed(c, 3, "ns1", "A", "192.0.2.1"), 0);
}

static void
hostnames(void **state)
{
	(void)state;
	ditto_name_storage_t n;
	static const struct {
		const char *name;
		bool wild, host;
	} cases[] = {
		{ "www.example.", false, true },
		{ "1a.example.", false, true },
		{ "a-b.example.", false, true },
		{ "-a.example.", false, false },
		{ "a-.example.", false, false },
		{ "a_b.example.", false, false },
		{ "*.example.", true, true },
		{ "*.example.", false, false },
		{ "a.*.example.", true, false },
		{ ".", false, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ditto_name_fromtext(cases[i].name,
		                                     strlen(cases[i].name),
		                                     NULL, n, NULL, NULL),
		                 DITTO_R_SUCCESS);
		assert_int_equal(ditto_check_ishostname(n, cases[i].wild),
		                 cases[i].host);
	}
	assert_int_equal(ditto_name_fromtext("host_master.example.", 20, NULL,
	                                     n, NULL, NULL),
	                 DITTO_R_SUCCESS);
	assert_true(ditto_check_ismailbox(n));
}

static void
ok_zone(void **state)
{
	(void)state;
	ditto_check_t *c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "www", "A", "192.0.2.2"), 0);
	assert_int_equal(feed(c, 5, "www", "A", "192.0.2.2"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "");
	assert_int_equal(ditto_check_serial(c), 7);
	assert_false(ditto_check_secure(c));
	assert_int_equal(ditto_check_records(c), 4); /* duplicate gone */
	ditto_check_destroy(&c);
	assert_null(c);
}

static void
cname_groups(void **state)
{
	(void)state;
	ditto_check_t *c = start(NULL);
	head(c);
	/* One group of A, TXT, CNAME: merged in reverse order, so the CNAME
	 * goes first and both later types clash, at the group's last line. */
	assert_int_equal(feed(c, 4, "w", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 5, "w", "TXT", "x"), 0);
	assert_int_equal(feed(c, 6, "w", "CNAME", "x"), 0);
	assert_int_equal(feed(c, 7, "v", "CNAME", "a"), 0);
	assert_int_equal(feed(c, 8, "v", "CNAME", "b"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(
	        msgs, "dns_master_load: z.db:6: w.example.com: CNAME and other "
	              "data\n"
	              "dns_master_load: z.db:6: w.example.com: CNAME and other "
	              "data\n"
	              "dns_master_load: z.db:8: v.example.com: multiple RRs of "
	              "singleton type\n");
	assert_string_equal(ditto_check_loaderror(c), "CNAME and other data");
	ditto_check_destroy(&c);
}

static void
record_checks(void **state)
{
	(void)state;
	ditto_check_t *c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "bad_name", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 5, "a.*.w", "TXT", "x"), 0);
	assert_int_equal(feed(c, 6, "m", "MX", "10 192.0.2.1"), 0);
	assert_int_equal(feed(c, 7, "s", "NS", "bad_ns"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_SUCCESS);
	assert_string_equal(
	        msgs,
	        "z.db:4: bad_name.example.com: bad owner name (check-names)\n"
	        "z.db:5: warning: ownername 'a.*.w.example.com' contains an "
	        "non-terminal wildcard\n"
	        "z.db:6: warning: '192.0.2.1': MX is an address\n"
	        "z.db:7: warning: bad_ns.example.com: bad name (check-names)\n"
	        "zone example.com/IN: m.example.com/MX '192.0.2.1.example.com' "
	        "has no address records (A or AAAA)\n"
	        "zone example.com/IN: s.example.com/NS 'bad_ns.example.com' "
	        "has "
	        "no address records (A or AAAA)\n");
	ditto_check_destroy(&c);

	ditto_check_opts_t o;
	ditto_check_opts_default(&o);
	o.names = DITTO_CHECK_FAIL;
	c = start(&o);
	head(c);
	assert_int_equal(feed(c, 4, "bad_name", "A", "192.0.2.1"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(ditto_check_loaderror(c),
	                    "bad owner name (check-names)");
	ditto_check_destroy(&c);
}

static void
postload(void **state)
{
	(void)state;
	ditto_check_t *c = start(NULL);
	assert_int_equal(feed(c, 1, "@", "SOA", "ns1 hm 7 2 3 4 5"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(msgs, "zone example.com/IN: has no NS records\n");
	ditto_check_destroy(&c);

	c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "@", "NS", "nx"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(msgs, "zone example.com/IN: NS 'nx.example.com' "
	                          "has no address records (A or AAAA)\n");
	ditto_check_destroy(&c);

	ditto_check_opts_t o;
	ditto_check_opts_default(&o);
	o.mxcname = DITTO_CHECK_FAIL;
	c = start(&o);
	head(c);
	assert_int_equal(feed(c, 4, "sub", "NS", "ns.sub"), 0);
	assert_int_equal(feed(c, 5, "@", "MX", "1 c"), 0);
	assert_int_equal(feed(c, 6, "c", "CNAME", "ns1"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(
	        msgs, "zone example.com/IN: example.com/MX 'c.example.com' is "
	              "a CNAME (illegal)\n"
	              "zone example.com/IN: sub.example.com/NS "
	              "'ns.sub.example.com' has no REQUIRED GLUE address "
	              "records (A or AAAA)\n");
	ditto_check_destroy(&c);
}

/* Dump the checked zone as ditto-checkzone -D does; then keep "owner/type"
 * of each line (TTL too when \a ttl), space separated. */
static void
dump_summary(const ditto_check_t *c, bool ttl, char *out, size_t size)
{
	static char text[16384];
	FILE *fp = tmpfile(); /* (cmocka's free() cannot take libc memory) */
	assert_non_null(fp);
	ditto_dump_t d;
	ditto_dump_init(&d, fp);
	ditto_dump_setowner(&d, ditto_check_ownercase, (void *)c);
	assert_int_equal(ditto_dump_version(&d, ditto_check_version(c)),
	                 DITTO_R_SUCCESS);
	ditto_dump_clear(&d);
	rewind(fp);
	size_t len = fread(text, 1, sizeof(text) - 1, fp);
	text[len] = '\0';
	assert_int_equal(fclose(fp), 0);
	out[0] = '\0';
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char owner[300], cls[16], type[16];
		unsigned int t;
		if (line[0] == ';') {
			continue;
		}
		assert_int_equal(sscanf(line, "%299s %u %15s %15s", owner, &t,
		                        cls, type),
		                 4);
		size_t n = strlen(out);
		if (ttl) {
			snprintf(out + n, size - n, "%s/%s/%u ", owner, type,
			         t);
		} else {
			snprintf(out + n, size - n, "%s/%s ", owner, type);
		}
	}
}

static void
order(void **state)
{
	(void)state;
	char out[1024];
	ditto_check_t *c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "z", "TXT", "b"), 0);
	assert_int_equal(feed(c, 5, "z", "A", "192.0.2.9"), 0);
	assert_int_equal(feed(c, 6, "a.b", "TXT", "x"), 0);
	assert_int_equal(feed(c, 7, "Z", "TXT", "a"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_SUCCESS);
	dump_summary(c, true, out, sizeof(out));
	assert_string_equal(out,
	                    "example.com./SOA/300 example.com./NS/300 "
	                    "a.b.example.com./TXT/300 "
	                    "ns1.example.com./A/300 z.example.com./A/300 "
	                    "z.example.com./TXT/300 z.example.com./TXT/300 ");
	/* The zone is an ordinary committed version. */
	const ditto_version_t *v = ditto_check_version(c);
	assert_false(ditto_version_writable(v));
	assert_int_equal(ditto_version_records(v), 7);
	ditto_check_destroy(&c);
}

/* BIND keeps the owner's case per RRset: as the RRset's first record was
 * written. The node (and the messages) keep the first spelling. */
static void
owner_case(void **state)
{
	(void)state;
	char out[1024];
	ditto_check_t *c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "WWW", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 5, "www", "TXT", "x"), 0);
	assert_int_equal(feed(c, 6, "Www", "TXT", "y"), 0);
	assert_int_equal(feed(c, 7, "foo", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 8, "wwW", "A", "192.0.2.2"), 0);
	assert_int_equal(feed(c, 9, "wWW", "SPF", "z"), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "zone example.com/IN: 'WWW.example.com' "
	                          "found type SPF record but no SPF TXT record "
	                          "found, add matching type TXT record\n");
	dump_summary(c, false, out, sizeof(out));
	assert_string_equal(out, "example.com./SOA example.com./NS "
	                         "foo.example.com./A ns1.example.com./A "
	                         "WWW.example.com./A WWW.example.com./A "
	                         "www.example.com./TXT www.example.com./TXT "
	                         "wWW.example.com./SPF ");
	ditto_check_destroy(&c);
}

/* A later owner group merges into the RRset; its TTL wins (BIND's merge).
 * Re-adding a CNAME that is already there changes nothing, and is not
 * reported again; a refused singleton is not added. */
static void
merges(void **state)
{
	(void)state;
	char out[1024];
	ditto_check_t *c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "w", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 5, "x", "A", "192.0.2.1"), 0);
	ditto_name_storage_t o;
	assert_int_equal(ditto_name_fromtext("w", 1, origin, o, NULL, NULL),
	                 DITTO_R_SUCCESS);
	uint8_t rd[4] = { 192, 0, 2, 2 };
	ditto_rr_t rr = { .owner = o,
		          .type = DITTO_TYPE_A,
		          .rclass = DITTO_CLASS_IN,
		          .ttl = 900,
		          .rdlen = 4,
		          .rdata = rd,
		          .file = "z.db",
		          .line = 6 };
	ditto_rrsink_t s = ditto_check_sink(c);
	assert_int_equal(s.fn(s.arg, DITTO_RRSINK_ADD, &rr), 0);
	assert_int_equal(ditto_check_finish(c), DITTO_R_SUCCESS);
	dump_summary(c, true, out, sizeof(out));
	assert_non_null(strstr(out,
	                       "w.example.com./A/900 "
	                       "w.example.com./A/900 x.example.com./A/300"));
	ditto_check_destroy(&c);

	c = start(NULL);
	head(c);
	assert_int_equal(feed(c, 4, "w", "CNAME", "ns1"), 0);
	assert_int_equal(feed(c, 5, "x", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 6, "w", "CNAME", "x"), 0); /* refused */
	assert_int_equal(feed(c, 7, "y", "A", "192.0.2.1"), 0);
	assert_int_equal(feed(c, 8, "w", "CNAME", "ns1"), 0); /* no change */
	assert_int_equal(feed(c, 9, "w", "DNAME", "ns1"), 0); /* clash */
	assert_int_equal(ditto_check_finish(c), DITTO_R_FAILURE);
	assert_string_equal(
	        msgs, "dns_master_load: z.db:6: w.example.com: multiple RRs of "
	              "singleton type\n"
	              "dns_master_load: z.db:9: w.example.com: CNAME and other "
	              "data\n");
	ditto_check_destroy(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostnames),    cmocka_unit_test(ok_zone),
		cmocka_unit_test(cname_groups), cmocka_unit_test(record_checks),
		cmocka_unit_test(postload),     cmocka_unit_test(order),
		cmocka_unit_test(owner_case),   cmocka_unit_test(merges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

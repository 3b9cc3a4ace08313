/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Unit tests of lib/zone/master: the master-file reader against BIND. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "zone/master.h"

/*
 * load() runs the reader over a text with a collecting sink. Each record
 * becomes "owner ttl TYPE rdata @line" in `recs`; each warning "W: text"
 * and error "E: text" in `msgs`. The expected texts were produced by
 * named-checkzone 9.18 (-D for records, stderr for messages) on the same
 * input; where ditto words an rdata error differently that is noted.
 */
static char recs[16384];
static char msgs[8192];
static size_t nrecs_text, nmsgs_text;
static ditto_master_status_t st;
static ditto_master_opts_t opts;
static ditto_name_storage_t origin;
static int sink_fail_after = -1;
static bool sink_note; /* the sink adds "S: owner" to msgs */

static ditto_result_t
sink(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	(void)arg;
	assert_int_equal(op, DITTO_RRSINK_ADD);
	assert_non_null(rr->file);
	assert_true(rr->line > 0);
	if (sink_fail_after == 0) {
		return DITTO_R_NOSPACE;
	}
	if (sink_fail_after > 0) {
		sink_fail_after--;
	}
	char n[DITTO_NAME_MAXTEXT], t[DITTO_RRTYPE_MAXTEXT], rd[2048];
	size_t len;
	assert_int_equal(ditto_name_totext(rr->owner, NULL, n, sizeof(n), &len),
	                 DITTO_R_SUCCESS);
	assert_int_equal(ditto_rrtype_totext(rr->type, t, sizeof(t)),
	                 DITTO_R_SUCCESS);
	if (ditto_rdata_totext(rr->type, rr->rdata, rr->rdlen, NULL, rd,
	                       sizeof(rd), &len) != DITTO_R_SUCCESS) {
		snprintf(rd, sizeof(rd), "<bad rdata>");
	}
	nrecs_text += (size_t)snprintf(
	        recs + nrecs_text, sizeof(recs) - nrecs_text,
	        "%s %u %s %s @%u\n", n, rr->ttl, t, rd, rr->line);
	if (sink_note) {
		nmsgs_text += (size_t)snprintf(msgs + nmsgs_text,
		                               sizeof(msgs) - nmsgs_text,
		                               "S: %s\n", n);
	}
	return DITTO_R_SUCCESS;
}

static void
msg(void *arg, const char *file, uint32_t line, const char *text)
{
	(void)file;
	(void)line;
	nmsgs_text +=
	        (size_t)snprintf(msgs + nmsgs_text, sizeof(msgs) - nmsgs_text,
	                         "%s: %s\n", (const char *)arg, text);
}

static void
reset_opts(const char *zone)
{
	assert_int_equal(ditto_name_fromtext(zone, strlen(zone),
	                                     ditto_name_root, origin, NULL,
	                                     NULL),
	                 DITTO_R_SUCCESS);
	memset(&opts, 0, sizeof(opts));
	opts.origin = origin;
	opts.warn = msg;
	opts.warn_arg = "W";
	opts.error = msg;
	opts.error_arg = "E";
	opts.no_include = true;
	sink_fail_after = -1;
	sink_note = false;
}

static int
setup(void **state)
{
	(void)state;
	reset_opts("example.com.");
	return 0;
}

static ditto_result_t
load(const char *text)
{
	recs[0] = msgs[0] = '\0';
	nrecs_text = nmsgs_text = 0;
	ditto_rrsink_t s = { sink, NULL };
	return ditto_master_loadmem("t.zone", text, strlen(text), &opts, s,
	                            &st);
}

#define HDR                                        \
	"$TTL 60\n"                                \
	"@ IN SOA ns1 host 1 3600 600 86400 300\n" \
	"@ NS ns1\n"                               \
	"ns1 A 1.2.3.4\n"
#define HDR_RECS                                                             \
	"example.com. 60 SOA ns1.example.com. host.example.com. 1 3600 600 " \
	"86400 300 @2\n"                                                     \
	"example.com. 60 NS ns1.example.com. @3\n"                           \
	"ns1.example.com. 60 A 1.2.3.4 @4\n"

static void
test_basic(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "a 1h30m IN A 10.0.0.1\n"
	                          "b IN 1w A 10.0.0.2\n"
	                          " 3w2d4h5m6s TXT \"x y\" z\n"
	                          "c.example.com. 1S A 10.0.0.3\n"
	                          "\n; comment only\n"
	                          "@ MX 10 mx\n"
	                          "*.w A 10.0.0.4\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(recs, HDR_RECS
	                    "a.example.com. 5400 A 10.0.0.1 @5\n"
	                    "b.example.com. 604800 A 10.0.0.2 @6\n"
	                    "b.example.com. 2001906 TXT \"x y\" \"z\" @7\n"
	                    "c.example.com. 1 A 10.0.0.3 @8\n"
	                    "example.com. 60 MX 10 mx.example.com. @11\n"
	                    "*.w.example.com. 60 A 10.0.0.4 @12\n");
	assert_string_equal(msgs, "");
	assert_int_equal(st.records, 9);
	assert_null(st.summary);
}

static void
test_lexing_in_records(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "\"a\" A 10.0.0.1\n"
	                          "a TXT \"x\"y\n"
	                          "a TXT ( \"x\" ; c\n   \"y\" ) ; d\n"
	                          "b ( A ) 10.0.0.2\n"
	                          "( c A 10.0.0.3 )\n"
	                          "d TXT \\( \\; \\\"\n"
	                          "e\\ f A 10.0.0.4\r\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(recs, HDR_RECS
	                    "a.example.com. 60 A 10.0.0.1 @5\n"
	                    "a.example.com. 60 TXT \"x\" \"y\" @6\n"
	                    "a.example.com. 60 TXT \"x\" \"y\" @7\n"
	                    "b.example.com. 60 A 10.0.0.2 @9\n"
	                    "c.example.com. 60 A 10.0.0.3 @10\n"
	                    "d.example.com. 60 TXT \"(\" \";\" \"\\\"\" @11\n"
	                    "e\\032f.example.com. 60 A 10.0.0.4 @12\n");
}

static void
test_generic(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "a TYPE1 \\# 4 01020304\n"
	                          "b A \\# 4 01020304\n"
	                          "c CLASS1 TYPE65280 \\# 2 abcd\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(recs, HDR_RECS
	                    "a.example.com. 60 A 1.2.3.4 @5\n"
	                    "b.example.com. 60 A 1.2.3.4 @6\n"
	                    "c.example.com. 60 TYPE65280 \\# 2 ABCD @7\n");
}

static void
test_origin(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "$ORIGIN sub ; c\n"
	                          "x A 10.0.0.1\n"
	                          "$origin a.example.com.\n"
	                          "y A 10.0.0.2\n"
	                          "@ A 10.0.0.3\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(recs,
	                    HDR_RECS "x.sub.example.com. 60 A 10.0.0.1 @6\n"
	                             "y.a.example.com. 60 A 10.0.0.2 @8\n"
	                             "a.example.com. 60 A 10.0.0.3 @9\n");
}

static void
test_inherited_after_origin(void **state)
{
	(void)state;
	/* ns1 is glue of the apex: BIND names the apex in the warning */
	assert_int_equal(load(HDR "$ORIGIN sub\n A 10.0.0.1\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:6: record with inherited owner "
	                          "(example.com) immediately after $ORIGIN "
	                          "(sub.example.com)\n");
	assert_non_null(strstr(recs, "ns1.example.com. 60 A 10.0.0.1 @6\n"));
	assert_int_equal(load(HDR "q TXT foo\n$ORIGIN sub\n A 10.0.0.1\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:7: record with inherited owner "
	                          "(q.example.com) immediately after $ORIGIN "
	                          "(sub.example.com)\n");
}

static void
test_ttl_rules(void **state)
{
	(void)state;
	/* no $TTL: SOA MINTTL acts as $TTL */
	assert_int_equal(load("@ IN SOA ns1 host 1 3600 600 86400 300\n"
	                      "@ NS ns1\n"
	                      "x 100 A 10.0.0.1\n"
	                      "y A 10.0.0.2\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:1: no TTL specified; using SOA "
	                          "MINTTL instead\n");
	assert_non_null(strstr(recs, "example.com. 300 NS"));
	assert_non_null(strstr(recs, "y.example.com. 300 A"));

	/* RFC 1035: the last explicit TTL, warned once */
	assert_int_equal(load("@ 100 IN SOA ns1 host 1 3600 600 86400 300\n"
	                      "@ NS ns1\n"
	                      "ns1 200 A 10.0.0.1\n"
	                      "x A 10.0.0.2\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:2: using RFC1035 TTL semantics\n");
	assert_non_null(strstr(recs, "example.com. 100 NS"));
	assert_non_null(strstr(recs, "x.example.com. 200 A"));

	/* nothing at all */
	assert_int_equal(load("ns1 A 10.0.0.1\n"), DITTO_R_BADTTL);
	assert_string_equal(msgs, "E: t.zone:1: no TTL specified; zone "
	                          "rejected\n");
	assert_string_equal(st.summary, "no ttl");

	/* the default_ttl option acts as $TTL */
	opts.has_default_ttl = true;
	opts.default_ttl = 77;
	assert_int_equal(load("a A 10.0.0.1\n"), DITTO_R_SUCCESS);
	assert_string_equal(recs, "a.example.com. 77 A 10.0.0.1 @1\n");
}

static void
test_ttl_max(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "v 4294967295 A 10.0.0.1\n"
	                          "$TTL 2147483648\n"
	                          "w A 10.0.0.2\n"
	                          "x 2147483647 A 10.0.0.3\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs,
	                    "W: dns_master_load: t.zone:5: $TTL 4294967295 > "
	                    "MAXTTL, setting $TTL to 0\n"
	                    "W: dns_master_load: t.zone:6: $TTL 2147483648 > "
	                    "MAXTTL, setting $TTL to 0\n");
	assert_non_null(strstr(recs, "v.example.com. 0 A"));
	assert_non_null(strstr(recs, "w.example.com. 0 A"));
	assert_non_null(strstr(recs, "x.example.com. 2147483647 A"));
}

static void
test_ttl_prior(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "ns1 30 A 1.2.3.5\n"), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:5: TTL set to prior TTL (60)\n");
	assert_non_null(strstr(recs, "ns1.example.com. 60 A 1.2.3.5 @5"));
	/* another owner in between: no longer the same group */
	assert_int_equal(load(HDR "x A 10.0.0.1\nns1 30 A 1.2.3.5\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "");
	assert_non_null(strstr(recs, "ns1.example.com. 30 A 1.2.3.5 @6"));
}

/* The prior TTL is per RRset: RRSIGs covering different types are
 * different RRsets (NSEC3-signed zones: NSEC3PARAM TTL 0 beside SOA). The
 * warning follows what the sink says about the record (check-names), as
 * BIND prints it. */
static void
test_ttl_prior_rrsig(void **state)
{
	(void)state;
	static const char sig[] = " 13 2 60 20300101000000 20200101000000 1 "
	                          "example.com. AAAA\n";
	char text[1024];
	snprintf(text, sizeof(text),
	         HDR "@ 0 RRSIG NSEC3PARAM%s@ 60 RRSIG SOA%s@ 30 RRSIG SOA%s",
	         sig, sig, sig);
	assert_int_equal(load(text), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:7: TTL set to prior TTL (60)\n");
	sink_note = true;
	assert_int_equal(load(HDR "ns1 30 A 1.2.3.5\n"), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "S: example.com.\nS: example.com.\n"
	                          "S: ns1.example.com.\nS: ns1.example.com.\n"
	                          "W: t.zone:5: TTL set to prior TTL (60)\n");
}

/* The sink gets each owner as written: BIND keeps the case per RRset. An
 * omitted owner is the last one written. */
static void
test_owner_case(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "WWW A 10.0.0.1\nwww TXT x\n MX 1 ns1\n"
	                          "@ NS Glue\nGLUE A 10.0.0.2\n TXT y\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(recs, HDR_RECS
	                    "WWW.example.com. 60 A 10.0.0.1 @5\n"
	                    "www.example.com. 60 TXT \"x\" @6\n"
	                    "www.example.com. 60 MX 1 ns1.example.com. @7\n"
	                    "example.com. 60 NS Glue.example.com. @8\n"
	                    "GLUE.example.com. 60 A 10.0.0.2 @9\n"
	                    "GLUE.example.com. 60 TXT \"y\" @10\n");
}

/* BIND warns about out-of-zone data once per owner written, not for the
 * records that inherit it. */
static void
test_out_of_zone_once(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "o.other. A 10.0.0.1\n A 10.0.0.2\n TXT x\n"
	                          "o.other. A 10.0.0.3\nb A 10.0.0.4\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs,
	                    "W: t.zone:5: ignoring out-of-zone data (o.other)\n"
	                    "W: t.zone:8: ignoring out-of-zone data "
	                    "(o.other)\n");
	assert_string_equal(recs, HDR_RECS "b.example.com. 60 A 10.0.0.4 @9\n");
}

/* named-checkzone 9.18: MD and MF are refused; an unknown $ directive is
 * then read as a record owned by the directive's token; an SOA below the
 * apex ends the load. */
static void
test_bind_quirks(void **state)
{
	(void)state;
	opts.many_errors = true;
	assert_int_equal(load(HDR "m MD ns1\nf TYPE4 \\# 1 00\nb A 10.0.0.1\n"),
	                 DITTO_R_BADTYPE);
	assert_string_equal(msgs, "E: t.zone:5: type 'MD': obsolete\n"
	                          "E: t.zone:6: type 'MF': obsolete\n");
	assert_string_equal(st.summary, "obsolete");
	assert_string_equal(recs, HDR_RECS "b.example.com. 60 A 10.0.0.1 @7\n");

	assert_int_equal(load(HDR "$FOO bar\n$FOO A 10.0.0.1\n TXT x\n"),
	                 DITTO_R_SYNTAX);
	assert_string_equal(msgs, "E: dns_master_load: t.zone:5: unknown $ "
	                          "directive '$FOO'\n"
	                          "E: t.zone:5: unknown RR type 'bar'\n"
	                          "E: dns_master_load: t.zone:6: unknown $ "
	                          "directive '$FOO'\n");
	assert_string_equal(recs,
	                    HDR_RECS "\\$FOO.example.com. 60 A 10.0.0.1 @6\n"
	                             "\\$FOO.example.com. 60 TXT \"x\" @7\n");
	assert_string_equal(st.summary, "syntax error");

	assert_int_equal(load(HDR "$FOO\nb A 10.0.0.1\n"), DITTO_R_SYNTAX);
	assert_string_equal(msgs, "E: dns_master_load: t.zone:5: unknown $ "
	                          "directive '$FOO'\n"
	                          "E: dns_master_load: t.zone:5: unexpected "
	                          "end of line\n"
	                          "E: dns_master_load: t.zone:5: unexpected "
	                          "end of input\n");
	assert_string_equal(recs, HDR_RECS);

	assert_int_not_equal(
	        load(HDR "a A 1.2.3\ns SOA ns1 h 1 2 3 4 5\nb AXX 1\n"),
	        DITTO_R_SUCCESS);
	assert_true(strncmp(msgs, "E: dns_rdata_fromtext: t.zone:5: ", 33) ==
	            0);
	assert_non_null(strstr(msgs, "E: t.zone:6: SOA record not at top of "
	                             "zone (s.example.com)\n"));
	assert_null(strstr(msgs, "AXX"));
	assert_int_equal(st.errors, 2);
}

static void
test_ttl_class_errors(void **state)
{
	(void)state;
	struct {
		const char *line;
		ditto_result_t r;
		const char *msg;
		const char *summary;
	} cases[] = {
		{ "a AXX 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type 'AXX'\n",
		  "unknown class/type" },
		{ "a 1x A 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type '1x'\n", "unknown class/type" },
		{ "a IN IN A 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type 'IN'\n", "unknown class/type" },
		{ "a 1 2 A 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type '2'\n", "unknown class/type" },
		{ "x 1h30 A 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type '1h30'\n",
		  "unknown class/type" },
		{ "x 4294967296 A 1.2.3.4", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type '4294967296'\n",
		  "unknown class/type" },
		{ "x ANY \\# 0", DITTO_R_BADTYPE,
		  "E: t.zone:5: unknown RR type '\\#'\n",
		  "unknown class/type" },
		{ "a CH A 1.2.3.4", DITTO_R_BADCLASS,
		  "E: t.zone:5: class 'CH' != zone class 'IN'\n", "bad class" },
		{ "a CLASS3 A 1.2.3.4", DITTO_R_BADCLASS,
		  "E: t.zone:5: class 'CH' != zone class 'IN'\n", "bad class" },
		{ "y OPT \\# 0", DITTO_R_BADTYPE,
		  "E: t.zone:5: type 'OPT': invalid use of a meta type\n",
		  "invalid use of a meta type" },
		{ "y TYPE255 \\# 0", DITTO_R_BADTYPE,
		  "E: t.zone:5: type 'ANY': invalid use of a meta type\n",
		  "invalid use of a meta type" },
		{ "a IN", DITTO_R_UNEXPECTEDEND,
		  "E: dns_master_load: t.zone:5: unexpected end of line\n",
		  "unexpected end of input" },
		{ "a", DITTO_R_UNEXPECTEDEND,
		  "E: dns_master_load: t.zone:5: unexpected end of line\n",
		  "unexpected end of input" },
		{ "a \"A\" 1.2.3.4", DITTO_R_SYNTAX,
		  "E: dns_master_load: t.zone:5: syntax error\n",
		  "syntax error" },
		{ "a..b A 1.2.3.4", DITTO_R_EMPTYLABEL,
		  "E: dns_master_load: t.zone:5: empty label\n",
		  "empty label" },
		{ "sub SOA ns1 host 1 3600 600 86400 300", DITTO_R_NOTZONETOP,
		  "E: t.zone:5: SOA record not at top of zone "
		  "(sub.example.com)\n",
		  "not at top of zone" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), HDR "%s\n", cases[i].line);
		ditto_result_t r = load(text);
		if (r != cases[i].r || strcmp(msgs, cases[i].msg) != 0 ||
		    strcmp(st.summary, cases[i].summary) != 0) {
			fail_msg("%s: got %s, '%s' (%s)", cases[i].line,
			         ditto_result_name(r), msgs, st.summary);
		}
		assert_int_equal(st.line, 5);
		assert_string_equal(st.file, "t.zone");
		assert_string_equal(recs, HDR_RECS);
	}
}

static void
test_rdata_error(void **state)
{
	(void)state;
	/* BIND: "dns_rdata_fromtext: t.zone:5: near '1.2.3': bad dotted
	 * quad"; the reason after file:line is the rdata parser's own. */
	assert_int_not_equal(load(HDR "a A 1.2.3\n"), DITTO_R_SUCCESS);
	assert_string_equal(msgs, "E: dns_rdata_fromtext: t.zone:5: near "
	                          "'1.2.3': bad dotted quad\n");
	/* the summary is the rdata parser's (ditto_err_t.summary) */
	assert_string_equal(st.summary, "bad dotted quad");
	assert_int_not_equal(load(HDR "a A\n"), DITTO_R_SUCCESS);
	assert_true(strncmp(msgs, "E: dns_rdata_fromtext: t.zone:5: ", 33) ==
	            0);
}

static void
test_out_of_zone(void **state)
{
	(void)state;
	assert_int_equal(load(HDR "foo.other. A 10.0.0.1\nb A 10.0.0.2\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(msgs, "W: t.zone:5: ignoring out-of-zone data "
	                          "(foo.other)\n");
	assert_string_equal(recs, HDR_RECS "b.example.com. 60 A 10.0.0.2 @6\n");
	/* the rest of the line is still checked */
	assert_int_equal(load(HDR "foo.other. AXX 1\n"), DITTO_R_BADTYPE);
	assert_string_equal(msgs, "W: t.zone:5: ignoring out-of-zone data "
	                          "(foo.other)\n"
	                          "E: t.zone:5: unknown RR type 'AXX'\n");
}

static void
test_owner(void **state)
{
	(void)state;
	assert_int_equal(load(" A 10.0.0.1\n$TTL 60\n"), DITTO_R_SYNTAX);
	assert_string_equal(msgs, "E: t.zone:1: no current owner name\n");
	assert_string_equal(st.summary, "no owner");
}

static void
test_directive_errors(void **state)
{
	(void)state;
	struct {
		const char *line;
		ditto_result_t r;
		const char *msg;
	} cases[] = {
		{ "$FOO bar", DITTO_R_SYNTAX,
		  "E: dns_master_load: t.zone:5: unknown $ directive "
		  "'$FOO'\n" },
		{ "$ORIGIN", DITTO_R_UNEXPECTEDEND,
		  "E: dns_master_load: t.zone:5: unexpected end of line\n" },
		{ "$TTL", DITTO_R_UNEXPECTEDEND,
		  "E: dns_master_load: t.zone:5: unexpected end of line\n" },
		{ "$TTL 1 extra", DITTO_R_EXTRADATA,
		  "E: dns_master_load: t.zone:5: extra input text\n" },
		{ "$ORIGIN foo bar", DITTO_R_EXTRADATA,
		  "E: dns_master_load: t.zone:5: extra input text\n" },
		{ "$TTL 1x", DITTO_R_BADTTL,
		  "E: dns_master_load: t.zone:5: bad ttl '1x'\n" },
		{ "$TTL 1h30", DITTO_R_BADTTL,
		  "E: dns_master_load: t.zone:5: bad ttl '1h30'\n" },
		{ "$TTL 9999999w", DITTO_R_RANGE,
		  "E: dns_master_load: t.zone:5: $TTL '9999999w' out of "
		  "range\n" },
		{ "$TTL \"60\"", DITTO_R_SYNTAX,
		  "E: dns_master_load: t.zone:5: syntax error\n" },
		{ "$INCLUDE x.zone", DITTO_R_SYNTAX,
		  "E: dns_master_load: t.zone:5: $INCLUDE not allowed\n" },
		{ "a A ( 1.2.3.4", DITTO_R_SYNTAX,
		  "E: dns_rdata_fromtext: t.zone:5: unbalanced "
		  "parentheses\n" },
		{ "a A 1.2.3.4 )", DITTO_R_SYNTAX,
		  "E: dns_rdata_fromtext: t.zone:5: unbalanced "
		  "parentheses\n" },
		{ "a TXT \"abc", DITTO_R_SYNTAX,
		  "E: dns_rdata_fromtext: t.zone:5: unbalanced quotes\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), HDR "%s\n", cases[i].line);
		ditto_result_t r = load(text);
		if (r != cases[i].r || strcmp(msgs, cases[i].msg) != 0) {
			fail_msg("%s: got %s, '%s'", cases[i].line,
			         ditto_result_name(r), msgs);
		}
	}
}

static void
test_many_errors(void **state)
{
	(void)state;
	opts.many_errors = true;
	assert_int_equal(load(HDR "a AXX 1.2.3.4\n"
	                          "b A 10.0.0.1\n"
	                          "c CH A 1.2.3.4\n"
	                          "d A 10.0.0.2\n"),
	                 DITTO_R_BADTYPE);
	assert_string_equal(msgs, "E: t.zone:5: unknown RR type 'AXX'\n"
	                          "E: t.zone:7: class 'CH' != zone class "
	                          "'IN'\n");
	assert_int_equal(st.errors, 2);
	assert_int_equal(st.line, 5);
	assert_string_equal(st.err.msg, "t.zone:5: unknown RR type 'AXX'");
	assert_non_null(strstr(recs, "d.example.com."));
	/* without many_errors the first error stops the load */
	opts.many_errors = false;
	assert_int_equal(load(HDR "a AXX 1.2.3.4\nb A 10.0.0.1\n"),
	                 DITTO_R_BADTYPE);
	assert_null(strstr(recs, "b.example.com."));
	assert_int_equal(st.errors, 1);
}

static void
test_caps_and_sink(void **state)
{
	(void)state;
	opts.max_records = 3;
	assert_int_equal(load(HDR "a A 10.0.0.1\n"), DITTO_R_TOOMANY);
	assert_int_equal(st.records, 3);
	opts.max_records = 0;
	sink_fail_after = 1;
	opts.many_errors = true;
	assert_int_equal(load(HDR), DITTO_R_NOSPACE);
	assert_int_equal(st.records, 1);
	opts.max_bytes = 10;
	assert_int_equal(load(HDR), DITTO_R_TOOMANY);
}

/* $GENERATE: expected records are named-checkzone -D output. */
static void
test_generate(void **state)
{
	(void)state;
	assert_int_equal(load(HDR
	                      "$GENERATE 1-10/4 host$ A 10.0.0.$\n"
	                      "$GENERATE 0-1 h${0,3,d} 30 IN A 10.0.1.${10}\n"
	                      "$GENERATE 0-1 g${0,3,x}.${0,4,X} TXT "
	                      "\"${255,0,o} $$ \\$\"\n"
	                      "$GENERATE 255-256 ${0,5,n}x PTR ${0,8,N}y\n"
	                      "$GENERATE 10-10 ${0,0,n}z PTR ${0,3,N}y\n"
	                      "$GENERATE 1-1 m$ MX \"10 mx$\"\n"
	                      "$GENERATE 1-1 i$ IN 20 A 10.0.2.$\n"
	                      "$GENERATE 1-1 j\\$ A 10.0.3.$\n"
	                      "$GENERATE 1-1 k$$ A 10.0.4.$\n"
	                      "$GENERATE 1-1 l${2147483648} A 10.0.5.$\n"
	                      "$GENERATE 1-1 n${-5} A 10.0.6.$\n"
	                      "$GENERATE 1-1 @ TXT ${0,10,o}\n"
	                      "$GENERATE 1-1 o TYPE1 \"\\# 4 0a00070$\"\n"
	                      " A 10.0.8.1\n"),
	                 DITTO_R_SUCCESS);
	assert_string_equal(
	        recs, HDR_RECS
	        "host1.example.com. 60 A 10.0.0.1 @5\n"
	        "host5.example.com. 60 A 10.0.0.5 @5\n"
	        "host9.example.com. 60 A 10.0.0.9 @5\n"
	        "h000.example.com. 30 A 10.0.1.10 @6\n"
	        "h001.example.com. 30 A 10.0.1.11 @6\n"
	        "g000.0000.example.com. 60 TXT \"377\" \"$\" \"$\" @7\n"
	        "g001.0001.example.com. 60 TXT \"400\" \"$\" \"$\" @7\n"
	        "f.f.0x.example.com. 60 PTR F.F.0.0.y.example.com. @8\n"
	        "0.0.1x.example.com. 60 PTR 0.0.1.0.y.example.com. @8\n"
	        "az.example.com. 60 PTR A.0y.example.com. @9\n"
	        "m1.example.com. 60 MX 10 mx1.example.com. @10\n"
	        "i1.example.com. 20 A 10.0.2.1 @11\n"
	        "j\\$.example.com. 60 A 10.0.3.1 @12\n"
	        "k\\$.example.com. 60 A 10.0.4.1 @13\n"
	        "l-2147483647.example.com. 60 A 10.0.5.1 @14\n"
	        "n-4.example.com. 60 A 10.0.6.1 @15\n"
	        "example.com. 60 TXT \"0000000001\" @16\n"
	        "o.example.com. 60 A 10.0.7.1 @17\n"
	        /* $GENERATE does not change the current owner */
	        "ns1.example.com. 60 A 10.0.8.1 @18\n");
	assert_string_equal(msgs, "");
}

static void
test_generate_errors(void **state)
{
	(void)state;
	struct {
		const char *line;
		ditto_result_t r;
		const char *msg;
	} cases[] = {
		{ "$GENERATE 3-1 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range '3-1'\n" },
		{ "$GENERATE a-2 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range 'a-2'\n" },
		{ "$GENERATE 1-2/0 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range '1-2/0'\n" },
		{ "$GENERATE 1 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range '1'\n" },
		{ "$GENERATE 0-4294967295 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range '0-4294967295'\n" },
		{ "$GENERATE -1-1 h$ A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: invalid range '-1-1'\n" },
		{ "$GENERATE 1-2 h${1,2,z} A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h${1 A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h${} A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h${0,2,d,x} A 1.1.1.$", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h TXT ${0,3,}", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h TXT ${0x10}", DITTO_R_SYNTAX,
		  "E: $GENERATE: t.zone:5: syntax error\n" },
		{ "$GENERATE 1-2 h TXT ${0,128}", DITTO_R_NOSPACE,
		  "E: $GENERATE: t.zone:5: ran out of space\n" },
		{ "$GENERATE 1-2 h TXT ${0,-3}", DITTO_R_NOSPACE,
		  "E: $GENERATE: t.zone:5: ran out of space\n" },
		{ "$GENERATE 1-1 h${2147483647} A 1.1.1.$", DITTO_R_RANGE,
		  "E: $GENERATE: t.zone:5: out of range\n" },
		{ "$GENERATE 1-1 h${0,63} A 1.1.1.$", DITTO_R_LABELTOOLONG,
		  "E: $GENERATE: t.zone:5: label too long\n" },
		{ "$GENERATE 10-11 ${0,0,n}.x PTR ${0,4,N}.y",
		  DITTO_R_EMPTYLABEL, "E: $GENERATE: t.zone:5: empty label\n" },
		{ "$GENERATE 1-2 h$ AXX 1.1.1.$", DITTO_R_BADTYPE,
		  "E: $GENERATE: t.zone:5: unknown RR type 'AXX'\n" },
		{ "$GENERATE 1-1 h$ CH A 1.1.1.$", DITTO_R_BADCLASS,
		  "E: t.zone:5: class 'CH' != zone class 'IN'\n" },
		{ "$GENERATE 1-2 h$", DITTO_R_UNEXPECTEDEND,
		  "E: dns_master_load: t.zone:5: unexpected end of line\n" },
		{ "$GENERATE 1-2 h$ A 1.1.1.$ extra", DITTO_R_EXTRADATA,
		  "E: dns_master_load: t.zone:5: extra input text\n" },
		{ "$GENERATE 1-2 h$ MX 10 mx$", DITTO_R_EXTRADATA,
		  "E: dns_master_load: t.zone:5: extra input text\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), HDR "%s\n", cases[i].line);
		ditto_result_t r = load(text);
		if (r != cases[i].r || strcmp(msgs, cases[i].msg) != 0) {
			fail_msg("%s: got %s, '%s'", cases[i].line,
			         ditto_result_name(r), msgs);
		}
	}
}

static void
test_generate_cap(void **state)
{
	(void)state;
	/* out-of-zone owners are not emitted but still count */
	opts.max_records = 50;
	assert_int_equal(load(HDR "$GENERATE 0-2147483647 h$.other. A "
	                          "10.0.0.1\n"),
	                 DITTO_R_TOOMANY);
}

/* ---- files and $INCLUDE ---------------------------------------------- */

static char dir[64];

static void
put(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static ditto_result_t
loadfile(const char *name)
{
	/* the top file by a relative name: the working directory is dir */
	recs[0] = msgs[0] = '\0';
	nrecs_text = nmsgs_text = 0;
	ditto_rrsink_t s = { sink, NULL };
	return ditto_master_loadfile(name, &opts, s, &st);
}

static int
setup_files(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ditto_master_XXXXXX");
	assert_non_null(mkdtemp(dir));
	reset_opts("example.com.");
	opts.no_include = false;
	opts.directory = dir;
	assert_int_equal(chdir(dir), 0);
	return 0;
}

static int
teardown_files(void **state)
{
	(void)state;
	char cmd[128];
	assert_int_equal(chdir("/"), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void
test_include(void **state)
{
	(void)state;
	put("inc.zone", " A 10.0.0.1\n$TTL 99\ninc A 10.0.0.2\n");
	put("main.zone", HDR "z A 10.0.0.3\n"
	                     "$INCLUDE inc.zone\n"
	                     " A 10.0.0.4\n"
	                     "$INCLUDE \"inc.zone\" sub ; comment\n"
	                     " A 10.0.0.5\n"
	                     "y A 10.0.0.6\n");
	assert_int_equal(loadfile("main.zone"), DITTO_R_SUCCESS);
	char want[2048];
	snprintf(want, sizeof(want),
	         "example.com. 60 SOA ns1.example.com. host.example.com. 1 "
	         "3600 600 86400 300 @2\n"
	         "example.com. 60 NS ns1.example.com. @3\n"
	         "ns1.example.com. 60 A 1.2.3.4 @4\n"
	         "z.example.com. 60 A 10.0.0.3 @5\n"
	         "z.example.com. 60 A 10.0.0.1 @1\n"
	         "inc.example.com. 99 A 10.0.0.2 @3\n"
	         /* owner restored after the include; $TTL kept; no "TTL set
	          * to prior TTL" across an include */
	         "z.example.com. 99 A 10.0.0.4 @7\n"
	         "z.example.com. 99 A 10.0.0.1 @1\n"
	         "inc.sub.example.com. 99 A 10.0.0.2 @3\n"
	         "z.example.com. 99 A 10.0.0.5 @9\n"
	         "y.example.com. 99 A 10.0.0.6 @10\n");
	assert_string_equal(recs, want);
	assert_string_equal(msgs, "W: inc.zone:1: record with inherited owner "
	                          "(z.example.com) immediately after $ORIGIN "
	                          "(sub.example.com)\n");
}

static void
test_include_errors(void **state)
{
	(void)state;
	put("loop.zone", "$INCLUDE loop.zone\n");
	put("m1.zone", HDR "$INCLUDE loop.zone\n");
	assert_int_equal(loadfile("m1.zone"), DITTO_R_TOOMANY);
	assert_string_equal(msgs, "E: dns_master_load: loop.zone:1: "
	                          "loop.zone: too many open files\n");
	assert_string_equal(st.summary, "too many open files");

	put("m2.zone", HDR "$INCLUDE nonexist.zone\n");
	assert_int_equal(loadfile("m2.zone"), DITTO_R_FILENOTFOUND);
	assert_string_equal(msgs, "E: dns_master_load: m2.zone:5: "
	                          "nonexist.zone: file not found\n");
	put("m3.zone", HDR "$INCLUDE\n");
	assert_int_equal(loadfile("m3.zone"), DITTO_R_UNEXPECTEDEND);
	put("m4.zone", HDR "$INCLUDE a b c\n");
	assert_int_equal(loadfile("m4.zone"), DITTO_R_EXTRADATA);

	/* a chain deeper than the bound */
	for (int i = 0; i < 5; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "c%d.zone", i);
		snprintf(text, sizeof(text),
		         "x%d A 10.0.0.1\n$INCLUDE c%d.zone\n", i, i + 1);
		put(name, text);
	}
	put("c5.zone", "end A 10.0.0.1\n");
	put("m5.zone", HDR "$INCLUDE c0.zone\n");
	opts.max_include_depth = 6;
	assert_int_equal(loadfile("m5.zone"), DITTO_R_SUCCESS);
	opts.max_include_depth = 5;
	assert_int_equal(loadfile("m5.zone"), DITTO_R_TOOMANY);
	assert_string_equal(msgs, "E: dns_master_load: c4.zone:2: c5.zone: "
	                          "too many open files\n");
}

/* Relative $INCLUDE paths: opts.directory when set, else the working
 * directory; never the including file's directory (as named). */
static void
test_include_directory(void **state)
{
	(void)state;
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put("sub/inc.zone", "insub A 10.0.0.1\n");
	put("inc.zone", "intop A 10.0.0.2\n");
	put("sub/main.zone", HDR "$INCLUDE inc.zone\n");
	assert_int_equal(loadfile("sub/main.zone"), DITTO_R_SUCCESS);
	assert_non_null(strstr(recs, "intop.example.com."));
	opts.directory = sub;
	assert_int_equal(loadfile("sub/main.zone"), DITTO_R_SUCCESS);
	assert_non_null(strstr(recs, "insub.example.com."));
	assert_string_equal(msgs, "");
}

static void
test_loadfile_missing(void **state)
{
	(void)state;
	assert_int_equal(loadfile("absent.zone"), DITTO_R_FILENOTFOUND);
	assert_string_equal(st.summary, "file not found");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_basic, setup),
		cmocka_unit_test_setup(test_lexing_in_records, setup),
		cmocka_unit_test_setup(test_generic, setup),
		cmocka_unit_test_setup(test_origin, setup),
		cmocka_unit_test_setup(test_inherited_after_origin, setup),
		cmocka_unit_test_setup(test_ttl_rules, setup),
		cmocka_unit_test_setup(test_ttl_max, setup),
		cmocka_unit_test_setup(test_ttl_prior, setup),
		cmocka_unit_test_setup(test_ttl_prior_rrsig, setup),
		cmocka_unit_test_setup(test_owner_case, setup),
		cmocka_unit_test_setup(test_out_of_zone_once, setup),
		cmocka_unit_test_setup(test_bind_quirks, setup),
		cmocka_unit_test_setup(test_ttl_class_errors, setup),
		cmocka_unit_test_setup(test_rdata_error, setup),
		cmocka_unit_test_setup(test_out_of_zone, setup),
		cmocka_unit_test_setup(test_owner, setup),
		cmocka_unit_test_setup(test_directive_errors, setup),
		cmocka_unit_test_setup(test_many_errors, setup),
		cmocka_unit_test_setup(test_caps_and_sink, setup),
		cmocka_unit_test_setup(test_generate, setup),
		cmocka_unit_test_setup(test_generate_errors, setup),
		cmocka_unit_test_setup(test_generate_cap, setup),
		cmocka_unit_test_setup_teardown(test_include, setup_files,
		                                teardown_files),
		cmocka_unit_test_setup_teardown(test_include_errors,
		                                setup_files, teardown_files),
		cmocka_unit_test_setup_teardown(test_include_directory,
		                                setup_files, teardown_files),
		cmocka_unit_test_setup_teardown(test_loadfile_missing,
		                                setup_files, teardown_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

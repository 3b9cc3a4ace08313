/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named's XML statistics (statistics version 3.13), with dittod's values. */
/*
 * The layout is named 9.18's: no whitespace between elements, empty
 * elements self-closed, <statistics version="3.13"> holding <server>
 * (times, version, counter sets), <traffic>, <views>, <taskmgr> and
 * <memory> as the part asks. As named does, the opcode, rcode, nsstat,
 * zonestat, resstats, adbstat, cachestats and sockstat sets list every
 * counter, qtype and resqtype only the ones that are not zero. See
 * statsfmt.c for where each value comes from.
 */
#include <inttypes.h>
#include <string.h>

#include "statsfmt.h"

/* Text or an attribute value, escaped for XML. */
static void
xstr(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	     p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n') {
				fprintf(out, "&#%u;", *p);
			} else {
				fputc(*p, out);
			}
		}
	}
}

/* <tag>text</tag> */
static void
elem(FILE *out, const char *tag, const char *text)
{
	fprintf(out, "<%s>", tag);
	xstr(out, text);
	fprintf(out, "</%s>", tag);
}

static void
counter(FILE *out, const char *name, uint64_t v)
{
	fputs("<counter name=\"", out);
	xstr(out, name);
	fprintf(out, "\">%" PRIu64 "</counter>", v);
}

/* <counters type="T"> every (name, value) </counters>; \a all: zeros. */
static void
counters(FILE *out, const char *type, const char *const *names,
         const uint64_t *vals, size_t n, bool all)
{
	bool any = false;
	for (size_t i = 0; i < n && !any; i++) {
		any = all || (vals != NULL && vals[i] != 0);
	}
	if (!any) {
		fprintf(out, "<counters type=\"%s\"/>", type);
		return;
	}
	fprintf(out, "<counters type=\"%s\">", type);
	for (size_t i = 0; i < n; i++) {
		if (all || (vals != NULL && vals[i] != 0)) {
			counter(out, names[i], vals != NULL ? vals[i] : 0);
		}
	}
	fputs("</counters>", out);
}

static void
qtypes(const sfdata_t *d, FILE *out)
{
	bool any = false;
	for (unsigned int t = 0; t <= 256; t++) {
		uint64_t c = atomic_load_explicit(t < 256 ? &d->sum.qtype[t]
		                                          : &d->sum.qtype_other,
		                                  memory_order_relaxed);
		if (c == 0) {
			continue;
		}
		if (!any) {
			fputs("<counters type=\"qtype\">", out);
			any = true;
		}
		char name[32];
		sf_qtype_name(t < 256 ? t : 0x10000, name, sizeof(name));
		counter(out, name, c);
	}
	fputs(any ? "</counters>" : "<counters type=\"qtype\"/>", out);
}

static void
server_counters(const sfdata_t *d, FILE *out)
{
	uint64_t v[24];
	for (size_t i = 0; i < 16; i++) {
		v[i] = atomic_load_explicit(&d->sum.opcode[i],
		                            memory_order_relaxed);
	}
	counters(out, "opcode", sf_opcodes, v, 16, true);
	for (size_t i = 0; i < 24; i++) {
		v[i] = atomic_load_explicit(&d->sum.rcode[i],
		                            memory_order_relaxed);
	}
	counters(out, "rcode", sf_rcodes, v, 24, true);
	qtypes(d, out);
	fputs("<counters type=\"nsstat\">", out);
	for (size_t i = 0; i < sf_nsstats_nr; i++) {
		counter(out, sf_nsstats[i].name, sf_nsstat(d, i));
	}
	fputs("</counters>", out);
	counters(out, "zonestat", sf_zonestats, d->zonestat,
	         STATS_ZC_XFRFAIL + 1, true);
	counters(out, "resstat", sf_resstats, NULL, sf_resstats_nr, false);
}

static void
server(const sfdata_t *d, sfpart_t part, FILE *out)
{
	char t[40];
	fputs("<server>", out);
	sf_time(d->boot_ms, true, t, sizeof(t));
	elem(out, "boot-time", t);
	sf_time(d->config_ms, true, t, sizeof(t));
	elem(out, "config-time", t);
	sf_time(d->now_ms, true, t, sizeof(t));
	elem(out, "current-time", t);
	elem(out, "version", d->version);
	if (part == SF_ALL || part == SF_SERVER) {
		server_counters(d, out);
	}
	if (part == SF_ALL || part == SF_NET) {
		static const uint64_t zeros[128];
		counters(out, "sockstat", sf_sockstats, zeros, sf_sockstats_nr,
		         true);
	}
	fputs("</server>", out);
}

static void
zone(const sfzone_t *z, FILE *out)
{
	char t[40];
	fputs("<zone name=\"", out);
	xstr(out, z->name);
	fputs("\" rdataclass=\"", out);
	xstr(out, z->klass);
	fputs("\">", out);
	elem(out, "type", z->type);
	if (z->has_serial) {
		fprintf(out, "<serial>%" PRIu32 "</serial>", z->serial);
	} else {
		fputs("<serial>-</serial>", out);
	}
	sf_time(z->loaded * 1000, false, t, sizeof(t));
	elem(out, "loaded", t);
	if (z->secondary) {
		sf_time(z->expires * 1000, false, t, sizeof(t));
		elem(out, "expires", t);
		sf_time(z->refresh * 1000, false, t, sizeof(t));
		elem(out, "refresh", t);
	}
	fputs("</zone>", out);
}

/* The resolver sets of a view: named's names, all 0 (no resolver). */
static void
view_resolver(const sfview_t *v, FILE *out)
{
	static const uint64_t zeros[64];
	/* named lists the types its resolver queried; dittod queried none,
	 * and says so with NS 0 so that the family exists as for named */
	fputs("<counters type=\"resqtype\"><counter name=\"NS\">0</counter>"
	      "</counters>",
	      out);
	counters(out, "resstats", sf_resstats, zeros, sf_resstats_nr, true);
	fputs("<cache name=\"", out);
	xstr(out, v->name);
	fputs("\"/>", out);
	counters(out, "adbstat", sf_adbstats, zeros, 4, true);
	counters(out, "cachestats", sf_cachestats, zeros, sf_cachestats_nr,
	         true);
}

static void
views(const sfdata_t *d, sfpart_t part, FILE *out)
{
	if (d->nviews == 0 ||
	    (part != SF_ALL && part != SF_SERVER && part != SF_ZONES)) {
		fputs("<views/>", out);
		return;
	}
	fputs("<views>", out);
	for (size_t i = 0; i < d->nviews; i++) {
		const sfview_t *v = &d->views[i];
		fputs("<view name=\"", out);
		xstr(out, v->name);
		fputs("\">", out);
		if (part == SF_ALL || part == SF_ZONES) {
			fputs(v->nzones > 0 ? "<zones>" : "<zones/>", out);
			for (size_t j = 0; j < v->nzones; j++) {
				zone(&v->zones[j], out);
			}
			fputs(v->nzones > 0 ? "</zones>" : "", out);
		}
		if (part == SF_ALL || part == SF_SERVER) {
			view_resolver(v, out);
		}
		fputs("</view>", out);
	}
	fputs("</views>", out);
}

static void
traffic(FILE *out)
{
	fputs("<traffic>", out);
	for (int fam = 0; fam < 2; fam++) {
		fputs(fam == 0 ? "<ipv4>" : "<ipv6>", out);
		for (int proto = 0; proto < 2; proto++) {
			fputs(proto == 0 ? "<udp>" : "<tcp>", out);
			fputs("<counters type=\"request-size\"/>"
			      "<counters type=\"response-size\"/>",
			      out);
			fputs(proto == 0 ? "</udp>" : "</tcp>", out);
		}
		fputs(fam == 0 ? "</ipv4>" : "</ipv6>", out);
	}
	fputs("</traffic>", out);
}

static void
taskmgr(const sfdata_t *d, FILE *out)
{
	fprintf(out,
	        "<taskmgr><thread-model><type>threaded</type>"
	        "<worker-threads>%u</worker-threads>"
	        "<default-quantum>0</default-quantum></thread-model>"
	        "<tasks/></taskmgr>",
	        d->nworkers);
}

static void
memory(const sfdata_t *d, FILE *out)
{
	fprintf(out,
	        "<memory><contexts/><summary><TotalUse>%" PRIu64
	        "</TotalUse><InUse>%" PRIu64 "</InUse><Malloced>%" PRIu64
	        "</Malloced><ContextSize>0</ContextSize><Lost>0</Lost>"
	        "</summary></memory>",
	        d->mem_total, d->mem_inuse, d->mem_total);
}

void
statsxml_render(const sfdata_t *d, sfpart_t part, FILE *out)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<?xml-stylesheet type=\"text/xsl\" href=\"/bind9.xsl\"?>\n"
	      "<statistics version=\"3.13\">",
	      out);
	server(d, part, out);
	if (part == SF_ALL || part == SF_TRAFFIC) {
		traffic(out);
	}
	views(d, part, out);
	if (part == SF_ALL || part == SF_TASKS) {
		taskmgr(d, out);
	}
	if (part == SF_ALL || part == SF_MEM) {
		memory(d, out);
	}
	fputs("</statistics>\n", out);
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file reader: records and directives to the RR sink. */

/*
 * Design
 * ------
 * load_stream() pulls records from a lexer (lexer.c) and dispatches each:
 * a first token starting with '$' (on a line that does not start with a
 * blank) is a directive, anything else a resource record. $INCLUDE recurses
 * into load_stream() with a new lexer, bounded by the include depth; the
 * origin and owner state are saved on the C stack of that call and put
 * back afterwards. $GENERATE lives in mastergen.c.
 *
 * Owner groups follow BIND's loader so that its warnings come out the
 * same: `current` is the last explicit owner, except that an owner which
 * is an NS target of `current` becomes `glue` and leaves `current` alone.
 * A record with an omitted owner uses glue if set, else current. Each
 * group remembers the first TTL of each type read in it, for "TTL set to
 * prior TTL".
 *
 * Errors are reported (callback + status) where they are found; with
 * opts->many_errors the loader goes on with the next record unless the
 * error is fatal (I/O, caps, include depth, the sink), otherwise it stops.
 * The first error is the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/master_p.h"

#define MAXTTL 2147483647U

static ditto_result_t load_stream(ditto__master_t *ctx, ditto_lexer_t *lx);

/* ---- messages ---------------------------------------------------------- */

static bool
is_fatal(ditto_result_t r)
{
	return r == DITTO_R_IOERROR || r == DITTO_R_TOOMANY ||
	       r == DITTO_R_NOMEMORY;
}

static void vformat(ditto__master_t *ctx, char *buf, size_t size,
                    const char *prefix, uint32_t line, const char *fmt,
                    va_list ap) __attribute__((format(printf, 6, 0)));

static void
vformat(ditto__master_t *ctx, char *buf, size_t size, const char *prefix,
        uint32_t line, const char *fmt, va_list ap)
{
	int n;
	if (line == 0 || ctx->file == NULL) {
		n = snprintf(buf, size, "%s%s", prefix ? prefix : "",
		             prefix ? ": " : "");
	} else {
		n = snprintf(buf, size, "%s%s%s:%u: ", prefix ? prefix : "",
		             prefix ? ": " : "", ctx->file, (unsigned)line);
	}
	if (n < 0 || (size_t)n >= size) {
		return;
	}
	vsnprintf(buf + n, size - (size_t)n, fmt, ap);
}

ditto_result_t
ditto__master_error(ditto__master_t *ctx, ditto_result_t r, const char *summary,
                    const char *prefix, uint32_t line, const char *fmt, ...)
{
	char text[DITTO_ERR_MAXMSG];
	va_list ap;
	va_start(ap, fmt);
	vformat(ctx, text, sizeof(text), prefix, line, fmt, ap);
	va_end(ap);

	if (ctx->opts->error != NULL) {
		ctx->opts->error(ctx->opts->error_arg, ctx->file, line, text);
	}
	ditto_master_status_t *st = ctx->status;
	if (ctx->first == DITTO_R_SUCCESS) {
		ctx->first = r;
		if (st != NULL) {
			ditto_err_set(&st->err, "%s", text);
			snprintf(st->file, sizeof(st->file), "%s",
			         ctx->file ? ctx->file : "");
			st->line = line;
			st->summary = summary;
		}
	}
	if (st != NULL) {
		st->errors++;
	}
	if (!ctx->opts->many_errors || is_fatal(r)) {
		ctx->stop = true;
	}
	return r;
}

void
ditto__master_warn(ditto__master_t *ctx, const char *prefix, uint32_t line,
                   const char *fmt, ...)
{
	if (ctx->status != NULL) {
		ctx->status->warnings++;
	}
	if (ctx->opts->warn == NULL) {
		return;
	}
	char text[DITTO_ERR_MAXMSG];
	va_list ap;
	va_start(ap, fmt);
	vformat(ctx, text, sizeof(text), prefix, line, fmt, ap);
	va_end(ap);
	ctx->opts->warn(ctx->opts->warn_arg, ctx->file, line, text);
}

void
ditto__master_nametext(const uint8_t *name, char *buf, size_t size)
{
	size_t len = 0;
	if (ditto_name_totext(name, NULL, buf, size, &len) != DITTO_R_SUCCESS) {
		snprintf(buf, size, "<name>");
		return;
	}
	if (len > 1 && buf[len - 1] == '.') {
		buf[len - 1] = '\0';
	}
}

static ditto_result_t
err_eol(ditto__master_t *ctx, uint32_t line)
{
	return ditto__master_error(ctx, DITTO_R_UNEXPECTEDEND,
	                           "unexpected end of input", "dns_master_load",
	                           line, "unexpected end of line");
}

static ditto_result_t
err_extra(ditto__master_t *ctx, uint32_t line)
{
	return ditto__master_error(ctx, DITTO_R_EXTRADATA, "extra input text",
	                           "dns_master_load", line, "extra input text");
}

static ditto_result_t
err_syntax(ditto__master_t *ctx, uint32_t line)
{
	return ditto__master_error(ctx, DITTO_R_SYNTAX, "syntax error",
	                           "dns_master_load", line, "syntax error");
}

/* ---- TTL, class, type -------------------------------------------------- */

/*
 * A TTL: digits, or one or more <digits><unit> with units w d h m s in any
 * case. Values above 2^32-1 are out of range (*range set).
 */
static bool
ttl_parse(const char *s, size_t len, uint32_t *out, bool *range)
{
	uint64_t total = 0, cur = 0;
	bool digits = false, units = false;

	*range = false;
	if (len == 0) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			cur = cur * 10 + (uint64_t)(c - '0');
			digits = true;
			if (cur > UINT32_MAX) {
				*range = true;
				return false;
			}
			continue;
		}
		uint64_t mul;
		switch (c | 0x20) {
		case 'w':
			mul = 604800;
			break;
		case 'd':
			mul = 86400;
			break;
		case 'h':
			mul = 3600;
			break;
		case 'm':
			mul = 60;
			break;
		case 's':
			mul = 1;
			break;
		default:
			return false;
		}
		if (!digits) {
			return false;
		}
		total += cur * mul;
		if (total > UINT32_MAX) {
			*range = true;
			return false;
		}
		cur = 0;
		digits = false;
		units = true;
	}
	if (digits) {
		if (units) {
			return false; /* "1h30": trailing number without unit */
		}
		total = cur;
	}
	*out = (uint32_t)total;
	return true;
}

static bool
type_fromtoken(ditto__master_t *ctx, const ditto_token_t *t, uint16_t *type)
{
	if (t->len == 0 || t->len >= sizeof(ctx->tcache[0].text)) {
		return ditto_rrtype_fromtext(t->s, t->len, type) ==
		       DITTO_R_SUCCESS;
	}
	unsigned int h = (t->len * 31u + (uint8_t)t->s[0] * 7u +
	                  (uint8_t)t->s[t->len - 1]) %
	                 TCACHE_SIZE;
	if (ctx->tcache[h].len == t->len &&
	    memcmp(ctx->tcache[h].text, t->s, t->len) == 0) {
		*type = ctx->tcache[h].type;
		return true;
	}
	if (ditto_rrtype_fromtext(t->s, t->len, type) != DITTO_R_SUCCESS) {
		return false;
	}
	ctx->tcache[h].len = (uint8_t)t->len;
	memcpy(ctx->tcache[h].text, t->s, t->len);
	ctx->tcache[h].type = *type;
	return true;
}

ditto_result_t
ditto__master_rrhead(ditto__master_t *ctx, const ditto_token_t *tok,
                     size_t ntok, size_t *i, const char *prefix, uint32_t line,
                     ditto__mrrhead_t *h)
{
	size_t k = *i;
	bool range;

	memset(h, 0, sizeof(*h));
	for (;;) {
		if (k >= ntok) {
			return err_eol(ctx, line);
		}
		const ditto_token_t *t = &tok[k];
		if (t->quoted) {
			return err_syntax(ctx, line);
		}
		if (!h->has_ttl && ttl_parse(t->s, t->len, &h->ttl, &range)) {
			h->has_ttl = true;
			k++;
			continue;
		}
		if (!h->has_class &&
		    ditto_rrclass_fromtext(t->s, t->len, &h->rclass) ==
		            DITTO_R_SUCCESS) {
			h->has_class = true;
			k++;
			continue;
		}
		break;
	}
	if (!type_fromtoken(ctx, &tok[k], &h->type)) {
		const ditto_token_t *t = &tok[k];
		return ditto__master_error(
		        ctx, DITTO_R_BADTYPE, "unknown class/type", prefix,
		        line, "unknown RR type '%.*s'",
		        (int)(t->len > 100 ? 100 : t->len), t->s);
	}
	*i = k + 1;
	if (ditto_rrtype_ismeta(h->type) || h->type == 0) {
		char tn[DITTO_RRTYPE_MAXTEXT];
		(void)ditto_rrtype_totext(h->type, tn, sizeof(tn));
		return ditto__master_error(
		        ctx, DITTO_R_BADTYPE, "invalid use of a meta type",
		        NULL, line, "type '%s': invalid use of a meta type",
		        tn);
	}
	if (h->type == DITTO_TYPE_MD || h->type == DITTO_TYPE_MF) {
		return ditto__master_error(ctx, DITTO_R_BADTYPE, "obsolete",
		                           NULL, line, "type '%s': obsolete",
		                           h->type == DITTO_TYPE_MD ? "MD"
		                                                    : "MF");
	}
	if (h->has_class && h->rclass != ctx->rclass) {
		char a[DITTO_RRTYPE_MAXTEXT], b[DITTO_RRTYPE_MAXTEXT];
		(void)ditto_rrclass_totext(h->rclass, a, sizeof(a));
		(void)ditto_rrclass_totext(ctx->rclass, b, sizeof(b));
		return ditto__master_error(
		        ctx, DITTO_R_BADCLASS, "bad class", NULL, line,
		        "class '%s' != zone class '%s'", a, b);
	}
	return DITTO_R_SUCCESS;
}

static uint32_t
soa_minimum(const uint8_t *rdata, size_t rdlen)
{
	const uint8_t *p = rdata + rdlen - 4;
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

ditto_result_t
ditto__master_ttl(ditto__master_t *ctx, const ditto__mrrhead_t *h,
                  const uint8_t *rdata, size_t rdlen, uint32_t line,
                  uint32_t *ttl)
{
	if (h->has_ttl) {
		uint32_t v = h->ttl;
		if (v > MAXTTL) {
			ditto__master_warn(
			        ctx, "dns_master_load", line,
			        "$TTL %u > MAXTTL, setting $TTL to 0", v);
			v = 0;
		}
		ctx->has_last_ttl = true;
		ctx->last_ttl = v;
		*ttl = v;
		return DITTO_R_SUCCESS;
	}
	if (ctx->has_ttl) {
		*ttl = ctx->ttl;
		return DITTO_R_SUCCESS;
	}
	if (ctx->has_last_ttl) {
		if (!ctx->warned_rfc1035) {
			ditto__master_warn(ctx, NULL, line,
			                   "using RFC1035 TTL semantics");
			ctx->warned_rfc1035 = true;
		}
		*ttl = ctx->last_ttl;
		return DITTO_R_SUCCESS;
	}
	if (h->type == DITTO_TYPE_SOA && rdlen >= 4) {
		ditto__master_warn(
		        ctx, NULL, line,
		        "no TTL specified; using SOA MINTTL instead");
		ctx->has_ttl = true;
		ctx->ttl = soa_minimum(rdata, rdlen);
		*ttl = ctx->ttl;
		return DITTO_R_SUCCESS;
	}
	return ditto__master_error(ctx, DITTO_R_BADTTL, "no ttl", NULL, line,
	                           "no TTL specified; zone rejected");
}

/* ---- records ------------------------------------------------------------ */

ditto_result_t
ditto__master_emit(ditto__master_t *ctx, const uint8_t *owner, uint16_t type,
                   uint32_t ttl, const uint8_t *rdata, size_t rdlen,
                   uint32_t line)
{
	char nt[DITTO_NAME_MAXTEXT];

	if (!ditto_name_issubdomain(owner, ctx->zone)) {
		ditto__master_nametext(owner, nt, sizeof(nt));
		ditto__master_warn(ctx, NULL, line,
		                   "ignoring out-of-zone data (%s)", nt);
		return DITTO_R_SUCCESS;
	}
	if (type == DITTO_TYPE_SOA && !ditto_name_equal(owner, ctx->zone)) {
		ditto__master_nametext(owner, nt, sizeof(nt));
		ditto_result_t r = ditto__master_error(
		        ctx, DITTO_R_NOTZONETOP, "not at top of zone", NULL,
		        line, "SOA record not at top of zone (%s)", nt);
		ctx->stop = true; /* BIND's loader gives up here */
		return r;
	}
	uint64_t *count = ctx->status ? &ctx->status->records : NULL;
	uint64_t n = count ? *count : 0;
	if (ctx->opts->max_records != 0 && n >= ctx->opts->max_records) {
		return ditto__master_error(
		        ctx, DITTO_R_TOOMANY, "too many records",
		        "dns_master_load", line, "too many records (over %llu)",
		        (unsigned long long)ctx->opts->max_records);
	}
	ditto_rr_t rr = { .owner = owner,
		          .type = type,
		          .rclass = ctx->rclass,
		          .ttl = ttl,
		          .rdlen = (uint16_t)rdlen,
		          .rdata = rdata,
		          .file = ctx->file,
		          .line = line };
	ditto_result_t r = ctx->sink.fn(ctx->sink.arg, DITTO_RRSINK_ADD, &rr);
	if (r != DITTO_R_SUCCESS) {
		ditto__master_error(ctx, r, ditto_result_totext(r),
		                    "dns_master_load", line, "%s",
		                    ditto_result_totext(r));
		ctx->stop = true;
		return r;
	}
	if (count != NULL) {
		(*count)++;
	}
	return DITTO_R_SUCCESS;
}

static void
group_reset(ditto__mgroup_t *g, const uint8_t *name)
{
	g->set = true;
	g->ntypes = 0;
	ditto_name_copy(g->name, name);
	ditto_name_copy(g->written, name);
}

/* Move the owner groups to a new explicit owner (see the design note). */
static void
owner_update(ditto__master_t *ctx, const uint8_t *name)
{
	ditto__mowner_t *o = &ctx->own;

	if (o->glue.set) {
		if (ditto_name_equal(o->glue.name, name)) {
			ditto_name_copy(o->glue.written, name);
			return;
		}
		o->glue.set = false;
	}
	if (o->current.set && ditto_name_equal(o->current.name, name)) {
		ditto_name_copy(o->current.written, name);
		return;
	}
	for (unsigned int k = 0; o->current.set && k < o->nns; k++) {
		if (ditto_name_equal(o->ns[k], name)) {
			group_reset(&o->glue, name);
			return;
		}
	}
	group_reset(&o->current, name);
	o->nns = 0;
}

/*
 * The group the record goes to: a record of an RRset (type, and covered
 * type for RRSIG) already read in the group takes that RRset's first TTL.
 * \return true when the TTL was changed (the caller warns after the sink
 * took the record, which is where BIND's loader says it).
 */
static bool
group_ttl(ditto__mgroup_t *g, uint16_t type, const uint8_t *rdata, size_t rdlen,
          uint32_t *ttl)
{
	uint16_t covers = 0;
	if (type == DITTO_TYPE_RRSIG && rdlen >= 2) {
		covers = (uint16_t)((rdata[0] << 8) | rdata[1]);
	}
	for (unsigned int k = 0; k < g->ntypes; k++) {
		if (g->types[k] == type && g->covers[k] == covers) {
			if (g->ttls[k] == *ttl) {
				return false;
			}
			*ttl = g->ttls[k];
			return true;
		}
	}
	if (g->ntypes < GROUP_MAXTYPES) {
		g->types[g->ntypes] = type;
		g->covers[g->ntypes] = covers;
		g->ttls[g->ntypes] = *ttl;
		g->ntypes++;
	}
	return false;
}

static ditto_result_t
parse_owner(ditto__master_t *ctx, const ditto_token_t *t, uint32_t line,
            const uint8_t **owner)
{
	if (ctx->cache_gen == ctx->origin_gen && ctx->cache_len == t->len &&
	    t->len != 0 && memcmp(ctx->cache_text, t->s, t->len) == 0) {
		*owner = ctx->cache_name;
		return DITTO_R_SUCCESS;
	}
	ditto_err_t e;
	ditto_result_t r = ditto_name_fromtext(t->s, t->len, ctx->origin,
	                                       ctx->cache_name, NULL, &e);
	if (r != DITTO_R_SUCCESS) {
		ctx->cache_len = 0;
		return ditto__master_error(ctx, r, ditto_result_totext(r),
		                           "dns_master_load", line, "%s",
		                           ditto_result_totext(r));
	}
	if (t->len < sizeof(ctx->cache_text)) {
		memcpy(ctx->cache_text, t->s, t->len);
		ctx->cache_len = t->len;
		ctx->cache_gen = ctx->origin_gen;
	} else {
		ctx->cache_len = 0;
	}
	*owner = ctx->cache_name;
	return DITTO_R_SUCCESS;
}

/* The owner of a record: explicit, or inherited from the groups. */
static ditto_result_t
record_owner(ditto__master_t *ctx, const ditto_lexrec_t *rec,
             const uint8_t **owner, ditto__mgroup_t **group)
{
	ditto__mowner_t *o = &ctx->own;
	char a[DITTO_NAME_MAXTEXT], b[DITTO_NAME_MAXTEXT];

	if (!rec->leading_ws) {
		ctx->origin_changed = false;
		ditto_result_t r =
		        parse_owner(ctx, &rec->tok[0], rec->line, owner);
		if (r != DITTO_R_SUCCESS) {
			return r;
		}
		owner_update(ctx, *owner);
	} else {
		if (!o->current.set) {
			ctx->origin_changed = false;
			return ditto__master_error(ctx, DITTO_R_SYNTAX,
			                           "no owner", NULL, rec->line,
			                           "no current owner name");
		}
		if (ctx->origin_changed) {
			ditto__master_nametext(o->current.name, a, sizeof(a));
			ditto__master_nametext(ctx->origin, b, sizeof(b));
			ditto__master_warn(ctx, NULL, rec->line,
			                   "record with inherited owner (%s) "
			                   "immediately after $ORIGIN (%s)",
			                   a, b);
			ctx->origin_changed = false;
		}
	}
	*group = o->glue.set ? &o->glue : &o->current;
	*owner = (*group)->written;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_record(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	const uint8_t *owner = NULL;
	ditto__mgroup_t *group = NULL;
	ditto__mrrhead_t h;
	size_t i = rec->leading_ws ? 0 : 1;
	size_t rdlen = 0;
	uint32_t ttl;
	ditto_err_t e;
	ditto_result_t r;

	r = record_owner(ctx, rec, &owner, &group);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	bool inzone = ditto_name_issubdomain(owner, ctx->zone);
	if (!inzone && !rec->leading_ws) {
		char nt[DITTO_NAME_MAXTEXT];
		ditto__master_nametext(owner, nt, sizeof(nt));
		ditto__master_warn(ctx, NULL, rec->line,
		                   "ignoring out-of-zone data (%s)", nt);
	}
	r = ditto__master_rrhead(ctx, rec->tok, rec->ntok, &i, NULL, rec->line,
	                         &h);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	e.msg[0] = '\0';
	e.summary = NULL;
	r = ditto_rdata_fromtext(h.type, ctx->rclass, rec->tok + i,
	                         rec->ntok - i, ctx->origin, ctx->rdata,
	                         sizeof(ctx->rdata), &rdlen, &e);
	if (r != DITTO_R_SUCCESS) {
		return ditto__master_error(
		        ctx, r,
		        e.summary != NULL ? e.summary : ditto_result_totext(r),
		        "dns_rdata_fromtext", rec->line, "%s", e.msg);
	}
	r = ditto__master_ttl(ctx, &h, ctx->rdata, rdlen, rec->line, &ttl);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	if (!inzone) {
		return DITTO_R_SUCCESS;
	}
	uint32_t prior = ttl;
	bool adjusted = group_ttl(group, h.type, ctx->rdata, rdlen, &prior);
	if (h.type == DITTO_TYPE_NS && group == &ctx->own.current &&
	    ctx->own.nns < GROUP_MAXNS && rdlen > 0) {
		ditto_name_copy(ctx->own.ns[ctx->own.nns++], ctx->rdata);
	}
	r = ditto__master_emit(ctx, owner, h.type, prior, ctx->rdata, rdlen,
	                       rec->line);
	if (r == DITTO_R_SUCCESS && adjusted) {
		ditto__master_warn(ctx, NULL, rec->line,
		                   "TTL set to prior TTL (%u)", prior);
	}
	return r;
}

/* ---- directives --------------------------------------------------------- */

static ditto_result_t
do_origin(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	if (rec->ntok < 2) {
		return err_eol(ctx, rec->line);
	}
	if (rec->ntok > 2) {
		return err_extra(ctx, rec->line);
	}
	ditto_name_storage_t n;
	ditto_result_t r = ditto_name_fromtext(rec->tok[1].s, rec->tok[1].len,
	                                       ctx->origin, n, NULL, NULL);
	if (r != DITTO_R_SUCCESS) {
		return ditto__master_error(ctx, r, ditto_result_totext(r),
		                           "dns_master_load", rec->line, "%s",
		                           ditto_result_totext(r));
	}
	ditto_name_copy(ctx->origin, n);
	ctx->origin_gen++;
	ctx->origin_changed = true;
	return DITTO_R_SUCCESS;
}

static ditto_result_t
do_ttl(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	if (rec->ntok < 2) {
		return err_eol(ctx, rec->line);
	}
	const ditto_token_t *t = &rec->tok[1];
	if (t->quoted) {
		return err_syntax(ctx, rec->line);
	}
	uint32_t v;
	bool range;
	if (!ttl_parse(t->s, t->len, &v, &range)) {
		if (range) {
			return ditto__master_error(
			        ctx, DITTO_R_RANGE, "out of range",
			        "dns_master_load", rec->line,
			        "$TTL '%.*s' out of range",
			        (int)(t->len > 100 ? 100 : t->len), t->s);
		}
		return ditto__master_error(
		        ctx, DITTO_R_BADTTL, "bad ttl", "dns_master_load",
		        rec->line, "bad ttl '%.*s'",
		        (int)(t->len > 100 ? 100 : t->len), t->s);
	}
	if (rec->ntok > 2) {
		return err_extra(ctx, rec->line);
	}
	if (v > MAXTTL) {
		ditto__master_warn(ctx, "dns_master_load", rec->line,
		                   "$TTL %u > MAXTTL, setting $TTL to 0", v);
		v = 0;
	}
	ctx->has_ttl = true;
	ctx->ttl = v;
	return DITTO_R_SUCCESS;
}

static bool
file_seen(ditto__master_t *ctx, dev_t dev, ino_t ino)
{
	for (unsigned int k = 0; k < ctx->nfiles; k++) {
		if (ctx->devs[k] == dev && ctx->inos[k] == ino) {
			return true;
		}
	}
	return false;
}

static ditto_result_t
open_error(ditto__master_t *ctx, const char *shown, int err, uint32_t line)
{
	if (err == ENOENT) {
		return ditto__master_error(ctx, DITTO_R_FILENOTFOUND,
		                           "file not found", "dns_master_load",
		                           line, "%s: file not found", shown);
	}
	if (err == EACCES || err == EPERM) {
		return ditto__master_error(ctx, DITTO_R_IOERROR,
		                           "permission denied",
		                           "dns_master_load", line,
		                           "%s: permission denied", shown);
	}
	return ditto__master_error(ctx, DITTO_R_IOERROR, "unexpected error",
	                           "dns_master_load", line, "%s: %s", shown,
	                           strerror(err));
}

/* Open a file for reading and push it on the loop-check stack. */
static ditto_result_t
open_file(ditto__master_t *ctx, const char *path, const char *shown,
          uint32_t line, int *fdp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return open_error(ctx, shown, errno, line);
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return open_error(ctx, shown, e, line);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return open_error(ctx, shown, EISDIR, line);
	}
	if (file_seen(ctx, st.st_dev, st.st_ino) ||
	    ctx->nfiles >= DITTO_MASTER_MAX_DEPTH + 2) {
		close(fd);
		return ditto__master_error(ctx, DITTO_R_TOOMANY,
		                           "too many open files",
		                           "dns_master_load", line,
		                           "%s: too many open files", shown);
	}
	ctx->devs[ctx->nfiles] = st.st_dev;
	ctx->inos[ctx->nfiles] = st.st_ino;
	ctx->nfiles++;
	*fdp = fd;
	return DITTO_R_SUCCESS;
}

/* Read an open file as the current file. */
static ditto_result_t
load_fd(ditto__master_t *ctx, int fd, const char *shown)
{
	ditto_lexer_t lx;
	const char *saved = ctx->file;

	ctx->file = shown;
	ditto_lexer_initfd(&lx, fd, ctx->opts->max_bytes);
	ditto_result_t r = load_stream(ctx, &lx);
	ditto_lexer_clear(&lx);
	ctx->file = saved;
	return r;
}

static ditto_result_t
include_path(ditto__master_t *ctx, const ditto_token_t *t, uint32_t line,
             char *path, size_t size, char *shown, size_t shownsize)
{
	const char *dir = ctx->opts->directory;
	int n;
	if (t->len == 0 || memchr(t->s, '\0', t->len) != NULL ||
	    t->len >= shownsize) {
		return ditto__master_error(ctx, DITTO_R_SYNTAX, "syntax error",
		                           "dns_master_load", line,
		                           "bad $INCLUDE file name");
	}
	memcpy(shown, t->s, t->len);
	shown[t->len] = '\0';
	if (shown[0] != '/' && dir != NULL && dir[0] != '\0') {
		n = snprintf(path, size, "%s/%s", dir, shown);
	} else {
		n = snprintf(path, size, "%s", shown);
	}
	if (n < 0 || (size_t)n >= size) {
		return ditto__master_error(ctx, DITTO_R_SYNTAX, "syntax error",
		                           "dns_master_load", line,
		                           "$INCLUDE file name too long");
	}
	return DITTO_R_SUCCESS;
}

/* BIND commits the records read so far at an $INCLUDE: the TTL check
 * starts afresh on both sides of it. */
static void
flush_groups(ditto__mowner_t *o)
{
	o->current.ntypes = 0;
	o->glue.ntypes = 0;
}

static ditto_result_t
do_include(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	char path[4096], shown[1024];
	ditto_name_storage_t neworigin;
	int fd = -1;
	ditto_result_t r;

	if (ctx->opts->no_include) {
		return ditto__master_error(ctx, DITTO_R_SYNTAX, "syntax error",
		                           "dns_master_load", rec->line,
		                           "$INCLUDE not allowed");
	}
	if (rec->ntok < 2) {
		return err_eol(ctx, rec->line);
	}
	if (rec->ntok > 3) {
		return err_extra(ctx, rec->line);
	}
	r = include_path(ctx, &rec->tok[1], rec->line, path, sizeof(path),
	                 shown, sizeof(shown));
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	ditto_name_copy(neworigin, ctx->origin);
	if (rec->ntok == 3) {
		r = ditto_name_fromtext(rec->tok[2].s, rec->tok[2].len,
		                        ctx->origin, neworigin, NULL, NULL);
		if (r != DITTO_R_SUCCESS) {
			return ditto__master_error(
			        ctx, r, ditto_result_totext(r),
			        "dns_master_load", rec->line, "%s",
			        ditto_result_totext(r));
		}
	}
	if (ctx->depth >= ctx->maxdepth) {
		return ditto__master_error(ctx, DITTO_R_TOOMANY,
		                           "too many open files",
		                           "dns_master_load", rec->line,
		                           "%s: too many open files", shown);
	}
	r = open_file(ctx, path, shown, rec->line, &fd);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}

	/* save what the include may change and must not keep */
	ditto__mowner_t *saved_own = ditto_malloc(sizeof(*saved_own));
	ditto_name_storage_t saved_origin;
	memcpy(saved_own, &ctx->own, sizeof(*saved_own));
	ditto_name_copy(saved_origin, ctx->origin);
	ditto_name_copy(ctx->origin, neworigin);
	ctx->origin_gen++;
	ctx->origin_changed = rec->ntok == 3;
	ctx->depth++;
	flush_groups(&ctx->own);

	r = load_fd(ctx, fd, shown);

	ctx->depth--;
	ctx->nfiles--;
	close(fd);
	memcpy(&ctx->own, saved_own, sizeof(*saved_own));
	ditto_free(saved_own);
	flush_groups(&ctx->own);
	ditto_name_copy(ctx->origin, saved_origin);
	ctx->origin_gen++;
	ctx->origin_changed = false;
	return r;
}

static bool
tok_is(const ditto_token_t *t, const char *word)
{
	size_t n = strlen(word);
	return t->len == n && strncasecmp(t->s, word, n) == 0;
}

static ditto_result_t
do_directive(ditto__master_t *ctx, const ditto_lexrec_t *rec)
{
	const ditto_token_t *t = &rec->tok[0];

	if (tok_is(t, "$ORIGIN")) {
		return do_origin(ctx, rec);
	}
	if (tok_is(t, "$TTL")) {
		return do_ttl(ctx, rec);
	}
	if (tok_is(t, "$INCLUDE")) {
		return do_include(ctx, rec);
	}
	if (tok_is(t, "$GENERATE")) {
		return ditto__master_generate(ctx, rec);
	}
	(void)ditto__master_error(ctx, DITTO_R_SYNTAX, "syntax error",
	                          "dns_master_load", rec->line,
	                          "unknown $ directive '%.*s'",
	                          (int)(t->len > 100 ? 100 : t->len), t->s);
	if (ctx->stop) {
		return DITTO_R_SYNTAX;
	}
	/* BIND then reads the line as a record owned by the directive's
	 * token; with nothing after it, it also gives up on the file. */
	ditto_result_t r = do_record(ctx, rec);
	if (rec->ntok == 1) {
		r = ditto__master_error(ctx, DITTO_R_UNEXPECTEDEND,
		                        "unexpected end of input",
		                        "dns_master_load", rec->line,
		                        "unexpected end of input");
		ctx->stop = true;
	}
	return r;
}

/* ---- the loop ----------------------------------------------------------- */

static ditto_result_t
lex_error(ditto__master_t *ctx, ditto_lexer_t *lx, ditto_result_t r,
          const ditto_err_t *e)
{
	const char *summary = ditto_result_totext(r);
	if (r == DITTO_R_SYNTAX) {
		summary = strstr(e->msg, "quotes") != NULL
		                  ? "unbalanced quotes"
		                  : "unbalanced parentheses";
	} else if (r == DITTO_R_RANGE) {
		summary = "ran out of space";
	}
	return ditto__master_error(ctx, r, summary,
	                           r == DITTO_R_SYNTAX ? "dns_rdata_fromtext"
	                                               : "dns_master_load",
	                           lx->err_line, "%s", e->msg);
}

static ditto_result_t
load_stream(ditto__master_t *ctx, ditto_lexer_t *lx)
{
	ditto_lexrec_t rec;
	ditto_err_t e;

	while (!ctx->stop) {
		ditto_result_t r = ditto_lexer_next(lx, &rec, &e);
		if (r == DITTO_R_NOMORE) {
			break;
		}
		if (r != DITTO_R_SUCCESS) {
			(void)lex_error(ctx, lx, r, &e);
			continue;
		}
		const ditto_token_t *t = &rec.tok[0];
		if (!rec.leading_ws && !t->quoted && t->len > 0 &&
		    t->s[0] == '$') {
			(void)do_directive(ctx, &rec);
		} else {
			(void)do_record(ctx, &rec);
		}
	}
	return ctx->first;
}

/* ---- entry points ------------------------------------------------------- */

static ditto__master_t *
ctx_create(const ditto_master_opts_t *opts, ditto_rrsink_t sink,
           ditto_master_status_t *status)
{
	ditto__master_t *ctx = ditto_calloc(1, sizeof(*ctx));
	ctx->opts = opts;
	ctx->sink = sink;
	ctx->status = status;
	ctx->rclass = opts->rclass != 0 ? opts->rclass : DITTO_CLASS_IN;
	ctx->zone = opts->origin;
	ditto_name_copy(ctx->origin, opts->origin);
	ctx->origin_gen = 1;
	ctx->has_ttl = opts->has_default_ttl;
	ctx->ttl = opts->default_ttl;
	ctx->maxdepth = opts->max_include_depth != 0
	                        ? opts->max_include_depth
	                        : DITTO_MASTER_DEFAULT_DEPTH;
	if (ctx->maxdepth > DITTO_MASTER_MAX_DEPTH) {
		ctx->maxdepth = DITTO_MASTER_MAX_DEPTH;
	}
	if (status != NULL) {
		memset(status, 0, sizeof(*status));
	}
	return ctx;
}

ditto_result_t
ditto_master_loadfile(const char *path, const ditto_master_opts_t *opts,
                      ditto_rrsink_t sink, ditto_master_status_t *status)
{
	REQUIRE(path != NULL && opts != NULL && opts->origin != NULL);
	REQUIRE(sink.fn != NULL);

	ditto__master_t *ctx = ctx_create(opts, sink, status);
	int fd = -1;
	ditto_result_t result;

	ctx->file = NULL;
	result = open_file(ctx, path, path, 0, &fd);
	if (result == DITTO_R_SUCCESS) {
		result = load_fd(ctx, fd, path);
		close(fd);
	}
	ditto_free(ctx);
	return result;
}

ditto_result_t
ditto_master_loadmem(const char *name, const char *data, size_t len,
                     const ditto_master_opts_t *opts, ditto_rrsink_t sink,
                     ditto_master_status_t *status)
{
	REQUIRE(name != NULL && opts != NULL && opts->origin != NULL);
	REQUIRE(data != NULL || len == 0);
	REQUIRE(sink.fn != NULL);

	ditto__master_t *ctx = ctx_create(opts, sink, status);
	ditto_lexer_t lx;
	ditto_result_t result;

	ctx->file = name;
	if (opts->max_bytes != 0 && len > opts->max_bytes) {
		result = ditto__master_error(
		        ctx, DITTO_R_TOOMANY, "too many records",
		        "dns_master_load", 0, "input larger than %llu bytes",
		        (unsigned long long)opts->max_bytes);
	} else {
		ditto_lexer_initmem(&lx, data, len);
		result = load_stream(ctx, &lx);
		ditto_lexer_clear(&lx);
	}
	ditto_free(ctx);
	return result;
}

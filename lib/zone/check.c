/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone checker, load side: the RR sink, per-record checks, owner groups.
 *
 * Records arrive from the master-file reader one at a time. Each is checked
 * on arrival, in the order BIND's loader reports problems: non-terminal
 * wildcard, owner check-names, rdata checks (target check-names, MX or NS
 * written as an address), then SOA below the apex (which stops the load).
 *
 * Like BIND's loader, records are then applied in owner groups: a group is
 * a run of consecutive records with the same owner. When the owner changes
 * (or the load ends) the group's RRsets are merged into the zone in the
 * reverse order of their first appearance, and after each merge the node is
 * checked for "CNAME and other data"; singleton types (SOA, CNAME, DNAME)
 * with two different rdatas are refused ("multiple RRs of singleton
 * type"). Both are reported with the line of the group's last record.
 * Reproducing the grouping reproduces BIND's count and place of messages.
 *
 * Invariants: every node is in the hash table exactly once (per name and
 * NSEC3-ness); recs[batch_start..nrecs) is the current group.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "util/assert.h"
#include "util/mem.h"
#include "zone/check_p.h"

#define POOL_CHUNK (1024 * 1024)
#define MAX_RECS   (UINT32_MAX - 2)

struct cpool_chunk {
	struct cpool_chunk *next;
	uint8_t data[];
};

static const uint8_t *
pool_dup(cpool_t *p, const uint8_t *src, size_t len)
{
	if (p->head == NULL || p->size - p->used < len) {
		size_t sz = len > POOL_CHUNK ? len : POOL_CHUNK;
		struct cpool_chunk *ch = ditto_malloc(sizeof(*ch) + sz);
		ch->next = p->head;
		p->head = ch;
		p->used = 0;
		p->size = sz;
	}
	uint8_t *dst = p->head->data + p->used;
	if (len > 0) {
		memcpy(dst, src, len);
	}
	p->used += len;
	return dst;
}

static void
pool_clear(cpool_t *p)
{
	struct cpool_chunk *ch = p->head;
	while (ch != NULL) {
		struct cpool_chunk *next = ch->next;
		ditto_free(ch);
		ch = next;
	}
	p->head = NULL;
}

void
ditto_check_opts_default(ditto_check_opts_t *opts)
{
	REQUIRE(opts != NULL);
	opts->names = DITTO_CHECK_WARN;
	opts->mx = DITTO_CHECK_WARN;
	opts->ns = DITTO_CHECK_WARN;
	opts->mxcname = DITTO_CHECK_WARN;
	opts->srvcname = DITTO_CHECK_WARN;
	opts->spf = DITTO_CHECK_WARN;
	opts->wildcard = DITTO_CHECK_WARN;
	opts->integrity = DITTO_CHECK_WARN;
	opts->sibling = false;
}

void
ditto_check_create(const uint8_t *origin, uint16_t rclass, const char *zonetext,
                   const ditto_check_opts_t *opts, ditto_check_msg_fn msg,
                   void *arg, ditto_check_t **cp)
{
	REQUIRE(origin != NULL && zonetext != NULL && opts != NULL);
	REQUIRE(cp != NULL && *cp == NULL);
	ditto_check_t *c = ditto_calloc(1, sizeof(*c));
	c->opts = *opts;
	ditto_name_copy(c->origin, origin);
	c->rclass = rclass;
	c->now = (int64_t)time(NULL);
	c->zonetext = ditto_strdup(zonetext);
	c->msg = msg;
	c->msgarg = arg;
	ditto_arena_init(&c->arena, 1024 * 1024);
	c->nbuckets = 1024;
	c->buckets = ditto_calloc(c->nbuckets, sizeof(*c->buckets));
	*cp = c;
}

void
ditto_check_destroy(ditto_check_t **cp)
{
	REQUIRE(cp != NULL);
	ditto_check_t *c = *cp;
	if (c == NULL) {
		return;
	}
	*cp = NULL;
	ditto_free(c->zonetext);
	ditto_arena_clear(&c->arena);
	pool_clear(&c->pool);
	ditto_free(c->buckets);
	ditto_free(c->recs);
	ditto_free(c->owner_cases);
	ditto_free(c->sorted);
	ditto_free(c->order);
	ditto_free(c);
}

void
ditto__check_msg(ditto_check_t *c, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (c->msg != NULL) {
		c->msg(c->msgarg, line);
	}
}

static void
set_loaderr(ditto_check_t *c, const char *text)
{
	if (c->loaderr[0] == '\0') {
		snprintf(c->loaderr, sizeof(c->loaderr), "%s", text);
	}
}

void
ditto_check_setloaderror(ditto_check_t *c, const char *text)
{
	REQUIRE(c != NULL && text != NULL);
	set_loaderr(c, text);
}

const char *
ditto_check_loaderror(const ditto_check_t *c)
{
	REQUIRE(c != NULL);
	return c->loaderr[0] != '\0' ? c->loaderr : NULL;
}

void
ditto_check_namefmt(const uint8_t *name, char *buf, size_t bufsize)
{
	size_t len = 0;
	if (ditto_name_totext(name, NULL, buf, bufsize, &len) !=
	    DITTO_R_SUCCESS) {
		snprintf(buf, bufsize, "<name>");
		return;
	}
	if (len > 1 && buf[len - 1] == '.') {
		buf[len - 1] = '\0';
	}
}

/* --- host names (BIND's check-names rules) ------------------------------ */

static bool
is_alnum(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static bool
label_ishost(const uint8_t *label, uint8_t len)
{
	for (uint8_t i = 0; i < len; i++) {
		uint8_t ch = label[i];
		bool border = i == 0 || i == len - 1;
		if (!is_alnum(ch) && (border || ch != '-')) {
			return false;
		}
	}
	return true;
}

bool
ditto_check_ishostname(const uint8_t *name, bool wildcard)
{
	REQUIRE(name != NULL);
	const uint8_t *p = name;
	if (wildcard && p[0] == 1 && p[1] == '*') {
		p += 2;
	}
	while (*p != 0) {
		if (!label_ishost(p + 1, *p)) {
			return false;
		}
		p += *p + 1;
	}
	return true;
}

bool
ditto_check_ismailbox(const uint8_t *name)
{
	REQUIRE(name != NULL);
	if (name[0] == 0) {
		return true;
	}
	for (uint8_t i = 1; i <= name[0]; i++) {
		if (name[i] <= 0x20 || name[i] >= 0x7f) {
			return false;
		}
	}
	return ditto_check_ishostname(name + name[0] + 1, false);
}

/* True for a "*" label anywhere but first (dns_name_internalwildcard). */
static bool
internal_wildcard(const uint8_t *name)
{
	const uint8_t *p = name + name[0] + 1;
	if (name[0] == 0) {
		return false;
	}
	while (*p != 0) {
		if (p[0] == 1 && p[1] == '*') {
			return true;
		}
		p += *p + 1;
	}
	return false;
}

/* --- node table ------------------------------------------------------- */

cnode_t *
ditto__check_lookup(const ditto_check_t *c, const uint8_t *name, bool nsec3)
{
	uint32_t h = ditto_name_hash(name);
	cnode_t *n = c->buckets[h & (c->nbuckets - 1)];
	while (n != NULL) {
		if (n->hash == h && n->nsec3 == nsec3 &&
		    ditto_name_equal(n->name, name)) {
			return n;
		}
		n = n->next;
	}
	return NULL;
}

static void
grow_table(ditto_check_t *c)
{
	size_t nb = c->nbuckets * 2;
	cnode_t **b = ditto_calloc(nb, sizeof(*b));
	for (size_t i = 0; i < c->nbuckets; i++) {
		cnode_t *n = c->buckets[i];
		while (n != NULL) {
			cnode_t *next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
			n = next;
		}
	}
	ditto_free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
}

static cnode_t *
get_node(ditto_check_t *c, const uint8_t *name, bool nsec3)
{
	cnode_t *n = ditto__check_lookup(c, name, nsec3);
	if (n != NULL) {
		return n;
	}
	if (c->nnodes >= c->nbuckets) {
		grow_table(c);
	}
	size_t len = ditto_name_length(name);
	n = ditto_arena_alloc(&c->arena, sizeof(*n) + len);
	memset(n, 0, sizeof(*n));
	n->hash = ditto_name_hash(name);
	n->nsec3 = nsec3;
	n->namelen = (uint8_t)len;
	memcpy(n->name, name, len);
	n->next = c->buckets[n->hash & (c->nbuckets - 1)];
	c->buckets[n->hash & (c->nbuckets - 1)] = n;
	c->nnodes++;
	return n;
}

/* --- per-record checks ------------------------------------------------ */

/* The rdata name at \a off, or NULL when the rdata is too short. */
static const uint8_t *
rdata_name(const ditto_rr_t *rr, size_t off)
{
	size_t len;
	if (rr->rdlen <= off ||
	    ditto_name_check(rr->rdata + off, rr->rdlen - off, true, &len) !=
	            DITTO_R_SUCCESS) {
		return NULL;
	}
	return rr->rdata + off;
}

/* Best guess at the token the name was written as: relative to the origin
 * when below it, else absolute. */
static void
token_guess(const ditto_check_t *c, const uint8_t *name, char *buf, size_t size)
{
	size_t len;
	const uint8_t *origin = c->origin;
	if (ditto_name_equal(name, c->origin)) {
		origin = NULL;
	}
	if (ditto_name_totext(name, origin, buf, size, &len) !=
	    DITTO_R_SUCCESS) {
		snprintf(buf, size, "<name>");
	}
}

/* inet_pton(AF_INET) on the token: four decimal labels 0..255 without
 * leading zeros. */
static bool
token_isaddress(const char *tok)
{
	unsigned int parts = 0;
	const char *p = tok;
	size_t n = strlen(tok);
	if (n > 0 && tok[n - 1] == '.') {
		n--;
	}
	while (parts < 4) {
		unsigned int v = 0, digits = 0;
		while ((size_t)(p - tok) < n && *p >= '0' && *p <= '9') {
			if (digits > 0 && v == 0) {
				return false;
			}
			v = v * 10 + (unsigned int)(*p - '0');
			if (++digits > 3 || v > 255) {
				return false;
			}
			p++;
		}
		if (digits == 0) {
			return false;
		}
		parts++;
		if ((size_t)(p - tok) == n) {
			break;
		}
		if (*p != '.') {
			return false;
		}
		p++;
	}
	return parts == 4 && (size_t)(p - tok) == n;
}

/* The offset of the name that check-names looks at in the rdata, or -1. */
static int
target_offset(const ditto_check_t *c, const ditto_rr_t *rr)
{
	static const uint8_t in_addr[] = "\007in-addr\004arpa";
	static const uint8_t ip6[] = "\003ip6\004arpa";
	static const uint8_t ip6int[] = "\003ip6\003int";
	switch (rr->type) {
	case DITTO_TYPE_NS:
	case DITTO_TYPE_SOA:
		return 0;
	case DITTO_TYPE_MX:
	case DITTO_TYPE_AFSDB:
	case DITTO_TYPE_RT:
	case DITTO_TYPE_SVCB:
	case DITTO_TYPE_HTTPS:
		return 2;
	case DITTO_TYPE_SRV:
		return 6;
	case DITTO_TYPE_PTR:
		if (ditto_name_issubdomain(rr->owner, in_addr) ||
		    ditto_name_issubdomain(rr->owner, ip6) ||
		    ditto_name_issubdomain(rr->owner, ip6int)) {
			return 0;
		}
		return -1;
	default:
		(void)c;
		return -1;
	}
}

/* Check-names of the rdata target. \return false to drop the record. */
static bool
check_target(ditto_check_t *c, const ditto_rr_t *rr)
{
	int off = target_offset(c, rr);
	const uint8_t *t = off < 0 ? NULL : rdata_name(rr, (size_t)off);
	char text[DITTO_NAME_MAXTEXT];
	if (t == NULL || c->opts.names == DITTO_CHECK_IGNORE ||
	    c->rclass != DITTO_CLASS_IN || ditto_check_ishostname(t, false)) {
		return true;
	}
	if (c->opts.names == DITTO_CHECK_WARN) {
		ditto_check_namefmt(t, text, sizeof(text));
		ditto__check_msg(c,
		                 "%s:%u: warning: %s: bad name (check-names)",
		                 rr->file, rr->line, text);
		return true;
	}
	token_guess(c, t, text, sizeof(text));
	ditto__check_msg(c,
	                 "dns_rdata_fromtext: %s:%u: near '%s': bad name "
	                 "(check-names)",
	                 rr->file, rr->line, text);
	set_loaderr(c, "bad name (check-names)");
	return false;
}

/* MX or NS written as an IPv4 address. \return false to drop it. */
static bool
check_address(ditto_check_t *c, const ditto_rr_t *rr)
{
	char tok[DITTO_NAME_MAXTEXT];
	bool mx = rr->type == DITTO_TYPE_MX;
	ditto_check_mode_t mode = mx ? c->opts.mx : c->opts.ns;
	if ((!mx && rr->type != DITTO_TYPE_NS) || mode == DITTO_CHECK_IGNORE) {
		return true;
	}
	const uint8_t *t = rdata_name(rr, mx ? 2 : 0);
	if (t == NULL) {
		return true;
	}
	token_guess(c, t, tok, sizeof(tok));
	if (!token_isaddress(tok)) {
		return true;
	}
	if (!mx) {
		ditto__check_msg(c,
		                 "%s:%u: NS record '%s' appears to be an "
		                 "address",
		                 rr->file, rr->line, tok);
		if (mode == DITTO_CHECK_FAIL) {
			set_loaderr(c, "NS is an address");
			return false;
		}
		return true;
	}
	if (mode == DITTO_CHECK_WARN) {
		ditto__check_msg(c, "%s:%u: warning: '%s': MX is an address",
		                 rr->file, rr->line, tok);
		return true;
	}
	ditto__check_msg(c,
	                 "dns_rdata_fromtext: %s:%u: near '%s': MX is an "
	                 "address",
	                 rr->file, rr->line, tok);
	set_loaderr(c, "MX is an address");
	return false;
}

static bool
owner_checked(uint16_t type)
{
	return type == DITTO_TYPE_A || type == DITTO_TYPE_AAAA ||
	       type == DITTO_TYPE_A6 || type == DITTO_TYPE_MX ||
	       type == DITTO_TYPE_WKS;
}

/* Checks of one arriving record, in BIND's order. \return false to drop
 * the record; *stop is set when the load must end. */
static bool
check_record(ditto_check_t *c, const ditto_rr_t *rr, bool *stop)
{
	char text[DITTO_NAME_MAXTEXT];
	if (c->opts.wildcard != DITTO_CHECK_IGNORE &&
	    internal_wildcard(rr->owner)) {
		ditto_check_namefmt(rr->owner, text, sizeof(text));
		ditto__check_msg(c,
		                 "%s:%u: warning: ownername '%s' contains an "
		                 "non-terminal wildcard",
		                 rr->file, rr->line, text);
	}
	if (c->opts.names != DITTO_CHECK_IGNORE &&
	    c->rclass == DITTO_CLASS_IN && owner_checked(rr->type) &&
	    !ditto_check_ishostname(rr->owner, true)) {
		ditto_check_namefmt(rr->owner, text, sizeof(text));
		ditto__check_msg(c, "%s:%u: %s: bad owner name (check-names)",
		                 rr->file, rr->line, text);
		if (c->opts.names == DITTO_CHECK_FAIL) {
			set_loaderr(c, "bad owner name (check-names)");
			return false;
		}
	}
	if (!check_target(c, rr) || !check_address(c, rr)) {
		return false;
	}
	if (rr->type == DITTO_TYPE_RRSIG && rr->rdlen >= 12 && !c->sigexpired) {
		const uint8_t *x = rr->rdata + 8;
		uint32_t e = ((uint32_t)x[0] << 24) | ((uint32_t)x[1] << 16) |
		             ((uint32_t)x[2] << 8) | x[3];
		if ((int32_t)(e - (uint32_t)c->now) < 0) {
			c->sigexpired = true;
			ditto__check_msg(c, "%s:%u: signature has expired",
			                 rr->file, rr->line);
		}
	}
	if (rr->type == DITTO_TYPE_DS &&
	    ditto_name_equal(rr->owner, c->origin)) {
		ditto_check_namefmt(rr->owner, text, sizeof(text));
		ditto__check_msg(c, "%s:%u: DS record at top of zone (%s)",
		                 rr->file, rr->line, text);
		set_loaderr(c, "at top of zone");
		return false;
	}
	if (rr->type == DITTO_TYPE_SOA &&
	    !ditto_name_equal(rr->owner, c->origin)) {
		ditto_check_namefmt(rr->owner, text, sizeof(text));
		ditto__check_msg(c, "%s:%u: SOA record not at top of zone (%s)",
		                 rr->file, rr->line, text);
		set_loaderr(c, "not at top of zone");
		*stop = true;
		return false;
	}
	return true;
}

/* --- owner groups ----------------------------------------------------- */

static uint16_t
type_flag(uint16_t type)
{
	switch (type) {
	case DITTO_TYPE_A:
		return CN_A;
	case DITTO_TYPE_AAAA:
		return CN_AAAA;
	case DITTO_TYPE_NS:
		return CN_NS;
	case DITTO_TYPE_CNAME:
		return CN_CNAME;
	case DITTO_TYPE_DNAME:
		return CN_DNAME;
	case DITTO_TYPE_SOA:
		return CN_SOA;
	case DITTO_TYPE_TXT:
		return CN_TXT;
	case DITTO_TYPE_SPF:
		return CN_SPF;
	case DITTO_TYPE_MX:
		return CN_MX;
	case DITTO_TYPE_SRV:
		return CN_SRV;
	case DITTO_TYPE_DNSKEY:
		return CN_DNSKEY;
	case DITTO_TYPE_NSEC:
		return CN_NSEC;
	case DITTO_TYPE_NSEC3PARAM:
		return CN_NSEC3PARAM;
	default:
		return 0;
	}
}

/* The slot remembering the first rdata of a singleton type, or NULL. */
static uint32_t *
singleton_slot(ditto_check_t *c, cnode_t *n, uint16_t type)
{
	switch (type) {
	case DITTO_TYPE_SOA:
		return &c->soa;
	case DITTO_TYPE_CNAME:
	case DITTO_TYPE_DNAME:
		return &n->single;
	default:
		return NULL;
	}
}

static void
group_error(ditto_check_t *c, const cnode_t *n, const char *what)
{
	char text[DITTO_NAME_MAXTEXT];
	ditto_check_namefmt(n->name, text, sizeof(text));
	ditto__check_msg(c, "dns_master_load: %s:%u: %s: %s", c->batch_file,
	                 c->batch_line, text, what);
	set_loaderr(c, what);
}

/* Merge the records of one RRset of the group (indexes idx[0..n)). */
static void
apply_rrset(ditto_check_t *c, const uint32_t *idx, size_t n)
{
	crec_t *r0 = &c->recs[idx[0]];
	cnode_t *node = r0->node;
	uint32_t *slot = singleton_slot(c, node, r0->type);
	if (slot != NULL) {
		const crec_t *ref = *slot != 0 ? &c->recs[*slot - 1] : r0;
		if (ref->type != r0->type) {
			ref = r0; /* CNAME beside DNAME: reported below */
		}
		for (size_t i = 0; i < n; i++) {
			const crec_t *r = &c->recs[idx[i]];
			if (ditto_rdata_compare(r->type, ref->rdata, ref->rdlen,
			                        r->rdata, r->rdlen) != 0) {
				for (size_t j = 0; j < n; j++) {
					c->recs[idx[j]].dead = 1;
				}
				group_error(c, node,
				            "multiple RRs of singleton type");
				return;
			}
		}
		if (*slot == 0 || c->recs[*slot - 1].type != r0->type) {
			*slot = idx[0] + 1;
		}
	}
	node->flags |= type_flag(r0->type);
	if (r0->type != DITTO_TYPE_CNAME &&
	    !ditto_rrtype_cname_compatible(r0->type)) {
		node->flags |= CN_OTHER;
	}
	node->count += (uint32_t)n;
	if ((node->flags & CN_CNAME) != 0 && (node->flags & CN_OTHER) != 0) {
		group_error(c, node, "CNAME and other data");
	}
}

static bool
same_rrset(const crec_t *a, const crec_t *b)
{
	return a->node == b->node && a->type == b->type &&
	       a->covers == b->covers;
}

/* Apply the current group: its RRsets in reverse order of appearance. */
void
ditto__check_commit(ditto_check_t *c)
{
	size_t s = c->batch_start, e = c->nrecs;
	if (s >= e) {
		return;
	}
	uint32_t sheads[64], sidx[64];
	uint32_t *heads = sheads, *idx = sidx;
	if (e - s > 64) {
		heads = ditto_malloc((e - s) * sizeof(*heads));
		idx = ditto_malloc((e - s) * sizeof(*idx));
	}
	size_t nheads = 0;
	for (size_t i = s; i < e; i++) {
		size_t h = 0;
		while (h < nheads &&
		       !same_rrset(&c->recs[heads[h]], &c->recs[i])) {
			h++;
		}
		if (h == nheads) {
			heads[nheads++] = (uint32_t)i;
		}
	}
	for (size_t h = nheads; h-- > 0;) {
		size_t n = 0;
		for (size_t i = heads[h]; i < e; i++) {
			if (same_rrset(&c->recs[heads[h]], &c->recs[i])) {
				idx[n++] = (uint32_t)i;
			}
		}
		apply_rrset(c, idx, n);
	}
	if (heads != sheads) {
		ditto_free(heads);
		ditto_free(idx);
	}
	c->batch_start = e;
}

static void
add_record(ditto_check_t *c, const ditto_rr_t *rr)
{
	if (c->nrecs == c->caprecs) {
		c->caprecs = c->caprecs == 0 ? 4096 : c->caprecs * 2;
		c->recs = ditto_realloc(c->recs, c->caprecs * sizeof(*c->recs));
	}
	crec_t *r = &c->recs[c->nrecs++];
	memset(r, 0, sizeof(*r));
	r->type = rr->type;
	if (rr->type == DITTO_TYPE_RRSIG && rr->rdlen >= 2) {
		r->covers = (uint16_t)((rr->rdata[0] << 8) | rr->rdata[1]);
	}
	bool nsec3 =
	        rr->type == DITTO_TYPE_NSEC3 ||
	        (rr->type == DITTO_TYPE_RRSIG && r->covers == DITTO_TYPE_NSEC3);
	r->node = get_node(c, rr->owner, nsec3);
	if (memcmp(r->node->name, rr->owner, r->node->namelen) != 0) {
		if (c->ncases == c->capcases) {
			c->capcases = c->capcases == 0 ? 64 : c->capcases * 2;
			c->owner_cases = ditto_realloc(
			        c->owner_cases,
			        c->capcases * sizeof(*c->owner_cases));
		}
		c->owner_cases[c->ncases++] = ditto_arena_memdup(
		        &c->arena, rr->owner, r->node->namelen);
		r->ocase = (uint32_t)c->ncases;
	}
	r->ttl = rr->ttl;
	r->rdlen = rr->rdlen;
	r->rdata = pool_dup(&c->pool, rr->rdata, rr->rdlen);
	snprintf(c->batch_file, sizeof(c->batch_file), "%s",
	         rr->file != NULL ? rr->file : "");
	c->batch_line = rr->line;
}

static ditto_result_t
sink_fn(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	ditto_check_t *c = arg;
	if (op != DITTO_RRSINK_ADD || c->finished) {
		return DITTO_R_NOTIMPLEMENTED;
	}
	if (c->nrecs >= MAX_RECS) {
		return DITTO_R_TOOMANY;
	}
	if (c->batch_name == NULL ||
	    !ditto_name_equal(c->batch_name, rr->owner)) {
		ditto__check_commit(c);
		c->batch_name = get_node(c, rr->owner, false)->name;
	}
	bool stop = false;
	if (!check_record(c, rr, &stop)) {
		return stop ? DITTO_R_NOTZONETOP : DITTO_R_SUCCESS;
	}
	add_record(c, rr);
	return DITTO_R_SUCCESS;
}

ditto_rrsink_t
ditto_check_sink(ditto_check_t *c)
{
	REQUIRE(c != NULL);
	ditto_rrsink_t s = { .fn = sink_fn, .arg = c };
	return s;
}

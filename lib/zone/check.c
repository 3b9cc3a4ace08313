/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone checker, load side: the RR sink, per-record checks, owner groups.
 *
 * The checker loads the zone into a ditto_version_t through the version's
 * own RR sink (version.h), the path the daemon loads zones by. Its sink
 * wraps that one:
 *
 * Records arrive from the master-file reader one at a time. Each is checked
 * on arrival, in the order BIND's loader reports problems: non-terminal
 * wildcard (when the owner changes), owner check-names, rdata checks
 * (target check-names, MX or NS written as an address), expired
 * signatures, DS at the apex.
 *
 * Like BIND's loader, records are then applied in owner groups: a group is
 * a run of consecutive records with the same owner. When the owner changes
 * (or the load ends) the group's RRsets are added to the version in the
 * reverse order of their first appearance. A singleton type (SOA, CNAME,
 * DNAME) whose rdatas differ from each other or from the RRset already in
 * the version is refused ("multiple RRs of singleton type"); after an RRset
 * that changed the node, a node with a CNAME and other data is reported
 * ("CNAME and other data"). Both with the line of the group's last record.
 * Reproducing the grouping reproduces BIND's count and place of messages.
 *
 * Side tables, not a second zone: the current group's records (freed at
 * each owner change), and the owner spelling of each RRset whose first
 * record was written in another case than its node's name (BIND keeps the
 * case per RRset; the dump asks ditto_check_ownercase()).
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
#include "zone/node.h"
#include "zone/tree.h"

#define GROUP_MAXRECS (16u * 1024 * 1024) /* records in one owner group */

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

/* The version sink's events: duplicates and TTL differences between owner
 * groups are silent in named-checkzone (the later TTL wins); out-of-zone
 * records never get here (the reader drops them with a warning). */
static ditto_result_t
version_event(void *arg, ditto_result_t what, const ditto_rr_t *rr,
              uint32_t priorttl)
{
	(void)arg;
	(void)rr;
	(void)priorttl;
	if (what == DITTO_R_EXISTS || what == DITTO_R_TTLMISMATCH ||
	    what == DITTO_R_NOTZONETOP) {
		return DITTO_R_SUCCESS;
	}
	return what;
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
	ditto_version_create(origin, rclass, &c->version);
	c->vsink =
	        ditto_version_sink(&c->vstate, c->version,
	                           DITTO_VERSION_TTL_REPLACE, version_event, c);
	ditto_arena_init(&c->group_arena, 64 * 1024);
	ditto_arena_init(&c->case_arena, 4096);
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
	ditto_version_detach(&c->version);
	ditto_free(c->zonetext);
	ditto_arena_clear(&c->group_arena);
	ditto_arena_clear(&c->case_arena);
	ditto_free(c->group);
	ditto_free(c->cases);
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
 * the record. */
static bool
check_record(ditto_check_t *c, const ditto_rr_t *rr)
{
	char text[DITTO_NAME_MAXTEXT];
	bool newowner =
	        !c->has_prev || !ditto_name_equal(c->prevown, rr->owner);
	if (newowner) {
		ditto_name_copy(c->prevown, rr->owner);
		c->has_prev = true;
	}
	/* BIND checks the wildcard when the owner changes. */
	if (newowner && c->opts.wildcard != DITTO_CHECK_IGNORE &&
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
	return true;
}

/* --- owner spellings ---------------------------------------------------- */

static void
case_grow(ditto_check_t *c)
{
	size_t nb = c->ncasebuckets == 0 ? 64 : c->ncasebuckets * 2;
	ccase_t **b = ditto_calloc(nb, sizeof(*b));
	for (size_t i = 0; i < c->ncasebuckets; i++) {
		ccase_t *e = c->cases[i];
		while (e != NULL) {
			ccase_t *next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
			e = next;
		}
	}
	ditto_free(c->cases);
	c->cases = b;
	c->ncasebuckets = nb;
}

static void
case_add(ditto_check_t *c, const uint8_t *owner, uint16_t type, uint16_t covers)
{
	if (c->ncases >= c->ncasebuckets) {
		case_grow(c);
	}
	size_t len = ditto_name_length(owner);
	ccase_t *e = ditto_arena_alloc(&c->case_arena, sizeof(*e) + len);
	e->hash = ditto_name_hash(owner);
	e->type = type;
	e->covers = covers;
	memcpy(e->name, owner, len);
	e->next = c->cases[e->hash & (c->ncasebuckets - 1)];
	c->cases[e->hash & (c->ncasebuckets - 1)] = e;
	c->ncases++;
}

const uint8_t *
ditto_check_ownercase(void *arg, const ditto_node_t *node,
                      const ditto_rrset_t *set)
{
	const ditto_check_t *c = arg;
	const uint8_t *name = ditto_node_name(node);
	if (c == NULL || c->ncases == 0) {
		return name;
	}
	uint32_t h = ditto_name_hash(name);
	for (const ccase_t *e = c->cases[h & (c->ncasebuckets - 1)]; e != NULL;
	     e = e->next) {
		if (e->hash == h && e->type == set->type &&
		    e->covers == set->covers &&
		    ditto_name_equal(e->name, name)) {
			return e->name;
		}
	}
	return name;
}

/* --- owner groups ----------------------------------------------------- */

static const ditto_tree_t *
tree_of(const ditto_check_t *c, uint16_t type, uint16_t covers)
{
	bool n3 = type == DITTO_TYPE_NSEC3 ||
	          (type == DITTO_TYPE_RRSIG && covers == DITTO_TYPE_NSEC3);
	return n3 ? ditto_version_nsec3tree(c->version)
	          : ditto_version_tree(c->version);
}

static void
group_error(ditto_check_t *c, const uint8_t *name, const char *what)
{
	char text[DITTO_NAME_MAXTEXT];
	ditto_check_namefmt(name, text, sizeof(text));
	ditto__check_msg(c, "dns_master_load: %s:%u: %s: %s", c->group_file,
	                 c->group_line, text, what);
	set_loaderr(c, what);
}

/* A singleton RRset may hold one rdata: the group's records must all equal
 * the one already in the version, or the group's first. */
static bool
singleton_ok(const ditto_check_t *c, const ditto_rrset_t *old,
             const uint32_t *idx, size_t n)
{
	const cgrec_t *r0 = &c->group[idx[0]];
	const uint8_t *ref = r0->rdata;
	uint16_t reflen = r0->rdlen;
	if (old != NULL) {
		ref = ditto_rrset_rdata(old, 0, &reflen);
	}
	for (size_t i = 0; i < n; i++) {
		const cgrec_t *r = &c->group[idx[i]];
		if (ditto_rdata_compare(r->type, ref, reflen, r->rdata,
		                        r->rdlen) != 0) {
			return false;
		}
	}
	return true;
}

/* True when the node holds a type that may not sit beside a CNAME. */
static bool
other_data(const ditto_node_t *node)
{
	for (unsigned int i = 0; i < ditto_node_count(node); i++) {
		uint16_t t = ditto_node_rrset(node, i)->type;
		if (t != DITTO_TYPE_CNAME &&
		    !ditto_rrtype_cname_compatible(t)) {
			return true;
		}
	}
	return false;
}

/* Add one RRset of the group (records idx[0..n)) through the version's
 * sink, then the checks that follow BIND's add. */
static ditto_result_t
apply_rrset(ditto_check_t *c, const uint32_t *idx, size_t n)
{
	const cgrec_t *r0 = &c->group[idx[0]];
	const ditto_tree_t *tree = tree_of(c, r0->type, r0->covers);
	const ditto_node_t *node;
	if (ditto_rrtype_issingleton(r0->type)) {
		node = ditto_tree_get(tree, r0->owner);
		const ditto_rrset_t *old =
		        node != NULL
		                ? ditto_node_find(node, r0->type, r0->covers)
		                : NULL;
		if (!singleton_ok(c, old, idx, n)) {
			group_error(c,
			            node != NULL ? ditto_node_name(node)
			                         : c->group[0].owner,
			            "multiple RRs of singleton type");
			return DITTO_R_SUCCESS;
		}
	}
	uint64_t before = c->vstate.added;
	for (size_t i = 0; i < n; i++) {
		const cgrec_t *r = &c->group[idx[i]];
		ditto_rr_t rr = { .owner = c->group[0].owner,
			          .type = r->type,
			          .rclass = c->rclass,
			          .ttl = r->ttl,
			          .rdlen = r->rdlen,
			          .rdata = r->rdata,
			          .file = c->group_file,
			          .line = r->line };
		ditto_result_t result =
		        c->vsink.fn(c->vsink.arg, DITTO_RRSINK_ADD, &rr);
		if (result != DITTO_R_SUCCESS) {
			return result;
		}
	}
	uint64_t added = c->vstate.added - before;
	if (added == 0) {
		return DITTO_R_SUCCESS; /* nothing new: BIND checks nothing */
	}
	node = c->vstate.node; /* where the last add went: this RRset's */
	INSIST(node != NULL);
	const uint8_t *name = ditto_node_name(node);
	if (memcmp(name, r0->owner, ditto_name_length(name)) != 0) {
		/* A new RRset holds exactly what this group added. */
		const ditto_rrset_t *set =
		        ditto_node_find(node, r0->type, r0->covers);
		if (set != NULL && set->count == added) {
			case_add(c, r0->owner, r0->type, r0->covers);
		}
	}
	if ((ditto_node_flags(node) & DITTO_NODE_CNAME) != 0 &&
	    other_data(node)) {
		group_error(c, name, "CNAME and other data");
	}
	return DITTO_R_SUCCESS;
}

static bool
same_rrset(const cgrec_t *a, const cgrec_t *b)
{
	return a->type == b->type && a->covers == b->covers;
}

/* Apply the current group: its RRsets in reverse order of appearance. */
ditto_result_t
ditto__check_commit(ditto_check_t *c)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t e = c->ngroup;
	if (e == 0) {
		return DITTO_R_SUCCESS;
	}
	uint32_t *heads = ditto_malloc(2 * e * sizeof(*heads));
	uint32_t *idx = heads + e;
	size_t nheads = 0;
	for (size_t i = 0; i < e; i++) {
		size_t h = 0;
		while (h < nheads &&
		       !same_rrset(&c->group[heads[h]], &c->group[i])) {
			h++;
		}
		if (h == nheads) {
			heads[nheads++] = (uint32_t)i;
		}
	}
	for (size_t h = nheads; h-- > 0;) {
		size_t n = 0;
		for (size_t i = heads[h]; i < e; i++) {
			if (same_rrset(&c->group[heads[h]], &c->group[i])) {
				idx[n++] = (uint32_t)i;
			}
		}
		CHECK(apply_rrset(c, idx, n));
	}
cleanup:
	ditto_free(heads);
	c->ngroup = 0;
	ditto_arena_reset(&c->group_arena);
	return result;
}

static void
group_add(ditto_check_t *c, const ditto_rr_t *rr)
{
	if (c->ngroup == c->capgroup) {
		c->capgroup = c->capgroup == 0 ? 64 : c->capgroup * 2;
		c->group = ditto_realloc(c->group,
		                         c->capgroup * sizeof(*c->group));
	}
	cgrec_t *r = &c->group[c->ngroup];
	const cgrec_t *prev = c->ngroup > 0 ? r - 1 : NULL;
	size_t olen = ditto_name_length(rr->owner);
	if (prev != NULL && memcmp(prev->owner, rr->owner, olen) == 0) {
		r->owner = prev->owner;
	} else {
		r->owner = ditto_arena_memdup(&c->group_arena, rr->owner, olen);
	}
	r->rdata = rr->rdlen > 0 ? ditto_arena_memdup(&c->group_arena,
	                                              rr->rdata, rr->rdlen)
	                         : (const uint8_t *)"";
	r->ttl = rr->ttl;
	r->line = rr->line;
	r->type = rr->type;
	r->covers = 0;
	if (rr->type == DITTO_TYPE_RRSIG && rr->rdlen >= 2) {
		r->covers = (uint16_t)((rr->rdata[0] << 8) | rr->rdata[1]);
	}
	r->rdlen = rr->rdlen;
	c->ngroup++;
	const char *file = rr->file != NULL ? rr->file : "";
	if (strncmp(c->group_file, file, sizeof(c->group_file) - 1) != 0) {
		snprintf(c->group_file, sizeof(c->group_file), "%s", file);
	}
	c->group_line = rr->line;
}

static ditto_result_t
sink_fn(void *arg, ditto_rrsink_op_t op, const ditto_rr_t *rr)
{
	ditto_check_t *c = arg;
	if (op != DITTO_RRSINK_ADD || c->finished) {
		return DITTO_R_NOTIMPLEMENTED;
	}
	if (c->ngroup > 0 && !ditto_name_equal(c->group[0].owner, rr->owner)) {
		ditto_result_t result = ditto__check_commit(c);
		if (result != DITTO_R_SUCCESS) {
			c->fatal = result;
			return result;
		}
	}
	if (c->ngroup >= GROUP_MAXRECS) {
		return DITTO_R_TOOMANY;
	}
	if (check_record(c, rr)) {
		group_add(c, rr);
	}
	return DITTO_R_SUCCESS;
}

ditto_rrsink_t
ditto_check_sink(ditto_check_t *c)
{
	REQUIRE(c != NULL);
	ditto_rrsink_t s = { .fn = sink_fn, .arg = c };
	return s;
}

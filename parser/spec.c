/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Matching statements against clause syntax written in man named.conf form. */
/*
 * A clause's syntax is kept as the text `man named.conf` prints
 * ("[ port <integer> ] { <address_match_element>; ... }") and compiled
 * into a small tree:
 *
 *   SEQ  (a b c)      ALT  (a | b)      OPT  [ a ]
 *   LIT  keyword      TYPE <type>       LIST { a; ... }
 *   SET  @name (a block checked against clause set `name`)
 *   UNSPEC { <unspecified-text> }
 *
 * Matching is a backtracking walk with continuations over the item list of
 * one statement. Every consumed item is pushed on a trace (popped when the
 * walk backs out), so on success the trace says which spec node each item
 * matched; that annotates the AST. On failure, the failure seen deepest
 * into the trace gives the message, a type failure beating a keyword one.
 * Work is bounded: each statement gets a step budget.
 */
#include "parser/spec.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parser/check.h"
#include "parser/values.h"
#include "util/assert.h"
#include "util/mem.h"

#define MAXTRACE 4096
#define MAXSTEPS 200000
#define MAXKIDS  48

typedef enum {
	S_SEQ,
	S_ALT,
	S_OPT,
	S_LIT,
	S_TYPE,
	S_LIST,
	S_SET,
	S_AME, /* <address_match_element> */
} skind_t;

struct ditto_cfg_spec {
	skind_t kind;
	const char *lit;         /* S_LIT */
	ditto_cfg_vtype_t vtype; /* S_TYPE */
	uint32_t set;            /* S_SET */
	size_t n;                /* kids */
	ditto_cfg_spec_t **kids; /* SEQ/ALT: n; OPT/LIST: 1 */
};

typedef struct trace_ent {
	ditto_cfg_node_t *node;
	const ditto_cfg_spec_t *spec;
} trace_ent_t;

struct ditto_cfg_matcher {
	ditto_arena_t arena;
	ditto_cfg_spec_t **compiled; /* per clause row */
	ditto_cfg_spec_t *ame;       /* address_match_element */
	trace_ent_t trace[MAXTRACE];
	size_t ntrace;
	unsigned long steps;
	/* best failure */
	size_t fail_depth;
	bool fail_is_type;
	char fail_msg[256];
	bool have_fail;
};

typedef struct cont {
	ditto_cfg_spec_t *const *items;
	size_t i, n;
	const struct cont *up;
} cont_t;

/* ---- compiling ---- */

typedef struct toks {
	char *v[256];
	size_t n, i;
} toks_t;

static void
tokenize(ditto_arena_t *a, const char *spec, toks_t *t)
{
	t->n = t->i = 0;
	const char *s = spec;
	while (*s != '\0' && t->n < 255) {
		while (isspace((unsigned char)*s)) {
			s++;
		}
		if (*s == '\0') {
			break;
		}
		size_t len = strcspn(s, " \t;");
		if (len == 0) { /* ';' */
			len = 1;
		}
		char *w = ditto_arena_alloc(a, len + 1);
		memcpy(w, s, len);
		w[len] = '\0';
		t->v[t->n++] = w;
		s += len;
	}
}

static ditto_cfg_spec_t *
snew(ditto_arena_t *a, skind_t kind)
{
	ditto_cfg_spec_t *s = ditto_arena_alloc(a, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	return s;
}

static const struct {
	const char *name;
	ditto_cfg_vtype_t t;
} typenames[] = {
	{ "<integer>", DITTO_CFG_V_INTEGER },
	{ "<boolean>", DITTO_CFG_V_BOOLEAN },
	{ "<string>", DITTO_CFG_V_STRING },
	{ "<quoted_string>", DITTO_CFG_V_QSTRING },
	{ "<duration>", DITTO_CFG_V_DURATION },
	{ "<duration_or_unlimited>", DITTO_CFG_V_DURATION },
	{ "<size>", DITTO_CFG_V_SIZE },
	{ "<sizeval>", DITTO_CFG_V_SIZEVAL },
	{ "<percentage>", DITTO_CFG_V_PERCENT },
	{ "<fixedpoint>", DITTO_CFG_V_FIXEDPOINT },
	{ "<ipv4_address>", DITTO_CFG_V_IPV4 },
	{ "<ipv6_address>", DITTO_CFG_V_IPV6 },
	{ "<netprefix>", DITTO_CFG_V_NETPREFIX },
	{ "<class>", DITTO_CFG_V_CLASS },
	{ "<log_severity>", DITTO_CFG_V_SEVERITY },
	{ "<syslog_facility>", DITTO_CFG_V_FACILITY },
	{ "<remote-servers>", DITTO_CFG_V_REMOTE },
	{ "<server_key>", DITTO_CFG_V_STRING },
	{ "<rrtypelist>", DITTO_CFG_V_RRTYPE },
	{ "<ameword>", DITTO_CFG_V_AMEWORD },
};

static ditto_cfg_spec_t *c_alt(ditto_arena_t *a, toks_t *t);

static ditto_cfg_spec_t *
c_type(ditto_arena_t *a, const char *w)
{
	if (strcmp(w, "<address_match_element>") == 0) {
		return snew(a, S_AME);
	}
	if (strcmp(w, "<server_key>") == 0) {
		toks_t t;
		tokenize(a, "( <string> | { <string>; ... } )", &t);
		return c_alt(a, &t);
	}
	if (strcmp(w, "<portrange>") == 0) {
		toks_t t;
		tokenize(a, "( <integer> | range <integer> <integer> | * )",
		         &t);
		return c_alt(a, &t);
	}
	ditto_cfg_spec_t *s = snew(a, S_TYPE);
	s->vtype = DITTO_CFG_V_STRING;
	for (size_t i = 0; i < sizeof(typenames) / sizeof(typenames[0]); i++) {
		if (strcmp(typenames[i].name, w) == 0) {
			s->vtype = typenames[i].t;
		}
	}
	if (s->vtype == DITTO_CFG_V_RRTYPE) { /* zero or more */
		ditto_cfg_spec_t *o = snew(a, S_OPT), *sq = snew(a, S_SEQ);
		o->n = 1;
		o->kids = ditto_arena_alloc(a, sizeof(*o->kids));
		o->kids[0] = sq;
		sq->n = 2;
		sq->kids = ditto_arena_alloc(a, 2 * sizeof(*sq->kids));
		sq->kids[0] = s;
		sq->kids[1] = o;
		return o;
	}
	return s;
}

static ditto_cfg_spec_t *
c_block(ditto_arena_t *a, toks_t *t)
{
	/* after '{' : "<unspecified-text> }" or "seq ; ... }" */
	if (t->i < t->n && strcmp(t->v[t->i], "<unspecified-text>") == 0) {
		t->i += 2;
		ditto_cfg_spec_t *s = snew(a, S_TYPE);
		s->vtype = DITTO_CFG_V_UNSPEC;
		return s;
	}
	ditto_cfg_spec_t *s = snew(a, S_LIST);
	s->n = 1;
	s->kids = ditto_arena_alloc(a, sizeof(*s->kids));
	s->kids[0] = c_alt(a, t);
	while (t->i < t->n && strcmp(t->v[t->i], "}") != 0) {
		t->i++; /* ';' '...' */
	}
	t->i++; /* '}' */
	return s;
}

static ditto_cfg_spec_t *
c_term(ditto_arena_t *a, toks_t *t)
{
	const char *w = t->v[t->i++];
	ditto_cfg_spec_t *s;
	if (strcmp(w, "[") == 0 || strcmp(w, "(") == 0) {
		ditto_cfg_spec_t *inner = c_alt(a, t);
		t->i++; /* ']' or ')' */
		if (w[0] == '(') {
			return inner;
		}
		s = snew(a, S_OPT);
		s->n = 1;
		s->kids = ditto_arena_alloc(a, sizeof(*s->kids));
		s->kids[0] = inner;
		return s;
	}
	if (strcmp(w, "{") == 0) {
		return c_block(a, t);
	}
	if (w[0] == '@') {
		s = snew(a, S_SET);
		s->set = ditto_cfg_set_byname(w + 1);
		return s;
	}
	if (w[0] == '<') {
		return c_type(a, w);
	}
	s = snew(a, S_LIT);
	s->lit = w;
	return s;
}

static bool
seq_end(const char *w)
{
	return strcmp(w, "|") == 0 || strcmp(w, "]") == 0 ||
	       strcmp(w, ")") == 0 || strcmp(w, "}") == 0 ||
	       strcmp(w, ";") == 0;
}

static ditto_cfg_spec_t *
c_seq(ditto_arena_t *a, toks_t *t)
{
	ditto_cfg_spec_t *kids[MAXKIDS];
	size_t n = 0;
	while (t->i < t->n && !seq_end(t->v[t->i]) && n < MAXKIDS) {
		kids[n++] = c_term(a, t);
	}
	if (n == 1) {
		return kids[0];
	}
	ditto_cfg_spec_t *s = snew(a, S_SEQ);
	s->n = n;
	s->kids = ditto_arena_alloc(a, (n + 1) * sizeof(*s->kids));
	memcpy(s->kids, kids, n * sizeof(*kids));
	return s;
}

static ditto_cfg_spec_t *
c_alt(ditto_arena_t *a, toks_t *t)
{
	ditto_cfg_spec_t *kids[MAXKIDS];
	size_t n = 0;
	kids[n++] = c_seq(a, t);
	while (t->i < t->n && strcmp(t->v[t->i], "|") == 0 && n < MAXKIDS) {
		t->i++;
		kids[n++] = c_seq(a, t);
	}
	if (n == 1) {
		return kids[0];
	}
	ditto_cfg_spec_t *s = snew(a, S_ALT);
	s->n = n;
	s->kids = ditto_arena_alloc(a, n * sizeof(*s->kids));
	memcpy(s->kids, kids, n * sizeof(*kids));
	return s;
}

static ditto_cfg_spec_t *
compile(ditto_arena_t *a, const char *text)
{
	toks_t t;
	tokenize(a, text, &t);
	if (t.n == 0) {
		return snew(a, S_SEQ);
	}
	return c_alt(a, &t);
}

ditto_cfg_matcher_t *
ditto_cfg_matcher_create(void)
{
	ditto_cfg_matcher_t *m = ditto_calloc(1, sizeof(*m));
	ditto_arena_init(&m->arena, 0);
	m->compiled = ditto_calloc(ditto_cfg_nclauses, sizeof(*m->compiled));
	m->ame = compile(&m->arena, "[ ! ] ( key <string> | "
	                            "geoip [ db <string> ] ( area | areacode | "
	                            "asnum | city | continent | country | "
	                            "country3 | countryname | domain | isp | "
	                            "metro | metrocode | netspeed | org | "
	                            "postal | postalcode | region | "
	                            "regionname | timezone | tz ) <string> | "
	                            "{ <address_match_element>; ... } | "
	                            "<ameword> )");
	return m;
}

void
ditto_cfg_matcher_destroy(ditto_cfg_matcher_t **mp)
{
	if (mp == NULL || *mp == NULL) {
		return;
	}
	ditto_cfg_matcher_t *m = *mp;
	ditto_arena_clear(&m->arena);
	ditto_free(m->compiled);
	ditto_free(m);
	*mp = NULL;
}

/* ---- value checks ---- */

static bool
is_text(const ditto_cfg_node_t *n)
{
	return n->kind == DITTO_CFG_WORD || n->kind == DITTO_CFG_STRING;
}

static bool
word_in(const char *s, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strcasecmp(s, *list) == 0) {
			return true;
		}
	}
	return false;
}

bool
ditto_cfg_vtype_ok(ditto_cfg_vtype_t t, const ditto_cfg_node_t *n)
{
	static const char *const classes[] = { "in",     "ch",  "chaos", "hs",
		                               "hesiod", "any", NULL };
	static const char *const sev[] = { "critical", "error", "warning",
		                           "notice",   "info",  "dynamic",
		                           NULL };
	static const char *const fac[] = {
		"kern",   "user",   "mail",   "daemon", "auth",     "syslog",
		"lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
		"local0", "local1", "local2", "local3", "local4",   "local5",
		"local6", "local7", NULL
	};
	uint8_t a[16];
	uint32_t u;
	uint64_t v;
	bool b;
	ditto_cfg_prefix_t p;
	if (t == DITTO_CFG_V_UNSPEC) {
		return n->kind == DITTO_CFG_BLOCK;
	}
	if (!is_text(n)) {
		return false;
	}
	const char *s = n->text;
	switch (t) {
	case DITTO_CFG_V_INTEGER:
	case DITTO_CFG_V_PORT:
		return n->kind == DITTO_CFG_WORD &&
		       ditto_cfg_value_isinteger(s);
	case DITTO_CFG_V_BOOLEAN:
		return ditto_cfg_value_boolean(s, &b);
	case DITTO_CFG_V_STRING:
	case DITTO_CFG_V_REMOTE:
	case DITTO_CFG_V_AMEWORD:
		return true;
	case DITTO_CFG_V_QSTRING:
		return n->kind == DITTO_CFG_STRING;
	case DITTO_CFG_V_DURATION:
		return ditto_cfg_value_duration(s, &u) ||
		       strcasecmp(s, "unlimited") == 0;
	case DITTO_CFG_V_SIZE:
		if (strcasecmp(s, "unlimited") == 0 ||
		    strcasecmp(s, "default") == 0) {
			return true;
		}
		/* FALLTHROUGH */
	case DITTO_CFG_V_SIZEVAL:
		return ditto_cfg_value_sizeval(s, &v);
	case DITTO_CFG_V_PERCENT:
		return ditto_cfg_value_percent(s, &u);
	case DITTO_CFG_V_FIXEDPOINT:
		return ditto_cfg_value_fixedpoint(s, &u);
	case DITTO_CFG_V_IPV4:
		return ditto_cfg_value_ipv4(s, a);
	case DITTO_CFG_V_IPV6:
		return ditto_cfg_value_ipv6(s, a);
	case DITTO_CFG_V_NETPREFIX:
		return ditto_cfg_value_prefix(s, &p) !=
		       DITTO_CFG_PREFIX_NOTADDR;
	case DITTO_CFG_V_CLASS:
		return word_in(s, classes);
	case DITTO_CFG_V_SEVERITY:
		return word_in(s, sev) ||
		       (strncasecmp(s, "debug", 5) == 0 &&
		        (s[5] == '\0' || ditto_cfg_value_isnumber(s + 5)));
	case DITTO_CFG_V_FACILITY:
		return word_in(s, fac);
	case DITTO_CFG_V_RRTYPE:
		return n->kind == DITTO_CFG_WORD;
	default:
		return false;
	}
}

static const char *
expected(ditto_cfg_vtype_t t)
{
	switch (t) {
	case DITTO_CFG_V_INTEGER:
	case DITTO_CFG_V_PORT:
	case DITTO_CFG_V_SAPORT:
		return "expected number";
	case DITTO_CFG_V_BOOLEAN:
		return "boolean expected";
	case DITTO_CFG_V_QSTRING:
		return "expected quoted string";
	case DITTO_CFG_V_STRING:
	case DITTO_CFG_V_REMOTE:
	case DITTO_CFG_V_AMEWORD:
	case DITTO_CFG_V_RRTYPE:
		return "expected string";
	case DITTO_CFG_V_DURATION:
		return "expected ISO 8601 duration or TTL value";
	case DITTO_CFG_V_SIZE:
	case DITTO_CFG_V_SIZEVAL:
		return "expected integer and optional unit";
	case DITTO_CFG_V_PERCENT:
		return "expected percentage";
	case DITTO_CFG_V_FIXEDPOINT:
		return "expected fixed point number";
	case DITTO_CFG_V_IPV4:
		return "expected IPv4 address";
	case DITTO_CFG_V_IPV6:
		return "expected IPv6 address";
	case DITTO_CFG_V_NETPREFIX:
		return "expected network prefix";
	case DITTO_CFG_V_CLASS:
		return "expected class";
	case DITTO_CFG_V_SEVERITY:
		return "expected logging severity";
	case DITTO_CFG_V_FACILITY:
		return "expected syslog facility";
	case DITTO_CFG_V_UNSPEC:
		return "expected '{'";
	default:
		return "unexpected token";
	}
}

/* ---- matching ---- */

static bool m_spec(ditto_cfg_matcher_t *m, const ditto_cfg_spec_t *s,
                   ditto_cfg_node_t *pos, const cont_t *k);

static void
fail(ditto_cfg_matcher_t *m, bool is_type, const ditto_cfg_node_t *pos,
     const char *what)
{
	bool force = is_type && what[0] == '!';
	what += force;
	if (m->have_fail && !force &&
	    (m->ntrace < m->fail_depth ||
	     (m->ntrace == m->fail_depth && (m->fail_is_type || !is_type)))) {
		return;
	}
	m->have_fail = true;
	m->fail_depth = m->ntrace;
	m->fail_is_type = is_type;
	const char *near = pos != NULL ? ditto_cfg_node_text(pos) : ";";
	if (is_type) {
		snprintf(m->fail_msg, sizeof(m->fail_msg), "%s near '%s'", what,
		         near);
	} else if (pos != NULL) {
		snprintf(m->fail_msg, sizeof(m->fail_msg), "'%s' unexpected",
		         near);
	} else {
		snprintf(m->fail_msg, sizeof(m->fail_msg),
		         "missing '%s' near ';'", what);
	}
}

static bool
push(ditto_cfg_matcher_t *m, ditto_cfg_node_t *n, const ditto_cfg_spec_t *s)
{
	if (m->ntrace >= MAXTRACE) {
		return false;
	}
	m->trace[m->ntrace].node = n;
	m->trace[m->ntrace].spec = s;
	m->ntrace++;
	return true;
}

static bool
m_cont(ditto_cfg_matcher_t *m, ditto_cfg_node_t *pos, const cont_t *k)
{
	if (k == NULL) {
		if (pos != NULL) {
			fail(m, false, pos, "");
		}
		return pos == NULL;
	}
	if (k->i == k->n) {
		return m_cont(m, pos, k->up);
	}
	cont_t next = *k;
	next.i++;
	return m_spec(m, k->items[k->i], pos, &next);
}

/* Each statement of a LIST block must match the element spec fully. */
static bool
m_list(ditto_cfg_matcher_t *m, const ditto_cfg_spec_t *elem,
       ditto_cfg_node_t *block)
{
	for (ditto_cfg_node_t *st = block->child; st != NULL; st = st->next) {
		if (!m_spec(m, elem, st->child, NULL)) {
			return false;
		}
	}
	return true;
}

static bool
m_leaf(ditto_cfg_matcher_t *m, const ditto_cfg_spec_t *s, ditto_cfg_node_t *pos,
       const cont_t *k)
{
	size_t mark = m->ntrace;
	if (!push(m, pos, s)) {
		return false;
	}
	if (m_cont(m, pos->next, k)) {
		return true;
	}
	m->ntrace = mark;
	return false;
}

static bool
m_spec(ditto_cfg_matcher_t *m, const ditto_cfg_spec_t *s, ditto_cfg_node_t *pos,
       const cont_t *k)
{
	if (++m->steps > MAXSTEPS) {
		return false;
	}
	switch (s->kind) {
	case S_SEQ: {
		cont_t c = { s->kids, 0, s->n, k };
		return m_cont(m, pos, &c);
	}
	case S_ALT:
		for (size_t i = 0; i < s->n; i++) {
			if (m_spec(m, s->kids[i], pos, k)) {
				return true;
			}
		}
		if (s->n == 2 && s->kids[0]->kind == S_TYPE &&
		    s->kids[1]->kind == S_LIT &&
		    strcmp(s->kids[1]->lit, "*") == 0 &&
		    (s->kids[0]->vtype == DITTO_CFG_V_IPV4 ||
		     s->kids[0]->vtype == DITTO_CFG_V_IPV6)) {
			fail(m, true, pos,
			     s->kids[0]->vtype == DITTO_CFG_V_IPV4
			             ? "!expected IPv4 address or '*'"
			             : "!expected IPv6 address or '*'");
		}
		return false;
	case S_OPT:
		return m_spec(m, s->kids[0], pos, k) || m_cont(m, pos, k);
	case S_LIT:
		if (pos == NULL ||
		    (strcmp(s->lit, "!") == 0
		             ? pos->kind != DITTO_CFG_NOT
		             : (pos->kind != DITTO_CFG_WORD ||
		                strcasecmp(pos->text, s->lit) != 0))) {
			fail(m, false, pos, s->lit);
			return false;
		}
		return m_leaf(m, s, pos, k);
	case S_TYPE:
		if (pos == NULL || !ditto_cfg_vtype_ok(s->vtype, pos)) {
			fail(m, true, pos, expected(s->vtype));
			return false;
		}
		return m_leaf(m, s, pos, k);
	case S_AME:
		return m_spec(m, m->ame, pos, k);
	case S_LIST:
	case S_SET: {
		if (pos == NULL || pos->kind != DITTO_CFG_BLOCK) {
			fail(m, true, pos, "expected '{'");
			return false;
		}
		size_t mark = m->ntrace;
		if (!push(m, pos, s)) {
			return false;
		}
		if ((s->kind == S_SET || m_list(m, s->kids[0], pos)) &&
		    m_cont(m, pos->next, k)) {
			return true;
		}
		m->ntrace = mark;
		return false;
	}
	}
	return false;
}

/* Is \a n an address or '*' (what a socket address starts with)? */
static bool
is_sockaddr(const ditto_cfg_node_t *n)
{
	ditto_cfg_prefix_t pfx;
	return n != NULL && n->kind != DITTO_CFG_BLOCK &&
	       (ditto_cfg_is(n, "*") ||
	        ditto_cfg_value_prefix(n->text, &pfx) == DITTO_CFG_PREFIX_OK);
}

static ditto_cfg_vtype_t
annotate(const trace_ent_t *e, const ditto_cfg_node_t *prev2,
         const ditto_cfg_node_t *prev)
{
	const ditto_cfg_spec_t *s = e->spec;
	switch (s->kind) {
	case S_LIT:
		return DITTO_CFG_V_KEYWORD;
	case S_SET:
		return DITTO_CFG_V_BLOCK;
	case S_TYPE:
		if (s->vtype == DITTO_CFG_V_INTEGER && prev != NULL &&
		    prev->kind == DITTO_CFG_WORD &&
		    strcasecmp(prev->text, "port") == 0) {
			return is_sockaddr(prev2) ? DITTO_CFG_V_SAPORT
			                          : DITTO_CFG_V_PORT;
		}
		return s->vtype;
	default:
		return DITTO_CFG_V_NONE;
	}
}

bool
ditto_cfg_match(ditto_cfg_matcher_t *m, const ditto_cfg_clause_t *clause,
                ditto_cfg_node_t *stmt, ditto_cfg_subblock_t *subs, size_t max,
                size_t *nsubs, char *msg, size_t msgsize)
{
	size_t idx = (size_t)(clause - ditto_cfg_clauses);
	REQUIRE(idx < ditto_cfg_nclauses);
	if (m->compiled[idx] == NULL) {
		m->compiled[idx] = compile(&m->arena, clause->spec);
	}
	m->ntrace = 0;
	m->steps = 0;
	m->have_fail = false;
	m->fail_depth = 0;
	m->fail_msg[0] = '\0';
	bool ok = m_spec(m, m->compiled[idx], stmt->child->next, NULL);
	if (!ok) {
		if (m->steps > MAXSTEPS) {
			snprintf(msg, msgsize, "'%s': statement too complex",
			         clause->name);
		} else {
			snprintf(msg, msgsize, "%s",
			         m->have_fail ? m->fail_msg
			                      : "unexpected token");
		}
		return false;
	}
	size_t ns = 0;
	const ditto_cfg_node_t *prev = stmt->child, *prev2 = NULL;
	for (size_t i = 0; i < m->ntrace; i++) {
		ditto_cfg_node_t *n = m->trace[i].node;
		n->vtype = (int)annotate(&m->trace[i], prev2, prev);
		prev2 = prev;
		prev = n;
		if (m->trace[i].spec->kind == S_SET && ns < max) {
			subs[ns].block = n;
			subs[ns].set = m->trace[i].spec->set;
			ns++;
		}
	}
	*nsubs = ns;
	return true;
}

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Address-match lists: building, freezing into a match program, matching. */
#include "acl/acl.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "acl/acl_p.h"
#include "dns/name.h"
#include "util/assert.h"
#include "util/mem.h"

/*
 * Three arrays describe a list:
 *
 *   elems  the elements as written, for ditto_acl_elementtotext();
 *   steps  the flattened elements: a nested list without negated elements
 *          is copied in (with the outer element's negation and index),
 *          others stay one NESTED step holding a reference;
 *   prog   built by ditto_acl_freeze(): the indices of the steps to try
 *          one by one. With fewer than SET_MIN prefix/any steps that is
 *          every step (up to the first `any`/`none`, which always
 *          decides). With more, all prefix/any steps go into one
 *          ditto__aclset_t (set, with setmap from its ranks to step
 *          indices) and prog holds only the other steps. prog_nokey is
 *          prog without the key steps, for unsigned requests.
 *
 * Matching: the set gives the first prefix step P that contains the
 * address (or none). Then the prog steps before P are tried in order; the
 * first that matches decides, else P decides, else there is no match. This
 * is exactly the first match over all steps, at the cost of one set lookup
 * plus the non-prefix steps ahead of P. A NESTED step matches only when
 * the nested list yields ALLOW (see acl.h).
 * Nested lists are frozen before they are added, so the graph is acyclic,
 * and depth (longest chain of NESTED steps) is kept at most
 * DITTO_ACL_MAXDEPTH, which bounds the recursion of match_prog().
 *
 * Inlining is exact: when every step of the inner list is positive, the
 * inner list yields ALLOW exactly when one of its steps matches, and never
 * DENY, so its steps can take its place with the outer sign and index.
 */

#define SET_MIN 8 /* shortest run of prefixes worth a ditto__aclset_t */

enum step_kind {
	S_PREFIX,    /*!< u.pfx */
	S_ANY,       /*!< matches every address (none = negated any) */
	S_KEY,       /*!< u.key */
	S_LOCALHOST, /*!< env->localhost */
	S_LOCALNETS, /*!< env->localnets */
	S_NESTED,    /*!< u.nested */
};

struct step {
	uint8_t kind;  /*!< enum step_kind */
	bool negative; /*!< the element is negated */
	uint32_t elem; /*!< index of the element as written */
	union {
		ditto__aclpfx_t pfx; /*!< S_PREFIX */
		uint8_t *key;        /*!< S_KEY; owned by steps[] */
		ditto_acl_t *nested; /*!< S_NESTED; a reference */
	} u;
};

enum elem_kind {
	E_PREFIX,
	E_ANY,
	E_NONE,
	E_KEY,
	E_LOCALHOST,
	E_LOCALNETS,
	E_NESTED
};

struct element {
	uint8_t kind;        /*!< enum elem_kind */
	bool negative;       /*!< written with '!' */
	ditto_acladdr_t pfx; /*!< E_PREFIX */
	uint8_t *key;        /*!< E_KEY; owned */
	char *name;          /*!< E_NESTED: the nested list's name or NULL */
};

struct ditto_acl {
	atomic_uint refs;      /*!< references */
	bool frozen;           /*!< prog is built; nothing may change */
	bool has_negatives;    /*!< some step is negative */
	unsigned int depth;    /*!< longest chain of NESTED steps */
	char *name;            /*!< named.conf name, or NULL */
	struct element *elems; /*!< as written */
	uint32_t nelems;       /*!< used */
	uint32_t aelems;       /*!< allocated */
	struct step *steps;    /*!< flattened */
	uint32_t nsteps;       /*!< used */
	uint32_t asteps;       /*!< allocated */
	uint32_t *prog;        /*!< steps to try one by one (freeze) */
	uint32_t nprog;        /*!< used */
	uint32_t *prog_nokey;  /*!< prog without key steps: unsigned requests */
	uint32_t nprog_nokey;  /*!< used */
	ditto__aclset_t *set;  /*!< prefix/any steps, or NULL (freeze) */
	uint32_t *setmap;      /*!< set rank -> step index */
};

void
ditto_acl_create(const char *name, ditto_acl_t **aclp)
{
	REQUIRE(aclp != NULL && *aclp == NULL);
	ditto_acl_t *acl = ditto_calloc(1, sizeof(*acl));
	atomic_init(&acl->refs, 1);
	acl->name = name != NULL ? ditto_strdup(name) : NULL;
	*aclp = acl;
}

void
ditto_acl_attach(ditto_acl_t *acl, ditto_acl_t **targetp)
{
	REQUIRE(acl != NULL && targetp != NULL && *targetp == NULL);
	atomic_fetch_add_explicit(&acl->refs, 1, memory_order_relaxed);
	*targetp = acl;
}

static void
destroy(ditto_acl_t *acl)
{
	ditto__aclset_destroy(acl->set);
	ditto_free(acl->setmap);
	for (uint32_t i = 0; i < acl->nsteps; i++) {
		if (acl->steps[i].kind == S_KEY) {
			ditto_free(acl->steps[i].u.key);
		} else if (acl->steps[i].kind == S_NESTED) {
			ditto_acl_detach(&acl->steps[i].u.nested);
		}
	}
	for (uint32_t i = 0; i < acl->nelems; i++) {
		ditto_free(acl->elems[i].key);
		ditto_free(acl->elems[i].name);
	}
	ditto_free(acl->prog);
	ditto_free(acl->prog_nokey);
	ditto_free(acl->steps);
	ditto_free(acl->elems);
	ditto_free(acl->name);
	ditto_free(acl);
}

void
ditto_acl_detach(ditto_acl_t **aclp)
{
	REQUIRE(aclp != NULL);
	ditto_acl_t *acl = *aclp;
	if (acl == NULL) {
		return;
	}
	*aclp = NULL;
	if (atomic_fetch_sub_explicit(&acl->refs, 1, memory_order_acq_rel) ==
	    1) {
		destroy(acl);
	}
}

/* ---- building ---------------------------------------------------------- */

static uint8_t *
dupname(const uint8_t *name)
{
	size_t len = ditto_name_length(name);
	uint8_t *copy = ditto_malloc(len);
	memcpy(copy, name, len);
	return copy;
}

/* Room for \a n more steps, or TOOMANY. */
static ditto_result_t
reserve_steps(ditto_acl_t *acl, uint32_t n)
{
	if (n > DITTO_ACL_MAXELEMENTS - acl->nsteps) {
		return DITTO_R_TOOMANY;
	}
	if (acl->nsteps + n > acl->asteps) {
		uint32_t cap = acl->asteps == 0 ? 8 : acl->asteps;
		while (cap < acl->nsteps + n) {
			cap *= 2;
		}
		acl->steps =
		        ditto_realloc(acl->steps, cap * sizeof(*acl->steps));
		acl->asteps = cap;
	}
	return DITTO_R_SUCCESS;
}

/* Append an element as written; returns it (its index is nelems - 1). */
static struct element *
push_elem(ditto_acl_t *acl, enum elem_kind kind, bool negative)
{
	if (acl->nelems == acl->aelems) {
		acl->aelems = acl->aelems == 0 ? 8 : acl->aelems * 2;
		acl->elems = ditto_realloc(acl->elems,
		                           acl->aelems * sizeof(*acl->elems));
	}
	struct element *e = &acl->elems[acl->nelems++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->negative = negative;
	return e;
}

/* Append one step for a one-step element: element and step together. */
static ditto_result_t
add_simple(ditto_acl_t *acl, enum elem_kind ek, enum step_kind sk,
           bool negative, bool step_negative, struct step **stepp)
{
	REQUIRE(acl != NULL && !acl->frozen);
	ditto_result_t result;
	CHECK(reserve_steps(acl, 1));
	push_elem(acl, ek, negative);
	struct step *s = &acl->steps[acl->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = sk;
	s->negative = step_negative;
	s->elem = acl->nelems - 1;
	acl->has_negatives |= step_negative;
	if (stepp != NULL) {
		*stepp = s;
	}
cleanup:
	return result;
}

ditto_result_t
ditto_acl_addprefix(ditto_acl_t *acl, const ditto_acladdr_t *prefix,
                    bool negative)
{
	REQUIRE(prefix != NULL);
	REQUIRE(prefix->family == AF_INET || prefix->family == AF_INET6);
	ditto_result_t result;
	struct step *s = NULL;
	ditto_acladdr_t p = *prefix;
	unsigned int max = p.family == AF_INET ? 32 : 128;

	CHECK(ditto_acladdr_setprefix(&p,
	                              p.prefixlen > max ? max : p.prefixlen));
	CHECK(add_simple(acl, E_PREFIX, S_PREFIX, negative, negative, &s));
	ditto__acl_pfxinit(&s->u.pfx, &p);
	acl->elems[acl->nelems - 1].pfx = p;
cleanup:
	return result;
}

ditto_result_t
ditto_acl_addkey(ditto_acl_t *acl, const uint8_t *keyname, bool negative)
{
	REQUIRE(keyname != NULL);
	ditto_result_t result;
	struct step *s = NULL;
	CHECK(add_simple(acl, E_KEY, S_KEY, negative, negative, &s));
	s->u.key = dupname(keyname);
	acl->elems[acl->nelems - 1].key = dupname(keyname);
cleanup:
	return result;
}

ditto_result_t
ditto_acl_addany(ditto_acl_t *acl, bool negative)
{
	return add_simple(acl, E_ANY, S_ANY, negative, negative, NULL);
}

ditto_result_t
ditto_acl_addnone(ditto_acl_t *acl, bool negative)
{
	return add_simple(acl, E_NONE, S_ANY, negative, !negative, NULL);
}

ditto_result_t
ditto_acl_addlocalhost(ditto_acl_t *acl, bool negative)
{
	return add_simple(acl, E_LOCALHOST, S_LOCALHOST, negative, negative,
	                  NULL);
}

ditto_result_t
ditto_acl_addlocalnets(ditto_acl_t *acl, bool negative)
{
	return add_simple(acl, E_LOCALNETS, S_LOCALNETS, negative, negative,
	                  NULL);
}

/* Copy the (all positive) steps of \a inner, with the outer sign. */
static void
inline_steps(ditto_acl_t *acl, const ditto_acl_t *inner, bool negative,
             uint32_t elem)
{
	for (uint32_t i = 0; i < inner->nsteps; i++) {
		struct step *s = &acl->steps[acl->nsteps++];
		*s = inner->steps[i];
		s->negative = negative;
		s->elem = elem;
		if (s->kind == S_KEY) {
			s->u.key = dupname(s->u.key);
		} else if (s->kind == S_NESTED) {
			s->u.nested = NULL;
			ditto_acl_attach(inner->steps[i].u.nested,
			                 &s->u.nested);
		}
	}
	acl->has_negatives |= negative && inner->nsteps > 0;
}

ditto_result_t
ditto_acl_addnested(ditto_acl_t *acl, ditto_acl_t *inner, bool negative)
{
	REQUIRE(acl != NULL && inner != NULL && !acl->frozen);
	ditto_result_t result;
	bool inl;

	if (inner == acl || !inner->frozen) {
		return DITTO_R_ACLLOOP;
	}
	if (acl->nelems >= DITTO_ACL_MAXELEMENTS) {
		return DITTO_R_TOOMANY;
	}
	inl = !inner->has_negatives;
	if (inl) {
		CHECK(reserve_steps(acl, inner->nsteps));
	} else {
		if (inner->depth + 1 > DITTO_ACL_MAXDEPTH) {
			return DITTO_R_TOOMANY;
		}
		CHECK(reserve_steps(acl, 1));
	}
	struct element *e = push_elem(acl, E_NESTED, negative);
	e->name = inner->name != NULL ? ditto_strdup(inner->name) : NULL;
	if (inl) {
		inline_steps(acl, inner, negative, acl->nelems - 1);
		acl->depth =
		        acl->depth > inner->depth ? acl->depth : inner->depth;
		return DITTO_R_SUCCESS;
	}
	struct step *s = &acl->steps[acl->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = S_NESTED;
	s->negative = negative;
	s->elem = acl->nelems - 1;
	ditto_acl_attach(inner, &s->u.nested);
	acl->has_negatives |= negative;
	if (inner->depth + 1 > acl->depth) {
		acl->depth = inner->depth + 1;
	}
cleanup:
	return result;
}

/* ---- freezing ---------------------------------------------------------- */

static bool
is_prefixish(const struct step *s)
{
	return s->kind == S_PREFIX || s->kind == S_ANY;
}

/* Put every prefix/any step in one set; \a n of them. */
static void
make_set(ditto_acl_t *acl, uint32_t n)
{
	ditto__aclpfx_t *pfx = ditto_calloc(n, sizeof(*pfx));
	uint32_t r = 0;
	acl->setmap = ditto_calloc(n, sizeof(*acl->setmap));
	for (uint32_t i = 0; i < acl->nsteps; i++) {
		const struct step *s = &acl->steps[i];
		if (!is_prefixish(s)) {
			continue;
		}
		if (s->kind == S_PREFIX) {
			pfx[r] = s->u.pfx;
		} /* else family 0: any */
		acl->setmap[r++] = i;
	}
	acl->set = ditto__aclset_create(pfx, n);
	ditto_free(pfx);
}

ditto_result_t
ditto_acl_freeze(ditto_acl_t *acl)
{
	REQUIRE(acl != NULL);
	uint32_t nprefix = 0;
	if (acl->frozen) {
		return DITTO_R_SUCCESS;
	}
	for (uint32_t i = 0; i < acl->nsteps; i++) {
		nprefix += is_prefixish(&acl->steps[i]);
	}
	if (nprefix >= SET_MIN) {
		make_set(acl, nprefix);
	}
	acl->prog = ditto_calloc(acl->nsteps + 1, sizeof(*acl->prog));
	acl->prog_nokey =
	        ditto_calloc(acl->nsteps + 1, sizeof(*acl->prog_nokey));
	for (uint32_t i = 0; i < acl->nsteps; i++) {
		const struct step *s = &acl->steps[i];
		if (acl->set != NULL && is_prefixish(s)) {
			continue;
		}
		acl->prog[acl->nprog++] = i;
		if (s->kind != S_KEY) {
			acl->prog_nokey[acl->nprog_nokey++] = i;
		}
		if (s->kind == S_ANY) {
			break; /* always decides: the rest is unreachable */
		}
	}
	acl->frozen = true;
	return DITTO_R_SUCCESS;
}

bool
ditto_acl_isfrozen(const ditto_acl_t *acl)
{
	REQUIRE(acl != NULL);
	return acl->frozen;
}

unsigned int
ditto_acl_count(const ditto_acl_t *acl)
{
	REQUIRE(acl != NULL);
	return acl->nelems;
}

const char *
ditto_acl_name(const ditto_acl_t *acl)
{
	REQUIRE(acl != NULL);
	return acl->name;
}

/* ---- matching ---------------------------------------------------------- */

/*! What a match needs besides the list; read-only. */
struct mctx {
	const ditto_aclenv_t *env; /*!< may be NULL */
	ditto__aclkey_t key;       /*!< the address, mapped if asked */
	const uint8_t *keyname;    /*!< TSIG key name or NULL */
};

static ditto_aclresult_t match_prog(const ditto_acl_t *acl,
                                    const struct mctx *m, int *elementp);

/* Does step \a s match? */
static bool
try_step(const struct step *s, const struct mctx *m)
{
	const ditto_aclenv_t *env = m->env;

	switch ((enum step_kind)s->kind) {
	case S_PREFIX:
		return ditto__acl_pfxmatch(&s->u.pfx, &m->key);
	case S_ANY:
		return true;
	case S_KEY:
		return m->keyname != NULL &&
		       ditto_name_equal(m->keyname, s->u.key);
	case S_LOCALHOST:
		return env != NULL &&
		       ditto__acl_pfxany(env->localhost, env->nlocalhost,
		                         &m->key);
	case S_LOCALNETS:
		return env != NULL &&
		       ditto__acl_pfxany(env->localnets, env->nlocalnets,
		                         &m->key);
	case S_NESTED:
		return match_prog(s->u.nested, m, NULL) == DITTO_ACL_ALLOW;
	}
	return false;
}

static ditto_aclresult_t
decide(const struct step *d, int *elementp)
{
	if (d == NULL) {
		if (elementp != NULL) {
			*elementp = -1;
		}
		return DITTO_ACL_NOMATCH;
	}
	if (elementp != NULL) {
		*elementp = (int)d->elem;
	}
	return d->negative ? DITTO_ACL_DENY : DITTO_ACL_ALLOW;
}

static ditto_aclresult_t
match_prog(const ditto_acl_t *acl, const struct mctx *m, int *elementp)
{
	uint32_t limit = UINT32_MAX; /* step index the set found, if any */
	if (acl->set != NULL) {
		uint32_t r = ditto__aclset_lookup(acl->set, &m->key);
		if (r != DITTO__ACLSET_NONE) {
			limit = acl->setmap[r];
		}
	}
	/* a key step never matches an unsigned request: skip them all */
	const uint32_t *prog = m->keyname != NULL ? acl->prog : acl->prog_nokey;
	uint32_t n = m->keyname != NULL ? acl->nprog : acl->nprog_nokey;
	for (uint32_t i = 0; i < n && prog[i] < limit; i++) {
		const struct step *s = &acl->steps[prog[i]];
		if (try_step(s, m)) {
			return decide(s, elementp);
		}
	}
	return decide(limit == UINT32_MAX ? NULL : &acl->steps[limit],
	              elementp);
}

ditto_aclresult_t
ditto_acl_match(const ditto_acl_t *acl, const ditto_aclenv_t *env,
                const ditto_acladdr_t *addr, const uint8_t *keyname,
                int *elementp)
{
	REQUIRE(acl != NULL && acl->frozen && addr != NULL);
	REQUIRE(addr->family == AF_INET || addr->family == AF_INET6);
	struct mctx m = { .env = env, .keyname = keyname };
	ditto__acl_keyinit(&m.key, addr, env != NULL && env->match_mapped);
	return match_prog(acl, &m, elementp);
}

ditto_aclresult_t
ditto_acl_matchsockaddr(const ditto_acl_t *acl, const ditto_aclenv_t *env,
                        const struct sockaddr *sa, const uint8_t *keyname,
                        int *elementp)
{
	REQUIRE(acl != NULL && acl->frozen && sa != NULL);
	struct mctx m = { .env = env, .keyname = keyname };
	ditto_acladdr_t a;
	if (ditto_acladdr_fromsockaddr(sa, &a) == DITTO_R_SUCCESS) {
		ditto__acl_keyinit(&m.key, &a,
		                   env != NULL && env->match_mapped);
	} else {
		m.key.family = 0; /* matches no prefix; any/key still can */
	}
	return match_prog(acl, &m, elementp);
}

bool
ditto_acl_allowed(const ditto_acl_t *acl, const ditto_aclenv_t *env,
                  const ditto_acladdr_t *addr, const uint8_t *keyname)
{
	return ditto_acl_match(acl, env, addr, keyname, NULL) ==
	       DITTO_ACL_ALLOW;
}

const char *
ditto_aclresult_totext(ditto_aclresult_t r)
{
	switch (r) {
	case DITTO_ACL_ALLOW:
		return "allow";
	case DITTO_ACL_DENY:
		return "deny";
	case DITTO_ACL_NOMATCH:
		return "no match";
	}
	return "unknown";
}

/* ---- text -------------------------------------------------------------- */

static bool
isblank_c(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
word_is(const char *w, size_t n, const char *kw)
{
	return n == strlen(kw) && strncasecmp(w, kw, n) == 0;
}

/* `key NAME`: \a s is NAME, possibly quoted. */
static ditto_result_t
add_keytext(ditto_acl_t *acl, const char *s, size_t n, bool negative,
            ditto_err_t *err)
{
	ditto_name_storage_t name;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0) {
		ditto_err_set(err, "expected string");
		return DITTO_R_SYNTAX;
	}
	ditto_result_t r =
	        ditto_name_fromtext(s, n, ditto_name_root, name, NULL, err);
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto_acl_addkey(acl, name, negative);
}

/*
 * Would BIND's lexer have read this word as an address? A word without '/'
 * that is not a valid address is the name of an acl for BIND ("undefined
 * ACL 'x'"), except a number or dotted number with under 3 dots
 * ("incomplete IPv4 address or prefix").
 */
static bool
addressish(const char *w, size_t n)
{
	unsigned int dots = 0;
	if (memchr(w, '/', n) != NULL) {
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '.') {
			dots++;
		} else if (w[i] < '0' || w[i] > '9') {
			return false;
		}
	}
	return dots < 3; /* "10.1": incomplete; "1.2.3.04": a name */
}

static ditto_result_t
add_word(ditto_acl_t *acl, const char *w, size_t n, bool negative,
         ditto_err_t *err)
{
	ditto_acladdr_t a;
	ditto_result_t r;

	if (word_is(w, n, "any")) {
		return ditto_acl_addany(acl, negative);
	}
	if (word_is(w, n, "none")) {
		return ditto_acl_addnone(acl, negative);
	}
	if (word_is(w, n, "localhost")) {
		return ditto_acl_addlocalhost(acl, negative);
	}
	if (word_is(w, n, "localnets")) {
		return ditto_acl_addlocalnets(acl, negative);
	}
	r = ditto_acladdr_fromtext(w, n, &a, err);
	if (r == DITTO_R_SYNTAX && !addressish(w, n)) {
		ditto_err_set(err, "undefined ACL '%.*s'", (int)n, w);
		return DITTO_R_NOTFOUND;
	}
	if (r != DITTO_R_SUCCESS) {
		return r;
	}
	return ditto_acl_addprefix(acl, &a, negative);
}

ditto_result_t
ditto_acl_addtext(ditto_acl_t *acl, const char *text, size_t len,
                  ditto_err_t *err)
{
	REQUIRE(acl != NULL && !acl->frozen && text != NULL);
	const char *s = text, *end = text + len;
	bool negative = false;

	while (s < end && isblank_c(*s)) {
		s++;
	}
	while (end > s && isblank_c(end[-1])) {
		end--;
	}
	if (s < end && *s == '!') {
		negative = true;
		s++;
		while (s < end && isblank_c(*s)) {
			s++;
		}
		if (s < end && *s == '!') {
			ditto_err_set(err, "address match list contains "
			                   "unsupported element type");
			return DITTO_R_SYNTAX;
		}
	}
	if (s == end) {
		ditto_err_set(err, "expected IP match list element");
		return DITTO_R_SYNTAX;
	}
	const char *w = s;
	while (s < end && !isblank_c(*s)) {
		s++;
	}
	size_t wn = (size_t)(s - w);
	while (s < end && isblank_c(*s)) {
		s++;
	}
	if (word_is(w, wn, "key")) {
		return add_keytext(acl, s, (size_t)(end - s), negative, err);
	}
	if (word_is(w, wn, "geoip")) {
		ditto_err_set(err, "geoip ACL elements are not supported");
		return DITTO_R_NOTIMPLEMENTED;
	}
	if (s != end) {
		ditto_err_set(err, "missing ';' before '%.*s'", (int)(end - s),
		              s);
		return DITTO_R_SYNTAX;
	}
	if (*w == '{') {
		ditto_err_set(err, "nested list in a single element");
		return DITTO_R_SYNTAX;
	}
	return add_word(acl, w, wn, negative, err);
}

static ditto_result_t
put(char *buf, size_t bufsize, const char *neg, const char *text)
{
	int n = snprintf(buf, bufsize, "%s%s", neg, text);
	return n < 0 || (size_t)n >= bufsize ? DITTO_R_NOSPACE
	                                     : DITTO_R_SUCCESS;
}

ditto_result_t
ditto_acl_elementtotext(const ditto_acl_t *acl, unsigned int index, char *buf,
                        size_t bufsize)
{
	REQUIRE(acl != NULL && buf != NULL && bufsize > 0);
	char tmp[DITTO_NAME_MAXTEXT + 8];
	if (index >= acl->nelems) {
		return DITTO_R_NOTFOUND;
	}
	const struct element *e = &acl->elems[index];
	const char *neg = e->negative ? "!" : "";
	switch ((enum elem_kind)e->kind) {
	case E_PREFIX:
		ditto_acladdr_totext(&e->pfx, tmp, sizeof(tmp));
		return put(buf, bufsize, neg, tmp);
	case E_ANY:
		return put(buf, bufsize, neg, "any");
	case E_NONE:
		return put(buf, bufsize, neg, "none");
	case E_LOCALHOST:
		return put(buf, bufsize, neg, "localhost");
	case E_LOCALNETS:
		return put(buf, bufsize, neg, "localnets");
	case E_KEY:
		memcpy(tmp, "key ", 4);
		if (ditto_name_totext(e->key, NULL, tmp + 4, sizeof(tmp) - 4,
		                      NULL) != DITTO_R_SUCCESS) {
			return DITTO_R_NOSPACE;
		}
		return put(buf, bufsize, neg, tmp);
	case E_NESTED:
		return put(buf, bufsize, neg,
		           e->name != NULL ? e->name : "{ ... }");
	}
	return DITTO_R_NOTFOUND;
}

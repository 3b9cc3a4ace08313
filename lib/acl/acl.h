/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* BIND address-match lists: build, freeze, match per query. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "acl/acladdr.h"
#include "acl/aclenv.h"
#include "util/err.h"
#include "util/result.h"

/*
 * An address-match list (`man named.conf`; BIND's dns_acl) is an ordered
 * list of elements. Matching tries them in order and the first element that
 * matches decides:
 *
 *   element matches, not negated  -> DITTO_ACL_ALLOW
 *   element matches, negated (!)  -> DITTO_ACL_DENY   (no later element tried)
 *   no element matches            -> DITTO_ACL_NOMATCH
 *
 * Elements: an address or prefix; `key NAME` (the request was signed with
 * TSIG key NAME, compared ignoring case); `any`; `none` (same as `!any`, so
 * `!none` is `any`); `localhost` and `localnets` (from a ditto_aclenv_t);
 * a nested list (`{ ... }` or a named acl).
 *
 * A nested list counts as matching only when it yields ALLOW. When it
 * yields DENY the outer list treats the element as not matching and goes
 * on, so a negative inside a nested list never turns into a positive by a
 * double negation. This is BIND's rule (dns_aclelement_match), checked with
 * named 9.18: `{ !192.0.2.1; 192.0.2.2; }; any;` lets 192.0.2.1 in (the
 * inner DENY is not a match, `any` then allows it), and `!{ !192.0.2.1;
 * any; }; any;` lets 192.0.2.1 in and keeps 192.0.2.2 out.
 *
 * IPv4 elements never match IPv6 addresses and the reverse, except that an
 * environment with match-mapped set turns ::ffff:a.b.c.d into a.b.c.d
 * before matching (BIND's `match-mapped-addresses`, default no).
 *
 * GeoIP elements (`geoip country US`) exist in BIND; ditto does not support
 * them: ditto_acl_addtext() refuses them with DITTO_R_NOTIMPLEMENTED.
 *
 * Life cycle: ditto_acl_create(), add elements, ditto_acl_freeze(), then
 * share it. A frozen list is immutable; any number of threads may match on
 * it at once. Matching allocates nothing, takes no lock and does not
 * recurse deeper than DITTO_ACL_MAXDEPTH.
 */
typedef struct ditto_acl ditto_acl_t;

/*! The outcome of a match. */
typedef enum ditto_aclresult {
	DITTO_ACL_NOMATCH = 0, /*!< no element matched */
	DITTO_ACL_ALLOW,       /*!< an element matched, not negated */
	DITTO_ACL_DENY,        /*!< an element matched, negated */
} ditto_aclresult_t;

/*! Nested lists that are not inlined may nest this deep. */
#define DITTO_ACL_MAXDEPTH 32
/*! At most this many flattened elements in one list. */
#define DITTO_ACL_MAXELEMENTS (1u << 20)

/*!
 * \brief Create an empty, unfrozen list with one reference.
 * \param name  optional (NULL): the acl's name in named.conf, used by
 *              ditto_acl_totext() when this list is nested in another
 * Ownership: caller releases with ditto_acl_detach().
 * Thread safety: safe.
 */
void ditto_acl_create(const char *name, ditto_acl_t **aclp);

/*!
 * \brief Take a reference: *targetp = acl.
 * Thread safety: safe on a frozen list (atomic count).
 */
void ditto_acl_attach(ditto_acl_t *acl, ditto_acl_t **targetp);

/*!
 * \brief Drop a reference and set *aclp to NULL; the last one frees the
 * list and drops its references to nested lists. NULL is a no-op.
 * Thread safety: safe on a frozen list (atomic count).
 */
void ditto_acl_detach(ditto_acl_t **aclp);

/*!
 * \brief Append an address or prefix element.
 * \param prefix    from ditto_acladdr_fromtext() or ditto_acladdr_*();
 *                  bits past its length are ignored
 * \param negative  the element is written with `!`
 * \retval DITTO_R_SUCCESS, DITTO_R_TOOMANY (DITTO_ACL_MAXELEMENTS)
 * Requires: the list is not frozen.
 * Thread safety: one thread at a time, before freezing.
 */
ditto_result_t ditto_acl_addprefix(ditto_acl_t *acl,
                                   const ditto_acladdr_t *prefix,
                                   bool negative) DITTO_MUSTCHECK;

/*!
 * \brief Append `key NAME`: matches when the request was signed with the
 * TSIG key NAME (a valid wire-form name; compared ignoring ASCII case).
 * Ownership: the name is copied.
 * \retval DITTO_R_SUCCESS, DITTO_R_TOOMANY
 */
ditto_result_t ditto_acl_addkey(ditto_acl_t *acl, const uint8_t *keyname,
                                bool negative) DITTO_MUSTCHECK;

/*! \brief Append `any` (or `!any`). \retval DITTO_R_SUCCESS, TOOMANY */
ditto_result_t ditto_acl_addany(ditto_acl_t *acl,
                                bool negative) DITTO_MUSTCHECK;

/*! \brief Append `none` (`!any`), or `!none` (`any`). */
ditto_result_t ditto_acl_addnone(ditto_acl_t *acl,
                                 bool negative) DITTO_MUSTCHECK;

/*! \brief Append `localhost`: the host's interface addresses (env). */
ditto_result_t ditto_acl_addlocalhost(ditto_acl_t *acl,
                                      bool negative) DITTO_MUSTCHECK;

/*! \brief Append `localnets`: the networks of the interfaces (env). */
ditto_result_t ditto_acl_addlocalnets(ditto_acl_t *acl,
                                      bool negative) DITTO_MUSTCHECK;

/*!
 * \brief Append a nested list: `{ ... }` or a reference to a named acl.
 *
 * \a inner must be frozen. That rule is also the loop check: while a
 * config layer converts `acl a { b; }; acl b { a; };` it meets `a` again
 * before `a` is frozen, and gets DITTO_R_ACLLOOP. A nested list without
 * negated elements is inlined (the result is the same; matching is
 * faster); otherwise the outer list keeps a reference to it.
 *
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_ACLLOOP   \a inner is not frozen (or is \a acl)
 * \retval DITTO_R_TOOMANY   nesting deeper than DITTO_ACL_MAXDEPTH, or over
 *                           DITTO_ACL_MAXELEMENTS after inlining
 * Ownership: takes its own reference to \a inner (the caller keeps his).
 */
ditto_result_t ditto_acl_addnested(ditto_acl_t *acl, ditto_acl_t *inner,
                                   bool negative) DITTO_MUSTCHECK;

/*!
 * \brief Parse and append one element written as in named.conf.
 *
 * Accepts an optional `!` (blanks may follow it), then one of: an address
 * or prefix (see ditto_acladdr_fromtext()), `any`, `none`, `localhost`,
 * `localnets` (keywords ignore case, as in BIND), or `key NAME` (NAME may
 * be in double quotes; relative names are taken from the root).
 * Nested lists and named acls are for the caller (ditto_acl_addnested()).
 *
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_SYNTAX          malformed (reason in \a err, in
 *                                 named-checkconf's words where it has
 *                                 them: "incomplete IPv4 address or prefix")
 * \retval DITTO_R_RANGE           bad prefix length or host bits set:
 *                                 "'10.0.0.1/8': address/prefix length
 *                                 mismatch '8'"
 * \retval DITTO_R_NOTFOUND        a word that is not an element: for BIND
 *                                 the name of an acl; "undefined ACL 'x'"
 * \retval DITTO_R_NOTIMPLEMENTED  a `geoip` element
 * \retval DITTO_R_TOOMANY
 * Security: text is untrusted; bounded, never asserts on it.
 */
ditto_result_t ditto_acl_addtext(ditto_acl_t *acl, const char *text, size_t len,
                                 ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Freeze the list: compile it for matching. After this no element
 * may be added, and the list may be matched, nested and shared.
 * \retval DITTO_R_SUCCESS (freezing twice is a no-op)
 * Thread safety: one thread, before sharing.
 */
ditto_result_t ditto_acl_freeze(ditto_acl_t *acl) DITTO_MUSTCHECK;

/*! \brief True once ditto_acl_freeze() succeeded. */
bool ditto_acl_isfrozen(const ditto_acl_t *acl);

/*! \brief Number of elements as written (nested lists count one). */
unsigned int ditto_acl_count(const ditto_acl_t *acl);

/*! \brief The name given to ditto_acl_create(), or NULL. */
const char *ditto_acl_name(const ditto_acl_t *acl);

/*!
 * \brief Match a request against the list.
 *
 * \param acl       a frozen list
 * \param env       localhost/localnets and match-mapped, or NULL (then
 *                  localhost and localnets match nothing)
 * \param addr      the client address (a host address; its prefix length
 *                  is ignored)
 * \param keyname   the name of the TSIG key that signed the request and
 *                  was verified, in wire form, or NULL when unsigned
 * \param elementp  optional; receives the index (0-based, as written) of
 *                  the element that decided, or -1 for NOMATCH. For a
 *                  nested list that matched, the index of that list in
 *                  \a acl.
 * \return DITTO_ACL_ALLOW, DITTO_ACL_DENY or DITTO_ACL_NOMATCH.
 *
 * Thread safety: reentrant; allocates nothing and takes no lock. \a acl and
 * \a env must stay alive and unmodified during the call.
 */
ditto_aclresult_t ditto_acl_match(const ditto_acl_t *acl,
                                  const ditto_aclenv_t *env,
                                  const ditto_acladdr_t *addr,
                                  const uint8_t *keyname, int *elementp);

/*!
 * \brief ditto_acl_match() on a socket address (AF_INET / AF_INET6; any
 * other family never matches an address element).
 */
ditto_aclresult_t ditto_acl_matchsockaddr(const ditto_acl_t *acl,
                                          const ditto_aclenv_t *env,
                                          const struct sockaddr *sa,
                                          const uint8_t *keyname,
                                          int *elementp);

/*!
 * \brief BIND's verdict for allow-query and friends: true only for ALLOW
 * (a DENY or no match refuses).
 */
bool ditto_acl_allowed(const ditto_acl_t *acl, const ditto_aclenv_t *env,
                       const ditto_acladdr_t *addr, const uint8_t *keyname);

/*! \brief "allow", "deny" or "no match". */
const char *ditto_aclresult_totext(ditto_aclresult_t r);

/*!
 * \brief Text of element \a index as named.conf writes it, for logs:
 * "!10.0.0.0/8", "key k1.", "localnets", a named list's name, or
 * "{ ... }" for an anonymous nested list.
 * \retval DITTO_R_SUCCESS, DITTO_R_NOTFOUND (index out of range),
 *         DITTO_R_NOSPACE (text truncated)
 */
ditto_result_t ditto_acl_elementtotext(const ditto_acl_t *acl,
                                       unsigned int index, char *buf,
                                       size_t bufsize) DITTO_MUSTCHECK;

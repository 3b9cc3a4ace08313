/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Domain names: wire form, presentation form, comparison, canonical order. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/result.h"

/*
 * A name is held in uncompressed wire form: a sequence of length-prefixed
 * labels ending with the root label (a zero byte). It is self-delimiting, so
 * functions take a plain `const uint8_t *`. Case is preserved as received;
 * comparisons ignore ASCII case. Every name a function accepts as input has
 * been validated by one of the *_from* functions (or is a literal).
 */
#define DITTO_NAME_MAXWIRE   255 /*!< octets in wire form, root included */
#define DITTO_NAME_MAXLABEL  63  /*!< octets in one label */
#define DITTO_NAME_MAXLABELS 128 /*!< labels, root included */
/*! Longest presentation form: every octet as \DDD, dots, final dot, NUL. */
#define DITTO_NAME_MAXTEXT (DITTO_NAME_MAXWIRE * 4 + 2)

/*! Fixed storage for one name in wire form. */
typedef uint8_t ditto_name_storage_t[DITTO_NAME_MAXWIRE];

/*! The root name. */
extern const uint8_t ditto_name_root[1];

/*!
 * \brief Read a possibly compressed name from a message.
 *
 * \param msg     the whole message (compression pointers are offsets in it)
 * \param msglen  its length
 * \param pos     in: offset of the name; out (on success): offset just past
 *                the name's bytes at that place (past the first pointer)
 * \param out     receives the uncompressed name (DITTO_NAME_MAXWIRE bytes)
 * \param outlen  optional; receives the wire length of \a out
 *
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_UNEXPECTEDEND   the name runs past \a msglen
 * \retval DITTO_R_BADPOINTER      a pointer goes forward, to itself, or loops
 * \retval DITTO_R_BADLABELTYPE    label type 0x40 or 0x80
 * \retval DITTO_R_NAMETOOLONG     uncompressed name over 255 octets
 *
 * Security: every pointer must point strictly before the previous jump
 * target (and before itself), so the walk always terminates.
 * Thread safety: safe.
 */
ditto_result_t ditto_name_fromwire(const uint8_t *msg, size_t msglen,
                                   size_t *pos, uint8_t *out,
                                   size_t *outlen) DITTO_MUSTCHECK;

/*!
 * \brief Check that \a len bytes hold exactly one uncompressed name.
 * \retval DITTO_R_SUCCESS, DITTO_R_UNEXPECTEDEND, DITTO_R_BADLABELTYPE,
 *         DITTO_R_NAMETOOLONG, DITTO_R_BADPOINTER (pointers not allowed),
 *         DITTO_R_EXTRADATA when bytes follow the root label and
 *         \a allow_trailing is false. *namelen gets the name's length.
 */
ditto_result_t ditto_name_check(const uint8_t *wire, size_t len,
                                bool allow_trailing,
                                size_t *namelen) DITTO_MUSTCHECK;

/*!
 * \brief Parse the presentation form of a name.
 *
 * Accepts every escape (`\.`, `\\`, `\DDD` with DDD <= 255). A name ending
 * in an unescaped dot is absolute. Otherwise \a origin is appended; a NULL
 * origin makes a relative name an error (DITTO_R_NOTFQDN). A lone "@" is
 * the origin. "." alone is the root.
 *
 * \param text, len  the text (not NUL-terminated)
 * \param origin     absolute origin for relative names, or NULL
 * \param out        receives the wire form (DITTO_NAME_MAXWIRE bytes)
 * \param outlen     optional; receives its length
 * \param err        optional; receives the reason on failure
 * Thread safety: safe.
 */
ditto_result_t ditto_name_fromtext(const char *text, size_t len,
                                   const uint8_t *origin, uint8_t *out,
                                   size_t *outlen,
                                   ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Write the presentation form, NUL-terminated, with BIND's escapes.
 *
 * Bytes `"().;\@$` are escaped with a backslash; bytes below 0x21 and above
 * 0x7e become \DDD. The root is ".". When \a origin is not NULL and \a name
 * is at or below it, the name is written relative to it ("@" for the
 * origin itself); otherwise it is absolute with a final dot.
 *
 * \retval DITTO_R_SUCCESS, DITTO_R_NOSPACE
 * Thread safety: safe.
 */
ditto_result_t ditto_name_totext(const uint8_t *name, const uint8_t *origin,
                                 char *buf, size_t bufsize,
                                 size_t *outlen) DITTO_MUSTCHECK;

/*!
 * \brief \a name as BIND prints it in logs, status and statistics:
 * ditto_name_totext() without the final dot ("." for the root), or "?"
 * when it does not fit \a size.
 * Thread safety: safe.
 */
void ditto_name_format(const uint8_t *name, char *buf, size_t size);

/*! \brief Wire length of a valid uncompressed name (root counts 1). */
size_t ditto_name_length(const uint8_t *name);

/*! \brief Number of labels, root included ("." has 1, "a." has 2). */
unsigned int ditto_name_labels(const uint8_t *name);

/*! \brief Copy a name into \a out; returns its length. */
size_t ditto_name_copy(uint8_t *out, const uint8_t *name);

/*! \brief Lower-case ASCII letters of a name in place. */
void ditto_name_tolower(uint8_t *name);

/*! \brief Equality, ignoring ASCII case. */
bool ditto_name_equal(const uint8_t *a, const uint8_t *b);

/*!
 * \brief DNSSEC canonical order (RFC 4034 section 6.1): labels compared from
 * the right, each as a lower-cased octet string, absent labels first.
 * \return <0, 0 or >0.
 */
int ditto_name_compare(const uint8_t *a, const uint8_t *b);

/*! \brief True when \a name equals \a parent or is below it. */
bool ditto_name_issubdomain(const uint8_t *name, const uint8_t *parent);

/*!
 * \brief Pointer to the suffix of \a name with \a n labels removed from the
 * left (n must be < ditto_name_labels(name)). Borrowed from \a name.
 */
const uint8_t *ditto_name_skip(const uint8_t *name, unsigned int n);

/*! \brief True for a name whose first label is "*". */
bool ditto_name_iswildcard(const uint8_t *name);

/*!
 * \brief Concatenate relative-part \a prefix (its final root label ignored,
 * taking \a prefix_labels labels) and \a suffix into \a out.
 * \retval DITTO_R_SUCCESS, DITTO_R_NAMETOOLONG
 */
ditto_result_t ditto_name_concat(const uint8_t *prefix,
                                 unsigned int prefix_labels,
                                 const uint8_t *suffix, uint8_t *out,
                                 size_t *outlen) DITTO_MUSTCHECK;

/*! \brief 32-bit case-insensitive hash of a name. */
uint32_t ditto_name_hash(const uint8_t *name);

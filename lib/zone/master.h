/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file reader (RFC 1035 section 5 and BIND's extensions). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rr.h"
#include "util/err.h"
#include "util/result.h"

/*
 * The reader accepts what BIND 9.18's loader accepts and reports problems
 * in the same words, each as one line that is ready to print:
 *
 *   dns_master_load: zone.db:12: unknown $ directive '$FOO'
 *   zone.db:7: unknown RR type 'AXX'
 *   dns_rdata_fromtext: zone.db:9: <reason from the rdata parser>
 *   $GENERATE: zone.db:3: invalid range '3-1'
 *   zone.db:5: ignoring out-of-zone data (foo.other)     (a warning)
 *
 * Supported: $ORIGIN, $TTL (with units), $INCLUDE file [origin],
 * $GENERATE range[/step] lhs [ttl] [class] type rhs (any type; the rhs is
 * one token, quote it when it has blanks), "@", relative names, an omitted
 * owner (a line that starts with a blank), TTL and class in either order,
 * CLASSnnn, TYPEnnn and `\#` generic rdata.
 *
 * TTL rules (as BIND): an explicit TTL, else $TTL (or the default_ttl
 * option), else the last explicit TTL ("using RFC1035 TTL semantics", once),
 * else for an SOA its MINIMUM, which then acts as $TTL ("no TTL specified;
 * using SOA MINTTL instead"), else an error. A TTL above 2^31-1 is set to 0
 * with a warning. A record of an RRset (type, and covered type for RRSIG)
 * already read in the same owner group but with another TTL gets the
 * earlier TTL; the warning "TTL set to prior TTL (N)" is given after the
 * sink took the record, where BIND's loader prints it.
 *
 * The sink gets each owner as written (BIND keeps the owner's case per
 * RRset); an omitted owner is the last one written. Like named-checkzone
 * 9.18: "ignoring out-of-zone data" once per owner written (records that
 * inherit it are dropped silently); MD and MF are refused ("type 'MD':
 * obsolete"); after an unknown $ directive the line is read as a record
 * owned by the directive's token; an SOA below the apex ends the load.
 *
 * Relative $INCLUDE paths resolve against opts->directory when set, else
 * against the working directory (as named does; never against the
 * including file). The origin and the current owner are restored after an
 * $INCLUDE; $TTL is not. An include nested deeper than max_include_depth,
 * or a file that includes itself through any chain, stops the load with
 * "<file>: too many open files" (BIND's words for running out of files).
 */

#define DITTO_MASTER_DEFAULT_DEPTH 20  /*!< default $INCLUDE nesting bound */
#define DITTO_MASTER_MAX_DEPTH     100 /*!< hard bound on max_include_depth */

/*!
 * A message callback: one complete line (see above, no newline), and its
 * file and line for callers that format their own. \a file is NULL only
 * for problems that are not tied to a file position.
 */
typedef void (*ditto_master_msg_fn)(void *arg, const char *file, uint32_t line,
                                    const char *text);

/*! Load options. Zero-initialise, then set origin (required). */
typedef struct ditto_master_opts {
	const uint8_t *origin;          /*!< zone origin, absolute wire name */
	uint16_t rclass;                /*!< zone class; 0 means IN */
	bool has_default_ttl;           /*!< default_ttl is set: acts as $TTL */
	uint32_t default_ttl;           /*!< initial $TTL */
	unsigned int max_include_depth; /*!< 0: DITTO_MASTER_DEFAULT_DEPTH */
	bool no_include;                /*!< $INCLUDE is an error */
	const char *directory;          /*!< base of relative $INCLUDE paths */
	uint64_t max_records;           /*!< stop after this many (0: no cap) */
	uint64_t max_bytes;        /*!< cap on input bytes per file (0: none) */
	bool many_errors;          /*!< go on after a bad record, like
	                                named-checkzone; the first error is
	                                still the result */
	ditto_master_msg_fn warn;  /*!< optional: warnings */
	void *warn_arg;            /*!< its argument */
	ditto_master_msg_fn error; /*!< optional: every error as found */
	void *error_arg;           /*!< its argument */
} ditto_master_opts_t;

/*! What happened: filled by the load functions (optional). */
typedef struct ditto_master_status {
	ditto_err_t err;       /*!< first error: the whole line as above */
	char file[256];        /*!< its file (truncated), "" if none */
	uint32_t line;         /*!< its line, 0 if none */
	const char *summary;   /*!< first error in BIND's result words
	                            ("unknown class/type", "bad class", ...),
	                            as in "loading from master file X failed:
	                            <summary>"; NULL on success */
	uint64_t records;      /*!< records handed to the sink */
	unsigned int errors;   /*!< errors found (>1 only with many_errors) */
	unsigned int warnings; /*!< warnings issued */
} ditto_master_status_t;

/*!
 * \brief Load a master file, feeding each record to \a sink with
 * DITTO_RRSINK_ADD (owner absolute, file and line set).
 *
 * \param path    the file; also the name used in messages
 * \param opts    options (origin required)
 * \param sink    receives the records; a non-success result from it stops
 *                the load and is returned
 * \param status  optional: first error, counts
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND, DITTO_R_IOERROR  cannot read a file
 * \retval DITTO_R_SYNTAX, DITTO_R_BADTYPE, DITTO_R_BADCLASS,
 *         DITTO_R_BADTTL, DITTO_R_UNEXPECTEDEND, DITTO_R_EXTRADATA,
 *         DITTO_R_NOTZONETOP, DITTO_R_RANGE, name and rdata errors
 * \retval DITTO_R_TOOMANY  include depth or loop, record or byte cap
 *
 * Ownership: nothing is kept after the call; the ditto_rr_t given to the
 * sink is borrowed for the call only.
 * Thread safety: safe; the callbacks run on the calling thread.
 * Security: the file and every $INCLUDEd file are untrusted text; every
 * loop is bounded by the input, the caps and the include depth.
 */
ditto_result_t
ditto_master_loadfile(const char *path, const ditto_master_opts_t *opts,
                      ditto_rrsink_t sink,
                      ditto_master_status_t *status) DITTO_MUSTCHECK;

/*!
 * \brief Load master-file text held in memory; \a name is used in
 * messages and in ditto_rr_t.file. Same results as ditto_master_loadfile().
 * $INCLUDE reads files unless opts->no_include is set.
 * Ownership: \a data is borrowed for the call.
 */
ditto_result_t
ditto_master_loadmem(const char *name, const char *data, size_t len,
                     const ditto_master_opts_t *opts, ditto_rrsink_t sink,
                     ditto_master_status_t *status) DITTO_MUSTCHECK;

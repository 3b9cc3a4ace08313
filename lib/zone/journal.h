/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ditto's zone journal (`<file>.dj`): committed changes, crash-safe. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/rr.h"
#include "util/err.h"
#include "util/result.h"
#include "zone/version.h"

/*
 * Files of a secondary zone with `file "db.example"`:
 *
 *   db.example     the zone in BIND's master-file format (named-checkzone
 *                  and named load it), replaced atomically. Its first line
 *                  is a comment that binds it to the journal:
 *                  "; ditto-journal generation=<16 hex> seq=<decimal>"
 *   db.example.dj  the journal (this module); never ".jnl", which is
 *                  BIND's own format
 *   db.example.dt  the persisted refresh timers (zone/timers.h)
 *
 * Journal layout (integers big-endian):
 *
 *   header (300 bytes): "DITTOJNL" | u32 format (1) | u32 header size |
 *     u64 generation | u64 first seq | u32 serial at reset | u16 class |
 *     u16 origin length | origin (256 bytes, zero-padded) | u32 CRC32C
 *   entries, appended: u32 magic "DJE1" | u32 body length L | u64 seq |
 *     u32 from-serial | u32 to-serial | u32 ndel | u32 nadd |
 *     u32 CRC32C (of the 32 bytes before it and of the body) | body:
 *     ndel then nadd records, each owner (uncompressed wire name) |
 *     u16 type | u16 class | u32 TTL | u16 rdlen | rdata
 *
 * An entry is written with one write() then fdatasync() before the
 * version it makes is published. Entries chain: seq goes up by one, and
 * each from-serial is the previous to-serial.
 *
 * Binding and crash safety. The zone file's comment names the journal
 * generation and the seq of the last entry folded into it; replay applies
 * only the entries after that seq, so:
 *   - fold (compaction): the zone file is rewritten from the current
 *     version (same generation, seq = last) and renamed into place first;
 *     then the journal is rewritten (temporary file + rename), keeping the
 *     newest entries as history for IXFR-out. A crash in between leaves a
 *     journal whose entries are all <= the zone file's seq: nothing to
 *     replay, nothing lost.
 *   - reset (AXFR): a new generation. The zone file is renamed into place
 *     first; a crash before the journal is replaced leaves a journal of
 *     the old generation, which replay then ignores (and the next commit
 *     replaces).
 *   - a torn or corrupt tail (bad magic, length, CRC, chain) ends the
 *     journal: the writer truncates it there.
 * No reliance on serial arithmetic: serial wrap and serial reuse are safe.
 *
 * Thread safety: a ditto_journal_t is used by one thread at a time.
 * ditto_journal_read() opens its own descriptor and never writes, so it
 * may run while another thread appends (it stops at the end it sees, or
 * at the given to-serial).
 */

/*! The journal file suffix. */
#define DITTO_JOURNAL_SUFFIX ".dj"

/*! Size of the file header. */
#define DITTO_JOURNAL_HDRSIZE 300

/*! Size of an entry header (before the body). */
#define DITTO_JOURNAL_ENTHDR 36

/*! Longest entry body accepted (256 MiB). */
#define DITTO_JOURNAL_MAXENTRY (256u * 1024 * 1024)

/*!
 * One committed change from serial `from` to serial `to`: the records
 * deleted (the old SOA first) and added (the new SOA first), as an IXFR
 * step (RFC 1995) has them. Pointers are borrowed.
 */
typedef struct ditto_journal_step {
	uint32_t from;         /*!< serial before the step */
	uint32_t to;           /*!< serial after it */
	const ditto_rr_t *del; /*!< deleted records */
	size_t ndel;           /*!< their number */
	const ditto_rr_t *add; /*!< added records */
	size_t nadd;           /*!< their number */
} ditto_journal_step_t;

/*! The binding comment of a zone file written by this module. */
typedef struct ditto_journal_mark {
	uint64_t generation; /*!< journal generation */
	uint64_t seq;        /*!< last entry folded into the zone file */
} ditto_journal_mark_t;

/*! What ditto_journal_open() found. */
typedef struct ditto_journal_info {
	uint64_t generation;   /*!< from the header */
	uint64_t first_seq;    /*!< seq of the first entry (or of the next one
	                            when empty) */
	uint64_t last_seq;     /*!< seq of the last entry (first_seq - 1 when
	                            empty) */
	uint32_t first_serial; /*!< from-serial of the first entry, or the
	                            reset serial when empty */
	uint32_t last_serial;  /*!< to-serial of the last entry, or the reset
	                            serial when empty */
	size_t entries;        /*!< valid entries */
	uint64_t size;         /*!< file size after any truncation */
	uint64_t truncated;    /*!< bytes of torn/corrupt tail cut off (or,
	                            read-only, ignored) */
} ditto_journal_info_t;

typedef struct ditto_journal ditto_journal_t;

/*! Flags of ditto_journal_open(). */
#define DITTO_JOURNAL_RDONLY 0x1 /*!< never write (no truncation) */

/*!
 * \brief Open and check the journal \a path of zone \a origin / \a rclass:
 * header, then every entry (magic, length, CRC32C, seq and serial chain).
 * The first bad entry ends the journal; unless DITTO_JOURNAL_RDONLY the
 * file is truncated there and the truncation fdatasync'ed.
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND  no journal
 * \retval DITTO_R_FORMERR       bad header, or another zone's journal
 *                               (reason in \a err): do not use it
 * \retval DITTO_R_IOERROR
 * Ownership: the caller closes *jp with ditto_journal_close().
 * Security: the file is untrusted; every length is checked, memory is
 * bounded by the file size.
 */
ditto_result_t ditto_journal_open(const char *path, const uint8_t *origin,
                                  uint16_t rclass, unsigned int flags,
                                  ditto_journal_t **jp,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Close; NULL *jp is a no-op. */
void ditto_journal_close(ditto_journal_t **jp);

/*! \brief What open found (kept up to date by append/fold). */
void ditto_journal_getinfo(const ditto_journal_t *j,
                           ditto_journal_info_t *info);

/*!
 * \brief Apply the entries after \a mark->seq to the committed version
 * \a base (whose serial must be the first such entry's from-serial), in
 * order, each on its own copy-on-write edit: an apex-SOA delete replaces
 * the SOA, other deletes must find their record, adds take the new TTL
 * and skip duplicates (as IXFR does).
 * \param mark     the zone file's binding; its generation must be the
 *                 journal's (else DITTO_R_NOTFOUND, nothing applied)
 * \param[out] out      the committed result (one reference): set on
 *                      DITTO_R_SUCCESS and, exceptionally, on
 *                      DITTO_R_FORMERR (then it is the version after the
 *                      last entry that applied)
 * \param[out] applied  entries applied (optional; set whenever *out is)
 * \param[out] lastseq  seq of the last entry applied, mark->seq if none
 *                      (optional; set whenever *out is)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND  generation mismatch, or the journal does not
 *                           continue from the zone file (entries lost,
 *                           or the chain does not start at \a base's
 *                           serial): use \a base alone
 * \retval DITTO_R_FORMERR   an entry does not apply (delete of a record
 *                           the version lacks, bad rdata; reason in
 *                           \a err): see ditto_journal_truncate()
 * Requires: \a base committed.
 */
ditto_result_t ditto_journal_replay(ditto_journal_t *j,
                                    const ditto_journal_mark_t *mark,
                                    ditto_version_t *base,
                                    ditto_version_t **out, size_t *applied,
                                    uint64_t *lastseq,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief True when the journal continues the zone file bound by \a mark
 * whose serial is \a serial: same generation, no entry missing after
 * mark->seq, and the serials chain. Appends then extend what replay gives.
 */
bool ditto_journal_bound(const ditto_journal_t *j,
                         const ditto_journal_mark_t *mark, uint32_t serial);

/*!
 * \brief Cut the journal after entry \a seq (drop \a seq + 1 and later)
 * and fdatasync it.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t ditto_journal_truncate(ditto_journal_t *j,
                                      uint64_t seq) DITTO_MUSTCHECK;

/*!
 * \brief Append one committed change: encoded, written with one write()
 * and fdatasync'ed before this returns. On failure the file is cut back
 * to its previous size.
 * \param[out] seq  the entry's seq (optional)
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE    step->from is not the journal's last serial
 * \retval DITTO_R_TOOMANY  the entry is over DITTO_JOURNAL_MAXENTRY
 * \retval DITTO_R_IOERROR
 * Requires: opened writable.
 */
ditto_result_t ditto_journal_append(ditto_journal_t *j,
                                    const ditto_journal_step_t *step,
                                    uint64_t *seq) DITTO_MUSTCHECK;

/*!
 * \brief Read the binding comment of \a zonefile (its first line).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_NOTFOUND      no ditto comment (e.g. a file BIND wrote)
 * \retval DITTO_R_FILENOTFOUND  no such file
 * \retval DITTO_R_IOERROR
 */
ditto_result_t
ditto_journal_readmark(const char *zonefile,
                       ditto_journal_mark_t *mark) DITTO_MUSTCHECK;

/*!
 * \brief Write \a v to \a zonefile atomically in BIND's dump format,
 * preceded by the binding comment \a mark.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t
ditto_journal_writezone(const char *zonefile, const ditto_version_t *v,
                        const ditto_journal_mark_t *mark) DITTO_MUSTCHECK;

/*!
 * \brief Start afresh (initial load, AXFR): a new generation; write
 * \a v to \a zonefile (seq 0), then replace the journal \a path by an
 * empty one (first seq 1). Crash-safe in that order.
 * \param[out] jp  the new journal, open for appending (optional; the
 *                 previous handle, if any, must be closed by the caller)
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 * Requires: \a v committed, with an SOA.
 */
ditto_result_t ditto_journal_reset(const char *path, const char *zonefile,
                                   const ditto_version_t *v,
                                   ditto_journal_t **jp) DITTO_MUSTCHECK;

/*!
 * \brief Fold the journal into the zone file: write \a v (the version
 * after the journal's last entry) to \a zonefile with seq = the last seq,
 * then rewrite the journal keeping the newest entries whose total size
 * is at most \a keep_bytes (history for IXFR-out). \a j stays open on the
 * new file. Crash-safe in that order.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 * \retval DITTO_R_RANGE  \a v's serial is not the journal's last serial
 */
ditto_result_t ditto_journal_fold(ditto_journal_t *j, const char *zonefile,
                                  const ditto_version_t *v,
                                  uint64_t keep_bytes) DITTO_MUSTCHECK;

/*!
 * \brief Start a new, empty journal at \a path for zone \a origin /
 * \a rclass whose current serial is \a serial: a new generation, first
 * seq 1, no entry; written crash-safely (temporary file, fsync, rename,
 * fsync of the directory) over any previous file. No zone file is
 * written (a primary zone's file is the operator's; zone file bindings of
 * an earlier generation no longer match).
 * \param[out] jp  the new journal, open for appending (optional)
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (reason in \a err)
 * Ownership: the caller closes *jp with ditto_journal_close().
 */
ditto_result_t ditto_journal_create(const char *path, const uint8_t *origin,
                                    uint16_t rclass, uint32_t serial,
                                    ditto_journal_t **jp,
                                    ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Drop the oldest entries so that the newest ones kept total at
 * most \a keep_bytes (entry headers included): the journal is rewritten
 * (temporary file + rename, crash-safe) with the same generation and
 * seqs, its first seq and reset serial moved up to the first entry kept
 * (the last serial when none is kept). Nothing is done when everything
 * fits. \a j stays open on the new file.
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 * Requires: opened writable.
 */
ditto_result_t ditto_journal_trim(ditto_journal_t *j,
                                  uint64_t keep_bytes) DITTO_MUSTCHECK;

/*!
 * Called by ditto_journal_read() for each step, in order. The step's
 * records are valid during the call only. Return DITTO_R_SUCCESS to go on.
 */
typedef ditto_result_t (*ditto_journal_step_fn)(
        void *arg, const ditto_journal_step_t *step);

/*!
 * \brief The changes from serial \a from to serial \a to (IXFR-out), read
 * from the journal \a path without writing it.
 * \retval DITTO_R_SUCCESS   every step from \a from to \a to was given
 * \retval DITTO_R_NOTFOUND  the journal has no chain from \a from to \a to
 *                           (send AXFR); no step was given
 * \retval DITTO_R_FILENOTFOUND, DITTO_R_FORMERR, DITTO_R_IOERROR
 * \retval other             the callback's result
 * Thread safety: safe while another thread appends to or folds the
 * journal.
 */
ditto_result_t ditto_journal_read(const char *path, const uint8_t *origin,
                                  uint16_t rclass, uint32_t from, uint32_t to,
                                  ditto_journal_step_fn fn, void *arg,
                                  ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief CRC32C (Castagnoli) of \a len bytes, continuing from \a crc
 * (start with 0).
 */
uint32_t ditto_journal_crc32c(uint32_t crc, const void *data, size_t len);

/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Journal internals shared by journal.c, journalfile.c and the tests. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "zone/journal.h"

/*! Index entry: where one valid journal entry lives. */
typedef struct ditto__jent {
	uint64_t off;  /*!< file offset of its header */
	uint32_t len;  /*!< total length, header included */
	uint64_t seq;  /*!< its seq */
	uint32_t from; /*!< from-serial */
	uint32_t to;   /*!< to-serial */
} ditto__jent_t;

struct ditto_journal {
	char *path;                  /*!< file path (owned) */
	int fd;                      /*!< open descriptor */
	bool rdonly;                 /*!< DITTO_JOURNAL_RDONLY */
	ditto_name_storage_t origin; /*!< zone origin */
	uint16_t rclass;             /*!< zone class */
	uint64_t generation;         /*!< header generation */
	uint64_t first_seq;          /*!< header first seq */
	uint32_t base_serial;        /*!< header serial: from-serial of the
	                                  first entry (last serial if none) */
	ditto__jent_t *ents;         /*!< index of valid entries */
	size_t nents;                /*!< their number */
	size_t cap;                  /*!< allocated */
	uint64_t size;               /*!< end of the last valid entry */
	uint64_t truncated;          /*!< tail bytes dropped at open */
};

/*!
 * Test hook: when set, called at each step of a multi-file operation
 * ("reset:zone", "fold:zone", "fold:journal", ...); returning true makes
 * the operation stop right there with DITTO_R_IOERROR, leaving the files
 * as a crash at that instant would (unit tests of the crash points).
 */
extern bool (*ditto__journal_crashhook)(const char *point);

/*! \brief Consult the crash hook. */
bool ditto__journal_crash(const char *point);

/*! \brief Fill a DITTO_JOURNAL_HDRSIZE-byte file header. */
void ditto__journal_header(uint8_t *hdr, const uint8_t *origin, uint16_t rclass,
                           uint64_t generation, uint64_t first_seq,
                           uint32_t serial);

/*!
 * \brief Read the body of index entry \a e into a new buffer (*bodyp,
 * caller frees) and decode it into \a step (records in *rrsp, caller
 * frees; pointers into the body).
 */
ditto_result_t
ditto__journal_readstep(const ditto_journal_t *j, const ditto__jent_t *e,
                        uint8_t **bodyp, ditto_rr_t **rrsp,
                        ditto_journal_step_t *step) DITTO_MUSTCHECK;

/*! \brief pread() all \a n bytes (retrying short reads). */
ditto_result_t ditto__journal_pread(int fd, void *buf, size_t n,
                                    uint64_t off) DITTO_MUSTCHECK;

/*! \brief A fresh random generation (never 0). */
uint64_t ditto__journal_newgen(void);

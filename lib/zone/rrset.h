/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* An RRset stored in a zone node: type, TTL and packed rdatas, read-only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * An RRset lives inside the one allocation of its node (node.h). Its rdatas
 * follow each other as [length: 2 octets, network order][rdata octets],
 * sorted in DNSSEC canonical order (ditto_rdata_compare(), RFC 4034 section
 * 6.3), as BIND dumps them; a duplicate is never stored twice. RRSIG
 * records are grouped by the type they cover: the RRSIGs covering type T at
 * a node form their own RRset with type DITTO_TYPE_RRSIG and covers T, so
 * ditto_node_find(node, DITTO_TYPE_RRSIG, T) finds them in one step.
 *
 * Ownership: an RRset is borrowed from its node, which is borrowed from its
 * version: valid while the version is attached (or inside the RCU read-side
 * section that found it). Thread safety: read-only, safe from any number of
 * threads; reading never writes to shared memory.
 */
typedef struct ditto_rrset {
	uint16_t type;      /*!< RR type */
	uint16_t covers;    /*!< for RRSIG: the covered type; 0 otherwise */
	uint32_t ttl;       /*!< TTL of the whole RRset */
	uint16_t count;     /*!< number of rdatas, >= 1 */
	uint16_t reserved_; /*!< private */
	uint32_t off_;      /*!< private: offset from this header to rdata 0 */
} ditto_rrset_t;

/*! Most rdatas in one RRset (an add beyond it returns DITTO_R_TOOMANY). */
#define DITTO_RRSET_MAXCOUNT 65535

/*!
 * Cursor over the rdatas of an RRset. `rdata` is NULL once past the end.
 * Use it through DITTO_RDATA_FOREACH:
 *
 *	ditto_rrset_it_t it;
 *	DITTO_RDATA_FOREACH(set, it) {
 *		use(it.rdata, it.rdlen);
 *	}
 */
typedef struct ditto_rrset_it {
	const uint8_t *rdata; /*!< current rdata (uncompressed wire), or NULL */
	uint16_t rdlen;       /*!< its length */
	uint16_t index;       /*!< its position, 0-based */
	uint16_t count_;      /*!< private */
	const uint8_t *next_; /*!< private */
} ditto_rrset_it_t;

/*! \brief Pointer to the first packed record ([len16][bytes]) of \a set. */
static inline const uint8_t *
ditto_rrset_records(const ditto_rrset_t *set)
{
	return (const uint8_t *)set + set->off_;
}

/*! \brief Position \a it at the rdata following the current one. */
static inline void
ditto_rrset_it_next(ditto_rrset_it_t *it)
{
	if (it->rdata == NULL) {
		return;
	}
	if ((uint16_t)(it->index + 1) >= it->count_) {
		it->rdata = NULL;
		it->rdlen = 0;
		return;
	}
	const uint8_t *p = it->next_;
	it->index++;
	it->rdlen = (uint16_t)((p[0] << 8) | p[1]);
	it->rdata = p + 2;
	it->next_ = p + 2 + it->rdlen;
}

/*! \brief Position \a it at the first rdata of \a set. */
static inline void
ditto_rrset_it_init(const ditto_rrset_t *set, ditto_rrset_it_t *it)
{
	const uint8_t *p = ditto_rrset_records(set);
	it->count_ = set->count;
	it->index = 0;
	if (set->count == 0) {
		it->rdata = NULL;
		it->rdlen = 0;
		it->next_ = p;
		return;
	}
	it->rdlen = (uint16_t)((p[0] << 8) | p[1]);
	it->rdata = p + 2;
	it->next_ = p + 2 + it->rdlen;
}

/*! Iterate \a it (a ditto_rrset_it_t lvalue) over the rdatas of \a set. */
#define DITTO_RDATA_FOREACH(set, it)                                \
	for (ditto_rrset_it_init((set), &(it)); (it).rdata != NULL; \
	     ditto_rrset_it_next(&(it)))

/*!
 * \brief The rdata at position \a index (O(index) walk).
 * \return a pointer to the rdata, its length in *rdlen; NULL when
 *         index >= count.
 * Thread safety: safe.
 */
const uint8_t *ditto_rrset_rdata(const ditto_rrset_t *set, unsigned int index,
                                 uint16_t *rdlen);

/*!
 * \brief Find an rdata equal to (\a rdata, \a rdlen) in canonical
 * comparison (ditto_rdata_compare() == 0).
 * \return its index, or -1 when absent.
 * Thread safety: safe.
 */
int ditto_rrset_find(const ditto_rrset_t *set, const uint8_t *rdata,
                     uint16_t rdlen);

/*! \brief Bytes of the packed records (sum of 2 + rdlen). */
size_t ditto_rrset_size(const ditto_rrset_t *set);

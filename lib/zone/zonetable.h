/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The zone table: zone name -> zone object, with closest-enclosing lookup. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

/*
 * A zone table maps zone origins (names, ASCII case ignored) to the
 * caller's zone objects (`void *`, opaque here). It is built once per
 * configuration (create, add...) and then only read: the daemon publishes
 * it with RCU and builds a new one for a reconfiguration, so lookups take
 * no lock and write no shared memory.
 *
 * A lookup of a query name tries its suffixes from the longest down, each
 * with one hash probe; suffixes longer than the deepest zone or shorter
 * than the shallowest are skipped. Cost: O(labels) probes, no allocation.
 *
 * Ownership: the table copies the origins; it never frees or touches the
 * zone objects (the caller keeps them alive as long as the table).
 * Thread safety: create/add/destroy by one thread; after that any number
 * of threads may call the lookup functions at once.
 */
typedef struct ditto_zonetable ditto_zonetable_t;

/*! Options of ditto_zonetable_find(). */
#define DITTO_ZONETABLE_NOEXACT                      \
	0x1 /*!< skip a zone whose origin equals the \
	         name (DS queries: the parent) */

/*! \brief A new, empty table. Ownership: destroy it. */
void ditto_zonetable_create(ditto_zonetable_t **ztp);

/*! \brief Free the table (not the zone objects); sets *ztp to NULL. */
void ditto_zonetable_destroy(ditto_zonetable_t **ztp);

/*!
 * \brief Add zone \a origin (absolute wire name, copied) with object
 * \a zone (not NULL).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_EXISTS  that origin is already in the table
 */
ditto_result_t ditto_zonetable_add(ditto_zonetable_t *zt, const uint8_t *origin,
                                   void *zone) DITTO_MUSTCHECK;

/*! \brief Number of zones. */
size_t ditto_zonetable_count(const ditto_zonetable_t *zt);

/*! \brief The zone whose origin equals \a name, or NULL. */
void *ditto_zonetable_get(const ditto_zonetable_t *zt, const uint8_t *name);

/*!
 * \brief The zone with the longest origin at or above \a name (the zone
 * that answers it), or NULL when no zone encloses it.
 * \param options  DITTO_ZONETABLE_NOEXACT: a zone whose origin equals
 *                 \a name is passed over for its closest enclosing zone;
 *                 when there is none the exact zone is still returned
 *                 (BIND answers a DS query at an apex from the parent zone
 *                 when it serves it, else from the zone itself)
 * \param origin   optional: receives the zone's origin (borrowed from the
 *                 table, as added)
 * Security: \a name comes from the network; it must be a valid wire name.
 */
void *ditto_zonetable_find(const ditto_zonetable_t *zt, const uint8_t *name,
                           unsigned int options, const uint8_t **origin);

/*!
 * \brief The closest zone strictly above zone \a origin (its parent zone
 * among ours), or NULL.
 */
void *ditto_zonetable_parent(const ditto_zonetable_t *zt,
                             const uint8_t *origin);

/*! \brief Call \a fn for every zone (in no particular order). */
void ditto_zonetable_foreach(const ditto_zonetable_t *zt,
                             void (*fn)(void *arg, const uint8_t *origin,
                                        void *zone),
                             void *arg);
